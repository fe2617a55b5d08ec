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

**Generated corpora** (``gen10k``, ``gen100k``, ``gen1m``): built by ``bench/generate.py``
(``--seed``, default 1) into the run's temporary folder before the workload is measured,
untimed, once per (size, seed) in a run; see that file's docstring for the recipe.  Their
table columns ``exact``, ``near``, ``partial``, ``rewrite`` are the **recall per kind of
injected document**: the share of the derived documents of that kind (from the generator's
truth file) that land in one output cluster with their base (a document missing from the
output, e.g. a singleton left out by dedup without ``--all``, is not found).

**Which workloads**: ``--only`` names them; without it, ``--scale`` (default ``100k``) runs
``reuters``, ``gen10k`` and ``gen100k``, and ``--scale 1m`` adds ``gen1m``.  Generated corpora
of 100,000 documents or more get ``--repeat-large`` runs per system (default 1), the others
``--repeat``.  Under the table, docs/s per corpus size shows how each system's cost grows.

**Bounded runs**: a measured run is killed after ``--timeout`` seconds (default 3600) and
reported as ``timed out after S s``; one whose resident memory goes over ``--max-rss`` GiB
(default 75% of physical memory) is killed and reported as stopped at the RSS limit.  Either
way the system's remaining runs on that workload are skipped and the next workload goes on.

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
    """One corpus to benchmark on. Paths are relative to ``--data``.

    A workload with ``generate`` set is built by ``bench/generate.py`` (that many documents,
    ``--seed``) into the run's temporary folder before it is measured; ``docs`` is then unused.
    """

    name: str
    docs: str  # JSON Lines, one document a line with "id" and "text"
    exact_groups: str | None = None  # JSON Lines {"ids": [...]} groups that must stay together
    note: str = ""
    generate: int | None = None  # documents to generate (see bench/generate.py)


# Add corpora here. ``--only`` selects by name; ``--scale`` picks reuters + the generated
# corpora up to a size.
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
    Workload("gen10k", "", note="bench/generate.py, 10,000 docs", generate=10_000),
    Workload("gen100k", "", note="bench/generate.py, 100,000 docs", generate=100_000),
    Workload("gen1m", "", note="bench/generate.py, 1,000,000 docs", generate=1_000_000),
]
SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
DEFAULT_SCALE = "100k"  # reuters, gen10k, gen100k; --scale 1m adds gen1m (hours, and more memory than 24 GiB today)
DEFAULT_TIMEOUT = 3600.0  # seconds per measured run; a run over it is reported as timed out
LARGE = 100_000  # generated corpora this large get --repeat-large runs
KINDS = ("exact", "near", "partial", "rewrite")  # kinds of derived documents, bench/generate.py


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
    kind_found: dict | None = None  # kind -> derived documents found with their base
    kind_total: dict | None = None  # kind -> derived documents of that kind
    error: str | None = None


# --------------------------------------------------------------------------- measuring


def measure(cmd: list[str], timeout: float | None,
            max_rss_mib: float | None = None) -> tuple[int, float, float, float, str]:
    """Run ``cmd``; return (status, wall s, peak RSS MiB, CPU s, stderr).

    ``status`` is the exit code, or minus the signal number. The child gets its own process
    group so that a timeout kills its whole tree.  With ``max_rss_mib``, the child's resident
    memory is polled twice a second and the group is killed when it goes over (``measure.
    over_rss`` is then set), so that a run too large for the machine does not drive it into
    swapping or the OOM killer.
    """
    measure.over_rss = False
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
        timer = None
        if timeout:
            timer = threading.Timer(timeout, _kill_group, (proc.pid,))
            timer.start()
        done = threading.Event()
        if max_rss_mib:
            threading.Thread(target=_watch_rss, args=(proc.pid, max_rss_mib, done), daemon=True).start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            done.set()
            if timer:
                timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not reap again
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    rss_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return proc.returncode, wall, rss_kib / 1024, usage.ru_utime + usage.ru_stime, stderr


