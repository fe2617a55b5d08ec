"""`dedup serve`: the index over HTTP (Starlette app, served by uvicorn).

Routes (JSON in and out; every error is ``{"error": message}`` with a 4xx/5xx status):

``POST /check``              body: a document ``{"id", "text", "date"?, ...}`` -> its decision
                             (nothing is stored)
``POST /documents``          check and add (one transaction): the decision, with
                             ``"indexed": true`` and status 201 when stored, 200 when not
                             (``?add=new-or-related`` by default: documents that are no
                             copy or derivative, status new or related, are stored;
                             ``?add=new`` only new ones, ``?add=all`` every one, or name any
                             one status); 409 when the id is already in
``DELETE /documents/{id}``   204, or 404 when the id is not in the index
``GET /stats``               what ``dedup index stats --json`` prints
``GET /healthz``             ``{"status": "ok", "documents": n}`` when the index answers

A query parameter a route does not take (every one but ``add`` on ``POST /documents``) is a
400 naming it: ``POST /check?add=all`` stores nothing, and must not look as if it did.

A write that finds the index busy (another writer held its write lock past the index's
timeout, 30 s by default, counted from the request's write: writes queued behind one another
spend it together) gets 503 with ``Retry-After: 5`` (:data:`RETRY_AFTER` seconds).

An index this process can only read is served for reading: ``POST /documents`` and
``DELETE`` then answer 403, naming the index and why it is read-only.

A request that meets damaged stored data (a hand-edited file; what ``dedup index verify``
finds) gets 500 with ``{"error": "...: damaged dedup index: ...", "problems": [...]}`` and
one line on stderr: the index must be repaired, so no retry would help (503 says "later").

Bodies larger than ``max_bytes`` get 413; malformed JSON 400 (one leading UTF-8 byte-order
mark is dropped first, as RFC 8259 allows); a JSON value that is not a
valid document (no id, no text, a bad date ...) 422, with the same messages as
``dedup batch``.  The app needs the ``serve`` extra (``pip install -e '.[serve]'`` in dedup's source folder).

:func:`serve` runs the app in this process; :func:`serve_workers` (``--workers N``) in N
forked processes on one listening socket, each with its own connections to the index.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections import deque

from . import parallel
from .index import STATUSES, DocumentExistsError, Index
from .io import InputError, loads, one_line
from .storage import (DAMAGE_SIGNS, IndexBusyError, NotAnIndexError, ReadOnlyIndexError, StorageError,
                      UnreachableError, diagnose)
from .stream import _StreamReader

DEFAULT_MAX_BYTES = 1_000_000
_UTF8_BOM = b"\xef\xbb\xbf"
RETRY_AFTER = 5  # seconds, in the Retry-After header of a 503 (the index stayed busy)
DIAGNOSIS_REUSE = 10.0  # seconds a diagnosis of the index answers for the errors that follow it


class _HTTPError(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message


def create_app(index: Index, max_bytes: int = DEFAULT_MAX_BYTES, reads: Index | None = None):
    """The Starlette application serving ``index``.  ``reads``, another :class:`Index` on
    the same location (its own connection), answers ``POST /check``, ``/stats`` and
    ``/healthz``: they then do not queue behind a write that waits for the write lock."""
    reads = index if reads is None else reads
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from starlette.requests import ClientDisconnect
    from starlette.responses import JSONResponse as _JSONResponse, Response
    from starlette.routing import Route

    class JSONResponse(_JSONResponse):
        def render(self, content) -> bytes:
            """Starlette's rendering, except that an unpaired surrogate in a text (a JSON
            ``"\\ud800"`` in the request) goes out as that escape instead of failing the
            response: UTF-8 has no bytes for it."""
            return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None,
                              separators=(",", ":")).encode("utf-8", "backslashreplace")

    reader = _StreamReader("id", "text", None)
    diagnosing = threading.Lock()
    diagnosis: list = [None, None]  # (monotonic time, findings) of the last diagnosis

    def findings() -> list[str]:
        """What :func:`dedup.storage.diagnose` finds wrong with the index: run on the error
        path only, one at a time, its findings reused for :data:`DIAGNOSIS_REUSE` seconds
        (a full read of the index: a burst of failing requests must not start one each)."""
        with diagnosing:
            when, found = diagnosis
            if when is None or time.monotonic() - when > DIAGNOSIS_REUSE:
                try:
                    found = diagnose(index.location)
                except StorageError as e:  # it does not even open now
                    found = [str(e)]
                diagnosis[:] = [time.monotonic(), found]
            return found

    def damage_explained(endpoint):
        """``endpoint``, except that an error of the kinds damaged stored values raise is,
        when the index's stored data is damaged, a 500 naming the damage and one line on
        stderr; when the data is whole it is a bug, and goes on to the internal-error
        answer with its traceback in the log."""
        async def run(request):
            try:
                return await endpoint(request)
            except (*DAMAGE_SIGNS, NotAnIndexError) as e:  # (a stored value that does not read)
                found = await run_in_threadpool(findings)
                if not found:
                    raise
                message = one_line(f"{index.storage.location}: damaged dedup index: {'; '.join(found)} "
                                   f"({type(e).__name__}: {one_line(str(e))[:80]})")
                print(f"dedup: error: {request.method} {one_line(request.url.path)}: {message}",
                      file=sys.stderr, flush=True)
                return JSONResponse({"error": message, "problems": found}, status_code=500)
        return run

    def taking(route: str, endpoint, *names: str):
        """``endpoint``, except that a query parameter other than ``names`` is a 400 naming
        it, before anything is done: ignored, ``POST /check?add=all`` looked like a store."""
        async def run(request):
            unknown = list(dict.fromkeys(k for k, _ in request.query_params.multi_items() if k not in names))
            if unknown:
                takes = f"takes only {', '.join(map(repr, names))}" if names else "takes none"
                hint = (" (it stores nothing: POST /documents does)"
                        if route == "POST /check" and "add" in unknown else "")
                raise _HTTPError(400, f"unknown query parameter{'s' if len(unknown) > 1 else ''} "
                                      f"{', '.join(map(repr, unknown))}: {route} {takes}{hint}")
            return await endpoint(request)
        return run

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    async def body_json(request) -> object:
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise _HTTPError(400, "bad Content-Length header")
            if int(declared) > max_bytes:
                raise _HTTPError(413, f"request body larger than {max_bytes} bytes")
        data = bytearray()
        try:
            async for chunk in request.stream():
                data += chunk
                if len(data) > max_bytes:
                    raise _HTTPError(413, f"request body larger than {max_bytes} bytes")
        except ClientDisconnect:
            # the client went away mid-body: no one to answer (the server drops the answer),
            # and no fault of the server, to be logged with a traceback as one
            raise _HTTPError(400, "the client closed the connection before the body's end") from None
        if data.startswith(_UTF8_BOM):  # RFC 8259 lets a parser ignore one (as `dedup filter` does)
            del data[:len(_UTF8_BOM)]
        if not data.strip():
            raise _HTTPError(400, "empty body: expected a JSON object")
        try:
            return loads(bytes(data).decode("utf-8"))
        except UnicodeDecodeError as e:
            raise _HTTPError(400, f"body is not UTF-8 (byte {e.start + 1})") from None
        except (ValueError, RecursionError) as e:
            msg = f"{e.msg} (line {e.lineno}, column {e.colno})" if isinstance(e, json.JSONDecodeError) else str(e)
            raise _HTTPError(400, f"invalid JSON: {msg}") from None

    async def document(request):
        obj = await body_json(request)
        item = reader._record(obj, "body", 1, "field")
        if isinstance(item, InputError):
            raise _HTTPError(422, item.message)
        return item

    def present(read, *args):
        out = read(*args)
        # the index file removed or replaced under the server: a 500, not an answer from the
        # old file the connection still reads (a read-only index replaced on disk was
        # followed by the read itself)
        reads.storage.ensure_present()
        return out

    async def check(request):
        doc = await document(request)
        d = await run_in_threadpool(present, reads.check, doc)
        return JSONResponse(d.record())

    async def add(request):
        given = request.query_params.getlist("add")
        if len(given) > 1:
            raise _HTTPError(400, f"add given {len(given)} times ({', '.join(map(repr, given))}): give it once")
        policy = given[0] if given else "new-or-related"
        if policy not in ("all", "new-or-related") and policy not in STATUSES:
            raise _HTTPError(400, f"add={policy!r}: expected 'new-or-related', 'all' or a status "
                                  f"({', '.join(STATUSES)})")
        doc = await document(request)
        try:
            d = await run_in_threadpool(index.check_and_add, doc, policy)
        except DocumentExistsError as e:
            raise _HTTPError(409, str(e)) from None
        return JSONResponse(d.record(), status_code=201 if d.indexed else 200)

    async def delete(request):
        doc_id = _path_id(request)
        if not await run_in_threadpool(index.remove, doc_id):
            raise _HTTPError(404, f"id {doc_id!r} is not in the index")
        return Response(status_code=204)

    async def stats(request):
        return JSONResponse(await run_in_threadpool(present, reads.stats))

    def present_count() -> int:
        n = len(reads)  # (a read-only index replaced on disk is followed by this read)
        reads.storage.ensure_present()  # an index file removed under the server: 500
        return n

    async def healthz(request):
        n = await run_in_threadpool(present_count)
        return JSONResponse({"status": "ok", "documents": n})

    async def on_http_error(request, exc: _HTTPError):
        return error(exc.status, exc.message)

    async def on_starlette_error(request, exc: HTTPException):
        # with its headers: a 405 names the allowed methods in Allow (RFC 9110 requires it)
        response = error(exc.status_code, exc.detail if isinstance(exc.detail, str) else str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    async def on_unreachable(request, exc: UnreachableError):
        # the index's server is down or cut off: a passing fault, to retry, as a busy index
        response = error(503, str(exc))
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    async def on_busy(request, exc: IndexBusyError):
        response = error(503, str(exc))
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response

    async def on_readonly(request, exc: ReadOnlyIndexError):
        return error(403, str(exc))

    async def on_storage(request, exc: StorageError):
        return error(500, str(exc))

    async def on_internal(request, exc: Exception):
        # a bug: JSON like every other error (the traceback still goes to the server's log)
        return error(500, f"internal error ({type(exc).__name__}); see the server's log")

    routes = [
        Route("/check", taking("POST /check", damage_explained(check)), methods=["POST"]),
        Route("/documents", taking("POST /documents", damage_explained(add), "add"), methods=["POST"]),
        Route("/documents/{doc_id:path}", taking("DELETE /documents/{id}", damage_explained(delete)),
              methods=["DELETE"]),
        Route("/stats", taking("GET /stats", damage_explained(stats)), methods=["GET"]),
        Route("/healthz", taking("GET /healthz", damage_explained(healthz)), methods=["GET"]),
    ]
    handlers = {_HTTPError: on_http_error, HTTPException: on_starlette_error,
                IndexBusyError: on_busy, UnreachableError: on_unreachable, ReadOnlyIndexError: on_readonly,
                StorageError: on_storage,
                Exception: on_internal}
    app = Starlette(routes=routes, exception_handlers=handlers)
    # a path with a trailing slash (POST /check/) is an unknown route, a JSON 404 like any
    # other: Starlette's default answered it with a 307 redirect and an empty body
    app.router.redirect_slashes = False
    return app


def _path_id(request) -> str:
    """The id in ``DELETE /documents/{id}``, percent-decoded as UTF-8 from the raw path.
    Starlette decodes a path leniently (``%FF`` becomes U+FFFD), so a path that is not
    UTF-8 named another id (one holding U+FFFD) and removed it: a 400 instead."""
    raw = request.scope.get("raw_path")
    prefix = b"/documents/"
    if not isinstance(raw, bytes) or not raw.startswith(prefix):  # (an ASGI server without raw_path)
        return request.path_params["doc_id"]
    from urllib.parse import unquote_to_bytes

    try:
        return unquote_to_bytes(raw[len(prefix):]).decode("utf-8")
    except UnicodeDecodeError as e:
        raise _HTTPError(400, f"the id in the path is not UTF-8 once percent-decoded (byte {e.start + 1}): "
                              "percent-encode the id's UTF-8 bytes") from None


def _listen(host: str, port: int):
    """A listening socket on ``host``:``port`` (0: a free port) and the URL it answers on.
    Connections queue from here on, before the app has started."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except BaseException:
        sock.close()
        raise
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    return sock, f"http://{shown}:{sock.getsockname()[1]}"


