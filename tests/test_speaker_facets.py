"""Search facets by who asked a question and who answered it, per passage: a press conference
has many askers and one or several answerers, which the interview's own facets cannot tell."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from archive.importing import import_file
from archive.models import Answer, Question
from archive.search import service
from archive.search.speakers import answerer_value, asker_value, is_value, label_of

from .factories import (
    AnswerFactory,
    InterviewFactory,
    OrganizationFactory,
    PersonFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

PRESS = Path(__file__).parent / "data" / "real" / "press_conference"


def facet(outcome, name):
    return {(f.label_zh, f.label_en): f.count for f in outcome.facets[name]}


def press_conference(committed, n=""):
    """Reporters of two outlets ask; the spokesman answers one, an official the other."""
    spokesman = PersonFactory(name_zh=f"汪文斌{n}", name_en="Wang Wenbin")
    reuters = OrganizationFactory(name_zh=f"路透社{n}", name_en="Reuters")
    with committed():
        interview = InterviewFactory(title_zh="例行记者会")
        q1 = QuestionFactory(
            interview=interview,
            number=1,
            text_zh="关于气候合作有何评论？",
            text_en="Any comment on climate cooperation?",
            asker_zh="路透社记者",
            asker_en="Reuters",
            asker_organization=reuters,
        )
        AnswerFactory(
            question=q1,
            position=1,
            text_zh="气候合作是共同的责任。",
            text_en="Climate cooperation is a shared responsibility.",
            speaker_zh="汪文斌",
            speaker_person=spokesman,
        )
        AnswerFactory(
            question=q1,
            position=2,
            text_zh="气候合作需要行动。",
            text_en="Climate cooperation needs action.",
            speaker_zh="汪文斌",
            speaker_person=spokesman,
        )
        q2 = QuestionFactory(
            interview=interview,
            number=2,
            text_zh="气候大会何时召开？",
            text_en="When does the climate conference open?",
            asker_zh="法新社记者",
            asker_en="AFP",
        )
        AnswerFactory(
            question=q2,
            position=1,
            text_zh="气候大会的安排将适时发布。",
            text_en="The climate conference schedule will be released in due course.",
            speaker_zh="生态环境部官员",
            speaker_en="Official of the Ministry of Ecology",
        )
    return interview, spokesman, reuters


class TestFacetValues:
    def test_a_linked_asker_is_named_by_the_organization_or_person(self, db):
        reuters = OrganizationFactory(name_zh="路透社")
        question = Question(asker_zh="路透社记者", asker_organization=reuters)
        assert asker_value(question) == f"o{reuters.pk}"
        person = PersonFactory()
        assert asker_value(Question(asker_zh="x", asker_person=person)) == f"p{person.pk}"

    def test_an_unlinked_label_is_kept_as_written_in_both_languages(self):
        value = asker_value(Question(asker_zh="法新社记者", asker_en="AFP"))
        assert value == "t:法新社记者|AFP"
        assert label_of(value) == ("法新社记者", "AFP")
        assert is_value(value)

    @pytest.mark.parametrize(
        "zh,en", [("问", "Q"), ("記者", "Reporter"), ("", ""), ("Ｑ", ""), ("追问", "Follow-up")]
    )
    def test_generic_labels_name_nobody(self, zh, en):
        assert asker_value(Question(asker_zh=zh, asker_en=en)) is None

    def test_an_unattributed_answer_was_given_by_the_only_interviewee(self, db):
        person = PersonFactory()
        assert answerer_value(Answer(speaker_zh="答", speaker_en="A"), [person]) == f"p{person.pk}"
        assert answerer_value(Answer(), [person]) == f"p{person.pk}"
        assert answerer_value(Answer(), [person, PersonFactory()]) is None

    def test_commas_and_bars_cannot_split_a_value(self):
        value = asker_value(Question(asker_zh="新华社，记者", asker_en="Xinhua, News|Agency"))
        assert "," not in value and value.count("|") == 1 and is_value(value)

    @pytest.mark.parametrize(
        "value", ["", "p", "p0", "q12", "t:no-separator", "t:a|b|c", "t:a,b|c", "p1" + "9" * 20]
    )
    def test_malformed_filter_values_are_refused(self, value):
        assert not is_value(value)


class TestSearchFacets:
    def test_passages_count_under_who_asked_and_who_answered(self, search_index, committed):
        _interview, _spokesman, _reuters = press_conference(committed)
        outcome = service.search(service.SearchRequest(q="气候"))
        # Answers, and questions (which count under their asker and all their answerers).
        assert facet(outcome, "asker") == {("路透社", "Reuters"): 3, ("法新社记者", "AFP"): 2}
        assert facet(outcome, "answerer") == {
            ("汪文斌", "Wang Wenbin"): 3,
            ("生态环境部官员", "Official of the Ministry of Ecology"): 2,
        }

    def test_a_speaker_filter_narrows_to_their_passages(self, search_index, committed, client):
        _interview, spokesman, reuters = press_conference(committed)
        asked = service.search(service.SearchRequest(q="气候", filters={"asker": f"o{reuters.pk}"}))
        assert asked.total == 3
        assert {hit.anchor for hit in asked.hits} == {"q1", "q1-a1", "q1-a2"}
        answered = service.search(
            service.SearchRequest.from_params(
                {"q": "气候", "answerer": "t:生态环境部官员|Official of the Ministry of Ecology"}
            )
        )
        assert {hit.anchor for hit in answered.hits} == {"q2", "q2-a1"}

        response = client.get(reverse("search"), {"q": "气候", "answerer": f"p{spokesman.pk}"})
        page = BeautifulSoup(response.content.decode(), "html.parser")
        chip = page.select_one(".selected-filters")
        assert "Answered by" in chip.text and "汪文斌" in chip.text
        headings = [h.text for h in page.select(".facet h2")]
        assert "Asked by" in headings and "Answered by" in headings

    def test_a_speaker_filter_matching_nothing_still_shows_and_can_be_removed(
        self, search_index, committed, client
    ):
        press_conference(committed)
        response = client.get(reverse("search"), {"q": "气候", "asker": "t:彭博社记者|Bloomberg"})
        page = BeautifulSoup(response.content.decode(), "html.parser")
        assert "0 passages match" in page.select_one(".result-count").text
        chip = page.select_one(".selected-filters a")
        assert "彭博社记者" in chip.text and "asker" not in chip["href"]

    def test_a_malformed_speaker_filter_is_ignored(self, search_index, committed, client):
        press_conference(committed)
        for value in ("t:a,b", "x" * 500, "p-1", "\x00"):
            response = client.get(reverse("search"), {"q": "气候", "asker": value})
            assert response.status_code == 200
            assert "5 passages match" in response.content.decode()

    def test_speaker_facets_keep_the_page_at_a_fixed_number_of_queries(
        self, search_index, committed, client, django_assert_max_num_queries
    ):
        press_conference(committed)
        # With the lookup of interviewees the query might name (archive.search.interviewees)
        # and the sentence links of the pairs on the page (concordance.leads).
        with django_assert_max_num_queries(8) as few:
            client.get(reverse("search"), {"q": "气候"})
        for n in range(3):
            press_conference(committed, n)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("search"), {"q": "气候"})

    def test_the_api_returns_speaker_facets(self, search_index, committed, client):
        _interview, spokesman, _reuters = press_conference(committed)
        data = client.get("/api/search/", {"q": "气候"}).json()
        answerers = {f["value"]: f["count"] for f in data["facets"]["answerer"]}
        assert answerers[f"p{spokesman.pk}"] == 3


def test_a_real_press_conference_is_faceted_by_its_reporters_and_spokesman(search_index, committed):
    with committed():
        result = import_file(PRESS / "mfa_2020-03-24_geng_shuang.txt", publish=True)
    assert result.interview is not None
    askers = Question.objects.filter(interview=result.interview).exclude(asker_zh="")
    outcome = service.search(service.SearchRequest(q="中方"))
    asked = {zh or en for zh, en in facet(outcome, "asker")}
    answered = {zh or en for zh, en in facet(outcome, "answerer")}
    assert asked and asked <= {q.asker_zh for q in askers} | {
        o.name_zh for q in askers if (o := q.asker_organization)
    }
    assert "耿爽" in answered


def test_counting_speakers_in_bulk_counts_each_value_of_each_matched_document():
    import random
    from collections import Counter

    import numpy as np

    from archive.search.speakers import SpeakerColumn, count

    rng = random.Random(8)
    combinations = [(), ("p1",), ("p2",), ("p1", "p3"), ("t:记者|Reporter",), ("p3", "p2")]
    column = SpeakerColumn(
        np.array([rng.randrange(len(combinations)) for _ in range(400)], dtype=np.int32),
        combinations,
    )
    for size in (0, 1, 50, 400):
        matched = np.array(sorted(rng.sample(range(400), size)), dtype=np.int64)
        by_hand = Counter(
            value for doc in matched.tolist() for value in combinations[column.codes[doc]]
        )
        assert count({"asker": column}, matched) == {"asker": dict(by_hand)}
