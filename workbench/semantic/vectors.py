"""Vectors in the store and nearest neighbours among them.

Stored as float16 (768 bytes for 384 dimensions; the similarity of unit vectors changes by
less than 0.001). Searched exactly, as a NumPy matrix kept in float16 and compared a block at
a time in float32: at 1,000,000 sentences that is 768 MB and one matrix product per block, fast
enough for a source's paragraphs at once (see ``benchmarks/bench_semantic.py``) without an
approximate index whose recall would have to be measured again on every store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

#: Rows compared per block: bounds the float32 copy at 96 MiB for 384 dimensions.
BLOCK = 1 << 16


def pack(vectors: np.ndarray) -> list[bytes]:
    """Each row as little-endian float16 bytes."""
    half = np.ascontiguousarray(vectors, dtype="<f2")
    return [row.tobytes() for row in half]


def unpack(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """Rows packed by ``pack`` as one float16 matrix (``len(blobs)`` × ``dim``)."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float16)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), dim)


def gather(rows: Iterable[tuple[int, bytes]], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """(ids, float16 matrix) of (id, packed vector) rows, filled in place: no list of a million blobs on the way.

    ``dim`` is the width when there are no rows; otherwise the first vector's says it.
    """
    ids: list[int] = []
    matrix = np.empty((0, dim), dtype="<f2")
    for at, (item_id, blob) in enumerate(rows):
        if at == len(matrix):
            width = len(blob) // 2 if at == 0 else matrix.shape[1]
            grown = np.empty((max(1024, 2 * len(matrix)), width), dtype="<f2")
            grown[:at] = matrix[:at]
            matrix = grown
        matrix[at] = np.frombuffer(blob, dtype="<f2")
        ids.append(item_id)
    return np.array(ids, dtype=np.int64), matrix[: len(ids)].copy()


class Index:
    """Exact nearest neighbours by cosine similarity among rows, each labelled by an id (ids may repeat).

    A claim is known by several wordings (its text, its quotes, its sources' headlines): each is
    a row labelled with the claim's id, and a search gives each id once, at its best row.
    """

    def __init__(self, ids: np.ndarray, matrix: np.ndarray) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.matrix = np.asarray(matrix, dtype=np.float16)
        # rows grouped by id, for each id's best row (``np.maximum.reduceat`` over the groups)
        self._order = np.argsort(self.ids, kind="stable")
        grouped = self.ids[self._order]
        self._starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if len(grouped) else grouped
        self._labels = grouped[self._starts] if len(grouped) else grouped
        self._repeated = len(self._labels) < len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def similarities(self, queries: np.ndarray) -> np.ndarray:
        """Cosine similarity of every query (rows) with every row of the index (columns)."""
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.matrix.shape[1] if len(self) else 1)
        out = np.empty((len(queries), len(self)), dtype=np.float32)
        for at in range(0, len(self), BLOCK):
            block = self.matrix[at : at + BLOCK].astype(np.float32)
            out[:, at : at + len(block)] = queries @ block.T
        return out

    def search(self, queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """The ``k`` best distinct ids for each query, best first, with their similarity."""
        if not len(self) or k <= 0:
            return [[] for _ in range(len(np.atleast_2d(queries)))]
        scores = self.similarities(queries)
        labels = self.ids
        if self._repeated:  # each id at its best row: one widely reworded claim does not crowd out the rest
            scores = np.maximum.reduceat(scores[:, self._order], self._starts, axis=1)
            labels = self._labels
        take = min(len(labels), k)
        found: list[list[tuple[int, float]]] = []
        for row in scores:
            best = np.argpartition(-row, take - 1)[:take] if take < len(row) else np.arange(len(row))
            best = best[np.argsort(-row[best], kind="stable")]
            found.append([(int(labels[at]), float(row[at])) for at in best])
        return found
