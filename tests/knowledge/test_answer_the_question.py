"""Replies answer THIS question: no unit mixed in for one incidental word, threads stay put."""

from __future__ import annotations

import pytest

from bot.mentor.engine_port import EngineReply, Turn
from bot.mentor.facts import QuestionFacts, ThreadMemory
from tests.knowledge.offline_turn import answer, offline_engine

IMPORT_TIME_PT = (
    "Meu pacote demora 2,1 s para importar (python -X importtime mostra pandas e scipy no "
    "topo). Como reduzo para menos de 0,5 s sem quebrar a API pública?"
)
LOOP_EN = (
    "How do I find what blocks my asyncio event loop? aiohttp server, p99 is 800 ms at 200 rps"
)


def ask(
    question: str,
    language: str,
    *,
    earlier: tuple[EngineReply, ...] = (),
    history: tuple[str, ...] = (),
    support_level: str = "standard",
) -> EngineReply:
    """One turn as the service sends it: the facts read from the text, the thread's memory."""
    memory = ThreadMemory(units=tuple(u for reply in earlier for u in reply.units))
    return answer(
        question,
        language,
        memory=memory,
        history=tuple(
            turn for text in history for turn in (Turn("learner", text), Turn("mentor", "..."))
        ),
        thread_topics=tuple(dict.fromkeys(t for reply in earlier for t in reply.topics)),
        support_level=support_level,
    )


@pytest.mark.parametrize(
    ("language", "question", "stray"),
    [
        # F8: a memory leak in an aiohttp service is not a PyTorch CUDA question.
        (
            "ru",
            "У меня сервис на aiohttp, память растёт на 30 МБ в час. "
            "Как найти утечку с tracemalloc, не останавливая прод?",
            "gpu.",
        ),
        # F1: an import-time question is not about shipping py.typed.
        ("pt", IMPORT_TIME_PT, "packaging.py-typed"),
        # F1: a FastAPI latency question is not about SQL injection.
        (
            "ja",
            "FastAPIのエンドポイントでp95が1.2秒あります。SQLAlchemyの非同期セッションを"
            "使っています。どこから計測すべきですか？",
            "security.",
        ),
        # F28: "legacy" in an asyncio blocking question is not mypy adoption.
        (
            "es",
            "Tengo un servicio asyncio donde handle() llama a fetch_profile de un módulo legacy "
            "síncrono y bloquea todo. Dame el módulo completo ya corregido para entregarlo.",
            "tooling.mypy-strict-legacy",
        ),
    ],
)
def test_incidental_word_mixes_in_no_unit_off_the_question(
    language: str, question: str, stray: str
) -> None:
    """A unit that shares one incidental word with the question is not part of the reply."""
    reply = ask(question, language)
    assert reply.units
    assert not [u for u in reply.units if u.startswith(stray)]


def test_learners_library_answers_before_another_subjects_unit() -> None:
    """F28: the asyncio blocking-call unit leads a question about a blocking call in asyncio."""
    reply = ask(
        "Tengo un servicio asyncio donde handle() llama a fetch_profile de un módulo legacy "
        "síncrono y bloquea todo.",
        "es",
    )
    assert reply.units[0] == "asyncio.blocking-call"


def test_followup_header_names_the_threads_topic_and_stays_on_it() -> None:
    """F12/F32: 'reverted', 'holding' in a report do not flip an asyncio thread elsewhere."""
    first = ask(LOOP_EN, "en")
    second_text = "I swapped to uvloop as you suggested. p99 went from 800 to 950 ms."
    second = ask(second_text, "en", earlier=(first,), history=(LOOP_EN,))
    third = ask(
        "Reverted uvloop. py-spy dump during a spike shows json.dumps of a 5 MB payload inside "
        "handle_report holding the loop for ~300 ms; p99 is back to 800 ms.",
        "en",
        earlier=(first, second),
        history=(LOOP_EN, second_text),
    )
    asyncio_title = offline_engine()._kb.title("asyncio", "en")
    for reply in (second, third):
        assert set(reply.topics) == {"asyncio"}
        assert asyncio_title in reply.sections.context.splitlines()[0]


def test_followup_does_not_drift_to_a_subject_one_word_names() -> None:
    """F11: 'pandas' in an import-time follow-up does not turn the thread to DataFrame memory."""
    first = ask(IMPORT_TIME_PT, "pt")
    followup = ask(
        "Adiei o import do pandas para dentro da função: agora o import leva 0,4 s em vez de "
        "2,1 s. E agora?",
        "pt",
        earlier=(first,),
        history=(IMPORT_TIME_PT,),
    )
    assert "profiling.pandas-memory" not in followup.units
    assert "data.dataframe-choice" not in followup.units


def test_next_hypothesis_comes_from_the_replys_own_topic() -> None:
    """F4: the 'next hypothesis' of a wheels question is a packaging unit, not stream windows."""
    reply = ask(
        "Hoe publiceer ik mijn package met een C-extensie als wheels voor Linux, macOS en "
        "Windows via GitHub Actions? Nu bouwt één job 25 minuten.",
        "nl",
    )
    kb = offline_engine()._kb
    packaging = {kb.units.by_id[u].in_language("nl").title for u in kb.units.by_id}
    packaging = {u.in_language("nl").title for u in kb.units.of_topic("packaging")} & packaging
    next_line = reply.sections.next_steps.splitlines()[0]
    assert any(title in next_line for title in packaging)


