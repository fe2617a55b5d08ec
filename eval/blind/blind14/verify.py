#!/usr/bin/env python3
"""Check the blind14 labelled test set (standard library only).

Checks
  * every labelled string (furniture / added) is non-empty, an exact substring of its
    own document, occurs exactly once, and does not overlap another labelled string;
  * every docs/*.txt file is labelled exactly once and every labelled id has a file;
  * no furniture string (case/whitespace-folded) is shared between different outlets
    (the wire's original and update pages count as one outlet);
  * the original has 8-12 body paragraphs (besides headline and caption);
  * body word counts (body = text minus its furniture strings; Japanese: non-space
    characters / 2) are in range: original 450-550, rewrite 300-450, distractor 300-450,
    local paragraph 40-80, update paragraph 40-70, rewrite background 40-80,
    excerpt intro 15-30;
  * rewrite and distractor share <= 10 word 5-grams with the original body
    (tokens = re.findall(r"\\w+", text.lower()); Japanese: character 5-grams of the
    body without spaces/punctuation, <= 40);
  * the copy's body minus its headline holds >= 90% of the original body's 5-grams,
    its headline differs and it has at most two small edits;
  * local: own headline + one paragraph inserted after the 2nd or 3rd paragraph,
    last 1-2 paragraphs cut;  update: new first paragraph, exactly one figure changed
    in the labelled sentence, headline labelled if changed;  excerpt: intro + the
    original's first 2-3 paragraphs copied exactly;
  * added passages are not substrings of the original.
It writes "shared_word5grams_with_original" into each derivative's label
(for Japanese this is the number of shared character 5-grams) and prints a summary.
"""
import difflib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(ROOT, "docs")
LABELS = os.path.join(ROOT, "labels.json")

RANGES = {
    "original": (450, 550),
    "rewrite": (300, 450),
    "distractor": (300, 450),
}
errors = []


def err(msg):
    errors.append(msg)


def read(doc_id):
    with open(os.path.join(DOCS, doc_id + ".txt"), encoding="utf-8") as fh:
        return fh.read()


def strip(text, strings):
    for s in sorted(strings, key=len, reverse=True):
        text = text.replace(s, "\n", 1)
    return text


def nwords(text, lang):
    if lang == "ja":
        return len(re.sub(r"\s", "", text)) / 2
    return len(re.findall(r"\w+", text))


def grams(text, lang):
    if lang == "ja":
        chars = "".join(re.findall(r"\w", text)).replace("_", "")
        return {chars[i:i + 5] for i in range(len(chars) - 4)}
    toks = re.findall(r"\w+", text.lower())
    return {tuple(toks[i:i + 5]) for i in range(len(toks) - 4)}


def tokens(text, lang):
    if lang == "ja":
        return list("".join(re.findall(r"\w", text)))
    return re.findall(r"\w+", text.lower())


def lines(text):
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def mixed_lines(text, furn):
    """Body lines that shared their raw line with furniture (photo captions)."""
    out = set()
    for raw in text.split("\n"):
        inside = [f for f in furn if f in raw]
        if inside:
            rest = strip(raw, inside).strip()
            if rest:
                out.add(rest)
    return out


def fold(s):
    return re.sub(r"\s+", " ", s).strip().casefold()


def check_strings(doc_id, text, furn, added):
    allstr = [("furniture", s) for s in furn] + [("added", s) for s in added]
    for kind, s in allstr:
        if not s.strip():
            err(f"{doc_id}: empty {kind} string")
            continue
        c = text.count(s)
        if c != 1:
            err(f"{doc_id}: {kind} string occurs {c} times: {s[:70]!r}")
    for i, (_, a) in enumerate(allstr):
        for j, (_, b) in enumerate(allstr):
            if i != j and a in b:
                err(f"{doc_id}: labelled string {a[:40]!r} lies inside another labelled string")


