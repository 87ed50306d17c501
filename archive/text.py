"""Text helpers shared by the parser, search and history, free of Django: one definition each.

- `HAN`: the Han character ranges (CJK unified ideographs, extension A, compatibility);
- `fold_width`: NFKC folding character by character (full-width 问题１： → 问题1:), keeping
  every character at its offset;
- `clean_text`: the whitespace normalisation applied to every stored text;
- `looks_english`: whether Latin letters clearly dominate a piece of text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
LATIN_CHAR = re.compile("[A-Za-z]")

SPACES = re.compile("[ \t\f\v\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


@functools.lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """NFKC form of one character, or the character itself if NFKC would lengthen it."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold_width(text: str) -> str:
    """NFKC-fold text character by character; offsets in the result match the original."""
    return "".join(fold_char(char) for char in text)


def clean_line(line: str) -> str:
    """One line with zero-width characters removed and runs of spaces made one space."""
    return SPACES.sub(" ", ZERO_WIDTH.sub("", line)).strip()


def clean_text(text: str) -> str:
    """Normalise spaces the way stored fields are normalised; blank lines are dropped."""
    lines = (clean_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def collapse(text: str) -> str:
    """All whitespace runs made one space: the form in which texts are compared."""
    return " ".join(clean_line(text).split())


def han_count(text: str) -> int:
    return len(HAN_CHAR.findall(text))


def latin_count(text: str) -> int:
    return len(LATIN_CHAR.findall(text))


def looks_english(text: str) -> bool:
    """Han characters carry about a word each, so Latin letters must clearly dominate."""
    return latin_count(text) > 3 * han_count(text)


def language_of(text: str) -> str:
    """'zh', 'en' or '' (neither: numbers, punctuation) for a line or paragraph."""
    han, latin = han_count(text), latin_count(text)
    if not han and not latin:
        return ""
    return "en" if latin > 3 * han else "zh"
