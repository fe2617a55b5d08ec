"""Evaluate dedup on the labelled corpora in ../shared/data (see eval/README.md).

    .venv/bin/python eval/run_eval.py --data ../shared/data [--only counter,clough] [--json out.json]

Prints Markdown tables to stdout (first the candidate-stage table of candidate_recall.py, unless
--no-candidates), progress to stderr. Exit code 0 when everything ran (missed targets are not an
error), 1 when dedup or the harness broke, 2 on bad arguments.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpora import (LabelledPair, load_gold_clusters, load_pairs, load_reuse_docs, load_seed_texts,
                     load_source_derived, load_texts, write_jsonl)
from dedup_cli import Blinding, CommandUnavailable, DedupCLI
from prediction import Clustering, PairPrediction, parse_pair
from reference import REFERENCES, reference_batch, reference_compare
from report import DEDUP, PAN13_PAIRS, render
from scoring import (score_clusters, score_graded, score_paraphrase, score_reuse, score_reuse_pairs, score_seeds,
                     score_seeds_in_background, score_source_derived)

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = "seeds/"  # relative to the repo root, as a user types it
SEEDS_ORIGINAL = "001_7d6b243a16c21978"
SEEDS_BACKGROUND = "reuters21578"  # the corpus the seeds are mixed into for seeds_reuters


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Context:
    data: Path
    tmp: Path
    dedup: DedupCLI
    blind: bool
    seed: int


# --- running one system on one corpus ----------------------------------------------------------

def run_system(label: str, produce: Callable[[], object], score: Callable[[object], dict]) -> dict:
    """Run ``produce`` (timed) then ``score``; never raises, records the failure instead."""
    log(f"[{label}] running …")
    start = time.perf_counter()
    try:
        output = produce()
        seconds = time.perf_counter() - start
        metrics = score(output)
    except CommandUnavailable as exc:
        log(f"[{label}] unavailable:\n{exc}")
        return {"status": "unavailable", "message": "dedup compare unavailable",
                "seconds": time.perf_counter() - start, "metrics": {}}
    except Exception as exc:  # noqa: BLE001 - report and go on with the other corpora
        log(f"[{label}] FAILED:\n{exc}")
        if not isinstance(exc, RuntimeError):
            log(traceback.format_exc())
        summary = getattr(exc, "summary", None) or f"{type(exc).__name__}: {exc}".splitlines()[0]
        return {"status": "error", "message": f"error: {summary[:100]}",
                "seconds": time.perf_counter() - start, "metrics": {}}
    for warning in metrics.get("warnings", []):
        log(f"[{label}] warning: {warning}")
    log(f"[{label}] done in {seconds:.1f}s")
    return {"status": "ok", "seconds": seconds, "metrics": metrics}


def batch_corpus(ctx: Context, name: str, texts: dict[str, str],
                 score: Callable[[Clustering], dict]) -> dict:
    """dedup batch + the reference clusterings on one corpus, all scored by ``score``."""
    blinding = Blinding.make(list(texts), ctx.blind, ctx.seed)
    folder = ctx.tmp / name
    folder.mkdir()
    docs_path = folder / "docs.jsonl"
    blinding.write_docs(docs_path, texts)

    def scorer(records) -> dict:
        clustering = Clustering.from_records(records, texts, rename=blinding.real)
        return {**score(clustering), "warnings": clustering.warnings}

    systems = {DEDUP: run_system(f"{name}/dedup batch, {len(texts)} docs",
                                 lambda: ctx.dedup.batch(docs_path, folder / "out.jsonl"), scorer)}
    anon = blinding.anon_texts(texts)
    for cfg in REFERENCES:
        systems[cfg.name] = run_system(f"{name}/{cfg.name}", lambda cfg=cfg: reference_batch(anon, cfg),
                                       scorer)
    return {"docs": len(texts), "systems": systems}


def align_pairs(records: list[dict], pairs: list[LabelledPair], rename) -> list[PairPrediction]:
    """One prediction per labelled pair, in the labelled order (output order is not trusted)."""
    preds = [parse_pair(r, rename) for r in records]
    if len(preds) != len(pairs):
        raise RuntimeError(f"{len(preds)} output lines for {len(pairs)} pairs")
    if all((q.a, q.b) == (p.a, p.b) for q, p in zip(preds, pairs)):
        return preds
    by_pair = {frozenset((q.a, q.b)): q for q in preds}
    missing = [p for p in pairs if frozenset((p.a, p.b)) not in by_pair]
    if missing:
        raise RuntimeError(f"{len(missing)} pairs missing from output, e.g. {missing[0].a}/{missing[0].b}")
    return [by_pair[frozenset((p.a, p.b))] for p in pairs]


def compare_system(ctx: Context, folder_name: str, texts: dict[str, str], pairs: list[LabelledPair],
                   score: Callable[[list[PairPrediction]], dict]) -> dict:
    """``dedup compare --pairs`` alone on labelled pairs of ``texts`` (blinded as the other runs)."""
    blinding = Blinding.make(list(texts), ctx.blind, ctx.seed)
    folder = ctx.tmp / folder_name
    folder.mkdir()
    docs_path, pairs_path = folder / "docs.jsonl", folder / "pairs.jsonl"
    blinding.write_docs(docs_path, texts)
    write_jsonl(pairs_path, ({"a": blinding.to_anon[p.a], "b": blinding.to_anon[p.b]} for p in pairs))
    return run_system(f"{folder_name}/dedup compare, {len(pairs)} pairs",
                      lambda: ctx.dedup.compare(pairs_path, docs_path),
                      lambda records: score(align_pairs(records, pairs, blinding.real)))


def pair_corpus(ctx: Context, name: str, score: Callable[[list[PairPrediction], list[LabelledPair]], dict]) -> dict:
    """dedup compare + the reference Jaccard on a labelled pair set."""
    texts = load_texts(ctx.data / name)
    pairs = load_pairs(ctx.data / name)
    systems = {DEDUP: compare_system(ctx, name, texts, pairs, lambda preds: score(preds, pairs))}
    blinding = Blinding.make(list(texts), ctx.blind, ctx.seed)  # (the one compare_system made)
    anon_pairs = [(blinding.to_anon[p.a], blinding.to_anon[p.b]) for p in pairs]
    anon = blinding.anon_texts(texts)
    for cfg in REFERENCES:
        systems[cfg.name] = run_system(
            f"{name}/{cfg.name} Jaccard", lambda cfg=cfg: reference_compare(anon, anon_pairs, cfg),
            lambda records: score(align_pairs(records, pairs, blinding.real), pairs))
    return {"docs": len(texts), "pairs": len(pairs), "systems": systems}


# --- the corpora ---------------------------------------------------------------------------

def source_derived_task(degrees: set[str]) -> Callable[[Context, str], dict]:
    def task(ctx: Context, name: str) -> dict:
        pairs = load_source_derived(ctx.data / name, degrees)
        result = batch_corpus(ctx, name, load_texts(ctx.data / name),
                              lambda c: score_source_derived(c, pairs))
        result["note"] = (f"{len(pairs)} labelled pairs; P/R/F1 of 'derived'; macro-F1 over derived / "
                          "not derived; orig-acc over true-positive pairs.")
        return result
    return task


def ecbplus_task(ctx: Context, name: str) -> dict:
    gold = load_gold_clusters(ctx.data / name)
    return batch_corpus(ctx, name, load_texts(ctx.data / name), lambda c: score_clusters(c, gold))


def pan13_task(ctx: Context, name: str) -> dict:
    texts = load_texts(ctx.data / name)
    docs = load_reuse_docs(ctx.data / name)
    result = batch_corpus(ctx, name, texts, lambda c: score_reuse(c, docs, texts))
    # the same measure with each labelled pair read alone (PAN's own text-alignment task):
    # neither a third essay nor which side dedup ranks the source changes what counts
    pairs = load_pairs(ctx.data / name)
    paired = compare_system(ctx, f"{name}-pairs", texts, pairs, lambda preds: score_reuse_pairs(preds, docs, texts))
    systems = result["systems"]
    result["systems"] = {DEDUP: systems.pop(DEDUP), PAN13_PAIRS: paired, **systems}
    result["note"] = (f"{len(docs)} suspicious docs. Reused = text minus `added` minus `boilerplate` when "
                      "clustered with a labelled source, else nothing; references count the whole text. "
                      f"`{PAN13_PAIRS}`: `dedup compare --pairs` on the {len(pairs)} labelled pairs, reused = "
                      "the suspicious text minus what it added against that source and minus its "
                      "boilerplate, when the pair is linked (any relation); the union over its sources.")
    return result


def msrp_task(ctx: Context, name: str) -> dict:
    result = pair_corpus(ctx, name, score_paraphrase)
    result["note"] = ("Paraphrase = relation in {duplicate, near-duplicate, rewrite, partial}; references: "
                      "Jaccard of their shingles ≥ their LSH threshold. The hindsight column picks the "
                      "best similarity threshold on these very labels (an upper bound, not a result).")
    return result


def semeval_task(ctx: Context, name: str) -> dict:
    result = pair_corpus(ctx, name, score_graded)
    result["note"] = "Pearson r of similarity with the rating (1 = same story), so good systems have r < 0."
    return result


def seeds_task(ctx: Context, name: str) -> dict:
    texts = load_seed_texts(ROOT / SEEDS_DIR)
    ids = list(texts)

    def rename(doc: str) -> str:  # tolerate ids given as file names or paths
        return doc if doc in texts else Path(doc).stem

    def scorer(records) -> dict:
        clustering = Clustering.from_records(records, ids, rename=rename)
        return {**score_seeds(clustering, ids, SEEDS_ORIGINAL), "warnings": clustering.warnings}

    folder = ctx.tmp / name
    folder.mkdir()
    systems = {DEDUP: run_system(f"{name}/dedup batch {SEEDS_DIR}",
                                 lambda: ctx.dedup.batch(SEEDS_DIR, folder / "out.jsonl"), scorer)}
    for cfg in REFERENCES:
        systems[cfg.name] = run_system(f"{name}/{cfg.name}", lambda cfg=cfg: reference_batch(texts, cfg), scorer)
    return {"docs": len(texts), "systems": systems}


def seeds_reuters_task(ctx: Context, name: str) -> dict:
    """The seeds mixed into Reuters: still one cluster, with no Reuters story joining it."""
    seeds = load_seed_texts(ROOT / SEEDS_DIR)
    reuters = load_texts(ctx.data / SEEDS_BACKGROUND)
    empty = [doc for doc, text in reuters.items() if not text.strip()]
    texts = {doc: text for doc, text in reuters.items() if text.strip()}
    clash = seeds.keys() & texts.keys()
    if clash:
        raise ValueError(f"seed ids also in {SEEDS_BACKGROUND}: {sorted(clash)}")
    texts.update(seeds)
    result = batch_corpus(ctx, name, texts, lambda c: score_seeds_in_background(c, list(seeds), SEEDS_ORIGINAL))
    result["dropped_empty"] = empty
    shown = ", ".join(empty[:3]) + (", …" if len(empty) > 3 else "")
    result["note"] = (f"{len(seeds)} seeds + {len(texts) - len(seeds)} Reuters stories; empty texts dropped "
                      f"from dedup's input: {len(empty)}{f' ({shown})' if empty else ''}. Reuters docs "
                      "joined = Reuters stories in any cluster holding a seed; one cluster, original and "
                      "picked refer to the cluster holding most seeds.")
    return result


TASKS: dict[str, Callable[[Context, str], dict]] = {
    "counter_urdu": source_derived_task({"WD", "PD"}),
    "clough_stevenson": source_derived_task({"cut", "light", "heavy"}),
    "ecbplus": ecbplus_task,
    "pan13_text_alignment": pan13_task,
    "msrp": msrp_task,
    "semeval2022_task8": semeval_task,
    "seeds": seeds_task,
    "seeds_reuters": seeds_reuters_task,
}


# --- command line ----------------------------------------------------------------------------

def select_tasks(only: str | None) -> list[str]:
    """Names from --only: exact corpus names or unambiguous prefixes (``counter``, ``pan13``)."""
    if not only:
        return list(TASKS)
    chosen = []
    for raw in only.split(","):
        word = raw.strip()
        if not word:
            continue
        matches = [n for n in TASKS if n == word] or [n for n in TASKS if n.startswith(word)]
        if len(matches) != 1:
            raise SystemExit(f"--only: {word!r} matches {matches or 'nothing'}; choose from {', '.join(TASKS)}")
        if matches[0] not in chosen:
            chosen.append(matches[0])
    return [n for n in TASKS if n in chosen]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                    help="folder with the labelled corpora (default: ../shared/data)")
    ap.add_argument("--only", help=f"comma-separated subset of: {', '.join(TASKS)}")
    ap.add_argument("--json", type=Path, help="also write every number to this file")
    ap.add_argument("--dedup-cmd", default=str(Path(sys.executable).parent / "dedup"),
                    help="the dedup executable (split like a shell command; default: next to this python)")
    ap.add_argument("--keep-ids", action="store_true",
                    help="give dedup the real ids in file order (default: opaque ids, shuffled order)")
    ap.add_argument("--seed", type=int, default=0, help="shuffle seed for the blinded order")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per dedup call")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the stripped inputs and outputs")
    ap.add_argument("--no-candidates", action="store_true",
                    help="skip the candidate-stage recall table (eval/candidate_recall.py) printed first")
    return ap.parse_args(argv)


def _finite(obj):
    """JSON-safe copy: NaN/inf become null."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def run_candidates(data: Path) -> tuple[dict, list[str]]:
    """candidate_recall.py's rows (for --json) and Markdown table, computed in this process.

    Never raises: a failure becomes ``{"error": ...}`` and a "could not run" line.
    """
    log("== candidate stage")
    start = time.perf_counter()
    try:
        import candidate_recall  # here, not at the top: it imports the repo's dedup package itself
        rows = candidate_recall.measure_all(data)
    except Exception as exc:  # noqa: BLE001 - report and go on with the corpora
        error = _failure(exc)
        return ({"error": error, "seconds": time.perf_counter() - start},
                ["### Candidate stage recall", "", f"could not run: {error}", ""])
    seconds = time.perf_counter() - start
    log(f"[candidate stage] done in {seconds:.1f}s")
    return {"rows": rows, "seconds": seconds}, candidate_recall.table(rows) + [""]


