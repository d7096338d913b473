"""Sign-in throttling: which address a request comes from, and the two limits on failed sign-ins.

django-axes counts failures per username and address (``AXES_FAILURE_LIMIT``, 5 by default). That
alone lets one address guess a few passwords for each of many usernames, so ``Throttle`` adds a limit
per address across usernames (``PEERLIFT_LOGIN_ATTEMPTS_PER_ADDRESS``, 20 by default), over the same
cool-off period. Both count the change-password form's wrong current passwords too.

The address is the connection's, ``REMOTE_ADDR``. A reverse proxy's ``X-Forwarded-For`` is believed
only when the connection comes from a proxy named in ``PEERLIFT_TRUSTED_PROXIES``: otherwise any
client could pick its own address with the header (and escape both limits, or lock out another
address's users), and behind a proxy that is not named every client shares the proxy's address.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: Address) -> bool:
    proxies = settings.PEERLIFT_TRUSTED_PROXIES
    return any(address in ipaddress.ip_network(net, strict=False) for net in proxies)


def client_address(request: HttpRequest) -> str | None:
    """The address the throttle counts for this request (``AXES_CLIENT_IP_CALLABLE``).

    With no trusted proxy, the connection's address. When the connection comes from a trusted
    proxy, ``X-Forwarded-For`` is read from the right (each proxy appends the address it was
    reached from) and the first address that is not itself a trusted proxy is the client: what a
    client writes into the header itself lies to the left of that and is never reached."""
    remote = request.META.get("REMOTE_ADDR")
    connected = _address(remote or "")
    if connected is None or not _trusted(connected):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a proxy wrote something that is not an address: count the proxy
        if not _trusted(address):
            return str(address)
    return str(_address(hops[0])) if hops else remote


class Throttle(AxesDatabaseHandler):
    """django-axes' database handler with a second limit: failures from one address, whatever the
    usernames, within the cool-off period (``AXES_HANDLER``)."""

    @staticmethod
    def address_failures(request: HttpRequest) -> int:
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return int(recent.aggregate(total=Sum("failures_since_start"))["total"] or 0)

    def _address_locked(self, request: HttpRequest) -> bool:
        return self.address_failures(request) >= settings.PEERLIFT_LOGIN_ATTEMPTS_PER_ADDRESS

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return bool(super().is_locked(request, credentials)) or self._address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        """Record the failure; the failure that reaches the address's limit is answered as locked out,
        as axes answers the one that reaches a username's."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self._address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
