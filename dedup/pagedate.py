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

What is read (:func:`page_dates`), in the page's first publication line (a furniture line
holding a whole date, at most :data:`PUBLICATION_WORDS` other words, not ending like a
sentence, not one of a list of dated links) and the publication lines or lines of times
alone up to :data:`NEIGHBOURS` before and after it in the same block:

* dates with the month in digits: ``2024-05-14``, ``2024/5/14``, ``2024年5月14日``,
  ``2024년 5월 14일``, ``14.05.2024``, ``14/05/2024``, ``14-05-2024``; a date whose two
  numbers could each be the month (``03/06/2024``) is read day first, and also month first
  when nothing on the page tells which (:class:`PageDates`, resolved by the story's other
  pages in :func:`ranking_dates`); a date written with stops is always day first;
* dates with the month in words, in any language CLDR names the months of (``months.txt``,
  :file:`tools/make_months.py`): ``14 May 2024``, ``3 de junio de 2024``, ``May 14,
  2024``, ``20. Juni 2024``, ``11.mar.2025``, the year first (``2025 m. gegužės 27 d.``,
  ``2025 අගෝස්තු 20``), the month's number before a word for "month" (``2025 оны 7-р сарын
  7``), and in scripts written without spaces a month's name glued to such a word
  (``ទី២៣ ខែកញ្ញា ឆ្នាំ២០២៥``, ``၂၀၂၅ ခုနှစ်၊ ဇွန်လ ၂ ရက်``), and CLDR's forms with a hyphen or
  a short word or ending around the numbers (``18-sentabr, 2025-yil``, ``3 ga Yuli, 2025``,
  ``2025eko urtarrilaren 30a``, ``18 de setembre del 2025``, ``18 ta’ Settembru 2025``), an
  abbreviation with stops inside (``18 ก.ย. 2568``), an era before the year, a month's name of
  two or three words (``18 Meán Fómhair 2025``); of the dates Babel writes for one day in
  CLDR's full, long and medium forms of its 331 languages, 806 of 993 are read (694 before
  2026-12-07's seventeenth session; most of the others in languages with few news sites, or
  with the month as a number and a letter, "2025 M09 18"); years of the Buddhist era (25xx) are counted back 543 years;
  when the page writes no whole date, a day and a month without the year ("9 juillet"),
  given the year of the story's other pages (:data:`YEARLESS`);
* times of day: ``07:12``, ``14h10``, ``9:41 am``, ``오후 3:20``, ``6時30分``, and ``18.05``
  on a line with a date (there the day's half may come first, as in Sinhala ``ප.ව. 3.10``,
  in a script other than Latin); each with the date next to it on its line, else the publication
  line's date; when the publication lines hold none, the first line of times alone under
  them (:data:`TIME_LINES`).

