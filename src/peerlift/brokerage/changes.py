"""What changed between two brokerage runs (the what-if of issue 13): for each need whose lead
supporter differs, the offer before and after (None when it had none), with the scores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _pairs(result: Mapping[str, Any]) -> dict[str, tuple[str | None, float | None]]:
    """Each need of a run's result: its proposed offer and score, or (None, None) when unmet."""
    found: dict[str, tuple[str | None, float | None]] = {
        u["need"]: (None, None) for u in result.get("unmet", [])
    }
    for p in result.get("proposals", []):
        found[p["need"]] = (p["offer"], p["score"])
    return found


def between(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The needs whose lead supporter the later run changed, in need order; a need in one run only
    (added or matched since) counts as having no supporter in the other."""
    old, new = _pairs(before), _pairs(after)
    rows = []
    for need in sorted(old.keys() | new.keys()):
        (was, was_score), (now, now_score) = old.get(need, (None, None)), new.get(need, (None, None))
        if was != now:
            rows.append(
                {
                    "need": need,
                    "before": was,
                    "before_score": was_score,
                    "after": now,
                    "after_score": now_score,
                }
            )
    return rows
