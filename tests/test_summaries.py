"""A summary of a story (a newsletter's 80 words on an article of 350) keeps a small share of
its source's terms, but its source supports it and it restates it closely with the same
figures and names: derived (``score.summarises``), unless the two texts' own dates are more
than ``score.SUMMARY_DAYS`` apart (a wire's later report on the same subject restates its
background as closely).  The pair: a Javanese article and a newsletter's item on it
(``fixtures/summary``, from a blind set)."""
from pathlib import Path

import pytest

from dedup import Index, batch, compare, score
from dedup.document import Document

HERE = Path(__file__).parent / "fixtures" / "summary"


def _pair(dates=(None, None)) -> list[Document]:
    return [Document(name, (HERE / f"{name}.txt").read_text(encoding="utf-8"), date=d)
            for name, d in zip(("original", "summary"), dates)]


def _relation(result, doc_id: str) -> str | None:
    return next(m.relation for c in result.clusters for m in c.members if m.id == doc_id)


@pytest.mark.parametrize("dates, derived", [
    ((None, None), True),
    (("2025-07-16", None), True),  # one undated: nothing says they are days apart
    (("2025-07-16T08:00", "2025-07-17T14:00"), True),
    (("2025-07-16", "2025-07-21"), False),
])
def test_a_summary_is_derived_unless_dated_days_apart(dates, derived):
    relation = _relation(batch(_pair(dates)), "summary")
    assert (relation not in (None, "related")) is derived, relation


def test_without_the_rule_the_summary_is_related(monkeypatch):
    monkeypatch.setattr(score, "summarises", lambda ev, options: False)
    assert _relation(batch(_pair()), "summary") == "related"


def test_compare_and_the_filter_agree(tmp_path):
    original, summary = _pair(("2025-07-16", "2025-07-16"))
    c = compare(original, summary)
    assert c.relation not in ("related", None)
    assert c.evidence["sums_up"] is True and c.evidence["shared_terms"] < 0.27
    with Index(tmp_path / "i.dedup") as idx:
        idx.add(original)
        assert idx.check(summary).status not in ("new", "related")
        late = Document("late", summary.text, date="2025-07-25")
        assert idx.check(late).status == "related"
