"""Public pages: the home page, the list of interviews and the side-by-side reading page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .models import Answer, Interview, Person, Question
from .search import service

READING_MODES = ("both", "zh", "en")


def home(request):
    """What the archive holds and the newest interviews."""
    published = Interview.objects.published()
    context = {
        "interview_count": published.count(),
        "question_count": Question.objects.filter(interview__in=published).count(),
        "answer_count": Answer.objects.filter(question__interview__in=published).count(),
        "person_count": Person.objects.filter(interviews__in=published).distinct().count(),
        "newest": published.for_listing().newest_first()[:5],
    }
    return render(request, "archive/home.html", context)


def interview_list(request):
    """Every published interview, newest first, paginated."""
    interviews = Interview.objects.published().for_listing().newest_first()
    page = Paginator(interviews, settings.INTERVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/interview_list.html", {"page": page})


def interview_detail(request, slug):
    """The reading page: Chinese and English side by side, paragraph against paragraph."""
    interview = get_object_or_404(Interview.objects.published().with_content(), slug=slug)
    mode = request.GET.get("show")
    context = {
        "interview": interview,
        "mode": mode if mode in READING_MODES else "both",
        "modes": [("both", "中文 + English"), ("zh", "中文"), ("en", "English")],
    }
    return render(request, "archive/interview_detail.html", context)


def interview_original(request, slug):
    """The transcript exactly as imported, for provenance and citation checks."""
    interview = get_object_or_404(Interview.objects.published(), slug=slug)
    response = HttpResponse(interview.original_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{interview.slug}.txt"'
    return response


FACET_LABELS = {
    "interviewee": _("Interviewee"),
    "year": _("Year"),
    "outlet": _("Interviewed by"),
    "source": _("Source"),
    "topic": _("Topic"),
}


def search(request):
    """Search passages in Chinese, English or both; facets narrow the results."""
    outcome = service.search(service.SearchRequest.from_params(request.GET))
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
