"""The README stays true: the quick start is two commands, and every setting is documented."""

from __future__ import annotations

import re

from pydantic import BaseModel

from bot.settings import SECRET_ENV, Settings
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _env_names(model: type[BaseModel], prefix: str = "MCA_") -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names.extend(_env_names(annotation, f"{prefix}{name.upper()}_"))
        elif name not in SECRET_ENV and name != "openai_base_url":
            names.append(f"{prefix}{name.upper()}")
    return names


def test_every_setting_has_a_row_in_the_configuration_table() -> None:
    """Each MCA_* variable the settings accept is named in the README."""
    missing = [env for env in _env_names(Settings) if f"`{env}`" not in README]
    assert missing == []


def test_every_secret_is_documented_as_environment_only() -> None:
    """Tokens and keys are listed by their environment variable."""
    assert all(f"`{env}`" in README for env in SECRET_ENV.values())


def test_quick_start_is_exactly_make_run_and_make_test() -> None:
    """A newcomer needs two commands, and the quick start shows exactly those."""
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", README, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_the_method_author_is_credited() -> None:
    """The MCA method is credited to its author."""
    assert "Prof. Pablo De Chiaro Rosa" in README