def main():
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    files = sorted(f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt"))
    seen = {}
    for st in labels["stories"]:
        ids = [st["original"], st["distractor"]] + list(st["derivatives"])
        for i in ids:
            seen[i] = seen.get(i, 0) + 1
    for i in files:
        if seen.get(i, 0) != 1:
            err(f"file {i}.txt labelled {seen.get(i, 0)} times")
    for i in seen:
        if i not in files:
            err(f"labelled id {i} has no file")
        if not re.fullmatch(r"[0-9a-f]{12}", i):
            err(f"id {i} is not 12 lowercase hex characters")

    outlet_of = {}  # folded furniture -> set of outlets
    summary = []
    for st in labels["stories"]:
        lang = st["language"]
        limit = 40 if lang == "ja" else 10
        oid = st["original"]
        otext = read(oid)
        ofurn = st["boilerplate_of_original"]
        check_strings(oid, otext, ofurn, [])
        obody = strip(otext, ofurn)
        ograms = grams(obody, lang)
        olines = lines(obody)
        ohead = olines[0]
        ocap = mixed_lines(otext, ofurn)
        oparas = [ln for ln in olines[1:] if ln not in ocap]
        ow = nwords(obody, lang)
        lo, hi = RANGES["original"]
        if not lo <= ow <= hi:
            err(f"{st['name']}: original body {ow} words outside {lo}-{hi}")
        if not 8 <= len(oparas) <= 12:
            err(f"{st['name']}: original has {len(oparas)} paragraphs (8-12)")
        rows = [("original", oid, ow, "-", f"{len(oparas)} paragraphs")]
        for f in ofurn:
            outlet_of.setdefault(fold(f), set()).add((st["name"], "wire"))

        for did, d in st["derivatives"].items():
            kind = d["kind"]
            text = read(did)
            furn, added = d["boilerplate"], d["added"]
            check_strings(did, text, furn, added)
            outlet = "wire" if kind == "update" else kind
            for f in furn:
                outlet_of.setdefault(fold(f), set()).add((st["name"], outlet))
            for a in added:
                if a in otext:
                    err(f"{did} ({kind}): added passage is a substring of the original: {a[:60]!r}")
            body = strip(text, furn)
            bl = lines(body)
            shared = len(grams(body, lang) & ograms)
            d["shared_word5grams_with_original"] = shared
            bw = nwords(body, lang)
            note = ""
            if kind == "copy":
                head = bl[0]
                if head not in added:
                    err(f"{did} copy: headline not labelled as added")
                if head == ohead:
                    err(f"{did} copy: headline identical to the original's")
                rest = body.replace(head, "\n", 1)
                ratio = len(grams(rest, lang) & ograms) / len(ograms)
                if ratio < 0.90:
                    err(f"{did} copy: keeps only {ratio:.1%} of the original's 5-grams")
                a = tokens(obody.replace(ohead, "\n", 1), lang)
                b = tokens(rest, lang)
                edits = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
                if len(edits) > 2:
                    err(f"{did} copy: {len(edits)} edits (max 2)")
                note = f"keeps {ratio:.1%} of original 5-grams, {len(edits)} small edits"
            elif kind == "local":
                paras = [a for a in added if a.strip() != bl[0]]
                if bl[0] not in added:
                    err(f"{did} local: headline not labelled as added")
                if bl[0] == ohead:
                    err(f"{did} local: headline identical to the original's")
                if len(paras) != 1 or len(added) != 2:
                    err(f"{did} local: expected headline + one paragraph in added")
                else:
                    p = paras[0].strip()
                    pw = nwords(p, lang)
                    if not 40 <= pw <= 80:
                        err(f"{did} local: local paragraph {pw} words (40-80)")
                    if p not in bl:
                        err(f"{did} local: local paragraph is not a paragraph of its own")
                    else:
                        before = [ln for ln in bl[: bl.index(p)] if ln in oparas]
                        if before != oparas[: len(before)] or len(before) not in (2, 3):
                            err(f"{did} local: paragraph inserted after {len(before)} paragraphs")
                    kept = [ln for ln in bl if ln in oparas]
                    cut = len(oparas) - len(kept)
                    if kept != oparas[: len(kept)] or cut not in (1, 2):
                        err(f"{did} local: expected the last 1-2 paragraphs cut (cut={cut})")
                    note = f"local paragraph {pw:g} words, inserted after {len(before)} paragraphs, last {cut} cut"
            elif kind == "update":
                first = [ln for ln in bl[1:] if ln not in ocap]
                new_lines = [a for a in added if first and a.strip() == first[0]]
                sents = [a for a in added if a.strip() != bl[0] and a not in new_lines]
                if bl[0] != ohead and bl[0] not in added:
                    err(f"{did} update: changed headline not labelled as added")
                if len(new_lines) != 1 or len(sents) != 1:
                    err(f"{did} update: expected one new paragraph and one changed sentence")
                else:
                    p = new_lines[0].strip()
                    pw = nwords(p, lang)
                    if not 40 <= pw <= 70:
                        err(f"{did} update: new paragraph {pw} words (40-70)")
                    rest = strip(body, [bl[0], p])
                    a = tokens(obody.replace(ohead, "\n", 1), lang)
                    b = tokens(rest, lang)
                    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
                    changed_ok = (len(ops) == 1 and ops[0][0] == "replace"
                                  and all(re.fullmatch(r"[\d０-９]+", t) for t in a[ops[0][1]:ops[0][2]] + b[ops[0][3]:ops[0][4]]))
                    if not changed_ok:
                        err(f"{did} update: expected exactly one changed figure, got {ops}")
                    else:
                        old = "".join(a[ops[0][1]:ops[0][2]]) if lang == "ja" else " ".join(a[ops[0][1]:ops[0][2]])
                        new = "".join(b[ops[0][3]:ops[0][4]]) if lang == "ja" else " ".join(b[ops[0][3]:ops[0][4]])
                        if not all(t in sents[0].lower() for t in b[ops[0][3]:ops[0][4]]):
                            err(f"{did} update: changed figure not inside the labelled sentence")
                    note = f"new paragraph {pw:g} words, figure changed" + (f" {old} -> {new}" if changed_ok else "")
                    note += ", headline changed" if bl[0] != ohead else ", same headline"
            elif kind == "rewrite":
                lo, hi = RANGES["rewrite"]
                if not lo <= bw <= hi:
                    err(f"{did} rewrite: body {bw} words outside {lo}-{hi}")
                if len(added) != 1:
                    err(f"{did} rewrite: expected one added background paragraph")
                else:
                    pw = nwords(added[0], lang)
                    if not 40 <= pw <= 80:
                        err(f"{did} rewrite: background paragraph {pw} words (40-80)")
                    note = f"background paragraph {pw:g} words"
                if shared > limit:
                    err(f"{did} rewrite: shares {shared} 5-grams with the original (max {limit})")
            elif kind == "excerpt":
                pw = 0
                if len(added) != 1:
                    err(f"{did} excerpt: expected one added intro sentence")
                else:
                    pw = nwords(added[0], lang)
                    if not 15 <= pw <= 30:
                        err(f"{did} excerpt: intro {pw} words (15-30)")
                copied = [ln for ln in lines(strip(body, added))]
                for ln in copied:
                    if ln not in otext:
                        err(f"{did} excerpt: line not copied exactly from the original: {ln[:60]!r}")
                cp = [ln for ln in copied if ln in oparas]
                if cp != oparas[: len(cp)] or len(cp) not in (2, 3):
                    err(f"{did} excerpt: expected the original's first 2-3 paragraphs, got {len(cp)}")
                note = f"intro {pw:g} words, {len(cp)} paragraphs copied"
            rows.append((kind, did, bw, shared, note))

        xid = st["distractor"]
        xtext = read(xid)
        xfurn = st["boilerplate_of_distractor"]
        check_strings(xid, xtext, xfurn, [])
        for f in xfurn:
            outlet_of.setdefault(fold(f), set()).add((st["name"], "distractor"))
        xbody = strip(xtext, xfurn)
        xw = nwords(xbody, lang)
        lo, hi = RANGES["distractor"]
        if not lo <= xw <= hi:
            err(f"{xid} distractor: body {xw} words outside {lo}-{hi}")
        xshared = len(grams(xbody, lang) & ograms)
        if xshared > limit:
            err(f"{xid} distractor: shares {xshared} 5-grams with the original (max {limit})")
        rows.append(("distractor", xid, xw, xshared, ""))
        summary.append((st, rows))

    for f, outs in outlet_of.items():
        if len(outs) > 1:
            err(f"furniture string shared by different outlets {sorted(outs)}: {f[:60]!r}")

    with open(LABELS, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    for st, rows in summary:
        unit = "char 5-grams" if st["language"] == "ja" else "word 5-grams"
        print(f"\n[{st['language']}] {st['name']}   (shared = {unit} shared with the original body)")
        print(f"  {'role':<11}{'id':<14}{'body words':>11}{'shared':>8}  notes")
        for kind, i, w, sh, note in rows:
            print(f"  {kind:<11}{i:<14}{w:>11g}{str(sh):>8}  {note}")
    print(f"\n{len(files)} documents, {len(labels['stories'])} stories")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("ALL CHECKS PASSED")


if __name__ == "__main__":
    main()
