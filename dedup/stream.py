"""The pre-ingest filter over a stream: one decision per JSON Lines record, in input order.

:func:`filter_lines` reads records (the same validation and messages as ``dedup batch``),
checks each against an :class:`~dedup.index.Index` and, by policy, adds it, one
transaction per document: a decision is produced only after its document is committed,
so a process killed mid-stream never reported a document that the index does not hold.
A bad line gives an error item naming the line instead of a decision; the stream goes on.

Reading is lazy (one line at a time) and keeps no per-document state, so memory stays flat
however long the stream; ids are checked against the index, not against earlier lines.

>>> import io, os, tempfile
>>> from dedup.index import Index
>>> idx = Index(os.path.join(tempfile.mkdtemp(), "i.dedup"))
>>> data = (b'{"id": "a", "text": "Storm floods the old town. Rescue teams worked all night."}\\n'
...         b'not json\\n'
...         b'{"id": "b", "text": "Storm floods the old town. Rescue teams worked all night."}\\n')
>>> [(i.line, i.record()["status"]) for i in filter_lines(idx, io.BytesIO(data))]
[(1, 'new'), (2, 'error'), (3, 'duplicate')]
"""
from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass
from typing import IO, Collection, Iterator

from . import parallel
from .document import Document
from .index import Decision, DocumentExistsError, Index, pool_index
from .io import STDIN_NAME, TEXT_SUFFIXES, InputError, _lines, _Reader, gzip_data


@dataclass
class FilterItem:
    """One input line's outcome: a decision, or an error naming the line."""

    line: int
    raw: bytes  # the input line as read (for passing new documents through unchanged)
    decision: Decision | None = None
    error: str | None = None
    doc_id: str | None = None
    kind: str | None = None  # an input error's kind (dedup.io.KINDS); "unreadable" ends the stream

    @property
    def status(self) -> str:
        return "error" if self.decision is None else self.decision.status

    def record(self) -> dict:
        if self.decision is None:
            return {"line": self.line, "id": self.doc_id, "status": "error", "error": self.error, "kind": self.kind}
        return {"line": self.line, **self.decision.record()}


class _StreamReader(_Reader):
    """The batch reader's validation, without remembering ids (the index does that)."""

    def _claim(self, doc, path, line):
        return doc


# named files whose suffix says they are not JSON Lines (before an optional ``.gz``)
NOT_JSON_LINES = (".csv", ".tsv", ".json") + TEXT_SUFFIXES


class NotJSONLinesError(ValueError):
    """A named input file whose suffix says it is not JSON Lines (``.csv``, ``.json``, ...)."""


def open_input(path: str, stdin: IO[bytes] | None = None) -> tuple[IO[bytes], str]:
    """A binary stream and its display name for ``path`` (``-``: standard input).

    The filter reads JSON Lines only, whatever the name (gzip-compressed when it ends in
    ``.gz``); a file named as another format (``.csv``, ``.json``, ``.txt``, ``.md``,
    or one of them ``.gz``) raises :class:`NotJSONLinesError` before anything is read,
    rather than giving an error decision for each of its lines."""
    if path == "-":
        import sys

        stream = stdin if stdin is not None else sys.stdin.buffer
        stream = getattr(stream, "buffer", stream)
        if gzip_data(stream):
            raise NotJSONLinesError(f"{STDIN_NAME}: gzip-compressed data (starts with bytes 1f 8b): decompress "
                                    "it (zcat FILE | dedup filter ...) or give the file, named .gz")
        return stream, STDIN_NAME
    lower = path.lower()
    base = lower[:-3] if lower.endswith(".gz") else lower
    suffix = next((x for x in NOT_JSON_LINES if base.endswith(x)), None)
    if suffix is not None:
        hint = {".csv": "load CSV with 'dedup index add', or convert it to JSON Lines",
                ".tsv": "load it with 'dedup index add', or convert it to JSON Lines",
                ".json": "give one JSON object per line, named .jsonl (or on stdin)"}.get(
            suffix, "add a text file with 'dedup index add', or give it as a JSON Lines record")
        raise NotJSONLinesError(f"{path}: dedup filter reads JSON Lines, not {suffix}: {hint}")
    if lower.endswith(".gz"):
        return gzip.open(path, "rb"), path
    f = open(path, "rb")
    if gzip_data(f):  # (else each line was an error decision of its own: NUL bytes, not UTF-8)
        f.close()
        raise NotJSONLinesError(f"{path}: gzip-compressed data (starts with bytes 1f 8b) in a file not "
                                "named .gz: name it .jsonl.gz (read as gzip) or decompress it")
    return f, path


