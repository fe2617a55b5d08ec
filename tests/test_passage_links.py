"""Verbatim-passage fingerprints (features.passage_fingerprints, candidates.passage_pairs) and
what batch does with them: a long text quoting one passage of a short one is linked to it,
clustered with it, ranked its derivative, and its added spans leave the quote out."""
from __future__ import annotations

import random

import numpy as np
import pytest

from dedup import Document, Options, batch
from dedup.candidates import CandidateStats, passage_pairs
from dedup.features import passage_fingerprints

def sentences(seed: int, n: int, length: int = 14) -> list[str]:
    """``n`` sentences over a vocabulary of made-up words of the text's own (so that texts
    of different seeds share no words)."""
    rng = random.Random(seed)
    pool = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
            for _ in range(60)]
    return [" ".join(rng.choice(pool) for _ in range(length)).capitalize() + "." for _ in range(n)]


def fingerprints_of(texts: list[list[int]], n: int = 8, window: int = 8):
    ids = np.concatenate([np.asarray(t, dtype=np.int32) for t in texts])
    offsets = np.r_[0, np.cumsum([len(t) for t in texts])]
    return passage_fingerprints(ids, offsets, n, window)


def test_equal_passages_give_equal_fingerprints_whatever_surrounds_them():
    rng = np.random.default_rng(3)
    passage = rng.integers(0, 5000, 40).tolist()
    a = rng.integers(0, 5000, 300).tolist() + passage + rng.integers(0, 5000, 500).tolist()
    b = rng.integers(0, 5000, 20).tolist() + passage + rng.integers(0, 5000, 30).tolist()
    h, d, s = fingerprints_of([a, b])
    ha, hb = set(h[d == 0].tolist()), set(h[d == 1].tolist())
    shared = ha & hb
    assert len(shared) >= 2
    # every shared fingerprint starts inside the passage, in both texts
    for doc, text, at in ((0, a, 300), (1, b, 20 + len(a))):
        starts = s[(d == doc) & np.isin(h, list(shared))]
        assert ((starts >= at) & (starts + 8 <= at + 40)).all()


def test_fingerprints_never_span_two_documents_and_are_deterministic():
    a, b = [1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]
    h, d, s = fingerprints_of([a, b], n=4, window=1)
    assert d.tolist() == [0, 0, 0, 1, 1, 1] and s.tolist() == [0, 1, 2, 6, 7, 8]
    again = fingerprints_of([a, b], n=4, window=1)
    assert all(np.array_equal(x, y) for x, y in zip((h, d, s), again))
    # the chunked computation gives the same fingerprints
    ids = np.array(a + b)
    chunked = passage_fingerprints(ids, np.array([0, 6, 12]), 4, 1, chunk=1)
    assert all(np.array_equal(x, y) for x, y in zip((h, d, s), chunked))


@pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
def test_skipped_terms_are_left_out_of_the_ngrams_and_starts_still_index_the_input(chunk):
    rng = np.random.default_rng(5)
    texts = [rng.integers(0, 60, size).tolist() for size in (0, 3, 40, 9, 120, 25)]
    skip = np.zeros(60, dtype=bool)
    skip[rng.choice(60, 20, replace=False)] = True
    ids = np.concatenate([np.asarray(t, dtype=np.int64) for t in texts])
    offsets = np.r_[0, np.cumsum([len(t) for t in texts])]
    h, d, s = passage_fingerprints(ids, offsets, 4, 3, chunk=chunk, skip=skip)
    kept = [[t for t in text if not skip[t]] for text in texts]
    want_h, want_d, _ = fingerprints_of(kept, n=4, window=3)
    assert skip[ids].any() and len(want_h) > 0
    assert np.array_equal(h, want_h) and np.array_equal(d, want_d)
    # each start is the position in ``ids`` of the n-gram's first kept term
    assert not skip[ids[s]].any()
    for k, start in zip(d.tolist(), s.tolist()):
        assert offsets[k] <= start < offsets[k + 1]


def test_chinese_verbatim_passages_are_as_long_as_before_the_single_characters_became_terms():
    from dedup.features import single_character_terms, terms
    text = list("北京大学今天举行了盛大的毕业典礼许多家长到场祝贺")
    old = [a + b for a, b in zip(text, text[1:])]  # the bigrams alone, as terms were
    new = terms(text, 6)
    vocab = sorted(set(new))
    at = {t: k for k, t in enumerate(vocab)}
    skip = single_character_terms(vocab)
    assert skip is not None and skip.sum() == len(set(text))
    h_new, _, _ = passage_fingerprints(np.array([at[t] for t in new]), np.array([0, len(new)]), 8, 1, skip=skip)
    h_old, _, _ = passage_fingerprints(np.array([at[t] for t in old]), np.array([0, len(old)]), 8, 1)
    assert np.array_equal(h_new, h_old) and len(h_old) == len(old) - 7


