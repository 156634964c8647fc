"""Drafts kept in the site's SQLite database, each saved with compare-and-set.

A draft is named by ``secrets.token_urlsafe`` (128 bits) and, behind a sign-in
proxy, belongs to its author: every query matches the owner too, so another user
holding the id finds nothing. Each save names the version it started from; if
the draft moved on meanwhile (another tab) and the section being saved changed
too, the save is refused, never lost; changes to other sections do not clash.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import typing as t
from dataclasses import dataclass

from iia_checker.web.database import Database

Data = dict[str, t.Any]


@dataclass(frozen=True, slots=True)
class Draft:
    """One assessment being written."""

    id: str
    owner: str | None
    version: int
    data: Data
    #: Sections saved at least once (a section never saved is "not started").
    saved: frozenset[str]
    expires: float


class Conflict(Exception):
    """The draft was saved elsewhere since the page was opened."""

    def __init__(self, current: Draft) -> None:
        super().__init__("draft changed since it was read")
        self.current = current


class DraftStore:
    """Create, read, save and delete drafts; safe across threads and processes."""

    def __init__(
        self,
        database: Database,
        *,
        ttl_seconds: float,
        max_drafts: int,
        clock: t.Callable[[], float] = time.time,
    ) -> None:
        self._database, self._ttl, self._max = database, ttl_seconds, max_drafts
        self._clock = clock

    def create(
        self, owner: str | None, data: Data, saved: t.Iterable[str] = ()
    ) -> str | None:
        """A new draft's id, or None when the store already holds ``max_drafts``.

        ``saved`` names sections already answered (those of an uploaded file).
        """
        draft_id = secrets.token_urlsafe(16)
        now = self._clock()
        with self._database.connect() as db:
            db.execute("DELETE FROM drafts WHERE expires <= ?", (now,))
            (count,) = db.execute("SELECT count(*) FROM drafts").fetchone()
            if count >= self._max:
                return None
            db.execute(
                "INSERT INTO drafts VALUES (?, ?, 1, ?, ?, ?, ?)",
                (
                    draft_id,
                    owner,
                    _dump(data),
                    json.dumps(sorted(saved)),
                    now,
                    now + self._ttl,
                ),
            )
        return draft_id

    def get(self, draft_id: str, owner: str | None) -> Draft | None:
        """The draft, if it exists, has not expired and belongs to ``owner``."""
        with self._database.connect() as db:
            return self._read(db, draft_id, owner)

    def save(
        self,
        draft_id: str,
        owner: str | None,
        version: int,
        data: Data,
        section: str | None = None,
    ) -> Draft | None:
        """Replace the data if still at ``version``; the saved draft, or None if gone.

        Raises ``Conflict`` (with the current draft) when it is at another version.
        """
        return self.update(draft_id, owner, version, lambda _: data, section)

    def update(
        self,
        draft_id: str,
        owner: str | None,
        version: int,
        change: t.Callable[[Draft], Data],
        section: str | None = None,
        base: str | None = None,
    ) -> Draft | None:
        """Save ``change(current)`` atomically; the saved draft, or None if gone.

        The save goes ahead when the draft is still at ``version``, or when only
        other sections changed since: ``base`` is the ``digest`` of ``section`` as
        the page showed it, and it is still the same. Otherwise raises
        ``Conflict``. ``change`` runs inside the transaction, so nothing can be
        saved between reading the draft and writing the change.
        """
        with self._database.connect() as db:
            current = self._read(db, draft_id, owner)
            if current is None:
                return None
            unchanged = base is not None and base == digest(
                current.data.get(section or "")
            )
            if current.version != version and not unchanged:
                raise Conflict(current)
            data = change(current)
            saved = current.saved | ({section} if section else set())
            expires = self._clock() + self._ttl
            db.execute(
                "UPDATE drafts SET data = ?, version = version + 1, saved = ?,"
                " expires = ? WHERE id = ?",
                (_dump(data), json.dumps(sorted(saved)), expires, draft_id),
            )
        next_version = current.version + 1
        return Draft(draft_id, owner, next_version, data, frozenset(saved), expires)

    def delete(self, draft_id: str, owner: str | None) -> bool:
        """Delete the draft; whether there was one that ``owner`` could delete."""
        with self._database.connect() as db:
            gone = db.execute(
                "DELETE FROM drafts WHERE id = ? AND owner IS ?", (draft_id, owner)
            )
            return gone.rowcount > 0

    def _read(self, db: t.Any, draft_id: str, owner: str | None) -> Draft | None:
        row = db.execute(
            "SELECT version, data, saved, expires FROM drafts"
            " WHERE id = ? AND owner IS ? AND expires > ?",
            (draft_id, owner, self._clock()),
        ).fetchone()
        if row is None:
            return None
        version, data, saved, expires = row
        return Draft(
            draft_id,
            owner,
            version,
            json.loads(data),
            frozenset(json.loads(saved)),
            expires,
        )


def digest(value: t.Any) -> str:
    """A short fingerprint of a section's data, to tell whether it changed."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _dump(data: Data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
