#!/usr/bin/env python3
"""Check blind51 (local date and time formats in six languages) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: intended and found date/time, added strings, shared 5-grams

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

KINDS = ["light_edit", "trim", "rewrite", "copy"]
ORDER = ["original"] + KINDS + ["distractor"]

# Lengths of article text (headline included). Words: whitespace-separated chunks holding at
# least one letter or digit. Thai (no spaces between words): characters other than whitespace.
RANGES_WORDS = {"original": (280, 420), "rewrite": (180, 350)}
RANGES_THAI = {"original": (900, 1400), "rewrite": (600, 1150)}
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps the first 55-70 % of the original's paragraphs
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
COPY_DELAY_H = (1, 8)            # copy: published a few hours after the original

# Shared 5-grams with the original. Word 5-grams for five languages; for Thai, character
# 5-grams, where a count limit cannot be transferred (one shared name already gives several),
# so Thai limits are shares of the page's (or passage's) own distinct character 5-grams.
MAX_SHARED = {"rewrite": 10, "distractor": 3, "added": 3}
MAX_SHARED_THAI = {"rewrite": 0.35, "distractor": 0.10, "added": 0.25}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
def _digit(ch):
    d = unicodedata.decimal(ch, None)
    return str(d) if d is not None else ch


def is_wordchar(ch):
    return unicodedata.category(ch)[0] in "LMN"


def tokens(text):
    """Lower-cased runs of letters, combining marks and digits (marks keep Tamil/Thai words whole)."""
    out, cur = [], []
    for ch in text:
        if is_wordchar(ch):
            cur.append(_digit(ch).lower())
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, lang, n=5):
    if lang == "th":
        s = "".join(tokens(text))
        return {s[i:i + n] for i in range(len(s) - n + 1)}
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "th":
        return sum(1 for ch in text if not ch.isspace())
    return sum(1 for w in text.split() if any(is_wordchar(c) for c in w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


# ---------------------------------------------------------------- dates and times
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙௦௧௨௩௪௫௬௭௮௯", "01234567890123456789")

MONTH_FORMS = {
    "ca": ("gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
           "gen febr|feb mar abr - jun jul ag|ago set oct nov des"),
    "he": ("ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר",
           "ינו פבר - אפר - - - אוג ספט אוק נוב דצמ"),
    "th": ("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม",
           "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."),
    "mt": ("jannar frar marzu april mejju ġunju lulju awwissu settembru ottubru novembru diċembru",
           "jan fra mar apr mej ġun lul aww set ott nov diċ"),
    "ta": ("ஜனவரி பிப்ரவரி மார்ச் ஏப்ரல் மே ஜூன் ஜூலை ஆகஸ்ட் செப்டம்பர் அக்டோபர் நவம்பர் டிசம்பர்",
           "ஜன பிப் மார் ஏப் - - - ஆக செப் அக் நவ டிச"),
}
MONTHS = {}      # lower-case literal form -> (month, is_thai)
for lang, (full, abbr) in MONTH_FORMS.items():
    for i, names in enumerate(full.split()):
        MONTHS[names.lower()] = (i + 1, lang == "th")
    for i, names in enumerate(abbr.split()):
        for name in names.split("|"):
            if name != "-":
                MONTHS[name.lower()] = (i + 1, lang == "th")
# Kyrgyz (Cyrillic) month names take case and possessive endings: октябрь, 21-октябры, октябрда
KY_STEMS = ["январ", "феврал", "март", "апрел", "май", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
KY_ABBR = {"янв": 1, "фев": 2, "апр": 4, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}
MONTH_RX = ("(?:" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
            + "|(?:" + "|".join(KY_STEMS) + ")[а-яёөүң]*|" + "|".join(KY_ABBR) + ")")
NOT_LETTER_AFTER = r"(?![^\W\d_])"


def month_number(name):
    n = name.lower()
    if n in MONTHS:
        return MONTHS[n]
    if n in KY_ABBR:
        return KY_ABBR[n], False
    for i, stem in enumerate(KY_STEMS):
        if n.startswith(stem):
            return i + 1, False
    return None


def make_year(y, thai):
    y = int(y)
    if y < 100:
        y += 2500 if thai else 2000
    if y > 2400:          # Buddhist era
        y -= 543
    return y


DATE_PATTERNS = [
    # 14 d’octubre de 2025 · 12 בנובמבר 2025 · 18 ก.ย. 2568 · 18 กันยายน พ.ศ. 2568 · 19 ก.ย. 68 ·
    # 3 ta’ Novembru 2025 · 21-октябрь, 2025 · 26 நவம்பர் 2025 · dt., 14 oct. 2025
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})(?:\s*-\s*|\s+)(?:de\s+|d['’]|ta['’]\s+|ב)?(" + MONTH_RX + r")"
                       + NOT_LETTER_AFTER + r"\.?['’׳]?,?\s+(?:de\s+|พ\.ศ\.\s*)?(\d{4}|\d{2})(?!\d)", re.I)),
    # நவம்பர் 26, 2025 · நவ. 26, 2025
    ("Mdy", re.compile(r"(" + MONTH_RX + r")" + NOT_LETTER_AFTER + r"\.?\s+(\d{1,2}),\s*(\d{4})(?!\d)", re.I)),
    # 2025-жылдын 21-октябры
    ("yky", re.compile(r"(?<!\d)(\d{4})-жыл[а-яөүң]*,?\s+(\d{1,2})-(" + MONTH_RX + r")", re.I)),
    # 2025-10-14
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    # 14/10/2025 · 14.10.2025 · 14-10-2025 · 12.11.25 · 18/09/2568
    ("dmy", re.compile(r"(?<![\d.:/])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d:])")),
]


def find_dates(text):
    text = text.translate(THAI_DIGITS)      # same length, positions kept
    found = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            g = m.groups()
            try:
                if kind == "dMy":
                    mn, thai = month_number(g[1])
                    if len(g[2]) == 2 and not thai:
                        continue    # two-digit years only after Thai month names (19 ก.ย. 68)
                    d = datetime.date(make_year(g[2], thai), mn, int(g[0]))
                elif kind == "Mdy":
                    mn, thai = month_number(g[0])
                    d = datetime.date(make_year(g[2], thai), mn, int(g[1]))
                elif kind == "yky":
                    mn, _ = month_number(g[2])
                    d = datetime.date(int(g[0]), mn, int(g[1]))
                elif kind == "ymd":
                    d = datetime.date(int(g[0]), int(g[1]), int(g[2]))
                else:
                    d = datetime.date(make_year(g[3], False), int(g[2]), int(g[0]))
            except (TypeError, ValueError):
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found


# 12-hour clocks: markers after the time (am/pm, Catalan, Maltese) or before it (Tamil)
AFTER_12H = [
    (r"a\.?\s?m\.?(?![^\W\d_])", "am"), (r"p\.?\s?m\.?(?![^\W\d_])", "pm"),
    (r"del\s+matí", "am"), (r"del\s+migdia", "noon"), (r"de\s+la\s+tarda", "pm"),
    (r"del\s+vespre", "pm"), (r"de\s+la\s+nit", "night"),
    (r"ta['’]\s*filgħodu", "am"), (r"ta['’]\s*nofsinhar", "noon"), (r"ta['’]\s*wara\s*nofsinhar", "pm"),
    (r"ta['’]\s*waranofsinhar", "pm"), (r"ta['’]\s*filgħaxija", "pm"), (r"ta['’]\s*bil-lejl", "night"),
    (r"முற்பகல்", "am"), (r"பிற்பகல்", "pm"),
]
BEFORE_12H = [("காலை", "am"), ("முற்பகல்", "am"), ("மதியம்", "noon"), ("பிற்பகல்", "pm"),
              ("மாலை", "pm"), ("இரவு", "night")]
TIME_RX = re.compile(r"(?<![\d:.,/])(\d{1,2})([:.])(\d{2})(?![\d:/]|[.,]\d)")


def to24(h, mark):
    if mark == "am":
        return 0 if h == 12 else h
    if mark == "pm":
        return h if h == 12 else h + 12
    if mark == "noon":
        return h if h == 12 or h >= 13 else h + 12
    if mark == "night":
        return h + 12 if 6 <= h <= 11 else (0 if h == 12 else h)
    return h


def find_times(text, masked):
    """Times (hh, mm, start) in text; masked spans (dates) are skipped."""
    text = text.translate(THAI_DIGITS)
    out = []
    for m in TIME_RX.finditer(text):
        if any(a <= m.start() < b for a, b in masked):
            continue
        h, sep, mi = int(m.group(1)), m.group(2), int(m.group(3))
        after = text[m.end():m.end() + 25]
        before = text[max(0, m.start() - 14):m.start()]
        mark = None
        for rx, mk in AFTER_12H:
            if re.match(r"\s*" + rx, after, re.I):
                mark = mk
                break
        if mark is None:
            for word, mk in BEFORE_12H:
                if re.search(word + r"\s*$", before):
                    mark = mk
                    break
        if sep == "." and mark is None and not re.match(r"\s*(h(?![^\W\d_])|น\.)", after) \
                and not re.search(r"(a les|เวลา)\s*$", before):
            continue        # a dot between digits is a time only with a clock word around it
        if mark:
            if not 1 <= h <= 12:
                continue
            h = to24(h, mark)
        if h > 23 or mi > 59:
            continue
        out.append((h, mi, m.start()))
    return out


def read_intended():
    """Intended publication times from README.md's page table."""
    rx = re.compile(r"^\| `([0-9a-f]{12})` \|[^|]*\|[^|]*\|[^|]*\| (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) \|")
    out = {}
    for line in open(os.path.join(HERE, "README.md"), encoding="utf-8"):
        m = rx.match(line)
        if m:
            out[m.group(1)] = datetime.datetime.strptime(m.group(2), "%Y-%m-%d %H:%M")
    return out


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
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        self.length = length("\n".join(self.article_lines), lang)
        self.g = grams("\n".join(self.article_lines), lang)
        # dates and times
        dates = find_dates(self.text)
        self.date = dates[0][2] if dates else None
        self.date_in_furniture = bool(dates) and any(x <= dates[0][0] and dates[0][1] <= y for x, y in self.spans)
        masked = [(a, b) for a, b, _ in dates]
        ftimes = [(h, mi) for h, mi, st in find_times(self.text, masked)
                  if any(x <= st < y for x, y in self.spans)]
        self.time = ftimes[0] if ftimes else None