The earliest and the latest of those dates and times are when the page was first published
and last updated (an update line "First published 07:12 · Updated 09:05 BST, 14 May 2024"
gives 07:12 and 09:05): naive, with no time zone (a zone's name is not read), ISO 8601
(``2024-05-14T09:05``, or ``2024-05-14`` without a time).  Digits of other scripts count as
their values.  Nothing is read from the content sentences, and a page with no publication
line has no date (None)."""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Callable, NamedTuple, Sequence

import regex

from .document import Span
from .normalize import _ALPHABETIC_SPACELESS, _HAS_YEAR, _ascii_digits, _item_words, token_lists

#: a furniture line longer than this is not read (a paragraph that stage 1 called furniture)
MAX_LINE_CHARS = 200
#: furniture lines read before and after the first one holding a date
NEIGHBOURS = 2


@lru_cache(maxsize=1)
def _month_table() -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    out: dict[str, int] = {}
    prefixes = []
    suffixes = []
    path = Path(__file__).with_name("months.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:  # (the first line, a comment, holds no tab)
            name, number = line.split("\t")
            if name.endswith(" #"):
                prefixes.append(name[:-2])
            elif name.startswith("# "):
                suffixes.append(name[2:])
            else:
                out[name] = int(number)
    return out, tuple(prefixes), tuple(suffixes)


@lru_cache(maxsize=1)
def day_periods() -> dict[str, str]:
    """The words written after a time for before ("am") and after ("pm") noon, in every
    language CLDR knows, without spaces or stops, case-folded (``dayperiods.txt``)."""
    out = {}
    for line in Path(__file__).with_name("dayperiods.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, key = line.split("\t")
            out[word] = key
    return out


# the one or two words after a time (a day period's, "০২:১০ পিএম", "3:20 μ.μ.")
_PERIOD = regex.compile(r"\s?((?:[^\W\d_]|\.)+)(?:\s((?:[^\W\d_]|\.)+))?")


# the word right before a time, where a language writes the day's half first ("ප.ව. 3.10",
# Sinhala: p.m.)
_PERIOD_BEFORE = regex.compile(r"(?<![^\W\d_]|\.)((?:[^\W\d_]|\.)+)\s?$")


def _period_before(line: str, at: int) -> str | None:
    """"am" or "pm" when the word right before ``at`` (a time) is a day period's, in a script
    other than Latin (there "de", "to" or "od" before a time are everyday words: "de 10:00
    a 12:00")."""
    m = _PERIOD_BEFORE.search(line, 0, at)
    if m is None or m[1].isascii() or regex.search(r"\p{Latin}", m[1]):
        return None
    return day_periods().get(m[1].replace(".", "").casefold())


def _period(line: str, at: int) -> str | None:
    """"am", "pm" or "night" when the words at ``at`` (after a time) are a day period's."""
    m = _PERIOD.match(line, at)
    if m is None:
        return None
    table = day_periods()
    one = m[1].replace(".", "").casefold()
    two = one + (m[2] or "").replace(".", "").casefold()
    if m[2] and two in table:
        return table[two]
    if one in table:
        return table[one]
    # (or the second word after a short one: "4:40 na yamma", Hausa: in the evening)
    return table.get(m[2].replace(".", "").casefold()) if m[2] and len(one) <= 3 else None


def months() -> dict[str, int]:
    """Month names (case-folded, no trailing stop) to their numbers, 1-12."""
    return _month_table()[0]


@lru_cache(maxsize=1)
def _numbered_month():
    """A date written with a word before the month's number ("ngày 13 tháng 1 năm 2025",
    "13 tháng 1, 2025": the words CLDR writes so, ``months.txt``'s "tháng #"): day, month,
    year."""
    words = "|".join(regex.escape(w) for w in sorted(_month_table()[1], key=len, reverse=True)) or "(?!)"
    return regex.compile(rf"(?<![\d.,])(\d{{1,2}})\s+(?i:{words})\.?\s+(\d{{1,2}})(?:\s+[^\W\d_]{{1,5}})?,?\s+({_YEAR})(?!\d)")


@lru_cache(maxsize=1)
def _month_numbered():
    """A date written year first with the month's number before a word (CLDR's "7-р сар",
    ``months.txt``'s "# сар"), inflected or not: "2025 оны 7-р сарын 7", "2025 оны 7 сарын
    8" (Mongolian): year, month, day."""
    words = "|".join(regex.escape(w) for w in sorted(_month_table()[2], key=len, reverse=True)) or "(?!)"
    return regex.compile(rf"(?<![\d.,])({_YEAR})\s+(?:[^\W\d_]{{1,4}}\s+)?(\d{{1,2}})(?:-[^\W\d_]{{1,3}})?\s+"
                         rf"(?i:{words})[^\W\d_]{{0,3}}\s+(\d{{1,2}})(?!\d|[.,:]\d)")


#: in a script written without spaces (Khmer, Burmese, Lao, Thai), a month's name may be
#: glued to at most this many characters of a word for "month" ("ខែកញ្ញា", Khmer: month
#: September; "ဇွန်လ", Burmese: June month)
GLUE_CHARS = 3


@lru_cache(maxsize=1)
def _spaceless_months() -> tuple[tuple[str, int], ...]:
    """The month names of scripts written without spaces, longest first (two characters or
    more)."""
    names = [(n, k) for n, k in months().items() if len(n) >= 2 and _ALPHABETIC_SPACELESS.match(n)]
    return tuple(sorted(names, key=lambda nk: (-len(nk[0]), nk[0])))


def _glued_month(run: str | None) -> int | None:
    """The month a word of a script written without spaces names, its name at its start or
    end with at most :data:`GLUE_CHARS` other characters."""
    if not run or not _ALPHABETIC_SPACELESS.match(run):
        return None
    for name, number in _spaceless_months():
        if len(run) - len(name) <= GLUE_CHARS and (run.startswith(name) or run.endswith(name)):
            return number
    return None


def _month_named(names: dict[str, int], word: str) -> int | None:
    """The month ``word`` names, or the month it names with an ending of up to three letters
    after the name ("urtarrilaren": Basque's "urtarrila" and "-ren", as CLDR writes its
    dates), or, in a script other than Latin, with one letter before it."""
    folded = _folded(word)
    if folded.endswith("'") and not folded.isascii():  # (an apostrophe for Hebrew's geresh: "נוב'")
        folded = folded[:-1] + "\u05f3"
    if folded in names:
        return names[folded]
    for cut in range(1, 4):
        if len(folded) - cut >= 3 and folded[:len(folded) - cut] in names:
            return names[folded[:len(folded) - cut]]
    # (or a letter before it in a script other than Latin: Hebrew's "בספטמבר", in September)
    if not folded.isascii() and len(folded) >= 4 and folded[1:] in names and not regex.match(r"\p{Latin}", folded):
        return names[folded[1:]]
    return None


@lru_cache(maxsize=1)
def _phrase_dates() -> tuple:
    """Dates with a month's name of two or three words (``months.txt``: "meán fómhair", Irish;
    "oṣù owewe", Yoruba; "есдүгээр сар", Mongolian, its ending after it, "сарын"): the day
    first ("18 Meán Fómhair 2025") or the year first ("2025 оны есдүгээр сарын 18")."""
    names = sorted((n for n in months() if " " in n), key=len, reverse=True)
    alt = "|".join(regex.escape(n).replace("\\ ", "\\s+") for n in names) or "(?!)"
    day_first = regex.compile(rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th|\.)?,?\s+{_JOIN}(?i:({alt}))[^\W\d_]{{0,3}}"
                              rf"[,\u060c]?\s+{_JOIN}{_ERA}({_YEAR})(?!\d)")
    year_first = regex.compile(rf"(?<![\d.,])({_YEAR})(?:-?[^\W\d_]{{1,4}})?\.?,?\s+(?:[^\W\d_]{{1,4}}\.?\s+)?"
                               rf"(?i:({alt}))[^\W\d_]{{0,3}},?\s+(\d{{1,2}})(?!\d)")
    return day_first, year_first


def _folded(word: str) -> str:
    """A month's name as ``months.txt`` writes it: case-folded, without zero-width joiners."""
    return word.casefold().replace("\u200d", "")


def _digits() -> dict[int, int | None]:
    """Every decimal digit of every script to its ASCII digit (a ``str.translate`` table)."""
    return _ascii_digits()


_YEAR = r"(?:19|20|25)\d\d"
# year first: 2024-05-14, 2024/5/14, 2024.05.14, 2024年5月14日, 2024년 5월 14일
_YMD = re.compile(rf"(?<![\d.,])({_YEAR})\s?[-/.\u5e74\ub144]\s?(\d{{1,2}})\s?[-/.\u6708\uc6d4]\s?(\d{{1,2}})(?!\d|[.,]\d)")
# day or month first: 14.05.2024, 14/05/2024, 14-05-2024, 15. 1. 2025
# (a right-to-left mark around its separators, as Arabic pages write it: "18\u200f/09\u200f/2025")
_DMY = re.compile(rf"(?<![\d.,/])(\d{{1,2}})[\u200e\u200f\u061c]?(?:[-/]|\.\s?)[\u200e\u200f\u061c]?(\d{{1,2}})"
                  rf"[\u200e\u200f\u061c]?(?:[-/]|\.\s?)[\u200e\u200f\u061c]?({_YEAR})(?!\d|[.,]\d)")
# (the patterns holding a month's name use the regex module, whose \w holds a script's
# vowel signs and other combining marks: "22 अगस्त 2024")
# a month's name: a day, the word and the year ("14 May 2024", "3 de junio de 2024", "20.
# Juni 2024", "30 may. 2024") or the word, the day and the year ("May 14, 2024", "Sept. 3rd
# 2024")
# (a zero-width joiner inside: Sinhala's "අප්‍රේල්"; an abbreviation with stops inside, Thai's
# "ก.ย." and Lao's "ກ.ຍ."; Devanagari's abbreviation sign after it, "सित॰", or Hebrew's geresh,
# "בספט׳", "בנוב'"; two letters and a stop in a script other than Latin, Tamil's "நவ.")
_WORD = (r"((?:[^\W\d_]|\u200d){3,20}[\u0970\u05f3']?|[^\W\d_]{1,3}(?:\.[^\W\d_]{1,3}){1,2}"
         r"|(?![A-Za-z])[^\W\d_]{2}(?=\.))\.?")
# a short word or two between the parts of a date ("3 de junio de 2024", "18 de setembre del
# 2025", "18 ta’ Settembru 2025", "3 ga Yuli, 2025"), or an era's abbreviation before the year
# ("18 กันยายน ค.ศ. 2025")
_JOIN = r"(?:[^\W\d_]{1,3}[\u2019']?\s+|[^\W\d_]{1,4}[\u2019'](?=[^\W\d_])){0,2}"  # (or elided and glued: "d’octubre")
_ERA = r"(?:[^\W\d_]{1,2}\.[^\W\d_]{1,2}\.\s+)?"
# (or written with stops and no spaces: "11.mar.2025")
# (or a hyphen between the day and the month, a word for "year" after the year, as CLDR writes
# Uzbek dates: "18-sentabr, 2025-yil"; a short word between the day and the month: "3 de
# junio de 2024", "3 ga Yuli, 2025")
_DAY_WORD = regex.compile(rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th|\.)?,?(?:\s+|(?<=\.)|-){_JOIN}{_WORD}[,\u060c]?"
                          rf"(?:\s+|(?<=\.)){_JOIN}{_ERA}({_YEAR})(?:-[^\W\d_]{{1,4}})?(?!\d)")
