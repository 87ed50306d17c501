"""Pinyin glosses that converters put after characters (發(fā)言人, 問題(tí)), and their removal."""

from __future__ import annotations

import re

from ..text import HAN
from .data import DroppedLine
from .paragraphs import unify_newlines

# A toned syllable in ASCII or full-width brackets right after a Han character. Requiring a
# tone mark keeps genuine bracketed words such as 发言人(Spokesperson) or 美元(USD).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = f"[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*"
GLOSS = re.compile(f"(?<=[{HAN}])[(（]({_SYLLABLE})[)）]")
GLOSS_RULE = "pinyin gloss"


def strip_glosses(text: str) -> tuple[str, list[DroppedLine]]:
    """The text without pinyin glosses, and each removed gloss with its line."""
    removed: list[DroppedLine] = []
    lines = unify_newlines(text).split("\n")
    if not GLOSS.search(text):
        return text, removed
    for number, line in enumerate(lines, start=1):
        removed.extend(DroppedLine(number, m.group(), GLOSS_RULE) for m in GLOSS.finditer(line))
    return GLOSS.sub("", unify_newlines(text)), removed
