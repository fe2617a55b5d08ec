#!/usr/bin/env python3
"""Check the blind28 test set (restructured pages).

Run:  python3 verify.py [-v]     (standard library only; exit status 0 = all checks passed)

Definitions
  tokens   lower-cased runs of Unicode letters, marks and digits (punctuation dropped); inside
           such a run every CJK ideograph, hiragana and katakana character is a token of its own
           (so Japanese is counted in characters; "2026年3月" gives 2026, 年, 3, 月)
  grams    distinct word 5-grams of tokens
  article  the page with every labelled furniture string cut out, blank lines dropped; its first
           line is the page's headline
  shape    bullets/distractor: headline, intro line, 6-9 bullet lines ("•", "-", "–" or "*");
           qa: headline, then 4-6 question lines each followed by one answer line;
           thread: headline, intro line, posts numbered "k/n" (k = 1..n);
           timeline: headline, then 5-8 entries, each starting with a date or a time
-v also lists the 5-grams each bullets, thread, timeline and distractor page shares with its
   original.
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
LANGS = ["en", "es", "it", "ja", "ru", "nl"]
KINDS = ["copy", "bullets", "qa", "thread", "timeline"]
ORDER = ["original"] + KINDS + ["distractor"]
LIMITS = dict(original_words=(300, 420), paragraphs=(6, 8), copy_contained=0.9,
              bullets_shared=(8, 60), qa_shared=20, thread_shared=12, timeline_shared=12,
              distractor_shared=3, originals_pairwise=3, bullets=(6, 9), close_bullets=(1 / 3.0, 2 / 3.0),
              questions=(4, 6), posts=(5, 9), entries=(5, 8), timeline_added=2, deriv_days=(0, 1),
              distractor_days=(0, 1))

BULLET = re.compile(r"^[•\-–*]\s+\S")
POST = re.compile(r"^\(?(\d{1,2})/(\d{1,2})\)?\s+\S")
ENTRY = re.compile(r"^\d")

MONTHS = {}
for _names in (
        "january february march april may june july august september october november december",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "januari februari maart april mei juni juli augustus september oktober november december"):
    for _i, _m in enumerate(_names.split()):
        MONTHS[_m] = _i + 1
for _i, _abbr in enumerate(["jan ene gen янв", "feb febr фев", "mar mrt мар", "apr abr", "may mag",
                            "jun giu", "jul lug", "aug ago", "sep sept set", "oct okt ott", "nov",
                            "dec dic"]):
    for _a in _abbr.split():
        MONTHS.setdefault(_a, _i + 1)
DATE_RES = [
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})(?!\d)"), "dMy"),
    (re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)"), "Mdy"),
]


def is_cjk(ch):
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F)


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LMN":
            if is_cjk(ch):
                if cur:
                    out.append("".join(cur))
                    cur = []
                out.append(ch)
            else:
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


def article(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def page_date(lines):
    for ln in lines:
        for rx, form in DATE_RES:
            for m in rx.finditer(ln):
                a, b, c = m.groups()
                try:
                    if form == "ymd":
                        return datetime.date(int(a), int(b), int(c))
                    if form == "dmy":
                        return datetime.date(int(c), int(b), int(a))
                    if form == "dMy" and b.lower() in MONTHS:
                        return datetime.date(int(c), MONTHS[b.lower()], int(a))
                    if form == "Mdy" and a.lower() in MONTHS:
                        return datetime.date(int(c), MONTHS[a.lower()], int(b))
                except ValueError:
                    pass
    return None


def is_question(line):
    return line.endswith("?") or line.endswith("？")


def main():
    verbose = "-v" in sys.argv
    errors = []
    err = errors.append
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    stories = labels.get("stories", [])
    pages = {}

    def load(pid, lang, role, furniture, added):
        if not isinstance(pid, str) or not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("%r: id is not 12 lowercase hex characters" % (pid,))
            return
        if pid in pages:
            err("%s: id labelled more than once" % pid)
            return
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: page missing from docs/" % pid)
            return
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        pages[pid] = dict(text=text, lang=lang, role=role, furniture=list(furniture), added=list(added))

    # ------------------------------------------------------------ structure
    if sorted(labels) != ["distractors", "stories"]:
        err("labels.json keys %s (want stories, distractors; no roundups)" % sorted(labels))
    if labels.get("distractors") != []:
        err("top-level distractors should be an empty list (distractors are given per story)")
    if len(stories) != 6:
        err("expected 6 stories, got %d" % len(stories))
    if [s.get("language") for s in stories] != LANGS:
        err("story languages %s (want %s, in that order)" % ([s.get("language") for s in stories], LANGS))
    ids_of = {}
    for s in stories:
        lang = s.get("language")
        if lang not in LANGS or lang in ids_of:
            err("story %s: unknown or repeated language %r" % (s.get("name"), lang))
            continue
        if not str(s.get("name", "")).startswith(lang + "-"):
            err("story %s: name should start with %s-" % (s.get("name"), lang))
        kinds = sorted(d.get("kind") for d in s.get("derivatives", {}).values())
        if kinds != sorted(KINDS):
            err("story %s: derivative kinds %s (want one each of %s)" % (s.get("name"), kinds, KINDS))
            continue
        if "distractor" not in s or "boilerplate_of_distractor" not in s:
            err("story %s: needs distractor and boilerplate_of_distractor" % s.get("name"))
            continue
        ids = {"original": s["original"], "distractor": s["distractor"]}
        load(s["original"], lang, "original", s["boilerplate_of_original"], [])
        for pid, d in s["derivatives"].items():
            load(pid, lang, d["kind"], d["boilerplate"], d["added"])
            ids[d["kind"]] = pid
        load(s["distractor"], lang, "distractor", s["boilerplate_of_distractor"], [])
        ids_of[lang] = ids
    on_disk = {x[:-4] for x in os.listdir(DOCS) if x.endswith(".txt")}
    for extra in sorted(on_disk - set(pages)):
        err("%s: page in docs/ but not labelled" % extra)
    if len(on_disk) != 42:
        err("docs/ holds %d pages (want 42)" % len(on_disk))
    if len(pages) != 42:
        err("%d pages labelled (want 42)" % len(pages))

    # ------------------------------------------------------------ labelled strings
    for pid, p in pages.items():
        lines = set(ln.strip() for ln in p["text"].split("\n"))
        spans = []
        for what, strings in (("furniture", p["furniture"]), ("added", p["added"])):
            for st in strings:
                if not isinstance(st, str) or not st or st != st.strip():
                    err("%s: empty or padded %s string %r" % (pid, what, str(st)[:40]))
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
        for fs in p["furniture"]:
            for q, pq in pages.items():
                if q != pid and fs.lower() in pq["text"].lower():
                    err("%s: furniture %r also occurs on %s" % (pid, fs[:40], q))
        p["article"] = article(p["text"], p["furniture"])
        p["lines"] = p["article"].split("\n")
        p["grams"] = grams(p["article"])
        p["words"] = len(tokens(p["article"]))
        p["date"] = page_date(p["furniture"])
        if p["date"] is None:
            err("%s: no publication date found in its furniture" % pid)

    # ------------------------------------------------------------ per story
    rows = []
    totals = dict(bullets=0, questions=0, posts=0, entries=0)
    for lang in LANGS:
        ids = ids_of.get(lang)
        if not ids or any(ids[k] not in pages for k in ORDER):
            continue
        o = pages[ids["original"]]
        og = o["grams"]
        for role in ORDER:
            pid = ids[role]
            p = pages[pid]
            g, w, ln = p["grams"], p["words"], p["lines"]
            sh = g & og
            info, st = [], []
            added = p["added"]
            for ad in added:
                n = len(grams(ad) & og)
                if n:
                    st.append("added string shares %d 5-grams with the original: %r" % (n, ad[:40]))
            if role != "original" and (not added or ln[0] != added[0]):
                if role != "distractor":
                    st.append("the first article line is not its added headline")
            if role == "original":
                lo, hi = LIMITS["original_words"]
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
                npar = len(ln) - 1
                lo, hi = LIMITS["paragraphs"]
                if not lo <= npar <= hi:
                    st.append("%d paragraphs (want %d-%d)" % (npar, lo, hi))
                info.append("%d paragraphs" % npar)
            elif role == "copy":
                body = "\n".join(ln[1:])
                if len(added) != 1:
                    st.append("copy should have exactly one added string (its new headline)")
                if tokens(body) != tokens("\n".join(o["lines"][1:])):
                    st.append("copy body is not the original's body word for word")
                bg = grams(body)
                frac = len(bg & og) / float(len(bg)) if bg else 0.0
                if frac < LIMITS["copy_contained"]:
                    st.append("only %.0f%% of the body's 5-grams are in the original" % (100 * frac))
                info.append("%.0f%% of its body's 5-grams in the original; body verbatim" % (100 * frac))
            elif role in ("bullets", "distractor"):
                bl = ln[2:]
                bad = [x for x in bl if not BULLET.match(x)]
                if bad:
                    st.append("line after the intro is not a bullet: %r" % bad[0][:40])
                lo, hi = LIMITS["bullets"]
                if not lo <= len(bl) <= hi:
                    st.append("%d bullets (want %d-%d)" % (len(bl), lo, hi))
                if BULLET.match(ln[1]):
                    st.append("second line should be the intro, not a bullet")
                totals["bullets"] += len(bl)
                if role == "bullets":
                    if added[:2] != ln[:2]:
                        st.append("added must start with the headline and intro line")
                    new = [a for a in added[2:] if a in bl]
                    if len(added) != 3 or len(new) != 1:
                        st.append("added must be headline, intro and exactly one bullet line")
                    rest = [x for x in bl if x not in new]
                    close = [x for x in rest if grams(x) & og]
                    frac = len(close) / float(len(rest)) if rest else 0
                    lo, hi = LIMITS["close_bullets"]
                    if not lo <= frac <= hi:
                        st.append("%d of %d bullets reuse the original's wording (want about half)" % (len(close), len(rest)))
                    lo, hi = LIMITS["bullets_shared"]
                    if not lo <= len(sh) <= hi:
                        st.append("shares %d 5-grams with its original (want %d-%d)" % (len(sh), lo, hi))
                    info.append("%d bullets (1 added); %d of %d others reuse its wording" % (len(bl), len(close), len(rest)))
                else:
                    if added:
                        st.append("a distractor has no added strings")
                    if len(sh) > LIMITS["distractor_shared"]:
                        st.append("shares %d 5-grams with the story's original (max %d)" % (len(sh), LIMITS["distractor_shared"]))
                    info.append("%d bullets; another event" % len(bl))
            elif role == "qa":
                body = ln[1:]
                qs = [x for x in body if is_question(x)]
                ans = [x for x in body if not is_question(x)]
                lo, hi = LIMITS["questions"]
                if not lo <= len(qs) <= hi:
                    st.append("%d questions (want %d-%d)" % (len(qs), lo, hi))
                if [is_question(x) for x in body] != [True, False] * (len(body) // 2) or len(body) % 2:
                    st.append("body is not question line, answer line, ...")
                if sorted(added) != sorted([ln[0]] + qs + [a for a in added if a not in ln]):
                    st.append("added must be the headline, every question line and answer sentence(s)")
                new = [a for a in added if a not in ln]
                if len(new) != 1 or not any(new[0] in x and new[0] != x for x in ans):
                    st.append("exactly one added sentence inside an answer line is required")
                if len(sh) < LIMITS["qa_shared"]:
                    st.append("shares %d 5-grams with its original (want >= %d)" % (len(sh), LIMITS["qa_shared"]))
                totals["questions"] += len(qs)
                info.append("%d questions; 1 added answer sentence" % len(qs))
            elif role == "thread":
                posts = ln[2:]
                nums = [POST.match(x) for x in posts]
                if not all(nums):
                    st.append("line after the intro is not a numbered post")
                else:
                    n = len(posts)
                    if [(int(m.group(1)), int(m.group(2))) for m in nums] != [(k + 1, n) for k in range(n)]:
                        st.append("posts are not numbered 1/%d .. %d/%d" % (n, n, n))
                lo, hi = LIMITS["posts"]
                if not lo <= len(posts) <= hi:
                    st.append("%d posts (want %d-%d)" % (len(posts), lo, hi))
                if added[:2] != ln[:2] or len(added) != 3 or added[2] not in posts:
                    st.append("added must be headline, intro and exactly one post")
                if len(sh) > LIMITS["thread_shared"]:
                    st.append("shares %d 5-grams with its original (max %d)" % (len(sh), LIMITS["thread_shared"]))
                totals["posts"] += len(posts)
                info.append("%d posts (1 added)" % len(posts))
            elif role == "timeline":
                ent = ln[1:]
                bad = [x for x in ent if not ENTRY.match(x)]
                if bad:
                    st.append("entry does not start with a date or time: %r" % bad[0][:40])
                lo, hi = LIMITS["entries"]
                if not lo <= len(ent) <= hi:
                    st.append("%d entries (want %d-%d)" % (len(ent), lo, hi))
                new = [a for a in added[1:] if a in ent]
                if len(new) < LIMITS["timeline_added"] or len(new) != len(added) - 1:
                    st.append("added must be the headline and at least %d whole entries" % LIMITS["timeline_added"])
                if len(sh) > LIMITS["timeline_shared"]:
                    st.append("shares %d 5-grams with its original (max %d)" % (len(sh), LIMITS["timeline_shared"]))
                totals["entries"] += len(ent)
                info.append("%d entries (%d added background)" % (len(ent), len(new)))
            if role in ("bullets", "thread", "timeline", "distractor"):
                info.append("shares %d" % len(sh))
                if verbose:
                    for x in sorted(sh):
                        print("   %s %s shares: %s" % (lang, role, " ".join(x)))
            # dates
            d = p["date"]
            if d and o["date"] and role != "original":
                delta = (d - o["date"]).days
                lo, hi = LIMITS["distractor_days" if role == "distractor" else "deriv_days"]
                if not lo <= delta <= hi:
                    st.append("dated %s, %d days after the original (want %d-%d)" % (d, delta, lo, hi))
            for m in st:
                err("%s %s %s: %s" % (lang, role, pid, m))
            rows.append((lang, role, pid, d.isoformat() if d else "?", w, len(g), len(sh),
                         len(added), len(p["furniture"]), "; ".join(info) + (" FAIL" if st else "")))

    # originals pairwise
    pair_max = 0
    ol = [(lang, pages[ids_of[lang]["original"]]) for lang in LANGS
          if lang in ids_of and ids_of[lang]["original"] in pages]
    for i in range(len(ol)):
        for j in range(i + 1, len(ol)):
            n = len(ol[i][1]["grams"] & ol[j][1]["grams"])
            pair_max = max(pair_max, n)
            if n > LIMITS["originals_pairwise"]:
                err("originals %s and %s share %d 5-grams (max %d)" % (ol[i][0], ol[j][0], n, LIMITS["originals_pairwise"]))

    summary = {}
    for r in rows:
        summary.setdefault(r[0], {})[r[1]] = r
    hdr = ("lang", "kind", "id", "date", "words", "5grams", "shared", "added", "furn", "details")
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
    print("Per-language summary (shared 5-grams with the story's original)")
    shdr = ("lang", "original words", "copy body in original", "bullets", "qa", "thread", "timeline", "distractor")
    srows = []
    for lang in LANGS:
        sm = summary.get(lang)
        if not sm or len(sm) != len(ORDER):
            continue
        srows.append((lang, sm["original"][4], sm["copy"][9].split(" of its")[0], sm["bullets"][6],
                      sm["qa"][6], sm["thread"][6], sm["timeline"][6], sm["distractor"][6]))
    if srows:
        sw = [max(len(str(r[i])) for r in srows + [shdr]) for i in range(len(shdr))]
        print("  ".join(h.ljust(wd) for h, wd in zip(shdr, sw)).rstrip())
        for r in srows:
            print("  ".join(str(c).ljust(wd) for c, wd in zip(r, sw)).rstrip())
    print()
    print("originals pairwise: max %d shared 5-grams (limit %d)" % (pair_max, LIMITS["originals_pairwise"]))
    print("limits: original %d-%d words, %d-%d paragraphs; copy >= %.0f%%; bullets %d-%d shared; qa >= %d;"
          " thread <= %d; timeline <= %d; distractor <= %d"
          % (LIMITS["original_words"] + LIMITS["paragraphs"] + (100 * LIMITS["copy_contained"],)
             + LIMITS["bullets_shared"] + (LIMITS["qa_shared"], LIMITS["thread_shared"],
                                           LIMITS["timeline_shared"], LIMITS["distractor_shared"])))
    print()
    print("words   = tokens of the page's article text (furniture removed, headline included;")
    print("          Japanese counted in characters)")
    print("5grams  = distinct word 5-grams of that text; shared = how many occur in the story's original")
    print("added / furn = labelled added strings / furniture lines of the page")
    print("pages: %d; furniture strings: %d; added strings: %d; bullets: %d; questions: %d; posts: %d;"
          " timeline entries: %d" % (
              len(pages), sum(len(p["furniture"]) for p in pages.values()),
              sum(len(p["added"]) for p in pages.values()), totals["bullets"], totals["questions"],
              totals["posts"], totals["entries"]))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
