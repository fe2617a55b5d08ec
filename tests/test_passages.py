"""Unit tests of stage 7 (dedup.passages): sentence support and added passages."""
from __future__ import annotations

import numpy as np
import pytest

from dedup.api import Corpus
from dedup.config import Options
from dedup.document import Document, Span
from dedup.normalize import analyze, finalize, paragraph_numbers
from dedup.passages import (
    SentenceIndex,
    Sentences,
    vectorize,
    added_spans,
    align,
    sentence_words,
    support_scores,
    unsupported_flags,
    unsupported_matrix,
)
from dedup.score import TfidfModel

FLOOD = [
    "Heavy rain flooded the river town of Marlow on Sunday, forcing hundreds of residents from their homes.",
    "Emergency crews used boats to rescue families trapped on upper floors as the water kept rising.",
    "The Thames burst its banks after three days of storms, the Environment Agency said.",
    "Mayor Helen Price called the flooding the worst the town had seen in forty years.",
    "Schools and the railway station remained closed on Monday while engineers inspected the bridges.",
    "Forecasters expect more rain later in the week, raising fears of a second flood.",
]
OTHERS = [
    "Semiconductor maker Veltrix reported record quarterly revenue of 4.2 billion dollars on Thursday. "
    "Demand for its graphics processors from data centres more than doubled compared with last year.",
    "Striker Lucas Moreno scored twice as Porto Azul beat Real Cantera three goals to one in the cup final. "
    "Moreno opened the scoring with a header from a corner in the twelfth minute.",
    "Researchers at the Lindqvist Institute published trial results for a new malaria vaccine on Wednesday. "
    "The vaccine cut severe malaria cases among children by seventy percent over two years.",
]
ADDED = ("Meanwhile, a separate dispute over fishing quotas in the northern archipelago continued, as "
         "trawler captains blockaded the harbour at Kirkwall and demanded talks with ministers about "
         "the herring season.")
ADDED_TWO = ("Meanwhile, trawler captains blockaded the harbour at Kirkwall over fishing quotas. "
             "They demanded urgent talks with ministers about the herring season.")


def text(sents):
    return "\n\n".join(" ".join(sents[i:i + 2]) for i in range(0, len(sents), 2))


SOURCE = text(FLOOD)


def aligned(derivative: str, source: str = SOURCE, options: Options | None = None):
    """Alignment of ``derivative`` (doc 1) against ``source`` (doc 0) in a small corpus."""
    docs = [Document("src", source), Document("der", derivative)]
    docs += [Document(f"o{k}", t) for k, t in enumerate(OTHERS)]
    corpus = Corpus(docs, options or Options())
    return corpus.align(1, 0), corpus


def added_text(al, t):
    return [s.slice(t) for s in al.added]


# --- align --------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["end", "middle", "start"])
def test_one_added_paragraph_is_reported_exactly(where):
    paras = SOURCE.split("\n\n")
    pos = {"end": len(paras), "middle": 2, "start": 0}[where]
    der = "\n\n".join(paras[:pos] + [ADDED] + paras[pos:])
    al, _ = aligned(der)
    assert added_text(al, der) == [ADDED]
    start = der.index(ADDED)
    assert al.added == [Span(start, start + len(ADDED))]
    # the copied sentences are fully supported, the new one is not
    assert sum(1 for x in al.scores if x >= 0.99) == len(FLOOD)
    assert sum(1 for x in al.scores if x < Options().sentence_support) == 1
    content = sum(len(s) for s in FLOOD) + len(ADDED)
    assert al.supported == pytest.approx(sum(len(s) for s in FLOOD) / content)


def test_two_sentence_added_paragraph_is_one_passage():
    der = SOURCE + "\n\n" + ADDED_TWO
    al, _ = aligned(der)
    assert added_text(al, der) == [ADDED_TWO]


def test_verbatim_copy_is_fully_supported():
    al, _ = aligned(SOURCE)
    assert al.supported == pytest.approx(1.0)
    assert al.added == []
    assert al.scores == pytest.approx([1.0] * len(FLOOD))


