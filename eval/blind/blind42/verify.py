#!/usr/bin/env python3
"""Check blind42 (text extracted from PDFs) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (added strings, shared 5-grams)

Standard library only.
"""
import datetime
import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["news_copy", "pdf_newsletter", "rewrite", "summary"]
PDF_ROLES = {"original", "pdf_newsletter", "distractor"}   # hard-wrapped text extracted from a PDF
MAX_REWRITE = 10      # shared word 5-grams, rewrite vs original (article text)
MAX_DISTRACTOR = 3    # shared word 5-grams, distractor vs original (article text)
MIN_COPY_SIMILARITY = 0.95   # news copy body vs original body (difflib ratio)
PARAS_ORIGINAL = (6, 8)
NEWSLETTER_PARAS = 4
# lengths in words (whitespace-separated, containing a letter or digit; Korean: eojeol),
# counted on the de-hyphenated text. "body" = without the headline.
RANGES = {
    "original": ("body", 350, 450),
    "news_copy": ("all", 340, 480),
    "pdf_newsletter": ("all", 150, 330),
    "rewrite": ("all", 220, 450),
    "summary": ("body", 60, 100),
    "distractor": ("body", 200, 450),
}
TERMINAL = ".!?…\"”»’):"

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(text.lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "januari februari mars april maj juni juli augusti september oktober november december",
]:
    for i, name in enumerate(names.split()):
        MONTHS.setdefault(name, i + 1)
for names in ["jan feb mar apr may jun jul aug sep oct nov dec"]:
    for i, name in enumerate(names.split()):
        MONTHS.setdefault(name, i + 1)

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})\.\s+(\d{1,2})\.\s+(\d{1,2})\.")),
    ("ymd", re.compile(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})")),
    ("Mdy", re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})")),
]


def first_date(text):
    found = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    mo = MONTHS.get(b.lower())
                    if not mo:
                        continue
                    d = datetime.date(int(c), mo, int(a))
                else:
                    mo = MONTHS.get(a.lower())
                    if not mo:
                        continue
                    d = datetime.date(int(c), mo, int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- de-hyphenation
def join_lines(lines):
    """Join the hard-wrapped lines of one paragraph: 'infla-' + 'tion' -> 'inflation'."""
    out = lines[0]
    for ln in lines[1:]:
        if len(out) > 1 and out.endswith("-") and out[-2].isalpha() and ln[:1].isalpha() and ln[:1].islower():
            out = out[:-1] + ln
        else:
            out = out + " " + ln
    return out


def pdf_paragraphs(article):
    """Paragraphs of the article text of a PDF page: blank-line separated blocks; a block
    that stops mid-sentence (page break) is continued by the next block. The first block
    is the headline."""
    blocks, cur = [], []
    for ln in article.split("\n"):
        s = ln.strip()
        if s:
            cur.append(s)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    merged = []
    for b in blocks:
        if len(merged) > 1 and not merged[-1][-1].endswith(tuple(TERMINAL)):
            merged[-1] = merged[-1] + b
        else:
            merged.append(list(b))
    return [join_lines(b) for b in merged]


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
        text = self.text
        self.spans = []
        for s in bp:
            k = text.find(s)
            if not s or k < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            first = True
            while k >= 0:
                a, b = k, k + len(s)
                whole = (a == 0 or text[a - 1] == "\n") and (b == len(text) or text[b] == "\n")
                if first and not whole:
                    err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (pid, s[:50]))
                if whole:
                    for (x, y) in self.spans:
                        if a < y and x < b and (x, y) != (a, b):
                            err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
                    self.spans.append((a, b))
                first = False
                k = text.find(s, k + 1)
        self.nbp_lines = 0
        chars = list(text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        pos = 0
        for ln in text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in set(self.spans))
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            if cov:
                self.nbp_lines += 1
        for s in added:
            k = text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
        if role in PDF_ROLES:
            self.paras = pdf_paragraphs(self.article)
        else:
            self.paras = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        self.head = self.paras[0] if self.paras else ""
        self.body = self.paras[1:]
        self.norm = "\n".join(self.paras)
        fd = first_date(text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))


