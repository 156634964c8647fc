"""Load on the real web server: 20 concurrent uploads of a 1,000-project register.

Starts ``iia-check serve`` under uvicorn on a free loopback port, writes the
register with the Excel converter (``convert.json_to_workbook``, register layout)
from the valid sample with 1,000 project ids, posts it ``--requests`` times at once
as a plain form post, checks every answer is a results page listing every project,
polls ``/healthz`` meanwhile, and prints per-request times. Stops by itself.

Before the load, ``--pairs`` times in turn (A B, B A, ...), one upload alone
against ``iia-check check --jobs 1`` on the same file as a fresh process (one
upload is checked in one worker process): the medians and the median of the
per-pair ratios, page over command line (issue 19: at most 1.2x).

    python bench/web_load.py [--requests 20] [--projects 1000] [--workers 1]
    python bench/web_load.py --register /tmp/bench/reg1k.xlsx --requests 0
"""

from __future__ import annotations

import argparse
import concurrent.futures
import copy
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.web_server import running_server  # noqa: E402

from iia_checker.workbooks.convert import json_to_workbook  # noqa: E402

SAMPLE = ROOT / "samples" / "valid" / "digital-appointments.json"


def write_register(path: Path, projects: int) -> None:
    """A register workbook of ``projects`` copies of the valid sample, ids unique."""
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    submissions = []
    for index in range(projects):
        data = copy.deepcopy(base)
        data["project"]["id"] = f"DF-2021-{index:04d}"
        submissions.append(data)
    json_to_workbook(submissions, path, "register")


def form_body(path: Path) -> tuple[bytes, str]:
    """A multipart body as a browser sends it: the file, the date, the format."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n'
        "2021-09-01\r\n",
        f'--{boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\n'
        "page\r\n",
        f'--{boundary}\r\nContent-Disposition: form-data; name="files";'
        f' filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n',
    ]
    body = "".join(parts).encode() + path.read_bytes()
    body += f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post(url: str, body: bytes, kind: str, projects: int) -> float:
    """Seconds one upload took; raises if the answer is not a full results page."""
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": kind}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=1800) as answer:
        page = answer.read().decode("utf-8")
        status = answer.status
    took = time.perf_counter() - started
    rows = len(re.findall(r'<tr data-project="[^"]*">', page))  # a project's row
    if status != 200 or rows != projects:
        raise RuntimeError(f"status {status}, {rows} of {projects} projects shown")
    return took


def poll_health(base: str, stop: threading.Event, delays: list[float]) -> None:
    """How long /healthz takes while the checks run (is the server responsive?)."""
    while not stop.wait(0.5):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/healthz", timeout=60) as answer:
            answer.read()
        delays.append(time.perf_counter() - started)


def percentile(values: t.Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered) + 0.5) - 1)]


def main() -> None:
    """Run the load and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument(
        "--register", type=Path, help="an existing register of --projects (read only)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        register = args.register or Path(folder) / "register.xlsx"
        if args.register is None:
            started = time.perf_counter()
            write_register(register, args.projects)
            print(
                f"register: {args.projects} projects, {register.stat().st_size:,}"
                f" bytes, written in {time.perf_counter() - started:.1f} s"
            )
        body, kind = form_body(register)
        options = ("--workers", str(args.workers))
        with running_server(*options) as base:
            single = post(f"{base}/check", body, kind, args.projects)
            print(f"one upload alone (the first, workers starting): {single:.2f} s")
            against_cli(base, body, kind, register, args, Path(folder))
            if not args.requests:
                return
            times, delays, wall = load(base, body, kind, args)
    print(
        f"{len(times)} concurrent uploads, {args.workers} worker(s), all succeeded;"
        f" wall {wall:.1f} s"
    )
    print(
        f"per request: median {statistics.median(times):.1f} s,"
        f" p95 {percentile(times, 0.95):.1f} s, max {max(times):.1f} s"
    )
    if delays:
        median, worst = statistics.median(delays), max(delays)
        print(
            f"/healthz meanwhile: {len(delays)} polls, median"
            f" {median * 1000:.0f} ms, max {worst * 1000:.0f} ms"
        )


def against_cli(
    base: str,
    body: bytes,
    kind: str,
    register: Path,
    args: argparse.Namespace,
    folder: Path,
) -> None:
    """One upload alone against the command line on the same file, in turns."""
    command = [sys.executable, "-m", "iia_checker", "check", "--as-of", "2021-09-01"]
    command += ["--jobs", "1", "-f", "json", "-o", str(folder / "r.json")]
    command.append(str(register))

    def cli() -> float:
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        return time.perf_counter() - started

    def page() -> float:
        return post(f"{base}/check", body, kind, args.projects)

    pairs = []
    for number in range(args.pairs):
        if number % 2:
            web, line = page(), cli()
        else:
            line, web = cli(), page()
        pairs.append((web, line))
        print(f"pair {number + 1}: page {web:.2f} s, command line {line:.2f} s")
    ratios = [web / line for web, line in pairs]
    print(
        f"page {statistics.median(w for w, _ in pairs):.2f} s,"
        f" command line --jobs 1 {statistics.median(c for _, c in pairs):.2f} s"
        f" (medians); page/command line: median {statistics.median(ratios):.2f}x"
        f" (pairs {', '.join(f'{r:.2f}' for r in ratios)})"
    )


def load(
    base: str, body: bytes, kind: str, args: argparse.Namespace
) -> tuple[list[float], list[float], float]:
    """Post ``args.requests`` uploads at once; their times, health delays, wall."""
    stop, delays = threading.Event(), list[float]()
    health = threading.Thread(target=poll_health, args=(base, stop, delays))
    health.start()
    started = time.perf_counter()
    try:
        with concurrent.futures.ThreadPoolExecutor(args.requests) as pool:
            futures = [
                pool.submit(post, f"{base}/check", body, kind, args.projects)
                for _ in range(args.requests)
            ]
            times = [future.result() for future in futures]
    finally:
        stop.set()
        health.join()
    return times, delays, time.perf_counter() - started


if __name__ == "__main__":
    main()
