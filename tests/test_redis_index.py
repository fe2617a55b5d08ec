"""dedup.Index over Redis (``redis://``) against a real ``redis-server`` on 127.0.0.1.

The server is started once per session on a free port, without persistence, in a temporary
directory; each test uses its own key prefix.  The SQLite behaviour tests of
``test_index.py`` run here again, unchanged, on a Redis location.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
import zlib

import pytest

# .ci/run sets DEDUP_REQUIRE_REDIS=1: there a missing client or server fails instead of skipping
REQUIRED = os.environ.get("DEDUP_REQUIRE_REDIS") == "1"
try:
    import redis
except ImportError:  # pragma: no cover
    if REQUIRED:
        raise
    pytest.skip("the 'redis' extra is not installed (pip install -e '.[redis]')", allow_module_level=True)

import test_index as sqlite_tests  # noqa: E402  (the behaviour tests, rerun on Redis)
from conftest import REWRITE, SOURCE, UNRELATED  # noqa: E402
from index_checks import count_credited, synthetic, write_records  # noqa: E402
from test_filter_cli import WRITER, env, lines, ok, run  # noqa: E402
from test_serve import Server  # noqa: E402
from dedup import Document, Index, Options  # noqa: E402
from dedup.index import band_keys  # noqa: E402
from dedup.redis_storage import split_url  # noqa: E402
from dedup.storage import SCHEMA_VERSION, IndexBusyError, NotAnIndexError, StorageError  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(workdir) -> tuple[int, subprocess.Popen]:
    """A real redis-server on 127.0.0.1 (no RDB, no AOF) in ``workdir``, answering:
    ``(port, process)``."""
    binary = shutil.which("redis-server")
    if binary is None:
        (pytest.fail if REQUIRED else pytest.skip)(
            "redis-server is not installed (Debian: apt-get install redis-server; .ci/run does)")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(workdir), "--daemonize", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir)
    client = redis.Redis(port=port)
    deadline = time.time() + 20
    while True:
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start on port {port} (exit {proc.poll()})")
            time.sleep(0.05)
    client.close()
    return port, proc


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory):
    """A real redis-server on 127.0.0.1 for the whole session (no RDB, no AOF)."""
    port, proc = start_redis(tmp_path_factory.mktemp("redis"))
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()


@pytest.fixture
def prefix():
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture
def url(redis_port, prefix):
    return f"redis://127.0.0.1:{redis_port}/0?prefix={prefix}"


@pytest.fixture
def client(redis_port):
    c = redis.Redis(port=redis_port)
    yield c
    c.close()


@pytest.fixture
def idx(url):
    with Index(url) as index:
        yield index


def keys_of(client, prefix):
    return sorted(k.decode() for k in client.scan_iter(match=prefix + ":*", count=1000))


def assert_consistent(client, prefix) -> list[str]:
    """Every stored document is whole: its band set memberships, term counts and totals are
    exactly those of the stored texts, and nothing points to a missing document.  Returns
    the stored ids in insertion order."""
    P = prefix + ":"
    docs = {}
    for key in keys_of(client, prefix):
        if key.startswith(P + "doc:"):
            docs[int(key.rsplit(":", 1)[1])] = client.hgetall(key)
    ids = {k.decode(): int(v) for k, v in client.hgetall(P + "ids").items()}
    assert ids == {f[b"id"].decode(): r for r, f in docs.items()}
    meta = client.hgetall(P + "meta")
    options = Options(**{k: v for k, v in json.loads(meta[b"options"]).items() if k in Options.__dataclass_fields__})
    items = sorted(docs.items())  # (each counted as its credit says: see index_checks.recount)
    counts, dfs, refs, credited, n_sent = count_credited(
        ((zlib.decompress(f[b"text"]).decode("utf-8", "surrogatepass"), f.get(b"credit")) for _, f in items),
        options.stem_chars)
    want_bands = set()
    for rowid, f in items:
        keys = f[b"keys"].decode()
        want_bands.update((k, rowid) for k in band_keys(keys.split("\n") if keys else [], options))
    terms = {k.decode(): tuple(map(int, v.split())) for k, v in client.hgetall(P + "terms").items()}
    assert terms == {t: (counts[t], dfs[t], refs[t]) for t in refs}
    assert len(credited) == len(set(credited)) and {int(m) for m in client.smembers(P + "units")} == set(credited)
    assert (int(meta[b"documents"]), int(meta[b"sentences"])) == (len(docs), n_sent)
    bands = {(int(key.rsplit(":", 1)[1]), int(m)) for key in keys_of(client, prefix) if key.startswith(P + "band:")
             for m in client.smembers(key)}
    assert bands == want_bands
    assert {m.decode() for m in client.zrange(P + "time", 0, -1)} == set(ids)
    return [f[b"id"].decode() for _, f in sorted(docs.items())]


# --- the SQLite behaviour tests, on Redis ---------------------------------------------------

ON_AN_INDEX = [
    sqlite_tests.test_first_document_is_new_and_its_exact_copy_a_duplicate,
    sqlite_tests.test_rewrite_is_matched_with_its_relation_and_added_passages,
    sqlite_tests.test_similarity_equals_batch_when_the_index_holds_the_same_corpus,
    sqlite_tests.test_unrelated_documents_are_new,
    sqlite_tests.test_check_and_add_adds_only_new_documents_by_default,
    sqlite_tests.test_an_id_already_in_the_index_is_refused,
    sqlite_tests.test_original_is_the_earlier_by_date_else_the_indexed_one,
    sqlite_tests.test_matches_are_sorted_by_similarity_and_status_is_the_best_relation,
    sqlite_tests.test_documents_without_words_still_match_exact_copies,
    sqlite_tests.test_a_stored_text_keeps_its_unpaired_surrogates,
    sqlite_tests.test_documents_are_checked_as_the_readers_check_records,
    sqlite_tests.test_in_takes_an_id_as_remove_does,
]

ON_A_LOCATION = [
    sqlite_tests.test_oversized_bucket_proposes_its_first_document,
    sqlite_tests.test_index_persists_across_reopen_with_its_options,
    sqlite_tests.test_evict_by_date_else_ingest_time,
    sqlite_tests.test_evict_works_in_batches,
    sqlite_tests.test_constructor_validates_arguments,
    sqlite_tests.test_a_closed_index_refuses_every_use,
]


@pytest.mark.parametrize("behaviour", ON_AN_INDEX, ids=lambda f: f.__name__[5:])
def test_same_behaviour_as_sqlite(behaviour, idx, client, prefix):
    behaviour(idx)
    assert_consistent(client, prefix)


@pytest.mark.parametrize("behaviour", ON_A_LOCATION, ids=lambda f: f.__name__[5:])
def test_same_behaviour_as_sqlite_on_a_location(behaviour, url):
    behaviour(url)


@pytest.mark.parametrize("lang", ["ru", "he"])
def test_a_rewrite_in_a_language_the_index_has_not_seen_is_found_by_lsh(url, lang):
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "scripts"
    sqlite_tests.check_new_language_rewrite(url, *((fixtures / f"{lang}_fire_{kind}.txt").read_text(encoding="utf-8")
                                                   for kind in ("orig", "rewrite")))


def test_a_copy_is_found_after_the_text_it_repeats_is_removed(url):
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures" / "scripts"
    sqlite_tests.check_copy_of_a_removed_text(url, (fixtures / "ru_fire_orig.txt").read_text(encoding="utf-8"),
                                              (fixtures / "ru_fire_rewrite.txt").read_text(encoding="utf-8")
                                              .split(". ")[-1])


def test_the_first_documents_are_sketched_again_when_the_index_has_grown(url, client, prefix, tmp_path):
    keys = sqlite_tests.check_first_documents_sketched_again(url)
    assert_consistent(client, prefix)
    assert keys == sqlite_tests.check_first_documents_sketched_again(tmp_path / "same.dedup")


def test_decisions_are_identical_to_sqlite(url, tmp_path):
    docs = [Document("source", SOURCE, date="2024-05-01"), Document("bakery", UNRELATED),
            Document("rewrite", REWRITE), Document("copy", SOURCE)] + [
        Document(f"s{k}", synthetic(k % 4, 4)) for k in range(8)]
    with Index(url) as r, Index(tmp_path / "same.dedup") as s:
        for d in docs:
            assert r.check_and_add(d).record() == s.check_and_add(d).record()
        assert r.check(Document("x", REWRITE)).record() == s.check(Document("x", REWRITE)).record()
        assert {k: v for k, v in r.stats().items() if k in ("documents", "sentences", "terms", "oldest")} == \
            {k: v for k, v in s.stats().items() if k in ("documents", "sentences", "terms", "oldest")}


def test_all_rowids_sees_its_own_transaction_and_a_limit(idx, client, prefix):
    sqlite_tests.check_all_rowids(idx)
    assert_consistent(client, prefix)


def test_existing_reads_the_id_map_and_sees_its_own_transaction(idx):
    idx.add_many([Document("a", SOURCE), Document("b", UNRELATED)])
    s = idx.storage
    with s.read():
        assert s.existing(["a", "x", "b", "a"]) == {"a", "b"}
        assert s.existing([]) == set()
    with idx.session():
        idx.add(Document("c", REWRITE))
        idx.remove("a")
        assert s.existing(["a", "b", "c"]) == {"b", "c"}  # this transaction's own writes
    assert s.existing(["a", "b", "c"]) == {"b", "c"}
    skipped = idx.add_many([Document("b", SOURCE), Document("d", synthetic(3))], skip_existing=True)
    assert [d.id for d in skipped] == ["b"]
    assert s.existing(["a", "b", "c", "d"]) == {"b", "c", "d"}


# --- the stored state --------------------------------------------------------------------

def test_counts_are_updated_incrementally_and_restored_by_remove(idx, client, prefix):
    idx.add(Document("source", SOURCE))
    idx.add(Document("bakery", UNRELATED))
    before = {k: client.dump(k) for k in keys_of(client, prefix) if not k.endswith((":next", ":lock"))}
    idx.add(Document("rewrite", REWRITE))
    assert assert_consistent(client, prefix) == ["source", "bakery", "rewrite"]
    assert idx.remove("rewrite") is True
    after = {k: client.dump(k) for k in keys_of(client, prefix) if not k.endswith((":next", ":lock"))}
    assert after.keys() == before.keys()
    assert {k: client.type(k) for k in after} == {k: client.type(k) for k in before}
    assert idx.remove("rewrite") is False
    assert "rewrite" not in idx and len(idx) == 2
    assert assert_consistent(client, prefix) == ["source", "bakery"]


def test_remove_everything_leaves_only_the_meta_key(idx, client, prefix):
    for k in range(5):
        idx.add(Document(f"d{k}", synthetic(k)))
    for k in range(5):
        assert idx.remove(f"d{k}")
    assert keys_of(client, prefix) == [f"{prefix}:fence", f"{prefix}:meta", f"{prefix}:next"]
    meta = client.hgetall(f"{prefix}:meta")
    assert (meta[b"documents"], meta[b"sentences"]) == (b"0", b"0")


def test_a_session_is_one_transaction(idx, client, prefix):
    with pytest.raises(RuntimeError):
        with idx.session():
            idx.add(Document("a", SOURCE))
            idx.add(Document("b", UNRELATED))
            raise RuntimeError("boom")
    assert len(idx) == 0 and keys_of(client, prefix) == [f"{prefix}:fence", f"{prefix}:meta", f"{prefix}:next"]
    with idx.session():
        idx.add(Document("a", SOURCE))
        assert idx.check(Document("b", SOURCE)).status == "duplicate"  # sees its own writes
        assert client.hget(f"{prefix}:ids", "a") is None  # nothing on the server before commit
        idx.remove("a")
        idx.add(Document("c", UNRELATED))
    assert len(idx) == 1 and "c" in idx and "a" not in idx
    assert assert_consistent(client, prefix) == ["c"]


def test_stats(idx):
    idx.add(Document("a", SOURCE, date="2024-05-01"))
    s = idx.stats()
    assert s["backend"] == "redis" and s["documents"] == 1 and s["terms"] > 10 and s["sentences"] > 1
    assert s["oldest"] == s["newest"] == sqlite_tests.date_epoch("2024-05-01") and s["bytes"] > 0
    assert s["schema_version"] == SCHEMA_VERSION and s["options"]["num_perm"] == 256


def test_only_plain_values_are_stored_never_pickles(idx, client, prefix):
    idx.add(Document("a", SOURCE, date="2024-05-01"))
    idx.add(Document("b", UNRELATED))
    values = []
    for key in keys_of(client, prefix):
        kind = client.type(key).decode()
        if kind == "hash":
            values += list(client.hgetall(key).values())
        elif kind == "set":
            values += list(client.smembers(key))
        elif kind == "zset":
            values += [m for m, _ in client.zrange(key, 0, -1, withscores=True)]
        else:
            assert kind == "string"
            values.append(client.get(key))
    assert not any(v.startswith(b"\x80") for v in values)  # no pickle protocol 2+ header
    texts = [client.hget(k, "text") for k in keys_of(client, prefix) if ":doc:" in k]
    assert sorted(zlib.decompress(t).decode() for t in texts) == sorted([SOURCE, UNRELATED])
    assert all(SOURCE.encode() not in v for v in values)  # compressed


def test_prefixes_keep_indexes_apart(redis_port, prefix):
    a = f"redis://127.0.0.1:{redis_port}/0?prefix={prefix}-a"
    b = f"redis://127.0.0.1:{redis_port}/0?prefix={prefix}-b"
    with Index(a) as x, Index(b, Options(key_terms=24)) as y:
        x.add(Document("s", SOURCE))
        assert y.check(Document("t", SOURCE)).status == "new" and len(y) == 0
        assert y.options.key_terms == 24 and x.options.key_terms == 32


def test_the_url_prefix_and_password_in_messages():
    assert split_url("redis://h:1/2?prefix=news") == ("redis://h:1/2", "news", "redis://h:1/2?prefix=news")
    client, prefix, shown = split_url("redis://:secret@h/0")
    assert (client, prefix) == ("redis://:secret@h/0", "dedup") and "secret" not in shown
    with pytest.raises(StorageError, match="prefix"):
        split_url("redis://h/0?prefix=a*b")
    with pytest.raises(StorageError, match="prefix given 2 times"):
        split_url("redis://h/0?prefix=a&prefix=b")


# --- foreign, corrupt and missing data -------------------------------------------------------

def test_keys_under_the_prefix_without_the_meta_key_are_not_an_index(url, client, prefix):
    client.set(f"{prefix}:something", "theirs")
    with pytest.raises(NotAnIndexError, match="but no .*meta.*: not a dedup index"):
        Index(url)
    assert client.get(f"{prefix}:something") == b"theirs"  # untouched
    assert keys_of(client, prefix) == [f"{prefix}:something"]


def test_a_foreign_meta_key_is_not_an_index(url, client, prefix):
    client.hset(f"{prefix}:meta", mapping={"owner": "someone else"})
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index(url)
    client.delete(f"{prefix}:meta")
    client.set(f"{prefix}:meta", "a string")
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index(url)


def test_another_schema_version_is_refused(url, client, prefix):
    Index(url).close()
    client.hset(f"{prefix}:meta", "version", SCHEMA_VERSION + 1)
    with pytest.raises(NotAnIndexError, match=f"schema version {SCHEMA_VERSION + 1}; this dedup reads version"):
        Index(url)


def test_corrupt_stored_data_gives_a_clear_error(idx, client, prefix):
    idx.add(Document("a", SOURCE))
    (key,) = [k for k in keys_of(client, prefix) if ":doc:" in k]
    client.hset(key, "text", b"\x80\x04not zlib")
    with pytest.raises(NotAnIndexError, match="corrupt document 'a'") as e:
        idx.check(Document("b", SOURCE))
    assert "\n" not in str(e.value) and prefix in str(e.value)
    client.delete(f"{prefix}:terms")
    client.set(f"{prefix}:terms", "wrong type")
    with pytest.raises(NotAnIndexError, match="corrupt or not a dedup index"):
        idx.check(Document("c", UNRELATED))


def test_a_stored_text_that_does_not_read_is_one_line_naming_the_document(url, client, prefix):
    """The CLI words it as damage ("damaged dedup index", what the diagnosis finds) and keeps
    the error's own words whole: Redis's diagnosis names no document, and the error, cut to
    80 characters after a long location, lost the document and the cause."""
    with Index(url) as idx:
        idx.add(Document("d0", SOURCE))
        idx.add(Document("d1", UNRELATED))
    (key,) = [k for k in keys_of(client, prefix) if k.endswith(":doc:1")]
    client.hset(key, "text", b"garbage")
    r = run(["index", "remove", url, "d0"])  # (its text is read to uncount its sentences)
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert ": damaged dedup index: doc.text: " in r.stderr
    assert "corrupt document 'd0'" in r.stderr and "decompressing" in r.stderr


def test_missing_index_without_create(url, client, prefix):
    with pytest.raises(StorageError, match="no such index"):
        Index(url, create=False)
    assert keys_of(client, prefix) == []


def test_an_unreachable_server_is_one_line():
    with pytest.raises(StorageError, match="cannot reach Redis") as e:
        Index(f"redis://127.0.0.1:{free_port()}/0")
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("location", ["redis://[bad", "redis://h]:1/0", "redis://h:abc/0",
                                      "redis://127.0.0.1:{port}/0?foo=bar"])
def test_a_malformed_url_is_one_line(location):
    location = location.format(port=free_port())
    with pytest.raises(StorageError, match="bad Redis URL") as e:
        Index(location)
    assert "\n" not in str(e.value)
    r = run(["index", "stats", location])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "bad Redis URL" in r.output, r.output
    if "foo=bar" in location:  # named as given (it said "...?prefix=dedup"), the parameter by name
        assert location in r.output and "prefix=dedup" not in r.output
        assert "unknown query parameter 'foo'" in r.output, r.output


# --- several writers ------------------------------------------------------------------------

def test_two_writers_check_and_add_atomically(url, client, prefix, tmp_path):
    """Two processes add the same texts under different ids at the same time: for each text
    exactly one of them finds it new (check and add hold the write lock together)."""
    n = 100
    a = write_records(tmp_path / "a.jsonl", [{"id": f"a{k}", "text": synthetic(k, 3)} for k in range(n)])
    b = write_records(tmp_path / "b.jsonl", [{"id": f"b{k}", "text": synthetic(k, 3)} for k in range(n)])
    Index(url).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, str(script), url, str(src), str(go)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env()) for src in (a, b)]
    time.sleep(3)  # both have imported dedup and opened the index
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err.decode()
    decided = {d["id"]: d for out, _ in outs for d in lines(out.decode())}
    assert len(decided) == 2 * n
    for k in range(n):
        statuses = sorted([decided[f"a{k}"]["status"], decided[f"b{k}"]["status"]])
        assert statuses == ["duplicate", "new"], (k, statuses)
    assert len(assert_consistent(client, prefix)) == n
    assert client.get(f"{prefix}:lock") is None  # released


def test_a_dead_writers_lock_expires(url, client, prefix):
    Index(url).close()
    client.set(f"{prefix}:lock", "a writer that was killed", px=3000)
    with Index(url, timeout=0.2) as idx:
        with pytest.raises(IndexBusyError, match="busy"):
            idx.add(Document("a", SOURCE))
        idx.storage.timeout = 20
        started = time.monotonic()
        idx.add(Document("a", SOURCE))
        assert time.monotonic() - started < 10 and "a" in idx


def test_a_writer_that_lost_its_lock_writes_nothing(idx, client, prefix):
    with pytest.raises(StorageError, match="lost the write lock"):
        with idx.session():
            idx.add(Document("a", SOURCE))
            client.delete(f"{prefix}:lock")  # expired...
            client.set(f"{prefix}:lock", "another writer")  # ...and taken
    assert "a" not in idx and len(idx) == 0
    assert client.get(f"{prefix}:lock") == b"another writer"  # not released by the loser


def test_a_long_transaction_keeps_its_lock(url, prefix, client):
    from dedup.redis_storage import RedisStorage

    s = RedisStorage(url, lock_ttl=0.3)
    try:
        with s.write():
            s.set_meta("note", "x")
            time.sleep(1.0)  # three times the expiry: renewed meanwhile
        assert s.get_meta("note") == "x"
    finally:
        s.close()


def test_a_commit_that_outlasts_a_lock_renewal_still_commits(url, prefix, client, monkeypatch):
    """The renewal (PEXPIRE of the lock) during a long commit must not abort it: the writer
    still holds its lock (it did abort, with 'lost the write lock', when the lock was WATCHed)."""
    from dedup.redis_storage import RedisStorage

    s = RedisStorage(url, lock_ttl=0.3)  # renewed every 0.1 s
    hash_ops = RedisStorage._hash_ops

    def slow(p, key, values):
        time.sleep(0.5)  # between WATCH and EXEC: renewals happen meanwhile
        hash_ops(p, key, values)

    monkeypatch.setattr(RedisStorage, "_hash_ops", staticmethod(slow))
    try:
        with s.write():
            s.set_meta("note", "x")
        assert s.get_meta("note") == "x"
    finally:
        s.close()


def test_a_writer_whose_lock_another_took_during_its_commit_writes_nothing(url, prefix, client, monkeypatch):
    from dedup.redis_storage import RedisStorage

    first, second = RedisStorage(url), RedisStorage(url)
    hash_ops, taken = RedisStorage._hash_ops, []

    def meanwhile(p, key, values):
        if not taken:  # the first writer's lock expires; the second takes it and commits
            taken.append(1)
            first._stop_renew.set()
            client.delete(f"{prefix}:lock")
            with second.write():
                second.set_meta("by", "second")
        hash_ops(p, key, values)

    monkeypatch.setattr(RedisStorage, "_hash_ops", staticmethod(meanwhile))
    try:
        with pytest.raises(StorageError, match="lost the write lock during commit"):
            with first.write():
                first.set_meta("by", "first")
        assert second.get_meta("by") == "second"
    finally:
        first.close()
        second.close()


def test_two_processes_creating_one_index_both_open_it(url, prefix, client, monkeypatch):
    """One finds no meta key, then scans the prefix while the other creates the index and
    stores a document: it opens the index instead of calling it foreign."""
    import redis as redis_module

    scan, created = redis_module.Redis.scan_iter, []

    def scan_while_another_creates(self, *args, **kwargs):
        if not created:
            created.append(1)
            with Index(url) as other:
                other.add(Document("a", SOURCE))
        return scan(self, *args, **kwargs)

    monkeypatch.setattr(redis_module.Redis, "scan_iter", scan_while_another_creates)
    with Index(url) as idx:
        assert created and "a" in idx and len(idx) == 1


# --- the command line -----------------------------------------------------------------------

def _feed(tmp_path):
    """The solar story and the bakery story to index; a rewrite, a copy and a new story to filter."""
    base = write_records(tmp_path / "base.jsonl", [{"id": "source", "text": SOURCE, "date": "2024-05-01"},
                                                   {"id": "bakery", "text": UNRELATED}])
    incoming = write_records(tmp_path / "in.jsonl", [{"id": "rewrite", "text": REWRITE},
                                                     {"id": "copy", "text": SOURCE},
                                                     {"id": "fresh", "text": synthetic(7)}])
    return base, incoming


def test_cli_index_filter_stats_on_redis(url, client, prefix, tmp_path):
    base, incoming = _feed(tmp_path)
    ok(run(["index", "add", url, base, "--no-progress"]))
    out = ok(run(["filter", url, incoming, "-q"])).stdout
    assert [(d["id"], d["status"], d["indexed"]) for d in lines(out)] == [
        ("rewrite", "partial", False), ("copy", "duplicate", False), ("fresh", "new", True)]
    stats = json.loads(ok(run(["index", "stats", url, "--json"])).stdout)
    assert stats["backend"] == "redis" and stats["documents"] == 3
    ok(run(["index", "remove", url, "fresh"]))
    assert assert_consistent(client, prefix) == ["source", "bakery"]
    client.set(f"{prefix}-other:x", "1")
    r = run(["index", "stats", url.replace(prefix, prefix + "-other")])
    assert r.exit_code == 2 and "not a dedup index" in r.stderr and "Traceback" not in r.stderr


def test_serve_on_redis(url):
    with Index(url) as idx:
        idx.add(Document("source", SOURCE))
    s = Server(url)
    try:
        status, body = s.request("POST", "/documents", {"id": "copy", "text": SOURCE})
        assert status == 200 and body["status"] == "duplicate" and not body["indexed"]
        status, body = s.request("POST", "/documents", {"id": "bakery", "text": UNRELATED})
        assert status == 201 and body["indexed"]
        assert s.request("GET", "/healthz")[1] == {"status": "ok", "documents": 2}
    finally:
        assert s.stop() == 0


def test_filter_no_add_jobs_and_serve_workers_on_redis(url, tmp_path):
    """``filter --no-add --jobs 2`` and ``serve --workers 2``: each worker process opens its
    own Redis connection; the decisions are those of one process."""
    base, incoming = _feed(tmp_path)
    ok(run(["index", "add", url, base, "--no-progress"]))
    one = ok(run(["filter", url, incoming, "--no-add", "-q"])).stdout
    assert ok(run(["filter", url, incoming, "--no-add", "-q", "--jobs", "2"])).stdout == one
    s = Server(url, "--workers", "2")
    try:
        for d in lines(one):
            doc = {"id": d["id"], "text": {"rewrite": REWRITE, "copy": SOURCE, "fresh": synthetic(7)}[d["id"]]}
            status, body = s.request("POST", "/check", doc)
            assert status == 200 and {**body, "line": d["line"]} == d
        status, body = s.request("POST", "/documents", {"id": "fresh", "text": synthetic(7)})
        assert status == 201 and body["indexed"]
        assert s.request("GET", "/healthz")[1] == {"status": "ok", "documents": 3}
    finally:
        assert s.stop() == 0


def test_term_vectors_are_the_same_as_sqlite(idx, tmp_path):
    from conftest import REWRITE, SOURCE, UNRELATED
    with Index(tmp_path / "s.dedup") as lite:
        for k, text in enumerate([SOURCE, UNRELATED, REWRITE]):
            idx.add(Document(f"d{k}", text))
            lite.add(Document(f"d{k}", text))
        idx.remove("d1")
        lite.remove("d1")

        def vectors(tv):
            return [{tv.terms[c]: (int(n), int(tv.unit_df[c])) for c, n in
                     zip(tv.cols[tv.indptr[k]:tv.indptr[k + 1]], tv.tf[tv.indptr[k]:tv.indptr[k + 1]])}
                    for k in range(len(tv.rowids))]
        got, want = vectors(idx.storage.term_vectors([1, 2, 3])), vectors(lite.storage.term_vectors([1, 2, 3]))
        assert len(got) == 2 and got == want


def test_a_check_inside_a_session_sees_the_documents_added_in_it(idx):
    from conftest import SOURCE
    with idx.session():
        idx.add(Document("a", SOURCE))
        d = idx.check(Document("b", SOURCE))  # the added document is still buffered
        assert (d.status, d.parent) == ("duplicate", "a")
        assert idx.storage.term_vectors([1]).rowids == [1]


def test_serve_reads_answer_while_a_write_waits_for_the_lock(url, client, prefix):
    Index(url).close()
    client.set(f"{prefix}:lock", "another writer", px=4000)  # held for 4 s, then expires
    s = Server(url)
    try:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(s.request, "POST", "/documents", {"id": "fresh", "text": synthetic(3)})
            time.sleep(0.3)
            started = time.monotonic()
            assert s.request("GET", "/healthz") == (200, {"status": "ok", "documents": 0})
            assert s.request("POST", "/check", {"id": "x", "text": SOURCE})[0] == 200
            assert time.monotonic() - started < 2 and not waiting.done()
            assert waiting.result(timeout=30)[0] == 201  # once the other's lock expired
    finally:
        s.stop()


# --- a hand-edited or damaged index: what each command says (the fuzz's sites) ----------------

def _doc_key(client, prefix, doc_id):
    return f"{prefix}:doc:{int(client.hget(f'{prefix}:ids', doc_id))}"


# (what changes one stored value, what `dedup index verify` then names)
REDIS_EDITS = [
    (lambda c, P: c.hset(f"{P}:meta", "options", "-1"), "meta options"),
    (lambda c, P: c.hset(f"{P}:meta", "options", b"\xff\xff"), "meta options"),
    (lambda c, P: c.hset(f"{P}:meta", "documents", str(2**70)), "meta documents"),
    (lambda c, P: c.hset(f"{P}:meta", "sentences", str(2**70)), "meta sentences"),
    (lambda c, P: c.hset(f"{P}:ids", b"\xff\xfe", "1"), "ids"),
    (lambda c, P: c.hset(_doc_key(c, P, "source"), "id", ""), "doc.id"),
    (lambda c, P: c.hset(_doc_key(c, P, "source"), "id", b"\xff"), "doc.id"),
    (lambda c, P: c.hdel(_doc_key(c, P, "source"), "id"), "doc.id"),
    (lambda c, P: c.hset(_doc_key(c, P, "source"), "date", "garbage"), "doc.date"),
    (lambda c, P: c.hset(f"{P}:terms", mapping={t: f"{2**70} {2**70}" for t in c.hkeys(f"{P}:terms")}), "terms"),
    (lambda c, P: c.zadd(f"{P}:time", {b"\xff\xfe": 0}), "time"),
    (lambda c, P: c.set(f"{P}:next", "1"), "next is 1, below the highest stored rowid 2"),
    (lambda c, P: c.delete(f"{P}:terms") and c.set(f"{P}:terms", "x"), "terms keys of the wrong Redis type"),
]


@pytest.mark.parametrize("edit,named", REDIS_EDITS)
def test_a_redis_index_with_hand_edited_values_is_one_line_naming_the_damage(url, client, prefix, tmp_path,
                                                                             edit, named):
    """As for SQLite (test_filter_cli): values of a type or range no dedup writes were
    tracebacks (AttributeError, OverflowError, UnicodeDecodeError, TypeError, ValueError)
    found by editing one stored value at a time; each command now says in one line, exit 2,
    that the index is damaged or corrupt, and `dedup index verify` names what."""
    base, incoming = _feed(tmp_path)
    ok(run(["index", "add", url, base, "--no-progress"]))
    assert ok(run(["index", "verify", url])).stdout == "ok\n"
    edit(client, prefix)
    r = run(["index", "verify", url])
    assert r.exit_code == 2 and named in r.output and "Traceback" not in r.output, r.output
    for args in (["index", "stats", url], ["filter", url, incoming, "--no-add"], ["filter", url, incoming],
                 ["index", "remove", url, "source"], ["index", "evict", url, "--keep", "1d"],
                 ["index", "add", url, incoming, "--skip-existing"]):
        r = run(args)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        if r.exit_code:
            assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1, (args, r.stderr)
            assert "damaged" in r.stderr or "corrupt" in r.stderr, (args, r.stderr)


def test_verify_reads_a_whole_redis_index_and_ignores_other_prefixes_keys(url, client, prefix):
    with Index(url) as idx:
        idx.add(Document("source", SOURCE, date="2024-05-01"))
        idx.add(Document("bakery", UNRELATED))
        assert idx.problems() == []
    client.set(f"{prefix}:doc:x", "another prefix's key")  # (prefix 'P:doc' would write it)
    client.set(f"{prefix}:other", "1")
    assert ok(run(["index", "verify", url])).stdout == "ok\n"
    client.hset(f"{prefix}:doc:1", "tf", b"not zlib")
    client.hset(f"{prefix}:doc:2", "sentences", "-1")
    with Index(url, create=False) as idx:
        assert idx.problems() == ["doc.sentences: 1 value(s) of the wrong type or range",
                                  "doc.tf: 1 value(s) of the wrong type or range"]


def test_the_default_host_url_is_shown_as_given():
    """`redis://` (the default host and port) was shown as `redis:/0...` and refused by the
    client as a URL without a scheme."""
    client, prefix, shown = split_url("redis://")
    assert (client, prefix, shown) == ("redis://", "dedup", "redis:///0?prefix=dedup")
    assert split_url("redis:///2?prefix=n")[2] == "redis:///2?prefix=n"
    assert split_url("redis://?db=1")[:2] == ("redis://?db=1", "dedup")


def test_a_damage_message_hides_the_password():
    from dedup.storage import shown_location

    assert shown_location("redis://:secret@h:1/0?prefix=n") == "redis://***@h:1/0?prefix=n"
    assert "secret" not in shown_location("redis://:secret@h:x/0")  # (a URL that does not parse)
    assert shown_location("news.dedup") == "news.dedup"


@pytest.fixture
def user(client, prefix):
    """A Redis user of this test's own, with the password ``s3cret``, removed after it."""
    name = "u" + prefix
    client.acl_setuser(name, enabled=True, passwords=["+s3cret"], keys=["*"], channels=["*"],
                       commands=["+@all"])
    yield name
    client.acl_deluser(name)


