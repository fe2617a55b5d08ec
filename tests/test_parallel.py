"""dedup.parallel and ``jobs``: the same result in one process or in several."""
from __future__ import annotations

import json
import os
import platform
import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedup import Document, Options, batch, parallel
from dedup.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="no fork start method here")


def _square_range(a, b, offset):
    return [(k + offset) ** 2 for k in range(a, b)] + [sorted(parallel.state())[:1]]


def _fail_at_7(a, b):
    if a <= 7 < b:
        raise ValueError("bad document 7")
    return list(range(a, b))


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_shards_return_every_range_in_order(jobs):
    with parallel.Shards(50, jobs, {"z": 1, "a": 2}, step=4) as shards:
        got = list(shards.run(_square_range, 1))
    flat = [x for _, _, part in got for x in part if not isinstance(x, list)]
    assert flat == [(k + 1) ** 2 for k in range(50)]
    assert all(part[-1] == ["a"] for _, _, part in got)  # each worker saw the shared state
    starts = [a for a, _, _ in got]
    assert starts == sorted(starts) and got[-1][1] == 50


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_shards_unordered_return_every_range_once(jobs):
    with parallel.Shards(50, jobs, {"z": 1, "a": 2}, step=4) as shards:
        got = list(shards.run(_square_range, 1, ordered=False))
    by_start = {a: (b, part) for a, b, part in got}
    assert len(by_start) == len(got)  # no range twice
    flat = [x for a in sorted(by_start) for x in by_start[a][1] if not isinstance(x, list)]
    assert flat == [(k + 1) ** 2 for k in range(50)]
    assert all(b - a <= 4 for a, b, _ in got)


@needs_fork
def test_a_failing_worker_raises_with_its_traceback():
    with parallel.Shards(20, 2, None, step=2) as shards:
        assert len(shards.workers) == 2
        with pytest.raises(parallel.WorkerError, match="bad document 7") as e:
            list(shards.run(_fail_at_7))
    # the worker's traceback, down to the line that raised
    assert str(e.value).startswith("Traceback") and "in _fail_at_7" in str(e.value)
    assert 'raise ValueError("bad document 7")' in str(e.value)


def test_shards_of_nothing():
    with parallel.Shards(0, 2, None) as shards:
        assert list(shards.run(_square_range, 0)) == []


def _double(x):
    return 2 * x + parallel.state()


@pytest.mark.parametrize("jobs", [1, 2])
def test_imap_keeps_order(jobs):
    assert list(parallel.imap(_double, list(range(40)), jobs, 1)) == [2 * k + 1 for k in range(40)]


