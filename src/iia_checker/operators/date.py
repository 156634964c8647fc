"""``date: {before|after|on_or_before|on_or_after: REF}`` compares a date with another.

REF is ``as_of`` (the assessment date given with ``--as-of``), a field path, or
``{field: PATH | as_of: true, days: N, months: N}`` to shift it. A reference that is
missing cannot be compared, so the condition holds; another rule asks for it. A
value that is not a date holds too: its reading is reported once, elsewhere.

Pass: ``{field: sign_off.date, date: {on_or_before: $.project.decision_date}}`` when
signed first. Fail: when signed after the decision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import operator
import typing as t

from pydantic import BaseModel, ConfigDict, TypeAdapter, model_validator

from iia_checker.operators.base import (
    MISSING,
    Compiler,
    FieldRef,
    Miss,
    Operator,
    Probe,
    Scope,
)


class Ref(BaseModel):
    """A date to compare with: a field or the as-of date, shifted by days/months."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str | None = None
    as_of: bool = False
    days: int = 0
    months: int = 0

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, raw: object) -> object:
        if raw == "as_of":
            return {"as_of": True}
        return {"field": raw} if isinstance(raw, str) else raw

    @model_validator(mode="after")
    def _one_source(self) -> Ref:
        if (self.field is None) == (not self.as_of):
            raise ValueError("give either field or as_of")
        return self


class DateOptions(BaseModel):
    """At least one comparison; all given must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    before: Ref | str | None = None
    after: Ref | str | None = None
    on_or_before: Ref | str | None = None
    on_or_after: Ref | str | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> DateOptions:
        if not any((self.before, self.after, self.on_or_before, self.on_or_after)):
            raise ValueError("give before, after, on_or_before or on_or_after")
        return self


Compare = t.Callable[[dt.date, dt.date], bool]
_COMPARE: t.Final[dict[str, Compare]] = {
    "before": operator.lt,
    "after": operator.gt,
    "on_or_before": operator.le,
    "on_or_after": operator.ge,
}

Compiled = list[tuple[Compare, FieldRef | None, Ref]]


def _prepare(options: DateOptions, compiler: Compiler, where: str) -> Compiled:
    compiled: Compiled = []
    for name, compare in _COMPARE.items():
        raw = getattr(options, name)
        if raw is not None:
            ref = Ref.model_validate(raw) if isinstance(raw, str) else raw
            path = f"{where}/{name}"
            field = compiler.field(ref.field, path) if ref.field else None
            compiled.append((compare, field, ref))
    return compiled


def parse_date(value: object) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` string as a date, else None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


# Cached: rules shift the same as-of date for every item of a list.
@functools.lru_cache(maxsize=4096)
def shift(day: dt.date, *, days: int = 0, months: int = 0) -> dt.date:
    """``day`` moved by whole months (clamped to the month's end) and days."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    moved = dt.date(year, month + 1, min(day.day, last))
    return moved + dt.timedelta(days=days)


def _test(probe: Probe, compiled: Compiled) -> t.Iterator[Miss]:
    failed = _first_failure(probe.value, compiled, probe.scope)
    if failed is not None:
        field, other = failed
        other_field = field.title if field else "the assessment date (as of)"
        yield probe.miss(other=other.isoformat(), other_field=other_field)


def _holds(value: object, compiled: Compiled, scope: Scope) -> bool:
    return _first_failure(value, compiled, scope) is None


def _first_failure(
    value: object, compiled: Compiled, scope: Scope
) -> tuple[FieldRef | None, dt.date] | None:
    """The first comparison that fails: the other field (None: as of) and date.

    A value that is not a date is not compared, as another field's is not: its
    reading is reported once, by the schema or the workbook loader, and a rule
    must not turn it into a second finding ("was due on 31/02/2021").
    """
    day = parse_date(value)
    if day is None:
        return None
    for compare, field, ref in compiled:
        other = _resolve(scope, field, ref)
        if other is not None and not compare(day, other):
            return field, other
    return None


def _resolve(scope: Scope, field: FieldRef | None, ref: Ref) -> dt.date | None:
    if field is None:
        base: dt.date | None = scope.as_of
    else:
        raw = scope.value(field)
        base = parse_date(raw) if raw is not MISSING else None
    if base is None or not (ref.days or ref.months):
        return base
    return shift(base, days=ref.days, months=ref.months)


OPERATOR = Operator(
    name="date",
    options=TypeAdapter(DateOptions),
    test=_test,
    holds=_holds,
    summary="the date is before/after another field's date or the as-of date",
    placeholders=frozenset({"other", "other_field"}),
    prepare=_prepare,
    types=frozenset({"string"}),
)
