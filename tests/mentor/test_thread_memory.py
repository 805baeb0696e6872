"""Thread memory through whole turns: follow-ups take up the evidence, memory persists."""

from __future__ import annotations

import pytest

from bot.app import App, open_app
from bot.mentor import competence
from bot.mentor.facts import ThreadMemory
from bot.mentor.memory import (
    HYPOTHESIS_CHARS,
    MAX_CODE_CHARS,
    MAX_EVIDENCE,
    MAX_HYPOTHESES,
    MAX_UNITS,
    remember,
)
from bot.mentor.models import MentorRequest
from bot.mentor.understanding import extract
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport
from bot.settings import Settings
from tests.conftest import STORES, on_store
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.sandbox import ScriptedSandbox


@pytest.fixture(params=STORES)
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every test here runs on SQLite and on PostgreSQL."""
    return on_store(request, settings)


def ask(text: str, thread: str = "t1", user: str = "u") -> MentorRequest:
    return MentorRequest(platform="console", user=user, text=text, thread=thread)


async def memory_of(app: App, thread: str = "t1") -> ThreadMemory:
    record = await app.store.get_thread("console", thread)
    assert record is not None
    return ThreadMemory.from_dict(await app.store.load_memory(record.id))


async def test_follow_up_interprets_the_learners_number_against_the_earlier_one(app: App) -> None:
    """The follow-up computes the ratio to the number reported earlier instead of asking for it."""
    await app.mentor.handle(ask("Our FastAPI service has p99 1.2 s under load. Why?"))
    reply = await app.mentor.handle(ask("I moved the DB call to a pool: p99 is now 700 ms."))
    assert "1.7x faster" in reply.text


async def test_before_and_after_in_one_message_become_a_ratio(app: App) -> None:
    """'0.4 s instead of 2.1 s' is answered with 5.2x faster, in the learner's language too."""
    reply = await app.mentor.handle(
        ask("After lazy imports the import takes 0.4 s instead of 2.1 s.")
    )
    assert "5.2x faster" in reply.text
    pt = await app.mentor.handle(
        ask("Depois do cache, o p99 caiu de 800 ms para 200 ms.", thread="t2")
    )
    assert "4.0x" in pt.text


async def test_memory_accumulates_stack_evidence_and_code(app: App) -> None:
    """Stack, numbers, slots and the code under discussion are remembered per thread."""
    await app.mentor.handle(ask("gunicorn + django on k8s, p99 800 ms"))
    await app.mentor.handle(ask("here is the view:\n```python\ndef view(r):\n    return 1\n```"))
    memory = await memory_of(app)
    assert {"gunicorn", "django", "kubernetes"} <= set(memory.stack)
    assert [q.text for q in memory.evidence] == ["800 ms"]
    assert {"latency", "environment", "code"} <= memory.given
    assert "def view" in memory.code
    assert memory.turns == 2
    assert memory.hypotheses


async def test_memory_survives_a_restart(settings: Settings) -> None:
    """Closing and reopening the bot keeps the thread's memory (real SQLite file)."""
    async with open_app(settings) as first:
        await first.mentor.handle(ask("p99 is 1.2 s with uvicorn"))
    async with open_app(settings) as second:
        memory = await memory_of(second)
        assert memory.evidence[0].text == "1.2 s"
        reply = await second.mentor.handle(ask("with uvloop p99 is 600 ms"))
    assert "2.0x faster" in reply.text


async def test_forget_deletes_the_memory_and_a_new_thread_starts_empty(app: App) -> None:
    """/mca forget removes what the thread remembered; a new thread knows nothing of the old."""
    await app.mentor.handle(ask("p99 is 1.2 s with uvicorn"))
    fresh = await app.mentor.handle(ask("p99 is 700 ms now", thread="t-new"))
    assert "1.7x" not in fresh.text
    record = await app.store.get_thread("console", "t1")
    assert record is not None
    await app.mentor.forget("console", "u")
    assert await app.store.load_memory(record.id) == {}


