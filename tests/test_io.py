"""Tests of the input stage (dedup.io): formats, error kinds, skipping, determinism."""
from __future__ import annotations

import gzip
import io
import json
import os
import pickle

import pytest
from hypothesis import assume, given, settings, strategies as st

from dedup.io import KINDS, InputError, SkipReport, read_documents


# --- helpers -------------------------------------------------------------------

def write(path, data):
    """Write bytes (or a str, as UTF-8) to ``path``, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def jsonl(*records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def read(paths, **kw):
    return list(read_documents([str(p) for p in paths], **kw))


def error_of(paths, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        read(paths, **kw)
    err = info.value
    assert err.kind in KINDS
    assert "\n" not in str(err) and len(str(err).splitlines()) == 1
    return err


def assert_error(err, kind, path, line):
    assert (err.kind, err.path, err.line) == (kind, str(path), line)
    prefix = str(path) if line is None else f"{path}:{line}"
    assert str(err) == f"{prefix}: {err.message}"


# --- one test per error kind -----------------------------------------------------

def test_missing_path(tmp_path):
    err = error_of([tmp_path / "nope.jsonl"])
    assert_error(err, "missing-path", tmp_path / "nope.jsonl", None)


def test_unreadable_path_symlink_loop(tmp_path):
    # A real unreadable path (works as root too): stat() fails with ELOOP.
    path = tmp_path / "loop.txt"
    path.symlink_to("loop.txt")
    err = error_of([path])
    assert_error(err, "unreadable", path, None)
    assert err.message.startswith("cannot access: ")


def test_unreadable_path_name_too_long(tmp_path):
    path = tmp_path / ("x" * 300 + ".jsonl")  # longer than NAME_MAX: ENAMETOOLONG, not "missing"
    err = error_of([path])
    assert_error(err, "unreadable", path, None)


def test_unreadable_file_inside_directory(tmp_path):
    # A symbolic link loop is listed as a file; opening it fails (ELOOP): one skipped item.
    write(tmp_path / "d" / "a.txt", "a")
    (tmp_path / "d" / "m.txt").symlink_to("m.txt")
    write(tmp_path / "d" / "z.txt", "z")
    report = SkipReport()
    docs = read([tmp_path / "d"], skip_invalid=True, report=report)
    assert [d.id for d in docs] == ["a", "z"]
    assert report.counts == {"unreadable": 1}
    assert report.examples["unreadable"].startswith(f"{tmp_path / 'd' / 'm.txt'}: cannot open: ")
    assert_error(error_of([tmp_path / "d"]), "unreadable", tmp_path / "d" / "m.txt", None)


def test_unreadable_corrupt_gzip(tmp_path):
    good = gzip.compress(jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"}).encode())
    path = write(tmp_path / "a.jsonl.gz", good[:-12])  # truncated stream
    report = SkipReport()
    docs = read([path], skip_invalid=True, report=report)
    assert report.counts == {"unreadable": 1}
    assert [d.id for d in docs] == ["a", "b"][:len(docs)]  # what came before the damage is read
    assert report.examples["unreadable"].startswith(f"{path}:{len(docs) + 1}: ")
    path2 = write(tmp_path / "b.jsonl.gz", b"this is not gzip\n")
    err = error_of([path2])
    assert_error(err, "unreadable", path2, 1)


def _make_too_deep_directory(parent, name: str, limit: int = 4200) -> str:
    """Create ``parent/name/name/...`` until the path is longer than ``limit`` characters
    (more than PATH_MAX on Linux): listing it by its path fails with ENAMETOOLONG, even as
    root.  Directories are made relative to open descriptors, so the deep path itself is
    never passed to the OS.  Returns the first component's path."""
    top = os.path.join(parent, name)
    fds = [os.open(parent, os.O_RDONLY)]
    length = len(str(parent))
    try:
        while length <= limit:
            os.mkdir(name, dir_fd=fds[-1])
            fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
            length += 1 + len(name)
        fd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fds[-1])
        os.write(fd, b"too deep to be listed")
        os.close(fd)
    finally:
        for fd in fds:
            os.close(fd)
    return top


def test_unreadable_subdirectory(tmp_path):
    write(tmp_path / "d" / "a.txt", "a")
    write(tmp_path / "d" / "z.txt", "z")
    top = _make_too_deep_directory(tmp_path / "d", "m" * 250)
    report = SkipReport()
    docs = read([tmp_path / "d"], skip_invalid=True, report=report)
    assert [d.id for d in docs] == ["a", "z"]  # the error takes the sorted place of "m..."
    assert report.counts == {"unreadable": 1}
    example = report.examples["unreadable"]
    assert example.startswith(top + os.sep) and ": cannot list directory: " in example
    it = read_documents([str(tmp_path / "d")])
    assert next(it).id == "a"
    with pytest.raises(InputError) as info:
        next(it)
    assert info.value.kind == "unreadable" and info.value.line is None


