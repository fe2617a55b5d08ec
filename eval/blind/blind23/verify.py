#!/usr/bin/env python3
"""Check the blind23 test set against its labels and write overlap figures.

Run from anywhere:  python3 verify.py
Standard library only.  Exit status 0 = all checks passed.

Definitions
  words      whitespace-separated words (all six languages, Korean included)
  tokens     lower-cased runs of characters of Unicode category L*, M* or N*
  grams      word 5-grams of tokens
  cgrams     character 10-grams over the lower-cased string of L*/M*/N*
             characters (spaces and punctuation dropped); used for Korean limits
  article    page text with every labelled furniture string cut out, split into
             non-empty stripped lines; line 1 is the headline / item title
  body       article lines after the headline
  STD        the source's standard closing paragraph = last body line of the A original
  sentences  a paragraph split after . ! ? or … (plus any closing quote marks)
             when followed by whitespace
"""
import difflib
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")

LANGS = ["fr", "it", "nl", "tr", "ko", "pt-BR"]
KINDS_A = {"copy", "tail_quote", "rewrite_keep_end", "trim", "summary"}
KINDS_B = {"copy", "tail_quote"}
QUOTES = "«»“”„\"‘’'‹›「」『』"
CLOSERS = "»”\"’'›」』)"


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


def grams(text):
    t = tokens(text)
    return {tuple(t[i:i + 5]) for i in range(len(t) - 4)}


def cgrams(text):
    s = "".join(c for c in text.lower() if is_letter(c))
    return {s[i:i + 10] for i in range(len(s) - 9)}


def lgrams(text, lang):
    """the n-gram measure used for a language's paraphrase limits"""
    return cgrams(text) if lang == "ko" else grams(text)


def wc(text):
    return len(text.split())


def sentences(par):
    out, start, i, n = [], 0, 0, len(par)
    while i < n:
        if par[i] in ".!?…":
            j = i + 1
            while j < n and par[j] in ".!?…":
                j += 1
            while j < n and par[j] in CLOSERS:
                j += 1
            if j >= n or par[j].isspace():
                s = par[start:j].strip()
                if s:
                    out.append(s)
                start = j
                i = j
                continue
        i += 1
    s = par[start:].strip()
    if s:
        out.append(s)
    return out


