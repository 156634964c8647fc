"""The self-check web page through Starlette's TestClient: no browser, no server."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import typing as t
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from iia_checker.web.app import create_app
from iia_checker.web.checking import Checker, Job
from iia_checker.web.config import WebConfig
from iia_checker.web.pages import DOWNLOADS
from iia_checker.web.uploads import clean_name

from .conftest import SAMPLES

DEFICIENT = SAMPLES / "deficient" / "unmitigated-negative-impacts.json"
AS_OF = {"as_of": "2021-09-01"}


@pytest.fixture(scope="module")
def client() -> t.Iterator[TestClient]:
    with TestClient(create_app(), base_url="http://iia.test") as test_client:
        yield test_client


def post(client: TestClient, *files: tuple[str, bytes], **fields: str) -> t.Any:
    return client.post(
        "/check",
        files=[("files", (name, data)) for name, data in files],
        data={**AS_OF, **fields},
    )


def token_of(page: str) -> str:
    found = re.search(r'/results/([\w-]+)/xlsx"', page)
    assert found, "no download link on the page"
    return found.group(1)


class Forms(HTMLParser):
    """Every form with its attributes and its named controls."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, t.Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append({**values, "controls": []})
        elif tag in ("input", "select", "button") and self.forms:
            self.forms[-1]["controls"].append(values)


