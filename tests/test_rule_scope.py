"""Properties of the rules that real assessments exposed (issue 15), and of their
words, over classes of input.

* A submission only for ``other`` boards is never judged by a Midlothian-only rule.
* EQ-090 (no digital-only public service) gives at most one finding, saying
  whether the service is marked digital-only or names no other route; none when a
  non-digital route is named, and none for a change with no digital element or
  for an optional digital extra that replaces no public service.
* EQ-092 (channel withdrawal assessed) gives at most one finding, never passes
  without age and disability rows, and names only the groups it lacks.
* EQ-040 (engagement done or explained) gives at most one finding, which says
  whether engagement is missing or recorded as not undertaken without a reason.
* EQ-006 (started early) and EQ-010 (dates consistent) say which date is wrong
  and why, never "this or that".
* An answer left out is said as not recorded, never as a "no" (EQ-008, EQ-063,
  EQ-082).
"""

from __future__ import annotations

import datetime as dt
import functools
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iia_checker.engine import evaluate
from iia_checker.model.findings import Status, SubmissionResult
from iia_checker.model.submission import PlainLocator, Submission
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import Ruleset, load_ruleset
from iia_checker.schema.submission import load_schema

DIGITAL = ["website", "mobile_app", "online_form", "email", "webchat", "sms"]
NON_DIGITAL = ["telephone", "face_to_face_hub", "face_to_face_library", "post"]
MIDLOTHIAN_ONLY = {
    *("EQ-015", "EQ-098", "EQ-105", "EQ-107", "EQ-115", "EQ-116", "EQ-118"),
    *("EQ-119", "EQ-120", "EQ-141"),
}
BOARDS = ["digital_first", "hub_and_spoke", "capital_plan_asset_management"]

channels = st.lists(st.sampled_from(DIGITAL + NON_DIGITAL), unique=True, max_size=4)
flags = st.one_of(st.none(), st.booleans())


@functools.cache
def _ruleset() -> Ruleset:
    # Not a fixture: hypothesis would print the whole ruleset with a failing example.
    return load_ruleset([default_rules_dir()], load_schema(default_schema_path()))


def _run(data: dict[str, t.Any]) -> SubmissionResult:
    ruleset = _ruleset()
    submission = Submission("s.json", data, PlainLocator("s.json"))
    return evaluate(submission, ruleset, as_of=dt.date(2021, 9, 1))


def _findings(result: SubmissionResult, rule_id: str) -> int:
    return sum(1 for f in result.findings if f.rule_id == rule_id)


def _status(result: SubmissionResult, rule_id: str) -> Status:
    [outcome] = [o for o in result.outcomes if o.rule.id == rule_id]
    return outcome.status


def _delivery(
    after: list[str], digital_only: bool | None, public: bool | None
) -> dict[str, t.Any]:
    delivery: dict[str, t.Any] = {"channels_after": after}
    if digital_only is not None:
        delivery["digital_only"] = digital_only
    if public is not None:
        delivery["public_facing_digital"] = public
    return delivery


@settings(max_examples=60, deadline=None)
@given(
    after=channels,
    alternatives=channels,
    digital_only=flags,
    public=flags,
    optional_extra=flags,
)
def test_eq090_one_finding_at_most_and_none_when_a_route_is_named(
    after: list[str],
    alternatives: list[str],
    digital_only: bool | None,
    public: bool | None,
    optional_extra: bool | None,
) -> None:
    delivery = _delivery(after, digital_only, public)
    if optional_extra is not None:
        delivery["optional_extra"] = optional_extra
    data = {
        "project": {"affected": {"service_users": True}, "delivery": delivery},
        "access": {"alternative_channels": alternatives},
    }
    result = _run(data)
    assert _findings(result, "EQ-090") <= 1
    for finding in (f for f in result.findings if f.rule_id == "EQ-090"):
        # It says which fact it reports, at the answer that gives it.
        marked = digital_only is True
        assert ("marked digital-only" in finding.message) is marked
        assert ("No way to use the service" in finding.message) is not marked
        field = "digital_only" if marked else "channels_after"
        assert finding.location.pointer == f"/project/delivery/{field}"
    if optional_extra is True:
        assert _status(result, "EQ-090") is Status.NOT_APPLICABLE
    named = set(after + alternatives) & set(NON_DIGITAL)
    if named and digital_only is not True:
        assert _findings(result, "EQ-090") == 0
    if (
        not set(after) & set(DIGITAL)
        and public is not True
        and digital_only is not True
    ):
        assert _status(result, "EQ-090") is Status.NOT_APPLICABLE


#: The groups EQ-092 asks about, by their labels in the submission schema.
EQ092_GROUPS = {
    "age": "Age",
    "disability": "Disability",
    "rural_communities": "Rural communities",
    "digitally_excluded": "Digitally excluded",
    "low_income": "Low income",
}


