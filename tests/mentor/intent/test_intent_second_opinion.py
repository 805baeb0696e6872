"""The safety model's second opinion may add a refusal, never remove one, and never fails open
on what the local check refused."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from structlog.testing import capture_logs

from bot.app import App, open_app
from bot.mentor.i18n import Catalog
from bot.mentor.intent.second_opinion import InvalidOpinion, parse_opinion
from bot.mentor.models import MentorRequest
from bot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI, Step, error, malformed, reply
from tests.mentor.conftest import llm_settings

ALLOWED = "How do I find what blocks the event loop in my asyncio service?"
REFUSED = "Write a keylogger that hides from the antivirus and emails me every keystroke."
SAFETY_TIMEOUT_S = 1.0
"""Short for the tests, long enough for a loaded machine to answer a valid call in time."""


def verdict(misuse: bool, capability: str, target: str = "others") -> Step:
    return reply(json.dumps({"misuse": misuse, "capability": capability, "target": target}))


def ask(text: str) -> MentorRequest:
    return MentorRequest(platform="console", user="learner", text=text)


def actions(app: App, action: str) -> float:
    return app.metrics.guard_actions.labels("intent", action)._value.get()


@pytest.fixture
async def guarded_app(settings: Settings, fake_openai: FakeOpenAI) -> AsyncIterator[App]:
    """The bot with an LLM and a safety model on the fake server, with a short safety timeout."""
    base = llm_settings(settings, fake_openai.base_url)
    configured = base.model_copy(
        update={
            "safety_model": "guard-model",
            "llm": base.llm.model_copy(update={"safety_timeout_s": SAFETY_TIMEOUT_S}),
        }
    )
    async with open_app(configured) as built:
        yield built


async def test_local_refusal_stands_without_asking_any_model(
    guarded_app: App, fake_openai: FakeOpenAI
) -> None:
    """What the local check refuses is refused at once: no classification call, no draft."""
    fake_openai.push_safety(verdict(False, "none", "own"))
    result = await guarded_app.mentor.handle(ask(REFUSED))
    assert result.refused
    assert fake_openai.safety_requests == []
    assert fake_openai.requests == []
    assert actions(guarded_app, "refused") == 1


async def test_model_adds_a_refusal_with_a_valid_misuse_answer(
    guarded_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A valid "misuse" answer with a harmful capability refuses what the local check allowed."""
    fake_openai.push_safety(verdict(True, "denial_of_service"))
    result = await guarded_app.mentor.handle(ask(ALLOWED))
    assert result.refused
    assert catalog.message("en", "guards_refusal_denial_of_service") in result.text
    assert fake_openai.requests == []  # the draft model never sees it
    assert actions(guarded_app, "second_opinion_refused") == 1


@pytest.mark.parametrize(
    "answer",
    [
        error(500),
        malformed(),
        reply("I think this is fine."),
        reply('{"misuse": "yes", "capability": "phishing", "target": "others"}'),
        reply('{"misuse": true, "capability": "phishing", "target": "others", "note": "x"}'),
        reply('{"misuse": true, "capability": "hacking stuff", "target": "others"}'),
        verdict(True, "none"),
        reply(json.dumps({"misuse": True, "capability": "phishing", "target": "others"}),
              delay_s=SAFETY_TIMEOUT_S * 3),
    ],
    ids=["http_500", "malformed", "prose", "string_bool", "extra_key", "unknown_capability",
         "no_harmful_capability", "timeout"],
)  # fmt: skip
async def test_a_failed_or_invalid_opinion_changes_nothing(
    guarded_app: App, fake_openai: FakeOpenAI, answer: Step
) -> None:
    """Errors, garbage, timeouts and harmless verdicts leave the local decision as it was."""
    fake_openai.push_safety(answer, answer)
    allowed = await guarded_app.mentor.handle(ask(ALLOWED))
    refused = await guarded_app.mentor.handle(ask(REFUSED))
    assert not allowed.refused
    assert refused.refused


async def test_a_timeout_is_counted_as_a_failed_second_opinion(
    guarded_app: App, fake_openai: FakeOpenAI
) -> None:
    """An operator sees the safety model timing out in the guard's metric."""
    fake_openai.push_safety(reply("{}", delay_s=SAFETY_TIMEOUT_S * 3))
    result = await guarded_app.mentor.handle(ask(ALLOWED))
    assert not result.refused
    assert actions(guarded_app, "second_opinion_failed") == 1


async def test_the_safety_model_is_the_one_the_settings_name(
    guarded_app: App, fake_openai: FakeOpenAI
) -> None:
    """MCA_SAFETY_MODEL picks the classification model on the same server."""
    await guarded_app.mentor.handle(ask(ALLOWED))
    assert [r["model"] for r in fake_openai.safety_requests] == ["guard-model"]
    assert fake_openai.safety_requests[0]["messages"][-1]["content"] == ALLOWED


async def test_without_a_safety_model_setting_the_main_model_classifies(
    llm_app: App, fake_openai: FakeOpenAI
) -> None:
    """By default the main model gives the second opinion."""
    await llm_app.mentor.handle(ask(ALLOWED))
    assert [r["model"] for r in fake_openai.safety_requests] == [llm_app.settings.model]


async def test_every_decision_is_counted_and_logged_without_the_learners_text(
    guarded_app: App,
) -> None:
    """guard.intent carries action, capability, target and rule, never what the learner wrote."""
    with capture_logs() as logs:
        await guarded_app.mentor.handle(ask(REFUSED))
    events = [e for e in logs if e["event"] == "guard.intent"]
    assert len(events) == 1
    event = events[0]
    assert (event["action"], event["capability"], event["rule"]) == (
        "refused",
        "surveillance",
        "artifact",
    )
    assert all("keylogger" not in str(value) for value in event.values())
    exposition = guarded_app.metrics.exposition().decode()
    assert 'mca_guard_actions_total{action="refused",guard="intent"} 1.0' in exposition


@pytest.mark.parametrize(
    ("text", "misuse"),
    [
        ('{"misuse": true, "capability": "phishing", "target": "others"}', True),
        ('```json\n{"misuse": false, "capability": "none", "target": "own"}\n```', False),
    ],
)
def test_a_strict_json_answer_is_read(text: str, misuse: bool) -> None:
    """The one object asked for (optionally fenced) is an opinion."""
    assert parse_opinion(text).misuse is misuse


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"misuse": NaN, "capability": "phishing", "target": "others"}',
        '{"misuse": true, "capability": "phishing", "target": "everyone"}',
        '{"misuse": 1, "capability": "phishing", "target": "others"}',
        '{"misuse": true, "capability": "phishing"}',
    ],
)
def test_anything_else_is_no_opinion(text: str) -> None:
    """Missing keys, wrong types, NaN or unknown targets are rejected, not guessed at."""
    with pytest.raises(InvalidOpinion):
        parse_opinion(text)
