#!/usr/bin/env python3
"""Check blind76 (live blogs and their copies: en-US, fr, nl, pt-PT, pl, zh-Hans) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, time lines, added strings, shared 5-grams

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
# article-text length (headline included) in words: whitespace-separated items with a letter or
# digit; for Chinese in tokens (Han characters plus Latin/digit runs), ranges scaled by ZH_FACTOR
RANGES = {"original": (300, 420), "light_edit": (320, 500), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (250, 440)}
ZH_FACTOR = 1.8
ENTRIES = {"original": (8, 12), "distractor": (7, 12)}   # timestamped entries on a live page
KEYPOINTS = (2, 4)               # bullets in the summary box
ENTRY_LINES = (1, 4)             # article lines per entry: optional title + 1-3 paragraphs
LE_EDITED = (3, 5)               # light_edit: lines with small wording changes
MIN_LINE_SIM = 0.6               # char-trigram Jaccard, light_edit line vs original line
TRIM_ENTRIES = (5, 7)            # trim keeps the n latest entries
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_SUMMARY = 10                 # shared 5-grams, summary vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
DERIV_DAYS = (0, 2)              # derivatives: same day as the original up to two days later
DISTRACTOR_DAYS = 1              # distractor: the next day

# Per story: the live page's badge, key-points label, pinned label and per-entry share line (all
# furniture, shared by original and distractor); the snapshot time ("now", HH:MM, 24 h) that
# relative time lines ("10 min ago", "6 min temu") resolve against on the original and the
# distractor; `chrono`: phrases that occur in the original's entries and in the rewrite, in the
# order the events happened (so reversed on the live page, in order in the rewrite); `names`:
# names that both the original and the distractor mention.
STORY_CFG = {
    "en-portcalder-runoff-live": dict(
        badge="● LIVE", key="What to know", pinned="Pinned", share="Share this post",
        now="23:58", now_distractor="23:40",
        chrono=["40 minutes", "18,000", "31,000", "Lowell Street", "Tidewater", "11:35"],
        names=["Dellinger", "Port Calder"]),
    "fr-montverac-greve-direct": dict(
        badge="EN DIRECT", key="L'essentiel", pinned="Épinglé", share="Partager cette publication",
        now=None, now_distractor=None,
        chrono=["Léa", "47 %", "Bellecombe", "85 000", "Arnaudet", "Verrerie", "Bensaïd"],
        names=["Mouvéo", "Montvérac"]),
    "nl-haverveen-marathon-live": dict(
        badge="LIVE", key="In het kort", pinned="Vastgepind", share="Deel dit bericht",
        now=None, now_distractor=None,
        chrono=["4.200", "22 graden", "1:03.30", "Rotich", "Bekele", "Rode Kruis", "Marleen Bosch"],
        names=["Haverveen", "Grote Markt"]),
    "pt-serrabela-acordao-direto": dict(
        badge="EM DIRETO", key="Pontos-chave", pinned="Fixado", share="Partilhar esta publicação",
        now=None, now_distractor=None,
        chrono=["60 lugares", "900 páginas", "Quintela", "Inês Falcão", "Rui Sampaio"],
        names=["Rui Sampaio", "Serrabela"]),
    "pl-debowawola-powodz-relacja": dict(
        badge="RELACJA NA ŻYWO", key="Najważniejsze informacje", pinned="Przypięty wpis",
        share="Udostępnij ten wpis", now="18:20", now_distractor="17:55",
        chrono=["110 mm", "worki z piaskiem", "612 cm", "Sadowska", "23 dzieci", "781", "640 cm", "WOT"],
        names=["IMGW", "Zawierzyn"]),
    "zh-qiqiong-launch-live": dict(
        badge="● 直播中", key="要点速览", pinned="置顶", share="分享本条：微信 | 微博 | 复制链接",
        now=None, now_distractor=None,
        chrono=["高空", "上千名", "一小时", "一二级分离", "帆板", "九月"],
        names=["南屿"]),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens and lengths
# Lower-cased NFC; a Han character is one token, other tokens are runs of letters and digits
# (apostrophes, hyphens, dots and commas split: "Dellinger's" -> dellinger + s, "20,120" -> 20 + 120).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(r"[%s]|[^\W_%s]+" % (HAN, HAN))


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "zh":
        return len(tokens(text))
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def rng(role, lang):
    a, b = RANGES[role]
    if lang == "zh":
        return round(a * ZH_FACTOR), round(b * ZH_FACTOR)
    return a, b


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def one_sentence(s):
    """No sentence end followed by more text inside the string."""
    s = s.strip()
    return not (re.search(r"[.!?…](?=[»”\"’]?\s+\S)", s) or re.search(r"[。！？](?=[”」』]?\S)", s))


# ---------------------------------------------------------------- dates and times
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",     # en
    "jan feb mar apr may jun jul aug sep oct nov dec",                                             # en abbr.
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",       # fr
    "januari februari maart april mei juni juli augustus september oktober november december",    # nl
    "jan feb mrt apr mei jun jul aug sep okt nov dec",                                             # nl abbr.
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",   # pt
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",  # pl
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
MONTHS["sept"] = 9

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", False, re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")),
    # 11/05/2025 (m/d/y in the US pages), 13/03/2025, 16.09.2025, 05-04-2025 (d/m/y elsewhere)
    ("dmy", True, re.compile(r"(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 13 mars 2025 | 5 april 2025 | 14 de maio de 2025 | 16 września 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    # Nov. 4, 2025 | November 5, 2025
    ("Mdy", False, re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)")),
]


def first_date(text, lang):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    if lang == "en":
                        d = datetime.date(int(c), int(a), int(b))
                    else:
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


# bare time lines of live entries: "11:02 PM", "17h46", "12:35", "9:30", "10 min ago", "6 min temu"
ABS_12 = re.compile(r"^(\d{1,2}):(\d{2})\s?([AP]M)$")
ABS_24 = re.compile(r"^(\d{1,2})[:h.](\d{2})$")
REL = [(re.compile(r"^(\d+)\s?(?:min|mins|minutes) ago$"), 1),
       (re.compile(r"^(\d+)\s?(?:hr|hrs|hour|hours) ago$"), 60),
       (re.compile(r"^(\d+)\s?min\.? temu$"), 1),
       (re.compile(r"^(\d+)\s?godz\.? temu$"), 60),
       (re.compile(r"^há (\d+)\s?min$"), 1),
       (re.compile(r"^(\d+)\s?分钟前$"), 1)]


def is_time_line(s):
    return bool(ABS_12.match(s) or ABS_24.match(s) or any(rx.match(s) for rx, _ in REL))


def minutes(s, now):
    """Minutes after midnight of a time line; relative stamps resolve against `now` (HH:MM)."""
    m = ABS_12.match(s)
    if m:
        h = int(m.group(1)) % 12 + (12 if m.group(3) == "PM" else 0)
        return h * 60 + int(m.group(2))
    m = ABS_24.match(s)
    if m:
        return int(m.group(1)) * 60 + int(m.group(2))
    for rx, mult in REL:
        m = rx.match(s)
        if m:
            if not now:
                return None
            hh, mm = map(int, now.split(":"))
            return hh * 60 + mm - int(m.group(1)) * mult
    return None


BULLET = re.compile(r"^[•▪■·◆\-–—*]\s+")
INLINE_TIME = re.compile(r"^(?:\d{1,2}[:h.]\d{2}(?:\s?[AP]M)?)\s*[–—\-|]\s+")


def norm_line(s):
    return INLINE_TIME.sub("", BULLET.sub("", s.strip()))


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
        # a boilerplate string labels every place where it covers whole lines (a per-entry share
        # line or an ad label repeated down the page is listed once)
        self.spans = []
        for s in bp:
            if not s or s.strip() != s:
                err("%s: empty or unstripped boilerplate string %r" % (pid, s[:50]))
                continue
            found = False
            k = self.text.find(s)
            while k >= 0:
                a, b = k, k + len(s)
                if (a == 0 or self.text[a - 1] == "\n") and (b == len(self.text) or self.text[b] == "\n"):
                    found = True
                    for (x, y) in self.spans:
                        if a < y and x < b and not (x == a and y == b):
                            err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
                    self.spans.append((a, b))
                k = self.text.find(s, k + 1)
            if not found:
                err("%s: boilerplate %r not found as whole lines" % (pid, s[:60]))
            else:
                k = self.text.find(s)
                if not (k == 0 or self.text[k - 1] == "\n") or not (
                        k + len(s) == len(self.text) or self.text[k + len(s)] == "\n"):
                    err("%s: first occurrence of boilerplate %r is not a whole line" % (pid, s[:50]))
        if len(set(bp)) != len(bp):
            err("%s: boilerplate list has duplicates" % pid)
        # line classification
        self.lines = []          # (kind, text): "f" furniture line, "t" article line
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in set(self.spans))
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
            self.lines.append(("f" if cov else "t", ln.strip()))
        self.article_lines = [s for k, s in self.lines if k == "t"]
        self.furn_lines = [s for k, s in self.lines if k == "f"]
        self.article = "\n".join(self.article_lines)
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
        fd = first_date(self.text, lang)
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length(self.article, lang)
        self.g = grams(self.article)

    def live_structure(self, cfg, now):
        """Parse a live page: headline, key points, entries (time, pinned, article lines)."""
        res = dict(head=None, bullets=[], entries=[], shares=0)
        cur = None
        seen_key = False
        prev_f = None
        for kind, s in self.lines:
            if kind == "f":
                if s == cfg["key"]:
                    seen_key = True
                elif is_time_line(s):
                    cur = dict(time=s, pinned=(prev_f == cfg["pinned"]), lines=[], share=False,
                               min=minutes(s, now))
                    res["entries"].append(cur)
                elif s == cfg["share"]:
                    res["shares"] += 1
                    if cur is not None:
                        cur["share"] = True
                prev_f = s
            else:
                prev_f = None
                if res["head"] is None:
                    res["head"] = s
                elif cur is not None:
                    cur["lines"].append(s)
                elif seen_key:
                    res["bullets"].append(s)
                else:
                    err("%s: article line between headline and key points: %r" % (self.id, s[:50]))
        return res


def check_live(name, role, p, cfg, now):
    """Checks common to the original and the distractor (both live pages of the same site)."""
    for what in ("badge", "key", "share"):
        if cfg[what] not in p.furn_lines:
            err("%s/%s: %s line %r missing from the furniture" % (name, role, what, cfg[what]))
    ls = p.live_structure(cfg, now)
    ents = ls["entries"]
    a, b = ENTRIES[role]
    if not a <= len(ents) <= b:
        err("%s/%s: %d timestamped entries (want %d-%d)" % (name, role, len(ents), a, b))
    if not KEYPOINTS[0] <= len(ls["bullets"]) <= KEYPOINTS[1]:
        err("%s/%s: %d key points (want %d-%d)" % (name, role, len(ls["bullets"]), *KEYPOINTS))
    for e in ents:
        if not ENTRY_LINES[0] <= len(e["lines"]) <= ENTRY_LINES[1]:
            err("%s/%s: entry %s has %d article lines" % (name, role, e["time"], len(e["lines"])))
        if not e["share"]:
            err("%s/%s: entry %s has no share line" % (name, role, e["time"]))
        if e["min"] is None:
            err("%s/%s: cannot resolve time line %r" % (name, role, e["time"]))
    if ls["shares"] != len(ents):
        err("%s/%s: %d share lines for %d entries" % (name, role, ls["shares"], len(ents)))
    # reverse chronological order (pinned entries stand outside the order)
    seq = [e for e in ents if not e["pinned"] and e["min"] is not None]
    for x, y in zip(seq, seq[1:]):
        if not x["min"] > y["min"]:
            err("%s/%s: entries not in reverse chronological order: %r before %r" % (name, role, x["time"], y["time"]))
    pinned = [e for e in ents if e["pinned"]]
    if pinned and seq and any(e["min"] is not None and e["min"] >= seq[0]["min"] for e in pinned):
        err("%s/%s: pinned entry is not an earlier post" % (name, role))
    return ls


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
        notes = {r: "" for r in ORDER}

        # ---- original: a live page
        if orig.added:
            err("%s: original has added strings" % name)
        ol = check_live(name, "original", orig, cfg, cfg["now"])
        o_head = ol["head"]
        o_entries = ol["entries"]
        o_latest = [e for e in o_entries if not e["pinned"]]
        o_lines = [norm_line(s) for s in orig.article_lines]     # headline, bullets, entry lines
        o_entry_text = "\n".join(s for e in o_entries for s in e["lines"])
        notes["original"] = "%d entries (%d pinned), %d key points, times %s → %s" % (
            len(o_entries), len(o_entries) - len(o_latest), len(ol["bullets"]),
            o_latest[-1]["time"] if o_latest else "-", o_latest[0]["time"] if o_latest else "-")

        # ---- lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = rng(role, lang)
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if delta != DISTRACTOR_DAYS:
                        err("%s/distractor: dated %s, not the day after the original (%s)" % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
            for s in p.added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
            if role != "original" and p.article_lines and any(is_time_line(s) for s in p.article_lines):
                err("%s/%s: a bare time line is unlabelled" % (name, role))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # ---- light_edit: the whole blog in page order, a few edits, one added paragraph
        le = pages["light_edit"]
        if len(le.added) != 1:
            err("%s/light_edit: expected exactly one added string" % name)
        elif le.added[0] not in le.article_lines[1:]:
            err("%s/light_edit: added paragraph is not a whole article line after the headline" % name)
        else:
            if not le.article_lines or le.article_lines[0] != o_head:
                err("%s/light_edit: headline is not the original's" % name)
            kept = [norm_line(s) for s in le.article_lines if s != le.added[0]]
            pos = le.article_lines.index(le.added[0])
            tmode = ("inline" if any(INLINE_TIME.match(s) for s in le.article_lines)
                     else "bare lines" if any(is_time_line(s) for s in le.furn_lines) else "dropped")
            if len(kept) != len(o_lines):
                err("%s/light_edit: %d kept lines, original has %d" % (name, len(kept), len(o_lines)))
            else:
                sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(kept, o_lines)]
                changed = sum(1 for x, y in zip(kept, o_lines) if x != y)
                if min(sims) < MIN_LINE_SIM:
                    err("%s/light_edit: line %d too far from the original (sim %.2f)"
                        % (name, sims.index(min(sims)) + 1, min(sims)))
                if not LE_EDITED[0] <= changed <= LE_EDITED[1]:
                    err("%s/light_edit: %d lines edited (want %d-%d)" % (name, changed, *LE_EDITED))
                notes["light_edit"] = "%d of %d lines edited, min sim %.2f, added line #%d, times %s" % (
                    changed, len(o_lines), min(sims), pos + 1, tmode)

        # ---- trim: headline + the n latest entries verbatim + one added sentence at the end
        tr = pages["trim"]
        if not tr.article_lines or tr.article_lines[0] != o_head:
            err("%s/trim: first article line is not the original's headline" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not tr.article.endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
            body = tr.article[:len(tr.article) - len(s)].rstrip()
            kept = [x for x in body.split("\n") if x.strip()]
            n, acc = 0, [o_head]
            for e in o_latest:
                if kept == acc:
                    break
                acc = acc + e["lines"]
                n += 1
            if kept != acc:
                err("%s/trim: kept text is not the headline plus the latest entries verbatim" % name)
            else:
                if not TRIM_ENTRIES[0] <= n <= TRIM_ENTRIES[1] or n >= len(o_latest):
                    err("%s/trim: keeps %d of %d entries (want %d-%d and fewer than all)"
                        % (name, n, len(o_latest), *TRIM_ENTRIES))
                notes["trim"] = "latest %d of %d entries, sentence %s" % (
                    n, len(o_latest), "own line" if s in tr.article_lines else "appended")
            if any(norm_line(x) in [norm_line(b) for b in ol["bullets"]] for x in tr.article_lines):
                err("%s/trim: key points should not be copied" % name)

        # ---- rewrite: new headline, own words, chronological, one background paragraph
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if len(rw.added) != 1 or rw.added[0] not in rw.article_lines[1:]:
            err("%s/rewrite: expected one added paragraph (a whole article line)" % name)
        n_rw = len(rw.g & orig.g)
        if n_rw > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n_rw, MAX_REWRITE))
        rw_pos = [rw.article.find(c) for c in cfg["chrono"]]
        or_pos = [o_entry_text.find(c) for c in cfg["chrono"]]
        if -1 in rw_pos or -1 in or_pos:
            err("%s: chrono phrase missing: %s" % (name, [c for c, x, y in zip(cfg["chrono"], rw_pos, or_pos)
                                                          if x < 0 or y < 0]))
        else:
            if rw_pos != sorted(rw_pos):
                err("%s/rewrite: events not told in chronological order" % name)
            if or_pos != sorted(or_pos, reverse=True):
                err("%s/original: events not in reverse chronological order" % name)
        notes["rewrite"] = "%d chrono markers in order" % len(cfg["chrono"])

        # ---- summary: short, one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        n_sm = len(sm.g & orig.g)
        if n_sm > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, n_sm, MAX_SUMMARY))

        # ---- distractor: same site and template, next day, another event
        ds = pages["distractor"]
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        if not ds.furn_lines or not orig.furn_lines or ds.furn_lines[0] != orig.furn_lines[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        elif ds.furn_lines[-1] != orig.furn_lines[-1]:
            err("%s/distractor: last furniture line (footer) differs from the original's" % name)
        dl = check_live(name, "distractor", ds, cfg, cfg["now_distractor"])
        n_ds = len(ds.g & orig.g)
        if n_ds > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n_ds, MAX_DISTRACTOR))
        for x in cfg["names"]:
            if x not in orig.article or x not in ds.article:
                err("%s/distractor: %r not named in both live blogs" % (name, x))
        notes["distractor"] = "%d entries, shares names %s" % (len(dl["entries"]), ", ".join(cfg["names"]))

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.length, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s (%s)  len=%d" % (name, role, p.id, p.date,
                      "numeric" if p.numeric_date else "written", p.length))
                if role in ("original", "distractor"):
                    ls = ol if role == "original" else dl
                    print("    times: %s" % " | ".join(("📌" if e["pinned"] else "") + e["time"] for e in ls["entries"]))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "summary", "distractor"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture; zh: Han characters)")
    print("shared with the story's original; %orig = share of the page's own 5-grams; len in words (zh: tokens)")
    print("%-29s %-10s %-12s %-10s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "len",
                                                        "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-29s %-10s %-12s %-10s %5d %5d %5d %5.0f%%  %s" % r)
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
