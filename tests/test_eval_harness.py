"""`make eval`'s harness (eval/run_eval.py) where the labelled corpora are not: one line, no
traceback (the corpora themselves are not needed by the tests)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_eval(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "eval" / "run_eval.py"), *args],
                          capture_output=True, text=True, timeout=300, cwd=REPO)


def test_no_data_folder_is_one_line_exit_2(tmp_path):
    r = run_eval("--data", str(tmp_path / "missing"))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == f"run_eval.py: error: no data folder at {tmp_path / 'missing'} (give --data; " \
                       "make eval DATA=/path/to/data)\n"


def test_a_missing_corpus_is_an_n_a_row_without_a_traceback(tmp_path):
    r = run_eval("--data", str(tmp_path), "--only", "counter_urdu")
    assert r.returncode == 1 and "Traceback" not in r.stderr + r.stdout
    missing = f"cannot read {tmp_path / 'counter_urdu' / 'source_derived.jsonl'}: No such file or directory"
    assert f"could not run: {missing}" in r.stderr
    assert f"| counter_urdu | macro-F1 ≥ 0.80 | – | n/a ({missing}) |" in r.stdout


def test_the_candidate_table_sketches_the_key_terms_batch_sketches():
    """eval/candidate_recall.py's key terms are batch's (with a text copied ten times, whose
    repeated sentences batch counts once: with every copy counted they differed)."""
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import candidate_recall
    finally:
        sys.path.remove(str(REPO / "eval"))
    from index_checks import signed_copies_and_rewrites

    from dedup import Options, features
    from dedup.api import Corpus

    signed, other, rewrites = signed_copies_and_rewrites(10, 10)
    corpus, o = Corpus(signed + other + rewrites, Options()), Options()
    keys, offsets = features.key_term_ids_from(corpus.term_ids, corpus.doc_offsets, corpus.model.doc_df_,
                                               corpus.model.terms_, o)
    batch = [sorted(corpus.model.terms_[k] for k in keys[offsets[i]:offsets[i + 1]].tolist())
             for i in range(len(offsets) - 1)]
    assert [sorted(ks) for ks in candidate_recall.key_term_lists(corpus, o)] == batch
    assert corpus.stats["repeated_sentences"] > 0


def test_the_agreement_feeds_the_index_in_batchs_stream_order():
    """eval/filter_agreement.py feeds the index in the order batch counts a repeated
    sentence's first holder in (by UTC date, the undated last, then id): it sorted the date
    strings, an invalid date ("2014-09-31", undated for dedup) first and other time zones out
    of order (found by a review)."""
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import filter_agreement
    finally:
        sys.path.remove(str(REPO / "eval"))
    from conftest import SOURCE

    from dedup import Document, Options
    from dedup.api import Corpus

    docs = [Document("a", SOURCE + " Alpha beta gamma delta."),  # its date "2014-09-31": none
            Document("b", SOURCE + " Epsilon zeta eta theta.", date="2014-10-01"),
            Document("c", SOURCE + " Iota kappa lambda mu.", date="2014-10-01T05:00:00+09:00"),
            Document("d", SOURCE + " Nu xi omicron pi.", date="2014-09-30T23:00:00")]
    order = [d.id for d in filter_agreement.feed_order(docs)]
    assert order == [docs[k].id for k in Corpus(docs, Options()).stream_order().tolist()] == ["c", "d", "b", "a"]


def _topic_halves():
    sys.path.insert(0, str(REPO / "eval"))
    try:
        import topic_halves
    finally:
        sys.path.remove(str(REPO / "eval"))
    return topic_halves


def test_topic_halves_cut_the_topics_in_two_the_same_way_each_time():
    th = _topic_halves()
    topics = [str(k) for k in range(1, 12)]
    a, b = th.halves(topics, 3)
    assert a | b == set(topics) and not a & b and len(a) == 5 and len(b) == 6
    assert th.halves(list(reversed(topics)), 3) == (a, b)  # from the sorted topics: not the input order
    assert th.halves(topics, 4) != (a, b)
    assert th.topic_of_cluster("12-ecbplus") == "12" and th.topic_of_cluster("3-ecb") == "3"


def test_topic_halves_runs_dedup_on_each_half_and_scores_it(tmp_path):
    """eval/topic_halves.py end to end on a made-up corpus shaped as ECB+ (two topics of two
    events, each event three reports of one made-up fact set): every run scored, each half
    alone and the whole run on it."""
    words = ["harbor crane collapse injured dockworkers", "volcano ash grounded flights airport",
             "museum stolen painting recovered police", "election recount ballots county judge"]
    docs, clusters = [], []
    for e, w in enumerate(words):
        topic, kind = e // 2 + 1, ("ecb", "ecbplus")[e % 2]
        ids = []
        for r in range(3):
            ids.append(f"ecbplus-{topic}_{e}{r}{kind}")
            text = (f"Report {r}: the {w} story. Officials said the {w} matter was serious. "
                    f"Witnesses described the {w} scene in detail.")
            docs.append({"id": ids[-1], "text": text})
        clusters.append({"cluster": f"{topic}-{kind}", "ids": ids})
    folder = tmp_path / "ecbplus"
    folder.mkdir()
    (folder / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    (folder / "clusters.jsonl").write_text("".join(json.dumps(c) + "\n" for c in clusters), encoding="utf-8")
    dedup = str(Path(sys.executable).parent / "dedup")
    r = subprocess.run([sys.executable, str(REPO / "eval" / "topic_halves.py"), "--data", str(tmp_path),
                        "--seeds", "1", "--dedup-cmd", dedup], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("whole corpus (12 docs): ARI ")
    assert "halves run alone (2): mean ARI" in r.stdout and "whole run scored on each half (2)" in r.stdout
    assert r.stderr.count("seed 0 half") == 2


def test_blind_stories_scores_a_small_labelled_set_end_to_end(tmp_path):
    """eval/blind_stories.py runs `dedup batch` on a folder and reads the labels: a story of
    an original and a light edit that adds a paragraph, and a distractor alone."""
    from conftest import SOURCE, UNRELATED

    docs = tmp_path / "docs"
    docs.mkdir()
    promo = "Sign up for our newsletter and get the news in your inbox"
    added = ("The council will hold a public meeting about the plan next month, a spokeswoman said, "
             "and residents may send written comments until the end of the year.")
    (docs / "xx_orig.txt").write_text(SOURCE + "\n\n" + promo + "\n", encoding="utf-8")
    (docs / "xx_light.txt").write_text(SOURCE + "\n\n" + added + "\n", encoding="utf-8")
    (docs / "xx_other.txt").write_text(UNRELATED, encoding="utf-8")
    labels = {"stories": [{"name": "t", "language": "xx", "original": "xx_orig", "boilerplate_of_original": [promo],
                           "derivatives": {"xx_light": {"kind": "light", "added": [added], "boilerplate": []}},
                           "distractor": "xx_other", "boilerplate_of_distractor": []}]}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    out = tmp_path / "scores.json"
    r = subprocess.run([sys.executable, str(REPO / "eval" / "blind_stories.py"), str(docs), str(tmp_path / "labels.json"),
                        "--json", str(out)], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["stories"] == 1 and got["one_cluster"] == 1 and got["distractors_ok"] == 1
    assert got["kinds"] == {"light": 1} and got["derived"] == {"light": 1}
    assert got["furniture_strings"] == 1 and got["furniture_recall"] == 1.0
    # (a pair: which of the two is ranked first is the text's near coin flip; the added
    # paragraph is reported exactly when the light edit is the derivative)
    assert got["added_passages"] == 1
    assert got["added_recall"] == (1.0 if got["original_first"] else 0.0), got


def test_blind_stories_scores_the_furniture_of_a_listed_distractor(tmp_path):
    """A distractor listed at the top level (not a story's own) has its furniture labelled in
    "boilerplate_of_distractors" and scored with the rest; a string not in its page is a
    problem, not a crash."""
    from conftest import SOURCE, UNRELATED

    docs = tmp_path / "docs"
    docs.mkdir()
    promo = "Sign up for our newsletter and get the news in your inbox"
    (docs / "xx_orig.txt").write_text(SOURCE + "\n", encoding="utf-8")
    (docs / "xx_copy.txt").write_text(SOURCE + "\n", encoding="utf-8")
    (docs / "xx_tag.txt").write_text(UNRELATED + "\n\n" + promo + "\n", encoding="utf-8")
    labels = {"stories": [{"name": "t", "language": "xx", "original": "xx_orig", "boilerplate_of_original": [],
                           "derivatives": {"xx_copy": {"kind": "copy", "added": [], "boilerplate": []}}}],
              "distractors": ["xx_tag"],
              "boilerplate_of_distractors": {"xx_tag": [promo, "not on the page"]}}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    out = tmp_path / "scores.json"
    r = subprocess.run([sys.executable, str(REPO / "eval" / "blind_stories.py"), str(docs), str(tmp_path / "labels.json"),
                        "--json", str(out)], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["distractors"] == 1 and got["distractors_ok"] == 1
    assert got["furniture_strings"] == 1, got
    assert any("xx_tag: furniture string not in text" in p for p in got["problems"]), got["problems"]


def test_pan13_is_scored_in_batch_and_pair_by_pair(tmp_path):
    """PAN13's table has a second dedup row, `dedup compare --pairs` on the labelled pairs
    read alone, checked against the same target on its own line of the targets table."""
    from test_compare_passage_link import _pair
    folder = tmp_path / "pan13_text_alignment"
    folder.mkdir()
    source, essay, quoted = _pair()
    start = essay.text.index(quoted)
    rows = {"docs.jsonl": [{"id": "susp-1", "text": essay.text}, {"id": "src-1", "text": source.text}],
            "pairs.jsonl": [{"a": "susp-1", "b": "src-1", "label": 1}],
            "alignments.jsonl": [{"suspicious": "susp-1", "source": "src-1",
                                  "repaired": {"this_offset": start, "this_length": len(quoted),
                                               "source_offset": source.text.index(quoted),
                                               "source_length": len(quoted)}}]}
    for name, records in rows.items():
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    r = run_eval("--data", str(tmp_path), "--only", "pan13", "--no-candidates", "--json", str(tmp_path / "out.json"))
    assert r.returncode == 0, r.stderr
    systems = json.loads((tmp_path / "out.json").read_text())["corpora"]["pan13_text_alignment"]["systems"]
    assert list(systems)[:2] == ["dedup", "dedup compare (pairs)"]
    pairs = systems["dedup compare (pairs)"]["metrics"]
    # the quoted paragraph and nothing else counts as reused (up to the sentences' edges)
    assert pairs["char_recall"] == 1.0 and pairs["char_precision"] > 0.9
    assert pairs["docs_with_source"] == "1/1" and pairs["pairs_linked"] == 1
    assert "| pan13_text_alignment | char F1 ≥ 0.90, each labelled pair alone (not the issue's batch " \
           "measure) | " in r.stdout
