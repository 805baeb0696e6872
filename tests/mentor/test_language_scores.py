"""The faster language scores are py3langid's own, bit for bit, whatever the text.

A different probability could move a reply's language, a "wrong language" re-ask or a section
judged foreign; so every class's probability must equal py3langid's `_decide` exactly, in 14
languages, with code, noise, any Unicode and raw bytes, and through a cache that evicts.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import visit_counts

from bot.mentor.language import _load_identifier
from bot.mentor.language_scores import FastScores

SENTENCES = (
    "The nested loop makes the work grow with the square of the input.",
    "O laço aninhado faz o trabalho crescer com o quadrado da entrada.",
    "El bucle anidado hace que el trabajo crezca con el cuadrado de la entrada.",
    "La boucle imbriquée fait croître le travail avec le carré de l'entrée.",
    "Die verschachtelte Schleife lässt die Arbeit quadratisch mit der Eingabe wachsen.",
    "Il ciclo annidato fa crescere il lavoro con il quadrato dell'input.",
    "De geneste lus laat het werk kwadratisch groeien met de invoer.",
    "Zagnieżdżona pętla sprawia, że praca rośnie z kwadratem wejścia.",
    "İç içe döngü, işin girdinin karesiyle büyümesine neden olur.",
    "Вложенный цикл заставляет работу расти квадратично.",
    "Вкладений цикл змушує роботу зростати квадратично.",
    "ネストしたループは入力の二乗で仕事を増やします。",
    "嵌套循环使工作量随输入的平方增长。",
    "중첩 루프는 입력의 제곱으로 작업을 늘립니다.",
    "Run `python -m timeit` and profile `main()` with cProfile.",
    "```python\nfor i in range(n):\n    total += i * i\n```",
)


@pytest.fixture(scope="module")
def identifier() -> object:
    return _load_identifier()


@functools.cache
def _shared() -> FastScores:
    """One instance across examples, as in the bot: its cache fills and evicts as it goes."""
    return FastScores(_load_identifier(), hot_rows=512)


def _same(identifier: object, fast: FastScores, text: str | bytes) -> None:
    expected = identifier._decide(text)  # type: ignore[attr-defined]
    found = fast.decide(text)  # type: ignore[arg-type]
    assert found.dtype == expected.dtype
    assert np.array_equal(found, expected), text


@settings(max_examples=80, deadline=None)
@given(
    parts=st.lists(st.sampled_from(SENTENCES), min_size=0, max_size=8),
    noise=st.text(max_size=60),
)
def test_every_probability_is_py3langids_to_the_last_bit(parts: list[str], noise: str) -> None:
    text = noise.join(parts) if parts else noise
    _same(_load_identifier(), _shared(), text)


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300))
def test_raw_bytes_give_the_same_features_in_the_same_order(data: bytes) -> None:
    """Any byte sequence: the same features, counts and order of first occurrence (the order
    the product sums in)."""
    identifier, fast = _load_identifier(), _shared()
    expected = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, data)
    found = fast.features(data)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == list(expected.items())


def test_a_small_cache_that_evicts_gives_the_same_scores(identifier: object) -> None:
    """64 cached rows: every text evicts others' rows, a long one bypasses the cache."""
    fast = FastScores(identifier, hot_rows=64)
    texts = [*SENTENCES, " ".join(SENTENCES) * 3, *reversed(SENTENCES), "", "   ", "a"]
    for _ in range(2):
        for text in texts:
            _same(identifier, fast, text)
