"""Stage 7: align a derivative's sentences to its parent and find what it added.

Every content sentence of the derivative is scored by its best TF-IDF cosine against the
parent's sentences and against windows of two consecutive parent sentences (a summary
often merges two sentences into one).  Sentences scoring below ``sentence_support`` are
*unsupported*; runs of them separated only by white space form the added passages,
reported as spans into the derivative's own text.  Passages of fewer than
``min_added_tokens`` words (headings, stray words) are not reported.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Iterator, Sequence

import numpy as np
from scipy import sparse

from .config import Options
from .document import Span
from .features import sentence_terms, sorted_unique
from .normalize import Prepared, paragraph_numbers
from .score import TfidfModel


@dataclass
class Alignment:
    supported: float  # share of the derivative's content characters that the parent supports
    strength_: float | None = 0.0  # see ``strength``; None: computed when first read
    scores: list[float] = field(default_factory=list)  # best support of each content sentence
    added_: list[Span] | None = field(default_factory=list)  # see ``added``; None: when first read
    _later: Callable[[], tuple[float, list[Span]]] | None = field(default=None, repr=False, compare=False)
    # of each content sentence: it states a number the parent does not (novel), and it
    # restates a parent's sentence closely all the same (changed: a figure updated)
    novel: list[bool] = field(default_factory=list)
    changed: list[bool] = field(default_factory=list)
    # of each of the derivative's headline lines (its first content sentences, see
    # ``headlines``): it is its own, no sentence or window of the parent restating it closely
    retitled: list[bool] = field(default_factory=list)

    def _settle(self) -> None:
        if self._later is not None:
            self.strength_, self.added_ = self._later()
            self._later = None

    @property
    def strength(self) -> float:
        """Mean best sentence cosine against the parent, weighted by characters, over the
        better-aligned half of the sentences."""
        self._settle()
        return self.strength_

    @property
    def added(self) -> list[Span]:
        """The passages the derivative added (spans into its text)."""
        self._settle()
        return self.added_


def sentence_words(p: Prepared) -> list[list[str]]:
    """Normalized words of each content sentence of ``p``."""
    starts, ends, words = p.starts, p.ends, p.words
    out: list[list[str]] = []
    for s in p.sentences:
        a = bisect_left(starts, s.start)
        b = bisect_right(ends, s.end, lo=a)
        out.append(words[a:b])
    return out


@dataclass
class Sentences:
    """A document's content sentences: words, terms and (once built) their vectors.

    Vectors are kept dense over the document's own vocabulary (``cols``, sorted indices into
    the model's vocabulary): a document has a few hundred distinct terms, so comparing two
    documents is one small matrix product over the terms they share, with no sparse-matrix
    machinery per pair."""

    words: list[list[str]]
    _terms: list[list[str]] | None = None  # the terms of each sentence (see :attr:`terms`)
    cols: np.ndarray | None = None  # sorted vocabulary indices of the document's terms
    windows: np.ndarray | None = None  # TF-IDF rows: the n sentences, then the n-1 2-sentence windows
    weight: np.ndarray | None = None  # (n, len(cols)): IDF of each term present in each sentence
    total: np.ndarray | None = None  # row sums of ``weight``
    ids: tuple[np.ndarray, np.ndarray] | None = None  # (term ids, sentence offsets) if known
    stem: int = 0  # ``stem_chars`` of the terms made from ``words``

    @property
    def terms(self) -> list[list[str]]:
        """The terms of each sentence (:func:`features.sentence_terms` of its words), made when first
        asked for: vectors built from known term ids never need them."""
        if self._terms is None:
            self._terms = sentence_terms(self.words, self.stem)
        return self._terms

    def flat_terms(self) -> tuple[list[str], list[int]]:
        """The terms of every sentence one after the other (:attr:`terms` flattened), and how
        many each sentence has.  When every word is ASCII (no script written without
        spaces), a sentence's terms are its words cut to ``stem`` characters
        (:func:`features.terms`): they are made for the whole text in one pass, and no list
        per sentence is kept (vectors built from term ids never need them)."""
        if self._terms is None and "".join(chain.from_iterable(self.words)).isascii():
            stem = self.stem
            return [w[:stem] for ws in self.words for w in ws], [len(ws) for ws in self.words]
        ts = self.terms
        return [t for x in ts for t in x], [len(x) for x in ts]

    @property
    def count(self) -> int:
        """How many sentences there are."""
        return len(self._terms) if self._terms is not None else len(self.words)

    @property
    def vec(self) -> np.ndarray | None:
        """TF-IDF rows of the sentences alone."""
        return None if self.windows is None else self.windows[:self.count]


class SentenceIndex:
    """Sentences of prepared documents and their vectors, computed once per document.

    Vectors are built in batches (:meth:`build`) so a corpus costs one vectorized pass,
    not one per compared pair; :meth:`release` drops them when a story is done.
    """

    def __init__(self, options: Options):
        self.options = options
        # keyed by id(p); the entry holds p itself, so the id cannot be reused while cached
        self._cache: dict[int, tuple[Prepared, Sentences]] = {}

    def seed(self, p: Prepared, ids: np.ndarray, offsets: np.ndarray) -> Sentences:
        """Register ``p`` with its term ids already known (``ids`` of every sentence in turn,
        cut at ``offsets``, relative to ``ids``); vectors are then built from them."""
        s = self.get(p)
        if len(offsets) - 1 != s.count:
            raise ValueError(f"{p.id}: {len(offsets) - 1} sentences of term ids for {s.count} sentences")
        s.ids = (ids, offsets)
        return s

    def put(self, p: Prepared, words: list[list[str]], terms: list[list[str]]) -> Sentences:
        """Register ``p`` with the words of its sentences (:func:`sentence_words`) and their
        terms (:func:`features.terms` of each, ``options.stem_chars``) already made, as
        :meth:`get` and :attr:`Sentences.terms` would make them."""
        entry = self._cache[id(p)] = (p, Sentences(words, terms, stem=self.options.stem_chars))
        return entry[1]

    def get(self, p: Prepared) -> Sentences:
        entry = self._cache.get(id(p))
        if entry is None:
            words = sentence_words(p)
            entry = self._cache[id(p)] = (p, Sentences(words, stem=self.options.stem_chars))
        return entry[1]

    def build(self, docs: Sequence[Prepared], model: TfidfModel) -> None:
        """Compute the vectors of every document in ``docs`` that has none yet."""
        vectorize([s for s in (self.get(p) for p in docs) if s.windows is None], model)

    def release(self, docs: Sequence[Prepared]) -> None:
        """Forget ``docs`` (their sentences are made again if asked for)."""
        for p in docs:
            self._cache.pop(id(p), None)


DENSE_CELLS = 4_000_000
"""A document's sentence rows are dense over its own vocabulary while rows x terms stays
under this (32 MB of float64: every news article); a longer text (a report, a book chapter:
thousands of sentences by thousands of terms) keeps them sparse, so aligning it takes memory
in proportion to its words, not to sentences x terms."""

def _rows(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, lo: int, hi: int,
          cols: np.ndarray, dense: bool | None = None):
    """Rows ``lo:hi`` of the CSR matrix over the columns ``cols``: dense, or a CSR matrix
    when they would exceed :data:`DENSE_CELLS` cells (``dense`` decides when given)."""
    if dense if dense is not None else (hi - lo) * len(cols) <= DENSE_CELLS:
        return _dense_rows(indptr, indices, data, lo, hi, cols)
    a, b = indptr[lo], indptr[hi]
    return sparse.csr_matrix((np.asarray(data[a:b], dtype=np.float64), np.searchsorted(cols, indices[a:b]),
                              np.asarray(indptr[lo:hi + 1] - a)), shape=(hi - lo, len(cols)))


def _row_sums(m) -> np.ndarray:
    """Row sums of a dense or sparse matrix, as a flat array."""
    return np.asarray(m.sum(axis=1)).ravel()


def _best_rows(a, b) -> np.ndarray:
    """``(a @ b.T).max(axis=1)`` for dense or sparse ``a`` and ``b`` (non-negative: a row
    with no stored product is 0, as dense); a sparse product is made as many rows at a time
    as can hold at most :data:`DENSE_CELLS` products between them (bounded by the stored
    entries their terms have in ``b``), so a long text's alignment takes memory in proportion
    to that bound and its calls stay few (each call costs time in proportion to ``b``'s
    rows; see :func:`_best_dense` for dense ones)."""
    if not (sparse.issparse(a) or sparse.issparse(b)):
        return _best_dense(a, b)
    a = sparse.csr_matrix(a)
    bt = sparse.csr_matrix(b).T.tocsr()  # once: a product converts a CSC operand on every call
    out = np.zeros(a.shape[0])
    for lo, hi in _product_chunks(a, bt):
        part = a[lo:hi] @ bt
        # each row's largest stored product, read from the product as made: its columns
        # are unique but unsorted, and ``part.max(axis=1)`` would sort them first (most of
        # the time of a long text's alignment); a row with none keeps its 0
        filled = np.flatnonzero(np.diff(part.indptr))
        if len(filled):
            out[lo + filled] = np.maximum.reduceat(part.data, part.indptr[filled])
    return out


def _product_chunks(a, bt) -> Iterator[tuple[int, int]]:
    """Row ranges of the CSR matrix ``a`` whose product with the CSR matrix ``bt`` holds at
    most :data:`DENSE_CELLS` stored entries, by the bound of each row's (the entries its
    terms have in ``bt``, at most ``bt``'s columns); a row over it alone is a range."""
    if a.shape[0] == 0:
        return
    per_term = np.diff(bt.indptr).astype(np.int64)
    bound = np.minimum(np.add.reduceat(np.append(per_term[a.indices], 0), a.indptr[:-1])
                       * (np.diff(a.indptr) > 0), bt.shape[1])
    ends = np.cumsum(bound)
    lo, n = 0, a.shape[0]
    while lo < n:
        base = ends[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, base + DENSE_CELLS, side="right")))
        yield lo, hi
        lo = hi


