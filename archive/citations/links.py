"""Where a permanent passage identifier or a former slug leads now; only to published text."""

from __future__ import annotations

from django.conf import settings

from ..models import Answer, FormerSlug, Interview, PassageId, Question
from .items import Passage

MAX_SUCCESSORS = 50  # merges of merges; a chain this long is a loop, not history


def current_uid(uid: str) -> str | None:
    """The identifier that now holds this one's text (itself, unless it was merged away)."""
    for _hop in range(MAX_SUCCESSORS):
        found = list(PassageId.objects.filter(uid=uid).values_list("successor_id", flat=True))
        if not found:
            return None  # never issued
        if found[0] is None:
            return uid
        uid = found[0]
    return uid


def published_passage(uid: str) -> Passage | None:
    """The published question or paragraph pair with this identifier, or None."""
    answer = (
        Answer.objects.published()
        .select_related("question__interview__outlet", "question__interview__source")
        .filter(uid=uid)
        .first()
    )
    if answer is not None:
        return Passage(question=answer.question, answer=answer)
    question = (
        Question.objects.published()
        .select_related("interview__outlet", "interview__source")
        .filter(uid=uid)
        .first()
    )
    return Passage(question=question) if question is not None else None


def find_passage(uid: str) -> Passage | None:
    """The published passage an identifier names now, following merges."""
    current = current_uid(uid)
    return published_passage(current) if current else None


def renamed_interview(slug: str) -> Interview | None:
    """The published interview that once had this slug, if it has another now."""
    former = (
        FormerSlug.objects.filter(slug=slug, interview__status=Interview.Status.PUBLISHED)
        .select_related("interview")
        .first()
    )
    return former.interview if former else None


def site_url(request) -> str:
    """Where permanent URLs start: the configured address, or the one the request came to."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
