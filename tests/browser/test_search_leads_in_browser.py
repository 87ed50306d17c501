"""Search hits as a reader sees them: the sentence pair first, the paragraph folded below."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_sees_the_sentence_pair_first_and_unfolds_the_paragraph_by_keyboard(
    open_page, indexed_sample, width
):
    page = open_page(width)
    page.goto("/search/?q=" + quote("绿色工业"))
    browser = page.page
    hits = browser.locator(".hit")
    assert hits.count() == 3

    folded = browser.locator(".hit:has(details.hit-paragraph)").first
    lead, details = folded.locator(".hit-lead"), folded.locator("details.hit-paragraph")
    assert lead.locator(".side.zh mark").all_inner_texts() == ["绿色工业"]
    translation = lead.locator(".side.en mark.equiv")
    assert translation.count() == 1 and translation.inner_text().startswith("green industr")
    assert "(likely translation)" in translation.text_content()  # for screen readers
    assert translation.locator(".visually-hidden").bounding_box()["width"] <= 1  # not seen
    # The pair comes first: above the folded paragraph, which shows only its summary.
    assert lead.bounding_box()["y"] < details.bounding_box()["y"]
    paragraph = details.locator(".pair")
    assert not paragraph.is_visible()
    if width < 760:  # one column: the Chinese sentence above its English partner
        zh, en = lead.locator(".side.zh").bounding_box(), lead.locator(".side.en").bounding_box()
        assert zh["y"] + zh["height"] <= en["y"] + 1
    else:  # side by side
        zh, en = lead.locator(".side.zh").bounding_box(), lead.locator(".side.en").bounding_box()
        assert abs(zh["y"] - en["y"]) < 4 and zh["x"] < en["x"]
    page.screenshot("search-leads")

    summary = details.locator("summary")
    summary.focus()
    assert browser.evaluate("document.activeElement.tagName") == "SUMMARY"
    browser.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert paragraph.is_visible()
    assert "绿色工业" in paragraph.locator(".side.zh mark").all_inner_texts()
    browser.keyboard.press("Space")  # and folds again
    assert details.get_attribute("open") is None
    browser.keyboard.press("Enter")

    overflow = browser.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0, f"the search page scrolls sideways by {overflow}px at {width}px"
    page.screenshot("search-leads-unfolded")
    assert page.axe_violations() == []


def test_the_summary_is_reached_with_the_tab_key(open_page, indexed_sample):
    page = open_page(375)
    page.goto("/search/?q=" + quote("绿色工业"))
    keyboard = page.page.keyboard
    for _ in range(60):
        keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.matches('details.hit-paragraph summary')"):
            break
    else:
        raise AssertionError("Tab never reached a folded paragraph")
    keyboard.press("Enter")
    assert page.page.locator("details.hit-paragraph[open] .pair").first.is_visible()
