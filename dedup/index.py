"""A persistent index for the pre-ingest filter: is an incoming article new, a copy, or a
derivative of something already in?

>>> import tempfile, os
>>> from dedup import Document, Index
>>> idx = Index(os.path.join(tempfile.mkdtemp(), "news.dedup"))
>>> text = "Storm floods the old town. Rescue teams worked all night to save the harbour."
>>> idx.check_and_add(Document("a", text)).status
'new'
>>> d = idx.check(Document("b", text))
>>> d.status, [(m.id, m.relation, m.similarity, m.original) for m in d.matches]
('duplicate', [('a', 'duplicate', 1.0, 'a')])
>>> idx.remove("a"), idx.check(Document("b", text)).status
(True, 'new')
>>> idx.close()

A check runs the stages of ``dedup batch`` against the stored state, so its relations are
batch's:

1. the incoming text is prepared as batch prepares it (``normalize``: words, sentences,
   boilerplate); its terms are counted;
2. its key terms are picked with document-level IDF from the stored counts (the incoming
   document counted in, as in a corpus that holds it; a sentence the index already holds is
   not counted again, as batch counts a repeated sentence once), and their MinHash gives its
   LSH band keys;
3. candidates are the documents sharing a band key (a key stored for ``max_bucket`` or more
   documents is a template and proposes nobody) and the exact copies of its words; at most
   ``max_candidates`` of them, those sharing the most bands, are verified (an index of at
   most ``max_candidates`` documents, fewer than ``max_bucket``, is verified whole: its first
   documents were sketched with little or no IDF);
4. each candidate's stored term vector (its terms' counts, kept when it was added: no text
   is prepared again) is weighed with the sentence-level IDF of the stored counts
   (:func:`dedup.score.model_from_df`), exactly as TF-IDF of its prepared text would be: a
   candidate whose cosine reaches ``link_threshold`` is a *match*, as are exact copies (a
   cheaper pass, :meth:`Index._screen`, first drops the candidates whose cosine is below it,
   so the model is built for the few that remain);
5. for each match (the ``max_matches`` most similar), its stored text is prepared (or taken
   from a small cache), the incoming document is aligned to it (``passages.align``) and its
   relation named (``score.classify``), as batch names a derivative's relation to its parent.

The decision's ``status`` is the relation to the most similar match (``new`` without one);
``added`` are the passages of the incoming text that match does not support.  Each match
says which of the two is the likely ``original``, ranked as batch ranks a story's original
(:func:`dedup.api.rank_members` over the incoming text and its :data:`RANKED_MATCHES`
closest matches: the texts' direction signals, plus the date bonus when dated).  When the incoming text is the likely original, the match's
relation is the stored document's relation to it, as batch would name it.

Storage (:mod:`dedup.storage`) is one SQLite file by default, or a Redis database for a
``redis://`` location (:mod:`dedup.redis_storage`): several processes may share it (one
writer at a time, readers alongside), and every ``add`` / ``check_and_add`` / ``remove`` is
one transaction.
"""
from __future__ import annotations

import datetime as _dt
import collections.abc as _abc
import itertools
import math
import numbers
import json
import operator
import os
import threading
import time as _time
from collections import Counter, OrderedDict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Sequence

import numpy as np
import xxhash
from scipy import sparse

from . import api, features, normalize, original, pagedate, parallel, passages, score
from .config import Options, stored_options_problems
from .document import Document, Span, _is_unicode, check_document, utc_datetime
from .storage import DocRecord, NotAnIndexError, StorageError, open_storage, shown_location

__all__ = ["Index", "Decision", "Match", "DocumentExistsError", "OptionsMismatchError", "STATUSES"]

STATUSES = ("new",) + score.RELATIONS
NOT_DERIVED = ("new", "related")
"""The statuses of a document that is no copy or derivative of an indexed one: ``related``
is the same story written independently, new content whose own copies must be found later,
so the default policy of :meth:`Index.check_and_add` (``"new-or-related"``) stores both."""
KEY_MASK = (1 << 47) - 1  # band keys fit SQLite's 6-byte integers
CONTENT_MASK = (1 << 63) - 1

STRUCTURAL = ("stem_chars", "min_key_chars", "key_terms", "num_perm", "lsh_bands", "seed",
              "idf_prior_docs")
"""Options fixed when an index is created: its stored sketches depend on them."""


EARLY_SKETCHES = "early_sketches"
"""The meta key set once the first ``idf_prior_docs`` documents of an index have been
sketched again (:meth:`Index._sketch_first_again`): the document count then."""


def _count_of(value) -> int | None:
    """A stored count (an int, or its digits as Redis stores it); None when it reads as none."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return None


class DocumentExistsError(ValueError):
    """``add`` of an id that is already in the index (``doc``: the document, when known)."""

    def __init__(self, message: str, doc: Document | None = None):
        super().__init__(message)
        self.doc = doc


class OptionsMismatchError(StorageError):
    """Options that conflict with the ones the index was built with."""


@dataclass
class Match:
    id: str
    relation: str  # the incoming document's relation to this one (see score.RELATIONS)
    similarity: float  # TF-IDF cosine
    original: str  # id of the likely original of the two


@dataclass
class Decision:
    """What the index says about one incoming document."""

    id: str
    status: str  # "new" or the relation to the best match
    matches: list[Match] = field(default_factory=list)  # most similar first
    added: list[Span] = field(default_factory=list)  # spans into the incoming text
    boilerplate: list[Span] = field(default_factory=list)
    text: str = field(default="", repr=False)
    indexed: bool = False  # whether check_and_add stored the document

    @property
    def parent(self) -> str | None:
        return self.matches[0].id if self.matches else None

    def record(self) -> dict:
        """The decision as JSON-ready dict (``text[start:end] == span["text"]``)."""
        def spans(items):
            return [{"start": s.start, "end": s.end, "text": self.text[s.start:s.end]} for s in items]

        return {
            "id": self.id,
            "status": self.status,
            "parent": self.parent,
            "matches": [{"id": m.id, "relation": m.relation, "similarity": m.similarity,
                         "original": m.original} for m in self.matches],
            "added": spans(self.added),
            "boilerplate": spans(self.boilerplate),
            "indexed": self.indexed,
        }


@dataclass
class _Analysis:
    """An incoming document after stage 1, with what the index counts of it."""

    doc: Document
    prepared: normalize.Prepared
    tf: Counter  # content terms (all sentences) and their counts, in order of first use
    # term -> (counted sentences holding it, 1 if one does else 0), every term of the text in
    # order of first use (:meth:`Index._count_units` counts against the index; until then
    # every sentence is counted)
    delta: dict[str, tuple[int, int]]
    sentences: int  # its sentences counted
    content: int | None  # hash of the word sequence, None without words
    keys: list[str] = field(default_factory=list)
    bands: list[int] = field(default_factory=list)
    # the band keys a check looks up: of the key terms among the terms the index knows
    # (None: the same as ``bands``)
    query_bands: list[int] | None = None
    stored: dict[str, tuple[int, int]] = field(default_factory=dict)  # stored counts of its terms
    stored_sentences: int = 0  # sentences counted in the index when it was sketched
    # the words and terms of each content sentence (what passages.Sentences makes of the
    # prepared text: the check aligns with them); None once only its counts are needed
    sentence_words: list[list[str]] | None = None
    sentence_terms: list[list[str]] | None = None
    # each content sentence's hash (None: too short to be counted once,
    # :func:`dedup.features.unit_hash`) and distinct terms
    units: list[tuple[int | None, tuple[str, ...]]] = field(default_factory=list)
    credit: bytes | None = None  # which sentences are counted (None: all), as stored
    new_units: list[int] = field(default_factory=list)  # hashes it is the first to hold


def _analysis(doc: Document, options: Options) -> _Analysis:
    """Stage 1 of an incoming document: what the index counts and sketches of it (a pure
    function of the document and the options)."""
    check_document(doc, text_required=True)
    p = normalize.finalize(normalize.analyze(doc))
    sent_words = passages.sentence_words(p)
    sent_terms = features.sentence_terms(sent_words, options.stem_chars)
    # sentences holding each term, the terms in order of first use (dict.fromkeys, not a
    # set: a set's order depends on the process's string hash seed, and this order numbers
    # the index's new terms, so the file would differ from one run to the next)
    distinct = list(map(dict.fromkeys, sent_terms))
    per_term = Counter(itertools.chain.from_iterable(distinct))
    words = p.words
    content = (xxhash.xxh64_intdigest("\x00".join(words).encode("utf-8")) & CONTENT_MASK) if words else None
    # each sentence's hash (features.unit_hash), each distinct term hashed once
    hashed = dict(zip(per_term, map(features.term_hash64, per_term)))
    units = [(features.unit_hash(ts, hashed), tuple(d)) for ts, d in zip(sent_terms, distinct)]
    return _Analysis(doc, p, Counter(itertools.chain.from_iterable(sent_terms)),
                     {t: (n, 1) for t, n in per_term.items()}, len(sent_terms), content,
                     sentence_words=sent_words, sentence_terms=sent_terms, units=units,
                     new_units=[h for h in dict.fromkeys(h for h, _ in units) if h is not None])


def _credit(a: _Analysis, counted: Sequence[bool]) -> None:
    """Set ``a``'s term delta, counted sentences and credit bits from which of its
    sentences are counted (``counted[k]`` for sentence ``k``)."""
    per_term: Counter = Counter()
    for c, (_, ts) in zip(counted, a.units):
        if c:
            per_term.update(ts)
    a.delta = {t: (per_term[t], 1) if t in per_term else (0, 0) for t in a.delta}
    a.sentences = sum(map(bool, counted))
    if all(counted):
        a.credit = None
    else:
        bits = 0
        for k, c in enumerate(counted):
            if c:
                bits |= 1 << k
        a.credit = bits.to_bytes((len(counted) + 7) // 8, "little")


def _credited(credit: bytes | None, n: int) -> list[bool]:
    """The counted flags of a stored document's ``n`` sentences from its credit bits."""
    if credit is None:
        return [True] * n
    bits = int.from_bytes(credit, "little")
    return [bool(bits >> k & 1) for k in range(n)]


