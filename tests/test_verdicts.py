"""Verdicts a board can trust: what is outside the form never changes a verdict, and
the JSON report's outcomes, findings and verdicts always agree."""

from __future__ import annotations

import datetime as dt
import json
import typing as t
from pathlib import Path

import openpyxl.utils
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iia_checker.engine import NOT_GIVEN, evaluate
from iia_checker.model.findings import Report
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.reporters import RenderOptions
from iia_checker.reporters.json_ import render
from iia_checker.ruleset.loading import Ruleset
from iia_checker.run.batch import check_inputs
from iia_checker.run.options import RunOptions
from iia_checker.schema.submission import SubmissionSchema

from .conftest import SAMPLES
from .test_schema_quick import mutated

AS_OF = dt.date(2021, 9, 1)
WORKBOOKS = sorted(SAMPLES.glob("*.xlsx"))
NOTE = "input.unknown-column"
#: Sheets of a one-project form whose first row is a table header.
QUESTION_SHEET_HEADER = "Question"


def report_for(
    paths: t.Sequence[Path], ruleset: Ruleset, schema: SubmissionSchema
) -> Report:
    return check_inputs([str(p) for p in paths], ruleset, schema, RunOptions(AS_OF))


def json_results(report: Report) -> list[dict[str, t.Any]]:
    document = json.loads(render(report, RenderOptions()))
    return t.cast(list[dict[str, t.Any]], document["submissions"])


def assert_agrees(result: dict[str, t.Any]) -> None:
    """Outcomes, findings and verdicts of one submission tell one story."""
    by_rule: dict[str, list[dict[str, t.Any]]] = {}
    for finding in result["findings"]:
        by_rule.setdefault(finding["rule_id"], []).append(finding)
    places = {(f["rule_id"], f["location"]["pointer"]) for f in result["findings"]}
    for rule_id, status in result["outcomes"].items():
        assert (status == "fail") == (rule_id in by_rule), (rule_id, status)
        if status == "suppressed":
            by = result["suppressed"][rule_id]
            assert (by["rule_id"], by["pointer"]) in places, (rule_id, by)
    for board, verdict in result["verdicts"].items():
        gating = [
            f
            for f in result["findings"]
            if f["severity"] == "error"
            and board in f["boards"]
            and f["status"] != "waived"
        ]
        assert verdict == ("fail" if gating else "pass"), (board, gating)


def test_every_sample_report_agrees_with_itself(
    ruleset: Ruleset, schema: SubmissionSchema
) -> None:
    samples = [*sorted(SAMPLES.rglob("*.json")), *WORKBOOKS]
    results = json_results(report_for(samples, ruleset, schema))
    assert len(results) >= len(samples)
    for result in results:
        assert_agrees(result)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=mutated())
def test_every_mutated_sample_report_agrees_with_itself(
    data: dict[str, t.Any],
    ruleset: Ruleset,
    schema: SubmissionSchema,
    tmp_path: Path,
) -> None:
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for result in json_results(report_for([path], ruleset, schema)):
        assert_agrees(result)


def _found(report: Report) -> set[tuple[str, str, str | None]]:
    return {
        (f.rule_id, f.location.pointer, result.project_id)
        for result in report.results
        for f in result.findings
        if f.rule_id != NOTE
    }


def _add_column(book: openpyxl.Workbook, sheet: str, header: str) -> None:
    worksheet = book[sheet]
    column = worksheet.max_column + 1
    worksheet.cell(row=1, column=column, value=header)
    for row in range(2, worksheet.max_row + 1):
        worksheet.cell(row=row, column=column, value="a remark of my own")


def _add_row_label(book: openpyxl.Workbook, sheet: str, label: str) -> None:
    worksheet = book[sheet]
    row = worksheet.max_row + 2
    worksheet.cell(row=row, column=1, value=label)
    worksheet.cell(row=row, column=2, value="see the attached note")


def _add_sheet(book: openpyxl.Workbook, name: str, label: str) -> None:
    book.create_sheet(name[:31])["A1"] = label


