"""Stage 1: normalize text, split it into words, lines and sentences, and find boilerplate.

Nothing here rewrites the user's text.  Words are found in the text as given and
normalized one by one (Unicode NFKC, casefold, then folded: see :func:`norm_word`), so
every span dedup reports is a ``[start, end)`` range into the original string.

Works on any script: words are runs of letters, marks and digits (``regex``'s Unicode
properties, so Urdu or Devanagari words keep their combining marks; an invisible joiner or
soft hyphen inside a word, :data:`_JOINERS`, is in it and dropped from its normalized
form), and scripts written
without spaces (Chinese, Japanese, Thai, ...) are split into single characters, each with
the marks that follow it (a Thai vowel sign or tone; a kana's voiced sound mark, decomposed
or half-width, which NFKC then composes with it); their digits form one number and their
punctuation is no word.

Boilerplate is found line by line from general signals, never from a rule about one site:

* *cue* lines: short lines with words of page furniture (``boilerplate_cues.txt``:
  newsletter, subscribe, related, comments, share, copyright ... in several languages);
* *counters and datelines*: tiny lines that are mostly digits or symbols, lines that carry
  a web address or a copyright sign;
* *a page header*: above the first line of running text (when there is one), short lines
  that are a breadcrumb or a site's sections (three or more parts between ``>``, ``›``,
  ``»``, ``/``, ``|``, ``·``: "Home > News > Local") or carry a date in digits or a time of
  day (bylines, publication lines: "By Ana Ruiz | 2024-03-18 09:42", "2024年5月14日");
* *tiny lines* (at most four characters) next to any of the above;
* *headed link lists* (:func:`headed_lists`): after running text, a short cue line that is
  no sentence and holds no digit ("Related posts", "Mehr zum Thema:") over two or more
  headline-like lines, unless every one of them holds a digit (a table of figures);
* *trailing link lists*: a block of short, unpunctuated lines (headlines) at the end of a
  text that also holds a cue or counter line, or three or more such lines in a row, when it
  follows running text and is at most half of the lines (a table is content, not a link
  list), or, in a short text, when two of its lines are furniture by their words (one of
  them above its other lines) and it holds at most a third of the words;
* *promo sentences*: a line of up to :data:`PROMO_WORDS` words holding a sign-up promo's word
  (marked ``+`` in the lexicon: newsletter, subscribe, inbox ...) with only furniture after
  it and running text before it;
* *templates*: the same line in many documents of the corpus (``template_lines``), unless
  a text has no running text besides such lines (a templated notice is its template lines);
* *display lines in the body*: a pull quote, a short line repeating in a row most words of a
  longer line above it (:func:`repeated_lines`); a teaser of another article glued to a
  paragraph's end ("Relaterat: Elpriset väntas …", :func:`_glued_teaser`);
* *a menu one item a line* above the headline (:func:`_menu_runs`), a player's or reading
  time's line right above the text, and an author's note after the story that opens with the
  byline's name (:func:`author_notes`);
* *a site's name and motto* above the header's furniture over a longer headline
  (:func:`_name_lines`), *a newsletter's greeting* over its first item (:func:`_greeting`)
  and *its list of other items* under the text with the lines below it
  (:func:`_teaser_lists`); *an embed's lines* inside the text (a link to an app, a labelled
  title or credit between furniture lines), and *a page's imprint* as its last line.

HTML character references a scraper left undecoded ("&#8217;", "&amp;") are read as their
characters for words, numbers and a line's features (:func:`char_refs`); the text and its
offsets are never changed.
"""
from __future__ import annotations

import html
import html.entities
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from importlib import resources
from typing import Iterable, NamedTuple, Sequence

import re as _re

import numpy as np
import regex

from .document import Document, Span

# the scripts written without spaces, with the kana's prolonged sound mark (U+30FC and its
# half-width form U+FF70, which Unicode gives to no one script)
_NO_SPACE_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}\u30fc\uff70"
# what follows a character and belongs to it: combining marks (Thai vowel signs and tones,
# the kana's combining voiced sound marks) and the half-width voiced sound marks
_MARK = r"\p{M}\uff9e\uff9f"
# invisible characters that sit inside a word and are no part of its spelling: the soft
# hyphen, the zero-width non-joiner (inside Persian, Urdu and Indic words) and joiner
# (emoji sequences), the word joiner and the zero-width no-break space (U+FEFF).  Each is
# in the word of the character before it when that is in a word (else in none), and
# :func:`norm_word` drops it, so a text with them sprinkled into its words (a copy
# disguised so) has the words of the plain text.  (The zero-width space U+200B is a word
# break, as Thai and Khmer text uses it.)  So are the variation selectors (U+FE00-FE0F,
# U+E0100-E01EF), which choose how the character before them is drawn: U+FE0F after an
# emoji, a mark by its category, made a word of its own, so two texts of one heart were
# `duplicate`s and a heart added to an article made it a near-duplicate of itself.
_JOINERS = "\u00ad\u200c\u200d\u2060\ufeff" + "".join(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))
_NO_JOINERS = dict.fromkeys(map(ord, _JOINERS))  # (a str.translate table that drops them)
# a character of a script written without spaces is a word by itself, with the marks that
# follow it (so NFKC composes カ and U+3099 into ガ); other words are runs of letters,
# marks and digits (so are those scripts' digits: ๒๕๖๗ is one number, 2567); their
# punctuation (។ ၊ ། ๚) and currency signs are no words
_ALONE = rf"[[{_NO_SPACE_SCRIPTS}]--[{_MARK}\p{{P}}\p{{Sc}}\p{{Nd}}]]"
WORD_RE = regex.compile(
    rf"{_ALONE}[{_MARK}{_JOINERS}]*|(?:(?!{_ALONE})[[\p{{L}}\p{{M}}\p{{N}}]--[{_JOINERS}]])(?:(?!{_ALONE})[\p{{L}}\p{{M}}\p{{N}}{_JOINERS}])*",
    regex.V1
)
# a character outside ASCII that WORD_RE can take into a word (letters, marks, digits, and
# any character of the scripts written without spaces): without one, a text's words are
# those of the ASCII rule
_NON_ASCII_WORD_CHAR = regex.compile(rf"[[\p{{L}}\p{{M}}\p{{N}}{_NO_SPACE_SCRIPTS}{_JOINERS}]--\p{{ASCII}}]", regex.V1)
# only characters, no Unicode properties: the standard library's re matches it the same
# stops: . ! ? 。 ！ ？ ｡ ۔ ؟ । ॥ … ։ (Armenian) ። (Ethiopic) ။ (Myanmar) ។ ៕ (Khmer) ; (Greek
# question mark); then any closing quotes or brackets: " ' ” ’ ) ] » › “ (German „...“) 」 』 》 〉 ）
_STOPS = (".!?\u3002\uff01\uff1f\uff61\u06d4\u061f\u0964\u0965\u2026\u0589\u1362\u104b"
          "\u17d4\u17d5\u037e")
_STOP_CHARS = frozenset(_STOPS)  # a _SENT_END match starts at each of them
# scripts written without sentence stops (a space ends a sentence): a long line of them is a
# paragraph of running text (see _split_lines)
_UNSTOPPED = regex.compile(r"[\p{Thai}\p{Lao}]")
UNSTOPPED_CHARS = 150
"""The characters of a line in Thai or Lao, which write no stops, from which it is read as
a paragraph that ends like a sentence (a headline has some 40-90, a paragraph 200 or more)."""
_SENT_END = _re.compile(f"[{_STOPS}]+[\"'\u201d\u2019)\\]\u00bb\u203a\u201c\u300d\u300f\u300b\u3009\uff09]*")
_ENDS_SENTENCE = _re.compile(_SENT_END.pattern + "$")  # (search with an end: a stop, then closers, at it)
_ASCII_NON_WORD = _re.compile(r"[^A-Za-z0-9]+")
_ASCII_WORD_BYTE = np.zeros(256, dtype=bool)  # [A-Za-z0-9] by byte value
_ASCII_WORD_BYTE[np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", np.uint8)] = True
_NON_SPACE = _re.compile(r"\S")  # \s is str.isspace(), as strip() uses
_ASKS = _re.compile("[?!\uff1f\uff01\u061f\u037e][\"'\u201d\u2019)\\]\u00bb\u203a\u201c\u300d\u300f\u300b\u3009\uff09]*$")
"""A line that ends with a question or exclamation mark (and any closing quotes)."""
_HAS_DIGIT = _re.compile(r"\d").search
# a message header's field: a label of one word or two (joined by a hyphen, "Message-ID", or a
# space, "URL Source"), a colon, its value ("From: Ana Ruiz <ana@x.example>", "Betreff: AW:
# ...", "Тема: ...") or none (a reader service's "Markdown Content:" above the text)
_FIELD = regex.compile(r"[\p{L}][\p{L}\p{M}]*(?:[- ][\p{L}][\p{L}\p{M}]*)?\s?:(?:\s+\S|$)")
_EMAIL = _re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Markdown, as scrapers and reader services give pages: a link's or an image's target, the
# "(...)" after "](", a web address or path (it holds a "/", ".", "#" or ":"), with an optional
# title in quotes; its characters are no words (see token_lists)
_MD_TARGET = _re.compile(r'\]\(\s*([^()\s]*[/.#:][^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\s*\)')
# an image, "![alt](target)"; a link, "[text](target)" (the text may hold an image)
_MD_IMAGE = _re.compile(r'!\[[^\[\]\n]*\]\(\s*[^()\s]*[/.#:][^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"\n]*")?\s*\)')
_MD_LINK = _re.compile(r'\[([^\[\]\n]*)\]\(\s*[^()\s]*[/.#:][^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+"[^"\n]*")?\s*\)')
# emphasis around a whole line, "_Science desk · 15 May 2025_", "**Updated**"
_MD_EMPHASIS = _re.compile(r"^(\*\*|__|\*(?! )|_)(\S(?:.*\S)?)\1$")
MD_LINK_WORDS = 2
"""A line of Markdown links or images with at most this many words outside them ("Tags:",
list bullets and separators are no words) is a link list's line, a menu or an image: furniture."""
# a chat export's message line: a date and a time (in brackets, or followed by " - "), a
# sender's name of up to 40 characters and a colon ("[12/04/2026, 09:14] Ana Ruiz: ...",
# "20-04-2026 07:41 - Bert: ...", "[15.04.26, 07:05:11] Lena Vogt:")
_CHAT_PREFIX = _re.compile(
    r"\[?\d{1,4}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
    r"(?:\]\s*|\s+-\s+)[^\s:\[\]][^:\n\[\]]{0,39}:(?:\s+|$)")
_CHAT_OPENERS = frozenset("[0123456789")
_DECIMAL_END = _re.compile(r"\d[.,]\d+$")  # a figure with a decimal stop ending a line
_LAST_WORD = _re.compile(r"(?<![^\W\d_])[^\W\d_]+$")  # the letters that end a string: the word before a stop
LIST_HEADING_WORDS = 6
"""A furniture line of at most this many words, no digit and not starting in lower case, and
no sentence heads a list of links (see :func:`headed_lists`)."""
LIST_ITEM_WORDS = 15
"""A line of a headed list of links has at most this many words."""
NUMBERED_ITEM_WORDS = 20
"""A numbered line of a headed list of links ("1. ...") has at most this many words."""
PROMO_WORDS = 30
"""A line of at most this many words holding a word of sign-up promos (marked ``+`` in
``boilerplate_cues.txt``), with only furniture after it, is furniture (a newsletter promo
written as a sentence or two)."""
_URL_RE = regex.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co|io|news|info|[a-z]{2})\b", regex.I)
_COPYRIGHT_RE = regex.compile(r"\u00a9|\(c\)\s*\d{4}", regex.I)
# a line that opens with a copyright mark ("© 2025 Daily Post. All rights reserved. ...",
# "Copyright (c) 2024 ..."): a copyright notice at any length up to COPYRIGHT_WORDS words,
# in any language (a story's sentence never opens with one)
_COPYRIGHT_OPENS = regex.compile(r"(?:copyright\s*)?(?:\u00a9|\(c\)\s*\d{4})", regex.I)
COPYRIGHT_WORDS = 60
# a social network's account name: "@" and 2-30 letters, digits or underscores, not inside
# a word or an e-mail address ("news@site.example")
_HANDLE = _re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}(?![\w@])")


def _capital_copyright(line: str) -> bool:
    """A copyright line that opens with "(C)" and a name in capitals, without a year: "(C)
    SHIONAGI TELEVISION CO., LTD." (an item "(c)" of a list goes on in lower case)."""
    return line[:4] in ("(C) ", "(c) ") and not any(map(str.islower, line)) and _letters(line) >= 4
# what every match of _URL_RE holds: "://", "www." or a stop and two characters that its
# [a-z] or its top-level domains match without case (İ, ſ and the Kelvin sign K too, as
# regex.I folds them); the standard library's re finds it many times faster than regex
# finds _URL_RE in a text that has none (see :func:`_may_have_marker`)
_URL_HINT = _re.compile(r"\.(?:[A-Za-z\u0130\u017f\u212a]{2}|(?<=[wW]{3}\.))")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int | None]:
    """What :func:`norm_word` changes after NFKC and casefolding, in any language: the
    invisible joiners and soft hyphens inside a word (:data:`_JOINERS`), marks a
    text may write or leave out (Arabic harakat and the tatweel that stretches a word,
    Hebrew niqqud and cantillation, the dot above that Turkish İ leaves after casefolding,
    the nukta that Hindi writes or leaves out under ज़, फ़, ड़: NFKC has split the letters that
    hold it),
    letters written two ways (Arabic and Persian yeh and kaf, alef maksura, Urdu and Arabic
    heh; Turkish ı, the small letter of I), and the decimal digits of every script (as
    ASCII)."""
    table: dict[int, int | None] = {}
    for c in [*range(0x064B, 0x0653), 0x0640,  # Arabic harakat, tatweel
              *range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7,  # Hebrew points
              0x0307,  # combining dot above: casefold("İ") == "i\u0307"
              0x093C,  # Devanagari nukta: Hindi writes ज़्यादा and ज्यादा, फ़ोटो and फोटो
              *map(ord, _JOINERS)]:  # invisible inside a word
        table[c] = None
    table.update({0x064A: 0x06CC, 0x0649: 0x06CC, 0x0643: 0x06A9, 0x0647: 0x06C1, 0x0131: ord("i")})
    for m in regex.finditer(r"\p{Nd}", _every_character(), pos=0x80):  # (regex may know digits unicodedata does not)
        value = unicodedata.decimal(m.group(), None)
        if value is not None:
            table[m.start()] = ord("0") + value
    return table


def _every_character() -> str:
    """Every code point, in order, as one string (surrogates included; 4.5 MB, decoded from
    their UTF-32: joining a million one-character strings raised the process's peak RSS by
    ~85 MiB for a moment)."""
    return np.arange(sys.maxunicode + 1, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


_GREEK = _re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
# tonos, dialytika and the polytonic marks (grave, circumflex, breathings, iota subscript)
_GREEK_MARKS = _re.compile("[\u0300\u0301\u0308\u0313\u0314\u0342\u0345]")


@lru_cache(maxsize=1 << 16)
def norm_word(word: str) -> str:
    """The comparison form of one word (never empty): NFKC, casefolded, then folded
    (:func:`_fold_table`):
    ``كتابٌ`` and ``کتاب``, ``YAPILDI`` and ``yapıldı``, ``٢٠٢٤`` and ``2024`` are the same, and
    a Greek word loses its accents (``ΑΘΗΝΑ`` and ``Αθήνα``), as Greek search engines fold it."""
    if word.isascii():
        return word.lower()  # the same as NFKC + casefold for ASCII, and faster
    folded = unicodedata.normalize("NFKC", word).casefold()
    if _GREEK.search(folded):  # accents and breathings: Greek capitals are written without
        folded = unicodedata.normalize("NFC", _GREEK_MARKS.sub("", unicodedata.normalize("NFD", folded)))
    out = folded.translate(_fold_table())
    if not out.isprintable() or " " in out or not out:
        # NFKC may give white space (U+FE70, an Arabic mark's isolated form, is a space and
        # the mark; U+FDFA a phrase of four words): a word holds none.  A word made only of
        # what the folding drops (a lone tatweel or vowel mark) stays as is, but for its
        # joiners (invisible, no part of it): never empty
        out = "".join(out.split()) or "".join(folded.split()).translate(_NO_JOINERS) or word
    return out


def _ascii_words_only(text: str) -> bool:
    """Every character WORD_RE can take into a word is ASCII: the words are then the runs
    of ``[A-Za-z0-9]``."""
    return text.isascii() or _NON_ASCII_WORD_CHAR.search(text) is None


# an HTML character reference a scraper left undecoded ("&amp;", "&#8217;", "&nbsp;",
# "caf&eacute;"): named (HTML5's names), decimal or hexadecimal
_CHAR_REF = _re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def char_refs(text: str) -> list[tuple[int, int, str]]:
    """The HTML character references left in ``text`` as ``(start, end, character)``:
    a page scraped without decoding them writes "the company&#8217;s" and "Smith &amp;
    Sons", and their digits and names ("8217", "amp", "nbsp") are no words of the story
    (its copy decoded has none), so :func:`token_lists` reads each as the character it
    stands for: a letter inside the word around it ("caf&eacute;" is "café"), anything
    else a break between words.  The text itself is never changed (offsets point into it).

    >>> char_refs("AT&T&#8217;s caf&eacute; &amp; &bogus; bar")
    [(4, 11, '’'), (16, 24, 'é'), (25, 30, '&')]
    """
    if "&" not in text:
        return []
    out = []
    for m in _CHAR_REF.finditer(text):
        ref = m.group()
        if ref[1] != "#" and ref[1:] not in html.entities.html5:
            continue
        decoded = html.unescape(ref)
        if decoded != ref:  # (HTML reads a reference to a control character as nothing, and
            # a few names stand for two characters: a break between words either way)
            out.append((m.start(), m.end(), decoded if len(decoded) == 1 else " "))
    return out


def decode_refs(text: str) -> str:
    """``text`` with its :func:`char_refs` replaced by their characters (a line's features
    are read from it: "Site &#124; Motto" is a site's name and motto; offsets are not)."""
    refs = char_refs(text)
    if not refs:
        return text
    parts, at = [], 0
    for start, end, char in refs:
        parts += [text[at:start], char]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Words of ``text`` as ``(start, end, normalized)``; ``text[start:end]`` is the word as given."""
    starts, ends, words = token_lists(text)
    return list(zip(starts, ends, words))


def token_lists(text: str) -> tuple[list[int], list[int], list[str]]:
    """:func:`tokenize` as three lists: ``(starts, ends, normalized words)``.  The target of a
    Markdown link or image (the web address in "[text](https://...)") holds no words: a page
    a scraper gave as Markdown has the words of a page given as text (see :func:`_all_tokens`)."""
    starts, ends, words = _all_tokens(text)
    if "](" not in text or not starts:
        return starts, ends, words
    spans = [(m.start() + 1, m.end()) for m in _MD_TARGET.finditer(text)]  # "(...)" after "]"
    if not spans:
        return starts, ends, words
    bounds = [x for span in spans for x in span]
    keep = [bisect_right(bounds, a) % 2 == 0 for a in starts]  # inside a target: odd
    return ([a for a, k in zip(starts, keep) if k], [b for b, k in zip(ends, keep) if k],
            [w for w, k in zip(words, keep) if k])


def _all_tokens(text: str) -> tuple[list[int], list[int], list[str]]:
    """Every word of ``text`` as three lists: ``(starts, ends, normalized words)``.

    No Python code runs per word (except to normalize non-ASCII ones).  When every word
    character is ASCII, WORD_RE's words are the runs of ``[A-Za-z0-9]``: their bounds are
    found with numpy on the text's code points, and the words by blanking every other
    character, lower-casing and splitting on white space.  Otherwise each code point's
    class under WORD_RE (:func:`_char_classes`) gives the bounds the same way, and the
    words are cut from the text with a space put before each one (a character of a script
    written without spaces is a word by itself, so two of them may touch).  An HTML
    character reference left in the text is read as its character (:func:`char_refs`)."""
    if "&" in text:
        refs = char_refs(text)
        if refs:
            return _unicode_token_lists(text, refs)
    if text.isascii():
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    elif _ascii_words_only(text):
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # one per character
        codes = np.minimum(codes, 255).astype(np.uint8)  # no word character above 127
    else:
        return _unicode_token_lists(text)
    word = _ASCII_WORD_BYTE[codes]
    words = np.where(word, codes, np.uint8(32)).tobytes().decode("ascii").lower().split()
    # where ``word`` changes, padded with False at both ends (np.diff with prepend/append
    # costs more than the comparison on a short text)
    padded = np.zeros(len(word) + 2, dtype=bool)
    padded[1:-1] = word
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return edges[0::2].tolist(), edges[1::2].tolist(), words


@lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """WORD_RE's class of every code point: 0 not in a word, 1 in a word (a letter, mark
    or digit), 2 a word by itself (a character of a script written without spaces), 3 a
    mark (in the word of the character it follows; after a character of class 2, in
    that character's word), 4 one of :data:`_JOINERS` (in the word of the character
    before it, if that is in one).  Found
    with WORD_RE's own character sets (``regex``) over all of Unicode, once per process
    (~0.15 s, 1.1 MB); no character of class 1 or 2 is white space."""
    every = _every_character()
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    for m in regex.finditer(r"[\p{L}\p{M}\p{N}]+", every, regex.V0):
        table[m.start():m.end()] = 1
    for m in regex.finditer(rf"{_ALONE}+", every, regex.V1):
        table[m.start():m.end()] = 2
    for m in regex.finditer(rf"[{_MARK}]+", every, regex.V1):
        table[m.start():m.end()] = 3
    table[list(map(ord, _JOINERS))] = 4
    return table


def _unicode_token_lists(text: str, refs: Sequence[tuple[int, int, str]] = ()
                         ) -> tuple[list[int], list[int], list[str]]:
    """:func:`token_lists` of any text, from the class of each of its code points: a word
    starts at a word character after a non-word one, and at (or just after) a character
    that is a word by itself; it ends likewise.  ``refs``: :func:`char_refs` of the text,
    each read as its character (a letter, mark or digit in the word around it, with the
    rest of the reference as invisible joiners; anything else as a space)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _char_classes()
    if refs:
        codes = codes.copy()
        for start, end, char in refs:
            if classes[ord(char)]:
                codes[start] = ord(char)
                codes[start + 1:end] = 0xAD  # (a soft hyphen: in the word, dropped by norm_word)
            else:
                codes[start:end] = 32
    cls = classes[codes]
    joiner = cls == 4
    if joiner.any():  # in the word of the last other character before it, as a mark; else in none
        base = np.maximum.accumulate(np.where(joiner, -1, np.arange(len(cls))))
        cls = np.where(joiner, np.where((base >= 0) & (cls[np.maximum(base, 0)] > 0), 3, 0), cls)
    word, alone = cls > 0, cls == 2
    edge = np.zeros(len(cls) + 1, dtype=bool)  # between character k - 1 and character k
    if alone.any():
        mark = cls == 3
        # a mark after a character of class 2 (through other marks) is in its word
        base = np.maximum.accumulate(np.where(mark, -1, np.arange(len(cls))))  # the last non-mark, or -1
        attached = mark & (base >= 0) & alone[np.maximum(base, 0)]
        ends_alone = alone | attached  # a character that ends a word unless a mark of it follows
        edge[1:-1] = (word[1:] != word[:-1]) | alone[1:] | (ends_alone[:-1] & ~attached[1:])
    else:
        edge[1:-1] = word[1:] != word[:-1]
    edge[0], edge[-1] = True, True
    starts = np.flatnonzero(edge[:-1] & word)
    ends = np.flatnonzero(edge[1:] & word) + 1
    spaced = np.insert(np.where(word, codes, np.uint32(32)), starts, np.uint32(32))
    words = list(map(norm_word, spaced.tobytes().decode("utf-32-le").split()))
    return starts.tolist(), ends.tolist(), words


