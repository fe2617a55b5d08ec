#!/usr/bin/env python3
"""Check blind70 (ordinary local news in cs, hu, ro, el, hi, vi with varied site furniture).

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: site, publication date, added strings, shared 5-grams,
                          and the furniture-feature matrix

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
LANGS = {"cs", "hu", "ro", "el", "hi", "vi"}

# article-text length in words (headline and standfirst included)
RANGES = {"original": (300, 460), "light_edit": (330, 540), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (150, 330)}
ORIGINAL_BODY = (300, 420)       # original without its headline (standfirst counted as a paragraph)
PARAS_ORIGINAL = (6, 8)          # article lines after the headline, standfirst included
LE_EDITED = (3, 5)
TRIM_SHARE = (0.55, 0.70)
MAX_REWRITE = 10
MAX_DISTRACTOR = 3
MAX_ADDED = 3
MIN_PARA_SIM = 0.6
DISTRACTOR_DAYS = (1, 3)

# furniture features the brief asks to vary; each must occur on at least this many pages
REQUIRED_FEATURES = {
    "name_only": 3, "motto_short": 3, "motto_long": 3, "caps_name": 3,
    "menu_bars": 3, "menu_dots": 3, "menu_gaps": 3, "menu_lines": 3,
    "login": 3, "breadcrumb": 3, "section_label": 3, "kicker": 3,
    "byline_one_line": 3, "byline_two_lines": 3, "byline_by": 3, "byline_bare": 3, "byline_role": 3,
    "date_first": 3, "standfirst_stop": 3, "standfirst_nostop": 2, "reading_time": 3, "share": 3,
    "related": 3, "mostread_numbered": 3, "mostread_plain": 3, "tags": 3, "comments": 3,
    "newsletter": 3, "imprint_one_line": 3, "imprint_lines": 3, "licence": 3,
    "copyright": 3, "cookie": 3,
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens: lower-cased runs of letters, combining marks and digits (Unicode categories L*, M*,
# N*), so Devanagari vowel signs and viramas stay inside their word and Vietnamese / Greek
# accented letters are letters. Everything else (spaces, punctuation, the danda ।) splits.
def _isw(c):
    return unicodedata.category(c)[0] in "LMN"


def tokens(text):
    text = unicodedata.normalize("NFC", text).lower()
    out, cur = [], []
    for c in text:
        if _isw(c):
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    """Whitespace-separated items holding at least one letter or digit."""
    return sum(1 for w in text.split() if any(unicodedata.category(c)[0] in "LN" for c in w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


END = r"[.!?…।]"


def one_sentence(s):
    return not re.search(END + r"[»”\"'“]?\s+\S", s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "ledna února března dubna května června července srpna září října listopadu prosince",      # cs gen.
    "január február március április május június július augusztus szeptember október november december",  # hu
    "jan febr márc ápr máj jún júl aug szept okt nov dec",                                        # hu abbr.
    "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie",  # ro
    "ian feb mar apr mai iun iul aug sep oct nov dec",                                            # ro / en abbr.
    "jan feb mar apr may jun jul aug sep oct nov dec",                                            # en abbr. (hi sites)
    "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου οκτωβρίου νοεμβρίου δεκεμβρίου",  # el gen.
    "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",                 # hi
    "जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितम्बर अक्तूबर नवम्बर दिसम्बर",             # hi variants
]:
    for i, name in enumerate(names.split()):
        MONTHS[unicodedata.normalize("NFC", name)] = i + 1
MONTHS["sept"] = 9

MW = r"([^\s\d.,|/:\-()]+)"
DATE_RX = [
    ("vi", False, re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")),
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\.?(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})\s?[./\-]\s?(\d{1,2})\s?[./\-]\s?(\d{4})(?!\d)")),
    ("yMd", False, re.compile(r"(?<!\d)(\d{4})\.\s+" + MW + r"\.?\s+(\d{1,2})\.")),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+" + MW + r"\.?,?\s+(\d{4})(?!\d)")),
]
TIME_RX = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?!\d)\s*(AM|PM|μ\.μ\.|π\.μ\.)?")


def parse_published(s):
    """-> (date, time or None, numeric?) or None."""
    s = unicodedata.normalize("NFC", s)
    for kind, numeric, rx in DATE_RX:
        m = rx.search(s)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if kind in ("vi", "dmy"):
                d = datetime.date(int(c), int(b), int(a))
            elif kind == "ymd":
                d = datetime.date(int(a), int(b), int(c))
            elif kind == "yMd":
                mo = MONTHS.get(b.lower())
                if not mo:
                    continue
                d = datetime.date(int(a), mo, int(c))
            else:
                mo = MONTHS.get(b.lower())
                if not mo:
                    continue
                d = datetime.date(int(c), mo, int(a))
        except ValueError:
            continue
        rest = s[:m.start()] + " " + s[m.end():]
        t = None
        tm = TIME_RX.search(rest)
        if tm:
            h, mi = int(tm.group(1)), int(tm.group(2))
            ap = tm.group(3)
            if ap in ("PM", "μ.μ.") and h < 12:
                h += 12
            if ap in ("AM", "π.μ.") and h == 12:
                h = 0
            t = datetime.time(h, mi)
        return d, t, numeric
    return None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added, meta):
        self.id, self.role, self.bp, self.added, self.meta = pid, role, bp, added, meta or {}
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        if self.text != unicodedata.normalize("NFC", self.text):
            err("%s: text is not NFC-normalised" % pid)
        self.spans = []
        for s in bp:
            if not s.strip() or "\n\n" in s:
                err("%s: empty boilerplate string or one with a blank line inside: %r" % (pid, s[:50]))
                continue
            span = self._find_line_aligned(s)
            if span is None:
                if s in self.text:
                    err("%s: boilerplate %r is not whole lines (or every whole-line occurrence is used)" % (pid, s[:50]))
                else:
                    err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            self.spans.append(span)
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
            k = self.article.find(s)
            if not s or k < 0:
                if s in self.text:
                    err("%s: added string lies in furniture: %r" % (pid, s[:50]))
                else:
                    err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))
        # publication date: the labelled string must sit inside one furniture line
        self.pub = self.meta.get("published")
        self.date = self.time = self.numeric = None
        if not self.pub:
            err("%s: no 'published' string in labels" % pid)
        else:
            k = self.text.find(self.pub)
            if k < 0:
                err("%s: published string not on the page: %r" % (pid, self.pub))
            elif not any(x <= k and k + len(self.pub) <= y for x, y in self.spans):
                err("%s: published string %r is not inside labelled furniture" % (pid, self.pub))
            pd = parse_published(self.pub)
            if pd is None:
                err("%s: cannot parse a date in %r" % (pid, self.pub))
            else:
                self.date, self.time, self.numeric = pd

    def _find_line_aligned(self, s):
        start = 0
        while True:
            k = self.text.find(s, start)
            if k < 0:
                return None
            a, b = k, k + len(s)
            aligned = (a == 0 or self.text[a - 1] == "\n") and (b == len(self.text) or self.text[b] == "\n")
            free = not any(a < y and x < b for x, y in self.spans)
            if aligned and free:
                return (a, b)
            start = k + 1

    def when(self):
        return datetime.datetime.combine(self.date, self.time or datetime.time(0, 0))


def furniture_feature_checks(p, feats):
    """Mechanical checks for the features that can be seen from the text."""
    fl = [ln for s in p.bp for ln in s.split("\n")]
    blocks = p.bp
    stand = p.meta.get("standfirst")
    if "caps_name" in feats:
        first = p.bp[0] if p.bp else ""
        if first != first.upper():
            err("%s: caps_name but first furniture line %r is not in capitals" % (p.id, first))
    if "menu_bars" in feats and not any(ln.count(" | ") >= 3 for ln in fl):
        err("%s: menu_bars but no furniture line with 3+ ' | '" % p.id)
    if "menu_dots" in feats and not any(ln.count(" · ") >= 3 for ln in fl):
        err("%s: menu_dots but no furniture line with 3+ ' · '" % p.id)
    if "menu_gaps" in feats and not any(len(re.findall(r"\S {3,}(?=\S)", ln)) >= 3 for ln in fl):
        err("%s: menu_gaps but no furniture line with 3+ wide gaps" % p.id)
    if "menu_lines" in feats and not any(len(b.split("\n")) >= 4 and all(len(x.split()) <= 2 for x in b.split("\n"))
                                         for b in blocks):
        err("%s: menu_lines but no block of 4+ one-item lines" % p.id)
    if "mostread_numbered" in feats and not any(re.match(r"1\.? ", x) for b in blocks for x in b.split("\n")[1:2]):
        err("%s: mostread_numbered but no block whose first item starts with '1.'" % p.id)
    if "byline_two_lines" in feats and not any(len(b.split("\n")) == 2 and parse_published(b) for b in blocks):
        err("%s: byline_two_lines but no two-line furniture block with the date" % p.id)
    if "byline_one_line" in feats and not any("\n" not in b and parse_published(b) and len(b.split()) >= 4 for b in blocks):
        err("%s: byline_one_line but no one-line furniture block with name and date" % p.id)
    if "standfirst_stop" in feats and not (stand and re.search(END + r"$", stand)):
        err("%s: standfirst_stop but no standfirst ending with a stop" % p.id)
    if "standfirst_nostop" in feats and not (stand and not re.search(END + r"$", stand)):
        err("%s: standfirst_nostop but no standfirst without a stop" % p.id)
    if stand and not ({"standfirst_stop", "standfirst_nostop"} & set(feats)):
        err("%s: page has a standfirst but no standfirst feature" % p.id)
    if "date_first" in feats:
        # the date line comes before the byline / stands alone before the headline or body
        pass


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    feature_count = {}
    feature_pages = []
    domains = {}
    langs = set()
    for st in labels["stories"]:
        name = st["name"]
        langs.add(st["language"])
        meta = st.get("pages", {})
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [],
                                  meta.get(st["original"]))}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []),
                                                        d.get("added", []), meta.get(pid)))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [],
                                   meta.get(st["distractor"]))
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
            if p.meta.get("kind") != p.role:
                err("%s: pages[%s].kind is %r, expected %r" % (name, p.id, p.meta.get("kind"), p.role))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}

        # sites: five different sites per story, the distractor on the original's site
        for role in ORDER:
            dom = pages[role].meta.get("domain", "")
            if not dom.endswith(".example"):
                err("%s/%s: domain %r does not end in .example" % (name, role, dom))
            if role != "distractor":
                if dom in domains:
                    err("%s/%s: site %s already used by %s" % (name, role, dom, domains[dom]))
                domains[dom] = "%s/%s" % (name, role)
        if pages["distractor"].meta.get("domain") != orig.meta.get("domain"):
            err("%s/distractor: not on the original's site" % name)
        if not pages["distractor"].bp or pages["distractor"].bp[0] != orig.bp[0]:
            err("%s/distractor: first furniture line differs from the original's" % name)

        # standfirst: the article line right after the headline
        for role in ORDER:
            p = pages[role]
            sf = p.meta.get("standfirst")
            if sf and (len(p.article_lines) < 2 or p.article_lines[1] != sf):
                err("%s/%s: standfirst is not the article line after the headline" % (name, role))

        # original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs%s, body %d words" % (
            len(o_paras), " (incl. standfirst)" if orig.meta.get("standfirst") else "", blen)

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    dd = abs((p.date - orig.date).days)
                    if not DISTRACTOR_DAYS[0] <= dd <= DISTRACTOR_DAYS[1]:
                        err("%s/distractor: %d days from the original (want %d-%d)" % (name, dd, *DISTRACTOR_DAYS))
                else:
                    if p.date < orig.date:
                        err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
                    elif p.date == orig.date:
                        if p.time is None or orig.time is None:
                            err("%s/%s: same day as the original without times on both pages" % (name, role))
                        elif p.time <= orig.time:
                            err("%s/%s: dated %s %s, not after the original %s" % (name, role, p.date, p.time, orig.time))
            for s in p.added:
                if role == "light_edit" and p.added and s == p.added[0]:
                    continue
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        nums = [pages[r].numeric for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written forms across sites" % name)

        # light_edit
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
                err("%s/light_edit: added paragraph opens the article" % name)
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
                if body.index(le.added[1]) < len(body):
                    notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, added para #%d" % (
                        changed, len(o_paras), min(sims), body.index(le.added[1]) + 1)

        # trim
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
            inline = s not in tr.article_lines
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%), added sentence %s" % (
            k, len(o_paras), 100 * share, "appended" if tr.added and inline else "own line")

        # rewrite
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))

        # summary
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        if sm.article_lines and sm.article_lines[0] == o_head:
            err("%s/summary: title is the original's headline" % name)

        # distractor
        ds = pages["distractor"]
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        full_shared = len(grams(ds.text) & grams(orig.text))
        notes["distractor"] = "%+d days, full pages share %d 5-grams" % ((ds.date - orig.date).days, full_shared) \
            if ds.date and orig.date else ""

        for role in ORDER:
            p = pages[role]
            feats = p.meta.get("features", [])
            for f in feats:
                feature_count[f] = feature_count.get(f, 0) + 1
            feature_pages.append(("%s/%s" % (st["language"], role), feats))
            furniture_feature_checks(p, feats)
            shared = p.g & orig.g
            when = "%s %s" % (p.date, p.time.strftime("%H:%M") if p.time else "--:--")
            rows.append((name[:26], role, p.id, when, p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  site=%s  published=%r -> %s (%s)  words=%d" % (
                    name, role, p.id, p.meta.get("domain"), p.pub, when,
                    "numeric" if p.numeric else "written", p.length))
                if p.meta.get("standfirst"):
                    print("    standfirst: %s" % p.meta["standfirst"][:100])
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if langs != LANGS:
        err("languages %s, expected %s" % (sorted(langs), sorted(LANGS)))
    for f, n in REQUIRED_FEATURES.items():
        if feature_count.get(f, 0) < n:
            err("furniture feature %s on %d pages (want >= %d)" % (f, feature_count.get(f, 0), n))
    for f in sorted(feature_count):
        if f not in REQUIRED_FEATURES and f not in ("date_only", "source_line"):
            err("unknown furniture feature %r" % f)
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-26s %-11s %-12s %-16s %5s %5s %6s %6s  %s" % ("story", "page", "id", "published", "words", "5g",
                                                           "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-26s %-11s %-12s %-16s %5d %5d %6d %5.0f%%  %s" % r)
    print()
    print("furniture features (pages): " + ", ".join("%s %d" % (f, feature_count[f]) for f in sorted(feature_count)))
    if VERBOSE:
        print()
        for pg, feats in feature_pages:
            print("%-15s %s" % (pg, " ".join(feats)))
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
