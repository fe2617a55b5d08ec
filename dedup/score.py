"""Stage 4: verify candidates with TF-IDF (scikit-learn) and name the relation of a pair.

The TF-IDF model is fitted on the corpus itself (content terms only: boilerplate never
counts), with sublinear term frequency and IDF shrunk towards 1 in tiny corpora.  A
candidate pair is *linked* when the cosine of its two documents reaches
``link_threshold``.  Relations:

``duplicate``       the same content words in the same order;
``near-duplicate``  most word 5-grams shared and little added;
``rewrite``         the derivative's content is supported by its parent but reworded;
``partial``         part of it is supported, and it adds substantial material of its own;
``related``         the same story, but too little evidence of copying (shared vocabulary
                    weighed by IDF, a shared verbatim passage): written independently; or
                    the same kind of story about other facts (both state several numbers
                    and share few of them) or other actors (both write several names, and
                    neither holds much of the other's name weight); or sharing only common
                    terms (no term rarer than ``shared_specificity``, or none rarer than
                    ``close_specificity`` while few of the derivative's sentences are
                    closely supported: two reports of one subject, not a copy); or
                    sharing only one paragraph both end with, whatever else it is
                    (``closing_rest_support``: an organisation's "About us" paragraph).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np
from scipy import sparse

from .config import Options
from .document import utc_datetime
from .features import row_slices, sorted_intersect, sorted_isin, sorted_unique

RELATIONS = ("duplicate", "near-duplicate", "partial", "rewrite", "related")


class TermList(Sequence[str]):
    """A list of strings held as one UTF-8 buffer and its offsets (about 8 bytes a term
    besides its characters, against some 60 for a list of ``str``): a large corpus's
    vocabulary, read a term at a time.  Compares equal to a list of the same strings.

    >>> t = TermList(["flood", "storm"])
    >>> t[1], len(t), list(t) == ["flood", "storm"], t == ["flood", "storm"]
    ('storm', 2, True, True)
    """

    def __init__(self, terms: Iterable[str], chunk: int = 1 << 16):
        parts: list[bytes] = []
        lengths: list[np.ndarray] = []
        batch: list[bytes] = []
        for t in terms:  # encoded a chunk at a time: never a bytes object per term for all
            batch.append(t.encode("utf-8", "surrogatepass"))
            if len(batch) == chunk:
                parts.append(b"".join(batch))
                lengths.append(np.fromiter(map(len, batch), dtype=np.int64, count=len(batch)))
                batch = []
        if batch:
            parts.append(b"".join(batch))
            lengths.append(np.fromiter(map(len, batch), dtype=np.int64, count=len(batch)))
        self._buf = b"".join(parts)
        del parts
        n = sum(len(x) for x in lengths)
        self._offsets = np.zeros(n + 1, dtype=np.int64)
        if n:
            np.cumsum(np.concatenate(lengths), out=self._offsets[1:])

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def byte_lengths(self) -> np.ndarray:
        """Each term's length in UTF-8 bytes."""
        return np.diff(self._offsets)

    def first_bytes(self, idx: np.ndarray) -> np.ndarray:
        """The first UTF-8 byte of terms ``idx`` (each at least one byte long)."""
        return np.frombuffer(self._buf, dtype=np.uint8)[self._offsets[:-1][idx]]

    def encoded(self, i: int) -> bytes:
        """Term ``i`` as UTF-8."""
        o = self._offsets
        return self._buf[o[i]:o[i + 1]]

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = range(len(self))[i]
        return self.encoded(i).decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        buf, ends = self._buf, self._offsets.tolist()
        for a, b in zip(ends, ends[1:]):
            yield buf[a:b].decode("utf-8", "surrogatepass")

    def __eq__(self, other) -> bool:
        if isinstance(other, TermList):
            return self._buf == other._buf and np.array_equal(self._offsets, other._offsets)
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # mutable-sequence semantics, as list


