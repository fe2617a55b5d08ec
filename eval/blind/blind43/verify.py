#!/usr/bin/env python3
"""Check blind43 (broadcast news and its transcripts) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (dates, added strings, quotes)

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

KINDS = ["transcript", "copy", "print_version", "social"]
ROLES = ["original"] + KINDS + ["distractor"]
MAX_DISTRACTOR = 3          # shared 5-grams, distractor vs original / transcript (article text)
MIN_PRINT_SHARE = 0.40      # print_version is a light rewrite: shares >= 40% of the original's 5-grams
DISTRACTOR_DAYS = 6         # distractor dated within the same week as the original
PARAS_ORIGINAL = (6, 8)

# Article-text length: words (whitespace-separated, containing a letter or digit);
# for Japanese, CJK ideographs + kana. The original's body (headline excluded) is
# checked against "original"; every other page's article text (headline included).
RANGES = {
    "default": {"original": (300, 420), "copy": (300, 440), "transcript": (300, 650),
                "print_version": (320, 560), "social": (40, 80), "distractor": (180, 420)},
    "ja": {"original": (650, 850), "copy": (650, 900), "transcript": (600, 1200),
           "print_version": (700, 1100), "social": (80, 200), "distractor": (350, 850)},
}

# per story: the broadcaster's name as used in article text (print_version must credit it)
BROADCASTER = {
    "en": "Radio Westmarch",
    "de": "Nordmark Radio",
    "es": "Cadena Ribera",
    "fr": "Radio Haut-Lorvin",
    "ja": "しおかぜ放送",
    "hi": "जनवाणी रेडियो",
}
# "Listen/Watch" line of the broadcaster's pages (furniture of original and distractor)
LISTEN = {"en": "Listen", "de": "anhören", "es": "Escuchar", "fr": "Écouter", "ja": "動画を見る", "hi": "सुनें"}
# transcript disclaimer (a furniture line of the transcript page)
DISCLAIMER = {"en": "may not be in its final form", "de": "endgültigen Fassung",
              "es": "versión definitiva", "fr": "version définitive", "ja": "最終版",
              "hi": "अंतिम रूप"}
# quotations in the original: opening and closing marks
QUOTES = {"en": ("“", "”"), "de": ("„", "“"), "es": ("«", "»"), "fr": ("«", "»"),
          "ja": ("「", "」"), "hi": ("“", "”")}
# social counts line: "Reposts 120  Likes 340  Views 12K" in the network's UI language
COUNTS = re.compile(r"^\S+ [\d.,]+[KkM万]?  \S+(?: \S+)? [\d.,]+[KkM万]?  \S+ [\d.,]+[KkM万]?$")
REPLY_HEAD = re.compile(r"^.+ @[A-Za-z0-9_]+ · \S+")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens and lengths
def is_cjk(c):
    o = ord(c)
    return (0x3040 <= o <= 0x30FF) or (0x3400 <= o <= 0x4DBF) or (0x4E00 <= o <= 0x9FFF) or (0xF900 <= o <= 0xFAFF)


def _punct(c):
    return unicodedata.category(c)[0] in "PSZC"


def tokens(text, lang):
    """Lower-cased words with edge punctuation stripped; for Japanese every character
    that is not space, punctuation or a symbol is one token."""
    if lang == "ja":
        return [c for c in text.lower() if not c.isspace() and not _punct(c)]
    out = []
    for w in text.lower().split():
        i, j = 0, len(w)
        while i < j and _punct(w[i]):
            i += 1
        while j > i and _punct(w[j - 1]):
            j -= 1
        if i < j:
            out.append(w[i:j])
    return out


def grams(text, lang, n=5):
    t = tokens(text, lang)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "ja":
        return sum(1 for c in text if is_cjk(c))
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def contains_seq(hay, needle):
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "janv févr mars avr mai juin juil août sept oct nov déc",
]:
    for i, name in enumerate(names.split()):
        MONTHS.setdefault(name, i + 1)
MONTHS["sept"] = 9
MONTHS["फरवरी"] = 2

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})(?:\.|er)?\s+(?:de\s+)?([^\s\d.,]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
    ("Mdy", re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2}),\s+(\d{4})")),
]


def all_dates(text):
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
                    mo = MONTHS.get(b.lower())
                    if not mo:
                        continue
                    d = datetime.date(int(c), mo, int(a))
                else:
                    mo = MONTHS.get(a.lower())
                    if not mo:
                        continue
                    d = datetime.date(int(c), mo, int(b))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found


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
        # A furniture string labels every place where it covers whole lines (speaker
        # labels such as "PRESENTER:" recur); it must do so at least once.
        self.spans = []
        if len(set(bp)) != len(bp):
            err("%s: a boilerplate string is listed twice" % pid)
        for s in bp:
            if not s or s not in self.text:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            k = self.text.find(s)
            if not ((k == 0 or self.text[k - 1] == "\n") and
                    (k + len(s) == len(self.text) or self.text[k + len(s)] == "\n")):
                err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (pid, s[:50]))
            hits = 0
            for m in re.finditer(re.escape(s), self.text):
                a, b = m.start(), m.end()
                if (a == 0 or self.text[a - 1] == "\n") and (b == len(self.text) or self.text[b] == "\n"):
                    for (x, y) in self.spans:
                        if a < y and x < b:
                            err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
                    self.spans.append((a, b))
                    hits += 1
            if not hits:
                err("%s: boilerplate %r never covers whole lines" % (pid, s[:50]))
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
            if cov >= len(ln):
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
        dates = all_dates(self.text)
        self.date = dates[0][2] if dates else None
        if not dates:
            err("%s: no date found" % pid)
        elif not any(x <= dates[0][0] and dates[0][1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, dates[0][2]))
        self.length = length("\n".join(self.article_lines), lang)


def check_transcript(name, lang, orig, tr):
    """Furniture conventions of a transcript page and the quotes of the original."""
    art = set(tr.article_lines)
    timecodes = [ln for ln in tr.furniture_lines if re.match(r"^\[\d\d:\d\d:\d\d\] ", ln)]
    stage = [ln for ln in tr.furniture_lines if re.fullmatch(r"[(（\[［][^)）\]］]+[)）\]］]", ln)]
    labels = [ln for ln in tr.furniture_lines if re.search(r"[:：]$", ln) and len(ln) < 90]
    if len(timecodes) < 3:
        err("%s/transcript: fewer than 3 time-coded turns in furniture" % name)
    if len(stage) < 2:
        err("%s/transcript: fewer than 2 stage notes in furniture" % name)
    if not any(ln.startswith(("[", "［")) for ln in stage):
        err("%s/transcript: no [inaudible]-type note" % name)
    if len(labels) < 5:
        err("%s/transcript: fewer than 5 speaker-label lines in furniture" % name)
    if not any(DISCLAIMER[lang] in ln for ln in tr.furniture_lines):
        err("%s/transcript: transcript disclaimer missing from furniture" % name)
    for ln in art:
        if re.match(r"^\[\d\d:\d\d:\d\d\]", ln) or re.fullmatch(r"[(（\[［][^)）\]］]+[)）\]］]", ln) \
                or (re.search(r"[:：]$", ln) and len(ln) < 90):
            err("%s/transcript: label/time code/stage note left in article text: %r" % (name, ln[:40]))
    spoken = tr.article_lines[1:]
    if spoken:
        if not any(s in spoken[0] for s in tr.added):
            err("%s/transcript: presenter's opening line is not labelled added" % name)
        if not any(s in spoken[-1] for s in tr.added):
            err("%s/transcript: presenter's closing line is not labelled added" % name)
    # every quotation of the original is spoken word for word in the transcript
    op, cl = QUOTES[lang]
    rx = re.compile(re.escape(op) + r"\s*([^" + re.escape(cl) + r"]+?)\s*" + re.escape(cl))
    ttok = tokens("\n".join(tr.article_lines), lang)
    quotes = [q for q in rx.findall("\n".join(orig.article_lines[1:]))
              if len(tokens(q, lang)) >= (8 if lang == "ja" else 4)]
    if len(quotes) < 3:
        err("%s/original: fewer than 3 quotations from interviewees" % name)
    missing = [q for q in quotes if not contains_seq(ttok, tokens(q, lang))]
    for q in missing:
        err("%s/transcript: quote not spoken word for word: %r" % (name, q[:50]))
    return len(quotes), len(quotes) - len(missing), len(timecodes), len(stage), len(labels)


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        rng = RANGES.get(lang, RANGES["default"])
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
        if not all(k in pages for k in ROLES):
            continue
        orig, tr, cp, pv, so, dis = (pages[k] for k in ROLES)

        # original: paragraphs, body length, quotes, listen line
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(o_paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), lo, hi))
        body_len = length("\n".join(o_paras), lang)
        a, b = rng["original"]
        if not a <= body_len <= b:
            err("%s: original body length %d outside %d-%d" % (name, body_len, a, b))
        for p in (orig, dis):
            if not any(LISTEN[lang] in ln for ln in p.furniture_lines):
                err("%s/%s: no Listen/Watch line in furniture" % (name, p.role))
        if orig.added:
            err("%s/original: has added strings" % name)

        # lengths, dates, headlines
        for role in ROLES:
            p = pages[role]
            if role != "original":
                a, b = rng[role]
                if not a <= p.length <= b:
                    err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    if abs((p.date - orig.date).days) > DISTRACTOR_DAYS:
                        err("%s/distractor: date %s not in the week of the original %s" % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in ("transcript", "copy", "print_version"):
                head = p.article_lines[0] if p.article_lines else ""
                if head != o_head and head not in p.added:
                    err("%s/%s: headline differs from the original's but is not labelled added" % (name, role))
                if head == o_head and head in p.added:
                    err("%s/%s: headline equals the original's but is labelled added" % (name, role))

        # copy: the original's body verbatim, own headline
        if cp.kept_lines != o_paras:
            err("%s/copy: body is not the original's body verbatim" % name)
        if cp.article_lines and cp.article_lines[0] == o_head:
            err("%s/copy: expected its own headline" % name)

        # transcript
        tinfo = check_transcript(name, lang, orig, tr)

        # print version: own headline, one added paragraph, light rewrite, credits the broadcaster
        added_paras = [s for s in pv.added if s in pv.article_lines[1:]]
        if len(added_paras) != 1:
            err("%s/print_version: expected exactly one added paragraph, got %d" % (name, len(added_paras)))
        if BROADCASTER[lang] not in "\n".join(pv.article_lines):
            err("%s/print_version: does not credit %s" % (name, BROADCASTER[lang]))
        if pv.kept_lines[1:] == o_paras:
            err("%s/print_version: body identical to the original (no rewrite)" % name)

        # social: post text only, two hashtags and a link; counts and replies as furniture
        post = "\n".join(so.article_lines)
        tags = re.findall(r"#[^\s#]+", post)
        if len(tags) != 2:
            err("%s/social: expected 2 hashtags in the post text, got %d" % (name, len(tags)))
        if not re.search(r"https?://\S+\.example/\S*", post):
            err("%s/social: no link in the post text" % name)
        if not any(COUNTS.match(ln) for ln in so.furniture_lines):
            err("%s/social: counts line (reposts/likes/views) missing from furniture" % name)
        replies = [ln for ln in so.furniture_lines if REPLY_HEAD.match(ln)]
        if len(replies) != 3:
            err("%s/social: expected 3 replies, got %d" % (name, len(replies)))

        # distractor: same broadcaster (shares the site name line), little overlap
        if not orig.furniture_lines or orig.furniture_lines[:3] == [] or \
                not set(orig.furniture_lines[:3]) & set(dis.furniture_lines):
            err("%s/distractor: not on the broadcaster's site (no shared header furniture)" % name)

        og = grams("\n".join(orig.article_lines), lang)
        tg = grams("\n".join(tr.article_lines), lang)
        for role in ROLES:
            p = pages[role]
            g = grams("\n".join(p.article_lines), lang)
            shared = len(g & og)
            note = ""
            if role == "original":
                note = "%d paragraphs, body %d" % (len(o_paras), body_len)
            elif role == "transcript":
                note = "quotes %d/%d verbatim, %d time codes, %d stage notes, %d label lines" % (
                    tinfo[1], tinfo[0], tinfo[2], tinfo[3], tinfo[4])
            elif role == "social":
                note = "tags %s" % " ".join(tags)
            elif role == "print_version":
                note = "%.0f%% of original 5-grams" % (100.0 * shared / max(1, len(og)))
                if shared < MIN_PRINT_SHARE * len(og):
                    err("%s/print_version: shares only %d of %d 5-grams (light rewrite expected)"
                        % (name, shared, len(og)))
            elif role == "distractor":
                st_ = len(g & tg)
                note = "∩transcript %d" % st_
                for what, n in [("original", shared), ("transcript", st_)]:
                    if n > MAX_DISTRACTOR:
                        err("%s/distractor: shares %d 5-grams with the %s (max %d)" % (name, n, what, MAX_DISTRACTOR))
            rows.append((name, role, p.id, str(p.date), p.length, len(g), shared, len(p.added), note))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:100])
                if role == "distractor":
                    for gr in sorted(g & og):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("distinct 5-grams of each page's article text (page minus labelled furniture) and how")
    print("many it shares with the story's original (words; characters for Japanese)")
    print("%-30s %-14s %-12s %-10s %6s %5s %6s %5s  %s" % ("story", "page", "id", "date", "length", "5g",
                                                         "∩orig", "added", "notes"))
    for r in rows:
        print("%-30s %-14s %-12s %-10s %6d %5d %6d %5d  %s" % r)
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
