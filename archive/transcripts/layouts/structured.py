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
from ..header import parse_date, read_header
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

QUESTION_LABELS = {
    "问", "問", "q", "question", "提问", "提問", "提问者", "提問者", "记者", "記者", "reporter",
    "journalist", "correspondent", "主持人", "主持", "host", "moderator", "interviewer",
    "采访者", "採訪者", "questioner", "anchor",
}  # fmt: skip
ANSWER_LABELS = {"答", "a", "answer", "回答", "答复", "答覆"}
_ASKER_ENDINGS = ("记者", "記者", "主持人", " reporter", " correspondent", " journalist")
QUESTION_ROLES = {"question", "q", "问", "問", "问题", "問題", "提问", "提問", "ask", "asker"}
ANSWER_ROLES = {"answer", "a", "答", "回答", "答复", "response", "reply", "statement"}

_BRACKET_LABEL = re.compile(r"^[\[【〔]\s*(?P<label>[^\]】〕\n]{1,40}?)\s*[\]】〕]\s*[:：]?\s*")
_COLON_LABEL = re.compile(r"^(?P<label>[^:：\n]{1,40}?)\s*[:：]\s*")
_LABEL_PUNCTUATION = re.compile(r"[,，。;；!！?？“”\"、\d]")
_EN_LABEL_WORD = re.compile(r"^(?:[A-Z][A-Za-z.'’&-]*|of|the|and|de|da|van|von|al|bin|la|le)$")
_PROSE_ENDINGS = (
    "说",
    "說",
    "表示",
    "指出",
    "认为",
    "認為",
    "称",
    "稱",
    "道",
    "强调",
    "強調",
    "如下",
)
_NOT_SPEAKERS = re.compile(
    r"^(?:发布日期|發布日期|發佈日期|发布时间|發布時間|發佈時間|日期|时间|時間|来源|來源|地点|地點|"
    r"作者|编辑|編輯|责任编辑|責任編輯|整理|翻译|翻譯|译者|譯者|注|備註|备注|附|主题|主題|标题|標題|"
    r"关键词|關鍵詞|摘要|原文|链接|鏈接|published(?: on)?|date|time|source|location|venue|place|"
    r"note|notes|editor|author|translator|translation|subject|title|tags?|keywords?|summary|"
    r"photo|image|https?|www|tel|fax|e-?mail)$",
    re.I,
)
MAX_ZH_LABEL = 16
MAX_EN_WORDS = 5


def split_label(text: str) -> tuple[str, str]:
    """(label, text after it) when the text opens with a speaker's label, else ("", text)."""
    folded = fold_width(text)
    for pattern in (_BRACKET_LABEL, _COLON_LABEL):
        match = pattern.match(folded)
        if match and _is_label(match["label"].strip(), bracketed=pattern is _BRACKET_LABEL):
            label = text[match.start("label") : match.end("label")].strip()
            return label, text[match.end() :].strip()
    return "", text


def _is_label(label: str, *, bracketed: bool) -> bool:
    if not label or _NOT_SPEAKERS.match(label):
        return False
    if HAN_CHAR.search(label):
        if len(label) > MAX_ZH_LABEL or _LABEL_PUNCTUATION.search(label):
            return False
        return not label.endswith(_PROSE_ENDINGS)
    words = label.split()
    if len(words) > MAX_EN_WORDS or _LABEL_PUNCTUATION.search(label):
        return False
    return bracketed or all(_EN_LABEL_WORD.match(word) for word in words)


def label_role(label: str) -> str | None:
    """'question' for labels that always ask (问, Q, 记者, 路透社记者, Host…), 'answer' for 答/A."""
    key = fold_width(label).strip().lower()
    if not key:
        return None
    if key in QUESTION_LABELS or key.endswith(_ASKER_ENDINGS):
        return "question"
    if key in ANSWER_LABELS:
        return "answer"
    return None


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

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}}))\b",
    re.I,
)


def find_date(texts: list[str]) -> dt.date | None:
    """The first date written as 2019年3月15日 / 2019-03-15 or March 15, 2019 / 15 March 2019."""
    for text in texts:
        if not text:
            continue
        if date := parse_date(fold_width(text)):
            return date
        if match := _EN_DATE.search(text):
            month = _MONTHS[(match["m1"] or match["m2"]).lower()]
            try:
                year, day = int(match["y1"] or match["y2"]), int(match["d1"] or match["d2"])
                return dt.date(year, month, day)
            except ValueError:
                continue
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
