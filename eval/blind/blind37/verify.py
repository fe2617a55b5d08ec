#!/usr/bin/env python3
"""Check blind37 (spun and shuffled content-farm copies) against its labels.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also per-page detail (added strings, shared 5-grams)

Standard library only.
"""
import datetime
import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
VERBOSE = "-v" in sys.argv[1:]

KINDS = ["light_spin", "heavy_spin", "shuffled", "spun_shuffled", "padded"]
ROLES = ["original"] + KINDS + ["distractor"]

MAX_LIGHT_SHARE = 0.40        # light_spin (and spun_shuffled): share of the original's 5-grams
MAX_HEAVY_SHARED = 10         # heavy_spin: shared 5-grams (count; also well under 10 %)
MAX_DISTRACTOR = 3            # distractor: shared 5-grams with the original
LIGHT_CHANGED = (0.12, 0.38)  # light spins: share of the original's words not kept in place
HEAVY_CHANGED_MIN = 0.45      # heavy spin: at least this share of words changed or moved
PADDED_MIN_SHARE = 0.30       # padded: lightly reworded, keeps at least this share of 5-grams
PARAS_ORIGINAL = (7, 9)
DISTRACTOR_DAYS = 2

# article-text length in words (whitespace-separated, with a letter or digit), headline included;
# for the original, the body without headline is checked against its range.
RANGES = {"original": (350, 450), "light_spin": (340, 500), "heavy_spin": (340, 600),
          "shuffled": (280, 450), "spun_shuffled": (380, 560), "padded": (460, 700),
          "distractor": (180, 450)}

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- tokens
TOKEN = re.compile(r"[^\W_]+")


def tokens(text):
    return TOKEN.findall(text.lower())


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def length(text):
    return sum(1 for w in text.split() if re.search(r"[^\W_]", w))


def changed_share(orig_paras, page_paras):
    """Share of the original's word tokens that are not kept, in order, in the paired paragraph."""
    total = kept = 0
    for a, b in zip(orig_paras, page_paras):
        ta, tb = tokens(a), tokens(b)
        sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
        kept += sum(bl.size for bl in sm.get_matching_blocks())
        total += len(ta)
    return 1 - kept / max(1, total)


# ---------------------------------------------------------------- sentences
ABBR = {"mr", "mrs", "ms", "dr", "st", "prof", "sr", "sra", "dra", "no", "nr", "vs", "etc", "ca"}
CLOSE = "”’\"»“"
OPEN = "«„“\"‘'¿¡(—–"


def sentences(par):
    """Split a paragraph into sentences (closing quotes stay with their sentence)."""
    par = par.strip()
    out, start = [], 0
    for m in re.finditer(r"[.!?…]+", par):
        i = m.end()
        while i < len(par):
            if par[i] in CLOSE:
                i += 1
            elif par[i] in " \u00a0\u202f" and i + 1 < len(par) and par[i + 1] == "»":
                i += 2
            else:
                break
        if i >= len(par) or not par[i].isspace():
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
        out.append(par[start:i].strip())
        start = i
    if par[start:].strip():
        out.append(par[start:].strip())
    return out


def scount(par):
    return len(sentences(par))


# ---------------------------------------------------------------- dates
MONTHS = {}
for lang_months in [
    "january february march april may june july august september october november december",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januari februari maret april mei juni juli agustus september oktober november desember",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
]:
    for i, name in enumerate(lang_months.split()):
        MONTHS[name] = i + 1
for lang_abbr in ["jan feb mar apr may jun jul aug sep oct nov dec",
                  "ene feb mar abr may jun jul ago sep oct nov dic",
                  "jan feb mär apr mai jun jul aug sep okt nov dez",
                  "jan feb mar apr mei jun jul agu sep okt nov des"]:
    for i, name in enumerate(lang_abbr.split()):
        MONTHS.setdefault(name, i + 1)
MONTHS["sept"] = 9

DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")),
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
        chars = list(self.text)
        for a, b in self.spans:
            for i in range(a, b):
                chars[i] = "\n"
        self.article = "".join(chars)
        self.article_lines = [ln.strip() for ln in self.article.split("\n") if ln.strip()]
        bp_lines = {x.strip() for s in bp for x in s.split("\n")}
        for ln in self.article_lines:
            if ln in bp_lines:
                err("%s: furniture line %r occurs again unlabelled" % (pid, ln[:50]))
        pos = 0
        for ln in self.text.split("\n"):
            a, b = pos, pos + len(ln)
            pos = b + 1
            if not ln.strip():
                continue
            cov = sum(max(0, min(b, y) - max(a, x)) for x, y in self.spans)
            if 0 < cov < len(ln):
                err("%s: line partly labelled as boilerplate: %r" % (pid, ln[:50]))
        # added strings: whole lines of article text; positions kept for order checks
        self.added_pos = []
        body = self.article
        for s in added:
            k = self.text.find(s)
            if not s or k < 0:
                err("%s: added string not found: %r" % (pid, s[:60]))
                continue
            if any(k < y and x < k + len(s) for x, y in self.spans):
                err("%s: added string overlaps boilerplate: %r" % (pid, s[:50]))
            self.added_pos.append((k, s))
            body = body.replace(s, "", 1)
        self.kept_lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
        fd = first_date(self.text)
        self.date = fd[2] if fd else None
        if fd is None:
            err("%s: no publication date found" % pid)
        elif not any(x <= fd[0] and fd[1] <= y for x, y in self.spans):
            err("%s: first date %s is not inside labelled furniture" % (pid, fd[2]))

    def line_pos(self, line):
        return self.article.find(line)


def trigram_sim(a, b):
    a, b = a.lower(), b.lower()
    ga = {a[i:i + 3] for i in range(len(a) - 2)}
    gb = {b[i:i + 3] for i in range(len(b) - 2)}
    return len(ga & gb) / max(1, len(ga | gb))


