"""Every library of a ruled-out list is ruled out, not only the first one (review10 T4).

A hand-written C extension (Python.h, the limited API) is a binding of its own: PyO3 and
pybind11 units answer a question the learner did not ask.

"nada de polars ni dask" got a Polars hypothesis and a `pl.scan_parquet` step: "nada de" was
no cue, and a cue ruled out only the one name that followed it. A list joined by "ni", "or",
"nem", "和", "や" or commas carries the exclusion on to each of its names; "and" does not (it
may start a clause of its own).
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.mentor import constraints
from bot.mentor.constraints import Held
from bot.mentor.models import MentorRequest
from bot.mentor.understanding import extract
from tests.knowledge.offline_turn import answer


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Solo puedo usar pandas, nada de polars ni dask. ¿Cómo lo acelero?", {"polars", "dask"}),
        ("It has to run without Redis or Celery, on one box.", {"redis", "celery"}),
        ("Preciso acelerar isso sem polars nem dask.", {"polars", "dask"}),
        ("Ohne Redis, Celery oder Kafka, bitte.", {"redis", "celery", "kafka"}),
        ("Без polars или dask, только pandas.", {"polars", "dask"}),
        ("不用 polars 和 dask，只能用标准库。", {"polars", "dask"}),
        ("Polars や Dask は使わずに高速化したいです。", {"polars", "dask"}),
        ("Polars veya Dask olmadan hızlandırmak istiyorum.", {"polars", "dask"}),
    ],
)
def test_each_name_of_a_ruled_out_list_is_ruled_out(text: str, names: set[str]) -> None:
    assert names <= set(constraints.excluded(text))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("I use pandas and numpy, without polars.", {"pandas", "numpy"}),
        ("Sem Redis; usamos Celery e PostgreSQL.", {"celery"}),
        ("Nada de polars. Pandas y numpy están bien.", {"pandas", "numpy"}),
        ("We can't use Celery and Django runs the jobs itself.", {"django"}),
    ],
)
def test_a_list_ends_with_its_clause_or_sentence(text: str, kept: set[str]) -> None:
    """The names the learner uses, outside the ruled-out list, stay theirs."""
    assert not kept & set(constraints.excluded(text))


async def test_the_reply_proposes_none_of_the_ruled_out_libraries(app: App) -> None:
    """Offline, "nada de polars ni dask" keeps Polars and Dask out of hypotheses and steps."""
    reply = await app.mentor.handle(
        MentorRequest(
            platform="console",
            user="learner",
            text=(
                "Mi script lee un CSV de 12 GB con pandas.read_csv(chunksize=500_000) y tarda 9 "
                "minutos; la CPU está al 100% en un solo núcleo. Solo puedo usar la biblioteca "
                "estándar y pandas, nada de polars ni dask. ¿Cómo lo acelero?"
            ),
        )
    )
    for section in (reply.sections.hypotheses, reply.sections.steps):
        lowered = section.lower()
        assert "pl.scan" not in lowered, section
        assert "polars" not in lowered, section
        assert "dask" not in lowered, section


C_EXTENSION = {
    "en": "I wrote a C extension with the limited API; calling it from 8 threads gives no "
    "speedup. Why?",
    "de": "Ich habe eine C-Extension mit Python.h geschrieben; aus 8 Threads aufgerufen wird "
    "nichts schneller. Warum?",
    "pt": "Escrevi uma extensão com Python.h e PyArg_ParseTuple; chamando de 8 threads não fica "
    "mais rápido. Por quê?",
    "zh": "我用 Python.h 写了一个扩展，8 个线程同时调用也没有变快，为什么？",
}


@pytest.mark.parametrize("lang", sorted(C_EXTENSION))
def test_a_hand_written_c_extension_gets_no_rust_or_pybind11_units(lang: str) -> None:
    """The C API is the binding the learner chose: PyO3 and pybind11 answer another question."""
    reply = answer(C_EXTENSION[lang], lang)
    assert "c-api" in extract(C_EXTENSION[lang]).stack
    assert not any(u.startswith(("ffi.pyo3", "ffi.pybind11", "ffi.maturin")) for u in reply.units)


def test_naming_the_c_api_beside_pyo3_rules_neither_out() -> None:
    """ "C extension or PyO3?" names both: a comparison, not a choice made."""
    held = Held(stack=extract("Should I write a C extension or use PyO3 for this?").stack)
    assert not held.rules_out(("pyo3", "rust"))
