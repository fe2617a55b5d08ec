#!/usr/bin/env python3
"""Recall of dedup's candidate stage (MinHash LSH over key terms) on labelled pairs.

For each corpus: the share of gold related pairs that LSH proposes as candidates, and the
share that are then linked (TF-IDF cosine >= link_threshold), next to the same share for
the usual near-duplicate setting (word 5-gram MinHash LSH at 0.8, 128 permutations), all
computed in this run.  Part of ``make eval`` (``run_eval.py`` prints this table first unless
``--no-candidates``); reads ../shared/data, never copies it.

    .venv/bin/python eval/candidate_recall.py --data ../shared/data
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

from datasketch import MinHash, MinHashLSH

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dedup import Document, Options  # noqa: E402
from dedup import candidates as cand  # noqa: E402
from dedup import features  # noqa: E402
from dedup.api import Corpus  # noqa: E402
from dedup.normalize import WORD_RE  # noqa: E402

CORPORA = ("counter_urdu", "clough_stevenson", "ecbplus")  # the ones with gold pairs
TITLE = "### Candidate stage recall (share of gold related pairs)"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def gold_pairs(name: str, folder: Path) -> list[tuple[str, str]]:
    if name in ("counter_urdu", "clough_stevenson"):
        derived = {"WD", "PD", "cut", "light", "heavy"}
        return [(r["source"], r["derived"]) for r in load(folder / "source_derived.jsonl")
                if r["degree"] in derived]
    if name == "ecbplus":
        return [p for c in load(folder / "clusters.jsonl") for p in itertools.combinations(c["ids"], 2)]
    raise ValueError(name)


def shingle_candidates(texts: list[str], n: int = 5, threshold: float = 0.8) -> set[tuple[int, int]]:
    sets = []
    for t in texts:
        w = [x.lower() for x in WORD_RE.findall(t)]
        sets.append([" ".join(w[i:i + n]).encode() for i in range(max(1, len(w) - n + 1))])
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    mhs = MinHash.bulk(sets, num_perm=128)
    with lsh.insertion_session() as s:
        for k, m in enumerate(mhs):
            s.insert(k, m)
    out = set()
    for k, m in enumerate(mhs):
        out.update((min(k, j), max(k, j)) for j in lsh.query(m) if j != k)
    return out


def key_term_lists(corpus: Corpus, o: Options) -> list[list[str]]:
    """Each document's key terms, with the document frequencies batch counts (a repeated
    sentence once: ``model.doc_df_``)."""
    df = dict(zip(corpus.model.terms_, corpus.model.doc_df_.tolist()))
    idf = features.idf_weights(df, len(corpus.terms), o.idf_prior_docs)
    return [features.key_terms(t, idf, o, len(corpus.terms)) for t in corpus.terms]


def measure(name: str, docs: list[Document], pairs: list[tuple[str, str]]) -> dict:
    o = Options()
    corpus = Corpus(docs, o)
    sigs = features.sketches(key_term_lists(corpus, o), o)
    proposed = set(map(tuple, cand.candidate_pairs(sigs, o).tolist()))
    linked = {(i, j) for i, j, _ in corpus.links()}
    ref = shingle_candidates([d.text for d in docs])
    pos = {d.id: k for k, d in enumerate(docs)}
    idx = [tuple(sorted((pos[a], pos[b]))) for a, b in pairs if a in pos and b in pos]
    share = lambda s: sum(p in s for p in idx) / len(idx)  # noqa: E731
    return {"corpus": name, "pairs": len(idx), "candidates": share(proposed), "linked": share(linked),
            "ref_5gram_0.8": share(ref), "candidate_pairs": len(proposed), "docs": len(docs)}


def measure_all(data: Path) -> list[dict]:
    """One row per labelled corpus in ``data``, then the repo's seeds (all 10 pairs related)."""
    rows = []
    for name in CORPORA:
        folder = data / name
        docs = [Document(r["id"], r["text"]) for r in load(folder / "docs.jsonl") if r["text"].strip()]
        rows.append(measure(name, docs, gold_pairs(name, folder)))
    seeds = [Document(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rows.append(measure("seeds", seeds, list(itertools.combinations([d.id for d in seeds], 2))))
    return rows


def table(rows: list[dict]) -> list[str]:
    """The Markdown table (title first, no trailing blank line)."""
    lines = [TITLE, "",
             "| corpus | docs | gold pairs | dedup LSH candidates | dedup linked | ref 5-gram LSH 0.8 "
             "| dedup candidate pairs |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['corpus']} | {r['docs']} | {r['pairs']} | {r['candidates']:.3f} | {r['linked']:.3f} "
                     f"| {r['ref_5gram_0.8']:.3f} | {r['candidate_pairs']} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    print("\n".join(table(measure_all(args.data))))


if __name__ == "__main__":
    main()
