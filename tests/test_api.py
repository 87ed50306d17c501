"""The read-only REST API under /api/: what a script sees of the published archive."""

import datetime as dt

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings
from rest_framework.throttling import AnonRateThrottle

from archive.models import Answer, Interview
from archive.wsgi import application

from .factories import (
    AnswerFactory,
    InterviewFactory,
    OrganizationFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
    build_interview,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Every test starts with a clean request count (the throttle keeps it in the cache)."""
    cache.clear()
    yield
    cache.clear()


def get(client, name, *args, status=200, **params):
    response = client.get(reverse(f"api:{name}", args=args), params)
    assert response.status_code == status, response.content[:500]
    return response.json() if status == 200 else response


def draft(**fields):
    """A draft interview with an interviewee, a topic, a source and one paragraph pair."""
    interview = InterviewFactory(status=Interview.Status.DRAFT, **fields)
    interview.interviewees.add(PersonFactory(slug="only-in-a-draft"))
    interview.topics.add(TopicFactory(slug="draft-topic"))
    AnswerFactory(question=QuestionFactory(interview=interview, number=1), text_zh="草稿秘密")
    return interview


class TestInterviews:
    def test_the_list_shows_published_interviews_newest_first_with_their_metadata(self, client):
        older = build_interview(1, 1, date=dt.date(2019, 1, 1))
        newer = build_interview(2, 1, date=dt.date(2021, 1, 1))
        data = get(client, "interview-list")
        assert data["count"] == 2
        assert [row["slug"] for row in data["results"]] == [newer.slug, older.slug]
        row = data["results"][0]
        assert row["title_zh"] == newer.title_zh and row["question_count"] == 2
        assert row["url"] == f"http://testserver/interviews/{newer.slug}/"
        assert row["interviewees"][0]["slug"] == newer.interviewees.get().slug
        assert row["source"]["name_en"] == newer.source.name_en

    def test_drafts_are_neither_listed_nor_found(self, client):
        hidden = draft()
        build_interview(1, 1)
        assert hidden.slug not in [r["slug"] for r in get(client, "interview-list")["results"]]
        get(client, "interview-detail", hidden.slug, status=404)

    def test_the_list_narrows_by_the_browse_pages_filters(self, client):
        person, topic = PersonFactory(slug="li-yong"), TopicFactory(slug="trade")
        source = OrganizationFactory(slug="unido")
        match = build_interview(1, 1, date=dt.date(2020, 5, 1), source=source)
        match.interviewees.add(person)
        match.topics.add(topic)
        build_interview(1, 1, date=dt.date(2021, 5, 1))
        for params in ({"person": "li-yong"}, {"year": "2020"}, {"topic": "trade"}, {}):
            params.setdefault("source", "unido")
            slugs = [r["slug"] for r in get(client, "interview-list", **params)["results"]]
            assert slugs == [match.slug], params

    def test_a_nonsense_year_is_ignored_rather_than_failing(self, client):
        build_interview(1, 1)
        assert get(client, "interview-list", year="twenty")["count"] == 1

    def test_an_interview_reads_with_its_questions_speakers_and_pairs(self, client):
        interview = build_interview(0, 0)
        speaker = PersonFactory(slug="wang-wenbin")
        question = QuestionFactory(
            interview=interview, number=2, asker_zh="路透社记者", asker_en="Reuters"
        )
        AnswerFactory(
            question=question,
            position=3,
            text_zh="中方的立场",
            text_en="China's position",
            speaker_zh="汪文斌",
            speaker_en="Wang Wenbin",
            speaker_person=speaker,
        )
        data = get(client, "interview-detail", interview.slug)
        [q] = data["questions"]
        assert q["number"] == 2 and q["asker"] == {
            "zh": "路透社记者",
            "en": "Reuters",
            "person": None,
            "organization": None,
        }
        [pair] = q["pairs"]
        assert (pair["text_zh"], pair["text_en"]) == ("中方的立场", "China's position")
        assert pair["anchor"] == "q2-a3" and pair["label"] == "2.3"
        assert pair["url"].endswith(f"/interviews/{interview.slug}/#q2-a3")
        expected = {"zh": "汪文斌", "en": "Wang Wenbin", "person": "wang-wenbin"}
        assert pair["speaker"] == expected and data["speakers"] == [expected]

    def test_the_sample_interview_reads_whole(self, client, sample_interview):
        data = get(client, "interview-detail", sample_interview.slug)
        assert data["title_zh"] == "联合国工发组织总干事接受人民日报专访"
        pairs = [pair for q in data["questions"] for pair in q["pairs"]]
        assert len(pairs) == Answer.objects.filter(question__interview=sample_interview).count()
        assert [q["anchor"] for q in data["questions"]][:2] == ["q1", "q2"]
        q2a4 = next(pair for pair in pairs if pair["anchor"] == "q2-a4")
        assert "绿色工业" in q2a4["text_zh"] and "green industries" in q2a4["text_en"]

    def test_links_do_not_depend_on_the_interface_language(self, client):
        interview = build_interview(1, 1)
        english = get(client, "interview-detail", interview.slug)
        client.cookies["django_language"] = "zh-hans"
        chinese = client.get(
            reverse("api:interview-detail", args=[interview.slug]), HTTP_ACCEPT_LANGUAGE="zh-hans"
        ).json()
        assert chinese == english


class TestPeopleOrganizationsTopics:
    def test_only_what_published_interviews_name_is_listed(self, client):
        draft()
        published = build_interview(1, 1)
        published.topics.add(TopicFactory(slug="health"))
        people = [p["slug"] for p in get(client, "person-list")["results"]]
        assert people == [published.interviewees.get().slug]
        assert [t["slug"] for t in get(client, "topic-list")["results"]] == ["health"]
        orgs = {o["slug"] for o in get(client, "organization-list")["results"]}
        assert orgs == {published.source.slug, published.outlet.slug}

    def test_what_only_a_draft_names_is_not_found(self, client):
        hidden = draft()
        get(client, "person-detail", "only-in-a-draft", status=404)
        get(client, "topic-detail", "draft-topic", status=404)
        get(client, "organization-detail", hidden.source.slug, status=404)

    def test_a_person_links_to_their_page_and_their_interviews(self, client):
        person = build_interview(1, 1).interviewees.get()
        data = get(client, "person-detail", person.slug)
        assert data["interview_count"] == 1
        assert data["url"] == f"http://testserver/people/{person.slug}/"
        assert data["interviews"] == f"http://testserver/api/interviews/?person={person.slug}"

    def test_counts_are_of_published_interviews_only(self, client):
        topic = TopicFactory(slug="trade")
        for status in ("published", "published", "draft"):
            InterviewFactory(status=status).topics.add(topic)
        assert get(client, "topic-detail", "trade")["interview_count"] == 2


class TestPassages:
    def test_a_passage_carries_its_interview_question_and_anchor(self, client):
        interview = build_interview(1, 2)
        answer = interview.questions.get().answers.get(position=2)
        data = get(client, "passage-detail", answer.pk)
        assert data["anchor"] == "q1-a2" and data["text_zh"] == answer.text_zh
        assert data["question"]["text_en"] == answer.question.text_en
        assert data["interview"]["slug"] == interview.slug
        assert data["url"] == f"http://testserver{interview.get_absolute_url()}#q1-a2"

    def test_passages_can_be_narrowed_to_one_interview_in_reading_order(self, client):
        interview = build_interview(2, 2)
        build_interview(1, 1)
        data = get(client, "passage-list", interview=interview.slug)
        assert [p["anchor"] for p in data["results"]] == ["q1-a1", "q1-a2", "q2-a1", "q2-a2"]

    def test_a_drafts_passages_are_neither_listed_nor_found(self, client):
        hidden = draft()
        answer = hidden.questions.get().answers.get()
        assert get(client, "passage-list")["count"] == 0
        assert get(client, "passage-list", interview=hidden.slug)["count"] == 0
        get(client, "passage-detail", answer.pk, status=404)


def index_interview(committed, texts, **fields):
    with committed():
        interview = InterviewFactory(**fields)
        question = QuestionFactory(interview=interview, number=1, text_zh="问题", text_en="Q")
        for position, (zh, en) in enumerate(texts, start=1):
            AnswerFactory(question=question, position=position, text_zh=zh, text_en=en)
    return interview


class TestSearch:
    def test_hits_carry_the_aligned_counterpart_and_highlight_offsets(self, client, indexed_sample):
        data = get(client, "search", q="绿色工业")
        hit = next(h for h in data["results"] if h["anchor"] == "q2-a4")
        assert hit["kind"] == "answer" and hit["interview"]["slug"] == indexed_sample.slug
        zh = hit["zh"]
        assert [zh["text"][start:end] for start, end in zh["highlights"]] == ["绿色工业"]
        assert "green industries" in hit["en"]["text"]  # the English partner, unmarked here
        assert "<mark>" not in str(data)
        assert hit["question"]["zh"]["text"].startswith("推动加快包容与可持续工业发展")

    def test_english_offsets_cover_the_inflected_words(self, client, indexed_sample):
        data = get(client, "search", q="green industries", lang="en")
        marked = {
            hit["en"]["text"][start:end]
            for hit in data["results"]
            for start, end in hit["en"]["highlights"]
        }
        assert {"green", "industries"} <= {word for text in marked for word in text.split()}

    def test_the_search_pages_parameters_are_understood(self, client, search_index, committed):
        old = index_interview(committed, [("能源转型", "energy")], date=dt.date(2018, 1, 1))
        new = index_interview(committed, [("能源安全", "energy")], date=dt.date(2022, 1, 1))
        by_date = get(client, "search", q="能源", sort="date")
        assert [h["interview"]["slug"] for h in by_date["results"]] == [new.slug, old.slug]
        assert {f["value"]: f["count"] for f in by_date["facets"]["year"]} == {
            "2022": 1,
            "2018": 1,
        }
        narrowed = get(client, "search", q="能源", year="2018")
        assert [h["interview"]["slug"] for h in narrowed["results"]] == [old.slug]
        assert get(client, "search", q="energy", lang="zh")["count"] == 0
        assert get(client, "search", q="能源", page=2)["results"] == []

    def test_a_query_that_cannot_run_says_why(self, client, search_index):
        data = get(client, "search", q="-绿色")
        assert data["count"] == 0 and data["results"] == []
        assert "match nearly everything" in data["error"]
        assert get(client, "search")["error"] == ""  # nothing asked, nothing wrong

    def test_a_draft_is_never_a_hit_even_while_the_index_lags(
        self, client, search_index, committed
    ):
        interview = index_interview(committed, [("秘密草稿内容", "secret draft")])
        assert get(client, "search", q="秘密")["count"] == 1
        Interview.objects.filter(pk=interview.pk).update(status="draft")  # no signal: stale index
        assert get(client, "search", q="秘密")["results"] == []


class TestPaginationAndCost:
    def test_lists_come_in_pages(self, client):
        for _ in range(3):
            build_interview(1, 1)
        first = get(client, "interview-list", page_size=2)
        assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
        assert len(get(client, "interview-list", page_size=2, page=2)["results"]) == 1
        get(client, "interview-list", page=9, status=404)

    @pytest.mark.parametrize(
        "name", ["interview-list", "person-list", "organization-list", "topic-list", "passage-list"]
    )
    def test_a_list_page_runs_the_same_queries_for_1_or_20_interviews(
        self, client, django_assert_max_num_queries, name
    ):
        def grow(n):
            for _ in range(n):
                interview = build_interview(2, 2)
                interview.topics.add(TopicFactory())

        grow(1)
        with django_assert_max_num_queries(5) as one:
            get(client, name)
        grow(19)
        with django_assert_max_num_queries(len(one.captured_queries)):
            assert len(get(client, name)["results"]) >= 20

    def test_an_interview_reads_in_the_same_queries_however_long(
        self, client, django_assert_max_num_queries
    ):
        short, long = build_interview(1, 1), build_interview(20, 5)
        with django_assert_max_num_queries(6) as few:
            get(client, "interview-detail", short.slug)
        with django_assert_max_num_queries(len(few.captured_queries)):
            get(client, "interview-detail", long.slug)


class TestProtocol:
    def test_the_api_is_read_only(self, client):
        interview = build_interview(1, 1)
        for method in (client.post, client.put, client.delete):
            response = method(reverse("api:interview-detail", args=[interview.slug]))
            assert response.status_code == 405

    def test_a_client_beyond_the_documented_rate_is_throttled(self, client, monkeypatch):
        monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
        for _ in range(3):
            get(client, "topic-list")
        response = get(client, "topic-list", status=429)
        assert int(response["Retry-After"]) > 0
        other = client.get(reverse("api:topic-list"), REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200  # counted per client address

    def test_the_schema_is_openapi_3_and_documents_the_rate(self, client):
        response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert "/api/search/" in schema["paths"] and "/api/interviews/{slug}/" in schema["paths"]
        assert "120/minute" in schema["info"]["description"]

    def test_the_docs_page_serves_swagger_ui_from_the_site_not_a_cdn(self, client):
        page = client.get(reverse("api:docs")).content.decode()
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
        assert "cdn" not in page.lower()


def own_schema() -> dict:
    """The OpenAPI document /api/schema/ serves, generated in-process."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(own_schema())


@pytest.fixture
def something_to_find(search_index, committed):
    """A small published interview, in the index, and a draft beside it."""
    draft()
    interview = index_interview(committed, [("绿色工业与合作", "green industry and cooperation")])
    interview.interviewees.add(PersonFactory())
    interview.topics.add(TopicFactory())
    return interview


@pytest.fixture
def wsgi_app(monkeypatch):
    """The site's WSGI application, on the test's database connection and without a throttle.

    A WSGI request closes the database connection when it finishes, which would end the test's
    transaction; Django's test client stops that in the same way.
    """
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/minute")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_makes_the_api_fail(case, something_to_find, wsgi_app):
    """Requests schemathesis makes up from the schema, sent to the app in-process (WSGI)."""
    response = case.call(app=wsgi_app, base_url="http://testserver")
    assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
