"""Command line: ``dedup batch`` and ``dedup compare`` (thin over :mod:`dedup.api`).

Exit codes: 0 success; 1 an internal error; 2 bad input or usage (one line on stderr
naming the file and line, never a traceback).
"""
from __future__ import annotations

import codecs
import contextlib
import dataclasses
import errno
import io
import json
import os
import re
import signal
import sys
import tempfile
from contextlib import contextmanager
from itertools import chain
from typing import Callable, Iterator, Sequence

import click

from . import __version__, api, parallel, report, start
from .config import Options
from .document import CompactDocuments
from .io import (READ_SUFFIXES, DuplicateKeyError, InputError, NotJSONError, SkipReport, count_items, count_lines, files_read,
                 id_text, json_column, json_type, one_line, read_by_walk, read_documents, text_encoding)
from .io import TooLong
from .io import _lines as io_lines
from .io import loads as io_loads
from .storage import DAMAGE_SIGNS, shown_location

EXIT_OK, EXIT_ERROR, EXIT_INPUT = 0, 1, 2
EXIT_INTERRUPTED = start.EXIT_INTERRUPTED  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def _clear_bars() -> None:
    """Close the progress bars still drawn, so that a last line stands alone (not glued to
    the end of a bar that an error stopped)."""
    tqdm = sys.modules.get("tqdm")
    if tqdm is not None:
        for bar in list(getattr(tqdm.tqdm, "_instances", ())):
            bar.close()


class OneLineError(click.ClickException):
    """An error the user gets as one line on stderr, no traceback."""

    def show(self, file=None) -> None:
        _clear_bars()
        click.echo(one_line(f"dedup: error: {self.format_message()}"), err=True)  # a path may hold a line break


class InputFailure(OneLineError):
    """Bad user input: one line, exit code 2."""

    exit_code = EXIT_INPUT


class NoSpace(OneLineError):
    """The run's temporary files filled their folder: one line, exit code 1."""

    exit_code = 1


class OutOfMemory(OneLineError):
    """The run needed more memory than there is (an input or a --set value too large for
    this machine): one line, exit code 1."""

    exit_code = 1


class NoWorker(OneLineError):
    """The system refused to start a worker process (too many processes, too little
    memory): one line, exit code 1."""

    exit_code = 1


@contextmanager
def _temp_space() -> Iterator[None]:
    """A full temporary folder (``dedup batch`` keeps texts and term ids there) is one line
    naming the folder, not a traceback."""
    try:
        yield
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise NoSpace(f"{tempfile.gettempdir()}: no space left for the run's temporary files "
                      f"({e.strerror}); point TMPDIR at a folder with about 7 KB free per "
                      "document") from None


_OPTION_FLAGS = {"link_threshold": "--threshold"}
"""Command-line options that set an :class:`Options` field (passed to :func:`_parse_settings`
as ``explicit``): giving one with ``--set`` of the same field is a usage error."""


def _parse_options(pairs: tuple[str, ...], **explicit) -> Options:
    """The defaults with ``--set NAME=VALUE`` (and the named options given) applied."""
    return Options(**_parse_settings(pairs, **explicit))  # valid: _parse_settings checked them


_TYPE_WORDS = {int: "a whole number", float: "a number", str: "a string"}


def _parse_settings(pairs: tuple[str, ...], **explicit) -> dict:
    """``--set NAME=VALUE`` pairs (and the named options given) as typed values by name,
    each checked against the option's type (and, together, against the defaults)."""
    names = {f.name: f for f in dataclasses.fields(Options)}
    values = {k: v for k, v in explicit.items() if v is not None}
    given: dict[str, str] = {}
    for item in pairs:
        name, sep, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if explicit.get(name) is not None:  # (--set was applied last and silently won)
            flag = _OPTION_FLAGS.get(name, f"--{name.replace('_', '-')}")
            raise click.UsageError(f"{flag} and --set {name}=... both set {name}: give one")
        if name in given and sep:  # (the last one silently won)
            raise click.UsageError(f"--set {given[name]!r} and --set {item!r} both set {name}: give one")
        given[name] = item
        if not sep or name not in names:
            raise click.BadParameter(
                f"{item!r}: expected NAME=VALUE with NAME one of {', '.join(sorted(names))}",
                param_hint="--set")
        typ = type(getattr(Options(), name))
        try:
            if typ is bool:
                flag = raw.strip().lower()
                if flag not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                    raise ValueError(raw)
                values[name] = flag in ("1", "true", "yes", "on")
                continue
            values[name] = typ(raw)
        except ValueError:
            raise click.BadParameter(f"{item!r}: {name} takes {'true or false' if typ is bool else _TYPE_WORDS.get(typ, typ.__name__)}",
                                     param_hint="--set") from None
    try:
        Options(**values)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--set") from None
    return values


class Progress:
    """tqdm bars on stderr, one per stage; silent when disabled."""

    def __init__(self, enabled: bool | None):
        self.enabled = enabled
        self.bars: dict = {}

    @property
    def active(self) -> bool:
        """Bars are drawn: asked for, or by default when stderr is a terminal."""
        return bool(self.enabled) or (self.enabled is None and sys.stderr.isatty())

    def wrap(self, iterable, desc: str, total: int | None = None, unit: str = " docs"):
        """``iterable`` counted on a bar (with a rate, and an ETA when ``total`` is known)."""
        if not self.active:
            return iterable
        from tqdm import tqdm

        return tqdm(iterable, desc=desc, unit=unit, file=sys.stderr, total=total, mininterval=0.5,
                    leave=False)

    def bar(self, desc: str, total: Callable[[], int | None]):
        """A bar to ``update`` by hand (None when bars are not drawn); ``total()`` is called
        only for a drawn bar."""
        if not self.active:
            return None
        from tqdm import tqdm

        return tqdm(desc=desc, unit=" docs", file=sys.stderr, total=total(), mininterval=0.5, leave=False)

    def reading(self, paths):
        """A bar's total for reading ``paths``: counted (:func:`dedup.io.count_items`) only
        when bars are drawn."""
        return count_items(list(paths)) if self.active else None

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        if not self.active:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is not None and bar.disable:  # closed: a stage's last tick may come twice
            return
        if bar is None:
            unit = api.STAGE_UNITS.get(stage, "docs")
            # pairs by the million read as 1.2M; a few dozen as "78", not "0.00/78.0"
            bar = self.bars[stage] = tqdm(total=total, desc=stage, unit=f" {unit}", file=sys.stderr,
                                          mininterval=0.5, leave=False,
                                          unit_scale=unit == "pairs" and (total or 0) >= 10_000)
        bar.n = done
        bar.refresh()
        if total is not None and done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _bars(progress: bool | None, quiet: bool) -> bool | None:
    """Whether to draw progress bars: --progress / --no-progress when given; otherwise none
    with --quiet, else when stderr is a terminal (None)."""
    if progress is not None:
        return progress
    return False if quiet else None


JOBS_HELP = ("(default: all cores this process may use, and never more: a larger N is lowered to "
             "that, with a note on stderr unless --quiet; below 1 is a usage error).")


def _workers(jobs: int | None, quiet: bool) -> int:
    """The worker processes for ``--jobs`` (None: not given): all the cores this process
    may use, and never more.  More workers than cores are no faster, and each is a process
    of its own with its own memory (``--jobs 100000`` tried to start that many)."""
    cores = parallel.default_jobs()
    if jobs is None or jobs <= cores:
        return jobs or cores
    if not quiet:
        click.echo(f"dedup: note: --jobs {jobs} is more than the {cores} core{'s' if cores != 1 else ''} this process may use: "
                   f"using {cores}", err=True)
    return cores


def _check_fields(id_field: str, text_field: str) -> None:
    """--id-field and --text-field must name two fields (a usage error, exit 2)."""
    if id_field == text_field:
        raise click.UsageError(f"--id-field and --text-field are both {id_field!r}: a record's id and its "
                               "text are two fields")


MAX_BYTES = 10_000_000
"""Default ``--max-bytes`` of the commands that read documents (as `dedup filter`'s)."""

max_bytes_option = click.option(
    "--max-bytes", type=click.IntRange(0), default=MAX_BYTES, show_default=True, metavar="N",
    help="An input item over N bytes is a bad item (too-large), not analysed: a JSON Lines line "
         "(its line break aside; read through without being held in memory), a text file (not "
         "read past N bytes), a CSV record's text (measured once its record is read); 0: no limit.")


