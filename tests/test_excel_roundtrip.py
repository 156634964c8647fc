"""JSON -> workbook -> JSON gives the same submission, for samples and generated ones."""

from __future__ import annotations

import copy
import datetime as dt
import json
import typing as t
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iia_checker.schema.submission import SubmissionSchema
from iia_checker.workbooks.convert import json_to_workbook, workbook_to_json

from .conftest import SAMPLES

VALID = sorted((SAMPLES / "valid").glob("*.json"))
SAMPLE_DATA = [json.loads(p.read_text()) for p in VALID]
# Text a cell keeps as written: no list separator, no carriage return, no edge spaces.
CELL_TEXT = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";\r"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda s: s not in ("", "null", "[]"))
)


def leaf_strategy(
    node: dict[str, t.Any], value: object
) -> st.SearchStrategy[t.Any] | None:
    enum = node.get("enum")
    if "const" in node:
        return None  # the schema version is one per workbook
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=int(node.get("minimum", 0)), max_value=10**6)
    if isinstance(enum, list):
        return st.sampled_from(enum)
    if node.get("format") == "date" and isinstance(value, str):
        return st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)).map(
            dt.date.isoformat
        )
    if (
        isinstance(value, str)
        and not node.get("format")
        and not node.get("pattern", "").startswith("^")
    ):
        return CELL_TEXT
    if isinstance(value, list) and value and not isinstance(value[0], dict):
        items = node.get("items", {})
        if isinstance(items.get("enum"), list):
            return st.lists(st.sampled_from(items["enum"]), unique=True, max_size=4)
    return None


@st.composite
def submissions(draw: st.DrawFn, schema: SubmissionSchema) -> dict[str, t.Any]:
    data: dict[str, t.Any] = copy.deepcopy(draw(st.sampled_from(SAMPLE_DATA)))
    mutate(draw, schema, data, schema.raw)
    return data


def mutate(
    draw: st.DrawFn, schema: SubmissionSchema, value: t.Any, node: dict[str, t.Any]
) -> None:
    node = schema.deref(node)
    if isinstance(value, list):
        items = node.get("items", {})
        for item in value:
            mutate(draw, schema, item, items if isinstance(items, dict) else {})
        return
    if not isinstance(value, dict):
        return
    for key, child in value.items():
        sub = schema.deref(schema.properties(node).get(key, {}))
        if isinstance(sub.get("items"), dict):
            sub = {**sub, "items": schema.deref(sub["items"])}
        strategy = leaf_strategy(sub, child)
        if strategy is not None and draw(st.integers(0, 2)) == 0:
            value[key] = draw(strategy)
        else:
            mutate(draw, schema, child, sub)


@pytest.mark.parametrize(
    "path",
    VALID,
    ids=lambda p: p.stem,
)
def test_each_valid_sample_converts_both_ways(path: Path, tmp_path: Path) -> None:
    data = json.loads(path.read_text())
    assert json_to_workbook([data], tmp_path / "form.xlsx") == []
    (back,), problems, register = workbook_to_json(tmp_path / "form.xlsx")
    assert back == data and problems == [] and not register


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_submissions_survive_form_and_register(
    data: st.DataObject, schema: SubmissionSchema, tmp_path: Path
) -> None:
    first = data.draw(submissions(schema))
    second = data.draw(submissions(schema))
    second["project"]["id"] = first["project"]["id"] + "-B"
    json_to_workbook([first], tmp_path / "form.xlsx")
    (form,), _, _ = workbook_to_json(tmp_path / "form.xlsx")
    assert form == first
    json_to_workbook([first, second], tmp_path / "register.xlsx", "register")
    register, _, is_register = workbook_to_json(tmp_path / "register.xlsx")
    assert register == [first, second] and is_register


@pytest.mark.parametrize(
    "text", ["_x005F_\\1", "_x0041_", "a_x001B_b", "_X00e9__x0000_"]
)
def test_text_that_looks_like_an_excel_escape_survives_conversion(
    text: str, tmp_path: Path
) -> None:
    """Readers decode ``_xHHHH_`` in a cell ("_x0041_" is "A"); the converter must
    write such text escaped, so that it reads back as written. Found by the
    generated round trip above (a procurement note ending ``_x005F_\\1``)."""
    data = json.loads(VALID[0].read_text())
    data["project"]["title"] = f"Online booking {text}"
    json_to_workbook([data], tmp_path / "form.xlsx")
    (back,), problems, _ = workbook_to_json(tmp_path / "form.xlsx")
    assert problems == [] and back["project"]["title"] == data["project"]["title"]
