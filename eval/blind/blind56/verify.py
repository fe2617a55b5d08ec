#!/usr/bin/env python3
"""Check blind56 (breaking news as it develops: en, de, es, ja, ar, ru) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

Standard library only.

Word 5-grams: text is NFKC-normalised and lower-cased, then split into tokens. For English,
German, Spanish, Russian and Arabic a token is a run of letters/digits (Arabic harakat and the
tatweel are not used in the texts; Eastern Arabic digits are digits). For Japanese (no spaces) a
token is a run of one script: kanji (with 々〆), hiragana, katakana (with ー), or Latin
letters/digits; punctuation separates tokens and is dropped.
Lengths: words (whitespace-separated items with a letter or digit), for Japanese characters other
than whitespace (punctuation counted); always without the headline (first article line).
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

KINDS = ["expanded", "copy", "rewrite", "trim"]
ORDER = ["original"] + KINDS + ["distractor"]
ROLE = {"original": "flash", "expanded": "full", "copy": "copy", "rewrite": "wire",
        "trim": "liveupdate", "distractor": "distractor"}

# article text without its headline: (words for en/de/es/ar/ru, characters for ja)
RANGES = {
    "original":   ((60, 130), (150, 300)),
    "expanded":   ((150, 450), (350, 1000)),
    "copy":       ((60, 130), (150, 300)),
    "rewrite":    ((200, 350), (500, 875)),
    "distractor": ((60, 130), (150, 300)),
}
PARAS_FLASH = (2, 3)          # paragraphs of the flash (and of the distractor flash)
NEW_PARAS = (4, 6)            # new paragraphs in the full story
FULL_DELAY = (120, 240)       # minutes after the flash: the full story and its "Updated" time
COPY_DELAY = (1, 30)          # minutes after the flash: the copy
MAX_WIRE = 10                 # shared 5-grams, wire vs flash + full story
MAX_DISTRACTOR = 3            # shared 5-grams, distractor vs flash (article text)
MAX_ADDED = 3                 # shared 5-grams, each added paragraph/sentence (not headlines) vs flash
MAX_WORD_CHANGE = 1           # words the full story may change in the flash's paragraphs (in all)

# per language: kicker line of the flash, "developing" line, "updated" keyword (in a line with a time)
LANG = {
    "en": dict(kicker=r"^BREAKING$", developing=r"developing and will be updated", updated=r"\bUpdated\b"),
    "de": dict(kicker=r"^EILMELDUNG$", developing=r"wird laufend aktualisiert", updated=r"\bAktualisiert\b"),
    "es": dict(kicker=r"^ÚLTIMA HORA$", developing=r"en desarrollo y se irá actualizando",
               updated=r"\bActualizad[oa]\b"),
    "ja": dict(kicker=r"^【?速報】?$", developing=r"続報が入り次第", updated=r"更新"),
    "ar": dict(kicker=r"^عاجل$", developing=r"قيد التطوير وسيتم تحديثه", updated=r"تحديث"),
    "ru": dict(kicker=r"^СРОЧНО$", developing=r"будет дополнена", updated=r"Обновлено"),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens, lengths
TOKEN = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf\u3005\u3006]+"          # kanji
    r"|[\u3041-\u3096]+"                                   # hiragana
    r"|[\u30a1-\u30fa\u30fc]+"                             # katakana
    r"|[^\W_\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\u3400-\u4dbf\u3005\u3006]+")  # others


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "ja":
        return sum(1 for c in text if not c.isspace())
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def one_sentence(s, lang):
    s = s.strip()
    if lang == "ja":
        return not re.search(r"[。！？](?=.)", s)
    return not re.search(r"[.!?…؟](?=[»”\"」)]?\s+\S)", s)


def one_word_change(a, b, lang):
    """(ok, old, new): b is a with one word replaced (a differing span without whitespace)."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[len(a) - 1 - j] == b[len(b) - 1 - j]:
        j += 1
    old, new = a[i:len(a) - j], b[i:len(b) - j]
    if lang == "ja":
        ok = 0 < max(len(old), len(new)) <= 4 and not re.search(r"[\s。、]", old + new)
    else:
        # extend to whole words
        s = a.rfind(" ", 0, i) + 1
        e = a.find(" ", len(a) - j)
        e = len(a) if e < 0 else e
        ok = bool(old or new) and not re.search(r"\s", old + new)
        old = a[s:e]
        e2 = b.find(" ", len(b) - j)
        new = b[s:len(b) if e2 < 0 else e2]
    return ok, old, new