def _config(app):
    import uvicorn

    return uvicorn.Config(app, log_level="warning", access_log=False)


def serve(index: Index, host: str = "127.0.0.1", port: int = 8000, max_bytes: int = DEFAULT_MAX_BYTES,
          announce=None, reads: Index | None = None) -> None:
    """Serve ``index`` until interrupted (``reads``: see :func:`create_app`).  ``port=0``
    picks a free port; ``announce(url)`` is called once the socket is bound (the CLI prints
    it), and ``announce(None)`` after a graceful stop on SIGINT or SIGTERM."""
    import uvicorn

    sock, url = _listen(host, port)
    # SIGTERM stops gracefully from before the address is announced: a supervisor that waits
    # for that line may signal at once, before uvicorn has set its own handlers
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if announce:
            announce(url)
        uvicorn.Server(_config(create_app(index, max_bytes, reads))).run(sockets=[sock])
    except KeyboardInterrupt:  # SIGINT or SIGTERM after the graceful shutdown: a clean stop
        if announce:
            announce(None)
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


RESTARTS = 3
"""A worker of :func:`serve_workers` killed by a signal is replaced, unless ``RESTARTS``
times the number of workers have been replaced in the last :data:`RESTART_WINDOW` seconds
(a loop: whatever kills them would kill the next ones)."""
RESTART_WINDOW = 60.0


