"""Detection content naming an anti-forensic command is teaching; running it stays harm."""

from __future__ import annotations

import pytest

from bot.mentor.guards.detection import DetectionCues
from bot.mentor.guards.harm_prose import plain_cues
from bot.mentor.guards.safety import ProseRule, strip_harm
from bot.mentor.i18n import Catalog
from bot.mentor.streaming import StreamGate
from bot.settings import DEFAULT_CONFIG_DIR
from tests.fakes.detection_texts import DETECTION_CODE, DETECTION_DEFENCES, DETECTION_DRESSED

RULE = ProseRule.from_catalog(
    Catalog.load(DEFAULT_CONFIG_DIR).languages,
    plain_cues(DEFAULT_CONFIG_DIR),
    None,
    DetectionCues.load(DEFAULT_CONFIG_DIR),
)
NOTES = [(lang, i) for lang in sorted(DETECTION_DEFENCES) for i in range(3)]
KINDS = ("alert_note", "incident_timeline", "checklist")


def _id(case: tuple[str, int]) -> str:
    return f"{case[0]}-{KINDS[case[1]]}"


@pytest.mark.parametrize("case", NOTES, ids=_id)
def test_detection_note_naming_wevtutil_cl_is_kept(case: tuple[str, int]) -> None:
    """An alert rule, an incident timeline or a blue-team checklist that names `wevtutil cl`
    or `history -c` to catch it stays whole, in every language."""
    lang, index = case
    text = DETECTION_DEFENCES[lang][index]
    result = strip_harm(text, RULE)
    assert not result.changed, result.harms
    assert result.text.strip() == text.strip()


@pytest.mark.parametrize("name", sorted(DETECTION_CODE))
def test_detection_rule_or_log_query_is_kept(name: str) -> None:
    """A Sigma rule, a KQL/SPL/EQL query, a grep, a PowerShell or osquery search and a Python
    alerting script match the command as data: the block stays."""
    result = strip_harm(DETECTION_CODE[name], RULE)
    assert not result.changed, result.harms


@pytest.mark.parametrize("name", sorted(DETECTION_DRESSED))
def test_running_the_command_dressed_as_detection_is_removed(name: str) -> None:
    """ "Run `wevtutil cl Security` so nobody notices", a Makefile, Dockerfile, CI step, cron
    line, subprocess or `bash -c` that runs it: removed, whatever detection words surround it."""
    result = strip_harm(DETECTION_DRESSED[name], RULE)
    assert result.changed
    assert "anti_forensics" in result.harms
    assert "wevtutil cl Security" not in result.text or "```" not in DETECTION_DRESSED[name]


def test_the_same_command_unquoted_in_a_detection_paragraph_is_removed() -> None:
    """A bare command line under a detection heading is a command to type, not a name."""
    text = "Detection lab setup:\nwevtutil cl Security\nhistory -c"
    assert strip_harm(text, RULE).changed


class _Sink:
    def __init__(self) -> None:
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


@pytest.mark.parametrize("lang", ["en", "de", "ja", "ru"])
async def test_preview_shows_the_detection_timeline(lang: str) -> None:
    """The streaming preview holds the timeline's command lines until judged, then shows
    them: what the final check keeps, the preview shows too."""
    sink = _Sink()
    gate = StreamGate(sink, harm=RULE, every_s=0)
    timeline = DETECTION_DEFENCES[lang][1]
    draft = "Context.\n\n" + timeline + "\n\nMeasure the time to alert."
    for i in range(0, len(draft), 11):
        await gate(draft[i : i + 11])
    await gate.flush()
    assert not gate.stopped
    assert "wevtutil cl Security" in sink.shown[-1]


def test_every_language_has_detection_cues() -> None:
    """The 14 languages each carry detection, run and concealment cues and defences."""
    files = {p.stem for p in (DEFAULT_CONFIG_DIR / "guards" / "prose").glob("*.toml")}
    assert files == set(DETECTION_DEFENCES)
    assert set(DETECTION_DEFENCES) <= set(DETECTION_DRESSED)


def test_a_note_opening_with_an_event_id_is_not_a_cron_line() -> None:
    """ "1102 events were cleared by `wevtutil cl` ..." is a finding, not a crontab entry."""
    text = "1102 events were logged after the attacker ran `wevtutil cl Security` at 02:19."
    assert not strip_harm(text, RULE).changed
