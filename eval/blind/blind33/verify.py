#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Check blind33 (standard library only).

    python3 verify.py       # checks; prints the 5-gram table; exit 0 if all pass
    python3 verify.py -v    # also lists per-page word counts and label details

Article text of a page = the page minus its labelled boilerplate (first
occurrence of each string).  Tokens: lower-cased runs of letters/digits; each
CJK character (Han, kana) is one token; 5-grams are counted as distinct sets.
"""
import json, os, re, sys

ROOT = os.path.dirname(os.path.abspath(__file__))
VERBOSE = "-v" in sys.argv[1:]

# Ranges (words; for Japanese, non-space characters of the article text)
RANGE = {
    "original":   (60, 130), "distractor": (60, 130),
    "copy":       (50, 170), "edit": (50, 170), "rewrite": (50, 170),
    "alert":      (15, 35),
}
RANGE_JA = {
    "original":   (120, 260), "distractor": (120, 260),
    "copy":       (100, 340), "edit": (100, 340), "rewrite": (100, 340),
    "alert":      (30, 90),
}
MAX_REWRITE = 4
MAX_DISTRACTOR = 3
CJK_LANGS = {"ja", "zh"}

errors = []


def err(msg):
    errors.append(msg)


def is_cjk(ch):
    o = ord(ch)
    if o == 0x30FB:  # katakana middle dot is punctuation
        return False
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFF66 <= o <= 0xFF9F or 0xAC00 <= o <= 0xD7AF)


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if is_cjk(ch):
            if cur:
                out.append("".join(cur)); cur = []
            out.append(ch)
        elif ch.isalnum():
            cur.append(ch)
        else:
            if cur:
                out.append("".join(cur)); cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def size(text, lang):
    if lang in CJK_LANGS:
        return len(re.sub(r"\s", "", text))
    return len(tokens(text))


def read(pid):
    path = os.path.join(ROOT, "docs", pid + ".txt")
    if not os.path.exists(path):
        err("missing file docs/%s.txt" % pid)
        return ""
    return open(path, encoding="utf-8").read()


def locate(pid, text, bps, added):
    """Check labels, return article text (boilerplate removed)."""
    spans = []
    for kind, strings in (("boilerplate", bps), ("added", added)):
        for s in strings:
            i = text.find(s)
            if i < 0:
                err("%s: %s string not found: %r" % (pid, kind, s[:60]))
                continue
            j = i + len(s)
            if kind == "boilerplate":
                if (i > 0 and text[i - 1] != "\n") or (j < len(text) and text[j] != "\n"):
                    err("%s: boilerplate not a whole line at first occurrence: %r" % (pid, s[:60]))
            else:
                if i > 0 and text[i - 1] not in "\n 。．！？":
                    err("%s: added string does not start a line/sentence: %r" % (pid, s[:60]))
            spans.append((i, j, kind, s))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            err("%s: labels overlap: %r / %r" % (pid, a[3][:40], b[3][:40]))
    keep, pos = [], 0
    for i, j, kind, s in spans:
        if kind == "boilerplate":
            keep.append(text[pos:i]); pos = max(pos, j)
    keep.append(text[pos:])
    art = "".join(keep)
    art = "\n".join(l for l in art.split("\n") if l.strip())
    if not any(re.search(r"20\d\d|\d{1,2}[./]\d{1,2}", s) for s in bps):
        err("%s: no date line among its boilerplate" % pid)
    return art


def main():
    labels = json.load(open(os.path.join(ROOT, "labels.json"), encoding="utf-8"))
    files = {f[:-4] for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".txt")}
    for f in files:
        if not re.fullmatch(r"[0-9a-f]{12}", f):
            err("bad id %s" % f)
    seen = []
    rows = []
    extra_bp = labels.get("boilerplate_of_distractors", {})
    extra_story = labels.get("distractor_story", {})
    by_name = {}
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        rng = RANGE_JA if lang in CJK_LANGS else RANGE
        unit = "chars" if lang in CJK_LANGS else "words"
        oid = st["original"]; seen.append(oid)
        otext = read(oid)
        oart = locate(oid, otext, st["boilerplate_of_original"], [])
        olines = oart.split("\n")
        og = grams(oart)
        by_name[name] = (lang, og, rng, unit)
        n = size(oart, lang)
        if not rng["original"][0] <= n <= rng["original"][1]:
            err("%s original %s: %d %s outside %s" % (name, oid, n, unit, rng["original"]))
        if not 2 <= len(olines) - 1 <= 4:
            err("%s original: %d body paragraphs (want 2-4)" % (name, len(olines) - 1))
        rows.append((name, "original", oid, n, unit, len(og), len(og), ""))
        kinds = {}
        for pid, d in st["derivatives"].items():
            seen.append(pid)
            kind = d["kind"]; kinds[kind] = pid
            text = read(pid)
            art = locate(pid, text, d["boilerplate"], d["added"])
            n = size(art, lang)
            lo, hi = rng[kind]
            if not lo <= n <= hi:
                err("%s %s %s: %d %s outside %d-%d" % (name, kind, pid, n, unit, lo, hi))
            g = grams(art); shared = len(g & og)
            note = ""
            if kind == "copy":
                rest = art
                for a in d["added"]:
                    rest = rest.replace(a, "", 1)
                rest = "\n".join(l for l in rest.split("\n") if l.strip())
                if rest != "\n".join(olines[1:]):
                    err("%s copy %s: body is not verbatim the original's" % (name, pid))
                if not d["added"]:
                    err("%s copy: own headline not labelled added" % name)
            if kind == "edit":
                if len(d["added"]) < 2:
                    err("%s edit: expected headline + one added sentence" % name)
                if shared < 0.6 * len(og):
                    err("%s edit shares only %d/%d 5-grams" % (name, shared, len(og)))
            if kind == "rewrite":
                note = "limit %d" % MAX_REWRITE
                if shared > MAX_REWRITE:
                    err("%s rewrite %s shares %d 5-grams (> %d)" % (name, pid, shared, MAX_REWRITE))
            if kind == "alert":
                if art.split("\n")[0] in text.split("\n")[:0]:
                    pass
            rows.append((name, kind, pid, n, unit, len(g), shared, note))
            if VERBOSE:
                print("  %s %s added=%r" % (pid, kind, [a[:50] for a in d["added"]]))
        for k in ("copy", "edit", "rewrite", "alert"):
            if k not in kinds:
                err("%s: no %s derivative" % (name, k))
        did = st["distractor"]; seen.append(did)
        text = read(did)
        art = locate(did, text, st["boilerplate_of_distractor"], [])
        n = size(art, lang); g = grams(art); shared = len(g & og)
        if not rng["distractor"][0] <= n <= rng["distractor"][1]:
            err("%s distractor %s: %d %s outside %s" % (name, did, n, unit, rng["distractor"]))
        if shared > MAX_DISTRACTOR:
            err("%s distractor %s shares %d 5-grams (> %d)" % (name, did, shared, MAX_DISTRACTOR))
        rows.append((name, "distractor", did, n, unit, len(g), shared, "limit %d" % MAX_DISTRACTOR))
    for pid in labels["distractors"]:
        seen.append(pid)
        name = extra_story.get(pid)
        if name not in by_name:
            err("extra distractor %s: unknown story %r" % (pid, name)); continue
        lang, og, rng, unit = by_name[name]
        text = read(pid)
        art = locate(pid, text, extra_bp.get(pid, []), [])
        n = size(art, lang); g = grams(art); shared = len(g & og)
        if not rng["distractor"][0] <= n <= rng["distractor"][1]:
            err("extra distractor %s: %d %s outside %s" % (pid, n, unit, rng["distractor"]))
        if shared > MAX_DISTRACTOR:
            err("extra distractor %s shares %d 5-grams with %s original (> %d)" % (pid, shared, name, MAX_DISTRACTOR))
        rows.append((name, "distractor2", pid, n, unit, len(g), shared, "limit %d" % MAX_DISTRACTOR))
    dup = {x for x in seen if seen.count(x) > 1}
    if dup:
        err("pages labelled more than once: %s" % sorted(dup))
    if set(seen) != files:
        err("unlabelled pages: %s; labelled but missing: %s" % (sorted(files - set(seen)), sorted(set(seen) - files)))

    print("%-30s %-11s %-12s %6s %6s %7s  %s" % ("story", "page", "id", "size", "5gr", "shared", "note"))
    last = None
    for name, kind, pid, n, unit, ng, shared, note in rows:
        if last and name != last:
            print()
        last = name
        print("%-30s %-11s %-12s %4d%-2s %6d %7d  %s" % (name, kind, pid, n, unit[0], ng, shared, note))
    print("\npages: %d  labelled: %d" % (len(files), len(set(seen))))
    if errors:
        print("\nFAILED (%d):" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
