#!/usr/bin/env python3
"""Check blind58 (sports match reports in en, es, it, de, fr, pt-BR) against its labels.

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
# article-text length in words (whitespace-separated, with at least one letter or digit), headline included
RANGES = {"original": (310, 440), "light_edit": (340, 530), "trim": (150, 340),
          "rewrite": (200, 350), "summary": (60, 120), "distractor": (250, 440)}
ORIGINAL_BODY = (300, 420)       # words, original without its headline (line-up/box-score block included)
UNITS = (6, 8)                   # paragraphs of original and distractor (the line-up block counts as one)
LE_EDITED = (3, 5)               # light_edit: paragraphs with small wording changes
TRIM_SHARE = (0.55, 0.70)        # trim keeps this share of the original's paragraphs
MAX_REWRITE = 10                 # shared 5-grams, rewrite vs original
MAX_DISTRACTOR = 3               # shared 5-grams, distractor vs original (article text, player names aside)
MAX_ADDED = 3                    # shared 5-grams, any added passage vs original
MIN_PARA_SIM = 0.6               # char-trigram Jaccard, light_edit paragraph vs original paragraph
MIN_SHARED_PLAYERS = 5           # player names shared by original and distractor
DERIV_DAYS = (0, 2)              # derivatives: same day as the original up to two days later
DISTRACTOR_DAYS = 7              # distractor: the team's previous match, a week earlier

# Per story: the line-up / box-score block (its first line and its number of lines; article text,
# counted as one paragraph), the team followed by the outlet, the coach quoted in both reports, and
# the team's players (surnames as printed in the block) that may appear in both reports.
STORY_CFG = {
    "en-kelderby-rugby": dict(
        block="TEAMS AND SCORERS", block_lines=5, team="Kelderby", coach="Holroyd",
        players=["Brierley", "Okafor", "Pennock", "Harland", "Whitfield", "Crane", "Mabbott", "Hinchliffe",
                 "Dyer", "Asante", "Stansfield", "Garside", "Tolley", "Birtles", "Laycock", "Ackroyd",
                 "Sugden", "Mensah", "Spink", "Fairbank", "Greaves"]),
    "es-alcoran-futbol": dict(
        block="FICHA TÉCNICA", block_lines=6, team="Alcorán", coach="Ortuño",
        players=["Ferrer", "Olmedo", "Revuelta", "Cuesta", "Ledesma", "Barrachina", "Villalba", "Castaño",
                 "Amoah", "Páez", "Lucena", "Gil", "Mena", "Solís", "Corral"]),
    "it-borgoleone-basket": dict(
        block="IL TABELLINO", block_lines=6, team="Borgoleone", coach="Guidetti",
        players=["Ferraris", "Osagie", "Brambati", "Zanetti", "Colombo", "Righetti", "Dal Pozzo", "Mancuso",
                 "Bertoli", "Gallo", "Pisani"]),
    "de-hallbergen-tennis": dict(
        block="ERGEBNISSE IM ÜBERBLICK", block_lines=4, team="Hallbergen", coach="Kemmerer",
        players=["Nowak", "Heberlein", "Oberländer", "Saathoff", "Wendt", "Anger", "Vogler"]),
    "fr-orsanne-cyclisme": dict(
        block="RÉSULTATS", block_lines=3, team="Orsanne-Bérard", coach="Lachaud",
        players=["Marchetti", "Roumagnac", "Astruc", "Delpech", "Jourdan", "Benhamou", "Falguière"]),
    "pt-jacaranda-volei": dict(
        block="FICHA TÉCNICA", block_lines=6, team="Jacarandá", coach="Tavares",
        players=["Bruna Falcão", "Thaís Brandão", "Gabi Sertório", "Letícia Amorim", "Rayane Queiroz",
                 "Camila Teles", "Júlia Paes", "Duda Rezende", "Nathália Prado"]),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
# Tokens are lower-cased runs of letters and digits (NFC); apostrophes split tokens
# (l'équipe -> l + équipe, Kelderby's -> kelderby + s).
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


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
    return not re.search(r"[.!?…](?=[»”\"“]?\s+\S)", s.strip())


def has_name(text, name):
    return re.search(r"(?<![^\W_])" + re.escape(name) + r"(?![^\W_])", text) is not None


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",     # en
    "jan feb mar apr may jun jul aug sep oct nov dec",                                             # en abbr.
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",   # es
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",  # it
    "januar februar märz april mai juni juli august september oktober november dezember",         # de
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",       # fr
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",   # pt
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1
MONTHS["sept"] = 9

DATE_PATTERNS = [
    ("ymd", True, re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", True, re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 22 March 2025 | 6 de abril de 2025 | 9 febbraio 2025 | 27. Juli 2025 | 17 mai 2025 | 8 de novembro de 2025
    ("dMy", False, re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d.:/])([01]?\d|2[0-3])\s?(?::|h)\s?([0-5]\d)(?![\d.:/])")


def first_date(text):
    found = []
    for kind, numeric, rx in DATE_PATTERNS:
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
            found.append((m.start(), m.end(), d, numeric))
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added, cfg):
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
        kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        # paragraphs: article lines, with the line-up/box-score block merged into one unit
        self.units, self.block = self.unitize(self.article_lines, cfg)
        self.kept_units, _ = self.unitize(kept_lines, cfg)
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        self.numeric_date = fd[3] if fd else None
        self.time = None
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))
            a = self.text.rfind("\n", 0, fd[0]) + 1
            b = self.text.find("\n", fd[1])
            m = TIME.search(self.text[a:b if b >= 0 else len(self.text)])
            if m:
                self.time = "%02d:%s" % (int(m.group(1)), m.group(2))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))

    @staticmethod
    def unitize(lines, cfg):
        """Merge the block (its head line and the following block_lines-1 lines) into one unit."""
        for i, ln in enumerate(lines):
            if ln == cfg["block"]:
                n = cfg["block_lines"]
                if i + n > len(lines):
                    return list(lines), None
                block = "\n".join(lines[i:i + n])
                return lines[:i] + [block] + lines[i + n:], block
        return list(lines), None


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    for st in labels["stories"]:
        name = st["name"]
        cfg = STORY_CFG.get(name)
        if cfg is None:
            err("%s: no configuration in verify.py" % name)
            continue
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [], cfg)}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(
                Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []), cfg))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k, v in kinds.items():
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
            pages[k] = v[0]
        pages["distractor"] = Page(st["distractor"], "distractor", st["boilerplate_of_distractor"], [], cfg)
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        if not all(k in pages for k in KINDS):
            continue
        orig = pages["original"]
        o_head, o_paras = orig.units[0], orig.units[1:]
        notes = {r: "" for r in ORDER}

        # original: 6-8 paragraphs (block included), body 300-420 words, block, date line with time
        if orig.added:
            err("%s: original has added strings" % name)
        if not UNITS[0] <= len(o_paras) <= UNITS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *UNITS))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        for role in ("original", "distractor"):
            p = pages[role]
            if p.block is None:
                err("%s/%s: no line-up/box-score block (%r + %d lines) in the article text"
                    % (name, role, cfg["block"], cfg["block_lines"] - 1))
            if p.time is None:
                err("%s/%s: the date line has no time of day" % (name, role))
        notes["original"] = "%d paragraphs (block #%d), body %d words" % (
            len(o_paras), o_paras.index(orig.block) + 1 if orig.block in o_paras else 0, blen)

        # lengths, dates, added passages
        for role in ORDER:
            p = pages[role]
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date and role != "original":
                delta = (p.date - orig.date).days
                if role == "distractor":
                    if delta != -DISTRACTOR_DAYS:
                        err("%s/distractor: dated %s, not a week before the original (%s)" % (name, p.date, orig.date))
                elif not DERIV_DAYS[0] <= delta <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, original %s (want 0-2 days later)" % (name, role, p.date, orig.date))
            for s in p.added:
                if role == "light_edit" and s == p.added[0]:
                    continue            # the new headline may reuse the story's words
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        nums = [pages[r].numeric_date for r in ORDER if pages[r].date]
        if not (any(nums) and not all(nums)):
            err("%s: date lines should mix numeric and written formats across sites" % name)

        # light_edit: new headline + one added paragraph (standings); 3-5 paragraphs edited
        le = pages["light_edit"]
        if len(le.added) != 2 or not le.units or le.units[0] != le.added[0]:
            err("%s/light_edit: expected two added strings, the first being the headline" % name)
        elif le.added[0] == o_head:
            err("%s/light_edit: headline is the original's" % name)
        else:
            body = le.units[1:]
            if le.added[1] not in body:
                err("%s/light_edit: added paragraph is not a whole article line" % name)
            elif body.index(le.added[1]) == 0:
                err("%s/light_edit: added paragraph opens the article (want middle or end)" % name)
            elif not re.search(r"\d", le.added[1]):
                err("%s/light_edit: added standings paragraph has no figures" % name)
            kept = le.kept_units
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
                if orig.block is not None and le.block != orig.block:
                    err("%s/light_edit: line-up block not carried over verbatim" % name)
                notes["light_edit"] = "%d of %d paragraphs edited, min sim %.2f, added para #%d" % (
                    changed, len(o_paras), min(sims), body.index(le.added[1]) + 1)

        # trim: original headline + first 55-70% of the paragraphs verbatim + one added sentence at the end
        tr = pages["trim"]
        if not tr.units or tr.units[0] != o_head:
            err("%s/trim: first article line is not the original's headline" % name)
        if len(tr.added) != 1:
            err("%s/trim: expected exactly one added string" % name)
        else:
            s = tr.added[0]
            if not "\n".join(tr.article_lines).endswith(s):
                err("%s/trim: added sentence is not at the end of the article text" % name)
            if not one_sentence(s):
                err("%s/trim: added string is more than one sentence" % name)
        k = len(tr.kept_units) - 1
        if tr.kept_units[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        notes["trim"] = "first %d of %d paragraphs (%.0f%%)%s" % (
            k, len(o_paras), 100 * share, ", block kept" if tr.block else "")

        # rewrite: new headline, own words, nothing added
        rw = pages["rewrite"]
        if rw.units and rw.units[0] == o_head:
            err("%s/rewrite: headline is the original's" % name)
        if rw.added:
            err("%s/rewrite: expected no added strings" % name)
        n = len(rw.g & orig.g)
        if n > MAX_REWRITE:
            err("%s/rewrite: shares %d 5-grams with the original (max %d)" % (name, n, MAX_REWRITE))

        # summary: one added opinion sentence
        sm = pages["summary"]
        if len(sm.added) != 1 or not one_sentence(sm.added[0]):
            err("%s/summary: expected exactly one added sentence" % name)

        # distractor: same outlet and template, the team's previous match, little shared text
        ds = pages["distractor"]
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        elif ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: footer differs from the original's" % name)
        if ds.added:
            err("%s/distractor: expected no added strings" % name)
        if not UNITS[0] <= len(ds.units) - 1 <= UNITS[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(ds.units) - 1, *UNITS))
        o_art = "\n".join(orig.article_lines)
        d_art = "\n".join(ds.article_lines)
        for what in ("team", "coach"):
            if not (has_name(o_art, cfg[what]) and has_name(d_art, cfg[what])):
                err("%s/distractor: %s %r not named in both reports" % (name, what, cfg[what]))
        shared_players = [x for x in cfg["players"] if has_name(o_art, x) and has_name(d_art, x)]
        if len(shared_players) < MIN_SHARED_PLAYERS:
            err("%s/distractor: only %d player names shared with the original" % (name, len(shared_players)))
        name_tokens = {t for x in cfg["players"] for t in tokens(x)}
        shared = ds.g & orig.g
        shared_np = {g for g in shared if not name_tokens & set(g)}
        if len(shared_np) > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original apart from player names (max %d)"
                % (name, len(shared_np), MAX_DISTRACTOR))
        notes["distractor"] = "%d days earlier, %d players shared, %d 5-grams w/o names" % (
            (orig.date - ds.date).days if orig.date and ds.date else 0, len(shared_players), len(shared_np))

        for role in ORDER:
            p = pages[role]
            sh = p.g & orig.g
            rows.append((name, role, p.id, str(p.date), p.time or "-", p.length, len(p.g), len(sh),
                         100.0 * len(sh) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s %s (%s)  words=%d" % (name, role, p.id, p.date, p.time or "",
                      "numeric" if p.numeric_date else "written", p.length))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role in ("rewrite", "summary"):
                    for gr in sorted(sh):
                        print("    shared with original: %s" % " ".join(gr))
                if role == "distractor":
                    for gr in sorted(shared_np):
                        print("    shared with original (no player name): %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-22s %-10s %-12s %-10s %-5s %5s %5s %5s %6s  %s" % ("story", "page", "id", "date", "time", "words",
                                                              "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-22s %-10s %-12s %-10s %-5s %5d %5d %5d %5.0f%%  %s" % r)
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