def align(orig_paras, paras):
    """Greedy one-to-one alignment: returns, for each page paragraph, the original index."""
    pairs = sorted(((trigram_sim(o, p), i, j) for i, o in enumerate(orig_paras)
                    for j, p in enumerate(paras)), reverse=True)
    used_o, res = set(), {}
    for s, i, j in pairs:
        if i in used_o or j in res:
            continue
        used_o.add(i)
        res[j] = i
    return [res.get(j) for j in range(len(paras))]


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    if labels.get("distractors"):
        err("top-level distractors list expected empty for this set")
    seen = {}
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")}
    rows = []
    langs = set()
    for st in labels["stories"]:
        name = st["name"]
        langs.add(st["language"])
        pages = {"original": Page(st["original"], "original", st["boilerplate_of_original"], [])}
        kinds = {}
        for pid, d in st["derivatives"].items():
            kinds.setdefault(d["kind"], []).append(Page(pid, d["kind"], d.get("boilerplate", []),
                                                        d.get("added", [])))
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
        o_head, o_paras = orig.article_lines[0], orig.article_lines[1:]
        osc = [scount(x) for x in o_paras]
        o_sents = [s for x in o_paras for s in sentences(x)]
        lo, hi = PARAS_ORIGINAL
        if not lo <= len(o_paras) <= hi:
            err("%s: original has %d paragraphs (want %d-%d)" % (name, len(o_paras), lo, hi))
        body_len = length("\n".join(o_paras))
        a, b = RANGES["original"]
        if not a <= body_len <= b:
            err("%s: original body length %d words outside %d-%d" % (name, body_len, a, b))
        notes = {r: "" for r in ROLES}
        notes["original"] = "%d paras, sentences %s" % (len(o_paras), "/".join(map(str, osc)))
        changed = {}

        # lengths, dates, headlines
        for role, p in pages.items():
            p.length = length("\n".join(p.article_lines))
            a, b = RANGES[role]
            if not a <= p.length <= b:
                err("%s/%s: article length %d outside %d-%d" % (name, role, p.length, a, b))
            if p.date and orig.date:
                if role == "distractor":
                    if abs((p.date - orig.date).days) > DISTRACTOR_DAYS:
                        err("%s/distractor: dated %s, not within %d days of the original %s"
                            % (name, p.date, DISTRACTOR_DAYS, orig.date))
                elif p.date < orig.date:
                    err("%s/%s: dated %s, before the original %s" % (name, role, p.date, orig.date))
            if role in KINDS:
                head = p.article_lines[0] if p.article_lines else ""
                if head == o_head:
                    err("%s/%s: headline is the original's (expected its own)" % (name, role))
                if not p.added or p.added[0] != head:
                    err("%s/%s: own headline is not the first added string" % (name, role))
            if role == "distractor" and p.article_lines and p.article_lines[0] == o_head:
                err("%s/distractor: same headline as the original" % name)

        # spins in the original order: same paragraphs, same sentences per paragraph
        for role in ("light_spin", "heavy_spin"):
            p = pages[role]
            if len(p.added) != 1:
                err("%s/%s: expected only the headline as added, got %d strings" % (name, role, len(p.added)))
            sc = [scount(x) for x in p.kept_lines]
            if sc != osc:
                err("%s/%s: sentences per paragraph %s != original %s" % (name, role, sc, osc))
            same = [i for i, (x, y) in enumerate(zip(o_paras, p.kept_lines)) if x == y]
            if same:
                err("%s/%s: paragraph(s) %s copied unchanged" % (name, role, same))
            al = align(o_paras, p.kept_lines)
            if al != list(range(len(o_paras))):
                err("%s/%s: paragraphs not in the original order (alignment %s)" % (name, role, al))
            changed[role] = changed_share(o_paras, p.kept_lines)
            notes[role] = "sentences %s" % "/".join(map(str, sc))

        # shuffled: verbatim sentences, two dropped, paragraphs reordered
        sh = pages["shuffled"]
        if len(sh.added) != 1:
            err("%s/shuffled: expected only the headline as added, got %d strings" % (name, len(sh.added)))
        sh_sents = [s for x in sh.kept_lines for s in sentences(x)]
        missing = [s for s in o_sents if s not in sh_sents]
        extra = [s for s in sh_sents if s not in o_sents]
        if extra:
            err("%s/shuffled: %d sentence(s) not verbatim from the original: %r" % (name, len(extra), extra[0][:60]))
        if len(missing) != 2:
            err("%s/shuffled: %d original sentences dropped (want 2)" % (name, len(missing)))
        order = []
        for x in sh.kept_lines:
            src = [i for i, op in enumerate(o_paras) if all(s in sentences(op) for s in sentences(x))]
            if len(src) != 1:
                err("%s/shuffled: paragraph does not come from one original paragraph: %r" % (name, x[:50]))
                order.append(None)
            else:
                order.append(src[0])
                opar = sentences(o_paras[src[0]])
                if [s for s in opar if s in sentences(x)] != sentences(x):
                    err("%s/shuffled: sentence order changed inside paragraph %d" % (name, src[0]))
        if sorted(o for o in order if o is not None) != list(range(len(o_paras))):
            err("%s/shuffled: paragraphs %s are not a permutation of the original's" % (name, order))
        if order and order[0] == 0:
            err("%s/shuffled: first paragraph is still the original's first" % name)
        notes["shuffled"] = "order %s; dropped %d sentences" % (",".join(str(o) for o in order), len(missing))

        # spun_shuffled: light spin, reordered, one added filler paragraph
        ss = pages["spun_shuffled"]
        if len(ss.added) != 2:
            err("%s/spun_shuffled: expected headline + one filler paragraph as added, got %d" % (name, len(ss.added)))
        al = align(o_paras, ss.kept_lines)
        if len(ss.kept_lines) != len(o_paras) or sorted(a for a in al if a is not None) != list(range(len(o_paras))):
            err("%s/spun_shuffled: paragraphs %s are not a permutation of the original's" % (name, al))
        else:
            if al == list(range(len(o_paras))):
                err("%s/spun_shuffled: paragraphs not reordered" % name)
            if al[0] == 0:
                err("%s/spun_shuffled: first paragraph is still the original's first" % name)
            for j, i in enumerate(al):
                if scount(ss.kept_lines[j]) != osc[i]:
                    err("%s/spun_shuffled: paragraph %d has %d sentences, original paragraph %d has %d"
                        % (name, j, scount(ss.kept_lines[j]), i, osc[i]))
                if ss.kept_lines[j] == o_paras[i]:
                    err("%s/spun_shuffled: paragraph %d copied unchanged" % (name, i))
            changed["spun_shuffled"] = changed_share([o_paras[i] for i in al], ss.kept_lines)
        notes["spun_shuffled"] = "order %s; +1 filler paragraph" % ",".join(str(a) for a in al)

        # padded: added opening paragraph and 3-question FAQ around the lightly reworded story
        pd = pages["padded"]
        if len(pd.added) != 3:
            err("%s/padded: expected headline, opening paragraph and FAQ as added, got %d" % (name, len(pd.added)))
        else:
            intro, faq = pd.added[1], pd.added[2]
            nq = sum(1 for ln in faq.split("\n") if ln.strip().endswith("?"))
            if nq != 3:
                err("%s/padded: FAQ has %d questions (want 3)" % (name, nq))
            first_kept = pd.line_pos(pd.kept_lines[0]) if pd.kept_lines else -1
            last_kept = pd.line_pos(pd.kept_lines[-1]) if pd.kept_lines else -1
            if not pd.line_pos(intro) < first_kept:
                err("%s/padded: opening paragraph is not before the story" % name)
            if not pd.line_pos(faq) > last_kept:
                err("%s/padded: FAQ is not after the story" % name)
        sc = [scount(x) for x in pd.kept_lines]
        if sc != osc:
            err("%s/padded: sentences per paragraph %s != original %s" % (name, sc, osc))
        al = align(o_paras, pd.kept_lines)
        if al != list(range(len(o_paras))):
            err("%s/padded: paragraphs not in the original order (alignment %s)" % (name, al))
        same = [i for i, (x, y) in enumerate(zip(o_paras, pd.kept_lines)) if x == y]
        if same:
            err("%s/padded: paragraph(s) %s copied unchanged (expected light rewording)" % (name, same))
        changed["padded"] = changed_share(o_paras, pd.kept_lines)
        notes["padded"] = "+opening paragraph +FAQ (%d lines)" % (len(pd.added[2].split("\n")) if len(pd.added) > 2 else 0)

        # overlaps
        og = grams("\n".join(orig.article_lines))
        ofull = grams(orig.text)
        for role in ROLES:
            p = pages[role]
            g = grams("\n".join(p.article_lines))
            so = len(g & og)
            share = so / max(1, len(og))
            p.share = share
            if role in ("light_spin", "spun_shuffled") and share > MAX_LIGHT_SHARE:
                err("%s/%s: shares %.0f%% of the original's 5-grams (max %.0f%%)"
                    % (name, role, 100 * share, 100 * MAX_LIGHT_SHARE))
            if role == "heavy_spin" and so > MAX_HEAVY_SHARED:
                err("%s/heavy_spin: shares %d 5-grams with the original (max %d)" % (name, so, MAX_HEAVY_SHARED))
            if role == "padded" and share < PADDED_MIN_SHARE:
                err("%s/padded: shares only %.0f%% of the original's 5-grams (lightly reworded: min %.0f%%)"
                    % (name, 100 * share, 100 * PADDED_MIN_SHARE))
            if role in ("light_spin", "spun_shuffled"):
                c = changed.get(role)
                if c is not None and not LIGHT_CHANGED[0] <= c <= LIGHT_CHANGED[1]:
                    err("%s/%s: %.0f%% of words changed (light spin: %.0f-%.0f%%)"
                        % (name, role, 100 * c, 100 * LIGHT_CHANGED[0], 100 * LIGHT_CHANGED[1]))
            if role == "heavy_spin" and changed[role] < HEAVY_CHANGED_MIN:
                err("%s/heavy_spin: only %.0f%% of words changed (min %.0f%%)"
                    % (name, 100 * changed[role], 100 * HEAVY_CHANGED_MIN))
            fs = ""
            if role == "distractor":
                fs = len(grams(p.text) & ofull)
                for what, n in [("article text", so), ("full page", fs)]:
                    if n > MAX_DISTRACTOR:
                        err("%s/distractor: shares %d 5-grams with the original (%s; max %d)"
                            % (name, n, what, MAX_DISTRACTOR))
                notes[role] = "full page ∩orig %d" % fs
            rows.append((name, role, p.id, p.length, len(g), so, share,
                         changed.get(role), notes[role]))
            if VERBOSE:
                print("--- %s %s %s  date=%s  length=%d" % (name, role, p.id, p.date, p.length))
                for s in p.added:
                    print("    added: %s" % s.replace("\n", " / ")[:110])
                if role in ("heavy_spin", "distractor"):
                    for gr in sorted(g & og):
                        print("    shared with original: %s" % " ".join(gr))

    for f in sorted(files - set(seen)):
        err("docs/%s.txt is not labelled" % f)
    for pid in sorted(set(seen) - files):
        err("%s is labelled but has no file" % pid)

    print("word 5-grams of each page's article text (page minus labelled furniture, headline included)")
    print("∩orig = 5-grams shared with the story's original; %orig = as a share of the original's 5-grams;")
    print("changed = share of the original's words not kept in place in the paired paragraphs")
    print("%-29s %-14s %-12s %6s %5s %6s %6s %8s  %s" % ("story", "page", "id", "words", "5g", "∩orig",
                                                        "%orig", "changed", "notes"))
    for r in rows:
        ch = "" if r[7] is None else "%.0f%%" % (100 * r[7])
        print("%-29s %-14s %-12s %6d %5d %6d %5.0f%% %8s  %s" % (r[0], r[1], r[2], r[3], r[4], r[5],
                                                                100 * r[6], ch, r[8]))
    print()
    if errors:
        print("FAILED: %d problem(s)" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("OK: %d pages, %d stories (%s), all checks passed"
          % (len(seen), len(labels["stories"]), ", ".join(sorted(langs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
