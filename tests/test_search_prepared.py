"""Hits loaded from SQL compiled once per shape: the same objects as the querysets give."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import Answer, Interview, Question
from archive.search import prepared, service

from .factories import build_interview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    prepared.forget()
    yield
    prepared.forget()


@pytest.fixture
def interviews():
    dated = build_interview(2, 3, title_en="Dated")
    undated = build_interview(1, 2, title_en="Undated", date=None)
    draft = build_interview(1, 2, title_en="Draft", status=Interview.Status.DRAFT)
    return dated, undated, draft


def state(obj) -> dict:
    """What an object holds, loaded fields only, with what it holds of its related objects."""
    loaded = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in obj.get_deferred_fields()
    }
    related = {name: state(value) for name, value in obj._state.fields_cache.items() if value}
    return {"model": type(obj).__name__, "fields": loaded, "related": related}


def by_pk(objects) -> dict:
    return {obj.pk: state(obj) for obj in objects}


SHAPES = [
    (service._answers, Answer),
    (service._questions, Question),
    (service._interviews, Interview),
]


@pytest.mark.parametrize(
    "queryset_of, model", SHAPES, ids=lambda value: getattr(value, "__name__", "")
)
def test_a_prepared_load_gives_what_the_queryset_gives(interviews, queryset_of, model):
    everything = list(model.objects.order_by("pk").values_list("pk", flat=True))
    missing = max(everything) + 100
    for keys in (everything[:1], everything[:3], everything[::-1], [*everything[:2], missing]):
        for _ in range(2):  # compiled at the first load, reused at the second
            assert by_pk(prepared.load(queryset_of, keys)) == by_pk(queryset_of(keys))
    drafts = model.objects.exclude(pk__in=queryset_of(everything).values("pk"))
    assert drafts.exists()  # the draft's rows: never loaded
    assert not {obj.pk for obj in prepared.load(queryset_of, everything)} & {
        obj.pk for obj in drafts
    }


def test_dates_are_dates_and_unloaded_columns_stay_deferred(interviews):
    dated, _, _ = interviews
    answers = prepared.load(service._answers, list(Answer.objects.values_list("pk", flat=True)))
    dates = {answer.question.interview.date for answer in answers}
    assert dates == {dated.date, None}
    assert all(isinstance(date, dt.date) for date in dates if date)
    interview = answers[0].question.interview
    assert "intro_zh" in interview.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        assert interview.intro_zh == Interview.objects.get(pk=interview.pk).intro_zh
    assert len(queries) == 2  # the deferred column read on use, as Django does


def test_one_query_a_load_and_the_shape_compiled_once_per_number_of_keys(interviews):
    keys = list(Answer.objects.values_list("pk", flat=True))[:4]
    prepared.load(service._answers, keys)
    with CaptureQueriesContext(connection) as queries:
        prepared.load(service._answers, keys[::-1])
    assert len(queries) == 1
    shapes = prepared._kept.shapes
    assert shapes[service._answers, 4].using == "default"


def test_a_shape_whose_other_parameters_change_is_run_as_it_is_each_time(interviews):
    def published_by_now(pks):
        return Interview.objects.filter(pk__in=pks, published_at__lte=timezone.now())

    keys = list(Interview.objects.values_list("pk", flat=True))
    assert prepared._prepare(published_by_now, len(keys)) is None
    assert by_pk(prepared.load(published_by_now, keys)) == by_pk(published_by_now(keys))


def test_a_shape_that_uses_its_keys_twice_or_changed_is_not_prepared(interviews):
    def twice(pks):
        return Interview.objects.filter(Q(pk__in=pks) | Q(pk__in=pks, title_en="Dated"))

    def changed(pks):
        return Interview.objects.filter(pk__in=pks).exclude(pk__in=[pk + 1000 for pk in pks])

    keys = list(Interview.objects.values_list("pk", flat=True))
    for queryset_of in (twice, changed):
        assert prepared._prepare(queryset_of, len(keys)) is None
        assert by_pk(prepared.load(queryset_of, keys)) == by_pk(queryset_of(keys))


def test_many_keys_and_no_keys(interviews):
    keys = list(Answer.objects.values_list("pk", flat=True))
    many = keys + list(range(10**6, 10**6 + prepared.MAX_KEYS))
    assert by_pk(prepared.load(service._answers, many)) == by_pk(service._answers(many))
    assert prepared.load(service._answers, []) == []
    assert (service._answers, len(many)) not in prepared._kept.shapes
