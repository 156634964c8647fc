"""Hostile input, round two: patterns, time budgets, special files, JSON size and
duplicate keys. Each class is tested with generated cases, not one example."""

from __future__ import annotations

import json
import re
import textwrap
import time
import typing as t
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from iia_checker.errors import RulesetError, SchemaError
from iia_checker.limits import DEFAULT_LIMITS
from iia_checker.linear_regex import PatternError, compile_linear
from iia_checker.loaders import json_
from iia_checker.resources import default_rules_dir, default_schema_path
from iia_checker.ruleset.loading import load_ruleset
from iia_checker.schema.submission import (
    FORMATS,
    SubmissionSchema,
    load_schema,
    validate_structure,
)

from .conftest import VALID_SAMPLE

Invoke = t.Callable[..., t.Any]


# --- Regular expressions ----------------------------------------------------------


def _patterns_in(node: object) -> t.Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "matches" and isinstance(value, str):
                yield value
            yield from _patterns_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns_in(item)


def _strings_in(node: object) -> t.Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings_in(item)


def _bundled_rules() -> list[dict[str, t.Any]]:
    files = sorted(default_rules_dir().glob("*/*.yaml"))
    loaded = [yaml.safe_load(path.read_text("utf-8")) for path in files]
    return [rule for rule in loaded if isinstance(rule, dict) and "check" in rule]


BUNDLED_PATTERNS = sorted(
    {pattern for rule in _bundled_rules() for pattern in _patterns_in(rule)}
)


def test_the_bundled_rules_have_patterns_to_compare() -> None:
    assert BUNDLED_PATTERNS


@pytest.mark.parametrize("rule", _bundled_rules(), ids=lambda rule: str(rule["id"]))
def test_bundled_patterns_agree_with_re_on_their_examples(
    rule: dict[str, t.Any],
) -> None:
    texts = list(_strings_in(rule.get("examples", {})))
    for pattern in _patterns_in(rule):
        linear = compile_linear(pattern)
        for text in texts:
            assert linear.search(text) == (re.search(pattern, text) is not None), (
                pattern,
                text,
            )


@pytest.mark.parametrize("pattern", BUNDLED_PATTERNS)
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=127)))
def test_bundled_patterns_agree_with_re_on_any_ascii_text(
    pattern: str, text: str
) -> None:
    # \s, \d and \w are ASCII in RE2; on ASCII text both engines must agree.
    expected = re.search(pattern, text) is not None
    assert compile_linear(pattern).search(text) == expected


def _hostile_texts(size: int) -> list[str]:
    """Texts built to make backtracking engines try every split point."""
    return [
        "https://" + "a." * (size // 2) + " ",
        "https://" + "a" * size + "\n",
        "a@" + "b." * (size // 2) + "@",
        "x" * size + "!",
        "é." * (size // 2) + " ",
    ]


@pytest.mark.parametrize("pattern", BUNDLED_PATTERNS)
def test_bundled_patterns_are_linear_on_200_kb_hostile_text(pattern: str) -> None:
    linear = compile_linear(pattern)
    for text in _hostile_texts(200_000):
        started = time.perf_counter()
        linear.search(text)
        assert time.perf_counter() - started < 2


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_checks_are_linear_on_200_kb_hostile_text(name: str) -> None:
    for text in _hostile_texts(200_000):
        started = time.perf_counter()
        FORMATS[name](text)
        assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name@midlothian.gov.uk", True),
        ("a@b.c", True),
        ("a@b.", False),
        ("a@.c", False),
        ("@b.c", False),
        ("a@@b.c", False),
        ("a b@c.d", False),
        ("a@b\u00a0.c", False),
        ("a@b.c\n", False),
    ],
)
def test_the_email_format_without_a_regex(text: str, expected: bool) -> None:
    assert FORMATS["email"](text) is expected


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="ab.@ \t1-"))
def test_email_and_date_formats_agree_with_their_old_patterns(text: str) -> None:
    # The old patterns, without the quirk of $ matching before a final newline.
    email = re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) is not None
    assert FORMATS["email"](text) is email
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is None:
        assert FORMATS["date"](text) is False


