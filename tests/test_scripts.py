"""Languages and scripts beyond English, end to end: scripts written without spaces (Thai
letters with vowel signs and tones; Japanese kana, Chinese characters, half-width and
decomposed forms; Khmer punctuation, Thai digits), then the comparison forms, numbers,
sentence stops and short lines of Arabic, Persian, Hebrew, Greek, Turkish, Hindi, Armenian,
Korean and Vietnamese texts.

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


def test_a_voiced_mark_stays_with_its_kana_and_the_prolonged_sound_mark_joins_the_run():
    from dedup.features import terms
    half = "ｶﾞｰﾃﾞﾝ"
    assert tokenize(half) == [(0, 2, "ガ"), (2, 3, "ー"), (3, 5, "デ"), (5, 6, "ン")]
    assert terms([w for _, _, w in tokenize(half)], 6) == ["ガー", "ーデ", "デン"]
    decomposed = unicodedata.normalize("NFD", "ガーデン")
    assert [w for _, _, w in tokenize(decomposed)] == ["ガ", "ー", "デ", "ン"]
    # Thai: a letter with the vowel signs and tones that follow it
    assert [w for _, _, w in tokenize("วันนี้")] == ["วั", "น", "นี้"]
    # a mark after a word of a spaced script stays in that word, as before
    assert tokenize("cafe\u0301 x") == [(0, 5, "café"), (6, 7, "x")]


# --- other languages: comparison forms, sentence ends, short lines -----------------------
# (made-up texts: ar_orig with ar_harakat (fully vocalized) and ar_tatweel (kashida in 12
# words); he_orig and he_niqqud (pointed); fa_orig and fa_arabic_yk (Arabic yeh and kaf);
# tr_orig and tr_caps_headline (its headline in capitals); ar_digits_ascii / _eastern (the
# same text with ASCII and Arabic-Indic digits); vi_nfc / vi_nfd; el_orig with el_noaccent
# and el_caps_headline; hi_headline; hy_orig)

@pytest.mark.parametrize("a, b", [("ar_orig", "ar_harakat"), ("ar_orig", "ar_tatweel"), ("he_orig", "he_niqqud"),
                                  ("fa_orig", "fa_arabic_yk"), ("tr_orig", "tr_caps_headline"),
                                  ("ar_digits_ascii", "ar_digits_eastern"), ("vi_nfc", "vi_nfd"),
                                  ("el_orig", "el_noaccent"), ("el_orig", "el_caps_headline")])
def test_spelling_variants_of_one_text_are_duplicates(a, b):
    # optional vowel points, kashida, Arabic vs Persian letters, Turkish İ/I casing, digits
    # of another script, Greek accents: on d2d9ed3, 0.028 / 0.850 / 0.024 / 0.535 / 0.977 /
    # 0.767 (vi 1.0 already) / 0.443 / 0.983
    r = compare(Document(a, text(a)), Document(b, text(b)))
    assert r.relation == "duplicate" and r.similarity == 1.0
    assert not any(r.added.values())


def test_comparison_forms_fold_optional_marks_letters_and_digits():
    from dedup.normalize import norm_word
    assert norm_word("كِتَابٌ") == norm_word("كتاب") == norm_word("کتاب") == norm_word("كـتـاب")
    assert norm_word("שָׁלוֹם") == norm_word("שלום")
    assert norm_word("TATBİKATI") == norm_word("tatbikatı") == "tatbikati"
    assert norm_word("٢٠٢٤") == norm_word("۲۰۲۴") == norm_word("२०२४") == "2024"
    assert norm_word("ى") == norm_word("ي") == norm_word("ی")
    assert norm_word("ΑΘΗΝΑ") == norm_word("Αθήνα") == norm_word("αθηνα")  # Greek accents
    assert norm_word("ΠΡΟΪΟΝ") == norm_word("προϊόν") and norm_word("ὁδός") == norm_word("οδος")
    assert norm_word("café") != norm_word("cafe")  # accents of Latin letters stay (Vietnamese!)
    # what stays: the superscript alef (a vowel written as a letter) and distinct letters
    assert norm_word("عیسیٰ") != norm_word("عیسی")
    assert norm_word("ے") != norm_word("ی") and norm_word("ھ") != norm_word("ہ")


def test_numbers_with_arabic_separators_are_stated_numbers():
    from dedup.document import Span
    from dedup.normalize import stated_numbers
    ar = "٧٫٥ مليار و ١٢٬٥٠٠ شخص"
    en = "7.5 billion and 12,500 people"
    assert stated_numbers(ar, [Span(0, len(ar))]) == stated_numbers(en, [Span(0, len(en))]) == {"75", "12", "500", "12500"}


@pytest.mark.parametrize("name", ["hi_headline", "hy_orig"])
def test_short_lines_of_scripts_with_marks_or_other_stops_are_not_boilerplate(name):
    # a Devanagari headline (vowel signs are marks, not isalpha) was a "counter" line; the
    # last short paragraphs of an Armenian text (ending in ։, no stop before) a link list
    r = batch([Document(name, text(name))])
    assert r.clusters[0].members[0].boilerplate == []


@pytest.mark.parametrize("line, parts", [
    ("Հայաստան։ Նոր դպրոց։", 2),                                   # Armenian full stop
    ("यह पहला वाक्य है॥ यह दूसरा वाक्य है।", 2),                   # double danda
    ("ጠቅላይ ሚኒስትሩ ዛሬ ንግግር አደረጉ። ስብሰባው ተካሄደ።", 2),          # Ethiopic
    ("မိုးကြီးသည်။ လူများ ရွှေ့ပြောင်းခဲ့သည်။", 2),                  # Myanmar
    ("ភ្លៀងធ្លាក់ខ្លាំង។ ប្រជាជនត្រូវបានជម្លៀស។", 2),                    # Khmer
    ("Πόσα σπίτια καήκαν\u037e Σύμφωνα με τον δήμαρχο, δέκα.", 2),  # Greek question mark
    ("«Это важно!» Затем он ушёл.", 2),                              # closing guillemet
    ("„Das ist gut.“ Danach ging er.", 2),                           # German closing quote
    ("「終わった。」 次の日。", 2),                                     # corner bracket
    ("추가 규제도 검토 중. 전문가들은 신중하다.", 2),                   # Korean one-syllable word
    ("J. Smith said so. Then he left.", 2),                          # an initial is no end
    ("Vitamin b. complex", 1),                                       # lower case follows
    ("τι έγινε; Ο υπουργός", 1),                                     # ASCII ';' is no stop
])
def test_sentence_ends_of_many_scripts(line, parts):
    from dedup.normalize import split_sentences
    assert len(split_sentences(line, 0, len(line))) == parts


def test_a_word_made_only_of_what_the_folding_drops_is_kept_and_a_large_batch_runs():
    # a lone tatweel or vowel mark folds to nothing: the word stays as written (an empty
    # term once crashed the key terms of a corpus of idf_prior_docs documents or more)
    from dedup.normalize import norm_word
    assert norm_word("ـ") == "ـ" and norm_word("\u064b") == "\u064b"
    assert all(w for _, _, w in tokenize("ـ ـــ كتاب \u064b"))
    docs = [Document(f"d{k}", f"ـ خبر رقم {k} عن السياسة ـــ والاقتصاد في المنطقة \u064b") for k in range(210)]
    clusters = batch(docs).clusters
    assert sorted(m.id for c in clusters for m in c.members) == sorted(d.id for d in docs)


def test_three_exact_copies_without_content_words_stay_one_story():
    # exact copies are linked even without content words; the story cut (average linkage
    # on TF-IDF similarity, all 0 here) cut three of them into three stories
    for n in (2, 3, 5):
        r = batch([Document(f"c{i}", "Related posts") for i in range(n)])
        assert [sorted(m.id for m in c.members) for c in r.clusters] == [[f"c{i}" for i in range(n)]]
        assert [m.relation for m in r.clusters[0].members][1:] == ["duplicate"] * (n - 1)


def test_digits_and_punctuation_of_scripts_without_spaces():
    from dedup.features import terms
    # Thai digits are one number, the same as ASCII digits
    base = "รัฐบาลประกาศงบประมาณปี {} วงเงิน {} ล้านบาท เพื่อพัฒนาโครงสร้างพื้นฐานทั่วประเทศ"
    r = compare(Document("a", base.format("๒๕๖๗", "๓๕๐๐")), Document("b", base.format("2567", "3500")))
    assert r.relation == "duplicate" and r.similarity == 1.0
    # a Khmer full stop is punctuation: no word, and no bigram across it
    words = [w for _, _, w in tokenize("ខ្ញុំ។ គាត់។")]
    assert "។" not in words and not any("។" in t for t in terms(words, 6))
    assert compare(Document("a", "។"), Document("b", "។")).reasons == ["the same text (no words to score)"]


def test_a_normalized_word_holds_no_white_space():
    from dedup.normalize import norm_word
    # NFKC turns U+FE70 into a space and a mark, U+FDFA into a phrase of four words
    for ch in ["\ufe70", "\ufe72", "\ufc5e", "\ufdfa"]:
        w = norm_word(ch)
        assert w and not any(c.isspace() for c in w), (ch, w)