class WorkerStartError(RuntimeError):
    """A worker of :func:`serve_workers` failed (it could not open the index, or the app
    failed to start), or workers kept ending: starting another would fail the same way; or
    a worker could not be forked.  ``workers_said``: a worker wrote why on stderr."""

    def __init__(self, message: str, workers_said: bool = True):
        super().__init__(message)
        self.workers_said = workers_said


def serve_workers(open_indexes, workers: int, host: str = "127.0.0.1", port: int = 8000,
                  max_bytes: int = DEFAULT_MAX_BYTES, announce=None, warn=None) -> None:
    """Serve with ``workers`` forked processes answering on one listening socket (the
    kernel hands each connection to one of them), until SIGINT or SIGTERM.

    Each worker calls ``open_indexes()`` once forked, for its own ``(index, reads)`` pair
    (an SQLite connection must not cross a fork), and serves :func:`create_app` over them:
    checks run side by side, and writes take the index's write lock one at a time, as
    from separate processes.  A worker that dies (killed) or is stopped alone (SIGTERM or
    SIGINT to it: it finishes its requests in flight, exit 0) is replaced, with
    ``warn(message)``; one that fails (it could not open the index: an error line, exit 1),
    or too many replaced in a row (:data:`RESTARTS`), or a ``fork()`` that fails, stops the
    server with :class:`WorkerStartError` (the other workers are stopped first).  On SIGINT or SIGTERM
    the workers finish the requests in flight and end; ``announce`` as for :func:`serve`."""
    import uvicorn

    sock, url = _listen(host, port)
    children: dict[int, float] = {}  # pid -> start time
    stopping: list[int] = []
    failed: list[str] = []

    parent = os.getpid()

    def start() -> None:
        # SIGINT and SIGTERM wait until the worker has its own handlers: the parent's,
        # inherited, would have it stop its siblings and go on serving
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        if stopping:  # a signal came while the workers were being started: none after it
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            return
        try:
            pid = os.fork()
        except OSError as e:  # no more processes or memory: the ones started are stopped
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            failed.append(f"cannot start a worker process: {e.strerror or e}")
            stop(None, None)
            return
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            raise
        if pid:
            children[pid] = time.monotonic()
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            return
        code = 1
        try:  # the worker
            signal.signal(signal.SIGINT, _interrupt_once)
            signal.signal(signal.SIGTERM, _interrupt_once)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            _end_with_parent(parent)
            _stop_if_asked()
            index, reads = open_indexes()
            try:
                _stop_if_asked()
                server = uvicorn.Server(_config(create_app(index, max_bytes, reads)))
                # from here a signal asks the server to stop, as uvicorn's own handlers do once
                # it runs (a KeyboardInterrupt in its start-up left a half-made event loop)
                for sig in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(sig, server.handle_exit)
                if _STOP_ASKED:  # one came before the server's handlers: it starts and stops
                    server.should_exit = True
                server.run(sockets=[sock])
            finally:
                reads.close()
                index.close()
            code = 0
        except KeyboardInterrupt:
            code = 0
        except BaseException as e:  # noqa: BLE001 - one line, then the parent decides
            if isinstance(e, SystemExit):  # uvicorn's own failures to start end so
                code = e.code if isinstance(e.code, int) else 1
            else:
                print(f"dedup: error: worker {os.getpid()}: {one_line(str(e)) or type(e).__name__}",
                      file=sys.stderr, flush=True)
        finally:
            sys.stderr.flush()
            os._exit(code)

    def stop(signum, frame) -> None:
        stopping.append(signum)
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    restarts: deque = deque()
    try:
        for _ in range(workers):
            start()
        if announce and not failed:
            announce(url)
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:  # pragma: no cover - none left
                break
            if children.pop(pid, None) is None or stopping:
                continue
            now = time.monotonic()
            while restarts and now - restarts[0] > RESTART_WINDOW:
                restarts.popleft()
            if not os.WIFSIGNALED(status) and os.waitstatus_to_exitcode(status) != 0:
                failed.append(f"worker {pid} ended ({_ended(status)})")  # it could not start
            elif len(restarts) >= RESTARTS * workers:
                failed.append(f"worker {pid} ended ({_ended(status)}), the {len(restarts) + 1}th in "
                              f"{RESTART_WINDOW:.0f} s")
            else:
                restarts.append(now)
                if warn:
                    warn(f"worker {pid} ended ({_ended(status)}); starting another")
                start()
                continue
            stop(None, None)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
    if failed:
        raise WorkerStartError("; ".join(failed), workers_said=any(f.startswith("worker ") for f in failed))
    if announce:
        announce(None)


