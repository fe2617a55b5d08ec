"""Stage 2: terms, document frequencies and the key-term sketch of every document.

A *term* is a content word cut to ``stem_chars`` characters (a crude stemmer that works in
any language written with spaces); scripts written without spaces contribute character
bigrams, and Chinese characters each character as well; a Korean word its syllable bigrams.  Rewrites share few word n-grams but keep names, numbers
and topic words, so the candidate sketch is a MinHash of each document's ``key_terms``
highest TF-IDF terms rather than of its n-gram shingles.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import xxhash

from . import parallel
from .config import Options
from .normalize import is_ideographic, is_spaceless

if TYPE_CHECKING:
    from datasketch import LeanMinHash


# Arabic (light stemming, as Arabic search engines do it): the definite article with the
# particles written onto it ("al-", "wal-", "bil-", "fal-", "kal-", "lil-"), and alef with
# a hamza or madda, which writers often leave bare.  Only in Arabic text (is_arabic): Persian
# and Urdu write the article only in a few Arabic loans, and Urdu's "al-" words are its own
# (الیکشن, election)
_ARABIC_ARTICLE = re.compile("^(?:[\u0648\u0641\u0628\u06a9]?\u0627\u0644|\u0644\u0644)(?=..)")
_ARABIC_ALEF = str.maketrans("\u0623\u0625\u0622", "\u0627\u0627\u0627")
_ARABIC_SCRIPT_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_NOT_ARABIC = re.compile("[\u067e\u0686\u0698\u06af\u0679\u0688\u0691\u06ba\u06d2\u06be]")


def is_arabic(text: str) -> bool:
    """``text`` is written in Arabic: in Arabic script, with fewer than 1 in 200 of its
    letters one that only Persian or Urdu write (پ چ ژ گ ٹ ڈ ڑ ں ے ھ: in COUNTER's 598 Urdu
    texts one letter in 7, one in 17 at the least; in Persian news about one in 35; an
    Arabic text may spell a foreign name with one)."""
    letters = len(_ARABIC_SCRIPT_LETTER.findall(text))
    return letters > 0 and 200 * len(_NOT_ARABIC.findall(text)) < letters


def arabic_light(word: str) -> str:
    """An Arabic word (normalized: :func:`dedup.normalize.norm_word`) without its article
    and the particles on it, with a bare alef: ``والحكومة``, ``الحكومة`` and ``حكومة``
    are one term, and so are ``أكد`` and ``اكد``.  At least two letters stay."""
    return _ARABIC_ARTICLE.sub("", word.translate(_ARABIC_ALEF))


def sentence_terms(sentences: Sequence[Sequence[str]], stem_chars: int) -> list[list[str]]:
    """:func:`terms` of each sentence of one text (its normalized words, sentence by
    sentence), whether it is Arabic decided once for the whole text (:func:`is_arabic`: an
    Urdu text's dateline, "اسلام آباد", is no Arabic sentence)."""
    joined = "".join(chain.from_iterable(sentences))
    arabic = not joined.isascii() and is_arabic(joined)
    return [terms(w, stem_chars, arabic) for w in sentences]


def terms(words: Sequence[str], stem_chars: int, arabic: bool | None = None) -> list[str]:
    """Comparison terms of a word sequence (normalized words, in order).

    A word of a script written with spaces is cut to ``stem_chars`` characters.  A run of
    characters of a script written without spaces (each one a word, see
    :func:`dedup.normalize.tokenize`: a character with the marks that follow it) gives each
    pair of neighbours and, for Chinese characters (:func:`dedup.normalize.is_ideographic`,
    in Japanese text too), each character, in text order, as CJK search engines index such
    text: with the bigrams alone, two Chinese texts of one story came out less alike than
    two texts of a language written with spaces.  Kana (syllables, about 90) and the
    letters of Thai, Khmer ... are not terms by themselves: every text has most of them.  A
    run of one character is its one term.  A Korean word of three or more Hangul syllables
    gives its syllable bigrams (a stem with its particles and endings written onto it).  The key terms skip single characters
    (:func:`_keyable`).  In an Arabic text (``arabic``; None: :func:`is_arabic` of
    ``words``) a word is cut after :func:`arabic_light` takes its article off."""
    joined = "".join(words)
    if joined.isascii():  # no word of a script written without spaces
        return [w[:stem_chars] for w in words]
    if arabic is None:
        arabic = is_arabic(joined)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        else:
            # each Chinese character, then its bigram with the next: c1, c1c2, c2, c2c3,
            # ..., cn (kana and the letters of Thai, Khmer ... give only the bigrams)
            for a, b in zip(run, run[1:]):
                if is_ideographic(a):
                    out.append(a)
                out.append(a + b)
            if is_ideographic(run[-1]):
                out.append(run[-1])
        run.clear()

    for w in words:
        if is_spaceless(w):
            run.append(w)
            continue
        if run:
            flush()
        if len(w) > 2 and _HANGUL_WORD.match(w):
            # a Korean word is a stem with its particles and endings written onto it (한솔시,
            # 한솔시의, 한솔시는; 파업, 파업에, 파업으로), each a few syllables, so cutting
            # it to stem_chars leaves it whole: its syllable bigrams, as Korean search
            # engines index it, let the forms of one stem share terms
            out.extend(w[k:k + 2] for k in range(len(w) - 1))
            continue
        out.append((arabic_light(w) if arabic else w)[:stem_chars])
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


_HANGUL_WORD = re.compile("[\uac00-\ud7a3]+$")
"""A word of Hangul syllables (Korean), which :func:`terms` gives as its syllable bigrams."""


def _keyable(term: str, min_chars: int) -> bool:
    if not term:
        return False
    if len(term) == 2 and _HANGUL_WORD.match(term):
        return True  # a Korean syllable bigram (see terms), as a spaceless script's bigram
    if term.isdigit():
        return len(term) >= 2
    if is_spaceless(term[0]):
        # a spaceless script's bigram is keyable; its single characters (with their
        # marks), which every text of the script shares by the dozen, are left to the
        # similarity
        return not is_spaceless(term)
    return len(term) >= min_chars


def key_terms(doc_terms: Sequence[str], idf: dict[str, float], options: Options,
              n_docs: int | None = None) -> list[str]:
    """The document's ``key_terms`` highest-weighted terms (ties broken by the term).

    Short words are left out only in corpora smaller than ``idf_prior_docs`` (``n_docs``),
    where IDF cannot yet tell function words; in larger ones IDF does, and languages with
    short content words (Urdu, Chinese bigrams) keep them."""
    return key_terms_of_counts(Counter(doc_terms), idf, options, n_docs)


def key_terms_of_counts(tf: Mapping[str, int], idf: dict[str, float], options: Options,
                        n_docs: int | None = None) -> list[str]:
    """:func:`key_terms` given the document's term counts (``Counter(doc_terms)``)."""
    return ranked_key_terms(tf, idf, options, n_docs)[: options.key_terms]


def ranked_key_terms(tf: Mapping[str, int], idf: dict[str, float], options: Options,
                     n_docs: int | None = None) -> list[str]:
    """Every keyable term of the counts ``tf`` in the order :func:`key_terms_of_counts` picks
    them (its result is the first ``key_terms``)."""
    min_chars = options.min_key_chars if n_docs is None or n_docs < options.idf_prior_docs else 1
    # (weight, term) pairs sorted as such: the order of the key (-weight, term), each term
    # once; a count's sublinear TF is taken once per distinct count
    sublinear = {c: -(1.0 + math.log(c)) for c in set(tf.values())}
    get = idf.get
    scored = sorted((sublinear[c] * get(t, 1.0), t) for t, c in tf.items() if _keyable(t, min_chars))
    return [t for _, t in scored]


def key_term_ids(counts, terms: Sequence[str], options: Options, chunk: int = 20_000
                 ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`key_terms` of every document at once, as term ids.

    ``counts`` is the documents' raw term-count matrix (scipy CSR, one row per document,
    canonical: sorted indices, no duplicates) over the sorted vocabulary ``terms``.  Returns
    ``(ids, offsets)``: document ``k``'s key terms are ``ids[offsets[k]:offsets[k + 1]]``.
    The same sets as :func:`key_terms` with :func:`idf_weights` of the corpus (logarithms
    are taken with ``math.log``, as there, so ties break the same way)."""
    n_docs, n_terms = counts.shape

    def rows(lo: int, hi: int):
        a, b = counts.indptr[lo], counts.indptr[hi]
        return counts.indptr[lo:hi + 1] - a, counts.indices[a:b], counts.data[a:b]

    return _key_term_ids(n_docs, n_terms, np.bincount(counts.indices, minlength=n_terms), rows, terms,
                         options, chunk)


def key_term_ids_from(term_ids: np.ndarray, doc_offsets: np.ndarray, df: np.ndarray, terms: Sequence[str],
                      options: Options, chunk: int = 5_000, jobs: int = 1,
                      progress: Callable[[int, int], None] | None = None,
                      shared_by: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`key_term_ids` from the documents' term ids (document ``k`` is
    ``term_ids[doc_offsets[k]:doc_offsets[k + 1]]``) and their document frequencies ``df``
    (``np.bincount`` of the count matrix's indices; any matrix with the same nonzeros, such
    as the TF-IDF rows, gives them): the same result, with the count matrix built for
    ``chunk`` documents at a time, never for the whole corpus; the chunks shared among
    ``jobs`` forked worker processes (the same result for every ``jobs``).  ``progress(done,
    total)`` is told the documents done after each chunk.  ``shared_by``: how many documents
    hold each term; given, only terms two documents or more hold are key terms (batch: see
    :meth:`dedup.api.Corpus.link_arrays`)."""
    return _key_term_ids(len(doc_offsets) - 1, len(terms), df, _IdRows(term_ids, doc_offsets, len(terms)),
                         terms, options, chunk, jobs, progress, shared_by)


class _IdRows:
    """``rows(lo, hi)`` of :func:`_key_term_ids` from term ids (picklable state for workers)."""

    def __init__(self, term_ids: np.ndarray, doc_offsets: np.ndarray, n_terms: int):
        self.term_ids, self.doc_offsets, self.n_terms = term_ids, doc_offsets, n_terms

    def __call__(self, lo: int, hi: int):
        from .score import count_matrix_slice

        m = count_matrix_slice(self.term_ids, self.doc_offsets, lo, hi, self.n_terms)
        return m.indptr, m.indices, m.data


def _key_term_ids(n_docs: int, n_terms: int, df: np.ndarray, rows, terms: Sequence[str], options: Options,
                  chunk: int, jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                  shared_by: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`key_term_ids` given the document frequencies and ``rows(lo, hi)``: documents
    ``lo:hi`` of the canonical count matrix as ``(indptr from 0, indices, counts)``.  With
    ``jobs > 1`` the chunks are done in forked workers (``rows`` is inherited, not sent)."""
    shrink = min(1.0, n_docs / options.idf_prior_docs) if options.idf_prior_docs > 0 else 1.0
    values = sorted_unique(df)
    table = np.array([1.0 + shrink * math.log((1 + n_docs) / (1 + int(c))) for c in values.tolist()])
    idf = table[np.searchsorted(values, df)] if n_terms else np.zeros(0)
    min_chars = options.min_key_chars if n_docs < options.idf_prior_docs else 1
    keyable = np.fromiter((_keyable(t, min_chars) for t in terms), dtype=bool, count=n_terms)
    if shared_by is not None and n_terms:
        keyable &= np.asarray(shared_by) >= 2
    out_ids: list[np.ndarray] = []
    sizes = np.zeros(n_docs, dtype=np.int64)
    spans = [(lo, min(lo + chunk, n_docs)) for lo in range(0, n_docs, chunk)]
    state = (rows, keyable, idf, options.key_terms)
    for (lo, hi), (ids, counts) in zip(spans, parallel.imap(_key_chunk, spans, jobs, state)):
        if ids is not None:
            out_ids.append(ids)
            sizes[lo:hi] = counts
        if progress is not None:
            progress(hi, n_docs)
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    flat = np.concatenate(out_ids).astype(np.int64) if out_ids else np.zeros(0, dtype=np.int64)
    return flat, offsets


def _key_chunk(span: tuple[int, int]) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The key terms of documents ``lo:hi`` (in order) and how many each has."""
    lo, hi = span
    rows, keyable, idf, top = parallel.state()
    indptr, ids, tf = rows(lo, hi)
    tf = tf.astype(np.int64)
    row = np.repeat(np.arange(lo, hi), np.diff(indptr))
    keep = keyable[ids]
    ids, tf, row = ids[keep], tf[keep], row[keep]
    if len(ids) == 0:
        return None, None
    logs = np.array([0.0] + [math.log(c) for c in range(1, int(tf.max()) + 1)])
    score = (1.0 + logs[tf]) * idf[ids]
    order = np.lexsort((ids, -score, row))
    ids, row = ids[order], row[order]
    first = np.searchsorted(row, row)  # where each document's run starts
    chosen = (np.arange(len(row)) - first) < top
    return ids[chosen], np.bincount(row[chosen] - lo, minlength=hi - lo)


def hash32(data: bytes) -> int:
    """The 32-bit hash fed to MinHash (xxHash32: fast, stable across runs and machines)."""
    return xxhash.xxh32_intdigest(data)


def sketches(key_sets: Sequence[Sequence[str]], options: Options) -> list[LeanMinHash | None]:
    """MinHash signatures (datasketch) of the key-term sets; ``None`` for an empty set (a
    document without content words is nobody's candidate)."""
    from datasketch import LeanMinHash, MinHash  # here: importing datasketch costs ~0.4 s

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

@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` permutation parameters of datasketch's affine32 scheme.  Drawn once per
    process for each ``(num_perm, seed)`` (seeding a generator costs ~0.1 ms, a check asks
    once); the arrays are read-only, shared by every caller."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint64).astype(np.uint32)
    a.flags.writeable = False
    b.flags.writeable = False
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


# --- verbatim-passage fingerprints ---------------------------------------------------------
#
# A copied passage keeps its words in order, so the word n-grams of the passage are the
# same in the copy and in the source, whatever surrounds them.  Winnowing (Schleimer,
# Wilkerson and Aiken 2003) keeps, of every ``window`` consecutive n-gram hashes, the
# smallest: the choice depends only on the hashes inside the window, so a shared run of at
# least ``window + n - 1`` words yields at least one shared fingerprint in both texts, and
# about ``2 / (window + 1)`` of the n-grams are kept.

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GRAM_MUL = np.uint64(0x9E3779B97F4A7C15)


def _mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer (a bijection), element-wise on a uint64 array."""
    h = h ^ (h >> np.uint64(30))
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    return h ^ (h >> np.uint64(31))


def passage_fingerprints(term_ids: np.ndarray, doc_offsets: np.ndarray, n: int, window: int,
                         chunk: int = 1 << 20, starts: bool = True, skip: np.ndarray | None = None,
                         codes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Winnowed word ``n``-gram fingerprints of every document at once.

    ``term_ids`` are all documents' term ids one after the other (document ``k`` is
    ``term_ids[doc_offsets[k]:doc_offsets[k + 1]]``).  Returns ``(hashes, docs, starts)``:
    one uint64 hash per kept n-gram, its document and the position of its first term in
    ``term_ids``, in order of position (``starts=False``: ``None`` instead of the positions,
    which then take no memory).  Documents are int32 when their count allows (int64
    otherwise).  An n-gram never spans two documents; a document
    with fewer than ``window`` n-grams keeps its smallest one; one with fewer than ``n``
    terms has none.  Equal passages give equal fingerprints, wherever they stand.  Documents
    are done about ``chunk`` terms at a time, so memory stays a few arrays of that size.
    ``skip`` (a boolean per term id) leaves terms out of the n-grams; the batch leaves out
    the single Chinese characters (:func:`single_character_terms`), so that a
    verbatim passage there is ``n`` character bigrams long, as before they were terms.
    ``codes`` (a uint64 per term id, :func:`term_codes`) are what the n-grams hash, so that
    the fingerprints of a text depend on its terms alone, not on how the corpus numbered
    them (without it, the ids themselves).

    >>> ids = np.array([5, 1, 2, 3, 4, 9, 1, 2, 3, 4])
    >>> h, d, s = passage_fingerprints(ids, np.array([0, 5, 10]), n=4, window=1)
    >>> len(set(h[d == 0].tolist()) & set(h[d == 1].tolist()))  # "1 2 3 4", in both
    1
    """
    offsets = np.asarray(doc_offsets, dtype=np.int64)
    parts: list = []
    kept = 0
    doc_type = fingerprint_doc_type(len(offsets) - 1)
    for h, d, s in passage_fingerprint_chunks(term_ids, offsets, n, window, chunk, skip=skip, codes=codes):
        # copied in as they come; the arrays are cut to size at the end (an n-gram per term
        # at most; untouched pages of the allocation take no memory)
        if not parts:
            cap = max(int(offsets[-1] - offsets[0]), 1)
            parts = [np.empty(cap, dtype=np.uint64), np.empty(cap, dtype=doc_type),
                     np.empty(cap, dtype=np.int64) if starts else None]
        for arr, new in zip(parts, (h, d, s)):
            if arr is not None:
                arr[kept:kept + len(h)] = new
        kept += len(h)
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=doc_type), np.zeros(0, dtype=np.int64) if starts \
            else None
    for arr in parts:
        if arr is not None:
            arr.resize(kept, refcheck=False)  # no view of it exists: realloc, no copy
    return parts[0], parts[1], parts[2]


def sorted_unique(a, return_inverse: bool = False, return_counts: bool = False, kind: str | None = None):
    """``np.unique`` of an integer array (flattened) by sorting: the same values, inverse and
    counts.  Asked for the values alone, the ``np.unique`` of numpy 2.4 (the version
    installed here) finds them with a hash table, several times slower on the small arrays
    the story and check stages sort by the million (500 integers: 29 us against 5.6 us;
    3,000: 193 against 14) and on a large corpus's arrays too (32M key-term ids: 2.45 s
    against 0.19 s).  ``kind``: numpy's sort algorithm (``"stable"``, timsort for int64,
    merges an input made of a few sorted runs in linear time).

    >>> sorted_unique(np.array([3, 1, 3, 2]), return_inverse=True, return_counts=True)
    (array([1, 2, 3]), array([2, 0, 2, 1]), array([1, 1, 2]))
    """
    a = np.asarray(a).ravel()
    n = len(a)
    if return_inverse:
        order = np.argsort(a, kind=kind)
        ordered = a[order]
    else:
        ordered = np.sort(a, kind=kind)
    # a temporary the caller passed (``sorted_unique(np.concatenate(...))``) is this
    # function's only reference to it: freed here, it is not held beside its sorted copy
    del a
    first = np.empty(len(ordered), dtype=bool)  # the first of each run of equal values
    if len(ordered):
        first[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    out = [ordered[first]]
    if return_inverse:
        inverse = np.empty(n, dtype=np.intp)
        inverse[order] = np.cumsum(first) - 1
        out.append(inverse)
    if return_counts:
        out.append(np.diff(np.append(np.flatnonzero(first), len(ordered))))
    return out[0] if len(out) == 1 else tuple(out)


def sorted_isin(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.isin(a, b)`` for a sorted ``b`` (``a`` in any order), by binary search: the same
    booleans.  ``np.isin`` sorts both arrays together, and on the few hundred names or terms
    of two texts (the evidence of every pair a check or a story weighs) its overhead is
    several times the search.

    >>> sorted_isin(np.array([5, 1, 7]), np.array([1, 2, 7])).tolist()
    [False, True, True]
    """
    a = np.asarray(a)
    if not len(b):
        return np.zeros(a.shape, dtype=bool)
    at = np.searchsorted(b, a)
    np.minimum(at, len(b) - 1, out=at)
    return b[at] == a


def sorted_intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.intersect1d(a, b, assume_unique=True)`` of two sorted arrays of distinct values
    (the same values, sorted): the values of ``a`` found in ``b``."""
    return a[sorted_isin(a, b)]


def row_slices(offsets: np.ndarray, chunk: int) -> list[tuple[int, int]]:
    """Consecutive row ranges ``(a, b)`` of about ``chunk`` items each (rows cut at
    ``offsets``; a range holds at least one row, and no range is empty).

    >>> row_slices(np.array([0, 3, 4, 9, 10]), 4)
    [(0, 2), (2, 3), (3, 4)]
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    rows = len(offsets) - 1
    out, a = [], 0
    while a < rows:
        b = int(np.searchsorted(offsets, offsets[a] + chunk, side="right")) - 1
        b = min(max(b, a + 1), rows)
        out.append((a, b))
        a = b
    return out


def single_character_terms(vocabulary) -> np.ndarray | None:
    """A boolean per term of ``vocabulary`` (a :class:`dedup.score.TermList` or a list of
    strings): True for a single Chinese character (:func:`terms` gives them besides the
    bigrams); None when there is none.  Of a TermList, only terms of one character from
    U+2000 up (3 bytes in UTF-8 from lead byte 0xE2, or 4 bytes) are decoded."""
    if hasattr(vocabulary, "byte_lengths"):
        lengths = vocabulary.byte_lengths()
        maybe = np.flatnonzero((lengths == 3) | (lengths == 4))
        lead = vocabulary.first_bytes(maybe)
        maybe = maybe[np.where(lengths[maybe] == 3, lead >= 0xE2, lead >= 0xF0)]
    else:
        maybe = [k for k, t in enumerate(vocabulary) if len(t) == 1]
    hits = [k for k in np.asarray(maybe, dtype=np.int64).tolist() if is_ideographic(vocabulary[k])]
    if not hits:
        return None
    mask = np.zeros(len(vocabulary), dtype=bool)
    mask[hits] = True
    return mask


def fingerprint_doc_type(n_docs: int):
    """The integer type :func:`passage_fingerprints` gives documents in (int32 when it can)."""
    return np.int32 if n_docs <= np.iinfo(np.int32).max else np.int64


def passage_fingerprint_chunks(term_ids: np.ndarray, doc_offsets: np.ndarray, n: int, window: int,
                               chunk: int = 1 << 20, progress: Callable[[int, int], None] | None = None,
                               skip: np.ndarray | None = None, codes: np.ndarray | None = None
                               ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`passage_fingerprints` a slice of whole documents (about ``chunk`` terms) at a
    time: ``(hashes, docs, starts)`` of each slice, in order (documents as int64).
    ``progress(done, total)`` is told the documents done after each slice is used.
    ``skip``: a boolean per term id; those terms are left out of the n-grams, as if the
    texts did not have them (``starts`` still index ``term_ids``); ``codes``: see
    :func:`passage_fingerprints`."""
    offsets = np.asarray(doc_offsets, dtype=np.int64)
    for lo, hi in row_slices(offsets, chunk):
        yield _winnow(term_ids, offsets[lo:hi + 1], lo, n, window, skip, codes)
        if progress is not None:
            progress(hi, len(offsets) - 1)


def _winnow(term_ids: np.ndarray, offsets: np.ndarray, first_doc: int, n: int, window: int,
            skip: np.ndarray | None = None, codes: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`passage_fingerprints` of the consecutive documents cut at ``offsets`` (the
    first being document ``first_doc``), leaving out the terms ``skip`` marks."""
    base = int(offsets[0])
    raw = np.asarray(term_ids[base:offsets[-1]])
    at = None  # the position in ``raw`` of each term kept (None: all are)
    if skip is not None and len(raw) and skip[raw].any():
        keep = ~skip[raw]
        at = np.flatnonzero(keep)
        kept_before = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
        raw = raw[keep]
        offsets = base + kept_before[offsets - base]
    ids = codes[raw] if codes is not None else raw.astype(np.uint64) + np.uint64(1)
    del raw
    local = offsets - base
    count = len(ids) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        h = np.zeros(count, dtype=np.uint64)
        for j in range(n):  # polynomial hash of ids[k:k + n], wrapping
            h = h * _GRAM_MUL + ids[j:j + count]
        h = _mix64(h)
    del ids
    sizes = np.diff(local)
    doc = np.repeat(np.arange(len(sizes)), sizes)[:count]  # document of each n-gram start
    last = (local[1:] - n)[doc]  # last n-gram start of that document
    picks = []
    if count >= window:
        k = count - window + 1
        low = h[:k].copy()  # minimum of every window h[s:s + window]
        for j in range(1, window):
            np.minimum(low, h[j:j + k], out=low)
        arg = np.full(k, window - 1, dtype=np.int64)
        for j in range(window - 2, -1, -1):  # the leftmost minimum of each window
            arg[h[j:j + k] == low] = j
        arg += np.arange(k)
        full = np.arange(window - 1, count) <= last[:k]  # the window lies inside one document
        picks.append(arg[full])  # non-decreasing: a window's minimum stays until it leaves
    grams = sizes - n + 1  # n-grams per document (<= 0: none)
    for d in np.flatnonzero((grams >= 1) & (grams < window)).tolist():  # no full window
        a = int(local[d])
        picks.append(np.array([a + int(h[a:a + grams[d]].argmin())], dtype=np.int64))
    pos = np.sort(np.concatenate(picks), kind="stable") if picks else np.zeros(0, dtype=np.int64)
    if len(pos) > 1:
        pos = pos[np.r_[True, pos[1:] != pos[:-1]]]
    return h[pos], doc[pos].astype(np.int64) + first_doc, (pos if at is None else at[pos]).astype(np.int64) + base


# --- repeated sentences: counted once in the document frequencies ---
UNIT_MIN_TERMS = 3
"""A sentence of at least this many terms is counted in the document frequencies once, in the
first document that holds it (:func:`counted_units`); a shorter one wherever it occurs."""
UNIT_HASH_BITS = 42
"""Bits kept of a sentence's hash (:func:`unit_hash`; an SQLite index packs them 4 bytes an
entry, :data:`dedup.storage.UNIT_ROW_BITS`): among 20 million distinct sentences about one new
sentence in 200,000 is taken for a known one (batch and index alike)."""
UNIT_HASH_MASK = (1 << UNIT_HASH_BITS) - 1


def term_codes(terms: Sequence[str]) -> np.ndarray:
    """:func:`term_hash64` of each term, as uint64: what passage fingerprints hash in place of
    term ids (:func:`passage_fingerprints`), so that they do not change when another text
    adds or removes a term from the corpus's vocabulary."""
    return np.fromiter(map(term_hash64, terms), dtype=np.uint64, count=len(terms))


def term_hash64(term: str) -> int:
    """The 64-bit hash of a term that sentence hashes sum (xxh3_64 of its UTF-8)."""
    return xxhash.xxh3_64_intdigest(term.encode("utf-8", "surrogatepass"))


def unit_hash(sentence_terms: Sequence[str], hashed: Mapping[str, int] | None = None) -> int | None:
    """The hash of a sentence's terms as a multiset (the sum of their :func:`term_hash64`
    cut to :data:`UNIT_HASH_BITS`): the same for the same terms in any order; None for a
    sentence of fewer than :data:`UNIT_MIN_TERMS` terms (always counted).  ``hashed``: the
    :func:`term_hash64` of each term, when known (a text's terms, each hashed once).

    >>> unit_hash(["storm", "flood", "town"]) == unit_hash(["town", "storm", "flood"])
    True
    >>> unit_hash(["storm", "flood"]) is None
    True
    """
    if len(sentence_terms) < UNIT_MIN_TERMS:
        return None
    return sum(map(term_hash64 if hashed is None else hashed.__getitem__, sentence_terms)) & UNIT_HASH_MASK


def unit_hashes(term_ids, unit_offsets: np.ndarray, term_hash: np.ndarray, chunk: int = 1 << 22
                ) -> np.ndarray:
    """:func:`unit_hash` of every unit (sentence ``u`` is ``term_ids[unit_offsets[u]:
    unit_offsets[u + 1]]``, ``term_hash[t]`` the :func:`term_hash64` of term id ``t``, as
    ``uint64``), as ``uint64``; 0 where it is None (a sentence of fewer than
    :data:`UNIT_MIN_TERMS` terms).  Read about
    ``chunk`` term occurrences at a time."""
    unit_offsets = np.asarray(unit_offsets, dtype=np.int64)
    n = len(unit_offsets) - 1
    out = np.zeros(n, dtype=np.uint64)
    for a, b in row_slices(unit_offsets, chunk):
        lo, hi = int(unit_offsets[a]), int(unit_offsets[b])
        sums = np.zeros(hi - lo + 1, dtype=np.uint64)
        np.cumsum(term_hash[np.asarray(term_ids[lo:hi])], out=sums[1:])  # wraps modulo 2**64
        starts, ends = unit_offsets[a:b] - lo, unit_offsets[a + 1:b + 1] - lo
        out[a:b] = (sums[ends] - sums[starts]) & np.uint64(UNIT_HASH_MASK)
    out[np.diff(unit_offsets) < UNIT_MIN_TERMS] = 0
    return out


def counted_units(hashes: np.ndarray, unit_offsets: np.ndarray, doc_units: np.ndarray,
                  doc_order: np.ndarray, parts: int = 16) -> np.ndarray:
    """Which units the document frequencies count: every sentence of fewer than
    :data:`UNIT_MIN_TERMS` terms, and each other sentence (by its :func:`unit_hash`) once,
    in the first document of ``doc_order`` (a permutation of the documents: the order a
    stream would bring them in) that holds it, at its first place there.  Document ``k``'s
    units are ``doc_units[k]:doc_units[k + 1]``.

    A text copied by the hundred is then counted about once: its words stay rare, and a
    rewrite of it still picks them as key terms (with every copy counted, they became the
    corpus's most common words).  The same counts whatever the input order.

    The units are taken ``parts`` ranges of hash values at a time, so the sort's working
    arrays hold about ``1 / parts`` of them: on 20 million made-up sentences in a million
    documents (about a million articles' count) its peak above the inputs was 1,163 MiB with
    them all at once, 172 MiB in 16 ranges (``tracemalloc``)."""
    unit_offsets = np.asarray(unit_offsets, dtype=np.int64)
    short = np.diff(unit_offsets) < UNIT_MIN_TERMS
    counted = short.copy()
    if len(hashes) == 0:
        return counted
    doc_units = np.asarray(doc_units, dtype=np.int64)
    rank = np.empty(len(doc_units) - 1, dtype=np.int64)  # each document's place in the order
    rank[np.asarray(doc_order, dtype=np.int64)] = np.arange(len(rank), dtype=np.int64)
    step = -(-(UNIT_HASH_MASK + 1) // max(1, parts))
    for lo in range(0, UNIT_HASH_MASK + 1, step):
        # the long units whose hash is in [lo, lo + step) (the last range also takes any
        # hash wider than UNIT_HASH_BITS)
        inside = hashes >= np.uint64(lo)
        if lo + step <= UNIT_HASH_MASK:
            inside &= hashes < np.uint64(lo + step)
        inside &= ~short
        idx = np.flatnonzero(inside)
        del inside
        if not len(idx):
            continue
        doc = np.searchsorted(doc_units, idx, side="right") - 1  # (an empty document holds none)
        h = hashes[idx]
        by = np.lexsort((idx, rank[doc], h))  # by hash, then the document's place, then position
        del doc
        h = h[by]
        first = np.ones(len(h), dtype=bool)
        np.not_equal(h[1:], h[:-1], out=first[1:])
        counted[idx[by[first]]] = True
    return counted
