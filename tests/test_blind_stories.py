"""End to end on tests/fixtures/stories/: six stories (English, German, Spanish, Russian)
written blind for these tests, each an original with heavy paraphrases, a summary and a
light edit, plus distractors on the same beat (see the folder's README).

Checked: the grouping, what is called derived, and the site furniture.  Not checked: which
member is ranked original.  A light edit (the original republished with one paragraph
added) holds everything the original holds, so the text signals favour it about as often
as the original; see docs/measurements.md, "Blind story sets"."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup.cli import main

HERE = Path(__file__).resolve().parent / "fixtures" / "stories"
SETS = ("en", "ml")


def labels() -> tuple[list[dict], list[str]]:
    stories, distractors = [], []
    for name in SETS:
        data = json.loads((HERE / f"labels_{name}.json").read_text(encoding="utf-8"))
        stories += [dict(s, folder=name) for s in data["stories"]]
        distractors += data["distractors"]
    return stories, distractors


STORIES, DISTRACTORS = labels()


@pytest.fixture(scope="module")
def members(tmp_path_factory) -> dict[str, tuple[str, dict]]:
    """Every document's (story id, member record), from one batch over both folders."""
    out = tmp_path_factory.mktemp("blind") / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", *(str(HERE / s) for s in SETS), "--all", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    found = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        for m in story["members"]:
            found[m["id"]] = (story["cluster"], m)
    return found


def text(folder: str, doc_id: str) -> str:
    return (HERE / folder / f"{doc_id}.txt").read_text(encoding="utf-8")


def covered(spans: list[dict], body: str, passage: str) -> float:
    start = body.index(passage)
    end = start + len(passage)
    return sum(max(0, min(s["end"], end) - max(s["start"], start)) for s in spans) / len(passage)


def test_every_document_is_reported(members):
    ids = {p.stem for s in SETS for p in (HERE / s).glob("*.txt")}
    assert set(members) == ids and len(ids) == 39


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s["original"])
def test_each_story_is_one_cluster_of_its_own(members, story):
    ids = [story["original"], *story["derivatives"]]
    clusters = {members[i][0] for i in ids}
    assert len(clusters) == 1, {i: members[i][0] for i in ids}
    others = [s for s in STORIES if s is not story]
    assert not clusters & {members[s["original"]][0] for s in others}


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s["original"])
def test_rewrites_and_edits_are_derived(members, story):
    # (summaries are left out: three of six keep too small a share of the original's rare
    # words and are called related; see docs/measurements.md)
    for doc_id, lab in story["derivatives"].items():
        if lab["kind"] in ("rewrite", "farm", "light"):
            _, m = members[doc_id]
            assert m["role"] == "original" or m["relation"] != "related", (doc_id, lab["kind"], m["relation"])


def test_distractors_are_not_derived(members):
    for doc_id in DISTRACTORS:
        _, m = members[doc_id]
        assert m["role"] == "original" or m["relation"] == "related", (doc_id, m["relation"])


def test_lists_of_related_headlines_are_boilerplate(members):
    """The labelled lists of links (a heading over three or more headlines), in every
    language, are boilerplate in full, but one: a headline ending in a full stop ("Teen
    sports injuries are rising. Here's why.") ends a list, as a sentence would."""
    shares = {}
    for story in STORIES:
        owners = [(story["original"], story.get("boilerplate_of_original", []))]
        owners += [(i, lab.get("boilerplate", [])) for i, lab in story["derivatives"].items()]
        for doc_id, furniture in owners:
            body = text(story["folder"], doc_id)
            for f in furniture:
                if f.count("\n") >= 3:
                    shares[doc_id, f[:40]] = covered(members[doc_id][1]["boilerplate"], body, f)
    assert len(shares) == 27
    partly = {k: v for k, v in shares.items() if v < 1.0}
    assert len(partly) <= 1 and all(v >= 0.4 for v in partly.values()), partly


def test_paraphrases_report_what_they_added(members):
    """The passages a rewrite or content-farm piece added, when it is ranked below the
    original and derived from it."""
    checked = 0
    for story in STORIES:
        for doc_id, lab in story["derivatives"].items():
            _, m = members[doc_id]
            if lab["kind"] in ("rewrite", "farm") and m.get("parent") == story["original"]:
                body = text(story["folder"], doc_id)
                for passage in lab["added"]:
                    checked += 1
                    assert covered(m["added"], body, passage) >= 0.8, (doc_id, passage[:60])
    assert checked >= 8


