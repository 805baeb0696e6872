"""py3langid's class probabilities, the same to the last bit, with its table rows cached.

Language detection was ~13% of an LLM turn's CPU (bench/bench_turn_cpu.py under py-spy: the
question, one preview, the whole draft and each section are ranked, ~8 texts a turn); about a
third of it was py3langid's `_sparse_score`. The model's table is float16, and numpy converts
every gathered row to float32 before the product: most of that step. Converted rows are kept
in a bounded cache (`HOT_ROWS` rows, ~4.6 MB next to the table's 28 MB; a bench turn's texts
missed it 338 times in 115,599 rows): common n-grams are converted once per process. The
conversion is exact and the rows keep py3langid's order (first occurrence in the text), so
the product is the same. The byte walk, encoding, normalisation and aliases are py3langid's
own code. A vectorised walk was tried and withdrawn: below ~600 bytes (every text ranked in a
turn but the whole draft) numpy's per-call cost made it slower than the plain loop.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from py3langid.langid import visit_counts

HOT_ROWS = 8192
"""Converted float32 rows kept: a turn's texts use a few thousand distinct n-grams."""

IntArray = npt.NDArray[np.int64]


class FastScores:
    """`identifier._decide(text)` with its table's converted rows cached."""

    def __init__(self, identifier: Any, hot_rows: int = HOT_ROWS) -> None:
        self._identifier = identifier
        self._hot_rows = hot_rows
        table = identifier.nb_ptc
        self._table = table
        self._slot = np.full(table.shape[0], -1, dtype=np.int64)
        """Each feature's row in `_hot`, or -1."""
        self._hot = np.empty((hot_rows, table.shape[1]), dtype=np.float32)
        self._owner = np.full(hot_rows, -1, dtype=np.int64)
        """The feature each hot row holds (-1: free)."""
        self._next = 0
        """The hot row to fill next (filled in turn: the oldest conversion goes first)."""

    @staticmethod
    def supports(identifier: Any) -> bool:
        """Whether `identifier` has the internals this class reads (py3langid 0.4)."""
        names = ("tk_nextmove", "_rowbase", "tk_output", "nb_ptc", "nb_pc", "_encode")
        return all(hasattr(identifier, n) for n in names)

    def decide(self, text: str) -> npt.NDArray[np.float32]:
        """py3langid's `_decide(text)`: the normalised probability of every class."""
        identifier = self._identifier
        encoded: bytes = identifier._encode(text)
        scores = self._raw_score(encoded)
        if identifier._norm_probs:
            scores *= 1.0 / math.sqrt(len(encoded) or 1)
            np.exp(scores - scores.max(), out=scores)
            scores /= scores.sum()
        for i, j in identifier._alias_pairs:
            if identifier._norm_probs:
                scores[i] += scores[j]
                scores[j] = 0.0
            else:
                scores[i] = max(scores[i], scores[j])
                scores[j] = np.finfo(np.float32).min
        return scores

    def _raw_score(self, encoded: bytes) -> npt.NDArray[np.float32]:
        found = self.features(encoded)
        if found is None:
            identifier = self._identifier
            fill = 0.0 if identifier._norm_probs else float(np.finfo(np.float32).min)
            return np.full(len(identifier.nb_classes), fill, dtype=np.float32)
        features, counts = found
        weights = np.log1p(counts.astype(np.float32))
        result: npt.NDArray[np.float32] = weights @ self._rows(features) + self._identifier.nb_pc
        return result

    def features(self, encoded: bytes) -> tuple[IntArray, IntArray] | None:
        """The model's features in `encoded` in order of first occurrence, and their counts."""
        identifier = self._identifier
        visits = visit_counts(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, encoded
        )
        if not visits:
            return None
        features = np.fromiter(visits.keys(), dtype=np.int64, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.int64, count=len(visits))
        return features, counts

    def _rows(self, features: IntArray) -> npt.NDArray[np.float32]:
        """The table's rows of `features` as float32 (converted once, then cached)."""
        slots = self._slot[features]
        missing = np.flatnonzero(slots < 0)
        if not missing.size:
            hot: npt.NDArray[np.float32] = self._hot[slots]
            return hot
        if missing.size > self._hot_rows // 2:  # a huge text: convert it alone, keep the cache
            converted: npt.NDArray[np.float32] = self._table[features].astype(np.float32)
            return converted
        slots[missing] = 0
        rows: npt.NDArray[np.float32] = self._hot[slots]
        new = features[missing]
        rows[missing] = self._table[new]
        # then cache the new rows (the rows above are copies: evicting one of them is safe)
        free = (self._next + np.arange(new.size)) % self._hot_rows
        self._next = int((self._next + new.size) % self._hot_rows)
        evicted = self._owner[free]
        self._slot[evicted[evicted >= 0]] = -1
        self._hot[free] = rows[missing]
        self._owner[free] = new
        self._slot[new] = free
        return rows
