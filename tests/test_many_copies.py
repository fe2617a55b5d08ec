"""Many copies of one text (a wire story syndicated everywhere, an error page scraped
thousands of times): copies beyond ``max_story`` are joined to their story as duplicates
without being ranked, with the same result for every member as when all are ranked."""
from __future__ import annotations

from dataclasses import replace

import json

from click.testing import CliRunner

from conftest import REWRITE, SOURCE, UNRELATED, write_jsonl
from index_checks import signed_copies_and_rewrites
import numpy as np

from dedup import Document, Options, api, batch
from dedup.cli import main


def _corpus(copies: int) -> list[Document]:
    # copies of SOURCE, dated in reverse id order (the earliest has the largest id), one of
    # them undated, a rewrite of it, and an unrelated text
    docs = [Document(f"c{k:03d}", SOURCE, date=f"2024-05-{1 + (copies - k) % 28:02d}T{k % 24:02d}:00:00")
            for k in range(copies)]
    docs[5] = Document("c005", SOURCE)
    return docs + [Document("rewrite", REWRITE, date="2024-06-01"), Document("bakery", UNRELATED)]


def _members(result) -> dict[str, tuple]:
    return {m.id: (c.cluster, c.original, m.role, m.parent, m.relation, m.similarity, m.added, m.boilerplate)
            for c in result.clusters for m in c.members}


def test_copies_over_max_story_get_what_ranking_them_all_gives(monkeypatch):
    """The same story, roles, parents, relations and spans for every member as the story
    stage gives when it ranks every copy (``_spare_copies`` and ``_spare_content_copies``
    made to spare none, as before),
    on copies dated in no id order, one undated."""
    docs = _corpus(45)
    spared = batch(docs, Options(max_story=10))
    with monkeypatch.context() as m:
        m.setattr(api, "_spare_copies", lambda corpus, identical, most: (identical, {}, np.zeros(0, dtype=np.int64)))
        m.setattr(api, "_spare_content_copies", lambda corpus, groups, most: (groups, []))
        ranked = batch(docs, Options(max_story=10))
    assert spared.stats["spare_copies"] == 35 and ranked.stats["spare_copies"] == 0
    # (the order of the copies among themselves, which falls to ties, may differ)
    assert _members(spared) == _members(ranked)
    # the 45 copies and their rewrite (a text copied over max_story times counts as one
    # text in the story cut, so the rewrite linked to it is not cut off)
    assert spared.stats["clustered_documents"] == ranked.stats["clustered_documents"] == 46
    story = spared.clusters[0]
    assert story.original == "c017"  # the earliest dated copy (2024-05-01)
    copies = [m for m in story.members if m.id not in ("c017", "rewrite")]
    assert len(copies) == 44
    assert {(m.parent, m.relation, m.similarity, tuple(m.added)) for m in copies} == {("c017", "duplicate", 1.0, ())}


def test_a_rewrite_stays_with_the_copies_it_was_ranked_with():
    """Under max_story, copies and a rewrite of them are one story, ranked together."""
    result = batch(_corpus(8), Options(max_story=10))
    story = result.clusters[0]
    assert [m.relation for m in story.members if m.id == "rewrite"] == ["partial"]
    assert result.stats["spare_copies"] == 0


def test_the_earliest_copy_is_the_original_even_when_spared_copies_are_more_numerous():
    """The copies kept for ranking are the earliest dated, so the one ranking picks is
    always among them (here the 2nd-earliest id would otherwise be left out)."""
    docs = [Document(f"c{k:03d}", SOURCE, date="2024-05-02") for k in range(30)]
    docs.append(Document("z-first", SOURCE, date="2024-05-01"))
    result = batch(docs, Options(max_story=3))
    (story,) = result.clusters
    assert story.original == "z-first" and len(story.members) == 31
    assert len({m.id for m in story.members}) == 31


