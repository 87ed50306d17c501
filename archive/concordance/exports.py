"""Concordance lines as files: CSV (one row per line) and TMX (one unit per sentence pair).

Both are Exporters (exports.base) writing lines instead of interviews: the passage URLs and
the record of the query come from the base, the TMX writing from exports.tmx.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from ..exports.base import Exporter
from ..exports.tmx import TmxExporter
from .kwic import Line

COLUMNS = [
    "query",
    "interview",
    "date",
    "anchor",
    "language",
    "left",
    "hit",
    "right",
    "sentence",
    "aligned",
    "confidence",
    "url",
    "concordance_url",
]


class LinesExporter(Exporter):
    """Writes concordance lines; `write_lines` replaces write_interview."""

    def render_lines(self, lines: list[Line]) -> str:
        out = io.StringIO()
        self.begin(out)
        self.write_lines(lines, out)
        self.end(out)
        return out.getvalue()

    def write_lines(self, lines: list[Line], out: TextIO) -> None:
        raise NotImplementedError


class ConcordanceCsv(LinesExporter):
    """One row per line; the full sentence beside the shortened contexts shown on the page."""

    extension = "csv"
    content_type = "text/csv; charset=utf-8; header=present"

    def begin(self, out: TextIO) -> None:
        self.writer = csv.writer(out)
        self.writer.writerow(COLUMNS)

    def write_lines(self, lines: list[Line], out: TextIO) -> None:
        for line in lines:
            self.writer.writerow(
                [
                    self.search.query if self.search else "",
                    line.interview.slug,
                    line.interview.date.isoformat() if line.interview.date else "",
                    line.answer.anchor,
                    line.language,
                    line.before,
                    line.hit,
                    line.after,
                    line.sentence,
                    line.other,
                    line.confidence,
                    self.passage_url(line.interview, line.answer.anchor),
                    self.search.url if self.search else "",
                ]
            )


class ConcordanceTmx(LinesExporter, TmxExporter):
    """One translation unit per aligned sentence pair holding the query (each pair once)."""

    extension = "tmx"

    def write_lines(self, lines: list[Line], out: TextIO) -> None:
        written = set()
        for line in lines:
            zh, en = (line.sentence, line.other)[:: 1 if line.language == "zh" else -1]
            if (line.answer.pk, zh, en) in written:
                continue
            written.add((line.answer.pk, zh, en))
            self.scripts.add(line.interview.script)
            self._unit(line.interview, "sentence", line.answer.anchor, zh, en)

    def _header(self) -> None:
        super()._header()
        header = self.store.document.getroot().find(self.store.namespaced("header"))
        header.set("segtype", "sentence")
