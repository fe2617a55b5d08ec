#!/usr/bin/env python3
"""Check blind59 (ordinary local news in zh-CN, zh-HK, ja, ko, th, vi) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared n-grams

Standard library only.

Two kinds of language in this set:
- Chinese (Simplified, mainland site; Traditional, Hong Kong site), Japanese and Thai are
  written without spaces between words. Lengths are characters (every non-whitespace
  character, punctuation included) and overlap is measured in CHARACTER 10-GRAMS: the text
  is lower-cased, everything that is not a letter, digit or combining mark (punctuation,
  symbols) is dropped, and the 10-grams are taken inside each run between whitespace (line
  ends; in Thai also the spaces that separate phrases and sentences). Thai vowel and tone
  marks (combining marks) are characters of their own.
- Korean and Vietnamese separate words (eojeol; syllables) by spaces. Lengths are words
  (whitespace-separated items with a letter or digit) and overlap is measured in WORD
  5-GRAMS of lower-cased runs of letters and digits, as in the earlier sets.
The limits (rewrite <= 10, distractor <= 3, added passage <= 3) are the same number of
shared n-grams in both cases.
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
CHAR_LANGS = {"zh-CN", "zh-HK", "ja", "th"}
WORD_LANGS = {"ko", "vi"}
CHAR_N = 10                      # character n-grams for zh / ja / th
WORD_N = 5                       # word n-grams for ko / vi

# article-text length, headline included: words (ko, vi) / characters (zh, ja, th)
RANGES_WORDS = {"original": (310, 440), "light_edit": (340, 520), "trim": (150, 340),
                "rewrite": (200, 350), "summary": (60, 120), "distractor": (150, 330)}
RANGES_CHARS = {"original": (620, 1050), "light_edit": (680, 1250), "trim": (350, 820),
                "rewrite": (450, 850), "summary": (120, 250), "distractor": (350, 800)}
ORIGINAL_BODY_WORDS = (300, 420)     # original without its headline
ORIGINAL_BODY_CHARS = (600, 1000)
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared n-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared n-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared n-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
MAX_THAI_SENTENCE = 260          # Thai has no sentence-final punctuation: one-line, short passage

# Names that a distractor shares with its original ON PURPOSE (same outlet, same province,
# same beat, same officials). They must occur in both article texts; the distractor's
# overlap limit is applied after masking them (the raw overlap is printed as well).
SHARED_NAMES = {
    "th-phuthong-flash-flood": [
        "ผู้ว่าราชการจังหวัดภูทอง",
        "จังหวัดภูทอง",
        "นายธนากร ศรีวงศ์",
        "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดภูทอง",
        "นายสุรชัย แก้วมณี",
    ],
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
WORD = re.compile(r"[^\W_]+")


def is_char(c):
    return unicodedata.category(c)[0] in "LNM"


def segments(text):
    out, cur = [], []
    for c in text.lower():
        if c.isspace():
            if cur:
                out.append("".join(cur))
                cur = []
        elif is_char(c):
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out


def grams(text, lang):
    if lang in CHAR_LANGS:
        g = set()
        for s in segments(text):
            g.update(s[i:i + CHAR_N] for i in range(len(s) - CHAR_N + 1))
        return g
    t = WORD.findall(text.lower())
    return {tuple(t[i:i + WORD_N]) for i in range(len(t) - WORD_N + 1)}


def show_gram(g):
    return g if isinstance(g, str) else " ".join(g)


def length(text, lang):
    if lang in CHAR_LANGS:
        return sum(1 for c in text if not c.isspace())
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def one_sentence(s, lang):
    """No sentence end followed by more text inside the string."""
    s = s.strip()
    if "\n" in s:
        return False
    if lang in ("zh-CN", "zh-HK", "ja"):
        return not re.search(r"[。！？!?](?=[」』”’）)]*\S)", s)
    if lang == "th":
        return len(s) <= MAX_THAI_SENTENCE
    return not re.search(r"[.!?…](?=[»”\"’)]?\s+\S)", s)


# ---------------------------------------------------------------- dates
TH_MONTHS = ("มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน "
             "ตุลาคม พฤศจิกายน ธันวาคม").split()
TH_ABBR = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split()
MONTHS = {}
for i, m in enumerate(TH_MONTHS):
    MONTHS[m] = i + 1
for i, m in enumerate(TH_ABBR):
    MONTHS[m] = i + 1
TH_ALT = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))

DATE_PATTERNS = [
    # numeric: 2025-04-15, 2025/06/10, 2025.10.13 | 20/05/2025, 16/09/2568 (Buddhist era)
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    # written: 2025年4月15日 (zh, ja), 2025년 10월 13일 (ko)
    ("ymd", False, re.compile(r"(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")),
    # 令和7年3月24日 (ja, era year)
    ("reiwa", False, re.compile(r"令和\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")),
    # 16 กันยายน 2568, 16 ก.ย. 2568 (th, Buddhist era)
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\s*(" + TH_ALT + r")\s*(\d{4})(?!\d)")),
    # ngày 21 tháng 5 năm 2025, 21 tháng 5, 2025 (vi)
    ("dmy", False, re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|,)\s+(\d{4})(?!\d)",
                              re.IGNORECASE)),
]


def year(y):
    y = int(y)
    return y - 543 if y > 2400 else y      # Buddhist era (Thai)


def first_date(text):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(year(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(year(c), int(b), int(a))
                elif kind == "reiwa":
                    d = datetime.date(2018 + (1 if a == "元" else int(a)), int(b), int(c))
                else:
                    d = datetime.date(year(c), MONTHS[b], int(a))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found[0] if found else None


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
        if unicodedata.normalize("NFC", self.text) != self.text:
            err("%s: text is not in Unicode NFC" % pid)
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
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.joined = "\n".join(self.article_lines)
        self.length = length(self.joined, lang)
        self.g = grams(self.joined, lang)


def mask(text, names):
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(n, "\n")
    return text


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
        if lang not in CHAR_LANGS | WORD_LANGS:
            err("%s: unexpected language %s" % (name, lang))
            continue
        chars = lang in CHAR_LANGS
        ranges = RANGES_CHARS if chars else RANGES_WORDS
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

        # original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras), lang)
        lo, hi = ORIGINAL_BODY_CHARS if chars else ORIGINAL_BODY_WORDS
        if not lo <= blen <= hi:
            err("%s: original body %d %s, outside %d-%d" % (name, blen, "chars" if chars else "words", lo, hi))
        notes["original"] = "%d paragraphs, body %d %s" % (len(o_paras), blen, "chars" if chars else "words")

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = ranges[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    if p.date == orig.date or p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                        err("%s/distractor: dated %s, not another day of the original's week (%s)"
                            % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            for s in p.added:
                if role == "light_edit" and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s, lang) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d n-grams with the original: %r" % (name, role, n, s[:50]))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

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
                idx = body.index(le.added[1]) + 1 if le.added[1] in body else 0
                notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, added para #%d" % (
                    changed, len(o_paras), min(sims), idx)

        # trim: original headline + first 55-70% of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        if not tr.article_lines or tr.article_lines[0] != o_head:
            err("%s/trim: first article line is not the original's headline" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not tr.joined.endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s, lang):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%)" % (k, len(o_paras), 100 * share)

        # rewrite: new headline, own words, nothing added
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d n-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))

        # summary: one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0], lang):
            err("%s/summary: expected exactly one added sentence" % name)

        # distractor: same outlet as the original, little overlap (after masking shared names)
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        names = SHARED_NAMES.get(name, [])
        for nm in names:
            if nm not in orig.joined or nm not in ds.joined:
                err("%s/distractor: shared name %r missing from the original or the distractor" % (name, nm))
        masked_shared = grams(mask(ds.joined, names), lang) & grams(mask(orig.joined, names), lang)
        n = len(masked_shared)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d n-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        notes["distractor"] = "same site as original"
        if names:
            notes["distractor"] += "; %d shared names, %d n-grams after masking them" % (len(names), n)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.length, "c" if chars else "w", len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s (%s)  length=%d %s" % (name, role, p.id, p.date,
                      "numeric" if p.numeric_date else "written", p.length, "chars" if chars else "words"))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared, key=show_gram):
                        print("    shared with original: %s" % show_gram(gr))
                if role == "distractor" and names:
                    for gr in sorted(masked_shared, key=show_gram):
                        print("    shared after masking the shared names: %s" % show_gram(gr))

    if sorted(langs) != sorted(["zh-CN", "zh-HK", "ja", "ko", "th", "vi"]):
        err("expected one story per language zh-CN, zh-HK, ja, ko, th, vi; got %s" % langs)
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("n-grams of each page's article text (page minus labelled furniture) shared with the")
    print("story's original: character 10-grams (zh, ja, th) or word 5-grams (ko, vi);")
    print("%orig = share of the page's own n-grams; len in characters (c) or words (w)")
    print("%-28s %-11s %-12s %-10s %6s %5s %6s %6s  %s" % ("story", "page", "id", "date", "len", "ngr",
                                                          "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-11s %-12s %-10s %5d%s %5d %6d %5.0f%%  %s" % r)
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
