#!/usr/bin/env python3
"""Check the blind18 test set and record shared_word5grams_with_original.

Run from this folder:  python3 verify.py
Uses labels.json, docs/*.txt and build/parts.json (the article-text manifest
written by build/generate.py: headline, body paragraphs and caption
description of every page).  Standard library only.
Exit status 0 = all checks passed.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ID_RE = re.compile(r"^[0-9a-f]{12}$")

LIMITS = {
    "original_body": (120, 200),
    "update1_new": (60, 120),
    "update2_body": (350, 450),
    "rewrite_body": (300, 400),
    "rewrite_background": (40, 80),
    "rewrite_shared5_with_update2_max": 10,
    "distractor_body": (120, 200),
}


def words(text):
    """Lower-cased runs of letters/digits (Unicode aware, '_' excluded)."""
    return re.findall(r"[^\W_]+", text.lower())


def grams5(text):
    w = words(text)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def nwords(texts):
    return sum(len(words(t)) for t in texts)


def main():
    errors = []

    def err(msg):
        errors.append(msg)

    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    parts = json.load(open(os.path.join(HERE, "build", "parts.json"), encoding="utf-8"))
    docs_dir = os.path.join(HERE, "docs")
    docs = {}
    for fn in sorted(os.listdir(docs_dir)):
        if not fn.endswith(".txt"):
            err("stray file in docs/: " + fn)
            continue
        docs[fn[:-4]] = open(os.path.join(docs_dir, fn), encoding="utf-8").read()

    # ---- collect page records -------------------------------------------
    pages = {}   # id -> dict(kind, story, furniture, added)
    for st in labels["stories"]:
        name = st["name"]
        pages[st["original"]] = dict(kind="original", story=name,
                                     furniture=st["boilerplate_of_original"], added=[])
        for did, d in st["derivatives"].items():
            if did in pages:
                err("id used twice: " + did)
            pages[did] = dict(kind=d["kind"], story=name,
                              furniture=d["boilerplate"], added=d["added"])
        if st["distractor"] in pages:
            err("id used twice: " + st["distractor"])
        pages[st["distractor"]] = dict(kind="distractor", story=name,
                                       furniture=st["boilerplate_of_distractor"], added=[])
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != ["pickup", "rewrite", "update1", "update2"]:
            err("%s: derivative kinds %s" % (name, kinds))

    # ---- ids -------------------------------------------------------------
    for pid in pages:
        if not ID_RE.match(pid):
            err("bad id format: " + pid)
        if pid not in docs:
            err("labelled id has no file: " + pid)
        if pid not in parts:
            err("id missing from build/parts.json: " + pid)
    for pid in docs:
        if pid not in pages:
            err("unlabelled file: docs/%s.txt" % pid)

    # ---- exact-once, cross-page furniture, coverage ----------------------
    n_furn = 0
    for pid, p in pages.items():
        text = docs.get(pid, "")
        for s in p["furniture"] + p["added"]:
            c = text.count(s)
            if c != 1:
                err("%s: labelled string occurs %d times: %r" % (pid, c, s))
        if len(set(p["furniture"])) != len(p["furniture"]):
            err("%s: duplicate furniture labels" % pid)
        n_furn += len(p["furniture"])
        for s in p["furniture"]:
            for oid, otext in docs.items():
                if oid != pid and s in otext:
                    err("furniture of %s also appears in %s: %r" % (pid, oid, s))
        art = parts.get(pid, {})
        pieces = [art.get("headline", ""), art.get("caption", "")] + art.get("paragraphs", [])
        for s in pieces:
            if text.count(s) != 1:
                err("%s: article text not found exactly once: %r" % (pid, s[:60]))
        # added strings must lie inside article paragraphs, not furniture
        for s in p["added"]:
            if not any(s in para for para in art.get("paragraphs", [])):
                err("%s: added string is not body text: %r" % (pid, s[:60]))
        # coverage: everything left after removing article text + furniture is whitespace
        rest = text
        for s in sorted(pieces + p["furniture"], key=len, reverse=True):
            rest = rest.replace(s, "", 1)
        if rest.strip():
            err("%s: text not covered by article or furniture labels: %r" % (pid, rest.strip()[:80]))

    # ---- per-story structure, limits, 5-gram overlap ---------------------
    summary = []
    for st in labels["stories"]:
        name = st["name"]
        oid = st["original"]
        by_kind = {d["kind"]: did for did, d in st["derivatives"].items()}
        P = lambda i: parts[i]["paragraphs"]
        orig_body = nwords(P(oid))
        lo, hi = LIMITS["original_body"]
        if not lo <= orig_body <= hi:
            err("%s: original body %d words" % (name, orig_body))
        u1, u2, pk, rw = by_kind["update1"], by_kind["update2"], by_kind["pickup"], by_kind["rewrite"]
        # update1 = original with exactly one changed paragraph + 2 new paragraphs
        changed = [x for x in P(oid) if x not in P(u1)]
        if len(changed) != 1:
            err("%s: update1 should change exactly one flash paragraph (%d)" % (name, len(changed)))
        u1_new = parts[u1]["new_paragraphs"]
        if len(u1_new) != 2 or not all(x in P(u1) and x not in P(oid) for x in u1_new):
            err("%s: update1 new paragraphs wrong" % name)
        u1_new_w = nwords(u1_new)
        lo, hi = LIMITS["update1_new"]
        if not lo <= u1_new_w <= hi:
            err("%s: update1 new paragraphs %d words" % (name, u1_new_w))
        # update2 keeps update1 except one changed paragraph
        lost = [x for x in P(u1) if x not in P(u2)]
        if len(lost) != 1:
            err("%s: update2 should change exactly one update1 paragraph (%d)" % (name, len(lost)))
        if len(P(u2)) != len(P(u1)) + 3:
            err("%s: update2 should add summary + 2 paragraphs" % name)
        u2_body = nwords(P(u2))
        lo, hi = LIMITS["update2_body"]
        if not lo <= u2_body <= hi:
            err("%s: update2 body %d words" % (name, u2_body))
        # pickup verbatim
        if P(pk) != P(u1):
            err("%s: pickup body is not update1 verbatim" % name)
        # rewrite
        rw_body = nwords(P(rw))
        bg = parts[rw]["background"]
        bg_w = nwords([bg])
        lo, hi = LIMITS["rewrite_body"]
        if not lo <= rw_body <= hi:
            err("%s: rewrite body %d words" % (name, rw_body))
        lo, hi = LIMITS["rewrite_background"]
        if not lo <= bg_w <= hi:
            err("%s: rewrite background %d words" % (name, bg_w))
        if st["derivatives"][rw]["added"] != [bg]:
            err("%s: rewrite added must be the background paragraph only" % name)
        rw_u2_page = len(grams5(docs[rw]) & grams5(docs[u2]))
        art = lambda i: "\n".join([parts[i]["headline"], parts[i]["caption"]] + P(i))
        rw_u2_art = len(grams5(art(rw)) & grams5(art(u2)))
        if max(rw_u2_page, rw_u2_art) > LIMITS["rewrite_shared5_with_update2_max"]:
            err("%s: rewrite shares %d/%d 5-grams with update2" % (name, rw_u2_page, rw_u2_art))
        # distractor
        dis_body = nwords(P(st["distractor"]))
        lo, hi = LIMITS["distractor_body"]
        if not lo <= dis_body <= hi:
            err("%s: distractor body %d words" % (name, dis_body))
        # shared 5-grams with the original (full page text, distinct 5-grams)
        og = grams5(docs[oid])
        shares = {}
        for did, d in st["derivatives"].items():
            n = len(grams5(docs[did]) & og)
            d["shared_word5grams_with_original"] = n
            shares[d["kind"]] = n
        dis_share = len(grams5(docs[st["distractor"]]) & og)
        summary.append((st["language"], name, orig_body, u1_new_w, u2_body, rw_body, bg_w,
                        dis_body, rw_u2_page, shares, dis_share))

    if not errors:
        with open(os.path.join(HERE, "labels.json"), "w", encoding="utf-8") as fh:
            json.dump(labels, fh, ensure_ascii=False, indent=2)

    # ---- report ----------------------------------------------------------
    print("blind18 verify: %d stories, %d docs, %d furniture labels"
          % (len(labels["stories"]), len(docs), n_furn))
    print("%-4s %5s %6s %6s %6s %5s %6s %8s | shared 5-grams with original: u1 u2 pickup rewrite (distractor)"
          % ("lang", "orig", "u1new", "u2", "rewr", "bg", "distr", "rw~u2"))
    for (lang, name, ob, u1n, u2b, rwb, bgw, db, rwu2, sh, ds) in summary:
        print("%-4s %5d %6d %6d %6d %5d %6d %8d | %3d %3d %6d %7d (%d)"
              % (lang, ob, u1n, u2b, rwb, bgw, db, rwu2,
                 sh["update1"], sh["update2"], sh["pickup"], sh["rewrite"], ds))
    if errors:
        print("\nFAILED: %d problem(s)" % len(errors))
        for e in errors:
            print(" - " + e)
        sys.exit(1)
    print("\nALL CHECKS PASSED (shared_word5grams_with_original written to labels.json)")


if __name__ == "__main__":
    main()
