#!/usr/bin/env python3
"""Check blind64 (versions of one article page: amp, print, page 2, update, syndicated copy)
against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

Standard library only.
"""
import datetime
import difflib
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["amp", "print", "page_part", "update", "copy"]
ORDER = ["original"] + KINDS + ["distractor"]
ORIGINAL_PARAS = (7, 9)
ORIGINAL_BODY = (350, 500)          # words, original without its headline
DISTRACTOR_LEN = (220, 480)         # words, article text incl. headline
DISTRACTOR_PARAS = (5, 9)
DISTRACTOR_DAYS = (1, 3)            # days between original and distractor
MAX_DISTRACTOR = 3                  # shared word 5-grams, distractor vs original (article text)
MAX_ADDED = 3                       # shared word 5-grams, an added passage vs original
MIN_PARA_WORDS = 8                  # an article line (not the headline) shorter than this is suspicious
UPDATE_NEW_LEN = (25, 90)           # words of the update's new first paragraph
LANGS = {"en-GB": "en", "nl": "nl", "pl": "pl", "tr": "tr", "ko": "ko", "ru": "ru"}

# Furniture phrases each page kind must show (in labelled furniture), per language, and the
# original site's menu line, which must not appear on the amp and print pages.
MARKERS = {
    "en": {"amp": ["☰", "Open in app", "Back to top", "View desktop version"],
           "print": ["Print this page", "Printed on"],
           "page_part": ["Page 2 of 2", "« Previous page"],
           "update": ["Updated"],
           "copy": ["first appeared on the Harrowfield Courier"],
           "menu": "Home | News | Sport | Business | Property | Opinion | What's On | Jobs | Announcements"},
    "nl": {"amp": ["☰", "Open in de app", "Terug naar boven", "Bekijk de desktopversie"],
           "print": ["Deze pagina afdrukken", "afgedrukt op"],
           "page_part": ["Pagina 2 van 2", "« Vorige pagina"],
           "update": ["Bijgewerkt"],
           "copy": ["verscheen eerder op De Veenbode"],
           "menu": "Home   Nieuws   Wonen   Politiek   Economie   Sport   Cultuur   112   Familieberichten"},
    "pl": {"amp": ["☰", "Otwórz w aplikacji", "Do góry", "Wersja na komputery"],
           "print": ["Drukuj tę stronę", "wydrukowano"],
           "page_part": ["Strona 2 z 2", "« Poprzednia strona"],
           "update": ["Aktualizacja"],
           "copy": ["ukazał się pierwotnie na stronie Gazety Zawierzyńskiej"],
           "menu": "Strona główna | Wiadomości | Region | Sport | Biznes | Kultura | Ogłoszenia | Nekrologi"},
    "tr": {"amp": ["☰", "Uygulamada aç", "Başa dön", "Masaüstü sürümü görüntüle"],
           "print": ["Bu sayfayı yazdır", "Yazdırılma tarihi"],
           "page_part": ["Sayfa 2 / 2", "« Önceki sayfa"],
           "update": ["Güncelleme"],
           "copy": ["ilk olarak Karaçamlı Haber"],
           "menu": "Ana Sayfa | Gündem | Ekonomi | Spor | Yaşam | Eğitim | Sağlık | Yazarlar | Künye"},
    "ko": {"amp": ["☰", "앱에서 보기", "맨 위로", "PC버전으로 보기"],
           "print": ["인쇄하기", "인쇄일"],
           "page_part": ["2 / 2 페이지", "« 이전 페이지"],
           "update": ["수정"],
           "copy": ["서하일보에 먼저 실렸습니다"],
           "menu": "전체기사 | 정치 | 경제 | 사회 | 교육 | 문화 | 스포츠 | 오피니언 | 포토"},
    "ru": {"amp": ["☰", "Открыть в приложении", "Наверх", "Полная версия сайта"],
           "print": ["Распечатать страницу", "Распечатано"],
           "page_part": ["Страница 2 из 2", "« Предыдущая страница"],
           "update": ["Обновлено"],
           "copy": ["впервые опубликован на сайте «Ключевские вести»"],
           "menu": "Главная | Новости | Город | Происшествия | Экономика | Спорт | Афиша | Погода"},
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens are NFC-normalised, lower-cased runs of letters and digits (Latin, Cyrillic, Hangul;
# all six languages put spaces between words). Apostrophes and punctuation split tokens
# (Turkish Karaçamlı'nın -> karaçamlı + nın). Word counts are whitespace-separated items with
# at least one letter or digit.
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def one_sentence(s):
    """No sentence end followed by more text inside the string."""
    # a full stop after a one-letter initial ("Ryszard K.") does not end a sentence
    return not re.search(r"(?<!\s\w)[.!?…](?=[»”\"]?\s+\S)", " " + s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",                                         # en
    "januari februari maart april mei juni juli augustus september oktober november december",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",                                         # nl
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",  # pl
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",               # tr
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",         # ru
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

W = r"([^\W\d_]+)"
DATE_PATTERNS = [
    # 2025.06.09 | 2025-06-10 | 2025. 6. 9.
    ("ymd", True, re.compile(r"(?<![\d.])(\d{4})[-/.]\s?(\d{1,2})[-/.]\s?(\d{1,2})(?![\d])")),
    # 15.04.2025 | 09-04-2025 | 11/03/2025
    ("dmy", True, re.compile(r"(?<![\d.,])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 10 March 2025 | 8 apr. 2025 | 15 kwietnia 2025 | 14 Mayıs 2025 | 17 января 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+" + W + r"\.?,?\s+(\d{4})(?!\d)")),
    # 2025년 6월 10일
    ("ko", False, re.compile(r"(?<!\d)(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일")),
]
TIME = re.compile(r"(?:(오전|오후)\s*)?(?<![\d.,:])(\d{1,2})[:.](\d{2})(?!\d|[.:]\d)")


def find_dates(text):
    """All dates in text: (start, end, date, time or None, numeric)."""
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind in ("ymd", "ko"):
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                else:
                    mon = MONTHS.get(unicodedata.normalize("NFC", b).lower())
                    if not mon:
                        continue
                    d = datetime.date(int(c), mon, int(a))
            except ValueError:
                continue
            found.append([m.start(), m.end(), d, None, numeric])
    found.sort()
    # a time of day right after the date, on the same line, before the next date
    for i, f in enumerate(found):
        stop = min([f[1] + 30] + [g[0] for g in found[i + 1:i + 2]])
        win = text[f[1]:stop].split("\n")[0]
        m = TIME.search(win)
        if m:
            h, mi = int(m.group(2)), int(m.group(3))
            if m.group(1) == "오후" and h < 12:
                h += 12
            if h < 24 and mi < 60:
                f[3] = datetime.time(h, mi)
    return [tuple(f) for f in found]


def find_time(text):
    m = TIME.search(text)
    if not m:
        return None
    h, mi = int(m.group(2)), int(m.group(3))
    if m.group(1) == "오후" and h < 12:
        h += 12
    return datetime.time(h, mi)


def dt(d, t):
    return datetime.datetime.combine(d, t or datetime.time(0, 0))


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added, extra=None):
        self.id, self.role, self.bp, self.added = pid, role, bp, added
        self.extra = extra or {}
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
        self.furniture_lines = []
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            elif cov == len(ln):
                self.furniture_lines.append(ln)
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
        self.dates = find_dates(self.text)
        fd = self.dates[0] if self.dates else None
        self.date = fd[2] if fd else None
        self.time = fd[3] if fd else None
        self.numeric_date = fd[4] if fd else None
        if fd is None:
            err("%s: no date found" % pid)
        elif not self.in_furniture(fd[0], fd[1]):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))

    def in_furniture(self, a, b):
        return any(x <= a and b <= y for x, y in self.spans)

    def furniture(self):
        return "\n".join(self.furniture_lines)

    def dtime(self):
        return dt(self.date, self.time) if self.date else None


