"""Parse bilingual Chinese/English interview transcripts (plain text) into plain data."""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class AnswerPair:
    """One aligned row: a Chinese paragraph and its English partner (either may be '')."""

    text_zh: str
    text_en: str
    line_zh: int | None = None  # 1-based line of the (first) Chinese paragraph in the file
    line_en: int | None = None


@dataclass
class QuestionBlock:
    """One numbered question in both languages, with its aligned answer rows."""

    number: int  # 1-based, as written (问题三 / Q3 -> 3)
    text_zh: str
    text_en: str
    answers: list[AnswerPair] = field(default_factory=list)
    line_zh: int | None = None
    line_en: int | None = None


@dataclass
class Transcript:
    """A parsed transcript: header, intro and questions, plus warnings for the curator."""

    title_zh: str
    title_en: str
    date: dt.date | None
    source_zh: str  # 来源: the organisation that published the text
    intro_zh: str  # paragraphs joined with "\n\n"
    intro_en: str
    questions: list[QuestionBlock]
    script: str = "zh-Hans"  # "zh-Hans" or "zh-Hant", detected from the Chinese text
    interviewee_zh: str = ""  # inferred, e.g. 李勇 from "...总干事李勇接受人民日报专访"
    interviewee_role_zh: str = ""  # e.g. 总干事
    interviewee_affiliation_zh: str = ""  # e.g. 联合国工业发展组织
    outlet_zh: str = ""  # the outlet that interviewed, e.g. 人民日报
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def has_english(self) -> bool:
        return any(q.text_en or any(a.text_en for a in q.answers) for q in self.questions)


# --- Reading bytes ------------------------------------------------------------------------


def decode_transcript(data: bytes, *, source: str = "<text>") -> str:
    """Check size and encoding of raw bytes and return the text, or raise TranscriptError."""
    if len(data) > MAX_BYTES:
        raise TranscriptError(_too_large(len(data)), source=source, line=1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message = "not valid UTF-8: the file is UTF-16; save it as UTF-8"
        raise TranscriptError(message, source=source, line=1)
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        raise TranscriptError("binary file, not a text transcript", source=source, line=line)
    if _mostly_control_bytes(data[:8192]):
        raise TranscriptError("binary file, not a text transcript", source=source, line=1)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        message = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); save the file as UTF-8"
        )
        raise TranscriptError(message, source=source, line=line) from exc


def read_transcript(path: str | os.PathLike[str]) -> tuple[str, Transcript]:
    """Read a file from disk: (original text, parsed transcript)."""
    source = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise TranscriptError(_too_large(size), source=source, line=1)
        with open(path, "rb") as handle:
            # The file may have grown since stat(); never load more than the limit allows.
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", source=source) from exc
    text = decode_transcript(data, source=source)
    return text, parse_transcript(text, source=source)


