"""Public pages: home, browsing, people, the side-by-side reading page and search."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from . import browsing
from .caching import public_page
from .models import Answer, Interview, Person, Question
from .search import service

READING_MODES = ("both", "zh", "en")


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
    interview = get_object_or_404(Interview.objects.published().with_content(), slug=slug)
    return render(request, "archive/interview_detail.html", reading_context(request, interview))


def reading_context(request, interview: Interview) -> dict:
    """What the reading page shows of an interview (used by the admin's draft preview too)."""
    mode = request.GET.get("show")
    return {
        "interview": interview,
        "mode": mode if mode in READING_MODES else "both",
        "modes": [("both", "中文 + English"), ("zh", "中文"), ("en", "English")],
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
    """Everyone interviewed in published interviews, with how many interviews each."""
    people = (
        Person.objects.annotate(
            interview_count=Count(
                "interviews", filter=Q(interviews__status=Interview.Status.PUBLISHED)
            )
        )
        .filter(interview_count__gt=0)
        .select_related("affiliation")
        .order_by("-interview_count", "name_zh", "name_en")
    )
    return render(request, "archive/person_list.html", {"people": people})


@public_page
def person_detail(request, slug):
    """One person and the published interviews they gave, newest first."""
    person = get_object_or_404(Person.objects.select_related("affiliation"), slug=slug)
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
}


SEARCH_RETRY_SECONDS = 120  # what a 503 asks clients to wait before trying again


@public_page
def search(request):
    """Search passages in Chinese, English or both; facets narrow the results."""
    try:
        outcome = service.search(service.SearchRequest.from_params(request.GET))
    except service.IndexUnavailable:
        response = render(request, "archive/search_unavailable.html", status=503)
        response["Retry-After"] = str(SEARCH_RETRY_SECONDS)
        response._has_been_logged = True  # by the backend, once; Django logs every 5xx
        return response
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
    }
    return render(request, "archive/search.html", context)