_SPACELESS_RE = regex.compile(rf"[{_NO_SPACE_SCRIPTS}]")


@lru_cache(maxsize=1 << 14)
def _spaceless_char(ch: str) -> bool:
    return _SPACELESS_RE.match(ch) is not None


_MARK_RE = regex.compile(rf"[{_MARK}]", regex.V1)


@lru_cache(maxsize=1 << 16)
def is_spaceless(word: str) -> bool:
    """True for a word of a script written without spaces (CJK, Thai...): one character
    with the marks that follow it (:data:`WORD_RE`), normalized (NFKC may decompose: Thai
    U+0E33 becomes U+0E4D U+0E32, a mark and a letter)."""
    if len(word) == 1:
        return not word.isascii() and _spaceless_char(word)
    return bool(word) and not word.isascii() and _spaceless_char(word[0]) and len(_MARK_RE.sub("", word)) <= 1


_IDEOGRAPHIC_RE = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1 << 14)
def is_ideographic(word: str) -> bool:
    """True for one Chinese character (Han, as Chinese and Japanese write it): a word or a
    morpheme by itself, where a kana is a syllable and a Thai or Khmer character a letter."""
    return len(word) == 1 and _IDEOGRAPHIC_RE.match(word) is not None


@lru_cache(maxsize=8)
def boilerplate_cues(promo: str = "") -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The cue lexicon as (single words, multi-word phrases), both normalized; with ``promo``
    a mark, only the entries it marks: ``"+"`` words of sign-up promos, ``"-"`` ad labels,
    ``"~"`` words of notices (no cue line by themselves), ``"="`` labels that are furniture
    only as a whole line (:func:`whole_line_cues`), ``"@"`` names of apps and social
    networks (:func:`app_names`) and ``"^"`` phrases of a story's update notice
    (:func:`update_notice`), the last three left out of the other sets."""
    words, phrases = set(), []
    text = resources.files("dedup").joinpath("boilerplate_cues.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or (promo and not line.endswith(promo)):
            continue
        if not promo and line.endswith((" =", " @", " ^")):
            continue
        toks = tuple(norm_word(w) for w in WORD_RE.findall(line))
        if len(toks) == 1:
            words.add(toks[0])
        elif toks:
            phrases.append(toks)
    return frozenset(words), tuple(phrases)


@lru_cache(maxsize=1)
def whole_line_cues() -> frozenset[tuple[str, ...]]:
    """Labels that are page furniture only when a line holds them and nothing else (marked
    ``=`` in the lexicon): an ad's label in everyday words, "Anuncio" or "広告" alone on a
    line, where "Anuncio del Gobierno" is a headline.  Each as its normalized words."""
    single, phrases = boilerplate_cues("=")
    return frozenset({(w,) for w in single} | set(phrases))


_GALLERY_COUNTER = _re.compile(r"[^\W\d_]{2,12} (\d{1,3}) [^\W\d_]{1,4} (\d{1,3})")


def _gallery_counter(line: str) -> bool:
    """A gallery's counter: a word, a number, a short word and a number no smaller ("Photo 1
    of 9", "Bild 3 von 14", "Foto 2 de 12")."""
    m = _GALLERY_COUNTER.fullmatch(line)
    return m is not None and 0 < int(m.group(1)) <= int(m.group(2))


def app_names(words: Sequence[str]) -> int:
    """How many different apps and social networks a line's normalized words name
    ("Follow us on Facebook and Instagram": 2; "App Store | Google Play": 2).  One is a
    news sentence's source as often as a promo ("she wrote on Facebook"); two in a short
    line are mostly a site's own links."""
    single, by_first = _marked("@")
    found: set = set(single.intersection(words))
    if not by_first.keys().isdisjoint(words):  # (most lines hold no phrase's first word)
        for i, w in enumerate(words):
            for ph in by_first.get(w, ()):
                if tuple(words[i:i + len(ph)]) == ph:
                    found.add(ph)
    return len(found)


# the most words (Thai and Chinese: characters) a whole-line label has
_WHOLE_LINE_WORDS = max(map(len, whole_line_cues()), default=0)


@lru_cache(maxsize=4)
def _marked(mark: str) -> tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]]:
    """The lexicon's entries of one mark (``"+"`` sign-up promos, ``"@"`` apps and social
    networks): single words, and phrases by their first word."""
    single, phrases = boilerplate_cues(mark)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        by_first.setdefault(p[0], []).append(p)
    return single, {w: tuple(ps) for w, ps in by_first.items()}


def update_notice(words: Sequence[str]) -> bool:
    """Whether a line's normalized words hold a phrase of a developing story's notice
    (marked ``^`` in the lexicon: "This story is developing and will be updated", "Diese
    Meldung wird laufend aktualisiert", "この記事は続報が入り次第更新します")."""
    return _holds_marked("^", words)


def has_promo(words: Sequence[str]) -> bool:
    """Whether a line's normalized words hold a word or phrase of sign-up promos."""
    return _holds_marked("+", words)


def _holds_marked(mark: str, words: Sequence[str]) -> bool:
    """Whether a line's normalized words hold a word or phrase of the lexicon's ``mark``."""
    single, by_first = _marked(mark)
    if not single.isdisjoint(words):
        return True
    return any(tuple(words[i:i + len(p)]) == p
               for i, w in enumerate(words) if w in by_first for p in by_first[w])


@dataclass(slots=True)
class Line:
    """One line of a document with the facts boilerplate detection needs."""

    start: int
    end: int
    words: list[str]
    terminal: bool  # ends like a sentence
    cue: bool  # a furniture line by its words (see split_lines)
    counter: bool  # tiny line of digits/symbols, a web address, a copyright sign
    has_cue: bool = False  # holds at least one furniture word
    asks: bool = False  # ends with a question or exclamation mark (a headline may)
    heading: bool = False  # may head a list of links (see headed_lists)
    lower: bool = False  # starts in lower case
    promo: bool = False  # at most PROMO_WORDS words, holding a word of sign-up promos
    header: bool = False  # a short line of a page's header: a breadcrumb, a date or time (see _HEADER_LINE)
    section: bool = False  # a site's name and section in two parts, if a headline follows (see _TWO_PARTS)
    shout: bool = False  # one word in capitals, no stop or colon ("ANNONCE", an advertisement's label)
    tagline: bool = False  # a site's name in capitals and its motto after a dash (see _TAGLINE)
    teaser: bool = False  # "Read also: <a headline>": a label, a colon, a headline (see _TEASER)
    buttons: bool = False  # ends in three or more buttons between bars ("... Accept | Settings | Refuse")
    caption: bool = False  # a photo's caption: a short sentence, then "Label: its credit" (see _CAPTION)
    byline: bool = False  # a labelled byline: one word, a colon, one to four words (see _BYLINE)
    pictured: bool = False  # opens with an emoji or pictograph ("👉 Follow us …", "💬 3 comments")
    tags: bool = False  # a line of tags: hashtags, or a label and a list ("Tags: a · b · c")
    symbol: bool = False  # a few words and a pictograph, no stop ("Share ↗", "☰ Menu 🔍 Search")
    site: bool = False  # a few words, a dash, bar or dot between spaces, a few more ("Name – motto")
    site_words: int = 0  # of a site line, how many words its name (before the separator) has
    choice: bool = False  # one to four buttons right under the line before it ("Accept all   Reject", see _CHOICE)
    named: bool = False  # a labelled byline whose words after the label are a name ("Autor: Sorin Moldovan")
    aside: bool = False  # a note in parentheses, a framed divider or a link ending in an arrow (see _ASIDE)
    banner: bool = False  # the page's first line: a notice with its buttons after its last stop (_TRAILING_BUTTONS)
    capitalized: bool = False  # two to SECTION_WORDS words, each opening with a letter not in lower case, not all capitals
    apps: bool = False  # at most PROMO_WORDS words naming two apps or social networks (see app_names)
    menu: bool = False  # a header line of three or more parts between bars, dots or arrows, no figure
    item: bool = False  # opens with a list item's bullet or number ("- ", "• ", "2. ")
    quoted: bool = False  # opens with a quotation mark and ends with one ("« Nous ... sept. »")
    field: int = 0  # a message header's field ("From: Ana <ana@x.example>"): 1, 2 with an e-mail or web address
    sig: bool = False  # "--" alone: an e-mail's signature follows (see signature_lines)
    linked: bool = False  # Markdown links or images and at most MD_LINK_WORDS other words (see _md_line)
    md_heading: bool = False  # a Markdown heading: opens with "# " to "###### "
    dated: bool = False  # at most DATED_WORDS words, ending in a date with its month in words (see _dated_end)
    led: bool = False  # a short word in lower case, then two to four capitalized words ("di Stefano Moretti")
    opens: bool = False  # ends with a colon, no more than CONTACT_WORDS words ("For further information, please contact:")
    contact: bool = False  # holds an e-mail address or a telephone number (seven digits or more in groups)
    speaker: bool = False  # a transcript's speaker label: capitals and a colon ("[00:04:27] PRESENTER:", see _SPEAKER)
    ends: bool = False  # a press release's end mark alone on its line: "ENDS", "###", "-30-" (see _END_MARK)
    wire: bool = False  # an agency's dateline on its own line: "Villalbarca, 24 sep (AMN)." (see _DATELINE)
    gapped: bool = False  # holds a wide gap (three spaces, a tab or an ideographic space) between words
    strip: bool = False  # an ad's line or a ticker of results: "ANZEIGE | Quoten ...", "LIVE SCORES ● ... · ..."
    bullet: bool = False  # opens with a bullet, a dash or an arrow and a space ("• …", "– …", "→ …"; see _BULLET)
    app_link: bool = False  # two to APP_LINK_WORDS words, no stop, ending in an app's name ("Ver en TikTok")
    imprint: bool = False  # three or more parts between spaced bars, middle dots or bullets ("Avis AS · Redaktør: … · …")
    back: bool = False  # a link back: an arrow, a space, a few words, no stop ("« Previous page", see _BACK_LINK)
    lowered: int = 0  # of a line of at most CREDIT_WORDS words, how many open with a letter in lower case

    @property
    def key(self) -> str:
        return " ".join(self.words)

    def _unpunctuated(self, most: int) -> bool:
        """No sentence end and at most ``most`` words (a character of a script written
        without spaces counting a fraction, :func:`_item_words`)."""
        n = len(self.words)
        return not self.terminal and (n <= most or (n <= 4 * most and _item_words(self.words) <= most))

    @property
    def short(self) -> bool:
        """Headline-like: a few words and no sentence end."""
        return self._unpunctuated(12)

    @property
    def headline(self) -> bool:
        """A line a headline may be: no sentence end and at most twice a short line's words
        (a long headline, which a page header's lines may follow)."""
        return self._unpunctuated(24)


@dataclass
class Prepared:
    """A document after stage 1: its words, content sentences and boilerplate spans.

    The words are kept as three lists (see :func:`token_lists`): ``words[k]`` is
    ``text[starts[k]:ends[k]]`` normalized; :attr:`tokens` zips them."""

    id: str
    text: str
    date: str | None
    starts: list[int]
    ends: list[int]
    words: list[str]  # every normalized word, in order
    lines: list[Line] | None  # None when restored from stage 1's record (see :func:`restore`)
    boilerplate: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    content: list[str] = field(default_factory=list)  # normalized content words, in order
    # the line (paragraph) number of each content sentence (set with the sentences)
    paragraph_of: list[int] | None = None

    @cached_property
    def tokens(self) -> list[tuple[int, int, str]]:
        """The words as :func:`tokenize` gives them, ``(start, end, normalized)``."""
        return list(zip(self.starts, self.ends, self.words))

    @property
    def content_chars(self) -> int:
        return sum(s.end - s.start for s in self.sentences)

    @cached_property
    def numbers(self) -> set[str]:
        """:func:`stated_numbers` of the content sentences (ask after :func:`finalize`)."""
        return stated_numbers(self.text, self.sentences)

    @cached_property
    def sentence_numbers(self) -> list[set[str]]:
        """:func:`stated_numbers` of each content sentence (ask after :func:`finalize`)."""
        return [stated_numbers(self.text, [s]) for s in self.sentences]

    @cached_property
    def quoted(self) -> Quoted | None:
        """:func:`quoted_words`: the content words, which lie in quotations (ask after
        :func:`finalize`)."""
        return quoted_words(self)

    @cached_property
    def name_flags(self) -> list[list[bool]]:
        """:func:`name_flags` of the content sentences (ask after :func:`finalize`)."""
        return name_flags(self.text, self.starts, self.ends, self.sentences)


# \d: the decimal digits of any script; separators . , and the Arabic ٫ ٬
# (not the digits of an HTML character reference left in the text, "&#8217;", "&#x2019;")
_NUMBER = _re.compile(r"(?<!&#)(?<!&#[xX])(?<!\d)\d+(?:[.,\u066b\u066c]\d+)*")
_SEPARATORS = {"\u066b": ".", "\u066c": ",", ".": ".", ",": ","}


def stated_numbers(text: str, spans: Sequence) -> set[str]:
    """The distinct numbers written in ``text[span.start:span.end]`` for each span, as ASCII
    digits (``۲۰۱۴`` -> ``2014``): each number whole, its group and decimal separators
    dropped (``7,075,000`` -> ``7075000``), and each of its groups (``103.62`` -> ``103``,
    ``62``: a text that writes the amount another way, "103 rupees 62 paisas", still states
    it).  Single digits (counts, list items, days) and groups of zeros are left out."""
    out = set()
    for sp in spans:
        for run in _NUMBER.findall(text, sp.start, sp.end):
            if not run.isascii():
                run = "".join(_SEPARATORS.get(c) or str(unicodedata.decimal(c)) for c in run)
            groups = run.replace(",", ".").split(".")
            whole = "".join(groups)
            if len(whole) >= 2:
                out.add(whole)
            if len(groups) > 1:
                out.update(g for g in groups if len(g) >= 2 and g.strip("0"))
    return out


def word_case(text: str, starts: Sequence[int], ends: Sequence[int]) -> tuple[list[bool], list[bool]]:
    """For each word ``text[start:end]``: whether its first character is a capital
    (``str.isupper``), and whether the word is in capitals (``str.isupper`` of the word: a
    capital and no lower- or title-case character), read with numpy from the text's code
    points (each character outside ASCII classed once, by ``str``'s own rules)."""
    if text.isascii():
        codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    else:
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    upper = (codes >= 65) & (codes <= 90)
    other = (codes >= 97) & (codes <= 122)  # a cased character that is not a capital
    high = codes >= 128
    if high.any():
        uniq, inv = np.unique(codes[high], return_inverse=True)
        chars = [chr(c) for c in uniq.tolist()]
        upper[high] = np.array([c.isupper() for c in chars], dtype=bool)[inv]
        other[high] = np.array([not (c + "A").isupper() for c in chars], dtype=bool)[inv]
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    n_upper = np.concatenate([[0], np.cumsum(upper)])
    n_other = np.concatenate([[0], np.cumsum(other)])
    return upper[s].tolist(), ((n_upper[e] > n_upper[s]) & (n_other[e] == n_other[s])).tolist()


def name_flags(text: str, starts: Sequence[int], ends: Sequence[int], spans: Sequence) -> list[list[bool]]:
    """For each word of each sentence ``text[span.start:span.end]`` (the words of a sentence
    as ``passages.sentence_words`` gives them): whether it is written as a name, with a
    capital initial where a sentence does not start (``Dow Chemical Co said`` ->
    ``Chemical``, ``Co``).  A sentence mostly in capitals (a headline) has none; neither
    has a script without letter case, so the test built on them (``name_overlap``)
    does not apply there."""
    out = []
    capital = shout = None  # each word's: capital initial, all in capitals (made when first needed)
    for sp in spans:
        a = bisect_left(starts, sp.start)
        b = bisect_right(ends, sp.end, lo=a)
        if b - a < 2:
            out.append([False] * (b - a))
            continue
        if capital is None:
            capital, shout = word_case(text, starts, ends)
        if 2 * sum(shout[a:b]) > b - a:
            out.append([False] * (b - a))
            continue
        flags = capital[a:b]
        flags[0] = False
        out.append(flags)
    return out


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The cue phrases (:func:`boilerplate_cues`) by their first word, in lexicon order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in boilerplate_cues()[1]:
        out.setdefault(phrase[0], []).append(phrase)
    return {w: tuple(ps) for w, ps in out.items()}


def cue_hits(words: Sequence[str]) -> int:
    """How many furniture words and phrases a line holds."""
    single = boilerplate_cues()[0]
    hits = sum(map(single.__contains__, words))
    by_first = _phrases_by_first_word()
    # the phrases that may occur: their first word does (found in one C-level pass; most
    # lines hold none)
    firsts = set(filter(by_first.__contains__, words))
    for first in firsts:
        for phrase in by_first[first]:
            n = len(phrase)
            hits += sum(1 for i in range(len(words) - n + 1) if tuple(words[i:i + n]) == phrase)
    return hits


# a page header's line: a breadcrumb or a site's sections, three or more parts between
# separators ("Home > News > Local", "首页 > 新闻 > 法治", "Site | News · Sport") or two
# around an arrow between spaces ("Daily Post > Politics", "Site » Sport"; not "<ACME>
# shares", a ticker), or a date
# with its year and month and day in digits ("2024-03-18", "2024/07/09", "2024年5月14日",
# "18.03.2024", "15. 1. 2025") or a time of day ("09:42"), as bylines and publication lines carry (and
# see _WORD_DATE)
_HEADER_SEPS = ">\u203a\u00bb/|\uff5c\u00b7\u2022\uff1e\u2192\u2190\u25c4\u25ba\u25c2\u25b8"  # > › » / | ｜ · • ＞ → ← ◄ ► ◂ ▸
_HEADER_SEP = _re.compile(f"[{_HEADER_SEPS}\u2013\u2014]")  # and – —, between a byline's parts
# a site's menu: three or more parts between bars, dots or arrows (not slashes: a table's
# "PRICES/DLRS  WEIGHTS/LBS")
_MENU_SEPS = _HEADER_SEPS.replace("/", "")
_MENU_LINE = _re.compile(f"^[^{_MENU_SEPS}]+(?:[{_MENU_SEPS}][^{_MENU_SEPS}]+){{2,}}$")
_HEADER_ARROWS = ">\u203a\u00bb\uff1e\u2192\u2190\u25c4\u25ba\u25c2\u25b8"  # > › » ＞ → ← ◄ ► ◂ ▸: a breadcrumb's, seldom a headline's
_HEADER_LINE = _re.compile(
    f"^[^{_HEADER_SEPS}]+(?:[{_HEADER_SEPS}][^{_HEADER_SEPS}]+){{2,}}$"
    f"|^[^{_HEADER_SEPS}<]+\\s[{_HEADER_ARROWS}]{{1,2}}\\s[^{_HEADER_SEPS}]+$"
    "|(?<!\\d)(?:\\d{4}\\s?[-/.\u5e74]\\s?\\d{1,2}\\s?[-/.\u6708]\\s?\\d{1,2}|\\d{1,2}(?:[-/]|\\.\\s?)\\d{1,2}(?:[-/]|\\.\\s?)\\d{4}"
    "|\\d{1,2}(?:\\s?[:\uff1a]\\s?|h)\\d{2})(?!\\d)")
# a date with its month in words: "15 maja 2024", "07 de outubro de 2024", "4. März 2025",
# "October 11, 2024" (a day of 1-31 and a word of letters, or the word, the day and a comma,
# then a year of 19xx or 20xx, or 25xx of the Buddhist era, as Thai dates write it:
# "18 กรกฎาคม 2568"); a header line when the rest of the line is set off from it
# by a separator or a comma ("Anna Berg, 15 maja 2024") or is one word at most ("Published
# 11 October 2024"), not a table's note ("Year to December 31, 1986")
_WORD_DATE = _re.compile(
    "(?<![\\d.,])(?:(?:[12]\\d|3[01]|0?[1-9])\\.?\\s+(?:de\\s+)?[^\\W\\d_]{3,20}\\.?[,\u060c]?\\s+(?:de\\s+)?"
    "|(?<![^\\W\\d_])[^\\W\\d_]{3,20}\\.?\\s+(?:(?:[12]\\d|3[01]|0?[1-9])(?:(?:st|nd|rd|th),?\\s*|,\\s*)|0[1-9]\\s+))(?:19|20|25)\\d\\d(?!\\d)")
