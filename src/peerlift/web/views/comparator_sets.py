"""Custom comparator sets: an LA's administrators and officers name their own list of LAs to compare
with, kept for themselves or shared with everyone in their LA; the LA's users see their own sets and
the shared ones, and choose them on the compare page. Every change is audited (the set before and
after), through web/audit.audited_change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerlift.store import comparators
from peerlift.store.models import ComparatorSet
from peerlift.web import audit, forms, permissions
from peerlift.web.pages import Content, Output, error_summary, named, page, render_page
from peerlift.web.tables import Column, Row, Table
from peerlift.web.views.authorities import authority_or_404
from peerlift.web.views.compare import usable_sets


def _compare_url(la: int, row: Row) -> str:
    return reverse("la-compare", kwargs={"la": la}) + f"?comparator={comparators.CUSTOM_PREFIX}{row['id']}"


@page(
    "las/<int:la>/comparator-sets",
    name="la-comparator-sets",
    template="web/comparator_sets.html",
    rule=permissions.la_comparator_sets,
    summary="The custom comparator sets an LA's user may use (their own and those shared with the LA), "
    "and, for its administrators and officers, a form to make one",
)
def la_comparator_sets(request: HttpRequest, output: Output, la: int) -> Content:
    authority = authority_or_404(la)
    who = permissions.viewer(request)
    found = [s for s in usable_sets(request) if s.la_code == la or s.owner == who.username]
    names = comparators.la_names(sorted({m for s in found for m in s.members}))
    rows = [
        {
            "id": s.pk,
            "name": s.name,
            "members": "; ".join(names.get(int(m), f"LA {m}") for m in s.members),
            "count": len(s.members),
            "shared": "Everyone in the LA" if s.shared else "Only its owner",
            "owner": s.owner,
            "may_delete": permissions.allows(request, permissions.change_comparator_set, pk=s.pk),
        }
        for s in found
    ]
    table = Table(
        "sets",
        f"Comparison sets you may use in {authority['name']}",
        [
            Column("name", "Set", link=lambda row: _compare_url(la, row)),
            Column("count", "LAs", numeric=True),
            Column("members", "Local authorities"),
            Column("shared", "Who may use it"),
            Column("owner", "Made by"),
        ],
        rows,
        empty="There are no comparison sets yet.",
    )
    may_make = permissions.allows(request, permissions.make_comparator_set, la=la)
    return Content(
        f"{authority['name']}: comparison sets",
        [table],
        context={
            "authority": authority,
            "may_make": may_make,
            "authorities": [(c, n) for c, n in comparators.authorities() if c != la] if may_make else [],
            "deletable": [r for r in rows if r["may_delete"]],
            "max_members": comparators.MAX_MEMBERS,
        },
        data={"la": la},
    )


def _errors_page(request: HttpRequest, form: forms.Form, la: int) -> HttpResponse:
    errors = forms.errors_of(form)
    extra: dict[str, Any] = {
        "errors": errors,
        "values": request.POST,
        "chosen_members": request.POST.getlist("members"),
        "error_summary": error_summary(errors),
    }
    return render_page(request, named("la-comparator-sets"), extra, status=400, la=la)


@permissions.rule(permissions.make_comparator_set)
@require_POST
def new_comparator_set(request: HttpRequest, la: int) -> HttpResponse:
    """Make a custom set (audited) and show the comparison with it."""
    authority_or_404(la)
    who = permissions.viewer(request)
    form = forms.ComparatorSetForm(
        request.POST, la=la, owner=who.username, authorities=comparators.authorities()
    )
    if not form.is_valid():
        return _errors_page(request, form, la)
    data = form.cleaned_data
    made = audit.audited_change(
        who.username,
        "create comparator set",
        audit.COMPARATOR_SET,
        lambda: ComparatorSet.objects.create(
            name=data["name"], la_code=la, owner=who.username, shared=data["shared"], members=data["members"]
        ),
        la=la,
    )
    messages.success(request, f"The comparison set {made.name} has been made.")
    return redirect(
        reverse("la-compare", kwargs={"la": la}) + f"?comparator={comparators.CUSTOM_PREFIX}{made.pk}"
    )


@permissions.rule(permissions.change_comparator_set)
@require_POST
def delete_comparator_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a custom set (audited: the set before, nothing after)."""
    found = comparators.named_set(pk)
    if found is None:
        raise Http404("There is no such comparison set.")
    who = permissions.viewer(request)
    la, name = found.la_code, found.name

    def delete() -> None:
        found.delete()

    audit.audited_change(
        who.username, "delete comparator set", audit.COMPARATOR_SET, delete, la=la, target=found
    )
    messages.success(request, f"The comparison set {name} has been deleted.")
    return redirect("la-comparator-sets", la=la)


def _edit_page(
    request: HttpRequest, found: ComparatorSet, extra: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {
        "title": f"Change the comparison set {found.name}",
        "found": found,
        "authority": authority_or_404(found.la_code),
        "authorities": [(c, n) for c, n in comparators.authorities() if c != found.la_code],
        "max_members": comparators.MAX_MEMBERS,
        **extra,
    }
    return render(request, "web/comparator_set_edit.html", context, status=status)


@permissions.rule(permissions.change_comparator_set)
def edit_comparator_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a custom set, change its LAs or who may use it (GET: the form; POST: audited change)."""
    found = comparators.named_set(pk)
    if found is None:
        raise Http404("There is no such comparison set.")
    if request.method != "POST":
        values = {"name": found.name, "shared": "yes" if found.shared else "no"}
        return _edit_page(
            request, found, {"values": values, "chosen_members": [str(m) for m in found.members]}
        )
    form = forms.ComparatorSetForm(
        request.POST,
        la=found.la_code,
        owner=found.owner,
        authorities=comparators.authorities(),
        existing=found,
    )
    if not form.is_valid():
        errors = forms.errors_of(form)
        extra = {
            "errors": errors,
            "values": request.POST,
            "chosen_members": request.POST.getlist("members"),
            "error_summary": error_summary(errors),
        }
        return _edit_page(request, found, extra, status=400)
    data = form.cleaned_data

    def change() -> ComparatorSet:
        found.name, found.members, found.shared = data["name"], data["members"], data["shared"]
        found.save()
        return found

    who = permissions.viewer(request)
    audit.audited_change(
        who.username, "change comparator set", audit.COMPARATOR_SET, change, la=found.la_code, target=found
    )
    messages.success(request, f"The comparison set {found.name} has been changed.")
    return redirect(
        reverse("la-compare", kwargs={"la": found.la_code})
        + f"?comparator={comparators.CUSTOM_PREFIX}{found.pk}"
    )
