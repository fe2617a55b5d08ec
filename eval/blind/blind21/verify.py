#!/usr/bin/env python3
"""Check the blind21 test set and record shared_word5grams_with_original.

Run from this folder:  python3 verify.py
Uses labels.json, docs/*.txt and build/parts.json (the manifest written by
build/generate.py: headline, body paragraphs, caption description and the
top-bar / publication / read-more / related / credit lines of every page).
Standard library only (zoneinfo is used for the time-zone check when the
system has time-zone data).  Exit status 0 = all checks passed.

The date lines are checked with this file's own date parser, which is
independent of the generator: it reads the dates and clock times that a line
contains and compares them with labels.json.
"""
import datetime as dt
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ID_RE = re.compile(r"^[0-9a-f]{12}$")

LIMITS = {
    "original_body": (120, 200),
    "update1_new": (60, 120),
    "update2_body": (350, 450),
    "rewrite_body": (300, 400),
    "rewrite_background": (40, 80),
    "rewrite_shared5_with_update2_max": 5,
    "distractor_body": (120, 200),
    "crawl_offset_days": (0, 20),
    "distractor_gap_days": (2, 6),
    "min_topbars_per_story": 4,
    "min_readmore_pages": 2,
    "min_related_pages": 4,
    "min_stories_copy_crawled_before_original": 3,
}
STORY_KEYS = ["name", "language", "original", "boilerplate_of_original", "derivatives",
              "distractor", "boilerplate_of_distractor", "dates", "crawl_dates"]
ZONES = {"en": "Europe/London", "es": "America/Mexico_City", "it": "Europe/Rome",
         "el": "Europe/Athens", "hi": "Asia/Kolkata", "vi": "Asia/Ho_Chi_Minh"}

# ---------------------------------------------------------------- words ----


def words(text):
    """Lower-cased runs of Unicode letters, digits and combining marks.

    Combining marks are included so that Devanagari words (whose vowel signs
    are marks) stay whole; for the other five languages this is the same as
    the regex [^\\W_]+ on NFC text.
    """
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


def grams5(text):
    w = words(text)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def nwords(texts):
    return sum(len(words(t)) for t in texts)

# ----------------------------------------------------------- date parser ----


def norm(lang, s):
    s = unicodedata.normalize("NFC", s).lower()
    if lang == "el":  # drop tonos / dialytika so that "Μαΐου" == "μαιου"
        s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return s


