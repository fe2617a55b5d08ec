#!/usr/bin/env python3
"""Checks blind32 (standard library only).

    python3 verify.py        # summary table; exit 0 when every check passes
    python3 verify.py -v     # also per-page detail (article paragraphs, in-body furniture, dates)

Tokens for 5-grams: lower-cased runs of letters/digits; Han and kana characters are one
token each. Hangul is written with spaces between words, so a Hangul run is one token
(a Korean word with its particles), like a word of any other spaced script.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERBOSE = "-v" in sys.argv[1:]

# article words (page minus furniture, headline excluded); for a summary the added lines are excluded too
RANGES = {
    "original": (320, 480), "copy": (320, 480), "edit": (330, 560), "trim": (150, 400),
    "rewrite": (300, 560), "summary": (90, 140), "distractor": (260, 520),
}
MAX_SHARED = {"rewrite": 10, "distractor": 3}
TRIM_SHARE = (0.55, 0.70)
INBODY = (4, 7)
MIN_GLUED_PAGES = 4
KINDS = ["copy", "edit", "trim", "rewrite", "summary"]

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
errors = []


def err(msg):
    errors.append(msg)


def tokens(s):
    out = []
    for run in re.findall(r"[^\W_]+", s.lower()):
        if CJK.search(run):
            buf = ""
            for ch in run:
                if CJK.match(ch):
                    if buf:
                        out.append(buf); buf = ""
                    out.append(ch)
                else:
                    buf += ch
            if buf:
                out.append(buf)
        else:
            out.append(run)
    return out


def grams(s, n=5):
    t = tokens(s)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def words(s):
    return len([w for w in s.split() if re.search(r"[^\W_]", w)])


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def sentences(paras):
    out = []
    for p in paras:
        out += [norm(x) for x in re.split(r"(?<=[.!?])\s+", norm(p)) if norm(x)]
    return out


def strip_core(s):
    s = re.sub(r"\s+[—–-]\s+[^—–\-]+$", "", s.strip())
    return norm(s.strip(" \"'“”„«»‘’‚❝❞「」『』.,!?…")).lower()


MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januari februari mars april maj juni juli augusti september oktober november december",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "jan feb mars apr maj jun jul aug sep okt nov dec",
    "jan fev mar abr mai jun jul ago set out nov dez",
]:
    for k, name in enumerate(names.split()):
        MONTHS.setdefault(name, k + 1)

DATE_RES = [
    (re.compile(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일"), "ymd"),
    (re.compile(r"\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]\s?(\d{4})\b"), "dmy"),
    (re.compile(r"\b(\d{1,2})(?:er)?\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})\b"), "dMy"),
    (re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b"), "Mdy"),
]


def find_dates(s):
    found = []
    for rx, form in DATE_RES:
        for m in rx.finditer(s):
            g = m.groups()
            try:
                if form == "ymd":
                    d = datetime.date(int(g[0]), int(g[1]), int(g[2]))
                elif form == "dmy":
                    d = datetime.date(int(g[2]), int(g[1]), int(g[0]))
                elif form == "dMy":
                    mo = MONTHS.get(g[1].lower())
                    if not mo:
                        continue
                    d = datetime.date(int(g[2]), mo, int(g[0]))
                else:
                    mo = MONTHS.get(g[0].lower())
                    if not mo:
                        continue
                    d = datetime.date(int(g[2]), mo, int(g[1]))
            except ValueError:
                continue
            found.append((m.start(), d))
    return sorted(found)


def undate(s):
    for rx, _ in DATE_RES:
        s = rx.sub(" ", s)
    return s


class Page:
    def __init__(self, pid, role, kind, bp, added):
        self.id, self.role, self.kind, self.bp, self.added = pid, role, kind, bp, added
        path = os.path.join(HERE, "docs", pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            with open(path, encoding="utf-8") as f:
                self.text = f.read()
        self.pos = {}
        for s in bp + added:
            n = self.text.count(s)
            if n == 0:
                err("%s (%s): label not found: %r" % (pid, role, s[:60]))
            elif n > 1:
                err("%s (%s): label occurs %d times: %r" % (pid, role, n, s[:60]))
            self.pos[s] = self.text.find(s)
        self.article_lines = self._lines(bp)            # (offset, text) with furniture removed
        self.own_lines = self._lines(bp + added)         # furniture and added removed
        self.article = "\n".join(t for _, t in self.article_lines)
        self.own = "\n".join(t for _, t in self.own_lines)

    def _lines(self, strings):
        mask = [False] * len(self.text)
        for s in strings:
            i = self.text.find(s)
            if i >= 0:
                for k in range(i, i + len(s)):
                    mask[k] = True
        out, off = [], 0
        for line in self.text.split("\n"):
            kept = "".join(ch if not mask[off + k] else "\n" for k, ch in enumerate(line))
            kept = norm(" ".join(p for p in kept.split("\n")))
            if kept:
                out.append((off, kept))
            off += len(line) + 1
        return out

    def glued(self):
        out = []
        for s in self.bp:
            i = self.pos.get(s, -1)
            if i > 0 and self.text[i - 1] not in "\n":
                out.append(s)
        return out


def main():
    with open(os.path.join(HERE, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    files = {fn[:-4] for fn in os.listdir(os.path.join(HERE, "docs")) if fn.endswith(".txt")}
    seen = []
    stories = []
    for st in labels["stories"]:
        pages = [Page(st["original"], "original", "original", st["boilerplate_of_original"], [])]
        for pid, d in st["derivatives"].items():
            pages.append(Page(pid, d["kind"], d["kind"], d["boilerplate"], d["added"]))
        pages.append(Page(st["distractor"], "distractor", "distractor", st["boilerplate_of_distractor"], []))
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != sorted(KINDS):
            err("%s: derivative kinds %s" % (st["name"], kinds))
        seen += [p.id for p in pages]
        stories.append((st, pages))
    for x in labels.get("distractors", []):
        seen.append(x if isinstance(x, str) else x.get("id"))
    for pid in seen:
        if not re.fullmatch(r"[0-9a-f]{12}", pid or ""):
            err("bad id %r" % pid)
    if len(seen) != len(set(seen)):
        err("an id is labelled more than once")
    if set(seen) != files:
        err("pages not labelled: %s; labels without page: %s" % (sorted(files - set(seen)), sorted(set(seen) - files)))

    glued_pages = 0
    table = []
    for st, pages in stories:
        orig = pages[0]
        o_body = [t for _, t in orig.article_lines[1:]]
        o_grams = grams(orig.article)
        o_sent = sentences(o_body)
        o_date = None
        if not 6 <= len(o_body) <= 9:
            err("%s: original has %d paragraphs" % (st["name"], len(o_body)))
        furn_by_page = {}
        for p in pages:
            tag = "%s %s %s" % (st["name"], p.kind, p.id)
            lines = p.article_lines
            if len(lines) < 3:
                err("%s: too little article text" % tag)
                continue
            head, body = lines[0], lines[1:]
            # headline: original's first article line; a derivative's first added string
            if p.kind in KINDS and p.added and norm(p.added[0]) != head[1]:
                err("%s: first article line is not the first added string (headline)" % tag)
            # word counts
            if p.kind == "summary":
                n = words(" ".join(t for _, t in p.own_lines))
            else:
                n = words(" ".join(t for _, t in body))
            lo, hi = RANGES[p.kind]
            if not lo <= n <= hi:
                err("%s: %d article words, outside %d-%d" % (tag, n, lo, hi))
            # in-body interruptions
            first, last = body[0][0], body[-1][0]
            inb = sorted((p.pos[s], s) for s in p.bp if first < p.pos.get(s, -1) < last)
            if not INBODY[0] <= len(inb) <= INBODY[1]:
                err("%s: %d furniture strings inside the body (want %d-%d)" % (tag, len(inb), *INBODY))
            g = p.glued()
            if g:
                glued_pages += 1
            # pull quotes vs other furniture
            pqs, plain = [], []
            for s in p.bp:
                core = strip_core(s)
                earlier = norm(p.text[:p.pos.get(s, 0)]).lower()
                if len(tokens(core)) >= 5 and core in earlier and core in norm(p.article).lower():
                    pqs.append(s)
                else:
                    plain.append(s)
            for s in plain:
                sh = grams(s) & (o_grams | grams(p.article))
                if sh:
                    err("%s: furniture shares story wording %s: %r" % (tag, sorted(sh)[:2], s[:60]))
            furn_by_page[p.id] = plain
            # dates
            dates = []
            for s in sorted(p.bp, key=lambda s: p.pos.get(s, 0)):
                dd = find_dates(s)
                if dd:
                    dates.append(dd[0][1])
                    break
            if not dates:
                err("%s: no date found in furniture" % tag)
                d = None
            else:
                d = dates[0]
            if p.kind == "original":
                o_date = d
            elif d and o_date:
                if p.kind == "distractor":
                    if abs((d - o_date).days) > 1:
                        err("%s: distractor dated %s, original %s" % (tag, d, o_date))
                elif d < o_date:
                    err("%s: dated %s before the original %s" % (tag, d, o_date))
            # overlap
            shared = len(grams(p.article) & o_grams) if p.kind != "original" else len(o_grams)
            if p.kind in MAX_SHARED and shared > MAX_SHARED[p.kind]:
                err("%s: shares %d 5-grams with the original (max %d)" % (tag, shared, MAX_SHARED[p.kind]))
            # containment
            own_body = [t for _, t in p.own_lines]
            if p.kind == "copy":
                if own_body != o_body:
                    err("%s: copy's article text differs from the original's" % tag)
            elif p.kind == "trim":
                k = len(own_body)
                if own_body != o_body[:k]:
                    err("%s: trim is not a verbatim prefix of the original" % tag)
                elif not TRIM_SHARE[0] <= k / len(o_body) <= TRIM_SHARE[1]:
                    err("%s: trim keeps %d/%d paragraphs" % (tag, k, len(o_body)))
            elif p.kind == "edit":
                e_sent = sentences(own_body)
                missing = [s for s in o_sent if s not in e_sent]
                if len(missing) != 1 or [s for s in o_sent if s in e_sent] != e_sent:
                    err("%s: edit is not the original minus one sentence (missing %d)" % (tag, len(missing)))
            # added strings present for derivatives
            need = {"copy": 1, "edit": 3, "trim": 2, "rewrite": 2, "summary": 2}
            if p.kind in need and len(p.added) < need[p.kind]:
                err("%s: only %d added strings" % (tag, len(p.added)))
            table.append((st["name"], p.kind, p.id, n, shared, len(inb), len(g), str(d)))
            if VERBOSE:
                print("\n== %s  words=%d  shared5=%d  in-body=%d  date=%s" % (tag, n, shared, len(inb), d))
                for pos, s in inb:
                    print("   in-body @%d: %s" % (pos, s.replace("\n", " / ")[:90]))
                for s in pqs:
                    print("   pull quote: %s" % s[:90])
                for s in g:
                    print("   glued: %s" % s[:90])
        # furniture wording differs between outlets (dates left out: outlets may share a day)
        for k in furn_by_page:
            furn_by_page[k] = [undate(x) for x in furn_by_page[k]]
        ids = list(furn_by_page)
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                a, b = furn_by_page[ids[i]], furn_by_page[ids[j]]
                same = {x.lower() for x in a} & {x.lower() for x in b}
                ga = set().union(*[grams(x) for x in a]) if a else set()
                gb = set().union(*[grams(x) for x in b]) if b else set()
                if same or (ga & gb):
                    err("%s: pages %s and %s share furniture wording: %s" % (
                        st["name"], ids[i], ids[j], (sorted(same) or sorted(ga & gb))[:2]))
    if glued_pages < MIN_GLUED_PAGES:
        err("only %d pages have a glued read-more line" % glued_pages)

    print("Per page (words = article words checked against RANGES; shared5 = distinct word 5-grams shared with the")
    print("story's original article text, for the original its own count; in-body = furniture strings between the")
    print("first and the last article paragraph; glued = read-more strings glued to a paragraph)")
    print("%-26s %-10s %-12s %6s %8s %8s %6s  %s" % ("story", "kind", "id", "words", "shared5", "in-body", "glued", "date"))
    for row in table:
        print("%-26s %-10s %-12s %6d %8d %8d %6d  %s" % row)
    print("\nShared word 5-grams with the original, per story:")
    cols = ["copy", "edit", "trim", "rewrite", "summary", "distractor"]
    print("%-26s %7s" % ("story", "orig") + "".join("%11s" % c for c in cols))
    for st, _ in stories:
        rows = {r[1]: r[4] for r in table if r[0] == st["name"]}
        print("%-26s %7d" % (st["name"], rows.get("original", 0)) + "".join("%11d" % rows.get(c, -1) for c in cols))
    print("pages: %d, pages with a glued read-more line: %d" % (len(table), glued_pages))
    if errors:
        print("\nFAILED (%d):" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