# a quotation in guillemets ("«نقدة»", "« Nous avons gagné »"): its closing » is no separator
_GUILLEMETS = _re.compile("\u00ab[^\u00ab\u00bb]*\u00bb")
# a time of day written with a stop, after a date: "09.47" (not part of a longer figure)
_SPACED_H_TIME = _re.compile(r"(?<![\d.,])(?:[01]?\d|2[0-3]) h [0-5]\d(?![\d.,])")
_DOTTED_TIME = _re.compile(r"(?<![\d.,])(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d.,])")
_DATE_SET_OFF = _re.compile(f"[{_HEADER_SEPS},\u060c\u2013\u2014]")
# two parts around a bar or a slash between spaces, each of at most SECTION_WORDS words: a
# site and its section ("Daily Post | Politics", "Etusivu / Politiikka"), not a headline
# under its site's name ("Mayor resigns after audit | Daily Post"); dashes, which headlines
# often hold, are not such separators; a header line only above another line of the
# header (see boilerplate_lines), as a short headline may look the same
# (also a middle dot, a diamond, a star or a Hangul bar between spaces, and a full-width bar
# without them, as Chinese and Japanese sites write it: "今日澄州 · 城事频道", "이슈픽 ㅣ 오늘의
# 이슈", "北日本オンライン｜くらし・安全")
_TWO_PARTS = _re.compile(f"^([^{_HEADER_SEPS}]+?)(?:\\s[|/\uff5c\u00b7\u25c6\u2605\u3163]\\s|\uff5c)([^{_HEADER_SEPS}]+)$")
SECTION_WORDS = 4
SITE_WORDS = 6
MOTTO_WORDS = 10
MOTTO_SENTENCE_WORDS = 4
LIST_BODY_LINES = 3
# a reading time: "Læsetid: 2 min.", "Vrijeme čitanja: 3 min", "5 min read" (a label and a
# number of minutes, the abbreviation most languages write: min, min., mins, minute(s), ...)
_READING_TIME = _re.compile(r"^[^\d:\uff1a]{2,40}[:\uff1a]\s*\d{1,3}\s?min[^\W\d_]{0,6}\.?$"
                            r"|^\d{1,3}\s?min[^\W\d_]{0,6}\.?\s+[^\W\d_]+(?:\s+[^\W\d_]+)?$")
# a line ending in a stop that belongs to its last word, not to a sentence: a number's
# ("15. kolovoza 2025.", "19 d.") or a short abbreviation's ("2 min.", "2025 m.")
_ABBREVIATED_END = _re.compile(r"(?:\d|(?<![^\W\d_])[^\W\d_]{1,3})\.$")
# a site's name in capitals, a dash and its motto ("OTOČNI PORTAL – vijesti s otoka"): the
# name part is tested for capitals, the motto for a first letter in lower case (not a
# headline's "BREAKING NEWS - 3 DEAD ...", a report's "N.Y. TANKERS - April 7")
# a label of one to three words, a colon and a headline of three or more words ("Citește
# și: Traficul de cereale ...", "ALSO READ : Devotion ..."): a teaser of another article when
# it stands between two paragraphs without a stop of its own (see boilerplate_lines)
_TEASER = _re.compile(r"^([^:\uff1a|\d]{2,40}?)(?:\s?[:\uff1a]|\s\|)\s+(\S+\s+\S+\s+\S.*)$")
TEASER_WORDS = 20
# three or more items of one or two words between bars at the end of a line: a banner's or a
# bar's buttons ("... to improve your experience. Accept all | Settings | Refuse")
BUTTONS_CHARS = 200
_BUTTONS = _re.compile(r"(?:^|\s)[^\s|\uff5c]+(?:\s[^\s|\uff5c]+)?(?:\s[|\uff5c]\s[^\s|\uff5c]+(?:\s[^\s|\uff5c]+)?){2,}$")
# or one to three labels of one to three words in square brackets after a sentence, in a line
# of at most PROMO_WORDS words: a banner's buttons written in brackets ("… you agree. [OK]",
# "… élmény érdekében. [Elfogadom] [Beállítások]"), in any language
_BRACKET_BUTTONS = regex.compile(r"\S[.!?\u0964\u3002]\s*(?:\[[^\[\]\d\s]+(?:\s[^\[\]\d\s]+){0,2}\]\s*){1,3}$")
# a banner's choice: one to four buttons of one to three words without a figure, set apart
# by wide gaps (three spaces or a tab), bars, middle dots or a comma ("Sunt de acord    Refuz",
# "Godkänn alla | Hantera inställningar", "הבנתי, סגור", "Aceitar"), in any language
_CHOICE_WORD = r"[^\s\d|\u00b7\uff5c,.!?:;]+"
_CHOICE_ITEM = rf"{_CHOICE_WORD}(?: {_CHOICE_WORD}){{0,2}}"
_CHOICE = regex.compile(rf"{_CHOICE_ITEM}(?:(?: {{3,}}|[ ]*\t\s*| [|\u00b7\uff5c] |, ){_CHOICE_ITEM}){{0,3}}")
# or two or three of them between bars or middle dots after a sentence, on its line ("…
# souhlasíte s jejich použitím. Souhlasím | Nastavení"), in a line holding a furniture word
_TRAILING_CHOICE = regex.compile(rf"[.!?\u0964\u3002]\s+{_CHOICE_ITEM}(?: [|\u00b7\uff5c] {_CHOICE_ITEM}){{1,2}}$")
# a site's menu with wide gaps between its items: three or more of one to three words
# without a figure ("Nyheter   Teknik   Startups   Podd"), a line of a page's header, where
# every gap is the same (a table's row of column names, "LAST    BUYER   SELLER", has its
# gaps as wide as its columns make them)
# (or an ideographic space between items of at most MENU_CHARS characters, but for one of up
# to twice as many: "トップ　国内　国際　経済", where a headline's clauses are longer)
# (an item of a menu may end in a year: "Valg 2023", "Euro 2024")
_MENU_ITEM = rf"{_CHOICE_WORD}(?: {_CHOICE_WORD}){{0,2}}(?: (?:19|20)\d\d)?"
_GAPPED_MENU = regex.compile(rf"{_MENU_ITEM}(?:(?: {{2,}}|[ ]*\t\s*|\u3000){_MENU_ITEM}){{2,}}")
_GAP = _re.compile(r" {2,}|[ ]*\t\s*|\u3000")
# a menu's item ending in a year, between gaps: "   Valg 2023   " (its only figures)
_MENU_YEAR = _re.compile(r"^(?:[^\d]|(?<![\d.,])(?:19|20)\d\d(?![\d.,]))*$")
MENU_CHARS = 6


def _gapped_menu(line: str) -> bool:
    if _GAPPED_MENU.fullmatch(line) is None:
        return False
    gaps = set(_GAP.findall(line))
    # (two spaces only between items not all in capitals: "MTH BYR  SLR  HIGH LOW" is a table's)
    # (one item of the menu may be up to twice as long: "ニュース　地域　…　紙面ビューアー")
    if gaps == {"\u3000"}:
        sizes = sorted(map(len, line.split("\u3000")))
        if sizes[-2] > MENU_CHARS or sizes[-1] > 2 * MENU_CHARS:
            return False
    return len(gaps) == 1 and (gaps != {"  "} or not line.isupper())
# an aside by its form, in any language: a whole line in parentheses, without a figure or a
# stop before its closing one (a credit or an editor's
# note: "(Foto ASP)", "（画像：視聴者提供）", "(Adds talks to resume ...)"), a short line framed
# by the same dashes or triangles ("—— R E K L A M A ——", "▼ Continua sotto ▼", "- …  -"), or a
# short line ending in an arrow without a stop before it (a link: "Read the full story at
# Meridian Press →", "続きは…ご覧ください ›")
# a link back (Line.back): at most BACK_LINK_WORDS words opening with an arrow and a space,
# without a stop or a figure: "« Previous page", "‹ Vorige pagina"
_ASIDE = regex.compile(r"[(\uff08][^()\uff08\uff09\d]+[^()\uff08\uff09\d.!?\u3002\uff01\uff1f][)\uff09]"
                       r"|(?P<f>[-\u2013\u2014=*~_\u25bc\u25b2\u25ba\u25c4\u25b6\u25c0\u2605\u2606])(?P=f)*\s.*\S\s(?P=f)+"
                       r"|.*[^\s.!?\u3002\uff01\uff1f]\s?[\u2192\u2190\u203a\u00bb\u25b6\u25ba\u27a1\u2794]")
_BACK_LINK = _re.compile("[\u00ab\u2039\u2190]\\s[^\\s\\d.!?\u3002\uff01\uff1f\u00bb]+(?:\\s[^\\s.!?\u3002\uff01\uff1f\u00bb]+){0,3}")
BACK_LINK_WORDS = 4
ASIDE_WORDS = 30
"""Most words of a line in parentheses (:data:`_ASIDE`); a framed line or a link has at most
12."""
# a notice's one to three buttons after its last stop, on the page's first line: "… sur notre
# site. OK, j'accepte", "… على ذلك. موافق", "…とみなします。　同意する"
_BUTTON = rf"{_CHOICE_WORD}(?: {_CHOICE_WORD})?"  # of one or two words
_TRAILING_BUTTONS = regex.compile(
    rf"[.!?\u0964\u3002]\s+(?!\p{{Ll}}){_BUTTON}(?:(?: {{3,}}| [|\u00b7\uff5c] |, |\u3000){_BUTTON}){{0,2}}$", regex.V1)
CHOICE_WORDS = 8
"""Most words of a banner's line of buttons (:data:`_CHOICE`)."""
NOTICE_WORDS = 40
"""Most words of a notice (a consent banner's text) above its buttons."""
# a photo's caption: a sentence of three or more words, then a credit, one word of letters,
# a colon and one to six words without a figure or a stop ("… ud for Mågeø. Foto: Jonas
# Birk", "… Movila Albă. Foto: Observatorul Dunării / Radu Enache"; after a slash or a dash,
# "… de la fábrica. / Foto: Diario de Valdemora"; with a space before the colon or an equals
# sign, "(Photo : Courrier)", "… 전경. 사진=서하일보 DB"), in a line of at most CAPTION_WORDS
# words (a paragraph ending in its source, "… dedi. Kaynak: AA", is longer)
_CAPTION = regex.compile(r"(?<!\S)\S+\s+\S+\s+\S*[^\s\d][.!?\u0964\u3002][\"\u201d\u2019)]?\s+(?:[/|\u00b7\u2013\u2014]\s+)?"
                         r"[\p{L}\p{M}]{2,20}\s?[:\uff1a=]\s*"
                         r"(?:\p{Lu}\.\s+)?[^:\uff1a.!?\d\s]+(?:\s+[^:\uff1a.!?\d\s]+){0,5}$"
                         # or the credit in brackets: "… on Wednesday. (Photo: Dan Sobczak / The Ledger)"
                         r"|(?<!\S)\S+\s+\S+\s+\S*[^\s\d][.!?\u0964\u3002]?\s+\((?:[\p{L}\p{M}]+\s)?[\p{L}\p{M}]{2,20}\s?[:\uff1a]\s+"
                         r"[^:\uff1a.!?\d\s()]+(?:\s+[^:\uff1a.!?\d\s()]+){0,7}\)$")
# or a credit without a label after the caption: two to four words in brackets after its stop
# ("… del municipio di Roccafiore. (Foto ASP)", "… جنوب الواحة. (الصورة من الشركة)"), a credit
# in full-width brackets right after a Japanese caption, which names its picture's time and
# place after a full-width equals sign ("…山林＝13日午前、青峰県杉野町（JCNヘリから）"; a
# paragraph signed "…審議する。（共同）" is none), or a copyright sign and
# one to six words after its stop ("… en février 2025. © APE / Julien Barraud"); a one-word
# sign-off, "… on Tuesday. (Reuters)", is none
_CAPTION_CREDIT = regex.compile(r"(?<!\S)\S+\s+\S+\s+\S*[^\s\d][.!?\u0964\u3002]\s+\([^()\d\s.!?]+(?:\s[^()\d\s.!?]+){1,3}\)$"
                                r"|\uff1d\S*\S{6}\uff08[^\uff08\uff09\d]{2,15}\uff09$"
                                r"|(?<!\S)\S+\s+\S+\s+\S*[.!?\u0964\u3002]\s+\u00a9\s?[^\s\u00a9\d.!?]+(?:\s[^\s\u00a9\d.!?]+){0,5}$")
CAPTION_WORDS = 20
# or a line of at most CAPTION_WORDS words opening with a label of one word in square
# brackets, with its credit or not ("[Photo] …", "[Chart: Reuters] …"): a picture's or a
# chart's caption, in any language
_BRACKET_CAPTION = regex.compile(r"^\[[\p{L}\p{M}]{2,20}(?:[:\uff1a]\s*[^\[\]\d:\uff1a]{1,60})?\]\s+\S")
# a line opening with an emoji or another pictograph (not © or ®, see _COPYRIGHT_OPENS): a
# page's calls to follow, share or download ("👉 Follow us on …", "📲 Download the app …",
# "🔔 Turn on notifications"), its counters ("💬 3 comments") and its lists of teasers ("🔥
# …", "▶ …"); none in a news story's own paragraphs in the corpora (and a musical note: an
# embedded short video's sound line, "♬ original sound - Mia Delgado")
_PICTURED = regex.compile(r"^[[\p{Extended_Pictographic}\u266a-\u266c]--[\u00a9\u00ae]]", regex.V1)
# a labelled byline: one word of letters, a colon and one to four words without a figure
# ("Koonnut: Päivän Tiivis -toimitus", "כתבה: דנה אורבך"); furniture only under a line of the
# header and above another line before the text (see boilerplate_lines)
_COLON = _re.compile("[:\uff1a]")
_ASIDE_ENDS = frozenset(")\uff09-\u2013\u2014=*~_\u25bc\u25b2\u25ba\u25c4\u25b6\u25c0\u2605\u2606\u2192\u2190\u203a\u00bb\u27a1\u2794")
_BYLINE = regex.compile(r"^[\p{L}\p{M}]{2,15}(?::\s+|\uff1a\s*)[^\s\d:\uff1a]+(?:\s+[^\s\d:\uff1a]+){0,3}$")
# a line of tags: two or more hashtags and nothing else but a label ("#Granollers #Habitatge",
# "Etiquetes: #Granollers #Habitatge"), or a label of one or two words, a colon and three or
# more items of at most three words between middle dots or bars ("Temes: habitatge ·
# Granollers · Vallès Oriental")
_HASHTAGS = regex.compile(r"^(?:[^\s#:\uff1a]+(?:\s[^\s#:\uff1a]+)?[:\uff1a]\s*)?#[^\s#]+(?:\s+#[^\s#]+)+$")
_TAG_LIST = regex.compile(r"^[^\s:\uff1a]+(?:\s[^\s:\uff1a]+)?[:\uff1a]\s*[^\s\u00b7|\u2022]+(?:\s[^\s\u00b7|\u2022]+){0,2}"
                          r"(?:\s[\u00b7|\u2022]\s[^\s\u00b7|\u2022]+(?:\s[^\s\u00b7|\u2022]+){0,2}){2,}$")
# a pictograph anywhere in a line (an icon's text: "☰ Menu 🔍 Search", "Share ↗", "Jaga
# artiklit 📤"); with few words and no stop, a page's control (see SYMBOL_WORDS)
_PICTOGRAPH = regex.compile(r"[[\p{Extended_Pictographic}\u2630-\u2637]--[\u00a9\u00ae]]", regex.V1)
SYMBOL_WORDS = 6
# a site's name and its motto or section around a dash (not a hyphen), a bar or a middle dot
# between spaces, the name of one to four words (see boilerplate_lines: first, and not right
# above the headline)
_SITE = regex.compile(r"^[^\s\u2013\u2014|\u00b7]+(?:\s[^\s\u2013\u2014|\u00b7]+){0,3}\s[\u2013\u2014|\u00b7]\s\S.*$")
_SITE_SPLIT = regex.compile(r"\s[\u2013\u2014|\u00b7]\s")  # where a site line's name ends
_FIGURE_END = _re.compile(r"\d[.,]\d{1,2}$")
# a line opening with a date (after a day's name, with a comma or not, or none) and ending in
# an abbreviation's stop or a date's ("сряда, 12 март 2025 г.", "12 март 2025, 14:05 ч.",
# "Уторак, 11.03.2025.", "วันพฤหัสบดีที่ 18 กันยายน พ.ศ. 2568 เวลา 10.05 น."): a dated line,
# though it ends as a sentence does
_DATED_ABBREVIATED = regex.compile(r"^(?:[^\W\d_]+,?\s*)?\d.*(?:(?<![^\W\d_])[^\W\d_]{1,3}|\d{1,2}\.\d{1,2}\.\d{4})\.$")
# a file to download: "PDF" (in capitals, a word by itself or before a hyphen or colon) or a
# size in bytes in parentheses, "(198 KB)", "(PDF, 188 KB)"
_FILE_LINK = _re.compile(r"(?<![^\W_])PDF(?![^\W_])|\(\s*(?:PDF,\s*)?\d+(?:[.,]\d+)?\s?[KMGkM]i?B\s*\)")
# a label of one to three words, a colon and a count below a million, nothing else: a page's
# view or comment counter ("Прегледи: 3 417"); not a market's volume ("VOLUME: 19,540,629")
_LABELLED_COUNT = regex.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:\s[^\W\d_][^\W\d_'’.-]*){0,2}\s?[:\uff1a]\s*"
                                r"\d{1,3}(?:[\s\u00a0\u202f.,]\d{3})?$")
_YEAR = _re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # (a dated line's: a table's figures hold none)
_HAS_YEAR = _re.compile(r"(?<!\d)(?:19|20|25)\d\d(?!\d)")  # (or of the Buddhist era's, 25xx)
# a byline: "By", and its word in a few other languages, then a name in capitals ("By Tom
# Haworth, Business Reporter", "Von Anna Berg", "Por Rodrigo Tavares"); a header line (above
# the running text only, see boilerplate_lines)
_BY_LINE = regex.compile(r"^(?i:by|von|por|par|door|av|af)[:\s]\s*\p{Lu}")
_SPACED_SEP = _re.compile(f"\\s[{_HEADER_SEPS}\u2013\u2014]\\s")
_DASHES = frozenset("\u2013\u2014-")
_TAGLINE = _re.compile(r"^(.+?)\s[\u2013\u2014-]\s(.+)$")


@lru_cache(maxsize=1)
def _ascii_digits() -> dict[int, int | None]:
    """The decimal digits of every script as ASCII (a ``str.translate`` table): a date
    written in Persian, Arabic or Devanagari digits ("۲۲ اکتبر ۲۰۲۴") is read as one in ASCII."""
    return {k: v for k, v in _fold_table().items() if v is not None and 0x30 <= v <= 0x39}


DATED_WORDS = 10
"""A line of at most this many words ending in a date is a post's line under its headline
("Posted by newsdesk on March 14, 2025"; see :func:`_dated_end`)."""


def _dated_end(line: str) -> bool:
    """``line`` ends in a whole date with its month in words (:data:`_WORD_DATE`), nothing
    but a stop or a comma after it."""
    if not line.isascii():
        line = _MARK_RE.sub("", line.translate(_ascii_digits()))
    if _HAS_DIGIT(line) is None:
        return False
    m = None
    for m in _WORD_DATE.finditer(line):
        pass
    return m is not None and not line[m.end():].strip(" .,")


_WEB_ADDRESS = _re.compile(r"https?://\S+")


def _web_words(line: str) -> int:
    """How many words ``line`` has outside its web addresses ("https://..." up to a space)."""
    return len(token_lists(_WEB_ADDRESS.sub(" ", line))[2])


class _At(NamedTuple):
    """Where a date is in a line (a match's ``start()`` and ``end()``)."""

    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _word_date_elsewhere(line: str) -> _At | None:
    """The first whole date :mod:`dedup.pagedate` reads in ``line`` with its month in words
    (not in digits: :data:`_HEADER_LINE` holds those) where :data:`_WORD_DATE` finds none."""
    if _HAS_YEAR.search(line.translate(_ascii_digits())) is None:
        return None
    from . import pagedate
    for a, b, _ in pagedate.line_dates(line):
        if _LETTER_OR_MARK.search(line, a, b) is not None:
            return _At(a, b)
    return None


def _header_line(line: str) -> bool:
    """A page header's line by its text: see :data:`_HEADER_LINE` and :data:`_WORD_DATE`
    (digits of any script read as ASCII, and a word's vowel signs and other marks left out,
    so that a month's name in a script that writes them, "फागुन १६, २०८१", is a word)."""
    given = line
    if not line.isascii():
        line = _MARK_RE.sub("", line.translate(_ascii_digits()))
        if "\u00ab" in line:  # a quotation in guillemets, whose » is no breadcrumb's arrow
            line = _GUILLEMETS.sub("q", line)
    if _HEADER_LINE.search(line) is not None:
        return True
    m = _WORD_DATE.search(line)
    if m is None:
        # (or another whole date with its month in words, as dedup.pagedate reads them: the
        # year first, "2025 අගෝස්තු 20 බදාදා, පෙ.ව. 8.45", "2025 оны 7 сарын 8"; a month's
        # name glued to a word in a script written without spaces, "ទី២៣ ខែកញ្ញា ឆ្នាំ២០២៥")
        m = _word_date_elsewhere(given)
        if m is None:
            return False
        line = given.translate(_ascii_digits())
    rest = line[:m.start()] + " " + line[m.end():]
    # (or a hyphen between spaces right before it: "بواسطة فريق التحرير - 16 مارس، 2025")
    if (_DATE_SET_OFF.search(rest) is not None or line[:m.start()].endswith(" - ")
            or len(_LETTERS.findall(rest)) <= 1):
        return True
    # (or a label of three words at most and a colon before it, a day's name at most after
    # it: "Yayın tarihi: 20 Haziran 2025 Cuma", "Date de publication : 3 juin 2025")
    before = line[:m.start()].rstrip()
    if (before.endswith((":", "\uff1a")) and len(_LETTERS.findall(before)) <= 3
            and len(_LETTERS.findall(line[m.end():])) <= 1):
        return True
    # (or a time of day written with a stop after it, and two words at most besides, a day's
    # name and a time zone: "Tue 11 Mar 2025 09.47 GMT")
    t = _DOTTED_TIME.search(line, m.end())
    if t is not None and len(_LETTERS.findall(line[:m.start()] + " " + line[t.end():])) <= 2:
        return True
    # (or a time written with spaces around its "h" after it, and five words at most besides,
    # as Québec writes it: "Publié le 17 mars 2025 à 10 h 45", "Mis à jour le 17 mars 2025 à 13 h 02")
    t = _SPACED_H_TIME.search(line, m.end())
    if t is not None and len(_LETTERS.findall(line[:m.start()] + " " + line[m.end():t.start()] + " "
                                              + line[t.end():])) <= 5:
        return True
    return _date_then_time(given)


