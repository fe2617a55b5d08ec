"""Stage 6: rank a story cluster's likely original from the texts themselves.

Signals, each in [0, 1] and summed (the reasons name the ones that favoured the winner):

* **centrality**: mean TF-IDF similarity to the other members.  Derivatives are each
  close to their source; they are less close to each other.
* **votes**: share of the other members whose most similar member is this one.
* **support votes**: share of the other members whose best supporter (by coverage) is
  this one.
* **coverage**: mean share of the other members' content that this member supports,
  sentence by sentence.  A source supports its summaries and rewrites; a derivative's
  additions are supported by nobody.
* **dominance**: mean over the other members of how much more of the other's content this
  member holds than the other holds of it, judged by each side's *least* supported
  sentence: a derivative keeps nothing far from its source except its own additions,
  while the source keeps what the derivative dropped.  With *numbers* below, the only
  direction evidence in a two-member cluster (the other signals are symmetric or nearly
  so there).  Between two *near copies* in a cluster of three or more (each lacks at most
  :data:`NEAR_SHARE` of the other's content), third members decide instead
  (:func:`third_party`): what one holds that the other lacks (its sentences, between close
  copies; else its terms) is source material the other dropped when a third member holds
  it too, and an addition of its own when no third member does although one holds most of
  both texts.  A light edit (the original with a
  paragraph of its own) holds everything the original holds, so by the least supported
  sentence it looks like the source; the original's other copies lack its paragraph.
* **corroboration**: share of the member's distinct word trigrams that at least one other
  member also has.  A source's wording survives in its copies; a rewrite's substituted
  words and a derivative's added passages are found in no other member.
* **containment**: mean share of the other members' word trigrams that this member has.
  With equal weights, corroboration and containment cancel out in a two-member cluster
  (each is the other's mirror there), so only third members make them count.
* **numbers**: mean over the other members of how much more of the other's distinct
  numbers this member states than the other states of its numbers, mapped to [0, 1].
  Numbers (figures, scores, dates, ages) are copied verbatim and seldom invented: a
  derivative keeps a subset of its source's numbers, while the source still has the ones
  the derivative dropped.  Unlike dominance it does not hinge on one weakly supported
  sentence, so it also points the right way in a two-member cluster where one side both
  dropped and added prose.  Digits of any script count, compared by value (``۲۰۱۴`` is
  ``2014``).
* **date**: when members carry dates, the strictly earliest one gets a bonus.  Dates are
  never required.  With ``date_first`` (``Options.date_order``, the default) and every
  member dated, the dates decide the order instead: a text is not derived from one
  published after it, so the earliest is the original and each member's parent is among
  those dated no later than it; the text signals order members of the same date.
* **not a compilation**: a member that shares verbatim passages with two members that
  share none with each other, and supports less than half of either of them (they have
  most of their content from elsewhere, so they are not its copies), has put together
  passages of separate texts (a roundup of several wire stories): it is a derivative of
  them, not their original.  All members but compilations get 1, and the weight is larger
  than all other signals together.  Needs coverage (stories of up to 20 members).

``confidence``: how far the winner's score is above the best other's, as a probability
(:data:`TEMPERATURE`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Collection, Sequence

import numpy as np
from scipy import sparse

from . import score
from .document import utc_datetime
from .normalize import stated_numbers  # noqa: F401 (the numbers number_overlap compares)

WEIGHTS = {"centrality": 1.0, "votes": 1.0, "coverage": 1.0, "support votes": 1.0,
           "dominance": 6.0, "corroboration": 2.0, "containment": 2.0, "numbers": 6.0, "date": 2.0,
           "not a compilation": 20.0, "credited": 8.0}
"""``numbers`` 6.0 was chosen on COUNTER's true-positive pairs with ``eval/direction_study.py``
(whole number-words, every number counted): grouped 5-fold cross-validation picked 5 or 6 in
every fold (held-out orig-acc 0.717) and Clough kept its originals at every weight from 0
to 16."""
NGRAM = 3
"""Word n-grams of corroboration and containment."""
TEMPERATURE = 1.5
"""``confidence`` is ``1 / (1 + exp(-gap / TEMPERATURE))`` of the original's score less the
best other member's.  Chosen so that it tells how often the pick is right (2026-12-06: 175
labelled stories of COUNTER, Clough and the blind story sets, 141 picks right; log loss of
the pick being right 0.54 at 1.0, 0.475 at 1.5, 0.46 at 2.0; mean confidence 0.81 at 1.5,
against 0.81 right; the softmax over all members at 0.1 that it replaces: 2.31 and 0.98).
Nothing else reads it."""
SCORE_DIGITS = 9
"""Scores are compared rounded to this many decimals (closer ones tie: the earlier id wins)."""


@dataclass
class Ranking:
    order: list[int]  # positions in the member list, most likely original first
    confidence: float
    reasons: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    by_date: bool = False  # the dates put first a member the text ranks lower
    # members the dates would put first that no other derives from (derived_head): ranked
    # last, each only `related` to the member it is reported against
    outsiders: frozenset = frozenset()


DATE_REASON = "date: published first (the text alone would pick another member)"
PAGE_DATE_REASON = "date: published first, as the pages' date lines write it (the text alone would pick another member)"
"""The reasons of an original the dates put first (``PAGE_DATE_REASON``: dates read from the
pages, :mod:`dedup.pagedate`)."""

_parse_date = utc_datetime  # a member's date, naive UTC (None: no usable date)


def _day_only(dates: Sequence[str | None], parsed: Sequence[datetime | None]) -> bool:
    """Whether a known date is written without a time of day (``2025-01-22``): its midnight
    says nothing about the hour, so dates compare by day."""
    return any(p is not None and len(d.strip()) <= 10 for d, p in zip(dates, parsed))


def by_day(dates: Sequence[str], parsed: Sequence[datetime]) -> list[datetime]:
    """The dates as the date order compares them to find the first: a date without a time of
    day (``2025-01-22``) could be any time of that day, so it counts as the earliest time
    another date gives that day (it ties with that member, and the text signals order the
    two), or as the day's start when none does; a date with a time counts as itself."""
    day_only = [len(d.strip()) <= 10 for d in dates]
    earliest: dict = {}
    for d, only in zip(parsed, day_only):
        if not only and d < earliest.get(d.date(), datetime.max):
            earliest[d.date()] = d
    return [earliest.get(d.date(), d) if only else d for d, only in zip(parsed, day_only)]