def _analyses_to_store(docs: list) -> list:
    """:func:`_analysis` of every document of a batch, without the prepared text (a stored
    document needs only its terms and counts); ``None`` for an item that is not a
    :class:`Document` (the writer then raises ``TypeError`` for it, as :meth:`Index.add_many`
    does).  Runs in a worker of
    :meth:`Index.load`, the options inherited (:func:`dedup.parallel.state`)."""
    options = parallel.state()
    out = []
    for d in docs:
        if isinstance(d, Document):
            a = _analysis(d, options)
            a.prepared = a.sentence_words = a.sentence_terms = None
            out.append(a)
        else:
            out.append(None)
    return out


VERBATIM_SHARE = 0.3
"""The share of the incoming text's word 5-grams found in its best match at which a check
takes the two to share a verbatim passage (batch's fingerprint test, which the filter does
not run) when it finds the passages the incoming text added: against such a text only
sentences aligned at ``passage_support`` count as supported, so a paragraph added to a
republished article is reported, not taken as supported by the article's own words."""
WRITER_PAUSE = 0.12
"""Seconds :meth:`Index.evict` and :meth:`Index.remove_many` wait between their batches, each
a transaction, so that another process's write waiting for the lock gets it in between: a
waiting SQLite connection looks again up to 100 ms apart (SQLite's busy handler), a Redis one
up to 50 ms apart, and a batch started at once after the last took the lock first every time
(a reviewer's 6,000-document eviction held other writers off for 14 s)."""


class _Pair(api.Corpus):
    """Batch's Corpus methods (align, evidence) over prepared documents and a given model."""

    def __init__(self, docs, model, sentences, options):  # noqa: D107 (no fit: model given)
        self.options = options
        self.docs = docs
        self.model = model
        self.sentences = sentences
        self.stats = Counter()
        self._names: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._mastheads: dict[int, list[str]] = {}

    def name_ids(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`dedup.api.Corpus.name_ids`, made once per document of the check (the
        incoming text's is asked for with every match; docs, model and term ids are fixed)."""
        got = self._names.get(i)
        if got is None:
            got = self._names[i] = super().name_ids(i)
        return got


class _LRU:
    """A bounded, thread-safe least-recently-used map (``size`` 0 keeps nothing)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def band_keys(keys: Sequence[str], options: Options) -> list[int]:
    """LSH band keys of a key-term set: a 47-bit hash of each band's slice of the MinHash
    signature (``lsh_bands`` bands of ``lsh_rows`` rows), the band number hashed in."""
    return band_keys_many([keys], options)[0]


def band_keys_many(key_sets: Sequence[Sequence[str]], options: Options) -> list[list[int]]:
    """:func:`band_keys` of every key-term set, the MinHash signatures computed at once
    (:func:`dedup.features.signatures`: datasketch's values, without building a MinHash
    object per set); an empty set has no band keys."""
    hashes, offsets = features.term_hashes(key_sets)
    sigs = features.signatures(hashes, offsets, options.num_perm, options.seed).astype("<u4", copy=False)
    r = options.lsh_rows
    tags = [b.to_bytes(2, "little") for b in range(options.lsh_bands)]
    out = []
    for keys, hv in zip(key_sets, sigs):
        if not keys:
            out.append([])
            continue
        row = hv.tobytes()
        out.append([xxhash.xxh64_intdigest(tag + row[4 * r * b:4 * r * (b + 1)]) & KEY_MASK
                    for b, tag in enumerate(tags)])
    return out


def _seed(sentences: passages.SentenceIndex, p: normalize.Prepared, model: score.TfidfModel) -> None:
    """Give ``sentences`` the term ids of ``p``'s sentences (one vocabulary look-up for the
    whole document; the vectors are then the ones its term strings give).  A document with
    a term the model does not know is left to the strings."""
    flat, lens = sentences.get(p).flat_terms()
    ids = model.indices(flat)
    if len(ids) == len(flat):
        offsets = np.zeros(len(lens) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        sentences.seed(p, ids, offsets)


def _first_row_dots(m: sparse.csr_matrix) -> np.ndarray:
    """The dot product of each row of ``m`` but the first with the first row:
    ``(m[1:] @ m[0].T).todense()`` flattened, to the bit, without scipy's sparse product
    (its slicing, converting and format checks cost more than the few rows' arithmetic).  ``m`` is canonical (sorted
    indices, no duplicates) with non-negative values.  scipy adds a row's products one
    after the other in the order of its nonzeros, skipping the columns the first row lacks;
    here every nonzero's product with the first row made dense (0.0 where it lacks the
    column, a product that adds nothing to a sum of non-negative numbers) is summed the
    same way, by ``np.bincount``, which adds its weights in their order."""
    n = m.shape[0]
    if n < 2:
        return np.zeros(0)
    indptr, indices, data = m.indptr, m.indices, m.data
    a = int(indptr[1])
    first = np.zeros(m.shape[1])
    first[indices[:a]] = data[:a]
    row = np.repeat(np.arange(n - 1), np.diff(indptr[1:]))
    return np.bincount(row, weights=data[a:] * first[indices[a:]], minlength=n - 1)


def _row_gram(m: sparse.csr_matrix, rows: Sequence[int]) -> np.ndarray:
    """The dot products of rows ``rows`` of ``m`` with each other, a dense square array:
    ``(m[rows] @ m[rows].T).todense()`` to the bit (see :func:`_first_row_dots`: scipy sums
    ``[i, k]`` over row ``i``'s nonzeros in their order; here row ``i``'s products with
    every row ``k``, made dense, are summed left to right by ``np.cumsum``)."""
    indptr, indices, data = m.indptr, m.indices, m.data
    dense = np.zeros((len(rows), m.shape[1]))
    spans = [(int(indptr[i]), int(indptr[i + 1])) for i in rows]
    for r, (a, b) in enumerate(spans):
        dense[r, indices[a:b]] = data[a:b]
    out = np.zeros((len(rows), len(rows)))
    for r, (a, b) in enumerate(spans):
        if b > a:
            out[r] = np.cumsum(data[a:b] * dense[:, indices[a:b]], axis=1)[:, -1]
    return out


def _check_id_type(doc_id) -> None:
    """A :class:`TypeError` for an id that is not a ``str`` (as :meth:`Index.add` refuses it)."""
    if not isinstance(doc_id, str):
        raise TypeError(f"an id must be a str, not {type(doc_id).__name__} ({doc_id!r})")


_POOL_INDEX: list = []  # a pool worker's own (pid, Index), opened at its first check


def pool_index() -> "Index":
    """In a worker of :meth:`Index.check_many`'s pool (its shared state the location and
    options): the worker's own read-only :class:`Index`, opened at the first call."""
    import os

    if not _POOL_INDEX or _POOL_INDEX[0] != os.getpid():
        location, options, settings = parallel.state()
        _POOL_INDEX[:] = [os.getpid(), Index(location, options, create=False, readonly=True, **settings)]
    return _POOL_INDEX[1]