def _encoding(ctx, param, value):
    try:
        return text_encoding(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


encoding_option = click.option(
    "--encoding", default="utf-8", show_default=True, metavar="NAME", callback=_encoding,
    help="Encoding of text files and CSV/TSV files (cp1252, latin-1, shift_jis, gb18030, koi8-r, "
         "...: any Python codec that writes ASCII as ASCII); bytes not in it are a bad item "
         "(bad-encoding). JSON Lines is always read as UTF-8, as JSON is.")


def _load(paths, id_field, text_field, skip_invalid, progress: Progress, stdin=None, compact=False,
          max_bytes: int = MAX_BYTES, encoding: str = "utf-8"):
    """The documents of ``paths`` (``compact``: as :class:`CompactDocuments`, texts
    compressed as they are read, into a temporary file) and what was skipped."""
    skipped = SkipReport()
    try:
        read = progress.wrap(read_documents(list(paths), id_field=id_field, text_field=text_field,
                                            skip_invalid=skip_invalid, report=skipped, stdin=stdin,
                                            max_bytes=max_bytes, encoding=encoding), "reading",
                             total=progress.reading(paths))
        docs = CompactDocuments(read, on_disk=True) if compact else list(read)
    except InputError as e:
        raise InputFailure(str(e)) from None
    return docs, skipped


class WriteFailure(OneLineError):
    """The output could not be written (a full disk, a quota): one line, exit code 1."""

    exit_code = EXIT_ERROR


def _quiet_broken_pipe() -> None:
    """The reader of stdout stopped (``dedup filter ... | head``): stop quietly, exit 1, as
    Unix tools do (stdout pointed at /dev/null so the interpreter's final flush is silent)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(EXIT_ERROR)


def _check_each_once(paths: Sequence[str]) -> None:
    """A usage error for an input given twice: ``-`` (the second would read nothing), or one
    file or folder under two names, a symbolic or a hard link (its every record was then a
    duplicate id of itself)."""
    if list(paths).count("-") > 1:
        raise click.UsageError("'-' (stdin) given more than once")
    seen: dict = {}
    for path in paths:
        if path == "-" or not os.path.exists(path):
            continue  # (a missing one is reported by the reader, naming it)
        try:  # one file under two names: a link of either kind, or a bind mount
            st = os.stat(path)
            real = (st.st_dev, st.st_ino)
        except OSError:
            real = os.path.realpath(path)
        if real in seen:
            same = "given twice" if seen[real] == path else f"is {seen[real]} again"
            raise click.UsageError(f"{path} {same}: give each input once")
        seen[real] = path
    # a file or folder that a folder given too holds ("dedup batch news news/wire"): its
    # records were read twice, each a copy of itself under another id
    folders = [path for path in seen.values() if os.path.isdir(path)]
    for folder in folders:
        for path in seen.values():
            if path != folder and _read_through(folder, path):
                raise click.UsageError(f"{path} is read through {folder} too: give each input once")


def _read_through(folder: str, path: str) -> bool:
    """Whether reading the folder reads ``path`` (a file, or a folder below it through no
    hidden name: a walk follows no link to a folder, so the real places are compared)."""
    if os.path.isfile(path):
        return read_by_walk(folder, path) is not None
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
    parts = rel.split(os.sep)
    return rel != os.curdir and parts[0] != os.pardir and not any(p.startswith(".") for p in parts)


def _check_writable(path: str | None, inputs: Sequence[str] = ()) -> None:
    """Fail before a long run, not after it, when the output file cannot be created: a
    missing folder, a folder in its place, no permission (exit 2, the message opening it
    would give), or one of the ``inputs`` (writing it would destroy what is read).
    Nothing is created or truncated here."""
    if path is None or path == "-":
        return
    if not path:
        raise InputFailure("--output: an empty file name (give a file, or '-' for stdout)")
    for given in inputs:
        try:
            same = given != "-" and os.path.samefile(given, path)
        except OSError:  # one of them does not exist (yet)
            same = False
        if same:
            raise InputFailure(f"{path}: the output is the input {given}: give another file")
        read = read_by_walk(given, path) if given != "-" else None
        if read is not None:
            through = "" if read == path else f" (through the link {read})"
            raise InputFailure(f"{path}: the output would be read as an input of {given}{through}: "
                               "give a file outside it")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        why = os.strerror(errno.ENOENT if not os.path.exists(folder) else errno.ENOTDIR)
    elif os.path.isdir(path) or path.endswith(("/", os.sep)):  # "out/": only a folder has that name
        why = os.strerror(errno.EISDIR)
    elif not os.access(path if os.path.exists(path) else folder, os.W_OK):
        why = os.strerror(errno.EACCES)
    else:
        return
    raise InputFailure(f"{path}: cannot write: {why}")


def _utf8_stdout() -> None:
    """Standard output in UTF-8 (lone surrogates written as their escapes, see
    :func:`_escape_unpaired_surrogates`), for output that programs read: JSON Lines, JSON,
    CSV, the HTML page (which declares UTF-8) and the filter's lines are UTF-8 whatever the
    locale, as the files dedup writes are.  In a Latin-1 locale (or with PYTHONIOENCODING,
    or on a Windows pipe) ``é`` went out as one Latin-1 byte and an emoji as the escape
    ``\\U0001f600``, which no JSON reader takes.  The readable reports stay in the
    locale's encoding, for the terminal that shows them."""
    out = sys.stdout
    try:
        if codecs.lookup(out.encoding).name != "utf-8":
            out.reconfigure(encoding="utf-8", errors="backslashreplace")
    except (AttributeError, LookupError, TypeError, ValueError, OSError):  # not a text stream that can be changed
        pass


@contextmanager
def _output(path: str | None, machine: bool = True) -> Iterator:
    """Where a result goes: stdout (``None`` or ``-``) or the file ``path``, in UTF-8
    (stdout in the locale's encoding when not ``machine``: a readable report).  A write
    that fails (a full disk) is one error line naming the file, exit 1, not a traceback."""
    if path is None or path == "-":
        if machine:
            _utf8_stdout()
        try:
            yield sys.stdout
            sys.stdout.flush()
        except OSError as e:
            if e.errno == errno.EPIPE:  # the reader went away: click stops quietly, exit 1
                raise
            raise WriteFailure(f"stdout: cannot write: {e.strerror}") from None
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="", errors="backslashreplace")  # see main()
    except OSError as e:
        raise InputFailure(f"{path}: cannot write: {e.strerror}") from None
    try:
        with fh:
            yield fh
    except OSError as e:
        raise WriteFailure(f"{path}: cannot write: {e.strerror or e}; the file is incomplete") from None


class Fraction(click.FloatRange):
    """A number from 0 to 1 (click's FloatRange lets ``nan`` through, and Options then
    refused it naming --set)."""

    def __init__(self) -> None:
        super().__init__(0, 1)

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number between 0 and 1.", param, ctx)
        return number


OPTION_HELP = "Set any option NAME=VALUE (repeatable); see README 'Options'."

BATCH_EPILOG = """\b
Examples:
  dedup batch seeds/                          readable summary on stdout
  dedup batch articles.jsonl --output out.jsonl
  dedup batch a.csv b.jsonl.gz --skip-invalid --output out.csv
  dedup batch seeds/ --output report.html       a page to read in a browser
  cat feed.jsonl | dedup batch - --all --output -
  dedup batch feed.jsonl -o - --format csv | head    CSV on stdout
  dedup batch archive.jsonl.gz --jobs 2 --progress --output out.jsonl
  dedup batch old-archive/ --encoding cp1252 -o out.jsonl   texts not in UTF-8
"""


MAIN_EPILOG = """\b
Examples:
  dedup batch seeds/                          stories, originals, added passages
  dedup batch feed.jsonl --output out.jsonl   full result as JSON Lines
  dedup compare a.txt b.txt                   explain one pair
  dedup filter news.dedup < in.jsonl          pre-ingest decisions against an index
Run 'dedup COMMAND --help' for a command's options.
"""


class Interrupted(click.ClickException):
    """Ctrl-C: one line, exit code 130 (what was committed stays: an index holds every
    document whose decision was written)."""

    exit_code = EXIT_INTERRUPTED

    def show(self, file=None) -> None:
        _clear_bars()
        click.echo("dedup: interrupted", err=True)


class _Main(click.Group):
    """The ``dedup`` group: Ctrl-C in a command is one line and exit 130 (click's default is
    "Aborted!" and exit 1, and forked workers would each print a traceback: they ignore
    SIGINT, see ``parallel``), running out of memory one line and exit 1, and an output
    that fails outside any command (``--help`` or ``--version`` to a full disk) one line
    and exit 1."""

    def invoke(self, ctx):
        _OPENED.clear()  # (a process may run several commands: the tests, a caller of main)
        _CREATED.clear()
        try:
            return self._invoke(ctx)
        except BaseException as e:
            code = e.code if isinstance(e, SystemExit) else getattr(e, "exit_code", 1)
            if code not in (0, None):
                _drop_created()
            raise

    def _invoke(self, ctx):
        starting = signal.getsignal(signal.SIGINT) is start.interrupted
        try:
            if starting:  # from here Ctrl-C is a KeyboardInterrupt, so that what is open gets closed
                signal.signal(signal.SIGINT, signal.default_int_handler)
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None
        except parallel.WorkerDied:
            raise OutOfMemory("a worker process was killed (by the system for lack of memory, or by "
                              "hand): a smaller --jobs or input may fit") from None
        except MemoryError as e:
            raise OutOfMemory(f"out of memory{': ' + str(e) if str(e) else ''} (a smaller input, "
                              "or smaller --set values, may fit)") from None
        except parallel.CannotStart as e:
            raise NoWorker(f"cannot start a worker process: {e} (a smaller --jobs may do)") from None
        except DAMAGE_SIGNS as e:  # with an index opened: see _damaged
            if _OPENED:
                _damaged(e)
            raise
        finally:
            if starting:  # what is left (click's exit) is stopped at once again, see dedup.start
                signal.signal(signal.SIGINT, start.interrupted)

    def main(self, *args, **kwargs):
        _stand_in_for_closed_streams()
        _whole_writes_to_stdout()
        try:
            return super().main(*args, **kwargs)
        except OSError as e:  # click lets every OSError but EPIPE through
            try:
                click.echo(f"dedup: error: cannot write: {e.strerror or e}", err=True)
            except OSError:
                pass
            sys.exit(EXIT_ERROR)


