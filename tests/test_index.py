"""dedup.Index and its SQLite store: decisions, incremental counts, eviction, bad files."""
from __future__ import annotations

import datetime
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conftest import REWRITE, SOURCE, UNRELATED
from index_checks import (assert_consistent, band_rows, db_rows, first_credit, recount, signed_copies_and_rewrites,
                          stored_counts, synthetic)
from dedup import Document, Index, Options, batch, compare
from dedup import score
from dedup.api import Corpus
from dedup.index import (STATUSES, DocumentExistsError, OptionsMismatchError, _analysis, _credited, band_keys,
                         date_epoch)
from dedup.storage import SCHEMA_VERSION, NotAnIndexError, StorageError

@pytest.fixture
def path(tmp_path):
    return tmp_path / "news.dedup"


@pytest.fixture
def idx(path):
    with Index(path) as index:
        yield index


# --- decisions --------------------------------------------------------------------

def test_first_document_is_new_and_its_exact_copy_a_duplicate(idx):
    d = idx.check_and_add(Document("a", SOURCE))
    assert (d.status, d.matches, d.indexed) == ("new", [], True)
    c = idx.check(Document("b", SOURCE))
    assert c.status == "duplicate"
    assert [(m.id, m.relation, m.similarity, m.original) for m in c.matches] == [("a", "duplicate", 1.0, "a")]
    assert c.parent == "a" and not c.indexed
    assert "b" not in idx and len(idx) == 1  # check never writes


def test_rewrite_is_matched_with_its_relation_and_added_passages(idx):
    idx.add(Document("source", SOURCE))
    idx.add(Document("bakery", UNRELATED))
    d = idx.check(Document("rewrite", REWRITE))
    assert d.parent == "source"
    assert [m.id for m in d.matches] == ["source"]  # the bakery story is not a match
    # the match's relation and likely original are the ones batch gives the same texts
    result = batch([Document("source", SOURCE), Document("bakery", UNRELATED), Document("rewrite", REWRITE)])
    story = next(c for c in result.clusters if len(c.members) == 2)
    derivative = next(m for m in story.members if m.role == "derivative")
    assert (d.matches[0].original, d.status) == (story.original, derivative.relation)
    rec = d.record()
    assert rec["added"], "the fishermen paragraph is new material"
    for span in rec["added"] + rec["boilerplate"]:
        assert REWRITE[span["start"]:span["end"]] == span["text"]
    assert "fishermen" in rec["added"][0]["text"]
    assert json.loads(json.dumps(rec)) == rec


def test_similarity_equals_batch_when_the_index_holds_the_same_corpus(idx):
    """The model built from stored counts weighs terms exactly as batch's fitted model."""
    idx.add(Document("source", SOURCE))
    idx.add(Document("bakery", UNRELATED))
    d = idx.check(Document("rewrite", REWRITE))
    result = batch([Document("source", SOURCE), Document("bakery", UNRELATED), Document("rewrite", REWRITE)])
    members = {m.id: m for c in result.clusters for m in c.members}
    batch_sim = members["source"].similarity or members["rewrite"].similarity
    assert d.matches[0].similarity == batch_sim


def test_model_from_counts_equals_a_fitted_model():
    docs = [["a", "b", "b"], ["a", "c"], ["d", "a", "e"]]
    units = [["a", "b"], ["b"], ["a", "c"], ["d", "a", "e"]]
    fitted = score.TfidfModel().fit(docs, units)
    df = Counter(t for u in units for t in set(u))
    built = score.model_from_counts(dict(df), len(units), docs)
    assert built.vocabulary_ == fitted.vocabulary_
    assert np.allclose(built.idf_, fitted.idf_)
    assert np.allclose(built.matrix_.toarray(), fitted.matrix_.toarray())


def test_unrelated_documents_are_new(idx):
    idx.add(Document("source", SOURCE))
    assert idx.check(Document("bakery", UNRELATED)).status == "new"


def test_check_and_add_adds_only_new_documents_by_default(idx):
    assert idx.check_and_add(Document("a", SOURCE)).indexed
    d = idx.check_and_add(Document("b", SOURCE))
    assert d.status == "duplicate" and not d.indexed and "b" not in idx
    d = idx.check_and_add(Document("c", SOURCE), add="all")
    assert d.indexed and "c" in idx
    d = idx.check_and_add(Document("d", SOURCE), add=("duplicate",))
    assert d.indexed
    with pytest.raises(ValueError, match="statuses must be among"):
        idx.check_and_add(Document("e", SOURCE), add=("copy",))


def test_an_id_already_in_the_index_is_refused(idx):
    idx.add(Document("a", SOURCE))
    with pytest.raises(DocumentExistsError, match="'a' is already in the index"):
        idx.add(Document("a", UNRELATED))
    with pytest.raises(DocumentExistsError):
        idx.check_and_add(Document("a", UNRELATED))
    assert len(idx) == 1
    # a check of a document that is in the index finds it there
    d = idx.check(Document("a", SOURCE))
    assert (d.status, d.parent) == ("duplicate", "a")


def test_documents_are_checked_as_the_readers_check_records(idx):
    """Wrong types are a TypeError, a bad date or an empty id a ValueError, before anything
    is stored; two documents of one id in one add_many are named as such."""
    for bad, error in ((Document(7, SOURCE), TypeError), (Document("x", None), TypeError),
                       (Document("x", SOURCE, date=20240501), TypeError), (Document(" ", SOURCE), ValueError),
                       (Document("x", SOURCE, date="not a date"), ValueError),
                       (Document("x", SOURCE, date="0001-01-01T00:00:00+01:00"), ValueError), ("text", TypeError)):
        for call in (idx.check, idx.add, idx.check_and_add, lambda d: idx.add_many([d])):
            with pytest.raises(error):
                call(bad)
    assert len(idx) == 0
    with pytest.raises(DocumentExistsError, match="'x' comes twice in one add_many"):
        idx.add_many([Document("x", SOURCE), Document("x", UNRELATED)])
    assert len(idx) == 0


def test_original_is_the_earlier_by_date_else_the_indexed_one(idx):
    idx.add(Document("old", SOURCE, date="2024-05-02"))
    assert idx.check(Document("x", SOURCE, date="2024-05-01")).matches[0].original == "x"
    assert idx.check(Document("y", SOURCE, date="2024-05-03")).matches[0].original == "old"
    assert idx.check(Document("z", SOURCE)).matches[0].original == "old"
    # an id that sorts first does not make the incoming copy the original: in a tie (the same
    # text, undated) the indexed one was there first (it was the earliest id, as in batch)
    assert idx.check(Document("a", SOURCE)).matches[0].original == "old"


def test_dates_order_a_check_as_they_order_a_batch_story(path):
    """A longer text dated after the stored one is not its source (date_order), however
    much the text alone points that way; with date_order off, the text decides."""
    short = SOURCE[: len(SOURCE) * 3 // 4]  # the first three quarters: a cut copy
    with Index(path) as index:
        index.add(Document("short", short, date="2025-01-01"))
        undated = index.check(Document("long", SOURCE)).matches[0]
        assert undated.original == "long"  # the text alone: the longer one is the source
        dated = index.check(Document("long", SOURCE, date="2025-01-02")).matches[0]
        assert dated.id == "short" and dated.original == "short"
    with Index(path, Options(date_order=False)) as index:
        assert index.check(Document("long", SOURCE, date="2025-01-02")).matches[0].original == "long"


def test_matches_are_sorted_by_similarity_and_status_is_the_best_relation(idx):
    idx.add(Document("source", SOURCE))
    idx.add(Document("rewrite", REWRITE))
    d = idx.check(Document("copy", SOURCE))
    assert [m.id for m in d.matches] == ["source", "rewrite"]
    sims = [m.similarity for m in d.matches]
    assert sims == sorted(sims, reverse=True)
    assert d.status == d.matches[0].relation == "duplicate"
    assert all(m.relation in STATUSES for m in d.matches)


def test_documents_without_words_still_match_exact_copies(idx):
    idx.add(Document("a", "*** --- ***"))
    idx.add(Document("n", "1 2 3 4"))
    assert idx.check(Document("n2", "1 2 3 4")).status == "duplicate"


@pytest.mark.parametrize("text, copy", [("12 34", "duplicate"), ("...", "new"), ("\ud83d", "new"),
                                        ("*** --- ***", "new")])
def test_a_text_without_terms_is_checked_against_documents_with_terms(idx, text, copy):
    """A feed item of only numbers or punctuation (or half an emoji) met stored documents
    that have terms: the cosine screen indexed its empty weight vector (an IndexError, a
    traceback in `dedup filter` and a 500 in `dedup serve`)."""
    idx.add(Document("a", SOURCE))
    assert idx.check(Document("x", text)).status == "new"
    d = idx.check_and_add(Document("x", text))
    assert (d.status, d.indexed) == ("new", True)
    assert idx.check(Document("x2", text)).status == copy  # numbers are words (exact copies match)


def test_oversized_bucket_proposes_its_first_document(path):
    # near-copies (not exact) with the same key terms: every band key is shared.  A bucket
    # over max_bucket proposed nobody, so the copy after the max_bucket-th of a wire story
    # came out new; now its first (earliest stored) document is a candidate, as batch
    # proposes a star
    # (each differs by a sentence too short to be counted once, whose words are no key
    # terms: a changed sentence is counted, and its words would weigh differently)
    texts = [SOURCE.rstrip() + f" Ref {k}." for k in range(5)]
    with Index(path, Options(max_bucket=2)) as idx:
        idx.add(Document("a", texts[0]))
        assert idx.check(Document("b", texts[1])).status != "new"
        idx.add(Document("b", texts[1]))
        idx.add(Document("c", texts[2]))
        d = idx.check(Document("d", texts[3]))
        assert idx.counters["oversized_buckets"] > 0
        assert d.status == "near-duplicate" and [m.id for m in d.matches] == ["a"]
        # exact copies are always matched, template or not
        assert idx.check(Document("e", texts[0])).status == "duplicate"


def test_band_keys_are_deterministic_47_bit_and_one_per_band():
    o = Options()
    keys = band_keys(["marlow", "solar", "reserv", "panels"], o)
    assert len(keys) == o.lsh_bands == len(set(keys))
    assert keys == band_keys(["marlow", "solar", "reserv", "panels"], o)
    assert all(0 <= k < 2 ** 47 for k in keys)
    assert band_keys([], o) == []


# --- the stored state ---------------------------------------------------------------

def test_counts_are_updated_incrementally_and_restored_by_remove(idx, path):
    idx.add(Document("source", SOURCE))
    idx.add(Document("bakery", UNRELATED))
    before = stored_counts(path)
    bands_before = band_rows(path)
    idx.add(Document("rewrite", REWRITE))
    assert stored_counts(path) != before
    terms, meta = stored_counts(path)
    expected, n_sent = recount(path)
    assert terms == expected and meta == {"documents": 3, "sentences": n_sent}
    assert idx.remove("rewrite") is True
    assert stored_counts(path) == before
    assert band_rows(path) == bands_before
    assert idx.remove("rewrite") is False
    assert "rewrite" not in idx and len(idx) == 2
    assert assert_consistent(path) == ["source", "bakery"]


def test_a_rewrite_of_a_text_stored_many_times_is_still_a_rewrite_of_it(path):
    """An index that stores a text by the dozen (a bulk load of a syndicated story, or
    ``--add all``) counted its words in every copy, so that they weighed like the corpus's most
    common words: its rewrites came out ``related`` (with 300 copies, ``new``).  A sentence
    stored again is counted once, as batch counts it."""
    signed, other, rewrites = signed_copies_and_rewrites()
    with Index(path) as idx:
        idx.add_many(signed + other)
        got = {d.id: d.status for d in map(idx.check, rewrites)}
        assert set(got.values()) <= {"rewrite", "partial"}, got
        # the text's sentences counted once, with each copy's signature and the other articles
        own = dict(db_rows(path, "SELECT id, sentences FROM docs"))
        assert idx.stats()["sentences"] == own["c000"] + 39 + sum(own[d.id] for d in other)
        assert {own[d.id] for d in signed[1:]} == {1}
    assert_consistent(path)


def test_the_index_counts_a_repeated_sentence_once_as_batch_does(path):
    """Fed in batch's stream order (by date, then id), the index holds the sentence and
    document counts of each term that batch's model counts (:func:`dedup.features.counted_units`),
    and the same totals.  (Under ``template_min_docs`` copies: more copies of a line make it
    batch's site boilerplate, which the index, seeing one text at a time, cannot tell.)"""
    extra = ["Reported by the agency's staff in town.", "Storm damage was reported across the region.",
             "Short."]
    docs = [Document(f"copy{k}", SOURCE + "\n\n" + extra[k % 3] + f" Item {k + 10}.", date=f"2024-05-0{9 - k}")
            for k in range(3)]
    docs += [Document("bakery", UNRELATED + "\n" + SOURCE.split(". ")[0] + "."), Document("rewrite", REWRITE)]
    corpus = Corpus(docs, Options())
    model = corpus.model
    assert corpus.stats["repeated_sentences"] > 0
    with Index(path) as idx:
        for k in corpus.stream_order().tolist():
            idx.add(docs[k])
        stored = idx.storage.term_counts(model.terms_)
        documents, sentences = idx.storage.totals()
    assert sentences == model.n_units and documents == len(docs)
    assert stored == {t: (int(model.df_[k]), int(model.doc_df_[k])) for k, t in enumerate(model.terms_)}
    assert_consistent(path)


def test_removing_documents_that_share_sentences_takes_back_what_each_added(path):
    """Each removal takes back the counts its document added: its own sentences and those it
    was the first to hold; in any order of removal the index ends empty."""
    texts = [SOURCE, SOURCE + "\nThe council will meet again next week to decide.", REWRITE,
             REWRITE + "\n" + SOURCE]
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]):
        path.unlink(missing_ok=True)
        with Index(path) as idx:
            before = []
            for k, text in enumerate(texts):
                before.append(stored_counts(path))
                idx.add(Document(f"d{k}", text))
            assert_consistent(path)  # (the counts those of each document's credit)
            want = first_credit(texts)  # the credit a recount in stored order gives
            credit = [c for (c,) in db_rows(path, "SELECT credit FROM docs ORDER BY rowid")]
            assert [_credited(c, len(w)) for c, w in zip(credit, want)] == want and not all(map(all, want))
            # the last one stored takes back exactly what it added
            assert idx.remove("d3") and stored_counts(path) == before[3]
            idx.add(Document("d3", texts[3]))
            for k in order:
                assert idx.remove(f"d{k}")
            assert stored_counts(path) == ({}, {"documents": 0, "sentences": 0})
            assert db_rows(path, "SELECT count(*) FROM units") == [(0,)]