def _date_then_time(line: str) -> bool:
    """A line of one whole date and one time of day after it (:mod:`dedup.pagedate`), with
    a word at most before the date (a day's name), one between them ("at", "um", "เวลา")
    and one of three letters at most after the time (its "o'clock": "Uhr", "น.", "ч."):
    "วันพฤหัสบดีที่ 18 กันยายน พ.ศ. 2568 เวลา 10.05 น.", "Donnerstag, 18. September 2025 um
    10:05 Uhr"."""
    from . import pagedate
    dates = pagedate.line_dates(line)
    if len(dates) != 1:
        return False
    a, b, _ = dates[0]
    times = [t for t in pagedate.line_times(line, dates) if t[0] >= b]
    if len(times) != 1:
        return False
    ta, tb, _ = times[0]

    def words(part: str) -> list[str]:
        return _LETTERS.findall(_MARK_RE.sub("", part))
    after = words(line[tb:])
    return (len(words(line[:a])) <= 1 and len(words(line[b:ta])) <= 1 and len(after) <= 1
            and all(len(w) <= 3 for w in after))


def _time_end(line: str) -> bool:
    """Whether ``line`` holds a date and ends with a time of day (:mod:`dedup.pagedate`),
    the stop at its end the time's: "6:10 a.m."."""
    from . import pagedate
    dates = pagedate.line_dates(line)
    return bool(dates) and any(b == len(line) for _, b, _ in pagedate.line_times(line, dates))


def _timestamped(line: str) -> bool:
    """Whether ``line`` holds a date (with its year or without) and a time of day
    (:mod:`dedup.pagedate`)."""
    from . import pagedate
    dates = pagedate.line_dates(line) or pagedate.line_dates(line, yearless=True)
    # (with its dates, a time written with a stop counts, as the page's dates read it:
    # "Eingestellt am 17.02.2026 um 13.30 Uhr")
    return bool(dates and pagedate.line_times(line, dates))


def _section_line(line: str) -> bool:
    """A site's name and its section in two parts (see :data:`_TWO_PARTS`)."""
    m = _TWO_PARTS.match(line)
    return m is not None and all(_item_words(token_lists(part)[2]) <= SECTION_WORDS for part in m.groups())


def _md_line(line: str) -> tuple[str, bool]:
    """A line as the text its Markdown shows (each link its text, no image, no emphasis
    around the whole line; the line itself when nothing is left), and whether it is a line of
    links or images: one or more, and at most :data:`MD_LINK_WORDS` words outside them (a
    link list's item "* [Headline](https://...)", a menu of links, "Tags: [a](...) [b](...)",
    a logo "[![Site](logo.png)](https://...)", an image "![alt](photo.jpg)")."""
    plain, linked = line, False
    if "](" in line:
        no_images, images = _MD_IMAGE.subn("", line)
        plain, links = _MD_LINK.subn(r"\1", no_images)
        if images or links:
            outside = _MD_LINK.sub(" ", no_images)
            linked = _item_words(_all_tokens(outside)[2]) <= MD_LINK_WORDS
    m = _MD_EMPHASIS.match(plain.strip())
    if m is not None:
        plain = m.group(2)
    plain = plain.strip()
    return (plain or line), linked


def split_lines(text: str, tokens: list[tuple[int, int, str]]) -> list[Line]:
    """Non-blank lines of ``text`` (trimmed), each with its words and flags."""
    return _split_lines(text, [t[0] for t in tokens], [t[2] for t in tokens])


def _split_lines(text: str, starts: list[int], words: list[str]) -> list[Line]:
    """:func:`split_lines` from the words' start offsets and normalized forms.  A word never
    holds white space, so the words of a (trimmed) line are those starting inside it."""
    lines: list[Line] = []
    ti = 0
    url, copyright_ = _URL_RE.search, _COPYRIGHT_RE.search
    marked = _may_have_marker(text)  # else no line has a web address or a copyright sign
    handles = "@" in text
    # running counts, over the text's words, of furniture words and of first words of
    # furniture phrases: a line's :func:`cue_hits` is a difference of the first, unless
    # the line holds a phrase's first word (then it is counted word by word)
    by_first = _phrases_by_first_word()
    notice_words = boilerplate_cues("~")[0]
    n_single = list(accumulate(map(boilerplate_cues()[0].__contains__, words), initial=0))
    n_first = list(accumulate(map(by_first.__contains__, words), initial=0))
    for s, e in _logical_lines(text):
        stripped = text[s:e]
        if "&" in stripped:  # (the line's features read its HTML character references decoded)
            stripped = decode_refs(stripped).strip() or stripped  # ("&nbsp;" alone stays)
        if "\u055d" in stripped:  # Armenian writes a label's colon as its comma: "Լուսանկարը՝ Name"
            stripped = stripped.replace("\u055d", ":")
        linked = False
        if "](" in stripped or stripped[0] in "*_" or stripped[-1] in "*_":
            # (the line's features read Markdown as the text it shows: a link as its text, no
            # image, no emphasis around the line)
            stripped, linked = _md_line(stripped)
        a = bisect_left(starts, s, ti)
        ti = bisect_left(starts, e, a)
        line_words = words[a:ti]
        # its length in words, a character of a script written without spaces (a word by
        # itself) counting half, as for list items (_item_words): a Chinese promo line of 24
        # characters is about as long as an English one of 12 words
        n = ti - a if stripped.isascii() else _item_words(line_words)
        counter = (n <= 3 and _letters(stripped) <= len(stripped) / 2) or bool(
            marked and ((n <= 12 and (url(stripped) or copyright_(stripped)))
                        # (a web address's own words not counted: "This article was printed
                        # from https://www.x.example/news/2025/05/15/a-long-slug")
                        or (n > 12 and "://" in stripped and _web_words(stripped) <= 12)
                        or (n <= COPYRIGHT_WORDS and (_COPYRIGHT_OPENS.match(stripped) or _capital_copyright(stripped))))) or (
            # a social account's handle in a short unended line: an embedded post's author line
            # ("Jess Morrow (@jessmorrow_ns) · Reporter", "— Ana Ruiz (@anaruiz) 10 March 2026"),
            # a "Follow @dailypost" prompt; a handle in a sentence is the sentence's
            handles and n <= 12 and _HANDLE.search(stripped) is not None
            and _STOP_CHARS.isdisjoint(stripped[-3:])) or (
            # a count under a label: "Прегледи: 3 417", "Baxış sayı: 3 214", "Comments: 12"
            n <= 5 and stripped[-1].isdigit() and _LABELLED_COUNT.match(stripped) is not None) or (
            # a gallery's counter: "Photo 1 of 9", "Bild 3 von 14", "Foto 2 de 12"
            n == 4 and stripped[-1].isdigit() and _gallery_counter(stripped))
        # ends like a sentence: a _SENT_END match in its last three characters, i.e. a stop
        terminal = not _STOP_CHARS.isdisjoint(stripped[-3:])
        # (a line framed by stops, a site's name between dandas, "॥ Kusumanchal Kesari ॥",
        # is no sentence: a sentence does not open with its stop)
        # (not an ASCII stop: a table's row of dots, ".CURRENT LEVELS......7.80..", is data)
        if terminal and stripped[0] in _STOP_CHARS and stripped[-1] == stripped[0] and not stripped[0].isascii():
            terminal = False
        # (a stop that belongs to a line's last word, an abbreviation or a number, in a line of
        # parts between spaced separators ends no sentence: "Log ind · Bliv abonnent – første
        # måned for 1 kr.", "Redakcija | 15. kolovoza 2025.")
        if terminal and _SPACED_SEP.search(stripped) is not None and _ABBREVIATED_END.search(stripped) is not None:
            terminal = ti - a > 24
        # (a paragraph of a script that writes no stops, Thai or Lao, ends as a sentence does:
        # a line of UNSTOPPED_CHARS characters or more, most of its letters in that script)
        if not terminal and len(stripped) >= UNSTOPPED_CHARS and not stripped.isascii():
            terminal = 2 * len(_UNSTOPPED.findall(stripped)) >= len(_LETTER_OR_MARK.findall(stripped))
        # (the page's first line, a name of a few words ending in a figure with a decimal
        # stop, ends no sentence: a radio station's name and frequency, "Karadere FM 92.8",
        # "ラジオ港川 FM78.5", above its menu; in a script written without spaces, of a few
        # parts between spaces: "ສະຖານີວິທະຍຸກະຈາຍສຽງ ນ້ຳເງີນ FM 103.5")
        if (terminal and not lines and min(n, len(stripped.split())) <= SITE_WORDS
                and _DECIMAL_END.search(stripped) is not None):
            terminal = False
        # (nor, anywhere, a short line whose only stop is a figure's decimal one at its end: a
        # headline ending in a magnitude, "白鷺県の地震、久留間町で震度5強　M5.8"; not a table's
        # row, its cells set apart by wide gaps, "Adjusted world price            53.57"; nor
        # in ASCII, where hard-wrapped reports break lines after figures, "Loss on ordinary
        # activities before minority interest 10.8")
        if (terminal and n <= 12 and not stripped.isascii() and "  " not in stripped
                and _DECIMAL_END.search(stripped) is not None
                and _STOP_CHARS.isdisjoint(stripped[:_DECIMAL_END.search(stripped).start()])):
            terminal = False
        asks = terminal and _ASKS.search(stripped) is not None
        if n > 40:
            hits = 0
        elif n_first[ti] != n_first[a]:
            hits = cue_hits(line_words)
        else:
            hits = n_single[ti] - n_single[a]
        # an ad's label in everyday words, alone on its line ("Anuncio", "広告")
        alone = not hits and 0 < ti - a <= _WHOLE_LINE_WORDS and tuple(line_words) in whole_line_cues()
        if alone:
            hits = 1
        # a furniture word in a short unpunctuated line ("Sign up for our newsletter"), a very
        # short line ("Comments (0)"), or several of them ("Subscribe to our newsletter in your
        # inbox.") -- but not one word in a sentence ("Officials declined to comment.")
        # (a word of notices alone, "cookie", makes no cue line: "Cookie Banner Fined")
        cue = hits > 0 and (n <= 6 or (not terminal and n <= 15) or hits >= 3) and (
            notice_words.isdisjoint(line_words) or hits > sum(map(notice_words.__contains__, line_words)))
        # (or a link to a file in any language: a short line naming a PDF or a file's size,
        # "Download PDF (212 KB)", "Lataa tiedote PDF-muodossa", "ดาวน์โหลด PDF (198 KB)")
        cue = cue or (n <= 6 and not terminal and _FILE_LINK.search(stripped) is not None)
        lower = _lower_word(_FIRST_WORD.match(stripped).group())
        heading = (cue and not alone and not terminal and n <= LIST_HEADING_WORDS and not lower
                   and _HAS_DIGIT(stripped) is None and boilerplate_cues("-")[0].isdisjoint(line_words))
        # (or a short line naming two apps or social networks: "Na ndiqni në Facebook dhe
        # Instagram!", "Laadi alla äpp: App Store | Google Play", in any language)
        apps = n <= PROMO_WORDS and app_names(line_words) >= 2
        promo = apps or (hits > 0 and n <= PROMO_WORDS and has_promo(line_words))
        # (a stop inside a figure that ends a dated line is no sentence's end: "Søren Krogh,
        # 14. oktober 2024, 09.48"; nor a date's or an abbreviation's stop at the end, in a line
        # of parts set off by spaced separators or a reading time: "Redakcija | 15. kolovoza
        # 2025.", "Læsetid: 2 min.")
        reading = n <= 5 and "min" in stripped and _READING_TIME.match(stripped) is not None
        unended = not terminal or (n <= 24 and (
            (_FIGURE_END.search(stripped) is not None and _YEAR.search(stripped) is not None)
            or ((reading or _SPACED_SEP.search(stripped) is not None) and _ABBREVIATED_END.search(stripped) is not None))) or (
            # (or a short dated line ending in a number's or an abbreviation's stop: "Уторак,
            # 11.03.2025.", "сряда, 12 март 2025 г.", "12 март 2025, 14:05 ч.")
            # (a year of the Buddhist era too: "18 ก.ย. 2568 08:30 น."; or of two digits, with a
            # time: "19 ก.ย. 68 07:20 น.")
            n <= 12 and _DATED_ABBREVIATED.match(stripped) is not None
            and (_HAS_YEAR.search(stripped) is not None or _timestamped(stripped))) or (
            # (or a short dated line ending in its time's stop: "Published: April 15, 2025,
            # 6:10 a.m.")
            n <= 12 and _time_end(stripped))
        # (a byline naming two authors and their post runs longer than a short line; with
        # a separator between its parts it may have up to twice a short line's words)
        # (as a menu whose items are set apart by wide gaps or ideographic spaces, each
        # character of a script without spaces a fraction of a word: "ニュース　地域　政治　…
        # 紙面ビューアー", "หน้าแรก   ข่าวภูมิภาค   เกษตร   …   บันเทิง")
        gapped = ("  " in stripped or "\t" in stripped or "\u3000" in stripped) and _gapped_menu(stripped)
        limit = 24 if _HEADER_SEP.search(stripped) or gapped else 12
        # (a publication line's figures count no word: "Publié le 9 juillet à 22h04, mis à
        # jour le 10 juillet à 07h15", "Обновлено 3 августа 2024 года в 21:15 (впервые
        # опубликовано в 14:37)", up to twice the limit in all, when it holds a date and a
        # time of day, as dedup.pagedate reads them)
        # (or a developing story's notice under its headline, of a short line's words:
        # "This story is developing and will be updated.", "Информация уточняется, новость
        # будет дополнена.")
        notice = n <= 12 and update_notice(line_words)
        header = notice or unended and (n <= limit or (
            n <= 2 * limit and n - sum(1 for w in line_words if _HAS_DIGIT(w)) <= limit and _header_line(stripped)
            and _timestamped(stripped))) and (
            reading or _header_line(stripped) or (n <= 10 and _BY_LINE.match(stripped) is not None)
            or gapped and (_HAS_DIGIT(stripped) is None or _MENU_YEAR.search(stripped) is not None))
        # (a byline opening with a short word in lower case, then a name: "di Stefano Moretti",
        # "por Ana Ruiz", "by Owen Marsh")
        parts = () if terminal else stripped.split()  # (a paragraph's line is never split)
        # (or "via" and one name: "via Hessvik-Posten", a credit)
        led = (not terminal and (3 <= len(parts) <= 5 or (len(parts) == 2 and parts[0] == "via"))
               and len(parts[0]) <= 3 and parts[0].isalpha()
               and parts[0].islower() and all(_CAPITAL.match(w) is not None and w[0].isalpha() for w in parts[1:]))
        # (a short line ending in a whole date with its month in words: "Posted by newsdesk on
        # March 14, 2025", "Опубликовано: admin 22 июля 2025")
        dated = not header and unended and n <= DATED_WORDS and _dated_end(stripped)
        section = not (header or terminal) and n <= 2 * SECTION_WORDS + 1 and _section_line(stripped)
        shout = (n <= 3 and not terminal and stripped[-1] not in ":\uff1a" and stripped.isupper()
                 and _letters(stripped) >= 3 and (n == 1 or _HAS_DIGIT(stripped) is None))
        tagline = False
        if not terminal and 3 <= n <= 12 and not _DASHES.isdisjoint(stripped):
            m = _TAGLINE.match(stripped)
            tagline = (m is not None and m.group(1).isupper() and _letters(m.group(1)) >= 4
                       and m.group(2)[0].islower())
        teaser = False
        colon = ":" in stripped or "\uff1a" in stripped
        if not terminal and n <= TEASER_WORDS and (colon or "|" in stripped):
            m = _TEASER.match(stripped)
            teaser = m is not None and len(m.group(1).split()) <= 3
        # (its last BUTTONS_CHARS characters: a line of bars throughout is searched once)
        buttons = (("|" in stripped or "\uff5c" in stripped) and _BUTTONS.search(stripped[-BUTTONS_CHARS:]) is not None) or (
            n <= PROMO_WORDS and stripped[-1] == "]" and _BRACKET_BUTTONS.search(stripped[-BUTTONS_CHARS:]) is not None)
        caption = n <= CAPTION_WORDS and (
            (not terminal and (colon or "=" in stripped) and _CAPTION.search(stripped) is not None)
            or (stripped[0] == "[" and _BRACKET_CAPTION.match(stripped) is not None)
            or ((stripped[-1] in ")\uff09" or "\u00a9" in stripped) and _CAPTION_CREDIT.search(stripped) is not None))
        byline = not terminal and n <= 6 and colon and _BYLINE.match(stripped) is not None
        # (each word after the label opening with a letter not in lower case: a name, where a
        # headline "Kubok: “Gəncə Şahinləri” finalda" has a quote and a word in lower case)
        # (a short word in lower case between them, not first: "University of Eastmoor",
        # "Ana de la Torre")
        named = byline and all((w[0].isalpha() and not w[0].islower()) or (j and w.isalpha() and len(w) <= 3)
                               for j, w in enumerate(_COLON.split(stripped, 1)[1].split()))
        pictured = not stripped.isascii() and n <= PROMO_WORDS and _PICTURED.match(stripped) is not None
        tags = "#" in stripped and _HASHTAGS.match(stripped) is not None or (
            not terminal and colon and _TAG_LIST.match(stripped) is not None)
        symbol = (not terminal and not stripped.isascii() and n <= SYMBOL_WORDS
                  and _PICTOGRAPH.search(stripped) is not None)
        site = not terminal and n <= 12 and _SITE.match(stripped) is not None
        site_words = len(token_lists(_SITE_SPLIT.split(stripped, 1)[0])[2]) if site else 0
        # (right under the line before it: no blank line between them)
        choice = (bool(lines) and not terminal and 0 < n <= CHOICE_WORDS and _HAS_DIGIT(stripped) is None
                  and _CHOICE.fullmatch(stripped) is not None and len(text[lines[-1].end:s].splitlines()) <= 1)
        buttons = buttons or (hits > 0 and n <= NOTICE_WORDS and _TRAILING_CHOICE.search(stripped[-BUTTONS_CHARS:]) is not None)
        banner = (not lines and hits > 0 and n <= NOTICE_WORDS and not terminal
                  and _TRAILING_BUTTONS.search(stripped[-BUTTONS_CHARS:]) is not None)
        capitalized = (2 <= n <= SECTION_WORDS and not stripped.isupper()
                       and all(w[:1].isalpha() and not w[:1].islower() for w in stripped.split()))
        aside = (n <= ASIDE_WORDS and stripped[-1] in _ASIDE_ENDS and _ASIDE.fullmatch(stripped) is not None
                 and (n <= 12 or stripped[0] in "(\uff08") and not (stripped[-1] == "\u00bb" and "\u00ab" in stripped))
        back = (n <= BACK_LINK_WORDS and stripped[0] in "\u00ab\u2039\u2190" and stripped[-1] != "-"
                and _BACK_LINK.fullmatch(stripped) is not None)
        lowered = sum(w[:1].islower() for w in stripped.split()) if n <= CREDIT_WORDS else 0
        lines.append(Line(s, e, line_words, terminal, cue, counter, hits > 0, asks, heading, lower, promo, header,
                          section, shout, tagline, teaser, buttons, caption, byline, pictured, tags, symbol, site,
                          site_words, choice, named, aside, banner, capitalized, apps,
                          header and _HAS_DIGIT(stripped) is None and _MENU_LINE.match(stripped) is not None,
                          _ITEM.match(stripped) is not None,
                          stripped[0] in _OPENING_QUOTES and stripped[-1] in _CLOSING_QUOTES,
                          0 if terminal or n > FIELD_WORDS or not colon or _FIELD.match(stripped) is None
                          else 2 if _EMAIL.search(stripped) or "://" in stripped else 1,
                          stripped == "--", linked=linked, dated=dated, led=led,
                          opens=n <= CONTACT_WORDS and stripped[-1] in ":\uff1a",
                          contact=n <= CONTACT_WORDS and (_EMAIL.search(stripped) is not None or _phone(stripped)),
                          speaker=n <= SPEAKER_WORDS and stripped[-1] in ":\uff1a" and _speaker(stripped),
                          md_heading=text.startswith("#", s) and _ONE_LINE.match(text, s) is not None,
                          ends=_END_MARK.fullmatch(stripped) is not None
                          or (n <= 4 and _NOTES_HEADING.fullmatch(stripped) is not None),
                          wire=n <= DATELINE_WORDS and _DATELINE.match(stripped) is not None,
                          gapped="   " in stripped or "\t" in stripped or "\u3000" in stripped,
                          strip=n <= STRIP_WORDS and _strip_line(stripped, line_words),
                          bullet=_BULLET.match(stripped) is not None,
                          app_link=(2 <= n <= APP_LINK_WORDS and not terminal
                                    and (app_names(line_words[-1:]) > 0 or app_names(line_words[-2:]) > 0)),
                          imprint=n <= PROMO_WORDS and len(_IMPRINT_SEP.findall(stripped)) >= 2, back=back,
                          lowered=lowered))
    return lines


# a press release's end mark alone on its line: "ENDS", "-ENDS-", "###", "# # #", "-30-", and
# in other languages "- FIN -", "-ENDE-", "– FINE –", "EINDE", "KONIEC", "SLUT", "以上"
_END_MARK = _re.compile(r"[-\u2013\u2014(\[ ]*(?:ENDS?|###|# # #|-?30-?|- 30 -|FIN|ENDE|FINE|EINDE|KONIEC|SLUT|LOPPU|以上)"
                        r"[-\u2013\u2014)\] ]*")
# or the heading of its notes to editors, in several languages ("Notes to editors", "Notas aos
# editores", "Informacje dla redakcji", "Editörlere Notlar"); not an editor's note, which may
# head a story
_NOTES_HEADING = regex.compile(
    r"(?i:notes? (?:to|for) (?:the )?editors|notas? (?:aos|a los|para (?:os|los)) editores|notes? (?:aux|à la|pour les) "
    r"r[ée]dactions?|hinweise? für (?:die )?redaktion(?:en)?|informacje dla redakcji|edit[öo]rlere not(?:lar)?|"
    r"(?:noter )?till redakt(?:ionen|örer)|note per (?:le )?redazioni|notities voor (?:de )?redactie)\s*[:.]?")


