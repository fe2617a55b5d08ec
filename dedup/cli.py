"""Command line: ``dedup batch`` and ``dedup compare`` (thin over :mod:`dedup.api`).

Exit codes: 0 success; 1 an internal error; 2 bad input or usage (one line on stderr
naming the file and line, never a traceback).
"""
from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from . import __version__, api, report
from .config import Options
from .io import InputError, SkipReport, read_documents

EXIT_OK, EXIT_ERROR, EXIT_INPUT = 0, 1, 2


class InputFailure(click.ClickException):
    """Bad user input: one line, exit code 2."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"dedup: error: {self.format_message()}", err=True)


def _parse_options(pairs: tuple[str, ...], **explicit) -> Options:
    names = {f.name: f for f in dataclasses.fields(Options)}
    values = {k: v for k, v in explicit.items() if v is not None}
    for item in pairs:
        name, sep, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in names:
            raise click.BadParameter(
                f"{item!r}: expected NAME=VALUE with NAME one of {', '.join(sorted(names))}",
                param_hint="--set")
        typ = type(getattr(Options(), name))
        try:
            values[name] = typ(raw)
        except ValueError:
            raise click.BadParameter(f"{item!r}: {name} takes a {typ.__name__}", param_hint="--set")
    try:
        return Options(**values)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--set")


class Progress:
    """tqdm bars on stderr, one per stage; silent when disabled."""

    def __init__(self, enabled: bool | None):
        self.enabled = enabled
        self.bars: dict = {}

    def wrap(self, iterable, desc: str):
        if self.enabled is False:
            return iterable
        from tqdm import tqdm

        return tqdm(iterable, desc=desc, unit=" docs", file=sys.stderr, disable=self.enabled is None
                    and not sys.stderr.isatty(), mininterval=0.5, leave=False)

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        if self.enabled is False or (self.enabled is None and not sys.stderr.isatty()):
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total, desc=stage, unit=" docs", file=sys.stderr,
                                          mininterval=0.5, leave=False)
        bar.n = done
        bar.refresh()
        if total is not None and done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _load(paths, id_field, text_field, skip_invalid, progress: Progress, stdin=None):
    skipped = SkipReport()
    try:
        docs = list(progress.wrap(read_documents(list(paths), id_field=id_field, text_field=text_field,
                                                 skip_invalid=skip_invalid, report=skipped,
                                                 stdin=stdin), "reading"))
    except InputError as e:
        raise InputFailure(str(e)) from None
    return docs, skipped


@contextmanager
def _output(path: str | None) -> Iterator:
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="")
    except OSError as e:
        raise InputFailure(f"{path}: cannot write: {e.strerror}") from None
    with fh:
        yield fh


OPTION_HELP = "Set any option NAME=VALUE (repeatable); see README 'Options'."

BATCH_EPILOG = """\b
Examples:
  dedup batch seeds/                          readable summary on stdout
  dedup batch articles.jsonl --output out.jsonl
  dedup batch a.csv b.jsonl.gz --skip-invalid --output out.csv
  cat feed.jsonl | dedup batch - --all --output -
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dedup")
def main() -> None:
    """dedup: find copied and rewritten news.

    Groups articles into stories, ranks each story's likely original and reports what
    every derivative added, with character offsets, keeping boilerplate apart.
    """


@main.command(epilog=BATCH_EPILOG)
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", "output", metavar="FILE",
              help="Write the full result here; format by suffix: .jsonl, .json or .csv "
                   "('-' for JSON Lines on stdout). Default: a readable summary on stdout.")
@click.option("--all", "include_all", is_flag=True, help="Include stories of one document.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the id.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text.")
@click.option("--skip-invalid", is_flag=True,
              help="Skip bad items (counted and reported at the end) instead of stopping.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help=f"TF-IDF cosine that links two articles (default {Options.link_threshold}).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=OPTION_HELP)
@click.option("--progress/--no-progress", default=None,
              help="Progress bars on stderr (default: when stderr is a terminal).")
