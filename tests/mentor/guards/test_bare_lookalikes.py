"""Look-alike hosts named bare in prose and typosquatted `pip install` names never reach the learner."""

from __future__ import annotations

import tomllib

import pytest

from bot.app import App
from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.lookalikes import Lookalikes, installed_names
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR

LOOKALIKES = Lookalikes.load(DEFAULT_CONFIG_DIR)
RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages,
    plain_cues(DEFAULT_CONFIG_DIR),
    lookalikes=LOOKALIKES,
)
TEACHING = "Measure the import time before and after pinning the version."
PACKAGES = tomllib.loads((DEFAULT_CONFIG_DIR / "guards" / "packages.toml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("Download the patched wheel from pypi-org.com and install it.", "pypi-org.com"),
        ("Die Doku liegt auf docs.pyth0n.org, Kapitel asyncio.", "docs.pyth0n.org"),
        ("Descarga el parche de githuh.com/psf/requests.", "githuh.com"),
        ("Confirmez votre compte sur paypa1.com avant de payer.", "paypa1.com"),
        ("公式の修正版は python.org.evil.io にあります。", "python.org.evil.io"),
        ("Пишите на support@micros0ft-login.com, там помогут.", "micros0ft-login.com"),
    ],
)
def test_a_bare_lookalike_host_in_prose_is_removed(text: str, host: str) -> None:
    """A host that imitates a known site is one whether or not it is written as a link."""
    result = strip_harm(text + "\n\n" + TEACHING, RULE)
    assert host not in result.text
    assert TEACHING in result.text


@pytest.mark.parametrize(
    "text",
    [
        "Read docs.python.org and pypi.org/project/requests for the details.",
        "Call os.path.join(base, name), then run setup.py and self.app.run().",
        "Use pandas.io.json.read_json or json.loads; numpy.org has the dtype table.",
        "Poetry lives at python-poetry.org, the HTTP client at python-httpx.org.",
    ],
)
def test_real_hosts_and_dotted_python_names_stay(text: str) -> None:
    """Real sites and Python's dotted names (modules, files, attributes) are teaching."""
    assert not strip_harm(text, RULE).changed


@pytest.mark.parametrize(
    "command",
    [
        "pip install reqeusts",
        "pip install python-dateutils",
        "python -m pip install -U beautifulsoup5",
        "poetry add pydantc",
        "uv add djang0",
        "pip3 install numpyy==1.26",
        "pip install urlib3",
    ],
)
def test_a_typosquatted_install_is_removed_with_its_block(command: str) -> None:
    """A package one or two letters from a popular one is a typosquat: its block goes."""
    text = f"Install the fix:\n\n```bash\n{command}\n```\n\n{TEACHING}"
    result = strip_harm(text, RULE)
    assert command not in result.text
    assert TEACHING in result.text


def test_installing_real_packages_is_never_flagged() -> None:
    """Every popular package, and every real package close to one, installs unflagged."""
    names = [*PACKAGES["popular"], *PACKAGES["real"]]
    flagged = [n for n in names if LOOKALIKES.find(f"pip install {n}")]
    assert len(names) > 300
    assert flagged == []


@pytest.mark.parametrize(
    ("command", "names"),
    [
        ("pip install -r requirements.txt -e . 'fastapi[all]>=0.110'", ["fastapi"]),
        ("pip install --index-url https://pypi.org/simple Django==5.0", ["django"]),
        ("uv pip install ./dist/pkg.whl ruamel.yaml", ["ruamel-yaml"]),
    ],
)
def test_install_commands_name_packages_not_options_or_files(
    command: str, names: list[str]
) -> None:
    """Options, requirement files, paths and wheels are not package names."""
    assert installed_names(command) == names


async def test_preview_never_shows_a_bare_lookalike_host() -> None:
    """The streaming preview holds the line until judged, then never shows it."""
    shown: list[str] = []

    async def sink(text: str) -> None:
        shown.append(text)

    gate = StreamGate(sink, harm=RULE, every_s=0)
    draft = TEACHING + "\n\nGrab the wheel from pypi-org.com today.\n\nMeasure it."
    for i in range(0, len(draft), 7):
        await gate(draft[i : i + 7])
    await gate.flush()
    assert not any("pypi-org" in text for text in shown)


async def test_the_app_rule_reads_the_package_list(app: App) -> None:
    """The running guards know the popular packages (packages.toml)."""
    rule = app.mentor.guards.prose_rule
    assert rule.lookalikes.typosquat("reqeusts")
    assert not rule.lookalikes.typosquat("requests")
