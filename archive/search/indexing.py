"""Keep the search index in step with the database.

Every change to an interview, a question, a paragraph pair, a person, an organisation or a
topic marks the interviews it touches. When the transaction commits (never before; a rolled-back
save leaves no trace) those interviews are re-synced: their documents are deleted and rebuilt
from what the database holds at that moment, under Whoosh's write lock. The sentence alignment
of their paragraph pairs (concordance.store) is brought up to date just before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator

from django.db import models, transaction
from haystack import connections
from haystack.signals import BaseSignalProcessor

from .. import generation
from ..concordance import store as sentences
from ..models import Answer, Interview, Organization, Person, Question, Topic

logger = logging.getLogger(__name__)


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


def rebuild(
    using: str = "default", batch_size: int = 200, progress: Callable[[int], None] | None = None
) -> int:
    """Build the whole index anew from the database and switch to it; searches meanwhile
    read the previous one. Returns the number of published interviews indexed."""

    def published() -> list[int]:
        return list(Interview.objects.published().order_by("pk").values_list("pk", flat=True))

    return backend(using).rebuild(
        published, lambda ids: documents_for(ids, using), batch_size, progress
    )


_pending = threading.local()


def schedule(interview_ids: Iterable[int], db_alias: str = "default") -> None:
    """Sync these interviews after the current transaction commits (at once in autocommit).

    Each call registers a callback; the first to run syncs everything pending, so an import
    that touches one interview fifty times syncs it once. Ids left over from a rolled-back
    transaction are synced later, which is harmless: a sync only reads the database.
    """
    ids = {pk for pk in interview_ids if pk is not None}
    if not ids:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids |= ids
    transaction.on_commit(_flush, using=db_alias)


def _flush() -> None:
    ids, _pending.ids = _pending.ids, set()
    if not ids:
        return
    try:
        # Derived from the texts like the index, so refreshed on the same path, first.
        sentences.refresh(ids)
    except Exception:
        # `manage.py align_sentences` repairs the alignment.
        logger.exception("Sentence alignment failed for interviews %s", sorted(ids))
    try:
        sync(ids)
    except Exception:
        # The database change stands; `manage.py rebuild_index` repairs the index.
        logger.exception("Search index update failed for interviews %s", sorted(ids))
    finally:
        # After the index, so that a page of the new generation also finds the change.
        generation.bump()


def interviews_touched(instance: models.Model) -> set[int]:
    """The interviews whose documents change when this object changes."""
    if isinstance(instance, Interview):
        return {instance.pk}
    if isinstance(instance, Question):
        return {instance.interview_id}
    if isinstance(instance, Answer):
        return set(
            Question.objects.filter(pk=instance.question_id).values_list("interview_id", flat=True)
        )
    if isinstance(instance, Person):
        return set(instance.interviews.values_list("pk", flat=True))
    if isinstance(instance, Organization):
        conducted = instance.interviews_conducted.values_list("pk", flat=True)
        return set(conducted) | set(instance.interviews_published.values_list("pk", flat=True))
    if isinstance(instance, Topic):
        return set(instance.interviews.values_list("pk", flat=True))
    return set()


class OnCommitSignalProcessor(BaseSignalProcessor):
    """Haystack signal processor that updates the index after the transaction commits."""

    watched = (Interview, Question, Answer, Person, Organization, Topic)

    def setup(self):
        for model in self.watched:
            models.signals.post_save.connect(self.handle_save, sender=model)
            # Before the delete, while the rows that lead to the interview still exist.
            models.signals.pre_delete.connect(self.handle_delete, sender=model)
        for through in (Interview.interviewees.through, Interview.topics.through):
            models.signals.m2m_changed.connect(self.handle_m2m, sender=through)

    def teardown(self):
        for model in self.watched:
            models.signals.post_save.disconnect(self.handle_save, sender=model)
            models.signals.pre_delete.disconnect(self.handle_delete, sender=model)
        for through in (Interview.interviewees.through, Interview.topics.through):
            models.signals.m2m_changed.disconnect(self.handle_m2m, sender=through)

    def handle_save(self, sender, instance, using=None, **kwargs):
        schedule(interviews_touched(instance), using or "default")

    def handle_delete(self, sender, instance, using=None, **kwargs):
        schedule(interviews_touched(instance), using or "default")

    def handle_m2m(self, sender, instance, action, reverse, pk_set, using=None, **kwargs):
        # reverse: from the other side, person.interviews.add(...), topic.interviews.clear()
        if action in ("post_add", "post_remove"):
            ids = set(pk_set or ()) if reverse else {instance.pk}
        elif action == "pre_clear":  # after the clear, nothing says which interviews it touched
            ids = interviews_touched(instance) if reverse else {instance.pk}
        else:
            return
        schedule(ids, using or "default")
