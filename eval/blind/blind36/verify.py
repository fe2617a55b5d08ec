#!/usr/bin/env python3
"""Check blind36 (localised copies) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail

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

KINDS = ["localised", "copy", "localised_edit", "rewrite"]
MAX_REWRITE_VS_LOCALISED = 10   # shared word 5-grams, rewrite vs localised copy
MAX_DISTRACTOR = 3              # shared word 5-grams, distractor vs original / localised
# article-text length: words (whitespace-separated, with at least one letter or
# digit) or, for Chinese, CJK characters. Headline included; the original's
# body without headline is checked against the same range.
RANGES = {
    "default": {"original": (350, 450), "copy": (340, 470), "localised": (340, 500),
                "localised_edit": (320, 500), "rewrite": (250, 480), "distractor": (150, 450)},
    "zh": {"original": (700, 900), "copy": (690, 920), "localised": (680, 950),
           "localised_edit": (650, 950), "rewrite": (450, 900), "distractor": (200, 900)},
}
PARAS_ORIGINAL = (6, 8)

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]|[^\W_]+")


def tokens(text):
    out = []
    for t in TOKEN.findall(text.lower()):
        if CJK.match(t) or not CJK.search(t):
            out.append(t)
        else:  # a letter run that mixes CJK with other letters: split
            out.extend(re.findall(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff]|[^\W_\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff]+", t))
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "zh":
        return len(CJK.findall(text))
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


# ---------------------------------------------------------------- sentences
ABBR = {"mr", "mrs", "ms", "dr", "st", "prof", "sr", "sra", "dra", "a.m", "p.m",
        "no", "nr", "vs", "etc", "u.s", "fr", "ca"}
CLOSE = "”’\"»」』）)"
OPEN = "«„“\"‘'¿¡(—–"


def sentence_count(par, lang):
    par = par.strip()
    if not par:
        return 0
    if lang == "zh":
        parts = re.split(r"(?<=[。！？])(?![。！？”」』）])|(?<=[。！？][”」』）])", par)
        return sum(1 for p in parts if p.strip())
    n = 1
    for m in re.finditer(r"[.!?…]+", par):
        i = m.end()
        while i < len(par):
            if par[i] in CLOSE:
                i += 1
            elif par[i] in " \u00a0\u202f" and i + 1 < len(par) and par[i + 1] == "»":
                i += 2
            else:
                break
        if i >= len(par):
            continue
        if not par[i].isspace():
            continue
        j = i
        while j < len(par) and (par[j].isspace() or par[j] in OPEN):
            j += 1
        if j >= len(par) or not (par[j].isupper() or par[j].isdigit()):
            continue
        before = par[:m.start()].split()
        word = before[-1].lstrip(OPEN).lower() if before else ""
        if word in ABBR or (len(word) == 1 and word.isalpha()):
            continue
        n += 1
    return n


# ---------------------------------------------------------------- dates
MONTHS = {}
for lang_months in [
    "january february march april may june july august september october november december",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
]:
    for i, name in enumerate(lang_months.split()):
        MONTHS[name] = i + 1
for lang_abbr in ["jan feb mar apr may jun jul aug sep oct nov dec",
                  "jan fev mar abr mai jun jul ago set out nov dez",
                  "ene feb mar abr may jun jul ago sep oct nov dic"]:
    for i, name in enumerate(lang_abbr.split()):
        MONTHS.setdefault(name, i + 1)
MONTHS["sept"] = 9

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.([^\W\d_]{3,4})\.(\d{4})")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})(?:\.|er)?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})")),
    ("Mdy", re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2}),\s+(\d{4})")),
]


def first_date(text):
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
        # article text = page minus boilerplate
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        # every line of the page is either furniture (whole) or article
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        # added strings: inside the article text, not inside furniture
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
        pages = {}
        orig = Page(st["original"], "original", st["boilerplate_of_original"], [])
        pages["original"] = orig
        kinds = {}
        for pid, d in st["derivatives"].items():
            p = Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []))
            kinds.setdefault(d["kind"], []).append(p)
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        dis = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        pages["distractor"] = dis
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue

        loc = pages["localised"]
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(o_paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), lo, hi))
        body_len = length("\n".join(o_paras), lang)
        a, b = rng["original"]
        if not a <= body_len <= b:
            err("%s: original body length %d outside %d-%d" % (name, body_len, a, b))

        # lengths, dates, headlines
        for role, p in pages.items():
            n = length("\n".join(p.article_lines), lang)
            p.length = n
            a, b = rng[role]
            if not a <= n <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, n, a, b))
            if p.date and orig.date:
                if role == "distractor":
                    if abs((p.date - orig.date).days) > 1:
                        err("%s/distractor: date %s not within a day of original %s" % (name, p.date, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head != o_head and head not in p.added:
                    err("%s/%s: headline differs from the original's but is not labelled added" % (name, role))
                if len(p.added) < 1:
                    err("%s/%s: no added strings" % (name, role))

        # verbatim copy: original body paragraphs, same order
        cp = pages["copy"]
        if cp.kept_lines != o_paras:
            err("%s/copy: body is not the original's body verbatim" % name)

        # localised: same paragraphs, same sentences per paragraph
        osc = [sentence_count(x, lang) for x in o_paras]
        lsc = [sentence_count(x, lang) for x in loc.kept_lines]
        if lsc != osc:
            err("%s/localised: sentences per paragraph %s != original %s" % (name, lsc, osc))
        if loc.kept_lines == o_paras:
            err("%s/localised: body identical to the original (not localised)" % name)
        ed = pages["localised_edit"]
        esc = [sentence_count(x, lang) for x in ed.kept_lines]
        drops = [i for i in range(len(osc)) if osc[:i] + osc[i + 1:] == esc]
        if len(drops) > 1:  # several fit the sentence counts: keep the most similar alignment
            def sim(a, b):
                ga = {a[i:i + 3] for i in range(len(a) - 2)}
                gb = {b[i:i + 3] for i in range(len(b) - 2)}
                return len(ga & gb) / max(1, len(ga | gb))
            drops = [max(drops, key=lambda i: sum(sim(x.lower(), y.lower()) for x, y in
                                                 zip(o_paras[:i] + o_paras[i + 1:], ed.kept_lines)))]
        if not drops:
            err("%s/localised_edit: sentences per paragraph %s do not match the original %s minus one paragraph"
                % (name, esc, osc))
        added_paras = [s for s in ed.added[1:] if s.strip() in [ln for ln in ed.article_lines]]
        if len(added_paras) != 1:
            err("%s/localised_edit: expected one added paragraph, got %d" % (name, len(added_paras)))
        rw = pages["rewrite"]
        if len(rw.added) < 2:
            err("%s/rewrite: expected a new headline and a background sentence as added" % name)

        # overlaps
        og = grams("\n".join(orig.article_lines))
        lg = grams("\n".join(loc.article_lines))
        ofull, lfull = grams(orig.text), grams(loc.text)
        for role in ["original", "localised", "copy", "localised_edit", "rewrite", "distractor"]:
            p = pages[role]
            g = grams("\n".join(p.article_lines))
            so, sl = len(g & og), len(g & lg)
            rows.append((name, role, p.id, p.length, len(g), so, sl,
                         ", ".join(map(str, drops)) if role == "localised_edit" else "",
                         "/".join(map(str, [sentence_count(x, lang) for x in
                                            (o_paras if role == "original" else p.kept_lines)]))
                         if role in ("original", "localised", "localised_edit") else ""))
            if role == "rewrite" and sl > MAX_REWRITE_VS_LOCALISED:
                err("%s/rewrite: shares %d 5-grams with the localised copy (max %d)"
                    % (name, sl, MAX_REWRITE_VS_LOCALISED))
            if role == "distractor":
                fg = grams(p.text)
                for what, n in [("original", so), ("localised copy", sl),
                                ("original (full page)", len(fg & ofull)),
                                ("localised copy (full page)", len(fg & lfull))]:
                    if n > MAX_DISTRACTOR:
                        err("%s/distractor: shares %d 5-grams with the %s (max %d)"
                            % (name, n, what, MAX_DISTRACTOR))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s[:100])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(g & lg):
                        print("    shared with localised: %s" % " ".join(gr))
                if role == "distractor":
                    for gr in sorted(g & og):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original and with its localised copy")
    print("%-19s %-15s %-12s %6s %6s %7s %7s  %s" % ("story", "page", "id", "length", "5g", "∩orig", "∩loc", "notes"))
    for r in rows:
        note = ""
        if r[8]:
            note = "sentences/para " + r[8]
        if r[7]:
            note += "; dropped para #%s" % r[7]
        print("%-19s %-15s %-12s %6d %6d %7d %7d  %s" % (r[0], r[1], r[2], r[3], r[4], r[5], r[6], note))
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
