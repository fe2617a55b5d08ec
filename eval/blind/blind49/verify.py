#!/usr/bin/env python3
"""Check blind49 (articles written in short lines: lists, tables, fact boxes) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, short-line blocks, shared 5-grams

Standard library only.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["copy", "reordered", "rewrite", "excerpt"]
ORDER = ["original"] + KINDS + ["distractor"]
PARAS = (2, 4)                 # ordinary paragraphs in the original (and the distractor)
PARA_WORDS = (150, 300)        # their total length in words
PARA_MIN = 30                  # a paragraph has at least this many words ...
SHORT_MAX = 20                 # ... a short line (list item / table row) at most this many
LIST_ITEMS = (6, 10)
ITEM_WORDS = (4, 20)
TABLE_ROWS = (5, 10)           # data rows (lines with a digit), header row not counted
REWRITE_WORDS = (180, 320)     # rewrite body (article text without its headline)
MAX_REWRITE = 10               # shared word 5-grams, rewrite vs original
MAX_DISTRACTOR = 8             # shared word 5-grams, distractor vs original (article text)
MIN_TEMPLATE = 4               # furniture strings the distractor shares with the original
MIN_PARA_SIM = 0.6             # char-trigram Jaccard, reordered paragraph vs original paragraph
DISTRACTOR_DAYS = 14           # distractor dated within this many days of the original

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


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[•·▪*–—-])\s+")


def strip_marker(line):
    return MARKER.sub("", line, count=1)


def is_table_line(line):
    return " | " in line or "\t" in line or bool(re.search(r"\S {2,}\S", line))


def cells(line):
    if " | " in line:
        return [c.strip() for c in line.split("|")]
    return [c for c in re.split(r"\t+| {2,}", line.strip()) if c]


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "januari februari maret april mei juni juli agustus september oktober november desember",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
MONTHS["setiembre"] = 9

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
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
                elif b.lower() in MONTHS:
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                else:
                    continue
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
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        self.bp_lines = [ln for s in bp for ln in s.split("\n") if ln.strip()]
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))
        self.furniture_words = length("\n".join(bp))
        self.classify()

    def classify(self):
        """Headline = first article line; then paragraphs (>= PARA_MIN words) and short lines
        (<= SHORT_MAX words), the short lines grouped in blocks (runs of list lines or of table lines)."""
        self.head = self.article_lines[0] if self.article_lines else ""
        self.paras, self.short, self.blocks, self.odd = [], [], [], []
        prev = None
        for ln in self.article_lines[1:]:
            n = length(ln)
            if n >= PARA_MIN:
                self.paras.append(ln)
                prev = None
            elif n <= SHORT_MAX:
                kind = "table" if is_table_line(ln) else "list"
                self.short.append(ln)
                if prev == kind:
                    self.blocks[-1][1].append(ln)
                else:
                    self.blocks.append((kind, [ln]))
                prev = kind
            else:
                self.odd.append(ln)
                prev = None


def check_blocks(name, p):
    """A list block: LIST_ITEMS items of ITEM_WORDS words; a table block: a header and TABLE_ROWS rows
    with the same number of cells."""
    if not p.blocks:
        err("%s/%s: no list or table in the article text" % (name, p.role))
    desc = []
    for kind, lines in p.blocks:
        if kind == "list":
            if not LIST_ITEMS[0] <= len(lines) <= LIST_ITEMS[1]:
                err("%s/%s: list of %d items (want %d-%d)" % (name, p.role, len(lines), *LIST_ITEMS))
            for ln in lines:
                if not ITEM_WORDS[0] <= length(ln) <= ITEM_WORDS[1]:
                    err("%s/%s: list item of %d words: %r" % (name, p.role, length(ln), ln[:50]))
            desc.append("list %d" % len(lines))
        else:
            rows = [ln for ln in lines if re.search(r"\d", ln)]
            header = [ln for ln in lines if not re.search(r"\d", ln)]
            if len(header) > 1 or (header and header[0] != lines[0]):
                err("%s/%s: table has more than one header line" % (name, p.role))
            if not TABLE_ROWS[0] <= len(rows) <= TABLE_ROWS[1]:
                err("%s/%s: table of %d rows (want %d-%d)" % (name, p.role, len(rows), *TABLE_ROWS))
            ncell = {len(cells(ln)) for ln in lines}
            if len(ncell) != 1:
                err("%s/%s: table rows have different numbers of cells %s" % (name, p.role, sorted(ncell)))
            desc.append("table %d+%d" % (len(header), len(rows)))
    return ", ".join(desc)


def check_original_like(name, p):
    if p.odd:
        err("%s/%s: %d article line(s) neither paragraph nor short line: %r" % (name, p.role, len(p.odd), p.odd[0][:50]))
    if not PARAS[0] <= len(p.paras) <= PARAS[1]:
        err("%s/%s: %d paragraphs (want %d-%d)" % (name, p.role, len(p.paras), *PARAS))
    w = length("\n".join(p.paras))
    if not PARA_WORDS[0] <= w <= PARA_WORDS[1]:
        err("%s/%s: paragraphs have %d words (want %d-%d)" % (name, p.role, w, *PARA_WORDS))
    return "%d paras %d w; %s" % (len(p.paras), w, check_blocks(name, p))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name = st["name"]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", [])))
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
        orig = pages["original"]
        notes = {r: "" for r in ORDER}
        notes["original"] = check_original_like(name, orig)
        o_short = [strip_marker(x) for x in orig.short]

        # dates, headlines, furniture of another site
        for role in ORDER:
            p = pages[role]
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    if abs((p.date - orig.date).days) > DISTRACTOR_DAYS:
                        err("%s/distractor: dated %s, more than %d days from the original (%s)"
                            % (name, p.date, DISTRACTOR_DAYS, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                if p.head != orig.head and p.head not in p.added:
                    err("%s/%s: first article line differs from the original's headline but is not added" % (name, role))
                if p.bp[:1] == orig.bp[:1]:
                    err("%s/%s: same masthead as the original (should be another site)" % (name, role))
                for s in p.added:
                    if s in orig.text:
                        err("%s/%s: added string also in the original: %r" % (name, role, s[:50]))

        # copy: the original's article text verbatim, nothing added
        cp = pages["copy"]
        if cp.added:
            err("%s/copy: expected no added strings" % name)
        if cp.article_lines != orig.article_lines:
            err("%s/copy: article text is not the original's verbatim" % name)
        notes["copy"] = "verbatim %s" % (cp.article_lines == orig.article_lines)

        # reordered: list items / table rows reordered, one dropped, one added (labelled);
        # paragraphs paired with the original's and lightly edited
        ro = pages["reordered"]
        if ro.odd:
            err("%s/reordered: line(s) neither paragraph nor short line" % name)
        r_added = [s for s in ro.added if s != ro.head]
        if len(r_added) != 1 or r_added[0] not in ro.short:
            err("%s/reordered: expected exactly one added string (besides a new headline), a list item or table row" % name)
        else:
            kept = [strip_marker(x) for x in ro.short if x != r_added[0]]
            dropped = [x for x in o_short if x not in kept]
            extra = [x for x in kept if x not in o_short]
            if len(dropped) != 1 or extra or len(kept) != len(o_short) - 1:
                err("%s/reordered: short lines are not the original's minus one (dropped %d, foreign %d)"
                    % (name, len(dropped), len(extra)))
            if kept == [x for x in o_short if x in kept]:
                err("%s/reordered: kept items/rows are in the original's order" % name)
            if strip_marker(r_added[0]) in o_short:
                err("%s/reordered: the added line is in the original" % name)
        check_blocks(name, ro)
        if len(ro.paras) != len(orig.paras):
            err("%s/reordered: %d paragraphs, original has %d" % (name, len(ro.paras), len(orig.paras)))
        else:
            sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(ro.paras, orig.paras)]
            changed = sum(1 for x, y in zip(ro.paras, orig.paras) if x != y)
            if min(sims) < MIN_PARA_SIM:
                err("%s/reordered: paragraph %d too far from the original (sim %.2f)"
                    % (name, sims.index(min(sims)) + 1, min(sims)))
            if changed == 0:
                err("%s/reordered: no paragraph edited" % name)
            notes["reordered"] = "%d/%d paras edited, min sim %.2f" % (changed, len(orig.paras), min(sims))

        # rewrite: running prose, new headline added, little overlap
        rw = pages["rewrite"]
        if rw.added != [rw.head]:
            err("%s/rewrite: expected exactly one added string, the new headline" % name)
        if rw.short or any(MARKER.match(x) or is_table_line(x) for x in rw.article_lines[1:]):
            err("%s/rewrite: has list/table lines; expected running prose" % name)
        body = length("\n".join(rw.article_lines[1:]))
        if not REWRITE_WORDS[0] <= body <= REWRITE_WORDS[1]:
            err("%s/rewrite: body %d words (want %d-%d)" % (name, body, *REWRITE_WORDS))
        rshared = len(rw.g & orig.g)
        if rshared > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, rshared, MAX_REWRITE))
        notes["rewrite"] = "body %d words, %d paras" % (body, len(rw.article_lines) - 1)

        # excerpt: own one-sentence intro (added) + one list/table block of the original verbatim
        ex = pages["excerpt"]
        if len(ex.added) != 1 or ex.head != ex.added[0]:
            err("%s/excerpt: expected one added string, the intro (first article line)" % name)
        elif re.search(r"(?<!\d)[.!?]\s+[^\W\d_]", ex.added[0].rstrip(".:!?")):
            err("%s/excerpt: the intro is more than one sentence" % name)
        blocks = [lines for _, lines in orig.blocks]
        if ex.article_lines[1:] not in blocks:
            err("%s/excerpt: body is not one of the original's lists/tables verbatim" % name)
        if ex.furniture_words < length("\n".join(ex.article_lines)):
            err("%s/excerpt: furniture (%d words) lighter than the article text" % (name, ex.furniture_words))
        notes["excerpt"] = "%d lines quoted; furniture %d words" % (len(ex.article_lines) - 1, ex.furniture_words)

        # distractor: the outlet's template, another list/table, little overlap
        ds = pages["distractor"]
        notes["distractor"] = check_original_like(name, ds)
        if ds.head == orig.head:
            err("%s/distractor: same headline as the original" % name)
        common = set(ds.bp) & set(orig.bp)
        if len(common) < MIN_TEMPLATE or ds.bp[:1] != orig.bp[:1]:
            err("%s/distractor: not in the original's template (%d furniture strings shared)" % (name, len(common)))
        if sorted({k for k, _ in ds.blocks}) != sorted({k for k, _ in orig.blocks}):
            err("%s/distractor: not the same kind of list/table as the original" % name)
        dshared = len(ds.g & orig.g)
        if dshared > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, dshared, MAX_DISTRACTOR))
        notes["distractor"] += "; %d template strings; full page ∩orig %d" % (
            len(common), len(grams(ds.text) & grams(orig.text)))

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  words=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                for kind, lines in p.blocks:
                    print("    %s block, %d lines: %s ..." % (kind, len(lines), lines[0][:60]))
                if role in ("rewrite", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-28s %-10s %-12s %-10s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                            "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-10s %-12s %-10s %5d %5d %6d %5.0f%%  %s" % r)
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
