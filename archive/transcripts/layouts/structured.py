"""What the structured readers share: rows of paragraph pairs made into turns.

A table (CSV, TSV, a DOCX table), a translation memory (TMX) and JSON-lines all come down to
rows, each a Chinese paragraph and its English one, sometimes with the speaker or the row's role
("question") given by a column, a key or a property. This module turns such rows into a
Transcript the same way for all of them:

- a speaker written at the start of the text ("问:", "Q:", "[王毅]", "The Paper:") is taken out
  of the text and becomes the row's speaker, unless the file gives the speaker itself;
- a row marked as a question (role "question", a label such as 问 / Q / 记者 / Reporter / Host /
  主持人, a label used by a speaker who asks, or, in a file without labels, a text ending in a
  question mark) starts a new turn; other rows are its answer paragraphs;
- an unlabelled row continues the previous speaker (the question, or the last answerer);
- rows before the first question are the header (a title row, date and source lines, an
  introduction about the interview) or, when they are dialogue, the opening statement (turn 0).

It also holds the guard that keeps structured readers off text extracted from a page or a
document (`reading_extracted`), and pinyin-gloss stripping for strings decoded from JSON.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...text import HAN_CHAR, clean_text, fold_width, language_of, looks_english
from .. import labels
from ..data import (
    NOBODY,
    AnswerPair,
    DroppedLine,
    ParseWarning,
    QuestionBlock,
    Speaker,
    Transcript,
    TranscriptError,
)
from ..glosses import GLOSS, GLOSS_RULE
from ..header import parse_date, parse_english_date, read_header
from ..paragraphs import Paragraph
from .base import confidences

# --- Text extracted from a page or document goes to the text readers only ------------------

_EXTRACTED: contextvars.ContextVar[bool] = contextvars.ContextVar("extracted", default=False)


@contextlib.contextmanager
def reading_extracted() -> Iterator[None]:
    """While text taken out of an HTML page or a DOCX is parsed, structured readers stand aside
    (the text is a page's words, not a file in their format)."""
    token = _EXTRACTED.set(True)
    try:
        yield
    finally:
        _EXTRACTED.reset(token)


def extracted() -> bool:
    return _EXTRACTED.get()


# --- Speaker labels ----------------------------------------------------------------------

QUESTION_ROLES = {"question", "q", "问", "問", "问题", "問題", "提问", "提問", "ask", "asker"}
ANSWER_ROLES = {"answer", "a", "答", "回答", "答复", "response", "reply", "statement"}


def split_label(text: str) -> tuple[str, str]:
    """(label, text after it) when the text opens with a speaker's label, else ("", text)."""
    found = labels.split_label(text)
    return (found.label, found.rest) if found else ("", text)


def label_role(label: str) -> str | None:
    """'question' for labels that always ask (问, Q, 记者, 路透社记者, Host…), 'answer' for 答/A."""
    role = labels.role_of(label) if label.strip() else None
    return {"ask": "question", "answer": "answer"}.get(role or "")


def role_value(value: str) -> str | None:
    """A type/role column's or property's value: 'question', 'answer' or None."""
    key = fold_width(value).strip().lower()
    if key in QUESTION_ROLES:
        return "question"
    if key in ANSWER_ROLES:
        return "answer"
    return label_role(value)


def speaker_from(value: str) -> Speaker:
    """A speaker written in one cell: "主持人", "Host", "王毅 / Wang Yi", "王毅 Wang Yi"."""
    value = clean_text(value).replace("\n", " ")
    if not value:
        return NOBODY
    parts = [part.strip() for part in re.split(r"\s*[/|｜]\s*", value) if part.strip()]
    if len(parts) == 2 and language_of(parts[0]) != language_of(parts[1]):
        zh, en = sorted(parts, key=lambda part: language_of(part) == "en")
        return Speaker(zh, en)
    if HAN_CHAR.search(value) and (match := re.search(r"[A-Za-z][A-Za-z .'’-]*$", value)):
        head = value[: match.start()].strip()
        if head and not re.search("[A-Za-z]", head):
            return Speaker(head, match.group().strip())
    return Speaker(value, "") if HAN_CHAR.search(value) else Speaker("", value)


def ends_with_question(text: str) -> bool:
    return bool(re.search(r"[?？][\s\"'”’」』)）]*$", text))


# --- Rows into turns ---------------------------------------------------------------------


@dataclass
class Row:
    """One paragraph pair as the file gives it."""

    zh: str
    en: str
    line: int | None = None
    speaker: Speaker = NOBODY  # given by a column, key or property
    role: str | None = None  # "question" or "answer" when the file says so
    labels: bool = True  # read speaker labels written at the start of the text


@dataclass
class _Item:
    zh: str
    en: str
    line: int | None
    speaker: Speaker
    role: str | None
    explicit: bool  # the role or speaker came from the file's structure, not from the text
    question: bool = False


@dataclass
class Header:
    title_zh: str = ""
    title_en: str = ""
    date: dt.date | None = None
    source_zh: str = ""
    intro_zh: str = ""
    intro_en: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)


