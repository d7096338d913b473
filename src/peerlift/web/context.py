"""What every template gets: the viewer and the navigation their role may follow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from peerlift.web import permissions


def navigation(request: HttpRequest) -> dict[str, Any]:
    who = permissions.viewer(request)
    feedback = settings.PEERLIFT_FEEDBACK_URL
    if not who.signed_in:
        return {"viewer": who, "navigation": [], "feedback_url": feedback}
    links = [("Home", "home", permissions.signed_in), ("Schools", "schools", permissions.signed_in)]
    links.append(("Local authorities", "las", permissions.signed_in))
    links.append(("Imports", "imports", permissions.import_data))
    links.append(("Users", "users", permissions.manage_users))
    links.append(("Audit log", "audit", permissions.manage_users))
    items = []
    for text, name, check in links:
        if check(who):
            url = reverse(name)
            active = request.path == url if name == "home" else request.path.startswith(url)
            items.append({"text": text, "url": url, "active": active})
    return {"viewer": who, "navigation": items, "feedback_url": feedback}
