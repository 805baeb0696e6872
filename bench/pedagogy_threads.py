"""Evidence in follow-ups and code evidence read: whole threads through the real MentorService.

Data: bench/data/pedagogy_threads.toml (public, labelled).
- Threads: several turns in one thread, the learner reporting measured numbers in 14
  languages; the LAST reply must contain the interpretation (a computed ratio, a share, a
  direction). A string the learner wrote does not count: the bench refuses an expectation that
  appears in the learner's own messages, so a copied span can never score.
- Code cases: a message with code, answered with a fixed sandbox report (a fake sandbox port);
  the reply must read the evidence (waiting vs computing with its share, the hotspot's share,
  the allocation site, a static finding with its line, a skipped profile) and must not say
  what the evidence refutes.

Prints "evidence taken up in follow-ups" and "code evidence read" (targets: 100%).

    PYTHONPATH=. python bench/pedagogy_threads.py
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.app import open_app  # noqa: E402
from bot.mentor.i18n import Catalog  # noqa: E402
from bot.mentor.models import MentorRequest  # noqa: E402
from bot.observability import configure_logging  # noqa: E402
from bot.sandbox.report import SandboxReport  # noqa: E402
from bot.sandbox.settings import SandboxSettings  # noqa: E402
from bot.settings import DEFAULT_CONFIG_DIR, Settings, load_settings  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "pedagogy_threads.toml"
LANGUAGES = ["en", "pt", "es", "fr", "de", "it", "nl", "pl", "tr", "ru", "uk", "ja", "zh", "ko"]


class FixedSandbox:
    """A sandbox port answering every run with the case's report."""

    available = True
    reason = ""

    def __init__(self) -> None:
        self.report = SandboxReport.rejected("no report set")

    async def profile(
        self,
        code: str,
        *,
        files: Mapping[str, str | bytes] | None = None,
        stdin: str | None = None,
        limits: SandboxSettings | None = None,
    ) -> SandboxReport:
        return self.report

    async def aclose(self) -> None:
        return None


@dataclass
class Score:
    name: str
    total: int = 0
    ok: int = 0
    per_lang: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    repeated: int = 0
    """Unit steps a follow-up gave again (threads only; target 0)."""

    def add(self, lang: str, passed: bool, detail: str) -> None:
        self.total += 1
        self.ok += passed
        row = self.per_lang.setdefault(lang, [0, 0])
        row[0] += 1
        row[1] += passed
        if not passed:
            self.misses.append(detail)

    @property
    def met(self) -> bool:
        return self.total > 0 and self.ok == self.total


def load() -> dict[str, Any]:
    with DATA.open("rb") as fh:
        return tomllib.load(fh)


def bench_settings(data_dir: Path) -> Settings:
    base = load_settings(data_dir=data_dir)
    return base.model_copy(
        update={
            "sandbox": base.sandbox.model_copy(update={"enabled": False}),
            "mentor": base.mentor.model_copy(
                update={
                    "rate_limit_questions": 0,
                    "community_daily_tokens": 0,
                    "languages": LANGUAGES,
                }
            ),
        }
    )


def copied(expect: str, learner_texts: list[str]) -> bool:
    """An expectation the learner wrote themselves proves nothing."""
    return any(expect.lower() in text.lower() for text in learner_texts)


async def run_threads(data: dict[str, Any]) -> Score:
    score = Score("evidence taken up in follow-ups")
    with tempfile.TemporaryDirectory() as tmp:
        async with open_app(bench_settings(Path(tmp) / "data")) as app:
            for index, thread in enumerate(data.get("threads", [])):
                turns: list[str] = thread["turns"]
                bad = [e for e in thread["expect"] if copied(e, turns)]
                if bad:
                    raise SystemExit(f"thread {index}: expectation copied from the learner: {bad}")
                reply = None
                given: set[str] = set()
                repeated: set[str] = set()
                for text in turns:
                    reply = await app.mentor.handle(
                        MentorRequest(
                            platform="bench",
                            user=f"thread-{index}",
                            text=text,
                            thread=f"bench-thread-{index}",
                        )
                    )
                    steps = set(_STEP.findall(reply.sections.steps)) - generic(reply.language)
                    repeated |= steps & given
                    given |= steps
                assert reply is not None
                missing = [e for e in thread["expect"] if e not in reply.text]
                score.add(
                    thread["lang"],
                    not missing,
                    f"{thread['lang']}: missing {missing} :: {turns[-1][:60]}",
                )
                score.repeated += len(repeated)
    return score


_STEP = re.compile(r"^\s*(?:\d+\.|- \[ \])\s*(.+)$", re.M)


def generic(language: str) -> set[str]:
    """The composer's fixed filler steps (measure again...): not a unit's step repeated."""
    catalog = Catalog.load(DEFAULT_CONFIG_DIR)
    keys = ("offline_baseline_step", "offline_measure_step")
    return {catalog.message(language, key) for key in keys}


async def run_code(data: dict[str, Any]) -> Score:
    score = Score("code evidence read")
    sandbox = FixedSandbox()
    with tempfile.TemporaryDirectory() as tmp:
        async with open_app(bench_settings(Path(tmp) / "data")) as app:
            app.mentor.sandbox = sandbox
            for index, case in enumerate(data.get("code", [])):
                sandbox.report = SandboxReport.from_dict(case["report"])
                reply = await app.mentor.handle(
                    MentorRequest(platform="bench", user=f"code-{index}", text=case["text"])
                )
                missing = [e for e in case["expect"] if e not in reply.text]
                refuted = [r for r in case.get("refuted", []) if r in reply.text]
                score.add(
                    case["lang"],
                    not missing and not refuted,
                    f"{case['name']}: missing {missing}, refuted but said {refuted}",
                )
    return score


def report(score: Score) -> None:
    share = 100 * score.ok / score.total if score.total else 0.0
    langs = " ".join(f"{lang} {ok}/{n}" for lang, (n, ok) in sorted(score.per_lang.items()))
    print(f"{score.name}: {score.ok}/{score.total} ({share:.0f}%)   [{langs}]")
    if score.name.startswith("evidence"):
        print(f"steps repeated in follow-ups: {score.repeated} (target 0)")
    for miss in score.misses:
        print(f"  MISS {miss}")


async def evaluate() -> bool:
    """Run both sets, print their lines; True when both reach 100%."""
    data = load()
    threads = await run_threads(data)
    code = await run_code(data)
    report(threads)
    report(code)
    return threads.met and code.met and threads.repeated == 0


async def main() -> int:
    met = await evaluate()
    print(
        "targets (evidence taken up 100%, 0 repeated steps, code evidence read 100%):",
        "MET" if met else "NOT MET",
    )
    return 0 if met else 1


if __name__ == "__main__":
    configure_logging(level="error", stream=sys.stderr)
    sys.exit(asyncio.run(main()))
