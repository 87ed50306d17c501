"""The cite pages of interviews and passages, their downloads, and the permanent-link redirects.

A passage's permanent URL (``/p/<id>/``) answers 302, not 301: what it leads to (the slug and
the ``#q2-a3`` anchor) changes when a curator renumbers or realigns, and a 301 would be kept
by browsers and search engines for good, pointing at the old place. The permanent URL itself
is what never changes. A former slug answers 301: that change is meant to be permanent, and
if the slug changes again the old address still finds the interview through its history.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from .. import interface
from ..caching import public_page
from ..models import Interview
from . import formats, links, styles
from .items import Passage, csl_item, interview_url


def passage_redirect(request, uid):
    """/p/<id>/: to the passage's current place on its reading page."""
    passage = links.find_passage(uid)
    if passage is None:
        raise Http404(_("No published passage has this identifier."))
    page = interface.with_language(
        passage.question.interview.get_absolute_url(), interface.chosen_language(request)
    )
    return redirect(f"{page}#{passage.anchor}")


def _interview_or_redirect(request, slug, view_name, *args):
    """The published interview with this slug, or a 301 to its address if the slug changed."""
    interview = Interview.objects.published().filter(slug=slug).first()
    if interview is not None:
        return interview, None
    renamed = links.renamed_interview(slug)
    if renamed is None:
        raise Http404(_("No published interview has this address."))
    url = reverse(view_name, args=[renamed.slug, *args])
    query = request.META.get("QUERY_STRING", "")
    return None, HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def renamed_interview_redirect(request, slug):
    """What the reading page answers for an unknown slug: a 301 if it is a former one."""
    _interview, response = _interview_or_redirect(request, slug, "interview_detail")
    return response


def _published(uid: str) -> Passage:
    passage = links.find_passage(uid)
    if passage is None:
        raise Http404(_("No published passage has this identifier."))
    return passage


def _cite_page(request, interview: Interview, passage: Passage | None):
    base = links.site_url(request)
    item = csl_item(interview, base, passage)
    context = {
        "interview": interview,
        "passage": passage,
        "item": item,
        "citations": styles.render_all(item),
        "downloads": [(ext, label) for ext, (_w, _t, label) in formats.DOWNLOADS.items()],
        "interview_url": interview_url(interview, base),
    }
    return render(request, "citations/cite.html", context)


@public_page
def interview_cite(request, slug):
    """How to cite a whole interview, in three styles and three downloads."""
    interview, response = _interview_or_redirect(request, slug, "interview_cite")
    if response is not None:
        return response
    return _cite_page(request, _with_people(interview), None)


@public_page
def passage_cite(request, uid):
    """How to cite one passage (a question or a paragraph pair), with its permanent URL."""
    passage = _published(uid)
    if passage.uid != uid:  # merged away: cite the pair that now holds the text
        return redirect("passage_cite", passage.uid)
    return _cite_page(request, _with_people(passage.question.interview), passage)


def _with_people(interview: Interview) -> Interview:
    return (
        Interview.objects.prefetch_related("interviewees")
        .select_related("outlet", "source")
        .get(pk=interview.pk)
    )


def interview_citation_file(request, slug, extension):
    """The interview's citation as BibTeX, RIS or CSL-JSON."""
    interview, response = _interview_or_redirect(request, slug, "interview_citation", extension)
    if response is not None:
        return response
    return _download(request, _with_people(interview), None, extension, interview.slug)


def passage_citation_file(request, uid, extension):
    """A passage's citation as BibTeX, RIS or CSL-JSON."""
    passage = _published(uid)
    interview = _with_people(passage.question.interview)
    return _download(request, interview, passage, extension, f"duihua-{passage.uid}")


def _download(request, interview, passage, extension, stem) -> HttpResponse:
    if extension not in formats.DOWNLOADS:
        raise Http404(_("No such citation format."))
    writer, content_type, _label = formats.DOWNLOADS[extension]
    item = csl_item(interview, links.site_url(request), passage)
    response = HttpResponse(writer(item), content_type=content_type)
    suffix = "csl.json" if extension == "json" else extension
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}.{suffix}"
    )
    return response
