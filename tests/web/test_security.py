"""Security settings and behaviour: password hashing, CSRF, headers, throttled sign-in, sessions."""

from __future__ import annotations

import functools
import http.client
import importlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
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


# Throttling per address across usernames, and who says what the address is (issue 8, defect 11)

GUESSED = ("admin", "officer", "headteacher", "network_lead", "member", "other_officer", "nobody", "root")


def _sign_in(client: Client, username: str, password: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post("/sign-in", {"username": username, "password": password}, **extra)


def test_guesses_across_usernames_from_one_address_are_locked_out(users, settings) -> None:  # type: ignore[no-untyped-def]
    """32 guesses, 4 for each of 8 usernames (under the 5 a username may have): the address is locked
    out at its 20th failure, for every username, the right password included; another address is not."""
    assert (settings.AXES_FAILURE_LIMIT, settings.PEERLIFT_LOGIN_ATTEMPTS_PER_ADDRESS) == (5, 20)
    client = Client()
    answers = [_sign_in(client, name, "wrong guess").status_code for _ in range(4) for name in GUESSED]
    assert answers == [200] * 19 + [429] * 13
    assert _sign_in(client, "member", PASSWORD).status_code == 429
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert _sign_in(elsewhere, "member", PASSWORD)["Location"] == "/"


def test_an_untrusted_proxy_header_does_not_pick_the_address(users) -> None:  # type: ignore[no-untyped-def]
    """With no trusted proxy (the default), a client that writes a new X-Forwarded-For for each guess
    is still one address to the throttle, and cannot lock out the address it names."""
    client = Client()
    for n in range(5):
        _sign_in(client, "member", "wrong guess", forwarded=f"203.0.113.{n}")
    assert _sign_in(client, "member", PASSWORD, forwarded="203.0.113.99").status_code == 429
    named = Client(REMOTE_ADDR="203.0.113.1")
    assert _sign_in(named, "member", PASSWORD)["Location"] == "/"


def test_behind_a_trusted_proxy_each_client_is_its_own_address(users, settings) -> None:  # type: ignore[no-untyped-def]
    """The proxy (127.0.0.1, the test client's address) appends each client's address: one client
    locking itself out leaves the other signing in; what a client writes before the proxy's entry
    is not believed."""
    settings.PEERLIFT_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    guesser, other = Client(), Client()
    # the guesser claims a new address each time; the proxies append the one it came from
    chains = [f"198.51.100.{n}, 203.0.113.5, 10.1.2.3" for n in range(5)]
    answers = [_sign_in(guesser, "member", "wrong", forwarded=chain).status_code for chain in chains]
    assert answers == [200] * 4 + [429]
    assert _sign_in(guesser, "member", PASSWORD, forwarded="203.0.113.5").status_code == 429
    assert _sign_in(other, "member", PASSWORD, forwarded="203.0.113.6")["Location"] == "/"
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_trusted_proxies_are_addresses_or_networks() -> None:
    settings = importlib.import_module("peerlift.settings")
    assert settings.trusted_proxies(" 10.0.0.0/8, ::1 ,") == ["10.0.0.0/8", "::1"]
    with pytest.raises(ImproperlyConfigured, match="is not an address or a network"):
        settings.trusted_proxies("proxy.local")


@contextmanager
def _gunicorn(folder: Path, trusted: str) -> Iterator[tuple[str, str]]:
    """gunicorn (one worker, the app `peerlift serve` runs, without its collectstatic) on a free
    loopback port over a new SQLite register with one member: the base address and their password."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'web.sqlite3'}",
        "PEERLIFT_HOME": str(folder),
        "PEERLIFT_TRUSTED_PROXIES": trusted,
    }
    command = [sys.executable, "-m", "peerlift.cli"]
    made = subprocess.run(
        [*command, "createuser", "member", "--role", "member", "--la", "999"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    password = re.search(r"Password: (\S+)", made.stdout)
    assert password, made.stdout
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    gunicorn = [sys.executable, "-m", "gunicorn", "peerlift.web.wsgi:application", "--workers", "1"]
    server = subprocess.Popen(
        [*gunicorn, "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180  # generous: a loaded machine starts it slowly
        while True:
            try:
                urllib.request.urlopen(f"{base}/sign-in", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        yield base, password.group(1)
    finally:
        server.terminate()
        server.wait(timeout=20)


class _FromAddress(urllib.request.HTTPHandler):
    """Connect from another loopback address (127.0.0.2, ...): a client that is not the proxy."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(
            functools.partial(http.client.HTTPConnection, source_address=(self.address, 0)), req
        )


def _sign_in_over_http(base: str, username: str, password: str, forwarded: str, source: str = "") -> int:
    """The sign-in form through the real server (CSRF included), every request carrying the
    X-Forwarded-For given, from 127.0.0.1 or ``source``: 200 when it signed in, 401 when the form
    answered without signing in (a wrong password), else the status of the answer (429: locked out)."""
    headers = {"X-Forwarded-For": forwarded, "Referer": f"{base}/sign-in"}
    handlers: list[Any] = [urllib.request.HTTPCookieProcessor()]
    opener = urllib.request.build_opener(*handlers, *([_FromAddress(source)] if source else []))
    form = opener.open(urllib.request.Request(f"{base}/sign-in", headers=headers)).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    try:
        answer = opener.open(urllib.request.Request(f"{base}/sign-in", data=data, headers=headers))
    except urllib.error.HTTPError as error:
        return error.code
    return 200 if "Sign out" in answer.read().decode() else 401


def test_the_proxy_header_through_gunicorn(tmp_path: Path) -> None:
    """A real server trusting a proxy on 127.0.0.1 that appends each client's address. Through the
    proxy, one client locks itself out with 5 wrong passwords (claiming a new address each time) and
    another client still signs in. A client connecting from 127.0.0.2, not a proxy, cannot pick its
    address with the header: it stays locked out whatever it claims, and 127.0.0.3 is not."""
    with _gunicorn(tmp_path, "127.0.0.1") as (base, password):
        proxied = [
            _sign_in_over_http(base, "member", "wrong", f"198.51.100.{n}, 203.0.113.5") for n in range(5)
        ]
        proxied += [
            _sign_in_over_http(base, "member", password, "203.0.113.5"),
            _sign_in_over_http(base, "member", password, "203.0.113.6"),
        ]
        direct = [
            _sign_in_over_http(base, "member", "wrong", f"203.0.113.{n}", "127.0.0.2") for n in range(5)
        ]
        direct += [
            _sign_in_over_http(base, "member", password, "203.0.113.99", "127.0.0.2"),
            _sign_in_over_http(base, "member", password, "127.0.0.2", "127.0.0.3"),
        ]
    assert proxied == [401] * 4 + [429, 429, 200]
    assert direct == [401] * 4 + [429, 429, 200]