def test_copy_with_boilerplate_is_still_fully_supported():
    der = "Subscribe now\n" + SOURCE + "\n\nSign up for our newsletter to get the news in your inbox."
    al, _ = aligned(der)
    assert al.supported == pytest.approx(1.0)
    assert al.added == []


def test_short_added_fragment_is_dropped():
    short = "Kirkwall trawlers blockaded harbour."  # 4 words < min_added_tokens
    der = SOURCE + "\n\n" + short
    al, _ = aligned(der)
    assert al.added == []
    assert al.supported < 1.0  # it is unsupported, just not reported
    al, _ = aligned(der, options=Options(min_added_tokens=4))
    assert added_text(al, der) == [short]


def test_reworded_sentences_are_supported():
    rewrite = ("Hundreds of Marlow residents had to leave their homes on Sunday after heavy rain flooded "
               "the river town. Rescue crews in boats saved families stuck on upper floors while the "
               "water rose. According to the Environment Agency, the Thames burst its banks after three "
               "days of storms.")
    der = rewrite + "\n\n" + ADDED
    al, _ = aligned(der)
    assert all(x >= Options().sentence_support for x in al.scores[:3])
    assert added_text(al, der) == [ADDED]


def test_unrelated_text_is_all_added():
    der = OTHERS[0]
    al, _ = aligned(der)
    assert al.supported == 0.0
    assert added_text(al, der) == [der]


def test_alignment_is_directional():
    der = SOURCE + "\n\n" + ADDED
    _, corpus = aligned(der)
    back = corpus.align(0, 1)  # the source against the longer derivative
    assert back.supported == pytest.approx(1.0)
    assert back.added == []


# --- helpers of align ---------------------------------------------------------------------

def prep(t):
    return finalize(analyze(Document("x", t)))


def test_sentence_words_and_paragraphs():
    t = "Storm hits the coast. Power is out.\n\nSchools are closed."
    p = prep(t)
    assert sentence_words(p) == [["storm", "hits", "the", "coast"], ["power", "is", "out"],
                                 ["schools", "are", "closed"]]
    assert paragraph_numbers(p) == [0, 0, 1]


def test_sentence_index_caches_per_document():
    p = prep("International partners met. Partnership deals followed.")
    idx = SentenceIndex(Options(stem_chars=6))
    sents = idx.get(p)
    assert sents.terms == [["intern", "partne", "met"], ["partne", "deals", "follow"]]
    assert idx.get(p) is sents
    m = TfidfModel().fit(sents.terms)
    idx.build([p], m)
    assert sents.vec.shape == (2, m.n_terms) and sents.windows.shape == (3, m.n_terms)


def scores(m, d_terms, p_terms):
    d, p = Sentences(d_terms, d_terms), Sentences(p_terms, p_terms)
    vectorize([d, p], m)
    return support_scores(d, p, m.n_terms)


def test_support_scores_edge_cases():
    m = TfidfModel().fit([["a", "b"], ["c", "d"]])
    assert scores(m, [], [["a"]]).shape == (0,)
    assert list(scores(m, [["a", "b"]], [])) == [0.0]
    s = scores(m, [["a", "b"], ["c", "d"], ["a", "c"]], [["a", "b"]])
    assert s[0] == pytest.approx(1.0)
    assert s[1] == pytest.approx(0.0)
    assert 0.0 < s[2] < 1.0


def test_support_scores_use_two_sentence_windows():
    m = TfidfModel().fit([["a", "b", "c", "d"], ["e", "f"]])
    # a merged sentence "a b c d" is fully supported by the window of parent sentences 1+2
    s = scores(m, [["a", "b", "c", "d"]], [["a", "b"], ["c", "d"], ["e", "f"]])
    assert s[0] == pytest.approx(1.0)


