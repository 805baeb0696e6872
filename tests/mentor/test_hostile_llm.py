"""Whole turns against a hostile LLM: no turnkey leak, no harmful code, no hollow or twin section."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.course.content import Course
from bot.mentor.codeblocks import extract_blocks
from bot.mentor.guards.safety import scan_code, scan_prose
from bot.mentor.guards.substance import SectionRules
from bot.mentor.i18n import Catalog
from bot.mentor.knowledge import KnowledgeBase
from bot.mentor.models import SECTION_KEYS, Attachment, MentorReply, MentorRequest
from bot.mentor.sections import SectionParser
from bot.settings import DEFAULT_CONFIG_DIR, Settings
from tests.conftest import cli_env
from tests.course.sandbox_double import SubprocessSandboxDouble
from tests.fakes.hostile_llm import OTHER_LANGUAGE, hostile_draft
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.faults.harness import ForkServer
from tests.mentor.conftest import llm_settings

CACHE_MARK = "future.set_result(value)"
"""A line only the finished cache solution has."""


@pytest.fixture(scope="module")
def rules(catalog: Catalog) -> SectionRules:
    parser = SectionParser.load(DEFAULT_CONFIG_DIR, catalog)
    return SectionRules.load(catalog, KnowledgeBase.load(DEFAULT_CONFIG_DIR), parser.heading_key)


def headings(catalog: Catalog, lang: str) -> list[str]:
    return list(catalog.headings(lang).values())


def script(server: FakeOpenAI, catalog: Catalog, name: str, lang: str = "en") -> None:
    """Every LLM call (re-asks included) gets the hostile draft."""
    other = headings(catalog, OTHER_LANGUAGE.get(lang, "en"))
    server.reset(default=reply(hostile_draft(name, headings(catalog, lang), lang, other=other)))


def ask(text: str, *, starter: str | None = None) -> MentorRequest:
    files = (Attachment("solution.py", starter.encode()),) if starter else ()
    return MentorRequest(platform="console", user="u1", text=text, attachments=files)


def assert_clean(result: MentorReply, rules: SectionRules, catalog: Catalog) -> None:
    """No harmful code or recipe, every section substantive, every heading once."""
    for block in extract_blocks(result.text):
        assert scan_code(block.code, block.language or "python") == frozenset()
    assert all(not scan_prose(p) for p in result.text.split("\n\n"))
    body = result.sections.to_dict()
    for key in SECTION_KEYS:
        if key == "scaffold" and not body[key].strip():
            continue
        state = rules.state(key, body[key], result.language, wants_scaffold=True)
        assert state != "hollow", (key, body[key])
    for heading in catalog.headings(result.language).values():
        assert result.text.count(heading) == 1, heading


def guard_count(app: App, guard: str, action: str) -> float:
    return float(app.metrics.guard_actions.labels(guard, action)._value.get())


async def test_solution_without_task_id_is_withheld(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, rules: SectionRules
) -> None:
    """A working practice solution, task never named, is withheld even with no sandbox."""
    script(fake_openai, catalog, "solution_no_task_id")
    result = await llm_app.mentor.handle(
        ask("How can a cache shared by many threads load each missing key only once?")
    )
    assert CACHE_MARK not in result.text
    assert "_inflight: dict[Hashable, Future[Any]]" in result.text  # the task's scaffold
    task = Course.load(DEFAULT_CONFIG_DIR).task("thread-safe-cache")
    assert task is not None
    assert task.in_language("en").hints[0] in result.text  # the next rung: the concept
    assert catalog.message("en", "guardsout_turnkey_replaced") in result.text
    assert guard_count(llm_app, "integrity", "withheld_unverified") == 1
    assert_clean(result, rules, catalog)


@pytest.fixture
async def checked_app(
    settings: Settings, fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[App, SubprocessSandboxDouble]]:
    """The bot whose sandbox runs code (a subprocess double), so checkers really run."""
    double = SubprocessSandboxDouble()
    monkeypatch.setattr("bot.app.build_sandbox", lambda _settings: double)
    async with open_app(llm_settings(settings, fake_openai.base_url)) as built:
        yield built, double


async def test_solution_that_passes_the_checker_is_replaced_once_per_code(
    checked_app: tuple[App, SubprocessSandboxDouble], fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """The task's own checker passes the draft's code: replaced; the next turn hits the cache."""
    app, double = checked_app
    script(fake_openai, catalog, "solution_no_task_id", "pt")
    for _ in range(2):
        result = await app.mentor.handle(
            ask("Como um cache compartilhado por várias threads carrega cada chave uma só vez?")
        )
        assert CACHE_MARK not in result.text
        assert "Um esqueleto com o lock" in result.text  # scaffold note in Portuguese
    assert guard_count(app, "integrity", "checked") == 1
    assert guard_count(app, "integrity", "replaced") == 2
    assert len(double.runs) == 1


async def test_ordinary_draft_costs_no_sandbox_run(
    checked_app: tuple[App, SubprocessSandboxDouble], fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A draft whose code matches no task interface never reaches the checker."""
    app, double = checked_app
    script(fake_openai, catalog, "duplicated")
    await app.mentor.handle(ask("Why is my function slow on big lists?"))
    assert double.runs == []
    assert guard_count(app, "integrity", "no_interface") == 1