def date_signal(dates: Sequence[str | None], parsed: Sequence[datetime | None] | None = None) -> np.ndarray:
    """1 for the strictly earliest dated member, 0 otherwise (and when no dates are known);
    by day when a known date has no time of day (a date-only member and one stamped the same
    day tie).  ``parsed``: the dates already parsed, if the caller has them."""
    parsed = [_parse_date(d) for d in dates] if parsed is None else parsed
    if _day_only(dates, parsed):
        parsed = [None if p is None else p.replace(hour=0, minute=0, second=0, microsecond=0) for p in parsed]
    known = [(d, i) for i, d in enumerate(parsed) if d is not None]
    out = np.zeros(len(dates))
    if len(known) >= 2:
        known.sort()
        if known[0][0] < known[1][0]:
            out[known[0][1]] = 1.0
    return out


def nearest_votes(sim: np.ndarray) -> np.ndarray:
    """Share of the other members whose most similar member is this one.  Copies made from
    one source are each closest to it; a source is rarely closest to one copy only."""
    m = len(sim)
    masked = np.where(np.eye(m, dtype=bool), -np.inf, sim)
    best = masked == masked.max(axis=1, keepdims=True)  # ties share the vote
    votes = (best / best.sum(axis=1, keepdims=True)).sum(axis=0)
    return votes / (m - 1)


def dominance(weakest: np.ndarray, third: np.ndarray | None = None) -> np.ndarray:
    """``weakest[i, j]`` is the support by member i of member j's least supported sentence.
    Member i's dominance over j is ``weakest[i, j] - weakest[j, i]``: positive when j has
    nothing far from i while i has something j lacks; where ``third[i, j]`` (see
    :func:`third_party`) is not NaN, it is that instead.  Returns the mean over the other
    members, mapped from [-1, 1] to [0, 1]."""
    m = len(weakest)
    w = np.clip(np.asarray(weakest, dtype=float), 0.0, 1.0)
    d = w - w.T
    if third is not None:
        d = np.where(np.isnan(third), d, third)
    d = d * ~np.eye(m, dtype=bool)
    return (1.0 + d.sum(axis=1) / (m - 1)) / 2


NEAR_SHARE = 0.3
"""Two members are near copies when neither supports less than ``1 - NEAR_SHARE`` of the
other's content (see :func:`third_party`)."""
THIRD_HOLDS = 0.7
"""A term of one near copy that the other lacks and no third member holds counts as its own
addition only when some third member supports at least this share of both texts."""


WITNESS_SHARE = 0.5
"""In :func:`third_party`'s sentence test, a third member witnesses a pair of near copies
when it supports at least this share of each (it could have kept either's sentences), or
each supports at least this share of it (a summary of either)."""