def test_cli_messages_hide_the_password(redis_port, user, prefix, tmp_path):
    """`index add`'s count line, `index export`'s count line, `serve`'s address line and the
    errors of a URL refused before it is split showed the password as given."""
    url = f"redis://{user}:s3cret@127.0.0.1:{redis_port}/0?prefix={prefix}"
    base, _ = _feed(tmp_path)
    r = ok(run(["index", "add", url, base, "--no-progress"]))
    assert f"to redis://***@127.0.0.1:{redis_port}/0?prefix={prefix}" in r.stderr
    r = ok(run(["index", "export", url]))  # (refused until it exported Redis indexes)
    assert "***@" in r.stderr and "s3cret" not in r.stderr, r.stderr
    for args in (["index", "stats", url + "&prefix=again"],
                 ["index", "stats", url + "&prefix=a*b"],
                 ["index", "stats", f"redis://{user}:s3cret@127.0.0.1:99999/0"]):
        r = run(args)
        assert r.exit_code == 2 and "***@" in r.stderr and "s3cret" not in r.output, (args, r.output)
    s = subprocess.Popen([sys.executable, "-m", "dedup", "serve", url, "--port", "0"],
                         stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env(), text=True)
    try:
        line = s.stderr.readline()
    finally:
        s.terminate()
        s.communicate(timeout=20)
    assert line.startswith(f"dedup: serving redis://***@127.0.0.1:{redis_port}/0?prefix={prefix} on "), line


