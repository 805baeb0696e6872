"""Slack fixtures: one fake Slack Web API per test module, shared by that module's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from tests.fakes.slack_server import FakeSlack


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake() -> AsyncIterator[FakeSlack]:
    """Module-wide, like the bot process the module starts against it."""
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()
