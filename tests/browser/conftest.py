"""Browser tests: Debian's Chromium driven by Playwright against a live Django server.

Chromium is /usr/bin/chromium (CI installs it with apt-get); Playwright downloads no browser.
Without Chromium the tests are skipped locally, but never in CI (CI=true), where they fail.
Screenshots go to artifacts/screenshots/ for CI to keep.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 375}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on(
            "console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}")
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, f"{path}: {response.status}"
        return response

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"]
        self.page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

    def axe_violations(self, impacts=("serious", "critical")) -> list[dict]:
        if not AXE.exists():
            if os.environ.get("CI"):
                pytest.fail(f"{AXE} is missing: run npm ci")
            pytest.skip("axe-core not installed (npm ci)")
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
        # not govern; a <script> tag would be refused. The page itself keeps its policy.
        before = len(self.errors)
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        results = self.page.evaluate("async () => await axe.run(document)")
        # axe measures some elements by giving them an inline style, which the page's policy
        # refuses; those refusals are axe's own, not the page's.
        self.errors[before:] = [e for e in self.errors[before:] if not _axe_style_refusal(e)]
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in results["violations"]
            if v["impact"] in impacts
        ]


def _axe_style_refusal(error: str) -> bool:
    return "Applying inline style violates the following Content Security Policy" in error


@pytest.fixture
def open_page(browser, live_server):
    """open_page(width=1280) → a Page on the live server; fails the test on console errors."""
    pages = []

    def make(width: int = WIDTHS["desktop"], **context_options):
        context = browser.new_context(viewport={"width": width, "height": 900}, **context_options)
        page = Page(context.new_page(), live_server.url)
        pages.append((context, page))
        return page

    yield make
    for context, page in pages:
        context.close()
        assert page.errors == [], f"console errors: {page.errors}"