# ---------------------------------------------------------------- dates and times
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sept oct nov dic",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",
]:
    for i, name in enumerate(names.split()):
        MONTHS.setdefault(name, i + 1)
MONTHS.update({"sept": 9, "إبريل": 4, "اغسطس": 8, "اكتوبر": 10})

W = r"([^\W\d_]+)"
DATE_PATTERNS = [
    # numeric: 2025-08-05, 2025/11/08, 2025.11.08 | 17/06/2025, 11.03.2025, ٥/٨/٢٠٢٥, 24-09-2025
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # written: 2025年11月8日 | 17 JUN 2025, 11. März 2025, 24 de septiembre de 2025, 19 февраля 2025,
    # 5 أغسطس 2025, 5 آب 2025 | June 17, 2025
    ("ymd", False, re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?" + W + r"\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    ("Mdy", False, re.compile(W + r"\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
]
TIME = re.compile(r"(午前|午後)?\s*(?<!\d)(\d{1,2})\s?[:：時]\s?(\d{2})(?!\d)\s*分?\s*"
                  r"(a\.m\.|p\.m\.|am|pm|صباحا|مساء|ص|م)?(?![^\W\d_])", re.I)


def parse_time(s):
    m = TIME.search(s)
    if not m:
        return None, None
    hh, mm = int(m.group(2)), int(m.group(3))
    pre, suf = m.group(1), (m.group(4) or "").lower()
    pm = pre == "午後" or suf in ("pm", "p.m.", "مساء", "م")
    am = pre == "午前" or suf in ("am", "a.m.", "صباحا", "ص")
    if pm and hh < 12:
        hh += 12
    if am and hh == 12:
        hh = 0
    if hh > 23 or mm > 59:
        return None, None
    return datetime.time(hh, mm), m


def find_dates(text):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    if b.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                else:
                    if a.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, lang, bp, added):
        self.id, self.role, self.lang, self.bp, self.added = pid, role, lang, bp, added
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
        self.furniture_lines = [ln.strip() for s in bp for ln in s.split("\n") if ln.strip()]
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(x, a)) for x, y in self.spans)
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
        # the live update has no headline of its own: its article text is the quote + one sentence
        has_head = role != "trim"
        self.head = self.article_lines[0] if self.article_lines and has_head else ""
        self.body_lines = self.article_lines[1:] if has_head else list(self.article_lines)
        self.body_len = length("\n".join(self.body_lines), lang)
        self.g = grams("\n".join(self.article_lines))
        # publication date and time: the first date on the page and the time on its line
        self.date = self.time = self.dt = None
        self.numeric_date = False
        self.date_line = ""
        fd = find_dates(self.text)
        if not fd:
            err("%s: no date found" % pid)
            return
        a0, b0, d0, num = fd[0]
        if not any(x <= a0 and b0 <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, d0))
        a = self.text.rfind("\n", 0, a0) + 1
        b = self.text.find("\n", b0)
        self.date_line = self.text[a:b if b >= 0 else len(self.text)]
        self.date, self.numeric_date = d0, num
        self.time, _ = parse_time(self.date_line)
        if self.time is None:
            err("%s: date line has no time of day: %r" % (pid, self.date_line))
        else:
            self.dt = datetime.datetime.combine(self.date, self.time)

    def updated(self, kw):
        """Datetimes of furniture lines carrying the 'updated' keyword and a time after it."""
        out = []
        for ln in self.furniture_lines:
            m = re.search(kw, ln)
            if not m:
                continue
            t, _ = parse_time(ln[m.end():])
            if t is None:
                continue
            ds = find_dates(ln)
            d = ds[0][2] if ds else self.date
            if d:
                out.append((datetime.datetime.combine(d, t), ln))
        return out


