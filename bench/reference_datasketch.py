#!/usr/bin/env python3
"""Reference near-duplicate clustering: datasketch used the way its documentation recommends.

This is the baseline that ``bench/run_bench.py`` measures ``dedup batch`` against. It is kept
deliberately plain -- no tuning, no tricks -- so that "dedup vs. reference" means "dedup vs.
what a competent user would write with datasketch in an afternoon":

1. read JSON Lines (one document a line, fields ``id`` and ``text``; other fields ignored);
2. shingle each text into word k-grams (default k=5): lower-case, tokens are ``\\w+`` regex
   matches, a shingle is k consecutive tokens joined by one space, encoded UTF-8. A text with
   fewer than k tokens (but at least one) becomes a single shingle of all its tokens; a text
   with no token at all is left out of the index and ends up as a singleton cluster (an
   empty MinHash would otherwise collide with every other empty one);
3. ``MinHash.bulk`` with 128 permutations (datasketch defaults otherwise: seed 1, SHA-1
   32-bit hash, its default permutation scheme);
4. ``MinHashLSH(threshold=0.8, num_perm=128)`` filled through ``insertion_session()``;
5. ``lsh.query(m)`` for every document, each hit an edge (no Jaccard re-check: the
   documented basic usage); clusters are the connected components (union-find).

Output, JSON Lines: ``{"cluster": i, "members": [ids]}`` for *every* component, singletons
included, so each input document appears exactly once. Members are in input order, clusters
are ordered by the input position of their first member and numbered from 0, so the file is
byte-for-byte deterministic for a given input.

Usage::

    python bench/reference_datasketch.py INPUT.jsonl --output OUT.jsonl \\
        [--shingle 5] [--num-perm 128] [--threshold 0.8]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator

from datasketch import MinHash, MinHashLSH

TOKEN_RE = re.compile(r"\w+")


def read_jsonl(path: str) -> tuple[list[str], list[str]]:
    """Return (ids, texts) from a JSON Lines file; blank lines are skipped."""
    ids: list[str] = []
    texts: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                ids.append(str(record["id"]))
                texts.append(record.get("text") or "")
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{lineno}: bad record ({exc})") from exc
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{path}: document ids are not unique")
    return ids, texts


def shingles(text: str, k: int) -> list[bytes]:
    """Word k-gram shingles of ``text``: lower-cased ``\\w+`` tokens joined by a space, UTF-8."""
    tokens = TOKEN_RE.findall(text.lower())
    if not tokens:
        return []
    if len(tokens) < k:
        return [" ".join(tokens).encode("utf-8")]
    return [" ".join(tokens[i:i + k]).encode("utf-8") for i in range(len(tokens) - k + 1)]


def cluster(texts: list[str], k: int, num_perm: int, threshold: float) -> list[list[int]]:
    """Connected components (lists of document indices) of the LSH candidate graph."""
    # Shingle lazily so that the shingle lists of all documents are never held at once.
    has_shingles = [False] * len(texts)

    def gen() -> Iterator[list[bytes]]:
        for i, text in enumerate(texts):
            sh = shingles(text, k)
            has_shingles[i] = bool(sh)
            yield sh

    minhashes = MinHash.bulk(gen(), num_perm=num_perm)
    indexed = [i for i in range(len(texts)) if has_shingles[i]]

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i in indexed:
            session.insert(i, minhashes[i])

    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in indexed:
        for j in lsh.query(minhashes[i]):
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

    components: dict[int, list[int]] = {}
    for i in range(len(texts)):  # input order: members sorted, clusters by first member
        components.setdefault(find(i), []).append(i)
    return list(components.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines file with 'id' and 'text' per line")
    parser.add_argument("--output", required=True, help="where to write the clusters (JSON Lines)")
    parser.add_argument("--shingle", type=int, default=5, help="words per shingle (default 5)")
    parser.add_argument("--num-perm", type=int, default=128, help="MinHash permutations (default 128)")
    parser.add_argument("--threshold", type=float, default=0.8, help="LSH Jaccard threshold (default 0.8)")
    args = parser.parse_args(argv)
    if args.shingle < 1:
        parser.error("--shingle must be at least 1")

    ids, texts = read_jsonl(args.input)
    components = cluster(texts, args.shingle, args.num_perm, args.threshold)
    with open(args.output, "w", encoding="utf-8") as out:
        for n, members in enumerate(components):
            out.write(json.dumps({"cluster": n, "members": [ids[i] for i in members]}) + "\n")
    multi = sum(1 for c in components if len(c) > 1)
    print(f"{len(ids)} documents, {len(components)} clusters ({multi} with 2+ members)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
