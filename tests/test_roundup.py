"""A roundup (a briefing pasting the first paragraph of three unrelated stories, each with
its copy) does not hold the three in one story (``api._compilations``, the compilation cut in
``api._closing_cut``): documents sharing a verbatim passage are never cut apart, so before
the cut the briefing's passages held every story it quoted in one.  The briefing joins one
story, as a derivative, and what it pasted from the others is not reported as its own."""
from pathlib import Path

import pytest

from dedup import api, batch
from dedup.document import Document

from conftest import FILL

HERE = Path(__file__).parent / "fixtures" / "roundup"
STORIES = ("ferry", "library", "orchard")


def _doc(name: str) -> Document:
    return Document(name, (HERE / f"{name}.txt").read_text(encoding="utf-8"))


def _docs(copies: bool = True) -> list[Document]:
    names = [n for s in STORIES for n in ((s, f"{s}_copy") if copies else (s,))]
    return [_doc(n) for n in names] + [_doc("briefing")] + [Document(f"f{k}", t) for k, t in enumerate(FILL)]


def _stories(result) -> list[list[str]]:
    return sorted(sorted(m.id for m in c.members) for c in result.clusters if len(c.members) > 1)


def _member(result, doc_id):
    return next(m for c in result.clusters for m in c.members if m.id == doc_id)


def test_a_briefing_does_not_hold_the_stories_it_quotes_in_one(monkeypatch):
    on = batch(_docs())
    stories = _stories(on)
    assert len(stories) == 3
    assert sorted(sorted(n for n in g if n != "briefing") for g in stories) == \
        [[s, f"{s}_copy"] for s in STORIES]
    assert on.stats["compilation_cuts"] == 2
    b = _member(on, "briefing")
    assert b.role == "derivative" and b.relation == "partial"
    # what it pasted from the two stories it was parted from is not its own writing either
    text = _doc("briefing").text
    added = "".join(text[s.start:s.end] for s in b.added)
    for s in STORIES:
        first = "\n".join(_doc(s).text.split("\n\n")[1:3])
        assert first in text and first not in added
    assert "Good morning. Here are three stories" in added
    monkeypatch.setattr(api, "COMPILATION_CUT", False)  # without the cut: one story of seven
    off = batch(_docs())
    assert _stories(off) == [sorted([*(n for s in STORIES for n in (s, f"{s}_copy")), "briefing"])]
    assert off.stats["compilation_cuts"] == 0


def test_a_text_pasting_from_single_texts_stays_one_story_with_them():
    """Sources that are single texts (an essay pasting from three articles, PAN13's form)
    are not parted: the cut would leave each alone and the compilation the original of one."""
    result = batch(_docs(copies=False))
    assert _stories(result) == [sorted([*STORIES, "briefing"])]
    assert result.stats["compilation_cuts"] == 0
    assert next(c for c in result.clusters if len(c.members) > 1).original != "briefing"


@pytest.mark.parametrize("k", [0, 1, 2])
def test_the_briefing_is_never_ranked_the_original_of_its_story(k):
    # each story's original is its own text, whichever story the briefing joins
    result = batch(_docs())
    for c in result.clusters:
        if len(c.members) > 1:
            assert c.original != "briefing"
            assert c.original in (STORIES[k], f"{STORIES[k]}_copy") or STORIES[k] not in {m.id for m in c.members}


def test_a_roundup_and_its_copy_join_one_story_and_each_adds_only_its_own_lines():
    text = _doc("briefing").text
    web = Document("briefing_web", "THE MORNING POST ONLINE\n\n" + text + "\nShare this briefing: Email | X\n")
    result = batch(_docs() + [web])
    assert len(_stories(result)) == 3
    story = next(g for g in _stories(result) if "briefing" in g)
    assert "briefing_web" in story
    for doc_id in ("briefing", "briefing_web"):
        m = _member(result, doc_id)
        assert m.role == "derivative"
    # one of the two is the other's copy; the first of them added its own lines
    first = next(_member(result, d) for d in ("briefing", "briefing_web")
                 if _member(result, d).parent not in ("briefing", "briefing_web"))
    assert first.relation == "partial" and first.added


def test_a_roundup_dated_before_its_stories_is_not_their_original():
    docs = _docs()
    dated = [Document(d.id, d.text, date="2025-05-14" if d.id == "briefing" else "2025-05-15") for d in docs]
    result = batch(dated)
    assert len(_stories(result)) == 3
    for c in result.clusters:
        assert c.original != "briefing"
    assert _member(result, "briefing").role == "derivative"


def _live_page(entries: list[str], time: str) -> str:
    return (f"Kelbridge Post | News | Sport | Weather\nUpdated 10 March 2026, {time}\n\n"
            "Live: the flood in the old town\n\n" + "\n\n".join(entries) + "\n")


