"""Browser journeys: headless Debian Chromium driven by Playwright against `live_server`.

Each journey module skips itself when /usr/bin/chromium is missing, unless
REQUIRE_BROWSER_TESTS=1 (as in CI): then a missing browser fails the journey instead.

Accessibility: `assert_accessible(page)` runs the vendored axe-core on the page and
fails on serious or critical violations; `assert_fields_labelled(page)` checks that every
visible input, select and textarea has an accessible name.
"""

import functools
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the ORM calls the tests make while it is running.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE_VERSION = "4.14.1"
AXE_SCRIPT = ROOT / "static" / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
# axe's rules for "every form field has a label".
LABEL_RULES = ("label", "select-name")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEZONE = "Europe/London"  # with locale en-GB: the browser of a hub in England


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test gets fresh contexts (cookies, storage)."""
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
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB", timezone_id=TIMEZONE
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id=TIMEZONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, down_to=None) -> Path:
        """The whole page, or from its top down to the end of the `down_to` locator."""
        path = SCREENSHOTS / name
        clip = None
        if down_to is not None:
            box = down_to.bounding_box()
            scrolled = page.evaluate("window.scrollY")
            width = page.evaluate("document.documentElement.scrollWidth")
            clip = {"x": 0, "y": 0, "width": width, "height": box["y"] + scrolled + box["height"]}
        page.screenshot(path=str(path), full_page=True, clip=clip)
        return path

    return take


def programme_year_around_today():
    """The current programme year, started 60 days ago: the real clock is inside it (SES-4)."""
    from django.utils import timezone

    from tests.peernetworks.factories import ProgrammeYearFactory

    start = timezone.localdate() - timedelta(days=60)
    return ProgrammeYearFactory(
        name=f"{start.year}/{(start.year + 1) % 100:02d}",
        start=start,
        end=start + timedelta(days=360),
    )


def cohort_of_the_year(year, count: int, *, hub, **cohort_kwargs):
    """A cohort of `year` with `count` ready members registered in that year, allocated through
    the service (a cohort takes only participants of its own programme year).
    Returns (cohort, memberships)."""
    from cohorts.services import cohort_allocate
    from tests.cohorts.factories import CohortFactory, ready_participant

    cohort = CohortFactory(hub=hub, programme_year=year, **cohort_kwargs)
    memberships = [
        cohort_allocate(
            cohort=cohort,
            participant=ready_participant(hub, programme_year=year, registered_on=year.start),
        )
        for _ in range(count)
    ]
    return cohort, memberships


def login(page, live_server, user, password: str = "correct-horse-battery") -> None:
    """Signs in through the login form, as a person would; staff accounts then type the code
    their authenticator app shows (an app set up beforehand if they have none)."""
    from peernetworks.mfa import mfa_required_for

    if mfa_required_for(user):
        from tests.conftest import staff_totp_device

        staff_totp_device(user)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    pass_two_factor(page, user)


def pass_two_factor(page, user) -> None:
    """On the two-factor page, enter the code the person's authenticator app shows now."""
    if urlparse(page.url).path != "/accounts/two-factor/":
        return
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import staff_totp_device, totp_code

    device = staff_totp_device(user)
    # django-otp accepts each code once; a second sign-in within the same 30 seconds would
    # otherwise have to wait for the next code.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.get_by_label("Code from your authenticator app, or a backup code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)


# Accessibility -----------------------------------------------------------------------------


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;void 0;"


def _inject_axe(page) -> None:
    # Evaluated through the DevTools protocol rather than added as an inline <script>: the
    # site's Content-Security-Policy (script-src 'self') rightly refuses inline scripts, and a
    # journey must not loosen the policy it is checking pages under.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())


# Known failures in the application's templates that a journey must excuse, rule by rule.
# None at present: the contrast problems found earlier are fixed in base.html/app.css and the
# registration templates. Kept (empty) so journeys can name an excuse again if one is needed.
NAVBAR_CONTRAST: dict = {}
PRIVACY_LINK_CONTRAST: dict = {}
ERROR_SUMMARY_CONTRAST: dict = {}

