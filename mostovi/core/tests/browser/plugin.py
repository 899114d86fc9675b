"""Browser-test infrastructure: headless Debian Chromium driven by Playwright's sync API.

Loaded by the root ``conftest.py`` (``pytest_plugins``). Tests marked ``@pytest.mark.browser`` get:

* ``browser``: one Chromium per test module (see the fixture for why not per session);
* ``page``: a fresh browser context and page per test (screenshot in ``test-artifacts/`` on failure);
* ``axe``: ``axe(page)`` runs axe-core on the current page and fails on serious/critical violations;
* ``sign_in``: ``sign_in(page, user)`` gives the page a signed-in session without going through the form.

When Chromium is missing the browser tests are skipped (with a line in the terminal summary), unless
``MOSTOVI_REQUIRE_BROWSER=1``: then they fail, so CI cannot go green without a browser.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[4]
AXE_JS = BASE_DIR / "mostovi" / "static" / "vendor" / "axe" / "axe.min.js"
ARTIFACTS_DIR = BASE_DIR / "test-artifacts"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SKIP_REASON = (
    "Chromium not found ({where}): browser tests skipped; install Debian's chromium package to run them"
)
BLOCKING_IMPACTS = {"serious", "critical"}


def find_chromium() -> tuple[str | None, str]:
    """(path to an executable Chromium or None, description of where we looked)."""
    configured = os.environ.get("MOSTOVI_CHROMIUM")
    if configured:
        found = configured if os.access(configured, os.X_OK) else shutil.which(configured)
        return found, f"MOSTOVI_CHROMIUM={configured}"
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found, found
    return None, f"{DEFAULT_CHROMIUM} or 'chromium' on PATH"


def browser_required() -> bool:
    return os.environ.get("MOSTOVI_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


# --- Skipping (or failing) when there is no browser ------------------------------------------


def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None:
        return
    path, where = find_chromium()
    if path is None:
        if browser_required():
            pytest.fail(
                f"Chromium not found ({where}) and MOSTOVI_REQUIRE_BROWSER=1: "
                "install Debian's chromium package or set MOSTOVI_CHROMIUM",
                pytrace=False,
            )
        pytest.skip(SKIP_REASON.format(where=where))


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if "Chromium not found" in _skip_reason(r)
    ]
    if not skipped:
        return
    match = re.search(r"Chromium not found \((.*?)\)", _skip_reason(skipped[0]))
    where = match.group(1) if match else DEFAULT_CHROMIUM
    terminalreporter.write_sep("=", "browser tests", yellow=True)
    terminalreporter.write_line(
        f"Browser tests were skipped: Chromium not found at {where} "
        f"(set MOSTOVI_CHROMIUM or install chromium) — {len(skipped)} test(s) skipped",
        yellow=True,
        bold=True,
    )


# --- Screenshots of failing browser tests -----------------------------------------------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_mostovi_report_{report.when}", report)
    return report


def _failed(item) -> bool:
    return any(
        getattr(getattr(item, f"_mostovi_report_{when}", None), "failed", False) for when in ("setup", "call")
    )


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started, and
    Django then refuses every ORM call made from the thread (SynchronousOnlyOperation) unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. The tests are not async code, so the variable is set, but only
    while a browser module runs: Playwright is stopped and the variable removed at the end of the
    module, so the rest of the suite (and the subprocesses it starts, e.g. `manage.py check --deploy`)
    never sees it. A Chromium launch costs about a second per module.
    """
    path, where = find_chromium()
    if path is None:  # a test asked for the browser without the marker
        if browser_required():
            pytest.fail(f"Chromium not found ({where}) and MOSTOVI_REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(SKIP_REASON.format(where=where))
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
        finally:
            playwright.stop()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(request, browser, live_server):
    """Factory: ``new_page(viewport={"width": 375, "height": 740})`` → a page in a fresh context.

    Every page is closed after the test; on failure, each one is screenshotted into test-artifacts/.
    """
    contexts = []

    def make(**context_options):
        context_options.setdefault("base_url", live_server.url)
        context_options.setdefault("locale", "fr-FR")
        context = browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make

    failed = _failed(request.node)
    for index, context in enumerate(contexts):
        if failed:
            _screenshot(request.node, context, index)
        context.close()


def _screenshot(item, context, index: int) -> None:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    for page_index, page in enumerate(context.pages):
        suffix = f"-{index}-{page_index}" if index or page_index else ""
        try:
            page.screenshot(path=str(ARTIFACTS_DIR / f"{name}{suffix}.png"), full_page=True)
        except Exception as exc:  # a screenshot must never hide the real failure
            print(f"screenshot of {item.nodeid} failed: {exc}")


@pytest.fixture
def page(new_page):
    """A desktop-sized page whose relative URLs point at the live server."""
    return new_page(viewport={"width": 1280, "height": 900})


@pytest.fixture
def sign_in(live_server):
    """``sign_in(page, user)``: put a signed-in session cookie into the page's browser context."""
    from django.conf import settings
    from django.test import Client

    def do_sign_in(page, user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return do_sign_in


def run_axe(page, *, blocking=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the page; fail on violations whose impact is in ``blocking``.

    Returns every violation (including minor/moderate ones) so a test may look closer.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = results["violations"]
    bad = [v for v in violations if v.get("impact") in blocking]
    if bad:
        lines = [f"axe found {len(bad)} serious/critical violation(s) on {page.url}:"]
        for violation in bad:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            more = f" (+{len(violation['nodes']) - 3} more)" if len(violation["nodes"]) > 3 else ""
            lines.append(
                f"  - {violation['id']} [{violation['impact']}]: {violation['help']} → {targets}{more}"
            )
        pytest.fail("\n".join(lines), pytrace=False)
    return violations


@pytest.fixture
def axe():
    """``axe(page)``: fail on serious/critical axe-core violations of the current page."""
    return run_axe


@pytest.fixture
def confirm():
    """``confirm(page, says=…, told=…)``: the decision's confirmation dialog is open; check what it says (each
    text in ``says`` and ``told`` is in it) and press its confirmation button. Returns the dialog's text."""
    from playwright.sync_api import expect

    def do_confirm(page, *, says=(), told=()):
        dialog = page.locator("#confirm-dialog")
        expect(dialog).to_be_visible()
        for text in says:
            expect(dialog).to_contain_text(text)
        for text in told:
            expect(dialog.locator("#confirm-told")).to_contain_text(text)
        content = dialog.inner_text()
        dialog.locator("[data-confirm-ok]").click()
        expect(dialog).to_be_hidden()
        return content

    return do_confirm
