#!/usr/bin/env python3
"""Check the blind24 test set (independent reports that quote the same words).

Run:  python3 verify.py [-v]        (standard library only; exit status 0 = all checks passed)

Definitions
  tokens    lower-cased runs of Unicode letters, marks and digits (punctuation dropped)
  grams     distinct word 5-grams of tokens
  article   the page with every labelled furniture string cut out
  quotes    a story's official quotes = the shared_quotes of its distractor (independent_1)
  "outside quotes"  the quotes are cut out of both texts before counting; no 5-gram
            spans a cut
-v prints the 5-grams an independent page shares with the original outside the quotes.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")
DERIV_KINDS = ["light", "trim", "rewrite", "summary"]
LIMITS = {"rewrite_outside_quotes": 10, "independent_outside_quotes": 2}


def is_word_char(ch):
    return unicodedata.category(ch)[0] in "LMN"


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if is_word_char(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, cut=()):
    """word 5-grams of text; the strings in cut are removed and no gram spans a removal"""
    segments = [text]
    for c in sorted(cut, key=len, reverse=True):
        segments = [piece for s in segments for piece in s.split(c)]
    out = set()
    for s in segments:
        t = tokens(s)
        out.update(tuple(t[i:i + 5]) for i in range(len(t) - 4))
    return out


def words(text):
    return len(tokens(text))


def article(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def main():
    verbose = "-v" in sys.argv
    errors = []
    err = errors.append
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    stories = labels["stories"]
    pages = {}

    def load(pid, story, kind, furniture, added):
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
        pages[pid] = dict(text=text, story=story["name"], kind=kind, furniture=furniture, added=added)

    # ------------------------------------------------------------ structure
    if len(stories) != 6:
        err("expected 6 stories, got %d" % len(stories))
    all_ind2 = []
    for s in stories:
        load(s["original"], s, "original", s["boilerplate_of_original"], [])
        kinds = sorted(d["kind"] for d in s["derivatives"].values())
        if kinds != sorted(DERIV_KINDS):
            err("%s: derivative kinds %s" % (s["name"], kinds))
        for pid, d in s["derivatives"].items():
            load(pid, s, d["kind"], d["boilerplate"], d["added"])
        ind = s["independent"]
        if len(ind) != 2 or s["distractor"] not in ind:
            err("%s: want two independent pages, one of them the distractor" % s["name"])
            continue
        load(s["distractor"], s, "independent_1", s["boilerplate_of_distractor"], [])
        for pid, d in ind.items():
            if pid != s["distractor"]:
                load(pid, s, "independent_2", d.get("boilerplate", []), [])
                all_ind2.append(pid)
    if sorted(labels.get("distractors", [])) != sorted(all_ind2):
        err("top-level distractors must list every independent_2 id")
    on_disk = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: page in docs/ but not labelled" % extra)

    # ------------------------------------------------------------ labelled strings
    for pid, p in pages.items():
        spans = []
        for what, strings in (("furniture", p["furniture"]), ("added", p["added"])):
            for st in strings:
                n = p["text"].count(st) if st else 0
                if not st or st != st.strip():
                    err("%s: empty or padded %s string %r" % (pid, what, st[:40]))
                if n == 0:
                    err("%s: %s string is not a substring of the page: %r" % (pid, what, st[:60]))
                elif n > 1:
                    err("%s: %s string occurs %d times: %r" % (pid, what, n, st[:60]))
                else:
                    i = p["text"].find(st)
                    spans.append((i, i + len(st), st[:30]))
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                err("%s: labelled strings overlap: %r / %r" % (pid, a[2], b[2]))
        for f in p["furniture"]:
            others = [q for q, pq in pages.items() if q != pid and f.lower() in pq["text"].lower()]
            if others:
                err("%s: furniture %r also occurs on %s" % (pid, f[:40], others))
        p["article"] = article(p["text"], p["furniture"])

    # ------------------------------------------------------------ per story
    rows = []
    summary = {"rewrite": [], "independent_1": [], "independent_2": []}
    for s in stories:
        if s["original"] not in pages:
            continue
        o = pages[s["original"]]
        oa = o["article"]
        quotes = s["independent"].get(s["distractor"], {}).get("shared_quotes", [])
        if not 2 <= len(quotes) <= 3:
            err("%s: %d official quotes (want 2-3)" % (s["name"], len(quotes)))
        for q in quotes:
            if not 15 <= len(q.split()) <= 40:
                err("%s: quote of %d words: %r" % (s["name"], len(q.split()), q[:40]))
            if q not in oa:
                err("%s: quote not verbatim in the original: %r" % (s["name"], q[:40]))
        og = grams(oa)
        ow = words(oa)
        if not 450 <= ow <= 700:
            err("%s original: %d words (want 450-700)" % (s["name"], ow))
        rows.append((s["name"], s["original"], "original", ow, "-", "-", "%d quotes" % len(quotes)))
        members = [(pid, d["kind"]) for pid, d in s["derivatives"].items()]
        members += [(s["distractor"], "independent_1")]
        members += [(pid, "independent_2") for pid in s["independent"] if pid != s["distractor"]]
        for pid, kind in members:
            p = pages.get(pid)
            if not p:
                continue
            a = p["article"]
            w = words(a)
            shared = len(grams(a) & og)
            outside = len(grams(a, quotes) & grams(oa, quotes))
            kept = [q for q in quotes if q in a]
            info = "quotes kept %d/%d" % (len(kept), len(quotes))
            st = []
            if kind in ("light", "rewrite") and len(kept) != len(quotes):
                st.append("does not keep every quote verbatim")
            for ad in p["added"]:
                if grams(ad) & og:
                    st.append("added string shares 5-grams with the original: %r" % ad[:40])
            if kind == "light":
                cont = len(grams(a) & og) / float(len(og))
                info += "; keeps %.0f%% of the original's 5-grams; %d added" % (100 * cont, len(p["added"]))
                if cont < 0.85 or cont == 1.0:
                    st.append("light edit keeps %.0f%% of the original's 5-grams" % (100 * cont))
            elif kind == "trim":
                rest = a
                for ad in p["added"]:
                    rest = rest.replace(ad, "\n")
                frac = words(rest) / float(ow)
                info += "; runs %.0f%% of the original's words + %d added" % (100 * frac, len(p["added"]))
                if not 0.55 <= frac <= 0.70:
                    st.append("trim runs %.0f%% of the original (want 55-70%%)" % (100 * frac))
                if len(grams(rest) - og) > 0:
                    info += "; %d new 5-grams in kept text" % len(grams(rest) - og)
            elif kind == "rewrite":
                summary["rewrite"].append(outside)
                if outside > LIMITS["rewrite_outside_quotes"]:
                    st.append("rewrite shares %d 5-grams outside the quotes" % outside)
                if not 0.75 <= w / float(ow) <= 1.3:
                    st.append("rewrite length %d vs original %d" % (w, ow))
            elif kind == "summary":
                body = a.split("\n", 1)[1] if "\n" in a else a
                bw = words(body)
                info += "; summary body %d words" % bw
                if not 80 <= bw <= 150:
                    st.append("summary body %d words (want 80-150)" % bw)
                if not kept:
                    st.append("summary keeps no quote")
            else:
                own = s["independent"][pid]["shared_quotes"]
                for q in own:
                    if q not in quotes:
                        st.append("shared quote is not one of the story's quotes: %r" % q[:40])
                    if q not in a:
                        st.append("shared quote not in article text: %r" % q[:40])
                if sorted(own) != sorted(kept):
                    st.append("shared_quotes %d, but %d quotes found in the text" % (len(own), len(kept)))
                outside = len(grams(a, own) & grams(oa, own))
                summary[kind].append(outside)
                lo, hi = (400, 650) if kind == "independent_1" else (200, 350)
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
                if kind == "independent_1" and len(own) != len(quotes):
                    st.append("independent_1 must share all %d quotes" % len(quotes))
                if kind == "independent_2" and not 1 <= len(own) <= 2:
                    st.append("independent_2 must share 1-2 quotes")
                if outside > LIMITS["independent_outside_quotes"]:
                    st.append("shares %d 5-grams with the original outside the quotes" % outside)
                if verbose and outside:
                    for g in sorted(grams(a, own) & grams(oa, own)):
                        print("   %s %s: %s" % (s["name"], kind, " ".join(g)))
            for m in st:
                err("%s %s %s: %s" % (s["name"], kind, pid, m))
            rows.append((s["name"], pid, kind, w, shared, outside, info + ("" if not st else " FAIL")))

    hdr = ("story", "id", "kind", "words", "shared5", "outsideQ", "details")
    rows = [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
    print("  ".join(h.ljust(wd) for h, wd in zip(hdr, widths)).rstrip())
    for r in rows:
        print("  ".join(c.ljust(wd) for c, wd in zip(r, widths)).rstrip())
    print()
    print("shared5  = distinct word 5-grams the page's article text shares with its original")
    print("outsideQ = the same after cutting the quotes out of both texts (independent pages: their shared quotes)")
    print("pages: %d; labelled furniture strings: %d; added strings: %d" % (
        len(pages), sum(len(p["furniture"]) for p in pages.values()), sum(len(p["added"]) for p in pages.values())))
    for k, v in summary.items():
        if v:
            print("%-13s outside-quote 5-grams with the original: %s (max %d)" % (k, v, max(v)))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