@pytest.mark.parametrize(
    "pattern", [r"(a)\1", r"(?=a)b", r"(?!a)", r"(?<=a)b", r"(?<!a)b", r"(a+)\1+$"]
)
def test_patterns_that_need_backtracking_are_refused_in_plain_words(
    pattern: str,
) -> None:
    with pytest.raises(PatternError, match="does not support"):
        compile_linear(pattern)


RULE = """\
id: EQ-900
title: A rule
severity: error
boards: [digital-first]
tags: [equality]
references: [Equality Act 2010 s.149]
description: Why this matters, in more than twenty characters.
remediation: What to do about it, in more than twenty characters.
check: {field: project.title, matches: "PATTERN"}
message: "The title {value} is wrong."
examples:
  pass: [{project: {title: "aa"}}]
  fail: [{project: {title: "b"}}]
"""


@pytest.mark.parametrize("pattern", [r"(a)\\1", r"(?=a)a", r"(?<!b)a"])
def test_rules_validate_refuses_a_backtracking_pattern_naming_file_and_line(
    run: Invoke, tmp_path: Path, pattern: str
) -> None:
    (tmp_path / "EQ-900.yaml").write_text(RULE.replace("PATTERN", pattern))
    outcome = run("rules", "validate", "--rules", str(tmp_path))
    assert outcome.exit_code == 2
    [line] = [x for x in outcome.stderr.splitlines() if "EQ-900.yaml" in x]
    assert f"{tmp_path}/EQ-900.yaml:9:" in line
    assert "does not support" in line
    assert "Traceback" not in outcome.stderr


def _schema_with(tmp_path: Path, pattern: str, where: str) -> Path:
    raw = json.loads(default_schema_path().read_text("utf-8"))
    project = raw["properties"]["project"]
    if where == "pattern":
        project["properties"]["title"]["pattern"] = pattern
    else:
        project["patternProperties"] = {pattern: {}}
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["pattern", "patternProperties"])
def test_a_schema_pattern_that_needs_backtracking_is_refused_at_load(
    tmp_path: Path, where: str
) -> None:
    path = _schema_with(tmp_path, r"^(a)\1$", where)
    with pytest.raises(SchemaError, match="does not support") as caught:
        load_schema(path)
    assert str(caught.value).startswith(f"{path}: /properties/project/")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("where", ["pattern", "patternProperties"])
def test_a_schema_pattern_cannot_hang_either_validator(
    tmp_path: Path, where: str
) -> None:
    schema = load_schema(_schema_with(tmp_path, "^(a+)+$", where))
    data = json.loads(VALID_SAMPLE.read_text("utf-8"))
    hostile = "a" * 50_000 + "!"
    if where == "pattern":
        data["project"]["title"] = hostile
    else:
        data["project"][hostile] = 1
    submission = json_.load_text(json.dumps(data), "x.json", DEFAULT_LIMITS)
    started = time.perf_counter()
    assert schema.quick_check is not None and not schema.quick_check(data)
    assert list(schema.validator.iter_errors(data))
    assert validate_structure(submission, schema)
    assert time.perf_counter() - started < 2


def test_the_bundled_schema_patterns_compile_on_the_linear_engine(
    schema: SubmissionSchema,
) -> None:
    from iia_checker.schema.patterns import check_patterns

    assert check_patterns(schema.raw) == []


def test_rule_loading_reports_a_bad_pattern_with_its_line(
    schema: SubmissionSchema, tmp_path: Path
) -> None:
    (tmp_path / "EQ-900.yaml").write_text(
        textwrap.dedent(RULE.replace("PATTERN", r"(x)\\1"))
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset([tmp_path], schema)
    assert any(":9: /check" in str(p) for p in caught.value.problems)
