"""Templated news (company results from one template, other figures) is `related`, not a
rewrite, even when the template's sentences are verbatim passages both hold
(``score.TEMPLATE_SUPPORT``); a copy of one such story keeps its figures and stays derived."""
from pathlib import Path

import pytest

from dedup import Index, batch, compare
from dedup import score
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
