#!/usr/bin/env python3
"""Check blind39 (scripts and languages a tool's word lists rarely cover) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (dates, added strings, shared n-grams)

Overlap rule (stated in README.md):
  * spaced languages (si, mn, yo): distinct WORD 5-grams; a word is a maximal run of
    letters, combining marks, digits and ZWJ/ZWNJ, lower-cased, text NFC-normalised;
  * unspaced scripts (km, lo, my): distinct CHARACTER 10-grams (code points) of the text
    with all whitespace and zero-width characters removed; punctuation and digits kept.
Limits, on article text (page minus labelled furniture):
  * copy shares >= 95%, light_edit >= 60%, trim >= 45% of the original body's n-grams;
  * rewrite shares <= 10 n-grams with the original, distractor <= 3.
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

KINDS = ["copy", "light_edit", "trim", "rewrite"]
UNSPACED = {"km", "lo", "my"}
# minimum share of the original body's n-grams found in the page's article text
MIN_SHARE = {"copy": 0.95, "light_edit": 0.60, "trim": 0.45}
MAX_REWRITE = {"spaced": 10, "unspaced": 10}   # shared n-grams, rewrite vs original
MAX_DISTRACTOR = 3                              # shared n-grams, distractor vs original
TRIM_FRACTION = (0.55, 0.70)                    # share of the original body kept by trim
DISTRACTOR_DAYS = 2                             # distractor dated within 2 days of original
PARAS_ORIGINAL = (6, 8)
# article-text lengths: words (spaced) or non-space characters (unspaced).
# The original is checked on its body (headline excluded), all others on the whole
# article text (headline included).
RANGES = {
    "spaced": {"original": (300, 400), "copy": (300, 430), "light_edit": (330, 480),
               "trim": (170, 320), "rewrite": (220, 450), "distractor": (150, 450)},
    "unspaced": {"original": (1000, 1600), "copy": (1000, 1700), "light_edit": (1100, 1900),
                 "trim": (550, 1250), "rewrite": (700, 1700), "distractor": (500, 1700)},
}
SCRIPT = {"km": (0x1780, 0x17FF), "lo": (0x0E80, 0x0EFF), "my": (0x1000, 0x109F),
          "si": (0x0D80, 0x0DFF), "mn": (0x0400, 0x04FF), "yo": None}

errors = []


def err(msg):
    errors.append(msg)


def nfc(s):
    return unicodedata.normalize("NFC", s)


ZW = "\u200b\u200c\u200d\u2060\ufeff"


# ---------------------------------------------------------------- tokens / n-grams
def is_wordchar(ch):
    return unicodedata.category(ch)[0] in "LMN" or ch in "\u200c\u200d"


def words(text):
    out, cur = [], []
    for ch in nfc(text).lower():
        if is_wordchar(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur)); cur = []
    if cur:
        out.append("".join(cur))
    return out


def squeeze(text):
    return "".join(ch for ch in nfc(text) if not ch.isspace() and ch not in ZW)


def grams(text, lang):
    if lang in UNSPACED:
        s = squeeze(text)
        return {s[i:i + 10] for i in range(len(s) - 9)}
    t = words(text)
    return {tuple(t[i:i + 5]) for i in range(len(t) - 4)}


def show(g):
    return g if isinstance(g, str) else " ".join(g)


def length(text, lang):
    if lang in UNSPACED:
        return len(squeeze(text))
    return sum(1 for w in text.split() if any(is_wordchar(c) and c not in "\u200c\u200d" for c in w))


# ---------------------------------------------------------------- dates
def months(names):
    return {nfc(n): i + 1 for i, n in enumerate(names.split())}


M_KM = months("មករា កុម្ភៈ មីនា មេសា ឧសភា មិថុនា កក្កដា សីហា កញ្ញា តុលា វិច្ឆិកា ធ្នូ")
M_LO = months("ມັງກອນ ກຸມພາ ມີນາ ເມສາ ພຶດສະພາ ມິຖຸນາ ກໍລະກົດ ສິງຫາ ກັນຍາ ຕຸລາ ພະຈິກ ທັນວາ")
M_MY = months("ဇန်နဝါရီ ဖေဖော်ဝါရီ မတ် ဧပြီ မေ ဇွန် ဇူလိုင် ဩဂုတ် စက်တင်ဘာ အောက်တိုဘာ နိုဝင်ဘာ ဒီဇင်ဘာ")
M_SI = months("ජනවාරි පෙබරවාරි මාර්තු අප්‍රේල් මැයි ජූනි ජූලි අගෝස්තු සැප්තැම්බර් ඔක්තෝබර් නොවැම්බර් දෙසැම්බර්")
M_MN = months("нэгдүгээр хоёрдугаар гуравдугаар дөрөвдүгээр тавдугаар зургаадугаар долдугаар "
              "наймдугаар есдүгээр аравдугаар арваннэгдүгээр арванхоёрдугаар")
M_YO = months("kínní kejì kẹta kẹrin karùn-ún kẹfà keje kẹjọ kẹsàn-án kẹwàá kọkànlá kejìlá")
M_YO.update(months("ṣẹ́rẹ́ èrèlè ẹrẹ̀nà igbe ẹ̀bibi òkúdu agẹmọ ògún ọ̀wẹ̀wẹ̀ ọ̀wàrà bélú ọ̀pẹ̀"))


def alt(d):
    return "|".join(sorted((re.escape(k) for k in d), key=len, reverse=True))


D = r"(\d{1,2})"
Y = r"(\d{4})"
DATE_PATTERNS = {
    "*": [("ymd", re.compile(r"(?<!\d)" + Y + r"[-./]" + D + r"[-./]" + D + r"(?!\d)")),
          ("dmy", re.compile(r"(?<!\d)" + D + r"[-./]" + D + r"[-./]" + Y + r"(?!\d)"))],
    "km": [("dMy", re.compile(r"(?<!\d)" + D + r"\s*(?:ខែ)?\s*(" + alt(M_KM) + r")\s*(?:ឆ្នាំ)?\s*" + Y))],
    "lo": [("dMy", re.compile(r"(?<!\d)" + D + r"\s*(?:ເດືອນ)?\s*(" + alt(M_LO) + r")\s*,?\s*" + Y))],
    "my": [("yMd", re.compile(Y + r"\s*ခုနှစ်\s*[၊,]?\s*(" + alt(M_MY) + r")\s*လ?\s*" + D + r"\s*ရက်"))],
    "si": [("yMd", re.compile(Y + r"\s+(" + alt(M_SI) + r")\s+" + D + r"(?!\d)")),
           ("Mdy", re.compile(r"(" + alt(M_SI) + r")\s+" + D + r"\s*,\s*" + Y))],
    "mn": [("ymd", re.compile(Y + r"\s*оны\s*" + D + r"\s*(?:-р|-р|дугаар|дүгээр)?\s*сарын\s*" + D)),
           ("yMd", re.compile(Y + r"\s*оны\s*(" + alt(M_MN) + r")\s*сарын\s*" + D))],
    "yo": [("dMy", re.compile(r"(?<!\d)" + D + r"\s+oṣù\s+(" + alt(M_YO) + r")\s*,?\s*" + Y, re.I))],
}
MONTHS = {"km": M_KM, "lo": M_LO, "my": M_MY, "si": M_SI, "mn": M_MN, "yo": M_YO}


def first_date(text, lang):
    text = nfc(text)
    found = []
    for kind, rx in DATE_PATTERNS["*"] + DATE_PATTERNS.get(lang, []):
        for m in rx.finditer(text):
            g = m.groups()
            try:
                if kind == "ymd":
                    y, mo, d = int(g[0]), int(g[1]), int(g[2])
                elif kind == "dmy":
                    d, mo, y = int(g[0]), int(g[1]), int(g[2])
                elif kind == "dMy":
                    d, mo, y = int(g[0]), MONTHS[lang][g[1].lower()], int(g[2])
                elif kind == "yMd":
                    y, mo, d = int(g[0]), MONTHS[lang][g[1].lower()], int(g[2])
                elif kind == "Mdy":
                    mo, d, y = MONTHS[lang][g[0].lower()], int(g[1]), int(g[2])
                if y > 2400:        # Buddhist era
                    y -= 543
                found.append((m.start(), m.end(), datetime.date(y, mo, d)))
            except (ValueError, KeyError):
                continue
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- script checks
def script_checks(p, lang):
    art = "\n".join(p.article_lines)
    letters = [c for c in art if unicodedata.category(c)[0] == "L"]
    rng = SCRIPT[lang]
    if rng and letters:
        inside = sum(1 for c in letters if rng[0] <= ord(c) <= rng[1])
        if inside / len(letters) < 0.85:
            err("%s: only %.0f%% of letters in the %s script block" % (p.id, 100 * inside / len(letters), lang))
    if lang in UNSPACED:
        # written as natives do: spaces between phrases, not between words
        chunks = [c for c in art.split() if any(unicodedata.category(x)[0] == "L" for x in c)]
        avg = sum(len(c) for c in chunks) / max(1, len(chunks))
        if avg < 9:
            err("%s: average run between spaces is %.1f characters (looks word-spaced)" % (p.id, avg))
    if lang == "my":
        # Unicode, not Zawgyi: vowel sign E / medial RA never start a word, no Zawgyi-range letters
        if re.search(r"(^|[\s\u104a\u104b(“\"'])[\u1031\u103b]", p.text, re.M):
            err("%s: U+1031/U+103B at the start of a word (Zawgyi visual order?)" % p.id)
        if re.search(r"[\u1050-\u109f]", re.sub(r"[\u1040-\u1049]", "", p.text)):
            err("%s: characters from U+1050-U+109F (Zawgyi glyph slots?)" % p.id)
    if lang == "km" and re.search(r"\u17d2(?![\u1780-\u17a2])", p.text):
        err("%s: Khmer COENG not followed by a consonant" % p.id)
    if lang == "yo":
        w = words(art)
        tone = sum(1 for x in w if re.search(r"[\u0300\u0301]|[àáèéìíòóùúńǹ]", unicodedata.normalize("NFD", x))
                   or re.search(r"[àáèéìíòóùú]", x))
        if tone / max(1, len(w)) < 0.35:
            err("%s: only %d of %d Yoruba words carry tone marks" % (p.id, tone, len(w)))
        if not re.search(r"[ẹọṣ]", art.lower()):
            err("%s: no Yoruba underdot letters" % p.id)
    if lang == "mn" and not re.search(r"[өү]", art.lower()):
        err("%s: no Mongolian letters ө/ү" % p.id)


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
        if self.text != nfc(self.text):
            err("%s: text is not NFC-normalised" % pid)
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
        body = "\n".join(self.article_lines[1:])   # article text without its headline
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        # body paragraphs (headline excluded) with the added strings removed
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        fd = first_date(self.text, lang)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        script_checks(self, lang)


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        mode = "unspaced" if lang in UNSPACED else "spaced"
        rng = RANGES[mode]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [], lang)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            p = Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []), lang)
            kinds.setdefault(d["kind"], []).append(p)
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
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(o_paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), lo, hi))
        body_len = length("\n".join(o_paras), lang)
        a, b = rng["original"]
        if not a <= body_len <= b:
            err("%s: original body length %d outside %d-%d" % (name, body_len, a, b))

        for role, p in pages.items():
            p.length = body_len if role == "original" else length("\n".join(p.article_lines), lang)
            a, b = rng[role]
            if role != "original" and not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date:
                if role == "distractor":
                    if abs((p.date - orig.date).days) > DISTRACTOR_DAYS:
                        err("%s/distractor: date %s not within %d days of original %s"
                            % (name, p.date, DISTRACTOR_DAYS, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head != o_head and head not in p.added:
                    err("%s/%s: headline differs from the original's but is not labelled added" % (name, role))
                if role in ("copy", "light_edit", "rewrite") and head == o_head:
                    err("%s/%s: expected its own headline" % (name, role))
                if role == "trim" and head != o_head:
                    err("%s/trim: expected the original's headline" % name)

        # copy: the original's body verbatim
        cp = pages["copy"]
        if cp.kept_lines != o_paras:
            err("%s/copy: body is not the original's body verbatim" % name)
        if len(cp.added) != 1:
            err("%s/copy: expected exactly one added string (its headline)" % name)

        # trim: a verbatim prefix of the original's paragraphs + one added closing sentence
        tr = pages["trim"]
        tk = tr.kept_lines
        trim_note = ""
        if tk != o_paras[:len(tk)]:
            err("%s/trim: kept text is not a verbatim prefix of the original's paragraphs" % name)
        else:
            frac = length("\n".join(tk), lang) / max(1, body_len)
            trim_note = "keeps %d/%d paras, %.0f%%" % (len(tk), len(o_paras), 100 * frac)
            if not TRIM_FRACTION[0] <= frac <= TRIM_FRACTION[1]:
                err("%s/trim: keeps %.0f%% of the original body (want %d-%d%%)"
                    % (name, 100 * frac, 100 * TRIM_FRACTION[0], 100 * TRIM_FRACTION[1]))
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string (the closing sentence)" % name)
        elif not "\n".join(tr.article_lines).rstrip().endswith(tr.added[0]):
            err("%s/trim: the added sentence is not at the end of the article" % name)

        # light_edit: original paragraphs (lightly edited) + one added paragraph in the middle
        le = pages["light_edit"]
        le_body = le.article_lines[1:]
        addp = [i for i, ln in enumerate(le_body) if ln in le.added]
        le_note = ""
        if len(addp) != 1:
            err("%s/light_edit: expected exactly one added paragraph, got %d" % (name, len(addp)))
        elif addp[0] in (0, len(le_body) - 1):
            err("%s/light_edit: the added paragraph is not in the middle" % name)
        kept = le.kept_lines
        if len(kept) != len(o_paras):
            err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(kept), len(o_paras)))
        else:
            sims = [trigram_sim(x, y) for x, y in zip(kept, o_paras)]
            changed = sum(1 for x, y in zip(kept, o_paras) if x != y)
            le_note = "added para #%d; %d paras edited, min sim %.2f" % (addp[0] + 1 if addp else 0, changed, min(sims))
            if min(sims) < 0.6:
                err("%s/light_edit: a paragraph differs too much from the original (sim %.2f)" % (name, min(sims)))
            if changed == 0:
                err("%s/light_edit: no small edits in the body" % name)
        if len(le.added) != 2:
            err("%s/light_edit: expected two added strings (headline, paragraph)" % name)

        rw = pages["rewrite"]
        if len(rw.added) != 2:
            err("%s/rewrite: expected two added strings (headline, one fact sentence)" % name)

        # overlaps
        og_body = grams("\n".join(o_paras), lang)
        og = grams("\n".join(orig.article_lines), lang)
        for role in ["original"] + KINDS + ["distractor"]:
            p = pages[role]
            g = grams("\n".join(p.article_lines), lang)
            shared = g & og
            share = len(g & og_body) / max(1, len(og_body))
            note = {"trim": trim_note, "light_edit": le_note}.get(role, "")
            rows.append((name, role, p.id, str(p.date), p.length, len(g), len(shared), share, note))
            if role in MIN_SHARE and share < MIN_SHARE[role]:
                err("%s/%s: shares only %.0f%% of the original body's n-grams (min %.0f%%)"
                    % (name, role, 100 * share, 100 * MIN_SHARE[role]))
            if role == "rewrite" and len(shared) > MAX_REWRITE[mode]:
                err("%s/rewrite: shares %d n-grams with the original (max %d)" % (name, len(shared), MAX_REWRITE[mode]))
            if role == "distractor" and len(shared) > MAX_DISTRACTOR:
                err("%s/distractor: shares %d n-grams with the original (max %d)" % (name, len(shared), MAX_DISTRACTOR))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:120])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(shared, key=show):
                        print("    shared: %s" % show(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("n-grams of each page's article text (page minus labelled furniture) shared with the original")
    print("km/lo/my: character 10-grams, spaces ignored; si/mn/yo: word 5-grams")
    print("length: words (si/mn/yo) or non-space characters (km/lo/my); original: body only")
    print("%-22s %-10s %-12s %-10s %6s %6s %7s %7s  %s" % ("story", "page", "id", "date", "length", "grams",
                                                         "shared", "%body", "notes"))
    for r in rows:
        print("%-22s %-10s %-12s %-10s %6d %6d %7d %6.0f%%  %s" % (r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                                                                  100 * r[7], r[8]))
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
