"""Running the ``dedup`` CLI as a user would, on stripped (and by default blinded) inputs."""
from __future__ import annotations

import json
import random
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from corpora import read_jsonl, write_jsonl


class DedupError(RuntimeError):
    """The CLI failed; the message carries the command, exit code and stderr tail."""

    def __init__(self, message: str, summary: str | None = None):
        super().__init__(message)
        self.summary = summary or message.splitlines()[0]


class CommandUnavailable(DedupError):
    """The CLI has no such sub-command (yet)."""


@dataclass
class Blinding:
    """Maps real ids to opaque ones and shuffles the input order.

    Only ``id`` and ``text`` reach dedup, but the ids and the order of the corpora still tell
    the answer (``0001`` vs ``0001p``, ``orig_taska``, ``source-document...``, sources listed
    first). Blinded ids are ``doc00000``, ``doc00001``, ... in the shuffled order, so neither
    the names nor "first/smallest id wins" carry any label information.
    """
    order: list[str]          # real ids in the order they are written
    to_anon: dict[str, str]
    to_real: dict[str, str]

    @classmethod
    def make(cls, ids: list[str], blind: bool, seed: int) -> "Blinding":
        if not blind:
            return cls(list(ids), {i: i for i in ids}, {i: i for i in ids})
        order = list(ids)
        random.Random(seed).shuffle(order)
        width = max(5, len(str(len(order))))
        to_anon = {real: f"doc{n:0{width}d}" for n, real in enumerate(order)}
        return cls(order, to_anon, {a: r for r, a in to_anon.items()})

    def real(self, anon: str) -> str:
        return self.to_real.get(anon, anon)

    def anon_texts(self, texts: dict[str, str]) -> dict[str, str]:
        return {self.to_anon[i]: texts[i] for i in self.order}

    def write_docs(self, path: Path, texts: dict[str, str]) -> None:
        write_jsonl(path, ({"id": self.to_anon[i], "text": texts[i]} for i in self.order))


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


class DedupCLI:
    def __init__(self, command: str, timeout: float | None = None, cwd: Path | None = None):
        self.argv = shlex.split(command)
        self.timeout = timeout
        self.cwd = cwd

    def _run(self, args: list[str]) -> subprocess.CompletedProcess:
        argv = self.argv + args
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=self.timeout,
                                  cwd=self.cwd)
        except FileNotFoundError as exc:
            raise DedupError(f"cannot run {argv[0]!r}: {exc}", f"cannot run {argv[0]}") from exc
        except subprocess.TimeoutExpired as exc:
            raise DedupError(f"`{shlex.join(argv)}` timed out after {self.timeout}s",
                             f"dedup {args[0]} timed out") from exc
        if proc.returncode != 0:
            tail = _tail(proc.stderr)
            msg = f"`{shlex.join(argv)}` exited with {proc.returncode}:\n{tail}"
            last = tail.splitlines()[-1] if tail else "no stderr"
            summary = f"dedup {args[0]} exit {proc.returncode}: {last}"
            if "No such command" in proc.stderr:
                raise CommandUnavailable(msg, summary)
            raise DedupError(msg, summary)
        return proc

    def batch(self, docs: Path | str, output: Path) -> list[dict]:
        """``dedup batch DOCS --all --output OUT.jsonl``; returns the cluster records."""
        self._run(["batch", str(docs), "--all", "--output", str(output)])
        if not output.exists():
            raise DedupError(f"dedup batch wrote no {output}")
        return read_jsonl(output)

    def compare(self, pairs: Path, docs: Path) -> list[dict]:
        """``dedup compare --pairs PAIRS.jsonl DOCS.jsonl``; returns one record per pair (stdout)."""
        proc = self._run(["compare", "--pairs", str(pairs), str(docs)])
        try:
            return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise DedupError(f"dedup compare printed something that is not JSON Lines: {exc}") from exc