# a line that opens a list item: a bullet or an item number ("- ", "* ", "• ", "2. ", "b) ")
_ITEM = _re.compile(r"(?:[-*\u2022\u00b7\u25aa\u25ba\u2023\u2043>#|+]|\d{1,3}[.)]|[A-Za-z][.)])(?:\s|$)")
# a line that is one line whatever its width: a heading ("# ", "## "), a quoted line ("> ",
# ">> "), a table row ("| ")
_ONE_LINE = _re.compile(r"(?:#{1,6}|>+|\|)(?:\s|$)")
# what a wrapper could have put on the line before: a word, or one character of a script
# written without spaces (a line of Chinese or Thai may be broken after any character)
_FIRST_WORD = regex.compile(rf"[{_NO_SPACE_SCRIPTS}]|[^\s{_NO_SPACE_SCRIPTS}]+")
# a gap between a table's columns: three spaces or a tab inside a line
_COLUMNS = _re.compile(r"\S(?: {3,}|[ ]*\t[ \t]*)\S")
_LETTERS = _re.compile(r"[^\W\d_]+")
_CAPITAL = regex.compile(r"[^\p{L}\p{N}]*[\p{L}--\p{Ll}]", regex.V1)  # a first letter not in lower case
WRAP_WIDTHS = (40, 100)
"""The widths (longest line, in characters) of a hard-wrapped text: see :func:`_logical_lines`."""
WRAP_SLACK = 15
"""How far short of the longest line a wrapped line may end (its next word did not fit)."""


def _lower_word(word: str) -> bool:
    """``word`` starts in lower case, with no capital before its first non-letter ("iPhone",
    "eBay" are names; "d'Electricite" and "mid-March" start in lower case).  A first
    character that is lower case but no letter (a circled ⓐ, the combining ypogegrammeni)
    starts no word in lower case."""
    letters = _LETTERS.match(word) if word[0].islower() else None
    return letters is not None and letters.group().islower()


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """The (trimmed) non-blank lines of ``text`` as ``(start, end)``, with the lines of a
    hard-wrapped paragraph joined into one.

    A text is hard-wrapped (a wire feed's 65-column lines) when its longest line is
    :data:`WRAP_WIDTHS` wide and at least three lines followed by another come within
    :data:`WRAP_SLACK` characters of it.  There, a line break is only a line's end of width, and the next line
    continues it, when the line does not end like a sentence, the next line is indented no
    deeper than the text's least indented line (a deeper one opens a paragraph) and opens no
    list item, neither line is a heading, a quoted line or a table row (``# ``, ``> ``,
    ``| ``: each is one line, and the next is none of its), neither line holds a gap
    between columns (three spaces or a tab between two words: a table row), and either the
    next line's first word (in a script written without spaces, its first character) would
    not have fitted on the line (the break was made for width) or that word starts in
    lower case (with no capital before its first non-letter: "iPhone" is a name,
    "d'Electricite" a word of one).  The text's first line is not continued by a
    word whose first letter is a capital (or of a script without case): it is where a
    headline stands, and a headline right above its body (no blank line) is no wrapped
    line, though the body's first word may not fit on it (a headline is often the widest
    line).  Elsewhere every line stands alone."""
    raw_lines: list[tuple[int, int, int]] = []  # (line start, trimmed start, trimmed end); blank: s == e
    pos = 0
    for raw in text.splitlines(keepends=True):
        start = pos
        pos += len(raw)
        stripped = raw.strip()
        s = start + len(raw) - len(raw.lstrip())
        raw_lines.append((start, s, s + len(stripped)))
    lines = [(s, e) for _, s, e in raw_lines if s < e]
    if len(lines) < 4:
        return lines
    width = max(e - start for start, s, e in raw_lines)
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return lines
    followed = [k for k in range(len(raw_lines) - 1)
                if raw_lines[k][1] < raw_lines[k][2] and raw_lines[k + 1][1] < raw_lines[k + 1][2]]
    if sum(raw_lines[k][2] - raw_lines[k][0] >= width - WRAP_SLACK for k in followed) < 3:
        return lines
    base = min(s - start for start, s, e in raw_lines if s < e)  # a paragraph's other lines' indent
    top = next(k for k, (_, s, e) in enumerate(raw_lines) if s < e)  # the first line: a headline's place
    soft = set()  # lines that continue the line before them
    by_width = set()  # of them, those that do not start in lower case
    for k in followed:
        start, s, e = raw_lines[k]
        m_start, m_s, m_e = raw_lines[k + 1]
        if (_ENDS_SENTENCE.search(text, s, e) or m_s - m_start > base
                or _ITEM.match(text, m_s, m_e) or _ONE_LINE.match(text, m_s, m_e)
                or _ONE_LINE.match(text, s, e) or _COLUMNS.search(text, s, m_e)):
            continue
        first = _FIRST_WORD.match(text, m_s, m_e).group()
        if _lower_word(first):
            soft.add(k + 1)
        elif e - start + 1 + len(first) > width and not (k == top and _CAPITAL.match(first)):
            soft.add(k + 1)
            by_width.add(k + 1)
    runs: list[list[int]] = []  # the physical lines of each logical line
    for k, (start, s, e) in enumerate(raw_lines):
        if s == e:
            continue
        if runs and k in soft:
            runs[-1].append(k)
        else:
            runs.append([k])
    out: list[tuple[int, int]] = []
    for run in runs:
        pieces = [run]
        if (len(run) > 2 and by_width.issuperset(run[1:])
                and all(text[raw_lines[k][1]].isalpha() for k in run)
                and not _lower_word(_FIRST_WORD.match(text, *raw_lines[run[0]][1:]).group())
                and not _ENDS_SENTENCE.search(text, *raw_lines[run[-1]][1:])):
            # three or more lines, each starting with a word not in lower case ("iPhone" is
            # none) after a line without a stop, and never a sentence end: no wrapped
            # paragraph but a list of headlines, each its own line
            pieces = [[k] for k in run]
        out.extend((raw_lines[p[0]][1], raw_lines[p[-1]][2]) for p in pieces)
    return out


def _may_have_marker(text: str) -> bool:
    """False when no line of ``text`` can match _URL_RE or _COPYRIGHT_RE: the text lacks
    what each of their matches holds ("://", _URL_HINT, a copyright sign, "(c)").  A match
    in a (trimmed) line is one at the same place in the text (the line's neighbours are
    white space, no word character for ``\\b``), so one look at the text spares a search
    of each line."""
    return ("://" in text or _URL_HINT.search(text) is not None
            or "\u00a9" in text or "(c)" in text or "(C)" in text)


_LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")


def _letters(s: str) -> int:
    """Letters and marks in ``s`` (a Devanagari vowel sign or a Hebrew point is part of a
    word, though not ``isalpha``: "किसानों की रैली" is a headline, not a counter)."""
    if s.isascii():
        return sum(ch.isalpha() for ch in s)
    return len(_LETTER_OR_MARK.findall(s))


def analyze(doc: Document) -> Prepared:
    """Words and lines of one document (boilerplate is decided in :func:`finalize`)."""
    starts, ends, words = token_lists(doc.text)
    return Prepared(doc.id, doc.text, doc.date, starts, ends, words, _split_lines(doc.text, starts, words))


def template_candidates(p: Prepared) -> tuple[int, list[str]]:
    """What :func:`template_lines` counts of one document: a hash of its set of lines (its
    *context*) and its lines of 2 to 15 words."""
    return _candidates([ln.words for ln in p.lines])


def text_template_candidates(text: str) -> tuple[int, list[str]]:
    """:func:`template_candidates` of a document from its text alone, without the full
    analysis (:func:`analyze`): a word never spans a line break, so each line's words are
    found in the line by itself (:func:`_logical_lines`).  When all word characters are ASCII, a line's key is made
    in one step (every run of other characters replaced by a space), not word by word."""
    if _ascii_words_only(text) and "](" not in text:  # (a Markdown link's target holds no words)
        sub = _ASCII_NON_WORD.sub
        keys = [sub(" ", text[a:b]).strip(" ").lower() for a, b in _logical_lines(text)]
        context = hash(tuple(sorted(set(keys))))
        return context, [k for k in keys if 1 <= k.count(" ") <= 14]
    return _candidates(line_words(text))


def line_words(text: str) -> list[list[str]]:
    """The normalized words of every non-blank line of ``text``: ``[ln.words for ln in
    analyze(doc).lines]``, without the rest of the analysis (:func:`text_template_candidates`
    has its own shortcut for text whose word characters are all ASCII).  A word never
    spans a line break (no line break is a word character), so each line holds the words
    that start in it."""
    starts, _, words = token_lists(text)
    out: list[list[str]] = []
    k = 0
    for a, b in _logical_lines(text):
        k = bisect_left(starts, a, k)
        j = bisect_left(starts, b, k)
        out.append(words[k:j])
        k = j
    return out


def _candidates(lines: list[list[str]]) -> tuple[int, list[str]]:
    keys = [" ".join(words) for words in lines]
    context = hash(tuple(sorted(set(keys))))
    return context, [k for k, words in zip(keys, lines) if 2 <= len(words) <= 15]


def count_templates(candidates: Iterable[tuple[int, list[str]]], min_docs: int) -> set[str]:
    """Lines found in at least ``min_docs`` different contexts (see :func:`template_lines`)."""
    seen: dict[str, set[int]] = {}
    for context, keys in candidates:
        for k in keys:
            seen.setdefault(k, set()).add(context)
    return {k for k, contexts in seen.items() if len(contexts) >= min_docs}


def template_lines(batch: Iterable[Prepared], min_docs: int) -> set[str]:
    """Short lines (2 to 15 words) found in at least ``min_docs`` *different* documents:
    site templates.  Documents count as different when the rest of their lines differ, so
    exact copies of one short story do not make its paragraphs a template; longer lines are
    never templates (a story copied many times repeats its sentences)."""
    return count_templates((template_candidates(p) for p in batch), min_docs)


_ALPHABETIC_SPACELESS = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")


@lru_cache(maxsize=1 << 14)
def _word_weight(word: str) -> float:
    """What one word counts for in :func:`_item_words`: a character of a script written without
    spaces counts half when it is a Chinese character or a kana (a word is one or two of them)
    and a quarter when it is a letter of Thai, Lao, Khmer, Myanmar or Tibetan (a word is some
    four letters); any other word counts one."""
    if not is_spaceless(word):
        return 1.0
    return 0.25 if _ALPHABETIC_SPACELESS.match(word) is not None else 0.5


def _item_words(words: Sequence[str]) -> float:
    """A line's length in words for :data:`LIST_ITEM_WORDS` and the other short-line limits:
    a character of a script written without spaces (each a word here) counts a fraction
    (:func:`_word_weight`), so a Chinese headline of 20 characters is about as long as an
    English one of 10 words, and a Thai one of 40 letters as one of 10."""
    if all(map(str.isascii, words)):
        return len(words)
    return sum(map(_word_weight, words))


def _list_item(ln: Line, long_headlines: bool = False) -> bool:
    """A line that may be an item of a list of links: 1 to LIST_ITEM_WORDS words, not
    starting in lower case; an item of a numbered list up to NUMBERED_ITEM_WORDS, its number
    not counted ("1. Las fiestas de San Miguel arrancan el viernes con el pregón de la peña
    El Cachirulo": a list of the most read, its numbers show it); with ``long_headlines``
    (the list is under sentences of running text) so is an item that ends as a headline does,
    without a stop (a Hindi headline of 17 words: its postpositions and auxiliaries are words
    of their own)."""
    words = _unnumbered(ln.words)
    longer = len(words) < len(ln.words) or long_headlines and not ln.terminal
    most = NUMBERED_ITEM_WORDS if longer else LIST_ITEM_WORDS
    return 0 < _item_words(words) <= most and not ln.lower


def _headline(ln: Line) -> bool:
    """A line that ends as a headline may: without a stop, or with a question or exclamation
    mark."""
    return not ln.terminal or ln.asks


def _has_year(words: Sequence[str]) -> bool:
    """Whether a line's words hold a year: a word of four digits."""
    return any(len(w) == 4 and w.isdigit() for w in words)


def _unnumbered(words: Sequence[str]) -> Sequence[str]:
    """A list item's words without its item number ("1", "2" of "1. Headline", "2) ..."):
    a numbered list of headlines is no table of figures."""
    return words[1:] if len(words) > 1 and len(words[0]) <= 2 and words[0].isdigit() else words


def headed_lists(lines: Sequence[Line]) -> list[bool]:
    """The lines of each list of links under a furniture heading: a cue line of at most
    :data:`LIST_HEADING_WORDS` words that is no sentence, holds no digit and does not start
    in lower case ("Related posts", "Mehr zum Thema:"; not "Share 14.11p vs 12.13p")
    followed by two or more lines of at most :data:`LIST_ITEM_WORDS` words (below a sentence
    of running text, :data:`NUMBERED_ITEM_WORDS` for a line without a stop) that do not start
    in lower case and end without a stop, or with a question or exclamation mark (headlines:
    "Is fasting safe for teenagers?"); a line ending in a full stop is an item too ("Injuries
    are rising. Here's why.") between two such headlines, the one after it no furniture line
    itself; any other line ending in a full stop ends the list.  When
    every line of the list holds a digit, it is a table of figures ("Vote share" over
    "Labour 41%", "Green 5%"), not headlines.  The heading follows running text: above a
    text's first sentence, a cue word labels the story ("Comment" over its headline and
    standfirst)."""
    n = len(lines)
    out = [False] * n
    seen = False  # running text before line k (a line not short and no furniture)
    told = False  # a sentence of running text before line k (a line of it ending in a stop)
    k = 0
    while k < n:
        ln = lines[k]
        if ln.heading and seen:
            # items: headlines (no stop at the end, or ? or !), and a headline of two
            # sentences ("Injuries are rising. Here's why.") between two of them, the one
            # after it no furniture line (a paragraph above "Share this story" is no item)
            # (a headline over LIST_ITEM_WORDS words is an item only in a list of headlines,
            # each of HEADLINE_MIN_WORDS words or more but the furniture lines among them: not
            # an embedded post's text over "Photo 1 of 9" and "Watch on YouTube")
            for longer in (told, False):
                j = k + 1
                while j < n and _list_item(lines[j], longer):
                    if not _headline(lines[j]) and not (j > k + 1 and j + 1 < n and _list_item(lines[j + 1], longer)
                                                        and _headline(lines[j + 1]) and not lines[j + 1].cue):
                        break
                    j += 1
                if not longer or all(lines[m].cue or len(_unnumbered(lines[m].words)) >= HEADLINE_MIN_WORDS
                                     for m in range(k + 1, j)):
                    break
            # (a time of day alone over a headline over running text ends the list above it:
            # a live page's entry, "17:12" over its title and text, under the last entry's
            # "Share this post" and an ad's label; not a date, "16:27, 6 FEB 2025" over
            # "Bookmark")
            if (k + 2 < j < n and lines[j - 2].header and len(lines[j - 2].words) <= 3
                    and not _has_year(lines[j - 2].words)
                    and not lines[j - 1].cue and _running(lines[j])):
                j -= 2
            if j - k - 1 >= 2 and not all(_HAS_DIGIT(" ".join(_unnumbered(lines[m].words))) for m in range(k + 1, j)):
                out[k:j] = [True] * (j - k)
                k = j
                continue
        # (a line of three words or fewer is no running text, though it ends in a stop: a
        # site's name "Briefly." above its menu)
        running = not (ln.short or ln.cue or ln.counter or len(ln.words) <= 3)
        seen = seen or running
        told = told or running and ln.terminal
        k += 1
    return out


_QUOTE_CHARS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u300c\u300d\u300e\u300f")
_OPENING_QUOTES = "\"'\u201c\u201e\u201d\u00ab\u00bb\u2018\u201a\u300c\u300e\u275d"
_CLOSING_QUOTES = "\"'\u201d\u201c\u00bb\u00ab\u2019\u300d\u300f\u275e"
GLUED_AFTER_WORDS = 8
"""The fewest words of a paragraph's text before a teaser glued to it with a label no
furniture word list has (see :func:`_glued_teaser`)."""
FIELD_WORDS = 24
"""The most words of a message header's field (see :func:`header_fields`)."""
FIELD_RUN = 3
"""The fewest fields in a row that make a message's header."""


def header_fields(lines: Sequence[Line]) -> list[int]:
    """The lines of a message's header pasted with a message (an e-mail forwarded or quoted,
    a digest's message) or a reader service's header above a page ("Title: ...", "URL
    Source: https://...", "Published Time: ...", "Markdown Content:"): FIELD_RUN or more lines
    in a row, each a field (a label of one or two words, a colon, its value or none, at most
    FIELD_WORDS words, no sentence's end: "From: Ana Ruiz <ana@x.example>", "Date: Sat, 11
    Apr 2026", "Subject: Fwd: ..."), one of them holding an e-mail or web address; in any
    language ("Von:", "Objet :", "Тема:")."""
    out, run = [], []
    for k in range(len(lines) + 1):
        if k < len(lines) and lines[k].field:
            run.append(k)
            continue
        if len(run) >= FIELD_RUN and any(lines[j].field == 2 for j in run):
            out.extend(run)
        run = []
    return out


ECHO_WORDS = 12
"""A line under the text holding the headline (of HEADLINE_ECHO or more words) and at most
this many other words is furniture (see :func:`headline_echoes`)."""
HEADLINE_ECHO = 5


def headline_echoes(lines: Sequence[Line], headline: int, body: int) -> list[int]:
    """The lines under the text (below its first line, ``body``, and its last line of running
    text but themselves) that hold the words of the ``headline`` line (HEADLINE_ECHO words or
    more) in a row after a word or more, with at most ECHO_WORDS other words: a feed's
    notice, "The post <headline> appeared first on <site>.", in any language."""
    if headline >= body or len(lines[headline].words) < HEADLINE_ECHO:
        return []
    head = lines[headline].words
    h = len(head)
    out = []
    # (below the last line of running text but itself: a lead that restates the headline,
    # "شهدت «أسعار الأسماك» في سوق العبور ...", or opens with it, a headline glued to its
    # text by a scraper, is no such line)
    last = max((j for j in range(len(lines)) if _running(lines[j])), default=-1)
    for k in range(body + 1, len(lines)):
        words = lines[k].words
        if (k >= last and h < len(words) <= h + ECHO_WORDS
                and any(words[j:j + h] == head for j in range(1, len(words) - h + 1))):
            out.append(k)
    return out


CONTACT_WORDS = 12
"""A contact block's lines (:func:`contact_blocks`) have at most this many words."""
CONTACT_LINES = 5
"""The most lines of a contact block under its label."""
# a telephone number: seven digits or more in groups ("0150 600 145", "+48 22 555 01 10",
# "(00) 3555-0142"), not a date or a figure with decimals
_PHONE = _re.compile(r"(?<![\w.,/])\+?(?:\(\d{1,4}\)\s?)?\d{2,5}(?:[\s-]\d{2,5}){1,4}(?![\w.,/])")


_LABEL_BEFORE = regex.compile(r"[\p{L}\p{M}]{2,}[.:\uff1a]\s*$")


def _phone(line: str) -> bool:
    """``line`` holds a telephone number: a :data:`_PHONE` match of seven digits or more right
    after a label of letters and a stop or colon ("Tel. 0150 600 145", "Telefone: (00)
    3555-0142"; a table's row of figures, "TT 2000 2129(1900 2303)", has none)."""
    return any(sum(c.isdigit() for c in m.group()) >= 7 and _LABEL_BEFORE.search(line, 0, m.start()) is not None
               for m in _PHONE.finditer(line))


SPEAKER_WORDS = 12
"""A transcript's speaker label (:func:`_speaker`) has at most this many words."""
# a time code before a speaker's label ("[00:04:27]", "00:04:27 -") and notes in brackets or
# parentheses in it ("(by telephone)"), which are not in capitals
_SPEAKER_EXTRAS = _re.compile(r"^\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*[-\u2013]?\s*|\([^()]*\)|\[[^\[\]]*\]")


def _speaker(line: str) -> bool:
    """``line`` is a transcript's speaker label: its letters, but a time code before it and
    notes in brackets, all capitals (three or more; or all of a script without capitals), and a
    colon at its end ("JEAN ASHWORTH:", "DR PRIYA NAIR, WESTMARCH AMBULANCE SERVICE:",
    "[00:04:27] PRESENTER:", "VOICE OF GRAHAM PIKE (by telephone):", "O-TON HEIKE
    SOMMERFELD, OBSTBÄUERIN:", "[00:00:27] 記者（森川彩）：")."""
    core = _SPEAKER_EXTRAS.sub(" ", line[:-1])
    letters = [c for c in core if c.isalpha()]
    # (in a script without capitals, any label: "[00:00:27] 記者（森川彩）：", "आवाज़ – पूजा मीणा,
    # कप्तान:"; letters with case, all capitals)
    cased = [c for c in letters if c.lower() != c.upper()]
    return len(letters) >= 3 and all(c.isupper() for c in cased) and (len(cased) >= 3 or not cased)


def speaker_lines(lines: Sequence[Line]) -> list[int]:
    """A transcript's speaker labels (``Line.speaker``), when the text has two or more that
    are not next to each other: each stands above what its speaker says."""
    ks = [k for k, ln in enumerate(lines) if ln.speaker]
    if len(ks) < 2 or ks[-1] - ks[0] < 2:
        return []
    return ks


def contact_blocks(lines: Sequence[Line], body: int) -> list[int]:
    """A contact block under the text: a line ending with a colon ("For further information,
    please contact:", "Kontakt dla mediów:", "Informações para a imprensa:") and up to
    CONTACT_LINES short lines under it without a sentence's end, one or more holding an e-mail
    address or a telephone number (:data:`_PHONE`, seven digits or more); in any language."""
    out = []
    for k in range(max(body, 1), len(lines) - 1):
        if not lines[k].opens:
            continue
        block = []
        for j in range(k + 1, min(k + 1 + CONTACT_LINES, len(lines))):
            if lines[j].terminal or len(lines[j].words) > CONTACT_WORDS or lines[j].opens:
                break
            block.append(j)
        if any(lines[j].contact for j in block):
            out.extend([k] + block[:max(j for j in range(len(block)) if lines[block[j]].contact) + 1])
    return out


RUNNING_WORDS = 3
"""A running header or footer (:func:`running_heads`) has at least this many distinct words of
two characters or more without a digit."""
RUNNING_GAP = 5
"""Lines between two of a running header's or footer's occurrences, at least."""


