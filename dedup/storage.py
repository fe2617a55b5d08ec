"""Storage of a :class:`dedup.index.Index`: one small interface, an embedded SQLite back end.

What an index keeps (and all a check needs):

* **documents**: id, the text (zlib-compressed, so a matched document can be prepared again
  exactly as ``dedup batch`` prepares it), its date, ingest time, the hash of its word
  sequence (exact copies) and its key terms (as term ids, delta-coded varints: its LSH band
  keys are recomputed from them when it is removed);
* **bands**: the MinHash LSH band keys, packed (format version 2): a key's low 40 bits are
  kept; its top 16 bits and the document's block of 65,536 rowids name a row, and the row's
  blob holds one 5-byte entry per (key, document) in it: the key's other 24 bits and the
  rowid's low 16 bits.  A row gathers ~20 entries at 10,000 documents and ~128 per block
  beyond, so a band costs ~5.5 bytes on disk instead of a ~15-byte B-tree cell; a check is
  one ``IN`` look-up of its 128 keys' rows per block (``buckets``).  Keys that agree on
  their 40 low bits share a bucket: among a million documents about one check in 60 gets
  one chance candidate (one vote) from that, which verification then weighs like any other;
* **terms**: for every term, an integer id, how many counted sentences and how many
  documents hold it in a counted sentence (the scoring state, updated incrementally on
  insert and remove), how many documents hold it at all (``refs``: a term is deleted with
  the last one), and the totals;
* **units** (format version 5): the hash of every sentence counted (a sentence of 3 or more
  terms is counted once, in the first document stored that holds it:
  :func:`dedup.features.counted_units`), so that a text stored by the hundred does not make
  its own words common, packed as the bands are (:data:`UNIT_ROW_BITS`); a document whose
  sentences were not all counted keeps which were (``docs.credit``), so that removing it
  takes back exactly what it added;
* **term vectors** (format version 3): per document, its distinct terms as term ids with how
  often each occurs (:mod:`dedup.termvec`, ~450 bytes), so a check weighs a candidate
  without preparing its text again (:meth:`Storage.term_vectors`: one query for the
  candidates' vectors, one for the strings and counts of their terms).

The interface (:class:`Storage`) is what a back end implements, in the spirit of
datasketch's ``storage.py``: ``insert`` (``insert_many`` for a batch) / ``remove`` / ``buckets`` (its ``getmany``) /
``term_counts`` / ``totals`` / ``documents`` ..., with ``write()`` and ``read()`` context
managers for a transaction and a consistent snapshot.  :class:`SQLiteStorage` is the
default: one file, stdlib ``sqlite3`` in WAL mode, one writer at a time and any number of
readers in other processes.  A transaction is all or nothing: a process killed in the
middle of one leaves the file as it was before it.

:class:`dedup.redis_storage.RedisStorage` implements the same interface over a Redis
database, for a ``redis://host:port/db?prefix=NAME`` location (:func:`open_storage`).

>>> import tempfile, os
>>> s = open_storage(os.path.join(tempfile.mkdtemp(), "i.dedup"))
>>> with s.write():
...     s.insert(DocRecord("a", "Some text.", None, 0.0, 0.0, 1, ["some"], 1), [7, 8],
...              {"some": (1, 1), "text": (1, 1)}, sentences=1)
1
>>> s.buckets([7, 9], limit=10)
{7: [1]}
>>> s.totals()
(1, 1)
>>> s.close()
"""
from __future__ import annotations

import collections
import json
import operator
import os
import sqlite3
import threading
import time
import zlib
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress, filterfalse
from typing import Collection, Iterable, Iterator, Sequence
from urllib.parse import quote

import numpy as np

from . import termvec
from .config import stored_options_problems
from .features import UNIT_HASH_BITS, sorted_isin, sorted_unique

SCHEMA_VERSION = 11
"""Version 1 stored one ``(key, doc)`` B-tree row per band key; version 2 packs them (see
the module docstring); version 3 adds term ids and each document's term vector; version 4
has the same tables, but the words and terms of a text of a script written without
spaces changed (a character's marks stay with it, :data:`dedup.normalize.WORD_RE`; Chinese
characters are terms besides their bigrams, :func:`dedup.features.terms`), and words are
folded (:func:`dedup.normalize.norm_word`: Arabic and Hebrew vowel marks, Greek accents,
Arabic and Persian letters, Turkish İ/ı, digits of every script) and more stops end a
sentence, so a version 3 index holds other term vectors and sentence counts for texts in
those scripts.  Version 5 counts a repeated sentence once (the ``units`` table, the
``docs.credit`` and ``terms.refs`` columns), so a version 4 index holds other counts.
Version 6 has the same tables, but the lines of a hard-wrapped text are joined into its
paragraphs before it is cut into sentences (:func:`dedup.normalize.split_lines`), and an
invisible joiner or soft hyphen inside a word no longer splits it
(:data:`dedup.normalize._JOINERS`), so a version 5 index holds other sentences, words and
counts for such texts.  Version 7 finds more page furniture (a list of links under a
furniture heading, a sign-up promo written as a sentence) and version 8 takes a headline of
two sentences into a list of links and ends no sentence after an abbreviated title before a
name ("Dr. Smith"), so an older index holds other sentences and counts for such
texts.  Version 9 takes the article off Arabic words and folds the hamza on alef
(:func:`dedup.features.arabic_light`), so an older index holds other terms for Arabic
texts.  Version 10 takes the variation selectors (U+FE0F after an emoji) as joiners
(:data:`dedup.normalize._JOINERS`), so an older index holds other words for texts with
them.  Version 11 gives a Korean word of three or more syllables as its syllable bigrams
(:func:`dedup.features.terms`), so an older index holds other terms for Korean texts.  A
file of another
version is refused with a message saying so."""
PAGE_SIZE = 16384  # new files: ~1.7 KB rows (compressed text) waste ~100 B a row, not ~330 at 4 KB
BAND_KEY_BITS = 40
BAND_PREFIX_BITS = 16  # of a key, in the row number
BAND_BLOCK_BITS = 16  # low bits of a rowid kept in an entry: 65,536 documents per block
_SUFFIX_BITS = BAND_KEY_BITS - BAND_PREFIX_BITS  # 24: of a key, in the entry
_BLOCK_SHIFT = 24  # row number = prefix << 24 | block (2**40 rowids)
ENTRY_BYTES = (_SUFFIX_BITS + BAND_BLOCK_BITS) // 8
UNIT_ROW_BITS = 16
"""Of a sentence hash (:data:`dedup.features.UNIT_HASH_BITS`, 42), the high bits that name
its row of the ``units`` table (65,536 rows at most); the row's blob holds the other 26 bits
of each hash in it as sorted little-endian ``uint32`` entries: ~3 entries a row at 10,000
documents (~7 bytes a sentence on disk), ~300 at a million (~4), against ~11 for a B-tree
row per hash."""
_UNIT_LOW_BITS = UNIT_HASH_BITS - UNIT_ROW_BITS  # 26
APPLICATION_ID = 0x64656470  # "dedp": PRAGMA application_id of every dedup index file
SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_CACHE_KIB = 16384
"""SQLite's page cache of a connection, in KiB (its default is 2,000 KiB: 125 pages of 16 KB).
A check reads ~130 band rows, ~25-40 term vectors and their terms' rows, scattered over the
file: with the default cache most of those pages are read from the OS again at every check.
At 10,000 documents (500 checks, one run each, the same machine) 16 MiB took the system CPU
time of a check from ~0.8 to ~0.33 ms (8 MiB: 0.42, 32 MiB: 0.21) for ~15 MiB more RSS (the
cache fills within the first checks: RSS stays flat after them)."""
OPEN_ATTEMPTS = 3
"""Openings of an SQLite index before giving up when its file is removed or replaced each time
while it opens (see :class:`SQLiteStorage`)."""
MAX_VARS = 500  # bound parameters per statement (well under every SQLite build's limit)
TERM_CACHE = 65_536
"""Entries of a process's cache of term id -> (term, sentence count) (:class:`TermIdCache`:
twice as many slots, ~24 bytes each and the strings, ~10 MB in all; the cache of term ->
counts, :class:`TermCache`, holds half as many): a check at 10,000 documents reads the
strings of ~10,000 candidate terms, so a quarter of that size kept missing about half of
them (CPU per check, 200 checks at 10,000 documents, median of 3 interleaved runs: 48.4 ->
44.1 ms)."""

__all__ = ["StorageError", "NotAnIndexError", "IndexBusyError", "ReadOnlyIndexError", "DocRecord", "TermVectors",
           "Storage", "SQLiteStorage", "open_storage", "stored_documents", "SCHEMA_VERSION"]


def _structural() -> tuple[str, ...]:
    from .index import STRUCTURAL  # (the index module imports this one)
    return STRUCTURAL


class StorageError(Exception):
    """A problem with the index store; ``str(e)`` is one line naming the location."""


class NotAnIndexError(StorageError):
    """The location holds something that is not a dedup index this version can read
    (another file, another SQLite database, a newer schema, a corrupt file)."""


class IndexBusyError(StorageError):
    """Another process held the write lock for longer than the busy timeout."""


class UnreachableError(StorageError):
    """The index's server (Redis) could not be reached: the connection failed or timed out."""


class ReadOnlyIndexError(StorageError):
    """A write to an index this process can only read (a file, folder or file system it may
    not write)."""


@dataclass
class DocRecord:
    """One stored document (``rowid`` is the back end's handle, 0 before insertion)."""

    id: str
    text: str
    date: str | None
    ingested: float  # seconds since the epoch
    time: float  # the document's date, else its ingest time (what eviction goes by)
    content: int | None  # hash of its word sequence (exact copies); None without words
    keys: list[str]  # key terms of its sketch
    sentences: int  # content sentences counted in the totals
    rowid: int = 0
    tf: dict[str, int] | None = None  # term -> occurrences in its content sentences (insert only)
    # which of its content sentences were counted (a bit each, in order, least significant
    # bit first); None when all were
    credit: bytes | None = None
    # insert: the hashes of the sentences it is the first to hold (stored with it); remove:
    # those it was credited with (deleted with it)
    units: Sequence[int] = ()


