#!/usr/bin/env python3
"""Check blind75 (news reposted in discussion forums and message boards) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams, posts, quoted sentence

Standard library only.

Tokens: NFKC-normalised, lower-cased. For en, de, es, ru, it a token is a run of letters/digits
(apostrophes and hyphens split tokens). For Japanese a token is a run of one script: kanji (with 々〆),
hiragana, katakana (with ー), or Latin letters/digits; punctuation separates tokens.
Lengths: words (whitespace-separated items with a letter or digit); Japanese: characters other than
whitespace.
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

# article-text length (headline included where the page has one): (words, Japanese characters)
RANGES = {
    "original":   ((310, 440), (620, 1050)),
    "light_edit": ((340, 520), (680, 1200)),
    "trim":       ((150, 330), (330, 800)),
    "rewrite":    ((200, 380), (450, 950)),
    "summary":    ((60, 120), (150, 300)),
    "distractor": ((250, 440), (500, 1000)),
}
ORIGINAL_BODY = ((300, 420), (600, 1000))   # original without its headline
PARAS = (6, 8)                  # paragraphs of the original (headline aside)
LE_EDITED = (3, 5)              # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)       # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                # shared 5-grams with the original: rewrite, summary
MAX_DISTRACTOR = 3              # shared 5-grams, distractor vs original
MAX_ADDED = 3                   # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6              # char-trigram Jaccard, light_edit paragraph vs original paragraph
REPLIES = (3, 6)                # replies under the first post of each thread
DERIV_DAYS = (0, 2)             # threads: same day as the original up to two days later
DISTRACTOR_DAYS = (1, 14)       # distractor: another day, within two weeks
MIN_SHARED_NAMES = 2            # names shared by original and distractor (article text)

# Forum software styles. For each style and language: the line that opens every post (OP and replies)
# and the action line(s) repeated under every reply.
STYLES = {
    "phpbb": {
        "en": (r"^Post by \S.* » \w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2}$", r"^Quote · Report$"),
        "de": (r"^Beitrag von \S.* » \w{2} \d{1,2}\. \w{3} \d{4}, \d{2}:\d{2}$", r"^Zitieren \| Melden$"),
        "es": (r"^Mensaje por \S.* » \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$", r"^Citar · Reportar$"),
        "ru": (r"^Сообщение \S.* » \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$", r"^Цитата · Жалоба$"),
        "it": (r"^Messaggio da \S.* » \w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$", r"^Cita · Segnala$"),
    },
    "vbulletin": {
        "en": (r"^\d{2}-\d{2}-\d{4}, \d{2}:\d{2}   #\d+$", r"^Reply With Quote$"),
        "de": (r"^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}   #\d+$", r"^Mit Zitat antworten$"),
        "es": (r"^\d{2}/\d{2}/\d{4}, \d{2}:\d{2}   #\d+$", r"^Responder Con Cita$"),
        "ja": (r"^\d{4}年\d{2}月\d{2}日, \d{2}:\d{2}   #\d+$", r"^引用付きで返信$"),
    },
    "discourse": {
        "en": (r"^[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2}[ap]m$", r"^Reply$"),
        "es": (r"^\d{1,2} de \w+ de \d{4}, \d{2}:\d{2}$", r"^Responder$"),
        "ru": (r"^\d{1,2} \w+ \d{4} г\., \d{2}:\d{2}$", r"^Ответить$"),
        "ja": (r"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$", r"^返信$"),
        "it": (r"^\d{1,2} \w+ \d{4}, \d{2}:\d{2}$", r"^Rispondi$"),
    },
    "reddit": {
        "en": (r"^(Posted by u/\S+|u/\S+) · \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$", r"^⇧ \d+ ⇩ · Reply"),
        "de": (r"^(Gepostet von u/\S+|u/\S+) · \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$", r"^▲ \d+ ▼ · Antworten"),
        "ru": (r"^(Автор: @\S+|@\S+) · \d{1,2} \w+ \d{4} в \d{2}:\d{2}$", r"^\+\d+ · Ответить"),
        "ja": (r"^(投稿者: u/\S+|u/\S+) · \d{4}/\d{2}/\d{2} \d{2}:\d{2}$", r"^△ \d+ ▽ · 返信"),
        "it": (r"^(Pubblicato da u/\S+|u/\S+) · \d{1,2} \w{3} \d{4} alle \d{2}:\d{2}$", r"^▲ \d+ ▼ · Rispondi"),
    },
    "oldboard": {
        "de": (r"^Beitrag #\d+ von .+ am \d{2}\.\d{2}\.\d{4} um \d{2}:\d{2} Uhr$", r"^\[Antworten\] \[Zitieren\] \[Melden\]$"),
        "es": (r"^Mensaje nº \d+ \| Escrito por: .+ \| \d{2}/\d{2}/\d{4} - \d{2}:\d{2}$", r"^\[ Responder \] \[ Citar \]$"),
        "ru": (r"^Запись №\d+ \| .+ \| \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$", r"^\[Ответить\] \[Цитировать\]$"),
        "ja": (r"^\d+ ：.+：\d{4}/\d{2}/\d{2}\(.\) \d{2}:\d{2}:\d{2}\.\d{2} ID:\S+$", None),
        "it": (r"^Messaggio n\. \d+ – scritto da .+ il \d{2}/\d{2}/\d{4} alle \d{2}:\d{2}$", r"^\[Rispondi\] \[Cita\] \[Segnala\]$"),
    },
}

# Per story: forum style of each derivative, names that original and distractor share.
STORY_CFG = {
    "en-mill-lane-depot": dict(
        styles={"light_edit": "phpbb", "trim": "vbulletin", "rewrite": "discourse", "summary": "reddit"},
        names=["Wolds & Vale Buses", "Priya Ramsden", "Fiona Lockwood", "Kettleby", "Brackenbury"]),
    "de-freibad-oberweilbach": dict(
        styles={"light_edit": "oldboard", "trim": "phpbb", "rewrite": "reddit", "summary": "vbulletin"},
        names=["Kästner", "Velten", "Oberweilbach", "Stadtrat"]),
    "es-cortes-agua-cerezal": dict(
        styles={"light_edit": "vbulletin", "trim": "discourse", "rewrite": "oldboard", "summary": "phpbb"},
        names=["Marisa Olmedo", "Aguas del Cerezal", "Tomás Iriarte", "Villanueva del Cerezal"]),
    "ru-teplotrassa-severogorsk": dict(
        styles={"light_edit": "discourse", "trim": "reddit", "rewrite": "phpbb", "summary": "oldboard"},
        names=["Кулагин", "Северогорск", "теплосетевой компании", "Широков"]),
    "ja-maruei-depato": dict(
        styles={"light_edit": "reddit", "trim": "oldboard", "rewrite": "vbulletin", "summary": "discourse"},
        names=["大森恵美子", "湊川市", "丸栄"]),
    "it-pronto-soccorso-roccafredda": dict(
        styles={"light_edit": "reddit", "trim": "phpbb", "rewrite": "oldboard", "summary": "discourse"},
        names=["Carlo Benvenuti", "Lucia Terranova", "Roccafredda", "Santa Maria"]),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens, lengths
TOKEN = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf\u3005\u3006]+"
    r"|[\u3041-\u3096]+"
    r"|[\u30a1-\u30fa\u30fc]+"
    r"|[^\W_\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\u3400-\u4dbf\u3005\u3006]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "ja":
        return sum(1 for c in text if not c.isspace())
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def sentences(par, lang):
    if lang == "ja":
        parts = re.split(r"(?<=。)", par)
    else:
        parts = re.split(r"(?<=[.!?…])[”»“\"]?\s+", par)
    out = []
    for s in parts:
        s = s.strip().lstrip("“„«「\"")
        if (lang == "ja" and len(s) >= 15) or (lang != "ja" and len(s.split()) >= 6):
            out.append(s)
    return out


def one_sentence(s, lang):
    if lang == "ja":
        return s.count("。") <= 1 and not re.search(r"。.", s.strip())
    return not re.search(r"[.!?…][”»\"]?\s+\S", s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "янв фев мар апр май июн июл авг сен окт ноя дек",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")),
    ("ymd", False, re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    ("Mdy", False, re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|h|時)\s?([0-5]\d)(?![\d.])\s?([ap]m)?")


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
                else:
                    if a.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added, lang):
        self.id, self.role, self.bp, self.added, self.lang = pid, role, bp, added, lang
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        t = self.text
        self.spans = []
        for s in bp:
            k = t.find(s)
            if not s or k < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            a, b = k, k + len(s)
            if not (a == 0 or t[a - 1] == "\n") or not (b == len(t) or t[b] == "\n"):
                err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (pid, s[:50]))
            for (x, y) in self.spans:
                if a < y and x < b:
                    err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
            self.spans.append((a, b))
        # lines: (start, end, text, is_furniture)
        self.lines = []
        pos = 0
        for ln in t.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if ln.strip() and 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            self.lines.append((a, b, ln.strip(), cov > 0))
        bpl = {x.strip() for s in bp for x in s.split("\n") if x.strip()}
        for a, b, ln, fur in self.lines:
            if ln and not fur and ln in bpl:
                err("%s: line equal to a furniture line is left as article text: %r" % (pid, ln[:50]))
        self.article_lines = [ln for a, b, ln, fur in self.lines if ln and not fur]
        self.art_start = min((a for a, b, ln, fur in self.lines if ln and not fur), default=0)
        self.art_end = max((b for a, b, ln, fur in self.lines if ln and not fur), default=0)
        self.article = "\n".join(self.article_lines)
        kept = self.article
        for s in added:
            k = t.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if self.in_furniture(k, k + len(s), any_overlap=True):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            kept = kept.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in kept.split("\n") if ln.strip()]
        fd = first_date(t)
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        self.time = None
        if fd is None:
            err("%s: no date found" % pid)
        else:
            if not self.in_furniture(fd[0], fd[1]):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
            a = t.rfind("\n", 0, fd[0]) + 1
            b = t.find("\n", fd[1])
            m = TIME.search(t[a:b if b >= 0 else len(t)])
            if m:
                hh = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0) if m.group(3) else int(m.group(1))
                self.time = "%02d:%s" % (hh, m.group(2))
        self.length = length(self.article, lang)
        self.g = grams(self.article)

    def in_furniture(self, a, b, any_overlap=False):
        if any_overlap:
            return any(a < y and x < b for x, y in self.spans)
        return any(x <= a and b <= y for x, y in self.spans)


def check_thread(name, kind, p, style, orig, notes):
    """Forum furniture: posts, replies, actions, a reply quoting the original verbatim."""
    lang = p.lang
    if lang not in STYLES.get(style, {}):
        err("%s/%s: no %s style for language %s" % (name, kind, style, lang))
        return
    post_rx, action_rx = (re.compile(x) if x else None for x in STYLES[style][lang])
    heads = [(a, ln, fur) for a, b, ln, fur in p.lines if ln and post_rx.search(ln)]
    for a, ln, fur in heads:
        if not fur:
            err("%s/%s: post header line not labelled as furniture: %r" % (name, kind, ln[:50]))
    # post header formats differ between forums and languages: no line of the page matches the
    # post header of another style, or of the same style in another language
    for other, per in STYLES.items():
        for lg, (rx, _) in per.items():
            if (other, lg) == (style, lang):
                continue
            if any(re.search(rx, ln) for a, b, ln, fur in p.lines if ln):
                err("%s/%s: a line matches the %s/%s post header too" % (name, kind, other, lg))
    if not heads:
        err("%s/%s: no post headers found for style %s" % (name, kind, style))
        return
    if heads[0][0] > p.art_start:
        err("%s/%s: first post header is not before the first post's text" % (name, kind))
    replies = heads[1:]
    if any(a < p.art_end for a, ln, fur in replies):
        err("%s/%s: a reply header lies inside the first post's text" % (name, kind))
    if not REPLIES[0] <= len(replies) <= REPLIES[1]:
        err("%s/%s: %d replies (want %d-%d)" % (name, kind, len(replies), *REPLIES))
    if action_rx is not None:
        acts = [a for a, b, ln, fur in p.lines if ln and action_rx.search(ln) and a > p.art_end]
        if len(acts) < len(replies):
            err("%s/%s: %d action lines for %d replies" % (name, kind, len(acts), len(replies)))
        if any(not fur for a, b, ln, fur in p.lines if ln and action_rx.search(ln)):
            err("%s/%s: action line not labelled as furniture" % (name, kind))
    if not replies:
        return
    region_start = replies[0][0]
    quoted = None
    for s in [x for par in orig.article_lines for x in sentences(par, lang)]:
        k = p.text.find(s, region_start)
        while k >= 0:
            if p.in_furniture(k, k + len(s)):
                quoted = s
                break
            k = p.text.find(s, k + 1)
        if quoted:
            break
    if quoted is None:
        err("%s/%s: no reply quotes a sentence of the original verbatim" % (name, kind))
    notes.append("%s, %d replies" % (style, len(replies)))
    if VERBOSE and quoted:
        print("    [%s] reply quotes: %s" % (kind, quoted[:100]))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        cfg = STORY_CFG.get(name)
        if cfg is None:
            err("%s: no configuration in verify.py" % name)
            continue
        J = 1 if lang == "ja" else 0
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [], lang)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []),
                                                        d.get("added", []), lang))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [], lang)
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
        notes = {r: [] for r in ORDER}

        # original
        if not PARAS[0] <= len(o_paras) <= PARAS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS))
        blen = length("\n".join(o_paras), lang)
        lo, hi = ORIGINAL_BODY[J]
        if not lo <= blen <= hi:
            err("%s: original body %d %s, outside %d-%d" % (name, blen, "chars" if J else "words", lo, hi))
        if orig.time is None:
            err("%s/original: date line has no time of day" % name)
        notes["original"].append("%d paragraphs, body %d" % (len(o_paras), blen))

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            lo, hi = RANGES[role][J]
            if not lo <= p.length <= hi:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, lo, hi))
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if not DISTRACTOR_DAYS[0] <= abs(delta) <= DISTRACTOR_DAYS[1]:
                        err("%s/distractor: dated %s, original %s" % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
            for s in p.added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
            if role in ("original", "distractor") and p.added:
                err("%s/%s: expected no added strings" % (name, role))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # light_edit: the whole article (headline + paragraphs), 3-5 paragraphs reworded, one added
        # paragraph of the poster's own inside the post (not first, not last)
        le = pages["light_edit"]
        if len(le.added) != 1:
            err("%s/light_edit: expected exactly one added string" % name)
        else:
            s = le.added[0]
            if s not in le.article_lines:
                err("%s/light_edit: added passage is not a whole paragraph" % name)
            else:
                i = le.article_lines.index(s)
                if i in (0, 1) or i == len(le.article_lines) - 1:
                    err("%s/light_edit: added paragraph is not inside the post (position %d)" % (name, i))
            kept = le.kept_lines
            if len(kept) != len(orig.article_lines):
                err("%s/light_edit: %d kept lines, original has %d" % (name, len(kept), len(orig.article_lines)))
            else:
                sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(kept, orig.article_lines)]
                changed = sum(1 for x, y in zip(kept, orig.article_lines) if x != y)
                if min(sims) < MIN_PARA_SIM:
                    err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                        % (name, sims.index(min(sims)), min(sims)))
                if not LE_EDITED[0] <= changed <= LE_EDITED[1]:
                    err("%s/light_edit: %d paragraphs edited (want %d-%d)" % (name, changed, *LE_EDITED))
                notes["light_edit"].append("%d edited, min sim %.2f" % (changed, min(sims)))

        # trim: headline + first 55-70 % of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not tr.article.endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s, lang):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines != orig.article_lines[:k + 1]:
            err("%s/trim: kept text is not the original's headline and first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"].append("first %d of %d (%.0f%%)" % (k, len(o_paras), 100 * share))

        # rewrite: own words, one added background paragraph
        rw = pages["rewrite"]
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        if len(rw.added) != 1 or rw.added[0] not in rw.article_lines:
            err("%s/rewrite: expected one added string, a whole paragraph" % name)
        if o_head in rw.article_lines:
            err("%s/rewrite: carries the original's headline" % name)

        # summary: short, own words, one added opinion sentence
        sm = pages["summary"]
        n = len(sm.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        if len(sm.added) != 1 or not one_sentence(sm.added[0], lang):
            err("%s/summary: expected exactly one added sentence" % name)

        # distractor: same outlet (first and last furniture line), another event, little shared text
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0] or ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: not in the original's site template (first/last furniture line)" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        shared_names = [x for x in cfg["names"] if x in orig.article and x in ds.article]
        if len(shared_names) < MIN_SHARED_NAMES:
            err("%s/distractor: only %d names shared with the original" % (name, len(shared_names)))
        notes["distractor"].append("%+d days, names: %s" % ((ds.date - orig.date).days if ds.date and orig.date else 0,
                                                             ", ".join(shared_names)))

        # forum threads
        styles = cfg["styles"]
        if len(set(styles.values())) != 4:
            err("%s: the four threads should use four different forum styles" % name)
        for kind in KINDS:
            check_thread(name, kind, pages[kind], styles[kind], orig, notes[kind])

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.time or "-", p.length, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), "; ".join(notes[role])))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  len=%d" % (name, role, p.id, p.date, p.time or "",
                      "numeric" if p.numeric_date else "written", p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "summary", "distractor"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("article text = page minus labelled furniture; len in words (ja: characters); 5g = distinct word")
    print("5-grams of the article text; ∩orig = shared with the story's original")
    print("%-31s %-10s %-12s %-10s %-5s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "time", "len",
                                                              "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-31s %-10s %-12s %-10s %-5s %5d %5d %5d %5.0f%%  %s" % r)
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
