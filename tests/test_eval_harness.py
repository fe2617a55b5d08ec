"""`make eval`'s harness (eval/run_eval.py) where the labelled corpora are not: one line, no
traceback (the corpora themselves are not needed by the tests)."""
from __future__ import annotations

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
