"""Report files: written in pieces, moved into place only when all are complete."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

import pytest

from iia_checker.run import output

from .conftest import Run


def test_a_streamed_json_report_is_the_rendered_one(
    run: t.Callable[..., Run], tmp_path: Path
) -> None:
    target = tmp_path / "r.json"
    sample = Path(__file__).parent.parent / "samples" / "deficient"
    streamed = run("check", str(sample), "-o", f"json:{target}")
    rendered = run("check", str(sample), "-f", "json")
    assert streamed.exit_code == rendered.exit_code == 1
    assert target.read_text(encoding="utf-8") == rendered.stdout
    assert len(json.loads(rendered.stdout)["submissions"]) > 20


def failing_pieces() -> t.Iterator[str]:
    yield "half a report"
    raise RuntimeError("rendering failed")


def test_when_one_report_fails_no_file_is_replaced_or_left_behind(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        output.write_all([(first, ["new"]), (second, failing_pieces())])
    assert first.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_pieces_of_text_and_bytes_make_one_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.txt"
    pieces: list[str | bytes] = ["é", b"\n", "done"]
    output.write_atomic(target, iter(pieces))
    assert target.read_text(encoding="utf-8") == "é\ndone"
