"""Numbered questions: 问题一 / 问题1 / 問題三、 and Q1 / Question 1. with their answer paragraphs,
the Chinese and English either as two parts or interleaved question by question."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ...text import fold_width, language_of
from ..align import MAX_ALIGN_CELLS, align, in_order
from ..chrome import cut_footer, drop_chrome
from ..data import AnswerPair, ParseWarning, QuestionBlock, Transcript, TranscriptError
from ..header import read_header
from ..paragraphs import Paragraph, split_paragraphs
from .base import Document, Fit, Reader, confidences, pair

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4}
_ZH_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = "[" + "".join(_ZH_DIGITS) + "".join(_ZH_UNITS) + "]+"

_ZH_MARKER = re.compile(rf"(?:问题|問題)\s*(?P<number>[0-9]+|{_ZH_NUMERAL})(?P<sep>\s*[:、.]|\s)?")
_EN_MARKER = re.compile(r"(?:q|question)\s*(?P<number>[0-9]+)(?P<sep>\s*[:.]|\s+|$)", re.I)

# "问题一直…", "问题十分…", "问题一是…" are sentences, not a numbered question without a colon.
_NOT_AFTER_BARE_NUMERAL = set("直样般定些起切旦再致个分是")


@dataclass
class _Marker:
    language: str  # "zh" or "en"
    number: int
    rest: str  # question text after the marker in the same paragraph


def _parse_marker(text: str) -> _Marker | None:
    """Recognise 问题三: / 問題３、 / Q3: / Question 3. at the start of a paragraph."""
    if fold_width(text[:1]) not in ("问", "問", "q", "Q"):
        return None
    head = fold_width(text[:40])
    if match := _ZH_MARKER.match(head):
        following = head[match.end() : match.end() + 1]
        if not match["sep"] and following in _NOT_AFTER_BARE_NUMERAL:
            return None
        number = _chinese_number(match["number"])
        language = "zh"
    elif match := _EN_MARKER.match(head):
        following = head[match.end() : match.end() + 1]
        # "Q1 results were…" / "Q1 2020 …" speak of a quarter, not of question 1.
        if match["sep"].strip() == "" and (following.islower() or following.isdigit()):
            return None
        number = int(match["number"])
        language = "en"
    else:
        return None
    return _Marker(language, number, text[match.end() :].strip())


def _chinese_number(text: str) -> int:
    """Value of 3, 十一, 二十三, 一百零五, 一〇五 and the like."""
    if text.isdigit():
        return int(text)
    total, digits = 0, None
    for char in text:
        if char in _ZH_UNITS:
            total += (digits if digits is not None else 1) * _ZH_UNITS[char]
            digits = None
        else:
            digits = (digits or 0) * 10 + _ZH_DIGITS[char]
    return total + (digits or 0)


def zh_label(number: int) -> str:
    """The Chinese marker for a question number, e.g. 23 -> 问题二十三."""
    names = "〇一二三四五六七八九"
    if number < 10:
        return f"问题{names[number]}"
    if number < 100:
        tens, ones = divmod(number, 10)
        prefix = "" if tens == 1 else names[tens]
        return f"问题{prefix}十{names[ones] if ones else ''}"
    return f"问题{number}"


def _label(language: str, number: int) -> str:
    return zh_label(number) if language == "zh" else f"Q{number}"


@dataclass
class _Bucket:
    """The paragraphs under one marker, e.g. everything after 问题三 until the next marker."""

    number: int
    line: int
    text: str
    answers: list[Paragraph] = field(default_factory=list)
    awaiting_text: bool = False  # the marker stood alone; the next paragraph is the question


class NumberedReader(Reader):
    name = "numbered"
    title = "Numbered questions"
    example = "问题一:…\n(answer paragraphs)\nQ1: …\n(answer paragraphs)"

    def fit(self, doc: Document) -> Fit:
        numbers: dict[str, list[int]] = {"zh": [], "en": []}
        for paragraph in split_paragraphs(doc.text, starts_paragraph=_is_marker):
            if marker := _parse_marker(paragraph.text):
                numbers[marker.language].append(marker.number)
        found = len(numbers["zh"]) + len(numbers["en"])
        if not found:
            return Fit(0.0, "no numbered questions (问题一 / Q1)")
        in_order = all(a < b for side in numbers.values() for a, b in itertools.pairwise(side))
        score = (0.97 if found >= 2 else 0.6) if in_order else 0.5
        reason = f"{len(numbers['zh'])} Chinese and {len(numbers['en'])} English numbered questions"
        return Fit(score, reason + ("" if in_order else ", out of order"))

    def read(self, doc: Document) -> Transcript:
        paragraphs = split_paragraphs(doc.text, starts_paragraph=_is_marker)
        if not paragraphs:
            raise TranscriptError("empty file", source=doc.source, line=1)
        markers = [_parse_marker(paragraph.text) for paragraph in paragraphs]
        last = max((index for index, marker in enumerate(markers) if marker), default=None)
        if last is None:
            raise TranscriptError(
                "no questions found (expected 问题一 / Q1 …)", source=doc.source, line=1
            )
        paragraphs = cut_footer(paragraphs, last + 1, doc.dropped)
        paragraphs = drop_chrome(paragraphs, doc.dropped, keep=_is_marker)
        preamble, zh, en = _sort_paragraphs(paragraphs, doc.source)
        _translations_under_the_question(zh, en)
        header = read_header(preamble)
        questions, warnings = _build_questions(zh, en)
        return header.transcript(questions, warnings, doc.dropped)


def _is_marker(line: str) -> bool:
    return _parse_marker(line) is not None


def _sort_paragraphs(
    paragraphs: list[Paragraph], source: str
) -> tuple[list[Paragraph], dict[int, _Bucket], dict[int, _Bucket]]:
    """Split paragraphs into the preamble and Chinese/English question buckets."""
    markers = [_parse_marker(paragraph.text) for paragraph in paragraphs]
    preamble: list[Paragraph] = []
    buckets: dict[str, dict[int, _Bucket]] = {"zh": {}, "en": {}}
    current = None
    for paragraph, marker in zip(paragraphs, markers, strict=True):
        if marker:
            current = _open_bucket(buckets[marker.language], marker, paragraph.line, source)
        elif current is None:
            preamble.append(paragraph)
        elif current.awaiting_text:
            current.text, current.awaiting_text = paragraph.text, False
        else:
            current.answers.append(paragraph)
    return preamble, buckets["zh"], buckets["en"]


def _translations_under_the_question(zh: dict[int, _Bucket], en: dict[int, _Bucket]) -> None:
    """ "Q1. Tell us…? / 跟我们分享…?": a question written in both languages under one marker
    gives the other language its question when it has no marker of its own."""
    for ours, theirs, language in ((en, zh, "zh"), (zh, en, "en")):
        for number, bucket in ours.items():
            lines = bucket.text.split("\n")
            other = [line for line in lines if language_of(line) == language]
            if number in theirs or not other or len(other) == len(lines):
                continue
            bucket.text = "\n".join(line for line in lines if line not in other)
            theirs[number] = _Bucket(number, bucket.line, "\n".join(other))
    for buckets in (zh, en):
        ordered = dict(sorted(buckets.items()))
        buckets.clear()
        buckets.update(ordered)


def _open_bucket(buckets: dict[int, _Bucket], marker: _Marker, line: int, source: str) -> _Bucket:
    label = _label(marker.language, marker.number)
    if marker.number in buckets:
        message = f"{label} appears twice (first at line {buckets[marker.number].line})"
        raise TranscriptError(message, source=source, line=line)
    previous = list(buckets.values())[-1] if buckets else None
    if previous and marker.number < previous.number:
        before = _label(marker.language, previous.number)
        message = f"{label} comes after {before} (line {previous.line}); questions must be in order"
        raise TranscriptError(message, source=source, line=line)
    bucket = _Bucket(marker.number, line, marker.rest, awaiting_text=not marker.rest)
    buckets[marker.number] = bucket
    return bucket


def _build_questions(
    zh: dict[int, _Bucket], en: dict[int, _Bucket]
) -> tuple[list[QuestionBlock], list[ParseWarning]]:
    """Pair the Chinese and English buckets by number and align their answers."""
    warnings = _coverage_warnings(zh, en) + _gap_warnings(zh, en)
    totals = (_total_length(zh), _total_length(en))
    questions = []
    for number in sorted(zh.keys() | en.keys()):
        zh_bucket, en_bucket = zh.get(number), en.get(number)
        answers, warning = _align_question(number, zh_bucket, en_bucket, totals)
        if warning:
            warnings.append(warning)
        question = QuestionBlock(
            number=number,
            text_zh=zh_bucket.text if zh_bucket else "",
            text_en=en_bucket.text if en_bucket else "",
            answers=answers,
            line_zh=zh_bucket.line if zh_bucket else None,
            line_en=en_bucket.line if en_bucket else None,
        )
        questions.append(question)
    confidences(questions)
    warnings.sort(key=lambda warning: warning.question or 0)
    return questions, warnings


def _total_length(buckets: dict[int, _Bucket]) -> int:
    return sum(len(answer.text) for bucket in buckets.values() for answer in bucket.answers)


def _coverage_warnings(zh: dict[int, _Bucket], en: dict[int, _Bucket]) -> list[ParseWarning]:
    """Warn about questions that exist in one language only."""
    if not en:
        return [ParseWarning("no English translation was found; the English fields are empty")]
    if not zh:
        return [ParseWarning("no Chinese text was found; the Chinese fields are empty")]
    warnings = []
    for number in sorted(zh.keys() ^ en.keys()):
        if number in zh:
            message = f"{zh_label(number)} has no English version (no Q{number}); left empty"
            warnings.append(ParseWarning(message, line=zh[number].line, question=number))
        else:
            message = f"Q{number} has no Chinese version (no {zh_label(number)}); left empty"
            warnings.append(ParseWarning(message, line=en[number].line, question=number))
    return warnings


def _gap_warnings(zh: dict[int, _Bucket], en: dict[int, _Bucket]) -> list[ParseWarning]:
    """Warn where the numbering skips, e.g. 问题一 followed by 问题三, or starts above 1."""
    numbers = sorted(zh.keys() | en.keys())
    warnings = []
    for previous, number in itertools.pairwise([0, *numbers]):
        if number == previous + 1:
            continue
        missing = _both(previous + 1)
        if number > previous + 2:
            missing += f" to {_both(number - 1)}"
        if previous == 0:
            where = f"the first question is {number}"
        else:
            where = f"the numbering jumps from {previous} to {number}"
        line = (zh.get(number) or en[number]).line
        warnings.append(ParseWarning(f"{missing} not found; {where}", line=line, question=number))
    return warnings


def _both(number: int) -> str:
    return f"{zh_label(number)} / Q{number}"


def _align_question(
    number: int, zh_bucket: _Bucket | None, en_bucket: _Bucket | None, totals: tuple[int, int]
) -> tuple[list[AnswerPair], ParseWarning | None]:
    """Pair a question's answer paragraphs: 1:1 when counts match, else by length and anchors."""
    zh = zh_bucket.answers if zh_bucket else []
    en = en_bucket.answers if en_bucket else []
    if len(zh) == len(en) or zh_bucket is None or en_bucket is None:
        return [pair(z, e) for z, e in in_order(zh, en)], None
    beads = align(zh, en, totals)
    how = "paired in order" if len(zh) * len(en) > MAX_ALIGN_CELLS else "aligned by length"
    rows = [row for row, (z, e) in enumerate(beads, start=1) if len(z) != 1 or len(e) != 1]
    check = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[0]}–{rows[-1]}"
    message = (
        f"{_both(number)}: {_count(len(zh), 'Chinese')} but {len(en)} English; "
        f"{how} — check {check}"
    )
    warning = ParseWarning(message, line=zh_bucket.line, question=number)
    return [pair(z, e) for z, e in beads], warning


def _count(count: int, language: str) -> str:
    return f"{count} {language} paragraph{'' if count == 1 else 's'}"
