from __future__ import annotations

import datetime as dt
import typing as t

import pytest

from iia_checker.operators import OPERATORS
from iia_checker.operators.base import Scope
from iia_checker.ruleset.compiler import ConditionCompiler
from iia_checker.schema.submission import SubmissionSchema

AS_OF = dt.date(2021, 9, 1)
NINE = [
    "age",
    "disability",
    "gender_reassignment",
    "marriage_civil_partnership",
    "pregnancy_maternity",
    "race",
    "religion_or_belief",
    "sex",
    "sexual_orientation",
]


def misses(
    schema: SubmissionSchema, condition: dict[str, t.Any], data: dict[str, t.Any]
) -> list[str]:
    compiler = ConditionCompiler(schema)
    node = compiler.compile(condition, "/check")
    assert compiler.problems == []
    scope = Scope.of(data, AS_OF)
    found = [m.pointer for m in node.misses(scope)]
    assert node.holds(scope) == (not found)
    return found


def impacts(*pairs: tuple[str, str]) -> dict[str, t.Any]:
    return {
        "equality_impacts": [
            {"characteristic": c, "impact": i, "description": "d"} for c, i in pairs
        ]
    }


CASES: list[tuple[str, dict[str, t.Any], dict[str, t.Any], list[str]]] = [
    (
        "present",
        {"field": "project.go_live_date", "present": True},
        {"project": {"go_live_date": "2021-11-01"}},
        [],
    ),
    (
        "present",
        {"field": "project.go_live_date", "present": True},
        {"project": {"go_live_date": None}},
        ["/project/go_live_date"],
    ),
    (
        "present",
        {"field": "project.go_live_date", "present": False},
        {"project": {}},
        [],
    ),
    (
        "non_empty",
        {"field": "alignment.best_value", "non_empty": True},
        {"alignment": {"best_value": "  "}},
        ["/alignment/best_value"],
    ),
    (
        "non_empty",
        {"field": "project.boards", "non_empty": True},
        {"project": {"boards": []}},
        ["/project/boards"],
    ),
    (
        "non_empty",
        {"field": "project.boards", "non_empty": True},
        {"project": {"boards": ["other"]}},
        [],
    ),
    (
        "equals",
        {"field": "assessment.stage", "equals": "full"},
        {"assessment": {"stage": "full"}},
        [],
    ),
    (
        "equals",
        {"field": "project.strategic_decision", "equals": True},
        {"project": {"strategic_decision": 1}},
        ["/project/strategic_decision"],
    ),
    (
        "equals",
        {"field": "assessment.stage", "equals": "full"},
        {},
        ["/assessment/stage"],
    ),
    (
        "one_of",
        {
            "field": "accessibility.wcag_target",
            "one_of": ["wcag_2_2_aa", "wcag_2_1_aa"],
        },
        {"accessibility": {"wcag_target": "other"}},
        ["/accessibility/wcag_target"],
    ),
    (
        "matches",
        {"field": "project.id", "matches": "^DF-"},
        {"project": {"id": "DF-2021-014"}},
        [],
    ),
    (
        "matches",
        {"field": "project.id", "matches": "^DF-"},
        {"project": {"id": "HS-1"}},
        ["/project/id"],
    ),
    (
        "mentions_any",
        {"field": "access.reasonable_adjustments", "mentions_any": ["adjust"]},
        {"access": {"reasonable_adjustments": "Reasonable ADJUSTMENTS on request"}},
        [],
    ),
    (
        "mentions_any",
        {"field": "access.reasonable_adjustments", "mentions_any": ["adjust"]},
        {"access": {"reasonable_adjustments": "None"}},
        ["/access/reasonable_adjustments"],
    ),
    (
        "length",
        {"field": "project.summary_of_change", "length": {"min": 10}},
        {"project": {"summary_of_change": "  short   "}},
        ["/project/summary_of_change"],
    ),
    (
        "length",
        {"field": "project.summary_of_change", "length": {"min": 5, "max": 10}},
        {"project": {"summary_of_change": "just right"}},
        [],
    ),
    (
        "count",
        {"field": "assessment.participants", "count": {"min": 2}},
        {"assessment": {"participants": [{"name": "a", "role": "other"}]}},
        ["/assessment/participants"],
    ),
    (
        "count",
        {
            "field": "evidence",
            "count": {"min": 1, "where": {"field": "local", "equals": True}},
        },
        {"evidence": [{"id": "E1", "local": False}, {"id": "E2", "local": True}]},
        [],
    ),
    (
        "count",
        {
            "field": "evidence",
            "count": {"min": 1, "where": {"field": "local", "equals": True}},
        },
        {"evidence": [{"id": "E1", "local": False}]},
        ["/evidence"],
    ),
    (
        "number",
        {"field": "accessibility.testing.outstanding_issues", "number": {"max": 0}},
        {"accessibility": {"testing": {"outstanding_issues": 3}}},
        ["/accessibility/testing/outstanding_issues"],
    ),
    (
        "number",
        {"field": "accessibility.testing.outstanding_issues", "number": {"max": 0}},
        {"accessibility": {"testing": {"outstanding_issues": 0}}},
        [],
    ),
    (
        "date",
        {"field": "sign_off.date", "date": {"on_or_before": "project.decision_date"}},
        {
            "sign_off": {"date": "2021-09-02"},
            "project": {"decision_date": "2021-09-01"},
        },
        ["/sign_off/date"],
    ),
    (
        "date",
        {"field": "sign_off.date", "date": {"on_or_before": "project.decision_date"}},
        {
            "sign_off": {"date": "2021-09-01"},
            "project": {"decision_date": "2021-09-01"},
        },
        [],
    ),
    (
        "date",
        {"field": "sign_off.date", "date": {"on_or_before": "project.decision_date"}},
        {"sign_off": {"date": "2021-09-09"}},
        [],
    ),
    (
        "date",
        {"field": "monitoring.review_date", "date": {"after": "as_of"}},
        {"monitoring": {"review_date": "2021-08-31"}},
        ["/monitoring/review_date"],
    ),
    (
        "date",
        {
            "field": "assessment.date_started",
            "date": {"on_or_before": {"field": "project.decision_date", "days": -14}},
        },
        {
            "assessment": {"date_started": "2021-08-20"},
            "project": {"decision_date": "2021-09-01"},
        },
        ["/assessment/date_started"],
    ),
    (
        "date",
        {
            "field": "monitoring.review_date",
            "date": {
                "on_or_before": {"field": "assessment.date_completed", "months": 24}
            },
        },
        {
            "monitoring": {"review_date": "2023-08-31"},
            "assessment": {"date_completed": "2021-08-31"},
        },
        [],
    ),
    (
        "date",
        # Not a date: the schema reports it once; a rule does not judge it too.
        {"field": "monitoring.review_date", "date": {"after": "as_of"}},
        {"monitoring": {"review_date": "31/08/2022"}},
        [],
    ),
    (
        "same_as",
        {
            "field": "childrens_rights.children_affected",
            "same_as": "project.affected.children_young_people",
        },
        {
            "childrens_rights": {"children_affected": "directly"},
            "project": {"affected": {"children_young_people": "indirectly"}},
        },
        ["/childrens_rights/children_affected"],
    ),
    (
        "same_as",
        {
            "field": "childrens_rights.children_affected",
            "same_as": "project.affected.children_young_people",
        },
        {"childrens_rights": {"children_affected": "directly"}},
        [],
    ),
    (
        "within",
        {
            "field": "project.delivery.channels_before",
            "within": "project.delivery.channels_after",
        },
        {
            "project": {
                "delivery": {
                    "channels_before": ["telephone", "face_to_face_hub"],
                    "channels_after": ["website", "telephone"],
                }
            }
        },
        ["/project/delivery/channels_before"],
    ),
    (
        "within",
        {
            "field": "project.delivery.channels_before",
            "within": "project.delivery.channels_after",
        },
        {
            "project": {
                "delivery": {
                    "channels_before": ["telephone"],
                    "channels_after": ["website", "telephone"],
                }
            }
        },
        [],
    ),
    (
        "within",
        {
            "field": "project.delivery.channels_before",
            "within": "project.delivery.channels_after",
        },
        {"project": {"delivery": {"channels_before": ["telephone"]}}},
        [],
    ),
    (
        "within",
        {
            "field": "project.delivery.channels_before",
            "within": [
                "project.delivery.channels_after",
                "access.alternative_channels",
            ],
        },
        {
            "project": {
                "delivery": {
                    "channels_before": ["telephone", "face_to_face_hub", "post"],
                    "channels_after": ["website", "telephone"],
                }
            },
            "access": {"alternative_channels": ["face_to_face_hub"]},
        },
        ["/project/delivery/channels_before"],
    ),
    (
        "contains",
        {"field": "project.boards", "contains": "hub_and_spoke"},
        {"project": {"boards": ["digital_first"]}},
        ["/project/boards"],
    ),
    (
        "contains_any",
        {
            "field": "accessibility.inclusive_communication.formats",
            "contains_any": ["easy_read", "large_print"],
        },
        {"accessibility": {"inclusive_communication": {"formats": ["online"]}}},
        ["/accessibility/inclusive_communication/formats"],
    ),
    (
        "contains_all",
        {
            "field": "accessibility.user_research_with",
            "contains_all": ["disabled_people", "low_digital_skills"],
        },
        {
            "accessibility": {
                "user_research_with": [
                    "disabled_people",
                    "low_digital_skills",
                    "carers",
                ]
            }
        },
        [],
    ),
    (
        "contains_all",
        {
            "field": "accessibility.user_research_with",
            "contains_all": ["disabled_people", "low_digital_skills"],
        },
        {"accessibility": {"user_research_with": ["disabled_people"]}},
        ["/accessibility/user_research_with"],
    ),
    (
        "subset_of",
        {
            "field": "project.delivery.channels_after",
            "subset_of": ["website", "online_form"],
        },
        {"project": {"delivery": {"channels_after": ["website", "telephone"]}}},
        ["/project/delivery/channels_after"],
    ),
    (
        "subset_of",
        {
            "field": "project.delivery.channels_after",
            "subset_of": ["website", "online_form"],
        },
        {"project": {"delivery": {"channels_after": ["website"]}}},
        [],
    ),
    (
        "covers",
        {
            "field": "equality_impacts",
            "covers": {"values": NINE, "key": "characteristic", "exactly_once": True},
        },
        impacts(*((c, "neutral") for c in NINE)),
        [],
    ),
    (
        "covers",
        {
            "field": "equality_impacts",
            "covers": {"values": NINE, "key": "characteristic", "exactly_once": True},
        },
        impacts(
            ("age", "neutral"), ("age", "neutral"), *((c, "neutral") for c in NINE[1:])
        ),
        ["/equality_impacts/1"],
    ),
    (
        "covers",
        {
            "field": "equality_impacts",
            "covers": {"values": NINE, "key": "characteristic"},
        },
        impacts(("age", "neutral")),
        ["/equality_impacts"],
    ),
    (
        "covers",
        {
            "field": "equality_impacts",
            "covers": {
                "values": ["age"],
                "key": "characteristic",
                "where": {"field": "evidence_ids", "count": {"min": 1}},
            },
        },
        impacts(("age", "neutral")),
        ["/equality_impacts"],
    ),
    (
        "covers",
        {
            "field": "equality_impacts",
            "covers": {
                "values": ["age"],
                "key": "characteristic",
                "also": [
                    {"field": "other_groups", "key": "group", "values": ["carers"]}
                ],
            },
        },
        {**impacts(("age", "neutral")), "other_groups": [{"group": "carers"}]},
        [],
    ),
    (
        "covers",
        {
            "field": "equality_impacts",
            "covers": {
                "values": ["age"],
                "key": "characteristic",
                "also": [
                    {"field": "other_groups", "key": "group", "values": ["carers"]}
                ],
            },
        },
        {"other_groups": [{"group": "carers"}]},
        ["/equality_impacts"],
    ),
    (
        "unique_by",
        {"field": "evidence", "unique_by": {"key": "id"}},
        {"evidence": [{"id": "E1"}, {"id": "E2"}, {"id": "E1"}]},
        ["/evidence/2/id"],
    ),
    (
        "unique_by",
        {
            "field": "equality_impacts",
            "unique_by": {"key": "description", "max_repeats": 2},
        },
        impacts(("age", "x"), ("sex", "x"), ("race", "x")),
        ["/equality_impacts/2/description"],
    ),
    (
        "resolves",
        {
            "field": "equality_impacts",
            "for_each": {
                "check": {"field": "evidence_ids", "resolves": {"in": "evidence"}}
            },
        },
        {
            "evidence": [{"id": "E1"}],
            "equality_impacts": [
                {"characteristic": "age", "evidence_ids": ["E1", "E9"]}
            ],
        },
        ["/equality_impacts/0/evidence_ids/1"],
    ),
    (
        "for_each",
        {
            "field": "equality_impacts",
            "for_each": {
                "where": {"field": "impact", "equals": "negative"},
                "check": {"field": "action_ids", "count": {"min": 1}},
            },
        },
        impacts(("age", "negative"), ("sex", "neutral")),
        ["/equality_impacts/0/action_ids"],
    ),
    (
        "all",
        {
            "all": [
                {"field": "assessment.stage", "equals": "full"},
                {"field": "assessment.report_status", "equals": "final"},
            ]
        },
        {"assessment": {"stage": "screening", "report_status": "interim"}},
        ["/assessment/stage", "/assessment/report_status"],
    ),
    (
        "any",
        {
            "any": [
                {"field": "assessment.stage", "equals": "full"},
                {"field": "assessment.report_status", "equals": "final"},
            ]
        },
        {"assessment": {"stage": "screening", "report_status": "final"}},
        [],
    ),
    (
        "any",
        {
            "any": [
                {"field": "assessment.stage", "equals": "full"},
                {"field": "assessment.report_status", "equals": "final"},
            ]
        },
        {"assessment": {"stage": "screening", "report_status": "interim"}},
        ["/assessment/stage"],
    ),
    (
        "not",
        {"not": {"field": "project.delivery.digital_only", "equals": True}},
        {"project": {"delivery": {"digital_only": True}}},
        ["/project/delivery/digital_only"],
    ),
    (
        "$.",
        {
            "field": "actions",
            "for_each": {
                "check": {
                    "field": "due_date",
                    "date": {"on_or_after": "$.assessment.date_started"},
                }
            },
        },
        {
            "assessment": {"date_started": "2021-06-01"},
            "actions": [{"id": "A1", "due_date": "2021-05-01"}],
        },
        ["/actions/0/due_date"],
    ),
]


