"""Who asked each question and who gave each answer, as facet values of the passages.

A value names one speaker the same way in every document, so that counts add up across
interviews: `p12` is a Person, `o5` an Organization, and `t:路透社记者|Reuters` a label as
written in a transcript that names no one the archive knows. Generic labels (问/Q, 答/A,
记者/Reporter) name nobody and give no value; an answer with no label, or a generic one, was
given by the interview's interviewee when it has exactly one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..text import fold_width
from ..transcripts.labels import ANSWERERS, ASKERS

ASKED_BY = "asker"
ANSWERED_BY = "answerer"
SPEAKER_FACETS = (ASKED_BY, ANSWERED_BY)

_LABEL_PREFIX = "t:"
_SEPARATOR = "|"
MAX_VALUE = 200  # characters: two labels of a transcript, never longer
_VALUE = re.compile(r"^(?:[po][1-9]\d{0,10}|t:[^,|]*\|[^,|]*)$")
_GENERIC = ASKERS | ANSWERERS


def asker_value(question) -> str | None:
    """The facet value of whoever asked this question, if the transcript says."""
    if question.asker_person_id:
        return f"p{question.asker_person_id}"
    if question.asker_organization_id:
        return f"o{question.asker_organization_id}"
    return _label_value(question.asker_zh, question.asker_en)


def answerer_value(answer, interviewees: Sequence) -> str | None:
    """The facet value of whoever gave this answer paragraph.

    `interviewees` are the interview's interviewees: the only one of them answered whatever
    the transcript does not attribute to someone else.
    """
    if answer.speaker_person_id:
        return f"p{answer.speaker_person_id}"
    if value := _label_value(answer.speaker_zh, answer.speaker_en):
        return value
    return f"p{interviewees[0].pk}" if len(interviewees) == 1 else None


def _label_value(zh: str, en: str) -> str | None:
    zh, en = _clean(zh), _clean(en)
    if all(_is_generic(label) for label in (zh, en)):
        return None
    return f"{_LABEL_PREFIX}{zh}{_SEPARATOR}{en}"[:MAX_VALUE]


def _clean(label: str) -> str:
    """A label fit for a keyword value: no commas (the value separator) or bars."""
    return " ".join(label.replace(",", " ").replace(_SEPARATOR, " ").split())


def _is_generic(label: str) -> bool:
    return not label or fold_width(label).strip().lower() in _GENERIC


def is_value(value: str) -> bool:
    """Whether a filter parameter can be a speaker facet value."""
    return len(value) <= MAX_VALUE and bool(_VALUE.match(value))


def label_of(value: str) -> tuple[str, str] | None:
    """(Chinese, English) label of a `t:` value, as written; None for people and organizations."""
    if not value.startswith(_LABEL_PREFIX):
        return None
    zh, _, en = value[len(_LABEL_PREFIX) :].partition(_SEPARATOR)
    return zh, en


@dataclass
class SpeakerColumn:
    """Each document's values of one speaker facet, as a number per document (compact, and
    counted in bulk): the index of its values in `combinations`, 0 for none."""

    codes: np.ndarray  # int32, by document number
    combinations: list[tuple[str, ...]]
    # Each (combination, value) entry as two arrays, and the values: what `count` weighs.
    entry_codes: np.ndarray = field(init=False)
    entry_values: np.ndarray = field(init=False)
    values: list[str] = field(init=False)

    def __post_init__(self):
        numbers: dict[str, int] = {}
        codes, values = [], []
        for code, combination in enumerate(self.combinations):
            for value in combination:
                codes.append(code)
                values.append(numbers.setdefault(value, len(numbers)))
        self.entry_codes = np.array(codes, dtype=np.int64)
        self.entry_values = np.array(values, dtype=np.int64)
        self.values = list(numbers)


SpeakerColumns = dict[str, SpeakerColumn]  # per facet; read once per index generation


def read_columns(reader) -> SpeakerColumns:
    """Each document's speaker facet values, from the postings of every value."""
    columns: SpeakerColumns = {}
    for name in SPEAKER_FACETS:
        by_doc: dict[int, list[str]] = {}
        if name in reader.schema:
            for term in reader.lexicon(name):
                value = term.decode() if isinstance(term, bytes) else term
                for doc in reader.postings(name, term).all_ids():
                    by_doc.setdefault(doc, []).append(value)
        numbers: dict[tuple[str, ...], int] = {(): 0}
        # Four bytes a document: 5 MB at a million and a quarter documents.
        codes = np.zeros(reader.doc_count_all(), dtype=np.int32)
        for doc, values in by_doc.items():
            codes[doc] = numbers.setdefault(tuple(values), len(numbers))
        columns[name] = SpeakerColumn(codes, list(numbers))
    return columns


def count(columns: SpeakerColumns, matched: np.ndarray) -> dict[str, dict[str, int]]:
    """How many of the matched documents (an array of document numbers) each speaker asked
    or answered.

    The documents are counted per combination of values (numpy), then the few combinations
    spread over their values: a query can match most of the archive."""
    counts = {}
    for name, column in columns.items():
        per_code = np.bincount(column.codes[matched], minlength=len(column.combinations))
        per_value = np.bincount(
            column.entry_values,
            weights=per_code[column.entry_codes],
            minlength=len(column.values),
        ).astype(np.int64)
        found = np.flatnonzero(per_value)
        values = column.values
        counts[name] = {
            values[number]: n
            for number, n in zip(found.tolist(), per_value[found].tolist(), strict=True)
        }
    return counts
