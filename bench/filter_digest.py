"""Digest of `dedup.Index` decisions, to check that a speed-up changes no filter result.

    python bench/filter_digest.py --data ../shared/data

Feeds seeds, clough_stevenson and counter_urdu in date order (as ``eval/filter_agreement.py``
does) through ``check_and_add`` on a fresh index each and hashes every decision's
``record()``; prints the digest and the CPU time it took."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "eval"))

from dedup import Index  # noqa: E402
from filter_agreement import feed_order, load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "shared", "data"))
    ap.add_argument("--corpora", default="seeds,clough_stevenson,counter_urdu")
    args = ap.parse_args()
    h = hashlib.sha256()
    t = time.process_time()
    for name in args.corpora.split(","):
        docs = feed_order(load(name, Path(args.data)))
        with tempfile.TemporaryDirectory() as tmp, Index(Path(tmp) / "a.dedup") as ix:
            for d in docs:
                rec = ix.check_and_add(d, add="all").record()
                h.update(json.dumps(rec, sort_keys=True).encode("utf-8"))
    print("filter digest", h.hexdigest()[:16], "cpu %.1f s" % (time.process_time() - t))


if __name__ == "__main__":
    main()
