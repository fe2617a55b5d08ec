"""Offline study: which text features tell a source from its derivative?

Runs dedup's pipeline in-process on labelled source/derived corpora (counter_urdu,
clough_stevenson; blinded and shuffled like ``run_eval.py``), takes the true-positive pairs of
the current defaults, and computes for every story with 2..20 members a set of candidate
*direction* features: pairwise matrices ``F[i, j]`` (a measure of member j given member i)
and per-document values.  Each feature becomes antisymmetric evidence ``g(i, j)`` that i is
j's source (``F[i, j] - F[j, i]`` or ``h(i) - h(j)``), and a member's signal is its mean over
the other members, as in ``dedup/original.py``.

Evaluated by cross-validation grouped by story (a story's pairs never sit in both the
training and the test folds): logistic regression without intercept on the labelled pairs
(both orientations), then orig-acc of the held-out stories' rankings (current score plus
the learned signal).  Prints CV numbers, not the fit.

    .venv/bin/python eval/direction_study.py --data ../shared/data [--cache /tmp/dirstudy]

Nothing from ``../shared`` is written into the repo; the feature cache is JSON in --cache.
"The current score" is ``original.rank`` as it was when the cache was made: the numbers in
README and in ``original.WEIGHTS`` were measured before the ``numbers`` signal joined it
(``numtype`` here is that signal with whole number-words and every number counted).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from corpora import load_source_derived, load_texts  # noqa: E402
from dedup_cli import Blinding  # noqa: E402

CORPORA = {"counter_urdu": {"WD", "PD"}, "clough_stevenson": {"cut", "light", "heavy"}}
MAX_MEMBERS = 20


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def extract(data: Path, name: str, seed: int = 0) -> dict:
    from dedup import api, normalize, original, passages
    from dedup.cluster import capped_components_arrays, split_loose
    from dedup.config import Options
    from dedup.document import Document

    folder = data / name
    texts = load_texts(folder)
    pairs = load_source_derived(folder, CORPORA[name])
    blind = Blinding.make(list(texts), True, seed)
    anon = blind.anon_texts(texts)
    docs = [Document(i, t) for i, t in anon.items()]
    opts = Options()
    corpus = api.Corpus(docs, opts)
    li, lj, lw = corpus.link_arrays()
    groups = capped_components_arrays(len(docs), li, lj, lw, opts.link_threshold, opts.max_story)
    groups = split_loose(groups, corpus.similarity, opts.story_cohesion, opts.story_reattach)
    # corpus document frequency of normalized words (all words, not only content words)
    df: Counter = Counter()
    for k in range(len(docs)):
        df.update({t[2] for t in corpus.docs[k].tokens})
    corpus.release(range(len(docs)))
    stories = []
    for g in groups:
        if not 1 < len(g) <= MAX_MEMBERS:
            continue
        story = api._story(corpus, g, "s")
        m = len(g)
        ids = [docs[i].id for i in g]
        sim = corpus.similarity(g)
        # the current ranking's signals, recomputed as rank() does
        al = {(a, b): corpus.align(g[b], g[a]) for a in range(m) for b in range(m) if a != b}  # a supports b
        coverage = np.zeros((m, m))
        weakest = np.ones((m, m))
        for (a, b), x in al.items():
            coverage[a, b] = x.supported
            if x.scores:
                weakest[a, b] = min(x.scores)
        words = [corpus.docs[i].content for i in g]
        base = original.rank(sim, coverage, [None] * m, ids, weakest, words).scores
        off = ~np.eye(m, dtype=bool)
        corr, cont = original.ngram_signals(words)
        comps = {"centrality": (sim * off).sum(axis=1) / (m - 1), "votes": original.nearest_votes(sim),
                 "coverage": (coverage * off).sum(axis=1) / (m - 1),
                 "support votes": original.nearest_votes(coverage.T), "dominance": original.dominance(weakest),
                 "corroboration": corr, "containment": cont}
        toks = [[t[2] for t in corpus.docs[i].tokens] for i in g]
        sets = [set(t) for t in toks]
        feats: dict[str, list[list[float]]] = {}

        def put(key, a, b, v):
            feats.setdefault(key, [[0.0] * m for _ in range(m)])[a][b] = float(v)

        sents = [corpus.sentences.get(corpus.docs[i]) for i in g]
        for (a, b), x in al.items():
            s = np.asarray(x.scores, dtype=float)
            n = len(s)
            put("cov", a, b, x.supported)
            put("weak", a, b, s.min() if n else 1.0)
            put("meansup", a, b, s.mean() if n else 1.0)
            put("q25", a, b, np.quantile(s, 0.25) if n else 1.0)
            put("unsup", a, b, np.mean(s < opts.sentence_support) if n else 0.0)
            if n >= 2:
                h = n // 2
                put("posgrad", a, b, s[:h].mean() - s[n - h:].mean())
                put("tailsup", a, b, s[-max(1, n // 3):].mean())
                rel = np.arange(n) / (n - 1)
                put("unsup_pos", a, b, float(np.dot(1 - s, rel) / max((1 - s).sum(), 1e-9)))
            else:
                put("posgrad", a, b, 0.0)
                put("tailsup", a, b, s.mean() if n else 1.0)
                put("unsup_pos", a, b, 0.5)
            put("leadsup", a, b, s[0] if n else 1.0)
            # order preservation and aligned sentence lengths (b's sentences -> a's sentences)
            db, pa = sents[b], sents[a]
            rho, lenratio = 0.0, 0.0
            if db.terms and pa.terms and db.windows is not None and pa.windows is not None:
                in_d, in_p = passages._shared(db, pa)
                nb, na = len(db.terms), len(pa.terms)
                if len(in_d):
                    c = db.windows[:nb, in_d] @ pa.windows[:na, in_p].T
                    best = c.argmax(axis=1)
                    ok = c.max(axis=1) >= 0.3
                    if ok.sum() >= 3:
                        xs, ys = np.arange(nb)[ok], best[ok]
                        if np.std(ys) > 0:
                            rho = float(np.corrcoef(np.argsort(np.argsort(xs)), np.argsort(np.argsort(ys)))[0, 1])
                    if ok.any():
                        lb = np.array([len(db.words[k]) for k in range(nb)])[ok]
                        la = np.array([len(pa.words[k]) for k in best[ok]])
                        lenratio = float(np.mean(np.log((la + 1) / (lb + 1))))
            put("order", a, b, rho)
            put("alignlen", a, b, lenratio)
            tb, sa = toks[b], sets[a]
            put("novtok", a, b, np.mean([w not in sa for w in tb]) if tb else 0.0)
            put("novtype", a, b, np.mean([w not in sa for w in sets[b]]) if tb else 0.0)
            nums = [w for w in tb if any(ch.isdigit() for ch in w)]
            put("num", a, b, np.mean([w in sa for w in nums]) if nums else 1.0)
            numset = {w for w in sets[b] if any(ch.isdigit() for ch in w)}
            put("numtype", a, b, np.mean([w in sa for w in numset]) if numset else 1.0)
            na_ = {w for w in sets[a] if any(ch.isdigit() for ch in w)}
            put("numcount", a, b, len(numset - sa) / max(len(numset | na_), 1))
            rare = [w for w in sets[b] if df[w] <= 3]
            put("rare", a, b, np.mean([w in sa for w in rare]) if rare else 1.0)
            ga = set(zip(toks[a], toks[a][1:]))
            gb = list(zip(tb, tb[1:]))
            put("bigram", a, b, np.mean([x in ga for x in gb]) if gb else 0.0)
            ga5 = {tuple(toks[a][k:k + 5]) for k in range(len(toks[a]) - 4)}
            run = np.zeros(len(tb), dtype=bool)
            for k in range(len(tb) - 4):
                if tuple(tb[k:k + 5]) in ga5:
                    run[k:k + 5] = True
            put("copied5", a, b, run.mean() if len(tb) else 0.0)
        doc: dict[str, list[float]] = {}
        for k, i in enumerate(g):
            p = corpus.docs[i]
            t = toks[k]
            nw = max(len(t), 1)
            body = "".join(p.text[s.start:s.end] for s in p.sentences) or p.text
            doc.setdefault("hapax", []).append(np.mean([df[w] == 1 for w in sets[k]]) if t else 0.0)
            doc.setdefault("punct", []).append(sum(_is_punct(ch) for ch in body) / nw)
            doc.setdefault("sentlen", []).append(nw / max(len(p.sentences), 1))
            doc.setdefault("digits", []).append(sum(any(c.isdigit() for c in w) for w in t) / nw)
            doc.setdefault("loglen", []).append(math.log(nw))
            doc.setdefault("wordlen", []).append(float(np.mean([len(w) for w in t])) if t else 0.0)
            doc.setdefault("ttr", []).append(len(sets[k]) / nw)
            lines = p.lines if p.lines is not None else normalize.analyze(Document(p.id, p.text)).lines
            doc.setdefault("paras", []).append(len(lines) / max(len(p.sentences), 1))
        stories.append({"ids": [blind.real(i) for i in ids], "base": list(base),
                        "comps": {k: [float(x) for x in v] for k, v in comps.items()}, "pair": feats,
                        "doc": {k: [float(x) for x in v] for k, v in doc.items()},
                        "pred_original": blind.real(story.original),
                        "members": [{"id": blind.real(x.id), "parent": blind.real(x.parent) if x.parent else None,
                                     "relation": x.relation} for x in story.members]})
        corpus.release(g)
    # true-positive pairs under the current defaults (the eval's rule)
    where = {i: k for k, s in enumerate(stories) for i in s["ids"]}
    tp = []
    for p in pairs:
        if not p.is_derived or p.source not in where or where.get(p.derived) != where[p.source]:
            continue
        s = stories[where[p.source]]
        mem = {x["id"]: x for x in s["members"]}
        d, src = mem[p.derived], mem[p.source]
        if d["parent"] == p.source:
            rel = d["relation"]
        elif src["parent"] == p.derived:
            rel = src["relation"]
        elif s["pred_original"] == p.derived:
            rel = src["relation"]
        else:
            rel = d["relation"]
        if rel != "related":
            tp.append({"story": where[p.source], "source": p.source, "derived": p.derived})
    # every labelled derived pair in one story (for a ranking-only view, relation ignored)
    same = [{"story": where[p.source], "source": p.source, "derived": p.derived} for p in pairs
            if p.is_derived and p.source in where and where.get(p.derived) == where[p.source]]
    return {"stories": stories, "tp": tp, "same": same}


# --- analysis -----------------------------------------------------------------------------

def antisym(story: dict, key: str) -> np.ndarray:
    if key in story["pair"]:
        f = np.asarray(story["pair"][key])
        return f - f.T
    h = np.asarray(story["comps"][key] if key in story["comps"] else story["doc"][key])
    return h[:, None] - h[None, :]


def member_signal(story: dict, key: str) -> np.ndarray:
    g = antisym(story, key)
    m = len(g)
    return g.sum(axis=1) / (m - 1)


def design(stories, items, keys):
    """Rows for the labelled pairs: member-signal differences source minus derived."""
    X, groups = [], []
    for it in items:
        s = stories[it["story"]]
        k = {x: n for n, x in enumerate(s["ids"])}
        a, b = k[it["source"]], k[it["derived"]]
        X.append([member_signal(s, key)[a] - member_signal(s, key)[b] for key in keys])
        groups.append(it["story"])
    return np.asarray(X, dtype=float).reshape(len(items), len(keys)), np.asarray(groups)


def fit_logistic(X: np.ndarray, C: float = 1.0) -> np.ndarray:
    """Weights of a no-intercept logistic model on the pairs (y = 1) and their mirrors (y = 0)."""
    from sklearn.linear_model import LogisticRegression
    Xa = np.vstack([X, -X])
    y = np.r_[np.ones(len(X)), np.zeros(len(X))]
    lr = LogisticRegression(fit_intercept=False, C=C, max_iter=2000)
    lr.fit(Xa, y)
    return lr.coef_[0]


def orig_acc(stories, items, score_of) -> tuple[int, int]:
    right = 0
    for it in items:
        s = stories[it["story"]]
        sc = score_of(s)
        top = int(np.argmax(sc))  # ties: first (not the blinded id order; close enough here)
        right += s["ids"][top] == it["source"]
    return right, len(items)


def signal_total(s, keys, w, base_w):
    sc = base_w * np.asarray(s["base"])
    for key, wk in zip(keys, w):
        sc = sc + wk * member_signal(s, key)
    return sc


def cv(stories, items, keys, base_w=1.0, folds=5, repeats=10, C=1.0, scale=None):
    """Grouped CV: fit weights on the training stories' pairs, score held-out stories' rankings."""
    from sklearn.model_selection import GroupKFold
    X, groups = design(stories, items, keys)
    B, _ = design(stories, items, [])
    base_diff = np.array([np.asarray(stories[it["story"]]["base"])[
        stories[it["story"]]["ids"].index(it["source"])] - np.asarray(stories[it["story"]]["base"])[
        stories[it["story"]]["ids"].index(it["derived"])] for it in items])
    accs = []
    uniq = np.unique(groups)
    rng = np.random.default_rng(0)
    for r in range(repeats):
        perm = rng.permutation(len(uniq))
        gmap = {g: perm[k] for k, g in enumerate(uniq)}
        gg = np.array([gmap[g] for g in groups])
        right = total = 0
        for tr, te in GroupKFold(folds).split(X, groups=gg):
            Xt = X[tr]
            if base_w:
                Xt = np.c_[Xt, base_diff[tr]]
            sd = Xt.std(axis=0) + 1e-9
            w = fit_logistic(Xt / sd, C) / sd
            wb = w[-1] if base_w else 0.0
            wk = w[:len(keys)]
            test_items = [items[k] for k in te]
            a, n = orig_acc(stories, test_items, lambda s: signal_total(s, keys, wk, wb))
            right += a
            total += n
        accs.append(right / total)
    return float(np.mean(accs)), float(np.std(accs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/dirstudy"))
    ap.add_argument("--refresh", action="store_true")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    res = {}
    for name in CORPORA:
        path = args.cache / f"{name}.json"
        if args.refresh or not path.exists():
            print(f"extracting {name} ...", file=sys.stderr)
            path.write_text(json.dumps(extract(args.data, name)))
        res[name] = json.loads(path.read_text())
    keys = list(res["counter_urdu"]["stories"][0]["pair"]) + list(res["counter_urdu"]["stories"][0]["doc"])
    for name, r in res.items():
        st, tp = r["stories"], r["tp"]
        a, n = orig_acc(st, tp, lambda s: np.asarray(s["base"]))
        sizes = Counter(len(st[it["story"]]["ids"]) for it in tp)
        print(f"\n## {name}: {len(tp)} TP pairs in stories of 2..{MAX_MEMBERS}; sizes {dict(sorted(sizes.items()))}")
        print(f"current ranking: {a}/{n} = {a / n:.3f}")
        can_cv = len({it["story"] for it in tp}) >= 5
        print("| feature | source > derived (pairs) | CV alone | CV with current score |")
        print("|---|---:|---:|---:|")
        for key in keys:
            X, _ = design(st, tp, [key])
            raw = float(np.mean(X[:, 0] > 0) + 0.5 * np.mean(X[:, 0] == 0))
            c1 = f"{cv(st, tp, [key], base_w=0.0, repeats=3)[0]:.3f}" if can_cv else "n/a"
            c2 = f"{cv(st, tp, [key], base_w=1.0, repeats=3)[0]:.3f}" if can_cv else "n/a"
            print(f"| {key} | {raw:.3f} | {c1} | {c2} |")
    st, tp = res["counter_urdu"]["stories"], res["counter_urdu"]["tp"]
    print("\n## counter_urdu: combinations with the current score (5-fold grouped CV, 10 repeats)")
    for combo in (["numtype"], ["num"], ["numcount"], ["numtype", "posgrad"], ["numtype", "tailsup"],
                  ["numtype", "hapax"], ["numcount", "rare", "posgrad"]):
        mean, sd = cv(st, tp, combo, base_w=1.0, repeats=10)
        print(f"| {' + '.join(combo)} | {mean:.3f} ± {sd:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
