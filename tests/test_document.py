"""dedup.document: CompactDocuments and TextsById give back exactly what was put in."""
from __future__ import annotations

import zlib

import pytest

from dedup import Document
from dedup.document import CompactDocuments

TEXTS = [
    "Storm floods the old town.\n\nRescue teams worked all night.",
    "",
    "Ünïcödé, 中文, العربية, emoji \U0001F600 and a lone surrogate \ud800 and \x00 NUL",
    "x" * 100_000,
]


def _docs():
    return [Document(f"d{k}", t, title=f"t{k}", date="2024-01-0%d" % (k + 1), source="s", url="u",
                     origin=f"f:{k}", meta={"k": k}) for k, t in enumerate(TEXTS)]


@pytest.mark.parametrize("on_disk", [False, True])
def test_round_trip_of_every_field(on_disk):
    docs = _docs()
    store = CompactDocuments(iter(docs), on_disk=on_disk)  # streamed in
    assert len(store) == len(docs)
    assert [store[k] for k in range(len(docs))] == docs
    assert store[1:3] == docs[1:3] and store[-1] == docs[-1]
    for k, d in enumerate(docs):
        assert store.text(k) == d.text
        assert (store.id(k), store.date(k)) == (d.id, d.date)


def test_texts_are_held_compressed():
    store = CompactDocuments([Document("a", "the storm and the flood " * 200)])
    assert len(store.packed(0)) < len("the storm and the flood " * 200) // 10


def test_on_disk_keeps_texts_out_of_memory_and_reads_them_in_any_order(monkeypatch):
    monkeypatch.setattr(CompactDocuments, "FLUSH_BYTES", 64)  # many blocks
    docs = [Document(f"d{k}", f"text {k} " * (k % 7 + 1)) for k in range(200)]
    store = CompactDocuments(iter(docs), on_disk=True)
    assert store._packed == [] and store._file is not None
    assert [store.text(k) for k in reversed(range(200))] == [d.text for d in reversed(docs)]
    assert store.text(-1) == docs[-1].text
    store.append(Document("late", "added after the others"))  # read before a flush
    assert store.text(200) == "added after the others" and store[200].id == "late"


def _text_in_worker(k):
    from dedup import parallel

    return parallel.state().text(k)


def test_on_disk_is_read_by_forked_workers():
    from dedup import parallel

    docs = [Document(f"d{k}", f"text number {k}") for k in range(50)]
    store = CompactDocuments(docs, on_disk=True)
    got = list(parallel.imap(_text_in_worker, list(range(50)), 2, store))
    assert got == [d.text for d in docs]


@pytest.mark.parametrize("on_disk", [False, True])
def test_texts_by_id_is_the_dict_of_texts(on_disk):
    docs = _docs() + [Document("d0", "a later d0")]  # a repeated id maps to its last text
    texts = CompactDocuments(docs, on_disk=on_disk).texts_by_id()
    want = {d.id: d.text for d in docs}
    assert dict(texts) == want and texts == want and len(texts) == len(want)
    with pytest.raises(KeyError):
        texts["missing"]


def test_batch_result_is_the_same_streamed_or_listed():
    from dedup import batch

    docs = [Document("a", "Storm floods the old town. Rescue teams worked all night long."),
            Document("b", "Storm floods the old town. Rescue teams worked all night long."),
            Document("c", "Chip maker reports record revenue in the third quarter.")]
    listed, streamed = batch(docs), batch(iter(docs))
    assert listed.clusters == streamed.clusters
    assert dict(streamed.texts) == listed.texts


@pytest.mark.parametrize("on_disk", [False, True])
def test_stored_bytes_are_only_the_compressed_text_never_a_pickle(on_disk):
    docs = [Document("a", "Storm \udc80 floods the town. " * 20, title="T", origin="f.jsonl:1",
                     meta={"lang": "en"}),
            Document("b", "Plain text, no other field.")]
    store = CompactDocuments(docs, on_disk=on_disk)
    for k, d in enumerate(docs):
        assert zlib.decompress(store.packed(k)) == d.text.encode("utf-8", "surrogatepass")
        assert store[k] == d
    assert store._rest[1] is None  # nothing but the text: nothing pickled for it
