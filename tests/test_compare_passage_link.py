"""`dedup compare` links a pair as `dedup batch` does: by a verbatim passage, however small a
share of either text it is (a long essay quoting one paragraph of a short source)."""
import random

from dedup import Document, Options
from dedup.api import batch, compare

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "do", "pri", "nor", "ash", "ly", "ter", "gan",
             "bo", "chi", "mus", "fe", "ral", "qui", "zon", "pe", "dra", "wi"]


def _sentences(rng: random.Random, n: int, vocab: list[str]) -> list[str]:
    out = []
    for _ in range(n):
        words = [rng.choice(vocab) for _ in range(rng.randint(9, 16))]
        out.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
    return out


def _vocab(rng: random.Random, n: int) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _pair():
    rng = random.Random(7)
    vocab = _vocab(rng, 3000)
    source_vocab, essay_vocab = vocab[:1500], vocab[1500:]
    quoted = " ".join(_sentences(rng, 6, source_vocab))  # ~75 words, verbatim in both
    source = "\n\n".join([" ".join(_sentences(rng, 5, source_vocab)), quoted,
                          " ".join(_sentences(rng, 5, source_vocab))])
    before = "\n\n".join(" ".join(_sentences(rng, 6, essay_vocab)) for _ in range(12))
    after = "\n\n".join(" ".join(_sentences(rng, 6, essay_vocab)) for _ in range(12))
    essay = before + "\n\n" + quoted + "\n\n" + after
    return Document("source", source), Document("essay", essay), quoted


def test_a_pair_sharing_only_a_quoted_paragraph_is_linked_by_compare_as_by_batch():
    source, essay, quoted = _pair()
    options = Options()
    c = compare(essay, source)
    # the texts share too little for the cosine link alone ...
    assert c.similarity < options.link_threshold
    # ... but batch links them by the passage, and compare says so
    story = next(s for s in batch([source, essay], options).clusters if any(m.id == "essay" for m in s.members))
    assert sorted(m.id for m in story.members) == ["essay", "source"]
    assert c.relation is not None
    assert c.evidence["shared_passage"] is True
    # the essay's added passages are its own text: everything but the quoted paragraph
    start = essay.text.index(quoted)
    end = start + len(quoted)
    added = c.added["essay"]
    assert added and not any(s.start < end and start < s.end for s in added)
    assert sum(s.end - s.start for s in added) > 0.8 * (len(essay.text) - len(quoted))


def test_a_pair_below_the_link_threshold_without_a_shared_passage_stays_unlinked():
    rng = random.Random(11)
    vocab = _vocab(rng, 3000)
    a = Document("a", " ".join(_sentences(rng, 20, vocab[:1600])))
    b = Document("b", " ".join(_sentences(rng, 20, vocab[1400:])))
    c = compare(a, b)
    assert c.similarity < Options().link_threshold and c.relation is None and c.source is None
