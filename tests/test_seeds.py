"""End to end on seeds/: five heavy paraphrases of one story (word 5-gram overlap ~0).

The expectations are the batch issue's acceptance items.  They are checked here against
the output of the real pipeline; no rule in dedup names these texts.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ORIGINAL = "001_7d6b243a16c21978"


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seeds") / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(SEEDS), "--output", str(out), "-q"])
    assert result.exit_code == 0, result.output
    clusters = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(clusters) == 1, [c["original"] for c in clusters]
    return clusters[0]


def text(doc_id: str) -> str:
    return (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")


def member(story: dict, prefix: str) -> dict:
    (m,) = [m for m in story["members"] if m["id"].startswith(prefix)]
    return m


def joined(spans: list[dict]) -> str:
    return "\n".join(s["text"] for s in spans)


def test_all_five_seeds_form_one_story_with_the_techcrunch_original(story):
    assert sorted(m["id"] for m in story["members"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert story["original"] == ORIGINAL
    roles = {m["id"]: m["role"] for m in story["members"]}
    assert roles.pop(ORIGINAL) == "original"
    assert set(roles.values()) == {"derivative"}
    assert 0 < story["confidence"] <= 1 and story["reasons"]


def test_every_derivative_has_a_parent_relation_and_similarity(story):
    ids = {m["id"] for m in story["members"]}
    for m in story["members"]:
        if m["role"] == "derivative":
            assert m["parent"] in ids and m["parent"] != m["id"]
            assert m["relation"] in {"duplicate", "near-duplicate", "partial", "rewrite"}
            assert 0 < m["similarity"] <= 1


@pytest.mark.parametrize("prefix, passages", [
    ("002", ["All in all"]),
    ("003", ["Abilene", "Larry Ellison", "stock rose"]),
    ("004", ["Inflection CEO Mustafa Suleyman"]),
])
def test_derivatives_report_what_they_added(story, prefix, passages):
    added = joined(member(story, prefix)["added"])
    for p in passages:
        assert p in added, f"{p!r} not among the added passages of {prefix}"


@pytest.mark.parametrize("prefix, furniture", [
    ("001", ["Related Posts", "ChatGPT Launches App Store", "newsletter dedicated to AI"]),
    ("004", ["Sign up to save tools", "Comments (0)", "Be the first to comment!"]),
])
def test_site_furniture_is_boilerplate_not_added(story, prefix, furniture):
    m = member(story, prefix)
    bp = joined(m["boilerplate"])
    for f in furniture:
        assert f in bp, f"{f!r} not in the boilerplate of {prefix}"
        assert f not in joined(m["added"])


def test_spans_slice_the_input_text_and_do_not_overlap(story):
    for m in story["members"]:
        t = text(m["id"])
        spans = sorted(m["added"] + m["boilerplate"], key=lambda s: s["start"])
        for s in spans:
            assert t[s["start"]:s["end"]] == s["text"]
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"]


def test_the_original_adds_nothing_and_derivatives_keep_most_text_unflagged(story):
    for m in story["members"]:
        if m["role"] == "original":
            assert m["added"] == []
        else:
            added = sum(s["end"] - s["start"] for s in m["added"])
            assert added < 0.6 * len(text(m["id"]))


def test_output_is_byte_identical_across_runs(tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / f"o{k}.jsonl"
        r = CliRunner().invoke(main, ["batch", str(SEEDS), "-o", str(out), "-q"])
        assert r.exit_code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_readable_summary_names_the_original_and_the_added_passages():
    r = CliRunner().invoke(main, ["batch", str(SEEDS), "-q"])
    assert r.exit_code == 0
    assert f"original {ORIGINAL}" in r.output
    assert "All in all" in r.output


def test_filter_fed_in_file_order_names_the_batch_original(tmp_path):
    """The seeds through `dedup filter` in file order (undated): 000 comes before the
    original, and the check of 001 names 001 the original of the pair, as batch does."""
    from dedup import Document, Index
    docs = [Document(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    with Index(tmp_path / "seeds.dedup") as idx:
        decisions = {d.id: idx.check_and_add(d, add="all") for d in docs}
    first, second = docs[0].id, docs[1].id
    assert second == ORIGINAL and decisions[first].status == "new"
    match = decisions[ORIGINAL].matches[0]
    assert (match.id, match.original) == (first, ORIGINAL)
    assert match.relation in {"duplicate", "near-duplicate", "partial", "rewrite"}
