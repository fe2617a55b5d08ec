"""Stage 5: group linked documents into story clusters (connected components)."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Sequence

import numpy as np


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


def mutual_neighbors(links: Sequence[tuple[int, int, float]], k: int) -> list[tuple[int, int, float]]:
    """Keep a link only when each end is among the other's ``k`` most similar links.

    Single-link chaining through topical hubs (a corpus of a year of market reports) then
    stops, while a story's members, each close to several others, stay connected.
    ``k <= 0`` keeps every link.

    >>> mutual_neighbors([(0, 1, .9), (0, 2, .8), (0, 3, .7), (1, 2, .6)], 2)
    [(0, 1, 0.9), (0, 2, 0.8), (1, 2, 0.6)]
    """
    if k <= 0:
        return list(links)
    nb: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, j, s in links:
        nb[i].append((-s, j))
        nb[j].append((-s, i))
    top = {i: {j for _, j in sorted(v)[:k]} for i, v in nb.items()}
    return [(i, j, s) for i, j, s in links if j in top[i] and i in top[j]]


def capped_components(n: int, links: Sequence[tuple[int, int, float]], threshold: float,
                      max_size: int, step: float = 0.05, ceiling: float = 1.0) -> list[list[int]]:
    """Connected components of ``links`` (all at or above ``threshold``); a component of
    more than ``max_size`` documents is split again with its threshold raised by ``step``,
    until every part fits or the threshold would pass ``ceiling`` (the part is then kept as
    it is).  Copies of one story are far more alike than a year of reports on one topic,
    so a story survives the raise and a topical chain does not.

    >>> capped_components(4, [(0, 1, .9), (1, 2, .35), (2, 3, .9)], .3, max_size=3)
    [[0, 1], [2, 3]]
    """
    groups = []
    work = [(list(range(n)), list(links), 0)]
    while work:
        nodes, sub, level = work.pop()
        local = {g: k for k, g in enumerate(nodes)}
        comps = connected_components(len(nodes), [(local[i], local[j]) for i, j, _ in sub])
        raised = round(threshold + (level + 1) * step, 9)  # no drift from repeated addition
        for comp in comps:
            members = [nodes[k] for k in comp]
            if len(members) <= max_size or raised > ceiling:
                groups.append(members)
                continue
            inside = set(members)
            kept = [(i, j, w) for i, j, w in sub if i in inside and j in inside and w >= raised]
            work.append((members, kept, level + 1))
    return sorted(groups, key=lambda g: g[0])


def capped_components_arrays(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray, threshold: float,
                             max_size: int, step: float = 0.05, ceiling: float = 1.0,
                             sizes: np.ndarray | None = None) -> list[list[int]]:
    """:func:`capped_components` over links given as arrays (``i[k]``, ``j[k]``, weight
    ``w[k]``), with scipy's connected components: the same groups, without a Python object
    per link (a large corpus has millions of links).  ``sizes``: what each node counts for
    in a group's size against ``max_size`` (1 each when not given).

    >>> i, j, w = np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([.95, .95, .4])
    >>> capped_components_arrays(4, i, j, w, .3, 2, ceiling=.9)  # copies of one text: 0, 1, 2
    [[0, 1, 2], [3]]
    >>> capped_components_arrays(4, i, j, w, .3, 2, ceiling=.9, sizes=np.array([1, 0, 0, 1]))
    [[0, 1, 2, 3]]
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components as cc

    groups: list[list[int]] = []
    work = [(np.arange(n, dtype=np.int64), np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64),
             np.asarray(w, dtype=np.float64), 0)]
    while work:
        nodes, li, lj, lw, level = work.pop()
        m = len(nodes)
        if m == 0:
            continue
        a, b = np.searchsorted(nodes, li), np.searchsorted(nodes, lj)  # local ids
        graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(m, m)).tocsr()
        _, labels = cc(graph, directed=False)
        order = np.argsort(labels, kind="stable")  # members of a label stay in node order
        cuts = np.flatnonzero(np.diff(labels[order])) + 1
        raised = round(threshold + (level + 1) * step, 9)  # no drift from repeated addition
        link_label = labels[a]
        for part in np.split(order, cuts):
            members = nodes[part]
            size = len(members) if sizes is None else float(sizes[members].sum())
            if size <= max_size or raised > ceiling:
                groups.append(members.tolist())
                continue
            keep = (link_label == labels[part[0]]) & (lw >= raised)
            work.append((members, li[keep], lj[keep], lw[keep], level + 1))
    return sorted(groups, key=lambda g: g[0])


