"""The version the tool reports, the one pyproject.toml declares and every
release the docs tell users to pin are the same (the lead tags it on release)."""

from __future__ import annotations

import re
import tomllib

from click.testing import CliRunner

from iia_checker import __version__
from iia_checker.cli import cli

from .conftest import ROOT

#: ``rev: v0.1.0`` (pre-commit) and ``iia-checker...@v0.1.0`` (pip from git).
PIN = re.compile(r"(?:\brev:\s*|iia-checker(?:\.git)?@)v(\d+\.\d+\.\d+\S*?)\b")
PINNED_FILES = ("README.md", "docs/ci.md", ".pre-commit-hooks.yaml")


def declared_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(project["project"]["version"])


def test_version_option_agrees_with_pyproject() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.stdout == f"iia-check, version {declared_version()}\n"
    assert __version__ == declared_version()


def test_every_pinned_release_in_the_docs_is_the_declared_version() -> None:
    pins = {
        (name, version)
        for name in PINNED_FILES
        for version in PIN.findall((ROOT / name).read_text(encoding="utf-8"))
    }
    assert {name for name, _ in pins} >= {"docs/ci.md", ".pre-commit-hooks.yaml"}
    assert {version for _, version in pins} == {declared_version()}, pins
