#!/usr/bin/env python3
"""Check blind68 (news stories and the e-mail newsletters that pass them on) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date/time, added strings, verbatim sentences, shared 5-grams

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

KINDS = ["copy", "trim", "newsletter_item", "brief"]
ORDER = ["original"] + KINDS + ["distractor"]
ORIGINAL_PARAS = (6, 8)
ORIGINAL_BODY = (300, 450)        # words, original without headline
TRIM_SHARE = (0.55, 0.70)
ITEM_SENTENCES = (3, 5)           # newsletter_item: sentences of the item (title excluded)
ITEM_VERBATIM = 2                 # ... of which copied verbatim from the original's first paragraphs
ITEM_SOURCE_PARAS = 2             # "first paragraphs" = the original's first two paragraphs
MAX_ITEM_OWN = 3                  # 5-grams shared with the original by the item's other sentences
BRIEF_BODY = (40, 80)             # words, brief item without its title
MAX_BRIEF = 3                     # 5-grams shared with the original (title + body)
DISTRACTOR_BODY = (200, 450)
DISTRACTOR_PARAS = (5, 8)
MAX_DISTRACTOR = 3
MAX_ADDED = 3                     # 5-grams shared with the original by any added passage
DISTRACTOR_DAYS = (1, 3)

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
TOKEN = re.compile(r"[^\W_]+")


def norm(text):
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text):
    return TOKEN.findall(norm(text))


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


SENT = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][»”\"“])\s+")


def sentences(text):
    out = []
    for line in text.split("\n"):
        out += [s for s in SENT.split(line.strip()) if s]
    return out


def one_sentence(s):
    return len(sentences(s)) == 1


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sept oct nov dic",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    "januari februari maart april mei juni juli augustus september oktober november december",
]:
    for i, name in enumerate(names.split()):
        MONTHS.setdefault(name, i + 1)

WEEKDAYS = {}
for names in ["monday tuesday wednesday thursday friday saturday sunday",
              "montag dienstag mittwoch donnerstag freitag samstag sonntag",
              "lunes martes miércoles jueves viernes sábado domingo",
              "lundi mardi mercredi jeudi vendredi samedi dimanche",
              "lunedì martedì mercoledì giovedì venerdì sabato domenica",
              "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"]:
    for i, name in enumerate(names.split()):
        WEEKDAYS[name] = i

W = r"([^\W\d_]+)"
DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")),
    # 14 October 2025 | 5. Juni 2025 | 19 de marzo de 2025 | 14 OCT 2025 | 24 nov 2025
    ("dMy", re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?" + W + r"\.?,?\s+(?:de\s+)?(\d{4})(?!\d)")),
]
TIME = re.compile(r"(?<![\d.:])([01]?\d|2[0-3])[:h](\d{2})(?!\d)")


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
                    mon = MONTHS.get(norm(b))
                    if not mon:
                        continue
                    d = datetime.date(int(c), mon, int(a))
            except ValueError:
                continue
            found.append((m.start(), m.end(), d))
    found.sort()
    return found[0] if found else None


# ---------------------------------------------------------------- pages
class Page:
    def __init__(self, pid, role, bp, added):
        self.id, self.role, self.bp, self.added = pid, role, list(bp), list(added)
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            err("%s: file missing" % pid)
            self.text = ""
        else:
            self.text = open(path, encoding="utf-8").read()
        self.spans = []
        for s in self.bp:
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
        for s in self.added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        # date (+ time on the same line), weekday name on that line must agree
        self.date, self.time = None, None
        fd = first_date(self.text)
        if fd is None:
            err("%s: no publication date found" % pid)
        else:
            a, b, self.date = fd
            if not any(x <= a and b <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, self.date))
            ls = self.text.rfind("\n", 0, a) + 1
            le = self.text.find("\n", b)
            le = len(self.text) if le < 0 else le
            line = self.text[ls:a] + " " + self.text[b:le]
            tm = TIME.search(line)
            if tm:
                self.time = (int(tm.group(1)), int(tm.group(2)))
            for w in TOKEN.findall(norm(self.text[ls:le])):
                if w in WEEKDAYS and WEEKDAYS[w] != self.date.weekday():
                    err("%s: weekday %r does not match %s" % (pid, w, self.date))
        self.length = length("\n".join(self.article_lines))
        self.g = grams("\n".join(self.article_lines))

    @property
    def when(self):
        return "%s%s" % (self.date, " %02d:%02d" % self.time if self.time else "")


UNSUB = re.compile(r"unsubscribe|abbestellen|abmelden|darse de baja|cancelar suscripción|désinscri|"
                   r"désabonner|disiscri|annulla l'iscrizione|cancella iscrizione|afmelden|uitschrijven", re.I)


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    newsletter_names = {}
    for st in labels["stories"]:
        name = st["name"]
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            p = Page(pid, d["kind"], d.get("boilerplate", []), d.get("added", []))
            p.meta = d
            kinds.setdefault(d["kind"], []).append(p)
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
        o_lines = orig.article_lines
        o_head, o_paras = o_lines[0], o_lines[1:]
        notes = {r: "" for r in ORDER}

        # sites: original, copy, trim, the two newsletters: five different first furniture lines
        firsts = [pages[r].bp[0] if pages[r].bp else "" for r in ORDER[:-1]]
        if len(set(firsts)) != len(firsts):
            err("%s: original, copy, trim and the two newsletters should be five different sites" % name)

        # original
        if not ORIGINAL_PARAS[0] <= len(o_paras) <= ORIGINAL_PARAS[1]:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), *ORIGINAL_PARAS))
        blen = length("\n".join(o_paras))
        if not ORIGINAL_BODY[0] <= blen <= ORIGINAL_BODY[1]:
            err("%s: original body %d words, outside %d-%d" % (name, blen, *ORIGINAL_BODY))
        notes["original"] = "%d paragraphs, body %d words" % (len(o_paras), blen)

        # dates: every derivative after the original; distractor 1-3 days apart
        for role in KINDS:
            p = pages[role]
            if not (p.date and orig.date):
                continue
            later = p.date > orig.date or (p.date == orig.date and p.time and orig.time and p.time > orig.time)
            if not later:
                err("%s/%s: dated %s, not after the original (%s)" % (name, role, p.when, orig.when))
        ds = pages["distractor"]
        if ds.date and orig.date:
            dd = abs((ds.date - orig.date).days)
            if not DISTRACTOR_DAYS[0] <= dd <= DISTRACTOR_DAYS[1]:
                err("%s/distractor: %d days from the original (want %d-%d)" % (name, dd, *DISTRACTOR_DAYS))
            notes["distractor"] = "%+d days" % (ds.date - orig.date).days

        # added passages share little with the original
        for role in KINDS:
            for s in pages[role].added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))
        for role in ("original", "brief", "distractor"):
            if pages[role].added:
                err("%s/%s: expected no added strings" % (name, role))

        # copy: original article verbatim (headline included) + one added paragraph
        cp = pages["copy"]
        if len(cp.added) != 1:
            err("%s/copy: expected exactly one added string" % name)
        else:
            a = cp.added[0]
            if a not in cp.article_lines:
                err("%s/copy: added paragraph is not a whole article line" % name)
            elif cp.article_lines.index(a) == 0:
                err("%s/copy: added paragraph is the first article line" % name)
            else:
                notes["copy"] = "added paragraph after P%d" % (cp.article_lines.index(a) - 1)
        if cp.kept_lines != o_lines:
            err("%s/copy: article text other than the added paragraph is not the original's, verbatim" % name)

        # trim: original headline + first 55-70% of paragraphs verbatim + one added sentence at the end
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
            own_line = s in tr.article_lines
        k = len(tr.kept_lines) - 1
        if tr.kept_lines[1:] != o_paras[:k]:
            err("%s/trim: kept text is not the original's first %d paragraphs verbatim" % (name, k))
        share = k / max(1, len(o_paras))
        if not TRIM_SHARE[0] <= share <= TRIM_SHARE[1]:
            err("%s/trim: keeps %d of %d paragraphs (%.0f%%)" % (name, k, len(o_paras), 100 * share))
        if len(tr.added) == 1:
            notes["trim"] = "first %d of %d paragraphs (%.0f%%), sentence %s" % (
                k, len(o_paras), 100 * share, "own line" if own_line else "appended")

        # newsletter_item: title + 3-5 sentences, two verbatim from the original's first paragraphs,
        # one added comment sentence, the rest in own words
        ni = pages["newsletter_item"]
        src = "\n".join(o_paras[:ITEM_SOURCE_PARAS])
        if not ni.article_lines:
            err("%s/newsletter_item: no article text" % name)
        else:
            title, item = ni.article_lines[0], "\n".join(ni.article_lines[1:])
            if title == o_head:
                err("%s/newsletter_item: title is the original's headline" % name)
            sents = sentences(item)
            verb = [s for s in sents if s in src]
            if not ITEM_SENTENCES[0] <= len(sents) <= ITEM_SENTENCES[1]:
                err("%s/newsletter_item: %d sentences (want %d-%d)" % (name, len(sents), *ITEM_SENTENCES))
            if len(verb) != ITEM_VERBATIM:
                err("%s/newsletter_item: %d sentences verbatim from the original's first %d paragraphs (want %d)"
                    % (name, len(verb), ITEM_SOURCE_PARAS, ITEM_VERBATIM))
            if sorted(verb) != sorted(ni.meta.get("verbatim", [])):
                err("%s/newsletter_item: labelled 'verbatim' sentences do not match the page" % name)
            for s in ni.meta.get("verbatim", []):
                if len(sentences(s)) != 1 or s not in sents:
                    err("%s/newsletter_item: verbatim %r is not a whole sentence of the item" % (name, s[:40]))
            if len(ni.added) != 1 or not one_sentence(ni.added[0]) or ni.added[0] not in sents:
                err("%s/newsletter_item: expected exactly one added sentence" % name)
            elif ni.added[0] in verb:
                err("%s/newsletter_item: the added sentence is one of the verbatim ones" % name)
            own = [s for s in sents if s not in verb and s not in ni.added]
            n_own = len(grams("\n".join([title] + own)) & orig.g)
            if n_own > MAX_ITEM_OWN:
                err("%s/newsletter_item: title and own sentences share %d 5-grams with the original (max %d)"
                    % (name, n_own, MAX_ITEM_OWN))
            ni.own_shared = grams("\n".join([title] + own)) & orig.g
            notes["newsletter_item"] = "%d sentences: %d verbatim, %d own, %d added; own∩orig %d" % (
                len(sents), len(verb), len(own), len(ni.added), n_own)

        # brief: title + 40-80 words in own words, nothing added
        br = pages["brief"]
        if br.article_lines:
            if br.article_lines[0] == o_head:
                err("%s/brief: title is the original's headline" % name)
            bl = length("\n".join(br.article_lines[1:]))
            if not BRIEF_BODY[0] <= bl <= BRIEF_BODY[1]:
                err("%s/brief: %d words without title (want %d-%d)" % (name, bl, *BRIEF_BODY))
            nb = len(br.g & orig.g)
            if nb > MAX_BRIEF:
                err("%s/brief: shares %d 5-grams with the original (max %d)" % (name, nb, MAX_BRIEF))
            notes["brief"] = "%d words + title" % bl
        else:
            err("%s/brief: no article text" % name)

        # newsletter pages: furniture of an e-mail issue
        for role in ("newsletter_item", "brief"):
            p = pages[role]
            if not any(UNSUB.search(s) for s in p.bp):
                err("%s/%s: no unsubscribe line in the furniture" % (name, role))
            if len(p.bp) < 8:
                err("%s/%s: only %d furniture strings" % (name, role, len(p.bp)))
            nl = p.meta.get("newsletter")
            if not nl:
                err("%s/%s: no 'newsletter' name labelled" % (name, role))
            elif nl in newsletter_names:
                err("%s/%s: newsletter %r used twice" % (name, role, nl))
            newsletter_names[nl] = name
            if p.meta.get("other_items") not in ("teasers", "list", "paragraphs"):
                err("%s/%s: other_items should be teasers, list or paragraphs" % (name, role))

        # distractor: same site, same beat, another event
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0]:
            err("%s/distractor: not on the original's site (first furniture line differs)" % name)
        d_paras = ds.article_lines[1:]
        dl = length("\n".join(d_paras))
        if not DISTRACTOR_BODY[0] <= dl <= DISTRACTOR_BODY[1]:
            err("%s/distractor: body %d words (want %d-%d)" % (name, dl, *DISTRACTOR_BODY))
        if not DISTRACTOR_PARAS[0] <= len(d_paras) <= DISTRACTOR_PARAS[1]:
            err("%s/distractor: %d paragraphs (want %d-%d)" % (name, len(d_paras), *DISTRACTOR_PARAS))
        n = len(ds.g & orig.g)
        if n > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original (max %d)" % (name, n, MAX_DISTRACTOR))
        if ds.article_lines and ds.article_lines[0] == o_head:
            err("%s/distractor: same headline as the original" % name)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name, role, p.id, p.when, p.length, len(p.g), len(shared),
                         100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  %s  words=%d  furniture strings=%d" % (name, role, p.id, p.when,
                                                                          p.length, len(p.bp)))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role == "newsletter_item":
                    for s in p.meta.get("verbatim", []):
                        print("    verbatim: %s" % s[:110])
                if role == "newsletter_item":
                    for gr in sorted(getattr(p, "own_shared", set())):
                        print("    title/own sentences shared with original: %s" % " ".join(gr))
                if role in ("brief", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture)")
    print("shared with the story's original; %orig = share of the page's own 5-grams")
    print("%-30s %-15s %-12s %-16s %5s %5s %6s %6s  %s" % ("story", "page", "id", "date", "words", "5g",
                                                            "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-30s %-15s %-12s %-16s %5d %5d %6d %5.0f%%  %s" % r)
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
