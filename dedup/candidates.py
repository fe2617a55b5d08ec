"""Stage 3: candidate pairs from MinHash LSH (datasketch ``MinHashLSH``).

Each document's key-term sketch is inserted into an LSH index with ``lsh_bands`` bands of
``num_perm / lsh_bands`` rows.  Documents that share a bucket in any band are candidates.
A bucket with more than ``max_bucket`` documents is a template (every earnings table, every
weather report) rather than a story; its pairs are not proposed and the bucket is counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Sequence

from datasketch import MinHashLSH

from .config import Options


@dataclass
class CandidateStats:
    pairs: int = 0
    buckets: int = 0
    oversized_buckets: int = 0


def build_lsh(sigs: Sequence, keys: Sequence, options: Options) -> MinHashLSH:
    lsh = MinHashLSH(num_perm=options.num_perm, params=(options.lsh_bands, options.lsh_rows))
    with lsh.insertion_session() as session:
        for key, sig in zip(keys, sigs):
            if sig is not None:
                session.insert(key, sig, check_duplication=False)
    return lsh


def candidate_pairs(sigs: Sequence, options: Options, stats: CandidateStats | None = None
                    ) -> list[tuple[int, int]]:
    """Sorted ``(i, j)`` index pairs, ``i < j``, that share at least one LSH bucket."""
    stats = stats if stats is not None else CandidateStats()
    lsh = build_lsh(sigs, range(len(sigs)), options)
    pairs: set[tuple[int, int]] = set()
    for table in lsh.hashtables:
        for bucket in table.keys():
            members = table.get(bucket)
            if len(members) < 2:
                continue
            stats.buckets += 1
            if len(members) > options.max_bucket:
                stats.oversized_buckets += 1
                continue
            pairs.update(combinations(sorted(members), 2))
    stats.pairs = len(pairs)
    return sorted(pairs)
