"""Rebuilding the index: a new version is built beside the live one and switched in at once.
A rebuild that dies midway leaves the old index serving; one that succeeds loses no change
saved meanwhile."""

import fcntl
import io
import multiprocessing
import os
import signal
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections as databases
from django.urls import reverse
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage

from archive.models import Answer
from archive.search import indexing, service
from archive.search.directory import BUILDING, REBUILD_LOCK
from archive.search.indexing import backend

from .factories import build_question

pytestmark = pytest.mark.django_db

FOUND = "绿色工业"  # three passages of the sample interview


def search(client, q=FOUND):
    return client.get(reverse("search"), {"q": q})


def test_a_rebuild_that_fails_midway_leaves_the_old_index_serving(
    indexed_sample, committed, client, monkeypatch
):
    with committed():
        build_question([("第二个访谈", "second")])
    live = backend().directory.live()
    versions = set(live.parent.glob("index-*"))

    def failing(ids, using="default"):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(indexing, "documents_for", failing)
    with pytest.raises(RuntimeError):
        call_command("rebuild_index", "--clear", "--batch-size=1", stdout=io.StringIO())
    assert backend().directory.live() == live
    assert set(live.parent.glob("index-*")) == versions  # the half-built one is gone
    assert "3 passages match" in search(client).content.decode()


def rebuild_slowly_in_a_child(started):
    """Rebuild one interview per batch; hang after the first, until killed."""
    real_documents_for = indexing.documents_for

    def slow(ids, using="default"):
        yield from real_documents_for(ids, using)
        started.set()
        time.sleep(60)

    indexing.documents_for = slow
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
    real_documents_for = indexing.documents_for
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

    monkeypatch.setattr(indexing, "documents_for", editing_after_the_first_batch)
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