def test_remove_everything_leaves_an_empty_index(idx, path):
    for k in range(5):
        idx.add(Document(f"d{k}", synthetic(k)))
    for k in range(5):
        assert idx.remove(f"d{k}")
    assert db_rows(path, "SELECT count(*) FROM bands") == [(0,)] and band_rows(path) == []
    assert db_rows(path, "SELECT count(*) FROM terms") == [(0,)]
    assert stored_counts(path)[1] == {"documents": 0, "sentences": 0}


def test_a_session_is_one_transaction(idx, path):
    with pytest.raises(RuntimeError):
        with idx.session():
            idx.add(Document("a", SOURCE))
            idx.add(Document("b", UNRELATED))
            raise RuntimeError("boom")
    assert len(idx) == 0 and stored_counts(path) == ({}, {"documents": 0, "sentences": 0})
    with idx.session():
        idx.add(Document("a", SOURCE))
        assert idx.check(Document("b", SOURCE)).status == "duplicate"  # sees its own writes
    assert len(idx) == 1


def _stored(path):
    """What an index holds, term ids resolved to their strings (ids depend on set order)."""
    from dedup import termvec
    names = dict(db_rows(path, "SELECT id, term FROM terms"))
    docs = []
    for rowid, doc_id, text, date, content, keys, sentences, tf in db_rows(
            path, "SELECT rowid, id, text, date, content, keys, sentences, tf FROM docs ORDER BY rowid"):
        ids, counts = termvec.decode(tf)
        key_ids = np.cumsum(termvec.varint_decode(keys).astype(np.int64)).tolist()
        docs.append((rowid, doc_id, text, date, content, sorted(names[k] for k in key_ids), sentences,
                     sorted(zip((names[k] for k in ids.tolist()), counts.tolist()))))
    return docs, stored_counts(path), db_rows(path, "SELECT k, e FROM bands ORDER BY k")


def test_add_many_stores_exactly_what_add_one_by_one_stores(tmp_path):
    docs = ([Document("source", SOURCE), Document("rewrite", REWRITE, date="2025-01-02"),
             Document("bakery", UNRELATED)] + [Document(f"s{k}", synthetic(k % 7)) for k in range(12)])
    one, many = tmp_path / "one.dedup", tmp_path / "many.dedup"
    with Index(one, clock=lambda: 1.0) as a, Index(many, clock=lambda: 1.0) as b:
        for d in docs:
            a.add(d)
        assert b.add_many(docs[:5]) == []
        assert b.add_many(iter(docs[5:])) == []
        probe = Document("probe", REWRITE)
        assert a.check(probe).record() == b.check(probe).record()
    assert _stored(one) == _stored(many)
    assert assert_consistent(many) == [d.id for d in docs]


@pytest.mark.parametrize("jobs", [1, 2])
def test_load_stores_exactly_what_add_one_by_one_stores_for_any_jobs(tmp_path, jobs):
    docs = ([Document("source", SOURCE), Document("rewrite", REWRITE, date="2025-01-02"),
             Document("bakery", UNRELATED)] + [Document(f"s{k}", synthetic(k)) for k in range(20)])
    one, loaded = tmp_path / "one.dedup", tmp_path / "loaded.dedup"
    with Index(one, clock=lambda: 1.0) as a, Index(loaded, clock=lambda: 1.0) as b:
        for d in docs:
            a.add(d)
        got = list(b.load(iter(docs), batch_size=4, jobs=jobs))
        assert [d.id for batch_, _ in got for d in batch_] == [d.id for d in docs]
        assert all(skipped == [] for _, skipped in got) and len(got) == 6
    assert _stored(one) == _stored(loaded)
    assert assert_consistent(loaded) == [d.id for d in docs]


@pytest.mark.parametrize("jobs", [1, 2])
def test_load_stores_every_batch_read_before_a_reading_error(path, jobs):
    def stream():
        for k in range(7):
            yield Document(f"s{k}", synthetic(k))
        raise ValueError("bad item 8")

    stored = []
    with Index(path) as idx:
        with pytest.raises(ValueError, match="bad item 8"):
            for batch_, _ in idx.load(stream(), batch_size=3, jobs=jobs):
                stored.extend(d.id for d in batch_)
    assert stored == [f"s{k}" for k in range(6)]  # the batch the error interrupted is not stored
    assert assert_consistent(path) == stored


@pytest.mark.parametrize("jobs", [1, 2])
def test_load_skips_or_refuses_stored_ids(idx, path, jobs):
    idx.add(Document("a", SOURCE))
    docs = [Document("b", UNRELATED), Document("a", REWRITE), Document("c", synthetic(1))]
    got = list(idx.load(docs, batch_size=2, jobs=jobs, skip_existing=True))
    assert [([d.id for d in b], [d.id for d in s]) for b, s in got] == [(["b", "a"], ["a"]), (["c"], [])]
    assert assert_consistent(path) == ["a", "b", "c"]
    with pytest.raises(DocumentExistsError) as e:
        list(idx.load([Document("d", synthetic(2)), Document("c", REWRITE)], jobs=jobs))
    assert e.value.doc.id == "c" and "d" not in idx


def test_add_many_refuses_or_skips_ids_already_stored_or_repeated(idx, path):
    idx.add(Document("a", SOURCE))
    batch_ = [Document("b", UNRELATED), Document("a", REWRITE), Document("c", synthetic(1)),
              Document("b", synthetic(2))]
    with pytest.raises(DocumentExistsError, match="'a' is already in the index") as e:
        idx.add_many(batch_)
    assert e.value.doc is batch_[1]
    assert len(idx) == 1  # nothing of the batch was written
    with pytest.raises(DocumentExistsError) as e:
        idx.add_many([batch_[0], batch_[3]])
    assert e.value.doc is batch_[3] and len(idx) == 1
    assert idx.add_many(batch_, skip_existing=True) == [batch_[1], batch_[3]]
    assert assert_consistent(path) == ["a", "b", "c"]
    assert idx.add_many([]) == []


def test_add_many_resumed_does_not_analyse_stored_documents_again(idx, monkeypatch):
    idx.add_many([Document("a", SOURCE), Document("b", UNRELATED)])
    analysed = []
    real = idx._analyze
    monkeypatch.setattr(idx, "_analyze", lambda d: analysed.append(d.id) or real(d))
    batch_ = [Document("a", SOURCE), Document("c", REWRITE), Document("b", UNRELATED)]
    assert idx.add_many(batch_, skip_existing=True) == [batch_[0], batch_[2]]
    assert analysed == ["c"] and "c" in idx


def test_index_persists_across_reopen_with_its_options(path):
    with Index(path, Options(link_threshold=0.5, key_terms=24)) as idx:
        idx.add(Document("a", SOURCE))
    with Index(path) as idx:
        assert idx.options.key_terms == 24 and idx.options.link_threshold == 0.5
        assert idx.check(Document("b", SOURCE)).status == "duplicate"
    # scoring options may differ per process, sketch options may not
    with Index(path, Options(link_threshold=0.9, key_terms=24)) as idx:
        assert idx.options.link_threshold == 0.9
    with pytest.raises(OptionsMismatchError, match=r"built with key_terms=24 \(given 32\)"):
        Index(path, Options())


def test_an_invalid_option_value_is_a_value_error_naming_it(path):
    """A value the options refuse (as ``dedup batch --set`` refuses it) is a ValueError naming
    the option, a wrong type a TypeError, as Options gives them: not OptionsMismatchError (a
    StorageError, for options that conflict with the ones the index was built with)."""
    fresh = path.with_name("fresh.dedup")
    for changes, error, name in (({"link_threshold": 5}, ValueError, "link_threshold"),
                                 ({"num_perm": 1}, ValueError, "num_perm"),
                                 ({"lsh_bands": 7}, ValueError, "lsh_bands"),
                                 ({"near_duplicate": "high"}, TypeError, "near_duplicate")):
        with pytest.raises(error, match=f"Options.{name}=") as e:
            Index(fresh, changes=changes)
        assert not isinstance(e.value, StorageError), changes
    Index(path, Options(num_perm=128, lsh_bands=64)).close()
    for changes, error, name in (({"link_threshold": 5}, ValueError, "link_threshold"),
                                 ({"near_duplicate": "high"}, TypeError, "near_duplicate")):
        with pytest.raises(error, match=f"Options.{name}=") as e:
            Index(path, changes=changes)
        assert not isinstance(e.value, StorageError), changes
    # a structural change that differs from the index's own is a conflict with them, even
    # one that the index's other options make invalid (256 bands of its 128 permutations)
    with pytest.raises(OptionsMismatchError, match=r"built with lsh_bands=64 \(given 256\)"):
        Index(path, changes={"lsh_bands": 256})


