"""Reporters quoting one speaker word for word, each in an article of their own, are
`related`, not partial copies (``Options.quote_close_support``, ``passages.quotes_only``,
``passages.QUOTE_OWN_NAMES``); a partial copy, which restates its source's own sentences,
stays derived."""
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from dedup import Index, Options, batch, compare
from dedup.document import Document
from dedup.normalize import quotations
from dedup.score import PairEvidence, classify

from conftest import FILL

HERE = Path(__file__).parent / "fixtures" / "quotes"


def _text(name: str) -> str:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8")




# --- quotations -----------------------------------------------------------------------

@pytest.mark.parametrize("text, quoted", [
    ('He said: “We will pay.” Then he left.', ["We will pay."]),
    ("Sie sagte: „Wir zahlen.“ Dann ging sie.", ["Wir zahlen."]),
    ("Sie sagte: „Wir zahlen.” Dann ging sie.", ["Wir zahlen."]),
    ("Il a dit : « Nous paierons. » Puis il est parti.", [" Nous paierons. "]),
    ("Hun sa: »Vi betaler.« Så gikk hun.", ["Vi betaler."]),
    ("Han sa: ”Vi betalar.” Sedan gick han.", ["Vi betalar."]),
    ('She said "we will pay" and "soon".', ["we will pay", "soon"]),
    ("彼は「払う」と言った。", ["払う"]),
    ("他说『我们会付钱』。", ["我们会付钱"]),
    ("No quotation here, only a 5\" screen.", []),
    ("A quotation “that does not close\non its line” is none.", []),
])
def test_quotations_of_each_kind_of_mark(text, quoted):
    assert [text[a:b] for a, b in quotations(text)] == quoted


@given(st.text(alphabet=st.sampled_from(list('ab \n"“”„«»「」『』.')), max_size=80))
def test_quotations_are_ordered_spans_inside_their_marks(text):
    spans = quotations(text)
    end = 0
    for a, b in spans:
        assert 1 <= a <= b < len(text) + 1
        assert a - 1 >= end  # in text order, never overlapping (marks included)
        assert text[a - 1] in '"“”„«»「『'
        assert text[b] in '"“”«»」』'
        assert "\n" not in text[a:b]
        end = b + 1


# --- classify -----------------------------------------------------------------------

def test_classify_calls_a_partial_sharing_only_quotes_related_and_leaves_rewrites():
    partial = dict(similarity=0.5, supported=0.45, shingle_containment=0.12, identical=False)
    assert classify(PairEvidence(**partial), Options()) == "partial"
    assert classify(PairEvidence(**partial, quotes_only=True), Options()) == "related"
    rewrite = dict(similarity=0.6, supported=0.9, shingle_containment=0.12, identical=False)
    assert classify(PairEvidence(**rewrite, quotes_only=True), Options()) == "rewrite"
    near = dict(similarity=0.9, supported=0.95, shingle_containment=0.9, identical=False)
    assert classify(PairEvidence(**near, quotes_only=True), Options()) == "near-duplicate"


# --- compare, batch and the filter on texts written for this test ----------------------

@pytest.mark.parametrize("lang", ["en", "de"])
def test_compare_calls_an_independent_report_with_the_same_quotes_related(lang):
    original = Document("original", _text(f"original_{lang}"))
    own = Document("independent", _text(f"independent_{lang}"))
    c = compare(original, own)
    assert c.relation == "related"
    assert c.source is None
    assert c.evidence["quotes_only"] is True
    # the same pair without the test: a partial copy (what it was called before)
    off = compare(original, own, Options(quote_close_support=0.0))
    assert off.relation == "partial"
    assert off.evidence["quotes_only"] is False


@pytest.mark.parametrize("lang", ["en", "de"])
def test_compare_keeps_a_partial_copy_with_the_same_quotes_derived(lang):
    c = compare(Document("original", _text(f"original_{lang}")), Document("copy", _text(f"partial_{lang}")))
    assert c.relation in ("partial", "rewrite")
    assert c.source == "original"
    assert c.evidence["quotes_only"] is False


