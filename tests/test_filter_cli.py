"""`dedup index ...` and `dedup filter`: CliRunner for behaviour, real processes for several
processes on one index and for a SIGKILL in the middle of a batch."""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import REWRITE, SOURCE, UNRELATED, write_jsonl
from index_checks import assert_consistent, db_rows, synthetic, write_records
from dedup import Document, Index
from dedup.cli import main, parse_duration

REPO = Path(__file__).resolve().parents[1]


def run(args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def ok(result, code=0):
    assert result.exit_code == code, (result.exit_code, result.stderr, repr(result.exception))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def lines(text):
    return [json.loads(x) for x in text.splitlines()]


@pytest.fixture
def feed(tmp_path):
    """An index holding the solar story and the bakery story, and a feed to filter."""
    base = write_records(tmp_path / "base.jsonl", [
        {"id": "source", "text": SOURCE, "date": "2024-05-01"},
        {"id": "bakery", "text": UNRELATED},
    ])
    incoming = [
        {"id": "rewrite", "text": REWRITE, "date": "2024-05-02"},
        {"id": "copy", "text": SOURCE},
        {"id": "fresh", "text": synthetic(7)},
        {"id": "fresh-copy", "text": synthetic(7)},
    ]
    return base, write_records(tmp_path / "in.jsonl", incoming), tmp_path / "news.dedup"


# --- dedup index ---------------------------------------------------------------------

def test_index_add_then_stats(feed):
    base, _, idx = feed
    r = ok(run(["index", "add", idx, base, "--no-progress"]))
    assert "added 2 documents" in r.stderr
    s = json.loads(ok(run(["index", "stats", idx, "--json"])).stdout)
    assert s["documents"] == 2 and s["terms"] > 0 and s["options"]["num_perm"] == 256
    text = ok(run(["index", "stats", idx])).stdout
    assert "documents  2" in text and "oldest     2024-05-01T00:00:00+00:00" in text


def test_index_add_and_filter_progress_bars_count_to_the_input_size(feed, tmp_path):
    """With ``--progress``, the bars of ``index add`` and ``filter`` know their totals (the
    records of their inputs, counted before reading: a rate and an ETA); ``filter``'s shows
    the decisions so far; without it (stderr not a terminal), no bar; stdin has no total."""
    base, incoming, idx = feed
    r = ok(run(["index", "add", idx, base, "--progress"]))
    assert "indexing: " in r.stderr and "0/2 " in r.stderr
    many = write_records(tmp_path / "many.jsonl", [{"id": f"s{k}", "text": synthetic(100 + k)}
                                                   for k in range(150)] + [{"id": "bad"}])
    r = ok(run(["filter", idx, many, "--progress", "--no-add"]))
    assert "filtering: " in r.stderr and "/151 " in r.stderr
    assert re.search(r"100/151 \[[^\r]*, 100 new\]", r.stderr)  # the decisions so far, after 100
    r = ok(run(["filter", idx, incoming, "--no-add"]))
    assert "filtering" not in r.stderr and len(lines(r.stdout)) == 4
    r = ok(run(["filter", idx, "--progress", "--no-add"], input=incoming.read_text()))
    assert "filtering: " in r.stderr and "/4 " not in r.stderr and len(lines(r.stdout)) == 4


def test_index_add_progress_counts_what_was_committed(tmp_path, monkeypatch):
    """The bar counted the records read, ahead of what was stored: an interrupted load showed
    3000/3000 with 1,500 stored.  It now advances by each committed batch."""
    from dedup import cli

    updates = []

    class Bar:
        def update(self, n):
            updates.append(n)

        def close(self):
            updates.append("closed")

    monkeypatch.setattr(cli.Progress, "bar", lambda self, desc, total: Bar())
    idx = tmp_path / "i.dedup"
    records = [{"id": f"s{k}", "text": synthetic(200 + k)} for k in range(5)]
    ok(run(["index", "add", idx, write_records(tmp_path / "first.jsonl", records[3:4])]))
    updates.clear()
    r = ok(run(["index", "add", idx, write_records(tmp_path / "all.jsonl", records), "--batch-size", "2",
                "-j", "1"]), 2)  # s3 is already there: the second batch is not stored
    assert "id 's3' is already in the index" in r.stderr and "2 documents added before it" in r.stderr
    assert updates == [2, "closed"]


def test_index_add_reads_every_batch_input_format(tmp_path, corpus_dir):
    idx = tmp_path / "i.dedup"
    ok(run(["index", "add", idx, corpus_dir]))
    with Index(idx) as index:
        assert {"source", "rewrite", "bakery"} <= {d for d in ("source", "rewrite", "bakery") if d in index}


def test_index_add_of_nothing_warns(tmp_path):
    empty = tmp_path / "corpus"
    empty.mkdir()
    r = run(["index", "add", tmp_path / "idx.dedup", empty, "-q"])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [f"dedup: warning: no documents read from {empty}: found no "
                                     ".txt/.md/.jsonl/.ndjson/.jl/.jsonlines/.jsonl.gz/.ndjson.gz/.jl.gz/.jsonlines.gz/.csv/.tsv file"]


def test_index_add_bad_input_is_one_line_exit_2_naming_file_and_line(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps({"id": "a", "text": SOURCE}) + "\n{oops\n", encoding="utf-8")
    idx = tmp_path / "i.dedup"
    r = ok(run(["index", "add", idx, src, "--batch-size", "1"]), 2)
    assert r.stderr.startswith(f"dedup: error: {src}:2: invalid JSON") and r.stderr.count("\n") == 1
    assert "1 document added before it" in r.stderr
    r = ok(run(["index", "add", idx, src, "--skip-invalid", "--skip-existing"]))
    assert "skipped 1 item: 1 bad-json" in r.stderr and "1 already there" in r.stderr


def test_index_add_refuses_ids_already_in_the_index(feed):
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["index", "add", idx, base]), 2)
    assert "id 'source' is already in the index" in r.stderr and "--skip-existing" in r.stderr
    ok(run(["index", "add", idx, base, "--skip-existing"]))
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 2


def test_an_error_in_the_middle_of_a_run_clears_the_progress_bar_first(feed):
    """The error line starts a line of its own: on a terminal it was glued to the end of
    the bar it stopped ("... docs/s]dedup: error: ...")."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["index", "add", idx, base, "--progress", "--batch-size", "1", "-j", "1"]), 2)  # mid-input
    assert "indexing" in r.stderr  # a bar was drawn
    assert re.search(r"(^|[\r\n])dedup: error: .*id 'source' is already in the index", r.stderr), r.stderr


def test_index_remove_and_evict(feed):
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["index", "remove", idx, "bakery", "nope"]))
    assert "removed 1 document" in r.stderr and "not in the index: 1 ('nope')" in r.stderr
    r = ok(run(["index", "evict", idx, "--keep", "30d"]))  # 'source' is dated 2024-05-01
    assert "evicted 1 document" in r.stderr and "0 documents left" in r.stderr
    ok(run(["index", "evict", idx, "--keep", "soon"]), 2)
    ok(run(["index", "remove", idx]), 2)


def test_index_remove_an_id_given_twice_is_removed_once_not_reported_missing(feed, tmp_path):
    """An id named twice (as arguments, or again in --ids-from) was removed by the first and
    reported "not in the index" by the second, although it was in the index."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    ids = tmp_path / "ids.txt"
    ids.write_text("source\nnope\n")
    r = ok(run(["index", "remove", idx, "bakery", "bakery", "source", "--ids-from", ids]))
    assert r.stderr == "dedup: removed 2 documents\ndedup: not in the index: 1 ('nope')\n", r.stderr


def test_parse_duration():
    assert parse_duration("30d").days == 30
    assert parse_duration("12h").total_seconds() == 12 * 3600
    assert parse_duration("2w").days == 14 and parse_duration("90s").total_seconds() == 90
    with pytest.raises(click.BadParameter, match="give a unit: 30s, 30m, 30h, 30d or 30w"):
        parse_duration("30")  # eviction deletes: no unit guessed
    with pytest.raises(click.BadParameter, match="must be a positive duration"):
        parse_duration("-1d")
    for odd in ("1_0d", "\u0663d", "inf", "infd", "nand", "d", ""):  # float() takes the first four
        with pytest.raises(click.BadParameter, match="expected a number with a unit"):
            parse_duration(odd)
    assert parse_duration("1.5d").total_seconds() == 1.5 * 86400 and parse_duration("1e1s").total_seconds() == 10
    assert parse_duration("999999998d").days == 999999998
    for huge in ("99999999999999999999d", "1e300w", "1e999d"):  # one line, not an OverflowError
        with pytest.raises(click.BadParameter, match="too long a window"):
            parse_duration(huge)


def test_parse_duration_refuses_a_capital_m(feed):
    """`--keep 6M` read as 6 minutes (the unit was lower-cased), where M commonly means
    months (ISO 8601's P6M): an eviction of all but the last 6 minutes.  Eviction deletes, so
    it is refused, as a bare number is; the other units take either case."""
    with pytest.raises(click.BadParameter, match="'6M': M could mean minutes or months"):
        parse_duration("6M")
    assert parse_duration("6m").total_seconds() == 360 and parse_duration("30D").days == 30
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["index", "evict", idx, "--keep", "6M"]), 2)
    assert "M could mean minutes or months" in r.stderr
    with Index(idx, readonly=True) as kept:
        assert len(kept) == 2


@pytest.mark.parametrize("keep", ["0d", "0s", "-0d", "-1d", "1e-400s", "1e-7s", "0.0000004s"])
def test_evict_refuses_a_window_that_rounds_to_zero_or_less(feed, keep):
    """A negative window was refused, but `--keep 0d` and a window that rounds to no time at
    all (`1e-400s`: float 0; `1e-7s`: under a microsecond) evicted every document."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["index", "evict", idx, "--keep", keep]), 2)
    assert f"Invalid value for --keep: {keep!r}: must be a positive duration (0 would evict every document)" in r.stderr, r.stderr
    with Index(idx, readonly=True) as kept:
        assert len(kept) == 2
    assert parse_duration("1e-6s").total_seconds() == 1e-6  # a microsecond is a window


def test_evict_strips_the_spaces_around_keep(feed):
    """`--keep " 2d "` said "evicted ... older than  2d ;" with the spaces it was given."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["index", "evict", idx, "--keep", " 30d "]))
    assert r.stderr == "dedup: evicted 1 document older than 30d; 1 document left\n", r.stderr
    r = ok(run(["index", "evict", idx, "--keep", " 6M "]), 2)
    assert "Invalid value for --keep: '6M': M could mean" in r.stderr, r.stderr


