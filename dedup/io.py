"""The input stage: turn paths given by the user into :class:`~dedup.document.Document` s.

Accepted inputs (``read_documents(paths)``; each path is one of):

``-``
    JSON Lines read from standard input (see *Records* below).  Shown as ``<stdin>``
    in messages.

a directory
    Every ``.txt`` / ``.md`` file below it (recursively) is one document whose id is
    its path relative to the directory, with ``/`` separators and without the suffix
    (``sub/a.txt`` -> ``sub/a``).  JSON Lines (``.jsonl``, ``.ndjson``, ``.jl``,
    ``.jsonlines``, each also ``.gz``), ``.csv`` and ``.tsv`` files below it are read as record files (their records carry their own ids).  Other files, and
    files or directories whose name starts with ``.`` (``.git``, editor and notebook
    checkpoints), are ignored, as are pipes, sockets and devices (never opened: reading
    one could wait for ever); symbolic links to directories are not followed.  All of
    them are counted in :attr:`SkipReport.ignored` and reported.  Files
    are read in sorted order of their relative path, so a run is deterministic.
    Suffixes are matched case-insensitively.

``*.jsonl`` / ``*.ndjson`` / ``*.jl`` / ``*.jsonlines``, each also ``.gz``
    JSON Lines (the others are other names for it; ``.gz``: gzip-compressed): one JSON
    object per line.  Blank lines
    (JSON's blanks only: spaces, tabs, CR) are ignored; a line of other white space
    (U+00A0, U+3000, control characters) is bad JSON.

``*.csv``
    Comma-separated values with a header row naming the fields (``csv`` module,
    Excel dialect, strict quoting; a quoted field may span lines).  Every row must
    have as many cells as the header.  ``*.tsv``: the same, separated by tabs.

``*.json``
    Not read: named on the command line it is an ``unsupported-format`` error (a JSON
    document is not JSON Lines, and reading it as one text would pass its records off as
    one document); inside a directory it is ignored and counted, like other suffixes.

any other file (``.txt``, ``.md``, ...)
    One document whose id is the file name without its suffix.  A gzip-compressed one
    (``x.csv.gz``, ``x.gz``: it starts with the bytes ``1f 8b``) is an
    ``unsupported-format`` error: gzip is read only as JSON Lines (``.jsonl.gz``, ...).

Records (JSON objects and CSV rows) need the fields ``id_field`` (default ``id``; a
string, or a JSON number which is converted to a string) and ``text_field`` (default
``text``; a string that is not only whitespace).  ``title``, ``source``, ``url`` and
``date`` are optional (``null`` or ``""`` mean absent; ``date`` must be ISO 8601,
e.g. ``2024-05-01`` or ``2024-05-01T12:00:00Z``).  Every other field is kept in
``Document.meta``.  Ids must be unique across all inputs of one call.

All files are UTF-8 (text and CSV/TSV files may be in another encoding:
``encoding``, see :func:`text_encoding`; JSON Lines is always UTF-8, as JSON is); a UTF-8
byte-order mark at the start is removed.  Texts are otherwise
kept exactly as stored (no newline or Unicode normalisation), because every offset
dedup reports points into them.  ``Document.origin`` is ``path:line`` for records and
``path`` for whole-file documents.

Problems with single items are :class:`InputError` s with a ``kind`` (see
:data:`KINDS`), a path and, where it makes sense, a line number.  By default the
first one is raised; with ``skip_invalid=True`` they are counted in a
:class:`SkipReport` and reading goes on with the next item (a file that cannot be
read at all is one skipped item).

Reading is lazy: documents are produced one at a time and JSON Lines / CSV files are
decoded line by line.  Reading a CSV file raises the process-wide
``csv.field_size_limit`` so that long article texts fit in a cell.
"""
from __future__ import annotations

import codecs
import collections
import csv
import gzip
import io
import json
import math
import os
import posixpath
import re
import stat
import sys
import zlib
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator

import regex

from .document import Document, is_iso_date

__all__ = ["InputError", "KINDS", "SkipReport", "read_documents", "text_encoding"]

KINDS = (
    "missing-path",   # the path does not exist
    "unreadable",     # it exists but cannot be read (permissions, I/O or gzip error)
    "binary",         # a NUL byte: not a text file
    "not-utf8",       # bytes that are not UTF-8
    "bad-encoding",   # bytes that are not in the encoding given for text and CSV files (--encoding)
    "bad-json",       # a JSON Lines line that is not valid JSON
    "bad-csv",        # a malformed CSV row (quoting, wrong number of cells, bad header)
    "not-an-object",  # a JSON value that is not an object
    "missing-id",     # no id (missing, null, empty or not a string/number)
    "bad-id",         # an id holding an unpaired surrogate (JSON "\ud800"): not valid Unicode
    "missing-text",   # no text (missing or not a string)
    "duplicate-id",   # an id already used by an earlier document
    "unknown-id",     # a pair (compare --pairs) naming an id no document of the corpus has
    "empty-text",     # a text that is empty or only whitespace
    "bad-date",       # a date that is not ISO 8601
    "unsupported-format",  # a file in a format dedup does not read (a named .json; gzip other than .jsonl.gz)
    "too-large",      # an item over the reader's limit (--max-bytes): a line or a file not read into memory, a CSV text
)

STDIN_NAME = "<stdin>"
_JSON_SPACE, _JSON_SPACE_BYTES = " \t\r\n", b" \t\r\n"  # what JSON calls whitespace
_SURROGATE = re.compile("[\ud800-\udfff]")
TEXT_SUFFIXES = (".txt", ".md")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jl", ".jsonlines")
"""The names of JSON Lines files (each also ``.gz``): ``.ndjson``, ``.jl`` (Scrapy's feeds)
and ``.jsonlines`` are other names for it."""
_FORMATS = (tuple((suffix + ".gz", ".jsonl.gz") for suffix in JSON_LINES_SUFFIXES)
            + tuple((suffix, ".jsonl") for suffix in JSON_LINES_SUFFIXES)
            + ((".csv", ".csv"), (".tsv", ".tsv")) + tuple((suffix, suffix) for suffix in TEXT_SUFFIXES))
