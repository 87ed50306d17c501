"""Response headers and request limits that protect readers and curators.

Django's SecurityMiddleware sends HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy,
and XFrameOptionsMiddleware sends X-Frame-Options; django-csp sends the Content-Security-Policy.
This module adds what they do not cover: the admin's looser style policy, Permissions-Policy,
and a cap on request bodies checked before a byte of the body is read.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse


def is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("admin:index"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``CSP_ADMIN_UPDATE`` added to the policy on admin pages.

    The public pages get the strict policy alone; the admin's third-party stylesheets also
    need images from data: URLs, and nothing else.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin(request) and not report_only:
            parts.update = {**settings.CSP_ADMIN_UPDATE, **(parts.update or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy``: the archive uses no camera, microphone, location or the like."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = settings.PERMISSIONS_POLICY
        self.value = ", ".join(f"{name}=({' '.join(allow)})" for name, allow in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response


class RequestSizeLimitMiddleware:
    """Answer 413 to a request that announces a body larger than allowed, before reading it.

    The transcript import takes several files of 5 MB each (``IMPORT_MAX_REQUEST_BYTES``);
    every other URL takes at most ``MAX_REQUEST_BYTES``. A body without a length is not read by
    Django at all, so the announced length is the one to check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit(request):
            return HttpResponse(
                f"Request too large: {length:,} bytes, the limit is {self.limit(request):,}.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def limit(request: HttpRequest) -> int:
        if request.path_info == reverse("admin:archive_interview_import"):
            return settings.IMPORT_MAX_REQUEST_BYTES
        return settings.MAX_REQUEST_BYTES


class NulInQueryMiddleware:
    """Remove NUL characters from the query string's names and values.

    No parameter of ours can hold one, and PostgreSQL refuses NUL in any text it is given, so a
    `?person=%00` would otherwise end as a 500 on every page or API call that filters by it;
    without it the parameter means what it would mean typed without the NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
