"""Engine figures: prompt assembly and guard cost, streaming's first visible text, fallback.

Prints per-operation costs (median of repeated runs) and ratios: what the guardrails add to
a turn, how much sooner a learner sees text with streaming than without, and how fast the
offline fallback answers once the circuit breaker is open versus while the LLM keeps failing.

    PYTHONPATH=. python bench/bench_engine.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._mentor_run import offline_settings  # noqa: E402
from bot.app import open_app  # noqa: E402
from bot.engine.prompt import PromptBuilder  # noqa: E402
from bot.mentor.engine_port import EngineRequest, Turn  # noqa: E402
from bot.mentor.guard import LeakDetector, inspect_draft  # noqa: E402
from bot.mentor.i18n import Catalog  # noqa: E402
from bot.mentor.language import LanguageDetector  # noqa: E402
from bot.mentor.models import MentorRequest, Role  # noqa: E402
from bot.mentor.sections import SectionParser  # noqa: E402
from bot.mentor.solution import guard_text  # noqa: E402
from bot.observability import configure_logging  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR, Settings  # noqa: E402
from tests.fakes.openai_server import (  # noqa: E402
    DRAFT_BODIES,
    FULL_SOLUTION,
    FakeOpenAI,
    compose,
    error,
    reply,
)


def median_ms(fn: object, runs: int = 200) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def settings_for(data_dir: Path, base_url: str, **llm: object) -> Settings:
    """The fake LLM at `base_url`, retried quickly, with `llm` overrides."""
    pace = {"max_retries": 2, "backoff_base_s": 0.05, "backoff_max_s": 0.2}
    return offline_settings(data_dir, llm_url=base_url, llm={**pace, **llm})


async def streaming_figures(server: FakeOpenAI, catalog: Catalog, tmp: Path) -> None:
    draft = compose(list(catalog.headings("en").values()), DRAFT_BODIES["en"])
    rows = []
    for stream in (True, False):
        firsts, totals = [], []
        for i in range(5):
            server.reset()
            chunks = -(-len(draft) // 20)
            # the same generation time either way: streamed chunk by chunk, or all at the end
            step = (
                reply(draft, chunk_chars=20, chunk_delay_s=0.01)
                if stream
                else reply(draft, delay_s=0.01 * chunks)
            )
            server.push(step)
            async with open_app(
                settings_for(tmp / f"s{stream}{i}", server.base_url, stream=stream)
            ) as app:
                first: list[float] = []
                started = time.perf_counter()

                async def progress(
                    _: str, first: list[float] = first, started: float = started
                ) -> None:
                    if not first:
                        first.append(time.perf_counter() - started)

                await app.mentor.handle(
                    MentorRequest(
                        platform="bench", user=f"u{i}", text="Why is my loop slow on big lists?"
                    ),
                    on_progress=progress,
                )
                total = time.perf_counter() - started
            firsts.append((first[0] if first else total) * 1000)
            totals.append(total * 1000)
        rows.append((stream, statistics.median(firsts), statistics.median(totals)))
    print("\nStreaming (fake server generating 20 characters every 10 ms):")
    for stream, first, total in rows:
        label = "streamed (SSE)" if stream else "one response"
        print(f"  {label:<16} first visible text {first:7.1f} ms   whole reply {total:7.1f} ms")
    print(f"  -> first text {rows[1][1] / rows[0][1]:.1f}x sooner with streaming")


async def fallback_figures(server: FakeOpenAI, tmp: Path) -> None:
    server.reset(default=error(503))
    async with open_app(settings_for(tmp / "fb", server.base_url, breaker_failures=2)) as app:
        times = []
        for i in range(6):
            started = time.perf_counter()
            result = await app.mentor.handle(
                MentorRequest(
                    platform="bench", user=f"f{i}", text="Why is my asyncio loop blocked?"
                )
            )
            times.append(((time.perf_counter() - started) * 1000, result.engine))
    failing = statistics.median(t for t, _ in times[:2])
    open_ = statistics.median(t for t, _ in times[2:])
    print("\nFallback with the LLM down (503, 2 retries with jittered backoff):")
    print(f"  breaker closed (retries, then offline) {failing:7.1f} ms per turn")
    print(f"  breaker open (offline at once)         {open_:7.1f} ms per turn")
    print(
        f"  -> {failing / open_:.0f}x faster answers once the breaker is open; engines {[e for _, e in times]}"
    )


async def main() -> None:
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    detector = LanguageDetector(["en", "pt", "es", "fr", "de", "it"])
    detector.detect("warm up the model once")
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    leaks = LeakDetector()
    history = tuple(
        Turn("learner" if i % 2 == 0 else "mentor", f"turn {i} " + "text " * 300) for i in range(12)
    )
    request = EngineRequest(
        question="Why is my loop slow?",
        language="pt",
        role=Role.MENTOR,
        history=history,
        code="def f(n):\n    return sum(range(n))\n" * 20,
        summary="earlier: " * 100,
    )
    builder = PromptBuilder(catalog, budget_chars=24000)
    bodies = list(DRAFT_BODIES["pt"])
    bodies[3] = FULL_SOLUTION
    draft = compose(list(catalog.headings("pt").values()), tuple(bodies))

    prompt_ms = median_ms(lambda: builder.build(request))
    parse_ms = median_ms(lambda: parser.parse(draft))
    sections = parser.parse(draft)[0]
    inspect_ms = median_ms(
        lambda: inspect_draft(
            sections, draft, expected_language="pt", detector=detector, leaks=leaks
        )
    )
    solution_ms = median_ms(lambda: guard_text(draft, strict=True))
    guard_total = parse_ms + inspect_ms + solution_ms
    print("Per-draft costs (median of 200):")
    print(f"  prompt assembly (12 turns, code, summary; 24k budget) {prompt_ms:7.3f} ms")
    print(f"  parse 7 sections                                      {parse_ms:7.3f} ms")
    print(f"  leak + language + structure checks                    {inspect_ms:7.3f} ms")
    print(f"  solution guard (ast, scaffold)                        {solution_ms:7.3f} ms")
    print(
        f"  -> guardrails add {guard_total:.2f} ms a draft, "
        f"{guard_total / 1500 * 100:.2f}% of a 1.5 s LLM reply"
    )
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as server:
        await streaming_figures(server, catalog, Path(tmp))
        await fallback_figures(server, Path(tmp))


if __name__ == "__main__":
    configure_logging(level="error", stream=sys.stderr)
    asyncio.run(main())