def test_changes_apply_on_top_of_the_stored_options(path):
    with Index(path, Options(link_threshold=0.5, key_terms=24)) as idx:
        idx.add(Document("a", SOURCE))
    with Index(path, changes={"near_duplicate": 0.8}) as idx:
        assert (idx.options.key_terms, idx.options.link_threshold, idx.options.near_duplicate) == (24, 0.5, 0.8)
    with Index(path, changes={"key_terms": 24}) as idx:  # structural, and the same: fine
        assert idx.options.key_terms == 24
    with pytest.raises(OptionsMismatchError, match=r"built with key_terms=24 \(given 16\)"):
        Index(path, changes={"key_terms": 16})
    with pytest.raises(ValueError, match="link_threshold") as e:  # an invalid value: one clear error
        Index(path, changes={"link_threshold": 7.0})
    assert not isinstance(e.value, StorageError)  # (a bad value, not a conflict with the index)
    fresh = path.with_name("fresh.dedup")
    with Index(fresh, changes={"key_terms": 16}) as idx:  # a new index: on top of the defaults
        assert idx.options.key_terms == 16
    with Index(fresh) as idx:
        assert idx.options.key_terms == 16


def test_evict_by_date_else_ingest_time(path):
    now = [datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc).timestamp()]
    with Index(path, clock=lambda: now[0]) as idx:
        idx.add(Document("dated-old", synthetic(1), date="2025-01-01"))
        idx.add(Document("dated-new", synthetic(2), date="2025-02-25T12:00:00Z"))
        idx.add(Document("undated", synthetic(3)))  # ingested "now" (March 1st)
        now[0] += 20 * 86400  # three weeks later
        idx.add(Document("undated-late", synthetic(4)))
        assert idx.evict(older_than=datetime.timedelta(days=30)) == 1  # dated-old only
        assert "dated-old" not in idx and len(idx) == 3
        assert idx.evict(older_than=datetime.timedelta(days=10)) == 2  # dated-new, undated
        assert [d for d in ("dated-new", "undated", "undated-late") if d in idx] == ["undated-late"]
        assert idx.evict(older_than=datetime.datetime(2100, 1, 1)) == 1
        assert len(idx) == 0
        with pytest.raises(TypeError):
            idx.evict(older_than="30d")
        idx.add(Document("kept", synthetic(5)))
        for bad in (datetime.timedelta(days=-1), float("nan"), float("inf"), 10 ** 400):
            with pytest.raises(ValueError):  # a window into the future would remove everything
                idx.evict(older_than=bad)  # (10 ** 400 was an OverflowError from float())
        # an epoch time as numpy gives it, an integer too (numpy.int64 was a TypeError,
        # numpy.float64 taken)
        assert idx.evict(older_than=np.int64(now[0] - 86400)) == idx.evict(older_than=np.float64(0)) == 0
        with pytest.raises(ValueError, match="batch_size"):
            idx.evict(older_than=datetime.timedelta(0), batch_size=0)  # it looped forever
        assert "kept" in idx


def test_the_index_api_checks_its_arguments(idx):
    idx.add(Document("a", SOURCE))
    for bad in (["a"], None, 5):
        with pytest.raises(TypeError, match="must be a str"):
            idx.remove(bad)
    with pytest.raises(TypeError, match="add=None"):
        idx.check_and_add(Document("b", REWRITE), add=None)
    for call in (idx.add, idx.check, idx.check_and_add):
        with pytest.raises(ValueError, match="lone surrogate"):
            call(Document("b\udfff", REWRITE))
    # such an id is never stored: remove refuses it as add does, and it is not in the index
    # (both were a UnicodeEncodeError from storage)
    with pytest.raises(ValueError, match="lone surrogate"):
        idx.remove("b\udfff")
    assert "b\udfff" not in idx
    assert len(idx) == 1 and "a" in idx


def test_in_takes_an_id_as_remove_does(idx):
    """``x in idx`` asks about an id as :meth:`Index.remove` does: a value that is not a str
    is a TypeError (``3 in idx`` was False while ``idx.remove(3)`` was a TypeError, a
    Document a StorageError from SQLite), while a str that no stored id can be (a lone
    surrogate, which add refuses) is simply not in the index."""
    idx.add(Document("3", SOURCE))
    for bad in (3, None, b"3", 3.0, ["3"], Document("3", SOURCE)):
        with pytest.raises(TypeError, match="an id must be a str"):
            bad in idx
        with pytest.raises(TypeError, match="an id must be a str"):
            idx.remove(bad)
    assert "3" in idx and "b\udfff" not in idx and len(idx) == 1


def test_evict_works_in_batches(path):
    with Index(path, clock=lambda: 1000.0) as idx:
        for k in range(7):
            idx.add(Document(f"d{k}", synthetic(k, 3)))
        assert idx.evict(older_than=2000.0, batch_size=3) == 7
        assert len(idx) == 0


def test_stats(idx):
    idx.add(Document("a", SOURCE, date="2024-05-01"))
    s = idx.stats()
    assert s["documents"] == 1 and s["terms"] > 10 and s["sentences"] > 1
    assert s["oldest"] == date_epoch("2024-05-01") and s["bytes"] > 0
    assert s["schema_version"] == SCHEMA_VERSION and s["options"]["num_perm"] == 256


def test_text_is_stored_compressed_not_pickled(idx, path):
    import zlib

    idx.add(Document("a", SOURCE))
    (blob,) = db_rows(path, "SELECT text FROM docs")[0]
    assert zlib.decompress(bytes(blob)).decode("utf-8") == SOURCE and len(blob) < len(SOURCE.encode())
    assert not bytes(blob).startswith(b"\x80")  # not a pickle
    idx.close()  # the write is in the -wal file until a checkpoint: look at every byte on disk
    on_disk = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert SOURCE.encode() not in on_disk and SOURCE.split(".")[0].encode() not in on_disk


# --- bad files ---------------------------------------------------------------------

