"""Put a posted section into a draft's data, and where to go after saving it."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.web.drafts.answers import (
    MISSING,
    Posted,
    Refused,
    apply_button,
    read_field,
)
from iia_checker.web.drafts.downloads import size_of
from iia_checker.web.drafts.form import Field


@dataclass(frozen=True, slots=True)
class Limits:
    """What a save needs besides the post: schema version, fields and limits."""

    schema_version: str
    fields: t.Mapping[str, Field]
    max_items: int
    max_bytes: int


def merge(
    data: dict[str, t.Any], section: Field, posted: Posted, limits: Limits
) -> str | None:
    """Replace ``section`` in ``data`` by the posted answers, then apply a button.

    Returns the pointer to show after an add or remove, else None; raises
    ``Refused`` when a list or the whole draft would be over its limit.
    """
    value = read_field(
        section,
        f"/{section.key}",
        posted,
        data.get(section.key, MISSING),
        limits.max_items,
    )
    data.pop(section.key, None)
    if value is not MISSING:
        data[section.key] = value
    data.setdefault("schema_version", limits.schema_version)
    focus = apply_button(data, posted, limits.fields, limits.max_items)
    if size_of(data) > limits.max_bytes:
        raise Refused(
            f"The draft would be larger than {limits.max_bytes:,} bytes, the most"
            " one can hold. Shorten some answers and save again."
        )
    return focus


def address_after(
    home: str,
    sections: t.Sequence[Field],
    section: Field,
    posted: Posted,
    focus: str | None,
) -> str:
    """The section again (at an added or removed item), or the next one."""
    if focus is not None:
        return f"{home}/{section.key}#f{focus}"
    if posted.get("next"):
        later = sections[sections.index(section) + 1 :]
        return f"{home}/{later[0].key}" if later else home
    return f"{home}/{section.key}"