def _corpus() -> list[Document]:
    """The seeds, edited copies of them, site furniture repeated across documents (template
    lines) and unrelated filler: every stage has work to do."""
    rng = random.Random(5)
    seeds = [Document(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    docs = list(seeds)
    footer = "\n\nSign up for the Morning Wire\nFollow us on the social networks"
    words = ("river harbour council budget rain school bridge market tariff court appeal vaccine "
             "orbit comet engine strike factory election").split()
    for k in range(40):
        base = seeds[k % len(seeds)].text
        paras = base.split("\n\n")
        rng.shuffle(paras)
        docs.append(Document(f"copy{k}", "\n\n".join(paras[: max(2, len(paras) - k % 3)]) + footer))
    for k in range(40):
        sents = [" ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(6)]
        docs.append(Document(f"filler{k}", " ".join(sents) + footer))
    docs.append(Document("empty", "   "))
    docs.append(Document("dup", seeds[0].text))
    return docs


@needs_fork
def test_batch_result_does_not_depend_on_jobs(split_work):
    docs = _corpus()
    one = batch(docs, jobs=1)
    assert split_work == {"pools": [], "shards": []}
    for jobs in (2, 3):
        other = batch(docs, jobs=jobs)
        assert other.clusters == one.clusters
        assert other.stats == one.stats
    assert sum(1 for c in one.clusters if len(c.members) > 1) >= 2  # not vacuous
    # and workers really ran: shards of documents and pools of several tasks, with 2 and 3 jobs
    assert {2, 3} <= set(split_work["shards"]) and {2, 3} <= {jobs for jobs, _ in split_work["pools"]}


BATCH_STAGES = ["templates", "normalize", "document frequencies", "term weights", "key terms", "LSH bands",
                "verify", "passages", "story cut", "stories"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_reports_every_stage_in_order_from_start_to_end(jobs, monkeypatch):
    """Each stage tells its progress from 0 (its start, so a bar shows while it runs) to its
    total, never going back or past the total; the stages come one after another in the
    order README lists (``api.STAGE_UNITS``' docstring)."""
    monkeypatch.setattr("dedup.api.STORIES_PER_TASK", 2)
    monkeypatch.setattr("dedup.api.LOOSE_GROUPS_PER_TASK", 1)
    calls: list[tuple[str, int, int]] = []
    docs = _corpus()
    # (verify_all=0: a corpus this small is verified whole, without LSH and its stage)
    batch(docs, Options(verify_all=0), jobs=jobs,
          progress=lambda stage, done, total: calls.append((stage, done, total)))
    order = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert order == BATCH_STAGES
    whole: list[str] = []
    batch(docs, jobs=jobs, progress=lambda stage, done, total: whole.append(stage))
    assert list(dict.fromkeys(whole)) == [s for s in BATCH_STAGES if s != "LSH bands"]
    for stage in order:
        seen = [(done, total) for s, done, total in calls if s == stage]
        totals = {total for _, total in seen}
        assert len(totals) == 1, (stage, totals)
        total = totals.pop()
        done = [d for d, _ in seen]
        assert done[0] == 0 and done == sorted(done) and done[-1] == total, (stage, done)
    first = {stage: next(k for k, c in enumerate(calls) if c[0] == stage) for stage in order}
    last = {stage: max(k for k, c in enumerate(calls) if c[0] == stage) for stage in order}
    for a, b in zip(order, order[1:]):  # stages do not overlap
        assert last[a] < first[b], (a, b)
    lsh = [c for c in calls if c[0] == "LSH bands"]
    assert lsh[0][1] == 0 and lsh[-1][1] == lsh[-1][2] == 128


@needs_fork
def test_cli_jobs_option_gives_the_same_output(tmp_path, split_work):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in _corpus()
                              if d.text.strip()), encoding="utf-8")
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        r = runner.invoke(main, ["batch", str(corpus), "--all", "-q", "--jobs", jobs, "--output", str(out)])
        assert r.exit_code == 0, r.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") >= 2  # byte for byte, several stories
    assert split_work["shards"] and split_work["pools"]  # --jobs 2 used workers


def test_cli_jobs_must_be_positive():
    r = CliRunner().invoke(main, ["batch", str(SEEDS), "--jobs", "0"])
    assert r.exit_code == 2
    assert "--jobs" in r.output


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


@pytest.mark.skipif(not os.path.exists("/proc/self/statm") or "glibc" not in " ".join(platform.libc_ver()),
                    reason="RSS from /proc and glibc's malloc_trim")
def test_release_free_memory_gives_freed_heap_pages_back():
    import numpy as np

    arrays = [np.ones(12_000) for _ in range(1600)]  # 96 KB each: from the heap, ~150 MB
    keep = arrays[::20]  # one in twenty stays, so the freed ones are holes glibc keeps
    del arrays
    held = _rss_mib()
    parallel.release_free_memory()
    assert _rss_mib() < held - 100  # the holes' pages went back to the system
    parallel.release_free_memory()  # again: harmless
    assert all(a.sum() == 12_000 for a in keep)


def _slow_double(x):
    time.sleep(0.002)
    return 2 * x + parallel.state()


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_imap_ahead_keeps_order(jobs):
    assert list(parallel.imap_ahead(_slow_double, iter(range(40)), jobs, 1)) == [2 * k + 1 for k in range(40)]


@needs_fork
def test_imap_ahead_reads_the_stream_only_a_few_items_ahead():
    read = []

    def stream():
        for k in range(100):
            read.append(k)
            yield k

    out = parallel.imap_ahead(_double, stream(), 2, 0, ahead=3)
    assert next(out) == 0
    assert len(read) <= 4  # the one waited for and at most 3 beyond it
    assert list(out) == [2 * k for k in range(1, 100)]
    assert len(read) == 100


@pytest.mark.parametrize("jobs", [1, 2])
def test_imap_ahead_raises_a_reading_error_after_the_items_before_it(jobs):
    def stream():
        yield from range(5)
        raise ValueError("bad line 6")

    got = []
    with pytest.raises(ValueError, match="bad line 6"):
        for x in parallel.imap_ahead(_double, stream(), jobs, 0):
            got.append(x)
    assert got == [0, 2, 4, 6, 8]


@pytest.mark.parametrize("jobs", [1, 2])
def test_imap_ahead_worker_error_reaches_the_caller(jobs):
    with pytest.raises(ZeroDivisionError):
        list(parallel.imap_ahead(_inverse, iter([1, 2, 0, 4]), jobs, None))


def _inverse(x):
    return 1 / x


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=needs_fork)])
def test_corpus_restores_each_documents_analysis_in_its_own_position(monkeypatch, jobs):
    """The story stage's documents are restored from stage 1's sentence spans, which the
    shards send in any order: each must come back as analysing the text again gives it."""
    import functools

    from dedup import Options, normalize
    from dedup.api import Corpus

    monkeypatch.setattr(parallel, "Shards", functools.partial(parallel.Shards, step=3))  # many small shards
    docs = _corpus()
    rng = random.Random(7)
    for k in range(8):  # a template line (in 5+ different documents) between paragraphs
        words = " ".join(rng.choice(["grain", "storm", "bank", "vote", "port"]) for _ in range(12))
        docs.append(Document(f"t{k}", f"{words.capitalize()}.\nRead more on our site today\n\nLast line {k}."))
    corpus = Corpus(docs, Options(), jobs=jobs)
    assert "read more on our site today" in corpus.templates
    for i, d in enumerate(docs):
        fresh = normalize.finalize(normalize.analyze(d), corpus.templates)
        got = corpus.prepared(i)
        assert (got.id, got.words, got.starts, got.ends) == (fresh.id, fresh.words, fresh.starts, fresh.ends)
        assert (got.sentences, got.boilerplate, got.content) == (fresh.sentences, fresh.boilerplate, fresh.content)
        assert normalize.paragraph_numbers(got) == normalize.paragraph_numbers(fresh)


