"""Stage 3: candidate pairs from MinHash LSH.

Each document's key-term signature is cut into ``lsh_bands`` bands of ``num_perm /
lsh_bands`` rows.  Documents whose rows are equal in any band (share a bucket) are
candidates.  A bucket with more than ``max_bucket`` documents is a template (every earnings
table, every weather report) or one text copied by the hundred (a wire story on every
site): only its documents' pairs with its first document (by id, in batch) are proposed (a star: linear in
its size, where all pairs are quadratic), the cosine then tells copies from a template's
other notices, and the bucket is counted.

:func:`banded_codes` (what the pipeline runs; :func:`banded_pairs` gives the same pairs
as an array) does this with numpy, band range by band range, straight from the term hashes:
the full signature matrix never exists, so the candidate stage holds the term hashes (4 bytes
per key term) and the pairs found (one 8-byte code each), not ``num_perm`` values per document.
Its buckets are exactly datasketch ``MinHashLSH``'s (a bucket there is the bytes of a band's
rows; here the same rows, compared as integers); :func:`candidate_pairs` runs datasketch
itself and stays as the reference the tests compare with.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

import numpy as np

from .config import Options
from .features import signatures, sorted_unique
from .spill import DiskArray

if TYPE_CHECKING:
    from datasketch import MinHashLSH


@dataclass
class CandidateStats:
    pairs: int = 0
    buckets: int = 0
    oversized_buckets: int = 0
    passage_pairs: int = 0  # pairs sharing at least ``passage_min_shared`` fingerprints
    oversized_passage_buckets: int = 0  # fingerprints in more than ``passage_max_docs`` documents


def build_lsh(sigs: Sequence, keys: Sequence, options: Options) -> MinHashLSH:
    from datasketch import MinHashLSH  # here: importing datasketch costs ~0.4 s (scipy.integrate)

    lsh = MinHashLSH(num_perm=options.num_perm, params=(options.lsh_bands, options.lsh_rows))
    with lsh.insertion_session() as session:
        for key, sig in zip(keys, sigs):
            if sig is not None:
                session.insert(key, sig, check_duplication=False)
    return lsh


def candidate_pairs(sigs: Sequence, options: Options, stats: CandidateStats | None = None,
                    center: Callable[[np.ndarray], int] | None = None) -> np.ndarray:
    """Sorted, unique ``(i, j)`` index pairs, ``i < j``, that share at least one LSH bucket,
    as an ``(n, 2)`` int64 array.  ``center(members)``: the member of a bucket over
    ``max_bucket`` whose pairs are proposed (default: the smallest index)."""
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
            if size > options.max_bucket:  # only its pairs with its first document
                stats.oversized_buckets += 1
                blocks.append(_star(np.fromiter(members, dtype=np.int64, count=size), n, center))
                continue
            if size == 2:
                a, b = members
                twos.append(a * n + b if a < b else b * n + a)
            else:
                arr = np.sort(np.fromiter(members, dtype=np.int64, count=size))
                i, j = np.triu_indices(size, 1)
                blocks.append(arr[i] * n + arr[j])
    codes = sorted_unique(np.concatenate([np.asarray(twos, dtype=np.int64)] + blocks))
    stats.pairs = len(codes)
    return np.stack([codes // n, codes % n], axis=1)


def _band_codes(block: np.ndarray) -> np.ndarray:
    """One integer per row of a ``(n, rows)`` uint32 band block, equal iff the rows are equal."""
    if block.shape[1] == 1:
        return block[:, 0].astype(np.uint64)
    if block.shape[1] == 2:
        return (block[:, 0].astype(np.uint64) << np.uint64(32)) | block[:, 1].astype(np.uint64)
    # wider bands: number the distinct rows (exact, no hashing)
    return np.unique(np.ascontiguousarray(block), axis=0, return_inverse=True)[1].ravel().astype(np.uint64)


def _star(members: np.ndarray, n: int, center: Callable[[np.ndarray], int] | None) -> np.ndarray:
    """Pair codes of a bucket's members with its ``center(members)`` (default: the smallest)."""
    c = int(members.min()) if center is None else int(center(members))
    others = members[members != c]
    return np.minimum(others, c) * n + np.maximum(others, c)