def shared_ok(lang, what, shared, own):
    if lang == "th":
        return len(shared) <= MAX_SHARED_THAI[what] * max(1, len(own))
    return len(shared) <= MAX_SHARED[what]


def limit_text(lang, what):
    if lang == "th":
        return "%d%% of own char 5-grams" % round(100 * MAX_SHARED_THAI[what])
    return "%d" % MAX_SHARED[what]


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    intended = read_intended()
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
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}
        unit = "chars" if lang == "th" else "words"

        # ---- dates: intended time (README) vs the page's furniture
        for role in ORDER:
            p = pages[role]
            want = intended.get(p.id)
            p.want = want
            if want is None:
                err("%s/%s: no intended publication time in README.md" % (name, role))
                continue
            if p.date is None:
                err("%s/%s: no date found on the page" % (name, role))
            elif not p.date_in_furniture:
                err("%s/%s: first date on the page (%s) is not in labelled furniture" % (name, role, p.date))
            elif p.date != want.date():
                err("%s/%s: furniture date %s differs from the intended %s" % (name, role, p.date, want.date()))
            if p.time is not None and p.time != (want.hour, want.minute):
                err("%s/%s: first time in furniture %02d:%02d differs from the intended %s"
                    % (name, role, p.time[0], p.time[1], want.strftime("%H:%M")))
        ow = orig.want
        if ow:
            for role in KINDS:
                w = pages[role].want
                if w is None:
                    continue
                if w <= ow:
                    err("%s/%s: intended time %s not after the original's %s" % (name, role, w, ow))
                if (w.date() - ow.date()).days > 1:
                    err("%s/%s: dated %s, more than a day after the original" % (name, role, w.date()))
            cw = pages["copy"].want
            if cw:
                hours = (cw - ow).total_seconds() / 3600
                if not COPY_DELAY_H[0] <= hours <= COPY_DELAY_H[1]:
                    err("%s/copy: published %.1f h after the original (want %d-%d h)" % (name, hours, *COPY_DELAY_H))
                notes["copy"] = "+%.1f h" % hours
            dw = pages["distractor"].want
            if dw and (dw.date() == ow.date() or dw.isocalendar()[:2] != ow.isocalendar()[:2]):
                err("%s/distractor: dated %s, not another day of the original's week (%s)" % (name, dw.date(), ow.date()))

        # ---- original
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        rng = (RANGES_THAI if lang == "th" else RANGES_WORDS)["original"]
        if not rng[0] <= orig.length <= rng[1]:
            err("%s/original: %d %s, outside %d-%d" % (name, orig.length, unit, *rng))
        notes["original"] = "%d paragraphs" % len(o_paras)

        # ---- headlines of derivatives
        for role in KINDS:
            p = pages[role]
            head = p.article_lines[0] if p.article_lines else ""
            if role in ("trim", "copy") and head != o_head:
                err("%s/%s: first article line is not the original's headline" % (name, role))
            if role in ("light_edit", "rewrite") and (not p.added or head != p.added[0] or head == o_head):
                err("%s/%s: first article line should be a new headline, labelled added" % (name, role))

        # ---- light_edit: new headline + one added paragraph; other paragraphs lightly edited
        le = pages["light_edit"]
        paras_added = [s for s in le.added[1:] if s in le.article_lines]
        if len(le.added) != 2 or len(paras_added) != 1:
            err("%s/light_edit: expected a headline and exactly one added paragraph" % name)
        if len(le.kept_lines) != len(o_paras):
            err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(le.kept_lines), len(o_paras)))
        else:
            sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(le.kept_lines, o_paras)]
            changed = sum(1 for x, y in zip(le.kept_lines, o_paras) if x != y)
            if min(sims) < MIN_PARA_SIM:
                err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                    % (name, sims.index(min(sims)) + 1, min(sims)))
            if not LE_EDITED[0] <= changed <= LE_EDITED[1]:
                err("%s/light_edit: %d paragraphs edited (want %d-%d)" % (name, changed, *LE_EDITED))
            notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f" % (changed, len(o_paras), min(sims))
        for s in paras_added:
            g = grams(s, lang)
            if not shared_ok(lang, "added", g & orig.g, g):
                err("%s/light_edit: added paragraph shares %d 5-grams with the original (max %s)"
                    % (name, len(g & orig.g), limit_text(lang, "added")))

        # ---- trim: first 55-70 % of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added sentence" % name)
        else:
            s = tr.added[0]
            if not tr.article_lines[-1].endswith(s):
                err("%s/trim: the added sentence is not at the end of the article text" % name)
            g = grams(s, lang)
            if not shared_ok(lang, "added", g & orig.g, g):
                err("%s/trim: added sentence shares %d 5-grams with the original" % (name, len(g & orig.g)))
        k = len(tr.kept_lines) - 1
        share = k / max(1, len(o_paras))
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: body is not the original's first paragraphs verbatim" % name)
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%), want 55-70%%" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%)" % (k, len(o_paras), 100 * share)

        # ---- rewrite: same facts in new words
        rw = pages["rewrite"]
        rng = (RANGES_THAI if lang == "th" else RANGES_WORDS)["rewrite"]
        if not rng[0] <= rw.length <= rng[1]:
            err("%s/rewrite: %d %s, outside %d-%d" % (name, rw.length, unit, *rng))
        if len(rw.added) != 1:
            err("%s/rewrite: expected exactly one added string (the new headline)" % name)
        if not shared_ok(lang, "rewrite", rw.g & orig.g, rw.g):
            err("%s/rewrite: shares %d 5-grams with the original (max %s)"
                % (name, len(rw.g & orig.g), limit_text(lang, "rewrite")))

        # ---- copy: verbatim, nothing added
        cp = pages["copy"]
        if cp.article_lines != orig.article_lines:
            err("%s/copy: article text is not the original's verbatim" % name)
        if cp.added:
            err("%s/copy: expected no added strings" % name)

        # ---- distractor: same outlet, another event
        ds = pages["distractor"]
        if ds.bp[:1] != orig.bp[:1]:
            err("%s/distractor: not on the original's site (masthead line differs)" % name)
        if not shared_ok(lang, "distractor", ds.g & orig.g, ds.g):
            err("%s/distractor: shares %d 5-grams with the original (max %s)"
                % (name, len(ds.g & orig.g), limit_text(lang, "distractor")))
        for role in KINDS:
            if not shared_ok(lang, "distractor", ds.g & pages[role].g, ds.g):
                err("%s/distractor: shares %d 5-grams with the %s" % (name, len(ds.g & pages[role].g), role))

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, p.want.strftime("%Y-%m-%d %H:%M") if p.want else "?",
                         "%d %s" % (p.length, "ch" if lang == "th" else "w"), len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  intended=%s  found date=%s time=%s  length=%d %s"
                      % (name, role, p.id, p.want, p.date, "%02d:%02d" % p.time if p.time else "-", p.length, unit))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor") and lang != "th":
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)
    for pid in sorted(set(intended) - set(seen)):
        err("README.md lists %s, which is not labelled" % pid)

    print("5-grams of each page's article text (page minus labelled furniture): word 5-grams,")
    print("for Thai character 5-grams; shared with the story's original; %orig = share of the page's own")
    print("%-22s %-10s %-12s %-16s %8s %5s %6s %6s  %s" % ("story", "page", "id", "intended", "length",
                                                          "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-22s %-10s %-12s %-16s %8s %5d %6d %5.0f%%  %s" % r)
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
