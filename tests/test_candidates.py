"""Unit tests of stage 3 (dedup.candidates): MinHash LSH candidate pairs."""
from __future__ import annotations

import random
from collections import Counter
from itertools import combinations

import numpy as np
import pytest
from datasketch import MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import features
from dedup.candidates import (CandidateStats, banded_pairs, build_lsh, merge_counted, merge_sorted_unique,
                              merge_sorted_unique_into)
from dedup.candidates import candidate_pairs as _candidate_pairs


def candidate_pairs(*args, **kwargs):
    """The pairs as a list of tuples (the module returns an (n, 2) array)."""
    return [tuple(p) for p in _candidate_pairs(*args, **kwargs).tolist()]
from dedup.config import Options
from dedup.document import Document
from dedup.normalize import prepare_batch
from dedup.passages import sentence_words

FLOOD = [
    "Heavy rain flooded the river town of Marlow on Sunday, forcing hundreds of residents from their homes.",
    "Emergency crews used boats to rescue families trapped on upper floors as the water kept rising.",
    "The Thames burst its banks after three days of storms, the Environment Agency said.",
    "Mayor Helen Price called the flooding the worst the town had seen in forty years.",
    "Schools and the railway station remained closed on Monday while engineers inspected the bridges.",
    "Forecasters expect more rain later in the week, raising fears of a second flood.",
]
CHIP = [
    "Semiconductor maker Veltrix reported record quarterly revenue of 4.2 billion dollars on Thursday.",
    "Demand for its graphics processors from data centres more than doubled compared with last year.",
    "Chief executive Aiko Tanaka said the company would open a new fabrication plant in Arizona.",
    "Analysts had expected revenue of about 3.9 billion dollars, according to a survey of brokers.",
    "Veltrix shares rose nine percent in after-hours trading on the Nasdaq exchange.",
    "The firm also raised its forecast for the full fiscal year, citing strong orders.",
]
FOOTBALL = [
    "Striker Lucas Moreno scored twice as Porto Azul beat Real Cantera three goals to one in the cup final.",
    "Moreno opened the scoring with a header from a corner in the twelfth minute.",
    "Cantera equalised before half time through a penalty by veteran midfielder Tomas Ruiz.",
    "Substitute winger Ivan Petrov restored the lead with a curling shot from outside the box.",
    "Moreno sealed the trophy with a late counterattack goal in front of forty thousand fans.",
    "It is the club's first cup title since the stadium was rebuilt a decade ago.",
]
VACCINE = [
    "Researchers at the Lindqvist Institute published trial results for a new malaria vaccine on Wednesday.",
    "The vaccine cut severe malaria cases among children by seventy percent over two years.",
    "The trial enrolled eleven thousand children in Ghana, Kenya and Tanzania.",
    "Lead scientist Grace Mwangi said production could begin at a plant in Nairobi next spring.",
    "Health ministers welcomed the results but warned that funding for distribution remains uncertain.",
    "The team plans to seek approval from regulators before the end of the year.",
]
EXTRA = ("Meanwhile, a separate dispute over fishing quotas in the northern archipelago continued, "
         "as trawler captains blockaded the harbour at Kirkwall.")


def text(sents):
    return "\n\n".join(" ".join(sents[i:i + 2]) for i in range(0, len(sents), 2))


def sigs_of(texts, o):
    """Key-term sketches of texts, computed the way the pipeline does."""
    prepared = prepare_batch([Document(str(k), t) for k, t in enumerate(texts)], o.template_min_docs)
    term_lists = [[t for w in sentence_words(p) for t in features.terms(w, o.stem_chars)] for p in prepared]
    idf = features.idf_weights(features.document_frequencies(term_lists), len(term_lists), o.idf_prior_docs)
    keys = [features.key_terms(ts, idf, o) for ts in term_lists]
    return features.sketches(keys, o)


def random_key_sets(n_docs, seed, topics=10, topic_vocab=40, noise_vocab=400):
    """Sets in topic clusters with shared noise: within-topic pairs overlap, others rarely."""
    rng = random.Random(seed)
    noise = [f"n{k}" for k in range(noise_vocab)]
    out = []
    for _ in range(n_docs):
        t = rng.randrange(topics)
        vocab = [f"t{t}w{k}" for k in range(topic_vocab)]
        out.append(rng.sample(vocab, rng.randint(8, 20)) + rng.sample(noise, rng.randint(0, 8)))
    return out


# --- realistic synthetic texts ---------------------------------------------------------

def test_near_copies_are_candidates_and_unrelated_texts_are_not():
    o = Options()
    texts = [text(FLOOD), text(CHIP), text(FOOTBALL), text(VACCINE),
             text(FLOOD[:4] + FLOOD[5:]).replace("Sunday", "Saturday"),  # edited copy of 0
             text(CHIP + [EXTRA])]  # copy of 1 with an added paragraph
    stats = CandidateStats()
    pairs = candidate_pairs(sigs_of(texts, o), o, stats)
    assert pairs == [(0, 4), (1, 5)]
    assert stats.pairs == 2
    assert stats.oversized_buckets == 0
    assert stats.buckets >= 2


