"""Reading the labelled corpora in ``../shared/data`` (read-only; never copied into the repo)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from metrics import Interval, merge_intervals


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, records) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def load_texts(folder: Path) -> dict[str, str]:
    """id -> text, in file order. Every other field is deliberately dropped."""
    return {d["id"]: d["text"] for d in read_jsonl(folder / "docs.jsonl")}


def load_seed_texts(folder: Path) -> dict[str, str]:
    """The repo's seeds folder: one ``.txt`` file per document, id = file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@dataclass(frozen=True)
class SourcePair:
    source: str
    derived: str
    is_derived: bool
    degree: str


def load_source_derived(folder: Path, derived_degrees: set[str]) -> list[SourcePair]:
    return [SourcePair(r["source"], r["derived"], r["degree"] in derived_degrees, r["degree"])
            for r in read_jsonl(folder / "source_derived.jsonl")]


def load_gold_clusters(folder: Path) -> list[list[str]]:
    return [r["ids"] for r in read_jsonl(folder / "clusters.jsonl")]


@dataclass(frozen=True)
class ReuseDoc:
    """A PAN suspicious document: its labelled sources and gold reused character ranges."""
    id: str
    sources: frozenset[str]
    reused: tuple[Interval, ...]
    skipped_alignments: int  # alignments whose offsets could not be repaired (null)


def load_reuse_docs(folder: Path) -> list[ReuseDoc]:
    sources: dict[str, set[str]] = {}
    for pair in read_jsonl(folder / "pairs.jsonl"):
        sources.setdefault(pair["a"], set()).add(pair["b"])
    ranges: dict[str, list[Interval]] = {s: [] for s in sources}
    skipped: dict[str, int] = {s: 0 for s in sources}
    for al in read_jsonl(folder / "alignments.jsonl"):
        doc = al["suspicious"]
        if doc not in sources:
            continue
        rep = al.get("repaired")
        if rep is None:
            skipped[doc] += 1
            continue
        ranges[doc].append((rep["this_offset"], rep["this_offset"] + rep["this_length"]))
    return [ReuseDoc(d, frozenset(sources[d]), tuple(merge_intervals(ranges[d])), skipped[d])
            for d in sources]


@dataclass(frozen=True)
class LabelledPair:
    a: str
    b: str
    label: float


def load_pairs(folder: Path) -> list[LabelledPair]:
    return [LabelledPair(r["a"], r["b"], float(r["label"])) for r in read_jsonl(folder / "pairs.jsonl")]