_INTRO = re.compile(
    r"(?:举行|舉行|召开|召開)[^。]{0,20}(?:记者会|記者會|发布会|發佈會|發布會|吹风会|吹風會)"
    r"|(?:回答|答)[^。]{0,8}(?:记者|記者)[^。]{0,4}(?:提问|提問|问|問)"
    r"|接受[^。]{0,30}(?:采访|採訪|专访|專訪)|(?:会见|會見)中外记者|會見中外記者"
    r"|(?:新闻发布会|新聞發佈會|新聞發布會)上|(?:新闻发布会|新聞發佈會|新聞發布會)就"
    r"|\bheld a press conference\b|\banswered (?:their |the )?questions\b"
    r"|\bgave an interview\b|\bin an (?:exclusive )?interview with\b",
    re.I,
)
_TITLE_END = re.compile(r"[。！？.!?;；:：,，]$")
MAX_TITLE = 100


def read_rows(rows: list[Row], *, source: str, header: Header | None = None) -> Transcript:
    """Turn rows of paragraph pairs into a Transcript (see the module's docstring)."""
    items = _items(rows)
    if not items:
        raise TranscriptError("no rows with text", source=source, line=1)
    labelled = any(item.speaker for item in items)  # else questions are told by role or '?'
    _mark_questions(items, labelled)
    first = next(
        (i for i, item in enumerate(items) if item.question or (labelled and item.speaker)), None
    )
    preamble = items if first is None else items[:first]
    given = header or Header()
    header, opening = _read_preamble(preamble, given)
    questions = _turns(opening + ([] if first is None else items[first:]), labelled)
    if not questions:
        message = (
            "no dialogue found: every row was read as the title, date or introduction; "
            "mark questions with a role column or a label such as 问: / Q:"
        )
        raise TranscriptError(message, source=source, line=1)
    confidences(questions)
    transcript = Transcript(
        title_zh=header.title_zh,
        title_en=header.title_en,
        date=header.date,
        source_zh=header.source_zh,
        intro_zh=header.intro_zh,
        intro_en=header.intro_en,
        questions=questions,
        warnings=header.warnings + coverage_warnings(questions),
    )
    return transcript


def _items(rows: list[Row]) -> list[_Item]:
    items = []
    for row in rows:
        zh, en = clean_paragraphs(row.zh), clean_paragraphs(row.en)
        speaker, explicit = row.speaker, bool(row.speaker or row.role)
        if row.labels and not row.speaker:
            zh_label, zh = split_label(zh)
            en_label, en = split_label(en)
            speaker = Speaker(zh_label, en_label)
        if not (zh or en):
            continue
        role = row.role or label_role(speaker.zh) or label_role(speaker.en)
        items.append(_Item(zh, en, row.line, speaker, role, explicit))
    return items


