"""The SQLite stores: drafts (compare-and-set, owners, expiry) and kept results."""

from __future__ import annotations

import datetime as dt
import threading
import typing as t
from pathlib import Path

import pytest

from iia_checker.model.findings import Report
from iia_checker.ruleset.loading import Ruleset
from iia_checker.run.batch import check_inputs
from iia_checker.run.options import RunOptions
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.web.database import Database
from iia_checker.web.drafts.store import Conflict, DraftStore, digest
from iia_checker.web.store import ResultStore

from .conftest import SAMPLES


@pytest.fixture
def database(tmp_path: Path) -> Database:
    return Database(tmp_path / "data")


def drafts(
    database: Database, clock: t.Callable[[], float] | None = None
) -> DraftStore:
    if clock is None:
        return DraftStore(database, ttl_seconds=100, max_drafts=3)
    return DraftStore(database, ttl_seconds=100, max_drafts=3, clock=clock)


def test_database_is_in_wal_mode_and_private(database: Database) -> None:
    with database.connect() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.path.parent.stat().st_mode & 0o077 == 0


def test_a_save_from_an_old_version_is_refused_not_lost(database: Database) -> None:
    store = drafts(database)
    draft_id = store.create(None, {"a": 1})
    assert draft_id is not None and len(draft_id) >= 22
    first = store.save(draft_id, None, 1, {"a": 2}, "project")
    assert first is not None and first.version == 2 and first.saved == {"project"}
    with pytest.raises(Conflict) as refused:
        store.save(draft_id, None, 1, {"a": 3})
    assert refused.value.current.data == {"a": 2}
    again = store.get(draft_id, None)
    assert again is not None and again.data == {"a": 2} and again.version == 2


def test_a_stale_save_of_an_unchanged_section_goes_ahead(database: Database) -> None:
    store = drafts(database)
    draft_id = store.create(None, {"a": {"x": 1}, "b": {"y": 1}})
    assert draft_id is not None
    store.save(draft_id, None, 1, {"a": {"x": 2}, "b": {"y": 1}}, "a")
    seen_b = digest({"y": 1})  # the page of section b was opened at version 1

    def change_b(current: t.Any) -> dict[str, t.Any]:
        return {**current.data, "b": {"y": 2}}

    saved = store.update(draft_id, None, 1, change_b, "b", seen_b)
    assert saved is not None and saved.data == {"a": {"x": 2}, "b": {"y": 2}}
    with pytest.raises(Conflict):  # section a changed since version 1
        store.update(draft_id, None, 1, change_b, "a", digest({"x": 1}))


def test_a_draft_belongs_to_its_owner(database: Database) -> None:
    store = drafts(database)
    draft_id = store.create("alice", {"a": 1})
    assert draft_id is not None
    assert store.get(draft_id, "bob") is None
    assert store.get(draft_id, None) is None
    assert store.save(draft_id, "bob", 1, {"a": 9}) is None
    assert not store.delete(draft_id, "bob")
    assert store.get(draft_id, "alice") is not None
    assert store.delete(draft_id, "alice")
    assert store.get(draft_id, "alice") is None


def test_drafts_expire_and_are_capped(database: Database) -> None:
    now = [0.0]
    store = drafts(database, clock=lambda: now[0])
    ids = [store.create(None, {}) for _ in range(3)]
    assert all(ids) and store.create(None, {}) is None
    now[0] = 101.0
    assert store.get(str(ids[0]), None) is None
    assert store.create(None, {}) is not None  # the expired ones made room


def test_concurrent_saves_never_both_win(database: Database) -> None:
    store = drafts(database)
    draft_id = store.create(None, {"n": 0})
    assert draft_id is not None
    wins: list[int] = []
    conflicts: list[int] = []

    def save(number: int) -> None:
        try:
            store.save(draft_id, None, 1, {"n": number})
            wins.append(number)
        except Conflict:
            conflicts.append(number)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wins) == 1 and len(conflicts) == 7
    kept = store.get(draft_id, None)
    assert kept is not None and kept.data == {"n": wins[0]}


def _report(schema: SubmissionSchema, ruleset: Ruleset) -> Report:
    paths = [str(SAMPLES / "deficient" / "unmitigated-negative-impacts.json")]
    return check_inputs(paths, ruleset, schema, RunOptions(as_of=dt.date(2021, 9, 1)))


def test_results_are_shared_between_stores_and_expire(
    tmp_path: Path, schema: SubmissionSchema, ruleset: Ruleset
) -> None:
    now = [0.0]
    report = _report(schema, ruleset)
    size = sum(1 for _ in report.findings())

    def store() -> ResultStore:
        # A new Database each time, as another worker process would open it.
        return ResultStore(
            Database(tmp_path / "data"),
            ttl_seconds=10,
            max_results=2,
            max_findings=10 * size,
            clock=lambda: now[0],
        )

    first, second, third = (store().put(report) for _ in range(3))
    assert first and second and third
    assert store().get(first) is None  # capped at two: the oldest went
    held = store().get(third)
    assert held is not None and held == report
    now[0] = 11.0
    assert store().get(third) is None and len(store()) == 0


def test_a_result_over_the_findings_cap_is_not_kept(
    database: Database, schema: SubmissionSchema, ruleset: Ruleset
) -> None:
    report = _report(schema, ruleset)
    store = ResultStore(database, ttl_seconds=10, max_results=2, max_findings=1)
    assert store.put(report) is None
