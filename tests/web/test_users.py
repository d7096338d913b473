"""User administration and `peerlift createuser`: roles and scopes, limits of an LA's administrator,
and the audit log of every change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from typer.testing import CliRunner

from peerlift.web import accounts
from peerlift.web.models import AuditEntry, Network, Profile, Role

from .conftest import ELSEWHERE, OWN, PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_adds_a_headteacher_and_it_is_audited(users, as_role) -> None:
    response = as_role("admin").post(
        "/users/new", {"username": "newhead", "role": "headteacher", "urn": str(OWN), "full_name": "Ann Head"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user__username="newhead")
    assert (profile.role, profile.urn) == ("headteacher", OWN)
    entry = AuditEntry.objects.filter(object_id="newhead").get()
    assert (entry.actor, entry.action, entry.before, entry.la_code) == ("admin", "create user", None, 999)
    assert entry.after["role"] == "headteacher" and "password" not in entry.after


def test_admin_cannot_add_users_for_another_la_s_school(users, as_role) -> None:
    response = as_role("admin").post(
        "/users/new", {"username": "x", "role": "headteacher", "urn": str(ELSEWHERE)}
    )
    assert response.status_code == 400
    assert "You can only add users for schools in your LA" in response.content.decode()
    response = as_role("admin").post("/users/new", {"username": "y", "role": "officer", "la": "331"})
    assert Profile.objects.get(user__username="y").la_code == 999  # an LA admin's users are in their LA


def test_errors_link_to_their_fields(users, as_role) -> None:
    html = as_role("admin").post("/users/new", {"role": "network_lead"}).content.decode()
    assert 'href="#username">Enter a username' in html
    assert 'href="#networks">Enter at least one network name' in html


def test_changing_a_user_records_before_and_after(users, as_role) -> None:
    officer = users["officer"]
    response = as_role("admin").post(f"/users/{officer.pk}", {"role": "member", "active": ""})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active
    entry = AuditEntry.objects.filter(action="change user").get()
    assert (entry.before["role"], entry.after["role"]) == ("officer", "member")
    assert (entry.before["is_active"], entry.after["is_active"]) == (True, False)


def test_a_refused_password_changes_nothing(users, as_role) -> None:
    officer = users["officer"]
    response = as_role("admin").post(
        f"/users/{officer.pk}", {"role": "admin", "active": "yes", "password": "short"}
    )
    assert response.status_code == 400
    assert "This password is too short" in response.content.decode()
    assert Profile.objects.get(user=officer).role == "officer"
    assert not AuditEntry.objects.filter(action="change user").exists()


def test_a_deactivated_user_is_signed_out_of_everything(users, as_role) -> None:
    client = as_role("officer")
    users["officer"].is_active = False
    users["officer"].save()
    assert client.get("/schools").status_code == 302


def test_createuser_command(register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from peerlift import cli
    from peerlift.cli import users

    monkeypatch.setattr(users, "open_database", lambda db: None)
    typo = CliRunner().invoke(
        cli.app, ["createuser", "lead1", "--role", "network_lead", "--network", "Nrth", "--la", "999"]
    )
    assert typo.exit_code == 1 and "no network called Nrth" in typo.output
    assert not Network.objects.filter(name="Nrth").exists()
    ghost = CliRunner().invoke(
        cli.app, ["createuser", "head3", "--role", "headteacher", "--urn", "999999999"]
    )
    assert ghost.exit_code == 1 and "no school with URN 999999999" in ghost.output
    accounts.add_to_network("North", [], la=999)
    result = CliRunner().invoke(
        cli.app, ["createuser", "lead1", "--role", "network_lead", "--network", "North", "--la", "999"]
    )
    assert result.exit_code == 0, result.output
    assert "lead1" in result.output and "password" in result.output.lower()
    assert Profile.objects.get(user__username="lead1").networks.get().name == "North"
    refused = CliRunner().invoke(cli.app, ["createuser", "head2", "--role", "headteacher"])
    assert refused.exit_code == 1 and "URN" in refused.output
    assert not User.objects.filter(username="head2").exists()


def test_demo_users_one_per_role_with_fresh_passwords(register) -> None:
    from peerlift.web import accounts

    first = accounts.demo_users(999, actor="tests")
    assert [(u, r) for u, r, _ in first] == [
        ("demo-admin-999", "LA administrator"),
        ("demo-officer-999", "LA officer"),
        ("demo-head-999", "Headteacher or governor"),
        ("demo-lead-999", "Network lead"),
        ("demo-member-999", "Elected member"),
    ]
    again = dict((u, p) for u, _, p in accounts.demo_users(999, actor="tests"))
    assert again["demo-head-999"] != first[2][2]
    assert User.objects.get(username="demo-head-999").check_password(again["demo-head-999"])
    assert Profile.objects.get(user__username="demo-head-999").urn == OWN


# Superusers and an administrator's own account (issue 8, defect 1)

NEW = "a brand new passphrase"


@pytest.fixture
def root_999(users) -> User:  # type: ignore[no-untyped-def]
    """A superuser with a profile in LA 999, as `createuser --superuser --la 999` used to make them."""
    return accounts.create_user(
        "root_999", PASSWORD, accounts.Scope(Role.OFFICER, la=999), actor="tests", superuser=True
    )[0]


def test_an_la_administrator_cannot_take_over_a_superuser(root_999: User, as_role) -> None:
    """The probe's steps: reset the superuser's password, or type one on the edit form; both refused,
    and signing in with the password tried opens nothing."""
    admin = as_role("admin")
    assert admin.post(f"/users/{root_999.pk}/password").status_code == 403
    form = {"role": "officer", "active": "yes", "password": NEW}
    assert admin.post(f"/users/{root_999.pk}", form).status_code == 403
    assert admin.get(f"/users/{root_999.pk}").status_code == 403
    root_999.refresh_from_db()
    assert root_999.check_password(PASSWORD) and root_999.is_superuser and root_999.is_active
    assert not AuditEntry.objects.filter(object_id="root_999").exclude(action="create user").exists()
    signed_in = Client().post("/sign-in", {"username": "root_999", "password": NEW})
    assert signed_in.status_code == 200 and "govuk-error-summary" in signed_in.content.decode()
    assert "root_999" not in admin.get("/users").content.decode()


def test_an_administrator_cannot_change_their_own_role(users, as_role) -> None:
    admin = users["admin"]
    client = as_role("admin")
    response = client.post(f"/users/{admin.pk}", {"role": "officer", "active": "yes"})
    assert response.status_code == 403
    assert client.post(f"/users/{admin.pk}/password").status_code == 403
    assert Profile.objects.get(user=admin).role == "admin"
    assert f'href="/users/{admin.pk}"' not in client.get("/users").content.decode()


def test_an_administrator_of_another_la_is_out_of_reach(users, as_role) -> None:
    other = accounts.create_user("admin_331", PASSWORD, accounts.Scope(Role.ADMIN, la=331), actor="t")[0]
    client = as_role("admin")
    assert client.post(f"/users/{other.pk}", {"role": "member", "active": ""}).status_code == 403
    assert client.post(f"/users/{other.pk}/password").status_code == 403
    other.refresh_from_db()
    assert other.is_active and other.check_password(PASSWORD)


def test_a_superuser_manages_superusers_and_may_leave_one_with_no_role(root_999: User, users) -> None:
    client = Client()
    boss = User.objects.create_superuser("boss", password=PASSWORD)
    client.force_login(boss, backend="django.contrib.auth.backends.ModelBackend")
    assert "choose none to leave them with no role" in client.get(f"/users/{root_999.pk}").content.decode()
    response = client.post(f"/users/{root_999.pk}", {"role": "", "active": "yes", "password": NEW})
    assert response.status_code == 302, response.content.decode()
    root_999.refresh_from_db()
    assert root_999.is_superuser and root_999.check_password(NEW)
    assert not Profile.objects.filter(user=root_999).exists()
    entry = AuditEntry.objects.filter(action="change user", object_id="root_999").get()
    assert (entry.actor, entry.before["la"], entry.after["role"], entry.la_code) == ("boss", 999, None, 999)
    # an ordinary user must keep a role
    refused = client.post(f"/users/{users['officer'].pk}", {"role": "", "active": "yes"})
    assert refused.status_code == 400 and 'href="#role-admin">Choose a role' in refused.content.decode()


def test_createuser_superuser_needs_no_la(register, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from peerlift import cli
    from peerlift.cli import users

    monkeypatch.setattr(users, "open_database", lambda db: None)
    result = CliRunner().invoke(cli.app, ["createuser", "root", "--superuser"])
    assert result.exit_code == 0, result.output
    assert "Created root (superuser, no role)" in result.output
    root = User.objects.get(username="root")
    assert root.is_superuser and not Profile.objects.filter(user=root).exists()
    entry = AuditEntry.objects.get(object_id="root")
    assert (entry.actor, entry.action, entry.la_code, entry.after["is_superuser"]) == (
        "cli",
        "create user",
        None,
        True,
    )
    officer = CliRunner().invoke(cli.app, ["createuser", "plain"])  # without --superuser, a role's LA
    assert officer.exit_code == 1 and "needs an LA code" in officer.output


def test_the_user_form_speaks_plain_words(users, as_role) -> None:
    response = as_role("admin").post(
        "/users/new", {"username": "u" * 151, "email": "not an address", "role": "chief", "full_name": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 400 and not User.objects.filter(username__startswith="uuu").exists()
    for field, message in (
        ("username", "A username must be 150 characters or fewer"),
        ("email", "Enter an email address like name@example.org"),
        ("role-admin", "Choose a role"),
    ):
        assert f'href="#{field}">{message}' in html
    assert 'id="email-error"' in html and 'id="username-error"' in html
    assert "Ensure this value" not in html and "valid choice" not in html