AXE_RUN_JS = """async ([within, options, excused]) => {
  const results = await axe.run(within || document, options);
  const isExcused = (rule, node) => (excused[rule] || []).some(selector => {
    const element = document.querySelector(node.target[0]);
    return element !== null && element.closest(selector) !== null;
  });
  return results.violations
    .map(v => ({...v, nodes: v.nodes.filter(node => !isExcused(v.id, node))}))
    .filter(v => v.nodes.length);
}"""


def axe_violations(
    page, *, within=None, rules=None, impacts=BLOCKING_IMPACTS, excuse=None
) -> list[dict]:
    """Axe-core's violations on the page as it is now (or in the part `within` selects), of
    the given impacts (None: all). `excuse`: {rule id: CSS selectors} whose elements and their
    contents are not counted."""
    _inject_axe(page)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    violations = page.evaluate(AXE_RUN_JS, [within, options, excuse or {}])
    return [v for v in violations if impacts is None or v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " > ".join(map(str, node["target"]))
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {node['html'][:120]}\n      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, *, within=None, excuse=None) -> None:
    """Fails on axe-core violations of impact "serious" or "critical", listing each rule and
    the elements it found. `within`: a CSS selector to check only part of the page; `excuse`:
    known failures, see NAVBAR_CONTRAST."""
    violations = axe_violations(page, within=within, excuse=excuse)
    assert not violations, (
        f"axe-core {AXE_VERSION}: serious or critical violations on {page.url}\n"
        + describe_violations(violations)
    )


# Closed <details> hide fields a person opens with one tap: the label checks open them first.
OPEN_DETAILS_JS = """() => document.querySelectorAll("details:not([open])").forEach(d => {
  d.open = true;
  d.dataset.e2eOpened = "1";
})"""
CLOSE_DETAILS_JS = """() => document.querySelectorAll("details[data-e2e-opened]").forEach(d => {
  d.open = false;
  delete d.dataset.e2eOpened;
})"""
# A field's name from the browser's own label association (`el.labels`, which follows a
# duplicated id to its first element only, as assistive technology does), aria-labelledby,
# aria-label or title; a placeholder is not a label.
UNNAMED_FIELDS_JS = """() => {
  const skip = new Set(["hidden", "submit", "button", "reset", "image"]);
  const fields = [...document.querySelectorAll("input, select, textarea")].filter(
    el => !skip.has(el.type) && el.checkVisibility({visibilityProperty: true})
  );
  const text = el => (el ? el.textContent : "").trim();
  const nameOf = el => [
    ...(el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
      .map(id => text(document.getElementById(id))),
    el.getAttribute("aria-label") || "",
    ...[...(el.labels || [])].map(text),
    el.title || "",
  ].join(" ").trim();
  const describe = el => el.outerHTML.replace(/>[^]*$/, ">").slice(0, 160);
  return {
    checked: fields.length,
    unnamed: fields.filter(el => !nameOf(el)).map(describe),
    duplicated: fields
      .filter(el => el.id && document.querySelectorAll(`[id="${el.id}"]`).length > 1)
      .map(describe),
  };
}"""


def assert_fields_labelled(page) -> int:
    """Every visible input, select and textarea (those in closed <details> included) has an
    accessible name and an id of its own, and axe's `label` and `select-name` rules pass.
    Returns how many fields were checked."""
    _inject_axe(page)
    page.evaluate(OPEN_DETAILS_JS)
    try:
        found = page.evaluate(UNNAMED_FIELDS_JS)
        violations = axe_violations(page, rules=LABEL_RULES, impacts=None)
    finally:
        page.evaluate(CLOSE_DETAILS_JS)
    assert found["checked"], f"no form fields on {page.url}"
    assert not found["unnamed"], f"fields without a name on {page.url}:\n" + "\n".join(
        found["unnamed"]
    )
    # A label's `for` reaches only the first element with the id: the others go unnamed.
    assert not found["duplicated"], f"fields sharing an id on {page.url}:\n" + "\n".join(
        found["duplicated"]
    )
    assert not violations, f"unlabelled fields on {page.url}\n" + describe_violations(violations)
    return found["checked"]
