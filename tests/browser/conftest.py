"""Browser tests: headless Debian Chromium driven by pytest-playwright against the live server.

Playwright's own browser download does not work here, so the browser is Debian's
`/usr/bin/chromium` (`.ci/run` installs it). When it is missing the tests FAIL — a
skipped browser test would let CI pass without ever opening a page.

One browser per session (pytest-playwright), one context per test. Live-server tests
need real transactions: mark them `@pytest.mark.django_db(transaction=True)`.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pytest_django.plugin import pytest_collection_modifyitems as django_order

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Without these Chromium tries to reach the internet (closed here) and stalls.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LANGUAGE_COOKIE = "django_language"

# WCAG 2.1 level A and AA: what the EU Web Accessibility Directive asks of Belgian public bodies.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
_axe = Axe()

SCREENSHOTS = Path("/tmp/screenshots")  # outside the repository: for people to look at
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Keep Django's test order for the whole run: database tests, then live-server tests, then the rest.

    pytest-django sorts first; then pytest groups the tests that share pytest-playwright's
    session-scoped `browser_name` parameter, which pulls these live-server tests in front of
    ordinary database tests. Their flush would empty the tables data migrations fill (and
    renumber content types) under the tests that follow. Sorting again is stable."""
    django_order(items)


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Debian's chromium is missing ({CHROMIUM}): run `apt-get install chromium` (.ci/run does).",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _chromium_present):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A fixed browser language, so that English is what a first visit gets.
    return {**browser_context_args, "locale": "en-GB", "viewport": DESKTOP}


def login(page: Page, live_server, email: str, password: str) -> None:
    """Log in through the real form and wait for the page that follows.

    Finds the fields by id, not by their labels, so that it works in every language."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("form[action='/accounts/logout/'] button")).to_be_visible()  # the "Log out" button


def axe_check(page: Page) -> None:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page as shown and fail on any violation.

    axe_playwright_python injects axe-core with `page.evaluate`, which goes through the DevTools
    protocol and is not subject to the page's Content-Security-Policy: no `bypass_csp` is needed,
    and the portal's CSP stays exactly as it is in production (a test guards this)."""
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        raise AssertionError(_describe(page, violations))


def _describe(page: Page, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> None:
    """Save the full page for people to look at (not an assertion)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


LANGUAGES = ["en", "nl"]


@pytest.fixture(params=LANGUAGES)
def language(request, page: Page, live_server):
    """The visitor's chosen language, remembered in the cookie the switcher sets (test_language.py
    clicks the switcher itself); English on a desktop screen, Dutch on a phone."""
    code = request.param
    page.context.add_cookies([{"name": LANGUAGE_COOKIE, "value": code, "url": live_server.url}])
    page.set_viewport_size(DESKTOP if code == "en" else PHONE)
    return code


def check(page: Page, language: str, name: str) -> None:
    """The page is in the chosen language, has no WCAG 2.1 A/AA violation, fits the screen's width
    (WCAG 1.4.10 Reflow: no sideways scrolling on a phone) and is photographed."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    screenshot(page, f"{language}-{name}")
    axe_check(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px screen"