# the year first, then the day and the month's name, a short word between them or none:
# "2024. gada 14. novembris", "2025 m. gegužės 27 d.", "2024. november 14."; a word for "year"
# after the year, glued or after a hyphen, and the day and the month with a hyphen between them
# or a short ending after them: "2025-yil 18-sentabr", "2025eko urtarrilaren 30a" (Basque: the
# month's name and "-ren", the day and "-a")
_YEAR_WORD = regex.compile(rf"(?<![\d.,])({_YEAR})(?:-?[^\W\d_]{{1,7}})?\.?,?\s+(?:[^\W\d_]{{1,4}}\.?\s+)?"
                        rf"(?:(\d{{1,2}})(?:\.?\s+|-){_WORD}|{_WORD},?\s+(\d{{1,2}})[^\W\d_]?\.?)(?![\d])")
_WORD_DAY = regex.compile(rf"(?<![^\W\d_]){_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+|\s[-\u2013]\s)({_YEAR})(?!\d)")
# a day and a month's name without a year, read only when a page writes no whole date:
# "9 juillet", "3 de junio", "May 14", "5月14日", "5월 14일" (see YEARLESS)
_DAY_MONTH = regex.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?([^\W\d_]{3,20})\.?(?![^\W\d_])")
_MONTH_DAY = regex.compile(r"(?<![^\W\d_])([^\W\d_]{3,20})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:.h]|,\d)")
# a date with a year of two digits, read as one without its year (the story's other pages
# tell the century, or the era: "68" of the Buddhist era is 2025): the day, the month in
# digits and the year with stops between them ("12.11.25"; not with slashes, which pages
# write month first too), or the day, the month's name and the year ("19 ก.ย. 68", "5 Mar 25")
_DMY_SHORT = re.compile(r"(?<![\w.,/])(\d{1,2})\.\s?(\d{1,2})\.\s?\d\d(?![\d]|[.,]\d)")
_DAY_WORD_SHORT = regex.compile(rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+{_WORD},?\s+[\u2019']?\d\d(?![\d]|[.,]\d)")
# a year of an era East Asian pages count from: the Republic of China's (Taiwan, "中華民國114年1月
# 14日": 2025) and Japan's Reiwa and Heisei ("令和7年1月14日"), with the year the era's year 0 is
_ERA_YEARS = {"民國": 1911, "民国": 1911, "令和": 2018, "平成": 1988}
_ERA_DATE = regex.compile(rf"(?:中華)?({'|'.join(_ERA_YEARS)})\s?(\d{{1,3}})\s?年\s?(\d{{1,2}})\s?月\s?(\d{{1,2}})\s?日")
_CJK_MONTH_DAY = regex.compile("(?<!\\d)(\\d{1,2})\\s?[\u6708\uc6d4]\\s?(\\d{1,2})\\s?[\u65e5\uc77c]")
# such a date, the words around its numbers glued to them or not: a day, the month's word
# (and another word: "ឆ្នាំ", year), the year ("ទី២៣ ខែកញ្ញា ឆ្នាំ២០២៥", Khmer: the 23rd,
# month September, year 2025); or the year, a word or none, the month's word, the day
# ("၂၀၂၅ ခုနှစ်၊ ဇွန်လ ၂ ရက်", Burmese: 2025 year, June month, 2 day)
_SEP = r"[\s\p{P}]{0,3}"
_RUN = r"([^\W\d_]+)"
_GLUED_DMY = regex.compile(rf"(?<![\d.,])(\d{{1,2}}){_SEP}{_RUN}(?:{_SEP}{_RUN})?{_SEP}({_YEAR})(?!\d)")
_GLUED_YMD = regex.compile(rf"(?<![\d.,])({_YEAR}){_SEP}{_RUN}(?:{_SEP}{_RUN})?{_SEP}(\d{{1,2}})(?!\d|[.,:]\d)")
#: the year a date written without one is given until the story's other pages tell it (a
#: leap year, for 29 February): such a page's dates are written ``--07-09T22:04``
YEARLESS = 4

# a time of day: 07:12, 7:12:30, 14h10, 10 h 12, 9:41 am, 11:52 a.m., 오후 2:35, 下午3:20 (not
# inside a longer figure; see also _CJK_TIME)
_AFTERNOON = "\uc624\ud6c4|\u5348\u5f8c|\u4e0b\u5348"  # 오후 午後 下午
_MORNING = "\uc624\uc804|\u5348\u524d|\u4e0a\u5348"  # 오전 午前 上午
_TIME = re.compile(rf"(?:({_AFTERNOON}|{_MORNING})\s?)?(?<![\d.,:])([01]?\d|2[0-3])\s?(?::|h|\uff1a)\s?([0-5]\d)"
                   r"(?::[0-5]\d)?(?![\d:])(?:\s?([aApP])\.?\s?[mM]\b\.?)?")
# a time written with the words for hour and minute: 6時30分, 午前9時40分, 오후 3시 20분
_CJK_TIME = re.compile(rf"(?:({_AFTERNOON}|{_MORNING})\s?)?(?<!\d)([01]?\d|2[0-3])\s?[\u6642\uc2dc]\s?([0-5]?\d)\s?[\u5206\ubd84]")
# a currency's sign or a percent sign right before or after a figure (see line_times)
_MONEY = regex.compile(r"[\p{Sc}%\u066a\u2030]")
# a time written with a stop ("pukul 18.05"), read only on a line holding a date
_DOTTED = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])\.([0-5]\d)(?:\.[0-5]\d)?(?![\d.,])")  # (seconds too: "14.40.00")
# a line that ends a sentence: a stop after a word of four letters or more ("... by the
# Briefline team."), not after a number or an abbreviation ("2025 г.", "a.m.")
_SENTENCE_END = re.compile(r"[^\W\d_]{4,}[.!?\u3002\uff01\uff1f]$")

