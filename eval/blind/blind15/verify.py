#!/usr/bin/env python3
"""Check labels.json against docs/ (standard library only).

Checks
  * every docs/*.txt is labelled exactly once and every labelled id exists;
  * every `added` / boilerplate string is an exact substring occurring exactly
    once in its own document; added strings are not substrings of the original
    and survive furniture removal; no furniture string is reused on another page;
  * body word counts (body = text minus the furniture strings):
      es/de/ru/nl  words = \\w+ tokens AND whitespace tokens (both must pass)
      ko           words = whitespace-separated tokens
      zh           words = non-space characters / 2 AND \\w characters / 2
    original 450-550; light = original +/- 25 plus one added paragraph of 40-80
    (not first, not last paragraph); trim keeps 55-70 % of the original's
    paragraphs (a prefix) plus one added sentence of 15-35; rewrite 300-450
    with and without its added paragraph (40-80); summary 120-180 with and
    without its final opinion sentence (15-35); distractor 300-450;
  * shared 5-grams with the original body (tokens re.findall(r"\\w+", lower);
    zh: character 5-grams of the \\w characters): rewrite <= 10 (zh 40),
    summary <= 5 (zh 20), distractor <= 10 (zh 40).
It writes "shared_word5grams_with_original" into each derivative's label
(zh: shared character 5-grams) and prints a summary.  Exit status 1 on failure.
"""
import json
import os
import re
import sys
from difflib import SequenceMatcher

ROOT = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(ROOT, "docs")
LABELS = os.path.join(ROOT, "labels.json")

LIMITS = {"rewrite": 10, "summary": 5, "distractor": 10}
ZH_LIMITS = {"rewrite": 40, "summary": 20, "distractor": 40}
PARA_MIN = {"zh": 30, "ko": 10}  # default 15 words: shorter body lines are headline/captions
SIM = 0.75

errors, notes = [], []


def err(msg):
    errors.append(msg)


def counts(text, lang):
    """All word counts that must fall in range for this language."""
    if lang == "zh":
        return [len(re.sub(r"\s", "", text)) / 2, len(re.findall(r"\w", text)) / 2]
    if lang == "ko":
        return [len(text.split())]
    return [len(re.findall(r"\w+", text)), len(text.split())]


def in_range(text, lang, lo, hi):
    return all(lo <= c <= hi for c in counts(text, lang))


def fmt(text, lang):
    c = counts(text, lang)
    return "/".join(("%g" % x) for x in c)


def grams(text, lang):
    if lang == "zh":
        s = "".join(re.findall(r"\w", text.lower()))
        return {s[i:i + 5] for i in range(len(s) - 4)}
    t = re.findall(r"\w+", text.lower())
    return {tuple(t[i:i + 5]) for i in range(len(t) - 4)}


def body_of(text, furn):
    for s in sorted(furn, key=len, reverse=True):
        text = text.replace(s, "\n", 1)
    return text


def lines(body):
    return [l.strip() for l in body.split("\n") if l.strip()]


def paragraphs(body, lang):
    ls = lines(body)
    thr = PARA_MIN.get(lang, 15)
    size = (lambda l: len(re.sub(r"\s", "", l))) if lang == "zh" else (
        (lambda l: len(l.split())) if lang == "ko" else (lambda l: len(re.findall(r"\w+", l))))
    return [l for l in ls[1:] if size(l) >= thr], [l for l in ls[1:] if size(l) < thr]


def best(p, cands):
    return max((SequenceMatcher(None, p, c, autojunk=False).ratio() for c in cands), default=0.0)


