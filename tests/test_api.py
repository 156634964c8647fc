"""The Python API (``from iia_checker import check``) and the shipped typing and
configuration schema."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import typing as t
from pathlib import Path

import iia_checker
from iia_checker import RuleSetting, Severity, check
from iia_checker.run.config_file import config_json_schema

from .conftest import ROOT, SAMPLES, VALID_SAMPLE, Run

RunFn = t.Callable[..., Run]
AS_OF = dt.date(2021, 9, 1)
DEFICIENT = SAMPLES / "deficient" / "unmitigated-negative-impacts.json"


def test_check_on_a_file_gives_what_the_command_line_gives(run: RunFn) -> None:
    report = check(DEFICIENT, as_of=AS_OF)
    cli = run("check", str(DEFICIENT), "--as-of", "2021-09-01", "-f", "json").json()
    expected = [
        (f["rule_id"], f["location"]["pointer"])
        for f in cli["submissions"][0]["findings"]
    ]
    found = [(f.rule_id, f.location.pointer) for f in report.findings()]
    assert found == expected
    assert report.provenance["as_of"] == "2021-09-01"


def test_parsed_submissions_and_files_keep_their_order(
    valid_data: dict[str, t.Any],
) -> None:
    deficient = json.loads(DEFICIENT.read_text(encoding="utf-8"))
    report = check([deficient, VALID_SAMPLE, valid_data], as_of=AS_OF)
    assert [r.source for r in report.results] == [
        "<submission 1>",
        str(VALID_SAMPLE),
        "<submission 3>",
    ]
    from_file = check([DEFICIENT], as_of=AS_OF)
    assert {f.rule_id for f in report.results[0].findings} == {
        f.rule_id for f in from_file.results[0].findings
    }
    assert report.results[2].findings == ()


def test_an_unreadable_path_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    report = check([broken, VALID_SAMPLE], as_of=AS_OF)
    assert [r.readable for r in report.results] == [False, True]
    assert report.results[0].findings[0].rule_id.startswith("input.")


def test_rule_settings_and_packs_are_arguments() -> None:
    setting = RuleSetting("Board decision: reviewed at gate 2", Severity.WARNING)
    report = check(DEFICIENT, as_of=AS_OF, rule_settings={"EQ-022": setting})
    assert {f.severity for f in report.findings() if f.rule_id == "EQ-022"} == {
        Severity.WARNING
    }
    assert report.provenance["rule_changes"][0]["change"] == "severity"


def test_the_package_is_typed_and_ships_its_marker() -> None:
    assert (Path(iia_checker.__file__).parent / "py.typed").is_file()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in project["tool"]["setuptools"]["package-data"]["iia_checker"]
    for name in iia_checker.__all__:
        assert getattr(iia_checker, name) is not None


def test_committed_config_schema_is_current() -> None:
    committed = json.loads((ROOT / "schemas" / "config.schema.json").read_text())
    assert committed == config_json_schema(), (
        "run: iia-check config schema > schemas/config.schema.json"
    )


def test_the_documented_configuration_matches_the_schema() -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(config_json_schema())
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```toml\n(.*?)```", docs, flags=re.DOTALL)
    assert list(validator.iter_errors(tomllib.loads(example))) == []
    wrong = {"rules": ["x"], "rule": {"EQ-017": {"severity": "warning"}}}
    assert [e.message for e in validator.iter_errors(wrong)] == [
        "'reason' is a required property"
    ]
