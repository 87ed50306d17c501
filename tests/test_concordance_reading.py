"""The concordance reads only what a page needs: the newest passages down to the page shown and
a sample for the equivalents; counts per year come from the index, sizes per year are stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import generation
from archive.concordance import kwic
from archive.concordance.equivalents import equivalents
from archive.concordance.kwic import ConcordanceRequest, concordance
from archive.concordance.models import YearSize
from archive.concordance.trends import passages_per_year, year_sizes
from tests.factories import InterviewFactory, build_question

YEARS = (2016, 2017, 2018, 2019, 2020, 2021)
SAID = [
    ("我们支持多边主义。", "We support multilateralism."),
    ("多边主义是正确道路。", "Multilateralism is the right path."),
    ("各国应当践行多边主义。", "Countries should practise multilateralism."),
    ("真正的多边主义没有替代。", "True multilateralism has no substitute."),
    ("多边主义需要行动。", "Multilateralism needs action."),
    ("我们坚持多边主义。", "We hold to multilateralism."),
]


@pytest.fixture
def six_years(search_index, committed):
    """多边主义 in one pair a year for six years (twice in 2021), each beside its English."""
    with committed():
        for year, (said_zh, said_en) in zip(YEARS, SAID, strict=True):
            interview = InterviewFactory(date=f"{year}-05-01")
            zh = said_zh + "保护主义没有出路。"
            en = said_en + " Protectionism leads nowhere."
            if year == 2021:
                zh, en = zh + "多边主义很重要。", en + " Multilateralism matters."
            build_question([(zh, en)], interview=interview, number=1)


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of two lines and a sample of three passages, so six passages are many."""
    monkeypatch.setattr(kwic, "PER_PAGE", 2)
    monkeypatch.setattr(kwic, "SAMPLE", 3)


def read(q, **params):
    return concordance(ConcordanceRequest.from_params({"q": q, **params}))


def test_the_date_order_reads_the_newest_passages_down_to_the_page(six_years, small_pages):
    first = read("多边主义")
    assert first.passages == 6 and first.read == 3 and not first.complete
    assert first.pages is None and first.has_next
    years = [line.interview.date.year for line in first.lines]
    assert years == [2021, 2021, 2020, 2019]  # two lines in the newest pair, reading order
    assert [line.interview.date.year for line in first.page_lines] == [2021, 2021]
    # The lines of page 3 are those a full read puts there.
    third = read("多边主义", page=3)
    every = concordance(ConcordanceRequest(q="多边主义"), every=True)
    assert every.complete and len(every.lines) == 7
    assert third.read == 6 and third.complete and third.pages == 4
    assert [line.sentence for line in third.page_lines] == [
        line.sentence for line in every.lines[4:6]
    ]


def test_the_equivalents_come_from_the_newest_sample_and_say_so(client, six_years, small_pages):
    result = read("多边主义")
    assert result.sampled == 3
    assert {line.interview.date.year for line in result.sample} == {2021, 2020, 2019}
    found = equivalents(result.sample, "zh", result.passages, sampled=result.sampled)
    assert found[0].text.lower() == "multilateralism"
    assert found[0].together == 3  # counted in the sample
    page = client.get(reverse("concordance"), {"q": "多边主义"}).content.decode()
    assert "from the newest 3 of 6 passages" in page
    assert "Passages are counted, not lines" in page
    assert "Page 1</span>" in page and 'rel="next"' in page


def test_a_context_sort_over_part_of_the_passages_says_so(client, six_years, monkeypatch):
    monkeypatch.setattr(kwic, "MAX_PASSAGES", 4)
    result = read("多边主义", sort="right")
    assert result.read == 4 and result.truncated
    page = client.get(reverse("concordance"), {"q": "多边主义", "sort": "right"}).content.decode()
    assert "The sort covers only the lines of the newest 4 passages" in page


def test_a_small_concordance_counts_its_lines_exactly(client, six_years):
    page = client.get(reverse("concordance"), {"q": "多边主义"}).content.decode()
    assert "7 lines" in page and "in 6 passages." in page
    assert "Passages are counted" not in page and "from the newest" not in page


def test_passages_per_year_come_from_the_index(six_years):
    result = read("多边主义")
    counts, undated = passages_per_year(result.found)
    assert counts == {year: 1 for year in YEARS} and undated == 0


def test_year_sizes_are_stored_per_archive_generation(six_years, committed):
    sizes = year_sizes("zh")
    assert sizes[2021] == len(SAID[-1][0] + "保护主义没有出路。多边主义很重要。")
    with CaptureQueriesContext(connection) as queries:
        assert year_sizes("zh") == sizes
    assert len(queries) == 1
    number = generation.current().number
    assert set(YearSize.objects.values_list("generation", flat=True)) == {number}
    with committed():
        interview = InterviewFactory(date="2021-01-01")
        build_question([("多边主义。", "Multilateralism.")], interview=interview, number=1)
    assert generation.current().number > number
    assert year_sizes("zh")[2021] == sizes[2021] + len("多边主义。")
    assert set(YearSize.objects.values_list("generation", flat=True)) == {
        generation.current().number
    }
