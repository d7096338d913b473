"""Static files (served by WhiteNoise before most middleware runs) carry the security headers too."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[2] / "src" / "peerlift" / "web" / "static"


@pytest.mark.parametrize("suffix", [".css", ".js"])
def test_static_files_carry_the_security_headers(suffix: str) -> None:
    found = next(STATIC.rglob(f"*{suffix}"), None)
    assert found is not None, f"no {suffix} file under the static folder"
    response = Client().get(f"/static/{found.relative_to(STATIC).as_posix()}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Permissions-Policy"].startswith("camera=()")
