"""Chinese in simplified or traditional characters on demand (?script=), without JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from archive.models import Answer

from .factories import AnswerFactory, InterviewFactory, QuestionFactory, build_interview

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def zh_sides(soup):
    return soup.select(".pair.passage .side.zh")


@pytest.fixture
def software(db):
    """A simplified interview whose wording differs in Taiwan and Hong Kong (软件, 鼠标)."""
    interview = InterviewFactory(title_zh="软件产业访谈", script="zh-Hans")
    question = QuestionFactory(interview=interview, number=1, text_zh="软件发展如何?")
    AnswerFactory(question=question, position=1, text_zh="软件和鼠标都发展很快。", text_en="x")
    return interview


@pytest.fixture
def traditional(db):
    interview = InterviewFactory(title_zh="綠色工業訪談", script="zh-Hant")
    question = QuestionFactory(interview=interview, number=1, text_zh="綠色工業的前景?")
    AnswerFactory(question=question, position=1, text_zh="推動綠色工業。", text_en="Green.")
    return interview


def test_a_simplified_interview_can_be_read_in_traditional_characters(client, sample_interview):
    soup = page(client, sample_interview.get_absolute_url(), script="hant")
    sides = zh_sides(soup)
    assert any("綠色工業" in side.text for side in sides)
    assert not any("绿色工业" in side.text for side in sides)
    assert {side["lang"] for side in sides} == {"zh-Hant"}
    assert soup.select_one(".title-zh")["lang"] == "zh-Hant"
    assert "聯合國" in soup.select_one(".title-zh").text


def test_without_a_choice_the_text_is_shown_as_stored(client, sample_interview):
    soup = page(client, sample_interview.get_absolute_url())
    sides = zh_sides(soup)
    assert any("绿色工业" in side.text for side in sides)
    assert {side["lang"] for side in sides} == {"zh-Hans"}


@pytest.mark.parametrize(
    "script,text,lang",
    [("tw", "軟體和滑鼠", "zh-Hant-TW"), ("hk", "軟件和鼠標", "zh-Hant-HK")],
)
def test_taiwan_and_hong_kong_get_their_own_wording(client, software, script, text, lang):
    soup = page(client, software.get_absolute_url(), script=script)
    side = zh_sides(soup)[0]
    assert text in side.text and side["lang"] == lang


def test_a_traditional_interview_can_be_read_in_simplified_characters(client, traditional):
    soup = page(client, traditional.get_absolute_url(), script="hans")
    side = zh_sides(soup)[0]
    assert "推动绿色工业" in side.text and side["lang"] == "zh-Hans"
    assert (
        page(client, traditional.get_absolute_url(), script="hant")
        .select_one(".pair.passage .side.zh")
        .text.strip()
        == "推動綠色工業。"
    )


def test_the_switch_is_a_set_of_links_that_go_there_and_back(client, sample_interview):
    url = sample_interview.get_absolute_url()
    soup = page(client, url)
    switch = soup.select_one("nav.script-switch")
    current = switch.select_one("[aria-current]")
    assert current.get("href") == "?"
    to_traditional = switch.find("a", string="繁體")
    assert to_traditional["href"] == "?script=hant" and to_traditional["lang"] == "zh-Hant"
    soup = page(client, url + to_traditional["href"])
    switch = soup.select_one("nav.script-switch")
    assert switch.select_one("[aria-current]").text == "繁體"
    back = switch.find("a", href="?")
    soup = page(client, url + back["href"])
    assert any("绿色工业" in side.text for side in zh_sides(soup))


def test_the_choice_is_kept_by_links_and_the_search_form(client, sample_interview):
    soup = page(client, sample_interview.get_absolute_url(), script="hant", ui="zh-hans")
    assert "script=hant" in soup.select_one(".breadcrumbs a")["href"]
    assert "script=hant" in soup.select_one(".site-nav a")["href"]
    assert soup.select_one('.header-search input[name="script"]')["value"] == "hant"
    reading_modes = [a["href"] for a in soup.select(".reading-mode a")]
    assert all("script=hant" in href for href in reading_modes)


def test_an_unknown_choice_shows_the_stored_text(client, sample_interview):
    soup = page(client, sample_interview.get_absolute_url(), script="klingon")
    assert {side["lang"] for side in zh_sides(soup)} == {"zh-Hans"}
    assert not soup.select('input[name="script"]')


def test_citations_and_exports_keep_the_stored_text(client, sample_interview):
    soup = page(client, sample_interview.get_absolute_url(), script="hant")
    assert soup.find("link", rel="canonical")["href"].endswith(sample_interview.get_absolute_url())
    for url in (
        reverse("interview_original", args=[sample_interview.slug]),
        reverse("interview_export", args=[sample_interview.slug, "txt"]),
    ):
        body = client.get(url, {"script": "hant"}).content.decode()
        assert "绿色工业" in body and "綠色工業" not in body, url
    assert any("绿色工业" in answer.text_zh for answer in Answer.objects.all())


def test_each_script_is_cached_under_its_own_etag_and_sets_no_cookie(client, sample_interview):
    url = sample_interview.get_absolute_url()
    stored, hant = client.get(url), client.get(url, {"script": "hant"})
    assert stored["ETag"] != hant["ETag"]
    assert not hant.cookies and "Cookie" not in hant.get("Vary", "")
    again = client.get(url, {"script": "hant"}, HTTP_IF_NONE_MATCH=hant["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("script", ["", "hant"])
def test_the_choice_adds_no_query_to_the_reading_page(client, django_assert_num_queries, script):
    interview = build_interview(questions=3, answers_per_question=4)
    with django_assert_num_queries(8):
        response = client.get(interview.get_absolute_url(), {"script": script} if script else {})
    assert response.status_code == 200


def test_search_hits_are_shown_in_the_chosen_script_with_the_match_marked(client, indexed_sample):
    soup = page(client, reverse("search"), q="绿色工业", script="hant")
    hit = soup.select_one(".hit")
    zh = hit.select(".side.zh")[-1]
    assert zh["lang"] == "zh-Hant"
    assert [m.text for m in zh.select("mark")] == ["綠色工業"]
    assert "script=hant" in hit.select_one(".hit-link a")["href"]
    assert soup.select_one('.search-form input[name="script"]')["value"] == "hant"
