"""Follow-ups move on: never the same step twice, a confirmed unit continues, a refuted one ends."""

from __future__ import annotations

import pytest

from bot.mentor.engine_port import EngineReply, Turn
from bot.mentor.facts import ThreadMemory
from tests.knowledge.offline_turn import answer

IMPORT_PT = (
    "Meu pacote demora 2,1 s para importar (python -X importtime mostra pandas e scipy no "
    "topo). Como reduzo para menos de 0,5 s sem quebrar a API pública?"
)


def ask(
    question: str, language: str, *, earlier: tuple[tuple[str, EngineReply], ...] = ()
) -> EngineReply:
    """One turn with the thread memory the service would have saved (units and steps)."""
    memory = ThreadMemory(
        units=tuple(u for _, reply in earlier for u in reply.units),
        steps=tuple(s for _, reply in earlier for s in reply.steps),
    )
    return answer(
        question,
        language,
        memory=memory,
        history=tuple(
            turn for text, _ in earlier for turn in (Turn("learner", text), Turn("mentor", "..."))
        ),
        thread_topics=tuple(dict.fromkeys(t for _, reply in earlier for t in reply.topics)),
    )


def step_lines(reply: EngineReply) -> set[str]:
    return {line.split(". ", 1)[-1] for line in reply.sections.steps.splitlines() if line.strip()}


def test_reply_names_the_steps_it_gave() -> None:
    """Every unit step shown is reported as '<unit id>#<index>' for the thread memory."""
    reply = ask(IMPORT_PT, "pt")
    assert reply.steps
    for step_id in reply.steps:
        unit_id, _, index = step_id.partition("#")
        assert unit_id in reply.units
        assert index.isdigit()


def test_confirmed_change_continues_with_steps_not_given_yet() -> None:
    """After '2,1 s -> 0,4 s' a unit of the first reply goes on with a step it had not shown."""
    first = ask(IMPORT_PT, "pt")
    followup_text = (
        "Adiei o import do pandas para dentro da função: agora leva 0,4 s em vez de 2,1 s."
    )
    second = ask(followup_text, "pt", earlier=((IMPORT_PT, first),))
    assert not step_lines(first) & step_lines(second) - {""}
    assert not set(first.steps) & set(second.steps)
    assert any(s.partition("#")[0] in first.units for s in second.steps)


def test_refuted_change_moves_to_another_unit() -> None:
    """When the import got slower, the thread does not continue the unit that was just tried."""
    first = ask(IMPORT_PT, "pt")
    worse = "Adiei os imports, mas o import piorou: de 2,1 s para 2,6 s."
    second = ask(worse, "pt", earlier=((IMPORT_PT, first),))
    assert "profiling.lazy-imports" in first.units
    assert "profiling.lazy-imports" not in second.units  # deferring imports is what got worse
    assert set(second.units) - set(first.units), second.units  # and the thread moves on


@pytest.mark.parametrize(
    ("language", "question", "unit"),
    [
        (
            "en",
            "Celery with acks_late and worker_prefetch_multiplier=1: tasks are safe now but throughput dropped a lot. Why?",
            "distributed.celery-prefetch-throughput",
        ),
        (
            "fr",
            "Avec acks_late et worker_prefetch_multiplier=1 le débit de mes workers Celery s'effondre, pourquoi ?",
            "distributed.celery-prefetch-throughput",
        ),
        (
            "en",
            "How do I make `import mypkg` lazy with module __getattr__ (PEP 562) without breaking the public API?",
            "profiling.lazy-imports",
        ),
        (
            "ja",
            "パッケージのインポートが遅いので PEP 562 のモジュール __getattr__ で遅延インポートにしたい。公開 API は壊したくない。",
            "profiling.lazy-imports",
        ),
        (
            "de",
            "Mein grpc-Server in Python hat bei 2000 rps ein p99 von 300 ms. Ist es der GIL oder das Netzwerk?",
            "networking.grpc-gil-vs-network",
        ),
        (
            "ko",
            "grpc 서버의 p99가 부하에서 올라갑니다. GIL 때문인지 네트워크 때문인지 어떻게 구분하나요?",
            "networking.grpc-gil-vs-network",
        ),
        (
            "en",
            "Our websockets server holds 20k connections and uses 3 GB. How do I measure memory per connection?",
            "networking.websocket-memory",
        ),
        (
            "ru",
            "Сервер на websockets держит 10 тысяч соединений и занимает 2 ГБ. Как измерить память на соединение?",
            "networking.websocket-memory",
        ),
        (
            "en",
            "How can we detect lookalike domains (typosquatting) of our company domain with Certificate Transparency?",
            "security.phishing-domain-detection",
        ),
        (
            "es",
            "¿Cómo detectamos dominios que imitan la marca de nuestro banco (typosquatting) para avisar a los clientes?",
            "security.phishing-domain-detection",
        ),
    ],
)
def test_content_gap_questions_get_their_unit(language: str, question: str, unit: str) -> None:
    """The gaps the review found (prefetch=1, lazy imports, gRPC GIL, WebSocket memory,
    lookalike domains) each have a unit that answers them, in several languages."""
    assert unit in ask(question, language).units
