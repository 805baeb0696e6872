"""A first reply answers THIS question: what the learner asks and uses, in their own terms.

Review F2, F4, F6, F8, F13, F32 (docs/reviews/2026-12-07-learner-review.md): identifiers in
the learner's code drove retrieval, section 1 held no question, units were rewritten, shapes and
SLOs read as measurements, two steps set one setting two ways, a greeting was refused and a cut
traceback got a Rust crash unit.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from bot.mentor.code_words import code_tokens, prose_and_code
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.quantities import quantities
from bot.mentor.reasoning import evidence_notes
from bot.mentor.step_settings import settings
from bot.mentor.understanding import extract
from bot.settings import DEFAULT_CONFIG_DIR
from tests.knowledge.offline_turn import answer, offline_engine

DEDUPE = textwrap.dedent(
    """\
    ```python
    def dedupe(items):
        out = []
        for x in items:
            if x not in out:
                out.append(x)
        return out
    ```"""
)
SLOW = {
    "en": "Why is this slow? It takes about 9 seconds for n=20000.",
    "pt": "Por que isto é lento? Leva uns 9 segundos para n=20000.",
    "ja": "なぜこれは遅いのですか？n=20000 で約 9 秒かかります。",
    "ru": "Почему это медленно? Для n=20000 уходит около 9 секунд.",
}
_QUESTION_MARK = re.compile(r"[?？]")


@pytest.mark.parametrize("lang", sorted(SLOW))
def test_the_learners_variable_names_do_not_pick_the_subject(lang: str) -> None:
    """`out = []` is a list, not "CUDA out of memory": the culprit in the code leads the reply."""
    reply = answer(f"{SLOW[lang]}\n{DEDUPE}", lang)
    assert reply.units[0] == "profiling.set-membership"
    assert not any(unit.startswith("gpu.") for unit in reply.units)


def test_code_is_read_by_the_apis_it_calls_not_the_names_it_binds() -> None:
    """Imports and called APIs count; a variable's or a parameter's own name does not."""
    code = textwrap.dedent(
        """\
        import numpy as np
        import requests

        def fetch(session, url):
            out = requests.get(url).json()
            total = np.linalg.norm(out)
            result = []
            result.append(total)
            return result
        """
    )
    tokens = code_tokens(code).split()
    assert {"numpy", "requests", "requests.get", "np.linalg.norm", "append"} <= set(tokens)
    assert not {"out", "result", "result.append", "session", "fetch"} & set(tokens)


def test_a_pasted_traceback_is_read_by_its_exception_and_frames() -> None:
    """The boilerplate goes; the exception stays prose, the frames' source lines are code."""
    text = textwrap.dedent(
        """\
        Traceback (most recent call last):
          File "/srv/app/venv/lib/python3.12/site-packages/requests/models.py", line 974, in json
            return complexjson.loads(self.text, **kwargs)
        json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"""
    )
    prose, code = prose_and_code(text, None)
    assert "JSONDecodeError: Expecting value" in prose
    assert "most recent call" not in prose
    assert "site-packages" not in prose
    assert "import requests" in code
    assert "complexjson.loads" in code


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("hi", "en", "offline_greeting"),
        ("Hello there!", "en", "offline_greeting"),
        ("Olá, tudo bem?", "pt", "offline_greeting"),
        ("Guten Morgen!", "de", "offline_greeting"),
        ("こんにちは", "ja", "offline_greeting"),
        ("Спасибо!", "ru", "offline_thanks"),
        ("thanks a lot!", "en", "offline_thanks"),
        ("谢谢", "zh", "offline_thanks"),
    ],
)
def test_a_greeting_or_thanks_is_welcomed_not_refused(text: str, lang: str, kind: str) -> None:
    """A learner who says hello gets a welcome and how to ask, not "outside what I can help"."""
    catalog = offline_engine().catalog
    reply = answer(text, lang)
    assert catalog.message(lang, kind) in reply.sections.context
    assert catalog.message(lang, "offline_off_topic") not in reply.sections.context


