"""Index updates are queued with the change and applied after the commit by one writer."""

import datetime as dt
import io
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from archive.models import Answer, IndexTask
from archive.search import documents, indexing, queue, service

from .factories import build_question
from .index_checks import assert_index_matches_database

pytestmark = pytest.mark.django_db


def found(q: str) -> list[str]:
    return [hit.url.split("#")[1] for hit in service.search(service.SearchRequest(q=q)).hits]


def first_pair(interview) -> Answer:
    return Answer.objects.get(question__interview=interview, question__number=6, position=4)


@pytest.fixture
def worker_mode(settings):
    """Changes are only queued; the test drains the queue as the index worker would."""
    settings.SEARCH_INDEX_QUEUE = queue.WORKER


def test_a_change_queues_its_interview_in_its_own_transaction(indexed_sample):
    pair = first_pair(indexed_sample)
    with transaction.atomic():
        pair.text_zh = "丝绸之路"
        pair.save()
        assert list(IndexTask.objects.values_list("interview_id", flat=True)) == [indexed_sample.pk]


def test_a_rolled_back_change_leaves_no_task(indexed_sample):
    pair = first_pair(indexed_sample)
    with pytest.raises(RuntimeError), transaction.atomic():
        pair.text_zh = "丝绸之路"
        pair.save()
        raise RuntimeError("the curator's save fails")
    assert not IndexTask.objects.exists()


def test_many_changes_in_one_transaction_queue_one_task(indexed_sample):
    with transaction.atomic():
        for n, pair in enumerate(Answer.objects.filter(question__interview=indexed_sample)):
            pair.text_en = f"Edited {n}"
            pair.save()
    assert IndexTask.objects.filter(interview_id=indexed_sample.pk).count() == 1


def test_a_task_written_in_a_rolled_back_savepoint_is_written_again(indexed_sample):
    pair = first_pair(indexed_sample)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            pair.save()
            raise RuntimeError("inner block fails")
        pair.text_zh = "丝绸之路"
        pair.save()
        assert IndexTask.objects.filter(interview_id=indexed_sample.pk).count() == 1


def test_inline_the_index_is_updated_right_after_the_commit(indexed_sample, committed):
    with committed():
        pair = first_pair(indexed_sample)
        pair.text_zh = "丝绸之路"
        pair.save()
    assert found("丝绸之路") == ["q6-a4"]
    assert not IndexTask.objects.exists()


def test_the_worker_applies_queued_changes_once_per_interview(
    indexed_sample, committed, worker_mode, monkeypatch
):
    pair = first_pair(indexed_sample)
    for text in ("丝绸", "丝绸之", "丝绸之路"):  # three saves, three transactions
        with committed():
            pair.text_zh = text
            pair.save()
    assert IndexTask.objects.filter(interview_id=indexed_sample.pk).count() == 3
    assert found("丝绸之路") == []  # nothing waited for the index

    synced = []
    real_sync = documents.sync
    monkeypatch.setattr(
        documents,
        "sync",
        lambda ids, using="default": (synced.append(set(ids)), real_sync(ids, using)),
    )
    drained = queue.drain()

    assert synced == [{indexed_sample.pk}]
    assert drained.applied == {indexed_sample.pk}
    assert found("丝绸之路") == ["q6-a4"]
    assert not IndexTask.objects.exists()
    assert_index_matches_database()


def test_a_failing_update_is_kept_with_its_error_and_retried_later(
    indexed_sample, committed, worker_mode, monkeypatch, client
):
    other = build_question([("第二个访谈", "second")]).interview
    with committed():
        first_pair(indexed_sample).save()
        other.save()
    real_documents_for = documents.documents_for

    def broken_for_the_sample(ids, using="default"):
        if indexed_sample.pk in ids:
            raise OSError("disk full")
        return real_documents_for(ids, using)

    monkeypatch.setattr(documents, "documents_for", broken_for_the_sample)
    drained = queue.drain()

    assert drained.applied == {other.pk}  # one broken interview does not hold up the rest
    assert drained.failed == {indexed_sample.pk: "OSError: disk full"}
    task = IndexTask.objects.get()
    assert (task.interview_id, task.attempts, task.last_error) == (
        indexed_sample.pk,
        1,
        "OSError: disk full",
    )
    assert task.not_before > timezone.now()
    report = json.loads(client.get(reverse("healthz")).content)
    assert report["queue"]["pending"] == report["queue"]["failing"] == 1

    monkeypatch.setattr(documents, "documents_for", real_documents_for)
    assert not queue.drain()  # not before its pause is over
    IndexTask.objects.update(not_before=timezone.now() - dt.timedelta(seconds=1))
    assert queue.drain().applied == {indexed_sample.pk}
    assert not IndexTask.objects.exists()
    assert_index_matches_database()


