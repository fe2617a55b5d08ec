#!/usr/bin/env python3
"""Check blind38 (pages as other extraction tools output them) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (added strings, shared 5-grams)

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

KINDS = ["markdown_copy", "reader_copy", "feed_item", "amp_print", "rewrite"]
ROLES = ["original"] + KINDS + ["distractor"]
MAX_REWRITE = 10        # shared 5-grams, rewrite vs original (article text)
MAX_DISTRACTOR = 3      # shared 5-grams, distractor vs original (article text; full pages only reported)
DISTRACTOR_DAYS = 2     # distractor dated within this many days of the original
PARAS_ORIGINAL = (7, 9)
FEED_PARAS = 3
# article-text length (headline included; for the original the body without the
# headline is checked): words (whitespace-separated, with a letter or digit) or,
# for Japanese, letter/digit characters (kana, kanji, Latin letters, digits).
RANGES = {
    "default": {"original": (350, 450), "markdown_copy": (360, 520), "reader_copy": (330, 520),
                "feed_item": (100, 260), "amp_print": (370, 520), "rewrite": (250, 480),
                "distractor": (200, 450)},
    "ja": {"original": (700, 900), "markdown_copy": (720, 1050), "reader_copy": (650, 1050),
           "feed_item": (200, 520), "amp_print": (730, 1050), "rewrite": (500, 950),
           "distractor": (400, 900)},
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- markdown / tokens
def strip_md(s):
    """Remove Markdown syntax, keep the words: images go, links keep their text."""
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"\1", s)
    s = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", s)
    s = re.sub(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1", s)
    s = re.sub(r"^#{1,6}(\s+|$)", "", s.strip())
    return s.strip()


def clean_lines(text):
    out = []
    for ln in text.split("\n"):
        c = strip_md(ln)
        if c:
            out.append(c)
    return out


def tokens(text, lang):
    if lang == "ja":   # character tokens: letters and digits only
        return [c for c in text.lower() if unicodedata.category(c)[0] in "LN"]
    return re.findall(r"[^\W_]+", text.lower())


def grams(text, lang, n=5):
    t = tokens(text, lang)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "ja":
        return len(tokens(text, lang))
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def show(g, lang):
    return ("" if lang == "ja" else " ").join(g)


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "jan fev mar abr mai jun jul ago set out nov dez",
    "sty lut mar kwi maj cze lip sie wrz paź lis gru",
]:
    for i, name in enumerate(names.split()):
        MONTHS.setdefault(name, i + 1)

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})")),
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
    def __init__(self, story, pid, role, bp, added, lang):
        self.story, self.id, self.role, self.bp, self.added, self.lang = story, pid, role, bp, added, lang
        where = "%s/%s %s" % (story, role, pid)
        self.where = where
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % where)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        self.spans = []
        for s in bp:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: boilerplate not found: %r" % (where, s[:60]))
                continue
            a, b = k, k + len(s)
            if not (a == 0 or self.text[a - 1] == "\n") or not (b == len(self.text) or self.text[b] == "\n"):
                err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (where, s[:50]))
            j = self.text.find(s, k + 1)
            while j >= 0:
                if (j == 0 or self.text[j - 1] == "\n") and (j + len(s) == len(self.text) or self.text[j + len(s)] == "\n"):
                    err("%s: boilerplate %r occurs as whole lines more than once" % (where, s[:50]))
                    break
                j = self.text.find(s, j + 1)
            for (x, y) in self.spans:
                if a < y and x < b:
                    err("%s: boilerplate labels overlap: %r" % (where, s[:50]))
            self.spans.append((a, b))
        self.spans.sort()
        # every line is either wholly furniture or wholly not
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (where, ln[:50]))
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_raw_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        self.lines = clean_lines(self.article)
        self.clean = "\n".join(self.lines)
        # added strings: their first occurrence lies in the article text
        kept = list(self.text)
        for i, ch in enumerate(self.article):
            if ch == "\n" and self.text[i] != "\n":
                kept[i] = "\n"
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (where, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate at its first occurrence: %r" % (where, s[:50]))
            for i in range(k, k + len(s)):
                kept[i] = "\n"
        self.kept = clean_lines("".join(kept))
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % where)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (where, fd[2]))
        self.length = length(self.clean, lang)
        self.grams = grams(self.clean, lang)


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        rng = RANGES.get(lang, RANGES["default"])
        pages = {"original": Page(name, st["original"], "original", st["boilerplate_of_original"], [], lang)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(name, pid, d["kind"], d.get("boilerplate", []), d.get("added", []), lang))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
            else:
                pages[k] = kinds[k][0]
        for k in kinds:
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
        pages["distractor"] = Page(name, st["distractor"], "distractor", st["boilerplate_of_distractor"], [], lang)
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in ROLES):
            continue
        orig = pages["original"]
        o_head, o_paras = orig.lines[0], orig.lines[1:]
        notes = {r: "" for r in ROLES}

        # ---- original: paragraphs and length
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(o_paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), lo, hi))
        body = "\n".join(o_paras)
        a, b = rng["original"]
        n = length(body, lang)
        if not a <= n <= b:
            err("%s: original body length %d outside %d-%d" % (name, n, a, b))
        if lang == "ja":
            allchars = len(re.sub(r"\s", "", body))
            if not a <= allchars <= b:
                err("%s: original body has %d non-space characters (want %d-%d)" % (name, allchars, a, b))
            notes["original"] = "%d paras; %d chars incl. punctuation" % (len(o_paras), allchars)
        else:
            notes["original"] = "%d paras" % len(o_paras)

        # ---- every page: length, date
        for role, p in pages.items():
            a, b = rng[role]
            n = length("\n".join(p.lines[1:]), lang) if role == "original" else p.length
            if not a <= n <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, n, a, b))
            if p.date and orig.date:
                if role == "distractor":
                    if abs((p.date - orig.date).days) > DISTRACTOR_DAYS:
                        err("%s/distractor: dated %s, not within %d days of the original %s"
                            % (name, p.date, DISTRACTOR_DAYS, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))

        # ---- furniture differs between sites; markdown copy and distractor share a site
        for r1 in ROLES:
            for r2 in ROLES:
                if r1 < r2 and {r1, r2} != {"markdown_copy", "distractor"}:
                    common = set(pages[r1].bp) & set(pages[r2].bp)
                    if common:
                        err("%s: %s and %s share furniture strings %s" % (name, r1, r2, sorted(common)[:2]))
        shared_site = set(pages["markdown_copy"].bp) & set(pages["distractor"].bp)
        if len(shared_site) < 2:
            err("%s: markdown copy and distractor should share their site's furniture" % name)

        # ---- markdown copy: original body verbatim under Markdown syntax
        md = pages["markdown_copy"]
        if md.kept != o_paras:
            err("%s/markdown_copy: body (Markdown removed) is not the original's body" % name)
        raw = md.article_raw_lines
        if not raw or not raw[0].startswith("# ") or raw[0][2:] not in md.added:
            err("%s/markdown_copy: first article line should be its own '# ' headline, labelled added" % name)
        subs = [ln for ln in raw if ln.startswith("## ")]
        if not subs or any(ln[3:] not in md.added for ln in subs):
            err("%s/markdown_copy: '## ' subheads missing or not labelled added" % name)
        if not any("**" in ln or re.search(r"\]\(https?://", ln) for ln in raw[1:]):
            err("%s/markdown_copy: no Markdown bold or links inside article paragraphs" % name)
        for ln in md.text.split("\n"):
            s = ln.strip()
            if (s.startswith("![") or s.startswith("[![") or re.match(r"^\*\s", s) or s == "---") and s in raw:
                err("%s/markdown_copy: image/list/rule line not labelled furniture: %r" % (name, s[:50]))
        if not any(ln.strip().startswith("![") for ln in md.text.split("\n")):
            err("%s/markdown_copy: no image line" % name)
        notes["markdown_copy"] = "%d subheads, %d added" % (len(subs), len(md.added))

        # ---- reader copy: header block, one paragraph dropped, one added
        rd = pages["reader_copy"]
        heads = ["Title: ", "URL Source: https://", "Published Time: 2025-", "Markdown Content:"]
        rlines = [ln for ln in rd.text.split("\n") if ln.strip()]
        for i, h in enumerate(heads):
            if i >= len(rlines) or not rlines[i].startswith(h) or rlines[i] not in rd.bp:
                err("%s/reader_copy: header line %d should start %r and be furniture" % (name, i + 1, h))
        rd_head = rd.lines[0] if rd.lines else ""
        rd_head_added = rd_head in [strip_md(s) for s in rd.added]
        body_added = [s for s in rd.added if strip_md(s) in rd.lines[1:]]
        if len(body_added) != 1:
            err("%s/reader_copy: expected exactly one added paragraph, got %d" % (name, len(body_added)))
        drops = [i for i in range(len(o_paras)) if o_paras[:i] + o_paras[i + 1:] == rd.kept[(0 if rd_head_added else 1):]]
        if not drops:
            err("%s/reader_copy: body is not the original's body minus one paragraph" % name)
        if not rd_head_added and rd_head != o_head:
            err("%s/reader_copy: headline differs from the original's but is not labelled added" % name)
        if rd_head in (rd.bp[0][len("Title: "):] if rd.bp else ""):
            err("%s/reader_copy: headline repeats the Title: line (ambiguous first occurrence)" % name)
        notes["reader_copy"] = "dropped para #%s; %d added" % (",".join(str(i + 1) for i in drops) or "?", len(rd.added))

        # ---- feed item: headline + first three paragraphs, rest is feed furniture
        fd = pages["feed_item"]
        if fd.kept != [o_head] + o_paras[:FEED_PARAS]:
            err("%s/feed_item: article text is not the headline plus the first %d paragraphs" % (name, FEED_PARAS))
        if not any(o_head in s for s in fd.bp):
            err("%s/feed_item: no furniture line repeats the headline (\"The post ... appeared first on\")" % name)
        notes["feed_item"] = "headline + paras 1-%d; %d added" % (FEED_PARAS, len(fd.added))

        # ---- print / AMP: same body, one added correction at the end
        am = pages["amp_print"]
        if len(am.added) != 1:
            err("%s/amp_print: expected exactly one added string (the correction)" % name)
        elif not am.lines or am.lines[-1] != strip_md(am.added[0]):
            err("%s/amp_print: the correction is not the last line of the article text" % name)
        if am.kept != [o_head] + o_paras:
            err("%s/amp_print: headline and body differ from the original's" % name)
        notes["amp_print"] = "same body + correction"

        # ---- rewrite: own headline, one added paragraph, few shared 5-grams
        rw = pages["rewrite"]
        if not rw.lines or rw.lines[0] not in rw.added:
            err("%s/rewrite: headline not labelled added" % name)
        if len(rw.added) != 2:
            err("%s/rewrite: expected headline + one added paragraph, got %d added" % (name, len(rw.added)))

        # ---- overlaps
        og = orig.grams
        ofull = grams("\n".join(clean_lines(orig.text)), lang)
        for role in ROLES:
            p = pages[role]
            shared = p.grams & og
            if role == "rewrite":
                if len(shared) > MAX_REWRITE:
                    err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(shared), MAX_REWRITE))
                notes["rewrite"] = "max %d" % MAX_REWRITE
            if role == "distractor":
                full = grams("\n".join(clean_lines(p.text)), lang) & ofull
                if len(shared) > MAX_DISTRACTOR:
                    err("%s/distractor: shares %d 5-grams with the original's article text (max %d)"
                        % (name, len(shared), MAX_DISTRACTOR))
                notes["distractor"] = "max %d; full pages share %d" % (MAX_DISTRACTOR, len(full))
            rows.append((name, role, p.id, p.date, p.length, len(p.grams), len(shared),
                         round(100.0 * len(shared) / max(1, len(og))), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:110].replace("\n", " / "))
                if role in ("rewrite", "distractor"):
                    for g in sorted(shared):
                        print("    shared: %s" % show(g, lang))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("5-grams (words; Japanese: characters) of each page's article text, Markdown removed,")
    print("shared with the story's original. %orig = share of the original's 5-grams.")
    print("%-28s %-13s %-12s %-10s %6s %5s %6s %6s  %s" % ("story", "page", "id", "date", "length", "5g",
                                                          "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-13s %-12s %-10s %6d %5d %6d %5d%%  %s" % (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]))
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
