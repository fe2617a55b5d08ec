"""The one record type that flows through every stage."""
from __future__ import annotations

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
