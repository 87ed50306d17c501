"""The Content-Security-Policy as a browser enforces it: injected script does not run, and the
real pages, public and admin, run without a single violation."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a long pass phrase 对话"

# Records every violation the page reports; added through the DevTools protocol, not the page.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}: ${event.sample}`
  );
});
"""

INJECT_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__injectedRan = true";
  document.body.appendChild(script);
  document.body.insertAdjacentHTML(
    "beforeend", '<img src="/static/img/favicon.svg" onload="window.__handlerRan = true">'
  );
  return new Promise((resolve) => setTimeout(resolve, 300));
}"""


def violations(page) -> list[str]:
    return page.page.evaluate("window.__violations || []")


def injected_code_ran(page) -> dict:
    page.page.evaluate(INJECT_SCRIPT)
    return page.page.evaluate(
        "({script: window.__injectedRan === true, handler: window.__handlerRan === true})"
    )


def test_a_script_injected_into_a_page_does_not_run(open_page, indexed_sample):
    page = open_page()
    page.page.context.add_init_script(RECORD_VIOLATIONS)
    page.goto(indexed_sample.get_absolute_url())
    assert injected_code_ran(page) == {"script": False, "handler": False}
    blocked = violations(page)
    assert any(v.startswith("script-src-elem blocked inline") for v in blocked), blocked
    assert any(v.startswith("script-src-attr blocked inline") for v in blocked), blocked
    # The browser reports each refusal on the console too; those are the expected ones.
    assert page.errors and all("Content Security Policy" in e for e in page.errors), page.errors
    page.errors.clear()


def test_without_the_policy_the_same_injection_would_run(open_page, indexed_sample):
    """The control for the test above: it is the policy that stops the script, not the test."""
    page = open_page(bypass_csp=True)
    page.goto(indexed_sample.get_absolute_url())
    assert injected_code_ran(page) == {"script": True, "handler": True}


def test_public_and_admin_pages_run_without_a_policy_violation(
    open_page, indexed_sample, make_staff
):
    make_staff("Curators", username="csp-curator")
    person = indexed_sample.interviewees.get()
    page = open_page()
    page.page.context.add_init_script(RECORD_VIOLATIONS)
    found = {}

    def visit(name, path=None, action=None):
        if path:
            page.goto(path)
        if action:
            action()
        page.page.wait_for_load_state("load")
        if seen := violations(page):
            found[name] = seen

    visit("home", "/")
    visit("browse", "/interviews/")
    visit("reading", indexed_sample.get_absolute_url())
    visit("reading, English only", indexed_sample.get_absolute_url() + "?show=en")
    visit("search", "/search/?q=" + quote("绿色工业"))
    visit("people", "/people/")
    visit("person", person.get_absolute_url())
    visit("admin login", "/admin/login/")
    page.page.fill("#id_username", "csp-curator")
    page.page.fill("#id_password", PASSWORD)
    with page.page.expect_navigation():
        page.page.click("input[type=submit]")
    visit("admin index", "/admin/")
    visit("admin interviews", "/admin/archive/interview/")
    visit("admin interview", f"/admin/archive/interview/{indexed_sample.pk}/change/")
    visit(
        "admin interview, a pair added",
        action=lambda: page.page.locator(".djn-add-handler").last.click(),
    )
    visit("admin import", "/admin/archive/interview/import/")
    visit("admin alignment", f"/admin/archive/interview/{indexed_sample.pk}/align/")
    visit("admin history", f"/admin/archive/interview/{indexed_sample.pk}/history/")
    visit("admin people", "/admin/archive/person/add/")
    assert found == {}
