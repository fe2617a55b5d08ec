"""The Redis back end of :class:`dedup.index.Index`: one index shared by workers on many hosts.

Selected by a location ``redis://[:password@]host[:port][/db][?prefix=NAME]`` (``rediss://``
for TLS); every key of the index starts with ``NAME:`` (default ``dedup``), so one Redis
database can hold several indexes.  The same data as the SQLite store, as plain Redis values
(never pickles; nothing read from the server is ever unpickled):

=======================  ======  ===========================================================
key                      type    holds
=======================  ======  ===========================================================
``P:meta``               hash    ``schema`` (``dedup-index``), ``version``, ``options``
                                 (JSON), ``documents`` and ``sentences`` (totals),
                                 ``created`` (a random token: which index this is)
``P:next``               string  the last rowid handed out (``INCR``)
``P:ids``                hash    document id -> rowid
``P:doc:ROWID``          hash    ``id``, ``text`` (zlib of UTF-8), ``date``, ``ingested``,
                                 ``time``, ``content``, ``keys`` (newline-joined), ``sentences``,
                                 ``tf`` (its term vector: zlib of the JSON ``[terms, counts]``),
                                 ``credit`` (which sentences were counted, when not all)
``P:band:KEY``           set     rowids stored under an LSH band key (the band tables)
``P:content:HASH``       set     rowids of documents with this word-sequence hash
``P:terms``              hash    term -> ``"SENTENCES DOCUMENTS REFS"``
``P:units``              set     the hashes of the sentences counted (see
                                 :mod:`dedup.storage`)
``P:time``               zset    document id scored by its time (eviction)
``P:lock``               string  the write lock (a random token, with an expiry)
``P:fence``              string  how many times the write lock was taken (``INCR``)
=======================  ======  ===========================================================

**Concurrency.**  A write transaction (``write()``: every ``add``, ``check_and_add``,
``remove``, a ``session``) holds the write lock ``P:lock``: ``SET NX PX`` with a random token
and an expiry (``lock_ttl``, 10 s), renewed by a background thread while it is held, released
with a compare-and-delete script.  Writers therefore run one at a time, as with SQLite's
``BEGIN IMMEDIATE``, and a ``check_and_add`` decides against a state no one else can change
before its document is stored.  The writes are buffered in the client (reads inside the
transaction see them) and applied at the end in one ``MULTI``/``EXEC`` that first checks the
token is still ours and ``WATCH``es the fence, a counter every writer increments as soon as it
holds the lock: all or nothing, and never after the lock was lost (a holder paused past the
expiry gets an error instead of overwriting another writer's work).  The lock key itself is
not watched: its renewal (``PEXPIRE``) would abort a long commit of a writer that still holds
it.  A writer killed mid-transaction has written nothing; its lock expires after
``lock_ttl``.

Why a lock and not optimistic ``WATCH``/``MULTI`` or a Lua script: a decision is Python
(normalization, TF-IDF, alignment), so it cannot run inside Lua; and every decision reads the
totals and every insert changes them, so two concurrent ``check_and_add`` calls always
conflict: optimistic transactions would only add retries of the whole decision, never
parallelism.  Readers (``check``, ``dedup filter --no-add``, ``POST /check``) take no lock and
read committed data: each transaction's writes appear all at once, but the several reads of
one check are not one snapshot (a transaction committed in between can shift its term weights
slightly; a removed candidate is left out).
"""
from __future__ import annotations

import json
import math
import re
import secrets
import threading
import time as _time
import zlib
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit

from .config import stored_options_problems
from .storage import (SCHEMA_VERSION, DocRecord, IndexBusyError, NotAnIndexError, Storage, UnreachableError,
                      StorageError, TermVectors, _structural)

__all__ = ["RedisStorage", "SCHEMA_NAME"]

SCHEMA_NAME = "dedup-index"
DEFAULT_PREFIX = "dedup"
CHUNK = 1000  # fields per HMGET, keys or fields per page of a scan
MAX_TIME = 253402300799  # 9999-12-31T23:59:59 UTC: no stored time is further from 1970
_DIGITS = re.compile(rb"0|[1-9][0-9]{0,18}")

_RENEW = """if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"""
_RELEASE = """if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1]) else return 0 end"""


def hide_password(url: str) -> str:
    """``url`` with what stands before the last ``@`` of its host part shown as ``***``
    (also for a URL that does not parse); when an ``@`` stands after the host part (a
    password holding an unencoded ``/``, ``?`` or ``#`` ends the host part before its ``@``),
    everything before the last ``@`` of the URL."""
    scheme, sep, rest = url.partition("://")
    end = min([i for i in (rest.find(c) for c in "/?#") if i >= 0], default=len(rest))
    netloc = rest[:end]
    if "@" in rest[end:]:
        return scheme + sep + "***@" + rest.rsplit("@", 1)[1]
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    return scheme + sep + netloc + rest[end:]


def _stray_at(parts) -> bool:
    """Whether an ``@`` stands after the host part, unencoded: a password with an unencoded
    ``/``, ``?`` or ``#`` puts it there.  A query value counts too (a password
    ``s3cr?etx=1`` made ``etx`` a query key and ``1@host...`` its value, and the client
    went to the port or host the password's start named): a query value holding an ``@``
    (``prefix=a@b``) writes it ``%40``."""
    return "@" in parts.path or "@" in parts.query or "@" in parts.fragment