def run(args: argparse.Namespace, tmp: Path) -> dict[str, dict]:
    ctx = Context(args.data.resolve(), tmp, DedupCLI(args.dedup_cmd, args.timeout, cwd=ROOT),
                  blind=not args.keep_ids, seed=args.seed)
    results: dict[str, dict] = {}
    for name in select_tasks(args.only):
        log(f"== {name}")
        try:
            results[name] = TASKS[name](ctx, name)
        except Exception as exc:  # noqa: BLE001 - e.g. a missing data folder
            results[name] = {"error": _failure(exc), "systems": {}}
    return results


def _failure(exc: Exception) -> str:
    """What went wrong, logged: one line for a file that cannot be read (a corpus missing
    from --data), the traceback for anything else (a bug)."""
    if isinstance(exc, OSError) and exc.filename is not None:
        error = f"cannot read {exc.filename}: {exc.strerror}"
        log(f"could not run: {error}")
        return error
    log(traceback.format_exc())
    return f"{type(exc).__name__}: {exc}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    select_tasks(args.only)  # fail early on a bad --only
    if not args.data.is_dir():
        print(f"run_eval.py: error: no data folder at {args.data} (give --data; make eval DATA=/path/to/data)",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    candidates, candidate_table = (None, []) if args.no_candidates else run_candidates(args.data.resolve())
    if args.keep_tmp:
        tmp = Path(tempfile.mkdtemp(prefix="dedup-eval-"))
        log(f"keeping inputs and outputs in {tmp}")
        results = run(args, tmp)
    else:
        with tempfile.TemporaryDirectory(prefix="dedup-eval-") as name:
            results = run(args, Path(name))
    total = time.perf_counter() - started
    header = ["## dedup evaluation", "",
              f"Data `{args.data}`; ids given to dedup: {'real' if args.keep_ids else 'blinded, shuffled'}; "
              f"total wall time {total:.0f}s.", ""]
    print(render(results, header + candidate_table))
    if args.json:
        meta = {"data": str(args.data), "dedup_cmd": args.dedup_cmd, "blinded": not args.keep_ids,
                "seed": args.seed, "seconds": total}
        report = {"meta": meta, "corpora": results}
        if candidates is not None:
            report["candidates"] = candidates
        args.json.write_text(json.dumps(_finite(report), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    broke = (candidates is not None and "error" in candidates) or any(
        "error" in r or any(s["status"] == "error" for s in r["systems"].values()) for r in results.values())
    return 1 if broke else 0


if __name__ == "__main__":
    sys.exit(main())
