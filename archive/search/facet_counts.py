"""Hits per interview facet value (interviewee, year, outlet, source, topic), counted in bulk.

A broad search matches passages in most of the archive's interviews, and each interview has
several facet values, so adding its hits to each of them one by one took milliseconds a
search. Instead, the (interview, value) pairs of the whole archive are kept as two arrays per
index generation, and a search's counts are one weighted bincount over them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

Pair = tuple[str, str]  # (facet name, value)


class InterviewCounts(Mapping):
    """How many matching documents each interview holds (interview pk as text → number), kept
    as two arrays as the index counted them; facet counting reads the arrays, and a dict is
    made only for whoever iterates (a broad search names thousands of interviews)."""

    def __init__(self, pks: np.ndarray, counts: np.ndarray):
        self.pks, self.counts = pks, counts
        self._dict: dict[str, int] | None = None

    @classmethod
    def of(cls, interview_of: np.ndarray, docs: np.ndarray) -> InterviewCounts:
        """Counted from the interview of each document (0 for none, left out)."""
        pks, counts = np.unique(interview_of[docs], return_counts=True)
        if len(pks) and pks[0] == 0:
            pks, counts = pks[1:], counts[1:]
        return cls(pks, counts)

    def as_dict(self) -> dict[str, int]:
        if self._dict is None:
            pairs = zip(self.pks.tolist(), self.counts.tolist(), strict=True)
            self._dict = {str(pk): n for pk, n in pairs}
        return self._dict

    def __getitem__(self, key: str) -> int:
        return self.as_dict()[key]

    def __iter__(self):
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.pks)


@dataclass(frozen=True)
class InterviewColumn:
    """Each document's interview as a row of `pks` (the interview pks, ascending; 0 for a
    document of none): a search's hits per interview are then one bincount, not a sort of
    every match."""

    pks: np.ndarray  # int64
    rows: np.ndarray  # int32: for each document number, its interview's row in `pks`

    @classmethod
    def of(cls, interview_of: np.ndarray) -> InterviewColumn:
        pks, rows = np.unique(interview_of, return_inverse=True)
        return cls(pks.astype(np.int64), rows.astype(np.int32))

    def count(self, docs: np.ndarray) -> InterviewCounts:
        """What InterviewCounts.of counts for these documents."""
        per_row = np.bincount(self.rows[docs], minlength=len(self.pks))
        found = np.flatnonzero(per_row)
        pks, counts = self.pks[found], per_row[found]
        if len(pks) and pks[0] == 0:
            pks, counts = pks[1:], counts[1:]
        return InterviewCounts(pks, counts)


@dataclass(frozen=True)
class FacetTable:
    """Every interview's facet values, as arrays."""

    interviews: np.ndarray  # int64: interview pks, ascending
    rows: np.ndarray  # for each (interview, value) entry, the row of its interview
    values: np.ndarray  # for each entry, the index of its pair in `pairs`
    pairs: list[Pair]
    # facet name → the indexes of its pairs in `pairs`, in the order of their values as text
    by_facet: dict[str, np.ndarray]

    @classmethod
    def of(cls, facets_of: dict[str, tuple[Pair, ...]]) -> FacetTable:
        """From interview pk (as text) → its (facet name, value) pairs."""
        interviews = sorted(int(pk) for pk in facets_of)
        numbers: dict[Pair, int] = {}
        rows, values = [], []
        for row, pk in enumerate(interviews):
            for pair in facets_of[str(pk)]:
                rows.append(row)
                values.append(numbers.setdefault(pair, len(numbers)))
        by_facet: dict[str, list[int]] = {}
        for pair in sorted(numbers):
            by_facet.setdefault(pair[0], []).append(numbers[pair])
        return cls(
            np.array(interviews, dtype=np.int64),
            np.array(rows, dtype=np.int64),
            np.array(values, dtype=np.int64),
            list(numbers),
            {name: np.array(found, dtype=np.int64) for name, found in by_facet.items()},
        )

    def count(self, per_interview: Mapping[str, int]) -> dict[str, Counter]:
        """Facet name → value → hits, from the number of hits in each interview."""
        totals = self._totals(per_interview)
        counts: dict[str, Counter] = {}
        if totals is None:
            return counts
        found = np.flatnonzero(totals)
        for number, total in zip(found.tolist(), totals[found].tolist(), strict=True):
            name, value = self.pairs[number]
            if name not in counts:
                counts[name] = Counter()
            counts[name][value] = total
        return counts

    def top(self, per_interview: Mapping[str, int], size: int) -> dict[str, list[tuple[str, int]]]:
        """Facet name → its `size` values with the most hits, as (value, hits), the most
        first and, of equal hits, the first in value order (as text); values without hits
        are left out. What `count` gives, cut to the shown values without listing the rest."""
        totals = self._totals(per_interview)
        if totals is None:
            return {}
        top = {}
        for name, numbers in self.by_facet.items():
            hits = totals[numbers]
            found = np.flatnonzero(hits)
            if not len(found):
                continue
            # A stable sort of the hits, the values in text order: ties stay in value order.
            order = found[np.argsort(-hits[found], kind="stable")[:size]]
            top[name] = [
                (self.pairs[number][1], total)
                for number, total in zip(numbers[order].tolist(), hits[order].tolist(), strict=True)
            ]
        return top

    def _totals(self, per_interview: Mapping[str, int]) -> np.ndarray | None:
        """Hits per pair (int64), None when nothing is counted."""
        if not per_interview or not len(self.interviews):
            return None
        if isinstance(per_interview, InterviewCounts):
            pks, hits = per_interview.pks, per_interview.counts
        else:
            pks = np.array([int(pk) for pk in per_interview], dtype=np.int64)
            hits = np.fromiter(per_interview.values(), dtype=np.int64, count=len(per_interview))
        at = np.searchsorted(self.interviews, pks)
        known = at < len(self.interviews)
        known[known] = self.interviews[at[known]] == pks[known]
        per_row = np.zeros(len(self.interviews), dtype=np.int64)
        per_row[at[known]] = hits[known]
        return np.bincount(
            self.values, weights=per_row[self.rows], minlength=len(self.pairs)
        ).astype(np.int64)


# index (a Whoosh folder, an Elasticsearch index name) → (its generation, its table)
_tables: dict[str, tuple[tuple, FacetTable]] = {}


def table(generation: tuple, facets_of: dict[str, tuple[Pair, ...]]) -> FacetTable:
    """The table of an index generation's facet values (the generation names its index
    first), built once per generation."""
    cached = _tables.get(generation[0])
    if cached and cached[0] == generation:
        return cached[1]
    built = FacetTable.of(facets_of)
    _tables[generation[0]] = (generation, built)
    return built