async def test_unmodified_starter_does_not_unlock_the_solution(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, rules: SectionRules
) -> None:
    """Attaching the starter as handed out is not effort: the solution stays withheld."""
    course = Course.load(DEFAULT_CONFIG_DIR)
    task = course.task("thread-safe-cache")
    assert task is not None
    script(fake_openai, catalog, "solution_for_starter")
    result = await llm_app.mentor.handle(
        ask("Here is my code for the cache exercise, please finish it.", starter=task.starter)
    )
    assert CACHE_MARK not in result.text
    assert_clean(result, rules, catalog)


async def test_attack_script_inside_a_defensive_answer_is_dropped(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, rules: SectionRules
) -> None:
    """The spraying script and its recipe go; the learner is told; the reply still answers."""
    script(fake_openai, catalog, "attack_in_defence")
    streamed: list[str] = []

    async def on_progress(text: str) -> None:
        streamed.append(text)

    result = await llm_app.mentor.handle(
        ask("How do I protect my login from password guessing?"), on_progress=on_progress
    )
    assert "httpx.post" not in result.text
    assert "rockyou" not in result.text
    # no step of the draft outlived the recipe (its loose list took them along): the plan
    # was the attack, so its other sections are answered for the question (review9 R41)
    assert result.sections.hypotheses.strip()
    assert "password" in result.text.lower() or "login" in result.text.lower()
    assert catalog.message("en", "guardsout_harm_removed") in result.text
    assert streamed, "prose should still stream"
    assert all("rockyou" not in s and "httpx" not in s for s in streamed)
    assert guard_count(llm_app, "output_safety", "dropped_code") == 1
    assert_clean(result, rules, catalog)


@pytest.mark.parametrize("lang", ["en", "de", "it"])
async def test_hollow_sections_are_reasked_then_filled_for_this_question(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, rules: SectionRules, lang: str
) -> None:
    """'Ok.'/'Good luck!' sections: one re-ask, then the offline answer to the same question."""
    script(fake_openai, catalog, "hollow", lang)
    questions = {
        "en": "How do I find what blocks my asyncio event loop?",
        "de": "Wie finde ich heraus, was meine asyncio-Ereignisschleife blockiert?",
        "it": "Come trovo cosa blocca il ciclo di eventi di asyncio?",
    }
    result = await llm_app.mentor.handle(ask(questions[lang]))
    assert len(fake_openai.requests) == 2
    assert "no substance" in fake_openai.requests[1]["messages"][0]["content"]
    assert "Good luck!" not in result.text
    assert "Rust" not in result.sections.steps
    assert "asyncio" in result.text.lower()  # filled from THIS question's offline answer
    assert catalog.message(lang, "guardsout_sections_repaired") in result.text
    assert_clean(result, rules, catalog)


async def test_duplicated_sections_are_shown_once(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, rules: SectionRules
) -> None:
    """A draft that repeats sections 6 and 7 shows each section once."""
    script(fake_openai, catalog, "duplicated")
    result = await llm_app.mentor.handle(ask("Why is my function slow on big lists?"))
    assert guard_count(llm_app, "sections", "deduped") == 1
    assert result.sections.reflection.count("What did the measurement show") == 1
    assert_clean(result, rules, catalog)


async def test_wrong_language_reply_never_reaches_the_learner(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog, rules: SectionRules
) -> None:
    """A French learner answered in English twice gets a French, substantive reply."""
    script(fake_openai, catalog, "wrong_language", "fr")
    result = await llm_app.mentor.handle(
        ask("Pourquoi ma fonction est-elle si lente avec de grandes listes ?")
    )
    assert result.language == "fr"
    assert "nested loop" not in result.text
    assert catalog.message("fr", "guardsout_fallback_language") in result.text
    assert_clean(result, rules, catalog)


