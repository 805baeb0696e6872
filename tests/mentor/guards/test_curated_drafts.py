"""The offline engine's replies come from reviewed units: output safety does not rescan them."""

from __future__ import annotations

from bot.app import App
from bot.mentor.models import MentorRequest


def _count(app: App, action: str) -> float:
    for family in app.metrics.registry.collect():
        if family.name != "mca_guard_actions":
            continue
        for sample in family.samples:
            if (
                sample.name.endswith("_total")
                and sample.labels == {"guard": "output_safety", "action": action}
            ):
                return float(sample.value)
    return 0.0


async def test_an_offline_reply_is_marked_curated_not_scanned(app: App) -> None:
    """An offline turn counts as curated; the prose scan (15 ms a turn) is not spent on it."""
    await app.mentor.handle(
        MentorRequest(platform="console", user="cur1", text="How do I profile an asyncio app?")
    )
    assert _count(app, "curated") == 1.0
    assert _count(app, "passed") == 0.0
