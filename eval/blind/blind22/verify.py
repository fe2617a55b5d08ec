#!/usr/bin/env python3
"""Check the blind22 test set against its labels and write overlap figures.

Run from this folder:  python3 verify.py
Standard library only.  Exit status 0 = all checks passed.

Definitions
  letters   characters of Unicode category L*, M* or N*
  words     whitespace-separated words; Japanese: letters / 2
  tokens    lower-cased runs of letters (word 5-grams are built from tokens)
  grams     word 5-grams of tokens; Japanese: character 10-grams over the
            string of letters (spaces and punctuation dropped)
  article   page text with every labelled furniture string cut out, split into
            non-empty lines; line 1 is the headline
  release   the original's article lines: headline, subheadline, then the body
            (dateline paragraph ... "About" paragraph, which is the last line)
  retained  a release body paragraph is retained on a page if >= 50 % of its
            grams occur in the page's article text (copy: >= 80 %)
  quote     a span of 8+ words between quotation marks (“…”, „…“, „…”, «…», 「…」)
            in the release
  pasted    the About paragraph and the release's quote spans found verbatim on
            a page; "outside the pasted parts" = grams of the text that is left
            when those are cut out (cut points break n-grams)
Limits for Japanese: every word 5-gram limit L becomes 4 x L character 10-grams.
"""
import datetime
import difflib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")
DATES = os.path.join(HERE, "build", "dates.json")

LANGS = {"en", "de", "es", "pl", "ja", "id"}
KINDS_A = {"copy", "news_about", "quote_end", "trim", "rewrite"}
KINDS_B = {"copy", "news_about"}
QUOTE_RE = re.compile(r"“[^”“]+”|„[^“”„]+[“”]|«[^»]+»|「[^」]+」")
CUT = "\x00"


def is_letter(ch):
    return unicodedata.category(ch)[0] in "LMN"


def cjk(lang):
    return lang == "ja"


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
    if cjk(lang):
        return sum(1 for c in text if is_letter(c)) / 2.0
    return len(text.split())


def grams(text, lang):
    """grams of text; the CUT character separates pieces that must not be bridged"""
    out = set()
    for piece in text.split(CUT):
        if cjk(lang):
            s = "".join(c for c in piece.lower() if is_letter(c))
            out |= {s[i:i + 10] for i in range(len(s) - 9)}
        else:
            t = tokens(piece)
            out |= {tuple(t[i:i + 5]) for i in range(len(t) - 4)}
    return out


def lim(n, lang):
    return 4 * n if cjk(lang) else n


