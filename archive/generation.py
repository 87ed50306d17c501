"""The archive's generation: one number that changes whenever what the public sees may change.

Every change to an interview, its questions and pairs, a person, an organisation or a topic is
re-indexed after its transaction commits (``archive.search.indexing``); the generation is
bumped right after that, so a page rendered under a new generation already sees the new index.
Pages' ETags and the page cache are keyed by it (``archive.caching``). It lives in the
database, so every web worker and every machine agrees on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from .models import ArchiveGeneration

EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Generation:
    number: int
    changed_at: dt.datetime


def current(using: str = "default") -> Generation:
    """The generation now in force (number 0 before the first change)."""
    row = (
        ArchiveGeneration.objects.using(using)
        .filter(pk=ArchiveGeneration.SINGLETON)
        .values_list("number", "changed_at")
        .first()
    )
    return Generation(*row) if row else Generation(0, EPOCH)


def bump(using: str = "default") -> None:
    """Start a new generation: cached pages and ETags of the previous one no longer match."""
    now = timezone.now()
    rows = ArchiveGeneration.objects.using(using).filter(pk=ArchiveGeneration.SINGLETON)
    if rows.update(number=F("number") + 1, changed_at=now):
        return
    # The row is made by the migration; a flushed database (tests) starts without it.
    _row, created = ArchiveGeneration.objects.using(using).get_or_create(
        pk=ArchiveGeneration.SINGLETON, defaults={"number": 1, "changed_at": now}
    )
    if not created:  # another process made it first
        rows.update(number=F("number") + 1, changed_at=now)
