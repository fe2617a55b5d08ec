"""An outlet's earlier story on the same beat, wrongly grouped with a story it only shares
topic words with, is not put first by its date (dedup.score.loosely_partial in the story
stage's derived-head test); nor one dated days before all the others that none of them
copied from (dedup.score.copied, dedup.api.DISTANT_DAYS)."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from dedup.cli import main
from dedup.score import LOOSE_SHARE, PairEvidence, loosely_partial

BLIND51 = Path(__file__).resolve().parents[1] / "eval" / "blind" / "blind51"


def test_loosely_partial_needs_no_close_sentence_no_passage_and_few_5_grams():
    ev = PairEvidence(similarity=0.39, supported=0.16, shingle_containment=0.01, identical=False,
                      term_containment=0.27, shared_passage=False, close_support=0.0)
    assert loosely_partial(ev)
    assert not loosely_partial(replace(ev, shared_passage=True))  # a verbatim passage is copying
    assert not loosely_partial(replace(ev, close_support=LOOSE_SHARE))  # sentences restated closely
    assert not loosely_partial(replace(ev, shingle_containment=LOOSE_SHARE))


def test_a_story_of_the_day_before_does_not_head_a_thai_story(tmp_path):
    # blind51's Thai story: the outlet's story of two days before (a cassava disease) shares
    # the province's and the beat's words (character bigrams: Thai writes no spaces) and came
    # out `partial` of the original (a maize price protest), no sentence of it restated; its
    # date put it first. Every other member derives from the original, dated first among them.
    labels = json.loads((BLIND51 / "labels.json").read_text(encoding="utf-8"))
    story = next(s for s in labels["stories"] if s["language"] == "th")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(BLIND51 / "docs"), "--all", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    clusters = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = next(c for c in clusters if story["original"] in {m["id"] for m in c["members"]})
    assert mine["original"] == story["original"]
    assert mine["original"] != story["distractor"]


BLIND58 = Path(__file__).resolve().parents[1] / "eval" / "blind" / "blind58"


def test_copied_needs_a_copy_a_passage_close_sentences_or_5_grams():
    from dedup.score import COPIED_SHINGLES, COPIED_SUPPORT, copied
    ev = PairEvidence(similarity=0.52, supported=0.6, shingle_containment=0.03, identical=False,
                      term_containment=0.45, shared_passage=False, close_support=0.23)
    assert not copied(ev, "partial") and copied(ev, "near-duplicate")
    assert copied(replace(ev, shared_passage=True), "partial")
    assert copied(replace(ev, close_support=COPIED_SUPPORT), "rewrite")
    assert copied(replace(ev, shingle_containment=COPIED_SHINGLES), "rewrite")


def test_the_team_s_report_of_the_week_before_does_not_head_its_next_match_s_story(tmp_path):
    # blind58: an outlet's report of a team's match and its report of the team's previous
    # match a week earlier share the players, the coach and the template; the derivatives
    # of the new report are `partial` or `rewrite` of the old one too, and its date put it
    # first. None of them copied from it (no close sentences, passages or 5-grams), so the
    # new report heads its story.
    labels = json.loads((BLIND58 / "labels.json").read_text(encoding="utf-8"))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(BLIND58 / "docs"), "--all", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    clusters = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    relation = {m["id"]: m["relation"] for c in clusters for m in c["members"]}
    for story in labels["stories"]:
        mine = next(c for c in clusters if story["original"] in {m["id"] for m in c["members"]})
        assert mine["original"] == story["original"], story["name"]
        # the week-old report, ranked after the others it came before, is only related to
        # its story (no copy of a later report)
        assert relation[story["distractor"]] in (None, "related"), story["name"]
