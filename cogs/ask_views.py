"""The ask command's Discord views: the question box (a modal) and the forget buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord

FORGET_PREFIX = "mca:forget:"
"""Button custom ids: `mca:forget:<confirm|cancel>:<user id>` (stateless, survive restarts)."""


def forget_view(*, user_id: int, confirm: str, cancel: str) -> discord.ui.View:
    """Confirm/cancel buttons; the cog's listener handles the clicks by custom id."""
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(
            style=discord.ButtonStyle.danger,
            label=confirm,
            custom_id=f"{FORGET_PREFIX}confirm:{user_id}",
        )
    )
    view.add_item(
        discord.ui.Button(
            style=discord.ButtonStyle.secondary,
            label=cancel,
            custom_id=f"{FORGET_PREFIX}cancel:{user_id}",
        )
    )
    return view


Submitted = Callable[[discord.Interaction[Any], str, str], Awaitable[None]]
Failed = Callable[[discord.Interaction[Any], Exception], Awaitable[None]]
MODAL_TEXT_LIMIT = 4000
"""Discord's cap on one text input of a modal."""


class AskModal(discord.ui.Modal):
    """`/mca ask` without text: a question box and a code box, both multi-line."""

    def __init__(
        self,
        *,
        title: str,
        question_label: str,
        code_label: str,
        submit: Submitted,
        failed: Failed,
    ) -> None:
        super().__init__(title=title[:45], timeout=900)
        self._submit = submit
        self._failed = failed
        self.question: discord.ui.TextInput[AskModal] = discord.ui.TextInput(
            label=question_label[:45],
            style=discord.TextStyle.paragraph,
            max_length=MODAL_TEXT_LIMIT,
        )
        self.code: discord.ui.TextInput[AskModal] = discord.ui.TextInput(
            label=code_label[:45],
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MODAL_TEXT_LIMIT,
        )
        self.add_item(self.question)
        self.add_item(self.code)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the two texts to the cog; errors go to the tree's handler like a command's."""
        await self._submit(interaction, self.question.value, self.code.value)

    async def on_error(  # type: ignore[override]  # Modal's runtime signature has no item
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        """Same polite, private error as a command gets."""
        await self._failed(interaction, error)
