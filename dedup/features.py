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

import xxhash
from datasketch import LeanMinHash, MinHash

from .config import Options
from .normalize import is_spaceless


def terms(words: Sequence[str], stem_chars: int) -> list[str]:
    """Comparison terms of a word sequence (normalized words, in order)."""
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


def hash32(data: bytes) -> int:
    """The 32-bit hash fed to MinHash (xxHash32: fast, stable across runs and machines)."""
    return xxhash.xxh32_intdigest(data)


def sketches(key_sets: Sequence[Sequence[str]], options: Options) -> list[LeanMinHash | None]:
    """MinHash signatures (datasketch) of the key-term sets; ``None`` for an empty set (a
    document without content words is nobody's candidate)."""
    encoded = [[t.encode("utf-8") for t in ks] for ks in key_sets]
    mhs = MinHash.bulk(encoded, num_perm=options.num_perm, seed=options.seed, hashfunc=hash32)
    return [LeanMinHash(m) if ks else None for m, ks in zip(mhs, key_sets)]
