"""Passwords: every signed-in user changes their own; an LA administrator resets one of their LA's users'
(never a superuser's, another administrator's of another LA, or their own: see
``permissions.may_manage_user``).

Both go through ``accounts.set_password``, which checks Django's validators (12 characters at least,
not common, not all digits, not like the username) and writes the audit entry: that the password
changed, never the password.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from peerlift.web import accounts, permissions
from peerlift.web.pages import error_summary
from peerlift.web.views.users import managed_user

FORM = "web/password_change.html"


def _password_errors(request: HttpRequest, user: User) -> dict[str, str]:
    """What is wrong with the form, by field id, in the order the fields are on the page."""
    post = request.POST
    current, new, again = (
        post.get(k, "") for k in ("current_password", "new_password", "new_password_again")
    )
    errors: dict[str, str] = {}
    if not current:
        errors["current_password"] = "Enter your current password"
    elif authenticate(request, username=user.username, password=current) is None:
        # Through authenticate, not check_password, so that guesses count towards the same lockout
        # as signing in (django-axes): a session left open is not a way to try passwords.
        errors["current_password"] = "Your current password is not right"
    if not new:
        errors["new_password"] = "Enter a new password"
    else:
        try:
            validate_password(new, user)
        except ValidationError as error:
            errors["new_password"] = " ".join(error.messages)
    if new and not again:
        errors["new_password_again"] = "Enter the new password again"
    elif new and again != new:
        errors["new_password_again"] = "The new passwords do not match"
    return errors


@permissions.rule(permissions.signed_in)
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    """Change your own password; you stay signed in here, and other sessions of yours are signed out."""
    context = {"title": "Change your password", "errors": {}}
    if request.method == "GET":
        return render(request, FORM, context)
    user = User.objects.get(pk=request.user.pk)
    errors = _password_errors(request, user)
    if errors:
        summary = error_summary(errors)
        return render(request, FORM, {**context, "errors": errors, "error_summary": summary}, status=400)
    accounts.set_password(user, request.POST["new_password"], actor=user.username)
    update_session_auth_hash(request, user)
    messages.success(request, "Your password has been changed.")
    return redirect("home")


@permissions.rule(permissions.manage_users)
@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Give one of your LA's users a new generated password, shown once (GET asks to confirm)."""
    user = managed_user(request, pk)
    context = {"title": f"Reset {user.username}'s password", "managed": user}
    if request.method == "GET":
        return render(request, "web/password_reset.html", context)
    password = secrets.token_urlsafe(12)
    accounts.set_password(user, password, actor=permissions.viewer(request).username)
    return render(request, "web/password_reset.html", {**context, "password": password})