"""(file name suffix, the format it is read as): ``.ndjson``, ``.jl`` and ``.jsonlines`` are
JSON Lines by other names; ``.tsv`` is CSV separated by tabs."""
_DELIMITERS = {".csv": ",", ".tsv": "\t"}
"""The delimiter of each CSV format."""
READ_SUFFIXES = (TEXT_SUFFIXES + JSON_LINES_SUFFIXES + tuple(suffix + ".gz" for suffix in JSON_LINES_SUFFIXES)
                 + tuple(_DELIMITERS))
"""The suffixes of the files read inside directories, in the order messages list them."""
BINARY_SNIFF_BYTES = 8192
OPTIONAL_FIELDS = ("title", "date", "source", "url")

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# what is shown as its Python escape: control characters (a terminal's escape sequences,
# line breaks), lone surrogates, the line and paragraph separators, unassigned code points,
# and the bidi embeddings, overrides and isolates (they reorder the text around them).  The
# other invisible characters are part of text as people write it and are shown as they are:
# the zero-width non-joiner Persian spells with, the joiners of Indic scripts and emoji, a
# soft hyphen, left-to-right and right-to-left marks, no-break spaces
_HIDDEN = r"\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Cn}\u202a-\u202e\u2066-\u2069"
_ESCAPED = regex.compile(f"[{_HIDDEN}]")
_ESCAPED_IN_TEXT = regex.compile(f"[[{_HIDDEN}]--[\n\r\t]]", regex.V1)  # line breaks and tabs kept


def _escape(m: regex.Match) -> str:
    return m.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def one_line(text: str) -> str:
    """``text`` with every character that could break the line, drive a terminal or reorder
    what is shown around it written as its Python escape (``\\n``, ``\\x1b``, ``\\u2028``,
    ``\\u202e``, a lone surrogate's ``\\udcff``: :data:`_HIDDEN`), as the summary shows ids
    and passages: a message naming a path or an id that holds a line break is still one
    line, and one holding a terminal's escape sequence (a file name in a scraped archive)
    cannot drive the terminal.  A zero-width non-joiner, a soft hyphen or a no-break space
    is shown as it is."""
    if text.isprintable():
        return text
    return _ESCAPED.sub(_escape, text)


def shown_text(text: str) -> str:
    """:func:`one_line`, but line breaks and tabs stay as they are (a text shown whole, as
    the HTML report shows it)."""
    if text.isprintable():
        return text
    return _ESCAPED_IN_TEXT.sub(_escape, text)


_READ_ERRORS = (OSError, EOFError, zlib.error)  # gzip reports corrupt data with all three
_MISSING = object()


class InputError(Exception):
    """One bad input item.

    ``str(e)`` is one line: ``<path>:<line>: <message>``, or ``<path>: <message>``
    when no line applies (whole files).  Standard input is ``<stdin>``.  ``doc_id`` is
    the record's id when it was read and valid (a bad text or date), else None.
    """

    def __init__(self, kind: str, path: str, line: int | None, message: str, doc_id: str | None = None):
        if kind not in KINDS:
            raise ValueError(f"unknown input error kind {kind!r}")
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
        self.doc_id = doc_id
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return one_line(f"{where}: {self.message}")

    def __repr__(self) -> str:
        return f"InputError({self.kind!r}, {self.path!r}, {self.line!r}, {self.message!r})"

    def __reduce__(self):  # picklable (e.g. across worker processes)
        return (type(self), (self.kind, self.path, self.line, self.message, self.doc_id))


HIDDEN, LINKED_DIRECTORY, SPECIAL_FILE = "(hidden)", "(link to a directory)", "(special file)"
PASSED_OVER = {HIDDEN: "hidden entries (name starting with '.'):",
               LINKED_DIRECTORY: "links to directories (not followed):",
               SPECIAL_FILE: "pipes, sockets or devices (not opened):"}
"""Keys of :attr:`SkipReport.ignored` for directory entries passed over unread, and how
:meth:`SkipReport.ignored_summary` words them."""


@dataclass
class SkipReport:
    """What ``read_documents(..., skip_invalid=True)`` skipped."""

    counts: collections.Counter = field(default_factory=collections.Counter)
    """kind -> how many items were skipped."""
    examples: dict = field(default_factory=dict)
    """kind -> ``str()`` of the first error of that kind (in the order first seen)."""
    ignored: collections.Counter = field(default_factory=collections.Counter)
    """suffix -> how many files inside directories were passed over for their suffix (not
    errors: a directory may hold images or notes; they are counted so none goes unseen)."""

    def ignored_summary(self) -> str:
        """One line such as ``ignored 3 files in directories (not .txt, ...): 2 .pdf, 1 .html``,
        then the entries passed over unread (hidden ones, links to directories, pipes and
        other special files); ``""`` if none."""
        suffixes = {k: n for k, n in self.ignored.items() if k not in PASSED_OVER and n}
        over = [f"{what} {self.ignored[k]}" for k, what in PASSED_OVER.items() if self.ignored[k]]
        parts = []
        if suffixes:
            total = sum(suffixes.values())
            kinds = sorted(suffixes, key=lambda k: (-suffixes[k], k))
            parts.append(f"ignored {total} file{'s' if total != 1 else ''} in directories (not "
                         f"{', '.join(READ_SUFFIXES[:-1])} or {READ_SUFFIXES[-1]}): " + ", ".join(f"{suffixes[k]} {one_line(k)}" for k in kinds))
        if over:
            parts.append(("also passed over " if parts else "passed over in directories: ") + ", ".join(over))
        return "; ".join(parts)

    def add(self, err: InputError) -> None:
        self.counts[err.kind] += 1
        self.examples.setdefault(err.kind, str(err))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """One line such as ``skipped 3 items: 2 bad-json, 1 empty-text (first: f.jsonl:4: ...)``;
        ``""`` when nothing was skipped.  Kinds are listed most frequent first."""
        total = self.total
        if not total:
            return ""
        order = {kind: i for i, kind in enumerate(KINDS)}
        kinds = sorted((k for k, n in self.counts.items() if n),
                       key=lambda k: (-self.counts[k], order.get(k, len(order)), k))
        text = f"skipped {total} item{'s' if total != 1 else ''}: " + ", ".join(
            f"{self.counts[k]} {k}" for k in kinds)
        if self.examples:
            text += f" (first: {next(iter(self.examples.values()))})"
        return text


