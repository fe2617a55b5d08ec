"""An outlet's follow-up story reusing its own background paragraph word for word (a
strike vote, then the strike) is a story of its own: two pages of one site (the same
masthead, ``Corpus.same_site``) sharing only their own paragraphs, wherever they stand,
are `related` and parted (``passages.closing_block`` with ``anywhere``), and so are the
other sites' copies of the two, which share those paragraphs too.  Another site's article
pasting the paragraph is still a partial copy."""
from pathlib import Path

import pytest

from dedup import Index, batch, compare, passages
from dedup.document import Document

from conftest import FILL

HERE = Path(__file__).parent / "fixtures" / "followup"
FILLERS = [Document(f"x{k}", t) for k, t in enumerate(FILL)]


def _doc(name: str) -> Document:
    return Document(name, (HERE / f"{name}.txt").read_text(encoding="utf-8"))


def _stories(result) -> list[list[str]]:
    return sorted(sorted(m.id for m in c.members) for c in result.clusters if len(c.members) > 1)


def test_a_follow_up_and_its_copy_are_a_story_apart_from_the_first(monkeypatch):
    docs = [_doc(n) for n in ("a", "a_copy", "f", "f_copy")] + FILLERS
    on = batch(docs)
    assert _stories(on) == [["a", "a_copy"], ["f", "f_copy"]]
    assert on.stats["closing_cuts"] == 1
    monkeypatch.setattr(passages, "SITE_BLOCK", 1.01)  # no site block: one story of four
    assert _stories(batch(docs)) == [["a", "a_copy", "f", "f_copy"]]


@pytest.mark.parametrize("off", [False, True])
def test_compare_and_the_filter_call_the_follow_up_related(tmp_path, monkeypatch, off):
    if off:
        monkeypatch.setattr(passages, "SITE_BLOCK", 1.01)
    c = compare(_doc("a"), _doc("f"))
    assert c.evidence["shared_passage"] is True
    assert (c.relation, c.evidence["closing_block"]) == (("partial", False) if off else ("related", True))
    with Index(str(tmp_path / "i.dedup")) as idx:
        for d in FILLERS + [_doc("a")]:
            idx.add(d)
        d = idx.check(_doc("f"))
        assert d.status == ("partial" if off else "related")


def test_another_sites_article_pasting_the_paragraph_stays_a_partial_copy():
    c = compare(_doc("a"), _doc("other_site"))
    assert c.relation == "partial" and c.source == "a"
    result = batch([_doc("a"), _doc("a_copy"), _doc("other_site")] + FILLERS)
    assert _stories(result) == [["a", "a_copy", "other_site"]]
