"""Browser journeys: headless Debian Chromium driven by Playwright against `live_server`.

Each journey module skips itself when /usr/bin/chromium is missing, unless
REQUIRE_BROWSER_TESTS=1 (as in CI): then a missing browser fails the journey instead.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the ORM calls the tests make while it is running.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        # Reached only with REQUIRE_BROWSER_TESTS=1: a missing browser fails the journey.
        pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / name
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
