"""Interview facet counts in bulk: the same numbers as adding each interview's hits by hand."""

import random
from collections import Counter

import numpy as np

from archive.search.facet_counts import FacetTable, InterviewColumn, InterviewCounts, table

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


def test_the_top_values_are_the_most_hits_first_ties_in_value_order():
    rng = random.Random(11)
    facets_of = {
        str(pk): tuple(
            {(name, str(rng.randrange(1, 40))) for name in ("interviewee", "topic", "year")}
            | {("topic", str(rng.randrange(1, 40)))}
        )
        for pk in range(1, 300)
    }
    facet_table = FacetTable.of(facets_of)
    for seed in range(20):
        rng = random.Random(seed)
        per_interview = {str(rng.randrange(1, 320)): rng.choice([1, 1, 2, 5]) for _ in range(60)}
        counted = facet_table.count(per_interview)
        for size in (1, 5, 12, 100):
            top = facet_table.top(per_interview, size)
            assert top.keys() == counted.keys()
            for name, values in counted.items():
                expected = sorted(values.items(), key=lambda pair: (-pair[1], pair[0]))[:size]
                assert top[name] == expected
    assert facet_table.top({}, 12) == {} and FacetTable.of({}).top({"3": 1}, 12) == {}
    assert FacetTable.of(FACETS_OF).top({"3": 2, "12": 2}, 1) == {
        "interviewee": [("7", 2)],
        "year": [("2021", 4)],
        "topic": [("2", 4)],
        "outlet": [("4", 2)],
    }


def test_counting_by_interview_rows_gives_what_sorting_the_matches_gives():
    rng = random.Random(5)
    for pks in ([0, 3, 5, 8, 12, 99], [4, 7], [0], [0, 1]):
        interview_of = np.array([rng.choice(pks) for _ in range(300)], dtype=np.int64)
        column = InterviewColumn.of(interview_of)
        for size in (0, 1, 40, 300):
            docs = np.array(sorted(rng.sample(range(300), size)), dtype=np.int64)
            counted, expected = column.count(docs), InterviewCounts.of(interview_of, docs)
            assert counted.pks.tolist() == expected.pks.tolist()
            assert counted.counts.tolist() == expected.counts.tolist()
            assert counted.as_dict() == expected.as_dict()
