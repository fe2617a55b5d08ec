#!/usr/bin/env python3
"""Check blind46 (news in six Indian languages and scripts) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, digits, added strings, shared 5-grams

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
LANGS = {"gu", "kn", "te", "ml", "pa", "or"}
# body length in words (article text without its headline; a word is a whitespace-separated
# run that holds at least one letter, combining mark or digit)
RANGES = {"original": (250, 420), "light_edit": (270, 520), "trim": (120, 330),
          "rewrite": (180, 350), "summary": (50, 110), "distractor": (150, 420)}
PARAS_ORIGINAL = (6, 8)
LIGHT_EDITED = (3, 5)            # light_edit: paragraphs with small wording changes
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original's
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# native digits of the six scripts (and Devanagari, used by none here) read as ASCII digits
NATIVE = {"gu": 0x0AE6, "kn": 0x0CE6, "te": 0x0C66, "ml": 0x0D66, "pa": 0x0A66, "or": 0x0B66,
          "hi": 0x0966}
DIGITS = {}
for base in NATIVE.values():
    for i in range(10):
        DIGITS[base + i] = str(i)


def norm_digits(text):
    return text.translate(DIGITS)


def is_word_char(ch):
    # letters, combining marks (vowel signs, virama, anusvara...), digits, ZWNJ/ZWJ
    return unicodedata.category(ch)[0] in "LMN" or ch in "\u200c\u200d"


def tokens(text):
    """Lower-cased runs of letters/marks/digits; everything else (space, punctuation,
    danda, ₹, quotes) separates tokens. Native digits are read as ASCII digits."""
    out, cur = [], []
    for ch in norm_digits(text).lower():
        if is_word_char(ch):
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if any(is_word_char(c) for c in w))


def trigram_sim(a, b):
    a, b = norm_digits(a.lower()), norm_digits(b.lower())
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def digit_style(text):
    native = sum(1 for c in text if ord(c) in DIGITS)
    ascii_ = sum(1 for c in text if "0" <= c <= "9")
    if native and ascii_:
        return "mixed"
    return "native" if native else ("ascii" if ascii_ else "none")


SENT_END = re.compile(r"[.!?।॥](?=[\s\"'”’»)]|$)")


def sentences(text):
    return len(SENT_END.findall(text.strip()))


# ---------------------------------------------------------------- dates
MONTH_NAMES = [
    # Gujarati
    "જાન્યુઆરી ફેબ્રુઆરી માર્ચ એપ્રિલ મે જૂન જુલાઈ ઓગસ્ટ સપ્ટેમ્બર ઓક્ટોબર નવેમ્બર ડિસેમ્બર",
    "જાન્યુ. ફેબ્રુ. માર્ચ એપ્રિલ મે જૂન જુલાઇ ઑગસ્ટ સપ્ટે. ઑક્ટોબર નવે. ડિસે.",
    # Kannada
    "ಜನವರಿ ಫೆಬ್ರವರಿ ಮಾರ್ಚ್ ಏಪ್ರಿಲ್ ಮೇ ಜೂನ್ ಜುಲೈ ಆಗಸ್ಟ್ ಸೆಪ್ಟೆಂಬರ್ ಅಕ್ಟೋಬರ್ ನವೆಂಬರ್ ಡಿಸೆಂಬರ್",
    # Telugu
    "జనవరి ఫిబ్రవరి మార్చి ఏప్రిల్ మే జూన్ జూలై ఆగస్టు సెప్టెంబర్ అక్టోబర్ నవంబర్ డిసెంబర్",
    "జనవరి ఫిబ్రవరి మార్చ్ ఏప్రిల్ మే జూన్ జులై ఆగష్టు సెప్టెంబరు అక్టోబరు నవంబరు డిసెంబరు",
    # Malayalam
    "ജനുവരി ഫെബ്രുവരി മാർച്ച് ഏപ്രിൽ മേയ് ജൂൺ ജൂലൈ ഓഗസ്റ്റ് സെപ്റ്റംബർ ഒക്ടോബർ നവംബർ ഡിസംബർ",
    "ജനുവരി ഫെബ്രുവരി മാർച്ച് ഏപ്രിൽ മെയ് ജൂൺ ജൂലായ് ആഗസ്റ്റ് സെപ്തംബർ ഒക്ടോബർ നവംബർ ഡിസംബർ",
    # Punjabi (Gurmukhi)
    "ਜਨਵਰੀ ਫ਼ਰਵਰੀ ਮਾਰਚ ਅਪ੍ਰੈਲ ਮਈ ਜੂਨ ਜੁਲਾਈ ਅਗਸਤ ਸਤੰਬਰ ਅਕਤੂਬਰ ਨਵੰਬਰ ਦਸੰਬਰ",
    "ਜਨਵਰੀ ਫਰਵਰੀ ਮਾਰਚ ਅਪਰੈਲ ਮਈ ਜੂਨ ਜੁਲਾਈ ਅਗਸਤ ਸਤੰਬਰ ਅਕਤੂਬਰ ਨਵੰਬਰ ਦਸੰਬਰ",
    # Odia
    "ଜାନୁଆରୀ ଫେବୃଆରୀ ମାର୍ଚ୍ଚ ଅପ୍ରେଲ ମେ ଜୁନ ଜୁଲାଇ ଅଗଷ୍ଟ ସେପ୍ଟେମ୍ବର ଅକ୍ଟୋବର ନଭେମ୍ବର ଡିସେମ୍ବର",
    "ଜାନୁୟାରୀ ଫେବ୍ରୁୟାରୀ ମାର୍ଚ୍ଚ ଏପ୍ରିଲ ମେ ଜୁନ୍ ଜୁଲାଇ ଅଗଷ୍ଟ ସେପ୍ଟେମ୍ବର ଅକ୍ଟୋବର ନଭେମ୍ବର ଡିସେମ୍ବର",
    # English, as Indian sites often print it in their furniture
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
]
MONTHS = {}
for row in MONTH_NAMES:
    for i, name in enumerate(row.split()):
        MONTHS.setdefault(name.rstrip("."), i + 1)
M = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
B = r"(?<![\w\u0900-\u0DFF])"        # no letter or mark just before
E = r"(?![\w\u0900-\u0DFF])"         # none just after
DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\s+" + B + "(" + M + r")" + E + r"\.?,?\s+(\d{4})(?!\d)")),
    ("Mdy", re.compile(B + "(" + M + r")" + E + r"\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
    ("yMd", re.compile(r"(?<!\d)(\d{4}),?\s+" + B + "(" + M + r")" + E + r"\.?\s+(\d{1,2})(?!\d)")),
]


def first_date(text):
    t = norm_digits(text)   # same length, positions kept
    low = t.lower()
    found = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(low):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "dmy":
                    d = datetime.date(int(c), int(b), int(a))
                elif kind == "dMy":
                    d = datetime.date(int(c), MONTHS[b], int(a))
                elif kind == "Mdy":
                    d = datetime.date(int(c), MONTHS[a], int(b))
                else:
                    d = datetime.date(int(a), MONTHS[b], int(c))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), m.end(), d))
    if not found:
        return None
    return min(found)


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
            if body.find(s) < 0:
                err("%s: added string not in article text: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
        self.head = self.article_lines[0] if self.article_lines else ""
        self.paras = self.article_lines[1:]
        self.length = length("\n".join(self.paras))
        self.g = grams("\n".join(self.article_lines))
        self.digits = digit_style("\n".join(self.article_lines))
        self.furniture_digits = digit_style("\n".join(bp))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    langs = []
    for st in labels["stories"]:
        name = st["name"]
        langs.append(st["language"])
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
        o_head, o_paras = orig.head, orig.paras
        notes = {r: "" for r in ORDER}

        # original
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        notes["original"] = "%d paragraphs" % len(o_paras)

        # every derivative is on another site: its first furniture line (masthead) differs
        # from the original's and from the other derivatives'; the distractor is on the
        # original's site (same masthead line)
        mastheads = {}
        for role in ORDER:
            p = pages[role]
            if not p.bp:
                err("%s/%s: no furniture" % (name, role))
                continue
            if role == "distractor":
                if p.bp[0] != orig.bp[0]:
                    err("%s/distractor: not on the original's site (first furniture line differs)" % name)
            elif p.bp[0] in mastheads:
                err("%s/%s: same masthead line as the %s" % (name, role, mastheads[p.bp[0]]))
            else:
                mastheads[p.bp[0]] = role

        # lengths, dates, headlines
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: body length %d words outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                if role == "distractor":
                    if p.date == orig.date or p.date.isocalendar()[:2] != orig.date.isocalendar()[:2]:
                        err("%s/distractor: dated %s, not another day of the original's week (%s)"
                            % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS and p.head != o_head and p.head not in p.added:
                err("%s/%s: first article line differs from the original's headline but is not added" % (name, role))
            for s in p.added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:40]))

        # light_edit: new headline + exactly one added paragraph; every original paragraph
        # kept in order, 3-5 of them with small wording changes (after digit mapping)
        le = pages["light_edit"]
        paras_added = [s for s in le.added if s in le.paras]
        if len(le.added) != 2 or le.head not in le.added or le.head == o_head or len(paras_added) != 1:
            err("%s/light_edit: expected a new headline and exactly one added paragraph" % name)
        if len(le.kept_lines) != len(o_paras):
            err("%s/light_edit: %d kept paragraphs, original has %d" % (name, len(le.kept_lines), len(o_paras)))
        else:
            sims = [trigram_sim(x, y) for x, y in zip(le.kept_lines, o_paras)]
            changed = sum(1 for x, y in zip(le.kept_lines, o_paras) if norm_digits(x) != norm_digits(y))
            if min(sims) < MIN_PARA_SIM:
                err("%s/light_edit: paragraph %d too far from the original (sim %.2f)"
                    % (name, sims.index(min(sims)) + 1, min(sims)))
            if not LIGHT_EDITED[0] <= changed <= LIGHT_EDITED[1]:
                err("%s/light_edit: %d paragraphs edited (want %d-%d)" % (name, changed, *LIGHT_EDITED))
            notes["light_edit"] = "%d/%d edited, min sim %.2f" % (changed, len(o_paras), min(sims))

        # trim: original headline + first 55-70% of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        k = len(tr.kept_lines) - 1
        if tr.head != o_head:
            err("%s/trim: headline is not the original's" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if sentences(s) != 1:
                err("%s/trim: added string is not one sentence: %r" % (name, s[:50]))
            if not tr.article_lines[-1].endswith(s):
                err("%s/trim: added sentence is not at the end of the article" % name)
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: paragraphs are not the original's first %d verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%)" % (k, len(o_paras), 100 * share)

        # rewrite: new headline (added) and own words; nothing else added
        rw = pages["rewrite"]
        if rw.added != [rw.head] or rw.head == o_head:
            err("%s/rewrite: expected exactly one added string, its new headline" % name)
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))

        # summary: original headline, one added opinion sentence
        sm = pages["summary"]
        if sm.head != o_head:
            err("%s/summary: headline is not the original's" % name)
        if len(sm.added) != 1 or sm.added[0] == sm.head or sentences(sm.added[0]) != 1:
            err("%s/summary: expected exactly one added sentence (the opinion)" % name)

        # distractor: same site, another headline, little overlap with the original
        ds = pages["distractor"]
        if ds.head == o_head:
            err("%s/distractor: same headline as the original" % name)
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        worst = max(len(ds.g & pages[r].g) for r in KINDS)
        notes["distractor"] = "max ∩ with a derivative %d" % worst
        if worst > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with a derivative (max %d)" % (name, worst, MAX_DISTRACTOR))

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.digits, p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  words=%d  digits: text %s, furniture %s"
                      % (name, role, p.id, p.date, p.length, p.digits, p.furniture_digits))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor", "summary"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if sorted(langs) != sorted(LANGS):
        err("languages %s, expected one story each in %s" % (sorted(langs), sorted(LANGS)))
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-25s %-10s %-12s %-10s %-6s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "digits",
                                                                "words", "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-25s %-10s %-12s %-10s %-6s %5d %5d %6d %5.0f%%  %s" % r)
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
