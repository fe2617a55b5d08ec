"""Unit tests of dedup.report: records, the four file writers, the summary, format_for."""
from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REWRITE, SOURCE, TEXTS, UNRELATED
from dedup import api, report
from dedup.api import BatchResult, Cluster, Comparison, Member
from dedup.config import Options
from dedup.document import Document, Span

RECORD_KEYS = ["cluster", "original", "confidence", "reasons", "members"]
MEMBER_KEYS = ["id", "role", "parent", "relation", "similarity", "added", "boilerplate"]


@pytest.fixture(scope="module")
def result() -> BatchResult:
    """A real run: a dated source, its later rewrite (adds a paragraph) and an unrelated text."""
    docs = [Document("source", SOURCE, date="2024-05-01"),
            Document("rewrite", REWRITE, date="2024-05-02"),
            Document("bakery", UNRELATED)]
    return api.batch(docs)


@pytest.fixture
def handmade() -> BatchResult:
    """A fixed result, independent of the pipeline's scores."""
    texts = {"a": "Storm hits the coast.\nSubscribe to our newsletter",
             "b": "Storm hits the coast. Ten homes lost power overnight.",
             "c": "A lone story."}
    clusters = [
        Cluster("s1", "a", 0.75, ["coverage 0.80 (best other 0.60)", "date 1.00"], [
            Member("a", "original", boilerplate=[Span(22, 49)]),
            Member("b", "derivative", parent="a", relation="partial", similarity=0.6123,
                   added=[Span(22, 53)]),
        ]),
        Cluster("s2", "c", 1.0, ["single document"], [Member("c", "original")]),
    ]
    stats = Counter(documents=3, clusters=1, clustered_documents=2, candidate_pairs=1, linked_pairs=1)
    return BatchResult(clusters, texts, stats, Options())


def all_spans(rec):
    for m in rec["members"]:
        for kind in ("added", "boilerplate"):
            for s in m[kind]:
                yield m["id"], s


# --- on a real run ------------------------------------------------------------------

def test_batch_result_is_what_the_report_tests_assume(result):
    sizes = sorted(len(c.members) for c in result.clusters)
    assert sizes == [1, 2]
    story = next(c for c in result.clusters if len(c.members) == 2)
    assert {m.id for m in story.members} == {"source", "rewrite"}


def test_cluster_record_shape_and_spans(result):
    story = next(c for c in result.clusters if len(c.members) == 2)
    rec = report.cluster_record(story, result.texts)
    assert list(rec) == RECORD_KEYS
    assert rec["cluster"] == story.cluster and rec["original"] == story.original
    assert isinstance(rec["confidence"], float) and 0 <= rec["confidence"] <= 1
    assert rec["reasons"] and all(isinstance(r, str) for r in rec["reasons"])
    assert [list(m) for m in rec["members"]] == [MEMBER_KEYS, MEMBER_KEYS]
    first, second = rec["members"]
    assert first["id"] == rec["original"] and first["role"] == "original"
    assert (first["parent"], first["relation"], first["similarity"], first["added"]) == (None, None, None, [])
    assert second["role"] == "derivative" and second["parent"] == first["id"]
    assert second["relation"] in ("duplicate", "near-duplicate", "partial", "rewrite", "related")
    assert 0 < second["similarity"] <= 1
    # the dated source is the original; the rewrite's own closing paragraph is reported as added
    assert first["id"] == "source"
    assert any("fishermen" in s["text"] for s in second["added"])
    for doc_id, s in all_spans(rec):
        assert list(s) == ["start", "end", "text"]
        assert 0 <= s["start"] < s["end"] <= len(TEXTS[doc_id])
        assert TEXTS[doc_id][s["start"]:s["end"]] == s["text"]


def test_selected_leaves_out_singletons_unless_asked(result):
    assert [len(c.members) for c in report.selected(result, False)] == [2]
    assert report.selected(result, True) == result.clusters


