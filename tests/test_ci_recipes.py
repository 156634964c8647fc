"""The CI recipes and pre-commit hooks we publish parse and use real options."""

from __future__ import annotations

import re
import shlex
import typing as t

import click
import yaml

from iia_checker.cli import cli

from .conftest import ROOT

DOC = ROOT / "docs" / "ci.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def commands_in(text: str) -> list[list[str]]:
    found = []
    for match in re.finditer(r"iia-check ([^\n\"]*(?:\n {10}[^\n]*)*)", text):
        words = shlex.split(match.group(1).replace("\n", " "))
        found.append(words)
    return found


def assert_parses(words: list[str]) -> None:
    group_ctx = cli.make_context("iia-check", list(words), resilient_parsing=False)
    command: t.Any = cli
    args = list(words)
    ctx: click.Context = group_ctx
    while isinstance(command, click.Group):
        name, command, args = command.resolve_command(ctx, args)
        ctx = command.make_context(name, args, parent=ctx)


def test_github_and_gitlab_recipes_are_valid_yaml_with_the_parts_ci_reads() -> None:
    github, gitlab, pre_commit = (yaml.safe_load(b) for b in blocks("yaml"))
    steps = github["jobs"]["iia"]["steps"]
    assert any(
        s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps
    )
    assert gitlab["iia-check"]["artifacts"]["reports"]["junit"] == "iia-junit.xml"
    assert pre_commit["repos"][0]["hooks"][0]["id"] == "iia-check"


def test_every_iia_check_command_in_the_docs_parses() -> None:
    words = [w for block in blocks("yaml") + blocks("sh") for w in commands_in(block)]
    assert len(words) >= 3
    for command in words:
        assert_parses(command)


def test_pre_commit_hooks_use_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"iia-check", "iia-rules-test", "iia-rules-docs"}
    for hook in hooks:
        entry = shlex.split(hook["entry"])
        assert entry[0] == "iia-check"
        extra = (
            ["samples/valid/digital-appointments.json"]
            if hook.get("pass_filenames", True)
            else []
        )
        assert_parses(entry[1:] + extra)
