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
from iia_checker.schema.submission import FORMATS, SubmissionSchema, load_schema
from iia_checker.schema.validate import validate_structure

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


# --- JSON: positions found on demand, memory and time bounded --------------------

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


def _pointers(value: object, here: str = "") -> t.Iterator[tuple[str, object]]:
    from iia_checker.model import pointers

    yield here, value
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        yield from _pointers(child, pointers.join(here, key))


def _offset(text: str, line: int, column: int) -> int:
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    return starts[line - 1] + column - 1


@settings(max_examples=200, deadline=None)
@given(
    data=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=5),
    indent=st.sampled_from([None, 1, 4]),
    ascii_only=st.booleans(),
)
def test_every_pointer_is_located_at_its_own_value(
    data: dict[str, t.Any], indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    submission = json_.load_text(text, "f.json", DEFAULT_LIMITS)
    decoder = json.JSONDecoder()
    for pointer, value in _pointers(data):
        location = submission.locate(pointer)
        assert location.line is not None and location.column is not None
        found, _ = decoder.raw_decode(
            text, _offset(text, location.line, location.column)
        )
        assert found == value, pointer


@settings(max_examples=100, deadline=None)
@given(
    data=st.dictionaries(st.text(max_size=6), JSON_VALUES, min_size=1, max_size=5),
    bad=st.sampled_from(["NaN", "Infinity", "-Infinity", "1" * 101, "1e999"]),
)
def test_a_refused_value_anywhere_is_reported_at_its_line(
    data: dict[str, t.Any], bad: str
) -> None:
    # Put the bad token as the value of a fresh key on its own line, last.
    text = json.dumps(data, indent=1)[:-2] + f',\n "zz_bad": {bad}\n}}'
    line = text.count("\n", 0, text.index('"zz_bad"')) + 1
    with pytest.raises(json_.InputProblem) as caught:
        json_.load_text(text, "f.json", DEFAULT_LIMITS)
    assert caught.value.line == line
    assert "\n" not in caught.value.message


@settings(max_examples=100, deadline=None)
@given(data=st.dictionaries(st.text(max_size=6), JSON_VALUES, min_size=1, max_size=5))
def test_a_key_written_twice_names_both_lines(data: dict[str, t.Any]) -> None:
    key = next(iter(data))
    text = json.dumps(data, indent=1)[:-2] + f",\n {json.dumps(key)}: 1\n}}"
    first = text.count("\n", 0, text.index(json.dumps(key) + ":")) + 1
    second = text.count("\n") - 1 + 1
    with pytest.raises(json_.InputProblem) as caught:
        json_.load_text(text, "f.json", DEFAULT_LIMITS)
    assert caught.value.line == second
    assert f"(first at line {first})" in caught.value.message


def _child_measure(shape: str) -> tuple[float, float, float]:
    """(seconds, peak MB, file MB) of loading and locating ``shape`` in a child."""
    import subprocess
    import sys

    script = textwrap.dedent(
        f"""
        import json, resource, time
        from iia_checker.limits import DEFAULT_LIMITS
        from iia_checker.loaders import json_
        data = {{"schema_version": "1.0"}}
        {shape}
        text = json.dumps(data)
        del data
        size = len(text.encode())
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        json_.load_text(text, "f.json", DEFAULT_LIMITS).locate("/x/1/2")
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(seconds, (peak - base) / 1024, size / 1e6)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    seconds, peak, size = (float(x) for x in done.stdout.split())
    return seconds, peak, size


@pytest.mark.parametrize(
    "shape",
    [
        'data["x"] = "word " * 2_000_000',
        'data["x"] = "\\\\" * 5_000_000',
        'data["x"] = list(range(1_000_000))',
        'data["x"] = [{"a": [i, "s"]} for i in range(100_000)]',
    ],
)
def test_json_memory_is_a_small_multiple_of_the_file_and_time_is_linear(
    shape: str,
) -> None:
    # Bound (README, Limits): peak memory above start-up <= 10x the file size.
    seconds, peak, size = _child_measure(shape)
    assert peak <= 10 * size + 5, (peak, size)
    assert seconds < 10, seconds


# --- Duplicate keys -----------------------------------------------------------------

NAMES = st.from_regex(r"[a-z]{1,6}", fullmatch=True)
MAPPINGS = st.recursive(
    st.dictionaries(NAMES, st.integers(0, 9), min_size=1, max_size=4),
    lambda inner: st.dictionaries(
        NAMES, inner | st.integers(0, 9), min_size=1, max_size=4
    ),
    max_leaves=12,
)


def _yaml_with_a_repeat(
    mapping: dict[str, t.Any], target: int
) -> tuple[str, str, int, int]:
    """Block YAML of ``mapping`` with the first key of its ``target``-th mapping
    (in document order) written again at the end of that mapping: (text, key,
    line of the first, line of the repeat)."""
    lines: list[str] = []
    seen = [0]
    found: list[tuple[str, int, int]] = []

    def render(node: dict[str, t.Any], pad: str) -> None:
        number = seen[0]
        seen[0] += 1
        first_line = len(lines) + 1
        for key, value in node.items():
            if isinstance(value, dict):
                lines.append(f"{pad}{key}:")
                render(value, pad + "  ")
            else:
                lines.append(f"{pad}{key}: {value}")
        if number == target:
            key = next(iter(node))
            lines.append(f"{pad}{key}: 0")
            found.append((key, first_line, len(lines)))

    render(mapping, "")
    [(key, first, again)] = found or [(next(iter(mapping)), 1, 0)]
    return "\n".join(lines) + "\n", key, first, again


@settings(max_examples=200, deadline=None)
@given(mapping=MAPPINGS, choice=st.integers(0, 20))
def test_a_yaml_key_written_twice_anywhere_names_both_lines(
    mapping: dict[str, t.Any], choice: int
) -> None:
    from iia_checker.ruleset import yaml_positions

    count = _count_mappings(mapping)
    text, key, first, again = _yaml_with_a_repeat(mapping, choice % count)
    with pytest.raises(yaml_positions.YamlProblem) as caught:
        yaml_positions.load(text)
    assert caught.value.line == again
    assert caught.value.message == (
        f"key '{key}' is written twice (first at line {first})"
    )


def _count_mappings(node: object) -> int:
    if not isinstance(node, dict):
        return 0
    return 1 + sum(_count_mappings(value) for value in node.values())


@settings(max_examples=100, deadline=None)
@given(mapping=MAPPINGS)
def test_yaml_without_repeats_loads_as_before(mapping: dict[str, t.Any]) -> None:
    from iia_checker.ruleset import yaml_positions

    text = yaml.safe_dump(mapping, default_flow_style=False)
    assert yaml_positions.load(text)[0] == mapping
    flow = yaml.safe_dump(mapping, default_flow_style=True)
    assert yaml_positions.load(flow)[0] == mapping


def _good_rule() -> str:
    return RULE.replace("PATTERN", "^a")


def test_an_error_rule_made_info_by_a_second_severity_is_refused(
    run: Invoke, tmp_path: Path
) -> None:
    text = _good_rule().replace("message:", "severity: info\nmessage:")
    assert text.count("severity:") == 2
    (tmp_path / "EQ-900.yaml").write_text(text)
    outcome = run("rules", "validate", "--rules", str(tmp_path))
    assert outcome.exit_code == 2
    assert (
        f"{tmp_path}/EQ-900.yaml:10: /: key 'severity' is written twice"
        " (first at line 3)"
    ) in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_a_waiver_file_with_a_key_written_twice_is_refused(
    run: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "waivers:\n  - rule: EQ-022\n    project: DF-2021-014\n"
        "    reason: Accepted by the board for this year.\n"
        "    approved_by: Someone\n    expires: 2030-01-01\n    rule: EQ-017\n"
    )
    outcome = run("check", str(VALID_SAMPLE), "--waivers", str(path))
    assert outcome.exit_code == 2
    assert (
        outcome.stderr.strip()
        .splitlines()[-1]
        .endswith(f"{path}:7: key 'rule' is written twice (first at line 2)")
    )


def test_a_baseline_with_a_key_written_twice_is_refused(
    run: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(
        '{\n "baseline_version": 1,\n "entries": [\n  {"rule": "EQ-022",'
        ' "project": "X",\n   "pointer": "", "rule": "EQ-017"}\n ]\n}\n'
    )
    outcome = run("check", str(VALID_SAMPLE), "--baseline", str(path))
    assert outcome.exit_code == 2
    [line] = outcome.stderr.strip().splitlines()
    assert f"{path}:5: " in line
    assert (
        'the key "rule" is written twice in the same object (first at line 4)' in line
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "iia-checker.toml",
            'profile = "ci-gate"\nfail_on = "error"\nfail_on = "warning"\n',
            ":3: a key is written twice; keep one",
        ),
        (
            "pyproject.toml",
            '[tool.iia-checker]\nprofile = "x"\n[tool.iia-checker]\nprofile = "y"\n',
            ":3: a table is declared twice; keep one",
        ),
        ("iia-checker.toml", "fail_on = \n", ":1: not valid TOML: invalid value"),
    ],
)
def test_a_config_file_problem_is_one_line_naming_file_and_line(
    run: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    expected: str,
) -> None:
    (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    outcome = run("check", str(VALID_SAMPLE))
    assert outcome.exit_code == 2
    [line] = outcome.stderr.strip().splitlines()
    assert line.endswith(f"{tmp_path / name}{expected}"), line


# --- Time budget per submission ---------------------------------------------------


class _SlowClock:
    """A monotonic clock that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize("budget_ms", [1, 5, 40])
def test_past_the_budget_the_remaining_rules_are_not_run(
    run: Invoke, monkeypatch: pytest.MonkeyPatch, budget_ms: int
) -> None:
    # Each read of the clock costs 1 ms: the budget runs out after budget_ms reads.
    monkeypatch.setattr("iia_checker.limits.time.monotonic", _SlowClock(0.001))
    outcome = run(
        "check",
        str(VALID_SAMPLE),
        "-f",
        "json",
        "--max-check-milliseconds",
        str(budget_ms),
    )
    assert outcome.exit_code == 1
    [result] = outcome.json()["submissions"]
    slow = [f for f in result["findings"] if f["rule_id"] == "input.too-slow"]
    [finding] = slow
    assert finding["severity"] == "error"
    assert f"took longer than {budget_ms:,} millisecond" in finding["message"]
    assert len(result["outcomes"]) <= budget_ms
    assert "--max-check-milliseconds" in finding["message"]
    assert all(v == "fail" for v in result["verdicts"].values())


def test_a_tiny_budget_in_real_time_never_reports_a_half_check_as_complete(
    run: Invoke, tmp_path: Path, ruleset: t.Any
) -> None:
    for index in range(3):
        (tmp_path / f"p{index}.json").write_text(VALID_SAMPLE.read_text("utf-8"))
    outcome = run("check", str(tmp_path), "-f", "json", "--max-check-milliseconds", "1")
    results = outcome.json()["submissions"]
    assert len(results) == 3
    for result in results:
        slow = [f for f in result["findings"] if f["rule_id"] == "input.too-slow"]
        complete = len(result["outcomes"]) == len(ruleset.rules)
        assert complete != bool(slow)


def test_within_the_budget_every_rule_runs(
    ruleset: t.Any, schema: SubmissionSchema
) -> None:
    import datetime as dt

    from iia_checker.engine import evaluate
    from iia_checker.limits import Deadline

    submission = json_.load_text(
        VALID_SAMPLE.read_text("utf-8"), "v.json", DEFAULT_LIMITS
    )
    result = evaluate(
        submission,
        ruleset,
        as_of=dt.date(2021, 9, 1),
        deadline=Deadline.after(60_000),
    )
    assert len(result.outcomes) == len(ruleset.rules)
    late = evaluate(
        submission, ruleset, as_of=dt.date(2021, 9, 1), deadline=Deadline(0.0, 5)
    )
    assert late.outcomes == ()
    assert [f.rule_id for f in late.findings] == ["input.too-slow"]
    assert f"so {len(ruleset.rules)} rules were not run" in late.findings[0].message


# --- Special files: inputs are read only when regular; reports never replace streams


def _cli(
    *args: str, cwd: Path | None = None, umask: int | None = None, timeout: int = 30
) -> tuple[int, str, str]:
    """The real entry point in a child process, so a hang fails instead of waiting."""
    import os
    import subprocess
    import sys

    def prepare() -> None:
        if umask is not None:
            os.umask(umask)

    done = subprocess.run(
        [sys.executable, "-m", "iia_checker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        preexec_fn=prepare,
        env={**os.environ, "IIA_CHECK_DETERMINISTIC": "1"},
    )
    return done.returncode, done.stdout, done.stderr


def _make_special(path: Path, kind: str) -> None:
    import os
    import socket

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()  # the socket file stays
    else:
        path.symlink_to("/dev/zero")


SPECIAL = ["fifo", "socket", "device"]


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("given", ["directly", "folder", "glob"])
def test_a_special_file_beside_a_good_file_is_one_finding_and_the_batch_goes_on(
    tmp_path: Path, kind: str, given: str
) -> None:
    good = tmp_path / "a-good.json"
    good.write_text(VALID_SAMPLE.read_text("utf-8"))
    special = tmp_path / "b-special.json"
    _make_special(special, kind)
    inputs = {
        "directly": [str(good), str(special)],
        "folder": [str(tmp_path)],
        "glob": [str(tmp_path / "*.json")],
    }[given]
    code, stdout, stderr = _cli("check", *inputs, "-f", "json", timeout=60)
    assert code == 3, stderr
    assert "Traceback" not in stderr
    report = json.loads(stdout)
    by_source = {Path(s["source"]).name: s for s in report["submissions"]}
    assert by_source["a-good.json"]["readable"] is True
    assert by_source["a-good.json"]["project_id"] == "DF-2021-014"
    [finding] = by_source["b-special.json"]["findings"]
    assert finding["rule_id"] == "input.not-a-file"
    assert finding["location"]["file"].endswith("b-special.json")
    assert "\n" not in finding["message"]
    assert "not a saved file" in finding["message"]


def test_a_fifo_swapped_in_just_before_opening_cannot_make_the_read_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import threading

    from iia_checker import loaders

    path = tmp_path / "x.json"
    path.write_text(VALID_SAMPLE.read_text("utf-8"))
    real_open = os.open

    def swap_then_open(name: t.Any, flags: int, *rest: t.Any) -> int:
        if Path(name) == path:  # the regular file becomes a pipe with no writer
            path.unlink()
            os.mkfifo(path)
        return real_open(name, flags, *rest)

    monkeypatch.setattr(os, "open", swap_then_open)
    found: list[t.Any] = []
    worker = threading.Thread(
        target=lambda: found.append(loaders.load(str(path), DEFAULT_LIMITS)),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=10)
    assert found, "reading the swapped-in pipe waited for a writer"
    assert [p.rule_id for p in found[0].problems] == ["input.not-a-file"]


def _report_into(tmp_path: Path, target: str, *extra: str) -> tuple[int, str, str]:
    return _cli("check", str(VALID_SAMPLE), "-o", target, *extra, cwd=tmp_path)


def test_reports_to_dev_null_are_written_through_never_replaced(
    tmp_path: Path,
) -> None:
    import os

    # Whatever /dev/null is on this machine, it is the same file afterwards.
    before = os.stat("/dev/null")
    code, _, stderr = _report_into(tmp_path, "json:/dev/null")
    assert code == 0, stderr
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert list(tmp_path.iterdir()) == []


def test_a_report_to_a_device_outside_dev_is_written_through(tmp_path: Path) -> None:
    import os
    import stat

    device = tmp_path / "null-device"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("creating a device needs CAP_MKNOD")
    code, _, stderr = _report_into(tmp_path, f"json:{device}")
    assert code == 0, stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null-device"]


@pytest.mark.parametrize("target", ["json:/dev/stdout", "-"])
def test_reports_to_standard_output_are_written_through(
    tmp_path: Path, target: str
) -> None:
    extra = ("-f", "json") if target == "-" else ()
    code, stdout, stderr = _report_into(tmp_path, target, *extra)
    assert code == 0, stderr
    assert json.loads(stdout)["submissions"][0]["project_id"] == "DF-2021-014"
    assert list(tmp_path.iterdir()) == []


def test_a_report_to_a_named_pipe_is_written_into_the_pipe(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    pipe = tmp_path / "report.fifo"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, _, stderr = _report_into(tmp_path, f"json:{pipe}")
    reader.join(timeout=30)
    assert code == 0, stderr
    assert json.loads(received[0])["submissions"][0]["project_id"] == "DF-2021-014"
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


@pytest.mark.parametrize("dangling", [False, True])
def test_a_report_path_that_is_a_symbolic_link_is_refused(
    tmp_path: Path, dangling: bool
) -> None:
    target = tmp_path / "elsewhere.json"
    if not dangling:
        target.write_text("keep me")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    code, _, stderr = _report_into(tmp_path, str(link))
    assert code == 2
    assert stderr.strip() == (
        f"iia-check: {link}: is a symbolic link; write to the file it points to,"
        " or remove the link"
    )
    assert link.is_symlink()
    assert target.read_text() == "keep me" if not dangling else not target.exists()


def test_a_baseline_written_over_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("keep me")
    link = tmp_path / "baseline.json"
    link.symlink_to(target)
    code, _, stderr = _cli(
        "baseline", "create", str(link), str(VALID_SAMPLE), cwd=tmp_path
    )
    assert code == 2
    assert "is a symbolic link" in stderr and len(stderr.strip().splitlines()) == 1
    assert target.read_text() == "keep me"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664)])
def test_new_reports_get_the_umask_permissions_and_old_ones_keep_theirs(
    tmp_path: Path, umask: int, mode: int
) -> None:
    import os
    import stat

    new = tmp_path / "new.json"
    old = tmp_path / "old.json"
    old.write_text("old")
    os.chmod(old, 0o640)
    for path in (new, old):
        code, _, stderr = _cli(
            "check", str(VALID_SAMPLE), "-o", str(path), umask=umask, cwd=tmp_path
        )
        assert code == 0, stderr
    assert stat.S_IMODE(os.stat(new).st_mode) == mode
    assert stat.S_IMODE(os.stat(old).st_mode) == 0o640
    assert json.loads(old.read_text())["submissions"]


@pytest.mark.parametrize(
    "command",
    [
        ["template", "-o", "{out}.xlsx"],
        ["template", "--format", "json", "-o", "{out}.json"],
        ["convert", str(VALID_SAMPLE), "{out}.xlsx"],
    ],
)
def test_template_and_convert_replace_a_file_only_with_force(
    tmp_path: Path, command: list[str]
) -> None:
    out = str(tmp_path / "made")
    args = [part.replace("{out}", out) for part in command]
    written = Path(args[-1])
    written.write_text("precious")
    code, _, stderr = _cli(*args, cwd=tmp_path)
    assert code == 2
    assert stderr.strip() == (
        f"iia-check: {written}: already exists; give --force to replace it"
    )
    assert written.read_text() == "precious"
    code, _, stderr = _cli(*args, "--force", cwd=tmp_path)
    assert code == 0, stderr
    assert written.read_bytes() != b"precious"


@pytest.mark.parametrize(
    ("option", "name", "expected"),
    [
        ("--waivers", "w.yaml", "cannot read the waiver file: is a named pipe"),
        ("--baseline", "b.json", "cannot read the baseline: is a named pipe"),
        ("--config", "c.toml", "cannot read: is a named pipe"),
        ("--schema", "s.json", "cannot read the submission schema: is a named pipe"),
        ("--rules", "rules", "EQ-999.yaml: /: cannot read: is a named pipe"),
    ],
)
def test_a_named_pipe_given_as_a_setup_file_is_one_line_not_a_wait(
    tmp_path: Path, option: str, name: str, expected: str
) -> None:
    import os
    import shutil

    target = tmp_path / name
    if option == "--rules":
        shutil.copytree(default_rules_dir(), target)
        os.mkfifo(target / "evidence" / "EQ-999.yaml")
    else:
        os.mkfifo(target)
    # A copy of the bundled pack alone: on top of the bundled one it would clash.
    alone = ["--no-bundled-rules"] if option == "--rules" else []
    code, _, stderr = _cli("check", str(VALID_SAMPLE), option, str(target), *alone)
    assert code == 2
    [line] = stderr.strip().splitlines()
    assert expected in line and "not a saved file" in line
