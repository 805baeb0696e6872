"""A linear model of misuse over character n-grams and the lexicon's concepts, learned at load.

Why: the rules only see the phrasings their cues were written for; on messages nobody tuned on
they missed half the misuse. Character n-grams carry inflections, compounds and scripts without
spaces; the lexicon's concepts (a capability's act near its object, someone else's system, a
defensive frame) carry across languages. A logistic regression over both, fitted
deterministically from the labelled examples in the repository (nothing downloaded, no random
state), scores a message in well under a millisecond.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

NGRAMS = (2, 5)
"""Character n-gram lengths, taken inside each word padded by spaces (CJK runs are words)."""
MIN_EXAMPLES = 2
"""A feature must occur in at least this many training examples to get a weight."""
EPOCHS = 150
LEARNING_RATE = 0.1
L2 = 1e-6
"""Full-batch Adam on the mean log loss plus L2: fixed steps, so the fit is reproducible. The
fixed epochs already stop the fit early; a lighter L2 lets rare phrasings keep their weight
(by-split CV over the fresh rounds, current thresholds: L2 3e-5 81.7% / 7.1%, 1e-5 85.1% / 6.4%,
3e-6 88.5% / 5.9%, 1e-6 89.2% / 5.9%; 3e-4 63.9% / 6.4%; 400 epochs instead of 150: no gain)."""
HEADS_VERSION = 1
"""Part of the digest: a model file from before the capability heads is refitted."""
HEAD_PRIOR = 2.0
"""Log-odds added to the capability the rules found when the heads choose one: the rules name
the right one more often when they found it, the heads when they found none (by-split CV)."""
WORD_CACHE = 1 << 16
"""Words whose n-grams are memoized (repeated words in a hostile message cost one lookup)."""


@functools.lru_cache(maxsize=WORD_CACHE)
def word_grams(word: str) -> tuple[str, ...]:
    """The character n-grams of one word, padded by spaces so starts and ends count."""
    padded = f" {word} "
    lo, hi = NGRAMS
    return tuple(padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1))


def text_features(norm: str, concepts: Iterable[str]) -> set[str]:
    """The features of one normalized text: its words' n-grams and the concept tokens given."""
    found: set[str] = set()
    for word in set(norm.split()):
        found.update(word_grams(word))
    found.update(concepts)
    return found


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Weights per feature and a bias; a text's score is the log-odds that it is misuse.

    Optional heads, one per capability over the same features, say which capability a
    misuse message would enable: the refusal's safe alternative depends on it.
    """

    index: dict[str, int]
    weights: np.ndarray
    bias: float
    heads: tuple[str, ...] = ()
    head_weights: np.ndarray | None = None
    """Shape (features, heads): one-vs-rest log-odds weights per capability."""
    head_bias: np.ndarray | None = None
    _word_ids: Callable[[str], frozenset[int]] = field(init=False, repr=False, compare=False)
    """A word's known n-gram columns, memoized per model (see `score_text`)."""

    def __post_init__(self) -> None:
        @functools.lru_cache(maxsize=WORD_CACHE)
        def word_ids(word: str) -> frozenset[int]:
            index = self.index
            return frozenset(i for g in word_grams(word) if (i := index.get(g)) is not None)

        object.__setattr__(self, "_word_ids", word_ids)

    def score_text(self, norm: str, concepts: Iterable[str]) -> float:
        """`score(text_features(norm, concepts))`, each word's columns looked up once.

        The intent sweep over the course and knowledge texts (~26,000 lines, each also scored
        by windows and sentences, so a word 3-5 times) spent most of its time looking up the
        same words' n-grams; the sum is over the same columns (in another order: the set of
        n-grams' order already changed with each process's string hashing).
        """
        found: set[str] = set()
        ids: set[int] = set()
        for word in set(norm.split()):
            found.update(word_grams(word))
            ids.update(self._word_ids(word))
        for concept in concepts:
            found.add(concept)
            if (i := self.index.get(concept)) is not None:
                ids.add(i)
        if not ids:
            return self.bias
        return float(self.weights[list(ids)].sum()) / math.sqrt(len(found)) + self.bias

    def score(self, features: set[str]) -> float:
        """Log-odds of misuse: weights of the known features, scaled by 1/sqrt(their count)."""
        ids = [i for f in features if (i := self.index.get(f)) is not None]
        if not ids:
            return self.bias
        return float(self.weights[ids].sum()) / math.sqrt(len(features)) + self.bias

    def likeliest(self, features: set[str], prior: str = "") -> str:
        """The capability whose head scores highest ('' without heads); `prior` gets HEAD_PRIOR.

        `prior` is the capability the rules found, if any.
        """
        if not self.heads or self.head_weights is None or self.head_bias is None:
            return prior
        ids = [i for f in features if (i := self.index.get(f)) is not None]
        scores = self.head_bias.copy()
        if ids:
            scores += self.head_weights[ids].sum(axis=0) / math.sqrt(len(features))
        if prior in self.heads:
            scores[self.heads.index(prior)] += HEAD_PRIOR
        return self.heads[int(np.argmax(scores))]

    def with_heads(self, docs: Sequence[set[str]], capabilities: Sequence[str]) -> LinearModel:
        """The model with one-vs-rest heads fitted on misuse `docs` and their `capabilities`.

        The heads share this model's features (deterministic, like `fit`).
        """
        heads = tuple(sorted(set(capabilities)))
        rows, cols, scale = _design(docs, self.index)
        fitted = [
            _adam(
                rows=rows,
                cols=cols,
                scale=scale,
                y=np.asarray([c == head for c in capabilities], dtype=np.float64),
                sample=np.ones(len(docs)),
                width=len(self.index),
            )
            for head in heads
        ]
        return replace(
            self,
            heads=heads,
            head_weights=np.stack([w for w, _ in fitted], axis=1) if heads else None,
            head_bias=np.asarray([b for _, b in fitted]) if heads else None,
        )

    def save(self, path: Path, digest: str) -> None:
        """Write the model with the digest of what it was fitted from (numpy's .npz)."""
        order = sorted(self.index, key=self.index.__getitem__)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:  # written aside, then renamed: a reader never sees half a file
            with partial.open("wb") as fh:
                np.savez_compressed(
                    fh,
                    features=np.asarray(order, dtype=str),
                    weights=self.weights.astype(np.float32),
                    bias=np.asarray([self.bias]),
                    digest=np.asarray([digest]),
                    heads=np.asarray(self.heads, dtype=str),
                    head_weights=(
                        self.head_weights
                        if self.head_weights is not None
                        else np.zeros((len(order), 0))
                    ).astype(np.float32),
                    head_bias=np.asarray(
                        self.head_bias if self.head_bias is not None else [], np.float64
                    ),
                )
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    @classmethod
    def read(cls, path: Path) -> tuple[LinearModel, str]:
        """The saved model and the digest of its inputs."""
        with np.load(path, allow_pickle=False) as data:
            features = data["features"].tolist()
            weights = data["weights"].astype(np.float64)
            heads = tuple(str(h) for h in data["heads"].tolist())
            return cls(
                {f: i for i, f in enumerate(features)},
                weights,
                float(data["bias"][0]),
                heads,
                data["head_weights"].astype(np.float64) if heads else None,
                data["head_bias"].astype(np.float64) if heads else None,
            ), str(data["digest"][0])

    @classmethod
    def fit(
        cls,
        docs: Sequence[set[str]],
        labels: Sequence[bool],
        weights: Sequence[float] | None = None,
    ) -> LinearModel:
        """Logistic regression, full batch, fixed epochs: the same examples give the same model.

        Features seen in fewer than MIN_EXAMPLES examples are dropped (a word one message used
        says nothing about the next). Each row is scaled by 1/sqrt(its feature count), as in
        `score`, so long and short messages weigh alike. `weights` (default 1 each) scale each
        example's share of the loss.
        """
        counts: dict[str, int] = {}
        for doc in docs:
            for feature in doc:
                counts[feature] = counts.get(feature, 0) + 1
        kept = sorted(f for f, n in counts.items() if n >= MIN_EXAMPLES)
        index = {f: i for i, f in enumerate(kept)}
        rows, cols, scale = _design(docs, index)
        weights_, bias = _adam(
            rows=rows,
            cols=cols,
            scale=scale,
            y=np.asarray(labels, dtype=np.float64),
            sample=np.ones(len(docs)) if weights is None else np.asarray(weights, np.float64),
            width=len(kept),
        )
        return cls(index, weights_, bias)


