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