def _best_dense(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(a @ b.T).max(axis=1)`` of dense arrays.  When the product would hold more than
    :data:`DENSE_CELLS` cells (a long text against another, both with few distinct terms:
    a line repeated thousands of times made a product of sentences x windows of several GB),
    each distinct row of ``a`` is taken against each distinct row of ``b`` (a repeated
    sentence has one best cosine), as many rows of ``a`` at a time as keep a product within
    :data:`DENSE_CELLS` cells."""
    n, m = a.shape[0], b.shape[0]
    if n * m <= DENSE_CELLS:
        return np.maximum.reduce(a @ b.T, axis=1)
    a, back = np.unique(a, axis=0, return_inverse=True)
    bt = np.unique(b, axis=0).T
    out = np.empty(a.shape[0])
    step = max(1, DENSE_CELLS // bt.shape[1])
    for lo in range(0, a.shape[0], step):
        out[lo:lo + step] = np.maximum.reduce(a[lo:lo + step] @ bt, axis=1)
    return out[back.ravel()]


def _dense_rows(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, lo: int, hi: int,
                cols: np.ndarray) -> np.ndarray:
    """Rows ``lo:hi`` of the CSR matrix ``(data, indices, indptr)`` as a dense array over the
    columns ``cols`` (sorted, and holding every column those rows use)."""
    a, b = indptr[lo], indptr[hi]
    out = np.zeros((hi - lo, len(cols)))
    rows = np.repeat(np.arange(hi - lo), np.diff(indptr[lo:hi + 1]))
    out[rows, np.searchsorted(cols, indices[a:b])] = data[a:b]
    return out


def _id_count_arrays(todo: Sequence[Sentences], n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_id_counts` as the arrays ``(indptr, indices, counts)`` of its canonical CSR
    form (each row's distinct term ids sorted, with their counts), built with one sort."""
    flat, lens = _id_rows(todo)
    indptr = np.zeros(len(lens) + 1, dtype=np.int64)
    if not len(flat):
        return indptr, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.repeat(np.arange(len(lens), dtype=np.int64), lens) * n_terms + flat.astype(np.int64)
    # (the codes ascend from row to row, each row's own few unsorted: timsort, "stable",
    # sorts them faster than the default sort; the same values and counts either way)
    codes, counts = sorted_unique(codes, return_counts=True, kind="stable")
    np.cumsum(np.bincount(codes // n_terms, minlength=len(lens)), out=indptr[1:])
    return indptr, codes % n_terms, counts


def _id_counts(todo: Sequence[Sentences], n_terms: int) -> sparse.csr_matrix:
    """The rows :func:`vectorize` counts (each document's sentences, then its 2-sentence
    windows), from the documents' term ids instead of their strings."""
    flat, lens = _id_rows(todo)
    indptr = np.zeros(len(lens) + 1, dtype=np.int64)
    np.cumsum(lens, out=indptr[1:])
    m = sparse.csr_matrix((np.ones(len(flat)), flat.astype(np.int64), indptr), shape=(len(lens), n_terms))
    m.sum_duplicates()
    return m


def _id_rows(todo: Sequence[Sentences]) -> tuple[np.ndarray, np.ndarray]:
    """The term ids of the rows :func:`vectorize` counts, one row after the other, and the
    length of each row."""
    parts: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    for s in todo:
        ids, off = s.ids
        parts.append(ids)
        lengths.append(np.diff(off))
        if len(off) > 2:  # windows: sentence k and k + 1 together, ids[off[k]:off[k + 2]]
            span = off[2:] - off[:-2]
            idx = np.arange(span.sum()) + np.repeat(off[:-2] - (np.cumsum(span) - span), span)
            parts.append(ids[idx])
            lengths.append(off[2:] - off[:-2])
    flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    lens = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    return flat, lens


def vectorize(todo: Sequence[Sentences], model: TfidfModel) -> None:
    """Fill in the vectors of ``todo`` with one vectorized pass."""
    if not todo:
        return
    if all(s.ids is not None for s in todo):  # from term ids, numpy only (no sparse matrices)
        indptr, indices, counts = _id_count_arrays(todo, model.n_terms)
        data = model.weigh_rows(indptr, indices, counts)
    else:
        lists: list[list[str]] = []
        for s in todo:
            lists.extend(s.terms)
            lists.extend(list(a) + list(b) for a, b in zip(s.terms, s.terms[1:]))
        m = model.counts(lists)
        indptr, indices, counts, data = m.indptr, m.indices, m.data, model.weigh(m).data
    pos = 0
    for s in todo:
        n = s.count
        span = n + max(n - 1, 0)
        s.cols = sorted_unique(indices[indptr[pos]:indptr[pos + n]])
        if span * len(s.cols) <= DENSE_CELLS:  # (as _rows decides)
            # _dense_rows of the windows and of the sentences' presence, each nonzero's column
            # found once: the sentences are the windows' first n rows (a present term
            # weighs its IDF, as (counts > 0) * idf gives it)
            a, b, m = indptr[pos], indptr[pos + span], indptr[pos + n]
            at = np.searchsorted(s.cols, indices[a:b])
            rows = np.repeat(np.arange(span), np.diff(indptr[pos:pos + span + 1]))
            s.windows = np.zeros((span, len(s.cols)))
            s.windows[rows, at] = data[a:b]
            s.weight = np.zeros((n, len(s.cols)))
            s.weight[rows[:m - a], at[:m - a]] = model.idf_[s.cols][at[:m - a]]
            s.total = _row_sums(s.weight)
            pos += span
            continue
        s.windows = _rows(indptr, indices, data, pos, pos + span, s.cols)
        if sparse.issparse(s.windows):  # a long text: its presence rows sparse too
            s.weight = _rows(indptr, indices, counts, pos, pos + n, s.cols, dense=False)
            s.weight.data = (s.weight.data > 0) * model.idf_[s.cols][s.weight.indices]
        else:
            s.weight = (_dense_rows(indptr, indices, counts, pos, pos + n, s.cols) > 0) * model.idf_[s.cols]
        s.total = _row_sums(s.weight)
        pos += span


def _shared(d: Sentences, p: Sentences) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``d.cols`` and in ``p.cols`` of the terms both documents hold."""
    if not len(p.cols):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    at = np.searchsorted(p.cols, d.cols).clip(max=len(p.cols) - 1)
    in_d = np.flatnonzero(p.cols[at] == d.cols)
    return in_d, at[in_d]


def best_cosines(d: Sentences, p: Sentences, shared: tuple[np.ndarray, np.ndarray] | None = None
                 ) -> np.ndarray:
    """Best cosine of each derivative sentence against parent sentences and 2-sentence windows."""
    n = d.count
    if not n or not p.count:
        return np.zeros(n)
    in_d, in_p = shared if shared is not None else _shared(d, p)
    if len(in_d) == 0:
        return np.zeros(n)
    return _best_rows(d.windows[:n, in_d], p.windows[:, in_p])


def support_scores(d: Sentences, p: Sentences, n_terms: int | None = None,
                   best: np.ndarray | None = None) -> np.ndarray:
    """Support of each derivative sentence by the parent: the mean of its best cosine
    against parent sentences and 2-sentence windows, and the IDF-weighted share of its
    terms found anywhere in the parent."""
    n = d.count
    if n == 0:
        return np.zeros(0)
    if not p.count:
        return np.zeros(n)
    shared = _shared(d, p)
    if best is None:
        best = best_cosines(d, p, shared)
    found = _row_sums(d.weight[:, shared[0]])
    total = np.where(d.total > 0, d.total, 1.0)
    return (best + found / total) / 2


def _paragraph_mean(scores: np.ndarray) -> np.ndarray | float:
    """The mean of the last axis, summed left to right (``cumsum``): the same bits for a row
    whatever the other rows beside it.  (``mean(axis=1)`` sums a row pairwise when it is
    alone and in another order beside other rows, so a mean within a bit of
    ``paragraph_support`` could flag a paragraph against one text alone and not in a
    story's batched alignment.)"""
    return np.cumsum(scores, axis=-1)[..., -1] / scores.shape[-1]


def _paragraph_groups(p: Prepared) -> list[list[int]]:
    """The content sentences of each paragraph of 2+ sentences that the paragraph rule
    (``paragraph_support``) weighs as a whole; none when every content sentence is in one
    paragraph.  The rule adds a new section whose sentences each share a few words with the
    parent; a text of one paragraph (written on one line: scraped JSON Lines, a pasted
    answer) has no other section, its mean is the whole text's support, and the rule marked
    every sentence added, verbatim copies of the parent included."""
    groups: dict[int, list[int]] = {}
    for k, g in enumerate(paragraph_numbers(p)):
        groups.setdefault(g, []).append(k)
    if len(groups) < 2:
        return []
    return [ks for ks in groups.values() if len(ks) >= 2]


def unsupported_flags(p: Prepared, scores: np.ndarray, options: Options) -> list[bool]:
    """Sentences below ``sentence_support``; every sentence of a paragraph whose mean
    support is below ``paragraph_support``; and, growing from those (hysteresis), their
    neighbours below ``sentence_support + support_margin``."""
    flags = [float(x) < options.sentence_support for x in scores]
    for ks in _paragraph_groups(p):
        if _paragraph_mean(np.array([scores[k] for k in ks], dtype=float)) < options.paragraph_support:
            for k in ks:
                flags[k] = True
    # hysteresis: an added passage grows over neighbours that are only weakly supported
    weak = options.sentence_support + options.support_margin
    for order in (range(len(flags)), range(len(flags) - 1, -1, -1)):
        prev = False
        for k in order:
            if not flags[k] and prev and float(scores[k]) < weak:
                flags[k] = True
            prev = flags[k]
    return flags


def unsupported_matrix(p: Prepared, scores: np.ndarray, options: Options) -> np.ndarray:
    """:func:`unsupported_flags` of each row of ``scores`` (one row per supporting text, one
    column per content sentence of ``p``) at once, as a boolean array of the same shape."""
    scores = np.asarray(scores, dtype=float)
    flags = scores < options.sentence_support
    if scores.shape[1] == 0:
        return flags
    groups = _paragraph_groups(p)
    if groups:
        # every paragraph of every row at once: each paragraph's scores in a row of a
        # (rows, paragraphs, longest) array, zeros after its last sentence.  Summed left to
        # right (cumsum, as _paragraph_mean sums one) a zero adds nothing, not even a bit,
        # so each mean is the one _paragraph_mean gives the paragraph alone.
        width = max(map(len, groups))
        at = np.zeros((len(groups), width), dtype=np.intp)
        pad = np.ones((len(groups), width), dtype=bool)
        group_of = np.full(scores.shape[1], len(groups), dtype=np.intp)  # len(groups): in none
        for g, ks in enumerate(groups):
            at[g, :len(ks)] = ks
            pad[g, :len(ks)] = False
            group_of[ks] = g
        grouped = scores[:, at]
        grouped[:, pad] = 0.0
        sizes = np.array([len(ks) for ks in groups], dtype=float)
        low = np.cumsum(grouped, axis=-1)[..., -1] / sizes < options.paragraph_support
        # (a column of False for the sentences of no paragraph group)
        flags |= np.concatenate([low, np.zeros((len(scores), 1), dtype=bool)], axis=1)[:, group_of]
    # hysteresis, both passes at once: a weakly supported sentence is flagged when the run of
    # flagged-or-weak sentences holding it holds a flagged one
    runs = flags | (scores < options.sentence_support + options.support_margin)
    n = scores.shape[1]
    run_id = np.cumsum(~runs, axis=1) + (n + 1) * np.arange(len(scores))[:, None]
    holds = np.bincount(run_id[flags], minlength=(n + 1) * len(scores)) > 0
    return runs & holds[run_id]


def added_spans(p: Prepared, words: Sequence[Sequence[str]], unsupported: Sequence[bool],
                min_tokens: int) -> list[Span]:
    """Merge unsupported sentences separated only by white space into passages."""
    spans: list[tuple[Span, int]] = []
    text = p.text
    for s, w, u in zip(p.sentences, words, unsupported):
        if not u:
            spans.append((s, -1))  # a supported sentence breaks a run
            continue
        if spans and spans[-1][1] >= 0 and not text[spans[-1][0].end:s.start].strip():
            prev, n = spans[-1]
            spans[-1] = (Span(prev.start, s.end), n + len(w))
        else:
            spans.append((s, len(w)))
    return [s for s, n in spans if n >= min_tokens]


def added_against(d: Prepared, index: SentenceIndex, alignments: Sequence[Alignment],
                  options: Options, strict: Sequence[bool] | None = None) -> list[Span]:
    """The passages of ``d`` that none of several texts supports: each sentence keeps its
    best support over ``alignments`` (of ``d`` against each text), then passages are found
    as against one text (:func:`unsupported_flags`, :func:`added_spans`).  Against a text
    marked ``strict`` (``d`` shares a verbatim passage with it), a support under
    ``passage_support`` counts as none."""
    strict = list(strict) if strict is not None else [False] * len(alignments)
    if len(alignments) == 1 and not strict[0]:
        return alignments[0].added
    words = index.get(d).words
    if not words or not alignments:
        return []
    rows = []
    for al, st in zip(alignments, strict):
        sc = np.asarray(al.scores, dtype=float)
        rows.append(np.where(sc >= options.passage_support, sc, 0.0) if st else sc)
    best = np.max(np.array(rows), axis=0)
    flags = unsupported_flags(d, best, options)
    # a figure changed against one text and stated by none of them
    changed = [any(c) and all(x) for c, x in zip(zip(*(al.changed for al in alignments)),
                                                   zip(*(al.novel for al in alignments)))]
    flags = [f or c for f, c in zip(flags, changed)] if changed else flags
    # a headline line none of them has
    for k, new in enumerate(zip(*(al.retitled for al in alignments))):
        flags[k] = flags[k] or all(new)
    return added_spans(d, words, flags, options.min_added_tokens)


def close_support(d: Prepared, al: Alignment, level: float) -> float:
    """Share of ``d``'s content characters in sentences its parent supports at ``level`` or
    more (``al`` is ``d`` aligned against that parent): a copy or rewrite restates its
    source sentence by sentence, a report of the same subject only touches it here and there.

    >>> from types import SimpleNamespace as S
    >>> d = S(sentences=[S(start=0, end=40), S(start=41, end=101)])
    >>> close_support(d, Alignment(supported=1.0, scores=[0.9, 0.1]), 0.6)
    0.4
    """
    lengths = np.array([s.end - s.start for s in d.sentences], dtype=float)
    if not len(lengths) or lengths.sum() == 0 or len(al.scores) != len(lengths):
        return 0.0
    return float(round(lengths[np.asarray(al.scores) >= level].sum() / lengths.sum(), 12))


SITE_BLOCK = 0.9
"""Support at which a sentence belongs to the block two pages of one site share
(:func:`closing_block` with ``anywhere``): a paragraph reused word for word aligns at 1.0."""

CLOSING_TAIL = 0.25
"""A block closes a text (:func:`closing_pair`) when the sentences of six words or more
after it hold at most this share of its content characters: what a scraper left of the
page under an "About us" paragraph (a media contact, notes to editors, a syndication
line) is short, a text's own paragraphs after a passage it quotes are not."""
CLOSING_BLOCK = (0.05, 0.4)
"""The share of a text's content characters a closing block (:func:`closing_block`) holds:
a paragraph about an organisation under its release is a tenth to a third of it (on the
blind sets, 0.086-0.33 of the pages sharing one); a sentence or two two texts share by
chance, or a passage a long text quotes, is less; a text's last paragraphs copied whole
into a short piece are more."""


def closing_block(d: Prepared, words: Sequence[Sequence[str]], al: Alignment,
                  options: Options, anywhere: bool = False) -> tuple[float, float] | None:
    """Whether what ``d`` shares with a text is one block near its end: when the sentences
    of ``d`` (of ``min_added_tokens`` words or more) that ``al`` supports at
    ``passage_support`` or more are one run of consecutive such sentences, starting past
    the middle of ``d``'s content characters, holding a share of them within
    :data:`CLOSING_BLOCK` and one paragraph (line) of ``2 * min_added_tokens`` words or more
    at most, its other lines shorter (a media contact's), ``(tail, rest)``: the share of its content
    characters in such sentences after the run, and the supported share
    (:func:`unsupported_flags`) of the content characters outside the run.  None
    otherwise.  ``words``: each content sentence's words.  ``anywhere`` (two pages of one
    site: its own background paragraph, reused in a follow-up, and its own promotion lines
    that the furniture test missed): the block is the sentences supported at
    :data:`SITE_BLOCK` (restated word for word: a follow-up on the same matter restates a
    sentence or two of the first story closely by its names alone), wherever they stand and
    in as many runs and paragraphs as they are, holding a share within
    :data:`CLOSING_BLOCK`; the rest's share is that supported at ``passage_support``
    (restated closely: such a follow-up is loosely like all of it); ``tail`` is 0.

    >>> from types import SimpleNamespace as S
    >>> o = S(passage_support=0.6, min_added_tokens=2, sentence_support=0.35,
    ...       paragraph_support=0.0, support_margin=0.0)
    >>> d = S(sentences=[S(start=0, end=40), S(start=41, end=80), S(start=81, end=120)],
    ...       paragraph_of=[0, 1, 2])
    >>> w = [["a", "b"]] * 3
    >>> closing_block(d, w, Alignment(supported=0.3, scores=[0.1, 0.2, 0.9]), o)
    (0.0, 0.0)
    >>> closing_block(d, w, Alignment(supported=0.6, scores=[0.9, 0.2, 0.9]), o) is None
    True
    """
    scores = np.asarray(al.scores, dtype=float)
    n = len(scores)
    if n == 0 or len(words) != n:
        return None
    long_ = np.array([len(w) >= options.min_added_tokens for w in words], dtype=bool)
    close = (scores >= (max(options.passage_support, SITE_BLOCK) if anywhere else options.passage_support)) & long_
    at = np.flatnonzero(close)
    if not len(at):
        return None
    first, last = int(at[0]), int(at[-1])
    if not anywhere and not close[first:last + 1][long_[first:last + 1]].all():
        return None  # a long sentence in between is not restated: two blocks
    lengths = np.array([s.end - s.start for s in d.sentences], dtype=float)
    total = lengths.sum()
    if total <= 0 or (not anywhere and lengths[:first].sum() < total / 2):
        return None
    idx = np.arange(n)
    block = close if anywhere else (idx >= first) & (idx <= last)
    if not CLOSING_BLOCK[0] <= lengths[block].sum() / total <= CLOSING_BLOCK[1]:
        return None
    lines = getattr(d, "paragraph_of", None)
    if not anywhere and lines is not None and len(lines) == n:  # one paragraph, and short lines (a contact's) at most
        size: dict[int, int] = {}
        for k in range(first, last + 1):
            size[lines[k]] = size.get(lines[k], 0) + len(words[k])
        if sum(1 for v in size.values() if v >= 2 * options.min_added_tokens) > 1:
            return None  # paragraphs of its text copied, not one paragraph about its source
    tail = 0.0 if anywhere else float(lengths[last + 1:][long_[last + 1:]].sum() / total)
    rest = ~block
    if anywhere:  # the rest restated closely: a follow-up on the same matter is loosely like it
        supported = scores >= options.passage_support
    else:
        supported = ~np.asarray(unsupported_flags(d, scores, options), dtype=bool)
    rest_chars = lengths[rest].sum()
    share = float(lengths[rest & supported].sum() / rest_chars) if rest_chars else 1.0
    return tail, share


def closing_pair(ours: tuple[float, float] | None, theirs: tuple[float, float] | None, limit: float) -> bool:
    """Whether two texts share only a block closing both, given :func:`closing_block` of
    each against the other: one run past the middle of each, followed by at most
    ``CLOSING_TAIL`` of its text, and less than ``limit`` of the rest of each supported.

    >>> closing_pair((0.0, 0.1), (0.2, 0.2), 0.5), closing_pair((0.0, 0.1), (0.0, 0.6), 0.5)
    (True, False)
    >>> closing_pair((0.0, 0.1), (0.3, 0.2), 0.5), closing_pair(None, (0.0, 0.0), 0.5)
    (False, False)
    """
    return (ours is not None and theirs is not None and ours[1] < limit and theirs[1] < limit
            and max(ours[0], theirs[0]) <= CLOSING_TAIL)


def _top_half_mean(values: np.ndarray, weights: Sequence[int]) -> float:
    """Weighted mean of the best values covering half the weight: a partial copy's copied
    half aligns closely however much it adds, a text written independently does not."""
    if len(values) == 0:
        return 0.0
    order = np.argsort(-values, kind="stable")
    w = np.asarray(weights, dtype=float)[order]
    v = values[order]
    half = w.sum() / 2
    take = np.minimum(w, np.maximum(half - (np.cumsum(w) - w), 0))
    return float(np.dot(v, take) / take.sum()) if take.sum() else 0.0


HEADLINE_WORDS = 30
"""A headline (:func:`headlines`) has at most this many words."""

_STOPS = frozenset(".\u3002\u0964\u06d4:;,\u2026")  # . 。 । ۔ : ; , …
_ASKS = frozenset("?!\uff1f\uff01\u061f")  # ? ! ？ ！ ؟: a headline's sentence may end so
_CLOSERS = "\"'\u201d\u2019\u00bb\u300d\u300f)"  # closing quotes and brackets after a stop


def headlines(p: Prepared, words: Sequence[Sequence[str]]) -> int:
    """How many of ``p``'s first content sentences are on headline lines: each one whole line
    (the next content sentence on another line; a sentence over several lines is a
    hard-wrapped text's, whose lines are no headlines) of 1 to :data:`HEADLINE_WORDS` words, not
    ending as a sentence or a clause does (a question or exclamation mark may end a
    headline, and end sentences inside it: "两小时8000个名额全部抢光！这座博物馆凭什么这么火？")
    and not continued by the next line (the next sentence not opening in lower case), up to
    the first line that is not one or the last but one (a text has a body)."""
    text, sents = p.text, p.sentences

    def last_char(i: int) -> str:
        return text[sents[i].start:sents[i].end].rstrip().rstrip(_CLOSERS)[-1:]

    k = 0
    while k < len(sents) - 1:
        line_start = text.rfind("\n", 0, sents[k].start) + 1
        line_end = text.find("\n", sents[k].end)
        if line_end < 0 or text[line_start:sents[k].start].strip():
            break
        j = k  # the line's last sentence
        while j + 1 < len(sents) and sents[j + 1].start < line_end:
            j += 1
        if (j + 1 >= len(sents) or text[sents[j].end:line_end].strip()
                or any("\n" in text[sents[i].start:sents[i].end] for i in range(k, j + 1))
                or not 0 < sum(len(words[i]) for i in range(k, j + 1)) <= HEADLINE_WORDS
                or any(last_char(i) not in _ASKS for i in range(k, j)) or last_char(j) in _STOPS
                or text[sents[j + 1].start:sents[j + 1].start + 1].islower()):
            break
        k = j + 1
    return k


def retitled(heads: int, best: np.ndarray, options: Options) -> list[bool]:
    """Of each of a derivative's ``heads`` headline lines (:func:`headlines`), whether it is
    its own: no sentence or window of the parent (``best``: each sentence's best cosine
    against them) restates it at ``passage_support`` or more.  A copy under a new headline
    keeps every sentence of its source, so the headline's words are all found in the source
    and its support (half of which is the share of its terms the parent holds) is high: it
    is new text all the same.  Only the added passages read this, not the support."""
    return [float(best[k]) < options.passage_support for k in range(heads)]


def figures(d: Prepared, parent: Prepared, best: np.ndarray, options: Options) -> tuple[list[bool], list[bool]]:
    """Of each content sentence of ``d``: whether it states a number ``parent`` does not
    (novel), and whether it is novel while its best cosine with a parent's sentence or
    window reaches ``passage_support`` (changed: a sentence restated with a figure updated,
    "12 injured" -> "15 injured", which its support, as close as a copy's, would not mark
    as added)."""
    held = parent.numbers
    novel = [bool(nums) and not nums <= held for nums in d.sentence_numbers]
    if not any(novel):
        return novel, novel
    close = np.asarray(best) >= options.passage_support
    return novel, [bool(x and c) for x, c in zip(novel, close.tolist())]


def align(d: Prepared, parent: Prepared, model: TfidfModel, index: SentenceIndex,
          options: Options) -> Alignment:
    """How much of ``d`` its parent supports, and the passages ``d`` added."""
    index.build([d, parent], model)
    ds, ps = index.get(d), index.get(parent)
    if ds.count and ps.count:
        shared = _shared(ds, ps)
        best = best_cosines(ds, ps, shared)
    else:
        best = np.zeros(ds.count)
    scores = support_scores(ds, ps, model.n_terms, best)
    unsupported = unsupported_flags(d, scores, options)
    lengths = [s.end - s.start for s in d.sentences]
    total = sum(lengths)
    kept = sum(n for n, u in zip(lengths, unsupported) if not u)
    novel, changed = figures(d, parent, best, options)
    # (a sentence with a figure changed is added, though it counts as supported)
    flags = [u or c for u, c in zip(unsupported, changed)]
    new_title = retitled(headlines(d, ds.words) if ds.count else 0, best, options)
    for k, new in enumerate(new_title):
        flags[k] = flags[k] or new
    # strength and added passages are worked out only if asked for (a story ranks its
    # members from every ordered pair's support, but reports passages for parents only)
    return Alignment(
        supported=kept / total if total else 0.0,
        strength_=None,
        scores=[float(x) for x in scores],
        added_=None,
        _later=lambda: (_top_half_mean(best, lengths),
                        added_spans(d, ds.words, flags, options.min_added_tokens)),
        novel=novel, changed=changed, retitled=new_title,
    )


def align_many(d: Prepared, parents: Sequence[Prepared], model: TfidfModel, index: SentenceIndex,
               options: Options) -> list[Alignment]:
    """``[align(d, p, ...) for p in parents]``, the same numbers with less work per pair:
    vectors are built in one pass and the unsupported sentences of all pairs are found at
    once (:func:`unsupported_matrix`)."""
    index.build([d, *parents], model)
    ds = index.get(d)
    n = ds.count
    bests, rows, titles = [], [], []
    heads = headlines(d, ds.words) if n else 0  # (the derivative's, whatever the parent)
    sent = ds.windows[:n] if n else None
    safe = np.where(ds.total > 0, ds.total, 1.0) if n else None
    dense = n and not (sparse.issparse(ds.windows) or sparse.issparse(ds.weight))
    for parent in parents:
        # support_scores(ds, ps, best=best_cosines(ds, ps)) written out, with nothing redone
        ps = index.get(parent)
        in_d = None
        if n and ps.count and len(ps.cols):
            at = np.searchsorted(ps.cols, ds.cols)
            np.minimum(at, len(ps.cols) - 1, out=at)
            in_d = np.flatnonzero(ps.cols[at] == ds.cols)
        if in_d is not None and len(in_d):
            if dense and not sparse.issparse(ps.windows):
                # _best_rows and _row_sums of dense rows, the ufuncs called directly (the same
                # reductions; the wrappers' checks cost more than the small arrays' work)
                best = _best_dense(sent[:, in_d], ps.windows[:, at[in_d]])
                scores = (best + np.add.reduce(ds.weight[:, in_d], axis=1) / safe) / 2
            else:
                best = _best_rows(sent[:, in_d], ps.windows[:, at[in_d]])
                scores = (best + _row_sums(ds.weight[:, in_d]) / safe) / 2
        else:  # no shared term: no support
            best = np.zeros(n)
            scores = np.zeros(n)
        bests.append(best)
        rows.append(scores)
        titles.append(retitled(heads, best, options))
    unsupported = unsupported_matrix(d, np.array(rows).reshape(len(parents), n), options)
    lengths = [s.end - s.start for s in d.sentences]
    total = sum(lengths)
    kept = (~unsupported).astype(np.int64) @ np.asarray(lengths, dtype=np.int64).reshape(n)
    out = []
    for k, (best, scores) in enumerate(zip(bests, rows)):
        novel, changed = figures(d, parents[k], best, options)
        flags = [u or c for u, c in zip(unsupported[k].tolist(), changed)]
        for j, new in enumerate(titles[k]):
            flags[j] = flags[j] or new
        out.append(Alignment(
            supported=int(kept[k]) / total if total else 0.0,
            strength_=None,
            scores=scores.tolist(),
            added_=None,
            _later=lambda best=best, flags=flags: (_top_half_mean(best, lengths),
                                                   added_spans(d, ds.words, flags, options.min_added_tokens)),
            novel=novel, changed=changed, retitled=titles[k],
        ))
    return out


QUOTE_OWN_NAMES = 2
"""A member that shares only quoted words with its parent (:func:`quotes_only`) is
``related`` when it names at least this many pairs of neighbouring name words that its
parent does not hold (people by first and last name, bodies: ``Corpus.own_names``): a
report with sources of its own.  A rewrite that keeps a quote names its source's people
(blind23's six such rewrites: 0-1 new pairs; blind24's independent reports of one press
conference: 0-12, 2 or more in 9 of the 10 written in scripts with letter case, before
declined names counted as the same and title-case headlines as naming nobody)."""


def _grams(words: Sequence[str], keep: Sequence[bool], n: int) -> set[tuple[str, ...]]:
    """The word n-grams of ``words`` whose n words all have ``keep`` true."""
    flags = np.concatenate([[False], np.asarray(keep, dtype=bool), [False]])
    edges = np.flatnonzero(flags[1:] != flags[:-1])  # run starts and ends, alternately
    out = set()
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist()):
        if b - a >= n:
            run = words[a:b]
            out.update(tuple(run[k:k + n]) for k in range(b - a - n + 1))
    return out


def quotes_only(d: Prepared, parent: Prepared, al: Alignment, options: Options) -> bool:
    """``d`` and ``parent`` quote the same words (a run of ``passage_ngram`` words inside
    quotations in both), and outside their quotations ``d`` restates under
    ``quote_close_support`` of its content closely (sentences ``al``, ``d`` aligned against
    ``parent``, supports at ``passage_support``, counted by their characters outside
    quotations) and shares no verbatim run of ``passage_ngram + passage_min_shared - 1``
    words with it: reporters quoting one speaker word for word, each in an article of their
    own, not a partial copy (which restates its source's own sentences)."""
    limit = options.quote_close_support
    if limit <= 0:
        return False
    qd = d.quoted
    if qd is None:
        return False
    own = np.asarray(qd.own_chars, dtype=float)
    if len(al.scores) != len(own) or own.sum() <= 0:
        return False
    if own[np.asarray(al.scores) >= options.passage_support].sum() / own.sum() >= limit:
        return False
    qp = parent.quoted
    if qp is None:
        return False
    n = options.passage_ngram
    if not _grams(qd.words, qd.quoted, n) & _grams(qp.words, qp.quoted, n):
        return False
    # a verbatim run outside quotations
    run = n + max(options.passage_min_shared, 1) - 1
    return not (_grams(qd.words, [not q for q in qd.quoted], run)
                & _grams(qp.words, [not q for q in qp.quoted], run))