def test_exact_copies_share_every_band():
    o = Options()
    sigs = sigs_of([text(FLOOD), text(FLOOD), text(CHIP)], o)
    stats = CandidateStats()
    assert candidate_pairs(sigs, o, stats) == [(0, 1)]
    assert stats.buckets == o.lsh_bands  # one shared bucket per band, all holding {0, 1}


def test_no_documents_or_singletons_give_no_pairs():
    o = Options()
    assert candidate_pairs([], o) == []
    assert candidate_pairs(sigs_of([text(FLOOD)], o), o) == []


# --- oversized buckets -------------------------------------------------------------------

def test_oversized_buckets_propose_a_star_and_are_counted():
    o = Options(max_bucket=2)
    sigs = features.sketches([["alpha", "beta", "gamma"]] * 4 + [["delta", "epsil", "zeta"]] * 2, o)
    stats = CandidateStats()
    pairs = candidate_pairs(sigs, o, stats)
    # the four fill a bucket of 4 > max_bucket in every band: only their pairs with the
    # first are proposed (copies by the hundred stay linked, in linear time); the pair's
    # buckets are within the cap
    assert pairs == [(0, 1), (0, 2), (0, 3), (4, 5)]
    assert stats.oversized_buckets == o.lsh_bands
    assert stats.buckets == 2 * o.lsh_bands
    assert stats.pairs == 4
    hashes, offsets = features.term_hashes([["alpha", "beta", "gamma"]] * 4 + [["delta", "epsil", "zeta"]] * 2)
    assert [tuple(p) for p in banded_pairs(hashes, offsets, o).tolist()] == pairs


def test_bucket_at_the_cap_is_kept():
    o = Options(max_bucket=3)
    sigs = features.sketches([["alpha", "beta", "gamma"]] * 3, o)
    stats = CandidateStats()
    assert candidate_pairs(sigs, o, stats) == [(0, 1), (0, 2), (1, 2)]
    assert stats.oversized_buckets == 0


# --- agreement with datasketch's own query semantics ------------------------------------

@pytest.mark.parametrize("num_perm,bands,seed", [(128, 64, 1), (128, 32, 3), (64, 16, 5)])
def test_pairs_match_datasketch_queries(num_perm, bands, seed):
    o = Options(num_perm=num_perm, lsh_bands=bands, max_bucket=10_000, seed=seed)
    key_sets = random_key_sets(120, seed)
    sigs = features.sketches(key_sets, o)
    ours = candidate_pairs(sigs, o)

    lsh = MinHashLSH(num_perm=num_perm, params=(bands, num_perm // bands))
    for k, s in enumerate(sigs):
        lsh.insert(f"doc{k}", s)
    expected = set()
    for k, s in enumerate(sigs):
        for key in lsh.query(s):
            j = int(key[3:])
            if j != k:
                expected.add((min(j, k), max(j, k)))
    assert ours == sorted(expected)
    # the comparison is not vacuous: some but not all pairs are candidates
    assert 0 < len(ours) < len(list(combinations(range(len(sigs)), 2))) // 2


def test_build_lsh_uses_bands_and_rows():
    o = Options(num_perm=64, lsh_bands=16)
    sigs = features.sketches([["a1", "b2"], ["c3"]], o)
    lsh = build_lsh(sigs, ["x", "y"], o)
    assert (lsh.b, lsh.r) == (16, 4)
    assert sorted(lsh.query(sigs[0])) == ["x"]


# --- the numpy banding (banded_pairs) used by the pipeline ------------------------------

@pytest.mark.parametrize("num_perm,bands,max_bucket,seed", [
    (256, 128, 200, 1),  # the defaults: bands of two rows
    (128, 32, 3, 3),  # four rows per band, with buckets over the size limit
    (60, 20, 10_000, 5),  # three rows per band
    (32, 32, 4, 7),  # one row per band
])
def test_banded_pairs_equal_datasketch_buckets(num_perm, bands, max_bucket, seed):
    o = Options(num_perm=num_perm, lsh_bands=bands, max_bucket=max_bucket, seed=seed)
    key_sets = random_key_sets(150, seed) + [[], ["solo"], []]
    ref_stats, our_stats = CandidateStats(), CandidateStats()
    expected = candidate_pairs(features.sketches(key_sets, o), o, ref_stats)
    hashes, offsets = features.term_hashes(key_sets)
    ours = banded_pairs(hashes, offsets, o, our_stats, bands_per_pass=3)
    assert [tuple(p) for p in ours.tolist()] == expected
    assert our_stats == ref_stats
    assert 0 < len(expected) < 150 * 149 // 4  # not vacuous
    if max_bucket < 10:
        assert ref_stats.oversized_buckets > 0


def test_banded_pairs_empty_and_singletons():
    o = Options()
    assert banded_pairs(*features.term_hashes([]), o).shape == (0, 2)
    assert banded_pairs(*features.term_hashes([[], []]), o).shape == (0, 2)
    assert banded_pairs(*features.term_hashes([["a1"], []]), o).shape == (0, 2)
    assert banded_pairs(*features.term_hashes([["a1"], [], ["a1"]]), o).tolist() == [[0, 2]]


def test_candidate_index_bytes_per_document_stays_under_300():
    """The batch's candidate index is 4 bytes per key term and an 8-byte offset per document
    (issue target: at most 300 bytes per document)."""
    from dedup import api
    o = Options(key_terms=32)
    long_text = " ".join(f"{w}{k}" for k in range(60) for w in ("alpha", "beta"))
    docs = [Document(f"d{k}", f"{long_text} extra{k}. " + " ".join(FLOOD)) for k in range(20)]
    r = api.batch(docs, o)
    per_doc = r.stats["candidate_index_bytes"] / len(docs)
    assert r.stats["candidate_index_bytes"] == 4 * 32 * len(docs) + 8 * (len(docs) + 1)
    assert per_doc <= 300


def test_a_bucket_over_max_bucket_proposes_the_same_pairs_in_any_input_order():
    """The star of a bucket over ``max_bucket`` was centred on its first document in input
    order: the links, and the stories, changed when the same documents came in another
    order.  It is centred on its member of the smallest id."""
    from conftest import REWRITE, SOURCE, UNRELATED
    from dedup import batch

    sentences = [s.strip() for t in (SOURCE, REWRITE, UNRELATED) for s in t.replace("\n", " ").split(". ") if s.strip()]
    rng = random.Random(4)
    docs = [Document(f"d{k:02d}", ". ".join(rng.sample(sentences, 3)) + ".") for k in range(60)]
    o = Options(max_bucket=3, max_story=8, verify_all=0)  # (LSH's pairs, not all 1,770)

    def stories(docs):
        result = batch(docs, o)
        assert result.stats["oversized_buckets"] > 0
        return sorted(sorted(m.id for m in c.members) for c in result.clusters)

    first = stories(docs)
    for seed in range(4):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert stories(shuffled) == first, seed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2**62, 2**62)), st.lists(st.integers(-2**62, 2**62)), st.integers(1, 40))
