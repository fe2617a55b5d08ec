#!/usr/bin/env python3
"""Check blind77 (languages and scripts rarely seen by news tools) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams, language shares

Standard library only.

Tokens and 5-grams
------------------
Text is folded before it is split: NFKD, combining marks dropped (Lingala tone marks, the
Guarani nasal tilde of ã/ẽ/ĩ/õ/ũ/ỹ and of g̃ written as g + U+0303), lower-cased, the Lingala
open vowels ɛ/ɔ written e/o, and an apostrophe (' ’ ‘ ʼ) between two letters kept inside the
word as ʼ (Guarani puso: mba'e, mba’e). A token is then a run of Unicode letters and digits:
letters are ANY Unicode letter, so Canadian Aboriginal syllabics (ᐃᓄᒃᑎᑐᑦ, finals ᒃ ᑦ ᓐ …,
all category Lo) are letters and an Inuktitut word is one token; the syllabics full stop ᙮
and hyphen ᐀ are punctuation. Folding only merges spellings, so it can only raise the shared
5-gram counts: the limits below hold under the strictest reading. Word counts are
whitespace-separated items with at least one letter or digit.
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

# article-text length in words, headline included; ORIGINAL_BODY without the headline.
# Inuktitut is polysynthetic (one word ~ a clause of English), so its ranges are scaled down.
RANGES = {
    "default": {"original": (310, 440), "light_edit": (340, 530), "trim": (150, 340),
                "rewrite": (200, 350), "summary": (60, 120), "distractor": (250, 440)},
    "iu":      {"original": (160, 280), "light_edit": (170, 330), "trim": (80, 210),
                "rewrite": (100, 220), "summary": (30, 75), "distractor": (125, 260)},
}
ORIGINAL_BODY = {"default": (300, 420), "iu": (150, 260)}
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
DISTRACTOR_DAYS = (1, 7)         # distractor: another day, at most a week from the original
DERIV_DAYS = (0, 2)              # derivatives: same day up to two days after the original

# per language: the country's official language (mixed into some pages' furniture), and names
# the distractor must share with the original (same beat, same outlet or region)
STORY_LANG = {
    "ln": dict(official="fr", names=["Lokwa", "Bosanga", "Bokenge", "Croix-Rouge"]),
    "tn": dict(official="en", names=["Kebaabetswe", "Onkemetse Tau", "KYB", "Matlhakola"]),
    "ny": dict(official="en", names=["Chikondi Mvula", "Lusungu Kalulu", "Mwalawanthu", "Chisanga"]),
    "gn": dict(official="es", names=["Benítez", "Ramón Ayala Giménez", "Ñu Hovy"]),
    "tpi": dict(official="en", names=["Leonard Saiwa", "Kaigu-Erap", "DDA"]),
    "iu": dict(official="en", names=["ᐊᓂ ᓄᑲᑉᐱᐊᖅ", "ᓇᓪᓕ ᐃᕐᖃᖅ", "ᑲᖏᖅᓗᒃ", "ᑕᓯᐅᔭᕐᔪᐊᖅ"]),
}

# frequent words (folded) used to tell the article's language and the furniture's languages apart
LANG_WORDS = {
    "ln": "na ya mpe oyo ete bato te kasi ezali azali bazali mpo ye ngai biso bango alobi sango mokolo "
          "moko mibale lisusu nyonso banda soki kaka naino elongo sikoyo lelo tanga kabola tala",
    "tn": "le ya go e a o ba mo ka fa mme gore wa la se di tsa ga re kwa ke jwa tse gagwe bala dikgang "
          "kgang gae ka rona",
    "ny": "ndi kuti wa a la pa ku kwa ndipo koma za mwa ya anati anatero nkhani zathu nkhaniyi athu iye "
          "kapena chifukwa",
    "gn": "ha pe he'i ko peteĩ avei ani haguã guive peve ha'e oĩ ndaipóri ko'ã upévare ha katu hína "
          "marandu ore ñe'ẽ",
    "tpi": "i long bilong na ol em bai tok dispela olsem tasol mipela yumi pela bin no gat nau wanpela "
           "tu stori nius",
}
OFFICIAL_WORDS = {
    "fr": "le la les des du de et à au aux sur pour par tous droits réservés accueil actualité "
          "politique société économie publicité commentaires source suivez lire aussi juin "
          "désabonner contact émissions direct vie privée",
    "en": "the and of to is in for with from news home share read subscribe more all rights reserved "
          "our your us follow comments related source via published staff search menu contact "
          "privacy policy get sign up free newsletter advertisement this business sports sport "
          "politics lifestyle september august february april unsubscribe jobs inbox across north",
    "es": "el la los las de del y en con por para todos derechos reservados inicio nacionales "
          "deportes publicidad comentarios fuente compartir suscribite nuestro boletín contacto "
          "información salud mayo menú buscar diario digital bilingüe darse baja este sitio "
          "utiliza aceptar etiquetas privacidad",
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- folding, tokens
def fold(text):
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.category(c).startswith("M"))
    t = t.lower().replace("ɛ", "e").replace("ɔ", "o")
    return re.sub(r"(?<=[^\W\d_])['’‘ʼ](?=[^\W\d_])", "ʼ", t)


TOKEN = re.compile(r"[^\W_]+")      # runs of Unicode letters (any script) and digits


def tokens(text):
    return TOKEN.findall(fold(text))


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
    return not re.search(r"[.!?…᙮](?=[»”\"]?\s+\S)", s.strip())


def is_syllabic(c):
    return "\u1400" <= c <= "\u167f" or "\u18b0" <= c <= "\u18ff"


def syllabic_share(text):
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if is_syllabic(c)) / max(1, len(letters))


LANG_SETS = {k: set(tokens(v)) for k, v in LANG_WORDS.items()}
OFFICIAL_SETS = {k: set(tokens(v)) for k, v in OFFICIAL_WORDS.items()}


def share(text, words):
    t = tokens(text)
    return sum(1 for x in t if x in words) / max(1, len(t))


def line_is_local(line, lang):
    if lang == "iu":
        return any(is_syllabic(c) for c in line)
    return any(x in LANG_SETS[lang] for x in tokens(line))


def line_is_official(line, off):
    latin = "".join(c for c in line if not is_syllabic(c))
    return any(x in OFFICIAL_SETS[off] for x in tokens(latin))


# ---------------------------------------------------------------- dates
# Month names as the sites write them, folded (accents and tones dropped).
MONTH_NAMES = [
    # Lingala: sánzá ya yambo ... sánzá ya zómi na míbalé
    "sánzá ya yambo|sánzá ya míbalé|sánzá ya mísáto|sánzá ya mínei|sánzá ya mítáno|sánzá ya motóbá|"
    "sánzá ya nsambo|sánzá ya mwambe|sánzá ya libwa|sánzá ya zómi|sánzá ya zómi na mɔ̌kɔ́|sánzá ya zómi na míbalé",
    # Setswana
    "Ferikgong|Tlhakole|Mopitlwe|Moranang|Motsheganong|Seetebosigo|Phukwi|Phatwe|Lwetse|Diphalane|"
    "Ngwanatsele|Sedimonthole",
    # Chichewa
    "Januwale|Febuluwale|Malichi|Epulo|Meyi|Juni|Julayi|Ogasiti|Seputembala|Okutobala|Novembala|Disembala",
    # Guarani
    "jasyteĩ|jasykõi|jasyapy|jasyrundy|jasypo|jasypoteĩ|jasypokõi|jasypoapy|jasyporundy|jasypa|jasypateĩ|jasypakõi",
    # Tok Pisin
    "Janueri|Februeri|Mas|Epril|Me|Jun|Julai|Ogas|Septemba|Oktoba|Novemba|Disemba",
    # Inuktitut (syllabics)
    "ᔭᓐᓄᐊᕆ|ᕖᕝᕗᐊᕆ|ᒫᑦᓯ|ᐊᐃᑉᐳᓗ|ᒪᐃ|ᔫᓂ|ᔪᓚᐃ|ᐋᒡᒌᓯ|ᓯᑎᐱᕆ|ᐅᑐᐱᕆ|ᓄᕕᐱᕆ|ᑎᓯᐱᕆ",
    # official languages
    "January|February|March|April|May|June|July|August|September|October|November|December",
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre",
]
MONTHS = {}
for _names in MONTH_NAMES:
    for _i, _n in enumerate(_names.split("|")):
        MONTHS[" ".join(tokens(_n))] = _i + 1


def fold_same_length(text):
    """Fold char by char without changing the length, so match positions stay valid."""
    out = []
    for c in text:
        d = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.category(x).startswith("M"))
        d = d.lower().replace("ɛ", "e").replace("ɔ", "o")
        out.append(d if len(d) == 1 else c)
    return "".join(out)


_MALT = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    # 18 sánzá ya motóbá 2025 | 10 Phatwe 2025 | 5 jasypo 2025 | 6 de mayo de 2025 | 18 juin 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?(" + _MALT + r")\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    # ᐊᐃᑉᐳᓗ 14, 2025 | April 14, 2025 | February 8, 2025
    ("Mdy", False, re.compile(r"(?<![^\W\d_])(" + _MALT + r")\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?!\d)")


def first_date(text):
    folded = fold_same_length(text)
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(folded):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    d = datetime.date(int(c), MONTHS[" ".join(tokens(b))], int(a))
                else:
                    d = datetime.date(int(c), MONTHS[" ".join(tokens(a))], int(b))
            except (ValueError, KeyError):
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
        self.bp_lines = [ln.strip() for s in bp for ln in s.split("\n") if ln.strip()]
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
        self.time = None
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
            a = self.text.rfind("\n", 0, fd[0]) + 1
            b = self.text.find("\n", fd[1])
            dline = self.text[a:b if b >= 0 else len(self.text)]
            m = TIME.search(dline)
            if m:
                hh = int(m.group(1))
                if re.search(r"(?i)\bp\.?\s?m\b", dline[m.end():]) and hh < 12:
                    hh += 12
                self.time = "%02d:%s" % (hh, m.group(2))
        self.art_text = "\n".join(self.article_lines)
        self.length = length(self.art_text)
        self.g = grams(self.art_text)


def has_name(text, name):
    return " ".join(tokens(name)) in " ".join(tokens(text))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        cfg = STORY_LANG.get(lang)
        if cfg is None:
            err("%s: language %r not configured" % (name, lang))
            continue
        rng = RANGES.get(lang, RANGES["default"])
        obody = ORIGINAL_BODY.get(lang, ORIGINAL_BODY["default"])
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
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras))
        if not obody[0] <= blen <= obody[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *obody))
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # language and script of every page (theme checks)
        official_pages = 0
        for role in ORDER:
            p = pages[role]
            if lang == "iu":
                bad = [ln for ln in p.article_lines if syllabic_share(ln) < 0.9]
                if bad:
                    err("%s/%s: article line not in syllabics: %r" % (name, role, bad[0][:40]))
                p.lang_share = syllabic_share(p.art_text)
            else:
                p.lang_share = share(p.art_text, LANG_SETS[lang])
                if p.lang_share < 0.15:
                    err("%s/%s: article text does not read as %s (marker share %.2f)" % (name, role, lang, p.lang_share))
            off = share(p.art_text, OFFICIAL_SETS[cfg["official"]])
            if off > 0.05:
                err("%s/%s: article text has too many %s words (%.2f)" % (name, role, cfg["official"], off))
            if not any(line_is_local(ln, lang) for ln in p.bp_lines):
                err("%s/%s: no furniture line in %s" % (name, role, lang))
            if any(line_is_official(ln, cfg["official"]) for ln in p.bp_lines):
                official_pages += 1
        if official_pages < 2:
            err("%s: official-language (%s) furniture on only %d page(s), want >= 2"
                % (name, cfg["official"], official_pages))

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = rng[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if role == "original" and p.added:
                err("%s: original has added strings" % name)
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if not DISTRACTOR_DAYS[0] <= abs(delta) <= DISTRACTOR_DAYS[1]:
                        err("%s/distractor: dated %s, not another day within a week of the original (%s)"
                            % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
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
                if le.added[1] in body:
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
            if not tr.art_text.endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        tshare = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= tshare <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * tshare))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%)" % (k, len(o_paras), 100 * tshare)

        # rewrite: new headline, own words, one added background paragraph
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if len(rw.added) != 1:
            err("%s/rewrite: expected exactly one added string (the background paragraph)" % name)
        elif rw.added[0] not in rw.article_lines[1:]:
            err("%s/rewrite: added background is not a whole paragraph of the body" % name)
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        notes["rewrite"] = "%d paragraphs" % (len(rw.article_lines) - 1)

        # summary: one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)

        # distractor: same outlet as the original, shared names, little shared text
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0] or ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: not on the original's site (first/last furniture lines differ)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        shared_names = [x for x in cfg["names"] if has_name(orig.art_text, x) and has_name(ds.art_text, x)]
        if len(shared_names) < 2:
            err("%s/distractor: shares only %d of the configured names with the original" % (name, len(shared_names)))
        if not PARAS_ORIGINAL[0] <= len(ds.article_lines) - 1 <= PARAS_ORIGINAL[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(ds.article_lines) - 1, *PARAS_ORIGINAL))
        notes["distractor"] = "%+d days, %d names shared" % (
            (ds.date - orig.date).days if ds.date and orig.date else 0, len(shared_names))

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.time or "-", p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), p.lang_share, notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  words=%d" % (name, role, p.id, p.date, p.time or "",
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
    print("shared with the story's original; %orig = share of the page's own 5-grams;")
    print("lang = share of marker words of the story's language (iu: share of letters in syllabics)")
    print("%-30s %-11s %-12s %-10s %-5s %5s %5s %6s %6s %5s  %s" % (
        "story", "page", "id", "date", "time", "words", "5g", "∩orig", "%orig", "lang", "notes"))
    for r in rows:
        print("%-30s %-11s %-12s %-10s %-5s %5d %5d %6d %5.0f%% %5.2f  %s" % r)
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
