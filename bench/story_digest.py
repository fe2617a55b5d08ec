"""Digest of `dedup.api.batch` results, to check that a speed-up changes no result.

    python bench/story_digest.py --data ../shared/data --limit 6000

Hashes every cluster (members, original, confidence, reasons) and every member (parent,
relation, similarity, added and boilerplate spans) with floats at full precision, for the
first ``--limit`` Reuters documents and for ``seeds/``; prints the digests, the total batch
time and the time spent in the story stage (``api._story``)."""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from dedup import api  # noqa: E402
from dedup.io import read_documents  # noqa: E402


def digest(result: api.BatchResult, skip: tuple[str, ...] = ()) -> tuple[str, int]:
    """The digest of every cluster, leaving out the members' fields named in ``skip``."""
    h = hashlib.sha256()
    for c in result.clusters:
        record = dataclasses.asdict(c)
        for m in record["members"]:
            for name in skip:
                m.pop(name, None)
        h.update(json.dumps(record, sort_keys=True).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16], sum(len(c.members) > 1 for c in result.clusters)


def timed_batch(docs, jobs=1):
    spent = [0.0]
    story = api._story

    def wrapped(*a, **k):
        t = time.perf_counter()
        try:
            return story(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t

    api._story = wrapped
    try:
        t0 = time.perf_counter()
        result = api.batch(docs, jobs=jobs)
        total = time.perf_counter() - t0
    finally:
        api._story = story
    return result, total, spent[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--limit", type=int, default=6000)
    ap.add_argument("--seeds", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds"))
    ap.add_argument("--no-seeds", action="store_true")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (the story time is then inline only)")
    ap.add_argument("--extra", nargs="*", default=["clough_stevenson", "counter_urdu", "ecbplus"],
                    help="more corpora under --data to digest (docs.jsonl each)")
    ap.add_argument("--skip", nargs="*", default=[], metavar="FIELD",
                    help="members' fields left out of the digests (e.g. `added`, to check that a "
                         "change of the added passages changes nothing else)")
    a = ap.parse_args()
    skip = tuple(a.skip)
    docs = list(itertools.islice(read_documents([os.path.join(a.data, "reuters21578", "docs.jsonl")]), a.limit))
    result, total, story = timed_batch(docs, a.jobs)
    d, n = digest(result, skip)
    print(f"reuters[:{a.limit}] digest {d} clusters {n} total {total:.2f}s story {story:.2f}s", flush=True)
    if not a.no_seeds:
        result, total, story = timed_batch(list(read_documents([a.seeds])), a.jobs)
        d, n = digest(result, skip)
        print(f"seeds digest {d} clusters {n} total {total:.2f}s story {story:.2f}s", flush=True)
    for name in a.extra:
        docs = list(read_documents([os.path.join(a.data, name, "docs.jsonl")], skip_invalid=True))
        result, total, story = timed_batch(docs, a.jobs)
        d, n = digest(result, skip)
        print(f"{name} digest {d} clusters {n} total {total:.2f}s story {story:.2f}s", flush=True)


if __name__ == "__main__":
    main()