def running_heads(lines: Sequence[Line]) -> list[int]:
    """Lines that recur in the text with only their figures changed, RUNNING_GAP lines apart or
    more (a page's running header or footer: "Monetary Authority of Varra – Press Release
    14/2025 – Page 1 of 2", then "... Page 2 of 2") with running text between two of them,
    each holding a figure, RUNNING_WORDS words or more without one, and no sentence's end (a
    table's rows, "Oper shr 21 cts vs 18 cts" ... "Oper shr 70 cts vs 46 cts", repeat among
    other rows; a text's repeated sentence ends as one)."""
    seen: dict[tuple[str, ...], list[int]] = {}
    for k, ln in enumerate(lines):
        if ln.terminal or len(ln.words) > 24:
            continue
        digits = [any(c.isdigit() for c in w) for w in ln.words]
        # (distinct words of two characters or more: a table's "E.O.A.-C  9.5  9.5  nil  nil"
        # under "4/2/87  Prev Wk  4/3/87  Prev Wk" has fewer)
        if not any(digits) or len({w for w, d in zip(ln.words, digits) if not d and len(w) > 1}) < RUNNING_WORDS:
            continue
        key = tuple("#" if d else w for w, d in zip(ln.words, digits))
        seen.setdefault(key, []).append(k)
    out = []
    for ks in seen.values():
        # (and running text between two of them: a page of the text, where a table's rows
        # repeat among other rows)
        if (len(ks) >= 2 and ks[-1] - ks[0] >= RUNNING_GAP and len({lines[k].key for k in ks}) > 1
                and any(_running(lines[j]) for a, b in zip(ks, ks[1:]) for j in range(a + 1, b))):
            out.extend(ks)
    return out


def link_headings(lines: Sequence[Line]) -> list[int]:
    """Each Markdown heading ("# ", "## ") of at most LIST_HEADING_WORDS words and no
    sentence's end right above a line of Markdown links (``Line.linked``, furniture: a link
    list's item): the list's heading ("## Read next", "## あわせて読みたい")."""
    return [k - 1 for k in range(1, len(lines)) if lines[k].linked and lines[k - 1].md_heading
            and not lines[k - 1].linked and not lines[k - 1].terminal
            and _item_words(lines[k - 1].words) <= LIST_HEADING_WORDS]


SIGNATURE_LINES = 5
"""The most lines of an e-mail's signature under its "--" line (see :func:`signature_lines`)."""


def signature_lines(lines: Sequence[Line]) -> list[int]:
    """An e-mail's signature pasted with the story: the lines under a line of "--" alone (the
    signature's delimiter), up to SIGNATURE_LINES of them, each with no sentence's end or of
    at most 8 words (a name, a title, a telephone number: "Gareth Pryce", "Secretary,
    Pellow Green Residents' Association"), after running text."""
    out = []
    for k, ln in enumerate(lines):
        if not ln.sig or not any(_running(lines[j]) for j in range(k)):
            continue
        for j in range(k + 1, min(k + 1 + SIGNATURE_LINES, len(lines))):
            if lines[j].terminal and len(lines[j].words) > 8:
                break
            out.append(j)
    return out


POSTER_WORDS = 4
"""The most words of a comment's or post's author line over its date line (see
:func:`poster_lines`)."""


def poster_lines(lines: Sequence[Line]) -> list[int]:
    """Reader comments (or posts) under a story: below its first line of running text, two
    or more times a short line without a stop (a user's name, of at most POSTER_WORDS words:
    "commuter_kate", "Marion P") right over a dated line of a header's form ("8 May 2025 at
    09:40", "14/03/2025 a las 11:05") with text under it: those two lines each time (the
    comments' texts stay text: what a page holds beside the story)."""
    first = next((k for k, ln in enumerate(lines) if _running(ln)), len(lines))
    pairs = [k for k in range(first + 1, len(lines) - 2)
             if lines[k + 1].header and _HAS_DIGIT(" ".join(lines[k + 1].words))
             and not lines[k].terminal and not lines[k].header
             and 0 < _item_words(lines[k].words) <= POSTER_WORDS and not lines[k + 2].header]
    return [j for k in pairs for j in (k, k + 1)] if len(pairs) >= 2 else []


PLAYER_WORDS = 6
"""The most words of a player's or reading time's line right above the text (a figure in it)."""
AUTHOR_NOTE_WORDS = 40
"""The most words of an author's note after the story (see :func:`author_notes`)."""
BYLINE_WORDS = 8


def author_notes(lines: Sequence[Line], flag: Sequence[bool], body: int) -> list[int]:
    """The lines that note the story's author: among the page's last three lines that are
    not furniture, after three lines of running text or more, of at most AUTHOR_NOTE_WORDS
    words, opening with two words (a name, no figure) that a byline or dated line of the
    page's header above its text holds in a row (its byline, of at most BYLINE_WORDS words: "By
    Tom Ridley, Transport Correspondent", "Автор: Ірина Коваль", "Nuno Barradas | 12 de
    junho de 2023").  A story's own last paragraph seldom opens with its reporter's name."""
    names = set()
    for k in range(min(body, len(lines))):
        w = lines[k].words
        if flag[k] and (lines[k].header or lines[k].byline) and len(w) <= BYLINE_WORDS:
            names.update((a, b) for a, b in zip(w, w[1:]) if not (_HAS_DIGIT(a) or _HAS_DIGIT(b)))
    if not names:
        return []
    text = [k for k in range(body, len(lines)) if not flag[k]]
    if sum(1 for k in text if _running(lines[k])) < 4:
        return []
    return [k for k in text[-3:] if 2 <= len(lines[k].words) <= AUTHOR_NOTE_WORDS
            and tuple(lines[k].words[:2]) in names]


PULL_QUOTE_WORDS = (5, 25)
"""The words of a line that may be a pull quote (see :func:`repeated_lines`)."""
PULL_QUOTE_SHARE = 0.6
"""The share of a pull quote's words that repeat, in a row, a longer line above it."""
_PULL_GRAM = 3


def repeated_lines(lines: Sequence[Line]) -> list[int]:
    """The lines that repeat a longer line above them: of PULL_QUOTE_WORDS words, no
    sentence's end unless a quotation mark opens and closes the line (a display line: a
    quotation without its stop, or with its speaker's name after it, or a whole quoted
    sentence; a text that says a sentence twice is no display), no list item (a list
    of the main points restates the text) and under a third of their words figures (no
    table's row), between the page's first and last lines of running text, with a run of
    at least PULL_QUOTE_SHARE of their words, in order, in the longer line above (of more
    than 12 words) that shares the most of their word 3-grams: a pull quote, a sentence of
    the story set again in display type ("“We cannot run trams over ground we do not fully
    understand.” — Helen Marsh").  A page's summary box above its text repeats sentences
    the text has later, in longer lines: the text is never flagged, only the later and
    shorter repetition."""
    running = [k for k, ln in enumerate(lines) if _running(ln)]
    if len(running) < 2:
        return []
    first, last = running[0], running[-1]
    candidates = [k for k in range(first + 1, last)
                  if PULL_QUOTE_WORDS[0] <= len(lines[k].words) <= PULL_QUOTE_WORDS[1]
                  and (not lines[k].terminal or lines[k].quoted) and not lines[k].item
                  and 3 * sum(1 for x in lines[k].words if _HAS_DIGIT(x)) < len(lines[k].words)]
    if not candidates:
        return []
    grams: dict[int, set[tuple[str, ...]]] = {}

    def grams_of(j: int) -> set[tuple[str, ...]]:
        if j not in grams:
            w = lines[j].words
            grams[j] = {tuple(w[i:i + _PULL_GRAM]) for i in range(len(w) - _PULL_GRAM + 1)}
        return grams[j]
    out = []
    for k in candidates:
        w = lines[k].words
        own = grams_of(k)
        best, votes = None, 0
        for j in range(k):  # the longer line above sharing the most of its 3-grams (the first of them)
            if len(lines[j].words) > max(len(w), 12):
                v = len(own & grams_of(j))
                if v > votes:
                    best, votes = j, v
        if best is not None and _longest_run(w, lines[best].words) >= PULL_QUOTE_SHARE * len(w):
            out.append(k)
    return out


def _longest_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The most words ``a`` and ``b`` have in a row, in the same order."""
    best, prev = 0, [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


MENU_RUN = 4
"""Lines in a row that make a menu written one item a line (see :func:`_menu_runs`)."""
MENU_ITEM_WORDS = 3


def _menu_runs(lines: Sequence[Line], end: int) -> list[tuple[int, int]]:
    """Runs ``(a, b)`` of lines ``a`` .. ``b - 1`` before ``end``: MENU_RUN or more in a row,
    each of one to MENU_ITEM_WORDS words, without a stop or a figure."""
    runs, a = [], None
    for k in range(end + 1):
        item = (k < end and 0 < _item_words(lines[k].words) <= MENU_ITEM_WORDS and not lines[k].terminal
                and not lines[k].asks and not any(map(_HAS_DIGIT, lines[k].words)))
        if item and a is None:
            a = k
        elif not item and a is not None:
            if k - a >= MENU_RUN:
                runs.append((a, k))
            a = None
    return runs


def _via_line(ln: Line) -> bool:
    """A credit after "via": "via Hessvik-Posten", "via Kelsworth Evening Post" (a line
    :attr:`Line.led` opens with "via")."""
    return ln.led and ln.words[0] == "via"


# an agency's dateline: a place of up to four words, a day and a month's name or none, and
# the agency's name or code in parentheses or between slashes, nothing after but stops or
# dashes ("Ruhnsberg (nrd)", "Villalbarca, 24 sep (AMN).", "عين الخيزران - (مشرق) -")
_DATELINE = regex.compile(r"^\p{L}[\p{L}\p{M}'\u2019.-]*(?:\s[\p{L}\p{M}'\u2019.-]+){0,3},?"
                          r"(?:\s*\d{1,2}\.?\s+\p{L}[\p{L}\p{M}]{1,11}\.?)?\s*[-\u2013\u2014]?\s*"
                          r"(?:\([\p{L}\p{M}][\p{L}\p{M}. -]{0,24}\)|/[\p{L}\p{M}][\p{L}\p{M}. -]{0,24}/)"
                          r"[\s.:,\u2013\u2014-]*$")
DATELINE_WORDS = 8


# an ad's line: its label (an ad label of the lexicon, "-") then a middle dot or a bar ("ANZEIGE |
# Sportwetten-Quoten ...", "Publicidad · +18 | Cuotas ..."); a ticker: a label in capitals,
# then a bullet, an arrow or a bar, then items between middle dots ("LIVE SCORES ● A 17–15 B
# (FT) · C 31–12 D (FT) · ...", "RESULTADOS EN DIRECTO ▸ ...")
_AD_LINE = regex.compile(r"^[^\W\d_]+(?:\s[^\W\d_]+)?\s[\u00b7|]\s")
_TICKER = regex.compile(r"^\p{Lu}[\p{Lu}\p{M}\s-]{1,30}\s[\u25cf\u25b8\u25ba\u25b6|\u2022]\s")
STRIP_WORDS = 80


def _strip_line(line: str, words: Sequence[str]) -> bool:
    """An ad's line or a ticker of results (see :data:`_AD_LINE`, :data:`_TICKER`)."""
    if _AD_LINE.match(line) is not None and words and (words[0] in _ad_labels() or " ".join(words[:2]) in _ad_labels()):
        return True
    return _TICKER.match(line) is not None and line.count(" \u00b7 ") >= 2


@lru_cache(maxsize=1)
def _ad_labels() -> frozenset[str]:
    # (an ad's label of the lexicon, "-", or one that is furniture as a line by itself, "=":
    # "PUBBLICITÀ · Le quote di mercoledì")
    out: set[str] = set()
    for mark in ("-", "="):
        single, phrases = boilerplate_cues(mark)
        out |= set(single) | {" ".join(p) for p in phrases}
    return frozenset(out)


def _lone_word(ln: Line) -> bool:
    """A line of one word of letters, no stop, not in lower case: an ad's label between two
    paragraphs (not a word a scraper put on a line of its own, in a sentence running on
    in lower case below it: "I" over "was" over "prime minister and I wanted ...")."""
    return (len(ln.words) == 1 and not ln.terminal and not ln.lower and ln.end - ln.start <= LONE_WORD_CHARS
            and ln.words[0].isalpha() and not ln.opens)  # (not a label of what follows: "NOTE:")


LONE_WORD_CHARS = 20


def _name_lines(lines: Sequence[Line], flag: Sequence[bool], body: int,
                templated: Sequence[bool] = ()) -> list[int]:
    """The page's first lines above its header's furniture, when the headline comes under
    them (:func:`boilerplate_lines`).  Of the lines above the text (``body``) not yet
    furniture, the headline is the last one of HEADLINE_MIN_WORDS words or more that is no
    byline (it may be a template line, ``templated``: furniture only as a line repeated in
    many texts, as a story's headline is on its site's other versions of the page and on its
    copies).  The lines above it are the site's name, motto or section when each is without
    a stop, of at most NAME_WORDS words and fewer than the headline's, among the page's
    first NAME_LINES or a section's name of at most SECTION_WORDS words; when a line of
    furniture without a figure (a menu, a sign-in link, a breadcrumb; not a date line)
    stands between the first of them and the headline; and when the headline stands over
    running text, under at most lines of furniture, the header or bylines, with no line in
    lower case between (a sentence broken over lines: "VF Corp said it increased its" over
    "quarterly cash dividend to 21 cts per share, from 18 cts a").  (A headline over its
    date line and a standfirst without a stop, "Fire destroys historic dairy building" over
    "Published: August 7, 2012" over "Warehouse was one of the last original buildings …",
    is no name.)"""
    templated = templated or [False] * len(lines)
    rest = [j for j in range(body) if not flag[j] or (templated[j] and not lines[j].header)]
    head = next((j for j in reversed(rest) if _item_words(lines[j].words) >= HEADLINE_MIN_WORDS
                 and not (lines[j].section or lines[j].byline or lines[j].named or lines[j].led)), -1)
    above = [j for j in rest if j < head and not flag[j]]
    if not above:
        return []
    most = min(NAME_WORDS, _item_words(lines[head].words) - 1)
    if (lines[head].terminal
            or any(j >= NAME_LINES and _item_words(lines[j].words) > SECTION_WORDS for j in above)
            or not any(flag[j] and not any(map(_HAS_DIGIT, lines[j].words)) for j in range(above[0] + 1, head))):
        return []
    k = head + 1
    while k < len(lines) and (flag[k] or lines[k].header or lines[k].section or lines[k].byline
                              or lines[k].named or lines[k].led):
        k += 1
    if k == len(lines) or not _running(lines[k]) or any(lines[j].lower for j in range(above[0], k + 1)):
        return []
    if all(not lines[j].terminal and _item_words(lines[j].words) <= most for j in above):
        return above
    return []


NAME_LINES = 3
NAME_WORDS = 12


def _teaser_lists(lines: Sequence[Line], flag: Sequence[bool]) -> list[int]:
    """The lines of the lists of other articles under a text (:func:`boilerplate_lines`):
    below the last line of running text not yet furniture, a heading of at most
    HEADING_WORDS words without a stop (which may end in a colon) over TEASER_ITEMS or more
    lines each opening with a bullet (:data:`_BULLET`), of TEASER_ITEM_WORDS to
    LIST_ITEM_WORDS words (a headline's, not a name's: "- Liam Hemsworth" of a film's cast),
    without a stop and not in lower case, and the lines under the last list."""
    n = len(lines)
    last = max((k for k in range(n) if _running(lines[k]) and not flag[k]), default=-1)
    if last < 0:
        return []
    out: list[int] = []
    k = last + 1
    while k < n - TEASER_ITEMS:
        ln = lines[k]
        if ln.terminal or ln.bullet or not 0 < _item_words(ln.words) <= HEADING_WORDS:
            k += 1
            continue
        j = k + 1
        while (j < n and lines[j].bullet and not (lines[j].terminal or lines[j].lower)
               and TEASER_ITEM_WORDS <= _item_words(lines[j].words) <= LIST_ITEM_WORDS):
            j += 1
        if j - k - 1 >= TEASER_ITEMS:
            out.extend(range(k, j))
        k = max(j, k + 1)
    # (and the lines under the last such list, of at most PROMO_WORDS words each: the
    # newsletter's "You receive this e-mail because …", with no text of the page below)
    if out:
        out.extend(j for j in range(out[-1] + 1, n) if len(lines[j].words) <= PROMO_WORDS)
    return out


CREDIT_WORDS = 6
"""The most words of a credit line between a page's date line and its text (see
:func:`boilerplate_lines`)."""
COMMENT_GAP = 8
"""The most lines from a comment thread's count line to its first action line, and between
two action lines of the thread (see :func:`_comment_threads`)."""
COMMENT_LINE_WORDS = 6
"""The most words of a comment's action line ("Reply · Like 24")."""
_DIGITS = _re.compile(r"\d+")


def _comment_threads(lines: Sequence[Line], flag: Sequence[bool]) -> list[int]:
    """The lines of a thread of readers' comments under a text (:func:`boilerplate_lines`):
    below running text, a count line (a furniture line of at most SECTION_WORDS words holding a
    figure: "47 comments", "83 Kommentare", "댓글 128") over comments, each ending in a line
    repeated with other figures ("Reply · Like 24", "Antworten · Gefällt mir 6", "답글 · 좋아요
    15"; at most COMMENT_LINE_WORDS words, no stop) at most COMMENT_GAP lines after the
    one before: the count line, the comments (their names, times and texts, which may quote
    the article) down to the last such line.  In any language: the repetition shows it, not
    the words."""
    n = len(lines)
    running = False
    for k, ln in enumerate(lines):
        if (running and ln.cue and len(ln.words) <= SECTION_WORDS and not ln.terminal
                and _HAS_DIGIT(" ".join(ln.words))):
            at: dict[str, list[int]] = {}
            for j in range(k + 1, n):
                lj = lines[j]
                if 0 < len(lj.words) <= COMMENT_LINE_WORDS and not lj.terminal and _HAS_DIGIT(" ".join(lj.words)):
                    at.setdefault(" ".join(_DIGITS.sub("#", w) for w in lj.words), []).append(j)
            last = -1
            for rows in at.values():
                if len(rows) < 2 or rows[0] - k > COMMENT_GAP:
                    continue
                m = 1
                while m < len(rows) and 2 <= rows[m] - rows[m - 1] <= COMMENT_GAP:
                    m += 1
                if m >= 2:
                    last = max(last, rows[m - 1])
            if last > k:
                return list(range(k, last + 1))
        running = running or (_running(ln) and not flag[k])
    return []


POST_FIELDS = 2
"""The fewest fields ("Posts: 1,204", "Joined: Mar 2014", a date) a post's header holds that
every post's header repeats (see :func:`_forum_posts`)."""
POST_FIELD_WORDS = 8
"""The most words of a post header's field line ("Post by tam_r » Thu 13 Mar 2025 20:02")."""
POST_REPLY_LINES = 12
"""The most lines of a reply's text under its header (see :func:`_forum_posts`)."""


def _field_key(words: Sequence[str]) -> str:
    """A post header's field as its headers repeat it: the line's first word (its label) and
    a "#" for its figures ("posts #" for "Posts: 1,204" and "Posts: 318", "joined #" for
    "Joined: Mar 2014" and "Joined: Sep 2019"), "#" for a line opening with a figure (a
    date: "14-03-2025, 08:15 #1")."""
    return "#" if _HAS_DIGIT(words[0]) else words[0] + " #"


def _forum_posts(lines: Sequence[Line], flag: Sequence[bool]) -> list[int]:
    """The replies of a forum's or message board's thread (:func:`boilerplate_lines`): two or
    more posts, each under a header of short lines (a user's name, a rank, "Posts: 1,204",
    "Joined: Mar 2014", the date) holding POST_FIELDS or more fields (:func:`_field_key`)
    that every post's header repeats with other figures ("Beiträge: 2.318", "게시물: 312")
    and the post's date or a line without a figure (a name), each post with a sentence under
    it and running text among the posts or above them (a table of figures has neither a
    date nor a name in its rows, nor running text between them), in any language: the
    repetition shows it, not the words.
    The first post under the thread's title is the text (a story pasted or told by its
    poster): its header, and under its last line of running text its signature (under a
    line of symbols alone, "__________________", "--", or repeated under a later post) and
    action line ("Reply With Quote | Like", repeated under the other posts) are furniture;
    the other posts are replies, furniture from their header down to their last action line
    (or their text's end).  Under an article's running text every post is a reader's reply."""
    n = len(lines)
    keys: dict[str, list[int]] = {}
    for k, ln in enumerate(lines):
        if 0 < len(ln.words) <= POST_FIELD_WORDS and not ln.terminal and _HAS_DIGIT(" ".join(ln.words)):
            keys.setdefault(_field_key(ln.words), []).append(k)
    field = {k: key for key, rows in keys.items() if len(rows) >= 2 for k in rows}
    if len(field) < 2 * POST_FIELDS:
        return []
    top = next((k for k in range(n) if not flag[k]), n)  # the page's first line of its own: a title

    def part(k: int) -> bool:  # a line a post's header may hold
        ln = lines[k]
        return k in field or (not ln.terminal and 0 < _item_words(ln.words) <= SECTION_WORDS)
    blocks: list[tuple[int, int]] = []  # [start, end) of each post's header
    k = top + 1
    while k < n:
        if k in field:
            a = k
            while a - 1 > top and part(a - 1) and k - a < 3:
                a -= 1
            b = k
            while b < n and part(b):
                b += 1
            # (and the post's date or time, or a line that is no field: the poster's name or
            # rank; a table's rows of figures, "Shr 47 cts vs 48 cts" over "Net 505.0 mln vs
            # 533.0 mln", have neither)
            if (len({field[j] for j in range(a, b) if j in field}) >= POST_FIELDS
                    and any(lines[j].header or lines[j].dated or (j not in field and not _HAS_DIGIT(lines[j].key))
                            for j in range(a, b))):
                blocks.append((a, b))
            k = max(b, k + 1)
        else:
            k += 1
    if len(blocks) < 2:
        return []
    shared = [{field[j] for j in range(a, b) if j in field} for a, b in blocks]
    if len(set.intersection(*shared)) < POST_FIELDS:
        return []
    # (each post has a text: a sentence under its header, not a table's rows of figures)
    until = [a for a, _ in blocks[1:]] + [min(n, blocks[-1][1] + POST_REPLY_LINES)]
    if not all(any(lines[j].terminal for j in range(b, e)) for (_, b), e in zip(blocks, until)):
        return []
    # (and a sentence of running text among them or above them: rows of figures with a
    # short sentence among them, "Food 20 mln vs nil.", are a table's)
    article = sum(1 for j in range(top + 1, blocks[0][0]) if _running(lines[j]) and not flag[j]) >= 2
    if not article and not any(_running(lines[j]) for j in range(blocks[0][1], until[-1])):
        return []
    repeated = Counter(ln.key for ln in lines if ln.words)

    def action(j: int) -> bool:  # a line repeated under other posts: "Quote · Report", "Top"
        return bool(lines[j].words) and not lines[j].terminal and repeated[lines[j].key] >= 2
    out: list[int] = []
    for i, (a, b) in enumerate(blocks):
        nxt = blocks[i + 1][0] if i + 1 < len(blocks) else None
        if i == 0 and not article:
            out.extend(range(a, b))
            end = nxt if nxt is not None else n
            # under its last line of running text: its signature and action line
            # (a line of symbols alone under its text opens the signature, however long)
            first = next((j for j in range(b, end) if _running(lines[j])), b)
            sig = next((j for j in range(first + 1, end) if not lines[j].words), None)
            text = max((j for j in range(b, end if sig is None else sig) if _running(lines[j])), default=b - 1)
            later = Counter(ln.key for ln in lines[end:] if ln.words)
            out.extend(j for j in range(text + 1, end) if (sig is not None and j >= sig) or action(j)
                       or (lines[j].words and later[lines[j].key] > 0))
            continue
        if nxt is not None:
            out.extend(range(a, nxt))
            continue
        # the last reply: down to its last action line, else to the end of its text
        window = range(b, min(n, b + POST_REPLY_LINES))
        last = max((j for j in window if action(j)), default=None)
        if last is None:
            last = b
            while last < n and last - b < POST_REPLY_LINES and lines[last].terminal and not flag[last]:
                last += 1
            last -= 1
        out.extend(range(a, last + 1))
    return out


