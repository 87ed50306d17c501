"""URL routes of the public site and the admin."""

from django.contrib import admin
from django.urls import include, path

from . import views

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
    path("people/", views.person_list, name="person_list"),
    path("people/<str:slug>/", views.person_detail, name="person_detail"),
    path("search/", views.search, name="search"),
    path("search/export.<str:extension>", views.search_export_view, name="search_export"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
