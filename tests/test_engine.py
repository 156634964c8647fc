from __future__ import annotations

import dataclasses
import datetime as dt
import typing as t

from iia_checker.engine import NOT_GIVEN, evaluate, render_message
from iia_checker.model.findings import Status, Verdict
from iia_checker.model.shorten import OwnWords
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.operators.base import Miss, Scope
from iia_checker.ruleset.loading import Ruleset
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.schema.validate import validate_structure

AS_OF = dt.date(2021, 9, 1)


def result_for(
    data: dict[str, t.Any], ruleset: Ruleset, schema: SubmissionSchema
) -> t.Any:
    submission = Submission("s.json", data, PlainLocator("s.json"))
    return evaluate(
        submission,
        ruleset,
        as_of=AS_OF,
        structural=validate_structure(submission, schema),
    )


def test_the_valid_sample_passes_every_board(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    result = result_for(valid_data, ruleset, schema)
    assert result.verdicts() == {
        "digital-first": Verdict.PASS,
        "hub-and-spoke": Verdict.PASS,
    }
    assert {o.status for o in result.outcomes} <= {Status.PASS, Status.NOT_APPLICABLE}
    assert len(result.outcomes) == len(ruleset.rules)


def test_a_rule_whose_when_does_not_hold_is_not_applicable(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["assessment"]["date_completed"] = None
    outcomes = {o.rule.id: o for o in result_for(valid_data, ruleset, schema).outcomes}
    assert outcomes["EQ-005"].status is Status.NOT_APPLICABLE


def test_a_problem_the_schema_reported_is_not_reported_again(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    del valid_data["equality_impacts"][0]["description"]
    result = result_for(valid_data, ruleset, schema)
    at_pointer = [
        f.rule_id
        for f in result.findings
        if f.location.pointer == "/equality_impacts/0/description"
    ]
    assert at_pointer == ["schema.required"]
    outcome = {o.rule.id: o for o in result.outcomes}["EQ-021"]
    assert outcome.status is Status.SUPPRESSED and not outcome.findings
    assert outcome.suppressed_by is not None
    assert outcome.suppressed_by.rule_id == "schema.required"


def test_a_grouped_schema_finding_speaks_for_every_field_it_names(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    # Two empty fields of one section: one grouped finding, at the first of them,
    # and EQ-001's "core section Lead officer" says nothing more about the second.
    del valid_data["project"]["id"]
    del valid_data["project"]["lead_officer"]
    result = result_for(valid_data, ruleset, schema)
    grouped = [f for f in result.findings if f.rule_id == "schema.required"]
    assert len(grouped) == 1 and "Lead officer" in grouped[0].message
    assert grouped[0].location.pointer == "/project/id"
    outcome = {o.rule.id: o for o in result.outcomes}["EQ-001"]
    assert outcome.status is Status.SUPPRESSED, outcome.findings
    assert outcome.suppressed_by is grouped[0]


def test_error_findings_fail_only_the_boards_of_their_rule(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    valid_data["equality_impacts"][0]["evidence_ids"] = ["E404"]
    result = result_for(valid_data, ruleset, schema)
    [finding] = [f for f in result.findings if f.rule_id == "EQ-018"]
    assert finding.location.pointer == "/equality_impacts/0/evidence_ids/0"
    assert "E404" in finding.message
    for board, verdict in result.verdicts().items():
        assert verdict is (
            Verdict.FAIL if board in finding.rule.boards else Verdict.PASS
        )


def test_messages_render_values_in_plain_words() -> None:
    values = {
        "value": True,
        "missing": ["sex", "race"],
        "other": None,
        "long": "x " * 100,
    }
    assert (
        render_message("{value}|{missing}|{other}|{absent}", values)
        == f"yes|sex, race|{NOT_GIVEN}|{NOT_GIVEN}"
    )
    assert render_message("{long}", values).endswith("...")
    assert render_message("{offered}", {"offered": [None, "interpreter"]}) == (
        "interpreter"
    )
    # An item whose naming field is absent or null is named by its number.
    for named in ({"index": 3}, {"index": 3, "item.characteristic": None}):
        assert render_message("for {item.characteristic}", named) == "for item 3"


def test_the_tools_own_words_are_never_cut_like_a_quoted_value(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    """An officer must see every characteristic left out, not "Pregnancy and ma..."."""
    words = OwnWords("missing " + ", ".join(["Marriage and civil partnership"] * 4))
    assert render_message("{problem}", {"problem": words}) == words
    valid_data["equality_impacts"] = valid_data["equality_impacts"][:2]
    result = result_for(valid_data, ruleset, schema)
    [message] = [f.message for f in result.findings if f.rule_id == "EQ-020"]
    assert message.endswith(", Religion or belief, Sex, Sexual orientation.")


class Broken:
    """A condition that raises, as a faulty operator would."""

    def holds(self, scope: Scope) -> bool:
        raise KeyError("boom")

    def misses(self, scope: Scope) -> list[Miss]:
        raise KeyError("boom")


def test_a_rule_that_raises_is_an_error_outcome_and_the_rest_still_run(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    first, *others = ruleset.rules
    broken = dataclasses.replace(first, when=None, check=Broken())
    rules = dataclasses.replace(ruleset, rules=(broken, *others))
    outcomes = result_for(valid_data, rules, schema).outcomes
    assert outcomes[0].status is Status.ERROR
    assert outcomes[0].reason == ("the rule could not be evaluated: KeyError: 'boom'")
    assert {o.status for o in outcomes[1:]} <= {Status.PASS, Status.NOT_APPLICABLE}


def test_passing_outcomes_are_shared_across_submissions(
    ruleset: Ruleset, schema: SubmissionSchema, valid_data: dict[str, t.Any]
) -> None:
    once = result_for(valid_data, ruleset, schema).outcomes
    again = result_for(valid_data, ruleset, schema).outcomes
    assert all(a is b for a, b in zip(once, again, strict=True))