def test_a_text_file_is_not_an_index(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello\n")
    with pytest.raises(NotAnIndexError, match="not a dedup index \\(not an SQLite database\\)"):
        Index(p)
    assert p.read_text() == "hello\n"  # untouched


def test_a_foreign_sqlite_database_is_not_an_index(tmp_path):
    p = tmp_path / "other.db"
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE people (name TEXT)")
    c.commit()
    c.close()
    with pytest.raises(NotAnIndexError, match="an SQLite database, but not a dedup index"):
        Index(p)


def test_a_corrupt_index_gives_a_clear_error(path):
    with Index(path) as idx:
        for k in range(30):
            idx.add(Document(f"d{k}", synthetic(k, 20)))
    data = bytearray(path.read_bytes())
    assert len(data) > 8192
    data[4096:] = b"\xff" * (len(data) - 4096)  # keep the header, wreck every page after it
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as e:
        with Index(path) as idx:
            idx.check(Document("x", synthetic(1, 20)))
            idx.stats()
    assert "\n" not in str(e.value) and str(path) in str(e.value)


def _index_with_schema_version(path, version):
    Index(path).close()
    c = sqlite3.connect(path)
    c.execute(f"PRAGMA user_version={version}")
    c.commit()
    c.close()


def test_a_newer_schema_is_refused(path):
    _index_with_schema_version(path, SCHEMA_VERSION + 1)
    with pytest.raises(NotAnIndexError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Index(path)


def test_missing_index_without_create(tmp_path):
    with pytest.raises(StorageError, match="no such index"):
        Index(tmp_path / "none.dedup", create=False)
    assert not (tmp_path / "none.dedup").exists()
    with pytest.raises(StorageError, match="no such directory"):
        Index(tmp_path / "no" / "dir.dedup")


def test_a_location_is_a_str_a_path_or_bytes(tmp_path):
    """Index takes a location as os functions take a path (bytes failed inside
    open_storage with "a bytes-like object is required, not 'str'")."""
    p = tmp_path / "i.dedup"
    with Index(p) as idx:
        idx.add(Document("a", SOURCE))
    for location in (str(p), p, bytes(p)):
        with Index(location, create=False) as idx:
            assert len(idx) == 1 and idx.location == str(p)
    for bad in (None, 5):
        with pytest.raises(TypeError, match="str, bytes or os.PathLike"):
            Index(bad)


def test_an_empty_file_becomes_an_index(tmp_path):
    p = tmp_path / "empty.dedup"
    p.write_bytes(b"")
    with Index(p) as idx:
        idx.add(Document("a", SOURCE))
    with Index(p) as idx:
        assert len(idx) == 1


def test_a_closed_index_refuses_every_use(path):
    index = Index(path)
    index.add(Document("a", SOURCE))
    index.close()
    for use in (lambda: index.add(Document("b", UNRELATED)), lambda: index.check(Document("b", UNRELATED)),
                lambda: index.remove("a"), lambda: len(index),
                # in worker processes too (they opened the location again and answered)
                lambda: list(index.check_many([Document("b", SOURCE)], jobs=2))):
        with pytest.raises(StorageError):
            use()
    with Index(path, create=False) as again:
        assert len(again) == 1


def test_constructor_validates_arguments(path):
    with pytest.raises(ValueError, match="max_candidates"):
        Index(path, max_candidates=0)
    with pytest.raises(TypeError, match="dedup.Document"):
        with Index(path) as idx:
            idx.check({"id": "a", "text": "x"})
    # options that are not an Options are a TypeError, as for batch (a dict was an
    # AttributeError from inside), and changes must be a mapping (a str was a ValueError
    # about a "dictionary update sequence")
    with pytest.raises(TypeError, match="dedup.Options"):
        Index(path, {"link_threshold": 0.3})
    with pytest.raises(TypeError, match="changes must be a mapping"):
        Index(path, changes="link_threshold=0.3")
    # a location that is no path names the argument (os.fsdecode's "expected str, bytes or
    # os.PathLike object" did not), and a batch_size of the wrong type is a TypeError
    for location in (None, 5):
        with pytest.raises(TypeError, match="location=.*must be a path"):
            Index(location)
    with Index(path) as idx:
        with pytest.raises(TypeError, match="batch_size=None"):
            idx.evict(older_than=datetime.timedelta(days=1), batch_size=None)
    # jobs that is not an int is a TypeError naming it (2.0 failed in multiprocessing's
    # semaphore, None in a comparison)
    with Index(path) as idx:
        for jobs in (None, 2.0):
            with pytest.raises(TypeError, match=f"jobs={jobs!r}: must be an int"):
                list(idx.check_many([Document("b", SOURCE)], jobs=jobs))
            with pytest.raises(TypeError, match=f"jobs={jobs!r}: must be an int"):
                list(idx.load([Document("b", SOURCE)], jobs=jobs))
        assert len(idx) == 0


def test_constructor_checks_each_keyword_before_any_file_is_made(tmp_path):
    """A keyword argument of the wrong type is a TypeError naming it, a bad value a
    ValueError, raised before the index is opened (None as max_candidates failed in a
    comparison, "3" as timeout inside sqlite3; a clock of 3 or cache_prepared=-1 were taken,
    and create="no" created the index)."""
    path = tmp_path / "never.dedup"
    for kwargs, error in (({"max_candidates": None}, TypeError), ({"max_candidates": 2.5}, TypeError),
                          ({"max_matches": "3"}, TypeError), ({"cache_prepared": None}, TypeError),
                          ({"cache_prepared": -1}, ValueError), ({"timeout": "3"}, TypeError),
                          ({"timeout": None}, TypeError), ({"timeout": -1}, ValueError),
                          ({"timeout": float("nan")}, ValueError), ({"clock": 3}, TypeError),
                          ({"create": "no"}, TypeError), ({"readonly": "no"}, TypeError)):
        name = next(iter(kwargs))
        with pytest.raises(error, match=f"^{name}="):
            Index(path, **kwargs)
        assert not path.exists(), kwargs
    # numbers of numpy's types are numbers
    with Index(path, max_candidates=np.int64(5), timeout=np.float64(1.0), cache_prepared=np.int32(0)) as idx:
        assert idx.max_candidates == 5 and type(idx.max_candidates) is int


def test_an_older_schema_is_refused_with_a_rebuild_hint(path):
    _index_with_schema_version(path, SCHEMA_VERSION - 1)
    with pytest.raises(NotAnIndexError, match=f"schema version {SCHEMA_VERSION - 1}.*older dedup.*dedup index add"):
        Index(path)


def test_packed_band_entries_round_trip():
    from dedup.storage import BAND_KEY_BITS, band_entries, band_row
    rng = random.Random(5)
    for _ in range(2000):
        key, doc = rng.getrandbits(47), rng.choice([1, 2 ** 16 - 1, 2 ** 16, 2 ** 20 + 7, rng.getrandbits(33)])
        row, entry = band_row(key, doc)
        assert len(entry) == 5
        assert list(band_entries(row, entry)) == [(key & (2 ** BAND_KEY_BITS - 1), doc)]


def test_a_connection_keeps_a_page_cache_of_page_cache_kib(tmp_path):
    from dedup.storage import PAGE_CACHE_KIB, open_storage
    s = open_storage(tmp_path / "c.dedup")
    assert s.conn.execute("PRAGMA cache_size").fetchone()[0] == -PAGE_CACHE_KIB
    s.close()
    again = open_storage(tmp_path / "c.dedup", create=False)  # an existing file too
    assert again.conn.execute("PRAGMA cache_size").fetchone()[0] == -PAGE_CACHE_KIB
    again.close()


def test_buckets_span_rowid_blocks(tmp_path):
    from dedup.storage import DocRecord, open_storage
    s = open_storage(tmp_path / "b.dedup")
    rowids = []
    with s.write():
        for k, at in enumerate([None, 70_000, None, 200_000]):
            if at is not None:  # jump ahead: the next rowid is in a later block of 65,536
                s.conn.execute("INSERT INTO docs (rowid, id, text, ingested, time, keys, sentences, tf) "
                               "VALUES (?, ?, x'', 0, 0, '', 0, x'')", (at, f"gap{k}"))
            rowids.append(s.insert(DocRecord(f"d{k}", "x", None, 0.0, 0.0, None, [], 0),
                                   [7, 2 ** 40 + 7, 9 + k], {}, 0))
    assert rowids[1] > 2 ** 16 and rowids[3] > 3 * 2 ** 16
    got = s.buckets([7, 2 ** 40 + 7, 9, 12, 13], limit=10)
    assert got == {7: rowids, 2 ** 40 + 7: rowids, 9: rowids[:1], 12: rowids[3:]}
    assert s.buckets([7], limit=2) == {7: rowids[:2]}
    with s.write():
        s.remove(DocRecord("d1", "x", None, 0.0, 0.0, None, [], 0, rowids[1]), [7, 2 ** 40 + 7, 10], {}, 0)
    assert s.buckets([7, 10], limit=10) == {7: [rowids[0], rowids[2], rowids[3]]}
    s.close()


# --- stored term vectors ----------------------------------------------------------

def test_documents_without_key_terms_are_the_same_records(idx):
    idx.add_many([Document(f"syn{k}", synthetic(k), date="2024-01-0%d" % (k + 1)) for k in range(4)])
    full = idx.storage.documents([4, 2, 3, 99])
    bare = idx.storage.documents([4, 2, 3, 99], keys=False)
    assert [r.rowid for r in full] == [2, 3, 4] and all(r.keys for r in full)
    assert [replace(r, keys=[]) for r in full] == bare


def test_the_incoming_sentences_as_stage_one_made_them(idx):
    """The words and terms _analysis keeps are the ones passages.Sentences makes."""
    from dedup import index as index_module
    from dedup import passages
    a = index_module._analysis(Document("x", synthetic(1) + "\n\nAnother line. And one more."), idx.options)
    made = passages.SentenceIndex(idx.options).get(a.prepared)
    assert made.words == a.sentence_words and made.terms == a.sentence_terms
    assert idx._analyze_to_store(Document("y", synthetic(2))).sentence_terms is None


def _reference_model(idx, a, tv):
    """The model the filter built before term vectors were stored: every candidate's text
    prepared again and the model fitted from the stored counts on the term lists."""
    from dedup import features, normalize, passages
    recs = {r.rowid: r for r in idx.storage.documents(tv.rowids)}
    lists = [list(a.tf.elements())]
    for rowid in tv.rowids:
        p = normalize.finalize(normalize.analyze(Document(recs[rowid].id, recs[rowid].text)))
        lists.append([t for w in passages.sentence_words(p) for t in features.terms(w, idx.options.stem_chars)])
    vocab = {t for ts in lists for t in ts}
    stored = idx.storage.term_counts(vocab)
    unit_df = {t: stored.get(t, (0, 0))[0] + a.delta.get(t, (0, 0))[0] for t in vocab}
    return score.model_from_counts(unit_df, idx.storage.totals()[1] + a.sentences, lists)


def test_stored_term_vectors_weigh_candidates_exactly_as_their_prepared_texts(idx):
    docs = [Document("source", SOURCE), Document("bakery", UNRELATED)]
    docs += [Document(f"s{k}", synthetic(k % 4, 6 + k)) for k in range(8)]
    for d in docs:
        idx.add(d)
    for incoming in [Document("x", REWRITE), Document("y", synthetic(2, 9)), Document("z", SOURCE)]:
        a = idx._analyze(incoming)
        idx._sketch(a)
        tv = idx.storage.term_vectors(range(1, 20))
        assert len(tv.rowids) == len(docs)
        got, want = idx._model(a, tv), _reference_model(idx, a, tv)
        assert got.terms_ == want.terms_
        assert np.array_equal(got.idf_, want.idf_)  # bit for bit, not approximately
        assert (got.matrix_ != want.matrix_).nnz == 0
        assert np.array_equal(got.matrix_.indices, want.matrix_.indices)


def test_term_vectors_leave_out_missing_documents(idx):
    idx.add(Document("a", SOURCE))
    idx.add(Document("b", UNRELATED))
    idx.remove("a")
    tv = idx.storage.term_vectors([1, 2, 3])
    assert tv.rowids == [2] and len(tv.indptr) == 2
    assert idx.storage.term_vectors([]).rowids == []


def test_a_corrupt_term_vector_is_a_clear_error(path):
    with Index(path) as idx:
        idx.add(Document("a", SOURCE))
    c = sqlite3.connect(path)
    c.execute("UPDATE docs SET tf = x'00ff'")
    c.commit()
    c.close()
    with Index(path) as idx, pytest.raises(NotAnIndexError, match="corrupt term vector of document 'a'"):
        idx.check(Document("b", SOURCE))


@pytest.mark.parametrize("value", ["'many'", "NULL", "x'00'", "-100"])
@pytest.mark.parametrize("key", ["documents", "sentences"])
def test_corrupt_totals_are_a_clear_error(path, key, value):
    """A count in the meta table that no dedup writes (a hand-edited or damaged file): a
    ValueError / TypeError traceback in stats, add and evict, a math domain error in a
    check; now NotAnIndexError, as the Redis back end reports it."""
    with Index(path) as idx:
        idx.add(Document("a", SOURCE))
    c = sqlite3.connect(path)
    c.execute(f"UPDATE meta SET value = {value} WHERE key = ?", (key,))
    c.commit()
    c.close()
    with Index(path) as idx:
        for call in (idx.stats, lambda: idx.check(Document("b", REWRITE)), lambda: idx.add(Document("b", REWRITE))):
            with pytest.raises(NotAnIndexError, match=f"{path}: corrupt totals"):
                call()


def test_key_terms_are_stored_as_term_ids_and_come_back_as_terms(idx):
    a = idx._analyze(Document("a", SOURCE))
    idx._sketch(a)  # what add() computes, on the same (empty) index
    idx.add(Document("a", SOURCE))
    rec = idx.storage.get("a")
    assert sorted(rec.keys) == sorted(a.keys) and len(a.keys) == idx.options.key_terms
    assert band_keys(rec.keys, idx.options) == band_keys(a.keys, idx.options)  # a set: order is free
    (blob,) = db_rows(idx.location, "SELECT keys FROM docs")[0]
    assert isinstance(blob, bytes) and len(blob) < 3 * len(rec.keys)


def _vectors(storage, rowids=range(1, 40)):
    tv = storage.term_vectors(rowids)
    return tv.rowids, {t: int(n) for t, n in zip(tv.terms, tv.unit_df)}


def test_the_term_cache_never_serves_counts_another_process_changed(path):
    with Index(path) as writer:
        writer.add(Document("source", SOURCE))
        writer.add(Document("s1", synthetic(1)))
    with Index(path) as reader, Index(path) as writer:
        first = _vectors(reader.storage)
        assert len(reader.storage._terms) > 0  # cached
        writer.add(Document("again", SOURCE))  # another connection commits: counts double
        with Index(path) as fresh:
            want = _vectors(fresh.storage)
        assert _vectors(reader.storage) == want != first
        d = reader.check(Document("x", REWRITE))
        with Index(path) as fresh:
            assert fresh.check(Document("x", REWRITE)).record() == d.record()


def test_the_term_cache_forgets_own_writes_rolled_back(path):
    with Index(path) as idx:
        idx.add(Document("source", SOURCE))
        before = _vectors(idx.storage)
        with pytest.raises(RuntimeError):
            with idx.session():
                idx.add(Document("again", SOURCE))
                assert _vectors(idx.storage) != before  # sees its own uncommitted counts
                raise RuntimeError("stop")
        assert _vectors(idx.storage) == before


def test_the_term_cache_is_bounded():
    from dedup.storage import TermCache
    c = TermCache(10)
    for k in range(1000):
        c.put(k, (str(k), k))
        assert len(c) <= 10
        if k >= 1:
            assert c.get(k - 1) == (str(k - 1), k - 1)  # the newest entries stay
    assert c.get(0) is None
    off = TermCache(0)
    off.put(1, ("a", 1))
    assert off.get(1) is None and len(off) == 0


def test_the_term_cache_gets_many_as_one_by_one():
    from dedup.storage import TermCache
    a, b = TermCache(8), TermCache(8)
    for k in range(6):
        a.put(k, (str(k), k))
        b.put(k, (str(k), k))
    keys = [5, 0, 9, 3, 5]
    assert a.get_many(keys) == [b.get(k) for k in keys] == [("5", 5), ("0", 0), None, ("3", 3), ("5", 5)]
    assert len(a) <= 8 and len(b) <= 8
    assert (a.hits, a.misses) == (b.hits, b.misses) == (4, 1)  # a hit in the newer generation counts too


def test_the_term_cache_promotes_many_within_its_bound():
    from dedup.storage import TermCache
    c = TermCache(10)
    for k in range(9):
        c.put(k, (str(k), k))  # 0-4 went to the older generation, 5-8 are in the newer one
    assert c.get_many(list(range(12))) == [(str(k), k) for k in range(9)] + [None] * 3
    assert (c.hits, c.misses) == (9, 3)
    assert len(c) <= 10 + 12  # the size, plus one call's keys at most
    assert c.get_many([0, 1]) == [("0", 0), ("1", 1)]  # promoted: still there
    for k in range(100, 200):
        c.get_many([k, k + 1000])
        assert len(c) <= 10 + 2


def test_the_term_id_cache_looks_up_many_as_one_by_one_within_its_bound():
    from dedup.storage import TermIdCache
    c = TermIdCache(4)  # 8 slots: an id is kept until a later one of its slot (id % 8) is put
    for k in range(20):
        c.put(k, (str(k), k))
        assert len(c) <= 8
    keys = [19, 12, 11, 3, 40, 19]
    names, counts = c.lookup(np.array(keys))
    assert names == ["19", "12", None, None, None, "19"] and counts.tolist() == [19, 12, -1, -1, -1, 19]
    assert c.get_many(keys) == [c.get(k) for k in keys] == [("19", 19), ("12", 12), None, None, None, ("19", 19)]
    c.add([(19, 5), (3, 7)])  # a count of this process's own write: only a cached id's changes
    assert c.get(19) == ("19", 24) and c.get(3) is None
    assert dict(c.items())[19] == ("19", 24) and len(c.items()) == len(c) == 8
    c.clear()
    assert len(c) == 0 and c.get(19) is None
    off = TermIdCache(0)
    off.put(1, ("a", 1))
    assert off.get(1) is None and len(off) == 0 and off.lookup(np.array([1]))[0] == [None]


# --- the candidate screen -------------------------------------------------------------

def _seed_docs():
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "seeds"
    return [Document(p.stem, p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.txt"))]


def test_screen_cosines_equal_the_models_and_decisions_do_not_depend_on_it(path, monkeypatch):
    """The screen weighs candidates as the model does (to float rounding), and dropping the
    candidates it finds below link_threshold changes no decision."""
    seeds = _seed_docs()
    with Index(path) as index:
        index.add_many(seeds[1:] + [Document(f"syn{k}", synthetic(k)) for k in range(20)]
                       + [Document("source", SOURCE), Document("bakery", UNRELATED)])
        incoming = [seeds[0], Document("rewrite", REWRITE), Document("syn-new", synthetic(99))]
        compared = 0
        for doc in incoming:
            a = index._analyze(doc)
            with index.storage.read():
                index._sketch(a)
                tv = index.storage.term_vectors(range(1, len(index) + 1))
                model = index._model(a, tv)
                cosines = np.asarray((model.matrix_[1:] @ model.matrix_[0].T).todense()).ravel()
                assert np.allclose(index._screen(a, tv), cosines, rtol=0, atol=1e-12)
                compared += len(cosines)
        assert compared == 3 * len(index)
        screened = [index.check(d).record() for d in incoming]
        monkeypatch.setattr(Index, "_screen", lambda self, a, tv, *incoming: np.ones(len(tv.rowids)))
        assert [index.check(d).record() for d in incoming] == screened
    assert screened[0]["status"] != "new" and screened[1]["status"] != "new"


def _screen_index(index):
    seeds = _seed_docs()
    index.add_many(seeds[1:] + [Document(f"syn{k}", synthetic(k)) for k in range(20)]
                   + [Document("source", SOURCE), Document("bakery", UNRELATED)])
    return [seeds[0], Document("rewrite", REWRITE), Document("syn-new", synthetic(99)),
            Document("mix", synthetic(3) + synthetic(4))]


def test_term_vectors_leave_unresolved_only_terms_neither_cached_nor_asked_for(path):
    from dedup.storage import TermCache
    with Index(path) as index:
        incoming = _screen_index(index)
        s = index.storage
        s._terms = TermCache(0)  # nothing cached: every term outside `resolve` may stay unresolved
        rowids = range(1, len(index) + 1)
        for doc in incoming:
            a = index._analyze(doc)
            with s.read():
                index._sketch(a)  # reads the counts of the incoming text's terms
                full = s.term_vectors(rowids)
                lazy = s.term_vectors(rowids, resolve=a.tf)
            bare = s.term_vectors(rowids, resolve=a.tf)  # outside a transaction: looked up again
            for tv in (lazy, bare):
                assert tv.rowids == full.rowids and len(tv.terms) == len(full.terms)
                for name in ("indptr", "cols", "tf"):
                    assert np.array_equal(getattr(tv, name), getattr(full, name))
                gone = [j for j, t in enumerate(tv.terms) if t is None]
                assert gone and tv.unresolved == len(gone)
                assert all(tv.unit_df[j] == -1 for j in gone)
                assert not {full.terms[j] for j in gone} & set(a.tf)  # the incoming text's are all there
                assert all((t, tv.unit_df[j]) == (full.terms[j], full.unit_df[j])
                           for j, t in enumerate(tv.terms) if t is not None)
            assert lazy.terms == bare.terms
        assert s.term_vectors(rowids).unresolved == 0


def test_resolved_subset_is_the_subset_read_again(path):
    """Storage.resolved of a subset of lazily read vectors looks up only the unresolved terms
    and gives exactly what reading those documents again, whole, gives."""
    from dedup.storage import TermCache
    with Index(path) as index:
        incoming = _screen_index(index)
        s = index.storage
        s._terms = TermCache(0)
        rowids = range(1, len(index) + 1)
        for doc in incoming:
            a = index._analyze(doc)
            with s.read():
                index._sketch(a)
                lazy = s.term_vectors(rowids, resolve=a.tf)
                keep = list(range(0, len(lazy.rowids), 3))
                got = s.resolved(lazy.subset(keep))
                again = s.term_vectors([lazy.rowids[k] for k in keep])
            assert lazy.unresolved and got.unresolved == 0
            assert got.rowids == again.rowids and got.terms == again.terms
            for name in ("unit_df", "indptr", "cols", "tf", "ids"):
                assert np.array_equal(getattr(got, name), getattr(again, name)), name


def test_unresolved_terms_bound_the_screen_from_above_and_change_no_decision(path, monkeypatch):
    """A cosine with the unresolved terms at their lowest IDF is never below the true one
    (and equal for a candidate with none), so the candidates the bound drops are ones the
    screen drops: checks decide exactly as when every term is read."""
    from dedup.storage import SQLiteStorage, TermCache
    with Index(path) as index:
        incoming = _screen_index(index)
        index.storage._terms = TermCache(0)
        for doc in incoming:
            a = index._analyze(doc)
            with index.storage.read():
                index._sketch(a)
                full = index.storage.term_vectors(range(1, len(index) + 1))
                lazy = index.storage.term_vectors(range(1, len(index) + 1), resolve=a.tf)
            exact, bound = index._screen(a, full), index._screen(a, lazy)
            assert np.all(bound >= exact - 1e-12)
            rows = np.repeat(np.arange(len(lazy.rowids)), np.diff(lazy.indptr))
            none = np.bincount(rows, weights=lazy.unit_df[lazy.cols] < 0, minlength=len(lazy.rowids)) == 0
            assert np.array_equal(bound[none], exact[none]) and not none.all()
        bounded = [index.check(d).record() for d in incoming]
        assert index.counters["bounded_out"] > 0
        read_all = SQLiteStorage.term_vectors
        monkeypatch.setattr(SQLiteStorage, "term_vectors", lambda self, rowids, resolve=None: read_all(self, rowids))
        assert [index.check(d).record() for d in incoming] == bounded
    assert [r["status"] != "new" for r in bounded[:2]] == [True, True]


def test_term_vectors_subset_keeps_each_documents_terms_and_counts(idx):
    idx.add_many([Document(f"syn{k}", synthetic(k)) for k in range(5)])
    with idx.storage.read():
        tv = idx.storage.term_vectors(range(1, 6))
    sub = tv.subset([1, 3])

    def vectors(v):
        return {r: {v.terms[c]: int(n) for c, n in zip(v.cols[v.indptr[k]:v.indptr[k + 1]],
                                                        v.tf[v.indptr[k]:v.indptr[k + 1]])}
                for k, r in enumerate(v.rowids)}
    full = vectors(tv)
    assert vectors(sub) == {r: full[r] for r in (tv.rowids[1], tv.rowids[3])}
    assert sorted(set(sub.terms)) == sorted(set(t for r in sub.rowids for t in full[r]))
    df = dict(zip(tv.terms, tv.unit_df.tolist()))
    assert dict(zip(sub.terms, sub.unit_df.tolist())) == {t: df[t] for t in sub.terms}


def test_a_stored_text_keeps_its_unpaired_surrogates(idx):
    """A JSON "\\ud83d" (half an emoji) is stored and read back as it came (UTF-8 has no
    bytes for it: the back end stores it as its surrogate code units)."""
    text = "Sign up for our newsletter \ud83d\n" + SOURCE + "\n\udc00"
    idx.add(Document("half", text))
    with idx.storage.read():
        assert idx.storage.get("half").text == text
    d = idx.check(Document("copy", SOURCE + " \ud800"))
    assert d.status == "duplicate" and d.parent == "half"


def test_an_insertion_keeps_the_term_cache_and_its_counts_true(path):
    """The cached term counts follow this process's own insertions (an ingest stream keeps
    the cache warm) and always equal the stored ones; a rollback or removal drops them."""
    with Index(path) as index:
        index.add_many([Document(f"syn{k}", synthetic(k)) for k in range(6)])
        index.check(Document("probe", synthetic(1) + synthetic(2)))  # fills the cache
        cache = index.storage._terms
        before = len(cache)
        assert before > 0
        index.add(Document("more", synthetic(1) + synthetic(3)))  # shares terms with cached ones
        assert len(cache) == before

        def stored():
            return {i: (t, n) for i, t, n in db_rows(path, "SELECT id, term, sentences FROM terms")}
        cached = dict(cache.items())
        assert cached and all(stored()[i] == v for i, v in cached.items())
        index.remove("more")
        assert len(cache) == 0


def test_a_checking_process_never_imports_scikit_learn_datasketch_or_scipy_cluster(path):
    """They cost ~0.8 s of start-up and ~70 MiB of RSS together, and the filter's checks
    need none of them (``TfidfModel.fit``, the datasketch reference paths and the batch's
    story cut import them when they run): a fresh process imports dedup, adds, checks and
    lists what it loaded."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, json\n"
        "from dedup import Document, Index\n"
        "from dedup.cli import main\n"
        f"with Index({str(path)!r}) as idx:\n"
        f"    idx.add(Document('a', {SOURCE!r}))\n"
        f"    d = idx.check(Document('b', {REWRITE!r}))\n"
        "heavy = {'sklearn', 'datasketch', 'scipy.cluster', 'scipy.spatial'}\n"
        "print(json.dumps([d.status, sorted(m for m in sys.modules if m in heavy)]))\n"
    )
    repo = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)})
    status, heavy = json.loads(out.stdout)
    assert status != "new" and heavy == []


NOTICE = ("Medco Containment Services Inc said its board declared an initial annual dividend of ten cts per "
          "share, its first payout, payable to holders of record later this month.\n"
          "Medco Containment said the payout reflects strong results at its Fair Lawn headquarters and its mail "
          "order unit.\nChairman Martin Wygod said Medco Containment expects further growth next year.")
OTHER_NOTICE = NOTICE.replace("Medco Containment Services", "Davis Water and Waste Industries").replace(
    "Medco Containment", "Davis Water").replace("Fair Lawn", "Thomasville").replace(
    "mail order", "pipe supply").replace("Martin Wygod", "Raymond Davis")
NOTICE_REWRITE = ("Medco Containment Services Inc will pay its first dividend ever, an annual ten cents a share, its "
                  "board said.\nShareholders of record later this month will receive the payout, which Medco "
                  "Containment tied to its mail order unit and to strong results at the Fair Lawn headquarters.\n"
                  "More growth is expected next year, Chairman Martin Wygod said.")


@pytest.mark.parametrize("name_overlap,other,rewrite", [(0.4, "related", "rewrite"), (0.0, "rewrite", "rewrite")])
def test_a_notice_about_another_company_is_related_and_a_rewrite_keeping_the_names_derived(
        path, name_overlap, other, rewrite):
    """The same template about another company (other names, 48% of the 5-grams kept) is
    `related`; a rewrite that keeps the names is derived; batch and the filter agree; the
    test off (``name_overlap`` 0), both are derived."""
    opts = Options(name_overlap=name_overlap)
    with Index(path, opts) as idx:
        idx.add(Document("medco", NOTICE))
        got = [idx.check(Document("davis", OTHER_NOTICE)), idx.check(Document("again", NOTICE_REWRITE))]
    assert [d.status for d in got] == [other, rewrite]
    for incoming, want in ((OTHER_NOTICE, other), (NOTICE_REWRITE, rewrite)):
        result = batch([Document("medco", NOTICE), Document("x", incoming)], opts)
        (story,) = [c for c in result.clusters if len(c.members) == 2]
        assert [m.relation for m in story.members if m.role == "derivative"] == [want]


def test_screen_cosines_equal_the_models_in_an_index_of_few_sentences(path):
    """Below idf_prior_docs sentences too: similarity's IDF has no prior (only the key terms'
    document-level IDF is shrunk), so the screen must not shrink it either."""
    with Index(path) as index:
        index.add_many([Document("source", SOURCE), Document("bakery", UNRELATED)])
        for doc in (Document("rewrite", REWRITE), Document("syn-new", synthetic(99))):
            a = index._analyze(doc)
            with index.storage.read():
                index._sketch(a)
                assert a.stored_sentences + a.sentences < index.options.idf_prior_docs
                tv = index.storage.term_vectors(range(1, len(index) + 1))
                model = index._model(a, tv)
                cosines = np.asarray((model.matrix_[1:] @ model.matrix_[0].T).todense()).ravel()
                assert np.allclose(index._screen(a, tv), cosines, rtol=0, atol=1e-12)


def _dividend_notices(count: int) -> list[Document]:
    """``count`` notices of one template about other companies: other names, other figures."""
    rng = np.random.default_rng(7)
    months = ["March", "April", "May", "June", "July"]
    docs = []

    def word():
        return "".join(rng.choice(list("bcdfgklmnprstvz"), 2)) + rng.choice(list("aeiou")) + \
            "".join(rng.choice(list("bcdfgklmnprstvz"), 2)) + rng.choice(list("aeiou")) + "n"

    for k in range(count):
        name, town, goods = word().capitalize(), word().capitalize(), word()
        cts, prior = 11 + 3 * k, 12 + 3 * k  # no figure in two notices
        docs.append(Document(f"n{k}", (
            f"{name} Holdings Inc said its board declared a regular quarterly dividend of {cts} cts a share, "
            f"payable in {months[k % 5]} to holders of record in {months[(k + 1) % 5]}.\n"
            f"The {town} maker of {goods} said the dividend compares with {prior} cts a share paid in the "
            "prior quarter.")))
    return docs


@pytest.mark.parametrize("specificity,other", [(0.75, "related"), (0.0, "rewrite")])
def test_a_notice_of_a_template_sharing_only_common_words_is_related_and_a_rewrite_derived(
        path, specificity, other):
    """Notices of one template about other companies share only words that every notice
    writes: `related` (the test off, ``shared_specificity`` 0: derived); a rewrite that keeps
    its notice's company and figures stays derived; batch and the filter agree."""
    notices = _dividend_notices(40)
    source = notices[0].text
    rewrite = Document("again", source.split(" Holdings")[0] + " Holdings Inc will pay 11 cts a share each "
                       "quarter, up from 12 cts, its board said.\nThe dividend goes to holders of record "
                       "in April and is payable in March, the company said.")
    opts = Options(shared_specificity=specificity)
    with Index(path, opts) as idx:
        idx.add_many(notices[1:])
        got = [idx.check(notices[0]), idx.check(rewrite)]
    assert got[0].status == other and got[0].matches
    with Index(path, opts) as idx:
        idx.add(notices[0])
        assert idx.check(rewrite).status in ("rewrite", "partial")
    result = batch(notices + [rewrite], opts)
    relation = {m.id: m.relation for c in result.clusters for m in c.members}
    parent = {m.id: m.parent for c in result.clusters for m in c.members}
    assert relation["again"] in ("rewrite", "partial") and parent["again"] == "n0" or \
        relation["n0"] in ("rewrite", "partial") and parent["n0"] == "again"
    derived = ("duplicate", "near-duplicate", "partial", "rewrite")
    notices_derived = [i for i in relation if i != "again" and relation[i] in derived and parent[i] != "again"]
    assert (notices_derived == []) == (other == "related")


def _subject_reports(count: int = 10) -> tuple[list[Document], Document]:
    """``count`` reports of one subject, each in its own sentences: each sentence writes five
    of the subject's 24 words (every word in 8 or 9 of the 40 sentences: neither common nor
    rare), three words of its own report and three function words; and a rewrite of the
    first report that restates each of its sentences with one word changed."""
    rng = random.Random(3)
    common = ["the", "of", "and", "to", "in", "said", "on", "for", "with", "was"]

    def word():
        return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))

    def text(sentences):
        return " ".join(" ".join(s).capitalize() + "." for s in sentences)

    subject = [word() for _ in range(24)]
    reports = []
    for r in range(count):
        own = [word() for _ in range(12)]
        sentences = []
        for s in range(4):
            at = 4 * r + s
            words = [subject[(7 * at + t) % 24] for t in range(5)] + own[3 * s:3 * s + 3] + rng.sample(common, 3)
            rng.shuffle(words)
            sentences.append(words)
        reports.append(sentences)
    first_own = {w for s in reports[0] for w in s} - set(subject) - set(common)
    changed = {w: word() for w in sorted(first_own)[::3]}
    rewrite = Document("again", text([[changed.get(w, w) for w in s] for s in reports[0]]))
    return [Document(f"r{r}", text(s)) for r, s in enumerate(reports)], rewrite


@pytest.mark.parametrize("close_specificity,other", [(0.85, "related"), (0.0, "derived")])
def test_two_reports_on_one_subject_are_related_unless_their_sentences_match_closely(
        path, close_specificity, other):
    """Reports of one subject share its words (each in several sentences of the corpus) but
    restate none of each other's sentences: `related` (the test off, ``close_specificity`` 0:
    derived); a rewrite restating its source sentence by sentence stays derived; batch and
    the filter agree."""
    reports, rewrite = _subject_reports()
    background = [Document(f"b{k}", synthetic(1000 + k, 5)) for k in range(200)]
    opts = Options(close_specificity=close_specificity)
    derived = ("duplicate", "near-duplicate", "partial", "rewrite")
    with Index(path, opts) as idx:
        idx.add_many(reports[1:] + background)
        got = idx.check(reports[0])
        assert got.matches and {m.id for m in got.matches} <= {r.id for r in reports}
        assert (got.status in derived) == (other == "derived") and got.status in (*derived, "related")
        idx.add(reports[0])
        got = idx.check(rewrite)
        assert got.status in derived and got.matches[0].id == "r0"
    # why: the words two reports share are in too many sentences, and no sentence is restated
    corpus = Corpus(reports + background + [rewrite], opts)
    evidence = compare(reports[0], reports[1], opts, corpus=corpus).evidence
    assert opts.shared_specificity <= evidence["shared_specificity"] < Options().close_specificity
    assert evidence["close_support"] < opts.close_support
    result = batch(reports + background + [rewrite], opts)
    relation = {m.id: m.relation for c in result.clusters for m in c.members}
    parent = {m.id: m.parent for c in result.clusters for m in c.members}
    assert relation["again"] in derived and parent["again"] == "r0" or \
        relation["r0"] in derived and parent["r0"] == "again"
    reports_derived = [i for i in relation if i.startswith("r") and relation[i] in derived
                       and "again" not in (i, parent[i])]
    assert (reports_derived == []) == (other == "related")


def _counts(storage, terms):
    return storage.term_counts(terms)


def _terms_of(text):
    from dedup import features, normalize, passages
    p = normalize.finalize(normalize.analyze(Document("t", text)))
    return sorted({t for w in passages.sentence_words(p) for t in features.terms(w, 6)})


def _tagged(text, tag):
    """``text`` with a word added to the end of each sentence: the same terms, and others
    besides, in sentences none of which the index holds (a sentence stored again is not
    counted again)."""
    return text.replace(". ", f" {tag}. ").replace(".\n", f" {tag}.\n")


def test_term_counts_read_through_the_cache_follow_every_write(path):
    terms = _terms_of(SOURCE)
    with Index(path) as idx:
        idx.add(Document("source", SOURCE))
        first = _counts(idx.storage, terms)
        assert len(idx.storage._by_term) > 0 and _counts(idx.storage, terms) == first  # cached
        idx.add(Document("again", _tagged(SOURCE, "zqx")))  # its own write: every count doubles
        with Index(path) as fresh:
            want = _counts(fresh.storage, terms)
        assert _counts(idx.storage, terms) == want == {t: (2 * s, 2 * d) for t, (s, d) in first.items()}
        with Index(path) as writer:  # another connection commits
            writer.add(Document("third", _tagged(SOURCE, "qxz")))
        assert _counts(idx.storage, terms) == {t: (3 * s, 3 * d) for t, (s, d) in first.items()}
        idx.remove("third")
        assert _counts(idx.storage, terms) == want
        with pytest.raises(RuntimeError):
            with idx.session():
                idx.add(Document("fourth", _tagged(SOURCE, "xzq")))
                assert _counts(idx.storage, terms) != want  # its own uncommitted counts
                raise RuntimeError("stop")
        assert _counts(idx.storage, terms) == want
        with Index(path) as fresh:
            assert _counts(fresh.storage, terms) == want


def test_a_transaction_left_open_by_an_interrupt_is_collected_quietly(path, monkeypatch):
    """Ctrl-C between BEGIN and the body of ``with storage.write()`` leaves the transaction's
    generator suspended; the CLI then closes the index, and the generator is collected
    later: that must not print an 'Exception ignored' traceback (it did, now and then, in the
    Ctrl-C test of `index add`), and the file must be free for the next writer."""
    import gc
    import sys

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    idx = Index(path)
    pending = idx.storage.write()
    pending.__enter__()  # BEGIN IMMEDIATE, and the interrupt lands here
    idx.close()
    del pending
    gc.collect()
    assert unraisable == []
    with Index(path, timeout=1) as again:
        again.add(Document("a", SOURCE))
        assert "a" in again


def test_all_rowids_sees_its_own_transaction_and_a_limit(path):
    check_all_rowids(Index(path))


def check_all_rowids(idx):
    """Storage.all_rowids: every rowid when at most ``limit``, else None; a transaction's
    own additions and removals count (the SQLite and Redis back ends alike)."""
    with idx:
        s = idx.storage
        with s.read():
            assert s.all_rowids(5) == []
        idx.add_many([Document("a", SOURCE), Document("b", UNRELATED), Document("c", REWRITE)])
        with s.read():
            every = s.all_rowids(3)
            assert every is not None and len(every) == 3 and every == sorted(every)
            assert s.all_rowids(2) is None
        with idx.session():
            idx.remove("a")
            with s.read():
                assert s.all_rowids(2) is not None and len(s.all_rowids(2)) == 2
            idx.add(Document("d", synthetic(5)))
            idx.add(Document("e", synthetic(6)))
            with s.read():
                assert s.all_rowids(3) is None and len(s.all_rowids(4)) == 4


def test_a_small_index_is_checked_whole(tmp_path, monkeypatch):
    """The first document of an index is sketched without IDF; a partial copy of it whose
    key terms share too little with the stored sketch for LSH (a Hebrew one did, until a
    sentence stored before was no longer counted again; here the buckets are made to
    propose nothing) is still found, as the index of at most max_candidates documents is
    checked whole."""
    from dedup.storage import SQLiteStorage

    fixtures = Path(__file__).parent / "fixtures" / "scripts"
    orig = (fixtures / "he_orig.txt").read_text(encoding="utf-8")
    partial = (fixtures / "he_partial.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(SQLiteStorage, "buckets", lambda self, keys, limit: {})
    with Index(tmp_path / "small.dedup") as idx:
        idx.add(Document("orig", orig))
        d = idx.check(Document("partial", partial))
        assert d.status not in ("new", "related") and d.matches[0].id == "orig"
    # the same check with LSH alone (an index too large to be checked whole) misses it
    with Index(tmp_path / "small.dedup", max_candidates=1) as idx:
        idx.add(Document("other", UNRELATED))
        assert idx.check(Document("partial", partial)).status == "new"


@pytest.mark.parametrize("lang", ["ru", "he"])
def test_a_rewrite_in_a_language_the_index_has_not_seen_is_found_by_lsh(tmp_path, lang):
    """Among 150 stored texts of other words, a text in a language the index has not seen
    and its rewrite share only rare words.  The rewrite's own key terms are mostly words no
    stored text holds (the highest IDF), which no stored sketch can share; the check looks
    up its key terms among the terms the index holds, and LSH proposes the original (the
    index is too large to be checked whole).  (The original's stored sketch is its own key
    terms, what a later text may share with it.)"""
    fixtures = Path(__file__).parent / "fixtures" / "scripts"
    orig = (fixtures / f"{lang}_fire_orig.txt").read_text(encoding="utf-8")
    rewrite = (fixtures / f"{lang}_fire_rewrite.txt").read_text(encoding="utf-8")
    check_new_language_rewrite(tmp_path / "i.dedup", orig, rewrite)


def check_new_language_rewrite(location, orig: str, rewrite: str) -> None:
    """(also run on Redis: tests/test_redis_index.py)"""
    rng = random.Random(1)
    with Index(location) as idx:
        with idx.session():
            for k in range(150):
                idx.add(Document(f"f{k}", " ".join(f"w{rng.randrange(5000)}" for _ in range(120)) + "."))
        idx.add(Document("orig", orig))
        with idx.storage.read():
            assert idx.storage.all_rowids(idx.max_candidates) is None  # LSH, not the whole index
        with idx.storage.read():
            known = set(idx.storage.term_counts(_analysis(Document("r", rewrite), idx.options).tf))
        d = idx.check_and_add(Document("rewrite", rewrite), add="all")
        assert d.status not in ("new", "related") and d.matches[0].id == "orig"
        # stored with its own key terms (the band keys a later text may share), among them
        # terms the index did not know when it was checked, not with the ones it looked up
        stored = idx.storage.get("rewrite").keys
        assert stored and set(stored) - known


def check_copy_of_a_removed_text(location, orig: str, added: str) -> None:
    """(also run on Redis) ``orig`` stored, then its copy with the sentence ``added``; the
    other stored texts hold a few of ``orig``'s words."""
    copy = orig.strip() + " " + added
    plain = orig.split()[::6]
    rng = random.Random(1)
    with Index(location) as idx:
        with idx.session():
            for k in range(150):
                idx.add(Document(f"f{k}", " ".join(rng.choice(plain) if rng.random() < 0.1 else f"w{rng.randrange(5000)}"
                                                   for _ in range(120)) + "."))
        idx.add(Document("orig", orig))
        idx.add(Document("copy", copy))
        idx.remove("orig")
        with idx.storage.read():
            assert idx.storage.all_rowids(idx.max_candidates) is None  # LSH, not the whole index
        d = idx.check(Document("orig-again", orig))
        assert d.status not in ("new", "related") and d.matches[0].id == "copy"


def test_a_copy_is_found_after_the_text_it_repeats_is_removed(tmp_path):
    """A stored copy's sentences that repeat a stored text are not counted; once that text
    is removed (or evicted), the terms only the copy holds count 0 documents, yet they are
    in the copy's sketch.  The check's lookup keeps the terms the index knows, counted or
    not, so the text checked again finds the copy (it was `new` while the lookup kept only
    counted terms)."""
    fixtures = Path(__file__).parent / "fixtures" / "scripts"
    check_copy_of_a_removed_text(tmp_path / "i.dedup", (fixtures / "ru_fire_orig.txt").read_text(encoding="utf-8"),
                                 (fixtures / "ru_fire_rewrite.txt").read_text(encoding="utf-8").split(". ")[-1])


def _count_in_another_process(path) -> int:
    """The documents another process sees in the index (a plain sqlite3 open and close)."""
    code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute('SELECT count(*) FROM docs')" \
           ".fetchone()[0]); c.close()"
    return int(subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True,
                              text=True).stdout)


