"""A page whose furniture names another member's masthead ("Source: Holloway Water Trust")
copied it: the named page is ranked before it (``original.credits``, the ``credited``
signal).  Undated, a copy under its own headline and its source differ in nothing else."""
from pathlib import Path
from types import SimpleNamespace as S

import pytest
from hypothesis import given, strategies as st

from dedup import Index, batch, compare, original
from dedup.document import Document

from conftest import FILL

HERE = Path(__file__).parent / "fixtures" / "credit"


def _docs(copy_id: str = "a", original_id: str = "b") -> list[Document]:
    return [Document(copy_id, (HERE / "copy.txt").read_text(encoding="utf-8")),
            Document(original_id, (HERE / "original.txt").read_text(encoding="utf-8")),
            *(Document(f"f{k}", t) for k, t in enumerate(FILL))]


def _story(result):
    return next(c for c in result.clusters if len(c.members) > 1)


@pytest.mark.parametrize("ids", [("a", "b"), ("b", "a")])
def test_the_credited_page_is_ranked_the_original(ids, monkeypatch):
    copy_id, original_id = ids
    story = _story(batch(_docs(copy_id, original_id)))
    assert story.original == original_id
    assert any(r.startswith("credited") for r in story.reasons)
    # without the signal the two tie but for the copy's dominance (the copy's id first: "a")
    monkeypatch.setitem(original.WEIGHTS, "credited", 0.0)
    if copy_id == "a":
        assert _story(batch(_docs(copy_id, original_id))).original == copy_id


@pytest.mark.parametrize("weight", [None, 0.0])
def test_compare_and_the_filter_rank_the_same_way(tmp_path, monkeypatch, weight):
    if weight is not None:
        monkeypatch.setitem(original.WEIGHTS, "credited", weight)
    docs = _docs()
    assert compare(docs[0], docs[1]).source == ("b" if weight is None else "a")
    with Index(str(tmp_path / "i.dedup")) as idx:
        for d in docs[2:]:
            idx.add(d)
        idx.add(docs[0])  # the copy indexed first: its source comes later in the stream
        d = idx.check(docs[1])
        assert d.status in ("duplicate", "near-duplicate")
        # the check's match names the incoming page the likely original (see matches[].original)
        assert [(m.id, m.original) for m in d.matches] == [("a", "b" if weight is None else "a")]


def _bp(text: str, lines: int = 1) -> list:
    end = 0
    for _ in range(lines):
        end = text.index("\n", end) + 1
    return [S(start=0, end=end - 1)]


def test_masthead_names():
    text = "UVAL · Sala de prensa · Universidad de Valdecastro\nBody"
    assert original.masthead_names(text, _bp(text)) == ["sala de prensa", "universidad de valdecastro"]
    # one word after the first part is a section ("Football"), not a name; accents dropped
    text = "ΚΕΡΚΙΔΑ24 | Ποδόσφαιρο\nBody"
    assert original.masthead_names(text, _bp(text)) == ["κερκιδα24"]
    # a script without spaces: three letters are a name (marks dropped, on both sides alike)
    text = "あさぎ製菓\u3000ニュースルーム\nBody"
    assert original.masthead_names(text, _bp(text)) == ["あさき製菓"]
    c = "汐見ポータル\n提供：あさぎ製菓\nBody"
    assert original.credits([text, c], [_bp(text), _bp(c, 2)]).tolist() == [[False, False], [True, False]]
    # a first line that is not furniture is no masthead (a headline)
    assert original.masthead_names("River Senn restoration\nBody", []) == []


def test_credits_ignore_a_part_of_the_pages_own_name():
    a = "KERKIDA24 | Football news\nBody one."
    b = "Football News Today\nGet the Football News Today app\nBody two."
    # b's furniture writes "football news", a part of a's masthead, inside b's own name
    assert not original.credits([a, b], [_bp(a), _bp(b, 2)]).any()
    c = "Town Post\n12 May | Source: Kerkida24\nBody three."
    assert original.credits([a, c], [_bp(a), _bp(c, 2)]).tolist() == [[False, False], [True, False]]


@given(st.text(max_size=80), st.text(max_size=80))
def test_credits_never_fail_and_name_no_one_without_furniture(a, b):
    assert not original.credits([a, b], [[], []]).any()
    out = original.credits([a, b], [[S(start=0, end=len(a))], [S(start=0, end=len(b))]])
    assert out.shape == (2, 2) and not out.diagonal().any()


def test_a_name_in_the_articles_own_sentences_is_no_credit():
    """Only furniture names a source: in a sentence of the text a site's name is as often the
    story's subject ("the Linden Water Board has confirmed") or a plain phrase ("the harbour
    light failed"), which made false credits when the whole text was read (a reviewer's
    texts); a credit line found as furniture counts."""
    a = "HARBOUR LIGHT | Coastal news\nBody of the story."
    b = "COASTAL ECHO | News\nThe harbour light at Pennock Quay failed on Monday night."
    assert not original.credits([a, b], [_bp(a), _bp(b)]).any()
    c = "COASTAL ECHO | News\nSource: Harbour Light\nBody of the story."
    assert original.credits([a, c], [_bp(a), _bp(c, 2)]).tolist() == [[False, False], [True, False]]