def _too_large(size: int) -> str:
    return f"file is {size:,} bytes, larger than 5 MB (the limit is {MAX_BYTES:,} bytes)"


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF as one line break each."""
    prefix = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return prefix.count(b"\n") + 1


def _mostly_control_bytes(sample: bytes) -> bool:
    control = sum(
        1 for byte in sample if (byte < 32 and byte not in b"\t\n\r\f\x1b") or byte == 127
    )
    return control > len(sample) * 0.1


# --- Paragraphs ---------------------------------------------------------------------------

_SPACES = re.compile("[ \t\f\v\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_ZERO_WIDTH = re.compile("[\u200b\ufeff]")


@dataclass
class _Paragraph:
    text: str  # normalised, lines joined with "\n"
    line: int  # 1-based line where it starts in the original text


def clean_text(text: str) -> str:
    """Normalise spaces in one piece of text the way stored fields are normalised."""
    lines = (_SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """NFKC-fold text character by character (full-width 问题１： -> 问题1:), for detection.

    Characters whose NFKC form is longer than one character are kept, so offsets in the
    folded copy match the original.
    """
    return "".join(_fold_char(char) for char in text)


@functools.cache
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _split_paragraphs(text: str) -> list[_Paragraph]:
    """Split on blank lines; a line starting with a question marker also starts a paragraph.

    A file with no blank line at all (text copied from a web page) has one paragraph per line.
    """
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [clean_text(raw) for raw in unified.split("\n")]
    line_per_paragraph = _no_blank_lines(lines)
    paragraphs: list[_Paragraph] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        if current and (not line or line_per_paragraph or _parse_marker(line)):
            paragraphs.append(_Paragraph("\n".join(current), start))
            current = []
        if line and not current:
            start = number
        if line:
            current.append(line)
    if current:
        paragraphs.append(_Paragraph("\n".join(current), start))
    return paragraphs


def _no_blank_lines(lines: list[str]) -> bool:
    """True when no blank line separates two lines of text."""
    first = next((i for i, line in enumerate(lines) if line), 0)
    last = max((i for i, line in enumerate(lines) if line), default=0)
    return all(lines[first : last + 1])


# --- Question markers ---------------------------------------------------------------------

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
    if fold(text[:1]) not in ("问", "問", "q", "Q"):
        return None
    head = fold(text[:40])
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


# --- Parsing ------------------------------------------------------------------------------


def parse_transcript(text: str, *, source: str = "<text>") -> Transcript:
    """Turn transcript text into a Transcript, or raise TranscriptError."""
    paragraphs = _split_paragraphs(text)
    if not paragraphs:
        raise TranscriptError("empty file", source=source, line=1)
    preamble, zh, en = _sort_paragraphs(paragraphs, source)
    header = _read_header(preamble)
    questions, warnings = _build_questions(zh, en)
    transcript = Transcript(
        title_zh=header.title_zh,
        title_en=header.title_en,
        date=header.date,
        source_zh=header.source_zh,
        intro_zh="\n\n".join(header.intro_zh),
        intro_en="\n\n".join(header.intro_en),
        questions=questions,
        warnings=header.warnings + warnings,
    )
    transcript.script = _detect_script(_chinese_texts(transcript))
    _infer_interview(transcript)
    return transcript


@dataclass
class _Bucket:
    """The paragraphs under one marker, e.g. everything after 问题三 until the next marker."""

    number: int
    line: int
    text: str
    answers: list[_Paragraph] = field(default_factory=list)
    awaiting_text: bool = False  # the marker stood alone; the next paragraph is the question


def _sort_paragraphs(
    paragraphs: list[_Paragraph], source: str
) -> tuple[list[_Paragraph], dict[int, _Bucket], dict[int, _Bucket]]:
    """Split paragraphs into the preamble and Chinese/English question buckets; drop the footer."""
    markers = [_parse_marker(paragraph.text) for paragraph in paragraphs]
    last = max((index for index, marker in enumerate(markers) if marker), default=None)
    if last is None:
        raise TranscriptError("no questions found (expected 问题一 / Q1 …)", source=source, line=1)
    preamble: list[_Paragraph] = []
    buckets: dict[str, dict[int, _Bucket]] = {"zh": {}, "en": {}}
    current = None
    for index, (paragraph, marker) in enumerate(zip(paragraphs, markers, strict=True)):
        if marker:
            current = _open_bucket(buckets[marker.language], marker, paragraph.line, source)
        elif current is None:
            preamble.append(paragraph)
        elif index > last and _looks_like_footer(paragraph.text):
            break
        elif current.awaiting_text:
            current.text, current.awaiting_text = paragraph.text, False
        else:
            current.answers.append(paragraph)
    return preamble, buckets["zh"], buckets["en"]


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


_FOOTER = re.compile(
    r"关闭窗口|關閉窗口|【打印】|【列印】|\[打印\]|打印本页|主办单位|主辦單位|承办单位|承辦單位|"
    r"承办:|承辦:|版权所有|版權所有|copyright|©|all rights reserved|icp备|icp備|icp证|icp證|"
    r"公网安备|公網安備|网站标识码|網站標識碼|联系我们|聯繫我們|聯絡我們|返回顶部|返回頂部|网站地图|網站地圖",
    re.IGNORECASE,
)
_MAX_FOOTER_LINE = 200  # answers run longer; a short first line naming 版权所有 etc. is chrome


def _looks_like_footer(text: str) -> bool:
    first_line = fold(text.split("\n", 1)[0])
    return len(first_line) <= _MAX_FOOTER_LINE and bool(_FOOTER.search(first_line))


# --- Header and intro ---------------------------------------------------------------------

_DATE_LABELS = "发布日期|發布日期|發佈日期|发布时间|發布時間|發佈時間|日期|时间|時間"
_LABEL = re.compile(rf"(?P<date>{_DATE_LABELS})\s*(?::|(?=\d))|(?P<source>来源|來源)\s*:")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_MAX_META_LINE = 120  # longer lines are intro prose that merely mentions "时间:"


@dataclass
class _Header:
    title_zh: str = ""
    title_en: str = ""
    date: dt.date | None = None
    source_zh: str = ""
    intro_zh: list[str] = field(default_factory=list)
    intro_en: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def _read_header(preamble: list[_Paragraph]) -> _Header:
    """Title, date and source from the lines before the first question; the rest is intro."""
    header = _Header()
    for index, paragraph in enumerate(preamble):
        body = []
        for offset, line in enumerate(paragraph.text.split("\n")):
            before = _read_meta(line, paragraph.line + offset, header)
            if index == 0 and _is_title(header, before):
                _set_title(header, before)
            elif before == line:
                body.append(line)
        if body:
            intro = header.intro_en if _looks_english("".join(body)) else header.intro_zh
            intro.append("\n".join(body))
    return header


def _is_title(header: _Header, line: str) -> bool:
    if not header.title_zh and not header.title_en:
        return True
    # A short English line right under the Chinese title is its translation.
    return (
        bool(header.title_zh) and not header.title_en and len(line) <= 150 and _looks_english(line)
    )


def _set_title(header: _Header, line: str) -> None:
    if _looks_english(line):
        header.title_en = line
    else:
        header.title_zh = line


def _read_meta(line: str, line_number: int, header: _Header) -> str:
    """Take 发布日期/来源 values from a line into header; return the text before the labels."""
    folded = fold(line)
    labels = list(_LABEL.finditer(folded)) if len(line) <= _MAX_META_LINE else []
    for position, label in enumerate(labels):
        end = labels[position + 1].start() if position + 1 < len(labels) else len(line)
        value = line[label.end() : end].strip()
        if label["source"]:
            # Sites append 【字体:大 中 小】【打印】 to the same line.
            header.source_zh = header.source_zh or value.split("【")[0].strip()
        elif header.date is None:
            header.date = _parse_date(folded[label.end() : end])
            if header.date is None:
                message = f"date not understood: {value!r}"
                header.warnings.append(ParseWarning(message, line=line_number))
    return line[: labels[0].start()].strip() if labels else line


def _parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z]")


def _looks_english(text: str) -> bool:
    # Han characters carry about a word each, so Latin letters must clearly dominate.
    return len(_LATIN.findall(text)) > 3 * len(_HAN.findall(text))


# --- Questions and alignment --------------------------------------------------------------


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
    """Pair a question's answer paragraphs: 1:1 when counts match, else by length."""
    zh = zh_bucket.answers if zh_bucket else []
    en = en_bucket.answers if en_bucket else []
    if len(zh) == len(en) or zh_bucket is None or en_bucket is None:
        return [_pair(z, e) for z, e in _in_order(zh, en)], None
    if len(zh) * len(en) > _MAX_ALIGN_CELLS:
        beads, how = _in_order(zh, en), "paired in order"
    else:
        beads, how = _align_by_length(zh, en, totals), "aligned by length"
    rows = [row for row, (z, e) in enumerate(beads, start=1) if len(z) != 1 or len(e) != 1]
    check = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[0]}–{rows[-1]}"
    message = (
        f"{_both(number)}: {_count(len(zh), 'Chinese')} but {len(en)} English; "
        f"{how} — check {check}"
    )
    warning = ParseWarning(message, line=zh_bucket.line, question=number)
    return [_pair(z, e) for z, e in beads], warning