def main():
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    files = sorted(f for f in os.listdir(DOCS))
    for f in files:
        if not re.fullmatch(r"[0-9a-f]{12}\.txt", f):
            err("unexpected file in docs: %s" % f)
    texts = {f[:-4]: open(os.path.join(DOCS, f), encoding="utf-8").read() for f in files if f.endswith(".txt")}

    seen = {}
    docfurn = {}
    for st in labels["stories"]:
        roles = [(st["original"], "original", st["boilerplate_of_original"], [])]
        for i, d in st["derivatives"].items():
            roles.append((i, d["kind"], d["boilerplate"], d["added"]))
        roles.append((st["distractor"], "distractor", st["boilerplate_of_distractor"], []))
        for i, role, furn, added in roles:
            seen[i] = seen.get(i, 0) + 1
            docfurn[i] = (st["name"], role, furn)
    for i in texts:
        if seen.get(i, 0) != 1:
            err("%s labelled %d times" % (i, seen.get(i, 0)))
    for i in seen:
        if i not in texts:
            err("labelled id %s has no file" % i)
    if errors:
        report()
        return

    # furniture reuse across pages
    owner, owner_ci = {}, {}
    for i, (_, _, furn) in docfurn.items():
        for s in furn:
            k = s.strip().casefold()
            if k in owner_ci and owner_ci[k] != i:
                err("furniture string reused on %s and %s: %r" % (owner_ci[k], i, s))
            owner_ci.setdefault(k, i)
            owner.setdefault(s, i)
    for s, i in owner.items():
        if len(s) >= 15:
            for j, t in texts.items():
                if j != i and s in t:
                    err("furniture of %s appears in %s: %r" % (i, j, s[:60]))

    layouts = {"blank": 0, "single": 0, "mixed": 0}
    glued = []
    summary_rows = []
    for st in labels["stories"]:
        lang = st["language"]
        oid = st["original"]
        otext = texts[oid]
        ofurn = st["boilerplate_of_original"]
        obody = body_of(otext, ofurn)
        ograms = grams(obody, lang)
        opar, _ = paragraphs(obody, lang)
        rows = []

        def check_strings(i, furn, added):
            t = texts[i]
            for s in furn + added:
                if not s.strip():
                    err("%s: empty labelled string" % i)
                c = t.count(s)
                if c != 1:
                    err("%s: labelled string occurs %d times: %r" % (i, c, s[:70]))
            for s in furn:
                # glued furniture: on the same line as article text
                start = t.find(s)
                if start > 0 and t[start - 1] != "\n":
                    ls = t.rfind("\n", 0, start) + 1
                    le = t.find("\n", start)
                    rest_line = (t[ls:start] + t[start + len(s):le if le >= 0 else len(t)]).strip()
                    kind = "glued to paragraph" if paragraphs("x\n" + rest_line, lang)[0] else "inline caption credit"
                    glued.append((i, kind, s))
            b = body_of(t, furn)
            for s in added:
                if s in otext:
                    err("%s: added string is a substring of the original: %r" % (i, s[:60]))
                if b.count(s) != 1:
                    err("%s: added string overlaps furniture: %r" % (i, s[:60]))
            # layout
            nonempty_gaps = re.findall(r"\S[^\S\n]*(\n+)(?=[^\S\n]*\S)", t)
            blanks = sum(1 for g in nonempty_gaps if len(g) > 1)
            if blanks == 0:
                layouts["single"] += 1
                lay = "single"
            elif blanks == len(nonempty_gaps):
                layouts["blank"] += 1
                lay = "blank"
            else:
                layouts["mixed"] += 1
                lay = "mixed"
            return b, lay

        _, olay = check_strings(oid, ofurn, [])
        if not in_range(obody, lang, 450, 550):
            err("%s original body words %s not in 450-550" % (st["name"], fmt(obody, lang)))
        if not 8 <= len(opar) <= 12:
            err("%s original has %d paragraphs" % (st["name"], len(opar)))
        rows.append(("original", oid, olay, fmt(obody, lang), "", ""))

        for did, d in st["derivatives"].items():
            kind = d["kind"]
            b, lay = check_strings(did, d["boilerplate"], d["added"])
            if len(d["added"]) != 1:
                err("%s %s: expected exactly one added string" % (st["name"], kind))
            add = d["added"][0] if d["added"] else ""
            rest = b.replace(add, "\n", 1) if add else b
            shared = len(grams(b, lang) & ograms)
            d["shared_word5grams_with_original"] = shared
            lim = (ZH_LIMITS if lang == "zh" else LIMITS).get(kind)
            if lim is not None and shared > lim:
                err("%s %s shares %d 5-grams (limit %d)" % (st["name"], kind, shared, lim))
            if kind == "light":
                if not in_range(add, lang, 40, 80):
                    err("%s light added %s words" % (st["name"], fmt(add, lang)))
                diff = [a - o for a, o in zip(counts(rest, lang), counts(obody, lang))]
                if any(abs(x) > 25 for x in diff):
                    err("%s light body minus added differs from original by %s" % (st["name"], diff))
                lpar, _ = paragraphs(b, lang)
                pos = [k for k, p in enumerate(lpar) if add.strip() in p]
                if not pos or pos[0] in (0, len(lpar) - 1):
                    err("%s light added paragraph position %s of %d" % (st["name"], pos, len(lpar)))
                rpar, _ = paragraphs(rest, lang)
                miss = [k for k, p in enumerate(opar) if best(p, rpar) < SIM]
                if miss:
                    err("%s light lacks original paragraphs %s" % (st["name"], miss))
                extra = [p[:40] for p in rpar if best(p, opar) < SIM]
                if extra:
                    err("%s light has unmatched paragraphs %s" % (st["name"], extra))
                info = "+%s" % fmt(add, lang)
            elif kind == "trim":
                if not in_range(add, lang, 15, 35):
                    err("%s trim added %s words" % (st["name"], fmt(add, lang)))
                tpar, _ = paragraphs(rest, lang)
                kept = [k for k, p in enumerate(opar) if best(p, tpar) >= SIM]
                if kept != list(range(len(kept))):
                    err("%s trim keeps non-prefix paragraphs %s" % (st["name"], kept))
                frac = len(kept) / len(opar)
                if not 0.55 <= frac <= 0.70:
                    err("%s trim keeps %d/%d paragraphs" % (st["name"], len(kept), len(opar)))
                extra = [p[:40] for p in tpar if best(p, opar) < SIM]
                if extra:
                    err("%s trim has unmatched paragraphs %s" % (st["name"], extra))
                info = "kept %d/%d +%s" % (len(kept), len(opar), fmt(add, lang))
            elif kind == "rewrite":
                if not in_range(add, lang, 40, 80):
                    err("%s rewrite added %s words" % (st["name"], fmt(add, lang)))
                if not (in_range(b, lang, 300, 450) and in_range(rest, lang, 300, 450)):
                    err("%s rewrite body %s / without added %s" % (st["name"], fmt(b, lang), fmt(rest, lang)))
                info = "+%s" % fmt(add, lang)
            elif kind == "summary":
                if not in_range(add, lang, 15, 35):
                    err("%s summary opinion %s words" % (st["name"], fmt(add, lang)))
                if not (in_range(b, lang, 120, 180) and in_range(rest, lang, 120, 180)):
                    err("%s summary body %s / without opinion %s" % (st["name"], fmt(b, lang), fmt(rest, lang)))
                if not b.rstrip().endswith(add.rstrip()) and lines(b)[-1] != add.strip() and not lines(b)[-1].endswith(add.strip()):
                    err("%s summary does not end with its opinion sentence" % st["name"])
                info = "+%s" % fmt(add, lang)
            else:
                err("unknown kind %s" % kind)
                info = ""
            rows.append((kind, did, lay, fmt(b, lang), info, shared))

        xid = st["distractor"]
        xb, xlay = check_strings(xid, st["boilerplate_of_distractor"], [])
        xs = len(grams(xb, lang) & ograms)
        if xs > (ZH_LIMITS if lang == "zh" else LIMITS)["distractor"]:
            err("%s distractor shares %d 5-grams" % (st["name"], xs))
        if not in_range(xb, lang, 300, 450):
            err("%s distractor body %s" % (st["name"], fmt(xb, lang)))
        rows.append(("distractor", xid, xlay, fmt(xb, lang), "", xs))
        summary_rows.append((st, rows))

    with open(LABELS, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    for st, rows in summary_rows:
        print("== %s [%s]" % (st["name"], st["language"]))
        for r in rows:
            print("  %-10s %s  %-6s words %-12s %-22s shared5 %s" % r)
    print("layouts:", layouts)
    print("furniture sharing a line with article text: %d" % len(glued))
    for i, kind, s in glued:
        print("   %s %-22s %r" % (i, kind, s[:60]))
    report()


def report():
    for n in notes:
        print("note:", n)
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("OK: %d stories, %d documents, all checks passed" % (
        len(json.load(open(LABELS, encoding="utf-8"))["stories"]), len(os.listdir(DOCS))))


if __name__ == "__main__":
    main()
