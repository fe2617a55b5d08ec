"""A page's own date, read from its furniture: the publication line a scraped page keeps
("Published 07:12 BST, Tuesday 14 May 2024", "Publicado: 03/06/2024 08:31 | Actualizado:
10:15", "2024年5月14日 15:10").

Stage 1 (:mod:`dedup.normalize`) marks such lines as boilerplate; this reads a date and a
time of day from them, so that a document without a ``date`` field can still be ordered
by when its page says it was published or last updated (a wire's flash before its
updates, which hold all of it and more: the text alone reads the longer one as the
source).  It is used only where the original is ranked (:func:`dedup.api.rank_members`,
:meth:`dedup.Index.check`, ``dedup compare``), and only for a document whose ``date`` is
absent (``Options.page_dates``).

What is read, in the page's first furniture line holding a whole date (a day, a month and
a year) and the furniture lines up to two before and after it in the same block:

* dates with the month in digits: ``2024-05-14``, ``2024/5/14``, ``2024年5月14日``,
  ``2024년 5월 14일``, ``14.05.2024``, ``14/05/2024``, ``14-05-2024``; with the day
  first when both could be the month (``03/06/2024`` is 3 June), else the month first
  when only the first can be (``5/14/2024``);
* dates with the month in words, in any language CLDR names the months of (``months.txt``,
  :file:`tools/make_months.py`): ``14 May 2024``, ``3 de junio de 2024``, ``May 14,
  2024``, ``20. Juni 2024``; years of the Buddhist era (25xx) are counted back 543 years;
* times of day: ``07:12``, ``14h10``, ``9:41 am``, and ``18.05`` on a line with a date.

The latest date and the latest time of those lines make the page's date (an update line
"First published 07:12 · Updated 09:05 BST, 14 May 2024" gives 09:05): naive, with no
time zone (a zone's name is not read), ISO 8601 (``2024-05-14T09:05``, or ``2024-05-14``
without a time).  Digits of other scripts count as their values.  Nothing is read from
the content sentences, and a page with no such line has no date (None)."""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from .document import Span
from .normalize import _ascii_digits

#: a furniture line longer than this is not read (a paragraph that stage 1 called furniture)
MAX_LINE_CHARS = 200
#: furniture lines read before and after the first one holding a date
NEIGHBOURS = 2


@lru_cache(maxsize=1)
def months() -> dict[str, int]:
    """Month names (case-folded, no trailing stop) to their numbers, 1-12."""
    out: dict[str, int] = {}
    path = Path(__file__).with_name("months.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, number = line.split("\t")
            out[name] = int(number)
    return out


def _digits() -> dict[int, int | None]:
    """Every decimal digit of every script to its ASCII digit (a ``str.translate`` table)."""
    return _ascii_digits()


_YEAR = r"(?:19|20|25)\d\d"
# year first: 2024-05-14, 2024/5/14, 2024.05.14, 2024年5月14日, 2024년 5월 14일
_YMD = re.compile(rf"(?<![\d.,])({_YEAR})\s?[-/.\u5e74\ub144]\s?(\d{{1,2}})\s?[-/.\u6708\uc6d4]\s?(\d{{1,2}})(?!\d|[.,]\d)")
# day or month first: 14.05.2024, 14/05/2024, 14-05-2024, 15. 1. 2025
_DMY = re.compile(rf"(?<![\d.,/])(\d{{1,2}})(?:[-/]|\.\s?)(\d{{1,2}})(?:[-/]|\.\s?)({_YEAR})(?!\d|[.,]\d)")
# a month's name: a day, the word and the year ("14 May 2024", "3 de junio de 2024", "20.
# Juni 2024", "30 may. 2024") or the word, the day and the year ("May 14, 2024", "Sept. 3rd
# 2024")
_WORD = r"([^\W\d_]{3,20})\.?"
_DAY_WORD = re.compile(rf"(?<![\d.,])(\d{{1,2}})\.?\s+(?:de\s+)?{_WORD}[,\u060c]?\s+(?:de\s+)?({_YEAR})(?!\d)")
_WORD_DAY = re.compile(rf"(?<![^\W\d_]){_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_YEAR})(?!\d)")
# a time of day: 07:12, 7:12:30, 14h10, 9:41 am (not inside a longer figure)
_TIME = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])\s?(?::|h|\uff1a)\s?([0-5]\d)(?::[0-5]\d)?(?![\d:])"
                   r"(?:\s?([aApP])\.?\s?[mM]\b\.?)?")
# a time written with a stop ("pukul 18.05"), read only on a line holding a date
_DOTTED = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.,])")


def _year(y: int) -> int:
    return y - 543 if y >= 2500 else y  # the Buddhist era's years


def _valid(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(_year(y), m, d)
    except ValueError:
        return None


def line_dates(line: str) -> list[tuple[int, int, _dt.date]]:
    """The whole dates written in ``line`` (digits of any script read as ASCII), each with
    where it is: ``(start, end, date)``, in order."""
    line = line.translate(_digits())
    found: list[tuple[int, int, _dt.date]] = []

    def add(m: re.Match, date: _dt.date | None) -> None:
        if date is not None and not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), date))

    for m in _YMD.finditer(line):
        add(m, _valid(int(m[1]), int(m[2]), int(m[3])))
    for m in _DMY.finditer(line):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        add(m, _valid(y, a, b) if b > 12 >= a else _valid(y, b, a))  # day first unless it cannot be
    names = months()
    for m in _DAY_WORD.finditer(line):
        month = names.get(m[2].casefold())
        if month:
            add(m, _valid(int(m[3]), month, int(m[1])))
    for m in _WORD_DAY.finditer(line):
        month = names.get(m[1].casefold())
        if month:
            add(m, _valid(int(m[3]), month, int(m[2])))
    return sorted(found)


