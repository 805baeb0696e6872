"""The course room through Discord: the real `python -m bot run` against the fake Discord."""

from __future__ import annotations

import asyncio
import json
import time
import tomllib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from tests.conftest import REPO_ROOT
from tests.course.conftest import solution
from tests.fakes.discord_server import (
    CHANNEL_ID,
    EPHEMERAL,
    GUILD_ID,
    LEARNER,
    FakeDiscord,
    RestCall,
    user,
)
from tests.fakes.openai_server import FakeOpenAI
from tests.faults.harness import log_events
from tests.platforms.discord.bot_process import SANDBOX, discord_bot

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

UI = tomllib.loads((REPO_ROOT / "config/course/ui.toml").read_text("utf-8"))["en"]
MESSAGES = tomllib.loads((REPO_ROOT / "config/i18n/en.toml").read_text("utf-8"))["messages"]
MANAGE_GUILD = 1 << 5
ADMIN_ROLE_ID = 600000000000000001
ADMIN = user(400000000000000007, "moderator")


@dataclass
class CourseRun:
    """The bot process, the fakes it talks to, and its log."""

    fake: FakeDiscord
    llm: FakeOpenAI
    log_path: Path

    def events(self, name: str) -> list[dict[str, Any]]:
        """JSON log events of that name so far."""
        return log_events(self.log_path.read_text("utf-8", "replace"), name)

    async def command(
        self, sub: str, *, author: dict[str, Any] = LEARNER, **options: Any
    ) -> tuple[dict[str, Any], list[RestCall]]:
        """/mca <sub>; returns the payload and every answer to it (callback, followups, edits)."""
        payload = self.fake.slash(sub, author=author, **options)
        return payload, await self.send(payload)

    async def send(self, payload: dict[str, Any]) -> list[RestCall]:
        token = payload["token"]
        since = time.monotonic()
        await self.fake.dispatch("INTERACTION_CREATE", payload)

        def answered() -> list[RestCall]:
            calls = [c for c in self.fake.calls if c.at >= since and token in c.path]
            final = [c for c in calls if c.content or c.files]
            return calls if final else []

        await self.fake.wait_for(answered, within_s=30.0)
        await asyncio.sleep(0.2)  # the rest of a split answer
        return [c for c in self.fake.calls if c.at >= since and token in c.path]


def text_of(calls: list[RestCall]) -> str:
    return "\n".join(c.content or "" for c in calls)


def private(calls: list[RestCall]) -> bool:
    """Every message of the answer is ephemeral (only the asker sees it)."""
    flags = []
    for call in calls:
        body = call.body if isinstance(call.body, dict) else {}
        data = body.get("data") if isinstance(body.get("data"), dict) else body
        if "flags" in data:
            flags.append(int(data["flags"]))
    return bool(flags) and all(f & EPHEMERAL for f in flags)


def announcements(fake: FakeDiscord) -> list[RestCall]:
    return [
        c
        for c in fake.find("POST", f"/channels/{CHANNEL_ID}/messages")
        if "Practice task of the week" in (c.content or "")
    ]


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    tmp_path_factory: pytest.TempPathFactory, llm: FakeOpenAI
) -> AsyncIterator[CourseRun]:
    root = tmp_path_factory.mktemp("discord-course")
    config = root / "course.toml"
    config.write_text(f'[course.announce_channels]\ndiscord = ["{CHANNEL_ID}"]\n', "utf-8")
    async with discord_bot(
        root,
        OPENAI_BASE_URL=llm.base_url,
        OPENAI_API_KEY="sk-test-not-a-real-key",
        MCA_COURSE_ANNOUNCE_CRON="* * * * *",  # always due: the scheduler posts at start
        MCA_COURSE_ANNOUNCE_POLL_S="0.5",
        MCA_CONFIG=str(config),
    ) as started:
        fake = started.fake
        role = {
            "id": str(ADMIN_ROLE_ID),
            "name": "Moderators",
            "permissions": str(MANAGE_GUILD),
            "position": 1,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        await fake.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(GUILD_ID), "role": role})
        yield CourseRun(fake, llm, started.log_path)


async def test_course_subcommands_sync_in_the_mca_group(bot: CourseRun) -> None:
    """The course commands are subcommands of /mca, next to ask; admin ones live apart."""
    synced = {c["name"]: c for c in bot.fake.commands[str(GUILD_ID)]}
    assert set(synced) == {"mca", "mca-admin"}
    subs = {o["name"] for o in synced["mca"]["options"]}
    assert {"ask", "course", "session", "progress", "practice", "submit", "hint"} <= subs
    assert "announce" not in subs


