"""dedup.document: CompactDocuments and TextsById give back exactly what was put in."""
from __future__ import annotations

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


def test_round_trip_of_every_field():
    docs = _docs()
    store = CompactDocuments(iter(docs))  # streamed in
    assert len(store) == len(docs)
    assert [store[k] for k in range(len(docs))] == docs
    assert store[1:3] == docs[1:3] and store[-1] == docs[-1]
    for k, d in enumerate(docs):
        assert store.text(k) == d.text
        assert (store.id(k), store.date(k)) == (d.id, d.date)


def test_texts_are_held_compressed():
    store = CompactDocuments([Document("a", "the storm and the flood " * 200)])
    assert len(store._packed[0]) < len("the storm and the flood " * 200) // 10


def test_texts_by_id_is_the_dict_of_texts():
    docs = _docs() + [Document("d0", "a later d0")]  # a repeated id maps to its last text
    texts = CompactDocuments(docs).texts_by_id()
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
