"""The search page's hits, each led by its sentence pair: the sentence holding the first match
beside the sentence aligned with it, the query marked on its side and the query's likely
translation marked on the other.

Runs after search.service has found a page of hits with their matches as offsets (`Marked`).
The sentence links of the page's paragraph pairs are read in one query; the likely
translations are the equivalents (concordance.equivalents) counted over the page's own
sentence pairs only, so the work per page is bounded by the page's size, not the archive's.
A hit whose pair has no current links, or whose first match is not inside a linked sentence
(a question, an introduction), gets no lead and is shown as a whole paragraph pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..search.highlight import Marked, cut, matched_spans
from ..search.query import Phrase, typed_in
from ..search.service import SearchHit
from .equivalents import as_phrases, equivalents, to_mark
from .kwic import Line
from .links import Link, joined, load_links, sentence_links, span
from .sentences import Span
from .store import digest

QUERY, EQUIVALENT = "query", "equivalent"
# A translation is marked when the page holds at least FEWEST sentence pairs of the query and
# it stands beside the query in at least SHARE of them: a page is a small sample, and a word
# found beside two pairs of twenty ("don't" beside 我) is a coincidence, not a translation.
FEWEST, SHARE = 3, 0.25
Piece = tuple[str, str]  # a piece of text and its mark: "", QUERY or EQUIVALENT


@dataclass
class Lead:
    """A hit's sentence pair, cut into pieces for the template to render escaped."""

    language: str  # where the query was found: zh or en
    zh: list[Piece]
    en: list[Piece]
    whole: bool  # the sentences are the whole paragraphs: nothing is left to unfold

    @property
    def marks_translation(self) -> bool:
        return any(kind == EQUIVALENT for _, kind in self.zh + self.en)

    @property
    def zh_marked(self) -> dict:
        return _as_offsets(self.zh)

    @property
    def en_marked(self) -> dict:
        return _as_offsets(self.en)


def _as_offsets(pieces: list[Piece]) -> dict:
    """A side as its text and the [start, end) offsets of its marks, for the API: the query's
    under "spans" (as in search.highlight.Marked), its likely translation's under "translations"."""
    text, marks, at = "", {QUERY: [], EQUIVALENT: []}, 0
    for piece, kind in pieces:
        if kind:
            marks[kind].append((at, at + len(piece)))
        text, at = text + piece, at + len(piece)
    return {"text": text, "spans": marks[QUERY], "translations": marks[EQUIVALENT]}


@dataclass
class _Found:
    """A lead being built: the hit, its pair's links and those of the sentences shown."""

    hit: SearchHit
    language: str  # where the first match is
    links: list[Link]
    held: list[Link]

    @property
    def other(self) -> str:
        return "en" if self.language == "zh" else "zh"

    def text(self, side: str) -> str:
        return self.hit.zh.text if side == "zh" else self.hit.en.text

    def spans(self) -> dict[str, Span]:
        pair = joined(self.held)
        return {"zh": pair.zh, "en": pair.en}

    def line(self) -> Line:
        """The sentence holding the first match beside the aligned one, as kwic has it."""
        pair, language = joined(self.held), self.language
        start, end = pair.zh if language == "zh" else pair.en
        first = self.marked(language).spans[0]
        return Line(
            self.hit.passage,
            self.hit.interview,
            language,
            self.text(language)[start:end],
            first[0] - start,
            first[1] - start,
            self.text(self.other)[slice(*(pair.en if language == "zh" else pair.zh))],
            pair.confidence,
        )

    def marked(self, side: str) -> Marked:
        return self.hit.zh if side == "zh" else self.hit.en


