"""The LLM prompt carries the method's asks and the thread's state, within the budget."""

from __future__ import annotations

import pytest

from bot.engine.prompt import METHOD_RULES, PromptBuilder
from bot.mentor.engine_port import EngineRequest, Turn
from bot.mentor.facts import ThreadMemory
from bot.mentor.i18n import Catalog
from bot.mentor.models import Role
from bot.mentor.understanding import extract

MEMORY = ThreadMemory(
    units=("asyncio.blocking-call",),
    hypotheses=("A synchronous DB call blocks the loop: slow-callback warnings name it.",),
    evidence=extract("p99 is 1.2 s with uvicorn").quantities,
    stack=("fastapi", "uvicorn"),
    given=frozenset({"latency", "stack"}),
    code="async def handler():\n    time.sleep(1)\n",
    sandbox="status=ok wall=2122ms cpu=61ms",
    turns=2,
)


def follow_up(**extra: object) -> EngineRequest:
    base: dict[str, object] = {
        "question": "with uvloop p99 is now 700 ms",
        "language": "en",
        "role": Role.MENTOR,
        "memory": MEMORY,
        "facts": extract("with uvloop p99 is now 700 ms"),
        "evidence_notes": ("p99 1.2 s → 700 ms is 1.7x faster (42% less time).",),
        "findings": ("Line 2: `time.sleep` inside `async def handler` blocks the event loop.",),
        "history": (Turn("learner", "p99 is 1.2 s with uvicorn"), Turn("mentor", "ok")),
    }
    base.update(extra)
    return EngineRequest(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "ask",
    [
        "latency (p50/p95/p99)",  # goals
        "failure modes and how to degrade",
        "Steps: 3-6",
        "official references",
        "1 concurrency/asyncio",  # topics from the core ten
        "before/after numbers, the decision taken",
        "why this",  # metacognition
        "production-readiness",
        "capstone",
        "challenge",  # hand-wavy claims
        "ethics, privacy and legal",
        "turn it into the next measurement",  # reason from the sandbox, not quote it
        "constraint the learner stated in any turn",
        "already tried",
    ],
)
def test_system_prompt_states_what_the_method_asks(ask: str) -> None:
    """The method's asks for each section are in the system prompt, in our own words."""
    assert ask in METHOD_RULES


def test_prompt_carries_the_thread_state_the_code_and_the_last_run(catalog: Catalog) -> None:
    """A follow-up without code still shows the thread's code, numbers, hypotheses and run."""
    prompt = PromptBuilder(catalog, budget_chars=24000).build(follow_up())
    final = prompt.messages[-1]["content"]
    assert "time.sleep(1)" in final
    assert "p99 1.2 s" in final
    assert "A synchronous DB call blocks the loop" in final
    assert "wall=2122ms cpu=61ms" in final
    assert "fastapi, uvicorn" in final
    given_line = next(ln for ln in final.splitlines() if "do not ask for it again" in ln)
    assert {"latency", "stack", "baseline"} <= set(given_line.split(": ", 1)[1].split(", "))
    assert "1.7x faster" in final
    assert "Line 2: `time.sleep`" in final


def test_this_turns_code_replaces_the_threads_code(catalog: Catalog) -> None:
    """When the learner sends new code, the old one is not sent again."""
    prompt = PromptBuilder(catalog, budget_chars=24000).build(follow_up(code="print('new')\n"))
    final = prompt.messages[-1]["content"]
    assert "print('new')" in final
    assert "time.sleep(1)" not in final


@pytest.mark.parametrize("budget", [4000, 5000, 8000])
def test_thread_state_fits_the_budget(catalog: Catalog, budget: int) -> None:
    """The state is an optional part: cut or dropped, the prompt never exceeds the budget."""
    big = ThreadMemory(code="x = 1\n" * 3000, hypotheses=tuple(f"h{i} " * 60 for i in range(12)))
    prompt = PromptBuilder(catalog, budget_chars=budget).build(follow_up(memory=big))
    assert prompt.chars <= budget
    assert "with uvloop p99 is now 700 ms" in prompt.messages[-1]["content"]


def test_the_prompt_says_what_the_new_numbers_decide(catalog: Catalog) -> None:
    """Better than before is a kept change; a lone measurement is a diagnosis, not a change."""
    builder = PromptBuilder(catalog, budget_chars=12_000)

    def text(request: EngineRequest) -> str:
        return "\n".join(m["content"] for m in builder.build(request).messages)

    assert "the tested change helped" in text(follow_up())
    diagnosis = "I measured: 25 sequential Redis GETs per request, about 1 ms each."
    found = text(follow_up(question=diagnosis, facts=extract(diagnosis)))
    assert "a diagnosis of where the cost is" in found
    assert "the tested change helped" not in found


def test_a_third_turn_prompt_names_the_problem_and_each_numbers_role(catalog: Catalog) -> None:
    """Turn 3 is framed by the first question; a load held constant is never read as a result."""
    text = "At the same 200 rps, each 3 MB response now takes p99 400 ms instead of 900 ms."
    request = follow_up(
        question=text,
        facts=extract(text),
        history=(
            Turn("learner", "Our multiprocessing image pipeline on 8 cores is slow."),
            Turn("mentor", "Measure the pickling cost."),
            Turn("learner", "py-spy: 60% of the time is pickle.loads."),
            Turn("mentor", "Share the arrays."),
        ),
    )
    prompt = PromptBuilder(catalog, budget_chars=24000).build(request)
    final = prompt.messages[-1]["content"]
    problem = final.split("The thread's problem")[1].splitlines()[0]
    assert "multiprocessing image pipeline" in problem
    numbers = final.split("Numbers in the new message:")[1].splitlines()[0]
    assert "200 rps (held constant" in numbers
    assert "3 MB (size of the data" in numbers
    assert "900 ms (baseline" in numbers
    assert "400 ms (result" in numbers