class _ClosedOutput(io.RawIOBase):
    """Standard output of a process started without one (``dedup batch ... >&-``): every
    write fails, as a write to a closed descriptor does."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _WholeWrites(io.BufferedIOBase):
    """Standard output's binary layer, each write repeated until all of it is written.

    Unbuffered (``PYTHONUNBUFFERED=1``, as many container images and CI set it, or ``python
    -u``), Python's text layer writes to the file descriptor directly and passes over a short
    count: a pipe whose reader goes away in the middle of a write larger than the pipe's
    buffer (``dedup batch ... | head``: the summary is one write) takes part of it, the rest
    was lost without an error, and dedup exited 0 instead of stopping with exit 1 as for any
    other write to a closed pipe.  Writing the rest meets the closed pipe (EPIPE)."""

    def __init__(self, inner) -> None:
        super().__init__()
        self._inner = inner

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            n = self._inner.write(view[done:])
            if not n:  # (None: a non-blocking stream that would block; a buffered writer raises first)
                raise BlockingIOError(errno.EAGAIN, "write could not complete without blocking", done)
            done += n
        return done

    def flush(self) -> None:
        self._inner.flush()

    def fileno(self) -> int:
        return self._inner.fileno()

    def isatty(self) -> bool:
        return self._inner.isatty()

    def close(self) -> None:  # the stream stays open for the interpreter's own final flush
        if not self.closed:
            try:
                self._inner.flush()
            finally:
                super().close()


def _whole_writes_to_stdout() -> None:
    """Standard output (a file or a pipe, not a test's stand-in) through :class:`_WholeWrites`."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if not isinstance(out, io.TextIOWrapper) or not isinstance(buffer, (io.FileIO, io.BufferedWriter)):
        return
    try:
        out.flush()
    except OSError:
        return  # (the first write reports it)
    sys.stdout = io.TextIOWrapper(_WholeWrites(buffer), encoding=out.encoding, errors=out.errors,
                                  line_buffering=out.line_buffering, write_through=out.write_through)


def _stand_in_for_closed_streams() -> None:
    """A standard stream the process was started without is None in Python: the results
    went nowhere with exit 0 (click.echo skips None) or ended in an AttributeError
    traceback.  Closed standard output now fails each write (one line, exit 1); closed
    standard error discards the messages, as asked, and the run goes on; closed standard
    input reads as empty (``-`` then holds no document: warned about)."""
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_ClosedOutput(), encoding="utf-8", errors="backslashreplace",
                                      write_through=True)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8", errors="backslashreplace")
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]}, epilog=MAIN_EPILOG)
@click.version_option(__version__, prog_name="dedup")
def main() -> None:
    """dedup: find copied and rewritten news.

    Groups articles into stories, ranks each story's likely original and reports what
    every derivative added, with character offsets, keeping boilerplate apart.
    """
    for stream in (sys.stdout, sys.stderr):
        _escape_unpaired_surrogates(stream)
    _LOCK_TIMEOUT[0] = 30.0  # (a command without --lock-timeout waits as long as the default)


def _escape_unpaired_surrogates(stream) -> None:
    """Write an unpaired surrogate (a JSON ``"\\ud800"`` in the input: half of an emoji a
    scraper cut off) as ``\\ud800`` instead of failing: UTF-8 has no bytes for it.  In a
    JSON string that is the escape it came in as, so JSON output reads back to the same
    text (and offsets still count it as one character)."""
    try:
        stream.reconfigure(errors="backslashreplace")
    except (AttributeError, ValueError, OSError):  # not a text stream that can be changed
        pass


@main.command(epilog=BATCH_EPILOG)
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", "output", metavar="FILE",
              help="Write the full result here; format by suffix: .jsonl (or .ndjson), .json, .csv, or .html (or .htm) "
                   "(a page to read: each story's texts with added passages marked) ('-' for JSON "
                   "Lines on stdout). Default: a readable summary on stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "html"]), default=None,
              help="The --output format, whatever the file's name ('-o - --format csv': CSV on "
                   "stdout; '-o /dev/null --format jsonl': counters only). Default: by suffix.")
@click.option("--all", "include_all", is_flag=True, help="Include stories of one document.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the id.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text.")
@click.option("--skip-invalid", is_flag=True,
              help="Skip bad items (counted and reported at the end) instead of stopping.")
@max_bytes_option
@encoding_option
@click.option("--threshold", type=Fraction(), default=None,
              help=f"TF-IDF cosine that links two articles (default {Options.link_threshold}).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=OPTION_HELP)
@click.option("--progress/--no-progress", default=None,
              help="Progress bars on stderr (default: when stderr is a terminal).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes; the result does not depend on it " + JOBS_HELP)
@click.option("--quiet", "-q", is_flag=True,
              help="No counters or options on stderr, and no progress bars unless --progress.")
def batch(paths, output, fmt, include_all, id_field, text_field, skip_invalid, max_bytes, encoding, threshold,
          settings, progress, jobs, quiet) -> None:
    """Cluster articles into stories; find originals and what each copy added.

    PATHS are directories (each .txt/.md file is a document, id = relative path without
    suffix), text files, JSON Lines (.jsonl, .ndjson, .jl, .jsonlines, each also .gz), CSV
    (.csv; .tsv separated by tabs) or '-' for JSON Lines on stdin. Records need an id and a text; title, date (ISO 8601),
    source and url are optional.
    """
    _check_fields(id_field, text_field)
    options = _parse_options(settings, link_threshold=threshold)
    if fmt is not None and output is None:
        raise click.UsageError("--format applies to --output: give -o FILE (or -o - for stdout)")
    if fmt is None and output and output != "-":
        fmt = report.format_for(output)
        if fmt is None:
            raise click.BadParameter(f"{output}: suffix must be one of "
                                     f"{', '.join('.' + f for f in report.FORMATS)} (or .htm, .ndjson), "
                                     "or give --format", param_hint="--output")
    _check_writable(output, paths)
    _check_each_once(paths)
    bars = Progress(_bars(progress, quiet))
    with _temp_space():
        docs, skipped = _load(paths, id_field, text_field, skip_invalid, bars, compact=True, max_bytes=max_bytes,
                              encoding=encoding)
        result = api.batch(docs, options, progress=bars, jobs=_workers(jobs, quiet))
    bars.close()
    if output is None:
        click.echo(report.summary(result, include_all), nl=False)
    else:
        with _output(output) as fh:
            report.WRITERS[fmt or "jsonl"](result, fh, include_all)
    if not quiet:
        s = result.stats
        click.echo(f"dedup: {report.counted(s['documents'], 'document', 'documents')}, "
                   f"{report.stories_with_copies(result)} "
                   f"({report.counted(s['clustered_documents'], 'document', 'documents')}), {s['candidate_pairs']} candidate pairs "
                   f"(candidate index {s['candidate_index_bytes'] / max(s['documents'], 1):.0f} "
                   f"B per document), "
                   f"{s['linked_pairs']} linked ({s['exact_copies']} exact copies linked outside LSH, "
                   f"{s['passage_links']} by a shared verbatim passage only; "
                   f"{report.counted(s['passage_pairs'], 'pair shares', 'pairs share')} one); "
                   f"{s['no_content']} documents without content words (all boilerplate or no "
                   f"words), {s['oversized_buckets']} LSH buckets over max_bucket (each proposed only its pairs with one member, the smallest id)"
                   + (f"; {s['repeated_sentences']} repeated sentences counted once, in their first document"
                      if s.get("repeated_sentences") else "")
                   + (f"; {s['spare_copies']} copies of texts copied over max_story times joined their "
                      f"stories as duplicates without being ranked" if s.get("spare_copies") else "")
                   + (f"; {s['spare_near_copies']} near-copies (or copies) in stories over max_story joined them "
                      f"after the ranking, each a derivative of its most similar ranked member"
                      if s.get("spare_near_copies") else "")
                   + (f"; {report.counted(s['closing_cuts'], 'part (a story or a single document)', 'parts (stories or single documents)')} "
                      f"parted from a linked group at a paragraph two texts both end with, or at paragraphs "
                      f"two pages of one site both write (closing_rest_support)" if s.get("closing_cuts") else "")
                   + (f"; {report.counted(s['template_cuts'], 'part (a story or a single document)', 'parts (stories or single documents)')} "
                      f"parted from a linked group at two stories of one template (the same sentences, "
                      f"other figures)" if s.get("template_cuts") else "")
                   + (f"; {report.counted(s['compilation_cuts'], 'story', 'stories')} parted from a linked "
                      f"group held together by a roundup pasting passages of each (the roundup joins one)"
                      if s.get("compilation_cuts") else ""), err=True)
        click.echo(f"dedup: options {options.describe()}", err=True)
    if skipped.total:
        click.echo(f"dedup: {skipped.summary()}", err=True)
    if skipped.ignored:
        click.echo(f"dedup: {skipped.ignored_summary()}", err=True)
    if result.stats["documents"] == 0:
        _warn_nothing_read(paths, skipped)


def _warn_nothing_read(paths, skipped: SkipReport) -> None:
    """One stderr line when the input held no document, even with --quiet: an empty
    result from an empty (or wrong) path is otherwise indistinguishable from a corpus
    without copies. The exit code stays 0: an empty feed is not bad input."""
    where = ", ".join(paths)
    folders = sum(1 for p in paths if p != "-" and os.path.isdir(p))
    if skipped.total:
        why = f"every item was skipped ({skipped.total})"
    elif not folders:  # files or stdin
        why = "it holds no record" if len(paths) == 1 else "they hold no record"
    elif any(files_read(p) for p in paths if p != "-" and os.path.isdir(p)):
        # (a text file is a document or a skipped item: what was read were record files)
        why = "its files hold no record" if len(paths) == 1 else "their files hold no record"
    elif folders == len(paths):
        why = f"found no {'/'.join(READ_SUFFIXES)} file"
    else:
        why = f"found no record and no {'/'.join(READ_SUFFIXES)} file"
    click.echo(one_line(f"dedup: warning: no documents read from {where}: {why}"), err=True)


COMPARE_EPILOG = """\b
Examples:
  dedup compare original.txt rewrite.txt
  dedup compare a.txt b.txt --json
  dedup compare --pairs pairs.jsonl docs.jsonl --output scores.jsonl
  dedup compare --pairs pairs.jsonl docs.jsonl -q --progress > scores.jsonl
  dedup compare --pairs pairs.jsonl docs.jsonl --skip-invalid -o scores.jsonl
"""


@main.command(epilog=COMPARE_EPILOG)
@click.argument("a")
@click.argument("b")
@click.option("--pairs", "pairs_mode", is_flag=True,
              help="A is a JSON Lines file of pairs ({\"a\": id, \"b\": id}), B a corpus holding "
                   "those ids; one JSON line per pair is written, in input order.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a readable explanation.")
@click.option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
@click.option("--id-field", default="id", show_default=True,
              help="Record field holding the id, in record files (A and B, or DOCS with --pairs).")
@click.option("--text-field", default="text", show_default=True,
              help="Record field holding the text, in record files (A and B, or DOCS with --pairs).")
@click.option("--skip-invalid", is_flag=True,
              help="With --pairs: skip bad pairs lines (bad JSON, ids missing or not in DOCS) and "
                   "bad documents of DOCS (counted and reported on stderr) instead of stopping.")
@max_bytes_option
@encoding_option
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=OPTION_HELP)
@click.option("--progress/--no-progress", default=None,
              help="With --pairs: a progress bar on stderr (default: when stderr is a terminal and "
                   "not --quiet).")