@pytest.mark.parametrize("content", [b"\n\n\r\n", b"", b"\xef\xbb\xbf\n"])
def test_index_remove_ids_from_a_file_without_ids_names_the_file(feed, tmp_path, content):
    """An --ids-from file of empty lines only said "give ids to remove (arguments or
    --ids-from)", as if no file had been given."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    blank = tmp_path / "blank.txt"
    blank.write_bytes(content)
    r = ok(run(["index", "remove", idx, "--ids-from", blank]), 2)
    assert f"Error: --ids-from {blank}: no ids in the file (" in r.stderr, r.stderr
    assert "give ids" not in r.stderr
    r = ok(run(["index", "remove", idx, "--ids-from", "-"], input=content), 2)
    assert "Error: --ids-from <stdin>: no ids in the file (" in r.stderr, r.stderr
    r = ok(run(["index", "remove", idx]), 2)  # neither: as before
    assert "give ids to remove (arguments or --ids-from)" in r.stderr
    with Index(idx, readonly=True) as kept:
        assert len(kept) == 2


def test_index_remove_ids_from_a_file_with_a_byte_order_mark_or_not_in_utf8(feed, tmp_path):
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"source\nbak\xe9ry\n")
    r = ok(run(["index", "remove", idx, "--ids-from", bad]), 2)
    assert r.stderr.splitlines() == [f"dedup: error: {bad}:2: not UTF-8 (byte 4 of the line)"]
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 2  # nothing removed
    good = tmp_path / "good.txt"
    good.write_bytes(b"\xef\xbb\xbfsource\n\nbakery\r\n")
    r = ok(run(["index", "remove", idx, "--ids-from", good]))
    assert "removed 2 documents" in r.stderr


def test_index_remove_ids_from_takes_each_line_as_an_exact_id(feed, tmp_path):
    """Only the line ending is dropped: an id with its own spaces can be removed, and a line
    " bakery" does not remove "bakery" (every line was stripped of surrounding blanks)."""
    _, _, idx = feed
    ok(run(["index", "add", idx, write_records(tmp_path / "docs.jsonl", [
        {"id": " padded ", "text": SOURCE}, {"id": "bakery", "text": UNRELATED}])]))
    ids = tmp_path / "ids.txt"
    ids.write_bytes(b" bakery\n\n padded \r\n")
    r = ok(run(["index", "remove", idx, "--ids-from", ids]))
    assert r.stderr.splitlines() == ["dedup: removed 1 document", "dedup: not in the index: 1 (' bakery')"]
    assert [json.loads(x)["id"] for x in ok(run(["index", "export", idx])).stdout.splitlines()] == ["bakery"]


def test_index_add_skip_invalid_skips_and_counts_ids_already_in_the_index(feed, tmp_path):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    both = write_records(tmp_path / "both.jsonl", [json.loads(x) for x in base.read_text().splitlines()]
                         + [json.loads(x) for x in incoming.read_text().splitlines()])
    r = ok(run(["index", "add", idx, both]), 2)  # without it: one line, and how to resume
    assert "id 'source' is already in the index" in r.stderr and "--skip-existing" in r.stderr
    r = ok(run(["index", "add", idx, both, "--skip-invalid"]))
    assert "added 4 documents" in r.stderr
    assert f"skipped 2 items: 2 duplicate-id (first: {both}:1: id 'source' is already in the index)" in r.stderr
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 6


@pytest.mark.parametrize("cmd", [["index", "stats"], ["index", "evict", "--keep", "1d"],
                                 ["index", "add"], ["filter"]])
def test_foreign_or_corrupt_files_are_one_line_errors(tmp_path, cmd, feed):
    _, incoming, _ = feed
    bad = tmp_path / "notes.txt"
    bad.write_text("not an index\n")
    args = cmd[:2] if cmd[0] == "index" else cmd[:1]
    rest = cmd[len(args):]
    extra = [incoming] if cmd[-1] == "add" else []
    r = ok(run(args + [bad] + extra + rest, input=incoming.read_text()), 2)
    assert r.stderr == f"dedup: error: {bad}: not a dedup index (not an SQLite database)\n"
    assert bad.read_text() == "not an index\n"


def test_stats_of_a_missing_index(tmp_path):
    r = ok(run(["index", "stats", tmp_path / "none.dedup"]), 2)
    assert "no such index" in r.stderr and not (tmp_path / "none.dedup").exists()


# --- dedup filter ----------------------------------------------------------------------

def test_filter_writes_one_decision_per_line_in_input_order_and_adds_new_ones(feed):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["filter", idx], input=incoming.read_text()))
    recs = lines(r.stdout)
    assert [(d["line"], d["id"], d["status"]) for d in recs] == [
        (1, "rewrite", "partial"), (2, "copy", "duplicate"), (3, "fresh", "new"), (4, "fresh-copy", "duplicate")]
    assert recs[0]["parent"] == "source" and recs[0]["matches"][0]["original"] == "source"
    assert recs[3]["parent"] == "fresh"  # the new document of line 3 was added before line 4
    assert [d["indexed"] for d in recs] == [False, False, True, False]
    assert any("fishermen" in s["text"] for s in recs[0]["added"])
    texts = {d["id"]: d["text"] for d in lines(incoming.read_text())}
    for d in recs:
        for s in d["added"] + d["boilerplate"]:
            assert texts[d["id"]][s["start"]:s["end"]] == s["text"]
    assert "4 records: 1 new, 2 duplicate, 1 partial; 1 added to the index" in r.stderr
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 3


def test_filter_decides_on_texts_without_terms_against_an_index_with_terms(feed, tmp_path):
    """A line of only numbers or punctuation once stopped the stream with a traceback."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    odd = write_records(tmp_path / "odd.jsonl", [{"id": "n", "text": "12 34"}, {"id": "p", "text": "..."},
                                                 {"id": "n2", "text": "12 34"}])
    r = ok(run(["filter", idx, odd]))
    assert [(d["id"], d["status"]) for d in lines(r.stdout)] == [("n", "new"), ("p", "new"), ("n2", "duplicate")]


def test_filter_reads_a_file_argument_and_creates_the_index(feed):
    _, incoming, idx = feed
    recs = lines(ok(run(["filter", idx, incoming])).stdout)
    statuses = [d["status"] for d in recs]
    assert statuses[0] == "new" and statuses[1] in ("rewrite", "partial") and statuses[2:] == ["new", "duplicate"]


def test_emit_new_passes_new_documents_through_unchanged(feed):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    raw = incoming.read_text().splitlines(keepends=True)
    raw[2] = raw[2].replace('{"id": "fresh"', '{ "id" :  "fresh"')  # odd spacing survives
    r = ok(run(["filter", idx, "--emit", "new", "-q"], input="".join(raw)))
    assert r.stdout == raw[2]


def test_emit_new_drops_the_files_byte_order_mark_so_appended_runs_stay_json_lines(feed, tmp_path):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    raw = incoming.read_bytes().splitlines(keepends=True)
    first = ok(run(["filter", idx, "--emit", "new", "-q"], input=b"\xef\xbb\xbf" + raw[2] + raw[0]))
    assert first.stdout_bytes == raw[2]  # the new record byte for byte, without the mark
    # a later run's output appended to the first reads back as JSON Lines, records only
    second = ok(run(["filter", idx, "--emit", "new", "-q"], input=b"\xef\xbb\xbf" + synthetic_line(11)))
    appended = tmp_path / "clean.jsonl"
    appended.write_bytes(first.stdout_bytes + second.stdout_bytes)
    assert [d["id"] for d in lines(appended.read_text(encoding="utf-8"))] == ["fresh", "s11"]


def test_a_byte_order_mark_before_a_later_line_is_dropped_too(feed):
    """Files joined with cat: the second file's byte-order mark before its first record made
    that record bad JSON ("Unexpected UTF-8 BOM (decode using utf-8-sig)"); it is the file's,
    not the record's, on any line, and --emit new writes the record without it."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    joined = b"\xef\xbb\xbf" + synthetic_line(21) + b"\xef\xbb\xbf" + synthetic_line(22)
    decisions = lines(ok(run(["filter", idx, "--no-add"], input=joined)).stdout)
    assert [(d["id"], d["status"]) for d in decisions] == [("s21", "new"), ("s22", "new")]
    emitted = ok(run(["filter", idx, "--emit", "new", "-q"], input=joined))
    assert emitted.stdout_bytes == synthetic_line(21) + synthetic_line(22)


def synthetic_line(seed):
    return (json.dumps({"id": f"s{seed}", "text": synthetic(seed)}) + "\n").encode()


@pytest.mark.parametrize("name, says", [
    ("in.csv", "not .csv: load CSV with 'dedup index add'"),
    ("in.CSV.gz", "not .csv: load CSV with 'dedup index add'"),
    ("in.json", "not .json: give one JSON object per line"),
    ("in.txt", "not .txt: add a text file with 'dedup index add'"),
    ("in.md", "not .md"),
])
def test_filter_refuses_a_file_named_as_another_format_in_one_line(feed, tmp_path, name, says):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    named = tmp_path / name
    named.write_bytes(incoming.read_bytes())  # JSON Lines inside: the name decides, as for batch
    r = ok(run(["filter", idx, named]), 2)
    assert r.stdout == ""
    assert r.stderr == f"dedup: error: {named}: dedup filter reads JSON Lines, {says}" + r.stderr.split(says, 1)[1]
    assert r.stderr.count("\n") == 1
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 2


@pytest.mark.parametrize("name", ["in.ndjson", "in.log", "in", "in.jsonl.gz", "in.gz"])
def test_filter_reads_json_lines_under_any_other_name(feed, tmp_path, name):
    import gzip

    _, incoming, idx = feed
    named = tmp_path / name
    data = incoming.read_bytes()
    named.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    recs = lines(ok(run(["filter", idx, named])).stdout)
    assert [d["id"] for d in recs] == ["rewrite", "copy", "fresh", "fresh-copy"]


def test_no_add_checks_without_writing(feed):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    before = idx.read_bytes() if not (idx.parent / (idx.name + "-wal")).exists() else None
    recs = lines(ok(run(["filter", idx, "--no-add"], input=incoming.read_text())).stdout)
    assert [d["status"] for d in recs] == ["partial", "duplicate", "new", "new"]  # fresh never added
    assert not any(d["indexed"] for d in recs)
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 2
    if before is not None:
        assert idx.read_bytes() == before


def test_no_add_never_creates_an_index(tmp_path, feed):
    _, incoming, _ = feed
    missing = tmp_path / "missing.dedup"
    r = ok(run(["filter", missing, incoming, "--no-add"]), 2)
    assert r.stderr == f"dedup: error: {missing}: no such index\n" and not missing.exists()


def test_add_all_stores_every_document(feed):
    _, incoming, idx = feed
    recs = lines(ok(run(["filter", idx, "--add", "all"], input=incoming.read_text())).stdout)
    assert all(d["indexed"] for d in recs)
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 4


def test_bad_lines_get_error_decisions_and_the_stream_goes_on(feed):
    _, _, idx = feed
    data = "\n".join([
        json.dumps({"id": "a", "text": SOURCE}),
        "{not json",
        json.dumps({"id": "b"}),
        "",
        json.dumps({"id": "a", "text": UNRELATED}),  # id already in the index
        json.dumps({"id": "c", "text": UNRELATED}),
    ]) + "\n"
    r = ok(run(["filter", idx], input=data))
    recs = lines(r.stdout)
    assert [(d["line"], d["status"]) for d in recs] == [(1, "new"), (2, "error"), (3, "error"), (5, "error"), (6, "new")]
    assert recs[1]["error"].startswith("<stdin>:2: invalid JSON")
    assert recs[2]["error"] == "<stdin>:3: no 'text' field"
    assert recs[3]["error"] == "<stdin>:5: id 'a' is already in the index" and recs[3]["id"] == "a"
    assert "3 error" in r.stderr
    # with --emit new the errors go to stderr, the clean stream keeps only new documents
    other = idx.parent / "other.dedup"
    r = ok(run(["filter", other, "--emit", "new"], input=data))
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["a", "c"]
    assert "dedup: error: <stdin>:2: invalid JSON" in r.stderr


@pytest.mark.parametrize("jobs", [[], ["--no-add", "--jobs", "2"]])
def test_error_decisions_keep_a_valid_id(feed, jobs):
    """A record whose id was read and valid but whose text or date is bad gets an error
    decision carrying that id (it was null); a bad or missing id stays null; the same in
    pool workers."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    data = "\n".join([
        json.dumps({"id": "t", "text": 5}),
        json.dumps({"id": 7, "text": "   "}),
        json.dumps({"id": "d", "text": SOURCE, "date": "yesterday"}),
        json.dumps({"text": SOURCE}),
        json.dumps({"id": "", "text": SOURCE}),
        json.dumps({"id": "\ud800", "text": SOURCE}),
        "{not json",
    ]) + "\n"
    recs = lines(ok(run(["filter", idx, *jobs], input=data)).stdout)
    assert [(d["id"], d["status"]) for d in recs] == [
        ("t", "error"), ("7", "error"), ("d", "error"),
        (None, "error"), (None, "error"), (None, "error"), (None, "error")]
    assert recs[2]["error"] == "<stdin>:3: 'date' is not an ISO 8601 date with a day (as 2025-01-31 or 2025-01-31T09:30:00Z): \"yesterday\""