def _die_on(x):
    if x == 3:
        os.kill(os.getpid(), 9)  # as the out-of-memory killer ends a worker, in its task
    time.sleep(0.01)
    return x


def _children() -> set[int]:
    with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as fh:
        return {int(c) for c in fh.read().split()}


@needs_fork
@pytest.mark.parametrize("shape", ["imap", "imap_ahead"])
def test_a_worker_killed_in_a_task_raises_worker_died_instead_of_waiting_for_ever(shape):
    before = _children()
    run = parallel.imap(_die_on, list(range(20)), 2, None) if shape == "imap" else \
        parallel.imap_ahead(_die_on, iter(range(20)), 2, None)
    with pytest.raises(parallel.WorkerDied):
        list(run)
    assert _children() <= before  # no worker left behind


@needs_fork
@pytest.mark.parametrize("shape", ["imap", "imap_ahead"])
def test_a_caller_that_stops_early_leaves_no_worker_behind(shape):
    before = _children()
    run = parallel.imap(_slow_double, list(range(50)), 2, 1) if shape == "imap" else \
        parallel.imap_ahead(_slow_double, iter(range(50)), 2, 1)
    assert next(run) == 1 and _children() - before
    run.close()
    assert _children() <= before


@pytest.mark.parametrize("command", ["batch", "index"])
def test_cli_jobs_above_the_cores_is_lowered_to_them_with_a_note(tmp_path, monkeypatch, command):
    """--jobs 100000 tried to start that many worker processes (and failed with a misleading
    "cannot write" line): a larger N than the cores this process may use is lowered to
    them, said on stderr (not with --quiet); up to the cores it is used as given."""
    from dedup import api

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    asked = []

    def spy(real):
        def run(*args, jobs, **kwargs):
            asked.append(jobs)
            assert jobs <= 2, "would start that many processes"  # without forking them
            return real(*args, jobs=jobs, **kwargs)
        return run

    monkeypatch.setattr(api, "batch", spy(api.batch))
    imap_ahead = parallel.imap_ahead
    monkeypatch.setattr(parallel, "imap_ahead",
                        lambda fn, items, jobs, shared: spy(imap_ahead)(fn, items, shared=shared, jobs=jobs))
    note = "dedup: note: --jobs 100000 is more than the 2 cores this process may use: using 2"
    for k, (jobs, quiet, said) in enumerate([("100000", [], True), ("100000", ["-q"], False), ("2", [], False),
                                             ("1", [], False)]):
        args = (["batch", str(SEEDS), "-o", str(tmp_path / f"out{k}.jsonl")] if command == "batch"
                else ["index", "add", str(tmp_path / f"i{k}.dedup"), str(SEEDS)])
        r = CliRunner().invoke(main, args + ["--jobs", jobs] + quiet)
        assert r.exit_code == 0, (r.output, r.exception)
        assert (note in r.stderr.splitlines()) == said, r.stderr
        assert "note" not in r.stderr or said
    if command == "batch":
        assert asked == [2, 2, 2, 1]
    else:  # --jobs 1 stores inline, without a pool
        assert asked == [2, 2, 2]


