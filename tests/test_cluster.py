"""Unit tests of stage 5 (dedup.cluster): union-find and connected components."""
from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

import numpy as np

from dedup.cluster import UnionFind, capped_components, connected_components, mutual_neighbors, split_loose


def test_components_content_and_order():
    assert connected_components(5, [(0, 3), (3, 4)]) == [[0, 3, 4], [1], [2]]
    assert connected_components(6, [(5, 4), (2, 1)]) == [[0], [1, 2], [3], [4, 5]]


def test_components_ordered_by_first_index_not_by_size_or_link_order():
    comps = connected_components(7, [(6, 5), (5, 1), (4, 2), (2, 3), (3, 0)])
    assert comps == [[0, 2, 3, 4], [1, 5, 6]]


def test_no_links_gives_singletons_and_empty_input():
    assert connected_components(3, []) == [[0], [1], [2]]
    assert connected_components(0, []) == []


def test_repeated_and_self_links():
    assert connected_components(3, [(1, 1), (0, 2), (2, 0), (0, 2)]) == [[0, 2], [1]]


def test_links_as_iterator():
    assert connected_components(4, iter([(0, 1), (2, 3)])) == [[0, 1], [2, 3]]


def test_union_find_sizes_and_roots():
    uf = UnionFind(5)
    uf.union(0, 1)
    uf.union(2, 3)
    uf.union(1, 3)
    root = uf.find(0)
    assert all(uf.find(k) == root for k in range(4))
    assert uf.find(4) == 4
    assert uf.size[root] == 4


def _reference(n, links):
    adj = {k: set() for k in range(n)}
    for a, b in links:
        adj[a].add(b)
        adj[b].add(a)
    seen, out = set(), []
    for k in range(n):
        if k in seen:
            continue
        comp, stack = set(), [k]
        while stack:
            x = stack.pop()
            if x not in comp:
                comp.add(x)
                stack.extend(adj[x] - comp)
        seen |= comp
        out.append(sorted(comp))
    return out


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 40).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                                             max_size=60))))
def test_property_matches_graph_search(case):
    n, links = case
    assert connected_components(n, links) == _reference(n, links)


def test_large_chain_is_one_component():
    order = list(range(2000))
    random.Random(3).shuffle(order)
    links = list(zip(order, order[1:]))
    assert connected_components(2000, links) == [list(range(2000))]


# --- mutual nearest neighbours ------------------------------------------------------------

def test_mutual_neighbors_keeps_links_in_both_top_k():
    links = [(0, 1, .9), (0, 2, .8), (0, 3, .7), (1, 2, .6)]
    assert mutual_neighbors(links, 2) == [(0, 1, .9), (0, 2, .8), (1, 2, .6)]
    assert mutual_neighbors(links, 1) == [(0, 1, .9)]
    assert mutual_neighbors(links, 3) == links


def test_mutual_neighbors_hub_keeps_only_its_closest():
    # a hub linked to five documents that have no other link: each of them has the hub
    # as its only neighbour, but the hub keeps only its k best
    links = [(0, k, 0.3 + 0.1 * k) for k in range(1, 6)]
    assert mutual_neighbors(links, 2) == [(0, 4, 0.7), (0, 5, 0.8)]


def test_mutual_neighbors_zero_keeps_all_and_ties_go_to_lower_index():
    links = [(0, 1, .5), (0, 2, .5), (0, 3, .5)]
    assert mutual_neighbors(links, 0) == links
    assert mutual_neighbors(links, -1) == links
    assert mutual_neighbors(links, 1) == [(0, 1, .5)]
    assert mutual_neighbors([], 3) == []


# --- capped components ----------------------------------------------------------------------

def test_capped_components_cut_weak_chains():
    assert capped_components(4, [(0, 1, .9), (1, 2, .35), (2, 3, .9)], .3, max_size=3) == [[0, 1], [2, 3]]
    links = [(0, 1, .9), (1, 2, .4), (2, 3, .9), (3, 4, .4), (4, 5, .95)]
    assert capped_components(6, links, .3, max_size=2) == [[0, 1], [2, 3], [4, 5]]
    # small enough groups are left alone
    assert capped_components(6, links, .3, max_size=6) == [[0, 1, 2, 3, 4, 5]]


def test_capped_components_keep_a_story_of_duplicates_whole():
    links = [(i, j, 1.0) for i in range(5) for j in range(i + 1, 5)]
    assert capped_components(6, links, .3, max_size=2) == [[0, 1, 2, 3, 4], [5]]


def test_capped_components_threshold_steps_are_exact():
    links = [(0, 1, .7), (1, 2, .65), (2, 3, .7)]
    # at 0.65 the chain is still one group of 4 > 2; at 0.70 the 0.65 link goes, the 0.7 links stay
    assert capped_components(4, links, .3, max_size=2) == [[0, 1], [2, 3]]


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 25).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.floats(0.3, 1.0)), max_size=50),
    st.integers(2, 10))))
