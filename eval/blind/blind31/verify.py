#!/usr/bin/env python3
"""Self-check for blind31 (standard library only).
python3 verify.py      -> exit 0 when every check passes
python3 verify.py -v   -> also list per-page detail"""
import html
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.abspath(__file__))
VERBOSE = "-v" in sys.argv
CJK_LANGS = {"zh", "ja"}
SHY, ZWSP, NBSP, SENT = "\u00ad", "\u200b", "\u00a0", "\x00"
KINDS = ("wrapped", "entities", "epaper", "typo", "rewrite")

# token ranges per page (letter/digit runs; CJK characters count one each)
RANGES = {
    False: {"original": (380, 620), "wrapped": (370, 600), "entities": (400, 900),
            "epaper": (300, 560), "typo": (400, 680), "rewrite": (330, 640), "distractor": (180, 420)},
    True: {"original": (650, 1000), "wrapped": (650, 1000), "entities": (650, 1400),
           "epaper": (550, 950), "typo": (700, 1100), "rewrite": (550, 1050), "distractor": (350, 800)},
}
ARTICLE_WORDS = (320, 480)       # original headline + paragraphs, non-CJK
ARTICLE_CHARS = (600, 900)       # same for CJK: non-whitespace characters
MAX_REWRITE, MAX_DISTRACTOR = 10, 3

errors = []


def err(msg):
    errors.append(msg)


def is_cjk(ch):
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2A6DF


def tokens(s):
    out, cur = [], []
    for ch in s.lower():
        cat = unicodedata.category(ch)
        if is_cjk(ch):
            if cur:
                out.append("".join(cur))
                cur = []
            out.append(ch)
        elif cat[0] in "LM" or cat == "Nd":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(s, n=5):
    t = tokens(s)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


DIGITS = {}
for base in (0x0660, 0x06F0, 0x0966, 0xFF10):
    for d in range(10):
        DIGITS[base + d] = str(d)
DIGITS[ord("٫")] = "."
DIGITS[ord("٬")] = ","


def undo(s, cjk=False):
    """Undo the scraper/feed artefacts: entities, soft hyphens, zero-width spaces, stray tags,
    no-break spaces, hyphenated line ends, non-ASCII digit forms (and, for CJK text,
    line breaks that fall inside a run of text)."""
    if cjk:
        s = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef0-9A-Za-z])\n(?=[\u3000-\u9fff\uff00-\uffef0-9A-Za-z])", "", s)
    s = html.unescape(s)
    s = s.replace(SHY, "").replace(ZWSP, "")
    s = re.sub(r"</?(?:p|br)\s*/?>", "", s, flags=re.I)
    s = s.replace(NBSP, " ")
    s = re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", s)
    return s.translate(DIGITS)


def norm(s, cjk):
    return re.sub(r"\s+", "", s) if cjk else re.sub(r"\s+", " ", s).strip()


def spans(text, labels):
    out = []
    for role, lab in labels:
        i = text.find(lab)
        if i >= 0:
            out.append((i, i + len(lab), role))
    return sorted(out)


def strip_labels(text, furn, added):
    """Remove furniture (with its line end) and replace added passages with a split marker."""
    sp = spans(text, [("f", x) for x in furn] + [("a", x) for x in added])
    for a, b, role in reversed(sp):
        if role == "f":
            if text[b:b + 1] == "\n":
                b += 1
            text = text[:a] + text[b:]
        else:
            text = text[:a] + SENT + text[b:]
    return text


def body_lines(text, furn):
    """Non-empty lines that do not overlap any furniture string."""
    sp = spans(text, [("f", x) for x in furn])
    res, pos = [], 0
    for ln in text.split("\n"):
        a, b = pos, pos + len(ln)
        pos = b + 1
        if ln.strip() and not any(x < b and y > a for x, y, _ in sp):
            res.append(ln)
    return res


