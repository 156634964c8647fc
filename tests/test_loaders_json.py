from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from iia_checker import loaders
from iia_checker.limits import Limits
from iia_checker.loaders import json_

from .conftest import DATA, VALID_SAMPLE

LIMITS = Limits()


def test_every_pointer_has_its_line_and_column() -> None:
    text = '{\n  "a": [1, {"b": "x"}],\n  "c": {"d~/e": null}\n}\n'
    submission = json_.load_text(text, "f.json", LIMITS)
    assert str(submission.locate("/a/1/b")) == "f.json:2:18 /a/1/b"
    assert str(submission.locate("/c/d~0~1e")) == "f.json:3:17 /c/d~0~1e"


def test_a_missing_pointer_is_placed_at_its_nearest_ancestor() -> None:
    submission = json_.load_text('{"a": {"b": 1}}', "f.json", LIMITS)
    location = submission.locate("/a/zz")
    assert (location.line, location.column, location.pointer) == (1, 7, "/a/zz")


def test_the_valid_sample_loads_with_positions() -> None:
    outcome = loaders.load(str(VALID_SAMPLE), LIMITS)
    assert not outcome.problems
    [submission] = outcome.submissions
    assert submission.project_id == "DF-2021-014"
    assert submission.locate("/equality_impacts/3/description").line is not None


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("truncated.json", "malformed JSON", 4),
        (
            "duplicate-keys.json",
            'the key "a" is written twice in the same object (first at line 2)',
            3,
        ),
        ("top-level-array.json", "must be a JSON object", 1),
        ("nan.json", "NaN is not a JSON number", 2),
        ("infinity.json", "Infinity is not a JSON number", 2),
        ("latin1.json", "not valid UTF-8", 2),
        ("empty.json", "the file is empty", None),
        ("huge-number.json", "limit max_number_chars", 1),
        ("deep.json", "nested deeper than 64 levels", 1),
    ],
)
def test_bad_json_becomes_one_located_input_finding(
    name: str, message: str, line: int | None
) -> None:
    outcome = loaders.load(str(DATA / "json" / name), LIMITS)
    assert not outcome.submissions
    [finding] = outcome.problems
    assert finding.rule_id == "input.unreadable"
    assert message in finding.message
    assert finding.location.line == line
    assert finding.location.file.endswith(name)


def test_a_byte_order_mark_is_accepted() -> None:
    outcome = loaders.load(str(DATA / "json" / "bom.json"), LIMITS)
    assert not outcome.problems
    assert outcome.submissions[0].data == {"schema_version": "1.0"}


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [
        ("utf-16", b""),  # Python writes the mark itself, little-endian here
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_a_file_saved_as_unicode_with_its_byte_order_mark_is_read(
    tmp_path: Path, encoding: str, mark: bytes
) -> None:
    """Notepad's and Excel's "Unicode" is UTF-16 with a byte order mark: the mark
    says which encoding it is, so the file is read, with lines as written."""
    text = VALID_SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "unicode.json"
    path.write_bytes(mark + text.encode(encoding))
    outcome = loaders.load(str(path), LIMITS)
    assert not outcome.problems
    [submission] = outcome.submissions
    [original] = loaders.load(str(VALID_SAMPLE), LIMITS).submissions
    assert submission.data == original.data
    assert submission.locate("/project/id").line == 4


def test_a_damaged_unicode_file_is_one_input_finding(tmp_path: Path) -> None:
    path = tmp_path / "damaged.json"
    path.write_bytes(b"\xff\xfe{\x00\x00\xd8")
    [finding] = loaders.load(str(path), LIMITS).problems
    assert finding.rule_id == "input.unreadable"
    assert "not valid UTF-16" in finding.message


def test_a_file_over_the_size_limit_is_reported_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"a": "' + "x" * 200 + '"}')
    outcome = loaders.load(str(path), Limits(max_file_bytes=100))
    [finding] = outcome.problems
    assert finding.rule_id == "input.too-large"
    assert "max_file_bytes" in finding.message


def test_a_missing_file_and_an_unknown_suffix_are_findings(tmp_path: Path) -> None:
    missing = loaders.load(str(tmp_path / "nope.json"), LIMITS)
    assert [f.rule_id for f in missing.problems] == ["input.unreadable"]
    (tmp_path / "form.pdf").write_bytes(b"%PDF-1.4")
    unsupported = loaders.load(str(tmp_path / "form.pdf"), LIMITS)
    assert [f.rule_id for f in unsupported.problems] == ["input.unsupported"]
