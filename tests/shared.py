"""Where the real published files are: ``../shared/data`` beside the repository (see its SOURCES.md).

One definition for the whole suite. Modules mark the tests that need the folder with ``needs_shared``
and read files only inside tests (never at import), so that without the folder they skip, not crash.
The ``shared_data`` fixture in conftest.py gives the same folder to a test that asks for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

needs_shared = pytest.mark.skipif(
    not SHARED_DATA.exists(), reason="the shared data folder (../shared/data) is not beside the repository"
)