async def test_admin_commands_are_hidden_from_members_without_manage_server(
    bot: CourseRun,
) -> None:
    """/mca-admin carries default_member_permissions = Manage Server and is guild-only."""
    admin = next(c for c in bot.fake.commands[str(GUILD_ID)] if c["name"] == "mca-admin")
    assert int(admin["default_member_permissions"]) == MANAGE_GUILD
    assert "announce" in {o["name"] for o in admin["options"]}
    mca = next(c for c in bot.fake.commands[str(GUILD_ID)] if c["name"] == "mca")
    assert mca.get("default_member_permissions") is None


async def test_commands_carry_name_and_description_localizations(bot: CourseRun) -> None:
    """A Brazilian client sees /mca perguntar with a Portuguese description."""
    mca = next(c for c in bot.fake.commands[str(GUILD_ID)] if c["name"] == "mca")
    ask = next(o for o in mca["options"] if o["name"] == "ask")
    assert ask["name_localizations"]["pt-BR"] == "perguntar"
    assert ask["description_localizations"]["pt-BR"].startswith("Pergunte ao mentor")
    question = next(o for o in ask["options"] if o["name"] == "question")
    assert question["name_localizations"]["pt-BR"] == "pergunta"


async def test_session_number_offers_exactly_the_eight_sessions(bot: CourseRun) -> None:
    """/mca session shows the choices 1-8, nothing else can be sent."""
    mca = next(c for c in bot.fake.commands[str(GUILD_ID)] if c["name"] == "mca")
    session = next(o for o in mca["options"] if o["name"] == "session")
    number = session["options"][0]
    assert [c["value"] for c in number["choices"]] == list(range(1, 9))


@pytest.mark.parametrize(("typed", "expected"), [("", "mp-pipeline"), ("pyo3", "pyo3-review")])
async def test_task_ids_autocomplete_with_titles(bot: CourseRun, typed: str, expected: str) -> None:
    """Typing a task id offers matching ids with their titles (Discord's autocomplete)."""
    payload = bot.fake.slash("hint", task=typed)
    payload["type"] = 4  # APPLICATION_COMMAND_AUTOCOMPLETE
    payload["data"]["options"][0]["options"][0]["focused"] = True
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    await bot.fake.wait_for(lambda: payload["token"] in bot.fake.autocompletes)
    choices = bot.fake.autocompletes[payload["token"]]
    assert expected in [c["value"] for c in choices]
    assert all(c["value"] in c["name"] for c in choices)
    assert all(typed in c["value"] or typed in c["name"].lower() for c in choices)


async def test_course_lists_sessions_privately(bot: CourseRun) -> None:
    """/mca course answers only the learner, with the 8 sessions."""
    _, calls = await bot.command("course")
    text = text_of(calls)
    assert "1. System design and constraints" in text
    assert "8. Packaging, CI/CD and rollout" in text
    assert private(calls)


async def test_session_opens_a_thread_whose_followups_carry_the_session(bot: CourseRun) -> None:
    """/mca session 3 opens a public thread with the session; a follow-up there is graded in context."""
    since = time.monotonic()
    payload = bot.fake.slash("session")
    payload["data"]["options"][0]["options"] = [{"name": "number", "type": 4, "value": 3}]
    calls = await bot.send(payload)
    thread = bot.fake.threads_created(since)[0]
    assert thread["type"] == 11
    assert "Profiling and memory" in thread["name"]
    tid = int(thread["id"])
    assert f"<#{tid}>" in text_of(calls)
    shown = "\n".join(m["content"] for m in bot.fake.visible(tid))
    assert "Session 3: Profiling and memory" in shown
    assert UI["session_thread"][:40] in shown

    done = len(bot.events("discord.reply_posted"))
    bot.llm.reset()
    await bot.fake.dispatch(
        "MESSAGE_CREATE", bot.fake.user_message(tid, "How should I start the profiling lab?")
    )
    await bot.fake.wait_for(lambda: len(bot.events("discord.reply_posted")) > done, within_s=30)
    prompt = json.dumps(bot.llm.requests[-1]["messages"])
    assert "Course session 3 of 8: Profiling and memory" in prompt


async def test_session_unknown_number_is_refused_without_a_thread(bot: CourseRun) -> None:
    """/mca session 42 gets a polite private refusal and opens no thread."""
    since = time.monotonic()
    payload = bot.fake.slash("session")
    payload["data"]["options"][0]["options"] = [{"name": "number", "type": 4, "value": 42}]
    calls = await bot.send(payload)
    assert "There is no session `42`" in text_of(calls)
    assert private(calls)
    assert bot.fake.threads_created(since) == []


