"""Pages: one view function, three kinds of answer.

A page is a function ``(request, output, **url_args) -> Content`` registered with ``@page(...)``,
which names its URL, template, permission rule and a one-line summary for the API description. From
that one registration come three addresses (datasette's habit):

* ``/<route>``                          the HTML page;
* ``/<route>.json``                     the same page as JSON (``/index.json`` for the home page);
* ``/<route>/download/<table>.csv`` and ``.xlsx``: each of its tables as a file, without JavaScript.

The query string carries over to JSON and downloads, so a filtered list downloads as filtered (and
in full: ``output`` tells a list page whether to give one screenful or everything).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse

from peerlift.store import queries
from peerlift.web import permissions
from peerlift.web.tables import Table

T = TypeVar("T")


class Output(StrEnum):
    HTML = "html"
    JSON = "json"
    DOWNLOAD = "download"


@dataclass
class Content:
    """What a page shows: a title, its tables, template-only context and JSON-only data."""

    title: str
    tables: list[Table] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Param:
    """A query-string parameter a page understands (for the OpenAPI description)."""

    name: str
    description: str
    type: str = "string"


PageView = Callable[..., Content]


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    view: PageView
    template: str
    rule: permissions.Rule
    summary: str
    params: tuple[Param, ...] = ()
    cached: bool = False

    def content(self, request: HttpRequest, output: Output, **kwargs: Any) -> Content:
        """The page's content, from the cache when the page is cached and the register unchanged.

        Only pages whose content depends on nothing but their address and the register (published
        aggregates, the same for every user allowed to see them) may be cached: the key is the
        address, the query string, the kind of answer and the register's version.
        """
        if not self.cached:
            return self.view(request, output, **kwargs)
        address = request.resolver_match.kwargs if request.resolver_match else kwargs
        return remember(
            ("page", self.name, output.value, sorted(address.items()), sorted(request.GET.lists())),
            lambda: self.view(request, output, **kwargs),
        )

    @property
    def json_route(self) -> str:
        return f"{self.route or 'index'}.json"

    @property
    def download_prefix(self) -> str:
        return f"{self.route}/download/" if self.route else "download/"


PAGES: list[Page] = []
CACHE_SECONDS = 3600


def remember(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache until the register changes (or an hour passes).

    For what depends only on ``key`` and the register's published data, never on who asks.
    """
    digest = hashlib.sha256(repr((key, queries.register_version())).encode()).hexdigest()
    found = cache.get(digest)
    if found is None:
        found = compute()
        cache.set(digest, found, CACHE_SECONDS)
    return cast(T, found)


DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def page(
    route: str,
    *,
    name: str,
    template: str,
    rule: permissions.Rule,
    summary: str,
    params: tuple[Param, ...] = (),
    cached: bool = False,
) -> Callable[[PageView], PageView]:
    """Register a page (see the module docstring; ``cached`` as in ``Page.content``)."""

    def register(view: PageView) -> PageView:
        PAGES.append(Page(name, route, view, template, rule, summary, params, cached))
        return view

    return register


@dataclass(frozen=True)
class TableView:
    """A table with its download addresses, for the template."""

    table: Table
    csv_url: str
    xlsx_url: str


def _query(request: HttpRequest, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def render_page(
    request: HttpRequest,
    the_page: Page,
    extra: dict[str, Any] | None = None,
    status: int = 200,
    **kwargs: Any,
) -> HttpResponse:
    """A page as HTML; ``extra`` adds to its context (a form's errors and what was typed)."""
    content = the_page.content(request, Output.HTML, **kwargs)
    query = _query(request)
    tables = [
        TableView(
            table,
            reverse(f"{the_page.name}-download-csv", kwargs={**kwargs, "table": table.name}) + query,
            reverse(f"{the_page.name}-download-xlsx", kwargs={**kwargs, "table": table.name}) + query,
        )
        for table in content.tables
    ]
    json_url = reverse(f"{the_page.name}-json", kwargs=kwargs) + _query(request, ())
    context = {
        **content.context,
        "title": content.title,
        "tables": tables,
        "json_url": json_url,
        # cached pages' templates may cache their main block under the register's version
        "page_version": repr(queries.register_version()) if the_page.cached else None,
        **(extra or {}),
    }
    return render(request, the_page.template, context, status=status)


def named(name: str) -> Page:
    return next(p for p in PAGES if p.name == name)


def _html(the_page: Page) -> Callable[..., HttpResponse]:
    @permissions.rule(the_page.rule)
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return render_page(request, the_page, **kwargs)

    return view


def _json(the_page: Page) -> Callable[..., HttpResponse]:
    @permissions.rule(the_page.rule)
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        content = the_page.content(request, Output.JSON, **kwargs)
        body = {
            "title": content.title,
            **content.data,
            "tables": {table.name: table.as_json() for table in content.tables},
        }
        return JsonResponse(body, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 1})

    return view


def _download(the_page: Page, fmt: str) -> Callable[..., HttpResponse]:
    @permissions.rule(the_page.rule)
    def view(request: HttpRequest, table: str, **kwargs: Any) -> HttpResponse:
        content = the_page.content(request, Output.DOWNLOAD, **kwargs)
        found = next((t for t in content.tables if t.name == table), None)
        if found is None:
            raise Http404(f"this page has no table called {table!r}")
        body = found.csv() if fmt == "csv" else found.xlsx()
        response = HttpResponse(body, content_type=DOWNLOAD_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{_file_stem(the_page, kwargs, table)}.{fmt}"'
        )
        return response

    return view


def _file_stem(the_page: Page, kwargs: dict[str, Any], table: str) -> str:
    parts = [the_page.name, *(str(v) for v in kwargs.values()), table]
    return "-".join(dict.fromkeys(parts))


def urlpatterns() -> list[URLPattern]:
    """The HTML, JSON and download addresses of every registered page."""
    patterns = []
    for the_page in PAGES:
        patterns += [
            path(the_page.route, _html(the_page), name=the_page.name),
            path(the_page.json_route, _json(the_page), name=f"{the_page.name}-json"),
        ]
        for fmt in DOWNLOAD_TYPES:
            patterns.append(
                path(
                    f"{the_page.download_prefix}<slug:table>.{fmt}",
                    _download(the_page, fmt),
                    name=f"{the_page.name}-download-{fmt}",
                )
            )
    return patterns


def error_summary(errors: dict[str, str]) -> list[dict[str, str]]:
    """GOV.UK's error summary of a form: each message, linked to its field's id."""
    return [{"field": field, "message": message} for field, message in errors.items()]
