#!/usr/bin/env python3
"""Check the blind27 test set (follow-up stories that reuse the outlet's background paragraph).

Run:  python3 verify.py [-v]     (standard library only; exit status 0 = all checks passed)

Definitions
  tokens   lower-cased runs of Unicode letters, marks and digits (punctuation dropped)
  grams    distinct word 5-grams of tokens
  article  the page with every labelled furniture string cut out (its first line is the headline,
           every further line one paragraph)
  A        a language's first story (day 1): original, copy, rewrite; the distractor belongs to it
  F        a language's second story (the follow-up): original, copy, light, rewrite;
           it carries "background" (paragraph B, word for word from A) and "follows" (A's original)
  outlet pages  A's original, F's original and the distractor: one outlet, one site furniture
-v also lists every 5-gram a rewrite shares with its original and every 5-gram F shares
   with A outside B.
"""
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
LABELS = os.path.join(HERE, "labels.json")
LANGS = ["en", "de", "pt", "cs", "id"]
LIMITS = dict(original_words=(300, 450), paragraphs=(6, 8), background_words=(40, 80),
              f_vs_a_outside_b=5, rewrite_shared=10, rewrite_ratio=(0.6, 1.3), copy_contained=0.9,
              light_keeps=(0.75, 0.99), distractor_shared=10, a_copy_days=(0, 1),
              a_rewrite_days=(0, 2), f_after_a_days=(2, 10), f_deriv_days=(0, 2),
              distractor_days=(0, 10))

MONTHS = {}
for _names in (
        "january february march april may june july august september october november december",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "ledna února března dubna května června července srpna září října listopadu prosince",
        "januari februari maret april mei juni juli agustus september oktober november desember"):
    for _i, _m in enumerate(_names.split()):
        MONTHS[_m] = _i + 1
for _i, _abbr in enumerate(["jan", "feb fev", "mar", "apr abr", "may mai mei", "jun",
                            "jul", "aug ago agu agt", "sep set", "oct okt out", "nov",
                            "dec dez des"]):
    for _a in _abbr.split():
        MONTHS.setdefault(_a, _i + 1)
DATE_RES = [
    (re.compile(r"(?<!\d)(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})(?!\d)"), "dMy"),
    (re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)"), "Mdy"),
]


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


def grams_of_parts(parts):
    out = set()
    for p in parts:
        out |= grams(p)
    return out


