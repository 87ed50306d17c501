"""Baseline A: Haystack's stock Whoosh backend with jieba's ChineseAnalyzer, as tutorials set it up.

One document per answer paragraph pair, question and interview (the same documents Duihua
indexes), each with a single `text` field holding both languages and the interviewees' names,
analysed by `jieba.analyse.ChineseAnalyzer()`, plus the usual faceted metadata. The backend is
Haystack's own `WhooshSearchBackend`, unchanged (stored, sortable text fields; spelling on the
document field; an AsyncWriter per batch). Only index discovery differs: the "stock"
connection's unified index holds these classes and nothing else, so the benchmark needs no
installed app and Duihua's own connection never sees them.

Querysets prefetch what `prepare` reads, so the baseline is measured on analysis and Whoosh,
not on N+1 queries.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import jieba
import jieba.analyse
from haystack import connections, indexes
from haystack.backends.whoosh_backend import WhooshEngine
from haystack.utils.loading import UnifiedIndex

from archive.models import Answer, Interview, Question

ALIAS = "stock"
BATCH_SIZE = 1000  # update_index's default batch size

jieba.setLogLevel(logging.WARNING)


class StockDocument(indexes.SearchIndex):
    """What a stock Haystack index of a bilingual archive holds."""

    text = indexes.CharField(document=True, analyzer=jieba.analyse.ChineseAnalyzer())
    interview = indexes.CharField()
    date = indexes.DateField(null=True)
    interviewee = indexes.MultiValueField(faceted=True)
    topic = indexes.MultiValueField(faceted=True)

    def interview_of(self, obj) -> Interview:
        raise NotImplementedError

    def texts(self, obj) -> list[str]:
        raise NotImplementedError

    def prepare_text(self, obj) -> str:
        people = self.interview_of(obj).interviewees.all()
        names = [f"{p.name_zh} {p.name_en}" for p in people]
        return "\n".join(part for part in [*self.texts(obj), *names] if part)

    def prepare_interview(self, obj) -> str:
        return str(self.interview_of(obj).pk)

    def prepare_date(self, obj):
        return self.interview_of(obj).date

    def prepare_interviewee(self, obj) -> list[str]:
        return [p.name_en or p.name_zh for p in self.interview_of(obj).interviewees.all()]

    def prepare_topic(self, obj) -> list[str]:
        return [t.name_en or t.name_zh for t in self.interview_of(obj).topics.all()]


class StockAnswerIndex(StockDocument, indexes.Indexable):
    def get_model(self):
        return Answer

    def index_queryset(self, using=None):
        return Answer.objects.published()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        return (
            self.index_queryset(using)
            .select_related("question__interview")
            .prefetch_related("question__interview__interviewees", "question__interview__topics")
        )

    def interview_of(self, obj) -> Interview:
        return obj.question.interview

    def texts(self, obj) -> list[str]:
        return [obj.text_zh, obj.text_en]


class StockQuestionIndex(StockDocument, indexes.Indexable):
    def get_model(self):
        return Question

    def index_queryset(self, using=None):
        return Question.objects.published()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        return (
            self.index_queryset(using)
            .select_related("interview")
            .prefetch_related("interview__interviewees", "interview__topics")
        )

    def interview_of(self, obj) -> Interview:
        return obj.interview

    def texts(self, obj) -> list[str]:
        return [obj.text_zh, obj.text_en]


class StockInterviewIndex(StockDocument, indexes.Indexable):
    def get_model(self):
        return Interview

    def index_queryset(self, using=None):
        return Interview.objects.published()

    def build_queryset(self, using=None, start_date=None, end_date=None):
        return self.index_queryset(using).prefetch_related("interviewees", "topics")

    def interview_of(self, obj) -> Interview:
        return obj

    def texts(self, obj) -> list[str]:
        return [obj.title_zh, obj.title_en, obj.intro_zh, obj.intro_en]


class StockUnifiedIndex(UnifiedIndex):
    """The baseline's indexes, instead of those discovered in installed apps."""

    def collect_indexes(self):
        return [StockInterviewIndex(), StockQuestionIndex(), StockAnswerIndex()]


class StockWhooshEngine(WhooshEngine):
    """Haystack's stock Whoosh engine and backend; only the unified index is the baseline's."""

    unified_index = StockUnifiedIndex


def build(interview_ids: Iterable[int] | None = None) -> int:
    """Index the given interviews (all if None) as `update_index` does; return documents written.

    Each model is indexed in pk order, BATCH_SIZE objects per `backend.update()` call, and
    every call commits, as `manage.py update_index` does.
    """
    backend = connections[ALIAS].get_backend()
    backend.clear()
    ids = None if interview_ids is None else list(interview_ids)
    lookups = {Interview: "pk__in", Question: "interview__in", Answer: "question__interview__in"}
    written = 0
    for model, index in connections[ALIAS].get_unified_index().get_indexes().items():
        queryset = index.build_queryset(using=ALIAS).order_by("pk")
        if ids is not None:
            queryset = queryset.filter(**{lookups[model]: ids})
        total = queryset.count()
        for start in range(0, total, BATCH_SIZE):
            backend.update(index, queryset[start : start + BATCH_SIZE])
        written += total
    return written


def document_count() -> int:
    """Documents in the baseline index."""
    backend = connections[ALIAS].get_backend()
    backend.setup()
    with backend.index.refresh().searcher() as searcher:
        return searcher.doc_count()