def _design(
    docs: Sequence[set[str]], index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sparse design matrix: (row, column) of each known feature, and each row's scale."""
    rows: list[int] = []
    cols: list[int] = []
    scale = np.empty(len(docs))
    for r, doc in enumerate(docs):
        scale[r] = 1.0 / math.sqrt(max(len(doc), 1))
        ids = sorted(index[f] for f in doc if f in index)
        rows.extend([r] * len(ids))
        cols.extend(ids)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), scale


def _adam(
    *,
    rows: np.ndarray,
    cols: np.ndarray,
    scale: np.ndarray,
    y: np.ndarray,
    sample: np.ndarray,
    width: int,
) -> tuple[np.ndarray, float]:
    """Minimize the weighted mean log loss + L2/2 |w|^2 by full-batch Adam from zero weights."""
    n = len(y)
    share = sample / sample.sum()
    params = np.zeros(width + 1)  # the last one is the bias
    m = np.zeros_like(params)
    v = np.zeros_like(params)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    row_scale = scale[rows]
    for step in range(1, EPOCHS + 1):
        z = np.bincount(rows, weights=params[cols] * row_scale, minlength=n) + params[-1]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        err = (p - y) * share
        grad = np.empty_like(params)
        grad[:-1] = np.bincount(cols, weights=err[rows] * row_scale, minlength=width)
        grad[:-1] += L2 * params[:-1]
        grad[-1] = err.sum()
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        m_hat = m / (1 - beta1**step)
        v_hat = v / (1 - beta2**step)
        params -= LEARNING_RATE * m_hat / (np.sqrt(v_hat) + eps)
    return params[:-1].copy(), float(params[-1])


def digest(paths: Iterable[Path]) -> str:
    """What a fit depends on: the bytes of its input files and this module's settings."""
    sha = hashlib.sha256(
        repr((NGRAMS, MIN_EXAMPLES, EPOCHS, LEARNING_RATE, L2, HEADS_VERSION)).encode()
    )
    for path in paths:
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()
