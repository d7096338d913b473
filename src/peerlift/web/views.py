"""Views: thin shells around store queries (the full web application is its own piece of work)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peerlift.store.models import Establishment


def school_list(request: HttpRequest) -> HttpResponse:
    schools = Establishment.objects.order_by("la_name", "name")[:2000]
    return render(request, "web/school_list.html", {"schools": schools})