def _in_order(zh: list[_Paragraph], en: list[_Paragraph]) -> list[Bead]:
    return [([z] if z else [], [e] if e else []) for z, e in itertools.zip_longest(zh, en)]


def _count(count: int, language: str) -> str:
    return f"{count} {language} paragraph{'' if count == 1 else 's'}"


def _pair(zh: list[_Paragraph], en: list[_Paragraph]) -> AnswerPair:
    return AnswerPair(
        text_zh="\n\n".join(paragraph.text for paragraph in zh),
        text_en="\n\n".join(paragraph.text for paragraph in en),
        line_zh=zh[0].line if zh else None,
        line_en=en[0].line if en else None,
    )


# Fixed cost of each move on top of the length mismatch. A missing paragraph already pays
# its whole share as mismatch, so its fixed cost is small; merges must beat two 1-1 pairs.
_MOVES = {(1, 1): 0.0, (2, 1): 0.2, (1, 2): 0.2, (1, 0): 0.05, (0, 1): 0.05}

# The programme is quadratic; past this many cells pair in order rather than stall an import.
_MAX_ALIGN_CELLS = 250_000

Bead = tuple[list[_Paragraph], list[_Paragraph]]


def _align_by_length(
    zh: list[_Paragraph], en: list[_Paragraph], totals: tuple[int, int]
) -> list[Bead]:
    """Gale–Church style: pair paragraphs whose shares of their language's text agree.

    Shares are of the whole transcript's Chinese and English length (totals), so one missing
    paragraph does not skew its neighbours; mismatches are measured in units of this question.
    """
    zh_shares, en_shares = _shares(zh, totals[0]), _shares(en, totals[1])
    scale = (sum(zh_shares) + sum(en_shares)) / 2 or 1.0
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    for i, j in itertools.product(range(len(zh) + 1), range(len(en) + 1)):
        options = []
        for (di, dj), penalty in _MOVES.items():
            if (i, j) != (0, 0) and i >= di and j >= dj:
                mismatch = abs(sum(zh_shares[i - di : i]) - sum(en_shares[j - dj : j])) / scale
                options.append((best[i - di, j - dj][0] + penalty + mismatch, (di, dj)))
        if options:
            best[i, j] = min(options)
    beads: list[Bead] = []
    i, j = len(zh), len(en)
    while (i, j) != (0, 0):
        di, dj = best[i, j][1]
        beads.append((zh[i - di : i], en[j - dj : j]))
        i, j = i - di, j - dj
    return beads[::-1]


