"""Split a paragraph into sentences, as (start, end) offsets into the text (no Django).

Chinese ends a sentence at 。！？； (and ! ? ; written full or half width), after any closing
quotes or brackets that follow; an ellipsis (…… or ...) ends one only before a space or an
opening quote; a numbered item (（一）, 一是, 1.) after a colon starts one. English is split
by pysbd, a maintained port of the Golden Rules segmenter, which knows abbreviations (Mr.,
U.S.), decimals (2.5), initials (J. K.) and quotations; its pieces are found again in the
text so every span points into the stored paragraph.
"""

from __future__ import annotations

import functools
import re

Span = tuple[int, int]

_CLOSERS = "”’」』）)》〉】\"'"
# A stop, then any closing quotes/brackets.
_ZH_STOP = re.compile(f"[。！？；!?;]+[{_CLOSERS}]*")
# An ellipsis ends a sentence only before a space or an opening quote (not 等等……的问题).
_ZH_ELLIPSIS = re.compile(f"(?:……|…|\\.{{3,}})[{_CLOSERS}]*(?=\\s+\\S|[“「『])")
# A numbered item opening after a colon: （一） (1) 一是 第一， 1. 1、
_ZH_ITEM = re.compile(
    r"(?<=[：:])\s*(?=（[一二三四五六七八九十\d]+）|\(\d+\)|[一二三四五六七八九十]是|"
    r"第[一二三四五六七八九十]+[，,、]|\d+[、.．]\D)"
)


def split_zh(text: str) -> list[Span]:
    """Sentences of a Chinese paragraph."""
    cuts = {match.end() for match in _ZH_STOP.finditer(text)}
    cuts |= {match.end() for match in _ZH_ELLIPSIS.finditer(text)}
    cuts |= {match.start() for match in _ZH_ITEM.finditer(text)}
    return _spans(text, sorted(cuts))


def split_en(text: str) -> list[Span]:
    """Sentences of an English paragraph."""
    spans, cursor = [], 0
    for piece in _english_segmenter().segment(text):
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start == -1:  # pysbd changed the text after all: fall back to what is left
            break
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    rest = text[cursor:].strip()
    if rest:
        start = text.index(rest, cursor)
        spans.append((start, start + len(rest)))
    return spans


def split(text: str, language: str) -> list[Span]:
    """Sentences of a paragraph in 'zh' or 'en'."""
    return split_zh(text) if language == "zh" else split_en(text)


@functools.cache
def _english_segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _spans(text: str, cuts: list[int]) -> list[Span]:
    """The pieces between cuts, without surrounding spaces; empty pieces dropped."""
    spans, start = [], 0
    for end in [*cuts, len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped and any(ch.isalnum() for ch in stripped):
            left = start + piece.index(stripped)
            spans.append((left, left + len(stripped)))
        elif stripped and spans:  # stray punctuation joins the sentence before it
            spans[-1] = (spans[-1][0], start + len(piece.rstrip()))
        start = end
    return spans
