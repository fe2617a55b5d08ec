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

from .document import Document
from .index import Decision, DocumentExistsError, Index
from .io import STDIN_NAME, InputError, _lines, _Reader


@dataclass
class FilterItem:
    """One input line's outcome: a decision, or an error naming the line."""

    line: int
    raw: bytes  # the input line as read (for passing new documents through unchanged)
    decision: Decision | None = None
    error: str | None = None
    doc_id: str | None = None

    @property
    def status(self) -> str:
        return "error" if self.decision is None else self.decision.status

    def record(self) -> dict:
        if self.decision is None:
            return {"line": self.line, "id": self.doc_id, "status": "error", "error": self.error}
        return {"line": self.line, **self.decision.record()}


class _StreamReader(_Reader):
    """The batch reader's validation, without remembering ids (the index does that)."""

    def _claim(self, doc, path, line):
        return doc


def open_input(path: str, stdin: IO[bytes] | None = None) -> tuple[IO[bytes], str]:
    """A binary stream and its display name for ``path`` (``-``: standard input)."""
    if path == "-":
        import sys

        stream = stdin if stdin is not None else sys.stdin.buffer
        return getattr(stream, "buffer", stream), STDIN_NAME
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb"), path
    return open(path, "rb"), path


def filter_lines(index: Index, stream: IO[bytes], name: str = STDIN_NAME, *,
                 add: Collection[str] | str | None = ("new",), id_field: str = "id",
                 text_field: str = "text", counters: Counter | None = None) -> Iterator[FilterItem]:
    """Check (and, when the status is in ``add``, store) each record of a JSON Lines stream.

    ``add=None`` only checks.  Yields one :class:`FilterItem` per non-blank line, in order.
    """
    if id_field == text_field:
        raise ValueError(f"id_field and text_field are both {id_field!r}")
    counters = counters if counters is not None else Counter()
    reader = _StreamReader(id_field, text_field, None)
    current: list = [0, b""]

    def lines() -> Iterator[bytes | BaseException]:
        for n, raw in enumerate(_lines(stream), 1):
            if not isinstance(raw, BaseException):
                current[0], current[1] = n, raw
            yield raw

    for item in reader._jsonl(lines(), name):
        if isinstance(item, InputError):
            counters["error"] += 1
            yield FilterItem(item.line or current[0], current[1] if item.line == current[0] else b"",
                             error=str(item))
            continue
        line = current[0]
        try:
            decision = _decide(index, item, add)
        except DocumentExistsError as e:
            counters["error"] += 1
            yield FilterItem(line, current[1], error=f"{item.origin}: {e}", doc_id=item.id)
            continue
        counters[decision.status] += 1
        counters["indexed"] += decision.indexed
        yield FilterItem(line, current[1], decision=decision, doc_id=item.id)


def _decide(index: Index, doc: Document, add) -> Decision:
    if add is None or (not isinstance(add, str) and not add):
        return index.check(doc)
    return index.check_and_add(doc, add=add)
