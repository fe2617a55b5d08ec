#!/usr/bin/env python3
"""Check blind78 (press-agency stories republished by subscriber sites; en-AU, de-AT, fr-CA,
es-AR, sv, tr) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams, ticker briefs

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

KINDS = ["light_edit", "trim", "rewrite", "summary"]
ORDER = ["original"] + KINDS + ["distractor"]
# article-text length in words (whitespace-separated items with a letter or digit), headline included
RANGES = {"original": (310, 440), "light_edit": (330, 530), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (250, 440)}
ORIGINAL_BODY = (300, 420)       # original without its headline
UNITS = (6, 8)                   # paragraphs of original and distractor
LE_EDITED = (2, 5)               # light_edit: kept paragraphs with small wording changes
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_SUMMARY = 10                 # shared 5-grams, summary (the story's brief) vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MAX_BRIEF = 3                    # shared 5-grams, any other ticker brief vs any original
OTHER_BRIEFS = 4                 # unrelated briefs on the summary (ticker) page
DERIV_DAYS = (0, 2)              # derivatives: same day as the original up to two days later
EXTRA_PAGES = 2                  # top-level distractors: other days' pages of the ticker sites

# Per story: agency name and abbreviation, the dateline city (the dateline opens the first
# paragraph, "CITY, date (ABBR) -"), the agency's credit-line pattern (a whole furniture line),
# the trim's "shortened" note (a whole furniture line) and names the same-day distractor shares
# with the original.
STORY_CFG = {
    "en-kooralla-lithium": dict(
        agency="Southern Cross Newswire", abbr="SCN", city="WESTHAVEN",
        credit=r"\(Reporting by [^;]+; Editing by [^)]+\)",
        note="Editor's note: This story has been shortened.",
        shared=["Westhaven", "Rachel Dunmore", "Goldfields"]),
    "de-kalchberg-tunnel": dict(
        agency="Alpenländische Presseagentur", abbr="ALPA", city="MURBRÜCK",
        credit=r"\(Text: [^;]+; Redaktion: [^)]+\) \(Schluss\)",
        note="Dieser Beitrag wurde gekürzt. Quelle: ALPA",
        shared=["Murbrück", "Kalchdorf", "Martin Eibl"]),
    "fr-urgence-val-des-pins": dict(
        agency="Agence Boréale de Presse", abbr="ABP", city="VAL-DES-PINS",
        credit=r"\(Reportage : [^;]+; édition : [^)]+\)",
        note="Ce texte a été abrégé.",
        shared=["Val-des-Pins", "Bas-Lacroix", "Isabelle Fortier"]),
    "es-arrieta-trigo": dict(
        agency="Agencia del Litoral de Noticias", abbr="ALN", city="PUERTO ARRIETA",
        credit=r"\(Redacción: [^;]+; Edición: [^)]+\)",
        note="Esta nota es una versión resumida del cable original de ALN.",
        shared=["Puerto Arrieta", "Bolsa de Cereales"]),
    "sv-alstrom-byskolor": dict(
        agency="Nordisk Nyhetsbyrå", abbr="NNB", city="ÅLSTRÖM",
        credit=r"\(Text: [^,]+, redigering: [^)]+/NNB\)",
        note="Artikeln är nedkortad. Källa: NNB",
        shared=["Ålström", "Anders Nyström"]),
    "tr-ilgazdere-su-kesintisi": dict(
        agency="Birlik Haber Ajansı", abbr="BHA", city="ILGAZDERE",
        credit=r"\(Muhabir: [^;]+; Editör: [^)]+\)",
        note="Bu haber kısaltılarak yayımlanmıştır.",
        shared=["Ilgazdere", "ILSU", "Kemal Aydemir"]),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens are lower-cased runs of letters and digits (NFC; Turkish dotted capital İ -> i);
# apostrophes split tokens (Ilgazdere'de -> ilgazdere + de, l'urgence -> l + urgence).
TOKEN = re.compile(r"[^\W_]+")


def lower(text):
    return unicodedata.normalize("NFC", text).replace("İ", "i").lower()


def tokens(text):
    return TOKEN.findall(lower(text))


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


def has_name(text, name):
    return re.search(r"(?<![^\W_])" + re.escape(name) + r"(?![^\W_])", text) is not None


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",      # en
    "jan feb mar apr may jun jul aug sep oct nov dec",                                              # en abbr.
    "januar februar märz april mai juni juli august september oktober november dezember",          # de
    "jänner feber märz april mai juni juli august september oktober november dezember",            # de-AT
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",        # fr
    "janv févr mars avr mai juin juil août sept oct nov déc",                                       # fr abbr.
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",    # es
    "januari februari mars april maj juni juli augusti september oktober november december",       # sv
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",                  # tr
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    # 12 November 2025 | 7. Oktober 2025 | 4 septembre 2025 | 18 de junio de 2025 | 20 maj 2025 | 11 Eylül 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|h|\.)\s?([0-5]\d)(?![\d.:/])")
# the time stamp that heads a ticker brief: 16:05 | +++ 15:47 +++ | 14 h 48 | 17.05
STAMP = re.compile(r"^(?:\+\+\+\s)?([01]?\d|2[0-3])\s?(?::|h|\.)\s?([0-5]\d)(?:\s\+\+\+)?$")


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
                else:
                    mon = MONTHS.get(lower(b))
                    if mon is None:
                        continue
                    d = datetime.date(int(c), mon, int(a))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    return min(found) if found else None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added):
        self.id, self.role, self.bp, self.added = pid, role, list(bp), list(added)
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        if "\r" in self.text:
            err("%s: CR line ends" % pid)
        self.spans = []
        self.bp_pos = {}
        for s in bp:
            if not s:
                err("%s: empty boilerplate string" % pid)
                continue
            hits = []
            k = self.text.find(s)
            while k >= 0:
                a, b = k, k + len(s)
                if (a == 0 or self.text[a - 1] == "\n") and (b == len(self.text) or self.text[b] == "\n"):
                    hits.append((a, b))
                k = self.text.find(s, k + 1)
            if self.text.find(s) < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            if not hits:
                err("%s: boilerplate %r does not cover whole lines" % (pid, s[:50]))
                continue
            self.bp_pos[s] = hits[0][0]
            for a, b in hits:
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
        # positions of article lines in the page text
        self.line_pos = []
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            elif cov == 0:
                self.line_pos.append(a)
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
        self.time = None
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
            a = self.text.rfind("\n", 0, fd[0]) + 1
            b = self.text.find("\n", fd[1])
            line = self.text[a:b if b >= 0 else len(self.text)]
            m = TIME.search(line)
            if m:
                hh = int(m.group(1))
                if re.match(r"\s?pm", line[m.end():]) and hh < 12:
                    hh += 12
                self.time = "%02d:%s" % (hh, m.group(2))
        self.body = "\n".join(self.article_lines)
        self.length = length(self.body)
        self.g = grams(self.body)
        self.first_bp = bp[0] if bp else None
        self.last_bp = bp[-1] if bp else None

    def briefs(self):
        """Furniture blocks of several lines headed by a time stamp (other ticker briefs)."""
        return [s for s in self.bp if "\n" in s and STAMP.match(s.split("\n")[0].strip())]


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    originals = {}
    summaries = {}
    for st in labels["stories"]:
        name = st["name"]
        cfg = STORY_CFG.get(name)
        if cfg is None:
            err("%s: no configuration in verify.py" % name)
            continue
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
        if not all(k in pages for k in ORDER):
            continue
        orig = pages["original"]
        originals[name] = orig
        summaries[name] = pages["summary"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}
        dateline = re.compile(r"^%s, [^()]{3,30} \(%s\) [-–—] " % (re.escape(cfg["city"]), re.escape(cfg["abbr"])))

        # ---- original: agency page
        if orig.added:
            err("%s: original has added strings" % name)
        if not UNITS[0] <= len(o_paras) <= UNITS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *UNITS))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        for role in ("original", "distractor"):
            p = pages[role]
            paras = p.article_lines[1:]
            if not paras or not dateline.match(paras[0]):
                err("%s/%s: first paragraph does not open with the inline dateline '%s, ... (%s) -'"
                    % (name, role, cfg["city"], cfg["abbr"]))
            credits = [s for s in p.bp if re.fullmatch(cfg["credit"], s)]
            if len(credits) != 1:
                err("%s/%s: expected one agency credit line in the furniture, got %d" % (name, role, len(credits)))
            if not (p.last_bp and "©" in p.last_bp and "2025" in p.last_bp):
                err("%s/%s: last furniture line is not the agency's © 2025 footer" % (name, role))
            # slug line right above the headline
            hpos = p.text.find(p.article_lines[0]) if p.article_lines else -1
            prev = p.text[:hpos].rstrip("\n").split("\n")[-1] if hpos > 0 else ""
            if "/" not in prev or prev not in p.bp:
                err("%s/%s: no slug line (furniture with '/') right above the headline" % (name, role))
            if p.time is None:
                err("%s/%s: the agency date line has no time of day" % (name, role))
            if any(re.fullmatch(cfg["credit"], ln) for ln in p.article_lines):
                err("%s/%s: credit line left in the article text" % (name, role))
        o_credit = next((s for s in orig.bp if re.fullmatch(cfg["credit"], s)), None)
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # ---- lengths, dates, sites, added passages
        sites = {}
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if delta != 0:
                        err("%s/distractor: dated %s, not the original's day (%s)" % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
            if role != "distractor":
                if p.first_bp in sites:
                    err("%s/%s: same first furniture line as %s (want another site)" % (name, role, sites[p.first_bp]))
                sites[p.first_bp] = role
            for s in p.added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # ---- light_edit: own headline, credit kept, a few words changed, one local paragraph
        le = pages["light_edit"]
        if not le.article_lines or le.article_lines[0] == o_head:
            err("%s/light_edit: headline is the original's (want the paper's own)" % name)
        if o_credit is None or o_credit not in le.bp:
            err("%s/light_edit: the agency credit line is not kept as a furniture line" % name)
        if len(le.added) != 1:
            err("%s/light_edit: expected exactly one added string (the local paragraph)" % name)
        else:
            body = le.article_lines[1:]
            if le.added[0] not in body:
                err("%s/light_edit: added paragraph is not a whole article line" % name)
            elif body.index(le.added[0]) == 0:
                err("%s/light_edit: added paragraph opens the article (want middle or end)" % name)
            kept = le.kept_lines[1:]
            if len(kept) != len(o_paras):
                err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(kept), len(o_paras)))
            else:
                sims = [trigram_sim(lower(x), lower(y)) for x, y in zip(kept, o_paras)]
                changed = sum(1 for x, y in zip(kept, o_paras) if x != y)
                if min(sims) < MIN_PARA_SIM:
                    err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                        % (name, sims.index(min(sims)) + 1, min(sims)))
                if not LE_EDITED[0] <= changed <= LE_EDITED[1]:
                    err("%s/light_edit: %d paragraphs edited (want %d-%d)" % (name, changed, *LE_EDITED))
                if not dateline.match(kept[0]):
                    err("%s/light_edit: the inline dateline was not kept" % name)
                notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, local para #%d" % (
                    changed, len(o_paras), min(sims), body.index(le.added[0]) + 1 if le.added[0] in body else 0)

        # ---- trim: original headline + first 55-70% of the paragraphs + one sentence + "shortened" note
        tr = pages["trim"]
        if not tr.article_lines or tr.article_lines[0] != o_head:
            err("%s/trim: first article line is not the original's headline" % name)
        if cfg["note"] not in tr.bp:
            err("%s/trim: the 'shortened' note %r is not a furniture line" % (name, cfg["note"]))
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not tr.body.endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%), sentence %s" % (
            k, len(o_paras), 100 * share,
            "own line" if tr.added and tr.added[0] in tr.article_lines else "appended")

        # ---- rewrite: own words, one background paragraph, cites the agency in the text
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if len(rw.added) != 1:
            err("%s/rewrite: expected exactly one added string (the background paragraph)" % name)
        elif rw.added[0] not in rw.article_lines[2:]:
            err("%s/rewrite: added background is not a whole paragraph after the first" % name)
        if not (has_name(rw.body, cfg["agency"]) or has_name(rw.body, cfg["abbr"])):
            err("%s/rewrite: the agency is not cited in the article text" % name)
        if len(rw.article_lines) > 1 and dateline.match(rw.article_lines[1]):
            err("%s/rewrite: opens with the agency dateline (want the portal's own words)" % name)
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        notes["rewrite"] = "agency cited, %d shared 5-grams" % n

        # ---- summary: the story's brief on a ticker page among 4 unrelated briefs (furniture)
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        briefs = sm.briefs()
        if len(briefs) != OTHER_BRIEFS:
            err("%s/summary: %d other briefs in the furniture (want %d)" % (name, len(briefs), OTHER_BRIEFS))
        if sm.line_pos:
            first, last = sm.line_pos[0], sm.line_pos[-1]
            above = sum(1 for s in briefs if sm.bp_pos.get(s, 0) < first)
            below = sum(1 for s in briefs if sm.bp_pos.get(s, 0) > last)
            if above + below != len(briefs) or not above or not below:
                err("%s/summary: other briefs should sit above and below the story's brief (%d above, %d below)"
                    % (name, above, below))
            hpos = sm.line_pos[0]
            prev = sm.text[:hpos].rstrip("\n").split("\n")[-1]
            if not STAMP.match(prev.strip()) or prev not in sm.bp:
                err("%s/summary: the story's brief is not headed by a time-stamp furniture line" % name)
            notes["summary"] = "ticker: %d briefs above, %d below" % (above, below)
        n = len(sm.g & orig.g)
        if n > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, n, MAX_SUMMARY))
        sm.brief_list = briefs

        # ---- distractor: same agency page template, same day, same dateline city, another event
        ds = pages["distractor"]
        if ds.first_bp != orig.first_bp or ds.last_bp != orig.last_bp:
            err("%s/distractor: not on the agency's site (first/last furniture line differ)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        if not UNITS[0] <= len(ds.article_lines) - 1 <= UNITS[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(ds.article_lines) - 1, *UNITS))
        for nm in cfg["shared"]:
            if not (has_name(orig.body, nm) and has_name(ds.body, nm)):
                err("%s/distractor: %r not named in both stories" % (name, nm))
        shared = ds.g & orig.g
        if len(shared) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, len(shared), MAX_DISTRACTOR))
        common_bp = len(set(ds.bp) & set(orig.bp))
        notes["distractor"] = "same day, %d shared furniture lines, %d 5-grams" % (common_bp, len(shared))

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.time or "-", p.length, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  words=%d" % (name, role, p.id, p.date, p.time or "",
                      "numeric" if p.numeric_date else "written", p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "summary", "distractor"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    # ---- other briefs on the summary pages: unrelated to every original
    brief_rows = []
    for name, sm in summaries.items():
        for s in getattr(sm, "brief_list", []):
            worst = max(((len(grams(s) & o.g), on) for on, o in originals.items()), default=(0, ""))
            if worst[0] > MAX_BRIEF:
                err("%s/summary: other brief %r shares %d 5-grams with the original of %s"
                    % (name, s.split("\n")[1][:40], worst[0], worst[1]))
            brief_rows.append((name, s.split("\n")[0], worst[0]))
            if VERBOSE:
                print("    brief on %s ticker %-14s max 5-grams with any original: %d" % (name, s.split("\n")[0], worst[0]))

    # ---- top-level distractors: the same ticker sites' pages of other days, all different briefs
    extra = labels.get("distractors", [])
    bpx = labels.get("boilerplate_of_distractors", {})
    if len(extra) != EXTRA_PAGES:
        err("top level: %d extra distractor pages (want %d)" % (len(extra), EXTRA_PAGES))
    if set(bpx) != set(extra):
        err("top level: boilerplate_of_distractors does not match the distractors list")
    for pid in extra:
        if pid in seen:
            err("%s: id labelled twice" % pid)
        seen[pid] = "(distractors)"
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("%s: id is not 12 hex characters" % pid)
        p = Page(pid, "extra", bpx.get(pid, []), [])
        site = [n for n, sm in summaries.items() if sm.first_bp == p.first_bp and sm.last_bp == p.last_bp]
        if len(site) != 1:
            err("%s: not the page of one story's ticker site (same first and last furniture line)" % pid)
            continue
        sm = summaries[site[0]]
        if p.date == sm.date or p.date is None or abs((p.date - sm.date).days) > 3:
            err("%s: dated %s, want another day near the %s ticker page (%s)" % (pid, p.date, site[0], sm.date))
        sm_lines = {ln.strip() for s in sm.bp for ln in s.split("\n")} | set(sm.article_lines)
        same = [ln for ln in p.article_lines if ln in sm_lines]
        if same:
            err("%s: repeats lines of the %s ticker page: %r" % (pid, site[0], same[0][:50]))
        stamps = [s for s in p.bp if STAMP.match(s.strip())]
        if len(stamps) < OTHER_BRIEFS:
            err("%s: only %d time-stamped briefs" % (pid, len(stamps)))
        worst = max(((len(p.g & o.g), on) for on, o in originals.items()), default=(0, ""))
        if worst[0] > MAX_BRIEF:
            err("%s: shares %d 5-grams with the original of %s" % (pid, worst[0], worst[1]))
        rows.append(("(extra) " + site[0][:14], "ticker", pid, str(p.date), "-", p.length, len(p.g), worst[0],
                     0.0, "%d briefs, other day; max 5-grams vs any original" % len(stamps)))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-26s %-10s %-12s %-10s %-5s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "time", "words",
                                                              "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-26s %-10s %-12s %-10s %-5s %5d %5d %5d %5.0f%%  %s" % r)
    print()
    mb = max((b[2] for b in brief_rows), default=0)
    print("other ticker briefs on the summary pages: %d, max 5-grams shared with any original: %d"
          % (len(brief_rows), mb))
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK: %d pages, %d stories + %d extra ticker pages, all checks passed"
          % (len(seen), len(labels["stories"]), len(extra)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
