"""One search reads one state of the index: its generation is read once, not by every step."""

from unittest import mock

import pytest

from archive.search import service
from archive.search.indexing import backend

from .factories import AnswerFactory, InterviewFactory, QuestionFactory


def interview_saying(*texts: str) -> None:
    question = QuestionFactory(interview=InterviewFactory(), number=1)
    for position, text in enumerate(texts, start=1):
        AnswerFactory(question=question, position=position, text_en=text, text_zh="钢厂")


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.whoosh_only("counts how often Whoosh's folder is listed"),
]


def test_a_search_lists_the_index_folder_once_and_sees_the_next_change(search_index, committed):
    with committed():
        interview_saying("Steelworks and shipyards", "More steelworks")
    request = service.SearchRequest(q="steelworks")
    service.search(request)  # the searcher, columns and facet values are read once
    index_class = type(backend().index)
    with mock.patch.object(
        index_class, "latest_generation", autospec=True, side_effect=index_class.latest_generation
    ) as listed:
        outcome = service.search(request)
    assert outcome.total == 2 and outcome.facets["year"]
    assert listed.call_count == 1
    with committed():
        interview_saying("Steelworks again")
    assert service.search(request).total == 3  # the next search reads the new state


def test_the_search_page_reads_one_state_for_its_hits_and_their_leads(
    search_index, committed, client
):
    with committed():
        interview_saying(*[f"Steelworks number {n} were built" for n in range(1, 6)])
    client.get("/search/?q=steelworks")
    index_class = type(backend().index)
    with mock.patch.object(
        index_class, "latest_generation", autospec=True, side_effect=index_class.latest_generation
    ) as listed:
        response = client.get("/search/?q=steelworks&lang=en")
    assert response.status_code == 200 and "5 passages match" in response.content.decode()
    assert listed.call_count == 1
