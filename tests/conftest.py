from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from iia_checker.cli import cli
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.schema.submission import SubmissionSchema, load_schema

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "samples"
VALID_SAMPLE = SAMPLES / "valid" / "digital-appointments.json"
EXPECTED = ROOT / "tests" / "expected"


def expected_path(sample: Path) -> Path:
    """Where a sample's expected findings are: tests/expected/<folder>/<name>.json."""
    return EXPECTED / sample.parent.name / sample.name


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> t.Any:
        return json.loads(self.stdout)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> t.Callable[..., Run]:
    monkeypatch.setenv("IIA_CHECK_DETERMINISTIC", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    def invoke(*args: str, stdin: str | None = None) -> Run:
        result = CliRunner().invoke(
            cli, list(args), input=stdin, catch_exceptions=False
        )
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture(scope="module")
def browser() -> t.Iterator[t.Any]:
    """Headless Chromium for the browser tests (tests/chromium.py)."""
    from .chromium import launched

    with launched() as running:
        yield running


@pytest.fixture(scope="session")
def schema() -> SubmissionSchema:
    return load_schema(default_schema_path())


@pytest.fixture(scope="session")
def ruleset(schema: SubmissionSchema) -> Ruleset:
    return load_ruleset([default_rules_dir()], schema)


@pytest.fixture
def valid_data() -> dict[str, t.Any]:
    return t.cast(
        dict[str, t.Any], json.loads(VALID_SAMPLE.read_text(encoding="utf-8"))
    )


@pytest.fixture
def write_json(tmp_path: Path) -> t.Callable[[object, str], Path]:
    def write(data: object, name: str = "submission.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite expected-findings files from the current output (review the diff).",
    )