def test_write_jsonl(result):
    out = io.StringIO()
    report.write_jsonl(result, out)
    lines = out.getvalue().splitlines(keepends=True)
    assert len(lines) == 1 and lines[0].endswith("\n")
    assert json.loads(lines[0]) == report.cluster_record(report.selected(result, False)[0], result.texts)
    out_all = io.StringIO()
    report.write_jsonl(result, out_all, include_singletons=True)
    recs = [json.loads(line) for line in out_all.getvalue().splitlines()]
    assert sorted(len(r["members"]) for r in recs) == [1, 2]
    assert {m["id"] for r in recs for m in r["members"]} == set(TEXTS)
    again = io.StringIO()
    report.write_jsonl(result, again, include_singletons=True)
    assert again.getvalue() == out_all.getvalue()


def test_write_json(result):
    out = io.StringIO()
    report.write_json(result, out)
    doc = json.loads(out.getvalue())
    assert list(doc) == ["clusters", "stats", "options"]
    assert [len(c["members"]) for c in doc["clusters"]] == [2]
    assert doc["options"] == Options().as_dict()
    assert doc["stats"]["documents"] == 3 and doc["stats"]["clusters"] == 1
    assert doc["stats"]["clustered_documents"] == 2
    assert list(doc["stats"]) == sorted(doc["stats"])
    out_all = io.StringIO()
    report.write_json(result, out_all, include_singletons=True)
    assert len(json.loads(out_all.getvalue())["clusters"]) == 2


