#!/usr/bin/env python3
"""Seeded benchmark-corpus generator: news-like articles from the real texts in ``../shared/data``
with known exact copies, near copies, partial copies and rewrites injected.

Usage::

    python bench/generate.py --data ../shared/data --docs 100000 --seed 1 \\
        --output corpus.jsonl [--truth truth.jsonl] [--derived 0.10]

Nothing is copied into the repository: the source texts are read from ``--data`` at run time
and the corpus is written to ``--output`` (``-`` for stdout).  The same ``--data``, ``--docs``,
``--seed`` and ``--derived`` give a byte-identical corpus and truth file (no dependence on
``PYTHONHASHSEED``, the clock or the machine).

Recipe
------
1. **Sentence pool.**  The ``docs.jsonl`` of ``reuters21578``, ``bbc_news``, ``ecbplus`` and
   ``semeval2022_task8`` (the news corpora) are read in file order.  Reuters' hard-wrapped lines
   are joined; every other corpus keeps its lines as units.  Texts are cut into sentences after
   ``. ! ?`` followed by white space.  Sentences of fewer than 4 words or more than 600
   characters are dropped, and so are documents left with fewer than 3 sentences and documents
   not mostly in ASCII letters (SemEval's Chinese, Arabic, Russian ... texts: step 3 needs an
   alphabet it can permute).  Documents are grouped by (corpus, language), in file order, so
   that a document is followed by its neighbours in its file (Reuters is ordered by date, BBC
   by section).  Only this pool is held in memory (~18,000 documents, ~25 MB of text).
2. **Windows.**  The pool is cut, once, into consecutive *windows* of whole sentences of 2600 to
   3400 characters (the target drawn per window), closed at a document boundary once 80% of
   the target is reached, else mid-document at 115%: one source document and its neighbours,
   read in order, about 3 KB.  Windows never cross a (corpus, language) group; a group's short
   remainder is dropped.  This gives P windows (6,892 from the current data), disjoint: no two share a sentence.
3. **Passes and slots.**  Document position ``k`` (id ``gen-0000042``) belongs to pass
   ``k // P`` and gets window ``(k % P) * a + b  (mod P)``, with ``a`` (coprime to P) and ``b``
   drawn per pass from the seed: every position of a pass has its own window.  Pass 0 is the
   real text.  In every later pass, the text is passed through that pass's *cipher*: a seeded
   permutation of the 26 ASCII letters (the same for upper and lower case) and of the 10 digits
   (``str.translate``), applied to every word except the pool's ``COMMON_WORDS`` (300) most
   frequent words (``the``, ``of``, ``said``, ...), which stay as they are.  A ciphered pass has
   exactly the statistics of real news (word and sentence lengths, word frequencies, repeats,
   punctuation) but shares almost no content word with any other pass, so that a corpus
   larger than the pool does not fill up with accidental copies: the only copies in the
   corpus are the injected ones (plus the few real repeats of Reuters itself).  The common
   words are shared by every pass, as function words are by every article of a real archive:
   ciphering them too (as this generator did before 2026-11-30) made each pass a language of
   its own (~6,900 documents), so that the larger the corpus, the rarer each pass's "the"
   looked, and IDF-weighted similarity within a pass grew with the corpus (30,000 documents:
   1,047,889 dedup links with every word ciphered, 98,470 with the common words kept).
   Later passes do not read as English; pass 0 (the first ~6,900 documents) does.
4. **Base articles.**  A base article is its window's sentences, ciphered, grouped into
   paragraphs of 1-4 sentences (``random.Random(f"{seed}:para:{k}")``) joined by a blank line.
   It is a pure function of (pool, seed, k), so it can be rebuilt whenever a derived document
   needs it: that is what keeps the generator streaming (memory does not grow with ``--docs``).
5. **Derived documents.**  Position ``k > 0`` is derived with probability ``--derived``
   (default 0.10, decided by ``random.Random(f"{seed}:pos:{k}")``); its base is a uniformly
   drawn *earlier* base position, and its kind is drawn with equal shares.  Edits are made to
   the base's plain sentences, and the result is ciphered as the base was:

   * ``exact``: the base text, unchanged;
   * ``near``: the base with 1-2 sentences dropped, 2-4 pairs of neighbouring words swapped, and
     1-2 site-boilerplate lines (``Subscribe to our newsletter ...``, ``Share this article``,
     ``(c) 2025 ...``; never ciphered) added at the top or bottom;
   * ``partial``: a run of consecutive sentences covering 30-70% of the base's characters (the
     share drawn uniformly; the run starts at the beginning half the time, else at a random
     sentence, wrapping around), followed by new material up to the base's length: the start
     of the derived position's own window, in its own pass's cipher (a window no base uses);
   * ``rewrite``: the base's sentences shuffled (order across the whole article, new
     paragraphing), 10% of sentences dropped, in half of the sentences with a comma the two
     sides of the first comma swapped (``A, B.`` -> ``B, A.``), lower-case words with an
     adjective/adverb suffix (``-ly -al -ive -ous -ful -ic -able -ible -less -ary``: an
     English-only stand-in for dropping modifiers, no synonyms) dropped with probability 0.7,
     and ``the`` / ``a`` / ``an`` dropped with probability 0.5.  This breaks most word 5-grams
     while names, numbers and topic words stay.

6. **Output.**  ``--output``: one JSON object a line, ``{"id", "text", "source"}`` (``source``
   names the window's corpus), in position order.  ``--truth``: one line per derived document,
   ``{"id", "base", "kind"}`` (plus ``"share"``, the kept share, for partial copies), in
   position order.

Limits: the rewrites are mechanical, not paraphrases by a person; the cipher keeps every
statistic of the text but its meaning, so above ~6,900 documents the corpus is real news in
structure only; no non-Latin script.  The speed is a few thousand to 15,000 documents a second.

The module is importable: :func:`load_pool` and :func:`generate` (an iterator of
``(record, truth_or_None)``) are what ``bench/run_bench.py`` and ``bench/bench_filter.py`` use.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import string
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

SOURCES = ("reuters21578", "bbc_news", "ecbplus", "semeval2022_task8")
WRAPPED = {"reuters21578"}  # hard-wrapped lines: join them before cutting sentences
KINDS = ("exact", "near", "partial", "rewrite")
MIN_CHARS, MAX_CHARS = 2600, 3400
MIN_WINDOW = 1500  # a group's remainder shorter than this is dropped
MAX_SENTENCE = 600
BOILERPLATE = (
    "Subscribe to our newsletter for the day's top stories.",
    "Share this article",
    "Follow us on Twitter and Facebook",
    "Related: more stories from this section",
    "© 2025 News Network. All rights reserved.",
    "Comments (12)",
    "Sign up for breaking news alerts",
)
ADJ_SUFFIXES = ("ly", "al", "ive", "ous", "ful", "ic", "able", "ible", "less", "ary")
ARTICLES = {"the", "a", "an"}

_SENT_RE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Pool:
    """The pool's sentences, flat in file order, and the windows cut from them."""

    sentences: list[str]
    windows: list[tuple[int, int, str]]  # (first sentence, one past the last, corpus)
    documents: int


