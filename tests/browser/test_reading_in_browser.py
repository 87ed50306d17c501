"""The reading page in a real browser: aligned on a laptop, stacked on a phone."""

import pytest

pytestmark = pytest.mark.browser


def test_each_chinese_paragraph_is_level_with_its_english_partner(open_page, indexed_sample):
    page = open_page(1280)
    page.goto(indexed_sample.get_absolute_url())
    tops = page.page.eval_on_selector_all(
        ".passage",
        """rows => rows.map(row => [
            row.id,
            row.querySelector('.side.zh').getBoundingClientRect().top,
            row.querySelector('.side.en').getBoundingClientRect().top,
        ])""",
    )
    assert len(tops) == 19  # the introduction and 18 paragraph pairs
    assert [row for row in tops if abs(row[1] - row[2]) > 1] == []
    page.screenshot("reading")


def test_nothing_scrolls_sideways_on_a_phone(open_page, indexed_sample):
    page = open_page(375)
    page.goto(indexed_sample.get_absolute_url())
    overflow = page.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    page.screenshot("reading")
