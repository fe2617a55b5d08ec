"""Two texts whose only shared passage is the paragraph both end with (an organisation's
"About us" paragraph under each of its releases) are `related`, not derived
(``Options.closing_rest_support``, ``passages.closing_block``)."""
from pathlib import Path

import pytest

from dedup import Index, Options, batch, compare
from dedup.document import Document
from dedup.passages import Alignment, closing_block, closing_pair
from dedup.score import PairEvidence, classify

from conftest import FILL

ABOUT = ("About Harrowgate Pumps: Harrowgate Pumps Ltd was founded in 1958 in Kessling and makes "
         "centrifugal and submersible pumps for water utilities, farms and mines. The company employs "
         "2,310 people at four plants in Kessling, Ombry, Tarrow Vale and Lisnagh, and sells in 61 "
         "countries through 140 distributors.")

A = """Harrowgate Pumps opens a solar irrigation pump line in Ombry

Harrowgate Pumps Ltd said on Tuesday it would build a new production line for solar-powered irrigation pumps at its Ombry plant, investing 38 million pounds over two years.

The line will assemble up to 45,000 pumps a year for small farms without a grid connection, with the first units leaving the plant in the spring.

Chief executive Maren Thistlewood said demand from growers in dry regions had doubled since the drought of last summer.

"Farmers want to stop paying for diesel, and a pump that runs on the sun pays for itself in three seasons," Thistlewood said.

The project will create 220 jobs in Ombry, most of them for technicians trained at the town's college under a new apprenticeship scheme.

Harrowgate expects the solar range to account for a fifth of its revenue by the end of the decade.

""" + ABOUT + "\n"

B = """Harrowgate Pumps reports record order book for mine dewatering systems

Harrowgate Pumps Ltd reported on Thursday that orders for its heavy dewatering systems reached 512 million pounds at the end of the third quarter, the highest in its history.

Most of the new orders came from copper and lithium mines in the southern hemisphere, where deeper pits need larger submersible units.

Finance director Oswin Partridge said margins on the dewatering range had improved to 17.4 per cent after the company moved casting work back in-house.

"Our customers are digging deeper every year, and every metre down means more water to move," Partridge said.

The company will add a second shift at its Tarrow Vale foundry from January to keep delivery times under twelve weeks.

Analysts at Crowle Brothers raised their revenue forecast for the year by six per cent after the update.

""" + ABOUT + "\n"

# a news site's copy of B under its own headline, and an unrelated text or two for the IDF
B_COPY = B.replace("Harrowgate Pumps reports record order book for mine dewatering systems",
                   "Mine pump maker Harrowgate posts record orders").replace("on Thursday", "this week")
A_COPY = A.replace("Harrowgate Pumps opens a solar irrigation pump line in Ombry",
                   "Solar pumps: Harrowgate to build new line").replace("on Tuesday", "this week")
# a news site's write-up of B in its own words, pasting the organisation's paragraph at its end
B_NEWS = """Deep mines keep Harrowgate's order book at a record

Demand from miners has lifted orders at the Kessling pump maker to a level never seen before, the company told investors this week, with its heavy dewatering units in particular favour.

Copper and lithium producers south of the equator account for most of the rise: the deeper their pits go, the bigger the submersible pumps they need to keep them dry.

Bringing casting back into its own foundries has also helped profits on that range, according to the firm's finance chief, who put the margin at over 17 per cent.

A second shift will start at Tarrow Vale after the new year so that customers do not wait longer than three months for a unit.

""" + ABOUT + "\n"


def _docs(with_dates=True, more=False):
    # (the two releases 23 days apart: within original.STALE_DAYS, so the dates alone would
    # put the earlier one first)
    docs = [Document("a", A, date="2025-05-20" if with_dates else None),
            Document("b", B, date="2025-06-12" if with_dates else None),
            Document("b-copy", B_COPY, date="2025-06-13" if with_dates else None)]
    if more:
        docs += [Document("a-copy", A_COPY, date="2025-05-21" if with_dates else None),
                 Document("b-news", B_NEWS, date="2025-06-14" if with_dates else None)]
    return docs + [Document(f"f{k}", t) for k, t in enumerate(FILL)]


def _member(result, doc_id):
    return next(m for c in result.clusters for m in c.members if m.id == doc_id)


def _story_of(result, doc_id):
    return next(c for c in result.clusters if any(m.id == doc_id for m in c.members))


