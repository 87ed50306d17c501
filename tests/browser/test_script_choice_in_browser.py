"""Reading in traditional characters and back, in a browser with JavaScript switched off."""

import pytest

pytestmark = pytest.mark.browser


def test_a_reader_switches_to_traditional_and_back_without_javascript(open_page, indexed_sample):
    page = open_page(375, java_script_enabled=False)
    browser = page.page
    page.goto(indexed_sample.get_absolute_url())
    passage = browser.locator("#q2-a4 .side.zh")
    assert "绿色工业" in passage.inner_text()
    switch = browser.get_by_role("navigation", name="Chinese characters")
    switch.get_by_role("link", name="繁體", exact=True).click()
    browser.wait_for_url("**?script=hant")
    assert "綠色工業" in passage.inner_text()
    assert passage.get_attribute("lang") == "zh-Hant"
    # The choice stays while reading on: the breadcrumb back to the list keeps it.
    assert "script=hant" in browser.get_by_role("link", name="Interviews").first.get_attribute(
        "href"
    )
    switch.get_by_role("link", name="as published").click()
    browser.wait_for_url(lambda url: "script=" not in url)
    assert "绿色工业" in passage.inner_text()
    assert passage.get_attribute("lang") == "zh-Hans"


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_in_another_script_pass_axe_and_fit_the_screen(open_page, indexed_sample, width):
    page = open_page(width)
    for path in (
        indexed_sample.get_absolute_url() + "?script=tw",
        "/search/?q=%E7%BB%BF%E8%89%B2%E5%B7%A5%E4%B8%9A&script=hk",
    ):
        page.goto(path)
        assert page.axe_violations() == [], path
        overflow = page.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, path
        page.screenshot("script-" + path.split("script=")[1])