#: a publication line holds at most this many words besides its dates and times
#: ("Publié le 11/02/2025 à 07h30 · Mis à jour le 12/02/2025 à 10h15": 8), more than a
#: dated headline in a list of links or a credit line ("Originally published by ... on ...")
PUBLICATION_WORDS = 8
#: a line outside the furniture of this many characters or more, ending like a sentence,
#: is the article's running text (see _body_start): publication lines above it are the
#: page's header
BODY_CHARS = 80
#: when the publication line and its neighbours hold no time, the first line of times alone
#: among this many furniture lines after it gives the times (a date in a page's top bar, the
#: times under the headline: "Pubblicato alle 06:48 | Aggiornato alle 09:20")
TIME_LINES = 8
#: a line of a list of dated links holds at least this many words besides its date, as the
#: line before or after it does (three dated lines in a row, whatever their words, are a
#: table's column or a list, too)
LIST_WORDS = 3
#: a page holding this many furniture lines of a time alone ("12:35", "11:52") is a live
#: page's list of entries, each under its time: none of those times says when the page was
#: published (a copy of a live page's latest entries, under its own date line, would
#: otherwise take its first entry's time; blind76)
ENTRY_TIMES = 3


def _year(y: int) -> int:
    return y - 543 if y >= 2500 else y  # the Buddhist era's years


def _valid(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(_year(y), m, d)
    except ValueError:
        return None


def numeric_order(line: str) -> tuple[bool, bool, bool]:
    """What ``line``'s dates with the month in digits, day or month first, say of how the page
    writes them: ``(day first, month first, ambiguous)``: a date whose first number is above
    12 is written day first, one whose second is, month first, and one whose two numbers
    could each be the month (and differ) could be either; a date written with stops
    (``03.04.2025``) is day first wherever it is written, and says nothing."""
    line = line.translate(_digits())
    day = month = either = False
    for m in _DMY.finditer(line):
        a, b = int(m[1]), int(m[2])
        if "." in m[0]:  # 14.05.2024: day first wherever it is written
            continue
        day |= a > 12 >= b
        month |= b > 12 >= a
        either |= a <= 12 and b <= 12 and a != b
    return day, month, either


def line_dates(line: str, month_first: bool = False, yearless: bool = False) -> list[tuple[int, int, _dt.date]]:
    """The whole dates written in ``line`` (digits of any script read as ASCII), each with
    where it is: ``(start, end, date)``, in order.  A date with the month in digits whose
    two numbers could each be the month is read day first, or (``month_first``) month first;
    one whose first number cannot be the month, day first, and the other way round.
    ``yearless``: read only dates written without a year (a day and a month's name), or
    with a year of two digits (:data:`_DMY_SHORT`, :data:`_DAY_WORD_SHORT`), in year
    :data:`YEARLESS`."""
    line = line.translate(_digits())
    found: list[tuple[int, int, _dt.date]] = []
    # (every whole date holds a year's four digits, or an era's year: most lines hold neither)
    if not yearless and _HAS_YEAR.search(line) is None and _ERA_DATE.search(line) is None:
        return found

    def add(m: re.Match, date: _dt.date | None) -> None:
        if date is not None and not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), date))

    if yearless:
        names = months()
        for m in _CJK_MONTH_DAY.finditer(line):
            add(m, _valid(YEARLESS, int(m[1]), int(m[2])))
        for m in _DAY_WORD_SHORT.finditer(line):
            month = _month_named(names, m[2])
            if month:
                add(m, _valid(YEARLESS, month, int(m[1])))
        for m in _DMY_SHORT.finditer(line):
            add(m, _valid(YEARLESS, int(m[2]), int(m[1])))
        for m in _DAY_MONTH.finditer(line):
            if names.get(_folded(m[2])):
                add(m, _valid(YEARLESS, names[_folded(m[2])], int(m[1])))
        for m in _MONTH_DAY.finditer(line):
            if names.get(_folded(m[1])):
                add(m, _valid(YEARLESS, names[_folded(m[1])], int(m[2])))
        return sorted(found)
    for m in _ERA_DATE.finditer(line):
        add(m, _valid(_ERA_YEARS[m[1]] + int(m[2]), int(m[3]), int(m[4])))
    for m in _YMD.finditer(line):
        add(m, _valid(int(m[1]), int(m[2]), int(m[3])))
    for m in _DMY.finditer(line):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        # day first unless it cannot be, or the page writes it month first (never with stops)
        add(m, _valid(y, a, b) if b > 12 >= a or (month_first and a <= 12 and "." not in m[0]) else _valid(y, b, a))
    names = months()
    for m in _DAY_WORD.finditer(line):
        month = _month_named(names, m[2])
        if month:
            add(m, _valid(int(m[3]), month, int(m[1])))
    for m in _WORD_DAY.finditer(line):
        month = _month_named(names, m[1])
        if month:
            add(m, _valid(int(m[3]), month, int(m[2])))
    for m in _numbered_month().finditer(line):
        add(m, _valid(int(m[3]), int(m[2]), int(m[1])))
    for m in _YEAR_WORD.finditer(line):
        month = _month_named(names, m[3] or m[4])
        if month:
            add(m, _valid(int(m[1]), month, int(m[2] or m[5])))
    for m in _month_numbered().finditer(line):
        add(m, _valid(int(m[1]), int(m[2]), int(m[3])))
    if " " in line:
        day_first, year_first = _phrase_dates()
        for m in day_first.finditer(line):
            month = names.get(_folded(" ".join(m[2].split())))
            if month:
                add(m, _valid(int(m[3]), month, int(m[1])))
        for m in year_first.finditer(line):
            month = names.get(_folded(" ".join(m[2].split())))
            if month:
                add(m, _valid(int(m[1]), month, int(m[3])))
    if _ALPHABETIC_SPACELESS.search(line):
        for m in _GLUED_DMY.finditer(line):
            month = _glued_month(m[2]) or _glued_month(m[3])
            if month:
                add(m, _valid(int(m[4]), month, int(m[1])))
        for m in _GLUED_YMD.finditer(line):
            month = _glued_month(m[3]) or _glued_month(m[2])
            if month:
                add(m, _valid(int(m[1]), month, int(m[4])))
    return sorted(found)