def test_a_second_index_object_in_a_process_keeps_the_first_one_s_locks(tmp_path):
    """A server opens the index twice.  Opening the second read the file's first bytes with
    another descriptor and closed it, which drops every POSIX lock the process holds on the
    file, the first connection's shared lock too: another process that then opened and
    closed the index deleted the -wal and -shm files under the first, and what either wrote
    next was lost (an audit: 1,500 documents added beside a running server were gone)."""
    path = tmp_path / "i.dedup"
    with Index(path) as first:
        first.add(Document("one", SOURCE))
        with Index(path) as second:  # (as `dedup serve` opens it)
            assert len(second) == 1
        assert _count_in_another_process(path) == 1
        assert os.path.exists(f"{path}-wal")  # the first connection's: still there
        first.add(Document("two", UNRELATED))
        assert _count_in_another_process(path) == 2
    with Index(path) as again:
        assert len(again) == 2


def test_check_many_in_a_pool_gives_the_decisions_of_check_in_order(tmp_path):
    """``check_many(docs, jobs=2)``: forked workers, each with its own read-only connection,
    give every decision (status, matches, added spans) that ``check`` gives, in order, and
    store nothing."""
    with Index(tmp_path / "i.dedup") as idx:
        idx.add(Document("source", SOURCE, date="2024-05-01"))
        idx.add(Document("bakery", UNRELATED))
        for k in range(6):
            idx.add(Document(f"s{k}", synthetic(k)))
        docs = [Document("rewrite", REWRITE), Document("copy", SOURCE)]
        docs += [Document(f"n{k}", synthetic(100 + k)) for k in range(5)]
        docs += [Document(f"p{k}", synthetic(k, 4) + synthetic(200 + k, 4)) for k in range(3)]
        one = [d.record() for d in map(idx.check, docs)]
        two = [d.record() for d in idx.check_many(iter(docs), jobs=2)]
        assert two == one and len(idx) == 8
        assert {d["status"] for d in one} >= {"new", "duplicate", "rewrite"}


