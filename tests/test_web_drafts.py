"""Fill in an assessment in the browser, through Starlette's TestClient."""

from __future__ import annotations

import io
import json
import re
import typing as t
from pathlib import Path
from urllib.parse import urlencode

import openpyxl
import pytest
from starlette.testclient import TestClient

from iia_checker.resources import default_schema_path
from iia_checker.schema.submission import load_schema
from iia_checker.web.app import create_app
from iia_checker.web.config import WebConfig
from iia_checker.workbooks.convert import ordered

from .conftest import SAMPLES
from .drafts_forms import draft_address, form_values

SCHEMA = load_schema(default_schema_path())
SECTIONS = [k for k in SCHEMA.raw["properties"] if k != "schema_version"]
FORM = "application/x-www-form-urlencoded"
VALID = sorted((SAMPLES / "valid").glob("*.json"))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("drafts-data")


@pytest.fixture(scope="module")
def client(data_dir: Path) -> t.Iterator[TestClient]:
    app = create_app(WebConfig(data_dir=str(data_dir)))
    with TestClient(app, base_url="http://iia.test") as test_client:
        yield test_client


def new_draft(client: TestClient) -> str:
    answer = client.post("/new", follow_redirects=False)
    assert answer.status_code == 303
    return draft_address(answer.headers["location"])


def upload(client: TestClient, name: str, content: bytes) -> t.Any:
    return client.post(
        "/drafts/upload", files=[("files", (name, content))], follow_redirects=False
    )


def save(client: TestClient, page: str, address: str, **changes: t.Any) -> t.Any:
    """Post the form of ``page`` with ``changes`` (pointer -> value or values)."""
    values = [(k, v) for k, v in form_values(page) if k not in changes]
    for name, value in changes.items():
        for one in value if isinstance(value, list) else [value]:
            values.append((name, one))
    return post_form(client, address, values)


def post_form(
    client: TestClient,
    address: str,
    values: list[tuple[str, str]],
    headers: dict[str, str] | None = None,
) -> t.Any:
    """Post ``values`` url-encoded, as a browser sends a form."""
    return client.post(
        address,
        content=urlencode(values),
        headers={"content-type": FORM, **(headers or {})},
        follow_redirects=False,
    )


def test_a_new_draft_has_a_task_list_of_every_schema_section(
    client: TestClient,
) -> None:
    home = new_draft(client)
    assert len(home.rsplit("/", 1)[1]) >= 22  # token_urlsafe(16)
    page = client.get(home).text
    for key in SECTIONS:
        title = SCHEMA.raw["properties"][key]["title"]
        assert f'href="{home}/{key}"' in page and title.replace("'", "&#x27;") in page
    assert page.count("Not started") == len(SECTIONS)
    assert 'href="' + home + '/submission.json"' in page


def test_a_section_page_is_generated_from_the_schema(client: TestClient) -> None:
    home = new_draft(client)
    page = client.get(f"{home}/project").text
    project = SCHEMA.raw["properties"]["project"]["properties"]
    for prop in project.values():
        assert prop["title"] in page
    assert 'type="date" id="f/project/decision_date"' in page
    assert 'type="radio" id="f/project/strategic_decision" ' in page  # yes/no
    assert 'type="checkbox" id="f/project/boards"' in page
    assert '<select id="f/project/proposal_type"' in page
    # Like a GOV.UK form, problems show once the page has been saved.
    assert 'class="error-summary"' not in page
    saved = save(client, page, f"{home}/project")
    assert saved.status_code == 303
    page = client.get(f"{home}/project").text
    assert 'class="error-summary"' in page and "There is a problem" in page


def test_equality_impacts_list_the_nine_characteristics(client: TestClient) -> None:
    home = new_draft(client)
    page = client.get(f"{home}/equality_impacts").text
    for name in ("Age", "Disability", "Gender reassignment", "Sexual orientation"):
        assert "Equality impacts" in page and f": {name}</legend>" in page
    assert page.count('class="item"') == 9