def _pool_check(doc: Document) -> "Decision":
    return pool_index().check(doc)


def date_epoch(value: str | None) -> float | None:
    """Seconds since the epoch of an ISO 8601 date (UTC when no zone is given); None if absent
    or not a date (:func:`dedup.document.utc_datetime`)."""
    d = utc_datetime(value)
    return None if d is None else d.replace(tzinfo=_dt.timezone.utc).timestamp()


RANKED_MATCHES = 8
"""The closest matches ranked with the incoming text for the likely original (each adds
alignments both ways with every other ranked text)."""
SCREEN_MARGIN = 1e-6
"""How far below ``link_threshold`` :meth:`Index._screen`'s cosine may be for the model to
weigh the candidate anyway (the two cosines differ by float rounding, ~1e-15)."""


SPLITS_PER_PREPARED = 64
"""Entries of the cache of matched documents' sentence splits (:func:`_split_of`, ~2 KB
each) per entry of the cache of prepared texts (~110 KB each): 1,024 with the default 16.
At 10,000 documents, 522 of the 1,614 matches of 500 checks were of a document matched
before, 90% of them within the last 260 checks (~840 matches), far beyond the 16 prepared
texts kept; restoring a text from its split (:func:`dedup.normalize.restore`: its words
found again, its numbers and name flags as kept) took 0.12-0.14 ms against 0.53-0.60 ms
to prepare it and find them (3,500 texts of the benchmark, each restored equal)."""


def _split_of(p: normalize.Prepared) -> tuple:
    """What :func:`dedup.normalize.finalize` decided of a prepared text, compactly: its
    boilerplate spans and content sentences (start, end, one after the other) and each
    sentence's line number, as int64 arrays; and what a check reads of every matched text
    besides (its cached :attr:`~dedup.normalize.Prepared.numbers`, one string, and its
    :attr:`~dedup.normalize.Prepared.name_flags`, flat, with each sentence's count): what
    :func:`_restored` restores it from."""
    flags = p.name_flags
    return (np.array([x for sp in p.boilerplate for x in (sp.start, sp.end)], dtype=np.int64),
            np.array([x for sp in p.sentences for x in (sp.start, sp.end)], dtype=np.int64),
            np.array(normalize.paragraph_numbers(p), dtype=np.int64),
            "\x00".join(p.numbers),  # (a number is digits: no NUL in one)
            np.fromiter(itertools.chain.from_iterable(flags), dtype=bool),
            np.fromiter(map(len, flags), dtype=np.int64, count=len(flags)))


def _restored(doc: Document, split: tuple) -> normalize.Prepared:
    """``normalize.finalize(normalize.analyze(doc))`` from its :func:`_split_of` (the words
    found again, the lines not: a matched document's lines are not read), as ``dedup
    batch`` restores a story's members, with its numbers and name flags as they were made."""
    boiler, sents, paragraphs = (x.tolist() for x in split[:3])
    numbers, flags, lengths = split[3:]
    p = normalize.restore(doc, [Span(a, b) for a, b in zip(boiler[::2], boiler[1::2])],
                          [Span(a, b) for a, b in zip(sents[::2], sents[1::2])], paragraphs)
    p.numbers = set(numbers.split("\x00")) if numbers else set()
    flat = flags.tolist()
    cuts = np.concatenate([[0], np.cumsum(lengths)]).tolist()
    p.name_flags = [flat[a:b] for a, b in zip(cuts[:-1], cuts[1:])]
    return p


def add_policy(add: Collection[str] | str) -> tuple[str, ...]:
    """The statuses ``add`` names: ``"all"``, ``"new-or-related"`` (:data:`NOT_DERIVED`), one
    status, or a collection of statuses.

    >>> add_policy("new-or-related"), add_policy("new")
    (('new', 'related'), ('new',))
    """
    if not isinstance(add, (str, Collection)):
        raise TypeError(f"add={add!r}: give 'all', 'new-or-related', a status or a collection of statuses")
    policy = (STATUSES if add == "all" else NOT_DERIVED if add == "new-or-related"
              else (add,) if isinstance(add, str) else tuple(add))
    unknown = [x for x in policy if x not in STATUSES]
    if unknown:
        raise ValueError(f"add={add!r}: statuses must be among {', '.join(STATUSES)}, "
                         "or 'all' or 'new-or-related'")
    return policy


