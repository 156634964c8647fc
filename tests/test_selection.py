"""A rule selection that selects nothing is a usage error, wherever it was set."""

from __future__ import annotations

import shutil
import typing as t
from pathlib import Path

import pytest

from iia_checker.resources import default_rules_dir

from .conftest import VALID_SAMPLE, Run

Invoke = t.Callable[..., Run]


@pytest.mark.parametrize(
    ("options", "named", "closest"),
    [
        (["--tag", "equalty"], '"equalty"', '"equality"'),
        (["--tag", "equality", "--tag", "climte"], '"climte"', '"climate"'),
        (["--select", "ZZ-*"], '"ZZ-*"', '"EQ-001"'),
        (["--select", "EQ-0l1"], '"EQ-0l1"', "did you mean"),
    ],
)
def test_an_unknown_tag_or_pattern_is_refused_with_the_closest_name(
    run: Invoke, options: list[str], named: str, closest: str
) -> None:
    result = run("check", str(VALID_SAMPLE), *options)
    assert result.exit_code == 2
    assert named in result.stderr and closest in result.stderr
    assert "command line" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_combination_that_selects_nothing_is_refused(run: Invoke) -> None:
    result = run(
        "check", str(VALID_SAMPLE), "--tag", "procurement", "--select", "EQ-02*"
    )
    assert result.exit_code == 2
    assert "no rule matches" in result.stderr and "procurement" in result.stderr


def test_a_mistyped_tag_in_a_configuration_file_is_refused(
    run: Invoke, tmp_path: Path
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.iia-checker]\ntags = ["equalty"]\n', encoding="utf-8")
    result = run("check", str(VALID_SAMPLE), "--config", str(config))
    assert result.exit_code == 2
    assert '"equalty"' in result.stderr and str(config) in result.stderr


def test_a_profile_that_selects_nothing_is_refused(run: Invoke, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    profile = (
        "profiles:\n  empty:\n    description: selects no rule at all\n"
        "    tags: [procurement]\n    select: [EQ-02*]\n"
    )
    (rules / "profiles.yaml").write_text(profile, encoding="utf-8")
    result = run(
        "check",
        str(VALID_SAMPLE),
        *("--rules", str(rules), "--no-bundled-rules"),
        *("--profile", "empty"),
    )
    assert result.exit_code == 2
    assert "no rule matches" in result.stderr and "profile empty" in result.stderr


def test_a_valid_selection_still_runs(run: Invoke) -> None:
    result = run("check", str(VALID_SAMPLE), "--tag", "equality", "-f", "json")
    assert result.exit_code == 0
    assert result.json()["submissions"][0]["outcomes"]


def test_rules_list_refuses_an_unknown_tag_too(run: Invoke) -> None:
    result = run("rules", "list", "--tag", "equalty")
    assert result.exit_code == 2 and '"equality"' in result.stderr