def test_saving_checks_and_shows_findings_beside_their_fields(
    client: TestClient,
) -> None:
    home = new_draft(client)
    page = client.get(f"{home}/project").text
    answer = save(
        client,
        page,
        f"{home}/project",
        **{"/project/title": "New bins", "/project/decision_date": "31/02/2021"},
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"{home}/project"
    page = client.get(f"{home}/project").text
    assert 'value="New bins"' in page
    # The bad date's finding sits beside the date, linked from the summary.
    beside = re.search(r'id="f/project/decision_date-findings">(.*?)</ul>', page, re.S)
    assert beside and "Error" in beside.group(1)
    assert 'href="#f/project/decision_date"' in page
    assert (
        'aria-describedby="f/project/decision_date-hint f/project/decision_date-findings"'
        in page
    )
    overview = client.get(home).text
    assert "In progress" in overview or "Has problems" in overview
    assert "Would not pass yet" in overview


def test_list_items_are_added_and_removed_without_javascript(
    client: TestClient,
) -> None:
    home = new_draft(client)
    page = client.get(f"{home}/evidence").text
    assert "No evidence yet." in page
    for title in ("Survey", "Census"):
        answer = save(client, page, f"{home}/evidence", add="/evidence")
        assert answer.headers["location"].endswith(
            "/evidence#f/evidence/" + ("0" if title == "Survey" else "1")
        )
        page = client.get(f"{home}/evidence").text
        number = page.count('class="item"') - 1
        save(client, page, f"{home}/evidence", **{f"/evidence/{number}/title": title})
        page = client.get(f"{home}/evidence").text
    assert page.count('class="item"') == 2
    save(client, page, f"{home}/evidence", remove="/evidence/0")
    data = client.get(f"{home}/submission.json").json()
    assert [item.get("title") for item in data["evidence"]] == ["Census"]


def test_two_tabs_never_lose_a_save_silently(client: TestClient) -> None:
    home = new_draft(client)
    first_tab = client.get(f"{home}/project").text
    second_tab = client.get(f"{home}/project").text
    save(client, first_tab, f"{home}/project", **{"/project/title": "From tab 1"})
    refused = save(client, second_tab, f"{home}/project", **{"/project/title": "Tab 2"})
    assert refused.status_code == 409
    assert "saved from another tab" in refused.text and 'value="Tab 2"' in refused.text
    assert client.get(f"{home}/submission.json").json()["project"]["title"] == (
        "From tab 1"
    )
    again = save(client, refused.text, f"{home}/project")  # the user saves again
    assert again.status_code == 303
    assert client.get(f"{home}/submission.json").json()["project"]["title"] == "Tab 2"


def test_two_tabs_on_different_sections_both_keep_their_saves(
    client: TestClient,
) -> None:
    home = new_draft(client)
    project = client.get(f"{home}/project").text
    outcome = client.get(f"{home}/outcome").text
    first = save(client, project, f"{home}/project", **{"/project/title": "Bins"})
    second = save(
        client, outcome, f"{home}/outcome", **{"/outcome/justification": "Because"}
    )
    assert first.status_code == second.status_code == 303
    kept = client.get(f"{home}/submission.json").json()
    assert kept["project"]["title"] == "Bins"
    assert kept["outcome"]["justification"] == "Because"


@pytest.mark.parametrize("sample", VALID, ids=lambda p: p.stem)
def test_every_section_saved_as_shown_keeps_the_submission(
    client: TestClient, sample: Path
) -> None:
    """The form shows every value of a real submission and reads it back."""
    original = json.loads(sample.read_text(encoding="utf-8"))
    answer = upload(client, sample.name, sample.read_bytes())
    assert answer.status_code == 303
    home = draft_address(answer.headers["location"])
    for key in SECTIONS:
        page = client.get(f"{home}/{key}").text
        assert save(client, page, f"{home}/{key}").status_code == 303, key
    kept = client.get(f"{home}/submission.json").json()
    assert kept == ordered(original, SCHEMA.raw, SCHEMA.deref)
    overview = client.get(home).text
    # Valid as of 2021; checked today, some actions are overdue (warnings).
    states = re.findall(r'class="tag tag-[a-z-]+"[^>]*>([^<]+)<', overview)
    assert len(states) == len(SECTIONS) and states.count("Complete") > 15
    assert set(states) <= {"Complete", "Has problems"}
    assert overview.count("Would pass so far") == 2


def test_downloads_are_what_iia_check_reads(
    client: TestClient, run: t.Callable[..., t.Any], tmp_path: Path
) -> None:
    sample = VALID[0]
    answer = upload(client, sample.name, sample.read_bytes())
    home = draft_address(answer.headers["location"])
    as_json = client.get(f"{home}/submission.json")
    assert as_json.headers["content-disposition"].startswith("attachment")
    workbook = client.get(f"{home}/form.xlsx")
    assert "Project" in openpyxl.load_workbook(io.BytesIO(workbook.content)).sheetnames
    for name, content in (("d.json", as_json.content), ("d.xlsx", workbook.content)):
        (tmp_path / name).write_bytes(content)
        result = run("check", str(tmp_path / name), "--as-of", "2021-09-01")
        assert result.exit_code == 0, result.stdout
    again = upload(client, "d.xlsx", workbook.content)
    assert again.status_code == 303  # a downloaded workbook can be continued


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("notes.txt", b"hello", "could not be read"),
        ("broken.json", b"{", "could not be read"),
        ("register.xlsx", (SAMPLES / "valid-register.xlsx").read_bytes(), "projects"),
    ],
)
def test_a_file_that_is_not_one_submission_is_explained(
    client: TestClient, name: str, content: bytes, said: str
) -> None:
    answer = upload(client, name, content)
    assert answer.status_code == 400 and said in answer.text
    assert "Traceback" not in answer.text