TEASER_RUN_UNITS = 3
"""The fewest dated teasers in a row that make a listing of other articles (see :func:`_teaser_runs`)."""
TEASER_SENTENCE_WORDS = 50
"""The most words of a teaser's one line under its headline (see :func:`_teaser_runs`)."""


def _teaser_runs(lines: Sequence[Line], flag: Sequence[bool]) -> list[int]:
    """The lines of listings of other articles written as teasers (:func:`boilerplate_lines`):
    units of one shape in a row, each a headline (no stop, not in lower case, 2 to
    NUMBERED_ITEM_WORDS words, no date line and no furniture line: not "Share this story") over a one-line teaser (a sentence's end, at most
    TEASER_SENTENCE_WORDS words), a date line (one with a year, or a month in words) or a
    teaser and a date: TEASER_RUN_UNITS or more units with a date (a topic or tag page's
    listing, "Headline" over "Its first sentence." over "9 settembre 2025", in any
    language), or two or more with a teaser under a furniture heading below running text (a
    "Related articles" block of headlines over their first sentences); and the short line
    with a furniture word right above such a listing ("All stories tagged: Castelvaldo")."""
    n = len(lines)

    def headline(ln: Line) -> bool:
        return (not (ln.terminal and not ln.asks) and not ln.lower and not (ln.header or ln.dated or ln.cue)
                and 2 <= _item_words(ln.words) <= NUMBERED_ITEM_WORDS)

    def teaser(ln: Line) -> bool:
        return ln.terminal and not ln.lower and 0 < _item_words(ln.words) <= TEASER_SENTENCE_WORDS

    def date(ln: Line) -> bool:
        return ln.dated or (ln.header and len(ln.words) <= DATED_WORDS
                            and _has_year(ln.words))

    def unit(k: int) -> tuple[str, int] | None:
        if k >= n or not headline(lines[k]):
            return None
        j, shape = k + 1, ""
        if j < n and teaser(lines[j]):
            shape, j = "t", j + 1
        if j < n and date(lines[j]):
            shape, j = shape + "d", j + 1
        return (shape, j) if shape else None

    out: list[int] = []
    running = False  # running text (not furniture) above line k
    k = 0
    while k < n:
        u = unit(k)
        if u is not None:
            shape, j = u
            units = 1
            while (v := unit(j)) is not None and v[0] == shape:
                j, units = v[1], units + 1
            headed = running and k > 0 and lines[k - 1].heading
            if ("d" in shape and units >= TEASER_RUN_UNITS) or (headed and shape == "t" and units >= 2):
                if k > 0 and lines[k - 1].has_cue and lines[k - 1]._unpunctuated(HEADING_WORDS):
                    out.append(k - 1)
                out.extend(range(k, j))
                k = j
                continue
        running = running or (_running(lines[k]) and not flag[k])
        k += 1
    return out


# a separator of an imprint's parts: a bar, a middle dot or a bullet between spaces
_IMPRINT_SEP = _re.compile(r"\s[|\u00b7\u2022]\s")
# a list item's bullet, dash or arrow and a space: "• ", "- ", "– ", "— ", "→ ", "▸ "
_BULLET = _re.compile("[-*\u2022\u00b7\u25aa\u25b8\u25ba\u2023\u2043\u2013\u2014\u2192\u25e6\u25cf\u25a0>]\\s")
HEADING_WORDS = 8
APP_LINK_WORDS = 4
TEASER_ITEMS = 2
TEASER_ITEM_WORDS = 3


def _greeting(lines: Sequence[Line], flag: Sequence[bool], j: int) -> bool:
    """Whether line ``j`` is a newsletter's greeting: a sentence of at most GREETING_WORDS
    words under lines of furniture or of the header only (the newsletter's name, its date),
    over its first item: a headline of HEADLINE_MIN_WORDS words or more without a stop
    (after, at most, a section's label of up to SECTION_WORDS words, and then of two words or
    more), then running text,
    right under it or under a line of the header ("Goeiemôre! Hier is vandag se belangrikste
    nuus van die platteland." under "Plattelandse Oorsig").  A standfirst is no greeting: it
    stands under its headline, which is no furniture."""
    n = len(lines)
    if not (0 < j and lines[j].terminal and len(lines[j].words) <= GREETING_WORDS
            and all(flag[i] or lines[i].header or (i == 0 and _site_name(lines[0])) for i in range(j))
            and any(flag[i] or lines[i].header for i in range(j))):
        return False
    k = j + 1
    shortest = HEADLINE_MIN_WORDS
    if (k < n - 1 and not lines[k].terminal and _item_words(lines[k].words) <= SECTION_WORDS
            and lines[k + 1].headline and _item_words(lines[k + 1].words) >= 2):
        # a section's label over the headline (which may then be as short as two words:
        # "UMASIPALA" over "Amanzi ayabuya eDlamvuzo", "KALAMIDAD" over "Bantolinao, gibaha")
        k, shortest = k + 1, 2
    if not (k < n - 1 and lines[k].headline and not lines[k].asks
            and _item_words(lines[k].words) >= shortest
            and not (lines[k].header or lines[k].byline or lines[k].named or lines[k].led)):
        return False
    k += 1
    if k < n - 1 and (lines[k].header or flag[k]):
        k += 1
    # (a paragraph of its own, not a line the headline's sentence runs on into in lower case:
    # "Michael Silverman reports that the Red Sox" over "have made an offer …")
    return _running(lines[k]) and not lines[k].lower


def _site_name(ln: Line) -> bool:
    """A line a site's name may be: at most SITE_WORDS words, no stop."""
    return not ln.terminal and _item_words(ln.words) <= SITE_WORDS


GREETING_WORDS = 16
HEADLINE_MIN_WORDS = 4


def _running(ln: Line) -> bool:
    """A line of running text: a sentence's end and more words than a short line has."""
    return ln.terminal and len(ln.words) > 12


def boilerplate_lines(lines: Sequence[Line], templates: set[str] = frozenset()) -> list[bool]:
    """Which lines are boilerplate (see the module docstring for the signals)."""
    n = len(lines)
    # a consent banner above the page's text: a notice (a sentence holding a furniture word)
    # with its buttons on the line right under it, before any running text ("Folosim module
    # cookie … confidențialitate." over "Sunt de acord    Refuz")
    notice = [False] * n
    for k in range(n - 1):
        if (lines[k].has_cue and lines[k].terminal and len(lines[k].words) <= NOTICE_WORDS
                and lines[k + 1].choice):
            notice[k] = notice[k + 1] = True
        elif _running(lines[k]) and not notice[k]:
            break
    # (and a line of Markdown links or images: a link list's item, a menu, a logo, a photo)
    other = [ln.counter or ln.cue or ln.buttons or ln.caption or ln.pictured or ln.tags or ln.symbol or ln.aside
             or ln.banner or ln.linked or h or nt for ln, h, nt in zip(lines, headed_lists(lines), notice)]
    flag = [o or ln.key in templates for o, ln in zip(other, lines)] if templates else other[:]
    templated = [f and not o for f, o in zip(flag, other)]  # furniture only as a template line
    if templates and flag != other and all(f or ln.short for f, ln in zip(flag, lines)):
        # no running text left outside the template lines: they are not furniture around a
        # body but the body of a templated notice (one dividend notice of many, its figures
        # repeated elsewhere line by line), so they stay content
        flag = other
        templated = [False] * n
    # a page's header above its running text: breadcrumbs, bylines and publication lines
    # (a date or a time of day), as they head the text of a page (a headline is no such line)
    # (a headline of up to twice a short line's words is no running text either: a long
    # headline above the byline would otherwise end the header before it)
    # (a headline may end with "?" or "!": "… iptal kararı!" above its byline)
    # (nor a motto of a few words written as sentences: "Your town. Your news.")
    # (nor, under furniture only, a newsletter's greeting over its first item's headline:
    # "Dobré ráno! Prinášame prehľad toho, čo sa včera dialo v regióne." over "DOPRAVA" over
    # "Mlynský most v Javorníku je znova otvorený", see _greeting)
    body = next((j for j in range(n) if not (lines[j].headline or flag[j] or lines[j].header
                                              or (lines[j].asks and len(lines[j].words) <= 24)
                                              or (j < n - 1 and len(lines[j].words) <= MOTTO_SENTENCE_WORDS
                                                  and not _running(lines[j + 1]))
                                              or _greeting(lines, flag, j))), n)
    greeting = next((j for j in range(body) if _greeting(lines, flag, j)), n)
    if body == n:
        # no running text (a timeline, a list of points in lines without stops): the header
        # ends where LIST_BODY_LINES lines in a row are neither furniture nor header lines,
        # below a site's menu (parts between separators, no figure: not a notice's "Qtly div
        # 12-1/2 cts vs 12-1/2 cts") -- the list's items
        plain = 0
        for j in range(n):
            plain = 0 if flag[j] or lines[j].header else plain + 1
            if plain == LIST_BODY_LINES:
                if any(ln.menu for ln in lines[:j - plain + 1]):
                    body = j - plain + 1
                break
    if body < n:
        for k in range(body):
            if lines[k].header or k == greeting:
                flag[k] = True
        # a menu written one item a line ("Home", "News", "Traffic & Travel", ...): MENU_RUN
        # or more lines in a row of at most MENU_ITEM_WORDS words, no stop and no figure,
        # above a line of the header with more words than a menu's item has (the headline),
        # with the line above them when it is the page's first (the site's name)
        for a, b in _menu_runs(lines, body):
            if any(len(lines[j].words) > 2 * MENU_ITEM_WORDS and not flag[j] for j in range(b, body)):
                for k in range(0 if a == 1 else a, b):
                    flag[k] = True
        # a site's name and section ("Daily Post | Politics") above another line of the
        # header that is none (the headline); the last such line is the headline itself
        # ("Brexit | What happens next")
        last = next((j for j in range(body - 1, -1, -1) if not flag[j]), -1)
        for k in range(last):
            if lines[k].section:
                flag[k] = True

        def framed() -> None:
            for k in range(last):
                between = flag[k - 1] and flag[k + 1] if k else flag[1] and (lines[1].header or lines[1].section or lines[1].symbol)
                # (the page's first line above its menu: a site's name, of up to SITE_WORDS
                # words, "しおなぎニュースWEB", where kana count a fraction of a word each)
                most = SITE_WORDS if k == 0 and (lines[1].menu or lines[1].symbol) else SECTION_WORDS
                # (a figure too, above the menu: a station's frequency, "Karadere FM 92.8")
                if (between and not flag[k] and _item_words(lines[k].words) <= most
                        and (most == SITE_WORDS or not any(map(_HAS_DIGIT, lines[k].words))
                             # (or a name of one word with a figure in it: "ValdorsaNews24")
                             or (len(lines[k].words) == 1 and not lines[k].words[0].isdigit()))):
                    flag[k] = True
        # (the page's first two lines above its menu or another line of its header, with no
        # stop: a link to skip to the text and the site's name, "Skip to content" over "Saltby &
        # District Gazette", each of up to SITE_WORDS words, when the headline is further down;
        # a site's motto of more words is left: allowing twice as many took a roundup's name and
        # motto, and the roundup, its text then only the stories' pasted paragraphs, joined two
        # of blind26's stories)
        # (a motto of up to MOTTO_WORDS words when a menu follows: "Javornícke noviny" over
        # "Spravodajstvo z Javorníka nad Hlinkou a okolia" over "Domov | Správy | Doprava | ...")
        if 2 < last and lines[2].header and flag[2] and not flag[0] and all(
                not lines[k].terminal and _item_words(lines[k].words) <= (
                    MOTTO_WORDS if k == 1 and lines[2].menu and _item_words(lines[0].words) <= SECTION_WORDS
                    else SITE_WORDS) for k in (0, 1)):
            flag[0] = flag[1] = True
        # (a site's name between a banner and its menu, "Correio do Norte", first: the lines
        # under it are then under furniture only)
        framed()
        above = True  # every line above k is furniture
        # (the page's first line too when it is the last line above the text that is not yet
        # furniture, a name in capitals over furniture: "AMATEURFUSSBALL-RADAR" over its
        # motto and "Im Browser ansehen | Weiterempfehlen", over a newsletter's greeting)
        first_name = last == 0 and n > 1 and flag[1] and (lines[0].shout or lines[0].tagline)
        for k in range(1 if first_name else last):
            # a site's name in capitals with its motto, above the headline, under furniture only
            # (or first, with any separator between spaces: "Kratko & jasno – novice v 60
            # sekundah", "TINIG NG KABUNDUKAN | Balita mula sa Mountain Province", in scripts
            # without capitals too, when the headline is not next: a line of the header
            # or a section's name between them)
            if above and (lines[k].tagline or (k == 0 and last >= 2 and lines[k].site)):
                flag[k] = True
            # a section's name in capitals above the headline, under furniture only ("KRONIKA",
            # "TERVIS" under a site's name and menu)
            # (a name of two or three words in capitals: under furniture, or first above it;
            # a headline in capitals broken over two lines is none: "VOLCKER REAFFIRMS G" over
            # "-6 NEGOTIATING PROCESS")
            # (or first, over a line of a few words in other case and a line of furniture
            # without a figure: a site's name over its motto and its menu or breadcrumb,
            # "ARDEAL PRESS" over "Cotidian online independent"; a headline in capitals over
            # its subtitle and the date line is none)
            elif lines[k].shout and above and (len(lines[k].words) == 1 or k or flag[k + 1] or (
                    flag[k + 2] and not (lines[k + 1].shout or lines[k + 1].terminal)
                    and _item_words(lines[k + 1].words) <= SECTION_WORDS
                    and not any(map(_HAS_DIGIT, lines[k + 1].words + lines[k + 2].words)))):
                flag[k] = True
            # (a section's name of one word in a script without capitals, under furniture only
            # and over the headline: "مائارىپ", "ތިމާވެށި")
            elif (above and k and len(lines[k].words) == 1 and not lines[k].terminal
                  and lines[k].words[0].isalpha() and lines[k].words[0].upper() == lines[k].words[0].lower()):
                flag[k] = True
            # a labelled byline ("Koonnut: Päivän Tiivis -toimitus") under a line of the header
            elif lines[k].byline and k and flag[k - 1]:
                flag[k] = True
            # a sign-up promo above the headline, under furniture only ("Subscribe to our
            # newsletter for the latest local news!" under the site's menu)
            elif lines[k].promo and above and k:
                flag[k] = True
            above = above and flag[k]
        # below the headline (the first line of the header that is none of its lines), a
        # labelled byline or a photo's credit ("Foto: Arhiv ŠU") under a line of the header
        # (its date line)
        # (or above its date line: "Autor: Sorin Moldovan" over "Marți, 11.03.2025 – 18:05")
        headline = next((j for j in range(body) if not flag[j]), body)
        # (a page's first lines, its name and motto, each a short line without a stop, over
        # lines of furniture over the headline, a longer line: "The Harrow Bay Ledger" over
        # "Local news for Harrow Bay and the North Shore since 1911" over "Subscribe | Sign
        # in" and the menu, see _name_lines)
        for k in _name_lines(lines, flag, body, templated):
            flag[k] = True
        headline = next((j for j in range(body) if not flag[j]), body)
        # (and an agency's dateline on its own line right above the text's first paragraph:
        # "Ruhnsberg (nrd)", "Villalbarca, 24 sep (AMN).", "ВЕРХНЕОЗЁРСК, 19 февраля. /СеверИнформ/.")
        for k in range(headline + 1, min(body + 1, n - 1)):
            if lines[k].wire and _running(lines[k + 1]):
                flag[k] = True
        # (and a byline of a short word in lower case and a name above the date line: "di
        # Stefano Moretti" over "9 aprile 2025, 13:20")
        # (and a post's line ending in its date, right under the headline:
        # "Posted by newsdesk on March 14, 2025"; not a table's note further down, "NOTE:
        # Year-ago period ended Feb 1, 1986", in a report of figures without a stop)
        # (and a line of two parts around a bar, or a name, above the date line: "Texto: Marcelo
        # Viana | Edição: Carla Nogueira", "Marloes Hendriks" over "12 nov. 2024 om 16:37"; a
        # short headline, "Kars'ta bilet izdihamı", has words in lower case)
        for k in range(headline + 1, body):
            if (lines[k].dated and k == headline + 1) or (lines[k].led and k + 1 < body and lines[k + 1].header) or ((lines[k].byline and ((k > headline + 1 and lines[k - 1].header)
                                      or (lines[k].named and k + 1 < body and lines[k + 1].header)))
                    or ((lines[k].section or (lines[k].capitalized and not lines[k].terminal))
                        and k + 1 < body and lines[k + 1].header)):
                flag[k] = True
        # (and under a standfirst, the one sentence or paragraph right under the headline,
        # the byline and date lines that head the text, one of them a date line: "Texto: Lucía
        # Ferrándiz · Fotografía: Alberto Gil" over "27 de mayo de 2025 · Lectura: 13 minutos",
        # as a magazine lays out its page)
        # (not in hard-wrapped text: neither the standfirst nor the line under the block opens
        # in lower case, "It said the dividend was payable April 20, 1987, to" over
        # "shareholders of record April 6.")
        # (a standfirst without a stop too, longer than a headline: "市教委が再編計画案を公表。
        # …方針"; and in the block a name alone, "佐々木美穂" over "2025年10月7日 5時00分")
        if (0 < body < n - 1 and not lines[body].lower
                and lines[body - 1].headline and not flag[body - 1]):
            k = body + 1
            while (k < n and k - body <= STANDFIRST_HEAD_LINES and not lines[k].terminal
                   and (lines[k].header or lines[k].byline or lines[k].named or lines[k].field
                        or (lines[k].capitalized and _item_words(lines[k].words) <= SECTION_WORDS))):
                k += 1
            if (body + 1 < k < n and lines[k].terminal and not lines[k].lower
                    and any(lines[j].header for j in range(body + 1, k))):
                for j in range(body + 1, k):
                    flag[j] = True
        # (and right above the text, under a line of the header, a line of a few words and a
        # figure without a stop: a player's or a reading time's line, "Слухати статтю · 4 хв",
        # "기사 읽어주기 · 4분", "Ouvir este artigo · 4 min", in any language)
        k = body - 1
        if (headline + 1 < k and not flag[k] and flag[k - 1] and lines[k - 1].header
                and not lines[k].terminal and _item_words(lines[k].words) <= PLAYER_WORDS
                and any(map(_HAS_DIGIT, lines[k].words))):
            flag[k] = True
        # above the headline, between two lines of the header (or first, above a breadcrumb,
        # a section or a date line), a line of a few words without a figure: the name of a
        # byline ("Tiina Kettunen" between a breadcrumb and a date), a site's name
        framed()
        # under the text, a line that holds the headline and a few words more: a feed's
        # notice ("The post <headline> appeared first on <site>.", "L'articolo <headline>
        # proviene da <site>."), a print page's line naming the article
        for k in headline_echoes(lines, headline, body):
            flag[k] = True
    # a message's header pasted with it (an e-mail forwarded or quoted, a digest's message),
    # an e-mail's signature under its "--", and the author and date lines of comments under it
    for k in header_fields(lines) + signature_lines(lines) + poster_lines(lines):
        flag[k] = True
    # a Markdown heading right above a line of links ("## Read next" over its links)
    for k in link_headings(lines):
        flag[k] = True
    # a contact block under the text ("For further information, please contact:" over a name,
    # a telephone number, an e-mail address)
    for k in contact_blocks(lines, body) if body < n else ():
        flag[k] = True
    # a transcript's speaker labels ("PRESENTER:", "[00:04:27] REPORTER (Anna Berg):")
    for k in speaker_lines(lines):
        flag[k] = True
    # a page's running header or footer, repeated with another page number (a text extracted
    # from a PDF: "Ministry of X – Press release 14/2025 – Page 1 of 2" ... "Page 2 of 2")
    for k in running_heads(lines):
        flag[k] = True
    # the author's note after the story ("Tom Ridley is the Courier's transport correspondent
    # ...", "Olena Rudenko — analyst ...", "Jane Doe contributed reporting."): one of the
    # page's last lines of text, opening with the name of the byline in its header
    for k in author_notes(lines, flag, body):
        flag[k] = True
    # a pull quote: a line that repeats words of a longer line above it (a sentence of the
    # story set again in display type, "“We cannot run trams over ground we do not fully
    # understand.” — Helen Marsh"), below the first line of running text
    for k in repeated_lines(lines):
        flag[k] = True
    # between two paragraphs of running text: an advertisement's label ("ANNONCE",
    # "PUBLICITATE") or a teaser of another article ("Citește și: Traficul de cereale ...")
    # or a photo's credit ("Foto: Pexels")
    # (a single word in any case too, no figure, no stop: "Isikhangiso", "اعلان", an ad's
    # label in a language no word list holds; a crosshead of one word is as rare)
    for k in range(1, n - 1):
        if ((lines[k].shout and len(lines[k].words) == 1) or lines[k].teaser or lines[k].byline
                or (_lone_word(lines[k]) and not lines[k + 1].lower)) and _running(lines[k - 1]) and _running(lines[k + 1]):
            flag[k] = True
    # inside the text (below its first line of running text): an embed's link to its app, a
    # line of at most APP_LINK_WORDS words without a stop ending in an app's name ("Ver en
    # TikTok", "Apri su Instagram", "Guarda su YouTube"); then a labelled line without a stop
    # between two lines of furniture: an embedded player's title and credit ("Watch: …"
    # between "▶ Play video" and "1:12", "Video: ClipHaus" between "1:12" and "ADVERTISEMENT")
    start = next((k for k in range(n) if _running(lines[k]) and not flag[k]), n)
    for k in range(start + 1, n):
        if lines[k].app_link:
            flag[k] = True
    # (and a link back next to a line of furniture: "« Previous page" over "Topics: Rail | …";
    # not a quotation broken over lines, "« C'est presque certainement" over "Orphée …")
    for k in range(n):
        if lines[k].back and ((k and flag[k - 1]) or k + 1 == n or flag[k + 1]):
            flag[k] = True
    for k in range(start + 1, n - 1):
        if ((lines[k].teaser or lines[k].byline or lines[k].field) and lines[k].short
                and flag[k - 1] and flag[k + 1]):
            flag[k] = True
    # a credit under a short sentence ("Das Werk am Ortsrand." over "Foto: Hauser", a caption;
    # "… gerçekleşmişti." over "Kaynak: AA", a story's last line), or under a Markdown image's
    # caption written without a stop ("![...](...)" over "新工場の完成予想図" over "画像：浜織提供"):
    # the credit
    for k in range(1, n):
        if (lines[k].byline and lines[k].named and (lines[k - 1].terminal or (k >= 2 and lines[k - 2].linked))
                and _item_words(lines[k - 1].words) <= CAPTION_WORDS and not lines[k - 1].asks
                and (k + 1 == n or not (lines[k + 1].byline or lines[k + 1].header))):
            flag[k] = True
    # an ad's line or a ticker of results, wherever it stands (see _strip_line)
    for k in range(n):
        if lines[k].strip:
            flag[k] = True
    # tiny lines ("bg", "x", an icon's text) next to furniture are furniture
    tiny = [ln.end - ln.start <= 4 and not ln.terminal for ln in lines]
    for order in (range(n), range(n - 1, -1, -1)):
        prev = False
        for k in order:
            if tiny[k] and prev:
                flag[k] = True
            prev = flag[k]
    # a list of other articles under the text: a heading without a stop over two or more
    # items, each opening with a bullet, a dash or an arrow, of at most LIST_ITEM_WORDS words
    # and no stop, with no running text below it (a newsletter's "Also today:" over its other
    # items' headlines, "Más noticias" over "→ …"): a story's own list of points stands
    # above its last paragraph or holds sentences
    for k in _teaser_lists(lines, flag):
        flag[k] = True
    # a thread of readers' comments under the text, from its count line on
    for k in _comment_threads(lines, flag):
        flag[k] = True
    # a forum's thread: the first post's header, signature and action line, and the replies
    posts = set(_forum_posts(lines, flag))
    for k in posts:
        flag[k] = True
    # teasers of other articles, each a headline over a one-line teaser or a date or both
    # (a topic page's listing, a "Related" block of headlines and their first sentences)
    for k in _teaser_runs(lines, flag):
        flag[k] = True
    # a trailing block of furniture: short lines, cue lines, counters, from the end upwards
    # (the page's last line may be its imprint, a sentence among its parts: "Stavsund Avis AS ·
    # Ansvarlig redaktør: Tor Inge Hammer · Vi arbeider etter Vær Varsom-plakatens regler …")
    i = n
    while i > 0 and (flag[i - 1] or lines[i - 1].short or lines[i - 1].has_cue or (i == n and lines[i - 1].imprint)):
        i -= 1
    block = range(i, n)
    body_before = any(not (lines[k].short or flag[k]) for k in range(i))
    # (the block is at most half the lines; or, when two or more of its lines are furniture by
    # their words or a counter, one of them above its other lines, at most a third of the
    # words: a short text's furniture may have more lines than the text has paragraphs, but a
    # list of results after a short story opens with no furniture, though share buttons and a
    # comment count may follow it)
    furniture = [k for k in block if lines[k].cue or lines[k].counter or lines[k].promo]
    plain = next((k for k in block if not (flag[k] or lines[k].promo)), n)  # its first other line
    # (a forum's replies, found above, count neither in the block nor in the page)
    small = len([k for k in block if k not in posts]) <= (n - len(posts)) / 2 or (
        len(furniture) >= 2 and furniture[0] < plain
        and 3 * sum(len(lines[k].words) for k in block) <= sum(len(ln.words) for ln in lines))
    if block and body_before and small and (
            any(lines[k].cue or lines[k].counter for k in block)
            or sum(lines[k].short for k in block) >= 3):
        for k in block:
            flag[k] = True
    elif block and body_before:
        # (a block too long, running up through a digest's short items: its end from a line
        # that is furniture by its words, the first such line that leaves it small enough,
        # when every line below it is furniture by its words too, or the page's imprint)
        for j in (k for k in furniture if not lines[k].counter):
            tail = range(j, n)
            if len(tail) <= n / 2 and 3 * sum(len(lines[k].words) for k in tail) <= sum(len(ln.words) for ln in lines) \
                    and any(lines[k].cue or lines[k].counter for k in tail) and all(
                        flag[k] or lines[k].has_cue or lines[k].counter or (k == n - 1 and lines[k].imprint)
                        for k in tail):
                for k in tail:
                    flag[k] = True
                break
    # a credit between the page's date line, under its headline, and the text's first
    # sentence: a line of at most CREDIT_WORDS words without a stop ("Source : Le Courrier de
    # la Sorne", "Dikutip dari Kabar Seruni", "Redacción La Voz" under "Publié le 27/09/2025
    # à 20h10"), in any language (with 8 words, headlines of a page with a title above its
    # date line: "Radfahrer (27) bei Zusammenstoß mit Motorrad schwer verletzt"), fewer than
    # half its words opening in lower case (names and a label: a subtitle, "Engineers blame
    # Victorian tunnels", stays)
    k = next((j for j in range(n) if _running(lines[j]) and not flag[j]), n)
    if (3 <= k < n and not flag[k - 1] and flag[k - 2] and lines[k - 2].header and not flag[k - 3]
            and not (lines[k - 1].terminal or lines[k - 1].lower)
            and 0 < _item_words(lines[k - 1].words) <= CREDIT_WORDS
            and 2 * lines[k - 1].lowered < len(lines[k - 1].words)):
        flag[k - 1] = True
    # a labelled credit, the text's last line, under its last sentence and over the page's
    # trailing furniture: the story's source ("出典：白鷺日報デジタル", "Fuente: Diario de
    # Valdemora" over "広告", "Publicidad"), however long the paragraph above it
    k = n - 1
    while k >= 0 and flag[k]:
        k -= 1
    if (1 <= k < n - 1 and lines[k - 1].terminal and not flag[k - 1] and (
            (lines[k].byline and lines[k].named) or _via_line(lines[k]))):
        flag[k] = True
    # a promo sentence ("Like quick reads? Get the Gist in your inbox every weekday.") with
    # only furniture after it: a line of at most PROMO_WORDS words holding a word of sign-up
    # promos, from the last furniture line upwards, while running text stays before it ("A
    # spokeswoman declined to comment." above "Comments (3)" stays)
    # (the first line of running text: the lines flagged below never come before it, so it
    # is found once, not for each promo line)
    # (or a short line naming the site, as the page's first line gives its name: "I-follow
    # ang Balitang Norte sa Facebook …" under "BALITANG NORTE", in any language; a name of
    # two words or more, each found by its first BRAND_CHARS characters: "Nyugati
    # Krónikát" for "NYUGATI KRÓNIKA")
    first = next((j for j in range(n) if not (lines[j].short or flag[j])), n)
    # (the name from the first line of the page's leading furniture that gives one: under a
    # consent banner, "Correio do Norte")
    brand = frozenset()
    # (not from a line that is furniture by its words: "Im Browser ansehen | Weiterempfehlen"
    # over the newsletter's name)
    for ln, f in zip(lines, flag):
        if not f or brand:
            break
        if not ln.cue:
            brand = _brand(ln)

    def names_site(ln: Line) -> bool:
        return bool(brand) and _item_words(ln.words) <= PROMO_WORDS and brand <= {w[:BRAND_CHARS] for w in ln.words}
    def boxed(k: int) -> bool:
        # (or a sign-up box's text over its field and button: "… ئېلخېتىڭىزگە ئەۋەتىمىز." over
        # "ئېلخەت   مۇشتەرى بولۇش", e-mail and subscribe, in any language)
        if (k + 1 < n and lines[k + 1].choice and lines[k + 1].gapped and flag[k + 1]
                and _item_words(lines[k].words) <= PROMO_WORDS):
            return True
        # (or the fine print of a subscription box, between its promo lines: "You've read
        # your 3 free articles this month." over "Your first 3 months for £1, then £6.99 a
        # month." over "Subscribe now")
        return (0 < k < n - 1 and lines[k - 1].promo and lines[k + 1].promo
                and _item_words(lines[k].words) <= PROMO_WORDS)
    k = n - 1
    while k >= 0 and flag[k]:
        k -= 1
    # (a line naming two apps may be the text's last: "Laadi alla Minutiga äpp: App Store |
    # Google Play")
    while 0 < k and (k < n - 1 or lines[k].apps) and (lines[k].promo or names_site(lines[k]) or boxed(k)) and first < k:
        flag[k] = True
        k -= 1
        while k >= 0 and flag[k]:
            k -= 1
    # a press release's end mark under its text ("ENDS", "###", "-30-"), or the heading of its
    # notes to editors: what follows is the release's notes (contacts, notes to editors,
    # "About ..."), as its issuer marks them
    mark = next((k for k in range(n) if lines[k].ends), n)
    if mark < n and sum(lines[j].terminal and not flag[j] for j in range(mark)) >= END_MARK_BODY:
        for j in range(mark, n):
            flag[j] = True
    return flag


