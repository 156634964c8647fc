"""Objects every worker already holds, sent back to the parent by name, not value.

Workers are forked after the rules are compiled, so each has the parent's rule
descriptions and the outcomes shared by every passing submission. A register's
results refer to them a million times; pickled by value, each chunk of results
would bring its own copies, to be unpickled and then thrown away. Registered here
(``register``), they travel as a key that the parent looks up in its own copy.

Only pickles made in a worker are by name: anywhere else (a report saved by a
user, a test) they stay ordinary values.
"""

from __future__ import annotations

import typing as t

_BY_KEY: dict[t.Hashable, object] = {}
#: Set in forked workers (``parallel``), whose parent has every registered object.
_state = {"in_worker": False}


def register(key: t.Hashable, value: object) -> None:
    """Make ``value`` the object ``key`` names (the last one registered wins)."""
    _BY_KEY[key] = value


def mark_worker() -> None:
    """This process is a forked worker: send registered objects by name."""
    _state["in_worker"] = True


def by_name(value: object, key: t.Hashable) -> tuple[t.Any, ...] | None:
    """A pickle reduction naming ``value`` by ``key``, or None to pickle its value."""
    if _state["in_worker"] and _BY_KEY.get(key) is value:
        return (lookup, (key,))
    return None


def lookup(key: t.Hashable) -> object:
    """The registered object named ``key`` (unpickling in the parent)."""
    return _BY_KEY[key]
