"""The shipped dashboard and alert rules read metrics the bot really exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client.metrics_core import Metric

from bot.observability import Metrics

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def _exported() -> set[str]:
    names: set[str] = set()
    family: Metric
    for family in Metrics().registry.collect():
        for suffix in SUFFIXES.get(family.type, ("",)):
            names.add(family.name + suffix)
    return names


def _referenced(text: str) -> set[str]:
    return set(re.findall(r"\bmca_[a-z_]+\b", text))


def test_every_series_on_the_dashboard_is_exported() -> None:
    """A panel that queries a metric the bot does not export would stay empty forever."""
    dashboard = json.loads((DEPLOY / "grafana" / "mca-mentor.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    missing = _referenced(exprs) - _exported()
    assert not missing, f"dashboard queries unknown metrics: {sorted(missing)}"
    titles = " ".join(p["title"].lower() for p in dashboard["panels"])
    for topic in ("turns", "latency", "error", "sandbox", "llm", "guard"):
        assert topic in titles


def test_every_series_in_the_alert_rules_is_exported() -> None:
    """An alert on a misspelt metric never fires: every mca_* name must exist."""
    rules = (DEPLOY / "prometheus" / "alerts.yml").read_text()
    missing = _referenced(rules) - _exported()
    assert not missing, f"alert rules use unknown metrics: {sorted(missing)}"
    for alert in (
        "MCATurnErrorRatioHigh",
        "MCALatencySLOFastBurn",
        "MCALLMBreakerOpen",
        "MCASandboxUnavailable",
    ):
        assert f"alert: {alert}" in rules
