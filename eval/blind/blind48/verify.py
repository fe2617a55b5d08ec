#!/usr/bin/env python3
"""Check blind48 (paywalls, archived snapshots and syndication notes) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams

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

KINDS = ["paywall", "archive", "syndicated", "rewrite"]
ORDER = ["original"] + KINDS + ["distractor"]
# lengths: words (whitespace-separated, with a letter or digit); Japanese: non-space characters
ORIGINAL_BODY = {"words": (300, 420), "chars": (700, 1100)}    # original, paragraphs only
REWRITE_BODY = {"words": (200, 350), "chars": (450, 850)}      # rewrite without its headline
ADDED_PARA = {"words": (25, 120), "chars": (60, 260)}          # syndicated's local-context paragraph
PARAS_ORIGINAL = (6, 8)
MAX_REWRITE = 10        # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3      # shared 5-grams, distractor vs original
MAX_ADDED_PARA = 3      # shared 5-grams, syndicated's added paragraph vs original
CHAR_LANGS = {"ja"}     # scripts without spaces: character 5-grams, character lengths
CAPTURES = "14"         # the archive toolbar says "captured 14 times between <date> and <date>"
CC = ("creative commons", "クリエイティブ・コモンズ")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens and 5-grams
TOKEN = re.compile(r"[^\W_]+")


def grams(text, lang, n=5):
    """Word 5-grams (lower-cased letter/digit runs); for Japanese, 5-grams of the
    non-space characters (all whitespace, line breaks included, removed first)."""
    if lang in CHAR_LANGS:
        s = re.sub(r"\s+", "", text)
        return {s[i:i + n] for i in range(len(s) - n + 1)}
    t = TOKEN.findall(text.lower())
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang in CHAR_LANGS:
        return len(re.sub(r"\s+", "", text))
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def unit(lang):
    return "chars" if lang in CHAR_LANGS else "words"


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
MONTHS["sept"] = 9

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    ("Mdy", re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)")),
]


def all_dates(text):
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
                    if b.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                else:
                    if a.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d))
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
            if s not in self.article:
                err("%s: added string not inside the article text: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        dates = all_dates(self.text)
        self.date = dates[0][2] if dates else None
        if not dates:
            err("%s: no publication date found" % pid)
        elif not any(x <= dates[0][0] and dates[0][1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, dates[0][2]))
        self.body_text = "\n".join(self.article_lines)
        self.length = length(self.body_text, lang)
        self.g = grams(self.body_text, lang)


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        u = unit(lang)
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
        o_lines = orig.article_lines
        o_head, o_paras = o_lines[0], o_lines[2:]      # headline, standfirst, paragraphs
        notes = {r: "" for r in ORDER}

        # original: headline + standfirst + 6-8 paragraphs
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras), lang)
        lo, hi = ORIGINAL_BODY[u]
        if not lo <= blen <= hi:
            err("%s: original body %d %s, outside %d-%d" % (name, blen, u, lo, hi))
        notes["original"] = "%d paragraphs, body %d %s" % (len(o_paras), blen, u)

        # dates and headlines
        for role in ORDER[1:]:
            p = pages[role]
            if not (p.date and orig.date):
                continue
            if role == "distractor":
                if p.date == orig.date or p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                    err("%s/distractor: dated %s, not another day of the original's week (%s)"
                        % (name, p.date, orig.date))
            elif role == "paywall":
                if p.date != orig.date:
                    err("%s/paywall: dated %s, not the original's date %s" % (name, p.date, orig.date))
            elif p.date < orig.date:
                err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head != o_head and head not in p.added:
                    err("%s/%s: first article line differs from the original's headline but is not added"
                        % (name, role))

        # paywall: same outlet; headline + standfirst + first two paragraphs; paywall box
        pw = pages["paywall"]
        if pw.article_lines != o_lines[:4]:
            err("%s/paywall: article text is not the original's headline, standfirst and first two paragraphs"
                % name)
        if pw.added:
            err("%s/paywall: expected no added strings" % name)
        if not pw.bp or not orig.bp or pw.bp[0] != orig.bp[0]:
            err("%s/paywall: masthead differs from the original's" % name)
        box = [s for s in pw.bp if s not in orig.bp]
        if not box:
            err("%s/paywall: no paywall furniture beyond the original's" % name)
        notes["paywall"] = "box: %d line(s)" % sum(s.count("\n") + 1 for s in box)

        # archive: toolbar, then the original page entire
        ar = pages["archive"]
        if ar.added:
            err("%s/archive: expected no added strings" % name)
        if not ar.text.endswith(orig.text) or len(ar.text) == len(orig.text):
            err("%s/archive: page is not a toolbar followed by the original page entire" % name)
        else:
            toolbar = ar.text[:len(ar.text) - len(orig.text)]
            if toolbar.strip() and any(s not in ar.bp for s in orig.bp):
                err("%s/archive: not all of the original's furniture labelled" % name)
            if [s for s in toolbar.split("\n") if s.strip()] != \
                    [s for s in "\n".join(x for x in ar.bp if x in toolbar).split("\n") if s.strip()]:
                err("%s/archive: toolbar lines not all labelled furniture" % name)
            tdates = [d for _, _, d in all_dates(toolbar)]
            caught = [ln for ln in toolbar.split("\n") if CAPTURES in ln and len(all_dates(ln)) == 2]
            if not caught:
                err("%s/archive: no 'captured %s times between <date> and <date>' line" % (name, CAPTURES))
            else:
                first, last = [d for _, _, d in all_dates(caught[0])]
                if not first <= ar.date <= last:
                    err("%s/archive: snapshot %s outside the capture range %s-%s" % (name, ar.date, first, last))
            if any(d < orig.date for d in tdates):
                err("%s/archive: toolbar date before the original's" % name)
            notes["archive"] = "snapshot %s, +%d days" % (ar.date, (ar.date - orig.date).days)
        if ar.article_lines != o_lines:
            err("%s/archive: article text differs from the original's" % name)

        # syndicated: new headline + one added paragraph; the rest is the original verbatim
        sy = pages["syndicated"]
        paras_added = [s for s in sy.added[1:] if s in sy.article_lines]
        if len(sy.added) != 2 or sy.article_lines[:1] != sy.added[:1] or len(paras_added) != 1:
            err("%s/syndicated: expected two added strings: a new headline and one paragraph" % name)
        if sy.kept_lines == o_lines[1:]:
            notes["syndicated"] = "standfirst kept"
        elif sy.kept_lines == o_lines[2:]:
            notes["syndicated"] = "standfirst dropped"
        else:
            err("%s/syndicated: kept text is not the original's paragraphs verbatim and in order" % name)
        notes["syndicated"] += ", added paragraph after line %s" % (
            sy.article_lines.index(paras_added[0]) if paras_added else "?")
        mast = orig.bp[0].split("\n")[0].lower()
        if not any(all(c in s.lower() for c in (mast,)) and any(c in s.lower().replace("-", " ") for c in CC) for s in sy.bp):
            err("%s/syndicated: no furniture note naming %r and Creative Commons" % (name, mast))
        for s in paras_added:
            n = len(grams(s, lang) & orig.g)
            if n > MAX_ADDED_PARA:
                err("%s/syndicated: added paragraph shares %d 5-grams with the original" % (name, n))
            lo, hi = ADDED_PARA[u]
            if not lo <= length(s, lang) <= hi:
                err("%s/syndicated: added paragraph %d %s, outside %d-%d" % (name, length(s, lang), u, lo, hi))

        # rewrite: new headline (added) + other words
        rw = pages["rewrite"]
        if len(rw.added) != 1 or rw.article_lines[:1] != rw.added:
            err("%s/rewrite: expected one added string, the new headline" % name)
        rlen = length("\n".join(rw.article_lines[1:]), lang)
        lo, hi = REWRITE_BODY[u]
        if not lo <= rlen <= hi:
            err("%s/rewrite: body %d %s, outside %d-%d" % (name, rlen, u, lo, hi))
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))
        notes["rewrite"] = "body %d %s" % (rlen, u)
        if not rw.bp or rw.bp[0] == orig.bp[0]:
            err("%s/rewrite: published under the original's masthead, not by another outlet" % name)

        # distractor: same outlet, same paywall box, another story
        ds = pages["distractor"]
        if len(ds.article_lines) != 4:
            err("%s/distractor: %d article lines (want headline, standfirst, two paragraphs)"
                % (name, len(ds.article_lines)))
        if not ds.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: masthead differs from the original's" % name)
        if any(s not in ds.bp for s in box):
            err("%s/distractor: paywall box differs from the paywall page's" % name)
        if len(ds.g & orig.g) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)"
                % (name, len(ds.g & orig.g), MAX_DISTRACTOR))
        notes["distractor"] = "%d %s" % (ds.length, u)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  %s=%d" % (name, role, p.id, p.date, u, p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "syndicated"):
                    for gr in sorted(shared):
                        if role != "syndicated" or len(shared) < 15:
                            print("    shared with original: %s" % (gr if isinstance(gr, str) else " ".join(gr)))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("5-grams of each page's article text (page minus labelled furniture) shared with the")
    print("story's original: word 5-grams, for Japanese character 5-grams of non-space characters")
    print("%-26s %-11s %-12s %-10s %6s %5s %6s %6s  %s" % ("story", "page", "id", "date", "length", "5g",
                                                          "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-26s %-11s %-12s %-10s %6d %5d %6d %5.0f%%  %s" % r)
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