def test_check_many_in_a_pool_keeps_the_index_s_max_matches_and_max_candidates(tmp_path):
    """The workers opened the index with the default max_matches and max_candidates, not
    this Index's: an Index(..., max_matches=1) listed two matches per decision with jobs=2,
    one with jobs=1."""
    with Index(tmp_path / "i.dedup") as idx:
        for k in range(6):
            idx.add(Document(f"s{k}", synthetic(k, 4)))
    docs = [Document(f"p{k}", synthetic(k, 4) + synthetic((k + 1) % 6, 4)) for k in range(6)]
    with Index(tmp_path / "i.dedup", max_matches=1, max_candidates=1) as idx:
        one = [d.record() for d in map(idx.check, docs)]
        two = [d.record() for d in idx.check_many(docs, jobs=2)]
    assert [len(d["matches"]) for d in one] == [1] * 6
    assert two == one


def test_check_many_in_an_open_session_sees_its_uncommitted_documents_and_counts(tmp_path):
    """Inside ``idx.session()`` the session's documents are not committed, so forked
    workers with their own connections did not see them (the copy of one came out ``new``);
    the checks now run in this process there.  Outside a session the parent's ``counters``
    count the workers' checks too (they counted none)."""
    with Index(tmp_path / "i.dedup") as idx:
        idx.add(Document("bakery", UNRELATED))
        with idx.session():
            idx.add(Document("source", SOURCE))
            inside = [d.status for d in idx.check_many([Document("copy", SOURCE)], jobs=2)]
        assert inside == ["duplicate"]
        idx.counters.clear()
        docs = [Document("copy", SOURCE), Document(f"n{0}", synthetic(100))]
        statuses = [d.status for d in idx.check_many(docs, jobs=2)]
        assert idx.counters["checked"] == 2
        assert idx.counters["duplicate"] == statuses.count("duplicate") == 1
        assert idx.counters["new"] == statuses.count("new")