def test_on_error_stop_ends_with_exit_2_after_the_earlier_decisions(feed):
    _, _, idx = feed
    data = json.dumps({"id": "a", "text": SOURCE}) + "\n[1, 2]\n" + json.dumps({"id": "c", "text": UNRELATED}) + "\n"
    r = ok(run(["filter", idx, "--on-error", "stop"], input=data), 2)
    assert [d["id"] for d in lines(r.stdout)] == ["a"]
    assert r.stderr == "dedup: error: <stdin>:2: expected a JSON object, got an array\n"


def test_filter_rejects_options_that_conflict_with_the_index(feed):
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    r = ok(run(["filter", idx, "--set", "num_perm=128", "--set", "lsh_bands=64"], input=""), 2)
    assert "built with num_perm=256 (given 128)" in r.stderr
    # a scoring option may be changed per run
    recs = lines(ok(run(["filter", idx, "--set", "link_threshold=0.95", "--no-add"],
                        input=incoming.read_text())).stdout)
    assert recs[0]["status"] == "new"


def test_set_changes_only_what_it_names_on_an_index_built_with_other_options(feed):
    """--set applies on top of the index's own options: an index built with non-default
    sketch options accepts a scoring --set, and keeps its other stored options."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base, "--set", "key_terms=16", "--set", "link_threshold=0.3"]))
    recs = lines(ok(run(["filter", idx, "--no-add", "--set", "near_duplicate=0.8"],
                        input=incoming.read_text())).stdout)
    assert [r["status"] for r in recs][:2] != ["new", "new"]  # the rewrite and the copy match
    # a structural --set that agrees with the index is accepted, one that does not is not
    ok(run(["filter", idx, "--no-add", "--set", "key_terms=16"], input=""))
    r = ok(run(["filter", idx, "--no-add", "--set", "key_terms=32"], input=""), 2)
    assert r.stderr.strip() == f"dedup: error: {idx}: the index was built with key_terms=16 (given 32)"
    stats = json.loads(ok(run(["index", "stats", idx, "--json"])).stdout)
    assert stats["options"]["key_terms"] == 16 and stats["options"]["link_threshold"] == 0.3


# --- several processes, and SIGKILL -------------------------------------------------

def dedup_cmd(*args):
    return [sys.executable, "-m", "dedup", *map(str, args)]


def env():
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO) + os.pathsep + e.get("PYTHONPATH", "")
    return e


WRITER = textwrap.dedent("""
    import json, os, sys, time
    from dedup import Document, Index
    path, src, go = sys.argv[1:4]
    docs = [json.loads(x) for x in open(src, encoding="utf-8")]
    idx = Index(path, create=False)
    deadline = time.time() + 60
    while not os.path.exists(go) and time.time() < deadline:
        time.sleep(0.001)
    for d in docs:
        dec = idx.check_and_add(Document(d["id"], d["text"]))
        print(json.dumps({"id": dec.id, "status": dec.status}), flush=True)
""")


def test_two_writers_check_and_add_atomically(tmp_path):
    """Two processes add the same texts under different ids at the same time, in lockstep:
    for each text exactly one of them finds it new, because check and add are one
    transaction (another writer cannot add the copy in between)."""
    n = 150
    a = write_records(tmp_path / "a.jsonl", [{"id": f"a{k}", "text": synthetic(k, 3)} for k in range(n)])
    b = write_records(tmp_path / "b.jsonl", [{"id": f"b{k}", "text": synthetic(k, 3)} for k in range(n)])
    idx = tmp_path / "shared.dedup"
    Index(idx).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, str(script), str(idx), str(src), str(go)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env()) for src in (a, b)]
    time.sleep(3)  # both have imported dedup and opened the index
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()
    decided = {d["id"]: d for out, _ in outs for d in lines(out.decode())}
    assert len(decided) == 2 * n
    for k in range(n):
        statuses = sorted([decided[f"a{k}"]["status"], decided[f"b{k}"]["status"]])
        assert statuses == ["duplicate", "new"], (k, statuses)
    ids = assert_consistent(idx)
    assert len(ids) == n


def test_filter_answers_each_line_before_the_next_arrives(tmp_path):
    """A pipeline stage: the decision for a line is written (flushed) while stdin stays open."""
    p = subprocess.Popen(dedup_cmd("filter", tmp_path / "live.dedup"), stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    watchdog = threading.Timer(120, p.kill)  # a filter that waits for EOF fails instead of hanging
    watchdog.start()
    try:
        for k, expected in enumerate(["new", "duplicate", "new"]):
            text = synthetic(0 if k < 2 else 1, 3)
            p.stdin.write((json.dumps({"id": f"d{k}", "text": text}) + "\n").encode())
            p.stdin.flush()
            assert json.loads(p.stdout.readline())["status"] == expected
        p.stdin.close()
        assert p.wait(timeout=60) == 0
        assert p.stdout.read() == b""
    finally:
        watchdog.cancel()
        p.kill()
        p.wait()
        p.stdout.close()
        p.stderr.close()


def test_opening_while_another_process_creates_the_index(tmp_path, monkeypatch):
    """Two processes open a missing index at once (as two `dedup filter` do).  One of them
    reads the file's application id and then its tables; the other (here a second connection
    in a thread) creates the index in between, as a preemption under load allows.  The two reads are one snapshot, so the
    opener never mistakes the new index for a foreign SQLite database."""
    import sqlite3

    from dedup import storage

    path = str(tmp_path / "shared.dedup")
    created, failures = threading.Event(), []

    def create():
        try:
            Index(path).close()
        except Exception as e:  # pragma: no cover (the failure is reported below)
            failures.append(e)
        created.set()

    class Interrupted(sqlite3.Connection):
        """The opener's connection: another opener runs between its first two reads."""
        def execute(self, sql, *args):
            if sql.startswith("SELECT count(*) FROM sqlite_master") and not hasattr(self, "creator"):
                self.creator = threading.Thread(target=create)
                self.creator.start()
                created.wait(1.0)  # it finishes at once unless the opener's snapshot holds it off
            return super().execute(sql, *args)

    real = sqlite3.connect
    opened = []

    def connect(*args, **kwargs):
        if opened:
            return real(*args, **kwargs)
        opened.append(real(*args, factory=Interrupted, **kwargs))
        return opened[0]

    monkeypatch.setattr(storage.sqlite3, "connect", connect)
    with Index(path) as index:
        index.add(Document("a", synthetic(1, 3)))
    opened[0].creator.join(60)
    assert created.is_set() and not failures, failures
    assert assert_consistent(path) == ["a"]


def test_opening_while_another_process_switches_the_new_file_to_wal(tmp_path):
    """Two processes open a missing index at once and both switch the new file to WAL.
    SQLite fails that switch at once with "database is locked" while the other one's is in
    progress (no busy handler there); the opener waits for it as for any other writer."""
    import sqlite3

    path = str(tmp_path / "shared.dedup")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # what the other process's switch holds, for a while
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    try:
        with Index(path) as index:
            index.add(Document("a", synthetic(1, 3)))
    finally:
        release.join()
        other.close()
    assert assert_consistent(path) == ["a"]


