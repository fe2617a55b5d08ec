#!/usr/bin/env python3
"""Check blind66 (corrections and clarifications; en-CA, fr-CA, es, pt-PT, it, nb) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: dates, added strings, shared 5-grams

Standard library only.
"""
import datetime
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

ROLES = ["original", "corrected", "early_copy", "late_copy", "rewrite", "distractor"]
KIND_OF = {"corrected": "correction", "early_copy": "copy", "late_copy": "copy", "rewrite": "rewrite"}
ORIGINAL_BODY = (300, 450)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
RANGES = {"rewrite": (200, 400), "distractor": (200, 460)}   # article words incl. headline
MAX_REWRITE = 10                 # shared word 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared word 5-grams, distractor vs original
MAX_ADDED = 3                    # shared word 5-grams, an added copy passage vs original
DISTRACTOR_DAYS = (1, 3)         # |distractor date - original date|
NOTICE_START = {                 # how a correction notice opens, by language
    "en": "Correction:", "fr": "Rectificatif", "es": "Fe de errores", "pt": "Correção",
    "it": "Rettifica", "nb": "Rettelse",
}
UPDATE_WORDS = ["updated", "mis à jour", "mise à jour", "actualizado", "atualizado", "aggiornato", "oppdatert"]

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens: NFC-normalised, lower-cased runs of letters and digits; apostrophes, hyphens and
# other punctuation split tokens ("city's" -> city + s, "l'urgence" -> l + urgence).
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def one_sentence(s):
    return not re.search(r"[.!?…](?=[»”\"]?\s+\S)", s.strip())


# ---------------------------------------------------------------- dates and times
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "sept",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan fev mar abr mai jun jul ago set out nov dez",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januar februar mars april mai juni juli august september oktober november desember",
]:
    for i, name in enumerate(names.split()):
        if name == "sept":
            MONTHS[name] = 9
            continue
        if name in MONTHS and MONTHS[name] != i + 1:
            raise SystemExit("month name clash: " + name)
        MONTHS[name] = i + 1
MON = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![^\W\d_])"
DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    ("Mdy", False, re.compile(r"(?<![^\W\d_])" + MON + r"\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)", re.I)),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?" + MON + r"\.?,?\s+(?:de\s+)?(\d{4})(?!\d)", re.I)),
]
TIME = r"(\d{1,2})\s?(?::|\.|h)\s?(\d{2})(?!\d)(\s*[ap]\.?\s?m\.?)?"
TIME_AFTER = re.compile(r"[^\d\n]{0,12}?" + TIME, re.I)
TIME_ANY = re.compile(TIME, re.I)


def dates_in(text):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "Mdy":
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
                else:
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found


def to_time(m):
    h, mi, ap = int(m.group(1)), int(m.group(2)), (m.group(3) or "").strip().lower()
    if ap.startswith("p") and h < 12:
        h += 12
    if ap.startswith("a") and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None
    return datetime.time(h, mi)


def time_after(text, pos):
    m = TIME_AFTER.match(text, pos)
    return to_time(m) if m else None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added):
        self.id, self.role, self.bp, self.added = pid, role, bp, added
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        t = self.text
        # furniture: every whole-line occurrence of each labelled string
        self.spans = []
        for s in bp:
            if not s:
                err("%s: empty boilerplate string" % pid)
                continue
            hits = []
            k = t.find(s)
            if k < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            while k >= 0:
                a, b = k, k + len(s)
                if (a == 0 or t[a - 1] == "\n") and (b == len(t) or t[b] == "\n"):
                    hits.append((a, b))
                k = t.find(s, k + 1)
            if not hits:
                err("%s: boilerplate is not a whole line (or lines): %r" % (pid, s[:60]))
            self.spans.extend(hits)
        pos = 0
        self.lines = []          # (start, end, text, is_furniture)
        for ln in t.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            self.lines.append((a, b, ln, cov > 0))
        self.article_lines = [ln.strip() for a, b, ln, f in self.lines if not f]
        self.furniture_lines = [ln for a, b, ln, f in self.lines if f]
        self.article = "\n".join(self.article_lines)
        for s in added:
            if not s:
                err("%s: empty added string" % pid)
            elif s not in self.article:
                err("%s: added string not found in article text: %r" % (pid, s[:60]))
        rest = self.article
        for s in added:
            rest = rest.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in rest.split("\n") if ln.strip()]
        self.length = length(self.article)
        self.g = grams(self.article)
        # publication date/time: the first date on the page, with the time written after it
        ds = dates_in(t)
        self.pub = None
        self.numeric = None
        if not ds:
            err("%s: no publication date found" % pid)
        else:
            a, b, d, numeric = ds[0]
            if not any(x <= a and b <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, d))
            tm = time_after(t, b)
            if tm is None:
                err("%s: first date line has no time of day" % pid)
                tm = datetime.time(0, 0)
            self.pub = datetime.datetime.combine(d, tm)
            self.numeric = numeric
        # update time: a furniture line with an 'updated' word
        self.upd = None
        for a, b, ln, f in self.lines:
            low = ln.lower()
            hit = [low.find(w) for w in UPDATE_WORDS if w in low]
            if not hit:
                continue
            if not f:
                continue
            k = min(hit)
            seg = ln[k:]
            sd = dates_in(seg)
            if sd:
                d = sd[0][2]
                tm = time_after(seg, sd[0][1])
            else:
                d = self.pub.date() if self.pub else None
                m = TIME_ANY.search(seg)
                tm = to_time(m) if m else None
            if d is None or tm is None:
                err("%s: update line without a readable date/time: %r" % (pid, ln[:60]))
                continue
            self.upd = datetime.datetime.combine(d, tm)
            break


