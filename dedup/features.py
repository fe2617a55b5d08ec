"""Stage 2: terms, document frequencies and the key-term sketch of every document.

A *term* is a content word cut to ``stem_chars`` characters (a crude stemmer that works in
any language written with spaces); scripts written without spaces contribute character
bigrams.  Rewrites share few word n-grams but keep names, numbers and topic words, so the
candidate sketch is a MinHash of each document's ``key_terms`` highest TF-IDF terms rather
than of its n-gram shingles.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

import numpy as np
import xxhash
from datasketch import LeanMinHash, MinHash

from .config import Options
from .normalize import is_spaceless


def terms(words: Sequence[str], stem_chars: int) -> list[str]:
    """Comparison terms of a word sequence (normalized words, in order)."""
    if "".join(words).isascii():  # no word of a script written without spaces
        return [w[:stem_chars] for w in words]
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        else:
            out.extend(a + b for a, b in zip(run, run[1:]))
        run.clear()

    for w in words:
        if is_spaceless(w):
            run.append(w)
            continue
        if run:
            flush()
        out.append(w[:stem_chars])
    if run:
        flush()
    return out


def document_frequencies(term_lists: Iterable[Sequence[str]]) -> Counter:
    df: Counter = Counter()
    for ts in term_lists:
        df.update(set(ts))
    return df


def idf_weights(df: Counter, n_docs: int, prior_docs: int) -> dict[str, float]:
    """Smoothed IDF, shrunk towards 1 in corpora smaller than ``prior_docs``."""
    shrink = min(1.0, n_docs / prior_docs) if prior_docs > 0 else 1.0
    return {t: 1.0 + shrink * math.log((1 + n_docs) / (1 + c)) for t, c in df.items()}


def _keyable(term: str, min_chars: int) -> bool:
    if term.isdigit():
        return len(term) >= 2
    return len(term) >= min_chars or (len(term) == 2 and is_spaceless(term[0]))


def key_terms(doc_terms: Sequence[str], idf: dict[str, float], options: Options,
              n_docs: int | None = None) -> list[str]:
    """The document's ``key_terms`` highest-weighted terms (ties broken by the term).

    Short words are left out only in corpora smaller than ``idf_prior_docs`` (``n_docs``),
    where IDF cannot yet tell function words; in larger ones IDF does, and languages with
    short content words (Urdu, Chinese bigrams) keep them."""
    min_chars = options.min_key_chars if n_docs is None or n_docs < options.idf_prior_docs else 1
    tf = Counter(t for t in doc_terms if _keyable(t, min_chars))
    scored = sorted(tf.items(), key=lambda kv: (-(1.0 + math.log(kv[1])) * idf.get(kv[0], 1.0), kv[0]))
    return [t for t, _ in scored[: options.key_terms]]


def key_term_ids(counts, terms: Sequence[str], options: Options, chunk: int = 20_000
                 ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`key_terms` of every document at once, as term ids.

    ``counts`` is the documents' raw term-count matrix (scipy CSR, one row per document,
    canonical: sorted indices, no duplicates) over the sorted vocabulary ``terms``.  Returns
    ``(ids, offsets)``: document ``k``'s key terms are ``ids[offsets[k]:offsets[k + 1]]``.
    The same sets as :func:`key_terms` with :func:`idf_weights` of the corpus (logarithms
    are taken with ``math.log``, as there, so ties break the same way)."""
    n_docs, n_terms = counts.shape
    df = np.bincount(counts.indices, minlength=n_terms)
    shrink = min(1.0, n_docs / options.idf_prior_docs) if options.idf_prior_docs > 0 else 1.0
    values = np.unique(df)
    table = np.array([1.0 + shrink * math.log((1 + n_docs) / (1 + int(c))) for c in values.tolist()])
    idf = table[np.searchsorted(values, df)] if n_terms else np.zeros(0)
    min_chars = options.min_key_chars if n_docs < options.idf_prior_docs else 1
    keyable = np.fromiter((_keyable(t, min_chars) for t in terms), dtype=bool, count=n_terms)
    top = options.key_terms
    out_ids: list[np.ndarray] = []
    sizes = np.zeros(n_docs, dtype=np.int64)
    for lo in range(0, n_docs, chunk):
        hi = min(lo + chunk, n_docs)
        a, b = counts.indptr[lo], counts.indptr[hi]
        ids = counts.indices[a:b]
        tf = counts.data[a:b].astype(np.int64)
        row = np.repeat(np.arange(lo, hi), np.diff(counts.indptr[lo:hi + 1]))
        keep = keyable[ids]
        ids, tf, row = ids[keep], tf[keep], row[keep]
        if len(ids) == 0:
            continue
        logs = np.array([0.0] + [math.log(c) for c in range(1, int(tf.max()) + 1)])
        score = (1.0 + logs[tf]) * idf[ids]
        order = np.lexsort((ids, -score, row))
        ids, row = ids[order], row[order]
        first = np.searchsorted(row, row)  # where each document's run starts
        chosen = (np.arange(len(row)) - first) < top
        out_ids.append(ids[chosen])
        sizes[lo:hi] = np.bincount(row[chosen] - lo, minlength=hi - lo)
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    flat = np.concatenate(out_ids).astype(np.int64) if out_ids else np.zeros(0, dtype=np.int64)
    return flat, offsets


