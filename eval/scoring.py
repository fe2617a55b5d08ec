"""Turning predictions + gold labels into numbers. No file or process I/O here."""
from __future__ import annotations

import math
from collections.abc import Sequence

from corpora import LabelledPair, ReuseDoc, SourcePair
from metrics import (adjusted_rand, best_threshold_accuracy, binary_scores, char_scores,
                     complement_intervals, merge_intervals, pairwise_cluster_scores, pearson, total_length)
from prediction import Clustering, PairPrediction

NOT_DERIVED_RELATION = "related"
PARAPHRASE_RELATIONS = frozenset({"duplicate", "near-duplicate", "rewrite", "partial"})


# --- source -> derived pairs (counter_urdu, clough_stevenson) ---------------------------------

def linking_relation(clustering: Clustering, source: str, derived: str) -> str | None:
    """The relation dedup reports between two documents of the same cluster.

    Rule (documents are in the same cluster; checked by the caller):
    1. if the derived doc's parent is the source: the derived doc's relation;
    2. elif the source's parent is the derived doc: the source's relation (dedup reversed them);
    3. else (neither is the other's parent, e.g. siblings under a third document): the relation
       of whichever of the two is not the cluster's original, i.e. the derived doc's relation
       unless the derived doc is the original, then the source's.
    """
    members = clustering.cluster_of(source).members
    d, s = members[derived], members[source]
    if d.parent == source:
        return d.relation
    if s.parent == derived:
        return s.relation
    if clustering.cluster_of(source).original == derived:
        return s.relation
    return d.relation


def predicts_derived(clustering: Clustering, source: str, derived: str) -> bool:
    """Derived = same cluster and the linking relation is not ``related`` (None counts as linked)."""
    if not clustering.same_cluster(source, derived):
        return False
    return linking_relation(clustering, source, derived) != NOT_DERIVED_RELATION


def score_source_derived(clustering: Clustering, pairs: Sequence[SourcePair]) -> dict:
    gold = [p.is_derived for p in pairs]
    pred = [predicts_derived(clustering, p.source, p.derived) for p in pairs]
    scores = binary_scores(gold, pred)
    # original accuracy: among true-positive pairs, the cluster's original is the source
    true_pos = [p for p, g, q in zip(pairs, gold, pred) if g and q]
    right = sum(clustering.cluster_of(p.source).original == p.source for p in true_pos)
    scores["original_accuracy"] = right / len(true_pos) if true_pos else math.nan
    scores["original_right"] = right
    scores["original_count"] = f"{right}/{len(true_pos)}"
    scores["pairs"] = len(pairs)
    scores["recall_by_degree"] = _recall_by_degree(pairs, pred)
    return scores


def _recall_by_degree(pairs: Sequence[SourcePair], pred: Sequence[bool]) -> dict[str, float]:
    """Fraction predicted derived per gold degree (for ND/non this is the false-positive rate)."""
    out: dict[str, list[bool]] = {}
    for p, q in zip(pairs, pred):
        out.setdefault(p.degree, []).append(q)
    return {k: sum(v) / len(v) for k, v in sorted(out.items())}


# --- story clustering (ecbplus) ---------------------------------------------------------------

def score_clusters(clustering: Clustering, gold_clusters: Sequence[Sequence[str]]) -> dict:
    docs = [d for cluster in gold_clusters for d in cluster]
    gold = [i for i, cluster in enumerate(gold_clusters) for _ in cluster]
    pred = clustering.labels(docs)
    pairwise = pairwise_cluster_scores(gold, pred)
    return {
        "ari": adjusted_rand(gold, pred),
        "pair_precision": pairwise["precision"],
        "pair_recall": pairwise["recall"],
        "pair_f1": pairwise["f1"],
        "predicted_clusters": len(set(pred)),
        "gold_clusters": len(gold_clusters),
    }


# --- passage reuse (pan13) --------------------------------------------------------------------

def predicted_reuse(clustering: Clustering, doc: ReuseDoc, length: int,
                    boilerplate_reused: bool = False) -> list[tuple[int, int]]:
    """Characters predicted as taken from a source.

    Nothing when the suspicious doc is not clustered with any of its labelled sources; otherwise
    its whole text minus its ``added`` spans and (unless ``boilerplate_reused``) minus its
    ``boilerplate`` spans. Spans are clipped to the suspicious doc's own text.
    """
    cluster = clustering.cluster_of(doc.id)
    if not any(s in cluster.members for s in doc.sources):
        return []
    member = cluster.members[doc.id]
    not_reused = list(member.added) + ([] if boilerplate_reused else list(member.boilerplate))
    return complement_intervals(not_reused, length)


def score_reuse(clustering: Clustering, docs: Sequence[ReuseDoc], texts: dict[str, str]) -> dict:
    def per_doc(bp_reused: bool):
        return [(predicted_reuse(clustering, d, len(texts[d.id]), bp_reused), d.reused) for d in docs]

    main = char_scores(per_doc(False))
    alt = char_scores(per_doc(True))
    clustered = [d for d in docs if any(s in clustering.cluster_of(d.id).members for s in d.sources)]
    return {
        "char_precision": main["precision"],
        "char_recall": main["recall"],
        "char_f1": main["f1"],
        "char_f1_boilerplate_as_reused": alt["f1"],
        "boilerplate_chars": sum(total_length(clustering.cluster_of(d.id).members[d.id].boilerplate)
                                 for d in docs),
        "docs": len(docs),
        "docs_clustered_with_a_source": len(clustered),
        "docs_with_source": f"{len(clustered)}/{len(docs)}",
        "suspicious_picked_as_original": sum(clustering.cluster_of(d.id).original == d.id
                                             for d in clustered),
        "skipped_alignments": sum(d.skipped_alignments for d in docs),
        **{k: main[k] for k in ("tp_chars", "fp_chars", "fn_chars")},
    }


