"""Score `dedup batch` on a labelled story set written blind (tests/fixtures/stories/ and sets
like it): each story an original and derivatives with the passages each added and the
furniture strings of each article, and distractors (other events on the same beat).

    python eval/blind_stories.py FOLDER LABELS.json [LABELS2.json ...] [--dedup CMD] [--json OUT]

FOLDER holds one ``<id>.txt`` a document (subfolders too; they are copied into one folder
for `dedup batch --all`). LABELS: ``{"stories": [{"original", "derivatives": {id: {"kind",
"added", "boilerplate"}}, "boilerplate_of_original", and optionally "distractor" with
"boilerplate_of_distractor"}], "distractors": [ids], optionally "boilerplate_of_distractors":
{id: [strings]} for those, "roundups": [{"id", "sources": [original
ids], "copied": {original id: [strings]}, "added", "boilerplate"}]}`` (roundups optional: a
briefing or digest page drawing on several stories); every labelled string is an exact
substring of its document (a string found more than once counts at its first place).

Prints, for the whole set: stories kept in one cluster with no other story's member,
originals ranked first, derivatives called derived (by kind), distractors alone or `related`,
roundups in a cluster with no more than one of their stories (and linked to one, derived),
the mean share of each labelled furniture string's characters reported as boilerplate, the
mean share of each labelled added passage's characters reported as added, and the added
characters outside labelled additions. Nothing here is tuned to a set: it only reads
`dedup batch`'s output.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path


def _texts(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))}


def _mask(n: int, spans) -> bytearray:
    m = bytearray(n)
    for s in spans:
        m[s["start"]:s["end"]] = b"\x01" * (s["end"] - s["start"])
    return m


def _share(text: str, needle: str, mask: bytearray) -> float | None:
    at = text.find(needle)
    if at < 0 or not needle:
        return None
    return sum(mask[at:at + len(needle)]) / len(needle)


def score(folder: Path, labels: list[dict], clusters: list[dict]) -> dict:
    texts = _texts(folder)
    members = {}  # id -> (cluster, member record)
    for c in clusters:
        for m in c["members"]:
            members[m["id"]] = (c, m)
    stories = [s for lab in labels for s in lab["stories"]]
    distractors = [d for lab in labels for d in lab.get("distractors", [])]
    distractors += [s["distractor"] for s in stories if s.get("distractor")]
    roundups = [r for lab in labels for r in lab.get("roundups", [])]
    loose = set(distractors) | {r["id"] for r in roundups}  # may sit in any story's cluster
    story_of = {}
    for k, s in enumerate(stories):
        for d in [s["original"], *s["derivatives"]]:
            story_of[d] = k
    out: dict = {"stories": len(stories), "one_cluster": 0, "original_first": 0,
                 "derived": Counter(), "kinds": Counter(), "distractors": len(distractors),
                 "distractors_ok": 0, "distractors_related": 0, "problems": []}
    furniture, added, outside, added_total = [], [], 0, 0
    by_lang: dict = defaultdict(lambda: {"furniture": [], "added": []})

    def tally(d: str, bp: list[str], add: list[str], lang: str) -> None:
        # the share found of each labelled furniture string and added passage of document d
        nonlocal outside, added_total
        text = texts[d]
        m = members[d][1] if d in members else {"boilerplate": [], "added": []}
        amask = _mask(len(text), m["added"])
        gold = bytearray(len(text))
        for kind, strings, mask, into in (("furniture", bp, _mask(len(text), m["boilerplate"]), furniture),
                                          ("added", add, amask, added)):
            for x in strings:
                v = _share(text, x, mask)
                if v is None:
                    out["problems"].append(f"{d}: {kind} string not in text: {x[:40]!r}")
                    continue
                into.append(v)
                by_lang[lang][kind].append(v)
                if kind == "added":
                    at = text.find(x)
                    gold[at:at + len(x)] = b"\x01" * len(x)
        added_total += sum(amask)
        outside += sum(1 for x, g in zip(amask, gold) if x and not g)
    for k, s in enumerate(stories):
        lang = s.get("language") or s["original"].split("_")[0]
        ids = [s["original"], *s["derivatives"]]
        cl = {members[i][0]["cluster"] for i in ids if i in members}
        if len(cl) == 1:
            c = members[ids[0]][0]
            if all(story_of.get(m["id"], -1) == k or m["id"] in loose for m in c["members"]):
                out["one_cluster"] += 1
            else:
                out["problems"].append(f"story {k} ({lang}): its cluster holds another story's member")
        else:
            out["problems"].append(f"story {k} ({lang}): in {len(cl)} clusters")
        c = members[ids[0]][0]
        if c["original"] == s["original"]:
            out["original_first"] += 1
        else:
            kind = s["derivatives"].get(c["original"], {}).get("kind", "other")
            out["problems"].append(f"story {k} ({lang}): original ranked first: {kind}")
        for d, lab in s["derivatives"].items():
            out["kinds"][lab["kind"]] += 1
            _, m = members[d]
            if m["role"] == "derivative" and m["relation"] not in (None, "related") or m["role"] == "original":
                out["derived"][lab["kind"]] += 1
        labelled = {s["original"]: (s.get("boilerplate_of_original", []), [])}
        labelled.update({d: (lab.get("boilerplate", []), lab.get("added", [])) for d, lab in s["derivatives"].items()})
        if s.get("distractor"):
            labelled[s["distractor"]] = (s.get("boilerplate_of_distractor", []), [])
        for d, (bp, add) in labelled.items():
            tally(d, bp, add, lang)
    for lab in labels:  # furniture of the top-level distractors, where labelled
        for d, bp in lab.get("boilerplate_of_distractors", {}).items():
            tally(d, bp, [], "distractors")
    for d in distractors:
        if d not in members or len(members[d][0]["members"]) == 1:
            out["distractors_ok"] += 1
        elif members[d][1]["relation"] == "related" or (
                members[d][1]["role"] == "original"
                and all(m["relation"] == "related" for m in members[d][0]["members"] if m["id"] != d)):
            out["distractors_ok"] += 1
            out["distractors_related"] += 1
        else:
            out["problems"].append(f"distractor {d}: {members[d][1]['relation'] or 'original'} in a story")
    if roundups:
        out.update(roundups=len(roundups), roundups_apart=0, roundups_linked=0)
        r_added, r_copied = [], []
        for r in roundups:
            text = texts[r["id"]]
            c, m = members.get(r["id"], ({"members": []}, {"role": None, "relation": None, "parent": None,
                                                           "added": [], "boilerplate": []}))
            held = {story_of[x["id"]] for x in c["members"] if x["id"] in story_of}
            if len(held) <= 1:
                out["roundups_apart"] += 1
            else:
                out["problems"].append(f"roundup {r['id']} ({r.get('kind')}): its cluster holds {len(held)} stories")
            if held and m["role"] == "derivative" and m["relation"] not in (None, "related"):
                out["roundups_linked"] += 1
            amask = _mask(len(text), m["added"])
            for x in r.get("added", []):
                v = _share(text, x, amask)
                if v is None:
                    out["problems"].append(f"{r['id']}: added string not in text: {x[:40]!r}")
                else:
                    r_added.append(v)
            # passages copied from the story it is linked to, reported as added (wrongly)
            parent_story = story_of.get(m.get("parent"), -1)
            for src, strings in r.get("copied", {}).items():
                if story_of.get(src, -2) != parent_story:
                    continue
                for x in strings:
                    v = _share(text, x, amask)
                    if v is not None:
                        r_copied.append(v)
        out["roundup_added_recall"] = round(sum(r_added) / len(r_added), 3) if r_added else None
        out["roundup_copied_marked_added"] = round(sum(r_copied) / len(r_copied), 3) if r_copied else None
    mean = lambda xs: round(sum(xs) / len(xs), 3) if xs else None  # noqa: E731
    out["furniture_recall"] = mean(furniture)
    out["furniture_strings"] = len(furniture)
    out["added_recall"] = mean(added)
    out["added_passages"] = len(added)
    out["added_chars"] = added_total
    out["added_chars_outside_labels"] = outside
    out["by_language"] = {k: {"furniture": mean(v["furniture"]), "added": mean(v["added"])}
                          for k, v in sorted(by_lang.items())}
    out["derived"] = dict(out["derived"])
    out["kinds"] = dict(out["kinds"])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("labels", nargs="+", type=Path)
    ap.add_argument("--dedup", default=f"{shlex.quote(sys.executable)} -m dedup",
                    help="the dedup command (default: this Python's -m dedup)")
    ap.add_argument("--json", type=Path, help="also write the scores here")
    args = ap.parse_args(argv)
    labels = [json.loads(p.read_text(encoding="utf-8")) for p in args.labels]
    with tempfile.TemporaryDirectory() as tmp:
        # the documents alone, in one folder (ids are file names without .txt)
        docs = Path(tmp, "docs")
        docs.mkdir()
        for name, text in _texts(args.folder).items():
            (docs / f"{name}.txt").write_text(text, encoding="utf-8")
        out = os.path.join(tmp, "out.jsonl")
        cmd = shlex.split(args.dedup) + ["batch", str(docs), "--all", "--output", out, "--no-progress"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            clusters = [json.loads(line) for line in f]
    result = score(args.folder, labels, clusters)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
