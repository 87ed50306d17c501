"""The concordance as a researcher uses it: type a term, read aligned lines, sort, download."""

import csv
import io

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_a_researcher_reads_how_green_industry_is_translated_and_downloads_the_lines(
    open_page, indexed_sample, width
):
    page = open_page(width, accept_downloads=True)
    page.goto("/")
    page.page.get_by_role("navigation", name="Site").get_by_role("link", name="Concordance").click()
    page.page.get_by_label("Word or phrase").fill("绿色工业")
    page.page.get_by_role("button", name="Show lines").click()
    page.page.wait_for_url("**/concordance/?q=*")

    lines = page.page.locator("table.kwic tbody tr")
    assert lines.count() == 3
    assert page.page.locator("table.kwic .kwic-hit mark").all_inner_texts() == ["绿色工业"] * 3
    marked = page.page.locator("table.kwic .kwic-other mark").all_inner_texts()
    assert {"green industries", "green industrial"} <= set(marked)
    renderings = page.page.get_by_role("region", name="How it is translated")
    assert "green industries" in renderings.inner_text()
    assert page.page.get_by_role(
        "img", name="Passages with the term per 10,000 Chinese characters, by year"
    )
    overflow = page.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0, f"the concordance scrolls sideways by {overflow}px at {width}px"
    page.screenshot("concordance")

    page.page.get_by_role("navigation", name="Sort the lines").get_by_role(
        "link", name="right context"
    ).click()
    page.page.wait_for_url("**sort=right*")
    rights = page.page.locator("table.kwic .kwic-right").all_inner_texts()
    assert len(rights) == 3
    assert page.axe_violations() == []

    with page.page.expect_download() as download:
        page.page.get_by_role("navigation", name="Download these lines").get_by_role(
            "link", name="CSV"
        ).click()
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["hit"] for row in rows] == ["绿色工业"] * 3
    assert all(row["aligned"] for row in rows)


def test_an_english_phrase_is_read_beside_its_chinese_rendering(open_page, indexed_sample):
    page = open_page(1280, accept_downloads=True)
    page.goto("/concordance/")
    page.page.get_by_label("Word or phrase").fill('"global value chains"')
    page.page.get_by_role("button", name="Show lines").click()
    page.page.wait_for_url("**/concordance/?q=*")

    assert page.page.locator("table.kwic tbody tr").count() == 1
    assert page.page.locator("table.kwic .kwic-hit mark").all_inner_texts() == [
        "global value chains"
    ]
    aligned = page.page.locator("table.kwic .kwic-other")
    assert aligned.get_attribute("lang") == "zh-Hans"
    # The one aligned sentence names 全球价值链 twice: that, not a word beside it, is marked.
    assert set(aligned.locator("mark").all_inner_texts()) == {"全球价值链"}
    renderings = page.page.get_by_role("region", name="How it is translated")
    assert renderings.locator("tbody tr").first.inner_text().startswith("全球价值链")
    assert "禁令、封闭" not in renderings.inner_text()  # no rendering spans punctuation
    assert page.page.get_by_role(
        "img", name="Passages with the term per 10,000 English words, by year"
    )
    assert page.axe_violations() == []
    page.screenshot("concordance-english")

    with page.page.expect_download() as download:
        page.page.get_by_role("navigation", name="Download these lines").get_by_role(
            "link", name="CSV"
        ).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert [row["hit"] for row in rows] == ["global value chains"]
    assert "全球价值链" in rows[0]["aligned"]