def article_lines(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n", 1)
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def cut(text, part):
    return text.replace(part, "\n")


def containment(par, page_g):
    g = grams(par)
    return len(g & page_g) / len(g) if g else 1.0


def line_style(text, furniture):
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


def main():
    errors = []
    err = errors.append

    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    stories = labels.get("stories", [])

    # ------------------------------------------------------------ structure
    if len(stories) != 12:
        err("expected 12 stories, got %d" % len(stories))
    by_lang = {}
    for s in stories:
        by_lang.setdefault(s["language"], {})
        half = s["name"].rsplit("-", 1)[-1]
        if half not in ("A", "B") or not s["name"].startswith(s["language"] + "-"):
            err("%s: name must be <lang>-<slug>-A|B" % s["name"])
            continue
        if half in by_lang[s["language"]]:
            err("%s: two %s stories" % (s["language"], half))
        by_lang[s["language"]][half] = s
        kinds = sorted(d["kind"] for d in s["derivatives"].values())
        want = sorted(KINDS_A if half == "A" else KINDS_B)
        if kinds != want:
            err("%s: derivative kinds %s, want %s" % (s["name"], kinds, want))
    if sorted(by_lang) != sorted(LANGS):
        err("languages %s, want %s" % (sorted(by_lang), LANGS))

    pages = {}
    for s in stories:
        entries = [(s["original"], "original", [], s["boilerplate_of_original"])]
        for pid, d in s["derivatives"].items():
            entries.append((pid, d["kind"], d["added"], d["boilerplate"]))
        for pid, kind, added, furn in entries:
            if pid in pages:
                err("%s: id used twice" % pid)
            if len(pid) != 12 or any(c not in "0123456789abcdef" for c in pid):
                err("%s: id is not 12 hex digits" % pid)
            path = os.path.join(DOCS, pid + ".txt")
            if not os.path.exists(path):
                err("%s: file missing" % pid)
                continue
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            pages[pid] = dict(text=text, furniture=furn, added=added, story=s["name"],
                              kind=kind, lang=s["language"])
    on_disk = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: file in docs/ but not labelled" % extra)
    if len(pages) != 54:
        err("expected 54 pages, got %d" % len(pages))

    # ------------------------------------------------ labelled strings
    for pid, p in pages.items():
        spans = []
        for what, strings in (("furniture", p["furniture"]), ("added", p["added"])):
            last = -1
            for st in strings:
                if not st or st != st.strip():
                    err("%s: %s string empty or padded: %r" % (pid, what, st[:50]))
                n = p["text"].count(st)
                if n != 1:
                    err("%s: %s string occurs %d times: %r" % (pid, what, n, st[:60]))
                    continue
                pos = p["text"].find(st)
                if pos <= last:
                    err("%s: %s strings not in page order at %r" % (pid, what, st[:40]))
                last = pos
                spans.append((pos, pos + len(st), what))
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                err("%s: labelled strings overlap (%s / %s)" % (pid, a[2], b[2]))

    for pid, p in pages.items():
        for f in p["furniture"]:
            fl = f.lower()
            hits = sorted(q for q, pq in pages.items() if q != pid and fl in pq["text"].lower())
            if hits:
                err("%s: furniture %r also on %s" % (pid, f[:50], hits))

    for pid, p in pages.items():
        p["lines"] = article_lines(p["text"], p["furniture"])
        p["atext"] = "\n".join(p["lines"])
        p["g"] = grams(p["atext"])
        p["cg"] = cgrams(p["atext"])

    # ------------------------------------------------ per language
    rows = []
    for lang in LANGS:
        if lang not in by_lang or set(by_lang[lang]) != {"A", "B"}:
            continue
        sa, sb = by_lang[lang]["A"], by_lang[lang]["B"]
        if sa["original"] not in pages or sb["original"] not in pages:
            continue
        oa, ob = pages[sa["original"]], pages[sb["original"]]
        std = oa["lines"][-1]
        need_std = {sa["original"], sb["original"]}
        # standard paragraph
        if not 40 <= wc(std) <= 90:
            err("%s: standard paragraph has %d words" % (lang, wc(std)))
        if len(sentences(std)) < 2 or std[-1] not in ".!?":
            err("%s: standard paragraph is not prose of full sentences" % lang)
        if ob["lines"][-1] != std:
            err("%s: B original does not end with the standard paragraph" % lang)

        for half, s, lo, hi in (("A", sa, 350, 500), ("B", sb, 300, 450)):
            o = pages[s["original"]]
            body = o["lines"][1:]
            words = sum(wc(x) for x in body)
            st = []
            if half == "A" and not 6 <= len(body) - 1 <= 9:
                st.append("%d body paragraphs before the standard one (want 6-9)" % (len(body) - 1))
            if not lo <= words <= hi:
                st.append("body words %d (want %d-%d)" % (words, lo, hi))
            short = [x for x in body if wc(x) < 15]
            if short:
                st.append("short body line(s) (stray furniture?): %r" % short[0][:50])
            for m in st:
                err("%s original: %s" % (s["name"], m))
            info = "%d paras" % len(body)
            if half == "B":
                ga = grams(cut(oa["atext"], std))
                gb = grams(cut(ob["atext"], std))
                shared_ab = len(ga & gb)
                info += ", shares %d 5-grams with A outside STD" % shared_ab
                if lang == "ko":
                    info += " (%d char 10-grams)" % len(cgrams(cut(oa["atext"], std)) & cgrams(cut(ob["atext"], std)))
                if shared_ab > 3:
                    err("%s: B shares %d word 5-grams with A outside the standard paragraph" % (lang, shared_ab))
            rows.append((s["name"], s["original"], "original", words, "-", info, "ok" if not st else "FAIL"))

            for pid, dl in s["derivatives"].items():
                p = pages.get(pid)
                if not p:
                    continue
                kind, lines, atext = dl["kind"], p["lines"], p["atext"]
                shared = len(p["g"] & o["g"])
                dl["shared_word5grams_with_original"] = shared
                st, info, words = [], "", "-"
                o_body = o["lines"][1:]
                if kind in ("copy", "tail_quote"):
                    need_std.add(pid)
                if kind == "copy":
                    if lines[0] != o["lines"][0]:
                        st.append("headline changed")
                    if len(lines) != len(o["lines"]):
                        st.append("%d article lines, original has %d" % (len(lines), len(o["lines"])))
                    a, b = o["atext"].split(), atext.split()
                    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
                           if op[0] != "equal"]
                    removed = sum(op[2] - op[1] for op in ops)
                    inserted = sum(op[4] - op[3] for op in ops)
                    info = "%d edit(s): %s" % (len(ops), "; ".join(
                        "%s→%s" % (" ".join(a[op[1]:op[2]]), " ".join(b[op[3]:op[4]])) for op in ops))
                    if not 1 <= len(ops) <= 2 or removed > 2 or inserted > 2:
                        st.append("copy must change 1-2 words (%d ops, -%d/+%d words)" % (len(ops), removed, inserted))
                    words = sum(wc(x) for x in lines[1:])
                elif kind == "tail_quote":
                    added = p["added"]
                    own = lines[1:-3]
                    if not added or added[0] != lines[0]:
                        st.append("own headline is not the first added string")
                    if added[1:] != own:
                        st.append("own paragraphs are not exactly the added strings before the quoted tail")
                    if not 2 <= len(own) <= 3:
                        st.append("%d own paragraphs (want 2-3)" % len(own))
                    words = sum(wc(x) for x in own)
                    if not 80 <= words <= 150:
                        st.append("own paragraphs %d words (want 80-150)" % words)
                    if lines[-3:] != o_body[-3:]:
                        st.append("last three paragraphs are not the original's last three verbatim")
                    og = lgrams(" ".join(own), lang) & lgrams(o["atext"], lang)
                    lim = 20 if lang == "ko" else 5
                    info = "own text shares %d %s" % (len(og), "char10" if lang == "ko" else "5-grams")
                    if len(og) > lim:
                        st.append("own paragraphs share %d grams with original (> %d)" % (len(og), lim))
                    kept = [i for i, par in enumerate(o_body) if containment(par, grams(" ".join(own))) >= 0.5]
                    if kept:
                        st.append("own paragraphs retain original paragraph(s) %s" % kept)
                elif kind == "trim":
                    added = p["added"]
                    if len(lines) != 6:
                        st.append("%d article lines (want headline + 4 paragraphs + closing sentence)" % len(lines))
                    if len(added) != 2 or added[0] != lines[0] or added[1] != lines[-1]:
                        st.append("added must be [headline, closing sentence] at start and end")
                    else:
                        w = wc(added[1])
                        if not 15 <= w <= 35 or len(sentences(added[1])) != 1:
                            st.append("closing sentence %d words / %d sentences" % (w, len(sentences(added[1]))))
                        if lgrams(added[1], lang) & lgrams(o["atext"], lang):
                            st.append("closing sentence shares grams with the original")
                    pg = p["g"]
                    ret = [i for i, par in enumerate(o_body) if containment(par, pg) >= 0.5]
                    info = "retains paragraphs %s" % ret
                    if ret != [0, 1, 2, 3]:
                        st.append("retained paragraphs %s (want the first 4)" % ret)
                    if lines[1:5] == o_body[:4]:
                        st.append("paragraphs not edited at all")
                    words = sum(wc(x) for x in lines[1:])
                elif kind == "rewrite_keep_end":
                    words = sum(wc(x) for x in lines[1:])
                    short = [x for x in lines[1:] if wc(x) < 15]
                    if short:
                        st.append("short article line (stray furniture?): %r" % short[0][:50])
                    if not 300 <= words <= 450:
                        st.append("words %d (want 300-450)" % words)
                    o_sents = [(i, x) for i, par in enumerate(o_body) for x in sentences(par) if wc(x) >= 4]
                    o_sents += [(-1, o["lines"][0])]
                    kept = [(i, x) for i, x in o_sents if x in atext]
                    if len(kept) != 1:
                        st.append("%d original sentences verbatim (want exactly 1)" % len(kept))
                    else:
                        i, ks = kept[0]
                        if i < len(o_body) / 2.0:
                            st.append("kept sentence is from paragraph %d of %d (not 2nd half)" % (i + 1, len(o_body)))
                        if not any(q in ks for q in QUOTES):
                            st.append("kept sentence is not a quote")
                        pos = atext.find(ks) / float(len(atext))
                        if pos < 0.6:
                            st.append("kept sentence starts at %.0f%% of the text (want near the end)" % (100 * pos))
                        rest = cut(atext, ks)
                        lim = 40 if lang == "ko" else 10
                        sh = len(lgrams(rest, lang) & lgrams(o["atext"], lang))
                        info = "outside kept sentence: %d %s; kept at %.0f%%" % (
                            sh, "char10" if lang == "ko" else "5-grams", 100 * pos)
                        if lang == "ko":
                            info += "; %d word 5-grams" % len(grams(rest) & o["g"])
                        if sh > lim:
                            st.append("shares %d grams outside the kept sentence (> %d)" % (sh, lim))
                    for a in p["added"]:
                        if lgrams(a, lang) & lgrams(o["atext"], lang):
                            st.append("added sentence shares grams with original: %r" % a[:40])
                        if len(sentences(a)) != 1:
                            st.append("added string is not one sentence: %r" % a[:40])
                    info += "; added=%d" % len(p["added"])
                elif kind == "summary":
                    words = sum(wc(x) for x in lines[1:])
                    if len(lines) != 2:
                        st.append("%d article lines (want item title + one summary paragraph)" % len(lines))
                    if not 90 <= words <= 150:
                        st.append("words %d (want 90-150)" % words)
                    lim = 20 if lang == "ko" else 5
                    sh = len(lgrams(atext, lang) & lgrams(o["atext"], lang))
                    info = "%d %s" % (sh, "char10" if lang == "ko" else "5-grams")
                    if sh > lim:
                        st.append("shares %d grams (> %d)" % (sh, lim))
                    if len(p["added"]) != 1 or not atext.endswith(p["added"][0]):
                        st.append("added must be the opinion sentence at the end")
                    elif len(sentences(p["added"][0])) != 1 or not 10 <= wc(p["added"][0]) <= 40:
                        st.append("opinion: %d sentences, %d words" % (len(sentences(p["added"][0])), wc(p["added"][0])))
                if kind == "copy" and p["added"]:
                    st.append("copy must have added == []")
                if kind in ("copy", "tail_quote"):
                    if std not in lines:
                        st.append("standard paragraph missing (as a whole paragraph)")
                else:
                    sg = grams(std)
                    frac = len(sg & p["g"]) / float(len(sg))
                    if std in p["text"] or frac >= 0.2:
                        st.append("standard paragraph present (%.0f%% of its 5-grams)" % (100 * frac))
                for m in st:
                    err("%s %s %s: %s" % (s["name"], kind, pid, m))
                rows.append((s["name"], pid, kind, words, shared, info, "ok" if not st else "FAIL"))

        # standard paragraph absent from every page of the language not listed
        for pid, p in pages.items():
            if p["lang"] == lang and pid not in need_std and std in p["text"]:
                err("%s: standard paragraph on page %s (%s)" % (lang, pid, p["kind"]))

    # ------------------------------------------------ report
    styles = {}
    for p in pages.values():
        sty = line_style(p["text"], p["furniture"])
        styles[sty] = styles.get(sty, 0) + 1
    hdr = ("story", "id", "kind", "words", "shared", "details", "status")
    rows = [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
    print("  ".join(h.ljust(w) for h, w in zip(hdr, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    print()
    print("shared = distinct word 5-grams shared with the story's original (written to labels.json)")
    print("pages: %d   line styles: %s" % (len(pages), ", ".join("%s=%d" % kv for kv in sorted(styles.items()))))

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