class Index:
    """A persistent index of documents that new ones are checked against.

    ``location`` is a file path (an SQLite file) or a ``redis://host:port/db?prefix=NAME``
    URL (a Redis database); the index is created when missing unless ``create=False``.
    ``options`` default to the ones the index was created with; options that shape the
    stored sketches (:data:`STRUCTURAL`) must match them, the others (the link threshold,
    relation thresholds) may differ per process.  ``changes`` (option name -> value, what
    the command line's ``--set`` gives) are applied on top of ``options``, or of the
    index's own options when ``options`` is None (of the defaults for a new index): a
    scoring change leaves every other stored option as it was, and a structural one must
    match the index.  ``timeout`` is how long a
    writer waits for another process's write lock (counted from the write's start: a wait for
    another thread's write on this index is part of it); ``clock`` gives the ingest time.
    ``cache_prepared`` bounds the in-process cache of prepared matched documents (~110 KB
    each) that spares a check from preparing a recently matched document's text again
    (0 turns it off), and :data:`SPLITS_PER_PREPARED` times as many entries (~2 KB each) of
    such documents' sentence split, from which one is prepared again at about half the
    cost; candidates that do not match are weighed from their stored term vectors and
    never prepared.

    An SQLite index this process cannot write (a read-only file, folder or file system) is
    opened for reading, as with ``readonly=True`` (which never creates nor writes it):
    :attr:`readonly` is then True, :meth:`check` and :meth:`stats` work, and every write
    raises :class:`dedup.storage.ReadOnlyIndexError` (a :class:`StorageError`) naming the
    reason.
    """

    def __init__(self, location, options: Options | None = None, *,
                 changes: Mapping[str, Any] | None = None, create: bool = True,
                 timeout: float = 30.0, max_candidates: int = 100, max_matches: int = 10,
                 clock: Callable[[], float] = _time.time, cache_prepared: int = 16,
                 readonly: bool = False):
        # each argument checked before the index is opened, naming it (None as max_candidates
        # failed in a comparison, "3" as timeout inside sqlite3)
        for name, value, least in (("max_candidates", max_candidates, 1), ("max_matches", max_matches, 1),
                                   ("cache_prepared", cache_prepared, 0)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{name}={value!r}: must be an int")
            if value < least:
                raise ValueError(f"{name}={value!r}: must be >= {least}")
        max_candidates, max_matches, cache_prepared = int(max_candidates), int(max_matches), int(cache_prepared)
        if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real):
            raise TypeError(f"timeout={timeout!r}: must be a number of seconds")
        if not 0 <= timeout < math.inf:  # (NaN too; an infinite wait failed in the Redis client)
            raise ValueError(f"timeout={timeout!r}: must be a finite number of seconds >= 0")
        if not callable(clock):
            raise TypeError(f"clock={clock!r}: must be a function giving the time, as time.time")
        for name, value in (("create", create), ("readonly", readonly)):
            if not isinstance(value, bool):
                raise TypeError(f"{name}={value!r}: must be True or False")
        if options is not None:
            api._check_options(options)  # a TypeError, as batch's (a dict failed deep inside)
        if changes is not None and not isinstance(changes, _abc.Mapping):
            raise TypeError(f"changes must be a mapping of option names to values, not "
                            f"{type(changes).__name__} (e.g. changes={{'link_threshold': 0.3}})")
        # a str, a path or bytes as os functions take them (bytes failed inside open_storage,
        # and str() of them is "b'...'"); anything else a TypeError naming its type
        if not isinstance(location, (str, bytes, os.PathLike)):
            raise TypeError(f"location={location!r}: must be a path (a str, bytes or os.PathLike) or a "
                            "redis:// URL, not " + type(location).__name__)
        location = os.fsdecode(location)
        self.location = location
        self.max_candidates = max_candidates
        self._first_sketched = False  # (see _sketch_first_again)
        self.max_matches = max_matches
        self.clock = clock
        # a matched document's prepared text, keyed by the text's 128-bit hash with id and
        # date: a pure function of them, so a hit gives exactly what preparing the text
        # again would.  Bounded by its entry count (~110 KB each).
        self._prepared = _LRU(cache_prepared)
        # the sentence split of more of them, what restores one without splitting its
        # text again (~2 KB each, SPLITS_PER_PREPARED of them per prepared text kept)
        self._splits = _LRU(SPLITS_PER_PREPARED * cache_prepared)
        self.storage = open_storage(location, create=create, timeout=timeout, readonly=readonly)
        try:
            self.options = self._settle_options(options, dict(changes or {}))
        except BaseException:
            self.storage.close()
            raise
        self.counters: Counter = Counter()

    @property
    def readonly(self) -> bool:
        """Whether this index only reads (see the class docstring)."""
        return getattr(self.storage, "readonly", False)

    def _settle_options(self, given: Options | None, changes: dict[str, Any]) -> Options:
        s = self.storage
        with s.write() if s.get_meta("options") is None and not self.readonly else s.read():
            raw = s.get_meta("options")
            if raw is None and _count_of(s.get_meta("documents")) != 0:
                # (an index holding documents was built with options: without them its
                # sketches would be read with the defaults, which need not be its own)
                raise NotAnIndexError(f"{shown_location(self.location)}: damaged dedup index: its stored "
                                      "options are missing")
            if raw is None:
                # a value the options refuse is their ValueError (TypeError) naming it, as for
                # batch: the caller's error, not a conflict with an index (OptionsMismatchError)
                opts = replace(given or Options(), **changes)
                if not self.readonly:
                    s.set_meta("options", json.dumps(opts.as_dict(), sort_keys=True))
                return opts
        problems = stored_options_problems(raw, STRUCTURAL)
        if problems:
            raise NotAnIndexError(f"{shown_location(self.location)}: damaged dedup index: {problems[0]}")
        stored = json.loads(raw)
        known = {f.name for f in fields(Options)}
        base = Options(**{k: v for k, v in stored.items() if k in known})
        opts = base if given is None else given
        try:
            opts = replace(opts, **changes)
        except ValueError:
            # a structural value other than the index's conflicts with it, valid or not (256
            # bands fit the default num_perm but not an index's 128)
            self._check_built_with(base, {**{k: getattr(opts, k) for k in STRUCTURAL}, **changes})
            raise
        self._check_built_with(base, {k: getattr(opts, k) for k in STRUCTURAL})
        return opts

    def _check_built_with(self, base: Options, wanted: Mapping[str, Any]) -> None:
        """Raise OptionsMismatchError when a :data:`STRUCTURAL` value in ``wanted`` is not the
        index's (``base``)."""
        bad = [f"{k}={getattr(base, k)!r} (given {wanted[k]!r})"
               for k in STRUCTURAL if k in wanted and getattr(base, k) != wanted[k]]
        if bad:
            # (the location as messages show it: a Redis password hidden)
            raise OptionsMismatchError(f"{shown_location(self.location)}: the index was built with " + ", ".join(bad))

    # --- context ---
    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def session(self):
        """Group many writes into one transaction (committed on exit, rolled back on error):
        ``with idx.session(): for d in docs: idx.add(d)``."""
        with self.storage.write():
            yield self

    # --- analysis ---
    def _analyze(self, doc: Document) -> _Analysis:
        return _analysis(doc, self.options)

    def _sketch(self, a: _Analysis) -> None:
        """Key terms (document-level IDF from the stored counts, ``a`` counted in) and bands."""
        n_docs, a.stored_sentences = self.storage.totals()
        self._count_units(a, self.storage.known_units(h for h, _ in a.units if h is not None))
        a.stored = self.storage.term_counts(a.delta)
        self._sketch_with(a, n_docs, {t: d for t, (_, d) in a.stored.items()})

    @staticmethod
    def _count_units(a: _Analysis, known: Collection[int]) -> None:
        """Count ``a``'s sentences as ``dedup batch`` counts a corpus's: a sentence of
        :data:`dedup.features.UNIT_MIN_TERMS` or more terms only when no stored document
        holds it (its hash is not in ``known``) and at its first place in the text."""
        counted, seen, new = [], set(), []
        for h, _ in a.units:
            if h is None:
                counted.append(True)
            elif h in known or h in seen:
                counted.append(False)
            else:
                counted.append(True)
                seen.add(h)
                new.append(h)
        a.new_units = new
        if a.credit is None and a.sentences == len(counted) and all(counted):
            return  # (the usual case: every sentence counted, as the analysis counts them)
        _credit(a, counted)

    def _sketch_with(self, a: _Analysis, n_docs: int, documents: dict[str, int], bands: bool = True) -> None:
        """:meth:`_sketch` given the stored document count and each term's document count
        (``bands=False``: the key terms only)."""
        o = self.options
        df = Counter({t: documents.get(t, 0) + d for t, (_, d) in a.delta.items()})
        n = n_docs + 1
        idf = features.idf_weights(df, n, o.idf_prior_docs)
        ranked = features.ranked_key_terms(a.tf, idf, o, n)
        a.keys = ranked[: o.key_terms]
        if not bands:
            return
        # a term the index has never stored is in no stored sketch: looked up, it only takes
        # the place of a term that could be shared.  The check looks up the key terms among
        # the terms the index knows (as batch picks them among the terms two documents
        # hold); the document is stored with its own, which later documents may share.
        # (A text in a language the index has not seen holds almost no known term but the
        # rare ones it shares with its source.)  Known, not counted: a stored copy's repeated
        # sentences are not counted, and once the text it repeats is removed or evicted, the
        # terms only the copy holds count 0 documents, yet are in the copy's sketch.
        query = list(itertools.islice((t for t in ranked if t in documents), o.key_terms))
        if query and query != a.keys:
            a.bands, a.query_bands = band_keys_many([a.keys, query], o)
        else:
            a.bands, a.query_bands = band_keys(a.keys, o), None

    def _decide(self, a: _Analysis, before: int = 0) -> Decision:
        """The decision about ``a``; ``before``: when not 0, only documents stored before
        this rowid are candidates (the index as it was when the incoming document itself was
        stored, by an earlier run: :meth:`recheck`)."""
        o = self.options
        s = self.storage
        self._sketch(a)
        exact = set(s.same_content(a.content)) if a.content is not None else set()
        if before:
            exact = {r for r in exact if r < before}
        # an index of at most max_candidates documents is checked whole: its first
        # documents were sketched with little or no IDF (a stored sketch is never made
        # again), and a partial copy of one may share too few key terms with it for LSH.
        # (Below max_bucket documents no bucket can be a template's, so nothing the
        # bucket cap would drop is checked, and the buckets need not be read.)
        everything = s.all_rowids(min(self.max_candidates, o.max_bucket - 1))
        if everything is not None:
            rowids = {r for r in everything if r < before} if before else set(everything)
        else:
            votes: Counter = Counter()
            looked_up = a.bands if a.query_bands is None else a.query_bands
            for key, rows in s.buckets(looked_up, limit=o.max_bucket).items():
                if len(rows) >= o.max_bucket:  # with the incoming one: more than max_bucket
                    # a template's bucket or one text's copies by the hundred: only its first
                    # (earliest stored) document is a candidate, as batch proposes a star
                    self.counters["oversized_buckets"] += 1
                    votes.update(rows[:1])
                    continue
                votes.update(rows)
            for r in [r for r in votes if r >= before] if before else ():
                del votes[r]
            ranked = sorted(votes, key=lambda r: (-votes[r], r))[: self.max_candidates]
            rowids = set(ranked) | set(sorted(exact)[: self.max_candidates])
        decision = Decision(a.doc.id, "new", boilerplate=list(a.prepared.boilerplate), text=a.doc.text)
        if not rowids:
            return decision
        # terms the incoming text does not hold and the term cache does not know are left
        # unresolved: they weigh only in a candidate's norm, and most candidates fall
        # below link_threshold even with their lowest possible weights (_screen), so only
        # the others' terms are resolved (their vectors as read: Storage.resolved)
        tv = s.term_vectors(rowids, resolve=a.tf)
        self.counters["candidates"] += len(tv.rowids)
        if not tv.rowids:
            return decision
        # (what both screens weigh of the incoming text; its terms' ids, when the back end
        # has them, find them among the candidates' by number)
        incoming = self._incoming(a, s.term_ids(list(a.tf)))
        if tv.unresolved:
            bound = self._screen(a, tv, incoming)
            keep = [k for k, r in enumerate(tv.rowids) if bound[k] >= o.link_threshold - SCREEN_MARGIN or r in exact]
            self.counters["bounded_out"] += len(tv.rowids) - len(keep)
            if not keep:
                return decision
            tv = s.resolved(tv.subset(keep))
        # most candidates fall below link_threshold: the cosine screen drops them before the
        # model is built (its cosines differ from the model's only in the last bits)
        near = self._screen(a, tv, incoming) >= o.link_threshold - SCREEN_MARGIN
        keep = [k for k, r in enumerate(tv.rowids) if near[k] or r in exact]
        if not keep:
            return decision
        tv = tv.subset(keep)
        model = self._model(a, tv)
        sims = _first_row_dots(model.matrix_)
        above = [k for k, r in enumerate(tv.rowids) if sims[k] >= o.link_threshold or r in exact]
        records = {r.rowid: r for r in s.documents([tv.rowids[k] for k in above], keys=False)}
        linked = [(float(sims[k]), records[tv.rowids[k]].id, k) for k in above if tv.rowids[k] in records]
        # (of matches equally similar, a stored copy of the same content first, as batch
        # takes it for the parent: the same words in another order are as similar)
        # (stored copies of the same content by when they were stored: the first stored is the
        # parent, and the one kept when there are more than max_matches; by id they were
        # the ones of the smallest ids, the first stored left out)
        linked.sort(key=lambda x: (-round(x[0], original.SCORE_DIGITS), tv.rowids[x[2]] not in exact,
                                   tv.rowids[x[2]] if tv.rowids[x[2]] in exact else 0, -x[0], x[1]))
        linked = linked[: self.max_matches]
        if not linked:
            return decision
        records = {k: records[tv.rowids[k]] for _, _, k in linked}
        prepared = {k: self._candidate_prepared(records[k]) for _, _, k in linked}
        sentences = passages.SentenceIndex(o)
        sentences.put(a.prepared, a.sentence_words, a.sentence_terms)  # as stage 1 made them
        docs = [a.prepared] + [prepared[k] for _, _, k in linked]
        for p in docs:  # term ids of every sentence: vectors built from ids, as batch builds them
            _seed(sentences, p, model)
        sentences.build(docs, model)
        # the incoming text and its closest matches are ranked as batch ranks a story
        ranked = linked[:RANKED_MATCHES]
        story = _Pair(docs, model, sentences, o)
        sim_m = _row_gram(model.matrix_, [0] + [k + 1 for _, _, k in ranked])
        aligned: dict[tuple[int, int], passages.Alignment] = {}

        def align(i: int, j: int) -> passages.Alignment:
            if (i, j) not in aligned:
                aligned[i, j] = story.align(i, j)
            return aligned[i, j]

        shingles = score.Shingles([p.content for p in docs])  # words numbered once a check
        dates, later = pagedate.ranking_dates([a.doc.date] + [records[k].date for _, _, k in ranked],
                                              lambda k: pagedate.page_dates(docs[k].text, docs[k].boilerplate),
                                              o.page_dates)
        ranking = api.rank_members(story, range(len(ranked) + 1), sim_m,
                                   [a.doc.id] + [records[k].id for _, _, k in ranked], dates, aligned,
                                   numbered=(shingles.ids[:len(ranked) + 1], shingles.n_words),
                                   # texts no signal tells apart (an exact copy, undated): the
                                   # indexed one was there first
                                   ties=[(1, a.doc.id)] + [(0, records[k].id) for _, _, k in ranked],
                                   tie_reason="tie: indexed first", later=later)
        place = {pos: r for r, pos in enumerate(ranking.order)}
        for n, (sim, _, k) in enumerate(linked, start=1):
            # the incoming text ranks above this match (a match beyond the ranked ones
            # counts as ranked below the incoming text only if that one ranked first)
            first = place[0] < place[n] if n in place else place[0] == 0
            relation = score.classify(story.evidence(n, 0, sim, align(n, 0), shingles=(shingles, n, 0)) if first
                                      else story.evidence(0, n, sim, align(0, n), shingles=(shingles, 0, n)), o)
            similarity = 1.0 if relation == "duplicate" else round(min(sim, 1.0), 4)
            decision.matches.append(Match(records[k].id, relation, similarity,
                                          a.doc.id if first else records[k].id))
            if n == 1 and relation != "duplicate":  # (a duplicate adds nothing, as in batch)
                # as batch finds them: against a text it shares verbatim passages with, only
                # closely aligned sentences count as supported (the filter has no passage
                # fingerprints: VERBATIM_SHARE of its 5-grams in the match stands for them)
                verbatim = shingles.containment(0, n, 5) >= VERBATIM_SHARE
                decision.added = passages.added_against(a.prepared, sentences, [align(0, n)], o, [verbatim])
        # (stable: equally similar matches stay in the order above, exact copies as stored)
        decision.matches.sort(key=lambda m: (-m.similarity, m.relation != "duplicate"))
        decision.status = decision.matches[0].relation
        return decision

    @staticmethod
    def _incoming(a: _Analysis, ids: np.ndarray | None = None) -> tuple:
        """What :meth:`_screen` weighs of the incoming text whatever the candidates: its
        terms in order of first use, each one's position, stored sentence count as _sketch
        read it (-1: a term the index does not hold), its own counted sentences, and its
        sublinear TF; and, given each term's id (``ids``: :meth:`Storage.term_ids` of the
        terms in that order), the ids sorted with each one's position (else None)."""
        inc = list(a.tf)
        first = operator.itemgetter(0)
        stored = np.fromiter(map(first, map(a.stored.get, inc, itertools.repeat((-1,)))), dtype=np.int64,
                             count=len(inc))
        own = np.fromiter(map(first, map(a.delta.__getitem__, inc)), dtype=np.int64, count=len(inc))
        sublinear = 1.0 + np.log(np.fromiter(a.tf.values(), dtype=np.float64, count=len(inc)))
        by_id = None
        if ids is not None:
            order = np.argsort(ids, kind="stable")
            by_id = ids[order], order
        return inc, dict(zip(inc, range(len(inc)))), stored, own, sublinear, by_id

    def _screen(self, a: _Analysis, tv, incoming: tuple | None = None) -> np.ndarray:
        """The TF-IDF cosine of the incoming document with each candidate of ``tv``, weighed
        as :meth:`_model` weighs them (the same document frequencies, IDF, sublinear TF and
        norms) but without building the model: only the candidates' terms the incoming
        text holds are looked up, and each dot product is summed in one pass over the
        candidates' counts.  Summed in another order than the model's sparse product, a
        cosine may differ from it in the last bits (see :data:`SCREEN_MARGIN`).

        A term left unresolved in ``tv`` (count -1; never one of the incoming text's) is
        weighed as if every sentence held it, its lowest possible IDF: the candidate's norm
        is then at most its true one and the cosine at least the true one, an upper bound
        that drops, without reading the term, exactly the candidates the true cosine would
        drop.  ``incoming``: :meth:`_incoming` of ``a``, when the caller has it."""
        inc, at, stored, own, sublinear, by_id = self._incoming(a) if incoming is None else incoming
        if by_id is not None and tv.ids is not None and len(inc):
            # each candidate term's position among the incoming terms found by id (one sorted
            # search, not a look-up of each of its ~2,000 strings: a term has one id; an
            # incoming term not stored has none, -1, which no candidate's term has)
            ids, order = by_id
            pos = np.searchsorted(ids, tv.ids)
            np.minimum(pos, len(ids) - 1, out=pos)
            to_inc = np.where(ids[pos] == tv.ids, order[pos], -1)
        else:
            to_inc = np.fromiter(map(at.get, tv.terms, itertools.repeat(-1)), dtype=np.int64, count=len(tv.terms))
        shared = np.flatnonzero(to_inc >= 0)
        # document frequencies as _model sets them: the candidates' stored counts, those of
        # the incoming text's terms as _sketch read them, the incoming text counted in
        cand_df = np.zeros(len(inc), dtype=np.int64)
        cand_df[to_inc[shared]] = tv.unit_df[shared]
        inc_df = np.where(stored >= 0, stored, cand_df)
        inc_df += own
        n = a.stored_sentences + a.sentences
        df = tv.unit_df.copy()
        df[df < 0] = n  # unresolved: the most sentences that can hold a term
        df[shared] = inc_df[to_inc[shared]]
        # sentence-level IDF has no prior, as in _model (idf_prior_docs shrinks only the key
        # terms' document-level IDF)
        w_inc = sublinear * score.idf_from_df(inc_df, n)
        norm_inc = float(np.sqrt(w_inc @ w_inc)) or 1.0
        w = (1.0 + np.log(tv.tf.astype(np.float64))) * score.idf_from_df(df, n)[tv.cols]
        # each nonzero's product with the incoming text's weight of its term, and for a term
        # the incoming text lacks (index -1) with the 0.0 appended: w is finite, so that
        # product is a zero, which adds nothing to its row's sum (an empty w_inc is fine too)
        dots = w * np.append(w_inc, 0.0)[to_inc[tv.cols]]
        rows = np.repeat(np.arange(len(tv.rowids)), np.diff(tv.indptr))
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(tv.rowids)))
        norms[norms == 0] = 1.0
        return np.bincount(rows, weights=dots, minlength=len(tv.rowids)) / norms / norm_inc

    def _model(self, a: _Analysis, tv) -> score.TfidfModel:
        """The TF-IDF model of a check and its rows: the incoming document's, then each
        candidate's (``tv``, in order).  The vocabulary is every term of these documents,
        sorted, weighed by the stored sentence counts with the incoming document counted
        in: the model :func:`dedup.score.model_from_counts` fits on their term lists."""
        tf = a.tf
        vocab = sorted(set(tf).union(tv.terms))
        col = {t: k for k, t in enumerate(vocab)}
        cand_col = np.fromiter(map(col.__getitem__, tv.terms), dtype=np.int64, count=len(tv.terms))
        df = np.zeros(len(vocab), dtype=np.int64)
        df[cand_col] = tv.unit_df
        # the incoming document's terms as _sketch read them, then its own counts added (each
        # term once in either dict: one fancy-indexed assignment and sum each, in C)
        first = operator.itemgetter(0)
        get = col.__getitem__
        df[np.fromiter(map(get, a.stored), dtype=np.int64, count=len(a.stored))] = \
            np.fromiter(map(first, a.stored.values()), dtype=np.int64, count=len(a.stored))
        df[np.fromiter(map(get, a.delta), dtype=np.int64, count=len(a.delta))] += \
            np.fromiter(map(first, a.delta.values()), dtype=np.int64, count=len(a.delta))
        model = score.model_from_df(vocab, df, a.stored_sentences + a.sentences, vocabulary=col)
        data = np.concatenate([np.fromiter(tf.values(), dtype=np.float64, count=len(tf)),
                               tv.tf.astype(np.float64)])
        indices = np.concatenate([np.fromiter(map(col.__getitem__, tf), dtype=np.int64, count=len(tf)),
                                  cand_col[tv.cols]])
        indptr = np.concatenate([[0], len(tf) + tv.indptr])
        counts = sparse.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(vocab)))
        counts.sum_duplicates()  # sorted indices, as TfidfModel.counts makes them
        # model.weigh(counts), its numbers from the arrays (weigh_rows: no sparse temporaries)
        model.matrix_ = sparse.csr_matrix((model.weigh_rows(counts.indptr, counts.indices, counts.data),
                                           counts.indices, counts.indptr), shape=counts.shape)
        return model

    @staticmethod
    def _cache_key(r: DocRecord) -> tuple:
        return r.id, r.date, xxhash.xxh3_128_digest(r.text.encode("utf-8", "surrogatepass"))

    def _prepare(self, r: DocRecord) -> normalize.Prepared:
        return normalize.finalize(normalize.analyze(Document(r.id, r.text, date=r.date)))

    def _candidate_prepared(self, r: DocRecord) -> normalize.Prepared:
        """A matched document's prepared text: from the cache of prepared texts, else
        restored from the cache of splits (:func:`dedup.normalize.restore`: its words found
        again, its boilerplate and sentences as first decided), else prepared."""
        key = self._cache_key(r)
        p = self._prepared.get(key)
        if p is None:
            split = self._splits.get(key)
            if split is None:
                p = self._prepare(r)
                self._splits.put(key, _split_of(p))
            else:
                p = _restored(Document(r.id, r.text, date=r.date), split)
            self._prepared.put(key, p)
        return p

    # --- public API ---
    def check(self, doc: Document) -> Decision:
        """Decide about ``doc`` without storing it."""
        a = self._analyze(doc)
        with self.storage.read(), parallel.one_blas_thread():
            d = self._decide(a)
        self.counters["checked"] += 1
        self.counters[d.status] += 1
        return d

    def check_many(self, docs: Iterable[Document], jobs: int = 1) -> Iterator[Decision]:
        """:meth:`check` of each document, in order.  With ``jobs > 1``, in that many forked
        worker processes, each opening this index again, read-only, with these options (a
        connection must not cross a fork): the same decisions, in the same order, with
        ``docs`` read up to ``2 * jobs`` documents ahead.  (Where ``fork`` is not available,
        or inside an open :meth:`session`, whose uncommitted documents only this process
        sees, in this process.)  ``counters`` count the checks and their statuses either way.

        >>> import os, tempfile
        >>> idx = Index(os.path.join(tempfile.mkdtemp(), "i.dedup"))
        >>> idx.add(Document("a", "Storm floods the old town. Rescue teams worked all night."))
        >>> docs = [Document("b", "Storm floods the old town. Rescue teams worked all night."),
        ...         Document("c", "The bakery on Main Street sells bread.")]
        >>> [d.status for d in idx.check_many(docs, jobs=2)]
        ['duplicate', 'new']
        """
        jobs = parallel.checked_jobs(jobs)
        if not self.checks_in_pool(jobs):
            for doc in docs:
                yield self.check(doc)
            return
        # the workers open the location again: a closed index must still refuse the call
        # (a StorageError, as check's), not be checked against by them
        self.storage.totals()
        for d in parallel.imap_ahead(_pool_check, docs, jobs, self.pool_state()):
            self.counters["checked"] += 1
            self.counters[d.status] += 1
            yield d

    def checks_in_pool(self, jobs: int) -> bool:
        """Whether checks asked for with ``jobs`` run in forked workers (:func:`pool_index`):
        ``jobs > 1``, and no :meth:`session` or other transaction of this object is open (the
        workers' own connections would not see its uncommitted documents)."""
        return jobs > 1 and not self.storage.in_transaction()

    def pool_state(self) -> tuple:
        """What :func:`pool_index` opens this index again with, in a worker: its location,
        its options and the settings a check depends on (``max_candidates``,
        ``max_matches``), so that the worker's decisions are this index's."""
        return (self.location, self.options, {"max_candidates": self.max_candidates,
                                              "max_matches": self.max_matches,
                                              "cache_prepared": self._prepared.size})

    def add(self, doc: Document) -> None:
        """Store ``doc`` (whatever it is a copy of).  Raises :class:`DocumentExistsError`
        when its id is already in the index."""
        self.add_many([doc])

    def add_many(self, docs: Iterable[Document], skip_existing: bool = False) -> list[Document]:
        """Store ``docs`` in one transaction, exactly as :meth:`add` of each in turn would
        (each sketched with the counts of the ones before it), but with a few statements
        for the whole batch: what ``dedup index add`` calls per ``--batch-size`` documents.
        An id already in the index (or earlier in ``docs``) raises
        :class:`DocumentExistsError` (``e.doc`` is that document) before anything is
        written, or with ``skip_existing`` is skipped; returns the skipped documents."""
        docs = list(docs)
        known: set[str] = set()
        if skip_existing:  # a resumed load: stored documents are not analysed again
            with self.storage.read():
                known = set(self.storage.existing([d.id for d in docs if isinstance(d, Document)]))
        analyses = [None if isinstance(d, Document) and d.id in known else self._analyze_to_store(d)
                    for d in docs]
        return self._add_analysed(docs, analyses, skip_existing)

    def load(self, docs: Iterable[Document], batch_size: int = 500, jobs: int = 1,
             skip_existing: bool = False) -> Iterator[tuple[list[Document], list[Document]]]:
        """Store a stream of documents, :meth:`add_many` of ``batch_size`` at a time (one
        transaction each), yielding ``(batch, skipped)`` after each commit.  The index is
        the same for every ``jobs``: with ``jobs > 1`` the next batches are analysed (stage 1,
        a pure function of each document) in forked worker processes while this process
        sketches and stores the current one, in input order.  An error raised while reading
        ``docs`` is raised after every batch read before it is stored; the documents of the
        batch it interrupted are not stored (as with ``dedup index add``'s inline loop)."""
        if batch_size < 1:
            raise ValueError(f"batch_size={batch_size!r}: must be >= 1")
        jobs = parallel.checked_jobs(jobs)
        it = iter(docs)

        def batches():
            while True:
                b = list(itertools.islice(it, batch_size))
                if not b:
                    return
                yield b

        if jobs <= 1:
            for b in batches():
                yield b, self.add_many(b, skip_existing=skip_existing)
            return
        read: deque = deque()  # the batches handed to the workers, in order

        def noted():
            for b in batches():
                read.append(b)
                yield b

        for analyses in parallel.imap_ahead(_analyses_to_store, noted(), jobs, self.options):
            b = read.popleft()
            yield b, self._add_analysed(b, analyses, skip_existing)

    def _add_analysed(self, docs: list, analyses: list, skip_existing: bool) -> list[Document]:
        """:meth:`add_many` of ``docs`` given their analyses (``None`` where not analysed)."""
        for d in docs:
            check_document(d, text_required=True)
        skipped: list[Document] = []
        with self.storage.write():
            stored_ids = self.storage.existing([d.id for d in docs])
            todo, seen = [], set()
            for d, a in zip(docs, analyses):
                if d.id in stored_ids or d.id in seen:
                    if not skip_existing:
                        raise DocumentExistsError(f"id {d.id!r} is already in the index" if d.id in stored_ids
                                                  else f"id {d.id!r} comes twice in one add_many", d)
                    skipped.append(d)
                    continue
                seen.add(d.id)
                todo.append(a if a is not None else self._analyze_to_store(d))  # removed meanwhile
            if not todo:
                return skipped
            n_docs, _ = self.storage.totals()
            documents = {t: d for t, (_, d) in self.storage.term_counts({t for a in todo for t in a.delta}).items()}
            known = self.storage.known_units(h for a in todo for h, _ in a.units if h is not None)
            for k, a in enumerate(todo):
                self._count_units(a, known)
                known.update(a.new_units)
                self._sketch_with(a, n_docs + k, documents, bands=False)
                for t, (_, d) in a.delta.items():  # what storing it adds to the counts
                    documents[t] = documents.get(t, 0) + d
            for a, bands in zip(todo, band_keys_many([a.keys for a in todo], self.options)):
                a.bands = bands
            items = [(self._record(a), a.bands, a.delta, a.sentences) for a in todo]
            # the first documents are sketched again right after the one that brings the index to
            # idf_prior_docs documents, as when each is added in turn
            m = max(self.options.idf_prior_docs - n_docs, 1) if self._first_pending() else len(items)
            self.storage.insert_many(items[:m])
            self._sketch_first_again()
            self.storage.insert_many(items[m:])
        self.counters["added"] += len(todo)
        return skipped

    def _first_pending(self) -> bool:
        """Whether the first documents are still to be sketched again (inside a write)."""
        if not self._first_sketched and self.options.idf_prior_docs > 0:
            self._first_sketched = self.storage.get_meta(EARLY_SKETCHES) is not None
        return not self._first_sketched and self.options.idf_prior_docs > 0

    def _sketch_first_again(self) -> None:
        """Once the index holds ``idf_prior_docs`` documents, sketch its first
        ``idf_prior_docs`` documents again with the IDF it now has (inside a write).

        A document is sketched when it is stored, and the sketch is not made again as the
        index grows; the first ones were sketched with an IDF shrunk towards 1 (an index of
        a few documents cannot tell a text's function words from its subject), so their key
        terms were their most frequent words, which no copy checked later looks up: a long
        text stored first, then 1,000 others, and a copy of its first 70% (cosine 0.93) was
        ``new``.  Done once per index (the meta key :data:`EARLY_SKETCHES` records it); an
        index built before this holds such documents too, and is sketched again at its
        next write that adds a document."""
        if not self._first_pending():
            return
        o = self.options
        s = self.storage
        n_docs, _ = s.totals()
        if n_docs < o.idf_prior_docs:
            return
        records = s.documents(s.first_rowids(o.idf_prior_docs))
        tfs = [self._analyze(Document(r.id, r.text, date=r.date)).tf for r in records]
        documents = {t: d for t, (_, d) in s.term_counts({t for tf in tfs for t in tf}).items()}
        changed = 0
        for rec, tf in zip(records, tfs):
            idf = features.idf_weights(Counter({t: documents.get(t, 0) for t in tf}), n_docs, o.idf_prior_docs)
            keys = features.key_terms_of_counts(tf, idf, o, n_docs)
            if set(keys) != set(rec.keys):
                s.rekey(rec, band_keys(rec.keys, o), band_keys(keys, o), keys)
                changed += 1
        s.set_meta(EARLY_SKETCHES, str(n_docs))
        self.counters["sketched_again"] += changed
        self._first_sketched = True

    def _analyze_to_store(self, doc: Document) -> _Analysis:
        a = self._analyze(doc)
        a.prepared = a.sentence_words = a.sentence_terms = None  # not needed to store it:
        # a batch holds only texts and terms
        return a

    def check_and_add(self, doc: Document, add: Collection[str] | str = NOT_DERIVED) -> Decision:
        """Decide about ``doc`` and, when its status is in ``add`` (``"all"`` for every
        status, ``"new-or-related"`` for :data:`NOT_DERIVED`, the default), store it, in one
        transaction: no other writer can add a copy in between.  Raises
        :class:`DocumentExistsError` when its id is already in the index."""
        policy = add_policy(add)
        a = self._analyze(doc)
        with self.storage.write(), parallel.one_blas_thread():
            self._require_new_id(a.doc.id)
            d = self._decide(a)
            if d.status in policy:
                self._store(a)
                d.indexed = True
        self.counters["checked"] += 1
        self.counters[d.status] += 1
        return d

    def recheck(self, doc: Document) -> Decision | None:
        """Decide again about a document the index already holds under its id with the same
        text, as :meth:`check` would have when it was stored: only the documents stored
        before it are candidates (the statistics are today's); ``indexed`` is True (it is
        stored).  None when the id is not stored or holds another text.  For a
        feed resumed after an interruption: what an earlier run stored before its decision
        reached the next stage gets a decision again (``dedup filter --resume``)."""
        a = self._analyze(doc)
        with self.storage.read(), parallel.one_blas_thread():
            stored = self.storage.get(a.doc.id)
            if stored is None or stored.text != a.doc.text:
                return None
            d = self._decide(a, before=stored.rowid)
        d.indexed = True
        self.counters["checked"] += 1
        self.counters[d.status] += 1
        return d

    def _require_new_id(self, doc_id: str) -> None:
        if self.storage.get(doc_id) is not None:
            raise DocumentExistsError(f"id {doc_id!r} is already in the index")

    def _store(self, a: _Analysis) -> None:
        """Store a document :meth:`_decide` sketched, its id checked new in this transaction."""
        self.storage.insert(self._record(a), a.bands, a.delta, a.sentences)
        self._sketch_first_again()
        self.counters["added"] += 1

    def _record(self, a: _Analysis) -> DocRecord:
        now = self.clock()
        when = date_epoch(a.doc.date)
        return DocRecord(a.doc.id, a.doc.text, a.doc.date, now, now if when is None else when,
                         a.content, a.keys, a.sentences, tf=dict(a.tf), credit=a.credit, units=a.new_units)

    def remove(self, doc_id: str) -> bool:
        """Remove a document and its counts; False when the id is not in the index.  An id
        that is not a ``str`` is a :class:`TypeError`, one holding a lone surrogate (which
        :meth:`add` refuses) a :class:`ValueError`."""
        _check_id_type(doc_id)
        if not _is_unicode(doc_id):  # as add refuses it (it was a UnicodeEncodeError from storage)
            raise ValueError(f"an id must be valid Unicode, without lone surrogates ({doc_id!r})")
        with self.storage.write():
            rec = self.storage.get(doc_id)
            if rec is None:
                return False
            a = self._analyze(Document(rec.id, rec.text, date=rec.date))
            # it takes back what it added: its counted sentences (and the hashes of those it
            # was the first to hold)
            counted = _credited(rec.credit, len(a.units))
            _credit(a, counted)
            rec.units = [h for (h, _), c in zip(a.units, counted) if c and h is not None]
            self.storage.remove(rec, band_keys(rec.keys, self.options), a.delta, rec.sentences)
        self.counters["removed"] += 1
        return True

    def evict(self, older_than: _dt.timedelta | _dt.datetime | float, batch_size: int = 500) -> int:
        """Remove every document older than a window (a ``timedelta`` back from now), a
        ``datetime`` or an epoch time: by its date when it has one, else by ingest time.
        Returns how many were removed (``batch_size`` per transaction).  A zero window
        (``timedelta(0)``) removes every document of an earlier time; ``dedup index evict``
        refuses one, as a likely slip.  A negative window
        or an epoch time that is not finite (NaN, infinity, an int past a float's range) is a
        :class:`ValueError`; a value of another type (a ``date``, a str) a :class:`TypeError`."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int):
            raise TypeError(f"batch_size={batch_size!r}: must be an int >= 1")
        if batch_size < 1:
            raise ValueError(f"batch_size={batch_size!r}: must be an int >= 1")
        if isinstance(older_than, _dt.timedelta):
            if older_than < _dt.timedelta(0):
                raise ValueError(f"older_than={older_than!r}: a window must not be negative")
            cutoff = self.clock() - older_than.total_seconds()
        elif isinstance(older_than, _dt.datetime):
            d = older_than if older_than.tzinfo else older_than.replace(tzinfo=_dt.timezone.utc)
            cutoff = d.timestamp()
        elif isinstance(older_than, numbers.Real) and not isinstance(older_than, bool):
            try:  # (numpy's numbers too: a numpy.int64 was refused, a numpy.float64 taken)
                cutoff = float(older_than)
            except OverflowError:  # an int past float's range
                cutoff = math.inf
            if not math.isfinite(cutoff):
                raise ValueError(f"older_than={older_than!r}: an epoch time must be finite")
        else:
            raise TypeError("older_than must be a timedelta, a datetime or an epoch time")
        removed = 0
        while True:
            with self.storage.write():
                ids = self.storage.older_than(cutoff, batch_size)
                for doc_id in ids:
                    removed += self.remove(doc_id)
            if len(ids) < batch_size:
                return removed
            self._let_writers_in()

    def remove_many(self, doc_ids: Iterable[str], batch_size: int = 500) -> list[str]:
        """:meth:`remove` of each id, ``batch_size`` per transaction, with a pause between
        batches in which another process's waiting write takes the lock (:data:`WRITER_PAUSE`);
        returns the ids that were not in the index.  Stopped part way, it leaves the batches
        it committed removed."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size={batch_size!r}: must be an int >= 1")
        ids = list(doc_ids)
        missing: list[str] = []
        for k in range(0, len(ids), batch_size):
            if k:
                self._let_writers_in()
            with self.storage.write():
                missing.extend(i for i in ids[k:k + batch_size] if not self.remove(i))
        return missing

    def _let_writers_in(self) -> None:
        """Between two write transactions of one long job: wait, outside any transaction, so
        that another writer waiting for the lock gets it (nothing to wait for inside one)."""
        if not self.storage.in_transaction():
            _time.sleep(WRITER_PAUSE)

    def __contains__(self, doc_id: str) -> bool:
        """Whether a document of this id is stored.  An id that is not a ``str`` is a
        :class:`TypeError`, as for :meth:`remove` (``3 in idx`` was False on SQLite, and True
        on Redis when ``"3"`` was stored)."""
        _check_id_type(doc_id)
        if not _is_unicode(doc_id):
            return False  # no stored id holds a lone surrogate (storage could not encode it)
        return self.storage.get(doc_id) is not None

    def __len__(self) -> int:
        return self.storage.totals()[0]

    def problems(self, limit: int = 5) -> list[str]:
        """What is wrong with the stored data (SQLite's ``integrity_check``, values of the wrong
        type or range, as a damaged or hand-edited file holds), at most ``limit`` findings;
        empty when nothing is found.  Reads the whole index (see the back end's
        ``problems``)."""
        return self.storage.problems(limit)

    def stats(self) -> dict:
        """Stored documents, sentences, terms, bytes on disk, oldest/newest time, options."""
        out = self.storage.stats()
        out["options"] = self.options.as_dict()
        return out