async def test_reported_measurements_raise_competence(app: App) -> None:
    """A before/after the learner measured counts as evidence; a claim of expertise does not."""
    await app.mentor.handle(ask("I'm an expert, trust me", thread="t9"))
    learner = await app.store.upsert_learner("console", "u")
    assert competence.score(learner.competence) == 0
    for n, text in enumerate(
        [
            "p99 was 900 ms, now 400 ms",
            "RSS was 2 GB, now 600 MB",
            "before 300 req/s, after 900 req/s",
        ]
    ):
        await app.mentor.handle(ask(text, thread=f"m{n}"))
    learner = await app.store.upsert_learner("console", "u")
    assert competence.support_level(learner.competence) == "standard"


def test_memory_stays_bounded_over_a_long_thread() -> None:
    """Numbers, hypotheses, units and code are capped, the newest kept."""
    memory = ThreadMemory()
    for turn in range(100):
        memory = remember(
            memory,
            extract(f"p99 is {turn + 1} ms, then {turn + 2} ms"),
            code="x = 1\n" * 5000,
            units=(f"u.{turn}",),
            hypotheses=(f"hypothesis {turn} " * 40,),
        )
    assert len(memory.evidence) == MAX_EVIDENCE
    assert memory.evidence[-1].text == "101 ms"
    assert len(memory.units) == MAX_UNITS
    assert memory.units[-1] == "u.99"
    assert len(memory.hypotheses) == MAX_HYPOTHESES
    assert all(len(h) <= HYPOTHESIS_CHARS for h in memory.hypotheses)
    assert len(memory.code) == MAX_CODE_CHARS
    assert memory.turns == 100


async def test_llm_follow_up_prompt_carries_code_evidence_and_ratio(
    llm_app: App, fake_openai: FakeOpenAI
) -> None:
    """On the LLM path a follow-up without code still sends the thread's code and the ratio."""
    code = "```python\nimport time\n\nasync def handler():\n    time.sleep(1)\n```"
    await llm_app.mentor.handle(ask(f"p99 is 1.2 s on this handler:\n{code}", thread="llm"))
    await llm_app.mentor.handle(ask("I used asyncio.sleep: p99 is now 300 ms", thread="llm"))
    final = fake_openai.requests[-1]["messages"][-1]["content"]
    assert "time.sleep(1)" in final
    assert "4.0x faster" in final
    assert "p99 1.2 s" in final


async def test_unreadable_memory_reads_as_empty(app: App) -> None:
    """A damaged memory row never breaks a turn: the thread continues with an empty memory."""
    await app.mentor.handle(ask("p99 is 1.2 s"))
    record = await app.store.get_thread("console", "t1")
    assert record is not None
    await app.store.db.execute(
        "UPDATE thread_memory SET memory = ? WHERE thread_id = ?", ("{not json", record.id)
    )
    assert await app.store.load_memory(record.id) == {}
    reply = await app.mentor.handle(ask("now p99 is 600 ms"))
    assert reply.sections.missing() == []


WAITING = SandboxReport(
    status=RunStatus.OK,
    exit_code=0,
    wall_ms=2122.0,
    cpu_ms=61.0,
    hotspots=(Hotspot("handler", "main.py", 3, 1, 1.0, 2000.0),),
)
"""A run that waited: wall 2122 ms, CPU 61 ms, a tiny hotspot."""


async def test_sandbox_findings_lead_the_hypotheses_and_agree_with_the_run(app: App) -> None:
    """Waiting is read as waiting, the culprit line is cited first, nothing is called dominant."""
    app.mentor.sandbox = ScriptedSandbox(WAITING)  # type: ignore[assignment]
    code = "```python\nimport time\n\nasync def handler():\n    time.sleep(2)\n```"
    reply = await app.mentor.handle(ask(f"Why is this slow?\n{code}", thread="run"))
    hypotheses = reply.sections.hypotheses
    assert "97% of the run was waiting" in hypotheses
    assert "Line 4: `time.sleep`" in hypotheses
    assert "dominat" not in hypotheses
    waiting_at = hypotheses.index("97% of the run was waiting")
    assert waiting_at < hypotheses.index("Line 4")