def _bucket_pairs(codes: np.ndarray, docs: np.ndarray, n: int, max_bucket: int,
                  stats: CandidateStats, center: Callable[[np.ndarray], int] | None = None) -> np.ndarray:
    """Pair codes ``i * n + j`` (``i < j``) of the documents sharing a code in one band (of
    a bucket over ``max_bucket``, only the pairs with its ``center``, see :func:`candidate_pairs`)."""
    order = np.argsort(codes, kind="stable")
    sc = codes[order]
    sd = docs[order]
    if len(sc) < 2:
        return np.zeros(0, dtype=np.int64)
    bounds = np.flatnonzero(np.r_[True, sc[1:] != sc[:-1], True])
    starts, sizes = bounds[:-1], np.diff(bounds)
    multi = sizes >= 2
    stats.buckets += int(multi.sum())
    big = sizes > max_bucket
    stats.oversized_buckets += int(big.sum())
    out = []
    two = starts[sizes == 2]
    if len(two):
        a, b = sd[two], sd[two + 1]
        out.append(np.minimum(a, b) * n + np.maximum(a, b))
    if big.any():  # a template's bucket or one text's copies by the hundred: a star
        for st, size in zip(starts[big].tolist(), sizes[big].tolist()):
            out.append(_star(sd[st:st + size], n, center))
    keep = multi & ~big & (sizes > 2)
    for size in sorted_unique(sizes[keep]).tolist():  # buckets of one size at a time, vectorized
        st = starts[keep & (sizes == size)]
        members = np.sort(sd[st[:, None] + np.arange(size)[None, :]], axis=1)
        i, j = np.triu_indices(size, 1)
        out.append((members[:, i] * n + members[:, j]).ravel())
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def banded_pairs(hashes: np.ndarray, offsets: np.ndarray, options: Options,
                 stats: CandidateStats | None = None, bands_per_pass: int = 16,
                 center: Callable[[np.ndarray], int] | None = None) -> np.ndarray:
    """Sorted, unique ``(i, j)`` pairs (``i < j``) of the sets (term ``hashes`` and
    ``offsets``, see :func:`dedup.features.term_hashes`) that share an LSH bucket.  An empty
    set is nobody's candidate.  Same result as :func:`candidate_pairs` over the sets'
    datasketch sketches."""
    codes = banded_codes(hashes, offsets, options, stats, bands_per_pass, center=center)
    n = max(len(offsets) - 1, 1)
    return np.stack([codes // n, codes % n], axis=1).astype(np.int64)


def banded_codes(hashes: np.ndarray, offsets: np.ndarray, options: Options,
                 stats: CandidateStats | None = None, bands_per_pass: int = 16,
                 progress: Callable[[int, int], None] | None = None,
                 center: Callable[[np.ndarray], int] | None = None) -> np.ndarray:
    """:func:`banded_pairs` as sorted codes ``i * n + j`` (``n`` the number of sets, at
    least 1): one int64 per pair instead of two.  ``progress(done, total)`` is told the
    bands done after each pass.  ``center`` as for :func:`candidate_pairs`."""
    stats = stats if stats is not None else CandidateStats()
    n = len(offsets) - 1
    docs = np.flatnonzero(np.diff(offsets) > 0).astype(np.int64)
    rows = options.lsh_rows
    codes = np.zeros(0, dtype=np.int64)
    for first in range(0, options.lsh_bands, bands_per_pass):
        last = min(first + bands_per_pass, options.lsh_bands)
        sig = signatures(hashes, offsets, options.num_perm, options.seed,
                         columns=slice(first * rows, last * rows))[docs]
        found = [_bucket_pairs(_band_codes(sig[:, band * rows:(band + 1) * rows]), docs, max(n, 1),
                               options.max_bucket, stats, center) for band in range(last - first)]
        del sig
        # this pass's pairs as one sorted run (a stable sort: the input is a few sorted
        # runs, merged in linear time), then merged into the earlier passes' run without
        # sorting it again: the run of all the pairs so far is the largest array of the step
        run = sorted_unique(np.concatenate(found).astype(np.int64, copy=False), kind="stable")
        del found
        codes = merge_sorted_unique_into(codes, run)
        del run
        if progress is not None:
            progress(last, options.lsh_bands)
    stats.pairs = len(codes)
    return codes


def _places(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each value of ``b`` (both sorted, distinct): how many values of ``a`` are below it
    (:func:`numpy.searchsorted`), and whether ``a`` holds it."""
    pos = np.searchsorted(a, b)
    known = pos < len(a)
    known[known] = a[pos[known]] == b[known]
    return pos, known


def _new_values(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values of ``b`` that ``a`` lacks and, for each, how many values of ``a`` are below
    it (see :func:`_places`)."""
    pos, known = _places(a, b)
    if known.any():
        keep = ~known
        b, pos = b[keep], pos[keep]
    return b, pos


def _interleave(a: np.ndarray, b: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``a``'s values with ``b``'s placed among them: ``b``'s k-th value after the ``pos[k]``
    values of ``a`` before it and the k values of ``b`` (``pos`` increasing)."""
    at = pos + np.arange(len(b), dtype=pos.dtype)
    out = np.empty(len(a) + len(b), dtype=np.result_type(a, b))
    from_b = np.zeros(len(out), dtype=bool)
    from_b[at] = True
    out[at] = b
    del at
    np.logical_not(from_b, out=from_b)
    out[from_b] = a
    return out


def merge_sorted_unique(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The sorted union of two sorted arrays of distinct integers (``sorted_unique`` of
    both together), made by placing ``b``'s new values among ``a``'s: the arrays held are
    ``a``, ``b``, the result and a flag per value, not a concatenation and its sorted copy
    (on a million documents' candidate pairs, ~500 MB each).

    >>> merge_sorted_unique(np.array([1, 4, 9]), np.array([0, 4, 5, 10]))
    array([ 0,  1,  4,  5,  9, 10])
    """
    if not len(b):
        return a
    if not len(a):
        return b
    b, pos = _new_values(a, b)
    return _interleave(a, b, pos)


MERGE_CHUNK = 1 << 20
""":func:`merge_sorted_unique_into` moves the run's values this many at a time (``chunk``)."""


def merge_sorted_unique_into(a: np.ndarray, b: np.ndarray, chunk: int = MERGE_CHUNK) -> np.ndarray:
    """:func:`merge_sorted_unique`, made in ``a``'s own memory: ``a`` is grown in place
    (``ndarray.resize``: a large block is extended or remapped, not copied) and its values
    moved back to their places, a chunk at a time from the end, so the arrays held are
    ``a`` grown by ``b``'s new values, those values and their places, not ``a`` and a merged
    copy beside it (the LSH banding's run of all pairs: ~500 MB at a million documents).

    ``a`` is consumed: the caller must hold no other reference to it, nor a view of it (the
    banding's run is its own).  An ``a`` that does not own its memory (a view, or an array
    another object refers to) is merged into a new array, as :func:`merge_sorted_unique` does.

    >>> merge_sorted_unique_into(np.array([1, 4, 9]), np.array([0, 4, 5, 10]))
    array([ 0,  1,  4,  5,  9, 10])
    """
    if not len(b):
        return a
    if not len(a) or not a.flags.owndata or not a.flags.c_contiguous or a.dtype != np.result_type(a, b):
        return merge_sorted_unique(a, b)
    b, pos = _new_values(a, b)
    if not len(b):
        return a
    n_a = len(a)
    try:
        a.resize(n_a + len(b), refcheck=False)  # (refcheck: our caller's name for it is a reference)
    except ValueError:  # pragma: no cover - not resizable after all
        return merge_sorted_unique(a[:n_a], b)
    # a's value i goes after the b values placed before it (those whose place is <= i): its
    # place only grows with i, and is at least i, so moving the values from the end down,
    # a chunk at a time, never writes over one not yet moved
    for end in range(n_a, 0, -chunk):
        start = max(0, end - chunk)
        idx = np.arange(start, end, dtype=np.int64)
        to = idx + np.searchsorted(pos, idx, side="right")
        a[to] = a[start:end]  # (numpy buffers a source that overlaps its target)
    # b's k-th new value goes after the pos[k] values of a before it and the k values of b
    a[pos + np.arange(len(b), dtype=pos.dtype)] = b
    return a


def merge_counted(a: np.ndarray, a_counts: np.ndarray, b: np.ndarray, b_counts: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The sorted union of two sorted arrays of distinct integers, with each value's counts
    added up: ``np.unique`` of both together with ``return_inverse`` and ``np.add.at``, made
    as :func:`merge_sorted_unique` makes a union.  ``a_counts`` may be changed (the counts
    of the values both hold are added to it).

    >>> merge_counted(np.array([1, 4, 9]), np.array([2, 1, 1]), np.array([0, 4, 10]), np.array([5, 3, 1]))
    (array([ 0,  1,  4,  9, 10]), array([5, 2, 4, 1, 1]))
    """
    if not len(b):
        return a, a_counts
    if not len(a):
        return b, b_counts
    pos, known = _places(a, b)
    if known.any():  # (distinct values: each of a's at most once)
        a_counts[pos[known]] += b_counts[known]
        keep = ~known
        b, b_counts, pos = b[keep], b_counts[keep], pos[keep]
        del keep
    del known
    out = _interleave(a, b, pos)
    return out, _interleave(a_counts, b_counts, pos)


PASSAGE_PARTS_ABOVE = 1 << 20
""":func:`passage_pairs` sorts the fingerprints in parts when there are more than this."""
PASSAGE_PARTS = 8


def passage_pairs(hashes: np.ndarray, docs: np.ndarray, n_docs: int, min_shared: int, max_docs: int,
                  stats: CandidateStats | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents that share a verbatim passage: at least ``min_shared`` distinct
    fingerprints (``hashes`` of documents ``docs``, see
    :func:`dedup.features.passage_fingerprints`).  A fingerprint found in more than
    ``max_docs`` documents is a common phrase or a template and counts for nobody.

    Returns ``(pairs, shared)``: sorted, unique ``(i, j)`` pairs (``i < j``) as an ``(n, 2)``
    int64 array, and how many fingerprints each pair shares.

    >>> h = np.array([7, 7, 8, 8, 9, 9, 9], dtype=np.uint64)
    >>> d = np.array([0, 1, 0, 1, 0, 1, 2])
    >>> passage_pairs(h, d, 3, min_shared=2, max_docs=3)
    (array([[0, 1]]), array([3]))
    """
    hashes = np.asarray(hashes, dtype=np.uint64)
    docs = np.asarray(docs)
    if docs.dtype.kind not in "iu":
        docs = docs.astype(np.int64)
    # equal hashes fall in one part (by their low 3 bits: winnowing keeps small hashes, so
    # the high bits are skewed): the parts are sorted one at a time, so memory holds the
    # sort of about an eighth of the fingerprints, not of all of them
    if len(hashes) <= PASSAGE_PARTS_ABOVE:
        return _passage_pairs_of_parts([(hashes, docs)], 1, n_docs, min_shared, max_docs, stats)
    part_of = np.empty(len(hashes), dtype=np.uint8)
    for a in range(0, len(hashes), 1 << 20):
        part_of[a:a + (1 << 20)] = hashes[a:a + (1 << 20)] & np.uint64(PASSAGE_PARTS - 1)

    def parts():
        for part in range(PASSAGE_PARTS):
            mine = part_of == part
            yield hashes[mine], docs[mine]

    return _passage_pairs_of_parts(parts(), PASSAGE_PARTS, n_docs, min_shared, max_docs, stats)


def passage_pairs_streamed(chunks: Iterable[tuple[np.ndarray, np.ndarray]], n_docs: int, min_shared: int,
                           max_docs: int, stats: CandidateStats | None = None, doc_type=np.int64
                           ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`passage_pairs` of the fingerprints given a chunk ``(hashes, docs)`` at a time,
    in order (as :func:`dedup.features.passage_fingerprint_chunks` makes them): the same
    result.  Once there are more than ``PASSAGE_PARTS_ABOVE`` fingerprints, they are put
    in a temporary file, in the parts that :func:`passage_pairs` sorts one at a time, so
    memory holds one part (an eighth) of them, not all (12 bytes a fingerprint: ~1.4 GB at a
    million articles).  ``doc_type``: the documents' integer type (as
    :func:`dedup.features.passage_fingerprints` gives them)."""
    held: list[tuple[np.ndarray, np.ndarray]] | None = []
    total = 0
    spilled: list[tuple[DiskArray, DiskArray]] = []
    for h, d in chunks:
        h, d = np.asarray(h, dtype=np.uint64), np.asarray(d).astype(doc_type, copy=False)
        total += len(h)
        if held is not None:
            held.append((h, d))
            if total <= PASSAGE_PARTS_ABOVE:
                continue
            spilled = [(DiskArray(np.uint64), DiskArray(doc_type)) for _ in range(PASSAGE_PARTS)]
            todo, held = held, None
        else:
            todo = [(h, d)]
        for hh, dd in todo:
            part_of = hh & np.uint64(PASSAGE_PARTS - 1)
            for part, (ph, pd) in enumerate(spilled):
                mine = part_of == part
                ph.append(hh[mine])
                pd.append(dd[mine])
        del todo
    if held is not None:  # few: held, and paired as passage_pairs pairs them
        h = np.concatenate([h for h, _ in held]) if held else np.zeros(0, dtype=np.uint64)
        d = np.concatenate([d for _, d in held]) if held else np.zeros(0, dtype=doc_type)
        return passage_pairs(h, d, n_docs, min_shared, max_docs, stats)
    parts = ((ph[:], pd[:]) for ph, pd in spilled)  # read back one part at a time
    return _passage_pairs_of_parts(parts, PASSAGE_PARTS, n_docs, min_shared, max_docs, stats)


def _passage_pairs_of_parts(parts: Iterable[tuple[np.ndarray, np.ndarray]], n_parts: int, n_docs: int,
                            min_shared: int, max_docs: int, stats: CandidateStats | None
                            ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`passage_pairs` given the fingerprints ``(hashes, docs)`` of each part in turn
    (``n_parts`` of them; equal hashes in one part, each part in position order)."""
    stats = stats if stats is not None else CandidateStats()
    n = max(n_docs, 1)
    empty = np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = shared = None  # the distinct pair codes of the parts so far, how often each
    for h, d in parts:
        # (a single fingerprint left counts as a bucket only when the others are elsewhere)
        out = _passage_codes(h, d, n, max_docs, stats, 2 if n_parts == 1 else 1)
        del h, d
        if out:  # a pair shares many fingerprints: counted here, not held once per fingerprint
            part_codes, part_shared = np.unique(np.concatenate(out), return_counts=True)
            del out
            # merged into the parts' run so far, their counts added up: held are the run,
            # this part's and the merged run, not every part's and their sort
            codes, shared = ((part_codes, part_shared) if codes is None
                             else merge_counted(codes, shared, part_codes, part_shared))
            del part_codes, part_shared
    if codes is None:
        return empty
    keep = shared >= min_shared
    if not keep.all():
        codes, shared = codes[keep], shared[keep]
    del keep
    stats.passage_pairs = len(codes)
    # the pairs written into one array (no columns stacked, then copied to int64)
    pairs = np.empty((len(codes), 2), dtype=np.int64)
    np.floor_divide(codes, n, out=pairs[:, 0])
    np.remainder(codes, n, out=pairs[:, 1])
    del codes
    return pairs, shared.astype(np.int64, copy=False)


def _passage_codes(hashes: np.ndarray, docs: np.ndarray, n: int, max_docs: int, stats: CandidateStats,
                   least: int) -> list[np.ndarray]:
    """:func:`passage_pairs`' pair codes ``i * n + j`` (one per shared fingerprint) of the
    fingerprints ``hashes`` of documents ``docs`` (in position order); nothing (buckets not
    counted either) when fewer than ``least`` distinct (hash, document) remain."""
    # sorted by hash, then document (a stable sort keeps the documents' order), no repeats;
    # the documents keep their integer type (int32 takes half the memory) until paired
    order = np.argsort(hashes, kind="stable")
    h = hashes[order]
    d = docs[order]
    del order
    if len(h) > 1:
        first = np.r_[True, (h[1:] != h[:-1]) | (d[1:] != d[:-1])]
        h, d = h[first], d[first]
    if len(h) < max(least, 1):
        return []
    bounds = np.flatnonzero(np.r_[True, h[1:] != h[:-1], True])
    starts, sizes = bounds[:-1], np.diff(bounds)
    big = sizes > max_docs
    stats.oversized_passage_buckets += int(big.sum())
    out = []
    keep = (sizes >= 2) & ~big
    for size in sorted_unique(sizes[keep]).tolist():  # buckets of one size at a time, vectorized
        st = starts[keep & (sizes == size)]
        members = d[st[:, None] + np.arange(size)[None, :]].astype(np.int64)  # sorted within a bucket
        i, j = np.triu_indices(size, 1)
        out.append((members[:, i] * n + members[:, j]).ravel())
    return out
