"""A follow-up stays on the learner's problem: the finding they report decides the next rung."""

from __future__ import annotations

from bot.app import App
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.models import MentorRequest, Role
from bot.mentor.understanding import extract
from tests.fakes.openai_server import FakeOpenAI
from tests.knowledge.offline_turn import offline_engine

LOGGING_QUESTION = (
    "Our FastAPI service logs every request with logging.info and f-strings; at 3k req/s "
    "profiling shows 18% of CPU in logging. How should I cut that?"
)
LOGGING_FINDING = (
    "Medi: com logging.disable o throughput subiu de 3000 para 3900 req/s. O py-spy mostra que "
    "a maior parte está em f-strings montando dicts grandes em chamadas debug. E agora?"
)


def ask(text: str, thread: str = "t1") -> MentorRequest:
    return MentorRequest(platform="console", user="u", text=text, thread=thread)


async def test_finding_on_the_tested_hypothesis_is_called_a_confirmation(app: App) -> None:
    """The profile points at the unit already proposed: the reply says it confirms it."""
    await app.mentor.handle(ask(LOGGING_QUESTION))
    reply = await app.mentor.handle(ask(LOGGING_FINDING))
    assert reply.language == "pt"
    assert "confirma a hipótese" in reply.text
    assert "`logging.disable`" in reply.text
    assert "f-strings montando dicts grandes" not in reply.text


async def test_numbers_that_got_worse_refute_the_hypothesis_and_name_the_next(app: App) -> None:
    """A change that made p99 worse is called refuted, and another hypothesis is named."""
    await app.mentor.handle(ask("Our FastAPI endpoint has p99 800 ms at 200 req/s behind uvicorn."))
    reply = await app.mentor.handle(
        ask("I added a Redis cache in front of the query and p99 went to 950 ms.")
    )
    line = next(ln for ln in reply.text.splitlines() if "Your numbers refute" in ln)
    refuted_title, next_title = line.split("«")[1].split("»")[0], line.split("«")[2].split("»")[0]
    assert refuted_title != next_title


def test_the_units_the_finding_names_lead_the_follow_up() -> None:
    """A query count per row in a Django thread leads to the N+1 unit, before any neighbour."""
    first = "Our Django API takes p95 900 ms on the orders list with PostgreSQL."
    finding = "django-debug-toolbar shows 240 SQL queries per request: one query per order row."
    memory = ThreadMemory(units=("distributed.api-pagination",), turns=1)
    request = EngineRequest(
        question=finding,
        language="en",
        role=Role.MENTOR,
        facts=extract(finding, ""),
        memory=memory,
        history=(Turn("learner", first),),
    )
    choice = offline_engine().choose(request)
    assert choice.finding
    assert choice.finding[0].id == "profiling.django-n-plus-one"
    assert choice.units[0].id == "profiling.django-n-plus-one"


async def test_a_follow_up_question_gets_no_verdict(app: App) -> None:
    """Asking about another option reports nothing: no line claims a finding."""
    await app.mentor.handle(ask(LOGGING_QUESTION))
    reply = await app.mentor.handle(ask("Would structlog with orjson.dumps be faster here?"))
    assert "What you found" not in reply.text
    assert "confirms the hypothesis" not in reply.text


def test_a_first_question_has_no_finding() -> None:
    """Without a thread there is nothing to confirm: no finding is read."""
    question = "django-debug-toolbar shows 240 SQL queries per request: one per order row."
    request = EngineRequest(
        question=question, language="en", role=Role.MENTOR, facts=extract(question, "")
    )
    assert offline_engine().choose(request).finding == ()


async def test_llm_follow_up_carries_earlier_hypotheses_and_the_new_finding(
    llm_app: App, fake_openai: FakeOpenAI
) -> None:
    """The follow-up request shows the thread's hypotheses, the new numbers and named objects."""
    await llm_app.mentor.handle(ask("Our API spends 30% of CPU serializing responses.", "llm"))
    first_system = fake_openai.requests[-1]["messages"][0]["content"]
    record = await llm_app.store.get_thread("console", "llm")
    assert record is not None
    memory = ThreadMemory.from_dict(await llm_app.store.load_memory(record.id))
    await llm_app.mentor.handle(
        ask(
            "py-spy: most time is in json.dumps of big lists; p99 went from 400 ms to 380 ms", "llm"
        )
    )
    messages = fake_openai.requests[-1]["messages"]
    system, final = messages[0]["content"], messages[-1]["content"]
    assert "confirms or refutes" in system
    assert "confirms or refutes" not in first_system
    assert "Hypotheses proposed earlier in this thread" in final
    assert final.count(memory.hypotheses[0][:40]) == 1
    assert memory.hypotheses
    assert memory.hypotheses[0][:40] in final
    assert "json.dumps" in final.split("Objects the new message names:")[1].splitlines()[0]
    assert "400 ms" in final.split("Numbers in the new message:")[1].splitlines()[0]
