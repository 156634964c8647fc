"""Behind the sign-in proxy a draft is its author's alone, even to holders of its id."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from iia_checker.web.app import create_app
from iia_checker.web.config import WebConfig

from .drafts_forms import draft_address, form_values
from .test_web_drafts import post_form

HEADER = "X-Remote-User"
ALICE = {HEADER: "alice@midlothian.gov.uk"}
BOB = {HEADER: "bob@midlothian.gov.uk"}


def site(tmp_path: Path, proxy: str) -> TestClient:
    config = WebConfig(
        data_dir=str(tmp_path), user_header=HEADER, trusted_proxies=(proxy,)
    )
    return TestClient(create_app(config), base_url="http://iia.test")


@pytest.fixture
def client(tmp_path: Path) -> t.Iterator[TestClient]:
    # Starlette's test client connects from the address "testclient".
    with site(tmp_path, "testclient") as test_client:
        yield test_client


def alices_draft(client: TestClient) -> str:
    made = client.post("/new", headers=ALICE, follow_redirects=False)
    assert made.status_code == 303
    return draft_address(made.headers["location"])


def test_another_user_cannot_open_change_or_delete_it(client: TestClient) -> None:
    home = alices_draft(client)
    page = client.get(f"{home}/project", headers=ALICE)
    assert page.status_code == 200
    for address in (home, f"{home}/project", f"{home}/submission.json"):
        assert client.get(address, headers=BOB).status_code == 404
    values = [*form_values(page.text), ("/project/title", "Bob's")]
    assert post_form(client, f"{home}/project", values, BOB).status_code == 404
    confirm = [("confirm", "yes")]
    assert post_form(client, f"{home}/delete", confirm, BOB).status_code == 404
    kept = client.get(f"{home}/submission.json", headers=ALICE).json()
    assert "project" not in kept  # Bob's save changed nothing
    saved = post_form(client, f"{home}/project", values, ALICE)
    assert saved.status_code == 303


def test_without_a_signed_in_user_drafts_are_refused(client: TestClient) -> None:
    home = alices_draft(client)
    assert client.post("/new", follow_redirects=False).status_code == 403
    assert client.get(home).status_code == 403
    assert client.get("/drafts").status_code == 403


def test_the_header_is_ignored_from_an_untrusted_address(tmp_path: Path) -> None:
    with site(tmp_path, "10.0.0.1") as client:
        answer = client.post("/new", headers=ALICE, follow_redirects=False)
        assert answer.status_code == 403
        assert "Sign in" in answer.text
