"""What crawlers and feed readers are given: sitemap.xml, the Atom feed and robots.txt."""

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from archive.models import Interview

from .factories import InterviewFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(client) -> list[str]:
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return tree.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)


def published_with_person(**fields):
    interview = InterviewFactory(**fields)
    interview.interviewees.add(PersonFactory())
    return interview


def draft_with_person():
    interview = InterviewFactory(status=Interview.Status.DRAFT)
    interview.interviewees.add(PersonFactory(slug="only-in-a-draft"))
    return interview


class TestSitemap:
    def test_every_published_interview_and_person_page_is_listed(self, client):
        published = [published_with_person() for _ in range(3)]
        urls = sitemap_urls(client)
        for interview in published:
            assert f"http://testserver{interview.get_absolute_url()}" in urls
            person = interview.interviewees.get()
            assert f"http://testserver{person.get_absolute_url()}" in urls
        assert "http://testserver/interviews/" in urls

    def test_drafts_and_people_only_in_drafts_are_not_listed(self, client):
        hidden = draft_with_person()
        published_with_person()
        urls = sitemap_urls(client)
        assert not any(hidden.slug in url or "only-in-a-draft" in url for url in urls)

    def test_an_interview_says_when_it_last_changed(self, client):
        interview = published_with_person()
        tree = etree.fromstring(client.get(reverse("sitemap")).content)
        [entry] = tree.xpath(
            "//s:url[s:loc[contains(., $slug)]]", namespaces=SITEMAP_NS, slug=interview.slug
        )
        lastmod = entry.findtext("s:lastmod", namespaces=SITEMAP_NS)
        assert lastmod == timezone.localtime(interview.updated_at).date().isoformat()

    def test_the_sitemap_runs_the_same_queries_for_1_or_20_interviews(
        self, client, django_assert_max_num_queries
    ):
        published_with_person()
        with django_assert_max_num_queries(4) as few:
            client.get(reverse("sitemap"))
        for _ in range(19):
            published_with_person()
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(sitemap_urls(client)) == 3 + 20 + 20


class TestFeed:
    def read(self, client):
        response = client.get(reverse("interview_feed"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        return feed

    def test_newly_published_interviews_come_first_in_both_languages(self, client):
        now = timezone.now()
        older = InterviewFactory(published_at=now - dt.timedelta(days=3), title_en="Older")
        newer = InterviewFactory(published_at=now, title_zh="新访谈", title_en="Newer")
        newer.topics.add(TopicFactory(name_zh="贸易", name_en="Trade"))
        feed = self.read(client)
        assert [entry.link for entry in feed.entries] == [
            f"http://testserver{newer.get_absolute_url()}",
            f"http://testserver{older.get_absolute_url()}",
        ]
        entry = feed.entries[0]
        assert entry.title == "新访谈 / Newer"
        assert [tag.term for tag in entry.tags] == ["贸易 / Trade"]
        assert entry.published_parsed[:3] == now.astimezone(dt.UTC).timetuple()[:3]

    def test_drafts_are_not_in_the_feed(self, client):
        hidden = InterviewFactory(status=Interview.Status.DRAFT, title_en="Secret draft")
        InterviewFactory()
        feed = self.read(client)
        assert len(feed.entries) == 1
        assert hidden.slug not in feed.entries[0].link

    def test_the_feed_does_not_follow_the_interface_language(self, client):
        InterviewFactory()
        english = client.get(reverse("interview_feed")).content
        client.cookies["django_language"] = "zh-hans"
        assert client.get(reverse("interview_feed")).content == english

    def test_every_page_links_to_the_feed(self, client):
        InterviewFactory()
        for url in (reverse("home"), reverse("interview_list")):
            page = BeautifulSoup(client.get(url).content, "html.parser")
            link = page.select_one('head link[rel="alternate"][type="application/atom+xml"]')
            assert link["href"] == reverse("interview_feed")


class TestRobots:
    def test_robots_points_at_the_sitemap_and_keeps_crawlers_off_machine_doors(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        for path in ("/admin/", "/api/", "/oai/", "/search/"):
            assert f"Disallow: {path}" in lines
        assert "Disallow: /interviews/" not in lines