@click.option("--quiet", "-q", is_flag=True,
              help="With --pairs: no count of the pairs scored on stderr, and no progress bar "
                   "unless --progress.")
def compare(a, b, pairs_mode, as_json, output, id_field, text_field, skip_invalid, max_bytes, encoding, settings,
            progress, quiet) -> None:
    """Explain one pair of articles, or score many pairs with --pairs.

    For a pair: similarity, relation, which side is likely the source, and the passages
    each side added relative to the other.
    """
    _check_fields(id_field, text_field)
    options = _parse_options(settings)
    _check_writable(output, (a, b))
    _check_compare_output(output, "JSON Lines" if pairs_mode else "JSON" if as_json else "text")
    if pairs_mode:
        _compare_pairs(a, b, options, output, id_field, text_field,
                       Progress(progress if progress is not None else (False if quiet else None)), quiet,
                       skip_invalid, max_bytes, encoding)
        return
    if skip_invalid:  # one pair's two documents: nothing to skip and go on with
        raise click.UsageError("--skip-invalid applies to --pairs only")
    if a == "-" and b == "-":  # the second read would find stdin used up
        raise click.UsageError("'-' (stdin) given for both A and B")
    loaded = [list(_load([path], id_field, text_field, False, Progress(False), max_bytes=max_bytes,
                         encoding=encoding)[0])
              for path in (a, b)]
    if [len(side) for side in loaded] != [1, 1]:  # (an empty A and a B of two compared B's two)
        raise InputFailure(f"compare needs one document in each of A and B, got {len(loaded[0])} from {a} "
                           f"and {len(loaded[1])} from {b}")
    docs = loaded[0] + loaded[1]
    if docs[0].id == docs[1].id:  # a.txt in two folders, or one file twice: named by the paths
        names = (a, b) if a != b else (f"{a}#1", f"{a}#2")
        docs = [dataclasses.replace(d, id=name) for d, name in zip(docs, names)]
    c = api.compare(docs[0], docs[1], options)
    texts = {d.id: d.text for d in docs}
    with _output(output, machine=as_json) as fh:
        if as_json:
            fh.write(json.dumps(report.comparison_record(c, texts), ensure_ascii=False) + "\n")
            return
        fh.write(f"similarity {c.similarity:.3f}; relation: {c.relation or 'unrelated'}\n")
        if c.source:
            other = c.b if c.source == c.a else c.a
            fh.write(f"likely source: {report.shown(c.source)} -> {report.shown(other)} (confidence {c.confidence:.2f}; "
                     f"{'; '.join(c.reasons)})\n")
        e = c.evidence
        if e:
            fh.write(f"evidence: shared rare terms {e['shared_terms']:.2f} (derived from "
                     f"{options.derived_containment:.2f}), shared terms {e['shared_term_count']} (derived from "
                     f"{options.min_shared_terms}), shared 5-grams {e['shared_5grams']:.2f}, "
                     f"supported {e['supported']:.2f}, verbatim passage {'yes' if e['shared_passage'] else 'no'}, "
                     f"shared numbers {e['shared_numbers']:.2f} (derived from {options.number_overlap:.2f}), "
                     f"shared names {e['shared_names']:.2f} (derived from {options.name_overlap:.2f}), "
                     f"rarest shared term {e['shared_specificity']:.2f} (derived from "
                     f"{options.shared_specificity:.2f}; below {options.close_specificity:.2f} only with "
                     f"closely supported content from {options.close_support:.2f}), "
                     f"closely supported {e['close_support']:.2f}"
                     f"{f' (both texts short: derived only from {options.close_support:.2f})' if e.get('short_texts') else ''}"
                     f"{', all shared is one block closing both, or paragraphs one site reuses (related)' if e.get('closing_block') else ''}"
                     f"{', shares quoted words and names its own sources (related)' if e.get('quotes_only') else ''}"
                     f"{', sums its source up (derived, few shared rare terms)' if e.get('sums_up') else ''}\n")
        for side in (c.a, c.b):
            n = len(c.added[side])
            fh.write(f"{report.shown(side)} adds {'no passage' if n == 0 else f'{n} passage(s):'}\n")
            for s in c.added[side]:
                fh.write(f"  [{s.start}:{s.end}] {report._short(texts[side][s.start:s.end], 100)}\n")


# what compare writes, and the output names that say another format (read back as that)
_COMPARE_NOT = {"JSON Lines": (".csv", ".json", ".html", ".htm", ".gz", ".txt", ".md"),
                "JSON": (".csv", ".jsonl", ".ndjson", ".html", ".htm", ".gz"),
                "text": (".csv", ".json", ".jsonl", ".ndjson", ".html", ".htm", ".gz")}
_COMPARE_NAME = {"JSON Lines": ".jsonl", "JSON": ".json", "text": ".txt"}


def _check_compare_output(output: str | None, writes: str) -> None:
    """A usage error for ``--output`` named as another format than the one compare writes
    (``-o scores.csv`` got JSON Lines, as batch's ``-o x.csv`` gets CSV)."""
    if output is None or output == "-":
        return
    lower = output.lower()
    suffix = next((x for x in _COMPARE_NOT[writes] if lower.endswith(x)), None)
    if suffix is not None:
        raise click.UsageError(f"--output {output!r}: compare writes {writes} here, not {suffix}; name the "
                               f"file {_COMPARE_NAME[writes]}" + (" (or use --json)" if writes == "text" else ""))


