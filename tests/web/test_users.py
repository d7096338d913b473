"""User administration and `peerlift createuser`: roles and scopes, limits of an LA's administrator,
and the audit log of every change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from peerlift.web import accounts
from peerlift.web.models import AuditEntry, Network, Profile

from .conftest import ELSEWHERE, OWN

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
