"""Exports: an interview or a search result set as TMX, TEI, CSV/TSV, JSON or plain text.

Like django.contrib.syndication's Feed, each format is one Exporter subclass (base.py) in a
module of its own; FORMATS maps the extension in the URL (/interviews/<slug>/export.tmx) to
it, and ARCHIVE_FORMATS the names `manage.py export_archive --format` accepts.
"""

from .base import Exporter, Passages, SearchRecord
from .json import JsonExporter, JsonLinesExporter, interview_to_dict, interview_to_transcript
from .table import CsvExporter, TsvExporter
from .tei import TeiExporter
from .text import TextExporter
from .tmx import TmxExporter

FORMATS: dict[str, type[Exporter]] = {
    exporter.extension: exporter
    for exporter in (
        TmxExporter,
        TeiExporter,
        CsvExporter,
        TsvExporter,
        JsonExporter,
        TextExporter,
    )
}

ARCHIVE_FORMATS: dict[str, type[Exporter]] = {
    "jsonl": JsonLinesExporter,
    "tmx": TmxExporter,
    "tei": TeiExporter,
    "csv": CsvExporter,
    "tsv": TsvExporter,
    "txt": TextExporter,
}

__all__ = [
    "ARCHIVE_FORMATS",
    "FORMATS",
    "Exporter",
    "Passages",
    "SearchRecord",
    "interview_to_dict",
    "interview_to_transcript",
]
