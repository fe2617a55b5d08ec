#!/usr/bin/env python3
"""Pre-ingest filter benchmark: ``dedup index add`` a generated corpus, then time ``check``.

Run it with ``make bench`` (10k) or
``.venv/bin/python bench/bench_filter.py --data ../shared/data --docs 10000,100000``.

What is measured, for every size N in ``--docs``:

1. ``bench/generate.py`` builds N + ``--stream`` (default 1,000) documents with seed ``--seed``
   into a temporary folder (untimed).  The first N are the indexed corpus; the last 1,000 are
   the held-out stream: documents never added, about 10% of them derived (exact, near,
   partial, rewrite) from a base article, most of them in the index.
2. **load**: ``<venv>/bin/dedup index add INDEX corpus.jsonl -q`` as a child process (wall
   time, docs/s, peak RSS from ``os.wait4``), with its default ``--jobs`` (all cores: forked
   workers analyse the next batches while one is stored) or ``--load-jobs N``.
3. **check**: a fresh child process (this script with ``--worker``) opens the index with
   ``dedup.Index`` and calls ``check`` (decide, never write) on each stream document in turn.
   Per-check latency is ``time.perf_counter()`` around the call, its CPU time
   ``time.process_time()`` (what a check costs on a shared machine; the JSON parsing of the
   input line is outside it); throughput is stream documents / the sum of the check
   latencies; peak RSS is the worker's ``ru_maxrss`` (it holds one document at a time), and
   its current RSS (``/proc/self/statm``) after the 1st, 10th, 100th and last check shows
   whether memory stays flat while checking: the caches (prepared matches, term counts,
   SQLite pages) are bounded and fill during the first checks, so the verdict is on the
   growth after check 100.  With several sizes, the check process's peak RSS is compared
   across them: the target proper ("memory flat as the index grows").
4. **disk**: the index file plus its ``-wal`` after the load, per document; "stored text" is
   ``sum(length(text))`` over the ``docs`` table (the zlib-compressed texts); "beyond text"
   is the rest (band keys and their index, terms, key terms, ids, page overhead) per document.
   Where SQLite has the ``dbstat`` table, bytes per table and index are listed too.
5. **checks on every core**: ``dedup filter INDEX stream --no-add --jobs 1`` and ``--jobs C``
   (C: the cores this process may use; skipped with one core), ``--jobs-runs`` times each
   (default 3), interleaved, as child processes with their output to a file: median wall time
   (start-up included), checks a second, the ratio, and whether the two outputs are
   byte-identical.  Not the per-process target, which step 3 measures: what a user gets by
   checking in several processes.
6. **found in stream**: a derived stream document whose base is in the index counts as found
   when its base is the decision's parent or one of its matches.

Targets printed next to the numbers (the ones the filter is built for): p99 <= 20 ms per check
at 1M indexed documents, >= 500 checks/s per process, <= 2 KB on disk per document beyond the
stored text, flat memory.  At 10k and 100k they are a trend, not a verdict about 1M.

Output: a Markdown table per size on stdout, progress on stderr, ``--json FILE`` for the
numbers.  Nothing is written under the repository; ``--keep DIR`` keeps the corpus and index.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from generate import SOURCES as GENERATOR_SOURCES  # noqa: E402  (the corpora generate.py reads)
from run_bench import default_max_rss_mib, log, machine, measure, versions  # noqa: E402

DEFAULT_DATA = BENCH_DIR.parent.parent / "shared" / "data"
TARGETS = {
    "p99_ms": 20.0,  # at 1M indexed documents
    "docs_per_s": 500.0,  # per process
    "beyond_text_bytes": 2048.0,  # on disk per document, beyond the stored text
}


def command_line(argv: list[str]) -> str:
    def rel(path: str) -> str:
        r = os.path.relpath(path)
        return path if r.startswith("..") else r
    return shlex.join([rel(sys.executable), rel(__file__)] + argv)


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def worker(index: str, stream: str, out: str) -> int:
    """Check every stream document against the index; write one JSON result to ``out``."""
    from dedup import Document, Index
    lat, cpu, samples, decisions = [], [], {}, []
    with Index(index, create=False) as idx, open(stream, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            rec = json.loads(line)
            doc = Document(rec["id"], rec["text"])
            t, c = time.perf_counter(), time.process_time()
            d = idx.check(doc)
            lat.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            decisions.append([rec["id"], d.status, d.parent, [m.id for m in d.matches]])
            if n in (1, 10, 100):
                samples[n] = rss_mib()
        samples[len(lat)] = rss_mib()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"latencies": lat, "cpu": cpu, "rss": samples, "decisions": decisions}, fh)
    return 0


def split(corpus: Path, truth: Path, n: int, indexed: Path, stream: Path) -> list[dict]:
    """First n lines -> indexed, the rest -> stream; the truth entries of the stream."""
    with open(corpus, encoding="utf-8") as src, open(indexed, "w", encoding="utf-8") as a, \
            open(stream, "w", encoding="utf-8") as b:
        for i, line in enumerate(src):
            (a if i < n else b).write(line)
    stream_ids = set()
    with open(stream, encoding="utf-8") as fh:
        for line in fh:
            stream_ids.add(json.loads(line)["id"])
    with open(truth, encoding="utf-8") as fh:
        return [t for t in map(json.loads, fh) if t["id"] in stream_ids]


def disk(index: Path) -> dict:
    size = index.stat().st_size
    wal = Path(str(index) + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        docs = con.execute("SELECT count(*) FROM docs").fetchone()[0]
        text = con.execute("SELECT coalesce(sum(length(text)), 0) FROM docs").fetchone()[0]
        try:
            tables = dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                                      "ORDER BY sum(pgsize) DESC").fetchall())
        except sqlite3.Error:
            tables = {}
    finally:
        con.close()
    total = size + wal_size
    return {"file_bytes": size, "wal_bytes": wal_size, "docs": docs, "text_bytes": text,
            "bytes_per_doc": total / docs, "text_per_doc": text / docs,
            "beyond_text_per_doc": (total - text) / docs, "tables": tables}


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]  # nearest rank


def bench_size(n: int, args: argparse.Namespace, workdir: Path) -> dict:
    corpus, truth = workdir / f"gen-{n + args.stream}-s{args.seed}.jsonl", workdir / f"gen-{n + args.stream}-s{args.seed}.truth.jsonl"
    cmd = [sys.executable, str(BENCH_DIR / "generate.py"), "--data", str(args.data), "--docs",
           str(n + args.stream), "--seed", str(args.seed), "--output", str(corpus), "--truth", str(truth)]
    log(f"[filter {n:,}] generating (untimed): {shlex.join(cmd)}")
    subprocess.run(cmd, check=True)
    indexed, stream = workdir / f"indexed-{n}.jsonl", workdir / f"stream-{n}.jsonl"
    stream_truth = split(corpus, truth, n, indexed, stream)
    corpus.unlink()
    index = workdir / f"index-{n}.dedup"
    for p in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
        p.unlink(missing_ok=True)

    exe = Path(sys.executable).parent / "dedup"
    cmd = [str(exe), "index", "add", str(index), str(indexed), "-q", "--no-progress"]
    if args.load_jobs:
        cmd += ["--jobs", str(args.load_jobs)]
    log(f"[filter {n:,}] load: {shlex.join(cmd)}")
    status, wall, rss, cpu, stderr = measure(cmd, args.timeout, default_max_rss_mib())
    if status != 0:
        how = f"timed out after {args.timeout:g} s" if args.timeout and wall >= args.timeout else f"exit {status}"
        raise SystemExit(f"dedup index add failed ({how}): {stderr.strip()[-300:]}")
    load = {"wall_s": wall, "docs_per_s": n / wall, "peak_rss_mib": rss, "cpu_s": cpu}
    log(f"    {wall:.1f} s, {n / wall:,.0f} docs/s, peak RSS {rss:.0f} MiB")
    space = disk(index)

    out = workdir / f"check-{n}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(index), str(stream), str(out)]
    log(f"[filter {n:,}] check {args.stream:,} held-out docs: {shlex.join(cmd)}")
    status, wall, rss, cpu, stderr = measure(cmd, args.timeout, default_max_rss_mib())
    if status != 0:
        raise SystemExit(f"check worker failed (status {status}): {stderr.strip()[-300:]}")
    res = json.loads(out.read_text())
    lat = res["latencies"]
    found = {k: [0, 0] for k in ("exact", "near", "partial", "rewrite")}
    where = {d[0]: d for d in res["decisions"]}
    indexed_ids = {f"gen-{k:07d}" for k in range(n)} if n <= 2_000_000 else set()
    for t in stream_truth:
        if t["base"] not in indexed_ids:
            continue
        _, status_, parent, matches = where[t["id"]]
        found[t["kind"]][1] += 1
        if parent == t["base"] or t["base"] in matches:
            found[t["kind"]][0] += 1
    statuses: dict[str, int] = {}
    for d in res["decisions"]:
        statuses[d[1]] = statuses.get(d[1], 0) + 1
    check = {"checks": len(lat), "docs_per_s": len(lat) / sum(lat), "wall_s": wall,
             "p50_ms": 1000 * statistics.median(lat), "p90_ms": 1000 * pct(lat, 90),
             "p99_ms": 1000 * pct(lat, 99), "max_ms": 1000 * max(lat), "first_ms": 1000 * lat[0],
             "cpu_ms": 1000 * statistics.mean(res["cpu"]), "cpu_p99_ms": 1000 * pct(res["cpu"], 99),
             "peak_rss_mib": rss, "rss_samples_mib": res["rss"], "statuses": statuses,
             "found": found}
    log(f"    {check['docs_per_s']:,.0f} checks/s, p50 {check['p50_ms']:.1f} ms, p99 "
        f"{check['p99_ms']:.1f} ms, peak RSS {rss:.0f} MiB")
    check["cli_jobs"] = cli_jobs(n, args, exe, index, stream, workdir)
    if not args.keep:
        for p in (indexed, stream, out):
            p.unlink(missing_ok=True)
    return {"docs": n, "load": load, "disk": space, "check": check}


def cli_jobs(n: int, args: argparse.Namespace, exe: Path, index: Path, stream: Path, workdir: Path) -> dict | None:
    """``dedup filter INDEX STREAM --no-add`` end to end (start-up included) with ``--jobs 1``
    and with every core, ``--jobs-runs`` times each, interleaved: median wall time, checks a
    second, and whether the two outputs are byte-identical.  None with one core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    if cores < 2 or args.jobs_runs < 1:
        return None
    walls: dict[int, list[float]] = {1: [], cores: []}
    outputs: dict[int, bytes] = {}
    checks = sum(1 for line in stream.open(encoding="utf-8") if line.strip())
    for _ in range(args.jobs_runs):
        for jobs in (1, cores):
            out = workdir / f"filter-jobs{jobs}-{n}.jsonl"
            cmd = [str(exe), "filter", str(index), str(stream), "--no-add", "-q", "--no-progress", "--jobs", str(jobs)]
            log(f"[filter {n:,}] {shlex.join(cmd)} > {out.name}")
            status, wall, _, _, stderr = measure(["sh", "-c", f"{shlex.join(cmd)} > {shlex.quote(str(out))}"],
                                                 args.timeout)
            if status != 0:
                raise SystemExit(f"dedup filter --jobs {jobs} failed (status {status}): {stderr.strip()[-300:]}")
            walls[jobs].append(wall)
            outputs[jobs] = out.read_bytes()
            out.unlink()
    rate = {j: checks / statistics.median(w) for j, w in walls.items()}
    log(f"    --jobs 1 {rate[1]:,.0f} / --jobs {cores} {rate[cores]:,.0f} checks/s")
    return {"jobs": cores, "checks": checks, "walls_s": {str(j): w for j, w in walls.items()},
            "docs_per_s": {str(j): r for j, r in rate.items()}, "ratio": rate[cores] / rate[1],
            "identical": outputs[1] == outputs[cores]}


def ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def markdown(results: list[dict], args: argparse.Namespace, argv: list[str]) -> str:
    lines = [
        f"Command: `{command_line(argv)}`  ",
        f"Machine: {machine()}  ",
        f"Versions: {versions()}; {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC  ",
        f"Corpus: bench/generate.py, seed {args.seed}; {args.stream:,} held-out generated documents "
        "checked one by one with `Index.check` (no writes) in a fresh process.",
    ]
    load_jobs = f" --jobs {args.load_jobs}" if args.load_jobs else ", default --jobs: all cores"
    for r in results:
        ld, dk, ck = r["load"], r["disk"], r["check"]
        rss = ck["rss_samples_mib"]
        rss_txt = ", ".join(f"{int(k):,}: {v:.0f}" for k, v in sorted(rss.items(), key=lambda kv: int(kv[0])))
        flat = max(rss.values()) - min(rss.values())
        # the caches (prepared matches, term counts, SQLite pages) are bounded and fill during
        # the first checks; growth after check 100 is what would keep going
        samples = sorted(rss.items(), key=lambda kv: int(kv[0]))
        warm = [v for k, v in samples if int(k) >= 100]
        after = (warm[-1] - warm[0]) if len(warm) >= 2 else None
        found = ", ".join(f"{k} {f}/{t}" for k, (f, t) in ck["found"].items())
        statuses = ", ".join(f"{v} {k}" for k, v in sorted(ck["statuses"].items(), key=lambda kv: -kv[1]))
        lines += [
            "",
            f"**{r['docs']:,} documents in the index**",
            "",
            "| measure | value | target | meets |",
            "|---|---:|---:|---|",
            f"| load (`dedup index add`{load_jobs}) | {ld['wall_s']:.1f} s, {ld['docs_per_s']:,.0f} docs/s, "
            f"peak RSS {ld['peak_rss_mib']:,.0f} MiB | – | – |",
            f"| check throughput | {ck['docs_per_s']:,.0f} docs/s | ≥ {TARGETS['docs_per_s']:,.0f} docs/s "
            f"| {ok(ck['docs_per_s'] >= TARGETS['docs_per_s'])} |",
            f"| check latency p50 / p90 / p99 / max | {ck['p50_ms']:.1f} / {ck['p90_ms']:.1f} / "
            f"{ck['p99_ms']:.1f} / {ck['max_ms']:.1f} ms | p99 ≤ {TARGETS['p99_ms']:g} ms (at 1M) "
            f"| {ok(ck['p99_ms'] <= TARGETS['p99_ms'])} |",
            f"| check CPU time mean / p99 (the worker's own, without waiting for a core) | "
            f"{ck['cpu_ms']:.1f} / {ck['cpu_p99_ms']:.1f} ms | – | – |",
            f"| index on disk per doc | {dk['bytes_per_doc']:,.0f} B ({dk['file_bytes'] / 2**20:,.1f} MiB "
            f"+ {dk['wal_bytes'] / 2**20:,.1f} MiB WAL) | – | – |",
            f"| of which stored text (zlib) | {dk['text_per_doc']:,.0f} B | – | – |",
            f"| beyond stored text | {dk['beyond_text_per_doc']:,.0f} B | ≤ {TARGETS['beyond_text_bytes']:,.0f} B "
            f"| {ok(dk['beyond_text_per_doc'] <= TARGETS['beyond_text_bytes'])} |",
            f"| check process peak RSS | {ck['peak_rss_mib']:,.0f} MiB | flat | – |",
            f"| RSS after check n (MiB) | {rss_txt} (spread {flat:.0f} MiB) | – | – |",
            "| RSS growth while checking, after check 100 (caches warm) | "
            + ("n/a (fewer than 2 samples from check 100 on)" if after is None else f"{after:+.0f} MiB")
            + " | ≤ 10% + 5 MiB | "
            + ("–" if after is None else ok(after <= 0.1 * max(warm) + 5)) + " |",
        ]
        if dk["tables"]:
            tables = ", ".join(f"{k} {v / r['docs']:,.0f}" for k, v in dk["tables"].items())
            lines.append(f"| bytes per doc by table/index (dbstat) | {tables} | – | – |")
        cj = ck.get("cli_jobs")
        if cj:
            runs = len(cj["walls_s"]["1"])
            lines.append(
                f"| `dedup filter --no-add` end to end (start-up included; median of {runs}, interleaved), "
                f"--jobs 1 / --jobs {cj['jobs']} | {cj['docs_per_s']['1']:,.0f} / "
                f"{cj['docs_per_s'][str(cj['jobs'])]:,.0f} docs/s (×{cj['ratio']:.2f}); output identical: "
                f"{'yes' if cj['identical'] else '**no**'} | – | – |")
        lines += [
            f"| held-out stream decisions | {statuses} | – | – |",
            f"| derived stream docs found (base in index) | {found} | – | – |",
        ]
    if len(results) > 1:  # the target proper: memory flat as the index grows
        peaks = [(r["docs"], r["check"]["peak_rss_mib"]) for r in results]
        growth = peaks[-1][1] / peaks[0][1] - 1.0
        lines += [
            "",
            "**Check process peak RSS as the index grows**: "
            + ", ".join(f"{n:,} docs {v:,.0f} MiB" for n, v in peaks)
            + f" ({growth:+.0%} from the smallest to the largest index; target: flat, read as "
            f"≤ +20%: {ok(growth <= 0.2)})",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return worker(argv[1], argv[2], argv[3])
    p = argparse.ArgumentParser(description="Benchmark the pre-ingest filter (dedup index / Index.check).",
                                epilog="Also: `bench_filter.py --worker INDEX STREAM OUT` runs the check step "
                                       "alone on a kept index and stream (see --keep), writing its numbers "
                                       "as JSON to OUT. See the module docstring for what is measured and how.")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--docs", default="10000", help="comma-separated index sizes (default 10000)")
    p.add_argument("--stream", type=int, default=1000, help="held-out documents checked (default 1000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per child process (0: none)")
    p.add_argument("--json", type=Path, help="also write the numbers to this file")
    p.add_argument("--keep", type=Path, metavar="DIR", help="keep corpus, stream and index in DIR")
    p.add_argument("--jobs-runs", type=int, default=3, metavar="R",
                   help="runs of `dedup filter --no-add` with --jobs 1 and with every core, each "
                        "(default 3; 0: none)")
    p.add_argument("--load-jobs", type=int, default=0, metavar="N",
                   help="`dedup index add --jobs N` for the load (default: its own default, all cores)")
    args = p.parse_args(argv)
    missing = [str(args.data / c / "docs.jsonl") for c in GENERATOR_SOURCES if not (args.data / c / "docs.jsonl").exists()]
    if missing:  # what bench/generate.py reads
        p.error("missing corpus: " + ", ".join(missing) + " (see --data)")
    sizes = [int(float(x)) for x in args.docs.replace("_", "").split(",") if x.strip()]
    args.timeout = args.timeout or None
    results = []
    with tempfile.TemporaryDirectory(prefix="dedup-bench-filter-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            results.append(bench_size(n, args, workdir))
    print(markdown(results, args, argv))
    if args.json:
        args.json.write_text(json.dumps({"command": command_line(argv), "machine": machine(),
                                         "versions": versions(), "results": results}, indent=2) + "\n")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