def line_times(line: str, dates: Sequence[tuple[int, int, _dt.date]] = ()) -> list[tuple[int, int, _dt.time]]:
    """The times of day written in ``line``, each with where it is, ``(start, end, time)``,
    in order; ``dates``: the line's dates (:func:`line_dates`), when it has any: a time
    written with a stop ("18.05") then counts too, outside them."""
    line = line.translate(_digits())
    out = []
    for m in chain(_TIME.finditer(line), _CJK_TIME.finditer(line)):
        h, mi = int(m[2]), int(m[3])
        # am / pm, a word before it that says which half of the day, or a language's word
        # for it after it (dayperiods.txt)
        after = _period(line, m.end()) if not (m.re is _TIME and m[4]) and not m[1] and 1 <= h <= 12 else None
        if after is None and dates and not (m.re is _TIME and m[4]) and not m[1] and 1 <= h <= 12:
            after = _period_before(line, m.start())
        if (m.re is _TIME and m[4]) or m[1] or after:
            if not 1 <= h <= 12:
                continue
            # (a word for the night: the evening's hours after 6, the small hours before)
            pm = ((m.re is _TIME and (m[4] or "a") in "pP") or after == "pm" or (after == "night" and 6 <= h <= 11)
                  or (m[1] is not None and re.fullmatch(_AFTERNOON, m[1]) is not None))
            h = h % 12 + (12 if pm else 0)
        out.append((m.start(), m.end(), _dt.time(h, mi)))
    if dates:
        taken = [(a, b) for a, b, _ in dates] + [(a, b) for a, b, _ in out]
        for m in _DOTTED.finditer(line):
            # (not an amount of money or a share: "דולר 3.28 ₪", "$ 4.15", "2.35 %")
            if not any(a < m.end() and m.start() < b for a, b in taken) and _MONEY.search(
                    line[max(0, m.start() - 2):m.start()] + "|" + line[m.end():m.end() + 2]) is None:
                h = int(m[1])
                half = _period(line, m.end()) or _period_before(line, m.start())
                if 1 <= h <= 12 and (half == "pm" or (half == "night" and 6 <= h <= 11)):
                    h = h % 12 + 12
                out.append((m.start(), m.end(), _dt.time(h, int(m[2]))))
    return sorted(out)


# a separator between the cells of a furniture line: "Community release | 02/10/2024 13:40 | Source: ..."
_CELL = re.compile(r"\s[|\u2022\u00b7\u2016]\s")


def _other_words(line: str, spans: Sequence[tuple[int, int]]) -> float:
    """How many words ``line`` holds outside ``spans`` (its dates and times), a character of a
    script written without spaces counting a fraction (as stage 1's short-line limits do);
    of a line of cells (:data:`_CELL`), only the cells holding a date or time count.

    >>> _other_words("Community release | 02/10/2024 13:40 | Source: a wire via a desk", [(20, 30), (31, 36)])
    0
    """
    if spans and _CELL.search(line):
        cells, at = [], 0
        for m in [*_CELL.finditer(line), None]:
            end = m.start() if m else len(line)
            if any(a < end and b > at for a, b in spans):
                cells.append((at, end))
            at = m.end() if m else at
        if cells:  # the words of those cells, the others blanked
            kept = [" "] * len(line)
            for a, b in cells:
                kept[a:b] = line[a:b]
            line = "".join(kept)
    rest, at = [], 0
    for a, b in sorted(spans):
        rest.append(line[at:a])
        at = max(at, b)
    rest.append(line[at:])
    names = months()  # (a month's name in a date without its year is no word here either)
    # (nor a letter alone: "a las 07:35 h", "à 22h04")
    words = [w for w in token_lists(" ".join(rest))[2]
             if not w.isdigit() and w not in names and (len(w) > 1 or not w.isascii())]
    return _item_words(words)


_HALF_WORDS = regex.compile(r"\s?((?:[^\W\d_]|[.'\u2019])+)(?:\s((?:[^\W\d_]|[.'\u2019])+))?")