def filter_lines(index: Index, stream: IO[bytes], name: str = STDIN_NAME, *,
                 add: Collection[str] | str | None = "new-or-related", id_field: str = "id",
                 text_field: str = "text", counters: Counter | None = None,
                 jobs: int = 1, resume: bool = False, max_bytes: int = 0) -> Iterator[FilterItem]:
    """Check (and, when the status is in ``add``, store) each record of a JSON Lines stream.

    ``add=None`` only checks; then ``jobs > 1`` checks in that many forked worker processes,
    each with its own read-only connection to the index (:func:`dedup.parallel.imap_ahead`:
    the decisions are the same and come in input order, and up to ``2 * jobs`` lines are
    read ahead of the one being decided; inside an open session, whose uncommitted documents
    only this process sees, in this process).  Adding is one document at a time, in input order
    (each decision depends on the documents added before it), so ``jobs`` must then be 1.
    Yields one :class:`FilterItem` per non-blank line, in order.  With ``resume``, a record
    whose id the index holds with the same text (stored by an earlier run that stopped
    before its decision was written) is decided again without itself
    (:meth:`Index.recheck`), not an error.  With ``max_bytes``, a line longer than that is
    an error (``too-large``), read through without being held in memory.
    """
    if id_field == text_field:
        raise ValueError(f"id_field and text_field are both {id_field!r}")
    checking = add is None or (not isinstance(add, str) and not add)
    if jobs > 1 and not checking:
        raise ValueError(f"jobs={jobs}: documents are added one at a time; jobs > 1 needs add=None")
    counters = counters if counters is not None else Counter()
    records = _records(_StreamReader(id_field, text_field, None), stream, name, max_bytes)
    if index.checks_in_pool(jobs):
        outcomes = parallel.imap_ahead(_check_record, records, jobs, index.pool_state())
    else:
        outcomes = (_outcome(index, record, None if checking else add, resume) for record in records)
    for line, raw, item, decision, error, resumed in outcomes:
        if isinstance(item, InputError):
            counters["error"] += 1
            yield FilterItem(line, raw, error=str(item), doc_id=item.doc_id, kind=item.kind)
        elif error is not None:
            counters["error"] += 1
            yield FilterItem(line, raw, error=f"{item.origin}: {error}", doc_id=item.id, kind="duplicate-id")
        else:
            counters[decision.status] += 1
            # (a record stored by an earlier run and decided again was not added by this one)
            counters["resumed" if resumed else "indexed"] += decision.indexed
            yield FilterItem(line, raw, decision=decision, doc_id=item.id)


def _records(reader: _StreamReader, stream: IO[bytes], name: str, max_bytes: int = 0) -> Iterator[tuple]:
    """``(line, raw line, Document or InputError)`` for each non-blank line."""
    current: list = [0, b""]

    def lines() -> Iterator[bytes | BaseException]:
        for n, raw in enumerate(_lines(stream, max_bytes), 1):
            if not isinstance(raw, BaseException):
                current[0], current[1] = n, raw if isinstance(raw, bytes) else b""
            yield raw

    for item in reader._jsonl(lines(), name):
        if isinstance(item, InputError):
            line = item.line or current[0]
            yield line, current[1] if item.line == current[0] else b"", item
        else:
            yield current[0], current[1], item


def _outcome(index: Index, record: tuple, add, resume: bool = False) -> tuple:
    """``record`` with its decision, error (an id already in the index) and whether it was
    decided again (stored by an earlier run: ``resume``) appended."""
    line, raw, item = record
    if isinstance(item, InputError):
        return line, raw, item, None, None, False
    try:
        return line, raw, item, _decide(index, item, add), None, False
    except DocumentExistsError as e:
        again = index.recheck(item) if resume else None
        if again is not None:
            return line, raw, item, again, None, True
        return line, raw, item, None, str(e), False


def _check_record(record: tuple) -> tuple:
    """:func:`_outcome` of a check, in a pool worker, against its own read-only connection
    (:func:`dedup.index.pool_index`)."""
    if isinstance(record[2], InputError):
        return (*record, None, None, False)
    return _outcome(pool_index(), record, None)


def _decide(index: Index, doc: Document, add) -> Decision:
    if add is None or (not isinstance(add, str) and not add):
        return index.check(doc)
    return index.check_and_add(doc, add=add)
