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

import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain, count
from collections.abc import Sequence as _SequenceABC
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence

import datetime as _dt

import numpy as np
import xxhash

from . import candidates as cand
from . import features, normalize, original, pagedate, parallel, passages, score, spill
from .cluster import capped_components_arrays, loose_labels, mutual_neighbors, split_loose
from .config import Options
from .document import CompactDocuments, Document, DocumentList, Span, check_document, utc_datetime

Progress = Callable[[str, int, int], None]  # (stage name, done, total) -> None
#: What each stage of :func:`batch` counts in its ``progress`` calls, when not documents.
#: The stages, in order: "templates", "normalize", "document frequencies", "term weights",
#: "key terms", "LSH bands", "verify" (candidate pairs), "passages", "story cut" (linked
#: groups of three or more), "stories".
STAGE_UNITS = {"LSH bands": "bands", "verify": "pairs", "story cut": "groups"}


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
    texts: Mapping[str, str]  # id -> text as given (for slicing spans)
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
    evidence: dict[str, float | bool] = field(default_factory=dict)  # what the relation was decided from


_EPOCH = _dt.datetime(1970, 1, 1)


def stream_key(doc_id: str, date: str | None) -> tuple:
    """Where a document comes in the order a stream would bring a corpus: by its date (UTC;
    a value that is no ISO 8601 date counts as none), the undated last, then by id.  Batch
    counts a repeated sentence in the first document of this order; ``eval/filter_agreement.py``
    feeds an index in it."""
    d = utc_datetime(date)
    return d is None, d or _EPOCH, doc_id


