"""dedup.spill: an array in a temporary file reads back exactly what was appended."""
from __future__ import annotations

import numpy as np
import pytest

from dedup import parallel, spill
from dedup.spill import DiskArray


def test_slices_and_items_are_the_array_s(monkeypatch):
    monkeypatch.setattr(spill, "_MAX_IO", 12)  # reads and writes cut in many calls
    want = np.random.default_rng(0).integers(-2**31, 2**31, 1000).astype(np.int32)
    a = DiskArray(np.int32)
    for lo in range(0, 1000, 333):
        a.append(want[lo:lo + 333])
    a.append([])
    assert len(a) == 1000 and a.shape == (1000,) and a.file_bytes == 4000
    for s in (slice(None), slice(3, 17), slice(990, 2000), slice(-5, None), slice(10, 3), slice(1, 50, 7)):
        got = a[s]
        assert got.dtype == np.int32 and np.array_equal(got, want[s]), s
    assert a[0] == want[0] and a[-1] == want[-1] and a[np.int64(5)] == want[5]
    with pytest.raises(IndexError):
        a[1000]
    assert np.array_equal(np.asarray(a), want)
    got = a[3:9]
    got[0] = 1  # a new array each time, writable
    assert a[3] == want[3]


def test_values_are_cast_to_the_dtype():
    a = DiskArray(np.uint16)
    a.append(np.array([1, 2, 65535], dtype=np.int64))
    assert a[:].dtype == np.uint16 and a[:].tolist() == [1, 2, 65535]


def _read(k):
    return int(parallel.state()[k])


def test_forked_workers_read_the_same_file():
    a = DiskArray(np.int64)
    a.append(np.arange(100) * 3)
    assert list(parallel.imap(_read, list(range(100)), 2, a)) == [k * 3 for k in range(100)]
