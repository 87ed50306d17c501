"""The public site as a person uses it: every page, both widths, keyboard only, two languages."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "browse": "/interviews/",
    "people": "/people/",
    "search": "/search/?q=" + quote("绿色工业"),
    "name-search": "/search/?q=" + quote("李勇"),
    "people-search": "/people/?q=liyong&ui=zh-hans",
}


@pytest.fixture
def site_pages(indexed_sample):
    person = indexed_sample.interviewees.get()
    return {
        **PAGES,
        "reading": indexed_sample.get_absolute_url(),
        "person": person.get_absolute_url(),
    }


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_fits_the_screen_and_is_screenshot(open_page, site_pages, width):
    page = open_page(width)
    for name, path in site_pages.items():
        page.goto(path)
        overflow = page.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        page.screenshot(name)


@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_accessibility_violations(open_page, site_pages, width):
    page = open_page(width)
    found = {}
    for name, path in site_pages.items():
        page.goto(path)
        violations = page.axe_violations()
        if violations:
            found[name] = violations
    assert found == {}


def test_the_reading_language_switch_shows_one_language(open_page, indexed_sample):
    page = open_page(375)
    page.goto(indexed_sample.get_absolute_url())
    switch = page.page.get_by_role("navigation", name="Languages shown")
    switch.get_by_role("link", name="English", exact=True).click()
    page.page.wait_for_url("**?show=en")
    assert page.page.locator("#q2-a4 .side.en").is_visible()
    assert not page.page.locator("#q2-a4 .side.zh").is_visible()
    switch.get_by_role("link", name="中文", exact=True).click()
    page.page.wait_for_url("**?show=zh")
    assert page.page.locator("#q2-a4 .side.zh").is_visible()
    assert not page.page.locator("#q2-a4 .side.en").is_visible()


def test_the_interface_language_switch_is_kept_from_link_to_link_without_a_cookie(
    open_page, indexed_sample
):
    page = open_page()
    page.goto("/")
    switch = page.page.get_by_role("navigation", name="Interface language")
    with page.page.expect_navigation():
        switch.get_by_role("link", name="中文").click()
    assert page.page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.page.locator(".site-nav a").first.inner_text() == "访谈"
    with page.page.expect_navigation():
        page.page.locator(".site-nav a").nth(1).click()
    assert page.page.locator("h1").inner_text() == "受访人物"
    assert page.page.context.cookies() == []
    page.screenshot("people-zh")
    switch = page.page.get_by_role("navigation", name="界面语言")
    with page.page.expect_navigation():
        switch.get_by_role("link", name="English").click()
    assert page.page.locator(".site-nav a").first.inner_text() == "Interviews"
    assert "ui=" not in page.page.url and "/people/" in page.page.url


def test_following_a_search_hit_scrolls_to_the_passage_and_marks_it(open_page, indexed_sample):
    page = open_page()
    page.goto("/search/?q=" + quote("一带一路"))
    page.page.get_by_role("link", name="Read in context").first.click()
    page.page.wait_for_url("**#q6-a4")
    passage = page.page.locator("#q6-a4")
    box = passage.bounding_box()
    assert 0 <= box["y"] < 900
    background = passage.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot("passage-from-search")


def test_a_keyboard_user_reaches_search_results_and_every_question(open_page, indexed_sample):
    page = open_page()
    page.goto("/")
    keyboard = page.page.keyboard

    def tab_until(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if page.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_until("#header-q")
    keyboard.type("绿色工业")
    keyboard.press("Enter")
    page.page.wait_for_url("**/search/**")
    tab_until(".hit-link a")
    keyboard.press("Enter")
    page.page.wait_for_url("**#q*-a*")

    reached = set()
    for _ in range(80):
        keyboard.press("Tab")
        href = page.page.evaluate("document.activeElement.getAttribute('href')")
        if href and href.startswith("#q") and "-" not in href:
            reached.add(href)
    assert reached >= {f"#q{n}" for n in range(1, 7)}


def test_shortcut_keys_move_between_questions(open_page, indexed_sample):
    page = open_page()
    page.goto(indexed_sample.get_absolute_url())
    page.page.keyboard.press("j")
    assert page.page.evaluate("location.hash") == "#q1"
    page.page.keyboard.press("j")
    assert page.page.evaluate("location.hash") == "#q2"
    page.page.keyboard.press("k")
    assert page.page.evaluate("location.hash") == "#q1"
    page.page.keyboard.press("/")
    assert page.page.evaluate("document.activeElement.id") == "header-q"
