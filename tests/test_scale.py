"""Large batches: patterns, registers spread over processes, lazy registers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iia_checker.limits import Limits
from iia_checker.loaders.xlsx.load import load, submissions
from iia_checker.run.batch import expand_inputs
from iia_checker.workbooks.convert import json_to_workbook

from .conftest import SAMPLES


def write_register(path: Path, count: int) -> None:
    valid = json.loads((SAMPLES / "valid" / "digital-appointments.json").read_text())
    bad = json.loads((SAMPLES / "deficient" / "thin-evidence.json").read_text())
    projects = []
    for index in range(count):
        data = json.loads(json.dumps(bad if index % 7 == 3 else valid))
        data["project"]["id"] = f"P-{index:04d}"
        projects.append(data)
    projects[5]["project"]["id"] = "P-0001"  # a repeated id: rows go to the first
    json_to_workbook(projects, path, "register")


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "register.xlsx"
    write_register(path, 150)
    return path


def test_patterns_are_expanded_when_the_shell_did_not(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.json", "a.json", "c.txt", "sub/d.xlsx"):
        (tmp_path / name).write_text("{}")
    assert expand_inputs([str(tmp_path / "*.json")]) == [
        str(tmp_path / "a.json"),
        str(tmp_path / "b.json"),
    ]
    assert expand_inputs([str(tmp_path / "s*")]) == [str(tmp_path / "sub" / "d.xlsx")]
    assert expand_inputs([str(tmp_path / "none*.json"), "-"]) == [
        str(tmp_path / "none*.json"),
        "-",
    ]


def test_a_lazy_register_builds_what_the_full_load_builds(register: Path) -> None:
    raw = register.read_bytes()
    lazy = submissions(raw, "r.xlsx", Limits())
    whole = load(raw, "r.xlsx", Limits())
    assert len(lazy) == len(whole) == 150
    for index in (0, 1, 5, 149, -1):
        assert lazy[index].data == whole[index].data
        assert lazy[index].problems == whole[index].problems
    assert [s.project_id for s in lazy[3:6]] == ["P-0003", "P-0004", "P-0001"]
