"""Read-side selectors: what the public may see, as querysets for the API, feeds and harvesting.

Every public door (pages, API, OAI-PMH, sitemap, feed) starts from these, so "only published
material" is decided in one place. Each selector loads what its listing shows in a fixed
number of queries, however many rows there are.
"""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet

from . import browsing
from .models import Answer, Interview, Organization, Person, Question, Topic


def published_interviews() -> QuerySet:
    """Published interviews, newest first, with what a list of them shows."""
    return (
        Interview.objects.published()
        .select_related("outlet", "source")
        .prefetch_related("interviewees", "topics")
        .annotate(question_count=Count("questions", distinct=True))
        .newest_first()
    )


def browse_interviews(params) -> QuerySet:
    """Published interviews narrowed by the browse page's filters (person, year, source, topic)."""
    chosen = browsing.selected_filters(params)
    return browsing.filter_interviews(published_interviews(), chosen)


def interview_with_content() -> QuerySet:
    """Published interviews with questions, askers, paragraph pairs and speakers, prefetched."""
    answers = Answer.objects.select_related("speaker_person")
    questions = Question.objects.select_related(
        "asker_person", "asker_organization"
    ).prefetch_related(Prefetch("answers", queryset=answers))
    return (
        Interview.objects.published()
        .select_related("outlet", "source")
        .prefetch_related("interviewees", "topics", Prefetch("questions", queryset=questions))
    )


def published_interview_pages() -> QuerySet:
    """Published interviews with only what a sitemap needs: the address and the last change."""
    return Interview.objects.published().only("slug", "updated_at").order_by("pk")


def public_people() -> QuerySet:
    """People interviewed in at least one published interview, with how many."""
    return (
        Person.objects.annotate(
            interview_count=Count("interviews", filter=Q(interviews__status="published"))
        )
        .filter(interview_count__gt=0)
        .select_related("affiliation")
        .order_by("name_zh", "name_en", "pk")
    )


def public_organizations() -> QuerySet:
    """Outlets and sources of published interviews, with how many of each they conducted or
    published."""
    conducted = Count(
        "interviews_conducted",
        filter=Q(interviews_conducted__status="published"),
        distinct=True,
    )
    published = Count(
        "interviews_published",
        filter=Q(interviews_published__status="published"),
        distinct=True,
    )
    return (
        Organization.objects.annotate(conducted_count=conducted, published_count=published)
        .filter(Q(conducted_count__gt=0) | Q(published_count__gt=0))
        .order_by("name_zh", "name_en", "pk")
    )


def public_topics() -> QuerySet:
    """Topics of published interviews, with how many."""
    return (
        Topic.objects.annotate(
            interview_count=Count("interviews", filter=Q(interviews__status="published"))
        )
        .filter(interview_count__gt=0)
        .order_by("name_en", "name_zh", "pk")
    )


def public_passages() -> QuerySet:
    """Paragraph pairs of published interviews, in reading order, with question and interview."""
    return (
        Answer.objects.published()
        .select_related("question__interview", "speaker_person")
        .order_by("question__interview_id", "question__number", "position")
    )


def newly_published(limit: int) -> QuerySet:
    """The most recently published interviews, for the feed."""
    return (
        Interview.objects.published()
        .select_related("outlet", "source")
        .prefetch_related("interviewees", "topics")
        .order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit]
    )
