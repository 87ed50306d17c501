"""A rebuild's documents written by several processes, merged into one segment.

Reading the documents from the database, preparing them and analysing their text (word
segmentation, folding, stemming) is pure Python and takes most of a rebuild; one process uses
one core. So the published interviews are cut into consecutive parts, one per process, and
each part is written by a forked process with a writer of its own (Whoosh's SegmentWriter,
as its MpWriter's sub-writers do): it reads its interviews in batches through its own database
connection and leaves its postings as one sorted run beside its per-document files. The
parent then merges the runs, in the order of the parts, into a single segment (MpWriter's
merge: no second pass over the postings). The result is the index a single writer builds:
the same documents in the same order, the same terms, one segment.

Forked processes share no database connection: every connection is closed before the fork,
and each process opens and closes its own. A process whose parent dies stops at its next
batch. Small rebuilds, and rebuilds inside a transaction (which another connection could not
see) or on an in-memory database, stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
import traceback
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import connections as databases
from whoosh.multiproc import MpWriter, finish_subsegment
from whoosh.writing import SegmentWriter

MIN_PART = 40  # interviews: below this per process, forking costs more than it saves
POLL_SECONDS = 1.0  # how often the parent looks for a part that died without a word

ToDocument = Callable[[object, object], dict]  # (search index, object) → Whoosh fields
Documents = Callable[[set[int]], Iterable[tuple]]


class PartFailed(RuntimeError):
    """A process writing part of the index failed; its traceback is in the message."""


def processes() -> int:
    """How many processes a rebuild uses: DUIHUA_INDEX_PROCESSES, else one per core."""
    configured = getattr(settings, "SEARCH_INDEX_PROCESSES", None)
    if configured:
        return max(1, int(configured))
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def parts_for(ids: Sequence[int], wanted: int, batch_size: int) -> list[Sequence[int]]:
    """Consecutive parts of ids, at most `wanted`, each at least MIN_PART interviews long and
    a whole number of batches (so each batch reads what a single writer's would)."""
    count = min(wanted, len(ids) // MIN_PART)
    if count < 2:
        return [ids]
    batches = -(-len(ids) // batch_size)
    per_part = -(-batches // count) * batch_size
    return [ids[start : start + per_part] for start in range(0, len(ids), per_part)]


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
    mergetype,
) -> None:
    """Write each part in a forked process, then merge them into one segment of `index`
    (a new, empty index that no one else writes)."""
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
        runs = _collect(workers, messages, progress)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
    writer = PartsWriter(index, **writer_options)
    ordered = [runs[number] for number in range(len(parts))]
    writer.commit_parts([run for run in ordered if run is not None], mergetype)


def _collect(workers, messages, progress) -> dict[int, tuple]:
    """Each part's run, as its process reports it; progress as batches are written."""
    runs: dict[int, tuple] = {}
    while len(runs) < len(workers):
        try:
            kind, number, payload = messages.get(timeout=POLL_SECONDS)
        except queues.Empty:
            for number, worker in enumerate(workers):
                if number not in runs and not worker.is_alive():
                    raise PartFailed(
                        f"Part {number} of the index stopped (exit code {worker.exitcode})."
                    ) from None
            continue
        if kind == "batch":
            if progress:
                progress(payload)
        elif kind == "done":
            runs[number] = payload
        else:
            raise PartFailed(f"Part {number} of the index failed:\n{payload}")
    return runs


def _write_part(index, number, ids, documents, to_document, options, batch_size, parent, messages):
    """In a forked process: write these interviews' documents as one sorted run."""
    for alias in databases:  # copies of the parent's (closed) connections: never reuse one
        databases[alias].connection = None
    try:
        writer = SegmentWriter(index, _lk=False, **options)
        try:
            for start in range(0, len(ids), batch_size):
                if os.getppid() != parent:  # the rebuild was killed: its version is abandoned
                    writer.cancel()
                    os._exit(1)
                batch = ids[start : start + batch_size]
                for search_index, obj in documents(set(batch)):
                    writer.add_document(**to_document(search_index, obj))
                messages.put(("batch", number, len(batch)))
            if writer.docnum:
                messages.put(("done", number, finish_subsegment(writer)))
            else:  # its interviews were all unpublished or deleted meanwhile
                writer.cancel()
                messages.put(("done", number, None))
        except BaseException:
            writer.cancel()
            raise
    except BaseException:
        messages.put(("failed", number, traceback.format_exc()))
    finally:
        databases.close_all()
        messages.close()
        messages.join_thread()  # everything put is in the pipe before the process exits


class PartsWriter(MpWriter):
    """Whoosh's MpWriter, given the sub-writers' runs by write_parts instead of starting its
    own processes (which would fork with no say over database connections)."""

    def commit_parts(self, runs: list[tuple], mergetype) -> None:
        """Merge the runs (run file, field names, segment), in this order, into one new
        segment, and commit it: what MpWriter's commit does once its processes are done."""
        try:
            segments = self._merge_segments(mergetype, None, None)
            self._merge_subsegments(runs, mergetype)
            self._close_segment()
            self._assemble_segment()
            segments.append(self.get_segment())
            self._commit_toc(segments)
        except BaseException:
            self.cancel()
            raise
        self._finish()
