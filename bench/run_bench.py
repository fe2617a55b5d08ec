#!/usr/bin/env python3
"""Throughput, memory and recall benchmark: ``dedup batch`` vs. a datasketch reference.

Run it with ``make bench`` (or ``.venv/bin/python bench/run_bench.py --data ../shared/data``).

What is measured
----------------
For every workload (a JSON Lines corpus; see ``WORKLOADS``) and every system:

* ``dedup``: ``<venv>/bin/dedup batch INPUT --output OUT.jsonl --skip-invalid``, the ``dedup``
  executable installed next to the running interpreter (``--dedup-args`` replaces the
  default ``--skip-invalid``, needed because Reuters has one story with an empty text);
* ``ref``: ``<python> bench/reference_datasketch.py INPUT --output OUT.jsonl``, datasketch
  used as its documentation recommends (word 5-gram shingles, ``MinHash.bulk`` with 128
  permutations, ``MinHashLSH(threshold=0.8)`` filled in an ``insertion_session()``,
  ``query`` for every document, connected components). See that file's docstring.

Each measured run is a separate child process, started with ``subprocess.Popen`` and reaped
with ``os.wait4``, which returns that child's own resource usage:

* **wall s**: ``time.perf_counter()`` from just before the child is started until it has been
  reaped -- end to end, interpreter start-up, reading the input and writing the output
  included;
* **docs/s**: documents in the input (non-blank lines) / wall s;
* **peak RSS**: ``ru_maxrss`` from ``wait4`` (KiB on Linux). This is the high-water mark of
  the largest single process of the child's tree, *not* the sum over processes: if a system
  forks workers, their memory is not added up;
* **CPU s** (JSON only): user + system CPU time of the child and its reaped descendants.

The machine is shared and noisy, so each system runs ``--repeat`` times (default 3),
interleaved (dedup, ref, dedup, ref, ...), and the table reports medians. "ratio" is the
median docs/s of a system divided by the reference's median docs/s. Before measuring, the
input is read once, untimed, so that every run starts with it in the page cache.

**Recall of known copies**: where the workload has an exact-duplicate grouping (for
Reuters-21578, ``derived_exact_dup_clusters.jsonl``: ``{"cluster", "ids": [...]}``, texts
equal after lower-casing and whitespace collapsing), the fraction of those groups whose
members all land in one output cluster. A group with a member missing from the output
counts as missed. Both output formats are read: the reference's ``{"members": [id, ...]}``
and dedup's ``{"members": [{"id": ...}, ...]}``. It is a sanity floor (exact copies must be
found), not a quality measure.

If dedup fails, the last line of its stderr is printed, its remaining runs are skipped and
the table shows the reference alone; the exit status is non-zero only if the reference fails.

Output: a Markdown table (with the command line and the machine on top) on stdout, ready to
paste into the README; progress on stderr; ``--json FILE`` also writes every run's numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_DATA = REPO_DIR.parent / "shared" / "data"
REFERENCE = "ref"
SYSTEMS = ("dedup", REFERENCE)
# Reuters-21578 has one story with an empty text, which dedup rejects unless told to skip it
# (the reference keeps it as a singleton). Documents/s still counts every input line.
DEFAULT_DEDUP_ARGS = "--skip-invalid"


@dataclass(frozen=True)
class Workload:
    """One corpus to benchmark on. Paths are relative to ``--data``."""

    name: str
    docs: str  # JSON Lines, one document a line with "id" and "text"
    exact_groups: str | None = None  # JSON Lines {"ids": [...]} groups that must stay together
    note: str = ""


# Add corpora here (a generated 10k/100k/1M corpus can be one more entry, or built on the fly
# before the table is run). ``--only`` selects by name.
WORKLOADS: list[Workload] = [
    Workload(
        "reuters",
        "reuters21578/docs.jsonl",
        "reuters21578/derived_exact_dup_clusters.jsonl",
        "Reuters-21578, 1987 newswire",
    ),
    Workload(
        "bbc",
        "bbc_news/docs.jsonl",
        "bbc_news/derived_exact_dup_clusters.jsonl",
        "BBC News 2004-05",
    ),
]
DEFAULT_WORKLOADS = ("reuters",)


@dataclass
class Run:
    """One measured child process."""

    workload: str
    system: str
    repeat: int
    cmd: list[str]
    ok: bool
    returncode: int | None
    wall_s: float
    docs: int
    docs_per_s: float | None
    peak_rss_mib: float | None
    cpu_s: float | None
    recall: float | None = None
    groups_found: int | None = None
    groups_total: int | None = None
    clusters: int | None = None
    error: str | None = None


# --------------------------------------------------------------------------- measuring


def measure(cmd: list[str], timeout: float | None) -> tuple[int, float, float, float, str]:
    """Run ``cmd``; return (status, wall s, peak RSS MiB, CPU s, stderr).

    ``status`` is the exit code, or minus the signal number. The child gets its own process
    group so that a timeout kills its whole tree.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
        timer = None
        if timeout:
            timer = threading.Timer(timeout, _kill_group, (proc.pid,))
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not reap again
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return proc.returncode, wall, rss_kib / 1024, usage.ru_utime + usage.ru_stime, stderr


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "(no stderr)"


