"""Interviews without a date (the date is optional): found by search, sorted last under
"newest first", counted under "date unknown", rebuilt like any other."""

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from archive.search import service

from .factories import build_question

pytestmark = pytest.mark.django_db


def hits_page(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def dated_and_undated(search_index, committed):
    """Two published interviews about 矿业 (mining): one dated 2020, one without a date."""
    with committed():
        dated = build_question(
            [("矿业投资", "mining investment")], interview__date=dt.date(2020, 5, 1)
        )
        undated = build_question([("矿业安全", "mining safety")], interview__date=None)
    return dated.interview, undated.interview


def test_publishing_an_undated_interview_leaves_search_working(dated_and_undated, client):
    page = hits_page(client, q="矿业")
    assert "2 passages match" in page.select_one(".result-count").text


def test_undated_interviews_come_last_when_sorted_newest_first(dated_and_undated, client):
    dated, undated = dated_and_undated
    outcome = service.search(service.SearchRequest(q="矿业", sort="date"))
    assert [hit.interview for hit in outcome.hits] == [dated, undated]
    page = hits_page(client, q="矿业", sort="date")
    assert len(page.select(".hit")) == 2


def test_undated_interviews_are_counted_under_date_unknown_and_can_be_chosen(
    dated_and_undated, client
):
    outcome = service.search(service.SearchRequest(q="矿业"))
    years = [(f.label_en, f.count) for f in outcome.facets["year"]]
    assert years == [("2020", 1), ("date unknown", 1)]

    page = hits_page(client, q="矿业")
    facet_links = [a.text for a in page.select(".facets a")]
    assert any("date unknown" in text for text in facet_links)
    unknown = next(f for f in outcome.facets["year"] if f.label_en == "date unknown")
    chosen = hits_page(client, q="矿业", year=unknown.value)
    assert "1 passage matches" in chosen.select_one(".result-count").text
    assert "mining safety" in chosen.select_one(".hits").text
    assert "date unknown" in chosen.select_one(".selected-filters").text


def test_rebuilding_the_index_with_undated_interviews_succeeds(dated_and_undated, client):
    call_command("rebuild_index", "--clear", "--noinput", stdout=io.StringIO())
    page = hits_page(client, q="矿业", sort="date")
    assert len(page.select(".hit")) == 2
