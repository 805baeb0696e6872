"""A turn holds no PostgreSQL connection while it waits for the LLM, the sandbox or the platform.

With a pool of ONE connection, a statement from elsewhere (another turn, the reaper, /healthz)
must still run while a turn waits on anything outside the database: a turn that held its
connection across such a wait would stall every other turn of the process behind it (the
bimodal pool waits of a burst, issue 18).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest
from pydantic import SecretStr

from bot.app import App, open_app
from bot.mentor.i18n import Catalog
from bot.mentor.models import MentorRequest
from bot.sandbox.report import Hotspot, RunStatus, SandboxReport
from bot.settings import Settings
from tests.fakes.openai_server import FakeOpenAI, reply
from tests.fakes.sandbox import ScriptedSandbox
from tests.mentor.conftest import good_draft, llm_settings
from tests.postgres_cluster import Cluster

PROBE_S = 10.0
"""A statement that waits this long for the one connection is stalled behind the turn."""
MEASURED = SandboxReport(
    status=RunStatus.OK,
    exit_code=0,
    wall_ms=120.0,
    cpu_ms=110.0,
    hotspots=(Hotspot("slow", "main.py", 3, 1, 1.0, 100.0),),
)
CODE = "```python\ndef slow(xs):\n    return [x for x in xs if x in xs]\n```"


@dataclass
class Probe:
    """Runs a statement on the store and notes whether it got the connection in time."""

    app: App
    outcomes: dict[str, str] = field(default_factory=dict)

    async def __call__(self, where: str) -> None:
        if where in self.outcomes:
            return
        try:
            await asyncio.wait_for(self.app.store.db.fetchone("SELECT 1"), PROBE_S)
        except TimeoutError:
            self.outcomes[where] = "stalled: the turn holds the only connection"
        else:
            self.outcomes[where] = "ran"


@dataclass
class ProbingSandbox(ScriptedSandbox):
    """The scripted sandbox, which first runs the probe (the turn is waiting on it now)."""

    probe: Probe | None = None

    async def profile(self, code: str, **kw: object) -> SandboxReport:  # type: ignore[override]
        """Probe, then the scripted report."""
        assert self.probe is not None
        await self.probe("sandbox")
        return await super().profile(code)


async def test_turn_waiting_on_llm_sandbox_and_platform_holds_no_connection(
    settings: Settings,
    postgres_cluster: Cluster,
    openai_server: FakeOpenAI,
    catalog: Catalog,
    request: pytest.FixtureRequest,
) -> None:
    """With one pooled connection, other statements run during every outside wait of a turn."""
    url = postgres_cluster.fresh_database()
    request.addfinalizer(lambda: postgres_cluster.drop(url))
    one = settings.lifecycle.model_copy(update={"db_pool_size": 1})
    pg = settings.model_copy(update={"database_url": SecretStr(url), "lifecycle": one})
    openai_server.reset(default=reply(good_draft(catalog, "en"), delay_s=0.5))
    async with open_app(llm_settings(pg, openai_server.base_url)) as app:
        probe = Probe(app)
        app.mentor.sandbox = ProbingSandbox(MEASURED, probe=probe)  # type: ignore[assignment]

        async def llm_wait() -> None:  # the LLM has the request and has not answered yet
            while not openai_server.requests:  # noqa: ASYNC110  # the fake runs in its own thread: no event to await
                await asyncio.sleep(0.005)
            await probe("llm")

        async def on_progress(_text: str) -> None:  # the platform's edit, awaited by the turn
            progressed.append(probe.outcomes.get("llm", "not yet"))
            await probe("platform")

        progressed: list[str] = []
        watcher = asyncio.create_task(llm_wait())
        turn = MentorRequest(
            platform="console", user="u1", thread="t1", text=f"Why is this slow?\n{CODE}"
        )
        result = await app.mentor.handle(turn, on_progress=on_progress)
        await watcher
    assert result.engine == "llm"
    assert probe.outcomes == {"sandbox": "ran", "llm": "ran", "platform": "ran"}
    assert progressed[0] == "ran", "the probe during the LLM wait finished after its answer"
