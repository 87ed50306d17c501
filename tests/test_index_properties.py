"""Property-based: whatever the database allows, the index accepts and search answers.

Hypothesis generates interviews with any mix of missing and extreme metadata (no date, year 1
and 9999, an empty Chinese or English side, no people, outlet, source or topics, long texts,
odd Unicode), then publishes, edits, unpublishes and deletes them, merges the index's
segments and rebuilds it, all through the real index on disk. After every step, search
answers without error and the index holds exactly the documents the database calls for.
"""

import datetime as dt
import io
import operator

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.test import Client, TestCase
from django.urls import reverse
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from archive.models import Answer, Interview, Person, Question
from archive.search import service
from archive.search.indexing import backend

from .factories import (
    AnswerFactory,
    InterviewFactory,
    OrganizationFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
)
from .index_checks import assert_index_matches_database

pytestmark = pytest.mark.django_db

QUERIES = ["绿色", "工业", "green", "矿", "the 矿业"]

# Mostly words the queries find, and now and then any character a database can store
# (PostgreSQL refuses NUL; surrogates are not text).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
CHARACTERS = st.one_of(st.sampled_from(list("绿色工业矿綠 green the industry\n")), ANY_CHARACTER)
SHORT = st.text(CHARACTERS, max_size=40)
LONG = st.builds(operator.mul, SHORT.filter(str.strip), st.integers(100, 600))  # ≤ 24,000
SIDE = st.one_of(st.just(""), SHORT, LONG)
TITLE = st.text(CHARACTERS, max_size=300)
TITLES = st.tuples(TITLE, TITLE).filter(any)  # the database wants a title in one language
NAME = st.text(CHARACTERS, min_size=1, max_size=100)
DATES = st.one_of(st.none(), st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31)]), st.dates())
STATUS = st.sampled_from([Interview.Status.PUBLISHED] * 3 + [Interview.Status.DRAFT])
PAIR = st.tuples(SIDE, SIDE).filter(any)  # and a paragraph pair with text on one side
PAIRS = st.lists(PAIR, max_size=3)