def _sentence_side(a: int, b: int, support: Sequence[Sequence[np.ndarray]], lengths: Sequence[np.ndarray],
                   close: float, witnesses: Sequence[int], could: bool) -> tuple[float, float]:
    """(corroborated, own) characters of member a's sentences that member b does not
    restate closely (below ``close``): corroborated when a witness restates one closely (at
    ``close`` or more), else its own addition, when one could have kept it (``could``).  A
    sentence b or a witness supports only loosely (below ``close``: one that names the
    story's people and places, a paraphrase) is no restatement: a light edit's added
    paragraph is supported that much by its original.  (Until 2026-12-06 a sentence counted
    only below ``sentence_support``, and a loosely supported one for neither side.)"""
    extra = support[a][b] < close
    if not extra.any() or not witnesses:
        return 0.0, 0.0
    best = np.max([support[a][k] for k in witnesses], axis=0)
    held = extra & (best >= close)
    own = extra & ~held
    return float(lengths[a][held].sum()), (float(lengths[a][own].sum()) if could else 0.0)


def third_party(unsupported: np.ndarray, terms: Sequence[np.ndarray], idf: np.ndarray,
                support: Sequence[Sequence[np.ndarray | None]] | None = None,
                lengths: Sequence[np.ndarray] | None = None, close: float = 0.6) -> np.ndarray:
    """Direction evidence between near copies from the other members of a cluster of three
    or more: ``out[i, j]`` in [-1, 1], positive when member i is more likely the source of
    member j, NaN where i and j are no near copies (or neither holds a term the other
    lacks).

    ``unsupported[i, j]``: share of member i's content that member j does not support;
    ``terms[i]``: member i's distinct terms (sorted unique vocabulary indices); ``idf``:
    their weights.  Of the terms each of the two holds and the other lacks (IDF-weighted),
    those a third member also holds were in the source (the other dropped them); those no
    third member holds are its own addition (or every copy dropped them), counted only when
    some third member supports most of both texts (:data:`THIRD_HOLDS`), i.e. could have
    kept them.  ``out[i, j]`` is i's corroborated less its own, less the same for j, over
    the weight of both sides' terms; ``out[j, i] = -out[i, j]``.

    Between *close* copies (``support[a][b]``, the support by member b of each of member
    a's sentences, has a median of at least ``close`` both ways: one restates the other, as
    a light edit restates its original), sentences decide first, since a rewrite's or a
    distractor's own words hold many of the terms a paragraph adds: of the sentences (by
    ``lengths``, in characters) each holds that the other does not restate closely (below
    ``close``), those a witness restates closely (at ``close`` or more; a witness is a
    third member that supports at least :data:`WITNESS_SHARE` of both, or that both support
    that much of: a summary) are source material the other dropped, and the others are its
    own addition, counted when a witness of the first kind could have kept them.  The terms
    decide where no such sentence counts.

    >>> unsupported = np.array([[0, 0, .2], [.1, 0, .2], [.1, .1, 0]])
    >>> terms = [np.array([0, 1, 2]), np.array([0, 1, 2, 3]), np.array([0, 1, 2])]
    >>> third_party(unsupported, terms, np.ones(4)).round(2).tolist()[0]  # 3 is 1's own
    [nan, 1.0, nan]
    """
    m = len(terms)
    out = np.full((m, m), np.nan)
    if m < 3:
        return out
    u = np.asarray(unsupported, dtype=float)
    near = (u <= NEAR_SHARE) & (u.T <= NEAR_SHARE)
    holds = u <= 1.0 - THIRD_HOLDS  # [i, k]: k supports at least THIRD_HOLDS of i

    def close_pair(i: int, j: int) -> bool:  # each restates half of the other's sentences closely
        return all(len(support[a][b]) and float(np.median(support[a][b])) >= close for a, b in ((i, j), (j, i)))
    for i in range(m):
        for j in range(i + 1, m):
            if not near[i, j]:
                continue
            rest = [k for k in range(m) if k != i and k != j]
            if support is not None and close_pair(i, j):
                # close copies (most sentences restated closely both ways, as a light edit
                # restates its original): the sentences one holds and the other lacks are
                # source material the other dropped when a witness restates them closely,
                # an addition of its own when no witness supports them (and one could have
                # kept them)
                half = 1.0 - WITNESS_SHARE
                witnesses = [k for k in rest if (u[i, k] <= half and u[j, k] <= half)
                             or (u[k, i] <= half and u[k, j] <= half)]
                could = any(u[i, k] <= half and u[j, k] <= half for k in rest)
                ci, oi = _sentence_side(i, j, support, lengths, close, witnesses, could)
                cj, oj = _sentence_side(j, i, support, lengths, close, witnesses, could)
                total = ci + oi + cj + oj
                if total > 0:
                    out[i, j] = ((ci - oi) - (cj - oj)) / total
                    out[j, i] = -out[i, j]
                    continue
            third = np.unique(np.concatenate([terms[k] for k in rest]))
            could = any(holds[i, k] and holds[j, k] for k in rest)
            side = []
            for a, b in ((i, j), (j, i)):
                novel = np.setdiff1d(terms[a], terms[b], assume_unique=True)
                found = np.isin(novel, third, assume_unique=True)
                side.append((idf[novel[found]].sum(), idf[novel[~found]].sum() if could else 0.0))
            (ci, oi), (cj, oj) = side
            total = ci + oi + cj + oj
            if total > 0:
                out[i, j] = ((ci - oi) - (cj - oj)) / total
                out[j, i] = -out[i, j]
    return out


