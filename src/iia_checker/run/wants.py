"""What a rule's test wants of a field, in words, for ``explain`` (``trace``).

The commonest operators are said as a sentence ("should have at least 1 item",
"should be a date on or before the decision date"); the others by their summary
and options. A regular expression is never shown: it means nothing to an officer,
and the rule's message says the form.
"""

from __future__ import annotations

import typing as t

from iia_checker.engine import render_value
from iia_checker.model.plural import counted

_PHRASES: t.Final[dict[tuple[str, object], str]] = {
    ("present", True): "must be given",
    ("present", False): "must be left out",
    ("non_empty", True): "must have content",
    ("non_empty", False): "must be empty",
}
#: Operators whose options and summary a reader should not see (a regular
#: expression means nothing to an officer; the rule's message says the form).
_OPTIONS_HIDDEN: t.Final = frozenset({"matches"})


def wanted(
    name: str, spec: dict[str, t.Any], summary: str, names: t.Mapping[str, str]
) -> str:
    """What the operator ``name`` with the options in ``spec`` wants, in words;
    allowed values by their labels in ``names``."""
    option = spec.get(name)
    if name in _OPTIONS_HIDDEN:
        return "must be written in the form the rule expects"
    said = _PHRASES.get((name, option)) if isinstance(option, bool) else None
    said = said or _in_words(name, option, names)
    if said is not None:
        return said
    return f"should meet: {summary}" + (
        f" ({_options(option, names)})" if name in spec else ""
    )


def _in_words(name: str, option: object, names: t.Mapping[str, str]) -> str | None:
    """What the commonest operators want, as a sentence ("should have at least 1
    item"); None for the others, which their summary and options describe."""
    if name in _LISTS and isinstance(option, list):
        return _LISTS[name] + " " + render_value(option, names)
    if name == "equals" and not isinstance(option, dict | list):
        return "should be " + render_value(option, names)
    if name in _BOUNDED and isinstance(option, dict) and not set(option) - _BOUNDS:
        unit = _BOUNDED[name]
        meeting = " meeting its condition" if "where" in option else ""
        return "should " + _bounds(option.get("min"), option.get("max"), unit) + meeting
    if name == "covers" and isinstance(option, dict) and not set(option) - _COVERS:
        once = " (each once)" if option.get("exactly_once") else ""
        values = render_value(option.get("values"), names)
        return f"should have an item for each of {values}{once}"
    if name == "resolves" and isinstance(option, dict):
        return f"should name only ids found in {_words(str(option.get('in', '')))}"
    if name == "date" and isinstance(option, dict):
        return _date_words(option)
    return None


#: ``covers`` options said in words; ``where``, ``also`` and ``at`` are not.
_COVERS: t.Final = frozenset({"values", "key", "exactly_once"})
_DATE_WORDS: t.Final = {
    "before": "before",
    "after": "after",
    "on_or_before": "on or before",
    "on_or_after": "on or after",
}


def _date_words(option: dict[str, t.Any]) -> str | None:
    """``should be a date on or before the decision date``; None if not sayable."""
    said = []
    for key, word in _DATE_WORDS.items():
        if key in option:
            other = _date_ref(option[key])
            if other is None:
                return None
            said.append(f"{word} {other}")
    return "should be a date " + " and ".join(said) if said else None


def _date_ref(ref: object) -> str | None:
    if ref == "as_of" or (isinstance(ref, dict) and ref.get("as_of") is True):
        base = "the date of the check"
    elif isinstance(ref, str):
        base = "the " + _words(ref)
    elif isinstance(ref, dict) and isinstance(ref.get("field"), str):
        base = "the " + _words(ref["field"])
    else:
        return None
    shift = ref if isinstance(ref, dict) else {}
    parts = [
        counted(int(n), unit)
        for unit in ("month", "day")
        if (n := shift.get(unit + "s"))
    ]
    return f"{' and '.join(parts)} after {base}" if parts else base


def _words(path: str) -> str:
    """A field path's last name in words: ``$.project.decision_date``, decision date."""
    return path.rsplit(".", 1)[-1].replace("_", " ")


#: Operators on a list of values, and how their want begins.
_LISTS: t.Final = {
    "one_of": "should be one of",
    "contains_any": "should include at least one of",
    "contains_all": "should include all of",
    "subset_of": "should hold only",
    "mentions_any": "should mention at least one of",
}
#: Operators with ``min`` and ``max``, and what they count.
_BOUNDED: t.Final = {"count": "item", "length": "character", "number": ""}
_BOUNDS: t.Final = frozenset({"min", "max", "where"})


def _bounds(low: object, high: object, unit: str) -> str:
    def amount(number: object) -> str:
        if not unit or not isinstance(number, int):
            return str(number)
        return counted(number, unit)

    if low is not None and high is not None:
        return f"be between {low} and {amount(high)}"
    if low is not None:
        return f"have at least {amount(low)}" if unit else f"be at least {low}"
    return f"have at most {amount(high)}" if unit else f"be at most {high}"


def _options(options: object, names: t.Mapping[str, str]) -> str:
    if isinstance(options, dict):
        shown = (f"{key} {_options(value, names)}" for key, value in options.items())
        return ", ".join(shown)
    if isinstance(options, list):
        return ", ".join(_options(value, names) for value in options)
    return render_value(options, names)
