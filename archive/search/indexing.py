"""Keep the search index in step with the database.

Every change to an interview, a question, a paragraph pair, a person, an organisation or a
topic queues the interviews it touches, in its own transaction (archive/search/queue.py). After
the commit (never before; a rolled-back save leaves no trace) those interviews are re-synced:
their documents are deleted and rebuilt from what the database holds at that moment (on
Whoosh under its write lock; archive/search/elastic.py says how Elasticsearch does it). The
sentence alignment of their paragraph pairs (concordance.store) is brought up to date just
before, on the same path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from haystack.signals import BaseSignalProcessor

from ..models import Answer, Interview, Organization, Person, Question, Topic
from . import documents, queue
from .documents import backend as backend
from .documents import documents_for as documents_for
from .documents import sync as sync


def rebuild(
    using: str = "default", batch_size: int = 200, progress: Callable[[int], None] | None = None
) -> int:
    """Build the whole index anew from the database and switch to it; searches meanwhile
    read the previous one. Returns the number of published interviews indexed.

    Queued tasks committed before the rebuild began are done by it and removed; later ones
    stay queued (applying them again is harmless).
    """
    covered = queue.pending_rows(using)

    def published() -> list[int]:
        return list(Interview.objects.published().order_by("pk").values_list("pk", flat=True))

    indexed = backend(using).rebuild(
        published, lambda ids: documents.documents_for(ids, using), batch_size, progress
    )
    queue.forget(covered, using)
    return indexed


def schedule(interview_ids: Iterable[int], db_alias: str = "default") -> None:
    """Queue these interviews for re-indexing in the current transaction (archive.search.queue).

    The index is updated after the commit: at once in this process, or by the index worker.
    """
    queue.enqueue(interview_ids, db_alias)


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
