"""Property tests: whatever the input, only the documented outcomes come out.

Loaders give submissions or ``input.*`` findings; the schema check and every rule
run on any JSON value without raising (no rule outcome is ``error``); rule files
load or raise ``RulesetError``; damaged workbooks become findings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
import typing as t
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from iia_checker import loaders
from iia_checker.engine import evaluate
from iia_checker.errors import RulesetError
from iia_checker.limits import Limits
from iia_checker.loaders import json_
from iia_checker.model.findings import Status
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.operators import OPERATORS
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.compiler import ConditionCompiler
from iia_checker.ruleset.conditions import COMBINATORS
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.run.baseline import BaselineError, load_baseline
from iia_checker.run.waivers import WaiverFileError, load_waivers
from iia_checker.schema.submission import SubmissionSchema, load_schema
from iia_checker.schema.validate import validate_structure

from .conftest import ROOT, SAMPLES
from .test_schema_quick import mutated

SCHEMA = load_schema(default_schema_path())
RULES = load_ruleset([default_rules_dir()], SCHEMA)
LIMITS = Limits()
AS_OF = dt.date(2021, 9, 1)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)
SECTIONS = [*SCHEMA.raw["properties"]]
#: The keys of waiver and baseline entries, so that near-valid entries are drawn.
ENTRY_KEYS = ["rule", "project", "pointer", "reason", "approved_by", "expires"]
#: IIA_FUZZ_EXAMPLES=5000 runs a longer campaign; CI runs 150 examples a property.
FUZZ = settings(
    max_examples=int(os.environ.get("IIA_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check_everything(
    data: dict[str, t.Any], schema: SubmissionSchema = SCHEMA, ruleset: Ruleset = RULES
) -> None:
    submission = Submission("f.json", data, PlainLocator("f.json"))
    result = evaluate(
        submission,
        ruleset,
        as_of=AS_OF,
        structural=validate_structure(submission, schema),
    )
    errors = [
        (o.rule.id, o.reason) for o in result.outcomes if o.status is Status.ERROR
    ]
    assert errors == []


@FUZZ
@given(st.text(max_size=200))
def test_any_text_is_a_submission_or_one_input_problem(text: str) -> None:
    try:
        submission = json_.load_text(text, "f.json", LIMITS)
    except json_.InputProblem as problem:
        assert problem.message and "\n" not in problem.message
        return
    check_everything(submission.data)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(SECTIONS) | st.text(max_size=10), JSON_VALUES, max_size=6
    )
)
def test_rules_never_fail_to_run_on_any_json_object(data: dict[str, t.Any]) -> None:
    text = json.dumps(data)
    submission = json_.load_text(text, "f.json", LIMITS)
    check_everything(submission.data)


@FUZZ
@given(mutated())
def test_rules_never_fail_to_run_on_mutated_samples(data: dict[str, t.Any]) -> None:
    check_everything(data)


RULE_FILES = sorted(default_rules_dir().rglob("EQ-*.yaml"))


@FUZZ
@given(
    st.sampled_from(RULE_FILES),
    st.integers(0, 10_000),
    st.sampled_from(["drop", "dup", "char", "indent"]),
)
def test_a_damaged_rule_file_loads_or_gives_rule_errors(
    path: Path, seed: int, how: str
) -> None:
    lines = path.read_text().splitlines()
    chooser = random.Random(seed)
    index = chooser.randrange(len(lines))
    if how == "drop":
        del lines[index]
    elif how == "dup":
        lines.insert(index, lines[index])
    elif how == "indent":
        lines[index] = "  " + lines[index]
    else:
        line = lines[index]
        spot = chooser.randrange(len(line) + 1)
        lines[index] = line[:spot] + chooser.choice(":{}[]-&*!|>#'\"x ") + line[spot:]
    folder = Path(f"/tmp/iia-fuzz-rules-{seed}-{how}")
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / path.name).write_text("\n".join(lines) + "\n")
    try:
        load_ruleset([folder], SCHEMA)
    except RulesetError as exc:
        assert all(str(p).startswith(str(folder)) for p in exc.problems)


#: The words a condition is made of, so that shapes near real ones are drawn.
CONDITION_KEYS = st.sampled_from(
    [
        *OPERATORS,
        *COMBINATORS,
        "field",
        "for_each",
        "check",
        "where",
        "message",
        "if_present",
        "when_absent",
    ]
)
CONDITION_SCALARS = st.sampled_from(
    ["project.title", "equality_impacts", "impact", "x", "", 0, 1.5, True, None]
)
CONDITIONS = st.recursive(
    CONDITION_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(CONDITION_KEYS | st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


@FUZZ
@given(CONDITIONS)
@example({"if_present": True})  # found by this test: it raised IndexError
@example({"message": "A branch with no test.", "when_absent": "Nothing recorded."})
def test_any_condition_compiles_or_is_explained(raw: object) -> None:
    """Whatever a rule author writes as a condition, the compiler returns a node
    and problems; it never raises (``rules validate`` must not crash)."""
    compiler = ConditionCompiler(SCHEMA)
    compiler.compile(raw, "/check")
    assert all(p.pointer.startswith("/check") and p.message for p in compiler.problems)


WORKBOOKS = sorted(
    [*SAMPLES.glob("*.xlsx"), *(ROOT / "tests" / "data" / "xlsx").glob("*.xlsx")]
)


@FUZZ
@given(st.sampled_from(WORKBOOKS), st.integers(0, 10_000), st.integers(1, 8))
def test_damaged_workbook_bytes_give_findings_never_exceptions(
    path: Path, seed: int, flips: int
) -> None:
    raw = bytearray(path.read_bytes())
    chooser = random.Random(seed)
    for _ in range(flips):
        raw[chooser.randrange(len(raw))] = chooser.randrange(256)
    if seed % 5 == 0:
        raw = raw[: chooser.randrange(len(raw))]
    target = Path(f"/tmp/iia-fuzz-{seed}-{flips}.xlsx")
    target.write_bytes(bytes(raw))
    try:
        outcome = loaders.load(str(target), LIMITS)
    finally:
        target.unlink()
    assert outcome.submissions or outcome.problems
    for problem in outcome.problems:
        assert problem.rule_id.startswith("input.")
    for submission in outcome.submissions:
        check_everything(submission.data)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "data" / "fuzz").glob("*")), ids=lambda p: p.name
)
def test_inputs_the_fuzzing_found_stay_fixed(path: Path) -> None:
    outcome = loaders.load(str(path), LIMITS)
    assert outcome.submissions or outcome.problems
    for submission in outcome.submissions:
        check_everything(submission.data)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["waivers", "baseline_version", "entries", "x"]),
        JSON_VALUES
        | st.lists(st.dictionaries(st.sampled_from(ENTRY_KEYS), JSON_VALUES)),
        max_size=3,
    )
)
def test_any_waiver_or_baseline_file_loads_or_is_one_clear_error(
    document: dict[str, t.Any],
) -> None:
    """A waiver or baseline file of any shape loads, or raises the error the
    command line turns into one line naming the file; never anything else."""
    text = json.dumps(document)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_text(text, encoding="utf-8")
        for load, error in (
            (load_waivers, WaiverFileError),
            (load_baseline, BaselineError),
        ):
            try:
                load(path)
            except error as exc:
                assert str(exc).startswith(str(path)), exc
