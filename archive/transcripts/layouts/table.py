"""Tables: CSV and TSV with a Chinese and an English column, one row per paragraph pair.

Columns are found by their header (zh/en, 中文/English, chinese/english, speaker/说话人,
speaker_zh/speaker_en, role/type/角色, a question flag column), or, without a header, by the
language of their cells (a third column of short cells is the speaker). A row whose speaker or
role marks a question (问, Q, 记者, Reporter, Host, 主持人, type "question") starts a new turn;
labels written in the text ("问:", "[王毅]", "Wang Yi:") count as speakers. A table with
question and answer columns (问题/回答, q_zh/a_zh/q_en/a_en, question/answer) has one turn per
row, read as JSON-lines records are. The same code reads the two-column tables of DOCX files.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from ...text import fold_width, language_of
from ..data import MAX_BYTES, Speaker, Transcript, TranscriptError
from .base import Document, Fit, Reader
from .jsonl import A_ANY, A_EN, A_ZH, Q_ANY, Q_EN, Q_ZH, _keyed, _record_rows
from .structured import Header, Row, extracted, read_rows, role_value, speaker_from

SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
DELIMITERS = ("\t", ",", ";", "|")
SAMPLE_ROWS = 200
MAX_HEADER_CELL = 40
csv.field_size_limit(MAX_BYTES + 1)  # a cell may be as long as the file


def _names(*names: str) -> set[str]:
    return {fold_width(name).lower() for name in names}


COLUMNS = {
    "zh": _names("zh", "chinese", "中文", "汉语", "漢語", "中", "cn", "zh-cn", "zh_cn", "zh-hans")
    | _names("zh-hant", "zh-tw", "zh_tw", "text_zh", "zh_text", "chinese text", "中文文本", "原文"),
    "en": _names("en", "english", "英文", "英语", "英語", "英", "en-us", "en_us", "en-gb", "eng")
    | _names("text_en", "en_text", "english text", "英文文本", "译文", "譯文", "translation"),
    "speaker": _names("speaker", "说话人", "說話人", "发言人", "發言人", "讲话人", "講話人", "name")
    | _names("姓名", "who", "label", "标签", "標籤", "speaker label"),
    "speaker_zh": _names("speaker_zh", "说话人(中文)", "speaker (zh)", "speaker zh", "中文说话人"),
    "speaker_en": _names("speaker_en", "说话人(英文)", "speaker (en)", "speaker en", "英文说话人"),
    "role": _names("role", "type", "kind", "角色", "类型", "類型", "身份", "row type"),
    "flag": _names("question", "is_question", "问题", "問題", "问", "問", "q", "is question"),
}
TRUE = _names("1", "true", "yes", "y", "是", "x", "✓", "√", "q", "question", "问", "問", "问题")
RECORD_KEYS = Q_ZH | Q_EN | Q_ANY | A_ZH | A_EN | A_ANY


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # line where each row starts
    delimiter: str = ","

    @property
    def width(self) -> int:
        counts = Counter(len(row) for row in self.rows if any(cell.strip() for cell in row))
        return counts.most_common(1)[0][0] if counts else 0


def parse_table(text: str, delimiter: str, limit: int | None = None) -> Table:
    """Rows of cells with their lines. With `limit`, `text` may be a sample cut anywhere: a
    quoted cell left open at its end ends the sample instead of failing."""
    table = Table(delimiter=delimiter)
    # strict: an unclosed or stray quote is an error, not a cell swallowing the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                table.rows.append(row)
                table.lines.append(start)
            start = reader.line_num + 1
            if limit and len(table.rows) >= limit:
                break
    except csv.Error as exc:
        if limit and table.rows and "end of data" in str(exc):
            return table
        message = f"CSV: {exc} (line {reader.line_num}); check the quotes of that row"
        raise TranscriptError(message, line=reader.line_num) from exc
    return table


def _consistency(table: Table) -> float:
    width = table.width
    if width < 2 or not table.rows:
        return 0.0
    return sum(1 for row in table.rows if len(row) == width) / len(table.rows)


def sniff_delimiter(text: str, suffix: str) -> str:
    """The delimiter: by suffix for .tsv, else csv.Sniffer's guess if the rows agree on it,
    else the candidate that splits the most rows into the same number (≥ 2) of cells."""
    if suffix in (".tsv", ".tab"):
        return "\t"
    sample = text[:65536]
    scores: dict[str, float] = {}
    for delimiter in DELIMITERS:
        try:
            scores[delimiter] = _consistency(parse_table(sample, delimiter, SAMPLE_ROWS))
        except TranscriptError:
            scores[delimiter] = 0.0
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed and scores.get(sniffed, 0) >= 0.9:
        return sniffed
    best = max(DELIMITERS, key=lambda d: (scores[d], -DELIMITERS.index(d)))
    return best if scores[best] else SUFFIXES.get(suffix, ",")


@dataclass
class Columns:
    """Which column holds what; `records` when the table has question and answer columns."""

    zh: int | None = None
    en: int | None = None
    speaker: int | None = None
    speaker_zh: int | None = None
    speaker_en: int | None = None
    role: int | None = None
    flag: int | None = None
    header: bool = False
    records: list[str] | None = None  # the header, for one turn per row

    def describe(self, names: list[str]) -> str:
        found = [
            f"{kind} = {names[index]!r}" if self.header else f"{kind} = column {index + 1}"
            for kind in ("zh", "en", "speaker", "speaker_zh", "speaker_en", "role", "flag")
            if (index := getattr(self, kind)) is not None
        ]
        return ", ".join(found)


def header_columns(first: list[str]) -> Columns | None:
    """Columns named by a header row, or None when the first row is not a header."""
    names = [fold_width(cell).strip().lower() for cell in first]
    if any(len(name) > MAX_HEADER_CELL for name in names):
        return None
    if sum(1 for name in names if name in RECORD_KEYS) >= 2 and not (
        names_in(names, COLUMNS["zh"]) and names_in(names, COLUMNS["en"])
    ):
        return Columns(header=True, records=[cell.strip() for cell in first])
    columns = Columns(header=True)
    for index, name in enumerate(names):
        for kind, known in COLUMNS.items():
            if name in known and getattr(columns, kind) is None:
                setattr(columns, kind, index)
                break
    if columns.zh is None and columns.en is None:
        return None
    return columns


def names_in(names: list[str], known: set[str]) -> bool:
    return any(name in known for name in names)


def detect_columns(rows: list[list[str]]) -> Columns:
    """Without a header: the column whose cells are mostly Chinese, the one mostly English, and
    a column of short cells (the speaker)."""
    width = max((len(row) for row in rows), default=0)
    zh_share, en_share, lengths = [], [], []
    for index in range(width):
        cells = [row[index].strip() for row in rows[:SAMPLE_ROWS] if index < len(row)]
        cells = [cell for cell in cells if cell]
        languages = Counter(language_of(cell) for cell in cells)
        zh_share.append(languages["zh"] / len(cells) if cells else 0.0)
        en_share.append(languages["en"] / len(cells) if cells else 0.0)
        lengths.append(sum(map(len, cells)) / len(cells) if cells else 0.0)
    columns = Columns()
    zh = max(range(width), key=lambda i: (zh_share[i], lengths[i]), default=None)
    if zh is not None and zh_share[zh] >= 0.6:
        columns.zh = zh
    en = max((i for i in range(width) if i != columns.zh), key=lambda i: en_share[i], default=None)
    if en is not None and en_share[en] >= 0.6:
        columns.en = en
    others = [i for i in range(width) if i not in (columns.zh, columns.en) and lengths[i]]
    short = [i for i in others if lengths[i] <= 20]
    if columns.zh is not None and columns.en is not None and short:
        columns.speaker = short[0]
    return columns


def table_columns(rows: list[list[str]]) -> Columns:
    if not rows:
        return Columns()
    return header_columns(rows[0]) or detect_columns(rows)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def table_rows(table: Table, columns: Columns) -> list[Row]:
    """The table's paragraph pairs as rows (or, for question/answer columns, turns)."""
    body = list(zip(table.rows, table.lines, strict=True))[1 if columns.header else 0 :]
    rows: list[Row] = []
    if columns.records is not None:
        for cells, line in body:
            record = dict(zip(columns.records, cells, strict=False))
            rows.extend(_record_rows(_keyed(record), line))
        return rows
    has_speaker = any(
        index is not None for index in (columns.speaker, columns.speaker_zh, columns.speaker_en)
    )
    for cells, line in body:
        speaker = speaker_from(_cell(cells, columns.speaker))
        speaker = Speaker(
            _cell(cells, columns.speaker_zh).strip() or speaker.zh,
            _cell(cells, columns.speaker_en).strip() or speaker.en,
        )
        role = role_value(_cell(cells, columns.role)) if columns.role is not None else None
        if columns.flag is not None and role is None:
            flagged = fold_width(_cell(cells, columns.flag)).strip().lower() in TRUE
            role = "question" if flagged else "answer" if has_speaker else None
        zh, en = _cell(cells, columns.zh), _cell(cells, columns.en)
        rows.append(Row(zh, en, line, speaker, role, labels=not has_speaker))
    return rows


