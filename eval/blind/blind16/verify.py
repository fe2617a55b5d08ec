#!/usr/bin/env python3
"""Check the blind16 test set against its labels and write overlap figures.

Run from this folder:  python3 verify.py
Standard library only.  Exit status 0 = all checks passed.

Definitions used here
  words       whitespace-separated words; Thai: letters / 4
  letters     characters of Unicode category L*, M* or N* (letters, marks, digits)
  tokens      lower-cased runs of letters (for word 5-grams)
  grams       word 5-grams of tokens; Thai: character 10-grams over the
              lower-cased string of letters (spaces and punctuation dropped)
  article     page text with every labelled furniture string cut out, split
              into non-empty lines; line 1 is the headline
  body        article lines from the first line of >= 25 words (the dateline
              paragraph of a release) to the end
  retained    an original body paragraph is retained on a page if >= 50 % of
              its grams occur in that page's article text (copy: >= 80 %)
"""
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")

MAX_SHARED = {"rewrite": (10, 40), "summary": (5, 20)}  # (others, Thai)


def is_letter(ch):
    return unicodedata.category(ch)[0] in "LMN"


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if is_letter(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def wc(text, lang):
    if lang == "th":
        return sum(1 for c in text if is_letter(c)) / 4.0
    return len(text.split())


def grams(text, lang):
    if lang == "th":
        s = "".join(c for c in text.lower() if is_letter(c))
        return {s[i:i + 10] for i in range(len(s) - 9)}
    t = tokens(text)
    return {tuple(t[i:i + 5]) for i in range(len(t) - 4)}


def article_lines(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n", 1)
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def body_of(lines, lang):
    for i, ln in enumerate(lines):
        if wc(ln, lang) >= 25:
            return lines[i:]
    return []


def containment(par, page_grams, lang):
    g = grams(par, lang)
    if not g:
        return 1.0
    return len(g & page_grams) / len(g)


def line_style(text, furniture):
    """Classify separators between elements: blank / single / mixed."""
    t = text
    for i, f in enumerate(sorted(furniture, key=len, reverse=True)):
        if "\n" in f:
            t = t.replace(f, "<<BLOCK%d>>" % i, 1)
    t = t.strip("\n")
    doubles = t.count("\n\n")
    singles = t.replace("\n\n", "").count("\n")
    if doubles and not singles:
        return "blank"
    if singles and not doubles:
        return "single"
    return "mixed"


def fmt(x):
    return ("%.1f" % x) if isinstance(x, float) else str(x)


def main():
    errors = []

    def err(msg):
        errors.append(msg)

    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)

    pages = {}      # id -> dict(text, furniture, added, story, kind, lang)
    for s in labels["stories"]:
        lang = s["language"]
        entries = [(s["original"], "original", [], s["boilerplate_of_original"]),
                   (s["distractor"], "distractor", [], s["boilerplate_of_distractor"])]
        for pid, d in s["derivatives"].items():
            entries.append((pid, d["kind"], d["added"], d["boilerplate"]))
        for pid, kind, added, furn in entries:
            path = os.path.join(DOCS, pid + ".txt")
            if pid in pages:
                err("%s: id used twice" % pid)
            if not os.path.exists(path):
                err("%s: file missing" % pid)
                continue
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            pages[pid] = dict(text=text, furniture=furn, added=added,
                              story=s["name"], kind=kind, lang=lang)

    on_disk = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: file in docs/ but not labelled" % extra)

    # 1. every labelled string occurs exactly once in its own file
    for pid, p in pages.items():
        for kind, strings in (("furniture", p["furniture"]), ("added", p["added"])):
            for st in strings:
                if not st or st != st.strip():
                    err("%s: %s string empty or padded: %r" % (pid, kind, st[:50]))
                n = p["text"].count(st)
                if n != 1:
                    err("%s: %s string occurs %d times: %r" % (pid, kind, n, st[:60]))

    # 2. no furniture string appears on two pages (exception: the media-contact
    #    block an organisation uses on both its original and its distractor)
    shared_ok = {}
    for s in labels["stories"]:
        both = set(s["boilerplate_of_original"]) & set(s["boilerplate_of_distractor"])
        for b in both:
            shared_ok[b] = {s["original"], s["distractor"]}
    n_shared_contact = 0
    for pid, p in pages.items():
        for f in p["furniture"]:
            fl = f.lower()  # stricter than required: compare case-insensitively
            hits = {q for q, pq in pages.items() if q != pid and fl in pq["text"].lower()}
            if not hits:
                continue
            allowed = shared_ok.get(f)
            if allowed and hits | {pid} == allowed and "@" in f:
                n_shared_contact += 1
                continue
            err("%s: furniture %r also on %s" % (pid, f[:50], sorted(hits)))

    # 3. per-story / per-kind checks
    rows = []
    for s in labels["stories"]:
        lang = s["language"]
        th = lang == "th"
        o = pages.get(s["original"])
        if not o:
            continue
        o_lines = article_lines(o["text"], o["furniture"])
        o_body = body_of(o_lines, lang)
        o_text = "\n".join(o_lines)
        o_grams = grams(o_text, lang)
        about = o_body[-1] if o_body else ""
        o_words = sum(wc(x, lang) for x in o_body)
        status = []
        if not 8 <= len(o_body) <= 11:
            status.append("paragraphs=%d" % len(o_body))
        if not 400 <= o_words <= 550:
            status.append("body words=%s" % fmt(o_words))
        if len(o_lines) - len(o_body) not in (1, 2):
            status.append("headline/sub lines=%d" % (len(o_lines) - len(o_body)))
        quotes = sum(1 for x in o_body if any(q in x for q in "“”«»\"”"))
        if quotes < 2:
            status.append("quote paragraphs=%d" % quotes)
        for m in status:
            err("%s original: %s" % (s["name"], m))
        rows.append((s["name"], lang, s["original"], "original", o_words, "-",
                     "%d paras" % len(o_body), "ok" if not status else "FAIL"))

        # distractor
        d = pages.get(s["distractor"])
        if d:
            d_lines = article_lines(d["text"], d["furniture"])
            d_body = body_of(d_lines, lang)
            d_words = sum(wc(x, lang) for x in d_body)
            st = []
            if not 300 <= d_words <= 450:
                st.append("words=%s" % fmt(d_words))
            if about not in d["text"]:
                st.append("About paragraph of original not verbatim on distractor")
            contact = [f for f in s["boilerplate_of_original"]
                       if f in s["boilerplate_of_distractor"] and "@" in f]
            if not contact:
                st.append("no shared media-contact block")
            dg = grams("\n".join(d_lines), lang)
            ab = grams(about, lang)
            shared_d = len(dg & o_grams)
            for m in st:
                err("%s distractor: %s" % (s["name"], m))
            rows.append((s["name"], lang, s["distractor"], "distractor", d_words,
                         "%d (%d w/o About)" % (shared_d, len(dg - ab & o_grams - ab)), "-",
                         "ok" if not st else "FAIL"))

        for pid, dl in s["derivatives"].items():
            p = pages.get(pid)
            if not p:
                continue
            kind = dl["kind"]
            lines = article_lines(p["text"], p["furniture"])
            atext = "\n".join(lines)
            pg = grams(atext, lang)
            shared = len(pg & o_grams)
            dl["shared_word5grams_with_original"] = shared
            retained = [i for i, par in enumerate(o_body)
                        if containment(par, pg, lang) >= (0.8 if kind == "copy" else 0.5)]
            st = []
            added = p["added"]
            info = "retained %d/%d" % (len(retained), len(o_body))
            words = "-"
            if kind == "copy":
                if len(retained) != len(o_body):
                    st.append("copy lost paragraphs: %s" % sorted(set(range(len(o_body))) - set(retained)))
                for hl in o_lines[:len(o_lines) - len(o_body)]:
                    if hl not in p["text"] and containment(hl, pg, lang) < 0.8:
                        st.append("copy lost headline/sub %r" % hl[:40])
                tot = len(o_grams & pg) / len(o_grams)
                info += ", %.0f%% of grams" % (100 * tot)
                if tot < 0.9:
                    st.append("copy keeps only %.0f%% of grams" % (100 * tot))
                words = sum(wc(x, lang) for x in body_of(lines, lang))
            elif kind == "expanded":
                if not added or added[0] != lines[0]:
                    st.append("own headline missing/not first added")
                longs = [a for a in added if wc(a, lang) >= 30]
                if len(longs) != 3:
                    st.append("expected 3 added paragraphs, got %d" % len(longs))
                else:
                    for a in longs[:2]:
                        if not 40 <= wc(a, lang) <= 90:
                            st.append("opening paragraph words=%s" % fmt(wc(a, lang)))
                    if not 40 <= wc(longs[2], lang) <= 80:
                        st.append("closing paragraph words=%s" % fmt(wc(longs[2], lang)))
                    pos = [p["text"].find(a) for a in longs]
                    rpos = [p["text"].find(o_body[i][:40]) for i in retained]
                    rpos = [x for x in rpos if x >= 0]
                    if rpos and not (pos[0] < pos[1] < min(rpos) and pos[2] > max(rpos)):
                        st.append("added paragraphs not at start/end")
                    if not any(q in longs[2] for q in "“”«»\"”"):
                        st.append("closing paragraph has no quote")
                if not 5 <= len(retained) <= 7:
                    st.append("retained %d release paragraphs" % len(retained))
                words = sum(wc(x, lang) for x in body_of(lines, lang))
            elif kind == "trim":
                if not added or added[0] != lines[0]:
                    st.append("own headline missing/not first added")
                frac = len(retained) / len(o_body)
                info += " (%.0f%%)" % (100 * frac)
                if retained != list(range(len(retained))):
                    st.append("retained paragraphs are not the first ones: %s" % retained)
                if not 0.45 <= frac <= 0.60:
                    st.append("retained fraction %.2f" % frac)
                if len(added) != 2:
                    st.append("expected headline + 1 added sentence, got %d added" % len(added))
                else:
                    w = wc(added[1], lang)
                    if not 15 <= w <= 35:
                        st.append("added sentence words=%s" % fmt(w))
                    if not atext.rstrip().endswith(added[1]):
                        st.append("added sentence is not at the end")
                words = sum(wc(x, lang) for x in body_of(lines, lang))
            elif kind in ("rewrite", "summary"):
                words = sum(wc(x, lang) for x in lines[1:])
                lo, hi = (300, 450) if kind == "rewrite" else (80, 150)
                if not lo <= words <= hi:
                    st.append("words=%s (want %d-%d)" % (fmt(words), lo, hi))
                lim = MAX_SHARED[kind][1 if th else 0]
                if shared > lim:
                    st.append("shared grams %d > %d" % (shared, lim))
                if len(added) != 1:
                    st.append("expected exactly 1 added string, got %d" % len(added))
                else:
                    w = wc(added[0], lang)
                    lo2, hi2 = (40, 80) if kind == "rewrite" else (15, 35)
                    if not lo2 <= w <= hi2:
                        st.append("added %s words=%s" % ("paragraph" if kind == "rewrite" else "opinion", fmt(w)))
                    if kind == "summary" and not atext.rstrip().endswith(added[0]):
                        st.append("opinion sentence is not at the end")
            else:
                st.append("unknown kind %s" % kind)
            if kind == "copy" and added:
                info += ", added=%d" % len(added)
            for m in st:
                err("%s %s %s: %s" % (s["name"], kind, pid, m))
            rows.append((s["name"], lang, pid, kind, words, shared, info, "ok" if not st else "FAIL"))

    # 4. line-structure and glued-element report (informational)
    styles = {}
    glued = []
    for pid, p in pages.items():
        sty = line_style(p["text"], p["furniture"])
        styles[sty] = styles.get(sty, 0) + 1
        for ln in p["text"].split("\n"):
            fs = [f for f in p["furniture"] if f in ln and "\n" not in f]
            if fs and any(len(f) < len(ln.strip()) for f in fs):
                if all(f != ln.strip() for f in fs):
                    glued.append((pid, p["kind"], ln.strip()[:70]))
                    break

    # summary table
    hdr = ("story", "lang", "id", "kind", "words", "shared", "paragraphs", "status")
    widths = [max(len(fmt(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    print("  ".join(h.ljust(w) for h, w in zip(hdr, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(fmt(c).ljust(w) for c, w in zip(r, widths)))
    print()
    print("shared = distinct shared word 5-grams with the original (Thai: character 10-grams)")
    print("pages: %d   line styles: %s" % (len(pages), ", ".join("%s=%d" % kv for kv in sorted(styles.items()))))
    print("furniture glued to article text on one line: %d pages" % len(glued))
    for g in glued:
        print("   %s %-9s %s" % g)
    print("contact blocks shared original<->distractor (allowed): %d" % (n_shared_contact // 2))

    with open(LABELS, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
