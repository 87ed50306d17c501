"""The layouts transcripts come in, one reader each. The best fit reads the file."""

from __future__ import annotations

from .base import Document, Fit, Reader
from .docx import DocxReader
from .html import HtmlReader
from .json_file import JsonReader
from .jsonl import JsonLinesReader
from .numbered import NumberedReader
from .table import TableReader
from .tmx import TmxReader
from .turns import TurnsReader

# Structured formats first: each scores 1.0 only on a file unmistakably in its format.
READERS: list[Reader] = [
    DocxReader(),
    JsonReader(),
    JsonLinesReader(),
    TableReader(),
    TmxReader(),
    HtmlReader(),
    NumberedReader(),
    TurnsReader(),
]


def reader_named(name: str) -> Reader | None:
    return next((reader for reader in READERS if reader.name == name), None)


__all__ = ["READERS", "Document", "Fit", "Reader", "reader_named"]
