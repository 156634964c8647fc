"""Every format over four bundled samples matches tests/golden/<sample>.<suffix>.

Run through the CLI (``-o FORMAT:PATH``) with each sample's as-of date and
IIA_CHECK_DETERMINISTIC=1. Regenerate with ``pytest --update-goldens`` and read the
diff. XLSX is compared as the cell values read back (JSON), never as zip bytes; the
SARIF golden is validated against the SARIF 2.1.0 schema and JUnit parsed as XML.
"""

from __future__ import annotations

import io
import json
import typing as t
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest

from .conftest import ROOT, SAMPLES, Run, expected_path
from .test_reporters_sarif import sarif_errors

GOLDEN = ROOT / "tests" / "golden"
SUFFIXES: t.Final = {
    "sarif": "sarif",
    "junit": "junit.xml",
    "github": "github.txt",
    "xlsx": "xlsx.json",
    "csv": "csv",
    "html": "html",
    "markdown": "md",
}
#: A few samples that between them show every kind of result: a clean pass, advice
#: only, many rule findings, and schema findings. Other samples are covered by
#: test_samples.py; goldens for all of them would only repeat these.
SAMPLE_FILES = [
    SAMPLES / "valid" / "digital-appointments.json",
    SAMPLES / "valid" / "digital-strategy.json",
    SAMPLES / "deficient" / "no-impact-box-ticking.json",
    SAMPLES / "deficient" / "structural-typos.json",
]


def as_of(sample: Path) -> str:
    expected = expected_path(sample)
    if expected.exists():
        return str(json.loads(expected.read_text(encoding="utf-8"))["as_of"])
    return "2021-09-01"


def workbook_values(data: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {
        ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book
    }
    return (json.dumps(sheets, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def check_shape(fmt: str, data: bytes) -> None:
    if fmt == "sarif":
        assert sarif_errors(json.loads(data)) == []
    elif fmt == "junit":
        assert ET.fromstring(data).tag == "testsuites"


_RENDERED: dict[Path, dict[str, bytes]] = {}


def rendered(run: t.Callable[..., Run], sample: Path, folder: Path) -> dict[str, bytes]:
    """Every format of one sample from a single CLI run (cached: rules load once)."""
    if sample not in _RENDERED:
        targets = {fmt: folder / f"report.{fmt}" for fmt in SUFFIXES}
        outputs = [
            arg for fmt, path in targets.items() for arg in ("-o", f"{fmt}:{path}")
        ]
        relative = sample.relative_to(ROOT).as_posix()
        result = run("check", relative, "--as-of", as_of(sample), *outputs)
        assert result.exit_code in (0, 1), result.stderr
        _RENDERED[sample] = {fmt: path.read_bytes() for fmt, path in targets.items()}
    return _RENDERED[sample]


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_golden(
    run: t.Callable[..., Run],
    sample: Path,
    fmt: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    data = rendered(run, sample, tmp_path)[fmt]
    check_shape(fmt, data)
    if fmt == "xlsx":
        data = workbook_values(data)
    golden = GOLDEN / f"{sample.stem}.{SUFFIXES[fmt]}"
    if request.config.getoption("--update-goldens"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(data)
    assert golden.exists(), (
        f"no {golden.name}: run pytest --update-goldens and review it"
    )
    assert data.decode("utf-8") == golden.read_bytes().decode("utf-8")