def test_a_live_pages_first_capture_is_no_compilation_of_the_pages_that_took_its_entries():
    """A live page's first capture (four entries), a later capture holding them all under
    three new ones, a still later one that dropped the oldest two, and another site's article
    lifting the oldest entry: the first capture shares passages with the lift and the last
    capture, which share none, so it looked like a compilation of them, and the dates could
    not put it first (blind29: 3 of 6 originals). A member another member holds whole, while
    holding less of that one, is no compilation (``original.HELD_WHOLE``)."""
    import re

    from index_checks import synthetic

    sentences = re.findall(r"[^.]+\.", synthetic(7, 40))
    entry = [" ".join(s.strip() for s in sentences[k:k + 4]) for k in range(0, 40, 4)]  # 10 entries
    old, new = entry[:4], entry[4:9]  # oldest first
    first = _live_page(old[::-1], "10:05")
    second = _live_page((old + new[:3])[::-1], "12:10")
    third = _live_page((old[2:] + new)[::-1], "14:20")
    lift = ("Kelbridge Courier\nPublished 10 March 2026, 11:00\n\nWater rises in the old town\n\n"
            + synthetic(99, 5) + "\n" + old[0] + "\n\n" + synthetic(98, 5))
    docs = [Document("first", first), Document("second", second), Document("third", third),
            Document("lift", lift)] + [Document(f"f{k}", t) for k, t in enumerate(FILL)]
    result = batch(docs)
    story = next(c for c in result.clusters if any(m.id == "first" for m in c.members))
    assert {m.id for m in story.members} >= {"first", "second", "third"}, [m.id for m in story.members]
    assert story.original == "first", (story.original, story.reasons)


def test_a_story_quoted_by_a_column_and_a_review_is_no_compilation_of_them():
    """A news story one column quotes a paragraph of and a press review another paragraph of:
    it shares passages with two pages that share none, as a roundup does, and was taken for a
    compilation of them, so its date could not put it first (blind30: the column or the
    rewrite ranked first in 2 of 6 stories). They hold under half of it
    (``original.COMPILED_SHARE``); a roundup's sources hold most of it."""
    import re

    from index_checks import synthetic

    sentences = re.findall(r"[^.]+\.", synthetic(11, 28))
    paragraphs = [" ".join(s.strip() for s in sentences[k:k + 4]) for k in range(0, 28, 4)]  # 7
    story = "Kelbridge Post\nPublished 10 March 2026, 09:00\n\n" + "\n\n".join(paragraphs) + "\n"
    column = ("Kelbridge Courier | Opinion\nPublished 11 March 2026, 08:00\n\n" + synthetic(21, 6) + "\n"
              + paragraphs[2] + "\n\n" + synthetic(22, 6))
    review = ("Morning Papers\nPublished 11 March 2026, 07:00\n\n" + synthetic(31, 4) + "\n"
              + paragraphs[5] + "\n\n" + synthetic(32, 4))
    docs = [Document("story", story), Document("column", column), Document("review", review)] + \
        [Document(f"f{k}", t) for k, t in enumerate(FILL)]
    result = batch(docs)
    c = next(c for c in result.clusters if any(m.id == "story" for m in c.members))
    assert {m.id for m in c.members} >= {"story", "column", "review"}, [m.id for m in c.members]
    assert c.original == "story", (c.original, c.reasons)


def test_a_story_a_feature_and_an_explainer_paste_more_than_half_of_is_no_compilation():
    """A news story a magazine's long feature pastes two paragraphs of and an explainer one and
    a half others: the two hold more than half of it (blind47: 0.37-0.61), and at a threshold of 0.5
    its date could not put it first; a roundup's sources hold 0.87 or more of it
    (``original.COMPILED_SHARE``)."""
    import re

    from index_checks import synthetic

    sentences = re.findall(r"[^.]+\.", synthetic(13, 28))
    paragraphs = [" ".join(s.strip() for s in sentences[k:k + 4]) for k in range(0, 28, 4)]  # 7
    story = "Kelbridge Post\nPublished 10 March 2026, 09:00\n\n" + "\n\n".join(paragraphs) + "\n"
    feature = ("Field & Current | Features\nPublished 24 March 2026, 08:00\n\n" + synthetic(41, 12) + "\n"
               + paragraphs[2] + "\n\n" + paragraphs[3] + "\n\n" + synthetic(42, 12))
    explainer = ("Kelbridge Explained\nPublished 11 March 2026, 07:00\n\n" + paragraphs[0] + "\n\n"
                 + " ".join(s.strip() for s in sentences[20:22]) + "\n\n" + synthetic(51, 8))
    docs = [Document("story", story), Document("feature", feature), Document("explainer", explainer)] + \
        [Document(f"f{k}", t) for k, t in enumerate(FILL)]
    result = batch(docs)
    c = next(c for c in result.clusters if any(m.id == "story" for m in c.members))
    assert {m.id for m in c.members} >= {"story", "feature", "explainer"}, [m.id for m in c.members]
    assert c.original == "story", (c.original, c.reasons)
