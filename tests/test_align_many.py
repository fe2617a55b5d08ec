"""The story stage's batched alignment (passages.align_many, unsupported_matrix) gives
exactly the numbers of one passages.align / unsupported_flags per pair."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from dedup.api import Corpus, _story
from dedup.config import Options
from dedup.document import Document
from dedup.normalize import analyze, finalize
from dedup.passages import unsupported_flags, unsupported_matrix

WORDS = ("flood river town rescue boats mayor price storm bridge school railway rain agency "
         "quota harbour trawler herring minister talks record revenue vaccine trial children "
         "forty three seven billion dollars").split()


def _sentence(draw_words):
    return " ".join(draw_words).capitalize() + "."


sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(_sentence)
paragraph = st.lists(sentences, min_size=1, max_size=3).map(" ".join)
texts = st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)


def _same(a, b):
    assert a.supported == b.supported
    assert a.scores == b.scores
    assert a.strength == b.strength
    assert a.added == b.added


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_align_many_equals_align_per_pair(items, rnd):
    # some members share sentences with others, as copies do
    docs = []
    for k, t in enumerate(items):
        if k and rnd.random() < 0.5:
            t = items[rnd.randrange(k)] + "\n\n" + t
        docs.append(Document(f"d{k}", t))
    o = Options()
    batched, single = Corpus(docs, o), Corpus(docs, o)
    for i in range(len(docs)):
        others = [j for j in range(len(docs)) if j != i]
        for j, al in zip(others, batched.align_many(i, others)):
            _same(al, single.align(i, j))
        batched.release(range(len(docs)))


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_unsupported_matrix_equals_flags_per_row(t, data):
    p = finalize(analyze(Document("x", t)), set())
    n = len(p.sentences)
    # values near the thresholds (0.30 sentence, 0.34 paragraph, 0.35 hysteresis) as well
    score = st.sampled_from([0.0, 0.1, 0.29, 0.3, 0.31, 0.33, 0.34, 0.345, 0.35, 0.36, 0.5, 0.9]) | st.floats(0, 1)
    rows = data.draw(st.lists(st.lists(score, min_size=n, max_size=n), min_size=1, max_size=4))
    o = Options()
    got = unsupported_matrix(p, np.array(rows).reshape(len(rows), n), o)
    assert got.tolist() == [unsupported_flags(p, np.array(r), o) for r in rows]


def test_story_uses_batched_alignments_with_the_same_result(monkeypatch):
    base = ("Heavy rain flooded the river town of Marlow on Sunday. Crews used boats to rescue families.\n\n"
            "The mayor called it the worst flood in forty years. Schools stayed closed on Monday.")
    docs = [Document("a", base), Document("b", base + "\n\nTrawler captains blockaded the harbour at "
                                           "Kirkwall over fishing quotas and demanded talks with ministers."),
            Document("c", base.replace("Heavy rain", "Torrential rain"))]
    batched = _story(Corpus(docs, Options()), [0, 1, 2], "s1")
    monkeypatch.setattr(Corpus, "align_many", lambda self, i, js: [self.align(i, j) for j in js])
    assert _story(Corpus(docs, Options()), [0, 1, 2], "s1") == batched
    assert [m.relation for m in batched.members[1:]] == ["near-duplicate", "near-duplicate"]


# --- the smaller exact rewrites of the story stage's helpers ------------------------------

@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)))
def test_shared_columns_equal_intersect1d(a, b):
    from dedup.passages import Sentences, _shared
    d = Sentences([], [], cols=np.array(sorted(a), dtype=np.int64))
    p = Sentences([], [], cols=np.array(sorted(b), dtype=np.int64))
    _, want_d, want_p = np.intersect1d(d.cols, p.cols, assume_unique=True, return_indices=True)
    got_d, got_p = _shared(d, p)
    assert got_d.tolist() == want_d.tolist() and got_p.tolist() == want_p.tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS[:8]), max_size=12), min_size=2, max_size=6))
def test_ngram_signals_dense_equals_sparse(words):
    from dedup import original
    dense = original.ngram_signals(words)
    saved = original.DENSE_NGRAM_CELLS
    original.DENSE_NGRAM_CELLS = 0
    try:
        sparse_ = original.ngram_signals(words)
    finally:
        original.DENSE_NGRAM_CELLS = saved
    assert [x.tolist() for x in dense] == [x.tolist() for x in sparse_]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab1 2\u0662\u06f3\u0967x", max_size=6), max_size=8))
def test_numbers_of_equals_word_by_word(words):
    import unicodedata
    from dedup.original import _DIGITS, numbers_of
    want = set()
    for w in words:
        for run in _DIGITS.findall(w):
            want.add(run if run.isascii() else "".join(str(unicodedata.decimal(c)) for c in run))
    assert numbers_of(words) == want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=7))
def test_window_rows_equal_sentence_pairs(lens):
    from dedup.passages import Sentences, _id_counts
    off = np.zeros(len(lens) + 1, dtype=np.int64)
    np.cumsum(lens, out=off[1:])
    ids = np.arange(int(off[-1]), dtype=np.int32) % 5
    m = _id_counts([Sentences([], [[]] * len(lens), ids=(ids, off))], 5).toarray()
    want = [np.bincount(ids[off[k]:off[k + 1]], minlength=5) for k in range(len(lens))]
    want += [np.bincount(ids[off[k]:off[k + 2]], minlength=5) for k in range(len(lens) - 1)]
    assert m.tolist() == np.array(want, dtype=float).reshape(len(want), 5).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 300), max_size=200), min_size=1, max_size=6), st.integers(0, 2**32 - 1))
def test_weigh_rows_equals_weigh(rows, seed):
    # rows of up to 200 terms: longer than numpy's blocks of pairwise summation
    from scipy import sparse
    from dedup.score import TfidfModel
    m = TfidfModel()
    m.idf_ = 1.0 + np.random.default_rng(seed).random(301) * 5
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    flat = np.array([t for r in rows for t in r], dtype=np.int64)
    c = sparse.csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(rows), 301))
    c.sum_duplicates()
    want = m.weigh(c).data
    got = m.weigh_rows(c.indptr, c.indices, c.data.astype(np.int64))
    assert got.tolist() == want.tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), max_size=6), max_size=7))
def test_id_count_arrays_equal_id_counts(sents):
    from dedup.passages import Sentences, _id_count_arrays, _id_counts
    off = np.zeros(len(sents) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in sents], out=off[1:])
    ids = np.array([t for x in sents for t in x], dtype=np.int32)
    todo = [Sentences([], [[]] * len(sents), ids=(ids, off)), Sentences([], [[]] * len(sents), ids=(ids, off))]
    m = _id_counts(todo, 10)
    indptr, indices, counts = _id_count_arrays(todo, 10)
    assert indptr.tolist() == m.indptr.tolist() and indices.tolist() == m.indices.tolist()
    assert counts.tolist() == m.data.tolist()


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 40), st.integers(2, 6), st.integers(0, 5), st.data())
def test_unsupported_matrix_equals_flags_per_row_in_long_paragraphs_at_the_threshold(length, rows, pick, data):
    """A paragraph's mean is summed the same way for a row alone and beside other rows: with
    ``paragraph_support`` set to one row's own mean (a tie), the batched flags still equal the
    per-row ones (numpy's mean(axis=1) summed rows of 8+ sentences in another order than a
    row's own mean, and the two disagreed at such ties)."""
    from dataclasses import replace
    from types import SimpleNamespace

    p = SimpleNamespace(paragraph_of=[0] * length)
    values = st.floats(0, 1, allow_nan=False, allow_subnormal=False)
    scores = np.array(data.draw(st.lists(st.lists(values, min_size=length, max_size=length),
                                         min_size=rows, max_size=rows)))
    tie = float(np.mean(scores[pick % rows]))  # a tie, or within a bit of one
    o = replace(Options(), paragraph_support=tie)
    got = unsupported_matrix(p, scores, o)
    assert got.tolist() == [unsupported_flags(p, r, o) for r in scores]
    assert got.tolist() == [unsupported_matrix(p, r[None, :], o)[0].tolist() for r in scores]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=2, max_size=6), st.integers(1, 5), st.data())
def test_unsupported_matrix_equals_flags_per_row_in_paragraphs_of_several_lengths_at_the_threshold(
        lengths, rows, data):
    """Paragraphs of different lengths are weighed together (each padded with zeros to the
    longest): with ``paragraph_support`` set to one paragraph's own mean in one row (a tie),
    the batched flags still equal the per-row ones."""
    from dataclasses import replace
    from types import SimpleNamespace

    p = SimpleNamespace(paragraph_of=[g for g, n in enumerate(lengths) for _ in range(n)])
    values = st.floats(0, 1, allow_nan=False, allow_subnormal=False)
    scores = np.array(data.draw(st.lists(st.lists(values, min_size=len(p.paragraph_of), max_size=len(p.paragraph_of)),
                                         min_size=rows, max_size=rows)))
    g = data.draw(st.integers(0, len(lengths) - 1))
    ks = [k for k, x in enumerate(p.paragraph_of) if x == g]
    tie = float(np.cumsum(scores[data.draw(st.integers(0, rows - 1))][ks])[-1] / len(ks))
    o = replace(Options(), paragraph_support=tie)
    got = unsupported_matrix(p, scores, o)
    assert got.tolist() == [unsupported_flags(p, r, o) for r in scores]
