"""The closed vocabulary of condition operators rule files may use.

Adding an operator is one module in this package and one line in ``OPERATORS``.
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
    within,
)
from iia_checker.operators.base import Operator

OPERATORS: t.Final[dict[str, Operator]] = {
    present.OPERATOR.name: present.OPERATOR,
    non_empty.OPERATOR.name: non_empty.OPERATOR,
    equals.OPERATOR.name: equals.OPERATOR,
    one_of.OPERATOR.name: one_of.OPERATOR,
    matches.OPERATOR.name: matches.OPERATOR,
    mentions_any.OPERATOR.name: mentions_any.OPERATOR,
    length.OPERATOR.name: length.OPERATOR,
    count.OPERATOR.name: count.OPERATOR,
    number.OPERATOR.name: number.OPERATOR,
    date.OPERATOR.name: date.OPERATOR,
    same_as.OPERATOR.name: same_as.OPERATOR,
    contains.OPERATOR.name: contains.OPERATOR,
    contains_any.OPERATOR.name: contains_any.OPERATOR,
    contains_all.OPERATOR.name: contains_all.OPERATOR,
    subset_of.OPERATOR.name: subset_of.OPERATOR,
    covers.OPERATOR.name: covers.OPERATOR,
    unique_by.OPERATOR.name: unique_by.OPERATOR,
    resolves.OPERATOR.name: resolves.OPERATOR,
    within.OPERATOR.name: within.OPERATOR,
}