class TfidfModel:
    """TF-IDF over pre-computed term lists, fitted on a corpus.

    Document frequencies come from scikit-learn's ``TfidfTransformer`` (smoothed IDF);
    weighting is sublinear TF times IDF, rows L2-normalized.  Building the count matrices
    here, with one vectorized pass, keeps the per-pair work free of scikit-learn's
    per-call validation.

    >>> m = TfidfModel().fit([["a", "b"], ["a", "c"]])
    >>> round(float(m.cosine(m.transform([["a", "b"]]), m.transform([["a", "b"]]))[0]), 3)
    1.0
    """

    def __init__(self, prior_docs: int = 0):
        self.prior_docs = prior_docs
        self.n_units = 0  # how many units (sentences) the document frequencies were counted over
        self._vocabulary: dict[str, int] | None = None

    @property
    def vocabulary_(self) -> dict[str, int]:
        """Term -> index (built from ``terms_`` when first asked for: the batch pipeline
        works on term ids and never needs it)."""
        if self._vocabulary is None:
            self._vocabulary = {t: k for k, t in enumerate(self.terms_)}
        return self._vocabulary

    @vocabulary_.setter
    def vocabulary_(self, value: dict[str, int]) -> None:
        self._vocabulary = value

    def fit(self, term_lists: Sequence[Sequence[str]],
            units: Sequence[Sequence[str]] | None = None) -> "TfidfModel":
        """Fit on documents' term lists.  Document frequencies are counted over ``units``
        (by default the documents themselves; dedup passes sentences: a word in most
        sentences is a function word even in a corpus of five texts)."""
        vocab = sorted({t for ts in term_lists for t in ts})
        self.terms_ = vocab
        self.vocabulary_ = {t: k for k, t in enumerate(vocab)}
        df_source = term_lists if units is None else units
        if vocab:
            from sklearn.feature_extraction.text import TfidfTransformer  # here: ~0.4 s to import

            unit_counts = self.counts(df_source)
            self.idf_ = TfidfTransformer(sublinear_tf=True).fit(unit_counts).idf_.astype(np.float64)
        else:
            self.idf_ = np.zeros(0)
        n = self.n_units = len(df_source)
        shrink = min(1.0, n / self.prior_docs) if self.prior_docs > 0 else 1.0
        self.idf_ = 1.0 + shrink * (self.idf_ - 1.0)
        self._idf_map = None
        self.matrix_ = self.transform(term_lists)
        return self

    def fit_ids(self, terms: Sequence[str], term_ids: np.ndarray, doc_offsets: np.ndarray,
                unit_offsets: np.ndarray, chunk: int = 1 << 22, compact: bool = False,
                progress: Callable[[str, int, int], None] | None = None,
                counted: np.ndarray | None = None, doc_units: np.ndarray | None = None) -> "TfidfModel":
        """:meth:`fit` from term ids: ``terms`` is the sorted vocabulary, ``term_ids`` every
        document's term ids one after the other, document ``k`` being
        ``term_ids[doc_offsets[k]:doc_offsets[k + 1]]`` and the units (sentences) cut at
        ``unit_offsets`` the same way.  Same model as ``fit`` on the strings, without a
        string per term occurrence.  The count matrices are built about ``chunk`` term
        occurrences at a time (whole units, whole documents), so memory holds the weighted
        rows and a few arrays of that size, never a count matrix of the whole corpus.
        With ``compact``, ``matrix_`` is a :class:`WeighedRows` (the rows' term counts and
        norms, weighed again when rows are asked for: the same numbers, in half the
        memory).  ``progress(stage, done, total)`` is told the documents done in each of the
        two passes over the corpus: ``"document frequencies"``, then ``"term weights"``.

        ``counted`` (one flag per unit, :func:`dedup.features.counted_units`) leaves the other
        units out of the frequencies: ``n_units`` is then the units counted.  Either way
        ``doc_df_`` is how many documents hold each term in a counted unit (the key terms'
        document frequencies), and ``held_df_`` how many hold it at all (a copy's repeated
        sentences, not counted, hold the same terms as its source's).  ``doc_units``:
        document ``k``'s units are ``doc_units[k]:doc_units[k + 1]`` (needed when a unit may
        hold no term)."""
        tick = progress or (lambda stage, done, total: None)
        n_docs = len(doc_offsets) - 1
        self.terms_ = terms if isinstance(terms, TermList) else list(terms)
        self._vocabulary = None  # made when first asked for
        v = len(self.terms_)
        n = self.n_units = len(unit_offsets) - 1 if counted is None else int(np.count_nonzero(counted))
        self.doc_df_ = np.zeros(v, dtype=np.int64)
        self.held_df_ = np.zeros(v, dtype=np.int64)  # documents holding each term, counted or not
        self.df_ = np.zeros(v, dtype=np.int64)  # units holding each term (counted ones)
        if v:  # the count matrices are built a slice of units (then documents) at a time
            df = np.zeros(v, dtype=np.int64)
            tick("document frequencies", 0, n_docs)
            unit_offsets = np.asarray(unit_offsets, dtype=np.int64)
            # whole documents a slice: each document's counted term occurrences, with the
            # units' own, give both counts
            if doc_units is None:  # (no unit without terms: else they must be given)
                doc_units = np.searchsorted(unit_offsets, doc_offsets)
            doc_units = np.asarray(doc_units, dtype=np.int64)
            for a, b in row_slices(doc_offsets, chunk):
                ua, ub = int(doc_units[a]), int(doc_units[b])
                lo, hi = int(unit_offsets[ua]), int(unit_offsets[ub])
                ids = np.asarray(term_ids[lo:hi])
                lens = np.diff(unit_offsets[ua:ub + 1])
                partly = counted is not None and not counted[ua:ub].all()
                if partly:
                    # the documents holding each term, in their uncounted units too (a
                    # slice of whole documents: its units' terms are theirs, from lo on)
                    held = count_matrix(ids, np.asarray(doc_offsets[a:b + 1]) - lo, v)
                    self.held_df_ += np.bincount(held.indices, minlength=v)
                    keep = counted[ua:ub]
                    ids = ids[np.repeat(keep, lens)]
                    lens = lens[keep]
                    kept = np.zeros(len(keep) + 1, dtype=np.int64)
                    np.cumsum(keep, out=kept[1:])
                    units_per_doc = kept[doc_units[a + 1:b + 1] - ua] - kept[doc_units[a:b] - ua]
                else:
                    units_per_doc = np.diff(doc_units[a:b + 1])
                u_off = np.zeros(len(lens) + 1, dtype=np.int64)
                np.cumsum(lens, out=u_off[1:])
                df += np.bincount(count_matrix(ids, u_off, v).indices, minlength=v)
                d_off = u_off[np.concatenate([[0], np.cumsum(units_per_doc)])]
                doc_df = np.bincount(count_matrix(ids, d_off, v).indices, minlength=v)
                self.doc_df_ += doc_df
                if not partly:
                    self.held_df_ += doc_df
                tick("document frequencies", b, n_docs)
            tick("document frequencies", n_docs, n_docs)
            self.df_ = df
            self.idf_ = smoothed_idf(df, n)
        else:
            self.idf_ = np.zeros(0)
        shrink = min(1.0, n / self.prior_docs) if self.prior_docs > 0 else 1.0
        self.idf_ = 1.0 + shrink * (self.idf_ - 1.0)
        self._idf_map = None
        def parts():
            tick("term weights", 0, n_docs)
            for a, b in row_slices(doc_offsets, chunk):
                yield count_matrix_slice(term_ids, doc_offsets, a, b, v)
                tick("term weights", b, n_docs)
            tick("term weights", n_docs, n_docs)

        if compact:
            self.matrix_ = WeighedRows(self, parts(), n_docs, v, len(term_ids))
        else:
            self.matrix_ = _stacked_rows(map(self.weigh, parts()), n_docs, v, len(term_ids))
        return self

    @property
    def n_terms(self) -> int:
        return len(self.terms_)

    def idf_map(self) -> dict[str, float]:
        """Term -> IDF weight as fitted."""
        if self._idf_map is None:
            self._idf_map = {t: float(self.idf_[k]) for t, k in self.vocabulary_.items()}
        return self._idf_map

    def indices(self, terms: Sequence[str]) -> np.ndarray:
        """Vocabulary indices of the known terms among ``terms``."""
        vocab = self.vocabulary_
        if len(terms) > 1:
            try:  # all known (the usual case): one C-level lookup of the whole list
                return np.array(itemgetter(*terms)(vocab), dtype=np.int64)
            except KeyError:
                pass
        return np.fromiter((vocab[t] for t in terms if t in vocab), dtype=np.int64)

    def counts(self, term_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Raw term counts, one row per term list (unknown terms are dropped)."""
        rows = [self.indices(ts) for ts in term_lists]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        m = sparse.csr_matrix((np.ones(len(indices)), indices, indptr),
                              shape=(len(rows), self.n_terms))
        m.sum_duplicates()
        return m

    def weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Sublinear TF x IDF, rows L2-normalized (empty rows stay zero)."""
        return self._weigh(counts)[0]

    def _weigh(self, counts: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
        """:meth:`weigh` and the norms its rows were divided by (1 for an empty row)."""
        m = counts.astype(np.float64, copy=True)
        m.data = (1.0 + np.log(m.data)) * self.idf_[m.indices]
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        m.data /= np.repeat(norms, np.diff(m.indptr))
        return m, norms

    def weigh_rows(self, indptr: np.ndarray, indices: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """:meth:`weigh` on the arrays of a canonical CSR count matrix (rows cut at ``indptr``,
        sorted distinct ``indices`` in each row, positive ``counts``): the weighted values, the
        same numbers as ``weigh(...).data`` (row norms summed as scipy sums a row), without
        building sparse matrices."""
        data = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf_[indices]
        lengths = np.diff(indptr)
        sq = np.zeros(len(lengths))
        rows = np.flatnonzero(lengths)
        if len(rows):
            sq[rows] = np.add.reduceat(data * data, indptr[rows])
        norms = np.sqrt(sq)
        norms[norms == 0] = 1.0
        data /= np.repeat(norms, lengths)
        return data

    def transform(self, term_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        return self.weigh(self.counts(term_lists))

    @staticmethod
    def cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
        """Row-wise cosine of two equally long stacks of L2-normalized rows."""
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()


class WeighedRows:
    """TF-IDF rows held as their term counts and norms, weighed when asked for.

    ``rows[idx]`` is ``model.weigh(counts)[idx]``, value for value (the same operations on
    the same numbers: ``1 + log(count)``, times IDF, divided by the row's norm as
    :meth:`TfidfModel.weigh` computed it), but memory holds 4 + 2 bytes per nonzero (term
    id and count) and 8 per row instead of 4 + 8 per nonzero: at a million articles of
    ~260 distinct terms, 1.6 GB instead of 3.1 GB.  ``parts`` are the count matrices of
    consecutive row blocks (``rows`` in all, at most ``max_nnz`` nonzeros)."""

    def __init__(self, model: TfidfModel, parts: Iterable[sparse.csr_matrix], rows: int, cols: int,
                 max_nnz: int):
        self.idf = model.idf_
        counts = np.empty(max_nnz, dtype=np.uint16)
        indices = np.empty(max_nnz, dtype=np.int32 if cols <= np.iinfo(np.int32).max else np.int64)
        indptr = np.zeros(rows + 1, dtype=np.int64)
        self.norms = np.ones(rows)
        at = r = 0
        for p in parts:
            if p.nnz and p.data.max() > np.iinfo(counts.dtype).max:  # a term repeated 65,536+ times
                counts = counts.astype(np.uint32)
            _, norms = model._weigh(p)
            counts[at:at + p.nnz] = p.data
            indices[at:at + p.nnz] = p.indices
            indptr[r + 1:r + 1 + p.shape[0]] = p.indptr[1:] + at
            self.norms[r:r + p.shape[0]] = norms
            at, r = at + p.nnz, r + p.shape[0]
        if r != rows:  # pragma: no cover - a bug, not a user error
            raise ValueError(f"row blocks hold {r} rows, not {rows}")
        counts.resize(at, refcheck=False)  # no view of them exists: realloc, no copy
        indices.resize(at, refcheck=False)
        self.counts = sparse.csr_matrix((counts, indices, indptr), shape=(rows, cols))
        top = int(counts.max()) if at else 0
        # 1 + log(count) of every count up to the largest, as weigh computes it
        with np.errstate(divide="ignore"):
            self._tf = 1.0 + np.log(np.arange(top + 1, dtype=np.float64)) if top <= 1 << 16 else None

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    @property
    def nnz(self) -> int:
        return self.counts.nnz

    @property
    def indices(self) -> np.ndarray:
        return self.counts.indices

    @property
    def nbytes(self) -> int:
        c = self.counts
        return c.data.nbytes + c.indices.nbytes + c.indptr.nbytes + self.norms.nbytes

    def __getitem__(self, idx) -> sparse.csr_matrix:
        """Rows ``idx`` (a sequence or array of row numbers) as a weighted CSR matrix."""
        idx = np.asarray(idx, dtype=np.int64).ravel()
        sub = self.counts[idx]
        if self._tf is not None:
            data = self._tf[sub.data]
        else:
            data = 1.0 + np.log(sub.data.astype(np.float64))
        data *= self.idf[sub.indices]
        data /= np.repeat(self.norms[idx], np.diff(sub.indptr))
        return sparse.csr_matrix((data, sub.indices, sub.indptr), shape=sub.shape)

    def toarray(self) -> np.ndarray:
        return self[np.arange(self.shape[0])].toarray()


def count_matrix(ids: np.ndarray, offsets: np.ndarray, n_terms: int) -> sparse.csr_matrix:
    """Term counts (float64), one row per ``ids[offsets[k]:offsets[k + 1]]``."""
    # copies: summing duplicates sorts the index array in place, which must not reorder ``ids``
    m = sparse.csr_matrix((np.ones(len(ids)), np.array(ids, copy=True), np.array(offsets, copy=True)),
                          shape=(len(offsets) - 1, n_terms))
    m.sum_duplicates()
    return m


def count_matrix_slice(ids: np.ndarray, offsets: np.ndarray, a: int, b: int, n_terms: int
                       ) -> sparse.csr_matrix:
    """Rows ``a:b`` of ``count_matrix(ids, offsets, n_terms)``, built from those rows alone."""
    lo, hi = int(offsets[a]), int(offsets[b])
    return count_matrix(ids[lo:hi], np.asarray(offsets[a:b + 1]) - lo, n_terms)


def _stacked_rows(parts: Iterable[sparse.csr_matrix], rows: int, cols: int, max_nnz: int) -> sparse.csr_matrix:
    """The CSR matrices ``parts`` (consecutive row blocks, ``rows`` in all, at most
    ``max_nnz`` nonzeros in all) as one, each part copied in as it comes: memory holds the
    result and one part.  The arrays are allocated for ``max_nnz`` (untouched pages of a
    large allocation take no memory) and shrunk in place to what the parts filled."""
    data = np.empty(max_nnz, dtype=np.float64)
    indices = np.empty(max_nnz, dtype=np.int32 if cols <= np.iinfo(np.int32).max else np.int64)
    indptr = np.zeros(rows + 1, dtype=np.int64)
    at = r = 0
    for p in parts:
        data[at:at + p.nnz] = p.data
        indices[at:at + p.nnz] = p.indices
        indptr[r + 1:r + 1 + p.shape[0]] = p.indptr[1:] + at
        at, r = at + p.nnz, r + p.shape[0]
    if r != rows:  # pragma: no cover - a bug, not a user error
        raise ValueError(f"row blocks hold {r} rows, not {rows}")
    data.resize(at, refcheck=False)  # no view of them exists: realloc, no copy
    indices.resize(at, refcheck=False)
    return sparse.csr_matrix((data, indices, indptr), shape=(rows, cols))


def smoothed_idf(df: np.ndarray, n: int) -> np.ndarray:
    """IDF from document frequencies ``df`` over ``n`` units, as scikit-learn's
    ``TfidfTransformer`` (smooth_idf) computes it, step for step (the same float64 values:
    tests compare them): ``log((1 + n) / (1 + df)) + 1``."""
    df = np.asarray(df).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=n + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def gram(rows: sparse.csr_matrix) -> np.ndarray:
    """``rows @ rows.T`` as a dense array, computed over the columns the rows use: the same
    numbers (the same products, summed in the same order), without the work proportional to
    the number of columns that scipy's product does to transpose its right side (a corpus's
    vocabulary: millions of terms on a large one, and a story asks once or twice)."""
    rows = sparse.csr_matrix(rows)
    used, inverse = sorted_unique(rows.indices, return_inverse=True)
    narrow = sparse.csr_matrix((rows.data, inverse.reshape(-1), rows.indptr),
                               shape=(rows.shape[0], max(len(used), 1)))
    return (narrow @ narrow.T).toarray()


def pair_cosines(matrix: sparse.csr_matrix, pairs, chunk: int = 20_000) -> np.ndarray:
    """Cosine of each ``(i, j)`` pair (a sequence of pairs or an ``(n, 2)`` array) of rows
    of an L2-normalized matrix."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    out = np.zeros(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), chunk):
        idx = pairs[s:s + chunk]
        # each distinct row taken once (a WeighedRows weighs what it gives), then repeated
        rows, inverse = sorted_unique(idx, return_inverse=True)
        inverse = inverse.reshape(idx.shape)
        sub = matrix[rows]
        out[s:s + len(idx)] = TfidfModel.cosine(sub[inverse[:, 0]], sub[inverse[:, 1]])
    return out


def ngrams(words: Sequence[str], n: int = 5) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def containment(a: set, b: set) -> float:
    """Share of ``a`` found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


def word_ids(texts: Sequence[Sequence[str]]) -> tuple[list[np.ndarray], int]:
    """Each word list as an int64 array of ids numbered from 1 (shared across ``texts``),
    and the number of distinct words."""
    # numbered in first-seen order, as one ``setdefault`` per word would; the lookups run in C
    vocab = dict(zip(dict.fromkeys(chain.from_iterable(texts)), range(1, sys.maxsize)))
    get = vocab.__getitem__
    out = [np.fromiter(map(get, ws), dtype=np.int64, count=len(ws)) for ws in texts]
    return out, len(vocab)


def gram_codes(ids: np.ndarray, n: int, bits: int) -> np.ndarray:
    """The distinct word n-grams of an id array (ids >= 1, each below ``2**bits``, ``n * bits
    <= 63``) packed exactly into one int64 each, sorted; a text shorter than ``n`` words is
    one n-gram (zero-padded, so it equals no full n-gram), as in :func:`ngrams`."""
    k = len(ids)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    if k < n:
        n = k
    code = np.zeros(k - n + 1, dtype=np.int64)
    for j in range(n):
        code = (code << bits) | ids[j:k - n + 1 + j]
    return sorted_unique(code)


def term_containment(a: np.ndarray, b: np.ndarray, idf: np.ndarray) -> float:
    """The smaller of the two IDF-weighted shares of one side's distinct terms (sorted unique
    vocabulary indices ``a``, ``b``) that the other side also has.

    A copy, however reworded, keeps its source's rare words (names, figures, topic terms)
    and its source holds most of the copy's; two texts written independently on one story
    share its main names but each has rare words of its own.  Taking the smaller share
    makes it symmetric: it does not depend on which of the two is ranked the source, so a
    wrongly ranked original does not change the relation.

    >>> idf = np.array([1.0, 2.0, 3.0])
    >>> term_containment(np.array([0, 1, 2]), np.array([0, 1]), idf)  # 3 of 6, 3 of 3
    0.5
    """
    return term_overlap(a, b, idf)[0]


def term_overlap(a: np.ndarray, b: np.ndarray, idf: np.ndarray) -> tuple[float, int]:
    """:func:`term_containment` of ``a`` and ``b``, and how many distinct terms they share.

    >>> term_overlap(np.array([0, 1, 2]), np.array([0, 1]), np.array([1.0, 2.0, 3.0]))
    (0.5, 2)
    """
    if not len(a) or not len(b):
        return 0.0, 0
    both = sorted_intersect(a, b)
    return float(idf[both].sum() / max(idf[a].sum(), idf[b].sum())), len(both)


def shared_specificity(a: np.ndarray, b: np.ndarray, idf: np.ndarray, n_units: int,
                       prior_docs: int = 0) -> float:
    """How specific the most specific term two texts share is (sorted unique vocabulary
    indices ``a``, ``b``; ``idf`` counted over ``n_units`` units, with ``prior_docs`` as the
    model has it): ``ln((1 + n) / (1 + df))`` of that term's unit frequency ``df``, over the
    same for ``df`` = 2, the rarest a shared term can be (one unit of each text).  1.0 for a
    term only the two hold, falling towards 0 for one that every unit holds; 0.0 when they
    share no term; 1.0 with fewer than 3 units (too few to tell).  Read from the IDF as
    ``(idf - 1) / (idf(df=2) - 1)``, which a prior's shrink leaves unchanged.

    A copy or rewrite, however reworded, keeps some rare word of its source (a name, a
    figure, an uncommon term); two notices of one template about other subjects (two
    companies' dividends, two ratings) share only the template's words, each common in a
    large corpus.  On a log scale, the bar a shared term must pass grows slowly with the
    corpus: below ``s`` means held by more than about ``3 ** s * (1 + n) ** (1 - s)`` units
    (0.75: ~40 of 100,000 sentences).

    >>> idf = smoothed_idf(np.array([2, 50, 1000]), 1000)
    >>> shared_specificity(np.array([0, 1, 2]), np.array([0, 2]), idf, 1000)  # shares the rarest
    1.0
    >>> round(shared_specificity(np.array([0, 1, 2]), np.array([1, 2]), idf, 1000), 3)
    0.512
    """
    if n_units < 3:
        return 1.0
    if not len(a) or not len(b):
        return 0.0
    shared = sorted_intersect(a, b)
    if not len(shared):
        return 0.0
    top = _rarest_shared_idf(n_units, prior_docs) - 1.0
    if top <= 0.0:
        return 1.0
    return float(min(1.0, (float(idf[shared].max()) - 1.0) / top))


@lru_cache(maxsize=64)
def _rarest_shared_idf(n_units: int, prior_docs: int) -> float:
    """The IDF of a term held by 2 of ``n_units`` units (:func:`shared_specificity`'s
    scale), worked out once per corpus size rather than once per pair."""
    return float(idf_from_df(np.array([2.0]), n_units, prior_docs)[0])


def name_overlap(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray], idf: np.ndarray,
                 min_count: int) -> float:
    """How much of one side's name weight the other side also writes, the larger of the two
    shares; 1.0 when either writes fewer than ``min_count`` distinct names (too few to tell
    anything).  ``a`` and ``b`` are ``(ids, counts)``: the sorted unique vocabulary indices of
    the words a text writes as names (``normalize.name_flags``) and how often it writes each;
    a name weighs its count times its IDF, so a story's main actors, named again and again,
    weigh most.  A copy or rewrite keeps its source's main names, whatever names it adds or
    drops; two notices of one kind about other companies or people share the template's
    words and common names (months, "Inc") but not their main ones.

    >>> idf = np.array([1.0, 1.0, 5.0, 5.0, 5.0])
    >>> ids = np.array([0, 1, 2])
    >>> name_overlap((ids, np.array([1, 1, 1])), (np.array([0, 1, 3]), np.array([1, 1, 1])), idf, 3)  # 2 of 7
    0.2857142857142857
    >>> name_overlap((ids, np.array([1, 1, 4])), (np.array([2, 3, 4]), np.array([3, 1, 1])), idf, 3)
    0.9090909090909091
    """
    (ia, ca), (ib, cb) = a, b
    if min(len(ia), len(ib)) < min_count:
        return 1.0
    wa, wb = ca * idf[ia], cb * idf[ib]
    in_b, in_a = sorted_isin(ia, ib), sorted_isin(ib, ia)
    return float(max(wa[in_b].sum() / wa.sum(), wb[in_a].sum() / wb.sum()))


class Shingles:
    """The word n-grams of several texts, their words numbered together once
    (:func:`word_ids`): :meth:`containment` of any two of them is
    ``containment(ngrams(a, n), ngrams(b, n))``, each text's packed n-grams
    (:func:`gram_codes`) made once however many pairs it is in."""

    def __init__(self, texts: Sequence[Sequence[str]]):
        self.texts = texts
        self.ids, self.n_words = word_ids(texts)
        self.bits = max(1, int(self.n_words).bit_length())
        self._codes: dict[tuple[int, int], np.ndarray] = {}

    def codes(self, k: int, n: int) -> np.ndarray | None:
        """Text ``k``'s distinct n-grams packed into integers (None when they do not fit)."""
        if n * self.bits > 63:
            return None
        c = self._codes.get((k, n))
        if c is None:
            c = self._codes[k, n] = gram_codes(self.ids[k], n, self.bits)
        return c

    def containment(self, a: int, b: int, n: int) -> float:
        """Share of text ``a``'s distinct n-grams that text ``b`` has."""
        ga, gb = self.codes(a, n), self.codes(b, n)
        if ga is None:  # too many words for one numbering: the pair's own (see containments)
            return containments(self.texts[a], self.texts[b], (n,))[0]
        return int(np.count_nonzero(sorted_isin(ga, gb))) / len(ga) if len(ga) else 0.0


def containments(a: Sequence[str], b: Sequence[str], ns: Sequence[int] = (5, 2)) -> list[float]:
    """``containment(ngrams(a, n), ngrams(b, n))`` for each ``n``, on packed n-gram codes
    (the same numbers; tuples only when the two texts have too many distinct words to pack)."""
    (ia, ib), v = word_ids([a, b])
    bits = max(1, int(v).bit_length())
    out = []
    for n in ns:
        if n * bits > 63:
            out.append(containment(ngrams(a, n), ngrams(b, n)))
            continue
        ga, gb = gram_codes(ia, n, bits), gram_codes(ib, n, bits)
        out.append(len(np.intersect1d(ga, gb, assume_unique=True)) / len(ga) if len(ga) else 0.0)
    return out


@dataclass(frozen=True)
class PairEvidence:
    """What the relation of a derivative to its parent is decided from."""

    similarity: float  # TF-IDF cosine of the two documents
    supported: float  # share of the derivative's content characters its parent supports
    shingle_containment: float  # share of the derivative's word 5-grams found in the parent
    identical: bool  # same content words in the same order
    term_containment: float = 1.0  # :func:`term_containment` of the two (symmetric)
    shared_passage: bool = False  # the two share a verbatim passage (winnowed fingerprints)
    number_overlap: float = 1.0  # :func:`original.number_overlap` of the two (symmetric)
    name_overlap: float = 1.0  # :func:`name_overlap` of the two (symmetric)
    shared_specificity: float = 1.0  # :func:`shared_specificity` of the two (symmetric)
    close_support: float = 1.0  # :func:`dedup.passages.close_support` of the derivative
    shared_terms: int = 1 << 30  # how many distinct terms the two share
    closing_block: bool = False  # all they share is one closing block (passages.closing_block)
    # it would be partial, but shares quoted words and little else closely, and names its own
    # sources (passages.quotes_only, Corpus.own_names; asked only when it would be partial)
    quotes_only: bool = False
    short: bool = False  # both texts hold at most SHORT_WORDS content words (see SHORT_WORDS)
    days_apart: float | None = None  # how many days apart their own dates are (None: either undated)


SHORT_WORDS = 40
"""Two texts of at most this many content words each (news briefs of a sentence or two, a
pair of sentences) are derived only when the derivative restates at least ``close_support``
of its content closely, whatever the specificity of the words they share: in a corpus of a
few texts every shared word is rare, so the specificity test (``close_specificity``) let two
briefs of one city and day on other events ("Police in Leeds arrested ...", "The council in
Leeds approved ...") be a rewrite of each other (a reviewer's), and one sentence of a
paraphrase restates the other closely.  On MSRP's 5,801 sentence pairs (each at most 35
words) it took `dedup compare`'s accuracy from 0.701 to 0.710 (docs/measurements.md)."""

TEMPLATE_SUPPORT = 0.7
"""A member that restates at least this share of its content closely (``close_support``)
while the two state other figures (``number_overlap`` under ``Options.number_overlap``, both
stating ``number_min`` numbers or more) is ``related`` even when they share verbatim
passages or most of their words, short of a near-duplicate: templated news (company results,
match reports, weather warnings, a weekly money supply figure) tells another story with the
same sentences.  A copy keeps its source's figures; a text pasting passages from several
sources (Clough's cut answers: close support 0.30) restates less of any one of them.
Written from blind25's misses (docs/measurements.md, "Templated stories")."""


LOOSE_SHARE = 0.1
"""A `partial` member restating less than this share of its content closely
(``close_support``), sharing less than this share of its 5-grams with its parent and no
verbatim passage is only loosely partial (:func:`loosely_partial`)."""


COPIED_SUPPORT = 0.5
"""See :func:`copied`."""
COPIED_SHINGLES = 0.2
"""See :func:`copied`."""


SUMMARY_SUPPORT = 0.6
"""See :func:`summarises`."""
SUMMARY_CLOSE = 0.5
"""See :func:`summarises`."""
SUMMARY_DAYS = 1.5
"""See :func:`summarises`."""


def summarises(ev: PairEvidence, options: Options) -> bool:
    """Whether a derivative sums its parent up: its parent supports SUMMARY_SUPPORT of its
    content or more and it restates SUMMARY_CLOSE of it closely, with the parent's
    figures and names (``number_overlap`` and ``name_overlap``).  Such a text holds a small
    share of its parent's terms (a newsletter's 80 words on a story of 350), so the term share
    (``derived_containment``), which is the smaller of the two sides', does not make it
    `related`; a story of the same beat restates hardly any of its sentences closely.  Not
    when the two texts' own dates are more than SUMMARY_DAYS apart: a summary comes within
    hours, a wire's later report on the same subject days after (Reuters: India's sugar
    tender of March 4 and the one of March 11, a company's losses and its deal two days
    later), restating its background closely."""
    return (ev.supported >= SUMMARY_SUPPORT and ev.close_support >= SUMMARY_CLOSE
            and ev.number_overlap >= options.number_overlap and ev.name_overlap >= options.name_overlap
            and (ev.days_apart is None or ev.days_apart <= SUMMARY_DAYS))


def days_apart(a: str | None, b: str | None) -> float | None:
    """How many days apart two documents' own dates (ISO 8601, a day or a time; no zone read
    as UTC) are; None when either is missing.

    >>> round(days_apart("1987-03-04T18:32:28", "1987-03-12T14:59:26"), 2)
    7.85
    >>> days_apart("2025-01-21", None) is None
    True
    """
    da, db = utc_datetime(a), utc_datetime(b)
    if da is None or db is None:
        return None
    return abs((da - db).total_seconds()) / 86400.0


def copied(ev: PairEvidence, relation: str) -> bool:
    """Whether a derivative shows copying from its parent, not only its subject: an exact or
    near copy, a verbatim passage, :data:`COPIED_SUPPORT` of its content restated closely or
    :data:`COPIED_SHINGLES` of its word 5-grams in the parent."""
    return (relation in ("duplicate", "near-duplicate") or ev.shared_passage
            or ev.close_support >= COPIED_SUPPORT or ev.shingle_containment >= COPIED_SHINGLES)


def loosely_partial(ev: PairEvidence) -> bool:
    """Whether a member :func:`classify` calls `partial` of another holds nothing of it that
    copying would leave: no sentence restated closely, no verbatim passage, hardly a 5-gram
    (a story of the same outlet on the same beat, whose topic words and, in a script written
    without spaces, character bigrams it shares).  Such a member does not make an earlier
    one the head of its story (:func:`dedup.original.derived_head`; blind21, blind30,
    blind33, blind39, blind51: an outlet's story of the day before put first by its date)."""
    return (not ev.shared_passage and ev.close_support < LOOSE_SHARE
            and ev.shingle_containment < LOOSE_SHARE)


def classify(ev: PairEvidence, options: Options) -> str:
    """The relation of a derivative to its parent (see the module docstring)."""
    if ev.identical:
        return "duplicate"
    added = 1.0 - ev.supported
    if ev.shingle_containment >= options.near_duplicate and added <= options.partial_added:
        return "near-duplicate"
    if ev.closing_block:  # a paragraph both end with (about the organisation): not copying
        return "related"
    if (ev.number_overlap < options.number_overlap and ev.close_support >= TEMPLATE_SUPPORT
            and ev.shingle_containment < options.near_duplicate):
        # sentence by sentence the same, other figures throughout: a template's next story
        # (a company's results, a weekly money supply), even with verbatim passages
        return "related"
    if (((ev.term_containment < options.derived_containment and not summarises(ev, options))
         or ev.shared_terms < options.min_shared_terms
         or ev.number_overlap < options.number_overlap
         or ev.name_overlap < options.name_overlap or ev.shared_specificity < options.shared_specificity
         or ((ev.shared_specificity < options.close_specificity or ev.short)
             and ev.close_support < options.close_support))
            and ev.shingle_containment < options.near_duplicate
            and not ev.shared_passage):  # a verbatim passage is copying, however short
        return "related"
    if added > options.partial_added:
        # (quotes_only: one speaker quoted by both, each report with its own sources)
        return "related" if ev.quotes_only else "partial"
    return "rewrite"


def model_from_counts(unit_df: dict[str, int], n_units: int, term_lists: Sequence[Sequence[str]],
                      prior_docs: int = 0) -> TfidfModel:
    """A :class:`TfidfModel` whose IDF comes from stored counts instead of a fit (the index's
    scoring state): ``unit_df`` maps each term to how many of the ``n_units`` units (sentences)
    hold it.  IDF is scikit-learn's smoothed one, ``ln((1 + n) / (1 + df)) + 1``, so on the
    terms it knows the model weighs rows exactly as ``TfidfModel(prior_docs).fit`` on the whole
    corpus does.  ``matrix_`` holds the rows of ``term_lists``.

    >>> m = model_from_counts({"a": 2, "b": 1, "c": 1}, 2, [["a", "b"]])
    >>> f = TfidfModel().fit([["a", "b"], ["a", "c"]])
    >>> bool(np.allclose(m.idf_, f.idf_))
    True
    """
    vocab = sorted(unit_df)
    df = np.fromiter((unit_df[t] for t in vocab), dtype=np.float64, count=len(vocab))
    m = model_from_df(vocab, df, n_units, prior_docs)
    m.matrix_ = m.transform(term_lists)
    return m


def model_from_df(vocab: list[str], df: np.ndarray, n_units: int, prior_docs: int = 0,
                  vocabulary: dict[str, int] | None = None) -> TfidfModel:
    """:func:`model_from_counts` without rows: ``vocab`` sorted, ``df[k]`` the units holding
    ``vocab[k]``; ``m.weigh(counts)`` then gives rows of a count matrix over ``vocab``.
    ``vocabulary``: ``{t: k for k, t in enumerate(vocab)}`` when the caller has made it."""
    m = TfidfModel(prior_docs)
    m.terms_ = vocab
    m.vocabulary_ = {t: k for k, t in enumerate(vocab)} if vocabulary is None else vocabulary
    m.idf_ = idf_from_df(df, n_units, prior_docs)
    m.n_units = n_units
    m._idf_map = None
    return m


def idf_from_df(df: np.ndarray, n_units: int, prior_docs: int = 0) -> np.ndarray:
    """The IDF :func:`model_from_df` gives terms held by ``df`` of ``n_units`` units:
    :func:`smoothed_idf`, shrunk towards 1 while ``n_units`` is below ``prior_docs``."""
    idf = smoothed_idf(df, n_units)
    shrink = min(1.0, n_units / prior_docs) if prior_docs > 0 else 1.0
    return 1.0 + shrink * (idf - 1.0)