@pytest.mark.parametrize(
    ("task", "expected"),
    [("", "Practice task of week"), ("profile-request", "`profile-request`")],
)
async def test_practice_shows_the_task_privately(bot: CourseRun, task: str, expected: str) -> None:
    """/mca practice shows this week's task, /mca practice <id> that one, with its submit line."""
    options = {"task": task} if task else {}
    _, calls = await bot.command("practice", **options)
    text = text_of(calls)
    assert expected in text
    assert "/mca submit" in text
    assert private(calls)


@pytest.mark.skipif(not SANDBOX, reason="bubblewrap (bwrap) is not installed: no jail to check in")
@pytest.mark.parametrize(
    ("file", "verdict"),
    [("profile_request_good.py", "passed"), ("profile_request_bad.py", "not passed yet")],
)
async def test_submit_checked_task_reports_the_verdict(
    bot: CourseRun, file: str, verdict: str
) -> None:
    """A .py attachment is checked in the sandbox: the known-good passes, the known-bad fails."""
    payload, calls = await bot.command(
        "submit", task="profile-request", code=(file, solution(file).encode())
    )
    callback = bot.fake.find("POST", f"/interactions/{payload['id']}/")[0]
    assert callback.body["type"] == 5  # deferred: checking takes seconds
    assert f"`profile-request` {verdict}" in text_of(calls), text_of(calls)  # the whole verdict
    assert private(calls)


@pytest.mark.skipif(SANDBOX, reason="bubblewrap is installed: the checker is available")
async def test_submit_without_sandbox_says_the_checker_is_unavailable(bot: CourseRun) -> None:
    """Without a jail, a checked task is politely not checked and the attempt not counted."""
    file = "profile_request_good.py"
    _, calls = await bot.command(
        "submit", task="profile-request", code=(file, solution(file).encode())
    )
    assert "I can't check practice submissions right now" in text_of(calls)


@pytest.mark.parametrize(
    ("file", "verdict"),
    [("pyo3_review_good.md", "passed"), ("pyo3_review_bad.md", "not passed yet")],
)
async def test_submit_review_task_checks_the_report(
    bot: CourseRun, file: str, verdict: str
) -> None:
    """A review task's .md report is validated without running: good passes, bad fails."""
    author = user(400000000000000011, "reviewer")
    _, calls = await bot.command(
        "submit", author=author, task="pyo3-review", code=(file, solution(file).encode())
    )
    assert f"`pyo3-review` {verdict}" in text_of(calls)


async def test_a_binary_py_submission_is_told_it_is_not_text(bot: CourseRun) -> None:
    """review9 R38: a .py of binary bytes is not told to "attach the file as .py"."""
    _, calls = await bot.command(
        "submit", task="thread-safe-cache", code=("sol.py", b"class C:\x00\x01\x02 pass\n")
    )
    text = text_of(calls)
    assert "`sol.py` holds binary data (NUL bytes), not text" in text
    assert "as .py" not in text
    assert private(calls)


async def test_submit_unknown_task_is_refused_politely(bot: CourseRun) -> None:
    """An unknown task id gets the list of task ids, privately."""
    _, calls = await bot.command("submit", task="nope", text="```python\nprint(1)\n```")
    assert "There is no practice task `nope`" in text_of(calls)
    assert private(calls)


async def test_hint_climbs_only_with_attempts(bot: CourseRun) -> None:
    """Before an attempt the hint is locked; after a failed one the first rung (concept) opens."""
    author = user(400000000000000012, "climber")
    _, locked = await bot.command("hint", author=author, task="pyo3-review")
    assert "Hints unlock with attempts" in text_of(locked)
    bad = solution("pyo3_review_bad.md").encode()
    await bot.command("submit", author=author, task="pyo3-review", code=("r.md", bad))
    _, calls = await bot.command("hint", author=author, task="pyo3-review")
    assert "💡 Hint 1/4 (concept):" in text_of(calls)
    assert private(calls)


async def test_progress_attaches_a_png_chart(bot: CourseRun) -> None:
    """/mca progress answers with the text and progress.png."""
    _, calls = await bot.command("progress")
    assert "Your progress" in text_of(calls)
    files = [f for c in calls for f in c.files]
    assert [name for name, _ in files] == ["progress.png"]
    assert files[0][1].startswith(b"\x89PNG")
    assert private(calls)


