"""Headless Chromium for the browser tests: Debian's chromium, driven by Playwright.

Playwright never downloads a browser of its own here; a test module that needs
one sets ``pytestmark = NEEDS_CHROMIUM`` and takes the ``browser`` fixture
(tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import functools
import typing as t
from pathlib import Path

import pytest

CHROMIUM: t.Final = Path("/usr/bin/chromium")
ARGS: t.Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@functools.cache
def browser_problem() -> str | None:
    """Why Chromium cannot be driven here, or None when it can."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (.ci/run installs chromium with apt-get)"
    try:
        with sync_playwright() as playwright:
            playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS).close()
    except Error as exc:
        return f"chromium cannot start: {str(exc).splitlines()[0]}"
    return None


NEEDS_CHROMIUM: t.Final = pytest.mark.skipif(
    browser_problem() is not None, reason=str(browser_problem())
)


@contextlib.contextmanager
def launched() -> t.Iterator[t.Any]:
    """A running headless Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def page_of(browser: t.Any, **options: t.Any) -> t.Any:
    """A new page that downloads and records the content-security refusals."""
    context = browser.new_context(accept_downloads=True, **options)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Refused" in m.text else None
    )
    page.refused = refused
    return page
