#!/usr/bin/env python3
"""Check blind73 (short wire briefs in en-GB, fr, de, es, ru, zh-Hans) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

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

KINDS = ["copy", "expanded", "rewrite", "alert"]
ORDER = ["original"] + KINDS + ["distractor"]
LANGS = ["en", "fr", "de", "es", "ru", "zh"]
BEATS = {  # story -> beat; every story on another beat
    "en-tarrowby-profit-warning": "markets",
    "fr-montbressan-eboulement": "transport",
    "de-eschenhagen-pflegebetrug": "courts",
    "es-villardena-legionela": "health",
    "ru-novozersk-energoblok": "energy",
    "zh-chengzhou-haiying-title": "sport",
}

# Sizes. Words = whitespace-separated items with a letter or digit; Chinese = non-whitespace
# characters (punctuation included). Body = article text without the headline.
BRIEF_WORDS = (60, 130)          # original and distractor body
BRIEF_ZH = (150, 300)
BRIEF_PARAS = (3, 5)
REWRITE_WORDS = (60, 150)        # rewrite body
REWRITE_ZH = (150, 330)
ALERT_WORDS = (12, 30)           # alert sentence without its FLASH/URGENT label
ALERT_ZH = (20, 60)
MAX_REWRITE = 4                  # word 5-grams shared by rewrite and original
MAX_ADDED = 3                    # per added paragraph of the expanded page
MAX_DISTRACTOR = 10              # distractor vs original article text (dateline and names included)

MONTH_NAMES = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
MONTHS = {}
for _names in MONTH_NAMES.values():
    for _i, _n in enumerate(_names.split()):
        MONTHS[_n.lower()] = _i + 1
        if _names is MONTH_NAMES["en"]:
            MONTHS[_n.lower()[:3]] = _i + 1        # en abbreviations: Mar, Sep ...


def _m(lang):
    return "(" + "|".join(MONTH_NAMES[lang].split()) + ")"


# Per language: the agency (first furniture line of its pages, names accepted in credit lines)
# and the forms of its furniture.
CFG = {
    "en": dict(agency="Meridian Wire", credit=["Meridian", "Meridian Wire"],
               dateline=r"^([A-Z][A-Z .'-]+), (\d{1,2}) " + _m("en") + r" \(Meridian\) – ",
               report=r"^Reporting by [^;]+; Editing by .+$", standards=r"^Our Standards: .+",
               related="Related wires", share=r"^Share\b", alert=r"^(FLASH|URGENT): ",
               more="More to follow"),
    "fr": dict(agency="AHP – Agence Hexagone Presse", credit=["AHP", "Agence Hexagone Presse"],
               dateline=r"^([A-ZÀ-Ÿ][A-ZÀ-Ÿ' -]+), (\d{1,2}|1er) " + _m("fr") + r" \(AHP\) – ",
               report=r"^\(Reportage [^;]+ ; édité par .+\)$", standards=r"^Nos principes : .+",
               related="Dépêches liées", share=r"^Partager\b", alert=r"^(URGENT|FLASH) : ",
               more="Plus d'informations à suivre"),
    "de": dict(agency="npa Nordpress Agentur", credit=["npa", "Nordpress"],
               dateline=r"^([A-ZÄÖÜ][A-ZÄÖÜ -]+), (\d{1,2})\. " + _m("de") + r" \(npa\) – ",
               report=r"^\(Bericht: [^;]+; redigiert von .+\)$", standards=r"^Unsere Standards: .+",
               related="Weitere Meldungen", share=r"^Teilen\b", alert=r"^(EILMELDUNG|EIL): ",
               more="Weitere Informationen folgen"),
    "es": dict(agency="Agencia Atalaya", credit=["Atalaya", "Agencia Atalaya"],
               dateline=r"^([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ -]+), (\d{1,2}) de " + _m("es") + r" \(Atalaya\) – ",
               report=r"^\(Información de [^;]+; edición de .+\)$", standards=r"^Nuestros principios: .+",
               related="Noticias relacionadas", share=r"^Compartir\b", alert=r"^(URGENTE|ÚLTIMA HORA): ",
               more="Ampliaremos información"),
    "ru": dict(agency="Норд-Информ", credit=["Норд-Информ"],
               dateline=r"^([А-ЯЁ][А-ЯЁ -]+), (\d{1,2}) " + _m("ru") + r" \(Норд-Информ\) — ",
               report=r"^\(Репортаж [^;]+; редактор .+\)$", standards=r"^Наши стандарты: .+",
               related="Читайте также в ленте", share=r"^Поделиться\b", alert=r"^(СРОЧНО|МОЛНИЯ): ",
               more="Информация дополняется"),
    "zh": dict(agency="华迅社", credit=["华迅社"],
               dateline=r"^华迅社(\S+?)(\d{1,2})月(\d{1,2})日电 ",
               report=r"^（记者：[^；]+；编辑：.+）$", standards=r"^我们的准则：.+",
               related="相关稿件", share=r"^分享到：", alert=r"^(快讯|突发)：",
               more="详细报道稍后播发"),
}
NETWORKS = r"(Facebook|\bX\b|LinkedIn|WhatsApp|ВКонтакте|Telegram|微信|微博)"

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens, lengths
# NFKC, lower case. A token is one Han character (Chinese has no spaces, so a "word 5-gram"
# there is a run of five characters) or a run of other letters/digits. Punctuation separates
# tokens and is not a token.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
TOKEN = re.compile("[" + HAN + "]|[^\\W_" + HAN + "]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "zh":
        return sum(1 for c in text if not c.isspace())
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def unit(lang):
    return "chars" if lang == "zh" else "words"


def one_sentence(s):
    return not re.search(r"[.!?…。！？](?=[»”\"」]?\s*\S)", s.strip())


# ---------------------------------------------------------------- dates and times
DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")),
    ("ymd", False, re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?!\d)")


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
                    if b.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    if not found:
        return None
    found.sort()
    start, end, d, numeric = found[0]
    rest = text[end:].split("\n", 1)[0]
    t = TIME.search(rest)
    tm = datetime.time(int(t.group(1)), int(t.group(2))) if t else None
    return start, end, d, tm, numeric


# ---------------------------------------------------------------- pages
def whole_line_find(text, s):
    """First occurrence of s that starts and ends on line boundaries, else -1."""
    k = text.find(s)
    while k >= 0:
        e = k + len(s)
        if (k == 0 or text[k - 1] == "\n") and (e == len(text) or text[e] == "\n"):
            return k
        k = text.find(s, k + 1)
    return -1


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
            if not s or s not in self.text:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            k = whole_line_find(self.text, s)
            if k < 0:
                err("%s: boilerplate %r never covers whole lines" % (pid, s[:50]))
                continue
            a, b = k, k + len(s)
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
            k = self.article.find(s)
            if not s or s not in self.text:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if k < 0:
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
                continue
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        fd = first_date(self.text)
        self.date = self.time = None
        self.numeric = False
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            self.date, self.time, self.numeric = fd[2], fd[3], fd[4]
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.first_bp = self.text_bp_lines()[0] if self.spans else None
        self.head = self.article_lines[0] if self.article_lines else ""
        self.body_lines = self.article_lines[1:]
        self.length = length("\n".join(self.body_lines), lang)
        self.g = grams("\n".join(self.article_lines))

    def text_bp_lines(self):
        return [self.text[a:b] for a, b in sorted(self.spans)]

    def bp_matching(self, rx):
        return [s for s in self.bp if re.search(rx, s)]

    @property
    def stamp(self):
        return datetime.datetime.combine(self.date, self.time or datetime.time(0, 0)) if self.date else None


def check_brief(name, role, p, cfg):
    """Shape shared by the original and the distractor (the agency's brief page)."""
    lang = p.lang
    lo, hi = BRIEF_ZH if lang == "zh" else BRIEF_WORDS
    if not BRIEF_PARAS[0] <= len(p.body_lines) <= BRIEF_PARAS[1]:
        err("%s/%s: %d paragraphs (want %d-%d)" % (name, role, len(p.body_lines), *BRIEF_PARAS))
    if not lo <= p.length <= hi:
        err("%s/%s: body %d %s, outside %d-%d" % (name, role, p.length, unit(lang), lo, hi))
    m = re.match(cfg["dateline"], p.body_lines[0]) if p.body_lines else None
    if not m:
        err("%s/%s: first paragraph does not open with the agency dateline" % (name, role))
    elif p.date:
        day = int(m.group(2) if lang != "zh" else m.group(3)) if m.group(2) != "1er" else 1
        if day != p.date.day:
            err("%s/%s: dateline day %d is not the page's date %s" % (name, role, day, p.date))
    if p.first_bp != cfg["agency"]:
        err("%s/%s: first furniture line is not the agency name %r" % (name, role, cfg["agency"]))
    for what in ("report", "standards"):
        if len(p.bp_matching(cfg[what])) != 1:
            err("%s/%s: expected one %s line in furniture" % (name, role, what))
    if not [s for s in p.bp if s.startswith("©")]:
        err("%s/%s: no copyright line in furniture" % (name, role))
    rel = [s for s in p.bp if s.split("\n")[0] == cfg["related"]]
    if len(rel) != 1 or len(rel[0].split("\n")) < 3:
        err("%s/%s: expected one related-wire list (%r + 2 or more items)" % (name, role, cfg["related"]))
    if not [s for s in p.bp if re.search(cfg["share"], s) and re.search(NETWORKS, s)]:
        err("%s/%s: no share bar in furniture" % (name, role))
    if p.added:
        err("%s/%s: expected no added strings" % (name, role))
    return m.group(1) if m else None


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    langs, beats = [], []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        langs.append(lang)
        beats.append(BEATS.get(name))
        if lang not in CFG:
            err("%s: unknown language %s" % (name, lang))
            continue
        cfg = CFG[lang]
        if not name.startswith(lang + "-"):
            err("%s: name should start with the language code" % name)
        pages = {"original": Page(st["original"], "original", lang, st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(pid, d["kind"], lang, d.get("boilerplate", []), d.get("added", [])))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", lang, st["boilerplate_of_distractor"], [])
        for p in [pages["original"], pages["distractor"]] + [q for v in kinds.values() for q in v]:
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        notes = {r: "" for r in ORDER}

        # original: the agency's brief with its wire furniture
        city = check_brief(name, "original", orig, cfg)
        notes["original"] = "%d paras, body %d %s" % (len(orig.body_lines), orig.length, unit(lang))
        if not orig.time:
            err("%s/original: date line has no time" % name)

        # sites: copy, expanded and rewrite each on a site of its own
        firsts = [pages[k].first_bp for k in ("copy", "expanded", "rewrite")]
        if len(set(firsts)) != 3 or cfg["agency"] in firsts:
            err("%s: copy, expanded and rewrite should be on three other sites (first lines %r)" % (name, firsts))
        report = orig.bp_matching(cfg["report"])
        for k in ("copy", "expanded", "rewrite"):
            p = pages[k]
            if report and report[0] in p.text:
                err("%s/%s: carries the agency's reporting/editing line" % (name, k))
            if p.stamp and orig.stamp and p.stamp < orig.stamp:
                err("%s/%s: dated %s, before the original %s" % (name, k, p.stamp, orig.stamp))
            if p.head == orig.head:
                err("%s/%s: headline is the original's" % (name, k))

        # copy: new headline (added) + the brief verbatim + a credit line "(Agency)" / "— Agency"
        cp = pages["copy"]
        if len(cp.added) != 1 or cp.added[0] != cp.head:
            err("%s/copy: expected exactly one added string, the headline" % name)
        if cp.body_lines != orig.body_lines:
            err("%s/copy: article text is not the brief's paragraphs verbatim" % name)
        names = "|".join(re.escape(c) for c in cfg["credit"])
        credit = [s for s in cp.bp if re.fullmatch(r"[(（](%s)[)）]|[—–] (%s)" % (names, names), s)]
        if len(credit) != 1:
            err("%s/copy: expected one credit line '(Agency)' or '— Agency' in furniture" % name)
        notes["copy"] = "credit %r" % (credit[0] if credit else None)

        # expanded: new headline + two new paragraphs (added) + the brief verbatim
        ex = pages["expanded"]
        if len(ex.added) != 3 or ex.added[0] != ex.head:
            err("%s/expanded: expected three added strings, the first being the headline" % name)
        else:
            pos = []
            for s in ex.added[1:]:
                if s not in ex.body_lines:
                    err("%s/expanded: added paragraph is not a whole article line: %r" % (name, s[:40]))
                    continue
                pos.append(ex.body_lines.index(s) + 1)
                if pos[-1] == 1:
                    err("%s/expanded: added paragraph comes before the dateline paragraph" % name)
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/expanded: added paragraph shares %d 5-grams with the original" % (name, n))
            if ex.kept_lines != orig.body_lines:
                err("%s/expanded: kept text is not the brief's paragraphs verbatim, in order" % name)
            notes["expanded"] = "added paras at #%s of %d" % (",".join(map(str, pos)), len(ex.body_lines))

        # rewrite: own words, nothing added
        rw = pages["rewrite"]
        lo, hi = REWRITE_ZH if lang == "zh" else REWRITE_WORDS
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if not lo <= rw.length <= hi:
            err("%s/rewrite: body %d %s, outside %d-%d" % (name, rw.length, unit(lang), lo, hi))
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        notes["rewrite"] = "body %d %s" % (rw.length, unit(lang))

        # alert: the agency's earlier one-line flash + "more to follow"
        al = pages["alert"]
        if al.added:
            err("%s/alert: expected no added strings" % name)
        if len(al.article_lines) != 1:
            err("%s/alert: expected one article line, got %d" % (name, len(al.article_lines)))
        line = al.article_lines[0] if al.article_lines else ""
        m = re.match(cfg["alert"], line)
        if not m:
            err("%s/alert: line does not open with the flash label %s" % (name, cfg["alert"]))
        sentence = line[m.end():] if m else line
        lo, hi = ALERT_ZH if lang == "zh" else ALERT_WORDS
        alen = length(sentence, lang)
        if not lo <= alen <= hi:
            err("%s/alert: %d %s, outside %d-%d" % (name, alen, unit(lang), lo, hi))
        if not one_sentence(sentence):
            err("%s/alert: more than one sentence" % name)
        if cfg["more"] not in al.bp:
            err("%s/alert: no %r line in furniture" % (name, cfg["more"]))
        else:
            k = al.text.find(line)
            after = al.text[k + len(line):].lstrip("\n").split("\n", 1)[0]
            if after != cfg["more"]:
                err("%s/alert: %r does not follow the alert line" % (name, cfg["more"]))
        if al.first_bp != cfg["agency"]:
            err("%s/alert: not on the agency's site" % name)
        if not (al.date == orig.date and al.time and orig.time and al.time < orig.time):
            err("%s/alert: not earlier the same day than the original (%s vs %s)" % (name, al.stamp, orig.stamp))
        al.length = alen      # the alert has no body: show the sentence's length in the table
        notes["alert"] = "one line, %d %s after the label" % (alen, unit(lang))

        # distractor: same agency, same day, same template and reporter line, another event
        ds = pages["distractor"]
        dcity = check_brief(name, "distractor", ds, cfg)
        if city and dcity != city:
            err("%s/distractor: dateline city %r differs from the original's %r" % (name, dcity, city))
        if ds.date != orig.date or ds.time == orig.time:
            err("%s/distractor: not another brief of the original's day (%s vs %s)" % (name, ds.stamp, orig.stamp))
        same = [s for s in orig.bp if re.search(cfg["report"] + "|" + cfg["standards"], s)
                or s.startswith("©") or s == orig.first_bp
                or (re.search(cfg["share"], s) and re.search(NETWORKS, s))]
        same.append([s for s in orig.bp if s != orig.first_bp][0])   # menu line
        for s in same:
            if s not in ds.bp:
                err("%s/distractor: lacks the original's furniture %r" % (name, s[:40]))
        if ds.head == orig.head:
            err("%s/distractor: same headline as the original" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        notes["distractor"] = "same agency/day, city %s" % dcity

        dates = [pages[r] for r in ORDER if pages[r].date]
        if all(p.numeric for p in dates) or not any(p.numeric for p in dates):
            err("%s: date lines should mix numeric and written formats" % name)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, (p.stamp.strftime("%Y-%m-%d %H:%M") if p.time else str(p.date)),
                         p.length, len(p.g), len(shared), 100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  %s %s (%s)  body=%d %s" % (name, role, p.id, p.date, p.time or "",
                      "numeric" if p.numeric else "written", p.length, unit(lang)))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "alert"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if sorted(langs) != sorted(LANGS):
        err("languages %s, want one story each in %s" % (langs, LANGS))
    if sorted(b or "" for b in beats) != sorted(set(BEATS.values())):
        err("beats %s, want one story on each of %s" % (beats, sorted(set(BEATS.values()))))
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture), shared with the")
    print("story's original; %orig = share of the page's own 5-grams. body = article text without headline")
    print("(words; zh: characters); for the alert, its one line without the FLASH/URGENT label.")
    print("%-28s %-10s %-12s %-16s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "body", "5g",
                                                          "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-10s %-12s %-16s %5d %5d %6d %5.0f%%  %s" % r)
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