def loose_labels(sim: np.ndarray, cohesion: float, reattach: float = 0.0) -> np.ndarray:
    """The part of :func:`split_loose` that looks at one group: its members' labels from
    average linkage on their similarity matrix ``sim`` (and the re-attachment of members
    left alone).  A pure function of ``sim``: groups can be labelled in any process."""
    from scipy.cluster.hierarchy import fcluster, linkage  # here: ~0.15 s to import, which
    from scipy.spatial.distance import squareform          # the filter never needs

    dist = 1.0 - sim
    dist = np.clip((dist + dist.T) / 2, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"),
                      1.0 - cohesion, criterion="distance")
    if reattach > 0:  # a document cut off alone goes back to its closest one, if close enough
        sizes = np.bincount(labels)
        near = np.where(np.eye(len(sim), dtype=bool), -np.inf, sim)
        for k in np.flatnonzero(sizes[labels] == 1):
            j = int(np.argmax(near[k]))
            if near[k, j] >= reattach:
                labels[k] = labels[j]
    return labels


def split_loose(groups: Sequence[list[int]], similarity: Callable[[list[int]], np.ndarray],
                cohesion: float, reattach: float = 0.0, together: np.ndarray | None = None,
                labels_of: Callable[[list[list[int]]], Iterable[np.ndarray]] | None = None
                ) -> list[list[int]]:
    """Split each linked group by average linkage (scipy) on its TF-IDF similarity: parts
    whose average similarity to each other is below ``cohesion`` become separate stories.
    Single links chain two events on one topic (two earthquakes, two trials) through a
    pair of similar reports; average linkage does not.  ``cohesion <= 0`` splits nothing.
    The pairs ``together`` (an ``(n, 2)`` array of documents, e.g. sharing a verbatim
    passage) are never split: the parts holding their two ends are joined again.
    ``labels_of(todo)``, when given, yields :func:`loose_labels` of each group of ``todo``
    (the groups of three or more, in order) however it likes (the batch computes them in
    its worker processes); by default they are computed here, one group after the other.

    >>> sim = lambda g: np.eye(len(g))  # nobody similar to anybody
    >>> split_loose([[0, 1, 2]], sim, 0.3, together=np.array([[0, 2]]))
    [[0, 2], [1]]
    """
    pinned: dict[int, list[tuple[int, int]]] = {}  # group -> its pairs kept together
    if together is not None and len(together) and len(groups):
        where = np.full(max(max(g) for g in groups) + 1, -1, dtype=np.int64)
        for k, g in enumerate(groups):
            where[g] = k
        t = np.asarray(together, dtype=np.int64).reshape(-1, 2)
        t = t[(t.max(axis=1) < len(where))]
        gi, gj = where[t[:, 0]], where[t[:, 1]]
        for k, a, b in zip(gi[gi == gj].tolist(), t[gi == gj, 0].tolist(), t[gi == gj, 1].tolist()):
            if k >= 0:
                pinned.setdefault(k, []).append((a, b))
    out: list[list[int]] = []
    todo = [list(g) for g in groups if len(g) >= 3] if cohesion > 0 else []
    if labels_of is None:
        found = (loose_labels(similarity(g), cohesion, reattach) for g in todo)
    else:
        found = iter(labels_of(todo))
    for gk, g in enumerate(groups):
        if len(g) < 3 or cohesion <= 0:
            out.append(list(g))
            continue
        labels = next(found)
        if gk in pinned:  # join the parts that a pinned pair spans
            pos = {d: k for k, d in enumerate(g)}
            uf = UnionFind(int(labels.max()) + 1)
            for a, b in pinned[gk]:
                uf.union(int(labels[pos[a]]), int(labels[pos[b]]))
            labels = np.array([uf.find(int(x)) for x in labels])
        for lab in np.unique(labels):
            out.append([g[k] for k in np.flatnonzero(labels == lab)])
    return sorted(out, key=lambda g: g[0])
