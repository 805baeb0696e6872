"""A follow-up's "should I use X?" is answered first: yes from a unit proposing X, no if tried.

Review8 F14: a direct question in a follow-up was never answered. Yes when the knowledge
proposes what the learner names (its hypothesis is the why); no when the thread already tried
it and measured it worse; nothing when neither says, since the mentor does not guess a yes.
"""

from __future__ import annotations

import pytest

from bot.app import App
from bot.engine.advice import question_sentence
from bot.mentor.models import MentorRequest


def ask(text: str, thread: str) -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


@pytest.mark.parametrize(
    ("first", "second", "answer"),
    [
        ("O meu endpoint Flask demora 800 ms de p95; a meta é 200 ms.", "Medi com py-spy: a maior parte está em requests.get para uma API externa. Devo usar uma requests.Session?", "Primeiro, à sua pergunta: sim."),
        ("Mi endpoint Flask tarda 800 ms de p95.", "py-spy dice que casi todo está en requests.get a una API externa. ¿Debo usar una requests.Session?", "Primero, a tu pregunta: sí."),
        ("Мой эндпоинт Flask отвечает за 800 мс (p95).", "py-spy: почти всё время в requests.get к внешнему API. Стоит ли использовать requests.Session?", "Сначала твой вопрос: да."),
    ],
)  # fmt: skip
async def test_should_i_use_what_a_unit_proposes_is_answered_yes_first(
    app: App, first: str, second: str, answer: str
) -> None:
    """The knowledge proposes a shared session: the reply opens its context with yes and why."""
    await app.mentor.handle(ask(first, "advice-yes"))
    reply = await app.mentor.handle(ask(second, "advice-yes"))
    lines = reply.sections.context.splitlines()
    assert any(line.startswith(answer) for line in lines[:3]), lines[:3]


@pytest.mark.parametrize(
    ("worse", "question", "answer"),
    [
        ("It got worse with uvloop: p99 900 ms to 1.1 s.", "Should I use uvloop with more workers then?", "To your question first: no."),
        ("Mit uvloop wurde es schlimmer: p99 von 900 ms auf 1,1 s.", "Soll ich uvloop mit mehr Workern nehmen?", "Zuerst zu deiner Frage: nein."),
        ("uvloop にしたら悪化しました：p99 が 900 ms から 1.1 s に。", "ワーカーを増やして uvloop を使うべきですか？", "まずご質問に：いいえ。"),
    ],
)  # fmt: skip
async def test_should_i_use_what_the_thread_measured_worse_is_answered_no(
    app: App, worse: str, question: str, answer: str
) -> None:
    """What the learner tried and measured worse gets a plain no, with the reason."""
    await app.mentor.handle(ask("My FastAPI endpoint p99 is 900 ms under load.", "advice-no"))
    await app.mentor.handle(ask(worse, "advice-no"))
    reply = await app.mentor.handle(ask(question, "advice-no"))
    assert answer in reply.sections.context


async def test_a_name_no_unit_proposes_gets_no_guessed_yes(app: App) -> None:
    """Nothing in the knowledge or the thread speaks of it: no yes and no no."""
    await app.mentor.handle(ask("My FastAPI endpoint p99 is 900 ms under load.", "advice-none"))
    reply = await app.mentor.handle(ask("Should I use zorblax.Turbo for it?", "advice-none"))
    assert "To your question first" not in reply.text


def test_the_question_sentence_keeps_a_dotted_name_whole() -> None:
    """'requests.Session?' is one name, not the sentence 'Session?'."""
    text = "600 ms in requests.get. Should I use a requests.Session?"
    assert question_sentence(text) == "Should I use a requests.Session?"