def minutes(a, b):
    return (b - a).total_seconds() / 60.0


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        if lang not in LANG:
            err("%s: unknown language %s" % (name, lang))
            continue
        cfg = LANG[lang]
        pages = {"original": Page(st["original"], "original", lang, st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(pid, d["kind"], lang, d.get("boilerplate", []), d.get("added", [])))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", lang, st["boilerplate_of_distractor"], [])
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        fl, fu, cp, wi, lv, ds = (pages[r] for r in ORDER)
        paras = fl.body_lines
        story_g = fl.g | fu.g
        notes = {r: "" for r in ORDER}

        # ------------------------------------------------ lengths, sites
        for role in ORDER:
            p = pages[role]
            if role in RANGES:
                a, b = RANGES[role][1 if lang == "ja" else 0]
                if not a <= p.body_len <= b:
                    err("%s/%s: article length without headline %d outside %d-%d"
                        % (name, ROLE[role], p.body_len, a, b))
        site = {r: (pages[r].bp[0] if pages[r].bp else None) for r in ORDER}
        if site["expanded"] != site["original"] or site["distractor"] != site["original"]:
            err("%s: full story and distractor must be on the flash's site (same first furniture line)" % name)
        others = [site["copy"], site["rewrite"], site["trim"]]
        if site["original"] in others or len(set(others)) != 3:
            err("%s: copy, wire and live page must be three other sites" % name)

        # ------------------------------------------------ flash (and the distractor flash)
        for role in ("original", "distractor"):
            p = pages[role]
            if p.added:
                err("%s/%s: expected no added strings" % (name, ROLE[role]))
            if not PARAS_FLASH[0] <= len(p.body_lines) <= PARAS_FLASH[1]:
                err("%s/%s: %d paragraphs (want %d-%d)" % (name, ROLE[role], len(p.body_lines), *PARAS_FLASH))
            kick = [ln for ln in p.furniture_lines if re.search(cfg["kicker"], ln)]
            dev = [ln for ln in p.furniture_lines if re.search(cfg["developing"], ln)]
            if len(kick) != 1:
                err("%s/%s: expected one kicker line in furniture" % (name, ROLE[role]))
            if len(dev) != 1:
                err("%s/%s: expected one 'developing, will be updated' line in furniture" % (name, ROLE[role]))
            if p.updated(cfg["updated"]):
                err("%s/%s: a breaking flash should carry no 'updated' time" % (name, ROLE[role]))
            p.kick, p.dev = kick, dev
        if fl.kick != ds.kick or fl.dev != ds.dev:
            err("%s/distractor: kicker or 'developing' line differs from the flash's" % name)
        shared_bp = len(set(fl.bp) & set(ds.bp))
        notes["original"] = "%d paras; kicker %s" % (len(paras), fl.kick[0] if fl.kick else "?")

        # ------------------------------------------------ dates and times
        if not all(pages[r].dt for r in ORDER):
            err("%s: some page has no date and time" % name)
        else:
            t0 = fl.dt
            d_full = minutes(t0, fu.dt)
            if fu.date != fl.date or not FULL_DELAY[0] <= d_full <= FULL_DELAY[1]:
                err("%s/full: dated %s, not %d-%d minutes after the flash (%s)" % (name, fu.dt, *FULL_DELAY, t0))
            ups = fu.updated(cfg["updated"])
            if not ups:
                err("%s/full: no 'updated' line with a time in furniture" % name)
            else:
                u = max(x for x, _ in ups)
                if u < fu.dt or not FULL_DELAY[0] <= minutes(t0, u) <= FULL_DELAY[1]:
                    err("%s/full: updated %s, not after publication and %d-%d minutes after the flash"
                        % (name, u, *FULL_DELAY))
                notes["expanded"] = "+%dmin, updated +%dmin" % (d_full, minutes(t0, u))
            d_copy = minutes(t0, cp.dt)
            if cp.date != fl.date or not COPY_DELAY[0] <= d_copy <= COPY_DELAY[1]:
                err("%s/copy: dated %s, not %d-%d minutes after the flash" % (name, cp.dt, *COPY_DELAY))
            notes["copy"] = "+%dmin" % d_copy
            if lv.date != fl.date or lv.dt <= t0:
                err("%s/liveupdate: dated %s, not later the same day as the flash" % (name, lv.dt))
            notes["trim"] = "+%dmin" % minutes(t0, lv.dt)
            if wi.date != fl.date or wi.dt < fu.dt:
                err("%s/wire: dated %s, not the flash's day after the full story (%s)" % (name, wi.dt, fu.dt))
            notes["rewrite"] = "+%dmin" % minutes(t0, wi.dt)
            if abs((ds.date - fl.date).days) != 1:
                err("%s/distractor: dated %s, not a day before or after the flash (%s)" % (name, ds.date, fl.date))
            notes["distractor"] = "%+d day; %d furniture strings shared" % ((ds.date - fl.date).days, shared_bp)
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # ------------------------------------------------ full story: flash paragraphs + new headline + new paragraphs
        if not fu.added or fu.head != fu.added[0]:
            err("%s/full: first article line (new headline) must be the first added string" % name)
        elif fu.head == fl.head:
            err("%s/full: headline is the flash's" % name)
        new = fu.added[1:]
        if not NEW_PARAS[0] <= len(new) <= NEW_PARAS[1]:
            err("%s/full: %d new paragraphs (want %d-%d)" % (name, len(new), *NEW_PARAS))
        for s in new:
            if s not in fu.body_lines:
                err("%s/full: added string is not a whole paragraph: %r" % (name, s[:50]))
            n = len(grams(s) & fl.g)
            if n > MAX_ADDED:
                err("%s/full: new paragraph shares %d 5-grams with the flash: %r" % (name, n, s[:50]))
        if fl.head in fu.article_lines:
            err("%s/full: keeps the flash's headline" % name)
        kept = fu.kept_lines
        if len(kept) != len(paras):
            err("%s/full: %d paragraphs besides the added ones, the flash has %d" % (name, len(kept), len(paras)))
        else:
            changes = []
            for x, y in zip(paras, kept):
                if x != y:
                    ok, old, new_w = one_word_change(x, y, lang)
                    if not ok:
                        err("%s/full: flash paragraph not kept verbatim (more than one word changed): %r"
                            % (name, y[:50]))
                    changes.append("%s→%s" % (old, new_w))
            if len(changes) > MAX_WORD_CHANGE:
                err("%s/full: %d words changed in the flash's paragraphs (max %d)" % (name, len(changes), MAX_WORD_CHANGE))
            pos = [fu.body_lines.index(x) + 1 for x in kept if x in fu.body_lines]
            notes["expanded"] += "; flash paras at %s of %d; %s" % (
                ",".join(map(str, pos)), len(fu.body_lines), "changed " + changes[0] if changes else "verbatim")

        # ------------------------------------------------ copy: the flash's paragraphs verbatim, own headline
        if len(cp.added) != 1 or cp.head != cp.added[0] or cp.head == fl.head:
            err("%s/copy: expected exactly one added string, its own headline" % name)
        if cp.kept_lines != paras:
            err("%s/copy: article text is not the flash's paragraphs verbatim" % name)

        # ------------------------------------------------ wire: own words, nothing added
        if wi.added:
            err("%s/wire: expected no added strings" % name)
        if wi.head in (fl.head, fu.head):
            err("%s/wire: headline is the outlet's" % name)
        nw = len(wi.g & story_g)
        if nw > MAX_WIRE:
            err("%s/wire: shares %d 5-grams with the flash + full story (max %d)" % (name, nw, MAX_WIRE))

        # ------------------------------------------------ live update: first paragraph verbatim + one sentence
        if len(lv.added) != 1 or not one_sentence(lv.added[0], lang):
            err("%s/liveupdate: expected exactly one added string, one sentence" % name)
        else:
            s = lv.added[0]
            art = "\n".join(lv.article_lines)
            where = "end" if art.endswith(s) else "start" if art.startswith(s) else None
            if where is None:
                err("%s/liveupdate: added sentence is neither at the start nor at the end" % name)
            n = len(grams(s) & story_g)
            if n > MAX_ADDED:
                err("%s/liveupdate: added sentence shares %d 5-grams with the story" % (name, n))
            own = s in lv.article_lines
            notes["trim"] += "; sentence at %s, %s" % (where, "own line" if own else "same line")
        if lv.kept_lines != paras[:1]:
            err("%s/liveupdate: quoted text is not the flash's first paragraph verbatim" % name)

        # ------------------------------------------------ distractor: little article overlap
        nd = len(ds.g & fl.g)
        if nd > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the flash (max %d)" % (name, nd, MAX_DISTRACTOR))

        for role in ORDER:
            p = pages[role]
            sf, ss = p.g & fl.g, p.g & story_g
            rows.append((name, ROLE[role], p.id, str(p.date), p.time.strftime("%H:%M") if p.time else "-",
                         p.body_len, len(p.g), len(sf), len(ss), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  %s %s (%s)  len=%d" % (name, ROLE[role], p.id, p.date,
                      p.time, "numeric" if p.numeric_date else "written", p.body_len))
                print("    date line: %s" % p.date_line.strip())
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(ss):
                        print("    shared with flash+full: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture); ∩flash = shared")
    print("with the flash, ∩story = shared with flash + full story; len = article text without")
    print("headline in words (ja: characters)")
    print("%-33s %-10s %-12s %-10s %-5s %4s %4s %6s %6s  %s" % (
        "story", "page", "id", "date", "time", "len", "5g", "∩flash", "∩story", "notes"))
    for r in rows:
        print("%-33s %-10s %-12s %-10s %-5s %4d %4d %6d %6d  %s" % r)
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
