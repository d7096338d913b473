"""User administration (each LA administrator manages their LA's users) and the audit log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from peerlift.store import access
from peerlift.web import accounts, audit, permissions
from peerlift.web.models import ROLE_CHOICES, Network, Profile, Role
from peerlift.web.pages import Content, Output, error_summary, page
from peerlift.web.tables import Column, Row, Table


def _manageable(who: permissions.Viewer) -> list[User]:
    users = User.objects.order_by("username").select_related("profile")
    return [u for u in users if permissions.may_manage_user(who, getattr(u, "profile", None))]


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
        {**e, "before_text": _as_text(e["before"]), "after_text": _as_text(e["after"])}
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
    return "" if value is None else json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)


def _scope_from(
    request: HttpRequest, who: permissions.Viewer
) -> tuple[accounts.Scope | None, dict[str, str]]:
    """The role and scope the form asks for, checked against what this administrator may grant."""
    post = request.POST
    errors: dict[str, str] = {}
    try:
        role = Role(post.get("role", ""))
    except ValueError:
        return None, {"role-admin": "Choose a role"}
    la_text, urn_text = post.get("la", "").strip(), post.get("urn", "").strip()
    la = int(la_text) if la_text.isdigit() else None
    urn = int(urn_text) if urn_text.isdigit() else None
    networks = tuple(n.strip() for n in post.get("networks", "").split(",") if n.strip())
    if not who.superuser:
        la = who.la
    if role is Role.HEADTEACHER:
        if urn is None:
            errors["urn"] = "Enter the URN of the headteacher's or governor's school"
        elif access.school_la(urn) is None:
            errors["urn"] = f"There is no school with URN {urn} in the register"
        elif not who.superuser and access.school_la(urn) != who.la:
            errors["urn"] = "You can only add users for schools in your LA"
    if role is Role.NETWORK_LEAD and not networks:
        errors["networks"] = "Enter at least one network name"
    elif role is Role.NETWORK_LEAD and not who.superuser:
        unknown = set(networks) - set(Network.objects.filter(la_code=la).values_list("name", flat=True))
        if unknown:
            errors["networks"] = f"Your LA has no network called {', '.join(sorted(unknown))}: make it first"
    if role in (Role.ADMIN, Role.OFFICER, Role.MEMBER) and la is None:
        errors["la"] = "Enter the LA code"
    if errors:
        return None, errors
    return accounts.Scope(role, la, urn if role is Role.HEADTEACHER else None, networks), {}


def _form_context(who: permissions.Viewer, title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "roles": ROLE_CHOICES, "may_choose_la": who.superuser, **extra}


@permissions.rule(permissions.manage_users)
@require_http_methods(["GET", "POST"])
def new_user(request: HttpRequest) -> HttpResponse:
    who = permissions.viewer(request)
    context = _form_context(who, "Add a user", values=request.POST)
    if request.method == "GET":
        return render(request, "web/user_form.html", context)
    scope, errors = _scope_from(request, who)
    username = request.POST.get("username", "").strip()
    if not username:
        errors["username"] = "Enter a username"
    if scope is not None and not errors:
        try:
            user, password = accounts.create_user(
                username,
                request.POST.get("password") or None,
                scope,
                actor=who.username,
                full_name=request.POST.get("full_name", "").strip(),
                email=request.POST.get("email", "").strip(),
            )
        except accounts.AccountError as error:
            field = "username" if "user called" in str(error) else "password"
            errors[field] = str(error).capitalize()
        else:
            shown = "" if request.POST.get("password") else f" Their password is {password} (shown once)."
            messages.success(request, f"{user.username} can now sign in.{shown}")
            return redirect("users")
    context.update(errors=errors, error_summary=error_summary(errors))
    return render(request, "web/user_form.html", context, status=400)


@permissions.rule(permissions.manage_users)
@require_http_methods(["GET", "POST"])
def edit_user(request: HttpRequest, pk: int) -> HttpResponse:
    who = permissions.viewer(request)
    user = User.objects.filter(pk=pk).first()
    profile = Profile.objects.filter(user=user).first() if user else None
    if user is None:
        raise Http404("There is no such user.")
    if not permissions.may_manage_user(who, profile):
        raise PermissionDenied("this user is not in your LA")
    current = _user_row(user)
    values = (
        request.POST
        if request.method == "POST"
        else {**current, "networks": current["networks"], "active": "yes" if user.is_active else ""}
    )
    context = _form_context(who, f"Change {user.username}", values=values, editing=user)
    if request.method == "GET":
        return render(request, "web/user_form.html", context)
    scope, errors = _scope_from(request, who)
    password = request.POST.get("password", "")
    if password:  # checked before anything is changed, so a refused password changes nothing
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = " ".join(error.messages)
    if scope is not None and not errors:
        with transaction.atomic():
            accounts.change_user(user, scope, active=request.POST.get("active") == "yes", actor=who.username)
            if password:
                accounts.set_password(user, password, actor=who.username)
        messages.success(request, f"{user.username} has been changed.")
        return redirect("users")
    context.update(errors=errors, error_summary=error_summary(errors))
    return render(request, "web/user_form.html", context, status=400)