def _shares(paragraphs: list[_Paragraph], total: int) -> list[float]:
    return [len(paragraph.text) / (total or 1) for paragraph in paragraphs]


# --- Script and interview details ---------------------------------------------------------

# Common traditional/simplified pairs; characters shared by both scripts are left out.
_SCRIPT_PAIRS = (
    "國国們们這这發发會会業业與与際际為为經经對对關关現现時时個个來来說说問问題题綠绿護护"
    "產产實实將将聯联織织長长開开區区體体點点總总環环進进過过動动學学讓让認认識识議议條条"
    "從从觀观歷历術术處处變变還还種种當当無无專专務务決决邊边傳传導导萬万億亿齊齐應应員员"
)
_TRADITIONAL = set(_SCRIPT_PAIRS[0::2])
_SIMPLIFIED = set(_SCRIPT_PAIRS[1::2])


def _chinese_texts(transcript: Transcript) -> list[str]:
    texts = [transcript.title_zh, transcript.intro_zh]
    for question in transcript.questions:
        texts.append(question.text_zh)
        texts.extend(answer.text_zh for answer in question.answers)
    return texts


def _detect_script(texts: list[str]) -> str:
    """'zh-Hant' when traditional-only characters clearly outnumber simplified-only ones."""
    traditional = simplified = 0
    for text in texts:
        traditional += sum(1 for char in text if char in _TRADITIONAL)
        simplified += sum(1 for char in text if char in _SIMPLIFIED)
    return "zh-Hant" if traditional > 2 * simplified else "zh-Hans"


_ROLES = (
    "副总干事|总干事|副秘书长|秘书长|副主席|主席|副总统|总统|副总理|总理|首相|外长|部长|大使|"
    "董事长|总经理|总裁|首席执行官|行长|院长|校长|会长|署长|执行主任|主任|教授|市长|"
    "副總幹事|總幹事|副秘書長|秘書長|副總統|總統|副總理|總理|部長|董事長|總經理|總裁|"
    "首席執行官|行長|會長|執行主任"
)
_NAME = "[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+"
_OUTLET = (
    '接受了?(?P<outlet>[^\\s,，。;；、:：“”"]{1,20}?)的?'
    "(?:记者|記者|独家|獨家|书面|書面)*(?:专访|采访|專訪|採訪)"
)
_INTERVIEW = re.compile(f"(?P<role>{_ROLES})(?P<name>{_NAME})?{_OUTLET}")
_OUTLET_ONLY = re.compile(_OUTLET)
_AFFILIATION = re.compile("[\u4e00-\u9fffA-Za-z0-9()（）]+$")
_TIME_WORDS = re.compile("^(?:日前|近日|近期|今天|今日|昨天|昨日|当天|當天)")


def _infer_interview(transcript: Transcript) -> None:
    """Fill interviewee, role, affiliation and outlet from "…总干事李勇接受人民日报专访"."""
    texts = [transcript.intro_zh, transcript.title_zh]
    for text in texts:
        if match := _INTERVIEW.search(text):
            transcript.interviewee_zh = match["name"] or ""
            transcript.interviewee_role_zh = match["role"]
            transcript.interviewee_affiliation_zh = _affiliation(text[: match.start()])
            transcript.outlet_zh = _outlet(match["outlet"])
            return
    for text in texts:
        if match := _OUTLET_ONLY.search(text):
            transcript.outlet_zh = _outlet(match["outlet"])
            return


def _affiliation(before: str) -> str:
    match = _AFFILIATION.search(before)
    affiliation = _TIME_WORDS.sub("", match.group()) if match else ""
    # A long run means the sentence had no punctuation to stop at: too unsure to keep.
    return affiliation if 2 <= len(affiliation) <= 25 else ""


def _outlet(outlet: str) -> str:
    # "本报" (this paper) names no outlet by itself.
    return "" if outlet in ("本报", "本刊", "本台", "本网", "本報", "本臺", "本網") else outlet