def _compare_pairs(pairs_path, docs_path, options, output, id_field, text_field, progress: Progress,
                   quiet: bool, skip_invalid: bool = False, max_bytes: int = MAX_BYTES,
                   encoding: str = "utf-8") -> None:
    if pairs_path == "-" and docs_path == "-":
        raise click.UsageError("PAIRS and DOCS cannot both be '-' (stdin)")
    docs, skipped = _load([docs_path], id_field, text_field, skip_invalid, Progress(False), max_bytes=max_bytes,
                          encoding=encoding)
    if not docs:  # (said first: every pair's id is then unknown, which alone misleads)
        _warn_nothing_read([docs_path], skipped)
    by_id = {d.id: k for k, d in enumerate(docs)}
    pairs, bad_pairs = [], 0
    if pairs_path == "-":
        fh, pairs_path = contextlib.nullcontext(sys.stdin.buffer), "<stdin>"
    else:
        try:
            fh = open(pairs_path, "rb")
        except OSError as e:
            raise InputFailure(f"{pairs_path}: cannot read: {e.strerror}") from None
    with fh as fh:
        for n, raw in enumerate(io_lines(fh, max_bytes), 1):
            if isinstance(raw, BaseException):
                raise InputFailure(f"{pairs_path}:{n}: read error: {raw}")
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a byte-order mark, as some editors write
            try:
                if isinstance(raw, TooLong):  # (read through, not kept)
                    raise InputError("too-large", pairs_path, n, f"the line is {raw.size:,} bytes, over the "
                                     f"limit of {raw.most:,} (--max-bytes)")
                pair = _read_pair(raw, pairs_path, n, by_id, docs_path)
            except InputError as e:
                if not skip_invalid:
                    raise InputFailure(str(e)) from None
                skipped.add(e)
                bad_pairs += 1
                continue
            if pair is not None:
                pairs.append(pair)
    if not pairs and not bad_pairs:  # as batch warns of an empty input (exit 0: no pairs is not bad input)
        click.echo(f"dedup: warning: no pairs read from {pairs_path}", err=True)
    corpus = api.Corpus(docs, options)
    texts = {d.id: d.text for d in docs}
    with _output(output) as out:
        for ia, ib in progress.wrap(pairs, "comparing", total=len(pairs), unit=" pairs"):
            c = api.compare(docs[ia], docs[ib], options, corpus=corpus)
            out.write(json.dumps(report.comparison_record(c, texts), ensure_ascii=False) + "\n")
    if not quiet and pairs:
        where = "<stdin>" if docs_path == "-" else docs_path
        click.echo(f"dedup: {len(pairs):,} pair{'' if len(pairs) == 1 else 's'} scored, their texts from "
                   f"{len(docs):,} document{'' if len(docs) == 1 else 's'} of {where}",
                   err=True)
    if skipped.total:  # (even with --quiet, as batch reports them: nothing is dropped unseen)
        click.echo(f"dedup: {skipped.summary()}", err=True)
        if not pairs and bad_pairs:
            click.echo("dedup: warning: no pairs scored: every pair was skipped", err=True)


def _read_pair(raw: bytes, path: str, n: int, by_id: dict, docs_path: str) -> tuple[int, int] | None:
    """Line ``n`` of a pairs file: the two documents' positions, None for a blank line; a bad
    line is an :class:`InputError` naming the file and the line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError("not-utf8", path, n, f"not UTF-8 (byte {e.start + 1})") from None
    if not line.strip(" \t\r\n"):  # JSON's blanks only, as in a record file: U+00A0 is bad JSON
        return None
    try:
        rec = io_loads(line)
    except json.JSONDecodeError as e:
        raise InputError("bad-json", path, n, f"invalid JSON: {e.msg} (column {json_column(e, line)})") from None
    except (DuplicateKeyError, NotJSONError) as e:
        raise InputError("bad-json", path, n, f"invalid JSON: {e}") from None
    except RecursionError:
        raise InputError("bad-json", path, n, "invalid JSON: nested too deeply") from None
    except ValueError as e:  # e.g. an integer too long to convert (a traceback, exit 1)
        raise InputError("bad-json", path, n, f"invalid JSON: {report._short(str(e), 80)}") from None
    if not isinstance(rec, dict):
        raise InputError("not-an-object", path, n, f'a pair is a JSON object {{"a": ID, "b": ID}}, not {json_type(rec)}')
    for side in ("a", "b"):
        value = rec.get(side)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            raise InputError("missing-id", path, n, f"{side!r} must be a string or a number, not {json_type(value)}")
    for side in ("a", "b"):
        if rec.get(side) is None:
            raise InputError("missing-id", path, n, f"pair needs 'a' and 'b' ids present in {docs_path} "
                                                     f"(missing {side!r})")
    for side in ("a", "b"):
        if id_text(rec[side]) not in by_id:
            raise InputError("unknown-id", path, n, f"pair needs 'a' and 'b' ids present in {docs_path} "
                                                     f"(missing {id_text(rec[side])!r})")
    return by_id[id_text(rec["a"])], by_id[id_text(rec["b"])]


# --- the pre-ingest filter: dedup index ... and dedup filter ----------------------------

_OPENED: list[str] = []  # the indexes this command opened, for a diagnosis (see _Main)

_CREATED: list[str] = []  # the index files this command created, for a failure (see _drop_created)


def _drop_created() -> None:
    """Delete the index files this failed command created, if they still hold no document
    (:func:`dedup.storage.remove_if_empty`): the options a failed creation stored
    (``--set num_perm=4294967296``: out of memory at the first document) would otherwise be
    those of every later command on that path, and fail it the same way."""
    from .storage import remove_if_empty

    for path in dict.fromkeys(_CREATED):
        remove_if_empty(path)


def _damaged(error: BaseException, note: str = "", own_line: bool = False) -> None:
    """Raise a one-line error naming an index this command opened whose stored data is
    damaged (a file changed by hand, or by a disk): then ``error`` came from that, and is
    not a bug of dedup, to be shown with its traceback.  ``note`` ends the line.
    ``own_line``: ``error`` is dedup's own one-line message (a StorageError), shown whole
    (without the location it starts with), and the one raised, with ``note``, when the
    diagnosis itself fails (a file that no longer opens: its error would say less)."""
    from .storage import StorageError, diagnose, shown_location

    for location in dict.fromkeys(_OPENED):
        try:
            found = diagnose(location)
        except StorageError as e:
            raise InputFailure(f"{error}{note}" if own_line else str(e)) from None
        if found:
            shown = shown_location(location)
            detail = one_line(str(error))
            if own_line:
                for prefix in (f"{shown}: ", f"{location}: "):
                    detail = detail[len(prefix):] if detail.startswith(prefix) else detail
            else:
                detail = f"{type(error).__name__}: {detail[:80]}"
            raise InputFailure(f"{shown}: damaged dedup index: {'; '.join(found)} ({detail}){note}") from None


def _storage_failure(error: BaseException, note: str = "") -> InputFailure:
    """The one-line error (exit 2) of a storage error met while working on an opened index:
    a stored value that does not read (NotAnIndexError: a text that does not decompress, a
    term vector that does not decode) is worded as every other damage, naming what
    :func:`dedup.storage.diagnose` finds (``index verify``'s list), as ``serve`` answers it;
    else the error's own line.  ``note`` ends the line."""
    from .storage import NotAnIndexError

    if isinstance(error, NotAnIndexError) and _OPENED:
        _damaged(error, note, own_line=True)
    return InputFailure(f"{error}{note}")


_LOCK_TIMEOUT = [30.0]  # --lock-timeout of the running command (seconds a write waits for the lock)


def _set_lock_timeout(ctx, param, value):
    _LOCK_TIMEOUT[0] = float(value)
    return value


def _lock_timeout(fails_as: str):
    return click.option(
        "--lock-timeout", type=click.FloatRange(0, 86_400), default=30.0, show_default=True, metavar="SECONDS",
        expose_value=False, callback=_set_lock_timeout, is_eager=True,
        help="How long a write waits for the index's write lock while another writer holds it, "
             f"before it fails as 'index is busy' ({fails_as}).")


lock_timeout_option = _lock_timeout("exit 2")


def _open_index(path: str, changes: dict | None = None, create: bool = True, mode: str = "write"):
    """Open (or create) the index at ``path``, with ``changes`` (``--set``, parsed by
    :func:`_parse_settings`) applied on top of its own options (of the defaults when it is
    new).  ``mode``: ``"write"`` for a command that writes (an index this process cannot
    write is then one error line, exit 2, before anything is read), ``"read"`` for one that
    only reads (opened read-only, never created), ``"any"`` to take what the index allows
    (``Index.readonly`` says which)."""
    from .index import Index
    from .storage import StorageError

    if not str(path).strip():
        raise InputFailure("'': an empty index path: give a file (or a redis:// URL)")
    if str(path) == "-":  # ('-' is stdin for every input; `index add - in.jsonl` made a file '-')
        raise InputFailure("'-' is no index: give the index file (or a redis:// URL) first, then the inputs")
    _OPENED.append(str(path))
    if mode != "read" and create and not str(path).startswith(("redis://", "rediss://")) \
            and not os.path.lexists(path):
        _CREATED.append(str(path))
    try:
        idx = Index(path, changes=changes, create=create and mode != "read", readonly=mode == "read",
                    timeout=_LOCK_TIMEOUT[0])
    except StorageError as e:
        raise InputFailure(str(e)) from None
    if mode == "write" and idx.readonly:
        idx.close()
        raise InputFailure(str(idx.storage.readonly_error()))
    return idx


def _on_index(index_path: str, work: Callable, mode: str = "write"):
    """``work(idx)`` on the existing index at ``index_path``, closed after; a storage error
    is one line, exit 2."""
    from .storage import StorageError

    idx = _open_index(index_path, create=False, mode=mode)
    try:
        return work(idx)
    except StorageError as e:
        raise _storage_failure(e) from None
    finally:
        idx.close()


_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str):
    """``30d``, ``12h``, ``90m``, ``2w``, ``3600s`` as a timedelta.  The unit is required:
    eviction deletes, and a bare ``30`` meant as days must not evict all but 30 seconds.
    Spaces around it are dropped; a window of no time (``0d``, or one that rounds to no
    microsecond, ``1e-400s``) is refused as a negative one is: it would evict everything."""
    import datetime

    text = text.strip()
    raw = text.lower()
    unit = raw[-1:] if raw[-1:] in _DURATION_UNITS else ""
    number = raw[:-1] if unit else raw
    # ASCII decimal digits only: float() would also take "1_0", "inf", "nan" and other scripts' digits
    value = float(number) if re.fullmatch(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?", number) else None
    if value is not None and text.endswith("M"):  # as often months (ISO 8601's P6M) as minutes
        raise click.BadParameter(f"{text!r}: M could mean minutes or months: give {number}m for minutes "
                                 "(months: in days, e.g. 180d)", param_hint="--keep")
    if value is not None and not unit:
        raise click.BadParameter(f"{text!r}: give a unit: {number}s, {number}m, {number}h, {number}d or "
                                 f"{number}w", param_hint="--keep")
    if value is None:
        raise click.BadParameter(f"{text!r}: expected a number with a unit s, m, h, d or w "
                                 "(e.g. 30d)", param_hint="--keep") from None
    not_positive = click.BadParameter(f"{text!r}: must be a positive duration (0 would evict every "
                                      "document)", param_hint="--keep")
    if not value > 0:
        raise not_positive
    seconds = value * _DURATION_UNITS[unit]
    if seconds >= datetime.timedelta.max.total_seconds():
        raise click.BadParameter(f"{text!r}: too long a window (at most {datetime.timedelta.max.days}d)",
                                 param_hint="--keep")
    window = datetime.timedelta(seconds=seconds)
    if window <= datetime.timedelta(0):  # under half a microsecond: no time at all
        raise not_positive
    return window


def _count(n: int) -> str:
    return f"{n} document{'s' if n != 1 else ''}"


def _where(doc) -> tuple[str, int | None]:
    """(path, line) of a document's origin, for error messages."""
    origin = doc.origin or "<input>"
    path, sep, line = origin.rpartition(":")
    if sep and line.isdigit():
        return path, int(line)
    return origin, None


INDEX_EPILOG = """\b
Examples:
  dedup index add news.dedup archive/ feed.jsonl.gz     bulk-load a corpus
  dedup index stats news.dedup
  dedup index evict news.dedup --keep 30d               keep a 30-day window
  dedup index remove news.dedup id1 id2
  dedup index export old.dedup | dedup index add new.dedup -
                                                        move an older format's documents
"""


@main.group(epilog=INDEX_EPILOG)
def index() -> None:
    """Build and maintain an index for `dedup filter` (an SQLite file or a redis:// URL)."""


INDEX_ADD_EPILOG = """\b
Examples:
  dedup index add news.dedup archive/                    every .txt/.md file below archive/
  dedup index add news.dedup feed.jsonl.gz --jobs 2      JSON Lines, analysed in 2 processes
  dedup index add news.dedup feed.jsonl --skip-existing  resume a load stopped part way
  dedup index add news.dedup a.csv --skip-invalid        bad rows counted, not fatal
"""


@index.command("add", epilog=INDEX_ADD_EPILOG)
@lock_timeout_option
@click.argument("index_path", metavar="INDEX")
@click.argument("paths", nargs=-1, required=True)
@click.option("--id-field", default="id", show_default=True, help="Record field holding the id.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text.")
@click.option("--skip-invalid", is_flag=True,
              help="Skip bad items (counted and reported at the end) instead of stopping.")
@click.option("--skip-existing", is_flag=True,
              help="Skip documents whose id is already in the index (e.g. to resume a load).")
@max_bytes_option
@encoding_option
@click.option("--batch-size", type=click.IntRange(1, sys.maxsize), default=500, show_default=True,
              help="Documents read per transaction (stored together; larger batches load a "
                   "large index faster and hold more in memory).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help=OPTION_HELP + " Sketch options are fixed when the index is created.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that analyse the next documents while one batch is "
                   "stored; the index is the same for every N " + JOBS_HELP)
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--quiet", "-q", is_flag=True,
              help="No counters on stderr, and no progress bar unless --progress.")
