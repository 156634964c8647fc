"""Every message an officer reads is plain English (issue 16, item 1).

Officers know fields by the titles and section names on the form and values by
their labels, so a rule's description, remediation and messages (and the findings
the checker produces from every sample) must not show a dotted field path, a JSON
pointer, a schema field key or an underscored value code, a regex or a file path.
The keys and codes are read from the submission schema, so a new field is covered
without editing this test. ``references`` are legal citations and are not checked.
"""

from __future__ import annotations

import json
import re
import typing as t

import pytest
import yaml
from click.testing import CliRunner

from iia_checker.cli import cli
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.files import rule_paths

from .conftest import SAMPLES

TEXT_KEYS: t.Final = ("description", "remediation", "message")
BRANCH_KEYS: t.Final = ("message", "when_absent")

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+")
DOTTED_PATH = re.compile(
    r"\$\.[a-z]\w*(?:\.\w+)*|(?<![\w.])[a-z][a-z0-9_]+(?:\.[a-z][a-z0-9_]+)+\b"
)
POINTER = re.compile(r"(?<![\w/])/[a-z_]+(?:/[\w-]+)*")
REGEX = re.compile(r"\\[dDsSwWb]|\[[^\]\s]-[^\]\s]\]|\.[*+]|\(\?|[\^$]")
FILE_PATH = re.compile(r"\b[\w-]+\.(?:ya?ml|json|py|xlsx|ods|csv|md|html)\b")
WORD = re.compile(r"\w+")


def _schema_words(node: object, keys: set[str], codes: set[str]) -> None:
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            keys.update(properties)
        enum = node.get("enum")
        if isinstance(enum, list):
            codes.update(str(code) for code in enum)
        for child in node.values():
            _schema_words(child, keys, codes)
    elif isinstance(node, list):
        for child in node:
            _schema_words(child, keys, codes)


def _underscored_words() -> frozenset[str]:
    """Field keys and value codes of the schema written with an underscore."""
    keys: set[str] = set()
    codes: set[str] = set()
    raw = json.loads(default_schema_path().read_text(encoding="utf-8"))
    _schema_words(raw, keys, codes)
    return frozenset(word for word in keys | codes if "_" in word)


UNDERSCORED = _underscored_words()


def machine_words(text: str) -> list[str]:
    """The parts of ``text`` an officer should not have to decode."""
    # ``{path}`` is filled with the field's dotted path; ``{field}`` names it.
    found = re.findall(r"\{path\}", text)
    prose = WEB_ADDRESS.sub(" ", PLACEHOLDER.sub(" ", text))
    found += [
        *DOTTED_PATH.findall(prose),
        *POINTER.findall(prose),
        *REGEX.findall(prose),
        *FILE_PATH.findall(prose),
    ]
    return found + [word for word in WORD.findall(prose) if word in UNDERSCORED]


def _texts_under(node: object, keys: t.Collection[str]) -> t.Iterator[str]:
    """Every text held under one of ``keys``, at any depth of ``node``."""
    if isinstance(node, dict):
        for key, child in node.items():
            if key in keys and isinstance(child, str):
                yield child
            else:
                yield from _texts_under(child, keys)
    elif isinstance(node, list):
        for child in node:
            yield from _texts_under(child, keys)


def human_texts(rule: dict[str, t.Any]) -> list[str]:
    """A rule's description, remediation and every message it can give."""
    texts = [str(rule[key]) for key in TEXT_KEYS if key in rule]
    branches = [
        *_texts_under(rule.get("check"), BRANCH_KEYS),
        *_texts_under(rule.get("when"), BRANCH_KEYS),
    ]
    return [*texts, *branches]


def _bundled_rules() -> dict[str, dict[str, t.Any]]:
    rules = {}
    for path in rule_paths(default_rules_dir()):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules[str(rule["id"])] = rule
    return rules


RULES = _bundled_rules()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_texts_read_as_plain_english(rule_id: str) -> None:
    offending = {
        text.strip()[:60]: words
        for text in human_texts(RULES[rule_id])
        if (words := machine_words(text))
    }
    assert offending == {}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("list it in access.alternative_channels", ["access.alternative_channels"]),
        ("set digital_only to false", ["digital_only"]),
        ("the outcome must be stop_and_remove", ["stop_and_remove"]),
        ("the field at /project/boards", ["/project/boards"]),
        ("a reference matching ^EV-[0-9]+$", ["[0-9]", "^", "$"]),
        ("see rules/psed/EQ-020.yaml", ["EQ-020.yaml"]),
        ("reach $.project from an item", ["$.project"]),
        ('The section "{field}" ({path}) is empty', ["{path}"]),
        ("a code such as face_to_face_library", ["face_to_face_library"]),
    ],
)
def test_machine_words_are_found(text: str, words: list[str]) -> None:
    assert set(words) <= set(machine_words(text))


@pytest.mark.parametrize(
    "text",
    [
        "Equality Act 2010 s.149(1)(b), e.g. age and/or disability",
        "Digital Midlothian report para 4.4 and the Data Protection Regulation 2018",
        "Build to WCAG 2.2 AA; see https://www.w3.org/TR/WCAG22/ or www.gov.scot/x_y",
        "Evidence gap {item.id} has no action; the {field} is {value}.",
        "Answer Yes to Publication, Will be published, 24/7.",
    ],
)
def test_prose_is_allowed(text: str) -> None:
    assert machine_words(text) == []


@pytest.fixture(scope="module")
def produced() -> dict[str, list[dict[str, t.Any]]]:
    """Every rule finding from one run over every sample, by rule id."""
    samples = sorted(
        path for path in SAMPLES.rglob("*") if path.suffix in {".json", ".xlsx", ".ods"}
    )
    args = ["check", *map(str, samples), "--as-of", "2021-09-01", "-f", "json"]
    output = CliRunner(env={"IIA_CHECK_DETERMINISTIC": "1"}).invoke(cli, args)
    found: dict[str, list[dict[str, t.Any]]] = {}
    for result in json.loads(output.stdout)["submissions"]:
        for finding in result["findings"]:
            found.setdefault(finding["rule_id"], []).append(finding)
    assert len(found.keys() & RULES.keys()) >= 50, "the samples exercise most rules"
    return found


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_produced_findings_read_as_plain_english(
    rule_id: str, produced: dict[str, list[dict[str, t.Any]]]
) -> None:
    offending = {
        str(finding[key]): words
        for finding in produced.get(rule_id, [])
        for key in ("title", "message", "remediation")
        if (words := machine_words(str(finding.get(key) or "")))
    }
    assert offending == {}


#: A quoted literal in a schema finding is what was typed, or what a JSON author
#: must type (``did you mean "summary_of_change", Summary of change?``): not prose.
QUOTED = re.compile(r'"[^"]*"')


def test_schema_findings_read_as_plain_english(
    produced: dict[str, list[dict[str, t.Any]]],
) -> None:
    offending = {
        str(finding[key]): words
        for rule_id, findings in produced.items()
        if rule_id not in RULES
        for finding in findings
        for key in ("title", "message", "remediation")
        if (words := machine_words(QUOTED.sub(" ", str(finding.get(key) or ""))))
    }
    assert offending == {}


def test_the_schema_help_reads_as_plain_english() -> None:
    """Titles and descriptions are the help of templates and the web form."""
    schema = json.loads(default_schema_path().read_text(encoding="utf-8"))
    offending = {
        text[:60]: words
        for text in _texts_under(schema, ("title", "description", "x-expected"))
        if (words := machine_words(QUOTED.sub(" ", text)))
    }
    assert offending == {}
