"""The plain-Python API that the CLI, the filter and the service all call.

>>> from dedup import Document, batch
>>> docs = [Document("a", "Storm floods the old town. Rescue teams worked all night."),
...         Document("b", "Storm floods the old town. Rescue teams worked all night.")]
>>> [(m.id, m.role, m.relation) for m in batch(docs).clusters[0].members]
[('a', 'original', None), ('b', 'derivative', 'duplicate')]

The batch pipeline, one module per stage::

    io -> normalize -> features -> candidates -> score -> cluster -> original -> passages -> report
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np

from . import candidates as cand
from . import features, normalize, original, passages, score
from .cluster import capped_components, mutual_neighbors, split_loose
from .config import Options
from .document import Document, Span

Progress = Callable[[str, int, int], None]  # (stage name, done, total) -> None


@dataclass
class Member:
    id: str
    role: str  # "original" | "derivative"
    parent: str | None = None
    relation: str | None = None
    similarity: float | None = None
    added: list[Span] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)


@dataclass
class Cluster:
    cluster: str
    original: str
    confidence: float
    reasons: list[str]
    members: list[Member]


@dataclass
class BatchResult:
    clusters: list[Cluster]  # every document is in exactly one cluster (singletons included)
    texts: dict[str, str]  # id -> text as given (for slicing spans)
    stats: Counter
    options: Options


@dataclass
class Comparison:
    a: str
    b: str
    similarity: float
    relation: str | None  # relation of the derivative to the source, None when unrelated
    source: str | None  # the side that is likely the source, None when unrelated
    confidence: float
    reasons: list[str]
    added: dict[str, list[Span]]  # each side's passages the other does not support
    boilerplate: dict[str, list[Span]]


class Corpus:
    """Stages 1-4 over one corpus: prepared documents, the TF-IDF model, links.

    Built once per run; stage functions read from it.
    """

    def __init__(self, docs: Sequence[Document], options: Options, progress: Progress | None = None):
        self.options = options
        self.stats: Counter = Counter(documents=len(docs))
        tick = progress or (lambda stage, done, total: None)
        self.docs = normalize.prepare_batch(docs, options.template_min_docs)
        tick("normalize", len(docs), len(docs))
        self.sentences = passages.SentenceIndex(options)
        per_doc = [self.sentences.get(p).terms for p in self.docs]
        self.terms = [[t for sent in sents for t in sent] for sents in per_doc]
        self.stats["no_content"] = sum(1 for t in self.terms if not t)
        units = [sent for sents in per_doc for sent in sents]
        self.model = score.TfidfModel().fit(self.terms, units)
        tick("features", len(docs), len(docs))

    def links(self) -> list[tuple[int, int, float]]:
        """Candidate pairs (MinHash LSH over key terms) whose TF-IDF cosine reaches the threshold."""
        o = self.options
        idf = features.idf_weights(features.document_frequencies(self.terms), len(self.terms),
                                   o.idf_prior_docs)
        keys = [features.key_terms(t, idf, o, len(self.terms)) for t in self.terms]
        sigs = features.sketches(keys, o)
        cstats = cand.CandidateStats()
        pairs = cand.candidate_pairs(sigs, o, cstats)
        sims = score.pair_cosines(self.model.matrix_, pairs)
        self.stats["candidate_pairs"] = cstats.pairs
        self.stats["oversized_buckets"] = cstats.oversized_buckets
        keep = sims >= o.link_threshold
        linked = list(zip(pairs[keep, 0].tolist(), pairs[keep, 1].tolist(), sims[keep].tolist()))
        linked = mutual_neighbors(linked, o.link_neighbors)
        # exact copies are always linked, even when LSH skipped their bucket as a template
        # or they have no content words at all
        have = {(i, j) for i, j, _ in linked}
        exact = [(g[0], k, 1.0) for g in self.identical_groups() for k in g[1:] if (g[0], k) not in have]
        self.stats["exact_copies"] = len(exact)
        linked = sorted(linked + exact)
        self.stats["linked_pairs"] = len(linked)
        return linked

    def identical_groups(self) -> list[list[int]]:
        """Groups of documents with the same words in the same order (boilerplate included)."""
        by_words: dict[tuple, list[int]] = {}
        for k, p in enumerate(self.docs):
            by_words.setdefault(tuple(t[2] for t in p.tokens), []).append(k)
        return [g for key, g in by_words.items() if len(g) > 1 and key]

    def similarity(self, idx: Sequence[int]) -> np.ndarray:
        rows = self.model.matrix_[list(idx)]
        return np.asarray((rows @ rows.T).todense())

    def align(self, i: int, j: int) -> passages.Alignment:
        """How document ``j`` supports document ``i``."""
        return passages.align(self.docs[i], self.docs[j], self.model, self.sentences, self.options)

    def evidence(self, i: int, j: int, sim: float, al: passages.Alignment) -> score.PairEvidence:
        di, dj = self.docs[i], self.docs[j]
        ci, cj = di.content, dj.content
        same_words = [t[2] for t in di.tokens] == [t[2] for t in dj.tokens]
        return score.PairEvidence(
            similarity=sim,
            supported=al.supported,
            shingle_containment=score.containment(score.ngrams(ci), score.ngrams(cj)),
            identical=(bool(ci) and ci == cj) or (bool(di.tokens) and same_words),
            strength=al.strength,
            bigram_containment=score.containment(score.ngrams(ci, 2), score.ngrams(cj, 2)),
        )


MAX_COVERAGE_MEMBERS = 20
"""Clusters larger than this rank their original by centrality and date only."""


def _story(corpus: Corpus, members: list[int], name: str) -> Cluster:
    docs = corpus.docs
    ids = [docs[i].id for i in members]
    sim = corpus.similarity(members)
    m = len(members)
    coverage = weakest = words = None
    if 1 < m <= MAX_COVERAGE_MEMBERS:
        coverage = np.zeros((m, m))
        weakest = np.ones((m, m))  # a member without sentences has none that is unsupported
        for a in range(m):
            for b in range(m):
                if a != b:  # share of b's content supported by a
                    al = corpus.align(members[b], members[a])
                    coverage[a, b] = al.supported
                    if al.scores:
                        weakest[a, b] = min(al.scores)
        words = [docs[i].content for i in members]
    ranking = original.rank(sim, coverage, [docs[i].date for i in members], ids, weakest, words)
    parent_of = original.parents(ranking.order, sim)
    out = []
    for pos in ranking.order:
        i = members[pos]
        if pos == ranking.order[0]:
            out.append(Member(ids[pos], "original", boilerplate=docs[i].boilerplate))
            continue
        ppos = parent_of[pos]
        al = corpus.align(i, members[ppos])
        ev = corpus.evidence(i, members[ppos], float(sim[pos, ppos]), al)
        relation = score.classify(ev, corpus.options)
        similarity = 1.0 if relation == "duplicate" else round(float(sim[pos, ppos]), 4)
        out.append(Member(ids[pos], "derivative", parent=ids[ppos], relation=relation,
                          similarity=similarity, added=al.added, boilerplate=docs[i].boilerplate))
    return Cluster(name, ids[ranking.order[0]], ranking.confidence, ranking.reasons, out)


def batch(docs: Iterable[Document], options: Options | None = None,
          progress: Progress | None = None) -> BatchResult:
    """Cluster a corpus into stories, rank each story's original, find what derivatives added."""
    options = options or Options()
    docs = list(docs)
    corpus = Corpus(docs, options, progress)
    links = corpus.links()
    groups = capped_components(len(docs), links, options.link_threshold, options.max_story)
    groups = split_loose(groups, corpus.similarity, options.story_cohesion)
    tick = progress or (lambda stage, done, total: None)
    tick("candidates", len(docs), len(docs))
    corpus.sentences.build([corpus.docs[i] for g in groups if len(g) > 1 for i in g], corpus.model)
    clusters = []
    done = 0
    for n, g in enumerate(groups, 1):
        clusters.append(_story(corpus, g, f"s{n}"))
        done += len(g)
        if len(g) > 1 or n % 1000 == 0 or n == len(groups):
            tick("stories", done, len(docs))
    corpus.stats["clusters"] = sum(1 for g in groups if len(g) > 1)
    corpus.stats["clustered_documents"] = sum(len(g) for g in groups if len(g) > 1)
    return BatchResult(clusters, {d.id: d.text for d in docs}, corpus.stats, options)


def compare(a: Document, b: Document, options: Options | None = None,
            corpus: Corpus | None = None) -> Comparison:
    """Explain one pair: similarity, relation, the likely source, what each side added.

    With ``corpus`` (built from a larger collection holding both), IDF comes from it;
    otherwise from the two texts alone.
    """
    options = options or Options()
    if corpus is None:
        corpus = Corpus([a, b], options)
        ia, ib = 0, 1
    else:
        pos = {p.id: k for k, p in enumerate(corpus.docs)}
        ia, ib = pos[a.id], pos[b.id]
    story = _story(corpus, [ia, ib], "pair")
    src = story.members[0]
    der = story.members[1]
    added = {a.id: corpus.align(ia, ib).added, b.id: corpus.align(ib, ia).added}
    linked = der.similarity is not None and der.similarity >= options.link_threshold
    return Comparison(
        a=a.id, b=b.id, similarity=der.similarity or 0.0,
        relation=der.relation if linked else None,
        source=src.id if linked and der.relation != "related" else None,
        confidence=story.confidence, reasons=story.reasons, added=added,
        boilerplate={a.id: corpus.docs[ia].boilerplate, b.id: corpus.docs[ib].boilerplate},
    )