def test_bucket_cap_drops_fingerprints_found_in_too_many_documents():
    h = np.array([1, 1, 1, 2, 2, 3, 3], dtype=np.uint64)
    d = np.array([0, 1, 2, 0, 1, 0, 1])
    stats = CandidateStats()
    pairs, shared = passage_pairs(h, d, 3, min_shared=1, max_docs=2, stats=stats)
    assert pairs.tolist() == [[0, 1]] and shared.tolist() == [2]  # fingerprint 1 is a template
    assert stats.oversized_passage_buckets == 1
    pairs, shared = passage_pairs(h, d, 3, min_shared=1, max_docs=3)
    assert pairs.tolist() == [[0, 1], [0, 2], [1, 2]] and shared.tolist() == [3, 1, 1]
    assert passage_pairs(h, d, 3, min_shared=4, max_docs=3)[0].shape == (0, 2)


SOURCE = " ".join(sentences(1, 12))
QUOTE = " ".join(sentences(1, 12)[2:6])  # 4 of its 12 sentences (~56 words) of the source, verbatim
SECOND_QUOTE = " ".join(sentences(5, 12)[1:5])
ESSAY = "\n\n".join([" ".join(sentences(2, 12)), QUOTE, " ".join(sentences(3, 12))])
OTHER = " ".join(sentences(4, 8))
SECOND = " ".join(sentences(5, 12))
COMPILATION = "\n\n".join([" ".join(sentences(6, 10)), QUOTE, " ".join(sentences(7, 10)),
                           SECOND_QUOTE, " ".join(sentences(8, 10))])


def corpus(*docs: Document) -> list[Document]:
    # background documents, so the quote is not the only vocabulary the corpus has
    return list(docs) + [Document(f"bg{k}", " ".join(sentences(100 + k, 8))) for k in range(6)]


def story_of(result, doc_id):
    return next(c for c in result.clusters if any(m.id == doc_id for m in c.members))


def test_a_long_text_quoting_a_passage_is_linked_and_clustered_with_its_source():
    r = batch(corpus(Document("essay", ESSAY), Document("source", SOURCE), Document("other", OTHER)))
    assert r.stats["passage_pairs"] >= 1
    story = story_of(r, "essay")
    assert {m.id for m in story.members} == {"essay", "source"}
    assert {m.relation for m in story.members} == {None, "rewrite"}
    # without verbatim-passage links the low overall similarity makes them only `related`
    # (LSH proposes them: the terms of the quote are key terms, the ones two texts hold)
    r0 = batch(corpus(Document("essay", ESSAY), Document("source", SOURCE), Document("other", OTHER)),
               Options(passage_min_shared=0, verify_all=0))
    assert {m.relation for m in story_of(r0, "essay").members} == {None, "related"}


def test_a_compilation_is_the_derivative_and_its_added_spans_leave_the_quotes_out():
    docs = corpus(Document("roundup", COMPILATION), Document("source", SOURCE), Document("second", SECOND))
    r = batch(docs)
    story = story_of(r, "roundup")
    assert {m.id for m in story.members} == {"roundup", "source", "second"}
    assert story.original != "roundup"
    roundup = next(m for m in story.members if m.id == "roundup")
    assert roundup.role == "derivative" and roundup.relation != "related"
    added = [(s.start, s.end) for s in roundup.added]
    for quote in (QUOTE, SECOND_QUOTE):  # both quotes are supported
        a = COMPILATION.index(quote)
        b = a + len(quote)
        assert all(e <= a or s >= b for s, e in added), (quote[:30], added)
    # the rest of the roundup is added, with offsets into its own text
    covered = sum(e - s for s, e in added)
    assert covered > 0.6 * len(COMPILATION)
    for own in (" ".join(sentences(6, 10)), " ".join(sentences(8, 10))):  # its own paragraphs
        a = COMPILATION.index(own)
        assert any(s <= a and a + len(own) <= e for s, e in added)


@pytest.mark.parametrize("jobs", [2])
def test_passage_links_do_not_depend_on_jobs(jobs, split_work):
    docs = corpus(Document("roundup", COMPILATION), Document("source", SOURCE), Document("second", SECOND),
                  Document("essay", ESSAY), Document("other", OTHER))
    one, many = batch(docs, jobs=1), batch(docs, jobs=jobs)
    assert one.clusters == many.clusters and one.stats == many.stats
    assert split_work["shards"] == [jobs] * len(split_work["shards"]) and split_work["shards"]  # workers ran


def test_passage_links_survive_the_split_of_a_component_over_max_story():
    """A long text holding eight articles word for word, in a component over max_story: the
    raised threshold of the split cut its links to the articles (each about a third of its
    cosine), and the long text and most articles ended alone, though README says documents
    sharing a verbatim passage stay in one story."""
    articles = [" ".join(sentences(seed, 6)) for seed in range(8)]
    docs = [Document("long", "\n\n".join(articles))] + [Document(f"a{k}", t) for k, t in enumerate(articles)]
    result = batch(docs, Options(max_story=5))
    (story,) = [c for c in result.clusters if "long" in [m.id for m in c.members]]
    assert sorted(m.id for m in story.members) == sorted(d.id for d in docs), result.clusters
