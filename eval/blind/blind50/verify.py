#!/usr/bin/env python3
"""Check blind50 (which page came first, told only by the publication lines) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, times, added strings, shared 5-grams

Standard library only. The intended publication times are read from the table
"Publication times" in README.md; the original outlets from the table "Stories".
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["copy", "trim", "update", "rewrite"]
ORDER = ["original"] + KINDS + ["distractor"]

# body = article text without the headline. Words for most languages; for zh (no spaces)
# a "word" is one Han character, and a run of Latin letters/digits counts as one.
ORIGINAL_BODY = {"default": (280, 400), "ko": (250, 400), "zh": (500, 800)}
REWRITE_BODY = {"default": (180, 320), "zh": (320, 580)}
DISTRACTOR_BODY = {"default": (150, 360), "zh": (280, 650)}
PARAS_ORIGINAL = (6, 8)
TRIM_SHARE = (0.55, 0.70)        # share of the original's paragraphs the trim keeps
MAX_REWRITE = 10                 # shared word 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared word 5-grams, distractor vs original
MAX_NEW_TEXT = 3                 # shared 5-grams of an added passage with the original
COPY_DELAY = (60, 180)           # minutes after the original
EVENING = 17 * 60                # the rewrite is published at or after 17:00
MORNING_END = 12 * 60            # the original is published before noon

errors = []


def err(msg):
    errors.append(msg)


def lang_key(lang, table):
    base = lang.split("-")[0]
    return table.get(base, table["default"])


# ---------------------------------------------------------------- tokens
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९", "012345678901234567890123456789")
# letters/digits, plus Devanagari vowel signs/virama and Arabic harakat (combining marks)
TOKEN = re.compile(r"(?:[^\W_]|[\u0900-\u0963\u0971-\u097f]|[\u064b-\u065f\u0670])+")
HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def tokens(text):
    text = HAN.sub(r" \1 ", text.translate(DIGITS).lower())
    return TOKEN.findall(text)


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang.startswith("zh"):
        return len(tokens(text))
    return sum(1 for w in text.split() if TOKEN.search(w))


# ---------------------------------------------------------------- dates
MONTH_NAMES = {
    "en": "january february march april may june july august september october november december",
    "en3": "jan feb mar apr may jun jul aug sep oct nov dec",
    "hi": "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "hi2": "जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितम्बर अक्तूबर नवम्बर दिसम्बर",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "it3": "gen feb mar apr mag giu lug ago set ott nov dic",
}
LANG_MONTHS = {"en": ["en", "en3"], "hi": ["hi", "hi2", "en", "en3"], "ar": ["ar"],
               "it": ["it", "it3"], "ko": [], "zh": []}


def month_table(lang):
    tab = {}
    for key in LANG_MONTHS[lang.split("-")[0]]:
        for i, name in enumerate(MONTH_NAMES[key].split()):
            tab[name] = i + 1
    return tab


def first_date(text, lang):
    """Earliest full date on the page: (start, end, date). Digits are normalised first."""
    text = text.translate(DIGITS)
    tab = month_table(lang)
    pats = [
        ("ymd", r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
        ("dmy", r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)"),
        ("cjk", r"(?<!\d)(\d{2,4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"),
    ]
    if tab:
        alt = "|".join(sorted(map(re.escape, tab), key=len, reverse=True))
        pats.append(("dMy", r"(?<!\d)(\d{1,2})\s+(%s)\.?,?\s+(\d{4})(?!\d)" % alt))
        pats.append(("Mdy", r"(?<![^\W\d_])(%s)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)" % alt))
    found = []
    for kind, rx in pats:
        for m in re.finditer(rx, text, re.I):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "cjk":
                    y = int(a)
                    d = datetime.date(y + 1911 if y < 1000 else y, int(b), int(c))   # ROC (Minguo) years
                elif kind == "dMy":
                    d = datetime.date(int(c), tab[b.lower()], int(a))
                else:
                    d = datetime.date(int(c), tab[a.lower()], int(b))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- times
PM = re.compile(r"p\.\s?m\.|\bpm\b|(?<!\w)م(?!\w)|مساء|오후|下午|晚上|शाम|दोपहर|रात", re.I)
AM = re.compile(r"a\.\s?m\.|\bam\b|(?<!\w)ص(?!\w)|صباح|오전|上午|早上|सुबह", re.I)
RELATIVE = re.compile(r"(\d+)\s*(?:hours? ago|hrs? ago|घंटे पहले|ساعات|ساعة|시간\s*전|小時前|小时前|ore fa)")


def parse_time(s):
    """-> ('abs', minutes) or ('rel', hours) or None. Digits in any script."""
    t = s.translate(DIGITS)
    m = RELATIVE.search(t)
    if m:
        return ("rel", int(m.group(1)))
    ms = list(re.finditer(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)", t))
    if not ms:  # Italian "ore 7.40"
        ms = list(re.finditer(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])", t))
    if not ms:
        return None
    h, mi = int(ms[-1].group(1)), int(ms[-1].group(2))
    if PM.search(t) and h < 12:
        h += 12
    elif AM.search(t) and h == 12:
        h = 0
    return ("abs", h * 60 + mi)


def hm(minutes):
    return "%02d:%02d" % divmod(minutes, 60)


def read_readme():
    text = open(os.path.join(HERE, "README.md"), encoding="utf-8").read()
    times, outlets = {}, {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and re.fullmatch(r"`[0-9a-f]{12}`", cells[2]):
            m = re.search(r"(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})", cells[4])
            if not m:
                err("README: no intended time for %s" % cells[2])
                continue
            sc = re.search(r"scraped (\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})", cells[5])
            times[cells[2].strip("`")] = {
                "story": cells[0].strip("`"), "kind": cells[1],
                "date": datetime.date.fromisoformat(m.group(1)),
                "time": int(m.group(2)) * 60 + int(m.group(3)),
                "shown": re.findall(r"`([^`]+)`", cells[5]),
                "scraped": int(sc.group(2)) * 60 + int(sc.group(3)) if sc else None,
            }
        elif len(cells) == 6 and re.fullmatch(r"`[a-z]{2}-[a-z0-9-]+`", cells[0]) and cells[1] != "page":
            outlets[cells[0].strip("`")] = cells[3]
    return times, outlets


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
        # article lines with the added strings taken out
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        self.head = self.article_lines[0] if self.article_lines else ""
        self.body_text = "\n".join(self.article_lines[1:])
        self.length = length(self.body_text, lang)
        self.g = grams("\n".join(self.article_lines))
        fd = first_date(self.text, lang)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not self.in_furniture(fd[0], fd[1], normalised=True):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))

    def in_furniture(self, a, b, normalised=False):
        return any(x <= a and b <= y for x, y in self.spans)

    def furniture_find(self, s):
        """position of s inside labelled furniture, or -1"""
        k = self.text.find(s)
        while k >= 0:
            if self.in_furniture(k, k + len(s)):
                return k
            k = self.text.find(s, k + 1)
        return -1


def only_digit_change(a, b):
    ta, tb = tokens(a), tokens(b)
    if len(ta) != len(tb):
        return False
    diff = [(x, y) for x, y in zip(ta, tb) if x != y]
    return bool(diff) and all(re.search(r"\d", x) and re.search(r"\d", y) for x, y in diff)


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    times, outlets = read_readme()
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
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
        orig = pages["original"]
        o_head, o_paras = orig.head, orig.article_lines[1:]
        notes = {r: [] for r in ORDER}

        # ---- original
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        lo, hi = lang_key(lang, ORIGINAL_BODY)
        if not lo <= orig.length <= hi:
            err("%s: original body %d outside %d-%d" % (name, orig.length, lo, hi))
        notes["original"].append("%d paragraphs" % len(o_paras))

        # ---- copy: verbatim, nothing added, source credited in the furniture
        cp = pages["copy"]
        if cp.article_lines != orig.article_lines:
            err("%s/copy: article text is not the original's verbatim" % name)
        if cp.added:
            err("%s/copy: expected no added strings" % name)
        outlet = outlets.get(name)
        if not outlet or not any(outlet in s and s != orig.bp[0] for s in cp.bp):
            err("%s/copy: no furniture line credits the original outlet %r" % (name, outlet))
        if cp.bp[0] == orig.bp[0]:
            err("%s/copy: same masthead as the original (should be another site)" % name)

        # ---- trim: first 55-70% of the paragraphs verbatim + one added sentence
        tr = pages["trim"]
        if tr.head != o_head:
            err("%s/trim: headline differs from the original's" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0].strip()
            ends = len(re.findall(r"[.!?。！？।](?=\s|$)|[。！？]", s))
            if ends != 1 or not re.search(r"[.!?。！？।]$", s):
                err("%s/trim: added string is not exactly one sentence" % name)
            if len(grams(s) & orig.g) > MAX_NEW_TEXT:
                err("%s/trim: added sentence shares too many 5-grams with the original" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first paragraphs verbatim" % name)
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        if tr.bp[0] == orig.bp[0]:
            err("%s/trim: same masthead as the original (should be another site)" % name)
        notes["trim"].append("%d/%d paras (%.0f%%)" % (k, len(o_paras), 100 * share))

        # ---- update: same outlet, same headline, new first paragraph, one figure changed
        up = pages["update"]
        if up.head != o_head:
            err("%s/update: headline differs from the original's" % name)
        if up.bp[0] != orig.bp[0]:
            err("%s/update: masthead differs from the original's (should be the same outlet)" % name)
        if len(up.added) != 1 or up.article_lines[1:2] != up.added:
            err("%s/update: expected exactly one added string, the first paragraph" % name)
        elif len(grams(up.added[0]) & orig.g) > MAX_NEW_TEXT:
            err("%s/update: added paragraph shares too many 5-grams with the original" % name)
        rest = up.article_lines[2:]
        if len(rest) != len(o_paras):
            err("%s/update: %d paragraphs after the new one, original has %d" % (name, len(rest), len(o_paras)))
        else:
            changed = [(x, y) for x, y in zip(o_paras, rest) if x != y]
            if len(changed) != 1 or not only_digit_change(*changed[0]):
                err("%s/update: expected exactly one paragraph differing only in a figure" % name)
            else:
                a, b = changed[0]
                ta, tb = tokens(a), tokens(b)
                notes["update"].append("figure %s -> %s" % (
                    " ".join(x for x, y in zip(ta, tb) if x != y), " ".join(y for x, y in zip(ta, tb) if x != y)))

        # ---- rewrite: new headline (added), heavy rewrite
        rw = pages["rewrite"]
        if not rw.added or rw.head != rw.added[0]:
            err("%s/rewrite: the new headline should be the first added string" % name)
        lo, hi = lang_key(lang, REWRITE_BODY)
        if not lo <= rw.length <= hi:
            err("%s/rewrite: body %d outside %d-%d" % (name, rw.length, lo, hi))
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))
        if rw.bp[0] == orig.bp[0]:
            err("%s/rewrite: same masthead as the original" % name)

        # ---- distractor: another outlet, another event, next day
        ds = pages["distractor"]
        lo, hi = lang_key(lang, DISTRACTOR_BODY)
        if not lo <= ds.length <= hi:
            err("%s/distractor: body %d outside %d-%d" % (name, ds.length, lo, hi))
        if len(ds.g & orig.g) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, len(ds.g & orig.g), MAX_DISTRACTOR))
        if ds.bp[0] in (orig.bp[0], cp.bp[0], tr.bp[0], rw.bp[0]):
            err("%s/distractor: masthead of a page of the story (should be another outlet)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)

        # ---- publication lines
        when = {}
        rel_pages = 0
        for role in ORDER:
            p = pages[role]
            t = times.get(p.id)
            if t is None:
                err("%s/%s: page %s missing from README's publication-time table" % (name, role, p.id))
                continue
            if t["story"] != name or t["kind"] != role:
                err("%s/%s: README row for %s says %s/%s" % (name, role, p.id, t["story"], t["kind"]))
            if p.date != t["date"]:
                err("%s/%s: date line says %s, README %s" % (name, role, p.date, t["date"]))
            parsed = []
            for s in t["shown"]:
                if p.furniture_find(s) < 0:
                    err("%s/%s: %r not found in the page's furniture" % (name, role, s))
                v = parse_time(s)
                if v is None:
                    err("%s/%s: cannot read a time in %r" % (name, role, s))
                parsed.append(v)
            if not parsed or None in parsed:
                continue
            if parsed[0][0] == "rel":
                rel_pages += 1
                if len(parsed) != 1 or t["scraped"] is None:
                    err("%s/%s: relative time needs exactly one shown string and a scrape time" % (name, role))
                    continue
                shown_time = t["scraped"] - 60 * parsed[0][1]
                # relative time only: no clock time anywhere in the furniture, and the
                # line with the relative time carries the absolute date
                if any(re.search(r"(?<![\d.,])\d{1,2}[:.]\d{2}(?![\d.,])", b.translate(DIGITS)) for b in p.bp):
                    err("%s/%s: page with a relative time also shows a clock time" % (name, role))
                line = next((b for b in p.bp if t["shown"][0] in b), "")
                fd = first_date(line, lang)
                if not fd or fd[2] != t["date"]:
                    err("%s/%s: the relative time is not next to the absolute date" % (name, role))
            elif role == "update":
                if len(parsed) != 2 or parsed[1][0] != "abs":
                    err("%s/update: expected first-published and updated times" % name)
                    continue
                if parsed[0][1] != when.get("original"):
                    err("%s/update: first-published time %s is not the original's %s"
                        % (name, hm(parsed[0][1]), hm(when.get("original", 0))))
                shown_time = parsed[1][1]
            else:
                shown_time = parsed[0][1]
                if len(parsed) == 2 and not parsed[1][1] > parsed[0][1]:
                    err("%s/%s: the later update line is not later than the publication time" % (name, role))
            if shown_time != t["time"]:
                err("%s/%s: page shows %s, README intends %s" % (name, role, hm(shown_time), hm(t["time"])))
            when[role] = t["time"]
            notes[role].insert(0, "%s %s" % (t["date"], hm(t["time"])))
        if rel_pages != 1:
            err("%s: %d pages with a relative time only (want 1)" % (name, rel_pages))
        for role in ORDER:
            p = pages[role]
            if p.date and orig.date:
                want = orig.date + datetime.timedelta(days=1 if role == "distractor" else 0)
                if p.date != want:
                    err("%s/%s: dated %s, want %s" % (name, role, p.date, want))
        if all(r in when for r in ORDER):
            seq = [when[r] for r in ["original", "copy", "trim", "update", "rewrite"]]
            if seq != sorted(seq) or len(set(seq)) != len(seq):
                err("%s: same-day times not in the order original < copy < trim < update < rewrite: %s"
                    % (name, " ".join(map(hm, seq))))
            if when["original"] >= MORNING_END:
                err("%s: original not published in the morning" % name)
            if not COPY_DELAY[0] <= when["copy"] - when["original"] <= COPY_DELAY[1]:
                err("%s/copy: published %d min after the original" % (name, when["copy"] - when["original"]))
            if when["rewrite"] < EVENING:
                err("%s/rewrite: not published in the evening" % name)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, " ".join(notes[role][:1]), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), "; ".join(notes[role][1:])))
            if VERBOSE:
                print("--- %s %s %s  date=%s  body=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)
    for pid in sorted(set(times) - set(seen)):
        err("README lists %s, which is not labelled" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture), shared with")
    print("the story's original; body = article text without the headline (zh: Han characters)")
    print("%-29s %-10s %-12s %-16s %5s %5s %6s %6s  %s" % ("story", "page", "id", "published", "body", "5g",
                                                           "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-29s %-10s %-12s %-16s %5d %5d %6d %5.0f%%  %s" % r)
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