def test_two_filter_processes_share_one_index(tmp_path):
    """Two `dedup filter` processes write to one index at once: both finish, nothing is lost."""
    n = 60
    a = write_records(tmp_path / "a.jsonl", [{"id": f"a{k}", "text": synthetic(k, 3)} for k in range(n)])
    b = write_records(tmp_path / "b.jsonl", [{"id": f"b{k}", "text": synthetic(1000 + k, 3)} for k in range(n)])
    idx = tmp_path / "shared.dedup"
    procs = [subprocess.Popen(dedup_cmd("filter", idx, src, "-q"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env()) for src in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()
        assert [d["status"] for d in lines(out.decode())] == ["new"] * n
    assert sorted(assert_consistent(idx)) == sorted([f"a{k}" for k in range(n)] + [f"b{k}" for k in range(n)])


READER = textwrap.dedent("""
    import json, sys, time
    from dedup import Document, Index
    path, stop, probe = sys.argv[1], sys.argv[2], sys.argv[3]
    idx = Index(path, create=False)
    deadline = time.time() + 120
    import os
    while not os.path.exists(stop) and time.time() < deadline:
        with idx.storage.read():
            n = len(idx)
            rows = idx.storage.conn.execute("SELECT count(*) FROM docs").fetchone()[0]
            status = idx.check(Document("probe", probe)).status
        print(json.dumps([n, rows, status]), flush=True)
""")


def test_readers_alongside_a_writer_see_only_whole_batches(tmp_path):
    n, batch = 300, 20
    probe = synthetic(10_000, 6)
    idx = tmp_path / "shared.dedup"
    with Index(idx) as index:
        index.add(Document("probe-source", probe))
    src = write_records(tmp_path / "load.jsonl", [{"id": f"d{k}", "text": synthetic(k, 6)} for k in range(n)])
    stop = tmp_path / "stop"
    script = tmp_path / "reader.py"
    script.write_text(READER)
    readers = [subprocess.Popen([sys.executable, str(script), str(idx), str(stop), probe], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env()) for _ in range(2)]
    writer = subprocess.run(dedup_cmd("index", "add", idx, src, "--batch-size", batch, "--no-progress"),
                            capture_output=True, env=env(), timeout=300)
    stop.touch()
    results = [r.communicate(timeout=120) for r in readers]
    assert writer.returncode == 0, writer.stderr.decode()
    for r, (out, err) in zip(readers, results):
        assert r.returncode == 0, err.decode()
        seen = [json.loads(x) for x in out.decode().splitlines()]
        assert len(seen) >= 2
        counts = [s[0] for s in seen]
        assert counts == sorted(counts), "a reader saw the index shrink"
        for total, rows, status in seen:
            assert total == rows  # totals and rows from one consistent snapshot
            assert (total - 1) % batch == 0, f"a reader saw a half-written batch ({total} documents)"
            assert status == "duplicate"
    assert len(assert_consistent(idx)) == n + 1


def _wait_for(predicate, timeout=120.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _docs(path) -> int:
    try:
        return db_rows(path, "SELECT count(*) FROM docs")[0][0]
    except Exception:  # not created yet
        return 0


def test_sigkill_in_the_middle_of_a_bulk_load_leaves_whole_batches(tmp_path):
    n, batch = 2000, 25
    src = write_records(tmp_path / "load.jsonl", [{"id": f"d{k}", "text": synthetic(k, 6)} for k in range(n)])
    idx = tmp_path / "load.dedup"
    p = subprocess.Popen(dedup_cmd("index", "add", idx, src, "--batch-size", batch, "--no-progress"),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env())
    try:
        assert _wait_for(lambda: _docs(idx) >= 2 * batch), "the load did not start"
        time.sleep(0.05)  # well inside a later batch
        assert p.poll() is None, "the load finished before it could be killed"
        os.kill(p.pid, signal.SIGKILL)
    finally:
        p.kill()
        p.wait()
    assert p.returncode == -signal.SIGKILL
    ids = assert_consistent(idx)
    assert 0 < len(ids) < n and len(ids) % batch == 0
    assert ids == [f"d{k}" for k in range(len(ids))]
    # the index opens cleanly and takes writes again; resuming finishes the load
    r = subprocess.run(dedup_cmd("index", "add", idx, src, "--skip-existing", "--no-progress"),
                       capture_output=True, env=env(), timeout=600)
    assert r.returncode == 0, r.stderr.decode()
    assert len(assert_consistent(idx)) == n


def test_sigkill_during_filter_keeps_every_document_whose_decision_was_written(tmp_path):
    # d0 new, d1 its copy, d2 new, d3 its copy, ...
    records = [{"id": f"d{k}", "text": synthetic(k // 2, 5)} for k in range(1500)]
    src = write_records(tmp_path / "feed.jsonl", records)
    idx = tmp_path / "feed.dedup"
    p = subprocess.Popen(dedup_cmd("filter", idx, src), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env=env())
    got = []
    try:
        while len(got) < 60:
            line = p.stdout.readline()
            assert line, "filter ended early"
            got.append(json.loads(line))
        os.kill(p.pid, signal.SIGKILL)
    finally:
        p.kill()
        p.wait()
        p.stdout.close()
    assert p.returncode == -signal.SIGKILL
    ids = assert_consistent(idx)
    indexed = [d["id"] for d in got if d["indexed"]]
    assert indexed and set(indexed) <= set(ids)
    assert len(ids) < len(records) // 2  # it really was killed mid-stream
    # the index holds exactly the new documents of a prefix of the stream, in order
    assert ids == [f"d{2 * k}" for k in range(len(ids))]
    assert [d["status"] for d in got] == ["new", "duplicate"] * (len(got) // 2)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_index_add_jobs_gives_the_same_index_and_the_same_error(tmp_path, jobs):
    from test_index import _stored

    records = [{"id": f"s{k}", "text": synthetic(k)} for k in range(9)]
    good = write_records(tmp_path / "good.jsonl", records)
    ok(run(["index", "add", tmp_path / "one.dedup", good, "--jobs", "1", "--batch-size", "2"]))
    ok(run(["index", "add", tmp_path / "n.dedup", good, "--jobs", jobs, "--batch-size", "2"]))
    assert _stored(tmp_path / "one.dedup") == _stored(tmp_path / "n.dedup")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    r = ok(run(["index", "add", tmp_path / "b.dedup", bad, "--jobs", jobs, "--batch-size", "2"]), 2)
    assert r.stderr.startswith(f"dedup: error: {bad}:10: invalid JSON") and r.stderr.count("\n") == 1
    assert "8 documents added before it" in r.stderr  # four whole batches; the fifth was cut short
    assert assert_consistent(tmp_path / "b.dedup") == [f"s{k}" for k in range(8)]


def _check_only_feed(tmp_path):
    """An index of the solar story and a few made-up ones, and a feed holding copies,
    rewrites, new documents, partial copies, an id already in the index, bad lines and a
    blank line."""
    base = [{"id": "source", "text": SOURCE, "date": "2024-05-01"}, {"id": "bakery", "text": UNRELATED}]
    base += [{"id": f"s{k}", "text": synthetic(k)} for k in range(6)]
    idx = tmp_path / "news.dedup"
    ok(run(["index", "add", idx, write_records(tmp_path / "base.jsonl", base)]))
    incoming = [{"id": "rewrite", "text": REWRITE}, {"id": "copy", "text": SOURCE}]
    incoming += [{"id": f"n{k}", "text": synthetic(100 + k)} for k in range(6)]
    incoming += [{"id": f"c{k}", "text": synthetic(k)} for k in range(3)]
    incoming += [{"id": f"p{k}", "text": synthetic(k, 4) + synthetic(200 + k, 4)} for k in range(3)]
    incoming += [{"id": "s1", "text": synthetic(1)}]  # already in the index: still only checked
    path = write_records(tmp_path / "in.jsonl", incoming)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3:3] = ["{oops\n", "\n", json.dumps({"id": "no-text"}) + "\n"]
    path.write_text("".join(text), encoding="utf-8")
    return idx, path


@pytest.mark.parametrize("emit", ["decisions", "new"])
def test_filter_no_add_jobs_gives_the_same_decisions_in_the_same_order(tmp_path, emit):
    """``--no-add --jobs 2`` checks in two worker processes: the output (decisions, error
    items naming their lines, or the new documents passed through) and the counters are
    those of ``--jobs 1``, byte for byte, and the index is not written."""
    idx, path = _check_only_feed(tmp_path)
    before = idx.read_bytes()
    one = ok(run(["filter", idx, path, "--no-add", "--emit", emit]))
    two = ok(run(["filter", idx, path, "--no-add", "--emit", emit, "--jobs", "2"]))
    assert two.stdout == one.stdout and two.stderr == one.stderr
    if emit == "decisions":
        got = lines(one.stdout)
        assert [d["line"] for d in got] == [1, 2, 3, 4, 6] + list(range(7, 19))
        statuses = {d["status"] for d in got}
        assert {"new", "duplicate", "error", "rewrite"} <= statuses and len(statuses) >= 5, statuses
    assert "0 added to the index" in one.stderr and idx.read_bytes() == before


def test_filter_lines_in_a_pool_gives_the_same_items(tmp_path):
    """The library call with ``jobs=2`` (not lowered to the cores, as the command line
    does): every item the same as inline, in order; with ``add`` it is refused."""
    from dedup.stream import filter_lines

    idx, path = _check_only_feed(tmp_path)
    with Index(idx) as index:
        with open(path, "rb") as fh:
            one = [i.record() for i in filter_lines(index, fh, "in.jsonl", add=None)]
        with open(path, "rb") as fh:
            two = [i.record() for i in filter_lines(index, fh, "in.jsonl", add=None, jobs=2)]
        assert two == one and len(one) == 17
        with open(path, "rb") as fh, pytest.raises(ValueError, match="jobs > 1 needs add=None"):
            next(filter_lines(index, fh, "in.jsonl", jobs=2))


def test_filter_lines_in_a_pool_inside_an_open_session_sees_its_uncommitted_documents(tmp_path):
    """As ``Index.check_many``: inside ``idx.session()`` forked workers with their own
    connections do not see the session's uncommitted documents (the copy of one came out
    ``new`` with ``jobs=2``); the records are checked in this process there."""
    import io

    from dedup.stream import filter_lines

    data = (json.dumps({"id": "copy", "text": SOURCE}) + "\n").encode()
    with Index(tmp_path / "i.dedup") as idx:
        idx.add(Document("bakery", UNRELATED))
        with idx.session():
            idx.add(Document("source", SOURCE))
            got = [i.record()["status"] for i in filter_lines(idx, io.BytesIO(data), add=None, jobs=2)]
        assert got == ["duplicate"]


def _live(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc (Linux)")
def test_filter_jobs_workers_end_when_the_filter_is_killed(tmp_path):
    """``filter --no-add --jobs 2`` killed with SIGKILL (no chance to end its pool): its
    workers waited for ever for their next task, each holding the index and the input open."""
    idx, path = _check_only_feed(tmp_path)
    feed = path.read_bytes()
    p = subprocess.Popen(dedup_cmd("filter", idx, "--no-add", "--jobs", "2", "-q"), stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env())
    workers = []
    try:
        p.stdin.write(feed)  # and more to come: stdin stays open
        p.stdin.flush()
        assert p.stdout.readline(), "no decision"
        with open(f"/proc/{p.pid}/task/{p.pid}/children") as fh:
            workers = [int(c) for c in fh.read().split()]
        assert len(workers) == 2, workers
        p.kill()
        p.wait(timeout=10)
        assert _wait_for(lambda: not any(map(_live, workers)), timeout=20), \
            [w for w in workers if _live(w)]
    finally:
        p.kill()
        p.wait()
        for w in workers:
            if _live(w):
                os.kill(w, signal.SIGKILL)
        p.stdin.close()
        p.stdout.close()


def test_filter_jobs_without_no_add_is_a_usage_error(tmp_path):
    r = ok(run(["filter", tmp_path / "x.dedup", "--jobs", "2"], input=""), 2)
    assert "--jobs 2 needs --no-add" in r.stderr and not (tmp_path / "x.dedup").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_filter_stdout_on_a_full_disk_is_one_line_exit_1(tmp_path):
    """Decisions written to a full disk: one line naming the input line, exit 1, no traceback;
    the document whose decision could not be written was committed first and stays."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Storm floods the old town after days of rain."}) + "\n",
                   encoding="utf-8")
    idx = tmp_path / "news.dedup"
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "dedup", "filter", str(idx), str(src), "-q"],
                           stdout=full, stderr=subprocess.PIPE, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("dedup: error: stdout: cannot write: No space left on device (at input line 1;"), err
    with Index(str(idx)) as index:
        assert index.stats()["documents"] == 1


def test_filter_writes_unpaired_surrogates_as_json_escapes(tmp_path):
    from test_cli import SURROGATE_TEXTS
    feed = "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in SURROGATE_TEXTS.items())
    recs = lines(ok(run(["filter", tmp_path / "x.dedup"], input=feed)).stdout)
    assert [d["status"] for d in recs][0] == "new" and recs[1]["status"] != "new"
    spans = [s for d in recs for s in d["added"] + d["boilerplate"]]
    assert any("\ud83d" in s["text"] for s in spans)
    for d in recs:
        for s in d["added"] + d["boilerplate"]:
            assert SURROGATE_TEXTS[d["id"]][s["start"]:s["end"]] == s["text"]


def test_filter_nan_is_an_error_decision(tmp_path):
    """NaN is not JSON: the line is an error decision, not a document with the id 'nan'."""
    feed = json.dumps({"id": "a", "text": SOURCE}) + "\n" + '{"id": NaN, "text": "Some other words here."}\n'
    recs = lines(ok(run(["filter", tmp_path / "x.dedup"], input=feed)).stdout)
    assert [(d["line"], d["status"]) for d in recs] == [(1, "new"), (2, "error")]
    assert recs[1]["error"] == "<stdin>:2: invalid JSON: NaN is not JSON (JSON numbers are finite)"


def test_a_batch_size_beyond_what_python_counts_is_a_usage_error(tmp_path):
    """--batch-size 10**24 ended in a ValueError traceback from itertools.islice."""
    r = ok(run(["index", "add", tmp_path / "x.dedup", REPO / "seeds", "--batch-size", str(10 ** 24)]), 2)
    assert "Invalid value for '--batch-size'" in r.stderr and "Traceback" not in r.stderr


def test_index_add_refuses_stdin_twice_as_batch_does(tmp_path):
    """The second '-' read nothing, silently; no index is created."""
    feed = json.dumps({"id": "a", "text": SOURCE}) + "\n"
    r = ok(run(["index", "add", tmp_path / "x.dedup", "-", "-"], input=feed), 2)
    assert "'-' (stdin) given more than once" in r.stderr and not (tmp_path / "x.dedup").exists()


def test_a_bad_set_is_reported_before_the_input_is_opened(tmp_path):
    """A misspelt --set is the error, not the missing input file; no index is created."""
    idx = tmp_path / "new.dedup"
    r = ok(run(["filter", str(idx), str(tmp_path / "missing.jsonl"), "--set", "no_such_option=1"]), 2)
    assert "--set" in r.stderr and "no_such_option" in r.stderr and "missing.jsonl" not in r.stderr
    assert not idx.exists()


def _long_run_with_workers(tmp_path, command: str) -> tuple:
    """The index path and the arguments of a run with two workers long enough to be
    interrupted mid-stage: ``index add`` or ``batch`` of 20,000 made-up articles, or
    ``filter --no-add`` of them against an index of 300."""
    docs = write_records(tmp_path / "big.jsonl", [{"id": f"d{k}", "text": synthetic(k, 6)} for k in range(20000)])
    idx = tmp_path / "big.dedup"
    if command == "index":
        return idx, ["index", "add", idx, docs, "--jobs", "2", "--batch-size", "200"]
    if command == "filter":
        base = write_records(tmp_path / "base.jsonl", [{"id": f"b{k}", "text": synthetic(k, 6)} for k in range(300)])
        ok(run(["index", "add", idx, base]))
        return idx, ["filter", idx, docs, "--no-add", "--jobs", "2", "-q"]
    return idx, ["batch", docs, "--jobs", "2", "-o", tmp_path / "out.jsonl"]


@pytest.mark.parametrize("command,stage", [("index", "indexing: "), ("batch", "key terms: "),
                                           ("filter", "filtering: ")])
def test_ctrl_c_in_the_middle_of_a_run_with_workers_is_one_line_exit_130(tmp_path, command, stage):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while two workers
    run: one line, exit 130, no traceback from the parent or a worker, no hang; an index
    keeps what it committed and opens cleanly."""
    idx, args = _long_run_with_workers(tmp_path, command)
    # SIGINT's default action, as in a terminal's foreground job: a runner that started the
    # tests in the background (`cmd &` in a script) has SIGINT ignored, which exec keeps
    p = subprocess.Popen(dedup_cmd(*args, "--progress"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env(), start_new_session=True,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    err = bytearray()

    def read():
        for chunk in iter(lambda: os.read(p.stderr.fileno(), 4096), b""):
            err.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.time() + 120
    while stage.encode() not in bytes(err) and p.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # in the middle of the stage
    assert p.poll() is None, "the run ended before it could be interrupted: give it more to do"
    os.killpg(p.pid, signal.SIGINT)
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:  # a hang: nothing of it is left behind
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        pytest.fail(f"no exit 60 s after the Ctrl-C; it said: {bytes(err).decode()[-2000:]}")
    reader.join(timeout=10)
    text = bytes(err).decode()
    assert p.returncode == 130, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    said = [ln.strip() for ln in text.replace("\r", "\n").splitlines() if ln.strip()]
    assert [ln for ln in said if ln.startswith("dedup:")] == ["dedup: interrupted"], said
    assert all(ln.startswith((stage.strip(), "dedup:")) or ": " in ln and "/s]" in ln for ln in said), said
    # (an index interrupted before its first commit is removed: it was created by this run)
    if command == "index" and idx.exists():
        with Index(idx, create=False) as index:
            kept = len(index)
        assert 0 < kept < 20000 and len(assert_consistent(idx)) == kept


def test_ctrl_c_while_dedup_is_starting_is_one_line_exit_130():
    """Ctrl-C while the command line is still being loaded (numpy, scikit-learn: about half
    a second, before click's handling of it) says what it says later, one line and exit
    130, not a traceback; and so does Ctrl-C once the command reads its (never ending)
    standard input.  The delays count from the end of the interpreter's own start (its
    import of site, seen with -X importtime): before that CPython alone answers."""
    for delay in (0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 1.0):
        p = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "dedup", "batch", "-", "-q"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env(), start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # see above
        err: list[str] = []
        started = threading.Event()

        def read():
            for raw in p.stderr:
                line = raw.decode(errors="replace")
                err.append(line)
                if re.search(r"\| site$", line.rstrip()):
                    started.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert started.wait(60), "".join(err)
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=60)
        reader.join(timeout=10)
        said = [ln for ln in err if not ln.startswith("import time:")]
        assert (p.returncode, said) == (130, ["dedup: interrupted\n"]), (delay, p.returncode, "".join(said))
        p.stdin.close()
        p.stdout.close()


def test_usage_edges_of_filter_and_index_add(feed, tmp_path):
    """An empty path is named as such; --no-add with --add is a contradiction, not silence;
    a load that fails before adding anything says no more than the error."""
    base, incoming, idx = feed
    r = ok(run(["index", "add", idx, ""]), 2)
    assert r.stderr.splitlines() == ["dedup: error: '': an empty path: give a file or directory"]
    r = ok(run(["filter", idx, incoming, "--no-add", "--add", "all"]), 2)
    assert "--no-add and --add contradict each other" in r.stderr and r.stdout == ""
    ok(run(["filter", idx, incoming, "--no-add", "--add", "new"]), 2)


def test_an_empty_index_path_or_host_is_named(feed):
    _, incoming, _ = feed
    for args in (["filter", "", incoming], ["index", "stats", ""], ["index", "add", "", incoming]):
        r = ok(run(args), 2)
        assert r.stderr.splitlines() == ["dedup: error: '': an empty index path: give a file (or a redis:// URL)"]
    r = ok(run(["serve", "x.dedup", "--host", " ", "--port", "0"]), 2)
    assert "Invalid value for --host: empty" in r.stderr


def test_stats_of_an_index_holding_a_date_outside_years_1_to_9999(feed):
    """An older version stored such dates; stats shows them instead of crashing."""
    base, _, idx = feed
    ok(run(["index", "add", idx, base]))
    c = sqlite3.connect(idx)
    cols = [r[1] for r in c.execute("PRAGMA table_info(docs)")]
    col = "doc_time" if "doc_time" in cols else [x for x in cols if "time" in x][0]
    c.execute(f"UPDATE docs SET {col} = -62135600400.0 WHERE rowid = (SELECT min(rowid) FROM docs)")
    c.commit()
    c.close()
    r = ok(run(["index", "stats", idx]))
    assert "outside years 1-9999" in r.stdout


def test_index_add_hints_skip_existing_only_for_ids_already_indexed(tmp_path):
    idx = tmp_path / "i.dedup"
    twice = tmp_path / "twice.jsonl"
    write_records(twice, [{"id": "a", "text": SOURCE}, {"id": "a", "text": UNRELATED}])
    for extra in ([], ["--skip-existing"]):
        r = ok(run(["index", "add", idx, twice, *extra]), 2)
        assert "duplicate id 'a': first seen at" in r.stderr and "--skip-existing" not in r.stderr
    once = tmp_path / "once.jsonl"
    write_records(once, [{"id": "a", "text": SOURCE}])
    ok(run(["index", "add", idx, once]))
    r = ok(run(["index", "add", idx, once]), 2)
    assert "already in the index (rerun with --skip-existing" in r.stderr


# --- dedup index export ------------------------------------------------------------------

def test_index_export_writes_the_stored_documents_in_order_and_they_load_again(feed, tmp_path):
    base, _, index = feed
    ok(run(["index", "add", index, base]))
    with Index(index) as idx:
        idx.add(Document("tricky", "Émoji 🎉 and \u2028 a line separator\n", date="2024-05-03"))
    r = ok(run(["index", "export", index]))
    # JSON Lines are cut at "\n" only (a text's U+2028 is written as is, valid JSON)
    records = [json.loads(x) for x in r.stdout.split("\n") if x]
    assert [x["id"] for x in records] == ["source", "bakery", "tricky"]
    assert records[0]["text"] == SOURCE and records[0]["date"] == "2024-05-01" and "date" not in records[1]
    assert records[2]["text"] == "Émoji 🎉 and \u2028 a line separator\n"
    assert all(isinstance(x["ingested"], float) for x in records)
    assert "exported 3 documents" in r.stderr
    # loaded again, the new index holds the same documents
    out = tmp_path / "again.jsonl"
    ok(run(["index", "export", index, "-o", out]))
    ok(run(["index", "add", tmp_path / "again.dedup", out]))
    again = [json.loads(x) for x in ok(run(["index", "export", tmp_path / "again.dedup"])).stdout.split("\n") if x]
    assert [(x["id"], x["text"], x.get("date")) for x in again] == [(x["id"], x["text"], x.get("date")) for x in records]


def test_index_export_reads_an_index_of_an_older_format_that_the_other_commands_refuse(feed, tmp_path):
    base, _, index = feed
    ok(run(["index", "add", index, base]))
    c = sqlite3.connect(index)
    c.execute("PRAGMA user_version=3")
    c.commit()
    c.close()
    refused = run(["index", "stats", index])
    assert refused.exit_code == 2 and "schema version 3" in refused.stderr
    records = lines(ok(run(["index", "export", index])).stdout)
    assert [x["id"] for x in records] == ["source", "bakery"]


def test_index_export_bad_inputs_are_one_line(tmp_path):
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("hello")
    foreign = tmp_path / "foreign.db"
    c = sqlite3.connect(foreign)
    c.execute("CREATE TABLE docs (id TEXT, text BLOB, date TEXT, ingested REAL)")
    c.commit()
    c.close()
    for target, message in [(tmp_path / "missing.dedup", "no such index"), (not_sqlite, "not a dedup index"),
                            (foreign, "not a dedup index"), ("redis://127.0.0.1:1/0", "cannot reach Redis")]:
        r = run(["index", "export", target])
        assert r.exit_code == 2 and message in r.stderr, (target, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output


@pytest.mark.parametrize("name", ["exp.csv", "exp.json", "exp.txt", "exp.jsonl.gz", "exp.html", "stored", "exp.dedup"])
def test_index_export_refuses_an_output_named_as_another_format(feed, tmp_path, name):
    """JSON Lines written under a .csv name was read back as CSV by 'index add' (exit 0, then
    'row has 27 cells, the header has 16'); under a name without a suffix, as one text
    document holding every record (exit 0, 'added 1 document')."""
    base, _, index = feed
    ok(run(["index", "add", index, base, "-q"]))
    r = run(["index", "export", index, "-o", tmp_path / name])
    assert r.exit_code == 2 and "name the file .jsonl" in r.stderr, r.stderr
    assert not (tmp_path / name).exists()


def test_index_export_quiet_writes_no_count(feed):
    base, _, index = feed
    ok(run(["index", "add", index, base, "-q"]))
    r = ok(run(["index", "export", index, "-q"]))
    assert r.stderr == "" and len(r.stdout.splitlines()) == 2


def test_compare_readable_says_no_passage_without_a_dangling_colon(tmp_path):
    (tmp_path / "a.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SOURCE, encoding="utf-8")
    out = ok(run(["compare", tmp_path / "a.txt", tmp_path / "b.txt"])).stdout
    assert "a adds no passage\n" in out and "passage(s):" not in out


@pytest.mark.parametrize("what", ["empty", "directory", "missing", "not-sqlite"])
def test_index_export_says_what_the_other_index_commands_say(tmp_path, what):
    """An empty file, a directory, a missing path or a file that is no SQLite database: the
    same error line from export as from stats and verify (export said 'not a dedup index
    (not an SQLite file)' for an empty file, 'Is a directory', 'No such file or directory')."""
    target = tmp_path / "x.dedup"
    if what == "empty":
        target.write_bytes(b"")
    elif what == "directory":
        target.mkdir()
    elif what == "not-sqlite":
        target.write_text("hello")
    expected = {"empty": "no such index (empty file)", "directory": "is a directory, not a dedup index",
                "missing": "no such index", "not-sqlite": "not a dedup index (not an SQLite database)"}[what]
    for cmd in ("export", "stats", "verify"):
        r = ok(run(["index", cmd, target]), 2)
        assert r.stderr == f"dedup: error: {target}: {expected}\n", (cmd, r.stderr)


def test_index_export_refuses_to_write_over_the_index(feed):
    base, _, index = feed
    ok(run(["index", "add", index, base]))
    before = index.read_bytes()
    for target in (index, f"{index}-wal", f"{index}-shm"):
        r = run(["index", "export", index, "-o", target])
        assert r.exit_code == 2 and "is the index or one of its files" in r.stderr
    assert index.read_bytes() == before


def test_index_export_checks_the_index_before_it_touches_the_output(tmp_path):
    keep = tmp_path / "keep.jsonl"
    keep.write_text("precious\n")
    r = run(["index", "export", tmp_path / "missing.dedup", "-o", keep])
    assert r.exit_code == 2 and keep.read_text() == "precious\n"
    r = run(["index", "export", tmp_path / "missing.dedup", "-o", tmp_path / "no" / "dir.jsonl"])
    assert r.exit_code == 2 and "missing.dedup" in r.stderr


def test_index_export_round_trips_a_lone_surrogate(tmp_path):
    feed = tmp_path / "s.jsonl"
    feed.write_text('{"id": "s", "text": "Lone \\ud800 surrogate and more words here"}\n', encoding="utf-8")
    ok(run(["index", "add", tmp_path / "s.dedup", feed]))
    out = tmp_path / "out.jsonl"
    ok(run(["index", "export", tmp_path / "s.dedup", "-o", out]))
    out.read_bytes().decode("utf-8")  # valid UTF-8: the surrogate is a JSON escape
    ok(run(["index", "add", tmp_path / "s2.dedup", out]))
    again = json.loads(ok(run(["index", "export", tmp_path / "s2.dedup"])).stdout)
    assert again["text"] == "Lone \ud800 surrogate and more words here"


def test_index_export_of_a_damaged_schema_is_one_line(feed, tmp_path):
    base, _, index = feed
    ok(run(["index", "add", index, base]))
    data = bytearray(index.read_bytes())
    at = data.find(b"ON docs")
    assert at > 0
    data[at + 3] = 0xEB  # the schema's SQL is no longer UTF-8
    damaged = tmp_path / "damaged.dedup"
    damaged.write_bytes(bytes(data))
    for args in (["index", "export", damaged], ["index", "stats", damaged], ["filter", damaged, "--no-add"]):
        r = run(args, input='{"id": "x", "text": "hello"}\n')
        assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output, args
        assert "damaged" in r.stderr, r.stderr


@pytest.mark.parametrize("command,stage", [
    ("batch", "normalize: "),    # stage 1: parallel.Shards
    ("batch", "key terms: "),    # parallel.imap
    ("index", "indexing: "),     # parallel.imap_ahead
    ("filter", "filtering: "),   # parallel.imap_ahead, each worker with its own connection
])
def test_a_worker_killed_mid_run_is_one_line_exit_1(tmp_path, command, stage):
    """A worker process killed in the middle of a stage (as the system's out-of-memory killer
    kills one) ends the run with one line and exit 1: not a WorkerError traceback, and not a
    run that waits for ever for the killed worker's task (a ``multiprocessing.Pool`` did)."""
    idx, args = _long_run_with_workers(tmp_path, command)
    p = subprocess.Popen(dedup_cmd(*args, "--progress"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env(), start_new_session=True)
    err = bytearray()
    reader = threading.Thread(target=lambda: [err.extend(c) for c in iter(lambda: os.read(p.stderr.fileno(), 4096), b"")],
                              daemon=True)
    reader.start()
    deadline = time.time() + 120
    busy = None
    while busy is None and p.poll() is None and time.time() < deadline:
        if stage.encode() in bytes(err):  # then a worker that is running, so in a task
            with open(f"/proc/{p.pid}/task/{p.pid}/children") as fh:
                children = [int(c) for c in fh.read().split()]
            for child in children:
                try:
                    with open(f"/proc/{child}/stat") as fh:
                        if fh.read().rsplit(")", 1)[1].split()[0] == "R":
                            busy = child
                except OSError:
                    pass
        time.sleep(0.01)
    assert busy and p.poll() is None, "the run ended before a worker could be killed: give it more to do"
    os.kill(busy, signal.SIGKILL)
    try:
        p.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        pytest.fail(f"the run hung after a worker was killed in {stage.strip()}")
    reader.join(timeout=10)
    text = bytes(err).decode()
    assert "Traceback" not in text and "WorkerError" not in text
    said = [ln.strip() for ln in text.replace("\r", "\n").splitlines() if ln.strip().startswith("dedup:")]
    if p.returncode == 0:  # (rarely) the worker had sent its last result before the kill: a whole run
        assert not any(ln.startswith("dedup: error") for ln in said), said
        return
    assert p.returncode == 1, text
    assert said == ["dedup: error: a worker process was killed (by the system for lack of memory, or by hand): "
                    "a smaller --jobs or input may fit"], said
    if command == "index" and idx.exists():  # what was committed stays, whole (none: no file)
        with Index(idx, create=False) as index:
            kept = len(index)
        assert 0 < kept < 20000 and len(assert_consistent(idx)) == kept


# (SQL that damages one kind of stored value, what `dedup index verify` then names)
HAND_EDITS = [
    ("UPDATE terms SET sentences = 'garbage'", "terms.sentences"),
    ("UPDATE terms SET documents = x'00'", "terms.documents"),
    ("UPDATE docs SET date = 'garbage' WHERE date IS NOT NULL", "docs.date"),
    ("UPDATE docs SET date = x'ff'", "docs.date"),
    ("UPDATE docs SET time = 'garbage'", "docs.time"),
    ("UPDATE docs SET ingested = 'garbage' WHERE rowid = 2", "docs.ingested"),  # (export named three columns)
    ("UPDATE meta SET value = '1e999' WHERE key = 'documents'", "meta documents"),
    ("UPDATE meta SET value = '[1]' WHERE key = 'options'", "options"),
    # options that read but are not an index's (verify said ok; the other commands used the
    # defaults for what was missing and dropped what they did not know)
    ("UPDATE meta SET value = '{\"bogus\": 1}' WHERE key = 'options'", "unknown option(s) 'bogus'"),
    ("UPDATE meta SET value = json_remove(value, '$.num_perm') WHERE key = 'options'", "lack num_perm"),
    ("DELETE FROM meta WHERE key = 'options'", "options are missing"),
    # values of the right type that do not read (`index verify` said ok; a check or an
    # export then stopped on them, or used them)
    ("UPDATE docs SET text = x'00112233' WHERE rowid = 1", "docs.text"),
    ("UPDATE docs SET text = x'789cfbff4f21312919000dc00344' WHERE rowid = 1", "docs.text"),  # zlib, not UTF-8
    ("UPDATE docs SET tf = x'0102'", "docs.tf"),
    ("UPDATE docs SET keys = x'ff'", "docs.keys"),
    ("UPDATE docs SET keys = x'ffffffff0f'", "docs.keys"),  # a term id not stored
    ("UPDATE docs SET credit = x'00' WHERE sentences > 0", "docs.credit"),
    ("UPDATE docs SET content = -5", "docs.content"),
]


@pytest.mark.parametrize("edit,named", HAND_EDITS)
def test_an_index_with_hand_edited_values_is_one_line_naming_the_damage(feed, tmp_path, edit, named):
    """Stored values of a type or range no dedup writes (a file changed by hand, or by a
    disk) were tracebacks (TypeError, ValueError, OverflowError, AttributeError) in the code
    that read them: each command now says, in one line with exit 2, that the index is
    damaged and what is wrong; `dedup index verify` lists it."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    assert ok(run(["index", "verify", idx])).stdout == "ok\n"
    con = sqlite3.connect(idx)
    con.execute(edit)
    con.commit()
    con.close()
    r = run(["index", "verify", idx])  # (stored options that do not read stop the opening)
    assert r.exit_code == 2 and named in r.output and "Traceback" not in r.output, r.output
    for args in (["index", "stats", idx], ["filter", idx, incoming, "--no-add"], ["filter", idx, incoming],
                 ["index", "remove", idx, "source"], ["index", "evict", idx, "--keep", "1d"],
                 ["index", "export", idx], ["index", "add", idx, incoming, "--skip-existing"]):
        r = run(args)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        if r.exit_code:
            assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1, (args, r.stderr)
            # worded alike whatever the value (a stored text that does not read said "corrupt
            # document" alone), naming what `index verify` names
            assert ": damaged dedup index: " in r.stderr and named in r.stderr, (args, r.stderr)
            # and no other column of the document's (export named id, date and ingest time at once)
            assert not any(c in r.stderr for c in ("docs.id", "docs.date", "docs.ingested") if c != named), \
                (args, r.stderr)


def test_an_input_that_cannot_be_read_on_is_exit_2_after_its_error_decision(feed, tmp_path):
    """A truncated .gz (or a file that is no gzip) ends the stream: its error decision is
    written as for a bad line, then exit 2 with one error line, so that a pipeline checking
    the exit code knows the rest was not read (it was exit 0, as if the feed had ended)."""
    import gzip

    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    whole = tmp_path / "feed.jsonl.gz"
    whole.write_bytes(gzip.compress(incoming.read_bytes()))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[:-20])
    r = run(["filter", idx, cut, "--no-add"])
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit)), r.stderr
    out = lines(r.stdout)
    assert out and out[-1]["status"] == "error" and "read error" in out[-1]["error"]
    assert r.stderr.splitlines()[-1].startswith(f"dedup: error: {cut}:") and "not read" in r.stderr
    for args in (["--emit", "new"], ["-q"]):
        assert run(["filter", idx, cut, "--no-add", *args]).exit_code == 2
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_bytes(b"garbage")
    assert run(["filter", idx, fake, "--no-add"]).exit_code == 2
    assert ok(run(["filter", idx, whole, "--no-add"])).exit_code == 0  # the whole file: exit 0


def test_a_storage_error_keeps_its_line_and_count_when_the_diagnosis_fails(tmp_path, monkeypatch):
    """A stored value that does not read (NotAnIndexError) met by `index add` is worded as
    damage after a diagnosis; when the diagnosis itself fails (a file that no longer opens,
    a page SQLite calls malformed), the error's own line and the count of the documents
    added before it are shown, not the diagnosis's error alone (they were lost)."""
    from dedup import index as index_module, storage

    docs = write_records(tmp_path / "docs.jsonl", [{"id": f"d{k}", "text": synthetic(k)} for k in range(30)])
    real, calls = index_module.Index._add_analysed, [0]

    def second_batch_fails(self, *args, **kwargs):
        calls[0] += 1
        if calls[0] == 2:
            raise storage.NotAnIndexError(f"{tmp_path / 'i.dedup'}: corrupt document 'd7': bad")
        return real(self, *args, **kwargs)

    def no_diagnosis(location, limit=5):
        raise storage.StorageError(f"{location}: cannot open: Permission denied")

    monkeypatch.setattr(index_module.Index, "_add_analysed", second_batch_fails)
    monkeypatch.setattr(storage, "diagnose", no_diagnosis)
    r = run(["index", "add", tmp_path / "i.dedup", docs, "--batch-size", "10", "--jobs", "1"])
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert "corrupt document 'd7': bad (10 documents added before it)" in r.stderr, r.stderr


def test_an_error_from_a_whole_index_is_not_called_damage(feed, monkeypatch):
    """The diagnosis only names damage it finds: a bug of dedup on a whole index stays a
    bug, with its traceback."""
    from dedup import index as index_module

    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))

    def broken(self):
        raise ValueError("a bug")

    monkeypatch.setattr(index_module.Index, "stats", broken)
    r = run(["index", "stats", idx])
    assert isinstance(r.exception, ValueError) and str(r.exception) == "a bug"


def test_a_failed_creation_leaves_no_index_behind(feed, monkeypatch):
    """`index add NEW.dedup ... --set num_perm=4294967296` ran out of memory at the first
    document but left NEW.dedup created with that setting, so that every later command on
    it failed the same way: a command that fails removes the index file it created while
    it holds no document; one holding documents, or there before, stays."""
    from dedup import features

    base, incoming, idx = feed
    real = features.signatures

    def too_big(hashes, offsets, num_perm, seed):
        if num_perm == 2**32:
            raise MemoryError("Unable to allocate 32.0 GiB for an array")
        return real(hashes, offsets, num_perm, seed)

    monkeypatch.setattr(features, "signatures", too_big)
    r = run(["index", "add", idx, base, "--set", "num_perm=4294967296"])
    assert r.exit_code == 1 and "out of memory" in r.stderr
    assert not os.path.exists(idx) and not os.path.exists(f"{idx}-wal")
    r = run(["filter", idx, incoming, "--set", "num_perm=4294967296"])
    assert r.exit_code == 1 and not os.path.exists(idx)
    ok(run(["index", "add", idx, base]))  # without the setting: the defaults
    assert json.loads(ok(run(["index", "stats", idx, "--json"])).stdout)["options"]["num_perm"] == 256
    held, other = idx.parent / "held.dedup", []

    def another_opens_it(hashes, offsets, num_perm, seed):  # (before its first commit)
        other.append(Index(held, create=False))
        raise MemoryError("Unable to allocate")

    monkeypatch.setattr(features, "signatures", another_opens_it)
    assert run(["index", "add", held, base]).exit_code == 1
    assert held.exists()  # another connection has it open: it stays, still an index
    monkeypatch.setattr(features, "signatures", real)
    other[0].add(Document("late", SOURCE))
    other[0].close()
    with Index(held, create=False) as kept:
        assert len(kept) == 1
    part = write_records(idx.parent / "part.jsonl", [{"id": "a", "text": SOURCE}, {"id": "b"}])
    empty = idx.parent / "empty.dedup"
    Index(empty).close()
    assert run(["index", "add", empty, part, "--batch-size", "2"]).exit_code == 2
    assert os.path.exists(empty)  # there before the command: it stays, empty as it was
    new = idx.parent / "new.dedup"
    assert run(["index", "add", new, part, "--batch-size", "1"]).exit_code == 2
    with Index(new, create=False) as kept:  # what it committed before the bad record stays
        assert len(kept) == 1


@pytest.mark.parametrize("missing, args", [("starlette", ["serve", "{tmp}/n.dedup", "--port", "0"]),
                                           ("redis", ["index", "stats", "redis://127.0.0.1:1/0"])])
def test_a_missing_extra_names_the_install_from_the_source_folder(tmp_path, missing, args):
    """The hint was `pip install 'dedup[serve]'`: PyPI's `dedup` is not this project."""
    script = (f"import sys; sys.modules[{missing!r}] = None; sys.argv = ['dedup', *sys.argv[1:]]\n"
              "from dedup.start import main; main()")
    p = subprocess.run([sys.executable, "-c", script, *(a.format(tmp=tmp_path) for a in args)],
                       capture_output=True, text=True, env=env(), timeout=60)
    assert p.returncode == 2 and p.stderr.count("\n") == 1, p.stderr
    assert "pip install -e '.[" in p.stderr and "dedup[" not in p.stderr, p.stderr


def test_an_index_load_is_the_same_file_content_whatever_the_hash_seed(tmp_path):
    """Two loads of one corpus in processes with other string hash seeds store the same rows
    (term ids included: they were numbered in a set's order, which the seed decides)."""
    records = [{"id": f"s{k}", "text": synthetic(k)} for k in range(40)]
    records += [{"id": "source", "text": SOURCE}, {"id": "rewrite", "text": REWRITE}]
    corpus = write_records(tmp_path / "c.jsonl", records)
    tables = {"docs": "rowid, id, text, date, content, keys, sentences, tf", "bands": "k, e",
              "terms": "id, term, sentences, documents"}
    got = []
    for seed in ("1", "2"):
        idx = tmp_path / f"seed{seed}.dedup"
        p = subprocess.run(dedup_cmd("index", "add", idx, corpus, "-q", "--batch-size", "7"),
                           env={**env(), "PYTHONHASHSEED": seed}, capture_output=True, timeout=120)
        assert p.returncode == 0, p.stderr
        got.append({t: db_rows(idx, f"SELECT {cols} FROM {t} ORDER BY 1") for t, cols in tables.items()})
    assert got[0] == got[1] and len(got[0]["terms"]) > 100


@pytest.mark.parametrize("cmd", [["index", "remove", "{path}", "x"], ["index", "evict", "{path}", "--keep", "1d"],
                                 ["index", "stats", "{path}"]])
def test_an_empty_sqlite_database_is_no_index_for_the_commands_that_do_not_create_one(tmp_path, cmd):
    """An SQLite file without tables (another program's new database) is "no such index" for
    every command that does not create one: `index remove` and `index evict` wrote dedup's
    schema into it and exited 0, while `index stats` said "no such index (an empty database)"."""
    target = tmp_path / "other.db"
    c = sqlite3.connect(target)
    c.execute("PRAGMA journal_mode=WAL")  # writes the header: an SQLite database with no table
    c.close()
    before = target.read_bytes()
    r = ok(run([a.replace("{path}", str(target)) for a in cmd]), 2)
    assert r.stderr == f"dedup: error: {target}: no such index (an empty database)\n", r.stderr
    assert target.read_bytes() == before
    c = sqlite3.connect(target)
    assert c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    c.close()


def test_index_add_refuses_one_input_given_twice(tmp_path):
    """Given twice, every record of it was a duplicate id of itself: the load stopped at
    its first record read again, a message about the user's ids, not their command."""
    r = ok(run(["index", "add", tmp_path / "x.dedup", REPO / "seeds", REPO / "seeds" / ".."  / "seeds"]), 2)
    assert "again: give each input once" in r.stderr and not (tmp_path / "x.dedup").exists()


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_filter_writes_utf8_whatever_the_locale(tmp_path, encoding):
    """Decisions and `--emit new` lines went out in the locale's encoding (PYTHONIOENCODING,
    a Latin-1 locale): an emoji in a span's text became `\\U0001f600`, not JSON, and `--emit
    new`, documented as the lines byte for byte as read, re-encoded them (`é` as one Latin-1
    byte, or the escape `\\xe9`)."""
    text = REWRITE + "\nCafé owners in Zürich said the floats cost 3 000 € each 😀 and 𝐀 سلام.\n"
    index = tmp_path / "i.dedup"
    write_jsonl(tmp_path / "src.jsonl", [{"id": "source", "text": SOURCE}])
    stream = tmp_path / "in.jsonl"
    raw = (json.dumps({"id": "rw", "text": text}, ensure_ascii=False) + "\n"
           + json.dumps({"id": "n", "text": "Zürich’s café 😀 opens a second shop on the lake shore today."},
                        ensure_ascii=False) + "\n").encode("utf-8")
    stream.write_bytes(raw)
    e = dict(env(), PYTHONIOENCODING=encoding)
    subprocess.run(dedup_cmd("index", "add", index, tmp_path / "src.jsonl", "-q"), check=True, env=e)
    p = subprocess.run(dedup_cmd("filter", index, stream, "--no-add", "-q"), capture_output=True, env=e)
    assert p.returncode == 0, p.stderr
    rw, new = [json.loads(line) for line in p.stdout.decode("utf-8").split("\n")[:-1]]
    assert rw["status"] != "new" and any("😀" in s["text"] for s in rw["added"])
    assert all(text[s["start"]:s["end"]] == s["text"] for s in rw["added"] + rw["boilerplate"])
    p = subprocess.run(dedup_cmd("filter", index, stream, "--no-add", "-q", "--emit", "new"), capture_output=True, env=e)
    assert p.returncode == 0, p.stderr
    assert p.stdout == raw.split(b"\n", 1)[1]  # the new line, byte for byte


def test_verify_finds_a_table_and_its_index_out_of_step(tmp_path):
    """One flipped bit turned a stored id into another's: SQLite's quick_check, which
    `index verify` ran, does not compare a table with its indexes, so verify said ok while
    export gave one id twice and loading it again failed (a concurrency audit).  verify now
    runs integrity_check."""
    docs = write_records(tmp_path / "d.jsonl", [{"id": f"doc-{k}", "text": synthetic(k)} for k in range(10, 40)])
    idx = tmp_path / "i.dedup"
    ok(run(["index", "add", idx, docs, "-q"]))
    assert ok(run(["index", "verify", idx])).stdout == "ok\n"
    data = idx.read_bytes()
    at = data.index(b"doc-21")  # the first copy of the id: in the table or in its unique index
    idx.write_bytes(data[:at] + b"doc-20" + data[at + 6:])
    con = sqlite3.connect(idx)
    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # what verify ran: blind to it
    con.close()
    r = run(["index", "verify", idx])
    assert r.exit_code == 2 and "sqlite: " in r.stdout and "index" in r.stdout, r.output


@pytest.mark.parametrize("args", [["index", "add", "-", "{feed}"], ["index", "stats", "-"],
                                  ["filter", "-", "{feed}", "--no-add"], ["index", "verify", "-"]])
def test_dash_is_no_index(feed, tmp_path, monkeypatch, args):
    """`dedup index add - in.jsonl` made an index file named '-' (where '-' is stdin for every
    input), and `dedup filter - in.jsonl` said '-: no such index'."""
    base, _, _ = feed
    monkeypatch.chdir(tmp_path)
    r = run([base if a == "{feed}" else a for a in args])
    assert r.exit_code == 2 and r.stderr == ("dedup: error: '-' is no index: give the index file (or a "
                                             "redis:// URL) first, then the inputs\n"), r.stderr
    assert not (tmp_path / "-").exists()


def test_lock_timeout_sets_how_long_a_write_waits_for_another_writer(feed, tmp_path):
    """The CLI waited 30 s for a busy write lock, with no option to wait longer or shorter
    (Index(timeout=...) has one): --lock-timeout on filter, index add, remove and evict."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from dedup import Index
            with Index({str(idx)!r}) as index, index.session():
                print("held", flush=True)
                time.sleep(8)
        """)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = run(["filter", idx, incoming, "--lock-timeout", "0.5"])  # gives up before the holder lets go
        assert busy.exit_code == 2
        assert "index is busy" in busy.stderr and "not free within 0.5 s" in busy.stderr
        for args in (["index", "add", idx, base, "--skip-existing"], ["index", "remove", idx, "nothing"],
                     ["index", "evict", idx, "--keep", "3650d"]):
            r = run([*args, "--lock-timeout", "0.2"])
            assert r.exit_code == 2 and "not free within 0.2 s" in r.stderr, (args, r.stderr)
        waited = ok(run(["filter", idx, incoming, "--lock-timeout", "60"]))  # waits for the holder
        assert [d["id"] for d in lines(waited.stdout)] == ["rewrite", "copy", "fresh", "fresh-copy"]
    finally:
        holder.kill()
        holder.wait()


def test_resume_decides_again_what_an_interrupted_run_stored(feed, tmp_path):
    """A filter killed (or its reader gone, `| head`) after storing a document but before its
    decision was written lost that document: re-running the feed made each stored id an
    "already in the index" error, and `--emit new` never wrote it.  With --resume such a
    record is decided again against what was stored before it; another text under a stored
    id stays an error."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    records = [{"id": "rewrite", "text": REWRITE, "date": "2024-05-02"}, {"id": "fresh", "text": synthetic(7)},
               {"id": "other", "text": synthetic(8)}, {"id": "fresh-copy", "text": synthetic(7)}]
    feed_file = write_records(tmp_path / "feed.jsonl", records)
    whole = tmp_path / "whole.dedup"
    ok(run(["index", "add", whole, base]))
    clean = ok(run(["filter", whole, feed_file, "--emit", "new", "-q"])).stdout
    assert [json.loads(x)["id"] for x in clean.splitlines()] == ["fresh", "other"]
    # the interrupted run: its first two documents were decided (the rewrite not stored, the
    # fresh one stored), their decisions lost
    with Index(idx) as index:
        for r in records[:2]:
            index.check_and_add(Document(r["id"], r["text"], date=r.get("date")))
    copy = tmp_path / "copy.dedup"
    copy.write_bytes(idx.read_bytes())
    plain = lines(run(["filter", copy, feed_file]).stdout)  # not resumed: the stored one is an error
    assert ["error" in d for d in plain] == [False, True, False, False]
    resumed = tmp_path / "resumed.dedup"
    resumed.write_bytes(idx.read_bytes())
    summary = ok(run(["filter", resumed, feed_file, "--resume"])).stderr
    # (the stored one is not counted as added by this run: it said "2 added to the index")
    assert "; 1 added to the index, 1 stored by an earlier run and decided again (--resume)" in summary
    again = ok(run(["filter", idx, feed_file, "--resume", "--emit", "new", "-q"]))
    assert again.stdout == clean  # every new document written, as by the uninterrupted run
    decisions = lines(ok(run(["filter", tmp_path / "fresh.dedup", feed_file])).stdout)
    with Index(idx) as index:  # what the resumed run decided for the stored two: as first decided
        assert index.recheck(Document("fresh", synthetic(7))).status == decisions[1]["status"] == "new"
        assert index.recheck(Document("fresh", "another text")) is None
    clash = write_records(tmp_path / "clash.jsonl", [{"id": "fresh", "text": synthetic(9)}])
    r = ok(run(["filter", idx, clash, "--resume"]))
    assert "already in the index" in lines(r.stdout)[0]["error"]


def test_max_bytes_makes_a_long_line_an_error_read_through_without_keeping_it(feed, tmp_path):
    """A record of any size was read whole into memory (a tester's 20 MB record took 855 MB,
    one 300 MB line 2.7 GB): --max-bytes (10,000,000 by default, 0 for none) makes a longer
    line an error decision naming it, and the stream goes on."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    big = {"id": "big", "text": "word " * 2000}
    feed_file = write_records(tmp_path / "feed.jsonl", [{"id": "fresh", "text": synthetic(7)}, big,
                                                        {"id": "other", "text": synthetic(8)}])
    size = len(json.dumps(big).encode())
    decisions = lines(ok(run(["filter", idx, feed_file, "--no-add", "--max-bytes", "5000"])).stdout)
    assert [d["status"] for d in decisions] == ["new", "error", "new"]
    assert decisions[1]["error"] == f"{feed_file}:2: the line is {size:,} bytes, over the limit of 5,000 (--max-bytes)"
    assert [d["status"] for d in lines(ok(run(["filter", idx, feed_file, "--no-add", "--max-bytes", "0"])).stdout)
            ] == ["new", "new", "new"]
    emitted = ok(run(["filter", idx, feed_file, "--no-add", "--emit", "new", "--max-bytes", "5000"]))
    assert [json.loads(x)["id"] for x in emitted.stdout.splitlines()] == ["fresh", "other"]
    assert "over the limit of 5,000" in emitted.stderr


def test_index_add_and_compare_take_max_bytes_as_batch_does(feed, tmp_path):
    """`dedup index add` and `dedup compare` read documents as batch does, with its
    --max-bytes: an item over it is a too-large item (skipped and counted with
    --skip-invalid), and 0 lifts the limit."""
    base, incoming, idx = feed
    big = {"id": "big", "text": "word " * 2000}
    records = write_records(tmp_path / "more.jsonl", [{"id": "fresh", "text": synthetic(7)}, big])
    size = len(json.dumps(big).encode())
    r = ok(run(["index", "add", idx, records, "--max-bytes", "5000"]), 2)
    assert r.stderr == (f"dedup: error: {records}:2: the line is {size:,} bytes, over the limit of 5,000 "
                        "(--max-bytes)\n")
    r = ok(run(["index", "add", idx, records, "--max-bytes", "5000", "--skip-invalid", "--skip-existing"]))
    assert "added 1 document" in r.stderr and "skipped 1 item: 1 too-large" in r.stderr
    r = ok(run(["index", "add", idx, records, "--max-bytes", "0", "--skip-existing"]))
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 2
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A plain sentence about the harbour. " * 200)
    b.write_text("A plain sentence about the harbour.")
    r = ok(run(["compare", a, b, "--max-bytes", "5000"]), 2)
    assert r.stderr == f"dedup: error: {a}: the file is 7,200 bytes, over the limit of 5,000 (--max-bytes)\n"
    assert "similarity" in ok(run(["compare", a, b])).stdout


def test_compare_pairs_limits_its_pairs_file_and_index_add_says_how_to_resume_past_a_bad_item(tmp_path):
    """`compare --pairs` read a pairs file's lines whole, whatever --max-bytes said (a 200 MB
    line: 652 MB); and `index add` stopped by a too-large line after committing some told to
    resume with --skip-existing alone, which stops at the same line again."""
    docs = write_records(tmp_path / "docs.jsonl", [{"id": "a", "text": synthetic(1)}, {"id": "b", "text": synthetic(2)}])
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": "a", "b": "b"}\n{"a": "a", "b": "b", "pad": "' + "x" * 3000 + '"}\n')
    r = ok(run(["compare", "--pairs", pairs, docs, "--max-bytes", "1000"]), 2)
    assert r.stderr == f"dedup: error: {pairs}:2: the line is 3,031 bytes, over the limit of 1,000 (--max-bytes)\n"
    r = ok(run(["compare", "--pairs", pairs, docs, "--max-bytes", "1000", "--skip-invalid", "-q"]))
    assert len(r.stdout.splitlines()) == 1 and "skipped 1 item: 1 too-large" in r.stderr
    assert len(ok(run(["compare", "--pairs", pairs, docs, "-q"])).stdout.splitlines()) == 2
    idx = tmp_path / "i.dedup"
    feed = write_records(tmp_path / "feed.jsonl", [{"id": f"d{k}", "text": synthetic(k)} for k in range(3)]
                         + [{"id": "big", "text": "word " * 400}, {"id": "d9", "text": synthetic(9)}])
    r = ok(run(["index", "add", idx, feed, "--max-bytes", "1000", "--batch-size", "1", "-q"]), 2)
    assert r.stderr.endswith("(3 documents added before it; rerun with --skip-existing to resume, and "
                             "--skip-invalid or a mended input to pass over it)\n"), r.stderr
    r = ok(run(["index", "add", idx, feed, "--max-bytes", "1000", "--skip-existing", "--skip-invalid", "-q"]))
    assert json.loads(run(["index", "stats", idx, "--json"]).stdout)["documents"] == 4


def test_an_error_decision_names_its_kind(feed, tmp_path):
    """An error decision said what was wrong only in its message, so a pipeline had to
    parse the text to tell a too-large record from bad JSON or an id already indexed."""
    base, incoming, idx = feed
    ok(run(["index", "add", idx, base]))
    first = json.loads(base.read_text().splitlines()[0])
    lines_in = (json.dumps({"id": "ok", "text": synthetic(3)}) + "\n{broken\n" + json.dumps(first) + "\n"
                + json.dumps({"id": "big", "text": "word " * 2000}) + "\n" + json.dumps({"id": "d", "text": "x",
                                                                                          "date": "soon"}) + "\n")
    feed_file = tmp_path / "kinds.jsonl"
    feed_file.write_text(lines_in)
    got = lines(ok(run(["filter", idx, feed_file, "--no-add", "--max-bytes", "5000"])).stdout)
    assert [d.get("kind") for d in got] == [None, "bad-json", None, "too-large", "bad-date"]
    got = lines(ok(run(["filter", idx, feed_file, "--max-bytes", "5000"])).stdout)
    assert [d.get("kind") for d in got] == [None, "bad-json", "duplicate-id", "too-large", "bad-date"]
    assert all(("kind" in d) == (d["status"] == "error") for d in got)


def test_lines_over_the_limit_are_skipped_whatever_the_pieces(monkeypatch):
    """A line over the limit is yielded as TooLong (its size without the line break), across
    piece boundaries, and the lines around it are whole."""
    import io as _io
    from dedup import io as dio
    monkeypatch.setattr(dio, "_PIECE", 8)
    data = b"short\n" + b"x" * 50 + b"\n" + b"y" * 20 + b"\n" + b"z" * 7 + b"\nlast"
    got = [("long", x.size) if isinstance(x, dio.TooLong) else x for x in dio._lines(_io.BytesIO(data), 20)]
    assert got == [b"short\n", ("long", 50), b"y" * 20 + b"\n", b"z" * 7 + b"\n", b"last"]
    assert list(dio._lines(_io.BytesIO(data))) == data.splitlines(keepends=True)


def test_gzip_data_not_named_gz_is_one_error_not_one_per_line(tmp_path):
    """A reviewer's: gzip data in a file named .jsonl (or on stdin) gave an error decision per
    line ("NUL byte ... binary"); now one line naming the file, exit 2, for the filter and for
    batch (a .gz name is read as gzip, as before)."""
    import gzip as gz

    data = gz.compress(b"".join(json.dumps({"id": f"d{k}", "text": synthetic(k, 3)}).encode() + b"\n"
                                for k in range(3)))
    unnamed = tmp_path / "feed.jsonl"
    unnamed.write_bytes(data)
    (tmp_path / "feed.jsonl.gz").write_bytes(data)
    idx = tmp_path / "i.dedup"
    for args in (["filter", idx, unnamed], ["batch", unnamed]):
        r = run(args)
        assert r.exit_code == 2 and r.stdout == "", (args, r.output)
        assert "feed.jsonl" in r.stderr and "gzip-compressed" in r.stderr and len(r.stderr.splitlines()) == 1, r.stderr
    assert not idx.exists()
    named = ok(run(["filter", idx, tmp_path / "feed.jsonl.gz"]))
    assert [json.loads(x)["status"] for x in named.stdout.splitlines()] == ["new"] * 3
    # on stdin (a real pipe: a buffered stream that can be looked into)
    for cmd in (["filter", str(tmp_path / "j.dedup")], ["batch", "-"]):
        p = subprocess.run(dedup_cmd(*cmd), input=data, capture_output=True, env=env(), timeout=120)
        err = p.stderr.decode()
        assert p.returncode == 2 and "<stdin>" in err and "gzip-compressed" in err, (cmd, err)
        assert len(err.splitlines()) == 1 and p.stdout == b"", (cmd, err)
