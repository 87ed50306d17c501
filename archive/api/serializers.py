"""How the API writes the archive as JSON: interviews, people, organisations, topics, passages
and search hits. Read-only; every text is given in both languages (`_zh`, `_en`).

Links to the site's pages (`url`) are absolute and the same whatever the interface language.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute address of an object's page on the site (by default its absolute URL)."""

    def __init__(self, path=None, **kwargs):
        self.path = path or (lambda obj: obj.get_absolute_url())
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), self.path(value))


def question_path(question) -> str:
    return f"{question.interview.get_absolute_url()}#{question.anchor}"


def passage_path(answer) -> str:
    return f"{answer.question.interview.get_absolute_url()}#{answer.anchor}"


def permanent_path(row) -> str:
    """/p/<uid>/: the address that outlives renumbering, realignment and slug changes."""
    return reverse("passage", args=[row.uid])


@extend_schema_field(OpenApiTypes.URI)
class FilteredListField(serializers.Field):
    """The API address listing the interviews filtered by this object (?person=…, ?topic=…)."""

    def __init__(self, parameter: str, **kwargs):
        self.parameter = parameter
        super().__init__(source="slug", read_only=True, **kwargs)

    def to_representation(self, value):
        path = f"{reverse('api:interview-list')}?{self.parameter}={value}"
        return absolute(self.context.get("request"), path)


class NamedSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name_zh = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class OrganizationRefSerializer(NamedSerializer):
    """An outlet or source as named on an interview."""


class TopicRefSerializer(NamedSerializer):
    """A topic as named on an interview."""


ROMANIZED = "The English name is a pinyin romanization that no curator has confirmed yet."


class PersonRefSerializer(NamedSerializer):
    """An interviewee as named on an interview."""

    name_en_automatic = serializers.BooleanField(read_only=True, help_text=ROMANIZED)
    url = PageURLField()


class OrganizationSerializer(NamedSerializer):
    website = serializers.URLField(source="url", read_only=True)
    conducted_count = serializers.IntegerField(
        read_only=True, help_text="Published interviews it conducted (as outlet)."
    )
    published_count = serializers.IntegerField(
        read_only=True, help_text="Published interviews it published (as source)."
    )
    interviews = FilteredListField("source")


class PersonSerializer(NamedSerializer):
    name_en_automatic = serializers.BooleanField(read_only=True, help_text=ROMANIZED)
    role_zh = serializers.CharField(read_only=True)
    role_en = serializers.CharField(read_only=True)
    affiliation = OrganizationRefSerializer(read_only=True, allow_null=True)
    interview_count = serializers.IntegerField(read_only=True)
    url = PageURLField()
    interviews = FilteredListField("person")


class TopicSerializer(NamedSerializer):
    interview_count = serializers.IntegerField(read_only=True)
    interviews = FilteredListField("topic")


class InterviewSummarySerializer(serializers.Serializer):
    """An interview as a list shows it: its metadata without the text."""

    slug = serializers.CharField(read_only=True)
    url = PageURLField()
    title_zh = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True, allow_null=True)
    script = serializers.CharField(read_only=True, help_text="zh-Hans or zh-Hant.")
    interviewees = PersonRefSerializer(many=True, read_only=True)
    outlet = OrganizationRefSerializer(read_only=True, allow_null=True)
    source = OrganizationRefSerializer(read_only=True, allow_null=True)
    source_url = serializers.URLField(read_only=True)
    topics = TopicRefSerializer(many=True, read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)


class InterviewListItemSerializer(InterviewSummarySerializer):
    question_count = serializers.IntegerField(read_only=True)


class SpeakerSerializer(serializers.Serializer):
    """Who speaks a paragraph, as labelled in each language, and the person it names if known."""

    zh = serializers.CharField(source="speaker_zh", read_only=True)
    en = serializers.CharField(source="speaker_en", read_only=True)
    person = serializers.CharField(source="speaker_person.slug", read_only=True, allow_null=True)


class AskerSerializer(serializers.Serializer):
    """Who asked a question, as labelled, and the person or organisation it names if known."""

    zh = serializers.CharField(source="asker_zh", read_only=True)
    en = serializers.CharField(source="asker_en", read_only=True)
    person = serializers.CharField(source="asker_person.slug", read_only=True, allow_null=True)
    organization = serializers.CharField(
        source="asker_organization.slug", read_only=True, allow_null=True
    )


class PairSerializer(serializers.Serializer):
    """One aligned paragraph pair: the Chinese and the English that translate each other."""

    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    anchor = serializers.CharField(read_only=True, help_text="q2-a3: the page anchor.")
    label = serializers.CharField(read_only=True, help_text="2.3: question and paragraph.")
    url = PageURLField(passage_path)
    uid = serializers.CharField(read_only=True, help_text="The permanent identifier.")
    permanent_url = PageURLField(permanent_path, help_text="Cite this: it never changes.")
    text_zh = serializers.CharField(read_only=True)
    text_en = serializers.CharField(read_only=True)
    speaker = SpeakerSerializer(source="*", read_only=True)
    confidence = serializers.FloatField(
        read_only=True, help_text="How sure the importer was of the alignment (0–1)."
    )


class QuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField(
        read_only=True, help_text="0 is a press conference's opening statement."
    )
    anchor = serializers.CharField(read_only=True)
    url = PageURLField(question_path)
    uid = serializers.CharField(read_only=True, help_text="The permanent identifier.")
    permanent_url = PageURLField(permanent_path, help_text="Cite this: it never changes.")
    text_zh = serializers.CharField(read_only=True)
    text_en = serializers.CharField(read_only=True)
    asker = AskerSerializer(source="*", read_only=True)
    pairs = PairSerializer(source="answers", many=True, read_only=True)