class ArchiveInUse(RuleBasedStateMachine):
    """Curators and maintenance at work; each run starts from an empty archive and index."""

    interviews = Bundle("interviews")

    def __init__(self):
        super().__init__()
        # Each run's rows are rolled back at its teardown, as each test's are by pytest-django.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        backend().clear()
        self.client = Client()

    def teardown(self):
        self._atomic.__exit__(RuntimeError, RuntimeError("rolled back"), None)
        backend().clear()

    def committed(self):
        """Index updates run when the change is "committed", as after a real commit."""
        return TestCase.captureOnCommitCallbacks(execute=True)

    # What curators and imports do -------------------------------------------------------

    @rule(
        target=interviews,
        date=DATES,
        titles=TITLES,
        intro=st.tuples(SIDE, SIDE),
        people=st.lists(NAME, max_size=2),
        outlet=st.booleans(),
        source=st.booleans(),
        topics=st.integers(0, 2),
        questions=st.lists(st.tuples(st.tuples(SHORT, SHORT), PAIRS), max_size=3),
        status=STATUS,
    )
    def import_interview(
        self, date, titles, intro, people, outlet, source, topics, questions, status
    ):
        with self.committed():
            interview = InterviewFactory(
                date=date,
                title_zh=titles[0],
                title_en=titles[1],
                intro_zh=intro[0],
                intro_en=intro[1],
                outlet=OrganizationFactory() if outlet else None,
                source=OrganizationFactory() if source else None,
                status=status,
            )
            interview.interviewees.add(*(PersonFactory(name_zh=name) for name in people))
            interview.topics.add(*TopicFactory.create_batch(topics))
            for number, ((zh, en), pairs) in enumerate(questions, start=1):
                question = QuestionFactory(
                    interview=interview, number=number, text_zh=zh, text_en=en
                )
                for position, (answer_zh, answer_en) in enumerate(pairs, start=1):
                    AnswerFactory(
                        question=question, position=position, text_zh=answer_zh, text_en=answer_en
                    )
        return interview.pk

    @rule(pk=interviews, date=DATES, title=TITLE, drop_people=st.booleans())
    def edit_metadata(self, pk, date, title, drop_people):
        interview = Interview.objects.filter(pk=pk).first()
        if interview is None:
            return
        with self.committed():
            interview.date = date
            interview.title_en = title if title or interview.title_zh else interview.title_en
            interview.outlet = interview.source = None
            interview.save()
            if drop_people:
                interview.interviewees.clear()
                interview.topics.clear()

    @rule(pk=interviews, which=st.integers(0, 20), pair=PAIR)
    def edit_pair(self, pk, which, pair):
        zh, en = pair
        answers = list(Answer.objects.filter(question__interview=pk).order_by("pk"))
        with self.committed():
            if answers:
                answer = answers[which % len(answers)]
                answer.text_zh, answer.text_en = zh, en
                answer.save()
            elif Interview.objects.filter(pk=pk).exists():
                last = Question.objects.filter(interview=pk).aggregate(n=Max("number"))["n"]
                question = QuestionFactory(interview_id=pk, number=(last or 0) + 1)
                AnswerFactory(question=question, position=1, text_zh=zh, text_en=en)

    @rule(pk=interviews)
    def publish_or_unpublish(self, pk):
        interview = Interview.objects.filter(pk=pk).first()
        if interview is None:
            return
        with self.committed():
            published = interview.is_published
            interview.status = Interview.Status.DRAFT if published else Interview.Status.PUBLISHED
            interview.save()

    @rule(pk=interviews, question=st.booleans())
    def delete_part(self, pk, question):
        model = Question if question else Answer
        lookup = "interview" if question else "question__interview"
        doomed = model.objects.filter(**{lookup: pk}).order_by("pk").first()
        if doomed is not None:
            with self.committed():
                doomed.delete()

    @rule(pk=consumes(interviews))
    def delete_interview(self, pk):
        with self.committed():
            Interview.objects.filter(pk=pk).delete()

    @rule(name=NAME)
    def rename_someone(self, name):
        person = Person.objects.order_by("pk").first()
        if person is not None:
            with self.committed():
                person.name_zh = name
                person.save()

    # Maintenance ------------------------------------------------------------------------

    @rule()
    def merge_segments(self):
        backend().optimize()

    @rule()
    def rebuild(self):
        call_command("rebuild_index", "--clear", "--noinput", stdout=io.StringIO())

    # What must always hold --------------------------------------------------------------

    @invariant()
    def index_matches_database(self):
        assert_index_matches_database()

    @invariant()
    def search_answers_and_sorts_undated_last(self):
        for q in QUERIES:
            by_date = service.search(service.SearchRequest(q=q, sort="date"))
            days = [hit.interview.date or dt.date.min for hit in by_date.hits]
            undated = [hit.interview.date is None for hit in by_date.hits]
            assert days == sorted(days, reverse=True) and undated == sorted(undated)
            for year in by_date.facets["year"]:
                narrowed = service.search(service.SearchRequest(q=q, filters={"year": year.value}))
                assert narrowed.total == year.count

    @invariant()
    def search_page_shows_its_hits(self):
        response = self.client.get(reverse("search"), {"q": QUERIES[0], "sort": "date"})
        assert response.status_code == 200
        page = BeautifulSoup(response.content.decode(), "html.parser")
        total = service.search(service.SearchRequest(q=QUERIES[0])).total
        assert page.select_one(".result-count").text.split()[0] == str(total)
        assert len(page.select(".hit")) <= min(total, service.PER_PAGE)


def test_index_and_search_survive_any_sequence_of_curation_and_maintenance(search_index):
    run_state_machine_as_test(ArchiveInUse)  # example counts: the profile in conftest.py
