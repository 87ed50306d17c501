"""The curators' admin pages as the public pages are checked: axe, a phone's width, a keyboard."""

import pytest

from archive.models import Answer

from .test_curation_in_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_pages(sample_interview):
    pk = sample_interview.pk
    answer = Answer.objects.filter(question__interview=sample_interview).first()
    return {
        "change-form": f"/admin/archive/interview/{pk}/change/",
        "alignment": f"/admin/archive/interview/{pk}/align/",
        "split": f"/admin/archive/interview/{pk}/align/{answer.pk}/split/",
        "import": "/admin/archive/interview/import/",
        "history": f"/admin/archive/interview/{pk}/history/",
        "list": "/admin/archive/interview/",
    }


def overflow(page) -> int:
    return page.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def clipped_fields(page) -> list[str]:
    """Form fields that reach past the right edge of their form row (hidden, not scrolled)."""
    return page.page.evaluate(
        """() => [...document.querySelectorAll('textarea, input, select')]
            .filter(field => field.offsetParent && field.closest('.form-row'))
            .filter(field => field.getBoundingClientRect().right
                             > field.closest('.form-row').getBoundingClientRect().right + 1)
            .map(field => field.id || field.name)"""
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_admin_pages_pass_axe_and_fit_the_screen(open_page, make_staff, admin_pages, width):
    make_staff("Curators", username="curie")
    page = open_page(width)
    log_in(page, "curie")
    found, wide = {}, {}
    for name, path in admin_pages.items():
        page.goto(path)
        page.screenshot(f"admin-{name}")
        if violations := page.axe_violations():
            found[name] = violations
        if sideways := overflow(page):
            wide[name] = sideways
        if cut := clipped_fields(page):
            wide[f"{name} fields"] = cut
    assert (found, wide) == ({}, {}), "axe violations, and pages or fields cut at the side"


def test_a_long_paragraph_is_shown_whole_in_its_text_area(open_page, make_staff, sample_interview):
    answers = Answer.objects.filter(question__interview=sample_interview)
    longest = max(answers, key=lambda answer: len(answer.text_en))
    make_staff("Curators", username="curie")
    page = open_page(1280)
    log_in(page, "curie")
    page.goto(f"/admin/archive/interview/{sample_interview.pk}/change/")
    area = page.page.locator("textarea.paragraph").filter(has_text=longest.text_en[:40]).first
    assert area.evaluate("a => a.clientHeight") > 200  # taller than the six rows it once had
    clipped = area.evaluate("a => a.scrollHeight - a.clientHeight")
    assert clipped <= 1, f"the text area hides {clipped}px of its paragraph"


def test_a_keyboard_user_realigns_a_row_at_a_phones_width(open_page, make_staff, sample_interview):
    make_staff("Curators", username="curie")
    page = open_page(375)
    browser = page.page
    log_in(page, "curie")
    page.goto(f"/admin/archive/interview/{sample_interview.pk}/align/")
    first, second = Answer.objects.filter(
        question__interview=sample_interview, question__number=1
    ).order_by("position")[:2]
    moved = first.text_en
    browser.get_by_role("button", name="Move this 中文 paragraph down a row").first.focus()
    browser.keyboard.press("Tab")  # the next control in the row: the English side's button
    focused = browser.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Move this English paragraph down a row"
    box = browser.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    assert box["left"] >= 0 and box["right"] <= 375, "the button is off the screen"
    with browser.expect_navigation():
        browser.keyboard.press("Enter")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text_en == "" and second.text_en.startswith(moved)
    assert f"#row-{first.pk}" in browser.url or f"#row-{second.pk}" in browser.url
    assert overflow(page) == 0
