"""bench/many_copies.py builds its corpora and reports the copies' story (a small run)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import SOURCE, UNRELATED

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import many_copies  # noqa: E402


def _data(tmp_path: Path) -> Path:
    for name, records in (("bbc_news", [{"id": "b1", "text": SOURCE}]),
                          ("reuters21578", [{"id": "r1", "text": UNRELATED}, {"id": "r2", "text": ""},
                                            {"id": "r3", "text": "Markets were quiet on Monday as traders waited."}])):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return tmp_path


def test_signed_copies_make_one_story_and_the_background_is_counted(tmp_path, capsys):
    data = _data(tmp_path / "data")
    assert many_copies.main(["--data", str(data), "--copies", "12", "--kind", "signed", "--background", "5",
                             "--keep", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    # (the first 5 non-empty Reuters stories asked for: the data holds 2)
    assert "12 signed copies of the bbc article, 0 rewrites, 2 Reuters stories (14 documents)" in out
    assert "copies' story: 12 members" in out and "12 of the 12 copies" in out
    corpus = [json.loads(line) for line in (tmp_path / "run" / "corpus.jsonl").read_text().splitlines()]
    assert len({d["text"] for d in corpus[:12]}) == 12  # each copy signed off with its own line


def test_the_seeds_rewrites_are_reported_in_the_copies_story(tmp_path, capsys):
    data = _data(tmp_path / "data")
    assert many_copies.main(["--data", str(data), "--copies", "3", "--kind", "identical", "--base", "seeds"]) == 0
    out = capsys.readouterr().out
    assert "copies' story: 7 members" in out
    assert out.count(": in the copies' story, derivative") == 4, out


def test_analysis_floor_has_help_and_times_a_corpus(tmp_path, capsys):
    """bench/analysis_floor.py --help printed a traceback (it read "--help" as a file)."""
    import subprocess
    script = Path(__file__).resolve().parents[1] / "bench" / "analysis_floor.py"
    r = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "usage: analysis_floor.py" in r.stdout and not r.stderr
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": SOURCE}) + "\n" + json.dumps({"id": "b", "text": " "}) + "\n")
    r = subprocess.run([sys.executable, str(script), str(corpus)], capture_output=True, text=True)
    assert r.returncode == 0 and f"{corpus}: 1 documents, text analysis" in r.stdout, r.stderr
