#!/usr/bin/env python3
"""Check blind69 (stories with embedded social posts, videos and galleries in pl, tr, ja, ko, id, ru).

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, embeds, added strings, shared 5-grams

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

KINDS = ["copy", "trim", "rewrite", "excerpt"]
ORDER = ["original"] + KINDS + ["distractor"]
ORIGINAL_BODY = (300, 450)      # words of article text, original without its headline (post words included)
DISTRACTOR_BODY = (250, 450)    # same for the distractor
REWRITE_LEN = (200, 450)        # rewrite, headline included
ORIGINAL_EMBEDS = (1, 3)        # embeds on the original page
TRIM_SHARE = (0.55, 0.70)       # trim keeps this share of the original's paragraphs
EXCERPT_PARAS = (2, 3)          # excerpt: intro + 1-2 paragraphs
MAX_REWRITE = 10                # shared word 5-grams, rewrite vs original
MAX_DISTRACTOR = 5              # shared word 5-grams, distractor vs original (article text)
MAX_ADDED = 3                   # shared word 5-grams, added passage vs original
DISTRACTOR_DAYS = (1, 3)        # distractor: another event 1-3 days before or after the original
DERIV_DAYS = (0, 3)             # derivatives: after the original, within three days
EMBED_TYPES = {"instagram", "x", "tiktok", "youtube", "telegram", "vk", "facebook", "video", "gallery"}

# Per story: the original outlet's name (the excerpt's "read more" line must name it).
STORY_CFG = {
    "pl-grabnowo-truck-crash": dict(site="Kurier Grabnowski"),
    "tr-dereyaka-captain-retires": dict(site="Dereyaka Haber"),
    "ja-minamitsu-port-dance-video": dict(site="みなみつ新報"),
    "ko-cheongsol-riverside-concert": dict(site="청솔일보"),
    "id-batulembang-regent-post": dict(site="Batu Lembang Pos"),
    "ru-verkhnelessk-chocolate-bar": dict(site="Верхнелесск Онлайн"),
}

# Lines of embed chrome that must never be article text, whatever the page.
CHROME = [re.compile(p) for p in [
    r"pic\.twitter\.com/",                                  # X/Twitter picture link
    r"^\s*[—–-]\s.*\(@[\w.]+\)",                            # X/Twitter "— Name (@handle) date"
    r"^\s*♬",                                               # TikTok music line
    r"^\s*@[\w.]+\s*$",                                     # a bare handle
    r"^\s*\(?\d{1,2}:\d{2}(:\d{2})?\)?\s*$",                # a bare duration
    r"^\s*▶",                                               # player
    r"^\s*(Zdjęcie|Fotoğraf|Foto|Фото|사진|写真)?\s*\d+\s*(/|z|из|dari)\s*\d+\s*$",   # gallery counter
    r"写真\d+枚目",
    r"Wyświetl ten post na Instagramie|Bu gönderiyi Instagram'da gör|この投稿をInstagramで見る|"
    r"Instagram에서 이 게시물 보기|Lihat postingan ini di Instagram|Посмотреть эту публикацию в Instagram",
    r"Post udostępniony przez|tarafından paylaşılan bir gönderi|がシェアした投稿|님의 공유 게시물|"
    r"Sebuah kiriman dibagikan oleh|^Публикация от",
    r"Obejrzyj w YouTube|YouTube'da izle|YouTube で見る|YouTube에서 보기|Tonton di YouTube|Смотреть на YouTube",
    r"^Opublikowany przez",
]]

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens: NFC, lower-cased. Runs of letters/digits; Japanese text (no spaces) is cut into runs of one
# script: kanji (with 々〆ヶ), hiragana, katakana (with ー). Korean and the other languages: runs of
# letters/digits, so a Korean eojeol with its particle is one token.
TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々〆ヶ]+|[\u3041-\u309f]+|[\u30a0-\u30ff]+|"
                   r"[^\W_\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff々〆ヶ]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    """Words: whitespace-separated items with a letter or digit; Japanese: tokens as above."""
    if lang == "ja":
        return len(tokens(text))
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def one_sentence(s):
    s = s.strip()
    return not (re.search(r"[.!?…](?=[»”\"“」)]?\s+\S)", s) or re.search(r"[。！？](?=[」』）]?\S)", s))


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",  # pl
    "sty lut mar kwi maj cze lip sie wrz paź lis gru",                                                    # pl abbr.
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",                         # tr
    "januari februari maret april mei juni juli agustus september oktober november desember",           # id
    "jan feb mar apr mei jun jul agu sep okt nov des",                                                    # id abbr.
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",                  # ru
    "янв фев мар апр мая июн июл авг сен окт ноя дек",                                                    # ru abbr.
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{1,2})(?!\d)")),
    ("ymd", False, re.compile(r"(?<!\d)(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})(?!\d)")),
]
TIME = re.compile(r"(오후|오전|午後|午前)?\s?(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|時)\s?([0-5]\d)(?![\d.:/])")


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
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- pages
def whole_line_positions(text, s):
    """Start offsets where s occurs covering whole lines."""
    out, k = [], text.find(s)
    while k >= 0:
        if (k == 0 or text[k - 1] == "\n") and (k + len(s) == len(text) or text[k + len(s)] == "\n"):
            out.append(k)
        k = text.find(s, k + 1)
    return out


class Page:
    def __init__(self, pid, role, bp, added, embeds, lang, story):
        self.id, self.role, self.bp, self.added, self.embeds, self.lang = pid, role, bp, added, embeds, lang
        where = "%s/%s %s" % (story, role, pid)
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % where)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        self.spans = []
        for s in bp:
            pos = whole_line_positions(self.text, s) if s.strip() else []
            if not pos:
                err("%s: furniture not found as whole line(s): %r" % (where, s[:60]))
                continue
            if len(pos) > 1:
                err("%s: furniture string occurs %d times (want one): %r" % (where, len(pos), s[:60]))
            a, b = pos[0], pos[0] + len(s)
            for (x, y) in self.spans:
                if a < y and x < b:
                    err("%s: furniture labels overlap: %r" % (where, s[:50]))
            self.spans.append((a, b))
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        self.bp_lines = set()
        for s in bp:
            self.bp_lines.update(ln for ln in s.split("\n") if ln.strip())
        # lines that look like embed chrome must be furniture
        for ln in self.article_lines:
            for rx in CHROME:
                if rx.search(ln):
                    err("%s: embed chrome left in article text: %r" % (where, ln[:60]))
                    break
        body = self.article
        for s in added:
            k = self.text.find(s)
            if not s.strip() or k < 0:
                err("%s: added string not found: %r" % (where, s[:60]))
                continue
            if self.text.count(s) != 1:
                err("%s: added string occurs more than once: %r" % (where, s[:60]))
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps furniture: %r" % (where, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        # embeds
        for e in embeds:
            if e.get("type") not in EMBED_TYPES:
                err("%s: unknown embed type %r" % (where, e.get("type")))
            if not e.get("ref"):
                err("%s: embed without ref" % where)
            if not e.get("furniture"):
                err("%s: embed %s has no furniture line" % (where, e.get("ref")))
            for s in e.get("furniture", []):
                if s not in bp:
                    err("%s: embed furniture not in the page's furniture list: %r" % (where, s[:50]))
            for s in e.get("post_text", []):
                if s not in self.article_lines:
                    err("%s: embed post text is not a whole article line: %r" % (where, s[:50]))
        self.refs = {e.get("ref"): e for e in embeds}
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        self.time = None
        if fd is None:
            err("%s: no publication date found" % where)
        else:
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (where, fd[2]))
            a = self.text.rfind("\n", 0, fd[0]) + 1
            b = self.text.find("\n", fd[1])
            m = TIME.search(self.text[a:b if b >= 0 else len(self.text)])
            if m:
                h = int(m.group(2))
                if m.group(1) in ("오후", "午後") and h < 12:
                    h += 12
                self.time = "%02d:%s" % (h, m.group(3))
        self.length = length("\n".join(self.article_lines), lang)
        self.g = grams("\n".join(self.article_lines))

    def when(self):
        return (self.date, self.time)


def embed_lines(e):
    return {ln for s in e.get("furniture", []) for ln in s.split("\n") if ln.strip()}


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    langs = set()
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        langs.add(lang)
        cfg = STORY_CFG.get(name)
        if cfg is None:
            err("%s: no configuration in verify.py" % name)
            continue
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [],
                                  st.get("embeds_of_original", []), lang, name)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []), d.get("embeds", []), lang, name))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [],
                                   st.get("embeds_of_distractor", []), lang, name)
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

        # original: body length, 1-3 embeds, post words in the article text
        if orig.added:
            err("%s: original has added strings" % name)
        blen = length("\n".join(o_paras), lang)
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s/original: body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        ne = len(orig.embeds)
        if not ORIGINAL_EMBEDS[0] <= ne <= ORIGINAL_EMBEDS[1]:
            err("%s/original: %d embeds (want %d-%d)" % (name, ne, *ORIGINAL_EMBEDS))
        if not any(e.get("post_text") for e in orig.embeds):
            err("%s/original: no embedded post whose words the article reports" % name)
        if orig.time is None:
            err("%s/original: the date line has no time of day" % name)
        if st.get("original_site") not in (None, cfg["site"]):
            err("%s: original_site %r differs from verify.py's %r" % (name, st.get("original_site"), cfg["site"]))
        notes["original"] = "%d paragraphs, body %d words, embeds: %s" % (
            len(o_paras), blen, ", ".join(e["type"] for e in orig.embeds))

        # dates: derivatives after the original, distractor 1-3 days apart
        for role in ORDER[1:]:
            p = pages[role]
            if not (p.date and orig.date):
                continue
            delta = (p.date - orig.date).days
            if role == "distractor":
                if not DISTRACTOR_DAYS[0] <= abs(delta) <= DISTRACTOR_DAYS[1]:
                    err("%s/distractor: dated %s, original %s (want 1-3 days apart)" % (name, p.date, orig.date))
            elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                err("%s/%s: dated %s, original %s (want 0-3 days later)" % (name, role, p.date, orig.date))
            elif delta == 0 and not (p.time and orig.time and p.time > orig.time):
                err("%s/%s: same day as the original but not at a later time (%s vs %s)"
                    % (name, role, p.time, orig.time))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # added passages are new text
        for role in KINDS:
            for s in pages[role].added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))

        # copy: own headline, every paragraph verbatim, one added paragraph, embeds re-rendered or dropped
        cp = pages["copy"]
        if not cp.article_lines or cp.article_lines[0] == o_head:
            err("%s/copy: headline is the original's (want the copy site's own)" % name)
        if len(cp.added) != 1:
            err("%s/copy: expected exactly one added string" % name)
        elif cp.added[0] not in cp.article_lines[1:]:
            err("%s/copy: the added string is not a whole paragraph of the body" % name)
        if cp.kept_lines[1:] != o_paras:
            err("%s/copy: body is not the original's paragraphs verbatim and in order" % name)
        same = []
        for ref, e in orig.refs.items():
            if ref in cp.refs and embed_lines(cp.refs[ref]) & embed_lines(e):
                same.append(ref)
        if same:
            err("%s/copy: embeds rendered with the original's chrome: %s" % (name, same))
        dropped = [orig.refs[r]["type"] for r in orig.refs if r not in cp.refs]
        notes["copy"] = "added para #%d, embeds %s%s" % (
            cp.article_lines.index(cp.added[0]) if cp.added and cp.added[0] in cp.article_lines else -1,
            ", ".join(e["type"] for e in cp.embeds) or "none",
            ("; dropped " + ", ".join(dropped)) if dropped else "")

        # trim: original headline, first 55-70% of the paragraphs verbatim, one added sentence at the end
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

        # rewrite: own headline and words, nothing added
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if not REWRITE_LEN[0] <= rw.length <= REWRITE_LEN[1]:
            err("%s/rewrite: %d words, outside %d-%d" % (name, rw.length, *REWRITE_LEN))
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        same_posts = [e["type"] for r, e in rw.refs.items() if r in orig.refs]
        notes["rewrite"] = "%d 5-grams shared; embeds the same %s" % (n, ", ".join(same_posts) or "nothing")

        # excerpt: headline + intro + 1-2 paragraphs verbatim, "read more at <original site>"
        ex = pages["excerpt"]
        kx = len(ex.article_lines) - 1
        if ex.added:
            err("%s/excerpt: expected no added strings" % name)
        if not (EXCERPT_PARAS[0] <= kx <= EXCERPT_PARAS[1] and ex.article_lines == [o_head] + o_paras[:kx]):
            err("%s/excerpt: article text is not the headline + intro + 1-2 paragraphs verbatim" % name)
        if not any(cfg["site"] in s for s in ex.bp):
            err("%s/excerpt: no furniture line naming the original site %r" % (name, cfg["site"]))
        notes["excerpt"] = "headline + first %d paragraphs" % kx

        # distractor: same site, another event, embeds of its own
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0] or ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: not on the original's site (first/last furniture differ)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        dlen = length("\n".join(ds.article_lines[1:]), lang)
        if not DISTRACTOR_BODY[0] <= dlen <= DISTRACTOR_BODY[1]:
            err("%s/distractor: body %d words, outside %d-%d" % (name, dlen, *DISTRACTOR_BODY))
        if not ds.embeds:
            err("%s/distractor: no embeds" % name)
        if set(ds.refs) & set(orig.refs):
            err("%s/distractor: embeds the original's posts" % name)
        shared = ds.g & orig.g
        if len(shared) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, len(shared), MAX_DISTRACTOR))
        notes["distractor"] = "%+d days, body %d words, embeds: %s" % (
            (ds.date - orig.date).days if ds.date and orig.date else 0, dlen,
            ", ".join(e["type"] for e in ds.embeds))

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name[:30], role, p.id, str(p.date), p.time or "-", p.length, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  words=%d" % (name, role, p.id, p.date, p.time or "",
                      "numeric" if p.numeric_date else "written", p.length))
                for e in p.embeds:
                    print("    embed %-9s %s | %d furniture, %d post lines" % (
                        e["type"], e["ref"], len(e["furniture"]), len(e["post_text"])))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)
    if len(langs) != len(labels["stories"]):
        err("each story should be in another language")

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-30s %-10s %-12s %-10s %-5s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "time", "words",
                                                              "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-30s %-10s %-12s %-10s %-5s %5d %5d %5d %5.0f%%  %s" % r)
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
