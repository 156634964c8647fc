"""The parsed-rule-file cache: what a start reads back instead of parsing YAML."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

from iia_checker.errors import RulesetError
from iia_checker.resources import default_rules_dir
from iia_checker.ruleset import parse_cache, yaml_positions
from iia_checker.ruleset.loading import load_ruleset
from iia_checker.ruleset.parse_cache import ENV_VAR, ParseCache
from iia_checker.schema.submission import SubmissionSchema

from .test_ruleset import GOOD


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "EQ-900.yaml").write_text(GOOD, encoding="utf-8")
    return folder


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> t.NoReturn:
        raise AssertionError("parsed YAML although the cache held the file")

    monkeypatch.setattr(yaml_positions, "load", refuse)


def test_a_second_load_reads_the_cache_and_gives_the_same_rules(
    schema: SubmissionSchema,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = load_ruleset([default_rules_dir()], schema)
    [stored] = cache_dir.iterdir()
    assert len(json.loads(stored.read_text())["entries"]) >= len(first.rules)
    _no_yaml(monkeypatch)
    second = load_ruleset([default_rules_dir()], schema)
    assert [r.definition for r in second.rules] == [r.definition for r in first.rules]
    assert [r.lines for r in second.rules] == [r.lines for r in first.rules]
    assert second.content_hash == first.content_hash


def test_an_edited_file_is_parsed_again(
    schema: SubmissionSchema, cache_dir: Path, rules: Path
) -> None:
    load_ruleset([rules], schema)
    (rules / "EQ-900.yaml").write_text(
        GOOD.replace("A rule for tests", "An edited rule"), encoding="utf-8"
    )
    [rule] = load_ruleset([rules], schema).rules
    assert rule.info.title == "An edited rule"
    [stored] = cache_dir.iterdir()
    assert len(json.loads(stored.read_text())["entries"]) == 1  # the old one dropped


def test_problems_name_the_same_line_from_the_cache(
    schema: SubmissionSchema,
    cache_dir: Path,
    rules: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (rules / "EQ-900.yaml").write_text(GOOD.replace("min: 10", "min: ten"))
    with pytest.raises(RulesetError) as parsed:
        load_ruleset([rules], schema)
    _no_yaml(monkeypatch)
    with pytest.raises(RulesetError) as cached:
        load_ruleset([rules], schema)
    assert [str(p) for p in cached.value.problems] == [
        str(p) for p in parsed.value.problems
    ]
    assert parsed.value.problems[0].line == 9


def test_data_json_cannot_give_back_is_not_kept(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "rules.json")
    cache.put(b"since: 2021-09-01", {"since": dt.date(2021, 9, 1)}, {})
    cache.put(b"1: one", {1: "one"}, {})
    cache.put(b"x: .nan", {"x": float("nan")}, {})
    cache.save()
    assert not (tmp_path / "rules.json").exists()
    cache.put(b"x: 1.5", {"x": 1.5, "y": [True, None, 2]}, {"": 1, "/x": 1})
    cache.save()
    assert ParseCache(tmp_path / "rules.json").get(b"x: 1.5") == (
        {"x": 1.5, "y": [True, None, 2]},
        {"": 1, "/x": 1},
    )


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"format": 0, "entries": {}}',
        '{"format": 1, "entries": []}',
        '{"format": 1, "entries": {"KEY": [{"id": "x"}, {"": "one"}]}}',
    ],
)
def test_a_damaged_cache_is_ignored_and_written_again(
    schema: SubmissionSchema, cache_dir: Path, rules: Path, text: str
) -> None:
    key = hashlib.sha256(GOOD.encode()).hexdigest()
    load_ruleset([rules], schema)
    [stored] = cache_dir.iterdir()
    stored.write_text(text.replace("KEY", key))
    [rule] = load_ruleset([rules], schema).rules
    assert rule.info.id == "EQ-900"
    assert key in json.loads(stored.read_text())["entries"]


def test_a_cache_another_version_wrote_is_not_read(
    schema: SubmissionSchema, cache_dir: Path, rules: Path
) -> None:
    load_ruleset([rules], schema)
    [stored] = cache_dir.iterdir()
    kept = json.loads(stored.read_text())
    [entry] = kept["entries"].values()
    entry[0]["title"] = "What another version's parser made of it"
    stored.write_text(json.dumps({**kept, "tool": "0.0.1"}))
    [rule] = load_ruleset([rules], schema).rules
    assert rule.info.title != "What another version's parser made of it"
    assert json.loads(stored.read_text())["tool"] == kept["tool"]


def test_an_empty_setting_turns_the_cache_off(
    schema: SubmissionSchema,
    rules: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    load_ruleset([rules], schema)
    assert not (tmp_path / "xdg").exists()
    assert not (tmp_path / "home").exists()


def test_the_cache_goes_to_the_users_cache_folder_or_nowhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parse_cache.cache_dir() == tmp_path / "iia-checker"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parse_cache.cache_dir() == tmp_path / "home" / ".cache" / "iia-checker"

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", homeless)
    assert parse_cache.cache_dir() is None


def test_an_unwritable_cache_folder_does_not_stop_a_check(
    schema: SubmissionSchema,
    rules: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "file" / "cache"))
    [rule] = load_ruleset([rules], schema).rules
    assert rule.info.id == "EQ-900"


def test_a_check_from_the_cache_imports_neither_yaml_nor_jsonschema(
    cache_dir: Path,
) -> None:
    sample = Path(__file__).resolve().parent.parent / "samples/valid"
    program = (
        "import sys\n"
        "from iia_checker.cli import cli\n"
        f"args = ['check', {str(sample / 'digital-appointments.json')!r}]\n"
        "try:\n"  # cli.main: the console script's main() ends the process
        "    cli.main(args, standalone_mode=False)\n"
        "except SystemExit as exit:\n"
        "    print(exit.code, 'yaml' in sys.modules, 'jsonschema' in sys.modules)\n"
    )
    env = {"PATH": "/usr/bin:/bin", ENV_VAR: str(cache_dir)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, env=env
        ).stdout.splitlines()[-1]
        for _ in range(2)
    ]
    assert runs == ["0 True False", "0 False False"]
