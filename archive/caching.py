"""HTTP caching of the public pages: validators and a page cache keyed by the archive generation.

A public page depends only on its URL (path and query, which carries the interface language),
the archive's data and the code that renders it; never on a cookie or a user. So its ETag is a
digest of the URL, the interface language, the archive generation and this release, known
before the view runs: a matching ``If-None-Match`` is answered 304 without rendering, and a
rendered page is kept in Django's cache under the same key. Publishing or editing anything
bumps the generation (``archive.generation``), which changes every ETag and cache key at once.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from . import generation

PAGE_TIMEOUT = 60 * 60  # seconds a rendered page stays in the cache (a new generation misses)


def _release() -> tuple[str, float]:
    """A digest of the code, templates, styles and translations, and when they last changed.

    A deployment that changes how pages look changes every ETag, though the data did not.
    """
    digest = hashlib.sha256()
    newest = 0.0
    for folder, pattern in (
        ("archive", "**/*.py"),
        ("templates", "**/*.html"),
        ("static", "**/*"),
        ("locale", "**/*.mo"),
    ):
        for path in sorted((settings.BASE_DIR / folder).glob(pattern)):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(settings.BASE_DIR)}:{stat.st_mtime_ns}".encode())
                newest = max(newest, stat.st_mtime)
    return digest.hexdigest()[:16], newest


RELEASE, RELEASED_AT = _release()


def page_key(request: HttpRequest, number: int) -> str:
    url = request.get_full_path()
    raw = f"{RELEASE}|{number}|{get_language()}|{url}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def public_page(view):
    """Make a public view cacheable: Cache-Control, ETag and Last-Modified, 304s, a page cache.

    Only successful GET and HEAD responses are cached; anything else passes through untouched.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        current = generation.current()
        key = page_key(request, current.number)
        etag = f'W/"{key}"'
        modified = max(current.changed_at.timestamp(), RELEASED_AT)
        unchanged = get_conditional_response(request, etag=etag, last_modified=int(modified))
        if unchanged is not None:
            return _validated(unchanged, etag, modified)
        cached = cache.get(f"page:{key}")
        if cached is not None:
            body, headers = cached
            return _validated(HttpResponse(body, headers=headers), etag, modified)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if request.method == "GET":
            cache.set(f"page:{key}", (response.content, dict(response.items())), PAGE_TIMEOUT)
        return _validated(response, etag, modified)

    return wrapper


def _validated(response: HttpResponse, etag: str, modified: float) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response
