"""Whether two texts share a verbatim passage depends on the two texts alone: the winnowed
fingerprints hash each term by its text, not by the id the corpus's vocabulary gave it, so a
document that adds a term to the vocabulary (renumbering the terms after it) changes no other
pair's passage link."""
import random

from dedup import Document, Options
from dedup.api import Corpus

from test_compare_passage_link import _sentences, _vocab


def _pairs(docs):
    corpus = Corpus(docs, Options())
    ids = [d.id for d in docs]
    return {(ids[i], ids[j]) for i, j in corpus.passage_pairs().tolist()}


def test_a_new_term_elsewhere_changes_no_pair_s_shared_passage():
    rng = random.Random(3)
    vocab = _vocab(rng, 4000)
    docs = []
    for k in range(40):  # pairs sharing passages of 25 to 64 words, around the link's minimum
        mine, theirs, shared = vocab[k * 90:k * 90 + 40], vocab[k * 90 + 40:k * 90 + 80], vocab[3600:]
        passage = " ".join(rng.choice(shared) for _ in range(25 + k))
        a = " ".join(_sentences(rng, 6, mine)) + " " + passage + ". " + " ".join(_sentences(rng, 6, mine))
        b = " ".join(_sentences(rng, 6, theirs)) + " " + passage + ". " + " ".join(_sentences(rng, 6, theirs))
        docs += [Document(f"a{k}", a), Document(f"b{k}", b)]
    base = _pairs(docs)
    assert 0 < len(base) < 40  # some short passages are too short to link, the long ones link
    # a text whose terms sort first in the vocabulary, sharing nothing with the others
    extra = Document("extra", "Aaaab aaaac aaaad aaaae aaaaf aaaag aaaah aaaai aaaaj aaaak aaaal.")
    assert _pairs(docs + [extra]) == base