@click.option("--quiet", "-q", is_flag=True, help="No counters or options on stderr.")
def batch(paths, output, include_all, id_field, text_field, skip_invalid, threshold, settings,
          progress, quiet) -> None:
    """Cluster articles into stories; find originals and what each copy added.

    PATHS are directories (each .txt/.md file is a document, id = relative path without
    suffix), text files, JSON Lines (.jsonl, .jsonl.gz), CSV (.csv) or '-' for JSON Lines
    on stdin. Records need an id and a text; title, date (ISO 8601), source and url are
    optional.
    """
    options = _parse_options(settings, link_threshold=threshold)
    fmt = None
    if output and output != "-":
        fmt = report.format_for(output)
        if fmt is None:
            raise click.BadParameter(f"{output}: suffix must be one of "
                                     f"{', '.join('.' + f for f in report.FORMATS)}",
                                     param_hint="--output")
    bars = Progress(False if quiet else progress)
    docs, skipped = _load(paths, id_field, text_field, skip_invalid, bars)
    result = api.batch(docs, options, progress=bars)
    bars.close()
    if output is None:
        click.echo(report.summary(result, include_all), nl=False)
    else:
        with _output(output) as fh:
            report.WRITERS[fmt or "jsonl"](result, fh, include_all)
    if not quiet:
        s = result.stats
        click.echo(f"dedup: {s['documents']} documents, {s['clusters']} stories with copies "
                   f"({s['clustered_documents']} documents), {s['candidate_pairs']} candidate pairs, "
                   f"{s['linked_pairs']} linked", err=True)
        click.echo(f"dedup: options {options.describe()}", err=True)
    if skipped.total:
        click.echo(f"dedup: {skipped.summary()}", err=True)


COMPARE_EPILOG = """\b
Examples:
  dedup compare original.txt rewrite.txt
  dedup compare a.txt b.txt --json
  dedup compare --pairs pairs.jsonl docs.jsonl --output scores.jsonl
"""


@main.command(epilog=COMPARE_EPILOG)
@click.argument("a")
@click.argument("b")
@click.option("--pairs", "pairs_mode", is_flag=True,
              help="A is a JSON Lines file of pairs ({\"a\": id, \"b\": id}), B a corpus holding "
                   "those ids; one JSON line per pair is written, in input order.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a readable explanation.")
@click.option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
@click.option("--id-field", default="id", show_default=True)
@click.option("--text-field", default="text", show_default=True)
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=OPTION_HELP)
def compare(a, b, pairs_mode, as_json, output, id_field, text_field, settings) -> None:
    """Explain one pair of articles, or score many pairs with --pairs.

    For a pair: similarity, relation, which side is likely the source, and the passages
    each side added relative to the other.
    """
    options = _parse_options(settings)
    quiet = Progress(False)
    if pairs_mode:
        _compare_pairs(a, b, options, output, id_field, text_field)
        return
    docs, _ = _load([a, b], id_field, text_field, False, quiet)
    if len(docs) != 2:
        raise InputFailure(f"compare needs two documents, got {len(docs)} from {a} and {b}")
    c = api.compare(docs[0], docs[1], options)
    texts = {d.id: d.text for d in docs}
    with _output(output) as fh:
        if as_json:
            fh.write(json.dumps(report.comparison_record(c, texts), ensure_ascii=False) + "\n")
            return
        fh.write(f"similarity {c.similarity:.3f}; relation: {c.relation or 'unrelated'}\n")
        if c.source:
            other = c.b if c.source == c.a else c.a
            fh.write(f"likely source: {c.source} -> {other} (confidence {c.confidence:.2f}; "
                     f"{'; '.join(c.reasons)})\n")
        for side in (c.a, c.b):
            fh.write(f"{side} adds {len(c.added[side])} passage(s):\n")
            for s in c.added[side]:
                fh.write(f"  [{s.start}:{s.end}] {report._short(texts[side][s.start:s.end], 100)}\n")


def _compare_pairs(pairs_path, docs_path, options, output, id_field, text_field) -> None:
    docs, _ = _load([docs_path], id_field, text_field, False, Progress(False))
    by_id = {d.id: k for k, d in enumerate(docs)}
    pairs = []
    try:
        fh = open(pairs_path, "rb")
    except OSError as e:
        raise InputFailure(f"{pairs_path}: cannot read: {e.strerror}") from None
    with fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputFailure(f"{pairs_path}:{n}: not UTF-8 (byte {e.start + 1})") from None
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                ia, ib = by_id[str(rec["a"])], by_id[str(rec["b"])]
            except json.JSONDecodeError as e:
                raise InputFailure(f"{pairs_path}:{n}: malformed JSON: {e.msg}") from None
            except (KeyError, TypeError) as e:
                raise InputFailure(f"{pairs_path}:{n}: pair needs 'a' and 'b' ids present in "
                                   f"{docs_path} (missing {e})") from None
            pairs.append((ia, ib))
    corpus = api.Corpus(docs, options)
    texts = {d.id: d.text for d in docs}
    with _output(output) as out:
        for ia, ib in pairs:
            c = api.compare(docs[ia], docs[ib], options, corpus=corpus)
            out.write(json.dumps(report.comparison_record(c, texts), ensure_ascii=False) + "\n")


if __name__ == "__main__":  # pragma: no cover
    main()
