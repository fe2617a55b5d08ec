#!/usr/bin/env python3
"""The floor under ``dedup batch``'s speed: its text analysis alone, in one process.

    .venv/bin/python bench/analysis_floor.py CORPUS.jsonl [CORPUS.jsonl ...]

Reads each JSON Lines file (``id``, ``text``) and runs only ``normalize.analyze`` and
``normalize.finalize`` on every non-empty text: sentences, words and their character offsets,
boilerplate lines, names and numbers.  No terms, sketches, candidates, scoring, stories or
output.  Every document of a batch run goes through this once, so N documents divided by
this time, times the cores, bounds ``dedup batch``'s docs/s from above, whatever the other
stages cost.  Prints documents, wall time and documents a second per file.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dedup import Document, normalize  # noqa: E402


def floor(path: str) -> tuple[int, float]:
    start, n = time.perf_counter(), 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["text"].strip():
                normalize.finalize(normalize.analyze(Document(str(rec["id"]), rec["text"])))
                n += 1
    return n, time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", help="JSON Lines file with id and text")
    for path in parser.parse_args(argv).corpus:
        n, wall = floor(path)
        print(f"{path}: {n:,} documents, text analysis {wall:.2f} s, {n / wall:,.0f} docs/s on one core")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
