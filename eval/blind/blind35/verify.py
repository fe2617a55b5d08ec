#!/usr/bin/env python3
"""Check blind35 (standard library only).

python3 verify.py      -> prints the per-page 5-gram table, exit 0 when all checks pass
python3 verify.py -v   -> also lists per-page detail (labels, word counts, paragraph placement)

Checks
* every docs/*.txt is labelled exactly once, ids are unique 12-hex-char ids, each story has
  one page of each kind (original, scroll, prevscroll, page1, page2, comments, distractor);
* every labelled string is found in its page; its first occurrence starts and ends on a line
  boundary; no string is labelled twice on one page; first occurrences do not overlap;
* every non-blank character of a derivative page is accounted for: furniture, added text, or a
  whole line of the original's article text (headline or paragraph);
* every page has a furniture line carrying a year (its date line);
* word counts: original article text (page minus furniture) 380-480 words in 6-9 paragraphs;
  the other article on a scroll page 250-350 words, on a prevscroll page 200-300 words
  (counted over its paragraphs, i.e. added strings of 20 words or more); distractor article
  250-480 words; comments pages 4-6 comments;
* scroll / prevscroll / comments pages hold every paragraph of the original verbatim (whole
  lines); on scroll and comments pages the added text comes after the article, on prevscroll
  pages the other article comes before it;
* page1 and page2 together hold every paragraph, each holds 40%-60% of them, page2 adds nothing,
  page1 adds at most a headline;
* at least two comments quote a sentence of the original word for word;
* the other articles on scroll / prevscroll pages and the distractor share at most 3 distinct
  word 5-grams with the original's article text.
Words and 5-grams: lower-cased runs of letters/digits, CJK characters one token each;
5-grams are taken within lines.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
VERBOSE = "-v" in sys.argv[1:]
KINDS = ["scroll", "prevscroll", "page1", "page2", "comments"]
ORIG_WORDS = (380, 480)
ORIG_PARAS = (6, 9)
OTHER_WORDS = {"scroll": (250, 350), "prevscroll": (200, 300)}
DISTRACTOR_WORDS = (250, 480)
COMMENTS = (4, 6)
HALF_SHARE = (0.40, 0.60)
MAX_OTHER_SHARED = 3
PARA_MIN_WORDS = 20

RUN = re.compile(r"[^\W_]+")
CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])")
YEAR = re.compile(r"(19|20)\d\d")
SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"”»“’]*\s+")
QUOTES = " \t\"“”„«»‘’‚'–—-"

errors = []


def err(msg):
    errors.append(msg)


def tokens(text):
    out = []
    for run in RUN.findall(text.lower()):
        if CJK.search(run):
            out.extend(t for t in CJK.split(run) if t)
        else:
            out.append(run)
    return out


def grams(text, n=5):
    g = set()
    for line in text.split("\n"):
        t = tokens(line)
        g.update(tuple(t[i:i + n]) for i in range(len(t) - n + 1))
    return g


def line_bounded(text, start, end):
    return (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")


def whole_line_pos(text, line):
    """Position of the first occurrence of `line` as a whole line, or -1."""
    start = 0
    while True:
        i = text.find(line, start)
        if i < 0:
            return -1
        if line_bounded(text, i, i + len(line)):
            return i
        start = i + 1


def check_labels(pid, text, groups):
    """groups: {name: [strings]} -> list of (start, end, group, string) of first occurrences."""
    spans, seen = [], set()
    for group, strings in groups.items():
        if not isinstance(strings, list):
            err("%s: %s is not a list" % (pid, group))
            continue
        for s in strings:
            if not s.strip():
                err("%s: empty %s label" % (pid, group))
                continue
            if s in seen:
                err("%s: label given twice: %r" % (pid, s[:60]))
            seen.add(s)
            i = text.find(s)
            if i < 0:
                err("%s: %s label not found: %r" % (pid, group, s[:70]))
                continue
            if not line_bounded(text, i, i + len(s)):
                err("%s: first occurrence of %s label is not a whole line: %r" % (pid, group, s[:70]))
            spans.append((i, i + len(s), group, s))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            err("%s: labels overlap: %r / %r" % (pid, a[3][:40], b[3][:40]))
    return spans


def uncovered(text, spans):
    mask = [False] * len(text)
    for s, e in spans:
        for k in range(s, e):
            mask[k] = True
    bad, cur = [], []
    for k, ch in enumerate(text):
        if not mask[k] and ch != "\n":
            cur.append(ch)
        elif cur:
            bad.append("".join(cur))
            cur = []
    if cur:
        bad.append("".join(cur))
    return [b for b in bad if b.strip()]


def read(pid):
    path = os.path.join(ROOT, "docs", pid + ".txt")
    if not os.path.exists(path):
        err("missing file docs/%s.txt" % pid)
        return ""
    with open(path, encoding="utf-8") as f:
        return f.read()


QUOTED = re.compile(r"«([^»]+)»|“([^”]+)”|„([^“”]+)[“”]|\"([^\"]+)\"|”([^”]+)”")


def sentences(paragraphs):
    """Sentences of the paragraphs, plus the sentences of quoted speech inside them."""
    out = []
    for p in paragraphs:
        pieces = [p] + ["".join(m) for m in QUOTED.findall(p)]
        for s in (x for piece in pieces for x in SENT_SPLIT.split(piece)):
            s = s.strip(QUOTES)
            if len(tokens(s)) >= 6:
                out.append(s)
    return out


def main():
    with open(os.path.join(ROOT, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    files = {fn[:-4] for fn in os.listdir(os.path.join(ROOT, "docs")) if fn.endswith(".txt")}
    labelled = []
    table = []
    for st in labels.get("stories", []):
        name = st["name"]
        orig_id, dis_id = st["original"], st["distractor"]
        labelled += [orig_id, dis_id] + list(st["derivatives"])
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != sorted(KINDS):
            err("%s: derivative kinds %s, expected one each of %s" % (name, kinds, KINDS))

        # --- original
        otext = read(orig_id)
        ospans = check_labels(orig_id, otext, {"boilerplate": st["boilerplate_of_original"]})
        if not any(YEAR.search(s[3]) for s in ospans):
            err("%s original: no dated furniture line" % name)
        content = list(otext)
        for s, e, _, _ in ospans:
            for k in range(s, e):
                content[k] = "\n"
        olines = [l.strip() for l in "".join(content).split("\n") if l.strip()]
        if not olines:
            err("%s: original has no article text" % name)
            continue
        headline, body = olines[0], olines[1:]
        owords = sum(len(tokens(l)) for l in olines)
        ogr = set()
        for l in olines:
            ogr |= grams(l)
        if not ORIG_WORDS[0] <= owords <= ORIG_WORDS[1]:
            err("%s: original article has %d words (want %d-%d)" % ((name, owords) + ORIG_WORDS))
        if not ORIG_PARAS[0] <= len(body) <= ORIG_PARAS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % ((name, len(body)) + ORIG_PARAS))
        osent = sentences(body)
        rows = [(name, "original", orig_id, owords, len(ogr), len(ogr), 1.0, "")]
        if VERBOSE:
            print("%s original %s: %d words, %d paragraphs, headline %r"
                  % (name, orig_id, owords, len(body), headline[:60]))

        halves = {}
        for pid, d in st["derivatives"].items():
            kind = d["kind"]
            text = read(pid)
            spans = check_labels(pid, text, {"added": d["added"], "boilerplate": d["boilerplate"]})
            if not any(YEAR.search(s[3]) for s in spans if s[2] == "boilerplate"):
                err("%s %s %s: no dated furniture line" % (name, kind, pid))
            cover = [(s, e) for s, e, _, _ in spans]
            pos = {}
            for l in [headline] + body:
                i = whole_line_pos(text, l)
                if i >= 0:
                    cover.append((i, i + len(l)))
                    if l is not headline or l in body:
                        pos[l] = i
            bodypos = {l: pos[l] for l in body if l in pos}
            rest = uncovered(text, cover)
            if rest:
                err("%s %s %s: text not accounted for: %r" % (name, kind, pid, rest[0][:70]))
            missing = [l for l in body if l not in bodypos]
            added_spans = [s for s in spans if s[2] == "added"]
            first_b = min(bodypos.values()) if bodypos else 0
            last_b = max(bodypos.values()) if bodypos else 0
            note = ""
            if kind in ("scroll", "prevscroll", "comments"):
                if missing:
                    err("%s %s %s: %d original paragraph(s) missing, e.g. %r"
                        % (name, kind, pid, len(missing), missing[0][:60]))
            if kind in ("scroll", "prevscroll"):
                if kind == "scroll":
                    other = [s for s in added_spans if s[0] > last_b]
                    wrong = [s for s in added_spans if s[0] < first_b]
                else:
                    other = [s for s in added_spans if s[0] < first_b]
                    wrong = [s for s in added_spans if s[0] > last_b]
                if wrong:
                    err("%s %s %s: added text on the wrong side of the article: %r"
                        % (name, kind, pid, wrong[0][3][:60]))
                paras = [s[3] for s in other if len(tokens(s[3])) >= PARA_MIN_WORDS]
                w = sum(len(tokens(p)) for p in paras)
                lo, hi = OTHER_WORDS[kind]
                if not lo <= w <= hi:
                    err("%s %s %s: other article has %d words (want %d-%d)" % (name, kind, pid, w, lo, hi))
                og = set()
                for s in other:
                    og |= grams(s[3])
                shared = len(og & ogr)
                if shared > MAX_OTHER_SHARED:
                    err("%s %s %s: other article shares %d 5-grams with the original (max %d)"
                        % (name, kind, pid, shared, MAX_OTHER_SHARED))
                note = "other article: %d words, %d shared 5-grams" % (w, shared)
            elif kind in ("page1", "page2"):
                halves[kind] = set(bodypos)
                frac = len(bodypos) / len(body)
                if not HALF_SHARE[0] <= frac <= HALF_SHARE[1]:
                    err("%s %s %s: holds %d of %d paragraphs (%.0f%%)"
                        % (name, kind, pid, len(bodypos), len(body), 100 * frac))
                if kind == "page2" and d["added"]:
                    err("%s page2 %s: page 2 should add nothing" % (name, pid))
                if kind == "page1" and len(d["added"]) > 1:
                    err("%s page1 %s: more than a headline added" % (name, pid))
                note = "%d of %d paragraphs" % (len(bodypos), len(body))
            elif kind == "comments":
                n = len(d["added"])
                if not COMMENTS[0] <= n <= COMMENTS[1]:
                    err("%s comments %s: %d comments (want %d-%d)" % ((name, pid, n) + COMMENTS))
                before = [s for s in added_spans if s[0] < last_b]
                if before:
                    err("%s comments %s: added text before the end of the article" % (name, pid))
                quoting = [c for c in d["added"] if any(s in c for s in osent)]
                if len(quoting) < 2:
                    err("%s comments %s: %d comment(s) quote an article sentence (want 2+)"
                        % (name, pid, len(quoting)))
                note = "%d comments, %d quoting the article" % (n, len(quoting))
            pg = grams(text)
            sh = len(pg & ogr)
            rows.append((name, kind, pid, len(tokens(text)), len(ogr), sh, sh / len(ogr), note))
            if VERBOSE:
                print("  %s %s: %d added, %d boilerplate, paragraphs at %s"
                      % (kind, pid, len(d["added"]), len(d["boilerplate"]),
                         sorted(body.index(l) + 1 for l in bodypos)))
        if "page1" in halves and "page2" in halves:
            lost = [l for l in body if l not in halves["page1"] | halves["page2"]]
            if lost:
                err("%s: page1+page2 miss %d paragraph(s), e.g. %r" % (name, len(lost), lost[0][:60]))

        # --- distractor
        dtext = read(dis_id)
        dspans = check_labels(dis_id, dtext, {"boilerplate": st["boilerplate_of_distractor"]})
        if not any(YEAR.search(s[3]) for s in dspans):
            err("%s distractor: no dated furniture line" % name)
        dcontent = list(dtext)
        for s, e, _, _ in dspans:
            for k in range(s, e):
                dcontent[k] = "\n"
        dart = "".join(dcontent)
        dw = len(tokens(dart))
        if not DISTRACTOR_WORDS[0] <= dw <= DISTRACTOR_WORDS[1]:
            err("%s distractor: %d words (want %d-%d)" % ((name, dw) + DISTRACTOR_WORDS))
        dsh = len(grams(dtext) & ogr)
        if dsh > MAX_OTHER_SHARED:
            err("%s distractor %s: shares %d 5-grams with the original (max %d)"
                % (name, dis_id, dsh, MAX_OTHER_SHARED))
        rows.append((name, "distractor", dis_id, len(tokens(dtext)), len(ogr), dsh, dsh / len(ogr),
                     "article %d words" % dw))
        table.extend(rows)

    # --- ids
    for pid in labelled:
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("bad id %r" % pid)
    dup = {p for p in labelled if labelled.count(p) > 1}
    if dup:
        err("ids labelled more than once: %s" % sorted(dup))
    if set(labelled) != files:
        if files - set(labelled):
            err("unlabelled pages: %s" % sorted(files - set(labelled)))
        if set(labelled) - files:
            err("labelled ids without a file: %s" % sorted(set(labelled) - files))

    print("%-34s %-11s %-13s %6s %9s %6s  %s" % ("story", "kind", "id", "words", "shared5g", "share", "note"))
    for name, kind, pid, w, tot, sh, frac, note in table:
        print("%-34s %-11s %-13s %6d %4d/%-4d %5.1f%%  %s" % (name, kind, pid, w, sh, tot, 100 * frac, note))
    print("%d pages, %d stories" % (len(labelled), len(labels.get("stories", []))))
    if errors:
        print("\nFAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
