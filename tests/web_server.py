"""Start the real ``iia-check serve`` on a free loopback port, for tests and bench."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import typing as t
import urllib.request


def free_port() -> int:
    """A port nobody listens on now (the kernel's choice, on loopback)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(*options: str, wait: float = 60.0) -> t.Iterator[str]:
    """The base URL of a server running for the ``with`` block, then stopped."""
    port = free_port()
    command = [sys.executable, "-m", "iia_checker", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # Its own process group, so worker processes are stopped with it.
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, wait)
        yield base
    finally:
        _stop(server)
        if server.stderr:
            server.stderr.close()


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:  # still busy with a check: no grace left
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _wait_until_up(base: str, server: subprocess.Popen[bytes], wait: float) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode() if server.stderr else ""
            raise RuntimeError(f"the server stopped: {error}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {wait} s")
