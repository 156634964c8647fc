"""Every bundled sample gives exactly the findings recorded beside it.

``<sample>.expected.json`` holds the as-of date and the (rule id, JSON pointer) pairs
a reviewer expects; regenerate with ``pytest --update-goldens`` and read the diff.
"""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest

from .conftest import SAMPLES, Run

SAMPLE_FILES = sorted(
    p for p in SAMPLES.rglob("*.json") if not p.name.endswith(".expected.json")
)


def expected_path(sample: Path) -> Path:
    return sample.with_suffix(".expected.json")


def actual(
    run: t.Callable[..., Run], sample: Path, as_of: str
) -> tuple[list[list[str]], list[str]]:
    report = run("check", str(sample), "--as-of", as_of, "-f", "json").json()
    [result] = report["submissions"]
    findings = [[f["rule_id"], f["location"]["pointer"]] for f in result["findings"]]
    severities = [f["severity"] for f in result["findings"]]
    return sorted(findings), severities


def render_expected(as_of: str, findings: list[list[str]]) -> str:
    rows = ",\n".join(f"    {json.dumps(pair)}" for pair in findings)
    body = f"[\n{rows}\n  ]" if findings else "[]"
    return f'{{\n  "as_of": "{as_of}",\n  "findings": {body}\n}}\n'


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_sample_gives_its_expected_findings(
    run: t.Callable[..., Run], sample: Path, request: pytest.FixtureRequest
) -> None:
    path = expected_path(sample)
    expected = (
        json.loads(path.read_text())
        if path.exists()
        else {"as_of": "2021-09-01", "findings": []}
    )
    findings, severities = actual(run, sample, str(expected["as_of"]))
    if request.config.getoption("--update-goldens"):
        path.write_text(render_expected(str(expected["as_of"]), findings))
    assert findings == sorted(expected["findings"])
    if sample.parent.name == "valid":
        assert "error" not in severities


def test_there_are_exemplary_and_deficient_samples() -> None:
    assert len([p for p in SAMPLE_FILES if p.parent.name == "valid"]) >= 1
    deficient = [p for p in SAMPLE_FILES if p.parent.name == "deficient"]
    assert len(deficient) >= 6
    assert all(expected_path(p).exists() for p in deficient)


def test_every_deficient_sample_fails_at_least_one_board(
    run: t.Callable[..., Run],
) -> None:
    for sample in SAMPLE_FILES:
        if sample.parent.name == "deficient":
            as_of = json.loads(expected_path(sample).read_text())["as_of"]
            report = run("check", str(sample), "--as-of", as_of, "-f", "json").json()
            assert "fail" in report["submissions"][0]["verdicts"].values(), sample.name
