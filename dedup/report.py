"""Stage 8: write results as JSON Lines, JSON, CSV, an HTML page or a readable summary.

JSON Lines (``--output result.jsonl``) holds one story cluster per line::

    {"cluster": "s1", "original": "a", "confidence": 0.62, "reasons": ["coverage 0.80 (best other 0.68)"],
     "members": [{"id": "a", "role": "original", "parent": null, "relation": null,
                  "similarity": null, "added": [], "boilerplate": [{"start": 0, "end": 12, "text": "..."}]},
                 {"id": "b", "role": "derivative", "parent": "a", "relation": "rewrite",
                  "similarity": 0.48, "added": [{"start": 120, "end": 310, "text": "..."}],
                  "boilerplate": []}]}

``text[start:end] == span["text"]`` for the member's input text.  Output is
byte-identical for the same input and options.
"""
from __future__ import annotations

import csv
import html
import json
from typing import IO, Iterable, Mapping

from .api import BatchResult, Cluster, Comparison
from .document import Span
from .io import one_line, shown_text

FORMATS = ("jsonl", "json", "csv", "html")


def spans(items: Iterable[Span], text: str) -> list[dict]:
    return [{"start": s.start, "end": s.end, "text": text[s.start:s.end]} for s in items]


def cluster_record(c: Cluster, texts: Mapping[str, str]) -> dict:
    return {
        "cluster": c.cluster,
        "original": c.original,
        "confidence": c.confidence,
        "reasons": list(c.reasons),
        "members": [_member_record(m, texts[m.id]) for m in c.members],  # each text read once
    }


def _member_record(m, text: str) -> dict:
    return {
        "id": m.id,
        "role": m.role,
        "parent": m.parent,
        "relation": m.relation,
        "similarity": m.similarity,
        "added": spans(m.added, text),
        "boilerplate": spans(m.boilerplate, text),
    }


def selected(result: BatchResult, include_singletons: bool) -> list[Cluster]:
    return [c for c in result.clusters if include_singletons or len(c.members) > 1]


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def write_jsonl(result: BatchResult, fh: IO[str], include_singletons: bool = False) -> None:
    for c in selected(result, include_singletons):
        fh.write(_dumps(cluster_record(c, result.texts)) + "\n")


def write_json(result: BatchResult, fh: IO[str], include_singletons: bool = False) -> None:
    """``{"clusters": [...], "stats": {...}, "options": {...}}`` as ``json.dumps(doc,
    indent=1)`` writes it, byte for byte, but one cluster at a time: the whole document is
    never held as records or as one string (at 100,000 articles that took 835 MiB more)."""
    def nested(obj, depth: int) -> str:  # obj dumped as it stands ``depth`` levels down
        return json.dumps(obj, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)

    fh.write('{\n "clusters": [')
    first = True
    for c in selected(result, include_singletons):
        fh.write(("\n  " if first else ",\n  ") + nested(cluster_record(c, result.texts), 2))
        first = False
    fh.write("]" if first else "\n ]")
    fh.write(',\n "stats": ' + nested(dict(sorted(result.stats.items())), 1))
    fh.write(',\n "options": ' + nested(result.options.as_dict(), 1) + "\n}\n")


CSV_COLUMNS = ("cluster", "original", "confidence", "id", "role", "parent", "relation", "similarity",
               "added_chars", "added", "boilerplate")


def write_csv(result: BatchResult, fh: IO[str], include_singletons: bool = False) -> None:
    """One row per member; ``added`` and ``boilerplate`` hold the spans as JSON.  A row with
    a carriage return in a cell (an id: texts are in the JSON columns, escaped) is written
    with every cell quoted: the csv module quotes only the characters of its line
    terminator, ``\\n``, so a bare CR would be written unquoted and split the row for
    every reader."""
    w = csv.writer(fh, lineterminator="\n")
    quoted = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(CSV_COLUMNS)
    for c in selected(result, include_singletons):
        rec = cluster_record(c, result.texts)
        for m in rec["members"]:
            cr = "\r" in c.original or "\r" in m["id"] or "\r" in (m["parent"] or "")
            (quoted if cr else w).writerow([
                c.cluster, c.original, c.confidence, m["id"], m["role"], m["parent"] or "",
                m["relation"] or "", "" if m["similarity"] is None else m["similarity"],
                sum(s["end"] - s["start"] for s in m["added"]),
                _dumps(m["added"]), _dumps(m["boilerplate"])])