def read_table_rows(table: Table, *, source: str, header: Header | None = None) -> Transcript:
    """A table (from CSV or DOCX) as a Transcript; TranscriptError says what is missing."""
    columns = table_columns(table.rows)
    if table.width < 2 and columns.records is None:
        message = (
            "the table has only one column; expected a Chinese and an English column "
            "(a header such as zh,en or 中文,English)"
        )
        raise TranscriptError(message, source=source, line=1)
    if columns.records is None and (columns.zh is None or columns.en is None):
        if columns.header and (columns.zh is not None or columns.en is not None):
            pass  # a header naming one language: the other is missing, which is allowed
        else:
            message = (
                "could not tell which column is Chinese and which is English; add a header "
                "row naming them (zh,en or 中文,English)"
            )
            raise TranscriptError(message, source=source, line=1)
    rows = table_rows(table, columns)
    if not rows:
        raise TranscriptError("the table has no rows after its header", source=source, line=1)
    transcript = read_rows(rows, source=source, header=header)
    return transcript


class TableReader(Reader):
    name = "table"
    title = "Table (CSV or TSV) with Chinese and English columns"
    example = "speaker,中文,English\n主持人,欢迎……,Welcome …\n刘大使,谢谢!,Thank you."

    def fit(self, doc: Document) -> Fit:
        if extracted():
            return Fit(0.0, "text taken from a page or document")
        claimed = doc.suffix in SUFFIXES
        delimiter = sniff_delimiter(doc.text, doc.suffix)
        try:
            table = parse_table(doc.text[:65536], delimiter, SAMPLE_ROWS)
        except TranscriptError:
            return Fit(0.9 if claimed else 0.0, "a table that does not parse")
        name = "TSV" if delimiter == "\t" else "CSV"
        columns = table_columns(table.rows)
        if columns.header and table.width >= 2:
            names = [cell.strip() for cell in table.rows[0]]
            described = ", ".join(names) if columns.records else columns.describe(names)
            return Fit(1.0, f"{name} with a header ({described})")
        if claimed and table.width < 2:
            return Fit(0.9, f"a {doc.suffix} file with one column")
        if columns.zh is None or columns.en is None:
            return Fit(0.9 if claimed else 0.0, f"{name} without Chinese and English columns")
        reason = f"{name} without a header ({columns.describe([])}, told by language)"
        if claimed:
            return Fit(0.95, reason)
        if len(table.rows) >= 3 and _consistency(table) >= 0.9:
            return Fit(0.9 if delimiter == "\t" else 0.85, reason)
        return Fit(0.0, f"not a table ({name} rows of differing lengths)")

    def read(self, doc: Document) -> Transcript:
        delimiter = sniff_delimiter(doc.text, doc.suffix)
        try:
            table = parse_table(doc.text, delimiter)
        except TranscriptError as exc:
            raise TranscriptError(exc.message, source=doc.source, line=exc.line) from exc
        if not table.rows:
            raise TranscriptError("the table is empty", source=doc.source, line=1)
        return read_table_rows(table, source=doc.source)
