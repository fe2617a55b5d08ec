#!/usr/bin/env python3
"""Check the blind20 labelled news-dedup test set and write overlap counts into labels.json.

Run from this folder:  python3 verify.py
Exit status 0 = all checks passed, 1 = at least one problem (listed).

Adapted from blind17's verify.py. Same definitions:
- words: whitespace-separated tokens.
- word 5-grams: over lowercased runs of letters, digits and combining marks
  (Unicode categories L*, N*, M*); everything else separates. 5-grams run over
  the whole token stream of a page's article text.
- article text of a page: the file with every labelled furniture string removed
  (headline + body paragraphs + photo-caption descriptions remain).
- shared_word5grams_with_original: number of distinct word 5-grams of the
  page's article text that also occur in the original's article text.

Differences from blind17:
- every furniture string must occur as WHOLE LINE(S) of its file (no furniture
  glued to article text), so there are no glued links or caption+credit lines;
- date checks (this set's theme), using the labels' true_order and traps and the
  per-page date data in build/manifest.json: true order consistent with the
  pages' real publication times, copies after the original and within a day and
  a half, update lines later than all copies, credit lines naming the original,
  date lines being whole furniture lines, no page's own publication date inside
  its article text, relative/undated pages not showing their own date, and every
  furniture line that looks like a date being accounted for.
"""
import datetime as dt
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(ROOT, "docs")
LABELS = os.path.join(ROOT, "labels.json")
MANIFEST = os.path.join(ROOT, "build", "manifest.json")

LIMITS = {
    # kind: (min body words, max body words, max shared 5-grams)
    "original": (450, 550, None),
    "rewrite": (300, 450, 10),
    "summary": (120, 180, 5),
    "distractor": (300, 450, 10),
}
ADDED_WORDS = {"light": (40, 80), "trim": (15, 35), "rewrite": (40, 80), "summary": (15, 35)}
TRAP_TYPES = {
    "credit_line_with_original_date", "numeric_date_order", "relative_or_missing_date",
    "dated_lists", "published_updated_after_copies", "clock_or_timezone", "korean_dates",
}
MAX_COPY_DELAY_H = 36

# furniture lines that look like they carry a calendar date or a relative time
MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
          r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
          r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
          r"Januar|Februar|März|Juni|Juli|Oktober|Dezember|"
          r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro")
DATE_RE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"            # 03/04/2025, 05.06.2025
    r"|\b\d{4}[.-]\d{1,2}[.-]\d{1,2}\b"           # 2025.11.06, 2025-11-06
    r"|\d{4}년\s*\d{1,2}월|\d{1,2}월\s*\d{1,2}일"  # 2025년 11월, 11월 6일
    r"|\b\d{1,2}\.? (?:%s)\b|\b(?:%s) \d{1,2}\b"   # 4 March / 5. Juni / March 4
    r"|\b(?:ago|hace|há|vor \d+ Std)\b|\d+\s*(?:hrs?|horas|Std\.)\s|시간 전|분 전|일 전"
    % (MONTHS, MONTHS), re.IGNORECASE)

problems = []


def bad(msg):
    problems.append(msg)


def tokens(text):
    out, cur = [], []
    for ch in text.lower():
        if unicodedata.category(ch)[0] in "LNM":
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


def nwords(text):
    return len(text.split())


def strip_furniture(text, furniture):
    for s in sorted(furniture, key=len, reverse=True):
        text = text.replace(s, "\n")
    return text


def occurs_as_whole_lines(text, s):
    """True if s occurs in text starting at a line start and ending at a line end."""
    start = 0
    while True:
        i = text.find(s, start)
        if i < 0:
            return False
        j = i + len(s)
        if (i == 0 or text[i - 1] == "\n") and (j == len(text) or text[j] == "\n"):
            return True
        start = i + 1


def line_style(text, furniture):
    """blank / single / mixed, treating a multi-line furniture block as one element."""
    t = text
    for k, s in enumerate(sorted(furniture, key=len, reverse=True)):
        if "\n" in s:
            t = t.replace(s, "\u0000BLOCK%d\u0000" % k)
    t = t.strip("\n")
    if "\n\n" not in t:
        return "single"
    if re.search(r"[^\n]\n[^\n]", t):
        return "mixed"
    return "blank"


