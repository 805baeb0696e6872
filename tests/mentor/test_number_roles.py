"""Numbers read by role in 14 languages; only a baseline and a result of one quantity compare."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.number_roles import role
from bot.mentor.quantities import quantities
from bot.mentor.reasoning import evidence_notes
from bot.mentor.understanding import extract

ROLES_FILE = Path(__file__).parent / "data" / "number_roles.toml"
with ROLES_FILE.open("rb") as fh:
    ROLE_CASES = tomllib.load(fh)
CASES = [
    pytest.param(name, lang, text, value, id=f"{name}-{lang}")
    for name, langs in ROLE_CASES.items()
    for lang, (text, value) in langs.items()
]


def test_every_role_is_written_in_all_14_languages() -> None:
    """Each role has one sentence per language, so no language is read by another's rules."""
    langs = {"en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko"}
    assert set(ROLE_CASES) == {"baseline", "result", "target", "size", "held", "rate"}
    assert all(set(cases) == langs for cases in ROLE_CASES.values())


@pytest.mark.parametrize(("name", "lang", "text", "value"), CASES)
def test_a_number_is_read_in_its_role(name: str, lang: str, text: str, value: str) -> None:
    """Before/after a change, a goal, the data's size, a load held constant and a rate differ."""
    found = [q for q in quantities(text) if q.text.startswith(value.split(maxsplit=1)[0])]
    assert found, f"no number {value!r} read in {text!r}"
    assert role(found[0]) == name


def notes(catalog: Catalog, text: str, memory: ThreadMemory | None = None) -> list[str]:
    return list(evidence_notes(extract(text), memory or ThreadMemory(), "en", catalog, text))


def test_a_payload_size_is_never_noted_as_the_baseline(catalog: Catalog) -> None:
    """'a 3 MB response' is how big the data is: the baseline noted is the p99, not 2.9 MiB."""
    lines = notes(catalog, "Each JSON response is 3 MB and the endpoint's p99 is 900 ms.")
    assert [ln for ln in lines if "900 ms" in ln]
    assert not [ln for ln in lines if "MiB" in ln or "MB" in ln]


def test_a_comparison_uses_only_the_baseline_and_the_result(catalog: Catalog) -> None:
    """The load held constant, the payload size and the goal are never one side of a ratio."""
    text = (
        "Each response is 3 MB. At the same 200 rps, p99 went from 900 ms to 400 ms;"
        " the target is 300 ms."
    )
    lines = notes(catalog, text)
    compared = [ln for ln in lines if "→" in ln]
    assert compared
    assert all("900 ms" in ln and "400 ms" in ln for ln in compared)
    assert not [ln for ln in compared if "200" in ln.replace("2.2x", "") or "MB" in ln]


def test_a_load_held_constant_in_a_later_turn_is_no_result(catalog: Catalog) -> None:
    """'the same 200 rps' after '200 rps' earlier is the condition, not a change to read."""
    earlier = extract("Our service has p99 900 ms at 200 rps.")
    memory = ThreadMemory(evidence=earlier.quantities)
    lines = notes(catalog, "Under the same 200 rps load, p99 is now 400 ms.", memory)
    assert [ln for ln in lines if "900 ms" in ln and "400 ms" in ln]
    assert not [ln for ln in lines if "rps" in ln or "/s" in ln]


@pytest.mark.parametrize(
    "text",
    [
        "The container has a 1 GB memory limit.",
        "Сервис читает большие выборки, лимит памяти контейнера 1 ГБ.",
        "El contenedor tiene un límite de memoria de 1 GB.",
        "コンテナのメモリ上限は1GBです。",
    ],
)
def test_a_memory_limit_is_a_target_never_a_baseline(text: str) -> None:
    """'limit 1 GB' then '2.4 GB measured' is over budget, not a change that made things worse."""
    assert [role(q) for q in quantities(text)] == ["target"]


@pytest.mark.parametrize(
    "text",
    [
        "캐시 크기를 제한한 후 1 GB로 유지됩니다.",
        "限制缓存大小后，内存保持在 1 GB。",
        "After I limited the cache, memory stays at 1 GB.",
    ],
)
def test_limiting_something_is_a_change_not_a_limit_to_meet(text: str) -> None:
    """'After limiting the cache it stays at 1 GB' is the result of a change, not a target."""
    assert [role(q) for q in quantities(text)] != ["target"]