def test_an_off_topic_question_after_a_greeting_is_still_off_topic() -> None:
    """ "hi, what is the best pizza in Naples?" is not a greeting alone."""
    catalog = offline_engine().catalog
    reply = answer("hi, what is the best pizza in Naples?", "en")
    assert catalog.message("en", "offline_off_topic") in reply.sections.context


@pytest.mark.parametrize("lang", ["en", "es", "ko"])
def test_a_traceback_cut_after_its_first_line_is_asked_for_in_full(lang: str) -> None:
    """Its last line names the error: no crash unit is guessed from the header's words."""
    reply = answer("Traceback (most recent call last):", lang)
    assert reply.units == ()
    assert offline_engine().catalog.message(lang, "offline_traceback_cut") in reply.sections.context


F2_FR = (
    "Mon extension PyO3 (Rust) qui parse 2 Go de JSON libère-t-elle le GIL ? Avec 8 threads "
    "Python le débit reste à 110 Mo/s, comme avec 1 thread. Comment le vérifier ?"
)
F2_ZH = "我的 PyO3 扩展解析 2 GB 的 JSON 时会释放 GIL 吗？8 个 Python 线程时吞吐量仍是 110 MB/s，和 1 个线程一样。"


@pytest.mark.parametrize(("text", "lang"), [(F2_FR, "fr"), (F2_ZH, "zh")])
def test_section_one_holds_a_question_when_a_number_is_noted(text: str, lang: str) -> None:
    """A noted baseline is no question: section 1 still asks about an unstated constraint."""
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    facts = extract(text)
    notes = evidence_notes(facts, ThreadMemory(), lang, catalog, text)
    assert notes, "the learner's number is noted"
    reply = answer(text, lang, evidence_notes=notes)
    asked = [
        line
        for line in reply.sections.context.splitlines()
        if line not in {f"- {n}" for n in notes} and _QUESTION_MARK.search(line)
    ]
    assert asked


@pytest.mark.parametrize(
    ("text", "lang", "written"),
    [
        (F2_FR, "fr", "110 Mo/s"),
        ("Il mio test con Hypothesis impiega 95 secondi con max_examples=500.", "it", "95 secondi"),
    ],
)
def test_the_noted_number_keeps_the_learners_own_units(text: str, lang: str, written: str) -> None:
    """The learner recognises their number: not "104.9 MiB/s" or "1:35 min"."""
    notes = evidence_notes(
        extract(text), ThreadMemory(), lang, Catalog.load(DEFAULT_CONFIG_DIR), text
    )
    assert any(written in note for note in notes)


@pytest.mark.parametrize(
    "text",
    [
        "我用 Cython 重写了距离矩阵函数（5000×5000 float64），但只比 NumPy 快 1.1 倍。",
        "A 1920x1080 frame takes 40 ms, only 1.1x faster than before.",
    ],
)
def test_a_shape_is_not_a_speed_up(text: str) -> None:
    """ "5000×5000" is a matrix's shape; the only ratio the learner measured is 1.1x."""
    ratios = [q.value for q in quantities(text) if q.kind == "ratio"]
    assert ratios == [1.1]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("onze SLO is p99 < 250 ms en de grafiek toont p99 = 0,99 s", 0.25),
        ("our SLO is p99 200 ms but we measure 900 ms", 0.2),
        ("p99 <= 300 ms is the budget; today it is 1.2 s", 0.3),
    ],
)
def test_an_slo_is_a_target_not_a_baseline(text: str, target: float) -> None:
    """The SLO is what to reach; only the reading is a measurement."""
    labels = {q.value: q.label.split() for q in quantities(text)}
    assert "goal" in labels[target]
    notes = evidence_notes(
        extract(text), ThreadMemory(), "en", Catalog.load(DEFAULT_CONFIG_DIR), text
    )
    assert not any("Baseline noted" in n and f"{int(target * 1000)} ms" in n for n in notes)


