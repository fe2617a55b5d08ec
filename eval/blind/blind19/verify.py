#!/usr/bin/env python3
"""Check the blind19 test set and record shared_word5grams_with_original.

Run from this folder:  python3 verify.py
Uses labels.json, docs/*.txt and build/parts.json (the article-text manifest
written by build/generate.py: headline, body paragraphs, caption description,
publication line of every page).  Standard library only.
Exit status 0 = all checks passed.
"""
import datetime as dt
import json
import os
import re
import sys

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
    "distractor_days_earlier": (2, 7),
}

# ------------------------------------------------------------------ words
# Words are lower-cased runs of Unicode letters/digits ([^\W_]+).  Japanese
# has no spaces, so for "ja" a word is a run of one script: kanji, hiragana,
# katakana (with ー), or other letters/digits.
_JA = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇]+"
    r"|[\u3041-\u309f]+"
    r"|[\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f]+"
    r"|[^\W_\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇\uff66-\uff9f]+")
_W = re.compile(r"[^\W_]+")


def words(text, lang):
    if lang == "ja":
        return _JA.findall(text.lower())
    return _W.findall(text.lower())


def grams5(text, lang):
    w = words(text, lang)
    return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}


def nwords(texts, lang):
    return sum(len(words(t, lang)) for t in texts)


# ------------------------------------------------------------------ dates
MONTHS = {
    1: "gennaio gen januari jan stycznia sty января янв ocak oca",
    2: "febbraio feb februari lutego lut февраля фев şubat şub",
    3: "marzo mar maart mrt marca марта мар mart",
    4: "aprile apr april kwietnia kwi апреля nisan nis",
    5: "maggio mag mei maja maj мая mayıs may",
    6: "giugno giu juni jun czerwca cze июня июн haziran haz",
    7: "luglio lug juli jul lipca lip июля июл temmuz tem",
    8: "agosto ago augustus aug sierpnia sie августа авг ağustos ağu",
    9: "settembre set september sep sept września wrz сентября сен eylül eyl",
    10: "ottobre ott oktober okt października paź октября окт ekim eki",
    11: "novembre nov november listopada lis ноября ноя kasım kas",
    12: "dicembre dic december dec grudnia gru декабря дек aralık ara",
}
MONTH_OF = {}
for _m, _names in MONTHS.items():
    for _n in _names.split():
        MONTH_OF[_n] = _m
_MONTH_ALT = "|".join(sorted(MONTH_OF, key=len, reverse=True))
DATE_PATTERNS = [
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d:])")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?!\d)")),
    ("ja", re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")),
    ("name", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(" + _MONTH_ALT + r")(?![^\W\d_])\.?(?:\s+(\d{4}))?",
                        re.IGNORECASE)),
]


def find_dates(text):
    """Return list of (year or None, month, day) found in text."""
    out = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            if kind == "dmy":
                y = int(m.group(3))
                y = y + 2000 if y < 100 else y
                out.append((y, int(m.group(2)), int(m.group(1))))
            elif kind == "ymd":
                out.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
            elif kind == "ja":
                out.append((int(m.group(1)) if m.group(1) else None,
                            int(m.group(2)), int(m.group(3))))
            else:
                out.append((int(m.group(3)) if m.group(3) else None,
                            MONTH_OF[m.group(2).lower()], int(m.group(1))))
    return [d for d in out if 1 <= d[1] <= 12 and 1 <= d[2] <= 31]


def time_forms(t):
    h, m = t.hour, t.minute
    forms = {"%02d:%02d" % (h, m), "%d:%02d" % (h, m), "%02d.%02d" % (h, m),
             "%d時%02d分" % (h, m), "%d時%d分" % (h, m)}
    h12 = h % 12 or 12
    forms.add(("午前" if h < 12 else "午後") + "%d時%02d分" % (h12, m))
    forms.add(("午前" if h < 12 else "午後") + "%d時%d分" % (h12, m))
    return forms


def has_time(text, t):
    for f in time_forms(t):
        for mm in re.finditer(re.escape(f), text):
            before = text[mm.start() - 1] if mm.start() else " "
            after = text[mm.end()] if mm.end() < len(text) else " "
            if not before.isdigit() and not after.isdigit():
                return True
    return False


