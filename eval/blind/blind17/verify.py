#!/usr/bin/env python3
"""Check the labelled news-dedup test set and write overlap counts into labels.json.

Run from this folder:  python3 verify.py
Exit status 0 = all checks passed, 1 = at least one problem (listed).

Definitions
- words: whitespace-separated tokens.
- word 5-grams: over lowercased runs of letters, digits and combining marks
  (Unicode categories L*, N*, M*), so Bengali vowel signs / virama stay inside
  words; everything else (punctuation, Armenian/Bengali full stops) separates.
  5-grams are taken over the whole token stream of a page's article text.
- article text of a page: the file with every labelled furniture string removed
  (headline + body paragraphs + photo-caption descriptions remain).
- shared_word5grams_with_original: number of distinct word 5-grams of the
  page's article text that also occur in the original's article text.

If build/manifest.json exists (written by build/build.py) it is used for the
structural checks: paragraph counts, body-only word counts, position of the
added passages, and that nothing except labelled furniture surrounds the
article pieces (i.e. all furniture is labelled).
"""
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(ROOT, "docs")
LABELS = os.path.join(ROOT, "labels.json")
MANIFEST = os.path.join(ROOT, "build", "manifest.json")

LIMITS = {
    # kind: (min body words, max body words, max shared 5-grams)
    "original": (450, 550, None),
    "rewrite": (300, 450, 10),
    "summary": (120, 180, 5),
    "distractor": (300, 450, 10),
}
ADDED_WORDS = {"light": (40, 80), "trim": (15, 35), "rewrite": (40, 80), "summary": (15, 35)}

problems = []


def bad(msg):
    problems.append(msg)


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LNM":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def nwords(text):
    return len(text.split())


def strip_furniture(text, furniture):
    for s in sorted(furniture, key=len, reverse=True):
        text = text.replace(s, "\n")
    return text


def line_style(text, furniture):
    """blank / single / mixed, treating a multi-line furniture block as one element."""
    t = text
    for k, s in enumerate(sorted(furniture, key=len, reverse=True)):
        if "\n" in s:
            t = t.replace(s, "\u0000BLOCK%d\u0000" % k)
    t = t.strip("\n")
    if "\n\n" not in t:
        return "single"
    if re.search(r"[^\n]\n[^\n]", t):
        return "mixed"
    return "blank"