_ASCII_PROBE = "".join(map(chr, range(1, 128)))


def text_encoding(name: str) -> str:
    """The codec name of ``name`` (``"cp1252"``, ``"latin-1"``, ``"shift_jis"``, ...) as
    :func:`read_documents` takes it for text and CSV files: one Python knows that writes
    every ASCII character as that one byte, so that lines and a CSV file's separators are
    found in the bytes (UTF-16 and UTF-32 are not: convert such files to UTF-8).
    ``ValueError`` with a message for the user otherwise.

    >>> text_encoding("Windows-1252"), text_encoding("latin1"), text_encoding("UTF8")
    ('cp1252', 'iso8859-1', 'utf-8')
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        raise ValueError(f"unknown encoding {name!r}") from None
    try:
        same = info.encode(_ASCII_PROBE)[0] == _ASCII_PROBE.encode("ascii")
    except (UnicodeError, TypeError, ValueError, LookupError):
        same = False
    if not same or not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"encoding {name!r} does not write ASCII as ASCII (as UTF-16 and UTF-32 do not): "
                         "convert the files to UTF-8")
    return info.name


def read_documents(paths: Iterable[str | os.PathLike], *, id_field: str = "id", text_field: str = "text",
                   skip_invalid: bool = False, report: SkipReport | None = None,
                   stdin: IO | None = None, max_bytes: int = 0, encoding: str = "utf-8") -> Iterator[Document]:
    """Yield the documents found in ``paths`` (see the module docstring for formats).

    ``id_field`` / ``text_field`` name the record fields holding the id and the text.
    With ``skip_invalid=False`` the first bad item raises :class:`InputError` (when
    the iterator reaches it); with ``True`` bad items are added to ``report`` and
    skipped.  ``stdin`` is the file object read for ``-`` (binary or text; default
    ``sys.stdin.buffer``).  With ``max_bytes``, an item over that many bytes is a
    ``too-large`` error, read through without being held in memory: a JSON Lines line
    (its line break aside), a whole text file, or a CSV record's text (in UTF-8).
    ``encoding``: the encoding of text files and CSV/TSV files (:func:`text_encoding`;
    ``ValueError`` for one it refuses); bytes not in it are a ``bad-encoding`` error
    (``not-utf8`` in UTF-8).  JSON Lines is read as UTF-8 whatever it says.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    if id_field == text_field:
        raise ValueError(f"id_field and text_field are both {id_field!r}")
    if report is None:
        report = SkipReport()
    encoding = text_encoding(encoding)
    reader = _Reader(id_field, text_field, stdin, report.ignored, max_bytes, encoding)
    return _filter(reader.items(list(paths)), skip_invalid, report)


def _filter(items: Iterator[Document | InputError], skip_invalid: bool,
            report: SkipReport | None) -> Iterator[Document]:
    for item in items:
        if isinstance(item, InputError):
            if not skip_invalid:
                raise item
            report.add(item)
        else:
            yield item