@dataclass
class TermVectors:
    """Term vectors of stored documents (:meth:`Storage.term_vectors`): document ``k``
    (rowid ``rowids[k]``) holds terms ``terms[cols[indptr[k]:indptr[k + 1]]]`` with counts
    ``tf[indptr[k]:indptr[k + 1]]``; ``unit_df[j]`` is how many stored sentences hold
    ``terms[j]``.  Asked for with ``resolve`` (:meth:`Storage.term_vectors`), a term outside
    it may be left unresolved: ``terms[j]`` is None and ``unit_df[j]`` is -1.  A back end with
    term ids gives them in ``ids`` (``ids[j]`` is ``terms[j]``'s), so that
    :meth:`Storage.resolved` looks up only the unresolved terms; None without."""

    rowids: list[int]
    terms: list[str]
    unit_df: np.ndarray  # int64, one per term
    indptr: np.ndarray  # int64, len(rowids) + 1
    cols: np.ndarray  # int64, indices into terms
    tf: np.ndarray  # int64
    ids: np.ndarray | None = None  # int64, the back end's id of each of terms

    @property
    def unresolved(self) -> int:
        """How many of :attr:`terms` are left unresolved (None, count -1)."""
        return int(np.count_nonzero(self.unit_df < 0))

    def subset(self, rows: Sequence[int]) -> "TermVectors":
        """The vectors of documents ``rows`` (positions into :attr:`rowids`, ascending),
        with only the terms they hold (in their order here)."""
        rows = np.asarray(rows, dtype=np.int64)
        lo, hi = self.indptr[rows], self.indptr[rows + 1]
        lengths = hi - lo
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        at = np.arange(indptr[-1]) + np.repeat(lo - indptr[:-1], lengths)  # their nonzeros
        # (each vector's columns are a sorted run where they come from term ids: timsort merges
        # the runs, see SQLiteStorage.term_vectors; the same values and inverse either way)
        used, cols = sorted_unique(self.cols[at], return_inverse=True, kind="stable")
        return TermVectors([self.rowids[k] for k in rows.tolist()], [self.terms[k] for k in used.tolist()],
                           self.unit_df[used], indptr, cols.astype(np.int64).reshape(-1), self.tf[at],
                           None if self.ids is None else self.ids[used])

    @classmethod
    def from_lists(cls, rowids: list[int], docs: list[tuple[list[str], list[int]]],
                   counts: dict[str, tuple[int, int]]) -> "TermVectors":
        """From each document's terms and counts as strings (a back end without term ids)."""
        vocab: dict[str, int] = {}
        cols, tf, indptr = [], [], [0]
        for terms, c in docs:
            cols.extend(vocab.setdefault(t, len(vocab)) for t in terms)
            tf.extend(c)
            indptr.append(len(cols))
        terms = list(vocab)
        return cls(rowids, terms, np.array([counts.get(t, (0, 0))[0] for t in terms], dtype=np.int64),
                   np.array(indptr, dtype=np.int64), np.array(cols, dtype=np.int64),
                   np.array(tf, dtype=np.int64))


