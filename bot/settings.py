"""Typed settings: config/default.toml, then MCA_CONFIG's file, then MCA_* env; secrets env-only.

Validation is pydantic-settings': one model, clear errors. We add what it lacks: an error that
names the key, where its value came from and the expected type, and a refusal to read secrets
from files (bot/settings_files.py, which reads the files).
"""

from __future__ import annotations

import base64
import contextlib
import difflib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.course.settings import CourseSettings
from bot.engine.settings import LLMSettings
from bot.errors import ConfigError
from bot.lifecycle.settings import LifecycleSettings
from bot.mentor.settings import MentorSettings
from bot.platforms.settings import DiscordSettings, SlackSettings
from bot.sandbox.settings import SandboxSettings
from bot.settings_files import (
    DEFAULT_CONFIG_DIR,
    SECRET_ENV,
    config_files,
    extra_config_path,
    secret_refusal,
)
from bot.storage.database import url_password
from bot.text.http_url import http_url_problem

__all__ = ["DEFAULT_CONFIG_DIR", "SECRET_ENV", "Settings", "load_settings"]

# Lists that an operator naturally writes comma-separated in an env var.
_CSV_PATHS = (
    ("sandbox", "workers"),
    ("mentor", "languages"),
    ("course", "admin_roles"),
    ("course", "admin_users"),
    ("discord", "forum_channels"),
    ("discord", "shard_ids"),
)


def _secret(env: str) -> Any:
    return Field(default=None, validation_alias=AliasChoices(env), exclude=True, repr=False)


