"""What the admin's import preview shows of one staged upload, from the loader's dry run.

The preview never parses on its own: it asks ``importing.import_bytes(dry_run=True)``, the same
call that the confirmation makes without dry_run, so what the curator checks is what is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import importing
from .models import LOW_CONFIDENCE, Interview, PendingImport
from .text import language_of
from .transcripts import AnswerPair, DroppedLine, QuestionBlock, Transcript
from .transcripts.layouts import reader_named
from .transcripts.paragraphs import unify_newlines


@dataclass
class Row:
    """One answer row as the preview shows it: the pair, its citation label and its anchor."""

    pair: AnswerPair
    label: str
    anchor: str

    @property
    def needs_check(self) -> bool:
        return self.pair.confidence < LOW_CONFIDENCE


@dataclass
class Turn:
    """A question (or the opening statement, number 0) with its answer rows."""

    question: QuestionBlock
    rows: list[Row]


@dataclass
class Left:
    """A line the parser left out (page chrome or a gloss), with the language to mark it in."""

    line: DroppedLine
    lang: str


@dataclass
class FilePreview:
    """What the parser found in one uploaded file, before anything is saved."""

    filename: str
    chosen_layout: str = ""  # the layout the curator forced, if any
    transcript: Transcript | None = None
    error: str = ""
    error_line: int | None = None
    error_excerpt: str = ""
    existing: Interview | None = None
    turns: list[Turn] = field(default_factory=list)
    dropped: list[Left] = field(default_factory=list)
    glosses: list[Left] = field(default_factory=list)

    @property
    def importable(self) -> bool:
        return self.transcript is not None and self.existing is None

    @property
    def layout_title(self) -> str:
        reader = reader_named(self.transcript.layout) if self.transcript else None
        return reader.title if reader else ""

    @property
    def rows_to_check(self) -> list[Row]:
        return [row for turn in self.turns for row in turn.rows if row.needs_check]


def preview_file(pending: PendingImport) -> FilePreview:
    """The dry run of one staged upload; a refusal keeps its line and the text of that line."""
    found = FilePreview(pending.filename, chosen_layout=pending.layout)
    if pending.error:
        found.error = pending.error
        return found
    data = bytes(pending.data)
    result = importing.import_bytes(
        data, source=pending.filename, layout=pending.layout or None, dry_run=True
    )
    if result.failed:
        found.error = result.refusal.message if result.refusal else result.error
        found.error_line = result.refusal.line if result.refusal else None
        found.error_excerpt = _line_of(data, found.error_line)
        return found
    transcript = found.transcript = result.transcript
    if result.status == importing.UNCHANGED:
        found.existing = result.interview
    prefix = f"file-{pending.pk}"
    found.turns = [_turn(question, prefix) for question in transcript.questions]
    found.dropped = [_left(line, transcript.script) for line in transcript.dropped]
    found.glosses = [_left(line, transcript.script) for line in transcript.glosses]
    return found


def _turn(question: QuestionBlock, prefix: str) -> Turn:
    rows = [
        Row(pair, f"{question.number}.{i}", f"{prefix}-q{question.number}-a{i}")
        for i, pair in enumerate(question.answers, start=1)
    ]
    return Turn(question, rows)


def _left(line: DroppedLine, script: str) -> Left:
    language = language_of(line.text)
    return Left(line, script if language == "zh" else language)


def _line_of(data: bytes, line: int | None) -> str:
    """The text of a line of a text file, for the error excerpt; '' for binary files."""
    if not line:
        return ""
    try:
        # Lines as the parser counts them: splitlines() would also break at NEL, FF, U+2028.
        lines = unify_newlines(data.decode("utf-8-sig")).split("\n")
    except UnicodeDecodeError:
        return ""
    return lines[line - 1][:300] if line <= len(lines) else ""