def test_property_capped_components_refine_components(case):
    n, raw, cap = case
    links = [(min(i, j), max(i, j), w) for i, j, w in raw if i != j]
    groups = capped_components(n, links, 0.3, cap)
    # a partition of 0..n-1 into sorted groups, ordered by first member
    assert sorted(x for g in groups for x in g) == list(range(n))
    assert all(g == sorted(g) for g in groups)
    assert [g[0] for g in groups] == sorted(g[0] for g in groups)
    # each group lies inside one connected component of the full link graph
    comp_of = {x: k for k, comp in enumerate(connected_components(n, [(i, j) for i, j, _ in links]))
               for x in comp}
    assert all(len({comp_of[x] for x in g}) == 1 for g in groups)
    # with no cap they are exactly the connected components
    assert capped_components(n, links, 0.3, n + 1) == connected_components(n, [(i, j) for i, j, _ in links])


# --- the array version the pipeline uses ----------------------------------------------------

def test_capped_components_arrays_equal_the_reference():
    import random

    import numpy as np

    from dedup.cluster import capped_components_arrays

    split_somewhere = False
    for seed in range(200):
        rng = random.Random(seed)
        n = rng.randint(0, 60)
        links = []
        for _ in range(rng.randint(0, 150) if n > 1 else 0):
            a, b = sorted(rng.sample(range(n), 2))
            links.append((a, b, round(rng.uniform(0.25, 1.0), 3)))
        max_size = rng.randint(2, 12)
        expected = capped_components(n, links, 0.25, max_size)
        arr = np.array(links, dtype=float).reshape(-1, 3)
        got = capped_components_arrays(n, arr[:, 0].astype(int), arr[:, 1].astype(int), arr[:, 2],
                                       0.25, max_size)
        assert got == expected, seed
        plain = capped_components(n, links, 0.25, 10 ** 6)
        split_somewhere |= plain != expected
    assert split_somewhere  # the raised-threshold path ran


def test_split_loose_reattaches_a_document_left_alone_next_to_its_closest():
    # a, b, c: one story told three times; p: a partial copy of a only (close to a, far
    # from b and c), which average linkage cuts off on its own
    sim = np.array([[1.0, 0.7, 0.7, 0.45],
                    [0.7, 1.0, 0.7, 0.05],
                    [0.7, 0.7, 1.0, 0.05],
                    [0.45, 0.05, 0.05, 1.0]])
    groups = [[0, 1, 2, 3]]

    def similarity(g):
        return sim[np.ix_(g, g)]

    assert split_loose(groups, similarity, 0.28) == [[0, 1, 2], [3]]
    assert split_loose(groups, similarity, 0.28, reattach=0.4) == [[0, 1, 2, 3]]
    assert split_loose(groups, similarity, 0.28, reattach=0.5) == [[0, 1, 2], [3]]  # not close enough


def test_split_loose_with_labels_from_elsewhere_is_the_same():
    """The batch labels the groups in worker processes (``labels_of``): the stories must be
    those of labelling them in place, pinned pairs and small groups included."""
    from dedup import parallel
    from dedup.cluster import loose_labels

    rng = np.random.default_rng(3)
    n = 60
    sim = rng.uniform(0, 0.6, (n, n))
    sim = (sim + sim.T) / 2
    np.fill_diagonal(sim, 1.0)
    groups = [list(range(a, min(a + size, n))) for a, size in zip(range(0, n, 12), [12, 2, 12, 1, 12])]
    together = np.array([[0, 11], [24, 30], [48, 59]])

    def similarity(g):
        return sim[np.ix_(g, g)]

    asked = []

    def labels_of(todo):
        asked.extend(todo)
        chunks = [todo[s:s + 2] for s in range(0, len(todo), 2)]
        for part in parallel.imap(_labels_task, chunks, 2, (sim, 0.35, 0.4)):
            yield from part

    plain = split_loose(groups, similarity, 0.35, 0.4, together=together)
    assert split_loose(groups, similarity, 0.35, 0.4, together=together, labels_of=labels_of) == plain
    story = {d: k for k, g in enumerate(plain) for d in g}
    assert all(story[a] == story[b] for a, b in together)  # the pinned pairs stayed together
    loose = split_loose(groups, similarity, 0.35, 0.4)
    apart = {d: k for k, g in enumerate(loose) for d in g}
    assert any(apart[a] != apart[b] for a, b in together)  # which they would not have by similarity
    assert asked == [g for g in groups if len(g) >= 3]  # only the groups that can split, in order
    assert len(plain) > len(groups)  # something was split
    assert loose_labels(similarity(groups[0]), 0.35, 0.4).shape == (12,)


def _labels_task(chunk):
    from dedup import parallel
    from dedup.cluster import loose_labels

    sim, cohesion, reattach = parallel.state()
    return [loose_labels(sim[np.ix_(g, g)], cohesion, reattach) for g in chunk]
