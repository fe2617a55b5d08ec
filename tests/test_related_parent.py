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


def testfigures_shared():
    from types import SimpleNamespace as S
    from dedup.api import figures_shared
    a = S(numbers={"10", "20", "30", "40", "50"})
    b = S(numbers={"10", "20", "30", "60", "70", "80"})
    c = S(numbers={"91", "92", "93", "94", "95"})
    few = S(numbers={"10", "20"})
    assert figures_shared(a, b, Options())  # 3 of 5 shared
    assert not figures_shared(a, c, Options())
    assert not figures_shared(a, few, Options())  # too few to tell


# Made-up texts: A reports a decision; B, written independently, covers another side of it
# (related to A); C retells B loosely: B's subject words, none of its sentences restated.
A = ("Harbour council approves new tidal barrier for Velmora. "
     "The council of Velmora voted on Tuesday to build a tidal barrier across the old harbour mouth. "
     "Engineers say the barrier will protect four hundred homes from winter storm surges. "
     "Construction is due to start next spring and last three years. "
     "The mayor said the vote ended a decade of debate about flooding in the lower town.")
B = ("Fishermen worry about Velmora tidal barrier plans after council vote. "
     "The council vote on the tidal barrier across the harbour mouth worries the fishing fleet of Velmora. "
     "Boat owners in the lower town fear the planned harbour barrier could block their route to the sea at low tide. "
     "The fishing cooperative has asked for a wider navigation gap and a night lock. "
     "Several skippers said the surge gates would add an hour to every trip. "
     "A spokesman for the cooperative said members support flood protection but want the design changed.")
C = ("Velmora skippers press for wider gap in harbour barrier. "
     "Trawler crews from the lower town of Velmora say a narrow barrier gate at the harbour would cost them an hour each way. "
     "Crews asked the planners for an overnight passage scheme for their vessels. "
     "Fishermen back protection from floods, their spokesman said, yet they want changes to the plan.")
FILL = [f"Unrelated item number {k} about {w} markets and {v} prices in the region this week. Traders expected quiet sessions."
        for k, (w, v) in enumerate([("grain", "wheat"), ("metal", "copper"), ("energy", "gas"),
                                    ("textile", "cotton"), ("fruit", "apple"), ("dairy", "milk")])]


def _docs():
    from dedup import Document
    return ([Document("a", A, date="2025-01-01"), Document("b", B, date="2025-01-02"),
             Document("c", C, date="2025-01-03")] + [Document(f"f{k}", t) for k, t in enumerate(FILL)])


def _member(result, doc_id):
    return next(m for c in result.clusters for m in c.members if m.id == doc_id)


def test_batch_a_loose_retelling_of_a_related_member_is_related():
    from dedup import batch
    on, off = batch(_docs(), Options()), batch(_docs(), Options(related_parent_support=0.0))
    # one story: A the original, B related to it, C B's child, loosely retold: related too
    assert _member(on, "b").relation == "related" and _member(on, "b").parent == "a"
    assert _member(on, "c").parent == "b" and _member(on, "c").relation == "related"
    # without the test C is a rewrite of B (what classify alone says); then A, dated first
    # but only related to both, does not head the story (original.derived_head): B does
    assert _member(off, "c").parent == "b" and _member(off, "c").relation == "rewrite"
    assert _member(off, "b").role == "original" and _member(off, "a").relation == "related"