@pytest.mark.parametrize(
    ("operator", "condition", "data", "expected"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_operator(
    schema: SubmissionSchema,
    operator: str,
    condition: dict[str, t.Any],
    data: dict[str, t.Any],
    expected: list[str],
) -> None:
    assert misses(schema, condition, data) == expected


def test_every_operator_has_a_case() -> None:
    covered = {case[0] for case in CASES}
    assert set(OPERATORS) - covered == set()


def test_for_each_misses_carry_the_item_for_messages(schema: SubmissionSchema) -> None:
    compiler = ConditionCompiler(schema)
    node = compiler.compile(
        {
            "field": "equality_impacts",
            "for_each": {"check": {"field": "description", "length": {"min": 40}}},
        },
        "/check",
    )
    data = impacts(("sex", "neutral"))
    [miss] = node.misses(Scope.of(data, AS_OF))
    assert miss.values["item.characteristic"] == "sex"
    assert miss.values["index"] == 1
    assert miss.values["length"] == 1
    description = compiler.schema.at("/equality_impacts/0/description")
    assert description is not None
    assert miss.values["field"] == description["title"]


def test_count_names_the_items_it_counted(schema: SubmissionSchema) -> None:
    """``{items}``: each counted item by its id, or its number from 1 without one."""
    compiler = ConditionCompiler(schema)
    unowned = {"not": {"field": "owner", "non_empty": True}}
    node = compiler.compile(
        {"field": "actions", "count": {"max": 0, "where": unowned}}, "/check"
    )
    actions = [{"id": "A1"}, {"id": "A2", "owner": "o"}, {}, {"id": " "}, {"id": "A9"}]
    [miss] = node.misses(Scope.of({"actions": actions}, AS_OF))
    assert miss.values["count"] == 4
    assert miss.values["items"] == ["A1", "item 3", "item 4", "A9"]
    many = [{"id": f"A{n}"} for n in range(1, 31)]
    [miss] = node.misses(Scope.of({"actions": many}, AS_OF))
    assert miss.values["items"] == [f"A{n}" for n in range(1, 21)] + ["and 10 more"]


def test_each_failing_branch_says_its_own_message(schema: SubmissionSchema) -> None:
    compiler = ConditionCompiler(schema)
    node = compiler.compile(
        {
            "message": "The sign-off is incomplete.",
            "all": [
                {
                    "field": "sign_off.grade",
                    "present": True,
                    "message": "No grade is recorded for the signatory.",
                },
                {"field": "sign_off.name", "non_empty": True},
            ],
        },
        "/check",
    )
    assert compiler.problems == []
    scope = Scope.of({"sign_off": {"job_title": "Head"}}, AS_OF)
    said = [(m.pointer, m.message) for m in node.misses(scope)]
    assert said == [
        ("/sign_off/grade", "No grade is recorded for the signatory."),
        ("/sign_off/name", "The sign-off is incomplete."),
    ]
    assert [m for _, m in said] == [m for _, m in said if m]


def test_a_message_inside_not_is_not_said_when_the_not_fails(
    schema: SubmissionSchema,
) -> None:
    compiler = ConditionCompiler(schema)
    inner = {"field": "project.digital_only", "equals": True, "message": "x" * 12}
    node = compiler.compile({"not": inner}, "/check")
    missed = node.misses(Scope.of({"project": {"digital_only": True}}, AS_OF))
    assert [m.message for m in missed] == [None]


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ({"actions": [{"id": "A1", "status": "planned"}]}, []),
        ({"actions": [{"id": "A1", "due_date": "2021-01-01"}]}, ["/actions/0"]),
        ({"actions": [{"id": "A1", "due_date": "2030-01-01"}]}, []),
    ],
)
def test_if_present_judges_only_values_that_exist(
    schema: SubmissionSchema, data: dict[str, t.Any], found: list[str]
) -> None:
    condition = {
        "field": "actions",
        "for_each": {
            "check": {
                "field": "due_date",
                "date": {"on_or_after": "as_of"},
                "if_present": True,
            }
        },
    }
    assert [p.rsplit("/", 1)[0] for p in misses(schema, condition, data)] == found


