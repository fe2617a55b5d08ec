"""Write ``dedup/months.txt``: the names of the months in every language CLDR knows, as
Babel ships them (and ``dedup/dayperiods.txt``, the words for before and after noon, and for
the morning, the afternoon and the evening) (``pip install babel``; a tool's dependency only:
dedup reads the file).

Each line is a month's name (case-folded, without a trailing stop) and its number, 1-12.
Wide and abbreviated names are kept, in the format context (the genitive many languages
write in a date: "14 maja 2024") and standing alone.  A name that means different months
in different languages ("listopad": November in Polish and Czech, October in Croatian;
"mar": March in Spanish, May in Somali) keeps the month of the first language in
``PRIORITY`` that writes it, and is left out when none does.  Names of two or three words
are kept ("meán fómhair", Irish); of more, left out; and for a word followed by
the month's number ("tháng 1" in Vietnamese), kept as "tháng #" with the number 0: the
word, then the month's number; and for the month's number followed by a word ("7-р сар" in
Mongolian), kept as "# сар" with the number 0.  Where CLDR names only another calendar's
months but news writes the Gregorian ones (Sinhala), ``EXTRA`` gives those.

Run from the repository's top folder: ``python tools/make_months.py``."""
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from babel import Locale
from babel.localedata import locale_identifiers

# languages by how much news is written in them (roughly): the first that writes a shared
# name gives its month
PRIORITY = ("en es fr de pt it ru zh ja ar hi id tr pl nl uk vi ko fa bn ur th ro cs el hu sv "
            "da fi no nb nn he ms tl sr hr bs sl sk bg lt lv et ca gl eu sq mk hy ka az kk uz "
            "sw ha yo am ta te ml kn mr gu pa ne si my km lo mn af is ga cy mt lb").split()


# the Gregorian months as news in a language writes them, where CLDR names only another
# calendar's: Sinhala's are the traditional months (Duruthu, Navam, ...), while Sri Lankan
# sites date their pages "2025 අගෝස්තු 20" (August)
EXTRA = {
    "si": ("ජනවාරි පෙබරවාරි මාර්තු අප්\u200dරේල් මැයි ජූනි ජූලි අගෝස්තු සැප්තැම්බර් ඔක්තෝබර් "
           "නොවැම්බර් දෙසැම්බර්"),
}


# CLDR's day periods and the half of the day each lies in: am and pm, and the words for the
# morning, the afternoon and the evening ("ಸಂಜೆ ೫:೧೫", Kannada: 5:15 in the evening); the
# night's, which may be either side of midnight, as "night" (a word also written for the
# morning or the evening keeps that half: French "du matin")
DAY_HALVES = {"am": "am", "pm": "pm", "morning1": "am", "morning2": "am", "afternoon1": "pm",
              "afternoon2": "pm", "evening1": "pm", "evening2": "pm", "night1": "night", "night2": "night"}


def main() -> None:
    months: dict[str, dict[str, int]] = defaultdict(dict)  # name -> language -> month
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    for lang, names in EXTRA.items():
        for number, name in enumerate(names.split(), 1):
            # (without the zero-width joiner some scripts write inside a word: pagedate reads
            # a date's words without it)
            months[unicodedata.normalize("NFC", name).replace("\u200d", "").casefold()][lang] = number
    for ident in locale_identifiers():
        try:
            loc = Locale.parse(ident)
        except Exception:  # a locale Babel lists but cannot load
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months.get(context, {}).get(width, {}).items():
                    word = unicodedata.normalize("NFC", name).casefold().rstrip(".").strip()
                    # (names of two or three words too: "meán fómhair", "oṣù owewe")
                    if word and len(word.split()) <= 3 and not any(c.isdigit() for c in word):
                        months[" ".join(word.split())].setdefault(loc.language, number)
                    # a word and the month's number ("tháng 1", Vietnamese): the word
                    # before any number is a month, written "tháng #"
                    m = re.fullmatch(r"([^\W\d_]{3,})\s*(\d{1,2})", word)
                    if m and int(m[2]) == number:
                        prefixes.add(m[1])
                    # the month's number and a word ("7-р сар", Mongolian: the 7th month),
                    # written "# сар"
                    m = re.fullmatch(r"(\d{1,2})(?:-[^\W\d_]{1,3})?\s*([^\W\d_]{3,})", word)
                    if m and int(m[1]) == number:
                        suffixes.add(m[2])
    rank = {lang: k for k, lang in enumerate(PRIORITY)}
    out = []
    for word, by_lang in months.items():
        numbers = set(by_lang.values())
        if len(numbers) > 1:
            known = [lang for lang in by_lang if lang in rank]
            if not known:
                continue
            numbers = {by_lang[min(known, key=rank.__getitem__)]}
        out.append(f"{word}\t{numbers.pop()}")
    out += [f"{word} #\t0" for word in sorted(prefixes)]
    out += [f"# {word}\t0" for word in sorted(suffixes)]
    path = Path(__file__).resolve().parent.parent / "dedup" / "months.txt"
    path.write_text("# month names by number, written by tools/make_months.py from CLDR (Babel)\n"
                    + "\n".join(sorted(out)) + "\n", encoding="utf-8")
    print(f"{path}: {len(out)} names")
    # the words for before and after noon written after a time ("02:10 পিএম", "3:20 PM"),
    # without spaces or stops, of two characters or more, meaning one of the two in every
    # language that writes them
    periods: dict[str, set[str]] = defaultdict(set)
    for ident in locale_identifiers():
        try:
            loc = Locale.parse(ident)
        except Exception:
            continue
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide", "narrow"):
                for key, half in DAY_HALVES.items():
                    word = loc.day_periods.get(context, {}).get(width, {}).get(key)
                    if word:
                        word = re.sub(r"[\s.]", "", unicodedata.normalize("NFC", word).casefold())
                        # (one letter of a script other than Latin too: Arabic's "ص" and "م")
                        if len(word) >= 2 or (word.isalpha() and not word.isascii()
                                              and unicodedata.name(word, "").startswith("ARABIC")):
                            periods[word].add(half)
    for keys in periods.values():
        if len(keys) == 2 and "night" in keys:
            keys.discard("night")
    lines = sorted(f"{word}\t{keys.pop()}" for word, keys in periods.items() if len(keys) == 1)
    path = path.with_name("dayperiods.txt")
    path.write_text("# the words for before (am) and after (pm) noon (and for the morning, am, the afternoon and\n"
                    "# the evening, pm, and the night), written by tools/make_months.py from\n"
                    "# CLDR (Babel), without spaces or stops\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path}: {len(lines)} words")


if __name__ == "__main__":
    main()
