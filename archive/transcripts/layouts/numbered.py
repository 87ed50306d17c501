"""Numbered questions: 问题一 / 问题1 / 問題三、 and Q1 / Question 1. with their answer paragraphs,
the Chinese and English either as two parts or interleaved question by question. A file without
such markers may number its questions with bare numbers (1. What …? / 一、问:…)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ...text import fold_width, language_of
from ..align import MAX_ALIGN_CELLS, align, in_order
from ..chrome import cut_footer, drop_captions, drop_chrome
from ..data import (
    AnswerPair,
    ParseWarning,
    QuestionBlock,
    Speaker,
    Transcript,
    TranscriptError,
)
from ..header import read_header
from ..labels import role_of, split_label
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

# A bare number: "1. What …?", "2、…", "3) …", "一、问:…" (not "1.5 million", not "2020.").
_BARE_MARKER = re.compile(
    rf"(?P<number>[0-9]{{1,2}}|{_ZH_NUMERAL})\s*(?P<sep>\.(?![0-9])|[、)])\s*(?=\S)"
)
_ASKS = re.compile(r"[?？]")
MAX_ASKING_LINES = 3  # a bare-numbered question asks within its first lines
MIN_BARE_RUN = 2
_GREETING = re.compile(
    r"(?:hello|hi|good (?:morning|afternoon|evening)|dear (?:friends|viewers))\b"
    r"|(?:大家好|各位好|你们好|您好|各位朋友|各位观众|各位觀眾)",
    re.I,
)


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


def _bare_marker(text: str) -> _Marker | None:
    """ "1. What …?" or "一、问:…?": a bare number opening a paragraph that asks something.

    Whether it numbers a question at all is settled by _markers, from the whole run of them.
    """
    head = fold_width(text)
    match = _BARE_MARKER.match(head)
    if not match:
        return None
    if not _ASKS.search("\n".join(head.split("\n")[:MAX_ASKING_LINES])):
        return None
    rest = text[match.end() :].strip()
    language = language_of(rest.split("\n", 1)[0]) or language_of(rest)
    return _Marker(language or "zh", _chinese_number(match["number"]), rest)


def _markers(paragraphs: list[Paragraph]) -> list[_Marker | None]:
    """The numbered-question marker of each paragraph, or None.

    Bare numbers count only in a language that has no 问题N / QN markers ("Q1: Why …?" with
    "1)为何…?" under it), only where the paragraph asks, and only the run that counts up one by
    one: a bare number inside an answer ("1. The fund …") lists, it does not ask.
    """
    markers = [_parse_marker(paragraph.text) for paragraph in paragraphs]
    marked = {marker.language for marker in markers if marker}
    bare = [_bare_marker(paragraph.text) for paragraph in paragraphs]
    for language in {"zh", "en"} - marked:
        run = _numbered_run([m if m and m.language == language else None for m in bare])
        if len(run) >= MIN_BARE_RUN:
            for index in run:
                markers[index] = bare[index]
    return markers


def _numbered_run(markers: list[_Marker | None]) -> list[int]:
    """Indexes of the longest run of markers numbered n, n+1, n+2 … in order (a page of a
    longer interview may start at 9); markers outside it are list items or stray numbers."""
    best: list[int] = []
    for start, first in enumerate(markers):
        if not first:
            continue
        run = [start]
        for index in range(start + 1, len(markers)):
            marker = markers[index]
            if marker and marker.number == markers[run[-1]].number + 1:
                run.append(index)
        best = max(best, run, key=len)
    return best


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


BARE_SCORE = 0.92  # above the best speaker-turns fit (0.9): numbers that run and ask win
BARE_WITH_LABELS_SCORE = 0.6


class NumberedReader(Reader):
    name = "numbered"
    title = "Numbered questions"
    example = "问题一:…\n(answer paragraphs)\nQ1: …\n(answer paragraphs)"

    def fit(self, doc: Document) -> Fit:
        numbers: dict[str, list[int]] = {"zh": [], "en": []}
        paragraphs = split_paragraphs(doc.text, starts_paragraph=_is_marker)
        markers = _markers(paragraphs)
        for marker in filter(None, markers):
            numbers[marker.language].append(marker.number)
        found = len(numbers["zh"]) + len(numbers["en"])
        if not found:
            return Fit(0.0, "no numbered questions (问题一 / Q1, or 1. … ? 2. … ?)")
        reason = f"{len(numbers['zh'])} Chinese and {len(numbers['en'])} English numbered questions"
        if not any(_parse_marker(paragraph.text) for paragraph in paragraphs):
            # Answers that open with speakers' labels make it a file of speaker turns that
            # happens to number its questions: the turns reader keeps those speakers.
            if _labelled_answers(paragraphs, markers):
                return Fit(BARE_WITH_LABELS_SCORE, reason + " (bare numbers; labelled answers)")
            return Fit(BARE_SCORE, reason + " (bare numbers)")
        in_order = all(a < b for side in numbers.values() for a, b in itertools.pairwise(side))
        score = (0.97 if found >= 2 else 0.6) if in_order else 0.5
        return Fit(score, reason + ("" if in_order else ", out of order"))

    def read(self, doc: Document) -> Transcript:
        paragraphs = split_paragraphs(doc.text, starts_paragraph=_is_marker)
        if not paragraphs:
            raise TranscriptError("empty file", source=doc.source, line=1)
        markers = _markers(paragraphs)
        last = max((index for index, marker in enumerate(markers) if marker), default=None)
        if last is None:
            raise TranscriptError(
                "no questions found (expected 问题一 / Q1 …)", source=doc.source, line=1
            )
        paragraphs = cut_footer(paragraphs, last + 1, doc.dropped)
        paragraphs = drop_chrome(paragraphs, doc.dropped, keep=_is_marker)
        paragraphs = drop_captions(paragraphs, doc.dropped)
        preamble, zh, en = _sort_paragraphs(paragraphs, doc.source)
        preamble = _opening_statement(preamble, zh, en)
        _translations_under_the_question(zh, en)
        numbers = sorted(zh.keys() | en.keys())
        _lagging_translations(zh, numbers)
        _lagging_translations(en, numbers)
        header = read_header(preamble)
        questions, warnings = _build_questions(zh, en)
        return header.transcript(questions, warnings, doc.dropped)


def _opening_statement(
    preamble: list[Paragraph], zh: dict[int, _Bucket], en: dict[int, _Bucket]
) -> list[Paragraph]:
    """The preamble without the speech that opens the interview, which becomes question 0.

    A paragraph before the first question that greets the audience ("Hello, I'm David
    Evans…", "大家好,我叫戴伟…") or opens with an answer's label (答: / Answer:, where a page
    starts inside an answer) is the interviewee speaking, not an introduction about the
    interview: it and the rest of the preamble are the opening statement (anchors #q0-a1 …).
    """
    start = next(
        (i for i, p in enumerate(preamble) if _GREETING.match(p.text) or _answer_label(p.text)),
        None,
    )
    if start is None:
        return preamble
    for language, buckets in (("zh", zh), ("en", en)):
        answers = [p for p in preamble[start:] if language_of(p.text) == language]
        if answers:
            buckets[0] = _Bucket(0, answers[0].line, "", answers)
    return preamble[:start]


def _answer_label(text: str) -> str:
    """The label of an answer's first paragraph (答: / A: / Answer:), or ""."""
    labelled = split_label(text.split("\n", 1)[0])
    return labelled.label if labelled and role_of(labelled.label) == "answer" else ""


def _asking_label(text: str) -> bool:
    labelled = split_label(text.split("\n", 1)[0])
    return bool(labelled and labelled.rest and role_of(labelled.label) == "ask")


def _lagging_translations(ours: dict[int, _Bucket], numbers: list[int]) -> None:
    """ "9、问:… / Answer: (to 8) … / Question: (9) … / 答:…": where one language runs a block
    behind the other, its paragraphs before its own asking label answer the question before,
    and the labelled paragraph is this question's own text in that language.

    `numbers` are the questions of both languages, so that the block can go back to a question
    (or the opening statement, 0) that so far has text in the other language only.
    """
    for number in sorted(ours):
        bucket = ours[number]
        index = next((i for i, a in enumerate(bucket.answers) if _asking_label(a.text)), None)
        if index is None or bucket.text:
            continue
        earlier, asking = bucket.answers[:index], bucket.answers[index]
        before = [n for n in numbers if n < number]
        if earlier and not before:
            continue  # nothing before to give them to
        if earlier:
            previous = ours.setdefault(before[-1], _Bucket(before[-1], earlier[0].line, ""))
            previous.answers = sorted(previous.answers + earlier, key=lambda a: a.line)
        bucket.text, bucket.answers = asking.text, bucket.answers[index + 1 :]
    ordered = dict(sorted(ours.items()))
    ours.clear()
    ours.update(ordered)


def _answer_speakers(bucket: _Bucket | None) -> dict[int, str]:
    """Strip 答: / Answer: from a bucket's answers; each paragraph's speaker label by its line,
    an unlabelled paragraph continuing the one before."""
    speakers: dict[int, str] = {}
    current = ""
    for answer in bucket.answers if bucket else []:
        if label := _answer_label(answer.text):
            current = label
            first, _, more = answer.text.partition("\n")
            rest = split_label(first).rest
            answer.text = "\n".join(part for part in (rest, more) if part) or answer.text
        speakers[answer.line] = current
    return speakers


def _labelled_answers(paragraphs: list[Paragraph], markers: list[_Marker | None]) -> bool:
    """Whether any paragraph after the first question opens with a named speaker's label
    (戴伟: / Evans:); 答: / Answer: name no one and are read here."""
    first = next(index for index, marker in enumerate(markers) if marker)
    for paragraph, marker in zip(paragraphs[first:], markers[first:], strict=True):
        labelled = None if marker else split_label(paragraph.text.split("\n", 1)[0])
        if labelled and role_of(labelled.label) is None:
            return True
    return False


def _is_marker(line: str) -> bool:
    return _parse_marker(line) is not None


def _sort_paragraphs(
    paragraphs: list[Paragraph], source: str
) -> tuple[list[Paragraph], dict[int, _Bucket], dict[int, _Bucket]]:
    """Split paragraphs into the preamble and Chinese/English question buckets."""
    markers = _markers(paragraphs)
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
    gives the other language its question, and its answers in that language, when the other
    language has no marker of its own ("1. What …? / English answer / 中文回答")."""
    for ours, theirs, language in ((en, zh, "zh"), (zh, en, "en")):
        for number, bucket in list(ours.items()):
            if number in theirs:
                _move_answers(bucket, theirs[number], language)
                continue
            lines = bucket.text.split("\n")
            other = [line for line in lines if language_of(line) == language]
            if len(other) == len(lines):
                other = []  # the whole question is in one language: the marker's
            answers = [answer for answer in bucket.answers if language_of(answer.text) == language]
            if not other and not answers:
                continue
            bucket.text = "\n".join(line for line in lines if line not in other)
            bucket.answers = [answer for answer in bucket.answers if answer not in answers]
            theirs[number] = _Bucket(number, bucket.line, "\n".join(other), answers)
    for buckets in (zh, en):
        ordered = dict(sorted(buckets.items()))
        buckets.clear()
        buckets.update(ordered)


def _move_answers(ours: _Bucket, theirs: _Bucket, language: str) -> None:
    """ "Q2 … / 2)… / English answer": an answer paragraph filed under the other language's
    marker joins its own language's answers to the same question, in file order."""
    moved = [answer for answer in ours.answers if language_of(answer.text) == language]
    if moved:
        ours.answers = [answer for answer in ours.answers if answer not in moved]
        theirs.answers = sorted(theirs.answers + moved, key=lambda answer: answer.line)


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
    # The length ratio of the two languages, from questions answered in both: answers that
    # only one language gives (a page cut short) would skew it.
    both = {n for n in zh.keys() & en.keys() if zh[n].answers and en[n].answers}
    totals = (_total_length(zh, both), _total_length(en, both))
    questions = []
    for number in sorted(zh.keys() | en.keys()):
        zh_bucket, en_bucket = zh.get(number), en.get(number)
        answers, warning = _align_question(number, zh_bucket, en_bucket, totals)
        if warning:
            warnings.append(warning)
        text_zh, label_zh = _without_asker(zh_bucket.text if zh_bucket else "")
        text_en, label_en = _without_asker(en_bucket.text if en_bucket else "")
        question = QuestionBlock(
            number=number,
            text_zh=text_zh,
            text_en=text_en,
            answers=answers,
            line_zh=zh_bucket.line if zh_bucket else None,
            line_en=en_bucket.line if en_bucket else None,
            asker=_asker(label_zh, label_en),
        )
        questions.append(question)
    confidences(questions)
    warnings.sort(key=lambda warning: warning.question or 0)
    return questions, warnings


def _without_asker(text: str) -> tuple[str, str]:
    """A question line that opens with an asking label (提问: / Q: / 问:) loses it to the asker."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        labelled = split_label(line)
        if labelled and labelled.rest and role_of(labelled.label) == "ask":
            lines[index] = labelled.rest
            return "\n".join(lines), labelled.label
    return text, ""


def _asker(*labels: str) -> Speaker:
    """The asker's label in the language it is written in, wherever the line stood."""
    by_language = {language_of(label): label for label in labels if label}
    return Speaker(zh=by_language.get("zh", ""), en=by_language.get("en", ""))


def _total_length(buckets: dict[int, _Bucket], numbers: set[int]) -> int:
    return sum(len(answer.text) for n in numbers for answer in buckets[n].answers)


def _coverage_warnings(zh: dict[int, _Bucket], en: dict[int, _Bucket]) -> list[ParseWarning]:
    """Warn about questions that exist in one language only."""
    if not en:
        return [ParseWarning("no English translation was found; the English fields are empty")]
    if not zh:
        return [ParseWarning("no Chinese text was found; the Chinese fields are empty")]
    warnings = []
    for number in sorted((zh.keys() ^ en.keys()) - {0}):  # 0: the opening statement
        if number in zh:
            message = f"{zh_label(number)} has no English version (no Q{number}); left empty"
            warnings.append(ParseWarning(message, line=zh[number].line, question=number))
        else:
            message = f"Q{number} has no Chinese version (no {zh_label(number)}); left empty"
            warnings.append(ParseWarning(message, line=en[number].line, question=number))
    return warnings


def _gap_warnings(zh: dict[int, _Bucket], en: dict[int, _Bucket]) -> list[ParseWarning]:
    """Warn where the numbering skips, e.g. 问题一 followed by 问题三, or starts above 1."""
    numbers = sorted((zh.keys() | en.keys()) - {0})  # 0 is the opening statement
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
    speakers = (_answer_speakers(zh_bucket), _answer_speakers(en_bucket))
    zh = zh_bucket.answers if zh_bucket else []
    en = en_bucket.answers if en_bucket else []
    if len(zh) == len(en) or not zh or not en:
        return [_row(z, e, speakers) for z, e in in_order(zh, en)], None
    beads = align(zh, en, totals)
    how = "paired in order" if len(zh) * len(en) > MAX_ALIGN_CELLS else "aligned by length"
    rows = [row for row, (z, e) in enumerate(beads, start=1) if len(z) != 1 or len(e) != 1]
    check = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[0]}–{rows[-1]}"
    message = (
        f"{_both(number)}: {_count(len(zh), 'Chinese')} but {len(en)} English; "
        f"{how} — check {check}"
    )
    warning = ParseWarning(message, line=zh_bucket.line, question=number)
    return [_row(z, e, speakers) for z, e in beads], warning


def _row(
    zh: list[Paragraph], en: list[Paragraph], speakers: tuple[dict[int, str], dict[int, str]]
) -> AnswerPair:
    """One answer row, with the answer labels its paragraphs carried (答 / Answer)."""
    speaker = Speaker(
        zh=speakers[0].get(zh[0].line, "") if zh else "",
        en=speakers[1].get(en[0].line, "") if en else "",
    )
    return pair(zh, en, speaker if speaker else None)


def _count(count: int, language: str) -> str:
    return f"{count} {language} paragraph{'' if count == 1 else 's'}"
