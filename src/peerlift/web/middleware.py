"""Request guards: every view's permission rule, and the security headers every response carries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from wsgiref.headers import Headers

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from peerlift.web import permissions

Handler = Callable[[HttpRequest], HttpResponse]


def wants_data(request: HttpRequest) -> bool:
    """JSON and downloads answer a refusal with a status, not a sign-in page."""
    return request.path.endswith((".json", ".csv", ".xlsx"))


class PermissionMiddleware:
    """Closed by default: a view without a rule is refused; a view with one runs only if it allows."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        check = permissions.rule_of(view)
        if check is None:
            raise PermissionDenied("this page has no permission rule")
        who = permissions.viewer(request)
        if check is not permissions.anyone and not who.signed_in:
            if wants_data(request):
                return JsonResponse({"error": "Sign in to use this address."}, status=401)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not check(who, **kwargs):
            raise PermissionDenied("you do not have permission to see this page")
        return None


def security_headers() -> dict[str, str]:
    """The headers every answer carries that Django's own middleware does not set."""
    return {
        "Content-Security-Policy": settings.PEERLIFT_CSP,
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy (no inline script or style) and a few more headers Django
    does not set itself. HSTS and secure cookies come from settings when served over TLS."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in security_headers().items():
            response.setdefault(name, value)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.setdefault("Cache-Control", "private, no-store")
        return response


def add_static_headers(headers: Headers, path: str, url: str) -> None:
    """WhiteNoise's hook for the headers of each static file (settings.WHITENOISE_ADD_HEADERS_FUNCTION).

    WhiteNoise answers /static/ before most of the middleware runs, so its files get here what the
    other answers get from Django's middleware and the one above: no sniffing, no framing, the same
    policies.
    """
    wanted = {
        **security_headers(),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    }
    for name, value in wanted.items():
        headers.setdefault(name, value)
