"""Hits per interview facet value (interviewee, year, outlet, source, topic), counted in bulk.

A broad search matches passages in most of the archive's interviews, and each interview has
several facet values, so adding its hits to each of them one by one took milliseconds a
search. Instead, the (interview, value) pairs of the whole archive are kept as two arrays per
index generation, and a search's counts are one weighted bincount over them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

Pair = tuple[str, str]  # (facet name, value)


@dataclass(frozen=True)
class FacetTable:
    """Every interview's facet values, as arrays."""

    interviews: np.ndarray  # int64: interview pks, ascending
    rows: np.ndarray  # for each (interview, value) entry, the row of its interview
    values: np.ndarray  # for each entry, the index of its pair in `pairs`
    pairs: list[Pair]

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
        return cls(
            np.array(interviews, dtype=np.int64),
            np.array(rows, dtype=np.int64),
            np.array(values, dtype=np.int64),
            list(numbers),
        )

    def count(self, per_interview: dict[str, int]) -> dict[str, Counter]:
        """Facet name → value → hits, from the number of hits in each interview."""
        counts: dict[str, Counter] = {}
        if not per_interview or not len(self.interviews):
            return counts
        pks = np.fromiter(per_interview.keys(), dtype=np.int64, count=len(per_interview))
        hits = np.fromiter(per_interview.values(), dtype=np.int64, count=len(per_interview))
        at = np.searchsorted(self.interviews, pks)
        known = at < len(self.interviews)
        known[known] = self.interviews[at[known]] == pks[known]
        per_row = np.zeros(len(self.interviews), dtype=np.int64)
        per_row[at[known]] = hits[known]
        totals = np.bincount(self.values, weights=per_row[self.rows], minlength=len(self.pairs))
        for number in np.flatnonzero(totals).tolist():
            name, value = self.pairs[number]
            counts.setdefault(name, Counter())[value] = int(totals[number])
        return counts


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