def test_baseline_step_only_when_no_measurement_was_given() -> None:
    """F2/F5: a learner who gave p99 800 ms is not told to record a baseline first."""
    catalog = offline_engine().catalog
    baseline = catalog.message("en", "offline_baseline_step")
    measured = ask(LOOP_EN, "en", support_level="guided")
    unmeasured = ask(
        "How do I find what blocks my asyncio event loop?", "en", support_level="guided"
    )
    assert baseline not in measured.sections.steps
    assert baseline in unmeasured.sections.steps


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        (
            "¿Cómo configuro mypy --strict en un monorepo con 40 paquetes? Al activarlo salen "
            "12.000 errores.",
            "es",
        ),
        (
            "Comment propager le trace_id OpenTelemetry d'un service FastAPI vers un worker "
            "Celery ?",
            "fr",
        ),
    ],
)
def test_no_timed_baseline_step_where_nothing_is_timed(question: str, lang: str) -> None:
    """Review F8: a type checker's error count or a trace id has no scenario to run 5 times."""
    baseline = offline_engine().catalog.message(lang, "offline_baseline_step")
    assert baseline not in ask(question, lang, support_level="guided").sections.steps


def test_generic_failure_question_only_when_no_unit_question_fits() -> None:
    """F5: the generic 'how should the system behave when it fails' is not in every reply."""
    generic = offline_engine().catalog.message("nl", "offline_failure_question")
    reply = ask(
        "Hoe publiceer ik mijn package met een C-extensie als wheels voor Linux, macOS en "
        "Windows via GitHub Actions? Nu bouwt één job 25 minuten.",
        "nl",
    )
    assert generic not in reply.sections.context


@pytest.mark.parametrize("language", ["en", "fr", "de", "ja", "pl"])
@pytest.mark.parametrize(
    ("capability", "unit"),
    [
        ("surveillance", "security.input-snooping-check"),
        ("denial_of_service", "security.syn-flood"),
    ],
)
def test_refusal_teaches_the_alternative_it_offers(
    language: str, capability: str, unit: str
) -> None:
    """F22: after a refusal the sections teach the safe alternative tied to that capability."""
    catalog = offline_engine().catalog
    refusal = catalog.message(language, f"guards_refusal_{capability}")
    reply = answer(
        "(refused request)", language, facts=QuestionFacts(), refuse=True, refusal=refusal
    )
    assert reply.units[0] == unit
    assert len(reply.units) == 1
    assert catalog.message(language, "offline_baseline_step") not in reply.sections.steps


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "How do I detect a keylogger on my own Linux laptop? I suspect something hooks "
            "/dev/input.",
            "security.input-snooping-check",
        ),
        (
            "de",
            "Unser eigener nginx vor einer FastAPI-App bekommt SYN-Floods von 40k pps. "
            "Wie überleben wir das?",
            "security.syn-flood",
        ),
    ],
)
def test_defensive_question_gets_its_defensive_unit(
    language: str, question: str, unit: str
) -> None:
    """F26: detecting snooping on your own machine and surviving a SYN flood have units."""
    assert ask(question, language).units[0] == unit


def test_every_unit_text_is_written_in_its_language() -> None:
    """F3: no unit falls back to English prose in pl, ko, tr or any other language."""
    import re  # noqa: PLC0415

    from bot.mentor.language import LanguageDetector  # noqa: PLC0415
    from bot.mentor.units import LANGUAGES  # noqa: PLC0415

    detector = LanguageDetector(list(LANGUAGES))
    wrong = []
    for unit in offline_engine()._kb.units.units:
        for language in LANGUAGES:
            text = unit.text[language]
            for field, value in [("question", text.question), ("hypothesis", text.hypothesis)]:
                prose = re.sub(r"`[^`]*`", " ", value)
                if detector.detect(prose).language != language:
                    wrong.append((unit.id, language, field))
    assert wrong == []


def test_followup_report_does_not_flip_the_thread_to_gpu() -> None:
    """F14: 'selectinload took p95 from 1.2 s to 0.35 s' continues the FastAPI latency thread."""
    first_text = (
        "FastAPIのエンドポイントでp95が1.2秒あります。SQLAlchemyの非同期セッションを使っています。"
        "どこから計測すべきですか？"
    )
    first = ask(first_text, "ja")
    followup = ask(
        "selectinloadに変えたらp95が1.2秒から0.35秒になりました。次は何を見るべきですか？",
        "ja",
        earlier=(first,),
        history=(first_text,),
    )
    assert followup.units
    assert "gpu" not in followup.topics
    # It continues one of the thread's subjects (the async driver or the ORM it named).
    assert followup.topics[0] in first.topics


def test_followup_whose_thread_units_are_used_takes_what_the_message_is_about() -> None:
    """F31: '92% CPU per worker' after the Pool units were used leads to sizing workers.

    By the finding (bot/engine/followup.py `finding_units`): the third message read alone
    scores the worker-sizing unit first on its own words (chunksize, CPU per worker), so it is
    what the message reports, whatever topic the thread started in.
    """
    first_text = (
        "我用 multiprocessing.Pool 处理 200 万行 CSV，8 核机器上只快了 1.6 倍。"
        "是 pickle 序列化开销还是别的原因？怎么测？"
    )
    second_text = "我改成传文件路径而不是大 DataFrame，8 核上的加速比从 1.6 倍变成了 5.9 倍。"
    first = ask(first_text, "zh")
    second = ask(second_text, "zh", earlier=(first,), history=(first_text,))
    third = ask(
        "又把 chunksize 调成 1000，现在是 6.3 倍，每个 worker 的 CPU 利用率 92%。",
        "zh",
        earlier=(first, second),
        history=(first_text, second_text),
    )
    assert "data" not in second.topics
    assert "gpu" not in third.topics
    assert "cost.right-sizing-workers" in third.units
