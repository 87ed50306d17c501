"""A rebuild's documents written by several processes, one segment each.

Reading the documents from the database, preparing them, analysing their text (word
segmentation, folding, stemming) and writing the postings is pure Python: one process uses
one core. So the published interviews are cut into consecutive parts of equal length, one per
process (one per core, at most merging.MAX_SEGMENTS), and each part is written by a forked
process into a segment of its own, as Whoosh's MpWriter does with `multisegment`; the parent
then commits the segments in the order of the parts. Merging them into one would cost a second
pass over every posting in a single process (half of the build's time), so the new index has
one segment per process: the same documents in the same order (parts are whole batches, read
as one writer reads them), the same terms and statistics, so the same hits and scores as one
writer's single segment.

Forked processes share no database connection: every connection is closed before the fork,
and each process opens and closes its own. A process whose parent dies stops at its next
batch. Small rebuilds, and rebuilds inside a transaction (which another connection could not
see) or on an in-memory database, stay in one process.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import queue as queues
import time
import traceback
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import connections as databases

from .flushing import SegmentFlushWriter
from .merging import MAX_SEGMENTS

logger = logging.getLogger(__name__)

MIN_PART = 40  # interviews: below this per process, forking costs more than it saves
POLL_SECONDS = 1.0  # how often the parent looks for a part that died without a word

ToDocument = Callable[[object, object], dict]  # (search index, object) → Whoosh fields
Documents = Callable[[set[int]], Iterable[tuple]]


class PartFailed(RuntimeError):
    """A process writing part of the index failed; its traceback is in the message."""


def processes() -> int:
    """How many processes a rebuild uses: DUIHUA_INDEX_PROCESSES, else one per core; never
    more than the segments an index keeps (each process writes one)."""
    configured = getattr(settings, "SEARCH_INDEX_PROCESSES", None)
    if configured:
        wanted = int(configured)
    else:
        try:
            wanted = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            wanted = os.cpu_count() or 1
    return max(1, min(wanted, MAX_SEGMENTS))


def parts_for(ids: Sequence[int], wanted: int, batch_size: int) -> list[Sequence[int]]:
    """ids cut into at most `wanted` consecutive parts, each at least MIN_PART interviews and
    a whole number of batches, as nearly equal as batches allow (a single part when there
    are too few). Each batch is then read and written as a single writer's would be."""
    batches = -(-len(ids) // batch_size)
    count = min(wanted, len(ids) // MIN_PART, batches)
    if count < 2:
        return [ids]
    edges = {round(len(ids) * number / count / batch_size) * batch_size for number in range(count)}
    bounds = sorted(edges | {len(ids)})
    return [ids[start:end] for start, end in itertools.pairwise(bounds) if end > start]


def can_fork() -> bool:
    """Whether forked processes would see what this one sees in the database."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    for connection in databases.all():
        if connection.in_atomic_block:
            return False
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return False
    return True


def write_parts(
    index,
    parts: list[Sequence[int]],
    documents: Documents,
    to_document: ToDocument,
    writer_options: dict,
    batch_size: int,
    progress: Callable[[int], None] | None,
) -> None:
    """Write each part in a forked process, then commit their segments, in order, as the
    contents of `index` (a new, empty index that no one else writes)."""
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    options = {key: value for key, value in writer_options.items() if key != "timeout"}
    databases.close_all()  # a connection must never be shared across the fork
    parent = os.getpid()
    workers = []
    for number, ids in enumerate(parts):
        args = (index, number, ids, documents, to_document, options, batch_size, parent, messages)
        worker = context.Process(target=_write_part, args=args, daemon=True)
        worker.start()
        workers.append(worker)
    try:
        segments = _collect(workers, messages, progress)
    except BaseException:
        for worker in workers:
            worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join()
    ordered = [segments[number] for number in range(len(parts))]
    writer = SegmentFlushWriter(index, **writer_options)
    writer.commit_segments([segment for segment in ordered if segment is not None])


def _collect(workers, messages, progress) -> dict[int, tuple]:
    """Each part's segment, as its process reports it; progress as batches are written."""
    segments: dict[int, object] = {}
    while len(segments) < len(workers):
        try:
            kind, number, payload = messages.get(timeout=POLL_SECONDS)
        except queues.Empty:
            for number, worker in enumerate(workers):
                if number not in segments and not worker.is_alive():
                    raise PartFailed(
                        f"Part {number} of the index stopped (exit code {worker.exitcode})."
                    ) from None
            continue
        if kind == "batch":
            if progress:
                progress(payload)
        elif kind == "done":
            segments[number] = payload
        else:
            raise PartFailed(f"Part {number} of the index failed:\n{payload}")
    return segments


def _write_part(index, number, ids, documents, to_document, options, batch_size, parent, messages):
    """In a forked process: write these interviews' documents as a segment of `index`."""
    for alias in databases:  # copies of the parent's (closed) connections: never reuse one
        databases[alias].connection = None
    try:
        writer = SegmentFlushWriter(index, _lk=False, **options)
        try:
            for start in range(0, len(ids), batch_size):
                if os.getppid() != parent:  # the rebuild was killed: its version is abandoned
                    writer.cancel()
                    os._exit(1)
                batch = ids[start : start + batch_size]
                for search_index, obj in documents(set(batch)):
                    writer.add_document(**to_document(search_index, obj))
                messages.put(("batch", number, len(batch)))
            segment = writer.finish_segment()
        except BaseException:
            writer.cancel()
            raise
        logger.info("part %d: %d interviews, %.1f s of CPU", number, len(ids), time.process_time())
        messages.put(("done", number, segment))
    except BaseException:
        messages.put(("failed", number, traceback.format_exc()))
    finally:
        databases.close_all()
        messages.close()
        messages.join_thread()  # everything put is in the pipe before the process exits
