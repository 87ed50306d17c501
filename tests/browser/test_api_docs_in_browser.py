"""The API's documentation page works in a real browser under the site's strict CSP."""

import pytest

pytestmark = pytest.mark.browser


def test_the_api_docs_render_from_packaged_assets_without_breaking_the_policy(open_page):
    page = open_page(1280)
    page.goto("/api/docs/")
    browser = page.page
    browser.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Duihua API" in browser.locator(".swagger-ui .info .title").inner_text()
    assert browser.locator(".opblock").count() > 5  # every operation listed
    page.screenshot("api-docs")