def lead_hits(hits: Sequence[SearchHit], query: str, language: str, found: int) -> None:
    """Give each answer among `hits` its lead (`hit.lead`), where its links allow.

    `query` is what the researcher typed, `language` the search's (both, zh or en); `found` is
    how many passages the search found in all, which the equivalents' association measure
    weighs against.
    """
    answers = [hit for hit in hits if hit.kind == "answer" and isinstance(hit.zh, Marked)]
    if not answers:
        return
    links = load_links(hit.passage.pk for hit in answers)
    sides = _sides(language, query)
    leads = [lead for hit in answers if (lead := _find(hit, links.get(hit.passage.pk), sides))]
    marks = _equivalent_phrases(leads, found)
    for lead in leads:
        translations = _translations(lead, marks.get(lead.language, set()))
        lead.hit.lead = _lead(lead, translations)


def _sides(language: str, query: str) -> tuple[str, ...]:
    """The sides to look for the first match on: the one searched, else the query's own
    language first (Chinese when it has Han characters, as the concordance reads it)."""
    if language in ("zh", "en"):
        return (language,)
    return ("zh", "en") if typed_in(query) == "zh" else ("en", "zh")


def _find(hit: SearchHit, links: list[Link] | None, sides: tuple[str, ...]) -> _Found | None:
    text_zh, text_en = hit.zh.text, hit.en.text
    if not links or links[0].digest != digest(text_zh, text_en):
        return None  # never aligned, or aligned on texts edited since
    marked = {"zh": hit.zh, "en": hit.en}
    language = next((side for side in sides if marked[side].spans), None)
    if language is None:
        return None
    held = sentence_links(text_zh, text_en, links, marked[language].spans, language)
    return _Found(hit, language, links, held) if held else None


def _equivalent_phrases(leads: list[_Found], found: int) -> dict[str, set[Phrase]]:
    """Per side searched, the likely translations worth marking, from the page's own pairs:
    equivalents that `to_mark` would mark, seen beside the query in a fair share of them."""
    marks = {}
    for language in ("zh", "en"):
        lines = [lead.line() for lead in leads if lead.language == language]
        if len(lines) < FEWEST:
            continue
        likely = to_mark(equivalents(lines, language, max(found, 1), exact=0))  # no search
        marks[language] = as_phrases(e for e in likely if e.together >= SHARE * len(lines))
    return marks


def _translations(found: _Found, equivalents: set[Phrase]) -> list[Span]:
    """Where the likely translations stand in the aligned sentence (offsets into the other
    side's text). Where they are not in it but in the sentence before or after it, the pair
    takes that sentence in: the two languages split their sentences differently there, and
    the pair shown should hold both the query and its translation."""
    if not equivalents:
        return []
    other = found.other
    found_in = _spans_in(found.text(other), found.spans()[other], equivalents)
    if found_in:
        return found_in
    first, last = found.links.index(found.held[0]), found.links.index(found.held[-1])
    for neighbour in found.links[first - 1 : first] + found.links[last + 1 : last + 2]:
        found_in = _spans_in(found.text(other), span(neighbour, other), equivalents)
        if found_in:
            found.held = sorted([*found.held, neighbour], key=found.links.index)
            return found_in
    return []


def _spans_in(text: str, sentence: Span, phrases: set[Phrase]) -> list[Span]:
    start, end = sentence
    if start >= end:
        return []
    return [(a + start, b + start) for a, b in matched_spans(text[start:end], phrases)]


def _lead(found: _Found, translations: list[Span]) -> Lead:
    pair = joined(found.held)
    pieces = {}
    for side, (start, end) in (("zh", pair.zh), ("en", pair.en)):
        queries = [(a, b) for a, b in found.marked(side).spans if start <= a and b <= end]
        marks = [(query, QUERY) for query in queries]
        if side == found.other:
            marks += [
                (at, EQUIVALENT)
                for at in translations
                if not any(_overlap(at, query) for query in queries)
            ]
        relative = [((a - start, b - start), kind) for (a, b), kind in sorted(marks)]
        pieces[side] = cut(found.text(side)[start:end], relative)
    whole = all(
        found.text(side)[start:end].strip() == found.text(side).strip()
        for side, (start, end) in (("zh", pair.zh), ("en", pair.en))
    )
    return Lead(found.language, pieces["zh"], pieces["en"], whole)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