HTML_STYLE = """\
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-top:1px solid #ccc;padding-top:1em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left}
td.n{text-align:right}code{font-size:.95em;white-space:pre-wrap}
.text{white-space:pre-wrap;unicode-bidi:plaintext;border-left:3px solid #ddd;padding:.3em .8em;margin:.3em 0 1em}
mark{background:#ffe680}.bp{color:#999;text-decoration:line-through}
details{margin:.3em 0}summary{cursor:pointer}
.meta{color:#666;font-size:.9em}"""


def _html_text(text: str) -> str:
    """Text for an HTML page: escaped (``& < > " '``), and every character the summary
    writes as its Python escape (:func:`dedup.io.one_line`: control characters, bidi
    overrides, a lone surrogate, which no HTML file may hold) written so too, but line
    breaks (``\\n``, ``\\r``: HTML reads CRLF and a lone CR as one line end) and tabs."""
    return html.escape(shown_text(text), quote=True)


def marked_text(text: str, added: Iterable[Span], boilerplate: Iterable[Span]) -> str:
    """``text`` as HTML, its ``added`` spans in ``<mark>`` and its ``boilerplate`` spans in
    ``<span class="bp">`` (a character in both is in both)."""
    n = len(text)
    cuts = {0, n}
    starts: dict[int, list[int]] = {}  # clipped position -> [added, bp] spans opening (+) / closing (-) there
    for kind, items in enumerate((added, boilerplate)):
        for s in items:
            a, b = max(0, min(n, s.start)), max(0, min(n, s.end))
            cuts.update((a, b))
            if a < b:
                starts.setdefault(a, [0, 0])[kind] += 1
                starts.setdefault(b, [0, 0])[kind] -= 1
    depth = [0, 0]  # how many added / boilerplate spans cover the piece: one sweep, not spans x pieces
    out = []
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:]):
        delta = starts.get(a)
        if delta:
            depth[0] += delta[0]
            depth[1] += delta[1]
        piece = _html_text(text[a:b])
        if depth[1]:
            piece = f'<span class="bp">{piece}</span>'
        if depth[0]:
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    return "".join(out)


def write_html(result: BatchResult, fh: IO[str], include_singletons: bool = False) -> None:
    """One self-contained HTML page: each story with its original, every member's relation,
    parent and similarity, and each member's text with the passages it added marked and its
    boilerplate struck through.  Every piece of input (ids, texts) is escaped; an id's tabs
    and line breaks are shown as escapes and its spaces kept (``code`` is ``pre-wrap``), so
    ids that differ only in whitespace read differently; written one story at a time."""
    e = _html_text

    def name(x: str) -> str:  # an id as the summary shows it (quoted with escapes when it must be)
        return html.escape(shown(x), quote=True)

    fh.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
             "<title>dedup: stories with copies</title>\n<style>\n" + HTML_STYLE + "\n</style>\n</head>\n<body>\n")
    fh.write(f"<h1>dedup: {e(story_count(result))}</h1>\n")
    fh.write('<p class="meta">In each text, <mark>marked</mark> passages are what that document added to '
             'its parent and <span class="bp">struck-through</span> text is boilerplate. Options: '
             f"<code>{e(result.options.describe())}</code></p>\n")
    for c in selected(result, include_singletons):
        fh.write(f'<section>\n<h2 id="{e(c.cluster)}">Story {e(c.cluster)}: {len(c.members)} '
                 f"document{'s' if len(c.members) != 1 else ''}, original <code>{name(c.original)}</code></h2>\n")
        fh.write(f'<p class="meta">confidence {c.confidence:.2f}'
                 + (f"; {e('; '.join(c.reasons))}" if c.reasons else "") + "</p>\n")
        fh.write("<table>\n<tr><th>document</th><th>role</th><th>relation</th><th>parent</th>"
                 "<th>similarity</th><th>added chars</th></tr>\n")
        for m in c.members:
            added = sum(s.end - s.start for s in m.added)
            sim = "" if m.similarity is None else f"{m.similarity:.2f}"
            fh.write(f"<tr><td><code>{name(m.id)}</code></td><td>{e(m.role)}</td><td>{e(m.relation or '')}</td>"
                     f"<td>{'' if m.parent is None else '<code>' + name(m.parent) + '</code>'}</td>"
                     f'<td class="n">{sim}</td><td class="n">{added}</td></tr>\n')
        fh.write("</table>\n")
        for m in c.members:
            what = "original" if m.role == "original" else e(linked_to(m))
            fh.write(f"<details><summary><code>{name(m.id)}</code>: {what}</summary>\n"
                     f'<div class="text" dir="auto">{marked_text(result.texts[m.id], m.added, m.boilerplate)}</div>\n'
                     "</details>\n")
        fh.write("</section>\n")
    fh.write("</body>\n</html>\n")


WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv, "html": write_html}


def format_for(path: str) -> str | None:
    """The output format a file name asks for, by suffix."""
    name = path.lower()
    if name.endswith(".htm"):
        return "html"
    if name.endswith(".ndjson"):  # JSON Lines by another name, as read
        return "jsonl"
    for fmt in FORMATS:
        if name.endswith("." + fmt):
            return fmt
    return None


def shown(name: str) -> str:
    """An id as a readable report shows it: as given when every character is printable and
    it neither starts nor ends with whitespace, else quoted with escapes (``'a\\nb'``,
    ``'a '``), as error messages show it: ``a`` and ``a `` are two ids."""
    return name if name.isprintable() and name == name.strip() else repr(name)


def counted(n: int, one: str, many: str) -> str:
    """``1 story``, ``2 stories``: a count with its noun."""
    return f"{n} {one if n == 1 else many}"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= width else text[: width - 1] + "\u2026"
    return one_line(text)  # shows what the input holds, and cannot drive a terminal


def linked_to(m) -> str:
    """How a member stands to its parent, in words: "rewrite of X", but "related to X" (a
    related member is no copy of it)."""
    return f"{m.relation} {'to' if m.relation == 'related' else 'of'} {shown(m.parent)}"


def story_kinds(result: BatchResult) -> tuple[int, int]:
    """How many stories of two or more documents hold a copy or derivative, and how many
    hold none (every member only ``related``: articles of one kind about other events)."""
    stories = [c for c in result.clusters if len(c.members) > 1]
    loose = sum(all(m.relation in (None, "related") for m in c.members) for c in stories)
    return len(stories) - loose, loose


def stories_with_copies(result: BatchResult) -> str:
    """"2 stories with copies", and " and 1 story of related documents only (no copy)"
    when there is one (:func:`story_kinds`)."""
    copies, loose = story_kinds(result)
    return (f"{counted(copies, 'story', 'stories')} with copies"
            + (f" and {counted(loose, 'story', 'stories')} of related documents only (no copy)" if loose else ""))


def story_count(result: BatchResult) -> str:
    """The stories of two or more documents, counted, with how many of them hold no copy
    (every member only ``related``: articles of one kind about other events)."""
    return (stories_with_copies(result) + " "
            + f"among {counted(result.stats['documents'], 'document', 'documents')} "
            f"({counted(result.stats['clustered_documents'], 'document', 'documents')} in them)")


def summary(result: BatchResult, include_singletons: bool = False, width: int = 100) -> str:
    """A readable report: each story, its original, each derivative and what it added."""
    out = []
    clusters = selected(result, include_singletons)
    for c in clusters:
        out.append(f"story {c.cluster}: {counted(len(c.members), 'document', 'documents')}, original {shown(c.original)} "
                   f"(confidence {c.confidence:.2f}; {'; '.join(c.reasons)})")
        for m in c.members:
            text = result.texts[m.id]
            if m.role == "original":
                out.append(f"  * {shown(m.id)}  original")
            else:
                out.append(f"  - {shown(m.id)}  {linked_to(m)} (similarity {m.similarity:.2f})")
                added = sum(s.end - s.start for s in m.added)
                if m.added:
                    out.append(f"      added {len(m.added)} passage(s), {added} chars:")
                    for s in m.added:
                        out.append(f"        [{s.start}:{s.end}] {_short(text[s.start:s.end], width)}")
            if m.boilerplate:
                out.append("      boilerplate: " + " | ".join(
                    _short(text[s.start:s.end], 40) for s in m.boilerplate))
        out.append("")
    out.append(story_count(result))
    return "\n".join(out) + "\n"


def comparison_record(c: Comparison, texts: dict[str, str]) -> dict:
    return {
        "a": c.a,
        "b": c.b,
        "similarity": round(c.similarity, 4),
        "relation": c.relation,
        "source": c.source,
        "confidence": c.confidence,
        "reasons": list(c.reasons),
        "added": {k: spans(v, texts[k]) for k, v in c.added.items()},
        "boilerplate": {k: spans(v, texts[k]) for k, v in c.boilerplate.items()},
        "evidence": dict(c.evidence),
    }