class Corpus:
    """Stages 1-4 over one corpus: document features, the TF-IDF model, links.

    Built once per run; stage functions read from it.  Stage 1 runs over batches of
    documents (in ``jobs`` worker processes when ``jobs > 1``) and keeps only what the later
    stages need of every document: its sentence terms, boilerplate spans and an identity
    key, and (in a temporary file) its sentences' spans and line numbers.  The full analysis
    of a document (words with offsets, sentences), which the story stage needs for
    clustered documents only, is restored from them on demand (:meth:`prepared`: only the
    words are found again) and dropped when its story is done (:meth:`release`), so memory
    does not hold every document's words at once.
    """

    def __init__(self, docs: Sequence[Document], options: Options, progress: Progress | None = None,
                 jobs: int = 1):
        self.options = options
        self.jobs = jobs
        self._positions: dict[str, int] | None = None  # id -> index (see position)
        # compact documents are kept as they are (decompressed one text at a time)
        self.source = docs if isinstance(docs, (CompactDocuments, DocumentList)) else DocumentList(docs)
        n = len(self.source)
        self.stats: Counter = Counter(documents=n)
        tick = self._tick = progress or (lambda stage, done, total: None)
        self.templates: set[str] = set()
        self.boilerplate: list[list[Span]] = []
        self._identity: list[int | None] = []
        # term -> id, numbered as first met (renumbered below); a term not in it yet is given
        # the next id by the lookup itself, in C
        vocab: defaultdict[str, int] = defaultdict(count().__next__)
        # per batch of documents (by its first position), in the order the shards send them:
        # where its term ids (of every sentence of its documents) start in ``staged`` and
        # how many there are, terms per sentence, sentences per document, boilerplate spans
        # and identity keys (put in position order below)
        parts: dict[int, tuple] = {}
        staged = spill.DiskArray(np.int32)  # the batches' term ids, in the order they came
        staged_spans = spill.DiskArray(np.int64)  # their sentences' spans and line numbers, likewise
        with parallel.Shards(n, jobs, self) as shards:
            if n >= options.template_min_docs:
                def found():  # counted as the shards send them, never all held at once
                    done = 0
                    tick("templates", 0, n)
                    for a, b, part in shards.run(_template_range, ordered=False):
                        yield from part
                        done += b - a
                        tick("templates", done, n)
                self.templates = normalize.count_templates(found(), options.template_min_docs)
            done = 0
            tick("normalize", 0, n)
            for a, b, (names, local, lens, n_sents, spans, spans_keys) in shards.run(
                    _features_range, self.templates, ordered=False):
                # one lookup a distinct term of the batch, new terms numbered by it
                glob = np.fromiter(map(vocab.__getitem__, names), dtype=np.int32, count=len(names))
                parts[a] = (len(staged), len(local), lens, n_sents, spans_keys, len(staged_spans), len(spans))
                staged.append(glob[local])
                staged_spans.append(spans)
                done += b - a
                tick("normalize", done, n)
        tick("normalize", n, n)
        order = sorted(parts)
        ids_parts = [parts[a][:2] for a in order]  # where each batch's term ids are in ``staged``
        sent_lens = [parts[a][2] for a in order]  # terms per sentence
        doc_sents = np.zeros(n + 1, dtype=np.int64)  # document k's sentences: doc_sents[k]:doc_sents[k+1]
        if n:
            np.cumsum(np.concatenate([parts[a][3] for a in order]), out=doc_sents[1:])
        spans_keys = [parts[a][4] for a in order]  # unpickled once the vocabulary is freed
        # each sentence's start, end and line number, in position order (24 bytes a
        # sentence, in a temporary file): the story stage restores a document's analysis
        # from them without finding its lines and sentences again (:meth:`prepared`)
        self.sent_spans = spill.DiskArray(np.int64)
        for a in order:
            at, size = parts[a][5:7]
            self.sent_spans.append(staged_spans[at:at + size])
        del staged_spans
        del parts
        lens = np.concatenate(sent_lens) if sent_lens else np.zeros(0, dtype=np.int64)
        del sent_lens
        # number the terms in sorted order, as a vocabulary fitted on the strings would be
        names = sorted(vocab)
        rank = np.zeros(len(vocab), dtype=np.int32)
        rank[np.fromiter(map(vocab.__getitem__, names), dtype=np.int64, count=len(names))] = np.arange(
            len(names), dtype=np.int32)
        del vocab
        names = score.TermList(names)  # the vocabulary as one buffer, not a string per term
        # every document's term ids, in position order, renumbered a batch at a time: held
        # in a temporary file (4 bytes per term occurrence, ~2 GB at a million articles),
        # which the stages read a range of documents at a time
        self.term_ids = spill.DiskArray(np.int32)
        for at, size in ids_parts:
            self.term_ids.append(rank[staged[at:at + size]])
        del ids_parts, rank, staged, order
        for packed in spans_keys:  # now that the vocabulary's strings are gone
            boiler, ident = pickle.loads(packed)  # bytes a worker of this run pickled
            self.boilerplate.extend(boiler)
            self._identity.extend(ident)
        del spans_keys
        parallel.release_free_memory()
        self.sent_offsets = np.zeros(len(lens) + 1, dtype=np.int64)
        np.cumsum(lens, out=self.sent_offsets[1:])
        self.doc_sents = doc_sents
        self.doc_offsets = self.sent_offsets[doc_sents]  # document k's terms: doc_offsets[k]:doc_offsets[k+1]
        self.stats["no_content"] = int(np.sum(np.diff(self.doc_offsets) == 0))
        # a sentence repeated in many documents (a text copied by the hundred) is counted
        # once, in the first document of the stream order that holds it
        # (features.term_hash64 of each term, from its UTF-8 as the term list holds it)
        term_hash = np.fromiter((xxhash.xxh3_64_intdigest(names.encoded(k)) for k in range(len(names))),
                                dtype=np.uint64, count=len(names))
        hashes = features.unit_hashes(self.term_ids, self.sent_offsets, term_hash)
        del term_hash
        counted = features.counted_units(hashes, self.sent_offsets, doc_sents, self.stream_order())
        del hashes
        self.stats["repeated_sentences"] = int(len(counted) - np.count_nonzero(counted))
        self.model = score.TfidfModel().fit_ids(names, self.term_ids, self.doc_offsets, self.sent_offsets,
                                                compact=True, progress=tick, counted=counted,
                                                doc_units=doc_sents)
        del counted
        parallel.release_free_memory()  # the slices' count matrices
        self.sentences = passages.SentenceIndex(options)
        self._prepared: dict[int, normalize.Prepared] = {}
        self._page_dates: dict[int, pagedate.PageDates | None] = {}  # page_dates, once asked
        self._mastheads: dict[int, list[str]] = {}  # masthead, once asked
        self._passage_codes: np.ndarray | None = None  # see passage_pairs
        self._candidate_codes: np.ndarray | None = None  # while link_arrays verifies them
        self.docs = _PreparedDocs(self)

    @property
    def terms(self) -> list[list[str]]:
        """Every document's terms as strings (for tools; the pipeline works on ``term_ids``)."""
        names = self.model.terms_
        o = self.doc_offsets
        return [[names[t] for t in self.term_ids[o[k]:o[k + 1]].tolist()] for k in range(len(o) - 1)]

    def text(self, i: int) -> str:
        """Document ``i``'s text."""
        return self.source.text(i)

    def doc_id(self, i: int) -> str:
        """Document ``i``'s id."""
        return self.source.id(i)

    def position(self, doc_id: str) -> int:
        """The index of the document with this id (the map is made on first use, from the ids
        alone: no document is analysed for it)."""
        if self._positions is None:
            self._positions = {self.source.id(k): k for k in range(len(self.source))}
        return self._positions[doc_id]

    def stream_order(self) -> np.ndarray:
        """The documents in the order a stream would bring them (:func:`stream_key`: it
        decides which copy of a repeated sentence is counted)."""
        keys = [stream_key(self.source.id(k), self.source.date(k)) for k in range(len(self.source))]
        return np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.int64)

    def doc_date(self, i: int) -> str | None:
        """Document ``i``'s date."""
        return self.source.date(i)

    def page_dates(self, i: int) -> pagedate.PageDates | None:
        """When document ``i``'s page says it was first published and last updated
        (:func:`dedup.pagedate.page_dates`)."""
        d = self._page_dates.get(i, False)
        if d is False:
            d = self._page_dates[i] = pagedate.page_dates(self.source.text(i), self.boilerplate[i])
        return d

    def rank_dates(self, members: Sequence[int]) -> tuple[list[str | None], list[str | None]]:
        """The dates ``members`` are ranked by, and the dates that order those of one date
        (:func:`dedup.pagedate.ranking_dates`)."""
        return pagedate.ranking_dates([self.doc_date(i) for i in members], lambda k: self.page_dates(members[k]),
                                      self.options.page_dates)

    def prepared(self, i: int) -> normalize.Prepared:
        """The stage-1 analysis of document ``i`` (cached until :meth:`release`): its words
        found again, its boilerplate, sentences and their line numbers as stage 1 decided
        them (:func:`dedup.normalize.restore`; the lines themselves are not kept)."""
        p = self._prepared.get(i)
        if p is None:
            rows = self.sent_spans[3 * self.doc_sents[i]:3 * self.doc_sents[i + 1]].reshape(-1, 3).tolist()
            p = self._prepared[i] = normalize.restore(self.source[i], self.boilerplate[i],
                                                      [Span(a, b) for a, b, _ in rows], [g for _, _, g in rows])
            off = self.sent_offsets[self.doc_sents[i]:self.doc_sents[i + 1] + 1]
            self.sentences.seed(p, self.term_ids[off[0]:off[-1]], off - off[0])
        return p

    def release(self, idx: Iterable[int]) -> None:
        """Forget the analyses, sentence vectors and mastheads of documents ``idx``."""
        idx = list(idx)
        gone = [self._prepared.pop(i) for i in idx if i in self._prepared]
        self.sentences.release(gone)
        for i in idx:
            self._mastheads.pop(i, None)

    def link_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate pairs (MinHash LSH over key terms) whose TF-IDF cosine reaches the
        threshold, plus exact copies, as arrays ``(i, j, cosine)`` sorted by ``(i, j)``."""
        o = self.options
        df = self.model.doc_df_  # (a repeated sentence counted once: see __init__)
        self._tick("key terms", 0, len(self.source))
        # a term no other document holds can put no pair in one bucket: key terms are picked
        # among the terms two documents or more hold.  Among the rarest terms, the ones a
        # single text holds win (the highest IDF), so a rewrite and its original in a
        # language or on a subject the rest of the corpus lacks (every word of theirs equally
        # rare) had key terms of their own words alone (Jaccard 0.00-0.05 for a Hebrew, a
        # Russian and an Arabic rewrite among 2,000 other texts; 0.89-1.0 so)
        # (the documents holding a term at all: an exact copy's sentences are not counted in
        # df, yet its terms put it in its source's buckets)
        keys, offsets = features.key_term_ids_from(self.term_ids, self.doc_offsets, df, self.model.terms_, o,
                                                     jobs=self.jobs, progress=partial(self._tick, "key terms"),
                                                     shared_by=self.model.held_df_)
        del df
        self.model.held_df_ = None  # (8 bytes a term, needed no more)
        parallel.release_free_memory()
        used = features.sorted_unique(keys)
        term_hash = np.zeros(self.model.n_terms, dtype=np.uint32)
        encoded = self.model.terms_.encoded  # the corpus's vocabulary is a TermList (see __init__)
        term_hash[used] = [features.hash32(encoded(t)) for t in used.tolist()]
        hashes = term_hash[keys]
        # the candidate index: 4 bytes per key term and an offset per document
        self.stats["candidate_index_bytes"] = int(hashes.nbytes + offsets.nbytes)
        cstats = cand.CandidateStats()
        # pair (i, j) as i * n + j, sorted; 4 bands a pass: each pass's pairs are held
        # (with repeats) until merged, and at 16 a pass they were ~200 MiB at 100k documents
        # a bucket over max_bucket proposes its pairs with its member of the smallest id (not
        # the first in input order: the links, and the stories, changed with the input order)
        rank: list = []

        def first(members: np.ndarray) -> int:
            if not rank:
                ids = [self.doc_id(k) for k in range(len(self.source))]
                r = np.empty(len(ids), dtype=np.int64)
                r[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
                rank.append(r)
            return int(members[np.argmin(rank[0][members])])

        n_docs = len(self.source)
        if n_docs <= o.verify_all:  # a small corpus: every pair (see Options.verify_all)
            i, j = np.triu_indices(n_docs, 1)
            codes = i.astype(np.int64) * n_docs + j  # (sorted, as LSH's codes are)
            cstats.pairs = len(codes)
        else:
            self._tick("LSH bands", 0, o.lsh_bands)
            codes = cand.banded_codes(hashes, offsets, o, cstats, bands_per_pass=4,
                                      progress=partial(self._tick, "LSH bands"), center=first)
        del hashes, keys, offsets
        rank.clear()  # (the ids' order: 8 bytes a document)
        parallel.release_free_memory()  # the signatures and bucket codes
        self.stats["candidate_pairs"] = cstats.pairs
        self.stats["oversized_buckets"] = cstats.oversized_buckets
        # verified a chunk at a time, keeping only the links: the pairs are never all held
        # as two columns with their cosines (tens of millions on a large corpus)
        self._candidate_codes = codes  # read by the workers (inherited when they fork)
        step = 100_000
        chunks = [(a, min(a + step, len(codes))) for a in range(0, len(codes), step)]
        li_parts, lj_parts, lw_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
        self._tick("verify", 0, len(codes))
        for (_, b), (ci, cj, cw) in zip(chunks, parallel.imap(_cosines_task, chunks, self.jobs, self)):
            self._tick("verify", b, len(codes))
            keep = cw >= o.link_threshold
            li_parts.append(ci[keep])
            lj_parts.append(cj[keep])
            lw_parts.append(cw[keep])
        self._candidate_codes = None
        parallel.release_free_memory()
        del codes
        li, lj, lw = np.concatenate(li_parts), np.concatenate(lj_parts), np.concatenate(lw_parts)
        del li_parts, lj_parts, lw_parts
        if o.link_neighbors > 0:
            kept = mutual_neighbors(list(zip(li.tolist(), lj.tolist(), lw.tolist())), o.link_neighbors)
            arr = np.array(kept, dtype=np.float64).reshape(-1, 3)
            li, lj, lw = arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2]
        n = max(len(self.source), 1)
        # documents sharing a verbatim passage are always linked, however small a share of
        # either text the passage is (a long text quoting a paragraph of a short one)
        vp = self.passage_pairs(cstats)
        parallel.release_free_memory()  # the fingerprints
        self.stats["passage_pairs"] = len(vp)
        self.stats["oversized_passage_buckets"] = cstats.oversized_passage_buckets
        if len(vp):
            codes = li * n + lj
            new = ~np.isin(vp[:, 0] * n + vp[:, 1], codes)
            self.stats["passage_links"] = int(new.sum())  # not linked by LSH + cosine
            vp = vp[new]
            li, lj = np.concatenate([li, vp[:, 0]]), np.concatenate([lj, vp[:, 1]])
            lw = np.concatenate([lw, score.pair_cosines(self.model.matrix_, vp)])
        else:
            self.stats["passage_links"] = 0
        # exact copies are always linked, even when LSH skipped their bucket as a template
        # or they have no content words at all
        ex = np.array([(g[0], k) for g in self.identical_groups() for k in g[1:]], dtype=np.int64).reshape(-1, 2)
        if len(ex) and len(li):  # drop the pairs already linked (binary search: millions of links)
            codes = np.sort(li * n + lj)
            want = ex[:, 0] * n + ex[:, 1]
            at = np.searchsorted(codes, want).clip(max=len(codes) - 1)
            ex = ex[codes[at] != want]
        self.stats["exact_copies"] = len(ex)
        if len(ex):
            li, lj = np.concatenate([li, ex[:, 0]]), np.concatenate([lj, ex[:, 1]])
            lw = np.concatenate([lw, np.ones(len(ex))])
        order = np.lexsort((lj, li))
        self.stats["linked_pairs"] = len(order)
        return li[order], lj[order], lw[order]

    def passage_pairs(self, stats: cand.CandidateStats | None = None) -> np.ndarray:
        """Pairs ``(i, j)`` (``i < j``, sorted) of documents that share a verbatim passage
        (at least ``passage_min_shared`` winnowed word n-gram fingerprints), computed once;
        :meth:`shares_passage` answers from them."""
        if self._passage_codes is None:
            o = self.options
            pairs = np.zeros((0, 2), dtype=np.int64)
            if o.passage_min_shared > 0:
                # the fingerprints a slice of documents at a time, put in a temporary file in
                # parts when many (~12 bytes for 4 terms: ~1.4 GB at a million articles)
                self._tick("passages", 0, len(self.source))
                chunks = ((h, d) for h, d, _ in features.passage_fingerprint_chunks(
                    self.term_ids, self.doc_offsets, o.passage_ngram, o.passage_window,
                    progress=partial(self._tick, "passages"),
                    skip=features.single_character_terms(self.model.terms_),
                    # (each term hashed by its text: a pair's fingerprints, and so whether it
                    # shares a passage, do not hang on the rest of the corpus's vocabulary)
                    codes=features.term_codes(self.model.terms_)))
                pairs, _ = cand.passage_pairs_streamed(chunks, len(self.source), o.passage_min_shared,
                                                       o.passage_max_docs, stats,
                                                       features.fingerprint_doc_type(len(self.source)))
            self._passage_codes = pairs[:, 0] * max(len(self.source), 1) + pairs[:, 1]
        n = max(len(self.source), 1)
        return np.stack([self._passage_codes // n, self._passage_codes % n], axis=1)

    def shares_passage(self, idx: Sequence[int]) -> np.ndarray:
        """``out[a, b]``: documents ``idx[a]`` and ``idx[b]`` share a verbatim passage."""
        if self._passage_codes is None:
            self.passage_pairs()
        idx = np.asarray(idx, dtype=np.int64)
        n = max(len(self.source), 1)
        lo, hi = np.minimum.outer(idx, idx), np.maximum.outer(idx, idx)
        want = (lo * n + hi).ravel()
        codes = self._passage_codes
        if not len(codes):
            return np.zeros((len(idx), len(idx)), dtype=bool)
        at = np.searchsorted(codes, want).clip(max=len(codes) - 1)
        out = (codes[at] == want).reshape(len(idx), len(idx))
        np.fill_diagonal(out, False)
        return out

    def links(self) -> list[tuple[int, int, float]]:
        """Candidate pairs (MinHash LSH over key terms) whose TF-IDF cosine reaches the
        threshold, as sorted ``(i, j, cosine)`` tuples (see :meth:`link_arrays`)."""
        li, lj, lw = self.link_arrays()
        return list(zip(li.tolist(), lj.tolist(), lw.tolist()))

    def identical_groups(self) -> list[list[int]]:
        """Groups of documents with the same words in the same order (boilerplate included)."""
        by_words: dict[int, list[int]] = {}
        for k, key in enumerate(self._identity):
            if key is not None:
                by_words.setdefault(key, []).append(k)
        return [g for g in by_words.values() if len(g) > 1]

    def similarity(self, idx: Sequence[int]) -> np.ndarray:
        """TF-IDF cosines of documents ``idx`` with each other (a dense square array)."""
        return score.gram(self.model.matrix_[list(idx)])

    def align(self, i: int, j: int) -> passages.Alignment:
        """How document ``j`` supports document ``i``."""
        return passages.align(self.docs[i], self.docs[j], self.model, self.sentences, self.options)

    def align_many(self, i: int, js: Sequence[int]) -> list[passages.Alignment]:
        """``[self.align(i, j) for j in js]``, computed together (:func:`passages.align_many`)."""
        return passages.align_many(self.docs[i], [self.docs[j] for j in js], self.model, self.sentences,
                                   self.options)

    def evidence(self, i: int, j: int, sim: float, al: passages.Alignment,
                 shared_passage: bool = False,
                 shingles: tuple[score.Shingles, int, int] | None = None) -> score.PairEvidence:
        """What the relation of document ``i`` to its parent ``j`` is decided from.
        ``shingles``: the two documents' contents as texts ``a``, ``b`` of a
        :class:`score.Shingles` (their 5-grams made once for a whole story)."""
        di, dj = self.docs[i], self.docs[j]
        ci, cj = di.content, dj.content
        same_words = di.words == dj.words
        if shingles is None:
            shingles_share, = score.containments(ci, cj, (5,))
        else:
            sh, a, b = shingles
            shingles_share = sh.containment(a, b, 5)
        terms_share, terms_shared = score.term_overlap(*self._term_cols(i, j), self.model.idf_)
        ev = score.PairEvidence(
            closing_block=not same_words and self.closing_block(i, j, al),
            similarity=sim,
            supported=al.supported,
            shingle_containment=shingles_share,
            identical=(bool(ci) and ci == cj) or (bool(di.words) and same_words),
            term_containment=terms_share,
            shared_terms=terms_shared,
            shared_passage=shared_passage,
            number_overlap=original.number_overlap(di.numbers, dj.numbers, self.options.number_min),
            name_overlap=score.name_overlap(self.name_ids(i), self.name_ids(j), self.model.idf_,
                                            self.options.name_min),
            shared_specificity=self.shared_specificity(i, j),
            close_support=passages.close_support(di, al, self.options.passage_support),
            short=max(len(ci), len(cj)) <= score.SHORT_WORDS,
            days_apart=score.days_apart(di.date, dj.date),
        )
        # asked only of a member that would be partial: the one case it decides
        if (self.options.quote_close_support > 0 and score.classify(ev, self.options) == "partial"
                and passages.quotes_only(di, dj, al, self.options)
                and self.own_names(i, j) >= passages.QUOTE_OWN_NAMES):
            ev = replace(ev, quotes_only=True)
        return ev

    def closing_block(self, i: int, j: int, al: passages.Alignment) -> bool:
        """All documents ``i`` and ``j`` share is a block closing them: each one's closely
        restated sentences are one run past its middle, holding 5-40% of it and one paragraph
        at most, and followed by at most a quarter of it (:func:`passages.closing_block`, :func:`passages.closing_pair`),
        and less than ``closing_rest_support`` of each one's rest is supported (``al``: ``i``
        aligned against ``j``; ``j`` against ``i`` is aligned only when ``i`` passes)."""
        lim = self.options.closing_rest_support
        if lim <= 0:
            return False
        di, dj = self.docs[i], self.docs[j]
        anywhere = self.same_site(i, j)
        ours = passages.closing_block(di, self.sentences.get(di).words, al, self.options, anywhere)
        if ours is None or ours[1] >= lim:
            return False
        theirs = passages.closing_block(dj, self.sentences.get(dj).words, self.align(j, i), self.options, anywhere)
        return passages.closing_pair(ours, theirs, lim)

    def same_site(self, i: int, j: int) -> bool:
        """Documents ``i`` and ``j`` are pages of one site: the first part of their mastheads
        (:func:`dedup.original.masthead_names`: the first line, found as furniture) is the
        same.  Such pages sharing one paragraph and nothing else are the site's two stories
        reusing its own background paragraph, wherever it stands (:meth:`closing_block`)."""
        a, b = self.masthead(i), self.masthead(j)
        return bool(a) and bool(b) and a[0] == b[0]

    def masthead(self, i: int) -> list[str]:
        """:func:`dedup.original.masthead_names` of document ``i`` (kept)."""
        names = self._mastheads.get(i)
        if names is None:
            d = self.docs[i]
            names = self._mastheads[i] = original.masthead_names(d.text, d.boilerplate)
        return names

    def own_names(self, i: int, j: int) -> int:
        """How many distinct pairs of neighbouring words document ``i`` writes as names (a
        first and a last name, an organisation's two words: :func:`dedup.normalize.name_flags`)
        hold a word that document ``j`` does not write: the people and bodies a report names
        that another does not (its own sources).  Pairs, not single words: in German every
        noun is written with a capital, two neighbouring ones seldom.  A word counts as
        written by ``j`` when one of ``j``'s terms begins with its first
        :data:`NAME_PREFIX` characters (a name declined, "Irena" / "Irenie"), and a sentence
        whose words are mostly capitalised (a headline in title case) names nobody."""
        p = self.docs[i]
        words = self.sentences.get(p).words
        held = None
        pairs = set()
        for k, flags in enumerate(p.name_flags):
            n = len(flags)
            if n < 2 or not any(flags) or 2 * sum(flags) >= n or len(words[k]) != n:
                continue  # no names, a headline in title case
            row = words[k]
            for a in range(n - 1):
                if flags[a] and flags[a + 1]:
                    if held is None:
                        theirs = self.model.terms_
                        held = {theirs[t][:NAME_PREFIX] for t in self._term_cols(i, j)[1].tolist()}
                    if row[a][:NAME_PREFIX] not in held or row[a + 1][:NAME_PREFIX] not in held:
                        pairs.add((row[a], row[a + 1]))
        return len(pairs)

    def name_ids(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary indices of the words document ``i`` writes as names
        (:func:`dedup.normalize.name_flags`), sorted unique, and how often it writes each:
        from its sentences' term ids where they are known (a name is one word, one term)."""
        p = self.docs[i]
        s = self.sentences.get(p)
        flags = p.name_flags
        if s.ids is not None:
            ids, off = s.ids
            lens = np.fromiter(map(len, flags), dtype=np.int64, count=len(flags))
            named = np.fromiter(chain.from_iterable(flags), dtype=bool, count=int(lens.sum()))
            if np.array_equal(lens, np.diff(off)):  # a term a word in every sentence (the usual case)
                found = ids[named]
            else:  # a sentence with words of a script written without spaces: its own terms
                at = np.repeat(np.diff(off) == lens, lens) & named
                start = np.repeat(off[:-1] - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
                found = ids[np.flatnonzero(at) + start[at]]
        else:
            terms = s.terms
            found = self.model.indices([t for ts, f in zip(terms, flags) if len(ts) == len(f)
                                        for t, named in zip(ts, f) if named])
        return features.sorted_unique(np.asarray(found, dtype=np.int64), return_counts=True)

    def _term_cols(self, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The distinct terms of the sentences of documents ``i`` and ``j`` (sorted
        vocabulary indices), their vectors built when missing."""
        si, sj = self.sentences.get(self.docs[i]), self.sentences.get(self.docs[j])
        if si.cols is None or sj.cols is None:
            self.sentences.build([self.docs[i], self.docs[j]], self.model)
        return si.cols, sj.cols

    def shared_specificity(self, i: int, j: int) -> float:
        """:func:`score.shared_specificity` of documents ``i`` and ``j`` (the distinct terms
        of their sentences, the model's IDF and units)."""
        return score.shared_specificity(*self._term_cols(i, j), self.model.idf_, self.model.n_units,
                                        self.model.prior_docs)

    def term_containment(self, i: int, j: int) -> float:
        """:func:`score.term_containment` of documents ``i`` and ``j`` (the distinct terms of
        their sentences, weighed by the model's IDF)."""
        return score.term_containment(*self._term_cols(i, j), self.model.idf_)


class _PreparedDocs(_SequenceABC):
    """``corpus.docs[i]``: the analysis of document ``i``, made when first asked for."""

    def __init__(self, corpus: Corpus):
        self._corpus = corpus

    def __len__(self) -> int:
        return len(self._corpus.source)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._corpus.prepared(k) for k in range(*i.indices(len(self)))]
        return self._corpus.prepared(range(len(self))[i])


def _identity(p: normalize.Prepared) -> int | None:
    """A 128-bit hash of a document's words in order (None when it has none)."""
    if not p.words:
        return None
    return xxhash.xxh3_128_intdigest("\x1f".join(p.words).encode("utf-8"))


def _template_range(a: int, b: int) -> list[tuple[int, list[str]]]:
    """Stage 1, first half, over documents ``a:b``: what template detection counts, found
    from each text's lines alone (nothing is kept: the full analysis is cheaper to redo
    than to hold for a large corpus)."""
    corpus: Corpus = parallel.state()
    return [normalize.text_template_candidates(corpus.text(k)) for k in range(a, b)]


def _features_range(a: int, b: int, templates: set[str]):
    """Stage 1, second half, over documents ``a:b``: each document analysed, boilerplate
    and sentences decided, and the batch reduced to its terms: ``(distinct terms of the
    batch, index of each term occurrence into them, terms per sentence, sentences per
    document, each sentence's start, end and line number (three int64 a sentence), and
    the boilerplate spans and identity keys pickled)``, documents and sentences in order
    (one string per distinct term of the batch, not per document, crosses to the parent).
    The boilerplate spans and keys stay one bytes object per batch until stage 1 is done
    (:class:`Corpus` unpickles them after the vocabulary is freed): held as Python
    objects, they were allocated among the vocabulary's strings and kept the memory those
    left behind from being given back (~80 MiB at 100,000 documents)."""
    corpus: Corpus = parallel.state()
    stem = corpus.options.stem_chars
    sents: list[list[str]] = []
    n_sents = np.zeros(b - a, dtype=np.int64)
    boiler, ident, spans_of = [], [], []
    for k in range(a, b):
        p = normalize.finalize(normalize.analyze(corpus.source[k]), templates)
        doc = features.sentence_terms(passages.sentence_words(p), stem)
        sents.extend(doc)
        n_sents[k - a] = len(doc)
        boiler.append(p.boilerplate)
        ident.append(_identity(p))
        spans_of.extend([(s.start, s.end, g) for s, g in zip(p.sentences, p.paragraph_of)])
    flat = list(chain.from_iterable(sents))
    # each term occurrence's index into the distinct terms, numbered in first-seen order
    # by the lookup itself (one hash and probe an occurrence, in C)
    local: defaultdict[str, int] = defaultdict(count().__next__)
    occ = np.fromiter(map(local.__getitem__, flat), dtype=np.int32, count=len(flat))
    names = list(local)  # distinct terms, in first-seen order
    lens = np.fromiter(map(len, sents), dtype=np.int64, count=len(sents))
    spans = np.array(spans_of, dtype=np.int64).reshape(-1)
    return names, occ, lens, n_sents, spans, pickle.dumps((boiler, ident), protocol=pickle.HIGHEST_PROTOCOL)


def _cosines_task(chunk: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(i, j, cosine)`` of the candidate pairs ``a:b`` (kept as codes ``i * n + j``)."""
    a, b = chunk
    corpus: Corpus = parallel.state()
    n = max(len(corpus.source), 1)
    part = corpus._candidate_codes[a:b]
    pairs = np.stack([part // n, part % n], axis=1)
    return pairs[:, 0], pairs[:, 1], score.pair_cosines(corpus.model.matrix_, pairs)


LOOSE_GROUPS_PER_TASK = 256


def _loose_task(chunk: list[list[int]]) -> list[np.ndarray]:
    """:func:`loose_labels` of linked groups (the story cut), in a worker."""
    corpus: Corpus = parallel.state()
    o = corpus.options
    return [loose_labels(corpus.similarity(g), o.story_cohesion, o.story_reattach) for g in chunk]


def _stories_task(chunk: list[tuple[list[int], str, list[int]]]) -> tuple[list[list[Cluster]], Counter]:
    """The stories of linked groups, in a worker: each group's list of stories, the first
    under the group's name, then any the closing-block or template cut split off
    (:func:`_closing_cut`), and how many parts each cut split off."""
    corpus: Corpus = parallel.state()
    out = []
    cuts: Counter = Counter()
    for members, name, extras in chunk:
        out.append(_story_parts(corpus, members, name, extras, cuts))
        corpus.release(members)
    return out, cuts


def _story_parts(corpus: Corpus, members: list[int], name: str, extras: Sequence[int] = (),
                 cuts: Counter | None = None) -> list[Cluster]:
    """The stories of a linked group: one (:func:`_story`) unless :func:`_closing_cut` parts
    it, then one per part, the largest first (under ``name``; the others are named by the
    caller); each near-copy in ``extras`` joins the part holding its most similar member."""
    aligned: dict[tuple[int, int], passages.Alignment] = {}
    sources: dict[int, list[int]] = {}
    parts = _closing_cut(corpus, members, aligned, cuts, sources)
    if len(parts) == 1:
        return [_story(corpus, members, name, extras, aligned)]
    parts.sort(key=lambda g: (-len(g), g[0]))
    joins: list[list[int]] = [[] for _ in parts]
    if len(extras):
        where = {i: k for k, g in enumerate(parts) for i in g}
        best = (corpus.model.matrix_[list(extras)] @ corpus.model.matrix_[members].T).toarray().argmax(axis=1)
        for e, b in zip(extras, best.tolist()):
            joins[where[members[b]]].append(e)
    return [_story(corpus, g, name if k == 0 else "", joins[k], aligned, sources) for k, g in enumerate(parts)]


def _closing_cut(corpus: Corpus, members: list[int],
                 aligned: dict[tuple[int, int], passages.Alignment],
                 cuts: Counter | None = None, sources: dict[int, list[int]] | None = None) -> list[list[int]]:
    """A linked group parted where all two members share is a block closing them
    (:meth:`Corpus.closing_block`: an organisation's releases on two subjects, each with its
    copies and write-ups, all ending with its "About us" paragraph), or where the two are
    two stories of one template (:func:`_template_pair`: an agency's results of two
    companies, each with its copies): the story cut (:func:`dedup.cluster.split_loose`)
    again, such a pair counted as not similar at all and its verbatim passage as none.  A
    pair alone stays one story (the two are ``related``: two reports of one event may end
    with the same background), and groups of more than ``MAX_COVERAGE_MEMBERS`` are not
    looked at.  ``aligned``: a cache of alignments (see :func:`rank_members`), filled here
    with every ordered pair (which the story's ranking aligns anyway).  ``cuts``, when
    given, counts the parts split off (all but the first) under ``"closing"`` when a
    closing pair was cut, else under ``"template"`` when a template pair was, else under
    ``"compilation"``.  A compilation (:func:`_compilations`: a roundup pasting the first
    paragraphs of several stories) is set aside, the rest parted without it, and it then
    joins the part holding the member most like it; ``sources``, when given, is told for
    each compilation that the cut parted from members it shares a verbatim passage with
    which those members are, so its story does not report their text as its own
    (:func:`_story`)."""
    o = corpus.options
    m = len(members)
    use_closing = o.closing_rest_support > 0
    use_template = o.number_overlap > 0
    if not (use_closing or use_template or COMPILATION_CUT) or not 2 < m <= MAX_COVERAGE_MEMBERS:
        return [members]
    docs = corpus.docs
    corpus.sentences.build([docs[i] for i in members], corpus.model)
    for b in members:  # every ordered pair, each member against all the others at once
        todo = [a for a in members if a != b and (b, a) not in aligned]
        aligned.update(((b, a), al) for a, al in zip(todo, corpus.align_many(b, todo)))
    closing = np.zeros((m, m), dtype=bool)
    if use_closing:
        words = [corpus.sentences.get(docs[i]).words for i in members]
        site = np.array([[a != b and corpus.same_site(members[a], members[b]) for b in range(m)]
                         for a in range(m)], dtype=bool)

        def block_pairs(anywhere: np.ndarray) -> np.ndarray:
            ends = [[None if a == b else passages.closing_block(docs[members[a]], words[a],
                                                                 aligned[members[a], members[b]], o,
                                                                 bool(anywhere[a, b]))
                     for b in range(m)] for a in range(m)]
            out = np.zeros((m, m), dtype=bool)
            for a in range(m):
                for b in range(a + 1, m):
                    if passages.closing_pair(ends[a][b], ends[b][a], o.closing_rest_support) \
                            and docs[members[a]].words != docs[members[b]].words:
                        out[a, b] = out[b, a] = True
            return out

        closing = block_pairs(site)
        if (closing & site).any():
            # two pages of one site share only its own paragraphs (a background paragraph
            # reused in a follow-up): the other sites' copies of the two share them too, so
            # in this group a pair sharing those paragraphs and nothing else is cut as well
            own = set()  # the sentences (their words) the site's pages share
            for a, b in zip(*np.nonzero(closing & site)):
                own |= _verbatim_sentences(corpus, members[a], members[b], aligned)
            wider = block_pairs(np.ones((m, m), dtype=bool))
            for a, b in zip(*np.nonzero(np.triu(wider & ~closing, 1))):
                if (_verbatim_sentences(corpus, members[a], members[b], aligned) <= own
                        and _verbatim_sentences(corpus, members[b], members[a], aligned) <= own):
                    closing[a, b] = closing[b, a] = True
    template = np.zeros((m, m), dtype=bool)
    if use_template:
        for a in range(m):
            for b in range(a + 1, m):
                if not closing[a, b] and _template_pair(corpus, members[a], members[b], aligned):
                    template[a, b] = template[b, a] = True
    cut = closing | template
    passage = corpus.shares_passage(members) & ~cut
    shares = passage.copy()
    comp = _compilations(corpus, members, passage, aligned) if COMPILATION_CUT else np.zeros(m, dtype=bool)
    if not cut.any() and not comp.any():
        return [members]
    full = np.array(corpus.similarity(members), dtype=float)
    pos = {d: k for k, d in enumerate(members)}

    def split(comp: np.ndarray) -> list[list[int]]:
        sim = full.copy()
        sim[cut] = 0.0
        sim[comp, :] = sim[:, comp] = 0.0  # a compilation joins a part afterwards (below)
        kept = passage.copy()
        kept[comp, :] = kept[:, comp] = False
        together = np.array([(members[a], members[b]) for a, b in zip(*np.nonzero(np.triu(kept, 1)))],
                            dtype=np.int64).reshape(-1, 2)
        rest = [d for k, d in enumerate(members) if not comp[k]]
        return split_loose([rest], lambda g: sim[np.ix_([pos[d] for d in g], [pos[d] for d in g])],
                           o.story_cohesion, o.story_reattach, together=together) if rest else []

    parts = split(comp)
    if comp.any() and any(len(g) == 1 for g in parts):
        # a compilation's sources are parted only when each is a story of two or more (a
        # roundup's stories, each with its copies): a text pasting passages of single texts
        # (an essay's sources) stays one story with them, ranked below them
        comp = np.zeros(m, dtype=bool)
        parts = split(comp) if cut.any() else []
    if len(parts) <= 1:  # nothing parted: one story as it was
        return [members]
    where = {d: k for k, g in enumerate(parts) for d in g}
    # each compilation with the member most like it; compilations that are copies of each
    # other (a roundup and its copy on another site: cosine story_copies or more) go
    # together, where the most similar pair of a compilation and a member is
    todo = [int(k) for k in np.flatnonzero(comp)]
    while todo:
        group, grow = {todo[0]}, [todo[0]]
        while grow:
            k = grow.pop()
            for j in todo:
                if j not in group and full[k, j] >= o.story_copies:
                    group.add(j)
                    grow.append(j)
        todo = [k for k in todo if k not in group]
        _, _, near = max((full[k, j], -j, j) for k in sorted(group) for j in range(m) if not comp[j])
        parts[where[members[near]]].extend(members[k] for k in sorted(group))
    parts = [sorted(g, key=pos.__getitem__) for g in parts]
    if sources is not None:
        where = {d: k for k, g in enumerate(parts) for d in g}
        for k in np.flatnonzero(comp):
            away = [members[j] for j in np.flatnonzero(shares[k]) if where[members[j]] != where[members[k]]]
            if away:
                sources[members[k]] = away
    if cuts is not None:
        cuts["closing" if closing.any() else "template" if template.any() else "compilation"] += len(parts) - 1
    return parts


def _verbatim_sentences(corpus: Corpus, i: int, j: int,
                        aligned: Mapping[tuple[int, int], passages.Alignment]) -> set[tuple[str, ...]]:
    """The words of document ``i``'s sentences (of ``min_added_tokens`` words or more) that
    ``j`` restates word for word (support :data:`dedup.passages.SITE_BLOCK` or more)."""
    o = corpus.options
    level = max(o.passage_support, passages.SITE_BLOCK)
    words = corpus.sentences.get(corpus.docs[i]).words
    return {tuple(w) for w, sc in zip(words, aligned[i, j].scores) if sc >= level and len(w) >= o.min_added_tokens}


COMPILATION_CUT = True
"""Whether the story cut (:func:`_closing_cut`) sets a group's compilations aside
(:func:`_compilations`: a briefing pasting the first paragraphs of three unrelated stories)
and parts the rest without them; each compilation then joins the part holding the member
most similar to it."""


def _compilations(corpus: Corpus, members: list[int], passage: np.ndarray,
                  aligned: Mapping[tuple[int, int], passages.Alignment]) -> np.ndarray:
    """``out[k]``: member k is a compilation (:func:`dedup.original.compilations`): it shares
    a verbatim passage (``passage``, symmetric) with two members that share none with each
    other and each of which it restates closely for less than half of its content (close
    support at ``passage_support``): a roundup of several stories, which would otherwise
    hold them in one (documents sharing a verbatim passage are never cut apart)."""
    m = len(members)
    out = np.zeros(m, dtype=bool)
    if m < 3 or (passage.sum(axis=1) < 2).all():
        return out
    docs, level = corpus.docs, corpus.options.passage_support
    verbatim = np.zeros((m, m))  # share of b's content that a restates closely
    for a in range(m):
        for b in range(m):
            if a != b and passage[a, b]:
                verbatim[a, b] = passages.close_support(docs[members[b]], aligned[members[b], members[a]], level)
    return original.compilations(passage, verbatim) > 0


TEMPLATE_CUT_NUMBERS = 0.5
"""Two members of a linked group are two stories of one template (:func:`_template_pair`)
only if under this share of the figures of the one stating fewer is stated by the other:
the next day's weekly money supply, another company's results or another district's vote
count restate the same sentences with most figures changed; a story's update or rewrite
keeps most of its figures.  Higher than ``Options.number_overlap`` (0.3), which decides a
single pair's relation: fixed figures of a template (the year, a warning's thresholds, the
hour of a market close) are shared by every story from it (blind25's siblings share 0.12 to
0.38 of their figures, its Indonesian ones 0.58 to 0.63; at 0.65, a wire's update of
blind21 was parted from its flash)."""

TEMPLATE_CUT_SUPPORT = 0.55
"""... and only if each restates at least this share of itself closely from the other
(close support at ``passage_support``, both ways): two stories of one template are of one
length and form; a short text contained in a long one (a source pasted whole into a longer
essay: PAN13, close support 0.90 one way and 0.08 the other) is a copy, not a template's
other story.  blind25's template pairs: 0.62 or more both ways; a reviewer's results day of
nine companies: half of its pairs 0.59-0.69 (with 0.7 asked one way, as the pair rule
``score.TEMPLATE_SUPPORT`` asks of a member, 8 of the 9 stayed one story)."""


def _template_pair(corpus: Corpus, i: int, j: int,
                   aligned: Mapping[tuple[int, int], passages.Alignment]) -> bool:
    """Documents ``i`` and ``j`` are two stories of one template, which the story cut
    (:func:`_closing_cut`) parts: they state other figures (the one stating fewer shares
    under :data:`TEMPLATE_CUT_NUMBERS` of its figures with the other; both state
    ``number_min`` figures or more), each restates the other sentence by sentence (close
    support at ``passage_support`` of :data:`TEMPLATE_CUT_SUPPORT` or more, both ways), and
    neither is a near-duplicate of the other
    (word 5-grams under ``near_duplicate`` both ways).  ``aligned[i, j]``: ``i`` aligned
    against ``j``, both ways given."""
    o = corpus.options
    di, dj = corpus.docs[i], corpus.docs[j]
    if di.words == dj.words or original.number_overlap(di.numbers, dj.numbers, o.number_min) >= TEMPLATE_CUT_NUMBERS:
        return False
    close = sorted((passages.close_support(di, aligned[i, j], o.passage_support),
                    passages.close_support(dj, aligned[j, i], o.passage_support)))
    if close[0] < TEMPLATE_CUT_SUPPORT:
        return False
    return max(score.containments(di.content, dj.content, (5,))[0],
               score.containments(dj.content, di.content, (5,))[0]) < o.near_duplicate


MAX_COVERAGE_MEMBERS = 20
"""Clusters larger than this rank their original by centrality and date only."""
DISTANT_DAYS = 3
"""A member the dates put first, dated this many days or more before every other member of
its story, heads it only when some member copied from it (:func:`dedup.score.copied`), not
merely rewrote its subject: the same outlet's report of the team's match of the week before
(blind58) shares the players, the coach and the template."""

NAME_PREFIX = 4
"""A name word another text writes in another form ("Kowalski" / "Kowalskiego") is the same
name when the first this many characters match (:meth:`Corpus.own_names`)."""


def rank_members(corpus: Corpus, members: Sequence[int], sim: np.ndarray, ids: Sequence[str],
                 dates: Sequence[str | None],
                 aligned: dict[tuple[int, int], passages.Alignment] | None = None,
                 shared: np.ndarray | None = None,
                 numbered: tuple[Sequence[np.ndarray], int] | None = None,
                 ties: Sequence | None = None, tie_reason: str = "tie: earliest id",
                 outsiders: Collection[int] = (), later: Sequence[str | None] | None = None,
                 compiled: Collection[int] = ()) -> original.Ranking:
    """Rank the likely original among ``members`` of ``corpus`` (positions into
    ``corpus.docs``), given their similarity matrix: the story stage of batch and the
    filter's checks both rank with this.  ``aligned`` is a cache of alignments
    (``aligned[i, j]`` = ``corpus.align(i, j)``, how ``j`` supports ``i``), filled here with
    every ordered pair when coverage is ranked (each member against all the others at once,
    :meth:`Corpus.align_many`), so the caller can reuse them.
    ``shared[a, b]``: members a and b share a verbatim passage (:meth:`Corpus.shares_passage`;
    None when unknown, as in the filter, which then has no compilation test).  ``numbered``:
    the members' content words already numbered together (:func:`score.word_ids`, as
    :class:`score.Shingles` holds them), one array per member, and how many words there are.
    ``ties``, ``tie_reason``: see :func:`dedup.original.rank` (the filter: an indexed text
    before the incoming one).  ``outsiders``: positions of members related to every other,
    which the dates do not put first (see :func:`_story`).  ``later``: dates that order
    members of the same date (:func:`dedup.pagedate.ranking_dates`; None: ``dates``)."""
    aligned = {} if aligned is None else aligned
    m = len(members)
    coverage = weakest = words = third = None
    if 1 < m <= MAX_COVERAGE_MEMBERS:
        # every member's sentence vectors in one pass; every ordered pair's alignment, each
        # member against all the others at once (the same numbers as one align per pair)
        corpus.sentences.build([corpus.docs[i] for i in members], corpus.model)
        for b in members:
            todo = [a for a in members if a != b and (b, a) not in aligned]
            aligned.update(((b, a), al) for a, al in zip(todo, corpus.align_many(b, todo)))
        coverage = np.zeros((m, m))
        weakest = np.ones((m, m))  # a member without sentences has none that is unsupported
        for a in range(m):
            for b in range(m):
                if a != b:  # share of b's content supported by a
                    al = aligned[members[b], members[a]]
                    coverage[a, b] = al.supported
                    if al.scores:
                        weakest[a, b] = min(al.scores)
        words = [corpus.docs[i].content for i in members]
        if m >= 3:  # near copies told apart by the other members (their sentences' terms)
            support = [[None if a == b else np.asarray(aligned[members[a], members[b]].scores, dtype=float)
                        for b in range(m)] for a in range(m)]
            # (in characters; a sentence of fewer than min_added_tokens words, a heading or a
            # stray line, weighs nothing, as it is no added passage either)
            short = corpus.options.min_added_tokens
            lengths = [np.array([s.end - s.start if len(w) >= short else 0 for s, w in
                                 zip(corpus.docs[i].sentences, corpus.sentences.get(corpus.docs[i]).words)], dtype=float)
                       for i in members]
            third = original.third_party(1.0 - coverage.T, [corpus.sentences.get(corpus.docs[i]).cols
                                                          for i in members], corpus.model.idf_,
                                         support, lengths, corpus.options.passage_support)
    verbatim = None  # share of b's content that a supports closely (the compilation test)
    if shared is not None and coverage is not None and shared.any():
        verbatim = np.zeros((m, m))
        lengths: dict[int, np.ndarray] = {}
        for a, b in zip(*np.nonzero(shared)):
            if b not in lengths:
                lengths[b] = np.array([s.end - s.start for s in corpus.docs[members[b]].sentences], dtype=float)
            close = np.asarray(aligned[members[b], members[a]].scores) >= corpus.options.passage_support
            verbatim[a, b] = lengths[b][close].sum() / lengths[b].sum() if lengths[b].sum() else 0.0
    # pages whose furniture names another's masthead (a copy's credit line)
    credit = original.credits([corpus.docs[i].text for i in members], [corpus.docs[i].boilerplate for i in members]) \
        if 1 < m <= MAX_COVERAGE_MEMBERS else None
    return original.rank(sim, coverage, dates, ids, weakest, words, shared, verbatim,
                         date_first=corpus.options.date_order, numbered=numbered if words is not None else None,
                         ties=ties, tie_reason=tie_reason, third=third, outsiders=outsiders, later=later,
                         compiled=compiled, credit=credit)


def inherits_related(relation: str, parent_relation: str | None, ev: score.PairEvidence,
                     figures_shared: bool, options: Options) -> bool:
    """Whether a member ``classify`` called ``relation`` is ``related`` after all because its
    parent is itself ``related`` (written independently of the story's original): one more
    independent text on the subject shares its vocabulary with every such text, so deriving
    it from one needs some of its sentences restated closely (``related_parent_support``), a
    verbatim passage, most 5-grams, or the same figures (``figures_shared``)."""
    return (relation != "related" and parent_relation == "related"
            and ev.close_support < options.related_parent_support
            and ev.shingle_containment < options.near_duplicate and not ev.shared_passage
            and not figures_shared)


def figures_shared(a: normalize.Prepared, b: normalize.Prepared, options: Options) -> bool:
    """Both state at least ``number_min`` distinct numbers and share at least ``number_overlap``
    of the smaller set (the number test ran and passed: a copy keeps its source's figures)."""
    n = options.number_min
    return (len(a.numbers) >= n and len(b.numbers) >= n
            and original.number_overlap(a.numbers, b.numbers, n) >= options.number_overlap)


def _story(corpus: Corpus, members: list[int], name: str, extras: Sequence[int] = (),
           aligned: dict[tuple[int, int], passages.Alignment] | None = None,
           sources: Mapping[int, Sequence[int]] = {}) -> Cluster:
    """The story of ``members`` (positions into the corpus): its original ranked, each other
    member's parent, relation and added passages.  ``extras``: near-copies left out of the
    ranking (:func:`_spare_near_copies`), joined after the ranked members.  ``aligned``: a
    cache of alignments (see :func:`rank_members`) the caller may reuse.  ``sources``: for a
    compilation the story cut parted from some of its sources (:func:`_closing_cut`), those
    sources, whose text it holds is not reported as added either."""
    if len(members) == 1 and not extras:
        i = members[0]
        doc_id = corpus.doc_id(i)
        return Cluster(name, doc_id, 1.0, ["single document"],
                       [Member(doc_id, "original", boilerplate=corpus.boilerplate[i])])
    docs = corpus.docs
    ids = [corpus.doc_id(i) for i in members]
    sim = corpus.similarity(members)
    aligned = {} if aligned is None else aligned

    def align(i: int, j: int) -> passages.Alignment:
        if (i, j) not in aligned:
            aligned[i, j] = corpus.align(i, j)
        return aligned[i, j]

    corpus.sentences.build([docs[i] for i in members], corpus.model)  # every member's, in one pass
    shared = corpus.shares_passage(members)
    shingles = score.Shingles([docs[i].content for i in members])  # words numbered once a story
    dates, later = corpus.rank_dates(members)
    compiled = [k for k, i in enumerate(members) if i in sources]  # (see _closing_cut)
    ranking = rank_members(corpus, members, sim, ids, dates, aligned, shared, (shingles.ids, shingles.n_words),
                           later=later, compiled=compiled)
    # a member the dates put first that every other member is only `related` to (an earlier
    # story on the same beat) does not head a story of members derived from another
    # (original.derived_head; stories of at most MAX_COVERAGE_MEMBERS, whose pairs are aligned)
    if ranking.by_date and len(members) <= MAX_COVERAGE_MEMBERS:
        stamps = [original._parse_date(d) for d in dates]

        def distant(head: int) -> bool:  # dated DISTANT_DAYS or more before every other member
            first = stamps[head]
            return first is not None and all(
                q is not None and q - first >= _dt.timedelta(days=DISTANT_DAYS) for b, q in enumerate(stamps) if b != head)

        def heads_derived(head: int, outsiders: set[int]) -> bool:  # a member not related to it
            far = distant(head)
            for b in range(len(members)):
                if b == head or b in outsiders:
                    continue
                ev = corpus.evidence(members[b], members[head], float(sim[b, head]), align(members[b], members[head]),
                                     bool(shared[b, head]), (shingles, b, head))
                relation = score.classify(ev, corpus.options)
                if relation == "partial" and score.loosely_partial(ev):
                    relation = "related"  # (topic words and, without spaces, bigrams alone)
                # (a member days before all the others heads them only when one copied from
                # it: the same team's report of the week before shares its names and template)
                if far and relation != "related" and not score.copied(ev, relation):
                    relation = "related"
                # a head after the first is itself related to those left out: a member
                # derives from it only as from a related parent (inherits_related)
                if relation != "related" and not (outsiders and inherits_related(
                        relation, "related", ev, figures_shared(docs[members[b]], docs[members[head]], corpus.options),
                        corpus.options)):
                    return True
            return False

        ranking = original.derived_head(ranking, lambda outsiders: rank_members(
            corpus, members, sim, ids, dates, aligned, shared, (shingles.ids, shingles.n_words),
            outsiders=outsiders, later=later, compiled=compiled), heads_derived)
    if ranking.by_date and any(d != corpus.doc_date(i) for d, i in zip(dates, members)):
        ranking.reasons = [original.PAGE_DATE_REASON]  # the dates come from the pages' date lines
    # (of equally similar members, a copy of the same content is the parent)
    # (a member sharing a verbatim passage with one ranked above it takes the most similar of
    # those: a feature pasting two paragraphs of a story is closer to an explainer of its subject)
    parent_of = original.parents(ranking.order, sim, lambda a, b: docs[members[a]].content == docs[members[b]].content,
                                 shared)
    relation_of: dict[str, str] = {}
    out = []
    for rank_pos, pos in enumerate(ranking.order):
        i = members[pos]
        if rank_pos == 0:
            out.append(Member(ids[pos], "original", boilerplate=corpus.boilerplate[i]))
            continue
        ppos = parent_of[pos]
        al = align(i, members[ppos])
        ev = corpus.evidence(i, members[ppos], float(sim[pos, ppos]), al, bool(shared[pos, ppos]),
                             (shingles, pos, ppos))
        relation = score.classify(ev, corpus.options)
        if pos in ranking.outsiders:
            # (dated before the members it is ranked after, none of which derives from it: an
            # earlier story on the beat, not a copy of a later one)
            relation = "related"
        if relation_of.get(ids[ppos]) == "related" and relation != "related" and inherits_related(
                relation, "related", ev, figures_shared(docs[i], docs[members[ppos]], corpus.options),
                corpus.options):  # (the figures are compared only where they can decide)
            relation = "related"
        relation_of[ids[pos]] = relation
        similarity = 1.0 if relation == "duplicate" else round(float(sim[pos, ppos]), 4)
        # added: what neither its parent nor an earlier member it shares a verbatim passage
        # with supports (a compilation's passages come from several members); against a
        # text it copied verbatim from, only closely aligned sentences count as supported
        # (a duplicate, the same content words in the same order, adds nothing, however
        # differently its lines break into sentences: a table with its spacing collapsed)
        before = [b for b in ranking.order[:rank_pos] if b == ppos or shared[pos, b]]
        away = sources.get(i, ())  # (a compilation's sources in other stories)
        if away:
            corpus.sentences.build([docs[j] for j in away], corpus.model)
        added = [] if relation == "duplicate" else passages.added_against(
            docs[i], corpus.sentences, [align(i, members[b]) for b in before] + [align(i, j) for j in away],
            corpus.options, [bool(shared[pos, b]) for b in before] + [True] * len(away))
        out.append(Member(ids[pos], "derivative", parent=ids[ppos], relation=relation,
                          similarity=similarity, added=added, boilerplate=corpus.boilerplate[i]))
    if len(extras):
        out += _joined_near_copies(corpus, [members[p] for p in ranking.order], relation_of, extras)
    return Cluster(name, ids[ranking.order[0]], ranking.confidence, ranking.reasons, out)


ONE_RANKED = "one member ranked: the others are its near-copies, joined unranked"
"""The reason of a story whose ranked part is one member (the story cut left it alone)."""
NEAR_COPIES_PER_STEP = 256
"""Near-copies joined to their story (:func:`_joined_near_copies`) this many at a time: their
similarities to the ranked members and their sentence vectors are held for one step."""
NEAR_COPIES_PER_TASK = 1024
"""A story's near-copies beyond this many are joined after the stories, in tasks of this
many that the workers share (20,000 near-copies of one text took 37 s in one worker)."""


def _near_copies_task(item: tuple[list[int], dict[str, str], list[int]]) -> list[Member]:
    """:func:`_joined_near_copies` of a part of a story's near-copies, in a worker: ``item``
    is the story's members in rank order (positions), their relations, the part."""
    corpus: Corpus = parallel.state()
    ranked, relation_of, part = item
    out = _joined_near_copies(corpus, ranked, relation_of, part)
    corpus.release(ranked)
    return out


def _joined_near_copies(corpus: Corpus, ranked: list[int], relation_of: dict[str, str],
                        extras: Sequence[int]) -> list[Member]:
    """The members for ``extras``, near-copies the story's ranking left out: each a derivative
    of its most similar ranked member (the higher-ranked on a tie, as :func:`original.parents`
    chooses among the members ranked above), its relation and added passages found against
    that parent alone, as the story finds them against a parent."""
    docs, o = corpus.docs, corpus.options
    rows = corpus.model.matrix_[ranked]
    out = []
    for s in range(0, len(extras), NEAR_COPIES_PER_STEP):
        part = list(extras[s:s + NEAR_COPIES_PER_STEP])
        sims = (corpus.model.matrix_[part] @ rows.T).toarray()
        best = sims.argmax(axis=1)  # the first maximum: the higher-ranked member
        corpus.sentences.build([docs[i] for i in part], corpus.model)
        for i, b, row in zip(part, best.tolist(), sims):
            # (of ranked members equally similar, a copy of the same content, as in the story)
            b = original.same_on_tie(row, b, lambda t: docs[ranked[t]].content == docs[i].content)
            p, sim = ranked[b], float(row[b])
            al = corpus.align(i, p)
            shared = bool(corpus.shares_passage([i, p])[0, 1])
            ev = corpus.evidence(i, p, sim, al, shared)
            relation = score.classify(ev, o)
            pid = corpus.doc_id(p)
            if relation_of.get(pid) == "related" and inherits_related(
                    relation, "related", ev, figures_shared(docs[i], docs[p], o), o):
                relation = "related"
            added = [] if relation == "duplicate" else passages.added_against(docs[i], corpus.sentences, [al], o,
                                                                              [shared])
            out.append(Member(corpus.doc_id(i), "derivative", parent=pid, relation=relation,
                              similarity=1.0 if relation == "duplicate" else round(sim, 4), added=added,
                              boilerplate=corpus.boilerplate[i]))
        corpus.release(part)
    return out


def _check_options(options) -> Options:
    if options is None:
        return Options()
    if not isinstance(options, Options):
        raise TypeError(f"options must be a dedup.Options, not {type(options).__name__} "
                        "(e.g. Options(link_threshold=0.3))")
    return options


def _checked(docs: Iterable[Document]) -> Iterator[Document]:
    """``docs``, each checked (:func:`dedup.document.check_document`), ids unique."""
    seen: set[str] = set()
    for d in docs:
        check_document(d)
        if d.id in seen:
            raise ValueError(f"duplicate id {d.id!r}: every document of a corpus needs its own id")
        seen.add(d.id)
        yield d


def batch(docs: Iterable[Document], options: Options | None = None,
          progress: Progress | None = None, jobs: int = 1) -> BatchResult:
    """Cluster a corpus into stories, rank each story's original, find what derivatives added.

    ``jobs`` worker processes share the per-document and per-story work (the result does
    not depend on it).  ``progress``, when given, is called as ``progress(stage, done,
    total)`` (see :data:`STAGE_UNITS`)."""
    jobs = parallel.checked_jobs(jobs)
    if progress is not None and not callable(progress):  # (3 or True failed in the first stage)
        raise TypeError(f"progress={progress!r}: must be a function called as progress(stage, done, "
                        f"total), or None")
    # the matrices here are small: BLAS threads only add overhead (and fight over the cores)
    with parallel.one_blas_thread():
        return _batch(docs, options, progress, jobs)


STORIES_PER_TASK = 32


def _batch(docs: Iterable[Document], options: Options | None, progress: Progress | None,
           jobs: int) -> BatchResult:
    options = _check_options(options)
    # documents streamed in are held compressed, in a temporary file (a list given is used
    # as it is: its texts are held by the caller anyway); each is checked as it comes
    # (the readers have checked what comes as CompactDocuments)
    if not isinstance(docs, (CompactDocuments, _SequenceABC)):
        docs = CompactDocuments(_checked(docs), on_disk=True)
    elif not isinstance(docs, CompactDocuments):
        if isinstance(docs, (str, bytes)):
            raise TypeError(f"batch() takes documents (dedup.Document), not one {type(docs).__name__}")
        docs = DocumentList(_checked(docs))
    corpus = Corpus(docs, options, progress, jobs)
    li, lj, lw = corpus.link_arrays()
    identical = corpus.identical_groups()
    # copies of one text beyond the first max_story are left out of the story cut and the
    # story stage (an unsplittable group made them quadratic: 10,000 copies of one page
    # took 3.2 GB) and joined to their story afterwards as duplicates (see _join_copies)
    identical, spare, extra = _spare_copies(corpus, identical, options.max_story)
    passage_pairs = corpus.passage_pairs()
    if len(extra):
        drop = np.zeros(len(docs), dtype=bool)
        drop[extra] = True
        # a spare copy's links and shared passages are its text's: they go to the first of
        # its text's kept copies (dropped, they cut the kept copies apart when the exact-copy
        # links or an oversized LSH bucket's star ran through a spare copy, the first by
        # position: 250 copies, the first undated, made 200 stories of one)
        rep = np.arange(len(docs), dtype=np.int64)
        for k, s in spare.items():
            rep[s] = identical[k][0]
        li, lj, lw = _merged_links(rep[li], rep[lj], lw)
        passage_pairs = _merged_links(rep[passage_pairs[:, 0]], rep[passage_pairs[:, 1]],
                                      np.zeros(len(passage_pairs)))[:2]
        passage_pairs = np.stack(passage_pairs, axis=1).reshape(-1, 2)
    # a text copied more than max_story times counts as one text in the story cut: its
    # copies alone filled max_story, and the raise of the threshold cut off the rewrites
    # linked to them (300 signed copies of a story among 10,000 Reuters stories: its four
    # rewrites were each left alone)
    stands_for = np.ones(len(docs))  # the documents each one is: a kept copy, its spared copies too
    if len(extra):
        stands_for[extra] = 0
        np.add.at(stands_for, rep[extra], 1)
    big_copies = _copy_groups_over(len(docs), li, lj, lw, stands_for, options)
    sizes = None
    if big_copies is not None:
        sizes = np.where(big_copies >= 0, 0.0, 1.0)
        sizes[big_copies[big_copies >= 0]] = 1.0  # (each such text's smallest member counts)
    # nor is the link of two documents that share a verbatim passage cut by the raise (a 2.8
    # MB text holding fifty articles word for word, in a component over max_story, ended
    # alone, the passages' links cut by their low cosines)
    cut_w = lw
    if len(passage_pairs) and len(li):
        n = len(docs)
        codes = np.sort(passage_pairs.min(axis=1) * n + passage_pairs.max(axis=1))
        lc = np.minimum(li, lj) * n + np.maximum(li, lj)
        hit = codes[np.searchsorted(codes, lc).clip(max=len(codes) - 1)] == lc
        if hit.any():
            cut_w = np.where(hit, np.maximum(lw, options.story_copies), lw)
    groups = capped_components_arrays(len(docs), li, lj, cut_w, options.link_threshold, options.max_story,
                                      ceiling=options.story_copies, sizes=sizes)
    del li, lj, lw, cut_w, sizes, stands_for
    if len(extra):
        groups = [g for g in groups if not drop[g[0]]]  # (each alone: all its links were dropped)
    copies = [(identical[k], spare[k]) for k in sorted(spare)]
    # a group still over max_story holds a text's copies (links of story_copies or more,
    # kept whole by the ceiling or counted as one text): those under other sites' furniture
    # (the same content words) are spared likewise
    groups, content_copies = _spare_content_copies(corpus, groups, options.max_story)
    copies += content_copies
    # and what is left over max_story is near-copies (other words, each link at least
    # story_copies): the max_story ranked first are the story, the others join it unranked
    groups, near_copies = _spare_near_copies(corpus, groups, options.max_story, big_copies)
    # never split by the story cut: documents that share a verbatim passage, and exact
    # copies (the same words in the same order), even those without content words, whose
    # TF-IDF similarity is 0 (three copies of "Related posts" were cut into three stories)
    same = [(g[0], k) for g in identical for k in g[1:]]
    together = np.concatenate([passage_pairs, np.array(same, dtype=np.int64).reshape(-1, 2)])
    del passage_pairs
    if content_copies or near_copies:
        gone = np.zeros(len(docs), dtype=bool)
        gone[[i for _, spared in content_copies for i in spared]] = True
        gone[list(near_copies)] = True
        together = together[~(gone[together[:, 0]] | gone[together[:, 1]])]
    parallel.release_free_memory()  # before the workers that label the groups fork

    tick = corpus._tick  # the progress callback (or one that does nothing)

    def labels_of(todo: list[list[int]]) -> Iterator[np.ndarray]:
        tasks = [todo[s:s + LOOSE_GROUPS_PER_TASK] for s in range(0, len(todo), LOOSE_GROUPS_PER_TASK)]
        done = 0
        tick("story cut", 0, len(todo))
        for part in parallel.imap(_loose_task, tasks, jobs, corpus):
            done += len(part)
            tick("story cut", done, len(todo))  # before the last part is used: the caller stops there
            yield from part

    groups = split_loose(groups, corpus.similarity, options.story_cohesion, options.story_reattach,
                         together=together, labels_of=labels_of)
    names = [f"s{n}" for n in range(1, len(groups) + 1)]
    clusters: list[Cluster | None] = [None] * len(groups)
    extras: dict[int, list[int]] = {}  # group -> the near-copies it takes in
    if near_copies:
        where = {i: k for k, g in enumerate(groups) for i in g}
        for i in sorted(near_copies, key=partial(_first_ranked, corpus)):
            extras.setdefault(where[near_copies[i]], []).append(i)
    multi = [k for k, g in enumerate(groups) if len(g) > 1 or k in extras]
    done = 0
    tick("stories", 0, len(docs))
    for k, g in enumerate(groups):
        if len(g) == 1 and k not in extras:
            clusters[k] = _story(corpus, g, names[k])
            done += 1
    tick("stories", done, len(docs))
    tasks = [multi[s:s + STORIES_PER_TASK] for s in range(0, len(multi), STORIES_PER_TASK)]
    parallel.release_free_memory()  # before the story workers fork
    # a story's near-copies are joined with it, or, when many, after the stories (below)
    late = {k: v for k, v in extras.items() if len(v) > NEAR_COPIES_PER_TASK}
    work = [[(groups[k], names[k], [] if k in late else extras.get(k, [])) for k in task] for task in tasks]
    split_off: list[Cluster] = []  # stories the closing-block or template cut parted from a group's
    cuts: Counter = Counter()
    for task, (result, task_cuts) in zip(tasks, parallel.imap(_stories_task, work, jobs, corpus)):
        cuts.update(task_cuts)
        for k, (c, *rest) in zip(task, result):
            clusters[k] = c
            split_off += rest
            done += len(groups[k]) + (0 if k in late else len(extras.get(k, ())))
        tick("stories", done, len(docs))
    if late:  # the same members as joined in the story's own task, the work shared out
        parts = [(k, s) for k in sorted(late) for s in range(0, len(late[k]), NEAR_COPIES_PER_TASK)]
        items = [([corpus.position(m.id) for m in clusters[k].members],
                  {m.id: m.relation for m in clusters[k].members if m.relation is not None},
                  late[k][s:s + NEAR_COPIES_PER_TASK]) for k, s in parts]
        for (k, _), joined in zip(parts, parallel.imap(_near_copies_task, items, jobs, corpus)):
            clusters[k].members.extend(joined)
            done += len(joined)
            tick("stories", done, len(docs))
    for k in extras:  # not "single document": the story cut left one ranked member
        if len(groups[k]) == 1:
            clusters[k].reasons = [ONE_RANKED]
    if copies:
        _join_copies(corpus, clusters, copies)
    corpus.stats["spare_copies"] = sum(len(spared) for _, spared in copies)
    corpus.stats["spare_near_copies"] = len(near_copies)
    for t, c in enumerate(split_off, start=len(groups) + 1):  # named after every group's
        c.cluster = f"s{t}"
    clusters += split_off
    multi = [c for c in clusters if len(c.members) > 1]
    corpus.stats["closing_cuts"] = cuts["closing"]
    corpus.stats["template_cuts"] = cuts["template"]
    corpus.stats["compilation_cuts"] = cuts["compilation"]
    corpus.stats["clusters"] = len(multi)
    corpus.stats["clustered_documents"] = sum(len(c.members) for c in multi)
    return BatchResult(clusters, docs.texts_by_id(), corpus.stats, options)


def _first_ranked(corpus: Corpus, i: int) -> tuple:
    """Of copies of one text, the order the story ranks them in: the earliest dated (dated
    before undated), then the earliest id (copies differ in nothing else the ranking sees):
    the stream order (:func:`stream_key`)."""
    return stream_key(corpus.doc_id(i), corpus.doc_date(i))


def _kept_and_spared(corpus: Corpus, same: list[int], most: int) -> tuple[list[int], list[int]]:
    """Copies of one text: the ``most`` the story ranks first (:func:`_first_ranked`), in
    position order, and the others, in that ranking's order."""
    ranked = sorted(same, key=partial(_first_ranked, corpus))
    return sorted(ranked[:most]), ranked[most:]


def _spare_copies(corpus: Corpus, identical: list[list[int]], most: int
                  ) -> tuple[list[list[int]], dict[int, list[int]], np.ndarray]:
    """Of each group of identical texts (``Corpus.identical_groups``) larger than ``most``,
    the ``most`` that the story ranks first (:func:`_first_ranked`) stay in the group.
    Returns the groups so cut, the others by group (``{group: positions}``) and all the
    others' positions, sorted.  Identical texts are never cut apart by the story cut, so a
    story held every copy, and its similarity matrix, ranking and alignments grew with
    their square."""
    kept, spare = [], {}
    for k, g in enumerate(identical):
        if len(g) > most:
            g, spare[k] = _kept_and_spared(corpus, g, most)
        kept.append(g)
    extra = sorted(i for v in spare.values() for i in v)
    return kept, spare, np.array(extra, dtype=np.int64)


def _merged_links(li: np.ndarray, lj: np.ndarray, lw: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Links ``(i, j, w)`` with ``i < j``, sorted, each pair once (at its largest weight),
    those of a document with itself left out."""
    a, b = np.minimum(li, lj), np.maximum(li, lj)
    keep = a != b
    a, b, w = a[keep], b[keep], np.asarray(lw, dtype=np.float64)[keep]
    order = np.lexsort((-w, b, a))
    a, b, w = a[order], b[order], w[order]
    first = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])] if len(a) else np.zeros(0, dtype=bool)
    return a[first], b[first], w[first]


def _spare_content_copies(corpus: Corpus, groups: list[list[int]], most: int
                          ) -> tuple[list[list[int]], list[tuple[list[int], list[int]]]]:
    """:func:`_spare_copies` for the copies with the same content words (their boilerplate
    may differ: one wire story under many sites' furniture) in each linked group larger than
    ``most`` (the story cut leaves such groups only for a text's copies: kept whole by its
    ceiling, ``story_copies``, or counted as one text, :func:`_copy_groups_over`): of each
    such text's copies, the ``most`` ranked first stay.  Returns the groups without the
    others, and ``(kept, others)`` for each text so cut.  Only these groups' documents are
    analysed again, to compare their words."""
    out_groups, copies = [], []
    for g in groups:
        if len(g) <= most:
            out_groups.append(g)
            continue
        by_words: dict[int, list[int]] = {}
        for i in g:
            words = corpus.prepared(i).content
            if words:
                by_words.setdefault(xxhash.xxh3_128_intdigest("\x1f".join(words).encode("utf-8")), []).append(i)
            corpus.release([i])  # one at a time: 20,000 analyses held took 1.2 GB
        gone: set[int] = set()
        for same in by_words.values():
            if len(same) > most:
                copies.append(_kept_and_spared(corpus, same, most))
                gone.update(copies[-1][1])
        out_groups.append([i for i in g if i not in gone] if gone else g)
    return out_groups, copies


def _copy_groups_over(n: int, li: np.ndarray, lj: np.ndarray, lw: np.ndarray, stands_for: np.ndarray,
                      options: Options) -> np.ndarray | None:
    """The texts copied more than ``max_story`` times: documents linked at ``story_copies``
    or more (copies and near-copies of one text), each counted with the identical copies
    it ``stands_for``.  Returns each document's group (its smallest member), -1 for a
    document in no such group; None when there is no such group."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    strong = lw >= options.story_copies
    graph = coo_matrix((np.ones(int(strong.sum()), dtype=np.int8), (li[strong], lj[strong])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    big = np.bincount(labels, weights=stands_for) > options.max_story
    if not big.any():
        return None
    first = np.full(len(big), -1, dtype=np.int64)
    order = np.arange(n)[::-1]
    first[labels[order]] = order  # (the last write is the smallest member)
    return np.where(big[labels], first[labels], -1)


def _spare_near_copies(corpus: Corpus, groups: list[list[int]], most: int,
                       copy_group: np.ndarray | None = None) -> tuple[list[list[int]], dict[int, int]]:
    """Of each linked group still larger than ``most`` (after :func:`_spare_content_copies`:
    near-copies of one text in other words, each signed by its outlet, kept whole by the
    story cut's ceiling, ``story_copies``, or counted as one text by the story cut, with
    what they are linked to), keep the ``most`` the story would rank first, as far as it can
    be told without ranking them all: the members that are not copies of a text copied
    over ``most`` times (``copy_group``: :func:`_copy_groups_over`; a rewrite of the copied
    text), then each such text's first copy, then the other copies; within each, the
    earliest dated (dated before undated), then the most central (the sum of their cosines
    with the group: the ranking's first signal), then the earliest ids.  Returns the groups
    so cut and, for each other member, its most similar kept member (the story it joins,
    after the ranking: :func:`_joined_near_copies`).  Ranked whole, such a group's
    similarity matrix, story cut and ranking grew with its square: 5,000 near-copies took
    1.7 GB."""
    out, near = [], {}
    matrix = corpus.model.matrix_
    for g in groups:
        if len(g) <= most:
            out.append(g)
            continue
        # summed over the members in id order and rounded: equal sums (near-copies alike
        # but for their own words) differed in the last bits with the input order, which
        # then chose the kept member instead of the id
        by_id = sorted(range(len(g)), key=lambda k: corpus.doc_id(g[k]))
        rows = matrix[[g[k] for k in by_id]]
        total = np.asarray(rows.sum(axis=0)).ravel()
        central = np.empty(len(g))
        central[by_id] = np.round(rows @ total - np.asarray(rows.multiply(rows).sum(axis=1)).ravel(), 9)

        def first(k: int) -> tuple:
            undated, d, doc_id = _first_ranked(corpus, g[k])
            return undated, d, -central[k], doc_id

        order = sorted(range(len(g)), key=first)
        if copy_group is not None:  # the other texts first, then each copied text's first copy
            label = copy_group[g]
            tier = np.where(label >= 0, 2, 0)
            seen: set[int] = set()
            for k in order:
                if label[k] >= 0 and label[k] not in seen:
                    seen.add(int(label[k]))
                    tier[k] = 1
            order.sort(key=tier.__getitem__)  # (stable: the order above within a tier)
        kept = sorted(g[k] for k in order[:most])
        rest = [g[k] for k in order[most:]]
        kept_rows = matrix[kept]
        for s in range(0, len(rest), NEAR_COPIES_PER_STEP):
            part = rest[s:s + NEAR_COPIES_PER_STEP]
            best = (matrix[part] @ kept_rows.T).toarray().argmax(axis=1)
            near.update(zip(part, (kept[b] for b in best.tolist())))
        out.append(kept)
    return out, near


def _join_copies(corpus: Corpus, clusters: list[Cluster], copies: list[tuple[list[int], list[int]]]) -> None:
    """Put each copy :func:`_spare_copies` or :func:`_spare_content_copies` left out in the
    story of its text's ranked copies (``copies``: ``(kept, others)`` per text), after the
    last of them, with the parent the story stage gives a copy ranked after the first (the
    most similar member ranked above it, the higher-ranked on a tie): a duplicate of the
    first copy, nothing added, unless a member as similar to it is ranked above the first
    copy (then that member, as the ranked copies have it; their added spans only where the
    texts are byte for byte the same, else none)."""
    # the copies _spare_content_copies spared (after those of _spare_copies in ``copies``)
    # first: their kept copies may be an identical text's kept copies, its first among them
    # (two texts keyed by one first copy lost one's spared copies; one spared here, the other's)
    story_of = {m.id: c for c in clusters if c is not None for m in c.members}
    for k in reversed(range(len(copies))):
        kept, others = copies[k]
        c = story_of[corpus.doc_id(kept[0])]
        ids = {corpus.doc_id(i) for i in kept}
        at = [n for n, m in enumerate(c.members) if m.id in ids]
        # as a ranked copy after the first: its parent is the first copy, unless a member
        # as similar (cosine 1.0: the same content words, reordered) is ranked above it
        like = c.members[at[-1]] if len(at) > 1 else None
        if like is None or like.parent == c.members[at[0]].id:
            like = Member("", "derivative", parent=c.members[at[0]].id, relation="duplicate", similarity=1.0)
        like_text = next(corpus.text(i) for i in kept if corpus.doc_id(i) == like.id) if like.added else None
        joined = [Member(corpus.doc_id(i), "derivative", parent=like.parent, relation=like.relation,
                         similarity=like.similarity,
                         added=list(like.added) if like_text is not None and corpus.text(i) == like_text else [],
                         boilerplate=corpus.boilerplate[i])
                  for i in sorted(others, key=corpus.doc_id)]
        c.members[at[-1] + 1:at[-1] + 1] = joined
        story_of.update((m.id, c) for m in joined)


def _same_text(a: Document, b: Document, corpus: Corpus, ia: int, ib: int, confidence: float,
               reason: str) -> Comparison:
    """:func:`compare` of two documents of one text: duplicates, nothing added."""
    return Comparison(a=a.id, b=b.id, similarity=1.0, relation="duplicate", source=a.id, confidence=confidence,
                      reasons=[reason], added={a.id: [], b.id: []},
                      boilerplate={a.id: corpus.docs[ia].boilerplate, b.id: corpus.docs[ib].boilerplate},
                      evidence={})


def _held(corpus: Corpus, doc: Document) -> int:
    """``doc``'s position in ``corpus``; a :class:`ValueError` when the corpus does not hold
    it (a KeyError from the id map), or holds another text under its id (the spans would
    point into that text)."""
    try:
        i = corpus.position(doc.id)
    except KeyError:
        raise ValueError(f"document {doc.id!r} is not in the corpus given to compare") from None
    if corpus.text(i) != doc.text:
        raise ValueError(f"document {doc.id!r}: the corpus given to compare holds another text under its id")
    return i


def compare(a: Document, b: Document, options: Options | None = None,
            corpus: Corpus | None = None) -> Comparison:
    """Explain one pair: similarity, relation, the likely source, what each side added.

    With ``corpus`` (built from a larger collection holding both), IDF comes from it;
    otherwise from the two texts alone.  A document the corpus does not hold (by id, with
    the same text) is a :class:`ValueError`.
    """
    options = _check_options(options)
    check_document(a)
    check_document(b)
    if a.id == b.id:  # a document with itself (two documents never share an id in a corpus)
        if a.text != b.text:
            raise ValueError(f"two different documents with one id {a.id!r}")
        corpus = corpus if corpus is not None else Corpus([a], options)
        ia = _held(corpus, a)
        return _same_text(a, b, corpus, ia, ia, 1.0, "the same document")
    if corpus is None:
        corpus = Corpus([a, b], options)
        ia, ib = 0, 1
    else:
        ia, ib = _held(corpus, a), _held(corpus, b)
    if a.text == b.text and not corpus.docs[ia].words:  # one text without words, twice: no score
        return _same_text(a, b, corpus, ia, ib, 0.5, "the same text (no words to score)")
    aligned: dict[tuple[int, int], passages.Alignment] = {}
    story = _story(corpus, [ia, ib], "pair", aligned=aligned)
    src = story.members[0]
    der = story.members[1]
    for i, j in ((ia, ib), (ib, ia)):  # (the story ranked both: each made once)
        if (i, j) not in aligned:
            aligned[i, j] = corpus.align(i, j)
    shared = bool(corpus.shares_passage([ia, ib])[0, 1])
    # as batch finds a member's added passages: against a text it shares a verbatim passage
    # with, only closely aligned sentences count as supported (``passage_support``)
    # a pair batch would link: by its cosine, or by a verbatim passage however small a share
    # of either text it is (as :meth:`Corpus.link_arrays` links them)
    linked = der.similarity is not None and (der.similarity >= options.link_threshold or shared)
    # (duplicates, the same content words in the same order, add nothing to each other)
    duplicate = linked and der.relation == "duplicate"
    added = {a.id: [] if duplicate else passages.added_against(corpus.docs[ia], corpus.sentences,
                                                                [aligned[ia, ib]], options, [shared]),
             b.id: [] if duplicate else passages.added_against(corpus.docs[ib], corpus.sentences,
                                                                [aligned[ib, ia]], options, [shared])}
    i, j = (ia, ib) if der.id == a.id else (ib, ia)  # the derivative, its source
    ev = corpus.evidence(i, j, der.similarity or 0.0, aligned[i, j], shared)
    evidence = {"shared_terms": round(ev.term_containment, 4), "shared_term_count": ev.shared_terms,
                "shared_5grams": round(ev.shingle_containment, 4),
                "supported": round(ev.supported, 4), "shared_passage": ev.shared_passage,
                "shared_numbers": round(ev.number_overlap, 4), "shared_names": round(ev.name_overlap, 4),
                "shared_specificity": round(ev.shared_specificity, 4),
                "close_support": round(ev.close_support, 4), "closing_block": ev.closing_block,
                "quotes_only": ev.quotes_only, "short_texts": ev.short,
                "sums_up": ev.term_containment < options.derived_containment and score.summarises(ev, options)}
    return Comparison(
        a=a.id, b=b.id, similarity=der.similarity or 0.0,
        relation=der.relation if linked else None,
        source=src.id if linked and der.relation != "related" else None,
        confidence=story.confidence, reasons=story.reasons, added=added,
        boilerplate={a.id: corpus.docs[ia].boilerplate, b.id: corpus.docs[ib].boilerplate},
        evidence=evidence,
    )
