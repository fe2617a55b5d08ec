"""Arrays held in a temporary file instead of memory, read back a slice at a time.

The batch stages read their largest array, every document's term ids (4 bytes per term
occurrence: ~2 GB at a million articles), a range of documents at a time, in order, and
single documents in the story stage.  :class:`DiskArray` keeps such an array in an
anonymous temporary file (``tempfile.TemporaryFile``: in ``$TMPDIR``, removed when the
object goes); a slice is read with ``os.preadv`` into a new array.  The operating system's
page cache keeps recently read parts fast, and can drop them under memory pressure, which
a process's own memory cannot.  Forked workers read the same file (reads name their offset,
so they never move a shared file position).

>>> a = DiskArray(np.int32)
>>> a.append(np.arange(5))
>>> a.append([7, 8])
>>> len(a), a[3:6].tolist(), int(a[-1])
(7, [3, 4, 7], 8)
"""
from __future__ import annotations

import os
import tempfile

import numpy as np

_MAX_IO = 1 << 30  # bytes per read or write call (Linux moves at most ~2 GiB per call)


class DiskArray:
    """A one-dimensional array of ``dtype``, appended to and read by slices (step 1)."""

    def __init__(self, dtype):
        self.dtype = np.dtype(dtype)
        self._file = tempfile.TemporaryFile(prefix="dedup-array-")
        self._len = 0

    def append(self, values) -> None:
        """Add ``values`` (anything ``np.asarray`` takes, cast to ``dtype``) at the end."""
        arr = np.ascontiguousarray(values, dtype=self.dtype).ravel()
        view = memoryview(arr).cast("B")
        at = self._len * self.dtype.itemsize
        for a in range(0, len(view), _MAX_IO):
            part = view[a:a + _MAX_IO]
            done = 0
            while done < len(part):
                done += os.pwrite(self._file.fileno(), part[done:], at + a + done)
        self._len += len(arr)

    def __len__(self) -> int:
        return self._len

    @property
    def shape(self) -> tuple[int]:
        return (self._len,)

    @property
    def file_bytes(self) -> int:
        """Bytes on disk (none of them in memory)."""
        return self._len * self.dtype.itemsize

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self._len)
            if step != 1:
                return self[start:stop][::step].copy()
            return self._read(start, max(stop, start))
        i = range(self._len)[int(key)]  # IndexError when out of range
        return self._read(i, i + 1)[0]

    def _read(self, start: int, stop: int) -> np.ndarray:
        out = np.empty(stop - start, dtype=self.dtype)
        view = memoryview(out).cast("B")
        at = start * self.dtype.itemsize
        done = 0
        while done < len(view):
            got = os.preadv(self._file.fileno(), [view[done:done + _MAX_IO]], at + done)
            if got <= 0:  # pragma: no cover - the file was cut short behind our back
                raise OSError(f"short read from a dedup temporary file at byte {at + done}")
            done += got
        return out

    def __array__(self, dtype=None, copy=None):
        """The whole array in memory (for small arrays and tools; the stages read slices)."""
        whole = self[:]
        return whole if dtype is None else whole.astype(dtype)
