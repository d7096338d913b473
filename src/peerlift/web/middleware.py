"""Request guards: every view's permission rule, the security headers every response carries, and the
limits on request bodies, applied before anything reads one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from wsgiref.headers import Headers

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve

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


MULTIPART_ALLOWANCE = 64 * 1024  # a form's other fields and the multipart boundaries around the file


class BodyLimitMiddleware:
    """Refuse a request body before anything reads it (CsrfViewMiddleware reads the whole of one to
    find its token, and Django spools a file in it to disk): by Content-Length, larger than an upload
    may be on the addresses that take a file and larger than a form elsewhere; and, on those
    addresses, from anyone the view's own permission rule would refuse, worked out from the session
    alone. Placed before CsrfViewMiddleware; web.uploads.LimitedUploadHandler holds the file's
    bytes to the same limit as they stream, whatever the header said."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request) if request.method in {"POST", "PUT", "PATCH"} else None
        return refusal or self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(request, 400, "Your request could not be read", "Go back and try again.")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if request.path_info not in settings.PEERLIFT_UPLOAD_PATHS:
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE + MULTIPART_ALLOWANCE:
                return _plain(request, 413, "Your request is too large", "Go back and try again.")
            return None
        if not self._may_upload(request):
            if not auth.get_user(request).is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            return _plain(
                request, 403, "You cannot see this page", "Your role does not let you import files."
            )
        if chunked and not length:
            return _plain(request, 411, "Your browser did not say how large the file is", "Try again.")
        limit = settings.PEERLIFT_UPLOAD_MAX_BYTES
        if length > limit + MULTIPART_ALLOWANCE:
            return _plain(
                request,
                413,
                "The file is too large",
                f"The file must be smaller than {limit // (1024 * 1024)} MB. Go back and choose another.",
            )
        return None

    @staticmethod
    def _may_upload(request: HttpRequest) -> bool:
        """The view's own rule, for the user of the session (no body read, no CSRF check yet)."""
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        check = permissions.rule_of(match.func)
        return check is not None and check(permissions.viewer_of(auth.get_user(request)), **match.kwargs)


def _plain(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """An error page without the request's context: this runs before the user and messages are set."""
    if wants_data(request):
        return JsonResponse({"error": message}, status=status)
    page = loader.render_to_string("web/error.html", {"title": title, "message": message})
    return HttpResponse(page, status=status)