def test_a_branch_message_must_be_a_sentence(
    schema: SubmissionSchema,
) -> None:
    compiler = ConditionCompiler(schema)
    compiler.compile({"field": "project.title", "present": True, "message": 3}, "/c")
    assert [p.pointer for p in compiler.problems] == ["/c/message"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({}, ["No accessibility target is recorded."]),
        (
            {"accessibility": {"wcag_target": None}},
            ["No accessibility target is recorded."],
        ),
        ({"accessibility": {"wcag_target": "other"}}, [None]),
        ({"accessibility": {"wcag_target": "wcag_2_2_aa"}}, []),
    ],
)
def test_when_absent_says_what_is_not_recorded(
    schema: SubmissionSchema, data: dict[str, t.Any], said: list[str | None]
) -> None:
    compiler = ConditionCompiler(schema)
    node = compiler.compile(
        {
            "field": "accessibility.wcag_target",
            "one_of": ["wcag_2_2_aa", "wcag_2_1_aa"],
            "when_absent": "No accessibility target is recorded.",
        },
        "/check",
    )
    assert compiler.problems == []
    scope = Scope.of(data, AS_OF)
    found = node.misses(scope)
    assert [m.message for m in found] == said
    assert node.holds(scope) == (not found)


COVERS_THREE_LISTS: dict[str, t.Any] = {
    "field": "equality_impacts",
    "covers": {
        "values": ["age", "disability"],
        "key": "characteristic",
        "where": {"field": "evidence_ids", "count": {"min": 1}},
        "also": [
            {
                "field": "other_groups",
                "key": "group",
                "values": ["rural_communities", "digitally_excluded"],
                "where": {"field": "evidence_ids", "count": {"min": 1}},
            },
            {
                "field": "fairer_scotland.dimensions",
                "key": "dimension",
                "values": ["low_income"],
            },
        ],
    },
}


