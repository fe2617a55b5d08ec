"""The memory-saving paths of batch give the same numbers as the plain ones: TF-IDF fitted a
slice at a time, IDF without scikit-learn's matrix, key terms from term ids, passage
fingerprints without positions and sorted in parts."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfTransformer

from dedup import candidates as cand
from dedup import features
from dedup.candidates import CandidateStats, passage_pairs
from dedup.config import Options
from dedup.score import TfidfModel, count_matrix, count_matrix_slice, smoothed_idf


def _corpus(seed: int, docs: int = 60, vocab: int = 300):
    """Random term ids with sentence and document cuts (some documents and sentences empty)."""
    rng = np.random.default_rng(seed)
    sent_lens = rng.integers(0, 12, docs * 5)
    sent_offsets = np.zeros(len(sent_lens) + 1, dtype=np.int64)
    np.cumsum(sent_lens, out=sent_offsets[1:])
    doc_sents = np.r_[0, np.sort(rng.integers(0, len(sent_lens) + 1, docs - 1)), len(sent_lens)]
    ids = (rng.zipf(1.3, sent_offsets[-1]) % vocab).astype(np.int32)
    terms = [f"t{k:04d}" for k in range(vocab)]
    return terms, ids, sent_offsets[doc_sents], sent_offsets


def _fit_whole(terms, ids, doc_offsets, unit_offsets) -> TfidfModel:
    """The model as fit_ids made it before it worked a slice at a time."""
    m = TfidfModel()
    m.terms_ = list(terms)
    units = count_matrix(ids, unit_offsets, len(terms))
    m.idf_ = TfidfTransformer(sublinear_tf=True).fit(units).idf_.astype(np.float64)
    m.matrix_ = m.weigh(count_matrix(ids, doc_offsets, len(terms)))
    return m


@pytest.mark.parametrize("chunk", [1, 7, 100, 1 << 22])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fit_ids_in_slices_equals_the_whole_matrix(chunk, seed):
    terms, ids, doc_offsets, unit_offsets = _corpus(seed)
    want = _fit_whole(terms, ids, doc_offsets, unit_offsets)
    got = TfidfModel().fit_ids(terms, ids, doc_offsets, unit_offsets, chunk=chunk)
    assert np.array_equal(got.idf_, want.idf_)
    assert got.matrix_.shape == want.matrix_.shape
    for attr in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(got.matrix_, attr), getattr(want.matrix_, attr)), attr
    assert got.matrix_.indices.dtype == want.matrix_.indices.dtype
    assert got.vocabulary_ == {t: k for k, t in enumerate(terms)}  # made when asked for
    assert got.n_terms == len(terms)


def test_smoothed_idf_is_scikit_learns():
    rng = np.random.default_rng(4)
    for n, v in ((1, 3), (17, 40), (5000, 900)):
        counts = count_matrix(rng.integers(0, v, n * 6).astype(np.int32), np.arange(0, n * 6 + 1, 6), v)
        want = TfidfTransformer(sublinear_tf=True).fit(counts).idf_
        got = smoothed_idf(np.bincount(counts.indices, minlength=v), n)
        assert np.array_equal(got, want)


def test_count_matrix_slice_is_those_rows():
    terms, ids, doc_offsets, _ = _corpus(5)
    whole = count_matrix(ids, doc_offsets, len(terms))
    part = count_matrix_slice(ids, doc_offsets, 10, 30, len(terms))
    assert (part != whole[10:30]).nnz == 0


@pytest.mark.parametrize("chunk,jobs", [(1, 1), (9, 1), (20_000, 1), (9, 2)])
def test_key_term_ids_from_term_ids_equal_those_from_counts(chunk, jobs):
    terms, ids, doc_offsets, _ = _corpus(6, docs=120)
    o = Options(key_terms=5)
    counts = count_matrix(ids, doc_offsets, len(terms))
    want = features.key_term_ids(counts, terms, o)
    df = np.bincount(counts.indices, minlength=len(terms))
    got = features.key_term_ids_from(ids, doc_offsets, df, terms, o, chunk=chunk, jobs=jobs)
    assert len(got) == len(want) and all(np.array_equal(a, b) for a, b in zip(got, want))


def test_fingerprints_without_starts_and_with_int32_documents():
    terms, ids, doc_offsets, _ = _corpus(7, docs=80)
    h, d, s = features.passage_fingerprints(ids, doc_offsets, 4, 3, chunk=50)
    h2, d2, s2 = features.passage_fingerprints(ids, doc_offsets, 4, 3, starts=False)
    assert s2 is None and d2.dtype == np.int32 and len(s) == len(h)
    assert np.array_equal(h, h2) and np.array_equal(d, d2)


@pytest.mark.parametrize("seed", [0, 1])
def test_passage_pairs_sorted_in_parts_equal_one_sort(monkeypatch, seed):
    rng = np.random.default_rng(seed)
    f = 20_000
    h = rng.integers(0, 3_000, f).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    d = np.sort(rng.integers(0, 2_000, f))
    one = CandidateStats()
    want = passage_pairs(h, d, 2_000, 2, 6, one)
    monkeypatch.setattr(cand, "PASSAGE_PARTS_ABOVE", 0)
    parts = CandidateStats()
    got = passage_pairs(h, d.astype(np.int32), 2_000, 2, 6, parts)
    assert len(want[0]) > 0 and one.oversized_passage_buckets > 0
    assert all(np.array_equal(a, b) for a, b in zip(got, want))
    assert (parts.passage_pairs, parts.oversized_passage_buckets) == (one.passage_pairs,
                                                                      one.oversized_passage_buckets)


@pytest.mark.parametrize("above", [0, 5_000, 1 << 20])
@pytest.mark.parametrize("seed", [0, 1])
def test_passage_pairs_streamed_in_chunks_equal_passage_pairs(monkeypatch, seed, above):
    """Fingerprints given a chunk at a time (put in a temporary file, in parts, beyond
    PASSAGE_PARTS_ABOVE) pair as passage_pairs pairs them all at once."""
    from dedup.candidates import passage_pairs_streamed

    monkeypatch.setattr(cand, "PASSAGE_PARTS_ABOVE", above)
    rng = np.random.default_rng(seed)
    f = 20_000
    h = rng.integers(0, 3_000, f).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    d = np.sort(rng.integers(0, 2_000, f)).astype(np.int32)
    one = CandidateStats()
    want = passage_pairs(h, d, 2_000, 2, 6, one)
    cuts = [0, 1, 700, 4_000, 4_001, 12_000, f]
    chunks = [(h[a:b], d[a:b].astype(np.int64)) for a, b in zip(cuts, cuts[1:])]
    got_stats = CandidateStats()
    got = passage_pairs_streamed(iter(chunks), 2_000, 2, 6, got_stats, np.int32)
    assert len(want[0]) > 0
    assert all(np.array_equal(a, b) for a, b in zip(got, want))
    assert (got_stats.passage_pairs, got_stats.oversized_passage_buckets) == (one.passage_pairs,
                                                                              one.oversized_passage_buckets)
    assert [len(x) for x in passage_pairs_streamed(iter([]), 5, 2, 6)] == [0, 0]


def test_passage_fingerprint_chunks_are_passage_fingerprints():
    terms, ids, doc_offsets, _ = _corpus(3, docs=200)
    h, d, s = features.passage_fingerprints(ids, doc_offsets, 3, 4, chunk=50)
    parts = list(features.passage_fingerprint_chunks(ids, doc_offsets, 3, 4, chunk=50))
    assert len(parts) > 1
    for got, want in zip(zip(*parts), (h, d, s)):
        assert np.array_equal(np.concatenate(got), want)


def test_term_list_round_trips_and_compares_as_a_list():
    from dedup.score import TermList

    terms = sorted({"a", "flood", "中文", "ünï", "x" * 300, "", "lone\ud800", "zz"})
    for chunk in (1, 3, 1 << 16):
        t = TermList(terms, chunk=chunk)
        assert len(t) == len(terms) and list(t) == terms and t == terms and t == TermList(terms)
        assert [t[k] for k in range(len(terms))] == terms and t[-1] == terms[-1] and t[1:3] == terms[1:3]
        assert t.encoded(1) == terms[1].encode("utf-8")
    assert TermList([]) == [] and len(TermList([])) == 0
    assert TermList(["a"]) != ["b"]


def test_fit_ids_keeps_a_term_list():
    from dedup.score import TermList

    terms, ids, doc_offsets, unit_offsets = _corpus(8)
    listed = TfidfModel().fit_ids(terms, ids, doc_offsets, unit_offsets)
    packed = TfidfModel().fit_ids(TermList(terms), ids, doc_offsets, unit_offsets)
    assert isinstance(packed.terms_, TermList) and packed.terms_ == listed.terms_
    assert packed.vocabulary_ == listed.vocabulary_ and packed.n_terms == listed.n_terms
    assert np.array_equal(packed.matrix_.data, listed.matrix_.data)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compact_rows_are_the_weighted_rows_value_for_value(seed):
    from dedup.score import WeighedRows, pair_cosines

    terms, ids, doc_offsets, unit_offsets = _corpus(seed)
    want = TfidfModel().fit_ids(terms, ids, doc_offsets, unit_offsets, chunk=50)
    got = TfidfModel().fit_ids(terms, ids, doc_offsets, unit_offsets, chunk=50, compact=True)
    assert isinstance(got.matrix_, WeighedRows) and np.array_equal(got.idf_, want.idf_)
    assert got.matrix_.shape == want.matrix_.shape and got.matrix_.nnz == want.matrix_.nnz
    assert np.array_equal(got.matrix_.indices, want.matrix_.indices)
    rng = np.random.default_rng(seed)
    for idx in (np.arange(len(doc_offsets) - 1), rng.integers(0, len(doc_offsets) - 1, 40), [3, 3, 0], []):
        a, b = got.matrix_[idx], want.matrix_[np.asarray(idx, dtype=np.int64)]
        for attr in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(a, attr), getattr(b, attr)), attr
    pairs = rng.integers(0, len(doc_offsets) - 1, (300, 2))
    assert np.array_equal(pair_cosines(got.matrix_, pairs), pair_cosines(want.matrix_, pairs))
    assert np.array_equal(got.matrix_.toarray(), want.matrix_.toarray())


def test_compact_rows_take_counts_beyond_16_bits():
    from dedup.score import WeighedRows

    ids = np.r_[np.zeros(70_000, dtype=np.int32), np.arange(1, 5, dtype=np.int32)]
    doc_offsets = np.array([0, 70_000, len(ids)])
    terms = [f"t{k}" for k in range(5)]
    want = TfidfModel().fit_ids(terms, ids, doc_offsets, doc_offsets)
    got = TfidfModel().fit_ids(terms, ids, doc_offsets, doc_offsets, compact=True)
    assert isinstance(got.matrix_, WeighedRows) and got.matrix_.counts.data.max() == 70_000
    assert np.array_equal(got.matrix_[[0, 1]].data, want.matrix_[[0, 1]].data)
