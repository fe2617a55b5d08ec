#!/usr/bin/env python3
"""Check blind72 (same-site pages whose sidebars list the story; hi, es-MX, fr, id, ar, it) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams, sidebar findings

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
RANGES = {"original": (310, 440), "light_edit": (340, 530), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (180, 440)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
ORIGINAL_PARAS = (7, 8)          # paragraphs of the original
DISTRACTOR_PARAS = (5, 8)        # paragraphs of the (story) distractor
LE_EDITED = (3, 8)               # light_edit: kept paragraphs carrying a small wording change
TRIM_SHARE = (0.55, 0.65)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_SUMMARY = 10                 # shared 5-grams, summary vs original
MAX_DISTRACTOR = 3               # shared 5-grams of article text, distractor vs original
MAX_ADDED = 3                    # shared 5-grams, any added passage (but the light_edit headline) vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
DERIV_DAYS = (0, 2)              # derivatives: same day as the original up to two days later
DISTRACTOR_DELTA = 1             # distractor: published the day after the original
RELATED_ORIG = (3, 4)            # teasers (headline + one sentence) in the original's related block
RELATED_DIST = (3, 5)            # teasers in the distractor's related block (the original's + others)
MOST_READ_MIN = 3                # items in a most-read list
TAG_TEASERS = (6, 8)             # teasers (headline, first sentence, date) on a tag page
N_TAG_PAGES = 2
LANGUAGES = {"hi", "es-MX", "fr", "id", "ar", "it"}

# Per story: beat, and the outlet's sidebar headers (first line of the related block and of the
# most-read list, prefix of the trending ticker line). tag: head line of the outlet's tag page, if
# the set has one for this story.
STORY_CFG = {
    "hi-kesarpur-jal-sanyantra": dict(beat="civic / water supply", related="संबंधित खबरें",
                                      most_read="सबसे ज़्यादा पढ़ी गईं", trending="ट्रेंडिंग:",
                                      tag="टैग: केसरपुर"),
    "es-tezontla-fuga-gas": dict(beat="emergencies / civil protection", related="Notas relacionadas",
                                 most_read="Lo más leído", trending="Tendencias:", tag=None),
    "fr-saint-aubert-theatre": dict(beat="culture / heritage", related="À lire aussi",
                                    most_read="Les plus lus", trending="À la une :", tag=None),
    "id-sukareja-panen-padi": dict(beat="agriculture", related="Berita Terkait",
                                   most_read="Terpopuler", trending="Trending:", tag=None),
    "ar-wadi-alsidr-dialysis": dict(beat="health", related="أخبار ذات صلة",
                                    most_read="الأكثر قراءة", trending="الأكثر تداولاً الآن:", tag=None),
    "it-castelvaldo-ferrovia": dict(beat="transport", related="Articoli correlati",
                                    most_read="I più letti", trending="Di tendenza:",
                                    tag="Tutti gli articoli con tag: Castelvaldo"),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- text helpers
# A word character is a letter, a combining mark or a number (Unicode categories L*, M*, N*), so
# Devanagari vowel signs and Arabic diacritics stay inside their word. Tokens are lower-cased NFC runs
# of word characters; apostrophes split tokens (l’italienne -> l + italienne).
def is_word_char(c):
    return unicodedata.category(c)[0] in "LMN"


def tokens(text):
    out, cur = [], []
    for c in unicodedata.normalize("NFC", text).lower():
        if is_word_char(c):
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
    return sum(1 for w in text.split() if any(is_word_char(c) for c in w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


SENT_END = r"[.!?…।؟]"


def one_sentence(s):
    """No sentence end followed by more text inside the string."""
    return not re.search(SENT_END + r"(?=[»”\"“’)]?\s+\S)", s.strip())


def first_sentence(par):
    m = re.search(SENT_END + r"[»”\"’)]?(?=\s)", par)
    return par[:m.end()] if m else par


# ---------------------------------------------------------------- dates
DIGITS = {}
for base in (0x0660, 0x06F0, 0x0966):          # Arabic-Indic, Extended Arabic-Indic, Devanagari
    for i in range(10):
        DIGITS[base + i] = ord("0") + i

MONTH_NAMES = [
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",          # es
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",              # fr
    "januari februari maret april mei juni juli agustus september oktober november desember",           # id
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",    # it
    "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",                                  # hi
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",                      # ar
    "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",     # ar (Levant)
]
MONTHS = {}
for names in MONTH_NAMES:
    for i, name in enumerate(names.split()):
        name = name.replace("_", " ")
        for form in {name, unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)}:
            MONTHS[form] = i + 1
MONTHS["फरवरी"] = 2
MONTHS["सितम्बर"], MONTHS["नवम्बर"], MONTHS["दिसम्बर"] = 9, 11, 12
MONTH_RX = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 15 मार्च 2025 | 20 de mayo de 2025 | 27 septembre 2025 | 10 April 2025 | 17 تشرين الثاني 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?(" + MONTH_RX + r")\s*,?\s+(?:de\s+)?(\d{4})(?!\d)",
                              re.IGNORECASE)),
]
TIME = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?![\d.:/])")


def ascii_digits(text):
    return text.translate(DIGITS)            # one character for one: offsets are kept


def find_dates(text):
    text = ascii_digits(text)
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
                    mon = MONTHS.get(b) or MONTHS.get(b.lower())
                    if not mon:
                        continue
                    d = datetime.date(int(c), mon, int(a))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found


def line_date(line):
    """The date if the line is a date (and nothing much else), else None."""
    f = find_dates(line)
    return f[0][2] if f else None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added):
        self.id, self.role, self.bp, self.added = pid, role, list(bp), list(added)
        path = os.path.join(DOCS, pid + ".txt")
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            err("%s: id is not 12 lowercase hex characters" % pid)
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        self.spans = []
        for s in self.bp:
            span = self.locate(s)
            if span is None:
                continue
            self.spans.append(span)
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        pos = 0
        self.partly = False
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        body = self.article
        for s in self.added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        dates = find_dates(self.text)
        self.date = self.numeric_date = self.time = None
        if dates:
            a0, b0, self.date, self.numeric_date = dates[0]
            if not any(x <= a0 and b0 <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, self.date))
            a = self.text.rfind("\n", 0, a0) + 1
            b = self.text.find("\n", b0)
            m = TIME.search(ascii_digits(self.text[a:b if b >= 0 else len(self.text)]))
            if m:
                self.time = "%02d:%s" % (int(m.group(1)), m.group(2))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))

    def locate(self, s):
        """First occurrence of s that covers whole lines and does not overlap an earlier label."""
        if not s:
            err("%s: empty boilerplate string" % self.id)
            return None
        k = self.text.find(s)
        if k < 0:
            err("%s: boilerplate not found: %r" % (self.id, s[:60]))
            return None
        while k >= 0:
            a, b = k, k + len(s)
            whole = (a == 0 or self.text[a - 1] == "\n") and (b == len(self.text) or self.text[b] == "\n")
            free = not any(a < y and x < b for x, y in self.spans)
            if whole and free:
                return (a, b)
            k = self.text.find(s, k + 1)
        err("%s: boilerplate %r is not a free run of whole lines" % (self.id, s[:50]))
        return None

    def block(self, header):
        """The labelled furniture block whose first line is header, as a list of lines."""
        for s in self.bp:
            lines = s.split("\n")
            if lines[0].strip() == header:
                return [ln.strip() for ln in lines[1:]]
        return None


def teaser_pairs(lines):
    if lines is None or len(lines) % 2:
        return None
    return [(lines[i], lines[i + 1]) for i in range(0, len(lines), 2)]


def check_sidebars(name, cfg, p, orig_head, orig_first, role):
    """Related block, most-read list and trending line of the original's outlet."""
    rel = teaser_pairs(p.block(cfg["related"]))
    mr = p.block(cfg["most_read"])
    tr = [s for s in p.bp if "\n" not in s and s.startswith(cfg["trending"])]
    note = []
    if rel is None:
        err("%s/%s: no related block (%r + headline/teaser pairs) in the furniture" % (name, role, cfg["related"]))
    else:
        for hd, ts in rel:
            if not one_sentence(ts):
                err("%s/%s: related teaser is more than one sentence: %r" % (name, role, ts[:50]))
            if not re.search(SENT_END + r"[»”\"’)]?$", ts):
                err("%s/%s: related teaser does not end a sentence: %r" % (name, role, ts[:50]))
        others = [x for x in rel if x[0] != orig_head]
        if role == "original":
            if not RELATED_ORIG[0] <= len(rel) <= RELATED_ORIG[1]:
                err("%s/original: %d related teasers (want %d-%d)" % (name, len(rel), *RELATED_ORIG))
            if len(others) != len(rel) or any(ts == orig_first for _, ts in rel):
                err("%s/original: related block lists the story itself" % name)
        else:
            if not RELATED_DIST[0] <= len(rel) <= RELATED_DIST[1]:
                err("%s/%s: %d related teasers (want %d-%d)" % (name, role, len(rel), *RELATED_DIST))
            if (orig_head, orig_first) not in rel:
                err("%s/%s: related block lacks the original's headline + first sentence teaser" % (name, role))
            if len(others) < 2:
                err("%s/%s: related block has fewer than 2 other teasers" % (name, role))
        note.append("related %d" % len(rel))
    if mr is None or len(mr) < MOST_READ_MIN:
        err("%s/%s: no most-read list (%r + at least %d lines)" % (name, role, cfg["most_read"], MOST_READ_MIN))
    else:
        if role == "original" and orig_head in mr:
            err("%s/original: most-read list holds its own headline" % name)
        if role != "original" and orig_head not in mr:
            err("%s/%s: most-read list lacks the original's exact headline" % (name, role))
        note.append("most-read %d" % len(mr))
    if len(tr) != 1 or len(tr[0].split("·")) < 3:
        err("%s/%s: want one trending ticker line (%r, 3+ items separated by ·)" % (name, role, cfg["trending"]))
    return ", ".join(note)


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    originals = {}
    langs = set()
    for st in labels["stories"]:
        name = st["name"]
        langs.add(st.get("language"))
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
        if not all(k in pages for k in ORDER):
            continue
        orig = pages["original"]
        if not orig.article_lines:
            err("%s: original has no article text" % name)
            continue
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        o_first = first_sentence(o_paras[0]) if o_paras else ""
        originals[name] = (orig, o_head, o_first)
        notes = {r: "" for r in ORDER}

        # original: 7-8 paragraphs, body 300-420 words, sidebars
        if not ORIGINAL_PARAS[0] <= len(o_paras) <= ORIGINAL_PARAS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *ORIGINAL_PARAS))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        if orig.time is None:
            err("%s/original: the date line has no time of day" % name)
        notes["original"] = "%d paragraphs, body %d words; %s" % (
            len(o_paras), blen, check_sidebars(name, cfg, orig, o_head, o_first, "original"))

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date is None:
                err("%s/%s: no date found" % (name, role))
            elif orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if delta != DISTRACTOR_DELTA:
                        err("%s/distractor: dated %s, not the day after the original (%s)" % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
            if role in ("original", "rewrite", "distractor") and p.added:
                err("%s/%s: expected no added strings" % (name, role))
            for s in p.added:
                if role == "light_edit" and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
            if role != "original" and p.bp and orig.bp and role != "distractor" and p.bp[0] == orig.bp[0]:
                err("%s/%s: on the original's site (derivatives are on their own sites)" % (name, role))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # light_edit: new headline + one added paragraph; every paragraph kept, small changes
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
                if body.index(le.added[1]) in range(len(body)):
                    notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, added para #%d" % (
                        changed, len(o_paras), min(sims), body.index(le.added[1]) + 1)

        # trim: original headline + first 55-65 % of the paragraphs verbatim + one added sentence at the end
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
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))

        # summary: own words, one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        n = len(sm.g & orig.g)
        if n > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, n, MAX_SUMMARY))

        # distractor: same outlet, next day, another event; its sidebars list the original
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        elif ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: footer differs from the original's" % name)
        if ds.time is None:
            err("%s/distractor: the date line has no time of day" % name)
        d_paras = ds.article_lines[1:]
        if not DISTRACTOR_PARAS[0] <= len(d_paras) <= DISTRACTOR_PARAS[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(d_paras), *DISTRACTOR_PARAS))
        if ds.article_lines and ds.article_lines[0] == o_head:
            err("%s/distractor: headline is the original's" % name)
        if o_head in ds.article_lines or o_first in "\n".join(ds.article_lines):
            err("%s/distractor: the original's headline or first sentence is in its article text" % name)
        if o_head not in ds.text or o_first not in ds.text:
            err("%s/distractor: the original's headline/first sentence do not appear on the page" % name)
        shared = ds.g & orig.g
        if len(shared) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams of article text with the original (max %d)"
                % (name, len(shared), MAX_DISTRACTOR))
        full_shared = grams(ds.text) & grams(orig.text)
        notes["distractor"] = "+%d day, %s, page-level 5-grams shared %d" % (
            (ds.date - orig.date).days if ds.date and orig.date else 0,
            check_sidebars(name, cfg, ds, o_head, o_first, "distractor"), len(full_shared))

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

    if langs != LANGUAGES:
        err("languages %s, want %s" % (sorted(x or "?" for x in langs), sorted(LANGUAGES)))
    beats = [STORY_CFG[s["name"]]["beat"] for s in labels["stories"] if s["name"] in STORY_CFG]
    if len(set(beats)) != len(beats) or len(beats) != 6:
        err("want six stories on six different beats")

    # ------------------------------------------------------------ tag pages (top-level distractors)
    tag_ids = labels.get("distractors", [])
    tag_bp = labels.get("boilerplate_of_distractors", {})
    if len(tag_ids) != N_TAG_PAGES:
        err("want %d tag pages in the top-level distractors list, got %d" % (N_TAG_PAGES, len(tag_ids)))
    if set(tag_bp) != set(tag_ids):
        err("boilerplate_of_distractors keys do not match the distractors list")
    tag_rows = []
    tagged_stories = set()
    for pid in tag_ids:
        if pid in seen:
            err("%s: tag page also labelled in story %s" % (pid, seen[pid]))
        seen[pid] = "(tag page)"
        p = Page(pid, "tag", tag_bp.get(pid, []), [])
        if p.article_lines:
            err("%s: tag page has unlabelled lines (the whole page is furniture): %r" % (pid, p.article_lines[0][:50]))
        lines = [ln.strip() for ln in p.text.split("\n") if ln.strip()]
        hit = [n for n, (o, h, f) in originals.items() if h in lines]
        if len(hit) != 1:
            err("%s: tag page lists %d originals' headlines (want 1)" % (pid, len(hit)))
            continue
        name = hit[0]
        tagged_stories.add(name)
        cfg = STORY_CFG[name]
        orig, o_head, o_first = originals[name]
        if not p.bp or p.bp[0] != orig.bp[0] or p.bp[-1] != orig.bp[-1]:
            err("%s: tag page is not on %s's outlet (masthead/footer differ)" % (pid, name))
        if not cfg.get("tag") or cfg["tag"] not in lines:
            err("%s: tag page lacks its head line %r" % (pid, cfg.get("tag")))
        listing = next((s.split("\n") for s in p.bp if o_head in s.split("\n")), None)
        if listing is None or len(listing) % 3:
            err("%s: tag listing is not a block of headline / first sentence / date triples" % pid)
            continue
        triples = [listing[i:i + 3] for i in range(0, len(listing), 3)]
        if not TAG_TEASERS[0] <= len(triples) <= TAG_TEASERS[1]:
            err("%s: %d teasers on the tag page (want %d-%d)" % (pid, len(triples), *TAG_TEASERS))
        for hd, ts, dt in triples:
            if line_date(dt) is None or length(dt) > 4:
                err("%s: teaser %r has no date line" % (pid, hd[:40]))
            if not one_sentence(ts):
                err("%s: teaser sentence is more than one sentence: %r" % (pid, ts[:40]))
        mine = [t for t in triples if t[0] == o_head]
        if not mine or mine[0][1] != o_first:
            err("%s: tag page lacks the original's headline + exact first sentence" % pid)
        elif line_date(mine[0][2]) != orig.date:
            err("%s: the original's teaser is dated %s, not %s" % (pid, line_date(mine[0][2]), orig.date))
        tag_rows.append((pid, name, len(triples), len(grams(p.text) & grams(orig.text))))
    for name in tagged_stories:
        if not STORY_CFG[name].get("tag"):
            err("%s: tag page for a story without a tag head line in STORY_CFG" % name)

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
    print("tag pages (top-level distractors; no article text, every line furniture)")
    for pid, name, n, g in tag_rows:
        print("  %s  outlet of %-26s %d teasers, page-level 5-grams shared with the original: %d" % (pid, name, n, g))
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK: %d pages (%d stories x 6 + %d tag pages), all checks passed"
          % (len(seen), len(labels["stories"]), len(tag_ids)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
