"""The report's scheduling fields: compatible with older reports, validated like the others."""

from __future__ import annotations

from typing import Any

import pytest

from bot.mentor.i18n import Catalog
from bot.mentor.sandbox_next import next_measurement
from bot.mentor.sandbox_reasoning import is_waiting, sandbox_findings
from bot.sandbox.render import summarize
from bot.sandbox.report import RunStatus, SandboxReport

LOADED = {"status": "ok", "exit_code": 0, "wall_ms": 5024.0, "cpu_ms": 1236.0}
"""The reviewer's cpu.py on a loaded host: 75% of wall time off the CPU."""


def test_report_without_scheduling_fields_still_parses() -> None:
    """A report from an older worker has no scheduling figures: they read as not measured."""
    report = SandboxReport.from_dict(dict(LOADED))
    assert report.run_queue_ms is None
    assert report.io_wait_ms is None
    assert report.voluntary_switches is None
    assert report.slept_ms() == pytest.approx(5024.0 - 1236.0)


def test_scheduling_fields_survive_the_wire() -> None:
    """to_dict then from_dict keeps run queue, I/O wait and both switch counts."""
    report = SandboxReport.from_dict(
        {
            **LOADED,
            "run_queue_ms": 3700.5,
            "io_wait_ms": 0.0,
            "voluntary_switches": 3,
            "involuntary_switches": 410,
        }
    )
    again = SandboxReport.from_dict(report.to_dict())
    assert again == report
    assert again.slept_ms() == pytest.approx(5024.0 - 1236.0 - 3700.5)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("run_queue_ms", -1.0),
        ("run_queue_ms", "inf"),
        ("io_wait_ms", float("nan")),
        ("voluntary_switches", -3),
        ("involuntary_switches", 2.5),
        ("involuntary_switches", True),
    ],
)
def test_bad_scheduling_figure_is_refused(key: str, value: Any) -> None:
    """A negative, non-finite, fractional or boolean figure is not a measurement."""
    with pytest.raises(ValueError, match=key):
        SandboxReport.from_dict({**LOADED, key: value})


def test_run_queue_gap_is_a_busy_host_not_waiting(catalog: Catalog) -> None:
    """A gap the run spent ready in the run queue: 'the host was busy', the hotspots count."""
    report = SandboxReport(status=RunStatus.OK, wall_ms=5024.0, cpu_ms=1236.0, run_queue_ms=3700.0)
    text = "\n".join(sandbox_findings(report, "en", catalog))
    assert not is_waiting(report)
    assert "the host was busy" in text
    assert "3700 ms" in text
    assert "was waiting" not in text
    assert "Next measurement: time each wait" not in next_measurement(report, "en", catalog)


def test_slept_gap_is_still_waiting_on_a_loaded_host(catalog: Catalog) -> None:
    """A run that slept and queued a little waited; the share is the line's own numbers'.

    review10 T36: "Wall 4026 ms, CPU 217 ms: about 75% waiting" for 20 sleeps of 0.2 s (the
    queue time was taken from the sleep); the learner checks 1 - 217/4026 and finds 95%.
    """
    report = SandboxReport(status=RunStatus.OK, wall_ms=4000.0, cpu_ms=500.0, run_queue_ms=500.0)
    text = "\n".join(sandbox_findings(report, "en", catalog))
    assert is_waiting(report)
    assert "Wall 4000 ms vs CPU 500 ms: 88% of the run was waiting" in text


@pytest.mark.parametrize(("language", "share"), [("tr", "%95"), ("de", "95"), ("ja", "95")])
def test_a_run_that_slept_almost_all_of_its_wall_time_reads_so(
    catalog: Catalog, language: str, share: str
) -> None:
    """review10 T36's run: 20 x time.sleep(0.2) on a loaded host, 790 ms in the run queue."""
    report = SandboxReport(status=RunStatus.OK, wall_ms=4026.0, cpu_ms=217.0, run_queue_ms=790.0)
    line = sandbox_findings(report, language, catalog)[0]
    assert "4026" in line
    assert "217" in line
    assert share in line
    assert "75" not in line


@pytest.mark.parametrize(
    "language", ["de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "tr", "uk", "zh"]
)
def test_busy_host_line_is_in_every_language(catalog: Catalog, language: str) -> None:
    """The busy-host reading cites the run-queue time in the learner's language."""
    report = SandboxReport(status=RunStatus.OK, wall_ms=5024.0, cpu_ms=1236.0, run_queue_ms=3700.0)
    line = sandbox_findings(report, language, catalog)[0]
    english = sandbox_findings(report, "en", catalog)[0]
    assert "3700" in line
    assert (line == english) is (language == "en")


def test_summary_says_where_the_off_cpu_time_went() -> None:
    """`sandbox run` shows the run queue apart from the run's own sleeping and blocking."""
    report = SandboxReport(
        status=RunStatus.OK,
        wall_ms=5024.0,
        cpu_ms=1236.0,
        run_queue_ms=3700.0,
        voluntary_switches=3,
        involuntary_switches=410,
    )
    text = summarize(report)
    assert "3700.0 ms ready but waiting for a busy CPU" in text
    assert "88.0 ms asleep or blocked" in text
    assert "3 voluntary / 410 involuntary" in text
    assert "Off the CPU" not in summarize(
        SandboxReport(status=RunStatus.OK, wall_ms=9.0, cpu_ms=8.0)
    )