def test_the_readme_says_where_the_errors_it_names_are():
    """README's Python API names DocumentExistsError and StorageError, which ``dedup`` does
    not export: the imports it gives for them work, and hold every error it names."""
    import re
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    imports = [" ".join(m.split()) for m in re.findall(r"`(from dedup\.\w+ import [^`]+)`", readme)]
    assert imports
    names: dict = {}
    for line in imports:
        exec(line, names)
    for name in ("DocumentExistsError", "OptionsMismatchError", "StorageError", "NotAnIndexError",
                 "IndexBusyError", "ReadOnlyIndexError"):
        assert name in names, name
    assert issubclass(names["DocumentExistsError"], ValueError)
    assert issubclass(names["OptionsMismatchError"], names["StorageError"])


def test_a_write_to_an_index_file_removed_or_replaced_since_it_was_opened_is_refused(path, tmp_path):
    """A process kept writing to the file it opened after the file at the path was removed
    (or another put in its place): every add returned as stored, and was lost."""
    from dedup.storage import StorageError

    idx = Index(path)
    idx.add(Document("a", SOURCE))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StorageError, match="removed or replaced"):
        idx.add(Document("b", UNRELATED))
    with pytest.raises(StorageError, match="removed or replaced"):
        idx.storage.ensure_present()
    Index(path).close()  # another index now at the path
    with pytest.raises(StorageError, match="removed or replaced"):
        idx.check_and_add(Document("c", REWRITE))
    idx.close()
    with Index(path) as again:  # opened again: the file at the path, written as usual
        again.add(Document("b", UNRELATED))
        again.storage.ensure_present()
        assert len(again) == 1