def test_cli_counts_the_spared_copies(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": d.id, "text": d.text, "date": d.date} for d in _corpus(12)])
    r = CliRunner().invoke(main, ["batch", str(path), "--set", "max_story=4", "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 0, r.output
    assert "8 copies of texts copied over max_story times joined their stories" in r.stderr
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["stats"]["spare_copies"] == 8
    # the 12 copies and their rewrite, one story: the copies count as one text in the story
    # cut (they filled max_story, and the raise of the link threshold cut the rewrite off)
    assert [sorted(m["id"] for m in c["members"])[-1] for c in out["clusters"]] == ["rewrite"]
    assert sum(len(c["members"]) for c in out["clusters"]) == 13


def _syndicated(copies: int) -> list[Document]:
    # a wire story on many sites: each copy under its own site's furniture, or signed off
    # with a line of its own
    docs = [Document(f"site{k:03d}", f"{SOURCE}\n\nSign up for the Daily {k} newsletter\n\nShare this\n\n{k} comments")
            for k in range(copies)]
    docs += [Document(f"signed{k:03d}", f"{SOURCE}\n\nReported for outlet number {k} by staff writer {k}.")
             for k in range(copies)]
    return docs + [Document("rewrite", REWRITE), Document("bakery", UNRELATED)]


def test_a_story_copied_by_more_sites_than_max_bucket_and_max_story_is_one_story():
    """Copies of one text by the hundred: their LSH buckets are over max_bucket, which
    proposed no pair, and their linked group over max_story, whose threshold was raised to
    1.0 until it fell apart into single documents: no story at all.  (Small caps here; at
    the defaults, 500 copies under other sites' furniture made no story either.)"""
    result = batch(_syndicated(30), Options(max_bucket=5, max_story=10))
    stories = [{m.id.rstrip("0123456789") for m in c.members} for c in result.clusters]
    # the copies of one text, with its rewrite (the copies count as one text in the story cut)
    assert stories == [{"site", "signed", "rewrite"}, {"bakery"}], stories
    story = result.clusters[0]
    assert len(story.members) == 61
    assert all(m.relation in ("duplicate", "near-duplicate") for m in story.members[1:] if m.id != "rewrite")
    assert [m.relation for m in story.members if m.id == "rewrite"] == ["partial"]
    with_defaults = batch(_syndicated(30))  # under the caps: as before
    assert sorted(len(c.members) for c in with_defaults.clusters)[-1] >= 60


def test_copies_under_other_sites_furniture_are_spared_with_what_ranking_them_all_gives(monkeypatch):
    """Copies with the same content words but other boilerplate (a wire story under each
    site's furniture) are not identical texts; once their linked group is over max_story
    (kept whole by story_copies) those beyond max_story are spared too, each member with
    what ranking them all gives."""
    docs = _syndicated(30)[:30] + [Document("rewrite", REWRITE), Document("bakery", UNRELATED)]
    spared = batch(docs, Options(max_bucket=5, max_story=10))
    with monkeypatch.context() as m:
        m.setattr(api, "_spare_content_copies", lambda corpus, groups, most: (groups, []))
        ranked = batch(docs, Options(max_bucket=5, max_story=10))
    assert spared.stats["spare_copies"] == 20 and ranked.stats["spare_copies"] == 0
    assert _members(spared) == _members(ranked)
    (story,) = [c for c in spared.clusters if len(c.members) > 1]
    assert len(story.members) == 31 and story.original == "site000"  # the 30 copies and the rewrite
    assert all(m.boilerplate for m in story.members if m.id != "rewrite")  # each copy keeps its own furniture's spans


def test_copies_stay_one_story_when_the_first_copy_by_position_is_spared():
    """The exact-copy links and an oversized LSH bucket's star run through the first copy
    in input order; spared (here undated, the others dated), its links were dropped with
    it and the kept copies fell apart into stories of one (at the defaults: 250 copies, the
    first undated, made 200 stories)."""
    docs = [Document(f"c{k:03d}", SOURCE, date=None if k == 0 else f"2024-05-{1 + k % 20:02d}") for k in range(30)]
    options = Options(max_story=10, max_bucket=5, passage_max_docs=5)
    result = batch(docs, options)
    assert result.stats["spare_copies"] == 20
    assert [len(c.members) for c in result.clusters] == [30]


def test_copies_without_content_words_are_one_story_in_any_input_order():
    """Copies with no content words are linked only by the exact-copy links, from the first
    copy in input order: when it was spared, the kept copies were each a story of one."""
    import random

    docs = [Document(f"n{k:03d}", "Related posts") for k in range(15)] + [Document("bakery", UNRELATED)]
    for seed in range(3):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        result = batch(shuffled, Options(max_story=4))
        assert sorted(len(c.members) for c in result.clusters) == [1, 15], seed


def test_spared_copies_get_the_parent_the_ranked_copies_get(monkeypatch):
    """A member with the same content words (paragraphs reordered: cosine 1.0) ranked above
    the copies was every ranked copy's parent (the higher-ranked on a tie), and the spared
    copies were made duplicates of the first copy instead.  Of equally similar members, a
    copy of the same content is now the parent (2026-12-06): the first copy's parent is the
    reordered text, every other copy, ranked or spared, a duplicate of the first."""
    paras = SOURCE.split("\n\n")
    reordered = "\n\n".join([paras[0], paras[2].rstrip("\n"), paras[1]]) + "\n"
    docs = [Document(f"c{k:03d}", SOURCE, date="2024-05-03") for k in range(14)]
    docs.append(Document("reordered", reordered, date="2024-05-01"))
    spared = batch(docs, Options(max_story=5))
    with monkeypatch.context() as m:
        m.setattr(api, "_spare_copies", lambda corpus, identical, most: (identical, {}, np.zeros(0, dtype=np.int64)))
        ranked = batch(docs, Options(max_story=5))
    assert spared.stats["spare_copies"] == 9
    assert _members(spared) == _members(ranked)
    got = {m.id: (m.parent, m.relation) for m in spared.clusters[0].members[1:]}
    assert got.pop("c000") == ("reordered", "near-duplicate")
    assert set(got.values()) == {("c000", "duplicate")} and len(got) == 13


def _signed(copies: int, dated: bool = False) -> list[Document]:
    # near-copies of one text: each signed off by its outlet (other words in every copy)
    return [Document(f"signed{k:03d}", f"{SOURCE}\n\nReported for outlet number {k} by staff writer {7 * k + 3}.",
                     date=f"2024-05-{2 + k % 20:02d}" if dated else None)
            for k in range(copies)]


def _no_near_copies_spared(monkeypatch) -> None:
    monkeypatch.setattr(api, "_spare_near_copies", lambda corpus, groups, *rest: (groups, {}))


def test_near_copies_over_max_story_are_one_story_with_what_ranking_them_all_gives(monkeypatch):
    """Near-copies by the hundred (other words in each: no two have the same content words)
    were ranked whole, with a square similarity matrix, story cut and ranking: 5,000 took
    1.7 GB, 20,000 would not fit.  Now the max_story ranked first are the story and the
    others join it after the ranking: the same story, original, roles and relations as
    ranking them all, each joined copy a derivative of its most similar ranked member."""
    docs = _signed(30) + [Document("rewrite", REWRITE), Document("bakery", UNRELATED)]
    options = Options(max_bucket=5, max_story=10)
    spared = batch(docs, options)
    with monkeypatch.context() as m:
        _no_near_copies_spared(m)
        ranked = batch(docs, options)
    # 30 copies and their rewrite (the copies count as one text in the story cut): the
    # rewrite and 9 copies are ranked
    assert spared.stats["spare_near_copies"] == 21 and ranked.stats["spare_near_copies"] == 0
    assert spared.stats["spare_copies"] == 0  # (no two have the same content words)

    def roles(result):
        return {m.id: (c.original, m.role, m.relation, len(c.members)) for c in result.clusters for m in c.members}

    assert roles(spared) == roles(ranked)
    (story,) = [c for c in spared.clusters if len(c.members) > 1]
    assert len(story.members) == 31
    assert {m.relation for m in story.members[1:] if m.id != "rewrite"} == {"near-duplicate"}
    assert "rewrite" in {m.id for m in story.members[:10]}  # ranked: it is no copy
    kept, joined = story.members[:10], story.members[10:]
    kept_ids = {m.id for m in kept}
    corpus = api.Corpus(docs, options)
    pos = {d.id: k for k, d in enumerate(docs)}
    for m in joined:
        assert m.parent in kept_ids  # never another joined copy
        sims = {k: float(corpus.similarity([pos[m.id], pos[k]])[0, 1]) for k in kept_ids}
        assert m.similarity == round(sims[m.parent], 4) == round(max(sims.values()), 4)
        # what it added can only be its own sign-off line
        assert all(s.start >= len(SOURCE) for s in m.added), (m.id, m.added)
    assert any(m.added for m in joined)  # (some sign-off lines are found added, as in ranked members)


def test_near_copies_are_never_ranked_or_cut_in_a_matrix_over_max_story(monkeypatch):
    """What made them quadratic: the story cut's and the story's square matrices."""
    sizes = []
    similarity, shares = api.Corpus.similarity, api.Corpus.shares_passage
    monkeypatch.setattr(api.Corpus, "similarity", lambda self, idx: sizes.append(len(idx)) or similarity(self, idx))
    monkeypatch.setattr(api.Corpus, "shares_passage", lambda self, idx: sizes.append(len(idx)) or shares(self, idx))
    result = batch(_signed(40), Options(max_bucket=5, max_story=8))
    assert [len(c.members) for c in result.clusters] == [40]
    assert sizes and max(sizes) <= 8


def test_the_earliest_dated_near_copy_is_the_original_however_many_there_are():
    """The near-copies kept for the ranking are the earliest dated, so the one the dates
    make the original is among them (here the one with the latest id)."""
    docs = _signed(30, dated=True)
    docs.append(Document("z-first", f"{SOURCE}\n\nReported by our correspondent.", date="2024-05-01"))
    result = batch(docs, Options(max_bucket=5, max_story=5))
    (story,) = result.clusters
    assert story.original == "z-first" and len(story.members) == 31
    assert result.stats["spare_near_copies"] == 26


def test_near_copies_in_any_input_order_make_the_same_story():
    import random

    docs = _signed(25) + [Document("bakery", UNRELATED)]
    options = Options(max_bucket=5, max_story=6)
    first = _members(batch(docs, options))
    for seed in range(2):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert _members(batch(shuffled, options)) == first, seed


def test_cli_counts_the_spared_near_copies(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": d.id, "text": d.text} for d in _signed(20)])
    r = CliRunner().invoke(main, ["batch", str(path), "--set", "max_story=4", "--set", "max_bucket=5",
                                  "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 0, r.output
    assert "16 near-copies (or copies) in stories over max_story joined them after the ranking" in r.stderr
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["stats"]["spare_near_copies"] == 16
    assert [len(c["members"]) for c in out["clusters"]] == [20]


def test_a_rewrite_of_a_text_copied_over_max_story_times_stays_in_its_story(monkeypatch):
    """The copies of a text copied more than max_story times count as one text in the
    story cut.  They filled max_story, and the raise of the link threshold cut off what
    was linked to them: at the defaults, the four rewrites of a story copied by 300 sites
    among 10,000 Reuters stories were each left alone."""
    docs = _signed(30) + [Document("rewrite", REWRITE), Document("bakery", UNRELATED)]
    options = Options(max_bucket=5, max_story=10)
    (story,) = [c for c in batch(docs, options).clusters if len(c.members) > 1]
    assert len(story.members) == 31
    assert [(m.role, m.relation) for m in story.members if m.id == "rewrite"] == [("derivative", "partial")]
    assert story.original.startswith("signed")
    # each copy counted, as before (and no verbatim-passage links, which the split no
    # longer cuts either, and which the rewrite has with the copies): left alone
    monkeypatch.setattr(api, "_copy_groups_over", lambda *args: None)
    stories = [{m.id for m in c.members} for c in batch(docs, replace(options, passage_min_shared=0)).clusters]
    assert {"rewrite"} in stories and not any("rewrite" in s and len(s) > 1 for s in stories)


def test_identical_copies_and_copies_under_other_furniture_of_one_text_are_all_in_its_story():
    """A text copied more than max_story times both identically and under other sites'
    furniture: the identical copies' first kept copy is also the first kept copy of its
    content words (or is spared with them), and the identical copies spared were lost
    (keyed by the same first copy, one text's spared copies overwrote the other's)."""
    for first in ("id", "z"):  # the identical copies ranked first, or the other copies
        docs = [Document(f"{first}{k:02d}", SOURCE) for k in range(3)]
        docs += [Document(f"site{k:02d}", f"{SOURCE}\n\nShare this\n\n{k} comments") for k in range(3)]
        result = batch(docs, Options(max_story=2, max_bucket=5))
        assert result.stats["spare_copies"] == 4
        assert sorted(m.id for c in result.clusters for m in c.members) == sorted(d.id for d in docs), first
        (story,) = result.clusters
        ranked = {m.id: n for n, m in enumerate(story.members)}
        assert all(ranked[m.parent] < ranked[m.id] for m in story.members[1:])


def test_a_story_of_one_ranked_member_and_its_near_copies_does_not_say_single_document():
    """The story cut can leave one kept member alone, its near-copies joined to it: its
    reasons said "single document" for a story of many (found by a review, with the cut
    forced: cohesion 0.99, no reattaching, no verbatim-passage links)."""
    docs = _signed(14) + [Document(f"r{k:02d}", f"{REWRITE}\n\nFiled by desk number {k} for outlet {3 * k + 1}.")
                          for k in range(10)]
    options = Options(max_story=5, max_bucket=5, story_cohesion=0.99, story_reattach=0.999, passage_min_shared=10000)
    result = batch(docs, options)
    assert sorted(m.id for c in result.clusters for m in c.members) == sorted(d.id for d in docs)
    joined = [c for c in result.clusters if len(c.members) > 1 and "single document" in c.reasons]
    assert not joined, [(c.original, len(c.members)) for c in joined]
    assert any(c.reasons == ["one member ranked: the others are its near-copies, joined unranked"]
               for c in result.clusters)


def _stories(result) -> dict[str, tuple]:
    # what each member gets, the story by its members (its name follows the input order)
    return {m.id: (frozenset(x.id for x in c.members), c.original, c.reasons, m.role, m.parent, m.relation,
                   m.similarity, m.added, m.boilerplate)
            for c in result.clusters for m in c.members}


def test_near_copies_kept_for_the_ranking_do_not_depend_on_the_input_order():
    """The near-copies kept for the ranking were chosen by their centrality, summed in the
    input order: near-copies as central (each signed off with two words of its own, all as
    rare) differed in the last bits, and the input order chose which were kept, so the
    story's original and every member's parent changed with a shuffle (found by a review,
    in a random mix of copies; this mix, found again once repeated sentences were counted
    once, differs in 2 of these 10 shuffles with the sums in input order).  Since third
    members tell near copies apart (2026-12-06), the plain text is the original: each
    signed copy's sign-off is its own, held by no other copy."""
    import random

    words = ["zorblat", "quenvik", "mardoxa", "teliport", "vosquin", "brantel", "cuddrin", "pelmarq", "fistrol",
             "gavenli"]
    docs = [Document(f"id{k}", SOURCE) for k in range(2)]
    docs += [Document(f"signed{k:03d}", f"{SOURCE}\n\nFiled from {words[2 * k % 10]} for the {words[(2 * k + 1) % 10]} desk.")
             for k in range(7)]
    options = Options(max_story=4, max_bucket=5)
    first = _stories(batch(docs, options))
    assert {v[1] for v in first.values()} == {"id0"}
    for seed in range(10):
        assert _stories(batch(random.Random(seed).sample(docs, len(docs)), options)) == first, seed


def test_copies_with_the_same_words_are_ranked_by_id_in_any_member_order():
    """Copies with the same content words under other sites' furniture tie on every signal,
    but their scores, summed over the members in the story's order, differed in the last
    bits: the input order, not the id, chose the original among them and so every member's
    parent."""
    import random

    docs = [Document(f"site{k}", f"{SOURCE}\n\nShare this\n\n{k} comments") for k in range(6)]
    docs += [Document("rewrite", REWRITE), Document("bakery", UNRELATED)]
    corpus = api.Corpus(docs, Options())

    def story(members):
        c = api._story(corpus, members, "s1")
        return c.reasons, [(m.id, m.parent, m.relation, m.similarity, m.added) for m in c.members]

    first = story(list(range(7)))
    assert [m[0] for m in first[1]] == [f"site{k}" for k in range(6)] + ["rewrite"]
    for seed in range(30):
        assert story(random.Random(seed).sample(range(7), 7)) == first, seed


def test_many_near_copies_joined_in_shared_tasks_are_the_same_members(monkeypatch):
    """A story's near-copies beyond NEAR_COPIES_PER_TASK are joined after the stories, in
    tasks the workers share: the same members, in the same order, as joined in the story's
    own task, with one worker or two."""
    docs = _signed(40) + [Document("rewrite", REWRITE), Document("bakery", UNRELATED)]
    options = Options(max_bucket=5, max_story=6)

    def out(result):
        return [(c.cluster, c.original, c.confidence, c.reasons, c.members) for c in result.clusters]

    whole = batch(docs, options)
    assert whole.stats["spare_near_copies"] == 35
    monkeypatch.setattr(api, "NEAR_COPIES_PER_TASK", 4)
    for jobs in (1, 2):
        shared = batch(docs, options, jobs=jobs)
        assert out(shared) == out(whole), jobs
        assert shared.stats == whole.stats
    # a story whose ranked part is one member says so, joined late too
    cut = Options(max_story=5, max_bucket=5, story_cohesion=0.99, story_reattach=0.999, passage_min_shared=10000)
    docs = _signed(14) + [Document(f"r{k:02d}", f"{REWRITE}\n\nFiled by desk number {k} for outlet {3 * k + 1}.")
                          for k in range(10)]
    late = batch(docs, cut)
    monkeypatch.setattr(api, "NEAR_COPIES_PER_TASK", 10_000)
    assert out(late) == out(batch(docs, cut))


def test_a_rewrite_of_a_text_copied_many_times_is_still_a_rewrite_of_it():
    """Counted in every copy, the text's words became the corpus's most common ones: the
    rewrites' similarity to the copies fell (all four `related`; with 150 copies they were not
    even linked).  A sentence repeated in many documents is counted once
    (:func:`dedup.features.counted_units`), so each is a rewrite or partial copy, as with one copy."""
    signed, other, rewrites = signed_copies_and_rewrites()
    result = batch(signed + other + rewrites)
    story = next(c for c in result.clusters if any(m.id == "c000" for m in c.members))
    got = {m.id: m.relation for m in story.members if m.id.startswith("rw-")}
    assert len(got) == 4 and set(got.values()) <= {"rewrite", "partial"}, got
    # each copy's content sentences of 3 or more terms but the first copy's (not the
    # signatures, which differ): a multiple of 39
    repeated = result.stats["repeated_sentences"]
    assert repeated >= 39 * 10 and repeated % 39 == 0
    one = batch(signed[:1] + other + rewrites)
    assert one.stats["repeated_sentences"] == 0
    alone = {m.id: m.relation for c in one.clusters for m in c.members if m.id.startswith("rw-")}
    assert alone.keys() == got.keys() and set(alone.values()) <= {"rewrite", "partial"}
