#!/usr/bin/env python3
"""How much ECB+'s ARI depends on which topics a corpus holds: ``dedup batch`` on random
halves of ECB+'s topics, each half alone, against the whole corpus's run.

The target (ARI >= 0.85) is checked on a held-out half of ECB+ that nobody here has seen.
This script estimates how far a score on other topics may move: for each seed, ECB+'s topics
(a gold cluster ``N-ecb`` or ``N-ecbplus`` is an event of topic ``N``) are shuffled and cut in
two halves; each half is run alone through the CLI (ids and texts only, as ``make eval``
gives them) and scored with ARI and pairwise precision/recall; the whole corpus's run is
scored too, and restricted to each half (the same clustering, fewer documents scored).

    .venv/bin/python eval/topic_halves.py --data ../shared/data --seeds 5
    .venv/bin/python eval/topic_halves.py --data ../shared/data --set story_reattach=0.3

Output: one line per run on stderr, a summary on stdout.  Nothing is written under the
repository (a temporary folder holds the inputs and outputs).
"""
from __future__ import annotations

import argparse
import json
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import adjusted_rand, pairwise_cluster_scores  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def topic_of_cluster(name: str) -> str:
    """ECB+'s topic of a gold cluster name: ``"12-ecbplus"`` -> ``"12"``."""
    return name.split("-", 1)[0]


def halves(topics: list[str], seed: int) -> tuple[set[str], set[str]]:
    """The topics shuffled with ``seed`` and cut in two (the first half the smaller)."""
    order = sorted(topics)
    random.Random(seed).shuffle(order)
    cut = len(order) // 2
    return set(order[:cut]), set(order[cut:])


def score(gold: dict[str, str], pred: dict[str, str], ids: list[str]) -> tuple[float, float, float]:
    """ARI, pairwise precision and recall of ``pred`` (id -> cluster; a missing id is alone)."""
    g = [gold[i] for i in ids]
    p = [pred.get(i, f"alone:{i}") for i in ids]
    pw = pairwise_cluster_scores(g, p)
    return adjusted_rand(g, p), pw["precision"], pw["recall"]


def run_batch(dedup: list[str], docs: list[dict], folder: Path, extra: list[str]) -> dict[str, str]:
    """``dedup batch --all`` on ``docs``; id -> story."""
    src, out = folder / "in.jsonl", folder / "out.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
    subprocess.run(dedup + ["batch", str(src), "--output", str(out), "--all", "-q"] + extra, check=True)
    pred = {}
    with out.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for m in rec["members"]:
                pred[str(m["id"])] = str(rec["cluster"])
    return pred


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seeds", type=int, default=5, help="shuffles (two halves each; default 5)")
    ap.add_argument("--dedup-cmd", default=str(Path(sys.executable).parent / "dedup"))
    ap.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help="passed to dedup batch as --set (repeatable)")
    args = ap.parse_args(argv)
    folder = args.data / "ecbplus"
    docs = [json.loads(line) for line in (folder / "docs.jsonl").open(encoding="utf-8") if line.strip()]
    gold: dict[str, str] = {}
    topic: dict[str, str] = {}
    for line in (folder / "clusters.jsonl").open(encoding="utf-8"):
        if line.strip():
            c = json.loads(line)
            for i in c["ids"]:
                gold[i] = c["cluster"]
                topic[i] = topic_of_cluster(c["cluster"])
    docs = [d for d in docs if d["id"] in gold]
    dedup = shlex.split(args.dedup_cmd)
    extra = [x for s in args.settings for x in ("--set", s)]
    with tempfile.TemporaryDirectory(prefix="dedup-halves-") as tmp:
        tmp = Path(tmp)
        full = run_batch(dedup, docs, tmp, extra)
        ids = [d["id"] for d in docs]
        whole = score(gold, full, ids)
        alone, restricted = [], []
        for seed in range(args.seeds):
            for k, half in enumerate(halves(sorted(set(topic.values())), seed)):
                sub = [d for d in docs if topic[d["id"]] in half]
                sub_ids = [d["id"] for d in sub]
                alone.append(score(gold, run_batch(dedup, sub, tmp, extra), sub_ids))
                restricted.append(score(gold, full, sub_ids))
                print(f"seed {seed} half {k}: {len(sub)} docs, alone ARI {alone[-1][0]:.3f}, "
                      f"whole run on them {restricted[-1][0]:.3f}", file=sys.stderr, flush=True)
    print(f"whole corpus ({len(docs)} docs): ARI {whole[0]:.3f}, pair P {whole[1]:.3f}, R {whole[2]:.3f}")
    for name, rows in (("halves run alone", alone), ("whole run scored on each half", restricted)):
        aris = [r[0] for r in rows]
        print(f"{name} ({len(rows)}): mean ARI {statistics.mean(aris):.3f} (min {min(aris):.3f}, "
              f"max {max(aris):.3f}), mean pair P {statistics.mean(r[1] for r in rows):.3f}, "
              f"R {statistics.mean(r[2] for r in rows):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