def count_docs(path: Path) -> int:
    """Non-blank lines; reading the file also puts it in the page cache before timing."""
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


# --------------------------------------------------------------------------- recall


def load_groups(path: Path) -> list[list[str]]:
    groups = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                ids = [str(i) for i in json.loads(line)["ids"]]
                if len(ids) > 1:
                    groups.append(ids)
    return groups


def read_clusters(path: Path) -> dict[str, int]:
    """Map document id -> cluster index, for either output format (see module docstring)."""
    where: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            for member in json.loads(line).get("members", []):
                doc_id = member["id"] if isinstance(member, dict) else member
                where[str(doc_id)] = n
    return where


def recall(groups: list[list[str]], where: dict[str, int]) -> int:
    """How many groups have all their members in one cluster."""
    found = 0
    for ids in groups:
        clusters = {where.get(i) for i in ids}
        if len(clusters) == 1 and None not in clusters:
            found += 1
    return found


# --------------------------------------------------------------------------- running


def command(system: str, input_path: Path, output: Path, args: argparse.Namespace) -> list[str]:
    if system == "dedup":
        exe = Path(sys.executable).parent / "dedup"
        return [str(exe), "batch", str(input_path), "--output", str(output)] + shlex.split(args.dedup_args)
    return ([sys.executable, str(BENCH_DIR / "reference_datasketch.py"), str(input_path),
             "--output", str(output)] + shlex.split(args.ref_args))