def test_merge_sorted_unique_is_the_sorted_union(xs, ys, spread):
    # values squeezed into a small range too, so the two arrays share many of them
    for a_vals, b_vals in ((xs, ys), ([x % spread for x in xs], [y % spread for y in ys])):
        a = features.sorted_unique(np.array(a_vals, dtype=np.int64))
        b = features.sorted_unique(np.array(b_vals, dtype=np.int64))
        merged = merge_sorted_unique(a, b)
        assert merged.dtype == np.int64
        assert merged.tolist() == sorted(set(a_vals) | set(b_vals))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2**62, 2**62)), st.lists(st.integers(-2**62, 2**62)), st.integers(1, 40))
def test_merge_counted_adds_the_counts_of_the_union(xs, ys, spread):
    # what the passage step did before merging: np.unique with an inverse and np.add.at
    for a_vals, b_vals in ((xs, ys), ([x % spread for x in xs], [y % spread for y in ys])):
        a, a_counts = np.unique(np.array(a_vals, dtype=np.int64), return_counts=True)
        b, b_counts = np.unique(np.array(b_vals, dtype=np.int64), return_counts=True)
        want = Counter(a_vals) + Counter(b_vals)
        merged, counts = merge_counted(a, a_counts.copy(), b, b_counts)
        assert merged.dtype == np.int64
        assert merged.tolist() == sorted(want)
        assert counts.tolist() == [want[v] for v in sorted(want)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2**62, 2**62)), st.lists(st.integers(-2**62, 2**62)), st.integers(1, 40),
       st.integers(1, 7))
def test_merge_sorted_unique_into_is_the_sorted_union_in_a_grown_in_place(xs, ys, spread, chunk):
    # small chunks: a value's place is often inside its own chunk, or the next one's
    for a_vals, b_vals in ((xs, ys), ([x % spread for x in xs], [y % spread for y in ys])):
        a = features.sorted_unique(np.array(a_vals, dtype=np.int64)).copy()  # (its own memory)
        b = features.sorted_unique(np.array(b_vals, dtype=np.int64))
        merged = merge_sorted_unique_into(a, b, chunk=chunk)
        assert merged.dtype == np.int64
        assert merged.tolist() == sorted(set(a_vals) | set(b_vals))
    view = np.arange(10, dtype=np.int64)[::2]  # not its own memory: merged into a new array
    assert merge_sorted_unique_into(view, np.array([3, 5])).tolist() == [0, 2, 3, 4, 5, 6, 8]
    assert view.tolist() == [0, 2, 4, 6, 8]