def test_two_releases_sharing_their_about_paragraph_are_not_derived():
    on = batch(_docs(), Options())
    off = batch(_docs(), Options(closing_rest_support=0.0))
    # without the rule the earlier release is the original of the later one's story
    assert _member(off, "b").relation == "partial" and _member(off, "b").parent == "a"
    # with it: B heads its own story (its copy derived from it); A is at most related
    assert _member(on, "b-copy").parent == "b" and _member(on, "b-copy").relation != "related"
    b_story = _story_of(on, "b")
    assert b_story.original == "b"
    assert all(m.relation == "related" for m in b_story.members if m.id == "a")


@pytest.mark.parametrize("dated", [True, False])
def test_two_releases_with_their_copies_and_write_ups_are_two_stories(dated):
    on = batch(_docs(dated, more=True), Options())
    off = batch(_docs(dated, more=True), Options(closing_rest_support=0.0))
    stories = sorted(sorted(m.id for m in c.members) for c in on.clusters if len(c.members) > 1)
    assert stories == [["a", "a-copy"], ["b", "b-copy", "b-news"]]
    assert on.stats["closing_cuts"] == 1
    # the write-up is derived from the release it was written from
    # (undated, the release and its copy under another headline are told apart by no signal)
    assert _member(on, "b-news").relation in ("rewrite", "partial")
    assert _story_of(on, "b-news").original == "b" if dated else _story_of(on, "b-news").original in ("b", "b-copy")
    # without the rule the paragraph both end with holds the five in one story
    assert sorted(m.id for m in _story_of(off, "b").members) == ["a", "a-copy", "b", "b-copy", "b-news"]
    assert off.stats["closing_cuts"] == 0


def test_compare_calls_the_pair_related_and_says_why():
    c = compare(Document("a", A), Document("b", B))
    assert c.relation == "related"
    assert c.evidence["closing_block"] is True
    d = compare(Document("a", A), Document("b", B), Options(closing_rest_support=0.0))
    assert d.relation == "partial" and d.evidence["closing_block"] is False


def test_a_copy_keeping_the_lead_and_the_about_paragraph_stays_derived():
    # the lead and the about paragraph: two blocks, so no closing block
    paragraphs = B.split("\n\n")
    trim = "\n\n".join(["Harrowgate orders at a record"] + paragraphs[1:4] + [ABOUT]) + "\n"
    c = compare(Document("b", B), Document("trim", trim))
    assert c.relation in ("partial", "near-duplicate", "rewrite")
    assert c.evidence["closing_block"] is False


def test_the_filter_decides_as_batch(tmp_path):
    with Index(str(tmp_path / "i.dedup")) as idx:
        for d in [Document(f"f{k}", t) for k, t in enumerate(FILL)] + [Document("a", A, date="2025-03-04")]:
            idx.add(d)
        dec = idx.check(Document("b", B, date="2025-06-12"))
        assert dec.status in ("new", "related")
        assert all(m.relation == "related" for m in dec.matches)
        idx.add(Document("b", B, date="2025-06-12"))
        copy = idx.check(Document("b-copy", B_COPY, date="2025-06-13"))
        assert copy.status in ("near-duplicate", "duplicate", "rewrite", "partial")
        assert copy.matches[0].id == "b"


def test_classify_puts_the_closing_block_after_near_duplicates_only():
    derived = dict(similarity=0.45, supported=0.4, shingle_containment=0.15, identical=False)
    assert classify(PairEvidence(**derived), Options()) == "partial"
    assert classify(PairEvidence(**derived, closing_block=True), Options()) == "related"
    near = dict(derived, shingle_containment=0.9, supported=0.95)
    assert classify(PairEvidence(**near, closing_block=True), Options()) == "near-duplicate"


class _S:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def _doc(lengths, paragraphs=None):
    sents, at = [], 0
    for n in lengths:
        sents.append(_S(start=at, end=at + n))
        at += n + 1
    return _S(sentences=sents, paragraph_of=paragraphs or list(range(len(lengths))))


@pytest.mark.parametrize("scores,expected", [
    ([0.1, 0.2, 0.1, 0.9, 0.95], (0.0, 0.0)),  # the last two sentences: one closing run
    ([0.1, 0.2, 0.1, 0.9, 0.1], (0.2, 0.0)),  # one run past the middle, then a fifth of its own
    ([0.9, 0.2, 0.1, 0.1, 0.95], None),  # two runs: the lead and the end
    ([0.1, 0.9, 0.95, 0.2, 0.1], None),  # the run starts before the middle
    ([0.1, 0.2, 0.1, 0.2, 0.3], None),  # nothing restated closely
    ([0.5, 0.5, 0.5, 0.9, 0.9], (0.0, 1.0)),  # the rest supported (a rewrite): share 1
])
def test_closing_block_finds_one_run_past_the_middle(scores, expected):
    o = Options()
    d = _doc([40] * 5)
    words = [["w"] * o.min_added_tokens] * 5
    got = closing_block(d, words, Alignment(supported=0.0, scores=scores), o)
    assert got == (expected if expected is None else pytest.approx(expected, abs=0.01))


