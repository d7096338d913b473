"""Dates in words, as GOV.UK writes them: "1 February 2026", never "01 February 2026" or an ISO date.

One function, so that pages, packs, the CLI's sentences and stored reasons all say a date the same way
(docs/web.md, "Words, dates and numbers"); web/words.py adds local time and parsing for the web.
"""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """'1 February 2026': the day without a leading zero, the month in full, the year."""
    return f"{day.day} {day:%B %Y}"