def line_times(line: str, dates: Sequence[tuple[int, int, _dt.date]] = ()) -> list[tuple[int, _dt.time]]:
    """The times of day written in ``line``, each with where it starts, in order; ``dates``:
    the line's dates (:func:`line_dates`), when it has any: a time written with a stop
    ("18.05") then counts too, outside them."""
    line = line.translate(_digits())
    out = []
    for m in _TIME.finditer(line):
        h, mi = int(m[1]), int(m[2])
        if m[3]:  # am / pm
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if m[3] in "pP" else 0)
        out.append((m.start(), _dt.time(h, mi)))
    if dates:
        taken = [(a, b) for a, b, _ in dates] + [(a, a + 1) for a, _ in out]
        for m in _DOTTED.finditer(line):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append((m.start(), _dt.time(int(m[1]), int(m[2]))))
    return sorted(out)


def _stamps(line: str, anchor: _dt.date | None) -> list[tuple[_dt.date, _dt.time | None]]:
    """The dates and times of ``line``: each time with the nearest date before it on the
    line, else the nearest after it ("Updated 13:48 BST Tue 14 May 2024"), else ``anchor``
    (the date of a line nearby: "Erstmeldung 11:47 Uhr"); a date with no time, alone."""
    dates = line_dates(line)
    times = line_times(line, dates)
    out: list[tuple[_dt.date, _dt.time | None]] = []
    timed: set[int] = set()
    for at, t in times:
        before = [k for k, (a, _, _) in enumerate(dates) if a < at]
        k = before[-1] if before else (0 if dates else None)
        if k is None:
            if anchor is not None:
                out.append((anchor, t))
            continue
        timed.add(k)
        out.append((dates[k][2], t))
    out.extend((d, None) for k, (_, _, d) in enumerate(dates) if k not in timed)
    return out


def _furniture_lines(text: str, boilerplate: Sequence[Span]) -> list[tuple[int, str]]:
    """Each furniture line's block number and its text, in order (lines of one span, or of
    spans with nothing but space between them, share a block)."""
    out: list[tuple[int, str]] = []
    block, last_end = -1, None
    for s in boilerplate:
        if last_end is None or text[last_end:s.start].strip():
            block += 1
        last_end = s.end
        for line in text[s.start:s.end].splitlines():
            line = line.strip()
            if line:
                out.append((block, line))
    return out


def _iso(stamp: tuple[_dt.date, _dt.time | None]) -> str:
    d, t = stamp
    return d.isoformat() if t is None else _dt.datetime.combine(d, t).isoformat(timespec="minutes")


def page_dates(text: str, boilerplate: Sequence[Span]) -> tuple[str, str] | None:
    """When the page says it was first published and last updated, as its furniture writes
    it (see the module's text), ISO 8601 without a zone: the earliest and the latest date
    and time of its date lines (the same when it writes one); a date whose line gives no
    time is a day (``2024-05-14``), unless another line gives that day a time.  None when
    no furniture line holds a whole date."""
    lines = _furniture_lines(text, boilerplate)
    for k, (block, line) in enumerate(lines):
        if len(line) <= MAX_LINE_CHARS and line_dates(line):
            break
    else:
        return None
    anchor = line_dates(line)[0][2]
    stamps: list[tuple[_dt.date, _dt.time | None]] = []
    for b, near in lines[max(0, k - NEIGHBOURS): k + NEIGHBOURS + 1]:
        if b == block and len(near) <= MAX_LINE_CHARS:
            stamps.extend(_stamps(near, anchor))
    timed = {d for d, t in stamps if t is not None}  # a day another line gives the time of
    stamps = [(d, t) for d, t in stamps if t is not None or d not in timed]
    order = sorted(stamps, key=lambda s: (s[0], s[1] is not None, s[1] or _dt.time()))
    return _iso(order[0]), _iso(order[-1])


def page_date(text: str, boilerplate: Sequence[Span]) -> str | None:
    """When the page says it was first published (:func:`page_dates`); None when it does not."""
    found = page_dates(text, boilerplate)
    return None if found is None else found[0]


def ranking_dates(dates: Sequence[str | None], page_of: Callable[[int], tuple[str, str] | None],
                  enabled: bool = True) -> tuple[list[str | None], list[str | None]]:
    """The dates the members of a story are ranked by, and the dates that order members of
    the same date: their own ``dates`` (both times); when some are missing and ``enabled``
    (``Options.page_dates``), each missing one taken from its page (``page_of(k)``,
    :func:`page_dates` of member ``k``: when it was first published, then when it was last
    updated: a flash and its updates on the agency's site give the same first time),
    provided every member then has one.  Else the members' own dates alone: a page
    without a date line says nothing of when it came, so the earliest of the others is no
    likelier the first."""
    own = list(dates)
    dated = [d is not None and bool(d.strip()) for d in own]
    if not enabled or all(dated):
        return own, own
    pages = [None if has else page_of(k) for k, has in enumerate(dated)]
    if any(not has and p is None for has, p in zip(dated, pages)):
        return own, own
    return ([d if p is None else p[0] for d, p in zip(own, pages)],
            [d if p is None else p[1] for d, p in zip(own, pages)])
