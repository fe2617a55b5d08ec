#!/usr/bin/env python3
"""Check the blind25 test set (templated "robot journalism" stories and their look-alike siblings).

Run:  python3 verify.py [-v]     (standard library only; exit status 0 = all checks passed)

Definitions
  tokens   lower-cased runs of Unicode letters, marks and digits (punctuation dropped)
  grams    distinct word 5-grams of tokens
  article  the page with every labelled furniture string cut out (its first line is the headline)
  A        a language's first story (original, copy, light, rewrite; sibling_2 is its distractor)
  B        a language's second story (sibling_1 as its original, sibling_copy as its copy)
  agency pages  A's original, A's distractor (sibling_2) and B's original: one site, one template
-v also prints, for every sibling, the 5-grams it does NOT share with A's original.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")
LANGS = ["en", "es", "de", "sv", "id", "tr"]
LIMITS = dict(original_words=(150, 300), rewrite_shared=10, light_keeps=(0.75, 0.99),
              sibling_share=(0.30, 0.90))


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LMN":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text):
    t = tokens(text)
    return {tuple(t[i:i + 5]) for i in range(len(t) - 4)}


def article(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def strip_added(text, added):
    for a in sorted(added, key=len, reverse=True):
        text = text.replace(a, "\n")
    return text


def main():
    verbose = "-v" in sys.argv
    errors = []
    err = errors.append
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    stories = labels.get("stories", [])
    pages = {}

    def load(pid, lang, role, furniture, added):
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("%s: id is not 12 lowercase hex characters" % pid)
        if pid in pages:
            err("%s: id labelled twice" % pid)
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: page missing" % pid)
            return
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        pages[pid] = dict(text=text, lang=lang, role=role, furniture=furniture, added=added)

    # ------------------------------------------------------------ structure
    if len(stories) != 12:
        err("expected 12 stories, got %d" % len(stories))
    if labels.get("distractors") != []:
        err("top-level distractors should be an empty list")
    by_lang = {}
    for s in stories:
        by_lang.setdefault(s.get("language"), []).append(s)
    if sorted(by_lang) != sorted(LANGS):
        err("languages %s, want %s" % (sorted(by_lang), LANGS))
    groups = {}
    for lang in LANGS:
        ss = by_lang.get(lang, [])
        if len(ss) != 2:
            err("%s: %d stories (want 2)" % (lang, len(ss)))
            continue
        a, b = ss
        if "distractor" not in a or "distractor" in b:
            err("%s: the first story must have the distractor, the second none" % lang)
            continue
        if sorted(d["kind"] for d in a["derivatives"].values()) != ["copy", "light", "rewrite"]:
            err("%s: story A derivative kinds must be copy, light, rewrite" % lang)
        if [d["kind"] for d in b["derivatives"].values()] != ["copy"]:
            err("%s: story B must have exactly one derivative, a copy" % lang)
        load(a["original"], lang, "original", a["boilerplate_of_original"], [])
        for pid, d in a["derivatives"].items():
            load(pid, lang, d["kind"], d["boilerplate"], d["added"])
        load(a["distractor"], lang, "sibling_2", a["boilerplate_of_distractor"], [])
        load(b["original"], lang, "sibling_1", b["boilerplate_of_original"], [])
        for pid, d in b["derivatives"].items():
            load(pid, lang, "sibling_copy", d["boilerplate"], d["added"])
        groups[lang] = (a, b)
    on_disk = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: page in docs/ but not labelled" % extra)
    agency = {}
    for lang, (a, b) in groups.items():
        for pid in (a["original"], a["distractor"], b["original"]):
            agency[pid] = lang

    # ------------------------------------------------------------ labelled strings
    for pid, p in pages.items():
        spans = []
        for what, strings in (("furniture", p["furniture"]), ("added", p["added"])):
            for st in strings:
                if not st or st != st.strip():
                    err("%s: empty or padded %s string %r" % (pid, what, st[:40]))
                    continue
                n = p["text"].count(st)
                if n == 0:
                    err("%s: %s string is not a substring of the page: %r" % (pid, what, st[:60]))
                elif n > 1:
                    err("%s: %s string occurs %d times: %r" % (pid, what, n, st[:60]))
                else:
                    i = p["text"].find(st)
                    spans.append((i, i + len(st), st[:30]))
        spans.sort()
        for x, y in zip(spans, spans[1:]):
            if y[0] < x[1]:
                err("%s: labelled strings overlap: %r / %r" % (pid, x[2], y[2]))
        for f in p["furniture"]:
            for q, pq in pages.items():
                if q == pid or f.lower() not in pq["text"].lower():
                    continue
                if pid in agency and agency.get(q) == agency[pid]:
                    continue  # the agency's own pages share its site furniture
                err("%s: furniture %r also occurs on %s" % (pid, f[:40], q))
        p["article"] = article(p["text"], p["furniture"])
        p["grams"] = grams(p["article"])

    # ------------------------------------------------------------ per language
    rows = []
    stats = {}
    order = ["original", "copy", "light", "rewrite", "sibling_1", "sibling_copy", "sibling_2"]
    for lang in LANGS:
        if lang not in groups:
            continue
        a, b = groups[lang]
        ids = {"original": a["original"], "sibling_1": b["original"], "sibling_2": a["distractor"]}
        for pid, d in a["derivatives"].items():
            ids[d["kind"]] = pid
        ids["sibling_copy"] = list(b["derivatives"])[0]
        if any(i not in pages for i in ids.values()):
            continue
        oa, ob = pages[ids["original"]], pages[ids["sibling_1"]]
        for role in order:
            pid = ids[role]
            p = pages[pid]
            own = ob if role == "sibling_copy" else oa
            w = len(tokens(p["article"]))
            g = p["grams"]
            sa = len(g & oa["grams"])
            sb = len(g & ob["grams"])
            pa = sa / float(len(g)) if g else 0.0
            pb = sb / float(len(g)) if g else 0.0
            info, st = [], []
            for ad in p["added"]:
                if grams(ad) & own["grams"]:
                    st.append("added string shares 5-grams with its original: %r" % ad[:40])
            if role in ("original", "sibling_1", "sibling_2"):
                lo, hi = LIMITS["original_words"]
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
            if role in ("copy", "sibling_copy"):
                body = own["article"].split("\n", 1)[1]
                rest = strip_added(p["article"], p["added"])
                if tokens(rest) != tokens(body):
                    st.append("copy's text (without its added headline) is not the original's body word for word")
                else:
                    info.append("verbatim body of its original")
                if not p["added"]:
                    st.append("copy has no new headline labelled as added")
            if role == "light":
                keep = len(g & oa["grams"]) / float(len(oa["grams"]))
                info.append("keeps %.0f%% of the original's 5-grams; %d added" % (100 * keep, len(p["added"])))
                lo, hi = LIMITS["light_keeps"]
                if not lo <= keep <= hi:
                    st.append("light edit keeps %.0f%% of the original's 5-grams" % (100 * keep))
                if len(p["added"]) < 2:
                    st.append("light edit needs a new headline and an added sentence")
            if role == "rewrite":
                if sa > LIMITS["rewrite_shared"]:
                    st.append("rewrite shares %d 5-grams with the original" % sa)
                ow = len(tokens(oa["article"]))
                if not 0.6 <= w / float(ow) <= 1.3:
                    st.append("rewrite length %d vs original %d" % (w, ow))
                if verbose:
                    for x in sorted(g & oa["grams"]):
                        print("   %s rewrite shares: %s" % (lang, " ".join(x)))
            if role in ("sibling_1", "sibling_2", "sibling_copy"):
                lo, hi = LIMITS["sibling_share"]
                if not lo <= pa <= hi:
                    st.append("shares %.0f%% of its 5-grams with A's original (want %.0f-%.0f%%)" % (100 * pa, 100 * lo, 100 * hi))
                if verbose and role != "sibling_copy":
                    print("   %s %s 5-grams not in A's original: %d" % (lang, role, len(g - oa["grams"])))
            stats.setdefault(role, []).append(pa)
            for m in st:
                err("%s %s %s: %s" % (lang, role, pid, m))
            rows.append((lang, role, pid, w, len(g), sa, "%.0f%%" % (100 * pa), sb, "%.0f%%" % (100 * pb),
                         "; ".join(info) + (" FAIL" if st else "")))
        # siblings must look less like A's original than A's own light edit does
        light_share = len(pages[ids["light"]]["grams"] & oa["grams"]) / float(len(pages[ids["light"]]["grams"]))
        for role in ("sibling_1", "sibling_2"):
            sg = pages[ids[role]]["grams"]
            if len(sg & oa["grams"]) / float(len(sg)) >= light_share:
                err("%s %s: shares as much with A's original as the light edit does" % (lang, role))

    hdr = ("lang", "kind", "id", "words", "5grams", "sharedA", "%A", "sharedB", "%B", "details")
    rows = [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
    print("  ".join(h.ljust(wd) for h, wd in zip(hdr, widths)).rstrip())
    last = None
    for r in rows:
        if last and r[0] != last:
            print()
        last = r[0]
        print("  ".join(c.ljust(wd) for c, wd in zip(r, widths)).rstrip())
    print()
    print("5grams  = distinct word 5-grams of the page's article text (furniture removed)")
    print("sharedA = how many of them occur in story A's original; %A = sharedA / 5grams")
    print("sharedB = the same against story B's original (sibling_1)")
    print("pages: %d; labelled furniture strings: %d; added strings: %d" % (
        len(pages), sum(len(p["furniture"]) for p in pages.values()), sum(len(p["added"]) for p in pages.values())))
    for role in order[1:]:
        v = stats.get(role, [])
        if v:
            print("%-12s %%A over the 6 languages: %s" % (role, ", ".join("%.0f%%" % (100 * x) for x in v)))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
