"""JSON-lines of question–answer records, as public Q&A corpora publish them.

One record per line (or a JSON array of records), each a turn: {"问": …, "答": …},
{"Q": …, "A": …}, {"question": …, "answer": …}, {"instruction": …, "input": …, "output": …},
{"q_zh": …, "a_zh": …, "q_en": …, "a_en": …}, {"question_zh": …, "answer_en": …},
{"q": {"zh": …, "en": …}, "a": {"zh": [...], "en": [...]}}, with optional asker/speaker keys.
Records of paragraph pairs ({"zh": …, "en": …} or {"translation": {"zh": …, "en": …}}) are rows:
a question label or role starts a turn, as in a table. An answer with several paragraphs (lines
or list items) becomes several answer rows, the two languages paired by alignment. Records whose
keys are not recognised are named in a warning, never dropped silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...text import fold_width, looks_english
from ..align import align
from ..data import ParseWarning, Speaker, Transcript, TranscriptError
from ..header import parse_date
from ..paragraphs import Paragraph
from .base import Document, Fit, Reader
from .structured import (
    Header,
    Row,
    extracted,
    read_rows,
    role_value,
    speaker_from,
    strip_transcript_glosses,
)


def _keys(*names: str) -> set[str]:
    return {fold_width(name).lower() for name in names}


Q_ZH = _keys("问", "問", "问题", "問題", "提问", "提問", "q_zh", "question_zh", "zh_q", "q_cn")
Q_ZH |= _keys("zh_question", "question_cn", "question_chinese")
A_ZH = _keys("答", "回答", "答案", "答复", "答覆", "a_zh", "answer_zh", "zh_a", "a_cn")
A_ZH |= _keys("zh_answer", "answer_cn", "answer_chinese")
Q_EN = _keys("q_en", "question_en", "en_q", "en_question", "question_english")
A_EN = _keys("a_en", "answer_en", "en_a", "en_answer", "answer_english")
Q_ANY = _keys("q", "question", "instruction", "prompt", "query")
A_ANY = _keys("a", "answer", "output", "response", "completion", "reply")
INPUT = _keys("input", "context")  # Alpaca: added to the instruction
ZH = _keys("zh", "cn", "chinese", "中文", "汉语", "漢語", "zh-cn", "zh_cn", "zh-hans", "zh-hant")
ZH |= _keys("zh-tw", "zh_tw", "zh_hans", "zh_hant", "zh_text", "text_zh", "cmn")
EN = _keys("en", "english", "英文", "英语", "英語", "en-us", "en_us", "en-gb", "en_text", "text_en")
EN |= _keys("eng")
PAIR = _keys("translation")
ASKER = _keys("asker", "questioner", "interviewer", "reporter", "记者", "記者", "提问者", "提问人")
ASKER |= _keys("提問者", "提問人")
ASKER_ZH, ASKER_EN = _keys("asker_zh"), _keys("asker_en")
SPEAKER = _keys("speaker", "answerer", "respondent", "interviewee", "发言人", "發言人", "说话人")
SPEAKER |= _keys("說話人", "受访者", "受訪者", "回答者", "答者")
SPEAKER_ZH, SPEAKER_EN = _keys("speaker_zh"), _keys("speaker_en")
ROLE = _keys("role", "type", "kind", "类型", "類型", "角色")
TITLE, TITLE_ZH, TITLE_EN = _keys("title", "标题", "標題"), _keys("title_zh"), _keys("title_en")
DATE, URL = _keys("date", "日期"), _keys("source_url", "url", "link")
META = _keys("id", "source", "lang", "language", "category", "categories", "tags", "tag", "topic")
META |= _keys("topics", "meta", "metadata", "history", "system", "score", "index", "idx", "no")
META |= _keys("number", "turn", "page", "file", "license", "dataset", "split", "retrieved")

CONTENT = Q_ZH | A_ZH | Q_EN | A_EN | Q_ANY | A_ANY | ZH | EN | PAIR
KNOWN = CONTENT | INPUT | ASKER | ASKER_ZH | ASKER_EN | SPEAKER | SPEAKER_ZH | SPEAKER_EN | ROLE
KNOWN |= TITLE | TITLE_ZH | TITLE_EN | DATE | URL | META
SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")

EXAMPLE = """{"问": "…", "答": "…", "Q": "…", "A": "…"}
{"q_zh": "…", "a_zh": "…", "q_en": "…", "a_en": "…", "asker": "记者"}"""


@dataclass
class _Records:
    records: list[tuple[int | None, Any]] = field(default_factory=list)  # (line, value)
    error: TranscriptError | None = None


def _records(doc: Document) -> _Records:
    """Every record with its line; stops at the first line that is not JSON."""
    found = _Records()
    text = doc.text.lstrip("\ufeff \t\r\n")
    if text.startswith("["):
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            value = None
        if isinstance(value, list):
            found.records = [(None, item) for item in value]
            return found
    for number, line in enumerate(doc.text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            found.records.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            where = f", column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            message = f"line {number} is not valid JSON: {why}{where}; write one object per line"
            found.error = TranscriptError(message, source=doc.source, line=number)
            break
    return found


def _keyed(record: dict) -> dict[str, Any]:
    return {fold_width(str(key)).strip().lower(): value for key, value in record.items()}


def _recognised(record: Any) -> list[str]:
    """The content keys of a record, as written."""
    if not isinstance(record, dict):
        return []
    return [str(key) for key in record if fold_width(str(key)).strip().lower() in CONTENT]


class JsonLinesReader(Reader):
    name = "jsonl"
    title = "JSON lines of question–answer records"
    example = EXAMPLE

    def fit(self, doc: Document) -> Fit:
        if extracted() or doc.text.lstrip("\ufeff \t\r\n")[:1] not in ("{", "["):
            return Fit(0.0, "not JSON lines")
        found = _records(doc)
        keys: dict[str, None] = {}
        recognised = 0
        for _, record in found.records:
            if names := _recognised(record):
                recognised += 1
                keys.update(dict.fromkeys(names))
        shape = "JSON array" if found.records and found.records[0][0] is None else "JSON lines"
        reason = f"{shape}: {recognised} records with keys {', '.join(list(keys)[:8])}"
        if found.error:
            if doc.suffix in SUFFIXES or recognised:
                return Fit(0.9, f"{reason}, then a line that does not parse")
            return Fit(0.0, "not JSON lines")
        if recognised:
            return Fit(1.0, reason)
        if doc.suffix in SUFFIXES:
            return Fit(0.8, f"a {doc.suffix} file without question/answer keys")
        return Fit(0.0, "no question/answer keys")

    def read(self, doc: Document) -> Transcript:
        found = _records(doc)
        if found.error:
            raise found.error
        rows: list[Row] = []
        header = Header()
        warnings: list[ParseWarning] = []
        unknown: dict[str, list[str]] = {}
        url = ""
        for index, (line, record) in enumerate(found.records, start=1):
            where = f"line {line}" if line else f"record {index}"
            if not isinstance(record, dict):
                kind = type(record).__name__.replace("str", "string").replace("NoneType", "null")
                message = f"{where} is a {kind}, not an object; it was not read"
                warnings.append(ParseWarning(message, line=line))
                continue
            keyed = _keyed(record)
            for key, value in record.items():
                if fold_width(str(key)).strip().lower() not in KNOWN and value not in ("", None):
                    unknown.setdefault(str(key), []).append(where)
            _meta(keyed, header)
            url = url or _text(_first(keyed, URL))
            if not _recognised(record):
                keys = ", ".join(map(str, record)) or "none"
                message = (
                    f"{where}: no question or answer keys (found: {keys}); the record was not "
                    "read. Use 问/答, Q/A, question/answer, q_zh/a_zh/q_en/a_en or zh/en"
                )
                warnings.append(ParseWarning(message, line=line))
                continue
            record_rows = _record_rows(keyed, line)
            if not record_rows:
                warnings.append(ParseWarning(f"{where}: the record has no text", line=line))
            rows.extend(record_rows)
        for key, places in unknown.items():
            shown = ", ".join(places[:5]) + (
                f" and {len(places) - 5} more" if len(places) > 5 else ""
            )
            warnings.append(ParseWarning(f"key {key!r} was not read ({shown})"))
        if not rows:
            message = (
                "no record has a question or an answer; expected keys such as 问/答, Q/A, "
                "question/answer, instruction/output, q_zh/a_zh/q_en/a_en or zh/en"
            )
            raise TranscriptError(message, source=doc.source, line=1)
        transcript = read_rows(rows, source=doc.source, header=header)
        transcript.warnings = warnings + transcript.warnings
        transcript.source_url = url
        strip_transcript_glosses(transcript)
        return transcript


def _first(keyed: dict[str, Any], names: set[str]) -> Any:
    return next((keyed[name] for name in keyed if name in names), None)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _meta(keyed: dict[str, Any], header: Header) -> None:
    """Title and date, carried by the first record that has them."""
    title = _first(keyed, TITLE)
    if isinstance(title, dict):
        zh, en = _by_language(title)
        header.title_zh = header.title_zh or "\n".join(zh)
        header.title_en = header.title_en or "\n".join(en)
    elif _text(title):
        target = "title_en" if looks_english(_text(title)) else "title_zh"
        setattr(header, target, getattr(header, target) or _text(title))
    header.title_zh = header.title_zh or _text(_first(keyed, TITLE_ZH))
    header.title_en = header.title_en or _text(_first(keyed, TITLE_EN))
    if header.date is None and (date := _text(_first(keyed, DATE))):
        header.date = parse_date(fold_width(date))


def _paragraphs(value: Any) -> list[str]:
    """The paragraphs of a value: a string's lines, a list's items."""
    if isinstance(value, list):
        return [line for item in value for line in _paragraphs(item)]
    if isinstance(value, dict):
        zh, en = _by_language(value)
        return zh + en
    text = _text(value)
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _by_language(value: Any) -> tuple[list[str], list[str]]:
    """Chinese and English paragraphs of a value: {"zh": …, "en": …}, or text sorted by script."""
    if isinstance(value, dict):
        keyed = _keyed(value)
        zh = [p for key in keyed if key in ZH for p in _paragraphs(keyed[key])]
        en = [p for key in keyed if key in EN for p in _paragraphs(keyed[key])]
        return zh, en
    zh, en = [], []
    for paragraph in _paragraphs(value):
        (en if looks_english(paragraph) else zh).append(paragraph)
    return zh, en


def _speaker(value: Any, zh: Any = None, en: Any = None) -> Speaker:
    if isinstance(value, dict):
        left, right = _by_language(value)
        return Speaker(" ".join(left), " ".join(right))
    speaker = speaker_from(_text(value)) if _text(value) else Speaker()
    return Speaker(speaker.zh or _text(zh), speaker.en or _text(en))


def _record_rows(keyed: dict[str, Any], line: int | None) -> list[Row]:
    """A question–answer record as a question row and answer rows; a pair record as one row."""
    asker = _speaker(_first(keyed, ASKER), _first(keyed, ASKER_ZH), _first(keyed, ASKER_EN))
    speaker = _speaker(_first(keyed, SPEAKER), _first(keyed, SPEAKER_ZH), _first(keyed, SPEAKER_EN))
    q_zh = [p for key in keyed if key in Q_ZH for p in _paragraphs(keyed[key])]
    q_en = [p for key in keyed if key in Q_EN for p in _paragraphs(keyed[key])]
    a_zh = [p for key in keyed if key in A_ZH for p in _paragraphs(keyed[key])]
    a_en = [p for key in keyed if key in A_EN for p in _paragraphs(keyed[key])]
    for key in keyed:
        if key in Q_ANY or key in INPUT:
            zh, en = _by_language(keyed[key])
            q_zh += zh
            q_en += en
        elif key in A_ANY:
            zh, en = _by_language(keyed[key])
            a_zh += zh
            a_en += en
    if any(key in Q_ZH | Q_EN | Q_ANY | A_ZH | A_EN | A_ANY for key in keyed):
        rows = []
        if q_zh or q_en:
            question = Row("\n".join(q_zh), "\n".join(q_en), line, asker, "question", False)
            rows.append(question)
        zh = [Paragraph(text, line or 0) for text in a_zh]
        en = [Paragraph(text, line or 0) for text in a_en]
        for left, right in align(zh, en):
            text_zh = "\n\n".join(p.text for p in left)
            text_en = "\n\n".join(p.text for p in right)
            rows.append(Row(text_zh, text_en, line, speaker, "answer", False))
        return rows
    pair = _first(keyed, PAIR)
    zh, en = _by_language(pair if isinstance(pair, dict) else keyed)
    role_text = _text(_first(keyed, ROLE))
    role = role_value(role_text) if role_text else None
    if role_text and role is None and not speaker:
        speaker = speaker_from(role_text)
    if not (zh or en):
        return []
    return [Row("\n\n".join(zh), "\n\n".join(en), line, speaker, role)]