def test_an_index_opened_by_a_relative_path_is_still_found_after_a_change_of_folder(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    with Index("news.dedup") as idx:
        monkeypatch.chdir(tmp_path / "b")  # no news.dedup here: the file opened is still in a
        idx.add(Document("a", SOURCE))
        assert len(idx) == 1
    assert (tmp_path / "a" / "news.dedup").exists() and not (tmp_path / "b" / "news.dedup").exists()


def test_row_products_equal_scipy_to_the_bit():
    """The check's cosines without scipy's sparse product: the same bits as scipy's."""
    from scipy import sparse

    from dedup.index import _first_row_dots, _row_gram
    rng = np.random.default_rng(7)
    for trial in range(200):
        n, v = int(rng.integers(1, 12)), int(rng.integers(1, 400))
        m = sparse.random(n, v, density=float(rng.uniform(0.0, 0.3)), format="csr", random_state=rng)
        m.data = rng.uniform(0.0, 1.0, len(m.data)) / rng.uniform(1.0, 50.0)
        m.sort_indices()
        if n > 1:
            want = np.asarray((m[1:] @ m[0].T).todense()).ravel()
            assert np.array_equal(_first_row_dots(m), want)
        rows = sorted(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False).tolist())
        sub = m[rows]
        assert np.array_equal(_row_gram(m, rows), np.asarray((sub @ sub.T).todense()))


def test_matched_text_restored_from_its_split_is_the_prepared_one():
    """A matched document restored from the cache of splits is the text prepared again."""
    from dedup import normalize
    from dedup.index import _restored, _split_of
    texts = [
        "Storm floods the old town.\n\nRescue teams worked all night. Dr. Smith said 3.5 m of water.\n"
        "Share this article\nSubscribe to our newsletter\n\u00a9 2024 Example News",
        "HEADLINE IN CAPITALS\nBody text here, with a Name and 12,500 people. Another one!",
        "", "   \n  ", "one line without a stop",
        "\u6211\u4eec\u7684\u57ce\u5e02\u3002\u6d2a\u6c34\u6765\u4e86\u3002 Mixed text. \u0645\u0631\u062d\u0628\u0627 \u06f2\u06f0\u06f1\u06f4.",
    ]
    for k, text in enumerate(texts):
        doc = Document(f"d{k}", text, date="2024-01-02")
        p = normalize.finalize(normalize.analyze(doc))
        q = _restored(doc, _split_of(p))
        for f in ("id", "text", "date", "starts", "ends", "words", "boilerplate", "sentences", "content",
                  "paragraph_of"):
            assert getattr(q, f) == getattr(p, f), f
        assert (q.numbers, q.name_flags) == (p.numbers, p.name_flags)


def test_matched_documents_split_cache_gives_the_same_decisions(tmp_path):
    """Checks that prepare matched texts again from the cache of splits decide as checks
    that prepare them from scratch (cache_prepared=1: one prepared text kept, 64 splits)."""
    texts = [f"Storm {k} floods the old town of Riverside. Rescue teams worked all night to save "
             f"the harbour {k}. The mayor said {k * 100} homes were damaged." for k in range(6)]
    with Index(tmp_path / "a.dedup", cache_prepared=1) as a, Index(tmp_path / "b.dedup", cache_prepared=0) as b:
        for k, t in enumerate(texts):
            a.add(Document(f"s{k}", t))
            b.add(Document(f"s{k}", t))
        for r in range(3):
            for k, t in enumerate(texts):
                doc = Document(f"in{r}-{k}", t.replace("Storm", "A storm") + " Officials will meet today.")
                assert a.check(doc).record() == b.check(doc).record()
        assert a._splits.hits > 0 and len(b._splits) == 0


def test_an_empty_text_is_refused_as_the_readers_refuse_it(path):
    """`Index` stored an empty (or white-space) text that every reader refuses, so `dedup
    index export | dedup index add -` of that index stopped on it; now each way in is a
    ValueError, and nothing is stored."""
    with Index(path) as idx:
        for call in (lambda d: idx.add(d), lambda d: idx.check_and_add(d), lambda d: idx.check(d),
                     lambda d: idx.add_many([d]), lambda d: list(idx.load([d]))):
            for text in ("", "  \n\t"):
                with pytest.raises(ValueError, match="the text is empty|only white space"):
                    call(Document("e", text))
        assert len(idx) == 0
        idx.add(Document("emoji", "\U0001f389"))  # a text without words is still allowed



def test_an_index_removed_while_it_opens_is_opened_again(path, monkeypatch):
    """A command that fails on a new index removes the file when it is still empty and no
    other process has it open in WAL mode (storage.remove_if_empty); one that has connected
    but not yet read cannot be seen, and went on with the removed file: its first write was
    refused (a concurrency audit: 1 in 40 runs of two commands on a new path, 5 in 40 of
    four).  The opening now compares the file at the path before connecting and after its
    first reads, and opens it again when it changed: the document is stored at the path."""
    from dedup import storage

    with Index(path):
        pass  # a new, empty index, as the failing command left it
    setup = storage.SQLiteStorage._setup
    removed = []

    def removed_once(self):
        if not removed:  # the other command, between this one's connect and first read
            removed.append(storage.remove_if_empty(str(path)))
        setup(self)

    monkeypatch.setattr(storage.SQLiteStorage, "_setup", removed_once)
    with Index(path) as idx:
        idx.add(Document("a", SOURCE))
    assert removed == [True]
    monkeypatch.undo()
    with Index(path, create=False) as again:
        assert "a" in again


def test_an_index_removed_at_every_opening_says_so(path, monkeypatch):
    """Removed again at each of its openings, the index is not opened: one line that says
    why and to run the command again (no write refused later as "read-only")."""
    from dedup import storage

    setup = storage.SQLiteStorage._setup
    openings = []

    def removed_each_time(self):
        openings.append(1)
        setup(self)
        self.conn.execute("SELECT 1").fetchone()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    monkeypatch.setattr(storage.SQLiteStorage, "_setup", removed_each_time)
    with pytest.raises(StorageError, match="removed or replaced while it was being opened, 3 times.*run the command again"):
        Index(path)
    assert len(openings) == storage.OPEN_ATTEMPTS == 3


def _early_corpus(background: int = 250):
    """A long text of common words and names of its own, and other texts of the same common
    words: stored first in an empty index, its sketch is of its most frequent words."""
    rng = random.Random(7)
    letters, vowels = "bcdfghklmnprstvz", "aeiou"

    def word(n):
        return "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(n))

    common = [word(3) for _ in range(60)]
    names = [word(4).capitalize() for _ in range(30)]
    sentences = [" ".join(rng.sample(common, 8) + rng.sample(names, 2)).capitalize() + "." for _ in range(80)]
    long_text = " ".join(sentences)
    copy = " ".join(sentences[:56])
    others = [" ".join(" ".join(rng.sample(common, 9) + [word(4), word(4)]).capitalize() + "." for _ in range(12))
              for _ in range(background)]
    return long_text, copy, others


def check_first_documents_sketched_again(location, per_document: bool = False) -> None:
    """(also run on Redis) A long text stored first in an empty index was sketched with its
    most frequent words (IDF shrunk towards 1 below idf_prior_docs); a copy of its first 70%,
    checked once 250 other texts were stored, looked up its rare words, shared no band with
    it and was `new`.  Its first documents are sketched again when the index reaches
    idf_prior_docs documents, the same way whether stored one by one or in batches."""
    long_text, copy, others = _early_corpus()
    with Index(location) as idx:
        if per_document:
            idx.check_and_add(Document("L", long_text), add="all")
            for k, t in enumerate(others):
                idx.check_and_add(Document(f"o{k}", t), add="all")
        else:
            idx.add_many([Document("L", long_text)] + [Document(f"o{k}", t) for k, t in enumerate(others)])
        with idx.storage.read():
            assert idx.storage.all_rowids(idx.max_candidates) is None  # LSH, not the whole index
        assert idx.storage.get_meta("early_sketches") == str(idx.options.idf_prior_docs)
        d = idx.check(Document("P", copy))
        assert d.status != "new" and d.matches[0].id == "L", d.record()
        assert idx.problems() == []  # (its band entries and key term ids read as stored ones)
        return sorted(idx.storage.get("L").keys)


def test_the_first_documents_are_sketched_again_when_the_index_has_grown(tmp_path):
    one_by_one = check_first_documents_sketched_again(tmp_path / "a.dedup", per_document=True)
    assert check_first_documents_sketched_again(tmp_path / "b.dedup") == one_by_one
    # an index that has done it does not do it again: the meta key says so
    with Index(tmp_path / "b.dedup") as idx:
        idx.add(Document("late", SOURCE))
        assert idx.counters["sketched_again"] == 0


def check_recheck(location) -> None:
    """Index.recheck: a stored document decided again against what was stored before it
    gets the decision it got when it was stored; another text or an unknown id gets None."""
    docs = [Document("source", SOURCE, date="2024-05-01"), Document("bakery", UNRELATED),
            Document("rewrite", REWRITE, date="2024-05-02"), Document("copy", SOURCE)]
    with Index(location) as index:
        first = [index.check_and_add(d, add="all") for d in docs]
        for d, was in zip(docs, first):
            again = index.recheck(d)
            assert again is not None and again.indexed
            assert (again.status, again.parent, [m.id for m in again.matches]) == \
                   (was.status, was.parent, [m.id for m in was.matches]), d.id
        assert [d.status for d in first] == ["new", "new", first[2].status, "duplicate"]
        assert index.recheck(Document("source", UNRELATED)) is None  # another text under the id
        assert index.recheck(Document("unknown", SOURCE)) is None


def test_recheck_decides_a_stored_document_again(tmp_path):
    check_recheck(tmp_path / "news.dedup")


def test_a_long_eviction_lets_another_writer_in_between_its_batches(path):
    """Each batch of an eviction is a transaction; the next one waits WRITER_PAUSE first, so
    another process's write waiting for the lock gets it right after the batch it waited
    for (a reviewer's: a 6,000-document eviction kept other writers waiting for 14 s, past
    their --lock-timeout: the next batch took the lock again at once). The other writer here
    is another connection, in a thread, that starts waiting once the first batch is in."""
    import threading
    import time

    with Index(path, clock=lambda: 1000.0) as idx:
        idx.add_many([Document(f"d{k}", synthetic(k, 3)) for k in range(60)])
    evicted = []

    def evict():
        with Index(path, clock=lambda: 5000.0) as a:
            evicted.append(a.evict(older_than=2000.0, batch_size=20))

    worker = threading.Thread(target=evict)
    worker.start()
    with Index(path, clock=lambda: 9000.0) as b:
        while len(b) == 60:  # the first batch committed: the eviction is under way
            time.sleep(0.002)
        b.add(Document("late", synthetic(999, 3)))
        held = len(b)
    worker.join()
    assert evicted == [60]
    assert held == 40 + 1, held  # in right after the first batch, not after the whole eviction
    with Index(path) as idx:
        assert len(idx) == 1 and "late" in idx


def test_remove_many_removes_in_batches_and_names_the_missing(path):
    with Index(path) as idx:
        idx.add_many([Document(f"d{k}", synthetic(k, 3)) for k in range(7)])
        assert idx.remove_many(["d1", "x", "d3", "d5", "y", "d6"], batch_size=2) == ["x", "y"]
        assert len(idx) == 3 and "d0" in idx and "d2" in idx and "d4" in idx
        with pytest.raises(ValueError):
            idx.remove_many(["d0"], batch_size=0)


def test_more_stored_copies_than_matches_keep_the_first_stored(path):
    """A reviewer's: with more than max_matches (10) stored exact copies, the matches were the
    10 of the smallest ids, so the first stored text, whose copies they are, was left out
    and was not the parent."""
    with Index(path) as idx:
        idx.add(Document("zz-first", SOURCE))
        for k in range(12):
            idx.add(Document(f"c{k:02d}", SOURCE))
        d = idx.check(Document("new", SOURCE))
        assert d.status == "duplicate" and d.parent == "zz-first", (d.parent, [m.id for m in d.matches])
        assert [m.id for m in d.matches][:3] == ["zz-first", "c00", "c01"] and len(d.matches) == 10
