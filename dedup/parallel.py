"""Running a stage's function over batches of documents, in this process or in a pool.

Stages are functions over batches (a batch is a range of document positions, or a list of
stories) that read the run's shared state and return plain values, so the same function
runs inline (``jobs=1``), in forked worker processes (``jobs>1``: each worker inherits the
state at fork time, nothing big is pickled), or on a distributed engine later.  Results come
back in batch order, so the output never depends on ``jobs``.

Three shapes:

* :class:`Shards`: ``jobs`` long-lived workers, each owning a contiguous shard of the
  documents for several passes (stage 1 counts every document's template-line candidates,
  then analyses it once the corpus-wide template lines are known);
* :func:`imap`: a function mapped over a list of independent tasks (stories);
* :func:`imap_ahead`: a function mapped over a stream of tasks read as the workers need them
  (``dedup index add`` analyses the next batches of documents while it stores one).

Where ``fork`` is not available (Windows, macOS defaults), everything runs inline.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import traceback
from collections import deque
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator, Sequence

_STATE: Any = None  # the state a worker reads (set before forking)


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def checked_jobs(jobs) -> int:
    """``jobs`` as the Python API takes it: an integer (a number of worker processes; 1 or
    less runs inline), else a :class:`TypeError` naming it (a float or None failed deep in
    multiprocessing or in a comparison)."""
    import numbers

    if isinstance(jobs, bool) or not isinstance(jobs, numbers.Integral):
        raise TypeError(f"jobs={jobs!r}: must be an int (the number of worker processes)")
    return int(jobs)


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def state() -> Any:
    """The shared state of the current run (in a worker: as inherited at fork)."""
    return _STATE


_CONTROLLER = None


def one_blas_thread():
    """A context manager limiting BLAS to one thread: dedup's matrices are small, and BLAS
    threads only add overhead and fight the workers for the cores.  (The library scan is
    done once; entering the limit then costs microseconds.)"""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


_LIBC: Any = None


def release_free_memory() -> None:
    """Give the freed pages of the C heap back to the system (glibc's ``malloc_trim``; a
    no-op where it is not available).  numpy's arrays of up to a few tens of MB come from
    the heap, and glibc keeps their pages after they are freed: without this, a stage that
    frees hundreds of MB of them leaves the process that much larger for the rest of the
    run (and every forked worker inherits it).  Called between the batch stages."""
    global _LIBC
    if _LIBC is None:
        _LIBC = False
        try:
            import ctypes

            libc = ctypes.CDLL(None)
            _LIBC = libc.malloc_trim if hasattr(libc, "malloc_trim") else False
        except (OSError, AttributeError):  # pragma: no cover - not glibc
            pass
    if _LIBC:
        _LIBC(0)


class WorkerError(RuntimeError):
    """A worker failed; the message holds its traceback."""


class WorkerDied(WorkerError):
    """A worker process ended without a word (killed: by the system's out-of-memory killer,
    or by hand)."""


class CannotStart(WorkerError):
    """The system refused to start a worker process (``fork`` failed: too many processes,
    too little memory); the message is the system's reason."""


def _start(proc) -> None:
    try:
        with sigint_deferred():
            proc.start()
    except OSError as e:
        raise CannotStart(e.strerror or str(e)) from None


