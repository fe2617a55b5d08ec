#!/usr/bin/env python3
"""Check the blind26 test set (roundups and briefings).

Run:  python3 verify.py [-v]     (standard library only; exit status 0 = all checks passed)

Definitions
  tokens   lower-cased runs of Unicode letters, marks and digits (punctuation dropped)
  grams    distinct word 5-grams of tokens
  article  the page with every labelled furniture string cut out; blank lines dropped
           (for an original, copy or rewrite the first line left is its headline)
  O1-O3    the three originals of a language (stories S1, S2, S3)
-v also lists the 5-grams each rewrite and digest shares with its original(s).
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")
LANGS = ["en", "fr", "pl", "fi", "vi"]
LIMITS = dict(original_words=(280, 450), original_paras=(5, 8), rewrite_shared=10,
              rewrite_ratio=(0.6, 1.4), copy_contained=0.9, digest_shared=6,
              originals_pairwise=3, briefing_paras=(1, 2), added_shared=0)


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


def cut(text, strings):
    for s in sorted(strings, key=len, reverse=True):
        text = text.replace(s, "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def main():
    verbose = "-v" in sys.argv
    errors = []
    err = errors.append
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    stories = labels.get("stories", [])
    roundups = labels.get("roundups", [])
    pages = {}

    def load(pid, lang, role, story, furniture, added, copied=None):
        if not isinstance(pid, str) or not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("%r: id is not 12 lowercase hex characters" % (pid,))
        if pid in pages:
            err("%s: id labelled more than once" % pid)
            return
        path = os.path.join(DOCS, "%s.txt" % pid)
        if not os.path.exists(path):
            err("%s: page missing from docs/" % pid)
            return
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        pages[pid] = dict(text=text, lang=lang, role=role, story=story, furniture=list(furniture),
                          added=list(added), copied=copied or {})

    # ------------------------------------------------------------ structure
    if labels.get("distractors") != []:
        err("top-level distractors should be an empty list")
    if len(stories) != 15:
        err("expected 15 stories, got %d" % len(stories))
    if len(roundups) != 10:
        err("expected 10 roundups, got %d" % len(roundups))
    origs = {}   # lang -> [original ids in story order]
    for s in stories:
        lang = s.get("language")
        if lang not in LANGS:
            err("story %s: unknown language %r" % (s.get("name"), lang))
            continue
        if not str(s.get("name", "")).startswith(lang + "-"):
            err("story %s: name should start with %s-" % (s.get("name"), lang))
        n = len(origs.setdefault(lang, [])) + 1
        sk = "S%d" % n
        origs[lang].append(s["original"])
        load(s["original"], lang, "original", sk, s["boilerplate_of_original"], [])
        kinds = sorted(d["kind"] for d in s["derivatives"].values())
        if kinds != ["copy", "rewrite"]:
            err("story %s: derivative kinds %s (want one copy, one rewrite)" % (s["name"], kinds))
        for pid, d in s["derivatives"].items():
            load(pid, lang, d["kind"], sk, d["boilerplate"], d["added"])
            pages.get(pid, {})["orig"] = s["original"]
    for lang in LANGS:
        if len(origs.get(lang, [])) != 3:
            err("%s: %d stories (want 3)" % (lang, len(origs.get(lang, []))))
    seen_r = {}
    for r in roundups:
        lang = r.get("language")
        if lang not in LANGS:
            err("roundup %s: unknown language %r" % (r.get("id"), lang))
            continue
        seen_r.setdefault(lang, []).append(r.get("kind"))
        if sorted(r.get("sources", [])) != sorted(origs.get(lang, [])):
            err("roundup %s: sources are not the three %s originals" % (r.get("id"), lang))
        if r.get("kind") == "digest" and r.get("copied") != {}:
            err("digest %s: copied must be {}" % r.get("id"))
        if r.get("kind") == "briefing" and sorted(r.get("copied", {})) != sorted(r.get("sources", [])):
            err("briefing %s: copied must have one entry per source" % r.get("id"))
        load(r["id"], lang, r.get("kind"), "R", r["boilerplate"], r["added"], r.get("copied"))
    for lang in LANGS:
        if sorted(seen_r.get(lang, [])) != ["briefing", "digest"]:
            err("%s: roundup kinds %s (want one briefing, one digest)" % (lang, seen_r.get(lang)))
    on_disk = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: page in docs/ but not labelled" % extra)
    if len(on_disk) != 55:
        err("docs/ holds %d pages (want 55)" % len(on_disk))

    # ------------------------------------------------------------ labelled strings
    for pid, p in pages.items():
        lines = set(ln.strip() for ln in p["text"].split("\n"))
        spans = []
        copied_all = [c for cs in p["copied"].values() for c in cs]
        for what, strings in (("furniture", p["furniture"]), ("added", p["added"]), ("copied", copied_all)):
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
                if what == "furniture" and st not in lines:
                    err("%s: furniture string is not a whole line: %r" % (pid, st[:60]))
        spans.sort()
        for x, y in zip(spans, spans[1:]):
            if y[0] < x[1]:
                err("%s: labelled strings overlap: %r / %r" % (pid, x[2], y[2]))
        for f in p["furniture"]:
            for q, pq in pages.items():
                if q != pid and f.lower() in pq["text"].lower():
                    err("%s: furniture %r also occurs on %s" % (pid, f[:40], q))
        p["article"] = cut(p["text"], p["furniture"])
        p["grams"] = grams(p["article"])
        p["words"] = len(tokens(p["article"]))

    # ------------------------------------------------------------ per language
    rows = []
    kind_stats = {}
    summary = {}
    for lang in LANGS:
        ol = origs.get(lang, [])
        if len(ol) != 3 or any(o not in pages for o in ol):
            continue
        og = [pages[o]["grams"] for o in ol]
        sm = summary.setdefault(lang, dict(words=[], pair=[], copy=[], rewrite=[], bparas=[], bshared=[], digest=[]))
        # originals pairwise
        for i in range(3):
            for j in range(i + 1, 3):
                sh = len(og[i] & og[j])
                sm["pair"].append(sh)
                if sh > LIMITS["originals_pairwise"]:
                    err("%s: originals S%d and S%d share %d 5-grams (max %d)" % (lang, i + 1, j + 1, sh, LIMITS["originals_pairwise"]))
        mine = [q for q, p in pages.items() if p["lang"] == lang]
        order = {"original": 0, "copy": 1, "rewrite": 2, "briefing": 3, "digest": 4}
        mine.sort(key=lambda q: (pages[q]["story"], order.get(pages[q]["role"], 9)))
        for pid in mine:
            p = pages[pid]
            role, g, w = p["role"], p["grams"], p["words"]
            shared = [len(g & x) for x in og]
            info, st = [], []
            own = pages.get(p.get("orig"))
            if role == "original":
                lo, hi = LIMITS["original_words"]
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
                npar = len(p["article"].split("\n")) - 1
                lo, hi = LIMITS["original_paras"]
                if not lo <= npar <= hi:
                    st.append("%d paragraphs (want %d-%d)" % (npar, lo, hi))
                info.append("%d paragraphs" % npar)
                sm["words"].append(w)
            elif role in ("copy", "rewrite") and own:
                for ad in p["added"]:
                    n = len(grams(ad) & own["grams"])
                    if n > LIMITS["added_shared"]:
                        st.append("added string shares %d 5-grams with its original: %r" % (n, ad[:40]))
                if role == "copy":
                    body = grams(cut(p["article"], p["added"]))
                    frac = len(body & own["grams"]) / float(len(body)) if body else 0.0
                    info.append("%.0f%% of its body's 5-grams are in its original" % (100 * frac))
                    sm["copy"].append(frac)
                    if frac < LIMITS["copy_contained"]:
                        st.append("copy body only %.0f%% contained in its original" % (100 * frac))
                    if len(p["added"]) != 1:
                        st.append("copy should have exactly one added string (its new headline)")
                else:
                    sh = len(g & own["grams"])
                    ratio = w / float(own["words"])
                    info.append("shares %d 5-grams with its original; length %.2f x" % (sh, ratio))
                    sm["rewrite"].append(sh)
                    if sh > LIMITS["rewrite_shared"]:
                        st.append("rewrite shares %d 5-grams with its original (max %d)" % (sh, LIMITS["rewrite_shared"]))
                    lo, hi = LIMITS["rewrite_ratio"]
                    if not lo <= ratio <= hi:
                        st.append("rewrite length %.2f x its original" % ratio)
                    if verbose:
                        for x in sorted(g & own["grams"]):
                            print("   %s %s rewrite shares: %s" % (lang, p["story"], " ".join(x)))
            elif role in ("briefing", "digest"):
                rest = cut(p["text"], p["furniture"] + p["added"] + [c for cs in p["copied"].values() for c in cs])
                if tokens(rest):
                    st.append("text neither furniture, added nor copied: %r" % rest[:60])
                for ad in p["added"]:
                    for k, x in enumerate(og):
                        n = len(grams(ad) & x)
                        if n > LIMITS["added_shared"]:
                            st.append("added string shares %d 5-grams with O%d: %r" % (n, k + 1, ad[:40]))
                if role == "briefing":
                    for k, o in enumerate(ol):
                        cs = p["copied"].get(o, [])
                        paras = pages[o]["article"].split("\n")[1:]
                        lo, hi = LIMITS["briefing_paras"]
                        if not lo <= len(cs) <= hi:
                            st.append("copies %d paragraphs of O%d (want %d-%d)" % (len(cs), k + 1, lo, hi))
                        for c in cs:
                            if c not in pages[o]["article"]:
                                st.append("copied string is not in O%d's article: %r" % (k + 1, c[:40]))
                        if cs != paras[:len(cs)]:
                            st.append("copied strings are not O%d's first paragraph(s)" % (k + 1))
                        if not shared[k]:
                            st.append("shares no 5-gram with O%d" % (k + 1))
                    info.append("copies %s paragraph(s) of O1/O2/O3" % "/".join(str(len(p["copied"].get(o, []))) for o in ol))
                    sm["bparas"] = [len(p["copied"].get(o, [])) for o in ol]
                    sm["bshared"] = shared
                else:
                    for k, n in enumerate(shared):
                        if n > LIMITS["digest_shared"]:
                            st.append("digest shares %d 5-grams with O%d (max %d)" % (n, k + 1, LIMITS["digest_shared"]))
                    info.append("max %d 5-grams shared with an original" % max(shared))
                    sm["digest"] = shared
                    if verbose:
                        for k, x in enumerate(og):
                            for y in sorted(g & x):
                                print("   %s digest shares with O%d: %s" % (lang, k + 1, " ".join(y)))
            kind_stats.setdefault(role, []).append(shared)
            for m in st:
                err("%s %s %s %s: %s" % (lang, p["story"], role, pid, m))
            rows.append((lang, p["story"], role, pid, w, len(g), shared[0], shared[1], shared[2],
                         "; ".join(info) + (" FAIL" if st else "")))

    hdr = ("lang", "story", "kind", "id", "words", "5grams", "O1", "O2", "O3", "details")
    rows = [tuple(str(c) for c in r) for r in rows]
    if rows:
        widths = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
        print("  ".join(h.ljust(wd) for h, wd in zip(hdr, widths)).rstrip())
        last = None
        for r in rows:
            if last and r[0] != last:
                print()
            last = r[0]
            print("  ".join(c.ljust(wd) for c, wd in zip(r, widths)).rstrip())
    print()
    print("Per-language summary")
    shdr = ("lang", "original words", "originals pairwise max", "copy body in original (min)",
            "rewrite shared (max)", "briefing paras copied", "briefing shared O1/O2/O3", "digest shared O1/O2/O3")
    srows = []
    for lang in LANGS:
        sm = summary.get(lang)
        if not sm:
            continue
        srows.append((lang,
                      "%d-%d" % (min(sm["words"]), max(sm["words"])) if sm["words"] else "-",
                      str(max(sm["pair"])) if sm["pair"] else "-",
                      "%.0f%%" % (100 * min(sm["copy"])) if sm["copy"] else "-",
                      str(max(sm["rewrite"])) if sm["rewrite"] else "-",
                      "/".join(map(str, sm["bparas"])) or "-",
                      "/".join(map(str, sm["bshared"])) or "-",
                      "/".join(map(str, sm["digest"])) or "-"))
    if srows:
        sw = [max(len(r[i]) for r in srows + [shdr]) for i in range(len(shdr))]
        print("  ".join(h.ljust(wd) for h, wd in zip(shdr, sw)).rstrip())
        for r in srows:
            print("  ".join(c.ljust(wd) for c, wd in zip(r, sw)).rstrip())
    print("limits: original %d-%d words, %d-%d paragraphs; originals pairwise <= %d; copy >= %.0f%%; rewrite <= %d;"
          " briefing copies the first %d-%d paragraph(s); digest <= %d per original; added strings share <= %d"
          % (LIMITS["original_words"] + LIMITS["original_paras"] + (LIMITS["originals_pairwise"], 100 * LIMITS["copy_contained"],
             LIMITS["rewrite_shared"]) + LIMITS["briefing_paras"] + (LIMITS["digest_shared"], LIMITS["added_shared"])))
    print()
    print("words   = tokens of the page's article text (furniture removed)")
    print("5grams  = its distinct word 5-grams; O1/O2/O3 = how many of them occur in the language's")
    print("          three originals (stories S1, S2, S3; R = roundup pages)")
    print("pages: %d; furniture strings: %d; added strings: %d; copied strings: %d" % (
        len(pages), sum(len(p["furniture"]) for p in pages.values()),
        sum(len(p["added"]) for p in pages.values()),
        sum(len(c) for p in pages.values() for c in p["copied"].values())))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
