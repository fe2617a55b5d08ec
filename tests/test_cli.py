"""Tests of the command line (dedup.cli) through click's CliRunner, plus a few real processes."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REWRITE, SOURCE, TEXTS, UNRELATED, write_jsonl
from dedup.cli import main
from dedup.config import Options
from dedup.report import CSV_COLUMNS

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def run(args, input=None):
    """Invoke the CLI in-process; click >= 8.2 keeps stdout and stderr apart (result.stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def assert_clean_exit(result, code):
    """``code`` and no Python exception escaped (a crash would be result.exception, exit 1)."""
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def assert_no_crash(result):
    """Success or a clean input error (0 or 2), never an internal error."""
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr, repr(result.exception))
    assert_clean_exit(result, result.exit_code)


def check_spans(records, texts):
    """Every span of every member slices that member's input text exactly."""
    n = 0
    for rec in records:
        for m in rec["members"]:
            for s in m["added"] + m["boilerplate"]:
                assert texts[m["id"]][s["start"]:s["end"]] == s["text"]
                n += 1
    return n


def jsonl_records(text):
    return [json.loads(line) for line in text.splitlines()]


# --- bad input: one line, exit 2; with --skip-invalid counted ------------------------

def _bytes(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _missing_path(tmp_path):
    return tmp_path / "nope.jsonl", None


def _unreadable_symlink_loop(tmp_path):
    path = tmp_path / "loop.jsonl"
    path.symlink_to("loop.jsonl")  # stat() fails with ELOOP, even for root
    return path, None


def _unreadable_corrupt_gzip(tmp_path):
    return _bytes(tmp_path, "bad.jsonl.gz", b"this is not gzip data\n"), 1


def _binary(tmp_path):
    return _bytes(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), None


def _not_utf8(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", b'{"id": "x1", "text": "fine"}\n{"id": "x2", "text": "caf\xe9"}\n'), 2


def _bad_json(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n{"id": "x2", "text": }\n'), 2


def _not_an_object(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n["x2", "text"]\n'), 2


def _missing_id(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n{"text": "no id here"}\n'), 2


def _missing_text(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n{"id": "x2", "body": "t"}\n'), 2


def _duplicate_id(tmp_path):  # "bakery" is already in docs.jsonl
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n{"id": "bakery", "text": "again"}\n'), 2


def _empty_text(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n{"id": "x2", "text": " \\n "}\n'), 2


def _empty_text_file(tmp_path):
    return _bytes(tmp_path, "blank.txt", "  \n\n"), None


def _bad_csv(tmp_path):
    return _bytes(tmp_path, "bad.csv", 'id,text\nx1,fine\nx2,"broken"quote\n'), 3


def _bad_date(tmp_path):
    return _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\n{"id": "x2", "text": "t", "date": "May 3"}\n'), 2


def _json_file(tmp_path):
    return _bytes(tmp_path, "corp.json", json.dumps([{"id": f"j{k}", "text": "some words"} for k in range(4)])), None


def _gzip_csv(tmp_path):
    return _bytes(tmp_path, "corp.csv.gz", gzip.compress(b"id,text\nx1,some words\n")), None


_OVER = 10_000_001  # bytes: one over --max-bytes's default


def _too_large_line(tmp_path):  # a JSON Lines line over the limit (its line break aside)
    pad = _OVER - len(json.dumps({"id": "big", "text": ""}))
    return _bytes(tmp_path, "big.jsonl", json.dumps({"id": "big", "text": "w" * pad}) + "\n"), 1


def _too_large_file(tmp_path):  # a text file over the limit, not read whole
    return _bytes(tmp_path, "big.txt", "Word. " * (_OVER // 6) + "Words."), None


def _too_large_csv(tmp_path):  # a CSV record's text over the limit (2 of its lines later)
    return _bytes(tmp_path, "big.csv", 'id,text\nx1,"two\nlines"\nbig,' + "w" * _OVER + "\n"), 4


BAD_INPUTS = {
    "missing-path": _missing_path,
    "unreadable": _unreadable_symlink_loop,
    "unreadable-gzip": _unreadable_corrupt_gzip,
    "binary": _binary,
    "not-utf8": _not_utf8,
    "bad-json": _bad_json,
    "not-an-object": _not_an_object,
    "missing-id": _missing_id,
    "missing-text": _missing_text,
    "duplicate-id": _duplicate_id,
    "empty-text": _empty_text,
    "empty-text-file": _empty_text_file,
    "bad-csv": _bad_csv,
    "bad-date": _bad_date,
    "unsupported-format": _json_file,
    "unsupported-format-gzip": _gzip_csv,
    "too-large": _too_large_line,
    "too-large-file": _too_large_file,
    "too-large-csv": _too_large_csv,
}


def _kind(case: str) -> str:
    return {"unreadable-gzip": "unreadable", "empty-text-file": "empty-text",
            "unsupported-format-gzip": "unsupported-format", "too-large-file": "too-large",
            "too-large-csv": "too-large"}.get(case, case)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(tmp_path, corpus_jsonl, case):
    bad, line = BAD_INPUTS[case](tmp_path)
    where = str(bad) if line is None else f"{bad}:{line}"
    out = tmp_path / "out.jsonl"
    result = run(["batch", corpus_jsonl, bad, "--output", out])
    assert_clean_exit(result, 2)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"dedup: error: {where}: "), lines[0]
    assert len(lines[0]) > len(f"dedup: error: {where}: ") + 5  # says what is wrong
    assert result.stdout == ""
    assert not out.exists()  # nothing half-written


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_skipped_and_counted(tmp_path, corpus_jsonl, case):
    bad, line = BAD_INPUTS[case](tmp_path)
    where = str(bad) if line is None else f"{bad}:{line}"
    out = tmp_path / "out.jsonl"
    result = run(["batch", corpus_jsonl, bad, "--skip-invalid", "--output", out])
    assert_clean_exit(result, 0)
    kind = _kind(case)
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"dedup: skipped 1 item: 1 {kind} (first: {where}: "), result.stderr
    # the good documents went through: the story of source and rewrite is there
    recs = jsonl_records(out.read_text(encoding="utf-8"))
    assert [sorted(m["id"] for m in r["members"]) for r in recs] == [["rewrite", "source"]]


def test_skip_invalid_counts_several_kinds(tmp_path, corpus_jsonl):
    bad = _bytes(tmp_path, "bad.jsonl",
                 '{"id": "x1", "text": "Fine words of a fine record."}\n{broken\n{"id": "x2"}\n'
                 '{also broken\n{"id": "x3", "text": ""}\n')
    result = run(["batch", corpus_jsonl, bad, tmp_path / "gone.txt", "--skip-invalid", "-q"])
    assert_clean_exit(result, 0)
    assert result.stderr.splitlines() == [
        f"dedup: skipped 5 items: 2 bad-json, 1 missing-path, 1 missing-text, 1 empty-text "
        f"(first: {bad}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2))"]
    assert "story " in result.stdout


def test_real_process_bad_input_has_no_traceback(tmp_path):
    bad = _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\nnot json\n')
    proc = subprocess.run([sys.executable, "-m", "dedup", "batch", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"dedup: error: {bad}:2: invalid JSON: Expecting value (column 1)"]
    assert proc.stdout == ""


# --- nothing left to cluster ----------------------------------------------------------
# An input that yields no document (all skipped, an empty directory) or only documents
# without a single word is not an internal error: no traceback, no exit code 1.

def test_everything_skipped_is_reported_not_a_crash(tmp_path):
    bad = _bytes(tmp_path, "bad.jsonl", "not json\n")
    result = run(["batch", bad, "--skip-invalid"])
    assert_no_crash(result)
    assert f"skipped 1 item: 1 bad-json (first: {bad}:1: " in result.stderr


def test_empty_directory_is_not_a_crash(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(["batch", tmp_path / "empty"])
    assert_no_crash(result)
    assert result.exit_code == 0  # an empty feed is not bad input, but it is said
    assert result.stderr.splitlines()[-1] == (f"dedup: warning: no documents read from {tmp_path / 'empty'}: "
                                              "found no .txt/.md/.jsonl/.ndjson/.jl/.jsonlines/.jsonl.gz/.ndjson.gz/.jl.gz/.jsonlines.gz/.csv/.tsv file")


def test_documents_without_words_are_not_a_crash(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": "!!! ???"}, {"id": "b", "text": "— … —"}])
    out = tmp_path / "out.jsonl"
    result = run(["batch", path, "--all", "--output", out])
    assert_clean_exit(result, 0)
    recs = jsonl_records(out.read_text(encoding="utf-8"))
    assert sorted(m["id"] for r in recs for m in r["members"]) == ["a", "b"]


def test_directory_named_like_a_file_is_read_as_a_directory(tmp_path, corpus_jsonl):
    d = tmp_path / "more.jsonl"  # a directory, despite its name
    d.mkdir()
    (d / "copy.txt").write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(["batch", corpus_jsonl, d, "--output", out])
    assert_clean_exit(result, 0)
    recs = jsonl_records(out.read_text(encoding="utf-8"))
    assert [sorted(m["id"] for m in r["members"]) for r in recs] == [["copy", "rewrite", "source"]]


# --- usage errors ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["out.txt", "out", "out.jsonl.gz", "out.tsv"])
def test_unknown_output_suffix_is_a_usage_error(tmp_path, corpus_dir, name):
    result = run(["batch", corpus_dir, "--output", tmp_path / name])
    assert_clean_exit(result, 2)
    assert "--output" in result.stderr and ".jsonl, .json, .csv, .html (or .htm, .ndjson)" in result.stderr
    assert not (tmp_path / name).exists()


def test_ndjson_output_is_json_lines(tmp_path, corpus_jsonl):
    """.ndjson is read as JSON Lines; as an output name it was refused as an unknown suffix."""
    out, ref = tmp_path / "report.ndjson", tmp_path / "report.jsonl"
    assert_clean_exit(run(["batch", corpus_jsonl, "--output", out, "-q"]), 0)
    assert_clean_exit(run(["batch", corpus_jsonl, "--output", ref, "-q"]), 0)
    assert out.read_bytes() == ref.read_bytes() and out.stat().st_size > 0


@pytest.mark.parametrize("setting", ["bogus=1", "link_threshold", "link_threshold=high", "link_threshold=2",
                                     "num_perm=100"])
def test_bad_set_is_a_usage_error(corpus_dir, setting):
    result = run(["batch", corpus_dir, "--set", setting])
    assert_clean_exit(result, 2)
    assert "Usage: " in result.stderr and "--set" in result.stderr
    assert result.stdout == ""


def test_set_changes_options(corpus_dir, tmp_path):
    out = tmp_path / "out.json"
    result = run(["batch", corpus_dir, "--set", "link-threshold=0.95", "--set", "seed=7",
                  "--set", "passage_min_shared=0", "--output", out])
    assert_clean_exit(result, 0)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["options"]["link_threshold"] == 0.95 and doc["options"]["seed"] == 7
    assert doc["clusters"] == []  # nothing is that similar (and verbatim-passage links are off)
    assert "link_threshold=0.95" in result.stderr


def test_threshold_option(corpus_dir, tmp_path):
    out = tmp_path / "out.json"
    assert_clean_exit(run(["batch", corpus_dir, "--threshold", "0.5", "-o", out]), 0)
    assert json.loads(out.read_text(encoding="utf-8"))["options"]["link_threshold"] == 0.5
    assert_clean_exit(run(["batch", corpus_dir, "--threshold", "1.5"]), 2)


@pytest.mark.parametrize("args", [["--threshold", "0.5", "--set", "link_threshold=0.3"],
                                  ["--set", "link-threshold=0.3", "--threshold", "0.5"]])
def test_threshold_and_set_link_threshold_together_is_a_usage_error(corpus_dir, args):
    """Both set one option: --set won silently, whatever the order (the log said 0.3)."""
    result = run(["batch", corpus_dir, *args])
    assert_clean_exit(result, 2)
    assert "--threshold and --set link_threshold" in result.stderr and result.stdout == ""


def test_batch_needs_a_path():
    result = run(["batch"])
    assert_clean_exit(result, 2)
    assert "PATHS" in result.stderr


@pytest.mark.parametrize("command", ["batch", "compare"])
def test_help_shows_examples(command):
    result = run([command, "--help"])
    assert_clean_exit(result, 0)
    assert "Examples:" in result.stdout
    assert f"dedup {command} " in result.stdout.split("Examples:", 1)[1]


def test_compare_help_says_the_field_options_apply_to_record_files_a_and_b_too(tmp_path):
    """``--id-field`` / ``--text-field`` rename the record fields of A and B too (their help
    said "(with --pairs)" only)."""
    help_text = " ".join(run(["compare", "--help"]).stdout.split())
    assert "(with --pairs)" not in help_text
    for name in ("id", "text"):
        assert f"Record field holding the {name}, in record files (A and B, or DOCS with --pairs)." in help_text
    a = write_jsonl(tmp_path / "a.jsonl", [{"key": "one", "body": SOURCE}])
    b = write_jsonl(tmp_path / "b.jsonl", [{"key": "two", "body": REWRITE}])
    result = run(["compare", a, b, "--id-field", "key", "--text-field", "body", "--json"])
    assert_clean_exit(result, 0)
    assert {json.loads(result.stdout)[side] for side in ("a", "b")} == {"one", "two"}


def test_top_level_help_lists_commands():
    result = run(["--help"])
    assert_clean_exit(result, 0)
    assert "batch" in result.stdout and "compare" in result.stdout


def test_python_dash_m_help():
    proc = subprocess.run([sys.executable, "-m", "dedup", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: dedup ")
    assert "batch" in proc.stdout and "compare" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "dedup", "batch", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "Examples:" in proc.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["batch", "--help"], ["compare", "--help"]])
def test_help_and_version_on_a_full_disk_are_one_line_exit_1(args):
    """Help or the version written where nothing can be written: one line, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "dedup", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == ["dedup: error: cannot write: No space left on device"]


# --- output -----------------------------------------------------------------------------

def test_default_summary_on_stdout(corpus_dir):
    result = run(["batch", corpus_dir])
    assert_clean_exit(result, 0)
    out = result.stdout
    assert out.startswith("story s")
    assert out.splitlines()[-1] == "1 story with copies among 3 documents (2 documents in them)"
    assert "source" in out and "rewrite" in out and "bakery" not in out
    # counters and options go to stderr, not into the summary
    assert result.stderr.splitlines()[0].startswith("dedup: 3 documents, 1 story with copies (2 documents)")
    assert result.stderr.splitlines()[1].startswith("dedup: options ")
    quiet = run(["batch", corpus_dir, "-q"])
    assert quiet.stderr == "" and quiet.stdout == out


def test_directory_ids_are_relative_paths(tmp_path):
    root = tmp_path / "c"
    (root / "wire" / "2024").mkdir(parents=True)
    (root / "wire" / "2024" / "solar.md").write_text(SOURCE, encoding="utf-8")
    (root / "copy.v2.txt").write_text(REWRITE, encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 \x00")  # not a document type: ignored
    out = tmp_path / "out.jsonl"
    assert_clean_exit(run(["batch", root, "--output", out]), 0)
    (rec,) = jsonl_records(out.read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in rec["members"]) == ["copy.v2", "wire/2024/solar"]


def test_jsonl_output(tmp_path, corpus_jsonl):
    out = tmp_path / "out.jsonl"
    result = run(["batch", corpus_jsonl, "--output", out])
    assert_clean_exit(result, 0)
    assert result.stdout == ""
    raw = out.read_text(encoding="utf-8")
    assert raw.endswith("\n") and "\r" not in raw
    (rec,) = jsonl_records(raw)
    assert list(rec) == ["cluster", "original", "confidence", "reasons", "members"]
    assert isinstance(rec["confidence"], float) and isinstance(rec["reasons"], list)
    members = {m["id"]: m for m in rec["members"]}
    assert set(members) == {"source", "rewrite"}
    for m in rec["members"]:
        assert list(m) == ["id", "role", "parent", "relation", "similarity", "added", "boilerplate"]
    orig = members[rec["original"]]
    assert orig["role"] == "original" and orig["parent"] is None and orig["similarity"] is None
    (der,) = [m for m in rec["members"] if m["role"] == "derivative"]
    assert der["parent"] == rec["original"] and isinstance(der["similarity"], float)
    assert rec["original"] == "source"  # dated a day earlier
    assert any("fishermen" in s["text"] for s in der["added"])
    assert check_spans([rec], TEXTS) > 0


def test_dates_order_a_story_unless_turned_off(tmp_path):
    """The longer text looks like the source; dated later, it is not (date_order), unless
    the dates are not trusted (--set date_order=false)."""
    src = TEXTS["source"]
    short = src[: len(src) // 2]
    rows = [{"id": "long", "text": src, "date": "2025-01-02"}, {"id": "short", "text": short, "date": "2025-01-01"}]
    path = tmp_path / "dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    undated = tmp_path / "undated.jsonl"
    undated.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
    text_only = jsonl_records(run(["batch", undated, "-o", "-"]).stdout)
    assert [r["original"] for r in text_only if len(r["members"]) == 2] == ["long"]
    (rec,) = [r for r in jsonl_records(run(["batch", path, "-o", "-"]).stdout) if len(r["members"]) == 2]
    assert rec["original"] == "short" and rec["reasons"][0].startswith("date: published first")
    off = run(["batch", path, "-o", "-", "--set", "date_order=false"])
    assert_clean_exit(off, 0)
    assert [r["original"] for r in jsonl_records(off.stdout) if len(r["members"]) == 2] == ["long"]
    bad = run(["batch", path, "--set", "date_order=maybe"])
    assert bad.exit_code == 2 and "date_order takes true or false" in bad.output


def test_json_output(tmp_path, corpus_jsonl):
    out = tmp_path / "out.json"
    assert_clean_exit(run(["batch", corpus_jsonl, "--output", out, "--all"]), 0)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc) == ["clusters", "stats", "options"]
    assert sorted(len(c["members"]) for c in doc["clusters"]) == [1, 2]
    assert doc["stats"]["documents"] == 3
    assert doc["options"]["link_threshold"] == Options().link_threshold
    assert check_spans(doc["clusters"], TEXTS) > 0


def test_csv_output(tmp_path, corpus_jsonl):
    out = tmp_path / "OUT.CSV"  # suffix matched case-insensitively
    assert_clean_exit(run(["batch", corpus_jsonl, "--output", out]), 0)
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert sorted(r["id"] for r in body) == ["rewrite", "source"]
    for r in body:
        added = json.loads(r["added"])
        assert int(r["added_chars"]) == sum(s["end"] - s["start"] for s in added)
        for s in added + json.loads(r["boilerplate"]):
            assert TEXTS[r["id"]][s["start"]:s["end"]] == s["text"]
    assert sum(int(r["added_chars"]) for r in body) > 0


def test_csv_output_quotes_an_id_holding_a_carriage_return(tmp_path):
    """An id holding a lone CR (``"a\\rb"``) was written unquoted: the csv module quotes only
    the characters of its line terminator (``\\n``), and every CSV reader splits the row at
    the CR, so the file read back had rows of the wrong width and broken ids."""
    docs = write_jsonl(tmp_path / "docs.jsonl", [{"id": "so\rurce", "text": SOURCE},
                                                 {"id": "re\r\nwrite", "text": REWRITE}])
    out = tmp_path / "out.csv"
    assert_clean_exit(run(["batch", docs, "--output", out, "-q"]), 0)
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS and all(len(r) == len(CSV_COLUMNS) for r in rows)
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert sorted(r["id"] for r in body) == ["re\r\nwrite", "so\rurce"]
    assert {r["original"] for r in body} == {"so\rurce"}


def test_html_output(tmp_path, corpus_jsonl):
    out = tmp_path / "report.htm"
    assert_clean_exit(run(["batch", corpus_jsonl, "--output", out, "-q"]), 0)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>dedup: 1 story with copies among 3 documents" in page
    assert "<mark>" in page and page.count("<details>") == 2  # the source and its rewrite
    assert "bakery" not in page  # a story of one document, as in the other formats without --all
    assert "bakery" in (run(["batch", corpus_jsonl, "-o", out, "-q", "--all"]), out.read_text(encoding="utf-8"))[1]


def test_output_dash_is_jsonl_on_stdout(corpus_jsonl, tmp_path):
    result = run(["batch", corpus_jsonl, "--output", "-", "-q"])
    assert_clean_exit(result, 0)
    out = tmp_path / "out.jsonl"
    run(["batch", corpus_jsonl, "--output", out, "-q"])
    assert result.stdout == out.read_text(encoding="utf-8")


def test_unwritable_output_is_one_line(tmp_path, corpus_jsonl):
    out = tmp_path / "no-such-dir" / "out.jsonl"
    result = run(["batch", corpus_jsonl, "--output", out])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {out}: cannot write: No such file or directory"]


@pytest.mark.parametrize("where", ["folder_is_a_file", "is_a_directory"])
def test_output_that_cannot_be_created_fails_before_the_run(tmp_path, corpus_jsonl, where):
    """Checked before any input is read (a bad input file behind it is never reached), and
    nothing is created."""
    if where == "folder_is_a_file":
        (tmp_path / "f").write_text("x")
        out, why = tmp_path / "f" / "out.jsonl", "Not a directory"
    else:
        out, why = tmp_path / "out.jsonl", "Is a directory"
        out.mkdir()
    result = run(["batch", tmp_path / "missing.jsonl", "--output", out])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {out}: cannot write: {why}"]


@pytest.mark.parametrize("command", ["batch", "compare"])
@pytest.mark.parametrize("exists", [False, True])
def test_output_named_as_a_folder_fails_before_the_run(tmp_path, corpus_jsonl, command, exists):
    """``-o out/`` (a trailing slash: only a folder can have that name) passed the check
    made before reading, so the whole run was done and then failed at its end; it is
    refused first, like a missing folder, and nothing is created."""
    out = str(tmp_path / "out") + os.sep
    if exists:
        (tmp_path / "out").write_text("a file")
    bad = _bytes(tmp_path, "bad.jsonl", '{"id": "x1", "text": "fine"}\nnot json\n')
    args = ["batch", bad, "--format", "jsonl"] if command == "batch" else ["compare", bad, corpus_jsonl]
    result = run(args + ["-o", out])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {out}: cannot write: Is a directory"]
    assert (tmp_path / "out").exists() == exists


def test_existing_output_is_not_touched_when_the_input_is_bad(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous result\n")
    result = run(["batch", tmp_path / "missing.jsonl", "--output", out])
    assert_clean_exit(result, 2)
    assert out.read_text() == "previous result\n"


def test_all_includes_singletons(tmp_path, corpus_dir):
    out = tmp_path / "out.jsonl"
    assert_clean_exit(run(["batch", corpus_dir, "--output", out]), 0)
    without = jsonl_records(out.read_text(encoding="utf-8"))
    assert_clean_exit(run(["batch", corpus_dir, "--all", "--output", out]), 0)
    with_all = jsonl_records(out.read_text(encoding="utf-8"))
    assert [len(r["members"]) for r in without] == [2]
    assert sorted(len(r["members"]) for r in with_all) == [1, 2]
    (single,) = [r for r in with_all if len(r["members"]) == 1]
    assert single["original"] == "bakery"
    assert single["members"][0]["role"] == "original" and single["members"][0]["added"] == []
    assert len({r["cluster"] for r in with_all}) == 2
    assert "bakery" in run(["batch", corpus_dir, "--all"]).stdout


def _two_story_corpus(root: Path) -> Path:
    root.mkdir()
    for doc_id, text in TEXTS.items():
        (root / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (root / "bakery-copy.txt").write_text(UNRELATED.replace("Saturday", "Sunday") +
                                          "The mayor called it the best bread in the county.\n",
                                          encoding="utf-8")
    (root / "solar-copy.md").write_text(SOURCE.replace("Tuesday", "Monday"), encoding="utf-8")
    return root


def test_same_input_gives_byte_identical_output(tmp_path):
    root = _two_story_corpus(tmp_path / "c")
    outs = []
    for n, seed in enumerate(["1", "2", "3"]):
        out = tmp_path / f"out{n}.jsonl"
        env = dict(os.environ, PYTHONHASHSEED=seed)  # set and dict order must not leak into the output
        proc = subprocess.run([sys.executable, "-m", "dedup", "batch", str(root), "--all", "-q", "-o", str(out)],
                              capture_output=True, env=env)
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    recs = jsonl_records(outs[0].decode("utf-8"))
    assert sorted(len(r["members"]) for r in recs) == [2, 3]
    # the in-process CLI (the `dedup` entry point) writes the same bytes as `python -m dedup`
    out = tmp_path / "inproc.jsonl"
    assert_clean_exit(run(["batch", root, "--all", "-q", "-o", out]), 0)
    assert out.read_bytes() == outs[0]


def test_stdin_jsonl(corpus_jsonl, tmp_path):
    data = corpus_jsonl.read_bytes()
    result = run(["batch", "-", "--output", "-", "-q"], input=data)
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(result.stdout)
    assert sorted(m["id"] for m in rec["members"]) == ["rewrite", "source"]
    assert check_spans([rec], TEXTS) > 0
    out = tmp_path / "file.jsonl"
    run(["batch", corpus_jsonl, "--output", out, "-q"])
    assert out.read_text(encoding="utf-8") == result.stdout


def test_stdin_bad_line_names_stdin():
    result = run(["batch", "-"], input=b'{"id": "a", "text": "fine"}\n{oops\n')
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == ["dedup: error: <stdin>:2: invalid JSON: Expecting property name "
                                          "enclosed in double quotes (column 2)"]


def test_stdin_and_files_together(tmp_path):
    src = write_jsonl(tmp_path / "a.jsonl", [{"id": "source", "text": SOURCE}])
    data = json.dumps({"id": "rewrite", "text": REWRITE}) + "\n"
    out = tmp_path / "out.jsonl"
    result = run(["batch", src, "-", "--output", out], input=data)
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(out.read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in rec["members"]) == ["rewrite", "source"]


def test_csv_input_with_multiline_quoted_text(tmp_path):
    path = tmp_path / "docs.csv"
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["id", "text", "title", "date"])
    w.writerow(["source", SOURCE, "Floating solar, opened", "2024-05-01"])
    w.writerow(["rewrite", REWRITE, 'The "new" farm', "2024-05-02"])
    w.writerow(["bakery", UNRELATED, "", ""])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    assert SOURCE.count("\n") > 2 and '"' in buf.getvalue()
    out = tmp_path / "out.jsonl"
    result = run(["batch", path, "--output", out])
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(out.read_text(encoding="utf-8"))
    assert rec["original"] == "source"
    assert check_spans([rec], TEXTS) > 0  # texts kept exactly, newlines inside quotes included

    # a bad row after the multi-line ones is named by its physical line
    line = buf.getvalue().count("\n") + 1  # the physical line the next row starts on
    w.writerow(["empty", " ", "", ""])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    result = run(["batch", path])
    assert_clean_exit(result, 2)
    assert result.stderr.startswith(f"dedup: error: {path}:{line}: ")


def test_id_and_text_field_renaming(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [
        {"key": "source", "body": SOURCE, "id": "ignored-1"},
        {"key": "rewrite", "body": REWRITE, "id": "ignored-2"},
    ])
    out = tmp_path / "out.jsonl"
    result = run(["batch", path, "--id-field", "key", "--text-field", "body", "--output", out])
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(out.read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in rec["members"]) == ["rewrite", "source"]
    assert check_spans([rec], TEXTS) > 0
    result = run(["batch", path])  # without renaming there is no "text" field
    assert_clean_exit(result, 2)
    assert result.stderr == f"dedup: error: {path}:1: no 'text' field\n"


def test_gzip_jsonl_input(tmp_path, corpus_jsonl):
    gz = tmp_path / "docs.jsonl.gz"
    gz.write_bytes(gzip.compress(corpus_jsonl.read_bytes()))
    out1, out2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert_clean_exit(run(["batch", gz, "-o", out1]), 0)
    assert_clean_exit(run(["batch", corpus_jsonl, "-o", out2]), 0)
    assert out1.read_bytes() == out2.read_bytes() != b""


def test_ndjson_input_is_read_as_json_lines_by_every_command(tmp_path, corpus_jsonl):
    """``.ndjson`` / ``.ndjson.gz`` are read like ``.jsonl`` by batch, compare --pairs's DOCS
    and index add, named or in a directory (``corp.ndjson`` was one document ``corp``)."""
    nd = tmp_path / "corp.ndjson"
    nd.write_bytes(corpus_jsonl.read_bytes())
    ndgz = tmp_path / "corp2.ndjson.gz"
    ndgz.write_bytes(gzip.compress(corpus_jsonl.read_bytes()))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "feed.ndjson").write_bytes(corpus_jsonl.read_bytes())
    want = tmp_path / "want.jsonl"
    assert_clean_exit(run(["batch", corpus_jsonl, "-o", want]), 0)
    for k, path in enumerate([nd, ndgz, folder]):
        out = tmp_path / f"out{k}.jsonl"
        result = run(["batch", path, "-o", out])
        assert_clean_exit(result, 0)
        assert out.read_bytes() == want.read_bytes() != b"" and "ignored" not in result.stderr
    pairs = _pairs(tmp_path, [("source", "rewrite")])
    assert run(["compare", "--pairs", pairs, nd]).stdout == run(["compare", "--pairs", pairs, corpus_jsonl]).stdout
    result = run(["index", "add", tmp_path / "i.dedup", ndgz, "--no-progress"])
    assert_clean_exit(result, 0)
    assert "added 3 documents" in result.stderr


@pytest.mark.parametrize("name", ["feed.jl", "feed.jsonlines", "feed.JL.gz"])
def test_jsonl_by_other_names_is_read_as_json_lines_by_every_command(tmp_path, corpus_jsonl, name):
    """``.jl`` (Scrapy's feed files) and ``.jsonlines`` were read as one text document named
    after the file (exit 0, "1 document"), and passed over inside a directory; they are JSON
    Lines, as ``.jsonl``."""
    data = corpus_jsonl.read_bytes()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / name).write_bytes(path.read_bytes())
    want = run(["batch", corpus_jsonl, "-o", "-"]).stdout
    for given in (path, folder):
        result = run(["batch", given, "-o", "-"])
        assert_clean_exit(result, 0)
        assert result.stdout == want != "" and "ignored" not in result.stderr
    pairs = _pairs(tmp_path, [("source", "rewrite")])
    assert run(["compare", "--pairs", pairs, path]).stdout == run(["compare", "--pairs", pairs, corpus_jsonl]).stdout
    result = run(["index", "add", tmp_path / "i.dedup", path, "--no-progress"])
    assert_clean_exit(result, 0)
    assert "added 3 documents" in result.stderr


def test_tsv_input_is_read_as_tab_separated_and_refused_by_filter(tmp_path, corpus_jsonl):
    """A ``.tsv`` file was one text document named after the file; it is read as CSV separated
    by tabs (a tab-separated file named .csv gets the hint to name it .tsv); ``dedup filter``
    refuses it by name, as a .csv."""
    import csv as _csv

    records = [json.loads(line) for line in corpus_jsonl.read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "corp.tsv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = _csv.writer(f, delimiter="\t")
        names = sorted({k for r in records for k in r})
        w.writerow(names)
        w.writerows([r.get(k) or "" for k in names] for r in records)
    want = run(["batch", corpus_jsonl, "-o", "-"]).stdout
    result = run(["batch", path, "-o", "-"])
    assert_clean_exit(result, 0)
    assert result.stdout == want != ""
    wrong = tmp_path / "corp.csv"
    wrong.write_bytes(path.read_bytes())
    result = run(["batch", wrong])
    assert_clean_exit(result, 2)
    assert "(columns separated by '\\t'? dedup reads CSV separated by commas, and files named .tsv " \
           "separated by tabs)" in result.stderr
    result = run(["filter", tmp_path / "i.dedup", path])
    assert_clean_exit(result, 2)
    assert "dedup filter reads JSON Lines, not .tsv" in result.stderr


def test_a_named_json_file_is_an_input_error_and_one_in_a_directory_is_counted(tmp_path, corpus_dir):
    """``dedup batch corp.json`` read the file as one text document ``corp`` (exit 0): now
    one error line saying it is not read and what to give instead; a ``.json`` file inside
    a directory is ignored and counted, as before."""
    bad, _ = _json_file(tmp_path)
    for args in (["batch", bad], ["compare", bad, corpus_dir / "source.txt"],
                 ["index", "add", tmp_path / "i.dedup", bad]):
        result = run(args)
        assert_clean_exit(result, 2)
        assert result.stderr.splitlines()[-1] == (
            f"dedup: error: {bad}: a .json file is not read: give JSON Lines (one JSON object per line) "
            "as .jsonl or .ndjson, or a text as .txt"), result.stderr
    (corpus_dir / "corp.json").write_bytes(bad.read_bytes())
    result = run(["batch", corpus_dir, "-q"])
    assert_clean_exit(result, 0)
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("dedup: ignored")] == [
        "dedup: ignored 1 file in directories (not .txt, .md, .jsonl, .ndjson, .jl, .jsonlines, .jsonl.gz, .ndjson.gz, .jl.gz, .jsonlines.gz, .csv or .tsv): "
        "1 .json"]


@pytest.mark.parametrize("name", ["x.csv.gz", "x.gz", "x.txt.gz"])
def test_a_gzip_file_other_than_jsonl_gz_is_named_as_such_not_binary(tmp_path, name):
    """A gzip file dedup does not read said "NUL byte at offset 8: a binary file, not text";
    now one line naming it a gzip file and the compressed formats that are read."""
    path = _bytes(tmp_path, name, gzip.compress(b"id,text\nx1,some words\n"))
    result = run(["batch", path])
    assert_clean_exit(result, 2)
    assert result.stderr == (f"dedup: error: {path}: a gzip-compressed file (starts with bytes 1f 8b), which "
                             "dedup does not read: it reads gzip only as JSON Lines named .jsonl.gz, "
                             ".ndjson.gz, .jl.gz or .jsonlines.gz (or decompress the file)\n")


# --- compare ----------------------------------------------------------------------------

def test_compare_two_files_text(corpus_dir):
    a, b = corpus_dir / "source.txt", corpus_dir / "rewrite.txt"
    result = run(["compare", a, b])
    assert_clean_exit(result, 0)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("similarity 0.") and "relation: " in lines[0]
    assert "relation: unrelated" not in lines[0]
    assert lines[1].startswith("likely source: ")
    assert lines[2].startswith("evidence: shared rare terms 0.") and "verbatim passage " in lines[2]
    # two texts: any shared word is as rare as can be
    assert "rarest shared term 1.00 (derived from 0.75; below 0.85 only with closely supported content " \
           "from 0.30), closely supported 0." in lines[2]
    close = float(lines[2].rsplit("closely supported ", 1)[1])
    assert Options().close_support <= close <= 1
    assert any(line.startswith("source adds ") for line in lines)
    assert any(line.startswith("rewrite adds ") for line in lines)
    # every listed passage is [start:end] of its side's text
    side = None
    for line in lines:
        if " adds " in line:
            side = line.split(" adds ")[0]
        elif line.startswith("  ["):
            span, shown = line[3:].split("] ", 1)
            start, end = map(int, span.split(":"))
            assert " ".join(TEXTS[side][start:end].split()).startswith(shown.rstrip("\u2026"))
    assert "fishermen" in result.stdout


def test_compare_two_files_json(corpus_dir):
    result = run(["compare", corpus_dir / "source.txt", corpus_dir / "rewrite.txt", "--json"])
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(result.stdout)
    assert list(rec) == ["a", "b", "similarity", "relation", "source", "confidence", "reasons", "added",
                         "boilerplate", "evidence"]
    ev = rec["evidence"]
    assert list(ev) == ["shared_terms", "shared_term_count", "shared_5grams", "supported", "shared_passage",
                        "shared_numbers", "shared_names", "shared_specificity", "close_support", "closing_block",
                        "quotes_only", "short_texts", "sums_up"]
    assert ev["closing_block"] is False  # the rewrite restates its source throughout
    assert ev["sums_up"] is False  # it shares enough rare terms
    assert ev["quotes_only"] is False
    assert ev["shared_term_count"] >= Options().min_shared_terms
    # six of its ten sentences restate the source's closely (the copy's test passes)
    assert Options().close_support <= ev["close_support"] <= 1
    assert 0 <= ev["shared_numbers"] <= 1 and 0 <= ev["shared_names"] <= 1
    assert Options().shared_specificity <= ev["shared_specificity"] <= 1  # a rewrite keeps rare words
    # a rewrite: derived because the two share enough of their rare terms
    assert ev["shared_terms"] >= Options().derived_containment and 0 <= ev["supported"] <= 1
    assert (rec["a"], rec["b"]) == ("source", "rewrite")
    assert Options().link_threshold <= rec["similarity"] <= 1 and rec["relation"] is not None and rec["source"] in ("source", "rewrite")
    assert set(rec["added"]) == set(rec["boilerplate"]) == {"source", "rewrite"}
    for side, spans in list(rec["added"].items()) + list(rec["boilerplate"].items()):
        for s in spans:
            assert TEXTS[side][s["start"]:s["end"]] == s["text"]
    assert any("fishermen" in s["text"] for s in rec["added"]["rewrite"])


EARNINGS = ("Shr profit {0} cts vs profit {1} cts\n    Net profit {2},000 vs profit {3},000\n"
            "    Revs {4} mln vs {5} mln\n    12 mths\n    Shr profit {6} cts vs loss {7} cts\n"
            "    Net profit {8},000 vs loss {9},000\n    NOTE: results restated for discontinued operations.\n")


def test_compare_same_template_other_figures_is_related(tmp_path):
    """Two companies' earnings reports: the same words, other figures. The number test makes
    them related; with it off (number_overlap=0) the shared vocabulary calls it derived."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(EARNINGS.format(15, 4, 72, 16, 7.1, 2.3, 42, 11, 203, 55), encoding="utf-8")
    b.write_text(EARNINGS.format(51, 3, 741, 467, 138.9, 131.4, 64, 46, 843, 306), encoding="utf-8")
    result = run(["compare", a, b, "--json"])
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(result.stdout)
    assert rec["evidence"]["shared_numbers"] < Options().number_overlap
    assert rec["relation"] == "related" and rec["source"] is None
    off = run(["compare", a, b, "--json", "--set", "number_overlap=0"])
    (rec_off,) = jsonl_records(off.stdout)
    assert rec_off["relation"] in ("rewrite", "partial", "near-duplicate") and rec_off["source"] is not None
    # the same report restated with its figures kept is still derived
    c = tmp_path / "c.txt"
    c.write_text("RESULTS\n" + EARNINGS.format(15, 4, 72, 16, 7.1, 2.3, 42, 11, 203, 55), encoding="utf-8")
    kept = run(["compare", a, c, "--json"])
    (rec_kept,) = jsonl_records(kept.stdout)
    assert rec_kept["evidence"]["shared_numbers"] == 1.0 and rec_kept["relation"] != "related"


@pytest.mark.parametrize("a, b", [("hi there", "yo there"),
                                  ("Breaking: the president resigned today", "Breaking: the football team won today")])
def test_compare_short_texts_sharing_a_few_words_are_related(tmp_path, a, b):
    """Two short texts that share a word or two were a `rewrite` of each other (similarity
    0.34 and 0.38, "supported 1.00"): a large share of few words, and each has words the
    other lacks."""
    (tmp_path / "a.txt").write_text(a + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(b + "\n", encoding="utf-8")
    result = run(["compare", tmp_path / "a.txt", tmp_path / "b.txt", "--json"])
    assert_clean_exit(result, 0)
    (rec,) = jsonl_records(result.stdout)
    assert rec["relation"] == "related" and rec["source"] is None, rec
    assert rec["evidence"]["shared_term_count"] < Options().min_shared_terms
    text = run(["compare", tmp_path / "a.txt", tmp_path / "b.txt"]).stdout
    assert "relation: related" in text and f"(derived from {Options().min_shared_terms})" in text


def test_compare_unrelated(corpus_dir):
    result = run(["compare", corpus_dir / "source.txt", corpus_dir / "bakery.txt", "--json"])
    assert_clean_exit(result, 0)
    rec = json.loads(result.stdout)
    assert rec["relation"] is None and rec["source"] is None and rec["similarity"] < Options().link_threshold
    assert rec["evidence"]["shared_terms"] < Options().derived_containment
    text = run(["compare", corpus_dir / "source.txt", corpus_dir / "bakery.txt"]).stdout
    assert "relation: unrelated" in text and "likely source" not in text


def test_compare_bad_input(tmp_path, corpus_dir):
    result = run(["compare", corpus_dir / "source.txt", tmp_path / "nope.txt"])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {tmp_path / 'nope.txt'}: no such file or directory"]
    two = tmp_path / "two.jsonl"
    write_jsonl(two, [{"id": "x", "text": SOURCE}, {"id": "y", "text": REWRITE}])
    result = run(["compare", two, corpus_dir / "source.txt"])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: compare needs one document in each of A and B, got 2 "
                                          f"from {two} and 1 from {corpus_dir / 'source.txt'}"]


def test_compare_an_empty_side_is_an_error_not_the_other_sides_two_documents(tmp_path):
    """A without a document and B with two: the two documents of B were compared, exit 0."""
    empty, two = tmp_path / "empty.jsonl", tmp_path / "two.jsonl"
    empty.write_text("")
    write_jsonl(two, [{"id": "x", "text": SOURCE}, {"id": "y", "text": REWRITE}])
    for args in ([empty, two], [two, empty]):
        result = run(["compare", *args])
        assert_clean_exit(result, 2)
        assert result.stdout == ""
        assert result.stderr.splitlines() == [f"dedup: error: compare needs one document in each of A and B, got "
                                              f"{0 if args[0] == empty else 2} from {args[0]} and "
                                              f"{2 if args[0] == empty else 0} from {args[1]}"]


def test_compare_two_files_of_one_name_in_two_folders(tmp_path, corpus_dir):
    """Files named alike in two folders (both ids 'a'), or one file twice, are compared, each
    side named by the path given; a file with itself is a duplicate."""
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    a, b = tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt"
    a.write_text(SOURCE, encoding="utf-8")
    b.write_text(REWRITE, encoding="utf-8")
    rec, = jsonl_records(run(["compare", a, b, "--json"]).stdout)
    assert (rec["a"], rec["b"]) == (str(a), str(b)) and rec["relation"] not in (None, "related", "duplicate")
    assert set(rec["added"]) == {str(a), str(b)}
    result = run(["compare", a, a, "--json"])
    assert_clean_exit(result, 0)
    rec, = jsonl_records(result.stdout)
    assert (rec["a"], rec["b"], rec["relation"], rec["similarity"]) == (f"{a}#1", f"{a}#2", "duplicate", 1.0)


def _pairs(tmp_path, pairs, name="pairs.jsonl"):
    return write_jsonl(tmp_path / name, [{"a": a, "b": b} for a, b in pairs])


def test_compare_pairs_in_input_order(tmp_path, corpus_jsonl):
    order = [("rewrite", "source"), ("bakery", "source"), ("source", "rewrite"), ("rewrite", "bakery")]
    pairs = _pairs(tmp_path, order)
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 0)
    recs = jsonl_records(result.stdout)
    assert [(r["a"], r["b"]) for r in recs] == order
    related = {frozenset((r["a"], r["b"])): r["relation"] for r in recs}
    assert related[frozenset(("source", "rewrite"))] is not None
    assert related[frozenset(("bakery", "source"))] is None
    for r in recs:
        for side, spans in r["added"].items():
            for s in spans:
                assert TEXTS[side][s["start"]:s["end"]] == s["text"]
    out = tmp_path / "scores.jsonl"
    assert_clean_exit(run(["compare", "--pairs", pairs, corpus_jsonl, "--output", out]), 0)
    assert out.read_text(encoding="utf-8") == result.stdout


def test_compare_pairs_counts_on_stderr_and_draws_a_bar_when_asked(tmp_path, corpus_jsonl):
    order = [("rewrite", "source"), ("bakery", "source"), ("source", "rewrite")]
    pairs = _pairs(tmp_path, order)
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 0)
    assert result.stderr.splitlines() == [f"dedup: 3 pairs scored, their texts from {len(TEXTS)} documents of "
                                          f"{corpus_jsonl}"]
    quiet = run(["compare", "--pairs", pairs, corpus_jsonl, "-q"])
    assert_clean_exit(quiet, 0)
    assert quiet.stderr == "" and quiet.stdout == result.stdout
    bar = run(["compare", "--pairs", pairs, corpus_jsonl, "-q", "--progress"])
    assert_clean_exit(bar, 0)
    assert "comparing" in bar.stderr and "pairs" in bar.stderr and "scored" not in bar.stderr
    assert bar.stdout == result.stdout
    piped = run(["compare", "--pairs", pairs, "-"], input=open(corpus_jsonl, encoding="utf-8").read())
    assert_clean_exit(piped, 0)
    assert piped.stderr.splitlines() == [f"dedup: 3 pairs scored, their texts from {len(TEXTS)} documents of <stdin>"]
    one = run(["compare", "--pairs", _pairs(tmp_path, order[:1]), corpus_jsonl])
    assert one.stderr.startswith("dedup: 1 pair scored, their texts from ")


def test_compare_pairs_names_number_ids_as_written(tmp_path):
    """Ids given as numbers, in the pairs and in the documents, are the numbers as written
    (1.50 and 1.5 are two documents)."""
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": 1.50, "text": %s}\n{"id": 1.5, "text": %s}\n' % (json.dumps(SOURCE), json.dumps(UNRELATED)),
                    encoding="utf-8")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": 1.50, "b": 1.5}\n', encoding="utf-8")
    result = run(["compare", "--pairs", pairs, docs])
    assert_clean_exit(result, 0)
    assert [(r["a"], r["b"]) for r in jsonl_records(result.stdout)] == [("1.50", "1.5")]


def test_compare_pairs_unknown_id(tmp_path, corpus_jsonl):
    pairs = _pairs(tmp_path, [("source", "rewrite"), ("bakery", "source"), ("source", "nobody")])
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dedup: error: {pairs}:3: ") and "nobody" in line
    assert result.stdout == ""  # nothing written before the error


def test_compare_pairs_skip_invalid_scores_the_good_pairs_and_counts_the_rest(tmp_path, corpus_jsonl):
    """--skip-invalid: bad pairs lines (bad JSON, not an object, an id missing, an id DOCS does
    not hold, not UTF-8) and bad records of DOCS are skipped, counted by kind and reported
    on stderr with the first one's file and line; the good pairs are scored in input order,
    exit 0.  A pair naming a skipped document is itself skipped (its id is unknown)."""
    docs = tmp_path / "docs.jsonl"
    docs.write_text(open(corpus_jsonl, encoding="utf-8").read() + '{"id": "empty", "text": "  "}\n',
                    encoding="utf-8")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b'{"a": "source", "b": "rewrite"}\n{"a": "source",\n[1, 2]\n{"a": "source"}\n'
                      b'{"a": "source", "b": "nobody"}\n\xff\xfe\n{"a": "empty", "b": "source"}\n'
                      b'{"a": "bakery", "b": "source"}\n')
    strict = run(["compare", "--pairs", pairs, docs])
    assert_clean_exit(strict, 2)
    assert strict.stderr.startswith(f"dedup: error: {docs}:4: ") and strict.stdout == ""
    result = run(["compare", "--pairs", pairs, docs, "--skip-invalid"])
    assert_clean_exit(result, 0)
    assert [(r["a"], r["b"]) for r in jsonl_records(result.stdout)] == [("source", "rewrite"), ("bakery", "source")]
    lines = result.stderr.splitlines()
    assert lines[0] == f"dedup: 2 pairs scored, their texts from 3 documents of {docs}"
    assert lines[1].startswith("dedup: skipped 7 items: 2 unknown-id, 1 not-utf8, 1 bad-json, 1 not-an-object, "
                               "1 missing-id, 1 empty-text (first: ")
    assert f"{docs}:4: " in lines[1] and len(lines) == 2
    # counted even with --quiet; and a file of bad pairs only says none was scored
    quiet = run(["compare", "--pairs", pairs, docs, "--skip-invalid", "-q"])
    assert quiet.stdout == result.stdout and quiet.stderr.splitlines() == lines[1:]
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"[1]\n")
    none = run(["compare", "--pairs", bad, docs, "--skip-invalid"])
    assert_clean_exit(none, 0)
    assert none.stdout == "" and none.stderr.splitlines()[-1] == "dedup: warning: no pairs scored: every pair was skipped"
    # a pairs file without a pair says so, whatever DOCS's skipped records
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    nothing = run(["compare", "--pairs", empty, docs, "--skip-invalid"])
    assert_clean_exit(nothing, 0)
    assert nothing.stderr.splitlines() == [f"dedup: warning: no pairs read from {empty}",
                                           f"dedup: skipped 1 item: 1 empty-text (first: {docs}:4: 'text' contains "
                                           "only whitespace)"]
    # one pair's two documents: nothing to skip
    usage = run(["compare", docs, docs, "--skip-invalid"])
    assert_clean_exit(usage, 2)
    assert "--skip-invalid applies to --pairs only" in usage.stderr


def test_compare_pairs_bad_json_is_worded_as_by_every_other_reader(tmp_path, corpus_jsonl):
    """A pairs line that is not JSON says "invalid JSON: ... (column N)", as the record
    readers do (it said "malformed JSON")."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": "source", "b": "rewrite"}\n{"a": }\n')
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {pairs}:2: invalid JSON: Expecting value (column 7)"]
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": "a", "text": "one"}\n{"a": }\n')
    assert run(["batch", docs]).stderr.splitlines() == [
        f"dedup: error: {docs}:2: invalid JSON: Expecting value (column 7)"]


@pytest.mark.parametrize("end", ["\n", "\r\n", ""])
def test_a_json_line_cut_short_names_the_column_where_it_ends(tmp_path, corpus_jsonl, end):
    """A line cut short (an object not closed) said "(column 1)": the parser counted its
    line break as a second line and reported the column there.  The column is the end of
    the line, whatever its line break, in record files and pairs files alike."""
    docs = _bytes(tmp_path, "cut.jsonl", '{"id": "a", "text": "one"}\n{"id": "b", "text": "two"' + end)
    assert run(["batch", docs]).stderr.splitlines() == [
        f"dedup: error: {docs}:2: invalid JSON: Expecting ',' delimiter (column 26)"]
    pairs = _bytes(tmp_path, "pairs.jsonl", '{"a": "source", "b": "rewrite"}\n{"a": "source"' + end)
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {pairs}:2: invalid JSON: Expecting ',' delimiter (column 15)"]


@pytest.mark.parametrize("blank", ["\u00a0", "\u3000", "\x0c", "\x0b"])
def test_compare_pairs_line_of_other_white_space_is_bad_json(tmp_path, corpus_jsonl, blank):
    """Only JSON's blanks (spaces, tabs, CR) make a blank pairs line, as in a record file: a
    line of U+00A0, U+3000 or a form feed was passed over without a word (str.strip), while
    the same line in the corpus stops the run as bad JSON."""
    pairs = _bytes(tmp_path, "pairs.jsonl", '{"a": "source", "b": "rewrite"}\n \t\r\n' + blank + "\n")
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {pairs}:3: invalid JSON: Expecting value (column 1)"]
    assert result.stdout == ""
    docs = _bytes(tmp_path, "docs.jsonl", '{"id": "a", "text": "one"}\n' + blank + "\n")
    assert run(["batch", docs]).stderr.splitlines() == [
        f"dedup: error: {docs}:2: invalid JSON: Expecting value (column 1)"]


def test_compare_stdin_for_both_sides_is_a_usage_error(corpus_jsonl):
    """``dedup compare - -`` read stdin for A and found it used up for B, and said "got 1
    from - and 0 from -"; it is refused as batch refuses '-' twice."""
    one = corpus_jsonl.read_text(encoding="utf-8").splitlines()[0] + "\n"
    result = run(["compare", "-", "-"], input=one)
    assert_clean_exit(result, 2)
    assert "'-' (stdin) given for both A and B" in result.stderr and "got 1 from -" not in result.stderr


def test_compare_pairs_with_an_integer_too_long_is_one_line(tmp_path, corpus_jsonl):
    """An id of 5,000 digits (over Python's int conversion limit) was a ValueError traceback."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": "source", "b": "rewrite"}\n{"a": ' + "1" * 5000 + ', "b": "source"}\n')
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dedup: error: {pairs}:2: invalid JSON: Exceeds the limit") and len(line) < 200


def test_compare_pairs_with_a_key_given_twice(tmp_path, corpus_jsonl):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": "source", "b": "rewrite"}\n{"a": "source", "b": "bakery", "b": "rewrite"}\n')
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {pairs}:2: invalid JSON: duplicate key 'b' "
                                          "(one of its values would be dropped)"]


@pytest.mark.parametrize("args, named", [
    (["--set", "num_perm=10000000000000000000"], "Options.num_perm=10000000000000000000: must be between 2 and 2**32"),
    (["--threshold", "nan"], "Invalid value for '--threshold': 'nan' is not a number between 0 and 1."),
])
def test_odd_option_values_are_usage_errors_naming_the_option(tmp_path, args, named):
    """A num_perm above 2**32 failed deep in numpy (a ValueError traceback, exit 1); a
    --threshold of nan was refused as a bad --set."""
    for command in (["batch", SEEDS_DIR], ["index", "add", tmp_path / "x.dedup", SEEDS_DIR]):
        if command[0] == "index" and args[0] == "--threshold":
            continue
        result = run(command + args)
        assert_clean_exit(result, 2)
        assert named in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("pair, name", [('{"a": "source", "b": NaN}', "NaN"),
                                        ('{"a": -Infinity, "b": "source"}', "-Infinity")])
def test_compare_pairs_with_nan_or_infinity(tmp_path, corpus_jsonl, pair, name):
    """Not JSON: an id NaN was looked up as 'nan' (and paired with a document of that id)."""
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"a": "source", "b": "rewrite"}\n' + pair + "\n")
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {pairs}:2: invalid JSON: {name} is not JSON "
                                          "(JSON numbers are finite)"]


@pytest.mark.parametrize("content, line", [
    (b'{"a": "source", "b": "rewrite"}\n{"a": "source", \n', 2),
    (b'{"a": "source", "b": "rewrite"}\n\n["source", "rewrite"]\n', 3),
    (b'{"a": "source"}\n', 1),
    pytest.param(b'{"a": "source", "b": "rewrite"}\n{"a": "source", "b": "caf\xe9"}\n', 2, id="not-utf8"),
    pytest.param(b'{"a": "source", "b": "rewrite"}\n' + b"[" * 100000 + b"\n", 2, id="deep"),
    pytest.param(b'"source"\n', 1, id="a string"),
])
def test_compare_pairs_bad_pairs_file(tmp_path, corpus_jsonl, content, line):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(content)
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 2)
    (msg,) = result.stderr.splitlines()
    assert msg.startswith(f"dedup: error: {pairs}:{line}: ")


def test_compare_pairs_accepts_a_byte_order_mark_and_a_document_paired_with_itself(tmp_path, corpus_jsonl):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b'\xef\xbb\xbf{"a": "source", "b": "source"}\n{"a": "source", "b": "rewrite"}\n')
    result = run(["compare", "--pairs", pairs, corpus_jsonl])
    assert_clean_exit(result, 0)
    same, pair = jsonl_records(result.stdout)
    assert (same["relation"], same["similarity"], same["reasons"], same["added"]) == \
        ("duplicate", 1.0, ["the same document"], {"source": []})
    assert pair["relation"] not in (None, "related", "duplicate")


def test_compare_pairs_missing_pairs_file(tmp_path, corpus_jsonl):
    result = run(["compare", "--pairs", tmp_path / "none.jsonl", corpus_jsonl])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {tmp_path / 'none.jsonl'}: cannot read: "
                                          "No such file or directory"]


def test_files_with_other_suffixes_in_a_directory_are_counted_not_silently_dropped(corpus_dir):
    (corpus_dir / "notes.pdf").write_bytes(b"%PDF-1.4")
    (corpus_dir / "photo.JPG").write_bytes(b"\xff\xd8")
    (corpus_dir / "README").write_text("no suffix", encoding="utf-8")
    result = run(["batch", corpus_dir, "-q"])
    assert_clean_exit(result, 0)
    notes = [ln for ln in result.stderr.splitlines() if ln.startswith("dedup: ignored")]
    assert notes == ["dedup: ignored 3 files in directories (not .txt, .md, .jsonl, .ndjson, .jl, .jsonlines, .jsonl.gz, .ndjson.gz, .jl.gz, .jsonlines.gz, .csv or .tsv): "
                     "1 (no suffix), 1 .jpg, 1 .pdf"]


def test_hidden_entries_links_to_directories_and_named_pipes_are_passed_over_and_counted(corpus_dir, tmp_path):
    """A directory may hold a `.git`, a hidden file, a link to a folder elsewhere and a named
    pipe with a document suffix: none is read (a pipe is never opened, so the run cannot
    hang on it), and each is counted on one line, with files of other suffixes."""
    (corpus_dir / ".git").mkdir()
    (corpus_dir / ".git" / "x.txt").write_text("not a document", encoding="utf-8")
    (corpus_dir / ".draft.txt").write_text("not a document", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "y.txt").write_text("not a document either", encoding="utf-8")
    (corpus_dir / "linked").symlink_to(elsewhere, target_is_directory=True)
    os.mkfifo(corpus_dir / "feed.jsonl")
    (corpus_dir / "notes.pdf").write_bytes(b"%PDF-1.4")
    proc = subprocess.run([sys.executable, "-m", "dedup", "batch", str(corpus_dir), "--progress", "--all",
                           "-o", "-"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    ids = {m["id"] for line in proc.stdout.splitlines() for m in json.loads(line).get("members", [])}
    assert ids == {"source", "rewrite", "bakery"}
    notes = [ln for ln in proc.stderr.replace("\r", "\n").splitlines() if ln.startswith("dedup: ignored")]
    assert notes == ["dedup: ignored 1 file in directories (not .txt, .md, .jsonl, .ndjson, .jl, .jsonlines, .jsonl.gz, .ndjson.gz, .jl.gz, .jsonlines.gz, .csv or .tsv): "
                     "1 .pdf; "
                     "also passed over hidden entries (name starting with '.'): 2, links to directories "
                     "(not followed): 1, pipes, sockets or devices (not opened): 1"]
    assert "0/3 " in proc.stderr  # the bar's total counts the three documents, not the pipe


def test_no_ignored_notice_when_every_file_is_read(corpus_dir):
    result = run(["batch", corpus_dir, "-q"])
    assert_clean_exit(result, 0)
    assert "ignored" not in result.stderr


@pytest.mark.parametrize("make", ["empty_dir", "empty_jsonl", "only_other_suffixes"])
def test_no_documents_in_the_input_is_a_warning_not_silence(tmp_path, make):
    """An empty or wrong path gives an empty result: say so on stderr (even with --quiet),
    so it is not mistaken for a corpus without copies. Exit 0: an empty feed is not bad input."""
    if make == "empty_jsonl":
        path = tmp_path / "feed.jsonl"
        path.write_text("", encoding="utf-8")
    else:
        path = tmp_path / "corpus"
        path.mkdir()
        if make == "only_other_suffixes":
            (path / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = run(["batch", path, "-q"])
    assert_clean_exit(result, 0)
    warnings = [ln for ln in result.stderr.splitlines() if "warning" in ln]
    why = "it holds no record" if make == "empty_jsonl" else \
        "found no .txt/.md/.jsonl/.ndjson/.jl/.jsonlines/.jsonl.gz/.ndjson.gz/.jl.gz/.jsonlines.gz/.csv/.tsv file"
    assert warnings == [f"dedup: warning: no documents read from {path}: {why}"]
    # a folder and a file, both empty
    (tmp_path / "also.jsonl").write_text("", encoding="utf-8")
    both = run(["batch", path, tmp_path / "also.jsonl", "-q"])
    assert both.stderr.endswith("they hold no record\n" if make == "empty_jsonl" else
                                "found no record and no .txt/.md/.jsonl/.ndjson/.jl/.jsonlines/.jsonl.gz/.ndjson.gz/.jl.gz/.jsonlines.gz/.csv/.tsv file\n")


def test_a_folder_of_record_files_without_records_says_so(tmp_path):
    """A folder whose .jsonl and .csv files hold no record was said to hold no such file
    ("found no .txt/.md/.jsonl/... file"), sending the user looking for a misnamed one."""
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "today.jsonl").write_text("", encoding="utf-8")
    (feeds / "old.csv").write_text("id,text\n", encoding="utf-8")
    for args in (["batch", feeds, "-q"], ["index", "add", tmp_path / "i.dedup", feeds, "-q"]):
        result = run(args)
        assert_clean_exit(result, 0)
        assert [ln for ln in result.stderr.splitlines() if "warning" in ln] == [
            f"dedup: warning: no documents read from {feeds}: its files hold no record"]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert run(["batch", feeds, empty, "-q"]).stderr.endswith("their files hold no record\n")


def test_every_item_skipped_is_a_warning_naming_the_count(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, [{"id": "a", "text": ""}, {"id": "b", "text": "   "}])
    result = run(["batch", path, "--skip-invalid"])
    assert_clean_exit(result, 0)
    assert f"dedup: warning: no documents read from {path}: every item was skipped (2)" \
        in result.stderr.splitlines()


def test_progress_shows_a_bar_per_stage_with_its_unit(tmp_path):
    """``--progress`` draws a bar for every stage, the steps between reading and the stories
    included (each counted in its own unit), on stderr only."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out = tmp_path / "out.jsonl"
    # (verify_all=0: five documents are verified whole, without LSH and its bar)
    result = run(["batch", seeds, "--progress", "--output", out, "--set", "verify_all=0"])
    assert_clean_exit(result, 0)
    assert result.stdout == ""
    err = result.stderr
    for stage in ("normalize", "document frequencies", "term weights", "key terms", "verify", "passages",
                  "story cut", "stories"):
        assert f"{stage}: " in err, stage
    assert "128/128" in err and " bands/s" in err  # the LSH bands, counted in bands
    assert " pairs/s" in err  # candidate pairs verified
    assert "reading: " in err and "5/5 " in err  # the documents to read, counted before: an ETA
    quiet = run(["batch", seeds, "--output", tmp_path / "quiet.jsonl"])  # not a terminal: no bars
    assert "LSH bands" not in quiet.stderr and out.read_text() == (tmp_path / "quiet.jsonl").read_text()


def test_no_warning_when_documents_were_read(corpus_dir):
    result = run(["batch", corpus_dir])
    assert_clean_exit(result, 0)
    assert "warning" not in result.stderr


def test_full_temporary_folder_is_one_line_exit_1(tmp_path, monkeypatch):
    """The run keeps its texts and term ids in $TMPDIR: when that fills up the user gets one
    line naming the folder, not a traceback (the write that fails is simulated: ENOSPC)."""
    import errno

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Storm floods the old town."}) + "\n", encoding="utf-8")
    monkeypatch.setattr(os, "pwrite", full)
    r = run(["batch", src, "--jobs", "1"])
    assert r.exit_code == 1 and "Traceback" not in r.output, (r.exit_code, r.output)
    assert r.stderr.startswith("dedup: error: ") and r.stderr.count("\n") == 1
    assert "no space left for the run's temporary files" in r.stderr and "TMPDIR" in r.stderr


def test_running_out_of_memory_is_one_line_exit_1(tmp_path, monkeypatch):
    """``--set num_perm=4294967296 --set lsh_bands=1`` (valid options, 32 GiB of hash
    functions) or an input too large for the machine raised MemoryError: a traceback.
    (The allocation that fails is simulated here, as numpy reports it.)"""
    from dedup import api

    def too_big(*args, **kwargs):
        raise MemoryError("Unable to allocate 32.0 GiB for an array with shape (4294967296,) and data type uint64")

    monkeypatch.setattr(api, "batch", too_big)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Storm floods the old town."}) + "\n", encoding="utf-8")
    r = run(["batch", src, "--set", "num_perm=4294967296", "--set", "lsh_bands=1"])
    assert_clean_exit(r, 1)
    assert r.stderr.startswith("dedup: error: out of memory: Unable to allocate 32.0 GiB") and r.stderr.count("\n") == 1


def test_a_temporary_folder_filling_up_in_the_middle_of_a_write_is_one_line_exit_1(tmp_path, monkeypatch):
    """A disk that fills up in the middle of a write first writes part of it (a short write),
    then refuses the rest: the texts are never silently cut (a later read would fail with a
    zlib traceback), the user gets the one line."""
    import errno

    real = os.pwrite
    budget = [200]

    def filling(fd, data, offset):
        if budget[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real(fd, bytes(data[:budget[0]]), offset)
        budget[0] -= n
        return n

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{k}", "text": f"Storm number {k} floods the old town. " * 40}
                                             for k in range(50)])
    monkeypatch.setattr(os, "pwrite", filling)
    r = run(["batch", src, "--jobs", "1"])
    assert r.exit_code == 1 and "Traceback" not in r.output, (r.exit_code, r.output)
    assert r.stderr.count("\n") == 1 and "no space left for the run's temporary files" in r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_stdout_on_a_full_disk_is_one_line_exit_1():
    """``dedup batch ... -o - > /dev/full``: one line, exit 1 (a real process: stdout is the device)."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "dedup", "batch", str(seeds), "--all", "-o", "-", "-q",
                            "--jobs", "1"], stdout=full, stderr=subprocess.PIPE, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 1 and err == "dedup: error: stdout: cannot write: No space left on device\n", err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", ["batch", "compare"])
def test_output_to_a_full_disk_is_one_line_exit_1(tmp_path, command):
    """``--output`` on a full disk: writes to it fail (ENOSPC, for real: the file is a link
    to /dev/full); the user gets one line naming the file, exit 1, no traceback."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    args = ["batch", seeds, "--all"] if command == "batch" else ["compare", *sorted(seeds.glob("*.txt"))[:2]]
    out = tmp_path / ("out.jsonl" if command == "batch" else "out.txt")  # (compare explains in text)
    out.symlink_to("/dev/full")
    r = run([*args, "--output", out])
    assert r.exit_code == 1 and "Traceback" not in r.output, (r.exit_code, r.output)
    assert r.stderr.startswith("dedup: error: ") and r.stderr.count("\n") == 1, r.stderr
    assert f"{out}: cannot write: No space left on device; the file is incomplete" in r.stderr


def test_stdout_closed_early_exits_quietly(tmp_path):
    """``dedup batch ... -o - | head -1``: the reader goes away; no traceback, exit 1 (click
    handles EPIPE; this keeps it so)."""
    import subprocess
    import sys

    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for k in range(400):
            # long ids: the output (~800 KB) cannot all sit in the pipe's buffer
            f.write(json.dumps({"id": f"d{k}-" + "x" * 1000, "text": f"Report number {k} about a storm. " * 30}) + "\n")
    p = subprocess.Popen([sys.executable, "-m", "dedup", "batch", str(src), "--all", "-o", "-", "-q",
                          "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()  # before the ~400 lines are written
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 1 and err == "", err


@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_stdout_closed_during_one_long_write_exits_1(tmp_path, command, unbuffered):
    """The reader goes away while one write larger than the pipe's buffer is under way (the
    readable summary is one write; an exported text is one line): the system writes part of
    it, and unbuffered (PYTHONUNBUFFERED=1) Python's text layer passed over that short
    count, so the rest was lost without an error and dedup exited 0."""
    import subprocess
    import sys

    from dedup import Document, Index

    if command == "summary":
        src = tmp_path / "in.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for k in range(300):  # one story of 300 copies, each named by a 1,000-character id
                f.write(json.dumps({"id": f"d{k}-" + "x" * 1000, "text": "A storm hit the town. " * 20}) + "\n")
        args = ["batch", str(src), "-q", "--jobs", "1"]
    else:
        with Index(tmp_path / "i.dedup") as idx:
            idx.add(Document("big", " ".join(f"word{k}" for k in range(60_000))))  # ~500 KB
        args = ["index", "export", str(tmp_path / "i.dedup")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update({"PYTHONUNBUFFERED": unbuffered} if unbuffered else {})
    p = subprocess.Popen([sys.executable, "-m", "dedup", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env)
    assert os.read(p.stdout.fileno(), 10)  # the long write has begun, and fills the pipe
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 1 and "Traceback" not in err, err


# --- unpaired surrogates (a JSON "\ud800": half an emoji cut off by a scraper) -----------

SURROGATE_TEXTS = {
    "source": SOURCE,
    # the copy's newsletter line and its added sentence each hold an unpaired surrogate
    "copy": "Sign up for our newsletter \ud83d\n" + REWRITE + "\nA new paragraph the copy adds \udc00 about"
            " fishermen who mend nets by the harbour every winter morning.",
}


def _surrogate_feed(tmp_path):
    path = tmp_path / "feed.jsonl"  # json.dumps escapes the surrogates: the file is plain ASCII
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in SURROGATE_TEXTS.items()))
    return path


def test_unpaired_surrogates_are_read_and_written_back_as_json_escapes(tmp_path):
    feed = _surrogate_feed(tmp_path)
    out = tmp_path / "out.jsonl"
    assert_clean_exit(run(["batch", feed, "-o", out, "-q"]), 0)
    records = jsonl_records(out.read_text(encoding="utf-8"))
    assert "\\ud83d" in out.read_text(encoding="utf-8")  # the escape, not invalid UTF-8
    assert check_spans(records, SURROGATE_TEXTS) >= 2  # spans holding a surrogate slice it exactly
    assert any("\ud83d" in s["text"] for r in records for m in r["members"] for s in m["boilerplate"])
    stdout = run(["batch", feed, "-o", "-", "-q"])
    assert_clean_exit(stdout, 0)
    assert jsonl_records(stdout.stdout) == records
    for args in (["-o", tmp_path / "out.csv"], ["-o", tmp_path / "out.json"], ["-o", tmp_path / "out.html"],
                 []):  # and a readable summary
        assert_clean_exit(run(["batch", feed, "-q", *args]), 0)


def test_compare_pairs_from_stdin_and_an_empty_output_name(tmp_path, corpus_jsonl):
    result = run(["compare", "--pairs", "-", corpus_jsonl], input='{"a": "source", "b": "rewrite"}\n{"a": "x"}\n')
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: <stdin>:2: pair needs 'a' and 'b' ids present in "
                                          f"{corpus_jsonl} (missing 'b')"]
    result = run(["compare", "--pairs", "-", corpus_jsonl], input='{"a": "source", "b": "rewrite"}\n')
    assert_clean_exit(result, 0)
    assert [(r["a"], r["b"]) for r in jsonl_records(result.stdout)] == [("source", "rewrite")]
    assert_clean_exit(run(["compare", "--pairs", "-", "-"], input=""), 2)
    result = run(["batch", corpus_jsonl, "-o", ""])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == ["dedup: error: --output: an empty file name (give a file, or '-' for stdout)"]


@pytest.mark.parametrize("args", [["batch", "{docs}"], ["compare", "{docs}", "{docs}"],
                                  ["index", "add", "{tmp}/i.dedup", "{docs}"], ["filter", "{tmp}/i.dedup", "{docs}"]])
def test_one_field_for_the_id_and_the_text_is_a_usage_error(tmp_path, corpus_jsonl, args):
    args = [a.format(docs=corpus_jsonl, tmp=tmp_path) for a in args]
    result = run(args + ["--id-field", "text", "--text-field", "text"])
    assert_clean_exit(result, 2)
    assert "--id-field and --text-field are both 'text'" in result.stderr and result.stdout == ""


def test_compare_pairs_ids_must_be_strings_or_numbers(tmp_path):
    docs = write_jsonl(tmp_path / "d.jsonl", [{"id": "None", "text": SOURCE}, {"id": "True", "text": REWRITE}])
    pairs = tmp_path / "p.jsonl"
    pairs.write_text('{"a": "None", "b": true}\n', encoding="utf-8")
    result = run(["compare", "--pairs", pairs, docs])
    assert_clean_exit(result, 2)
    assert result.stderr.splitlines() == [f"dedup: error: {pairs}:1: 'b' must be a string or a number, not a boolean"]
    pairs.write_text('{"a": null, "b": "True"}\n', encoding="utf-8")
    result = run(["compare", "--pairs", pairs, docs])
    assert_clean_exit(result, 2)
    assert "(missing 'a')" in result.stderr


def test_a_text_without_words_compared_with_itself_is_a_duplicate(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("!!!! ???", encoding="utf-8")
    rec, = jsonl_records(run(["compare", a, a, "--json"]).stdout)
    assert (rec["relation"], rec["similarity"]) == ("duplicate", 1.0)
    b = tmp_path / "b.txt"
    b.write_text("!!!! ??", encoding="utf-8")
    rec, = jsonl_records(run(["compare", a, b, "--json"]).stdout)
    assert rec["relation"] is None  # other punctuation: nothing to compare


def test_quiet_keeps_an_explicit_progress_bar(corpus_dir):
    result = run(["batch", corpus_dir, "-q", "--progress", "-o", "-"])
    assert_clean_exit(result, 0)
    assert "reading: " in result.stderr and "dedup: " not in result.stderr  # bars, no counters
    result = run(["batch", corpus_dir, "-q", "-o", "-"])
    assert result.stderr == ""


def test_compare_text_escapes_control_characters(tmp_path):
    """The readable explanation shows an added passage's escape sequences as escapes, so a
    text cannot clear the screen or set the terminal's title."""
    base = "The port authority approved a new harbour plan on Monday after months of debate among council members.\n"
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(base + "Local \x1b[2Jfishermen \x1b]0;OWNED\x07 said the platforms block "
                                    "their favourite spots.\n", encoding="utf-8")
    r = run(["compare", tmp_path / "a.txt", tmp_path / "b.txt"])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert "Local \\x1b[2Jfishermen \\x1b]0;OWNED\\x07 said" in r.output


def test_the_output_must_not_be_an_input(tmp_path, monkeypatch):
    """`-o` naming one of the inputs (by any path) is refused before anything is written:
    the run would otherwise replace the corpus with its own result."""
    corpus = tmp_path / "c.jsonl"
    body = json.dumps({"id": "a", "text": "The harbour plan was approved on Monday."}) + "\n"
    corpus.write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["batch", "c.jsonl", "-o", "./c.jsonl"], ["batch", tmp_path, "c.jsonl", "-o", corpus],
                 ["compare", "--pairs", "c.jsonl", "c.jsonl", "-o", "c.jsonl"],
                 ["compare", "c.jsonl", corpus, "-o", corpus]):
        r = run(args)
        assert r.exit_code == 2 and ("the output is the input" in r.output
                                     or "the output would be read as an input" in r.output), (args, r.output)
        assert corpus.read_text(encoding="utf-8") == body
    r = run(["batch", "-", "-"], input=body)
    assert r.exit_code == 2 and "more than once" in r.output
    # a result left inside an input directory is read by the next run: refused, not overwritten
    folder = tmp_path / "feed"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("The harbour plan was approved on Monday.", encoding="utf-8")
    for name, again in (("sub/out.jsonl", 2), ("out.csv", 2), (".hidden.jsonl", 0), ("out.json", 0)):
        out = folder / name
        assert run(["batch", folder, "-o", out, "-q"]).exit_code == 0  # not there yet: not read
        before = out.read_bytes()
        r = run(["batch", folder, "-o", out, "-q"])
        assert r.exit_code == again, (name, r.output)
        if again:
            assert "would be read as an input of" in r.output and out.read_bytes() == before
        out.unlink()
    # ... and so is one reached through a link inside it (the walk follows links to files)
    out = tmp_path / "out.jsonl"
    assert run(["batch", folder, "-o", out, "-q"]).exit_code == 0
    (folder / "sub" / "last.jsonl").symlink_to(out)
    (folder / "sub" / "other.md").symlink_to(folder / "a.txt")
    before = out.read_bytes()
    r = run(["batch", folder, "-o", out, "-q"])
    assert r.exit_code == 2 and out.read_bytes() == before, r.output
    assert f"would be read as an input of {folder} (through the link {folder / 'sub' / 'last.jsonl'})" in r.output
    (folder / "sub" / "last.jsonl").unlink()
    os.link(out, folder / "sub" / "again.jsonl")  # another name of it: a hard link
    before = out.read_bytes()
    r = run(["batch", folder, "-o", out, "-q"])
    assert r.exit_code == 2 and out.read_bytes() == before, r.output
    assert f"(through the link {folder / 'sub' / 'again.jsonl'})" in r.output
    (folder / "sub" / "again.jsonl").unlink()
    (folder / ".last.jsonl").symlink_to(out)  # hidden: not read, so not refused
    assert run(["batch", folder, "-o", out, "-q"]).exit_code == 0
    empty = tmp_path / "pairs.jsonl"
    empty.write_text("\n", encoding="utf-8")
    r = run(["compare", "--pairs", empty, corpus])
    assert r.exit_code == 0 and "no pairs read from" in r.output and r.stdout == ""


@pytest.mark.parametrize("args", [
    ["batch", "{d}/in.jsonl", "-o", "{d}/no\nfolder/out.jsonl"],
    ["index", "stats", "{d}/no\nsuch.dedup"],
    ["filter", "{d}/no\nfolder/x.dedup", "{d}/in.jsonl"],
    ["compare", "--pairs", "{d}/no\npairs.jsonl", "{d}/in.jsonl"],
])
def test_an_error_naming_a_path_with_a_line_break_is_one_line(tmp_path, args):
    """Errors made outside the reader (an output, an index, a pairs file) printed a path's
    line break as is: two lines, the second without the 'dedup: error:' prefix."""
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "text": "Storm floods the old town."}) + "\n")
    r = run([a.format(d=tmp_path) for a in args])
    assert_clean_exit(r, 2)
    assert r.stderr.startswith("dedup: error: ") and r.stderr.count("\n") == 1, r.stderr
    assert "no\\n" in r.stderr


def test_the_warning_of_an_empty_input_naming_a_path_with_a_line_break_is_one_line(tmp_path):
    empty = tmp_path / "empty\nfolder"
    empty.mkdir()
    r = run(["batch", "--quiet", empty])
    assert_clean_exit(r, 0)
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("dedup: warning: no documents read from "), r.stderr


def _closing(fd):
    """A subprocess pre-exec hook: start the process without standard stream ``fd`` (``>&-``)."""
    return lambda: os.close(fd)


@pytest.mark.parametrize("args", [["batch", "{src}", "-q"], ["batch", "{src}", "-q", "-o", "-"],
                                  ["compare", "{a}", "{b}"], ["index", "export", "{idx}"]])
def test_a_closed_stdout_is_one_line_exit_1(tmp_path, args):
    """``dedup batch in.jsonl >&-`` wrote its result nowhere and exited 0 (click skips a None
    stdout); with -o -, compare or export it was an AttributeError traceback."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": SOURCE}) + "\n" + json.dumps({"id": "b", "text": REWRITE}) + "\n")
    (tmp_path / "a.txt").write_text(SOURCE)
    (tmp_path / "b.txt").write_text(REWRITE)
    assert run(["index", "add", tmp_path / "i.dedup", src]).exit_code == 0
    given = [a.format(src=src, a=tmp_path / "a.txt", b=tmp_path / "b.txt", idx=tmp_path / "i.dedup") for a in args]
    p = subprocess.run([sys.executable, "-m", "dedup", *given], stderr=subprocess.PIPE, text=True,
                       preexec_fn=_closing(1))
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert p.stderr.count("\n") == 1 and "cannot write: standard output is closed" in p.stderr, p.stderr


def test_a_closed_stderr_does_not_stop_the_run(tmp_path):
    """``dedup batch ... 2>&-`` (messages discarded) failed with exit 1 and no result: an
    AttributeError on the missing stderr's isatty()."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": SOURCE}) + "\n" + json.dumps({"id": "b", "text": REWRITE}) + "\n")
    p = subprocess.run([sys.executable, "-m", "dedup", "batch", str(src), "-o", "-"], stdout=subprocess.PIPE,
                       text=True, preexec_fn=_closing(2))
    assert p.returncode == 0
    assert [m["id"] for m in json.loads(p.stdout)["members"]] == ["a", "b"]


def test_a_closed_stdin_reads_as_empty(tmp_path):
    """``dedup batch - <&-`` was an AttributeError traceback (None has no .buffer)."""
    p = subprocess.run([sys.executable, "-m", "dedup", "batch", "-", "-q"], capture_output=True, text=True,
                       preexec_fn=_closing(0))
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    assert p.stderr == "dedup: warning: no documents read from -: it holds no record\n"


def test_error_and_notice_lines_escape_a_terminal_escape_in_a_file_name(tmp_path):
    """A file name is input too (a scraped archive's): one holding ESC ] 0 ; ... BEL (set the
    terminal's title) or ESC [ 2 J (clear the screen) was printed raw in the error line and
    in the notice of ignored suffixes; they are escaped as the summary escapes ids."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "ok.txt").write_text("A storm floods the old town.")
    (folder / "\x1b]0;OWNED\x07.txt").write_bytes(b"a\x00b")  # binary: an error naming it
    (folder / "y.\x1b[31mred").write_text("x")  # another suffix: counted by suffix
    r = run(["batch", folder, "-q"])
    assert_clean_exit(r, 2)
    assert r.stderr == f"dedup: error: {folder}/\\x1b]0;OWNED\\x07.txt: NUL byte at offset 1: a binary file, not text\n"
    r = run(["batch", folder, "-q", "--skip-invalid"])
    assert_clean_exit(r, 0)
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr, r.stderr
    assert "1 .\\x1b[31mred" in r.stderr and "OWNED\\x07.txt" in r.stderr
    r = run(["index", "stats", tmp_path / "\x1b[2J.dedup"])
    assert_clean_exit(r, 2)
    assert r.stderr == f"dedup: error: {tmp_path}/\\x1b[2J.dedup: no such index\n"


def test_format_chooses_the_output_format_whatever_the_name(tmp_path):
    """--format F writes F to any -o (stdout, a device, a name without a known suffix); a
    name without a known suffix and no --format, or --format without -o, is a usage error."""
    r = run(["batch", str(SEEDS_DIR), "-o", "-", "--format", "csv", "-q"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 5
    out = tmp_path / "result.txt"
    r = run(["batch", str(SEEDS_DIR), "-o", str(out), "--format", "json", "-q"])
    assert r.exit_code == 0, r.output
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), (dict, list))
    r = run(["batch", str(SEEDS_DIR), "-o", os.devnull, "--format", "jsonl"])
    assert r.exit_code == 0 and "1 story with copies" in r.stderr, r.output
    r = run(["batch", str(SEEDS_DIR), "-o", str(tmp_path / "x.txt")])
    assert_clean_exit(r, 2)
    assert "or give --format" in r.stderr and not (tmp_path / "x.txt").exists()
    r = run(["batch", str(SEEDS_DIR), "--format", "csv"])
    assert_clean_exit(r, 2)
    assert "--format applies to --output" in r.stderr


@pytest.mark.parametrize("second", ["same", "other name", "symlink", "hard link"])
def test_one_input_given_twice_is_a_usage_error(tmp_path, corpus_jsonl, second):
    """`dedup batch c.jsonl c.jsonl` said `c.jsonl:1: duplicate id ...: first seen at
    c.jsonl:1`: true, but about the command, not the ids (a hard link was read twice)."""
    other = {"same": corpus_jsonl, "other name": Path(corpus_jsonl).parent / "." / Path(corpus_jsonl).name,
             "symlink": tmp_path / "link.jsonl", "hard link": tmp_path / "hard.jsonl"}[second]
    if second == "symlink":
        other.symlink_to(corpus_jsonl)
    if second == "hard link":
        os.link(corpus_jsonl, other)
    result = run(["batch", corpus_jsonl, other])
    assert_clean_exit(result, 2)
    assert "give each input once" in result.stderr and "duplicate id" not in result.stderr


@pytest.mark.parametrize("order", ["outer first", "inner first"])
@pytest.mark.parametrize("inner", ["subfolder", "file"])
def test_an_input_inside_a_folder_given_too_is_a_usage_error(tmp_path, inner, order):
    """`dedup batch news/wire news` read news/wire/a.txt twice, as `wire/a` and `a`, and
    reported one a duplicate of the other (exit 0); `dedup batch news news/a.txt` said
    `duplicate id 'a'` of the file itself."""
    wire = tmp_path / "news" / "wire"
    wire.mkdir(parents=True)
    (wire / "a.txt").write_text("Storm floods the old town after three days of heavy rain, officials said.\n")
    (tmp_path / "news" / "b.txt").write_text("The council approved the budget on Tuesday after a long debate.\n")
    outer, inside = str(tmp_path / "news"), str(wire if inner == "subfolder" else wire / "a.txt")
    result = run(["batch", *([outer, inside] if order == "outer first" else [inside, outer]), "-q"])
    assert_clean_exit(result, 2)
    assert f"{inside} is read through {outer} too: give each input once" in result.stderr
    assert "duplicate" not in result.stderr
    assert run(["batch", str(wire), str(tmp_path / "news" / "b.txt"), "-q"]).exit_code == 0  # apart: fine


# --- machine-readable output on stdout is UTF-8 whatever the locale --------------------

def _non_ascii_pair(tmp_path):
    """A source and a rewrite that adds a passage holding Latin-1, BMP and astral characters."""
    added = "Café owners in Zürich said “the panels” cost 3 000 € each 😀 and 𝐀 سلام.\n"
    other = "Über den Sommer hörten die Bäckerinnen 🎉 von 𝐁 Gerüchten über neue Steuern in Köln.\n"
    texts = {"source": SOURCE + "\n" + other, "rewrite": REWRITE + "\n" + added}
    write_jsonl(tmp_path / "c.jsonl", [{"id": k, "text": v} for k, v in texts.items()])
    write_jsonl(tmp_path / "a.jsonl", [{"id": "source", "text": texts["source"]}])
    write_jsonl(tmp_path / "b.jsonl", [{"id": "rewrite", "text": texts["rewrite"]}])
    return texts


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_machine_output_on_stdout_is_utf8_whatever_the_locale(tmp_path, encoding):
    """JSON Lines, JSON, CSV and HTML on stdout (`-o -`), `compare --json` and `index
    export` were written in the locale's encoding (PYTHONIOENCODING, a Latin-1 locale, a
    Windows pipe): `é` became a Latin-1 byte or the escape `\\xe9`, an emoji `\\U0001f600`,
    neither of which JSON has, so the output did not read back (and the HTML page declares
    UTF-8).  They are UTF-8 in any locale, as the files dedup writes are."""
    texts = _non_ascii_pair(tmp_path)
    e = dict(os.environ, PYTHONIOENCODING=encoding)

    def out(*args):
        p = subprocess.run([sys.executable, "-m", "dedup", *map(str, args)], capture_output=True, env=e,
                           timeout=300)
        assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
        return p.stdout.decode("utf-8")  # (strict: a Latin-1 byte fails here)

    for fmt in ("jsonl", "json", "csv", "html"):
        got = out("batch", tmp_path / "c.jsonl", "-q", "-o", "-", "--format", fmt)
        written = tmp_path / f"out.{fmt}"
        assert out("batch", tmp_path / "c.jsonl", "-q", "-o", written) == ""
        assert got == written.read_text(encoding="utf-8"), fmt  # as the file: byte for byte
    recs = [json.loads(line) for line in out("batch", tmp_path / "c.jsonl", "-q", "-o", "-").split("\n")[:-1]]
    assert "😀" in json.dumps(recs, ensure_ascii=False) and check_spans(recs, texts)
    cmp = json.loads(out("compare", tmp_path / "a.jsonl", tmp_path / "b.jsonl", "--json"))
    assert any(c in s["text"] for c in "😀🎉" for spans in cmp["added"].values() for s in spans)
    for side, spans in cmp["added"].items():
        assert all(texts[side][s["start"]:s["end"]] == s["text"] for s in spans)
    out("index", "add", tmp_path / "i.dedup", tmp_path / "c.jsonl", "-q")
    stored = {r["id"]: r["text"] for r in map(json.loads, out("index", "export", tmp_path / "i.dedup").split("\n")[:-1])}
    assert stored == texts


def test_a_small_count_of_pairs_is_drawn_whole(capsys):
    """The verify bar of a small corpus read "0.00/78.0 ... 58.6k pairs/s" (tqdm's unit
    scale, meant for pairs by the million)."""
    from dedup.cli import Progress

    p = Progress(True)
    p("verify", 0, 78)
    p("verify", 78, 78)
    err = capsys.readouterr().err
    assert "78/78" in err and "78.0" not in err and "0.00" not in err


def test_compare_output_named_as_another_format_is_a_usage_error(tmp_path, corpus_jsonl):
    """compare writes JSON Lines (--pairs), JSON (--json) or text: an --output named .csv,
    .html or as the other JSON format was written anyway (batch's -o x.csv writes CSV);
    now it is a usage error naming the suffix, and nothing is written."""
    pairs = _pairs(tmp_path, [("source", "rewrite")])
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXTS["source"], encoding="utf-8")
    b.write_text(TEXTS["rewrite"], encoding="utf-8")
    for args, name in ((["--pairs", pairs, corpus_jsonl], "scores.csv"), (["--pairs", pairs, corpus_jsonl], "s.json"),
                       ([a, b], "x.json"), ([a, b, "--json"], "x.jsonl"), ([a, b], "x.html")):
        r = run(["compare", *args, "-o", tmp_path / name])
        assert_clean_exit(r, 2)
        assert "compare writes" in r.stderr and not (tmp_path / name).exists(), (args, name, r.stderr)
    for args, name in ((["--pairs", pairs, corpus_jsonl], "scores.jsonl"), ([a, b, "--json"], "x.json"),
                       ([a, b], "x.txt"), ([a, b], "explained")):
        assert_clean_exit(run(["compare", *args, "-o", tmp_path / name, "-q"] if "--pairs" in args
                              else ["compare", *args, "-o", tmp_path / name]), 0)
        assert (tmp_path / name).stat().st_size > 0


def test_a_setting_given_twice_is_a_usage_error(tmp_path, corpus_jsonl):
    """Two --set of one name kept the last one without a word (--threshold with --set
    link_threshold was already refused); and a bad value names its type in words."""
    r = run(["batch", corpus_jsonl, "--set", "link_threshold=0.3", "--set", "link_threshold=0.9"])
    assert_clean_exit(r, 2)
    assert "both set link_threshold: give one" in r.stderr
    r = run(["compare", "--pairs", _pairs(tmp_path, [("source", "rewrite")]), corpus_jsonl,
             "--set", "key_terms=8", "--set", "key-terms=9"])
    assert_clean_exit(r, 2)
    assert "both set key_terms" in r.stderr
    r = run(["batch", corpus_jsonl, "--set", "key_terms=1.5"])
    assert_clean_exit(r, 2)
    assert "key_terms takes a whole number" in r.stderr


def test_compare_pairs_with_docs_holding_no_record_says_so_first(tmp_path):
    """An empty DOCS file made every pair's id unknown, and only that was said."""
    empty = tmp_path / "docs.jsonl"
    empty.write_text("", encoding="utf-8")
    r = run(["compare", "--pairs", _pairs(tmp_path, [("a", "b")]), empty])
    assert_clean_exit(r, 2)
    assert r.stderr.splitlines()[0] == f"dedup: warning: no documents read from {empty}: it holds no record"



def test_every_command_and_index_subcommand_shows_examples_in_its_help():
    """A reviewer's: `dedup index add/remove/evict/stats/export/verify --help` had no example."""
    from dedup.cli import main as group

    runner = CliRunner()
    names = [[n] for n in group.commands] + [["index", n] for n in group.commands["index"].commands]
    assert ["index", "evict"] in names and ["batch"] in names
    for name in names:
        out = runner.invoke(group, name + ["--help"])
        assert out.exit_code == 0 and "Examples:" in out.output, (name, out.output[-300:])
    serve = runner.invoke(group, ["serve", "--help"]).output
    assert "503" in " ".join(serve.split())  # serve's lock timeout is no exit code


def test_encoding_option_reads_an_archive_in_cp1252_for_batch_compare_and_index_add(tmp_path):
    """The seeds re-encoded in cp1252 (their curly quotes and dashes are in it) give the
    same stories, offsets and texts with --encoding cp1252 as the UTF-8 files without; read
    as UTF-8 they are one error line naming the file, line and option (exit 2)."""
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for p in sorted(SEEDS_DIR.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        (legacy / p.name).write_bytes(text.encode("cp1252"))
    want = run(["batch", SEEDS_DIR, "-o", "-", "-q"])
    got = run(["batch", legacy, "-o", "-", "-q", "--encoding", "cp1252"])
    assert_clean_exit(want, 0)
    assert_clean_exit(got, 0)
    assert got.stdout == want.stdout
    bad = run(["batch", legacy, "-o", "-", "-q"])
    assert_clean_exit(bad, 2)
    line, = bad.stderr.splitlines()
    assert line.startswith("dedup: error: ") and "not UTF-8" in line and "--encoding" in line
    a, b = sorted(legacy.glob("*.txt"))[:2]
    pair = run(["compare", a, b, "--json", "--encoding", "cp1252"])
    assert_clean_exit(pair, 0)
    ref = run(["compare", *sorted(SEEDS_DIR.glob("*.txt"))[:2], "--json"])
    assert json.loads(pair.stdout)["relation"] == json.loads(ref.stdout)["relation"]
    added = run(["index", "add", tmp_path / "x.dedup", legacy, "-q", "--encoding", "cp1252"])
    assert_clean_exit(added, 0)
    unknown = run(["batch", legacy, "--encoding", "utf-16"])
    assert_clean_exit(unknown, 2)
    assert "--encoding" in unknown.stderr and "UTF-8" in unknown.stderr
