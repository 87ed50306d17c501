"""Several processes writing at once, and rebuilding beside them: the index ends up exactly as
the database says."""

import io
import multiprocessing
import random
import time

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connections, transaction
from django.db.models import Max
from django.test import override_settings

from archive.models import Answer, IndexTask, Interview, Question
from archive.search import queue
from archive.search.indexing import backend

from .factories import AnswerFactory, InterviewFactory, PersonFactory, QuestionFactory
from .index_checks import assert_index_matches_database, expected_documents

WORKERS = 4
OPERATIONS = 12


def make_interview(rng: random.Random, tag: str) -> Interview:
    with transaction.atomic():
        interview = InterviewFactory(title_zh=f"并发访谈{tag}")
        interview.interviewees.add(PersonFactory())
        for number in range(1, rng.randint(2, 4)):
            question = QuestionFactory(interview=interview, number=number)
            for position in range(1, rng.randint(2, 5)):
                AnswerFactory(question=question, position=position)
    return interview


def change_something(rng: random.Random, tag: str) -> None:
    """One curator-like change in its own transaction."""
    action = rng.choice(
        [
            "edit",
            "edit",
            "add",
            "delete_answer",
            "delete_question",
            "toggle",
            "create",
            "delete_interview",
        ]
    )
    with transaction.atomic():
        answer = Answer.objects.order_by("?").select_related("question").first()
        if action == "create" or answer is None:
            make_interview(rng, tag)
        elif action == "edit":
            answer.text_zh += f"修改{tag}"
            answer.text_en += f" edited{tag}"
            answer.save()
        elif action == "add":
            last = answer.question.answers.aggregate(last=Max("position"))["last"] or 0
            AnswerFactory(question=answer.question, position=last + 1)
        elif action == "delete_answer":
            answer.delete()
        elif action == "delete_question":
            Question.objects.filter(pk=answer.question_id).delete()
        elif action == "toggle":
            interview = answer.question.interview
            published = interview.status == Interview.Status.PUBLISHED
            interview.status = Interview.Status.DRAFT if published else Interview.Status.PUBLISHED
            interview.save()
        else:
            Interview.objects.filter(pk=answer.question.interview_id).delete()


def worker(seed: int) -> None:
    rng = random.Random(seed)
    for i in range(OPERATIONS):
        for _ in range(5):  # two writers may collide on a row; the curator would retry
            try:
                change_something(rng, f"{seed}x{i}")
                break
            except (IntegrityError, OperationalError, ObjectDoesNotExist):  # deleted meanwhile
                continue
    connections.close_all()


def queueing_writer(seed: int) -> None:
    """A web worker when an index worker applies the updates: it only queues them."""
    with override_settings(SEARCH_INDEX_QUEUE=queue.WORKER):
        worker(seed)


def index_worker(seconds: float) -> None:
    """`manage.py index_worker`'s loop, for a while; two of them may run by mistake."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not queue.drain():
            time.sleep(0.05)
    connections.close_all()


def rebuilder(rounds: int) -> None:
    for _ in range(rounds):
        call_command("rebuild_index", "--batch-size=1", stdout=io.StringIO())
    connections.close_all()


def run_beside_each_other(*jobs) -> None:
    """Run each (function, argument) in its own process, all at once, and wait for them."""
    connections.close_all()  # children open their own connections
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=target, args=(arg,)) for target, arg in jobs]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [p.exitcode for p in processes] == [0] * len(processes)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_index_and_database_in_step(search_index):
    rng = random.Random(0)
    for n in range(6):
        make_interview(rng, f"setup{n}")
    assert backend().indexed_documents() == expected_documents()

    run_beside_each_other(*((worker, seed) for seed in range(WORKERS)))
    assert_index_matches_database()


@pytest.mark.django_db(transaction=True)
def test_rebuilds_beside_concurrent_writers_lose_none_of_their_changes(search_index):
    rng = random.Random(1)
    for n in range(6):
        make_interview(rng, f"setup{n}")

    run_beside_each_other((rebuilder, 2), *((worker, seed) for seed in range(WORKERS)))
    assert_index_matches_database()


@pytest.mark.django_db(transaction=True)
def test_index_workers_beside_queueing_writers_leave_index_and_database_in_step(search_index):
    rng = random.Random(2)
    for n in range(6):
        make_interview(rng, f"setup{n}")

    run_beside_each_other(
        (index_worker, 8), (index_worker, 8), *((queueing_writer, seed) for seed in range(WORKERS))
    )
    queue.drain()  # what was queued after the workers stopped

    assert not IndexTask.objects.exists()
    assert_index_matches_database()
