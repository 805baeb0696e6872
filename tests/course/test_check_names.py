"""Practice checks are named in the learner's language (review8 F46, review9 R18)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.course.checker_cache import judge_cache
from bot.course.content import COURSE_LANGUAGES, Course
from bot.course.service import Who
from bot.course.wiring import CourseServices
from tests.course.conftest import fenced, solution

COURSE_CODE = Path(__file__).resolve().parents[2] / "bot" / "course"


def emitted_check_names() -> set[str]:
    """Every literal check name the checkers and the review emit (`check(checks, "...")` etc.)."""
    names: set[str] = set()
    for path in COURSE_CODE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = getattr(node.func, "id", getattr(node.func, "attr", ""))
            position = {"check": 1, "CheckItem": 0, "learner_raised": 0}.get(called)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.add(arg.value)
            elif isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                names.add(f"{arg.left.value}{{name}}")  # "defines " + name
    return names


@pytest.mark.parametrize("language", [lang for lang in COURSE_LANGUAGES if lang != "en"])
def test_every_check_a_checker_can_report_is_named_in_every_language(
    course: Course, language: str
) -> None:
    """A new check without its names in config/course/checks.toml would show English."""
    names = emitted_check_names()
    assert len(names) >= 30
    untranslated = sorted(n for n in names if n not in course.check_names.get(language, {}))
    assert untranslated == []


async def test_a_portuguese_submission_reads_its_check_in_portuguese(
    services: CourseServices,
) -> None:
    """The check's name and its detail are Portuguese; only the code's names stay as written."""
    result = await services.practice.submit(
        Who("console", "lia"), "thread-safe-cache", fenced("x = 1\n"), "pt"
    )
    assert "❌ interface da tarefa: Não executado no sandbox" in result.text
    assert "task interface" not in result.text
    assert course_name_of(services, "defines SingleFlightLRU", "pt") == "define SingleFlightLRU"


def course_name_of(services: CourseServices, name: str, language: str) -> str:
    return services.practice.course.check_name(language, name)


async def test_the_cache_checkers_lines_are_portuguese_for_a_portuguese_learner(
    services: CourseServices,
) -> None:
    """review8 F46's reproduction: each check line of the cache task reads in Portuguese."""
    from tests.course.test_checks import PASS_THROUGH  # noqa: PLC0415

    result = await services.practice.submit(
        Who("console", "rui"), "thread-safe-cache", fenced(PASS_THROUGH), "pt"
    )
    assert "❌ semântica LRU: após get a, b, a, c, a: cargas a:3 b:1 c:1" in result.text, (
        result.text
    )
    assert "❌ uma carga por chave sob contenção: 16 threads pediram a mesma chave" in result.text
    assert "❌ chaves distintas carregam em paralelo: o cache não guardou nada" in result.text
    for english in ("loads per key", "threads asked", "kept nothing", "LRU semantics"):
        assert english not in result.text


async def test_a_pipeline_that_computes_nothing_is_told_so_in_portuguese(
    services: CourseServices,
) -> None:
    """review8 F46: `return {}` reads in Portuguese, and gets no throughput ratio for no work."""
    code = "def run_pipeline(lines, workers):\n    return {}\n"
    result = await services.practice.submit(
        Who("console", "bia"), "mp-pipeline", fenced(code), "pt"
    )
    assert "❌ mesma saída que a referência: saída diferente: chave 'k0': esperado" in result.text
    assert "❌ trabalho feito em processos worker: 0 de 400 itens rodaram `work`" in result.text
    assert "throughput_ratio" not in result.text
    assert "different output" not in result.text


def worded_fault_keys() -> set[str]:
    """Every `fault_...` text key the checkers and the bot give a check detail."""
    keys: set[str] = set()
    for path in COURSE_CODE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and re.fullmatch(r"fault_[a-z_]+", text):
                keys.add(text)
    return keys


@pytest.mark.parametrize("language", COURSE_LANGUAGES)
def test_every_check_detail_the_bot_can_word_exists_in_every_language(
    course: Course, language: str
) -> None:
    """A detail keyed for translation but missing in one language would fall back to English."""
    keys = worded_fault_keys()
    assert {"fault_timeout", "fault_lru", "fault_worker_items", "fault_loop_lag"} <= keys
    assert sorted(k for k in keys if k not in course.ui.get(language, {})) == []


