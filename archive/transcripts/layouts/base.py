"""What every layout reader is: it says how well a text fits it, and reads what fits."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..align import confidence, length_ratio
from ..data import AnswerPair, DroppedLine, ParseWarning, QuestionBlock, Speaker, Transcript
from ..paragraphs import Paragraph


@dataclass
class Document:
    """A file on its way in: its name, its text (decoded or extracted) and its bytes."""

    source: str
    text: str
    data: bytes = b""
    suffix: str = ""  # ".txt", ".json", … in lower case
    dropped: list[DroppedLine] = field(default_factory=list)  # chrome found so far


@dataclass(frozen=True)
class Fit:
    """How well a text fits a layout, from 0 (cannot read it) to 1 (made for it), and why."""

    score: float
    reason: str


class Reader:
    """One layout. Subclasses set name, title and example, and implement fit() and read()."""

    name = ""
    title = ""  # shown to curators: "Speaker turns"
    example = ""  # a few lines showing the layout
    binary = False  # reads bytes (DOCX) rather than text

    def fit(self, doc: Document) -> Fit:
        raise NotImplementedError

    def read(self, doc: Document) -> Transcript:
        raise NotImplementedError


def pair(zh: list[Paragraph], en: list[Paragraph], speaker: Speaker | None = None) -> AnswerPair:
    """One answer row from the paragraphs of each side that translate each other."""
    row = AnswerPair(
        text_zh="\n\n".join(paragraph.text for paragraph in zh),
        text_en="\n\n".join(paragraph.text for paragraph in en),
        line_zh=zh[0].line if zh else None,
        line_en=en[0].line if en else None,
    )
    if speaker:
        row.speaker = speaker
    return row


def confidences(questions: list[QuestionBlock]) -> None:
    """Give every answer row its alignment confidence, against the transcript's length ratio."""
    rows = [answer for question in questions for answer in question.answers]
    if not any(r.text_zh for r in rows) or not any(r.text_en for r in rows):
        return  # one language only: nothing was paired, nothing to doubt
    both = [r for r in rows if r.text_zh and r.text_en]
    ratio = length_ratio([r.text_zh for r in both], [r.text_en for r in both])
    for row in rows:
        zh = [Paragraph(row.text_zh, 0)] if row.text_zh else []
        en = [Paragraph(row.text_en, 0)] if row.text_en else []
        row.confidence = confidence(zh, en, ratio)


UNPAIRABLE_MEDIAN = 0.3  # median confidence of the paired rows below which nothing is paired
MIN_ROWS_TO_JUDGE = 4


def unpair_if_hopeless(transcript: Transcript) -> None:
    """A file whose two languages do not follow each other is imported with the Chinese only.

    Pairing such text would put translations beside paragraphs they do not translate; the
    English stays in the original text, and the curator is told.
    """
    rows = [a for q in transcript.questions for a in q.answers if a.text_zh and a.text_en]
    if len(rows) < MIN_ROWS_TO_JUDGE:
        return
    median = sorted(row.confidence for row in rows)[len(rows) // 2]
    if median >= UNPAIRABLE_MEDIAN:
        return
    for question in transcript.questions:
        question.text_en = ""
        question.answers = [a for a in question.answers if a.text_zh]
        for answer in question.answers:
            answer.text_en, answer.line_en, answer.confidence = "", None, 1.0
    message = (
        f"the Chinese and English do not follow each other paragraph by paragraph (median "
        f"alignment confidence {median:.2f}); only the Chinese was imported — the English is "
        "kept in the original text: pair it by hand or fix the file"
    )
    transcript.warnings.insert(0, ParseWarning(message))
