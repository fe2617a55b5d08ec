"""Where the ``dedup`` command starts (the console script and ``python -m dedup``).

Loading the command line (numpy, scikit-learn, datasketch: about half a second) comes
before click's handling of Ctrl-C, and a Ctrl-C in that time was a Python traceback.
From the first line here until the command runs (and again once it has returned) Ctrl-C
ends the process at once with what the command line says later, one line ``dedup:
interrupted`` and exit code 130: nothing is written yet, so there is nothing to undo.
While a command runs, :class:`dedup.cli._Main` puts Python's own handler back, so that
files, indexes and worker processes are closed as they are after any error.

Only the interpreter's own start (before it runs this module: some tens of milliseconds)
is out of reach.
"""
from __future__ import annotations

import os
import signal

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def interrupted(signum, frame) -> None:  # pragma: no cover - runs in the process that is stopped
    """SIGINT while no command runs: one line, exit 130, no traceback (os.write: this may
    interrupt a write to sys.stderr)."""
    try:
        os.write(2, b"dedup: interrupted\n")
    except OSError:  # started without standard error
        pass
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    """The ``dedup`` command."""
    # SIGINT ignored (nohup, a shell's background job) stays ignored
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupted)
    from .cli import main as command

    command(prog_name="dedup")
