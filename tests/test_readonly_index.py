"""An index this process cannot write: the reading commands work, the writing ones are one
error line (exit 2).  Real processes on real files, kept from writing three ways (each
skipped only where this machine cannot do it): ``owner``, the files' owner after chmod (as
root, chmod does not stop root: the command runs as root without the capabilities that pass
over file permissions, CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH); ``nobody``, another user
(tests run as root); ``mount``, a read-only bind mount (``unshare -m``), which stops root
itself."""
from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REWRITE, SOURCE, UNRELATED
from index_checks import synthetic, write_records
from dedup import Document, Index, storage
from dedup.cli import main

REPO = Path(__file__).resolve().parents[1]
NOBODY = 65534
IS_ROOT = os.geteuid() == 0


def _env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO) + os.pathsep + e.get("PYTHONPATH", "")
    e["HOME"] = "/"  # nobody's (a root HOME may be unreadable to it)
    return e


def _without_dac_capabilities() -> None:
    """(In a forked child, before exec) drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from
    the bounding set: root's program then has neither, and file permissions apply to it."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _as(kind: str, folder: Path) -> tuple[list[str], dict]:
    """The prefix and the subprocess arguments that run a command as ``kind`` (see the module
    docstring); ``mount`` bind-mounts ``folder`` read-only first."""
    if kind == "owner":
        return [], ({"preexec_fn": _without_dac_capabilities} if IS_ROOT else {})
    if kind == "nobody":
        if not IS_ROOT:
            pytest.skip("needs root to run as another user")
        return [], {"user": NOBODY, "group": NOBODY, "extra_groups": [], "cwd": "/"}
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
    return ["unshare", "-m" if IS_ROOT else "-rm", "sh", "-c", script, str(folder)], {}


def run(kind: str, folder: Path, *args, input: bytes | None = None, python: bool = False):
    prefix, extra = _as(kind, folder)
    cmd = [*prefix, sys.executable, *(["-c"] if python else ["-m", "dedup"]), *map(str, args)]
    return subprocess.run(cmd, input=input, capture_output=True, env=_env(), timeout=120, **extra)


@pytest.fixture(scope="module")
def workdir():
    """A folder every user may enter (pytest's own is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="dedup-readonly-"))
    path.chmod(0o755)
    yield path
    for root, dirs, files in os.walk(path):
        os.chmod(root, 0o755)
    shutil.rmtree(path)


@pytest.fixture(scope="module", params=["owner", "nobody", "mount"])
def kind(request, workdir):
    """How a command is kept from writing; skipped when this machine cannot do it."""
    probe = workdir / f"probe-{request.param}"
    probe.mkdir()
    probe.chmod(0o555)
    try:
        r = run(request.param, probe, "import dedup, pathlib, sys; pathlib.Path(sys.argv[1], 'x').touch()",
                probe, python=True)
    except OSError as e:  # nobody may not reach this Python (under root's home, say), no unshare
        pytest.skip(f"cannot run {sys.executable} as {request.param!r} here: {e}")
    err = r.stderr.decode(errors="replace")
    if r.returncode != 0 and ("PermissionError" in err or "Read-only file system" in err):
        return request.param  # dedup runs, and the folder cannot be written
    pytest.skip(f"cannot run dedup, kept from writing a folder, as {request.param!r} here: "
                f"{err.strip().splitlines()[-1:] or r.returncode}")


LATE = {"id": "late", "text": synthetic(31)}
INCOMING = [{"id": "rewrite", "text": REWRITE}, {"id": "fresh", "text": synthetic(7)},
            {"id": "late-copy", "text": LATE["text"]}, {"id": "copy", "text": SOURCE}]


def _build(folder: Path, case: str) -> Path:
    """An index of ``source`` and ``bakery`` (and, for the cases with a -wal file that holds
    commits, ``late`` in that file only) in ``folder``, made read-only as ``case`` says."""
    folder.mkdir()
    path = folder / "news.dedup"
    idx = Index(path)
    idx.add(Document("source", SOURCE, date="2024-05-01"))
    idx.add(Document("bakery", UNRELATED))
    if case in ("wal", "wal-without-shm"):
        idx.storage.conn.execute("PRAGMA wal_autocheckpoint=0")
        idx.storage.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        idx.add(Document(LATE["id"], LATE["text"]))  # committed, in the -wal file only
        keep = folder.parent / f"{folder.name}.keep"
        keep.mkdir()
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{path}{suffix}", keep / f"news.dedup{suffix}")
        idx.close()  # (checkpoints, removes -wal and -shm)
        for suffix in ("", "-wal") + (("-shm",) if case == "wal" else ()):
            os.replace(keep / f"news.dedup{suffix}", f"{path}{suffix}")
        shutil.rmtree(keep)
        assert os.path.getsize(f"{path}-wal") > 0
    else:
        idx.close()
    if case == "empty-wal":
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").write_bytes(b"")
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o777 if case == "file" else 0o555)
    return path