def bench_workload(w: Workload, args: argparse.Namespace, workdir: Path) -> list[Run]:
    docs_path = args.data / w.docs
    ndocs = count_docs(docs_path)
    groups = None
    if w.exact_groups and (args.data / w.exact_groups).exists():
        groups = load_groups(args.data / w.exact_groups)
    runs: list[Run] = []
    failed: set[str] = set()
    for rep in range(1, args.repeat + 1):
        for system in args.systems:  # interleaved: dedup, ref, dedup, ref, ...
            if system in failed:
                continue
            out = workdir / f"{w.name}-{system}-{rep}.jsonl"
            out.unlink(missing_ok=True)  # never read a stale file from an earlier --keep-outputs run
            cmd = command(system, docs_path, out, args)
            log(f"[{w.name}] {system} run {rep}/{args.repeat}: {shlex.join(cmd)}")
            try:
                status, wall, rss, cpu, stderr = measure(cmd, args.timeout)
            except OSError as exc:  # e.g. the dedup executable does not exist
                status, wall, rss, cpu, stderr = None, 0.0, None, None, str(exc)
            run = Run(w.name, system, rep, cmd, status == 0, status, wall, ndocs,
                      ndocs / wall if status == 0 else None, rss, cpu)
            if status == 0 and not out.exists():
                run.ok, run.error = False, f"exited 0 but wrote no {out.name}"
            elif status != 0:
                if status is None:
                    how = "could not start"
                elif status == -signal.SIGKILL and args.timeout and wall >= args.timeout:
                    how = f"timed out after {args.timeout:g} s"
                elif status < 0:
                    how = f"killed by {signal.Signals(-status).name} after {wall:.0f} s"
                else:
                    how = f"exit status {status}"
                run.error = f"{how}: {last_line(stderr)}"
            if run.ok:
                try:
                    where = read_clusters(out)
                    run.clusters = len(set(where.values()))
                    if groups is not None:
                        run.groups_found, run.groups_total = recall(groups, where), len(groups)
                        run.recall = run.groups_found / run.groups_total if groups else None
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    run.error = f"unreadable output: {exc!r}"
                if not args.keep_outputs:
                    out.unlink()
            runs.append(run)
            if run.ok:
                log(f"    {wall:.2f} s, {run.docs_per_s:,.0f} docs/s, peak RSS {rss:.0f} MiB"
                    + (f", recall {run.groups_found}/{run.groups_total}" if run.recall is not None else ""))
            else:
                log(f"    FAILED ({run.error}); skipping its remaining runs")
                failed.add(system)
    return runs


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- reporting


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarize(runs: list[Run], workloads: list[Workload], systems: list[str]) -> list[dict]:
    rows = []
    for w in workloads:
        ref_speed = median([r.docs_per_s for r in runs
                            if r.workload == w.name and r.system == REFERENCE and r.ok])
        for system in systems:
            mine = [r for r in runs if r.workload == w.name and r.system == system]
            ok = [r for r in mine if r.ok]
            if not mine:
                continue
            speed = median([r.docs_per_s for r in ok])
            recalls = sorted({(r.groups_found, r.groups_total) for r in ok if r.recall is not None})
            rows.append({
                "workload": w.name,
                "system": system,
                "docs": mine[0].docs,
                "runs_ok": len(ok),
                "runs": len(mine),
                "median_wall_s": median([r.wall_s for r in ok]),
                "median_docs_per_s": speed,
                "median_peak_rss_mib": median([r.peak_rss_mib for r in ok]),
                "median_cpu_s": median([r.cpu_s for r in ok]),
                "ratio_vs_ref": speed / ref_speed if speed and ref_speed else None,
                "recall": recalls,  # distinct (found, total) over runs; one entry if deterministic
                "error": next((r.error for r in mine if r.error), None),
            })
    return rows


def fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "–" if value is None else format(value, spec) + suffix


def fmt_recall(recalls: list[tuple[int, int]]) -> str:
    if not recalls:
        return "–"
    parts = [f"{found}/{total} ({found / total:.1%})" for found, total in recalls]
    return parts[0] if len(parts) == 1 else "varies: " + ", ".join(parts)


def machine() -> str:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    return (f"nproc {os.cpu_count()}" + (f" ({cpu})" if cpu else "")
            + f", Python {platform.python_version()}, {platform.system()} {platform.release()}")


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version
    found = []
    for pkg in ("dedup", "datasketch"):
        try:
            found.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            found.append(f"{pkg} not installed")
    return ", ".join(found)


def command_line(argv: list[str]) -> str:
    """How this benchmark was invoked, with paths relative to the working directory if inside it."""
    def rel(path: str) -> str:
        r = os.path.relpath(path)
        return path if r.startswith("..") else r
    return shlex.join([rel(sys.executable), rel(__file__)] + argv)


