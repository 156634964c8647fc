"""Fill in a whole assessment in headless Chromium, with JavaScript off and on.

The real ``iia-check serve`` with two workers shares one ``--data-dir``, so every
request may reach either worker. The browser starts a draft, fills every section
from a valid sample through the page's own controls (adding list items with the
page's buttons), meets a finding beside its field, and downloads the draft.
axe-core (vendored under tests/data) then checks every kind of page.
"""

from __future__ import annotations

import json
import re
import typing as t
from pathlib import Path

import pytest

from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import load_schema
from iia_checker.workbooks.convert import ordered

from .chromium import NEEDS_CHROMIUM, page_of
from .conftest import DATA, SAMPLES
from .web_server import running_server

pytestmark = NEEDS_CHROMIUM

SCHEMA = load_schema(default_schema_path())
SAMPLE = SAMPLES / "valid" / "digital-appointments.json"
AXE = DATA / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[str]:
    data = tmp_path_factory.mktemp("drafts-browser")
    with running_server("--data-dir", str(data), "--workers", "2") as base:
        yield base


def answered(value: t.Any) -> t.Any:
    """``value`` without unanswered parts (null, [] and {}), as a new draft holds."""
    if isinstance(value, dict):
        kept = {k: answered(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [answered(v) for v in value]
    return value


def canonical(value: t.Any) -> t.Any:
    """``value`` with lists of plain values sorted: checkboxes follow the schema."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        plain = all(isinstance(v, (str, int)) for v in items)
        return sorted(items, key=str) if plain else items
    return value


def fill(page: t.Any, pointer: str, value: t.Any) -> None:
    """Answer the field at ``pointer`` through whatever control the page has."""
    if isinstance(value, dict):
        for key, inner in value.items():
            fill(page, f"{pointer}/{key}", inner)
        return
    controls = page.locator(f'[name="{pointer}"]')
    if isinstance(value, list) and value and isinstance(value[0], dict):
        for index, item in enumerate(value):
            fill(page, f"{pointer}/{index}", item)
        return
    if controls.count() == 0 or value is None or value == []:
        return
    first = controls.first
    tag = first.evaluate("e => e.tagName + ':' + (e.type || '')")
    if tag in ("INPUT:radio", "INPUT:checkbox"):
        values = value if isinstance(value, list) else [value]
        for one in values:
            text = {True: "yes", False: "no"}.get(one, str(one))
            page.locator(f'[name="{pointer}"][value="{text}"]').check()
    elif tag.startswith("SELECT"):
        first.select_option(str(value))
    elif isinstance(value, list):
        first.fill("\n".join(map(str, value)))
    else:
        first.fill(str(value))


def set_item_count(page: t.Any, pointer: str, wanted: int) -> None:
    """Add or remove items of the list at ``pointer`` with the page's buttons."""
    while True:
        shown = int(page.locator(f'[name="{pointer}#n"]').get_attribute("value"))
        if shown == wanted:
            return
        if shown < wanted:
            page.locator(f'button[name="add"][value="{pointer}"]').click()
        else:
            page.locator(
                f'button[name="remove"][value="{pointer}/{shown - 1}"]'
            ).click()
        page.wait_for_load_state()


def lists_in(value: t.Any, pointer: str) -> t.Iterator[tuple[str, int]]:
    """Every list of items in ``value``, outermost first, with its length."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from lists_in(inner, f"{pointer}/{key}")
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        yield pointer, len(value)
        for index, item in enumerate(value):
            yield from lists_in(item, f"{pointer}/{index}")


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_fill_a_whole_assessment_to_the_downloads(
    browser: t.Any, base_url: str, tmp_path: Path, javascript: bool
) -> None:
    sample = answered(json.loads(SAMPLE.read_text(encoding="utf-8")))
    page = page_of(browser, java_script_enabled=javascript)
    page.goto(base_url + "/drafts")
    page.get_by_role("button", name="Start a new assessment").click()
    # A click does not wait for the page it opens: wait for the draft's address.
    page.wait_for_url(re.compile(r"/drafts/[^/]+$"))
    home = page.url

    # A finding appears beside the field it concerns, linked from the summary.
    page.get_by_role("link", name="Project", exact=True).click()
    page.get_by_label("Project ID").fill("not an id!")
    page.get_by_role("button", name="Save and check").click()
    page.locator('[id="f/project/id-findings"]').wait_for(state="visible")
    summary = page.get_by_role("alert")
    assert summary.locator('a[href="#f/project/id"]').count() == 1

    sections = [k for k in SCHEMA.raw["properties"] if k != "schema_version"]
    for key in sections:
        page.goto(f"{home}/{key}")
        for pointer, count in lists_in(sample.get(key), f"/{key}"):
            set_item_count(page, pointer, count)
        fill(page, f"/{key}", sample.get(key))
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()

    page.goto(home)
    states = page.locator(".task-list .tag").all_inner_texts()
    assert "Not started" not in states and "In progress" not in states
    with page.expect_download() as download:
        page.get_by_role("link", name="Submission as JSON").click()
    saved = tmp_path / "draft.json"
    download.value.save_as(saved)
    kept = json.loads(saved.read_text(encoding="utf-8"))
    assert canonical(kept) == canonical(ordered(sample, SCHEMA.raw, SCHEMA.deref))
    with page.expect_download() as workbook:
        page.get_by_role("link", name="Form workbook").click()
    workbook.value.save_as(tmp_path / "draft.xlsx")
    assert (tmp_path / "draft.xlsx").stat().st_size > 10_000
    assert page.refused == []


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not vendored here")
def test_every_page_type_passes_axe(browser: t.Any, base_url: str) -> None:
    page = page_of(browser, bypass_csp=True)
    page.goto(base_url + "/drafts")
    addresses = {"start": page.url}
    page.get_by_role("button", name="Start a new assessment").click()
    page.wait_for_url(re.compile(r"/drafts/[^/]+$"))
    home = page.url
    page.goto(f"{home}/project")
    page.get_by_label("Project ID").fill("not an id!")
    page.get_by_role("button", name="Save and check").click()
    addresses |= {
        "overview": home,
        "section with findings": f"{home}/project",
        "list section": f"{home}/equality_impacts",
        "empty list section": f"{home}/evidence",
    }
    script = AXE.read_text(encoding="utf-8")
    failures = {}
    for name, address in [*addresses.items(), ("delete confirmation", "")]:
        if address:
            page.goto(address)
        else:  # reached by a post: the overview's delete button
            page.goto(home)
            page.get_by_role("button", name="Delete this draft").click()
            page.get_by_role("button", name="Yes, delete it").wait_for()
        page.evaluate(script)
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.map(v => v.id + ': ' + v.nodes.length)"
        )
        if found:
            failures[name] = found
    assert failures == {}
