"""Suite-wide settings: where the shared real data is, and the database the suite runs on.

The suite runs on SQLite by default. ``make test`` runs the database tests a second time with
DATABASE_URL pointing at PostgreSQL when PEERLIFT_TEST_POSTGRES is set; if that server does not
answer, those tests skip with a message instead of failing.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from shared import REPO, SHARED_DATA

TEST_DATA = REPO / "tests" / "data"


def _postgres_unreachable() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), timeout=2).close()
    except OSError as error:
        return f"PostgreSQL at {parsed.hostname}:{parsed.port or 5432} does not answer ({error})"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _postgres_unreachable()
    if reason:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("DATABASE_URL", "")
    return f"peerlift database: {'PostgreSQL' if url.startswith('postgres') else 'SQLite'}"


@pytest.fixture
def shared_data() -> Path:
    """The real published files beside the repository (../shared/data)."""
    if not SHARED_DATA.exists():
        pytest.skip(f"the shared data folder is not beside the repository ({SHARED_DATA.name})")
    return SHARED_DATA