def markdown(rows: list[dict], args: argparse.Namespace, argv: list[str]) -> str:
    lines = [
        f"Command: `{command_line(argv)}`  ",
        f"Machine: {machine()}  ",
        f"Versions: {versions()}; {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC  ",
        f"Medians of {args.repeat} interleaved run(s) per system; wall time is end to end "
        "(start-up, reading input, writing output); peak RSS is the child's max RSS.",
        "",
        "| corpus | system | docs | median wall s | median docs/s | median peak RSS MiB "
        "| ratio vs reference | recall of known copies |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if not row["runs_ok"]:
            lines.append(f"| {row['workload']} | {row['system']} | {row['docs']:,} "
                         f"| failed | – | – | – | – |")
            continue
        partial = "" if row["runs_ok"] == row["runs"] else f" ({row['runs_ok']}/{row['runs']} ok)"
        lines.append(
            f"| {row['workload']} | {row['system']}{partial} | {row['docs']:,} "
            f"| {fmt(row['median_wall_s'], '.2f')} | {fmt(row['median_docs_per_s'], ',.0f')} "
            f"| {fmt(row['median_peak_rss_mib'], ',.0f')} | {fmt(row['ratio_vs_ref'], '.2f', '×')} "
            f"| {fmt_recall(row['recall'])} |"
        )
    failures = [r for r in rows if r["error"]]
    if failures:
        lines.append("")
        lines += [f"- {r['system']} on {r['workload']}: {r['error']}" for r in failures]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    names = [w.name for w in WORKLOADS]
    p = argparse.ArgumentParser(description="Benchmark dedup batch against a datasketch reference.",
                                epilog="See the module docstring for what is measured and how.")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help=f"folder of the shared corpora (default {DEFAULT_DATA})")
    p.add_argument("--only", default=",".join(DEFAULT_WORKLOADS),
                   help=f"comma-separated workloads, from {', '.join(names)}, or 'all' "
                        f"(default {','.join(DEFAULT_WORKLOADS)})")
    p.add_argument("--systems", default=",".join(SYSTEMS),
                   help=f"comma-separated systems, from {', '.join(SYSTEMS)} (default both)")
    p.add_argument("--repeat", type=int, default=3, help="measured runs per system (default 3)")
    p.add_argument("--dedup-args", default=DEFAULT_DEDUP_ARGS, help="extra arguments for dedup batch, one string (default "
                        f"{DEFAULT_DEDUP_ARGS!r}); write --dedup-args='--x 1' when it starts with a dash")
    p.add_argument("--ref-args", default="",
                   help="extra arguments for the reference, e.g. --ref-args='--num-perm 256'")
    p.add_argument("--timeout", type=float, default=None, help="kill a run after this many seconds")
    p.add_argument("--json", type=Path, help="also write every run's numbers to this file")
    p.add_argument("--keep-outputs", type=Path, metavar="DIR",
                   help="keep the cluster files in DIR (default: temporary, deleted)")
    args = p.parse_args(argv)

    wanted = names if args.only == "all" else [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(wanted) - set(names)
    if unknown or not wanted:
        p.error(f"--only: unknown workload(s) {', '.join(sorted(unknown))}; choose from {', '.join(names)}")
    args.workloads = [w for w in WORKLOADS if w.name in wanted]
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if not args.systems or set(args.systems) - set(SYSTEMS):
        p.error(f"--systems: choose from {', '.join(SYSTEMS)}")
    args.systems = [s for s in SYSTEMS if s in args.systems]  # fixed order: dedup, ref
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    missing = [str(args.data / w.docs) for w in args.workloads if not (args.data / w.docs).exists()]
    if missing:
        p.error("missing corpus: " + ", ".join(missing) + " (see --data)")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        workdir = args.keep_outputs or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for w in args.workloads:
            runs += bench_workload(w, args, workdir)
    rows = summarize(runs, args.workloads, args.systems)
    print(markdown(rows, args, argv))
    if args.json:
        args.json.write_text(json.dumps({
            "command": command_line(argv),
            "machine": machine(),
            "versions": versions(),
            "summary": rows,
            "runs": [asdict(r) for r in runs],
        }, indent=2) + "\n")
        log(f"wrote {args.json}")
    ref_failed = any(r.system == REFERENCE and not r.ok for r in runs)
    return 1 if ref_failed else 0


if __name__ == "__main__":
    sys.exit(main())
