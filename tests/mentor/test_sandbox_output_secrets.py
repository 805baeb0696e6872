"""A secret the learner's program prints is redacted before the report is stored (review12 V15).

"Print the URL I connect to" is a common debugging step: the reply already hid such a key,
but `sandbox_reports` kept the run's stdout whole (and the model's prompt carried it). The
report is judged by the same guard as the learner's message before it is stored, on SQLite
(the database file and its WAL are read as bytes) and on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.mentor.models import MentorRequest
from bot.mentor.sandbox_evidence import without_secrets
from bot.sandbox.report import RunStatus, SandboxReport
from bot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI
from tests.fakes.sandbox import ScriptedSandbox

# Assembled at run time in the learner's code from two literals: the code holds no whole key.
STRIPE = "sk_live_" + "51NqPzVbXc7Ty2Lm9Kd3Rw8Hs4Jf6Ga1Qe"
GITHUB = "ghp_" + "Zq7Xw2Lk9Mn4Bv8Cd3Fg6Hj1Kl5Pq0Rs2Tu9"
PASSWORD = "Pz8!kLm2vQx7"
CODE = (
    "\n```python\nimport os\nkey = 'sk_live_' + os.environ.get('K', '51NqPzVbXc7Ty2Lm9Kd3Rw8Hs4Jf6Ga1Qe')"
    "\nprint('connecting with', key)\nfor i in range(10**5):\n    pass\n```"
)
STDOUT = (
    f"connecting with {STRIPE}\n"
    f"db=postgresql://app:{PASSWORD}@db.internal:5432/shop\n"
    f"Authorization: token {GITHUB}\nrows=1200\n"
)


def printed_secrets() -> SandboxReport:
    return SandboxReport(
        status=RunStatus.ERROR,
        exit_code=1,
        wall_ms=812.0,
        cpu_ms=790.0,
        stdout=STDOUT,
        stderr=f"Traceback (most recent call last):\nValueError: bad key {STRIPE}\n",
        message="exited with ValueError",
    )


@pytest.fixture
async def store_app(store_settings: Settings) -> AsyncIterator[App]:
    async with open_app(store_settings) as built:
        yield built


async def test_the_stored_report_holds_none_of_the_printed_secrets(
    store_app: App, store_settings: Settings
) -> None:
    """SQLite and PostgreSQL: the row has `[redacted]` where the program printed a key."""
    store_app.mentor.sandbox = ScriptedSandbox(printed_secrets())
    reply = await store_app.mentor.handle(
        MentorRequest(platform="console", user="learner", text="Why is this slow?" + CODE)
    )
    rows = await store_app.store.db.fetchall("SELECT report FROM sandbox_reports")  # type: ignore[attr-defined]
    assert len(rows) == 1
    stored = json.loads(rows[0]["report"])
    dumped = json.dumps(stored)
    for secret in (STRIPE, GITHUB, PASSWORD):
        assert secret not in dumped
        assert secret not in reply.text
    assert "[redacted]" in stored["stdout"]
    assert "rows=1200" in stored["stdout"]  # the rest of the output is kept
    assert stored["wall_ms"] == 812.0
    if store_settings.database_url_value:
        return
    await store_app.store.db.close()  # type: ignore[attr-defined]
    files = [store_settings.database_path, Path(f"{store_settings.database_path}-wal")]
    raw = b"".join(p.read_bytes() for p in files if p.exists())
    assert b"rows=1200" in raw
    for secret in (STRIPE, GITHUB, PASSWORD):
        assert secret.encode() not in raw


def test_a_report_without_secrets_is_kept_as_it_is() -> None:
    """Ordinary output (numbers, a `token` word, a placeholder) is not touched."""
    report = SandboxReport(
        status=RunStatus.OK,
        stdout="tokens=1000000\nsk-... is your key placeholder\nelapsed 1.2 s\n",
    )
    assert without_secrets(report) is report


def test_a_value_the_learner_pasted_is_redacted_from_the_output_too() -> None:
    """The learner's own (redacted) password, echoed by the program, is redacted as well."""
    report = SandboxReport(status=RunStatus.OK, stdout="login as admin / hunter2pw ok\n")
    assert (
        without_secrets(report, pasted=("hunter2pw",)).stdout == "login as admin / [redacted] ok\n"
    )


async def test_the_models_prompt_holds_none_of_the_printed_secrets(
    llm_app: App, fake_openai: FakeOpenAI
) -> None:
    """The draft request's sandbox part is the redacted report: the key goes to no model."""
    llm_app.mentor.sandbox = ScriptedSandbox(printed_secrets())
    await llm_app.mentor.handle(
        MentorRequest(platform="console", user="learner", text="Why is this slow?" + CODE)
    )
    sent = json.dumps([*fake_openai.requests, *fake_openai.safety_requests])
    assert fake_openai.requests
    assert "rows=1200" in sent
    for secret in (STRIPE, GITHUB, PASSWORD):
        assert secret not in sent
