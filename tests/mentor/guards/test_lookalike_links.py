"""A link to a host imitating a known site (pypi-org.com, docs.pyth0n.org) never reaches the learner."""

from __future__ import annotations

import re

import pytest

from bot.app import App
from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.lookalikes import Lookalikes
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
IMITATIONS = (
    "pypi-org.com",
    "docs.pyth0n.org",
    "python.org.evil.io",
    "githuh.com",
    "pypl.org",
    "paypa1.com",
    "xn--pypal-4ve.com",
    "docs-python.org",
    "github.com-login.io",
    "rnicrosoft.com",
    "micros0ft-login.com",
    "paypal-secure.com",
)
REAL = (
    "docs.python.org",
    "python-poetry.org",
    "realpython.com",
    "pypy.org",
    "numba.pydata.org",
    "pythonanywhere.com",
    "docs.python-requests.org",
    "micropython.org",
    "learn.microsoft.com",
    "raw.githubusercontent.com",
    "github.blog",
    "localhost",
    "staging.example",
)
TEACHING = "Measure the install time before and after pinning the index."


@pytest.mark.parametrize("host", IMITATIONS)
def test_a_host_imitating_a_known_site_is_a_lookalike(host: str) -> None:
    """Digits or Cyrillic for letters, one letter off, the known name inside another domain."""
    assert LOOKALIKES.imitates(host)


@pytest.mark.parametrize("host", REAL)
def test_real_sites_and_their_neighbours_are_not_lookalikes(host: str) -> None:
    """The known sites, their subdomains and other real sites with similar names stay."""
    assert not LOOKALIKES.imitates(host)


def test_no_host_the_knowledge_base_cites_is_a_lookalike() -> None:
    """Every link of our reviewed knowledge units is left alone."""
    hosts = set()
    for path in (DEFAULT_CONFIG_DIR / "knowledge").rglob("*.toml"):
        hosts |= set(re.findall(r"https?://([A-Za-z0-9.-]+)", path.read_text(encoding="utf-8")))
    assert hosts
    assert not [h for h in hosts if LOOKALIKES.imitates(h.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "Get the fixed wheel from https://pypi-org.com/simple/requests/ and install it.",
        "The docs are at https://docs.pyth0n.org/3/library/asyncio.html, read the tasks page.",
        "```bash\npip install --index-url https://pypi-org.com/simple requests\n```",
    ],
)
def test_a_lookalike_link_is_removed_and_the_teaching_stays(text: str) -> None:
    """The line (or block) with the imitating link goes; the paragraph after it stays."""
    result = strip_harm(text + "\n\n" + TEACHING, RULE)
    assert "lookalike_domain" in result.harms
    assert "pypi-org.com" not in result.text
    assert "pyth0n" not in result.text
    assert TEACHING in result.text


def test_a_link_to_the_real_docs_stays() -> None:
    """https://docs.python.org is teaching."""
    text = "Read https://docs.python.org/3/library/asyncio-task.html first."
    assert not strip_harm(text, RULE).changed


class _Sink:
    def __init__(self) -> None:
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


async def test_preview_never_shows_a_lookalike_link() -> None:
    """The streaming preview holds the line until judged, then never shows it."""
    sink = _Sink()
    gate = StreamGate(sink, harm=RULE, every_s=0)
    draft = TEACHING + "\n\nInstall from https://pypi-org.com/simple today.\n\nMeasure it."
    for i in range(0, len(draft), 7):
        await gate(draft[i : i + 7])
    await gate.flush()
    assert not any("pypi-org" in text for text in sink.shown)


async def test_the_app_rule_knows_the_knowledge_hosts(app: App) -> None:
    """The running guards read domains.toml and the knowledge base's hosts."""
    rule = app.mentor.guards.prose_rule
    assert rule.lookalikes.imitates("docs.celeryq-dev.com") or rule.lookalikes.imitates(
        "pypi-org.com"
    )
    assert not rule.lookalikes.imitates("docs.celeryq.dev")