def _unknown_half(line: str, start: int, end: int, t: _dt.time) -> bool:
    """A time of 1 to 12 o'clock without a leading zero (``t``, at ``start:end`` in ``line``)
    followed by one or two words of three letters or more in all, in lower case or of a script
    without capitals, that no language writes for a half of the day: likely one that says which half
    it is in words dedup does not know ("03/07/2025 | 2:15 na rana", Hausa: in the
    afternoon), so the time is not read (its page compares by day).  ("05:52 h", "09:30
    Uhr", "10:15 GMT", and a time with a date after it, "11:20 thứ Hai, ngày 13 tháng 1 năm
    2025", stay.)  Digits of other scripts are ASCII here, as :func:`line_times`
    reads them."""
    if t.hour > 12 or t.hour == 0:
        return False
    line = line.translate(_digits())
    if line[start:start + 1] == "0" or not line[start:start + 1].isdigit():
        return False
    m = _HALF_WORDS.match(line, end)  # (one or two words, an apostrophe in them: "ta’ filgħaxija")
    if (m is None or _period(line, end) is not None or _period_before(line, start) is not None
            or m[1][0].isupper()):
        return False
    # (words before a date are its day's name: "Cập nhật: 11:20 thứ Hai, ngày 13 tháng 1 năm 2025")
    if any(c.isdigit() for c in line[end:]):
        return False
    letters = sum(c.isalpha() for c in m[1] + (m[2] or ""))
    return letters >= 3 and (not m[1][0].isascii() or m[1][0].islower())


class _Line(NamedTuple):
    block: int
    stamps: list[tuple[_dt.date, _dt.time | None]]  # (date, None) for a date alone
    dated: bool  # holds a whole date
    timed: bool  # holds a time of day
    words: float  # words besides its dates and times
    sentence: bool  # ends like a sentence


def _read(block: int, line: str, month_first: bool, yearless: bool = False) -> _Line:
    dates = line_dates(line, month_first, yearless)
    # (a line with no whole date may write its times' days without the year: "mis à jour
    # le 10 juillet à 07h15", given the year of the publication line nearby)
    days = dates or line_dates(line, yearless=True)
    times = [t for t in line_times(line, days) if not _unknown_half(line, *t)]
    stamps: list[tuple[_dt.date, _dt.time | None]] = []
    timed: set[int] = set()
    for at, _, t in times:  # each time with the nearest date before it, else after it
        before = [k for k, (a, _, _) in enumerate(days) if a < at]
        k = before[-1] if before else (0 if days else None)
        if k is not None:
            timed.add(k)
            stamps.append((days[k][2], t))
        else:
            stamps.append((None, t))  # a time alone: the date of a line nearby
    stamps.extend((d, None) for k, (_, _, d) in enumerate(dates) if k not in timed)
    spans = [(a, b) for a, b, _ in days] + [(a, b) for a, b, _ in times]
    # (a date without its year counts only with a time of day beside it: "Publié le 9 juillet
    # à 22h04", not a teaser's "... træder i kraft 1. april")
    return _Line(block, stamps, bool(dates) and (bool(times) or not yearless), bool(times), _other_words(line, spans) if dates or times else 0.0,
                 _SENTENCE_END.search(line) is not None)


def _body_start(text: str, boilerplate: Sequence[Span]) -> int:
    """Where the article's running text starts: the first line outside the furniture of at
    least :data:`BODY_CHARS` characters ending like a sentence, or twice that long (a
    character of a script written without spaces counting three); the text's end if none."""
    at = 0
    for s in [*boilerplate, Span(len(text), len(text))]:
        for line in text[at:s.start].splitlines(keepends=True):
            stripped = line.strip()
            size = len(stripped) if stripped.isascii() else sum(3 if ch >= "\u2e80" and ch.isalpha() else 1
                                                                  for ch in stripped)
            if size >= 2 * BODY_CHARS or (size >= BODY_CHARS and stripped[-1] in ".!?\u3002\uff01\uff1f\u0964\u06d4"):
                return at + line.find(stripped)
            at += len(line)
        at = s.end
    return len(text)


def _furniture_lines(text: str, boilerplate: Sequence[Span]) -> list[tuple[int, str, bool]]:
    """Each furniture line's block number, its text and whether it is above the article's
    running text (:func:`_body_start`), in order (lines of one span, or of spans with
    nothing but space between them, share a block), lines longer than
    :data:`MAX_LINE_CHARS` left out."""
    out: list[tuple[int, str, bool]] = []
    body = _body_start(text, boilerplate)
    block, last_end = -1, None
    for s in boilerplate:
        if last_end is None or text[last_end:s.start].strip():
            block += 1
        last_end = s.end
        for line in text[s.start:s.end].splitlines():
            line = line.strip()
            if line and len(line) <= MAX_LINE_CHARS:
                out.append((block, line, s.start < body))
    return out


def _iso(stamp: tuple[_dt.date, _dt.time | None]) -> str:
    d, t = stamp
    out = d.isoformat() if t is None else _dt.datetime.combine(d, t).isoformat(timespec="minutes")
    return "--" + out[5:] if d.year == YEARLESS else out


def _near(day: _dt.date | None, anchor: _dt.date) -> _dt.date:
    """``day`` of a line near the publication line: ``anchor`` when None, and in the year
    nearest ``anchor`` when written without one (:data:`YEARLESS`; not when ``anchor`` is
    year-less too)."""
    if day is None:
        return anchor
    if day.year != YEARLESS or anchor.year == YEARLESS:
        return day
    options = [d for d in (_valid(y, day.month, day.day) for y in (anchor.year - 1, anchor.year, anchor.year + 1)) if d]
    return min(options, key=lambda d: abs((d - anchor).days))


