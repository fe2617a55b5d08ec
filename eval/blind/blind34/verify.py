#!/usr/bin/env python3
"""Checks for blind34 (news reposted in messages and forums). Standard library only.

python3 verify.py      -> summary table, exit 0 when every check passes
python3 verify.py -v   -> also list every check's detail
"""
import datetime, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERBOSE = "-v" in sys.argv[1:]
KINDS = ["forward", "quoted", "forum", "digest", "chat"]
# whole-page word counts (letter/digit runs) per role
RANGES = {"original": (380, 750), "distractor": (320, 750), "forward": (400, 800),
          "quoted": (420, 850), "forum": (400, 800), "digest": (480, 1000), "chat": (100, 330)}
ARTICLE_WORDS = (320, 480)      # original's article text (headline + paragraphs)
DISTRACTOR_ARTICLE = (300, 500)
PARAS = (6, 9)
MAX_DISTRACTOR_5GRAMS = 3
QUOTE_WIDTH = 72
# page dates: written by build/build.py
DATES = {
 "c943170d0728": {
  "date": "2026-04-11",
  "date_str": "Saturday 11 April 2026, 07:45 BST",
  "role": "original",
  "story": "en-wrenmouth-tram-delay"
 },
 "d50203af4051": {
  "date": "2026-04-11",
  "date_str": "Date: Sat, 11 Apr 2026 at 09:12",
  "role": "forward",
  "story": "en-wrenmouth-tram-delay"
 },
 "eb6a04a3f420": {
  "date": "2026-04-11",
  "date_str": "Date: Sat, 11 Apr 2026 14:27:03 +0100",
  "role": "quoted",
  "story": "en-wrenmouth-tram-delay"
 },
 "9bc9047a74d5": {
  "date": "2026-04-11",
  "date_str": "11-04-2026, 10:05 AM",
  "role": "forum",
  "story": "en-wrenmouth-tram-delay"
 },
 "dafb43470e99": {
  "date": "2026-04-11",
  "date_str": "Date: Sat, 11 Apr 2026 09:31:40 +0100",
  "role": "digest",
  "story": "en-wrenmouth-tram-delay"
 },
 "2bc1428e16ce": {
  "date": "2026-04-12",
  "date_str": "[12/04/2026, 09:14]",
  "role": "chat",
  "story": "en-wrenmouth-tram-delay"
 },
 "c2b73c4f5315": {
  "date": "2026-04-11",
  "date_str": "12:30, 11 APR 2026",
  "role": "distractor",
  "story": "en-wrenmouth-tram-delay"
 },
 "ddceca592dc7": {
  "date": "2026-04-09",
  "date_str": "Publié le 9 avril 2026 à 18h42",
  "role": "original",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "ea31076bfbb3": {
  "date": "2026-04-10",
  "date_str": "Date : ven. 10 avr. 2026 à 08:17",
  "role": "forward",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "fc811b87790a": {
  "date": "2026-04-09",
  "date_str": "Date : jeu. 9 avr. 2026 22:51:36",
  "role": "quoted",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "4d8602a003d1": {
  "date": "2026-04-10",
  "date_str": "ven. 10 avr. 2026 07:48",
  "role": "forum",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "ae6cc8ea41de": {
  "date": "2026-04-09",
  "date_str": "Date: Thu, 9 Apr 2026 20:14:52 +0200",
  "role": "digest",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "703fd07f6224": {
  "date": "2026-04-10",
  "date_str": "[10/04/2026 07:31:05]",
  "role": "chat",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "54812a9142f2": {
  "date": "2026-04-09",
  "date_str": "Le 09/04/2026 à 12:15",
  "role": "distractor",
  "story": "fr-valbrenne-urgences-nuit"
 },
 "b5bcd49a0564": {
  "date": "2026-04-15",
  "date_str": "15.04.2026, 06:30 Uhr",
  "role": "original",
  "story": "de-quellingen-freibad"
 },
 "6ae0ec75309b": {
  "date": "2026-04-15",
  "date_str": "Datum: Mi., 15. Apr. 2026 um 07:52",
  "role": "forward",
  "story": "de-quellingen-freibad"
 },
 "90a97ae44220": {
  "date": "2026-04-15",
  "date_str": "Datum: Mi, 15.04.2026 09:18:44 +0200",
  "role": "quoted",
  "story": "de-quellingen-freibad"
 },
 "e6a84ae492f2": {
  "date": "2026-04-15",
  "date_str": "Mi 15. Apr 2026, 08:20",
  "role": "forum",
  "story": "de-quellingen-freibad"
 },
 "3013b82a71ab": {
  "date": "2026-04-16",
  "date_str": "Date: Thu, 16 Apr 2026 06:58:03 +0200",
  "role": "digest",
  "story": "de-quellingen-freibad"
 },
 "a8998ad75f77": {
  "date": "2026-04-15",
  "date_str": "[15.04.26, 07:05:11]",
  "role": "chat",
  "story": "de-quellingen-freibad"
 },
 "f1b853d26281": {
  "date": "2026-04-15",
  "date_str": "Stand: 15.04.2026, 11:47 Uhr",
  "role": "distractor",
  "story": "de-quellingen-freibad"
 },
 "aca306508437": {
  "date": "2026-04-20",
  "date_str": "20 apr 2026 om 06:15",
  "role": "original",
  "story": "nl-rijnbroek-hagel"
 },
 "b1125d0ef626": {
  "date": "2026-04-20",
  "date_str": "Datum: ma 20 apr 2026 om 08:33",
  "role": "forward",
  "story": "nl-rijnbroek-hagel"
 },
 "70ac1c1c4353": {
  "date": "2026-04-20",
  "date_str": "Datum: ma 20 apr 2026 12:06:19",
  "role": "quoted",
  "story": "nl-rijnbroek-hagel"
 },
 "b7eb63f64804": {
  "date": "2026-04-20",
  "date_str": "20-04-2026, 09:02",
  "role": "forum",
  "story": "nl-rijnbroek-hagel"
 },
 "2984f287d217": {
  "date": "2026-04-20",
  "date_str": "Date: Mon, 20 Apr 2026 10:47:31 +0200",
  "role": "digest",
  "story": "nl-rijnbroek-hagel"
 },
 "05cc90fc4bed": {
  "date": "2026-04-20",
  "date_str": "20-04-2026 07:41",
  "role": "chat",
  "story": "nl-rijnbroek-hagel"
 },
 "1e63bf45c130": {
  "date": "2026-04-20",
  "date_str": "Ma 20 april 2026, 14:05",
  "role": "distractor",
  "story": "nl-rijnbroek-hagel"
 },
 "89774d876544": {
  "date": "2026-04-21",
  "date_str": "21 апреля 2026, 09:30",
  "role": "original",
  "story": "ru-kluchareva-nosorog"
 },
 "33439939b338": {
  "date": "2026-04-21",
  "date_str": "Дата: вторник, 21 апреля 2026 г., 10:05",
  "role": "forward",
  "story": "ru-kluchareva-nosorog"
 },
 "b773de5a6cab": {
  "date": "2026-04-21",
  "date_str": "Дата: Вт, 21 апр 2026 16:40:12 +0500",
  "role": "quoted",
  "story": "ru-kluchareva-nosorog"
 },
 "188a864bbff3": {
  "date": "2026-04-21",
  "date_str": "21.04.2026, 11:37",
  "role": "forum",
  "story": "ru-kluchareva-nosorog"
 },
 "887475ef8cec": {
  "date": "2026-04-22",
  "date_str": "Date: Wed, 22 Apr 2026 07:12:09 +0500",
  "role": "digest",
  "story": "ru-kluchareva-nosorog"
 },
 "7e25ef92b6cc": {
  "date": "2026-04-21",
  "date_str": "[21.04.2026, 10:31:07]",
  "role": "chat",
  "story": "ru-kluchareva-nosorog"
 },
 "09dadf1d301f": {
  "date": "2026-04-21",
  "date_str": "21.04.2026 14:18",
  "role": "distractor",
  "story": "ru-kluchareva-nosorog"
 },
 "57423664d11f": {
  "date": "2026-04-05",
  "date_str": "05/04/2026 às 20h47",
  "role": "original",
  "story": "pt-vargem-clara-copa-do-vale"
 },
 "eeace01d38b6": {
  "date": "2026-04-05",
  "date_str": "Data: dom., 5 de abr. de 2026 às 22:31",
  "role": "forward",
  "story": "pt-vargem-clara-copa-do-vale"
 },
 "8b4acda61686": {
  "date": "2026-04-06",
  "date_str": "Data: seg., 6 de abr. de 2026 às 08:54",
  "role": "quoted",
  "story": "pt-vargem-clara-copa-do-vale"
 },
 "13ff0b881302": {
  "date": "2026-04-05",
  "date_str": "05/04/2026 às 21:52",
  "role": "forum",
  "story": "pt-vargem-clara-copa-do-vale"
 },
 "496594997048": {
  "date": "2026-04-06",
  "date_str": "Date: Mon, 6 Apr 2026 07:20:14 -0300",
  "role": "digest",
  "story": "pt-vargem-clara-copa-do-vale"
 },
 "d8abadaf6b53": {
  "date": "2026-04-05",
  "date_str": "[05/04/2026, 21:14]",
  "role": "chat",
  "story": "pt-vargem-clara-copa-do-vale"
 },
 "90b5f23823ce": {
  "date": "2026-04-05",
  "date_str": "Publicado: 05/04/2026 - 13:40",
  "role": "distractor",
  "story": "pt-vargem-clara-copa-do-vale"
 }
}

errors = []


def check(ok, msg):
    if not ok:
        errors.append(msg)
    if VERBOSE:
        print(("  ok   " if ok else "  FAIL ") + msg)
    return ok


def tokens(text):
    out = []
    for run in re.findall(r"[^\W_]+", text.lower()):
        buf = ""
        for ch in run:
            if "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af":
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(ch)
            else:
                buf += ch
        if buf:
            out.append(buf)
    return out


def grams(text, n=5):
    t = tokens(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def covered_mask(text, strings):
    mask = [False] * len(text)
    for s in strings:
        i = text.find(s)
        if i >= 0:
            for k in range(i, i + len(s)):
                mask[k] = True
    return mask


def uncovered_lines(text, strings):
    """Lines of text not fully covered by the first occurrences of strings."""
    mask = covered_mask(text, strings)
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and not all(mask[pos:pos + len(line)]):
            out.append(line)
        pos += len(line) + 1
    return out


def line_set(text):
    return set(text.split("\n"))


def quoted_paragraphs(text, furniture):
    """Quoted blocks: lines starting with '>', paragraphs split by a bare '>' line.
    Returns (paragraphs as joined text, raw line lists); wholly-furniture paragraphs are skipped."""
    furn_lines = set()
    for s in furniture:
        furn_lines.update(s.split("\n"))
    paras, cur = [], []
    for line in text.split("\n") + [""]:
        if line.startswith(">") and line.strip() != ">":
            cur.append(line)
        else:
            if cur:
                paras.append(cur)
            cur = []
    out = []
    for lines in paras:
        if all(l in furn_lines for l in lines):
            continue
        out.append((" ".join(l[2:] if l.startswith("> ") else l[1:] for l in lines), lines))
    return out


def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    docdir = os.path.join(HERE, "docs")
    files = {f[:-4] for f in os.listdir(docdir) if f.endswith(".txt")}
    docs = {i: open(os.path.join(docdir, i + ".txt"), encoding="utf-8").read() for i in files}
    seen = []
    rows = []
    langs = set()
    for st in labels["stories"]:
        name = st["name"]
        if VERBOSE:
            print("== " + name)
        langs.add(st["language"])
        oid, did = st["original"], st["distractor"]
        pages = {oid: ("original", st["boilerplate_of_original"], [])}
        for pid, d in st["derivatives"].items():
            pages[pid] = (d["kind"], d["boilerplate"], d["added"])
        pages[did] = ("distractor", st["boilerplate_of_distractor"], [])
        seen.extend(pages)
        check(sorted(d["kind"] for d in st["derivatives"].values()) == sorted(KINDS),
              "%s: one derivative of each kind %s" % (name, KINDS))
        for pid in pages:
            if not check(pid in docs, "%s: page %s exists" % (name, pid)):
                return
            check(re.fullmatch(r"[0-9a-f]{12}", pid) is not None, "%s: id %s is 12 hex chars" % (name, pid))
        # every label found; first occurrences do not overlap
        for pid, (kind, furn, added) in pages.items():
            text = docs[pid]
            spans = []
            for s in furn + added:
                i = text.find(s)
                check(i >= 0, "%s/%s: label found: %r" % (name, kind, s[:60]))
                if i >= 0:
                    spans.append((i, i + len(s), s))
            spans.sort()
            for a, b in zip(spans, spans[1:]):
                check(a[1] <= b[0], "%s/%s: labels do not overlap: %r / %r" % (name, kind, a[2][:40], b[2][:40]))
            lo, hi = RANGES[kind]
            n = len(tokens(text))
            check(lo <= n <= hi, "%s/%s: %d words in [%d, %d]" % (name, kind, n, lo, hi))
        # the original's article text = lines not covered by its furniture
        otext = docs[oid]
        art = uncovered_lines(otext, st["boilerplate_of_original"])
        head, paras = art[0], art[1:]
        aw = len(tokens("\n".join(art)))
        check(ARTICLE_WORDS[0] <= aw <= ARTICLE_WORDS[1], "%s: original article %d words in %s" % (name, aw, ARTICLE_WORDS))
        check(PARAS[0] <= len(paras) <= PARAS[1], "%s: original has %d paragraphs" % (name, len(paras)))
        og = grams(otext)
        artg = grams("\n".join(art))
        # distractor
        dtext = docs[did]
        dart = uncovered_lines(dtext, st["boilerplate_of_distractor"])
        dw = len(tokens("\n".join(dart)))
        check(DISTRACTOR_ARTICLE[0] <= dw <= DISTRACTOR_ARTICLE[1], "%s: distractor article %d words" % (name, dw))
        # derivatives
        for pid, (kind, furn, added) in pages.items():
            text = docs[pid]
            lines = line_set(text)
            if kind in ("forward", "forum", "digest"):
                for a in art:
                    check(a in lines, "%s/%s: article line present verbatim: %r" % (name, kind, a[:50]))
                body = uncovered_lines(text, furn + added)
                check(sorted(body) == sorted(art), "%s/%s: unlabelled lines are exactly the article" % (name, kind))
            if kind == "forward":
                check(len(added) == 2, "%s/forward: two-line note (%d added)" % (name, len(added)))
                check(any("-----" in s for s in furn), "%s/forward: forwarded-message block labelled" % name)
            if kind == "forum":
                check(len(added) >= 3, "%s/forum: title, intro and closing added (%d)" % (name, len(added)))
            if kind == "digest":
                check(len(added) == 2, "%s/digest: two member messages added" % name)
                for s in added:
                    w = len(tokens(s))
                    check(40 <= w <= 80, "%s/digest: member message %d words in [40, 80]" % (name, w))
            if kind == "quoted":
                check(2 <= len(added) <= 3, "%s/quoted: %d comments" % (name, len(added)))
                for s in added:
                    check(not s.startswith(">"), "%s/quoted: comment is not quoted" % name)
                qlines = [l for l in text.split("\n") if l.startswith(">")]
                check(all(len(l) <= QUOTE_WIDTH for l in qlines), "%s/quoted: quoted lines <= %d columns" % (name, QUOTE_WIDTH))
                qp = quoted_paragraphs(text, furn)
                for joined, raw in qp:
                    check(all(l.startswith("> ") for l in raw), "%s/quoted: '> ' on every wrapped line" % name)
                    check(joined in otext, "%s/quoted: unquoted paragraph is in the original: %r" % (name, joined[:50]))
                check(sorted(j for j, _ in qp) == sorted(art), "%s/quoted: quoted paragraphs = whole article" % name)
            if kind == "chat":
                check(len(added) == 2, "%s/chat: two replies added" % name)
                tl = text.split("\n")
                i = [k for k, l in enumerate(tl) if l.endswith(" " + paras[0])]
                ok = bool(i) and tl[i[0] + 1] == paras[1] and tl[i[0] + 2] == paras[2]
                check(ok, "%s/chat: paragraphs 1-3 pasted as one message with continuation lines" % name)
                check(not any(p in text for p in paras[3:]) and head not in lines,
                      "%s/chat: only the first three paragraphs pasted" % name)
            for s in added:
                check(not (grams(s) & artg), "%s/%s: added text shares no 5-gram with the article: %r" % (name, kind, s[:40]))
        # dates
        od = datetime.date.fromisoformat(DATES[oid]["date"])
        for pid, (kind, furn, added) in pages.items():
            dd = DATES.get(pid)
            if not check(dd is not None, "%s/%s: date known" % (name, kind)):
                continue
            check(any(dd["date_str"] in s for s in furn), "%s/%s: date line %r in furniture" % (name, kind, dd["date_str"]))
            delta = (datetime.date.fromisoformat(dd["date"]) - od).days
            if kind == "distractor":
                check(abs(delta) <= 1, "%s/distractor: within a day of the original" % name)
            elif kind != "original":
                check(delta in (0, 1), "%s/%s: dated the same day as the original or the next" % (name, kind))
        # 5-grams
        for pid, (kind, furn, added) in pages.items():
            if kind == "original":
                continue
            sh = len(grams(docs[pid]) & og)
            rows.append((name, kind, pid, len(tokens(docs[pid])), sh, 100.0 * sh / len(og)))
            if kind == "distractor":
                check(sh <= MAX_DISTRACTOR_5GRAMS, "%s/distractor: %d shared 5-grams <= %d" % (name, sh, MAX_DISTRACTOR_5GRAMS))
    check(len(seen) == len(set(seen)), "every page labelled once (no id twice)")
    check(set(seen) == set(docs), "every page in docs/ is labelled (%d pages, %d labelled)" % (len(docs), len(set(seen))))
    check(labels.get("distractors") == [], "top-level distractors list is empty")
    print("%-28s %-10s %-12s %6s %7s %7s" % ("story", "page", "id", "words", "5grams", "share"))
    for r in rows:
        print("%-28s %-10s %-12s %6d %7d %6.1f%%" % r)
    if errors:
        print("\n%d check(s) failed:" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nall checks passed (%d pages, %d stories)" % (len(docs), len(labels["stories"])))


if __name__ == "__main__":
    main()
