#!/usr/bin/env python3
"""Check blind71 (news articles with reader comment sections; en-US, de, pl, pt-BR, tr, ko) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, comments, quotes, added strings, shared 5-grams

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

# Article-text length WITHOUT the headline / thread title (first article line):
# words (whitespace-separated items with a letter or digit); Korean: characters other than whitespace.
RANGES = {
    "original":   ((300, 420), (700, 1000)),
    "light_edit": ((330, 520), (760, 1300)),
    "rewrite":    ((200, 350), (480, 850)),
    "summary":    ((60, 120), (150, 300)),
    "distractor": ((250, 420), (600, 1000)),
}
PARAS_ORIGINAL = (7, 8)
PARAS_DISTRACTOR = (6, 8)
COMMENTS = {"original": (5, 8), "light_edit": (3, 6), "rewrite": (3, 4), "distractor": (4, 8)}
LE_EDITED = (2, 5)            # light_edit: paragraphs with small wording changes
MIN_PARA_SIM = 0.6            # char-trigram Jaccard, light_edit paragraph vs original paragraph
TRIM_SHARE = (0.55, 0.65)     # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10              # shared word 5-grams, rewrite vs original article text
MAX_SUMMARY = 8               # shared word 5-grams, summary vs original ("in their own words")
MAX_ADDED = 3                 # shared word 5-grams, an added passage (not a headline) vs original
MAX_DISTRACTOR = 3            # shared word 5-grams, distractor vs original article text
MIN_FIGURES = 2               # figures of the original the summary must carry
DERIV_DAYS = (0, 2)           # derivatives: same day as the original up to two days later
DISTRACTOR_DAYS = (1, 6)      # distractor: published after the original, in the same (ISO) week

# Per language: comment count line, sort control, controls line ("Reply · Like 12"), relative time,
# "load more" line, the empty-thread prompt, and the forum's per-post "posts" and "joined" lines.
LANG = {
    "en": dict(count=r"^(\d[\d,]*) comments?$", sort=r"^Sort by:", controls=r"^Reply · Like \d+$",
               time=r"\b(?:\d+|an?) (?:minute|hour|day|week)s? ago\b|\bjust now\b",
               more=r"^Load more comments$", first=r"^Be the first to comment",
               posts=r"^Posts: \d[\d,]*$", joined=r"^Joined: (?:19|20)\d\d$"),
    "de": dict(count=r"^(\d[\d.]*) Kommentare?$", sort=r"^Sortieren", controls=r"^Antworten · Gefällt mir \d+$",
               time=r"\bvor (?:\d+|einer|einem) (?:Minuten?|Stunden?|Tag|Tagen)\b",
               more=r"^Weitere Kommentare laden$", first=r"^Schreiben Sie den ersten Kommentar",
               posts=r"^Beiträge: \d[\d.]*$", joined=r"^Registriert: (?:seit )?(?:19|20)\d\d$"),
    "pl": dict(count=r"^(\d+) komentarz(?:y|e)?$", sort=r"^Sortuj", controls=r"^Odpowiedz · Lubię to \d+$",
               time=r"\b\d+ (?:min|godz\.|godzin[ay]?|dni|dzień) temu\b|\bgodzinę temu\b",
               more=r"^(?:Załaduj|Pokaż) więcej komentarzy$", first=r"^Bądź pierwszy",
               posts=r"^Posty: \d[\d ]*$", joined=r"^Dołączył(?:\(a\)|a)?: (?:19|20)\d\d$"),
    "pt": dict(count=r"^(\d[\d.]*) comentários?$", sort=r"^Ordenar", controls=r"^Responder · Curtir \d+$",
               time=r"\bhá (?:\d+|um|uma) (?:minutos?|horas?|dias?)\b",
               more=r"^Carregar mais comentários$", first=r"^Seja o primeiro a comentar",
               posts=r"^Mensagens: \d[\d.]*$", joined=r"^Membro desde: (?:19|20)\d\d$"),
    "tr": dict(count=r"^(\d+) yorum$", sort=r"^Sırala", controls=r"^Yanıtla · Beğen \d+$",
               time=r"\b\d+ (?:dakika|saat|gün) önce\b",
               more=r"^Daha fazla yorum (?:yükle|göster)$", first=r"^İlk yorumu",
               posts=r"^Mesajlar: \d[\d.]*$", joined=r"^Katılım: (?:19|20)\d\d$"),
    "ko": dict(count=r"^댓글 (\d[\d,]*)개?$", sort=r"^(?:정렬|순공감순|최신순)", controls=r"^답글 · 좋아요 \d+$",
               time=r"\d+(?:분|시간|일) 전",
               more=r"^댓글 더보기$", first=r"첫 댓글",
               posts=r"^게시물: \d[\d,]*$", joined=r"^가입일: (?:19|20)\d\d$"),
}

# Per story: words that name the original's event; the distractor's comments mention it in passing.
EVENT_TERMS = {
    "en-harmonfalls-water-rates": ["water rate"],
    "de-hallmersdorf-bruecke": ["Brücke", "Brückensperrung", "Ulfetalbrücke"],
    "pl-trzcianow-lisowka": ["Lisówk", "ryb"],
    "pt-saobento-dengue": ["dengue"],
    "tr-yenikavak-okul": ["Kıranardı"],
    "ko-eunpo-gongjang": ["한결머티리얼즈", "공장"],
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens, lengths
# Word 5-grams: NFC, lower-cased runs of letters and digits (Korean eojeol keep their particles;
# apostrophes and hyphens split tokens; Turkish İ is folded to i).
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    # Turkish dotted capital İ lower-cases to i + combining dot; fold it to a plain i first
    return TOKEN.findall(unicodedata.normalize("NFC", text).replace("İ", "i").lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "ko":
        return sum(1 for c in text if not c.isspace())
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def figures(text):
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


QUOTE = re.compile(r"[„“\"«]([^„“”\"«»]{8,}?)[“”\"»]")
CLOSERS = "\"”“»)’'"


def is_upperish(c):
    return c.isupper() or "\uac00" <= c <= "\ud7a3" or c in "„“\"«"


def n_sentences(text, quotes_as_one=True):
    """Sentences: ends (.!?…) followed by the end or by a space and a capital (or Hangul) letter;
    a last sentence without an end mark counts too. A quoted passage counts as one sentence."""
    t = QUOTE.sub("Q.", text).strip() if quotes_as_one else text.strip()
    n = 0
    for m in re.finditer(r"[.!?…]+", t):
        rest = t[m.end():]
        r1 = rest.lstrip(CLOSERS)
        if not r1.strip():
            n += 1
        elif r1[0].isspace() and is_upperish(r1.lstrip()[0]):
            n += 1
    tail = t.rstrip(CLOSERS + " ")
    if tail and tail[-1] not in ".!?…":
        n += 1
    return n


def at_sentence_bounds(q, lines):
    """q occurs in one of the lines, starting and ending at sentence boundaries."""
    q = q.strip()
    for ln in lines:
        start = 0
        while True:
            k = ln.find(q, start)
            if k < 0:
                break
            start = k + 1
            before = ln[:k].rstrip()
            after = ln[k + len(q):]
            ok_b = before == "" or before[-1] in ".!?…:" + CLOSERS
            if q[-1] in ".!?…":
                ok_a = after == "" or after[0].isspace() or after[0] in CLOSERS
            else:
                ok_a = bool(re.match(r"[.!?…](?:\s|$)", after)) or after == ""
            if ok_b and ok_a:
                return True
    return False


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",     # en
    "jan feb mar apr may jun jul aug sep oct nov dec",                                             # en abbr.
    "januar februar märz april mai juni juli august september oktober november dezember",         # de
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",  # pl
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",   # pt
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",                 # tr
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
MONTHS["sept"] = 9

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<![\d.])(\d{4})[-.](\d{1,2})[-.](\d{1,2})(?!\d)")),
    ("ymd", False, re.compile(r"(?<!\d)(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")),
    ("dmy", True, re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})[./-](\d{4})(?!\d)")),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    ("Mdy", False, re.compile(r"(?<![^\W\d_])([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?![\d.:/])")


def first_date(text, lang):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            g = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(g[0]), int(g[1]), int(g[2]))
                elif kind == "dmy":
                    a, sep, b, y = g
                    if lang == "en" and sep == "/":       # US: month/day/year
                        a, b = b, a
                    d = datetime.date(int(y), int(b), int(a))
                elif kind == "dMy":
                    if g[1].lower() not in MONTHS:
                        continue
                    d = datetime.date(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
                else:
                    if lang != "en" or g[0].lower() not in MONTHS:
                        continue
                    d = datetime.date(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found[0] if found else None


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
        # all non-blank lines with their furniture flag
        self.lines = []
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            self.lines.append((ln.strip(), cov >= len(ln)))
        self.article_lines = [ln for ln, f in self.lines if not f]
        self.furniture_lines = [ln for ln, f in self.lines if f]
        body = "\n".join(self.article_lines)
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            if s not in body:
                err("%s: added string not inside the article text: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        self.head = self.article_lines[0] if self.article_lines else ""
        self.body_lines = self.article_lines[1:]
        self.body_len = length("\n".join(self.body_lines), lang)
        self.g = grams("\n".join(self.article_lines))
        fd = first_date(self.text, lang)
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
            m = TIME.search(self.text[a:b if b >= 0 else len(self.text)])
            if m:
                self.time = "%02d:%s" % (int(m.group(1)), m.group(2))
        self.cs = self.comment_section()

    def comment_section(self):
        """Find the reader-comment section: count line, optional sort control, comments (each closed
        by its controls line), optional 'load more' line. Returns None when there is no count line."""
        cfg = LANG[self.lang]
        L = self.lines
        i0 = next((i for i, (ln, _) in enumerate(L) if re.search(cfg["count"], ln)), None)
        if i0 is None:
            return None
        cs = dict(count=int(re.sub(r"\D", "", re.search(cfg["count"], L[i0][0]).group(1))),
                  sort=False, more=False, first=False, comments=[], problems=[])
        i = i0 + 1
        if i < len(L) and re.search(cfg["sort"], L[i][0]):
            cs["sort"] = True
            i += 1
        end = i0
        block = []
        while i < len(L):
            ln = L[i][0]
            if re.search(cfg["more"], ln):
                cs["more"] = True
                end = i
                break
            if re.search(cfg["first"], ln) and not cs["comments"] and not block:
                cs["first"] = True
                end = i
            block.append(ln)
            if re.search(cfg["controls"], ln):
                cs["comments"].append(self.parse_comment(block[:-1], cs))
                block = []
                end = i
            i += 1
        cs["lines"] = L[i0:end + 1]
        for ln, furn in cs["lines"]:
            if not furn:
                cs["problems"].append("comment-section line is not furniture: %r" % ln[:50])
        return cs

    def parse_comment(self, block, cs):
        rx = LANG[self.lang]["time"]
        if block and re.search(rx, block[0]):
            user, text = re.split(r"\s+·\s+", block[0])[0], block[1:]
        elif len(block) >= 2 and re.search(rx, block[1]):
            user, text = block[0], block[2:]
        else:
            cs["problems"].append("comment without username and relative time: %r" % (block[:1],))
            return dict(user="", text="", quotes=[])
        t = " ".join(text)
        if not t:
            cs["problems"].append("comment by %s has no text" % user)
        elif not 1 <= n_sentences(t) <= 3:
            cs["problems"].append("comment by %s has %d sentences (want 1-3)" % (user, n_sentences(t)))
        return dict(user=user, text=t, quotes=[q.strip() for q in QUOTE.findall(t)])


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st.get("language")
        if lang not in LANG or name not in EVENT_TERMS:
            err("%s: unknown language %s or story not configured" % (name, lang))
            continue
        cfg = LANG[lang]
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
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        o_paras = orig.body_lines
        o_text = "\n".join(orig.article_lines)
        notes = {r: "" for r in ORDER}

        # ------------------------------------------------ lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            if role in RANGES:
                a, b = RANGES[role][1 if lang == "ko" else 0]
                if not a <= p.body_len <= b:
                    err("%s/%s: article length without headline %d outside %d-%d" % (name, role, p.body_len, a, b))
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if not DISTRACTOR_DAYS[0] <= delta <= DISTRACTOR_DAYS[1] or \
                            p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                        err("%s/distractor: dated %s, not later in the original's week (%s)" % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
            for s in p.added:
                if s == p.head:
                    continue            # a new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
            if p.cs is not None:
                for pr in p.cs["problems"]:
                    err("%s/%s: %s" % (name, role, pr))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        def need_cs(role, full):
            p = pages[role]
            cs = p.cs
            if cs is None:
                err("%s/%s: no comment count line" % (name, role))
                return None
            lo, hi = COMMENTS[role]
            if not lo <= len(cs["comments"]) <= hi:
                err("%s/%s: %d comments (want %d-%d)" % (name, role, len(cs["comments"]), lo, hi))
            if cs["count"] < len(cs["comments"]):
                err("%s/%s: count line says %d, page shows %d comments" % (name, role, cs["count"], len(cs["comments"])))
            if full and not (cs["sort"] and cs["more"]):
                err("%s/%s: comment section lacks the sort control or the 'load more' line" % (name, role))
            return cs

        def quoting(cs, lines):
            return [c for c in cs["comments"] if any(at_sentence_bounds(q, lines) for q in c["quotes"])]

        # ------------------------------------------------ original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        if orig.time is None:
            err("%s/original: the date line has no time of day" % name)
        cs = need_cs("original", True)
        if cs:
            qc = quoting(cs, orig.article_lines)
            if len(qc) != 2:
                err("%s/original: %d comments quote a sentence of the article verbatim (want 2)" % (name, len(qc)))
            notes["original"] = "%d paras; %d comments (count %d), %d quoting" % (
                len(o_paras), len(cs["comments"]), cs["count"], len(qc))
            o_users = {c["user"] for c in cs["comments"]}
        else:
            o_users = set()

        # ------------------------------------------------ light_edit
        le = pages["light_edit"]
        if len(le.added) != 2 or le.added[0] != le.head:
            err("%s/light_edit: expected two added strings, the first being the headline" % name)
        elif le.head == orig.head:
            err("%s/light_edit: headline is the original's" % name)
        else:
            if le.added[1] not in le.body_lines:
                err("%s/light_edit: added paragraph is not a whole article line" % name)
            elif le.body_lines.index(le.added[1]) == 0:
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
                notes["light_edit"] = "%d/%d paras edited, min sim %.2f" % (changed, len(o_paras), min(sims))
        cs = need_cs("light_edit", False)
        if cs:
            qc = quoting(cs, le.article_lines)
            if len(qc) != 1:
                err("%s/light_edit: %d comments quote the article (want 1)" % (name, len(qc)))
            common = o_users & {c["user"] for c in cs["comments"]}
            if common:
                err("%s/light_edit: commenters also on the original: %s" % (name, sorted(common)))
            notes["light_edit"] += "; %d comments, %d quoting" % (len(cs["comments"]), len(qc))

        # ------------------------------------------------ trim
        tr = pages["trim"]
        if tr.head != orig.head:
            err("%s/trim: first article line is not the original's headline" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not "\n".join(tr.article_lines).endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if n_sentences(s, False) != 1:
                err("%s/trim: added string is not one sentence" % name)
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        cs = tr.cs
        if cs is None or not cs["first"] or cs["comments"] or cs["count"] != 0:
            err("%s/trim: want a '0 comments' count line, a be-the-first prompt and no comments" % name)
        notes["trim"] = "first %d of %d paras (%.0f%%) + 1 sentence; empty comments" % (k, len(o_paras), 100 * share)

        # ------------------------------------------------ rewrite
        rw = pages["rewrite"]
        if rw.head == orig.head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        nrw = len(rw.g & orig.g)
        if nrw > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, nrw, MAX_REWRITE))
        cs = need_cs("rewrite", False)
        if cs:
            two = [c for c in cs["comments"] for q in c["quotes"]
                   if at_sentence_bounds(q, orig.article_lines) and n_sentences(q, False) == 2
                   and q not in "\n".join(rw.article_lines)]
            if len(two) != 1:
                err("%s/rewrite: %d comments quote two sentences of the original verbatim (want 1)" % (name, len(two)))
            notes["rewrite"] = "%d comments, %d quoting 2 sentences of the original" % (len(cs["comments"]), len(two))

        # ------------------------------------------------ summary (forum thread)
        sm = pages["summary"]
        if sm.head == orig.head or sm.head in sm.added:
            err("%s/summary: thread title must be a rewording (not the headline, not added)" % name)
        if len(sm.added) != 1 or n_sentences(sm.added[0], False) != 1:
            err("%s/summary: expected exactly one added sentence (the opinion)" % name)
        nsm = len(sm.g & orig.g)
        if nsm > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, nsm, MAX_SUMMARY))
        fig = figures("\n".join(sm.body_lines)) & figures(o_text)
        if len(fig) < MIN_FIGURES:
            err("%s/summary: carries %d of the original's figures (want >= %d)" % (name, len(fig), MIN_FIGURES))
        i_title = next((i for i, (ln, f) in enumerate(sm.lines) if not f), 0)
        crumbs = [ln for ln, f in sm.lines[:i_title] if f and len(re.findall(r"\s[›»>]\s", ln)) >= 2]
        fl = "\n".join(sm.furniture_lines).split("\n")
        n_posts = sum(1 for ln in fl if re.search(cfg["posts"], ln.strip()))
        n_joined = sum(1 for ln in fl if re.search(cfg["joined"], ln.strip()))
        if not crumbs or n_posts < 3 or n_joined < 3:
            err("%s/summary: forum furniture missing (breadcrumbs %d, posts lines %d, joined lines %d)"
                % (name, len(crumbs), n_posts, n_joined))
        if sm.cs is not None:
            err("%s/summary: a forum thread has no comment count line" % name)
        notes["summary"] = "%d posts, figures %s" % (n_posts, ",".join(sorted(fig)[:4]))

        # ------------------------------------------------ distractor
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0] or ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: not on the original's site (first/last furniture line differ)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        if ds.head == orig.head:
            err("%s/distractor: same headline as the original" % name)
        if not PARAS_DISTRACTOR[0] <= len(ds.body_lines) <= PARAS_DISTRACTOR[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(ds.body_lines), *PARAS_DISTRACTOR))
        if ds.time is None:
            err("%s/distractor: the date line has no time of day" % name)
        nds = len(ds.g & orig.g)
        if nds > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, nds, MAX_DISTRACTOR))
        cs = need_cs("distractor", True)
        if cs:
            terms = [t.lower() for t in EVENT_TERMS[name]]
            mention = [c for c in cs["comments"] if any(t in c["text"].lower() for t in terms)]
            if not mention:
                err("%s/distractor: no comment mentions the original's event" % name)
            if any(t.lower() in "\n".join(ds.article_lines).lower() for t in EVENT_TERMS[name][:1]):
                err("%s/distractor: its article text names the original's event" % name)
            notes["distractor"] = "%d comments, %d mention the original's event" % (len(cs["comments"]), len(mention))

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.time or "-", p.body_len, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  len=%d%s" % (
                    name, role, p.id, p.date, p.time or "", "numeric" if p.numeric_date else "written",
                    p.body_len, " (with spaces %d)" % len("\n".join(p.body_lines)) if lang == "ko" else ""))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if p.cs:
                    for c in p.cs["comments"]:
                        print("    comment %-22s %s" % (c["user"][:22], "QUOTES: " + " | ".join(q[:60] for q in c["quotes"])
                                                          if c["quotes"] else ""))
                if role in ("rewrite", "summary", "distractor"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture, comments included in furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams;")
    print("len = article text without headline, in words (ko: characters other than whitespace)")
    print("%-28s %-10s %-12s %-10s %-5s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "time", "len",
                                                              "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-10s %-12s %-10s %-5s %5d %5d %5d %5.0f%%  %s" % r)
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