def _dates(lines: Sequence[tuple[int, str, bool]], month_first: bool, yearless: bool = False) -> tuple[str, str] | None:
    """:func:`page_dates` with one reading of dates that could be written either way
    (``yearless``: of dates written without a year alone)."""
    read = [_read(block, line, month_first, yearless) for block, line, _ in lines]

    def listed(k: int) -> bool:  # a line of a list of dated links, or of a table's column of dates
        def dated(j: int) -> bool:
            return 0 <= j < len(read) and read[j].block == read[k].block and read[j].dated

        def item(j: int) -> bool:
            return dated(j) and read[j].words >= LIST_WORDS

        def apart(j: int) -> bool:  # (a publication line and its update line give one day, with times)
            days_k = {d for d, t in read[k].stamps if t is not None}
            return not (days_k and days_k == {d for d, t in read[j].stamps if t is not None})
        return (item(k) and ((item(k - 1) and apart(k - 1)) or (item(k + 1) and apart(k + 1)))) or (
            dated(k) and any(dated(k + a) and dated(k + b) for a, b in ((-2, -1), (-1, 1), (1, 2))))

    def publication(k: int) -> bool:
        r = read[k]
        return r.dated and r.words <= PUBLICATION_WORDS and not r.sentence and not listed(k)

    def time_only(k: int) -> bool:  # a line holding times alone ("Erstmeldung 11:47 Uhr")
        r = read[k]
        return (not r.dated and r.timed and r.words <= PUBLICATION_WORDS and not r.sentence and not timed_item(k)
                and not (entries and bare(k)))

    def bare(k: int) -> bool:  # a time and nothing else
        r = read[k]
        return not r.dated and r.timed and r.words == 0 and len(r.stamps) == 1

    entries = sum(1 for k in range(len(read)) if bare(k)) >= ENTRY_TIMES

    def timed_item(k: int) -> bool:  # a live page's list of its latest posts: "10:05am  Bus lane cameras
        # switched on in Brackenford" over "11:15am  Lorry fire closes ring road" (each a time and
        # LIST_WORDS words or more, as the line before or after it)
        def item(j: int) -> bool:
            return (0 <= j < len(read) and read[j].block == read[k].block and read[j].timed
                    and not read[j].dated and read[j].words >= LIST_WORDS)
        return item(k) and (item(k - 1) or item(k + 1))

    stamps: list[tuple[_dt.date, _dt.time | None]] = []
    bar: list[tuple[_dt.date, _dt.time | None]] = []  # of the page's first block, if others follow
    header = [k for k in range(len(read)) if lines[k][2]]
    if any(publication(k) for k in header):
        # above the article: every publication line (a top bar's date, which may be the
        # day the page was viewed, and the byline's), and the lines of times alone, each
        # with the date of the publication line last above it (else the first one's)
        anchor = next(d for k in header if publication(k) for d, _ in read[k].stamps if d is not None)
        for k in header:
            if publication(k):
                anchor = next(d for d, _ in read[k].stamps if d is not None)
            if publication(k) or time_only(k):
                stamps.extend((_near(d, anchor), t) for d, t in read[k].stamps)
        # a top bar (the page's first block, above the headline) may show when the page was
        # viewed, with the time: it says when the page was first published no later than
        # that, but not when it was last updated, which the lines under the headline say
        if any(publication(k) and read[k].block > read[0].block for k in header):
            bar = [(_near(d, anchor), t) for k in header if read[k].block == read[0].block
                   and (publication(k) or time_only(k)) for d, t in read[k].stamps]
    else:
        first = next((k for k in range(len(read)) if publication(k)), None)
        if first is None:
            return None
        block = read[first].block
        anchor = next(d for d, _ in read[first].stamps if d is not None)
        for k in range(max(0, first - NEIGHBOURS), min(len(read), first + NEIGHBOURS + 1)):
            if read[k].block == block and (publication(k) or time_only(k)):
                stamps.extend((_near(d, anchor), t) for d, t in read[k].stamps)
        if all(t is None for _, t in stamps):  # the date in a top bar, the times by the byline
            later = next((k for k in range(first + 1, min(len(read), first + TIME_LINES + 1)) if time_only(k)), None)
            if later is not None:
                stamps.extend((_near(d, anchor), t) for d, t in read[later].stamps)
    timed = [(d, t) for d, t in stamps if t is not None]
    last = [stamp for stamp in timed if stamp not in bar] or timed
    days = {d for d, _ in timed}  # a day another line gives the time of
    stamps = [(d, t) for d, t in stamps if t is not None or d not in days]
    order = sorted(stamps, key=lambda s: (s[0], s[1] is not None, s[1] or _dt.time()))
    # (the last update: the latest time given, a date alone only when none is: a top bar's
    # date with no time may be the day the page was viewed)
    return _iso(order[0]), _iso(max(last) if last else order[-1])


def _times_only(lines: Sequence[tuple[int, str, bool]]) -> tuple[str, str] | None:
    """For a page writing no date at all, the times of its first line of times alone above
    the article ("Erstmeldung 11:47 Uhr · Aktualisiert 12:20 Uhr"), written ``T11:47`` (no
    day: :func:`ranking_dates` gives it the day of a page of the story first published at
    that same time, as an agency's update page repeats its flash's); None when it has none."""
    for block, line, header in lines:
        if not header:
            continue
        r = _read(block, line, False)
        if not r.dated and r.timed and r.words <= PUBLICATION_WORDS and not r.sentence:
            times = sorted(t for d, t in r.stamps if d is None and t is not None)
            if times:
                return "T" + times[0].strftime("%H:%M"), "T" + times[-1].strftime("%H:%M")
    return None


class PageDates(NamedTuple):
    """When a page says it was first published and last updated (ISO 8601, no zone), and
    the same read month first (``month_first``) when it writes dates such as ``03/04/2025``,
    which could be read either way, and nothing on the page says which (None otherwise)."""
    first: str
    last: str
    month_first: tuple[str, str] | None = None


# a forum's or a comment's profile line, when its author joined ("Join Date: Mar 2019",
# "Registriert: 03.07.2014", "Inscription : mar. 14 mars 2017"): no date of the page
_MEMBERSHIP = re.compile(
    r"(?:join(?:ed|\s+date)|member\s+since|registered|registriert(?:\s+seit)?|mitglied\s+seit|inscription|"
    r"inscrit(?:e)?(?:\s+le|\s+depuis)?|membre\s+depuis|lid\s+sinds|geregistreerd|зарегистрирован[а]?|"
    r"на\s+форуме\s+с|membro\s+desde|miembro\s+desde|registrado|iscritto|iscrizione|dołączył[a]?|"
    r"zarejestrowany|üyelik\s+tarihi|katılım)\s*[:\uff1a]?\s", re.I)


