"""The concordance page and its downloads (CSV, TMX)."""

from __future__ import annotations

from collections import Counter

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..caching import public_page
from ..citations.links import site_url
from ..exports.base import SearchRecord
from ..search.service import cached_facets
from ..views import FACET_LABELS
from . import kwic
from .equivalents import as_phrases, equivalents, to_mark
from .exports import ConcordanceCsv, ConcordanceTmx
from .trends import passages_per_year, trend

EXPORTS = {"csv": ConcordanceCsv, "tmx": ConcordanceTmx}
EXPORT_LINKS = [
    ("csv", "CSV", _("A table with one row per line")),
    ("tmx", "TMX", _("Translation memory (TMX 1.4) of the aligned sentences")),
]


def read(params, every: bool = False) -> tuple[kwic.Concordance, list, list]:
    """The lines of a request (those its page needs, or `every` line a download gives); the
    equivalents, from the lines of the newest kwic.SAMPLE passages, and which are marked."""
    result = kwic.concordance(kwic.ConcordanceRequest.from_params(params), every=every)
    found, marked = [], []
    if result.sample:
        language, passages = result.request.language, result.passages
        found = equivalents(result.sample, language, passages, sampled=result.sampled)
        marked = to_mark(found)
    return result, found, marked


@public_page
def concordance(request):
    """KWIC lines of a word or phrase, each beside its aligned sentence, with the term's
    renderings in the other language and its frequency by year."""
    try:
        result, found, marked = read(request.GET)
    except kwic.QueryError as exc:
        return _page(
            request,
            kwic.Concordance(kwic.ConcordanceRequest.from_params(request.GET)),
            error=str(exc),
        )
    return _page(request, result, found, marked)


def _page(request, result: kwic.Concordance, found=(), marked=(), error: str = ""):
    facets, selected = {}, []
    if result.parsed is not None:
        facets, selected = cached_facets(result.request.search_request(), result.found)
    for facet in selected:
        facet.facet_label = FACET_LABELS[facet.name]
    page = result.request.page
    kwic.mark_equivalents(result.page_lines, as_phrases(marked))  # only the lines shown
    per_year, undated = passages_per_year(result.found) if result.found else (Counter(), 0)
    language = result.request.language
    chart = trend(result.sample, language, list(marked), per_year=per_year, undated=undated)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "result": result,
        "error": error,
        "equivalents": found,
        "trend": chart,
        "params": request.GET,
        "sorts": [
            ("date", _("date, newest first")),
            ("left", _("left context")),
            ("right", _("right context")),
        ],
        "facet_groups": [
            {"label": label, "values": facets.get(name, [])} for name, label in FACET_LABELS.items()
        ],
        "selected": selected,
        "first_number": (page - 1) * kwic.PER_PAGE + 1,
        "previous_page": page - 1,
        "next_page": page + 1,
        "export_formats": EXPORT_LINKS,
        "export_params": params.urlencode(),
    }
    return render(request, "archive/concordance.html", context)


@public_page
def concordance_export(request, extension):
    """Every line of a concordance (up to the passages it reads) as CSV or TMX."""
    if extension not in EXPORTS:
        raise Http404("No such export format.")
    if not request.GET.get("q", "").strip():
        return HttpResponseBadRequest("Nothing to export: give a term (?q=…).")
    try:
        result, _found, _marked = read(request.GET, every=True)
    except kwic.QueryError as exc:
        return HttpResponseBadRequest(f"The query could not be read: {exc}")
    params = request.GET.copy()
    params.pop("page", None)
    url = f"{site_url(request)}{reverse('concordance')}?{params.urlencode()}"
    lines = result.lines
    record = SearchRecord(result.request.q, url, len(lines), len(lines), kwic.MAX_PASSAGES)
    exporter = EXPORTS[extension](base_url=site_url(request), search=record)
    response = HttpResponse(exporter.render_lines(lines), content_type=exporter.content_type)
    stem = "duihua-concordance-" + (slugify(result.request.q, allow_unicode=True)[:40] or "lines")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exporter.filename(stem)
    )
    return response