def test_writes_queued_on_one_client_fail_within_the_timeout(url, client, prefix):
    """Threads writing through one Index (a server's) take turns: with another process's lock
    held, the second waited for the first's whole timeout before its own (N x the timeout for
    the last of N).  The timeout counts from the call."""
    from concurrent.futures import ThreadPoolExecutor

    Index(url).close()
    client.set(f"{prefix}:lock", "another writer", px=20_000)
    with Index(url, timeout=1) as idx:
        def timed(k):
            started = time.monotonic()
            with pytest.raises(IndexBusyError):
                idx.add(Document(f"w{k}", synthetic(k)))
            return time.monotonic() - started

        with ThreadPoolExecutor(3) as pool:
            took = sorted(pool.map(timed, range(3)))
    client.delete(f"{prefix}:lock")
    assert 0.8 < took[0] and took[-1] < 1.8, took  # 1, 2 and 3 s before


# --- the index vanishing under an open Index ------------------------------------------------

@pytest.mark.parametrize("how", ["deleted", "flushed"])
def test_a_writer_does_not_go_on_into_an_index_that_vanished(redis_port, prefix, how):
    """The server restarted without persistence (or the database was flushed, the keys
    deleted or evicted) while an Index was open: its next write is an error that writes
    nothing.  It went on storing documents (``indexed: true``) under a prefix without a
    meta hash, which no Index could open again ('not a dedup index')."""
    url = f"redis://127.0.0.1:{redis_port}/7?prefix={prefix}"  # (db 7: flushed here)
    c = redis.Redis(port=redis_port, db=7)
    try:
        with Index(url) as idx:
            assert idx.check_and_add(Document("a", SOURCE)).indexed
            if how == "flushed":
                c.flushdb()
            else:
                c.delete(*keys_of(c, prefix))
            with pytest.raises(StorageError, match="index is gone") as e:
                idx.check_and_add(Document("b", UNRELATED))
            assert "\n" not in str(e.value)
            with pytest.raises(StorageError, match="index is gone"):
                idx.add(Document("c", UNRELATED))
            assert set(keys_of(c, prefix)) <= {f"{prefix}:fence", f"{prefix}:next"}  # no document
            assert c.get(f"{prefix}:lock") is None
        with Index(url) as again:  # an index can be created there again
            assert len(again) == 0
            again.add(Document("b", UNRELATED))
        assert assert_consistent(c, prefix) == ["b"]
    finally:
        c.flushdb()
        c.close()


