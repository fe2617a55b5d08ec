"""A member whose parent is itself `related` needs close evidence to be derived from it."""
from dedup import Options
from dedup.api import inherits_related
from dedup.score import PairEvidence

LOOSE = PairEvidence(similarity=0.42, supported=1.0, shingle_containment=0.0, identical=False,
                     term_containment=0.38, shared_specificity=0.87, close_support=0.0)


def test_loose_rewrite_of_an_independent_text_is_related():
    assert inherits_related("rewrite", "related", LOOSE, False, Options())
    assert inherits_related("partial", "related", LOOSE, False, Options())


def test_parent_derived_or_original_keeps_the_relation():
    assert not inherits_related("rewrite", "rewrite", LOOSE, False, Options())
    assert not inherits_related("rewrite", None, LOOSE, False, Options())  # parent is the original


def test_close_support_passage_shingles_or_figures_keep_it_derived():
    close = PairEvidence(**{**LOOSE.__dict__, "close_support": 0.5})
    passage = PairEvidence(**{**LOOSE.__dict__, "shared_passage": True})
    shingles = PairEvidence(**{**LOOSE.__dict__, "shingle_containment": 0.8})
    for ev in (close, passage, shingles):
        assert not inherits_related("rewrite", "related", ev, False, Options())
    assert not inherits_related("rewrite", "related", LOOSE, True, Options())


def test_zero_turns_it_off_and_related_stays_related():
    assert not inherits_related("rewrite", "related", LOOSE, False, Options(related_parent_support=0.0))
    assert not inherits_related("related", "related", LOOSE, False, Options())


def test_figures_shared():
    from types import SimpleNamespace as S
    from dedup.api import _figures_shared
    a = S(numbers={"10", "20", "30", "40", "50"})
    b = S(numbers={"10", "20", "30", "60", "70", "80"})
    c = S(numbers={"91", "92", "93", "94", "95"})
    few = S(numbers={"10", "20"})
    assert _figures_shared(a, b, Options())  # 3 of 5 shared
    assert not _figures_shared(a, c, Options())
    assert not _figures_shared(a, few, Options())  # too few to tell
