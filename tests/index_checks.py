"""Helpers for the index tests: made-up articles and a full consistency check of an index file."""
from __future__ import annotations

import json
import random
import sqlite3
import zlib
from collections import Counter
from pathlib import Path

from dedup import Document, Options, features, normalize, passages
from dedup.index import _credited, band_keys
from dedup.storage import BAND_KEY_BITS, band_entries, open_storage, unit_hashes_of_row

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


def signed_copies_and_rewrites(copies: int = 40, background: int = 60):
    """A text copied ``copies`` times, each copy signed off by its outlet, among
    ``background`` unrelated made-up articles, and the text's rewrites: the seeds (their
    second is the article the others rewrite)."""
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    text = seeds[1].read_text(encoding="utf-8")
    signed = [Document(f"c{k:03d}", f"{text}\n\nReported for outlet number {k} by staff writer {k * 7 % 13}.")
              for k in range(copies)]
    other = [Document(f"b{k:03d}", synthetic(k)) for k in range(background)]
    rewrites = [Document(f"rw-{p.stem}", p.read_text(encoding="utf-8")) for k, p in enumerate(seeds) if k != 1]
    return signed, other, rewrites


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
    """The scoring state recomputed from the stored texts: ({term: (sentences, documents)},
    sentences), each document's sentences counted as its credit says (a sentence of
    ``features.UNIT_MIN_TERMS`` or more terms is counted only in the first document stored
    that holds it, at its first place there: in documents stored in turn, the credit a
    recount in that order gives).  Also checks each term's reference count (documents holding
    it at all), that no two credited sentences have one hash, and the stored hashes."""
    counts, docs, refs, credited, n_sent = count_credited(
        ((zlib.decompress(blob).decode(), credit) for blob, credit in
         db_rows(path, "SELECT text, credit FROM docs ORDER BY rowid")), stem_chars)
    assert dict(db_rows(path, "SELECT term, refs FROM terms")) == dict(refs)
    assert len(credited) == len(set(credited)) and stored_units(path) == set(credited)
    return {t: (counts[t], docs[t]) for t in refs}, n_sent


def count_credited(texts_and_credits, stem_chars=6):
    """``(sentences, documents, refs, credited hashes, counted sentences)`` of stored
    ``(text, credit)`` pairs: each term's counted sentences and documents holding it in one,
    the documents holding it at all, and the hashes of the counted sentences of 3+ terms."""
    counts: Counter = Counter()
    docs: Counter = Counter()
    refs: Counter = Counter()
    credited: list = []
    n_sent = 0
    for text, credit in texts_and_credits:
        p = normalize.finalize(normalize.analyze(Document("x", text)))
        sents = [features.terms(w, stem_chars) for w in passages.sentence_words(p)]
        counted = _credited(credit, len(sents))
        credited += [h for st, c in zip(sents, counted) if c and (h := features.unit_hash(st)) is not None]
        n_sent += sum(counted)
        for st, c in zip(sents, counted):
            if c:
                counts.update(set(st))
        docs.update({t for st, c in zip(sents, counted) if c for t in st})
        refs.update({t for st in sents for t in st})
    return counts, docs, refs, credited, n_sent


def first_credit(texts, stem_chars=6) -> list[list[bool]]:
    """Which sentences of each of ``texts`` (stored in this order) are counted."""
    known: set = set()
    out = []
    for text in texts:
        p = normalize.finalize(normalize.analyze(Document("x", text)))
        counted = []
        for w in passages.sentence_words(p):
            h = features.unit_hash(features.terms(w, stem_chars))
            counted.append(h is None or h not in known)
            if h is not None:
                known.add(h)
        out.append(counted)
    return out


def stored_units(path) -> set[int]:
    """The sentence hashes of the ``units`` table."""
    return {h for row, blob in db_rows(path, "SELECT k, e FROM units") for h in unit_hashes_of_row(row, blob)}


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
