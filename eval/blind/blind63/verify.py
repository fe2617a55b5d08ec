#!/usr/bin/env python3
"""Check blind63 (stories with embedded social posts, video players and photo galleries;
en-US, es-MX, pt-BR, fr, de, it) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, embeds, added strings, shared 5-grams

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
EMBED_TYPES = {"instagram", "x", "tiktok", "facebook", "youtube", "video", "gallery", "photo"}
POST_TYPES = {"instagram", "x", "tiktok", "facebook"}      # embeds whose words may be article text

ORIGINAL_BODY = (300, 450)       # words of article text without the headline (post words included)
ORIGINAL_EMBEDS = (1, 3)
PARAS = (6, 9)                   # prose paragraphs of the original (embedded post words not counted)
TRIM_SHARE = (0.55, 0.70)
EXCERPT_PARAS = (2, 3)           # intro (lead) + 1-2 paragraphs
MAX_REWRITE = 10                 # shared word 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared word 5-grams, distractor vs original
MAX_ADDED = 3                    # shared word 5-grams, added passage vs original
DERIV_DAYS = (0, 2)              # derivatives: same day (later time) up to two days later
DISTRACTOR_DAYS = (1, 3)         # distractor: 1-3 days before or after the original
RANGES = {"original": (310, 470), "copy": (340, 540), "trim": (150, 360), "rewrite": (180, 380),
          "excerpt": (60, 200), "distractor": (250, 470)}      # article words incl. headline
NUMERIC_MDY = {"en-US"}          # numeric dates are month/day/year on US sites
READ_MORE = ["Read more at", "Leer más en", "Leia mais em", "Lire la suite sur", "Weiterlesen bei",
             "Continua a leggere su"]

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# lower-cased NFC runs of letters and digits; apostrophes, hyphens, # and @ split tokens; emoji are no tokens
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def one_sentence(s):
    return not re.search(r"[.!?…](?=[»”\"“]?\s+\S)", s.strip())


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan fev mar abr mai jun jul ago set out nov dez",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
MONTHS["sept"] = 9
MONTHS["setiembre"] = 9

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("num", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # June 14, 2025 | Jun 14, 2025
    ("Mdy", False, re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)")),
    # 4 de marzo de 2025 | 8 de janeiro de 2025 | 19 septembre 2025 | 27. Juli 2025 | 9 ottobre 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?![\d:/])(\s*(?:a\.\s?m\.|p\.\s?m\.|am|pm|AM|PM))?")


def find_dates(text, lang):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if kind == "ymd":
                    d = datetime.date(int(a), int(b), int(c))
                elif kind == "num":
                    if lang in NUMERIC_MDY:
                        d = datetime.date(int(c), int(a), int(b))
                    else:
                        d = datetime.date(int(c), int(b), int(a))
                elif kind == "Mdy":
                    if a.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[a.lower()], int(b))
                else:
                    if b.lower() not in MONTHS:
                        continue
                    d = datetime.date(int(c), MONTHS[b.lower()], int(a))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found


def parse_time(line):
    m = TIME.search(line)
    if not m:
        return None
    h, mi, ap = int(m.group(1)), int(m.group(2)), (m.group(3) or "").strip().lower().replace(" ", "")
    if ap.startswith("p") and h < 12:
        h += 12
    if ap.startswith("a") and h == 12:
        h = 0
    return "%02d:%02d" % (h, mi)


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added, embeds, lang):
        self.id, self.role, self.bp, self.added, self.embeds = pid, role, bp, added, embeds
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        t = self.text
        self.spans = []
        for s in bp:
            k = t.find(s)
            if not s or k < 0:
                err("%s: boilerplate not found: %r" % (pid, s[:60]))
                continue
            a, b = k, k + len(s)
            if not (a == 0 or t[a - 1] == "\n") or not (b == len(t) or t[b] == "\n"):
                err("%s: boilerplate %r does not cover whole lines at its first occurrence" % (pid, s[:50]))
            for (x, y) in self.spans:
                if a < y and x < b:
                    err("%s: boilerplate labels overlap: %r" % (pid, s[:50]))
            self.spans.append((a, b))
        chars = list(t)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        bp_lines = {x for s in bp for x in s.split("\n")}
        for ln in self.article_lines:
            if ln in bp_lines:
                err("%s: furniture line repeated outside its label: %r" % (pid, ln[:50]))
        pos = 0
        for ln in t.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        body = self.article
        for s in added:
            k = t.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        # embeds: chrome is labelled furniture; the words of a social post are whole article lines
        self.embed_text = []
        for e in embeds:
            if e.get("type") not in EMBED_TYPES:
                err("%s: unknown embed type %r" % (pid, e.get("type")))
            if not e.get("furniture"):
                err("%s: embed %s has no chrome/furniture line" % (pid, e.get("post")))
            for s in e.get("furniture", []):
                if s not in bp:
                    err("%s: embed furniture %r is not in the boilerplate list" % (pid, s[:50]))
            for s in e.get("text", []):
                if e.get("type") not in POST_TYPES:
                    err("%s: embed %s of type %s carries article text" % (pid, e.get("post"), e.get("type")))
                if s not in self.article_lines:
                    err("%s: embedded post text is not a whole article line: %r" % (pid, s[:50]))
                self.embed_text.append(s)
        self.headline = self.article_lines[0] if self.article_lines else ""
        self.paras = [ln for ln in self.article_lines[1:] if ln not in self.embed_text]
        kept = [ln.strip() for ln in body.split("\n") if ln.strip()]
        self.kept_paras = [ln for ln in kept[1:] if ln not in self.embed_text]
        fds = find_dates(t, lang)
        fd = fds[0] if fds else None
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        self.time = None
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
            a = t.rfind("\n", 0, fd[0]) + 1
            b = t.find("\n", fd[1])
            self.time = parse_time(t[a:b if b >= 0 else len(t)])
        self.length = length("\n".join(self.article_lines))
        self.body_length = length("\n".join(self.article_lines[1:]))
        self.g = grams("\n".join(self.article_lines))

    def stamp(self):
        return (self.date, self.time or "")


def check_embed_texts(name, role, p, orig_posts):
    """Post words carried over from the original must be verbatim."""
    for e in p.embeds:
        if e.get("post") in orig_posts and e.get("text"):
            if e["text"] != orig_posts[e["post"]]["text"]:
                err("%s/%s: post %s rendered with other words than in the original" % (name, role, e["post"]))
        elif e.get("text") and role not in ("rewrite", "distractor"):
            err("%s/%s: post text %s not from the original" % (name, role, e.get("post")))


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [],
                                  st.get("embeds_of_original", []), lang)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []), d.get("embeds", []), lang))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [],
                                   st.get("embeds_of_distractor", []), lang)
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        o_posts = {e["post"]: e for e in orig.embeds}
        notes = {r: "" for r in ORDER}

        # ---- original
        if not ORIGINAL_EMBEDS[0] <= len(orig.embeds) <= ORIGINAL_EMBEDS[1]:
            err("%s: original has %d embeds (want %d-%d)" % (name, len(orig.embeds), *ORIGINAL_EMBEDS))
        if not any(e["type"] in POST_TYPES and e["text"] for e in orig.embeds):
            err("%s: original embeds no social post with its words" % name)
        if not PARAS[0] <= len(orig.paras) <= PARAS[1]:
            err("%s: original has %d prose paragraphs (want %d-%d)" % (name, len(orig.paras), *PARAS))
        if not ORIGINAL_BODY[0] <= orig.body_length <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, orig.body_length, *ORIGINAL_BODY))
        if orig.time is None:
            err("%s/original: the date line has no time of day" % name)
        notes["original"] = "%d paras, body %d words, embeds: %s" % (
            len(orig.paras), orig.body_length, " ".join(e["type"] for e in orig.embeds))

        # ---- lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if role != "original":
                check_embed_texts(name, role, p, o_posts)
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if not DISTRACTOR_DAYS[0] <= abs(delta) <= DISTRACTOR_DAYS[1]:
                        err("%s/distractor: dated %s, original %s (want 1-3 days apart)" % (name, p.date, orig.date))
                else:
                    if not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                        err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
                    if delta == 0 and not (p.time and orig.time and p.time > orig.time):
                        err("%s/%s: same day as the original without a later time" % (name, role))
            for s in p.added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
                for ln in p.embed_text:
                    if s in ln:
                        err("%s/%s: added passage inside embedded post text" % (name, role))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # ---- copy: whole article, own headline (a rewording, not added), one added paragraph,
        #      embeds rendered differently or dropped
        cp = pages["copy"]
        if cp.headline == orig.headline:
            err("%s/copy: headline is the original's" % name)
        if cp.headline in cp.added:
            err("%s/copy: the reworded headline should not be added" % name)
        if len(cp.added) != 1:
            err("%s/copy: expected exactly one added paragraph, got %d" % (name, len(cp.added)))
        else:
            s = cp.added[0]
            if s not in cp.paras:
                err("%s/copy: added string is not a whole paragraph line" % name)
            elif cp.paras.index(s) == 0:
                err("%s/copy: added paragraph is the first paragraph" % name)
        if cp.kept_paras != orig.paras:
            err("%s/copy: paragraphs are not the original's, verbatim and in order" % name)
        same = 0
        for e in orig.embeds:
            for f in cp.embeds:
                if f["post"] == e["post"] and f["furniture"] == e["furniture"]:
                    err("%s/copy: embed %s rendered exactly as on the original" % (name, e["post"]))
            same += any(f["post"] == e["post"] for f in cp.embeds)
        notes["copy"] = "%d of %d embeds kept (re-rendered), added para #%d" % (
            same, len(orig.embeds), cp.paras.index(cp.added[0]) + 1 if cp.added and cp.added[0] in cp.paras else 0)

        # ---- trim: original headline, first 55-70 % of paragraphs, one added sentence at the end
        tr = pages["trim"]
        if tr.headline != orig.headline:
            err("%s/trim: headline is not the original's" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not "\n".join(tr.article_lines).endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_paras)
        if tr.kept_paras != orig.paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(orig.paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(orig.paras), 100 * share))
        notes["trim"] = "first %d of %d paras (%.0f%%), %d embeds" % (k, len(orig.paras), 100 * share, len(tr.embeds))

        # ---- rewrite
        rw = pages["rewrite"]
        if rw.headline == orig.headline:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))
        for e in rw.embeds:
            if e["post"] in o_posts and e["furniture"] == o_posts[e["post"]]["furniture"] and e["type"] in POST_TYPES:
                pass   # the same post in the same network's chrome is fine
        notes["rewrite"] = "embeds: %s" % (" ".join("%s%s" % (e["type"], "(same)" if e["post"] in o_posts else "")
                                                   for e in rw.embeds) or "-")

        # ---- excerpt: original headline, intro + 1-2 paragraphs verbatim, "read more at <site>" line
        ex = pages["excerpt"]
        if ex.headline != orig.headline:
            err("%s/excerpt: headline is not the original's" % name)
        if ex.added:
            err("%s/excerpt: expected no added strings" % name)
        k = len(ex.paras)
        if not EXCERPT_PARAS[0] <= k <= EXCERPT_PARAS[1] or ex.paras != orig.paras[:k]:
            err("%s/excerpt: article text is not the original's first 2-3 paragraphs verbatim" % name)
        if ex.embed_text:
            err("%s/excerpt: carries embedded post text" % name)
        site = st.get("site", "")
        rm = [s for s in ex.bp for ln in s.split("\n")
              if any(ln.startswith(x) for x in READ_MORE) and site and site in ln]
        if not rm:
            err("%s/excerpt: no 'read more at %s' furniture line" % (name, site))
        notes["excerpt"] = "intro + %d para(s)" % (k - 1)

        # ---- distractor: same site, other event 1-3 days apart, with embeds
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        elif ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: footer differs from the original's" % name)
        if not ds.embeds:
            err("%s/distractor: has no embed" % name)
        if any(e["post"] in o_posts for e in ds.embeds):
            err("%s/distractor: embeds one of the original's posts" % name)
        if not ORIGINAL_BODY[0] - 50 <= ds.body_length <= ORIGINAL_BODY[1]:
            err("%s/distractor: body %d words" % (name, ds.body_length))
        shared = ds.g & orig.g
        if len(shared) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, len(shared), MAX_DISTRACTOR))
        notes["distractor"] = "%+d days, embeds: %s" % (
            (ds.date - orig.date).days if ds.date and orig.date else 0, " ".join(e["type"] for e in ds.embeds))

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.time or "-", p.length, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  words=%d" % (name, role, p.id, p.date, p.time or "",
                      "numeric" if p.numeric_date else "written", p.length))
                for e in p.embeds:
                    print("    embed %-9s %-22s chrome=%d line(s), post words=%d line(s)" % (
                        e["type"], e["post"], sum(len(s.split("\n")) for s in e["furniture"]), len(e["text"])))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "distractor"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-26s %-10s %-12s %-10s %-5s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "time", "words",
                                                              "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-26s %-10s %-12s %-10s %-5s %5d %5d %5d %5.0f%%  %s" % r)
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
