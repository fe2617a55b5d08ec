#!/usr/bin/env python3
"""Check blind67 (ordinary local news in ku, bs, oc, yi, bo, qu) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, shared 5-grams

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
LANGS = {"ku", "bs", "oc", "yi", "bo", "qu"}
# article-text length in words, headline/title included (Tibetan: syllables / 2)
RANGES = {"original": (310, 440), "light_edit": (330, 520), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (150, 330)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline
PARAS_ORIGINAL = (6, 8)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
DISTRACTOR_DAYS = (1, 3)         # distractor is 1-3 days before or after the original

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# A token is a run of letters, combining marks and digits (Unicode categories L*, M*, N*),
# lower-cased. An apostrophe (' ’ ʼ) between two such characters stays inside the token:
# Quechua p'unchaw, Kusiq'asa and Occitan d'octobre, l'associacion are one token each.
# Combining marks matter for Yiddish (אַ, פּ, ײַ) and Tibetan (vowel signs, subjoined
# letters). Tibetan has no spaces between words: the tsheg ་ and the shad ། are
# punctuation, so a Tibetan token is a syllable; Tibetan n-grams are syllable n-grams.
APOS = "'’ʼ"


def _wordchar(c):
    return unicodedata.category(c)[0] in "LMN"


def tokens(text):
    out, cur = [], []
    text = text.lower()
    for i, c in enumerate(text):
        if _wordchar(c):
            cur.append(c)
        elif c in APOS and cur and i + 1 < len(text) and _wordchar(text[i + 1]):
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    """Words: whitespace-separated items with a letter or digit; Tibetan: syllables / 2."""
    if lang == "bo":
        return len(tokens(text)) / 2.0
    return sum(1 for w in text.split() if any(unicodedata.category(c)[0] in "LN" for c in w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def one_sentence(s):
    """No sentence end (. ! ? … or the Tibetan shad །) followed by more text."""
    return not re.search(r"[.!?…།](?=[»”\"]?\s+\S)", s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "çile sibat adar nîsan gulan hezîran tîrmeh tebax îlon cotmeh mijdar kanûn",            # ku
    "januar februar mart april maj juni juli august septembar oktobar novembar decembar",   # bs
    "januara februara marta aprila maja juna jula augusta septembra oktobra novembra decembra",
    "genièr febrièr març abril mai junh julhet agost setembre octobre novembre decembre",   # oc
    "_ _ _ _ _ _ _ _ setembre octòbre novèmbre decèmbre",
    "יאַנואַר פֿעברואַר מערץ אַפּריל מייַ יוני יולי אויגוסט סעפּטעמבער אָקטאָבער נאָוועמבער דעצעמבער",  # yi
    "enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre diciembre",  # qu (Spanish names)
    "_ _ _ _ _ _ _ _ septiembre _ _ _",
]:
    for i, name in enumerate(names.split()):
        if name != "_":
            MONTHS[name] = i + 1
# Tibetan: ཟླ་བ་<ordinal> (first ... twelfth month of the Western calendar)
BO_MONTHS = {n: i + 1 for i, n in enumerate(
    "དང་པོ གཉིས་པ གསུམ་པ བཞི་པ ལྔ་པ དྲུག་པ བདུན་པ བརྒྱད་པ དགུ་པ བཅུ་པ བཅུ་གཅིག་པ བཅུ་གཉིས་པ".split())}

_M = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_BM = "|".join(sorted((re.escape(m) for m in BO_MONTHS), key=len, reverse=True))
D = r"(\d{1,2})"
Y = r"(\d{4})"
DATE_PATTERNS = [
    # numeric: 2025-07-15 | 23.09.2025 | 10. 6. 2025. | 04/08/2025
    ("ymd", True, re.compile(r"(?<!\d)" + Y + r"[-/.]" + D + r"[-/.]" + D + r"(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)" + D + r"[./-] ?" + D + r"[./-] ?" + Y + r"(?!\d)")),
    # written: 23 Îlon 2025 | 10. juna 2025. | 20 d'octobre de 2025 | 2טן סעפּטעמבער 2025 | 4 agosto killa, 2025
    ("dMy", False, re.compile(r"(?<!\d)" + D + r"(?:\.|ê|טן|סטן)?\s*(?:de\s+|d')?(" + _M + r")(?:\s+killa)?,?\s+(?:de\s+)?" + Y + r"(?!\d)", re.I)),
    # written, month first: סעפּטעמבער 2, 2025
    ("Mdy", False, re.compile(r"(" + _M + r")\s+" + D + r",\s+" + Y + r"(?!\d)", re.I)),
    # Tibetan written: ཕྱི་ལོ་༢༠༢༥ ཟླ་བ་བདུན་པའི་ཚེས་༡༥
    ("boM", False, re.compile(r"(?:ཕྱི|སྤྱི)་ལོ་\s*" + Y + r"(?:་?\s*ལོའི)?[་\s]*ཟླ་བ་(" + _BM + r")(?:འི)?[་\s]*ཚེས་\s*" + D)),
    # Tibetan numeric: ཕྱི་ལོ་༢༠༢༥ ཟླ་༧ ཚེས་༡༥
    ("bon", True, re.compile(r"(?:ཕྱི|སྤྱི)་ལོ་\s*" + Y + r"(?:་?\s*ལོའི)?[་\s]*ཟླ་\s*" + D + r"[་\s]*(?:པའི་)?ཚེས་\s*" + D)),
]
TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h\s*)(\d{2})(?!\d)")


def first_date(text):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            g = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(g[0]), int(g[1]), int(g[2]))
                elif kind == "dmy":
                    d = datetime.date(int(g[2]), int(g[1]), int(g[0]))
                elif kind == "dMy":
                    d = datetime.date(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
                elif kind == "Mdy":
                    d = datetime.date(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
                elif kind == "boM":
                    d = datetime.date(int(g[0]), BO_MONTHS[g[1]], int(g[2]))
                else:
                    d = datetime.date(int(g[0]), int(g[1]), int(g[2]))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort(key=lambda x: (x[0], -x[1]))
    if not found:
        return None
    a, b, d, numeric = found[0]
    line_end = text.find("\n", b)
    rest = text[b:line_end if line_end >= 0 else len(text)]
    t = TIME.search(rest)
    tm = None
    if t and int(t.group(1)) < 24 and int(t.group(2)) < 60:
        tm = datetime.time(int(t.group(1)), int(t.group(2)))
    return a, b, d, numeric, tm


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
        self.numeric_date = fd[3] if fd else None
        self.time = fd[4] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.length = length("\n".join(self.article_lines), lang)
        self.g = grams("\n".join(self.article_lines))

    def when(self):
        return "%s %s" % (self.date, self.time.strftime("%H:%M") if self.time else "--:--")


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    langs_seen = []
    sites_seen = {}
    for st in labels["stories"]:
        name, lang = st["name"], st.get("language")
        if lang not in LANGS:
            err("%s: language %r not one of %s" % (name, lang, sorted(LANGS)))
        langs_seen.append(lang)
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
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        notes = {r: "" for r in ORDER}

        # sites: five different sites per story (first furniture line); distractor = original's site
        firsts = {}
        for role in ORDER:
            p = pages[role]
            if len(p.bp) < 4:
                err("%s/%s: only %d furniture strings (want a site's furniture, 4 or more)" % (name, role, len(p.bp)))
            if role != "distractor" and p.bp:
                if p.bp[0] in firsts.values():
                    err("%s/%s: same first furniture line as another page of the story" % (name, role))
                firsts[role] = p.bp[0]
                if p.bp[0] in sites_seen:
                    err("%s/%s: site %r also used by story %s" % (name, role, p.bp[0], sites_seen[p.bp[0]]))
        for role, f in firsts.items():
            sites_seen[f] = name

        # original
        if orig.added:
            err("%s: original has added strings" % name)
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        blen = length("\n".join(o_paras), lang)
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %g words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs, body %g words" % (len(o_paras), blen)

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %g outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    gap = abs((p.date - orig.date).days)
                    if not DISTRACTOR_DAYS[0] <= gap <= DISTRACTOR_DAYS[1]:
                        err("%s/distractor: dated %s, %d days from the original (%s), want %d-%d"
                            % (name, p.date, gap, orig.date, *DISTRACTOR_DAYS))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
                elif p.date == orig.date and not (p.time and orig.time and p.time > orig.time):
                    err("%s/%s: same day as the original but not shown later (%s vs %s)"
                        % (name, role, p.when(), orig.when()))
            for s in p.added:
                if role == "light_edit" and p.added and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # light_edit: new headline + one added paragraph (not first); 3-5 paragraphs edited
        le = pages["light_edit"]
        if len(le.added) != 2 or not le.article_lines or le.article_lines[0] != le.added[0]:
            err("%s/light_edit: expected two added strings, the first being the headline" % name)
        elif le.added[0] == o_head:
            err("%s/light_edit: headline is the original's" % name)
        else:
            body = le.article_lines[1:]
            if le.added[1] not in body:
                err("%s/light_edit: added paragraph is not a whole article line" % name)
            elif body.index(le.added[1]) == 0:
                err("%s/light_edit: added paragraph opens the article (want middle or end)" % name)
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
                notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, added para #%d" % (
                    changed, len(o_paras), min(sims), body.index(le.added[1]) + 1 if le.added[1] in body else 0)

        # trim: original headline + first 55-70% of the paragraphs verbatim + one added sentence at the end
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

        # rewrite: new headline, own words, nothing added
        rw = pages["rewrite"]
        if rw.article_lines and rw.article_lines[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        if len(rw.g & orig.g) > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, len(rw.g & orig.g), MAX_REWRITE))
        notes["rewrite"] = "own words"

        # summary: own title + one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)
        if sm.article_lines and sm.article_lines[0] == o_head:
            err("%s/summary: title is the original's headline" % name)
        notes["summary"] = "digest item"

        # distractor: same outlet as the original, little overlap
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        notes["distractor"] = "same site, %+d days" % ((ds.date - orig.date).days if ds.date and orig.date else 0)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, p.when(), p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s (%s)  words=%g  furniture strings=%d" % (
                    name, role, p.id, p.when(), "numeric" if p.numeric_date else "written", p.length, len(p.bp)))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if sorted(langs_seen) != sorted(LANGS):
        err("languages %s, want one story each in %s" % (sorted(langs_seen), sorted(LANGS)))
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams; bo: syllable 5-grams, words = syllables/2")
    print("%-32s %-11s %-12s %-16s %6s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                           "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-32s %-11s %-12s %-16s %6g %5d %6d %5.0f%%  %s" % r)
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