def article(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def strip_strings(text, strings):
    for a in sorted(strings, key=len, reverse=True):
        text = text.replace(a, "\n")
    return text


def page_date(lines):
    for ln in lines:
        for rx, form in DATE_RES:
            for m in rx.finditer(ln):
                a, b, c = m.groups()
                try:
                    if form == "dmy":
                        return datetime.date(int(c), int(b), int(a))
                    if form == "dMy" and b.lower() in MONTHS:
                        return datetime.date(int(c), MONTHS[b.lower()], int(a))
                    if form == "Mdy" and a.lower() in MONTHS:
                        return datetime.date(int(c), MONTHS[a.lower()], int(b))
                except ValueError:
                    pass
    return None


def main():
    verbose = "-v" in sys.argv
    errors = []
    err = errors.append
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    stories = labels.get("stories", [])
    pages = {}

    def load(pid, lang, story, role, furniture, added):
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
        pages[pid] = dict(text=text, lang=lang, story=story, role=role, furniture=furniture, added=added)

    # ------------------------------------------------------------ structure
    if len(stories) != 2 * len(LANGS):
        err("expected %d stories, got %d" % (2 * len(LANGS), len(stories)))
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
        a, f = ss
        if "distractor" not in a or "distractor" in f:
            err("%s: story A (first) must have the distractor, story F none" % lang)
            continue
        if "background" not in f or f.get("follows") != a["original"] or "background" in a:
            err("%s: story F (second) must carry background and follows = A's original" % lang)
            continue
        if sorted(d["kind"] for d in a["derivatives"].values()) != ["copy", "rewrite"]:
            err("%s: story A derivative kinds must be copy, rewrite" % lang)
            continue
        if sorted(d["kind"] for d in f["derivatives"].values()) != ["copy", "light", "rewrite"]:
            err("%s: story F derivative kinds must be copy, light, rewrite" % lang)
            continue
        ids = {"A": a["original"], "F": f["original"], "D": a["distractor"]}
        load(a["original"], lang, "A", "original", a["boilerplate_of_original"], [])
        for pid, d in a["derivatives"].items():
            load(pid, lang, "A", d["kind"], d["boilerplate"], d["added"])
            ids["A_" + d["kind"]] = pid
        load(a["distractor"], lang, "D", "distractor", a["boilerplate_of_distractor"], [])
        load(f["original"], lang, "F", "original", f["boilerplate_of_original"], [])
        for pid, d in f["derivatives"].items():
            load(pid, lang, "F", d["kind"], d["boilerplate"], d["added"])
            ids["F_" + d["kind"]] = pid
        groups[lang] = (a, f, ids)
    on_disk = {x[:-4] for x in os.listdir(DOCS) if x.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: page in docs/ but not labelled" % extra)
    outlet = {}
    for lang, (a, f, ids) in groups.items():
        for k in ("A", "F", "D"):
            outlet[ids[k]] = lang

    # ------------------------------------------------------------ labelled strings
    for pid, p in pages.items():
        lines = [ln.strip() for ln in p["text"].split("\n")]
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
                if st not in lines:
                    err("%s: %s string is not a whole line: %r" % (pid, what, st[:60]))
        spans.sort()
        for x, y in zip(spans, spans[1:]):
            if y[0] < x[1]:
                err("%s: labelled strings overlap: %r / %r" % (pid, x[2], y[2]))
        for fs in p["furniture"]:
            for q, pq in pages.items():
                if q == pid or fs.lower() not in pq["text"].lower():
                    continue
                if pid in outlet and outlet.get(q) == outlet[pid]:
                    continue  # the outlet's own three pages share its site furniture
                err("%s: furniture %r also occurs on %s" % (pid, fs[:40], q))
        p["lines"] = [ln for ln in lines if ln]
        p["article"] = article(p["text"], p["furniture"])
        p["paras"] = p["article"].split("\n")
        p["grams"] = grams(p["article"])
        p["date"] = page_date([x for x in p["furniture"]])
        if p["date"] is None:
            err("%s: no publication date found in its furniture" % pid)

    # ------------------------------------------------------------ per language
    rows = []
    summary = {}
    order = ["A_original", "A_copy", "A_rewrite", "F_original", "F_copy", "F_light", "F_rewrite", "D"]
    all_backgrounds = {lang: g[1]["background"] for lang, g in groups.items()}
    for lang in LANGS:
        if lang not in groups:
            continue
        a, f, ids = groups[lang]
        ids = dict(ids)
        ids["A_original"], ids["F_original"] = ids["A"], ids["F"]
        if any(ids[k] not in pages for k in order if k in ids):
            continue
        bg = f["background"]
        bw = len(tokens(bg))
        if not LIMITS["background_words"][0] <= bw <= LIMITS["background_words"][1]:
            err("%s: background paragraph has %d words" % (lang, bw))
        bgrams = grams(bg)
        oa, of, od = pages[ids["A"]], pages[ids["F"]], pages[ids["D"]]
        # B where it belongs, and nowhere else
        carriers = {ids["A"], ids["A_copy"], ids["F"], ids["F_copy"], ids["F_light"]}
        for pid, p in pages.items():
            n = p["text"].count(bg)
            if pid in carriers and n != 1:
                err("%s %s: background occurs %d times (want 1)" % (lang, pid, n))
            if pid in carriers and bg not in p["paras"]:
                err("%s %s: background is not a paragraph of its own" % (lang, pid))
            if pid not in carriers and n:
                err("%s %s: background paragraph occurs on a page that should not carry it" % (lang, pid))
        fpos = of["paras"].index(bg) if bg in of["paras"] else -1  # index 0 = headline
        if fpos not in (3, 4):
            err("%s: background is paragraph %d of F's original (want 3 or 4)" % (lang, fpos))
        # F vs A outside B
        a_out = grams_of_parts(oa["article"].split(bg))
        f_out = grams_of_parts(of["article"].split(bg))
        fa_shared = a_out & f_out
        if len(fa_shared) > LIMITS["f_vs_a_outside_b"]:
            err("%s: F's original shares %d 5-grams with A's original outside B" % (lang, len(fa_shared)))
        if verbose:
            for x in sorted(fa_shared):
                print("   %s F~A outside B: %s" % (lang, " ".join(x)))
        # outlet furniture
        shared_furn = set(oa["furniture"]) & set(of["furniture"]) & set(od["furniture"])
        if len(shared_furn) < 4:
            err("%s: outlet pages share only %d furniture strings" % (lang, len(shared_furn)))
        for k, own in (("A_copy", oa), ("F_copy", of), ("F_light", of), ("A_rewrite", oa), ("F_rewrite", of)):
            if set(pages[ids[k]]["furniture"]) & set(own["furniture"]):
                err("%s %s: shares furniture strings with the outlet" % (lang, k))
        a_date = oa["date"]
        f_date = of["date"]
        for role in order:
            pid = ids[role]
            p = pages[pid]
            own = {"A": oa, "F": of, "D": od}[p["story"]]
            w = len(tokens(p["article"]))
            g = p["grams"]
            sa, sf, sb = len(g & oa["grams"]), len(g & of["grams"]), len(g & bgrams)
            info, st = [], []
            for ad in p["added"]:
                if grams(ad) & own["grams"]:
                    st.append("added string shares 5-grams with its original: %r" % ad[:40])
            if role in ("A_original", "F_original", "D"):
                lo, hi = LIMITS["original_words"]
                bw_ = len(tokens("\n".join(p["paras"][1:])))
                if not (lo <= w <= hi and lo <= bw_ <= hi):
                    st.append("%d words with headline, %d without (want %d-%d)" % (w, bw_, lo, hi))
                lo, hi = LIMITS["paragraphs"]
                if not lo <= len(p["paras"]) - 1 <= hi:
                    st.append("%d paragraphs (want %d-%d)" % (len(p["paras"]) - 1, lo, hi))
            if role == "D":
                bad = [q for q in p["paras"][1:] if q == bg]
                if bad:
                    st.append("distractor carries B")
                if max(sa, sf) > LIMITS["distractor_shared"]:
                    st.append("distractor shares %d/%d 5-grams with A/F" % (sa, sf))
                info.append("own background, %d 5-grams shared with B" % sb)
            if role in ("A_copy", "F_copy"):
                body = "\n".join(own["paras"][1:])
                rest = strip_strings(p["article"], p["added"])
                if tokens(rest) != tokens(body):
                    st.append("copy's text (without its added headline) is not the original's body word for word")
                cont = len(g & own["grams"]) / float(len(g))
                if cont < LIMITS["copy_contained"]:
                    st.append("only %.0f%% of the copy's 5-grams are in its original" % (100 * cont))
                info.append("%.0f%% of its 5-grams in its original; body verbatim" % (100 * cont))
                if len(p["added"]) != 1:
                    st.append("copy should have exactly its new headline as added")
            if role == "F_light":
                keep = len(g & of["grams"]) / float(len(of["grams"]))
                info.append("keeps %.0f%% of the original's 5-grams; %d added" % (100 * keep, len(p["added"])))
                lo, hi = LIMITS["light_keeps"]
                if not lo <= keep <= hi:
                    st.append("light edit keeps %.0f%% of the original's 5-grams" % (100 * keep))
                if len(p["added"]) != 2:
                    st.append("light edit needs a new headline and an added paragraph")
                elif p["added"][1] not in p["paras"]:
                    st.append("light edit's added paragraph is not a paragraph of its own")
                if not p["added"] or p["paras"][0] != p["added"][0]:
                    st.append("light edit's first article line is not its added headline")
            if role in ("A_rewrite", "F_rewrite"):
                s_own = g & own["grams"]
                if len(s_own) > LIMITS["rewrite_shared"]:
                    st.append("rewrite shares %d 5-grams with its original" % len(s_own))
                other = of if own is oa else oa
                if len(g & other["grams"]) > LIMITS["rewrite_shared"]:
                    st.append("rewrite shares %d 5-grams with the other story" % len(g & other["grams"]))
                ow = len(tokens(own["article"]))
                lo, hi = LIMITS["rewrite_ratio"]
                if not lo <= w / float(ow) <= hi:
                    st.append("rewrite length %d vs original %d" % (w, ow))
                info.append("shares %d 5-grams with its original" % len(s_own))
                if verbose:
                    for x in sorted(s_own):
                        print("   %s %s shares: %s" % (lang, role, " ".join(x)))
            # dates
            d = p["date"]
            if d and a_date and f_date:
                rng = {"A_copy": (a_date, "a_copy_days"), "A_rewrite": (a_date, "a_rewrite_days"),
                       "F_original": (a_date, "f_after_a_days"), "F_copy": (f_date, "f_deriv_days"),
                       "F_light": (f_date, "f_deriv_days"), "F_rewrite": (f_date, "f_deriv_days"),
                       "D": (a_date, "distractor_days")}.get(role)
                if rng:
                    lo, hi = LIMITS[rng[1]]
                    if not lo <= (d - rng[0]).days <= hi:
                        st.append("date %s is %d days after its reference (want %d-%d)"
                                  % (d, (d - rng[0]).days, lo, hi))
            for m in st:
                err("%s %s %s: %s" % (lang, role, pid, m))
            summary.setdefault(role, []).append((sa, sf, len(g)))
            rows.append((lang, role, pid, d.isoformat() if d else "?", w, len(g), sa, sf, sb,
                         "; ".join(info) + (" FAIL" if st else "")))
        rows.append((lang, "F~A out of B", "", "", "", "", len(fa_shared), "", "",
                     "5-grams F's original shares with A's original outside B (max %d); B = F's paragraph %d, %d words"
                     % (LIMITS["f_vs_a_outside_b"], fpos, bw)))
    # B of one language on no other language's pages
    for lang, bg in all_backgrounds.items():
        for pid, p in pages.items():
            if p["lang"] != lang and bg in p["text"]:
                err("%s background occurs on %s (%s)" % (lang, pid, p["lang"]))

    hdr = ("lang", "kind", "id", "date", "words", "5grams", "sharedA", "sharedF", "sharedB", "details")
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
    print("words   = tokens of the page's article text (furniture removed, headline included)")
    print("5grams  = distinct word 5-grams of that text")
    print("sharedA / sharedF = how many of them occur in story A's / story F's original")
    print("sharedB = how many of them occur in the background paragraph B")
    print("pages: %d; labelled furniture strings: %d; added strings: %d" % (
        len(pages), sum(len(p["furniture"]) for p in pages.values()), sum(len(p["added"]) for p in pages.values())))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