def test_binary_text_file(tmp_path):
    path = write(tmp_path / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_error(error_of([path]), "binary", path, None)


class _EndlessZeros(io.RawIOBase):
    """A device like /dev/zero: NUL bytes for ever (here: an error after 1 MiB, so that a
    reader that reads it whole fails instead of filling the memory)."""

    def __init__(self):
        self.given = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.given >= 2**20:
            raise OSError("read 1 MiB of an endless device")
        buffer[:] = bytes(len(buffer))
        self.given += len(buffer)
        return len(buffer)


def test_an_endless_binary_device_is_refused_from_its_first_bytes(tmp_path, monkeypatch):
    """``dedup batch /dev/zero`` (or /dev/urandom) read the device whole before looking for
    a NUL byte: it never ended (a MemoryError traceback, or the machine out of memory)."""
    import dedup.io

    path = write(tmp_path / "zero", b"")
    monkeypatch.setattr(dedup.io, "open", lambda name, mode="r": io.BufferedReader(_EndlessZeros()), raising=False)
    assert_error(error_of([path]), "binary", path, None)


@pytest.mark.parametrize("name, kind", [("zero.jsonl", "binary"), ("zero.csv", "binary")])
def test_an_endless_binary_device_given_as_records_is_refused_from_its_first_bytes(tmp_path, monkeypatch, name, kind):
    """``dedup batch zero.jsonl`` (a link to /dev/zero) read the first line whole, and it has
    no line break: the process grew until it ran out of memory (3.9 GB under a 4 GB limit),
    where a text file of the same bytes was refused at once."""
    import dedup.io

    path = write(tmp_path / name, b"")
    monkeypatch.setattr(dedup.io, "open", lambda name, mode="r": io.BufferedReader(_EndlessZeros()), raising=False)
    err = error_of([path])
    assert (err.kind, err.line) == (kind, 1) and "NUL byte at byte 1" in err.message


def test_a_long_binary_line_is_skipped_and_the_next_line_read(tmp_path):
    """The rest of a line holding a NUL byte is skipped without being kept: the line after
    it is read as usual."""
    good = jsonl({"id": "a", "text": "first"}).encode()
    path = write(tmp_path / "a.jsonl", good + b"x" * (3 << 20) + b"\x00" * (5 << 20) + b"\n"
                 + jsonl({"id": "b", "text": "second"}).encode())
    report = SkipReport()
    assert [d.id for d in read([path], skip_invalid=True, report=report)] == ["a", "b"]
    assert report.counts == {"binary": 1}
    assert "NUL byte at byte 3145729 of the line" in report.examples["binary"]


def test_binary_jsonl_line(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": "x"}).encode() + b'{"id": "b", "te\x00xt": 1}\n')
    assert_error(error_of([path]), "binary", path, 2)


def test_not_utf8_jsonl(tmp_path):
    path = write(tmp_path / "a.jsonl", b'{"id": "a", "text": "ok"}\n\n{"id": "b", "text": "caf\xe9"}\n')
    err = error_of([path])
    assert_error(err, "not-utf8", path, 3)
    assert "0xe9" in err.message


def test_not_utf8_text_file_reports_line_of_bad_byte(tmp_path):
    path = write(tmp_path / "a.txt", b"line one\nline two\r\nthree \xff here\n")
    assert_error(error_of([path]), "not-utf8", path, 3)


def test_not_utf8_csv_reports_line_of_bad_byte(tmp_path):
    path = write(tmp_path / "a.csv", b'id,text\na,"first\nsecond \xc3("\nb,fine\n')
    report = SkipReport()
    docs = read([path], skip_invalid=True, report=report)
    assert [d.id for d in docs] == ["b"]
    assert report.counts == {"not-utf8": 1}
    assert report.examples["not-utf8"].startswith(f"{path}:3: ")


def test_encoding_reads_text_and_csv_files_in_another_encoding(tmp_path):
    """``encoding`` decodes text files and CSV/TSV files (a news archive in cp1252 or
    Shift_JIS); JSON Lines stays UTF-8; offsets count the decoded characters."""
    text = "Caf\u00e9 owners in Z\u00fcrich \u2019protest\u2019 \u2013 the na\u00efve plan.\n"
    write(tmp_path / "a.txt", text.encode("cp1252"))
    write(tmp_path / "b.csv", ("id,text\nb," + '"' + text + '"\n').encode("cp1252"))
    write(tmp_path / "c.jsonl", jsonl({"id": "c", "text": text}))
    docs = read([tmp_path], encoding="Windows-1252")
    assert [(d.id, d.text) for d in docs] == [("a", text), ("b", text), ("c", text)]
    ja = "\u6771\u4eac\u3067\u5927\u96e8\u3002\n"
    write(tmp_path / "ja" / "d.txt", ja.encode("shift_jis"))
    assert read([tmp_path / "ja" / "d.txt"], encoding="shift_jis")[0].text == ja
    # the same bytes read as UTF-8 are an error that names the option
    err = error_of([tmp_path / "a.txt"])
    assert_error(err, "not-utf8", tmp_path / "a.txt", 1)
    assert "--encoding" in err.message


def test_bytes_not_in_the_encoding_are_bad_encoding_with_file_and_line(tmp_path):
    path = write(tmp_path / "a.txt", b"line one\nline two \x81 here\n")  # 0x81: no cp1252 character
    err = error_of([path], encoding="cp1252")
    assert_error(err, "bad-encoding", path, 2)
    assert "not cp1252: invalid byte 0x81 at byte 10" in err.message
    rows = write(tmp_path / "r.csv", b"id,text\na,fine text\nb,bad \x81 byte\nc,more text\n")
    report = SkipReport()
    docs = read([rows], encoding="cp1252", skip_invalid=True, report=report)
    assert [d.id for d in docs] == ["a", "c"] and report.counts == {"bad-encoding": 1}
    assert report.examples["bad-encoding"].startswith(f"{rows}:3: ")


@pytest.mark.parametrize("name", ["utf-16", "utf-32-le", "utf-7", "rot13", "hex", "no-such-codec"])
def test_an_encoding_that_does_not_write_ascii_as_ascii_is_refused(tmp_path, name):
    from dedup.io import text_encoding
    path = write(tmp_path / "a.txt", b"plain text\n")
    with pytest.raises(ValueError):
        text_encoding(name)
    with pytest.raises(ValueError):
        read([path], encoding=name)


def test_utf16_file_is_not_utf8(tmp_path):
    path = write(tmp_path / "a.txt", "hello".encode("utf-16"))
    assert_error(error_of([path]), "not-utf8", path, 1)


def test_bad_json(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "a", "text": "x"}\n{"id": "b", "text": }\n')
    err = error_of([path])
    assert_error(err, "bad-json", path, 2)
    assert "column" in err.message


@pytest.mark.parametrize("line, key", [
    ('{"id": "a", "text": "first", "text": "second"}', "text"),
    ('{"id": "a", "id": "b", "text": "x"}', "id"),
    ('{"id": "a", "text": "x", "title": "one", "title": "two"}', "title"),
    ('{"id": "a", "text": "x", "extra": {"k": 1, "k": 2}}', "k"),  # other fields are kept: nested too
])
def test_a_key_given_twice_is_bad_json_not_a_dropped_value(tmp_path, line, key):
    """Plain json.loads keeps the last value of a repeated key and drops the others."""
    path = write(tmp_path / "a.jsonl", '{"id": "ok", "text": "fine"}\n' + line + "\n")
    err = error_of([path])
    assert_error(err, "bad-json", path, 2)
    assert f"duplicate key {key!r}" in err.message
    report = SkipReport()
    assert [d.id for d in read([path], skip_invalid=True, report=report)] == ["ok"]
    assert report.counts == {"bad-json": 1}


@pytest.mark.parametrize("line, name", [
    ('{"id": NaN, "text": "x"}', "NaN"),
    ('{"id": "a", "text": "x", "score": Infinity}', "Infinity"),
    ('{"id": "a", "text": "x", "extra": {"k": [1, -Infinity]}}', "-Infinity"),  # other fields too, nested
])
def test_nan_and_infinity_are_bad_json_not_numbers(tmp_path, line, name):
    """Plain json.loads reads NaN, Infinity and -Infinity as numbers; they are not JSON (an
    id NaN became the id 'nan')."""
    path = write(tmp_path / "a.jsonl", '{"id": "ok", "text": "fine"}\n' + line + "\n")
    err = error_of([path])
    assert_error(err, "bad-json", path, 2)
    assert err.message == f"invalid JSON: {name} is not JSON (JSON numbers are finite)"
    report = SkipReport()
    assert [d.id for d in read([path], skip_invalid=True, report=report)] == ["ok"]
    assert report.counts == {"bad-json": 1}


@pytest.mark.parametrize("number, reads_as", [("1e400", "Infinity"), ("-2.5E+999", "-Infinity")])
def test_a_number_beyond_a_float_is_bad_json_not_infinity(tmp_path, number, reads_as):
    """Valid JSON, but Python reads it as infinity: an id 1e400 became the id 'inf'."""
    path = write(tmp_path / "a.jsonl", '{"id": %s, "text": "x"}\n' % number)
    err = error_of([path])
    assert_error(err, "bad-json", path, 1)
    assert err.message == f"invalid JSON: the number {number} is out of range (it would read as {reads_as})"
    path = write(tmp_path / "b.jsonl", '{"id": 1.5, "text": "x", "score": 1e308, "tiny": 1e-400}\n')
    assert [d.id for d in read([path])] == ["1.5"]  # large, small and plain floats are kept


def test_a_number_id_is_the_number_as_written(tmp_path):
    """As a CSV file gives it: 1.50 and 1.5 were both the id '1.5' (a duplicate the input
    never had), 1E2 was '100.0'."""
    path = write(tmp_path / "a.jsonl", '{"id": 1.50, "text": "x"}\n{"id": 1.5, "text": "y"}\n'
                                       '{"id": 1E2, "text": "z"}\n{"id": 7, "text": "w"}\n{"id": -0.0, "text": "v"}\n'
                                       '{"id": -0, "text": "u"}\n{"id": 0, "text": "t"}\n{"id": -12, "text": "s"}\n')
    # (-0 and 0 were both the id '0')
    assert [d.id for d in read([path])] == ["1.50", "1.5", "1E2", "7", "-0.0", "-0", "0", "-12"]
    path = write(tmp_path / "b.jsonl", '{"id": 7, "text": "x"}\n{"id": "7", "text": "y"}\n')
    assert_error(error_of([path]), "duplicate-id", path, 2)  # the number 7 and the string "7": one id


def test_nan_inside_a_string_is_text(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "NaN", "text": "Infinity and NaN"}\n')
    assert [(d.id, d.text) for d in read([path])] == [("NaN", "Infinity and NaN")]


def test_csv_header_without_the_id_or_text_column(tmp_path):
    """Every row of a CSV file whose header lacks the id (or text) column is a bad item that
    says so and names the header's line; skipped, each row counts."""
    path = write(tmp_path / "a.csv", "key,body\n1,one text\n\n2,two text\n")
    err = error_of([path])
    assert_error(err, "missing-id", path, 2)
    assert "no 'id' and no 'text' column: the header (line 1) has 'key', 'body'" in err.message
    report = SkipReport()
    assert read([path], skip_invalid=True, report=report) == [] and report.total == 2
    path = write(tmp_path / "b.csv", "id,body\n1,one text\n")
    err = error_of([path])
    assert err.kind == "missing-text" and "no 'text' column" in err.message
    assert [d.text for d in read([path], text_field="body")] == ["one text"]


def test_a_csv_header_alone_without_the_id_or_text_column_is_an_error(tmp_path):
    """A header without rows that lacks a column is bad input at the header's line (it was
    read as an empty file, leaving only the warning that nothing was read); a header alone
    that has both columns is an empty file, not an error."""
    for body in ("key,body\n", "\nkey,body\n\n\n"):
        path = write(tmp_path / "a.csv", body)
        err = error_of([path])
        assert_error(err, "bad-csv", path, body.index("key") + 1)
        assert "no 'id' and no 'text' column: the header (line" in err.message
        report = SkipReport()
        assert read([path], skip_invalid=True, report=report) == [] and report.total == 1
    path = write(tmp_path / "b.csv", "id,text\n\n")
    assert read([path]) == []
    path = write(tmp_path / "c.csv", "key;text\n")
    assert "(columns separated by ';'?" in error_of([path]).message


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_csv_separated_by_another_character_says_so(tmp_path, sep):
    """A header of one column holding ';' (a spreadsheet's export) got the generic advice to
    see --id-field / --text-field."""
    path = write(tmp_path / "a.csv", f"id{sep}text\na{sep}one text\n")
    err = error_of([path])
    assert_error(err, "missing-id", path, 2)
    assert f"(columns separated by {sep!r}? dedup reads CSV separated by commas" in err.message
    assert ("and files named .tsv separated by tabs)" in err.message) == (sep == "\t")
    # a row holding a comma (most texts do) was "row has 3 cells, the header has 1", without
    # the hint: the cells were counted first
    path = write(tmp_path / "b.csv", f"id{sep}text\na{sep}one text, with a comma, or two\n")
    err = error_of([path])
    assert_error(err, "missing-id", path, 2)
    assert f"(columns separated by {sep!r}?" in err.message
    report = SkipReport()
    assert read([path], skip_invalid=True, report=report) == []
    assert report.counts == {"missing-id": 1} and f"separated by {sep!r}?" in report.summary()


def test_tsv_is_read_separated_by_tabs(tmp_path):
    """``.tsv`` was read as one text document named after the file."""
    from dedup.io import count_items

    path = write(tmp_path / "a.tsv", 'id\ttext\tdate\na\tone, "quoted" text\t2024-01-02\nb\t"two\tcells"\t\n')
    docs = read([path])
    assert [(d.id, d.text, d.date, d.origin) for d in docs] == [
        ("a", 'one, "quoted" text', "2024-01-02", f"{path}:2"), ("b", "two\tcells", None, f"{path}:3")]
    assert count_items([path]) == 2
    write(tmp_path / "d" / "x.tsv", "id\ttext\nc\tthree\n")
    assert [d.id for d in read([tmp_path / "d"])] == ["c"]
    err = error_of([write(tmp_path / "c.tsv", "id,text\na,one\n")])
    assert "(columns separated by ','? dedup reads .tsv separated by tabs)" in err.message


def test_jsonl_by_other_names(tmp_path):
    """``.jl`` and ``.jsonlines`` (and ``.gz``) are JSON Lines: they were read as one text."""
    data = jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"})
    paths = [write(tmp_path / "x.jl", data), write(tmp_path / "y.JSONLINES", data.replace('"a"', '"c"').replace('"b"', '"d"')),
             write(tmp_path / "z.jl.gz", gzip.compress(jsonl({"id": "e", "text": "five"}).encode()))]
    assert [d.id for d in read(paths)] == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("data, line", [
    (b"id,text\na,one\rtext\n", 2),  # a bare CR in an unquoted cell
    (b"id,text\ra,one text\rb,two\r", 1),  # old Mac line ends
])
def test_csv_with_a_bare_carriage_return_says_so(tmp_path, data, line):
    """The error was Python's "new-line character seen in unquoted field - do you need to
    open the file in universal-newline mode?"."""
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    err = error_of([path])
    assert_error(err, "bad-csv", path, line)
    assert "bare carriage return" in err.message and "universal-newline" not in err.message


def test_jsonl_with_bare_carriage_returns_says_so(tmp_path):
    """Records separated by bare CRs are one line: "invalid JSON: Extra data (column 24)"
    and nothing more."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\r{"id": "b", "text": "y"}\r')
    err = error_of([path])
    assert_error(err, "bad-json", path, 1)
    assert "Extra data" in err.message and "bare carriage returns" in err.message
    path.write_bytes(b'{"id": "a", "text": "x"} {"id": "b", "text": "y"}\n')  # no CR: no such hint
    assert "carriage" not in error_of([path]).message


def test_csv_columns_without_a_name(tmp_path):
    """A header ending in two or more empty names (a spreadsheet's export: ``id,text,,``) was
    "header names a column more than once: ''" and the file unreadable; columns without a
    name are left out where empty, else kept by place."""
    path = write(tmp_path / "a.csv", "id,text,,\na,one,,\nb,two,,x\n")
    docs = read([path])
    assert [(d.id, d.text, d.meta) for d in docs] == [("a", "one", {}), ("b", "two", {"column 4": "x"})]
    path = write(tmp_path / "b.csv", "id,text,\na,one,\nb,two,y\n")
    assert [(d.id, d.meta) for d in read([path])] == [("a", {}), ("b", {"": "y"})]
    err = error_of([write(tmp_path / "c.csv", "id,text,x,x\na,one,1,2\n")])
    assert "header names a column more than once: 'x'" in err.message


def test_bad_csv_wrong_cell_count(tmp_path):
    path = write(tmp_path / "a.csv", "id,text,title\na,x,t\nb,y\n")
    assert_error(error_of([path]), "bad-csv", path, 3)


def test_bad_csv_broken_quoting(tmp_path):
    path = write(tmp_path / "a.csv", 'id,text\na,"x"y\nb,fine\nc,"never closed\nmore\n')
    report = SkipReport()
    docs = read([path], skip_invalid=True, report=report)
    assert [d.id for d in docs] == ["b"]
    assert report.counts == {"bad-csv": 2}
    assert report.examples["bad-csv"].startswith(f"{path}:2: ")
    with pytest.raises(InputError) as info:
        read([path])
    assert_error(info.value, "bad-csv", path, 2)


def test_bad_csv_duplicate_header(tmp_path):
    path = write(tmp_path / "a.csv", "id,text,text\na,x,y\n")
    assert_error(error_of([path]), "bad-csv", path, 1)


def test_not_an_object(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "a", "text": "x"}\n["b", "y"]\n')
    err = error_of([path])
    assert_error(err, "not-an-object", path, 2)
    assert "array" in err.message


@pytest.mark.parametrize("record", [{"text": "x"}, {"id": None, "text": "x"}, {"id": "", "text": "x"},
                                    {"id": "  ", "text": "x"}, {"id": True, "text": "x"}, {"id": [1], "text": "x"}])
def test_missing_id(tmp_path, record):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "ok", "text": "x"}, record))
    assert_error(error_of([path]), "missing-id", path, 2)


@pytest.mark.parametrize("record", [{"id": "b"}, {"id": "b", "text": None}, {"id": "b", "text": 5},
                                    {"id": "b", "text": ["x"]}])
def test_missing_text(tmp_path, record):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": "x"}, record))
    assert_error(error_of([path]), "missing-text", path, 2)


def test_duplicate_id_across_inputs(tmp_path):
    first = write(tmp_path / "a.jsonl", jsonl({"id": "x", "text": "one"}, {"id": 7, "text": "two"}))
    second = write(tmp_path / "b.csv", "id,text\ny,three\n7,four\n")
    err = error_of([first, second])
    assert_error(err, "duplicate-id", second, 3)
    assert f"{first}:2" in err.message  # names where the id was first seen


def test_duplicate_id_directory_and_file(tmp_path):
    write(tmp_path / "d" / "a.txt", "text a")
    write(tmp_path / "d" / "a.md", "text a again")
    err = error_of([tmp_path / "d"])
    assert_error(err, "duplicate-id", tmp_path / "d" / "a.txt", None)
    assert str(tmp_path / "d" / "a.md") in err.message


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n"])
def test_empty_text_record(tmp_path, text):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": "x"}, {"id": "b", "text": text}))
    assert_error(error_of([path]), "empty-text", path, 2)


def test_empty_text_file(tmp_path):
    path = write(tmp_path / "blank.txt", " \n\n")
    assert_error(error_of([path]), "empty-text", path, None)


@pytest.mark.parametrize("date", ["yesterday", "2024-13-01", "2024-02-30", "01/02/2024", 20240101, "2025", "2025-01",
                                  "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_bad_date(tmp_path, date):
    """Not a date; or a date outside years 1-9999 once in UTC, where every stage compares
    dates (year 0, year 10000): a bad item, not a crash in the ranking or the index."""
    path = write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": "x"}, {"id": "b", "text": "y", "date": date}))
    assert_error(error_of([path]), "bad-date", path, 2)
    if str(date).startswith(("0001", "9999")):
        assert "outside years 1-9999 once in UTC" in str(error_of([path]))
    else:  # (a year or a month alone was "not an ISO 8601 date", which it is)
        assert "not an ISO 8601 date with a day (as 2025-01-31 or 2025-01-31T09:30:00Z)" in str(error_of([path]))


def test_dates_ending_in_a_lowercase_z_rank_as_utc():
    from dedup.index import date_epoch
    from dedup.original import _parse_date

    assert _parse_date("2025-01-21T10:00:00z") == _parse_date("2025-01-21T10:00:00Z") is not None
    assert date_epoch("2025-01-21T10:00:00z") == date_epoch("2025-01-21T10:00:00Z")
    assert _parse_date("0001-01-01T00:00:00+01:00") is None  # year 0 in UTC: no date, not a crash


def test_lines_of_non_json_blanks_are_bad_json_not_blank(tmp_path):
    """Only JSON's blanks (space, tab, CR, LF) make a blank line; a line of U+00A0 or U+3000
    or a control character is reported, not silently passed over."""
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\n \t\r\n\xc2\xa0\n\xe3\x80\x80\n\x1c\n{"id": "b", "text": "y"}\n')
    report = SkipReport()
    docs = list(read_documents([path], skip_invalid=True, report=report))
    assert [d.id for d in docs] == ["a", "b"] and report.counts == {"bad-json": 3}
    from dedup.io import count_items
    assert count_items([path]) == 5


def test_a_file_name_not_in_utf8_is_a_bad_id_not_a_crash(tmp_path):
    root = tmp_path / "d"
    root.mkdir()
    (root / "ok.txt").write_text("fine text", encoding="utf-8")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("text", encoding="utf-8")
    report = SkipReport()
    docs = list(read_documents([root], skip_invalid=True, report=report))
    assert [d.id for d in docs] == ["ok"] and report.counts == {"bad-id": 1}
    assert "file name is not UTF-8" in report.examples["bad-id"]


@pytest.mark.parametrize("date", ["2024-05-01", "2024-05-01T12:30:00", "2024-05-01T12:30:00Z",
                                  "2024-05-01T12:30:00+02:00", "2024-05-01 12:30", "2024-05-01T12:30:00.123456z"])
def test_good_dates(tmp_path, date):
    path = write(tmp_path / "a.jsonl", jsonl({"id": "a", "text": "x", "date": date}))
    assert read([path])[0].date == date


def test_an_id_with_an_unpaired_surrogate_is_refused_and_a_text_with_one_kept(tmp_path):
    path = tmp_path / "a.jsonl"  # json.dumps escapes them: "\\ud800"
    path.write_text(json.dumps({"id": "a", "text": "half an emoji \ud83d here"}) + "\n"
                    + json.dumps({"id": "b\udc00", "text": "y"}) + "\n")
    err = error_of([path])
    assert_error(err, "bad-id", path, 2)
    assert "unpaired surrogate" in str(err) and "'b\\udc00'" in str(err)
    assert read([path], skip_invalid=True)[0].text == "half an emoji \ud83d here"


def test_every_kind_is_tested():
    tested = {"missing-path", "unreadable", "binary", "not-utf8", "bad-encoding", "bad-json", "bad-csv", "not-an-object",
              "missing-id", "bad-id", "missing-text", "duplicate-id", "empty-text", "bad-date",
              "unsupported-format",
              "unknown-id",  # (compare --pairs: tests/test_cli.py)
              "too-large"}  # (also dedup filter and batch --max-bytes: tests/test_filter_cli.py, test_cli.py)
    assert tested == set(KINDS)


def test_max_bytes_makes_an_item_over_it_too_large_in_every_format(tmp_path):
    """An item over ``max_bytes`` is a too-large error at its place and the reading goes
    on: a JSON Lines line (its line break aside), a whole text file (its size named when
    the file is a regular one), a CSV record's text in UTF-8 bytes; one at the limit is read,
    and 0 means no limit."""
    limit = 100
    line = json.dumps({"id": "j", "text": "x" * 60})

    def sized(doc_id, size):
        return json.dumps({"id": doc_id, "text": "x" * (size - len(json.dumps({"id": doc_id, "text": ""})))})
    at, over = sized("at", limit), sized("over", limit + 1)  # exactly at the limit, and one over
    assert (len(at), len(over)) == (limit, limit + 1)
    lines = write(tmp_path / "a.jsonl", at + "\n" + over + "\n" + line + "\n")
    err = error_of([lines], max_bytes=limit)
    assert_error(err, "too-large", lines, 2)
    assert err.message == "the line is 101 bytes, over the limit of 100 (--max-bytes)"
    report = SkipReport()
    assert [d.id for d in read([lines], max_bytes=limit, skip_invalid=True, report=report)] == ["at", "j"]
    assert report.counts == {"too-large": 1}

    text = write(tmp_path / "big.txt", "é" * 51)  # 102 bytes, 51 characters
    err = error_of([text], max_bytes=limit)
    assert_error(err, "too-large", text, None)
    assert err.message == "the file is 102 bytes, over the limit of 100 (--max-bytes)"
    write(tmp_path / "fits.txt", "é" * 50)
    assert [d.id for d in read([tmp_path / "fits.txt"], max_bytes=limit)] == ["fits"]

    table = write(tmp_path / "t.csv", "id,text\nok,fine\nlarge," + "é" * 51 + "\n")
    err = error_of([table], max_bytes=limit)
    assert_error(err, "too-large", table, 3)
    assert err.message == "'text' is 102 bytes, over the limit of 100 (--max-bytes)"

    stdin = io.BytesIO((over + "\n" + line + "\n").encode())
    got = list(read_documents(["-"], stdin=stdin, max_bytes=limit, skip_invalid=True, report=SkipReport()))
    assert [d.id for d in got] == ["j"]
    assert {d.id for d in read([lines, text, table], max_bytes=0)} == {"at", "over", "j", "big", "ok", "large"}
    assert {d.id for d in read([lines, text, table])} == {"at", "over", "j", "big", "ok", "large"}  # (the default)


def test_max_bytes_counts_a_line_without_its_break_or_byte_order_mark(tmp_path, monkeypatch):
    """A CRLF line's CR and a byte-order mark before a line are no part of the record (the
    reader drops them): a record at the limit passes with them, in one piece or many; a
    line of white space only is blank whatever its length; a limit of any size reads a
    small text file (a read of that many bytes asked for a buffer that large)."""
    from dedup import io as dio
    limit = 100
    rec = json.dumps({"id": "a", "text": "x" * (limit - len(json.dumps({"id": "a", "text": ""})))})
    assert len(rec) == limit
    for piece in (1 << 20, 7):
        monkeypatch.setattr(dio, "_PIECE", piece)
        crlf = write(tmp_path / "crlf.jsonl", (rec + "\r\n").encode() + b"\xef\xbb\xbf" + rec.replace('"a"', '"b"').encode() + b"\n")
        assert [d.id for d in read([crlf], max_bytes=limit)] == ["a", "b"]
        blank = write(tmp_path / "blank.jsonl", rec + "\n" + " " * 5000 + "\n\t \r\n")
        assert [d.id for d in read([blank], max_bytes=limit)] == ["a"]
        over = write(tmp_path / "over.jsonl", rec + "y\r\n")
        assert error_of([over], max_bytes=limit).message == "the line is 101 bytes, over the limit of 100 (--max-bytes)"
    text = write(tmp_path / "t.txt", "Some words here.")
    for most in (10**12, 10**20):
        assert [d.id for d in read([text], max_bytes=most)] == ["t"]


def test_counting_a_file_for_the_progress_bar_holds_no_long_line(tmp_path, monkeypatch):
    """The progress bar's total counted a JSON Lines file's lines by iterating them, which
    held a 200 MB line in memory (452 MB peak with --progress against 72 MB without): the
    lines are now counted a piece at a time, the same counts."""
    import tracemalloc
    from dedup.io import count_items
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as f:
        f.write(b'{"id": "a", "text": "x"}\n\n   \n')
        f.write(b'{"id": "b", "text": "' + b"w" * 30_000_000 + b'"}\n')
        f.write(b" " * 3_000_000 + b"\n" + b'{"id": "c", "text": "z"}')  # (no final line break)
    tracemalloc.start()
    try:
        assert count_items([big]) == 3
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, peak


# --- the error type and the report -------------------------------------------------

def test_error_message_is_one_line_even_with_newlines_in_path_or_id():
    err = InputError("duplicate-id", "odd\nname.jsonl", 4, "duplicate id 'a\u2028b'")
    assert len(str(err).splitlines()) == 1
    assert str(err).startswith("odd\\nname.jsonl:4: ")
    assert str(InputError("missing-path", "-", None, "x")) == "-: x"


def test_error_pickles_and_rejects_unknown_kinds():
    err = InputError("bad-json", "a.jsonl", 3, "invalid JSON")
    back = pickle.loads(pickle.dumps(err))
    assert (back.kind, back.path, back.line, back.message) == ("bad-json", "a.jsonl", 3, "invalid JSON")
    with pytest.raises(ValueError):
        InputError("oops", "a", None, "x")


def test_skip_invalid_counts_and_summary(tmp_path):
    path = write(tmp_path / "a.jsonl",
                 '{"id": "a", "text": "fine"}\n'
                 '{broken\n'
                 '\n'
                 '{"id": "b", "text": " "}\n'
                 '{also broken\n'
                 '{"id": "c", "text": "fine too"}\n')
    report = SkipReport()
    docs = read([path, tmp_path / "gone.txt"], skip_invalid=True, report=report)
    assert [d.id for d in docs] == ["a", "c"]
    assert report.total == 4
    assert report.counts == {"bad-json": 2, "empty-text": 1, "missing-path": 1}
    assert report.examples["bad-json"].startswith(f"{path}:2: ")
    assert report.summary() == (f"skipped 4 items: 2 bad-json, 1 missing-path, 1 empty-text "
                                f"(first: {report.examples['bad-json']})")


def test_skip_report_empty_and_singular():
    report = SkipReport()
    assert report.total == 0 and report.summary() == ""
    report.add(InputError("bad-date", "f.jsonl", 2, "nope"))
    assert report.summary() == "skipped 1 item: 1 bad-date (first: f.jsonl:2: nope)"


def test_skip_invalid_without_report(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "a", "text": "x"}\nnot json\n')
    assert [d.id for d in read([path], skip_invalid=True)] == ["a"]


def test_raises_lazily_after_earlier_documents(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "a", "text": "x"}\nnot json\n{"id": "b", "text": "y"}\n')
    it = read_documents([str(path)])
    assert next(it).id == "a"
    with pytest.raises(InputError):
        next(it)


# --- formats -------------------------------------------------------------------

def test_directory_ids_and_order(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", "bee")
    write(root / "a.md", "ay")
    write(root / "sub" / "deep" / "c.TXT", "sea")
    write(root / "sub" / "a.b.txt", "dotted")
    write(root / "sub" / "notes.pdf", b"%PDF\x00")
    write(root / "sub" / "data.json", "{}")
    write(root / ".hidden.txt", "skip me")
    write(root / ".git" / "x.txt", "skip me")
    write(root / "recs.jsonl", jsonl({"id": "r1", "text": "record one"}))
    write(root / "sub" / "recs.jsonl.gz", gzip.compress(jsonl({"id": "r2", "text": "record two"}).encode()))
    write(root / "z.csv", "id,text\nr3,record three\n")
    docs = read([root])
    assert [d.id for d in docs] == ["a", "b", "r1", "sub/a.b", "sub/deep/c", "r2", "r3"]
    by_id = {d.id: d for d in docs}
    assert by_id["sub/deep/c"].text == "sea"
    assert by_id["sub/deep/c"].origin == str(root / "sub" / "deep" / "c.TXT")
    assert by_id["r2"].origin == str(root / "sub" / "recs.jsonl.gz") + ":1"


def test_single_text_file_id_is_name_without_suffix(tmp_path):
    path = write(tmp_path / "some" / "story.v2.md", "# Title\n\nbody")
    (doc,) = read([path])
    assert (doc.id, doc.text, doc.origin) == ("story.v2", "# Title\n\nbody", str(path))
    (other,) = read([write(tmp_path / "README", "plain")])
    assert other.id == "README"


def test_jsonl_gz(tmp_path):
    data = jsonl({"id": "a", "text": "é one"}, {"id": "b", "text": "two"})
    path = write(tmp_path / "a.jsonl.gz", gzip.compress(data.encode()))
    docs = read([path])
    assert [(d.id, d.text, d.origin) for d in docs] == [("a", "é one", f"{path}:1"), ("b", "two", f"{path}:2")]


def test_ndjson_is_read_as_json_lines_on_the_command_line_and_in_directories(tmp_path):
    """``.ndjson`` (and ``.ndjson.gz``) is JSON Lines by another name: read record by record
    like ``.jsonl``, named on the command line or found in a directory (it was one text
    document named after the file, and passed over inside a directory)."""
    from dedup.io import count_items

    data = jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"})
    plain = write(tmp_path / "corp.ndjson", data)
    packed = write(tmp_path / "more.NDJSON.gz", gzip.compress(jsonl({"id": "c", "text": "three"}).encode()))
    docs = read([plain, packed])
    assert [(d.id, d.text, d.origin) for d in docs] == [
        ("a", "one", f"{plain}:1"), ("b", "two", f"{plain}:2"), ("c", "three", f"{packed}:1")]
    root = tmp_path / "dir"
    write(root / "x.ndjson", data)
    write(root / "z" / "y.ndjson.gz", gzip.compress(jsonl({"id": "c", "text": "three"}).encode()))
    report = SkipReport()
    assert [d.id for d in read([root], report=report)] == ["a", "b", "c"]
    assert not report.ignored
    assert count_items([root]) == count_items([plain, packed]) == 3


def test_a_named_json_file_is_refused_and_one_in_a_directory_is_ignored(tmp_path):
    """A ``.json`` file named on the command line is an error, not one text document named
    after the file (its records were passed off as one document); inside a directory it
    stays ignored and counted."""
    path = write(tmp_path / "corp.JSON", json.dumps([{"id": "a", "text": "one"}, {"id": "b", "text": "two"}]))
    err = error_of([path])
    assert_error(err, "unsupported-format", path, None)
    assert str(err) == (f"{path}: a .json file is not read: give JSON Lines (one JSON object per line) "
                        "as .jsonl or .ndjson, or a text as .txt")
    report = SkipReport()
    assert read([path, write(tmp_path / "ok.txt", "fine")], skip_invalid=True, report=report)[0].id == "ok"
    assert report.counts == {"unsupported-format": 1}
    root = tmp_path / "dir"
    write(root / "corp.json", "{}")
    write(root / "a.txt", "ay")
    report = SkipReport()
    assert [d.id for d in read([root], report=report)] == ["a"]
    assert report.ignored == {".json": 1} and "1 .json" in report.ignored_summary()


def test_csv_quoted_multiline_text_and_line_numbers(tmp_path):
    path = write(tmp_path / "a.csv",
                 'id,text,title,extra\r\n'
                 '1,"first line\r\nsecond, with comma\n""quoted""",T1,e1\r\n'
                 '\r\n'
                 '2,plain,,\r\n')
    docs = read([path])
    assert [d.id for d in docs] == ["1", "2"]
    assert docs[0].text == 'first line\r\nsecond, with comma\n"quoted"'
    assert docs[0].title == "T1" and docs[0].meta == {"extra": "e1"}
    assert docs[0].origin == f"{path}:2"
    assert docs[1].origin == f"{path}:6"
    assert docs[1].title is None and docs[1].meta == {"extra": ""}


def test_csv_long_field(tmp_path):
    text = "word " * 60_000  # more than the csv module's default 128 KiB field limit
    path = write(tmp_path / "a.csv", f'id,text\na,"{text}"\n')
    assert read([path])[0].text == text


def test_stdin_bytes(tmp_path):
    data = jsonl({"id": "a", "text": "x"}) + "\n" + jsonl({"id": "b", "text": "y"})
    docs = read(["-"], stdin=io.BytesIO(data.encode()))
    assert [(d.id, d.origin) for d in docs] == [("a", "<stdin>:1"), ("b", "<stdin>:3")]


def test_stdin_text_and_errors(tmp_path):
    docs = read(["-"], stdin=io.StringIO(jsonl({"id": "a", "text": "x"})))
    assert [d.id for d in docs] == ["a"]
    wrapped = io.TextIOWrapper(io.BytesIO(b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n'))
    err = error_of(["-"], stdin=wrapped)
    assert_error(err, "duplicate-id", "<stdin>", 2)


def test_field_renaming_and_meta(tmp_path):
    path = write(tmp_path / "a.jsonl", jsonl(
        {"doc_id": 17, "body": "the text", "id": "not the id", "title": "T", "date": "2024-01-02",
         "source": "wire", "url": "https://x.test/1", "tags": ["a", "b"], "score": 1.5}))
    (doc,) = read([path], id_field="doc_id", text_field="body")
    assert doc.id == "17" and doc.text == "the text"
    assert (doc.title, doc.date, doc.source, doc.url) == ("T", "2024-01-02", "wire", "https://x.test/1")
    assert doc.meta == {"id": "not the id", "tags": ["a", "b"], "score": 1.5}
    # without renaming, "body" is missing
    assert_error(error_of([path]), "missing-text", path, 1)


def test_text_field_may_reuse_an_optional_name(tmp_path):
    path = write(tmp_path / "a.csv", "key,title,text\nk1,Headline,short\n")
    (doc,) = read([path], id_field="key", text_field="title")
    assert (doc.id, doc.text, doc.title, doc.meta) == ("k1", "Headline", None, {"text": "short"})


def test_same_id_and_text_field_rejected():
    with pytest.raises(ValueError):
        read_documents(["x"], id_field="a", text_field="a")


def test_order_is_deterministic(tmp_path):
    names = ["m.txt", "a/z.txt", "b.md", "a/b/c.txt", "A.txt", "a-b.txt"]
    roots = []
    for n, order in enumerate([names, list(reversed(names))]):
        root = tmp_path / f"r{n}"
        for name in order:
            write(root / name, f"text of {name}")
        roots.append(root)
    ids = [[d.id for d in read([root])] for root in roots]
    assert ids[0] == ids[1] == ["A", "a/b/c", "a/z", "a-b", "b", "m"]
    assert [d.id for d in read([roots[0]])] == ids[0]


def test_bom_is_stripped(tmp_path):
    bom = b"\xef\xbb\xbf"
    txt = write(tmp_path / "a.txt", bom + "text\r\n".encode())
    jl = write(tmp_path / "b.jsonl", bom + jsonl({"id": "b", "text": "x"}).encode())
    cs = write(tmp_path / "c.csv", bom + b"id,text\nc,y\n")
    docs = read([txt, jl, cs])
    assert [(d.id, d.text) for d in docs] == [("a", "text\r\n"), ("b", "x"), ("c", "y")]


def test_text_kept_exactly(tmp_path):
    text = "  Title\r\n\r\nBody\rold mac\u2028line sep\u00a0nbsp\n\n"
    path = write(tmp_path / "a.txt", text)
    assert read([path])[0].text == text


@settings(max_examples=200, deadline=None)
@given(text=st.text().filter(lambda t: "\x00" not in t and not any("\ud800" <= c <= "\udfff" for c in t)))
def test_any_text_file_reads_back_exactly(tmp_path_factory, text):
    assume(text.strip())  # whitespace-only files are empty-text errors
    assume(not text.startswith("\ufeff"))  # a leading BOM is stripped by design
    path = tmp_path_factory.mktemp("prop") / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    (doc,) = read([path])
    assert doc.text == text and doc.id == "doc"


def test_count_items_counts_what_the_reader_meets_without_parsing(tmp_path):
    """A progress bar's total: one per text file, one per non-blank JSON Lines line (bad ones
    included: the reader meets them too), one per CSV row after the header, hidden entries
    and unknown suffixes passed over as the reader passes them; what cannot be counted
    without reading twice (stdin, a pipe) is None."""
    from dedup.io import count_items, count_lines

    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("one text")
    (root / "sub" / "b.jsonl").write_text('{"id": "1", "text": "x"}\n\n  \nnot json\n{"id": "2", "text": "y"}')
    (root / "sub" / "c.jsonl.gz").write_bytes(gzip.compress(b'{"id": "3", "text": "z"}\n'))
    (root / "d.csv").write_text('id,text\n4,"two\nlines"\n\n5,w\n')
    (root / ".hidden" / "e.txt").write_text("hidden")
    (root / ".f.txt").write_text("hidden")
    (root / "notes.pdf").write_bytes(b"%PDF")
    report = SkipReport()
    met = list(read_documents([root], skip_invalid=True, report=report))
    assert count_items([root]) == len(met) + report.total == 7
    assert count_items([root / "sub" / "b.jsonl", root / "a.txt"]) == 4
    assert count_lines(str(root / "sub" / "b.jsonl")) == 3 and count_lines(str(root / "sub" / "c.jsonl.gz")) == 1
    assert count_items(["-"]) is None and count_lines("-") is None
    assert count_items([tmp_path / "missing"]) is None
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    assert count_items([fifo]) is None and count_lines(str(fifo)) is None  # never opened: no hang


def test_an_empty_or_blank_date_is_no_date(tmp_path):
    """README: null, "", only spaces or an empty CSV cell mean no date (not a bad-date)."""
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "a", "text": "One text.", "date": ""}\n{"id": "b", "text": "Two texts.", "date": "   "}\n'
                    '{"id": "c", "text": "Three texts.", "date": null}\n', encoding="utf-8")
    csv_path = tmp_path / "d.csv"
    csv_path.write_text("id,text,date\nd,Four texts.,\n", encoding="utf-8")
    docs = read([path, csv_path])
    assert [(d.id, d.date) for d in docs] == [("a", None), ("b", None), ("c", None), ("d", None)]
