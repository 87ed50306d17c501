"""Text into numbered lines and paragraphs, remembering where each starts in the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..text import clean_line


@dataclass
class Paragraph:
    text: str  # normalised, lines joined with "\n"
    line: int  # 1-based line where it starts in the original text


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def numbered_lines(text: str) -> list[Paragraph]:
    """Every non-blank line, cleaned, with its 1-based line number."""
    lines = (clean_line(raw) for raw in unify_newlines(text).split("\n"))
    return [Paragraph(line, number) for number, line in enumerate(lines, start=1) if line]


def split_paragraphs(
    text: str, starts_paragraph: Callable[[str], bool] | None = None
) -> list[Paragraph]:
    """Split on blank lines; a line for which `starts_paragraph` holds also starts one.

    A file with no blank line at all (text copied from a web page) has one paragraph per line.
    """
    lines = [clean_line(raw) for raw in unify_newlines(text).split("\n")]
    line_per_paragraph = no_blank_lines(lines)
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        breaks = not line or line_per_paragraph or (starts_paragraph and starts_paragraph(line))
        if current and breaks:
            paragraphs.append(Paragraph("\n".join(current), start))
            current = []
        if line and not current:
            start = number
        if line:
            current.append(line)
    if current:
        paragraphs.append(Paragraph("\n".join(current), start))
    return paragraphs


def no_blank_lines(lines: list[str]) -> bool:
    """True when no blank line separates two lines of text."""
    first = next((i for i, line in enumerate(lines) if line), 0)
    last = max((i for i, line in enumerate(lines) if line), default=0)
    return all(lines[first : last + 1])