def test_home_page_offers_templates_upload_and_rules(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for link in ("/templates/form.xlsx", "/templates/register.xlsx", "/rules"):
        assert f'href="{link}"' in page.text
    assert '<label for="files">' in page.text
    assert 'aria-describedby="files-hint"' in page.text


def test_every_answer_carries_security_headers(client: TestClient) -> None:
    for answer in (client.get("/"), client.get("/nowhere"), post(client)):
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "default-src 'none'" in policy
        assert "unsafe-inline" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["cache-control"] == "no-store"


def test_plain_form_post_without_javascript_returns_the_results(
    client: TestClient,
) -> None:
    parser = Forms()
    parser.feed(client.get("/").text)
    (form,) = [f for f in parser.forms if f.get("method") == "post"]
    assert (form["action"], form["enctype"]) == ("/check", "multipart/form-data")
    names = {c.get("name") for c in form["controls"]}
    assert {"files", "as_of", "format"} <= names
    page = post(client, (DEFICIENT.name, DEFICIENT.read_bytes()), format="page")
    assert page.status_code == 200
    assert "<h1>IIA check report</h1>" in page.text


def test_json_upload_shows_verdicts_and_located_findings(client: TestClient) -> None:
    page = post(client, (DEFICIENT.name, DEFICIENT.read_bytes())).text
    assert '<span class="badge fail">FAIL</span>' in page
    rows = [row for row in page.split("<tr ") if "EQ-022" in row]
    assert rows, "EQ-022 is not on the page"
    assert re.search(r"<code>unmitigated-negative-impacts\.json:\d+:\d+ ", rows[0])
    assert "/equality_impacts/0/action_ids" in rows[0]
    assert "What to do" in page and "Bracking" in rows[0]
    assert tempfile.gettempdir() not in page


def test_several_files_each_get_a_verdict(client: TestClient) -> None:
    valid = SAMPLES / "valid" / "digital-appointments.json"
    page = post(
        client,
        (DEFICIENT.name, DEFICIENT.read_bytes()),
        (valid.name, valid.read_bytes()),
    ).text
    assert '<th scope="row">unmitigated-negative-impacts.json</th>' in page
    assert '<th scope="row">digital-appointments.json</th>' in page


def test_register_workbook_lists_every_project(client: TestClient) -> None:
    register = SAMPLES / "valid-register.xlsx"
    page = post(client, (register.name, register.read_bytes())).text
    rows = re.findall(r'<tr data-project="([^"]+)">', page)
    assert len(rows) > 1
    assert len(rows) == len(set(rows))


def test_serve_command_and_settings_round_trip(run: t.Callable[..., t.Any]) -> None:
    shown = run("serve", "--help")
    for option in ("--max-upload-bytes", "--max-request-bytes", "--keep-uploads"):
        assert option in shown.stdout
    config = WebConfig(max_upload_bytes=5, rules_dirs=("a", "b"))
    assert WebConfig.from_env({"IIA_CHECK_WEB_CONFIG": config.to_env()}) == config
    assert WebConfig.from_env({}) == WebConfig()


def test_many_files_in_one_post(client: TestClient) -> None:
    data = DEFICIENT.read_bytes()
    files = [(f"project-{i:03d}.json", data) for i in range(150)]
    page = post(client, *files).text
    assert page.count('<th scope="row">project-') == 150


def test_unreadable_file_is_a_clear_input_error_not_a_crash(client: TestClient) -> None:
    page = post(
        client,
        ("broken.json", b'{"project": {"id": "X",}'),
        ("notes.txt", b"hello"),
        ("fake.xlsx", b"this is not a zip"),
        ("register.csv", b"Project ID,Title\n"),
    )
    assert page.status_code == 200
    assert "input.unreadable" in page.text
    assert "input.unsupported" in page.text
    assert ".txt files cannot be checked" in page.text
    assert "copy the values into the form template" in page.text
    assert "broken.json:1:" in page.text


def test_oversized_file_is_refused_with_413() -> None:
    config = WebConfig(max_upload_bytes=1000, max_request_bytes=100_000)
    with TestClient(create_app(config)) as small:
        answer = post(small, ("big.json", b" " * 2000 + b"{}"))
    assert answer.status_code == 413
    assert "big.json is larger than 1,000 bytes" in answer.text


def test_oversized_request_is_refused_with_413_while_streaming() -> None:
    config = WebConfig(max_upload_bytes=1000, max_request_bytes=2500)
    files = [(f"part{i}.json", b"{}" + b" " * 900) for i in range(4)]
    with TestClient(create_app(config)) as small:
        answer = post(small, *files)
    assert answer.status_code == 413
    assert "larger than 2,500 bytes in all" in answer.text


def test_request_limit_holds_without_a_content_length() -> None:
    boundary = "b0undary"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=files;"
        ' filename="a.json"\r\n\r\n'
    ).encode()

    def body() -> t.Iterator[bytes]:
        yield head
        for _ in range(50):  # 50 KiB, never finished: the server must stop first
            yield b" " * 1024

    config = WebConfig(max_upload_bytes=100_000, max_request_bytes=10_000)
    with TestClient(create_app(config)) as small:
        answer = small.post(
            "/check",
            content=body(),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
    assert answer.status_code == 413


def test_uploaded_markup_is_never_rendered(client: TestClient) -> None:
    data = json.loads(DEFICIENT.read_text(encoding="utf-8"))
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'
    data["project"]["title"] = evil
    data["project"]["id"] = evil
    data["equality_impacts"][0]["characteristic"] = evil
    name = '<script>alert("f")</script>.json'
    page = post(client, (name, json.dumps(data).encode())).text
    assert page.count("<script") == 1  # the page's own, hashed filter script
    assert "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_every_report_format_downloads(client: TestClient) -> None:
    token = token_of(post(client, (DEFICIENT.name, DEFICIENT.read_bytes())).text)
    got = {fmt: client.get(f"/results/{token}/{fmt}") for fmt in DOWNLOADS}
    for fmt, answer in got.items():
        assert answer.status_code == 200, fmt
        assert f'filename="iia-report.{fmt}"' in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(got["xlsx"].content), read_only=True)
    assert "Findings" in book.sheetnames
    rows = list(csv.DictReader(io.StringIO(got["csv"].text.lstrip("\ufeff"))))
    assert {row["Rule id"] for row in rows} >= {"EQ-022"}
    located = [r["Location"] for r in rows if r["Rule id"] == "EQ-022"]
    assert located[0].startswith("unmitigated-negative-impacts.json:")
    assert json.loads(got["json"].text)["submissions"][0]["findings"]
    assert json.loads(got["sarif"].text)["version"] == "2.1.0"
    assert "<h1>IIA check report</h1>" in got["html"].text


def test_format_chosen_on_the_form_downloads_at_once(client: TestClient) -> None:
    answer = post(client, (DEFICIENT.name, DEFICIENT.read_bytes()), format="sarif")
    assert answer.headers["content-type"].startswith("application/sarif+json")
    assert json.loads(answer.text)["runs"][0]["results"]


def test_unknown_or_expired_result_says_so(client: TestClient) -> None:
    assert client.get("/results/nothing/xlsx").status_code == 410
    assert "expired" in client.get("/results/nothing").text
    assert client.get("/results/nothing/exe").status_code == 404


