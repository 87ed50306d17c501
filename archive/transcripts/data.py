"""The parsed form of a transcript: plain dataclasses, the same whatever layout it came in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024


class TranscriptError(ValueError):
    """A transcript that cannot be imported; names the file and, where known, the line."""

    def __init__(self, message: str, *, source: str = "<text>", line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ParseWarning:
    """Something the curator should check; the import still goes ahead."""

    message: str
    line: int | None = None
    question: int | None = None  # question number it concerns, if any


@dataclass(frozen=True)
class DroppedLine:
    """A line the parser left out of the text (page chrome), or a gloss it removed."""

    line: int | None
    text: str
    rule: str  # which documented rule dropped it, e.g. "share buttons"


@dataclass(frozen=True)
class Speaker:
    """Who speaks, as labelled in the transcript ("路透社记者" / "Reuters"); empty if unsaid."""

    zh: str = ""
    en: str = ""

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


NOBODY = Speaker()


@dataclass(frozen=True)
class Interviewee:
    """Someone the interview is with, as the file names them or the header implies.

    An interview may have several (a press conference's host and a guest); the header's
    inference can give a role without a name ("总干事接受…专访"), which names nobody to import.
    """

    zh: str = ""
    en: str = ""
    role_zh: str = ""  # e.g. 总干事
    affiliation_zh: str = ""  # e.g. 联合国工业发展组织

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


@dataclass
class AnswerPair:
    """One aligned row: a Chinese paragraph and its English partner (either may be '')."""

    text_zh: str
    text_en: str
    line_zh: int | None = None  # 1-based line of the (first) Chinese paragraph in the file
    line_en: int | None = None
    speaker: Speaker = NOBODY
    confidence: float = 1.0  # how sure the aligner is that the two sides translate each other


@dataclass
class QuestionBlock:
    """One question in both languages with its aligned answer rows.

    Number 0 is the opening statement of a press conference: answers without a question.
    """

    number: int
    text_zh: str
    text_en: str
    answers: list[AnswerPair] = field(default_factory=list)
    line_zh: int | None = None
    line_en: int | None = None
    asker: Speaker = NOBODY


@dataclass
class Transcript:
    """A parsed transcript: header, intro and questions, plus what the curator should check."""

    title_zh: str
    title_en: str
    date: dt.date | None
    source_zh: str  # 来源: the organisation that published the text
    intro_zh: str  # paragraphs joined with "\n\n"
    intro_en: str
    questions: list[QuestionBlock]
    script: str = "zh-Hans"  # "zh-Hans" or "zh-Hant", detected from the Chinese text
    # Everyone the interview is with, in the file's order: as a JSON file lists them, or
    # inferred, e.g. 李勇 from "...总干事李勇接受人民日报专访"
    interviewees: list[Interviewee] = field(default_factory=list)
    outlet_zh: str = ""  # the outlet that interviewed, e.g. 人民日报
    warnings: list[ParseWarning] = field(default_factory=list)
    layout: str = ""  # the reader that read it, e.g. "numbered", "turns"
    layout_reason: str = ""  # why that reader was chosen
    dropped: list[DroppedLine] = field(default_factory=list)  # page chrome left out
    glosses: list[DroppedLine] = field(default_factory=list)  # pinyin glosses removed
    source_en: str = ""
    outlet_en: str = ""
    source_url: str = ""
    topics: list[str] = field(default_factory=list)
    slug: str = ""  # the archive's slug, when the file is an export of the archive

    @property
    def has_english(self) -> bool:
        return any(q.text_en or any(a.text_en for a in q.answers) for q in self.questions)

    @property
    def has_chinese(self) -> bool:
        return any(q.text_zh or any(a.text_zh for a in q.answers) for q in self.questions)
