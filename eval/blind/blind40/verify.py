#!/usr/bin/env python3
"""Check blind40 (OCR'd newspaper archives) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (added strings, shared 5-grams, OCR differences)

Standard library only.
"""
import datetime
import difflib
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["ocr_copy", "clean_copy", "ocr_rewrite", "summary"]
OCR_ROLES = ["original", "ocr_copy", "ocr_rewrite", "summary", "distractor"]
MAX_REWRITE = 10        # shared normalised word 5-grams, rewrite vs original
MAX_DISTRACTOR = 3      # shared normalised word 5-grams, distractor vs any page of the story
# article length in words (normalised text, headline included; original: body only)
RANGES = {"original": (350, 450), "ocr_copy": (330, 470), "clean_copy": (380, 560),
          "ocr_rewrite": (180, 450), "summary": (60, 100), "distractor": (180, 450)}
PARAS_ORIGINAL = (6, 8)
OCR_RATE = (15.0, 30.0)     # words per OCR error (1 per 15-30), measured against the clean re-publication
COLUMN = (30, 45)           # longest body line of an OCR'd page
MAX_CUT_WORDS = 15          # the typesetter's cut in the ocr_copy is one short sentence
# dates relative to the original, in days: (min, max)
DATE_WINDOW = {"ocr_copy": (0, 1), "ocr_rewrite": (0, 1), "summary": (0, 7),
               "distractor": (-6, 6), "clean_copy": (3650, 36500)}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- text helpers
TOKEN = re.compile(r"[^\W_]+")


def normalise(text):
    """Join words broken at line ends with a hyphen, then lowercase."""
    return re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", text).lower()


def raw_tokens(text):
    return TOKEN.findall(text)


def norm_tokens(text):
    return TOKEN.findall(normalise(text))


def grams(toks, n=5):
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def length(text):
    return sum(1 for w in normalise(text).split() if re.search(r"[^\W_]", w))


# ---------------------------------------------------------------- dates
MONTHS = {}
for lang_months in [
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
]:
    for i, name in enumerate(lang_months.split()):
        MONTHS.setdefault(name, i + 1)

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})")),
    ("Mdy", re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2}),\s+(\d{4})")),
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


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added):
        self.id, self.role, self.bp, self.added = pid, role, bp, added
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
                chars[i] = "\n" if self.text[i] == "\n" else ""
        # article text = page minus furniture; blank lines separate paragraphs
        self.article = re.sub(r"\n{3,}", "\n\n", "".join(chars)).strip("\n")
        blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", self.article) if b.strip()]
        self.headline = blocks[0] if blocks else ""
        self.paras = blocks[1:]
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        self.added_pos = []
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            self.added_pos.append((k, k + len(s)))
        # article text with the added passages removed
        chars = list(self.text)
        for a, b in self.spans + self.added_pos:
            for i in range(a, b):
                chars[i] = "\n" if self.text[i] == "\n" else ""
        self.kept = "".join(chars)
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))

    def body_lines(self):
        return [ln for p in self.paras for ln in p.split("\n") if ln.strip()]


def diff_words(a_toks, b_toks):
    """Opcodes between two token lists, ignoring equal runs."""
    sm = difflib.SequenceMatcher(None, a_toks, b_toks, autojunk=False)
    return [op for op in sm.get_opcodes() if op[0] != "equal"]


