"""The config files settings read (config/default.toml, MCA_CONFIG's file) and the secrets in them.

Secrets come from the environment only: a file holding one (a token under any spelling, a
database or LLM URL with a password) is refused before the settings model sees it, so its value
never reaches an error message and the refusal names the variable to set instead.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.storage.database import url_password

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_DIR = REPO_ROOT / "config"

SECRET_ENV = {
    "discord_token": "DISCORD_TOKEN",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "openai_api_key": "OPENAI_API_KEY",
}
"""Settings that may only come from the environment, and their variable names."""

_SECRET_NAMES = {
    **{name: env for name, env in SECRET_ENV.items()},
    **{env.lower(): env for env in SECRET_ENV.values()},
    "worker_token": "MCA_SANDBOX_WORKER_TOKEN",  # [sandbox] worker_token
    "mca_sandbox_worker_token": "MCA_SANDBOX_WORKER_TOKEN",
}
"""Secret keys in any spelling a config file might use: `openai_api_key`, `OPENAI_API_KEY`."""
_SCOPED_SECRETS = {**SECRET_ENV, "llm_api_key": "OPENAI_API_KEY"}
"""A table and a key that together name a secret: `[slack] signing_secret`, `[llm] api_key`."""


def secret_refusal(key: str, path: Path | str, env: str) -> str:
    """One line that says first where the secret goes, then what to remove (review12 V17).

    Pointing at another key of the file (`slack_signing_secret`) only led to the next
    refusal: secrets are environment-only.
    """
    return (
        f"`{key}` in {path} is a secret: set {env} in the environment and remove `{key}` "
        f"from {path} (secrets come from the environment only)."
    )


def extra_config_path() -> Path | None:
    """The file MCA_CONFIG names, if any."""
    raw = os.environ.get("MCA_CONFIG", "").strip()
    return Path(raw) if raw else None


def config_files() -> list[tuple[Path, dict[str, Any]]]:
    """Each config file settings read, parsed, the operator's own first; secrets refused."""
    extra = extra_config_path()
    files: list[tuple[Path, dict[str, Any]]] = []
    for path in (extra, DEFAULT_CONFIG_DIR / "default.toml"):
        if path is None:
            continue
        files.append((path, _read_toml(path, required=path is extra)))
    for path, data in files:
        refuse_secrets(path, data)
    return files


def refuse_secrets(path: Path, data: Mapping[str, Any]) -> None:
    """ConfigError naming the variable to set when the file `path` holds a secret."""
    for key, env in _secret_keys(data):
        raise ConfigError(secret_refusal(key, path, env))
    llm = data.get("llm")
    llm_url = llm.get("base_url", "") if isinstance(llm, dict) else ""
    for key, value, env in (
        ("database_url", data.get("database_url", ""), "MCA_DATABASE_URL"),
        ("openai_base_url", data.get("openai_base_url", ""), "OPENAI_BASE_URL"),
        ("llm.base_url", llm_url, "OPENAI_BASE_URL"),
    ):
        if url_password(str(value)):
            raise ConfigError(
                f"`{key}` in {path} holds a password, a secret: set {env} in the environment "
                f"and remove `{key}` from {path} (secrets come from the environment only)."
            )


def _secret_keys(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Keys naming a secret anywhere in a config file (any case, any table), with their env var.

    Whatever the case or nesting, a secret in a file is refused: TOML keys are case-sensitive,
    so `Discord_Token` would otherwise slip past a lowercase check and reach an error message.
    """
    found = []
    table = prefix.rstrip(".").rsplit(".", 1)[-1].lower()
    for key, value in data.items():
        path = f"{prefix}{key}"
        name = str(key).strip().lower().replace("-", "_")
        env = _SECRET_NAMES.get(name) or (_SCOPED_SECRETS.get(f"{table}_{name}") if table else None)
        if env is not None:
            found.append((path, env))
        elif isinstance(value, Mapping):
            found.extend(_secret_keys(value, prefix=f"{path}."))
    return found


def _read_toml(path: Path, *, required: bool) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        if required:
            raise ConfigError(f"MCA_CONFIG names {path}, which does not exist.") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}.") from None
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror}.") from None
