"""Quoted phrases ask for the exact forms of their words; unquoted words keep stemming."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from archive.search.analysis import ExactWordAnalyzer

from .test_search import anchors, interview_with

pytestmark = pytest.mark.django_db

PASSAGES = [
    ("我们推动绿色工业。", "We promote green industries."),
    ("工业正在转型。", "The green industrial transition is under way."),
    ("全球化带来了机遇。", "Globalization brought opportunities."),
    ("全球市场。", "A global market."),
    ("绿色的工业", "Green Industries, in capitals."),
    ("关于green industries的讨论", "A discussion in Chinese."),
]


@pytest.fixture
def phrases(search_index, committed):
    return interview_with(PASSAGES, committed=committed)


def marks(client, **params):
    response = client.get(reverse("search"), params)
    page = BeautifulSoup(response.content.decode(), "html.parser")
    # The query's marks in each hit, once: a hit led by one of its sentences repeats that
    # sentence's marks in the whole paragraph folded below it.
    found = []
    for hit in page.select(".hit"):
        where = ".hit-question mark, details mark" if hit.details else "mark:not(.equiv)"
        found += [m.text for m in hit.select(where)]
    return found


def test_a_quoted_phrase_finds_only_its_exact_word_forms(phrases):
    assert sorted(anchors('"green industries"')) == ["q1-a1", "q1-a5", "q1-a6"]


def test_unquoted_words_are_stemmed_and_find_other_forms(phrases):
    assert {"q1-a1", "q1-a2", "q1-a5"} <= set(anchors("green industries"))
    assert {"q1-a3", "q1-a4"} <= set(anchors("global"))


def test_a_quoted_single_word_does_not_find_its_derivations(phrases):
    assert anchors('"global"') == ["q1-a4"]


def test_a_quoted_phrase_marks_only_the_exact_forms(phrases, client):
    marked = marks(client, q='"green industries"', lang="en")
    assert "green industrial" not in marked
    assert sorted(marked) == ["Green Industries", "green industries"]


def test_unquoted_words_still_mark_every_form(phrases, client):
    marked = marks(client, q="green industries", lang="en")
    assert "industrial" in marked and "industries" in marked


def test_the_language_choice_applies_to_exact_phrases(phrases):
    assert anchors('"green industries"', language="zh") == ["q1-a6"]
    assert sorted(anchors('"green industries"', language="en")) == ["q1-a1", "q1-a5"]


def test_an_excluded_quoted_phrase_removes_only_its_exact_forms(phrases):
    assert sorted(anchors('green -"green industries"', language="en")) == ["q1-a2"]


@pytest.mark.parametrize("q", ['"绿色工业"', '"綠色工業"'])
def test_a_quoted_chinese_phrase_matches_its_characters_in_either_script(phrases, q):
    assert anchors(q) == ["q1-a1"]  # not 绿色的工业


def test_the_exact_field_holds_latin_words_unstemmed_and_chinese_breaks_adjacency():
    tokens = [(t.text, t.pos) for t in ExactWordAnalyzer()("Green 工业 Industries", positions=True)]
    assert tokens == [("green", 0), ("industries", 2)]


def test_the_search_help_explains_exact_phrases_in_both_languages(client):
    help_text = client.get(reverse("search")).content.decode()
    assert "&quot;green industries&quot;" in help_text or '"green industries"' in help_text
    assert '"绿色工业"' in help_text or "&quot;绿色工业&quot;" in help_text


def test_the_chinese_search_help_explains_exact_phrases_too(client):
    help_text = client.get(reverse("search"), {"ui": "zh-hans"}).content.decode()
    assert "加引号的短语只找完全相同" in help_text


def test_a_lone_minus_between_words_excludes_nothing(phrases):
    assert "q1-a1" in anchors("green - industries", language="en")