def _watch_rss(pid: int, limit_mib: float, done: threading.Event) -> None:
    while not done.wait(0.5):
        try:
            with open(f"/proc/{pid}/status") as fh:
                rss_kib = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            return
        if rss_kib / 1024 > limit_mib:
            measure.over_rss = True
            _kill_group(pid)
            return


def default_max_rss_mib() -> float | None:
    """75% of physical memory (Linux), so a too-large run is stopped before the OOM killer acts."""
    try:
        return 0.75 * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (ValueError, OSError, AttributeError):
        return None


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


def load_truth(path: Path) -> list[tuple[str, str, str]]:
    """(derived id, base id, kind) from a bench/generate.py truth file."""
    with open(path, encoding="utf-8") as fh:
        return [(t["id"], t["base"], t["kind"]) for t in map(json.loads, fh) if t]


def kind_recall(truth: list[tuple[str, str, str]], where: dict[str, int]) -> tuple[dict, dict]:
    """Per kind: derived documents sharing an output cluster with their base, and the total."""
    found = {k: 0 for k in KINDS}
    total = {k: 0 for k in KINDS}
    for doc, base, kind in truth:
        total[kind] = total.get(kind, 0) + 1
        c = where.get(doc)
        if c is not None and c == where.get(base):
            found[kind] = found.get(kind, 0) + 1
    return found, total


def generated_corpus(w: Workload, args: argparse.Namespace, workdir: Path) -> tuple[Path, Path]:
    """Build (once per (N, seed) in this run) the corpus and truth of a generated workload."""
    key = (w.generate, args.seed)
    if key not in args.generated:
        docs = workdir / f"gen-{w.generate}-s{args.seed}.jsonl"
        truth = workdir / f"gen-{w.generate}-s{args.seed}.truth.jsonl"
        cmd = [sys.executable, str(BENCH_DIR / "generate.py"), "--data", str(args.data),
               "--docs", str(w.generate), "--seed", str(args.seed),
               "--output", str(docs), "--truth", str(truth)]
        log(f"[{w.name}] generating (untimed): {shlex.join(cmd)}")
        subprocess.run(cmd, check=True)
        args.generated[key] = (docs, truth)
    return args.generated[key]


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
    truth = None
    if w.generate:
        docs_path, truth_path = generated_corpus(w, args, workdir)
        truth = load_truth(truth_path)
    else:
        docs_path = args.data / w.docs
    ndocs = count_docs(docs_path)
    groups = None
    if w.exact_groups and (args.data / w.exact_groups).exists():
        groups = load_groups(args.data / w.exact_groups)
    runs: list[Run] = []
    failed: set[str] = set()
    repeat = repeats(w, args)
    for rep in range(1, repeat + 1):
        for system in args.systems:  # interleaved: dedup, ref, dedup, ref, ...
            if system in failed:
                continue
            out = workdir / f"{w.name}-{system}-{rep}.jsonl"
            out.unlink(missing_ok=True)  # never read a stale file from an earlier --keep-outputs run
            cmd = command(system, docs_path, out, args)
            log(f"[{w.name}] {system} run {rep}/{repeat}: {shlex.join(cmd)}")
            try:
                status, wall, rss, cpu, stderr = measure(cmd, args.timeout, args.max_rss)
            except OSError as exc:  # e.g. the dedup executable does not exist
                status, wall, rss, cpu, stderr = None, 0.0, None, None, str(exc)
            if args.keep_outputs:  # the run's counters and log, next to its clusters
                (workdir / f"{w.name}-{system}-{rep}.stderr").write_text(stderr)
            run = Run(w.name, system, rep, cmd, status == 0, status, wall, ndocs,
                      ndocs / wall if status == 0 else None, rss, cpu)
            if status == 0 and not out.exists():
                run.ok, run.error = False, f"exited 0 but wrote no {out.name}"
            elif status != 0:
                if status is None:
                    how = "could not start"
                elif status == -signal.SIGKILL and measure.over_rss:
                    how = f"stopped at the RSS limit of {args.max_rss / 1024:,.1f} GiB after {wall:.0f} s"
                elif status == -signal.SIGKILL and args.timeout and wall >= args.timeout:
                    how = f"timed out after {args.timeout:g} s"
                elif status < 0:
                    how = f"killed by {signal.Signals(-status).name} after {wall:.0f} s"
                else:
                    how = f"exit status {status}"
                tail = last_line(stderr)
                run.error = (how if tail == "(no stderr)" and how.startswith(("timed out", "stopped at"))
                             else f"{how}: {tail}")
            if run.ok:
                try:
                    where = read_clusters(out)
                    run.clusters = len(set(where.values()))
                    if groups is not None:
                        run.groups_found, run.groups_total = recall(groups, where), len(groups)
                        run.recall = run.groups_found / run.groups_total if groups else None
                    if truth is not None:
                        run.kind_found, run.kind_total = kind_recall(truth, where)
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    run.error = f"unreadable output: {exc!r}"
                if not args.keep_outputs:
                    out.unlink()
            runs.append(run)
            if run.ok:
                log(f"    {wall:.2f} s, {run.docs_per_s:,.0f} docs/s, peak RSS {rss:.0f} MiB"
                    + (f", recall {run.groups_found}/{run.groups_total}" if run.recall is not None else "")
                    + ("".join(f", {k} {run.kind_found[k]}/{run.kind_total[k]}" for k in KINDS)
                       if run.kind_found is not None else ""))
            else:
                log(f"    FAILED ({run.error}); skipping its remaining runs")
                failed.add(system)
    return runs


