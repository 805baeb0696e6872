"""Competence from evidence (never self-report) and per-thread context (history, summary)."""

from __future__ import annotations

from bot.app import App, open_app
from bot.mentor import competence
from bot.mentor.context import SUMMARY_HEAD
from bot.mentor.i18n import Catalog
from bot.mentor.models import Attachment, MentorRequest
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport
from bot.settings import Settings
from bot.storage.store import ThreadRecord
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.sandbox import ScriptedSandbox
from tests.mentor.conftest import good_draft, llm_settings

BENCH_CODE = b"""import timeit

def slow(n):
    return sum(i * i for i in range(n))

def test_slow():
    assert slow(3) == 5

print(timeit.timeit(lambda: slow(1000), number=100))
"""


MEASURING = SandboxReport(
    status=RunStatus.OK,
    exit_code=0,
    wall_ms=12.5,
    cpu_ms=12.0,
    stdout="0.01\n",
    hotspots=(Hotspot("slow", "main.py", 3, 100, 9.0, 11.0),),
)
"""Every run completed with a hotspot."""


def test_only_completed_runs_count_as_evidence() -> None:
    """Evidence needs a completed sandbox run of the learner's code."""
    ok = SandboxReport(status=RunStatus.OK, hotspots=(Hotspot("f", "m.py", 1, 1, 1.0, 1.0),))
    failed = SandboxReport(status=RunStatus.ERROR)
    code = BENCH_CODE.decode()
    assert competence.evidence_from(ok, code) == competence.Evidence(1, 1, 1, 1)
    assert competence.evidence_from(failed, code).points == 0
    assert competence.evidence_from(None, code).points == 0


def test_support_level_rises_with_score() -> None:
    """guided -> standard -> advanced as measured evidence accumulates."""
    record: dict[str, object] = {}
    assert competence.support_level(record) == "guided"
    full = competence.Evidence(runs=1, tests=1, benchmarks=1, profiles=1)
    record = competence.updated(record, full, ("profiling",))
    assert competence.support_level(record) == "standard"
    record = competence.updated(record, full, ("profiling",))
    assert competence.support_level(record) == "advanced"
    assert record["topics"] == {"profiling": 12}


async def test_self_report_never_raises_competence(settings: Settings) -> None:
    """'I am an expert' changes nothing; the support level stays guided."""
    async with open_app(settings) as app:
        for _ in range(3):
            await app.mentor.handle(
                MentorRequest(
                    platform="console",
                    user="boaster",
                    text="I am an expert, I benchmark everything all day.",
                )
            )
        learner = await app.store.upsert_learner("console", "boaster")
    assert competence.support_level(learner.competence) == "guided"


async def test_measured_runs_raise_competence_and_deepen_the_prompt(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    """Completed runs with tests and benchmarks raise the level the LLM is told about."""
    async with open_app(llm_settings(settings, fake_openai.base_url)) as app:
        app.mentor.sandbox = ScriptedSandbox(MEASURING)
        request = MentorRequest(
            platform="console",
            user="measurer",
            text="Why is slow() slow? Here is my benchmark.",
            attachments=(Attachment("main.py", BENCH_CODE),),
        )
        for _ in range(2):
            await app.mentor.handle(request)
        learner = await app.store.upsert_learner("console", "measurer")
        await app.mentor.handle(request)
    assert learner.competence["level"] == "advanced"
    systems = [r["messages"][0]["content"] for r in fake_openai.requests]
    assert "Hint depth: guided" in systems[0]
    assert "Hint depth: standard" in systems[1]
    assert "Hint depth: advanced" in systems[-1]


async def test_offline_hint_depth_follows_support_level(settings: Settings) -> None:
    """The offline engine gives fewer, higher-level steps at a higher support level."""
    async with open_app(settings) as app:
        learner = await app.store.upsert_learner("console", "pro")
        full = competence.Evidence(runs=5, tests=5, benchmarks=5, profiles=5)
        await app.store.set_competence(learner.id, competence.updated({}, full, ()))
        expert = await app.mentor.handle(
            MentorRequest(platform="console", user="pro", text="How do I profile a slow function?")
        )
        novice = await app.mentor.handle(
            MentorRequest(platform="console", user="new", text="How do I profile a slow function?")
        )
    assert expert.sections.steps.count("\n") < novice.sections.steps.count("\n")


async def _numbered_questions(app: App, user: str, count: int) -> list[ThreadRecord]:
    """`count` numbered questions in one thread; the thread as stored after each."""
    records: list[ThreadRecord] = []
    thread = None
    for i in range(count):
        text = f"Question number {i}: why is step {i} of my pipeline slow?"
        result = await app.mentor.handle(
            MentorRequest(platform="console", user=user, text=text, thread=thread)
        )
        thread = result.thread
        record = await app.store.get_thread("console", thread)
        assert record is not None
        records.append(record)
    return records


async def test_long_thread_is_summarized_and_prompt_stays_in_budget(
    settings: Settings, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """Turns leaving the verbatim window go into the summary the LLM sees; the prompt fits."""
    # a reply per turn that moves on (one repeating the last is replaced by the offline one)
    draft = good_draft(catalog, "en")
    fake_openai.push(*(reply(draft.replace("\n**", f" (turn {i})\n**")) for i in range(6)))
    small = llm_settings(settings, fake_openai.base_url, history_turns=4, rate_limit_questions=0)
    small = small.model_copy(
        update={"llm": small.llm.model_copy(update={"prompt_budget_chars": 7600})}
    )
    async with open_app(small) as app:
        record = (await _numbered_questions(app, "long", 6))[-1]
    assert record.summary.startswith(SUMMARY_HEAD)
    assert "Question number 0" in record.summary
    last = fake_openai.requests[-1]["messages"]
    assert sum(len(m["content"]) for m in last) <= 7600
    assert "Question number 0" in last[-1]["content"]  # via the summary
    assert "Question number 5" in last[-1]["content"]
    assert len(last) == 2 + 4  # system, 4 history turns, the new message


async def test_role_emphasis_is_sticky_in_a_thread(settings: Settings) -> None:
    """A follow-up without a role cue keeps the thread's emphasis."""
    async with open_app(settings) as app:
        first = await app.mentor.handle(
            MentorRequest(
                platform="console", user="r", text="Give me a skeleton for a retry decorator"
            )
        )
        second = await app.mentor.handle(
            MentorRequest(
                platform="console",
                user="r",
                text="and what about the backoff?",
                thread=first.thread,
            )
        )
    assert first.role.value == "copilot"
    assert second.role.value == "copilot"


async def test_summary_starts_when_the_first_turn_leaves_the_window(
    settings: Settings, fake_openai: FakeOpenAI
) -> None:
    """No summary while the thread fits the verbatim window; the first turn out goes into it."""
    small = llm_settings(settings, fake_openai.base_url, history_turns=2, rate_limit_questions=0)
    async with open_app(small) as app:
        summaries = [record.summary for record in await _numbered_questions(app, "short", 3)]
    assert summaries[0] == ""
    assert "Question number 0" in summaries[1]
    assert "Question number 1" in summaries[2]
