"""dedup.termvec: the compact term vectors an index stores per document."""
from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedup import termvec


@given(st.lists(st.integers(min_value=0, max_value=2 ** 63 - 1), max_size=60))
def test_varints_round_trip(values):
    out = termvec.varint_decode(termvec.varint_encode(np.array(values, dtype=np.uint64)))
    assert out.tolist() == values


def test_varint_sizes_are_leb128():
    assert termvec.varint_encode(np.array([0, 127, 128, 16383, 16384])) == \
        bytes([0, 127, 0x80, 1, 0xFF, 0x7F, 0x80, 0x80, 1])


@given(st.dictionaries(st.integers(min_value=0, max_value=10 ** 9), st.integers(min_value=1, max_value=10 ** 6),
                       max_size=300))
def test_term_vectors_round_trip_sorted(tf):
    ids, counts = termvec.decode(termvec.encode(np.array(list(tf), dtype=np.int64),
                                                np.array(list(tf.values()), dtype=np.int64)))
    assert ids.tolist() == sorted(tf) and counts.tolist() == [tf[i] for i in sorted(tf)]


def test_a_typical_document_costs_under_two_bytes_a_term():
    rng = np.random.default_rng(3)
    ids = np.unique(rng.zipf(1.3, 400) % 100_000)
    blob = termvec.encode(ids, np.ones(len(ids), dtype=np.int64))
    assert len(blob) < 2 * len(ids)


@pytest.mark.parametrize("blob", [b"", b"not zlib", zlib.compress(b"\x05\x01"), zlib.compress(b"\x81"),
                                  zlib.compress(b"\x01\x02")])
def test_a_blob_that_does_not_decode_is_a_value_error(blob):
    with pytest.raises(ValueError):
        termvec.decode(blob)


def test_bad_vectors_are_refused():
    with pytest.raises(ValueError, match="distinct"):
        termvec.encode(np.array([3, 3]), np.array([1, 1]))
    with pytest.raises(ValueError, match="counts positive"):
        termvec.encode(np.array([3, 4]), np.array([1, 0]))
    with pytest.raises(ValueError, match="differ"):
        termvec.encode(np.array([3, 4]), np.array([1]))


def test_many_vectors_decode_as_each_alone():
    rng = np.random.default_rng(7)
    blobs = []
    for _ in range(40):
        ids = np.unique(rng.integers(0, 2 ** int(rng.integers(1, 40)), size=int(rng.integers(0, 30))))
        blobs.append(termvec.encode(ids, rng.integers(1, 1000, size=len(ids))))
    indptr, ids, counts = termvec.decode_many(blobs)
    assert len(indptr) == len(blobs) + 1
    for k, blob in enumerate(blobs):
        one_ids, one_counts = termvec.decode(blob)
        assert ids[indptr[k]:indptr[k + 1]].tolist() == one_ids.tolist()
        assert counts[indptr[k]:indptr[k + 1]].tolist() == one_counts.tolist()
    assert [a.tolist() for a in termvec.decode_many([])] == [[0], [], []]


@pytest.mark.parametrize("bad", [b"xx", zlib.compress(b""), zlib.compress(b"\x81"), zlib.compress(b"\x05\x01")])
def test_many_vectors_name_the_one_that_does_not_decode(bad):
    good = termvec.encode(np.array([1, 5]), np.array([2, 1]))
    with pytest.raises(ValueError, match="vector 1: not a term vector"):
        termvec.decode_many([good, bad, good])
