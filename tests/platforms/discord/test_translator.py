"""Command localizations: every command and option in every language, within Discord's rules."""

from __future__ import annotations

import re

import discord
import pytest
from discord import app_commands

from bot.mentor.i18n import Catalog
from bot.platforms.discord_translator import LOCALES, TABLE, CatalogTranslator
from bot.settings import DEFAULT_CONFIG_DIR
from cogs.admin import AdminCog
from cogs.ask import MentorCog

CATALOG = Catalog.load(DEFAULT_CONFIG_DIR)
ENGLISH = CATALOG.languages["en"][TABLE]
NAME = re.compile(r"^[-_\w]{1,32}$")


def _is_name(key: str) -> bool:
    return not key.endswith(".description") and key.count(".") <= 1 and " " in key


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_every_language_names_every_command_and_option(lang: str) -> None:
    """Each language has every key English has, so no learner sees a half-translated menu."""
    table = CATALOG.languages[lang][TABLE]
    assert set(table) == set(ENGLISH)


@pytest.mark.parametrize("lang", ["en", *sorted(LOCALES)])
def test_localized_names_follow_discords_rules(lang: str) -> None:
    """Names: lowercase, no spaces, 1-32 characters; descriptions and choices: at most 100."""
    table = CATALOG.languages[lang][TABLE]
    for key, value in table.items():
        if _is_name(key):
            assert NAME.match(value), (lang, key, value)
            assert value == value.lower(), (lang, key, value)
        else:
            assert 1 <= len(value) <= 100, (lang, key, value)
    commands: dict[str, list[str]] = {}
    for key, value in table.items():
        if _is_name(key) and "." in key:
            commands.setdefault(key.split(".")[0], []).append(value)
    for command, options in commands.items():
        assert len(options) == len(set(options)), (lang, command, options)


def test_every_command_and_option_of_the_cogs_has_an_english_entry() -> None:
    """A new command or option without text in the catalog fails here, not in production."""
    for group, cog in (("mca", MentorCog), ("mca-admin", AdminCog)):
        for command in cog.__cog_app_commands__:
            qualified = f"{group} {command.name}"
            assert ENGLISH[qualified] == command.name
            assert f"{qualified}.description" in ENGLISH
            for param in command.parameters:
                assert ENGLISH[f"{qualified}.{param.name}"] == param.name
                assert f"{qualified}.{param.name}.description" in ENGLISH


async def test_translator_answers_for_a_brazilian_client() -> None:
    """The translator maps a command's name to its Portuguese one for pt-BR, nothing for en-US."""
    translator = CatalogTranslator(CATALOG)
    group = app_commands.Group(name="mca", description="MCA Mentor")

    @group.command(name="ask", description="Ask the mentor; the answer comes in a thread.")
    async def ask(interaction: discord.Interaction, question: str) -> None:  # type: ignore[type-arg]
        """A stand-in with the real names."""

    context = app_commands.TranslationContext(
        location=app_commands.TranslationContextLocation.command_name, data=ask
    )
    name = app_commands.locale_str("ask")
    assert (
        await translator.translate(name, discord.Locale.brazil_portuguese, context) == "perguntar"
    )
    assert await translator.translate(name, discord.Locale.american_english, context) is None
