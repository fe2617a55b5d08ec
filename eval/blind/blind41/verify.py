#!/usr/bin/env python3
"""Check blind41 (pages mixing languages and scripts) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (dates, languages, added strings, shared 5-grams)

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

KINDS = ["copy", "bilingual", "light_edit", "rewrite"]
ROLES = ["original"] + KINDS + ["distractor"]
MAX_REWRITE = 10        # shared word 5-grams, rewrite vs original (article text)
MAX_DISTRACTOR = 3      # shared word 5-grams, distractor vs original (article text)
PARAS_ORIGINAL = (6, 8)
BODY_ORIGINAL = (300, 450)   # words in the original's body (headline excluded)
# article-text length in words (headline included)
RANGES = {"original": (300, 470), "copy": (300, 480), "bilingual": (360, 600),
          "light_edit": (320, 520), "rewrite": (200, 480), "distractor": (150, 450)}
SUMMARY_WORDS = (50, 120)
LIGHT_EDIT_MIN_SIM = 0.6     # char-trigram Jaccard of each kept paragraph with the original's
LONG_FURNITURE = 20          # furniture lines this long must not recur on another site

# What the brief asks for, per story: the article language, the furniture
# languages of each page (all must be present; on mixed pages marked MIXED any
# of them may be the main one, otherwise the first is the main furniture
# language) and the language of the bilingual page's summary.
EXPECT = {
    "cy-llanferwen-school": {
        "article": "cy", "summary": "en",
        "furniture": {"original": ["en", "cy"], "copy": ["cy"], "bilingual": ["en"],
                      "light_edit": ["cy"], "rewrite": ["cy"], "distractor": ["en", "cy"]}},
    "ca-castellfosc-drought": {
        "article": "ca", "summary": "es",
        "furniture": {"original": ["es"], "copy": ["en"], "bilingual": ["es"],
                      "light_edit": ["ca"], "rewrite": ["ca"], "distractor": ["es"]}},
    "ar-bouzrara-olives": {
        "article": "ar", "summary": "en",
        "furniture": {"original": ["fr"], "copy": ["ar"], "bilingual": ["en"],
                      "light_edit": ["fr", "ar"], "rewrite": ["ar"], "distractor": ["fr"]},
        "mixed": ["light_edit"]},
    "hi-mandimitra-funding": {
        "article": "hi", "summary": "en",
        "furniture": {"original": ["en"], "copy": ["hi"], "bilingual": ["en"],
                      "light_edit": ["hi", "en"], "rewrite": ["hi"], "distractor": ["en"]},
        "mixed": ["light_edit"]},
    "uk-pryozersk-ebuses": {
        "article": "uk", "summary": "ru",
        "furniture": {"original": ["ru"], "copy": ["uk"], "bilingual": ["ru"],
                      "light_edit": ["uk"], "rewrite": ["uk"], "distractor": ["ru"]}},
    "ms-kuala-serani-floods": {
        "article": "ms", "summary": "en",
        "furniture": {"original": ["en", "zh"], "copy": ["ms"], "bilingual": ["en"],
                      "light_edit": ["ms", "en"], "rewrite": ["ms"], "distractor": ["en", "zh"]},
        "mixed": ["original", "light_edit", "distractor"]},
}
MIN_LATIN_IN_HINDI = 10      # English words / brand names inside the Hindi original

errors = []


def err(msg):
    errors.append(msg)


def nfc(s):
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------- tokens
# A word is a run of letters, combining marks and digits in any script, so
# Devanagari words (with their vowel signs and virama) and Latin words inside
# a Hindi sentence count alike. ZWJ/ZWNJ stay inside words. Each CJK
# character is a token of its own.
def is_cjk(ch):
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3040 <= o <= 0x30FF


def is_word_char(ch):
    return unicodedata.category(ch)[0] in "LMN" or ch in "\u200c\u200d"


def tokens(text):
    out, cur = [], []
    for ch in nfc(text).lower():
        if is_cjk(ch):
            if cur:
                out.append("".join(cur))
                cur = []
            out.append(ch)
        elif is_word_char(ch):
            cur.append(ch)
        else:
            if cur:
                out.append("".join(cur))
                cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if any(unicodedata.category(c)[0] in "LN" for c in w))


def trigram_sim(a, b):
    a, b = a.lower(), b.lower()
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


# ---------------------------------------------------------------- languages
def script_of(tok):
    for ch in tok:
        n = unicodedata.name(ch, "")
        if n.startswith("ARABIC"):
            return "arabic"
        if n.startswith("DEVANAGARI"):
            return "devanagari"
        if n.startswith("CYRILLIC"):
            return "cyrillic"
        if is_cjk(ch):
            return "cjk"
        if n.startswith("LATIN"):
            return "latin"
    return "other"


WORDS = {
    "en": """the and of to in is was for on with as at by from has have that this are will said its an
        all our your news home share published updated read more advertisement sponsored privacy terms
        subscribe rights reserved sign up about contact latest summary original article posted story skip
        content email newsletter get free every trending follow listen written edited reported topics filed
        under desk previous next language min month cancel any time reproduced permission selection full
        source staff weekly report inbox weekday curates media alerts briefing explainers travel weather
        business deals funding founders events crops markets water most jobs culture sport us""",
    "cy": """y yr yn mae wedi ac ar gan am bod ei eu ond bydd fydd roedd fod sy dros gyda hyn hwn yw ddim mewn
        yma iddi hynny ni hafan newyddion chwaraeon diwylliant rhannu rhannwch hysbyseb cysylltu cysylltwch
        preifatrwydd gwleidyddiaeth barn amdanom postiwyd tagiau sylw blaenorol nesaf ffynhonnell noddwyd
        amser darllen munud cedwir pob hawl cofrestrwch cylchlythyr darllenwch hefyd addysg mewngofnodi
        tanysgrifio bob cwr gymru neidio prif gynnwys gohebydd erthygl hon mwyaf poblogaidd hygyrchedd cyf
        digwyddiadau busnes polisi cwcis oes gennych chi stori ysgolion gwledig celfyddydau pwysicaf bore
        yma cyngor sir ysgol""",
    "es": """y los las por con para se su sus lo es está desde muy pero como más nuestro nuestros tu cada te
        noticias portada inicio actualidad compartir publicidad suscríbete aviso privacidad derechos
        actualizado edición catalán castellano resumen texto publicado boletín semanal sobre gestión quiénes
        somos agua sequía leído utilizamos propias terceros mejorar servicios aceptar todas rechazar
        configurar temas sucesos economía deportes opinión hemeroteca medio ambiente ir contenido principal
        recibe mañana correo gratis puede interesar enlace copiar ediciones regadío depuración entrevistas
        autoría redacción portal""",
    "ca": """els les amb i per és hi ha han va van dels però seva aquest aquesta també des més perquè notícies
        inici actualitat comparteix publicitat avís galetes subscriu rep butlletí divendres redacció
        relacionades opinió esports diari proximitat entra fes subscriptor territori societat economia medi
        ambient llegeix comentaris mitjà contacte privacitat juny pregoner conca xarxa d l s n""",
    "fr": """le la les des du et à au pour sur par une vous nous accueil actualités publicité partager droits
        réservés mentions légales confidentialité lire aussi publié mis jour recevez chaque matin essentiel
        actualité régionale plus lus site utilise cookies offrir meilleure expérience accepte paramétrer
        aller contenu quotidien régional information édition arabe française national régions économie
        société opinions correspondant mots clés suivez réseaux sociaux tous grève transports trafic perturbé
        lundi calendrier dévoilé impose domicile imprimer inscris""",
    "ms": """dan di yang ke untuk dengan ini itu oleh dari pada akan kepada telah daripada bagi atau utama berita
        kongsi iklan hak cipta terpelihara baca juga langgan sumber terkini negeri nasional sukan hiburan
        jenayah politik artikel berkaitan log masuk semasa wilayah ekonomi rencana sebulan kandungan ditaja
        meja malam dunia bisnes pasar dipindahkan sementara pelajar cemerlang dalam pertandingan seramai
        sebanyak katanya berkata selepas sehingga manakala kampung""",
    "ru": """и в на не что чтобы это как для по с к от все права защищены главная новости город происшествия
        транспорт афиша объявления форум перейти содержанию городской портал автор просмотров реклама читайте
        также поделиться скопировать ссылку подписывайтесь наш первыми узнавать новости города комментарии
        оставить комментарий может только зарегистрированный пользователь войти регистрация при копировании
        материалов гиперссылка сайт обязательна теги кратко русском полный текст украинском языке источник
        обзор подготовлен редакцией подпишитесь еженедельную рассылку закупках троллейбусы трамваи
        электробусы статистика новых""",
    "uk": """і й у та що це як для по з до від усі права захищені захищено головна новини місто події транспорт
        економіка спорт культура контакти опубліковано рубрика джерело поширити читайте також поділитися
        коментарі стрічка новин відео реклама на сайті передрук згодою редакції міста урбаністика інтерв'ю
        підкасти підтримати підтримайте незалежне медіа місяць більше за темою партнерський матеріал текст
        нарешті тільки взимку""",
}
WORDS = {k: set(nfc(v).split()) for k, v in WORDS.items()}
RU_LETTERS, UK_LETTERS = set("ыэъё"), set("іїєґ")


def lang_scores(text):
    s = {}
    for tok in tokens(text):
        sc = script_of(tok)
        if sc == "arabic":
            s["ar"] = s.get("ar", 0) + 1
        elif sc == "devanagari":
            s["hi"] = s.get("hi", 0) + 1
        elif sc == "cjk":
            s["zh"] = s.get("zh", 0) + 0.5
        elif sc == "cyrillic":
            if set(tok) & RU_LETTERS:
                s["ru"] = s.get("ru", 0) + 1
            if set(tok) & UK_LETTERS:
                s["uk"] = s.get("uk", 0) + 1
            for lg in ("ru", "uk"):
                if tok in WORDS[lg]:
                    s[lg] = s.get(lg, 0) + 1
        elif sc == "latin":
            for lg in ("en", "cy", "es", "ca", "fr", "ms"):
                if tok in WORDS[lg]:
                    s[lg] = s.get(lg, 0) + 1
    return s


def main_lang(text):
    s = lang_scores(text)
    return max(s, key=lambda k: s[k]) if s else None


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "ionawr chwefror mawrth ebrill mai mehefin gorffennaf awst medi hydref tachwedd rhagfyr",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januari februari mac april mei jun julai ogos september oktober november disember",
    "جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر",
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितम्बर अक्तूबर नवम्बर दिसम्बर",
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "jan feb mac apr mei jun jul ogo sep okt nov dis",
]:
    for i, name in enumerate(nfc(names).split()):
        MONTHS.setdefault(name, i + 1)
MONTHS["sept"] = 9
MON_RX = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})(?:\.|er)?\s+(?:de\s+|d['’]\s*)?(" + MON_RX + r")(?![^\W\d_])\.?,?\s+(?:de\s+)?(\d{4})(?!\d)", re.I)),
    ("Mdy", re.compile(r"(?<![^\W\d_])(" + MON_RX + r")\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)", re.I)),
]


def first_date(text):
    text = nfc(text)
    found = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
                else:
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found[0] if found else None


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
            err("%s: contains CR characters" % pid)
        self.spans = []
        for s in self.bp:
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
        self.furniture_lines = [ln.strip() for s in self.bp for ln in s.split("\n") if ln.strip()]
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
        for s in self.added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        self.added_lines = [s for s in self.added if s.strip() in self.article_lines]
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines))
        self.grams = grams("\n".join(self.article_lines))
        self.fscores = lang_scores("\n".join(self.bp))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    all_pages = []   # (story, role, page)
    for st in labels["stories"]:
        name = st["name"]
        exp = EXPECT.get(name)
        if exp is None:
            err("%s: unknown story" % name)
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
            else:
                pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        for role, p in pages.items():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
            all_pages.append((name, role, p))
        if not all(r in pages for r in ROLES):
            continue

        orig = pages["original"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: [] for r in ROLES}

        # original: paragraphs and body length
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(o_paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), lo, hi))
        body_len = length("\n".join(o_paras))
        a, b = BODY_ORIGINAL
        if not a <= body_len <= b:
            err("%s: original body length %d outside %d-%d" % (name, body_len, a, b))
        notes["original"].append("%d paras, body %d words" % (len(o_paras), body_len))

        # lengths, dates, headlines, furniture languages
        for role in ROLES:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date:
                if role == "distractor":
                    if abs((p.date - orig.date).days) > 1:
                        err("%s/distractor: date %s not within a day of original %s" % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head == o_head:
                    err("%s/%s: derivative has no headline of its own" % (name, role))
                elif head not in p.added:
                    err("%s/%s: headline differs from the original's but is not labelled added" % (name, role))
            if role == "distractor" and p.article_lines and p.article_lines[0] == o_head:
                err("%s/distractor: same headline as the original" % name)
            want = exp["furniture"][role]
            have = {k for k, v in p.fscores.items() if v >= 2}
            missing = [lg for lg in want if lg not in have]
            top = max(p.fscores, key=lambda k: p.fscores[k]) if p.fscores else None
            if missing:
                err("%s/%s: furniture lacks language(s) %s (scores %s)" % (name, role, missing, p.fscores))
            ok_main = want if role in exp.get("mixed", []) else want[:1]
            if top not in ok_main:
                err("%s/%s: main furniture language %s, expected %s" % (name, role, top, "/".join(ok_main)))
            # shown in the table: languages with a real share of the furniture
            shown = [k for k in have if p.fscores[k] >= 0.2 * p.fscores[top]]
            p.flangs = "+".join(sorted(shown, key=lambda k: -p.fscores[k]))
            # article paragraphs in the story's language (added summary aside)
            for ln in p.kept_lines:
                ml = main_lang(ln)
                if ml != exp["article"]:
                    err("%s/%s: article line in %s, expected %s: %r" % (name, role, ml, exp["article"], ln[:50]))

        # English words and brand names inside the Hindi text
        if exp["article"] == "hi":
            lat = [t for t in tokens("\n".join(o_paras)) if script_of(t) == "latin"]
            dev = [t for t in tokens("\n".join(o_paras)) if script_of(t) == "devanagari"]
            if len(lat) < MIN_LATIN_IN_HINDI:
                err("%s: original has only %d Latin-script words" % (name, len(lat)))
            if len(dev) <= len(lat):
                err("%s: original is not mainly Devanagari" % name)
            notes["original"].append("%d Devanagari + %d Latin tokens" % (len(dev), len(lat)))

        # copy: the original's body verbatim; furniture in another main language
        cp = pages["copy"]
        if cp.kept_lines != o_paras:
            err("%s/copy: body is not the original's body verbatim" % name)
        if len(cp.added) != 1:
            err("%s/copy: expected only the headline as added, got %d strings" % (name, len(cp.added)))
        if cp.fscores and orig.fscores and max(cp.fscores, key=cp.fscores.get) == max(orig.fscores, key=orig.fscores.get):
            err("%s/copy: furniture is in the same main language as the original's" % name)

        # bilingual: headline + summary (second language) + the original text verbatim
        bi = pages["bilingual"]
        if bi.kept_lines != [o_head] + o_paras:
            err("%s/bilingual: after the added strings it is not the original headline + body verbatim" % name)
        if len(bi.added) != 2 or len(bi.added_lines) != 2:
            err("%s/bilingual: expected a headline and one summary paragraph as added lines" % name)
        elif bi.article_lines[:2] != bi.added:
            err("%s/bilingual: the summary does not come first" % name)
        else:
            summ = bi.added[1]
            sl = main_lang(summ)
            if sl != exp["summary"]:
                err("%s/bilingual: summary is in %s, expected %s" % (name, sl, exp["summary"]))
            n = length(summ)
            if not SUMMARY_WORDS[0] <= n <= SUMMARY_WORDS[1]:
                err("%s/bilingual: summary has %d words (want %d-%d)" % (name, n, *SUMMARY_WORDS))
            hl = main_lang(bi.added[0])
            notes["bilingual"].append("summary %s, %d words; headline %s" % (sl, n, hl))

        # light edit: one added paragraph, every original paragraph kept with small edits
        le = pages["light_edit"]
        extra = le.added_lines[1:] if le.added_lines[:1] == le.article_lines[:1] else le.added_lines
        if len(extra) != 1:
            err("%s/light_edit: expected exactly one added paragraph, got %d" % (name, len(extra)))
        if len(le.added) != len(le.added_lines):
            err("%s/light_edit: added strings that are not whole lines" % name)
        if len(le.kept_lines) != len(o_paras):
            err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(le.kept_lines), len(o_paras)))
        else:
            changed = []
            for i, (x, y) in enumerate(zip(o_paras, le.kept_lines)):
                sim = trigram_sim(x, y)
                if sim < LIGHT_EDIT_MIN_SIM:
                    err("%s/light_edit: paragraph %d too different (sim %.2f)" % (name, i + 1, sim))
                if x != y:
                    changed.append(i + 1)
            if len(changed) < 2:
                err("%s/light_edit: only %d paragraph(s) edited" % (name, len(changed)))
            where = ""
            if extra:
                k = le.article_lines.index(extra[0].strip())
                where = "; added para after #%d" % (k - 1)
            notes["light_edit"].append("edited paras %s%s" % (",".join(map(str, changed)), where))

        # rewrite: new headline + at least one added fact sentence, heavy rewording
        rw = pages["rewrite"]
        if len(rw.added) < 2:
            err("%s/rewrite: expected a new headline and an added fact sentence" % name)
        inner = [s for s in rw.added if s not in rw.added_lines]
        if not inner:
            err("%s/rewrite: the added fact sentence should sit inside a paragraph" % name)
        notes["rewrite"].append("%d added sentence(s)" % len(inner))
        sr = len(rw.grams & orig.grams)
        if sr > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, sr, MAX_REWRITE))

        # distractor: another event, same site as the original
        ds = pages["distractor"]
        sd = len(ds.grams & orig.grams)
        if sd > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, sd, MAX_DISTRACTOR))
        same = set(ds.furniture_lines) & set(orig.furniture_lines)
        if len(same) < 3:
            err("%s/distractor: only %d furniture lines in common with the original (same site expected)"
                % (name, len(same)))
        notes["distractor"].append("same site: %d shared furniture lines" % len(same))

        for role in ROLES:
            p = pages[role]
            shared = len(p.grams & orig.grams)
            rows.append((name, role, p.id, str(p.date), p.length, len(p.grams), shared,
                         p.flangs, "; ".join(notes[role])))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d  furniture=%s" % (name, role, p.id, p.date, p.length, p.fscores))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(p.grams & orig.grams):
                        print("    shared with original: %s" % " ".join(gr))

    # furniture differs between sites (the original and its distractor share a site)
    def site_key(story, role):
        return (story, "original") if role == "distractor" else (story, role)
    owner = {}
    for story, role, p in all_pages:
        for ln in set(p.furniture_lines):
            if len(ln) < LONG_FURNITURE:
                continue
            k = site_key(story, role)
            if ln in owner and owner[ln] != k:
                err("furniture line on two sites (%s/%s and %s/%s): %r" % (owner[ln] + k + (ln[:50],)))
            owner.setdefault(ln, k)

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture),")
    print("shared with the story's original (any script: Latin, Arabic, Devanagari, Cyrillic)")
    print("%-23s %-11s %-12s %-10s %6s %5s %6s  %-9s %s" % ("story", "page", "id", "date", "words", "5g", "∩orig", "furn.", "notes"))
    for r in rows:
        print("%-23s %-11s %-12s %-10s %6d %5d %6d  %-9s %s" % r)
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