async def test_announce_now_without_manage_server_is_refused(bot: CourseRun) -> None:
    """A member without Manage Server gets the polite refusal, privately; nothing is posted."""
    before = len(bot.fake.find("POST", f"/channels/{CHANNEL_ID}/messages"))
    payload = bot.fake.slash("announce", group="mca-admin", action="now")
    calls = await bot.send(payload)
    assert UI["announce_denied"] in text_of(calls)
    assert private(calls)
    assert len(bot.fake.find("POST", f"/channels/{CHANNEL_ID}/messages")) == before


async def test_announce_with_manage_server_is_allowed(bot: CourseRun) -> None:
    """A member whose role has Manage Server previews and posts; the week is posted once only."""
    payload = bot.fake.slash("announce", group="mca-admin", author=ADMIN, action="preview")
    payload["member"]["roles"] = [str(ADMIN_ROLE_ID)]
    preview = text_of(await bot.send(payload))
    assert f"discord #{CHANNEL_ID}" in preview
    assert "Practice task of the week" in preview

    payload = bot.fake.slash("announce", group="mca-admin", author=ADMIN, action="now")
    payload["member"]["roles"] = [str(ADMIN_ROLE_ID)]
    calls = await bot.send(payload)
    text = text_of(calls)
    assert f"discord #{CHANNEL_ID}" in text
    assert UI["announce_denied"] not in text
    assert private(calls)
    await bot.fake.wait_for(lambda: announcements(bot.fake))
    assert len(announcements(bot.fake)) == 1


async def test_a_manager_of_another_server_cannot_target_this_servers_channel(
    bot: CourseRun,
) -> None:
    """Manage Server elsewhere does not reach our announcement channel: nothing is theirs to post."""
    for action in ("preview", "now"):
        payload = bot.fake.slash("announce", group="mca-admin", author=ADMIN, action=action)
        payload["member"]["roles"] = [str(ADMIN_ROLE_ID)]
        payload["guild_id"] = str(GUILD_ID + 1)
        payload["member"]["permissions"] = str(MANAGE_GUILD)
        text = text_of(await bot.send(payload))
        assert f"discord #{CHANNEL_ID}" not in text
        assert UI["announce_none"] in text
    assert len(announcements(bot.fake)) <= 1


async def test_an_admin_change_applies_without_a_restart(bot: CourseRun) -> None:
    """/mca-admin set channels moves the mentor to another channel at once; default undoes it."""
    elsewhere = CHANNEL_ID + 7
    payload = bot.fake.slash(
        "set", group="mca-admin", author=ADMIN, setting="channels", value=str(elsewhere)
    )
    payload["member"]["roles"] = [str(ADMIN_ROLE_ID)]
    assert f"`channels` is now {elsewhere}" in text_of(await bot.send(payload))

    _, calls = await bot.command("ask", question="How do I bound a TaskGroup's concurrency?")
    assert f"<#{elsewhere}>" in text_of(calls)
    assert private(calls)

    payload = bot.fake.slash("show", group="mca-admin", author=ADMIN)
    payload["member"]["roles"] = [str(ADMIN_ROLE_ID)]
    assert f"- `channels`*: {elsewhere}" in text_of(await bot.send(payload))
    payload = bot.fake.slash(
        "set", group="mca-admin", author=ADMIN, setting="channels", value="default"
    )
    payload["member"]["roles"] = [str(ADMIN_ROLE_ID)]
    assert "back to its default" in text_of(await bot.send(payload))
    assert bot.events("community.setting_changed")


async def test_members_cannot_change_settings(bot: CourseRun) -> None:
    """Without Manage Server (or an admin role) /mca-admin set is refused privately."""
    _, calls = await bot.command("set", group="mca-admin", setting="model", value="x")
    assert "Only this community's admins" in text_of(calls)
    assert private(calls)


async def test_scheduled_announcement_reaches_the_channel_exactly_once(bot: CourseRun) -> None:
    """The scheduler posts the week's task to the configured channel once, whatever the ticks."""
    await bot.fake.wait_for(lambda: announcements(bot.fake), within_s=20)
    await asyncio.sleep(2.0)  # four more scheduler checks
    posts = announcements(bot.fake)
    assert len(posts) == 1
    assert posts[0].allowed_mentions == {"parse": []}
    assert "/mca practice" in (posts[0].content or "")


async def test_a_utf16_py_submission_from_a_windows_editor_is_checked(bot: CourseRun) -> None:
    """review10 T22: a UTF-16 .py (BOM, NUL bytes) was refused as binary; it is text."""
    author = user(400000000000000031, "windows")
    code = solution("thread_safe_cache_good.py").encode("utf-16")
    _, calls = await bot.command(
        "submit", author=author, task="thread-safe-cache", code=("solution.py", code)
    )
    text = text_of(calls)
    assert "`thread-safe-cache` passed" in text
    assert "binary data" not in text