@needs_fork
@pytest.mark.parametrize("command", ["batch", "index"])
def test_a_worker_that_cannot_be_started_is_one_line_naming_it(tmp_path, monkeypatch, split_work, command):
    """fork refused (too many processes: --jobs 100000 on a system with a process limit;
    too little memory) was reported as "dedup: error: cannot write: ..."."""
    import errno

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in _corpus()
                              if d.text.strip()), encoding="utf-8")

    def refused():
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(os, "fork", refused)
    args = (["batch", str(corpus), "-o", str(tmp_path / "out.jsonl")] if command == "batch"
            else ["index", "add", str(tmp_path / "x.dedup"), str(corpus), "--batch-size", "2"])
    r = CliRunner().invoke(main, args + ["--jobs", "2", "-q"])
    assert (r.exit_code, r.stderr.splitlines()) == (1, [
        f"dedup: error: cannot start a worker process: {os.strerror(errno.EAGAIN)} (a smaller --jobs may do)"])


@needs_fork
@pytest.mark.parametrize("shape", ["imap", "imap_ahead"])
def test_the_pool_ends_with_the_last_result_even_if_the_caller_never_asks_again(shape):
    """``zip(tasks, imap(...))`` stops at the end of ``tasks`` and never resumes the
    generator: its pool must be shut down by then, not when the generator is collected
    (where a Ctrl-C is printed as 'Exception ignored' and the run goes on, exit 0)."""
    before = _children()
    run = parallel.imap(_slow_double, list(range(10)), 2, 1) if shape == "imap" else \
        parallel.imap_ahead(_slow_double, iter(range(10)), 2, 1)
    assert [x for _, x in zip(range(10), run)] == [2 * k + 1 for k in range(10)]
    assert _children() <= before, "the workers outlive the last result"
    run.close()


