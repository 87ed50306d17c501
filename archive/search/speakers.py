"""Who asked each question and who gave each answer, as facet values of the passages.

A value names one speaker the same way in every document, so that counts add up across
interviews: `p12` is a Person, `o5` an Organization, and `t:路透社记者|Reuters` a label as
written in a transcript that names no one the archive knows. Generic labels (问/Q, 答/A,
记者/Reporter) name nobody and give no value; an answer with no label, or a generic one, was
given by the interview's interviewee when it has exactly one.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

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


def split_values(values: Iterable[str]) -> dict[str, list[str]]:
    """Person and organization primary keys among facet values: {"p": [...], "o": [...]}."""
    keys: dict[str, list[str]] = {"p": [], "o": []}
    for value in values:
        if value[:1] in keys and value[1:].isdigit():
            keys[value[:1]].append(value[1:])
    return keys


NO_VALUE = -1  # in a speaker column: the document names no one


@dataclass
class SpeakerColumn:
    """One speaker facet's values by document number, in a few bytes a document (a dict of
    tuples held some 130 bytes a document, 80 MB at a million pairs).

    Each document's first value is a number into `values`; the few documents with more than
    one value (a question answered by several people) keep the others in `more`."""

    values: list[str]
    first: array  # document number → number of its first value, or NO_VALUE
    more: dict[int, tuple[int, ...]]


# Facet name → its column; read once per index generation.
SpeakerColumns = dict[str, SpeakerColumn]


def read_columns(reader) -> SpeakerColumns:
    """Each document's speaker facet values, from the postings of every value."""
    size = reader.doc_count_all()
    columns: SpeakerColumns = {}
    for name in SPEAKER_FACETS:
        values: list[str] = []
        first = array("i", [NO_VALUE]) * size
        more: dict[int, tuple[int, ...]] = {}
        if name in reader.schema:
            for term in reader.lexicon(name):
                number = len(values)
                values.append(term.decode() if isinstance(term, bytes) else term)
                for doc in reader.postings(name, term).all_ids():
                    if first[doc] == NO_VALUE:
                        first[doc] = number
                    else:
                        more[doc] = (*more.get(doc, ()), number)
        columns[name] = SpeakerColumn(values, first, more)
    return columns


def count(columns: SpeakerColumns, matched: Iterable[int]) -> dict[str, dict[str, int]]:
    """How many of the matched documents each speaker asked or answered.

    Counted in C (itemgetter, map, filter, chain, Counter) rather than a Python loop per
    document: a query can match most of the archive."""
    matched = list(matched)
    counts = {}
    for name, column in columns.items():
        if not column.values:  # no document has this facet
            counts[name] = {}
            continue
        numbers = Counter(_pick(column.first, matched))
        numbers.pop(NO_VALUE, None)
        if column.more:
            numbers.update(chain.from_iterable(filter(None, map(column.more.get, matched))))
        counts[name] = {column.values[number]: n for number, n in numbers.items()}
    return counts


def _pick(column: array, docs: list[int]) -> Iterable[int]:
    """column[doc] for every doc, in one call (itemgetter of one item returns it bare)."""
    return itemgetter(*docs)(column) if len(docs) > 1 else [column[doc] for doc in docs]
