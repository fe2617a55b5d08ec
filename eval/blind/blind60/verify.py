#!/usr/bin/env python3
"""Check blind60 (police and court reports in de, fr, nl, en-GB, es, pl) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, shared 5-grams

Standard library only.

Word 5-grams: text is NFKC-normalised and lower-cased, then split into tokens (runs of letters and
digits; punctuation, including apostrophes and the dots/commas inside numbers, separates tokens).
Lengths are words: whitespace-separated items containing a letter or digit, without the headline.
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

KINDS = ["copy", "rewrite", "summary", "trim"]
ORDER = ["original"] + KINDS + ["distractor"]

# article-text length in words WITHOUT the headline (first article line)
RANGES = {"original": (150, 320), "distractor": (150, 320), "rewrite": (120, 320), "summary": (40, 80)}
PARAS_ORIGINAL = (4, 6)
PARAS_DISTRACTOR = (4, 6)
TRIM_PARAS = (2, 3)       # trim keeps the original's first 2-3 paragraphs verbatim
MAX_REWRITE = 10          # shared 5-grams, rewrite vs original
MAX_SUMMARY = 6           # shared 5-grams, brief vs original ("in its own words")
MAX_DISTRACTOR = 5        # shared 5-grams, distractor vs original, the fixed template sentence removed from both
MAX_ADDED = 3             # shared 5-grams, the rewrite's added paragraph vs original
MIN_COPY_SIM = 0.7        # char-trigram Jaccard of the copy's one lightly edited paragraph vs the original's
MAX_COPY_EDITED = 1       # paragraphs of the copy that may differ (slightly) from the original
MIN_COPY_DELAY = 60       # minutes: the copy is dated hours after the release

# per language: release label ("press release no. NNN"), contact block (first line), share bar,
# source line of the copy
LANG = {
    "de": dict(label=r"^Pressemitteilung Nr\. (\d{3})$", contact=r"^Rückfragen bitte an",
               share=r"^Seite teilen", source=r"^Quelle: "),
    "fr": dict(label=r"^Communiqué de presse n° (\d{3})$", contact=r"^Contact presse",
               share=r"^Partager", source=r"^Source : "),
    "nl": dict(label=r"^Persbericht nr\. (\d{3})$", contact=r"^Persvoorlichting",
               share=r"^Deel dit bericht", source=r"^Bron: "),
    "en": dict(label=r"^Press release no\. (\d{3})$", contact=r"^Media enquiries",
               share=r"^Share this page", source=r"^Source: "),
    "es": dict(label=r"^Nota de prensa n\.º (\d{3})$", contact=r"^Oficina de Comunicación",
               share=r"^Compartir", source=r"^Fuente: "),
    "pl": dict(label=r"^Komunikat prasowy nr (\d{3})$", contact=r"^Zespół Prasowy",
               share=r"^Udostępnij", source=r"^Źródło: "),
}

# The template's fixed sentence, shared word for word by the release and the distractor (same force,
# same template). Police: the witness appeal with its phone number. Court (es): the legal-remedy notice.
FIXED = {
    "de-brueckental-einbruchsserie": (
        "Zeugen, die sachdienliche Hinweise geben können, werden gebeten, sich unter der Telefonnummer "
        "05631 000-4410 bei der Kriminalpolizei Westerhagen zu melden.", True),
    "fr-villebrune-delit-de-fuite": (
        "Toute personne susceptible d'apporter des éléments utiles à l'enquête est invitée à contacter la "
        "gendarmerie au 05 00 00 17 40, y compris de manière anonyme.", True),
    "nl-ravensloot-hennepkwekerij": (
        "Wie informatie heeft over drugscriminaliteit in de buurt, kan contact opnemen met de politie via "
        "0900-0044 110 of anoniem bellen met de Tiplijn via 0800-0070 700.", True),
    "en-elderford-missing-teenager": (
        "Anyone with information that could help is asked to call Wessmoor Police on 101 or report it "
        "online at wessmoor.police.example/report.", True),
    "es-mirasierra-estafa-solar": (
        "La sentencia no es firme y contra ella cabe interponer recurso de apelación ante la Sala de lo "
        "Civil y Penal del Tribunal Superior de Justicia de Castrillo.", False),
    "pl-olchowiec-trzezwy-poranek": (
        "Policjanci apelują: jeśli widzisz, że ktoś po alkoholu wsiada za kierownicę, nie bądź obojętny i "
        "zadzwoń pod numer alarmowy 112.", True),
}
PHONE = re.compile(r"(?<!\d)(?:\d{2,5}[ -]?){2,}\d{2,}|(?<!\d)(?:101|112|999)(?!\d)")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def trigram_sim(a, b):
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def one_sentence(s):
    """No sentence end followed by more text inside the string."""
    return not re.search(r"[.!?…](?=[»”\"“]?\s+[A-ZÀ-ÖØ-ÞĄĆĘŁŃÓŚŹŻ„«“\"])", s.strip())


# ---------------------------------------------------------------- dates and times
MONTHS = {}
for names in [
    "januar februar märz april mai juni juli august september oktober november dezember",           # de
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",         # fr
    "januari februari maart april mei juni juli augustus september oktober november december",      # nl
    "january february march april may june july august september october november december",        # en
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",     # es
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",  # pl
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 14. Oktober 2025 | 6 mars 2025 | 17 de junio de 2025 | 8 November 2025 | 5 września 2025
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
# 10:42 | 9h30 | 11.05 uur | 10:14am | 8:00am ; applied to the date line with the date itself blanked
TIME = re.compile(r"(?<![\d.,])([01]?\d|2[0-3])\s?(?::|h|\.)\s?([0-5]\d)(?![\d.,])\s?(am|pm)?", re.I)


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
            b = b if b >= 0 else len(self.text)
            self.date_line = self.text[a:b]
            rest = self.text[a:fd[0]] + " " * (fd[1] - fd[0]) + self.text[fd[1]:b]
            m = TIME.search(rest)
            if m:
                h, mi = int(m.group(1)), int(m.group(2))
                if m.group(3) and m.group(3).lower() == "pm" and h < 12:
                    h += 12
                self.time = (h, mi)
        self.head = self.article_lines[0] if self.article_lines else ""
        self.body_lines = self.article_lines[1:]
        self.body_len = length("\n".join(self.body_lines))
        self.g = grams("\n".join(self.article_lines))

    def stamp(self):
        if self.date is None:
            return None
        h, m = self.time if self.time else (0, 0)
        return datetime.datetime(self.date.year, self.date.month, self.date.day, h, m)


def label_no(name, role, p, cfg):
    hits = [re.match(cfg["label"], s) for s in p.bp]
    hits = [h for h in hits if h]
    if len(hits) != 1:
        err("%s/%s: expected one release label line (press release no. NNN) in furniture" % (name, role))
        return None
    return hits[0].group(1)


def release_parts(name, role, p, cfg):
    """Template parts of a force/court page: contact block, share bar, footer (last furniture line)."""
    found = {}
    c = [s for s in p.bp if re.search(cfg["contact"], s) and "\n" in s and PHONE.search(s)]
    if len(c) != 1:
        err("%s/%s: expected one contact block (multi-line, with a phone number) in furniture" % (name, role))
    else:
        found["contact"] = c[0]
    sh = [s for s in p.bp if re.search(cfg["share"], s)]
    if len(sh) != 1:
        err("%s/%s: expected one share bar in furniture" % (name, role))
    else:
        found["share"] = sh[0]
    if p.bp:
        found["footer"] = p.bp[-1]
    if p.time is None:
        err("%s/%s: the release's date line has no time: %r" % (name, role, p.date_line))
    return found


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
        if lang not in LANG or name not in FIXED:
            err("%s: unknown language %s or story" % (name, lang))
            continue
        cfg = LANG[lang]
        fixed, needs_phone = FIXED[name]
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
        o_head = orig.head
        notes = {r: "" for r in ORDER}

        # ------------------------------------------------ original: the force's (court's) release
        if not PARAS_ORIGINAL[0] <= len(o_paras) <= PARAS_ORIGINAL[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *PARAS_ORIGINAL))
        o_no = label_no(name, "original", orig, cfg)
        parts = release_parts(name, "original", orig, cfg)
        if not o_paras or fixed not in o_paras[-1]:
            err("%s: the template sentence is not in the original's last paragraph" % name)
        if needs_phone and not PHONE.search(fixed):
            err("%s: the witness appeal has no phone number" % name)
        notes["original"] = "%d paras, no. %s, %s" % (len(o_paras), o_no,
                                                       "appeal + phone" if needs_phone else "remedy notice")

        # ------------------------------------------------ lengths, headlines, dates
        for role in ORDER:
            p = pages[role]
            if role in RANGES:
                a, b = RANGES[role]
                if not a <= p.body_len <= b:
                    err("%s/%s: article length without headline %d outside %d-%d" % (name, role, p.body_len, a, b))
        for role in ("copy", "rewrite", "summary"):
            if pages[role].head == o_head:
                err("%s/%s: headline is the original's" % (name, role))
        d0, t0 = orig.date, orig.stamp()
        if d0:
            for role in ("copy", "summary", "trim"):
                if pages[role].date != d0:
                    err("%s/%s: dated %s, not the release's day %s" % (name, role, pages[role].date, d0))
            rw = pages["rewrite"]
            if rw.date not in (d0, d0 + datetime.timedelta(days=1)):
                err("%s/rewrite: dated %s, not the release's day or the next" % (name, rw.date))
            for role in ("copy", "trim"):
                p = pages[role]
                if p.time is None:
                    err("%s/%s: date line without a time: %r" % (name, role, p.date_line))
                elif p.stamp() <= t0:
                    err("%s/%s: dated %s, not after the release (%s)" % (name, role, p.stamp(), t0))
            cp = pages["copy"]
            if cp.time and (cp.stamp() - t0).total_seconds() < MIN_COPY_DELAY * 60:
                err("%s/copy: less than %d minutes after the release" % (name, MIN_COPY_DELAY))
            if rw.date == d0 and rw.time and rw.stamp() <= t0:
                err("%s/rewrite: dated before the release" % name)

        # ------------------------------------------------ copy: near-verbatim body, own headline, source line
        cp = pages["copy"]
        if cp.added != [cp.head] or not cp.head:
            err("%s/copy: expected exactly one added string, the headline (first article line)" % name)
        if not any(re.search(cfg["source"], s) for s in cp.bp):
            err("%s/copy: no source line crediting the force in furniture" % name)
        kept = cp.kept_lines
        if len(kept) != len(o_paras):
            err("%s/copy: %d paragraphs, the original has %d" % (name, len(kept), len(o_paras)))
        else:
            diff = [(x, y) for x, y in zip(kept, o_paras) if x != y]
            sims = [trigram_sim(x.lower(), y.lower()) for x, y in diff]
            if len(diff) > MAX_COPY_EDITED or any(s < MIN_COPY_SIM for s in sims):
                err("%s/copy: not near-verbatim (%d paragraphs differ, sims %s)" % (
                    name, len(diff), ", ".join("%.2f" % s for s in sims)))
            notes["copy"] = "%d/%d paras verbatim%s; +%d min" % (
                len(kept) - len(diff), len(kept), (", 1 edited (sim %.2f)" % sims[0]) if sims else "",
                (cp.stamp() - t0).total_seconds() // 60 if cp.time and t0 else -1)

        # ------------------------------------------------ rewrite: own words + one added paragraph
        rw = pages["rewrite"]
        nrw = len(rw.g & orig.g)
        if nrw > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, nrw, MAX_REWRITE))
        if len(rw.added) != 1 or rw.added[0] not in rw.body_lines:
            err("%s/rewrite: expected exactly one added string, a whole paragraph (not the headline)" % name)
        else:
            na = len(grams(rw.added[0]) & orig.g)
            if na > MAX_ADDED:
                err("%s/rewrite: added paragraph shares %d 5-grams with the original" % (name, na))
            notes["rewrite"] = "added para #%d of %d" % (rw.body_lines.index(rw.added[0]) + 1, len(rw.body_lines))

        # ------------------------------------------------ summary (brief): own words, nothing added
        sm = pages["summary"]
        if sm.added:
            err("%s/summary: expected nothing added" % name)
        nsm = len(sm.g & orig.g)
        if nsm > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, nsm, MAX_SUMMARY))

        # ------------------------------------------------ trim: headline + first 2-3 paragraphs + one added sentence
        tr = pages["trim"]
        if tr.head != o_head:
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
            if tr.kept_lines[1:] != o_paras[:k] or not TRIM_PARAS[0] <= k <= TRIM_PARAS[1]:
                err("%s/trim: kept text is not the original's first %d-%d paragraphs verbatim" % (name, *TRIM_PARAS))
            own = tr.article_lines[-1] == s
            notes["trim"] = "first %d of %d paras + sentence (%s)" % (k, len(o_paras), "own line" if own else "appended")

        # ------------------------------------------------ distractor: same force, same template, same day
        ds = pages["distractor"]
        if ds.bp[:4] != orig.bp[:4]:
            err("%s/distractor: not the original's template (first furniture lines differ)" % name)
        d_no = label_no(name, "distractor", ds, cfg)
        if o_no and d_no and o_no == d_no:
            err("%s/distractor: same release number as the original" % name)
        dparts = release_parts(name, "distractor", ds, cfg)
        for key, s in parts.items():
            if dparts.get(key) != s:
                err("%s/distractor: %s differs from the original's" % (name, key))
        if ds.date != d0:
            err("%s/distractor: dated %s, not the release's day %s" % (name, ds.date, d0))
        elif ds.time == orig.time:
            err("%s/distractor: same time as the original" % name)
        if not PARAS_DISTRACTOR[0] <= len(ds.body_lines) <= PARAS_DISTRACTOR[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(ds.body_lines), *PARAS_DISTRACTOR))
        if not ds.body_lines or fixed not in ds.body_lines[-1]:
            err("%s/distractor: the template sentence is not in its last paragraph" % name)
        elif o_paras and ds.body_lines[-1] == o_paras[-1]:
            err("%s/distractor: last paragraph identical to the original's" % name)
        if ds.head == o_head:
            err("%s/distractor: same headline as the original" % name)
        g_o = grams("\n".join(orig.article_lines).replace(fixed, "\n"))
        g_d = grams("\n".join(ds.article_lines).replace(fixed, "\n"))
        nds = len(g_o & g_d)
        if nds > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original apart from the template sentence (max %d)"
                % (name, nds, MAX_DISTRACTOR))
        notes["distractor"] = "no. %s; %d 5-grams shared w/o template sentence" % (d_no, nds)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            t = "%02d:%02d" % p.time if p.time else "-"
            rows.append((name, role, p.id, str(p.date), t, p.body_len, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s time=%s  len=%d  [%s]" % (name, role, p.id, p.date, t, p.body_len,
                                                                     p.date_line))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "summary", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    if langs != set(LANG):
        err("languages %s, want one story each in %s" % (sorted(langs), sorted(LANG)))
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture),")
    print("shared with the story's original; %orig = share of the page's own 5-grams;")
    print("len = article words without the headline")
    print("%-30s %-10s %-12s %-10s %-5s %5s %5s %6s %6s  %s" % (
        "story", "page", "id", "date", "time", "len", "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-30s %-10s %-12s %-10s %-5s %5d %5d %6d %5.0f%%  %s" % r)
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
