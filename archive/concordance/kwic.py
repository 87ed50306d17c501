"""KWIC lines: every occurrence of a query in the aligned sentences, with the sentence beside it.

The query is read and matched exactly as search reads and marks it (search.query and
search.highlight: folding of traditional characters and full width, segmentation, stemming,
phrases), and the passages come from the search index with the search page's facet filters.
Each occurrence in a sentence is one line: the context left of it, the hit, the context right
of it, and the aligned sentence of the other language. Lines are sorted by date (newest
first, then reading order), or by the context to the left (read backwards from the hit) or
to the right. The database is read in two queries whatever the number of lines.

Only the passages a page needs are read. The index counts every matching passage in one pass
and returns the newest first (search's sort by date), so the date order reads the newest
passages down to the page shown, and at least the newest SAMPLE, which the equivalents are
drawn from; a sort by context, and a download, read the newest MAX_PASSAGES. Lines are
counted exactly when every passage was read, else the page says that only passages are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as wq

from ..models import Answer, Interview
from ..search.analysis import fold
from ..search.backend import DuihuaWhooshBackend, HitPage
from ..search.highlight import Phrase, cut, matched_spans
from ..search.indexing import backend
from ..search.query import ParsedQuery, only_han, parse_query, typed_in
from ..search.query import QueryError as QueryError  # raised by concordance(), for views
from ..search.service import PassageSearchNotPorted, SearchRequest
from .links import holding, load_links, span

SORTS = ("date", "left", "right")
PER_PAGE = 50
MAX_PASSAGES = 5000  # paragraph pairs read for one query; more are counted but not shown
SAMPLE = 500  # the newest paragraph pairs every page reads: the equivalents come from them
CONTEXT = {"zh": 30, "en": 70}  # characters of context shown on each side of a hit

Piece = tuple[str, bool]  # a piece of text and whether it is marked


# What a line shows of its pair and interview; the rest of the rows is not read.
ANSWER_FIELDS = (
    "position",
    "text_zh",
    "text_en",
    "question__number",
    "question__interview__slug",
    "question__interview__date",
    "question__interview__script",
)


@dataclass
class ConcordanceRequest:
    """What the researcher asked for, validated from GET parameters (search's, plus sort)."""

    q: str = ""
    sort: str = "date"
    page: int = 1
    filters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> ConcordanceRequest:
        search = SearchRequest.from_params(params)
        sort = params.get("sort", "date")
        return cls(search.q, sort if sort in SORTS else "date", search.page, search.filters)

    @property
    def language(self) -> str:
        """The side searched: Chinese if the query has Han characters, else English."""
        return typed_in(self.q)

    @property
    def other_language(self) -> str:
        return "en" if self.language == "zh" else "zh"

    def search_request(self) -> SearchRequest:
        return SearchRequest(q=self.q, language=self.language, filters=self.filters)


@dataclass
class Line:
    """One occurrence of the query, in its sentence, beside the aligned sentence."""

    answer: Answer
    interview: Interview
    language: str  # of the hit: zh or en
    sentence: str  # the whole sentence holding the hit
    start: int  # the hit's offsets in it
    end: int
    other: str  # the aligned sentence in the other language ("" when untranslated)
    confidence: float
    marked: list[Piece] = field(default_factory=list)  # `other`, with equivalents marked

    @property
    def hit(self) -> str:
        return self.sentence[self.start : self.end]

    @property
    def before(self) -> str:
        """The whole context left of the hit (sorting reads it)."""
        return self.sentence[: self.start]

    @property
    def after(self) -> str:
        return self.sentence[self.end :]

    @property
    def left(self) -> str:
        """The context left of the hit as shown: its last characters, "…" where cut."""
        width = CONTEXT[self.language]
        return self.before if len(self.before) <= width else "…" + self.before[-width:]

    @property
    def right(self) -> str:
        width = CONTEXT[self.language]
        return self.after if len(self.after) <= width else self.after[:width] + "…"

    @property
    def url(self) -> str:
        return f"{self.interview.get_absolute_url()}#{self.answer.anchor}"

    @property
    def label(self) -> str:
        return f"Q{self.answer.question.number} ¶{self.answer.position}"

    @property
    def lang(self) -> str:
        """The HTML lang of the hit's sentence."""
        return self.interview.script if self.language == "zh" else "en"

    @property
    def other_lang(self) -> str:
        return "en" if self.language == "zh" else self.interview.script


@dataclass
class Concordance:
    request: ConcordanceRequest
    parsed: ParsedQuery | None = None
    passages: int = 0  # paragraph pairs found by the index
    found: HitPage | None = None  # what the index found, for the facets and the trend
    lines: list[Line] = field(default_factory=list)  # of the passages read, in the sort asked
    read: int = 0  # the newest passages whose lines were read
    sample: list[Line] = field(default_factory=list)  # lines of the newest SAMPLE passages
    sampled: int = 0  # passages the sample comes from

    @property
    def complete(self) -> bool:
        """Whether every passage was read, so that `lines` holds every line."""
        return self.read >= self.passages

    @property
    def truncated(self) -> bool:
        """Whether reading stopped at MAX_PASSAGES: older passages are counted, not shown (a
        sort by context then sorts only the lines of the newest)."""
        return self.read >= MAX_PASSAGES and self.passages > self.read

    @property
    def pages(self) -> int | None:
        """The number of pages, when it is known (every passage read); else None."""
        if not self.complete and self.request.sort == "date":
            return None
        return max(1, -(-len(self.lines) // PER_PAGE))

    @property
    def has_next(self) -> bool:
        if len(self.lines) > self.request.page * PER_PAGE:
            return True
        return self.request.sort == "date" and self.read < min(self.passages, MAX_PASSAGES)

    @property
    def page_lines(self) -> list[Line]:
        start = (self.request.page - 1) * PER_PAGE
        return self.lines[start : start + PER_PAGE]


def concordance(
    request: ConcordanceRequest, *, every: bool = False, sample: int | None = None
) -> Concordance:
    """The lines a page of this request needs, sorted (`every`: the lines of the newest
    MAX_PASSAGES passages, as a download has them); a query the search page refuses raises
    QueryError. The lines of the newest `sample` passages are kept apart for the equivalents.
    """
    result = Concordance(request)
    if not request.q.strip():
        return result
    result.parsed = parse_query(request.q)
    sample = SAMPLE if sample is None else sample
    wanted = MAX_PASSAGES if every or request.sort != "date" else request.page * PER_PAGE
    result.found = find_answers(request, result.parsed, min(max(wanted, sample), MAX_PASSAGES))
    result.passages = result.found.total
    result.read = len(result.found.hits)
    answers = load_answers([hit.pk for hit in result.found.hits])
    phrases = result.parsed.highlight_phrases()
    lines = lines_of(answers, phrases, request.language)  # newest first, as read
    result.sampled = min(sample, result.read)
    newest = {hit.pk for hit in result.found.hits[:sample]}
    result.sample = [line for line in lines if line.answer.pk in newest]
    result.lines = sort_lines(lines, request.sort)
    return result


def find_answers(request: ConcordanceRequest, parsed: ParsedQuery, count: int) -> HitPage:
    """The newest `count` paragraph pairs matching the query on its side, with the number of
    all of them, per interview and per speaker (for the facets and the trend)."""
    engine = backend()
    if not isinstance(engine, DuihuaWhooshBackend):  # it counts in Whoosh's own index
        raise PassageSearchNotPorted(
            f"the concordance reads the Whoosh index; {type(engine).__name__} is not Whoosh"
        )
    terms = [wq.Term(name, value) for name, value in request.filters.items()]
    return engine.search_passages(
        parsed.to_whoosh(request.language),
        filters=wq.And(terms) if terms else None,
        newest_first=True,
        per_page=count,
        answers_only=True,
    )


def load_answers(ids: list[int]) -> list[Answer]:
    """The published pairs with their sentence links, in the order given (two queries).

    Links are read as plain rows into `answer.links`: a frequent term has thousands of them.
    """
    rank = {pk: i for i, pk in enumerate(ids)}
    # Published only, checked here: SQLite plans the status join badly against a long IN list
    # (13 s instead of 70 ms for 3,500 pairs of 100,000).
    rows = Answer.objects.filter(pk__in=ids).select_related("question__interview")
    answers = [
        answer
        for answer in rows.only(*ANSWER_FIELDS, "question__interview__status")
        if answer.question.interview.status == Interview.Status.PUBLISHED
    ]
    links = load_links(answer.pk for answer in answers)
    for answer in answers:
        answer.links = links.get(answer.pk, [])
    return sorted(answers, key=lambda answer: rank[answer.pk])


def lines_of(answers: Iterable[Answer], phrases: set[Phrase], language: str) -> list[Line]:
    """One line per occurrence of the phrases in the sentences of these pairs."""
    lines = []
    for answer in answers:
        texts = {"zh": answer.text_zh, "en": answer.text_en}
        other = "en" if language == "zh" else "zh"
        hits = find_spans(texts[language], phrases)  # the paragraph read once, not per sentence
        for hit_start, hit_end in hits:
            found = holding(answer.links, language, hit_start, hit_end)
            if len(found) != 1:  # a line is one sentence: a hit across two is left out
                continue
            start, end = span(found[0], language)
            sentence = texts[language][start:end]
            other_start, other_end = span(found[0], other)
            translation = texts[other][other_start:other_end]
            line = _line(answer, language, sentence, hit_start - start, hit_end - start)
            line.other, line.confidence = translation, found[0].confidence
            line.marked = [(translation, False)] if translation else []
            lines.append(line)
    return lines


def find_spans(text: str, phrases: set[Phrase]) -> list[tuple[int, int]]:
    """search.highlight.matched_spans, without segmenting the text when every phrase is a run
    of Han characters (found as the character index finds them: in the folded text)."""
    if phrases and all(len(p.terms) == 1 and only_han(p.terms[0]) for p in phrases):
        folded = fold(text)
        spans = []
        for needle in (p.terms[0] for p in phrases):
            at = folded.find(needle)
            while at != -1:
                spans.append((at, at + len(needle)))
                at = folded.find(needle, at + len(needle))
        return sorted(spans)
    return matched_spans(text, phrases)


def _line(answer, language, sentence, start, end) -> Line:
    return Line(answer, answer.question.interview, language, sentence, start, end, "", 0.0)


def sort_lines(lines: list[Line], sort: str) -> list[Line]:
    """Lines by date (as found: newest first, reading order within a pair) or by context."""
    if sort == "left":
        return sorted(lines, key=lambda line: _words(line.before, line.language)[::-1])
    if sort == "right":
        return sorted(lines, key=lambda line: _words(line.after, line.language))
    return lines


def _words(text: str, language: str) -> list[str]:
    """The context as sort keys: Chinese character by character, English word by word,
    folded (traditional as simplified, case ignored) and without punctuation."""
    folded = fold(text).lower()
    if language == "zh":
        return [char for char in folded if char.isalnum()]
    return ["".join(ch for ch in word if ch.isalnum()) for word in folded.split()]


def mark_equivalents(lines: Iterable[Line], equivalents: set[Phrase]) -> None:
    """Mark the equivalents in each line's aligned sentence (as search marks a query)."""
    for line in lines:
        if line.other and equivalents:
            line.marked = pieces(line.other, matched_spans(line.other, equivalents))


def pieces(text: str, spans: list[tuple[int, int]]) -> list[Piece]:
    """The text cut into (piece, marked) at the spans, for a template to render escaped."""
    return [(piece, bool(kind)) for piece, kind in cut(text, [(span, "mark") for span in spans])]
