"""Fleet fixtures: one fresh PostgreSQL database that every process of a test shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres_cluster import Cluster


@pytest.fixture
def shared_database(postgres_cluster: Cluster) -> Iterator[str]:
    """The URL of a migrated database on the suite's throwaway server, dropped afterwards."""
    url = postgres_cluster.fresh_database()
    yield url
    postgres_cluster.drop(url)