def clean_paragraphs(text: str) -> str:
    """Spaces normalised, paragraphs (split on blank lines) joined with one blank line."""
    parts = (clean_text(part) for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")))
    return "\n\n".join(part for part in parts if part)


def _key(speaker: Speaker) -> str:
    return fold_width(speaker.zh or speaker.en).lower()


def _mark_questions(items: list[_Item], labelled: bool) -> None:
    """Decide which rows ask. Speakers without a known role ask when their rows mostly end in
    a question mark (a host named "Sackur", an outlet "BBC")."""
    if not labelled:
        for item in items:
            asks = ends_with_question(item.zh) or ends_with_question(item.en)
            item.question = item.role == "question" or (item.role is None and asks)
        return
    asks: dict[str, list[bool]] = {}
    for item in items:
        if item.speaker and not item.role:
            asks.setdefault(_key(item.speaker), []).append(ends_with_question(item.zh or item.en))
    askers = {key for key, marks in asks.items() if sum(marks) >= max(1, 0.3 * len(marks))}
    known = {_key(item.speaker) for item in items if item.role == "question" and item.speaker}
    previous: _Item | None = None
    for item in items:
        if item.role:
            item.question = item.role == "question"
        elif item.speaker:
            key = _key(item.speaker)
            item.question = key in askers or key in known
        else:  # an unlabelled row continues the previous speaker
            item.question = False
            item.role = "continue" if previous is not None else None
        previous = item


def _read_preamble(preamble: list[_Item], given: Header) -> tuple[Header, list[_Item]]:
    """The header of the rows before the first question, and the opening statement's rows."""
    paragraphs: list[Paragraph] = []
    opening: list[_Item] = []
    for index, item in enumerate(preamble):
        text = "\n".join(part for part in (item.zh, item.en) if part)
        line = item.line or 1
        if opening or item.speaker:
            opening.append(item)
        elif index == 0 and not given.title_zh and not given.title_en and _title_like(item):
            paragraphs.append(Paragraph(text, line))
        elif _meta_only(text) or _INTRO.search(text):
            paragraphs.extend(Paragraph(part, line) for part in (item.zh, item.en) if part)
        else:
            opening.append(item)
    header = read_header(paragraphs) if paragraphs else None
    result = Header(
        title_zh=given.title_zh or (header.title_zh if header else ""),
        title_en=given.title_en or (header.title_en if header else ""),
        date=given.date or (header.date if header else None),
        source_zh=given.source_zh or (header.source_zh if header else ""),
        intro_zh=_join(given.intro_zh, *(header.intro_zh if header else [])),
        intro_en=_join(given.intro_en, *(header.intro_en if header else [])),
        warnings=given.warnings + (header.warnings if header else []),
    )
    if result.date is None:
        texts = [result.title_zh, result.title_en, result.intro_zh, result.intro_en]
        result.date = find_date(texts)
    return result, opening


def _title_like(item: _Item) -> bool:
    first = item.zh.split("\n")[0] if item.zh else item.en.split("\n")[0]
    return len(first) <= MAX_TITLE and not _TITLE_END.search(first)


_META_LINE = re.compile(
    r"^(?:发布日期|發布日期|發佈日期|发布时间|發布時間|發佈時間|日期|时间|時間|来源|來源|地点|地點|"
    r"date|time|source|venue|place)\s*[:：]",
    re.I,
)


def _meta_only(text: str) -> bool:
    """A row of date, source and place lines (时间:…, 来源:…), not dialogue."""
    return all(_META_LINE.match(fold_width(line)) for line in text.split("\n") if line)


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def _turns(items: list[_Item], labelled: bool) -> list[QuestionBlock]:
    questions: list[QuestionBlock] = []
    current: QuestionBlock | None = None
    last_speaker = NOBODY
    for item in items:
        if item.question:
            current = QuestionBlock(
                number=len([q for q in questions if q.number]) + 1,
                text_zh=item.zh,
                text_en=item.en,
                line_zh=item.line if item.zh else None,
                line_en=item.line if item.en else None,
                asker=item.speaker,
            )
            questions.append(current)
            last_speaker = NOBODY
            continue
        if current is None:
            current = QuestionBlock(number=0, text_zh="", text_en="")
            questions.append(current)
        if item.role == "continue" and not item.speaker and not current.answers and current.number:
            current.text_zh = _join(current.text_zh, item.zh)
            current.text_en = _join(current.text_en, item.en)
            continue
        speaker = item.speaker or (last_speaker if labelled else NOBODY)
        row = AnswerPair(
            text_zh=item.zh,
            text_en=item.en,
            line_zh=item.line if item.zh else None,
            line_en=item.line if item.en else None,
            speaker=speaker,
        )
        current.answers.append(row)
        last_speaker = speaker
    return questions


def coverage_warnings(questions: list[QuestionBlock]) -> list[ParseWarning]:
    """Say when one language is missing altogether, or which rows have one side only."""
    rows = [(q.text_zh, q.text_en) for q in questions if q.number]
    rows += [(a.text_zh, a.text_en) for q in questions for a in q.answers]
    if not any(en for _, en in rows):
        return [ParseWarning("no English text was found; the English fields are empty")]
    if not any(zh for zh, _ in rows):
        return [ParseWarning("no Chinese text was found; the Chinese fields are empty")]
    one_sided = sum(1 for zh, en in rows if bool(zh) != bool(en))
    if one_sided:
        message = f"{one_sided} rows have text in one language only; their other side is empty"
        return [ParseWarning(message)]
    return []


# --- Dates written in words, glosses in decoded strings -------------------------------------


def find_date(texts: list[str]) -> dt.date | None:
    """The first date written as 2019年3月15日 / 2019-03-15 or March 15, 2019 / 15 March 2019."""
    for text in texts:
        if text and (date := parse_date(fold_width(text)) or parse_english_date(text)):
            return date
    return None


def strip_string_glosses(text: str, line: int | None, found: list[DroppedLine]) -> str:
    """A decoded string without pinyin glosses (發(fā)言人); each gloss is added to `found`."""
    if not GLOSS.search(text):
        return text
    found.extend(DroppedLine(line, match.group(), GLOSS_RULE) for match in GLOSS.finditer(text))
    return GLOSS.sub("", text)


def strip_transcript_glosses(transcript: Transcript) -> None:
    """Remove glosses from every text of a transcript read from JSON (escaped as \\uXXXX, they
    escape the gloss step that runs on the raw file)."""
    found = transcript.glosses
    transcript.title_zh = strip_string_glosses(transcript.title_zh, None, found)
    transcript.intro_zh = strip_string_glosses(transcript.intro_zh, None, found)
    for question in transcript.questions:
        question.text_zh = strip_string_glosses(question.text_zh, question.line_zh, found)
        question.asker = Speaker(
            strip_string_glosses(question.asker.zh, question.line_zh, found), question.asker.en
        )
        for answer in question.answers:
            answer.text_zh = strip_string_glosses(answer.text_zh, answer.line_zh, found)


def language_split(text: str) -> tuple[list[str], list[str]]:
    """A string's paragraphs (one per line) sorted into Chinese and English."""
    zh, en = [], []
    for line in clean_text(text).split("\n"):
        if line:
            (en if looks_english(line) else zh).append(line)
    return zh, en
