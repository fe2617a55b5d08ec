#!/usr/bin/env python3
"""Check blind55 (chains of republication: en, es, de, fr, pt-BR, pl) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

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

KINDS = ["light_edit", "copy_of_copy", "trim", "rewrite", "summary"]
ORDER = ["original"] + KINDS + ["distractor"]
PARENT = {"light_edit": "original", "copy_of_copy": "light_edit", "trim": "original",
          "rewrite": "light_edit", "summary": "original"}
# article-text length in words (whitespace-separated, with at least one letter or digit), headline included
RANGES = {"original": (310, 440), "light_edit": (340, 520), "copy_of_copy": (350, 540), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (150, 330)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original (and vs its parent)
MAX_SUMMARY = 10                 # shared 5-grams, summary vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
REGIONAL_HOURS = (1, 12)         # the regional version appears this many hours after the original
UNDATED_COPIES = 2               # copy_of_copy pages without any date

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens are lower-cased runs of letters and digits; all six languages use Latin script with
# spaces between words. Apostrophes (' and ’) split tokens (l'année -> l + année).
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
    return not re.search(r"[.!?…](?=[»”\"“]?\s+\S)", s.strip())


# ---------------------------------------------------------------- dates and times
MONTH_NAMES = {
    "en": "january february march april may june july august september october november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
}
MONTHS = {lang: {n: i + 1 for i, n in enumerate(s.split())} for lang, s in MONTH_NAMES.items()}
for i, n in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split()):
    MONTHS["en"].setdefault(n, i + 1)
MONTHS["en"]["sept"] = 9

W = r"([^\W\d_]+)"
DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    # dd/mm/yyyy, dd.mm.yyyy (en: mm/dd/yyyy)
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    # 21 de octubre de 2025 | 17. Juni 2025 | 13 novembre 2025 | 19 de março de 2025 | 24 września 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?" + W + r",?\s+(?:de\s+)?(\d{4})(?!\d)")),
    # April 15, 2025 | Apr. 15, 2025
    ("Mdy", False, re.compile(W + r"\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d,])([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?!\d)\s*(a\.m\.|p\.m\.|am|pm|AM|PM)?")


def all_dates(text, lang):
    found = []
    months = MONTHS[lang]
    for kind, numeric, rx in DATE_PATTERNS:
        if kind == "Mdy" and lang != "en":
            continue
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    if lang == "en":
                        d = datetime.date(int(c), int(a), int(b))
                    else:
                        d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    if b.lower() not in months:
                        continue
                    d = datetime.date(int(c), months[b.lower()], int(a))
                else:
                    if a.lower() not in months:
                        continue
                    d = datetime.date(int(c), months[a.lower()], int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found


def time_of(line):
    m = TIME.search(line)
    if not m:
        return None
    h, mi, ap = int(m.group(1)), int(m.group(2)), (m.group(3) or "").lower().replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    return datetime.time(h, mi)


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, lang, bp, added):
        self.id, self.role, self.lang, self.bp, self.added = pid, role, lang, bp, added
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
        dates = all_dates(self.text, lang)
        self.n_dates = len(dates)
        self.date = self.time = None
        self.numeric_date = None
        self.date_line = ""
        if dates:
            s, e, self.date, self.numeric_date = dates[0]
            if not any(x <= s and e <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, self.date))
            a = self.text.rfind("\n", 0, s) + 1
            b = self.text.find("\n", e)
            self.date_line = self.text[a:b if b >= 0 else len(self.text)]
            self.time = time_of(self.date_line)
        self.head = self.article_lines[0] if self.article_lines else ""
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))


def later(p, q, strict):
    """Is page p dated after page q (strictly, or not before)? Compares times only on the same day
    when both pages show one."""
    if p.date != q.date:
        return p.date > q.date
    if p.time is None or q.time is None:
        return not strict
    return p.time > q.time if strict else p.time >= q.time


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    undated = []
    langs = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        langs.append(lang)
        if lang not in MONTHS:
            err("%s: unknown language %s" % (name, lang))
            continue
        pages = {"original": Page(st["original"], "original", lang, st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            if set(d) != {"kind", "parent", "added", "boilerplate"}:
                err("%s: derivative %s has keys %s" % (name, pid, sorted(d)))
            p = Page(pid, d.get("kind"), lang, d.get("boilerplate", []), d.get("added", []))
            p.parent = d.get("parent")
            kinds.setdefault(d.get("kind"), []).append(p)
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", lang, st["boilerplate_of_distractor"], [])
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig, le, cc = pages["original"], pages["light_edit"], pages["copy_of_copy"]
        tr, rw, sm, ds = pages["trim"], pages["rewrite"], pages["summary"], pages["distractor"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}

        # parents: the page each derivative was made from
        for k in KINDS:
            want = pages[PARENT[k]].id
            if pages[k].parent != want:
                err("%s/%s: parent %s, expected the %s page %s" % (name, k, pages[k].parent, PARENT[k], want))

        # original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # lengths and added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            for s in p.added:
                if role == "light_edit" and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))

        # dates: original first; regional a few hours later the same day; copy_of_copy after the regional
        # (or undated); the others not before their parent; distractor the next day
        for role in ORDER:
            p = pages[role]
            if p.date is None and role != "copy_of_copy":
                err("%s/%s: no date found" % (name, role))
        if orig.time is None or le.time is None:
            err("%s: original and regional date lines should both show a time" % name)
        elif orig.date and le.date:
            gap = (datetime.datetime.combine(le.date, le.time) -
                   datetime.datetime.combine(orig.date, orig.time)).total_seconds() / 3600
            if le.date != orig.date or not REGIONAL_HOURS[0] <= gap <= REGIONAL_HOURS[1]:
                err("%s/light_edit: dated %s %s, not a few hours after the original (%s %s)"
                    % (name, le.date, le.time, orig.date, orig.time))
            notes["light_edit"] = "+%.1f h; " % gap
        if cc.date is None:
            undated.append(name)
            if cc.n_dates:
                err("%s/copy_of_copy: undated page contains a date" % name)
            notes["copy_of_copy"] = "undated; "
        elif le.date and not later(cc, le, strict=True):
            err("%s/copy_of_copy: dated %s %s, not after the regional page (%s %s)"
                % (name, cc.date, cc.time, le.date, le.time))
        for role in ("trim", "rewrite", "summary"):
            p, par = pages[role], pages[PARENT[role]]
            if p.date and par.date and not later(p, par, strict=False):
                err("%s/%s: dated %s %s, before its parent (%s %s)" % (name, role, p.date, p.time, par.date, par.time))
            if p.date and orig.date and not later(p, orig, strict=False):
                err("%s/%s: dated before the original" % (name, role))
        if ds.date and orig.date and ds.date != orig.date + datetime.timedelta(days=1):
            err("%s/distractor: dated %s, not the day after the original (%s)" % (name, ds.date, orig.date))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # regional (light_edit): new headline + one added paragraph (not first); 3-5 paragraphs edited
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
                if le.added[1] in body:
                    notes["light_edit"] += "%d/%d paras edited, min sim %.2f, added para #%d" % (
                        changed, len(o_paras), min(sims), body.index(le.added[1]) + 1)

        # copy_of_copy: the regional page's article text verbatim (its headline and added paragraph
        # included) + one sentence of its own at the very end; furniture credits the regional paper
        if len(cc.added) != 1:
            err("%s/copy_of_copy: expected exactly one added string" % name)
        else:
            s = cc.added[0]
            if not "\n".join(cc.article_lines).endswith(s):
                err("%s/copy_of_copy: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/copy_of_copy: added string is more than one sentence" % name)
            if len(grams(s) & le.g) > MAX_ADDED:
                err("%s/copy_of_copy: added sentence shares 5-grams with the regional page" % name)
        if cc.kept_lines != le.article_lines:
            err("%s/copy_of_copy: article text minus the added sentence is not the regional page's verbatim" % name)
        if len(le.added) == 2:
            art = "\n".join(cc.article_lines)
            if le.added[1] not in art:
                err("%s/copy_of_copy: the regional page's added paragraph is missing" % name)
            if not cc.article_lines or cc.article_lines[0] != le.added[0]:
                err("%s/copy_of_copy: headline is not the regional page's" % name)
        masthead = le.bp[0].lower() if le.bp else "\0"
        credit = [s for s in cc.bp if masthead in s.lower()]
        if not credit:
            err("%s/copy_of_copy: no furniture line credits the regional paper (%r)" % (name, masthead))
        else:
            notes["copy_of_copy"] += "credit: %s" % credit[0][:34]

        # trim: original headline + first 55-70% of the original's paragraphs verbatim + one added sentence
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

        # rewrite (of the regional page): new headline, own words, nothing added, carries the regional fact
        if rw.head in (o_head, le.head):
            err("%s/rewrite: headline is the original's or the regional page's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        n_o, n_le = len(rw.g & orig.g), len(rw.g & le.g)
        if n_o > MAX_REWRITE or n_le > MAX_REWRITE:
            err("%s/rewrite: shares %d/%d 5-grams with original/regional (max %d)" % (name, n_o, n_le, MAX_REWRITE))
        if len(le.added) == 2:
            # tokens found only in the regional page's added paragraph (not in the original), with a digit
            # or at least 4 letters: the rewrite should carry that local fact
            own = {t for t in tokens(le.added[1]) if t not in set(tokens("\n".join(orig.article_lines)))
                   and (any(c.isdigit() for c in t) or len(t) >= 4)}
            carried = sorted(own & set(tokens("\n".join(rw.article_lines))))
            if len(carried) < 2:
                err("%s/rewrite: does not carry the regional page's added fact (shared: %s)" % (name, carried))
            notes["rewrite"] = "%d/%d 5g orig/reg; regional fact: %s" % (n_o, n_le, ", ".join(carried[:4]))

        # summary: one added opinion sentence, own words
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        if len(sm.g & orig.g) > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, len(sm.g & orig.g), MAX_SUMMARY))

        # distractor: same outlet as the original, next day, little overlap
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        same = len(set(ds.bp) & set(orig.bp))
        notes["distractor"] = "same site, %d furniture blocks identical" % same

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            par = pages[PARENT[role]] if role in PARENT else None
            sp = len(p.g & par.g) if par else len(p.g)
            rows.append((name, role, p.id, str(p.date or "-"), p.time.strftime("%H:%M") if p.time else "-",
                         p.length, len(p.g), len(shared), 100.0 * len(shared) / max(1, len(p.g)),
                         sp, notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  words=%d" % (
                    name, role, p.id, p.date, p.time or "", "numeric" if p.numeric_date else
                    ("written" if p.date else "none"), p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if len(undated) != UNDATED_COPIES:
        err("%d copy_of_copy pages are undated (want %d): %s" % (len(undated), UNDATED_COPIES, undated))
    if len(set(langs)) != len(langs):
        err("two stories share a language")
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture), shared with the")
    print("story's original; %orig = share of the page's own 5-grams; ∩par = shared with the parent page")
    print("%-33s %-12s %-12s %-10s %-5s %5s %5s %6s %6s %5s  %s" % (
        "story", "page", "id", "date", "time", "words", "5g", "∩orig", "%orig", "∩par", "notes"))
    for r in rows:
        print("%-33s %-12s %-12s %-10s %-5s %5d %5d %6d %5.0f%% %5d  %s" % r)
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
