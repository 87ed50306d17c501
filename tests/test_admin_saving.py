"""Saving an interview in the admin is quick, and its history says only what really changed."""

import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from archive.history import interview_versions
from tests.factories import build_interview
from tests.test_admin import admin_url, form_data, page

pytestmark = pytest.mark.django_db

QUESTIONS = 5


def as_the_browser_submits(data: dict) -> dict:
    """nested-admin's script numbers every inline's `order` fields from 0 on submit."""
    counters: dict[str, int] = {}
    for name in sorted(data, key=_form_index):
        prefix, _sep, field = name.rpartition("-")
        if field == "order":
            formset = prefix.rpartition("-")[0]
            data[name] = str(counters.get(formset, 0))
            counters[formset] = counters.get(formset, 0) + 1
    return data


def _form_index(name: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in name.split("-"))


def save_with_a_new_english_title(client, interview) -> list[str]:
    """POST the whole change form as a browser would, only the English title changed;
    returns the SQL it ran."""
    url = admin_url("change", interview.pk)
    data = as_the_browser_submits(form_data(client.get(url)))
    data["title_en"] = "A new English title"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    interview.refresh_from_db()
    assert interview.title_en == "A new English title"
    return [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def curator(client, make_staff):
    client.force_login(make_staff("Curators"))
    return client


def test_saving_twenty_five_pairs_takes_under_a_second_and_few_queries(
    curator, django_assert_max_num_queries
):
    interview = build_interview(QUESTIONS, 5)
    url = admin_url("change", interview.pk)
    data = as_the_browser_submits(form_data(curator.get(url)))
    data["title_en"] = "A new English title"
    started = time.perf_counter()
    with django_assert_max_num_queries(60):
        response = curator.post(url, data)
    assert response.status_code == 302
    assert time.perf_counter() - started < 1


def test_the_queries_of_a_save_do_not_grow_with_the_number_of_pairs(curator):
    few = save_with_a_new_english_title(curator, build_interview(QUESTIONS, 1))
    many = save_with_a_new_english_title(curator, build_interview(QUESTIONS, 5))
    assert len(many) == len(few)


def test_the_history_of_a_title_change_names_only_the_title(curator):
    interview = build_interview(QUESTIONS, 5)
    save_with_a_new_english_title(curator, interview)
    comment = interview_versions(interview.pk).first().revision.get_comment()
    assert comment == "Changed Title (English)."


def test_untouched_questions_and_pairs_are_not_written_again(curator):
    interview = build_interview(QUESTIONS, 5)
    before = list(interview.questions.order_by("number").values_list("pk", "number"))
    sql = save_with_a_new_english_title(curator, interview)
    written = [
        q
        for q in sql
        if re.match(r'(UPDATE|INSERT INTO|DELETE FROM) "archive_(question|answer)"', q)
    ]
    assert written == []
    assert list(interview.questions.order_by("number").values_list("pk", "number")) == before


def test_versions_in_the_history_show_seconds_and_the_comment(curator):
    interview = build_interview(QUESTIONS, 1)
    save_with_a_new_english_title(curator, interview)
    url = admin_url("change", interview.pk)
    data = as_the_browser_submits(form_data(curator.get(url)))
    data["title_zh"] = "新的中文标题"
    assert curator.post(url, data).status_code == 302

    rows = page(curator.get(admin_url("history", interview.pk))).select("#change-history tbody tr")

    shown = [row.find("th").get_text(strip=True) for row in rows]
    saved = [localtime(v.revision.date_created) for v in interview_versions(interview.pk)]
    assert len(shown) == len(saved) == 2
    assert [when.strftime("%H:%M:%S") in text for when, text in zip(saved, shown, strict=True)] == [
        True,
        True,
    ]
    assert [row.find_all("td")[1].get_text(strip=True) for row in rows] == [
        "Changed Title (Chinese).",
        "Changed Title (English).",
    ]