def test_unsupported_flags_threshold_paragraph_and_hysteresis():
    o = Options(sentence_support=0.3, support_margin=0.05, paragraph_support=0.34)
    t = "One aa bb. Two aa bb.\n\nThree aa bb. Four aa bb.\n\nFive aa bb.\n\nSix aa bb."
    p = prep(t)
    assert paragraph_numbers(p) == [0, 0, 1, 1, 2, 3]
    # threshold only
    assert unsupported_flags(p, np.array([0.9, 0.9, 0.9, 0.9, 0.1, 0.9]), o) == [
        False, False, False, False, True, False]
    # a paragraph whose mean is below paragraph_support goes as a whole (0.5 + 0.1) / 2 = 0.3
    assert unsupported_flags(p, np.array([0.9, 0.9, 0.5, 0.1, 0.9, 0.9]), o) == [
        False, False, True, True, False, False]
    # hysteresis: a weakly supported neighbour (0.32 < 0.35) of an unsupported sentence joins it
    assert unsupported_flags(p, np.array([0.9, 0.9, 0.9, 0.9, 0.1, 0.32]), o) == [
        False, False, False, False, True, True]
    assert unsupported_flags(p, np.array([0.9, 0.9, 0.9, 0.9, 0.1, 0.36]), o) == [
        False, False, False, False, True, False]


def test_added_spans_merge_runs_and_break_at_supported_sentences():
    t = "Alpha one two three. Beta four five six.\n\nGamma seven eight nine. Delta ten eleven twelve."
    p = prep(t)
    words = sentence_words(p)
    spans = added_spans(p, words, [True, True, False, True], min_tokens=1)
    assert [s.slice(t) for s in spans] == ["Alpha one two three. Beta four five six.",
                                           "Delta ten eleven twelve."]
    # runs across a paragraph break merge (only white space between them)
    spans = added_spans(p, words, [False, True, True, False], min_tokens=1)
    assert [s.slice(t) for s in spans] == ["Beta four five six.\n\nGamma seven eight nine."]
    # the token count is per passage: 4 + 4 words pass a minimum of 8, a lone sentence does not
    assert len(added_spans(p, words, [True, True, False, True], min_tokens=8)) == 1


def test_added_spans_do_not_merge_across_boilerplate():
    t = "Alpha one two three four five.\nShare this\nBeta six seven eight nine ten."
    p = prep(t)
    assert [b.slice(t) for b in p.boilerplate] == ["Share this"]
    spans = added_spans(p, sentence_words(p), [True, True], min_tokens=1)
    assert [s.slice(t) for s in spans] == ["Alpha one two three four five.",
                                           "Beta six seven eight nine ten."]


def test_align_on_a_fresh_sentence_index_finds_the_added_paragraph():
    """``passages.align`` with sentence vectors built anew (not the corpus's cache) finds
    exactly the appended paragraph, and everything else supported."""
    der = SOURCE + "\n\n" + ADDED
    _, corpus = aligned(der)
    fresh = SentenceIndex(corpus.options)
    fresh.build([corpus.docs[0], corpus.docs[1]], corpus.model)
    direct = align(corpus.docs[1], corpus.docs[0], corpus.model, fresh, corpus.options)
    assert added_text(direct, der) == [ADDED.strip()]
    content = sum(s.end - s.start for s in corpus.docs[1].sentences)
    assert direct.supported == pytest.approx(1 - sum(s.end - s.start for s in direct.added) / content, abs=0.02)


def _long_text(seed: int, paragraphs: int) -> str:
    """A long made-up text: many paragraphs of invented words (thousands of distinct terms)."""
    rng = np.random.default_rng(seed)
    vocab = ["".join(rng.choice(list("bcdfgklmnprstvz")) + rng.choice(list("aeiou")) for _ in range(3))
             for _ in range(4000)]
    return "\n\n".join(" ".join(" ".join(rng.choice(vocab, 12)).capitalize() + "." for _ in range(4))
                       for _ in range(paragraphs))