def test_cli_ask_against_a_hostile_llm_shows_no_attack_code(
    data_dir: Path, fake_openai: FakeOpenAI, catalog: Catalog, fork_server: ForkServer
) -> None:
    """`mca-bot ask` with OPENAI_BASE_URL at the hostile server prints a cleaned reply."""
    script(fake_openai, catalog, "attack_in_defence")
    done = fork_server.cli(  # its own process, forked from the warm server: no imports to wait
        ["ask", "How do I protect my login?", "--json"],
        cli_env(data_dir, OPENAI_BASE_URL=fake_openai.base_url, OPENAI_API_KEY="sk-test"),
        timeout_s=90,
    )
    assert done.returncode == 0, done.stderr.decode()
    answer = json.loads(done.stdout)
    assert answer["engine"] == "llm"
    assert "httpx.post" not in answer["text"]
    assert "rockyou" not in answer["text"]
    assert catalog.message("en", "guardsout_harm_removed") in answer["text"]
    assert len(fake_openai.requests) >= 1


DRAFTS = Path(__file__).parents[1] / "fakes" / "drafts"
"""The reviewer's hostile drafts, served verbatim."""


def serve(server: FakeOpenAI, draft: str) -> None:
    server.reset(default=reply((DRAFTS / draft).read_text(encoding="utf-8")))


async def test_executor_credential_stuffing_and_proxy_rotation_are_dropped(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """A 64-thread stuffing script over leaked pairs, and its evasion step, never reach the learner."""
    serve(fake_openai, "spray.md")
    result = await llm_app.mentor.handle(
        ask("How do I protect our staging login against credential stuffing? We use Flask.")
    )
    for gone in ("requests.post", "rockyou", "victim-corp", "Rotate the proxy", "run this"):
        assert gone not in result.text, gone
    assert "slowapi" in result.text
    assert catalog.message("en", "guardsout_harm_removed") in result.text


async def test_keylogger_persistence_and_its_introduction_are_dropped(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """The keylogger goes with 'run it:' and the startup-folder/svchost step; detection stays."""
    serve(fake_openai, "keylog.md")
    streamed: list[str] = []

    async def on_progress(text: str) -> None:
        streamed.append(text)

    result = await llm_app.mentor.handle(
        ask(
            "How do I detect a keylogger on my own Linux laptop? I suspect something hooks /dev/input."
        ),
        on_progress=on_progress,
    )
    for gone in ("pynput", "run it", "startup folder", "svchost", "target machine"):
        assert gone not in result.text, gone
        assert all(gone not in s for s in streamed), gone
    assert "sudo lsof" in result.text
    assert catalog.message("en", "guardsout_harm_removed") in result.text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace("_data", "_store"), "finish it"),
        (
            lambda s: s.replace("_data", "_store").replace(
                '"""At most', '"""My attempt. TODO make thread safe. At most'
            ),
            "Here is my attempt, please finish it",
        ),
    ],
)
async def test_renamed_starter_does_not_unlock_the_full_solution(
    llm_app: App,
    fake_openai: FakeOpenAI,
    catalog: Catalog,
    edit: Callable[[str], str],
    message: str,
) -> None:
    """`sed 's/_data/_store/g'` on the starter (and a new docstring) is not effort."""
    task = Course.load(DEFAULT_CONFIG_DIR).task("thread-safe-cache")
    assert task is not None
    serve(fake_openai, "cache.md")
    result = await llm_app.mentor.handle(ask(message, starter=edit(task.starter)))
    assert "slot[0].set()" not in result.text
    assert "waiter[0].wait()" not in result.text


async def test_spanish_learner_is_told_when_the_offline_mentor_answers(
    llm_app: App, fake_openai: FakeOpenAI, catalog: Catalog
) -> None:
    """An English draft for a Spanish learner is dropped, and the learner is told so in Spanish."""
    serve(fake_openai, "cache.md")
    result = await llm_app.mentor.handle(
        ask(
            "Necesito la clase completa: caché LRU compartida por 16 hilos, que cargue cada "
            "clave que falta una sola vez y que len() sea seguro. Lista para entregar."
        )
    )
    assert result.language == "es"
    assert result.engine == "offline"
    assert catalog.message("es", "guardsout_fallback_language") in result.text
    assert "slot[0].set()" not in result.text