def utc(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M")


def main():
    with open(LABELS, encoding="utf-8") as fh:
        labels = json.load(fh)
    manifest = None
    if os.path.exists(MANIFEST):
        with open(MANIFEST, encoding="utf-8") as fh:
            manifest = json.load(fh)
    else:
        bad("build/manifest.json is missing: structural and date checks skipped")

    # ---- collect pages -------------------------------------------------
    pages = {}  # id -> dict(kind, story, lang, furniture, added)
    for st in labels["stories"]:
        def add(pid, kind, furn, added):
            if pid in pages:
                bad("id %s used twice" % pid)
            pages[pid] = {"kind": kind, "story": st["name"], "lang": st["language"],
                          "furniture": furn, "added": added, "orig": st["original"]}
        add(st["original"], "original", st["boilerplate_of_original"], [])
        for pid, d in st["derivatives"].items():
            add(pid, d["kind"], d["boilerplate"], d["added"])
        add(st["distractor"], "distractor", st["boilerplate_of_distractor"], [])
        kinds = sorted(d["kind"] for d in st["derivatives"].values())
        if kinds != ["light", "rewrite", "summary", "trim"]:
            bad("%s: derivative kinds are %s" % (st["name"], kinds))

    texts = {}
    for pid in pages:
        if not re.fullmatch(r"[0-9a-f]{12}", pid):
            bad("id %r is not 12 lowercase hex digits" % pid)
        path = os.path.join(DOCS, pid + ".txt")
        if not os.path.exists(path):
            bad("missing file docs/%s.txt" % pid)
            continue
        with open(path, encoding="utf-8") as fh:
            texts[pid] = fh.read()
    extra = {f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt")} - set(pages)
    for pid in sorted(extra):
        bad("docs/%s.txt is not labelled" % pid)

    # ---- labelled strings occur exactly once in their own file ---------
    for pid, pg in pages.items():
        if pid not in texts:
            continue
        t = texts[pid]
        for s in pg["added"] + pg["furniture"]:
            c = t.count(s)
            if c != 1:
                bad("%s (%s/%s): labelled string occurs %d times: %r" % (pid, pg["lang"], pg["kind"], c, s[:70]))
        for s in pg["furniture"]:
            if s != s.strip() or not s:
                bad("%s: furniture string has surrounding whitespace: %r" % (pid, s[:70]))
            elif not occurs_as_whole_lines(t, s):
                bad("%s (%s/%s): furniture string is not a whole line: %r" % (pid, pg["lang"], pg["kind"], s[:70]))
        if len(set(pg["furniture"])) != len(pg["furniture"]):
            bad("%s: duplicate furniture string in its list" % pid)

    # ---- no furniture string appears on another page (case-insensitive) -
    lowered = {pid: t.lower() for pid, t in texts.items()}
    for pid, pg in pages.items():
        for s in pg["furniture"]:
            sl = s.lower()
            for other, tl in lowered.items():
                if other != pid and sl in tl:
                    bad("furniture of %s also on %s: %r" % (pid, other, s[:70]))

    # ---- article text, word counts, overlaps ---------------------------
    article = {pid: strip_furniture(texts[pid], pages[pid]["furniture"]) for pid in texts}
    for pid, pg in pages.items():
        for s in pg["added"]:
            if article[pid].count(s) != 1:
                bad("%s: added string overlaps furniture: %r" % (pid, s[:60]))
        for s in pg["furniture"]:
            for a in pg["added"]:
                if s in a or a in s:
                    bad("%s: furniture and added string overlap: %r" % (pid, s[:60]))

    rows = []
    styles = {"blank": 0, "single": 0, "mixed": 0}
    shared_by_id = {}
    for st in labels["stories"]:
        oid = st["original"]
        og = grams(article[oid])
        order = [oid] + list(st["derivatives"]) + [st["distractor"]]
        for pid in order:
            pg = pages[pid]
            kind = pg["kind"]
            art = article[pid]
            art_lines = [ln.strip() for ln in art.split("\n") if ln.strip()]
            headline = art_lines[0] if art_lines else ""
            all_words = sum(nwords(ln) for ln in art_lines[1:])  # body + captions
            body_words = all_words
            man = manifest.get(pid) if manifest else None
            if manifest and not man:
                bad("%s: not in build/manifest.json" % pid)
            if man:
                body_words = sum(nwords(p) for p in man["paragraphs"])
                if man["headline"] != headline:
                    bad("%s: first article line is not the headline" % pid)
                rest = art
                pieces = [man["headline"]] + man["paragraphs"] + man["captions"]
                for piece in sorted(pieces, key=len, reverse=True):
                    if piece not in rest:
                        bad("%s: article piece missing from file: %r" % (pid, piece[:60]))
                    rest = rest.replace(piece, "\n", 1)
                if rest.strip():
                    bad("%s: unlabelled text outside furniture/article: %r" % (pid, rest.strip()[:80]))
                for a in pg["added"]:
                    if a not in man["paragraphs"] and not any(p.endswith(a) for p in man["paragraphs"]):
                        bad("%s: added string is not a paragraph or paragraph ending" % pid)
            sty = line_style(texts[pid], pg["furniture"])
            styles[sty] += 1
            if man and man["style"] != sty:
                bad("%s: intended style %s, looks %s" % (pid, man["style"], sty))

            shared = len(grams(art) & og) if pid != oid else None
            full_shared = len(grams(texts[pid]) & grams(texts[oid])) if pid != oid else None
            if pid != oid and kind != "distractor":
                shared_by_id[pid] = shared

            lim = LIMITS.get(kind)
            if lim:
                lo, hi, maxg = lim
                for label, n in (("body", body_words), ("body+captions", all_words)):
                    if not lo <= n <= hi:
                        bad("%s (%s/%s): %s words %d not in %d-%d" % (pid, pg["lang"], kind, label, n, lo, hi))
                if maxg is not None and shared > maxg:
                    bad("%s (%s/%s): %d shared 5-grams > %d" % (pid, pg["lang"], kind, shared, maxg))
            if kind in ADDED_WORDS:
                lo, hi = ADDED_WORDS[kind]
                if len(pg["added"]) != 1:
                    bad("%s: expected exactly one added string, got %d" % (pid, len(pg["added"])))
                for a in pg["added"]:
                    if not lo <= nwords(a) <= hi:
                        bad("%s (%s/%s): added passage has %d words, want %d-%d" % (pid, pg["lang"], kind, nwords(a), lo, hi))
            if kind == "original" and man and not 10 <= len(man["paragraphs"]) <= 12:
                bad("%s: original has %d paragraphs" % (pid, len(man["paragraphs"])))
            if kind != "original" and man and manifest.get(oid):
                if man["headline"] == manifest[oid]["headline"]:
                    bad("%s: headline identical to the original's" % pid)
            if kind == "rewrite" and man:
                para_only = body_words - sum(nwords(a) for a in pg["added"])
                if para_only < 300:
                    bad("%s: paraphrase without background paragraph has %d words (<300)" % (pid, para_only))
            if kind == "summary" and man:
                if not man["paragraphs"][-1].endswith(pg["added"][0]):
                    bad("%s: summary does not end with the opinion sentence" % pid)
                if man["captions"]:
                    bad("%s: summary has a photo caption" % pid)
            if kind in ("light", "trim") and man and manifest.get(oid):
                oparas = manifest[oid]["paragraphs"]
                gset = grams(art)
                cov = []
                for p in oparas:
                    pg5 = grams(p)
                    cov.append(len(pg5 & gset) / max(1, len(pg5)))
                covered = [i for i, c in enumerate(cov) if c >= 0.5]
                if kind == "light":
                    if len(covered) != len(oparas):
                        bad("%s: light copy does not keep all original paragraphs (%s)" % (pid, covered))
                    idx = man["paragraphs"].index(pg["added"][0])
                    if not 0.25 <= idx / len(man["paragraphs"]) <= 0.75:
                        bad("%s: added paragraph is not in the middle (index %d)" % (pid, idx))
                    if sum(1 for a, b in zip(oparas, [p for p in man["paragraphs"] if p != pg["added"][0]]) if a != b) == 0:
                        bad("%s: no word changed in light copy" % pid)
                else:
                    k = len(covered)
                    if covered != list(range(k)):
                        bad("%s: trim does not keep a prefix of the original (%s)" % (pid, covered))
                    if not 0.55 <= k / len(oparas) <= 0.70:
                        bad("%s: trim keeps %d/%d paragraphs" % (pid, k, len(oparas)))
                    if not man["paragraphs"][-1].endswith(pg["added"][0]):
                        bad("%s: trim does not end with the added sentence" % pid)
                    if all(p in oparas for p in man["paragraphs"][:k]):
                        bad("%s: trim paragraphs are not edited at all" % pid)
            rows.append((st["language"], kind, pid, man["site"] if man else "", sty, body_words, all_words,
                         "-" if shared is None else shared, "-" if full_shared is None else full_shared,
                         len(pg["furniture"]), len(pg["added"])))

    if styles != {"blank": 12, "single": 12, "mixed": 12}:
        bad("line styles are %s, want 12/12/12" % styles)

    # ---- date checks ------------------------------------------------------
    trap_types_seen = set()
    date_report = []
    if manifest:
        for st in labels["stories"]:
            name = st["name"]
            oid = st["original"]
            ids = [oid] + list(st["derivatives"]) + [st["distractor"]]
            copies = list(st["derivatives"])
            order = st.get("true_order")
            if not isinstance(order, list) or sorted(order) != sorted(ids):
                bad("%s: true_order is not a permutation of the story's six ids" % name)
                continue
            times = {i: utc(manifest[i]["published_utc"]) for i in ids}
            if [times[i] for i in order] != sorted(times[i] for i in order) or len(set(times.values())) != 6:
                bad("%s: true_order does not follow the pages' publication times" % name)
            non_d = [i for i in order if i != st["distractor"]]
            if non_d[0] != oid:
                bad("%s: the original is not the first of original + copies in true_order" % name)
            for c in copies:
                h = (times[c] - times[oid]).total_seconds() / 3600
                if not 0 < h <= MAX_COPY_DELAY_H:
                    bad("%s: copy %s published %.1f h after the original" % (name, c, h))
            # traps
            traps = st.get("traps")
            if not isinstance(traps, list) or not traps:
                bad("%s: no traps listed" % name)
                traps = []
            kinds_here = set()
            for t in traps:
                ty = t.get("trap")
                if ty not in TRAP_TYPES:
                    bad("%s: unknown trap type %r" % (name, ty))
                    continue
                kinds_here.add(ty)
                if not t.get("pages") or any(p not in ids for p in t["pages"]):
                    bad("%s: trap %s names pages outside the story" % (name, ty))
                    continue
                if ty == "published_updated_after_copies":
                    up = manifest[oid].get("updated_utc")
                    if oid not in t["pages"] or not up:
                        bad("%s: update trap without an updated original" % name)
                    elif utc(up) <= max(times[c] for c in copies):
                        bad("%s: the original's update is not later than all copies" % name)
                if ty == "credit_line_with_original_date":
                    for p in t["pages"]:
                        cl = manifest[p].get("credit_line")
                        if p == oid or not cl:
                            bad("%s: credit trap page %s has no credit line" % (name, p))
                            continue
                        if cl not in pages[p]["furniture"]:
                            bad("%s: credit line of %s is not labelled furniture" % (name, p))
                        if manifest[oid]["site"].lower() not in cl.lower():
                            bad("%s: credit line of %s does not name the original's site" % (name, p))
                        if not any(f in cl for f in manifest[oid]["pub_date_forms"]) and not DATE_RE.search(cl):
                            bad("%s: credit line of %s carries no date" % (name, p))
                if ty == "relative_or_missing_date":
                    for p in t["pages"]:
                        for f in manifest[p]["pub_date_forms"]:
                            if f in texts[p]:
                                bad("%s: page %s flagged relative/undated shows its own date %r" % (name, p, f))
                if ty == "dated_lists":
                    for p in t["pages"]:
                        blocks = [f for f in pages[p]["furniture"] if "\n" in f]
                        if not any(dl in b.split("\n") for b in blocks for dl in manifest[p]["date_lines"]):
                            bad("%s: page %s has no dated line inside a list block" % (name, p))
                if ty == "korean_dates" and st["language"] != "ko":
                    bad("%s: korean_dates trap in a %s story" % (name, st["language"]))
            if len(kinds_here) < 2:
                bad("%s: fewer than two kinds of date trap" % name)
            trap_types_seen |= kinds_here
            # every page: date lines are whole furniture lines, not in the article text
            for i in ids:
                m = manifest[i]
                furn_lines = {ln for f in pages[i]["furniture"] for ln in f.split("\n")}
                for dl in m["date_lines"] + m["pub_lines"]:
                    if dl not in furn_lines:
                        bad("%s: date line of %s is not a furniture line: %r" % (name, i, dl))
                    if dl in article[i]:
                        bad("%s: date line of %s inside the article text: %r" % (name, i, dl))
                for f in m["pub_date_forms"]:
                    if f in article[i]:
                        bad("%s: page %s's own publication date %r appears in its article text" % (name, i, f))
                for ln in sorted(furn_lines):
                    if DATE_RE.search(ln) and ln not in m["date_lines"]:
                        bad("%s: furniture line of %s looks dated but is not in date_lines: %r" % (name, i, ln))
                above = []
                hl_pos = texts[i].find(m["headline"])
                for f in pages[i]["furniture"]:
                    if "\n" in f and any(dl in f.split("\n") for dl in m["date_lines"]) and texts[i].find(f) < hl_pos:
                        above.append(f.split("\n")[0])
                date_report.append((st["language"], m["role"], i, m["published_utc"], m["date_lines"], above))
        missing = TRAP_TYPES - trap_types_seen
        if missing:
            bad("trap types not used anywhere: %s" % sorted(missing))

    # ---- write overlap counts back ---------------------------------------
    for st in labels["stories"]:
        for pid, d in st["derivatives"].items():
            d["shared_word5grams_with_original"] = shared_by_id.get(pid)
    with open(LABELS, "w", encoding="utf-8") as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=2)
        fh.write("\n")

    # ---- summary tables ---------------------------------------------------
    hdr = ("lang", "kind", "id", "site", "lines", "body_w", "art_w", "shared5", "page5", "furn", "added")
    print("%-4s %-10s %-12s %-26s %-6s %6s %6s %7s %6s %4s %5s" % hdr)
    print("-" * 103)
    for r in rows:
        print("%-4s %-10s %-12s %-26s %-6s %6d %6d %7s %6s %4d %5d" % r)
    print()
    print("body_w = words in body paragraphs; art_w = body + caption words (headline excluded);")
    print("shared5 = distinct word 5-grams shared with the original's article text (limits: rewrite/distractor 10, summary 5);")
    print("page5 = same, computed over the whole files including furniture (informative).")
    print("line styles: %s" % styles)
    print("furniture strings: %d; pages: %d" % (sum(len(p["furniture"]) for p in pages.values()), len(pages)))
    if date_report:
        print()
        print("true publication times (UTC) and date-bearing lines as written:")
        for lang, role, i, when, dls, above in date_report:
            print("  %s %-10s %s  %s UTC" % (lang, role, i, when.replace("T", " ")))
            for dl in dls or ["(no date line)"]:
                print("      | " + dl)
            for a in above:
                print("      ^ dated list above the headline: " + a)
        print("true_order per story:")
        for st in labels["stories"]:
            kinds = {st["original"]: "original", st["distractor"]: "distractor"}
            kinds.update({k: v["kind"] for k, v in st["derivatives"].items()})
            print("  %s: %s" % (st["language"], " < ".join(kinds[i] for i in st.get("true_order", []))))
    if problems:
        print("\nFAILED: %d problem(s)" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("\nALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
