"""Public pages: home, browsing, people, the side-by-side reading page, search and exports."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import browsing, exports
from .caching import public_page
from .citations import meta
from .citations.links import site_url
from .citations.views import renamed_interview_redirect
from .concordance.leads import lead_hits
from .exports.search import search_export
from .models import Answer, Interview, Person, Question
from .search import service
from .search.highlight import mark
from .search.query import QueryError

READING_MODES = ("both", "zh", "en")

# The download links on the reading page and under search results: (extension, label, title).
EXPORT_LINKS = [
    ("tmx", "TMX", _("Translation memory (TMX 1.4), for translation tools")),
    ("tei.xml", "TEI", _("TEI P5 XML, for text encoding and corpus tools")),
    ("csv", "CSV", _("A table with one row per paragraph pair")),
    ("tsv", "TSV", _("A tab-separated table with one row per paragraph pair")),
    ("json", "JSON", _("The archive's transcript format, which the importer reads back")),
]
TEXT_LINKS = [
    ("both", _("Text, both languages")),
    ("zh", _("Text, Chinese")),
    ("en", _("Text, English")),
]


@public_page
def home(request):
    """What the archive holds and the newest interviews."""
    published = Interview.objects.published()
    context = {
        "interview_count": published.count(),
        "question_count": Question.objects.published().count(),
        "answer_count": Answer.objects.published().count(),
        "person_count": Person.objects.filter(interviews__in=published).distinct().count(),
        "newest": published.for_listing().newest_first()[:5],
    }
    return render(request, "archive/home.html", context)


@public_page
def interview_list(request):
    """Published interviews, newest first, narrowed by interviewee, year, source or topic."""
    chosen = browsing.selected_filters(request.GET)
    interviews = browsing.filter_interviews(Interview.objects.published(), chosen)
    listing = interviews.for_listing().newest_first()
    page = Paginator(listing, settings.INTERVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    facets = browsing.facet_options(interviews, chosen)
    context = {
        "page": page,
        "params": request.GET,
        "facet_groups": [
            {"name": name, "label": label, "options": facets[name]}
            for name, (_lookup, label) in browsing.FILTERS.items()
        ],
        "selected": [
            option for options in facets.values() for option in options if option.selected
        ],
    }
    return render(request, "archive/interview_list.html", context)


@public_page
def interview_detail(request, slug):
    """The reading page: Chinese and English side by side, paragraph against paragraph."""
    interview = Interview.objects.published().with_content().filter(slug=slug).first()
    if interview is None:
        return renamed_interview_redirect(request, slug)  # 301 from a former slug, or 404
    return render(request, "archive/interview_detail.html", reading_context(request, interview))


def reading_context(request, interview: Interview) -> dict:
    """What the reading page shows of an interview (used by the admin's draft preview too)."""
    mode = request.GET.get("show")
    base = site_url(request)
    return {
        "interview": interview,
        "site_url": base,
        "citation_meta": meta.meta_tags(interview, base),
        "citation_json_ld": meta.json_ld_script(meta.json_ld(interview, base)),
        "mode": mode if mode in READING_MODES else "both",
        "modes": [("both", "中文 + English"), ("zh", "中文"), ("en", "English")],
        "export_formats": EXPORT_LINKS,
        "text_languages": TEXT_LINKS,
        **neighbours(interview),
    }


def neighbours(interview: Interview) -> dict:
    """The published interviews just before and after this one by date."""
    if interview.date is None:
        return {"earlier": None, "later": None}
    published = Interview.objects.published().only("slug", "title_zh", "title_en", "date", "script")
    same_day = Q(date=interview.date)
    earlier = published.filter(Q(date__lt=interview.date) | same_day & Q(pk__lt=interview.pk))
    later = published.filter(Q(date__gt=interview.date) | same_day & Q(pk__gt=interview.pk))
    return {
        "earlier": earlier.order_by("-date", "-pk").first(),
        "later": later.order_by("date", "pk").first(),
    }


@public_page
def person_list(request):
    """Everyone interviewed in published interviews, with how many interviews each; ?q=
    narrows to the names that contain it, typed in Chinese, English or pinyin."""
    q = request.GET.get("q", "")[:100]
    people = (
        Person.objects.named(q)
        .annotate(
            interview_count=Count(
                "interviews", filter=Q(interviews__status=Interview.Status.PUBLISHED)
            )
        )
        .filter(interview_count__gt=0)
        .select_related("affiliation")
        .order_by("-interview_count", "name_zh", "name_en")
    )
    return render(request, "archive/person_list.html", {"people": people, "q": q.strip()})


@public_page
def person_detail(request, slug):
    """One person and the published interviews they gave, newest first."""
    # Someone named only in drafts is not public yet: the page would reveal the draft.
    public = Person.objects.filter(interviews__in=Interview.objects.published()).distinct()
    person = get_object_or_404(public.select_related("affiliation"), slug=slug)
    interviews = person.interviews.published().for_listing().newest_first()
    return render(
        request, "archive/person_detail.html", {"person": person, "interviews": interviews}
    )


@public_page
def interview_original(request, slug):
    """The transcript exactly as imported, for provenance and citation checks."""
    interview = get_object_or_404(Interview.objects.published(), slug=slug)
    response = HttpResponse(interview.original_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{interview.slug}.txt"'
    return response


FACET_LABELS = {
    "interviewee": _("Interviewees"),
    "year": _("Year"),
    "outlet": _("Interviewed by"),
    "source": _("Source"),
    "topic": _("Topic"),
    "asker": _("Asked by"),
    "answerer": _("Answered by"),
}


@public_page
def search(request):
    """Search passages in Chinese, English or both; facets narrow the results. Each paragraph
    pair found is led by the sentence pair holding its first match (concordance.leads)."""
    with service.one_state():  # an unreadable index is a 503 (archive/unavailable.py)
        outcome = service.search(service.SearchRequest.from_params(request.GET), mark)
        if outcome.parsed is not None:
            lead_hits(outcome.hits, outcome.request.q, outcome.request.language, outcome.total)
    for facet in outcome.selected:
        facet.facet_label = FACET_LABELS[facet.name]
    page = outcome.request.page
    context = {
        "outcome": outcome,
        "params": request.GET,
        "languages": [("both", _("both")), ("zh", "中文"), ("en", "English")],
        "facet_groups": [
            {"label": label, "values": outcome.facets.get(name, [])}
            for name, label in FACET_LABELS.items()
        ],
        "first_number": (page - 1) * service.PER_PAGE + 1,
        "previous_page": page - 1,
        "next_page": page + 1,
        "export_formats": EXPORT_LINKS,
        "text_languages": TEXT_LINKS,
        "search_params": _without_page(request.GET),
        "translations_marked": any(hit.lead and hit.lead.marks_translation for hit in outcome.hits),
    }
    return render(request, "archive/search.html", context)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def interview_export(request, slug, extension):
    """One published interview as a file: TMX, TEI, CSV, TSV, JSON or text (?lang=zh|en|both)."""
    exporter_class = _export_format(extension)
    interview = get_object_or_404(Interview.objects.published().for_export(), slug=slug)
    lang = request.GET.get("lang", "both")
    exporter = exporter_class(base_url=site_url(request), lang=lang)
    return _download(exporter, [interview], interview.slug)


def search_export_view(request, extension):
    """The first passages a search finds (settings.EXPORT_SEARCH_LIMIT) as a file.

    The parameters are the search page's; `lang` is the search's language there, so the
    language of a text export is given as `text=zh|en|both`.
    """
    exporter_class = _export_format(extension)
    if not request.GET.get("q", "").strip():
        return HttpResponseBadRequest("Nothing to export: give a search (?q=…).")
    params = request.GET.copy()
    lang = params.pop("text", ["both"])[-1]
    search_url = f"{site_url(request)}{reverse('search')}?{params.urlencode()}"
    try:
        interviews, passages, record = search_export(params, search_url)
    except QueryError as exc:
        return HttpResponseBadRequest(f"The search could not be read: {exc}")
    exporter = exporter_class(
        base_url=site_url(request), lang=lang, passages=passages, search=record
    )
    stem = "duihua-search-" + (slugify(record.query, allow_unicode=True)[:40] or "results")
    return _download(exporter, interviews, stem)


def _export_format(extension: str) -> type[exports.Exporter]:
    if extension not in exports.FORMATS:
        raise Http404("No such export format.")
    return exports.FORMATS[extension]


def _download(exporter: exports.Exporter, interviews: list, stem: str) -> HttpResponse:
    response = HttpResponse(exporter.render(interviews), content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exporter.filename(stem)
    )
    return response
