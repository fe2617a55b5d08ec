#!/usr/bin/env python3
"""Check blind61 (ordinary local news in as, ig, om, tk, tt, sd) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

Standard library only.
"""
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["light_edit", "trim", "rewrite", "summary"]
ORDER = ["original"] + KINDS + ["distractor"]
# article-text length in words (whitespace-separated items with a letter or digit), headline included
RANGES = {"original": (310, 440), "light_edit": (340, 520), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (150, 330)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
DISTRACTOR_DAYS = (1, 3)         # distractor this many days from the original, same ISO week

# script of the article text per language: (name, test for a letter)
SCRIPTS = {
    "as": ("Bengali-Assamese", lambda c: 0x0980 <= ord(c) <= 0x09FF),
    "sd": ("Arabic", lambda c: 0x0600 <= ord(c) <= 0x06FF or 0xFB50 <= ord(c) <= 0xFEFF),
    "tt": ("Cyrillic", lambda c: 0x0400 <= ord(c) <= 0x052F),
    "ig": ("Latin", lambda c: c.isascii() or 0x00C0 <= ord(c) <= 0x024F or 0x1E00 <= ord(c) <= 0x1EFF or 0x0300 <= ord(c) <= 0x036F),
    "om": ("Latin", lambda c: c.isascii()),
    "tk": ("Latin", lambda c: c.isascii() or 0x00C0 <= ord(c) <= 0x024F),
}
NATIVE_DIGIT_LANGS = {"as": "Bengali-Assamese digits", "sd": "Arabic-Indic digits"}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# A word character is any letter, combining mark or digit (Unicode categories L*, M*, N*), plus
# the Sindhi signs ۽ (U+06FD, "and") and ۾ (U+06FE, "in"), which are words of their own.
# Combining marks matter: Assamese vowel signs and the virama, Sindhi/Arabic diacritics.
# An apostrophe (' or ’) or a zero-width (non-)joiner between two word characters stays inside
# the word: Oromo hudhaa (ce'uu, bal'ina), Assamese ল'ৰা, Igbo n'ahịa.
# Digits of every script are mapped to ASCII (৪২ = ۴۲ = 42); tokens are lower-cased.
EXTRA_WORD = {"\u06FD", "\u06FE"}
INNER = {"'", "\u2019", "\u200c", "\u200d"}


def is_word(c):
    return unicodedata.category(c)[0] in "LMN" or c in EXTRA_WORD


def norm_digit(c):
    d = unicodedata.decimal(c, None)
    return str(d) if d is not None else c


def tokens(text):
    out, cur = [], []
    n = len(text)
    for i, c in enumerate(text):
        if is_word(c):
            cur.append(norm_digit(c))
        elif c in INNER and cur and i + 1 < n and is_word(text[i + 1]):
            cur.append("'" if c in "'\u2019" else c)
        elif cur:
            out.append("".join(cur).lower())
            cur = []
    if cur:
        out.append("".join(cur).lower())
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if any(is_word(c) for c in w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def one_sentence(s):
    """No sentence end (. ! ? … Assamese danda । Arabic ؟ ۔) followed by more text inside the string."""
    return not re.search(r"[.!?…।؟۔](?=[»”\"’]?\s+\S)", s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "জানুৱাৰী ফেব্ৰুৱাৰী মাৰ্চ এপ্ৰিল মে জুন জুলাই আগষ্ট ছেপ্টেম্বৰ অক্টোবৰ নৱেম্বৰ ডিচেম্বৰ",            # as
    "jenụwarị febụwarị maachị eprel mee jun julaị ọgọst septemba ọktoba novemba disemba",           # ig
    "amajjii guraandhala bitootessa ebla caamsaa waxabajjii adoolessa hagayya fulbaana "
    "onkoloolessa sadaasa muddee",                                                                  # om
    "ýanwar fewral mart aprel maý iýun iýul awgust sentýabr oktýabr noýabr dekabr",                 # tk
    "ýanwary fewraly marty apreli maýy iýuny iýuly awgusty sentýabry oktýabry noýabry dekabry",     # tk (izafet)
    "гыйнвар февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",            # tt
    "гыйнвары феврале марты апреле мае июне июле августы сентябре октябре ноябре декабре",          # tt (possessive)
    "جنوري فيبروري مارچ اپريل مئي جون جولاءِ آگسٽ سيپٽمبر آڪٽوبر نومبر ڊسمبر",                      # sd
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

M = "(" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + ")"
NOT_LETTER_AFTER = r"(?![^\W\d_])"
SUFFIX = r"(?:-[^\W\d_]+)?"          # Turkmen ordinal suffix: 5-nji, 6-njy
DATE_PATTERNS = [
    # numeric: 2025-07-16 | 16/07/2025, 16-07-2025, 16.07.2025 (any script's digits)
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 16 জুলাই, 2025 | 9 Ọktoba 2025 | 5-nji maý 2025 | 14 июнь 2025 | ۳ سيپٽمبر ۲۰۲۵ | 18 Sadaasa 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})" + SUFFIX + r"\s+" + M + NOT_LETTER_AFTER + r"[,،]?\s+(\d{4})(?!\d)", re.I)),
    # Ọktoba 9, 2025 | Sadaasa 18, 2025
    ("Mdy", False, re.compile(r"(?<![^\W\d_])" + M + r"\s+(\d{1,2}),?\s+(\d{4})(?!\d)", re.I)),
    # 2025-nji ýylyň 5-nji maýy | 2025 елның 14 июне
    ("ydM", False, re.compile(r"(?<!\d)(\d{4})(?:-nji\s+ýylyň|\s+елның)\s+(\d{1,2})" + SUFFIX + r"\s+" + M + NOT_LETTER_AFTER, re.I)),
]
TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)")


