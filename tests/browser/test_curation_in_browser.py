"""A curator's day in a real browser: import, realign, publish, then read and search the result."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from archive.models import Interview

pytestmark = pytest.mark.browser

PASSWORD = "a long pass phrase 对话"
SECOND_ZH = "《2030年可持续发展议程》将持续为全球"
SECOND_EN = "The 2030 Agenda continues to guide"


def log_in(page, username):
    page.goto("/admin/login/")
    page.page.fill("#id_username", username)
    page.page.fill("#id_password", PASSWORD)
    follow(page.page, "input[type=submit]")


def follow(browser, selector):
    """Click a link or a submit button and wait for the page that answers."""
    with browser.expect_navigation():
        browser.click(selector)


def put_caret(page, selector, text_before):
    """Click into a text area just after `text_before`, as a curator choosing a split point."""
    page.page.eval_on_selector(
        selector,
        """(area, before) => {
            const at = area.value.indexOf(before) + before.length;
            area.focus();
            area.setSelectionRange(at, at);
            area.dispatchEvent(new KeyboardEvent('keyup'));
        }""",
        text_before,
    )


def test_a_curator_imports_realigns_and_publishes_an_interview(
    open_page, make_staff, sample_path, search_index
):
    make_staff("Curators", username="curie")
    page = open_page(1280)
    browser = page.page
    log_in(page, "curie")

    # Import: upload, check what the parser found, confirm.
    page.goto("/admin/archive/interview/")
    follow(browser, "text=Import transcripts")
    browser.set_input_files("input[type=file]", str(sample_path))
    follow(browser, "input[value='Read and preview']")
    assert browser.locator("table.pairs caption").count() == 7
    assert Interview.objects.count() == 0
    page.screenshot("admin-import-preview")
    follow(browser, "input[name=confirm]")
    interview = Interview.objects.get()
    assert browser.locator(".messagelist .success").inner_text().startswith("Imported")
    page.screenshot("admin-change-form")

    # Realign: question 2 runs two sentences together; split them into two pairs.
    follow(browser, "text=Realign paragraphs")
    q2 = interview.questions.get(number=2)
    first = q2.answers.get(position=1)
    follow(browser, f"#row-{first.pk} >> text=Split…")
    put_caret(page, "#zh-text", "做出的详尽承诺。")
    put_caret(page, "#en-text", "the 2030 Agenda for Sustainable Development.")
    assert int(browser.input_value("#id_zh_at")) == first.text_zh.index(SECOND_ZH)
    page.screenshot("admin-split")
    follow(browser, "input[value='Split in two']")
    assert re.search(r"/align/#row-\d+$", browser.url)
    assert q2.answers.count() == 5
    assert q2.answers.get(position=2).text_en.startswith(SECOND_EN)
    page.screenshot("admin-align")

    # Publish from the interview's own page.
    follow(browser, "text=Edit texts")
    browser.select_option("#id_status", "published")
    follow(browser, "input[name=_save]")
    assert browser.locator(".messagelist .success").count() == 1
    interview.refresh_from_db()
    assert interview.is_published

    # The public reading page has the new pair at its own citable anchor.
    page.goto(f"{interview.get_absolute_url()}#q2-a2")
    passage = browser.locator("#q2-a2")
    assert SECOND_ZH in passage.locator(".side.zh").inner_text()
    assert passage.locator(".side.en").inner_text().startswith(SECOND_EN)
    page.screenshot("admin-fixed-passage-public")

    # Search finds the passage and links to that anchor.
    page.goto("/search/?q=" + quote(f'"{SECOND_EN}"'))
    hit_link = browser.locator(f"a[href='{interview.get_absolute_url()}#q2-a2']")
    assert hit_link.count() >= 1
    page.screenshot("admin-fixed-passage-search")


def drag_above(page, handle, target):
    """Drag a row by its handle until it sits above the target row, in small mouse steps."""
    handle.scroll_into_view_if_needed()
    start, end = handle.bounding_box(), target.bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    distance = y - end["y"] + 30
    for step in range(1, 30):
        page.mouse.move(x, y - step * distance / 29)
        page.wait_for_timeout(20)
    page.mouse.up()


def test_dragging_a_pair_above_another_swaps_them_for_good(open_page, make_staff, sample_interview):
    make_staff("Curators", username="curie")
    page = open_page(1280)
    browser = page.page
    log_in(page, "curie")
    q2 = sample_interview.questions.get(number=2)
    first, second = (a.text_zh for a in q2.answers.order_by("position")[:2])

    page.goto(f"/admin/archive/interview/{sample_interview.pk}/change/")
    handles = browser.locator("#questions-1-answers-group .djn-drag-handler")
    drag_above(browser, handles.nth(1), handles.nth(0))
    follow(browser, "input[name=_continue]")

    assert "changed successfully" in browser.locator(".messagelist").inner_text()
    assert [a.text_zh for a in q2.answers.order_by("position")[:2]] == [second, first]
    assert list(q2.answers.values_list("position", flat=True)) == [1, 2, 3, 4]
    page.screenshot("admin-reordered")


REAL = Path(__file__).resolve().parents[1] / "data" / "real"
IMPORTS = [
    REAL / "docx" / "geng_shuang_press_2019-08-23_bold_labels.docx",
    REAL / "html" / "wang_wenbin_press_2022-08-19_studyofnet.html",
    REAL.parent / "doubtful_press_conference.txt",  # two rows the aligner doubts
]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_curator_checks_a_word_file_a_saved_page_and_doubtful_rows_before_importing(
    open_page, make_staff, width
):
    make_staff("Curators", username="curie")
    page = open_page(width)
    browser = page.page
    log_in(page, "curie")
    page.goto("/admin/archive/interview/import/")
    assert browser.locator(".layouts-read pre").count() >= 8
    assert page.axe_violations() == []
    page.screenshot("admin-import-page")

    browser.set_input_files("input[type=file]", [str(path) for path in IMPORTS])
    follow(browser, "input[value='Read and preview']")
    assert browser.locator(".layout-chosen").count() == 3
    left_out = browser.locator("details.left-out").first
    assert not left_out.locator("table.dropped-lines").is_visible()
    left_out.locator("summary").click()  # opens without any script of ours
    assert left_out.locator("table.dropped-lines").is_visible()
    browser.locator(".rows-to-check a").first.click()
    assert browser.locator("tr.check-row:target").count() == 1
    assert page.axe_violations() == []
    page.screenshot("admin-import-preview-layouts")

    follow(browser, "input[name=confirm]")
    assert Interview.objects.count() == 3

    # After the import the doubted rows are listed first on the alignment page.
    doubtful = Interview.objects.get(original_filename=IMPORTS[2].name)
    page.goto(f"/admin/archive/interview/{doubtful.pk}/align/")
    assert browser.locator(".rows-to-check li").count() == 2
    page.screenshot("admin-align-rows-to-check")
    page.goto(f"/admin/archive/interview/{doubtful.pk}/change/")
    assert browser.locator(".paragraph-pairs .check-mark").count() == 2
    page.screenshot("admin-editor-speakers")
