#!/usr/bin/env python3
"""Check the blind30 test set (commentary that quotes the news).

Run:  python3 verify.py [-v]     (standard library only; exit status 0 = all checks passed)

Definitions
  tokens     lower-cased runs of Unicode letters, marks and digits (punctuation dropped); inside
             such a run every CJK ideograph, hiragana and katakana character is a token of its own
             (so Japanese is counted in characters; "2026年4月" gives 2026, 年, 4, 月)
  grams      distinct word 5-grams of tokens
  article    the page with every labelled furniture string cut out, blank lines dropped; its first
             line is the page's headline, every further line a paragraph
  residual   a derivative's article text with its labelled added strings cut out: the passages it
             took from the original (split at the cuts and at line ends)
  sentence   a piece of an original paragraph ending in . ! ? or 。 (closing quotation marks kept);
             only sentences of 5 or more tokens are looked for on other pages
  quotation  a span of the original between the language's quotation marks (“ ” « » „ “ 「 」 " ")
-v also lists the 5-grams each rewrite and distractor shares with its original, and the passages
   (residual pieces) every column, fact-check and press review took from it.
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
LANGS = ["en", "es", "nl", "tr", "cs", "ja"]
KINDS = ["copy", "column", "factcheck", "pressreview", "rewrite"]
ORDER = ["original"] + KINDS + ["distractor"]
LIMITS = dict(original_words=(320, 420), paragraphs=(6, 8), quotations=2, quotation_tokens=3,
              copy_contained=0.9, column_words=(450, 600), column_own_paragraphs=(6, 8),
              person_quote_tokens=5, factcheck_paragraphs=(3, 5), extract_sentences=(1, 2),
              rewrite_shared=10, rewrite_ratio=(0.6, 1.4), distractor_shared=3,
              originals_pairwise=3, deriv_days=(0, 1), distractor_days=(0, 1), sentence_tokens=5)

MONTHS = {}
for _names in (
        "january february march april may june july august september october november december",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "januari februari maart april mei juni juli augustus september oktober november december",
        "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
        "ledna února března dubna května června července srpna září října listopadu prosince"):
    for _i, _m in enumerate(_names.split()):
        MONTHS.setdefault(_m, _i + 1)
for _i, _abbr in enumerate(["jan ene oca", "feb febr şub", "mar mrt", "apr abr nis", "may mei",
                            "jun haz", "jul tem", "aug ago ağu", "sep sept eyl", "oct okt eki",
                            "nov kas", "dec dic ara"]):
    for _a in _abbr.split():
        MONTHS.setdefault(_a, _i + 1)
DATE_RES = [
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)"), "dMy"),
    (re.compile(r"\b([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)"), "Mdy"),
]
TIME_RES = [
    re.compile(r"(\d{1,2})\s*時\s*(\d{1,2})\s*分"),
    re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?![\d.:])\s*([ap]\.?m\.?)?", re.I),
]
QUOTE_RES = [re.compile(p) for p in (r"“[^”„]+”", r"«[^»]+»", r"„[^“”]+“", r'"[^"]+"', r"「[^」]+」")]
SENT_END = re.compile(r"([.!?。！？][”\"»“」』’)]*)(\s+|$)|(。)")


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


def sentences(paragraph):
    """Split a paragraph into sentences (ends: . ! ? 。 plus closing quotation marks, then a space
    or the end; 。 anywhere). A full stop right after a number of one or two digits does not end
    one (ordinals such as "2. Ağır Ceza Mahkemesi" or "26. března")."""
    out, start = [], 0
    for m in SENT_END.finditer(paragraph):
        end = m.end(1) if m.group(1) else m.end(3)
        if m.group(1) and m.group(1)[0] == "." and re.search(r"(?<![\d.,])\d{1,2}$", paragraph[:m.start(1)]):
            continue  # an ordinal: "2. Ağır Ceza", "26. března"
        s = paragraph[start:end].strip()
        if s:
            out.append(s)
        start = end
    rest = paragraph[start:].strip()
    if rest:
        out.append(rest)
    return out


def quotations(text):
    out = []
    for rx in QUOTE_RES:
        out.extend(m.group(0) for m in rx.finditer(text))
    return out


def contains_run(hay, needle):
    """True when the token list needle occurs as a contiguous run in the token list hay."""
    n = len(needle)
    if not n:
        return True
    first = needle[0]
    for i in range(len(hay) - n + 1):
        if hay[i] == first and hay[i:i + n] == needle:
            return True
    return False


def article(text, furniture):
    for f in sorted(furniture, key=len, reverse=True):
        text = text.replace(f, "\n")
    return "\n".join(ln.strip() for ln in text.split("\n") if ln.strip())


def residual_pieces(art, added):
    text = art
    for a in sorted(added, key=len, reverse=True):
        text = text.replace(a, "\n")
    return [ln.strip() for ln in text.split("\n") if tokens(ln)]


def page_datetime(lines):
    for ln in lines:
        for rx, form in DATE_RES:
            for m in rx.finditer(ln):
                a, b, c = m.groups()
                try:
                    if form == "ymd":
                        d = datetime.date(int(a), int(b), int(c))
                    elif form == "dmy":
                        d = datetime.date(int(c), int(b), int(a))
                    elif form == "dMy" and b.lower() in MONTHS:
                        d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                    elif form == "Mdy" and a.lower() in MONTHS:
                        d = datetime.date(int(c), MONTHS[a.lower()], int(b))
                    else:
                        continue
                except ValueError:
                    continue
                rest = ln[:m.start()] + " " + ln[m.end():]
                t = None
                for trx in TIME_RES:
                    tm = trx.search(rest)
                    if tm:
                        h, mi = int(tm.group(1)), int(tm.group(2))
                        if len(tm.groups()) > 2 and tm.group(3):
                            ap = tm.group(3).lower().replace(".", "")
                            if ap == "pm" and h < 12:
                                h += 12
                            if ap == "am" and h == 12:
                                h = 0
                        if h < 24 and mi < 60:
                            t = datetime.time(h, mi)
                        break
                return d, t
    return None, None


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
            err("%s: page missing" % pid)
            return
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        pages[pid] = dict(text=text, lang=lang, role=role, furniture=list(furniture), added=list(added))

    # ------------------------------------------------------------ structure
    if [s.get("language") for s in stories] != LANGS:
        err("stories should be in the order %s, got %s" % (LANGS, [s.get("language") for s in stories]))
    if labels.get("distractors") != []:
        err("top-level distractors should be an empty list")
    if set(labels) != {"stories", "distractors"}:
        err("labels.json should hold exactly 'stories' and 'distractors'")
    ids_of = {}
    for s in stories:
        lang = s.get("language")
        if not str(s.get("name", "")).startswith("%s-" % lang):
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
    if len(stories) != 6:
        err("%d stories (want 6)" % len(stories))

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
                if n == 1 and p["text"].lower().count(st.lower()) != 1:
                    n = p["text"].lower().count(st.lower())  # once, also ignoring case
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
        p["tokens"] = tokens(p["article"])
        p["words"] = len(p["tokens"])
        p["date"], p["time"] = page_datetime(p["furniture"])
        if p["date"] is None:
            err("%s: no publication date found in its furniture" % pid)
        elif p["time"] is None:
            err("%s: no publication time found next to the date in its furniture" % pid)

    # ------------------------------------------------------------ per story
    rows = []
    totals = dict(quoted_paragraphs=0, claims=0, extracts=0, extract_sentences=0)
    for lang in LANGS:
        ids = ids_of.get(lang)
        if not ids or any(ids.get(k) not in pages for k in ORDER):
            continue
        o = pages[ids["original"]]
        og = o["grams"]
        otok = o["tokens"]
        obody = o["lines"][1:]
        osents = [(pi, si, snt) for pi, par in enumerate(obody) for si, snt in enumerate(sentences(par))
                  if len(tokens(snt)) >= LIMITS["sentence_tokens"]]
        oquotes = [q for q in quotations("\n".join(obody)) if len(tokens(q)) >= LIMITS["quotation_tokens"]]
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
            if role not in ("original", "distractor") and (not added or ln[0] != added[0]):
                st.append("the first article line is not its added headline")
            resid = residual_pieces(p["article"], added) if role != "original" else []
            found = [x for x in osents if x[2] in p["text"]] if role not in ("original", "copy") else []

            def check_residual_from_original():
                for piece in resid:
                    t = tokens(piece)
                    if contains_run(otok, t):
                        continue
                    if ":" in piece or "：" in piece:
                        cut = re.split(r"[:：]", piece, 1)[1]
                        if tokens(cut) and contains_run(otok, tokens(cut)) and len(tokens(piece)) - len(tokens(cut)) <= 3:
                            continue
                    st.append("unlabelled text not taken from the original: %r" % piece[:50])
                if verbose:
                    for piece in resid:
                        print("   %s %s takes: %s" % (lang, role, piece[:110]))

            if role == "original":
                lo, hi = LIMITS["original_words"]
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
                npar = len(ln) - 1
                lo, hi = LIMITS["paragraphs"]
                if not lo <= npar <= hi:
                    st.append("%d paragraphs (want %d-%d)" % (npar, lo, hi))
                if len(oquotes) < LIMITS["quotations"]:
                    st.append("%d quotations (want >= %d)" % (len(oquotes), LIMITS["quotations"]))
                info.append("%d paragraphs, %d quotations, %d sentences" % (npar, len(oquotes), len(osents)))
            elif role == "copy":
                body = "\n".join(ln[1:])
                if len(added) != 1:
                    st.append("copy should have exactly one added string (its new headline)")
                if tokens(body) != tokens("\n".join(obody)):
                    st.append("copy body is not the original's body word for word")
                bg = grams(body)
                frac = len(bg & og) / float(len(bg)) if bg else 0.0
                if frac < LIMITS["copy_contained"]:
                    st.append("only %.0f%% of the body's 5-grams are in the original" % (100 * frac))
                info.append("%.0f%% of its body's 5-grams in the original; body verbatim" % (100 * frac))
            elif role == "column":
                lo, hi = LIMITS["column_words"]
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
                whole = [x for x in ln[1:] if x in obody]
                inside = [par for par in obody if par in p["text"]]
                if len(whole) != 1 or len(inside) != 1:
                    st.append("%d whole paragraphs of the original as paragraphs, %d inside the page (want 1)"
                              % (len(whole), len(inside)))
                qpar = whole[0] if whole else None
                if qpar and any(qpar in a or a in qpar for a in added):
                    st.append("the quoted paragraph overlaps an added string")
                rest_t = tokens("\n".join(x for x in ln[1:] if x != qpar))
                pq = [q for q in oquotes if len(tokens(q)) >= LIMITS["person_quote_tokens"]
                      and contains_run(rest_t, tokens(q))]
                if len(pq) != 1:
                    st.append("%d quotations of the original outside the quoted paragraph (want 1)" % len(pq))
                own = [x for x in ln[1:] if x != qpar and x in added]
                unl = [x for x in ln[1:] if x != qpar and x not in added]
                lo, hi = LIMITS["column_own_paragraphs"]
                if not lo <= len(own) <= hi:
                    st.append("%d own paragraphs (want %d-%d)" % (len(own), lo, hi))
                if sorted(added) != sorted([ln[0]] + own):
                    st.append("added must be the headline and every own paragraph, whole")
                if len(unl) != 1 or (pq and not contains_run(tokens(unl[0]), tokens(pq[0]))):
                    st.append("besides the quoted paragraph exactly one unlabelled line (the person's quotation) is allowed")
                check_residual_from_original()
                if qpar:
                    info.append("quotes paragraph %d whole" % (obody.index(qpar) + 1))
                    totals["quoted_paragraphs"] += 1
                info.append("%d own paragraphs; 1 quotation of a person" % len(own))
            elif role == "factcheck":
                if len(found) != 1:
                    st.append("%d sentences of the original verbatim (want exactly 1)" % len(found))
                else:
                    cl = [x for x in ln if found[0][2] in x]
                    if len(cl) != 1 or cl[0] in added or not re.match(r"^[^:：]{1,25}[:：]", cl[0]):
                        st.append("the original's sentence should be on a labelled claim line (\"Claim: ...\")")
                    info.append("claim = sentence %d of paragraph %d" % (found[0][1] + 1, found[0][0] + 1))
                    totals["claims"] += 1
                verdict = [a for a in added[1:] if re.match(r"^[^:：]{1,25}[:：]", a) and a in ln]
                paras = [a for a in added[1:] if a in ln and a not in verdict]
                if len(verdict) != 1:
                    st.append("%d verdict lines among the added strings (want 1)" % len(verdict))
                lo, hi = LIMITS["factcheck_paragraphs"]
                if not lo <= len(paras) <= hi:
                    st.append("%d analysis paragraphs (want %d-%d)" % (len(paras), lo, hi))
                if sorted(added) != sorted([ln[0]] + verdict + paras):
                    st.append("added must be headline, verdict line and analysis paragraphs, whole")
                if len(resid) != 1:
                    st.append("%d unlabelled pieces (want 1: the claim)" % len(resid))
                check_residual_from_original()
                info.append("verdict + %d analysis paragraphs" % len(paras))
            elif role == "pressreview":
                lo, hi = LIMITS["extract_sentences"]
                if not lo <= len(found) <= hi:
                    st.append("%d sentences of the original verbatim (want %d-%d)" % (len(found), lo, hi))
                elif len(found) == 2 and (found[0][0] != found[1][0] or found[1][1] != found[0][1] + 1):
                    st.append("the two sentences are not consecutive sentences of one paragraph")
                if len(resid) != 1:
                    st.append("%d unlabelled pieces (want 1: the extract)" % len(resid))
                elif found and tokens(resid[0]) != tokens(" ".join(x[2] for x in found)):
                    st.append("the unlabelled piece is not exactly the extract")
                check_residual_from_original()
                if found:
                    totals["extracts"] += 1
                    totals["extract_sentences"] += len(found)
                    info.append("extract = %d sentence(s) of paragraph %d" % (len(found), found[0][0] + 1))
                info.append("%d added strings" % len(added))
            elif role == "rewrite":
                if len(sh) > LIMITS["rewrite_shared"]:
                    st.append("shares %d 5-grams with its original (max %d)" % (len(sh), LIMITS["rewrite_shared"]))
                ratio = w / float(o["words"])
                lo, hi = LIMITS["rewrite_ratio"]
                if not lo <= ratio <= hi:
                    st.append("length %.2f x the original's (want %.1f-%.1f)" % (ratio, lo, hi))
                if len(added) != 2 or added[1] in ln or not any(added[1] in x for x in ln[1:]):
                    st.append("added must be the headline and one sentence inside a paragraph")
                info.append("%.2f x the original's length; shares %d" % (ratio, len(sh)))
            elif role == "distractor":
                if added:
                    st.append("a distractor has no added strings")
                if len(sh) > LIMITS["distractor_shared"]:
                    st.append("shares %d 5-grams with the story's original (max %d)" % (len(sh), LIMITS["distractor_shared"]))
                if found:
                    st.append("contains %d sentences of the original" % len(found))
                info.append("same event, own sources; shares %d" % len(sh))
            if role in ("rewrite", "distractor") and verbose:
                for x in sorted(sh):
                    print("   %s %s shares: %s" % (lang, role, " ".join(x)))
            # dates
            d, t = p["date"], p["time"]
            if d and o["date"] and role != "original":
                delta = (d - o["date"]).days
                lo, hi = LIMITS["distractor_days" if role == "distractor" else "deriv_days"]
                if not lo <= delta <= hi:
                    st.append("dated %s, %d days after the original (want %d-%d)" % (d, delta, lo, hi))
                if role != "distractor" and t and o["time"]:
                    if datetime.datetime.combine(d, t) <= datetime.datetime.combine(o["date"], o["time"]):
                        st.append("published %s %s, not after its original" % (d, t.strftime("%H:%M")))
            for m in st:
                err("%s %s %s: %s" % (lang, role, pid, m))
            stamp = "%s %s" % (d.isoformat() if d else "?", t.strftime("%H:%M") if t else "?")
            rows.append((lang, role, pid, stamp, w, len(g), len(sh),
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
    shdr = ("lang", "original words", "copy", "column", "factcheck", "pressreview", "rewrite", "distractor")
    srows = []
    for lang in LANGS:
        sm = summary.get(lang)
        if not sm or len(sm) != len(ORDER):
            continue
        srows.append((lang, sm["original"][4], sm["copy"][6], sm["column"][6], sm["factcheck"][6],
                      sm["pressreview"][6], sm["rewrite"][6], sm["distractor"][6]))
    if srows:
        sw = [max(len(str(r[i])) for r in srows + [shdr]) for i in range(len(shdr))]
        print("  ".join(h.ljust(wd) for h, wd in zip(shdr, sw)).rstrip())
        for r in srows:
            print("  ".join(str(c).ljust(wd) for c, wd in zip(r, sw)).rstrip())
    print()
    print("originals pairwise: max %d shared 5-grams (limit %d)" % (pair_max, LIMITS["originals_pairwise"]))
    print("limits: original %d-%d words, %d-%d paragraphs, >= %d quotations; copy >= %.0f%%; column %d-%d words;"
          % (LIMITS["original_words"] + LIMITS["paragraphs"] + (LIMITS["quotations"], 100 * LIMITS["copy_contained"])
             + LIMITS["column_words"]))
    print("        rewrite <= %d shared, %.1f-%.1f x the original's length; distractor <= %d shared"
          % ((LIMITS["rewrite_shared"],) + LIMITS["rewrite_ratio"] + (LIMITS["distractor_shared"],)))
    print()
    print("date    = publication date and time found in the page's furniture")
    print("words   = tokens of the page's article text (furniture removed, headline included;")
    print("          Japanese counted in characters)")
    print("5grams  = distinct word 5-grams of that text; shared = how many occur in the story's original")
    print("added / furn = labelled added strings / furniture lines of the page")
    print("pages: %d; furniture strings: %d; added strings: %d; quoted paragraphs: %d; claims: %d;"
          " press-review extracts: %d (%d sentences)" % (
              len(pages), sum(len(p["furniture"]) for p in pages.values()),
              sum(len(p["added"]) for p in pages.values()), totals["quoted_paragraphs"], totals["claims"],
              totals["extracts"], totals["extract_sentences"]))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
