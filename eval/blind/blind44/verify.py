#!/usr/bin/env python3
"""Check blind44 (news reposted in messenger channels and aggregators) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams

Standard library only.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["channel_copy", "channel_rewrite", "aggregator", "light_edit"]
ORDER = ["original"] + KINDS + ["distractor"]
# article-text length in words (whitespace-separated, with at least one letter or digit),
# headline and channel header included
RANGES = {"original": (310, 440), "channel_copy": (100, 330), "channel_rewrite": (120, 200),
          "aggregator": (30, 110), "light_edit": (330, 500), "distractor": (70, 220)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
COPY_PARAS = (3, 4)              # channel_copy carries the original's first 3-4 paragraphs
MAX_REWRITE = 10                 # shared 5-grams, channel_rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article and full page)
MAX_ADDED_PARA = 3               # shared 5-grams, light_edit's added paragraph vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(text.translate(DIGITS).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


LEAD_EMOJI = re.compile(r"^[^\w«“\"'(\[]+\s")


def strip_emoji(line):
    return LEAD_EMOJI.sub("", line, count=1)


def starts_with_emoji(line):
    return bool(LEAD_EMOJI.match(line)) and not line[:1].isalnum()


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "januari februari maret april mei juni juli agustus september oktober november desember",
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
JALALI = {name: i + 1 for i, name in enumerate(
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split())}


def jalali_to_gregorian(jy, jm, jd):
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    gm = 0
    while gd > month_days[gm]:
        gd -= month_days[gm]
        gm += 1
    return datetime.date(gy, gm + 1, gd)


DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]


def first_date(text):
    text = text.translate(DIGITS)   # same length, positions kept
    found = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                else:
                    name = b.lower()
                    if name in JALALI and int(c) < 1700:
                        d = jalali_to_gregorian(int(c), JALALI[name], int(a))
                    elif name in MONTHS:
                        d = datetime.date(int(c), MONTHS[name], int(a))
                    else:
                        continue
            except ValueError:
                continue
            found.append((m.start(), m.end(), d))
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
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))


def check_channel_furniture(name, p):
    if not any("👁" in s for s in p.bp):
        err("%s/%s: no views line (👁) in furniture" % (name, p.role))
    if not any(re.search(r"^[^\w\s]+ \d+ ", s) and "👁" not in s for s in p.bp):
        err("%s/%s: no reactions line in furniture" % (name, p.role))
    if not any(s.startswith("@") for s in p.bp):
        err("%s/%s: no channel handle line in furniture" % (name, p.role))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name = st["name"]
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
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # lengths, dates, headlines
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    if p.date == orig.date or p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                        err("%s/distractor: dated %s, not another day of the original's week (%s)"
                            % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head != o_head and head not in p.added:
                    err("%s/%s: first article line differs from the original's headline but is not added" % (name, role))

        # channel_copy: header (added) + the original's first 3-4 paragraphs verbatim,
        # two of them with a leading emoji (unlabelled)
        cc = pages["channel_copy"]
        check_channel_furniture(name, cc)
        if len(cc.added) != 1 or not cc.article_lines or cc.article_lines[0] != cc.added[0]:
            err("%s/channel_copy: expected exactly one added string, the header line" % name)
        elif not starts_with_emoji(cc.added[0]):
            err("%s/channel_copy: header does not start with an emoji" % name)
        stripped = [strip_emoji(x) for x in cc.kept_lines]
        k = len(stripped)
        if not (COPY_PARAS[0] <= k <= COPY_PARAS[1] and stripped == o_paras[:k]):
            err("%s/channel_copy: body is not the original's first %d-%d paragraphs verbatim" % (name, *COPY_PARAS))
        n_emoji = sum(1 for x, y in zip(cc.kept_lines, stripped) if x != y)
        if n_emoji != 2:
            err("%s/channel_copy: %d paragraphs start with an emoji (want 2)" % (name, n_emoji))
        notes["channel_copy"] = "first %d paragraphs, %d with emoji" % (k, n_emoji)

        # channel_rewrite: header + own words + sarcastic last line, both added
        rw = pages["channel_rewrite"]
        check_channel_furniture(name, rw)
        if len(rw.added) != 2 or rw.article_lines[:1] != rw.added[:1] or rw.article_lines[-1:] != rw.added[-1:]:
            err("%s/channel_rewrite: expected two added strings: header (first line) and comment (last line)" % name)

        # aggregator: headline + lead verbatim, nothing added
        ag = pages["aggregator"]
        if ag.article_lines != [o_head, o_paras[0]]:
            err("%s/aggregator: article text is not the original's headline + lead paragraph" % name)
        if ag.added:
            err("%s/aggregator: expected no added strings" % name)
        if not any(re.match(r"^12 ", s.translate(DIGITS)) for s in ag.bp):
            err("%s/aggregator: no '12 sources' line in furniture" % name)
        if not any(s.count("\n") == 4 for s in ag.bp):
            err("%s/aggregator: no block of 4 other outlets' headlines (heading + 4 lines)" % name)

        # light_edit: new headline + exactly one added paragraph; other paragraphs lightly edited
        le = pages["light_edit"]
        paras_added = [s for s in le.added[1:] if s in le.article_lines]
        if len(le.added) != 2 or len(paras_added) != 1:
            err("%s/light_edit: expected a headline and exactly one added paragraph" % name)
        if len(le.kept_lines) != len(o_paras):
            err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(le.kept_lines), len(o_paras)))
        else:
            sims = [trigram_sim(x.lower(), y.lower()) for x, y in zip(le.kept_lines, o_paras)]
            changed = sum(1 for x, y in zip(le.kept_lines, o_paras) if x != y)
            if min(sims) < MIN_PARA_SIM:
                err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                    % (name, sims.index(min(sims)) + 1, min(sims)))
            if changed == 0:
                err("%s/light_edit: no paragraph edited" % name)
            notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f" % (changed, len(o_paras), min(sims))
        for s in paras_added:
            n = len(grams(s) & orig.g)
            if n > MAX_ADDED_PARA:
                err("%s/light_edit: added paragraph shares %d 5-grams with the original" % (name, n))

        # distractor: same channel as channel_copy, little overlap with the original
        ds = pages["distractor"]
        check_channel_furniture(name, ds)
        if ds.bp[:2] != cc.bp[:2]:
            err("%s/distractor: not in the channel_copy's channel (first furniture lines differ)" % name)
        full = len(grams(ds.text) & grams(orig.text))
        notes["distractor"] = "full page ∩orig %d" % full
        if len(ds.g & orig.g) > MAX_DISTRACTOR or full > MAX_DISTRACTOR:
            err("%s/distractor: shares %d (article) / %d (full page) 5-grams with the original (max %d)"
                % (name, len(ds.g & orig.g), full, MAX_DISTRACTOR))
        if len(ds.g & cc.g) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the channel_copy's article text" % (name, len(ds.g & cc.g)))

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            if role == "channel_rewrite":
                if len(shared) > MAX_REWRITE:
                    err("%s/channel_rewrite: shares %d 5-grams with the original (max %d)" % (name, len(shared), MAX_REWRITE))
            rows.append((name, role, p.id, str(p.date), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  words=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("channel_rewrite", "distractor", "light_edit"):
                    for gr in sorted(shared):
                        if role != "light_edit" or len(shared) < 40:
                            print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-23s %-16s %-12s %-10s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                            "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-23s %-16s %-12s %-10s %5d %5d %6d %5.0f%%  %s" % r)
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