def test_a_check_against_an_index_that_vanished_is_an_error_not_new(redis_port, prefix, tmp_path):
    """Reads did not look: after the keys were gone (a server restarted without persistence,
    a flushed database), every check answered ``new`` against the empty database, so
    ``dedup filter --no-add`` and ``POST /check`` let copies through as new articles."""
    url = f"redis://127.0.0.1:{redis_port}/6?prefix={prefix}"  # (db 6: flushed here)
    c = redis.Redis(port=redis_port, db=6)
    try:
        with Index(url) as idx:
            idx.add(Document("a", SOURCE))
            assert idx.check(Document("copy", SOURCE)).status == "duplicate"
            incoming = tmp_path / "in.jsonl"
            incoming.write_text(json.dumps({"id": "copy", "text": SOURCE}) + "\n", encoding="utf-8")
            assert '"status": "duplicate"' in ok(run(["filter", url, incoming, "--no-add", "-q"])).stdout
            c.flushdb()
            with pytest.raises(StorageError, match="index is gone"):
                idx.check(Document("copy", SOURCE))
            with pytest.raises(StorageError, match="index is gone"):
                list(idx.check_many([Document("copy", SOURCE)]))
        r = run(["filter", url, incoming, "--no-add", "-q"])  # opened after: not a dedup index yet
        assert r.exit_code == 2 and '"status": "new"' not in r.stdout, r.output
    finally:
        c.flushdb()
        c.close()