END_MARK_BODY = 3
"""A press release's end mark ends its text when at least this many lines of running text
come before it (:func:`boilerplate_lines`)."""


BRAND_CHARS = 5
#: the byline and date lines under a standfirst that head the text are at most this many
STANDFIRST_HEAD_LINES = 3


def _brand(ln: Line) -> frozenset[str]:
    """The words of a site's name, each cut to BRAND_CHARS characters, from the page's first
    line: a site line's name ("Nyugati Krónika" of "NYUGATI KRÓNIKA – Győr-Moson-Sopron
    vármegye hírei") or a whole line of at most SECTION_WORDS words ("BALITANG NORTE"); none
    when the name has fewer than two words of three letters or more."""
    words = ln.words[:ln.site_words] if ln.site_words else ln.words if len(ln.words) <= SECTION_WORDS else []
    name = frozenset(w[:BRAND_CHARS] for w in words if len(w) >= 3)
    return name if len(name) >= 2 else frozenset()


TITLE_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Mx Messrs Dr Prof Sen Rep Gov Gen Lt Col Capt Sgt Cpl Maj Adm Cmdr Rev Hon Pres "
    "St Mt Ft Mme Mlle Sra Srta Dra Sig Dott Ing Avv".split())
"""Abbreviated titles (and "St." of saints' and place names) that stand before a name: a
full stop after one, followed by a capital, ends no sentence ("Dr. Smith", "St. Louis",
"Sra. López").  Written as abbreviations in English, French, Spanish, Italian and German
news; case matters ("Dr." is one, "dr." at a sentence's end is not).  Not "Sr.", which in
English follows a name ("John Smith Sr. His son ...")."""
NUMBER_ABBREVIATIONS = frozenset("No Nos Nr Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Vol Art Fig".split())
"""Abbreviations that stand before a number: a full stop after one, followed by a digit, ends
no sentence ("No. 2", "Sept. 11", "Nr. 5")."""


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside ``text[start:end]`` (one line), trimmed of white space."""
    out: list[Span] = []
    s = start
    next_char = _NON_SPACE.search
    for m in _SENT_END.finditer(text, start, end):
        m_start, e = m.span()
        first = text[m_start]
        if first in ".!?" and e < end and not text[e].isspace():
            continue  # "3.5", "U.S.A" (full-width and Arabic-script stops need no space)
        if first == ".":
            # the word before the stop, found from the stop backwards (not by cutting the
            # sentence so far: a line of many "Dr. Smith" or "pct. and" would be quadratic)
            b = m_start
            while b > s and text[b - 1].isspace():
                b -= 1
            a = b
            while a > s and not text[a - 1].isspace():
                a -= 1
            last_word = text[a:b]
            if len(last_word) == 1 and last_word.isupper() or "." in last_word:
                continue  # an initial or abbreviation: "J. Smith", "U.S. officials" (not a
                # word of one letter of an uncased script: Korean "검토 중. 전문가들은")
        nxt = next_char(text, e, end)
        if nxt is not None:
            c = nxt.group()
            if c.islower():
                continue  # cased scripts: a sentence does not start in lower case
            if e - m_start == 1 and first == "." and (c.isupper() or c.isdigit()):
                # a title before a name ("Dr. Smith"), an abbreviation before a number ("No. 2")
                word = _LAST_WORD.search(text[max(s, m_start - 8):m_start])  # (each is 2-6 letters)
                if word is not None and (word.group() in TITLE_ABBREVIATIONS if c.isupper()
                                         else word.group() in NUMBER_ABBREVIATIONS):
                    continue
        _add_trimmed(out, text, s, e)
        s = e
    _add_trimmed(out, text, s, end)
    return out


def _add_trimmed(out: list[Span], text: str, a: int, b: int) -> None:
    """Append ``text[a:b]`` trimmed of white space to ``out``, unless nothing is left."""
    if a < b and not text[a].isspace() and not text[b - 1].isspace():
        out.append(Span(a, b))  # nothing to trim (a line's last sentence, mostly): no slicing
        return
    seg = text[a:b]
    lead = len(seg) - len(seg.lstrip())
    trail = len(seg) - len(seg.rstrip())
    if b - trail > a + lead:
        out.append(Span(a + lead, b - trail))


def finalize(p: Prepared, templates: set[str] = frozenset()) -> Prepared:
    """Decide boilerplate and cut the content lines into sentences (in place; returns ``p``)."""
    flags = boilerplate_lines(p.lines, templates)
    text = p.text
    glued: list[Span] = []  # teasers glued to a paragraph's end (see _glued_teaser)
    sentences: list[Span] = []
    paragraph_of: list[int] = []
    # a line (trimmed) without a stop is one sentence, the line itself (split_sentences
    # finds no _SENT_END match in it): no need to call it
    ascii_text = text.isascii()
    find = text.find
    for li, (ln, f) in enumerate(zip(p.lines, flags)):
        if not f:
            a, b = ln.start, ln.end
            if text[a:a + 1] in _CHAT_OPENERS and (m := _CHAT_PREFIX.match(text, a, b)) is not None:
                # (a chat export's message: its time and sender are furniture, "[12/04/2026,
                # 09:14] Gareth Pryce: ", and its text the rest of the line)
                glued.append(Span(a, a + len(m.group().rstrip())))
                a = m.end()
                if a >= b:
                    continue
            if ascii_text:  # its only stops are . ! ? (str.find: no slice made)
                no_stop = find(".", a, b) < 0 and find("?", a, b) < 0 and find("!", a, b) < 0
            else:
                no_stop = _STOP_CHARS.isdisjoint(text[a:b])
            if no_stop:
                sentences.append(Span(a, b))
                paragraph_of.append(li)
            else:
                found = split_sentences(text, a, b)
                if len(found) >= 2 and _glued_teaser(text, found[-1], found[0].start):
                    glued.append(found.pop())
                sentences.extend(found)
                paragraph_of.extend([li] * len(found))
    p.boilerplate = _merge([Span(ln.start, ln.end) for ln, f in zip(p.lines, flags) if f] + glued, p.text)
    p.sentences = sentences
    p.paragraph_of = paragraph_of
    p.content = _outside(p.starts, p.words, p.boilerplate)
    return p


def _glued_teaser(text: str, last: Span, start: int | None = None) -> bool:
    """Whether a paragraph's last sentence is a teaser of another article glued to it by the
    scraper ("… de La Serna. Leer más: El transporte escolar, la gran preocupación …",
    "… посещаемости. Смотрите также: Выставка …"): a label of one to three words holding a
    furniture word, a colon and a headline without a stop of its own."""
    sentence = text[last.start:last.end]
    if ":" not in sentence and "\uff1a" not in sentence or not _STOP_CHARS.isdisjoint(sentence[-3:]):
        return False
    m = _TEASER.match(sentence)
    if m is None or len(m.group(1).split()) > 3 or _item_words(token_lists(sentence)[2]) > TEASER_WORDS:
        return False
    if cue_hits(token_lists(m.group(1))[2]) > 0:
        return True
    # (or, in a script with capitals, a label of one to three words without a figure or a
    # quotation mark, opening with a capital, and a headline that opens with one:
    # "Relaterat: Elpriset väntas stiga …", "Також на сайті: Кленівські волонтери …"; a
    # speaker's words after a colon open with a quotation mark, a table's figures with a
    # digit; in a script without capitals the label needs a furniture word; and the next
    # line does not go on in lower case, as a text broken inside its sentences does)
    label, headline = m.group(1), m.group(2)
    after = text[last.end:last.end + 80].lstrip()  # (a line broken inside a sentence goes on in lower case)
    # (after a paragraph's text: GLUED_AFTER_WORDS words or more before it, not a list
    # item's number, "2. Budget: What the council decided")
    before = len(token_lists(text[start:last.start])[2]) if start is not None else 0
    return (before >= GLUED_AFTER_WORDS and not after[:1].islower() and _HAS_DIGIT(label) is None and _QUOTE_CHARS.isdisjoint(label) and headline[0].isupper()
            and label[0].isupper())


def restore(doc: Document, boilerplate: list[Span], sentences: list[Span],
            paragraph_of: list[int]) -> Prepared:
    """:func:`finalize` of :func:`analyze` of ``doc`` again, from what it decided the first
    time: the boilerplate spans, the content sentences and each sentence's line number
    (:func:`paragraph_numbers`).  Only the words are found again; the lines are not kept
    (``lines`` is None).  The batch's story stage restores its members this way."""
    starts, ends, words = token_lists(doc.text)
    return Prepared(doc.id, doc.text, doc.date, starts, ends, words, None, list(boilerplate),
                    list(sentences), _outside(starts, words, boilerplate), list(paragraph_of))


def paragraph_numbers(p: Prepared) -> list[int]:
    """The line (paragraph) number of each content sentence of ``p`` (counting every
    non-blank line, boilerplate too), as :func:`finalize` or :func:`restore` set it (none
    before: :func:`analyze` finds no sentences)."""
    return list(p.paragraph_of or ())


def _outside(starts: list[int], words: list[str], spans: Sequence[Span]) -> list[str]:
    """The words (starting at ``starts``) that start outside every span (sorted, disjoint)."""
    out: list[str] = []
    k = 0
    for sp in spans:
        a = bisect_left(starts, sp.start, k)
        out.extend(words[k:a])
        k = bisect_left(starts, sp.end, a)
    out.extend(words[k:])
    return out


def _merge(spans: list[Span], text: str) -> list[Span]:
    """Merge spans separated only by white space."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda x: x.start):
        if out and not text[out[-1].end:s.start].strip():
            out[-1] = Span(out[-1].start, max(out[-1].end, s.end))
        else:
            out.append(s)
    return out


def prepare_batch(docs: Sequence[Document], template_min_docs: int = 5) -> list[Prepared]:
    """Stage 1 over a batch: analyze every document, find template lines, finalize."""
    prepared = [analyze(d) for d in docs]
    templates = template_lines(prepared, template_min_docs) if len(prepared) >= template_min_docs else set()
    return [finalize(p, templates) for p in prepared]


QUOTATION = (r'“[^“”\n]{1,1000}”|„[^„“”\n]{1,1000}[“”]|«[^«»\n]{1,1000}»|»[^«»\n]{1,1000}«'
             r'|”[^“”\n]{1,1000}”|"[^"\n]{1,1000}"|「[^「」\n]{1,1000}」|『[^『』\n]{1,1000}』')
"""A quotation: the text between a pair of quotation marks on one line (“...”, „...“ or
„...”, «...» and »...«, ”...”, "...", 「...」, 『...』), at most 1,000 characters."""
_QUOTATION = _re.compile(QUOTATION)


def quotations(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation of ``text`` (:data:`QUOTATION`), its marks left out,
    in text order.

    >>> t = 'She said: “We will pay.” Then „Nein“ and «oui».'
    >>> [t[a:b] for a, b in quotations(t)]
    ['We will pay.', 'Nein', 'oui']
    """
    if not any(c in text for c in '"“”„«»「『'):
        return []
    return [(m.start() + 1, m.end() - 1) for m in _QUOTATION.finditer(text)]


@dataclass
class Quoted:
    """A text's content words in order (normalized: the words of its content sentences),
    whether each lies inside a quotation, and of each content sentence its characters
    outside quotations (:func:`quoted_words`)."""

    words: list[str]
    quoted: list[bool]
    own_chars: list[int]


def quoted_words(p: Prepared) -> Quoted | None:
    """:class:`Quoted` of ``p``'s content sentences, or None when it quotes nothing
    (:attr:`Prepared.quoted` keeps it)."""
    spans = quotations(p.text)
    if not spans or not p.sentences:
        return None
    qs = np.fromiter((a for a, _ in spans), dtype=np.int64, count=len(spans))
    qe = np.fromiter((b for _, b in spans), dtype=np.int64, count=len(spans))
    starts = np.asarray(p.starts, dtype=np.int64)
    s_lo = np.fromiter((s.start for s in p.sentences), dtype=np.int64, count=len(p.sentences))
    s_hi = np.fromiter((s.end for s in p.sentences), dtype=np.int64, count=len(p.sentences))
    # the words of the content sentences: those starting inside one (sentences in text order)
    j = np.searchsorted(s_lo, starts, side="right") - 1
    take = np.flatnonzero((j >= 0) & (starts < s_hi[np.maximum(j, 0)]))
    at = starts[take]
    k = np.searchsorted(qs, at, side="right") - 1
    quoted = (k >= 0) & (at < qe[np.maximum(k, 0)])
    if not quoted.any():
        return None
    # each sentence's quoted characters: the overlap of every quotation with it
    inner = np.clip(np.minimum(qe[None, :], s_hi[:, None]) - np.maximum(qs[None, :], s_lo[:, None]), 0, None)
    words = p.words
    return Quoted([words[i] for i in take.tolist()], quoted.tolist(), (s_hi - s_lo - inner.sum(axis=1)).tolist())
