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
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from peerlift.store import queries
from peerlift.web import permissions
from peerlift.web.tables import About, Table

T = TypeVar("T")
logger = logging.getLogger(__name__)


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
        """The page's content (see ``versioned_content``)."""
        return self.versioned_content(request, output, **kwargs)[0]

    def versioned_content(
        self, request: HttpRequest, output: Output, **kwargs: Any
    ) -> tuple[Content, Version | None]:
        """The page's content, from the cache when the page is cached, and the register version it
        was made from (None for a page that is not cached).

        Only pages whose content depends on nothing but their address and the register (published
        aggregates, the same for every user allowed to see them) may be cached: the key is the
        address, the query string and the kind of answer; see ``remember`` for the version.
        """
        if not self.cached:
            return self.view(request, output, **kwargs), None
        address = request.resolver_match.kwargs if request.resolver_match else kwargs
        return remember_versioned(
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
Version = tuple[int, int]  # queries.register_version()


def remember(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache for the register's version (see ``remember_versioned``).

    For what depends only on ``key`` and the register's published data, never on who asks.
    """
    return remember_versioned(key, compute)[0]


def remember_versioned(key: tuple[Any, ...], compute: Callable[[], T]) -> tuple[T, Version]:
    """``compute()`` and the register version it was computed for, from the cache when it can be.

    Each key keeps one entry, with the version it was made from. An entry of the current version is
    returned as it is. One made before the latest import is returned too, while a single rebuild
    per key and process (``Rebuilder``) computes its successor in the background: an import's
    commit then costs each page one computation, not one per waiting request, and readers keep the
    last page until the new one is ready. Only a key with no entry at all is computed while the
    reader waits. Entries last CACHE_SECONDS.

    With ``settings.PEERLIFT_PAGE_REBUILD = "inline"`` the first reader to find an entry stale
    rebuilds it while it waits, and readers arriving meanwhile get the last page: for a threaded
    server, and for tests, whose data sits in a transaction no other thread can see.
    """
    version = queries.register_version()
    slot = "remember:" + hashlib.sha256(repr(key).encode()).hexdigest()
    entry = cache.get(slot)
    if entry is not None:
        made_for, value = entry
        if made_for != version:
            if getattr(settings, "PEERLIFT_PAGE_REBUILD", "background") != "inline":
                REBUILDER.submit(slot, compute)
            elif (fresh := REBUILDER.rebuild_now(slot, compute, version)) is not None:
                return cast(T, fresh), version
        return cast(T, value), made_for
    value = compute()
    cache.set(slot, (version, value), CACHE_SECONDS)
    return value, version


class Rebuilder:
    """One background thread per process that recomputes stale cache entries, each key once.

    Started on first use in each process (gunicorn forks its workers after loading the app, and
    threads do not survive a fork). A key already waiting is not queued twice; with a cache shared
    between processes, ``cache.add`` lets one process claim a key's rebuild for a while.
    """

    CLAIM_SECONDS = 60

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, Callable[[], Any]] = {}
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, slot: str, compute: Callable[[], Any]) -> None:
        with self._lock:
            if slot in self._waiting:
                return
            self._waiting[slot] = compute
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="peerlift-rebuild", daemon=True)
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            with self._lock:
                if not self._waiting:
                    self._wake.clear()
                    continue
                slot, compute = next(iter(self._waiting.items()))
            try:
                self._rebuild(slot, compute)
            finally:
                with self._lock:
                    self._waiting.pop(slot, None)
                close_old_connections()

    def rebuild_now(self, slot: str, compute: Callable[[], T], version: Version) -> T | None:
        """Rebuild a key here and now, unless it is being rebuilt already (then None)."""
        with self._lock:
            if slot in self._waiting:
                return None
            self._waiting[slot] = compute
        try:
            return self._claimed(slot, compute, version)
        finally:
            with self._lock:
                self._waiting.pop(slot, None)

    def _rebuild(self, slot: str, compute: Callable[[], Any]) -> None:
        try:
            version = queries.register_version()
            entry = cache.get(slot)
            if entry is None or entry[0] != version:  # else another process sharing the cache made it
                self._claimed(slot, compute, version)
        except Exception:  # the stale entry stays, and the next reader asks again
            logger.exception("rebuilding a cached page failed")

    def _claimed(self, slot: str, compute: Callable[[], T], version: Version) -> T | None:
        """Compute and store the key's entry, unless another process has claimed it (then None)."""
        claim = f"{slot}:rebuilding:{version[0]}-{version[1]}"
        if not cache.add(claim, True, self.CLAIM_SECONDS):
            return None
        try:
            value = compute()
            cache.set(slot, (version, value), CACHE_SECONDS)
            return value
        finally:
            cache.delete(claim)


REBUILDER = Rebuilder()


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
    content, version = the_page.versioned_content(request, Output.HTML, **kwargs)
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
        # cached pages' templates may cache their main block under the version of their content
        "page_version": repr(version) if version is not None else None,
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
        body = found.csv() if fmt == "csv" else found.xlsx(_about(request, content))
        response = HttpResponse(body, content_type=DOWNLOAD_TYPES[fmt])
        response["Content-Disposition"] = (
            f'attachment; filename="{_file_stem(the_page, kwargs, table)}.{fmt}"'
        )
        return response

    return view


def _about(request: HttpRequest, content: Content) -> About:
    """What a workbook's first sheet says of where it came from."""
    page_path = request.path.split("/download/")[0]
    filters = {key: ", ".join(request.GET.getlist(key)) for key in request.GET if key != "page"}
    return About(content.title, page_path, filters, timezone.now())


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