class Storage(ABC):
    """What an index back end stores.  Band keys are non-negative 47-bit integers (the SQLite
    back end keeps their low 40 bits); term
    counts are ``term -> (counted sentences holding it, documents holding it in a counted
    sentence)``; a term delta holds every term of the document (``(0, 0)`` for one only in
    sentences counted before), for the term's reference count."""

    location: str

    # --- transactions ---
    @abstractmethod
    def write(self):
        """Context manager: one atomic write transaction (nested calls join the outer one)."""

    @abstractmethod
    def read(self):
        """Context manager: a consistent snapshot for several reads (joins an open transaction)."""

    def in_transaction(self) -> bool:
        """A :meth:`write` or :meth:`read` of this object is open (another connection would
        not see its uncommitted writes, nor be held to its snapshot)."""
        return bool(getattr(self, "_depth", 0))

    def ensure_present(self) -> None:
        """Raise :class:`StorageError` when the index this object opened is no longer where
        it was opened (nothing to check for a server's database)."""

    # --- writes ---
    @abstractmethod
    def insert(self, doc: DocRecord, band_keys: Sequence[int], term_delta: dict[str, tuple[int, int]],
               sentences: int) -> int:
        """Store a document, its band keys and add its term counts; returns its rowid."""

    def insert_many(self, items: Sequence[tuple[DocRecord, Sequence[int], dict[str, tuple[int, int]], int]]
                    ) -> list[int]:
        """:meth:`insert` of each ``(doc, band_keys, term_delta, sentences)`` in turn, in one
        transaction; returns their rowids.  A back end may do it in fewer statements."""
        with self.write():
            return [self.insert(*item) for item in items]

    @abstractmethod
    def remove(self, doc: DocRecord, band_keys: Sequence[int], term_delta: dict[str, tuple[int, int]],
               sentences: int) -> None:
        """Undo :meth:`insert` of ``doc`` (found with :meth:`get`)."""

    @abstractmethod
    def rekey(self, doc: DocRecord, old_bands: Sequence[int], new_bands: Sequence[int],
              keys: Sequence[str]) -> None:
        """Give a stored document (found with :meth:`documents`) other key terms (terms it
        holds) and band keys: its entries under ``old_bands`` are taken out and put under
        ``new_bands``; nothing else changes."""

    @abstractmethod
    def first_rowids(self, limit: int) -> list[int]:
        """The ``limit`` smallest stored rowids (the earliest stored documents), sorted."""

    @abstractmethod
    def set_meta(self, key: str, value) -> None: ...

    # --- reads ---
    @abstractmethod
    def get_meta(self, key: str, default=None): ...

    @abstractmethod
    def get(self, doc_id: str) -> DocRecord | None:
        """The stored document with this id."""

    def existing(self, doc_ids: Iterable[str]) -> set[str]:
        """The ids among ``doc_ids`` that are stored."""
        return {d for d in doc_ids if self.get(d) is not None}

    @abstractmethod
    def documents(self, rowids: Iterable[int], keys: bool = True) -> list[DocRecord]:
        """The stored documents with these rowids (missing ones are left out).  With
        ``keys=False`` a back end may leave each record's ``keys`` empty (a check needs only
        the texts and dates; resolving the key terms costs a look-up)."""

    @abstractmethod
    def term_vectors(self, rowids: Iterable[int], resolve: Collection[str] | None = None) -> TermVectors:
        """The term vectors of the stored documents with these rowids (missing ones are left
        out; the others in rowid order) with the stored sentence counts of their terms.

        With ``resolve`` given, a back end may leave a term that is not in it unresolved
        (its string None, its count -1) where resolving it would cost a look-up: the caller
        needs the strings and counts of ``resolve``'s terms, and of the others only for the
        documents it keeps (it asks again for those, without ``resolve``).  Resolved or
        not, each document's terms, their order and counts are the same."""

    def resolved(self, tv: TermVectors) -> TermVectors:
        """``tv`` (what :meth:`term_vectors` gave in this transaction, or a
        :meth:`TermVectors.subset` of it) with every term resolved: what
        ``term_vectors(tv.rowids)`` gives.  A back end with term ids (``tv.ids``) may look up
        only the unresolved terms instead of reading the vectors again."""
        return self.term_vectors(tv.rowids) if tv.unresolved else tv

    def term_ids(self, terms: Sequence[str]) -> np.ndarray | None:
        """The id of each of ``terms`` as :attr:`TermVectors.ids` gives it (-1 for a term not
        stored), int64; None for a back end without term ids (the default)."""
        return None

    @abstractmethod
    def buckets(self, band_keys: Sequence[int], limit: int) -> dict[int, list[int]]:
        """Rowids stored under each band key, sorted (at most ``limit`` per key, the smallest
        always among them; empty keys left out)."""

    @abstractmethod
    def same_content(self, content: int) -> list[int]:
        """Rowids of documents whose word sequence has this hash."""

    @abstractmethod
    def known_units(self, hashes: Iterable[int]) -> set[int]:
        """The sentence hashes among ``hashes`` that are stored (counted already)."""

    @abstractmethod
    def term_counts(self, terms: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Stored ``(sentences, documents)`` counts of the known terms among ``terms``."""

    @abstractmethod
    def totals(self) -> tuple[int, int]:
        """``(documents, sentences)`` stored."""

    @abstractmethod
    def all_rowids(self, limit: int) -> list[int] | None:
        """Every stored rowid, sorted, when there are at most ``limit``; else None."""

    @abstractmethod
    def older_than(self, cutoff: float, limit: int) -> list[str]:
        """Ids of up to ``limit`` documents whose time is before ``cutoff``."""

    @abstractmethod
    def stats(self) -> dict: ...

    def problems(self, limit: int = 5) -> list[str]:
        """What is wrong with the stored data (values of the wrong type or range, as a
        damaged or hand-edited file holds), at most ``limit`` findings; empty when nothing
        is found.  A full scan: for a diagnosis, not for every check.  (This back end checks
        nothing.)"""
        return []

    @abstractmethod
    def close(self) -> None: ...


# The SQLite index files this process holds open, by (device, inode), with how many
# connections: POSIX advisory locks belong to a process and a file, and closing ANY
# descriptor of the file drops every lock the process holds on it (SQLite's documentation,
# "How To Corrupt An SQLite Database File", 2.2).  Reading an open index's first bytes with
# open() and closing it dropped the shared lock a WAL connection keeps on the file, so
# another process that closed the index took it for the last user and deleted the -wal
# and -shm files under the first: a server then lost what others committed.
_HELD: collections.Counter = collections.Counter()
_HELD_LOCK = threading.Lock()


def _held_open(path: str) -> bool:
    """Whether this process holds the SQLite file ``path`` open as an index (then it is an
    SQLite file, and no other descriptor of it may be opened and closed)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    with _HELD_LOCK:
        return _HELD[st.st_dev, st.st_ino] > 0


def _file_head(path: str) -> bytes:
    """The first bytes of the file ``path`` (as many as :data:`SQLITE_MAGIC`), read with a
    descriptor of its own unless this process holds the file open as an index (see
    :data:`_HELD`; then it is an SQLite file).  Raises what ``open`` raises."""
    if _held_open(path):
        return SQLITE_MAGIC
    with open(path, "rb") as f:
        return f.read(len(SQLITE_MAGIC))


def _hold(identity: tuple[int, int] | None, delta: int) -> None:
    if identity is None:
        return
    with _HELD_LOCK:
        _HELD[identity] += delta
        if _HELD[identity] <= 0:
            del _HELD[identity]


def _can_write(path: str) -> bool:
    """Whether this process may write ``path`` (its permissions for this process's
    effective user, and a read-only file system: root too is refused there)."""
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def readonly_reason(location: str) -> str | None:
    """Why this process cannot write the SQLite index file ``location`` (an existing file),
    None when it can.  Besides the file, SQLite writes ``INDEX-wal`` and ``INDEX-shm`` beside
    it, creating them when they are missing: their folder must be writable unless both are
    there and writable."""
    def why(path: str, what: str) -> str:
        try:
            if os.statvfs(path).f_flag & os.ST_RDONLY:
                return f"{what} is on a read-only file system"
        except (OSError, AttributeError):  # (no statvfs on Windows)
            pass
        return f"no write permission on {what}"

    if not _can_write(location):
        return why(location, "the file")
    folder = os.path.dirname(os.path.abspath(location))
    if not _can_write(folder) and not all(os.path.exists(location + x) and _can_write(location + x)
                                          for x in ("-wal", "-shm")):
        return why(folder, "its folder") + ", where SQLite keeps the index's -wal and -shm files"
    return None


def connect_readonly(location: str, timeout: float = 30.0) -> tuple[sqlite3.Connection, bool]:
    """A connection that only reads the SQLite file ``location``, and whether it is
    ``immutable``.

    It is opened with SQLite's ``mode=ro``: SQLite still locks and follows the other
    processes' commits through the ``-shm`` file, so writers alongside are safe.  That needs
    the ``-wal`` and ``-shm`` files to exist or their folder to be writable.  When neither
    holds (a read-only folder or file system, the index closed cleanly, so without those
    files), it is opened with ``immutable=1`` instead: SQLite then takes no locks and
    assumes that nobody changes the file, which holds where nobody can write the folder (a
    read-only mount, a published snapshot); :class:`SQLiteStorage` checks before each read
    that the file is still as it was and opens it again when it is not.  A ``-wal`` file
    that holds commits, without a ``-shm`` file beside it, cannot be read from a read-only
    folder (immutable would pass over those commits): a :class:`StorageError` says so."""
    uri = f"file:{quote(os.path.abspath(location))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError as e:
        conn.close()
        # the -shm file cannot be made: "attempt to write a readonly database" in a folder
        # this process may not write, "unable to open database file" on a read-only mount
        if "readonly" not in str(e) and "unable to open" not in str(e):
            raise
    try:
        pending = os.path.getsize(location + "-wal")
    except OSError:
        pending = 0
    if pending:
        name = os.path.basename(location)
        raise StorageError(f"{location}: cannot read: its -wal file holds commits not yet in the file, "
                           f"and SQLite cannot create the -shm file it needs to read them (the folder is "
                           f"read-only): open the index once where it can be written, or copy {name} and "
                           f"{name}-wal to a writable folder")
    conn = sqlite3.connect(uri + "&immutable=1", uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    return conn, True


def stored_documents(path: str | os.PathLike) -> Iterator[dict]:
    """The documents of an SQLite index file, of this or an older format (version 1 on), in
    the order they were added: ``{"id", "text", "date", "ingested"}`` each (``date`` left
    out when there is none).  Read-only, without the version check of :func:`open_storage`,
    so that an index this dedup refuses can be exported and loaded again
    (``dedup index export OLD | dedup index add NEW -``).  Raises :class:`NotAnIndexError`
    for a file that is no dedup index (or a damaged one)."""
    from .io import one_line

    location = os.fspath(path)
    try:  # the messages of the other index commands (SQLiteStorage._check_file)
        head = _file_head(location)
    except FileNotFoundError:
        raise NotAnIndexError(f"{location}: no such index") from None
    except IsADirectoryError:
        raise NotAnIndexError(f"{location}: is a directory, not a dedup index") from None
    except OSError as e:
        raise NotAnIndexError(f"{location}: cannot open: {e.strerror or e}") from None
    if not head:
        raise NotAnIndexError(f"{location}: no such index (empty file)")
    if head != SQLITE_MAGIC:
        raise NotAnIndexError(f"{location}: not a dedup index (not an SQLite database)")
    try:
        conn, _ = connect_readonly(location)
    except StorageError as e:
        raise NotAnIndexError(str(e)) from None
    except (sqlite3.Error, UnicodeDecodeError) as e:  # (a damaged schema's message may not decode)
        raise NotAnIndexError(f"{location}: cannot read: {e}") from None
    try:
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            columns = {r[1] for r in conn.execute("PRAGMA table_info(docs)")}
        except (sqlite3.Error, UnicodeDecodeError) as e:
            raise NotAnIndexError(f"{location}: not a dedup index, or a damaged one ({e})") from None
        if app != APPLICATION_ID or not {"id", "text", "date", "ingested"} <= columns:
            raise NotAnIndexError(f"{location}: not a dedup index")
        try:
            for doc_id, blob, date, ingested in conn.execute(
                    "SELECT id, text, date, ingested FROM docs ORDER BY rowid"):
                try:
                    text = (zlib.decompress(blob) if isinstance(blob, bytes) else blob.encode(
                        "utf-8", "surrogatepass")).decode("utf-8", "surrogatepass")
                except (zlib.error, UnicodeDecodeError, AttributeError) as e:
                    raise NotAnIndexError(f"{location}: damaged dedup index: docs.text of document "
                                          f"{one_line(repr(doc_id))[:40]} does not read: {e}") from None
                wrong = [name for name, value, types in (("docs.id", doc_id, str), ("docs.date", date, (str, type(None))),
                                                         ("docs.ingested", ingested, (int, float)))
                         if not isinstance(value, types)]
                if wrong:
                    raise NotAnIndexError(f"{location}: damaged dedup index: {', '.join(wrong)} of document "
                                          f"{one_line(repr(doc_id))[:40]}: a value of the wrong type")
                record = {"id": doc_id, "text": text, "ingested": ingested}
                if date is not None:
                    record["date"] = date
                yield record
        except (sqlite3.Error, UnicodeDecodeError) as e:
            raise NotAnIndexError(f"{location}: damaged dedup index ({e})") from None
    finally:
        conn.close()


DAMAGE_SIGNS = (TypeError, ValueError, OverflowError, AttributeError, KeyError, IndexError)
"""What stored values of the wrong type or range raise in the code that reads them (records
were checked before): an error of these kinds from an open index is a reason to
:func:`diagnose` it (the CLI's commands and ``dedup serve`` do, on their error path)."""


def shown_location(location: str | os.PathLike) -> str:
    """``location`` as messages show it: a Redis URL with its password hidden."""
    loc = os.fspath(location)
    if loc.startswith(("redis://", "rediss://")):
        from .redis_storage import hide_password, split_url

        try:
            return split_url(loc)[2]
        except StorageError:
            return hide_password(loc)
    return loc


def remove_if_empty(path: str) -> bool:
    """Delete the SQLite index file ``path`` (and its -wal, -shm, -journal files) when it
    holds no document and no other process has it open (one may be about to commit its
    first): leaving WAL mode, which this checks with, needs the only connection.  True when
    it was removed; never raises."""
    try:
        conn = sqlite3.connect(f"file:{quote(path)}?mode=rw", uri=True, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0].lower() != "delete":
            return False
        conn.execute("BEGIN EXCLUSIVE")
        if conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone() is not None:
            return False
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(path + suffix)
            except FileNotFoundError:
                pass
        return True
    except (sqlite3.Error, OSError):
        return False
    finally:
        conn.close()


def diagnose(location: str | os.PathLike, limit: int = 5) -> list[str]:
    """:meth:`Storage.problems` of the index at ``location``, opened for this on its own
    connection, read-only, and closed: empty when its stored data is whole (then an error
    it raised is a bug, not damage).  Raises :class:`StorageError` when it does not open."""
    storage = open_storage(location, create=False, readonly=True)
    try:
        return storage.problems(limit)
    finally:
        storage.close()


def open_storage(location: str | os.PathLike, create: bool = True, timeout: float = 30.0,
                 readonly: bool = False) -> Storage:
    """The back end for ``location``: a ``redis://`` / ``rediss://`` URL
    (:class:`dedup.redis_storage.RedisStorage`), else an SQLite file path (``readonly``: see
    :class:`SQLiteStorage`; a Redis index is opened as usual)."""
    loc = os.fspath(location)
    if loc.startswith(("redis://", "rediss://")):
        from .redis_storage import RedisStorage

        return RedisStorage(loc, create=create, timeout=timeout)
    return SQLiteStorage(loc, create=create, timeout=timeout, readonly=readonly)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text BLOB NOT NULL,
    date TEXT,
    ingested REAL NOT NULL,
    time REAL NOT NULL,
    content INTEGER,
    keys BLOB NOT NULL,
    sentences INTEGER NOT NULL,
    tf BLOB NOT NULL,
    credit BLOB
);
CREATE INDEX IF NOT EXISTS docs_time ON docs(time);
CREATE INDEX IF NOT EXISTS docs_content ON docs(content) WHERE content IS NOT NULL;
CREATE TABLE IF NOT EXISTS bands (k INTEGER PRIMARY KEY, e BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY AUTOINCREMENT, term TEXT NOT NULL UNIQUE,
                                  sentences INTEGER NOT NULL, documents INTEGER NOT NULL,
                                  refs INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS units (k INTEGER PRIMARY KEY, e BLOB NOT NULL);
"""


def _stored_text(blob: bytes) -> str:
    """A document's text from its stored ``docs.text`` (zlib, UTF-8 with lone surrogates)."""
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


def _key_ids(blob: bytes) -> np.ndarray:
    """A document's key term ids from its stored ``docs.keys`` (varints of their gaps)."""
    return np.cumsum(termvec.varint_decode(blob).astype(np.int64))


def _busy(e: sqlite3.Error) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another connection holds a lock this one needs."""
    msg = str(e)
    return isinstance(e, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)


def _chunks(items: Sequence, n: int = MAX_VARS) -> Iterator[Sequence]:
    for s in range(0, len(items), n):
        yield items[s:s + n]


_UNRESOLVED = (None, -1)  # a term left unresolved: no string, count -1 (TermVectors)


class TermCache:
    """A bounded map of term id -> ``(term, sentences)``, in two generations: a lookup
    promotes an entry of the older one, and when the newer one holds ``size / 2`` entries
    it becomes the older one (the oldest entries are dropped).  Never more than ``size``
    entries (plus the keys of one :meth:`get_many`), whatever the size of the index."""

    def __init__(self, size: int = TERM_CACHE):
        self.size = size
        self.new: dict[int, tuple[str, int]] = {}
        self.old: dict[int, tuple[str, int]] = {}
        self.hits = self.misses = 0

    def clear(self) -> None:
        self.new, self.old = {}, {}

    def get(self, key: int):
        v = self.new.get(key)
        if v is None:
            v = self.old.get(key)
            if v is None:
                self.misses += 1
                return None
            self.put(key, v)
        self.hits += 1
        return v

    def get_many(self, keys: list[int]) -> list:
        """:meth:`get` of each key (None when absent), in C loops but for the keys the newer
        generation lacks; those found in the older one are promoted together."""
        got = list(map(self.new.get, keys))
        absent = got.count(None)
        self.hits += len(keys) - absent
        if absent:  # a value is a non-empty tuple: `not` picks the absent ones, and a value
            # found in the older generation selects its key
            ask = list(compress(keys, map(operator.not_, got)))
            older = list(map(self.old.get, ask))
            promote = dict(compress(zip(ask, older), older))
            self.hits += len(promote)
            self.misses += absent - len(promote)
            if promote:
                got = list(map(promote.get, keys, got))  # the promoted value, else as found
                if self.size >= 2:
                    self.new.update(promote)
                    if len(self.new) >= self.size // 2:
                        self.old, self.new = self.new, {}
        return got

    def add(self, counts: Iterable[tuple[int, int]]) -> None:
        """Add ``sentences`` to the count of each cached ``(key, sentences)``, as this
        process's own write added them to the stored ones (no entry is added or promoted)."""
        for key, n in counts:
            for gen in (self.new, self.old):
                v = gen.get(key)
                if v is not None:
                    gen[key] = (v[0], v[1] + n)
                    break

    def add_counts(self, delta: dict) -> None:
        """For a cache keyed by term string with ``(id, sentences, documents)`` values: add
        ``delta[term] = (sentences, documents)`` to each cached term's counts."""
        for gen in (self.new, self.old):
            for t in delta.keys() & gen.keys():
                i, s, d = gen[t]
                ds, dd = delta[t]
                gen[t] = (i, s + ds, d + dd)

    def lookup(self, keys: np.ndarray) -> tuple[list, np.ndarray]:
        """:meth:`TermIdCache.lookup` from :meth:`get_many` (values ``(term, count, ...)``)."""
        got = self.get_many(np.asarray(keys, dtype=np.int64).reshape(-1).tolist())
        return ([None if v is None else v[0] for v in got],
                np.array([-1 if v is None else v[1] for v in got], dtype=np.int64))

    def put(self, key: int, value: tuple[str, int]) -> None:
        if self.size < 2:
            return
        self.new[key] = value
        if len(self.new) >= self.size // 2:
            self.old, self.new = self.new, {}

    def __len__(self) -> int:
        return len(self.new) + len(self.old)


class TermIdCache:
    """The cache of term id -> ``(term, sentences)`` a check reads its candidates' terms
    from, in numpy arrays: direct-mapped, an id kept in slot ``id % slots`` (a power of two
    of at least twice ``size``: ids fewer than that apart never collide) until another id
    of that slot is put there.  A check looks up the few thousand terms of its candidates
    at once (:meth:`lookup`: a gather in C); a dict per entry cost ~0.3 us a look-up at
    10,000 documents, about 6% of a check.  Never more entries than slots, whatever the
    size of the index (~24 bytes a slot, and the strings)."""

    def __init__(self, size: int = TERM_CACHE):
        self.size = size
        n = 1 << (2 * size - 1).bit_length() if size >= 2 else 0
        self._mask = n - 1
        self._keys = np.full(n, -1, dtype=np.int64)  # -1: an empty slot
        self._counts = np.zeros(n, dtype=np.int64)
        self._names = np.full(n, None, dtype=object)
        self.hits = self.misses = 0

    def clear(self) -> None:
        self._keys.fill(-1)
        self._names.fill(None)

    def lookup(self, keys: np.ndarray) -> tuple[list, np.ndarray]:
        """``(terms, counts)`` of ``keys`` (int64 term ids): each one's string and sentence
        count, None and -1 for an id not cached."""
        keys = np.asarray(keys, dtype=np.int64)
        if not len(self._keys):
            self.misses += len(keys)
            return [None] * len(keys), np.full(len(keys), -1, dtype=np.int64)
        slot = keys & self._mask
        hit = self._keys[slot] == keys
        found = int(np.count_nonzero(hit))
        self.hits += found
        self.misses += len(keys) - found
        names = self._names[slot]
        counts = self._counts[slot]
        if found < len(keys):
            names[~hit] = None
            counts[~hit] = -1
        return names.tolist(), counts

    def get_many(self, keys: list[int]) -> list:
        """``(term, sentences)`` of each key, None when it is not cached."""
        names, counts = self.lookup(np.asarray(keys, dtype=np.int64).reshape(-1))
        return [None if c < 0 else (t, c) for t, c in zip(names, counts.tolist())]

    def get(self, key: int):
        return self.get_many([key])[0]

    def put(self, key: int, value: tuple[str, int]) -> None:
        if not len(self._keys):
            return
        slot = key & self._mask
        self._keys[slot] = key
        self._names[slot] = value[0]
        self._counts[slot] = value[1]

    def add(self, counts: Iterable[tuple[int, int]]) -> None:
        """Add ``sentences`` to the count of each cached ``(key, sentences)``, as this
        process's own write added them to the stored ones (no entry is added)."""
        pairs = list(counts)
        if not len(self._keys) or not pairs:
            return
        keys = np.fromiter((k for k, _ in pairs), dtype=np.int64, count=len(pairs))
        slot = keys & self._mask
        hit = self._keys[slot] == keys  # (a write's thousands of terms at once)
        np.add.at(self._counts, slot[hit], np.fromiter((n for _, n in pairs), dtype=np.int64, count=len(pairs))[hit])

    def items(self) -> list[tuple[int, tuple[str, int]]]:
        """Every cached ``(key, (term, sentences))``."""
        at = np.flatnonzero(self._keys >= 0)
        return list(zip(self._keys[at].tolist(), zip(self._names[at].tolist(), self._counts[at].tolist())))

    def __len__(self) -> int:
        return int(np.count_nonzero(self._keys >= 0))


def band_row(key: int, doc: int) -> tuple[int, bytes]:
    """The row number and the 5-byte entry of band key ``key`` of document ``doc``."""
    k = key & ((1 << BAND_KEY_BITS) - 1)
    row = (k >> _SUFFIX_BITS) << _BLOCK_SHIFT | (doc >> BAND_BLOCK_BITS)
    entry = ((k & ((1 << _SUFFIX_BITS) - 1)) << BAND_BLOCK_BITS | (doc & ((1 << BAND_BLOCK_BITS) - 1)))
    return row, entry.to_bytes(ENTRY_BYTES, "big")


def band_entries(row: int, blob: bytes) -> Iterator[tuple[int, int]]:
    """``(key, doc)`` of every entry of a bands row (``key`` is the band key's low 40 bits)."""
    prefix, block = row >> _BLOCK_SHIFT, row & ((1 << _BLOCK_SHIFT) - 1)
    for i in range(0, len(blob) - ENTRY_BYTES + 1, ENTRY_BYTES):
        v = int.from_bytes(blob[i:i + ENTRY_BYTES], "big")
        yield (prefix << _SUFFIX_BITS | v >> BAND_BLOCK_BITS,
               block << BAND_BLOCK_BITS | (v & ((1 << BAND_BLOCK_BITS) - 1)))


def unit_rows(hashes: Iterable[int]) -> dict[int, np.ndarray]:
    """The sentence hashes grouped by their ``units`` row: row -> sorted distinct low bits
    (``uint32``)."""
    # (sorted_unique: np.unique finds the values with a hash table, slower on these few)
    h = sorted_unique(np.fromiter(hashes, dtype=np.uint64))
    if not len(h):
        return {}
    rows = (h >> np.uint64(_UNIT_LOW_BITS)).astype(np.int64)
    low = (h & np.uint64((1 << _UNIT_LOW_BITS) - 1)).astype(np.uint32)
    cuts = [0, *(np.flatnonzero(np.diff(rows)) + 1).tolist(), len(h)]  # where each row's hashes start
    return {r: low[a:b] for r, a, b in zip(rows[cuts[:-1]].tolist(), cuts[:-1], cuts[1:])}


def unit_entries(blob: bytes) -> np.ndarray:
    """The sorted low bits a ``units`` row holds."""
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def unit_hashes_of_row(row: int, blob: bytes) -> list[int]:
    """The full hashes of a ``units`` row."""
    return [row << _UNIT_LOW_BITS | int(v) for v in unit_entries(blob).tolist()]


def _find_entry(blob: bytes, entry: bytes) -> int:
    """Offset of ``entry`` at an entry boundary of ``blob``, -1 if absent."""
    i = blob.find(entry)
    while i >= 0 and i % ENTRY_BYTES:
        i = blob.find(entry, i + 1)
    return i


class SQLiteStorage(Storage):
    """The embedded back end: one SQLite file in WAL mode.

    ``timeout`` is how long a writer waits for another process's write lock, counted from
    the write's start (a wait for another thread's transaction on this connection is part
    of it).  Commits use
    ``synchronous=NORMAL``: durable when a process dies (SIGKILL included), the last
    commits may be lost only if the machine itself loses power.

    Term strings and sentence counts read by :meth:`term_vectors` are kept in a bounded
    cache (:class:`TermIdCache`, ``term_cache`` entries): it is dropped whenever another
    connection has committed since it was filled (``PRAGMA data_version``), on a removal
    and on a rolled-back write of this one, and an insertion of this one adds its counts to
    the cached ones, so it never answers with counts the file no longer holds (an ingest
    stream that adds most documents keeps it warm).  The counts :meth:`term_counts` reads
    by term string are kept the same way (:class:`TermCache`, half as many entries).

    An index this process cannot write (a read-only file, folder or file system:
    :func:`readonly_reason`) is opened for reading only (:func:`connect_readonly`);
    :attr:`readonly` then says so and every write raises :class:`ReadOnlyIndexError` naming
    the reason.  ``readonly=True`` refuses every write too (and never creates the file),
    but an index this process could write is opened as usual, so that SQLite removes the
    ``-wal`` and ``-shm`` files when the last connection closes, as after any other
    command.
    """

    readonly: bool = False
    """Whether this storage only reads (``readonly_reason`` says why, when not asked for)."""

    def __init__(self, path: str, create: bool = True, timeout: float = 30.0,
                 term_cache: int = TERM_CACHE, readonly: bool = False):
        self.location = path
        self._abspath = os.path.abspath(path)  # (a process may change its working folder)
        self.timeout = timeout
        self.readonly = readonly
        self.readonly_reason: str | None = None
        self._immutable = False
        self._stamp = None  # what the file was when an immutable connection opened it
        self._depth = 0
        self._terms = TermIdCache(term_cache)
        # term -> (id, sentences, documents) of stored terms term_counts read, kept as the
        # term cache is (dropped and followed on the same occasions)
        self._by_term = TermCache(term_cache // 2)
        # term -> (id, sentences), None when absent, of the terms term_counts read in the
        # current transaction (dropped when it ends and on any write of this connection)
        self._counted: dict[str, tuple[int, int] | None] = {}
        self._data_version = None
        self._lock = threading.RLock()  # one connection, shared by a server's threads
        self._create = create and not readonly
        # A command that fails on the new, empty index it created removes the file (see
        # remove_if_empty) unless another connection has it open in WAL mode, which a
        # connection is from its first read on.  One that has connected but not yet read
        # cannot be seen, and would go on with a file no longer at the path (its first write
        # refused): so the file at the path must be the same before connecting and after the
        # first reads, or it is opened again.  (A file this opening created is opened again
        # too: it was not there before.)
        for _ in range(OPEN_ATTEMPTS):
            before = self._file_identity()
            try:
                self._open(path, timeout)
            except StorageError:
                # (the schema's first write refused: the file was removed under it)
                now = self._file_identity()
                if self._identity is False or (now is not None and now == self._identity
                                               and before in (None, now)):
                    raise  # not connected, or the same file all along: not a removal
                continue
            if self._immutable or self.readonly or (before is not None and before == self._identity
                                                    == self._file_identity()):
                break
            self.conn.close()
        else:
            raise StorageError(f"{path}: the index file was removed or replaced while it was being opened, "
                               f"{OPEN_ATTEMPTS} times (another command that failed on the new, empty index "
                               "removes it); run the command again")
        self._held = self._identity
        _hold(self._held, +1)

    # --- opening ---
    def _open(self, path: str, timeout: float) -> None:
        """Connect to ``path`` (checked first) and read or create its schema."""
        self.readonly_reason = None
        self._immutable = False
        self._stamp = None
        self._identity: tuple[int, int] | None | bool = False  # (False: not connected)
        self._check_file(self._create)
        try:
            if self.readonly_reason:
                self.conn, self._immutable = connect_readonly(path, timeout)
                self._stamp = self._file_stamp() if self._immutable else None
            else:
                self.conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                                            check_same_thread=False)
        except sqlite3.Error as e:
            raise self._error(e) if _busy(e) else NotAnIndexError(f"{path}: cannot open: {e}") from None
        # which file this is (connecting made it, when it was not there): one removed (or
        # replaced) under a running process keeps taking writes nobody will read
        # (see ensure_present)
        self._identity = self._file_identity()
        try:
            self._setup()
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise self._error(e) from None
        except UnicodeDecodeError as e:  # SQLite's message about a damaged schema, not UTF-8
            self.conn.close()
            raise NotAnIndexError(f"{path}: damaged dedup index (its schema does not read: {e})") from None
        except StorageError:
            self.conn.close()
            raise

    def _check_file(self, create: bool) -> None:
        path = self.location
        try:
            head = _file_head(path)
        except FileNotFoundError:
            if not create:
                raise StorageError(f"{path}: no such index") from None
            parent = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(parent):
                raise StorageError(f"{path}: cannot create: no such directory {parent}") from None
            if not _can_write(parent):
                raise ReadOnlyIndexError(f"{path}: cannot create the index: its folder {parent} is "
                                         "read-only") from None
            return
        except IsADirectoryError:
            raise NotAnIndexError(f"{path}: is a directory, not a dedup index") from None
        except OSError as e:
            raise StorageError(f"{path}: cannot open: {e.strerror}") from None
        if head and head != SQLITE_MAGIC:
            raise NotAnIndexError(f"{path}: not a dedup index (not an SQLite database)")
        if not head and not create:
            raise StorageError(f"{path}: no such index (empty file)")
        if head:
            self.readonly_reason = readonly_reason(path)
            self.readonly = self.readonly or self.readonly_reason is not None

    def _setup(self) -> None:
        c = self.conn
        c.execute("PRAGMA foreign_keys=OFF")
        with self.read():  # one snapshot: another process may be creating the schema right now
            app = c.execute("PRAGMA application_id").fetchone()[0]
            tables = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (app != 0 or tables):
            raise NotAnIndexError(f"{self.location}: an SQLite database, but not a dedup index")
        if app == 0 and (self.readonly or not self._create):
            # an SQLite file without tables (another program's new database): no index, for
            # a command that does not create one (it wrote the schema into it)
            raise StorageError(f"{self.location}: no such index (an empty database)")
        if self.readonly:
            c.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
            self._check_schema()
            return
        if app == 0 and not tables:  # a new file: page size first (fixed once it has tables)
            c.execute(f"PRAGMA page_size={PAGE_SIZE}")
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            mode = self._switch_to_wal()
            if mode.lower() != "wal":
                raise StorageError(f"{self.location}: cannot switch to WAL mode (got {mode})")
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        if app == 0:  # a new file: create the schema (another process may be doing the same)
            with self.write():
                if c.execute("PRAGMA application_id").fetchone()[0] == 0:
                    for stmt in _SCHEMA.split(";"):
                        if stmt.strip():
                            c.execute(stmt)
                    c.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    c.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                    c.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                                  [("documents", 0), ("sentences", 0)])
        self._check_schema()

    def _check_schema(self) -> None:
        c = self.conn
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            hint = (" (an index built by an older dedup: build it again with `dedup index add`, or "
                    "move its documents: `dedup index export OLD | dedup index add NEW -`)"
                    if version < SCHEMA_VERSION else "")
            raise NotAnIndexError(f"{self.location}: index schema version {version}; this dedup "
                                  f"reads version {SCHEMA_VERSION}{hint}")
        names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = {"meta", "docs", "bands", "terms", "units"} - names
        if missing:
            raise NotAnIndexError(f"{self.location}: damaged dedup index (missing tables: "
                                  f"{', '.join(sorted(missing))})")

    def _switch_to_wal(self) -> str:
        """``PRAGMA journal_mode=WAL``, retried for up to the busy timeout.  When another
        process is switching the same new file (or writing it), SQLite fails this at once
        with "database is locked" instead of waiting: the switch upgrades a read
        transaction to a write one, which never calls the busy handler."""
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                return self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            except sqlite3.OperationalError as e:
                if not _busy(e) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def readonly_error(self) -> ReadOnlyIndexError:
        why = f" ({self.readonly_reason})" if self.readonly_reason else ""
        return ReadOnlyIndexError(f"{self.location}: the index is read-only{why}: it can be checked "
                                  "against and read, not written")

    def _error(self, e: sqlite3.Error) -> StorageError:
        msg = str(e)
        if isinstance(e, sqlite3.OperationalError) and "readonly database" in msg:
            if isinstance(getattr(self, "_identity", None), tuple) and self._file_identity() != self._identity:
                # SQLite refuses a write to a file removed since it was opened: another command
                # that failed on this new, empty index removed it (see remove_if_empty), or a
                # user did; the write is refused, nothing is lost, and running again works
                return StorageError(f"{self.location}: the index file was removed or replaced since this "
                                    "process opened it (another command that failed on the new, empty "
                                    "index removes it); run the command again")
            # a write refused by SQLite itself (the file's permissions changed since it was opened)
            return ReadOnlyIndexError(f"{self.location}: the index is read-only ({msg})")
        if _busy(e):
            return self._busy_error()
        if isinstance(e, sqlite3.DatabaseError) and ("not a database" in msg or "malformed" in msg
                                                     or "corrupt" in msg):
            return NotAnIndexError(f"{self.location}: corrupt or not a dedup index ({msg})")
        return StorageError(f"{self.location}: {msg}")

    def _busy_error(self) -> IndexBusyError:
        return IndexBusyError(f"{self.location}: index is busy (its write lock was not free within "
                              f"{self.timeout:g} s: another writer held it)")

    @contextmanager
    def _guard(self):
        """Turn sqlite3 errors into one-line storage errors (and, outside a transaction,
        open an immutable connection again when the file has changed)."""
        try:
            if self._immutable and not self._depth and not self.conn.in_transaction:
                self._follow_changes()
            yield
        except sqlite3.Error as e:
            raise self._error(e) from None

    def _file_identity(self) -> tuple[int, int] | None:
        """The device and inode of the file at the index's path now, None when there is none
        (the path made absolute when opened: a process may change its working folder)."""
        try:
            st = os.stat(self._abspath)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def ensure_present(self) -> None:
        """:class:`StorageError` when the index's file was removed or replaced since it was
        opened: this connection still reads and writes the old file, whose writes would be
        lost with it (a server's ``/healthz`` says so; every write checks it first)."""
        if self._file_identity() != self._identity:
            raise StorageError(f"{self.location}: the index file was removed or replaced since it was "
                               "opened; open it again (writes to the old file would be lost)")

    def _file_stamp(self) -> tuple:
        """What changes when another process writes the file: its inode, size and time of
        change, and whether a ``-wal`` file is beside it."""
        st = os.stat(self._abspath)
        return st.st_ino, st.st_size, st.st_mtime_ns, os.path.exists(self._abspath + "-wal")

    def _follow_changes(self) -> None:
        """An immutable connection (:func:`connect_readonly`) sees neither another process's
        commits nor their locks: before each read (outside a transaction) the file is
        compared with what it was when opened, and opened again when it changed (with SQLite's
        locking, ``mode=ro``, once the writer's ``-shm`` file is there), its caches dropped."""
        try:
            stamp = self._file_stamp()
        except OSError as e:
            raise StorageError(f"{self.location}: cannot read: {e.strerror or e}") from None
        if stamp == self._stamp:
            return
        self.conn.close()
        self.conn, self._immutable = connect_readonly(self._abspath, self.timeout)
        self._stamp = self._file_stamp() if self._immutable else None
        self._identity = self._file_identity()  # (the file it follows: a replaced one too)
        self.conn.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        self._terms.clear()
        self._by_term.clear()
        self._data_version = None

    # --- transactions ---
    @contextmanager
    def _transaction(self, begin: str):
        # A write's timeout counts from here: its wait for this connection (another thread's
        # transaction: a server's writes share one connection, one at a time) is part of it,
        # and the wait for SQLite's write lock gets what is left.  (Each write waited its
        # whole timeout after the writes queued before it: the last of N queued behind
        # another process's writer failed after N times the timeout.)
        writing = begin != "BEGIN"
        deadline = time.monotonic() + self.timeout
        if not self._lock.acquire(timeout=self.timeout if writing else -1):
            raise self._busy_error()
        try:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._guard():
                left = deadline - time.monotonic()
                if writing and left < self.timeout - 0.001:  # it waited for the connection
                    self.conn.execute(f"PRAGMA busy_timeout={max(int(left * 1000), 0)}")
                    try:
                        self.conn.execute(begin)
                    finally:
                        self.conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
                else:
                    self.conn.execute(begin)
            self._depth = 1
            self._counted = {}
            try:
                with self._guard():
                    yield
            except BaseException:
                self._depth = 0
                self._counted = {}
                self._terms.clear()  # it may hold counts of the rolled-back writes
                self._by_term.clear()
                try:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                except sqlite3.ProgrammingError:
                    # closed already: a Ctrl-C between BEGIN and the with-block left this
                    # generator suspended until the index was closed (closing rolled back)
                    pass
                raise
            self._depth = 0
            self._counted = {}
            with self._guard():
                self.conn.execute("COMMIT")
        finally:
            self._lock.release()

    def write(self):
        if self.readonly:
            raise self.readonly_error()
        if not self._depth:  # (a stat: ~1 us a write)
            self.ensure_present()
        return self._transaction("BEGIN IMMEDIATE")

    def read(self):
        return self._transaction("BEGIN")

    # --- writes ---
    def insert(self, doc, band_keys, term_delta, sentences):
        return self.insert_many([(doc, band_keys, term_delta, sentences)])[0]

    def insert_many(self, items):
        """Store many documents in one transaction with a few statements each over the
        whole batch (the terms, documents and band rows in key order), leaving exactly the
        rows that :meth:`insert` of each in turn leaves: new terms get their ids in order of
        first appearance, documents consecutive rowids, and a band row its entries in
        document order."""
        items = list(items)
        if not items:
            return []
        with self.write():
            self._counted = {}
            c = self.conn
            delta: dict[str, list[int]] = {}  # term -> [sentences, documents, refs] added, first use first
            want: dict[str, None] = {}
            for doc, _, term_delta, _ in items:
                for t, (s, d) in term_delta.items():
                    got = delta.get(t)
                    if got is None:
                        delta[t] = [s, d, 1]
                    else:
                        got[0] += s
                        got[1] += d
                        got[2] += 1
                want.update(dict.fromkeys(doc.tf or {}))
                want.update(dict.fromkeys(doc.keys))
            ids: dict[str, int] = {}
            names = sorted(delta.keys() | want.keys())
            for part in _chunks(names):
                ids.update(c.execute(f"SELECT term, id FROM terms WHERE term IN ({','.join('?' * len(part))})",
                                     part).fetchall())
            c.executemany("UPDATE terms SET sentences = sentences + ?, documents = documents + ?, "
                          "refs = refs + ? WHERE id = ?",
                          sorted(((s, d, r, ids[t]) for t, (s, d, r) in delta.items() if t in ids),
                                 key=lambda r: r[3]))
            # the cached counts follow (a rollback clears them: see _transaction)
            self._terms.add((ids[t], s) for t, (s, _, _) in delta.items() if t in ids)
            self._by_term.add_counts({t: (s, d) for t, (s, d, _) in delta.items()})
            new = [t for t in delta if t not in ids]
            if new:
                row = c.execute("SELECT seq FROM sqlite_sequence WHERE name = 'terms'").fetchone()
                top = max(row[0] if row else 0,
                          c.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0])
                ids.update((t, top + k) for k, t in enumerate(new, start=1))
                c.executemany("INSERT INTO terms (id, term, sentences, documents, refs) VALUES (?, ?, ?, ?, ?)",
                              sorted((ids[t], t, *delta[t]) for t in new))
            top = c.execute("SELECT coalesce(max(rowid), 0) FROM docs").fetchone()[0]
            rows, bands, rowids, units = [], {}, [], []
            for n, (doc, keys, _, sentences) in enumerate(items, start=1):
                tf = doc.tf or {}
                missing = [t for t in (*tf, *doc.keys) if t not in ids]
                if missing:
                    raise StorageError(f"{self.location}: term {missing[0]!r} of {doc.id!r} is not counted")
                blob = termvec.encode(np.fromiter((ids[t] for t in tf), dtype=np.int64, count=len(tf)),
                                      np.fromiter(tf.values(), dtype=np.int64, count=len(tf)))
                key_ids = np.unique(np.fromiter((ids[t] for t in doc.keys), dtype=np.int64,
                                                count=len(doc.keys)))
                rowid = top + n
                rowids.append(rowid)
                rows.append((rowid, doc.id, zlib.compress(doc.text.encode("utf-8", "surrogatepass"), 6), doc.date, doc.ingested,
                             doc.time, doc.content, termvec.varint_encode(np.diff(key_ids, prepend=0)),
                             doc.sentences, blob, doc.credit))
                units.extend(doc.units)
                for row, entry in sorted({band_row(k, rowid) for k in keys}):  # a key once per document
                    bands[row] = bands[row] + entry if row in bands else entry
            c.executemany("INSERT INTO docs (rowid, id, text, date, ingested, time, content, keys, sentences, tf, "
                          "credit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self._change_units(units, add=True)
            c.executemany("INSERT INTO bands (k, e) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET e = CAST(e || excluded.e AS BLOB)",
                          sorted(bands.items()))
            c.execute("UPDATE meta SET value = value + ? WHERE key = 'documents'", (len(items),))
            c.execute("UPDATE meta SET value = value + ? WHERE key = 'sentences'",
                      (sum(it[3] for it in items),))
            return rowids

    def remove(self, doc, band_keys, term_delta, sentences):
        with self.write():
            self._terms.clear()
            self._by_term.clear()
            self._counted = {}
            c = self.conn
            self._drop_band_entries({band_row(k, doc.rowid) for k in band_keys})
            c.executemany("UPDATE terms SET sentences = max(sentences - ?, 0), "
                          "documents = max(documents - ?, 0), refs = max(refs - 1, 0) WHERE term = ?",
                          [(s, d, t) for t, (s, d) in term_delta.items()])
            for part in _chunks(list(term_delta)):
                c.execute(f"DELETE FROM terms WHERE refs = 0 AND term IN "
                          f"({','.join('?' * len(part))})", part)
            self._change_units(doc.units, add=False)
            c.execute("DELETE FROM docs WHERE rowid = ?", (doc.rowid,))
            c.execute("UPDATE meta SET value = max(value - 1, 0) WHERE key = 'documents'")
            c.execute("UPDATE meta SET value = max(value - ?, 0) WHERE key = 'sentences'", (sentences,))

    def _drop_band_entries(self, entries: set[tuple[int, bytes]]) -> None:
        """Take ``(row, entry)`` pairs out of the ``bands`` rows (a row left empty is
        deleted; an entry not there is skipped); inside a write."""
        c = self.conn
        for row, entry in sorted(entries):
            got = c.execute("SELECT e FROM bands WHERE k = ?", (row,)).fetchone()
            at = -1 if got is None else _find_entry(got[0], entry)
            if at < 0:
                continue
            rest = got[0][:at] + got[0][at + ENTRY_BYTES:]
            if rest:
                c.execute("UPDATE bands SET e = ? WHERE k = ?", (rest, row))
            else:
                c.execute("DELETE FROM bands WHERE k = ?", (row,))

    def rekey(self, doc, old_bands, new_bands, keys):
        with self.write():
            c = self.conn
            ids = dict(c.execute(f"SELECT term, id FROM terms WHERE term IN ({','.join('?' * len(keys))})",
                                 list(keys)).fetchall()) if keys else {}
            missing = [t for t in keys if t not in ids]
            if missing:
                raise StorageError(f"{self.location}: term {missing[0]!r} of {doc.id!r} is not counted")
            old = {band_row(k, doc.rowid) for k in old_bands}
            new = {band_row(k, doc.rowid) for k in new_bands}
            self._drop_band_entries(old - new)
            c.executemany("INSERT INTO bands (k, e) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET e = CAST(e || excluded.e AS BLOB)",
                          sorted(new - old))  # (a bucket's rowids are sorted when read)
            key_ids = np.unique(np.fromiter((ids[t] for t in keys), dtype=np.int64, count=len(keys)))
            c.execute("UPDATE docs SET keys = ? WHERE rowid = ?",
                      (termvec.varint_encode(np.diff(key_ids, prepend=0)), doc.rowid))

    def first_rowids(self, limit):
        with self._lock, self._guard():
            return [r[0] for r in self.conn.execute("SELECT rowid FROM docs ORDER BY rowid LIMIT ?", (limit,))]

    def set_meta(self, key, value):
        with self.write():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- reads ---
    def get_meta(self, key, default=None):
        with self._lock, self._guard():
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    _COLUMNS = "rowid, id, text, date, ingested, time, content, keys, sentences, credit"

    def _records(self, rows, with_keys: bool = True) -> list[DocRecord]:
        """Stored rows as records, their key term ids resolved to the terms (one query;
        without ``with_keys``, ``keys`` is left empty)."""
        out, keys = [], []
        for rowid, doc_id, blob, date, ingested, t, content, key_blob, sentences, credit in rows:
            try:
                text = _stored_text(blob)
                if with_keys:
                    keys.append(_key_ids(key_blob).tolist())
            except (zlib.error, UnicodeDecodeError, TypeError, ValueError) as e:
                raise NotAnIndexError(f"{self.location}: corrupt document {doc_id!r}: {e}") from None
            if credit is not None and not isinstance(credit, bytes):
                raise NotAnIndexError(f"{self.location}: corrupt document {doc_id!r}: its credit is not a blob")
            out.append(DocRecord(doc_id, text, date, ingested, t, content, [], sentences, rowid, credit=credit))
        if not with_keys:
            return out
        wanted = sorted({k for ks in keys for k in ks})
        names = dict(self.conn.execute("SELECT t.id, t.term FROM json_each(?) j JOIN terms t ON t.id = j.value",
                                       (json.dumps(wanted),))) if wanted else {}
        for rec, ks in zip(out, keys):
            if any(k not in names for k in ks):
                raise NotAnIndexError(f"{self.location}: corrupt document {rec.id!r}: unknown key term id")
            rec.keys = [names[k] for k in ks]
        return out

    def get(self, doc_id):
        with self._lock, self._guard():
            rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM docs WHERE id = ?", (doc_id,)).fetchall()
            out = self._records(rows)
        return out[0] if out else None

    def existing(self, doc_ids):
        items = sorted(set(doc_ids))
        out: set[str] = set()
        with self._lock, self._guard():
            for part in _chunks(items):
                out.update(r[0] for r in self.conn.execute(
                    f"SELECT id FROM docs WHERE id IN ({','.join('?' * len(part))})", part))
        return out

    def documents(self, rowids, keys=True):
        ids = sorted(set(rowids))
        out = []
        with self._lock, self._guard():
            for part in _chunks(ids):
                rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM docs WHERE rowid IN "
                                         f"({','.join('?' * len(part))})", part).fetchall()
                out.extend(self._records(rows, keys))
        return sorted(out, key=lambda r: r.rowid)

    def _term_cache(self) -> TermIdCache:
        """The term cache, dropped first if another connection has committed since it was
        filled (their counts may have changed)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._terms.clear()
            self._by_term.clear()
            self._data_version = version
        return self._terms

    def _ids_of(self, terms: Collection[str]) -> dict[int, tuple[str, int]]:
        """``id -> (term, sentences)`` of the stored terms among ``terms``: those
        :meth:`term_counts` read in this transaction from what it kept, the others looked
        up."""
        seen = self._counted if self._depth else {}
        ask = list(filterfalse(seen.__contains__, terms))
        if ask:
            self._count(ask, seen)
        return {v[0]: (t, v[1]) for t, v in zip(terms, map(seen.__getitem__, terms)) if v is not None}

    def _count(self, terms: Sequence[str], seen: dict) -> dict[str, tuple[int, int]]:
        """Stored ``(sentences, documents)`` of ``terms``; ``seen`` gets each term's
        ``(id, sentences)`` (None when it is not stored)."""
        out: dict[str, tuple[int, int]] = {}
        items = sorted(set(terms))
        self._term_cache()  # the term caches, dropped if another connection has committed
        cache = self._by_term
        got = cache.get_many(items)
        ask = list(compress(items, map(operator.not_, got)))  # a value is a non-empty tuple
        cached = list(compress(zip(items, got), got))
        out.update({t: v[1:] for t, v in cached})
        seen.update({t: v[:2] for t, v in cached})
        for part in _chunks(ask):
            for i, t, s, d in self.conn.execute(
                    f"SELECT id, term, sentences, documents FROM terms WHERE term IN "
                    f"({','.join('?' * len(part))})", part):
                out[t] = (s, d)
                seen[t] = (i, s)
                cache.put(t, (i, s, d))
        for t in ask:
            if t not in out:
                seen[t] = None
        return out

    def term_ids(self, terms):
        """See :meth:`Storage.term_ids`: from the ids :meth:`term_counts` read of these terms
        in this transaction (a check has read every term of its text), else looked up."""
        with self._lock, self._guard():
            seen = self._counted if self._depth else {}
            ask = list(filterfalse(seen.__contains__, terms))
            if ask:
                self._count(ask, seen)
            got = list(map(seen.__getitem__, terms))
        return np.fromiter((-1 if v is None else v[0] for v in got), dtype=np.int64, count=len(got))

    def term_vectors(self, rowids, resolve=None):
        """See :meth:`Storage.term_vectors`.  With ``resolve``, a term is left unresolved
        when it is neither in the term cache nor in ``resolve``: resolving it would be a
        read of the ``terms`` table (~3 µs each, thousands a check at a million documents)."""
        ids = sorted(set(int(r) for r in rowids))
        found, names, blobs = [], [], []
        with self._lock, self._guard():
            for part in _chunks(ids):
                for rowid, doc_id, blob in self.conn.execute(
                        f"SELECT rowid, id, tf FROM docs WHERE rowid IN ({','.join('?' * len(part))}) "
                        "ORDER BY rowid", part):
                    found.append(rowid)
                    names.append(doc_id)
                    blobs.append(blob)
            try:
                indptr, term_ids, tf = termvec.decode_many(blobs)
            except ValueError as e:  # "vector K: ..." -> name the document
                k, _, why = str(e).partition(": ")
                raise NotAnIndexError(f"{self.location}: corrupt term vector of document "
                                      f"{names[int(k.split()[-1])]!r}: {why}") from None
            # each vector's ids are sorted: timsort ("stable") merges the runs, ~35% faster
            # here than the default sort (the same values and inverse either way)
            uniq, cols = sorted_unique(term_ids, return_inverse=True, kind="stable")
            terms, unit_df = self._term_info(uniq, resolve)
        return TermVectors(found, terms, unit_df, indptr, cols.astype(np.int64).reshape(-1), tf, uniq)

    def _term_info(self, keys: np.ndarray, resolve: Collection[str] | None) -> tuple[list, np.ndarray]:
        """``(terms, sentences)`` of the term ids ``keys`` (sorted int64, all stored): each
        one's string and sentence count, from the term cache (:meth:`TermIdCache.lookup`, the
        thousands of ids a check asks for at once), else from ``resolve``'s terms (None and
        -1, :data:`_UNRESOLVED`, for one outside it), or without ``resolve`` read from the
        ``terms`` table (and cached, in key order)."""
        cache = self._term_cache()
        terms, counts = cache.lookup(keys)
        at = np.flatnonzero(counts < 0)
        if not len(at):
            return terms, counts
        missing = keys[at].tolist()
        if resolve is not None:
            wanted = self._ids_of(resolve)
            for j, k in zip(at.tolist(), missing):
                v = wanted.get(k)
                if v is not None:
                    terms[j], counts[j] = v
                    cache.put(k, v)
        else:
            fill = {r[0]: (r[1], r[2]) for r in self.conn.execute(
                "SELECT t.id, t.term, t.sentences FROM json_each(?) j JOIN terms t ON t.id = j.value",
                (json.dumps(missing),))}
            if len(fill) != len(missing):
                raise NotAnIndexError(f"{self.location}: corrupt index (a stored term vector names "
                                      f"{len(missing) - len(fill)} unknown term ids)")
            for j, k in zip(at.tolist(), missing):
                terms[j], counts[j] = v = fill[k]
                cache.put(k, v)
        return terms, counts

    def resolved(self, tv):
        """See :meth:`Storage.resolved`: the strings and counts of ``tv``'s unresolved terms
        looked up by id (the term cache, else the ``terms`` table), the vectors themselves
        not read nor decoded again."""
        if not tv.unresolved:
            return tv
        if tv.ids is None:
            return self.term_vectors(tv.rowids)
        at = np.flatnonzero(tv.unit_df < 0)
        with self._lock, self._guard():
            names, counts = self._term_info(tv.ids[at], None)
        terms = list(tv.terms)
        for j, term in zip(at.tolist(), names):
            terms[j] = term
        unit_df = tv.unit_df.copy()
        unit_df[at] = counts
        return TermVectors(tv.rowids, terms, unit_df, tv.indptr, tv.cols, tv.tf, tv.ids)

    def buckets(self, band_keys, limit):
        out: dict[int, list[int]] = {}
        with self._lock, self._guard():
            top = self.conn.execute("SELECT max(rowid) FROM docs").fetchone()[0]
            if top is None or not band_keys:
                return out
            blocks = range((top >> BAND_BLOCK_BITS) + 1)
            want: dict[int, list[tuple[int, bytes]]] = {}  # row prefix -> (key, 3-byte suffix)
            mask = (1 << BAND_KEY_BITS) - 1
            for key in dict.fromkeys(band_keys):
                k = key & mask
                want.setdefault(k >> _SUFFIX_BITS, []).append(
                    (key, (k & ((1 << _SUFFIX_BITS) - 1)).to_bytes(_SUFFIX_BITS // 8, "big")))
            rows = [p << _BLOCK_SHIFT | b for p in want for b in blocks]
            found: dict[int, list[int]] = {}
            for part in _chunks(rows):
                for row, blob in self.conn.execute(
                        f"SELECT k, e FROM bands WHERE k IN ({','.join('?' * len(part))})", part):
                    base = (row & ((1 << _BLOCK_SHIFT) - 1)) << BAND_BLOCK_BITS
                    for key, suffix in want[row >> _BLOCK_SHIFT]:
                        i = blob.find(suffix)
                        while i >= 0:
                            if i % ENTRY_BYTES:
                                i = blob.find(suffix, i + 1)
                                continue
                            found.setdefault(key, []).append(
                                base | int.from_bytes(blob[i + 3:i + ENTRY_BYTES], "big"))
                            i = blob.find(suffix, i + ENTRY_BYTES)
        for key in band_keys:
            if key in found:
                out[key] = sorted(found[key])[:limit]
        return out

    def same_content(self, content):
        with self._lock, self._guard():
            return [r[0] for r in self.conn.execute("SELECT rowid FROM docs WHERE content = ?", (content,))]

    def _unit_blobs(self, rows: Sequence[int]) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for part in _chunks(sorted(rows)):
            out.update(self.conn.execute(f"SELECT k, e FROM units WHERE k IN ({','.join('?' * len(part))})",
                                         part).fetchall())
        return out

    def _change_units(self, hashes: Iterable[int], add: bool) -> None:
        """Add sentence hashes to their ``units`` rows (``add``), or take them out (a row
        left empty is deleted); inside a write."""
        want = unit_rows(int(h) for h in hashes)
        if not want:
            return
        have = self._unit_blobs(list(want))
        put, gone = [], []
        for row, low in sorted(want.items()):
            old = unit_entries(have[row]) if row in have else np.zeros(0, dtype=np.uint32)
            new = np.union1d(old, low) if add else np.setdiff1d(old, low, assume_unique=True)
            if len(new):
                put.append((row, new.astype("<u4").tobytes()))
            elif row in have:
                gone.append((row,))
        self.conn.executemany("INSERT OR REPLACE INTO units (k, e) VALUES (?, ?)", put)
        self.conn.executemany("DELETE FROM units WHERE k = ?", gone)

    def known_units(self, hashes):
        # the asked hashes sorted, the stored ones of their rows as full hashes (each row's
        # entries sorted, the rows in order: the whole sorted), matched in one search
        h = sorted_unique(np.fromiter(map(int, hashes), dtype=np.uint64))
        rows = sorted_unique((h >> np.uint64(_UNIT_LOW_BITS)).astype(np.int64)).tolist()
        with self._lock, self._guard():
            have = self._unit_blobs(rows)
        rows = [r for r in rows if r in have]
        if not rows:
            return set()
        blobs = [have[r] for r in rows]
        stored = np.frombuffer(b"".join(blobs), dtype="<u4").astype(np.uint64)
        stored |= np.repeat(np.array(rows, dtype=np.uint64) << np.uint64(_UNIT_LOW_BITS),
                            [len(b) // 4 for b in blobs])
        stored = np.sort(stored, kind="stable")  # (sorted already: timsort checks it in one pass)
        return set(h[sorted_isin(h, stored)].tolist())

    def term_counts(self, terms):
        with self._lock, self._guard():
            return self._count(list(terms), self._counted if self._depth else {})

    def totals(self):
        with self._lock, self._guard():
            rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN ('documents', 'sentences')"))
        try:
            counts = int(rows.get("documents", 0)), int(rows.get("sentences", 0))
        except (TypeError, ValueError):
            counts = (-1, -1)
        if min(counts) < 0:  # (a count no dedup writes: the file was changed by hand or damaged)
            raise NotAnIndexError(f"{self.location}: corrupt totals (documents {repr(rows.get('documents'))[:40]}, "
                                  f"sentences {repr(rows.get('sentences'))[:40]})")
        return counts

    def all_rowids(self, limit):
        with self._lock, self._guard():
            # counted first in the smallest index (an index of more than ``limit`` documents,
            # the usual case, reads no row of the documents table)
            if self.conn.execute("SELECT count(*) FROM (SELECT 1 FROM docs LIMIT ?)", (limit + 1,)).fetchone()[0] > limit:
                return None
            rows = [r[0] for r in self.conn.execute("SELECT rowid FROM docs ORDER BY rowid LIMIT ?", (limit + 1,))]
        return rows if len(rows) <= limit else None

    def older_than(self, cutoff, limit):
        with self._lock, self._guard():
            return [r[0] for r in self.conn.execute(
                "SELECT id FROM docs WHERE time < ? ORDER BY time LIMIT ?", (cutoff, limit))]

    # (table, column, SQL that is true of a value no dedup writes)
    _WRONG = (
        ("docs", "id", "typeof(id) != 'text'"),
        ("docs", "text", "typeof(text) NOT IN ('blob', 'text')"),
        ("docs", "date", "date IS NOT NULL AND typeof(date) != 'text'"),
        ("docs", "ingested", "typeof(ingested) NOT IN ('real', 'integer') OR abs(ingested) > 253402300799"),
        ("docs", "time", "typeof(time) NOT IN ('real', 'integer') OR abs(time) > 253402300799"),
        ("docs", "content", "content IS NOT NULL AND (typeof(content) != 'integer' OR content < 0)"),
        ("docs", "keys", "typeof(keys) != 'blob'"),
        ("docs", "sentences", "typeof(sentences) != 'integer' OR sentences < 0"),
        ("docs", "tf", "typeof(tf) != 'blob'"),
        ("docs", "credit", "credit IS NOT NULL AND typeof(credit) != 'blob'"),
        ("bands", "e", "typeof(e) != 'blob'"),
        ("units", "e", "typeof(e) != 'blob' OR length(e) = 0 OR length(e) % 4 != 0"),
        ("terms", "term", "typeof(term) != 'text'"),
        ("terms", "sentences", "typeof(sentences) != 'integer' OR sentences < 0"),
        ("terms", "documents", "typeof(documents) != 'integer' OR documents < 0"),
        ("terms", "refs", "typeof(refs) != 'integer' OR refs < 1 OR refs < documents"),
    )

    def problems(self, limit: int = 5) -> list[str]:
        """See :meth:`Storage.problems`: SQLite's ``integrity_check``, the type and range of
        every stored value, the meta counts and options, and the stored dates."""
        from .document import utc_datetime
        from .io import one_line

        out: list[str] = []
        with self.read():
            c = self.conn
            out += [f"sqlite: {r[0]}" for r in c.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
            meta = dict(c.execute("SELECT key, value FROM meta"))
            for key in ("documents", "sentences"):
                v = meta.get(key)
                if not isinstance(v, int) or v < 0:
                    out.append(f"meta {key} is {one_line(repr(v))[:40]}, not a count")
            out += [one_line(p) for p in stored_options_problems(meta.get("options"), _structural())]
            for table, column, wrong in self._WRONG:
                n = c.execute(f"SELECT count(*) FROM {table} WHERE {wrong}").fetchone()[0]
                if n:
                    out.append(f"{table}.{column}: {n} value(s) of the wrong type or range")
            bad = sum(1 for (d,) in c.execute("SELECT date FROM docs WHERE typeof(date) = 'text'")
                      if d.strip() and utc_datetime(d) is None)
            if bad:
                out.append(f"docs.date: {bad} value(s) that are not ISO 8601 dates")
            out += self._unreadable(c)
        return out[:limit]

    def _unreadable(self, c: sqlite3.Connection) -> list[str]:
        """Each document's stored values read as a check or an export reads them: its text
        (zlib, UTF-8), key terms and term vector (ids of stored terms), and its credit (as
        many sentences counted as its ``sentences``).  One finding per column, with how
        many documents and the first one's id."""
        known = np.fromiter((r[0] for r in c.execute("SELECT id FROM terms ORDER BY id")), dtype=np.int64)
        bad: dict[str, list] = {}

        def wrong(column: str, doc_id) -> None:
            entry = bad.setdefault(column, [0, doc_id])
            entry[0] += 1

        def stored(ids: np.ndarray) -> bool:
            return bool(sorted_isin(np.unique(ids), known).all()) if len(ids) else True

        rows = c.execute("SELECT id, text, keys, tf, credit, sentences FROM docs")
        while batch := rows.fetchmany(1024):
            for doc_id, text, keys, tf, credit, sentences in batch:
                try:
                    _stored_text(text)
                except (zlib.error, UnicodeDecodeError, TypeError):
                    wrong("text", doc_id)
                try:
                    ok = stored(_key_ids(keys))
                except (TypeError, ValueError):
                    ok = False
                if not ok:
                    wrong("keys", doc_id)
                try:
                    ok = stored(termvec.decode(tf)[0])
                except (TypeError, ValueError):
                    ok = False
                if not ok:
                    wrong("tf", doc_id)
                if isinstance(credit, bytes) and isinstance(sentences, int) and \
                        int.from_bytes(credit, "little").bit_count() != sentences:
                    wrong("credit", doc_id)
        what = {"text": "a stored text that does not read (zlib, UTF-8)",
                "keys": "key terms that do not read or are not stored terms",
                "tf": "a term vector that does not read or holds terms not stored",
                "credit": "counted-sentence bits that do not add up to its sentences"}
        from .io import one_line
        return [f"docs.{col}: {n} document(s) with {what[col]} (first: {one_line(repr(first))[:40]})"
                for col, (n, first) in bad.items()]

    def stats(self):
        with self.read():
            c = self.conn
            docs, sentences = self.totals()
            terms = c.execute("SELECT count(*) FROM terms").fetchone()[0]
            units = c.execute("SELECT coalesce(sum(length(e)), 0) / 4 FROM units").fetchone()[0]
            oldest, newest = c.execute("SELECT min(time), max(time) FROM docs").fetchone()
            page_size = c.execute("PRAGMA page_size").fetchone()[0]
            pages = c.execute("PRAGMA page_count").fetchone()[0]
        try:
            wal = os.path.getsize(self.location + "-wal")
        except OSError:
            wal = 0
        return {"backend": "sqlite", "location": self.location, "schema_version": SCHEMA_VERSION,
                "documents": docs, "sentences": sentences, "terms": terms,
                "sentence_hashes": units, "oldest": oldest, "newest": newest, "bytes": page_size * pages, "wal_bytes": wal}

    def close(self):
        with self._lock:
            try:
                self.conn.close()
            except sqlite3.Error:  # pragma: no cover
                pass
            held, self._held = getattr(self, "_held", None), None
            _hold(held, -1)