def index_add(index_path, paths, id_field, text_field, skip_invalid, skip_existing, max_bytes, encoding,
              batch_size, settings, jobs, progress, quiet) -> None:
    """Bulk-load documents into INDEX (created when missing).

    PATHS are read as by `dedup batch` (directories, text files, JSON Lines as .jsonl, .ndjson,
    .jl or .jsonlines, each also .gz, .csv, .tsv, '-' for JSON Lines on stdin), with the same errors. Every document is stored, copies
    included. Documents are stored and committed --batch-size at a time: a load stopped by
    a bad item keeps what was committed before it (resume with --skip-existing).
    """
    from .index import DocumentExistsError
    from .storage import StorageError

    _check_fields(id_field, text_field)
    _check_each_once(paths)
    idx = _open_index(index_path, _parse_settings(settings))
    bars = Progress(_bars(progress, quiet))
    skipped = SkipReport()
    committed = existing = 0
    docs = read_documents(list(paths), id_field=id_field, text_field=text_field,
                          skip_invalid=skip_invalid, report=skipped, max_bytes=max_bytes, encoding=encoding)
    # the bar counts the documents committed, a batch at a time (the reader and the workers
    # run ahead of them: an interrupted load keeps only what the bar counted)
    bar = bars.bar("indexing", lambda: bars.reading(paths))
    try:
        try:
            for batch, old in idx.load(docs, batch_size, _workers(jobs, quiet),
                                       skip_existing or skip_invalid):
                if bar is not None:
                    bar.update(len(batch))
                committed += len(batch) - len(old)
                if skip_existing:
                    existing += len(old)
                else:  # --skip-invalid: an id already in the index is a bad item, skipped and counted
                    for doc in old:
                        skipped.add(InputError("duplicate-id", *_where(doc),
                                               f"id {doc.id!r} is already in the index"))
        except DocumentExistsError as e:
            stored = InputError("duplicate-id", *_where(e.doc), str(e))
            stored.in_index = True
            raise stored from None
    except InputError as e:
        if committed:  # (the bad item stays in the input: resuming passes it with --skip-invalid)
            resume = ("--skip-existing to resume" if getattr(e, "in_index", False)
                      else "--skip-existing to resume, and --skip-invalid or a mended input to pass over it")
            raise InputFailure(f"{e} ({_count(committed)} added before it; rerun with {resume})") from None
        # the hint only for an id already in the index (not one the input gives twice)
        raise InputFailure(f"{e} (rerun with --skip-existing to pass over ids already there)"
                           if getattr(e, "in_index", False) else str(e)) from None
    except StorageError as e:
        raise _storage_failure(e, f" ({_count(committed)} added before it)") from None
    finally:
        if bar is not None:
            bar.close()
        idx.close()
    if not quiet:
        click.echo(f"dedup: added {_count(committed)} to {shown_location(index_path)}"
                   + (f"; {existing} already there, skipped" if existing else ""), err=True)
    if skipped.total:
        click.echo(f"dedup: {skipped.summary()}", err=True)
    if skipped.ignored:
        click.echo(f"dedup: {skipped.ignored_summary()}", err=True)
    if committed + existing == 0:
        _warn_nothing_read(paths, skipped)


INDEX_REMOVE_EPILOG = """\b
Examples:
  dedup index remove news.dedup id1 id2
  dedup index remove news.dedup --ids-from gone.txt      one id per line
  grep -h retracted log.txt | dedup index remove news.dedup --ids-from -
"""


@index.command("remove", epilog=INDEX_REMOVE_EPILOG)
@lock_timeout_option
@click.argument("index_path", metavar="INDEX")
@click.argument("ids", nargs=-1)
@click.option("--ids-from", type=click.File("rb"), metavar="FILE",
              help="Also remove the ids listed in FILE, one per line, exactly as written (only the "
                   "line ending is dropped: spaces are part of the id; empty lines are skipped; a "
                   "FILE without ids, given alone, is an error); '-' for stdin.")
def index_remove(index_path, ids, ids_from) -> None:
    """Remove documents by id from INDEX (ids not in it are reported, not an error)."""
    from .storage import StorageError

    listed = _read_ids(ids_from) if ids_from else []
    if ids_from and not listed and not ids:
        raise click.UsageError(f"--ids-from {_ids_file_name(ids_from)}: no ids in the file "
                               "(it is empty or holds only empty lines)")
    # each id once: a second mention was reported "not in the index" after the first removed it
    wanted = list(dict.fromkeys(list(ids) + listed))
    if not wanted:
        raise click.UsageError("give ids to remove (arguments or --ids-from)")
    idx = _open_index(index_path, create=False)
    try:
        # (in batches, each a transaction, another writer let in between: one transaction
        # for thousands of ids held every other writer off until it timed out)
        missing = idx.remove_many(wanted)
    except StorageError as e:
        raise _storage_failure(e) from None
    finally:
        idx.close()
    click.echo(f"dedup: removed {_count(len(wanted) - len(missing))}", err=True)
    if missing:
        click.echo(f"dedup: not in the index: {len(missing)} ({', '.join(map(repr, missing[:5]))}"
                   f"{', ...' if len(missing) > 5 else ''})", err=True)