@settings(max_examples=40, deadline=None)
@given(
    characteristics=st.lists(
        st.sampled_from(["age", "disability", "sex", "race"]), unique=True
    ),
    evidenced=st.booleans(),
    groups=st.lists(
        st.sampled_from(["rural_communities", "digitally_excluded", "carers"]),
        unique=True,
    ),
    low_income=st.booleans(),
)
def test_eq092_one_finding_naming_only_the_groups_it_lacks(
    characteristics: list[str], evidenced: bool, groups: list[str], low_income: bool
) -> None:
    evidence = {"evidence_ids": ["E1"]} if evidenced else {}
    dimensions = [{"dimension": "low_income"}] if low_income else []
    data = {
        "access": {"channel_change": {"existing_channel_reduced": True}},
        "equality_impacts": [
            {"characteristic": c, "impact": "mixed", "description": "d", **evidence}
            for c in characteristics
        ],
        "other_groups": [
            {"group": g, "impact": "negative", "evidence_ids": ["E2"]} for g in groups
        ],
        "fairer_scotland": {"dimensions": dimensions},
    }
    result = _run(data)
    assessed = set(groups) | ({"low_income"} if low_income else set())
    assessed |= set(characteristics) if evidenced else set()
    lacking = [label for code, label in EQ092_GROUPS.items() if code not in assessed]
    assert (_status(result, "EQ-092") is Status.PASS) == (not lacking)
    # At the channel reduction: a finding about the impacts list never hides it.
    said = [f.message for f in result.findings if f.rule_id == "EQ-092"]
    assert len(said) == (1 if lacking else 0)
    for message in said:
        named = message.split("evidenced assessment: ", 1)[1].split(". ", 1)[0]
        assert named == ", ".join(lacking)


@settings(max_examples=30, deadline=None)
@given(
    midlothian=st.lists(st.sampled_from(BOARDS), unique=True),
    other=st.booleans(),
)
def test_midlothian_rules_apply_only_to_midlothian_boards(
    midlothian: list[str], other: bool
) -> None:
    boards = midlothian + (["other"] if other else [])
    data = {
        "project": {"boards": boards, "affected": {"localities": []}},
        "alignment": {"smp_outcomes": []},
        "evidence": [{"id": "E1", "type": "population_data", "local": False}],
        "other_duties": {"islands": {"applicable": True}},
    }
    result = _run(data)
    fired = {f.rule_id for f in result.findings} & MIDLOTHIAN_ONLY
    if not midlothian:  # only `other`, or none (which the schema rejects)
        assert not fired
    else:
        assert {"EQ-015", "EQ-107", "EQ-115", "EQ-141"} <= fired


@pytest.mark.parametrize(
    "status", [None, "planned", "in_progress", "completed", "not_undertaken"]
)
@pytest.mark.parametrize(
    "reason", [None, "", "An internal system change; staff were surveyed."]
)
def test_eq040_says_which_gap_it_reports(
    status: str | None, reason: str | None
) -> None:
    engagement = {
        key: value
        for key, value in (("status", status), ("reason_if_not_undertaken", reason))
        if value is not None
    }
    result = _run({"engagement": engagement} if engagement else {})
    said = [f for f in result.findings if f.rule_id == "EQ-040"]
    explained = bool(reason)
    if explained or status not in (None, "not_undertaken"):
        assert not said
        return
    [finding] = said
    if status is None:
        assert finding.message.startswith("No engagement is recorded")
        assert finding.location.pointer == "/engagement/status"
    else:
        assert finding.message.startswith("Engagement is recorded as not undertaken")
        assert finding.location.pointer == "/engagement/reason_if_not_undertaken"


@pytest.mark.parametrize(
    ("go_live", "said"),
    [
        (
            None,
            "less than 14 days before the decision date; it needed to start by 2021-08-18",
        ),
        ("2021-12-01", "less than 14 days before the decision date"),
        # both fail: the start after go-live is the graver fact, and one finding
        ("2021-08-01", "not before go-live (2021-08-01)"),
    ],
)
def test_eq006_names_the_one_fact(go_live: str | None, said: str) -> None:
    project: dict[str, str] = {"decision_date": "2021-09-01"}
    if go_live:
        project["go_live_date"] = go_live
    result = _run({"project": project, "assessment": {"date_started": "2021-08-25"}})
    [finding] = [f for f in result.findings if f.rule_id == "EQ-006"]
    assert said in finding.message
    assert " or " not in finding.message


def test_eq010_names_the_date_and_the_action() -> None:
    action = {"id": "A7", "description": "d", "addresses": ["access"], "owner": "o"}
    data = {
        "assessment": {"date_started": "2021-06-20", "date_completed": "2021-06-01"},
        "actions": [{**action, "due_date": "2021-01-05", "status": "planned"}],
    }
    said = {
        f.location.pointer: f.message
        for f in _run(data).findings
        if f.rule_id == "EQ-010"
    }
    assert said == {
        "/assessment/date_completed": (
            "Date completed is 2021-06-01, which is before Date started (2021-06-20)."
        ),
        "/actions/0/due_date": (
            "Action A7 is due on 2021-01-05, before the assessment started (2021-06-20)."
        ),
    }


@pytest.mark.parametrize(
    ("data", "rule_id", "said"),
    [
        (
            {"childrens_rights": {"children_affected": "directly"}},
            "EQ-063",
            "does not record whether their views were sought",
        ),
        (
            {
                "project": {"data_use": {"automated_decisions": True}},
                "data_protection": {
                    "automated_decisions": {"bias_testing": "Tested by age and sex."}
                },
            },
            "EQ-082",
            "does not record whether a person reviews them",
        ),
        (
            {"assessment": {"participants": [{"name": "A", "role": "other"}]}},
            "EQ-008",
            "No participant is recorded as having had IIA training",
        ),
    ],
)
def test_an_answer_left_out_is_not_a_no(
    data: dict[str, t.Any], rule_id: str, said: str
) -> None:
    [finding] = [f for f in _run(data).findings if f.rule_id == rule_id]
    assert said in finding.message


def test_eq078_says_when_the_dpia_is_due() -> None:
    data = {
        "project": {"go_live_date": "2021-01-01"},
        "assessment": {"report_status": "interim"},
        "data_protection": {"dpia_required": True, "dpia_status": "in_progress"},
    }
    [finding] = [f for f in _run(data).findings if f.rule_id == "EQ-078"]
    assert finding.message == (
        "A DPIA is required and must be complete by the final report or go-live,"
        " whichever comes first, but its status is in progress."
    )
