"""Read the stored sentence links of paragraph pairs: load them, find the sentences of a match.

The concordance (kwic) and the search page's hits both ask the same question of a paragraph
pair: which sentence holds this match, and which sentence of the other language is aligned
with it. Links are read as plain rows (`Link`), a whole page or query's worth in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .align import SentencePair
from .models import SentenceLink
from .sentences import Span


class Link(NamedTuple):
    """A sentence link as it is read back (a row, not a model instance)."""

    zh_start: int
    zh_end: int
    en_start: int
    en_end: int
    confidence: float
    digest: str  # of the texts it was aligned on (store.digest)


def load_links(answer_ids: Iterable[int]) -> dict[int, list[Link]]:
    """The links of these paragraph pairs in reading order, by pair (one query)."""
    links: dict[int, list[Link]] = {}
    rows = SentenceLink.objects.filter(answer__in=list(answer_ids))
    rows = rows.order_by("answer_id", "position")  # by the column: no join with the answers
    for answer_id, *fields in rows.values_list("answer_id", *Link._fields):
        links.setdefault(answer_id, []).append(Link(*fields))
    return links


def span(link: Link, language: str) -> Span:
    """The link's sentence in 'zh' or 'en', as offsets into that side's text."""
    return (link.zh_start, link.zh_end) if language == "zh" else (link.en_start, link.en_end)


def holding(links: Sequence[Link], language: str, start: int, end: int) -> list[Link]:
    """The links whose sentences in `language` hold the range [start, end): one link when the
    range lies within a sentence, consecutive links when it runs across sentences, none when
    part of it is in no linked sentence (or the range is empty)."""
    if start >= end:
        return []
    found = []
    for link in links:
        left, right = span(link, language)
        if left < end and start < right:
            found.append(link)
    if not found or span(found[0], language)[0] > start or span(found[-1], language)[1] < end:
        return []
    return found


def sentence_links(
    text_zh: str, text_en: str, links: Sequence[Link], matches: Sequence[Span], language: str
) -> list[Link]:
    """The links of the sentences holding the first match, in `language` (`joined`, they are
    the matching sentence pair): none when there is no match, the match is not inside linked
    sentences, or the links do not fit the texts (then they were aligned on other texts)."""
    if not matches:
        return []
    found = holding(links, language, *matches[0])
    return found if fits(found, text_zh, text_en) else []


def fits(links: Sequence[Link], text_zh: str, text_en: str) -> bool:
    """Whether the links point inside the texts."""
    return all(link.zh_end <= len(text_zh) and link.en_end <= len(text_en) for link in links)


def joined(links: Sequence[Link]) -> SentencePair:
    """Consecutive links as one sentence pair: offsets into the pair's texts from the first
    sentence to the last on each side, with the weakest confidence among them."""
    return SentencePair(
        _cover(links, "zh"), _cover(links, "en"), min(link.confidence for link in links)
    )


def _cover(links: Sequence[Link], language: str) -> Span:
    """From the first sentence to the last of these links in one language; (0, 0) when they
    leave that side untranslated (an empty span is stored as (0, 0))."""
    spans = [(start, end) for start, end in (span(link, language) for link in links) if start < end]
    return (spans[0][0], spans[-1][1]) if spans else (0, 0)
