"""Stage 4: verify candidates with TF-IDF (scikit-learn) and name the relation of a pair.

The TF-IDF model is fitted on the corpus itself (content terms only: boilerplate never
counts), with sublinear term frequency and IDF shrunk towards 1 in tiny corpora.  A
candidate pair is *linked* when the cosine of its two documents reaches
``link_threshold``.  Relations:

``duplicate``       the same content words in the same order;
``near-duplicate``  most word 5-grams shared and little added;
``rewrite``         the derivative's content is supported by its parent but reworded;
``partial``         part of it is supported, and it adds substantial material of its own;
``related``         the same story, but too little of it is supported: written independently.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from .config import Options

RELATIONS = ("duplicate", "near-duplicate", "partial", "rewrite", "related")


def _identity(x):
    return x


class TfidfModel:
    """TF-IDF over pre-computed term lists, fitted on a corpus.

    >>> m = TfidfModel(prior_docs=0).fit([["a", "b"], ["a", "c"]])
    >>> round(float(m.cosine(m.transform([["a", "b"]]), m.transform([["a", "b"]]))[0]), 3)
    1.0
    """

    def __init__(self, prior_docs: int = 0):
        self.prior_docs = prior_docs

    def fit(self, term_lists: Sequence[Sequence[str]],
            units: Sequence[Sequence[str]] | None = None) -> "TfidfModel":
        """Fit on documents' term lists.  Document frequencies are counted over ``units``
        (by default the documents themselves; dedup passes sentences: a word in most
        sentences is a function word even in a corpus of five texts)."""
        self.vectorizer_ = CountVectorizer(analyzer=_identity, lowercase=False)
        counts = self.vectorizer_.fit_transform(term_lists)
        self.transformer_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        if units is not None:
            unit_counts = self.vectorizer_.transform(units)
            self.transformer_.fit(unit_counts)
        n = counts.shape[0] if units is None else len(units)
        shrink = min(1.0, n / self.prior_docs) if self.prior_docs > 0 else 1.0
        self.transformer_.idf_ = 1.0 + shrink * (self.transformer_.idf_ - 1.0)
        self.matrix_ = self.transformer_.transform(counts).tocsr()
        return self

    def idf_map(self) -> dict[str, float]:
        """Term -> IDF weight as fitted."""
        idf = self.transformer_.idf_
        return {t: float(idf[k]) for t, k in self.vectorizer_.vocabulary_.items()}

    def transform(self, term_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        return self.transformer_.transform(self.vectorizer_.transform(term_lists)).tocsr()

    @staticmethod
    def cosine(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
        """Row-wise cosine of two equally long stacks of L2-normalized rows."""
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def pair_cosines(matrix: sparse.csr_matrix, pairs: Sequence[tuple[int, int]], chunk: int = 200_000
                 ) -> np.ndarray:
    """Cosine of each ``(i, j)`` pair of rows of an L2-normalized matrix."""
    out = np.zeros(len(pairs), dtype=np.float64)
    for s in range(0, len(pairs), chunk):
        idx = np.asarray(pairs[s:s + chunk], dtype=np.int64).reshape(-1, 2)
        out[s:s + len(idx)] = TfidfModel.cosine(matrix[idx[:, 0]], matrix[idx[:, 1]])
    return out


def ngrams(words: Sequence[str], n: int = 5) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def containment(a: set, b: set) -> float:
    """Share of ``a`` found in ``b``."""
    return len(a & b) / len(a) if a else 0.0


@dataclass(frozen=True)
class PairEvidence:
    """What the relation of a derivative to its parent is decided from."""

    similarity: float  # TF-IDF cosine of the two documents
    supported: float  # share of the derivative's content characters its parent supports
    shingle_containment: float  # share of the derivative's word 5-grams found in the parent
    identical: bool  # same content words in the same order


def classify(ev: PairEvidence, options: Options) -> str:
    """The relation of a derivative to its parent (see the module docstring)."""
    if ev.identical:
        return "duplicate"
    added = 1.0 - ev.supported
    if ev.shingle_containment >= options.near_duplicate and added <= options.partial_added:
        return "near-duplicate"
    if ev.supported < options.derived_support and ev.shingle_containment < options.derived_support:
        return "related"
    if added > options.partial_added:
        return "partial"
    return "rewrite"
