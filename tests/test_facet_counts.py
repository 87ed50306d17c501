"""Interview facet counts in bulk: the same numbers as adding each interview's hits by hand."""

import random
from collections import Counter

import numpy as np

from archive.search.facet_counts import FacetTable, InterviewCounts, table

FACETS_OF = {
    "3": (("interviewee", "7"), ("interviewee", "9"), ("year", "2021"), ("topic", "2")),
    "5": (("interviewee", "7"), ("year", "2019")),
    "8": (),
    "12": (("year", "2021"), ("outlet", "4"), ("topic", "2"), ("topic", "6")),
}


def by_hand(per_interview: dict[str, int]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for pk, hits in per_interview.items():
        for name, value in FACETS_OF.get(pk, ()):
            counts.setdefault(name, Counter())[value] += hits
    return counts


def test_each_value_counts_the_hits_of_the_interviews_that_have_it():
    per_interview = {"3": 4, "5": 1, "12": 10}
    assert FacetTable.of(FACETS_OF).count(per_interview) == {
        "interviewee": Counter({"7": 5, "9": 4}),
        "year": Counter({"2021": 14, "2019": 1}),
        "topic": Counter({"2": 14, "6": 10}),
        "outlet": Counter({"4": 10}),
    }


def test_interviews_unknown_to_the_index_and_values_without_hits_are_left_out():
    counted = FacetTable.of(FACETS_OF).count({"5": 2, "99": 40})
    assert counted == {"interviewee": Counter({"7": 2}), "year": Counter({"2019": 2})}
    assert FacetTable.of(FACETS_OF).count({}) == {}
    assert FacetTable.of({}).count({"3": 1}) == {}


def test_counts_from_the_index_arrays_equal_counts_from_a_dict():
    rng = random.Random(3)
    interview_of = np.array([rng.choice([0, 3, 5, 8, 12, 99]) for _ in range(500)])
    docs = np.array(sorted(rng.sample(range(500), 200)))
    counts = InterviewCounts.of(interview_of, docs)
    expected = Counter(str(pk) for pk in interview_of[docs].tolist() if pk)
    assert counts.as_dict() == dict(expected) and len(counts) == len(expected)
    assert "0" not in counts and counts["3"] == expected["3"]
    facet_table = FacetTable.of(FACETS_OF)
    assert facet_table.count(counts) == facet_table.count(dict(expected)) == by_hand(expected)


def test_a_table_is_built_once_per_index_generation():
    first = table(("/index", 1, 100), FACETS_OF)
    assert table(("/index", 1, 100), {}) is first
    assert table(("/index", 2, 140), {}) is not first