def split_url(url: str) -> tuple[str, str, str]:
    """``(client URL, key prefix, location for messages)`` of a ``redis://`` location: the
    ``prefix`` query parameter is ours, the rest goes to the client; the password is hidden."""
    try:
        parts = urlsplit(url)
    except ValueError as e:
        raise StorageError(f"{hide_password(url)}: bad Redis URL: {e}") from None
    if _stray_at(parts):  # (before the port: its error names a part of such a password)
        raise StorageError(f"{hide_password(url)}: bad Redis URL: an '@' after the host part (write a "
                           "'/', '?', '#' or '@' in a user name, password or query value as %2F, %3F, %23, %40)")
    try:
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as e:
        raise StorageError(f"{hide_password(url)}: bad Redis URL: {e}") from None
    query = parse_qsl(parts.query, keep_blank_values=True)
    prefixes = [v for k, v in query if k == "prefix"]
    if len(prefixes) > 1:
        raise StorageError(f"{hide_password(url)}: prefix given {len(prefixes)} times: give it once")
    prefix = prefixes[-1] if prefixes else DEFAULT_PREFIX
    if not prefix or any(c.isspace() or c in "*?[]" for c in prefix):
        raise StorageError(f"{hide_password(url)}: prefix={prefix!r}: must be non-empty, without spaces or "
                           "glob characters")
    # the database: the client read a path that is not a number ('/abc', '/1x') as none (db
    # 0) and '/0/1' as db 1, and takes a db query parameter over the path, while messages
    # showed the path: an index went to another database than the one named
    path_db = parts.path[1:]
    if parts.path not in ("", "/") and not (parts.path[1:].isascii() and parts.path[1:].isdigit()):
        raise StorageError(f"{hide_password(url)}: bad Redis URL: database {path_db!r} is not a number "
                           "(give it as /0, /1, ...)")
    dbs = [v for k, v in query if k == "db"]
    if len(set(dbs + ([path_db] if path_db else []))) > 1 or len(dbs) > 1:
        raise StorageError(f"{hide_password(url)}: bad Redis URL: the database given twice (as the path /DB "
                           "and as db=, or db= twice): give it once")
    db = path_db or (dbs[0] if dbs else "0")
    rest = [(k, v) for k, v in query if k != "prefix"]
    client = _unsplit(parts.scheme, parts.netloc, parts.path, urlencode(rest))
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    shown = _unsplit(parts.scheme, netloc, f"/{db}", urlencode([("prefix", prefix)]))
    return client, prefix, shown


def _client_error(e: Exception) -> str:
    """The client's complaint about a URL, a query parameter it does not take named as one
    (it says "...__init__() got an unexpected keyword argument 'bogus'")."""
    m = re.search(r"unexpected keyword argument '([^']*)'", str(e))
    return f"unknown query parameter {m.group(1)!r}" if m else str(e)


def _unsplit(scheme: str, netloc: str, path: str, query: str) -> str:
    """A URL of its parts, ``//`` kept when the host is empty (``redis://`` is the default
    host, where ``urlunsplit`` writes ``redis:``, which the client refuses)."""
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def _count(raw, least: int = 0) -> int | None:
    """``raw`` (bytes from the server) as the integer dedup writes there (decimal digits,
    ``least`` up to 2**63 - 1), else None."""
    if not isinstance(raw, bytes) or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if least <= value < 2**63 else None


def _utf8(raw) -> bool:
    try:
        raw.decode("utf-8")
    except (AttributeError, UnicodeDecodeError):
        return False
    return True


class _Closed:
    """Stands in for the client of a closed index: any use is a :class:`StorageError`."""

    def __getattr__(self, name):
        raise StorageError("the index is closed")

    def close(self):
        pass


class _Tx:
    """The writes of one transaction, buffered until commit (``None`` = deleted)."""

    def __init__(self):
        self.meta: dict[str, str | None] = {}
        self.docs: dict[int, dict | None] = {}
        self.ids: dict[str, int | None] = {}
        self.sets: dict[str, dict[str, bool]] = {}  # key -> member -> added (True) / removed
        self.terms: dict[str, tuple[int, int, int] | None] = {}  # (sentences, documents, refs)
        self.times: dict[str, float | None] = {}

    def set_member(self, key: str, member, present: bool) -> None:
        self.sets.setdefault(key, {})[str(member)] = present


