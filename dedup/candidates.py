"""Stage 3: candidate pairs from MinHash LSH (datasketch ``MinHashLSH``).

Each document's key-term sketch is inserted into an LSH index with ``lsh_bands`` bands of
``num_perm / lsh_bands`` rows.  Documents that share a bucket in any band are candidates.
A bucket with more than ``max_bucket`` documents is a template (every earnings table, every
weather report) rather than a story; its pairs are not proposed and the bucket is counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
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
                    ) -> np.ndarray:
    """Sorted, unique ``(i, j)`` index pairs, ``i < j``, that share at least one LSH bucket,
    as an ``(n, 2)`` int64 array."""
    stats = stats if stats is not None else CandidateStats()
    lsh = build_lsh(sigs, range(len(sigs)), options)
    n = max(len(sigs), 1)
    twos: list[int] = []  # most buckets hold two documents: encode i * n + j directly
    blocks: list[np.ndarray] = []
    for table in lsh.hashtables:
        for bucket in table.keys():
            members = table.get(bucket)
            size = len(members)
            if size < 2:
                continue
            stats.buckets += 1
            if size > options.max_bucket:
                stats.oversized_buckets += 1
                continue
            if size == 2:
                a, b = members
                twos.append(a * n + b if a < b else b * n + a)
            else:
                arr = np.sort(np.fromiter(members, dtype=np.int64, count=size))
                i, j = np.triu_indices(size, 1)
                blocks.append(arr[i] * n + arr[j])
    codes = np.unique(np.concatenate([np.asarray(twos, dtype=np.int64)] + blocks))
    stats.pairs = len(codes)
    return np.stack([codes // n, codes % n], axis=1)