def test_filter_fed_each_story_original_first(tmp_path):
    """The pre-ingest filter on the same articles, each story's original first, then its
    derivatives, the distractors last: every original is new, every rewrite, farm piece
    and light edit is a copy or derivative of its own story's original, and no distractor
    is called derived."""
    stream = tmp_path / "in.jsonl"
    story_of, kind = {}, {}
    with stream.open("w", encoding="utf-8") as f:
        for story in STORIES:
            for doc_id in [story["original"], *story["derivatives"]]:
                story_of[doc_id] = story["original"]
                kind[doc_id] = story["derivatives"].get(doc_id, {}).get("kind", "original")
                f.write(json.dumps({"id": doc_id, "text": text(story["folder"], doc_id)}) + "\n")
        for doc_id in DISTRACTORS:
            folder = next(s for s in SETS if (HERE / s / f"{doc_id}.txt").exists())
            kind[doc_id] = "distractor"
            f.write(json.dumps({"id": doc_id, "text": text(folder, doc_id)}) + "\n")
    result = CliRunner().invoke(main, ["filter", str(tmp_path / "idx.dedup"), str(stream)])
    assert result.exit_code == 0, result.output
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(decisions) == 39
    for d in decisions:
        k = kind[d["id"]]
        if k == "original":
            assert d["status"] == "new", d["id"]
        elif k == "distractor":
            assert d["status"] in ("new", "related"), (d["id"], d["status"])
        elif k in ("rewrite", "farm", "light"):
            assert d["status"] not in ("new", "related"), (d["id"], k, d["status"])
            assert story_of[d["matches"][0]["id"]] == story_of[d["id"]]
        if k == "light":  # the paragraph added to the republished article (the filter
            # reported none: the article's own words supported it loosely)
            story = next(s for s in STORIES if s["original"] == story_of[d["id"]])
            body = text(story["folder"], d["id"])
            for passage in story["derivatives"][d["id"]]["added"]:
                assert covered(d["added"], body, passage) >= 0.8, (d["id"], passage[:60])


def test_compare_reports_what_a_light_edit_added_as_batch_does(members):
    """`dedup compare` of a light edit (the original republished, one paragraph added) with
    its original reports that paragraph, as batch does: the two share a verbatim passage,
    so only closely aligned sentences count as supported.  compare used the plain
    alignment and reported nothing added.

    Which side compare names the source is not checked: in a pair, the text cannot tell a
    paragraph one side added from one the other dropped (batch tells them apart by the
    story's other members, which lack it).  Until 2026-12-06 compare named the original
    here, but only while the original's publication line under its long headline
    ("Tuesday, 6 August 2024, 7:15am") was taken for content: without that line, the
    code of then named the light edit too."""
    story = next(s for s in STORIES if s["original"] == "en_87a0b93a")
    light = next(i for i, lab in story["derivatives"].items() if lab["kind"] == "light")
    _, m = members[light]
    assert m["parent"] == story["original"]  # batch: the light edit derived from the original
    paths = [str(HERE / "en" / f"{i}.txt") for i in (story["original"], light)]
    result = CliRunner().invoke(main, ["compare", *paths, "--json"])
    assert result.exit_code == 0, result.output
    c = json.loads(result.stdout)
    assert c["evidence"]["shared_passage"]
    body = text("en", light)
    for passage in story["derivatives"][light]["added"]:
        assert covered(c["added"][light], body, passage) >= 0.8, passage[:60]
        assert covered(m["added"], body, passage) >= 0.8, passage[:60]


# an independent report (another town's flood), the Hexham flood story, its light edit
RELATED_FEED = [("en_134e09b0", "en"), ("en_87a0b93a", "en"), ("en_4dfdd141", "en")]


def related_feed(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for doc_id, folder in RELATED_FEED:
            f.write(json.dumps({"id": doc_id, "text": text(folder, doc_id)}) + "\n")
    return path


def test_filter_stores_a_related_report_so_its_copies_are_found(tmp_path):
    """A report related to an indexed one (the same kind of story, written independently) is
    no copy: by default it is stored, and a light edit of it that comes later is found as
    its near-duplicate, not as one more report related to the first."""
    feed = related_feed(tmp_path / "in.jsonl")
    result = CliRunner().invoke(main, ["filter", str(tmp_path / "idx.dedup"), str(feed)])
    assert result.exit_code == 0, result.output
    first, related, edit = [json.loads(line) for line in result.stdout.splitlines()]
    assert (first["status"], first["indexed"]) == ("new", True)
    assert (related["status"], related["indexed"]) == ("related", True)
    assert edit["status"] == "near-duplicate" and edit["matches"][0]["id"] == "en_87a0b93a"
    # only status new stored, as before: the edit is taken for one more related report
    result = CliRunner().invoke(main, ["filter", str(tmp_path / "new.dedup"), str(feed), "--add", "new"])
    first, related, edit = [json.loads(line) for line in result.stdout.splitlines()]
    assert related["indexed"] is False
    assert edit["status"] == "related" and edit["matches"][0]["id"] == "en_134e09b0"


@pytest.mark.parametrize("emit, passed", [("new", ["en_134e09b0"]),
                                          ("new-or-related", ["en_134e09b0", "en_87a0b93a"])])
def test_filter_emit_passes_new_or_also_related_documents(tmp_path, emit, passed):
    feed = related_feed(tmp_path / "in.jsonl")
    result = CliRunner().invoke(main, ["filter", str(tmp_path / "idx.dedup"), str(feed), "--emit", emit])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == passed
