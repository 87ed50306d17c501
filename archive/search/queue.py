"""The queue of index updates: written with the change, applied after the commit by one writer.

A change to an interview (or to anything its documents show) adds an IndexTask row in the same
transaction, so a rolled-back change leaves no task and a crash after the commit loses none.
`drain` applies due tasks in batches: the tasks of one interview are coalesced into one sync,
which reads the database under Whoosh's write lock, so whichever process applies a task writes
the state the database holds then. Only the rows read are deleted; a task committed meanwhile
stays for the next round. A failing interview's tasks stay too, with the error, and are retried
after a growing pause.

Who drains depends on SEARCH_INDEX_QUEUE: "inline" (the default: development, tests, `make run`)
drains in the process that committed, right after the commit, as before the queue existed;
"worker" leaves it to `manage.py index_worker`, so no web request or import waits for Whoosh.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from .. import generation
from ..concordance import store as sentence_alignment
from ..models import IndexTask
from . import documents

logger = logging.getLogger(__name__)

INLINE, WORKER = "inline", "worker"
BATCH_SIZE = 50  # interviews per index commit
RETRY_BASE_SECONDS = 5  # a failed task waits 5 s, 10 s, 20 s … up to RETRY_MAX_SECONDS
RETRY_MAX_SECONDS = 600


def mode() -> str:
    return getattr(settings, "SEARCH_INDEX_QUEUE", INLINE)


# Enqueueing ---------------------------------------------------------------------------------


class _Transaction:
    """What this connection's open transaction has enqueued, so each interview gets one row.

    Forgotten when the transaction commits (its `committed` callback runs) or rolls back (the
    callback disappears from the connection's list). A row is trusted only while the savepoint
    it was written in is still open; after a savepoint ends, another row is written (a
    duplicate costs nothing, the worker coalesces it). The callback is registered at every
    enqueue, so that any block that captures on-commit callbacks (tests) sees one; only the
    first to run does anything.
    """

    def __init__(self, using: str):
        self.using = using
        self.enqueued: dict[int, set] = {}
        self.open = True

    def committed(self) -> None:
        if self.open:
            self.open = False
            after_commit(self.using)

    def is_current(self, connection) -> bool:
        return self.open and any(
            func == self.committed for _s, func, _r in connection.run_on_commit
        )


def enqueue(interview_ids: Iterable[int], using: str = "default") -> None:
    """Add a task for each of these interviews to the current transaction (or commit it now)."""
    ids = {int(pk) for pk in interview_ids if pk is not None}
    if not ids:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        IndexTask.objects.using(using).bulk_create(IndexTask(interview_id=pk) for pk in ids)
        after_commit(using)
        return
    state = getattr(connection, "_index_queue", None)
    if state is None or not state.is_current(connection):
        state = connection._index_queue = _Transaction(using)
    connection.on_commit(state.committed)
    open_savepoints = set(connection.savepoint_ids)
    fresh = sorted(pk for pk in ids if not state.enqueued.get(pk, {object()}) <= open_savepoints)
    if fresh:
        IndexTask.objects.using(using).bulk_create(IndexTask(interview_id=pk) for pk in fresh)
        state.enqueued.update((pk, open_savepoints) for pk in fresh)


def after_commit(using: str = "default") -> None:
    """Inline: apply the queue now. Worker: nothing; the worker applies it and then bumps the
    archive generation, once for search and pages alike (every bump empties the page cache).

    Never raises: the change is committed, and what could not be done stays queued.
    """
    if mode() != INLINE:
        return
    try:
        drain(using)
    except Exception:
        logger.exception("The search index queue could not be applied now; it stays queued")


# Applying -----------------------------------------------------------------------------------


@dataclass
class Drained:
    applied: set[int] = field(default_factory=set)  # interviews brought in line
    failed: dict[int, str] = field(default_factory=dict)  # interview → error

    def __bool__(self) -> bool:
        return bool(self.applied or self.failed)


def drain(using: str = "default", batch_size: int = BATCH_SIZE) -> Drained:
    """Apply every task that is due and was committed before this call, batch by batch."""
    tasks = IndexTask.objects.using(using)
    ceiling = tasks.aggregate(top=Max("pk"))["top"]
    result = Drained()
    if ceiling is None:
        return result
    while True:
        due = _due(tasks.filter(pk__lte=ceiling), exclude=set(result.failed), size=batch_size)
        if not due:
            break
        _align_sentences(set(due))
        applied, failed = _apply(set(due), using)
        tasks.filter(pk__in=[pk for i in applied for pk in due[i]]).delete()
        for interview_id, error in failed.items():
            _postpone(tasks.filter(pk__in=due[interview_id]), error)
        result.applied |= applied
        result.failed |= failed
    if result:
        # After the index, so that a page of the new generation also finds the change.
        generation.bump(using)
    return result


def _due(tasks, exclude: set[int], size: int) -> dict[int, list[int]]:
    """Up to `size` interviews with due tasks, oldest first: interview → its task rows."""
    now = timezone.now()
    rows = (
        tasks.filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .exclude(interview_id__in=exclude)
        .order_by("pk")
        .values_list("pk", "interview_id")
    )
    due: dict[int, list[int]] = {}
    for pk, interview_id in rows.iterator(chunk_size=500):
        if interview_id not in due and len(due) == size:
            continue  # keep reading: later rows of the interviews taken are coalesced too
        due.setdefault(interview_id, []).append(pk)
    return due


def _align_sentences(ids: set[int]) -> None:
    """Derived from the texts like the index, so refreshed on the same path, first."""
    try:
        sentence_alignment.refresh(ids)
    except Exception:
        # The index update goes on; `manage.py align_sentences` repairs the alignment.
        logger.exception("Sentence alignment failed for interviews %s", sorted(ids))


def _apply(ids: set[int], using: str) -> tuple[set[int], dict[int, str]]:
    """Sync these interviews in one commit; if that fails, one by one to find the culprits."""
    try:
        documents.sync(ids, using)
        return ids, {}
    except Exception as exc:
        if len(ids) == 1:
            logger.exception("Search index update failed for interview %s", next(iter(ids)))
            return set(), {next(iter(ids)): f"{type(exc).__name__}: {exc}"}
    applied: set[int] = set()
    failed: dict[int, str] = {}
    for pk in sorted(ids):
        done, broken = _apply({pk}, using)
        applied |= done
        failed |= broken
    return applied, failed


def _postpone(rows, error: str) -> None:
    """Record the error and retry later, waiting twice as long after each failure."""
    attempts = (rows.aggregate(most=Max("attempts"))["most"] or 0) + 1
    pause = min(RETRY_BASE_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS)
    rows.update(
        attempts=F("attempts") + 1,
        last_error=error[:2000],
        not_before=timezone.now() + dt.timedelta(seconds=pause),
    )


# Reading the queue --------------------------------------------------------------------------


@dataclass(frozen=True)
class Depth:
    pending: int  # task rows not yet applied
    failing: int  # of those, rows that failed at least once
    oldest_seconds: float | None  # age of the oldest pending row

    def as_dict(self) -> dict:
        return {
            "pending": self.pending,
            "failing": self.failing,
            "oldest_seconds": self.oldest_seconds,
        }


def depth(using: str = "default") -> Depth:
    """How far the index is behind the database, in one query."""
    row = IndexTask.objects.using(using).aggregate(
        pending=Count("pk"),
        failing=Count("pk", filter=Q(attempts__gt=0)),
        oldest=Min("enqueued_at"),
    )
    oldest = row["oldest"]
    age = round((timezone.now() - oldest).total_seconds(), 1) if oldest else None
    return Depth(row["pending"], row["failing"], age)


def pending_rows(using: str = "default") -> list[int]:
    """The task rows committed so far (a rebuild that starts now covers them)."""
    return list(IndexTask.objects.using(using).values_list("pk", flat=True))


def forget(rows: list[int], using: str = "default") -> None:
    """Delete these task rows: a rebuild has re-read every interview since they were written."""
    for start in range(0, len(rows), 500):
        IndexTask.objects.using(using).filter(pk__in=rows[start : start + 500]).delete()
