"""Whatever reads the search index while it cannot be read answers 503, never 500.

The search page, the concordance, their downloads and the API's search all read the index;
when it is damaged or cannot be opened, the search backend raises
`search.service.IndexUnavailable` (having logged why, once). This middleware turns that into
a 503 with Retry-After: the page that explains it and points to browsing, which still works,
or for the API a JSON error. Nothing is cached on the way (the page cache keeps 200s only).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

from .search.service import IndexUnavailable

RETRY_SECONDS = 120  # what a 503 asks clients to wait before trying again


class IndexUnavailableMiddleware:
    """Answers IndexUnavailable, raised by any view, with `unavailable()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, IndexUnavailable):
            return unavailable(request)
        return None


def unavailable(request: HttpRequest) -> HttpResponse:
    """503: the search index cannot be read for now; the archive can still be browsed."""
    match = request.resolver_match
    if match is not None and "api" in match.namespaces:
        detail = gettext("Search is unavailable for a moment: the index cannot be read.")
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = render(request, "archive/search_unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_SECONDS)
    response._has_been_logged = True  # by the backend, once; Django would log every 5xx
    return response