@pytest.mark.parametrize("ours,theirs,closing", [
    ((0.0, 0.1), (0.0, 0.2), True),
    ((0.2, 0.1), (0.25, 0.2), True),  # a contact block or a note under the block: still closing
    ((0.3, 0.1), (0.0, 0.2), False),  # a third of one text follows: a quoted passage
    ((0.0, 0.4), (0.0, 0.0), False),  # the rest of one restates the other: a rewrite
    (None, (0.0, 0.0), False),
])
def test_closing_pair(ours, theirs, closing):
    assert closing_pair(ours, theirs, Options().closing_rest_support) is closing


def test_short_lines_neither_break_nor_make_a_run():
    o = Options()
    d = _doc([40] * 6 + [10, 40])
    words = [["w"] * o.min_added_tokens] * 6 + [["w"]] + [["w"] * o.min_added_tokens]
    # a short line (a name, a dateline) inside the run, restated or not, is skipped
    got = closing_block(d, words, Alignment(supported=0.0, scores=[0.1] * 5 + [0.9, 0.1, 0.9]), o)
    assert got == (0.0, 0.0)
    # a short line alone restated is no run
    assert closing_block(d, words, Alignment(supported=0.0, scores=[0.1] * 6 + [0.9, 0.1]), o) is None


def test_a_block_too_small_or_too_large_is_no_closing_block():
    o = Options()
    words = [["w"] * o.min_added_tokens] * 30
    scores = [0.1] * 29 + [0.9]
    # a sentence of thirty: a passage a long text quotes, or a sentence shared by chance
    assert closing_block(_doc([40] * 30), words, Alignment(supported=0.0, scores=scores), o) is None
    # a long last sentence (a paragraph about the organisation): a closing block
    assert closing_block(_doc([40] * 29 + [200]), words, Alignment(supported=0.0, scores=scores), o) == (0.0, 0.0)
    # the last half restated: the end of the text copied whole, no closing block
    words = [["w"] * o.min_added_tokens] * 6
    scores = [0.1, 0.1, 0.1, 0.9, 0.9, 0.9]
    assert closing_block(_doc([40] * 6), words, Alignment(supported=0.0, scores=scores), o) is None


def test_compare_command_prints_the_reason(tmp_path):
    from click.testing import CliRunner

    from dedup.cli import main
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 0, result.output
    assert "relation: related" in result.output
    assert "all shared is one block closing both, or paragraphs one site reuses (related)" in result.output


def test_batch_command_counts_the_stories_parted(tmp_path):
    from click.testing import CliRunner

    from dedup.cli import main
    for d in _docs(more=True):
        (tmp_path / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ("1 part (a story or a single document) parted from a linked group at a paragraph two texts "
            "both end with") in result.stderr
    import json
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["stats"]["closing_cuts"] == 1
    names = [c["cluster"] for c in report["clusters"]]
    assert len(names) == len(set(names))  # the parted story has a name of its own


CLOSING = Path(__file__).parent / "fixtures" / "closing"


@pytest.mark.parametrize("lang", ["", "_de"])
def test_a_write_up_copying_the_last_paragraphs_and_the_about_paragraph_stays_derived(lang):
    """A news page of ~450 words, its own reporting then the release's last two paragraphs and
    its About paragraph verbatim (written by a reviewer; the copied block is under 40% of
    either text): a partial copy, not a closing block (two of the block's lines are
    paragraphs of the release's text)."""
    release = Document("release", (CLOSING / f"release{lang}.txt").read_text(encoding="utf-8"))
    news = Document("news", (CLOSING / f"news_last_two_paragraphs{lang}.txt").read_text(encoding="utf-8"))
    other = Document("other", (CLOSING / f"other_release{lang}.txt").read_text(encoding="utf-8"))
    c = compare(release, news)
    assert c.relation == "partial" and c.evidence["closing_block"] is False
    # the organisation's other release shares the About paragraph alone: related
    d = compare(release, other)
    assert d.relation == "related" and d.evidence["closing_block"] is True
    # in batch the write-up stays in its release's story, the other release is parted
    result = batch([release, news, other])
    assert _story_of(result, "news").original == "release"
    assert "other" not in [m.id for m in _story_of(result, "news").members]