def _corpus(lang: str) -> list[Document]:
    return [Document("original", _text(f"original_{lang}"), date="2025-03-04"),
            Document("independent", _text(f"independent_{lang}"), date="2025-03-04"),
            Document("copy", _text(f"partial_{lang}"), date="2025-03-05"),
            *(Document(f"f{k}", t) for k, t in enumerate(FILL))]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_batch_keeps_the_copy_derived_and_the_independent_report_related(lang):
    clusters = batch(_corpus(lang)).clusters
    member = {m.id: (c, m) for c in clusters for m in c.members}
    copy_cluster, copy = member["copy"]
    assert copy_cluster.original == "original"
    assert copy.relation in ("partial", "rewrite")
    _, own = member["independent"]
    assert own.role == "original" and len(member["independent"][0].members) == 1 or own.relation == "related"
    # without the test the independent report was a derivative of the original
    off = {m.id: m for c in batch(_corpus(lang), Options(quote_close_support=0.0)).clusters for m in c.members}
    assert off["independent"].relation in ("partial", "rewrite")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_filter_calls_an_independent_report_related(tmp_path, lang):
    with Index(str(tmp_path / "i.dedup")) as idx:
        for d in [Document(f"f{k}", t) for k, t in enumerate(FILL)] + [Document("original", _text(f"original_{lang}"))]:
            idx.add(d)
        own = idx.check(Document("independent", _text(f"independent_{lang}")))
        assert own.status in ("new", "related")
        assert all(m.relation == "related" for m in own.matches)
        copy = idx.check(Document("copy", _text(f"partial_{lang}")))
        assert copy.status in ("partial", "rewrite")
        assert copy.parent == "original"


def test_the_option_is_checked():
    with pytest.raises(ValueError, match="quote_close_support"):
        Options(quote_close_support=1.5)


def test_compare_command_says_why_in_its_evidence_line():
    from click.testing import CliRunner

    from dedup.cli import main
    result = CliRunner().invoke(main, ["compare", str(HERE / "original_en.txt"), str(HERE / "independent_en.txt")])
    assert result.exit_code == 0, result.output
    assert "relation: related" in result.output
    assert "shares quoted words and names its own sources (related)" in result.output
    result = CliRunner().invoke(main, ["compare", str(HERE / "original_en.txt"), str(HERE / "partial_en.txt")])
    assert result.exit_code == 0, result.output
    assert "names its own sources" not in result.output


def test_a_rewrite_keeping_a_quote_and_naming_no_one_new_stays_derived(monkeypatch):
    """A heavy paraphrase of the English original keeping one of its quotes: it restates
    nothing closely outside the quote either, but names only its source's people, so it is
    no report of its own (without the names test it would be `related`)."""
    original = Document("original", _text("original_en"))
    rewrite = Document("rewrite", _text("rewrite_en"))
    c = compare(original, rewrite)
    assert c.relation == "partial" and c.source == "original"
    assert c.evidence["quotes_only"] is False
    import dedup.passages
    monkeypatch.setattr(dedup.passages, "QUOTE_OWN_NAMES", 0)
    assert compare(original, rewrite).relation == "related"


def test_own_names_counts_pairs_of_name_words_the_other_text_lacks():
    from dedup.api import Corpus
    c = Corpus([Document("original", _text("original_en")), Document("independent", _text("independent_en")),
                Document("rewrite", _text("rewrite_en"))], Options())
    # the independent report's own people: Nadia Corrigan, Kells Point, Tomas Brennock
    assert c.own_names(1, 0) >= 3
    assert c.own_names(2, 0) == 0
    assert c.own_names(0, 0) == 0


def test_own_names_skip_title_case_headlines_and_declined_names():
    """A headline in title case names nobody; a name written in another case ("Irena
    Sowiak" / "Irenie Sowiak") is the same person (a reviewer's cases)."""
    from dedup.api import Corpus
    a = ("Port board delays the channel plan\n\nThe port board said on Monday that director Irena Sowiak "
         "had asked for a new study of the channel before any work starts this year.")
    b = ("Port Board Delays Channel Plan Again After Long Talks\n\nThe board told reporters that the director, "
         "according to Irenie Sowiak herself, wanted a fresh study of the channel first.")
    c = ("Port board delays the channel plan\n\nThe board said that analyst Marek Zielny and the harbour pilot "
         "Ewa Brand had both asked for a new study of the channel.")
    corpus = Corpus([Document("a", a), Document("b", b), Document("c", c)], Options())
    assert corpus.own_names(1, 0) == 0
    assert corpus.own_names(2, 0) == 2  # two people of its own


def test_a_report_that_also_copies_a_sentence_of_its_own_words_stays_derived(monkeypatch):
    """The independent report with one of the original's own sentences (not a quotation,
    over 15 words) pasted in: a verbatim run outside quotations is copying."""
    pasted = ("The original plan, approved in 2022, would have deepened the channel to 14 metres so "
              "that container ships of up to 9,000 units could call at the port.")
    text = _text("independent_en").replace("Shipping firms were not available for comment.",
                                           "Shipping firms were not available for comment. " + pasted)
    c = compare(Document("original", _text("original_en")), Document("independent", text))
    assert c.evidence["quotes_only"] is False
    assert c.relation in ("partial", "rewrite")
