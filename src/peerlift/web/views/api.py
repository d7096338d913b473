"""The JSON API's description: every page's JSON address, from the page registry, as OpenAPI 3.1."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from peerlift.web import permissions
from peerlift.web.pages import PAGES, Page

_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_TYPES = {"int": "integer", "slug": "string", "str": "string"}


def _openapi_path(route: str) -> str:
    return "/" + _CONVERTER.sub(lambda m: "{" + m.group(2) + "}", route)


def _parameters(the_page: Page) -> list[dict[str, Any]]:
    found = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": _TYPES.get(kind or "str", "string")},
        }
        for kind, name in _CONVERTER.findall(the_page.route)
    ]
    found += [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.description,
            "schema": {"type": p.type},
        }
        for p in the_page.params
    ]
    return found


def _table_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "caption": {"type": "string"},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"key": {"type": "string"}, "label": {"type": "string"}},
                },
            },
            "rows": {"type": "array", "items": {"type": "object"}},
        },
    }


def description() -> dict[str, Any]:
    """The OpenAPI document: one GET per page's JSON address, and one per table download."""
    paths: dict[str, Any] = {}
    for the_page in PAGES:
        parameters = _parameters(the_page)
        responses = {
            "401": {"description": "Not signed in"},
            "403": {"description": "The signed-in user's role does not allow this"},
            "404": {"description": "No such thing in the register"},
        }
        paths[_openapi_path(the_page.json_route)] = {
            "get": {
                "operationId": the_page.name.replace("-", "_"),
                "summary": the_page.summary,
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": the_page.summary,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}},
                    },
                    **responses,
                },
            }
        }
        for fmt, media in (
            ("csv", "text/csv"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ):
            paths[_openapi_path(f"{the_page.download_prefix}{{table}}.{fmt}")] = {
                "get": {
                    "operationId": f"{the_page.name.replace('-', '_')}_{fmt}",
                    "summary": f"{the_page.summary}: one table as {fmt.upper()}",
                    "parameters": [
                        *parameters,
                        {"name": "table", "in": "path", "required": True, "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {"description": f"The table as {fmt.upper()}", "content": {media: {}}},
                        **responses,
                    },
                }
            }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "peerlift JSON API",
            "version": "1",
            "description": "Every page of peerlift answers as JSON at its own address with .json added, and "
            "each of its tables downloads as CSV and XLSX. Sign in first: the API uses the browser's session "
            "and applies the same permissions as the pages.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Table": _table_schema(),
                "Page": {
                    "type": "object",
                    "required": ["title", "tables"],
                    "properties": {
                        "title": {"type": "string"},
                        "tables": {
                            "type": "object",
                            "additionalProperties": {"$ref": "#/components/schemas/Table"},
                        },
                    },
                    "additionalProperties": True,
                },
            },
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
        },
        "security": [{"session": []}],
    }


@permissions.rule(permissions.anyone)
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(description(), json_dumps_params={"indent": 1})


@permissions.rule(permissions.signed_in)
def api(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "path": _openapi_path(p.json_route),
            "summary": p.summary,
            "params": ", ".join(q.name for q in p.params),
        }
        for p in PAGES
    ]
    return render(request, "web/api.html", {"title": "JSON API", "endpoints": rows})
