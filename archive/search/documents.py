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
    """(search index, object) for every document the given published interviews should have.

    Interview by interview, in the order of their primary keys: its own document, then its
    questions', then its paragraph pairs'. So the order of a rebuild's documents, which
    breaks ties between equal scores, does not depend on how the interviews were batched or
    shared between processes (archive/search/parallel.py)."""
    unified = connections[using].get_unified_index()
    lookups = (
        (Interview, "pk__in", lambda interview: interview.pk),
        (Question, "interview__in", lambda question: question.interview_id),
        (Answer, "question__interview__in", lambda answer: answer.question.interview_id),
    )
    found = []
    for rank, (model, lookup, interview_of) in enumerate(lookups):
        index = unified.get_index(model)
        for obj in index.build_queryset(using=using).filter(**{lookup: interview_ids}):
            found.append((interview_of(obj), rank, index, obj))
    found.sort(key=lambda row: row[:2])  # stable: each query's own order within an interview
    for *_, index, obj in found:
        yield index, obj


def sync(interview_ids: Iterable[int], using: str = "default") -> None:
    """Bring the documents of these interviews in line with the database."""
    backend(using).sync_interviews(interview_ids, lambda ids: documents_for(ids, using))
