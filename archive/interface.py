"""The interface language, chosen by a URL parameter so that public pages need no cookie.

``?ui=zh-hans`` shows the interface in Chinese; without it, pages are in English. The content
keeps its own languages either way, and the permanent URL of a page (what a citation, a copied
passage link or an OAI identifier uses) is the same in both: ``ui`` is a view of that page,
never part of its name. Links between public pages carry ``ui`` along (``{% href %}``), so a
reader who chose Chinese stays in Chinese without a cookie, and every page is cacheable by URL.

The admin keeps Django's usual choice (the browser's Accept-Language): curators are logged in,
their pages are never shared.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation

PARAMETER = "ui"
CHOICES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str:
    """The interface language a public request asks for (the default when it asks for none)."""
    value = request.GET.get(PARAMETER, "")
    return value if value in CHOICES else settings.LANGUAGE_CODE


def is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("admin:index"))


class InterfaceLanguageMiddleware(LocaleMiddleware):
    """Activate the language from ``?ui=`` on public pages; Django's negotiation in the admin.

    Public responses then depend on nothing but their URL, so they get no ``Vary`` header.
    """

    def process_request(self, request):
        if is_admin(request):
            return super().process_request(request)
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        if is_admin(request):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def with_language(url: str, language: str) -> str:
    """The URL with the interface language added (nothing for the default language)."""
    if language == settings.LANGUAGE_CODE or language not in CHOICES:
        return url
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query[PARAMETER] = language
    return urlunsplit(parts._replace(query=query.urlencode()))


def interface(request: HttpRequest) -> dict:
    """Template context: the chosen language as a URL parameter value ("" for the default)."""
    language = translation.get_language()
    return {"ui_param": "" if language == settings.LANGUAGE_CODE else language}
