"""A database a newer release migrated: the older process says so (rolling upgrades, issue 18).

Several hosts share one PostgreSQL database; during an upgrade the first new process applies
the new migrations while the old ones keep running and restarting. They still start (their
tables are there), but nothing told the operator which processes were behind the schema.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.settings import Settings
from bot.storage.connect import newer_migrations, open_database
from bot.storage.database import available_migrations

NEWER = "9990_from_a_newer_release"


async def test_an_older_process_on_a_newer_schema_starts_and_warns(store_settings: Settings) -> None:
    url, path = store_settings.database_url_value, store_settings.database_path
    db = await open_database(url=url, path=path)
    try:
        assert await newer_migrations(db) == []  # this release's own schema: nothing said
        await db.execute(
            "INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", (NEWER, time.time())
        )
    finally:
        await db.close()
    with capture_logs() as logs:
        db = await open_database(url=url, path=path)
    try:
        warned = [e for e in logs if e["event"] == "storage.schema_newer_than_code"]
        assert len(warned) == 1
        assert warned[0]["log_level"] == "warning"
        assert warned[0]["migrations"] == [NEWER]
        assert "upgrade this one" in warned[0]["hint"]
        # it still works: the old code's own migrations are all there
        shipped = [mig_id for mig_id, _ in available_migrations(db.dialect)]
        assert set(shipped) <= set(await db.applied_migrations())
    finally:
        await db.close()


def test_migrate_names_what_this_code_does_not_know(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mca-bot migrate` on the older host: its JSON lists them and one line says what to do."""
    from bot.__main__ import main  # noqa: PLC0415

    monkeypatch.setenv("MCA_DATA_DIR", str(data_dir))
    assert main(["migrate"]) == 0
    assert json.loads(capsys.readouterr().out)["unknown"] == []
    with sqlite3.connect(data_dir / "mca.sqlite3") as conn:
        conn.execute("INSERT INTO schema_migrations (id, applied_at) VALUES (?, 0)", (NEWER,))
    assert main(["migrate"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["unknown"] == [NEWER]
    assert f"migrations this code does not know ({NEWER})" in out.err
    assert "upgrade it" in out.err