def test_escaping_limits_and_deletion(client: TestClient) -> None:
    home = new_draft(client)
    page = client.get(f"{home}/project").text
    save(client, page, f"{home}/project", **{"/project/title": "<script>x</script>"})
    page = client.get(f"{home}/project").text
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    too_many = save(
        client,
        page,
        f"{home}/project",
        **{"/project/affected/localities": "\n".join(map(str, range(500)))},
    )
    assert too_many.status_code == 400 and "at most 100 items" in too_many.text
    huge = client.post(
        f"{home}/project",
        content=b"a=" + b"x" * (3 * 1024 * 1024),
        headers={"content-type": FORM},
    )
    assert huge.status_code == 413
    asked = client.post(f"{home}/delete", follow_redirects=False)
    assert asked.status_code == 200 and "cannot be brought back" in asked.text
    assert client.get(home).status_code == 200  # not deleted until confirmed
    confirmed = post_form(client, f"{home}/delete", [("confirm", "yes")])
    assert confirmed.status_code == 200 and "deleted" in confirmed.text
    assert client.get(home).status_code == 404
    assert client.get(f"{home}/submission.json").status_code == 404


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    home = new_draft(client)
    other = {"sec-fetch-site": "cross-site"}
    assert client.post("/new", headers=other).status_code == 403
    page = client.get(f"{home}/project").text
    sent = post_form(client, f"{home}/project", form_values(page), other)
    assert sent.status_code == 403
    assert client.post(f"{home}/delete", headers=other).status_code == 403
    assert client.get(home).status_code == 200


def test_pages_carry_the_policy_that_allows_their_style(client: TestClient) -> None:
    home = new_draft(client)
    answer = client.get(f"{home}/engagement")
    policy = answer.headers["content-security-policy"]
    assert policy.count("'sha256-") == 4 and "unsafe-inline" not in policy
    assert "form-action 'self'" in policy


def test_drafts_and_results_outlive_the_process(data_dir: Path) -> None:
    """A second app on the same data folder (a restart, another worker)."""
    config = WebConfig(data_dir=str(data_dir))
    with TestClient(create_app(config), base_url="http://iia.test") as first:
        home = new_draft(first)
        checked = first.post(
            "/check",
            files=[("files", ("a.json", VALID[0].read_bytes()))],
            data={"as_of": "2021-09-01"},
        )
        token = re.search(r'/results/([\w-]+)/xlsx"', checked.text)
        assert token
    with TestClient(create_app(config), base_url="http://iia.test") as second:
        assert second.get(home).status_code == 200
        assert second.get(f"/results/{token.group(1)}/json").status_code == 200


def test_every_finding_link_reaches_its_field(client: TestClient) -> None:
    """Error summary and key issue links all land on an element of their page."""
    sample = SAMPLES / "deficient" / "unmitigated-negative-impacts.json"
    home = draft_address(
        upload(client, sample.name, sample.read_bytes()).headers["location"]
    )
    empty = new_draft(client)
    for key in SECTIONS:  # every section saved empty: its problems now show
        save(client, client.get(f"{empty}/{key}").text, f"{empty}/{key}")
    links = 0
    for draft in (home, empty):
        overview = client.get(draft).text
        targets = re.findall(rf'href="{re.escape(draft)}/(\w+)#([^"]+)"', overview)
        for key in SECTIONS:
            page = client.get(f"{draft}/{key}").text
            targets += [(key, t) for t in re.findall(r'href="#([^"]+)"', page)]
        for key, target in targets:
            if target == "content":
                continue
            page = client.get(f"{draft}/{key}").text
            assert f'id="{target}"' in page, (key, target)
            links += 1
    assert links > 20


def test_a_workbook_with_bad_cells_keeps_them_in_view(client: TestClient) -> None:
    workbook = SAMPLES / "deficient-form.xlsx"
    answer = upload(client, workbook.name, workbook.read_bytes())
    home = draft_address(answer.headers["location"])
    page = client.get(f"{home}/actions").text
    # Not a date field (it could not show it) but text, with its finding beside.
    assert 'type="text" id="f/actions/0/due_date"' in page
    assert 'value="31/02/2021"' in page
    assert 'id="f/actions/0/due_date-findings"' in page