class RedisStorage(Storage):
    """An index in a Redis database (see the module docstring for keys and semantics).

    ``timeout`` is how long a writer waits for the write lock; ``lock_ttl`` how long a lock
    outlives a holder that died (a live holder renews it every ``lock_ttl / 3``).
    """

    def __init__(self, url: str, create: bool = True, timeout: float = 30.0, lock_ttl: float = 10.0):
        try:
            import redis
        except ImportError:
            raise StorageError(f"{hide_password(url)}: the Redis back end needs the 'redis' package: "
                               "pip install -e '.[redis]' in dedup's source folder") from None
        self._redis = redis
        client_url, self.prefix, self.location = split_url(url)
        if lock_ttl <= 0:
            raise ValueError(f"lock_ttl={lock_ttl!r}: must be > 0")
        self.timeout = timeout
        self.lock_ttl = lock_ttl
        self._lock = threading.RLock()
        self._depth = 0
        self._creating = False  # (the one write that may find no meta hash: _setup's)
        self._created: bytes | None = None  # the meta hash's token (read by _setup)
        self._tx: _Tx | None = None
        self._token: bytes | None = None
        self._renewer: threading.Thread | None = None
        self._stop_renew = threading.Event()
        try:
            self.r = redis.Redis.from_url(client_url, socket_timeout=max(timeout, 5.0),
                                          socket_connect_timeout=5.0)
        except (ValueError, TypeError) as e:  # (named as given: the shown location has only ours)
            raise StorageError(f"{hide_password(url)}: bad Redis URL: {_client_error(e)}") from None
        try:
            try:
                with self._guard():
                    self.r.ping()
            except (TypeError, ValueError) as e:  # a query parameter the client does not take
                raise StorageError(f"{hide_password(url)}: bad Redis URL: {_client_error(e)}") from None
            with self._guard():
                self._refuse_evicting_server()
                self._renew = self.r.register_script(_RENEW)
                self._release = self.r.register_script(_RELEASE)
                self._setup(create)
        except BaseException:
            self.r.close()
            raise

    # --- keys ---
    def _k(self, *parts) -> str:
        return ":".join((self.prefix,) + tuple(str(p) for p in parts))

    # --- errors ---
    @contextmanager
    def _guard(self):
        """Turn client errors into one-line storage errors."""
        r = self._redis
        try:
            yield
        except r.exceptions.ResponseError as e:
            if "WRONGTYPE" in str(e):
                raise NotAnIndexError(f"{self.location}: corrupt or not a dedup index ({e})") from None
            raise StorageError(f"{self.location}: Redis error: {e}") from None
        except (r.exceptions.ConnectionError, r.exceptions.TimeoutError) as e:
            raise UnreachableError(f"{self.location}: cannot reach Redis: {e}") from None
        except r.exceptions.RedisError as e:
            raise StorageError(f"{self.location}: Redis error: {e}") from None

    # --- opening ---
    def _setup(self, create: bool) -> None:
        meta = self.r.hgetall(self._k("meta"))
        if not meta:
            if self._foreign_keys():
                meta = self.r.hgetall(self._k("meta"))  # another process may have created it meanwhile
                if not meta:
                    raise NotAnIndexError(f"{self.location}: keys under prefix {self.prefix!r} but no "
                                          f"{self._k('meta')!r}: not a dedup index")
        if not meta:
            if not create:
                raise StorageError(f"{self.location}: no such index")
            self._creating = True
            try:
                with self.write():  # another process may be creating it too
                    if not self.r.hgetall(self._k("meta")):
                        self._tx.meta.update({"schema": SCHEMA_NAME, "version": str(SCHEMA_VERSION),
                                              "documents": "0", "sentences": "0",
                                              "created": secrets.token_hex(16)})
            finally:
                self._creating = False
            meta = self.r.hgetall(self._k("meta"))
        if meta.get(b"schema") != SCHEMA_NAME.encode():
            raise NotAnIndexError(f"{self.location}: {self._k('meta')!r} is not a dedup index's "
                                  "meta key: not a dedup index")
        version = meta.get(b"version", b"?").decode("ascii", "replace")
        if version != str(SCHEMA_VERSION):
            raise NotAnIndexError(f"{self.location}: index schema version {version}; this dedup "
                                  f"reads version {SCHEMA_VERSION}")
        # which index this is (a random token made with it; None for one made before it was
        # kept): one deleted and made again under the prefix is another (see ensure_present)
        self._created = meta.get(b"created")

    def _refuse_evicting_server(self) -> None:
        """Refuse a server that drops any key when it reaches ``maxmemory`` (an ``allkeys-*``
        policy): it would delete band sets, documents, the rowid counter or the meta hash of
        the index without an error.  (``noeviction``, the default, refuses writes instead;
        ``volatile-*`` evicts only keys with an expiry: the lock's, which the fence covers.)
        A server that does not let this client read its configuration (a managed service,
        an ACL) is taken as it is."""
        try:
            config = self.r.config_get("maxmemory*")
        except self._redis.exceptions.ResponseError:
            return
        policy = config.get(b"maxmemory-policy", config.get("maxmemory-policy", b""))
        policy = policy.decode() if isinstance(policy, bytes) else str(policy)
        limit = config.get(b"maxmemory", config.get("maxmemory", b"0"))
        if policy.startswith("allkeys-") and str(int(limit)) != "0":
            raise StorageError(f"{self.location}: the Redis server has maxmemory-policy {policy} (with "
                               f"maxmemory {int(limit)}): it would drop keys of the index when full; "
                               "set maxmemory-policy noeviction (or volatile-*), or maxmemory 0")

    def _foreign_keys(self) -> bool:
        """Whether keys under the prefix are neither this index's lock and fence (a
        creator's, before its meta hash) nor keys of another dedup index whose prefix
        extends this one (``news:eu`` under ``news``: a prefix may hold ``:``)."""
        ours = {self._k("lock").encode(), self._k("fence").encode()}
        base = (self.prefix + ":").encode("utf-8")
        indexes: dict[bytes, bool] = {}  # a longer prefix -> whether a dedup index has it

        def is_index(name: bytes) -> bool:
            if name not in indexes:
                try:
                    indexes[name] = self.r.hget(name + b":meta", "schema") == SCHEMA_NAME.encode()
                except self._redis.exceptions.ResponseError:  # (WRONGTYPE: not a hash)
                    indexes[name] = False
            return indexes[name]

        for key in self.r.scan_iter(match=self._escaped_prefix() + ":*", count=1000):
            if key in ours:
                continue
            rest = key[len(base):]
            cuts = [i for i in range(1, len(rest)) if rest[i:i + 1] == b":"]
            if not any(is_index(base + rest[:i]) for i in cuts):
                return True
        return False

    def _escaped_prefix(self) -> str:
        return "".join("\\" + c if c in "*?[]\\" else c for c in self.prefix)

    # --- the write lock ---
    def _busy_error(self) -> IndexBusyError:
        return IndexBusyError(f"{self.location}: index is busy (its write lock was not free within "
                              f"{self.timeout:g} s: another writer held it)")

    def _acquire(self, deadline: float) -> None:
        token = secrets.token_hex(16).encode()
        ttl_ms = int(self.lock_ttl * 1000)
        pause = 0.001
        while not self.r.set(self._k("lock"), token, nx=True, px=ttl_ms):
            if _time.monotonic() >= deadline:
                raise self._busy_error()
            _time.sleep(pause)
            pause = min(pause * 2, 0.05)
        self._token = token
        try:  # before any read: a writer whose lock expired and that commits later must fail
            self.r.incr(self._k("fence"))
        except BaseException:
            self._release(keys=[self._k("lock")], args=[token])
            self._token = None
            raise
        self._stop_renew.clear()
        self._renewer = threading.Thread(target=self._keep_lock, args=(token, ttl_ms), daemon=True,
                                         name="dedup-redis-lock")
        self._renewer.start()

    def _keep_lock(self, token: bytes, ttl_ms: int) -> None:
        while not self._stop_renew.wait(self.lock_ttl / 3):
            try:
                if not self._renew(keys=[self._k("lock")], args=[token, ttl_ms]):
                    return  # lost: the commit will notice and fail
            except self._redis.exceptions.RedisError:
                pass  # the commit will notice

    def _release_lock(self) -> None:
        self._stop_renew.set()
        if self._renewer is not None:
            self._renewer.join()
            self._renewer = None
        token, self._token = self._token, None
        try:
            self._release(keys=[self._k("lock")], args=[token])
        except self._redis.exceptions.RedisError:
            pass  # it expires

    # --- transactions ---
    @contextmanager
    def write(self):
        # the timeout counts from here: the wait for another thread's write on this client
        # (a server's writes share it) is part of it, the Redis lock gets what is left
        deadline = _time.monotonic() + self.timeout
        if not self._lock.acquire(timeout=self.timeout):
            raise self._busy_error()
        try:
            if self._depth:
                if self._tx is None:
                    raise StorageError(f"{self.location}: a write inside a read transaction")
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            with self._guard():
                self._acquire(deadline)
            self._tx = _Tx()
            self._depth = 1
            try:
                try:
                    with self._guard():
                        if not self._creating:  # before a decision or an INCR of next
                            self._require_meta(*self.r.hmget(self._k("meta"), ["schema", "created"]))
                        yield
                    tx = self._tx
                    self._tx = None  # reads during the commit (none) would bypass the buffer
                    with self._guard():
                        self._commit(tx)
                finally:
                    self._tx = None
                    self._depth = 0
            finally:
                self._release_lock()
        finally:
            self._lock.release()

    @contextmanager
    def read(self):
        with self._lock:
            self._depth += 1
            try:
                with self._guard():
                    yield
            finally:
                self._depth -= 1

    def _require_meta(self, schema, created, written: str = "; nothing written") -> None:
        """Raise unless the meta hash's ``schema`` and ``created`` (read with the lock held)
        are those of the index this object opened: an index that vanished while it was open
        (a server restarted without persistence, a database flushed, its keys deleted or
        evicted) is not written to as if it were there (that left documents under a prefix
        without a meta hash, which no one could open again), nor is another index made since
        under the prefix (with other options, perhaps), as an SQLite file replaced under an
        open one is not."""
        if schema is None:
            raise StorageError(f"{self.location}: the index is gone ({self._k('meta')!r} no longer "
                               "exists: the Redis server restarted without persistence, or the "
                               f"database was flushed or the keys deleted or evicted){written}")
        if created != self._created:
            raise StorageError(f"{self.location}: the index was deleted and replaced by another "
                               f"since it was opened; open it again{written}")

    def ensure_present(self) -> None:
        """:class:`StorageError` when the index this object opened is gone or was replaced
        by another under its prefix (a server's ``/healthz`` says so; every write checks it)."""
        with self._reading():
            self._require_meta(*self.r.hmget(self._k("meta"), ["schema", "created"]), written="")

    def _commit(self, tx: _Tx) -> None:
        lock = self._k("lock")
        with self.r.pipeline(transaction=True) as p:
            # taken by another writer since, or the index deleted or flushed: EXEC fails
            p.watch(self._k("fence"), self._k("meta"))
            if p.get(lock) != self._token:
                raise StorageError(f"{self.location}: lost the write lock (held longer than its "
                                   f"{self.lock_ttl:g} s expiry without renewal); nothing written")
            if not self._creating:  # (_setup's own: another process may have made the index)
                self._require_meta(*p.hmget(self._k("meta"), ["schema", "created"]))
            p.multi()
            meta = {k: v for k, v in tx.meta.items() if v is not None}
            if meta:
                p.hset(self._k("meta"), mapping=meta)
            gone = [k for k, v in tx.meta.items() if v is None]
            if gone:
                p.hdel(self._k("meta"), *gone)
            for rowid, fields in tx.docs.items():
                key = self._k("doc", rowid)
                p.delete(key)
                if fields is not None:
                    p.hset(key, mapping=fields)
            self._hash_ops(p, self._k("ids"), {k: (None if v is None else str(v)) for k, v in tx.ids.items()})
            self._hash_ops(p, self._k("terms"), {t: (None if v is None else f"{v[0]} {v[1]} {v[2]}")
                                                 for t, v in tx.terms.items()})
            for key, members in tx.sets.items():
                add = [m for m, present in members.items() if present]
                rem = [m for m, present in members.items() if not present]
                if rem:
                    p.srem(key, *rem)
                if add:
                    p.sadd(key, *add)
            scores = {m: t for m, t in tx.times.items() if t is not None}
            if scores:
                p.zadd(self._k("time"), scores)
            gone = [m for m, t in tx.times.items() if t is None]
            if gone:
                p.zrem(self._k("time"), *gone)
            try:
                p.execute()
            except self._redis.exceptions.WatchError as e:
                lost = e.__context__  # redis-py raises a WatchError for a connection lost under WATCH
                if isinstance(lost, (self._redis.exceptions.ConnectionError, self._redis.exceptions.TimeoutError)):
                    # the MULTI/EXEC may have reached the server, which may apply it yet
                    raise StorageError(f"{self.location}: lost the connection to Redis during the commit "
                                       f"({type(lost).__name__}: {lost}); the transaction may or may not "
                                       "have been applied") from None
                raise StorageError(f"{self.location}: lost the write lock during commit (its expiry "
                                   "passed and another writer took it, or the index was deleted); "
                                   "nothing written") from None

    @staticmethod
    def _hash_ops(p, key: str, values: dict) -> None:
        sets = {k: v for k, v in values.items() if v is not None}
        dels = [k for k, v in values.items() if v is None]
        if sets:
            p.hset(key, mapping=sets)
        if dels:
            p.hdel(key, *dels)

    def _writing(self) -> _Tx:
        if self._tx is None:
            raise StorageError(f"{self.location}: a write outside a write transaction")
        return self._tx

    # --- writes ---
    def insert(self, doc, band_keys, term_delta, sentences):
        with self.write():
            tx = self._writing()
            if self.get(doc.id) is not None:
                raise StorageError(f"{self.location}: id {doc.id!r} is already stored")
            with self._guard():
                rowid = int(self.r.incr(self._k("next")))
            fields = {"id": doc.id.encode("utf-8"), "text": zlib.compress(doc.text.encode("utf-8", "surrogatepass"), 6),
                      "ingested": repr(float(doc.ingested)), "time": repr(float(doc.time)),
                      "keys": "\n".join(doc.keys), "sentences": str(int(doc.sentences)),
                      "tf": zlib.compress(json.dumps([list(doc.tf or {}), list((doc.tf or {}).values())],
                                                     ensure_ascii=False).encode("utf-8"), 6)}
            if doc.date is not None:
                fields["date"] = doc.date
            if doc.content is not None:
                fields["content"] = str(int(doc.content))
            if doc.credit is not None:
                fields["credit"] = bytes(doc.credit)
            tx.docs[rowid] = fields
            for h in doc.units:
                tx.set_member(self._k("units"), int(h), True)
            tx.ids[doc.id] = rowid
            for k in band_keys:
                tx.set_member(self._k("band", int(k)), rowid, True)
            if doc.content is not None:
                tx.set_member(self._k("content", int(doc.content)), rowid, True)
            stored = self._term_rows(term_delta)
            for t, (s, d) in term_delta.items():
                s0, d0, r0 = stored.get(t, (0, 0, 0))
                tx.terms[t] = (s0 + s, d0 + d, r0 + 1)
            n_docs, n_sent = self.totals()
            tx.meta["documents"] = str(n_docs + 1)
            tx.meta["sentences"] = str(n_sent + sentences)
            tx.times[doc.id] = float(doc.time)
            return rowid

    def rekey(self, doc, old_bands, new_bands, keys):
        with self.write():
            tx = self._writing()
            fields = tx.docs.get(doc.rowid)
            if fields is None:  # (stored before this transaction: its hash as it is)
                with self._guard():
                    fields = {k.decode("utf-8"): v for k, v in self.r.hgetall(self._k("doc", doc.rowid)).items()}
            if not fields:
                raise StorageError(f"{self.location}: document {doc.id!r} is not stored")
            tx.docs[doc.rowid] = {**fields, "keys": "\n".join(keys)}
            old, new = {int(k) for k in old_bands}, {int(k) for k in new_bands}
            for k in sorted(old - new):
                tx.set_member(self._k("band", k), doc.rowid, False)
            for k in sorted(new - old):
                tx.set_member(self._k("band", k), doc.rowid, True)

    def first_rowids(self, limit):
        with self._reading() as tx:
            ids = self._id_map(tx)
        try:
            return sorted(int(v) for v in ids.values())[:limit]
        except ValueError:
            raise NotAnIndexError(f"{self.location}: corrupt id map") from None

    def _id_map(self, tx) -> dict:
        """The stored id map (id -> rowid, as stored), with this transaction's changes."""
        stored = dict(self.r.hgetall(self._k("ids")))
        ids = {(k.decode() if isinstance(k, bytes) else k): v for k, v in stored.items()}
        if tx is not None:
            for doc_id, rowid in tx.ids.items():
                if rowid is None:
                    ids.pop(doc_id, None)
                else:
                    ids[doc_id] = rowid
        return ids

    def remove(self, doc, band_keys, term_delta, sentences):
        with self.write():
            tx = self._writing()
            for k in band_keys:
                tx.set_member(self._k("band", int(k)), doc.rowid, False)
            if doc.content is not None:
                tx.set_member(self._k("content", int(doc.content)), doc.rowid, False)
            stored = self._term_rows(term_delta)
            for t, (s, d) in term_delta.items():
                if t not in stored:
                    continue
                s0, d0, r0 = stored[t]
                r1 = max(r0 - 1, 0)
                tx.terms[t] = None if r1 == 0 else (max(s0 - s, 0), max(d0 - d, 0), r1)
            for h in doc.units:
                tx.set_member(self._k("units"), int(h), False)
            tx.docs[doc.rowid] = None
            tx.ids[doc.id] = None
            tx.times[doc.id] = None
            n_docs, n_sent = self.totals()
            tx.meta["documents"] = str(max(n_docs - 1, 0))
            tx.meta["sentences"] = str(max(n_sent - sentences, 0))

    def set_meta(self, key, value):
        with self.write():
            self._writing().meta[key] = None if value is None else str(value)

    # --- reads ---
    @contextmanager
    def _reading(self):
        with self._lock, self._guard():
            yield self._tx

    def get_meta(self, key, default=None):
        with self._reading() as tx:
            if tx is not None and key in tx.meta:
                v = tx.meta[key]
            else:
                raw = self.r.hget(self._k("meta"), key)
                v = None if raw is None else raw.decode("utf-8")
        return default if v is None else v

    def _record(self, rowid: int, fields: dict) -> DocRecord:
        f = {(k.decode() if isinstance(k, bytes) else k): v for k, v in fields.items()}

        def s(name):
            v = f.get(name)
            return v.decode("utf-8") if isinstance(v, bytes) else v

        raw_id = f.get("id")
        doc_id = raw_id.decode("utf-8", "replace") if isinstance(raw_id, bytes) else raw_id  # for a message
        try:
            if not raw_id:
                raise ValueError("no id")
            doc_id = s("id")
            text = zlib.decompress(f["text"]).decode("utf-8", "surrogatepass")
            keys = s("keys") or ""
            content = s("content")
            credit = f.get("credit")
            if credit is not None and not isinstance(credit, bytes):
                raise TypeError("credit is not bytes")
            return DocRecord(doc_id, text, s("date"), float(s("ingested")), float(s("time")),
                             None if content is None else int(content),
                             keys.split("\n") if keys else [], int(s("sentences")), rowid, credit=credit)
        except (KeyError, zlib.error, UnicodeDecodeError, TypeError, ValueError, AttributeError) as e:
            raise NotAnIndexError(f"{self.location}: corrupt document {doc_id!r} "
                                  f"(rowid {rowid}): {type(e).__name__}: {e}") from None

    def get(self, doc_id):
        with self._reading() as tx:
            if tx is not None and doc_id in tx.ids:
                rowid = tx.ids[doc_id]
            else:
                raw = self.r.hget(self._k("ids"), doc_id)
                try:
                    rowid = None if raw is None else int(raw)
                except ValueError:
                    raise NotAnIndexError(f"{self.location}: corrupt rowid of {doc_id!r}") from None
            if rowid is None:
                return None
            docs = self.documents([rowid])
        return docs[0] if docs else None

    def existing(self, doc_ids):
        """The stored ids among ``doc_ids``: one HMGET of the id map (plus this transaction's
        own additions and removals), no document read."""
        items = sorted(set(doc_ids))
        with self._reading() as tx:
            ask = [d for d in items if tx is None or d not in tx.ids]
            raw = self.r.hmget(self._k("ids"), ask) if ask else []
            out = {d for d, v in zip(ask, raw) if v is not None}
            if tx is not None:
                out.update(d for d in items if tx.ids.get(d) is not None)
        return out

    def documents(self, rowids, keys=True):  # the key terms are read with the rest either way
        ids = sorted(set(int(r) for r in rowids))
        out = []
        with self._reading() as tx:
            fetch = [r for r in ids if tx is None or r not in tx.docs]
            p = self.r.pipeline(transaction=False)
            for r in fetch:
                p.hgetall(self._k("doc", r))
            fetched = dict(zip(fetch, p.execute()))
            for r in ids:
                fields = tx.docs[r] if tx is not None and r in tx.docs else fetched.get(r)
                if fields:
                    out.append(self._record(r, fields))
        return out

    def term_vectors(self, rowids, resolve=None):  # every term resolved: one pipelined read
        ids = sorted(set(int(r) for r in rowids))
        found, docs = [], []
        with self._reading() as tx:
            fetch = [r for r in ids if tx is None or r not in tx.docs]
            p = self.r.pipeline(transaction=False)
            for r in fetch:
                p.hget(self._k("doc", r), "tf")
            fetched = dict(zip(fetch, p.execute()))
            for r in ids:
                if tx is not None and r in tx.docs:
                    blob = (tx.docs[r] or {}).get("tf")
                else:
                    blob = fetched.get(r)
                if blob is None:
                    continue
                try:
                    terms, counts = json.loads(zlib.decompress(blob).decode("utf-8"))
                    if len(terms) != len(counts) or not all(isinstance(t, str) for t in terms):
                        raise ValueError("terms and counts differ")
                    counts = [int(c) for c in counts]
                except (zlib.error, UnicodeDecodeError, TypeError, ValueError) as e:
                    raise NotAnIndexError(f"{self.location}: corrupt term vector (rowid {r}): "
                                          f"{type(e).__name__}: {e}") from None
                found.append(r)
                docs.append((terms, counts))
            counts = self.term_counts({t for terms, _ in docs for t in terms})
        return TermVectors.from_lists(found, docs, counts)

    def _members(self, tx: _Tx | None, key: str, server: list) -> set[int]:
        members = {m.decode() if isinstance(m, bytes) else m for m in server}
        if tx is not None:
            for m, present in tx.sets.get(key, {}).items():
                (members.add if present else members.discard)(m)
        try:
            return {int(m) for m in members}
        except ValueError:
            raise NotAnIndexError(f"{self.location}: corrupt set {key!r}") from None

    def buckets(self, band_keys, limit):
        keys = [int(k) for k in band_keys]
        out: dict[int, list[int]] = {}
        with self._reading() as tx:
            p = self.r.pipeline(transaction=False)
            for k in keys:
                name = self._k("band", k)
                if tx is not None and name in tx.sets:
                    p.smembers(name)  # the buffered changes apply to the whole set
                else:
                    p.srandmember(name, limit)  # the whole set when it holds <= limit
            full = []
            for k, server in zip(keys, p.execute()):
                rows = sorted(self._members(tx, self._k("band", k), server))[:limit]
                if rows:
                    out[k] = rows
                    if len(server) >= limit and not (tx is not None and self._k("band", k) in tx.sets):
                        full.append(k)  # maybe a random part of a larger set: its smallest too
            if full:
                p = self.r.pipeline(transaction=False)
                for k in full:
                    p.sort(self._k("band", k), start=0, num=1)
                for k, first in zip(full, p.execute()):
                    if first:
                        low = int(first[0])
                        out[k] = sorted({low} | set(out[k]))[:limit]
        return out

    def all_rowids(self, limit):
        with self._reading() as tx:
            if self.r.hlen(self._k("ids")) > limit + (0 if tx is None else len(tx.ids)):
                return None  # more than limit even if this transaction removed some
            ids = self._id_map(tx)
            if len(ids) > limit:
                return None
            try:
                return sorted(int(v) for v in ids.values())
            except ValueError:
                raise NotAnIndexError(f"{self.location}: corrupt id map") from None

    def same_content(self, content):
        key = self._k("content", int(content))
        with self._reading() as tx:
            return sorted(self._members(tx, key, self.r.smembers(key)))

    def known_units(self, hashes):
        ask = sorted({int(h) for h in hashes})
        key = self._k("units")
        out: set[int] = set()
        with self._reading() as tx:
            for s in range(0, len(ask), CHUNK):  # (SISMEMBER, pipelined: SMISMEMBER needs Redis 6.2)
                part = ask[s:s + CHUNK]
                p = self.r.pipeline(transaction=False)
                for h in part:
                    p.sismember(key, h)
                out.update(h for h, hit in zip(part, p.execute()) if hit)
            if tx is not None:
                asked = set(ask)
                for m, present in tx.sets.get(key, {}).items():
                    if int(m) in asked:
                        (out.add if present else out.discard)(int(m))
        return out

    def term_counts(self, terms):
        return {t: v[:2] for t, v in self._term_rows(terms).items()}

    def _term_rows(self, terms) -> dict[str, tuple[int, int, int]]:
        """``(sentences, documents, refs)`` of the stored terms among ``terms``."""
        items = sorted(set(terms))
        out: dict[str, tuple[int, int, int]] = {}
        with self._reading() as tx:
            ask = [t for t in items if tx is None or t not in tx.terms]
            for s in range(0, len(ask), CHUNK):
                part = ask[s:s + CHUNK]
                for t, raw in zip(part, self.r.hmget(self._k("terms"), part)):
                    if raw is not None:
                        try:
                            a, b, c = raw.split()
                            out[t] = (int(a), int(b), int(c))
                        except ValueError:
                            raise NotAnIndexError(f"{self.location}: corrupt count of term {t!r}") from None
            if tx is not None:
                for t in items:
                    if t in tx.terms and tx.terms[t] is not None:
                        out[t] = tx.terms[t]
        return out

    def totals(self):
        """The document and sentence totals; :class:`StorageError` when the index this
        object opened is gone or was replaced (every check asks for the totals first: an
        index emptied under it, a server restarted without persistence, answered every
        check ``new``)."""
        with self._reading() as tx:
            names = ("documents", "sentences")
            values = self.r.hmget(self._k("meta"), [*names, "schema", "created"])
            if not self._creating:
                self._require_meta(*values[2:], written="")
            values = values[:2]
            if tx is not None:
                values = [tx.meta[n] if n in tx.meta else v for n, v in zip(names, values)]
            try:
                return tuple(int(v or 0) for v in values)
            except ValueError:
                raise NotAnIndexError(f"{self.location}: corrupt totals") from None

    def older_than(self, cutoff, limit):
        with self._reading() as tx:
            pending = tx.times if tx is not None else {}
            bound = "+inf" if math.isinf(cutoff) and cutoff > 0 else f"({float(cutoff)!r}"
            raw = self.r.zrangebyscore(self._k("time"), "-inf", bound, start=0,
                                       num=limit + len(pending), withscores=True)
            found = {m.decode("utf-8"): t for m, t in raw}
            for m, t in pending.items():
                found.pop(m, None)
                if t is not None and t < cutoff:
                    found[m] = t
        return [m for m, _ in sorted(found.items(), key=lambda x: (x[1], x[0]))][:limit]

    # --- diagnosis ---
    # the type of each key dedup writes, by the first part of its name after the prefix
    _KEY_TYPES = {"meta": b"hash", "next": b"string", "ids": b"hash", "terms": b"hash", "time": b"zset",
                  "units": b"set",
                  "lock": b"string", "fence": b"string", "doc": b"hash", "band": b"set", "content": b"set"}

    def problems(self, limit: int = 5) -> list[str]:
        """See :meth:`Storage.problems`: every key under the prefix of the type dedup
        writes, and every value it holds of the type and range dedup writes (the meta
        totals and options, the id map, each document's fields with its text and term
        vector decompressed, the band and content sets, the term counts, the time scores).

        Cost: one pass over the index, as ``SCAN``/``HSCAN``/``ZSCAN`` pages of
        :data:`CHUNK` keys or fields, the values of a page read in one pipelined round
        trip: time in proportion to the stored data (every document's text is
        decompressed once; ``SCAN`` walks the names of the whole database, other prefixes'
        too), memory of one page, and no lock (writers go on).  Each value is
        checked on its own, never against another key (but ``next`` against the highest
        stored rowid, read after the documents), so a write committed during the pass is
        not taken for damage."""
        from collections import Counter

        from .io import one_line

        bad: Counter = Counter()
        out: list[str] = []
        highest = 0  # rowid
        with self._reading():
            r = self.r
            meta = r.hgetall(self._k("meta")) if r.type(self._k("meta")) == b"hash" else {}
            for key in ("documents", "sentences"):
                v = meta.get(key.encode())
                if _count(v) is None:
                    out.append(f"meta {key} is {one_line(repr(v))[:40]}, not a count")
            out += [one_line(p) for p in stored_options_problems(meta.get(b"options"), _structural())]
            start = len(self.prefix.encode("utf-8")) + 1
            names = r.scan_iter(match=self._escaped_prefix() + ":*", count=CHUNK)
            while True:
                page = [k for _, k in zip(range(CHUNK), names)]
                if not page:
                    break
                p = r.pipeline(transaction=False)
                for k in page:
                    p.type(k)
                kinds = p.execute()
                small = []
                for k, kind in zip(page, kinds):
                    name = k[start:].decode("utf-8", "replace")
                    head, _, tail = name.partition(":")
                    want = self._KEY_TYPES.get(head)
                    if want is None or (tail == "") != (head not in ("doc", "band", "content")):
                        continue  # not a name dedup writes: another prefix's key, ignored
                    if head in ("doc", "band", "content") and _count(tail.encode()) is None:
                        continue
                    if kind != want:
                        if kind != b"none":  # (deleted since the SCAN)
                            bad[f"{head} keys of the wrong Redis type"] += 1
                    elif head in ("doc", "band", "content", "next", "fence"):
                        small.append((head, k))
                    elif head in ("ids", "terms", "time", "units"):
                        self._scan_big(head, k, bad)
                p = r.pipeline(transaction=False)
                for head, k in small:
                    {"doc": p.hgetall, "band": p.smembers, "content": p.smembers,
                     "next": p.get, "fence": p.get}[head](k)
                for (head, k), value in zip(small, p.execute()):
                    if head == "doc":
                        highest = max(highest, int(k[start + 4:]))
                        for f in self._doc_problems(value):
                            bad[f"doc.{f}"] += 1
                    elif head in ("band", "content"):
                        if any(_count(m, 1) is None for m in value):
                            bad[f"{head} sets"] += 1
                    elif value is not None and _count(value) is None:
                        bad[head] += 1
            # read last: a document seen above was stored after its rowid was handed out
            kind = r.type(self._k("next"))
            last = _count(r.get(self._k("next"))) if kind == b"string" else None
            if highest and (kind == b"none" or (last is not None and last < highest)):
                out.append(f"{self._k('next')} is {last}, below the highest stored rowid {highest} "
                           "(the next document stored would overwrite one)")
        out += [f"{what}: {n} value(s) of the wrong type or range" for what, n in sorted(bad.items())]
        return out[:limit]

    def _scan_big(self, head: str, key: bytes, bad) -> None:
        """Count the wrong entries of the id map, the term counts, the time scores or the
        sentence hashes."""
        if head == "units":
            for member in self.r.sscan_iter(key, count=CHUNK):
                if _count(member) is None:
                    bad["units"] += 1
            return
        if head == "time":
            for member, score in self.r.zscan_iter(key, count=CHUNK):
                if not _utf8(member) or not abs(score) <= MAX_TIME:
                    bad["time"] += 1
            return
        for field, value in self.r.hscan_iter(key, count=CHUNK):
            if head == "ids":
                wrong = not _utf8(field) or _count(value, 1) is None
            else:
                parts = value.split(b" ")
                wrong = not _utf8(field) or len(parts) != 3 or any(_count(x) is None for x in parts) \
                    or _count(parts[2], 1) is None
            if wrong:
                bad[head] += 1

    @staticmethod
    def _doc_problems(f: dict) -> list[str]:
        """The fields of a stored document (``HGETALL``) that are missing or wrong."""
        from .document import utc_datetime

        wrong = []
        if not f.get(b"id") or not _utf8(f[b"id"]):
            wrong.append("id")
        if not _utf8(f.get(b"keys")):
            wrong.append("keys")
        try:
            zlib.decompress(f[b"text"]).decode("utf-8", "surrogatepass")
        except (KeyError, zlib.error, UnicodeDecodeError):
            wrong.append("text")
        date = f.get(b"date")
        if date is not None and (not _utf8(date) or (date.strip() and utc_datetime(date.decode()) is None)):
            wrong.append("date")
        for name in ("ingested", "time"):
            try:
                ok = abs(float(f[name.encode()])) <= MAX_TIME
            except (KeyError, ValueError):
                ok = False
            if not ok:
                wrong.append(name)
        content = f.get(b"content")
        if content is not None and _count(content.removeprefix(b"-")) is None:
            wrong.append("content")
        if _count(f.get(b"sentences")) is None:
            wrong.append("sentences")
        try:
            terms, counts = json.loads(zlib.decompress(f[b"tf"]).decode("utf-8"))
            if len(terms) != len(counts) or not all(isinstance(t, str) for t in terms) \
                    or any(_count(str(c).encode()) is None for c in counts):
                raise ValueError
        except (KeyError, zlib.error, UnicodeDecodeError, TypeError, ValueError):
            wrong.append("tf")
        return wrong

    def stats(self):
        with self._reading():
            docs, sentences = self.totals()
            p = self.r.pipeline(transaction=True)  # one consistent look
            p.hlen(self._k("terms"))
            p.zrange(self._k("time"), 0, 0, withscores=True)
            p.zrange(self._k("time"), -1, -1, withscores=True)
            p.info("memory")
            p.scard(self._k("units"))
            terms, first, last, memory, units = p.execute()
        return {"backend": "redis", "location": self.location, "schema_version": SCHEMA_VERSION,
                "documents": docs, "sentences": sentences, "terms": terms,
                "sentence_hashes": units, "oldest": first[0][1] if first else None, "newest": last[0][1] if last else None,
                # Redis reports memory per server, not per key prefix
                "bytes": int(memory.get("used_memory", 0)), "bytes_scope": "redis server",
                "wal_bytes": 0}

    def close(self):
        with self._lock:
            try:
                self.r.close()
            except self._redis.exceptions.RedisError:  # pragma: no cover
                pass
            # redis-py reconnects on the next command: a closed index must refuse it, as
            # SQLite's does ("Cannot operate on a closed database")
            self.r = _Closed()