@pytest.mark.parametrize(
    ("data", "missing", "names"),
    [
        (
            {
                "equality_impacts": [
                    {"characteristic": "age", "evidence_ids": ["E1"]},
                    {"characteristic": "disability"},
                ],
                "other_groups": [
                    {"group": "rural_communities", "evidence_ids": ["E2"]},
                    {"group": "digitally_excluded"},
                ],
            },
            ["disability", "digitally_excluded", "low_income"],
            ["Disability", "Digitally excluded", "Low income"],
        ),
        (
            {},
            [
                "age",
                "disability",
                "rural_communities",
                "digitally_excluded",
                "low_income",
            ],
            [
                "Age",
                "Disability",
                "Rural communities",
                "Digitally excluded",
                "Low income",
            ],
        ),
    ],
)
def test_covers_names_only_the_values_no_counted_item_gives(
    schema: SubmissionSchema,
    data: dict[str, t.Any],
    missing: list[str],
    names: list[str],
) -> None:
    """``where`` counts only evidenced items; ``also`` lists join in one miss, at
    the field, naming the missing values by their schema labels."""
    compiler = ConditionCompiler(schema)
    node = compiler.compile(COVERS_THREE_LISTS, "/check")
    assert compiler.problems == []
    [miss] = node.misses(Scope.of(data, AS_OF))
    assert miss.pointer == "/equality_impacts"
    assert miss.values["missing"] == missing
    assert miss.values["missing_names"] == names


