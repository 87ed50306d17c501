"""A broken index heals: damaged or incompatible, search answers 503 with an explanation, the
health check reports it, and `rebuild_index --clear` brings search back. A rebuild that dies
midway leaves the old index serving; one that succeeds loses no change saved meanwhile."""

import fcntl
import io
import json
import logging
import multiprocessing
import os
import signal
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.db import connections as databases
from django.urls import reverse
from haystack import connections
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from archive.models import Answer
from archive.search import backend as backend_module
from archive.search import documents, service
from archive.search.analysis import SpanText
from archive.search.directory import BUILDING, REBUILD_LOCK
from archive.search.indexing import backend

from .factories import build_question
from .index_checks import whoosh_text_fields

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.whoosh_only("damages and repairs Whoosh's index versions, files and locks"),
]

FOUND = "绿色工业"  # three passages of the sample interview


def live_files(pattern: str) -> list:
    files = sorted(backend().directory.live().glob(pattern))
    assert files, pattern
    return files


def segment_files() -> list:
    """Every file of the live version's segments (written as separate files, not .seg)."""
    return [path for path in live_files("MAIN_*") if path.name != "MAIN_WRITELOCK"]


def truncate_segments():
    for path in segment_files():
        os.truncate(path, path.stat().st_size // 3)


def garble_segments():
    for path in segment_files():
        data = bytearray(path.read_bytes())
        middle = len(data) // 4
        data[middle:] = bytes((i * 7919) % 256 for i in range(len(data) - middle))
        path.write_bytes(bytes(data))


def delete_toc():
    for path in live_files("_MAIN_*.toc"):
        path.unlink()


def replace_with_an_index_of_other_fields():
    """What an older version of the code left: its date was a DATETIME column."""
    storage = FileStorage(str(backend().directory.live()))
    writer = storage.create_index(Schema(id=ID(stored=True), date=DATETIME(sortable=True))).writer()
    writer.add_document(id="archive.answer.1")
    writer.commit()


DAMAGE = [truncate_segments, garble_segments, delete_toc, replace_with_an_index_of_other_fields]


def restart_search():
    """What a new server process sees: nothing open, nothing cached."""
    backend()._drop_searcher()
    backend_module._column_cache.clear()
    backend_module._facet_cache.clear()
    connections.reload("default")


def search(client, q=FOUND):
    return client.get(reverse("search"), {"q": q})


def health(client):
    response = client.get(reverse("healthz"))
    return response.status_code, json.loads(response.content)


def test_a_healthy_archive_reports_its_database_index_and_documents(indexed_sample, client):
    status, report = health(client)
    assert status == 200
    assert report["database"] == report["index"] == "ok"
    assert report["documents"] > 0
    assert report["queue"] == {"pending": 0, "failing": 0, "oldest_seconds": None}


def test_the_health_check_reports_an_unreachable_database(indexed_sample, client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("archive.health.connection", Unreachable())
    status, report = health(client)
    assert (status, report["database"], report["index"]) == (503, "error", "ok")


def test_an_index_written_with_whoosh_text_fields_opens_and_answers_as_before(
    indexed_sample, client, committed
):
    """An index built before its text fields were SpanText (the same postings, written
    faster) is searched as it was, and what is written to it now is written the new way."""
    restart_search()
    before = search(client).content.decode()
    storage = FileStorage(str(backend().directory.live()))
    toc = storage.open_index()._read_toc()
    toc.schema = whoosh_text_fields(toc.schema)
    storage.delete_file(TOC._filename("MAIN", toc.generation))
    toc.write(storage, "MAIN")  # the same generation, its schema as Whoosh's TEXT pickled it
    assert type(storage.open_index().schema["text"]) is TEXT
    restart_search()

    assert search(client).content.decode() == before
    assert "3 passages match" in before
    with committed():
        question = build_question([("新增的段落", "A paragraph added later")])
    assert isinstance(backend().index.schema["text"], SpanText)
    assert question.interview.pk in backend().indexed_interviews()
    assert "1 passage matches" in search(client, "新增的段落").content.decode()


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda damage: damage.__name__)
def test_a_damaged_index_answers_503_until_rebuilt(indexed_sample, client, damage):
    restart_search()
    damage()
    restart_search()

    response = search(client)
    assert response.status_code == 503
    assert "Search is unavailable" in response.content.decode()
    assert response["Retry-After"]
    status, report = health(client)
    assert (status, report["index"], report["database"]) == (503, "error", "ok")

    call_command("rebuild_index", "--clear", "--noinput", stdout=io.StringIO())
    assert search(client).status_code == 200
    assert "3 passages match" in search(client).content.decode()
    assert health(client)[0] == 200


# Every address that reads the index, with what it is asked.
INDEX_READERS = [
    ("search", {"q": FOUND}, None),
    ("search_export", {"q": FOUND}, {"extension": "csv"}),
    ("concordance", {"q": "绿色"}, None),
    ("concordance_export", {"q": "绿色"}, {"extension": "csv"}),
    ("api:search", {"q": FOUND}, None),
]


@pytest.mark.parametrize("name, params, kwargs", INDEX_READERS, ids=[r[0] for r in INDEX_READERS])
def test_every_page_and_download_that_reads_a_damaged_index_answers_503(
    indexed_sample, client, name, params, kwargs
):
    restart_search()
    truncate_segments()
    restart_search()
    client.raise_request_exception = False  # a 500 is then an answer, not an exception

    response = client.get(reverse(name, kwargs=kwargs), params)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Content-Security-Policy" in response  # answered inside the other middleware
    if name.startswith("api:"):
        assert "index cannot be read" in response.json()["detail"]
    else:
        assert "Search is unavailable" in response.content.decode()
        assert "Browse all interviews" in response.content.decode()
    restart_search()
    call_command("rebuild_index", "--clear", "--noinput", stdout=io.StringIO())
    assert client.get(reverse(name, kwargs=kwargs), params).status_code == 200


def test_the_error_is_logged_once_not_on_every_search(indexed_sample, client, caplog):
    restart_search()
    truncate_segments()
    restart_search()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert search(client).status_code == 503
        assert health(client)[0] == 503
    assert len(caplog.records) == 1, [r.getMessage() for r in caplog.records]
    assert "rebuild_index --clear" in caplog.records[0].getMessage()
    assert caplog.records[0].exc_info  # with the traceback of what failed


def test_a_rebuild_that_fails_midway_leaves_the_old_index_serving(
    indexed_sample, committed, client, monkeypatch
):
    with committed():
        build_question([("第二个访谈", "second")])
    live = backend().directory.live()
    versions = set(live.parent.glob("index-*"))

    def failing(ids, using="default"):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(documents, "documents_for", failing)
    with pytest.raises(RuntimeError):
        call_command("rebuild_index", "--clear", "--batch-size=1", stdout=io.StringIO())
    assert backend().directory.live() == live
    assert set(live.parent.glob("index-*")) == versions  # the half-built one is gone
    assert "3 passages match" in search(client).content.decode()


def rebuild_slowly_in_a_child(started):
    """Rebuild one interview per batch; hang after the first, until killed."""
    real_documents_for = documents.documents_for

    def slow(ids, using="default"):
        yield from real_documents_for(ids, using)
        started.set()
        time.sleep(60)

    documents.documents_for = slow
    call_command("rebuild_index", "--batch-size=1", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_killed_midway_leaves_the_old_index_serving_and_the_next_one_succeeds(
    search_index, client
):
    build_question([("绿色工业在前", "first")])
    build_question([("绿色工业在后", "second")])
    live = backend().directory.live()

    databases.close_all()  # the child opens its own connection
    context = multiprocessing.get_context("fork")
    started = context.Event()
    child = context.Process(target=rebuild_slowly_in_a_child, args=(started,))
    child.start()
    assert started.wait(timeout=60)
    os.kill(child.pid, signal.SIGKILL)
    child.join()

    assert backend().directory.live() == live
    assert (live.parent / BUILDING).exists()  # what the killed rebuild left behind
    assert "2 passages match" in search(client).content.decode()

    call_command("rebuild_index", "--clear", stdout=io.StringIO())
    assert not (live.parent / BUILDING).exists()
    assert "2 passages match" in search(client).content.decode()
    assert len(list(live.parent.glob("index-*"))) == 2  # the new one and the one before


def test_a_change_saved_during_a_rebuild_is_in_the_new_index(
    indexed_sample, committed, monkeypatch
):
    build_question([("第二个访谈", "second")])
    real_documents_for = documents.documents_for
    edited = []

    def editing_after_the_first_batch(ids, using="default"):
        yield from real_documents_for(ids, using)
        if not edited:  # the sample is in the new index by now; a curator edits it
            edited.append(True)
            answer = Answer.objects.get(
                question__interview=indexed_sample, question__number=6, position=4
            )
            with committed():
                answer.text_zh = "丝绸之路"
                answer.save()

    monkeypatch.setattr(documents, "documents_for", editing_after_the_first_batch)
    call_command("rebuild_index", "--batch-size=1", stdout=io.StringIO())
    found = service.search(service.SearchRequest(q="丝绸之路")).hits
    assert [hit.url.split("#")[1] for hit in found] == ["q6-a4"]


def test_an_index_in_the_single_directory_layout_is_replaced_at_the_first_rebuild(
    indexed_sample, client
):
    root = backend().directory.root
    FileStorage(str(root)).create_index(Schema(id=ID(stored=True)))
    assert list(root.glob("_MAIN_*.toc"))
    call_command("rebuild_index", stdout=io.StringIO())
    assert list(root.glob("_MAIN_*.toc")) == []
    assert "3 passages match" in search(client).content.decode()


def test_a_second_rebuild_at_the_same_time_says_so_and_changes_nothing(indexed_sample):
    directory = backend().directory
    live = directory.live()
    with open(directory.root / REBUILD_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a rebuild in another process holds it
        with pytest.raises(CommandError, match="Another rebuild"):
            call_command("rebuild_index", stdout=io.StringIO())
    assert directory.live() == live
