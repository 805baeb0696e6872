"""Sandbox evidence for a turn: the learner's code run and profiled, the report stored."""

from __future__ import annotations

from dataclasses import replace

from bot.mentor.codeblocks import CodeBlock
from bot.mentor.guards.secrets import SecretScrub, learner_secrets
from bot.mentor.i18n import Catalog
from bot.sandbox.client import SandboxClient
from bot.sandbox.report import RunStatus, SandboxReport
from bot.storage.store import Store


def without_secrets(
    report: SandboxReport, scrub: SecretScrub | None = None, pasted: tuple[str, ...] = ()
) -> SandboxReport:
    """The report with every secret its output holds redacted (review12 V15).

    A program that prints its connection URL or key ("print what I connect to" is a common
    debugging step) must not put it in the database or a model's prompt: the same guard as
    the learner's message judges stdout, stderr and the message, by shape and by name
    (`password=...`), plus the bot's own secrets and what the learner pasted.
    """
    said = "\n".join((report.stdout, report.stderr, report.message))
    base = scrub if scrub is not None else SecretScrub()
    guard = base.with_values((*pasted, *learner_secrets(said)))
    if not guard.find(said):
        return report
    stdout, _ = guard.redact(report.stdout)
    stderr, _ = guard.redact(report.stderr)
    message, _ = guard.redact(report.message)
    return replace(report, stdout=stdout, stderr=stderr, message=message)


async def profile(
    sandbox: SandboxClient,
    store: Store,
    catalog: Catalog,
    block: CodeBlock,
    *,
    turn_id: int,
    language: str,
    scrub: SecretScrub | None = None,
    pasted: tuple[str, ...] = (),
) -> tuple[SandboxReport | None, str]:
    """The sandbox's run of the learner's code, or why there is none (a note for the prompt).

    The report is redacted before it is stored (SQLite or PostgreSQL alike) and returned:
    the reply, the thread memory and the model's prompt all read the redacted one.
    """
    if not sandbox.available:
        note = catalog.message(language, "sandbox_unavailable", reason=sandbox.reason)
        return None, note
    report = await sandbox.profile(block.code)  # counted by the MeteredSandbox
    report = without_secrets(report, scrub, pasted)
    await store.add_report(turn_id, report.to_dict())
    if report.status is RunStatus.REJECTED:
        reason = report.message or report.status.value
        return None, catalog.message(language, "sandbox_unavailable", reason=reason)
    return report, ""
