"""User administration (each LA administrator manages their LA's users) and the audit log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from peerlift.domain import labels
from peerlift.web import accounts, audit, forms, permissions, words
from peerlift.web.models import ROLE_CHOICES, Role
from peerlift.web.pages import Content, Output, error_summary, page
from peerlift.web.tables import Column, Row, Table


def _manageable(who: permissions.Viewer) -> list[User]:
    users = User.objects.order_by("username").select_related("profile")
    return [u for u in users if permissions.may_manage_user(who, u)]


def _user_row(user: User) -> Row:
    snapshot = audit.user_snapshot(user)
    role = snapshot["role"]
    return {
        "id": user.pk,
        **snapshot,
        "role_name": Role(role).label
        if role
        else ("System administrator" if user.is_superuser else "No role"),
        "networks": ", ".join(snapshot["networks"]),
        "last_login": user.last_login.isoformat(timespec="minutes") if user.last_login else None,
    }


@page(
    "users",
    name="users",
    template="web/users.html",
    rule=permissions.manage_users,
    summary="The users an administrator manages, with their roles",
)
def users(request: HttpRequest, output: Output) -> Content:
    who = permissions.viewer(request)
    table = Table(
        "users",
        "Users",
        [
            Column("username", "Username", link=lambda r: reverse("user-edit", kwargs={"pk": r["id"]})),
            Column("full_name", "Name"),
            Column("role_name", "Role"),
            Column("la", "LA", numeric=True),
            Column("urn", "School URN", numeric=True),
            Column("networks", "Networks"),
            Column("is_active", "Can sign in"),
            Column("last_login", "Last signed in"),
        ],
        [_user_row(u) for u in _manageable(who)],
    )
    return Content("Users", [table])


@page(
    "audit",
    name="audit",
    template="web/page.html",
    rule=permissions.manage_users,
    summary="The audit log: every change to recorded data and users",
)
def audit_log(request: HttpRequest, output: Output) -> Content:
    who = permissions.viewer(request)
    rows = [
        {
            **e,
            "action": _action_text(e["action"]),
            "before_text": _as_text(e["before"]),
            "after_text": _as_text(e["after"]),
        }
        for e in audit.entries(who.la, who.superuser)
    ]
    table = Table(
        "audit",
        "Changes, newest first",
        [
            Column("at", "When"),
            Column("actor", "Who"),
            Column("action", "What"),
            Column("object_type", "Of"),
            Column("object_id", "Which"),
            Column("before_text", "Before", pre=True),
            Column("after_text", "After", pre=True),
        ],
        rows,
        empty="Nothing has been changed yet.",
    )
    return Content("Audit log", [table])


def _as_text(value: Any) -> str:
    """A record as it was, one field a line in words ("Full name: ..."); the JSON keeps the keys."""
    if value is None:
        return ""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "\n".join(f"{labels.field(key)}: {_field_text(key, item)}" for key, item in sorted(value.items()))


def _field_text(key: str, value: Any) -> str:
    if key == "role" and isinstance(value, str):
        return labels.ROLES.get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, list):
        return ", ".join(words.cell(v) or str(v) if isinstance(v, str) else str(v) for v in value)
    return words.cell(value) or str(value)


def _action_text(action: str) -> str:
    """An action in words: a code in it ("advance to first_meeting") by its label, in lower case."""
    return " ".join(
        labels.CODES[w].lower() if "_" in w and w in labels.CODES else w for w in action.split(" ")
    )


def _form_context(who: permissions.Viewer, title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "roles": ROLE_CHOICES, "may_choose_la": who.superuser, **extra}


def _form_errors(request: HttpRequest, context: dict[str, Any], form: forms.UserForm) -> HttpResponse:
    errors = forms.errors_of(form)
    context.update(errors=errors, error_summary=error_summary(errors))
    return render(request, "web/user_form.html", context, status=400)


@permissions.rule(permissions.manage_users)
@require_http_methods(["GET", "POST"])
def new_user(request: HttpRequest) -> HttpResponse:
    """Add a user with a role this administrator may grant; a password is made when none is typed."""
    who = permissions.viewer(request)
    context = _form_context(who, "Add a user", values=request.POST)
    if request.method == "GET":
        return render(request, "web/user_form.html", context)
    form = forms.UserForm(request.POST, viewer=who)
    if not form.is_valid():
        return _form_errors(request, context, form)
    data = form.cleaned_data
    try:
        user, password = accounts.create_user(
            data["username"],
            data["password"] or None,
            form.scope,
            actor=who.username,
            full_name=data["full_name"].strip(),
            email=data["email"],
        )
    except accounts.AccountError as error:  # a user of that name made since the form was checked
        form.add_error("username", str(error).capitalize())
        return _form_errors(request, context, form)
    shown = "" if data["password"] else f" Their password is {password} (shown once)."
    messages.success(request, f"{user.username} can now sign in.{shown}")
    return redirect("users")


@permissions.rule(permissions.manage_users)
@require_http_methods(["GET", "POST"])
def edit_user(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a user's role, scope, whether they can sign in and (optionally) their password: only
    a user this viewer may manage (``permissions.may_manage_user``), else 403 before anything is read."""
    who = permissions.viewer(request)
    user = managed_user(request, pk)
    current = _user_row(user)
    values = (
        request.POST
        if request.method == "POST"
        else {**current, "networks": current["networks"], "active": "yes" if user.is_active else ""}
    )
    context = _form_context(who, f"Change {user.username}", values=values, editing=user)
    if request.method == "GET":
        return render(request, "web/user_form.html", context)
    form = forms.UserForm(request.POST, viewer=who, editing=user)
    if not form.is_valid():
        return _form_errors(request, context, form)
    with transaction.atomic():
        accounts.change_user(user, form.scope, active=form.cleaned_data["active"], actor=who.username)
        if form.cleaned_data["password"]:
            accounts.set_password(user, form.cleaned_data["password"], actor=who.username)
    messages.success(request, f"{user.username} has been changed.")
    return redirect("users")


def managed_user(request: HttpRequest, pk: int) -> User:
    """The user an administrator asks about, if they may manage them (404 if none, 403 if not)."""
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404("There is no such user.")
    if not permissions.may_manage_user(permissions.viewer(request), user):
        raise PermissionDenied("you may not change this user")
    return user
