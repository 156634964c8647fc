"""The closed vocabulary of condition operators rule files may use.

Adding an operator is one module in this package and one line in ``CHECKS``.
"""

from __future__ import annotations

import typing as t

from iia_checker.operators import (
    contains,
    contains_all,
    contains_any,
    count,
    covers,
    date,
    equals,
    length,
    matches,
    mentions_any,
    non_empty,
    number,
    one_of,
    present,
    resolves,
    same_as,
    subset_of,
    unique_by,
)
from iia_checker.operators.base import Operator

CHECKS: t.Final[dict[str, Operator]] = {
    present.CHECK.name: present.CHECK,
    non_empty.CHECK.name: non_empty.CHECK,
    equals.CHECK.name: equals.CHECK,
    one_of.CHECK.name: one_of.CHECK,
    matches.CHECK.name: matches.CHECK,
    mentions_any.CHECK.name: mentions_any.CHECK,
    length.CHECK.name: length.CHECK,
    count.CHECK.name: count.CHECK,
    number.CHECK.name: number.CHECK,
    date.CHECK.name: date.CHECK,
    same_as.CHECK.name: same_as.CHECK,
    contains.CHECK.name: contains.CHECK,
    contains_any.CHECK.name: contains_any.CHECK,
    contains_all.CHECK.name: contains_all.CHECK,
    subset_of.CHECK.name: subset_of.CHECK,
    covers.CHECK.name: covers.CHECK,
    unique_by.CHECK.name: unique_by.CHECK,
    resolves.CHECK.name: resolves.CHECK,
}
