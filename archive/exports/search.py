"""A search result set as an export: the passages found, grouped by interview.

The search is the search page's (same parameters, same order). An export holds at most
settings.EXPORT_SEARCH_LIMIT passages, the first ones in result order; the file records the
query, its URL and how many passages were found in all. Interviews come in the order of their
first hit, and within an interview passages in reading order.
"""

from __future__ import annotations

from django.conf import settings

from ..models import Interview
from ..search.service import SearchRequest, find_passages
from .base import Passages, SearchRecord


def search_export(params, search_url: str) -> tuple[list[Interview], Passages, SearchRecord]:
    """Interviews (with their content), the passages to write and the record of the search.

    Raises search.query.QueryError for a query the search page would refuse too.
    """
    request = SearchRequest.from_params(params)
    limit = settings.EXPORT_SEARCH_LIMIT
    total, hits = find_passages(request, limit)
    chosen: dict[str, set[int]] = {"archive.answer": set(), "archive.question": set()}
    chosen["archive.interview"] = set()
    for hit in hits:
        chosen.setdefault(hit.model, set()).add(int(hit.pk))
    passages = Passages(
        answers=frozenset(chosen["archive.answer"]),
        questions=frozenset(chosen["archive.question"]),
        intros=frozenset(chosen["archive.interview"]),
    )
    interviews = _interviews(hits, passages)
    record = SearchRecord(request.q, search_url, len(hits), total, limit)
    return interviews, passages, record


def _interviews(hits, passages: Passages) -> list[Interview]:
    """The published interviews holding the passages, in the order of their first hit."""
    published = Interview.objects.published()
    ids = set(passages.intros)
    ids |= set(published.filter(questions__pk__in=passages.questions).values_list("pk", flat=True))
    ids |= set(
        published.filter(questions__answers__pk__in=passages.answers).values_list("pk", flat=True)
    )
    loaded = {i.pk: i for i in published.filter(pk__in=ids).for_export()}
    order = _first_hit_order(hits, loaded)
    return sorted(loaded.values(), key=lambda interview: order.get(interview.pk, len(order)))


def _first_hit_order(hits, loaded: dict[int, Interview]) -> dict[int, int]:
    """interview pk → rank of its first hit."""
    owner = {}
    for interview in loaded.values():
        owner[("archive.interview", interview.pk)] = interview.pk
        for question in interview.questions.all():
            owner[("archive.question", question.pk)] = interview.pk
            for answer in question.answers.all():
                owner[("archive.answer", answer.pk)] = interview.pk
    order: dict[int, int] = {}
    for rank, hit in enumerate(hits):
        interview = owner.get((hit.model, int(hit.pk)))
        if interview is not None:
            order.setdefault(interview, rank)
    return order
