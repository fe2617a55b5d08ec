#!/usr/bin/env python3
"""Check blind65 (syndicated opinion columns) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per page: date, added strings, quoted sentences, shared 5-grams

Standard library only. Word 5-grams: NFKC, lower-case, tokens are runs of letters/digits
(apostrophes, colons, hyphens split tokens). Word counts: whitespace-separated items with at
least one letter or digit. The article text of a page is the page minus its labelled furniture.
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

KINDS = ["copy", "trim", "quote", "summary"]
ORDER = ["original"] + KINDS + ["distractor"]

ORIG_PARAS = (8, 10)          # original: paragraphs after headline and standfirst
ORIG_BODY = (450, 650)        # original: words of those paragraphs
DIST_PARAS = (7, 10)
DIST_BODY = (380, 650)
TRIM_RATIO = (0.60, 0.70)     # kept body words / original body words
QUOTE_BODY = (200, 300)       # response text without its headline, quotes included
SUMMARY_BODY = (60, 120)      # digest item without its title
MAX_SUMMARY = 8               # shared 5-grams summary vs original
MAX_DISTRACTOR = 3            # shared 5-grams distractor vs original (article text)
MAX_ADDED = 3                 # shared 5-grams of added passages vs original
DERIV_DAYS = (1, 10)          # derivatives dated this many days after the original

# per language: editor's-note prefix, syndicate line, numeric date order
LANG = {
    "en-US": dict(note=r"^Editor's note: ", synd=r"^Distributed by \S", num="mdy"),
    "en-AU": dict(note=r"^Editor's note: ", synd=r"^Distributed by \S", num="dmy"),
    "es-AR": dict(note=r"^Nota del editor: ", synd=r"^Distribuido por \S", num="dmy"),
    "de": dict(note=r"^Anmerkung der Redaktion: ", synd=r"^Vertrieb: \S", num="dmy"),
    "fr": dict(note=r"^Note de la rédaction : ", synd=r"^Distribué par \S", num="dmy"),
    "sv": dict(note=r"^Redaktionens anmärkning: ", synd=r"^Distribueras av \S", num="dmy"),
}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
def tokens(text):
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def words(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


SENT_END = re.compile(r"[.!?…](?:[»”“\"'’)]+)?(?=\s|$)")


def n_sentences(s):
    return len(SENT_END.findall(s.strip()))


# ---------------------------------------------------------------- dates
MONTHS = {}
for names in [
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januari februari mars april maj juni juli augusti september oktober november december",
]:
    for i, name in enumerate(names.split()):
        MONTHS[name] = i + 1


def first_date(text, lang):
    found = []
    for m in re.finditer(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", text):
        found.append((m.start(), m.end(), "numeric", (int(m[1]), int(m[2]), int(m[3]))))
    for m in re.finditer(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)", text):
        a, b = int(m[1]), int(m[2])
        md = (a, b) if LANG[lang]["num"] == "mdy" else (b, a)
        found.append((m.start(), m.end(), "numeric", (int(m[3]), md[0], md[1])))
    for m in re.finditer(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?(\d{4})(?!\d)", text):
        if m[2].lower() in MONTHS:
            found.append((m.start(), m.end(), "written", (int(m[3]), MONTHS[m[2].lower()], int(m[1]))))
    for m in re.finditer(r"\b([^\W\d_]+)\.?\s+(\d{1,2}),\s+(\d{4})(?!\d)", text):
        if m[1].lower() in MONTHS:
            found.append((m.start(), m.end(), "written", (int(m[3]), MONTHS[m[1].lower()], int(m[2]))))
    out = []
    for a, b, kind, (y, mo, d) in found:
        try:
            out.append((a, b, kind, datetime.date(y, mo, d)))
        except ValueError:
            pass
    out.sort()
    return out[0] if out else None


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
        self.lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(x, a)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        for s in added:
            if not s or s not in self.article:
                err("%s: added string not found in the article text: %r" % (pid, s[:60]))
        # order of blocks: furniture strings with their positions, article lines with theirs
        self.bp_pos = sorted((self.text.find(s), s) for s in bp if s in self.text)
        self.last_article_pos = self.article.rstrip().rfind("\n") if self.lines else 0
        fd = first_date(self.text, lang)
        self.date, self.date_kind, self.date_line = None, None, ""
        if fd is None:
            err("%s: no date found" % pid)
        else:
            self.date, self.date_kind = fd[3], fd[2]
            if not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
                err("%s: first date %s is not inside labelled furniture" % (pid, fd[3]))
            a = self.text.rfind("\n", 0, fd[0]) + 1
            b = self.text.find("\n", fd[1])
            self.date_line = self.text[a:b if b >= 0 else len(self.text)]
        self.g = grams("\n".join(self.lines))

    def bio(self, name):
        """First single-line furniture string after the last article line that names the columnist."""
        last = self.article.rstrip().rfind(self.lines[-1]) if self.lines else 0
        for pos, s in self.bp_pos:
            if pos > last and "\n" not in s and name in s and words(s) >= 8:
                return s
        return None

    def byline(self, name):
        first = self.article.find(self.lines[0]) if self.lines else 0
        last = self.article.rstrip().rfind(self.lines[-1]) if self.lines else 0
        for pos, s in self.bp_pos:
            if first < pos < last and name in s:
                return s
        return None


def whole_sentence_of(s, paras):
    for p in paras:
        k = p.find(s)
        while k >= 0:
            before_ok = k == 0 or (p[k - 1] == " " and SENT_END.search(p[:k - 1][-3:] + "") is not None)
            end = k + len(s)
            after_ok = end == len(p) or p[end] == " "
            if before_ok and after_ok and n_sentences(s) == 1 and SENT_END.search(s.rstrip()[-3:]):
                return True
            k = p.find(s, k + 1)
    return False


def one_span_removed(p, q):
    """If q is p with one contiguous span removed, return that span."""
    i = 0
    while i < min(len(p), len(q)) and p[i] == q[i]:
        i += 1
    for k in range(i, -1, -1):
        rest = q[k:]
        if p.endswith(rest) and len(p) - len(rest) >= k:
            return p[k:len(p) - len(rest)].strip()
    return None


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    new_fact_flags, response_types, subjects, langs = [], [], [], []
    for st in labels["stories"]:
        name, lang = st["name"], st["language"]
        if lang not in LANG:
            err("%s: unknown language %s" % (name, lang))
            continue
        langs.append(lang)
        subjects.append(st.get("subject"))
        cfg = LANG[lang]
        col = st.get("columnist", "")
        pages = {"original": Page(st["original"], "original", lang, st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append((pid, d))
        for k in KINDS:
            if len(kinds.get(k, [])) != 1:
                err("%s: expected exactly one %s page, got %d" % (name, k, len(kinds.get(k, []))))
        for k in kinds:
            if k not in KINDS:
                err("%s: unexpected kind %s" % (name, k))
        if not all(len(kinds.get(k, [])) == 1 for k in KINDS):
            continue
        dl = {}
        for k in KINDS:
            pid, d = kinds[k][0]
            pages[k] = Page(pid, k, lang, d.get("boilerplate", []), d.get("added", []))
            dl[k] = d
        pages["distractor"] = Page(st["distractor"], "distractor", lang, st["boilerplate_of_distractor"], [])
        for p in pages.values():
            if p.id in seen:
                err("%s: id %s labelled twice" % (name, p.id))
            seen[p.id] = name
            if not re.fullmatch(r"[0-9a-f]{12}", p.id):
                err("%s: id %s is not 12 hex characters" % (name, p.id))
        notes = {r: "" for r in ORDER}
        orig = pages["original"]
        if len(orig.lines) < 3:
            err("%s: original has no article text" % name)
            continue
        o_head, o_stand, o_paras = orig.lines[0], orig.lines[1], orig.lines[2:]
        o_body = words("\n".join(o_paras))

        # ------------------------------------------------ original
        if not ORIG_PARAS[0] <= len(o_paras) <= ORIG_PARAS[1]:
            err("%s: original has %d paragraphs after headline and standfirst (want %d-%d)"
                % (name, len(o_paras), *ORIG_PARAS))
        if not ORIG_BODY[0] <= o_body <= ORIG_BODY[1]:
            err("%s: original body %d words (want %d-%d)" % (name, o_body, *ORIG_BODY))
        if words(o_stand) < 12 or o_stand in o_paras:
            err("%s: second article line is not a standfirst" % name)
        o_bio, o_by = orig.bio(col), orig.byline(col)
        if not o_bio or not o_by:
            err("%s: original lacks a byline or a bio line (furniture naming %s)" % (name, col))
        elif orig.bp_pos and [s for pos, s in orig.bp_pos if pos > orig.article.rstrip().rfind(orig.lines[-1])][0] != o_bio:
            err("%s: the bio line is not the first furniture after the column" % name)
        notes["original"] = "%d paras, body %d words" % (len(o_paras), o_body)

        # ------------------------------------------------ all pages: bio line never article text
        for role in ORDER:
            p = pages[role]
            if o_bio and o_bio in p.article:
                err("%s/%s: the bio line appears as article text" % (name, role))

        # ------------------------------------------------ dates
        d0 = orig.date
        kinds_seen = {p.date_kind for p in pages.values()}
        if kinds_seen != {"numeric", "written"}:
            err("%s: date lines do not mix numeric and written forms (%s)" % (name, kinds_seen))
        if d0:
            for role in KINDS:
                dd = pages[role].date
                if dd is None or not DERIV_DAYS[0] <= (dd - d0).days <= DERIV_DAYS[1]:
                    err("%s/%s: dated %s, not %d-%d days after the original (%s)" % (name, role, dd, *DERIV_DAYS, d0))
            ds = pages["distractor"].date
            if ds is None or (d0 - ds).days != 7:
                err("%s/distractor: dated %s, not the previous week (%s minus 7 days)" % (name, ds, d0))

        # ------------------------------------------------ added passages vs original
        for role in KINDS:
            p = pages[role]
            for s in p.added:
                n = len(grams(s) & orig.g)
                if n > MAX_ADDED:
                    err("%s/%s: added passage shares %d 5-grams with the original: %r" % (name, role, n, s[:50]))

        # ------------------------------------------------ copy (syndicated)
        c, cd = pages["copy"], dl["copy"]
        if c.lines and c.lines[0] == o_head:
            err("%s/copy: headline is the original's (syndicated page must have a new one)" % name)
        flag = cd.get("headline_new_fact")
        new_fact_flags.append(flag)
        if flag is True and c.added != [c.lines[0]]:
            err("%s/copy: headline holds a new fact, so it must be the only added string" % name)
        if flag is False and c.added:
            err("%s/copy: headline holds no new fact, nothing should be added" % name)
        if flag not in (True, False):
            err("%s/copy: headline_new_fact missing" % name)
        body = c.lines[1:]
        kept_stand = bool(body) and body[0] == o_stand
        if kept_stand:
            body = body[1:]
        if len(body) != len(o_paras):
            err("%s/copy: %d paragraphs, the original has %d" % (name, len(body), len(o_paras)))
        else:
            diff = [(a, b) for a, b in zip(o_paras, body) if a != b]
            if len(diff) != 1:
                err("%s/copy: %d paragraphs differ from the original (want exactly 1, one sentence cut)" % (name, len(diff)))
            else:
                removed = one_span_removed(*diff[0])
                if removed is None or n_sentences(removed) != 1 or words(removed) < 4 \
                        or not whole_sentence_of(removed, o_paras):
                    err("%s/copy: the cut is not exactly one whole sentence: %r" % (name, (removed or "")[:60]))
                elif cd.get("cut_sentence") != removed:
                    err("%s/copy: cut_sentence label does not match the cut" % name)
                else:
                    notes["copy"] = "cut: %s…; standfirst %s; headline %s" % (
                        removed[:24], "kept" if kept_stand else "dropped", "added" if c.added else "not added")
        c_bio = c.bio(col)
        if not c_bio:
            err("%s/copy: no bio line naming %s after the column" % (name, col))
        elif c_bio == o_bio:
            err("%s/copy: bio line is the home paper's, expected the syndicating paper's variant" % name)
        if not any(re.search(cfg["synd"], s) for s in c.bp):
            err("%s/copy: no syndicate line (%s) in furniture" % (name, cfg["synd"]))

        # ------------------------------------------------ trim (edited)
        t = pages["trim"]
        if len(t.lines) < 3:
            err("%s/trim: too short" % name)
        else:
            note = t.lines[1]
            if t.added != [note] or not re.search(cfg["note"], note):
                err("%s/trim: the only added string must be the editor's note, second article line (%s)"
                    % (name, cfg["note"]))
            body = t.lines[2:]
            if body and body[0] == o_stand:
                body = body[1:]
            idx, j = [], 0
            for b in body:
                while j < len(o_paras) and o_paras[j] != b:
                    j += 1
                if j == len(o_paras):
                    err("%s/trim: paragraph not verbatim from the original or out of order: %r" % (name, b[:50]))
                    break
                idx.append(j + 1)
                j += 1
            ratio = words("\n".join(body)) / max(1, o_body)
            if not TRIM_RATIO[0] <= ratio <= TRIM_RATIO[1]:
                err("%s/trim: keeps %.0f%% of the original's body words (want %d-%d%%)"
                    % (name, 100 * ratio, 100 * TRIM_RATIO[0], 100 * TRIM_RATIO[1]))
            if dl["trim"].get("kept_paragraphs") not in (None, idx):
                err("%s/trim: kept_paragraphs label %s does not match %s" % (name, dl["trim"].get("kept_paragraphs"), idx))
            notes["trim"] = "keeps %d/%d paras, %.0f%% words; headline %s" % (
                len(body), len(o_paras), 100 * ratio, "original's" if t.lines[0] == o_head else "own")

        # ------------------------------------------------ quote (response)
        q, qd = pages["quote"], dl["quote"]
        response_types.append(qd.get("response_type"))
        quoted = qd.get("quoted", [])
        if len(quoted) != 2:
            err("%s/quote: expected two quoted sentences, got %d" % (name, len(quoted)))
        if not q.lines or q.lines[0] not in q.added:
            err("%s/quote: headline (first article line) is not added" % name)
        rest = "\n".join(q.lines)
        for s in quoted:
            if not whole_sentence_of(s, o_paras):
                err("%s/quote: quoted string is not a whole sentence of the original: %r" % (name, s[:50]))
            if s not in rest:
                err("%s/quote: quoted sentence not in the response's article text: %r" % (name, s[:50]))
            if any(s in a for a in q.added):
                err("%s/quote: quoted sentence lies inside an added string" % name)
        for s in sorted(q.added + quoted, key=len, reverse=True):
            rest = rest.replace(s, " ", 1)
        if re.search(r"[^\W_]", rest):
            err("%s/quote: article text neither added nor quoted: %r" % (name, re.sub(r"\s+", " ", rest)[:80]))
        qbody = words("\n".join(q.lines[1:]))
        if not QUOTE_BODY[0] <= qbody <= QUOTE_BODY[1]:
            err("%s/quote: response text %d words (want %d-%d)" % (name, qbody, *QUOTE_BODY))
        notes["quote"] = "%s, %d words, %d added, %d quoted" % (qd.get("response_type"), qbody, len(q.added), len(quoted))

        # ------------------------------------------------ summary (digest)
        sm = pages["summary"]
        if len(sm.added) != 1 or n_sentences(sm.added[0]) != 1:
            err("%s/summary: expected exactly one added string, one sentence" % name)
        sbody = words("\n".join(sm.lines[1:]))
        if not SUMMARY_BODY[0] <= sbody <= SUMMARY_BODY[1]:
            err("%s/summary: item text %d words (want %d-%d)" % (name, sbody, *SUMMARY_BODY))
        if sm.lines and sm.lines[0] == o_head:
            err("%s/summary: title is the original's headline" % name)
        nsm = len(sm.g & orig.g)
        if nsm > MAX_SUMMARY:
            err("%s/summary: shares %d 5-grams with the original (max %d)" % (name, nsm, MAX_SUMMARY))
        opinion_own_line = bool(sm.added) and sm.added[0] in sm.lines
        notes["summary"] = "%d words; opinion %s" % (sbody, "own line" if opinion_own_line else "ends the paragraph")

        # ------------------------------------------------ distractor
        ds = pages["distractor"]
        if ds.added:
            err("%s/distractor: nothing should be added" % name)
        d_paras = ds.lines[2:]
        d_body = words("\n".join(d_paras))
        if not DIST_PARAS[0] <= len(d_paras) <= DIST_PARAS[1] or not DIST_BODY[0] <= d_body <= DIST_BODY[1]:
            err("%s/distractor: %d paragraphs, %d words" % (name, len(d_paras), d_body))
        if not ds.bp or not orig.bp or ds.bp[0] != orig.bp[0] or ds.bp[-1] != orig.bp[-1]:
            err("%s/distractor: not the home paper's template (first/last furniture lines differ)" % name)
        if ds.bio(col) != o_bio:
            err("%s/distractor: bio line differs from the original's" % name)
        if ds.byline(col) != o_by:
            err("%s/distractor: byline differs from the original's" % name)
        if ds.lines and ds.lines[0] == o_head:
            err("%s/distractor: same headline as the original" % name)
        nds = len(ds.g & orig.g)
        if nds > MAX_DISTRACTOR:
            err("%s/distractor: shares %d 5-grams with the original's article text (max %d)" % (name, nds, MAX_DISTRACTOR))
        shared_bp = len(set(ds.bp) & set(orig.bp))
        notes["distractor"] = "%d paras, %d words; %d furniture strings shared" % (len(d_paras), d_body, shared_bp)

        for role in ORDER:
            p = pages[role]
            shared = p.g & orig.g
            rows.append((name[:28], role, p.id, str(p.date), p.date_kind or "-", words("\n".join(p.lines)),
                         len(p.g), len(shared), 100.0 * len(shared) / max(1, len(p.g)), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s (%s)  date line: %s" % (name, role, p.id, p.date, p.date_kind, p.date_line))
                for s in p.added:
                    print("    added: %s" % s[:110])
                if role == "quote":
                    for s in quoted:
                        print("    quoted: %s" % s[:110])
                if role in ("summary", "distractor"):
                    for gr in sorted(shared):
                        print("    shared with original: %s" % " ".join(gr))
                if role in ("quote",):
                    for s in p.added:
                        for gr in sorted(grams(s) & orig.g):
                            print("    added passage shares: %s" % " ".join(gr))

    # ------------------------------------------------ set-level
    if True not in new_fact_flags or False not in new_fact_flags:
        err("set: syndicated headlines should include both a new-fact (added) and a no-new-fact case")
    if len(set(subjects)) != len(subjects):
        err("set: subjects are not all different: %s" % subjects)
    if len(set(langs)) != len(langs):
        err("set: languages are not all different")
    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture), shared with the")
    print("story's original (the home paper's column); words = article text incl. headline")
    print("%-28s %-10s %-12s %-10s %-7s %5s %5s %6s %6s  %s" % (
        "story", "page", "id", "date", "form", "words", "5g", "∩orig", "%orig", "notes"))
    for r in rows:
        print("%-28s %-10s %-12s %-10s %-7s %5d %5d %6d %5.0f%%  %s" % r)
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