def main():
    with open(os.path.join(ROOT, "labels.json"), encoding="utf-8") as f:
        lab = json.load(f)
    docdir = os.path.join(ROOT, "docs")
    files = {fn[:-4] for fn in os.listdir(docdir) if fn.endswith(".txt")}
    seen = []
    texts = {}

    def load(pid):
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("bad id %r" % pid)
        seen.append(pid)
        p = os.path.join(docdir, pid + ".txt")
        if not os.path.exists(p):
            err("missing file for %s" % pid)
            return ""
        with open(p, encoding="utf-8") as f:
            texts[pid] = f.read()
        return texts[pid]

    def check_found(pid, strings, what):
        t = texts.get(pid, "")
        for s in strings:
            if s not in t:
                err("%s: %s label not found: %r" % (pid, what, s[:60]))

    table = []
    for st in lab["stories"]:
        name, lang = st["name"], st["language"]
        cjk = lang in CJK_LANGS
        R = RANGES[cjk]
        oid = st["original"]
        otext = load(oid)
        ofurn = st["boilerplate_of_original"]
        check_found(oid, ofurn, "boilerplate")
        # original article: lines that are not furniture; first line = headline
        olines = body_lines(otext, ofurn)
        head, oparas = olines[0], olines[1:]
        if not 6 <= len(oparas) <= 9:
            err("%s: original has %d paragraphs" % (name, len(oparas)))
        art = "\n".join(olines)
        if cjk:
            n = len(re.sub(r"\s", "", art))
            if not ARTICLE_CHARS[0] <= n <= ARTICLE_CHARS[1]:
                err("%s: original article %d chars" % (name, n))
        else:
            n = len(tokens(art))
            if not ARTICLE_WORDS[0] <= n <= ARTICLE_WORDS[1]:
                err("%s: original article %d words" % (name, n))
        if VERBOSE:
            print("%s: original article %s %d, %d paragraphs" % (name, "chars" if cjk else "words", n, len(oparas)))
        og_raw, og_undo = grams(otext), grams(undo(otext, cjk))
        pages = [("original", oid, ofurn, [])]
        for did, d in st["derivatives"].items():
            load(did)
            check_found(did, d["added"], "added")
            check_found(did, d["boilerplate"], "boilerplate")
            if d["kind"] not in KINDS:
                err("%s: unknown kind %s" % (did, d["kind"]))
            pages.append((d["kind"], did, d["boilerplate"], d["added"]))
        xid = st["distractor"]
        load(xid)
        check_found(xid, st["boilerplate_of_distractor"], "boilerplate")
        pages.append(("distractor", xid, st["boilerplate_of_distractor"], []))
        kinds = sorted(k for k, *_ in pages[1:-1])
        if kinds != sorted(KINDS):
            err("%s: derivative kinds %s" % (name, kinds))

        for kind, pid, furn, added in pages:
            t = texts.get(pid, "")
            nt = len(tokens(t))
            lo, hi = R[kind]
            if not lo <= nt <= hi:
                err("%s %s %s: %d tokens outside %d-%d" % (name, kind, pid, nt, lo, hi))
            if not any("2026" in x.translate(DIGITS) for x in furn):
                err("%s %s: no date line among its furniture" % (name, kind))
            if kind == "original":
                continue
            raw = len(grams(t) & og_raw)
            und = len(grams(undo(t, cjk)) & og_undo)
            table.append((name, kind, pid, raw, und))
            if VERBOSE and kind in ("rewrite", "distractor"):
                for g in sorted(grams(t) & og_raw):
                    print("   shared:", " ".join(g))
            if kind == "rewrite" and max(raw, und) > MAX_REWRITE:
                err("%s rewrite shares %d/%d 5-grams (max %d)" % (name, raw, und, MAX_REWRITE))
            if kind == "distractor" and max(raw, und) > MAX_DISTRACTOR:
                err("%s distractor shares %d/%d 5-grams (max %d)" % (name, raw, und, MAX_DISTRACTOR))

            bl = body_lines(t, furn)
            if kind in ("wrapped", "distractor", "epaper"):
                rng = ((30, 36) if cjk else (64, 72)) if kind != "epaper" else ((15, 20) if cjk else (35, 50))
                mx = max(len(x) for x in bl if x != head)
                if not rng[0] <= mx <= rng[1]:
                    err("%s %s: wrap column %d outside %s" % (name, kind, mx, rng))
                if not cjk and lang in ("en", "de", "es") and not re.search(r"[^\W\d_]-\n[^\W\d_]", t):
                    err("%s %s: no hyphenated line end" % (name, kind))
            if kind == "epaper":
                # running header/footer blocks that fall inside a paragraph
                fl = set(x for f in furn for x in f.split("\n"))
                lines = t.split("\n")
                mids, j = 0, 0
                while j < len(lines):
                    if lines[j] in fl and lines[j].strip():
                        k = j
                        while k < len(lines) and lines[k] in fl and lines[k].strip():
                            k += 1
                        prev = lines[j - 1] if j else ""
                        nxt = lines[k] if k < len(lines) else ""
                        if prev in bl and nxt in bl and not re.search(r"[.!?\"”»。؟।]$", prev.strip()):
                            mids += 1
                        j = k
                    else:
                        j += 1
                if mids < 2:
                    err("%s epaper: only %d page breaks inside paragraphs" % (name, mids))
            if kind == "entities":
                body = "\n".join(bl)
                need = ["&nbsp;", NBSP, SHY, ZWSP]
                if "&" in art:
                    need.append("&amp;")
                if '"' in art:
                    need.append("&quot;")
                if "’" in art:
                    need.append("&#8217;" if "&#8217;" in body else "&rsquo;")
                for x in need:
                    if x not in body:
                        err("%s entities: artefact %r missing from article text" % (name, x))
                if not re.search(r"&#\d+;", body):
                    err("%s entities: no numeric character reference" % name)
                if not re.search(r"<(p|br)>", body):
                    err("%s entities: no stray tag" % name)
            if kind == "typo":
                body = "\n".join(bl)
                if lang in ("ar", "hi", "zh"):
                    if re.search(r"[0-9]", body):
                        err("%s typo: ASCII digits left in article text" % name)
                    if body == body.translate(DIGITS):
                        err("%s typo: no native digits" % name)
            if kind in ("wrapped", "entities", "epaper"):
                s = undo(strip_labels(t, furn, added))
                frags = [norm(x, cjk) for x in s.split(SENT)]
                frags = [x for x in frags if x]
                J = "" if cjk else " "
                cands = [None] if kind != "epaper" else list(range(len(oparas)))
                ok = []
                for c in cands:
                    keep = [p for i, p in enumerate(oparas) if i != c]
                    ref = norm(J.join([head] + keep), cjk)
                    bodyref = norm(J.join(keep), cjk)
                    if all(fr in ref for fr in frags):
                        cov = sum(len(fr) for fr in frags) / len(bodyref)
                        if cov >= 0.98:
                            ok.append((c, cov))
                if len(ok) != 1:
                    bad = [fr[:50] for fr in frags if fr not in norm(J.join([head] + oparas), cjk)]
                    err("%s %s: undone text not contained in original (%s; %s)" % (name, kind, ok, bad))
                elif VERBOSE:
                    c, cov = ok[0]
                    print("%s %s: contained, coverage %.3f%s" % (name, kind, cov,
                          "" if c is None else ", cut paragraph %d" % (c + 1)))
            if VERBOSE:
                print("%s %s %s: %d tokens" % (name, kind, pid, nt))

    for pid in set(seen):
        if seen.count(pid) > 1:
            err("id %s labelled %d times" % (pid, seen.count(pid)))
    for pid in files - set(seen):
        err("page %s not labelled" % pid)
    if lab.get("distractors"):
        for x in lab["distractors"]:
            if x not in files:
                err("distractor %s missing" % x)

    print("%-28s %-11s %-13s %9s %9s" % ("story", "kind", "id", "5g raw", "5g undone"))
    for row in table:
        print("%-28s %-11s %-13s %9d %9d" % row)
    print("%d pages checked" % len(seen))
    if errors:
        print("\nFAILED (%d):" % len(errors))
        for e in errors:
            print(" -", e)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