@pytest.mark.parametrize("singletons", [False, True])
def test_write_json_is_json_dumps_of_the_whole_document(result, singletons):
    """Written a cluster at a time, byte for byte what one json.dumps(indent=1) writes."""
    import dataclasses

    empty = dataclasses.replace(result, clusters=[c for c in result.clusters if len(c.members) == 1])
    for res in (result, empty):
        out = io.StringIO()
        report.write_json(res, out, include_singletons=singletons)
        doc = {"clusters": [report.cluster_record(c, res.texts) for c in report.selected(res, singletons)],
               "stats": dict(sorted(res.stats.items())), "options": res.options.as_dict()}
        assert out.getvalue() == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def test_write_csv_on_real_run(result):
    out = io.StringIO()
    report.write_csv(result, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert out.getvalue().splitlines()[0] == ",".join(report.CSV_COLUMNS)
    assert sorted(r["id"] for r in rows) == ["rewrite", "source"]
    for r in rows:
        added = json.loads(r["added"])
        assert int(r["added_chars"]) == sum(s["end"] - s["start"] for s in added)
        for s in added + json.loads(r["boilerplate"]):
            assert TEXTS[r["id"]][s["start"]:s["end"]] == s["text"]
    out_all = io.StringIO()
    report.write_csv(result, out_all, include_singletons=True)
    assert sorted(r["id"] for r in csv.DictReader(io.StringIO(out_all.getvalue()))) == sorted(TEXTS)


def test_summary_on_real_run(result):
    text = report.summary(result)
    assert text.endswith("\n")
    assert text.splitlines()[-1] == "1 story with copies among 3 documents (2 documents in them)"
    assert "original source" in text and "bakery" not in text
    derivative = next(m for c in result.clusters for m in c.members if m.role == "derivative")
    for s in derivative.added:
        assert f"[{s.start}:{s.end}]" in text
    assert "bakery" in report.summary(result, include_singletons=True)


# --- on a hand-made result ---------------------------------------------------------

def test_cluster_record_handmade(handmade):
    rec = report.cluster_record(handmade.clusters[0], handmade.texts)
    assert rec == {
        "cluster": "s1", "original": "a", "confidence": 0.75,
        "reasons": ["coverage 0.80 (best other 0.60)", "date 1.00"],
        "members": [
            {"id": "a", "role": "original", "parent": None, "relation": None, "similarity": None,
             "added": [], "boilerplate": [{"start": 22, "end": 49, "text": "Subscribe to our newsletter"}]},
            {"id": "b", "role": "derivative", "parent": "a", "relation": "partial", "similarity": 0.6123,
             "added": [{"start": 22, "end": 53, "text": "Ten homes lost power overnight."}], "boilerplate": []},
        ],
    }


def test_write_csv_columns_handmade(handmade):
    out = io.StringIO()
    report.write_csv(handmade, out, include_singletons=True)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == report.CSV_COLUMNS == (
        "cluster", "original", "confidence", "id", "role", "parent", "relation", "similarity",
        "added_chars", "added", "boilerplate")
    assert rows[1][:9] == ["s1", "a", "0.75", "a", "original", "", "", "", "0"]
    assert json.loads(rows[1][10]) == [{"start": 22, "end": 49, "text": "Subscribe to our newsletter"}]
    assert rows[2][:9] == ["s1", "a", "0.75", "b", "derivative", "a", "partial", "0.6123", "31"]
    assert json.loads(rows[2][9]) == [{"start": 22, "end": 53, "text": "Ten homes lost power overnight."}]
    assert rows[3][:5] == ["s2", "c", "1.0", "c", "original"]
    assert len(rows) == 4 and all(len(r) == len(report.CSV_COLUMNS) for r in rows)
    assert "\r" not in out.getvalue()


def test_csv_quotes_multiline_span_text():
    texts = {"a": "Line one.\nLine two, with \"quotes\".", "b": "Line one."}
    res = BatchResult([Cluster("s1", "b", 0.5, ["x"], [
        Member("b", "original"),
        Member("a", "derivative", parent="b", relation="partial", similarity=0.5, added=[Span(10, 34)])])],
        texts, Counter(documents=2, clusters=1, clustered_documents=2), Options())
    out = io.StringIO()
    report.write_csv(res, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    (span,) = json.loads(rows[1]["added"])
    assert texts["a"][span["start"]:span["end"]] == span["text"] == 'Line two, with "quotes".'


def test_summary_handmade(handmade):
    text = report.summary(handmade)
    lines = text.splitlines()
    assert lines[0] == ("story s1: 2 documents, original a (confidence 0.75; "
                        "coverage 0.80 (best other 0.60); date 1.00)")
    assert "  * a  original" in lines
    assert "  - b  partial of a (similarity 0.61)" in lines
    assert "      added 1 passage(s), 31 chars:" in lines
    assert "        [22:53] Ten homes lost power overnight." in lines
    assert any(line.startswith("      boilerplate: Subscribe to our newsletter") for line in lines)
    assert "s2" not in text
    assert lines[-1] == "1 story with copies among 3 documents (2 documents in them)"
    assert "story s2: 1 document, original c" in report.summary(handmade, include_singletons=True)


def test_summary_shortens_long_passages(handmade):
    long = "word " * 100
    handmade.texts["b"] = "Storm hits the coast. " + long
    handmade.clusters[0].members[1].added = [Span(22, 22 + len(long))]
    line = next(l for l in report.summary(handmade, width=40).splitlines() if l.startswith("        ["))
    assert line.endswith("\u2026") and len(line.split("] ", 1)[1]) == 40


@pytest.mark.parametrize("name, fmt", [
    ("out.jsonl", "jsonl"), ("out.json", "json"), ("out.csv", "csv"), ("OUT.JSONL", "jsonl"),
    ("dir.v2/out.Csv", "csv"), ("out.txt", None), ("out", None), ("out.jsonl.gz", None),
    ("out.tsv", None), ("csv", None), ("report.html", "html"), ("Report.HTM", "html"), ("html", None),
])
def test_format_for(name, fmt):
    assert report.format_for(name) == fmt


def test_writers_cover_formats():
    assert set(report.WRITERS) == set(report.FORMATS) == {"jsonl", "json", "csv", "html"}


def test_comparison_record():
    texts = {"x": "Alpha beta gamma. Delta.", "y": "Alpha beta gamma."}
    c = Comparison(a="x", b="y", similarity=0.123456, relation="rewrite", source="y", confidence=0.8,
                   reasons=["coverage 1.00"], added={"x": [Span(18, 24)], "y": []},
                   boilerplate={"x": [], "y": []},
                   evidence={"shared_terms": 0.5, "shared_5grams": 0.1, "supported": 0.75, "shared_passage": False})
    rec = report.comparison_record(c, texts)
    assert list(rec) == ["a", "b", "similarity", "relation", "source", "confidence", "reasons", "added",
                         "boilerplate", "evidence"]
    assert rec["evidence"] == {"shared_terms": 0.5, "shared_5grams": 0.1, "supported": 0.75, "shared_passage": False}
    assert rec["similarity"] == 0.1235
    assert rec["added"] == {"x": [{"start": 18, "end": 24, "text": "Delta."}], "y": []}
    assert rec["boilerplate"] == {"x": [], "y": []}


def test_summary_escapes_what_would_drive_a_terminal():
    """Ids and text in the readable summary: a terminal's escape sequences, other control
    characters, bidirectional overrides and line breaks in an id are shown as escapes, never
    written raw (JSON, JSON Lines and CSV keep them as given)."""
    evil = "x\x1b]0;OWNED\x07\x1b[2J"
    docs = [Document(evil, SOURCE + "\nShare this \x1b[31mstory\x1b[0m now \u202e!"),
            Document("two\nlines", "\x01" + REWRITE)]
    out = report.summary(api.batch(docs), include_singletons=True)
    assert "\x1b" not in out and "\x07" not in out and "\x01" not in out and "\u202e" not in out
    assert repr(evil) in out and "'two\\nlines'" in out
    assert "Share this \\x1b[31mstory\\x1b[0m now \\u202e!" in out  # the boilerplate line
    assert all(line.isprintable() for line in out.splitlines())
    plain = report.summary(api.batch([Document("اردو-1", SOURCE), Document("b", REWRITE)]))
    assert "اردو-1" in plain and "'" not in plain.split("\n")[0]  # printable ids stay as given


# --- the HTML page --------------------------------------------------------------------

class _Page(__import__("html.parser").parser.HTMLParser):
    """What a browser would see of a page: its text, the text inside <mark> and inside
    class="bp" spans, tags opened and not closed, and any <script>."""

    VOID = {"meta", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.marked, self.struck, self.scripts = [], [], [], [], 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("class")))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if any(t == "mark" for t, _ in self.stack):
            self.marked.append(data)
        if any(c == "bp" for _, c in self.stack):
            self.struck.append(data)


def _page(markup: str) -> _Page:
    p = _Page()
    p.feed(markup)
    p.close()
    assert not p.stack, p.stack  # every tag closed, in order
    return p


def test_marked_text_marks_exactly_the_spans():
    text = "Storm hits the coast.\nSubscribe to our newsletter <now> & \"later\""
    out = report.marked_text(text, [Span(6, 14)], [Span(22, len(text))])
    p = _page(out)
    assert "".join(p.text) == text  # escaped, and nothing lost or added
    assert "".join(p.marked) == text[6:14] and "".join(p.struck) == text[22:]
    assert "<now>" not in out and "&lt;now&gt;" in out


def test_marked_text_overlapping_and_empty_spans():
    text = "abcdefghij"
    p = _page(report.marked_text(text, [Span(2, 6), Span(8, 8)], [Span(4, 9)]))
    assert "".join(p.text) == text
    assert "".join(p.marked) == "cdef" and "".join(p.struck) == "efghi"
    assert report.marked_text("", [], []) == ""


def test_write_html_on_real_run(result):
    buf = io.StringIO()
    report.write_html(result, buf)
    page = buf.getvalue()
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    p = _page(page)
    story = next(c for c in result.clusters if len(c.members) == 2)
    text = "".join(p.text)
    for m in story.members:
        assert m.id in text and result.texts[m.id] in text
    der = next(m for m in story.members if m.role == "derivative")
    assert der.added  # the rewrite adds a paragraph, marked as it is reported
    assert p.marked[0] == "marked"  # the legend, then the added passages as reported
    assert "".join(p.marked[1:]) == "".join(result.texts[der.id][s.start:s.end] for s in der.added)
    assert UNRELATED not in text  # a story of one document only with include_singletons
    buf = io.StringIO()
    report.write_html(result, buf, include_singletons=True)
    assert UNRELATED in "".join(_page(buf.getvalue()).text)


def test_write_html_escapes_ids_and_texts():
    """Article text and ids are data, never markup: a text or id holding tags, a script or
    quotes shows as written, and control characters as escapes, as in the summary."""
    evil_id = '<img src=x onerror="alert(1)">'
    evil = "<script>alert('x')</script> & \x1b[2J"
    docs = [Document(evil_id, SOURCE + "\n" + evil), Document("b", REWRITE + "\n" + evil)]
    buf = io.StringIO()
    report.write_html(api.batch(docs), buf, include_singletons=True)
    page = buf.getvalue()
    p = _page(page)
    assert p.scripts == 0 and "<script>" not in page and "<img" not in page and "\x1b" not in page
    text = "".join(p.text)
    assert evil_id in text and "<script>alert('x')</script> & \\x1b[2J" in text


def test_write_html_texts_take_their_own_direction():
    """An Urdu or Arabic text reads right to left on an English page: each text block takes
    its direction from its own first strong character, each line from its own."""
    buf = io.StringIO()
    report.write_html(api.batch([Document("a", SOURCE), Document("b", REWRITE)]), buf)
    page = buf.getvalue()
    assert page.count('<div class="text" dir="auto">') == 2 and "unicode-bidi:plaintext" in page


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters().filter(str.isprintable)
               | st.sampled_from("<>&\"'\n\t\u200c\u200d\xad\xa0\u200e\u200f"),
               max_size=60),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=3))
