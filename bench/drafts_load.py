"""20 drafts edited at once against the real server: no save may be lost.

Starts ``iia-check serve`` (two workers, one ``--data-dir``) on a free loopback
port. Each of 20 clients creates a draft and saves its Project page ``--rounds``
times, each save naming a new title; a second client ("another tab") saves the
same draft at the same time. Every save must either be kept (303) or refused
with a message (409); afterwards each draft's version must equal one plus its
kept saves, and its title must be one that a kept save wrote last. Prints times.

    python bench/drafts_load.py [--drafts 20] [--rounds 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import json
import re
import statistics
import sys
import tempfile
import threading
import time
import typing as t
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.web_server import running_server  # noqa: E402

FORM = {"content-type": "application/x-www-form-urlencoded"}


def request(
    base: str, method: str, path: str, body: str = ""
) -> tuple[int, dict[str, str], str]:
    """One request on a fresh connection, no redirects followed."""
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=120)
    try:
        connection.request(method, path, body=body or None, headers=FORM)
        answer = connection.getresponse()
        text = answer.read().decode("utf-8")
        return answer.status, dict(answer.getheaders()), text
    finally:
        connection.close()


class Editor:
    """One draft, edited by two tabs at once; tallies what each save answered."""

    def __init__(self, base: str, number: int) -> None:
        self.base, self.number = base, number
        status, headers, _ = request(base, "POST", "/new")
        assert status == 303, status
        self.home = headers["location"]
        self.lock = threading.Lock()
        self.kept: list[tuple[int, str]] = []  # (version saved over, title)
        self.refused = 0
        self.times: list[float] = []

    def save(self, tab: str, round_number: int) -> None:
        """Open the Project page and save it with a new title."""
        _, _, page = request(self.base, "GET", f"{self.home}/project")
        found = re.search(r'name="version" value="(\d+)"', page)
        assert found, "no version on the page"
        title = f"draft {self.number} {tab} round {round_number}"
        body = urlencode({"version": found.group(1), "/project/title": title})
        started = time.perf_counter()
        status, _, text = request(self.base, "POST", f"{self.home}/project", body)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times.append(elapsed)
            if status == 303:
                self.kept.append((int(found.group(1)), title))
            elif status == 409 and "saved from another tab" in text:
                self.refused += 1
            else:
                raise AssertionError(f"save answered {status}")

    def verify(self) -> None:
        """Each kept save moved the version on by one; the last one's title stays."""
        _, _, text = request(self.base, "GET", f"{self.home}/submission.json")
        title = json.loads(text)["project"]["title"]
        _, _, page = request(self.base, "GET", f"{self.home}/project")
        found = re.search(r'name="version" value="(\d+)"', page)
        assert found
        version = int(found.group(1))
        versions = sorted(v for v, _ in self.kept)
        assert versions == list(range(1, version)), (versions, version)
        assert title == max(self.kept)[1], (title, max(self.kept))


def run(drafts: int, rounds: int, workers: int) -> dict[str, t.Any]:
    """Edit ``drafts`` drafts at once; the tallies and times."""
    with tempfile.TemporaryDirectory() as data:
        options = ("--data-dir", data, "--workers", str(workers))
        with running_server(*options) as base:
            editors = [Editor(base, n) for n in range(drafts)]
            started = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(2 * drafts) as pool:
                jobs = [
                    pool.submit(_edit, editor, tab, rounds)
                    for editor in editors
                    for tab in ("tab-a", "tab-b")
                ]
                for job in jobs:
                    job.result()
            wall = time.perf_counter() - started
            for editor in editors:
                editor.verify()
    times = [s for e in editors for s in e.times]
    return {
        "saves": len(times),
        "kept": sum(len(e.kept) for e in editors),
        "refused with a message": sum(e.refused for e in editors),
        "wall_s": round(wall, 2),
        "save_median_s": round(statistics.median(times), 3),
        "save_max_s": round(max(times), 3),
    }


def _edit(editor: Editor, tab: str, rounds: int) -> None:
    for round_number in range(rounds):
        editor.save(tab, round_number)


def main() -> None:
    """Parse options, run, print the tallies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    print(json.dumps(run(options.drafts, options.rounds, options.workers), indent=2))


if __name__ == "__main__":
    main()