class Settings(BaseSettings):
    """Everything the bot can be configured with. See README, "Configuration"."""

    model_config = SettingsConfigDict(
        env_prefix="MCA_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        enable_decoding=False,
        extra="forbid",
        frozen=True,
        populate_by_name=True,
    )

    config_dir: Path = Field(default=DEFAULT_CONFIG_DIR, description="Content and defaults.")
    data_dir: Path = Field(default=Path("data"), description="SQLite file and run state.")
    database_url: SecretStr | None = Field(
        default=None,
        repr=False,
        description="postgresql://user:pass@host:port/db selects PostgreSQL; unset = SQLite.",
    )
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=0, ge=0, le=65535, description="0 = no HTTP server.")
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["auto", "json", "console"] = "auto"
    event_loop: Literal["auto", "uvloop", "asyncio"] = Field(
        default="auto", description="auto = uvloop when installed (less CPU per event)."
    )
    model: str = Field(default="gpt-4o-mini", description="LLM model name (MCA_MODEL).")
    safety_model: str = Field(
        default="",
        description="Model for the intent guard's second opinion (MCA_SAFETY_MODEL); '' = model.",
    )
    openai_base_url: str = Field(
        default="", validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url")
    )

    llm: LLMSettings = Field(default_factory=LLMSettings)
    mentor: MentorSettings = Field(default_factory=MentorSettings)
    sandbox: SandboxSettings = Field(default_factory=SandboxSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    course: CourseSettings = Field(default_factory=CourseSettings)
    lifecycle: LifecycleSettings = Field(default_factory=LifecycleSettings)

    discord_token: SecretStr | None = _secret("DISCORD_TOKEN")
    slack_bot_token: SecretStr | None = _secret("SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = _secret("SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = _secret("SLACK_APP_TOKEN")
    openai_api_key: SecretStr | None = _secret("OPENAI_API_KEY")

    @field_validator("openai_base_url")
    @classmethod
    def _base_url_is_a_url(cls, value: str) -> str:
        """A base URL without scheme or host can never answer: fail at start (review10 T31).

        `OPENAI_BASE_URL='not a url'` started silently and every turn fell back offline.
        """
        url = value.strip()
        problem = http_url_problem(url) if url else ""
        if problem:
            raise ValueError(
                f"{problem} (e.g. 'http://localhost:11434/v1' or 'https://api.openai.com/v1')"
            )
        return url

    @model_validator(mode="before")
    @classmethod
    def _split_csv_lists(cls, data: Any) -> Any:
        """Accept `MCA_SANDBOX_WORKERS=a,b` as well as a TOML list, and JSON for tables.

        Env values arrive as strings: a table-valued setting such as
        `MCA_COURSE_ANNOUNCE_CHANNELS='{"discord": ["123"]}'` is decoded from JSON (a value
        that is not valid JSON is left as is, so validation names the key and the type).
        """
        if not isinstance(data, dict):
            return data
        for values in (v for v in data.values() if isinstance(v, dict)):
            for name, value in values.items():
                if isinstance(value, str) and value.lstrip().startswith("{"):
                    with contextlib.suppress(ValueError):
                        values[name] = json.loads(value)
        for section, key in _CSV_PATHS:
            table = data.get(section)
            if isinstance(table, dict) and isinstance(table.get(key), str):
                raw = table[key]
                table[key] = [item.strip() for item in raw.split(",") if item.strip()]
        return data

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Precedence: explicit values, env, MCA_CONFIG's file, config/default.toml."""
        files = [p for p in (extra_config_path(), DEFAULT_CONFIG_DIR / "default.toml") if p]
        tomls = tuple(TomlConfigSettingsSource(settings_cls, toml_file=p) for p in files)
        return (init_settings, env_settings, *tomls)

    # Convenience views ---------------------------------------------------------------
    @property
    def database_path(self) -> Path:
        """The SQLite file."""
        return self.data_dir / "mca.sqlite3"

    @property
    def database_url_value(self) -> str | None:
        """The PostgreSQL URL, None for the embedded SQLite database."""
        url = self.database_url.get_secret_value().strip() if self.database_url else ""
        return url or None

    @property
    def openai_endpoint(self) -> str:
        """OPENAI_BASE_URL without its `user:password@`: what the client calls and logs show.

        aiohttp refuses a URL with credentials next to the client's own Authorization header
        (review12 V16: every reply fell back offline, the password logged at each start).
        """
        return without_userinfo(self.openai_base_url)

    @property
    def openai_headers(self) -> dict[str, str]:
        """The basic auth a base URL's `user:password@` asks for (a reverse proxy's), as a header."""
        try:
            parts = urlsplit(self.openai_base_url)
        except ValueError:
            return {}
        if parts.username is None and parts.password is None:
            return {}
        pair = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
        return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode("ascii")}

    @property
    def llm_configured(self) -> bool:
        """An LLM is used when a base URL or an API key is set."""
        return bool(self.openai_base_url) or self.openai_api_key is not None

    def secret_values(self) -> list[str]:
        """Every configured secret, for the log redactor."""
        values = []
        for name in SECRET_ENV:
            secret = getattr(self, name)
            if secret is not None and secret.get_secret_value():
                values.append(secret.get_secret_value())
        for url in (self.database_url_value or "", self.openai_base_url):
            password = url_password(url)
            if password:
                values.extend({password, unquote(password)})  # as written in the URL and as sent
        values.extend(v.split(" ", 1)[1] for v in self.openai_headers.values())
        return values


def without_userinfo(url: str) -> str:
    """`url` with any `user:password@` taken out (for calling it and for logging it)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


def load_settings(**overrides: Any) -> Settings:
    """Load and validate settings, or raise ConfigError naming the key, source and type."""
    files = config_files()
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, files)) from None


def _describe(exc: ValidationError, files: list[tuple[Path, dict[str, Any]]]) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(str(part) for part in error["loc"])
        key = ".".join(loc)
        origin = _origin_of(loc, str(error["msg"]), files)
        value = error.get("input")
        shown = (
            ""
            if isinstance(value, Mapping) or (isinstance(value, str) and url_password(value))
            else f", got {value!r}"
        )
        # pydantic's own words: "Value error, ..." says nothing to an operator
        msg = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            from_env = origin.startswith("environment")
            meant = _closest_setting(loc)
            if meant in SECRET_ENV and not from_env:
                # `[llm] api_key`: pointing at `openai_api_key` in the file only led to the
                # next refusal (secrets are environment-only); say where it goes at once
                lines.append(secret_refusal(key, origin, SECRET_ENV[meant]))
                continue
            msg = "there is no such setting"
            shown = _closest_key(loc, from_env=from_env)  # an unknown key's value is never
            # echoed: it may be a secret
        elif shown and (value == [] or any(repr(v) in msg for v in (value, *_items(value)))):
            shown = ""  # the message already quotes the value (or the list item at fault)
        msg = msg[:1].lower() + msg[1:]  # its own examples keep their case ('UTC', review10 T1)
        lines.append(f"Invalid setting `{key}` (from {origin}): {msg}{shown}.")
    return "\n".join(lines)


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def valid_keys() -> dict[str, str]:
    """Every setting as a config file writes it (`llm.timeout_s`) -> its environment variable."""
    keys: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        sub = field.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            for leaf in sub.model_fields:
                keys[f"{name}.{leaf}"] = f"MCA_{name}_{leaf}".upper()
            continue
        alias = field.validation_alias
        env = alias.choices[0] if isinstance(alias, AliasChoices) else f"MCA_{name}".upper()
        keys[name] = str(env)
    return keys


NOT_SETTINGS = frozenset({"MCA_CONFIG"})
"""`MCA_*` variables read outside the settings model (the extra config file's path)."""


def unknown_env(environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """`MCA_*` variables no setting reads, each with the closest real one ('' for none).

    A name whose first word is no section (`MCA_MENTR_LANGUAGES`) is never seen by the model,
    so the operator would believe it applied (review9 R37): the start warns instead.
    """
    known = set(valid_keys().values()) | NOT_SETTINGS
    found = []
    for name in sorted(os.environ if environ is None else environ):
        upper = name.upper()
        if upper.startswith("MCA_") and upper not in known:
            near = difflib.get_close_matches(upper, sorted(known), n=1, cutoff=0.75)
            found.append((name, near[0] if near else ""))
    return found


def _closest_key(loc: tuple[str, ...], *, from_env: bool) -> str:
    """`; the closest setting is ...`: the nearest real one, spelt the way its source spells it."""
    best = _closest_setting(loc)
    if not best:
        return ""
    return f"; the closest setting is {valid_keys()[best] if from_env else f'`{best}`'}"


def _closest_setting(loc: tuple[str, ...]) -> str:
    """The real setting (`llm.timeout_s`, `openai_api_key`) an unknown key most likely meant.

    The leaf decides first (`llm.base_url` -> `openai_base_url`: a reader of the `[llm]`
    table guesses the section, rarely the word), then the whole dotted key.
    """
    keys = valid_keys()
    leaf = loc[-1].lower()
    section = ".".join(loc[:-1]).lower()
    leaves = {k: k.rsplit(".", 1)[-1] for k in keys}
    joined = f"{section}_{leaf}".replace(".", "_") if section else leaf
    near = (
        # `MCA_DISCORD_TOKEN` is `DISCORD_TOKEN` (a setting whose name is section + leaf),
        # never the sandbox's worker token (review10 T1)
        [k for k in keys if k == joined]
        or [k for k, name in leaves.items() if name == leaf]
        or [k for k, n in leaves.items() if k == f"{section}.{n}" and leaf.endswith("_" + n)]
        or [k for k, name in leaves.items() if name.endswith("_" + leaf)]
    )
    if not near:
        near = difflib.get_close_matches(".".join(loc).lower(), list(keys), n=1, cutoff=0.6)
    return near[0] if near else ""


def _origin_of(loc: tuple[str, ...], msg: str, files: list[tuple[Path, dict[str, Any]]]) -> str:
    """Where the offending value came from, for an error on a key or on a whole section.

    A list item's error (`discord.shard_ids.0`) comes from the list's variable, not from an
    `MCA_DISCORD_SHARD_IDS_0` nobody set; a section's own check (`shard_ids needs
    shard_count`) names the fields it is about, and those fields' sources are the origin, not
    the default file that merely has a `[discord]` table.
    """
    while len(loc) > 1 and loc[-1].isdigit():
        loc = loc[:-1]
    section = Settings.model_fields.get(loc[0]) if len(loc) == 1 else None
    sub = section.annotation if section is not None else None
    if isinstance(sub, type) and issubclass(sub, BaseModel):
        named = [
            leaf for leaf in sub.model_fields
            if re.search(rf"\b(?:{leaf}|{leaf.replace('_', ' ')})\b", msg)
        ]  # fmt: skip
        origins = list(dict.fromkeys(_origin((loc[0], leaf), files) for leaf in named))
        shipped = str(DEFAULT_CONFIG_DIR / "default.toml")  # the defaults, not a choice made
        given = [o for o in origins if o not in ("defaults", shipped)]
        if given:
            return " and ".join(given)
    return _origin(loc, files)


def _origin(loc: tuple[str, ...], files: list[tuple[Path, dict[str, Any]]]) -> str:
    env = "MCA_" + "_".join(loc).upper()
    if env in os.environ:
        return f"environment variable {env}"
    if len(loc) == 1 and loc[0].upper() in os.environ:
        return f"environment variable {loc[0].upper()}"
    for path, data in files:
        node: Any = data
        for part in loc:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            return str(path)
    return "defaults"
