#!/usr/bin/env python3
"""Check the blind29 test set (live blogs and the pages made from them).

Run:  python3 verify.py [-v]     (standard library only; exit status 0 = all checks passed)

Definitions
  tokens    lower-cased runs of Unicode letters, marks and digits (punctuation dropped); Korean
            words are the space-separated runs of Hangul, counted as such
  grams     distinct word 5-grams of tokens
  article   the page with every labelled furniture string cut out, blank lines dropped; its
            first line is the page's headline
  live page original, capture2, capture3, copy and distractor: headline, summary line, then
            entries, each a time line ("14:05", "14.05 Uhr", "14h05", "14:05 KST") followed by
            one line of text
  time      a page's date and time: the first furniture line holding a date and, after it, a time
-v also lists the 5-grams the lift (outside its copied entry), the wrap and the distractor share
   with the original, and those the changed summary sentence shares with it.
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
LANGS = ["en", "de", "fr", "pt", "pl", "ko"]
KINDS = ["capture2", "capture3", "lift", "wrap", "copy"]
ORDER = ["original"] + KINDS + ["distractor"]
LIVE = ("original", "capture2", "capture3", "copy", "distractor")
LIMITS = dict(original_words=(250, 400), entry_words=(40, 90), summary_sentences=(2, 3),
              summary_sentence_shared=8, copy_contained=0.9, lift_other_shared=5,
              lift_own_paragraphs=(4, 6), wrap_shared=15, wrap_words=(300, 400),
              wrap_paragraphs=(6, 8), distractor_shared=3, originals_pairwise=3,
              template_twins=0.6, distractor_days=(0, 1))

TIME_LINE = re.compile(r"^(\d{1,2})(?::|\.|h)(\d{2})(?: Uhr| KST)?$")
TIME_IN = re.compile(r"(?<![\d.:])(\d{1,2})(?::|h|\.)(\d{2})(?!\d)")
MONTHS = {}
for _names in (
        "january february march april may june july august september october november december",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
        "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień"):
    for _i, _m in enumerate(_names.split()):
        MONTHS.setdefault(_m, _i + 1)
DATE_RES = [
    (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})(?!\d)"), "dMy"),
]
# article lines that look like site furniture (none may be left once the labels are cut out)
FURNITURE_LOOK = re.compile(
    r"©|\.example|https?://|\bwww\.|\s\|\s|›|●|\s·\s|newsletter|\bshare\b|\bsubscribe|\bsign up\b"
    r"|comments? \(|\brefresh\b|key events|show earlier|\bteilen\b|abonnieren|kommentare|neu laden"
    r"|partager|abonnez|commentaires|actualisez|compartilh|comentários|assine|atualize|udostępnij"
    r"|komentarze|odśwież|subskryb|공유|댓글|구독|새로고침|더보기",
    re.IGNORECASE)


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


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def page_time(lines):
    """(datetime, line) of the first line with a date and a time after it."""
    for ln in lines:
        found = []
        for rx, form in DATE_RES:
            for m in rx.finditer(ln):
                a, b, c = m.groups()
                try:
                    if form == "ymd":
                        d = datetime.date(int(a), int(b), int(c))
                    elif form == "dmy":
                        d = datetime.date(int(c), int(b), int(a))
                    elif b.lower() in MONTHS:
                        d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                    else:
                        continue
                except ValueError:
                    continue
                found.append((m.start(), m.end(), d))
        if not found:
            continue
        s, e, d = min(found)
        t = TIME_IN.search(ln, e)
        if t and int(t.group(1)) < 24 and int(t.group(2)) < 60:
            return datetime.datetime(d.year, d.month, d.day, int(t.group(1)), int(t.group(2))), ln
    return None, None


def minutes(time_line):
    m = TIME_LINE.match(time_line)
    return int(m.group(1)) * 60 + int(m.group(2))


def parse_live(lines):
    """headline, summary, [(time, text)], problems"""
    probs = []
    if len(lines) < 4:
        return None, None, [], ["too few article lines for a live page"]
    head, summ, rest = lines[0], lines[1], lines[2:]
    if TIME_LINE.match(head) or TIME_LINE.match(summ):
        probs.append("headline or summary missing (a time line in their place)")
    if len(rest) % 2:
        probs.append("entries are not time line + text pairs (odd number of lines)")
    entries = []
    for i in range(0, len(rest) - 1, 2):
        t, x = rest[i], rest[i + 1]
        if not TIME_LINE.match(t):
            probs.append("expected a time line, got %r" % t[:40])
            break
        if TIME_LINE.match(x):
            probs.append("entry %s has no text" % t)
            break
        entries.append((t, x))
    return head, summ, entries, probs


def similar(a, b):
    """character similarity of two lines (difflib ratio, lower-cased)"""
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


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
        err("labels.json keys %s (want stories, distractors)" % sorted(labels))
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
    if len(on_disk) != 42 or len(os.listdir(DOCS)) != 42:
        err("docs/ holds %d files (want 42 pages)" % len(os.listdir(DOCS)))
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
                if what == "furniture":
                    if st not in lines:
                        err("%s: furniture string is not a whole line: %r" % (pid, st[:60]))
                    if TIME_LINE.match(st):
                        err("%s: a time line is labelled furniture: %r" % (pid, st))
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
        p["time"], p["time_line"] = page_time(p["furniture"])
        if p["time"] is None:
            err("%s: no date and time found in its furniture" % pid)
        for ln in p["lines"]:
            if FURNITURE_LOOK.search(ln):
                err("%s: article line looks like unlabelled furniture: %r" % (pid, ln[:60]))
        if p["role"] in LIVE:
            head, summ, ent, probs = parse_live(p["lines"])
            for m in probs:
                err("%s %s: %s" % (pid, p["role"], m))
            p["head"], p["summary"], p["entries"] = head, summ, ent
        else:
            for ln in p["lines"]:
                if TIME_LINE.match(ln) or len(tokens(ln)) < (5 if ln == p["lines"][0] else 8):
                    err("%s: short or time-only article line (unlabelled furniture?): %r" % (pid, ln[:60]))

    # ------------------------------------------------------------ per story
    rows = []
    summary_rows = []
    for lang in LANGS:
        ids = ids_of.get(lang)
        if not ids or any(ids[k] not in pages for k in ORDER):
            continue
        o = pages[ids["original"]]
        og = o["grams"]
        oent = o.get("entries", [])
        otexts = [x for _, x in oent]
        ot = o["time"]
        caps = [pages[ids["capture2"]], pages[ids["capture3"]]]
        cap_grams = set(og)
        for c in caps:
            cap_grams |= c["grams"]
        srow = {"lang": lang}
        for role in ORDER:
            pid = ids[role]
            p = pages[pid]
            g, w, ln, added = p["grams"], p["words"], p["lines"], p["added"]
            sh = g & og
            info, st = [], []
            summ_added = [a for a in added if p.get("summary") and a in p["summary"] and a != p["summary"]]
            for ad in added:
                n = len(grams(ad) & og)
                if ad in summ_added:
                    if n > LIMITS["summary_sentence_shared"]:
                        st.append("changed summary sentence shares %d 5-grams with the original" % n)
                    if verbose:
                        for x in sorted(grams(ad) & og):
                            print("   %s %s summary sentence shares: %s" % (lang, role, " ".join(x)))
                elif n:
                    st.append("added string shares %d 5-grams with the original: %r" % (n, ad[:40]))
            ent = p.get("entries", [])
            if role in LIVE:
                for t, x in ent:
                    lo, hi = LIMITS["entry_words"]
                    if not lo <= len(tokens(x)) <= hi:
                        st.append("entry %s has %d words (want %d-%d)" % (t, len(tokens(x)), lo, hi))
                mins = [minutes(t) for t, _ in ent]
                if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
                    st.append("entries are not newest first with distinct times")
                if mins and p["time"] and max(mins) > p["time"].hour * 60 + p["time"].minute:
                    st.append("an entry is later than the page's own time")
                if p.get("summary"):
                    ns = len(sentences(p["summary"]))
                    lo, hi = LIMITS["summary_sentences"]
                    if not lo <= ns <= hi:
                        st.append("summary has %d sentences (want %d-%d)" % (ns, lo, hi))
            if role in ("original", "distractor"):
                lo, hi = LIMITS["original_words"]
                if not lo <= w <= hi:
                    st.append("%d words (want %d-%d)" % (w, lo, hi))
                if len(ent) != 4:
                    st.append("%d entries (want 4)" % len(ent))
                if added:
                    st.append("no added strings expected")
                info.append("%d entries" % len(ent))
            if role in ("capture2", "capture3"):
                if p.get("head") != o.get("head"):
                    st.append("headline differs from the original's")
                new = [e for e in ent if e not in oent]
                kept = [e for e in ent if e in oent]
                if role == "capture2":
                    if ent[len(ent) - 4:] != oent or len(new) != 3 or len(ent) != 7:
                        st.append("want 3 new entries on top of the original's 4, verbatim")
                else:
                    c2new = [e for e in pages[ids["capture2"]].get("entries", []) if e not in oent]
                    if kept != oent[:2] or len(new) != 5 or len(ent) != 7 or ent[-2:] != oent[:2]:
                        st.append("want the original's 2 newest entries verbatim at the bottom and 5 new ones")
                    if ent[2:5] != c2new:
                        st.append("capture2's 3 new entries are not carried over verbatim")
                    for t, x in oent[2:]:
                        if x in p["article"]:
                            st.append("an entry that should have dropped off is still on the page")
                for t, x in new:
                    if p["time"] and ot and not (ot.hour * 60 + ot.minute < minutes(t)):
                        st.append("new entry %s is not later than the original's capture" % t)
                if len(summ_added) != 1:
                    st.append("want exactly one changed summary sentence labelled added")
                else:
                    rest = tokens(p["summary"].replace(summ_added[0], " "))
                    os_ = sentences(o["summary"])
                    if not any(rest == tokens(" ".join(os_[:i] + os_[i + 1:])) for i in range(len(os_))):
                        st.append("summary is not the original's with exactly one sentence changed")
                want = set([x for e in new for x in e] + summ_added)
                if set(added) != want or len(added) != len(want):
                    st.append("added must be exactly the new entries (time line and text) and the changed summary sentence")
                nsh = len(grams(summ_added[0]) & og) if summ_added else 0
                info.append("%d entries: %d of the original's + %d new; summary sentence changed (shares %d)"
                            % (len(ent), len(kept), len(new), nsh))
            if role == "copy":
                body = "\n".join(ln[1:])
                if added != [ln[0]]:
                    st.append("copy's only added string must be its headline (its first article line)")
                if tokens(body) != tokens("\n".join(o["lines"][1:])):
                    st.append("copy body is not the original's summary and entries word for word")
                if ent != oent:
                    st.append("copy does not keep the original's entries with their time lines")
                bg = grams(body)
                frac = len(bg & og) / float(len(bg)) if bg else 0.0
                if frac < LIMITS["copy_contained"]:
                    st.append("only %.0f%% of the body's 5-grams are in the original" % (100 * frac))
                info.append("%.0f%% of its body's 5-grams in the original; body verbatim, time lines kept" % (100 * frac))
            if role == "lift":
                hits = [x for x in ln[1:] if x in otexts]
                if len(hits) != 1:
                    st.append("lift should carry exactly one original entry as a paragraph (has %d)" % len(hits))
                    other = sh
                else:
                    other = grams_of_parts(p["article"].split(hits[0])) & og
                    info.append("entry %s verbatim" % oent[otexts.index(hits[0])][0])
                for t, x in oent:
                    if x not in hits and x in p["article"]:
                        st.append("lift carries a second entry")
                if len(other) > LIMITS["lift_other_shared"]:
                    st.append("shares %d 5-grams with the original outside the entry (max %d)"
                              % (len(other), LIMITS["lift_other_shared"]))
                own = [x for x in ln[1:] if x not in hits]
                lo, hi = LIMITS["lift_own_paragraphs"]
                if not lo <= len(own) <= hi:
                    st.append("%d own paragraphs (want %d-%d)" % (len(own), lo, hi))
                if sorted(added) != sorted([ln[0]] + own):
                    st.append("added must be the headline and every paragraph but the copied entry")
                info.append("%d own paragraphs; %d other 5-grams shared" % (len(own), len(other)))
                srow["lift"] = len(other)
                if verbose:
                    for x in sorted(other):
                        print("   %s lift shares outside the entry: %s" % (lang, " ".join(x)))
            if role == "wrap":
                body = ln[1:]
                bw = len(tokens("\n".join(body)))
                lo, hi = LIMITS["wrap_words"]
                if not lo <= bw <= hi:
                    st.append("body %d words (want %d-%d)" % (bw, lo, hi))
                lo, hi = LIMITS["wrap_paragraphs"]
                if not lo <= len(body) <= hi:
                    st.append("%d paragraphs (want %d-%d)" % (len(body), lo, hi))
                if len(added) != 1 or added[0] not in body:
                    st.append("added must be exactly one whole paragraph (the analysis)")
                elif grams(added[0]) & cap_grams:
                    st.append("the analysis paragraph shares 5-grams with a capture")
                shc = g & cap_grams
                if len(sh) > LIMITS["wrap_shared"] or len(shc) > LIMITS["wrap_shared"]:
                    st.append("shares %d 5-grams with the original, %d with all captures (max %d)"
                              % (len(sh), len(shc), LIMITS["wrap_shared"]))
                info.append("%d paragraphs, %d body words; %d 5-grams shared with all captures" % (len(body), bw, len(shc)))
                srow["wrap"] = len(sh)
                if verbose:
                    for x in sorted(shc):
                        print("   %s wrap shares with the captures: %s" % (lang, " ".join(x)))
            if role == "distractor":
                if p.get("head") == o.get("head"):
                    st.append("distractor has the original's headline")
                if len(sh) > LIMITS["distractor_shared"]:
                    st.append("shares %d 5-grams with the story's original (max %d)" % (len(sh), LIMITS["distractor_shared"]))
                srow["distractor"] = len(sh)
                if verbose:
                    for x in sorted(sh):
                        print("   %s distractor shares: %s" % (lang, " ".join(x)))
            if role in ("capture2", "capture3", "distractor"):
                twins = sum(1 for f in p["furniture"] if max(similar(f, x) for x in o["furniture"]) >= 0.6)
                if twins < LIMITS["template_twins"] * len(p["furniture"]):
                    st.append("only %d of %d furniture lines follow the original's template" % (twins, len(p["furniture"])))
                info.append("template: %d/%d furniture lines near-identical to the original's" % (twins, len(p["furniture"])))
            # date and time
            t = p["time"]
            if t and ot and role != "original":
                if role == "distractor":
                    delta = (t.date() - ot.date()).days
                    lo, hi = LIMITS["distractor_days"]
                    if not lo <= delta <= hi:
                        st.append("dated %s, %d days after the original (want %d-%d)" % (t.date(), delta, lo, hi))
                else:
                    if t.date() != ot.date():
                        st.append("dated %s, not the original's day" % t.date())
                    if t <= ot:
                        st.append("time %s is not after the original's %s" % (t, ot))
                    if role == "capture3" and caps[0]["time"] and t <= caps[0]["time"]:
                        st.append("capture3 is not later than capture2")
                    if role == "wrap" and any(c["time"] and t <= c["time"] for c in caps):
                        st.append("the wrap is not later than the captures")
            for m in st:
                err("%s %s %s: %s" % (lang, role, pid, m))
            rows.append((lang, role, pid, t.strftime("%Y-%m-%d %H:%M") if t else "?", w, len(g), len(sh),
                         len(ent) if role in LIVE else "", len(added), len(p["furniture"]),
                         "; ".join(info) + (" FAIL" if st else "")))
            if role == "original":
                srow["words"] = w
        summary_rows.append(srow)

    # originals and distractors pairwise
    pair_max = 0
    live = [(lang, r, pages[ids_of[lang][r]]) for lang in LANGS if lang in ids_of
            for r in ("original", "distractor") if ids_of[lang][r] in pages]
    for i in range(len(live)):
        for j in range(i + 1, len(live)):
            n = len(live[i][2]["grams"] & live[j][2]["grams"])
            pair_max = max(pair_max, n)
            if n > LIMITS["originals_pairwise"]:
                err("%s %s and %s %s share %d 5-grams (max %d)" % (live[i][0], live[i][1], live[j][0],
                                                                   live[j][1], n, LIMITS["originals_pairwise"]))

    hdr = ("lang", "kind", "id", "time", "words", "5grams", "shared", "entries", "added", "furn", "details")
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
    print("originals and distractors pairwise: max %d shared 5-grams (limit %d)" % (pair_max, LIMITS["originals_pairwise"]))
    print("limits: original and distractor %d-%d words, 4 entries of %d-%d words; changed summary sentence <= %d;"
          % (LIMITS["original_words"] + LIMITS["entry_words"] + (LIMITS["summary_sentence_shared"],)))
    print("        copy >= %.0f%%; lift <= %d outside its entry; wrap <= %d, %d-%d body words; distractor <= %d"
          % (100 * LIMITS["copy_contained"], LIMITS["lift_other_shared"], LIMITS["wrap_shared"],
             LIMITS["wrap_words"][0], LIMITS["wrap_words"][1], LIMITS["distractor_shared"]))
    print()
    print("time    = the page's date and time (from its furniture)")
    print("words   = tokens of the page's article text (furniture removed, headline and time lines included)")
    print("5grams  = distinct word 5-grams of that text; shared = how many occur in the story's original")
    print("entries = entries (time line + text) on a live page; added / furn = labelled added strings /")
    print("          furniture lines of the page")
    print("pages: %d; furniture strings: %d; added strings: %d" % (
        len(pages), sum(len(p["furniture"]) for p in pages.values()),
        sum(len(p["added"]) for p in pages.values())))
    if errors:
        print("\n%d PROBLEM(S):" % len(errors))
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nALL CHECKS PASSED")


if __name__ == "__main__":
    main()
