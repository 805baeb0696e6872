"""Sandbox evidence for a turn: the learner's code run and profiled, the report stored."""

from __future__ import annotations

from bot.mentor.codeblocks import CodeBlock
from bot.mentor.i18n import Catalog
from bot.sandbox.client import SandboxClient
from bot.sandbox.report import RunStatus, SandboxReport
from bot.storage.store import Store


async def profile(
    sandbox: SandboxClient,
    store: Store,
    catalog: Catalog,
    block: CodeBlock,
    *,
    turn_id: int,
    language: str,
) -> tuple[SandboxReport | None, str]:
    """The sandbox's run of the learner's code, or why there is none (a note for the prompt)."""
    if not sandbox.available:
        note = catalog.message(language, "sandbox_unavailable", reason=sandbox.reason)
        return None, note
    report = await sandbox.profile(block.code)  # counted by the MeteredSandbox
    await store.add_report(turn_id, report.to_dict())
    if report.status is RunStatus.REJECTED:
        reason = report.message or report.status.value
        return None, catalog.message(language, "sandbox_unavailable", reason=reason)
    return report, ""
