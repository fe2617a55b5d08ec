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