def predicted_pair_reuse(preds: Sequence[PairPrediction], doc: ReuseDoc, length: int) -> list[tuple[int, int]]:
    """Characters predicted as taken from a source when each labelled pair is read alone
    (``dedup compare``): for every pair of ``doc`` with one of its labelled sources that dedup
    links (a relation, ``related`` included, as a story member counts in :func:`predicted_reuse`),
    the suspicious text minus what it added against that source and minus its boilerplate;
    the union over its sources.  Unlinked pairs predict nothing."""
    out: list[tuple[int, int]] = []
    for q in preds:
        if q.relation is None or doc.id not in (q.a, q.b) or not ({q.a, q.b} - {doc.id}) & doc.sources:
            continue
        not_reused = list(q.added.get(doc.id, ())) + list(q.boilerplate.get(doc.id, ()))
        out += complement_intervals(not_reused, length)
    return merge_intervals(out)


def score_reuse_pairs(preds: Sequence[PairPrediction], docs: Sequence[ReuseDoc],
                      texts: dict[str, str]) -> dict:
    """PAN13 as a text-alignment task: each suspicious text against its labelled sources, pair
    by pair (``dedup compare --pairs``), so neither a third text nor which side is ranked the
    source changes what counts as reused."""
    by_doc: dict[str, list[PairPrediction]] = {}
    for q in preds:
        for side in (q.a, q.b):
            by_doc.setdefault(side, []).append(q)
    main = char_scores((predicted_pair_reuse(by_doc.get(d.id, []), d, len(texts[d.id])), d.reused)
                       for d in docs)
    linked = [d for d in docs if any(q.relation is not None and ({q.a, q.b} - {d.id}) & d.sources
                                     for q in by_doc.get(d.id, []))]
    return {
        "char_precision": main["precision"],
        "char_recall": main["recall"],
        "char_f1": main["f1"],
        "docs": len(docs),
        "docs_with_source": f"{len(linked)}/{len(docs)}",
        "pairs_linked": sum(q.relation is not None for q in preds),
        "pairs": len(preds),
        **{k: main[k] for k in ("tp_chars", "fp_chars", "fn_chars")},
    }


# --- sentence / article pairs (msrp, semeval2022_task8) ---------------------------------------

def score_paraphrase(preds: Sequence[PairPrediction], pairs: Sequence[LabelledPair]) -> dict:
    gold = [p.label == 1 for p in pairs]
    pred = [q.relation in PARAPHRASE_RELATIONS for q in preds]
    scores = binary_scores(gold, pred)
    best_acc, best_t = best_threshold_accuracy([q.similarity for q in preds], gold)
    return {"accuracy": scores["accuracy"], "f1": scores["f1"],
            "precision": scores["precision"], "recall": scores["recall"],
            "hindsight_accuracy": best_acc, "hindsight_threshold": best_t, "pairs": len(pairs)}


def score_graded(preds: Sequence[PairPrediction], pairs: Sequence[LabelledPair]) -> dict:
    """Pearson r of similarity with the human label (1 = same story .. 4 = unrelated).

    Pairs with a null similarity are left out (counted in ``missing_similarity``).
    """
    kept = [(q.similarity, p.label) for q, p in zip(preds, pairs) if q.similarity is not None]
    r = pearson([s for s, _ in kept], [label for _, label in kept])
    return {"r": r, "abs_r": abs(r), "pairs": len(pairs), "missing_similarity": len(pairs) - len(kept)}


# --- the repo's seeds -------------------------------------------------------------------------

def _seed_cluster(clustering: Clustering, seed_ids: Sequence[str]):
    """The cluster holding most seeds (the first seed's on a tie)."""
    return max((clustering.cluster_of(s) for s in seed_ids),
               key=lambda c: sum(s in c.members for s in seed_ids))


def score_seeds(clustering: Clustering, seed_ids: Sequence[str], expected_original: str) -> dict:
    """All seeds in one cluster; the original of the cluster holding most seeds is the expected one."""
    main = _seed_cluster(clustering, seed_ids)
    return {
        "one_cluster": all(s in main.members for s in seed_ids),
        "original_ok": len(main.members) > 1 and main.original == expected_original,
        "original": main.original if len(main.members) > 1 else None,
    }


def score_seeds_in_background(clustering: Clustering, seed_ids: Sequence[str], expected_original: str) -> dict:
    """``score_seeds`` with the seeds mixed into an unrelated corpus, plus ``background_joined``:
    the background documents in any cluster holding a seed (must be 0). ``accepted`` = one
    cluster, nothing joined, expected original."""
    scores = score_seeds(clustering, seed_ids, expected_original)
    seeds = set(seed_ids)
    seed_clusters = {id(c): c for c in (clustering.cluster_of(s) for s in seed_ids)}.values()
    joined = sum(doc not in seeds for c in seed_clusters for doc in c.members)
    scores["background_joined"] = joined
    scores["seed_cluster_size"] = len(_seed_cluster(clustering, seed_ids).members)
    scores["accepted"] = scores["one_cluster"] and joined == 0 and scores["original_ok"]
    return scores