def ocr_errors(ops, skip=None):
    n = 0
    for op in ops:
        if op is skip:
            continue
        tag, i1, i2, j1, j2 = op
        n += max(i2 - i1, j2 - j1)
    return n


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name = st["name"]
        pages = {}
        orig = Page(st["original"], "original", st["boilerplate_of_original"], [])
        pages["original"] = orig
        kinds = {}
        for pid, d in st["derivatives"].items():
            p = Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []))
            kinds.setdefault(d["kind"], []).append(p)
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue

        # ---- original: paragraphs and length
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(orig.paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(orig.paras), lo, hi))
        for role, p in pages.items():
            if role == "original":
                p.length = length("\n\n".join(p.paras))
            elif role == "summary":
                p.length = length("\n\n".join(p.paras))
            else:
                p.length = length(p.article)
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))

        # ---- dates
        for role, p in pages.items():
            if role == "original" or not (p.date and orig.date):
                continue
            a, b = DATE_WINDOW[role]
            days = (p.date - orig.date).days
            if not a <= days <= b:
                err("%s/%s: dated %s, %d days from the original %s (allowed %d..%d)"
                    % (name, role, p.date, days, orig.date, a, b))

        # ---- headlines and added passages
        for role in KINDS:
            p = pages[role]
            if p.headline != orig.headline and p.headline not in p.added:
                err("%s/%s: headline differs from the original's but is not labelled added" % (name, role))
            if not p.added:
                err("%s/%s: no added strings" % (name, role))
        if len(pages["ocr_rewrite"].added) != 2:
            err("%s/ocr_rewrite: expected a new headline and one added fact sentence" % name)
        cc = pages["clean_copy"]
        if cc.headline != orig.headline:
            err("%s/clean_copy: headline should be the original's" % name)
        if not cc.paras or cc.paras[0] not in cc.added:
            err("%s/clean_copy: first paragraph should be the added introduction" % name)

        # ---- OCR layout: hard-wrapped columns with hyphenated breaks; clean copy unwrapped
        widths = {}
        for role in OCR_ROLES:
            p = pages[role]
            lines = p.body_lines()
            if not lines:
                continue
            longest = max(len(x) for x in lines)
            widths[role] = longest
            p.median = statistics.median(len(x) for x in lines[:-1] or lines)
            if not COLUMN[0] <= longest <= COLUMN[1]:
                err("%s/%s: longest body line %d, not a %d-%d character column" % (name, role, longest, *COLUMN))
            if role != "summary" and not any(re.search(r"[^\W\d_]-$", x) for x in lines):
                err("%s/%s: no word broken at a line end" % (name, role))
        if widths.get("original") == widths.get("ocr_copy"):
            err("%s/ocr_copy: same column width as the original" % name)
        for para in cc.paras:
            if "\n" in para:
                err("%s/clean_copy: paragraph is hard-wrapped: %r" % (name, para[:40]))
        if re.search(r"[^\W\d_]-\n", cc.article):
            err("%s/clean_copy: hyphenated line break in clean text" % name)

        # ---- OCR noise, measured against the clean re-publication (minus its intro)
        clean_toks = norm_tokens(re.sub(r"\n\s*\n", "\n\n", cc.kept))
        clean_toks = clean_toks[len(norm_tokens(cc.headline)):]
        o_toks = norm_tokens("\n\n".join(orig.paras))
        ops = diff_words(clean_toks, o_toks)
        n_err = ocr_errors(ops)
        orig.rate = len(o_toks) / max(1, n_err)
        if not OCR_RATE[0] <= orig.rate <= OCR_RATE[1]:
            err("%s/original: %d OCR errors in %d words (1 per %.1f), want 1 per %g-%g"
                % (name, n_err, len(o_toks), orig.rate, *OCR_RATE))
        if len(cc.paras) - 1 != len(orig.paras):
            err("%s/clean_copy: %d body paragraphs after the intro, original has %d"
                % (name, len(cc.paras) - 1, len(orig.paras)))
        cp = pages["ocr_copy"]
        c_toks = norm_tokens("\n\n".join(x for x in re.split(r"\n\s*\n", cp.kept) if x.strip()))
        cops = diff_words(clean_toks, c_toks)
        # the cut: a run of clean words missing from the copy (an OCR error may sit next to it)
        cuts = [op for op in cops if (op[2] - op[1]) - (op[4] - op[3]) >= 4]
        cp.cut = ""
        if len(cuts) != 1:
            err("%s/ocr_copy: expected exactly one cut sentence, found %d long deletions" % (name, len(cuts)))
            cp.rate = 0
        else:
            tag, i1, i2, j1, j2 = cuts[0]
            cp.cut = " ".join(clean_toks[i1:i2])
            if (i2 - i1) - (j2 - j1) > MAX_CUT_WORDS:
                err("%s/ocr_copy: cut of %d words is not a short sentence" % (name, i2 - i1))
            n = ocr_errors(cops, skip=cuts[0]) + (j2 - j1)
            cp.rate = len(c_toks) / max(1, n)
            if not OCR_RATE[0] <= cp.rate <= OCR_RATE[1]:
                err("%s/ocr_copy: %d OCR errors in %d words (1 per %.1f), want 1 per %g-%g"
                    % (name, n, len(c_toks), cp.rate, *OCR_RATE))
        # the two archives made different errors
        o_bad = {(i1, tuple(o_toks[j1:j2])) for tag, i1, i2, j1, j2 in ops}
        c_bad = {(i1, tuple(c_toks[j1:j2])) for tag, i1, i2, j1, j2 in cops}
        same = len(o_bad & c_bad)
        if same > 2:
            err("%s/ocr_copy: %d OCR errors identical to the original's" % (name, same))

        # ---- overlaps
        o_raw = grams(raw_tokens(orig.article))
        o_norm = grams(norm_tokens(orig.article))
        for role in ["original", "ocr_copy", "clean_copy", "ocr_rewrite", "summary", "distractor"]:
            p = pages[role]
            g_raw = grams(raw_tokens(p.article))
            g_norm = grams(norm_tokens(p.article))
            s_raw, s_norm = len(g_raw & o_raw), len(g_norm & o_norm)
            note = ""
            if role == "original":
                note = "%d paras; OCR 1 err/%.0f words; col %d" % (len(p.paras), p.rate, widths.get(role, 0))
            elif role == "ocr_copy":
                note = "OCR 1 err/%.0f words; col %d; cut: %s" % (cp.rate, widths.get(role, 0), cp.cut[:38])
            elif role in widths:
                note = "col %d" % widths[role]
            rows.append((name, role, p.id, str(p.date), p.length, len(g_raw), len(g_norm), s_raw, s_norm, note))
            if role == "ocr_rewrite" and s_norm > MAX_REWRITE:
                err("%s/ocr_rewrite: shares %d normalised 5-grams with the original (max %d)"
                    % (name, s_norm, MAX_REWRITE))
            if role == "distractor":
                for other in ["original", "ocr_copy", "clean_copy", "ocr_rewrite", "summary"]:
                    n = len(g_norm & grams(norm_tokens(pages[other].article)))
                    if n > MAX_DISTRACTOR:
                        err("%s/distractor: shares %d normalised 5-grams with the %s (max %d)"
                            % (name, n, other, MAX_DISTRACTOR))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %r" % s[:110])
                if role in ("ocr_rewrite", "summary", "distractor"):
                    for gr in sorted(g_norm & o_norm):
                        print("    shared with original: %s" % " ".join(gr))
                if role == "original":
                    for tag, i1, i2, j1, j2 in ops:
                        print("    OCR: %-28s -> %s" % (" ".join(clean_toks[i1:i2]), " ".join(o_toks[j1:j2])))
                if role == "ocr_copy":
                    for tag, i1, i2, j1, j2 in cops:
                        print("    %s: %-28s -> %s" % ("CUT" if (i2 - i1) - (j2 - j1) >= 4 else "OCR",
                                                      " ".join(clean_toks[i1:i2])[:60], " ".join(c_toks[j1:j2])))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture) shared with the")
    print("story's original: raw = tokens as OCR'd (case kept, hyphenated line breaks left broken);")
    print("norm = after joining hyphenated line breaks and lowercasing")
    print("columns: words = article length (normalised); 5g raw / 5g norm = the page's own distinct")
    print("5-grams; ∩raw / ∩norm = how many of them it shares with the original's")
    print("%-24s %-11s %-12s %-10s %5s %6s %6s %6s %6s  %s" % (
        "story", "page", "id", "date", "words", "5g raw", "5g nrm", "∩raw", "∩norm", "notes"))
    for r in rows:
        print("%-24s %-11s %-12s %-10s %5d %6d %6d %6d %6d  %s" % r)
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
