"""Stage 7: align a derivative's sentences to its parent and find what it added.

Every content sentence of the derivative is scored by its best TF-IDF cosine against the
parent's sentences and against windows of two consecutive parent sentences (a summary
often merges two sentences into one).  Sentences scoring below ``sentence_support`` are
*unsupported*; runs of them separated only by white space form the added passages,
reported as spans into the derivative's own text.  Passages of fewer than
``min_added_tokens`` words (headings, stray words) are not reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .config import Options
from .document import Span
from .features import terms
from .normalize import Prepared
from .score import TfidfModel


@dataclass
class Alignment:
    supported: float  # share of the derivative's content characters that the parent supports
    scores: list[float] = field(default_factory=list)  # best support of each content sentence
    added: list[Span] = field(default_factory=list)


def sentence_words(p: Prepared) -> list[list[str]]:
    """Normalized words of each content sentence of ``p``."""
    out: list[list[str]] = []
    toks = p.tokens
    ti = 0
    for s in p.sentences:
        while ti < len(toks) and toks[ti][0] < s.start:
            ti += 1
        words = []
        while ti < len(toks) and toks[ti][1] <= s.end:
            words.append(toks[ti][2])
            ti += 1
        out.append(words)
    return out


class SentenceIndex:
    """Sentence term lists of prepared documents, computed once per document."""

    def __init__(self, options: Options):
        self.options = options
        self._cache: dict[int, tuple[list[list[str]], list[list[str]]]] = {}

    def get(self, p: Prepared) -> tuple[list[list[str]], list[list[str]]]:
        """(sentence words, sentence terms) of ``p``."""
        key = id(p)
        if key not in self._cache:
            words = sentence_words(p)
            self._cache[key] = (words, [terms(w, self.options.stem_chars) for w in words])
        return self._cache[key]


def support_scores(model: TfidfModel, d_terms: Sequence[Sequence[str]],
                   p_terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Support of each derivative sentence by the parent: the mean of its best cosine
    against parent sentences and 2-sentence windows, and the IDF-weighted share of its
    terms found anywhere in the parent."""
    if not d_terms:
        return np.zeros(0)
    if not p_terms:
        return np.zeros(len(d_terms))
    windows = list(p_terms) + [list(a) + list(b) for a, b in zip(p_terms, p_terms[1:])]
    sims = model.transform(d_terms) @ model.transform(windows).T
    best = np.asarray(sims.max(axis=1).todense()).ravel()
    idf = model.idf_map()
    vocab = {t for ts in p_terms for t in ts}
    recall = np.zeros(len(d_terms))
    for k, ts in enumerate(d_terms):
        uniq = set(ts)
        total = sum(idf.get(t, 1.0) for t in uniq)
        if total:
            recall[k] = sum(idf.get(t, 1.0) for t in uniq if t in vocab) / total
    return (best + recall) / 2


def paragraphs(p: Prepared) -> list[int]:
    """Paragraph (line) number of each content sentence."""
    out, li = [], 0
    lines = p.lines
    for s in p.sentences:
        while li < len(lines) and lines[li].end <= s.start:
            li += 1
        out.append(li)
    return out


def unsupported_flags(p: Prepared, scores: np.ndarray, options: Options) -> list[bool]:
    """Sentences below ``sentence_support``; every sentence of a paragraph whose mean
    support is below ``paragraph_support``; and, growing from those (hysteresis), their
    neighbours below ``sentence_support + support_margin``."""
    flags = [float(x) < options.sentence_support for x in scores]
    para = paragraphs(p)
    groups: dict[int, list[int]] = {}
    for k, g in enumerate(para):
        groups.setdefault(g, []).append(k)
    for ks in groups.values():
        if len(ks) >= 2 and float(np.mean([scores[k] for k in ks])) < options.paragraph_support:
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


def align(d: Prepared, parent: Prepared, model: TfidfModel, index: SentenceIndex,
          options: Options) -> Alignment:
    """How much of ``d`` its parent supports, and the passages ``d`` added."""
    d_words, d_terms = index.get(d)
    _, p_terms = index.get(parent)
    scores = support_scores(model, d_terms, p_terms)
    unsupported = unsupported_flags(d, scores, options)
    total = sum(s.end - s.start for s in d.sentences)
    kept = sum(s.end - s.start for s, u in zip(d.sentences, unsupported) if not u)
    return Alignment(
        supported=kept / total if total else 0.0,
        scores=[float(x) for x in scores],
        added=added_spans(d, d_words, unsupported, options.min_added_tokens),
    )