MONTH_WORDS = {
    "en": [["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"], ["may"],
           ["june", "jun"], ["july", "jul"], ["august", "aug"], ["september", "sept", "sep"],
           ["october", "oct"], ["november", "nov"], ["december", "dec"]],
    "es": [["enero", "ene"], ["febrero", "feb"], ["marzo", "mar"], ["abril", "abr"], ["mayo", "may"],
           ["junio", "jun"], ["julio", "jul"], ["agosto", "ago"], ["septiembre", "setiembre", "sep", "sept"],
           ["octubre", "oct"], ["noviembre", "nov"], ["diciembre", "dic"]],
    "it": [["gennaio", "gen"], ["febbraio", "feb"], ["marzo", "mar"], ["aprile", "apr"], ["maggio", "mag"],
           ["giugno", "giu"], ["luglio", "lug"], ["agosto", "ago"], ["settembre", "set"],
           ["ottobre", "ott"], ["novembre", "nov"], ["dicembre", "dic"]],
    "el": [["ιανουαριου", "ιανουαριος", "ιαν"], ["φεβρουαριου", "φεβρουαριος", "φεβ"],
           ["μαρτιου", "μαρτιος", "μαρ"], ["απριλιου", "απριλιος", "απρ"], ["μαιου", "μαιος", "μαι"],
           ["ιουνιου", "ιουνιος", "ιουν"], ["ιουλιου", "ιουλιος", "ιουλ"], ["αυγουστου", "αυγουστος", "αυγ"],
           ["σεπτεμβριου", "σεπτεμβριος", "σεπ"], ["οκτωβριου", "οκτωβριος", "οκτ"],
           ["νοεμβριου", "νοεμβριος", "νοε"], ["δεκεμβριου", "δεκεμβριος", "δεκ"]],
    "hi": [["जनवरी"], ["फ़रवरी", "फरवरी"], ["मार्च"], ["अप्रैल"], ["मई"], ["जून"], ["जुलाई"], ["अगस्त"],
           ["सितंबर", "सितम्बर"], ["अक्टूबर", "अक्तूबर"], ["नवंबर", "नवम्बर"], ["दिसंबर", "दिसम्बर"]],
    "vi": [[] for _ in range(12)],  # Vietnamese months are numbers ("tháng 11")
}
WEEKDAY_WORDS = {  # Monday .. Sunday
    "en": [["monday", "mon"], ["tuesday", "tues", "tue"], ["wednesday", "wed"], ["thursday", "thurs", "thu"],
           ["friday", "fri"], ["saturday", "sat"], ["sunday", "sun"]],
    "es": [["lunes"], ["martes"], ["miércoles", "miercoles"], ["jueves"], ["viernes"], ["sábado", "sabado"],
           ["domingo"]],
    "it": [["lunedì", "lunedi"], ["martedì", "martedi"], ["mercoledì", "mercoledi"], ["giovedì", "giovedi"],
           ["venerdì", "venerdi"], ["sabato"], ["domenica"]],
    "el": [["δευτερα", "δευ"], ["τριτη", "τρι"], ["τεταρτη", "τετ"], ["πεμπτη", "πεμ"],
           ["παρασκευη", "παρ"], ["σαββατο", "σαβ"], ["κυριακη", "κυρ"]],
    "hi": [["सोमवार"], ["मंगलवार"], ["बुधवार"], ["गुरुवार", "बृहस्पतिवार"], ["शुक्रवार"], ["शनिवार"], ["रविवार"]],
    "vi": [["thứ hai", "thứ 2"], ["thứ ba", "thứ 3"], ["thứ tư", "thứ 4"], ["thứ năm", "thứ 5"],
           ["thứ sáu", "thứ 6"], ["thứ bảy", "thứ 7"], ["chủ nhật"]],
}
B = r"(?<![^\W_])"   # no letter/digit before
E = r"(?![^\W_])"    # no letter/digit after


def _month_re(lang):
    names = []
    for i, alts in enumerate(MONTH_WORDS[lang]):
        for a in alts:
            names.append((norm(lang, a), i + 1))
    names.sort(key=lambda x: -len(x[0]))
    return dict(names), "|".join(re.escape(n) for n, _ in names)


def _mk(y, m, d, out):
    try:
        out.append(dt.date(int(y), int(m), int(d)))
    except ValueError:
        pass


def find_dates(lang, line):
    """All calendar dates written in a line (day-first numeric forms)."""
    s = norm(lang, line)
    out = []
    for m in re.finditer(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", s):
        _mk(m.group(1), m.group(2), m.group(3), out)
    for m in re.finditer(r"(?<![\d/.-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)", s):
        _mk(m.group(4), m.group(3), m.group(1), out)
    if lang == "vi":
        for m in re.finditer(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|\s*,)?\s+(\d{4})(?!\d)", s):
            _mk(m.group(3), m.group(2), m.group(1), out)
        return out
    mnum, malt = _month_re(lang)
    pat = (B + r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(" + malt + r")\.?,?\s+(?:de\s+|del\s+)?(\d{4})(?!\d)")
    for m in re.finditer(pat, s):
        _mk(m.group(3), mnum[m.group(2)], m.group(1), out)
    pat = B + r"(" + malt + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"
    for m in re.finditer(pat, s):
        _mk(m.group(3), mnum[m.group(1)], m.group(2), out)
    return out


def find_weekdays(lang, line):
    s = norm(lang, line)
    found = set()
    for i, alts in enumerate(WEEKDAY_WORDS[lang]):
        for a in alts:
            if re.search(B + re.escape(norm(lang, a)) + E, s):
                found.add(i)
    return found


def find_times(line):
    """Clock times hh:mm (24 h, or 12 h with am/pm) as (hour, minute)."""
    out = []
    for m in re.finditer(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])\s*(a\.?\s?m\.?|p\.?\s?m\.?)?",
                         line.lower()):
        h, mi, ap = int(m.group(1)), int(m.group(2)), m.group(3)
        if ap:
            if ap.startswith("p") and h != 12:
                h += 12
            if ap.startswith("a") and h == 12:
                h = 0
        out.append((h, mi))
    return out