def _ids_file_name(fh) -> str:
    name = getattr(fh, "name", "-")
    return "<stdin>" if name in ("-", "<stdin>") else name


def _read_ids(fh) -> list[str]:
    """The ids of ``--ids-from``, one per line, exact: only the line ending (``\\n`` or
    ``\\r\\n``) and a byte-order mark are dropped, so an id's own leading or trailing spaces
    are kept (and ``" b"`` is not ``"b"``); empty lines are skipped. A line not in UTF-8 is
    one error line naming the file, line and byte."""
    name = _ids_file_name(fh)
    out = []
    for n, raw in enumerate(fh, 1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if raw.endswith(b"\r\n"):
            raw = raw[:-2]
        elif raw.endswith(b"\n"):
            raw = raw[:-1]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputFailure(f"{name}:{n}: not UTF-8 (byte {e.start + 1} of the line)") from None
        if line:
            out.append(line)
    return out


INDEX_EVICT_EPILOG = """\b
Examples:
  dedup index evict news.dedup --keep 30d                keep a 30-day window
  dedup index evict 'redis://127.0.0.1:6379/0?prefix=news' --keep 2w
"""


@index.command("evict", epilog=INDEX_EVICT_EPILOG)
@lock_timeout_option
@click.argument("index_path", metavar="INDEX")
@click.option("--keep", required=True, metavar="DURATION",
              help="Keep this window back from now: a number and a unit s, m, h, d or w, e.g. "
                   "30d, 12h, 2w; older documents go (by their date, else by ingest time).")
def index_evict(index_path, keep) -> None:
    """Remove documents older than a window, so a stream's index stays bounded."""
    keep = keep.strip()
    window = parse_duration(keep)
    n, left = _on_index(index_path, lambda idx: (idx.evict(older_than=window), len(idx)))
    click.echo(f"dedup: evicted {_count(n)} older than {keep}; {_count(left)} left", err=True)


INDEX_EXPORT_EPILOG = """\b
Examples:
  dedup index export news.dedup > stored.jsonl
  dedup index export old.dedup | dedup index add new.dedup -    move to a new index
"""


@index.command("export", epilog=INDEX_EXPORT_EPILOG)
@click.argument("index_path", metavar="INDEX")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="Write the JSON Lines here ('-': stdout).")
@click.option("-q", "--quiet", is_flag=True, help="No count on stderr.")
def index_export(index_path, output, quiet) -> None:
    """Write the documents stored in INDEX (an SQLite index file, of this or an older
    format, or a Redis index) as JSON Lines: id, text, date (when it has one) and
    ingested (seconds since 1970), in the order they were added.

    \b
    An index written by an older dedup, which the other commands refuse, is moved
    to this version's format with:
      dedup index export old.dedup | dedup index add new.dedup -
    (or -o stored.jsonl, then dedup index add new.dedup stored.jsonl: name the file
    .jsonl so that it is read as JSON Lines). The new index's ingest times are those
    of the load; dates are kept.
    """
    from .storage import NotAnIndexError, StorageError, stored_documents

    redis = str(index_path).startswith(("redis://", "rediss://"))
    if output != "-":
        target, base = os.path.realpath(output), os.path.realpath(index_path)
        if not redis and any(target == base + suffix for suffix in ("", "-wal", "-shm", "-journal")):
            raise click.UsageError(f"--output {output!r} is the index or one of its files")
        from .io import _format_of
        from .stream import NOT_JSON_LINES

        lower = output.lower()
        suffix = next((x for x in NOT_JSON_LINES + (".gz", ".html", ".htm") if lower.endswith(x)), None)
        if suffix is not None:  # JSON Lines under another format's name is read back as that format
            raise click.UsageError(f"--output {output!r}: export writes plain JSON Lines, not {suffix}; "
                                   "name the file .jsonl")
        if _format_of(os.path.basename(output)) != ".jsonl":  # (`index add` reads it as one text)
            raise click.UsageError(f"--output {output!r}: name the file .jsonl (or .ndjson), so that "
                                   "`dedup index add` reads it back as JSON Lines")
    records = _stored_records(index_path) if redis else stored_documents(index_path)
    # (a Redis document that does not read is worded as other damage: _storage_failure)
    try:
        first = next(records, None)  # the index is checked before the output is opened
    except (NotAnIndexError, StorageError) as e:
        raise _storage_failure(e) from None
    n = 0
    with _output(output) as out:
        try:
            for record in chain([] if first is None else [first], records):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        except (NotAnIndexError, StorageError) as e:
            raise _storage_failure(e, f" ({_count(n)} written before it: the output is incomplete)") from None
    if not quiet:
        click.echo(f"dedup: exported {_count(n)} from {shown_location(index_path)}", err=True)


def _stored_records(index_path: str, chunk: int = 1000) -> Iterator[dict]:
    """The records `index export` writes of an index opened as the other commands open it
    (a Redis one), in the order they were added: read a chunk at a time."""
    idx = _open_index(index_path, create=False, mode="read")
    try:
        s = idx.storage
        with s.read():
            rowids = s.first_rowids(sys.maxsize)
        for k in range(0, len(rowids), chunk):
            with s.read():
                docs = s.documents(rowids[k:k + chunk], keys=False)
            for d in docs:  # (one removed meanwhile is left out)
                record = {"id": d.id, "text": d.text, "ingested": d.ingested}
                if d.date is not None:
                    record["date"] = d.date
                yield record
    finally:
        idx.close()


INDEX_VERIFY_EPILOG = """\b
Examples:
  dedup index verify news.dedup        'ok' and exit 0, or one line per problem and exit 2
"""


@index.command("verify", epilog=INDEX_VERIFY_EPILOG)
@click.argument("index_path", metavar="INDEX")
def index_verify(index_path) -> None:
    """Read all of INDEX and say whether its stored data is whole: SQLite's integrity_check (for
    a file), and every stored value (for Redis: every key under the prefix) of the type and
    range dedup writes.  Prints `ok` (exit 0), or one line per problem found (at most 20)
    and exits 2."""
    found = _on_index(index_path, lambda idx: idx.problems(limit=20), mode="read")
    if not found:
        click.echo("ok")
        return
    from .storage import shown_location

    for line in found:
        click.echo(one_line(f"{shown_location(index_path)}: {line}"))
    sys.exit(EXIT_INPUT)


INDEX_STATS_EPILOG = """\b
Examples:
  dedup index stats news.dedup
  dedup index stats news.dedup --json | python3 -m json.tool
"""


@index.command("stats", epilog=INDEX_STATS_EPILOG)
@click.argument("index_path", metavar="INDEX")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of lines.")
def index_stats(index_path, as_json) -> None:
    """Documents, terms, size on disk, time range and options of INDEX."""
    import datetime

    s = _on_index(index_path, lambda idx: idx.stats(), mode="read")
    if as_json:
        click.echo(json.dumps(s, sort_keys=True))
        return

    def when(t):
        if t is None:
            return "-"
        try:
            return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):  # stored by an older version: shown as is
            return f"{t} (seconds since 1970, outside years 1-9999)"

    per_doc = (s["bytes"] + s["wal_bytes"]) / s["documents"] if s["documents"] else 0
    click.echo(f"index      {s['location']} ({s['backend']}, schema {s['schema_version']})")
    click.echo(f"documents  {s['documents']}")
    click.echo(f"sentences  {s['sentences']} counted ({s.get('sentence_hashes', 0)} of them of 3 or more terms, "
               "each counted once)")
    click.echo(f"terms      {s['terms']}")
    click.echo(f"size       {s['bytes'] + s['wal_bytes']} bytes ({per_doc:.0f} per document)")
    click.echo(f"oldest     {when(s['oldest'])}")
    click.echo(f"newest     {when(s['newest'])}")
    click.echo("options    " + " ".join(f"{k}={v}" for k, v in s["options"].items()))


FILTER_EPILOG = """\b
Examples:
  dedup filter news.dedup < feed.jsonl > decisions.jsonl
  dedup filter news.dedup --emit new < feed.jsonl > clean.jsonl    a pipeline stage
  dedup filter news.dedup --emit new-or-related < feed.jsonl > c.jsonl   drop only copies
  dedup filter news.dedup feed.jsonl --no-add                       check only
  dedup filter news.dedup feed.jsonl --no-add --jobs 2              check on two cores
"""


@main.command("filter", epilog=FILTER_EPILOG)
@lock_timeout_option
@click.argument("index_path", metavar="INDEX")
@click.argument("input_path", metavar="[INPUT]", default="-")
@click.option("--emit", type=click.Choice(["decisions", "new", "new-or-related"]), default="decisions",
              show_default=True,
              help="decisions: one JSON decision per input line; new: pass only the documents "
                   "whose status is new through, unchanged (errors then go to stderr); "
                   "new-or-related: also those related to an indexed one (the same story "
                   "written independently: no copy or derivative).")
@click.option("--add", "add_policy", type=click.Choice(["new-or-related", "new", "all"]),
              default="new-or-related", show_default=True,
              help="Which documents are added to the index: those that are no copy or "
                   "derivative (status new or related, so that later copies of a related "
                   "report are found too), only the new ones, or all.")
@click.option("--no-add", is_flag=True, help="Only check; never write to the index.")
@click.option("--on-error", type=click.Choice(["report", "stop"]), default="report", show_default=True,
              help="A bad line: report it as an error decision and go on, or stop (exit 2).")
