"""The one record type that flows through every stage."""
from __future__ import annotations

import errno
import os
import pickle
import tempfile
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` into a document's original text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass
class Document:
    """One article as given by the user.

    ``text`` is never modified: every offset dedup reports points into it.
    ``origin`` says where the document came from (``file:line``) for error messages.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None
    meta: dict = field(default_factory=dict)


def is_iso_date(value: str, in_utc: bool = True) -> bool:
    """An ISO 8601 date or date-time (``Z`` or ``z`` for UTC) that (``in_utc``) stays within
    years 1-9999 in UTC: every stage compares dates in UTC, where ``0001-01-01T00:00+01:00``
    is year 0, no date."""
    import datetime

    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
        try:
            d = parse(value)
        except ValueError:
            continue
        if in_utc and isinstance(d, datetime.datetime) and d.tzinfo is not None:
            try:
                d.astimezone(datetime.timezone.utc)
            except OverflowError:
                return False
        return True
    return False


def utc_datetime(value: str | None):
    """The ISO 8601 date ``value`` (``Z`` or ``z`` for UTC, no zone read as UTC) as a naive
    ``datetime`` in UTC; None when absent, not a date, or outside years 1-9999 in UTC."""
    import datetime

    if not value:
        return None
    v = value.strip()
    if v[-1:] in ("Z", "z"):
        v = v[:-1] + "+00:00"
    try:
        d = datetime.datetime.fromisoformat(v)
        if d.tzinfo is not None:
            d = d.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
    return d


def _is_unicode(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_document(doc: object, text_required: bool = False) -> None:
    """What the Python API asks of a document, as the readers ask it of a record:
    :class:`TypeError` for a value that is not a :class:`Document` or holds a field of the
    wrong type (an id or a text that is not a ``str``, a date that is not a ``str``);
    :class:`ValueError` for an empty id, an id holding a lone surrogate, a date that is not
    ISO 8601 within years 1-9999 in UTC, and with ``text_required`` (the index) an empty text
    or one of white space only, which every reader refuses (an index holding one could not
    be exported and loaded again; ``batch`` takes it as a document without content).  (A
    text without words, such as punctuation or emoji alone, is allowed: it matches nothing.)"""
    if not isinstance(doc, Document):
        raise TypeError(f"expected a dedup.Document, got {type(doc).__name__}")
    if not isinstance(doc.id, str):
        raise TypeError(f"a document's id must be a str, not {type(doc.id).__name__} ({doc.id!r})")
    if not doc.id.strip():
        raise ValueError("a document's id must not be empty")
    if not _is_unicode(doc.id):
        raise ValueError(f"a document's id must be valid Unicode, without lone surrogates ({doc.id!r})")
    if not isinstance(doc.text, str):
        raise TypeError(f"document {doc.id!r}: text must be a str, not {type(doc.text).__name__}")
    if text_required and not doc.text.strip():
        raise ValueError(f"document {doc.id!r}: the text is empty" if not doc.text
                         else f"document {doc.id!r}: the text holds only white space")
    if doc.date is not None:
        if not isinstance(doc.date, str):
            raise TypeError(f"document {doc.id!r}: date must be an ISO 8601 str, not {type(doc.date).__name__}")
        if doc.date.strip() and not is_iso_date(doc.date.strip()):
            raise ValueError(f"document {doc.id!r}: date {doc.date!r} is not an ISO 8601 date with a day "
                             "(as 2025-01-31 or 2025-01-31T09:30:00Z) within years 1-9999 in UTC")


class DocumentList(list):
    """A plain list of documents with :class:`CompactDocuments`' accessors, so the stages read
    either the same way (``docs.text(i)``, ``docs.id(i)``, ``docs.date(i)``,
    ``docs.texts_by_id()``)."""

    def text(self, i: int) -> str:
        return self[i].text

    def id(self, i: int) -> str:
        return self[i].id

    def date(self, i: int) -> str | None:
        return self[i].date

    def texts_by_id(self) -> dict[str, str]:
        return {d.id: d.text for d in self}


class CompactDocuments(Sequence[Document]):
    """Documents held compactly: ids and dates as they are, the text zlib-compressed (UTF-8;
    about half the memory of the text) and the other fields (title, source, url, origin and
    meta) pickled, in memory only.

    A large batch holds every document for the whole run (the stages re-read the texts, the
    report slices them), so they are kept compressed and a text is decompressed when asked
    for: ``docs[i]`` is the full :class:`Document` (a new object each time), ``docs.text(i)``
    its text, ``docs.id(i)`` and ``docs.date(i)`` without decompressing anything.  Every
    field round-trips exactly (lone surrogates in a text included).

    With ``on_disk=True`` the compressed texts go to an anonymous temporary file
    (``tempfile.TemporaryFile``: in ``$TMPDIR``, removed when the object goes) instead of
    memory, and are read back one at a time with ``os.pread``: memory then holds the ids,
    the dates, the other fields and 8 bytes per document (a million generated articles:
    ~1.7 GB of compressed texts on disk, not in RAM).  The file holds only compressed UTF-8
    text, never a pickle: nothing read back from disk is unpickled.  Forked processes read
    the same file.

    >>> docs = CompactDocuments([Document("a", "Storm floods the old town.")])
    >>> docs[0].text, docs.id(0), len(docs)
    ('Storm floods the old town.', 'a', 1)
    """

    LEVEL = 1  # zlib's fastest level: nearly the ratio of the default at twice the speed
    FLUSH_BYTES = 1 << 20  # on disk: written in blocks of about this size

    def __init__(self, docs: Iterable[Document] = (), on_disk: bool = False):
        self._ids: list[str] = []
        self._dates: list[str | None] = []
        self._packed: list[bytes] = []  # in memory: the compressed texts
        self._rest: list[bytes | None] = []  # the other fields, pickled (None: all empty); memory only
        self._file = tempfile.TemporaryFile(prefix="dedup-docs-") if on_disk else None
        self._ends = array("q", [0])  # on disk: document k is bytes _ends[k]:_ends[k + 1]
        self._pending: list[bytes] = []  # on disk: packed documents not written yet
        self._pending_bytes = 0
        self._written = 0  # on disk: documents written
        for d in docs:
            self.append(d)
        self._flush()

    def append(self, doc: Document) -> None:
        rest = (doc.title, doc.source, doc.url, doc.origin, doc.meta)
        empty = rest[:4] == (None, None, None, None) and type(doc.meta) is dict and not doc.meta
        self._rest.append(None if empty else pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL))
        # lone surrogates (text read with errors="surrogateescape") round-trip
        packed = zlib.compress(doc.text.encode("utf-8", "surrogatepass"), self.LEVEL)
        if self._file is None:
            self._packed.append(packed)
        else:
            self._ends.append(self._ends[-1] + len(packed))
            self._pending.append(packed)
            self._pending_bytes += len(packed)
            if self._pending_bytes >= self.FLUSH_BYTES:
                self._flush()
        self._ids.append(doc.id)
        self._dates.append(doc.date)

    def _flush(self) -> None:
        # written at its own offset (pwrite): a forked process that flushed the same block
        # again would write the same bytes to the same place
        if self._pending:
            data = memoryview(b"".join(self._pending))
            at, done = self._ends[self._written], 0
            while done < len(data):  # a short write (a filling disk) goes on where it stopped;
                n = os.pwrite(self._file.fileno(), data[done:], at + done)  # a full one raises ENOSPC
                if n <= 0:  # pragma: no cover - pwrite raises first
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                done += n
            self._written += len(self._pending)
            self._pending, self._pending_bytes = [], 0

    def packed(self, i: int) -> bytes:
        """Document ``i``'s text as stored (compressed UTF-8)."""
        if self._file is None:
            return self._packed[i]
        i = range(len(self._ids))[i]
        if i >= self._written:
            self._flush()
        a, b = self._ends[i], self._ends[i + 1]
        return os.pread(self._file.fileno(), b - a, a)

    def _fields(self, i: int) -> tuple:
        # only bytes this object pickled in this process's memory (or the one it was forked
        # from) are ever unpickled: nothing read from a file (the temporary file holds only
        # texts) or a socket goes through here (an index file holds no pickles, see storage)
        rest = self._rest[i]
        return (None, None, None, None, {}) if rest is None else pickle.loads(rest)

    def text(self, i: int) -> str:
        return zlib.decompress(self.packed(i)).decode("utf-8", "surrogatepass")

    def id(self, i: int) -> str:
        return self._ids[i]

    def date(self, i: int) -> str | None:
        return self._dates[i]

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = range(len(self))[i]
        title, source, url, origin, meta = self._fields(i)
        return Document(self._ids[i], self.text(i), title=title, date=self._dates[i], source=source,
                        url=url, origin=origin, meta=meta)

    def texts_by_id(self) -> "TextsById":
        return TextsById(self)


class TextsById(Mapping[str, str]):
    """``id -> text`` of :class:`CompactDocuments`, each text decompressed when asked for
    (like ``{d.id: d.text for d in docs}``: a repeated id maps to its last document)."""

    def __init__(self, docs: CompactDocuments):
        self._docs = docs
        self._pos = {doc_id: k for k, doc_id in enumerate(docs._ids)}

    def __getitem__(self, doc_id: str) -> str:
        return self._docs.text(self._pos[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)