class InterviewDetailSerializer(InterviewSummarySerializer):
    """An interview with its introduction, speakers, questions and paragraph pairs."""

    intro_zh = serializers.CharField(read_only=True)
    intro_en = serializers.CharField(read_only=True)
    speakers = serializers.SerializerMethodField()
    questions = QuestionSerializer(many=True, read_only=True)

    @extend_schema_field(SpeakerSerializer(many=True))
    def get_speakers(self, interview) -> list[dict]:
        """Everyone who speaks in the answers, once each, in order of first appearance."""
        seen: dict[tuple, dict] = {}
        for question in interview.questions.all():
            for answer in question.answers.all():
                speaker = SpeakerSerializer(answer).data
                seen.setdefault(tuple(speaker.values()), speaker)
        return [s for s in seen.values() if s["zh"] or s["en"] or s["person"]]


class PassageQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    anchor = serializers.CharField(read_only=True)
    text_zh = serializers.CharField(read_only=True)
    text_en = serializers.CharField(read_only=True)


class InterviewRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    url = PageURLField()
    title_zh = serializers.CharField(read_only=True)
    title_en = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True, allow_null=True)


class PassageSerializer(PairSerializer):
    """A paragraph pair with the question it answers and its interview."""

    question = PassageQuestionSerializer(read_only=True)
    interview = InterviewRefSerializer(source="question.interview", read_only=True)


class MarkedTextSerializer(serializers.Serializer):
    """A text and where the query matches it: [start, end) offsets in Unicode code points."""

    text = serializers.CharField(read_only=True)
    highlights = serializers.ListField(
        source="spans",
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        read_only=True,
        help_text="[start, end) pairs: text[start:end] is a match (code points, not bytes).",
    )


class MarkedQuestionSerializer(serializers.Serializer):
    zh = MarkedTextSerializer(source="question_zh", read_only=True)
    en = MarkedTextSerializer(source="question_en", read_only=True)


class LeadSideSerializer(MarkedTextSerializer):
    translations = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        read_only=True,
        help_text="[start, end) pairs where the likely translation of the query stands.",
    )


class LeadSerializer(serializers.Serializer):
    """The sentence holding the first match and the sentence aligned with it."""

    language = serializers.ChoiceField(
        ["zh", "en"], read_only=True, help_text="The side the match is on."
    )
    zh = LeadSideSerializer(source="zh_marked", read_only=True)
    en = LeadSideSerializer(source="en_marked", read_only=True)


class SearchHitSerializer(serializers.Serializer):
    """A passage that matches, with its aligned counterpart in the other language."""

    kind = serializers.ChoiceField(["answer", "question", "interview"], read_only=True)
    anchor = serializers.CharField(read_only=True, help_text="Empty for an introduction.")
    url = PageURLField(lambda hit: hit.url)
    interview = InterviewRefSerializer(read_only=True)
    zh = MarkedTextSerializer(read_only=True)
    en = MarkedTextSerializer(read_only=True)
    question = serializers.SerializerMethodField(help_text="The question a paragraph answers.")
    lead = LeadSerializer(
        read_only=True,
        allow_null=True,
        help_text="For a paragraph pair with sentence links: the sentence pair of its first match.",
    )

    @extend_schema_field(MarkedQuestionSerializer(allow_null=True))
    def get_question(self, hit):
        return MarkedQuestionSerializer(hit).data if hit.question_zh is not None else None


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(read_only=True, help_text="Pass as the facet's parameter.")
    label_zh = serializers.CharField(read_only=True)
    label_en = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True)
    selected = serializers.BooleanField(read_only=True)


class FacetsSerializer(serializers.Serializer):
    interviewee = FacetValueSerializer(many=True, read_only=True, default=list)
    year = FacetValueSerializer(many=True, read_only=True, default=list)
    outlet = FacetValueSerializer(many=True, read_only=True, default=list)
    source = FacetValueSerializer(many=True, read_only=True, default=list)
    topic = FacetValueSerializer(many=True, read_only=True, default=list)
    asker = FacetValueSerializer(many=True, read_only=True, default=list)
    answerer = FacetValueSerializer(many=True, read_only=True, default=list)


class InterviewGroupSerializer(serializers.Serializer):
    """Passages of an interview that match only because the query names its interviewee."""

    interview = InterviewRefSerializer(read_only=True)
    count = serializers.IntegerField(read_only=True)


class SearchResultsSerializer(serializers.Serializer):
    """One page of search results with the facet counts over all of them."""

    count = serializers.IntegerField(
        source="total", read_only=True, help_text="Passages where the query's words occur."
    )
    interviewees = PersonRefSerializer(
        many=True, read_only=True, help_text="Interviewees the query names (李勇, Li Yong…)."
    )
    through_interviewees = InterviewGroupSerializer(
        source="through",
        many=True,
        read_only=True,
        help_text="Their interviews' other passages, counted per interview and not listed.",
    )
    page = serializers.IntegerField(source="request.page", read_only=True)
    pages = serializers.IntegerField(read_only=True)
    error = serializers.CharField(read_only=True, help_text="Why the query could not be run.")
    results = SearchHitSerializer(source="hits", many=True, read_only=True)
    facets = FacetsSerializer(read_only=True)
