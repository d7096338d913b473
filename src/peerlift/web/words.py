"""Dates, times and codes as a reader of a page expects them (docs/web.md, "Words, dates and numbers").

JSON keeps ISO dates and codes; what a person reads is "1 February 2026", "1 February 2026 at 3:05pm"
(in the service's local time) and a code's label. Table cells and the template filters both come here,
so every page says them the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from peerlift.domain import dates, labels

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def long_date(value: dt.date | str | None) -> str:
    """'1 February 2026' (no leading zero); a date-time is first put in local time."""
    if value is None or value == "":
        return ""
    when = parse(value) if isinstance(value, str) else value
    if when is None:
        return str(value)
    if isinstance(when, dt.datetime):
        when = local(when).date()
    return dates.long_date(when)


def long_time(value: dt.datetime | str | None) -> str:
    """'1 February 2026 at 3:05pm' in local time (a plain date is shown as a date)."""
    if value is None or value == "":
        return ""
    when = parse(value) if isinstance(value, str) else value
    if when is None:
        return str(value)
    if not isinstance(when, dt.datetime):
        return long_date(when)
    when = local(when)
    hour = when.hour % 12 or 12
    return f"{long_date(when.date())} at {hour}:{when:%M}{'am' if when.hour < 12 else 'pm'}"


def local(when: dt.datetime) -> dt.datetime:
    """A date-time in the service's time zone (settings.TIME_ZONE); a naive one is taken as local."""
    return timezone.localtime(when) if timezone.is_aware(when) else when


def parse(text: str) -> dt.date | dt.datetime | None:
    """An ISO date or date-time written as text, or None when the text is not one."""
    text = text.strip()
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text)
        if _ISO_TIME.match(text):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return None


def cell(value: Any) -> str | None:
    """How a table cell's value reads when it is a date, a time or a code; None when it is none of those."""
    if isinstance(value, dt.datetime):
        return long_time(value)
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, str):
        when = parse(value)
        if isinstance(when, dt.datetime):
            return long_time(when)
        if when is not None:
            return long_date(when)
        if value in labels.CODES:
            return labels.CODES[value]
    return None