async def test_a_wrong_hotspot_claim_is_told_in_portuguese(services: CourseServices) -> None:
    """The profile task's verdict on a wrong #1 reads in Portuguese, the function's name as is."""
    result = await services.practice.submit(
        Who("console", "ana"), "profile-request", fenced(solution("profile_request_bad.py")), "pt"
    )
    assert "❌ principal ponto quente: seu nº 1 `" in result.text, result.text
    assert "não é o nº 1 do profiler por tempo próprio" in result.text
    assert "is not the profiler's #1" not in result.text


def _cache_observations(calls: dict[str, int], b_loads: int) -> dict[str, object]:
    """What the cache checker saw: the LRU sequence's loads, then b's after its eviction."""
    return {
        "basics": {
            "values": ["value-a", "value-b", "value-a"],
            "calls": calls,
            "size": 2,
            "b_loads": b_loads,
        },
        "hot": {"loads": 16, "results": ["value-hot"] * 16},
        "parallel_wall_s": 0.1,
        "stress": {"wrong": 0, "largest": 8, "loads": 10, "wall_s": 0.2},
    }


@pytest.mark.parametrize(
    ("calls", "b_loads", "passed", "shown"),
    [
        ({"a": 1, "b": 1, "c": 1}, 2, True, "loads a:1 b:1 c:1 (expected a:1 b:1 c:1)"),
        ({"a": 1, "b": 1, "c": 1}, 1, False, "1 load(s) in all (expected 2)"),
        ({"a": 3, "b": 1, "c": 1}, 2, False, "loads a:3 b:1 c:1 (expected a:1 b:1 c:1)"),
    ],
)
def test_the_lru_line_shows_each_count_beside_its_own_expectation(
    calls: dict[str, int], b_loads: int, passed: bool, shown: str
) -> None:
    """review9 R43: a passing line never shows b:1 against "expected b:2"; a failing one says which."""
    checks: list[dict[str, object]] = []
    params = {"threads": 16, "load_s": 0.05, "stress_ops": 100}
    judge_cache(params, _cache_observations(calls, b_loads), checks, {}, {})
    lru = next(c for c in checks if c["name"] == "LRU semantics")
    assert lru["passed"] is passed
    assert shown in str(lru["detail"])
    assert "b:2" not in str(lru["detail"])


@pytest.mark.parametrize(
    ("language", "advice", "overlapped"),
    [
        ("fr", "ne garde pas de verrou global", "se sont chevauchés"),
        ("de", "halte beim Laden kein globales Lock", "überlappend"),
        ("ja", "グローバルロックを持たないでください", "重なって実行され"),
        ("pt", "não segure um lock global", "se sobrepuseram"),
        ("en", "do not hold a global lock", "the loads overlapped"),
    ],
)
async def test_a_passing_parallel_line_says_why_it_passes_not_the_advice_for_a_failure(
    services: CourseServices, language: str, advice: str, overlapped: str
) -> None:
    """review10 T30: "✅ distinct keys … : do not hold a global lock" contradicted itself."""
    result = await services.practice.submit(
        Who("console", f"pass-{language}"),
        "thread-safe-cache",
        fenced(solution("thread_safe_cache_good.py")),
        language,
    )
    line = next(
        row
        for row in result.text.splitlines()
        if row.startswith(
            "✅ " + course_name_of(services, "distinct keys load in parallel", language)
        )
    )
    assert overlapped in line
    assert advice not in line


async def test_a_serial_cache_still_gets_the_advice_on_its_failing_line(
    services: CourseServices,
) -> None:
    """The advice stays where it belongs: a global lock held while loading fails the check."""
    result = await services.practice.submit(
        Who("console", "serial-fr"),
        "thread-safe-cache",
        fenced(solution("thread_safe_cache_serial.py")),
        "fr",
    )
    line = next(r for r in result.text.splitlines() if "clés distinctes chargées" in r)
    assert line.startswith("❌")
    assert "ne garde pas de verrou global pendant le chargement" in line
