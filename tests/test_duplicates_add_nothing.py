"""A duplicate (the same content words in the same order) adds no passage, in batch, compare
and the filter, however differently its lines break into sentences."""
from __future__ import annotations

from pathlib import Path

from dedup import Index, api
from dedup.document import Document

TABLE = (Path(__file__).parent / "fixtures" / "quota_table.txt").read_text(encoding="utf-8")
COLLAPSED = " ".join(TABLE.split())  # the table with its spacing collapsed: one long line


def test_compare_of_a_table_and_its_collapsed_copy_adds_nothing():
    """Each row of the table was one sentence and the collapsed copy one long sentence: rows
    the long sentence supported only weakly were reported as passages the table added."""
    r = api.compare(Document("table", TABLE), Document("collapsed", COLLAPSED))
    assert r.relation == "duplicate"
    assert r.added == {"table": [], "collapsed": []}


def test_batch_reports_no_added_passage_for_a_duplicate():
    docs = [Document("table", TABLE), Document("collapsed", COLLAPSED)]
    [story] = api.batch(docs).clusters
    derivative = next(m for m in story.members if m.role == "derivative")
    assert derivative.relation == "duplicate"
    assert derivative.added == []


def test_the_filter_reports_no_added_passage_for_a_duplicate(tmp_path):
    """A duplicate decision held its whole text as added (1,211 of 1,211 characters)."""
    for first, second in ((TABLE, COLLAPSED), (COLLAPSED, TABLE)):
        with Index(tmp_path / f"idx{len(first)}.dedup") as index:
            index.add(Document("first", first))
            decision = index.check(Document("second", second))
        assert decision.status == "duplicate"
        assert decision.added == []


# --- an exact copy next to a text of the same words in another order --------------------

NOTICE = "Dividend declared: quarterly."
REORDERED = "Quarterly dividend declared."  # as similar to NOTICE as a copy of it (cosine 1.0)


def test_batch_takes_the_copy_of_the_same_content_for_the_parent():
    """Of members equally similar, the parent was the higher-ranked one (the reordered text):
    the exact copy came out `related` to it instead of a `duplicate` of its source."""
    docs = [Document("a-notice", REORDERED), Document("b-notice", NOTICE), Document("c-copy", NOTICE)]
    [story] = api.batch(docs).clusters
    member = {m.id: m for m in story.members}
    copy, source = ("c-copy", "b-notice") if story.original == "b-notice" else ("b-notice", "c-copy")
    assert member[copy].parent == source and member[copy].relation == "duplicate"
    # its reasons: the signals on which it beats the reordered text, then the tie with its copy
    assert story.reasons[-1] == "tie: earliest id" and len(story.reasons) > 1


def test_the_filter_calls_an_exact_copy_a_duplicate_next_to_an_equally_similar_text(tmp_path):
    """The first of the equally similar matches was the earlier id, the reordered text: the
    copy was `related` to it, passed `--emit new-or-related` and was stored."""
    with Index(tmp_path / "idx.dedup") as index:
        index.add(Document("a-notice", REORDERED))
        index.add(Document("b-notice", NOTICE))
        decision = index.check(Document("c-copy", NOTICE))
    assert decision.status == "duplicate" and decision.parent == "b-notice"
    assert decision.matches[0].id == "b-notice"
