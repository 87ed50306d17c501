"""Run a search for the search page: parse, filter, page, load hits and count facets.

Each step is a small function so the view stays thin; the database work per page is a fixed
number of queries (hits are loaded in bulk, facet labels in one pass). An index that cannot be
read raises IndexUnavailable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import CharField, QuerySet, Value
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from whoosh import query as wq

from ..models import Answer, Interview, Organization, Person, Question, Topic
from . import facet_counts, prepared
from .backend import DuihuaWhooshBackend, HitPage
from .backend import IndexUnavailable as IndexUnavailable  # raised by search(), for views
from .fields import year_labels
from .highlight import Marked, highlight
from .indexing import backend
from .interviewees import name_interviewees
from .query import ParsedQuery, Phrase, QueryError, parse_query
from .speakers import SPEAKER_FACETS, is_value, label_of

logger = logging.getLogger(__name__)

PER_PAGE = 20
LANGUAGES = ("both", "zh", "en")
SORTS = ("relevance", "date")
INTERVIEW_FACETS = ("interviewee", "year", "outlet", "source", "topic")
FACETS = (*INTERVIEW_FACETS, *SPEAKER_FACETS)  # asked by, answered by: per passage
FACET_SIZE = 12  # values shown per facet, the most frequent first
FACET_TIMEOUT = 60 * 60  # seconds counted facets stay cached (a new index generation misses)


@dataclass
class SearchRequest:
    """What the researcher asked for, validated from GET parameters."""

    q: str = ""
    language: str = "both"
    sort: str = "relevance"
    page: int = 1
    filters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> SearchRequest:
        language = params.get("lang", "both")
        sort = params.get("sort", "relevance")
        try:
            page = max(1, min(int(params.get("page", 1)), 10_000))
        except ValueError:
            page = 1
        filters = {
            name: params[name]
            for name in INTERVIEW_FACETS
            if params.get(name, "").isdigit() and len(params[name]) < 12
        }
        filters |= {name: params[name] for name in SPEAKER_FACETS if is_value(params.get(name, ""))}
        return cls(
            q=params.get("q", ""),
            language=language if language in LANGUAGES else "both",
            sort=sort if sort in SORTS else "relevance",
            page=page,
            filters=filters,
        )


Highlighted = SafeString | Marked  # HTML for the search page, offsets for the API
Highlighter = Callable[[str, set[Phrase]], Highlighted]


@dataclass
class SearchHit:
    kind: str  # answer, question or interview
    interview: Interview
    url: str
    label: str  # how the passage is cited: Q2 ¶3
    zh: Highlighted
    en: Highlighted
    question_zh: Highlighted | None = None
    question_en: Highlighted | None = None
    anchor: str = ""  # q2-a3, q2, or empty for an interview's introduction
    passage: Answer | Question | Interview | None = None  # the object found
    lead: Any = None  # the sentence pair shown first (concordance.leads), where there is one


@dataclass
class FacetValue:
    name: str  # interviewee, year, outlet, source, topic, asker or answerer
    value: str
    label_zh: str
    label_en: str
    count: int
    selected: bool = False
    facet_label: str = ""  # set by the view: "Interviewee", "Year"…


@dataclass
class InterviewGroup:
    """Passages of an interview that match only because the query names its interviewee."""

    interview: Interview
    count: int


@dataclass
class SearchOutcome:
    request: SearchRequest
    parsed: ParsedQuery | None = None
    error: str = ""
    total: int = 0  # passages listed: where the query's words or names occur
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    selected: list[FacetValue] = field(default_factory=list)
    interviewees: list[Person] = field(default_factory=list)  # people the query names
    through: list[InterviewGroup] = field(default_factory=list)  # newest interview first

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def search(request: SearchRequest, highlighter: Highlighter = highlight) -> SearchOutcome:
    """The search page's whole answer for one request.

    Matches are marked by `highlighter`: HTML <mark> for the page (the default), offsets with
    `highlight.mark` for the API.
    """
    outcome = SearchOutcome(request)
    if not request.q.strip():
        return outcome
    try:
        outcome.parsed = parse_query(request.q)
    except QueryError as exc:
        outcome.error = str(exc)
        return outcome
    with one_state():
        return _answer(outcome, highlighter)


def one_state():
    """Within, everything read from the index comes from one state of it, read once: a
    search, and what its page reads beside it (the leads' likely translations)."""
    engine = backend()
    return engine.one_state() if hasattr(engine, "one_state") else nullcontext()


def _answer(outcome: SearchOutcome, highlighter: Highlighter) -> SearchOutcome:
    """search(), once the query is read: hits, their count, the interviewees it names and the
    facets, from one state of the index."""
    request, parsed = outcome.request, outcome.parsed
    outcome.interviewees = name_interviewees(parsed)
    page = passages(parsed, request, page=request.page, per_page=PER_PAGE, through=True)
    outcome.total = page.total
    loaded = _load(page.hits, page.through)
    terms = parsed.highlight_phrases()
    marked = _each_text_once(highlighter)
    outcome.hits = [_present(obj, terms, marked) for obj in _in_order(page.hits, loaded)]
    outcome.through = _groups(page.through, loaded)
    outcome.facets, outcome.selected = cached_facets(request, page)
    return outcome


def _each_text_once(highlighter: Highlighter) -> Highlighter:
    """The highlighter, remembering its answers for one search: the hits of a page often
    share a question, and empty sides are common."""
    done: dict[str, Highlighted] = {}

    def marked(text: str, terms: set[Phrase]) -> Highlighted:
        if text not in done:
            done[text] = highlighter(text, terms)
        return done[text]

    return marked


def _groups(through: dict[str, int], loaded: dict) -> list[InterviewGroup]:
    groups = [
        InterviewGroup(loaded[INTERVIEW, int(pk)], count)
        for pk, count in through.items()
        if (INTERVIEW, int(pk)) in loaded
    ]
    return sorted(groups, key=lambda g: (g.interview.date or dt.date.min, g.interview.pk))[::-1]


def cached_facets(request: SearchRequest, page):
    """count_facets, kept in Django's cache per query, language, filters and index generation.

    The page number and the sort order do not change the counts, so every page of a search
    shares them; any change to the index starts a new generation and so a new key.
    """
    filters = sorted(request.filters.items())
    raw = repr((backend().index_generation(), request.q.strip(), request.language, filters))
    key = "facets:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
    counted = cache.get(key)
    if counted is None:
        counted = count_facets(page.per_interview, request.filters, page.per_speaker)
        cache.set(key, counted, FACET_TIMEOUT)
    return counted


def find_passages(request: SearchRequest, limit: int) -> tuple[int, list]:
    """The first `limit` hits of a search, in result order, and how many there are in all.

    For exports: index references only, no highlighting and no facets. A query that cannot
    be read raises QueryError, as on the search page.
    """
    parsed = parse_query(request.q)
    name_interviewees(parsed)
    page = passages(parsed, request, page=1, per_page=limit, through=False)
    return page.total, page.hits


class PassageSearchNotPorted(IndexUnavailable):
    """The configured backend has no passage search: the page answers "unavailable"."""


NOT_PORTED = (
    "the passage search (archive/search/service.py, passages) knows Whoosh's backend and "
    "backends with search_parsed (Elasticsearch); %s has neither"
)


def passage_search_ported(engine) -> bool:
    """Whether this backend can run the search page's passage query."""
    return isinstance(engine, DuihuaWhooshBackend) or hasattr(engine, "search_parsed")


def passages(
    parsed: ParsedQuery, request: SearchRequest, *, page: int, per_page: int, through: bool
) -> HitPage:
    """One page of passages for a parsed query, counted per interview and speaker: the one
    place the search page and exports reach the index, and where the path is chosen by backend.

    Whoosh runs the query built from the parse (query.py) in one counting and scoring pass
    (collect.py). Elasticsearch (elastic.py) is given the parse, builds its own query from it
    (elastic_query.py) and counts with aggregations. `through` also counts the passages of the
    interviews of the people the query names.
    """
    engine = backend()
    newest_first = request.sort == "date"
    if isinstance(engine, DuihuaWhooshBackend):
        return engine.search_passages(
            parsed.to_whoosh(request.language),
            filters=_filter_query(request.filters),
            through=parsed.through_interviewees(request.language) if through else None,
            newest_first=newest_first,
            page=page,
            per_page=per_page,
        )
    if passage_search_ported(engine):
        return engine.search_parsed(
            parsed,
            language=request.language,
            filters=request.filters,
            through=through,
            newest_first=newest_first,
            page=page,
            per_page=per_page,
        )
    not_ported = PassageSearchNotPorted(NOT_PORTED % type(engine).__name__)
    logger.error("Search is unavailable: %s", not_ported)  # the view answers 503
    raise not_ported


def _filter_query(filters: dict[str, str]) -> wq.Query | None:
    terms = [wq.Term(name, value) for name, value in filters.items()]
    return wq.And(terms) if terms else None


INTERVIEW = "archive.interview"
# The columns a hit shows (on the page and in the API), the only ones read: an interview's
# whole transcript as imported, its timestamps and its introduction (unless that is the hit)
# are left in the database.
INTERVIEW_SHOWN = ("slug", "title_zh", "title_en", "date", "script")
QUESTION_SHOWN = ("interview", "number", "text_zh", "text_en")
ANSWER_SHOWN = ("question", "position", "text_zh", "text_en")


def _answers(pks) -> QuerySet:
    return (
        Answer.objects.published()
        .filter(pk__in=pks)
        .order_by()  # the hits' order is the index's (_in_order)
        .select_related("question__interview")
        .only(
            *ANSWER_SHOWN,
            *(f"question__{name}" for name in QUESTION_SHOWN),
            *(f"question__interview__{name}" for name in INTERVIEW_SHOWN),
        )
    )


def _questions(pks) -> QuerySet:
    return (
        Question.objects.published()
        .filter(pk__in=pks)
        .order_by()
        .select_related("interview")
        .only(*QUESTION_SHOWN, *(f"interview__{name}" for name in INTERVIEW_SHOWN))
    )


def _interviews(pks) -> QuerySet:
    return (
        Interview.objects.published()
        .filter(pk__in=pks)
        .order_by()
        .only(*INTERVIEW_SHOWN, "intro_zh", "intro_en")
    )


LOADERS = {"archive.answer": _answers, "archive.question": _questions, INTERVIEW: _interviews}


def _load(hits, interview_ids=()) -> dict[tuple[str, int], object]:
    """The published objects behind a page of hits, and these interviews, in three queries
    at most, each compiled once per shape (prepared.py). Only published rows are loaded, so
    an index that has not caught up never shows a draft."""
    by_model: dict[str, list[int]] = {}
    for hit in hits:
        by_model.setdefault(hit.model, []).append(hit.pk)
    by_model.setdefault(INTERVIEW, []).extend(int(pk) for pk in interview_ids)
    loaded: dict[tuple[str, int], object] = {}
    for model, pks in by_model.items():
        if pks and model in LOADERS:
            loaded |= {(model, obj.pk): obj for obj in prepared.load(LOADERS[model], pks)}
    return loaded


def _in_order(hits, loaded: dict) -> list:
    """The loaded objects in the order of the hits, leaving out those deleted or unpublished
    since they were indexed."""
    return [loaded[key] for hit in hits if (key := (hit.model, hit.pk)) in loaded]


def _present(obj, terms: set[Phrase], highlighter: Highlighter) -> SearchHit:
    if isinstance(obj, Answer):
        question, interview = obj.question, obj.question.interview
        return SearchHit(
            kind="answer",
            interview=interview,
            url=f"{interview.get_absolute_url()}#{obj.anchor}",
            label=f"Q{question.number} ¶{obj.position}",
            zh=highlighter(obj.text_zh, terms),
            en=highlighter(obj.text_en, terms),
            question_zh=highlighter(question.text_zh, terms),
            question_en=highlighter(question.text_en, terms),
            anchor=obj.anchor,
            passage=obj,
        )
    if isinstance(obj, Question):
        interview = obj.interview
        return SearchHit(
            kind="question",
            interview=interview,
            url=f"{interview.get_absolute_url()}#{obj.anchor}",
            label=f"Q{obj.number}",
            zh=highlighter(obj.text_zh, terms),
            en=highlighter(obj.text_en, terms),
            anchor=obj.anchor,
            passage=obj,
        )
    return SearchHit(
        kind="interview",
        interview=obj,
        url=obj.get_absolute_url(),
        label=_("Introduction"),
        zh=highlighter(obj.intro_zh, terms),
        en=highlighter(obj.intro_en, terms),
        passage=obj,
    )


def count_facets(
    per_interview: dict[str, int],
    filters: dict[str, str],
    per_speaker: dict[str, dict[str, int]] | None = None,
) -> tuple[dict[str, list[FacetValue]], list[FacetValue]]:
    """Facet counts over the whole result set, from the number of hits in each interview and
    the hits each speaker asked or answered.

    Which interviewee, year, outlet, source and topics each interview has comes from the index,
    and the names of people, organizations and topics from the database, both read once per
    index generation.
    """
    engine = backend()
    table = facet_counts.table(engine.index_generation(), engine.interview_facets())
    # The most frequent values; of equal counts, the first in value order.
    top = table.top(per_interview, FACET_SIZE)
    shown = {name: top.get(name, []) for name in FACETS}
    for name, values in (per_speaker or {}).items():  # per passage, not in the table
        shown[name] = heapq.nsmallest(
            FACET_SIZE, values.items(), key=lambda pair: (-pair[1], pair[0])
        )
    labels = _facet_labels({name: [value for value, _ in pairs] for name, pairs in shown.items()})
    facets = {
        name: [
            FacetValue(
                name,
                value,
                *labels.get((name, value), ("", value)),
                count,
                filters.get(name) == value,
            )
            for value, count in sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
        ]
        for name, pairs in shown.items()
    }
    facets["year"].sort(key=lambda facet: int(facet.value), reverse=True)  # date unknown last
    selected = [f for values in facets.values() for f in values if f.selected]
    shown_names = {f.name for f in selected}
    selected += [_unmatched_filter(n, v) for n, v in filters.items() if n not in shown_names]
    return facets, selected


def _facet_labels(values: dict[str, list[str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(facet, value) → (Chinese, English) label of each value shown, from the names of
    people, organizations and topics read once per index generation (`_names`)."""
    labels = {("year", year): year_labels(year) for year in values.get("year", [])}
    keys = {
        (name, value): value if name in SPEAKER_FACETS else NAME_KINDS[name] + value
        for name, shown in values.items()
        if name != "year"
        for value in shown
    }
    names = _names()
    missing = {key for key in keys.values() if key not in names}
    if missing:  # named since the index was written, or no such value: asked, not kept
        names = names | _read_names(missing)
    for (name, value), key in keys.items():
        if label := label_of(value) or names.get(key):
            labels[name, value] = label
    return labels


NAME_KINDS = {"interviewee": "p", "outlet": "o", "source": "o", "topic": "t"}
NAME_MODELS = {"p": Person, "o": Organization, "t": Topic}

# index root → (index generation, "p12" / "o5" / "t3" → (Chinese, English) name)
_names_cache: dict[str, tuple[tuple, dict[str, tuple[str, str]]]] = {}


def _names() -> dict[str, tuple[str, str]]:
    """The names of every person ("p12"), organization ("o5") and topic ("t3"), read in one
    query once per index generation (as the counted facets are cached): renaming any of them
    re-indexes the interviews that show it, which starts a new generation."""
    index = backend()
    generation = index.index_generation()
    cached = _names_cache.get(index.root)
    if cached and cached[0] == generation:
        return cached[1]
    names = _read_names(None)
    _names_cache[index.root] = (generation, names)
    return names


def _read_names(keys: set[str] | None) -> dict[str, tuple[str, str]]:
    """Names by key ("p12"), of these keys only (None: of all), in one query."""
    parts = []
    for prefix, model in NAME_MODELS.items():
        rows = model.objects.all()
        if keys is not None:
            pks = [key[1:] for key in keys if key[:1] == prefix and key[1:].isdigit()]
            if not pks:
                continue
            rows = rows.filter(pk__in=pks)
        parts.append(
            rows.order_by().values_list(
                Value(prefix, output_field=CharField()), "pk", "name_zh", "name_en"
            )
        )
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {f"{prefix}{pk}": (zh, en) for prefix, pk, zh, en in rows}


def _unmatched_filter(name: str, value: str) -> FacetValue:
    """A filter in use that no hit matches: still shown, so it can be removed."""
    labels = _facet_labels({name: [value]}).get((name, value), ("", value))
    return FacetValue(name, value, *labels, 0, True)
