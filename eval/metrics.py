"""Pure metric functions: no file or process I/O here.

Conventions
- A ratio whose denominator is zero (e.g. precision with no positive predictions) is 0.0,
  like scikit-learn's ``zero_division=0``.
- Character ranges are half-open ``(start, end)`` tuples.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

from sklearn.metrics import adjusted_rand_score

Interval = tuple[int, int]


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": ratio(2 * precision * recall, precision + recall),
    }


# --- binary classification -------------------------------------------------------------------

def binary_scores(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    """P/R/F1 of the positive class, F1 of the negative class, their mean (macro-F1), accuracy."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    tn = len(gold) - tp - fp - fn
    positive = prf(tp, fp, fn)
    negative = prf(tn, fn, fp)
    return {
        **positive,
        "f1_negative": negative["f1"],
        "macro_f1": (positive["f1"] + negative["f1"]) / 2,
        "accuracy": ratio(tp + tn, len(gold)),
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
    }


def best_threshold_accuracy(scores: Sequence[float | None],
                            gold: Sequence[bool]) -> tuple[float, float]:
    """Best accuracy of ``score >= t`` over all thresholds t, chosen in hindsight on gold.

    ``None`` scores never reach a threshold. Returns ``(accuracy, threshold)``; a threshold of
    ``inf`` means "predict everything negative".
    """
    if not gold:
        return 0.0, math.inf
    values = [(-math.inf if s is None else float(s), bool(g)) for s, g in zip(scores, gold)]
    values.sort(key=lambda v: v[0], reverse=True)
    n_pos = sum(g for _, g in values)
    best_correct, best_t = len(values) - n_pos, math.inf  # all predicted negative
    tp = fp = 0
    for i, (score, g) in enumerate(values):
        if score == -math.inf:  # None scores are never predicted positive
            break
        tp += g
        fp += not g
        # only cut between distinct scores: everything with this score is predicted positive
        if i + 1 < len(values) and values[i + 1][0] == score:
            continue
        correct = tp + (len(values) - n_pos - fp)
        if correct > best_correct:
            best_correct, best_t = correct, score
    return best_correct / len(values), best_t


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation; NaN when either side is constant or there are < 2 points."""
    n = len(x)
    if n != len(y):
        raise ValueError("x and y differ in length")
    if n < 2:
        return math.nan
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return math.nan
    return sxy / math.sqrt(sxx * syy)


# --- clustering -----------------------------------------------------------------------------

def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_cluster_scores(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, float]:
    """Pairwise P/R/F1: a pair of items is positive when both share a cluster.

    ``gold[i]`` and ``pred[i]`` are the cluster labels of item i.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(_pairs(n) for n in Counter(zip(gold, pred)).values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold).values())
    pred_pairs = sum(_pairs(n) for n in Counter(pred).values())
    return prf(tp, pred_pairs - tp, gold_pairs - tp)


def adjusted_rand(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    return float(adjusted_rand_score([str(g) for g in gold], [str(p) for p in pred]))


# --- character ranges -----------------------------------------------------------------------

def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping, non-empty union of the given ranges."""
    merged: list[Interval] = []
    for start, end in sorted((s, e) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def clip_intervals(intervals: Iterable[Interval], length: int) -> list[Interval]:
    return merge_intervals((max(0, s), min(length, e)) for s, e in intervals)


def complement_intervals(intervals: Iterable[Interval], length: int) -> list[Interval]:
    """The parts of ``[0, length)`` not covered by ``intervals``."""
    out, pos = [], 0
    for start, end in clip_intervals(intervals, length):
        if start > pos:
            out.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        out.append((pos, length))
    return out


def total_length(intervals: Iterable[Interval]) -> int:
    return sum(e - s for s, e in merge_intervals(intervals))


def overlap_length(a: Iterable[Interval], b: Iterable[Interval]) -> int:
    """Characters covered by both interval sets."""
    a, b = merge_intervals(a), merge_intervals(b)
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def char_scores(docs: Iterable[tuple[Iterable[Interval], Iterable[Interval]]]) -> dict[str, float]:
    """Character-level P/R/F1 micro-averaged over documents: ``docs`` yields (pred, gold)."""
    tp = fp = fn = 0
    for pred, gold in docs:
        pred, gold = merge_intervals(pred), merge_intervals(gold)
        both = overlap_length(pred, gold)
        tp += both
        fp += total_length(pred) - both
        fn += total_length(gold) - both
    return {**prf(tp, fp, fn), "tp_chars": tp, "fp_chars": fp, "fn_chars": fn}