def test_each_failure_doubles_the_pause_before_the_next_attempt(indexed_sample, worker_mode):
    IndexTask.objects.create(interview_id=indexed_sample.pk, attempts=3)
    rows = IndexTask.objects.all()
    before = timezone.now()
    queue._postpone(rows, "OSError: disk full")
    task = rows.get()
    assert task.attempts == 4
    pause = (task.not_before - before).total_seconds()
    assert queue.RETRY_BASE_SECONDS * 8 <= pause < queue.RETRY_BASE_SECONDS * 8 + 5


def test_the_health_check_reports_the_queue_depth_and_the_oldest_age(
    indexed_sample, committed, worker_mode, client
):
    with committed():
        first_pair(indexed_sample).save()
    IndexTask.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=90))

    response = client.get(reverse("healthz"))

    report = json.loads(response.content)
    assert response.status_code == 200
    assert report["queue"]["pending"] == 1
    assert report["queue"]["failing"] == 0
    assert 90 <= report["queue"]["oldest_seconds"] < 120


def test_a_rebuild_does_the_queued_work_and_empties_the_queue(
    indexed_sample, committed, worker_mode
):
    with committed():
        pair = first_pair(indexed_sample)
        pair.text_zh = "丝绸之路"
        pair.save()

    call_command("rebuild_index", stdout=io.StringIO())

    assert found("丝绸之路") == ["q6-a4"]
    assert not IndexTask.objects.exists()
    assert_index_matches_database()


def test_the_index_worker_command_drains_the_queue(indexed_sample, committed, worker_mode):
    with committed():
        pair = first_pair(indexed_sample)
        pair.text_zh = "丝绸之路"
        pair.save()
    out = io.StringIO()

    call_command("index_worker", "--once", stdout=out)

    assert "Indexed 1 interviews" in out.getvalue()
    assert found("丝绸之路") == ["q6-a4"]
    assert not IndexTask.objects.exists()


def test_in_worker_mode_pages_change_generation_once_the_worker_has_applied_the_change(
    indexed_sample, committed, worker_mode
):
    from archive import generation

    before = generation.current().number
    with committed():
        first_pair(indexed_sample).save()
    assert generation.current().number == before  # cached pages stay until search has it
    queue.drain()
    assert generation.current().number == before + 1


def test_searches_answer_while_a_long_index_write_holds_the_lock(indexed_sample, monkeypatch):
    """Whoosh readers open the last committed segments and take no lock."""
    prepared = list(indexing.documents_for({indexed_sample.pk}))
    writing = threading.Event()

    def slow_documents(ids, using="default"):
        writing.set()
        time.sleep(3)  # the writer holds Whoosh's lock all along
        yield from prepared

    monkeypatch.setattr(documents, "documents_for", slow_documents)
    writer = threading.Thread(target=indexing.sync, args=({indexed_sample.pk},))
    writer.start()
    try:
        assert writing.wait(10)
        started = time.monotonic()
        hits = found("一带一路")
        waited = time.monotonic() - started
        assert writer.is_alive()  # the write was still going on while the search answered
    finally:
        writer.join()
    assert hits
    assert waited < 2


def test_an_index_that_cannot_be_updated_does_not_fail_the_committed_save(
    indexed_sample, committed, monkeypatch, caplog
):
    def unavailable(using="default", batch_size=queue.BATCH_SIZE):
        raise OperationalError("database is locked")

    monkeypatch.setattr(queue, "drain", unavailable)
    pair = first_pair(indexed_sample)
    with committed():
        pair.text_zh = "丝绸之路"
        pair.save()

    assert Answer.objects.get(pk=pair.pk).text_zh == "丝绸之路"
    assert IndexTask.objects.filter(interview_id=indexed_sample.pk).exists()
    assert "stays queued" in caplog.text
