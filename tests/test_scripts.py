"""Scripts written without spaces, end to end: Thai (letters with vowel signs and tones),
Japanese (kana, Chinese characters, half-width and decomposed forms).

The texts in ``fixtures/scripts`` are short made-up news paragraphs: ``th_orig`` (floods),
``th_partial`` (it, with paragraphs added) and seven Thai texts on other subjects;
``ja_sport`` and ``ja_tech`` (two unrelated texts written mostly in katakana), ``ja_nfc``,
``ja_elect``, ``ja_food``, and ``ja_full`` / ``ja_half`` (one text in full-width and in
half-width katakana)."""
from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest

from dedup import Document, batch, compare
from dedup.normalize import tokenize

FIXTURES = Path(__file__).parent / "fixtures" / "scripts"


def text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


THAI_OTHERS = ["th_crime", "th_econ", "th_edu", "th_health", "th_sport", "th_tourism", "th_traffic"]


def test_thai_copy_and_partial_copy_form_one_story_and_unrelated_texts_stay_out():
    docs = [Document(n, text(n)) for n in ["th_orig", "th_partial", *THAI_OTHERS]]
    docs.append(Document("th_copy", text("th_orig")))
    clusters = [c for c in batch(docs).clusters if len(c.members) > 1]
    assert len(clusters) == 1
    members = {m.id: m for m in clusters[0].members}
    assert set(members) == {"th_orig", "th_copy", "th_partial"}
    assert members["th_partial"].relation == "partial"
    # what it added: its own title and its last two paragraphs, not the copied paragraph
    partial, orig = text("th_partial"), text("th_orig")
    copied = orig.split("\n\n")[1]
    at = partial.index(copied)
    spans = [(s.start, s.end) for s in members["th_partial"].added]
    assert spans and all(b <= at or a >= at + len(copied) for a, b in spans)
    assert all(partial[a:b].strip() not in orig for a, b in spans)
    assert sum(b - a for a, b in spans) > len(partial) - len(copied) - 10


@pytest.mark.parametrize("a, b", list(itertools.combinations(["th_orig", *THAI_OTHERS], 2)))
def test_unrelated_thai_texts_are_not_linked(a, b):
    # every Thai text has most Thai letters and many of their pairs: with a letter and its
    # marks as separate words, 18 of these 28 pairs came out linked
    r = compare(Document(a, text(a)), Document(b, text(b)))
    assert r.relation is None and r.similarity < 0.25


def test_unrelated_japanese_texts_in_katakana_are_not_linked():
    # kana are syllables, about 90 of them: as terms of their own they made these two
    # texts look alike (0.27, related)
    r = compare(Document("a", text("ja_sport")), Document("b", text("ja_tech")))
    assert r.relation is None and r.similarity < 0.15
    for a, b in itertools.combinations(["ja_sport", "ja_tech", "ja_nfc", "ja_elect", "ja_food"], 2):
        assert compare(Document(a, text(a)), Document(b, text(b))).relation is None


@pytest.mark.parametrize("form", ["NFD", "NFKD"])
def test_decomposed_japanese_is_a_duplicate_of_the_composed_text(form):
    original = text("ja_nfc")
    other = unicodedata.normalize(form, original)
    assert other != original
    r = compare(Document("a", original), Document("b", other))
    assert r.relation == "duplicate" and r.similarity == 1.0


def test_half_width_katakana_is_a_duplicate_of_full_width():
    r = compare(Document("full", text("ja_full")), Document("half", text("ja_half")))
    assert r.relation == "duplicate"


def test_a_voiced_mark_and_the_prolonged_sound_mark_stay_with_their_kana():
    half = "ｶﾞｰﾃﾞﾝ"
    assert tokenize(half) == [(0, 2, "ガ"), (2, 3, "ー"), (3, 5, "デ"), (5, 6, "ン")]
    decomposed = unicodedata.normalize("NFD", "ガーデン")
    assert [w for _, _, w in tokenize(decomposed)] == ["ガ", "ー", "デ", "ン"]
    # Thai: a letter with the vowel signs and tones that follow it
    assert [w for _, _, w in tokenize("วันนี้")] == ["วั", "น", "นี้"]
    # a mark after a word of a spaced script stays in that word, as before
    assert tokenize("cafe\u0301 x") == [(0, 5, "café"), (6, 7, "x")]
