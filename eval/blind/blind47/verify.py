#!/usr/bin/env python3
"""Check blind47 (partial reuse inside longer pages) against its labels.

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

KINDS = ["feature", "explainer", "copy", "rewrite"]
ORDER = ["original"] + KINDS + ["distractor"]
# article-text length in words (whitespace-separated, with at least one letter or digit),
# headline (and standfirst, subheads) included
RANGES = {"original": (310, 440), "feature": (1200, 1800), "explainer": (500, 800),
          "copy": (310, 440), "rewrite": (250, 400), "distractor": (1000, 1500)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
FEATURE_PASTED = 2               # the feature holds exactly two of the original's paragraphs
FEATURE_MIDDLE = (0.2, 0.8)      # ... starting between 20% and 80% of its article words
FEATURE_AROUND = 3               # ... with at least 3 of its own article lines before and after
EXPLAINER_SUBHEADS = 2           # own short lines (subheads) besides the headline
SUBHEAD_MAX_WORDS = 12
MAX_OWN = 3                      # shared 5-grams, a feature's / explainer's own text vs original
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article and full page)
MAX_DISTRACTOR_FEATURE = 5       # shared 5-grams, distractor article vs feature article
SHARED_FURNITURE = 3             # distractor and feature share at least this many furniture labels
CREDIT = re.compile(r"first appeared|publicó originalmente|erschien zuerst|publié initialement|"
                    r"pubblicato originariamente|verscheen eerder", re.I)

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
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    ("Mdy", re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
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
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))
        self.own_g = set()
        for s in added:
            self.own_g |= grams(s)


def own_lines_check(name, p, pasted):
    """Every article line is either one of the pasted paragraphs or exactly an added string."""
    for ln in p.article_lines:
        if ln not in pasted and ln not in p.added:
            err("%s/%s: article line neither pasted nor labelled added: %r" % (name, p.role, ln[:60]))
    for s in p.added:
        if s not in p.article_lines:
            err("%s/%s: added string is not a whole article line: %r" % (name, p.role, s[:60]))


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
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}

        # original
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        if len(set(o_paras)) != len(o_paras):
            err("%s: original has repeated paragraphs" % name)
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # lengths, dates, headlines
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role in KINDS and p.date < orig.date:
                err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head != o_head and head not in p.added:
                    err("%s/%s: first article line differs from the original's headline but is not added" % (name, role))
                if role != "copy" and head == o_head:
                    err("%s/%s: expected its own headline" % (name, role))

        # feature: own writing (all added, line by line) around exactly two pasted paragraphs
        ft = pages["feature"]
        pasted = ft.kept_lines
        if len(pasted) != FEATURE_PASTED or len(set(pasted)) != FEATURE_PASTED:
            err("%s/feature: %d unlabelled article lines, want exactly %d pasted paragraphs"
                % (name, len(pasted), FEATURE_PASTED))
        for ln in pasted:
            if ln not in o_paras:
                err("%s/feature: unlabelled line is not a verbatim paragraph of the original: %r" % (name, ln[:60]))
        own_lines_check(name, ft, pasted)
        if len(pasted) == FEATURE_PASTED and all(ln in ft.article_lines and ln in o_paras for ln in pasted):
            idx = [ft.article_lines.index(ln) for ln in pasted]
            before, after = min(idx), len(ft.article_lines) - 1 - max(idx)
            if before < FEATURE_AROUND or after < FEATURE_AROUND:
                err("%s/feature: pasted paragraphs not in the middle (%d own lines before, %d after)"
                    % (name, before, after))
            pos = [length("\n".join(ft.article_lines[:i])) / max(1, ft.length) for i in idx]
            if not all(FEATURE_MIDDLE[0] <= x <= FEATURE_MIDDLE[1] for x in pos):
                err("%s/feature: pasted paragraphs start at %s of the text" % (name, pos))
            oi = [o_paras.index(ln) + 1 for ln in pasted]
            consec = "consecutive" if abs(oi[0] - oi[1]) == 1 else "not consecutive"
            notes["feature"] = "pastes ¶%d+¶%d (%s) at %d%%/%d%%; own∩orig %d" % (
                oi[0], oi[1], consec, 100 * pos[0], 100 * pos[1], len(ft.own_g & orig.g))
        if ft.article_lines[1:2] and ft.article_lines[1] not in ft.added:
            err("%s/feature: no standfirst (second article line) labelled added" % name)
        if len(ft.own_g & orig.g) > MAX_OWN:
            err("%s/feature: its own text shares %d 5-grams with the original (max %d)"
                % (name, len(ft.own_g & orig.g), MAX_OWN))

        # explainer: headline, then one verbatim paragraph of the original, then own sections
        ex = pages["explainer"]
        if len(ex.kept_lines) != 1 or ex.kept_lines[0] not in o_paras:
            err("%s/explainer: expected exactly one verbatim paragraph of the original unlabelled" % name)
        elif ex.article_lines[1:2] != ex.kept_lines:
            err("%s/explainer: the original's paragraph is not the first line after the headline" % name)
        own_lines_check(name, ex, ex.kept_lines)
        subs = [s for s in ex.added[1:] if length(s) <= SUBHEAD_MAX_WORDS]
        if len(subs) < EXPLAINER_SUBHEADS:
            err("%s/explainer: %d subheads, want at least %d" % (name, len(subs), EXPLAINER_SUBHEADS))
        if len(ex.own_g & orig.g) > MAX_OWN:
            err("%s/explainer: its own text shares %d 5-grams with the original (max %d)"
                % (name, len(ex.own_g & orig.g), MAX_OWN))
        if ex.kept_lines and ex.kept_lines[0] in o_paras:
            notes["explainer"] = "opens with ¶%d, %d subheads; own∩orig %d" % (
                o_paras.index(ex.kept_lines[0]) + 1, len(subs), len(ex.own_g & orig.g))

        # copy: the original's whole article text, nothing added, own furniture + credit line
        cp = pages["copy"]
        if cp.article_lines != orig.article_lines:
            err("%s/copy: article text is not the original's article text verbatim" % name)
        if cp.added:
            err("%s/copy: expected no added strings" % name)
        credit = [s for s in cp.bp if CREDIT.search(s)]
        if not credit:
            err("%s/copy: no 'first appeared in' credit line in furniture" % name)
        if cp.bp[:1] == orig.bp[:1]:
            err("%s/copy: same masthead as the original" % name)
        notes["copy"] = "credit: %s" % (credit[0][:60] if credit else "-")

        # rewrite: own headline (added), reworded body, little verbatim overlap
        rw = pages["rewrite"]
        rshared = rw.g & orig.g
        if len(rshared) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rshared), MAX_REWRITE))
        if len(rw.own_g & orig.g) > MAX_OWN:
            err("%s/rewrite: added text shares %d 5-grams with the original" % (name, len(rw.own_g & orig.g)))
        notes["rewrite"] = "%d added" % len(rw.added)

        # distractor: same magazine as the feature, not quoting the original
        ds = pages["distractor"]
        same = [s for s in ds.bp if s in ft.bp]
        if len(same) < SHARED_FURNITURE or ds.bp[:1] != ft.bp[:1]:
            err("%s/distractor: not the feature's magazine (shares %d furniture labels, masthead %s)"
                % (name, len(same), ds.bp[:1] == ft.bp[:1]))
        full = len(grams(ds.text) & grams(orig.text))
        dft = len(ds.g & ft.g)
        notes["distractor"] = "%d furniture labels shared with feature; full page ∩orig %d; ∩feature %d" % (
            len(same), full, dft)
        if len(ds.g & orig.g) > MAX_DISTRACTOR or full > MAX_DISTRACTOR:
            err("%s/distractor: shares %d (article) / %d (full page) 5-grams with the original (max %d)"
                % (name, len(ds.g & orig.g), full, MAX_DISTRACTOR))
        if dft > MAX_DISTRACTOR_FEATURE:
            err("%s/distractor: shares %d 5-grams with the feature's article text (max %d)"
                % (name, dft, MAX_DISTRACTOR_FEATURE))
        if ds.date is None or ds.date == ft.date:
            err("%s/distractor: expected a date line of its own, other than the feature's" % name)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  words=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))
                if role in ("feature", "explainer"):
                    for gr in sorted(p.own_g & orig.g):
                        print("    own text shared with original: %s" % " ".join(gr))
                if role == "distractor":
                    for gr in sorted(p.g & ft.g):
                        print("    shared with feature: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-22s %-10s %-12s %-10s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                         "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-22s %-10s %-12s %-10s %5d %5d %6d %5.0f%%  %s" % r)
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
