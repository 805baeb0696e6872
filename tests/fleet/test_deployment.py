"""The fleet example (deploy/compose.yaml) is coherent: every shard, process and target named."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
import yaml

from bot.platforms.settings import DiscordSettings
from tests.conftest import REPO_ROOT
from tests.fleet.balancer import CONFIG, haproxy_binary

DEPLOY = REPO_ROOT / "deploy"


def _services() -> dict[str, dict[str, Any]]:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text("utf-8"))
    services: dict[str, dict[str, Any]] = compose["services"]
    return services


def _bots(platform_var: str) -> dict[str, dict[str, str]]:
    """Bot processes whose environment carries `platform_var`, with that environment."""
    return {
        name: {k: str(v) for k, v in service["environment"].items()}
        for name, service in _services().items()
        if platform_var in service.get("environment", {})
    }


def test_discord_processes_cover_every_shard_once_and_one_syncs_commands() -> None:
    """Shard ids of all Discord processes are 0..count-1 exactly once; one process syncs /mca."""
    settings = [
        DiscordSettings(
            shard_count=int(env["MCA_DISCORD_SHARD_COUNT"]),
            shard_ids=[int(i) for i in env["MCA_DISCORD_SHARD_IDS"].split(",")],
        )
        for env in _bots("DISCORD_TOKEN").values()
    ]
    assert len(settings) >= 2
    counts = {s.shard_count for s in settings}
    assert len(counts) == 1
    shards = sorted(i for s in settings for i in s.my_shards)
    assert shards == list(range(counts.pop()))
    assert [s.syncs_commands for s in settings].count(True) == 1


def test_every_slack_process_is_behind_the_balancer_and_every_bot_on_one_store() -> None:
    """The balancer's servers are exactly the Slack HTTP processes; all bots share PostgreSQL."""
    slack = _bots("SLACK_SIGNING_SECRET")
    lb_env = _services()["lb"]["environment"]
    servers = {v.split(":")[0] for k, v in lb_env.items() if k.startswith("MCA_SLACK_BOT")}
    assert len(slack) >= 2
    assert servers == set(slack)
    stores = {env["MCA_DATABASE_URL"] for env in (_bots("DISCORD_TOKEN") | slack).values()}
    assert len(stores) == 1
    assert stores.pop().startswith("postgresql://")


def test_prometheus_scrapes_every_process() -> None:
    """Each bot process and sandbox worker of the compose file is a scrape target."""
    scrape = yaml.safe_load((DEPLOY / "prometheus" / "fleet.yml").read_text("utf-8"))
    targets = {
        target.split(":")[0]
        for job in scrape["scrape_configs"]
        for config in job["static_configs"]
        for target in config["targets"]
    }
    bots = set(_bots("DISCORD_TOKEN")) | set(_bots("SLACK_SIGNING_SECRET"))
    assert targets == bots | {"sandbox-worker"}


def test_the_balancer_config_is_valid_with_the_compose_addresses() -> None:
    """`haproxy -c` accepts deploy/haproxy/haproxy.cfg with the addresses compose gives it."""
    binary = haproxy_binary()
    if binary is None:
        pytest.skip("HAProxy is not installed (apt-get install haproxy; `make test` does it)")
    env = {
        k: str(v).replace("slack-", "127.0.0.") for k, v in _services()["lb"]["environment"].items()
    }
    checked = subprocess.run(
        [binary, "-c", "-f", str(CONFIG)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
