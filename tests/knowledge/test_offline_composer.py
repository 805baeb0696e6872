"""The offline engine answers THIS question: units retrieved per question, memory respected."""

from __future__ import annotations

import re

import pytest

from bot.mentor.engine_port import EngineReply
from bot.mentor.facts import QuestionFacts, ThreadMemory
from tests.knowledge.offline_turn import answer, offline_engine

CORE_QUESTIONS = {
    "asyncio": (
        "en",
        "My aiohttp crawler stalls: I think time.sleep blocks the asyncio event loop",
    ),
    "profiling": ("pt", "Como faço profiling de CPU com cProfile e py-spy para achar o gargalo?"),
    "networking": ("es", "¿Cómo reutilizo conexiones TLS con un pool en httpx y websockets?"),
    "ffi": ("de", "Lohnt sich Cython oder PyO3 für meine heiße Schleife mit memoryview?"),
    "distributed": ("fr", "Comment mettre un circuit breaker devant un service qui tombe ?"),
    "observability": (
        "it",
        "Come aggiungo metriche Prometheus e tracing OpenTelemetry al servizio?",
    ),
    "security": ("en", "How do I keep secrets out of my repo and rotate the API keys safely?"),
    "testing": ("nl", "Hoe schrijf ik property-based tests met Hypothesis voor mijn parser?"),
    "packaging": ("zh", "如何用 cibuildwheel 构建 manylinux wheel 并发布到 PyPI？"),
    "tooling": ("en", "Our CI pipeline takes 40 minutes: how do we see the first failure sooner?"),
}


def ask(question: str, language: str = "en", **fields: object) -> EngineReply:
    """A turn whose facts are only those a test states (none read from the text)."""
    return answer(question, language, **{"facts": QuestionFacts(), **fields})


def _items(text: str) -> list[str]:
    return [re.sub(r"^(\d+\.|-|- \[ \])\s*", "", line) for line in text.splitlines() if line]


@pytest.mark.parametrize("topic", sorted(CORE_QUESTIONS))
def test_question_retrieves_a_unit_of_its_core_topic(topic: str) -> None:
    """A realistic question on each core topic is answered from that topic's units."""
    language, question = CORE_QUESTIONS[topic]
    reply = ask(question, language)
    assert reply.units, "no unit retrieved"
    assert reply.units[0].split(".")[0] == topic
    assert reply.topics[0] == topic


def test_two_questions_on_one_topic_get_different_steps() -> None:
    """Different situations in one topic get different advice, not the topic's one reply."""
    kb = offline_engine()._kb
    topic = max(kb.topics, key=lambda t: len(kb.units.of_topic(t)))
    first, second = kb.units.of_topic(topic)[:2]
    a = ask(" ".join(first.terms["en"]))
    b = ask(" ".join(second.terms["en"]))
    assert a.units[0] == first.id
    assert b.units[0] == second.id
    assert a.sections.steps != b.sections.steps


def test_same_question_gets_the_same_reply() -> None:
    """Composition is deterministic: tests and learners see the same reply twice."""
    question = CORE_QUESTIONS["asyncio"][1]
    assert ask(question).sections == ask(question).sections


def test_followup_moves_past_the_units_already_used() -> None:
    """A follow-up never repeats a unit the thread's memory says was already given."""
    question = CORE_QUESTIONS["distributed"][1]
    first = ask(question, "fr")
    second = ask(question, "fr", memory=ThreadMemory(units=first.units))
    assert second.units
    assert not set(second.units) & set(first.units)
    assert _items(second.sections.steps)[0] not in _items(first.sections.steps)


def test_context_never_asks_for_a_slot_already_given() -> None:
    """When the learner gave every slot the units ask about, none of their questions is asked."""
    question = CORE_QUESTIONS["packaging"][1]
    plain = ask(question, "zh")
    kb = offline_engine()._kb
    slots = frozenset(kb.units.by_id[u].asks for u in plain.units)
    given = ask(question, "zh", facts=QuestionFacts(given=slots))
    for unit_id in plain.units:
        assert kb.units.by_id[unit_id].in_language("zh").question not in given.sections.context