CASES = ["folder", "file", "empty-wal", "wal"]
"""folder: a read-only folder, the index closed cleanly (no -wal, no -shm); file: a read-only
file in a folder anyone may write; empty-wal: a read-only folder with an empty -wal and -shm;
wal: a read-only folder whose -wal file holds a commit, its -shm beside it."""


@pytest.fixture(params=CASES)
def readonly_index(request, kind, workdir):
    if kind == "mount" and request.param == "file":
        pytest.skip("a read-only mount makes the folder read-only too")
    folder = workdir / f"{kind}-{request.param}-{request.node.name}"
    path = _build(folder, request.param)
    stored = 3 if request.param == "wal" else 2
    return kind, folder, path, stored


def _digest(folder: Path) -> dict:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir())}


def _writable_copy(folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    for f in [copy, *copy.iterdir()]:
        f.chmod(0o755 if f.is_dir() else 0o644)
    return copy / "news.dedup"


def test_reading_commands_work_on_a_readonly_index(readonly_index, workdir, tmp_path):
    kind, folder, path, stored = readonly_index
    incoming = write_records(workdir / f"in-{folder.name}.jsonl", INCOMING)
    incoming.chmod(0o644)
    before = _digest(folder)

    r = run(kind, folder, "index", "stats", path, "--json")
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["documents"] == stored

    r = run(kind, folder, "filter", path, incoming, "--no-add", "-q")
    assert r.returncode == 0, r.stderr.decode()
    # the decisions of the same index where it can be written
    copy = _writable_copy(folder, tmp_path)
    want = CliRunner().invoke(main, ["filter", str(copy), str(incoming), "--no-add", "-q"])
    assert want.exit_code == 0, want.output
    assert r.stdout.decode() == want.stdout
    decisions = [json.loads(x) for x in r.stdout.splitlines()]
    assert [d["status"] for d in decisions][:2] == ["partial", "new"]
    assert decisions[2]["status"] == ("duplicate" if stored == 3 else "new")  # the -wal's commit is seen

    r = run(kind, folder, "index", "export", path)
    assert r.returncode == 0, r.stderr.decode()
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["source", "bakery", "late"][:stored]

    r = run(kind, folder, """
import sys
from dedup import Document, Index
from dedup.storage import ReadOnlyIndexError
idx = Index(sys.argv[1])
assert idx.readonly
assert idx.check(Document("x", sys.argv[2])).status == "duplicate"
try:
    idx.add(Document("x", "A new text."))
except ReadOnlyIndexError as e:
    print(e)
""", path, SOURCE, python=True)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.decode().startswith(f"{path}: the index is read-only (")
    if kind != "mount" and folder.stat().st_mode & stat.S_IWOTH:
        # SQLite made its -wal and -shm files in the writable folder; the index is unchanged
        assert {k: v for k, v in _digest(folder).items() if k == "news.dedup"} == \
            {"news.dedup": before["news.dedup"]}
    else:
        assert _digest(folder) == before


WRITES = [["filter", "{path}", "{incoming}"],
          ["index", "add", "{path}", "{incoming}", "--no-progress"],
          ["filter", "{path}", "{incoming}", "--add", "all"],
          ["index", "remove", "{path}", "source"],
          ["index", "evict", "{path}", "--keep", "1s"]]


def test_writing_commands_are_one_error_line(readonly_index, workdir):
    """Every command that writes (the first two only, but for a read-only folder without
    -wal and -shm files) stops before reading its input: one line naming the index and why
    it is read-only, exit 2, no decision written, the index unchanged."""
    kind, folder, path, stored = readonly_index
    incoming = write_records(workdir / f"in-{folder.name}.jsonl", INCOMING)
    incoming.chmod(0o644)
    before = _digest(folder)
    for args in WRITES if folder.name.startswith(f"{kind}-folder-") else WRITES[:2]:
        r = run(kind, folder, *[a.format(path=path, incoming=incoming) for a in args])
        err = r.stderr.decode()
        assert r.returncode == 2, (args, err)
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert err.startswith(f"dedup: error: {path}: the index is read-only ("), err
        assert ("read-only file system" if kind == "mount" else "no write permission") in err
        assert r.stdout == b""  # not one decision before it
        after = _digest(folder)
        assert after.get("news.dedup") == before["news.dedup"]
        if not folder.stat().st_mode & stat.S_IWOTH:
            assert after == before


def test_a_wal_with_commits_and_no_shm_in_a_readonly_folder_is_one_clear_line(kind, workdir):
    """SQLite cannot read the -wal file's commits without a -shm file it may write, and
    immutable=1 would pass over them: every command says so instead of answering from the
    file alone."""
    folder = workdir / f"{kind}-wal-without-shm"
    path = _build(folder, "wal-without-shm")
    for args in (["index", "stats", path], ["filter", path, "--no-add"], ["index", "export", path],
                 ["filter", path]):
        r = run(kind, folder, *args, input=b"")
        err = r.stderr.decode()
        assert r.returncode == 2, (args, err)
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert err.startswith(f"dedup: error: {path}: cannot read: its -wal file holds commits"), err


def test_creating_an_index_in_a_readonly_folder_is_one_clear_line(kind, workdir):
    folder = workdir / f"{kind}-empty"
    folder.mkdir()
    folder.chmod(0o555)
    incoming = write_records(workdir / f"in-{kind}-empty.jsonl", INCOMING)
    incoming.chmod(0o644)
    r = run(kind, folder, "index", "add", folder / "new.dedup", incoming, "--no-progress")
    err = r.stderr.decode()
    assert r.returncode == 2 and err.count("\n") == 1, err
    assert err == f"dedup: error: {folder / 'new.dedup'}: cannot create the index: its folder {folder} is read-only\n"
    assert list(folder.iterdir()) == []


def test_an_immutable_reader_follows_another_writer(kind, workdir):
    """A folder ``nobody`` may not write, without -wal and -shm files, is read with
    immutable=1 (SQLite cannot make its -shm file there); root writes the same index
    meanwhile: the reader's next check sees root's document (the file changed, so it is
    opened again), not a stale page cache."""
    if kind == "mount":
        pytest.skip("nobody writes a read-only mount")
    folder = workdir / f"{kind}-follow"
    path = _build(folder, "folder")
    for f in folder.iterdir():
        f.chmod(0o444)  # this process writes (as root, or as the owner after a chmod)
    folder.chmod(0o555)
    prefix, extra = _as(kind, folder)
    proc = subprocess.Popen([*prefix, sys.executable, "-m", "dedup", "filter", str(path), "--no-add", "-q"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
                            **extra)
    try:
        def decide(record) -> dict:
            proc.stdin.write((json.dumps(record) + "\n").encode())
            proc.stdin.flush()
            line = proc.stdout.readline()
            assert line, proc.stderr.read().decode()
            return json.loads(line)

        assert decide({"id": "probe", "text": LATE["text"]})["status"] == "new"
        assert not os.path.exists(f"{path}-shm")  # nobody could not make one: immutable
        folder.chmod(0o755)
        path.chmod(0o644)
        with Index(path) as idx:
            idx.add(Document(LATE["id"], LATE["text"]))
            for k in range(30):  # enough pages that the reader's cached ones are stale
                idx.add(Document(f"more{k}", synthetic(100 + k)))
        path.chmod(0o444)
        folder.chmod(0o555)
        d = decide({"id": "probe", "text": LATE["text"]})
        assert (d["status"], d["parent"]) == ("duplicate", "late")
        assert decide({"id": "p2", "text": synthetic(105)})["parent"] == "more5"
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read().decode()


def test_serve_answers_reads_and_refuses_writes_on_a_readonly_index(kind, workdir):
    pytest.importorskip("uvicorn")
    folder = workdir / f"{kind}-serve"
    path = _build(folder, "folder")
    prefix, extra = _as(kind, folder)
    proc = subprocess.Popen([*prefix, sys.executable, "-m", "dedup", "serve", str(path), "--port", "0"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=_env(), **extra)
    try:
        warning = proc.stderr.readline().decode()
        assert warning.startswith(f"dedup: warning: {path}: the index is read-only ("), \
            warning + proc.stderr.read().decode()
        line = proc.stderr.readline().decode()
        assert line.startswith("dedup: serving "), line + proc.stderr.read().decode()
        url = line.rsplit(" ", 1)[1].strip()
        errors: list[bytes] = []
        threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True).start()

        def request(method, route, body=None):
            req = urllib.request.Request(url + route, method=method,
                                         data=None if body is None else json.dumps(body).encode())
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    payload = r.read()
                    return r.status, json.loads(payload) if payload else None
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read())

        status, stats = request("GET", "/stats")
        assert status == 200 and stats["documents"] == 2
        status, d = request("POST", "/check", {"id": "copy", "text": SOURCE})
        assert (status, d["status"], d["parent"]) == (200, "duplicate", "source")
        assert request("GET", "/healthz") == (200, {"status": "ok", "documents": 2})
        for method, route, body in (("POST", "/documents", {"id": "fresh", "text": synthetic(7)}),
                                    ("POST", "/documents?add=all", {"id": "copy", "text": SOURCE}),
                                    ("DELETE", "/documents/source", None)):
            status, answer = request(method, route, body)
            assert status == 403, (route, answer)
            assert answer["error"].startswith(f"{path}: the index is read-only ("), answer
        assert request("GET", "/stats")[1]["documents"] == 2
    finally:
        proc.send_signal(2)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    assert not any(b"Traceback" in x for x in errors), errors


def test_readonly_true_never_writes_a_writable_index(tmp_path):
    """``Index(readonly=True)`` (what the reading commands open) refuses every write even
    where it could write, and does not create a missing index."""
    path = tmp_path / "news.dedup"
    with Index(path) as idx:
        idx.add(Document("source", SOURCE))
    before = path.read_bytes()
    with Index(path, readonly=True) as idx:
        assert idx.readonly
        assert idx.check(Document("copy", SOURCE)).status == "duplicate"
        for write in (lambda: idx.add(Document("x", UNRELATED)), lambda: idx.remove("source"),
                      lambda: idx.check_and_add(Document("y", synthetic(3))), lambda: idx.evict(0.0 + 2e9)):
            with pytest.raises(storage.ReadOnlyIndexError, match="the index is read-only"):
                write()
    assert path.read_bytes() == before and not os.path.exists(f"{path}-wal")
    with pytest.raises(Exception, match="no such index"):
        Index(tmp_path / "missing.dedup", readonly=True)
    assert not (tmp_path / "missing.dedup").exists()
    with Index(path) as idx:  # writable as ever
        assert not idx.readonly
        idx.add(Document("x", UNRELATED))
        assert len(idx) == 2
