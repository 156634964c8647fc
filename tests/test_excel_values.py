from __future__ import annotations

import datetime as dt

import pytest

from iia_checker.loaders.xlsx.coercers import verbatim
from iia_checker.loaders.xlsx.layout import layout_for
from iia_checker.loaders.xlsx.values import ABSENT, Coerced, coerce
from iia_checker.resources import default_schema_path

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
BOOL = {"type": "boolean"}
INT = {"type": "integer"}
ENUMS = {"type": "array", "items": {"type": "string", "enum": ["age", "disability"]}}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.date(2021, 9, 1), "2021-09-01"),
        (dt.datetime(2021, 9, 1, 13, 5), "2021-09-01"),
        (44440.0, "2021-09-01"),
        (44440, "2021-09-01"),
        ("2021-09-01", "2021-09-01"),
        ("2021/9/1", "2021-09-01"),
        ("01/09/2021", "2021-09-01"),
        ("1.9.2021", "2021-09-01"),
        ("03/04/2021", "2021-04-03"),
        ("1 September 2021", "2021-09-01"),
        ("1st Sept. 2021", "2021-09-01"),
        ("20th of June 2021", "2021-06-20"),
        ("Monday 20 June 2021", "2021-06-20"),
        ("Mon, 20 jun 2021", "2021-06-20"),
        ("June 20, 2021", "2021-06-20"),
        ("22nd  SEPTEMBER  2021", "2021-09-22"),
    ],
)
def test_dates_in_every_form_become_iso(cell: object, expected: str) -> None:
    assert coerce(cell, DATE).value == expected
    assert coerce(cell, DATE).problem is None


def test_a_serial_in_the_1904_system() -> None:
    assert coerce(42978.0, DATE, date1904=True).value == "2021-09-01"


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("2021-13-01", "there is no month 13"),
        ("31/02/2021", "February 2021 has no day 31"),
        ("09/30/2021", "for September 30 write 30/09/2021"),
        ("1/9/21", "two-digit year"),
        ("next week", "is not a date"),
        ("Sept 2021", "has no day"),
        ("31 June 2021", "June 2021 has no day 31"),
        ("20 Juno 2021", '"Juno" is not a month'),
        ("20 June 21", "is not a date"),
        (True, "is not a date"),
        (60.0, "not a date serial number"),
    ],
)
def test_impossible_dates_are_findings_and_keep_the_value(
    cell: object, words: str
) -> None:
    result = coerce(cell, DATE)
    assert result.problem is not None and words in result.problem
    assert result.value == cell


def test_empty_null_and_empty_list() -> None:
    assert coerce("", DATE).value is ABSENT
    assert coerce("   ", DATE).value is ABSENT
    assert coerce("null", NULLABLE_DATE).value is None
    assert coerce("null", DATE).problem is not None
    assert coerce("[]", ENUMS).value == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Yes", True),
        ("y", True),
        ("TRUE", True),
        (True, True),
        ("no", False),
        ("N", False),
        (False, False),
    ],
)
def test_yes_no_becomes_bool(cell: object, expected: bool) -> None:
    assert coerce(cell, BOOL).value is expected


@pytest.mark.parametrize("cell", ["maybe", 1, 0.0, "1"])
def test_other_values_are_not_booleans(cell: object) -> None:
    assert "is not yes or no" in (coerce(cell, BOOL).problem or "")


def test_only_boolean_fields_turn_yes_into_true() -> None:
    assert coerce("yes", {"type": "string"}).value == "yes"


def test_whole_numbers() -> None:
    assert coerce(12.0, INT).value == 12
    assert isinstance(coerce(12.0, INT).value, int)
    assert coerce("20,000", INT).value == 20000
    assert "not a whole number" in (coerce(12.5, INT).problem or "")
    assert "not a whole number" in (coerce(True, INT).problem or "")
    assert coerce(-1.5, {"type": ["number", "null"]}).value == -1.5


def test_multi_value_cells_and_enum_tolerance() -> None:
    assert coerce("age; Disability ;", ENUMS).value == ["age", "disability"]
    assert (
        coerce("Service change", {"type": "string", "enum": ["service_change"]}).value
        == "service_change"
    )
    ints = {"type": "array", "items": {"type": "integer"}}
    assert coerce(3.0, ints).value == [3]
    result = coerce("3; x", ints)
    assert result.value == [3, "x"] and '"x" is not a whole number' in (
        result.problem or ""
    )


def test_text_fields_take_numbers_and_dates_as_text() -> None:
    assert coerce(2021.0, {"type": "string"}).value == "2021"
    assert coerce(1.2, {"type": "string"}).value == "1.2"
    assert coerce(dt.datetime(2021, 9, 1), {"type": "string"}).value == "2021-09-01"


def test_verbatim_columns_read_a_text_without_outer_spaces_as_itself() -> None:
    """The register's fast path stores such a text as it is: so must ``coerce``."""
    layout = layout_for(default_schema_path())
    columns = [c for s in layout.sheets for c in s.columns]
    columns += list(layout.projects.columns)
    free = [c for c in columns if verbatim(c.schema)]
    assert len(free) > 20
    for column in free:
        for text in ("The new booking service", "x", "2021", "null", "no", "[]"):
            assert coerce(text, column.schema) == Coerced(text), column.label
    kept = [c for c in columns if not verbatim(c.schema)]
    assert any("enum" in c.schema for c in kept)
    assert any("null" in str(c.schema.get("type")) for c in kept)


def test_a_long_cell_is_quoted_short_in_its_message() -> None:
    """A 32,000-character cell is not copied into the report; the cell reference
    says where the rest is."""
    result = coerce("next Tuesday " * 2500, DATE)
    assert result.problem is not None
    assert result.problem.startswith('"next Tuesday next Tuesday')
    assert len(result.problem) < 200
    assert result.value == "next Tuesday " * 2500  # kept whole, as written
