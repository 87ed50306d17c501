"""Routes under /api/: the endpoints, the OpenAPI schema and its docs page."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("interviews", views.InterviewViewSet, basename="interview")
router.register("people", views.PersonViewSet, basename="person")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("passages", views.PassageViewSet, basename="passage")

DOCS_STYLE = csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"]})

urlpatterns = [
    path("", include(router.urls)),
    path("search/", views.SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script from a URL, so scripts stay 'self' only; Swagger
    # UI styles its widgets inline and draws icons from data: images, which this page allows.
    path(
        "docs/", DOCS_STYLE(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"
    ),
]
