"""Unit tests of stage 4 (dedup.score): TF-IDF model, pair cosines, n-grams, relations."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from dedup.config import Options
from dedup.score import (
    RELATIONS,
    PairEvidence,
    TfidfModel,
    classify,
    containment,
    ngrams,
    pair_cosines,
)

DOCS = [
    ["storm", "flood", "town", "river", "rescue"],
    ["storm", "flood", "town", "river", "rescue"],
    ["chip", "revenue", "record", "quarter"],
    ["storm", "chip", "market"],
]


# --- TfidfModel ----------------------------------------------------------------------

def test_identical_documents_have_cosine_one_and_disjoint_zero():
    m = TfidfModel().fit(DOCS)
    a = m.transform([DOCS[0], DOCS[0], DOCS[0]])
    b = m.transform([DOCS[1], DOCS[2], DOCS[3]])
    cos = TfidfModel.cosine(a, b)
    assert cos[0] == pytest.approx(1.0)
    assert cos[1] == pytest.approx(0.0)
    assert 0.0 < cos[2] < 1.0


def test_rows_are_l2_normalized_and_matrix_matches_transform():
    m = TfidfModel().fit(DOCS)
    norms = np.sqrt(np.asarray(m.matrix_.multiply(m.matrix_).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    assert np.allclose(m.matrix_.toarray(), m.transform(DOCS).toarray())


def test_idf_favours_rare_terms():
    m = TfidfModel().fit(DOCS)
    idf = m.idf_map()
    assert set(idf) == {t for d in DOCS for t in d}
    assert idf["revenue"] > idf["chip"] > idf["storm"] >= 1.0
    # sklearn smooth idf: 1 + ln((1 + n) / (1 + df))
    assert idf["revenue"] == pytest.approx(1 + math.log(5 / 2))


def test_idf_prior_shrinks_towards_one():
    full = TfidfModel(prior_docs=0).fit(DOCS).idf_map()
    shrunk = TfidfModel(prior_docs=400).fit(DOCS).idf_map()
    for t in full:
        assert shrunk[t] - 1 == pytest.approx((full[t] - 1) * 4 / 400)


def test_units_set_document_frequencies():
    # "the" is in every sentence -> minimal IDF, although only one of two documents has "the"
    docs = [["the", "cat", "the", "dog"], ["bird"]]
    units = [["the", "cat"], ["the", "dog"], ["the", "bird"]]
    by_docs = TfidfModel().fit(docs).idf_map()
    by_units = TfidfModel().fit(docs, units).idf_map()
    assert by_docs["the"] > 1.0
    assert by_units["the"] == pytest.approx(1.0)
    assert by_units["cat"] == pytest.approx(1 + math.log(4 / 2))


def test_sublinear_tf():
    m = TfidfModel().fit([["a", "b"], ["a", "c"], ["b", "c"]])
    once = m.transform([["a", "b"]]).toarray()[0]
    many = m.transform([["a"] * 10 + ["b"]]).toarray()[0]
    va, vb = m.vocabulary_["a"], m.vocabulary_["b"]
    assert once[va] == pytest.approx(once[vb])
    assert many[va] / many[vb] == pytest.approx(1 + math.log(10))


def test_unknown_terms_are_ignored_by_transform():
    m = TfidfModel().fit(DOCS)
    v = m.transform([["zzz", "yyy"]])
    assert v.nnz == 0


# --- pair_cosines ---------------------------------------------------------------------

def test_pair_cosines_matches_dense_products():
    m = TfidfModel().fit(DOCS)
    pairs = [(0, 1), (0, 2), (0, 3), (2, 3), (1, 3)]
    got = pair_cosines(m.matrix_, pairs)
    dense = m.matrix_.toarray()
    want = [float(dense[i] @ dense[j]) for i, j in pairs]
    assert np.allclose(got, want)
    assert got[0] == pytest.approx(1.0) and got[1] == pytest.approx(0.0)


def test_pair_cosines_chunking_and_empty():
    m = TfidfModel().fit(DOCS)
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    assert np.allclose(pair_cosines(m.matrix_, pairs, chunk=2), pair_cosines(m.matrix_, pairs))
    assert pair_cosines(m.matrix_, []).shape == (0,)


# --- n-grams and containment ------------------------------------------------------------

def test_ngrams():
    w = ["a", "b", "c", "d", "e", "f"]
    assert ngrams(w, 5) == {("a", "b", "c", "d", "e"), ("b", "c", "d", "e", "f")}
    assert ngrams(w, 2) == {("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "f")}
    assert ngrams(["a", "b"], 5) == {("a", "b")}  # short texts are one gram
    assert ngrams([], 5) == set()


def test_containment_is_asymmetric():
    a = ngrams(list("abcdefg"), 3)  # 5 grams
    b = ngrams(list("abcdefghij"), 3)  # 8 grams, a superset
    assert containment(a, b) == 1.0
    assert containment(b, a) == pytest.approx(5 / 8)
    assert containment(set(), b) == 0.0
    assert containment(a, set()) == 0.0


# --- classify ----------------------------------------------------------------------------

O = Options()


def ev(similarity=0.9, supported=1.0, shingles=1.0, identical=False, terms=0.5, passage=False, numbers=1.0,
       names=1.0, specific=1.0, close=1.0, count=50, days=None):
    return PairEvidence(similarity, supported, shingles, identical, terms, passage, numbers, names, specific,
                        close, count, days_apart=days)


@pytest.mark.parametrize("evidence,relation", [
    (ev(identical=True, supported=0.1, shingles=0.0), "duplicate"),
    (ev(supported=0.95, shingles=0.9), "near-duplicate"),
    (ev(supported=0.75, shingles=0.7), "near-duplicate"),  # both limits inclusive
    (ev(supported=0.95, shingles=0.1), "rewrite"),
    (ev(supported=0.9, shingles=0.69), "rewrite"),
    (ev(supported=0.75, shingles=0.1), "rewrite"),  # added == partial_added is not partial
    (ev(supported=0.6, shingles=0.9), "partial"),  # too much added for near-duplicate
    (ev(supported=0.6, shingles=0.2), "partial"),
    (ev(supported=0.3, shingles=0.2, terms=0.26), "related"),  # 0.26 < 0.27
    (ev(supported=0.9, shingles=0.0, terms=0.1, close=0.49), "related"),  # support alone is topic
    # a summary: a small share of its parent's terms, but its content supported and restated
    # closely, with the parent's figures and names
    (ev(supported=0.9, shingles=0.0, terms=0.1, close=0.5), "rewrite"),
    (ev(supported=0.6, shingles=0.0, terms=0.1, close=0.5), "partial"),  # limit inclusive
    (ev(supported=0.59, shingles=0.0, terms=0.1, close=0.5), "related"),
    (ev(supported=0.9, shingles=0.0, terms=0.1, close=0.5, numbers=0.29), "related"),
    (ev(supported=0.9, shingles=0.0, terms=0.1, close=0.5, names=0.39), "related"),
    # (within SUMMARY_DAYS of its parent by their own dates; a wire's report days later is not)
    (ev(supported=0.9, shingles=0.0, terms=0.1, close=0.5, days=1.5), "rewrite"),
    (ev(supported=0.9, shingles=0.0, terms=0.1, close=0.5, days=1.6), "related"),
    (ev(supported=0.3, shingles=0.2, terms=0.27), "partial"),  # limit inclusive
    (ev(supported=0.0, shingles=0.0, terms=0.0), "related"),
    (ev(supported=0.3, shingles=0.2, terms=0.1, passage=True), "partial"),  # verbatim passage: copied
    (ev(supported=0.95, shingles=0.8, terms=0.1), "near-duplicate"),  # 5-grams kept: copied
    (ev(supported=0.9, shingles=0.1, numbers=0.29), "related"),  # other figures: other facts
    (ev(supported=0.6, shingles=0.2, numbers=0.3), "partial"),  # limit inclusive
    (ev(supported=0.9, shingles=0.1, numbers=0.0, passage=True, close=0.3), "rewrite"),  # verbatim passage: copied
    # every sentence restated closely, other figures throughout: a template's next story,
    # verbatim passages (the template's words) or not; a near-duplicate still copies
    (ev(supported=1.0, shingles=0.5, numbers=0.2, passage=True, close=0.9), "related"),
    (ev(supported=1.0, shingles=0.5, numbers=0.2, passage=True, close=0.69), "rewrite"),
    (ev(supported=1.0, shingles=0.5, numbers=0.3, passage=True, close=0.9), "rewrite"),
    (ev(supported=0.95, shingles=0.8, numbers=0.0), "near-duplicate"),  # 5-grams kept: copied
    (ev(supported=0.9, shingles=0.1, names=0.39), "related"),  # other names: another company's notice
    (ev(supported=0.6, shingles=0.2, names=0.4), "partial"),  # limit inclusive
    (ev(supported=0.9, shingles=0.1, names=0.0, passage=True), "rewrite"),  # verbatim passage: copied
    (ev(supported=0.95, shingles=0.8, names=0.0), "near-duplicate"),  # 5-grams kept: copied
    (ev(supported=0.9, shingles=0.1, specific=0.74), "related"),  # only common words shared
    (ev(supported=0.6, shingles=0.2, specific=0.75), "partial"),  # limit inclusive
    (ev(supported=0.9, shingles=0.1, specific=0.0, passage=True), "rewrite"),  # verbatim passage: copied
    (ev(supported=0.95, shingles=0.8, specific=0.0), "near-duplicate"),  # 5-grams kept: copied
    # a shared term short of rare, and few sentences restated closely: one subject, two reports
    (ev(supported=0.9, shingles=0.1, specific=0.84, close=0.29), "related"),
    (ev(supported=0.9, shingles=0.1, specific=0.84, close=0.3), "rewrite"),  # limit inclusive
    (ev(supported=0.9, shingles=0.1, specific=0.85, close=0.0), "rewrite"),  # limit inclusive
    (ev(supported=0.9, shingles=0.1, specific=0.8, close=0.0, passage=True), "rewrite"),  # verbatim: copied
    (ev(supported=0.95, shingles=0.8, specific=0.8, close=0.0), "near-duplicate"),  # 5-grams kept: copied
    # two short texts sharing a word or two: no copy, however large a share of their words
    (ev(supported=1.0, shingles=0.0, terms=0.6, count=3), "related"),
    (ev(supported=1.0, shingles=0.0, terms=0.6, count=4), "rewrite"),  # limit inclusive
    (ev(supported=1.0, shingles=0.0, terms=0.6, count=2, passage=True), "rewrite"),  # verbatim: copied
    (ev(supported=1.0, shingles=1.0, count=1), "near-duplicate"),  # 5-grams kept: copied
    (ev(identical=True, count=1), "duplicate"),
])
def test_classify(evidence, relation):
    assert classify(evidence, O) == relation
    assert relation in RELATIONS


def test_classify_follows_options():
    e = ev(supported=0.6, shingles=0.2, close=0.49)  # (restating more closely, it would sum its parent up)
    assert classify(e, O) == "partial"
    assert classify(e, Options(derived_containment=0.6)) == "related"
    assert classify(e, Options(partial_added=0.5)) == "rewrite"
    few = ev(supported=0.6, shingles=0.2, numbers=0.1)
    assert classify(few, O) == "related"
    assert classify(few, Options(number_overlap=0.0)) == "partial"  # the test off
    others = ev(supported=0.6, shingles=0.2, names=0.1)
    assert classify(others, O) == "related"
    assert classify(others, Options(name_overlap=0.0)) == "partial"  # the test off
    common = ev(supported=0.6, shingles=0.2, specific=0.3)
    assert classify(common, O) == "related"
    assert classify(common, Options(shared_specificity=0.0)) == "partial"  # the test off
    assert classify(common, Options(shared_specificity=0.3)) == "partial"
    loose = ev(supported=0.6, shingles=0.2, specific=0.8, close=0.1)
    assert classify(loose, O) == "related"
    assert classify(loose, Options(close_specificity=0.0)) == "partial"  # the test off
    assert classify(loose, Options(close_support=0.0)) == "partial"  # the test off
    assert classify(loose, Options(close_specificity=0.8)) == "partial"
    assert classify(loose, Options(close_support=0.1)) == "partial"


def test_shared_specificity_is_the_rarest_shared_term_on_a_log_scale_of_the_units():
    from dedup.score import idf_from_df, shared_specificity
    n = 10_000
    df = np.array([2, 10, 100, 1000, 10_000])
    idf = idf_from_df(df, n)
    every = np.arange(5)
    assert shared_specificity(every, np.array([0, 4]), idf, n) == 1.0  # a term only the two hold
    for k in range(1, 5):  # the rarest shared term decides, whatever else is shared
        got = shared_specificity(every, np.arange(k, 5), idf, n)
        assert got == pytest.approx(np.log((1 + n) / (1 + df[k])) / np.log((1 + n) / 3))
        assert got == shared_specificity(np.arange(k, 5), every, idf, n)  # symmetric
    assert shared_specificity(every, np.array([4]), idf, n) == pytest.approx(0.0, abs=1e-12)  # in every unit
    assert shared_specificity(np.array([0, 1]), np.array([2, 3]), idf, n) == 0.0  # nothing shared
    assert shared_specificity(np.array([], dtype=np.int64), every, idf, n) == 0.0
    assert shared_specificity(every, np.array([3]), idf_from_df(df, 2), 2) == 1.0  # too few units to tell
    # a prior shrinks every IDF towards 1 by one factor: the scale does not move
    shrunk = idf_from_df(df, n, prior_docs=4 * n)
    assert shared_specificity(every, np.array([2, 4]), shrunk, n, 4 * n) == pytest.approx(
        shared_specificity(every, np.array([2, 4]), idf, n))


def test_name_overlap_is_the_larger_share_of_name_weight_the_other_side_writes():
    from dedup.score import name_overlap
    idf = np.array([1.0, 1.0, 5.0, 5.0, 5.0, 5.0])

    def names(*pairs):
        return np.array([i for i, _ in pairs]), np.array([c for _, c in pairs])
    source = names((0, 1), (2, 4), (3, 3), (4, 1))  # main actors 2 and 3, named again and again
    # a rewrite that keeps the main actors and adds a rare name of its own
    rewrite = names((2, 2), (3, 2), (5, 1))
    assert name_overlap(source, rewrite, idf, 3) == pytest.approx(35 / 41)  # 35 of the source's 41
    # a notice of the same kind about someone else: only the common names in common
    other = names((0, 1), (1, 1), (5, 3))
    assert name_overlap(source, other, idf, 3) == pytest.approx(1 / 17)
    assert name_overlap(source, other, idf, 3) == name_overlap(other, source, idf, 3)  # symmetric
    assert name_overlap(names((2, 1), (3, 1)), other, idf, 3) == 1.0  # too few names to tell


# --- term containment --------------------------------------------------------------------

@given(st.sets(st.integers(0, 9), max_size=10), st.sets(st.integers(0, 9), max_size=10))
@settings(max_examples=200, deadline=None)
def test_term_containment_is_symmetric_and_bounded(a, b):
    from dedup.score import term_containment
    idf = np.linspace(1.0, 4.0, 10)
    x, y = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    c = term_containment(x, y, idf)
    assert c == term_containment(y, x, idf)
    assert 0.0 <= c <= 1.0 + 1e-12
    if a and a == b:
        assert c == pytest.approx(1.0)
    if not a & b:
        assert c == 0.0


def test_term_containment_weighs_rare_terms():
    from dedup.score import term_containment
    idf = np.array([1.0, 1.0, 5.0, 5.0])
    # sharing the two rare terms counts far more than sharing the two common ones
    assert term_containment(np.array([0, 1, 2, 3]), np.array([2, 3]), idf) == pytest.approx(10 / 12)
    assert term_containment(np.array([0, 1, 2, 3]), np.array([0, 1]), idf) == pytest.approx(2 / 12)


# --- packed n-gram containment equals the tuple sets --------------------------------------

@given(st.lists(st.sampled_from("a b c d e f g h".split()), max_size=30),
       st.lists(st.sampled_from("a b c d e f g h i".split()), max_size=30),
       st.integers(min_value=1, max_value=6))
@settings(max_examples=300, deadline=None)
def test_packed_containment_equals_tuple_sets(a, b, n):
    from dedup.score import containment, containments, ngrams
    assert containments(a, b, (n,)) == [containment(ngrams(a, n), ngrams(b, n))]


def test_containments_fall_back_to_tuples_for_large_vocabularies():
    from dedup.score import containment, containments, ngrams
    a = [f"w{k}" for k in range(5000)]
    b = a[:2500] + [f"x{k}" for k in range(3000)]
    assert containments(a, b, (5, 2)) == [containment(ngrams(a, 5), ngrams(b, 5)),
                                          containment(ngrams(a, 2), ngrams(b, 2))]
    # 9,005 words need 14 bits: five do not fit in an int64.  Packed anyway, the first word's
    # bits from the 9th up would fall off the top, and word 257 would pass for word 1:
    other = ["z", "c1", "c2", "c3", "c4"]  # words 1-5
    text = [f"f{k}" for k in range(9000)] + ["f251", "c1", "c2", "c3", "c4"]  # f251 is word 257
    assert containments(other, text, (5,)) == [containment(ngrams(other, 5), ngrams(text, 5))] == [0.0]
    from dedup.score import Shingles
    assert Shingles([other, text]).containment(0, 1, 5) == 0.0  # a story's shingles likewise


@given(st.lists(st.lists(st.sampled_from("a b c d e f g h".split()), max_size=30), min_size=2, max_size=5),
       st.integers(min_value=1, max_value=6), st.data())
@settings(max_examples=300, deadline=None)
def test_shingles_containment_equals_tuple_sets_for_any_pair_of_a_story(texts, n, data):
    from dedup.score import Shingles, containment, ngrams
    sh = Shingles(texts)
    a = data.draw(st.integers(0, len(texts) - 1))
    b = data.draw(st.integers(0, len(texts) - 1))
    assert sh.containment(a, b, n) == containment(ngrams(texts[a], n), ngrams(texts[b], n))
    assert sh.codes(a, n) is sh.codes(a, n)  # made once


def test_shingles_fall_back_to_tuples_when_a_story_has_many_words():
    from dedup.score import Shingles, containment, ngrams
    a = [f"w{k}" for k in range(5000)]
    b = a[:2500] + [f"x{k}" for k in range(3000)]
    sh = Shingles([a, b, ["w1", "w2"]])
    assert sh.codes(0, 5) is None  # 5 * 14 bits do not fit in an int64
    assert sh.containment(0, 1, 5) == containment(ngrams(a, 5), ngrams(b, 5))
    assert sh.containment(1, 0, 4) == containment(ngrams(b, 4), ngrams(a, 4))


def test_indices_keep_order_and_drop_unknown_terms():
    from dedup.score import TfidfModel
    m = TfidfModel().fit([["b", "a", "c"]])
    assert m.indices(["c", "a", "c", "b"]).tolist() == [2, 0, 2, 1]  # every term known
    assert m.indices(["c", "zz", "a"]).tolist() == [2, 0]  # an unknown one is dropped
    assert m.indices(["a"]).tolist() == [0] and m.indices([]).tolist() == []
    assert m.indices(["zz"]).tolist() == []


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(0, 6), cols=st.integers(1, 5000), density=st.floats(0.0, 1.0), seed=st.integers(0, 2**16))
def test_gram_is_the_sparse_product_bit_for_bit(rows, cols, density, seed):
    """``gram`` works on the used columns only, yet gives exactly ``rows @ rows.T``."""
    from scipy import sparse

    from dedup.score import gram

    rng = np.random.default_rng(seed)
    m = sparse.random(rows, cols, density=min(density, 40 / cols), format="csr", random_state=rng,
                      data_rvs=lambda n: rng.normal(size=n))
    want = (m @ m.T).toarray()
    got = gram(m)
    assert got.shape == (rows, rows)
    assert got.tobytes() == want.tobytes()


def test_gram_of_a_wide_vocabulary_corpus_row_matrix():
    """A corpus's TF-IDF rows (WeighedRows, millions of columns possible): the same cosines."""
    from dedup import api
    from dedup.document import Document

    texts = ["Harbour council opens solar farm on the reservoir today.",
             "The council opened a floating solar farm on the old reservoir.",
             "Bakery wins national bread award for rye loaf."]
    corpus = api.Corpus([Document(str(k), t) for k, t in enumerate(texts)], Options())
    rows = corpus.model.matrix_[[0, 1, 2]]
    assert corpus.similarity([0, 1, 2]).tobytes() == (rows @ rows.T).toarray().tobytes()
    assert corpus.similarity([0, 1, 2])[0, 1] > 0.1 and corpus.similarity([0, 1, 2])[0, 2] == 0


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(-3, 40), max_size=60), inverse=st.booleans(), counts=st.booleans(),
       wide=st.booleans())
def test_sorted_unique_is_numpys_unique(values, inverse, counts, wide):
    """The same distinct values, inverse and counts as ``np.unique`` (2-D input flattened)."""
    from dedup.score import sorted_unique

    a = np.array(values, dtype=np.int64) * (1 << 40 if wide else 1)
    if len(a) % 2 == 0:
        a = a.reshape(-1, 2)
    got = sorted_unique(a, return_inverse=inverse, return_counts=counts)
    want = np.unique(a, return_inverse=inverse, return_counts=counts)
    got = got if isinstance(got, tuple) else (got,)
    want = want if isinstance(want, tuple) else (want,)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert np.array_equal(g, np.asarray(w).ravel())
