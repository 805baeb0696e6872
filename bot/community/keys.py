"""The settings a community's admins may change, each parsed and checked from one line of text.

An admin types `/mca-admin set model gpt-4o` or `/mca admin set channels C1 C2`; each key has
one parser that turns that text into a JSON-able value or raises InputError saying what is
expected, so a bad value is refused before anything is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from croniter import croniter

from bot.errors import InputError

_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
RESET_WORDS = frozenset({"default", "reset", "-"})
"""A value that removes the community's override (the TOML default applies again)."""
MAX_DAILY_TOKENS = 1_000_000_000


@dataclass(frozen=True)
class Key:
    """One community setting: its name, what it means, how its text is read."""

    name: str
    meaning: str
    parse: Callable[[str, Sequence[str]], Any]


def _ids(raw: str, _: Sequence[str]) -> list[str]:
    items = [i.strip("<#@&>").strip() for i in re.split(r"[\s,]+", raw) if i.strip()]
    bad = [i for i in items if not _ID.match(i)]
    if bad or not items:
        raise InputError(
            f"Expected one or more channel or role ids (or names), got {raw!r}.",
            key="community_bad_value",
            setting="ids",
        )
    return items


def _language(raw: str, languages: Sequence[str]) -> str:
    lang = raw.strip().lower()
    if lang not in languages:
        raise InputError(
            f"Unknown language {raw!r}: use one of {', '.join(languages)}.",
            key="community_bad_value",
            setting="language",
        )
    return lang


def _cron(raw: str, _: Sequence[str]) -> str:
    expr = " ".join(raw.split())
    if len(expr.split()) != 5 or not croniter.is_valid(expr):
        raise InputError(
            f"{raw!r} is not a 5-field cron expression (e.g. `0 9 * * 1`: Mondays 09:00).",
            key="community_bad_value",
            setting="announce_cron",
        )
    return expr


def _model(raw: str, _: Sequence[str]) -> str:
    model = raw.strip()
    if not re.fullmatch(r"[A-Za-z0-9._:/@+-]{1,128}", model):
        raise InputError(
            f"{raw!r} is not a model name.", key="community_bad_value", setting="model"
        )
    return model


def _tokens(raw: str, _: Sequence[str]) -> int:
    text = raw.strip().replace("_", "").replace(",", "")
    if not text.isdigit() or int(text) > MAX_DAILY_TOKENS:
        raise InputError(
            f"Expected a whole number of tokens per day (0 = no budget), got {raw!r}.",
            key="community_bad_value",
            setting="daily_tokens",
        )
    return int(text)


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("channels", "channels where the mentor answers (empty: every channel)", _ids),
        Key("roles", "roles allowed to ask (empty: everyone)", _ids),
        Key("language", "the default language when a message says nothing", _language),
        Key("announce_channels", "where this community's weekly task is announced", _ids),
        Key("announce_cron", "when it is announced (cron, in course.timezone)", _cron),
        Key("model", "the LLM model for this community", _model),
        Key("daily_tokens", "LLM tokens this community may use per UTC day (0 = off)", _tokens),
    )
}
"""Every key an admin may set, in the order `show` lists them."""


def parse(key: str, raw: str, languages: Sequence[str]) -> Any | None:
    """The stored value for `key` from an admin's text; None means 'back to the default'."""
    spec = KEYS.get(key.strip().lower())
    if spec is None:
        raise InputError(
            f"Unknown setting {key!r}. Settings: {', '.join(KEYS)}.",
            key="community_unknown_key",
            setting=key,
            keys=", ".join(KEYS),
        )
    if raw.strip().lower() in RESET_WORDS:
        return None
    return spec.parse(raw, languages)
