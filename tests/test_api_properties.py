"""Property and edge-case tests of dedup.api.batch / compare: every span is valid."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dedup import Document, Options, batch, compare

EN = ("storm flood river town council mayor budget school bridge rescue family water rain "
      "minister vote election party market shares revenue company plant factory workers strike "
      "hospital doctor vaccine trial children police court judge ruling appeal border trade tariff "
      "harbour fishing quota captain engine airport flight delay weather forecast summer winter").split()
OTHER = ("galaxy telescope orbit planet comet asteroid nebula crater lunar solar eclipse meteor "
         "rocket booster capsule astronaut module docking thruster payload satellite antenna").split()
UR = "حکومت پاکستان عوام شہر بارش سیلاب پانی اسکول وزیر عدالت فیصلہ انتخابات".split()
CJK = list("北京上海天气新闻政府经济市场学校医院")


def sentence(vocab, end="."):
    return st.lists(st.sampled_from(vocab), min_size=4, max_size=14).map(
        lambda ws: " ".join(ws).capitalize() + end)


en_sentence = sentence(EN)
mixed_sentence = st.one_of(
    sentence(EN), sentence(UR, "۔"),
    st.lists(st.sampled_from(CJK), min_size=4, max_size=14).map(lambda cs: "".join(cs) + "。 "),
)
furniture = st.sampled_from(["Comments (3)", "Sign up for our newsletter", "Related",
                             "Read more at www.example.com", "© 2024 Daily Planet", "Share", "x"])


def join(sents, breaks):
    out = []
    for s, b in zip(sents, breaks):
        out.append(s)
        out.append("\n\n" if b else " ")
    return "".join(out).strip()


@st.composite
def corpus_case(draw, sent=en_sentence):
    base = draw(st.lists(sent, min_size=2, max_size=10))
    keep = draw(st.lists(st.booleans(), min_size=len(base), max_size=len(base)))
    derived = [s for s, k in zip(base, keep) if k]
    for _ in range(draw(st.integers(0, 3))):
        derived.insert(draw(st.integers(0, len(derived))), draw(sent))
    if draw(st.booleans()):
        derived.append(draw(furniture))
    if draw(st.booleans()):
        derived.insert(0, draw(furniture))
    unrelated = draw(st.lists(sentence(OTHER), min_size=1, max_size=6))
    texts = []
    for sents in (base, derived, unrelated):
        breaks = draw(st.lists(st.booleans(), min_size=len(sents), max_size=len(sents)))
        texts.append(join(sents, breaks))
    return texts


def check_spans(spans, text):
    prev = 0
    for s in spans:
        assert 0 <= s.start < s.end <= len(text), (s, len(text))
        assert prev <= s.start, spans
        prev = s.end
        assert s.slice(text).strip() == s.slice(text)


def check_result(texts, result):
    seen = []
    for c in result.clusters:
        assert c.original == c.members[0].id
        for m in c.members:
            seen.append(m.id)
            text = result.texts[m.id]
            check_spans(m.added, text)
            check_spans(m.boilerplate, text)
            for a in m.added:
                for b in m.boilerplate:
                    assert a.end <= b.start or b.end <= a.start
    assert sorted(seen) == sorted(f"d{k}" for k in range(len(texts)))


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corpus_case())
def test_property_batch_spans_are_valid(texts):
    docs = [Document(f"d{k}", t) for k, t in enumerate(texts)]
    check_result(texts, batch(docs))


@SETTINGS
@given(corpus_case(mixed_sentence))
def test_property_batch_spans_are_valid_mixed_scripts(texts):
    docs = [Document(f"d{k}", t) for k, t in enumerate(texts)]
    check_result(texts, batch(docs, Options(min_added_tokens=1)))


@settings(max_examples=40, deadline=None)
@given(corpus_case())
def test_property_compare_spans_are_valid(texts):
    a, b = Document("a", texts[0]), Document("b", texts[1])
    cmp = compare(a, b)
    for doc in (a, b):
        check_spans(cmp.added[doc.id], doc.text)
        check_spans(cmp.boilerplate[doc.id], doc.text)
    assert 0.0 <= cmp.similarity <= 1.0 + 1e-9
    assert cmp.source in (None, "a", "b")


# --- concrete behaviour -------------------------------------------------------------------

STORY = ("Heavy rain flooded the river town of Marlow on Sunday, forcing hundreds of residents from "
         "their homes. Emergency crews used boats to rescue families trapped on upper floors.\n\n"
         "The Thames burst its banks after three days of storms, the Environment Agency said. Mayor "
         "Helen Price called the flooding the worst the town had seen in forty years.")
UNRELATED = ("Semiconductor maker Veltrix reported record quarterly revenue of 4.2 billion dollars on "
             "Thursday. Demand for its graphics processors from data centres more than doubled.")


def test_batch_duplicates_cluster_and_unrelated_stays_alone():
    r = batch([Document("a", STORY), Document("b", STORY), Document("c", UNRELATED)])
    sizes = sorted(len(c.members) for c in r.clusters)
    assert sizes == [1, 2]
    pair = next(c for c in r.clusters if len(c.members) == 2)
    assert [(m.id, m.role, m.relation) for m in pair.members] == [
        ("a", "original", None), ("b", "derivative", "duplicate")]
    assert r.stats["clusters"] == 1 and r.stats["clustered_documents"] == 2


@pytest.mark.parametrize("texts", [[], [""], ["", "   \n"], ["Comments (0)", "Share"]])
def test_batch_without_any_content_words_does_not_crash(texts):
    r = batch([Document(f"d{k}", t) for k, t in enumerate(texts)])
    assert len(r.clusters) == len(texts)
    assert r.stats["no_content"] == len(texts)


def test_batch_with_one_empty_document_among_others():
    r = batch([Document("a", STORY), Document("b", ""), Document("c", STORY)])
    ids = {m.id for c in r.clusters for m in c.members}
    assert ids == {"a", "b", "c"}
    assert r.stats["no_content"] == 1


def test_many_copies_of_a_short_story_are_one_cluster():
    story = ("Storm hits the coast of Marlow.\n\nThousands of homes lost power overnight.\n\n"
             "Schools will stay closed on Monday, officials said.")
    docs = [Document(f"d{k}", story) for k in range(6)] + [Document("z", UNRELATED)]
    r = batch(docs)
    assert sorted(len(c.members) for c in r.clusters) == [1, 6]


def test_exact_copies_are_linked_when_lsh_proposes_no_pair():
    # three identical texts without content words have no key terms, so no LSH bucket:
    # they are linked as exact copies
    # (verify_all=0: a corpus this small would have every pair verified, not only LSH's)
    r = batch([Document(k, "Related posts") for k in ("a", "b", "c")] + [Document("d", UNRELATED)],
              Options(passage_min_shared=0, verify_all=0))
    assert r.stats["candidate_pairs"] == 0
    assert r.stats["exact_copies"] == 2  # (a, b) and (a, c), linked outside LSH
    assert sorted(m.id for c in r.clusters if len(c.members) > 1 for m in c.members) == ["a", "b", "c"]
    # three identical stories fill one bucket in every band; over max_bucket=2 a bucket
    # proposes only its members' pairs with its first (verbatim-passage links off: they
    # would link the copies first), and the copies are linked through LSH
    # (an unrelated text without a word of the story's: key terms are terms two texts hold,
    # and UNRELATED's "from" would put it into the stories' bucket)
    apart = "Semiconductor maker Veltrix reported record quarterly revenue on Thursday."
    r = batch([Document(k, STORY) for k in ("a", "b", "c")] + [Document("d", apart)],
              Options(max_bucket=2, passage_min_shared=0, verify_all=0))
    assert (r.stats["candidate_pairs"], r.stats["exact_copies"]) == (2, 0)
    assert sorted(m.id for c in r.clusters if len(c.members) > 1 for m in c.members) == ["a", "b", "c"]
    # when LSH links them itself, nothing is added twice
    r = batch([Document(k, STORY) for k in ("a", "b")] + [Document("d", UNRELATED)])
    assert r.stats["exact_copies"] == 0 and r.stats["linked_pairs"] == 1


def test_a_small_corpus_has_every_pair_verified():
    # one band of all 256 rows: only documents with the same key terms share a bucket, so
    # LSH proposes no pair of two versions of one story (verbatim-passage links off: they
    # would link them); a corpus of at most verify_all documents is verified whole
    # (a few words it shares with the unrelated text alone: key terms are the terms two
    # texts hold, and without these both versions would have the same ones)
    longer = STORY + " Insurers said semiconductor maker Veltrix would pay for the damage to its quarterly plant."
    docs = [Document("a", STORY), Document("b", longer), Document("d", UNRELATED)]
    o = Options(lsh_bands=1, passage_min_shared=0)
    r0 = batch(docs, replace(o, verify_all=0))
    assert r0.stats["candidate_pairs"] == 0 and all(len(c.members) == 1 for c in r0.clusters)
    r = batch(docs, o)
    assert r.stats["candidate_pairs"] == 3 and r.stats["linked_pairs"] == 1
    assert sorted(m.id for c in r.clusters if len(c.members) > 1 for m in c.members) == ["a", "b"]
    # one document more than verify_all: LSH's pairs only
    assert batch(docs, replace(o, verify_all=2)).stats["candidate_pairs"] == 0


def test_a_rewrite_in_words_no_other_document_holds_is_a_candidate():
    """Two versions of one story in words the rest of the corpus lacks (another language,
    another subject): every word of theirs is rare, and the rarest, those one text alone
    holds, made their key terms, so the two had no key term in common and LSH never
    proposed them.  Key terms are picked among the terms two documents or more hold."""
    rng = random.Random(5)
    shared = [f"zorbex{k}" for k in range(40)]
    own = {side: [f"{side}quil{k}" for k in range(35)] for side in "ab"}

    def text(side):
        words = [w for pair in zip(shared, own[side]) for w in pair] + shared[35:]
        return " ".join(" ".join(words[i:i + 10]) + "." for i in range(0, len(words), 10))
    background = [Document(f"bg{k}", " ".join(" ".join(f"w{rng.randrange(3000)}" for _ in range(10)) + "."
                                             for _ in range(8))) for k in range(120)]
    docs = background + [Document("a", text("a")), Document("b", text("b"))]
    r = batch(docs, Options(passage_min_shared=0))
    assert r.stats["candidate_pairs"] > 0
    story = next(c for c in r.clusters if any(m.id == "a" for m in c.members))
    assert sorted(m.id for m in story.members) == ["a", "b"]


def test_compare_in_a_corpus_analyses_only_the_pair():
    """`dedup compare --pairs` compares each pair within the whole corpus (its IDF): finding
    the pair's documents must not analyse every other one (it did, once per pair)."""
    from dedup.api import Corpus
    from conftest import REWRITE, SOURCE, UNRELATED
    docs = [Document("source", SOURCE), Document("rewrite", REWRITE)]
    docs += [Document(f"other{k}", UNRELATED.replace("bakery", f"bakery number {k}")) for k in range(30)]
    # and reports about the same solar farm: the pair's shared words are common in this corpus
    docs += [Document(f"solar{k}", f"The floating solar farm of Marlow Bay on the Eastfield reservoir, "
                      f"report {k}: its panels and the city council.") for k in range(10)]
    corpus = Corpus(docs, Options())
    c = compare(docs[0], docs[1], corpus=corpus)
    assert c.relation is not None and c.similarity == compare(docs[0], docs[1], corpus=Corpus(docs, Options())).similarity
    alone = compare(docs[0], docs[1])  # IDF of the pair alone
    assert abs(c.similarity - alone.similarity) > 0.005  # the corpus's IDF was used
    assert len(corpus._prepared) <= 2
    assert corpus.position("other7") == 9


