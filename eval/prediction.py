"""What a system predicted, parsed from ``dedup batch`` / ``dedup compare`` output records.

The reference baselines emit records in the same schema, so every system is scored by the
same code.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from metrics import Interval

Rename = Callable[[str], str]


def _identity(x: str) -> str:
    return x


@dataclass(frozen=True)
class Member:
    id: str
    role: str | None
    parent: str | None
    relation: str | None
    similarity: float | None
    added: tuple[Interval, ...] = ()
    boilerplate: tuple[Interval, ...] = ()


@dataclass
class Cluster:
    id: str
    original: str | None
    members: dict[str, Member]
    confidence: float | None = None


def _spans(raw) -> tuple[Interval, ...]:
    return tuple((int(s["start"]), int(s["end"])) for s in raw or ())


def _opt(rename: Rename, value):
    return None if value is None else rename(str(value))


def parse_cluster(record: dict, rename: Rename = _identity) -> Cluster:
    members = {}
    for m in record.get("members", []):
        member = Member(
            id=rename(str(m["id"])),
            role=m.get("role"),
            parent=_opt(rename, m.get("parent")),
            relation=m.get("relation"),
            similarity=m.get("similarity"),
            added=_spans(m.get("added")),
            boilerplate=_spans(m.get("boilerplate")),
        )
        members[member.id] = member
    return Cluster(id=str(record.get("cluster")), original=_opt(rename, record.get("original")),
                   members=members, confidence=record.get("confidence"))


@dataclass
class Clustering:
    """Every known document in exactly one cluster.

    Documents missing from the output become singletons; a document listed in several clusters
    keeps the first one. Both are recorded in ``warnings``.
    """
    clusters: list[Cluster]
    doc_ids: list[str]
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        known = set(self.doc_ids)
        self._of: dict[str, Cluster] = {}
        unknown = duplicated = 0
        for cluster in self.clusters:
            for doc in list(cluster.members):
                if doc not in known:
                    unknown += 1
                elif doc in self._of:
                    duplicated += 1
                    del cluster.members[doc]
                else:
                    self._of[doc] = cluster
        missing = [d for d in self.doc_ids if d not in self._of]
        for doc in missing:
            single = Cluster(f"missing:{doc}", doc, {doc: Member(doc, "original", None, None, None)})
            self.clusters.append(single)
            self._of[doc] = single
        for count, what in ((unknown, "unknown ids in output"),
                            (duplicated, "documents listed in more than one cluster (first kept)"),
                            (len(missing), "documents missing from output (treated as singletons)")):
            if count:
                self.warnings.append(f"{count} {what}")

    @classmethod
    def from_records(cls, records: Iterable[dict], doc_ids: Iterable[str],
                     rename: Rename = _identity) -> "Clustering":
        return cls([parse_cluster(r, rename) for r in records], list(doc_ids))

    def cluster_of(self, doc: str) -> Cluster:
        return self._of[doc]

    def same_cluster(self, a: str, b: str) -> bool:
        return self._of[a] is self._of[b]

    def labels(self, docs: Iterable[str]) -> list[int]:
        """A cluster number per document (for ARI and pairwise scores)."""
        index = {id(c): i for i, c in enumerate(self.clusters)}
        return [index[id(self._of[d])] for d in docs]

    def non_singleton_count(self) -> int:
        return sum(len(c.members) > 1 for c in self.clusters)


@dataclass(frozen=True)
class PairPrediction:
    """One line of ``dedup compare`` output."""
    a: str
    b: str
    similarity: float | None
    relation: str | None
    source: str | None
    # each side's added and boilerplate spans, by its (renamed) id
    added: dict[str, tuple[Interval, ...]] = field(default_factory=dict)
    boilerplate: dict[str, tuple[Interval, ...]] = field(default_factory=dict)


def _side_spans(rename: Rename, raw) -> dict[str, tuple[Interval, ...]]:
    return {rename(str(k)): _spans(v) for k, v in (raw or {}).items()}


def parse_pair(record: dict, rename: Rename = _identity) -> PairPrediction:
    sim = record.get("similarity")
    return PairPrediction(a=rename(str(record["a"])), b=rename(str(record["b"])),
                          similarity=None if sim is None else float(sim),
                          relation=record.get("relation"), source=_opt(rename, record.get("source")),
                          added=_side_spans(rename, record.get("added")),
                          boilerplate=_side_spans(rename, record.get("boilerplate")))