def repeats(w: Workload, args: argparse.Namespace) -> int:
    """Measured runs per system: --repeat, or --repeat-large for generated corpora of 100k+."""
    return args.repeat_large if w.generate and w.generate >= LARGE else args.repeat


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
            by_kind = {k: sorted({(r.kind_found[k], r.kind_total[k]) for r in ok if r.kind_found is not None})
                       for k in KINDS}
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
                "recall_by_kind": by_kind,  # kind -> distinct (found, total) over runs
                "error": next((r.error for r in mine if r.error), None),
            })
    return rows


def fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "–" if value is None else format(value, spec) + suffix


def fmt_recall(recalls: list[tuple[int, int]], short: bool = False) -> str:
    if not recalls or not recalls[0][1]:
        return "–"
    parts = [f"{found / total:.1%}" if short else f"{found}/{total} ({found / total:.1%})"
             for found, total in recalls]
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
        f"Medians of {args.repeat} interleaved run(s) per system ({args.repeat_large} for generated "
        f"corpora of {LARGE:,}+ documents); wall time is end to end "
        "(start-up, reading input, writing output); peak RSS is the child's max RSS.",
        "",
        "Recall by kind (generated corpora, `bench/generate.py`): share of the injected documents "
        "of that kind that land in one output cluster with their base.",
        "",
        "| corpus | system | docs | median wall s | median docs/s | median peak RSS MiB "
        "| ratio vs reference | recall of known copies | exact | near | partial | rewrite |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if not row["runs_ok"]:
            err = row["error"] or ""
            what = err.split(":", 1)[0] if err.startswith(("timed out", "stopped at")) else "failed"
            lines.append(f"| {row['workload']} | {row['system']} | {row['docs']:,} "
                         f"| {what} | – | – | – | – | – | – | – | – |")
            continue
        partial = "" if row["runs_ok"] == row["runs"] else f" ({row['runs_ok']}/{row['runs']} ok)"
        lines.append(
            f"| {row['workload']} | {row['system']}{partial} | {row['docs']:,} "
            f"| {fmt(row['median_wall_s'], '.2f')} | {fmt(row['median_docs_per_s'], ',.0f')} "
            f"| {fmt(row['median_peak_rss_mib'], ',.0f')} | {fmt(row['ratio_vs_ref'], '.2f', '×')} "
            f"| {fmt_recall(row['recall'])} | "
            + " | ".join(fmt_recall(row["recall_by_kind"][k], short=True) for k in KINDS) + " |"
        )
    sizes = {}
    for row in rows:
        if row["median_docs_per_s"]:
            sizes.setdefault(row["system"], []).append(
                f"{row['workload']} ({row['docs']:,} docs) {row['median_docs_per_s']:,.0f}")
    if sizes:
        lines.append("")
        lines += [f"- docs/s by size, {system}: " + " → ".join(parts) for system, parts in sizes.items()]
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
    p.add_argument("--only", default=None,
                   help=f"comma-separated workloads, from {', '.join(names)}, or 'all' "
                        "(default: as --scale)")
    p.add_argument("--scale", choices=sorted(SCALES, key=SCALES.get), default=DEFAULT_SCALE,
                   help="without --only: reuters plus the generated corpora up to this size "
                        f"(default {DEFAULT_SCALE}: reuters, gen10k, gen100k; 10k leaves gen100k out; 1m adds gen1m)")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated corpora (default 1)")
    p.add_argument("--systems", default=",".join(SYSTEMS),
                   help=f"comma-separated systems, from {', '.join(SYSTEMS)} (default both)")
    p.add_argument("--repeat", type=int, default=3, help="measured runs per system (default 3)")
    p.add_argument("--repeat-large", type=int, default=1,
                   help=f"measured runs per system on generated corpora of {LARGE:,}+ documents "
                        "(default 1: one dedup run at 100k takes many minutes)")
    p.add_argument("--dedup-args", default=DEFAULT_DEDUP_ARGS, help="extra arguments for dedup batch, one string (default "
                        f"{DEFAULT_DEDUP_ARGS!r}); write --dedup-args='--x 1' when it starts with a dash")
    p.add_argument("--ref-args", default="",
                   help="extra arguments for the reference, e.g. --ref-args='--num-perm 256'")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"kill a measured run after this many seconds and report it as timed out "
                        f"(default {DEFAULT_TIMEOUT:g}; 0 for none)")
    p.add_argument("--max-rss", type=float, default=None, metavar="GIB",
                   help="kill a measured run whose resident memory goes over this many GiB and "
                        "report it (default: 75%% of physical memory; 0 for none)")
    p.add_argument("--json", type=Path, help="also write every run's numbers to this file")
    p.add_argument("--keep-outputs", type=Path, metavar="DIR",
                   help="keep the cluster files and each run's stderr in DIR (default: temporary, deleted)")
    args = p.parse_args(argv)

    if args.only is None:
        wanted = ["reuters"] + [w.name for w in WORKLOADS
                                if w.generate and w.generate <= SCALES[args.scale]]
    elif args.only == "all":
        wanted = names
    else:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = set(wanted) - set(names)
    if unknown or not wanted:
        p.error(f"--only: unknown workload(s) {', '.join(sorted(unknown))}; choose from {', '.join(names)}")
    args.workloads = [w for w in WORKLOADS if w.name in wanted]
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if not args.systems or set(args.systems) - set(SYSTEMS):
        p.error(f"--systems: choose from {', '.join(SYSTEMS)}")
    args.systems = [s for s in SYSTEMS if s in args.systems]  # fixed order: dedup, ref
    if args.repeat < 1 or args.repeat_large < 1:
        p.error("--repeat must be at least 1")
    args.timeout = args.timeout or None
    args.max_rss = default_max_rss_mib() if args.max_rss is None else (args.max_rss * 1024 or None)
    args.generated = {}  # (N, seed) -> (corpus, truth), built once per run
    missing = [str(args.data / w.docs) for w in args.workloads
               if not w.generate and not (args.data / w.docs).exists()]
    missing += [str(args.data / s / "docs.jsonl") for s in ("reuters21578", "bbc_news", "ecbplus",
                "semeval2022_task8") if any(w.generate for w in args.workloads)
                and not (args.data / s / "docs.jsonl").exists()]
    if missing:
        p.error("missing corpus: " + ", ".join(dict.fromkeys(missing)) + " (see --data)")
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
