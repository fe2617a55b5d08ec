"""The one record type that flows through every stage."""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace


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


class CompactDocuments(Sequence[Document]):
    """Documents held with their texts zlib-compressed (about half the memory of the text).

    A large batch holds every text for the whole run (the stages re-read them, the report
    slices them), so they are kept compressed and a text is decompressed when asked for:
    ``docs[i]`` is the full :class:`Document` (a new object each time), ``docs.text(i)``
    its text, ``docs.meta(i)`` the document without its text (``text == ""``: ids, dates,
    no decompression).  Every ``str`` round-trips exactly (lone surrogates included).

    >>> docs = CompactDocuments([Document("a", "Storm floods the old town.")])
    >>> docs[0].text, docs.meta(0).id, len(docs)
    ('Storm floods the old town.', 'a', 1)
    """

    LEVEL = 1  # zlib's fastest level: nearly the ratio of the default at twice the speed

    def __init__(self, docs: Iterable[Document] = ()):
        self._meta: list[Document] = []
        self._packed: list[bytes] = []
        for d in docs:
            self.append(d)

    def append(self, doc: Document) -> None:
        self._packed.append(zlib.compress(doc.text.encode("utf-8", "surrogatepass"), self.LEVEL))
        self._meta.append(replace(doc, text=""))

    def text(self, i: int) -> str:
        return zlib.decompress(self._packed[i]).decode("utf-8", "surrogatepass")

    def meta(self, i: int) -> Document:
        return self._meta[i]

    def __len__(self) -> int:
        return len(self._meta)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return replace(self._meta[i], text=self.text(i))

    def texts_by_id(self) -> "TextsById":
        return TextsById(self)


class TextsById(Mapping[str, str]):
    """``id -> text`` of :class:`CompactDocuments`, each text decompressed when asked for
    (like ``{d.id: d.text for d in docs}``: a repeated id maps to its last document)."""

    def __init__(self, docs: CompactDocuments):
        self._docs = docs
        self._pos = {docs.meta(k).id: k for k in range(len(docs))}

    def __getitem__(self, doc_id: str) -> str:
        return self._docs.text(self._pos[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)