def test_marked_text_property(text, added, boiler):
    """Whatever the (printable, or invisible but written) text and spans: the page shows the text exactly, and the
    marked and struck characters are exactly those inside an added or a boilerplate span
    (characters that are not printable are shown as escapes: test_write_html_escapes...)."""
    added = [Span(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in added]
    boiler = [Span(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in boiler]
    p = _page(report.marked_text(text, added, boiler))
    assert "".join(p.text) == text
    inside = lambda spans: "".join(c for k, c in enumerate(text) if any(s.start <= k < s.end for s in spans))
    assert "".join(p.marked) == inside(added)
    assert "".join(p.struck) == inside(boiler)


def test_the_invisible_characters_of_written_text_are_shown_as_they_are():
    """Persian spells with the zero-width non-joiner, Indic scripts and emoji with joiners;
    scraped text holds soft hyphens, direction marks and no-break spaces: the page and the
    summary showed them as escapes ("زمین\\u200cلرزه").  Characters that break a line, drive
    a terminal or reorder the text around them are still escaped."""
    written = "زمین\u200cلرزه \u0915\u094d\u200d\u0937 \U0001f468\u200d\U0001f469 co\xadop \u200eA\u200f 5\xa0km"
    assert report.marked_text(written, [], []) == html.escape(written, quote=True)
    hidden = "a\x1bb\u202ec\u2028d\u2066e\udcff"
    assert report.marked_text(hidden, [], []) == "a\\x1bb\\u202ec\\u2028d\\u2066e\\udcff"
    from dedup.io import one_line
    assert one_line(written) == written and one_line("x\ny\u202e") == "x\\ny\\u202e"
    doc = SOURCE + "\n\nزمین\u200cلرزه\xa0ای بزرگ در شهر رخ داد و صدها خانه را ویران کرد، مقامات گفتند."
    out = report.summary(api.batch([Document("a", SOURCE, date="2024-01-01"), Document("b", doc, date="2024-01-02")]))
    assert "زمین\u200cلرزه" in out and "\\u200c" not in out  # (white space is folded there)


def test_counts_read_as_english():
    assert [report.counted(n, "story", "stories") for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    one = api.batch([Document("only", SOURCE)])
    assert report.summary(one).splitlines()[-1] == "0 stories with copies among 1 document (0 documents in them)"
    assert report.summary(one, include_singletons=True).startswith("story s1: 1 document, original only")


def test_marked_text_many_spans():
    """A long text with many added and boilerplate spans (a long derivative interleaving new
    sentences with copied ones) is marked right.  (It is marked in one sweep: these 16,000
    spans took ~7 s when every piece was tested against every span; speed is not asserted
    here, as no test times anything on these shared machines.)"""
    n = 8000
    text = "word " * (4 * n)
    added = [Span(i * 20, i * 20 + 8) for i in range(n)]
    boiler = [Span(i * 20 + 10, i * 20 + 14) for i in range(n)]
    out = report.marked_text(text, added, boiler)
    assert out.count("<mark>") == n and out.count('<span class="bp">') == n


def test_marked_text_keeps_crlf_line_breaks():
    """A carriage return is a line break (Windows or old Mac line ends), not a character to
    show as an escape: a CRLF text reads as its lines, without a literal "\\r" on each."""
    text = "Storm hits the coast.\r\nTen homes lost power.\rSubscribe now\x07"
    out = report.marked_text(text, [Span(23, 44)], [])
    assert "\\r" not in out and out.count("\r") == 2
    p = _page(out)
    assert "".join(p.text) == text.replace("\x07", "\\x07")
    assert "".join(p.marked) == text[23:44]


def test_write_html_ids_differing_in_whitespace_stay_distinct():
    """Ids are names, not prose: a tab or line break in one is shown as its escape (as the
    summary and error messages show it) and spaces are kept as typed, so "a\\tb", "a\\nb",
    "a  b" and "a b" do not all read "a b" in a browser."""
    ids = ["a\tb", "a\nb", "a\rb", "a  b", "a b"]
    docs = [Document(i, SOURCE) for i in ids]
    buf = io.StringIO()
    report.write_html(api.batch(docs), buf)
    page = buf.getvalue()
    p = _page(page)
    text = "".join(p.text)
    assert "a\\tb" in text and "a\\nb" in text and "a\\rb" in text and "a  b" in text
    assert "a\tb" not in page and "a\nb" not in page and "a\rb" not in page
    assert re.search(r"[\n}]code\{[^}]*white-space:pre-wrap", page)


def test_ids_with_whitespace_at_an_end_are_quoted():
    """"a" and "a " are two ids: where a reader cannot see a trailing or leading space (the
    summary, the HTML page), such an id is quoted, as error messages show ids."""
    assert report.shown("a") == "a" and report.shown("a ") == "'a '" and report.shown(" a") == "' a'"
    assert report.shown("a b") == "a b" and report.shown("a\nb") == "'a\\nb'"
    res = api.batch([Document("a", SOURCE), Document("a ", REWRITE)])
    assert "'a '" in report.summary(res)
    buf = io.StringIO()
    report.write_html(res, buf)
    assert "<code>&#x27;a &#x27;</code>" in buf.getvalue()


def test_a_related_member_is_related_to_its_parent_and_stories_without_copies_are_counted(handmade):
    """A related member read "related of a"; and a story whose members are only related
    (notices of one kind about other events) was counted among the "stories with copies"
    with nothing saying it holds none."""
    from dataclasses import replace
    derived = handmade.clusters[0]
    loose = Cluster("s3", "d", 0.6, ["coverage 0.70 (best other 0.50)"], [
        Member("d", "original"),
        Member("e", "derivative", parent="d", relation="related", similarity=0.31)])
    texts = {**handmade.texts, "d": "Qtly div 25 cts vs 25 cts prior.", "e": "Qtly div 30 cts vs 28 cts prior."}
    stats = handmade.stats.copy()
    stats["documents"], stats["clustered_documents"] = 5, 4
    result = replace(handmade, clusters=[derived, loose, *handmade.clusters[1:]], texts=texts, stats=stats)
    lines = report.summary(result).splitlines()
    assert "  - e  related to d (similarity 0.31)" in lines and "  - b  partial of a (similarity 0.61)" in lines
    assert lines[-1] == ("1 story with copies and 1 story of related documents only (no copy) among 5 "
                         "documents (4 documents in them)")
    out = io.StringIO()
    report.write_html(result, out)
    page = out.getvalue()
    assert "<code>e</code>: related to d</summary>" in page and "<code>b</code>: partial of a</summary>" in page
    assert "1 story with copies and 1 story of related documents only (no copy) among 5 documents" in page
    out = io.StringIO()
    report.write_html(handmade, out)
    assert "<h1>dedup: 1 story with copies among 3 documents (2 documents in them)</h1>" in out.getvalue()
