"""Mark query terms in passage text, escaping everything else.

A query clause is a sequence of terms (an English word, the words of a quoted phrase); it is
marked only where its terms follow each other. A Chinese clause is one string, marked wherever
it occurs, as the character index finds it (绿色工业 marks 绿色工业 but not a lone 工业; 党 is
marked inside 共产党). A quoted English phrase is compared in its exact forms, so
"green industries" does not mark "green industrial" while green industries unquoted does.
Offsets point into the original text because folding keeps lengths.
Every piece of text is escaped before the <mark> tags are added (`highlight`, for pages);
the API takes the text and its ranges as they are (`mark`) and leaves rendering to its client.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape  # as django.utils.html.escape, which calls it, without the lazy wrapper

from django.utils.safestring import SafeString, mark_safe

from .analysis import HAN, fold, latin_words, segment
from .query import Phrase, only_han

Positions = dict[int, dict[str, tuple[int, int]]]
Word = tuple[str, int, int, int]  # term, position, start, end
_HAN = re.compile(f"[{HAN}]")


def matched_spans(text: str, phrases: set[Phrase]) -> list[tuple[int, int]]:
    """Merged (start, end) character ranges where one of the phrases occurs."""
    spans = []
    folded = fold(text)
    han_terms, by_words = _kinds(frozenset(phrases))
    for term in han_terms:
        spans += _occurrences(folded, term)
    words: dict[tuple[bool, bool], list[Word]] = {}
    tables: dict[tuple[bool, bool], Positions] = {}
    for phrase, kind in by_words:  # Chinese clauses are found above; segmenting is costly
        if kind not in words:
            words[kind] = _words(text, stemmed=not phrase.exact, segmented=not kind[1])
        if len(phrase.terms) == 1:  # a word: wherever it stands
            term = phrase.terms[0]
            spans += [(start, end) for word, _, start, end in words[kind] if word == term]
            continue
        if kind not in tables:
            tables[kind] = _positions(words[kind])
        at = tables[kind]
        for position in at:
            found = [at.get(position + i, {}).get(term) for i, term in enumerate(phrase.terms)]
            if all(found):
                spans.append((found[0][0], found[-1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@functools.lru_cache(maxsize=64)
def _kinds(phrases: frozenset[Phrase]) -> tuple[list[str], list[tuple[Phrase, tuple[bool, bool]]]]:
    """The phrases of one Chinese term, found as strings; and the others, each with the kind
    of word positions it is looked up in: (exact forms, Latin words only). Of Latin words
    only, Chinese is not segmented, as none of its words can match them. Worked out once
    for a query's phrases, not for each text a page marks."""
    han_terms, by_words = [], []
    for phrase in phrases:
        if len(phrase.terms) == 1 and only_han(phrase.terms[0]):
            han_terms.append(phrase.terms[0])
        else:
            kind = (phrase.exact, not any(_HAN.search(term) for term in phrase.terms))
            by_words.append((phrase, kind))
    return han_terms, by_words


def _words(text: str, stemmed: bool, segmented: bool = True) -> list[Word]:
    """The text's words (term, position, start, end), or its Latin words only."""
    return list(segment(text, stemmed) if segmented else latin_words(text, stemmed))


def _positions(words: list[Word]) -> Positions:
    """Each word position of the text: its term and where that term stands."""
    at: Positions = defaultdict(dict)
    for term, position, start, end in words:
        at[position].setdefault(term, (start, end))
    return at


def _occurrences(folded: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], folded.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = folded.find(needle, start + 1)
    return spans


def highlight(text: str, phrases: set[Phrase]) -> SafeString:
    """The text as safe HTML with the matched phrases in <mark> elements."""
    return render(mark(text, phrases))


def render(marked: Marked) -> SafeString:
    """A marked text as safe HTML: escaped, its ranges in <mark> elements."""
    if not marked.spans:
        return mark_safe(escape(marked.text))
    return mark_safe(
        "".join(
            f"<mark>{escape(piece)}</mark>" if kind else escape(piece)
            for piece, kind in cut(marked.text, [(span, "mark") for span in marked.spans])
        )
    )


def cut(text: str, marks: list[tuple[tuple[int, int], str]]) -> list[tuple[str, str]]:
    """The text cut into (piece, kind) at marked ranges ((start, end), kind), which are sorted
    and do not overlap; a piece between them has the kind ""."""
    pieces, cursor = [], 0
    for (start, end), kind in marks:
        if start > cursor:
            pieces.append((text[cursor:start], ""))
        pieces.append((text[start:end], kind))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], ""))
    return pieces


@dataclass(frozen=True)
class Marked:
    """A text and the (start, end) character ranges of it that match the query."""

    text: str
    spans: list[tuple[int, int]]


def mark(text: str, phrases: set[Phrase]) -> Marked:
    """The text with its matched ranges as offsets, not HTML (for the API)."""
    return Marked(text, matched_spans(text, phrases))