def utcoffset_ok(lang, when):
    try:
        from zoneinfo import ZoneInfo
        z = ZoneInfo(ZONES[lang])
    except Exception:
        return True
    return when.utcoffset() == when.replace(tzinfo=None).replace(tzinfo=z).utcoffset()

# ------------------------------------------------------------------ main ----


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
    pages = {}   # id -> dict(kind, story, lang, furniture, added)
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        if sorted(st) != sorted(STORY_KEYS):
            err("%s: story keys %s" % (name, sorted(st)))
        pages[st["original"]] = dict(kind="original", story=name, lang=lang,
                                     furniture=st["boilerplate_of_original"], added=[])
        for did, d in st["derivatives"].items():
            if did in pages:
                err("id used twice: " + did)
            if sorted(d) != ["added", "boilerplate", "kind", "shared_word5grams_with_original"]:
                err("%s: derivative keys %s" % (did, sorted(d)))
            pages[did] = dict(kind=d["kind"], story=name, lang=lang,
                              furniture=d["boilerplate"], added=d["added"])
        if st["distractor"] in pages:
            err("id used twice: " + st["distractor"])
        pages[st["distractor"]] = dict(kind="distractor", story=name, lang=lang,
                                       furniture=st["boilerplate_of_distractor"], added=[])
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != ["pickup", "rewrite", "update1", "update2"]:
            err("%s: derivative kinds %s" % (name, kinds))
        ids6 = sorted([st["original"], st["distractor"]] + list(st["derivatives"]))
        for key in ("dates", "crawl_dates"):
            if sorted(st.get(key, {})) != ids6:
                err("%s: %s must list exactly the story's 6 page ids" % (name, key))

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
    if errors:
        for e in errors:
            print(" - " + e)
        sys.exit(1)

    # ---- exact-once, whole lines, cross-page furniture, coverage ---------
    n_furn = 0
    line_idx = {}   # pid -> {line text: index}
    for pid, p in pages.items():
        text = docs[pid]
        lines = text.split("\n")
        idx = {}
        for i, ln in enumerate(lines):
            idx.setdefault(ln, i)
        line_idx[pid] = idx
        for s in p["furniture"] + p["added"]:
            c = text.count(s)
            if c != 1:
                err("%s: labelled string occurs %d times: %r" % (pid, c, s))
        for s in p["furniture"]:
            if s not in idx:
                err("%s: furniture string is not a whole line: %r" % (pid, s))
            if s != s.strip() or not s:
                err("%s: furniture string has outer whitespace or is empty: %r" % (pid, s))
        if len(set(p["furniture"])) != len(p["furniture"]):
            err("%s: duplicate furniture labels" % pid)
        n_furn += len(p["furniture"])
        for s in p["furniture"]:
            for oid, otext in docs.items():
                if oid != pid and s in otext:
                    err("furniture of %s also appears in %s: %r" % (pid, oid, s))
        art = parts[pid]
        pieces = [art["headline"], art["caption"]] + art["paragraphs"]
        for s in pieces:
            if text.count(s) != 1:
                err("%s: article text not found exactly once: %r" % (pid, s[:60]))
            if s not in idx:
                err("%s: article element is not a whole line: %r" % (pid, s[:60]))
        for s in p["added"]:
            if not any(s in para for para in art["paragraphs"]):
                err("%s: added string is not body text: %r" % (pid, s[:60]))
        rest = text
        for s in sorted(pieces + p["furniture"], key=len, reverse=True):
            rest = rest.replace(s, "", 1)
        if rest.strip():
            err("%s: text not covered by article or furniture labels: %r" % (pid, rest.strip()[:80]))
        for key in ("topbar", "publine", "readmore", "credit"):
            if art.get(key) is not None and art[key] not in p["furniture"]:
                err("%s: %s line is not labelled furniture" % (pid, key))
        for s in art.get("related", []):
            if s not in p["furniture"]:
                err("%s: related line is not labelled furniture: %r" % (pid, s))

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
        # update1 = every flash paragraph kept, one figure changed, 2 new paragraphs
        if len(P(u1)) != len(P(oid)) + 2 or P(u1)[len(P(oid)):] != parts[u1]["new_paragraphs"]:
            err("%s: update1 should be the flash paragraphs followed by 2 new ones" % name)
        changed = [k for k, x in enumerate(P(oid)) if P(u1)[k] != x]
        if len(changed) != 1:
            err("%s: update1 should change exactly one flash paragraph (%d)" % (name, len(changed)))
        u1_new = parts[u1]["new_paragraphs"]
        if len(u1_new) != 2 or not all(x in P(u1) and x not in P(oid) for x in u1_new):
            err("%s: update1 new paragraphs wrong" % name)
        u1_added = st["derivatives"][u1]["added"]
        if u1_added[1:] != u1_new or len(u1_added) != 3:
            err("%s: update1 added must be the changed sentence + the 2 new paragraphs" % name)
        elif changed and not (u1_added[0] in P(u1)[changed[0]] and u1_added[0] not in P(oid)[changed[0]]):
            err("%s: update1 changed sentence not in the changed paragraph" % name)
        u1_new_w = nwords(u1_new)
        lo, hi = LIMITS["update1_new"]
        if not lo <= u1_new_w <= hi:
            err("%s: update1 new paragraphs %d words" % (name, u1_new_w))
        # update2 = summary + update1 (one more paragraph changed) + 2 new paragraphs
        if len(P(u2)) != len(P(u1)) + 3:
            err("%s: update2 should add summary + 2 paragraphs" % name)
        else:
            mid = P(u2)[1:1 + len(P(u1))]
            lost = [k for k, x in enumerate(P(u1)) if mid[k] != x]
            if len(lost) != 1 or lost[0] in changed or lost[0] >= len(P(oid)):
                err("%s: update2 should change exactly one other flash paragraph (%s)" % (name, lost))
            if P(u2)[-2:] != parts[u2]["new_paragraphs"]:
                err("%s: update2 new paragraphs must follow the update1 text" % name)
            u2_added = st["derivatives"][u2]["added"]
            need = [P(u2)[0], u1_added[0]] + u1_new + parts[u2]["new_paragraphs"]
            if not all(x in u2_added for x in need) or len(u2_added) != len(need) + 1:
                err("%s: update2 added must be summary, both changed sentences and 4 new paragraphs" % name)
            else:
                extra = [x for x in u2_added if x not in need]
                if len(extra) != 1 or not lost or extra[0] not in mid[lost[0]] or extra[0] in P(u1)[lost[0]]:
                    err("%s: update2 second changed sentence wrong" % name)
        u2_body = nwords(P(u2))
        lo, hi = LIMITS["update2_body"]
        if not lo <= u2_body <= hi:
            err("%s: update2 body %d words" % (name, u2_body))
        # pickup verbatim, with a credit line before the body
        if P(pk) != P(u1):
            err("%s: pickup body is not update1 verbatim" % name)
        if st["derivatives"][pk]["added"] != u1_added:
            err("%s: pickup added must equal update1 added" % name)
        if parts[pk]["headline"] in (parts[u1]["headline"], parts[oid]["headline"], parts[u2]["headline"]):
            err("%s: pickup must have its own headline" % name)
        cr = parts[pk].get("credit")
        if not cr or line_idx[pk].get(cr, 10 ** 9) > line_idx[pk][P(pk)[0]]:
            err("%s: pickup needs a credit line before the body" % name)
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
        if st["derivatives"][rw]["added"] != [bg] or bg not in P(rw):
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

    # ---- dates: publication lines, top bars, order ------------------------
    n_rm = n_rel = 0
    copy_first = 0
    date_rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        role = {st["original"]: "original", st["distractor"]: "distractor"}
        role.update({did: d["kind"] for did, d in st["derivatives"].items()})
        rid = {r: i for i, r in role.items()}
        when = {}
        for pid in role:
            try:
                w = dt.datetime.fromisoformat(st["dates"][pid])
            except (ValueError, TypeError):
                err("%s: bad ISO date %r" % (pid, st["dates"].get(pid)))
                continue
            if w.tzinfo is None:
                err("%s: date has no UTC offset" % pid)
                continue
            if not utcoffset_ok(lang, w):
                err("%s: UTC offset of %s is wrong for %s" % (pid, st["dates"][pid], ZONES[lang]))
            when[pid] = w
        if len(when) != 6:
            continue
        seq = ["original", "update1", "pickup", "update2", "rewrite"]
        for a, b in zip(seq, seq[1:]):
            if not when[rid[a]] < when[rid[b]]:
                err("%s: true order broken: %s is not before %s" % (name, a, b))
        gap = (when[rid["original"]].date() - when[rid["distractor"]].date()).days
        lo, hi = LIMITS["distractor_gap_days"]
        if not lo <= gap <= hi:
            err("%s: distractor published %d days before the flash" % (name, gap))
        flash = when[rid["original"]]
        crawl = {}
        n_top = 0
        for pid, r in role.items():
            text, art, idx = docs[pid], parts[pid], line_idx[pid]
            pub = when[pid]
            h_i = idx.get(art["headline"], -1)
            p_first = idx.get(art["paragraphs"][0], -1)
            p_last = idx.get(art["paragraphs"][-1], -1)
            # publication line: below the headline, above the body
            pl = art.get("publine")
            if not pl:
                err("%s: no publication line" % pid)
            else:
                li = idx.get(pl, -1)
                if not h_i < li < p_first:
                    err("%s: publication line is not between headline and body" % pid)
                ds = find_dates(lang, pl)
                if pub.date() not in ds:
                    err("%s: publication line %r does not show %s" % (pid, pl, pub.date()))
                lo_d = flash.date() if r != "distractor" else pub.date()
                if any(not lo_d <= d <= pub.date() for d in ds):
                    err("%s: publication line %r has a date outside %s..%s" % (pid, pl, lo_d, pub.date()))
                wd = find_weekdays(lang, pl)
                if wd - {d.weekday() for d in ds}:
                    err("%s: publication line %r has a wrong weekday" % (pid, pl))
                tms = find_times(pl)
                if (pub.hour, pub.minute) not in tms:
                    err("%s: publication line %r lacks the time %02d:%02d" % (pid, pl, pub.hour, pub.minute))
                if r in ("update1", "update2") and (flash.hour, flash.minute) not in tms:
                    err("%s: update's publication line %r lacks the first-published time" % (pid, pl))
            # top bar = crawl date
            c = st["crawl_dates"][pid]
            tb = art.get("topbar")
            if c is None:
                if tb is not None:
                    err("%s: top bar present but crawl date is null" % pid)
                for ln in text.split("\n")[:max(h_i, 0)]:
                    if find_dates(lang, ln):
                        err("%s: a line above the headline shows a date but crawl date is null: %r" % (pid, ln))
            else:
                n_top += 1
                try:
                    cd = dt.date.fromisoformat(c)
                except ValueError:
                    err("%s: bad crawl date %r" % (pid, c))
                    continue
                crawl[pid] = cd
                if tb is None:
                    err("%s: crawl date given but no top bar" % pid)
                    continue
                if not 0 <= idx.get(tb, -1) < h_i:
                    err("%s: top bar is not above the headline" % pid)
                if find_dates(lang, tb) != [cd]:
                    err("%s: top bar %r does not show exactly the crawl date %s" % (pid, tb, cd))
                wd = find_weekdays(lang, tb)
                if wd and wd != {cd.weekday()}:
                    err("%s: top bar %r has a wrong weekday" % (pid, tb))
                off = (cd - pub.date()).days
                lo, hi = LIMITS["crawl_offset_days"]
                if not lo <= off <= hi:
                    err("%s: crawled %d days after publication" % (pid, off))
            # no own publication date inside the article text
            for s in [art["headline"], art["caption"]] + art["paragraphs"]:
                if find_dates(lang, s):
                    err("%s: article text contains a date: %r" % (pid, s[:60]))
                if re.search(r"(?<!\d)%d(?!\d)" % pub.year, s):
                    err("%s: article text contains the publication year: %r" % (pid, s[:60]))
            # read-more line between paragraphs; related blocks after the body
            rm = art.get("readmore")
            if rm:
                n_rm += 1
                if not p_first < idx.get(rm, -1) < p_last:
                    err("%s: read-more line is not between paragraphs" % pid)
                if not find_dates(lang, rm):
                    err("%s: read-more line has no date" % pid)
            if art.get("related"):
                n_rel += 1
                for s in art["related"]:
                    if not idx.get(s, -1) > p_last:
                        err("%s: related line is not after the body: %r" % (pid, s))
                    if len(find_dates(lang, s)) != 1:
                        err("%s: related line should carry one date: %r" % (pid, s))
            date_rows.append((lang, r, pid, pub.isoformat(), c, tb, pl))
        if n_top < LIMITS["min_topbars_per_story"]:
            err("%s: only %d pages with a top-bar date" % (name, n_top))
        # crawl order inverted relative to true order at least once per story
        story_pages = [rid[r] for r in seq if rid[r] in crawl]
        inv = [(a, b) for a in story_pages for b in story_pages
               if when[a] < when[b] and crawl[a] > crawl[b]]
        if not inv:
            err("%s: top-bar dates never run against publication order" % name)
        o = rid["original"]
        if o in crawl and any(crawl[d] < crawl[o] for d in story_pages if d != o):
            copy_first += 1
    if n_rm < LIMITS["min_readmore_pages"]:
        err("only %d pages with a read-more line" % n_rm)
    if n_rel < LIMITS["min_related_pages"]:
        err("only %d pages with a dated related block" % n_rel)
    if copy_first < LIMITS["min_stories_copy_crawled_before_original"]:
        err("only %d stories have a copy crawled before its original" % copy_first)

    if not errors:
        with open(os.path.join(HERE, "labels.json"), "w", encoding="utf-8") as fh:
            json.dump(labels, fh, ensure_ascii=False, indent=2)

    # ---- report ----------------------------------------------------------
    print("blind21 verify: %d stories, %d docs, %d furniture labels, %d read-more pages, "
          "%d related-block pages, %d stories with a copy crawled before its original"
          % (len(labels["stories"]), len(docs), n_furn, n_rm, n_rel, copy_first))
    print("%-4s %5s %6s %6s %6s %5s %6s %8s | shared 5-grams with original: u1 u2 pickup rewrite (distractor)"
          % ("lang", "orig", "u1new", "u2", "rewr", "bg", "distr", "rw~u2"))
    for (lang, name, ob, u1n, u2b, rwb, bgw, db, rwu2, sh, ds) in summary:
        print("%-4s %5d %6d %6d %6d %5d %6d %8d | %3d %3d %6d %7d (%d)"
              % (lang, ob, u1n, u2b, rwb, bgw, db, rwu2,
                 sh["update1"], sh["update2"], sh["pickup"], sh["rewrite"], ds))
    print("\nlang role       id           published (last update)    crawl/top-bar date")
    for (lang, r, pid, pub, c, tb, pl) in date_rows:
        print("%-4s %-10s %s %-26s %s" % (lang, r, pid, pub, c))
    if errors:
        print("\nFAILED: %d problem(s)" % len(errors))
        for e in errors:
            print(" - " + e)
        sys.exit(1)
    print("\nALL CHECKS PASSED (shared_word5grams_with_original written to labels.json)")


if __name__ == "__main__":
    main()
