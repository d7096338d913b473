"""Security settings and behaviour: password hashing, CSRF, headers, throttled sign-in, sessions."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client

from peerlift.web.middleware import PermissionMiddleware

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(settings) -> None:  # type: ignore[no-untyped-def]
    """A user made the way peerlift makes them is stored with an Argon2id hash (the web tests' fast
    hasher put back to the real setting for this one)."""
    from django.contrib.auth.models import User

    from peerlift.web import accounts
    from peerlift.web.models import Role

    settings.PASSWORD_HASHERS = importlib.import_module("peerlift.settings").PASSWORD_HASHERS
    accounts.create_user("hashed", PASSWORD, accounts.Scope(Role.OFFICER, la=999), actor="tests")
    user = User.objects.get(username="hashed")
    assert user.password.startswith("argon2$argon2id$"), user.password.split("$")[0]
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD) and not user.check_password(PASSWORD + "x")


def test_security_headers(register, as_role) -> None:
    response = as_role("member").get("/schools")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_hsts_over_tls(register, as_role, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_HSTS_SECONDS = 31_536_000
    assert "max-age=31536000" in as_role("member").get("/schools", secure=True)["Strict-Transport-Security"]


def test_forms_need_a_csrf_token(users) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["officer"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/schools/100001/record/notes", {"text": "x"})
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()


def test_sign_in_and_out(users) -> None:
    client = Client()
    response = client.post("/sign-in", {"username": "member", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/schools").status_code == 200
    assert client.post("/sign-out").status_code == 302
    assert client.get("/schools").status_code == 302


def test_wrong_password_gets_an_error_summary(users) -> None:
    html = Client().post("/sign-in", {"username": "member", "password": "nope"}).content.decode()
    assert "govuk-error-summary" in html and 'href="#id_username"' in html


def test_sign_in_is_throttled(users, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in", {"username": "member", "password": "wrong"})
    locked = client.post("/sign-in", {"username": "member", "password": PASSWORD})
    assert locked.status_code == 429
    assert "tried to sign in too many times" in locked.content.decode()
    assert client.get("/schools").status_code == 302


def test_session_cookie_is_http_only(users) -> None:
    client = Client()
    response = client.post("/sign-in", {"username": "member", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_a_view_without_a_rule_is_refused(rf, users) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/x")
    request.user = users["admin"]
    middleware = PermissionMiddleware(lambda r: HttpResponse())
    with pytest.raises(PermissionDenied, match="no permission rule"):
        middleware.process_view(request, lambda r: HttpResponse(), [], {})
