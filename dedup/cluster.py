"""Stage 5: group linked documents into story clusters (connected components)."""
from __future__ import annotations

from typing import Iterable


class UnionFind:
    """Disjoint sets over ``0..n-1`` with path halving and union by size."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


def connected_components(n: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Components of the link graph as sorted index lists, ordered by their first index.

    >>> connected_components(5, [(0, 3), (3, 4)])
    [[0, 3, 4], [1], [2]]
    """
    uf = UnionFind(n)
    for a, b in links:
        uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