def _sentences(text: str, wrapped: bool) -> list[str]:
    units = [" ".join(text.split())] if wrapped else [" ".join(line.split()) for line in text.splitlines()]
    out = []
    for unit in units:
        for s in _SENT_RE.split(unit):
            s = s.strip()
            if s and len(s) <= MAX_SENTENCE and len(s.split()) >= 4:
                out.append(s)
    return out


def _mostly_ascii(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    return bool(letters) and sum(c in string.ascii_letters for c in letters) >= 0.8 * len(letters)


def load_pool(data: Path, seed: int = 1) -> Pool:
    """Read the source corpora under ``data`` and cut the windows (see the module docstring)."""
    groups: dict[tuple[str, str], list[list[str]]] = {}
    for name in SOURCES:
        path = Path(data) / name / "docs.jsonl"
        if not path.exists():
            raise SystemExit(f"generate: missing source corpus {path}")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                text = rec.get("text") or ""
                if not _mostly_ascii(text):
                    continue
                sents = _sentences(text, name in WRAPPED)
                if len(sents) >= 3:
                    groups.setdefault((name, rec.get("lang") or "en"), []).append(sents)
    rng = random.Random(f"{seed}:windows")
    pool = Pool([], [], sum(len(d) for d in groups.values()))
    for (name, _lang), docs in groups.items():  # insertion order: SOURCES, then first appearance
        start, length, target = len(pool.sentences), 0, rng.randint(MIN_CHARS, MAX_CHARS)
        for sents in docs:
            for s in sents:
                pool.sentences.append(s)
                length += len(s) + 1
                if length >= 1.15 * target:
                    pool.windows.append((start, len(pool.sentences), name))
                    start, length, target = len(pool.sentences), 0, rng.randint(MIN_CHARS, MAX_CHARS)
            if length >= 0.8 * target:
                pool.windows.append((start, len(pool.sentences), name))
                start, length, target = len(pool.sentences), 0, rng.randint(MIN_CHARS, MAX_CHARS)
        if length >= MIN_WINDOW:
            pool.windows.append((start, len(pool.sentences), name))
    if len(pool.windows) < 2:
        raise SystemExit(f"generate: too little usable text under {data}")
    return pool


# --------------------------------------------------------------------------- building


COMMON_WORDS = 300
"""The pool's most frequent words (lower-cased) that no cipher changes (see the module docstring)."""
_WORD_SPLIT = re.compile(r"([A-Za-z0-9]+)")


def common_words(sentences: list[str], n: int = COMMON_WORDS) -> frozenset[str]:
    """The ``n`` most frequent words of ``sentences``, lower-cased (ties by the word)."""
    counts: dict[str, int] = {}
    for s in sentences:
        for w in _WORD_SPLIT.findall(s):
            w = w.lower()
            counts[w] = counts.get(w, 0) + 1
    return frozenset(sorted(counts, key=lambda w: (-counts[w], w))[:n])


class Passes:
    """Per pass: the slot permutation and the cipher (a small LRU of translate tables)."""

    def __init__(self, pool: Pool, seed: int):
        self.pool, self.seed, self.P = pool, seed, len(pool.windows)
        self.common = common_words(pool.sentences)
        self._cache: dict[int, tuple[int, int, dict | None]] = {}

    def _get(self, p: int) -> tuple[int, int, dict | None]:
        got = self._cache.get(p)
        if got is None:
            rng = random.Random(f"{self.seed}:pass:{p}")
            a = rng.randrange(1, self.P)
            while math.gcd(a, self.P) != 1:
                a = a % (self.P - 1) + 1
            b = rng.randrange(self.P)
            table = None
            if p > 0:
                low, dig = list(string.ascii_lowercase), list(string.digits)
                rng.shuffle(low)
                rng.shuffle(dig)
                table = str.maketrans(string.ascii_lowercase + string.ascii_uppercase + string.digits,
                                      "".join(low) + "".join(low).upper() + "".join(dig))
            if len(self._cache) >= 64:
                self._cache.pop(next(iter(self._cache)))
            got = self._cache[p] = (a, b, table)
        return got

    def window(self, k: int) -> tuple[list[str], str]:
        """Plain sentences and corpus of position k's window."""
        a, b, _ = self._get(k // self.P)
        i0, i1, corpus = self.pool.windows[((k % self.P) * a + b) % self.P]
        return self.pool.sentences[i0:i1], corpus

    def cipher(self, k: int, text: str) -> str:
        table = self._get(k // self.P)[2]
        if table is None:
            return text
        keep = self.common
        # words and the text between them alternate; the common words stay as they are
        parts = _WORD_SPLIT.split(text)
        return "".join(w if i % 2 == 0 or w.lower() in keep else w.translate(table)
                       for i, w in enumerate(parts))


def paragraphs(rng: random.Random, sents: list[str]) -> str:
    """Join sentences into paragraphs of 1-4 sentences separated by a blank line."""
    paras = []
    i = 0
    while i < len(sents):
        n = rng.randint(1, 4)
        paras.append(" ".join(sents[i:i + n]))
        i += n
    return "\n\n".join(paras)


def _near(rng: random.Random, sents: list[str]) -> tuple[str, str]:
    """(edited text, boilerplate lines); the lines are added after ciphering."""
    sents = list(sents)
    for _ in range(rng.randint(1, 2)):
        if len(sents) > 3:
            del sents[rng.randrange(len(sents))]
    for _ in range(rng.randint(2, 4)):
        i = rng.randrange(len(sents))
        words = sents[i].split(" ")
        if len(words) >= 3:
            j = rng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
            sents[i] = " ".join(words)
    return paragraphs(rng, sents), "\n".join(rng.sample(BOILERPLATE, rng.randint(1, 2)))


def _partial(rng: random.Random, sents: list[str]) -> tuple[list[str], int, float]:
    """(kept sentences, characters wanted from new material, kept share)."""
    share = rng.uniform(0.3, 0.7)
    total = sum(len(s) + 1 for s in sents)
    i = 0 if rng.random() < 0.5 else rng.randrange(len(sents))
    kept: list[str] = []
    length = 0
    while length < share * total:
        kept.append(sents[i % len(sents)])
        length += len(kept[-1]) + 1
        i += 1
    return kept, total - length, round(length / total, 3)


def _rewrite(rng: random.Random, sents: list[str]) -> str:
    sents = list(sents)
    rng.shuffle(sents)
    sents = [s for s in sents if rng.random() >= 0.1] or sents[:1]
    out = []
    for s in sents:
        if ", " in s and rng.random() < 0.5:
            a, b = s.split(", ", 1)
            end = b[-1] if b[-1] in ".!?" else ""
            b = b[:-1] if end else b
            if b:
                s = b[:1].upper() + b[1:] + ", " + a[:1].lower() + a[1:] + end
        words = []
        for w in s.split(" "):
            core = w.strip(".,;:!?\"'()")
            if core.islower() and len(core) > 4 and core.endswith(ADJ_SUFFIXES) and rng.random() < 0.7:
                continue
            if core.lower() in ARTICLES and rng.random() < 0.5:
                continue
            words.append(w)
        if words:
            out.append(" ".join(words))
    return paragraphs(rng, out or sents)


def doc_id(k: int) -> str:
    return f"gen-{k:07d}"


def generate(pool: Pool, docs: int, seed: int, derived: float = 0.10) -> Iterator[tuple[dict, dict | None]]:
    """Yield ``(record, truth)`` for positions 0..docs-1; ``truth`` is None for base articles."""
    passes = Passes(pool, seed)

    def is_derived(k: int) -> tuple[bool, random.Random]:
        rng = random.Random(f"{seed}:pos:{k}")
        return (k > 0 and rng.random() < derived), rng

    def base_text(k: int) -> tuple[str, list[str], str]:
        sents, corpus = passes.window(k)
        return passes.cipher(k, paragraphs(random.Random(f"{seed}:para:{k}"), sents)), sents, corpus

    for k in range(docs):
        flag, rng = is_derived(k)
        if not flag:
            text, _, corpus = base_text(k)
            yield {"id": doc_id(k), "text": text, "source": corpus}, None
            continue
        while True:  # a uniformly drawn earlier base position (position 0 always is one)
            b = rng.randrange(k)
            if not is_derived(b)[0]:
                break
        kind = KINDS[rng.randrange(len(KINDS))]
        text, sents, corpus = base_text(b)
        truth = {"id": doc_id(k), "base": doc_id(b), "kind": kind}
        if kind == "near":
            edited, lines = _near(rng, sents)
            text = passes.cipher(b, edited)
            text = lines + "\n\n" + text if rng.random() < 0.5 else text + "\n\n" + lines
        elif kind == "partial":
            kept, wanted, truth["share"] = _partial(rng, sents)
            own, _ = passes.window(k)
            new: list[str] = []
            for s in own:
                if wanted <= 0:
                    break
                new.append(s)
                wanted -= len(s) + 1
            text = passes.cipher(b, paragraphs(rng, kept)) + "\n\n" + passes.cipher(k, paragraphs(rng, new))
        elif kind == "rewrite":
            text = passes.cipher(b, _rewrite(rng, sents))
        yield {"id": doc_id(k), "text": text, "source": corpus}, truth


def write(pool: Pool, docs: int, seed: int, output, truth=None, derived: float = 0.10) -> dict:
    """Write the corpus (and truth) to open text files; return counts by kind."""
    counts = {"base": 0, **{k: 0 for k in KINDS}}
    for rec, t in generate(pool, docs, seed, derived):
        output.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if t is None:
            counts["base"] += 1
        else:
            counts[t["kind"]] += 1
            if truth is not None:
                truth.write(json.dumps(t, ensure_ascii=False) + "\n")
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate a seeded benchmark corpus with known copies "
                                            "from the texts in --data (see the module docstring).")
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--docs", type=int, required=True, help="documents to write")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--derived", type=float, default=0.10, help="share of derived documents (default 0.10)")
    p.add_argument("--output", required=True, help="corpus JSON Lines ('-' for stdout)")
    p.add_argument("--truth", help="ground truth JSON Lines for the derived documents")
    args = p.parse_args(argv)
    if args.docs < 1 or not 0 <= args.derived < 1:
        p.error("--docs must be >= 1 and 0 <= --derived < 1")
    t0 = time.perf_counter()
    pool = load_pool(args.data, args.seed)
    t1 = time.perf_counter()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8", newline="\n")
    tr = open(args.truth, "w", encoding="utf-8", newline="\n") if args.truth else None
    try:
        counts = write(pool, args.docs, args.seed, out, tr, args.derived)
    finally:
        if out is not sys.stdout:
            out.close()
        if tr:
            tr.close()
    t2 = time.perf_counter()
    print(f"generate: {args.docs:,} docs (seed {args.seed}): "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items())
          + f"; pool {pool.documents:,} source docs, {len(pool.windows):,} windows, in {t1 - t0:.1f} s; "
            f"written in {t2 - t1:.1f} s ({args.docs / (t2 - t1):,.0f} docs/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
