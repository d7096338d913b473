"""Signing in and out, each role's home page, the accessibility statement and the error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from peerlift.store import access, queries
from peerlift.web import permissions, support_todo, survey_changes
from peerlift.web.middleware import wants_data
from peerlift.web.models import Network, Role
from peerlift.web.pages import Content, Output, page
from peerlift.web.tables import Column, Table
from peerlift.web.views.schools import la_url, school_url


def _school_table(name: str, caption: str, rows: list[dict[str, Any]]) -> Table:
    return Table(
        name,
        caption,
        [
            Column("name", "Name", link=school_url),
            Column("urn", "URN", numeric=True),
            Column("la_name", "LA", link=la_url),
            Column("phase", "Phase"),
            Column("status", "Status"),
        ],
        rows,
    )


@page("", name="home", template="web/home.html", rule=permissions.signed_in, summary="Your home page")
def home(request: HttpRequest, output: Output) -> Content:
    who = permissions.viewer(request)
    tables: list[Table] = []
    context: dict[str, Any] = {"role": who.role.value if who.role else "superuser"}
    if who.la is not None:
        context["la"] = access.local_authority(who.la)
    if who.role is Role.HEADTEACHER and who.urn is not None:
        context["school"] = next(
            iter(access.schools_by_urn([who.urn])), {"urn": who.urn, "name": f"URN {who.urn}"}
        )
    if who.role is Role.NETWORK_LEAD:
        context["networks"] = list(Network.objects.filter(pk__in=who.network_ids))
        # (network-surveys) their networks' open capacity-and-trust rounds, to answer as their lead
        context["network_rounds"] = survey_changes.open_network_rounds(who.network_ids)
        tables.append(
            _school_table(
                "network-schools", "Schools in your networks", access.schools_by_urn(who.network_urns)
            )
        )
    if who.la is not None and context.get("la") and permissions.manage_la_support(who, la=who.la):
        context["support_todo"] = support_todo.todo(who.la, dt.date.today())  # issue 14: what needs doing
    if permissions.import_data(who):
        recent = queries.imports(newest=5)
        tables.append(
            Table(
                "recent-imports",
                "Latest imports",
                [
                    Column("id", "Import", numeric=True),
                    Column("file_name", "File"),
                    Column("kind", "Kind"),
                    Column("status", "Status"),
                    Column("loaded_at", "When"),
                ],
                recent,
                empty="No files have been imported yet.",
            )
        )
    return Content(
        "Home",
        tables,
        context=context,
        data={"user": who.username, "role": context["role"], "la": who.la, "urn": who.urn},
    )


@permissions.rule(permissions.anyone)
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html", {"title": "Accessibility statement"})


class SignIn(auth_views.LoginView):
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["title"] = "Sign in"
        if form.errors:
            context["error_summary"] = [
                {"field": "id_username", "message": e} for e in form.non_field_errors()
            ] + [
                {"field": f"id_{name}", "message": e}
                for name, errors in form.errors.items()
                if name != "__all__"
                for e in errors
            ]
        return context


sign_in = permissions.rule(permissions.anyone)(SignIn.as_view())
sign_out = permissions.rule(permissions.anyone)(auth_views.LogoutView.as_view())


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if wants_data(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "web/error.html", {"title": title, "message": message}, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Page not found", "If you typed the web address, check it is correct.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 403, "You cannot see this page", "Your role does not give you access to this page."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed may fail again there."""
    title, message = "Sorry, there is a problem with the service", "Try again later."
    if wants_data(request):
        return JsonResponse({"error": title}, status=500)
    return HttpResponse(
        loader.render_to_string("web/error.html", {"title": title, "message": message}), status=500
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, "Your form has expired", "Go back, reload the page and try again.")