@contextmanager
def sigint_deferred():
    """SIGINT (Ctrl-C) held back until the block ends, then handled as it would have been.

    For the code that forks workers: a Ctrl-C that came between a worker's fork and the
    pool's note of it left a worker nobody stopped, waiting for tasks, and the run, having
    said "interrupted", waited at exit for ever to join it (``ProcessPoolExecutor``'s workers
    are not daemons); a worker that got it before :func:`_worker_init` also printed a
    traceback.  The workers inherit the holding handler until ``_worker_init`` replaces it.
    A Python-level handler, not a signal mask: the signal may reach any thread of the
    process, and the main thread runs the handler whichever it was.  Only the main thread
    can set handlers: elsewhere the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if came:
            if callable(previous):
                previous(signal.SIGINT, None)  # Python's own: KeyboardInterrupt
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)


def _worker_init(parent: int | None = None) -> None:
    """A worker ignores Ctrl-C: the terminal sends SIGINT to the whole process group, and
    only the parent should answer it (one line, exit 130), not every worker with a
    traceback; the parent's pool then ends the workers.  A worker ends with its
    ``parent`` (Linux's ``PR_SET_PDEATHSIG``): a parent killed with SIGKILL left its
    workers waiting for ever for their next task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None and not end_with_parent(parent, signal.SIGKILL):
        os._exit(1)


def end_with_parent(parent: int, sig: int) -> bool:
    """Have the system send this process ``sig`` when its parent (pid ``parent``) ends
    (Linux's ``PR_SET_PDEATHSIG``; elsewhere nothing is asked).  False when the parent has
    already ended (before the request was made): the caller should end at once."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, sig, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return True
    return os.getppid() == parent


def _shard_main(conn, lo: int, hi: int, parent: int | None = None) -> None:
    _worker_init(parent)
    try:
        while True:
            msg = conn.recv()
            if msg is None:
                break
            fn, args, step = msg
            for a in range(lo, hi, step):
                b = min(a + step, hi)
                conn.send(("ok", a, b, fn(a, b, *args)))
            conn.send(("done", lo, hi, None))
    except (EOFError, KeyboardInterrupt):
        pass
    except BaseException:  # noqa: BLE001 - reported to the parent
        try:
            conn.send(("error", lo, hi, traceback.format_exc()))
        except Exception:  # pragma: no cover
            pass
    finally:
        conn.close()


SHARD_STEP = 256
"""Positions a :class:`Shards` worker takes at a time (and the fewest per worker)."""


class Shards:
    """``jobs`` workers over ``n`` document positions, each owning one contiguous shard.

    ``run(fn, *args)`` calls ``fn(a, b, *args)`` over consecutive ranges ``[a, b)`` of at
    most ``step`` positions of every shard and yields ``(a, b, result)`` in position order.
    ``run(fn, *args, ordered=False)`` yields each result as soon as it arrives: a caller
    that can place results by ``a`` then never holds the later shards' results while it
    waits for the first shard's (in position order, all but the first shard's results pile
    up until the first shard is done).
    With ``jobs=1`` (or without fork) it runs inline, in this process.
    """

    def __init__(self, n: int, jobs: int, shared: Any, step: int | None = None):
        global _STATE
        self.n, self.step = n, max(1, SHARD_STEP if step is None else step)
        self.jobs = max(1, min(jobs, n // self.step + 1)) if can_fork() else 1
        _STATE = shared
        self.workers: list[tuple[Any, Any, int, int]] = []
        if self.jobs > 1:
            ctx = mp.get_context("fork")
            bounds = [round(k * n / self.jobs) for k in range(self.jobs + 1)]
            for k in range(self.jobs):
                parent, child = ctx.Pipe()
                proc = ctx.Process(target=_shard_main, args=(child, bounds[k], bounds[k + 1], os.getpid()),
                                   daemon=True)
                try:
                    with sigint_deferred():  # (a Ctrl-C once the worker is on the list)
                        _start(proc)
                        self.workers.append((proc, parent, bounds[k], bounds[k + 1]))
                except BaseException:  # CannotStart, or Ctrl-C: the ones started end
                    self.close()
                    raise
                finally:
                    child.close()

    def run(self, fn: Callable, *args, ordered: bool = True) -> Iterator[tuple[int, int, Any]]:
        if not self.workers:
            for a in range(0, self.n, self.step):
                b = min(a + self.step, self.n)
                yield a, b, fn(a, b, *args)
            return
        for _, conn, _, _ in self.workers:
            conn.send((fn, args, self.step))
        pending: dict[int, Any] = {}
        live = {conn: (lo, hi) for _, conn, lo, hi in self.workers}
        nxt = 0
        while live or pending:
            while nxt in pending:
                a, b, res = pending.pop(nxt)
                yield a, b, res
                nxt = b
            if not live:
                break
            for conn in wait(list(live)):
                try:
                    kind, a, b, res = conn.recv()
                except EOFError:
                    raise WorkerDied("a worker process died") from None
                if kind == "error":
                    raise WorkerError(res)
                if kind == "done":
                    del live[conn]
                elif ordered:
                    pending[a] = (a, b, res)
                else:
                    yield a, b, res
                    nxt += b - a  # positions done so far
        if nxt < self.n:  # pragma: no cover - a bug, not a user error
            raise WorkerError(f"shards returned positions up to {nxt} of {self.n}")

    def close(self) -> None:
        for proc, conn, _, _ in self.workers:
            try:
                conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            conn.close()
        for proc, _, _, _ in self.workers:
            proc.join(timeout=5)
            if proc.is_alive():  # pragma: no cover
                proc.kill()
        self.workers = []

    def __enter__(self) -> "Shards":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _task(fn_and_item):
    fn, item = fn_and_item
    return fn(item)


def _stop(executor) -> None:
    """End a pool at once: pending tasks cancelled, its workers killed (a worker may be in
    the middle of a long task, and Ctrl-C or an error should not wait for it)."""
    procs = list((getattr(executor, "_processes", None) or {}).values())
    results = getattr(executor, "_result_queue", None)
    manager = getattr(executor, "_executor_manager_thread", None)  # (shutdown forgets it)
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        try:
            proc.kill()
        except (OSError, ValueError):  # pragma: no cover - already gone
            pass
    for proc in procs:
        try:
            proc.join(timeout=5)
        except (OSError, ValueError, AssertionError):  # pragma: no cover
            pass
    # a worker killed while it wrote a result left part of it in the results pipe, and the
    # pool's thread waits for the rest (at exit, the run waited for that thread for ever):
    # with this process's end for writing closed too, no writer is left and its read ends
    writer = getattr(results, "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError:  # pragma: no cover
            pass
    # the pool's thread, left to end by itself, closed its wake-up pipe while the exit of
    # the interpreter wrote to it (Python 3.11's concurrent.futures does not lock that
    # write): "Exception ignored ... Bad file descriptor" on stderr after a Ctrl-C, in 1 of
    # 36 runs under load. Ended here, it has closed the pipe before anyone writes to it.
    if manager is not None and manager is not threading.current_thread():
        manager.join(timeout=5)


def _pooled(fn: Callable, items: Iterable, jobs: int, ahead: int) -> Iterator:
    """``fn(item)`` for every item, in order, in a forked pool of ``jobs`` workers that has
    at most ``ahead`` items submitted beyond the one the caller waits for.

    A ``concurrent.futures`` pool, not a ``multiprocessing.Pool``: when a worker dies (the
    out-of-memory killer), the former silently starts another and waits for ever for the
    lost task's result, while the latter breaks and says so (:class:`WorkerDied` here).
    An exception raised while reading ``items`` (bad input) is raised after the results of
    every item read before it have been yielded, as the inline loop would."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    it = iter(items)
    pending: deque = deque()
    error: BaseException | None = None
    ended = False
    executor = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_worker_init,
                                   initargs=(os.getpid(),))
    done = False  # the pool is shut down
    try:
        while True:
            while not ended and error is None and len(pending) < ahead:
                try:
                    item = next(it)
                except StopIteration:
                    ended = True
                except Exception as e:  # noqa: BLE001 - raised once the items before it are done
                    error = e
                else:
                    try:  # (the first submit starts the workers)
                        with sigint_deferred():
                            pending.append(executor.submit(_task, (fn, item)))
                    except BrokenProcessPool:
                        raise WorkerDied("a worker process died") from None
                    except OSError as e:
                        raise CannotStart(e.strerror or str(e)) from None
            if not pending:
                break
            try:
                result = pending.popleft().result()
            except BrokenProcessPool:
                raise WorkerDied("a worker process died") from None
            if not pending and (ended or error is not None):
                # the last result: the pool is shut down before it is handed over, for a
                # caller that stops there (``zip(tasks, imap(...))`` never asks again) would
                # leave this generator suspended, its pool ended when it is collected, where
                # a Ctrl-C is printed and ignored instead of stopping the run
                executor.shutdown(wait=True)
                done = True
            yield result
    finally:
        if not done:  # an error, Ctrl-C, or a caller that stopped early
            _stop(executor)
    if error is not None:
        raise error


