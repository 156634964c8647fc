"""Hostile requests to the web page: odd character sets, clients that go away,
bodies too large, and checks that must not hold up other requests."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import subprocess
import sys
import time
import typing as t

import pytest
from starlette.testclient import TestClient
from starlette.types import Message

from iia_checker.web.app import create_app
from iia_checker.web.checking import Checker, CheckFailed, Job
from iia_checker.web.config import WebConfig

from .conftest import ROOT, SAMPLES

BOUNDARY = "b0undary"
VALID = (
    SAMPLES / "valid" / (sorted(p.name for p in (SAMPLES / "valid").glob("*.json"))[0])
)


@pytest.fixture(scope="module")
def client() -> t.Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def form(part_headers: str = "") -> bytes:
    """A well-formed form with one text field and one small JSON file."""
    return (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=as_of\r\n"
        f"{part_headers}\r\n2021-09-01\r\n"
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=files;"
        ' filename="a.json"\r\nContent-Type: application/json\r\n\r\n{}\r\n'
        f"--{BOUNDARY}--\r\n"
    ).encode()


def send(client: TestClient, body: bytes, charset: str = "") -> t.Any:
    kind = f"multipart/form-data; boundary={BOUNDARY}" + (
        f"; charset={charset}" if charset else ""
    )
    return client.post("/check", content=body, headers={"content-type": kind})


def test_a_plain_form_is_checked(client: TestClient) -> None:
    assert send(client, form(), "utf-8").status_code == 200


NOT_TEXT = ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "no-such-set"]


@pytest.mark.parametrize("charset", NOT_TEXT)
def test_a_request_charset_that_is_no_text_encoding_is_a_400_page(
    client: TestClient, charset: str
) -> None:
    answer = send(client, form(), charset)
    assert answer.status_code == 400
    assert "character set this server cannot read" in answer.text
    assert "Traceback" not in answer.text


@pytest.mark.parametrize("charset", NOT_TEXT)
def test_a_part_charset_that_is_no_text_encoding_is_a_400_page(
    client: TestClient, charset: str
) -> None:
    answer = send(client, form(f"Content-Type: text/plain; charset={charset}\r\n"))
    assert answer.status_code == 400
    assert "character set this server cannot read" in answer.text


def test_a_text_codec_that_cannot_replace_is_a_400_page(client: TestClient) -> None:
    field = (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=format\r\n"
        "Content-Type: text/plain; charset=idna\r\n\r\n"
    ).encode() + b"\xff\xfe\r\n"
    answer = send(client, field + form())
    assert answer.status_code == 400
    assert "cannot be read in its character set" in answer.text


# --- the body: read only when it is within the limits ------------------------


def _scope(headers: dict[str, str]) -> dict[str, t.Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/check",
        "raw_path": b"/check",
        "root_path": "",
        "query_string": b"",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("iia.test", 80),
    }


def _call(
    headers: dict[str, str], messages: list[Message], config: WebConfig | None = None
) -> tuple[int, int]:
    """Status of the answer, and how many messages the app asked for."""
    asked: list[Message] = []
    sent: list[Message] = []

    async def receive() -> Message:
        if len(asked) < len(messages):
            asked.append(messages[len(asked)])
            return asked[-1]
        await asyncio.sleep(3600)  # a client that never sends the rest
        raise AssertionError

    async def send(message: Message) -> None:
        sent.append(message)

    app = create_app(config or WebConfig())
    asyncio.run(asyncio.wait_for(app(_scope(headers), receive, send), 30))
    return sent[0]["status"], len(asked)


MULTIPART = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    config = WebConfig(max_request_bytes=10_000)
    headers = {**MULTIPART, "content-length": "10001"}
    chunk: Message = {"type": "http.request", "body": b"x" * 1000, "more_body": True}
    status, asked = _call(headers, [chunk] * 20, config)
    assert (status, asked) == (413, 0)


def test_a_client_going_away_is_one_log_line(caplog: pytest.LogCaptureFixture) -> None:
    head = form()[:60]
    messages: list[Message] = [
        {"type": "http.request", "body": head, "more_body": True},
        {"type": "http.disconnect"},
    ]
    with caplog.at_level(logging.INFO, logger="iia_checker.web"):
        _call({**MULTIPART, "content-length": "100000"}, messages)
    [record] = [r for r in caplog.records if r.name == "iia_checker.web"]
    assert "client went away after 60 bytes" in record.getMessage()
    assert record.exc_info is None


# --- checks in worker processes ------------------------------------------------


def _slow_pid(job: Job) -> t.Any:
    """The worker's pid, after sleeping the seconds the job names (or dying)."""
    if job.paths[0] == "die":
        os._exit(70)  # as a reader aborting the process would
    time.sleep(float(job.paths[0]))
    return os.getpid()


def _jobs(*seconds: float | str) -> list[Job]:
    return [Job([str(s)], {}, dt.date(2021, 9, 1)) for s in seconds]


def test_a_slow_check_does_not_hold_up_another() -> None:
    checker = Checker(WebConfig(max_checks=2), task=_slow_pid)
    finished: list[float] = []

    async def timed(job: Job) -> t.Any:
        result = await checker.check(job)
        finished.append(float(job.paths[0]))
        return result

    async def both() -> list[t.Any]:
        return list(await asyncio.gather(*map(timed, _jobs(3.0, 0.0))))

    try:
        pids = asyncio.run(both())
    finally:
        checker.close()
    assert finished == [0.0, 3.0]
    assert os.getpid() not in pids


def test_a_worker_that_dies_costs_only_its_request() -> None:
    checker = Checker(WebConfig(max_checks=1), task=_slow_pid)
    try:
        with pytest.raises(CheckFailed, match="The checker stopped"):
            asyncio.run(checker.check(_jobs("die")[0]))
        pid: t.Any = asyncio.run(checker.check(_jobs(0)[0]))  # a fresh pool
        assert pid != os.getpid()
    finally:
        checker.close()


def test_the_page_checks_in_a_worker(client: TestClient) -> None:
    answer = client.post(
        "/check",
        files=[("files", (VALID.name, VALID.read_bytes()))],
        data={"as_of": "2021-09-01"},
    )
    assert answer.status_code == 200
    assert VALID.name in answer.text


ORPHAN = """
import asyncio, datetime as dt, os, sys
from iia_checker.web.checking import Checker, Job
from iia_checker.web.config import WebConfig
from tests.test_web_hostile import _slow_pid
checker = Checker(WebConfig(max_checks=1), task=_slow_pid)
print(asyncio.run(checker.check(Job(["0"], {}, dt.date(2021, 9, 1)))), flush=True)
os._exit(0)  # gone without closing the checker, as if killed
"""


def test_workers_end_when_their_server_is_gone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ORPHAN],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=True,
    )
    worker = int(done.stdout.split()[-1])
    deadline = time.monotonic() + 15
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
