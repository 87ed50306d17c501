"""URL routes of the public site and the admin."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import health, oai, views
from .concordance import views as concordance
from .feeds import NewInterviewsFeed
from .sitemaps import SITEMAPS, robots_txt

urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/", views.interview_list, name="interview_list"),
    path("interviews/<slug:slug>/", views.interview_detail, name="interview_detail"),
    path(
        "interviews/<slug:slug>/original.txt", views.interview_original, name="interview_original"
    ),
    path(
        "interviews/<slug:slug>/export.<str:extension>",
        views.interview_export,
        name="interview_export",
    ),
    path("", include("archive.citations.urls")),
    path("people/", views.person_list, name="person_list"),
    path("people/<str:slug>/", views.person_detail, name="person_detail"),
    path("search/", views.search, name="search"),
    path("concordance/", concordance.concordance, name="concordance"),
    path(
        "concordance/export.<str:extension>",
        concordance.concordance_export,
        name="concordance_export",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("api/", include("archive.api.urls")),
    path("oai/", oai.endpoint, name="oai"),
    path("feeds/interviews/", NewInterviewsFeed(), name="interview_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("search/export.<str:extension>", views.search_export_view, name="search_export"),
    path("admin/", admin.site.urls),
]
