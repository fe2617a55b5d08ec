#!/usr/bin/env python3
"""`dedup serve --workers N` under concurrent clients: checks a second, latency, same answers.

    .venv/bin/python bench/bench_serve.py INDEX STREAM [--workers 1,2] [--clients 4] [--runs 3]

For each run and each N in ``--workers`` (interleaved: 1, 2, 1, 2, ...), a fresh
``dedup serve INDEX --port 0 --workers N`` is started on 127.0.0.1; ``--clients`` threads of
this process post every document of ``STREAM`` (JSON Lines with ``id`` and ``text``, such as
the ``stream-N.jsonl`` that ``bench/bench_filter.py --keep DIR`` leaves) to ``POST /check``,
after ``--warm`` documents sent first and not counted.  Printed per N: the median over runs
of checks a second (stream documents / wall time from the first request to the last
answer), each run's figure, latency p50 / p99 (per request, as a client sees it, so with
the waiting for a free worker), and whether every run of every N gave byte-identical
answers.  The clients run on the same machine and take some of its CPU.

``bench/bench_filter.py`` makes an index and a stream: ``--docs 10000 --stream 500 --keep DIR``
leaves ``DIR/index-10000.dedup`` and ``DIR/stream-10000.jsonl``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def one_run(index: Path, docs: list[dict], workers: int, clients: int, warm: int) -> dict:
    exe = Path(sys.executable).parent / "dedup"
    proc = subprocess.Popen([str(exe), "serve", str(index), "--port", "0", "--workers", str(workers)],
                            stderr=subprocess.PIPE)
    try:
        line = proc.stderr.readline().decode()
        if " on http://" not in line:
            raise SystemExit(f"dedup serve did not start: {line}{proc.stderr.read().decode()[-500:]}")
        url = line.rsplit(" ", 1)[1].strip()

        def post(doc: dict) -> tuple[str, float]:
            req = urllib.request.Request(url + "/check", data=json.dumps(doc).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
            t = time.perf_counter()
            with urllib.request.urlopen(req, timeout=300) as r:
                body = r.read()
            return json.dumps(json.loads(body), sort_keys=True), time.perf_counter() - t

        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(post, docs[:warm]))
            start = time.perf_counter()
            answers = list(pool.map(post, docs))
            wall = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    latencies = sorted(t for _, t in answers)
    return {"checks_per_s": len(docs) / wall, "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            "digest": hashlib.sha256("\n".join(a for a, _ in answers).encode()).hexdigest()[:16]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("index", type=Path)
    p.add_argument("stream", type=Path)
    p.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    p.add_argument("--clients", type=int, default=4, help="concurrent client threads (default 4)")
    p.add_argument("--runs", type=int, default=3, help="runs per worker count, interleaved (default 3)")
    p.add_argument("--warm", type=int, default=40, help="documents sent first, not counted (default 40)")
    args = p.parse_args(argv)
    if not args.index.exists() or not args.stream.exists():
        p.error(f"no such file: {args.index if not args.index.exists() else args.stream}")
    docs = [json.loads(x) for x in args.stream.open(encoding="utf-8") if x.strip()]
    docs = [{"id": d["id"], "text": d["text"]} for d in docs]
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    runs: dict[int, list[dict]] = {n: [] for n in counts}
    for r in range(args.runs):
        for n in counts:
            res = one_run(args.index, docs, n, args.clients, args.warm)
            runs[n].append(res)
            print(f"run {r + 1}, --workers {n}: {res['checks_per_s']:.1f} checks/s, p50 {res['p50_ms']:.0f} ms, "
                  f"p99 {res['p99_ms']:.0f} ms", file=sys.stderr)
    digests = {res["digest"] for rs in runs.values() for res in rs}
    print(f"`dedup serve --workers N`, {len(docs):,} documents to POST /check from {args.clients} client "
          f"threads, {args.runs} interleaved runs; {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    print()
    print("| workers | median checks/s | runs | median p50 / p99 ms |")
    print("|---:|---:|---|---|")
    base = statistics.median(r["checks_per_s"] for r in runs[counts[0]])
    for n in counts:
        rate = statistics.median(r["checks_per_s"] for r in runs[n])
        print(f"| {n} | {rate:.1f} (×{rate / base:.2f}) | "
              + " / ".join(f"{r['checks_per_s']:.1f}" for r in runs[n])
              + f" | {statistics.median(r['p50_ms'] for r in runs[n]):.0f} / "
                f"{statistics.median(r['p99_ms'] for r in runs[n]):.0f} |")
    print()
    print(f"Answers byte-identical across every run: {'yes' if len(digests) == 1 else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
