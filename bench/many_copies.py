#!/usr/bin/env python3
"""One story copied by the hundred: build the corpus, run ``dedup batch`` on it, report.

The corpora behind README's "Copies by the hundred" figures (How it works, step 5), made
again from the real texts in ``../shared/data``:

* ``--kind signed``: ``--copies`` copies of one article, each signed off with a line of its
  own ("Reported for outlet number N by staff writer M."): near-copies in other words;
* ``--kind furniture``: each copy under its own site's furniture (a newsletter line, "Share
  this", a comment count): the same content words;
* ``--kind identical``: the same text every time.

The article is the first BBC story (``bbc_news``), or with ``--base seeds`` the TechCrunch
seed (``seeds/001_...``), whose four other seeds (its rewrites) then join the corpus.
``--background N`` adds the first N Reuters stories (``reuters21578``).  The run is
``<venv>/bin/dedup batch CORPUS --output OUT.json`` as a child process (its default
``--jobs``), timed with its peak RSS (``os.wait4``).  Printed: the time, the peak RSS, the
story holding the copies (its size, its original, how many of the copies are in it), where
each rewrite went (its story's size and its relation), and the counters (``spare_copies``,
``spare_near_copies``).  Nothing is written under the repository (``--keep DIR`` keeps the
corpus and output).

    .venv/bin/python bench/many_copies.py --copies 5000 --kind signed
    .venv/bin/python bench/many_copies.py --copies 300 --kind signed --base seeds --background 10000
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from run_bench import measure  # noqa: E402

ROOT = BENCH_DIR.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def first_record(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.loads(fh.readline())


def build(args) -> tuple[list[dict], list[str], list[str]]:
    """The corpus, the copies' ids and the rewrites' ids."""
    rewrites: list[dict] = []
    if args.base == "seeds":
        seeds = sorted((ROOT / "seeds").glob("*.txt"))
        base = seeds[1].read_text(encoding="utf-8")  # 001_...: the TechCrunch article
        rewrites = [{"id": f"rewrite-{p.stem}", "text": p.read_text(encoding="utf-8")}
                    for k, p in enumerate(seeds) if k != 1]
    else:
        base = first_record(args.data / "bbc_news" / "docs.jsonl")["text"]
    rng = random.Random(args.seed)
    copies = []
    for k in range(args.copies):
        if args.kind == "signed":
            text = f"{base}\n\nReported for outlet number {k} by staff writer {rng.randrange(10 ** 6)}."
        elif args.kind == "furniture":
            text = f"{base}\n\nSign up for the Daily {k} newsletter\n\nShare this\n\n{rng.randrange(10 ** 4)} comments"
        else:
            text = base
        copies.append({"id": f"copy{k:06d}", "text": text})
    background = []
    if args.background:
        with (args.data / "reuters21578" / "docs.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r.get("text", "").strip():
                    background.append({"id": r["id"], "text": r["text"]})
                if len(background) >= args.background:
                    break
    return copies + rewrites + background, [c["id"] for c in copies], [r["id"] for r in rewrites]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--copies", type=int, default=1000)
    p.add_argument("--kind", choices=("signed", "furniture", "identical"), default="signed")
    p.add_argument("--base", choices=("bbc", "seeds"), default="bbc")
    p.add_argument("--background", type=int, default=0, metavar="N", help="the first N Reuters stories")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=3600.0)
    p.add_argument("--keep", type=Path, metavar="DIR")
    args = p.parse_args(argv)
    docs, copies, rewrites = build(args)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        corpus, out = folder / "corpus.jsonl", folder / "out.json"
        with corpus.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        cmd = [str(Path(sys.executable).parent / "dedup"), "batch", str(corpus), "--output", str(out),
               "--no-progress", "--quiet"]
        status, wall, rss, cpu, err = measure(cmd, args.timeout or None)
        if status != 0:
            print(f"dedup batch failed (status {status}): {err.strip()[-500:]}", file=sys.stderr)
            return 1
        result = json.loads(out.read_text(encoding="utf-8"))
    story_of = {m["id"]: c for c in result["clusters"] for m in c["members"]}
    member = {m["id"]: m for c in result["clusters"] for m in c["members"]}
    holding = sorted({id(story_of[c]): story_of[c] for c in copies if c in story_of}.values(),
                     key=lambda c: -len(c["members"]))
    print(f"corpus: {args.copies} {args.kind} copies of the {args.base} article, {len(rewrites)} rewrites, "
          f"{len(docs) - len(copies) - len(rewrites)} Reuters stories ({len(docs)} documents)")
    print(f"dedup batch: {wall:.1f} s, peak RSS {rss:.0f} MiB, CPU {cpu:.1f} s")
    if holding:
        top = holding[0]
        inside = sum(story_of.get(c) is top for c in copies)
        print(f"copies' story: {len(top['members'])} members, original {top['original']}, "
              f"{inside} of the {len(copies)} copies; {len(holding) - 1} other stories hold copies")
    else:
        print("copies' story: none (no copy is in a story of two or more)")
    for r in rewrites:
        c = story_of.get(r)
        where = "alone" if c is None else (
            "in the copies' story" if holding and c is holding[0] else f"in a story of {len(c['members'])}")
        print(f"  {r}: {where}, {member[r]['role'] if r in member else '-'} "
              f"{member[r].get('relation') if r in member else ''}")
    s = result["stats"]
    print(f"stats: spare_copies {s.get('spare_copies', 0)}, spare_near_copies {s.get('spare_near_copies', 0)}, "
          f"clusters {s.get('clusters')}, clustered_documents {s.get('clustered_documents')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