def check_markers(name, role, page, phrases):
    fur = page.furniture()
    for ph in phrases:
        if ph not in fur:
            err("%s/%s: furniture lacks %r" % (name, role, ph))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    beats = set()
    for st in labels["stories"]:
        name = st["name"]
        lang = LANGS.get(st["language"])
        if lang is None:
            err("%s: unexpected language %s" % (name, st["language"]))
            continue
        beats.add(st.get("beat"))
        mk = MARKERS[lang]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []), d))
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
        o_lines = orig.article_lines
        o_head, o_paras = o_lines[0], o_lines[1:]
        n = len(o_paras)
        notes = {r: "" for r in ORDER}

        # ---- original
        if orig.added:
            err("%s: original has added strings" % name)
        if not ORIGINAL_PARAS[0] <= n <= ORIGINAL_PARAS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, n, *ORIGINAL_PARAS))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        if orig.time is None:
            err("%s: the original's date line has no time of day" % name)
        notes["original"] = "%d paragraphs, body %d words" % (n, blen)

        # every article line but the headline should be a paragraph, not stray furniture
        for role in ORDER:
            p = pages[role]
            for ln in p.article_lines[1:]:
                if length(ln) < MIN_PARA_WORDS:
                    err("%s/%s: short article line (unlabelled furniture?): %r" % (name, role, ln[:60]))

        # ---- added passages: new against the original
        for role in ORDER:
            for s in pages[role].added:
                k = len(grams(s) & orig.g)
                if k > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, k, s[:50]))

        # ---- amp and print: the original's article text verbatim, nothing added
        for role in ("amp", "print"):
            p = pages[role]
            if p.added:
                err("%s/%s: expected nothing added" % (name, role))
            if p.article_lines != o_lines:
                miss = [i + 1 for i, x in enumerate(o_paras) if x not in p.article_lines]
                err("%s/%s: article text is not the original's verbatim (missing paragraphs %s)"
                    % (name, role, miss))
            if mk["menu"] in p.text:
                err("%s/%s: shows the desktop menu" % (name, role))
            check_markers(name, role, p, mk[role if role == "amp" else "print"])
            if p.date != orig.date:
                err("%s/%s: dated %s, the original %s" % (name, role, p.date, orig.date))
            notes[role] = "headline + %d/%d paragraphs verbatim" % (
                sum(1 for x in o_paras if x in p.article_lines), n)
        pr = pages["print"]
        if not re.search(r"(?m)^https?://\S+\.example/\S+$", pr.furniture()):
            err("%s/print: no printed URL line in the furniture" % name)
        if not any("©" in ln for ln in pr.furniture_lines):
            err("%s/print: no © line" % name)
        last = pr.dates[-1] if pr.dates else None
        if not last or not pr.in_furniture(last[0], last[1]) or last[2] < orig.date:
            err("%s/print: no 'printed on' date on or after the original's date" % name)
        else:
            notes["print"] += ", printed %s" % last[2]

        # ---- page 2 of 2: headline + the second half of the paragraphs, nothing else
        p2 = pages["page_part"]
        if p2.added:
            err("%s/page_part: expected nothing added" % name)
        k = n - (len(p2.article_lines) - 1)
        if not p2.article_lines or p2.article_lines[0] != o_head:
            err("%s/page_part: first article line is not the original's headline" % name)
        elif k not in (n // 2, (n + 1) // 2) or p2.article_lines[1:] != o_paras[k:]:
            err("%s/page_part: article text is not the second half of the original's paragraphs" % name)
        if any(x in p2.text for x in o_paras[:k]):
            err("%s/page_part: holds a paragraph of the first half" % name)
        check_markers(name, "page_part", p2, mk["page_part"])
        if p2.date != orig.date:
            err("%s/page_part: dated %s, the original %s" % (name, p2.date, orig.date))
        notes["page_part"] = "paragraphs %d-%d of %d" % (k + 1, n, n)

        # ---- update: new first paragraph (added), one changed figure, rest verbatim
        up = pages["update"]
        if len(up.added) != 1:
            err("%s/update: expected exactly one added string (the new first paragraph)" % name)
        elif len(up.article_lines) < 2 or up.article_lines[0] != o_head or up.article_lines[1] != up.added[0]:
            err("%s/update: headline + new first paragraph expected at the top" % name)
        else:
            a = length(up.added[0])
            if not UPDATE_NEW_LEN[0] <= a <= UPDATE_NEW_LEN[1]:
                err("%s/update: new paragraph %d words" % (name, a))
            kept = up.kept_lines[1:]
            if len(kept) != n:
                err("%s/update: %d kept paragraphs, the original has %d" % (name, len(kept), n))
            else:
                diff = [(x, y) for x, y in zip(o_paras, kept) if x != y]
                if len(diff) != 1:
                    err("%s/update: %d paragraphs changed (want exactly one, with one figure)" % (name, len(diff)))
                else:
                    x, y = diff[0][0].split(), diff[0][1].split()
                    ops = [o for o in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
                           if o[0] != "equal"]
                    good = (len(ops) == 1 and ops[0][0] == "replace"
                            and ops[0][2] - ops[0][1] <= 3 and ops[0][4] - ops[0][3] <= 3
                            and re.search(r"\d", " ".join(x[ops[0][1]:ops[0][2]]))
                            and re.search(r"\d", " ".join(y[ops[0][3]:ops[0][4]])))
                    if not good:
                        err("%s/update: the changed paragraph differs by more than one figure" % name)
                    else:
                        frm, to = " ".join(x[ops[0][1]:ops[0][2]]), " ".join(y[ops[0][3]:ops[0][4]])
                        cf = up.extra.get("changed_figure", {})
                        if cf and (cf.get("from") not in frm or cf.get("to") not in to):
                            err("%s/update: changed_figure label does not match the text" % name)
                        notes["update"] = "new 1st para, %s -> %s" % (frm, to)
        ul = up.extra.get("updated_line", "")
        if not ul or ul not in up.furniture_lines:
            err("%s/update: updated_line is not a furniture line" % name)
        else:
            check_markers(name, "update", up, mk["update"])
            ud = find_dates(ul)
            ut = ud[0][3] if ud else find_time(ul)
            udate = ud[0][2] if ud else up.date
            if ut is None or udate is None:
                err("%s/update: updated line has no time" % name)
            elif dt(udate, ut) <= orig.dtime():
                err("%s/update: updated %s, not after the original %s" % (name, dt(udate, ut), orig.dtime()))
            else:
                notes["update"] += ", updated %s" % dt(udate, ut).strftime("%m-%d %H:%M")
        if up.date and up.date < orig.date:
            err("%s/update: dated before the original" % name)

        # ---- syndicated copy: verbatim text + one added sentence, another site, later date
        cp = pages["copy"]
        if len(cp.added) != 1 or not one_sentence(cp.added[0]):
            err("%s/copy: expected exactly one added sentence" % name)
        if cp.kept_lines != o_lines:
            err("%s/copy: apart from the added sentence the text is not the original's verbatim" % name)
        fa = cp.extra.get("first_appeared_line", "")
        if not fa or fa not in cp.furniture_lines:
            err("%s/copy: first_appeared_line is not a furniture line" % name)
        check_markers(name, "copy", cp, mk["copy"])
        if cp.bp and orig.bp and cp.bp[0] == orig.bp[0]:
            err("%s/copy: same first furniture line as the original (should be another site)" % name)
        if cp.date and orig.date:
            t = cp.dtime()
            if cp.time is None and cp.date <= orig.date or cp.time is not None and t <= orig.dtime():
                err("%s/copy: dated %s, not after the original %s" % (name, t, orig.dtime()))
        if cp.added:
            line = next((ln for ln in cp.article_lines if cp.added[0] in ln), "")
            notes["copy"] = "added sentence %s" % ("own line" if line == cp.added[0] else "appended")

        # ---- distractor: same site, other event, 1-3 days apart
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        if ds.article_lines and ds.article_lines[0] == o_head:
            err("%s/distractor: has the original's headline" % name)
        dn = len(ds.article_lines) - 1
        if not DISTRACTOR_PARAS[0] <= dn <= DISTRACTOR_PARAS[1]:
            err("%s/distractor: %d paragraphs" % (name, dn))
        if not DISTRACTOR_LEN[0] <= ds.length <= DISTRACTOR_LEN[1]:
            err("%s/distractor: %d words, outside %d-%d" % (name, ds.length, *DISTRACTOR_LEN))
        shared = len(ds.g & orig.g)
        if shared > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, shared, MAX_DISTRACTOR))
        if ds.date and orig.date:
            gap = abs((ds.date - orig.date).days)
            if not DISTRACTOR_DAYS[0] <= gap <= DISTRACTOR_DAYS[1]:
                err("%s/distractor: %d days from the original (want %d-%d)" % (name, gap, *DISTRACTOR_DAYS))
            notes["distractor"] = "%+d days, same site" % (ds.date - orig.date).days

        # ---- dates: the story mixes numeric and written date lines
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats" % name)

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, "%s %s" % (p.date, p.time.strftime("%H:%M") if p.time else "--:--"),
                         p.length, len(p.g), len(sh), 100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  first date %s %s (%s)  words=%d  furniture lines=%d" % (
                    name, role, p.id, p.date, p.time, "numeric" if p.numeric_date else "written",
                    p.length, len(p.furniture_lines)))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role == "distractor":
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    if len(labels["stories"]) != 6 or len(beats) != 6:
        err("expected six stories on six different beats")
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-26s %-10s %-12s %-16s %5s %5s %6s %6s  %s" % ("story", "page", "id", "first date",
                                                            "words", "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-26s %-10s %-12s %-16s %5d %5d %6d %5.0f%%  %s" % r)
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
