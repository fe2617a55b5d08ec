"""The story stage's batched alignment (passages.align_many, unsupported_matrix) gives
exactly the numbers of one passages.align / unsupported_flags per pair."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from dedup.api import Corpus, _story
from dedup.config import Options
from dedup.document import Document
from dedup.normalize import analyze, finalize
from dedup.passages import align, align_many, unsupported_flags, unsupported_matrix

WORDS = ("flood river town rescue boats mayor price storm bridge school railway rain agency "
         "quota harbour trawler herring minister talks record revenue vaccine trial children "
         "forty three seven billion dollars").split()


def _sentence(draw_words):
    return " ".join(draw_words).capitalize() + "."


sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(_sentence)
paragraph = st.lists(sentences, min_size=1, max_size=3).map(" ".join)
texts = st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)


def _same(a, b):
    assert a.supported == b.supported
    assert a.scores == b.scores
    assert a.strength == b.strength
    assert a.added == b.added


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_align_many_equals_align_per_pair(items, rnd):
    # some members share sentences with others, as copies do
    docs = []
    for k, t in enumerate(items):
        if k and rnd.random() < 0.5:
            t = items[rnd.randrange(k)] + "\n\n" + t
        docs.append(Document(f"d{k}", t))
    o = Options()
    batched, single = Corpus(docs, o), Corpus(docs, o)
    for i in range(len(docs)):
        others = [j for j in range(len(docs)) if j != i]
        for j, al in zip(others, batched.align_many(i, others)):
            _same(al, single.align(i, j))
        batched.release(range(len(docs)))


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_unsupported_matrix_equals_flags_per_row(t, data):
    p = finalize(analyze(Document("x", t)), set())
    n = len(p.sentences)
    # values near the thresholds (0.30 sentence, 0.34 paragraph, 0.35 hysteresis) as well
    score = st.sampled_from([0.0, 0.1, 0.29, 0.3, 0.31, 0.33, 0.34, 0.345, 0.35, 0.36, 0.5, 0.9]) | st.floats(0, 1)
    rows = data.draw(st.lists(st.lists(score, min_size=n, max_size=n), min_size=1, max_size=4))
    o = Options()
    got = unsupported_matrix(p, np.array(rows).reshape(len(rows), n), o)
    assert got.tolist() == [unsupported_flags(p, np.array(r), o) for r in rows]


def test_story_uses_batched_alignments_with_the_same_result(monkeypatch):
    base = ("Heavy rain flooded the river town of Marlow on Sunday. Crews used boats to rescue families.\n\n"
            "The mayor called it the worst flood in forty years. Schools stayed closed on Monday.")
    docs = [Document("a", base), Document("b", base + "\n\nTrawler captains blockaded the harbour at "
                                           "Kirkwall over fishing quotas and demanded talks with ministers."),
            Document("c", base.replace("Heavy rain", "Torrential rain"))]
    batched = _story(Corpus(docs, Options()), [0, 1, 2], "s1")
    monkeypatch.setattr(Corpus, "align_many", lambda self, i, js: [self.align(i, j) for j in js])
    assert _story(Corpus(docs, Options()), [0, 1, 2], "s1") == batched
    assert [m.relation for m in batched.members[1:]] == ["near-duplicate", "near-duplicate"]
