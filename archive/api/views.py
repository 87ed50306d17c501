"""The API's endpoints: read-only viewsets over archive.reading, and search over search.service.

Every queryset comes from archive.reading, which shows published material only: a draft's
slug answers 404 exactly like a slug that never existed.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import reading
from ..concordance.leads import lead_hits
from ..search import service
from ..search.highlight import mark
from . import serializers as s


def _text(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=description)


BROWSE_FILTERS = [
    _text("person", "Interviewee's slug, as in /api/people/."),
    OpenApiParameter(
        "year", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Year of the interview."
    ),
    _text("source", "Slug of the organisation that published the text (来源)."),
    _text("topic", "Topic's slug, as in /api/topics/."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Published interviews, newest first",
        description="Narrowed by the same filters as the browse page (/interviews/).",
        parameters=BROWSE_FILTERS,
    ),
    retrieve=extend_schema(summary="An interview with its questions, speakers and pairs"),
)
class InterviewViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"

    def get_queryset(self):
        if self.action == "retrieve":
            return reading.interview_with_content()
        return reading.browse_interviews(self.request.query_params)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.InterviewDetailSerializer
        return s.InterviewListItemSerializer


@extend_schema_view(
    list=extend_schema(
        summary="People interviewed in published interviews",
        parameters=[
            _text(
                "q",
                "Only names containing this, typed in Chinese (either script), English or "
                "pinyin with or without tones and spaces: 李勇, Li Yong, liyong, Lǐ Yǒng.",
            )
        ],
    ),
    retrieve=extend_schema(summary="A person"),
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    serializer_class = s.PersonSerializer

    def get_queryset(self):
        people = reading.public_people()
        if self.action == "list":
            return people.named(self.request.query_params.get("q", "")[:100])
        return people


@extend_schema_view(
    list=extend_schema(summary="Outlets and sources of published interviews"),
    retrieve=extend_schema(summary="An organisation"),
)
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    queryset = reading.public_organizations()
    serializer_class = s.OrganizationSerializer


@extend_schema_view(
    list=extend_schema(summary="Topics of published interviews"),
    retrieve=extend_schema(summary="A topic"),
)
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    queryset = reading.public_topics()
    serializer_class = s.TopicSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Paragraph pairs of published interviews, in reading order",
        parameters=[_text("interview", "Only this interview's pairs (its slug).")],
    ),
    retrieve=extend_schema(summary="A paragraph pair with its question and interview"),
)
class PassageViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PassageSerializer

    def get_queryset(self):
        passages = reading.public_passages()
        interview = self.request.query_params.get("interview")
        if interview:
            passages = passages.filter(question__interview__slug=interview[:120])
        return passages


SEARCH_PARAMETERS = [
    _text("q", 'Words, "quoted phrases", OR, NOT or -word; Chinese or English.'),
    OpenApiParameter(
        "lang",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=list(service.LANGUAGES),
        description="Search the Chinese, the English or both (default).",
    ),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=list(service.SORTS),
        description="Best matches first (default) or newest first.",
    ),
    OpenApiParameter(
        "page", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Page of 20 hits."
    ),
    *(
        OpenApiParameter(
            name,
            OpenApiTypes.INT if name in service.INTERVIEW_FACETS else OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            description=f"Narrow to one {name}: a `value` from the {name} facet.",
        )
        for name in service.FACETS
    ),
]


class SearchView(APIView):
    """Search passages as the search page does, with highlight offsets instead of HTML, and
    each paragraph pair's lead sentence pair (concordance.leads)."""

    @extend_schema(
        summary="Search passages in Chinese, English or both",
        parameters=SEARCH_PARAMETERS,
        responses=s.SearchResultsSerializer,
    )
    def get(self, request):
        outcome = service.search(service.SearchRequest.from_params(request.query_params), mark)
        if outcome.parsed is not None:
            lead_hits(outcome.hits, outcome.request.q, outcome.request.language, outcome.total)
        return Response(s.SearchResultsSerializer(outcome, context={"request": request}).data)