def main():
    errors = []
    err = errors.append

    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    parts = json.load(open(os.path.join(HERE, "build", "parts.json"), encoding="utf-8"))
    docs_dir = os.path.join(HERE, "docs")
    docs = {}
    for fn in sorted(os.listdir(docs_dir)):
        if not fn.endswith(".txt"):
            err("stray file in docs/: " + fn)
            continue
        raw = open(os.path.join(docs_dir, fn), "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            err("not UTF-8: " + fn)
            continue
        if "<" in text and re.search(r"</?[a-zA-Z][^>]*>", text):
            err("HTML tag in " + fn)
        docs[fn[:-4]] = text

    # ---- collect page records ------------------------------------------
    pages = {}
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        pages[st["original"]] = dict(kind="original", story=name, lang=lang,
                                     furniture=st["boilerplate_of_original"], added=[])
        for did, d in st["derivatives"].items():
            if did in pages:
                err("id used twice: " + did)
            pages[did] = dict(kind=d["kind"], story=name, lang=lang,
                              furniture=d["boilerplate"], added=d["added"])
        if st["distractor"] in pages:
            err("id used twice: " + st["distractor"])
        pages[st["distractor"]] = dict(kind="distractor", story=name, lang=lang,
                                       furniture=st["boilerplate_of_distractor"], added=[])
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != ["pickup", "rewrite", "update1", "update2"]:
            err("%s: derivative kinds %s" % (name, kinds))
    langs = sorted(st["language"] for st in labels["stories"])
    if langs != sorted(["it", "nl", "pl", "ru", "ja", "tr"]):
        err("languages: %s" % langs)

    # ---- ids --------------------------------------------------------------
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
        report(labels, [], errors, 0)

    # ---- per page: exact-once, whole lines, cross-page, coverage ----------
    n_furn = 0
    layout = {}   # pid -> list of (kind, line) for non-empty lines
    for pid, p in pages.items():
        text = docs[pid]
        art = parts[pid]
        lines = [ln for ln in text.split("\n") if ln.strip()]
        for ln in text.split("\n"):
            if ln != ln.strip():
                err("%s: line with leading/trailing whitespace: %r" % (pid, ln[:40]))
        furn = p["furniture"]
        n_furn += len(furn)
        if len(set(furn)) != len(furn):
            err("%s: duplicate furniture labels" % pid)
        for s in furn + p["added"]:
            c = text.count(s)
            if c != 1:
                err("%s: labelled string occurs %d times: %r" % (pid, c, s[:70]))
        for s in furn:
            if s not in lines:
                err("%s: furniture string is not a whole line: %r" % (pid, s))
            for oid, otext in docs.items():
                if oid != pid and s in otext:
                    err("furniture of %s also appears in %s: %r" % (pid, oid, s))
        pieces = {"headline": [art["headline"]], "caption": [art["caption"]],
                  "para": art["paragraphs"]}
        for k, lst in pieces.items():
            for s in lst:
                if text.count(s) != 1:
                    err("%s: article text (%s) not found exactly once: %r" % (pid, k, s[:60]))
                if s not in lines:
                    err("%s: article text (%s) is not a whole line: %r" % (pid, k, s[:60]))
        for s in p["added"]:
            if not any(s in para for para in art["paragraphs"]):
                err("%s: added string is not body text: %r" % (pid, s[:60]))
        kinds = []
        fset, pset = set(furn), set(art["paragraphs"])
        for ln in lines:
            if ln == art["headline"]:
                kinds.append(("headline", ln))
            elif ln == art["caption"]:
                kinds.append(("caption", ln))
            elif ln in pset:
                kinds.append(("para", ln))
            elif ln in fset:
                kinds.append(("furniture", ln))
            else:
                err("%s: line not covered by article or furniture labels: %r" % (pid, ln[:80]))
                kinds.append(("?", ln))
        layout[pid] = kinds
        if [ln for k, ln in kinds if k == "para"] != art["paragraphs"]:
            err("%s: body paragraphs not in manifest order" % pid)
        # line style recorded in parts.json
        blank = "\n\n" in text.strip("\n")
        single = bool(re.search(r"[^\n]\n[^\n]", text))
        style = {(True, False): "blank", (False, True): "single",
                 (True, True): "mixed"}.get((blank, single), "?")
        if style != art["style"]:
            err("%s: line style %s, manifest says %s" % (pid, style, art["style"]))

    # ---- per story ---------------------------------------------------------
    summary = []
    n_timeonly_stories = 0
    n_dated_list_stories = 0
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        oid = st["original"]
        by_kind = {d["kind"]: did for did, d in st["derivatives"].items()}
        u1, u2, pk, rw = by_kind["update1"], by_kind["update2"], by_kind["pickup"], by_kind["rewrite"]
        dis = st["distractor"]
        P = lambda i: parts[i]["paragraphs"]
        W = lambda ps: nwords(ps, lang)

        styles = sorted(parts[i]["style"] for i in [oid, u1, u2, pk, rw, dis])
        if styles != ["blank", "blank", "mixed", "mixed", "single", "single"]:
            err("%s: line styles %s" % (name, styles))

        orig_body = W(P(oid))
        lo, hi = LIMITS["original_body"]
        if not lo <= orig_body <= hi:
            err("%s: original body %d words" % (name, orig_body))
        if len(P(oid)) != 4:
            err("%s: flash should have 4 paragraphs" % name)

        def check_change(prev, cur, rec, label):
            """cur = prev with one paragraph changed by rec old->new; returns changed index."""
            old, new = rec["old"], rec["new"]
            diff = [i for i in range(len(prev)) if prev[i] != cur[i]]
            if len(diff) != 1:
                err("%s: %s should change exactly one paragraph (%d)" % (name, label, len(diff)))
                return None
            i = diff[0]
            if prev[i].count(old) != 1 or prev[i].replace(old, new) != cur[i]:
                err("%s: %s changed paragraph is not old->new sentence swap" % (name, label))
            wo, wn = words(old, lang), words(new, lang)
            dd = [(a, b) for a, b in zip(wo, wn) if a != b]
            if len(wo) != len(wn) or len(dd) != 1 or not all(x.isdigit() for x in dd[0]):
                err("%s: %s change is not exactly one figure: %r" % (name, label, dd))
            return i

        # update1 = flash (one figure changed) + 2 new paragraphs at the end
        u1p = P(u1)
        new1 = parts[u1]["new_paragraphs"]
        if len(new1) != 2 or u1p[-2:] != new1 or len(u1p) != len(P(oid)) + 2:
            err("%s: update1 should be the flash plus 2 new paragraphs" % name)
        else:
            check_change(P(oid), u1p[:-2], parts[u1]["changed"], "update1")
        u1_new_w = W(new1)
        lo, hi = LIMITS["update1_new"]
        if not lo <= u1_new_w <= hi:
            err("%s: update1 new paragraphs %d words" % (name, u1_new_w))
        exp = [parts[u1]["changed"]["new"]] + new1
        if st["derivatives"][u1]["added"] != exp:
            err("%s: update1 added labels wrong" % name)
        if st["derivatives"][pk]["added"] != exp:
            err("%s: pickup added labels wrong" % name)

        # update2 = summary + update1 (one more figure changed) + 2 new
        u2p = P(u2)
        new2 = parts[u2]["new_paragraphs"]
        if (len(u2p) != len(u1p) + 3 or u2p[0] != parts[u2]["summary"]
                or u2p[-2:] != new2 or len(new2) != 2):
            err("%s: update2 should be summary + update1 + 2 new paragraphs" % name)
        else:
            i2 = check_change(u1p, u2p[1:-2], parts[u2]["changed"], "update2")
            if i2 is not None and i2 >= len(P(oid)):
                err("%s: update2 should change a flash paragraph" % name)
            if i2 is not None and parts[u2]["changed"]["old"] == parts[u1]["changed"]["new"]:
                err("%s: update2 changed the same sentence as update1" % name)
        u2_body = W(u2p)
        lo, hi = LIMITS["update2_body"]
        if not lo <= u2_body <= hi:
            err("%s: update2 body %d words" % (name, u2_body))
        exp2 = ([parts[u2]["summary"], parts[u1]["changed"]["new"], parts[u2]["changed"]["new"]]
                + new1 + new2)
        if sorted(st["derivatives"][u2]["added"]) != sorted(exp2):
            err("%s: update2 added labels wrong" % name)
        heads = [parts[i]["headline"] for i in (oid, u1, u2, pk, rw, dis)]
        if len(set(heads)) != 6:
            err("%s: headlines are not all different" % name)

        # pickup: update1 body verbatim, own headline, credit line in the header
        if P(pk) != u1p:
            err("%s: pickup body is not update1 verbatim" % name)
        credit = parts[pk].get("credit")
        head_lines = [ln for k, ln in layout[pk][:[k for k, _ in layout[pk]].index("para")]]
        if not credit or credit not in st["derivatives"][pk]["boilerplate"] or credit not in head_lines:
            err("%s: pickup credit line missing from header furniture" % name)

        # rewrite
        rw_body = W(P(rw))
        bg = parts[rw]["background"]
        bg_w = W([bg])
        lo, hi = LIMITS["rewrite_body"]
        if not lo <= rw_body <= hi:
            err("%s: rewrite body %d words" % (name, rw_body))
        lo, hi = LIMITS["rewrite_background"]
        if not lo <= bg_w <= hi:
            err("%s: rewrite background %d words" % (name, bg_w))
        if st["derivatives"][rw]["added"] != [bg] or bg not in P(rw):
            err("%s: rewrite added must be the background paragraph only" % name)
        rw_u2_page = len(grams5(docs[rw], lang) & grams5(docs[u2], lang))
        art = lambda i: "\n".join([parts[i]["headline"], parts[i]["caption"]] + P(i))
        rw_u2_art = len(grams5(art(rw), lang) & grams5(art(u2), lang))
        if max(rw_u2_page, rw_u2_art) > LIMITS["rewrite_shared5_with_update2_max"]:
            err("%s: rewrite shares %d/%d 5-grams with update2" % (name, rw_u2_page, rw_u2_art))

        # distractor
        dis_body = W(P(dis))
        lo, hi = LIMITS["distractor_body"]
        if not lo <= dis_body <= hi:
            err("%s: distractor body %d words" % (name, dis_body))

        # ---- dates ---------------------------------------------------------
        dates = st.get("dates", {})
        ids6 = {"original": oid, "update1": u1, "update2": u2, "pickup": pk,
                "rewrite": rw, "distractor": dis}
        if sorted(dates) != sorted(ids6.values()):
            err("%s: dates must list exactly the 6 pages" % name)
        T = {}
        for role, pid in ids6.items():
            try:
                T[role] = dt.datetime.fromisoformat(dates[pid])
            except (KeyError, ValueError):
                err("%s: bad ISO date for %s" % (name, pid))
        if len(T) == 6:
            if not (T["original"] < T["update1"] < T["pickup"]):
                err("%s: need flash < update1 < pickup" % name)
            if not (T["update1"] < T["update2"]):
                err("%s: need update1 < update2" % name)
            if not (T["rewrite"] > T["update2"] and T["rewrite"] > T["pickup"]):
                err("%s: rewrite must be last" % name)
            gap = (T["original"].date() - T["distractor"].date()).days
            lo, hi = LIMITS["distractor_days_earlier"]
            if not lo <= gap <= hi:
                err("%s: distractor is %d days before the flash" % (name, gap))
            for role, pid in ids6.items():
                t = T[role]
                rec = parts[pid]
                pub = rec["publine"]
                if rec["pub"] != dates[pid]:
                    err("%s: manifest date differs from label for %s" % (name, pid))
                if pub not in pages[pid]["furniture"]:
                    err("%s: publication line of %s is not labelled furniture" % (name, pid))
                if not has_time(pub, t):
                    err("%s: publication line of %s lacks time %s: %r" % (name, pid, t, pub))
                if role in ("update1", "update2") and not has_time(pub, T["original"]):
                    err("%s: %s publication line lacks first-published time" % (name, role))
                kinds = layout[pid]
                first_para = [k for k, _ in kinds].index("para")
                last_para = len(kinds) - 1 - [k for k, _ in kinds][::-1].index("para")
                header = "\n".join(ln for _, ln in kinds[:first_para])
                whole = [d for d in find_dates(header) if d[0] is not None]
                if (t.year, t.month, t.day) not in whole:
                    err("%s: header of %s has no whole date for %s (found %s)"
                        % (name, pid, t.date(), whole))
                if pub not in header:
                    err("%s: publication line of %s is not in the header" % (name, pid))
                # no own date inside article paragraphs
                body = "\n".join(rec["paragraphs"])
                own = [d for d in find_dates(body)
                       if (d[1], d[2]) == (t.month, t.day) and d[0] in (None, t.year)]
                if own or str(t.year) in body:
                    err("%s: article paragraphs of %s contain the page's own date/year" % (name, pid))
                if lang == "ja" and re.search(r"(?<!\d)%d日" % t.day, body):
                    err("%s: article paragraphs of %s contain '%d日'" % (name, pid, t.day))
            # update time written without date on that line?
            timeonly = 0
            for role in ("update1", "update2"):
                seg = parts[ids6[role]].get("update_segment")
                if seg:
                    if (seg not in parts[ids6[role]]["publine"] or not has_time(seg, T[role])
                            or find_dates(seg) or re.search(r"\d{4}", seg)):
                        err("%s: bad time-only update segment %r" % (name, seg))
                    else:
                        timeonly += 1
            n_timeonly_stories += timeonly > 0
            # dated headline lists after the article body
            dated_pages = 0
            for role, pid in ids6.items():
                kinds = layout[pid]
                last_para = len(kinds) - 1 - [k for k, _ in kinds][::-1].index("para")
                tail = [ln for k, ln in kinds[last_para + 1:] if k == "furniture"]
                ds = [d for ln in tail for d in find_dates(ln)]
                t = T[role]
                if any((d[1], d[2]) == (t.month, t.day) for d in ds):
                    err("%s: list after body of %s carries the page's own date" % (name, pid))
                if len(ds) >= 2:
                    dated_pages += 1
            n_dated_list_stories += dated_pages > 0

        # ---- shared 5-grams with the original (full page text) -------------
        og = grams5(docs[oid], lang)
        shares = {}
        for did, d in st["derivatives"].items():
            n = len(grams5(docs[did], lang) & og)
            d["shared_word5grams_with_original"] = n
            shares[d["kind"]] = n
        dis_share = len(grams5(docs[dis], lang) & og)
        summary.append((lang, name, orig_body, u1_new_w, u2_body, rw_body, bg_w,
                        dis_body, rw_u2_page, shares, dis_share))

    if n_timeonly_stories < 2:
        err("fewer than 2 stories write an update time without a date (%d)" % n_timeonly_stories)
    if n_dated_list_stories < 1:
        err("no story has a dated headline list after the article body")

    report(labels, summary, errors, n_furn, n_timeonly_stories, n_dated_list_stories)


def report(labels, summary, errors, n_furn, n_timeonly=0, n_dated=0):
    if not errors:
        with open(os.path.join(HERE, "labels.json"), "w", encoding="utf-8") as fh:
            json.dump(labels, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    print("blind19 verify: %d stories, %d docs, %d furniture labels"
          % (len(labels["stories"]), sum(1 for _ in os.listdir(os.path.join(HERE, "docs"))), n_furn))
    print("%-4s %5s %6s %6s %6s %5s %6s %6s | shared 5-grams with original: u1 u2 pickup rewrite (distractor)"
          % ("lang", "orig", "u1new", "u2", "rewr", "bg", "distr", "rw~u2"))
    for (lang, name, ob, u1n, u2b, rwb, bgw, db, rwu2, sh, ds) in summary:
        print("%-4s %5d %6d %6d %6d %5d %6d %6d | %3d %3d %6d %7d (%d)"
              % (lang, ob, u1n, u2b, rwb, bgw, db, rwu2,
                 sh["update1"], sh["update2"], sh["pickup"], sh["rewrite"], ds))
    print("stories with a time-only update line: %d; with dated lists after the body: %d"
          % (n_timeonly, n_dated))
    if errors:
        print("\nFAILED: %d problem(s)" % len(errors))
        for e in errors:
            print(" - " + e)
        sys.exit(1)
    print("\nALL CHECKS PASSED (shared_word5grams_with_original written to labels.json)")


if __name__ == "__main__":
    main()
