#!/usr/bin/env python3
"""Check blind74 (ordinary local news in wo, sn, xh, ceb, su, ba) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams

Standard library only.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["light_edit", "trim", "rewrite", "summary"]
ORDER = ["original"] + KINDS + ["distractor"]
# article-text length in words (whitespace-separated, with at least one letter or digit),
# headline included
RANGES = {"original": (310, 440), "light_edit": (340, 520), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (150, 330)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.65)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens are lower-cased runs of letters and digits. Five languages are written in Latin
# script (Wolof ë/à/é/ñ/ŋ, Sundanese é/eu are letters), Bashkir in Cyrillic (ә ө ү ғ ҡ ң ҙ ҫ һ
# are letters); all put spaces between words. Hyphens, apostrophes and punctuation split
# tokens (Cebuano "67-anyos" -> 67 + anyos, isiXhosa "ezili-11" -> ezili + 11).
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(text.lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def one_sentence(s):
    """No sentence end followed by more text inside the string."""
    return not re.search(r"[.!?…](?=[»”\"]?\s+\S)", s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    # Wolof (two common spellings for some months) and French (furniture of Senegalese sites)
    "samwiyee féewaryee mars awril mee suwe sulet ut sàttumbar oktoobar nowàmbar desàmbar",
    "sanwiyee fewriyee mars awril me suwe sulet ut sattumbar oktoobar nowambar desambar",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    # Shona
    "ndira kukadzi kurume kubvumbi chivabvu chikumi chikunguru nyamavhuvhu gunyana gumiguru mbudzi zvita",
    # isiXhosa (with and without the eyo-/eye-/u- prefix)
    "eyomqungu eyomdumba eyokwindla utshazimpuzi ucanzibe eyesilimela eyekhala eyethupa eyomsintsi "
    "eyedwarha eyenkanga eyomnga",
    "mqungu mdumba kwindla tshazimpuzi canzibe silimela khala thupa msintsi dwarha nkanga mnga",
    # English (furniture of Zimbabwean, South African and Philippine sites)
    "january february march april may june july august september october november december",
    # Cebuano (two spellings of September)
    "enero pebrero marso abril mayo hunyo hulyo agosto setyembre oktubre nobyembre disyembre",
    "enero pebrero marso abril mayo hunyo hulyo agosto septiyembre oktubre nobyembre disyembre",
    # Sundanese and Indonesian
    "januari pébruari maret april méi juni juli agustus séptémber oktober nopémber désémber",
    "januari februari maret april mei juni juli agustus september oktober november desember",
    # Bashkir and Russian (genitive)
    "ғинуар февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

W = r"([^\W\d_]+)"
DATE_PATTERNS = [
    # numeric
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    # 5 Féewaryee 2025 | 22 Chivabvu 2025 | 14 EyeKhala 2025 | 13 Oktober 2025 | 8 ноября 2025 г.
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+" + W + r"\.?,?\s+(\d{4})(?!\d)")),
    # Setyembre 2, 2025 | September 2, 2025 (Philippine sites)
    ("Mdy", False, re.compile(W + r"\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)")),
    # 2025 йыл, 7 ноябрь (Bashkir)
    ("ydM", False, re.compile(r"(?<!\d)(\d{4})\s+йыл,?\s+(\d{1,2})\s+" + W)),
]


def first_date(text):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    if b.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                elif kind == "Mdy":
                    if a.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
                else:
                    if c.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(a), MONTHS[c.lower()], int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found[0] if found else None


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
        self.spans = []
        for s in bp:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            a, b = k, k + len(s)
            if not (a == 0 or self.text[a - 1] == "\n") or not (b == len(self.text) or self.text[b] == "\n"):
                err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (pid, s[:50]))
            for (x, y) in self.spans:
                if a < y and x < b:
                    err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
            self.spans.append((a, b))
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        body = self.article
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name = st["name"]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", [])))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}

        # original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    if p.date == orig.date or p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                        err("%s/distractor: dated %s, not another day of the original's week (%s)"
                            % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            for s in p.added:
                if role == "light_edit" and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # light_edit: new headline + one added paragraph (middle or end); 3-5 paragraphs edited
        le = pages["light_edit"]
        if len(le.added) != 2 or not le.article_lines or le.article_lines[0] != le.added[0]:
            err("%s/light_edit: expected two added strings, the first being the headline" % name)
        elif le.added[0] == o_head:
            err("%s/light_edit: headline is the original's" % name)
        else:
            body = le.article_lines[1:]
            if le.added[1] not in body:
                err("%s/light_edit: added paragraph is not a whole article line" % name)
            elif body.index(le.added[1]) == 0:
                err("%s/light_edit: added paragraph opens the article (want middle or end)" % name)
            kept = le.kept_lines
            if len(kept) != len(o_paras):
                err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(kept), len(o_paras)))
            else:
                sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(kept, o_paras)]
                changed = sum(1 for x, y in zip(kept, o_paras) if x != y)
                if min(sims) < MIN_PARA_SIM:
                    err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                        % (name, sims.index(min(sims)) + 1, min(sims)))
                if not LE_EDITED[0] <= changed <= LE_EDITED[1]:
                    err("%s/light_edit: %d paragraphs edited (want %d-%d)" % (name, changed, *LE_EDITED))
                notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, added para #%d" % (
                    changed, len(o_paras), min(sims), body.index(le.added[1]) + 1)

        # trim: original headline + first 55-70% of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        if not tr.article_lines or tr.article_lines[0] != o_head:
            err("%s/trim: first article line is not the original's headline" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not "\n".join(tr.article_lines).endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%)" % (k, len(o_paras), 100 * share)

        # rewrite: new headline, own words, nothing added
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))

        # summary: one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)

        # distractor: same outlet as the original, little overlap
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        notes["distractor"] = "same site as original"

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s (%s)  words=%d" % (name, role, p.id, p.date,
                      "numeric" if p.numeric_date else "written", p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-30s %-11s %-12s %-10s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                           "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-30s %-11s %-12s %-10s %5d %5d %6d %5.0f%%  %s" % r)
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
