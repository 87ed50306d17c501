"""Citing a passage in a real browser with JavaScript off: open its Cite control, read the
Chicago note on the cite page, download the RIS file a reference manager imports."""

import pytest
import rispy

from archive.citations.items import name_of
from archive.models import Answer

pytestmark = pytest.mark.browser


@pytest.fixture
def passage(sample_interview):
    return Answer.objects.get(question__interview=sample_interview, question__number=2, position=3)


def test_a_reader_without_javascript_cites_a_passage(open_page, passage, live_server, tmp_path):
    page = open_page(1280, java_script_enabled=False, accept_downloads=True)
    page.goto(passage.question.interview.get_absolute_url())
    control = page.page.locator("#q2-a3 .cite-control")
    assert not control.locator(".cite-panel").is_visible()
    control.locator("summary").click()
    assert control.locator(".cite-panel").is_visible()
    permalink = f"{live_server.url}/p/{passage.uid}/"
    assert control.locator("a.permalink").inner_text() == permalink
    page.screenshot("cite-control")

    control.locator("a.cite-page").click()
    page.page.wait_for_url(f"**/p/{passage.uid}/cite/")
    interview = passage.question.interview
    person = name_of(interview.interviewees.get())
    note = page.page.locator("#chicago-note .citation-text").inner_text()
    assert note.startswith(f"{person}, “{interview.title_zh}")
    assert ", question 2, paragraph 3, Duihua 对话, " in note
    assert note.endswith(f" {permalink}.")
    page.screenshot("cite-page")

    with page.page.expect_download() as download:
        page.page.get_by_role("link", name="RIS").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"duihua-{passage.uid}.ris"
    (record,) = rispy.loads(saved.read_text(encoding="utf-8"))
    assert record["accession_number"] == "question 2, paragraph 3"
    assert record["urls"] == [permalink]
    assert record["authors"] == [person]


def test_the_cite_page_fits_a_phone_and_passes_axe(open_page, passage):
    page = open_page(375)
    page.goto(f"/p/{passage.uid}/cite/")
    overflow = page.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    page.screenshot("cite-page")
    assert page.axe_violations() == []


def test_the_open_cite_control_fits_a_phone(open_page, passage):
    page = open_page(375)
    page.goto(passage.question.interview.get_absolute_url() + "#q2-a3")
    page.page.locator("#q2-a3 .cite-control summary").click()
    box = page.page.locator("#q2-a3 .cite-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.screenshot("cite-control")
