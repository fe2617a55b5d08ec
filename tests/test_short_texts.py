"""Two short texts (news briefs of a sentence or two) are derived only when one restates the
other closely (``score.SHORT_WORDS``): a reviewer's one-sentence briefs on other events of one
city and day ("Police in Leeds arrested ...", "The city council in Leeds approved ...") were a
`rewrite` of each other in batch, compare and the filter, so `--emit new` dropped them."""
from __future__ import annotations

from dedup import Document, Index, batch, compare
from dedup import score
from dedup.config import Options

BRIEFS = {
    "robbery": "Police in Leeds arrested a 34-year-old man on Tuesday after a robbery at a petrol station on the ring road.",
    "rescue": "Firefighters in Bristol rescued a 7-year-old girl on Tuesday after she fell into the river near the harbour.",
    "lottery": "A 52-year-old woman in Glasgow won 2 million pounds in the lottery on Saturday, the operator said.",
    "stabbing": "Police in Manchester arrested a 19-year-old man on Friday after a stabbing outside a nightclub in the city centre.",
    "cycle lane": "The city council in Leeds approved a new cycle lane on Tuesday after a vote on the ring road plan.",
}
# the robbery brief told again, closely, and with a sentence more
EDIT = "Leeds police arrested a man, 34, on Tuesday following a robbery at a petrol station on the city's ring road."
LONGER = BRIEFS["robbery"] + " He is due in court on Friday."
DERIVED = ("duplicate", "near-duplicate", "partial", "rewrite")


def test_briefs_on_other_events_are_not_copies_in_batch():
    result = batch([Document(k, t) for k, t in BRIEFS.items()])
    relations = {m.id: m.relation for c in result.clusters for m in c.members}
    assert not any(r in DERIVED for r in relations.values()), relations


def test_a_brief_told_again_closely_stays_derived():
    docs = [Document(k, t) for k, t in BRIEFS.items()] + [Document("edit", EDIT), Document("longer", LONGER)]
    result = batch(docs)
    relations = {m.id: m.relation for c in result.clusters for m in c.members}
    parents = {m.id: m.parent for c in result.clusters for m in c.members}
    assert relations["edit"] in DERIVED or relations["robbery"] in DERIVED, relations
    assert "robbery" in (parents["edit"], parents["robbery"]) or parents["longer"] == "robbery", parents
    assert relations["longer"] in DERIVED or relations["robbery"] in DERIVED, relations
    assert relations["stabbing"] not in DERIVED and relations["cycle lane"] not in DERIVED, relations


def test_compare_says_why_two_briefs_are_related():
    c = compare(Document("a", BRIEFS["robbery"]), Document("b", BRIEFS["stabbing"]))
    assert c.relation == "related" and c.evidence["short_texts"] is True, (c.relation, c.evidence)
    assert c.evidence["close_support"] < 0.3
    closely = compare(Document("a", BRIEFS["robbery"]), Document("b", EDIT))
    assert closely.relation in DERIVED and closely.evidence["short_texts"] is True, (closely.relation, closely.evidence)


def test_the_filter_passes_a_brief_on_another_event(tmp_path):
    with Index(tmp_path / "b.dedup") as idx:
        idx.add(Document("robbery", BRIEFS["robbery"]))
        for k in ("stabbing", "cycle lane"):
            d = idx.check(Document(k, BRIEFS[k]))
            assert d.status in ("new", "related"), (k, d.status, d.matches)
        assert idx.check(Document("edit", EDIT)).status in DERIVED


def test_classify_asks_short_texts_for_close_support():
    o = Options()
    ev = score.PairEvidence(similarity=0.47, supported=1.0, shingle_containment=0.0, identical=False,
                            close_support=0.0, short=True)
    assert score.classify(ev, o) == "related"
    assert score.classify(score.PairEvidence(similarity=0.47, supported=1.0, shingle_containment=0.0,
                                             identical=False, close_support=0.0, short=False), o) == "rewrite"
    assert score.classify(score.PairEvidence(similarity=0.7, supported=1.0, shingle_containment=0.0,
                                             identical=False, close_support=1.0, short=True), o) == "rewrite"
