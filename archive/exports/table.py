"""CSV and TSV, written with the csv module: one row per paragraph pair.

Columns: interview (slug), date, question (number; 0 is the opening statement), anchor (q2-a3),
asker_zh, asker_en, speaker_zh, speaker_en, question_zh, question_en, zh, en, confidence and
url, the passage's permanent URL (/p/<id>/, which follows it through renumbering and
realignment; the anchor is where it is now). The introduction is a row with anchor "intro" and no
question; a question without pairs is a row of its own with anchor q2.

A search export puts two columns first, query and search_url, the same on every row, so the
file stays a plain table (no comment lines for a tool to trip on) and each row says where it
came from. Fields holding the delimiter, quotes or line breaks are quoted as RFC 4180 says;
the text inside is the stored text, unchanged. UTF-8, no byte-order mark.
"""

from __future__ import annotations

import csv
from typing import TextIO

from ..citations.items import permanent_url
from ..models import Interview
from .base import Exporter

COLUMNS = [
    "interview",
    "date",
    "question",
    "anchor",
    "asker_zh",
    "asker_en",
    "speaker_zh",
    "speaker_en",
    "question_zh",
    "question_en",
    "zh",
    "en",
    "confidence",
    "url",
]
SEARCH_COLUMNS = ["query", "search_url"]


class TableExporter(Exporter):
    """Rows of passages; subclasses choose the delimiter."""

    delimiter = ","

    def begin(self, out: TextIO) -> None:
        self.writer = csv.writer(out, delimiter=self.delimiter)
        self.writer.writerow((SEARCH_COLUMNS if self.search else []) + COLUMNS)

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        for row in self.rows(interview):
            if self.search is not None:
                row = {"query": self.search.query, "search_url": self.search.url, **row}
            self.writer.writerow(row.values())

    def rows(self, interview: Interview):
        """One dict per row, keyed by COLUMNS."""
        if self.with_intro(interview):
            yield self._row(interview, "intro", zh=interview.intro_zh, en=interview.intro_en)
        for turn in self.turns(interview):
            question = turn.question
            asked = {
                "question": question.number,
                "asker_zh": question.asker_zh,
                "asker_en": question.asker_en,
                "question_zh": question.text_zh,
                "question_en": question.text_en,
            }
            if not turn.answers:
                yield self._row(interview, question.anchor, uid=question.uid, **asked)
            for answer in turn.answers:
                yield self._row(
                    interview,
                    answer.anchor,
                    uid=answer.uid,
                    **asked,
                    speaker_zh=answer.speaker_zh,
                    speaker_en=answer.speaker_en,
                    zh=answer.text_zh,
                    en=answer.text_en,
                    confidence=answer.confidence,
                )

    def _row(self, interview: Interview, anchor: str, uid: str = "", **values) -> dict:
        url = permanent_url(uid, self.base_url) if uid else self.passage_url(interview)
        return (
            dict.fromkeys(COLUMNS, "")
            | values
            | {
                "interview": interview.slug,
                "date": interview.date.isoformat() if interview.date else "",
                "anchor": anchor,
                "url": url,
            }
        )


class CsvExporter(TableExporter):
    extension = "csv"
    content_type = "text/csv; charset=utf-8; header=present"
    delimiter = ","


class TsvExporter(TableExporter):
    extension = "tsv"
    content_type = "text/tab-separated-values; charset=utf-8"
    delimiter = "\t"
