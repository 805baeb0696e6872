"""Storage fixtures: two handles on one store, as two bot processes hold them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.connect import open_database
from bot.storage.database import Database
from tests.conftest import STORES
from tests.postgres_cluster import Cluster


@pytest.fixture(params=STORES)
async def two(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[Database]]:
    """Two separately opened handles on one store: two SQLite connections, or two pools."""
    url = None
    if request.param == "postgres":
        cluster: Cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.fresh_database()
    path = tmp_path / "shared.sqlite3"
    first = await open_database(url=url, path=path)
    second = await open_database(url=url, path=path)
    yield [first, second]
    await first.close()
    await second.close()
    if url is not None:
        cluster.drop(url)