CELERY = {
    "es": (
        "Mi servicio con Celery y RabbitMQ pierde unas 30 tareas de cada 10.000 cuando reinicio "
        "los workers con SIGTERM; acks_late está en False. ¿Cómo evito perderlas?"
    ),
    "en": (
        "Our Celery workers on RabbitMQ lose about 30 of every 10,000 tasks when we restart them "
        "with SIGTERM; acks_late is False. How do we stop losing them?"
    ),
}


@pytest.mark.parametrize("lang", sorted(CELERY))
def test_one_reply_never_sets_a_setting_two_ways(lang: str) -> None:
    """Prefetch 4 in one step and 1 in the next contradicts itself (review F4)."""
    reply = answer(CELERY[lang], lang, support_level="guided")
    given: dict[str, set[str]] = {}
    for step in reply.sections.steps.splitlines():
        for name, value in settings(step).items():
            given.setdefault(name, set()).add(value)
    assert given, "the reply names the settings to change"
    assert all(len(values) == 1 for values in given.values()), given


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("con pytest-xdist -n 8 tarda 5 minutos 40 s", 340.0),
        ("the nightly export runs 1 h 20 min", 4800.0),
        ("прогон занимает 2 мин 30 с", 150.0),
    ],
)
def test_one_duration_written_in_two_units_is_one_number(text: str, seconds: float) -> None:
    """Review9 R2: "5 minutos 40 s" is 340 s, not a baseline of "5:00 min, 40 s"."""
    durations = [q.value for q in quantities(text) if q.unit == "s"]
    assert durations == [seconds]


@pytest.mark.parametrize(
    "text",
    [
        "Meu job leva 48 s; a máquina tem 16 GB e o pico de memória chega a 14 GB.",
        "Uso Polars en una máquina de 16 GB y el proceso llega a 15 GB.",
        "The job runs on a machine with 32 GB and its RSS reaches 19 GB.",
    ],
)
def test_the_machines_memory_is_its_capacity_not_a_before(text: str) -> None:
    """Review9 R2 / review8 F1: 16 GB of RAM and a 14 GB peak are no before/after pair."""
    notes = evidence_notes(
        extract(text), ThreadMemory(), "en", Catalog.load(DEFAULT_CONFIG_DIR), text
    )
    assert not any("→" in note for note in notes)


def test_two_units_saying_the_same_step_give_it_once() -> None:
    """Review9 R6: "a PostgreSQL container per session" was steps 3 and 4 of one reply."""
    question = (
        "Mi test de pytest con 1.800 casos parametrizados tarda 6 minutos; con pytest-xdist "
        "-n 8 tarda 5 minutos 40 s. Uso una fixture de sesión que abre una base de datos "
        "PostgreSQL real. ¿Por qué xdist casi no ayuda y cómo lo mido?"
    )
    steps = answer(question, "es", support_level="guided").sections.steps
    assert steps.count("PostgresContainer") == 1


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "I get an error after the upgrade, what do I do? Traceback (most recent call last):",
            "en",
        ),
        ("Mam błąd po aktualizacji, co robić? Traceback (most recent call last):", "pl"),
        ("Mam błąd po aktualizacji, co robić?\n```\nTraceback (most recent call last):\n```", "pl"),
    ],
)
def test_a_cut_traceback_after_a_short_lead_in_is_asked_for_in_full(text: str, lang: str) -> None:
    """review10 T39: the header at the end of a line of prose, or fenced, after a short ask."""
    reply = answer(text, lang)
    assert offline_engine().catalog.message(lang, "offline_traceback_cut") in reply.sections.context


def test_a_question_of_its_own_beside_a_cut_traceback_is_answered_as_one() -> None:
    """More than a lead-in (a long question with numbers) is answered, not sent back."""
    text = (
        "My Django view takes 3 s on 2,000 rows after we moved to Postgres 16 and added two "
        "joins to the queryset; which query should I look at first? Traceback (most recent call last):"
    )
    reply = answer(text, "en")
    assert (
        offline_engine().catalog.message("en", "offline_traceback_cut")
        not in reply.sections.context
    )
