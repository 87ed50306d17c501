"""Public pages a shared cache can keep: no cookie, no Vary on cookies, validators that change
when the archive changes, the interface language in the URL, and the page cache on Redis."""

import os
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import override_settings

from archive import curation
from archive.models import Interview
from tests.factories import InterviewFactory, build_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_pages(indexed_sample):
    person = indexed_sample.interviewees.get()
    return {
        "home": "/",
        "browse": "/interviews/",
        "reading": indexed_sample.get_absolute_url(),
        "reading, English only": indexed_sample.get_absolute_url() + "?show=en",
        "search": "/search/?q=" + quote("绿色工业"),
        "people": "/people/",
        "person": person.get_absolute_url(),
        "original text": f"/interviews/{indexed_sample.slug}/original.txt",
        "home in Chinese": "/?ui=zh-hans",
    }


def html(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_anonymous_pages_set_no_cookie_and_do_not_vary_on_cookies(client, public_pages):
    for name, path in public_pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert response.cookies == {}, name
        assert "Set-Cookie" not in response, name
        assert "Cookie" not in response.get("Vary", ""), name
        assert "Accept-Language" not in response.get("Vary", ""), name


def test_public_pages_may_be_kept_by_shared_caches_for_a_few_minutes(client, public_pages):
    for name, path in public_pages.items():
        response = client.get(path)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=120"}, name
        assert response["ETag"].startswith('W/"'), name
        assert response["Last-Modified"].endswith("GMT"), name


def test_an_unchanged_page_is_answered_304_without_a_body(client, public_pages):
    for name, path in public_pages.items():
        first = client.get(path)
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, name
        assert again.content == b"", name
        since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, name


def test_each_page_and_each_view_of_it_has_its_own_etag(client, public_pages):
    etags = {client.get(path)["ETag"] for path in public_pages.values()}
    assert len(etags) == len(public_pages)


def test_publishing_an_interview_changes_every_etag(client, public_pages, committed):
    before = {path: client.get(path)["ETag"] for path in public_pages.values()}
    draft = InterviewFactory(status=Interview.Status.DRAFT, title_en="A newly published one")
    with committed():
        curation.publish([draft])
    for path, etag in before.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, path
        assert response["ETag"] != etag, path
    assert "A newly published one" in client.get("/").content.decode()


def test_editing_an_interview_changes_its_etag_and_shows_the_edit(
    client, indexed_sample, committed
):
    url = indexed_sample.get_absolute_url()
    before = client.get(url)
    with committed():
        indexed_sample.title_en = "An edited English title"
        indexed_sample.save()
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "An edited English title" in after.content.decode()


def test_an_edit_is_seen_at_once_though_the_page_was_cached(client, indexed_sample, committed):
    url = indexed_sample.get_absolute_url()
    client.get(url)  # now in the page cache
    question = indexed_sample.questions.get(number=2)
    with committed():
        question.text_en = "A corrected second question?"
        question.save()
    assert "A corrected second question?" in client.get(url).content.decode()


def test_a_search_after_publishing_finds_the_new_interview(client, indexed_sample, committed):
    url = "/search/?q=" + quote("独一无二的词语")
    assert html(client.get(url)).select(".hit") == []
    with committed():
        draft = InterviewFactory(status=Interview.Status.DRAFT)
        build_question([("独一无二的词语", "a unique phrase")], interview=draft, number=1)
    with committed():
        curation.publish([draft])
    assert len(html(client.get(url)).select(".hit")) == 1


class TestInterfaceLanguage:
    def test_the_switch_is_a_link_and_chinese_needs_no_cookie(self, client, indexed_sample):
        page = html(client.get("/interviews/"))
        switch = page.select_one(".language-switch")
        assert switch.find("form") is None
        chinese = switch.find("a", lang="zh-Hans")
        response = client.get("/interviews/" + chinese["href"])
        assert response.cookies == {}
        page = html(response)
        assert page.html["lang"] == "zh-Hans"
        assert page.select_one(".site-nav a").text == "访谈"
        assert page.select_one(".interview-card .title-zh")["lang"] == "zh-Hans"

    def test_links_keep_the_chosen_language_from_page_to_page(self, client, indexed_sample):
        home = html(client.get("/?ui=zh-hans"))
        browse = home.select_one(".site-nav a")["href"]
        page = html(client.get(browse))
        assert page.select_one("h1").text.strip() == "访谈"
        reading = page.select_one(".interview-card a")["href"]
        assert "ui=zh-hans" in reading
        assert html(client.get(reading)).html["lang"] == "zh-Hans"
        assert html(client.get("/")).html["lang"] == "en"  # nothing remembered

    def test_search_keeps_the_chosen_language(self, client, indexed_sample):
        page = html(client.get("/?ui=zh-hans"))
        form = page.select_one("form.header-search")
        assert form.find("input", attrs={"name": "ui"})["value"] == "zh-hans"
        results = html(client.get("/search/?q=" + quote("绿色工业") + "&ui=zh-hans"))
        assert results.html["lang"] == "zh-Hans"
        assert "ui=zh-hans" in results.select_one(".hit a")["href"]

    def test_permanent_urls_are_the_same_in_both_interface_languages(self, client, indexed_sample):
        def permanent(page):
            return {
                "canonical": page.select_one("link[rel=canonical]")["href"],
                "passages": [a["href"] for a in page.select(".passage-link")],
                "original": page.select_one("a[href*='original.txt']")["href"].split("?")[0],
            }

        english = permanent(html(client.get(indexed_sample.get_absolute_url())))
        chinese = permanent(html(client.get(indexed_sample.get_absolute_url() + "?ui=zh-hans")))
        assert english == chinese
        assert english["canonical"] == "http://testserver" + indexed_sample.get_absolute_url()
        assert "#q2-a3" in english["passages"]

    def test_an_unknown_language_falls_back_to_english(self, client, indexed_sample):
        assert html(client.get("/?ui=klingon")).html["lang"] == "en"


REDIS_URL = os.environ.get("DUIHUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PREFIX = f"duihua-test-{os.getpid()}"  # test runs side by side keep apart


@pytest.fixture
def redis_cache():
    """Django's cache on Redis, as with REDIS_URL set; skipped locally without Redis, not in CI."""
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": PREFIX,
        }
    }
    with override_settings(CACHES=settings):
        cache = caches["default"]
        try:
            redis = cache._cache.get_client()
            redis.ping()
        except Exception as exc:
            if os.environ.get("CI"):
                raise
            pytest.skip(f"Redis is not running at {REDIS_URL}: {exc}")

        def keys(pattern="*"):
            return redis.keys(f"{PREFIX}:*{pattern}")

        cache.keys = keys
        yield cache
        if found := keys():
            redis.delete(*found)
        cache.close()


def test_pages_are_cached_in_redis_and_served_from_it(
    redis_cache, client, indexed_sample, django_assert_max_num_queries, committed
):
    url = indexed_sample.get_absolute_url()
    first = client.get(url)
    assert len(redis_cache.keys("page:*")) == 1
    with django_assert_max_num_queries(1):  # the archive generation, nothing else
        again = client.get(url)
    assert again.content == first.content
    with committed():
        indexed_sample.title_en = "Edited while cached in Redis"
        indexed_sample.save()
    assert "Edited while cached in Redis" in client.get(url).content.decode()


def test_search_facets_are_cached_in_redis_per_index_generation(
    redis_cache, client, indexed_sample
):
    client.get("/search/?q=" + quote("绿色工业"))
    assert len(redis_cache.keys("facets:*")) == 1