_STOP_ASKED: list[int] = []  # the signals a worker got before its server's handlers


def _interrupt_once(signum, frame):
    """A worker's SIGINT or SIGTERM before its server is made: remembered, and acted on at the
    next step of the start-up (:func:`_stop_if_asked`); the signals that follow are ignored (a
    Ctrl-C brings the worker SIGINT and then the server's SIGTERM: the second, raised while
    the first was handled, escaped the worker's exit and ran on in the server's code).  Not
    raised here: a KeyboardInterrupt raised in a signal handler lands wherever the worker is,
    and in a finalizer (a ``__del__`` of the regex module, collected while the worker
    imported) Python prints it as ignored and drops it, so the worker served on and the
    server never stopped (a test under load waited 60 s)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _ignore)  # (not SIG_IGN: one already caught is then reported as a "race")
    _STOP_ASKED.append(signum)


def _stop_if_asked() -> None:
    if _STOP_ASKED:
        raise KeyboardInterrupt


def _ignore(signum, frame):
    pass


def _end_with_parent(parent: int) -> None:
    """The system sends this worker SIGTERM when its parent ends, so that a server killed
    with SIGKILL leaves no worker holding the port (:func:`dedup.parallel.end_with_parent`);
    a parent already gone ends the worker at once."""
    if not parallel.end_with_parent(parent, signal.SIGTERM):
        raise KeyboardInterrupt


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        try:
            return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
        except ValueError:  # pragma: no cover
            return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit {os.waitstatus_to_exitcode(status)}"
