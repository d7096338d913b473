"""Template filters for the GOV.UK templates and the conventions of docs/web.md ("Words, dates and
numbers"): dates, times, codes, counts and figures said the same way on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from peerlift.domain import labels
from peerlift.web import glossary as glossary_entries
from peerlift.web import tables, words

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.filter
def long_date(value: dt.date | str | None) -> str:
    """{{ value|long_date }}: '1 February 2026'."""
    return words.long_date(value)


@register.filter
def long_time(value: dt.datetime | str | None) -> str:
    """{{ value|long_time }}: '1 February 2026 at 3:05pm', local time."""
    return words.long_time(value)


@register.filter
def label(value: Any) -> str:
    """{{ code|label }}: the code's words (domain/labels.py CODES), or the value as it is."""
    return "" if value is None else labels.code(str(value))


@register.filter
def say(value: Any) -> str:
    """{{ value|say }}: any value as a table cell shows it (dates, times and codes in words)."""
    return tables.shown(value)


@register.filter
def count(value: Any) -> str:
    """{{ n|count }}: a count with thousands separators ('12,345')."""
    if value is None or value == "":
        return ""
    try:
        return tables.number(float(value), 0)
    except (TypeError, ValueError):
        return str(value)


@register.filter
def figure(value: Any, places: int | None = None) -> str:
    """{{ value|figure:1 }}: a measure's figure with its decimal places and separators."""
    return tables.show(value, places)


@register.simple_tag
def glossary(term: str, text: str = "") -> str:
    """{% glossary "quartile-band" "quartile band" %}: a term linked to its glossary entry."""
    entry = glossary_entries.entry(term)
    return format_html('<a class="govuk-link" href="/glossary#{}">{}</a>', entry.slug, text or entry.term)


@register.simple_tag(takes_context=True)
def term(context: template.Context, text: str) -> SafeString | str:
    """{% term c.label %}: a table heading that names a glossary term ("Rank", "Quartile band",
    "Statistical neighbours (2021 set)") links to its entry the first time the page shows it."""
    request = context.get("request")
    entry = glossary_entries.entry_for(text)
    if entry is None or request is None or request.path == "/glossary":
        return conditional_escape(text)
    seen: set[str] = request.__dict__.setdefault("_glossary_seen", set())
    if entry.slug in seen:
        return conditional_escape(text)
    seen.add(entry.slug)
    return format_html('<a class="govuk-link" href="/glossary#{}">{}</a>', entry.slug, text)
