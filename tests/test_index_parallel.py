"""A rebuild written by several processes (archive/search/parallel.py) is the index a single
writer builds: the same documents in the same order, the same terms, one segment."""

import io

import pytest
from django.core.management import call_command

from archive.search import documents, parallel
from archive.search.indexing import backend

from .factories import build_interview
from .index_checks import assert_index_matches_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(search_index, monkeypatch):
    """Seven small published interviews, committed, so forked processes can read them."""
    monkeypatch.setattr(parallel, "MIN_PART", 2)  # parts of two interviews or more
    return [build_interview(2, 3, title_en=f"Interview number {n}") for n in range(7)]


def snapshot() -> dict:
    """Everything a search reads, by document number: stored fields, the terms of each field
    with their postings, and the columns."""
    with backend().index.refresh().searcher() as searcher:
        reader = searcher.reader()
        terms = {
            (field, text): list(reader.postings(field, text).items_as("weight"))
            for field, text in reader.all_terms()
        }
        return {
            "segments": len(searcher.leaf_searchers()),
            "stored": list(searcher.all_stored_fields()),
            "terms": terms,
            "interview": list(reader.column_reader("interview")),
            "day": list(reader.column_reader("day")),
            "lengths": {
                field: [reader.doc_field_length(doc, field) for doc in range(reader.doc_count())]
                for field in ("text", "text_han", "exact_en")
            },
        }


def rebuild(processes: int, monkeypatch, batch_size: int = 2) -> dict:
    monkeypatch.setattr(parallel, "processes", lambda: processes)
    call_command("rebuild_index", f"--batch-size={batch_size}", stdout=io.StringIO())
    return snapshot()


def test_parts_are_consecutive_whole_batches():
    ids = list(range(1, 12))
    parallel.MIN_PART, saved = 2, parallel.MIN_PART
    try:
        assert parallel.parts_for(ids, 2, 2) == [ids[:6], ids[6:]]
        assert parallel.parts_for(ids, 3, 2) == [ids[:4], ids[4:8], ids[8:]]
        assert parallel.parts_for(ids, 1, 2) == [ids]
        assert parallel.parts_for(ids[:3], 2, 2) == [ids[:3]]  # too few for two parts
        assert parallel.parts_for([], 2, 2) == [[]]
    finally:
        parallel.MIN_PART = saved


def test_two_processes_build_the_index_one_writer_builds(archive, monkeypatch):
    written_by = set()
    real = documents.documents_for

    def noting_the_process(ids, using="default"):
        import os

        written_by.add(os.getpid())
        yield from real(ids, using)

    monkeypatch.setattr(documents, "documents_for", noting_the_process)
    single = rebuild(1, monkeypatch)
    assert len(written_by) == 1  # this process
    parallel_built = rebuild(2, monkeypatch)
    assert single["segments"] == parallel_built["segments"] == 1
    assert parallel_built == single
    assert_index_matches_database()


def test_progress_counts_every_interview(archive, monkeypatch):
    monkeypatch.setattr(parallel, "processes", lambda: 3)
    seen = []
    backend().rebuild(
        lambda: sorted(i.pk for i in archive),
        lambda ids: documents.documents_for(ids),
        batch_size=2,
        progress=seen.append,
    )
    assert sum(seen) == len(archive)
    assert_index_matches_database()


def test_a_part_that_fails_fails_the_rebuild_and_the_old_index_serves(archive, monkeypatch):
    before = rebuild(1, monkeypatch)
    live = backend().directory.live()
    last = max(i.pk for i in archive)
    real = documents.documents_for

    def failing_at_the_end(ids, using="default"):
        if last in ids:
            raise RuntimeError("the database went away")
        yield from real(ids, using)

    monkeypatch.setattr(documents, "documents_for", failing_at_the_end)
    with pytest.raises(parallel.PartFailed, match="the database went away"):
        rebuild(2, monkeypatch)
    assert backend().directory.live() == live
    assert snapshot() == before


def test_inside_a_transaction_the_rebuild_stays_in_one_process(archive, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(parallel, "write_parts", None)  # calling it would fail
    with transaction.atomic():
        assert not parallel.can_fork()
        rebuild(2, monkeypatch)
    assert_index_matches_database()
