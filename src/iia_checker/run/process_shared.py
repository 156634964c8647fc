"""Objects every worker already holds, sent back to the parent by name, not value.

Workers are forked after the rules are compiled, so each has the parent's rule
descriptions and the outcomes shared by every passing submission. A register's
results refer to them a million times; pickled by value, each chunk of results
would bring its own copies, to be unpickled and then thrown away. Registered here
(``register``), they travel as their ``id()``, which a forked worker shares with
its parent, and the parent looks the object up. Registered objects live as long
as the process: a few hundred per compiled ruleset.

Only pickles made in a worker are by name: anywhere else (a report saved by a
user, a test) they stay ordinary values.
"""

from __future__ import annotations

import typing as t

_BY_ID: dict[int, object] = {}
#: Set in forked workers (``parallel``), whose parent has every registered object.
_state = {"in_worker": False}


def register(value: object) -> None:
    """Send ``value`` from workers by name."""
    _BY_ID[id(value)] = value


def mark_worker() -> None:
    """This process is a forked worker: send registered objects by name."""
    _state["in_worker"] = True


def by_name(value: object) -> tuple[t.Any, ...] | None:
    """A pickle reduction naming ``value``, or None to pickle it by value."""
    if _state["in_worker"] and _BY_ID.get(id(value)) is value:
        return (lookup, (id(value),))
    return None


def lookup(name: int) -> object:
    """The registered object ``name`` stands for (unpickling in the parent)."""
    return _BY_ID[name]
