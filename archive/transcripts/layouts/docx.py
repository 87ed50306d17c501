"""Word documents (DOCX), read with python-docx.

A table with a Chinese and an English column (with or without a header row) is read row by row,
as a CSV table is; the paragraphs before it give the title, date and source. Otherwise the
document's paragraphs (and the text of its tables), bold labels such as "问:" included as plain
text, are handed to the text readers, which pick the layout. Either way the text taken out of the
document is kept as the interview's original text (`doc.text`).
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from ..data import ParseWarning, Transcript, TranscriptError
from ..header import read_header
from ..paragraphs import Paragraph
from ..reading import check_text_size
from .base import Document, Fit, Reader
from .structured import Header, find_date, reading_extracted
from .table import Table, read_table_rows, table_columns

ZIP_MAGIC = b"PK\x03\x04"
MAIN_PART = "word/document.xml"
MAX_UNPACKED = 100 * 1024 * 1024  # a DOCX of at most 5 MB unpacks to far less than this
MIN_TABLE_ROWS = 2


def _zip(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


class DocxReader(Reader):
    name = "docx"
    title = "Word document (DOCX)"
    example = "A Word file: paragraphs in any text layout, or a table Chinese | English"
    binary = True

    def fit(self, doc: Document) -> Fit:
        claimed = doc.suffix == ".docx"
        if not doc.data.startswith(ZIP_MAGIC):
            return Fit(0.9 if claimed else 0.0, "not a ZIP file")
        archive = _zip(doc.data)
        if archive is None:
            return Fit(0.9 if claimed else 0.0, "a ZIP file that cannot be opened")
        if MAIN_PART in archive.namelist():
            return Fit(1.0, "a Word document (word/document.xml)")
        return Fit(0.9 if claimed else 0.0, "a ZIP file without word/document.xml")

    def read(self, doc: Document) -> Transcript:
        blocks = _blocks(doc)
        tables = [(index, block) for index, block in enumerate(blocks) if isinstance(block, Table)]
        bilingual = [(index, table) for index, table in tables if _bilingual(table)]
        if bilingual:
            index, table = max(bilingual, key=lambda item: len(item[1].rows))
            return _read_table(doc, blocks, index, table)
        text = "\n\n".join(_block_text(block) for block in blocks if _block_text(block))
        if not text.strip():
            raise TranscriptError("DOCX: the document has no text", source=doc.source, line=1)
        check_text_size(text, source=doc.source)
        doc.text = text
        from .. import parse_transcript  # the text readers; imported here to avoid a cycle

        with reading_extracted():
            transcript = parse_transcript(text, source=doc.source)
        transcript.layout_reason = (
            f"its paragraphs read as {transcript.layout}: {transcript.layout_reason}"
        )
        return transcript


def _blocks(doc: Document) -> list[Paragraph | Table]:
    """The document's paragraphs and tables in order (paragraph line numbers are positions)."""
    import docx  # python-docx, only needed here
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    archive = _zip(doc.data)
    if archive is None:
        message = "DOCX: not a valid ZIP file (the file is corrupt or truncated)"
        raise TranscriptError(message, source=doc.source, line=1)
    if MAIN_PART not in archive.namelist():
        message = "DOCX: no word/document.xml inside; is this a Word document?"
        raise TranscriptError(message, source=doc.source, line=1)
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED:
        message = f"DOCX: unpacks to {unpacked:,} bytes, more than {MAX_UNPACKED:,}"
        raise TranscriptError(message, source=doc.source, line=1)
    try:
        document = docx.Document(BytesIO(doc.data))
        blocks: list[Paragraph | Table] = []
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):
                blocks.append(_table(block))
            elif block.text.strip():
                blocks.append(Paragraph(block.text.strip(), len(blocks) + 1))
        doc.title = document.core_properties.title or ""
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
    ) as exc:
        message = f"DOCX: the document cannot be read ({exc.__class__.__name__}: {exc})"
        raise TranscriptError(message, source=doc.source, line=1) from exc
    return blocks


def _table(table) -> Table:
    """A Word table's rows of cell texts (a merged cell counted once)."""
    result = Table(delimiter="\t")
    for number, row in enumerate(table.rows, start=1):
        cells, seen = [], []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text.strip())
        if any(cells):
            result.rows.append(cells)
            result.lines.append(number)
    return result


def _bilingual(table: Table) -> bool:
    if len(table.rows) < MIN_TABLE_ROWS or table.width < 2:
        return False
    columns = table_columns(table.rows)
    return columns.records is not None or (columns.zh is not None and columns.en is not None)


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return "\n\n".join(cell for row in block.rows for cell in row if cell)


def _read_table(doc: Document, blocks: list, index: int, table: Table) -> Transcript:
    """Read the bilingual table; paragraphs before it are the header, after it are reported."""
    lines: list[str] = []
    before: list[Paragraph] = []
    for block in blocks[:index]:
        for part in _block_text(block).split("\n\n"):
            lines.append(part)
            before.append(Paragraph(part, len(lines)))
            lines.append("")
    table_lines = []
    for row in table.rows:
        lines.append("\t".join(cell.replace("\n", " ") for cell in row))
        table_lines.append(len(lines))
    after = [_block_text(block) for block in blocks[index + 1 :] if _block_text(block)]
    if after:
        lines.append("")
        lines.extend(after)
    doc.text = "\n".join(lines)
    check_text_size(doc.text, source=doc.source)
    read = read_header(before) if before else None
    header = Header()
    if read:
        header = Header(
            title_zh=read.title_zh,
            title_en=read.title_en,
            date=read.date or find_date([read.title_zh, read.title_en, *read.intro_zh]),
            source_zh=read.source_zh,
            intro_zh="\n\n".join(read.intro_zh),
            intro_en="\n\n".join(read.intro_en),
            warnings=read.warnings,
        )
    if not (header.title_zh or header.title_en) and getattr(doc, "title", ""):
        header.title_zh = doc.title
    table.lines = table_lines
    transcript = read_table_rows(table, source=doc.source, header=header)
    if after:
        message = (
            f"{len(after)} paragraphs after the table were not read as dialogue; "
            "they are kept in the original text"
        )
        transcript.warnings.append(ParseWarning(message, line=table_lines[-1] + 2))
    return transcript
