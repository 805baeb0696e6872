"""Discord command names and descriptions in the learner's client language.

discord.py asks a `Translator` for every name, description and choice when it syncs the
command tree; we answer from the catalog's `discord_commands` table (config/i18n/discord/),
so the localizations are data, reviewed like the rest of the bot's texts.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.mentor.i18n import Catalog

LOCALES: dict[str, tuple[discord.Locale, ...]] = {
    "pt": (discord.Locale.brazil_portuguese,),
    "es": (discord.Locale.spain_spanish, discord.Locale.latin_american_spanish),
    "fr": (discord.Locale.french,),
    "de": (discord.Locale.german,),
    "it": (discord.Locale.italian,),
    "nl": (discord.Locale.dutch,),
    "pl": (discord.Locale.polish,),
    "tr": (discord.Locale.turkish,),
    "ru": (discord.Locale.russian,),
    "uk": (discord.Locale.ukrainian,),
    "ja": (discord.Locale.japanese,),
    "zh": (discord.Locale.chinese,),
    "ko": (discord.Locale.korean,),
}
"""Our language codes and the Discord locales that show them."""

TABLE = "discord_commands"


def _key(context: app_commands.TranslationContext[Any, Any], string: str) -> str | None:
    """The catalog key of what discord.py asks about, or None for what we leave as is."""
    data: Any = context.data
    where = context.location
    if where in (Where.command_name, Where.group_name):
        return None if where is Where.group_name else str(data.qualified_name)
    if where in (Where.command_description, Where.group_description):
        return f"{data.qualified_name}.description"
    if where is Where.parameter_name:
        return f"{data.command.qualified_name}.{data.name}"
    if where is Where.parameter_description:
        return f"{data.command.qualified_name}.{data.name}.description"
    if where is Where.choice_name:
        return None  # choices are looked up by their parameter in `translate`
    return None


class CatalogTranslator(app_commands.Translator):
    """Looks names and descriptions up in the catalog; English (the source) otherwise."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._by_locale: dict[discord.Locale, dict[str, str]] = {}
        for lang, locales in LOCALES.items():
            table = dict(catalog.languages.get(lang, {}).get(TABLE, {}))
            for locale in locales:
                self._by_locale[locale] = table
        self._english = dict(catalog.languages.get("en", {}).get(TABLE, {}))
        self._choice_keys = {
            value: key for key, value in self._english.items() if key.count(".") == 2
        }

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContext[Any, Any],
    ) -> str | None:
        """The localized text, or None to keep the English one."""
        table = self._by_locale.get(locale)
        if not table:
            return None
        if context.location is Where.choice_name:
            key = self._choice_keys.get(string.message)
        else:
            key = _key(context, string.message)
        return table.get(key) if key else None
