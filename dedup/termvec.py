"""A stored document's term counts in compact form: what a check needs of a candidate
without preparing its text again.

A document's term vector is its distinct terms, as integer term ids, with how often each
occurs in its content sentences.  It is stored as one blob: the number of terms, the ids
sorted and delta-coded, then the counts, every number an unsigned LEB128 varint, the whole
compressed with zlib.  Nothing is pickled; a blob that does not decode raises ``ValueError``.

>>> blob = encode(np.array([7, 3, 300]), np.array([1, 2, 1]))
>>> ids, counts = decode(blob)
>>> ids.tolist(), counts.tolist()
([3, 7, 300], [2, 1, 1])
"""
from __future__ import annotations

import zlib

import numpy as np

__all__ = ["varint_encode", "varint_decode", "encode", "decode", "decode_many"]


def varint_encode(values: np.ndarray) -> bytes:
    """Unsigned LEB128 of each value (non-negative, below 2**63), one after the other."""
    v = np.asarray(values, dtype=np.uint64)
    if len(v) == 0:
        return b""
    nbytes = np.ones(len(v), dtype=np.int64)
    rest = v >> np.uint64(7)
    while rest.any():
        more = rest > 0
        nbytes += more
        rest >>= np.uint64(7)
    ends = np.cumsum(nbytes)
    starts = ends - nbytes
    out = np.zeros(int(ends[-1]), dtype=np.uint8)
    cur = v.copy()
    for k in range(int(nbytes.max())):
        live = nbytes > k
        pos = starts[live] + k
        last = nbytes[live] == k + 1
        out[pos] = ((cur[live] & np.uint64(0x7F)) | np.where(last, 0, 0x80).astype(np.uint64)).astype(np.uint8)
        cur >>= np.uint64(7)
    return out.tobytes()


def varint_decode(data: bytes) -> np.ndarray:
    """The values of :func:`varint_encode` (uint64); ``ValueError`` on a truncated value."""
    b = np.frombuffer(data, dtype=np.uint8)
    if len(b) == 0:
        return np.zeros(0, dtype=np.uint64)
    if b[-1] & 0x80:
        raise ValueError("truncated varint")
    ends = np.flatnonzero(b < 0x80)
    starts = np.empty(len(ends), dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts + 1
    if lengths.max() > 9:
        raise ValueError("varint too long")
    # byte k of every value at once, k = 0, 1, ...: most values are one or two bytes, so the
    # later passes touch few of them (twice as fast as shifting every byte and summing)
    values = (b[starts] & 0x7F).astype(np.uint64)
    at = np.flatnonzero(lengths > 1)  # the values with a byte k
    k = 1
    while len(at):
        values[at] |= (b[starts[at] + k] & 0x7F).astype(np.uint64) << np.uint64(7 * k)
        k += 1
        at = at[lengths[at] > k]
    return values


def encode(ids: np.ndarray, counts: np.ndarray) -> bytes:
    """The blob of a term vector: distinct ``ids`` (any order) with their ``counts``."""
    ids = np.asarray(ids, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    if ids.shape != counts.shape:
        raise ValueError("ids and counts differ in length")
    order = np.argsort(ids, kind="stable")
    ids, counts = ids[order], counts[order]
    if len(ids) and (ids[0] < 0 or (np.diff(ids) <= 0).any() or (counts < 1).any()):
        raise ValueError("term ids must be distinct and non-negative, counts positive")
    deltas = np.diff(ids, prepend=0)
    return zlib.compress(varint_encode(np.concatenate([[len(ids)], deltas, counts])), 6)


def decode(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """``(ids, counts)`` of a term vector blob, ids sorted (int64)."""
    try:
        values = varint_decode(zlib.decompress(blob))
    except zlib.error as e:
        raise ValueError(f"not a term vector ({e})") from None
    if len(values) == 0 or len(values) != 1 + 2 * int(values[0]):
        raise ValueError("not a term vector (wrong length)")
    n = int(values[0])
    ids = np.cumsum(values[1:1 + n].astype(np.int64))
    return ids, values[1 + n:].astype(np.int64)


def decode_many(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Many term vectors at once: ``(indptr, ids, counts)``, vector ``k`` being
    ``ids[indptr[k]:indptr[k + 1]]`` (sorted) with its counts.  Same values as :func:`decode`
    of each blob, in one vectorized pass; ``ValueError`` names the first blob that does not
    decode."""
    raw = []
    for k, blob in enumerate(blobs):
        try:
            raw.append(zlib.decompress(blob))
        except (zlib.error, TypeError) as e:
            raise ValueError(f"vector {k}: not a term vector ({e})") from None
    sizes = np.array([len(r) for r in raw], dtype=np.int64)
    if len(raw) == 0:
        return np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if (sizes == 0).any():
        raise ValueError(f"vector {np.flatnonzero(sizes == 0)[0]}: not a term vector (empty)")
    data = np.frombuffer(b"".join(raw), dtype=np.uint8)
    ends = np.cumsum(sizes)
    bad = np.flatnonzero(data[ends - 1] & 0x80 > 0)
    if len(bad):
        raise ValueError(f"vector {bad[0]}: not a term vector (truncated)")
    values = varint_decode(data.tobytes())
    per_blob = np.add.reduceat((data < 0x80).astype(np.int64), ends - sizes)  # values in each blob
    first = np.cumsum(per_blob) - per_blob  # index of each blob's first value (its length n)
    n = values[first].astype(np.int64)
    bad = np.flatnonzero(per_blob != 1 + 2 * n)
    if len(bad):
        raise ValueError(f"vector {bad[0]}: not a term vector (wrong length)")
    indptr = np.zeros(len(raw) + 1, dtype=np.int64)
    np.cumsum(n, out=indptr[1:])
    within = np.arange(indptr[-1]) - np.repeat(indptr[:-1], n)
    deltas = values[np.repeat(first + 1, n) + within].astype(np.int64)
    counts = values[np.repeat(first + 1, n) + n.repeat(n) + within].astype(np.int64)
    total = np.cumsum(deltas)
    before = np.concatenate([[0], total])[indptr[:-1]]
    return indptr, total - np.repeat(before, n), counts