def test_evidence_notes_open_the_context_and_findings_open_the_hypotheses() -> None:
    """What the learner reported and what the code shows come before generic material."""
    reply = ask(
        CORE_QUESTIONS["asyncio"][1],
        evidence_notes=("2.1 s -> 0.4 s is 5.3x faster: the import was the bottleneck.",),
        findings=("Line 12 calls `time.sleep` inside `async def fetch`: it blocks the loop.",),
    )
    assert _items(reply.sections.context)[0].startswith("2.1 s -> 0.4 s")
    assert _items(reply.sections.hypotheses)[0].startswith("Line 12 calls")


def test_generic_hypothesis_names_the_learners_stack() -> None:
    """A hypothesis from a generic unit is put in terms of the stack the learner named."""
    reply = ask(
        "Our service is slow under load and p99 latency spikes",
        facts=QuestionFacts(stack=("falcon", "waitress")),
    )
    assert "falcon, waitress" in reply.sections.hypotheses


def test_steps_are_three_to_six_from_several_units() -> None:
    """The method asks for 3-6 actionable steps, drawn from more than one hypothesis."""
    reply = ask(CORE_QUESTIONS["profiling"][1], "pt")
    steps = _items(reply.sections.steps)
    assert 3 <= len(steps) <= 6
    kb = offline_engine()._kb
    sources = {
        u for u in reply.units for s in kb.units.by_id[u].in_language("pt").steps if s in steps
    }
    assert len(sources) >= 2


def test_scaffold_only_when_asked() -> None:
    """The 4th section stays empty unless the learner asked for a scaffold."""
    question = CORE_QUESTIONS["asyncio"][1]
    assert ask(question).sections.scaffold == ""
    assert ask(question, wants_scaffold=True).sections.scaffold.startswith("```python")


def test_advanced_support_changes_in_kind_not_only_length() -> None:
    """Advanced learners get a trade-off question and a falsification prompt; guided a baseline
    (where something is timed: a slow loop, not how a circuit breaker fails, review F8)."""
    question = CORE_QUESTIONS["distributed"][1]
    catalog = offline_engine().catalog
    advanced = ask(question, "fr", support_level="advanced")
    guided = ask(question, "fr", support_level="guided")
    slow = "Ma boucle asyncio est lente sous charge : comment trouver ce qui la bloque ?"
    assert catalog.message("fr", "offline_tradeoff_question") in advanced.sections.context
    assert catalog.message("fr", "offline_falsify") in advanced.sections.hypotheses
    baseline = catalog.message("fr", "offline_baseline_step")
    assert baseline in ask(slow, "fr", support_level="guided").sections.steps
    assert baseline not in ask(slow, "fr", support_level="advanced").sections.steps
    assert catalog.message("fr", "offline_tradeoff_question") not in guided.sections.context


def test_reflection_asks_for_numbers_and_the_decision() -> None:
    """Every reply ends asking for before/after numbers and the decision taken."""
    reply = ask(CORE_QUESTIONS["testing"][1], "nl")
    catalog = offline_engine().catalog
    assert catalog.message("nl", "offline_reflection_numbers") in reply.sections.reflection
    assert catalog.message("nl", "offline_reflection_decision") in reply.sections.reflection


def test_references_come_from_the_units_used() -> None:
    """Next steps cite one or two vetted references of the units the reply was built from."""
    reply = ask(CORE_QUESTIONS["packaging"][1], "zh")
    kb = offline_engine()._kb
    urls = {url for u in reply.units for _, url in kb.units.by_id[u].refs}
    cited = re.findall(r"\]\((https://[^)]+)\)", reply.sections.next_steps)
    assert 1 <= len(cited) <= 2
    assert set(cited) <= urls


def test_vague_followup_stays_on_the_threads_topic_and_moves_on() -> None:
    """'What next?' in a thread about circuit breakers continues that topic with new units."""
    from bot.mentor.engine_port import Turn  # noqa: PLC0415

    language, question = CORE_QUESTIONS["distributed"]
    first = ask(question, language)
    followup = ask(
        "Et ensuite, j'essaie quoi ?",
        language,
        history=(Turn("learner", question), Turn("mentor", "...")),
        memory=ThreadMemory(units=first.units),
        thread_topics=first.topics,
    )
    assert followup.units
    assert followup.topics[0] == "distributed"
    assert not set(followup.units) & set(first.units)


def test_off_topic_message_gets_the_redirect_not_a_template() -> None:
    """A request for a poem gets the short redirect and no units."""
    reply = ask("Write me a poem about autumn leaves in the park")
    assert reply.units == ()
    assert reply.sections.context == offline_engine().catalog.message("en", "offline_off_topic")
