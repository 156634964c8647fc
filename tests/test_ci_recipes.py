"""The CI recipes and pre-commit hooks we publish parse and use real options."""

from __future__ import annotations

import re
import shlex
import shutil
import typing as t
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

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


def recipes() -> dict[str, t.Any]:
    """The GitHub workflow, the GitLab job, the waivers file and the pre-commit config."""
    github, waivers, gitlab, pre_commit = (yaml.safe_load(b) for b in blocks("yaml"))
    return {"github": github, "waivers": waivers, "gitlab": gitlab, "pre": pre_commit}


def test_github_and_gitlab_recipes_are_valid_yaml_with_the_parts_ci_reads() -> None:
    found = recipes()
    github, gitlab, pre_commit = found["github"], found["gitlab"], found["pre"]
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


def shown_output(name: str) -> list[str]:
    """The lines of the ``<!-- output: NAME -->`` block of docs/ci.md."""
    pattern = rf"<!-- output: {name} -->\n```text\n(.*?)```"
    [block] = re.findall(pattern, DOC.read_text(), flags=re.DOTALL)
    return str(block).splitlines()


def assert_shown(lines: list[str], shown: list[str]) -> None:
    """Each line as docs/ci.md shows it; a shown line ending "..." is a prefix."""
    assert len(lines) == len(shown), "\n".join(lines)
    for line, expected in zip(lines, shown, strict=True):
        if expected.endswith("..."):
            assert line.startswith(expected.removesuffix("...")), line
        else:
            assert line == expected


@pytest.fixture
def ci_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository the docs describe: two submissions and the waivers file."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    for sample in (
        "valid/digital-appointments",
        "deficient/unmitigated-negative-impacts",
    ):
        source = ROOT / "samples" / f"{sample}.json"
        shutil.copy(source, folder / source.name)
    waivers = recipes()["waivers"]
    (tmp_path / "waivers.yaml").write_text(yaml.safe_dump(waivers))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IIA_CHECK_DETERMINISTIC", "1")
    return tmp_path


def recipe_words(script: str) -> list[str]:
    """The arguments of the recipe's ``iia-check`` command, pinned to the docs' date."""
    [words] = commands_in(script)
    return [*words, "--as-of", "2021-09-01"]


def test_the_github_recipe_logs_and_summarises_as_documented(
    ci_repository: Path,
) -> None:
    steps = recipes()["github"]["jobs"]["iia"]["steps"]
    [script] = [s["run"] for s in steps if s.get("name") == "Check submissions"]
    summary = ci_repository / "step-summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "CI": "true"}
    result = CliRunner().invoke(cli, recipe_words(script), env=env)
    assert result.exit_code == 0
    assert_shown(
        result.stdout.splitlines() + result.stderr.splitlines(),
        shown_output("github-log"),
    )
    shown = shown_output("github-summary")
    assert summary.read_text().splitlines()[: len(shown)] == shown
    assert (ci_repository / "iia.sarif").is_file()
    assert (ci_repository / "iia-review.xlsx").is_file()


def test_the_gitlab_recipe_ends_its_log_as_documented(ci_repository: Path) -> None:
    (ci_repository / "waivers.yaml").unlink()
    [script] = [
        line
        for line in recipes()["gitlab"]["iia-check"]["script"]
        if line.startswith("iia-check ")
    ]
    env = {"GITLAB_CI": "true", "CI": "true"}
    result = CliRunner().invoke(cli, recipe_words(script), env=env)
    assert result.exit_code == 1
    shown = shown_output("gitlab-log-tail")
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    assert_shown(lines[-len(shown) :], shown)
    assert (ci_repository / "iia-junit.xml").is_file()


def test_quiet_silences_the_summary_and_verbose_adds_timing(
    ci_repository: Path,
) -> None:
    base = ["check", "submissions/", "-o", "json:r.json", "--as-of", "2021-09-01"]
    quiet = CliRunner().invoke(cli, [*base, "--quiet"])
    assert (quiet.stdout, quiet.stderr) == ("", "")
    verbose = CliRunner().invoke(
        cli, [*base, "--verbose"], env={"IIA_CHECK_DETERMINISTIC": ""}
    )
    assert re.search(r"iia-check: in \d+\.\d\d s; \d+ rules", verbose.stderr)