def hash32(data: bytes) -> int:
    """The 32-bit hash fed to MinHash (xxHash32: fast, stable across runs and machines)."""
    return xxhash.xxh32_intdigest(data)


def sketches(key_sets: Sequence[Sequence[str]], options: Options) -> list[LeanMinHash | None]:
    """MinHash signatures (datasketch) of the key-term sets; ``None`` for an empty set (a
    document without content words is nobody's candidate)."""
    encoded = [[t.encode("utf-8") for t in ks] for ks in key_sets]
    mhs = MinHash.bulk(encoded, num_perm=options.num_perm, seed=options.seed, hashfunc=hash32)
    return [LeanMinHash(m) if ks else None for m, ks in zip(mhs, key_sets)]


# --- vectorized MinHash ------------------------------------------------------------------
#
# datasketch's default ("affine32") scheme, computed for many documents at once with numpy:
# each 32-bit term hash h is pre-mixed with the MurmurHash3 finalizer, then permutation k
# maps it to ``a_k * h + b_k`` (uint32 arithmetic, wrapping), and the signature keeps the
# minimum over the document's terms.  ``a``/``b`` are drawn exactly as datasketch draws
# them, so ``signatures`` equals ``MinHash(scheme="affine32", hashfunc=hash32)`` value for
# value (tests/test_features.py checks it).

def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` permutation parameters of datasketch's affine32 scheme."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection), element-wise on a uint32 array."""
    h = h.astype(np.uint32, copy=True)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def term_hashes(key_sets: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """``(hashes, offsets)``: the xxh32 of every distinct term of every key set, flat, and
    where each set starts (set ``k`` is ``hashes[offsets[k]:offsets[k + 1]]``).  Each
    distinct string is hashed once."""
    cache: dict[str, int] = {}
    flat: list[int] = []
    offsets = np.zeros(len(key_sets) + 1, dtype=np.int64)
    for k, ks in enumerate(key_sets):
        for t in dict.fromkeys(ks):
            h = cache.get(t)
            if h is None:
                h = cache[t] = hash32(t.encode("utf-8"))
            flat.append(h)
        offsets[k + 1] = len(flat)
    return np.asarray(flat, dtype=np.uint32), offsets


def signatures(hashes: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int,
               columns: slice | None = None, chunk: int = 1 << 16) -> np.ndarray:
    """MinHash signatures, one uint32 row per set, of the sets given as term ``hashes`` and
    ``offsets`` (see :func:`term_hashes`).  ``columns`` computes only those permutations (a
    band range), so the caller never needs the whole matrix at once.  An empty set's row is
    all ``0xFFFFFFFF`` (datasketch's empty value)."""
    a, b = permutations(num_perm, seed)
    if columns is not None:
        a, b = a[columns], b[columns]
    n = len(offsets) - 1
    out = np.full((n, len(a)), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    mixed = fmix32(hashes)
    sizes = np.diff(offsets)
    nonempty = np.flatnonzero(sizes > 0)
    # documents in slices of about ``chunk`` hashes: the (hashes x permutations) block stays small
    start = 0
    while start < len(nonempty):
        stop = start
        budget = 0
        while stop < len(nonempty) and (budget == 0 or budget + sizes[nonempty[stop]] <= chunk):
            budget += sizes[nonempty[stop]]
            stop += 1
        # consecutive non-empty documents nonempty[start:stop] (empty ones in between add nothing)
        docs = nonempty[start:stop]
        lo, hi = offsets[docs[0]], offsets[docs[-1] + 1]
        block = mixed[lo:hi, None] * a[None, :] + b[None, :]
        starts = offsets[docs] - lo
        out[docs] = np.minimum.reduceat(block, starts, axis=0)
        start = stop
    return out
