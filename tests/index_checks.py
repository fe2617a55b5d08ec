"""Helpers for the index tests: made-up articles and a full consistency check of an index file."""
from __future__ import annotations

import json
import random
import sqlite3
import zlib
from collections import Counter
from pathlib import Path

from dedup import Document, Options, features, normalize, passages
from dedup.index import band_keys
from dedup.storage import BAND_KEY_BITS, band_entries, open_storage

COMMON = "the a of and to in on for with was is that by at from".split()


def synthetic(seed: int, sentences: int = 8) -> str:
    """A made-up article: sentences of its own invented words plus common function words,
    so articles of different seeds share (nearly) no content words."""
    rng = random.Random(seed)
    letters = "bcdfghklmnprstvz"
    vowels = "aeiou"
    vocab = ["".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
             for _ in range(40)]
    out = []
    for _ in range(sentences):
        words = [rng.choice(vocab) if rng.random() < 0.7 else rng.choice(COMMON) for _ in range(rng.randint(8, 14))]
        out.append(" ".join(words).capitalize() + f" {rng.randint(10, 9999)}.")
    return " ".join(out) + "\n"


def write_records(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def db_rows(path, sql, args=()):
    c = sqlite3.connect(path)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def recount(path, stem_chars=6):
    """The scoring state recomputed from the stored texts: ({term: (sentences, documents)}, sentences)."""
    counts: Counter = Counter()
    docs: Counter = Counter()
    n_sent = 0
    for (blob,) in db_rows(path, "SELECT text FROM docs"):
        p = normalize.finalize(normalize.analyze(Document("x", zlib.decompress(blob).decode())))
        sents = [features.terms(w, stem_chars) for w in passages.sentence_words(p)]
        n_sent += len(sents)
        for st in sents:
            counts.update(set(st))
        docs.update({t for st in sents for t in st})
    return {t: (counts[t], docs[t]) for t in docs}, n_sent


def band_rows(path) -> list:
    """Every stored ``(band key, rowid)`` (the key's low 40 bits), as a sorted list."""
    return sorted(e for row, blob in db_rows(path, "SELECT k, e FROM bands") for e in band_entries(row, blob))


def stored_counts(path):
    terms = {t: (s, d) for t, s, d in db_rows(path, "SELECT term, sentences, documents FROM terms")}
    meta = dict(db_rows(path, "SELECT key, value FROM meta WHERE key IN ('documents', 'sentences')"))
    return terms, meta


def assert_consistent(path, stem_chars=6) -> list[str]:
    """The file is a sound SQLite database and every stored document is whole: its band rows
    are all there, the term counts and totals are exactly those of the stored texts, and no
    band row points to a missing document.  Returns the stored ids in insertion order."""
    assert db_rows(path, "PRAGMA integrity_check") == [("ok",)]
    ids = [r[0] for r in db_rows(path, "SELECT id FROM docs ORDER BY rowid")]
    terms, meta = stored_counts(path)
    expected, n_sent = recount(path)
    assert meta == {"documents": len(ids), "sentences": n_sent}
    assert terms == expected
    options = Options(**{k: v for k, v in json.loads(db_rows(path, "SELECT value FROM meta WHERE key='options'")[0][0]).items()
                         if k in Options.__dataclass_fields__})
    want = set()
    s = open_storage(path, create=False)
    try:
        for rec in s.documents(r[0] for r in db_rows(path, "SELECT rowid FROM docs")):
            want.update((k & (2 ** BAND_KEY_BITS - 1), rec.rowid) for k in band_keys(rec.keys, options))
        # every document's term vector is its terms' occurrences, as its text gives them
        texts = {r.rowid: r.text for r in s.documents(r[0] for r in db_rows(path, "SELECT rowid FROM docs"))}
        tv = s.term_vectors(texts)
        for k, rowid in enumerate(tv.rowids):
            p = normalize.finalize(normalize.analyze(Document("x", texts[rowid])))
            tf = Counter(t for w in passages.sentence_words(p) for t in features.terms(w, stem_chars))
            got = {tv.terms[c]: int(n) for c, n in zip(tv.cols[tv.indptr[k]:tv.indptr[k + 1]],
                                                       tv.tf[tv.indptr[k]:tv.indptr[k + 1]])}
            assert got == dict(tf)
    finally:
        s.close()
    rows = band_rows(path)
    assert len(rows) == len(set(rows)) and set(rows) == want
    return ids