def page_dates(text: str, boilerplate: Sequence[Span]) -> PageDates | None:
    """When the page says it was first published and last updated, as its furniture writes
    it (see the module's text): the earliest and the latest date and time of its publication
    lines (the same when it writes one); a date whose line gives no time is a day
    (``2024-05-14``), unless another line gives that day a time.  A publication line is
    the first furniture line holding a whole date and at most :data:`PUBLICATION_WORDS`
    other words, not ending like a sentence, and not one of a list of dated links (it and a
    line next to it each holding a date and :data:`LIST_WORDS` or more other words); with it,
    the lines up to :data:`NEIGHBOURS` before and after it in the same block that are
    publication lines too, or hold only a time ("Erstmeldung 11:47 Uhr · Aktualisiert 12:20
    Uhr", read with its date).  None when the page has no publication line."""
    lines = [ln for ln in _furniture_lines(text, boilerplate) if _MEMBERSHIP.match(ln[1]) is None]
    day = month = either = False
    for _, line, _ in lines:
        d, m, e = numeric_order(line)
        day, month, either = day or d, month or m, either or e
    found = _dates(lines, month and not day)
    if found is None:  # no whole date: a day and a month without a year, if the page writes one
        found = _dates(lines, False, yearless=True)
        if found is None:  # nor that: the times alone above the article, if it writes them
            found = _times_only(lines)
        return None if found is None else PageDates(*found)
    other = _dates(lines, True) if either and not (day or month) else None
    return PageDates(found[0], found[1], other if other is not None and other != found else None)


def _day(value: str) -> _dt.date:
    return _dt.date.fromisoformat(value[:10])


def _with_year(value: str, mid: _dt.date) -> str:
    """A date written without its year (``--07-09T22:04``) in the year that puts it nearest
    ``mid``."""
    year = _near(_dt.date(YEARLESS, int(value[2:4]), int(value[5:7])), mid).year
    return f"{year:04d}{value[1:]}"


def _with_days(own: Sequence[str | None], pages: list[PageDates | None]) -> list[PageDates | None] | None:
    """``pages`` with each page that writes times alone (``T11:47``) given the day of the
    earliest member first published at its first time (a whole date, its own or its page's);
    None when some such page matches no member."""
    firsts = [d for d, p in zip(own, pages) if p is None] + \
        [p.first for p in pages if p is not None and not p.first.startswith(("T", "--")) and p.month_first is None]
    out = []
    for p in pages:
        if p is not None and p.first.startswith("T"):
            same = sorted(d[:10] for d in firsts if len(d) >= 16 and d[11:16] == p.first[1:])
            if not same:
                return None
            p = PageDates(same[0] + p.first, same[0] + p.last)
        out.append(p)
    return out


def ranking_dates(dates: Sequence[str | None], page_of: Callable[[int], PageDates | None],
                  enabled: bool = True) -> tuple[list[str | None], list[str | None]]:
    """The dates the members of a story are ranked by, and the dates that order members of
    the same date: their own ``dates`` (both times); when some are missing and ``enabled``
    (``Options.page_dates``), each missing one taken from its page (``page_of(k)``,
    :func:`page_dates` of member ``k``: when it was first published, then when it was last
    updated: a flash and its updates on the agency's site give the same first time),
    provided every member then has one.  Else the members' own dates alone: a page
    without a date line says nothing of when it came, so the earliest of the others is no
    likelier the first.  A page whose dates could be read day or month first is read the
    way that puts it closer to the other members' days (the median of those read one way
    only); when no member's days are read one way only, all are read the way that spreads
    them over fewer days (day first when both do alike).  A page writing its date without a
    year (``--07-09T22:04``, :data:`YEARLESS`) takes the year that puts it nearest the others'
    days (when none has a whole date, no page dates are used); one writing times alone
    (``T11:47``) the day of a member first published at its first time (:func:`_with_days`;
    when none was, no page dates are used)."""
    own = list(dates)
    dated = [d is not None and bool(d.strip()) for d in own]
    if not enabled or all(dated):
        return own, own
    pages = [None if has else page_of(k) for k, has in enumerate(dated)]
    if any(not has and p is None for has, p in zip(dated, pages)):
        return own, own
    if any(p is not None and p.first.startswith("T") for p in pages):
        pages = _with_days(own, pages)
        if pages is None:
            return own, own
    yearless = [p is not None and p.first.startswith("--") for p in pages]
    fixed = [_day(d) for d, p in zip(own, pages) if p is None] + \
        [_day(p.first) for p, y in zip(pages, yearless) if p is not None and not y and p.month_first is None]
    chosen: list[tuple[str, str] | None] = []
    if fixed:
        mid = sorted(fixed)[len(fixed) // 2]
        for p, y in zip(pages, yearless):
            if p is None:
                chosen.append(None)
            elif y:
                chosen.append((_with_year(p.first, mid), _with_year(p.last, mid)))
            elif p.month_first is not None and abs((_day(p.month_first[0]) - mid).days) < abs((_day(p.first) - mid).days):
                chosen.append(p.month_first)
            else:
                chosen.append((p.first, p.last))
    elif any(yearless):  # nothing tells the year
        return own, own
    else:
        def spread(reading: list[str]) -> int:
            days = [_day(d) for d in reading]
            return (max(days) - min(days)).days
        day_first = [p.first for p in pages if p is not None]
        month_first = [(p.month_first or (p.first, p.last))[0] for p in pages if p is not None]
        use_month = spread(month_first) < spread(day_first)
        chosen = [None if p is None else (p.month_first or (p.first, p.last)) if use_month else (p.first, p.last)
                  for p in pages]
    return ([d if c is None else c[0] for d, c in zip(own, chosen)],
            [d if c is None else c[1] for d, c in zip(own, chosen)])