def notice_lines(page, start):
    return [ln for ln in page.article_lines if ln.startswith(start)]


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name = st["name"]
        lang = st["language"].split("-")[0]
        start = NOTICE_START.get(lang)
        if start is None:
            err("%s: no notice keyword for language %s" % (name, lang))
            continue
        wrong, right = st["fix"]["wrong"], st["fix"]["right"]
        if wrong in right or right in wrong:
            err("%s: fix strings contain one another" % name)
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [])}
        by_role = {}
        for pid, d in st["derivatives"].items():
            role = d.get("role")
            if role not in KIND_OF:
                err("%s: derivative %s has unknown role %r" % (name, pid, role))
                continue
            if d["kind"] != KIND_OF[role]:
                err("%s: %s has kind %r, want %r" % (name, role, d["kind"], KIND_OF[role]))
            if role in by_role:
                err("%s: two %s pages" % (name, role))
            by_role[role] = d
            pages[role] = Page(pid, role, d.get("boilerplate", []), d.get("added", []))
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        missing = [r for r in ROLES if r not in pages]
        if missing:
            err("%s: missing roles %s" % (name, missing))
            continue
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        orig, corr, early, late, rw, ds = (pages[r] for r in ROLES)
        notes = {r: "" for r in ROLES}
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        fixed = [ln.replace(wrong, right) for ln in orig.article_lines]

        # parents
        if by_role["late_copy"].get("parent") != corr.id:
            err("%s/late_copy: parent should be the corrected page %s" % (name, corr.id))
        for r in ("corrected", "early_copy", "rewrite"):
            if by_role[r].get("parent") != orig.id:
                err("%s/%s: parent should be the original %s" % (name, r, orig.id))

        # original
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        if wrong not in orig.article or right in orig.article:
            err("%s/original: should hold the wrong %r and not the right %r" % (name, wrong, right))
        if orig.upd:
            err("%s/original: has an update time" % name)
        if notice_lines(orig, start):
            err("%s/original: has a correction notice" % name)
        notes["original"] = "%d paras, body %d words, holds %r" % (len(o_paras), blen, wrong)

        # corrected: same outlet, same text with the fix, one added notice line (top or end)
        if not corr.bp or corr.bp[0] != orig.bp[0]:
            err("%s/corrected: not on the original's site" % name)
        if len(corr.added) != 1:
            err("%s/corrected: expected exactly one added string (the notice)" % name)
        else:
            nt = corr.added[0]
            if nt != by_role["corrected"].get("correction_notice"):
                err("%s/corrected: added string is not the labelled correction_notice" % name)
            if not nt.startswith(start):
                err("%s/corrected: notice does not open with %r" % (name, start))
            body = corr.article_lines[1:]
            if nt not in body or body.index(nt) not in (0, len(body) - 1):
                err("%s/corrected: notice is not a whole line at the top or end of the article" % name)
            if corr.kept_lines != fixed:
                err("%s/corrected: text is not the original with %r -> %r" % (name, wrong, right))
            outside = corr.article.replace(nt, "")
            if wrong in outside or right not in outside:
                err("%s/corrected: wrong figure/name still in the text, or right one missing" % name)
            notes["corrected"] = "notice at %s; %r -> %r (%d x)" % (
                "top" if body.index(nt) == 0 else "end", wrong, right, orig.article.count(wrong))
        if corr.pub != orig.pub:
            err("%s/corrected: published %s, original %s" % (name, corr.pub, orig.pub))
        if not corr.upd or not corr.pub or corr.upd <= corr.pub:
            err("%s/corrected: needs an update time after its publication time" % name)

        # early copy: own headline, original's paragraphs verbatim, one added sentence
        if len(early.added) != 1 or not one_sentence(early.added[0]):
            err("%s/early_copy: expected exactly one added sentence" % name)
        if early.article_lines and early.article_lines[0] == o_head:
            err("%s/early_copy: headline should be its own" % name)
        if early.kept_lines[1:] != o_paras:
            err("%s/early_copy: paragraphs are not the original's verbatim" % name)
        if wrong not in early.article or right in early.article:
            err("%s/early_copy: should carry the wrong %r, not the right %r" % (name, wrong, right))
        if notice_lines(early, start):
            err("%s/early_copy: has a correction notice" % name)
        if early.pub and corr.upd and not (orig.pub <= early.pub < corr.upd):
            err("%s/early_copy: dated %s, not between original %s and correction %s" % (name, early.pub, orig.pub, corr.upd))
        if early.added:
            pos = "own line" if early.added[0] in early.article_lines else "appended to a paragraph"
            notes["early_copy"] = "own headline, added sentence (%s)" % pos

        # late copy: corrected text (without the notice), one added paragraph
        if len(late.added) != 1:
            err("%s/late_copy: expected exactly one added paragraph" % name)
        else:
            ap = late.added[0]
            if ap not in late.article_lines[2:]:
                err("%s/late_copy: added paragraph is not a whole line after the first paragraph" % name)
            if late.kept_lines != fixed:
                err("%s/late_copy: text is not the corrected article verbatim" % name)
            notes["late_copy"] = "added paragraph #%d" % (late.article_lines.index(ap)) if ap in late.article_lines else ""
        if right not in late.article or wrong in late.article:
            err("%s/late_copy: should carry the right %r, not the wrong %r" % (name, right, wrong))
        if notice_lines(late, start):
            err("%s/late_copy: should not carry the notice" % name)
        if late.pub and corr.upd and late.pub <= corr.upd:
            err("%s/late_copy: dated %s, not after the correction %s" % (name, late.pub, corr.upd))

        # rewrite
        based = by_role["rewrite"].get("based_on")
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if rw.article_lines and rw.article_lines[0] in (o_head, fixed[0]):
            err("%s/rewrite: headline is the original's" % name)
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        a, b = RANGES["rewrite"]
        if not a <= rw.length <= b:
            err("%s/rewrite: %d words outside %d-%d" % (name, rw.length, a, b))
        if based == "corrected":
            if right not in rw.article or wrong in rw.article:
                err("%s/rewrite: based on the corrected page but figure/name does not match" % name)
            if rw.pub and corr.upd and rw.pub <= corr.upd:
                err("%s/rewrite: based on the corrected page but dated before the correction" % name)
        elif based == "original":
            if wrong not in rw.article or right in rw.article:
                err("%s/rewrite: based on the original but figure/name does not match" % name)
            if rw.pub and corr.upd and not orig.pub <= rw.pub < corr.upd:
                err("%s/rewrite: based on the original but not dated before the correction" % name)
        else:
            err("%s/rewrite: based_on should be 'original' or 'corrected'" % name)
        if notice_lines(rw, start):
            err("%s/rewrite: has a correction notice" % name)
        notes["rewrite"] = "based on %s" % based

        # all derivatives dated no earlier than the original
        for r in ("corrected", "early_copy", "late_copy", "rewrite"):
            p = pages[r]
            if p.pub and orig.pub and p.pub < orig.pub:
                err("%s/%s: dated %s, before the original %s" % (name, r, p.pub, orig.pub))
            for s in p.added:
                if r == "corrected":
                    continue
                k = len(grams(s) & orig.g)
                if k > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original" % (name, r, k))

        # distractor
        if not ds.bp or ds.bp[0] != orig.bp[0] or ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: not on the original's site (first/last furniture line differs)" % name)
        if ds.pub and orig.pub:
            gap = abs((ds.pub.date() - orig.pub.date()).days)
            if not DISTRACTOR_DAYS[0] <= gap <= DISTRACTOR_DAYS[1]:
                err("%s/distractor: %d days from the original (want %d-%d)" % (name, gap, *DISTRACTOR_DAYS))
        dn = notice_lines(ds, start)
        if len(dn) != 1 or dn[0] != st.get("distractor_correction_notice"):
            err("%s/distractor: needs exactly one correction notice line, labelled distractor_correction_notice" % name)
        elif wrong in dn[0] or right in dn[0]:
            err("%s/distractor: its notice should be about something else" % name)
        if not ds.upd or not ds.pub or ds.upd <= ds.pub:
            err("%s/distractor: needs an update time after its publication time" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        a, b = RANGES["distractor"]
        if not a <= ds.length <= b:
            err("%s/distractor: %d words outside %d-%d" % (name, ds.length, a, b))
        if wrong in ds.article or right in ds.article:
            err("%s/distractor: mentions the story's figure/name" % name)
        notes["distractor"] = "%+d days; %d 5-grams shared with corrected" % (
            (ds.pub.date() - orig.pub.date()).days if ds.pub and orig.pub else 0, len(ds.g & corr.g))

        nums = [pages[r].numeric for r in ROLES if pages[r].pub]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        for role in ROLES:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, p.pub.strftime("%Y-%m-%d %H:%M") if p.pub else "-",
                         p.upd.strftime("%H:%M") if p.upd else "", p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  published=%s (%s) updated=%s words=%d" % (
                    name, role, p.id, p.pub, "numeric" if p.numeric else "written", p.upd, p.length))
                for s in p.added:
                    print("    added: %s" % s[:120])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture),")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-28s %-11s %-12s %-16s %-5s %5s %5s %5s %6s  %s" % (
        "story", "page", "id", "published", "upd", "words", "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-11s %-12s %-16s %-5s %5d %5d %5d %5.0f%%  %s" % r)
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK: %d pages, %d stories, all checks passed" % (len(seen), len(labels["stories"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
