"""Passwords: a user changes their own (and stays signed in); an LA administrator resets one of their
LA's users' and sees the new one once. Neither ever puts a password in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from peerlift.web.models import AuditEntry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a much longer new passphrase"


def _change(client: Client, current: str, new: str, again: str | None = None) -> Any:
    data = {"current_password": current, "new_password": new, "new_password_again": again or new}
    return client.post("/account/password", data)


def _logged_passwords() -> str:
    return repr(list(AuditEntry.objects.values_list("before", "after")))


def test_a_user_changes_their_password_and_stays_signed_in(users, as_role) -> None:
    client = as_role("member")
    assert "Change your password" in client.get("/account/password").content.decode()
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200  # update_session_auth_hash kept this session
    assert User.objects.get(username="member").check_password(NEW)
    entry = AuditEntry.objects.filter(action="set password").get()
    assert (entry.actor, entry.object_id, entry.after, entry.la_code) == (
        "member",
        "member",
        {"password": "changed"},
        999,
    )
    assert NEW not in _logged_passwords() and PASSWORD not in _logged_passwords()


def test_other_sessions_of_the_user_are_signed_out(users, as_role) -> None:
    here, elsewhere = as_role("officer"), as_role("officer")
    _change(here, PASSWORD, NEW)
    assert elsewhere.get("/schools").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "message"),
    [
        ("", NEW, NEW, "current_password", "Enter your current password"),
        ("not my password", NEW, NEW, "current_password", "Your current password is not right"),
        (PASSWORD, "", "", "new_password", "Enter a new password"),
        (PASSWORD, "short pass", "short pass", "new_password", "at least 12 characters"),
        (PASSWORD, "123456789012345", "123456789012345", "new_password", "entirely numeric"),
        (PASSWORD, NEW, NEW + "x", "new_password_again", "The new passwords do not match"),
    ],
)
def test_errors_are_summarised_and_nothing_changes(
    users, as_role, current: str, new: str, again: str, field: str, message: str
) -> None:
    response = _change(as_role("headteacher"), current, new, again)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#{field}">' in html and message in html and f'id="{field}-error"' in html
    assert User.objects.get(username="headteacher").check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="set password").exists()


def test_the_header_and_home_page_link_to_it(users, as_role) -> None:
    for role in ("admin", "headteacher", "network_lead", "member"):
        html = as_role(role).get("/").content.decode()
        assert html.count('href="/account/password"') == 2, role


def test_an_administrator_resets_a_password_shown_once(users, as_role) -> None:
    officer = users["officer"]
    client = as_role("admin")
    assert f'href="/users/{officer.pk}/password"' in client.get(f"/users/{officer.pk}").content.decode()
    confirm = client.get(f"/users/{officer.pk}/password").content.decode()
    assert "Reset the password" in confirm
    html = client.post(f"/users/{officer.pk}/password").content.decode()
    shown = html.split('<strong class="pl-code">')[1].split("</strong>")[0]
    assert len(shown) >= 12
    officer.refresh_from_db()
    assert officer.check_password(shown) and not officer.check_password(PASSWORD)
    entry = AuditEntry.objects.filter(action="set password").get()
    assert (entry.actor, entry.object_id, entry.la_code) == ("admin", "officer", 999)
    assert shown not in _logged_passwords()
    assert shown not in client.get("/users").content.decode()


def test_resetting_someone_unknown_or_of_another_la(users, as_role) -> None:
    client = as_role("admin")
    assert client.post("/users/99999/password").status_code == 404
    assert client.post(f"/users/{users['other_officer'].pk}/password").status_code == 403
    assert User.objects.get(username="other_officer").check_password(PASSWORD)


def test_guessing_the_current_password_is_throttled_like_signing_in(users, as_role, settings) -> None:  # type: ignore[no-untyped-def]
    client = as_role("member")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _change(client, "not my password", NEW).status_code == 400
    assert _change(client, "not my password", NEW).status_code == 429  # the guess that reaches the limit
    locked = _change(client, PASSWORD, NEW)
    assert locked.status_code == 429
    assert "tried to sign in too many times" in locked.content.decode()
    assert User.objects.get(username="member").check_password(PASSWORD)  # unchanged
    assert Client().post("/sign-in", {"username": "member", "password": PASSWORD}).status_code == 429