DENSE_NGRAM_CELLS = 2_000_000
"""Members x distinct n-grams up to which :func:`ngram_signals` counts on a dense array."""


def ngram_signals(words: Sequence[Sequence[str]], n: int = NGRAM,
                  numbered: tuple[Sequence[np.ndarray], int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(corroboration, containment) of each member from its distinct word n-grams (a text
    shorter than n words is one n-gram; an empty text has none and scores 0).  ``numbered``:
    ``score.word_ids(words)`` when the caller has it (any numbering of the words gives the
    same counts)."""
    m = len(words)
    ids, v = numbered if numbered is not None else score.word_ids(words)
    bits = max(1, int(v).bit_length())
    if n * bits <= 63:  # n-grams packed exactly into integers
        grams = [score.gram_codes(a, n, bits) for a in ids]
        allc = np.concatenate(grams) if grams else np.zeros(0, dtype=np.int64)
        # (each member's codes are sorted: timsort merges the runs, ~2x the default sort here)
        uniq, cols = score.sorted_unique(allc, return_inverse=True, kind="stable")
        rows = np.repeat(np.arange(m), [len(g) for g in grams])
        n_grams = len(uniq)
    else:
        vocab: dict[tuple, int] = {}
        rows, cols = [], []
        for i, w in enumerate(words):
            grams = {tuple(w[k:k + n]) for k in range(len(w) - n + 1)} or ({tuple(w)} if w else set())
            for g in grams:
                rows.append(i)
                cols.append(vocab.setdefault(g, len(vocab)))
        n_grams = len(vocab)
    # member x n-gram incidence: dense when small (no sparse-matrix machinery for a story of
    # short texts); every sum below counts ones, so it is exact in either form
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64).ravel()
    if m * max(n_grams, 1) <= DENSE_NGRAM_CELLS:
        b = np.zeros((m, max(n_grams, 1)))
        b[rows, cols] = 1.0
        size = b.sum(axis=1)
        shared_df = (b.sum(axis=0) > 1).astype(float)
        shared = b @ b.T  # n-grams members i and j have in common
    else:
        b = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(m, max(n_grams, 1)))
        size = np.asarray(b.sum(axis=1)).ravel()
        shared_df = (np.asarray(b.sum(axis=0)).ravel() > 1).astype(float)
        shared = np.asarray((b @ b.T).todense())
    safe = np.where(size > 0, size, 1.0)
    corroboration = (b @ shared_df) / safe
    contained = shared / safe[None, :]  # [i, j]: share of j's n-grams that i has
    containment = (contained * ~np.eye(m, dtype=bool)).sum(axis=1) / (m - 1)
    return corroboration, containment


_DIGITS = re.compile(r"\d+")


def numbers_of(words: Sequence[str]) -> set[str]:
    """The distinct numbers of a text: runs of digits inside its words (``44th`` -> ``44``),
    digits of any script written as ASCII digits, so ``۲۰۱۴`` and ``2014`` are one number."""
    out = set()
    for run in set(_DIGITS.findall("\x1f".join(words))):  # a separator that is not a digit
        out.add(run if run.isascii() else "".join(str(unicodedata.decimal(c)) for c in run))
    return out


def number_overlap(a: set[str], b: set[str], min_count: int) -> float:
    """Share of the smaller of two sets of numbers (:func:`normalize.stated_numbers`) that the other
    also holds; 1.0 when either holds fewer than ``min_count`` (too few to tell anything)."""
    if min(len(a), len(b)) < min_count:
        return 1.0
    return len(a & b) / min(len(a), len(b))


def number_signal(words: Sequence[Sequence[str]]) -> np.ndarray:
    """``held[i, j]``: share of member j's distinct numbers (:func:`numbers_of`) that
    member i also states (1 when j states none).  Member i's number dominance over j is
    ``held[i, j] - held[j, i]``; returns its mean over the other members, mapped from
    [-1, 1] to [0, 1] (0.5 for all when no member states a number).

    With three members or more, only numbers that at least two members state count: a
    number found in one member alone may be a detail it added (a rewrite that adds figures
    would otherwise hold everyone's numbers), while a number a derivative dropped is
    usually still stated by the source's other copies.  In a pair every number counts,
    since nothing else can corroborate it."""
    m = len(words)
    nums = [numbers_of(w) for w in words]
    if m >= 3:  # a number only one member states is as likely its addition as the others' drop
        seen = Counter(x for n in nums for x in n)
        nums = [{x for x in n if seen[x] > 1} for n in nums]
    held = np.ones((m, m))
    for j in range(m):
        if nums[j]:
            for i in range(m):
                held[i, j] = len(nums[i] & nums[j]) / len(nums[j])
    d = (held - held.T) * ~np.eye(m, dtype=bool)
    return (1.0 + d.sum(axis=1) / (m - 1)) / 2


LEAF_SUPPORT = 0.5
"""A member sharing a passage with a compilation candidate counts as one of its sources
only when the candidate supports less than this share of it (else it may be its copy)."""


_SEGMENT_SPLIT = re.compile(r"\s*(?:[|｜·•‧∙—–>›»«/\\:：,，、]|\s-\s|\s{2,}|\u3000)\s*")
MASTHEAD_MIN_CHARS = 6
"""A part of a page's first line (its masthead: the site's or organisation's name, a
tagline, a section) names it (:func:`credits`) when it holds at least this many letters,
or 3 or more in a script written without spaces."""


def masthead_names(text: str, boilerplate: Sequence) -> list[str]:
    """The names a page's masthead gives: its first line, when it is boilerplate (found as
    site furniture), split at separators (``|``, ``·``, dashes, colons, runs of spaces, ...),
    each part casefolded, accents dropped, spaces collapsed; parts of fewer than
    :data:`MASTHEAD_MIN_CHARS` letters and one-word parts after the first left out.

    >>> from types import SimpleNamespace as S
    >>> masthead_names("LARKMOOR FOOD NETWORK | Media centre\\nText", [S(start=0, end=36)])
    ['larkmoor food network', 'media centre']
    >>> masthead_names("Headline\\nText", [])
    []
    """
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end <= start or not any(sp.start <= start and end <= sp.end for sp in boilerplate):
        return []
    out = []
    for k, part in enumerate(p for p in _SEGMENT_SPLIT.split(text[start:end]) if p.strip()):
        part = _folded(part)
        letters = sum(ch.isalpha() for ch in part)
        spaced = " " in part or any(unicodedata.east_asian_width(ch) not in "WF" for ch in part if ch.isalpha())
        # (a part after the first is a name only of two words or more: one word there is
        # mostly a section, "Football", which other sites write too)
        if letters >= (MASTHEAD_MIN_CHARS if spaced else 3) and part not in out and (k == 0 or " " in part):
            out.append(part)
    return out


def _folded(text: str) -> str:
    """Casefolded, accents dropped (a capital often loses its accent: "ΠΟΔΟΣΦΑΙΡΟ"), spaces
    collapsed."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def credits(texts: Sequence[str], boilerplates: Sequence[Sequence]) -> np.ndarray:
    """``out[b, a]``: page ``b``'s furniture (its boilerplate but its own first line) names
    page ``a`` by a part of ``a``'s masthead (:func:`masthead_names`) that no part of ``b``'s
    own masthead holds: a copy's credit line ("Source: Larkmoor Food Network", "Lähde:
    Seutu-Uutiset", "提供：あさぎ製菓") names the site it copied.  Only furniture: in the
    article's own sentences a site's name is as often its subject ("the Linden Water Board
    has confirmed") or a phrase ("the harbour light failed"), which a reviewer's texts
    turned into false credits when the whole text was read.  Pages without a masthead in
    their furniture (plain texts, a first line not found as furniture) name no one and are
    named by no one: only web pages take part.

    >>> from types import SimpleNamespace as S
    >>> a = "Seutu-Uutiset | Verkkolehti\\nText of the story."
    >>> b = "Asukasinfo | Uutiset\\n2.2.2026 | Lähde: Seutu-Uutiset\\nText of the story."
    >>> credits([a, b], [[S(start=0, end=27)], [S(start=0, end=53)]]).tolist()
    [[False, False], [True, False]]
    """
    m = len(texts)
    names = [masthead_names(t, bp) for t, bp in zip(texts, boilerplates)]
    out = np.zeros((m, m), dtype=bool)
    if sum(bool(n) for n in names) < 2:
        return out
    furniture = []  # each page's furniture but its first line
    for t, bp in zip(texts, boilerplates):
        first = t.find("\n", len(t) - len(t.lstrip()))
        first = len(t) if first < 0 else first
        furniture.append(_folded(" ".join(t[max(sp.start, first):sp.end] for sp in bp if sp.end > first)))
    for b in range(m):
        if not names[b] or not furniture[b]:
            continue
        for a in range(m):
            if a != b and names[a]:  # (a part of its own name is no credit: "Football Now")
                out[b, a] = any(n in furniture[b] and not any(n in o for o in names[b]) for n in names[a])
    return out


def credit_signal(credit: np.ndarray) -> np.ndarray:
    """Mean over the other members of whether they name this member's masthead less
    whether it names them (:func:`credits`), mapped from [-1, 1] to [0, 1] (0.5 for all
    when no page names another)."""
    m = len(credit)
    d = credit.T.astype(float) - credit.astype(float)  # d[i, j]: j names i, less i names j
    return (1.0 + d.sum(axis=1) / max(m - 1, 1)) / 2


COMPILED_SHARE = 0.7
"""A compilation the dates may not put first is mostly pasted: the shares of it its sources
hold (summed over them) reach this (:func:`rank`).  A news story that a column quotes a
paragraph of and a press review an extract of shares passages with two pages that share none,
as a roundup does, but they hold 0.31-0.43 of it (blind30), and 0.37-0.61 of a story a
magazine's feature pastes two paragraphs of and an explainer opens with one (blind47: at 0.5,
two such stories were not put first by their dates); a roundup's sources held 0.87-1.18 of it
(blind26).  The ranking's "not a compilation" signal asks no share: a PAN13 essay pastes
passages of two sources into a text mostly its own (asked there, it took PAN13's batch char F1
from 0.389 to 0.257)."""

HELD_WHOLE = 0.9
"""A member another one holds this share of, or more, while holding less of that other, is no
compilation (:func:`compilations`): it is that one's earlier, shorter version."""


def compiled_shares(shared: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """For each member i that shares a verbatim passage (``shared[i, j]``, symmetric) with two
    members that share none with each other and of which it supports (``coverage[i, j]``) less
    than :data:`LEAF_SUPPORT`, the share of it those members hold in all (``coverage[j, i]``
    summed over them); -1.0 for every other member, and for a member another member holds whole
    (``coverage[j, i] >= HELD_WHOLE``) while it holds less of that one: a live page's first
    capture, which a later capture holds whole with its new entries and whose entries other
    pages took apart (one lifted, the oldest dropped from a later capture), is their source.
    (A roundup's web copy holds it whole, but it holds its copy whole too.)"""
    s = np.asarray(shared, dtype=bool) & ~np.eye(len(shared), dtype=bool)
    cov = np.asarray(coverage)
    out = np.full(len(s), -1.0)
    for i in range(len(s)):
        nb = np.flatnonzero(s[i] & (cov[i] < LEAF_SUPPORT))
        if len(nb) >= 2:
            apart = ~s[np.ix_(nb, nb)] & ~np.eye(len(nb), dtype=bool)
            held = (cov[:, i] >= HELD_WHOLE) & (cov[i, :] < HELD_WHOLE)
            held[i] = False
            if apart.any() and not held.any():
                out[i] = float(cov[nb, i].sum())
    return out


def compilations(shared: np.ndarray, coverage: np.ndarray, least: float = 0.0) -> np.ndarray:
    """1.0 for each member :func:`compiled_shares` takes for a compilation whose sources hold at
    least ``least`` of it, else 0.0.

    >>> s = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=bool)
    >>> compilations(s, np.full((3, 3), 0.2)).tolist(), compilations(s, np.full((3, 3), 0.9)).tolist()
    ([1.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    >>> compilations(s, np.full((3, 3), 0.2), COMPILED_SHARE).tolist()  # its sources hold 0.4 of it
    [0.0, 0.0, 0.0]
    """
    shares = compiled_shares(shared, coverage)
    return ((shares >= 0.0) & (shares >= least)).astype(float)


def rank(sim: np.ndarray, coverage: np.ndarray | None, dates: Sequence[str | None],
         ids: Sequence[str], weakest: np.ndarray | None = None,
         words: Sequence[Sequence[str]] | None = None, shared: np.ndarray | None = None,
         verbatim: np.ndarray | None = None, date_first: bool = False,
         numbered: tuple[Sequence[np.ndarray], int] | None = None,
         ties: Sequence | None = None, tie_reason: str = "tie: earliest id",
         third: np.ndarray | None = None, outsiders: Collection[int] = (), compiled: Collection[int] = (),
         credit: np.ndarray | None = None,
         later: Sequence[str | None] | None = None) -> Ranking:
    """Rank members given their pairwise similarity ``sim``, ``coverage[i, j]`` (share of
    member j's content supported by member i), ``weakest[i, j]`` (support by member i of
    member j's least supported sentence), each member's content ``words``, ``shared[i,
    j]`` (members i and j share a verbatim passage) and ``verbatim[i, j]`` (share of member
    j's content that member i supports closely, for the compilation test; ``coverage`` when
    not given).  The last five are optional (``numbered``: :func:`score.word_ids` of
    ``words``, if the caller has it).  Ties fall to the earlier id (to the lowest of
    ``ties``, one sortable key a member, when given; ``tie_reason`` then says why).
    ``third``: :func:`third_party` of the members, for dominance (None: none).  With
    ``date_first`` and every member dated, members are ordered by date, then by score (when
    a date has no time of day, its midnight saying nothing about the hour, the first is the
    best scored of those :func:`by_day` puts first, and the others compare by day), and
    ``outsiders`` (positions: members related to every other, see
    :func:`dedup.api.rank_members`) after all the others; ``later``: dates that order
    members of the same date (when each page was last updated; None: ``dates``)."""
    m = len(ids)
    if m == 1:
        return Ranking([0], 1.0, ["single document"], [0.0])
    off = ~np.eye(m, dtype=bool)
    signals = {"centrality": (sim * off).sum(axis=1) / (m - 1), "votes": nearest_votes(sim)}
    if coverage is not None:
        signals["coverage"] = (coverage * off).sum(axis=1) / (m - 1)
        signals["support votes"] = nearest_votes(coverage.T)
    if weakest is not None:
        signals["dominance"] = dominance(weakest, third)
    if words is not None:
        signals["corroboration"], signals["containment"] = ngram_signals(words, numbered=numbered)
        signals["numbers"] = number_signal(words)
    parsed = [_parse_date(d) for d in dates]
    signals["date"] = date_signal(dates, parsed)
    if credit is not None and credit.any():
        signals["credited"] = credit_signal(credit)
    mostly_pasted: set[int] = set()
    if shared is not None and coverage is not None:
        shares = compiled_shares(shared, coverage if verbatim is None else verbatim)
        signals["not a compilation"] = (shares < 0.0).astype(float)
        signals["not a compilation"][list(compiled)] = 0.0  # compilations of sources in other stories
        mostly_pasted = set(np.flatnonzero(shares >= COMPILED_SHARE).tolist()) | set(compiled)
    score = sum(WEIGHTS[k] * v for k, v in signals.items())
    # scores equal but for their last bits are ties: the bits follow the members' order
    # (the signals sum over the others), so copies with the same words were ranked by the
    # input order, not by id
    tie = ids if ties is None else ties
    order = sorted(range(m), key=lambda i: (-round(float(score[i]), SCORE_DIGITS), tie[i]))
    by_date = False
    # members the dates do not put first: those related to every other (outsiders) and
    # compilations (a roundup dated before the stories it pastes from is still not theirs),
    # those mostly pasted (a story a column and a review each quote a paragraph of, dated
    # first, is their source: the dates put it first)
    late = set(outsiders) | mostly_pasted
    if date_first:
        if all(d is not None for d in parsed):
            late |= stale(parsed)
            after = parsed if later is None else [_parse_date(d) or p for d, p in zip(later, parsed)]
            text_pick = order[0]
            if _day_only(dates, parsed) or (later is not None and _day_only(later, after)):
                # a date without a time of day could be any time of that day: it may come
                # first if nothing dated that day is known to be earlier (by_day), but the
                # others compare by day, and the text orders each day's members
                first = by_day(dates, parsed)
                head = min(order, key=lambda i: (i in late, first[i]))  # (min: the first of equals)
                days = [d.replace(hour=0, minute=0, second=0, microsecond=0) for d in parsed]
                order = [head] + sorted((i for i in order if i != head), key=lambda i: (i in late, days[i]))
            else:  # (stable: score order within a date)
                order = sorted(order, key=lambda i: (i in late, parsed[i], after[i]))
            by_date = order[0] != text_pick  # else the text's pick is already earliest
    top = order[0]
    # how far the original's score is above the best other's, as a probability (below 0.5
    # when the dates put a member first that the text ranks lower)
    gap = float(score[top] - np.delete(score, top).max())
    confidence = float(1.0 / (1.0 + np.exp(-gap / TEMPERATURE)))
    reasons = []
    rounded = np.round(score, SCORE_DIGITS)
    # the members it ties with (a copy of it) are told apart by the tie alone; the reasons
    # are the signals on which it beats every other (beyond their last bits, which follow
    # the members' order)
    tied = rounded == rounded[top]
    rest = ~tied
    if rest.any():
        for name, values in signals.items():
            others = values[rest]
            if round(float(values[top]), SCORE_DIGITS) > round(float(others.max()), SCORE_DIGITS):
                reasons.append(f"{name} {values[top]:.2f} (best other {others.max():.2f})")
    if by_date:
        reasons = [DATE_REASON]
    elif tied.sum() > 1 or not reasons:
        reasons.append(tie_reason)
    return Ranking(order, round(confidence, 4), reasons, [float(s) for s in score], by_date)


STALE_DAYS = 30
"""A member dated more than this many days before every other member of a story of three or
more, the others within this many days of each other, is not put first by the dates: an
older story on the same beat or of the same source that the story holds (a bank's release of
the quarter before, a magazine's feature of the month before), not the source of pages
published together weeks later (blind16, blind47)."""


def stale(parsed: Sequence[datetime]) -> set[int]:
    """The member :data:`STALE_DAYS` says the dates do not put first, if any."""
    if len(parsed) < 3:
        return set()
    order = sorted(range(len(parsed)), key=lambda i: parsed[i])
    first, second, last = parsed[order[0]], parsed[order[1]], parsed[order[-1]]
    limit = timedelta(days=STALE_DAYS)
    return {order[0]} if second - first > limit and last - second <= limit else set()


def derived_head(ranking: Ranking, rerank: Callable[[set[int]], Ranking],
                 heads_derived: Callable[[int, set[int]], bool]) -> Ranking:
    """The ranking of a story whose dates put first a member every other member is only
    `related` to (an earlier story on the same beat): such members, while they head it,
    are left out of the date order (``rerank(outsiders)``, :func:`rank`'s ``outsiders``)
    until the head is one that some other member derives from (``heads_derived(head,
    outsiders)``: a member not among the outsiders is not `related` to it).  When no member
    heads a derived one (all are only related), ``ranking`` as it was: the earliest first."""
    outsiders: set[int] = set()
    current = ranking
    while len(current.order) - len(outsiders) >= 2:
        head = current.order[0]
        if heads_derived(head, outsiders):
            return current
        outsiders.add(head)
        if len(current.order) - len(outsiders) < 2:
            break
        current = rerank(set(outsiders))
        current.outsiders = frozenset(outsiders)
    return ranking


def parents(order: Sequence[int], sim: np.ndarray, same=None, shared: np.ndarray | None = None) -> dict[int, int]:
    """Each non-original member's parent: the most similar member ranked above it; of
    members equally similar (to :data:`SCORE_DIGITS` decimals: the same words in another
    order are as similar as an exact copy), one with the same content (``same(i, j)``, when
    given), else the higher-ranked one.  ``shared[i, j]``: members i and j share a verbatim
    passage; when given, a member sharing one with some member ranked above it takes the
    most similar of those (a feature pasting two paragraphs of a story is more similar to an
    explainer of the same subject, but copied from the story)."""
    out = {}
    order = list(order)
    for pos in range(1, len(order)):
        i = order[pos]
        row = sim[i, order[:pos]]
        if shared is not None:
            pasted = np.asarray([bool(shared[i, j]) for j in order[:pos]])
            if pasted.any() and not pasted[int(np.argmax(row))]:
                row = np.where(pasted, row, -1.0)
        k = int(np.argmax(row))  # first maximum: the higher-ranked member wins ties
        if same is not None:
            k = same_on_tie(row, k, lambda b: same(i, order[b]))
        out[i] = order[k]
    return out


def same_on_tie(row: np.ndarray, k: int, same) -> int:
    """Of the entries of ``row`` equal to ``row[k]`` (to :data:`SCORE_DIGITS` decimals), the
    first for which ``same(position)`` holds (a copy of the same content); else ``k``."""
    rounded = np.round(row, SCORE_DIGITS)
    tied = np.flatnonzero(rounded == rounded[k])
    if len(tied) > 1:
        return next((int(b) for b in tied if same(int(b))), k)
    return k