CTRL_C_AFTER_A_FORK = """
import os, signal, sys, time
import multiprocessing.process as mpp
from dedup import parallel
start = mpp.BaseProcess.start
def start_then_ctrl_c(self):
    start(self)
    os.kill(os.getpid(), signal.SIGINT)  # the Ctrl-C lands right after a worker is forked
mpp.BaseProcess.start = start_then_ctrl_c
def slow(x, *rest):
    time.sleep(0.2)
    return x
shape = sys.argv[1]
try:
    if shape == "imap":
        list(parallel.imap(slow, list(range(8)), 2, None))
    elif shape == "imap_ahead":
        list(parallel.imap_ahead(slow, iter(range(8)), 2, None))
    else:
        with parallel.Shards(2000, 2, None) as shards:
            list(shards.run(slow))
except KeyboardInterrupt:  # the processes still there (multiprocessing's own list may
    # keep one that the pool's thread reaped)
    with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as fh:
        print("interrupted", len(fh.read().split()), flush=True)
"""


@needs_fork
@pytest.mark.parametrize("shape", ["imap", "imap_ahead", "shards"])
def test_a_ctrl_c_right_after_a_worker_is_forked_ends_the_run(shape):
    """A Ctrl-C between a pool worker's fork and the pool's note of it left that worker
    alive, unknown to the pool: the run said it was interrupted, then waited for ever at
    exit to join the worker (``make test`` saw `dedup batch --jobs 2` hang once in 6 runs
    of the Ctrl-C test, under load; here it hung every time)."""
    import signal
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    try:
        # (SIGINT's default action, as in a terminal: a runner started in the background
        # has it ignored, which exec keeps)
        p = subprocess.run([sys.executable, "-c", CTRL_C_AFTER_A_FORK, shape], capture_output=True, text=True,
                           env=env, timeout=30, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    except subprocess.TimeoutExpired:
        pytest.fail("the run did not end after its Ctrl-C")
    assert (p.returncode, p.stdout) == (0, "interrupted 0\n"), p.stderr
    assert "Traceback" not in p.stderr, p.stderr


CTRL_C_WHILE_A_RESULT_IS_WRITTEN = """
import os, signal, sys, threading, time
import numpy as np
from dedup import parallel
def big(x):
    return np.full(30_000_000, x % 256, dtype=np.uint8)  # 30 MB: many pipe loads to write
def ctrl_c_soon():
    time.sleep(float(sys.argv[1]))
    os.kill(os.getpid(), signal.SIGINT)
threading.Thread(target=ctrl_c_soon, daemon=True).start()
try:
    for _ in parallel.imap(big, list(range(40)), 2, None):
        pass
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


@needs_fork
@pytest.mark.parametrize("after", [0.2, 0.4, 0.6, 0.8, 1.0])
def test_a_ctrl_c_while_a_worker_writes_a_large_result_ends_the_run(after):
    """The pool kills its workers on a Ctrl-C; one killed while writing a result left part
    of it in the results pipe, and the pool's thread waited for the rest for ever, so the
    run said "interrupted" and hung at exit (this process held the pipe's other end for
    writing).  4 of 5 such runs hung; `make test` saw it once as a hung `dedup batch
    --jobs 2` after a Ctrl-C in its key-terms stage."""
    import signal
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    try:
        p = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_A_RESULT_IS_WRITTEN, str(after)],
                           capture_output=True, text=True, env=env, timeout=30,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    except subprocess.TimeoutExpired:
        pytest.fail("the run did not end after its Ctrl-C")
    assert (p.returncode, p.stdout, p.stderr) == (0, "interrupted\n", "")


def test_cli_jobs_note_says_core_for_one(monkeypatch, capsys):
    """On one core the note read "more than the 1 cores"."""
    from dedup import cli

    monkeypatch.setattr(parallel, "default_jobs", lambda: 1)
    assert cli._workers(4, quiet=False) == 1
    assert "--jobs 4 is more than the 1 core this process may use: using 1" in capsys.readouterr().err
