"""Index values that the schema, the documents and the search page must agree on: an
interview's date as a day number, and its year facet, both defined for undated interviews.

The date is optional, so "no date" needs a value of its own in every column: Whoosh fills a
missing value with the column's default, and a date column's default is not a date at all.
"""

from __future__ import annotations

import datetime as dt

# How the metadata fields are indexed, by every backend: one exact value, several values, or
# the date as a number. The text fields are analysed as their SearchIndex field says.
EXACT_FIELDS = frozenset({"kind", "interview", "year", "outlet", "source", "digest"})
MULTI_FIELDS = frozenset({"interviewee", "topic", "asker", "answerer"})
DAY_FIELD = "day"
UNDATED = 0  # below every real day number (1 January of year 1 is day 1): undated sorts last
YEAR_UNKNOWN = "0"  # the calendar has no year 0
YEAR_UNKNOWN_LABELS = ("日期不详", "date unknown")


def day_number(date: dt.date | None) -> int:
    """The date as a day number (proleptic Gregorian ordinal), UNDATED when there is none."""
    return date.toordinal() if date else UNDATED


def year_value(date: dt.date | None) -> str:
    """The year facet's value for a date."""
    return str(date.year) if date else YEAR_UNKNOWN


def year_labels(value: str) -> tuple[str, str]:
    """(Chinese, English) label of a year facet value."""
    return YEAR_UNKNOWN_LABELS if value == YEAR_UNKNOWN else ("", value)
