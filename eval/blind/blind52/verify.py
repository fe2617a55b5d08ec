#!/usr/bin/env python3
"""Check blind52 (press releases and the news that picks them up) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

Standard library only.

Word 5-grams: text is NFKC-normalised and lower-cased, then split into tokens. For the five
European languages a token is a run of letters/digits. For Japanese (no spaces) a token is a
run of one script: kanji (with 々〆), hiragana, katakana (with ー), or Latin letters/digits;
so 自主回収を実施 gives 自主回収 | を | 実施. Punctuation separates tokens and is dropped.
Lengths: words (whitespace-separated, with a letter or digit) for the European languages;
for Japanese, characters other than whitespace (punctuation counted).
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

KINDS = ["news_copy", "agency", "brief", "rewrite"]
ORDER = ["original"] + KINDS + ["distractor"]

# lengths of the article text WITHOUT its headline (first article line):
# (European languages in words, Japanese in characters)
RANGES = {
    "original":   ((250, 400), (600, 1000)),
    "agency":     ((120, 330), (300, 825)),
    "brief":      ((60, 100), (150, 250)),
    "rewrite":    ((200, 350), (500, 875)),
    "distractor": ((200, 400), (500, 1000)),
}
PARAS_ORIGINAL = (5, 7)
PARAS_DISTRACTOR = (4, 7)
MAX_REWRITE = 10        # shared 5-grams rewrite vs original article text
MAX_DISTRACTOR = 5      # shared 5-grams distractor article text vs original article text
MAX_BRIEF = 8           # shared 5-grams brief vs original ("in its own words")
MAX_BACKGROUND = 3      # shared 5-grams, agency's added background paragraph vs original
MAX_REWORD_SIM = 0.6    # char-trigram Jaccard: agency's first two paragraphs vs any original paragraph

# per language: press-release label, end mark (None: no end mark in that country's releases),
# contact block (first line), about/notes section (first line), quote pattern
LANG = {
    "es": dict(label=r"^NOTA DE PRENSA$", end="-FIN-", contact=r"^Contacto para medios", about=r"^Sobre ",
               quote=r"«([^»]+)»"),
    "fr": dict(label=r"^COMMUNIQUÉ DE PRESSE$", end=None, contact=r"^Contact presse", about=r"^À propos d",
               quote=r"«\s*([^»]+?)\s*»"),
    "de": dict(label=r"^Pressemitteilung", end="-ENDE-", contact=r"^Pressekontakt", about=r"^Über die ",
               quote=r"„([^“]+)“"),
    "it": dict(label=r"^Comunicato stampa$", end=None, contact=r"^Ufficio Stampa", about=r"^Note per le redazioni",
               quote=r"«([^»]+)»"),
    "nl": dict(label=r"^PERSBERICHT$", end="--- EINDE PERSBERICHT ---", contact=r"^Noot voor de redactie",
               about=r"^Over ", quote=r"“([^”]+)”"),
    "ja": dict(label=r"^ニュースリリース$", end="以上", contact=r"^【報道関係者", about=r"^【会社概要】",
               quote=r"「([^」]+)」"),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens, lengths
TOKEN = re.compile(
    r"[\u4e00-\u9fff\u3400-\u4dbf\u3005\u3006]+"          # kanji
    r"|[\u3041-\u3096]+"                                   # hiragana
    r"|[\u30a1-\u30fa\u30fc]+"                             # katakana
    r"|[^\W_\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\u3400-\u4dbf\u3005\u3006]+")  # others


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text, lang):
    if lang == "ja":
        return sum(1 for c in text if not c.isspace())
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


# ---------------------------------------------------------------- dates and times
MONTHS = {}
for names in [
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s?(?::|h|時)\s?([0-5]\d)(?!\d)")


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
                else:
                    if b.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found[0] if found else None


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
            cov = sum(max(0, min(b, y) - max(x, a)) for x, y in self.spans)
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
        self.time = None
        self.date_line = ""
        if fd is None:
            err("%s: no date found" % pid)
        else:
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
            a = self.text.rfind("\n", 0, fd[0]) + 1
            b = self.text.find("\n", fd[1])
            self.date_line = self.text[a:b if b >= 0 else len(self.text)]
            m = TIME.search(self.date_line)
            if m:
                self.time = (int(m.group(1)), int(m.group(2)))
        self.head = self.article_lines[0] if self.article_lines else ""
        self.body_lines = self.article_lines[1:]
        self.body_len = length("\n".join(self.body_lines), lang)
        self.g = grams("\n".join(self.article_lines))


def quotes(lang, text):
    """Quoted passages long enough to be a quote (not a product name or a title)."""
    out = []
    for m in re.finditer(LANG[lang]["quote"], text):
        q = m.group(1).strip()
        if (lang == "ja" and len(q) >= 20) or (lang != "ja" and len(q.split()) >= 6):
            out.append(q.rstrip(".,;:!? 。、"))
    return out


def check_range(name, role, p):
    if role not in RANGES:
        return
    a, b = RANGES[role][1 if p.lang == "ja" else 0]
    if not a <= p.body_len <= b:
        err("%s/%s: article length without headline %d outside %d-%d" % (name, role, p.body_len, a, b))


def tail_strings(name, role, p, cfg):
    """Find the release tail in a newsroom page's furniture: end mark, contact block, about section."""
    found = {}
    if cfg["end"] is not None:
        if cfg["end"] in p.bp:
            found["end"] = cfg["end"]
        else:
            err("%s/%s: end mark %r not a furniture line" % (name, role, cfg["end"]))
    else:
        for s in p.bp:
            if s.strip() in ("###", "FIN", "-FIN-", "- FIN -", "-ENDE-", "FINE", "– Fine –"):
                err("%s/%s: unexpected end mark %r" % (name, role, s))
    c = [s for s in p.bp if re.search(cfg["contact"], s) and "\n" in s and "@" in s]
    if len(c) != 1:
        err("%s/%s: expected one contact block (multi-line, with an e-mail) in furniture" % (name, role))
    else:
        found["contact"] = c[0]
    ab = [s for s in p.bp if re.search(cfg["about"], s) and "\n" in s]
    if len(ab) != 1:
        err("%s/%s: expected one about/notes section in furniture" % (name, role))
    else:
        found["about"] = ab[0]
    if not any(re.search(cfg["label"], s) for s in p.bp):
        err("%s/%s: no press-release label line in furniture" % (name, role))
    if p.time is not None:
        err("%s/%s: the release's date line has a time of day: %r" % (name, role, p.date_line))
    return found


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        if lang not in LANG:
            err("%s: unknown language %s" % (name, lang))
            continue
        cfg = LANG[lang]
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
        o_paras = orig.body_lines
        notes = {r: "" for r in ORDER}

        # ------------------------------------------------ original: the release
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        tail = tail_strings(name, "original", orig, cfg)
        q_paras = [x for x in o_paras if quotes(lang, x)]
        if not 1 <= len(q_paras) <= 2:
            err("%s: original has quotes in %d paragraphs (want 1-2)" % (name, len(q_paras)))
        o_quotes = [q for x in o_paras for q in quotes(lang, x)]
        notes["original"] = "%d paras, %d with quotes; tail: %s" % (
            len(o_paras), len(q_paras), ", ".join(sorted(tail)))

        # ------------------------------------------------ lengths, dates, headlines
        for role in ORDER:
            p = pages[role]
            check_range(name, role, p)
            if role in KINDS:
                if p.head not in p.added:
                    err("%s/%s: first article line (headline) is not added" % (name, role))
                if p.head == orig.head:
                    err("%s/%s: headline is the release's own" % (name, role))
        d0 = orig.date
        if d0:
            for role in ("news_copy", "agency", "brief"):
                if pages[role].date != d0:
                    err("%s/%s: dated %s, not the release's day %s" % (name, role, pages[role].date, d0))
            if pages["rewrite"].date != d0 + datetime.timedelta(days=1):
                err("%s/rewrite: dated %s, not the day after the release (%s)" % (name, pages["rewrite"].date, d0))
            ds = pages["distractor"]
            if ds.date is None or ds.date == d0 or (ds.date.year, ds.date.month) != (d0.year, d0.month):
                err("%s/distractor: dated %s, not another day of the release's month" % (name, ds.date))
        nc, ag = pages["news_copy"], pages["agency"]
        if nc.time is None:
            err("%s/news_copy: date line without a time: %r" % (name, nc.date_line))
        if ag.time is None:
            err("%s/agency: date line without a time: %r" % (name, ag.date_line))
        elif nc.time is not None and ag.time <= nc.time:
            err("%s/agency: time %02d:%02d not later than the news_copy's %02d:%02d" % (name, *ag.time, *nc.time))

        # ------------------------------------------------ news_copy: body verbatim, one sentence trimmed, no tail
        if len(nc.added) != 1:
            err("%s/news_copy: expected exactly one added string (the headline)" % name)
        kept = nc.kept_lines
        if len(kept) != len(o_paras):
            err("%s/news_copy: %d paragraphs, the release has %d" % (name, len(kept), len(o_paras)))
        else:
            diff = [(q, p) for q, p in zip(kept, o_paras) if q != p]
            if len(diff) != 1:
                err("%s/news_copy: %d paragraphs differ from the release (want exactly 1, trimmed)" % (name, len(diff)))
            else:
                q, p = diff[0]
                i = 0
                while i < min(len(p), len(q)) and p[i] == q[i]:
                    i += 1
                ok = False
                for k in range(i, -1, -1):
                    rest = q[k:]
                    if p.endswith(rest) and len(p) - len(rest) >= k:
                        removed = p[k:len(p) - len(rest)].strip()
                        ok = True
                        break
                if not ok:
                    err("%s/news_copy: changed paragraph is not the release's with one span removed" % name)
                else:
                    ends = len(re.findall(r"[.!?。](?=\s|$|[»“”」])", removed + " "))
                    big = len(removed) >= 10 if lang == "ja" else len(removed.split()) >= 4
                    if ends != 1 or not big:
                        err("%s/news_copy: removed span is not one sentence: %r" % (name, removed[:80]))
                    notes["news_copy"] = "trimmed: %s…" % removed[:38]
        for key, s in tail.items():
            probe = s.split("\n")[-1] if key != "end" else s
            if key == "end":
                if any(ln.strip() == s for ln in nc.text.split("\n")):
                    err("%s/news_copy: keeps the release's end mark" % name)
            elif probe in nc.text or s.split("\n")[0] in nc.text:
                err("%s/news_copy: keeps the release's %s" % (name, key))

        # ------------------------------------------------ agency: reworded lead, verbatim quote, background
        background = [s for s in ag.added if s != ag.head]
        if len(ag.added) != 2 or len(background) != 1 or background[0] not in ag.article_lines:
            err("%s/agency: expected two added strings: headline and one background paragraph" % name)
        else:
            nb = len(grams(background[0]) & orig.g)
            if nb > MAX_BACKGROUND:
                err("%s/agency: background paragraph shares %d 5-grams with the release" % (name, nb))
        lead = ag.body_lines[:2]
        sims = [max(trigram_sim(x.lower(), y.lower()) for y in o_paras) for x in lead]
        if len(lead) < 2 or any(x in o_paras for x in lead) or max(sims) >= MAX_REWORD_SIM:
            err("%s/agency: first two paragraphs are not reworded (max sim %.2f)" % (name, max(sims or [0])))
        art = "\n".join(ag.article_lines)
        vq = [q for q in o_quotes if q in art]
        if not vq:
            err("%s/agency: no quote of the release carried verbatim" % name)
        notes["agency"] = "lead sim %.2f/%.2f; %d quote verbatim" % (sims[0], sims[1], len(vq)) if len(sims) == 2 else ""

        # ------------------------------------------------ brief and rewrite
        br, rw = pages["brief"], pages["rewrite"]
        nbr = len(br.g & orig.g)
        if nbr > MAX_BRIEF:
            err("%s/brief: shares %d 5-grams with the release (max %d)" % (name, nbr, MAX_BRIEF))
        nrw = len(rw.g & orig.g)
        if nrw > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the release (max %d)" % (name, nrw, MAX_REWRITE))
        notes["rewrite"] = "%d added" % len(rw.added)

        # ------------------------------------------------ distractor: same newsroom template and tail
        ds = pages["distractor"]
        if ds.bp[:4] != orig.bp[:4]:
            err("%s/distractor: not the release's newsroom template (first furniture lines differ)" % name)
        dtail = tail_strings(name, "distractor", ds, cfg)
        for key, s in tail.items():
            if dtail.get(key) != s:
                err("%s/distractor: %s differs from the release's" % (name, key))
        if not PARAS_DISTRACTOR[0] <= len(ds.body_lines) <= PARAS_DISTRACTOR[1]:
            err("%s/distractor: %d paragraphs" % (name, len(ds.body_lines)))
        nds = len(ds.g & orig.g)
        if nds > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the release's article text (max %d)" % (name, nds, MAX_DISTRACTOR))
        notes["distractor"] = "same template + tail"

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            t = "%02d:%02d" % p.time if p.time else "-"
            rows.append((name, role, p.id, str(p.date), t, p.body_len, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s time=%s  len=%d" % (name, role, p.id, p.date, t, p.body_len))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("brief", "rewrite", "distractor", "agency"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture),")
    print("shared with the story's original (the release); %orig = share of the page's own 5-grams;")
    print("len = article text without headline, in words (ja: characters)")
    print("%-26s %-11s %-12s %-10s %-5s %5s %5s %6s %6s  %s" % (
        "story", "page", "id", "date", "time", "len", "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-26s %-11s %-12s %-10s %-5s %5d %5d %6d %5.0f%%  %s" % r)
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
