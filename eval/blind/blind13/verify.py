#!/usr/bin/env python3
"""Verify the labelled text-reuse test set (standard library only).

Checks:
  * every labelled string (added / boilerplate) is an exact substring of its
    document and occurs exactly once;
  * every file in docs/ is labelled exactly once, every label has a file;
  * body word counts (body = text minus its boilerplate strings; words are
    whitespace-separated tokens containing a letter or digit):
      original 450-550, summary 120-180, distractor 300-450;
  * trim keeps 50-70% of the original's body words (measured both as
    word-count ratio of the trim body without its added passages, and as the
    share of original body tokens covered by 5-grams shared with the trim);
  * shared word 5-grams (tokens = re.findall(r"\\w+", text.lower())) between
    each derivative body and the original body: rewrite <= 10, summary <= 5;
    the count is written into each derivative label as
    "shared_word5grams_with_original";
  * sanity: light added paragraph is not at the very end of the body, summary
    ends with its added sentence, added passages are not in the original,
    distractor shares at most 10 5-grams with the original.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")

errors = []
def err(msg):
    errors.append(msg)
    print("ERROR:", msg)

def read(doc_id):
    p = os.path.join(DOCS, doc_id + ".txt")
    if not os.path.exists(p):
        err(f"missing file for id {doc_id}")
        return ""
    with open(p, encoding="utf-8") as f:
        return f.read()

def body_of(text, boilerplate):
    for s in boilerplate:
        text = text.replace(s, "\n")
    return text

def nwords(text):
    return sum(1 for t in text.split() if any(ch.isalnum() for ch in t))

def toks(text):
    return re.findall(r"\w+", text.lower())

def grams(tokens, n=5):
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}

def coverage(orig_tokens, other_grams, n=5):
    covered = [False] * len(orig_tokens)
    for i in range(len(orig_tokens) - n + 1):
        if tuple(orig_tokens[i:i + n]) in other_grams:
            for j in range(i, i + n):
                covered[j] = True
    return sum(covered) / max(1, len(orig_tokens))

def check_strings(doc_id, text, strings, what):
    for s in strings:
        if not s.strip():
            err(f"{doc_id}: empty {what} string")
            continue
        c = text.count(s)
        if c != 1:
            err(f"{doc_id}: {what} string occurs {c} times: {s[:70]!r}")

def in_range(doc_id, kind, n, lo, hi):
    ok = lo <= n <= hi
    if not ok:
        err(f"{doc_id} ({kind}): body has {n} words, expected {lo}-{hi}")
    return ok

def main():
    with open(LABELS, encoding="utf-8") as f:
        labels = json.load(f)
    seen = {}
    files = {fn[:-4] for fn in os.listdir(DOCS) if fn.endswith(".txt")}
    other = [fn for fn in os.listdir(DOCS) if not fn.endswith(".txt")]
    for fn in other:
        err(f"unexpected non-.txt file in docs/: {fn}")

    def mark(doc_id, role):
        if doc_id in seen:
            err(f"{doc_id} labelled twice ({seen[doc_id]} and {role})")
        seen[doc_id] = role

    for st in labels["stories"]:
        lang = st["language"]
        oid = st["original"]
        mark(oid, f"{lang} original")
        otext = read(oid)
        obp = st["boilerplate_of_original"]
        check_strings(oid, otext, obp, "boilerplate")
        obody = body_of(otext, obp)
        on = nwords(obody)
        in_range(oid, "original", on, 450, 550)
        otoks = toks(obody)
        ograms = grams(otoks)
        print(f"\n== {st['name']}")
        print(f"  original   {oid}: body {on} words")
        kinds = {}
        for did, d in st["derivatives"].items():
            kind = d["kind"]
            kinds[kind] = kinds.get(kind, 0) + 1
            mark(did, f"{lang} {kind}")
            if not did.startswith(lang + "_"):
                err(f"{did}: id does not start with language prefix {lang}_")
            text = read(did)
            check_strings(did, text, d["boilerplate"], "boilerplate")
            check_strings(did, text, d["added"], "added")
            if not d["added"]:
                err(f"{did}: no added passage labelled")
            for a in d["added"]:
                if a in otext:
                    err(f"{did}: added passage also present in original")
                if nwords(a) == 0:
                    err(f"{did}: added passage has no words")
            body = body_of(text, d["boilerplate"])
            bn = nwords(body)
            btoks = toks(body)
            bgrams = grams(btoks)
            shared = len(bgrams & ograms)
            d["shared_word5grams_with_original"] = shared
            cov = coverage(otoks, bgrams)
            info = f"body {bn} words, shared 5-grams {shared}, covers {cov:.0%} of original"
            added_words = sum(nwords(a) for a in d["added"])
            if kind == "light":
                if len(d["added"]) != 1:
                    err(f"{did}: light should have exactly one added paragraph")
                for a in d["added"]:
                    after = body[body.find(a) + len(a):]
                    if nwords(after) < 10:
                        err(f"{did}: light added paragraph is at the end of the body")
                if cov < 0.8:
                    err(f"{did}: light covers only {cov:.0%} of the original")
            elif kind == "trim":
                kept = (bn - added_words) / on
                info += f", kept words {kept:.0%}"
                if not 0.5 <= kept <= 0.7:
                    err(f"{did}: trim keeps {kept:.0%} of original words (want 50-70%)")
                if not 0.5 <= cov <= 0.7:
                    err(f"{did}: trim 5-gram coverage {cov:.0%} (want 50-70%)")
                if len(d["added"]) != 1:
                    err(f"{did}: trim should have exactly one added passage")
            elif kind == "rewrite":
                if shared > 10:
                    err(f"{did}: rewrite shares {shared} 5-grams with original (max 10)")
                if not 1 <= len(d["added"]) <= 2:
                    err(f"{did}: rewrite should have one or two added paragraphs")
            elif kind == "summary":
                in_range(did, "summary", bn, 120, 180)
                if shared > 5:
                    err(f"{did}: summary shares {shared} 5-grams with original (max 5)")
                if len(d["added"]) != 1:
                    err(f"{did}: summary should have exactly one added sentence")
                elif not body.rstrip().endswith(d["added"][0].rstrip()):
                    err(f"{did}: summary body does not end with its added sentence")
            else:
                err(f"{did}: unknown kind {kind}")
            print(f"  {kind:<10} {did}: {info}")
        for k in ["light", "trim", "rewrite", "summary"]:
            if kinds.get(k) != 1:
                err(f"{lang}: expected exactly one {k}, found {kinds.get(k, 0)}")
        xid = st["distractor"]
        mark(xid, f"{lang} distractor")
        xtext = read(xid)
        xbp = st["boilerplate_of_distractor"]
        check_strings(xid, xtext, xbp, "boilerplate")
        xbody = body_of(xtext, xbp)
        xn = nwords(xbody)
        in_range(xid, "distractor", xn, 300, 450)
        xshared = len(grams(toks(xbody)) & ograms)
        if xshared > 10:
            err(f"{xid}: distractor shares {xshared} 5-grams with original (sanity max 10)")
        print(f"  distractor {xid}: body {xn} words, shared 5-grams {xshared}")

    for fid in sorted(files):
        if fid not in seen:
            err(f"file docs/{fid}.txt is not labelled")
    with open(LABELS, "w", encoding="utf-8") as f:
        json.dump(labels, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"\nstories: {len(labels['stories'])}, files: {len(files)}, labelled ids: {len(seen)}")
    print(f"errors: {len(errors)}")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
