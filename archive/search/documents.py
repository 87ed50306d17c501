"""The documents the index should hold for some interviews, and bringing them in line.

One home for what both the signal processor (archive/search/indexing.py) and the queue that
applies its tasks (archive/search/queue.py) call, so neither reaches back into the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from haystack import connections

from ..models import Answer, Interview, Question


def backend(using: str = "default"):
    return connections[using].get_backend()


def documents_for(interview_ids: set[int], using: str = "default") -> Iterator[tuple]:
    """(search index, object) for every document the given published interviews should have."""
    unified = connections[using].get_unified_index()
    lookups = (
        (Interview, "pk__in"),
        (Question, "interview__in"),
        (Answer, "question__interview__in"),
    )
    for model, lookup in lookups:
        index = unified.get_index(model)
        for obj in index.build_queryset(using=using).filter(**{lookup: interview_ids}):
            yield index, obj


def sync(interview_ids: Iterable[int], using: str = "default") -> None:
    """Bring the documents of these interviews in line with the database."""
    backend(using).sync_interviews(interview_ids, lambda ids: documents_for(ids, using))
