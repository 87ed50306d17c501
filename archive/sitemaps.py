"""What crawlers are told: sitemap.xml (every public page worth indexing) and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import reading


class PageSitemap(Sitemap):
    """The site's own pages: home, the interview list, the list of people."""

    changefreq = "daily"

    def items(self):
        return ["home", "interview_list", "person_list"]

    def location(self, item):
        return reverse(item)


class InterviewSitemap(Sitemap):
    """Every published interview's reading page, with the day it last changed."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return reading.published_interview_pages()

    def lastmod(self, interview):
        return interview.updated_at


class PersonSitemap(Sitemap):
    """The page of everyone interviewed in a published interview."""

    changefreq = "weekly"

    def items(self):
        return reading.public_people()


SITEMAPS = {"pages": PageSitemap, "interviews": InterviewSitemap, "people": PersonSitemap}

# Machine interfaces (throttled, or for harvesters), endless search result pages, the admin.
DISALLOWED = ["/admin/", "/api/", "/oai/", "/search/", "/i18n/"]


@require_GET
def robots_txt(request):
    """Crawl everything a reader reads; the sitemap lists it."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
