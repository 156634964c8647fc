"""Every bundled sample gives exactly the findings recorded beside it.

``tests/expected/<folder>/<sample>.json`` holds the as-of date and the (rule id,
JSON pointer) pairs a reviewer expects; regenerate with ``pytest --update-goldens`` and read the diff.
Samples that share an as-of date are checked in one run of the CLI.
"""

from __future__ import annotations

import json
import typing as t
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from iia_checker.cli import cli

from .conftest import SAMPLES, expected_path

#: The team's own samples; ``samples/real`` (published assessments) has its own test.
SAMPLE_FILES = sorted(
    path
    for folder in ("valid", "deficient")
    for path in (SAMPLES / folder).glob("*.json")
)
DEFAULT_AS_OF = "2021-09-01"


def expected_of(sample: Path) -> dict[str, t.Any]:
    path = expected_path(sample)
    if path.exists():
        return t.cast(dict[str, t.Any], json.loads(path.read_text()))
    return {"as_of": DEFAULT_AS_OF, "findings": []}


@pytest.fixture(scope="module")
def results() -> dict[Path, dict[str, t.Any]]:
    """Each sample's JSON result, from one CLI run per as-of date."""
    by_date: dict[str, list[Path]] = defaultdict(list)
    for sample in SAMPLE_FILES:
        by_date[str(expected_of(sample)["as_of"])].append(sample)
    found: dict[Path, dict[str, t.Any]] = {}
    for as_of, samples in by_date.items():
        args = ["check", *map(str, samples), "--as-of", as_of, "-f", "json"]
        output = CliRunner(env={"IIA_CHECK_DETERMINISTIC": "1"}).invoke(cli, args)
        for result in json.loads(output.stdout)["submissions"]:
            found[Path(result["source"])] = result
    return found


def render_expected(as_of: str, findings: list[list[str]]) -> str:
    rows = ",\n".join(f"    {json.dumps(pair)}" for pair in findings)
    body = f"[\n{rows}\n  ]" if findings else "[]"
    return f'{{\n  "as_of": "{as_of}",\n  "findings": {body}\n}}\n'


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_sample_gives_its_expected_findings(
    results: dict[Path, dict[str, t.Any]],
    sample: Path,
    request: pytest.FixtureRequest,
) -> None:
    expected = expected_of(sample)
    result = results[sample]
    findings = sorted(
        [f["rule_id"], f["location"]["pointer"]] for f in result["findings"]
    )
    if request.config.getoption("--update-goldens"):
        expected_path(sample).write_text(
            render_expected(str(expected["as_of"]), findings)
        )
    assert findings == sorted(expected["findings"])
    if sample.parent.name == "valid":
        assert "error" not in {f["severity"] for f in result["findings"]}
        assert set(result["verdicts"].values()) == {"pass"}
    else:
        assert "fail" in result["verdicts"].values(), "a deficient sample fails a board"


def test_there_are_exemplary_and_deficient_samples() -> None:
    assert len([p for p in SAMPLE_FILES if p.parent.name == "valid"]) >= 2
    deficient = [p for p in SAMPLE_FILES if p.parent.name == "deficient"]
    assert len(deficient) >= 20
    assert all(expected_path(p).exists() for p in deficient)
    assert all(p.with_suffix(".md").exists() for p in deficient)