@pytest.mark.parametrize("long", [False, True])
def test_sparse_sentence_rows_give_the_alignment_dense_rows_give(monkeypatch, long):
    """A text whose sentences x terms exceed DENSE_CELLS keeps sparse rows (memory in
    proportion to its words); support, added passages and strength are those of dense rows."""
    import dedup.passages as P

    source = _long_text(1, 300) if long else SOURCE
    kept = source.split("\n\n")
    derivative = "\n\n".join(kept[: len(kept) // 2] + [ADDED] + kept[len(kept) // 2:][::2])

    def run():
        al, corpus = aligned(derivative, source)
        rows = corpus.sentences.get(corpus.docs[0]).windows
        return al.supported, al.scores, [(s.start, s.end) for s in al.added], al.strength, rows

    from scipy import sparse as sp
    assert sp.issparse(run()[4]) == long  # by default: sparse only for the long text
    monkeypatch.setattr(P, "DENSE_CELLS", 10 ** 12)  # every text dense
    dense = run()
    monkeypatch.setattr(P, "DENSE_CELLS", 0)  # every text sparse
    sparse_ = run()
    assert sp.issparse(sparse_[4]) and not sp.issparse(dense[4])
    assert dense[0] == pytest.approx(sparse_[0]) and np.allclose(dense[1], sparse_[1], rtol=0, atol=1e-12)
    assert dense[2] == sparse_[2] and dense[3] == pytest.approx(sparse_[3])
    assert 0.4 < dense[0] < 1.0 and dense[2]  # half kept, some of it dropped, a paragraph added


# --- a text of one paragraph ----------------------------------------------------------------
# The paragraph rule adds a whole paragraph whose mean support is low: a new section whose
# sentences each share a few words with the parent.  A text written on one line (scraped
# JSON Lines, the COUNTER corpus, a pasted answer) is one paragraph: its mean is the whole
# text's support, so the rule marked every sentence added, verbatim copies included (a
# cut-and-paste answer of the Clough-Stevenson corpus: 100% "added", three sentences at
# support 1.0; COUNTER rewrites "partial" with all their text added).

def test_one_paragraph_text_keeps_its_supported_sentences():
    o = Options(sentence_support=0.3, support_margin=0.05, paragraph_support=0.34)
    p = prep("One aa bb. Two aa bb. Three aa bb. Four aa bb.")
    assert paragraph_numbers(p) == [0, 0, 0, 0]
    scores = np.array([1.0, 0.0, 0.0, 0.0])  # mean 0.25 < 0.34
    assert unsupported_flags(p, scores, o) == [False, True, True, True]
    assert unsupported_matrix(p, np.array([scores, [0.9, 0.9, 0.5, 0.1]]), o).tolist() == [
        [False, True, True, True], [False, False, False, True]]


def test_one_paragraph_text_still_adds_a_low_paragraph_among_others():
    # the rule stands for a text of two paragraphs or more
    o = Options(sentence_support=0.3, support_margin=0.05, paragraph_support=0.34)
    p = prep("One aa bb. Two aa bb.\n\nThree aa bb. Four aa bb.")
    assert unsupported_flags(p, np.array([0.9, 0.9, 0.5, 0.1]), o) == [False, False, True, True]


def test_copied_sentences_of_a_one_line_derivative_are_not_added():
    new = ("Semiconductor maker Veltrix reported record quarterly revenue on Thursday. "
           "Demand for its graphics processors from data centres more than doubled. "
           "Striker Lucas Moreno scored twice as Porto Azul won the cup final. "
           "Researchers published trial results for a new malaria vaccine on Wednesday. "
           "The vaccine cut severe malaria cases among children by seventy percent.")
    der = FLOOD[0] + " " + new  # one line: a copied sentence, then five of other news
    al, _ = aligned(der)
    got = added_text(al, der)
    assert got == [new]
    assert FLOOD[0] not in " ".join(got)


def test_an_added_sentence_of_a_hard_wrapped_text_is_added_whole():
    """In a text wrapped at 65 columns a new sentence that ends on a line after the one it
    starts on was cut at the line break: its end shares words with the parent and was
    scored alone as supported, so the added passage stopped in mid-sentence."""
    import textwrap

    from dedup.api import compare
    paras = [
        "Harbour Holdings said it completed the sale of its shipping unit to a group of managers "
        "who run the business for an undisclosed sum.",
        "The unit, a maker of cargo cranes and port equipment, accounted for less than two pct "
        "of group revenues last year, the company said.",
        "Harbour said the sale would have no effect on its earnings this year and that it would "
        "use the proceeds to cut its debt.",
    ]
    new = ("Analysts at the brokerage said rival bidders from Norway and Japan had long sought "
           "the crane maker's European plants, its cargo cranes and port equipment.")

    def wrap(ps):
        return "\n".join(textwrap.fill(p, 65, initial_indent="    ") for p in ps)

    a = wrap(paras)
    b = wrap([paras[0], paras[1] + " " + new, paras[2]])
    r = compare(Document("a", a), Document("b", b))
    assert [" ".join(b[s.start:s.end].split()) for s in r.added["b"]] == [new]


def test_best_dense_equals_the_full_product_when_taken_in_parts(monkeypatch):
    """Above DENSE_CELLS cells, each distinct row is taken against each distinct window, a
    few rows at a time: the same best cosine for every row as the whole product's."""
    from dedup import passages
    rng = np.random.default_rng(3)
    a = rng.random((40, 5))[rng.integers(0, 12, 200)]  # 200 rows, 12 distinct
    b = rng.random((30, 5))[rng.integers(0, 9, 70)]
    want = (a @ b.T).max(axis=1)
    monkeypatch.setattr(passages, "DENSE_CELLS", 20)
    got = passages._best_dense(a, b)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    monkeypatch.setattr(passages, "DENSE_CELLS", 1)  # one row at a time
    np.testing.assert_allclose(passages._best_dense(a, b), want, rtol=1e-12, atol=0)


def test_best_rows_of_sparse_products_equal_the_dense_maximum(monkeypatch):
    """The sparse path reads each row's largest product from the product as made (its
    columns unsorted): the same numbers as the dense maximum, 0 for a row sharing no term
    (first, inside and last), whatever the rows taken at a time."""
    from scipy import sparse
    from dedup import passages
    rng = np.random.default_rng(5)
    a = rng.random((57, 40)) * (rng.random((57, 40)) < 0.08)
    b = rng.random((83, 40)) * (rng.random((83, 40)) < 0.08)
    a[[0, 20, 21, 56]] = 0.0  # rows without any product
    want = (a @ b.T).max(axis=1)
    assert (want == 0).sum() >= 4 and (want > 0).sum() > 40
    for cells in (4_000_000, 40, 1):
        monkeypatch.setattr(passages, "DENSE_CELLS", cells)
        got = passages._best_rows(sparse.csr_matrix(a), sparse.csr_matrix(b))
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_sparse_products_are_made_in_chunks_within_their_bound(monkeypatch):
    """Each range of rows multiplied at once holds at most DENSE_CELLS products by its
    bound (one row over it alone), the ranges cover every row once, in order, and a
    sparse product is not made a row at a time (a long text's alignment was quadratic:
    each product call costs time in proportion to the other text's rows)."""
    from scipy import sparse
    from dedup import passages
    rng = np.random.default_rng(7)
    a = sparse.csr_matrix(rng.random((300, 60)) * (rng.random((300, 60)) < 0.05))
    bt = sparse.csr_matrix(rng.random((500, 60)) * (rng.random((500, 60)) < 0.05)).T.tocsr()
    full = (a != 0).astype(np.int64) @ (bt != 0).astype(np.int64)  # the bound, row by row
    bound = np.minimum(np.asarray(full.sum(axis=1)).ravel(), bt.shape[1])
    for cells in (50, 400, 10**9):
        monkeypatch.setattr(passages, "DENSE_CELLS", cells)
        chunks = list(passages._product_chunks(a, bt))
        assert [lo for lo, _ in chunks] == [0] + [hi for _, hi in chunks[:-1]]
        assert chunks[-1][1] == a.shape[0]
        for lo, hi in chunks:
            assert hi - lo == 1 or bound[lo:hi].sum() <= cells
            assert (a[lo:hi] @ bt).nnz <= max(cells, bound[lo:hi].sum())
        if cells == 10**9:
            assert chunks == [(0, a.shape[0])]
    assert list(passages._product_chunks(sparse.csr_matrix((0, 60)), bt)) == []


def test_a_long_repeated_line_compares_in_bounded_memory(tmp_path):
    """Two 400 KB texts of one sentence repeated (a scraped page repeating a line) made a
    dense product of sentences x windows of 3.8 GiB: `dedup compare` ran out of memory under
    a 1.5 GB address-space limit (and took 4.1 GB without one; so would `dedup serve` for one
    request under its default size limit)."""
    import resource
    import subprocess
    import sys
    (tmp_path / "r1.txt").write_text("Same sentence again here. " * 16000)
    (tmp_path / "r2.txt").write_text("Same sentence again here. " * 16001)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    proc = subprocess.run([sys.executable, "-m", "dedup", "compare", "r1.txt", "r2.txt"], cwd=tmp_path,
                          capture_output=True, text=True, preexec_fn=limit, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "near-duplicate" in proc.stdout


FIGURES = [
    "Heavy rain flooded the river town of Marlow on Sunday, forcing 340 residents from their homes.",
    "Emergency crews used boats to rescue families trapped on upper floors as the water kept rising.",
    "The Thames burst its banks after three days of storms, the Environment Agency said.",
    "At least 12 people were taken to hospital with minor injuries, the ambulance service said.",
    "Schools and the railway station remained closed on Monday while engineers inspected the bridges.",
    "Forecasters expect more rain later in the week, raising fears of a second flood.",
]


def test_a_sentence_restated_with_a_figure_changed_is_added(tmp_path):
    """An update that changes one figure in a sentence it otherwise keeps ("12 people" ->
    "15 people") reported nothing: the sentence's support is a copy's.  Now that sentence is
    an added passage, while the support (and so the relation) is the same; a sentence keeping
    its figures, or stating a figure the parent states elsewhere, is not."""
    source = text(FIGURES)
    update = source.replace("At least 12 people", "At least 15 people")
    al, corpus = aligned(update, source)
    changed = FIGURES[3].replace("12", "15")
    assert [s.slice(update) for s in al.added] == [changed]
    assert al.supported == aligned(source, source)[0].supported
    same, _ = aligned(source.replace("three days", "several days"), source)
    assert same.added == []
    moved = source.replace("At least 12 people", "At least 340 people")
    assert aligned(moved, source)[0].added == []
    # through batch, and against the text it copied verbatim (a story's strict alignment)
    from dedup import batch
    result = batch([Document("a", source, date="2025-01-01"), Document("b", update, date="2025-01-02")]
                   + [Document(f"o{k}", t) for k, t in enumerate(OTHERS)])
    member = next(m for c in result.clusters for m in c.members if m.id == "b")
    assert member.parent == "a" and [s.slice(update) for s in member.added] == [changed]
    # and the filter's decision, as batch's
    from dedup import Index
    with Index(str(tmp_path / "i.dedup")) as idx:
        for k, t in enumerate(OTHERS):
            idx.add(Document(f"o{k}", t))
        idx.add(Document("a", source))
        decision = idx.check(Document("b", update))
    assert decision.parent == "a" and [s.slice(update) for s in decision.added] == [changed]


# --- a headline of the derivative's own -------------------------------------------------------
# A copy under a new headline restates nothing new, but its headline is its editor's text: all
# its words are in the story (its support, half of which is the share of its terms the parent
# holds, is high), so it was not reported.  It is now, unless the parent's headline or one of
# its sentences restates it closely.  Every headline line above the body is read so (a
# site's line that stage 1 left as text may come first).

HEADLINE = "Marlow flooded as Thames bursts its banks"
NEW_HEADLINE = "Rescuers in boats as worst floods in forty years hit the town of Marlow"


def _copy_under(headline_line: str, source_headline: str | None = HEADLINE):
    src = (source_headline + "\n\n" if source_headline else "") + SOURCE
    der = headline_line + "\n\n" + SOURCE
    docs = [Document("src", src), Document("der", der), Document("fresh", der)]
    docs += [Document(f"o{k}", t) for k, t in enumerate(OTHERS)]
    corpus = Corpus(docs, Options())
    return der, corpus


@pytest.mark.parametrize("source_headline", [HEADLINE, None])
def test_a_new_headline_of_a_copy_is_added(source_headline):
    der, corpus = _copy_under(NEW_HEADLINE, source_headline)
    al = corpus.align(1, 0)
    assert al.retitled == [True]
    assert added_text(al, der) == [NEW_HEADLINE]
    # its support stays that of a restated line: the relation's inputs do not move
    assert al.scores[0] >= Options().sentence_support
    assert al.supported == pytest.approx(1.0)
    # the same through align_many and added_against (as batch reports it) and a fresh index
    many = corpus.align_many(1, [0])[0]
    assert many.retitled == [True] and [s.slice(der) for s in many.added] == [NEW_HEADLINE]
    fresh = SentenceIndex(corpus.options)
    direct = align(corpus.docs[1], corpus.docs[0], corpus.model, fresh, corpus.options)
    assert added_text(direct, der) == [NEW_HEADLINE]


def test_the_same_headline_or_a_lead_sentence_as_headline_is_not_added():
    der, corpus = _copy_under(HEADLINE)
    al = corpus.align(1, 0)
    assert not any(al.retitled) and al.added == []
    # a headline that is one of the source's sentences (without its stop) is not new text
    lead = FLOOD[3].rstrip(".")
    der, corpus = _copy_under(lead)
    al = corpus.align(1, 0)
    assert not any(al.retitled) and al.added == []
    # a first line ending as a sentence does is no headline
    der, corpus = _copy_under(NEW_HEADLINE + ".")
    assert corpus.align(1, 0).retitled == []


def test_a_new_headline_is_added_against_several_texts_only_if_none_has_it():
    from dedup.passages import added_against
    der, corpus = _copy_under(NEW_HEADLINE)
    # doc 2 is the same text as doc 1: it has the headline, so against both it is not new
    both = corpus.align_many(1, [0, 2])
    assert [a.retitled for a in both] == [[True], [False]]
    assert added_against(corpus.docs[1], corpus.sentences, both, corpus.options) == []
    alone = added_against(corpus.docs[1], corpus.sentences, both[:1], corpus.options, [True])
    assert [s.slice(der) for s in alone] == [NEW_HEADLINE]


def test_each_headline_line_above_the_body_is_read():
    from dedup.passages import headlines
    kicker = "Weather watch: the latest from our regional desk today"
    der, corpus = _copy_under(kicker + "\n" + NEW_HEADLINE)
    al = corpus.align(1, 0)
    assert headlines(corpus.docs[1], corpus.sentences.get(corpus.docs[1]).words) == 2
    assert al.retitled == [True, True]
    assert added_text(al, der) == [kicker + "\n" + NEW_HEADLINE]
    # a text of headline lines only keeps its last as a body
    p = prep("One headline here\nAnother line here\nA third line")
    assert headlines(p, sentence_words(p)) == 2


def test_lines_of_a_hard_wrapped_sentence_are_no_headlines():
    from dedup.passages import headlines
    p = prep("Rail line shut for six weeks\n\nThe line between Ashford and Castlebridge will be suspended\n"
             "for at least six weeks after a landslip, the operator said.\n\nBuses will replace trains.")
    assert headlines(p, sentence_words(p)) == 1


def test_a_headline_line_may_hold_sentences_ending_with_a_question_or_exclamation_mark():
    from dedup.passages import headlines
    p = prep("Eight thousand tickets gone in two hours! Why is this museum so popular?\n"
             "The museum reopened on Saturday after a renovation of four years.\n\nMore text here follows.")
    assert headlines(p, sentence_words(p)) == 2
    # a stop inside the line makes it a paragraph's
    p = prep("Tickets went fast. Why is this museum so popular?\n"
             "The museum reopened on Saturday after a renovation of four years.\n\nMore text here follows.")
    assert headlines(p, sentence_words(p)) == 0
