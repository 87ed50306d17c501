"""The concordance: KWIC lines beside aligned sentences, equivalents, trends and downloads."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from archive.concordance.equivalents import equivalents
from archive.concordance.kwic import ConcordanceRequest, concordance
from tests.factories import InterviewFactory, build_question


def lines_for(q, **params):
    return concordance(ConcordanceRequest.from_params({"q": q, **params})).lines


@pytest.fixture
def multilateral_archive(search_index, committed):
    """Three interviews over three years in which 多边主义 is translated as multilateralism."""
    texts = [
        (
            "我们坚定支持多边主义。保护主义没有出路。",
            "We firmly support multilateralism. Protectionism leads nowhere.",
        ),
        (
            "多边主义是应对全球挑战的正确道路。",
            "Multilateralism is the right path to meet global challenges.",
        ),
        (
            "各国应当践行真正的多边主义。谢谢。",
            "Countries should practise true multilateralism. Thank you.",
        ),
    ]
    with committed():
        for year, pair in zip((2019, 2020, 2021), texts, strict=True):
            interview = InterviewFactory(date=f"{year}-05-01")
            build_question([pair], interview=interview, number=1)
            build_question(
                [
                    (
                        "今天天气很好，我们讨论贸易问题。",
                        "The weather is fine today; we discuss trade.",
                    )
                ],
                interview=interview,
                number=2,
            )


def test_every_occurrence_of_a_chinese_term_is_a_line_beside_its_aligned_english_sentence(
    indexed_sample,
):
    lines = lines_for("绿色工业")
    assert len(lines) == 3
    assert all(line.hit == "绿色工业" for line in lines)
    aligned = {line.other for line in lines}
    assert any("green industries" in other for other in aligned)
    assert any("green industrial development" in other for other in aligned)
    # One sentence each side, not the whole paragraph.
    assert all(len(line.other) < 400 and line.other.count(". ") < 2 for line in lines)


def test_traditional_characters_and_english_word_forms_find_the_same_lines(indexed_sample):
    assert len(lines_for("綠色工業")) == len(lines_for("绿色工业")) == 3
    # Unquoted words keep stemming; a quoted phrase matches its exact forms (as in search).
    english = lines_for("industry")
    assert {line.hit for line in english} >= {"industries", "industrial"}
    assert all(line.language == "en" and line.other for line in english)
    assert {line.hit for line in lines_for('"green industries"')} == {"green industries"}
    assert lines_for('"green industry"') == []


def test_an_english_phrase_finds_its_sentence_and_the_chinese_beside_it(indexed_sample):
    lines = lines_for('"global value chains"')
    assert [line.hit for line in lines] == ["global value chains"]
    assert lines[0].other.count("全球价值链") == 2
    assert lines[0].lang == "en" and lines[0].other_lang == "zh-Hans"


def test_the_english_renderings_of_green_industry_are_found_with_counts(indexed_sample):
    lines = lines_for("绿色工业")
    found = equivalents(lines, "zh", 3)
    top = found[0]
    assert set(top.forms) == {"green industries", "green industrial"}
    # One of the three sentences is misaligned (the q2 clause crosses a sentence boundary).
    assert top.together == 2 and top.dice > 0.5


def test_multilateralism_is_rendered_as_duobian_zhuyi(multilateral_archive):
    lines = lines_for("multilateralism")
    assert len(lines) == 3
    found = equivalents(lines, "en", 3)
    assert found[0].text == "多边主义"
    assert found[0].together == 3


def test_lines_sort_by_the_context_right_or_left_of_the_hit(multilateral_archive):
    right = [line.after for line in lines_for("多边主义", sort="right")]
    assert right == sorted(right, key=lambda text: [c for c in text if c.isalnum()])
    left = lines_for("多边主义", sort="left")
    keys = [[c for c in line.before if c.isalnum()][::-1] for line in left]
    assert keys == sorted(keys)
    dated = lines_for("多边主义")
    assert [line.interview.date.year for line in dated] == [2021, 2020, 2019]


def test_the_page_shows_lines_with_both_sides_marked_and_links_to_the_passage(
    client, indexed_sample
):
    response = client.get(reverse("concordance"), {"q": "绿色工业"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<td class="kwic-hit" lang="zh-Hans"><mark>绿色工业</mark></td>') == 3
    assert "<mark>green industries</mark>" in page
    assert "<mark>green industrial</mark>" in page
    assert "<mark>more</mark>" not in page  # beside the query twice, but weakly associated
    assert f'href="/interviews/{indexed_sample.slug}/#q' in page
    assert 'lang="en"' in page and "<svg" in page and 'class="trend-table"' in page
    assert "Set-Cookie" not in response.headers
    assert "public" in response["Cache-Control"]


def test_a_query_is_escaped_and_a_bad_one_explained(client, search_index):
    response = client.get(reverse("concordance"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    refused = client.get(reverse("concordance"), {"q": "-green"})
    assert refused.status_code == 200
    assert b'role="alert"' in refused.content and b'class="kwic"' not in refused.content
    export = client.get(reverse("concordance_export", args=["csv"]), {"q": "-green"})
    assert export.status_code == 400


def queries_for(client, **params):
    client.get(reverse("concordance"), {"q": "多边主义", **params, "page": 1})  # warms the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("concordance"), {"q": "多边主义", **params}).status_code == 200
    return len(queries)


def test_the_page_reads_the_database_a_fixed_number_of_times(
    client, multilateral_archive, committed
):
    few = queries_for(client, sort="left")
    with committed():
        for year in (2022, 2023, 2024):
            interview = InterviewFactory(date=f"{year}-01-01")
            build_question(
                [("多边主义不能丢。多边主义很重要。", "Multilateralism must stay. It matters.")],
                interview=interview,
                number=1,
            )
    assert len(lines_for("多边主义")) == 9
    assert queries_for(client, sort="right") == few <= 4, few


def test_the_yearly_trend_is_normalised_per_ten_thousand_characters(multilateral_archive):
    from archive.concordance.trends import trend

    lines = lines_for("多边主义")
    chart = trend(lines, "zh", [])
    assert [(year.year, year.occurrences) for year in chart.years] == [
        (2019, 1),
        (2020, 1),
        (2021, 1),
    ]
    for year in chart.years:
        assert year.rate == round(10_000 / year.size, 2)
        assert 0 < year.height <= chart.height


def test_lines_download_as_csv_with_the_full_sentence_and_its_translation(client, indexed_sample):
    response = client.get(reverse("concordance_export", args=["csv"]), {"q": "绿色工业"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    assert all(row["hit"] == "绿色工业" and row["query"] == "绿色工业" for row in rows)
    assert all(row["left"] + row["hit"] + row["right"] == row["sentence"] for row in rows)
    assert all(row["url"].endswith(row["anchor"]) for row in rows)


def test_lines_download_as_tmx_sentence_units(client, indexed_sample):
    response = client.get(reverse("concordance_export", args=["tmx"]), {"q": "绿色工业"})
    root = etree.fromstring(response.content)
    assert root.find("header").get("segtype") == "sentence"
    units = root.findall("body/tu")
    assert len(units) == 3
    assert all(len(unit.findall("tuv")) == 2 for unit in units)
