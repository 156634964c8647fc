"""``iia-check explain RULE FILE``: why a rule applied, which condition failed,
where (line or cell) and on which value; and the built-in input/schema ids."""

from __future__ import annotations

import json
import typing as t
from pathlib import Path

from iia_checker.ruleset.conditions_yaml import condition_yaml
from iia_checker.ruleset.loading import Ruleset

from .conftest import ROOT, SAMPLES, Run

RunFn = t.Callable[..., Run]
AS_OF = ("--as-of", "2021-09-01")
DEFICIENT = SAMPLES / "deficient" / "unmitigated-negative-impacts.json"
FORM = SAMPLES / "deficient-form.xlsx"


def test_each_failing_condition_is_named_with_its_place_and_value(run: RunFn) -> None:
    out = run("explain", "EQ-022", str(DEFICIENT), *AS_OF).stdout
    assert "    Applies: always (the rule has no condition for when)." in out
    assert (
        "[fails] for each item of Equality impacts (line 298, /equality_impacts):"
        " 9 items, 2 meeting its condition, 2 failing" in out
    )
    assert (
        "[fails] Action IDs (line 311, /equality_impacts/0/action_ids) is empty;"
        " it should have at least 1 item" in out
    )
    assert (
        "[fails] Justification (line 299, /equality_impacts/0/justification)"
        " is not given; it must have content" in out
    )
    assert "Finding: The negative impact on age has no mitigating action" in out
    # The officer reads what is wrong first, then how the rule came to it.
    on_file = out[out.index("\nOn ") :]
    assert on_file.index("Finding: ") < on_file.index("    Checks:")


def test_a_count_with_a_condition_says_how_many_items_meet_it(run: RunFn) -> None:
    """As for_each does: the list's size alone would not show why it failed."""
    ros = SAMPLES / "real" / "ros-extra-support-for-customers.json"
    out = run("explain", "EQ-125", str(ros), *AS_OF).stdout
    assert (
        "[fails] Actions (line 76, /actions) has 2 items, 2 meeting its condition;"
        " it should have at most 0 items meeting its condition" in out
    )
    assert "Finding: Actions without a named owner or a due date: A1, A2." in out


def test_lists_dates_and_references_are_wanted_in_words(run: RunFn) -> None:
    """covers, date and resolves read as sentences, not as their options."""
    wanted = {
        ("EQ-020", "deficient/no-impact-box-ticking.json"): "it should have an item"
        " for each of age, disability, gender reassignment",
        ("EQ-134", "deficient/post-decision-assessment.json"): "it should be a date"
        " on or before the decision date",
        ("EQ-129", "deficient/monitoring-and-review-neglected.json"): "it should be a"
        " date on or before 24 months after the date completed",
        ("EQ-018", "deficient/dangling-references.json"): "it should name only ids"
        " found in evidence",
    }
    for (rule, sample), words in wanted.items():
        out = run("explain", rule, str(SAMPLES / sample), *AS_OF).stdout
        assert words in out, (rule, out)
        assert "should meet:" not in out, rule


def test_a_workbook_names_sheet_and_cell(run: RunFn) -> None:
    out = run("explain", "EQ-126", str(FORM), "--as-of", "2022-09-01").stdout
    assert (
        "[fails] Action status (sheet Actions cell F3, /actions/1/status) is planned;"
        " it should be one of complete, cancelled" in out
    )
    # Action 1's due date (31/02/2021) cannot be read: the loader says so once,
    # and the rule does not call the action overdue on top.
    assert "/actions/0/status" not in out


def test_a_rule_that_does_not_apply_says_which_condition_did_not_hold(
    run: RunFn,
) -> None:
    out = run("explain", "EQ-070", str(FORM), *AS_OF).stdout
    assert "HS-2021-019: not-applicable\n    Applies: no, because\n" in out
    assert (
        "[fails] Public-facing digital service (sheet Project cell B24,"
        " /project/delivery/public_facing_digital) is no" in out
    )
    assert "Checks:" not in out.split("On ")[-1]


def test_a_regular_expression_is_never_shown(
    run: RunFn, tmp_path: Path, valid_data: dict[str, t.Any]
) -> None:
    valid_data["evidence"][0]["url"] = "not a link"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(valid_data, indent=2))
    out = run("explain", "EQ-014", str(path), *AS_OF).stdout
    trace = out.split("\nOn ")[-1]
    assert (
        "[fails] Link (line 200, /evidence/0/url) is not a link; it must be written"
        " in the form the rule expects" in trace
    )
    assert "https?" not in trace and "regular expression" not in trace


def test_built_in_ids_are_explained_with_their_findings(run: RunFn) -> None:
    typos = SAMPLES / "deficient" / "structural-typos.json"
    out = run("explain", "schema.required", str(typos)).stdout
    assert out.startswith("schema.required: Required fields filled in\n")
    assert f"On {typos}: 1 finding of schema.required" in out
    assert "2 required fields are empty: Summary of change and Service area" in out
    cells = run("explain", "input.cell-value", str(FORM)).stdout
    assert "Due date (sheet Actions cell E2, /actions/0/due_date):" in cells
    assert "What to do:" in run("explain", "input.unreadable").stdout
    unknown = run("explain", "input.nonsense")
    assert unknown.exit_code == 2 and "no rule input.nonsense" in unknown.stderr


def test_every_built_in_id_can_be_explained(run: RunFn) -> None:
    from iia_checker.run.explain import builtin_ids

    for rule_id in builtin_ids():
        result = run("explain", rule_id)
        assert result.exit_code == 0, rule_id
        assert result.stdout.startswith(f"{rule_id}: "), rule_id
    assert ROOT.is_dir()


def test_a_rule_s_messages_are_shown_on_one_line_each(run: RunFn) -> None:
    """A folded YAML message ends in a newline, which a dump showed as a stray
    blank line inside the quotes."""
    out = run("explain", "EQ-089").stdout
    assert "(Yes or No).'\n  - {field: access.channel_change" in out
    assert "\n\n      '" not in out


def test_no_rule_s_condition_is_shown_with_a_blank_line(ruleset: Ruleset) -> None:
    """The catalogue (docs/rules.md) and explain show conditions the same way."""
    for rule in ruleset.rules:
        shown = condition_yaml(
            {"when": rule.definition.when, "check": rule.definition.check}
        )
        assert "\n\n" not in shown, rule.info.id