def _sheets(path: Path, *, questions: bool) -> list[str]:
    """Table sheets, or (``questions``) the question-and-answer sheets of a form."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [
            ws.title
            for ws in book.worksheets
            if ws.title not in ("Instructions", "Lists")
            and (next(ws.values)[0] == QUESTION_SHEET_HEADER) == questions
        ]
    finally:
        book.close()


TABLES = {path: _sheets(path, questions=False) for path in WORKBOOKS}
#: A label added below the questions of a form; a register has no such sheet.
QUESTIONS = {path: _sheets(path, questions=True) for path in WORKBOOKS}
#: Words a person might add; a prefix no field of the form starts with.
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    workbook=st.sampled_from(WORKBOOKS),
    change=st.sampled_from(["column", "sheet", "row"]),
    words=WORDS,
    pick=st.integers(0, 1000),
)
def test_unknown_columns_sheets_and_rows_never_change_findings(
    workbook: Path,
    change: str,
    words: str,
    pick: int,
    ruleset: Ruleset,
    schema: SubmissionSchema,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    label = f"My comments {words}".strip()
    book = openpyxl.load_workbook(workbook)
    questions = QUESTIONS[workbook]
    if change == "row" and questions:
        _add_row_label(book, questions[pick % len(questions)], label)
    elif change in ("row", "column"):
        _add_column(book, TABLES[workbook][pick % len(TABLES[workbook])], label)
    else:
        _add_sheet(book, f"Notes {words}".strip(), label)
    changed = tmp_path_factory.mktemp("changed") / workbook.name
    book.save(changed)
    before = report_for([workbook], ruleset, schema)
    after = report_for([changed], ruleset, schema)
    assert _found(after) == _found(before)
    assert [r.verdicts() for r in after.results] == [
        r.verdicts() for r in before.results
    ]
    for result in json_results(after):
        assert_agrees(result)


def test_an_extra_sheet_keeps_a_failing_form_failing(
    ruleset: Ruleset, schema: SubmissionSchema, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(SAMPLES / "deficient-form.xlsx")
    _add_sheet(book, "Notes", "hello")
    path = tmp_path / "form.xlsx"
    book.save(path)
    report = report_for([path], ruleset, schema)
    assert {v.value for v in report.results[0].verdicts().values()} == {"fail"}
    assert any(f.kind == "rule" for f in report.results[0].findings)


def test_key_issues_open_each_submission(
    ruleset: Ruleset, schema: SubmissionSchema
) -> None:
    samples = sorted((SAMPLES / "deficient").glob("*.json"))
    for result in report_for(samples, ruleset, schema).results:
        ranks = [f.rule.rank.order for f in result.findings]
        assert ranks == sorted(ranks), result.source


def test_brief_gives_verdicts_key_issues_and_counts_only(
    run: t.Callable[..., t.Any],
) -> None:
    sample = SAMPLES / "deficient" / "unmitigated-negative-impacts.json"
    brief = run("check", str(sample), "--brief", "--as-of", "2021-09-01")
    full = run("check", str(sample), "-f", "json", "--as-of", "2021-09-01").json()
    assert brief.exit_code == 1
    lines = brief.stdout.splitlines()
    assert "FAIL" in lines[1] and lines[-1].startswith("Summary:")
    keys = [f for f in full["submissions"][0]["findings"] if f["rule_id"] in {"EQ-022"}]
    assert keys and "Key issues" in brief.stdout
    assert "Fix:" not in brief.stdout and "Basis:" not in brief.stdout
    # The same counts in the same words as the standard-error line.
    counts = brief.stderr.split("failing a board; ", 1)[1].strip()
    assert lines[-1].endswith("; " + counts), (lines[-1], counts)


def _without_each_field(
    data: object, path: tuple[str | int, ...] = ()
) -> t.Iterator[tuple[str | int, ...]]:
    """Every path to a field or (the first two) list items of ``data``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from _without_each_field(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data[:2]):
            yield (*path, index)
            yield from _without_each_field(value, (*path, index))


def _deleted(data: dict[str, t.Any], path: tuple[str | int, ...]) -> dict[str, t.Any]:
    copy = json.loads(json.dumps(data))
    node = copy
    for token in path[:-1]:
        node = node[token]
    del node[path[-1]]
    return t.cast(dict[str, t.Any], copy)


def _blank_messages(
    documents: t.Iterable[dict[str, t.Any]], ruleset: Ruleset
) -> list[str]:
    found: list[str] = []
    for data in documents:
        submission = Submission("sample.json", data, PlainLocator("sample.json"))
        result = evaluate(submission, ruleset, as_of=AS_OF)
        found.extend(
            f"{f.rule_id}: {f.message}"
            for f in result.findings
            if NOT_GIVEN in f.message
        )
    return sorted(set(found))


def test_no_message_fills_a_blank_on_samples_with_any_one_field_removed(
    ruleset: Ruleset,
) -> None:
    documents = []
    for path in sorted(SAMPLES.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        documents.append(data)
        documents.extend(_deleted(data, p) for p in _without_each_field(data))
    assert len(documents) > 1000
    assert _blank_messages(documents, ruleset) == []


@settings(max_examples=150, deadline=None)
@given(data=mutated())
def test_no_message_fills_a_blank_on_mutated_samples(
    data: dict[str, t.Any], ruleset: Ruleset
) -> None:
    assert _blank_messages([data], ruleset) == []


@pytest.mark.parametrize(
    ("header", "pointer"),
    [
        ("Project: Summary of change", "/project/summary_of_change"),
        ("Sign-off: Grade", "/sign_off/grade"),
    ],
)
def test_a_missing_register_field_points_at_its_empty_cell(
    header: str,
    pointer: str,
    ruleset: Ruleset,
    schema: SubmissionSchema,
    tmp_path: Path,
) -> None:
    book = openpyxl.load_workbook(SAMPLES / "valid-register.xlsx")
    sheet = book["Projects"]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index(header) + 1
    sheet.cell(row=2, column=column).value = None
    path = tmp_path / "register.xlsx"
    book.save(path)
    report = report_for([path], ruleset, schema)
    [finding] = [f for f in report.results[0].findings if f.location.pointer == pointer]
    letter = openpyxl.utils.get_column_letter(column)
    assert (finding.location.sheet, finding.location.cell) == ("Projects", f"{letter}2")
    assert finding.location.field == header