def imap(fn: Callable, items: Sequence, jobs: int, shared: Any) -> Iterator:
    """``fn(item)`` for every item, in order; in a forked pool of ``jobs`` workers that
    inherit ``shared`` (read it with :func:`state`) when ``jobs > 1``."""
    global _STATE
    _STATE = shared
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        for item in items:
            yield fn(item)
        return
    jobs = min(jobs, len(items))
    yield from _pooled(fn, items, jobs, IMAP_AHEAD * jobs)


IMAP_AHEAD = 4
"""Tasks :func:`imap` keeps submitted per worker beyond the one the caller waits for."""


def imap_ahead(fn: Callable, items: Iterable, jobs: int, shared: Any, ahead: int | None = None) -> Iterator:
    """``fn(item)`` for every item of a stream, in order.  With ``jobs > 1``, a forked pool of
    ``jobs`` workers (inheriting ``shared``, read with :func:`state`) works on the next items
    while the caller uses a result; ``items`` is read only as far as ``ahead`` (default
    ``2 * jobs``) items beyond the one the caller waits for, so a long stream is never held.

    An exception raised while reading ``items`` (bad input) is raised after the results of
    every item read before it have been yielded, as the inline loop would."""
    global _STATE
    _STATE = shared
    if jobs <= 1 or not can_fork():
        for item in items:
            yield fn(item)
        return
    yield from _pooled(fn, items, jobs, max(1, ahead or 2 * jobs))