def main():
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    manifest = None
    if os.path.exists(MANIFEST):
        with open(MANIFEST, encoding="utf-8") as fh:
            manifest = json.load(fh)

    # ---- collect pages -------------------------------------------------
    pages = {}  # id -> dict(kind, story, lang, furniture, added)
    for st in labels["stories"]:
        def add(pid, kind, furn, added):
            if pid in pages:
                bad("id %s used twice" % pid)
            pages[pid] = {"kind": kind, "story": st["name"], "lang": st["language"],
                          "furniture": furn, "added": added, "orig": st["original"]}
        add(st["original"], "original", st["boilerplate_of_original"], [])
        for pid, d in st["derivatives"].items():
            add(pid, d["kind"], d["boilerplate"], d["added"])
        add(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != ["light", "rewrite", "summary", "trim"]:
            bad("%s: derivative kinds are %s" % (st["name"], kinds))

    texts = {}
    for pid in pages:
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            bad("id %r is not 12 lowercase hex digits" % pid)
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            bad("missing file docs/%s.txt" % pid)
            continue
        with open(path, encoding="utf-8") as fh:
            texts[pid] = fh.read()
    extra = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")} - set(pages)
    for pid in sorted(extra):
        bad("docs/%s.txt is not labelled" % pid)

    # ---- labelled strings occur exactly once in their own file ---------
    for pid, pg in pages.items():
        if pid not in texts:
            continue
        t = texts[pid]
        for s in pg["added"] + pg["furniture"]:
            c = t.count(s)
            if c != 1:
                bad("%s (%s/%s): labelled string occurs %d times: %r" % (pid, pg["lang"], pg["kind"], c, s[:70]))
        if len(set(pg["furniture"])) != len(pg["furniture"]):
            bad("%s: duplicate furniture string in its list" % pid)

    # ---- no furniture string appears on another page (case-insensitive) -
    lowered = {pid: t.lower() for pid, t in texts.items()}
    for pid, pg in pages.items():
        for s in pg["furniture"]:
            sl = s.lower()
            for other, tl in lowered.items():
                if other != pid and sl in tl:
                    bad("furniture of %s also on %s: %r" % (pid, other, s[:70]))

    # ---- article text, word counts, overlaps ---------------------------
    article = {pid: strip_furniture(texts[pid], pages[pid]["furniture"]) for pid in texts}
    for pid, pg in pages.items():
        for s in pg["added"]:
            if article[pid].count(s) != 1:
                bad("%s: added string overlaps furniture: %r" % (pid, s[:60]))
        for s in pg["furniture"]:
            for a in pg["added"]:
                if s in a or a in s:
                    bad("%s: furniture and added string overlap: %r" % (pid, s[:60]))

    rows = []
    styles = {"blank": 0, "single": 0, "mixed": 0}
    specials = {"glued_link": 0, "caption_one_line": 0, "cookie_first_line": 0}
    shared_by_id = {}
    for st in labels["stories"]:
        oid = st["original"]
        og = grams(article[oid])
        order = [oid] + list(st["derivatives"]) + [st["distractor"]]
        for pid in order:
            pg = pages[pid]
            kind = pg["kind"]
            art = article[pid]
            art_lines = [ln.strip() for ln in art.split("\n") if ln.strip()]
            headline = art_lines[0] if art_lines else ""
            all_words = sum(nwords(ln) for ln in art_lines[1:])  # body + captions
            body_words = all_words
            man = manifest.get(pid) if manifest else None
            if man:
                body_words = sum(nwords(p) for p in man["paragraphs"])
                if man["headline"] != headline:
                    bad("%s: first article line is not the headline" % pid)
                # everything that is not furniture must be a known article piece
                rest = art
                pieces = [man["headline"]] + man["paragraphs"] + man["captions"]
                for piece in sorted(pieces, key=len, reverse=True):
                    if piece not in rest:
                        bad("%s: article piece missing from file: %r" % (pid, piece[:60]))
                    rest = rest.replace(piece, "\n", 1)
                if rest.strip():
                    bad("%s: unlabelled text outside furniture/article: %r" % (pid, rest.strip()[:80]))
                for a in pg["added"]:
                    if a not in man["paragraphs"] and not any(p.endswith(a) for p in man["paragraphs"]):
                        bad("%s: added string is not a paragraph or paragraph ending" % pid)
                for sp in man.get("special", []):
                    specials[sp] += 1
            sty = line_style(texts[pid], pg["furniture"])
            styles[sty] += 1
            if man and man["style"] != sty:
                bad("%s: intended style %s, looks %s" % (pid, man["style"], sty))

            shared = len(grams(art) & og) if pid != oid else None
            full_shared = len(grams(texts[pid]) & grams(texts[oid])) if pid != oid else None
            if pid != oid and kind != "distractor":
                shared_by_id[pid] = shared

            lim = LIMITS.get(kind)
            if lim:
                lo, hi, maxg = lim
                for label, n in (("body", body_words), ("body+captions", all_words)):
                    if not lo <= n <= hi:
                        bad("%s (%s/%s): %s words %d not in %d-%d" % (pid, pg["lang"], kind, label, n, lo, hi))
                if maxg is not None and shared > maxg:
                    bad("%s (%s/%s): %d shared 5-grams > %d" % (pid, pg["lang"], kind, shared, maxg))
            if kind in ADDED_WORDS:
                lo, hi = ADDED_WORDS[kind]
                if len(pg["added"]) != 1:
                    bad("%s: expected exactly one added string, got %d" % (pid, len(pg["added"])))
                for a in pg["added"]:
                    if not lo <= nwords(a) <= hi:
                        bad("%s (%s/%s): added passage has %d words, want %d-%d" % (pid, pg["lang"], kind, nwords(a), lo, hi))
            if kind == "original" and man and not 10 <= len(man["paragraphs"]) <= 12:
                bad("%s: original has %d paragraphs" % (pid, len(man["paragraphs"])))
            if kind != "original" and man and manifest.get(oid):
                if man["headline"] == manifest[oid]["headline"]:
                    bad("%s: headline identical to the original's" % pid)
            if kind == "rewrite" and man:
                para_only = body_words - sum(nwords(a) for a in pg["added"])
                if para_only < 300:
                    bad("%s: paraphrase without background paragraph has %d words (<300)" % (pid, para_only))
            if kind == "summary" and man:
                if not man["paragraphs"][-1].endswith(pg["added"][0]):
                    bad("%s: summary does not end with the opinion sentence" % pid)
            if kind in ("light", "trim") and man and manifest.get(oid):
                oparas = manifest[oid]["paragraphs"]
                gset = grams(art)
                cov = []
                for p in oparas:
                    pg5 = grams(p)
                    cov.append(len(pg5 & gset) / max(1, len(pg5)))
                covered = [i for i, c in enumerate(cov) if c >= 0.5]
                if kind == "light":
                    if len(covered) != len(oparas):
                        bad("%s: light copy does not keep all original paragraphs (%s)" % (pid, covered))
                    if man["paragraphs"][:1] == oparas[:1] and man["paragraphs"] == oparas:
                        bad("%s: light copy has no changes" % pid)
                    idx = man["paragraphs"].index(pg["added"][0])
                    if not 0.25 <= idx / len(man["paragraphs"]) <= 0.75:
                        bad("%s: added paragraph is not in the middle (index %d)" % (pid, idx))
                    if sum(1 for a, b in zip(oparas, [p for p in man["paragraphs"] if p != pg["added"][0]]) if a != b) == 0:
                        bad("%s: no word changed in light copy" % pid)
                else:
                    k = len(covered)
                    if covered != list(range(k)):
                        bad("%s: trim does not keep a prefix of the original (%s)" % (pid, covered))
                    if not 0.55 <= k / len(oparas) <= 0.70:
                        bad("%s: trim keeps %d/%d paragraphs" % (pid, k, len(oparas)))
                    if not man["paragraphs"][-1].endswith(pg["added"][0]):
                        bad("%s: trim does not end with the added sentence" % pid)
                    if all(p in oparas for p in man["paragraphs"][:k]):
                        bad("%s: trim paragraphs are not edited at all" % pid)
            rows.append((st["language"], kind, pid, man["site"] if man else "", sty, body_words, all_words,
                         "-" if shared is None else shared, "-" if full_shared is None else full_shared,
                         len(pg["furniture"]), len(pg["added"])))

    if styles != {"blank": 12, "single": 12, "mixed": 12}:
        bad("line styles are %s, want 12/12/12" % styles)
    if manifest and specials != {"glued_link": 3, "caption_one_line": 4, "cookie_first_line": 2}:
        bad("special placements are %s" % specials)
    # structural check of the special placements
    if manifest:
        for pid, man in manifest.items():
            t = texts.get(pid, "")
            furn = pages[pid]["furniture"]
            lines = t.split("\n")
            if "cookie_first_line" in man["special"]:
                if lines[0] not in furn:
                    bad("%s: first line is not a single furniture string" % pid)
            if "glued_link" in man["special"]:
                ok = any(ln != p and ln.startswith(p + " ") and ln[len(p) + 1:] in furn
                         for ln in lines for p in man["paragraphs"])
                if not ok:
                    bad("%s: no paragraph line with a glued link" % pid)
            if "caption_one_line" in man["special"]:
                ok = any(ln.startswith(c + " ") and ln[len(c) + 1:] in furn for ln in lines for c in man["captions"])
                if not ok:
                    bad("%s: no caption+credit line" % pid)

    # ---- write overlap counts back ---------------------------------------
    for st in labels["stories"]:
        for pid, d in st["derivatives"].items():
            d["shared_word5grams_with_original"] = shared_by_id.get(pid)
    with open(LABELS, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    # ---- summary table ---------------------------------------------------
    hdr = ("lang", "kind", "id", "site", "lines", "body_w", "art_w", "shared5", "page5", "furn", "added")
    print("%-4s %-10s %-12s %-26s %-6s %6s %6s %7s %6s %4s %5s" % hdr)
    print("-" * 103)
    for r in rows:
        print("%-4s %-10s %-12s %-26s %-6s %6d %6d %7s %6s %4d %5d" % r)
    print()
    print("body_w = words in body paragraphs; art_w = body + caption words (headline excluded);")
    print("shared5 = distinct word 5-grams shared with the original's article text (limits: rewrite/distractor 10, summary 5);")
    print("page5 = same, computed over the whole files including furniture (informative).")
    print("line styles: %s; special placements: %s" % (styles, specials))
    print("furniture strings: %d; pages: %d" % (sum(len(p["furniture"]) for p in pages.values()), len(pages)))
    if problems:
        print("\nFAILED: %d problem(s)" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("\nALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
