"""Reference rows: plain MinHash-LSH near-duplicate clustering with datasketch (no dedup code).

What common dedup tools do: shingle, MinHash, LSH, connected components; every pair in a
component counts as derived, the smallest id is kept as "the original", nothing is aligned
(the whole text of a derivative counts as reused). Output uses dedup's record schema.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

TOKEN = re.compile(r"\w+")  # str patterns are Unicode-aware in Python 3


@dataclass(frozen=True)
class RefConfig:
    name: str
    ngram: int
    num_perm: int
    threshold: float


REFERENCES = (
    RefConfig("ref-a 5gram/0.8", ngram=5, num_perm=128, threshold=0.8),
    RefConfig("ref-b 2gram/0.45", ngram=2, num_perm=256, threshold=0.45),
)


def shingles(text: str, n: int) -> set[str]:
    """Word n-grams over lowercased ``\\w+`` tokens; a text shorter than n words is one shingle."""
    tokens = TOKEN.findall(text.lower())
    if len(tokens) < n:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def jaccard(a: set, b: set) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class _UnionFind:
    def __init__(self, items):
        self.parent = {x: x for x in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def lsh_components(texts: dict[str, str], cfg: RefConfig) -> list[list[str]]:
    """Connected components of the LSH candidate graph (every doc queried against all)."""
    ids = list(texts)
    sets = [[s.encode("utf-8") for s in shingles(texts[i], cfg.ngram)] for i in ids]
    hashes = MinHash.bulk(sets, num_perm=cfg.num_perm)
    lsh = MinHashLSH(threshold=cfg.threshold, num_perm=cfg.num_perm)
    with lsh.insertion_session() as session:
        for doc, mh in zip(ids, hashes):
            session.insert(doc, mh)
    uf = _UnionFind(ids)
    for doc, mh in zip(ids, hashes):
        for other in lsh.query(mh):
            uf.union(doc, other)
    groups: dict[str, list[str]] = {}
    for doc in ids:
        groups.setdefault(uf.find(doc), []).append(doc)
    return list(groups.values())


def component_record(index: int, docs: list[str]) -> dict:
    original = min(docs)
    members = [{"id": d,
                "role": "original" if d == original else "derivative",
                "parent": None if d == original else original,
                "relation": None if d == original else "near-duplicate",
                "similarity": None, "added": [], "boilerplate": []}
               for d in sorted(docs)]
    return {"cluster": f"ref-{index}", "original": original, "confidence": 1.0,
            "reasons": ["smallest id"], "members": members}


def reference_batch(texts: dict[str, str], cfg: RefConfig) -> list[dict]:
    """Records in ``dedup batch --all`` schema."""
    return [component_record(i, docs) for i, docs in enumerate(lsh_components(texts, cfg))]


def reference_compare(texts: dict[str, str], pairs: list[tuple[str, str]], cfg: RefConfig) -> list[dict]:
    """Records in ``dedup compare`` schema: exact Jaccard of the shingle sets, thresholded."""
    cache: dict[str, set[str]] = {}

    def sh(doc: str) -> set[str]:
        if doc not in cache:
            cache[doc] = shingles(texts[doc], cfg.ngram)
        return cache[doc]

    out = []
    for a, b in pairs:
        sim = jaccard(sh(a), sh(b))
        out.append({"a": a, "b": b, "similarity": sim,
                    "relation": "near-duplicate" if sim >= cfg.threshold else None, "source": None})
    return out