def num(s):
    return int("".join(norm_digit(c) for c in s))


def first_date(text):
    """(start, end, datetime.date, time or None, numeric?, native digits?) of the earliest date."""
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(num(a), num(b), num(c))
                elif kind == "dmy":
                    d = datetime.date(num(c), num(b), num(a))
                elif kind == "dMy":
                    d = datetime.date(num(c), MONTHS[b.lower()], num(a))
                elif kind == "Mdy":
                    d = datetime.date(num(c), MONTHS[a.lower()], num(b))
                else:
                    d = datetime.date(num(a), MONTHS[c.lower()], num(b))
            except (ValueError, KeyError):
                continue
            native = any(ch.isdigit() and not ch.isascii() for ch in m.group(0))
            found.append((m.start(), m.end(), d, numeric, native))
    if not found:
        return None
    found.sort()
    s, e, d, numeric, native = found[0]
    line_end = text.find("\n", e)
    rest = text[e:line_end if line_end >= 0 else len(text)]
    t = TIME.search(rest)
    tm = None
    if t:
        try:
            tm = datetime.time(num(t.group(1)), num(t.group(2)))
        except ValueError:
            tm = None
    return s, e, d, tm, numeric, native


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added, lang):
        self.id, self.role, self.bp, self.added, self.lang = pid, role, bp, added, lang
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        self.spans = []
        for s in bp:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            a, b = k, k + len(s)
            if not (a == 0 or self.text[a - 1] == "\n") or not (b == len(self.text) or self.text[b] == "\n"):
                err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (pid, s[:50]))
            for (x, y) in self.spans:
                if a < y and x < b:
                    err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
            self.spans.append((a, b))
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        body = self.article
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        fd = first_date(self.text)
        self.date = self.time = self.numeric_date = self.native = None
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            s, e, self.date, self.time, self.numeric_date, self.native = fd
            if not any(x <= s and e <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, self.date))
        art = "\n".join(self.article_lines)
        self.length = length(art)
        self.g = grams(art)
        self.check_script(art)

    def check_script(self, art):
        name, ok = SCRIPTS[self.lang]
        letters = [c for c in art if unicodedata.category(c)[0] in "LM"]
        bad = [c for c in letters if not ok(c)]
        if letters and len(bad) / len(letters) > 0.01:
            err("%s: article text not in %s script (%d of %d letters outside it, e.g. %r)"
                % (self.id, name, len(bad), len(letters), "".join(sorted(set(bad)))[:20]))
        for w in art.split():
            scripts = set()
            for c in w:
                if unicodedata.category(c)[0] != "L":
                    continue
                o = ord(c)
                scripts.add("cyr" if 0x0400 <= o <= 0x052F else "arab" if 0x0600 <= o <= 0x06FF
                            else "beng" if 0x0980 <= o <= 0x09FF else "latn" if o < 0x0250 or 0x1E00 <= o <= 0x1EFF
                            else "other")
            if len(scripts) > 1:
                err("%s: word mixes scripts: %r" % (self.id, w))
        if self.lang == "as":
            if "\u09B0" in art or "\u09AC\u09BC" in art:
                err("%s: Bengali র/ব় in Assamese text (Assamese uses ৰ and ৱ)" % self.id)
            if "\u09F0" not in art:
                err("%s: Assamese text without ৰ" % self.id)
        if self.lang == "sd":
            for c, name in (("\u06CC", "Farsi yeh ی"), ("\u06BE", "heh doachashmee ھ"), ("\u06C1", "heh goal ہ")):
                if c in art:
                    err("%s: Urdu/Persian letter %s in Sindhi text" % (self.id, name))
            if not any(c in art for c in "ٻڄڃڇڊڌڏڍڙڪڳڱڻٽٺٿڀ"):
                err("%s: Sindhi text without Sindhi-specific letters" % self.id)

    def stamp(self):
        return "%s %s" % (self.date, self.time.strftime("%H:%M") if self.time else "--:--")


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    langs = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        langs.append(lang)
        if lang not in SCRIPTS:
            err("%s: unexpected language %s" % (name, lang))
            continue
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [], lang)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []), lang))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [], lang)
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}

        # every page but the distractor on its own site (first furniture line), distractor on the original's
        firsts = [pages[r].bp[0] if pages[r].bp else None for r in ["original"] + KINDS]
        if None in firsts or len(set(firsts)) != len(firsts):
            err("%s: the five story pages are not on five different sites (first furniture lines %r)" % (name, firsts))

        # original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    gap = abs((p.date - orig.date).days)
                    if not DISTRACTOR_DAYS[0] <= gap <= DISTRACTOR_DAYS[1] or \
                            p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                        err("%s/distractor: dated %s, not 1-3 days from the original (%s) in its ISO week"
                            % (name, p.date, orig.date))
                else:
                    # the original must be published before every copy, to the minute where both show a time
                    if p.date < orig.date:
                        err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
                    elif p.date == orig.date:
                        if p.time is None or orig.time is None:
                            err("%s/%s: same day as the original and no time to order them" % (name, role))
                        elif p.time <= orig.time:
                            err("%s/%s: %s is not after the original %s" % (name, role, p.stamp(), orig.stamp()))
            for s in p.added:
                if role == "light_edit" and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        dated = [pages[r] for r in ORDER if pages[r].date]
        nums = [p.numeric_date for p in dated]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)
        if lang in NATIVE_DIGIT_LANGS:
            nat = [p.native for p in dated]
            if not (any(nat) and not all(nat)):
                err("%s: date lines should use %s on some pages (and ASCII digits on others)"
                    % (name, NATIVE_DIGIT_LANGS[lang]))

        # light_edit: new headline + one added paragraph (middle or end); 3-5 paragraphs edited
        le = pages["light_edit"]
        if len(le.added) != 2 or not le.article_lines or le.article_lines[0] != le.added[0]:
            err("%s/light_edit: expected two added strings, the first being the headline" % name)
        elif le.added[0] == o_head:
            err("%s/light_edit: headline is the original's" % name)
        else:
            body = le.article_lines[1:]
            if le.added[1] not in body:
                err("%s/light_edit: added paragraph is not a whole article line" % name)
            elif body.index(le.added[1]) == 0:
                err("%s/light_edit: added paragraph opens the article (want middle or end)" % name)
            else:
                kept = le.kept_lines
                if len(kept) != len(o_paras):
                    err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(kept), len(o_paras)))
                else:
                    sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(kept, o_paras)]
                    changed = sum(1 for x, y in zip(kept, o_paras) if x != y)
                    if min(sims) < MIN_PARA_SIM:
                        err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                            % (name, sims.index(min(sims)) + 1, min(sims)))
                    if not LE_EDITED[0] <= changed <= LE_EDITED[1]:
                        err("%s/light_edit: %d paragraphs edited (want %d-%d)" % (name, changed, *LE_EDITED))
                    notes["light_edit"] = "%d of %d paras edited, min sim %.2f, added para #%d" % (
                        changed, len(o_paras), min(sims), body.index(le.added[1]) + 1)

        # trim: original headline + first 55-70% of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        if not tr.article_lines or tr.article_lines[0] != o_head:
            err("%s/trim: first article line is not the original's headline" % name)
        mode = "?"
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not "\n".join(tr.article_lines).endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
            mode = "own line" if tr.article_lines[-1] == s else "appended"
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paras (%.0f%%), sentence %s" % (k, len(o_paras), 100 * share, mode)

        # rewrite: new headline, own words, nothing added
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))

        # summary: own title + summary + one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        elif sm.article_lines and sm.article_lines[0] == o_head:
            err("%s/summary: title is the original's headline" % name)
        else:
            notes["summary"] = "opinion " + ("own line" if sm.article_lines[-1] == sm.added[0] else "in paragraph")

        # distractor: same outlet as the original, little overlap
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        if ds.date and orig.date:
            notes["distractor"] = "same site, %+d day(s)" % (ds.date - orig.date).days

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, p.stamp(), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s (%s%s)  words=%d" % (name, role, p.id, p.stamp(),
                      "numeric" if p.numeric_date else "written", ", native digits" if p.native else "", p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if sorted(langs) != sorted(SCRIPTS):
        err("stories should be one per language %s, got %s" % (sorted(SCRIPTS), sorted(langs)))
    beats = [st.get("beat") for st in labels["stories"]]
    if len(set(beats)) != len(beats):
        err("stories should be on different beats: %r" % beats)
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-28s %-11s %-12s %-16s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                           "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-11s %-12s %-16s %5d %5d %6d %5.0f%%  %s" % r)
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK: %d pages, %d stories, all checks passed" % (len(seen), len(labels["stories"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
