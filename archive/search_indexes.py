"""What goes into the search index: one document per answer paragraph pair, per question and
per interview (title, intro and people), all carrying the interview's metadata as exact fields.

Text is built in Python, never through an (autoescaping) template. Only published interviews
are indexed.
"""

import hashlib

from haystack import indexes

from .models import Answer, Interview, Question
from .search.analysis import BilingualAnalyzer, HanCharAnalyzer
from .search.fields import day_number, year_value
from .search.speakers import answerer_value, asker_value


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _present(value: str | None) -> list[str]:
    return [value] if value else []


class ArchiveDocument(indexes.SearchIndex):
    """Fields shared by every kind of document. Subclasses say how to reach the interview."""

    text = indexes.CharField(document=True, analyzer=BilingualAnalyzer())
    text_zh = indexes.CharField(analyzer=BilingualAnalyzer())
    text_en = indexes.CharField(analyzer=BilingualAnalyzer())
    # The Chinese text again, one character per position: finds any substring (可持续, 党).
    text_han = indexes.CharField(analyzer=HanCharAnalyzer())
    # Who was interviewed, searchable alongside the text: "李勇 UNIDO" finds UNIDO in 李勇's
    # answers. (Titles and organisation names would make every passage match their words.)
    context = indexes.CharField(analyzer=BilingualAnalyzer(), boost=0.3)
    kind = indexes.CharField()
    interview = indexes.CharField()
    interviewee = indexes.MultiValueField()
    year = indexes.CharField()  # "0" when the interview has no date
    outlet = indexes.CharField(null=True)
    source = indexes.CharField(null=True)
    topic = indexes.MultiValueField()
    # Who asked and who answered the passage (archive/search/speakers.py): question-level
    # facets, where interviewee, outlet and source are the interview's.
    asker = indexes.MultiValueField()
    answerer = indexes.MultiValueField()
    # The date as a day number, 0 when there is none: a plain number sorts and merges safely.
    day = indexes.IntegerField()
    digest = indexes.CharField()

    def interview_of(self, obj) -> Interview:
        raise NotImplementedError

    def texts(self, obj) -> tuple[str, str]:
        """The Chinese and English text of the document."""
        raise NotImplementedError

    def speakers(self, obj, interviewees) -> tuple[list[str], list[str]]:
        """Facet values of who asked and who answered: none for an interview's introduction."""
        return [], []

    def prepare(self, obj):
        interview = self.interview_of(obj)
        zh, en = self.texts(obj)
        people = interview.interviewees.all()
        askers, answerers = self.speakers(obj, list(people))
        data = super().prepare(obj)
        data.update(
            text=_join(zh, en),
            text_zh=zh,
            text_en=en,
            text_han=zh,
            context=_join(*(f"{p.name_zh} {p.name_en}" for p in people)),
            kind=self.kind_name,
            interview=str(interview.pk),
            interviewee=[str(p.pk) for p in people],
            year=year_value(interview.date),
            outlet=str(interview.outlet_id) if interview.outlet_id else None,
            source=str(interview.source_id) if interview.source_id else None,
            topic=[str(t.pk) for t in interview.topics.all()],
            asker=askers,
            answerer=answerers,
            day=day_number(interview.date),
        )
        data["digest"] = hashlib.sha1(
            "\x1f".join(str(data[key]) for key in sorted(data)).encode()
        ).hexdigest()
        return data


class AnswerIndex(ArchiveDocument, indexes.Indexable):
    kind_name = "answer"

    def get_model(self):
        return Answer

    def index_queryset(self, using=None):
        return Answer.objects.published()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        return (
            self.index_queryset(using)
            .select_related("question__interview__outlet", "question__interview__source")
            .prefetch_related("question__interview__interviewees", "question__interview__topics")
        )

    def interview_of(self, obj):
        return obj.question.interview

    def texts(self, obj):
        return obj.text_zh, obj.text_en

    def speakers(self, obj, interviewees):
        return _present(asker_value(obj.question)), _present(answerer_value(obj, interviewees))


class QuestionIndex(ArchiveDocument, indexes.Indexable):
    kind_name = "question"

    def get_model(self):
        return Question

    def index_queryset(self, using=None):
        return Question.objects.published()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        return (
            self.index_queryset(using)
            .select_related("interview__outlet", "interview__source")
            .prefetch_related("interview__interviewees", "interview__topics", "answers")
        )

    def interview_of(self, obj):
        return obj.interview

    def texts(self, obj):
        return obj.text_zh, obj.text_en

    def speakers(self, obj, interviewees):
        answerers = (answerer_value(answer, interviewees) for answer in obj.answers.all())
        return _present(asker_value(obj)), sorted(set(filter(None, answerers)))


class InterviewIndex(ArchiveDocument, indexes.Indexable):
    kind_name = "interview"

    def get_model(self):
        return Interview

    def index_queryset(self, using=None):
        return Interview.objects.published()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        return (
            self.index_queryset(using)
            .select_related("outlet", "source")
            .prefetch_related("interviewees", "topics")
        )

    def interview_of(self, obj):
        return obj

    def texts(self, obj):
        return _join(obj.title_zh, obj.intro_zh), _join(obj.title_en, obj.intro_en)