def test_a_writer_does_not_go_on_into_another_index_made_where_its_was(url, client, prefix):
    """The index deleted and another made under the same prefix (other options) while an
    Index was open: its writes are refused, as an SQLite index file replaced under an open
    one (they went into the new index, sketched with the old options)."""
    with Index(url) as idx:
        idx.add(Document("a", SOURCE))
        client.delete(*keys_of(client, prefix))
        with Index(url, changes={"num_perm": 64, "lsh_bands": 16}) as other:
            other.add(Document("x", UNRELATED))
        with pytest.raises(StorageError, match="replaced") as e:
            idx.check_and_add(Document("b", UNRELATED))
        assert "\n" not in str(e.value)
        with pytest.raises(StorageError, match="replaced"):
            idx.storage.ensure_present()
    assert assert_consistent(client, prefix) == ["x"]


def test_healthz_is_500_once_the_redis_index_is_gone(url, client, prefix):
    """As for an SQLite index file removed under the server (it said ok, 0 documents)."""
    with Index(url) as idx:
        idx.add(Document("source", SOURCE))
    s = Server(url)
    try:
        assert s.request("GET", "/healthz") == (200, {"status": "ok", "documents": 1})
        client.delete(*keys_of(client, prefix))
        status, body = s.request("GET", "/healthz")
        assert status == 500 and "index is gone" in body["error"], (status, body)
        status, body = s.request("POST", "/documents", {"id": "b", "text": UNRELATED})
        assert status == 500 and "index is gone" in body["error"], (status, body)
        assert keys_of(client, prefix) == [f"{prefix}:fence"]  # (taken by the refused write)
    finally:
        assert s.stop() == 0
    assert "Traceback" not in "".join(s.err)


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own (to stop or kill): ``(port, process)``."""
    port, proc = start_redis(tmp_path)
    yield port, proc
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGCONT)
        proc.kill()
    proc.wait()


def test_a_connection_lost_during_the_commit_does_not_claim_nothing_was_written(own_redis, prefix,
                                                                                  monkeypatch):
    """The server stalls (here: SIGSTOP) while the commit's MULTI/EXEC is on its way, past
    the client's socket timeout, then goes on and applies it.  The error said 'lost the
    write lock ... another writer took it; nothing written' (redis-py turns a connection
    error under WATCH into a WatchError), while the document was stored."""
    import threading

    from dedup.redis_storage import RedisStorage

    port, proc = own_redis
    url = f"redis://127.0.0.1:{port}/0?prefix={prefix}"
    hash_ops, stalled = RedisStorage._hash_ops, []

    def stall(p, key, values):
        if not stalled:
            stalled.append(threading.Timer(6, os.kill, (proc.pid, signal.SIGCONT)))
            os.kill(proc.pid, signal.SIGSTOP)
            stalled[0].start()
        hash_ops(p, key, values)

    with Index(url, timeout=1) as idx:  # (a socket timeout of 5 s)
        monkeypatch.setattr(RedisStorage, "_hash_ops", staticmethod(stall))
        with pytest.raises(StorageError) as e:
            idx.check_and_add(Document("a", SOURCE))
        stalled[0].join()
        message = str(e.value)
        assert "nothing written" not in message and "another writer" not in message, message
        assert "connection" in message and "may or may not" in message, message
        assert "\n" not in message
        monkeypatch.undo()
        deadline = time.time() + 10
        while "a" not in idx and time.time() < deadline:  # (applied once the server went on)
            time.sleep(0.1)
        assert "a" in idx


@pytest.mark.parametrize("location", [
    "redis://:s3cr/etx@127.0.0.1:{port}/0?prefix=p",   # a '/' in the password, as typed
    "redis://:1234/5678@127.0.0.1:{port}/0?prefix=p",  # ... parsed as port 1234 and db '5678@...'
    "redis://:1234?5678@127.0.0.1:{port}/0?prefix=p",  # a '?'
    "redis://:1234#5678@127.0.0.1:{port}/0?prefix=p",  # a '#'
    "redis://us:1234#5678@127.0.0.1:{port}/0",
    "redis://:s3cr?etx=1@127.0.0.1:{port}/0?prefix=p",  # a '?' then '=': the '@' in a query value
    "redis://us:s3cr?etx=1@127.0.0.1:{port}/0",
    "redis://:1234?etx=5678@127.0.0.1:{port}/0?prefix=p",  # ... its start a port that is a number
])
def test_a_password_holding_a_url_delimiter_is_never_shown(redis_port, location):
    """A password with an unencoded '/', '?' or '#' splits the URL before its '@': the
    message showed the password (or a part of it, as a port or a query key), and the
    client connected to another host (localhost:1234).  It is a bad Redis URL, shown
    with everything before the last '@' hidden."""
    location = location.format(port=redis_port)
    r = run(["index", "add", location, "/dev/null"])
    assert r.exit_code == 2 and r.output.count("\n") == 1, r.output
    for part in ("s3cr", "etx", "1234", "5678"):
        assert part not in r.output, r.output
    assert "bad Redis URL" in r.output and "***@127.0.0.1" in r.output, r.output


@pytest.mark.parametrize("path", ["/abc", "/1x", "/0/1", "/-1x", "/1?db=2&"])
def test_a_database_that_is_not_a_number_is_a_bad_url(redis_port, client, prefix, path, tmp_path):
    """The client read '/abc' and '/1x' as no database (so db 0) and '/0/1' as db 1, while
    messages showed the path as given: an index went to another database than the one
    named.  (A ``db`` query parameter that says otherwise than the path too.)"""
    location = f"redis://127.0.0.1:{redis_port}{path}{'&' if '?' in path else '?'}prefix={prefix}"
    r = run(["index", "add", location, write_records(tmp_path / "a.jsonl", [{"id": "a", "text": SOURCE}])])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "bad Redis URL" in r.output, r.output
    for db in (0, 1):
        with redis.Redis(port=redis_port, db=db) as c:
            assert keys_of(c, prefix) == []


def test_a_db_query_parameter_is_the_database_shown(redis_port, prefix):
    r = run(["index", "stats", f"redis://127.0.0.1:{redis_port}?db=3&prefix={prefix}"])
    assert r.exit_code == 2 and f"redis://127.0.0.1:{redis_port}/3?prefix={prefix}: no such index" in r.output, r.output
    r = run(["index", "stats", f"redis://127.0.0.1:{redis_port}/3?db=3&prefix={prefix}"])
    assert r.exit_code == 2 and f"redis://127.0.0.1:{redis_port}/3?prefix={prefix}: no such index" in r.output, r.output


def test_a_server_that_evicts_any_key_at_maxmemory_is_refused(own_redis, prefix, tmp_path):
    """With maxmemory and an allkeys-* policy, Redis drops keys of the index when full
    (band sets, documents, the counter of rowids, the meta hash), with no error: a load
    went on and ended with an index that no longer opened.  Such a server is refused
    when the index is opened; noeviction (the default) and volatile-* (only keys with an
    expiry: the lock's, which the fence covers) are taken."""
    port, _ = own_redis
    url = f"redis://127.0.0.1:{port}/0?prefix={prefix}"
    with redis.Redis(port=port) as c:
        c.config_set("maxmemory", str(3 * 2**20))
        c.config_set("maxmemory-policy", "allkeys-lru")
        source = write_records(tmp_path / "a.jsonl", [{"id": f"d{k}", "text": synthetic(k, 8)} for k in range(1500)])
        r = run(["index", "add", url, source, "--batch-size", "20", "--no-progress"])
        assert r.exit_code == 2 and r.output.count("\n") == 1, r.output
        assert "maxmemory-policy" in r.output and "allkeys-lru" in r.output, r.output
        assert keys_of(c, prefix) == []
        c.config_set("maxmemory-policy", "volatile-lru")
        with Index(url) as idx:
            idx.add(Document("a", SOURCE))
        c.config_set("maxmemory-policy", "allkeys-lfu")
        with pytest.raises(StorageError, match="maxmemory-policy"):
            Index(url)
        c.config_set("maxmemory", "0")  # no limit: nothing is evicted
        with Index(url) as idx:
            assert "a" in idx


def test_two_processes_creating_one_index_at_once_both_open_it(url, prefix, client, monkeypatch):
    """Both find no meta hash; the other creates the index while this one waits for the
    write lock to create it: this one's (empty) creating transaction commits and it opens
    the other's index."""
    from dedup.redis_storage import RedisStorage

    acquire, created = RedisStorage._acquire, []

    def another_creates_first(self, deadline):
        if not created:
            created.append(1)
            with Index(url) as other:
                other.add(Document("a", SOURCE))
        return acquire(self, deadline)

    monkeypatch.setattr(RedisStorage, "_acquire", another_creates_first)
    with Index(url) as idx:
        assert created and "a" in idx and len(idx) == 1
        idx.add(Document("b", UNRELATED))
    assert assert_consistent(client, prefix) == ["a", "b"]


def test_option_errors_hide_the_password(redis_port, user, client, prefix, tmp_path):
    """OptionsMismatchError named Index.location, the URL as given: the password showed in
    'the index was built with ...' and 'unreadable stored options' (now: damaged index)."""
    from dedup.index import OptionsMismatchError

    url = f"redis://{user}:s3cret@127.0.0.1:{redis_port}/0?prefix={prefix}"
    base, incoming = _feed(tmp_path)
    ok(run(["index", "add", url, base, "--no-progress"]))
    r = run(["filter", url, incoming, "--set", "num_perm=64", "--set", "lsh_bands=16"])
    assert r.exit_code == 2 and "built with num_perm=256" in r.output, r.output
    with pytest.raises(OptionsMismatchError, match="built with") as e:
        Index(url, changes={"num_perm": 64, "lsh_bands": 16})
    assert "s3cret" not in r.output and "s3cret" not in str(e.value), (r.output, str(e.value))
    client.hset(f"{prefix}:meta", "options", '{"num_perm": "x"}')
    r = run(["index", "stats", url])
    assert r.exit_code == 2 and "damaged dedup index: meta options" in r.output, r.output
    assert "s3cret" not in r.output, r.output


def test_an_index_whose_prefix_extends_another_s_does_not_hide_it(redis_port, client, prefix):
    """Indexes 'P:eu' and 'P' in one database (a prefix may hold ':'): 'P' was refused as
    'not a dedup index' when 'P:eu' was made first (its keys are under 'P:').  Another
    application's key under 'P:' still is."""
    eu = f"redis://127.0.0.1:{redis_port}/0?prefix={prefix}:eu"
    with Index(eu) as idx:
        idx.add(Document("a", SOURCE))
    with Index(f"redis://127.0.0.1:{redis_port}/0?prefix={prefix}") as idx:
        assert len(idx) == 0
        idx.add(Document("b", UNRELATED))
        assert idx.problems() == []
    assert assert_consistent(client, prefix) == ["b"] and assert_consistent(client, f"{prefix}:eu") == ["a"]
    client.set(f"{prefix}x:eu:data", "1")
    client.set(f"{prefix}x:eu:meta", "not a hash")
    with pytest.raises(NotAnIndexError, match="not a dedup index"):
        Index(f"redis://127.0.0.1:{redis_port}/0?prefix={prefix}x")


def test_index_export_of_a_redis_index_loads_into_sqlite(url, tmp_path):
    """`dedup index export` read SQLite files only ("export reads SQLite index files"): a
    Redis index had no way out.  It now writes the same records as for an SQLite index of
    the same documents (ingest times aside), in the order they were added, and `index add`
    reads them back."""
    base, incoming = _feed(tmp_path)
    ok(run(["index", "add", url, base, "--no-progress"]))
    ok(run(["index", "add", url, incoming, "--no-progress"]))
    r = ok(run(["index", "export", url, "-o", tmp_path / "out.jsonl"]))
    assert r.stderr == f"dedup: exported 5 documents from {split_url(url)[2]}\n"
    got = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    sqlite = tmp_path / "same.dedup"
    ok(run(["index", "add", sqlite, base, incoming, "--no-progress"]))
    want = [json.loads(line) for line in ok(run(["index", "export", sqlite, "-q"])).stdout.splitlines()]
    assert [{k: v for k, v in rec.items() if k != "ingested"} for rec in got] == \
        [{k: v for k, v in rec.items() if k != "ingested"} for rec in want]
    assert [list(rec) for rec in got] == [list(rec) for rec in want]
    moved = tmp_path / "moved.dedup"
    ok(run(["index", "add", moved, tmp_path / "out.jsonl", "--no-progress"]))
    with Index(moved, create=False) as idx:
        assert len(idx) == 5 and idx.storage.get("source").date == "2024-05-01"


def test_recheck_decides_a_stored_document_again(url):
    sqlite_tests.check_recheck(url)


def test_index_export_of_a_damaged_redis_document_is_worded_as_for_sqlite(url, client, prefix, tmp_path):
    """A Redis document whose text does not read was "corrupt document ..." alone, where
    an SQLite export says "damaged dedup index: ..."."""
    with Index(url) as idx:
        idx.add(Document("d0", SOURCE))
        idx.add(Document("d1", UNRELATED))
    (key,) = [k for k in keys_of(client, prefix) if k.endswith(":doc:2")]
    client.hset(key, "text", b"garbage")
    r = run(["index", "export", url, "-o", tmp_path / "out.jsonl"])
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert ": damaged dedup index: " in r.stderr and "corrupt document 'd1'" in r.stderr, r.stderr


def test_serve_answers_503_with_retry_after_while_redis_is_down(tmp_path):
    """A reviewer's: with the Redis server gone, the service answered 500, as for a bug or a
    damaged index; an outage passes, so 503 with Retry-After, as for a busy index."""
    port, proc = start_redis(tmp_path)
    url = f"redis://127.0.0.1:{port}/0?prefix=down"
    try:
        with Index(url) as idx:
            idx.add(Document("source", SOURCE))
        s = Server(url)
        try:
            assert s.request("GET", "/healthz")[0] == 200
            proc.terminate()
            proc.wait(timeout=20)
            for method, path, body in (("POST", "/check", {"id": "c", "text": SOURCE}),
                                       ("POST", "/documents", {"id": "d", "text": UNRELATED}),
                                       ("GET", "/healthz", None)):
                status, answer = s.request(method, path, body)
                assert status == 503 and "cannot reach Redis" in answer["error"], (path, status, answer)
                assert s.headers.get("Retry-After") == "5", (path, s.headers)
        finally:
            s.stop()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
