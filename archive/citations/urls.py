"""Routes of the cite pages, citation downloads and permanent passage links."""

from django.urls import path

from . import views

urlpatterns = [
    path("p/<str:uid>/", views.passage_redirect, name="passage"),
    path("p/<str:uid>/cite/", views.passage_cite, name="passage_cite"),
    path(
        "p/<str:uid>/cite.<str:extension>",
        views.passage_citation_file,
        name="passage_citation",
    ),
    path("interviews/<slug:slug>/cite/", views.interview_cite, name="interview_cite"),
    path(
        "interviews/<slug:slug>/cite.<str:extension>",
        views.interview_citation_file,
        name="interview_citation",
    ),
]
