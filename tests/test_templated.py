"""Templated news (company results from one template, other figures) is `related`, not a
rewrite, even when the template's sentences are verbatim passages both hold
(``score.TEMPLATE_SUPPORT``); a copy of one such story keeps its figures and stays derived."""
from pathlib import Path

import pytest

from dedup import Index, batch, compare
from dedup import api, score
from dedup.document import Document

from conftest import FILL

HERE = Path(__file__).parent / "fixtures" / "templated"


def _doc(name: str) -> Document:
    return Document(name, (HERE / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("other", ["sibling", "sibling2"])
def test_compare_calls_the_same_template_with_other_figures_related(other, monkeypatch):
    c = compare(_doc("original"), _doc(other))
    assert c.relation == "related" and c.source is None
    assert c.evidence["shared_passage"] is True  # the template's own sentence
    assert c.evidence["shared_numbers"] < 0.3 and c.evidence["close_support"] >= score.TEMPLATE_SUPPORT
    monkeypatch.setattr(score, "TEMPLATE_SUPPORT", 1.01)  # without the test: a rewrite
    assert compare(_doc("original"), _doc(other)).relation == "rewrite"


def test_compare_keeps_a_copy_of_a_templated_story_derived():
    c = compare(_doc("original"), _doc("copy"))
    assert c.relation in ("near-duplicate", "duplicate", "rewrite")
    assert c.source == "original"


def test_batch_and_filter():
    docs = [_doc("original"), _doc("sibling"), _doc("sibling2"), _doc("copy"),
            *(Document(f"f{k}", t) for k, t in enumerate(FILL))]
    member = {m.id: m for c in batch(docs).clusters for m in c.members}
    assert member["copy"].relation in ("near-duplicate", "duplicate", "rewrite")
    for s in ("sibling", "sibling2"):
        assert member[s].role == "original" or member[s].relation == "related"


def test_the_filter_calls_the_next_templated_story_related(tmp_path):
    with Index(str(tmp_path / "i.dedup")) as idx:
        for d in [Document(f"f{k}", t) for k, t in enumerate(FILL)] + [_doc("original")]:
            idx.add(d)
        sib = idx.check(_doc("sibling"))
        assert sib.status in ("new", "related")
        assert all(m.relation == "related" for m in sib.matches)
        copy = idx.check(_doc("copy"))
        assert copy.status in ("near-duplicate", "duplicate", "rewrite")
        assert copy.parent == "original"


def _stories(result) -> list[list[str]]:
    return sorted(sorted(m.id for m in c.members) for c in result.clusters if len(c.members) > 1)


# a column's own paragraphs around a pasted results story
OWN = """Why the chemicals sector keeps disappointing investors

For three years running, the region's mid-sized chemical makers have promised a recovery that never quite arrives. Energy bills have eased from their peak, but customers in the car and building trades are still ordering cautiously and holding smaller stocks than before the downturn.

Plant managers describe a market in which every contract is renegotiated twice a year. Buyers who once signed for twelve months now commit for a quarter at a time, and they expect discounts for the privilege of certainty.

Labour is the other worry. Many of the engineers hired in the boom of the early two-thousands are retiring, and the apprentices who replace them need years of supervision before they can run a reactor line on their own.

Some owners have responded by selling. Private equity funds have bought four family firms in the past eighteen months, betting that consolidation will restore pricing power. Others are investing in recycling, hoping that regulation will turn waste plastics into a reliable feedstock.

None of this shows up neatly in quarterly accounts, which is why analysts are reading the outlook statements more closely than the headline profits. A company that keeps its guidance in this climate is signalling confidence in its order book, not in the wider economy.

For shareholders, the lesson of the past three years is patience. The sector's dividends have held up better than its share prices, and the firms with the strongest balance sheets are the ones now buying their weaker rivals."""

FILLERS = [Document(f"f{k}", t) for k, t in enumerate(FILL)]


def test_two_stories_of_one_template_each_with_its_copy_are_two_stories(monkeypatch):
    """Batch parts a linked group at a template pair (``api._template_pair``): the next
    company's results, with its own copy, is a story of its own, not `related` members of
    the first company's (blind25's stories were all merged before the cut)."""
    docs = [_doc("original"), _doc("copy"), _doc("sibling"), _doc("sibling_copy"), _doc("sibling2"), *FILLERS]
    on = batch(docs)
    assert _stories(on) == [["copy", "original"], ["sibling", "sibling_copy"]]
    assert on.stats["template_cuts"] >= 1 and on.stats["closing_cuts"] == 0
    member = {m.id: m for c in on.clusters for m in c.members}
    assert member["copy"].parent == "original"
    # (undated, a copy under another headline and its source are told apart by no signal)
    assert {member["sibling"].parent, member["sibling_copy"].parent} - {None} <= {"sibling", "sibling_copy"}
    monkeypatch.setattr(api, "TEMPLATE_CUT_NUMBERS", 0.0)  # without the cut: one story of five
    off = batch(docs)
    assert _stories(off) == [["copy", "original", "sibling", "sibling2", "sibling_copy"]]
    assert off.stats["template_cuts"] == 0


def test_a_long_text_holding_a_templated_story_is_not_cut_as_a_template_pair(monkeypatch):
    """A long text restating another template story's sentences in a fraction of itself is
    no template's next story (``api.TEMPLATE_CUT_SUPPORT``): the cut leaves it in the story."""
    long_text = _doc("sibling").text + "\n\n" + OWN
    docs = [_doc("original"), _doc("copy"), Document("long", long_text), *FILLERS]
    assert ["copy", "long", "original"] in _stories(batch(docs))
    monkeypatch.setattr(api, "TEMPLATE_CUT_SUPPORT", 0.0)
    assert ["copy", "long", "original"] not in _stories(batch(docs))


def test_the_stderr_line_counts_a_story_of_related_texts_as_the_summary_does(tmp_path):
    """Two templated stories alone stay one story of two `related` texts: the stderr line
    says so as the summary on stdout does (it said "1 story with copies" before)."""
    from click.testing import CliRunner

    from dedup.cli import main

    for name in ("original", "sibling"):
        (tmp_path / f"{name}.txt").write_text(_doc(name).text, encoding="utf-8")
    r = CliRunner().invoke(main, ["batch", str(tmp_path), "--no-progress"])
    assert r.exit_code == 0, r.output
    said = "0 stories with copies and 1 story of related documents only (no copy)"
    assert r.stderr.startswith(f"dedup: 2 documents, {said} (2 documents)")
    assert r.stdout.splitlines()[-1].startswith(said)