def squeeze(s, lang):
    return re.sub(r"\s+", "" if lang == "ko" else " ", s).strip()


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    detail = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [], lang)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []),
                                                        d.get("added", []), lang))
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

        lo, hi = PARAS_ORIGINAL
        if not lo <= len(orig.body) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(orig.body), lo, hi))
        if lang != "ko" and not re.search(r"[^\W\d_]-\n", orig.article):
            err("%s: original has no hyphenated line break" % name)

        for role, p in pages.items():
            what, a, b = RANGES[role]
            n = length("\n".join(p.body if what == "body" else p.paras))
            p.length = n
            if not a <= n <= b:
                err("%s/%s: %s length %d outside %d-%d" % (name, role, what, n, a, b))
            if p.date and orig.date:
                if role == "distractor":
                    if abs((p.date - orig.date).days) > 1:
                        err("%s/distractor: date %s not within a day of the original %s" % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                if p.head == orig.head:
                    err("%s/%s: headline is the original's (a derivative has its own)" % (name, role))
                elif p.head not in p.added:
                    err("%s/%s: headline %r is not labelled added" % (name, role, p.head[:50]))

        # news copy: near-verbatim body, only the headline added
        nc = pages["news_copy"]
        ratio = difflib.SequenceMatcher(None, squeeze("\n".join(orig.body), lang),
                                        squeeze("\n".join(nc.body), lang), autojunk=False).ratio()
        if ratio < MIN_COPY_SIMILARITY:
            err("%s/news_copy: body similarity %.3f < %.2f" % (name, ratio, MIN_COPY_SIMILARITY))
        if len(nc.body) != len(orig.body):
            err("%s/news_copy: %d paragraphs, original has %d" % (name, len(nc.body), len(orig.body)))
        # newsletter: the original's first four paragraphs, verbatim after de-hyphenation
        nl = pages["pdf_newsletter"]
        want = [squeeze(x, lang) for x in orig.body[:NEWSLETTER_PARAS]]
        got = [squeeze(x, lang) for x in nl.body]
        if want != got:
            err("%s/pdf_newsletter: body is not the original's first %d paragraphs" % (name, NEWSLETTER_PARAS))
        if len(nl.added) != 1:
            err("%s/pdf_newsletter: expected only the headline as added" % name)
        rw = pages["rewrite"]
        if len(rw.added) != 2:
            err("%s/rewrite: expected a headline and one reaction quote as added, got %d" % (name, len(rw.added)))
        sm = pages["summary"]
        if len(sm.added) != 1:
            err("%s/summary: expected only the headline as added" % name)

        # overlaps with the original
        o_raw = grams("\n".join(ln for ln in orig.article.split("\n")))
        o_norm = grams(orig.norm)
        o_full = grams(orig.text)
        for role in ["original"] + KINDS + ["distractor"]:
            p = pages[role]
            g_raw = grams(p.article)
            g_norm = grams(p.norm)
            s_raw, s_norm = len(g_raw & o_raw), len(g_norm & o_norm)
            s_full = len(grams(p.text) & o_full)
            note = ""
            if role == "news_copy":
                note = "body similarity %.3f" % ratio
            if role in PDF_ROLES:
                note = (note + "; " if note else "") + "%d paragraphs, %d furniture lines" % (len(p.body), p.nbp_lines)
            rows.append((name, role, p.id, p.length, len(g_norm), s_raw, s_norm, s_full, note))
            if role == "rewrite" and max(s_raw, s_norm) > MAX_REWRITE:
                err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, max(s_raw, s_norm), MAX_REWRITE))
            if role == "distractor" and max(s_raw, s_norm) > MAX_DISTRACTOR:
                err("%s/distractor: article text shares %d 5-grams with the original's (max %d)"
                    % (name, max(s_raw, s_norm), MAX_DISTRACTOR))
            if VERBOSE:
                detail.append("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    detail.append("    added: %s" % s[:110].replace("\n", " / "))
                if role in ("rewrite", "summary", "distractor"):
                    for gr in sorted(g_norm & o_norm):
                        detail.append("    shared 5-gram: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    if VERBOSE:
        print("\n".join(detail))
        print()
    print("word 5-grams shared with the story's original")
    print("  raw  = article text as extracted (hyphenated line breaks left in)")
    print("  norm = article text de-hyphenated and re-joined into paragraphs")
    print("  full = whole page, furniture included")
    print("%-21s %-15s %-12s %6s %5s %5s %5s %5s  %s" % ("story", "page", "id", "words", "5g", "raw", "norm", "full", "notes"))
    for r in rows:
        print("%-21s %-15s %-12s %6d %5d %5d %5d %5d  %s" % r)
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