class _Reader:
    """Turns paths into one stream of Documents and InputErrors; remembers ids across inputs."""

    def __init__(self, id_field: str, text_field: str, stdin: IO | None,
                 ignored: collections.Counter | None = None, max_bytes: int = 0,
                 encoding: str = "utf-8"):
        self.max_bytes = max_bytes
        self.encoding = encoding
        self.ignored = ignored if ignored is not None else collections.Counter()
        self.id_field = id_field
        self.text_field = text_field
        self.stdin = stdin
        # a renamed id/text field may take the name of an optional one (text_field="title")
        self.optional = tuple(f for f in OPTIONAL_FIELDS if f not in (id_field, text_field))
        self.known = {id_field, text_field, *self.optional}
        self.seen: dict[str, str] = {}  # id -> origin of the document that has it

    # --- paths -------------------------------------------------------------

    def items(self, paths: list) -> Iterator[Document | InputError]:
        for raw in paths:
            path = os.fsdecode(raw)
            if path == "-":
                stream = self.stdin if self.stdin is not None else sys.stdin.buffer
                if gzip_data(getattr(stream, "buffer", stream)):
                    yield InputError("unsupported-format", STDIN_NAME, None, "gzip-compressed data (starts with "
                                     "bytes 1f 8b): decompress it (zcat FILE | dedup ... -) or give the file, "
                                     "named .jsonl.gz")
                    continue
                yield from self._jsonl(self._stdin_lines(), STDIN_NAME)
                continue
            if not path:
                yield InputError("missing-path", "''", None, "an empty path: give a file or directory")
                continue
            try:
                mode = os.stat(path).st_mode
            except (FileNotFoundError, NotADirectoryError):
                yield InputError("missing-path", path, None, "no such file or directory")
                continue
            except OSError as e:
                yield InputError("unreadable", path, None, f"cannot access: {_reason(e)}")
                continue
            if stat.S_ISDIR(mode):
                yield from self._directory(path)
            elif path.lower().endswith(".json"):
                yield InputError("unsupported-format", path, None, _JSON_MESSAGE)
            else:
                yield from self._file(path, os.path.splitext(os.path.basename(path))[0])

    def _directory(self, root: str) -> Iterator[Document | InputError]:
        # Collect names first (cheap) so that files come in sorted order of relative path.
        entries: list[tuple[tuple[str, ...], str, str | InputError]] = []  # (sort key, path, id or error)

        def on_error(e: OSError) -> None:
            where = os.fsdecode(e.filename) if e.filename is not None else root
            rel = _relative(where, root)
            key = () if rel == "." else tuple(rel.split("/"))
            entries.append((key, where, InputError("unreadable", where, None, f"cannot list directory: {_reason(e)}")))

        for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
            kept = []
            for d in dirnames:
                if d.startswith("."):
                    self.ignored[HIDDEN] += 1
                elif os.path.islink(os.path.join(dirpath, d)):
                    self.ignored[LINKED_DIRECTORY] += 1  # not followed: no loops, no escape
                else:
                    kept.append(d)
            dirnames[:] = kept
            for name in filenames:
                if name.startswith("."):
                    self.ignored[HIDDEN] += 1
                    continue
                if _special(os.path.join(dirpath, name)):  # opening it could wait for ever
                    self.ignored[SPECIAL_FILE] += 1
                    continue
                if _format_of(name) is None:
                    self.ignored[posixpath.splitext(name)[1].lower() or "(no suffix)"] += 1
                    continue
                full = os.path.join(dirpath, name)
                rel = _relative(full, root)
                entries.append((tuple(rel.split("/")), full, posixpath.splitext(rel)[0]))
        entries.sort(key=lambda entry: entry[0])
        for _, full, doc_id in entries:
            if isinstance(doc_id, InputError):
                yield doc_id
            else:
                yield from self._file(full, doc_id)

    def _file(self, path: str, doc_id: str) -> Iterator[Document | InputError]:
        """Read one file; ``doc_id`` is the id if it is a whole-file document."""
        fmt = _format_of(os.path.basename(path))
        try:
            f = gzip.open(path, "rb") if fmt == ".jsonl.gz" else open(path, "rb")
        except (FileNotFoundError, NotADirectoryError):  # e.g. a dangling symbolic link
            yield InputError("missing-path", path, None, "no such file or directory")
            return
        except OSError as e:
            yield InputError("unreadable", path, None, f"cannot open: {_reason(e)}")
            return
        with f:
            if fmt == ".jsonl" and gzip_data(f):
                # (one error for the file: read as lines, each was a NUL-byte error of its own)
                yield InputError("unsupported-format", path, None, _GZIP_UNNAMED_MESSAGE)
            elif fmt in (".jsonl", ".jsonl.gz"):
                yield from self._jsonl(_lines(f, self.max_bytes), path)
            elif fmt in _DELIMITERS:
                yield from self._csv(_lines(f), path, _DELIMITERS[fmt])
            else:
                yield self._text_file(f, path, doc_id)

    def _stdin_lines(self) -> Iterator[bytes | BaseException]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        if isinstance(stream, io.TextIOBase) and hasattr(stream, "buffer"):
            stream = stream.buffer  # decode the bytes ourselves
        for line in _lines(stream, self.max_bytes):
            if isinstance(line, TooLong):
                yield line
                continue
            if isinstance(line, str):  # a text stream without a byte buffer, e.g. StringIO
                try:
                    line = line.encode("utf-8", "surrogateescape")
                except UnicodeEncodeError:
                    line = line.encode("utf-8", "surrogatepass")  # not UTF-8: reported when decoded
            yield line

    # --- formats -----------------------------------------------------------

    def _text_file(self, f: IO[bytes], path: str, doc_id: str) -> Document | InputError:
        try:
            data = f.read(BINARY_SNIFF_BYTES)
            # a binary file is refused from its first bytes, not read whole first: a device
            # such as /dev/zero or /dev/urandom given as a path never ends
            if b"\x00" not in data and not data.startswith((*_UTF16_32_BOMS, _GZIP_MAGIC)):
                most = self.max_bytes
                if not most:
                    data += f.read()
                else:  # up to one byte over the limit, a piece at a time (a read of `most`
                    # bytes would ask for a buffer that large, whatever the file's size)
                    pieces, size = [data], len(data)
                    while size <= most and (piece := f.read(min(_PIECE, most + 1 - size))):
                        pieces.append(piece)
                        size += len(piece)
                    data = b"".join(pieces)
                if most and len(data) > most:
                    size = _file_size(f)
                    return InputError("too-large", path, None, (f"the file is {size:,} bytes," if size else
                                      "the file is") + f" over the limit of {most:,} (--max-bytes)")
        except _READ_ERRORS as e:
            return InputError("unreadable", path, None, f"read error: {_reason(e)}")
        if data.startswith(_UTF16_32_BOMS):
            return InputError("not-utf8", path, 1, _UTF16_MESSAGE)
        if data.startswith(_GZIP_MAGIC):  # (never UTF-8 text: 0x8b cannot start a character)
            return InputError("unsupported-format", path, None, _GZIP_MESSAGE)
        nul = data.find(b"\x00", 0, BINARY_SNIFF_BYTES)
        if nul >= 0:
            return InputError("binary", path, None, f"NUL byte at offset {nul}: a binary file, not text")
        if data.startswith(_UTF8_BOM) and self.encoding == "utf-8":
            data = data[len(_UTF8_BOM):]
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as e:
            line_start = data.rfind(b"\n", 0, e.start) + 1
            line = data.count(b"\n", 0, e.start) + 1
            return self._undecodable(path, line, data[e.start], e.start - line_start + 1)
        del data
        if not text.strip():
            what = "file is empty" if not text else "file contains only whitespace"
            return InputError("empty-text", path, None, what)
        if _SURROGATE.search(doc_id):  # a file name in another encoding (os.fsdecode's escapes)
            return InputError("bad-id", path, None, "the file name is not UTF-8, so its id would not be "
                              "valid Unicode: rename the file")
        return self._claim(Document(id=doc_id, text=text, origin=path), path, None)

    def _undecodable(self, path: str, line: int, byte: int, column: int) -> InputError:
        if self.encoding == "utf-8":  # (a text or CSV file, which may be in another encoding)
            return InputError("not-utf8", path, line, _utf8_message(byte, column) + "; another encoding? "
                              "--encoding names it (e.g. cp1252)")
        return InputError("bad-encoding", path, line,
                          f"not {self.encoding}: invalid byte 0x{byte:02x} at byte {column} of the line")

    def _jsonl(self, lines: Iterable[bytes | BaseException | TooLong], path: str) -> Iterator[Document | InputError]:
        for lineno, raw in enumerate(lines, 1):
            if isinstance(raw, BaseException):  # read error: the rest of the file is lost
                yield InputError("unreadable", path, lineno, f"read error: {_reason(raw)}")
                return
            if isinstance(raw, TooLong):
                yield InputError("too-large", path, lineno, f"the line is {raw.size:,} bytes, over the limit of "
                                 f"{raw.most:,} (--max-bytes)")
                continue
            if lineno == 1 and raw.startswith(_UTF16_32_BOMS):
                yield InputError("not-utf8", path, 1, _UTF16_MESSAGE)
                return
            if raw.startswith(_UTF8_BOM):  # a file's byte-order mark, on any line: files joined with cat
                raw = raw[len(_UTF8_BOM):]
            nul = raw.find(b"\x00")
            if nul >= 0:
                yield InputError("binary", path, lineno,
                                 f"NUL byte at byte {nul + 1} of the line: binary data, not JSON")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield InputError("not-utf8", path, lineno, _utf8_message(raw[e.start], e.start + 1))
                continue
            if not line.strip(_JSON_SPACE):  # only JSON's own blanks: a line of U+00A0 is bad JSON
                continue
            try:
                obj = loads(line)
            except json.JSONDecodeError as e:
                hint = ""
                if e.msg == "Extra data" and "\r" in line.rstrip("\r\n"):
                    # records one after the other on one "line": its line ends are bare carriage returns
                    hint = ("; the line holds records separated by bare carriage returns (CR, old Mac style "
                            "line ends): convert the line ends to LF or CRLF")
                yield InputError("bad-json", path, lineno,
                                 f"invalid JSON: {e.msg} (column {json_column(e, line)}){hint}")
                continue
            except (ValueError, RecursionError) as e:  # e.g. an integer too long, nesting too deep
                yield InputError("bad-json", path, lineno, f"invalid JSON: {_short(str(e) or type(e).__name__)}")
                continue
            yield self._record(obj, path, lineno, "field")

    def _csv(self, lines: Iterable[bytes | BaseException], path: str,
             delimiter: str = ",") -> Iterator[Document | InputError]:
        _raise_csv_field_limit()
        issues: dict[int, InputError] = {}  # line -> NUL / encoding problem seen on it
        failure: list[InputError] = []      # what ended the file early

        def decoded() -> Iterator[str]:
            # The csv module gets every line, repaired, so that it keeps its place; a
            # record that touches a line with a problem is reported and dropped.
            for lineno, raw in enumerate(lines, 1):
                if isinstance(raw, BaseException):
                    failure.append(InputError("unreadable", path, lineno, f"read error: {_reason(raw)}"))
                    return
                if lineno == 1:
                    if raw.startswith(_UTF16_32_BOMS):
                        failure.append(InputError("not-utf8", path, 1, _UTF16_MESSAGE))
                        return
                    if raw.startswith(_UTF8_BOM) and self.encoding == "utf-8":
                        raw = raw[len(_UTF8_BOM):]
                nul = raw.find(b"\x00")
                if nul >= 0:
                    issues.setdefault(lineno, InputError(
                        "binary", path, lineno, f"NUL byte at byte {nul + 1} of the line: binary data, not CSV"))
                    raw = raw.replace(b"\x00", b"")
                try:
                    yield raw.decode(self.encoding)
                except UnicodeDecodeError as e:
                    issues.setdefault(lineno, self._undecodable(path, lineno, raw[e.start], e.start + 1))
                    yield raw.decode(self.encoding, "replace")

        def problem(upto: int) -> InputError | None:
            """The first problem of a line up to ``upto`` (all of them are consumed)."""
            found = [issues.pop(n) for n in sorted(issues) if n <= upto]
            return failure[0] if failure else found[0] if found else None

        reader = csv.reader(decoded(), strict=True, delimiter=delimiter)
        header: list[str] | None = None
        while header is None:  # the first non-blank row; any problem with it spoils the file
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                yield problem(reader.line_num) or InputError("bad-csv", path, reader.line_num,
                                                             f"bad header row: {_csv_reason(e)}")
                return
            bad = problem(reader.line_num)
            if bad:
                yield bad
                return
            if row:
                header = [name.strip() for name in row]
        if header is None:  # an empty file: no records
            if failure:
                yield failure[0]
            return
        # (columns without a name, as a spreadsheet's export may end its header with: see _row)
        twice = sorted({name for name in header if name and header.count(name) > 1})
        if twice:
            yield InputError("bad-csv", path, reader.line_num,
                             "header names a column more than once: " + ", ".join(map(repr, twice)))
            return
        absent = [name for name in (self.id_field, self.text_field) if name not in header]
        lacking = None  # (kind, message) when every row lacks a field: each row is an error (counted)
        if absent:
            other = next((d for d in (",", ";", "\t", "|") if d != delimiter and any(d in name for name in header)),
                         None)
            if other is None:
                hint = "(see --id-field / --text-field)"
            elif delimiter == "\t":
                hint = f"(columns separated by {other!r}? dedup reads .tsv separated by tabs)"
            else:
                hint = (f"(columns separated by {other!r}? dedup reads CSV separated by commas"
                        + (", and files named .tsv separated by tabs)" if other == "\t" else ")"))
            lacking = ("missing-id" if self.id_field in absent else "missing-text",
                       f"no {' and no '.join(map(repr, absent))} column: the header (line "
                       f"{reader.line_num}) has {_short(', '.join(map(repr, header)))} {hint}")
        header_line, rows = reader.line_num, 0
        while True:
            start = reader.line_num + 1
            error = None
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                row, error = None, e
            bad = problem(reader.line_num)
            if failure:
                break
            rows += bool(row) or error is not None
            if bad:
                yield bad
            elif error is not None:
                yield InputError("bad-csv", path, start, f"malformed CSV: {_csv_reason(error)}")
            elif not row:
                continue  # a blank line
            elif lacking is not None:  # (before the cells are counted: a header read with the wrong
                yield InputError(lacking[0], path, start, lacking[1])  # separator miscounts them all)
            elif len(row) != len(header):
                yield InputError("bad-csv", path, start, f"row has {len(row)} cells, the header has {len(header)}")
            else:
                yield self._record(_row(header, row), path, start, "column")
        if failure:
            yield failure[0]
        elif lacking is not None and not rows:  # a header alone: the file is still unreadable as given
            yield InputError("bad-csv", path, header_line, lacking[1])

    # --- records -----------------------------------------------------------

    def _record(self, obj: object, path: str, line: int, column_word: str) -> Document | InputError:
        """Validate one JSON object or CSV row (``column_word``: "field" / "column")."""
        doc_id = None  # known once the id is read and valid: errors after that carry it

        def error(kind: str, message: str) -> InputError:
            return InputError(kind, path, line, message, doc_id)

        if not isinstance(obj, dict):
            return error("not-an-object", f"expected a JSON object, got {json_type(obj)}")
        name = self.id_field
        value = obj.get(name, _MISSING)
        if value is _MISSING:
            return error("missing-id", f"no {name!r} {column_word}")
        if value is None:
            return error("missing-id", f"{name!r} is null")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return error("missing-id", f"{name!r} must be a string or a number, not {json_type(value)}")
        read_id = id_text(value)
        if not read_id.strip():
            return error("missing-id", f"{name!r} is empty")
        if _SURROGATE.search(read_id):  # a text may hold one (it is written back escaped); an id is a key
            return error("bad-id", f"{name!r} holds an unpaired surrogate, not valid Unicode: {_short(ascii(read_id))}")
        doc_id = read_id
        name = self.text_field
        text = obj.get(name, _MISSING)
        if text is _MISSING:
            return error("missing-text", f"no {name!r} {column_word}")
        if not isinstance(text, str):
            return error("missing-text", f"{name!r} must be a string, not {json_type(text)}")
        if not text.strip():
            return error("empty-text", f"{name!r} is empty" if not text else f"{name!r} contains only whitespace")
        if self.max_bytes and len(text) > self.max_bytes // 4 and _utf8_size(text) > self.max_bytes:
            return error("too-large", f"{name!r} is {_utf8_size(text):,} bytes, over the limit of "
                                      f"{self.max_bytes:,} (--max-bytes)")
        optional: dict[str, str | None] = {}
        for name in self.optional:
            value = obj.get(name)
            if value is None or value == "" or (name == "date" and isinstance(value, str) and not value.strip()):
                optional[name] = None
            elif name == "date":
                if not isinstance(value, str) or not is_iso_date(value.strip()):
                    shown = _short(json.dumps(value, ensure_ascii=False))
                    if isinstance(value, str) and is_iso_date(value.strip(), in_utc=False):
                        return error("bad-date", f"'date' is outside years 1-9999 once in UTC: {shown}")
                    return error("bad-date", f"'date' is not an ISO 8601 date with a day (as 2025-01-31 or "
                                             f"2025-01-31T09:30:00Z): {shown}")
                optional[name] = value.strip()
            else:
                optional[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        meta = {key: value for key, value in obj.items() if key not in self.known}
        doc = Document(id=doc_id, text=text, origin=f"{path}:{line}", meta=meta, **optional)
        return self._claim(doc, path, line)

    def _claim(self, doc: Document, path: str, line: int | None) -> Document | InputError:
        first = self.seen.get(doc.id)
        if first is not None:
            return InputError("duplicate-id", path, line, f"duplicate id {_short(repr(doc.id))}: first seen at {first}")
        self.seen[doc.id] = doc.origin
        return doc


def _file_size(f: IO[bytes]) -> int | None:
    """The size of a regular file in bytes; None for a pipe, a device or what cannot tell."""
    try:
        st = os.fstat(f.fileno())
    except (OSError, AttributeError, io.UnsupportedOperation):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _utf8_size(text: str) -> int:
    """``text``'s length in UTF-8 bytes (an unpaired surrogate, which UTF-8 cannot hold,
    counted as its escape would be: 3 bytes)."""
    return len(text.encode("utf-8", "surrogatepass"))


def _files_read(root: str) -> Iterator[str]:
    """The files reading the directory ``root`` opens: of a format it reads, not hidden, not
    below a hidden folder, not a pipe or device (the reader passes over the others)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            full = os.path.join(dirpath, name)
            if not name.startswith(".") and _format_of(name) is not None and not _special(full):
                yield full


def files_read(root: str) -> int:
    """How many files reading the directory ``root`` opens (see :func:`_files_read`)."""
    return sum(1 for _ in _files_read(root))


def _row(header: list[str], row: list[str]) -> dict[str, str]:
    """A CSV row as a record: its cells by column name.  A column without a name (a
    spreadsheet's export may end its header with empty ones) is left out where its cell is
    empty, and otherwise kept as ``""`` when it is the only one without a name, else as
    ``"column N"`` (its place, from 1)."""
    unnamed = header.count("")
    if not unnamed:
        return dict(zip(header, row))
    record = {name: cell for name, cell in zip(header, row) if name}
    for k, (name, cell) in enumerate(zip(header, row), 1):
        if not name and cell:
            record["" if unnamed == 1 else f"column {k}"] = cell
    return record


def _csv_reason(e: csv.Error) -> str:
    """What the csv module's error means for someone with the file in front of them."""
    why = str(e)
    if "new-line character seen in unquoted field" in why:
        return ("a bare carriage return (CR, old Mac style line end) outside quotes: convert the line ends to "
                "LF or CRLF, or quote the cell")
    return why


def count_items(paths: Iterable[str | os.PathLike]) -> int | None:
    """How many items :func:`read_documents` will meet in ``paths`` (documents and bad
    items alike), counted without parsing, for a progress bar's total: one per text file,
    one per non-blank line of a JSON Lines file, one per non-blank row after a CSV file's
    header; directories walked as the reader walks them.  None when it cannot be known
    without reading the input twice (``-``, a pipe or another non-regular file) or a file
    cannot be read (the reader reports that).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"id": 1}\\n\\n{"id": 2}\\n')
    >>> _ = (d / "b.txt").write_text("text")
    >>> _ = (d / "c.csv").write_text('id,text\\n1,"two\\nlines"\\n\\n2,x\\n')
    >>> count_items([d]), count_items([d / "a.jsonl", "-"])
    (5, None)
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    total = 0
    for raw in paths:
        path = os.fsdecode(raw)
        if path == "-":
            return None
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return None
        if stat.S_ISDIR(mode):
            for full in _files_read(path):
                n = _count_file(full)
                if n is None:
                    return None
                total += n
        else:
            n = _count_file(path)
            if n is None:
                return None
            total += n
    return total


def count_lines(path: str) -> int | None:
    """Non-blank lines of the JSON Lines file ``path`` (gzip-compressed when its name ends in
    ``.gz``), what ``dedup filter`` will decide on: a progress bar's total.  None for ``-``,
    a pipe or another non-regular file, or one that cannot be read."""
    if path == "-":
        return None
    return _count_file(path, ".jsonl.gz" if path.lower().endswith(".gz") else ".jsonl")


def _special(path: str) -> bool:
    """``path`` exists and is not a regular file (a pipe, socket or device)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _count_file(path: str, fmt: str | None = None) -> int | None:
    """:func:`count_items` of one file, read as format ``fmt`` (default: by its name); None
    for a file that is not regular, or unreadable."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a pipe or a device is read once, by the reader
        fmt = fmt or _format_of(os.path.basename(path))
        if fmt not in (".jsonl", ".jsonl.gz", *_DELIMITERS):
            return 1
        with (gzip.open(path, "rb") if fmt == ".jsonl.gz" else open(path, "rb")) as f:
            if fmt not in _DELIMITERS:
                return _nonblank_lines(f)
            _raise_csv_field_limit()
            text = io.TextIOWrapper(f, encoding="utf-8", errors="replace", newline="")
            rows = sum(1 for row in csv.reader(text, delimiter=_DELIMITERS[fmt]) if row)
            return max(rows - 1, 0)  # the header
    except (*_READ_ERRORS, csv.Error):
        return None


# --- helpers ---------------------------------------------------------------

_JSON_MESSAGE = ("a .json file is not read: give JSON Lines (one JSON object per line) as .jsonl or .ndjson, "
                 "or a text as .txt")
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_MESSAGE = ("a gzip-compressed file (starts with bytes 1f 8b), which dedup does not read: it reads gzip "
                 "only as JSON Lines named .jsonl.gz, .ndjson.gz, .jl.gz or .jsonlines.gz (or decompress the file)")
_GZIP_UNNAMED_MESSAGE = ("gzip-compressed data (starts with bytes 1f 8b) in a file not named .gz: name it "
                         ".jsonl.gz (read as gzip) or decompress it")


def gzip_data(f: IO[bytes]) -> bool:
    """Whether the buffered stream ``f`` starts with gzip's magic bytes (looked at without
    reading them; False for a stream that cannot be looked into)."""
    peek = getattr(f, "peek", None)
    if peek is None:
        return False
    try:
        return peek(2)[:2] == _GZIP_MAGIC
    except (OSError, ValueError):
        return False


_UTF16_MESSAGE = "encoded as UTF-16 or UTF-32 (byte-order mark), not UTF-8: convert it to UTF-8"


def _nonblank_lines(f: IO[bytes]) -> int:
    """The lines of ``f`` holding more than JSON's white space, read a piece at a time: a
    line of hundreds of megabytes is counted without being held (a progress bar's total
    was counted so before its reader, with --max-bytes, read the line through unkept)."""
    count, filled = 0, False
    for piece in iter(lambda: f.readline(_PIECE), b""):
        filled = filled or bool(piece.strip(_JSON_SPACE_BYTES))
        if piece.endswith(b"\n"):
            count, filled = count + filled, False
    return count + filled


def _format_of(name: str) -> str | None:
    """The format of a file name that dedup reads inside directories (``.jsonl``,
    ``.jsonl.gz``, ``.csv``, ``.tsv``, ``.txt`` or ``.md``; ``.ndjson``, ``.jl`` and
    ``.jsonlines`` files are ``.jsonl``), else None."""
    lower = name.lower()
    for suffix, fmt in _FORMATS:
        if lower.endswith(suffix):
            return fmt
    return None


def read_by_walk(root: str, path: str) -> str | None:
    """Where reading the directory ``root`` reads the existing file ``path``, else None: as
    itself (a file of a format it reads, below ``root`` through no hidden entry and no link
    to a directory), or through a link to it of such a name (returned)."""
    if not (os.path.isdir(root) and os.path.isfile(path)):
        return None
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    parts = rel.split(os.sep)
    inside = (_format_of(parts[-1]) is not None and not rel.startswith(os.pardir)
              and not any(p.startswith(".") for p in parts))
    where = os.path.abspath(root)
    for p in parts[:-1]:
        where = os.path.join(where, p)
        inside = inside and not os.path.islink(where)
    return path if inside else _linked_in(root, os.stat(path))


def _linked_in(root: str, target: os.stat_result) -> str | None:
    """The first link to the file ``target`` that a walk of ``root`` would read: a
    symbolic link, or another name of it (a hard link).  Names only: a symbolic link is
    followed, a file is looked at only when its directory entry has ``target``'s inode
    number; nothing is opened."""
    folders = [root]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for e in entries:
                    if e.name.startswith("."):
                        continue
                    if e.is_symlink() or e.inode() == target.st_ino:
                        if _format_of(e.name) is None:
                            continue
                        try:
                            st = e.stat()
                        except OSError:
                            continue
                        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                            return e.path
                    elif e.is_dir(follow_symlinks=False):
                        folders.append(e.path)
        except OSError:
            continue  # (an unreadable folder is reported by the reader)
    return None


def _relative(path: str, root: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


_PIECE = 1 << 20  # a line is read this many bytes at a time


class TooLong:
    """A line longer than a reader's limit (``_lines(f, most)``), skipped without being held
    in memory: its size and the limit, in bytes (or characters, for a text stream)."""

    __slots__ = ("size", "most")

    def __init__(self, size: int, most: int):
        self.size, self.most = size, most


def _lines(f: IO, most: int = 0) -> Iterator[bytes | str | BaseException | TooLong]:
    """The lines of ``f``; a read error is yielded (not raised) and ends the lines.  A line
    is read a piece at a time and not past a piece holding a NUL byte: binary data may have
    no line break at all (``/dev/zero`` given as JSON Lines was read into memory until it
    ran out), so such a line is yielded up to that piece (its reader reports the NUL byte
    at its place) and the rest of it is skipped, unread into memory, if more is asked for.
    With ``most``, a line longer than that (its line break, LF or CRLF, and a byte-order mark
    before it aside, as its reader drops them) is read through without being kept, and
    yielded as a :class:`TooLong`; a line of white space only is no record, whatever its
    length, and is yielded as a blank line."""
    while True:
        try:
            line = f.readline(_PIECE)
            if not line:
                return
            nl, nul = (b"\n", b"\x00") if isinstance(line, bytes) else ("\n", "\x00")
            size, last = len(line), line
            if len(line) == _PIECE and not line.endswith(nl) and nul not in line:
                pieces: list | None = [line]
                blank = not line.strip()
                while True:  # (the pieces before the last hold no NUL byte)
                    piece = f.readline(_PIECE)
                    size, last = size + len(piece), piece
                    blank = blank and not piece.strip()
                    if pieces is not None:
                        pieces.append(piece)
                        if most and size > most + 2 + len(_UTF8_BOM):
                            pieces = None  # too long: the rest is read through, not kept
                    if len(piece) < _PIECE or piece.endswith(nl) or (pieces is not None and nul in piece):
                        break
                if pieces is None:
                    if blank:
                        yield nl
                    else:
                        yield TooLong(size - _break_len(last) - _bom_len(line), most)
                    continue
                line = line[:0].join(pieces)
            if most and len(line) > most and nul not in line:
                own = len(line) - _break_len(line) - _bom_len(line)
                if own > most and line.strip():
                    yield TooLong(own, most)
                    continue
        except _READ_ERRORS as e:
            yield e
            return
        yield line
        if not line.endswith(nl) and line.find(nul, max(0, len(line) - _PIECE)) >= 0:
            try:  # the rest of a binary line
                while (piece := f.readline(_PIECE)) and not piece.endswith(nl):
                    pass
            except _READ_ERRORS as e:
                yield e
                return


def _break_len(line: bytes | str) -> int:
    """The length of the line break that ends ``line``: 2 for CRLF, 1 for LF, else 0."""
    if line[-1:] in (b"\n", "\n"):
        return 2 if line[-2:-1] in (b"\r", "\r") else 1
    return 0


def _bom_len(line: bytes | str) -> int:
    """The length of a UTF-8 byte-order mark that opens ``line`` (bytes), else 0."""
    return len(_UTF8_BOM) if isinstance(line, bytes) and line.startswith(_UTF8_BOM) else 0


class DuplicateKeyError(ValueError):
    """A JSON object names one key twice: plain ``json.loads`` keeps the last value and
    drops the others without a word."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise DuplicateKeyError(f"duplicate key {_short(key)!r} (one of its values would be dropped)")
    return obj


class NotJSONError(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: plain ``json.loads`` takes them as numbers,
    but they are not JSON (other readers of the same file refuse them)."""


def _no_constant(name: str) -> object:
    raise NotJSONError(f"{name} is not JSON (JSON numbers are finite)")


class _Float(float):
    """A JSON number with a fraction or an exponent, as read, with its text as written (an id
    is the number as written, as in a CSV file: ``1.50`` and ``1.5`` are two ids, ``1E2`` is
    not ``100.0``)."""

    __slots__ = ("literal",)


def _finite(text: str) -> float:
    value = _Float(text)
    if value in (math.inf, -math.inf):
        raise NotJSONError(f"the number {_short(text, 40)} is out of range (it would read as "
                           f"{'-' if value < 0 else ''}Infinity)")
    value.literal = text
    return value


class _Int(int):
    """``-0``, as read: ``0`` with its text as written (the one integer JSON writes two ways;
    an id is the number as written)."""


def _int(text: str) -> int:
    if text == "-0":
        value = _Int(0)
        value.literal = text
        return value
    return int(text)


def id_text(value: str | int | float) -> str:
    """The id a JSON string or number names: the string, or the number as written (a
    number :func:`loads` did not read: as ``json.dumps`` writes it)."""
    if isinstance(value, str):
        return value
    return getattr(value, "literal", None) or json.dumps(value)


def loads(text: str) -> object:
    """``json.loads`` that refuses an object naming a key twice (:class:`DuplicateKeyError`,
    a ``ValueError``) instead of keeping only its last value, and ``NaN``, ``Infinity``
    and ``-Infinity`` (:class:`NotJSONError`, a ``ValueError``), which are not JSON, and a
    number too large for a float (``1e400``), which would read as one of them.

    >>> loads('{"id": 1, "score": NaN}')
    Traceback (most recent call last):
    ...
    dedup.io.NotJSONError: NaN is not JSON (JSON numbers are finite)
    """
    return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant, parse_float=_finite,
                      parse_int=_int)


def json_column(e: json.JSONDecodeError, line: str) -> int:
    """The column of ``e`` in ``line``, one line of a file with its line break: an error at
    the end of a line cut short is at the line's end, not (as ``e.colno`` has it, counting
    the line break as the start of a second line) at column 1."""
    return min(e.pos, len(line.rstrip("\r\n"))) + 1


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _utf8_message(byte: int, column: int) -> str:
    return f"not UTF-8: invalid byte 0x{byte:02x} at byte {column} of the line"


def _reason(e: BaseException) -> str:
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _raise_csv_field_limit() -> None:
    """Let a CSV cell hold a whole article (the csv module's default limit is 128 KiB)."""
    limit = min(sys.maxsize, 2**31 - 1)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
