"""Align the sentences of one paragraph pair (no Django).

The paragraph aligner's programme (transcripts.align.align_texts: length shares and anchors
that survive translation) run on sentences, with moves for 1-1, 2-1, 1-2, 1-0, 0-1 and, since
Chinese ends clauses at ； where English goes on after a semicolon, 3-1 and 1-3. Shares are of
the paragraph pair, which is known to be a translation, so a long sentence pairs with a long one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..transcripts.align import MAX_ALIGN_CELLS, align_texts, length_ratio, text_confidence
from .sentences import Span, split_en, split_zh

# Fixed cost of each move on top of the length mismatch, chosen on synthetic Tatoeba paragraphs
# (concordance.evaluation; a different seed from the one the tests score).
SENTENCE_MOVES = {
    (1, 1): 0.0,
    (2, 1): 0.12,
    (1, 2): 0.12,
    (3, 1): 0.3,
    (1, 3): 0.3,
    (2, 2): 0.3,  # a clause carried across a sentence boundary (Gale and Church's 2-2)
    (1, 0): 0.1,
    (0, 1): 0.1,
}


@dataclass(frozen=True)
class SentencePair:
    """One bead: a span of the Chinese paragraph and a span of the English one.

    An empty span (start == end) is a sentence left untranslated on the other side.
    """

    zh: Span
    en: Span
    confidence: float


def align_sentences(text_zh: str, text_en: str) -> list[SentencePair]:
    """The sentence pairs of a paragraph pair, in reading order, covering both texts."""
    zh, en = split_zh(text_zh), split_en(text_en)
    if not zh or not en or len(zh) * len(en) > MAX_ALIGN_CELLS:
        return _in_one(text_zh, text_en, zh, en)
    zh_texts = [text_zh[a:b] for a, b in zh]
    en_texts = [text_en[a:b] for a, b in en]
    ratio = length_ratio([text_zh], [text_en])
    pairs = []
    for left, right in align_texts(zh_texts, en_texts, moves=SENTENCE_MOVES):
        zh_span, en_span = _cover(zh[left]), _cover(en[right])
        score = text_confidence(zh_texts[left], en_texts[right], ratio)
        pairs.append(SentencePair(zh_span, en_span, score))
    return pairs


def _cover(spans: list[Span]) -> Span:
    """One span from the first sentence's start to the last one's end ((0, 0) for none)."""
    return (spans[0][0], spans[-1][1]) if spans else (0, 0)


def _in_one(text_zh: str, text_en: str, zh: list[Span], en: list[Span]) -> list[SentencePair]:
    """A pair with one side empty (or too long to align) as a single bead."""
    if not zh and not en:
        return []
    ratio = length_ratio([text_zh], [text_en])
    score = text_confidence([text_zh] if zh else [], [text_en] if en else [], ratio)
    return [SentencePair(_cover(zh), _cover(en), score)]