@click.option("--max-bytes", type=click.IntRange(0), default=MAX_BYTES, show_default=True, metavar="N",
              help="A line longer than N bytes is an error decision (too-large), read through "
                   "without being held in memory; 0: no limit.")
@click.option("--resume", is_flag=True,
              help="Re-running a feed after an interruption: a record whose id the index already "
                   "holds with the same text (stored before its decision was written) is decided "
                   "again without itself, instead of being an 'already in the index' error.")
@click.option("--id-field", default="id", show_default=True, help="Record field holding the id.")
@click.option("--text-field", default="text", show_default=True, help="Record field holding the text.")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=OPTION_HELP)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="With --no-add: worker processes that check documents side by side, each "
                   "with its own read-only connection; the decisions and their order are the "
                   "same for every N, and up to 2N lines are read ahead of the decision being "
                   "written (so keep 1 for a request/response pipe). Adding is one document at a "
                   "time (each decision depends on the ones added before it). Above the cores "
                   "this process may use, it is lowered to them.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr, with the decisions so far (default: when stderr is a "
                   "terminal and the input is not; its total is known for a file, not for stdin).")
@click.option("--quiet", "-q", is_flag=True,
              help="No counters on stderr, and no progress bar unless --progress.")
def filter_cmd(index_path, input_path, emit, add_policy, no_add, on_error, max_bytes, resume, id_field,
               text_field, settings, jobs, progress, quiet) -> None:
    """Decide for each incoming document whether it is new, a copy or a derivative.

    Reads JSON Lines from INPUT (default: stdin; any name but .csv, .json, .txt and .md,
    gzip when it ends in .gz) and writes one decision per line to stdout, in input order: {"line", "id", "status", "parent", "matches", "added",
    "boilerplate", "indexed"}. Documents that are no copy or derivative (new or related;
    see --add) are added to INDEX (created when missing), each committed before its
    decision is written.
    """
    from collections import Counter

    from .index import STATUSES
    from .storage import StorageError
    from .stream import NotJSONLinesError, filter_lines, open_input

    ctx = click.get_current_context()
    if no_add and ctx.get_parameter_source("add_policy") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--no-add and --add contradict each other: give one")
    if jobs > 1 and not no_add:
        raise click.UsageError(f"--jobs {jobs} needs --no-add: documents are added one at a time, in input "
                               "order (each decision depends on the ones added before it)")
    _check_fields(id_field, text_field)
    changes = _parse_settings(settings)  # a bad --set is a usage error before any file is opened
    try:
        stream, name = open_input(input_path)
    except OSError as e:
        raise InputFailure(f"{input_path}: cannot read: {e.strerror}") from None
    except NotJSONLinesError as e:
        raise InputFailure(str(e)) from None
    try:
        idx = _open_index(index_path, changes, create=not no_add, mode="read" if no_add else "write")
    except InputFailure:
        if stream is not sys.stdin.buffer:
            stream.close()
        raise
    counters: Counter = Counter()
    _utf8_stdout()  # decisions and the new lines as read: UTF-8 in any locale
    out = sys.stdout
    if progress is None and input_path == "-" and sys.stdin.isatty():
        progress = False  # someone typing documents: no bar over what they type
    bar = Progress(_bars(progress, quiet)).bar("filtering", lambda: count_lines(input_path))
    unread = None  # the read error that ended the input (not one bad line: the rest is lost)
    try:
        for item in filter_lines(idx, stream, name, add=None if no_add else add_policy,
                                 id_field=id_field, text_field=text_field, counters=counters,
                                 jobs=_workers(jobs, quiet) if jobs > 1 else 1, resume=resume,
                                 max_bytes=max_bytes):
            if bar is not None:
                bar.update(1)
                if bar.n % 100 == 0:  # the decisions so far, now and then
                    bar.set_postfix_str(", ".join(f"{counters[k]} {k}" for k in STATUSES + ("error",)
                                                  if counters[k]))
            if item.decision is None and on_error == "stop":
                raise InputFailure(item.error)
            if item.kind == "unreadable":
                unread = item.error
            try:
                if emit == "decisions":
                    out.write(json.dumps(item.record(), ensure_ascii=False) + "\n")
                elif item.decision is None:
                    click.echo(f"dedup: error: {item.error}", err=True)
                elif item.status == "new" or (emit == "new-or-related" and item.status == "related"):
                    raw = item.raw.decode("utf-8")
                    if raw.startswith("\ufeff"):
                        raw = raw[1:]  # a file's byte-order mark, not the record's: runs appended with >> stay clean
                    out.write(raw if raw.endswith("\n") else raw + "\n")
                out.flush()
            except OSError as e:
                if e.errno == errno.EPIPE:
                    raise
                raise WriteFailure(f"stdout: cannot write: {e.strerror} (at input line {item.line}; "
                                   "the documents added up to it stay in the index)") from None
    except StorageError as e:
        raise _storage_failure(e) from None
    except BrokenPipeError:  # the next stage stopped reading
        _quiet_broken_pipe()
    finally:
        if bar is not None:
            bar.close()
        idx.close()
        if stream is not sys.stdin.buffer:
            stream.close()
    if not quiet:
        total = sum(v for k, v in counters.items() if k not in ("indexed", "resumed"))
        parts = ", ".join(f"{counters[k]} {k}" for k in STATUSES + ("error",) if counters[k])
        resumed = (f", {counters['resumed']} stored by an earlier run and decided again (--resume)"
                   if counters["resumed"] else "")
        click.echo(f"dedup: filter: {total} record{'s' if total != 1 else ''}" + (f": {parts}" if parts else "")
                   + f"; {counters['indexed']} added to the index{resumed}", err=True)
    if unread is not None:  # a truncated or corrupt file: its error decision was written, but a
        # pipeline that checks the exit code must learn that the input was not read to its end
        raise InputFailure(f"{unread} (the rest of the input was not read; the decisions before it stand)")


SERVE_EPILOG = """\b
Examples:
  dedup serve news.dedup --port 8080
  dedup serve news.dedup --port 8080 --workers 2     two processes, one port
  curl -s localhost:8080/check -d '{"id": "a1", "text": "..."}'
"""


@main.command("serve", epilog=SERVE_EPILOG)
@_lock_timeout("HTTP 503 with Retry-After: 5")
@click.argument("index_path", metavar="INDEX")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port; the address is printed on stderr).")
@click.option("--max-bytes", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Largest request body accepted (larger ones get 413).")
@click.option("--workers", type=click.IntRange(1, 1024), default=1, show_default=True, metavar="N",
              help="Processes answering on the one port, each with its own connections to the "
                   "index: checks run side by side (one core each), writes wait for the index's "
                   "write lock. A worker that dies is replaced. Each holds its own caches "
                   "(~100-200 MB).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help=OPTION_HELP)
def serve_cmd(index_path, host, port, max_bytes, workers, settings) -> None:
    """Serve INDEX over HTTP: POST /check, POST /documents, DELETE /documents/{id},
    GET /stats, GET /healthz (JSON in and out; see README 'dedup serve')."""
    try:
        from . import serve as service
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as e:
        raise InputFailure(f"dedup serve needs the 'serve' extra ({e.name} is missing): "
                           "pip install -e '.[serve]' in dedup's source folder") from None
    if not host.strip():
        raise click.BadParameter("empty: give an address, such as 127.0.0.1 (0.0.0.0 listens on every "
                                 "interface)", param_hint="--host")
    if workers > 1 and not (hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")):
        raise click.UsageError(f"--workers {workers} needs fork(), which this system lacks: use --workers 1")
    changes = _parse_settings(settings)

    def open_indexes(create=True):
        idx = _open_index(index_path, changes, create=create, mode="any")
        try:
            # its own connection: reads never wait for a writer
            reads = _open_index(index_path, changes, create=create, mode="read" if idx.readonly else "write")
        except BaseException:
            idx.close()
            raise
        return idx, reads

    def announce(url):
        click.echo(f"dedup: serving {shown_location(index_path)}{f' with {workers} workers' if workers > 1 else ''} on {url}"
                   if url else "dedup: stopped (requests in flight were answered)", err=True)

    idx, reads = open_indexes()
    if idx.readonly:
        click.echo(f"dedup: warning: {idx.storage.readonly_error()}; POST /documents and DELETE "
                   "/documents answer 403", err=True)
    try:
        if workers == 1:
            service.serve(idx, host, port, max_bytes, announce=announce, reads=reads)
        else:  # each worker opens its own; none is carried across a fork
            reads.close()
            idx.close()
            # a worker opens the index this process opened (or created): one that is gone
            # since (moved, deleted) is an error, not a new empty index beside the others'
            service.serve_workers(lambda: open_indexes(create=False), workers, host, port, max_bytes,
                                  announce=announce, warn=lambda m: click.echo(f"dedup: warning: {m}", err=True))
    except OSError as e:
        raise InputFailure(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    except service.WorkerStartError as e:
        raise InputFailure(f"stopped: {e}" + (" (see the lines above)" if e.workers_said else "")) from None
    finally:
        reads.close()
        idx.close()


if __name__ == "__main__":  # pragma: no cover
    main()