def test_missing_file_and_bad_date_are_tied_to_their_fields(client: TestClient) -> None:
    answer = client.post(
        "/check", files=[("files", ("", b""))], data={"as_of": "1 Sept"}
    )
    assert answer.status_code == 400
    page = answer.text
    assert 'aria-describedby="files-hint files-error"' in page
    assert 'aria-describedby="as_of-hint as_of-error"' in page
    assert 'id="files-error"' in page and 'id="as_of-error"' in page
    assert 'href="#files"' in page and 'value="1 Sept"' in page
    assert "<title>Error: " in page


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    sample = (DEFICIENT.name, DEFICIENT.read_bytes())
    files = [("files", sample)]
    refused = [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://evil.example"},
        {"origin": "null"},
    ]
    for headers in refused:
        answer = client.post("/check", files=files, data=AS_OF, headers=headers)
        assert answer.status_code == 403, headers
    allowed = [{"sec-fetch-site": "same-origin"}, {"origin": "http://iia.test"}]
    for headers in allowed:
        answer = client.post("/check", files=files, data=AS_OF, headers=headers)
        assert answer.status_code == 200, headers


def test_failing_request_gets_a_500_page_and_the_next_one_works(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = Checker.check
    calls: list[int] = []

    async def flaky(self: Checker, job: Job) -> t.Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        return await real(self, job)

    monkeypatch.setattr(Checker, "check", flaky)
    sample = (DEFICIENT.name, DEFICIENT.read_bytes())
    with TestClient(create_app(), raise_server_exceptions=False) as fresh:
        failed = post(fresh, sample)
        assert failed.status_code == 500
        assert "internal error (RuntimeError)" in failed.text
        assert "disk on fire" not in failed.text
        assert "Traceback" not in failed.text
        assert post(fresh, sample).status_code == 200
    assert any("disk on fire" in r.getMessage() for r in caplog.records)


def test_nothing_is_left_on_disk(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    post(client, (DEFICIENT.name, DEFICIENT.read_bytes()))
    post(client, ("big.json", b"{"))
    assert list(tmp_path.iterdir()) == []


def test_keep_uploads_copies_what_was_posted(tmp_path: Path) -> None:
    with TestClient(create_app(WebConfig(keep_uploads=str(tmp_path)))) as keeping:
        post(keeping, ("../../etc/passwd.json", b"{}"))
    kept = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert kept == ["passwd.json"]


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\form.xlsx", "form.xlsx"),
        ("..", "upload-3"),
        ("a<b>\x00c.json", "a_b__c.json"),
    ],
)
def test_uploaded_names_are_cleaned(given: str, saved: str) -> None:
    assert clean_name(given, 3) == saved


def test_templates_download(client: TestClient) -> None:
    form = client.get("/templates/form.xlsx")
    assert form.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(form.content))
    assert "Instructions" in book.sheetnames
    register = client.get("/templates/register.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(register.content)).sheetnames
    skeleton = client.get("/templates/skeleton.json").json()
    assert "project" in skeleton
    assert client.get("/templates/other.xlsx").status_code == 404


def test_rule_catalogue_and_explanations(client: TestClient) -> None:
    catalogue = client.get("/rules").text
    assert 'href="/rules/EQ-022"' in catalogue
    rule = client.get("/rules/eq-022")
    assert rule.status_code == 200
    assert "Negative impacts mitigated or justified" in rule.text
    assert "Legal and policy basis" in rule.text
    assert "Defined in" not in rule.text
    missing = client.get("/rules/NOPE-1")
    assert missing.status_code == 404 and "Page not found" in missing.text


def test_wrong_method_and_wrong_body_are_pages_not_crashes(client: TestClient) -> None:
    assert client.get("/check").status_code == 405
    answer = client.post(
        "/check", content=b"x=1", headers={"content-type": "text/plain"}
    )
    assert answer.status_code == 400 and "multipart/form-data" in answer.text


def test_a_form_saved_as_ods_is_checked_on_the_page(
    client: TestClient, tmp_path: Path
) -> None:
    from iia_checker.workbooks.convert import json_to_workbook

    from .ods_files import from_workbook

    form = tmp_path / "form.xlsx"
    sample = SAMPLES / "valid" / "digital-appointments.json"
    json_to_workbook([json.loads(sample.read_text())], form, "form")
    ods = from_workbook(openpyxl.load_workbook(form))
    page = post(client, ("Appointments IIA.ods", ods))
    assert page.status_code == 200
    assert "DF-2021-014" in page.text
    assert "input.unsupported" not in page.text and "input.unreadable" not in page.text
