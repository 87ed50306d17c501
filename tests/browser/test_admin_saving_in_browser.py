"""Saving the interview form in a real browser, where nested-admin's script renumbers every row."""

import pytest
from reversion.models import Version

from archive.history import interview_versions

from .test_curation_in_browser import follow, log_in

pytestmark = pytest.mark.browser


def test_changing_only_the_title_records_only_the_title(open_page, make_staff, sample_interview):
    make_staff("Curators", username="curie")
    page = open_page(1280)
    browser = page.page
    log_in(page, "curie")
    positions = sorted(
        sample_interview.questions.values_list("pk", "number", "answers__pk", "answers__position")
    )

    page.goto(f"/admin/archive/interview/{sample_interview.pk}/change/")
    browser.fill("#id_title_en", "A new English title")
    follow(browser, "input[name=_continue]")

    assert "changed successfully" in browser.locator(".messagelist").inner_text()
    latest = interview_versions(sample_interview.pk).first()
    assert latest.revision.get_comment() == "Changed Title (English)."
    assert Version.objects.filter(revision=latest.revision).count() > 1  # the whole snapshot
    assert (
        sorted(
            sample_interview.questions.values_list(
                "pk", "number", "answers__pk", "answers__position"
            )
        )
        == positions
    )