def test_compare_refuses_a_document_its_corpus_does_not_hold():
    """compare(a, b, corpus=...) of a document the corpus does not hold is a ValueError
    naming it (it was a KeyError from the corpus's id map), and so is one whose text is not
    the corpus's (its spans would have pointed into the corpus's text, not the one given)."""
    from dedup.api import Corpus
    from conftest import REWRITE, SOURCE
    docs = [Document("source", SOURCE), Document("rewrite", REWRITE)]
    corpus = Corpus(docs, Options())
    with pytest.raises(ValueError, match="'elsewhere' is not in the corpus"):
        compare(docs[0], Document("elsewhere", REWRITE), corpus=corpus)
    with pytest.raises(ValueError, match="'rewrite'.*another text"):
        compare(docs[0], Document("rewrite", REWRITE + " And one more sentence."), corpus=corpus)
    with pytest.raises(ValueError, match="'nowhere' is not in the corpus"):
        compare(Document("nowhere", SOURCE), Document("nowhere", SOURCE), corpus=corpus)
    assert compare(docs[0], docs[1], corpus=corpus).relation is not None


def test_batch_and_compare_check_their_arguments():
    """The API checks what the readers check (types, dates, unique ids) with TypeError and
    ValueError, never an AttributeError from deep inside, and never a wrong answer: two
    documents of one id are refused, not clustered as one another's copy."""
    from dedup import compare

    good = Document("a", STORY)
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        batch([good, Document("a", STORY + " Another sentence about it.")])
    with pytest.raises(ValueError, match="duplicate id 'a'"):
        batch(iter([good, Document("a", STORY)]))  # streamed, too
    for bad in ("hello", ["a text"], [Document(1, STORY)], [Document("b", None)],
                [Document("b", STORY, date=20250101)]):
        with pytest.raises(TypeError):
            batch(bad)
    with pytest.raises(ValueError, match="not an ISO 8601 date"):
        batch([Document("b", STORY, date="yesterday")])
    with pytest.raises(ValueError, match="lone surrogate"):  # as the readers' bad-id
        batch([Document("b\ud800", STORY)])
    with pytest.raises(TypeError, match="dedup.Options"):
        batch([good], {"link_threshold": 0.3})
    with pytest.raises(TypeError):
        compare("x", "y")
    with pytest.raises(ValueError, match="two different documents with one id"):
        compare(good, Document("a", STORY + " More."))
    for jobs in (None, 2.0, "2"):  # a TypeError naming jobs (was one from parallel.Shards' min())
        with pytest.raises(TypeError, match=f"jobs={jobs!r}: must be an int"):
            batch([good], jobs=jobs)
    # progress is a function or None: a TypeError naming it, before any work (3 and True
    # were "object is not callable" from the first stage)
    for progress in (3, True, False, "bars"):
        with pytest.raises(TypeError, match=f"progress={progress!r}: must be a function"):
            batch([good], progress=progress)


def test_the_span_properties_are_not_vacuous():
    """The generated corpora of the property tests above do reach what they check: a
    derivative's added passages, and boilerplate (``hypothesis.find`` raises when no case
    within its budget has them)."""
    from hypothesis import Phase, find

    def has(kind, options=None):
        def test(texts):
            r = batch([Document(f"d{k}", t) for k, t in enumerate(texts)], options)
            return any(getattr(m, kind) for c in r.clusters for m in c.members)
        return test

    budget = settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate])  # no shrinking
    for kind in ("added", "boilerplate"):
        find(corpus_case(), has(kind), settings=budget)
    find(corpus_case(mixed_sentence), has("added", Options(min_added_tokens=1)), settings=budget)