def test_covers_also_paths_are_checked_against_the_schema(
    schema: SubmissionSchema,
) -> None:
    compiler = ConditionCompiler(schema)
    condition = {
        "field": "equality_impacts",
        "covers": {
            "values": ["age"],
            "key": "characteristic",
            "also": [
                {"field": "other_group", "key": "group", "values": ["carers"]},
                {"field": "project.title", "values": ["x"]},
            ],
        },
    }
    compiler.compile(condition, "/check")
    assert [p.pointer for p in compiler.problems] == [
        "/check/covers/also/0/field",
        "/check/covers/also/1",
    ]


def test_covers_at_reports_the_gap_at_another_field(schema: SubmissionSchema) -> None:
    """A gap across several lists is reported where ``at`` says, not at an absent
    first list (where a finding about that absence would hide it)."""
    compiler = ConditionCompiler(schema)
    condition = {
        **COVERS_THREE_LISTS,
        "covers": {
            **COVERS_THREE_LISTS["covers"],
            "at": "access.channel_change.existing_channel_reduced",
        },
    }
    node = compiler.compile(condition, "/check")
    assert compiler.problems == []
    data = {"access": {"channel_change": {"existing_channel_reduced": True}}}
    [miss] = node.misses(Scope.of(data, AS_OF))
    assert miss.pointer == "/access/channel_change/existing_channel_reduced"
    assert miss.values["missing_names"] == [
        "Age",
        "Disability",
        "Rural communities",
        "Digitally excluded",
        "Low income",
    ]


def test_within_names_the_items_left_out_by_their_labels(
    schema: SubmissionSchema,
) -> None:
    compiler = ConditionCompiler(schema)
    condition = {
        "field": "project.delivery.channels_before",
        "within": ["project.delivery.channels_after", "access.alternative_channels"],
    }
    node = compiler.compile(condition, "/check")
    assert compiler.problems == []
    data = {
        "project": {
            "delivery": {
                "channels_before": ["telephone", "face_to_face_hub", "post"],
                "channels_after": ["website", "telephone"],
            }
        }
    }
    [miss] = node.misses(Scope.of(data, AS_OF))
    assert miss.values["missing"] == ["face_to_face_hub", "post"]
    assert miss.values["missing_names"] == ["Face to face at a hub", "Post"]


def test_within_compares_only_with_list_fields(schema: SubmissionSchema) -> None:
    """A field that is no list would fail the rule for every submission."""
    compiler = ConditionCompiler(schema)
    condition = {
        "field": "project.delivery.channels_before",
        "within": ["project.delivery.channels_after", "project.title"],
    }
    compiler.compile(condition, "/check")
    assert [(p.pointer, p.message) for p in compiler.problems] == [
        ("/check/within", '"Project title" is not a list')
    ]