def article_lines(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n", 1)
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def containment(par, page_grams, lang):
    g = grams(par, lang)
    if not g:
        return 1.0
    return len(g & page_grams) / len(g)


def cut_out(text, parts):
    for p in sorted(parts, key=len, reverse=True):
        text = text.replace(p, CUT)
    return text


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


def fmt(x):
    return ("%.1f" % x) if isinstance(x, float) else str(x)


def main():
    errors = []
    err = errors.append

    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    with open(DATES, encoding="utf-8") as fh:
        dates = json.load(fh)

    # ---------------------------------------------------------------- load
    pages = {}
    stories = labels["stories"]
    if len(stories) != 12:
        err("expected 12 stories, got %d" % len(stories))
    by_lang = {}
    for s in stories:
        lang = s["language"]
        by_lang.setdefault(lang, []).append(s)
        m = re.fullmatch(r"([a-z]{2})-[a-z0-9-]+-([AB])", s["name"])
        if not m or m.group(1) != lang:
            err("%s: bad story name" % s["name"])
            continue
        s["_role"] = m.group(2)
        want = KINDS_A if s["_role"] == "A" else KINDS_B
        kinds = sorted(d["kind"] for d in s["derivatives"].values())
        if kinds != sorted(want):
            err("%s: derivative kinds %s, want %s" % (s["name"], kinds, sorted(want)))
        entries = [(s["original"], "original", [], s["boilerplate_of_original"])]
        for pid, d in s["derivatives"].items():
            entries.append((pid, d["kind"], d["added"], d["boilerplate"]))
        for pid, kind, added, furn in entries:
            if not re.fullmatch(r"[0-9a-f]{12}", pid):
                err("%s: id is not 12 hex digits" % pid)
            path = os.path.join(DOCS, pid + ".txt")
            if pid in pages:
                err("%s: id used twice" % pid)
            if not os.path.exists(path):
                err("%s: file missing" % pid)
                continue
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            pages[pid] = dict(text=text, furniture=furn, added=added, story=s["name"],
                              role=s["_role"], kind=kind, lang=lang)
    if set(by_lang) != LANGS or any(len(v) != 2 for v in by_lang.values()):
        err("languages/stories: %s" % {k: len(v) for k, v in by_lang.items()})
    on_disk = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: file in docs/ but not labelled" % extra)
    if len(pages) != 54:
        err("expected 54 pages, got %d" % len(pages))

    # ------------------------------------------- 1. exact-once, page order
    for pid, p in pages.items():
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
                if pos < last:
                    err("%s: %s string out of page order: %r" % (pid, what, st[:60]))
                last = pos
        # added text must be article text, i.e. not inside furniture
        for st in p["added"]:
            if any(st in f for f in p["furniture"]):
                err("%s: added string inside furniture: %r" % (pid, st[:50]))

    # ------------------------- 2. furniture unique to its page (case-insensitive)
    contact_ok = {}
    for lang, ss in by_lang.items():
        if len(ss) != 2:
            continue
        a, b = ss
        both = set(a["boilerplate_of_original"]) & set(b["boilerplate_of_original"])
        contacts = [x for x in both if "@" in x]
        if len(contacts) != 1:
            err("%s: the two releases must share exactly one media-contact block (found %d)"
                % (lang, len(contacts)))
        for x in contacts:
            contact_ok[x] = {a["original"], b["original"]}
    lower = {pid: p["text"].lower() for pid, p in pages.items()}
    n_contact = 0
    for pid, p in pages.items():
        for f in p["furniture"]:
            fl = f.lower()
            hits = {q for q, t in lower.items() if q != pid and fl in t}
            if not hits:
                continue
            if f in contact_ok and hits | {pid} == contact_ok[f]:
                n_contact += 1
                continue
            err("%s: furniture %r also on %s" % (pid, f[:50], sorted(hits)))

    # ------------------------------------------------------------ 3. dates
    when = {}
    for pid, p in pages.items():
        d = dates.get(pid)
        if not d:
            err("%s: no publication date in build/dates.json" % pid)
            continue
        if not any(d["shown"] in f for f in p["furniture"]):
            err("%s: publication line %r not in the page's furniture" % (pid, d["shown"]))
        when[pid] = datetime.datetime.fromisoformat(d["datetime"])

    # ------------------------------------------------- 4. per-story checks
    rows, cross = [], []
    releases = {}
    for s in stories:
        o = pages.get(s["original"])
        if o:
            lines = article_lines(o["text"], o["furniture"])
            releases[s["name"]] = lines
    for lang in sorted(by_lang):
        ss = by_lang[lang]
        sa = [s for s in ss if s.get("_role") == "A"]
        sb = [s for s in ss if s.get("_role") == "B"]
        if len(sa) != 1 or len(sb) != 1:
            err("%s: need one A and one B story" % lang)
            continue
        sa, sb = sa[0], sb[0]
        if sa["name"] not in releases or sb["name"] not in releases:
            continue
        ra, rb = releases[sa["name"]], releases[sb["name"]]
        about = ra[-1]
        a_body, b_body = ra[2:], rb[2:]
        # quotes: spans of 8+ words (shorter spans are names or titles in quotation marks)
        quotes_a = [q for q in QUOTE_RE.findall("\n".join(ra)) if wc(q, lang) >= 8]
        quotes_b = [q for q in QUOTE_RE.findall("\n".join(rb)) if wc(q, lang) >= 8]

        # original A
        st = []
        words_a = sum(wc(x, lang) for x in a_body)
        if not 400 <= words_a <= 550:
            st.append("body words=%s (400-550)" % fmt(words_a))
        mid = len(a_body) - 2          # paragraphs between dateline and About
        if not 7 <= mid <= 10:
            st.append("%d body paragraphs between dateline and About (7-10)" % mid)
        if wc(a_body[0], lang) < 25:
            st.append("dateline paragraph shorter than 25 words")
        if any(wc(x, lang) >= 25 for x in ra[:2]):
            st.append("headline/subheadline of 25+ words")
        qpars = [x for x in a_body if any(q in x for q in quotes_a)]
        if len(qpars) < 2:
            st.append("quote paragraphs=%d" % len(qpars))
        aw = wc(about, lang)
        if not 50 <= aw <= 90:
            st.append("About paragraph words=%s (50-90)" % fmt(aw))
        if not re.search(r"(19|20)\d\d", about):
            st.append("About paragraph states no founding year")
        for m in st:
            err("%s original: %s" % (sa["name"], m))
        rows.append((sa["name"], lang, sa["original"], "original", words_a, "-",
                     "%d paras" % len(a_body), "ok" if not st else "FAIL"))

        # original B
        st = []
        words_b = sum(wc(x, lang) for x in b_body)
        if not 300 <= words_b <= 450:
            st.append("body words=%s (300-450)" % fmt(words_b))
        if rb[-1] != about:
            st.append("last paragraph is not the About paragraph of release A")
        if wc(b_body[0], lang) < 25:
            st.append("dateline paragraph shorter than 25 words")
        if not quotes_b:
            st.append("no quote")
        ga = grams(cut_out("\n".join(ra), [about]), lang)
        gb = grams(cut_out("\n".join(rb), [about]), lang)
        shared_ab = len(ga & gb)
        if shared_ab > lim(3, lang):
            st.append("shares %d grams with release A outside the About paragraph (max %d)"
                      % (shared_ab, lim(3, lang)))
        db = (when.get(sa["original"]) - when.get(sb["original"])).days if sa["original"] in when and sb["original"] in when else None
        if db is None or not 90 <= db <= 310:
            st.append("release B is %s days before release A (want 3-10 months)" % db)
        for m in st:
            err("%s original: %s" % (sb["name"], m))
        rows.append((sb["name"], lang, sb["original"], "original", words_b,
                     "%d vs A w/o About" % shared_ab, "%d paras, %s days earlier" % (len(b_body), db),
                     "ok" if not st else "FAIL"))

        for s, rel, quotes, other in ((sa, ra, quotes_a, rb), (sb, rb, quotes_b, ra)):
            o_text = "\n".join(rel)
            o_grams = grams(o_text, lang)
            o_body = rel[2:]
            o_nopaste = cut_out(o_text, [about] + quotes)
            other_grams = grams(cut_out("\n".join(other), [about]), lang)
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
                added = p["added"]
                st, info, words = [], "retained %d/%d" % (len(retained), len(o_body)), "-"
                has_about = about in lines
                x_other = len(grams(cut_out(atext, [about]), lang) & other_grams)
                cross.append((s["name"], kind, pid, x_other))
                if x_other > lim(3, lang):
                    st.append("shares %d grams with the organisation's other release outside the About "
                              "paragraph (max %d)" % (x_other, lim(3, lang)))
                # dates
                if pid in when and s["original"] in when:
                    dt = when[pid] - when[s["original"]]
                    if not datetime.timedelta(0) < dt <= datetime.timedelta(days=7):
                        st.append("published %s after its release (want hours to days)" % dt)
                if kind in ("copy", "news_about", "quote_end"):
                    if not has_about:
                        st.append("About paragraph not verbatim on its own line")
                elif about in p["text"] or containment(about, pg, lang) > 0.2:
                    st.append("About paragraph present but must not be")
                if kind == "copy":
                    if added:
                        st.append("copy has added strings")
                    if len(retained) != len(o_body):
                        st.append("copy lost paragraphs %s" % sorted(set(range(len(o_body))) - set(retained)))
                    for hl in rel[:2]:
                        if containment(hl, pg, lang) < 0.8:
                            st.append("copy lost headline/subheadline %r" % hl[:40])
                    tot = len(o_grams & pg) / len(o_grams)
                    if tot < 0.9:
                        st.append("copy keeps only %.0f%% of grams" % (100 * tot))
                    if cjk(lang):
                        sa_, sb_ = ("".join(c for c in x if is_letter(c)) for x in (o_text, atext))
                    else:
                        sa_, sb_ = tokens(o_text), tokens(atext)
                    ops = [op for op in difflib.SequenceMatcher(None, sa_, sb_, autojunk=False).get_opcodes()
                           if op[0] != "equal"]
                    if not 1 <= len(ops) <= 2:
                        st.append("copy differs from release in %d places (want 1-2)" % len(ops))
                    info += ", %.0f%% of grams, %d change(s)" % (100 * tot, len(ops))
                    words = sum(wc(x, lang) for x in lines[2:])
                elif kind == "news_about":
                    words = sum(wc(x, lang) for x in lines[1:])
                    if not 250 <= words <= 400:
                        st.append("words=%s (250-400)" % fmt(words))
                    if not added or added[0] != lines[0]:
                        st.append("own headline missing / not the first added string")
                    own = [a for a in added[1:] if a in lines]
                    if len(own) != 1 or not 40 <= wc(own[0], lang) <= 80:
                        st.append("want exactly one added paragraph of 40-80 words, got %s"
                                  % [fmt(wc(a, lang)) for a in own])
                    if lines[-1] != about:
                        st.append("does not end with the About paragraph")
                    intro = lines[-2] if len(lines) > 2 else ""
                    if intro not in rel and wc(intro, lang) < 6 and intro in added:
                        st.append("About intro line labelled as added")
                    kept = [q for q in quotes if q in atext and wc(q, lang) >= 8]
                    if not kept:
                        st.append("no release quote kept verbatim")
                    else:
                        qline = min(i for i, ln in enumerate(lines) if any(q in ln for q in kept))
                        if not 2 <= qline <= len(lines) - 3:
                            st.append("verbatim quote not in the middle (line %d of %d)" % (qline, len(lines)))
                    outside = len(grams(cut_out(atext, [about] + kept), lang) & grams(o_nopaste, lang))
                    info += ", outside pasted %d" % outside
                    if outside > lim(10, lang):
                        st.append("shares %d grams outside the pasted parts (max %d)" % (outside, lim(10, lang)))
                elif kind == "quote_end":
                    words = sum(wc(x, lang) for x in lines[1:])
                    want = [added[0] if added else None, added[1] if len(added) > 1 else None,
                            added[2] if len(added) > 2 else None] + o_body[-3:]
                    if len(added) != 3 or lines != want:
                        st.append("layout is not headline + 2 own paragraphs + last 2 release "
                                  "paragraphs + About (verbatim)")
                    else:
                        w2 = wc(added[1], lang) + wc(added[2], lang)
                        info += ", own paragraphs %s words" % fmt(w2)
                        if not 60 <= w2 <= 120:
                            st.append("own paragraphs words=%s (60-120)" % fmt(w2))
                elif kind == "trim":
                    words = sum(wc(x, lang) for x in lines[1:])
                    if not added or added[0] != lines[0]:
                        st.append("own headline missing / not first added")
                    if retained != list(range(len(retained))) or not 4 <= len(retained) <= 5:
                        st.append("retained paragraphs %s (want the first 4-5)" % retained)
                    if len(added) != 2:
                        st.append("expected headline + 1 closing sentence, got %d added" % len(added))
                    else:
                        w = wc(added[1], lang)
                        if not 15 <= w <= 35:
                            st.append("closing sentence words=%s (15-35)" % fmt(w))
                        if not atext.rstrip().endswith(added[1]):
                            st.append("closing sentence is not at the end")
                elif kind == "rewrite":
                    words = sum(wc(x, lang) for x in lines[1:])
                    if not 300 <= words <= 450:
                        st.append("words=%s (300-450)" % fmt(words))
                    if shared > lim(10, lang):
                        st.append("shared grams %d > %d" % (shared, lim(10, lang)))
                    if retained:
                        st.append("retains release paragraphs %s" % retained)
                    if len(added) != 1 or added[0] not in lines:
                        st.append("expected exactly 1 added paragraph (a whole line)")
                    elif not 40 <= wc(added[0], lang) <= 80:
                        st.append("background paragraph words=%s (40-80)" % fmt(wc(added[0], lang)))
                else:
                    st.append("unknown kind %s" % kind)
                for m in st:
                    err("%s %s %s: %s" % (s["name"], kind, pid, m))
                rows.append((s["name"], lang, pid, kind, words, shared, info, "ok" if not st else "FAIL"))

    # ----------------------------------------------------------- 5. report
    styles, glued = {}, []
    for pid, p in pages.items():
        sty = line_style(p["text"], p["furniture"])
        styles[sty] = styles.get(sty, 0) + 1
        for ln in p["text"].split("\n"):
            fs = [f for f in p["furniture"] if f in ln and "\n" not in f]
            if fs and all(f != ln.strip() for f in fs):
                glued.append((pid, p["kind"], ln.strip()[:70]))
                break
    hdr = ("story", "lang", "id", "kind", "words", "shared", "notes", "status")
    widths = [max(len(fmt(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    print("  ".join(h.ljust(w) for h, w in zip(hdr, widths)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(fmt(c).ljust(w) for c, w in zip(r, widths)))
    print()
    print("shared = distinct grams shared with the page's own release (ja: character 10-grams)")
    print("cross-story: grams each derivative shares with the OTHER release of its organisation,"
          " About paragraph excluded (max %s)" % max((c[3] for c in cross), default=0))
    print("  " + ", ".join("%s/%s=%d" % (c[0].split("-")[0] + "-" + c[0][-1], c[1], c[3]) for c in cross))
    print("pages: %d   line styles: %s" % (len(pages), ", ".join("%s=%d" % kv for kv in sorted(styles.items()))))
    print("furniture glued to article text on one line: %d pages" % len(glued))
    for g in glued:
        print("   %s %-10s %s" % g)
    print("media-contact blocks shared by an organisation's two releases (allowed): %d" % (n_contact // 2))

    for s in stories:
        s.pop("_role", None)
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
