"""Every change to a network's activities, audited (web/audit.py, kind ``network activity``): the
form on a network's page calls these, and so would the CLI."""

from __future__ import annotations

import datetime as dt

from peerlift.web import audit, network_data
from peerlift.web.models import Network, NetworkActivity


def record_activity(
    actor: str, network: Network, day: dt.date, kind: str, levels: list[str], notes: str
) -> NetworkActivity:
    """Record an activity (one of the same day and kind is replaced, its earlier values in the log)."""
    before = NetworkActivity.objects.filter(network=network, date=day, kind=kind).first()
    return audit.audited_change(
        actor,
        "record network activity",
        audit.NETWORK_ACTIVITY,
        lambda: network_data.add_activity(network, day, kind, levels, notes, actor),
        la=network.la_code,
        target=before,
    )
