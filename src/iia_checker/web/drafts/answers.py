"""Read a posted section page back into submission data, and its add/remove buttons.

Every control is named by the JSON pointer of its value (``/project/title``); a
list says how many items it showed in ``<pointer>#n``. An empty answer leaves
the field out, as a blank cell does in a workbook. A value that is not of the
field's type (``ten`` for a number) is kept as written, so the schema check
reports it in its own words instead of the form dropping it. Keys the form does
not show (``x-`` extensions, fields of a newer schema) are kept as they were.
"""

from __future__ import annotations

import re
import typing as t

from iia_checker.web.drafts.form import Field

Posted = t.Mapping[str, t.Sequence[str]]
MISSING: t.Final = object()
_INTEGER: t.Final = re.compile(r"^[+-]?\d{1,15}$")
_NUMBER: t.Final = re.compile(r"^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$")


class Refused(Exception):
    """The answers cannot be saved as they are; ``message`` says why, plainly."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooMany(Refused):
    """A list has more items than a draft may hold."""

    def __init__(self, title: str, limit: int) -> None:
        super().__init__(
            f'"{title}" can hold at most {limit} items. Remove some, or combine'
            " them, and save again."
        )


def read_field(
    field: Field, pointer: str, posted: Posted, old: t.Any, max_items: int
) -> t.Any:
    """The value ``field`` at ``pointer`` now has, or ``MISSING`` when unanswered.

    An unanswered field that held an explicit "none" (null, [] or {}) keeps it:
    the page shows those as empty, and saving the page unchanged changes nothing.
    """
    value = _read(field, pointer, posted, old, max_items)
    if value is MISSING and old is not MISSING and old in (None, [], {}):
        return old
    return value


def _read(
    field: Field, pointer: str, posted: Posted, old: t.Any, max_items: int
) -> t.Any:
    if field.kind == "group":
        return _group(field, pointer, posted, old, max_items)
    if field.kind == "list":
        return _list(field, pointer, posted, old, max_items)
    values = [v for v in posted.get(pointer, ()) if v.strip()]
    if field.kind == "choices":
        # Choices kept keep their order: saving a page unchanged changes nothing.
        kept = [c for c in old if c in field.choices] if isinstance(old, list) else []
        chosen = [c for c in kept if str(c) in values] + [
            c for c in field.choices if str(c) in values and c not in kept
        ]
        return _capped(field, chosen, max_items) or MISSING
    if field.kind == "lines":
        lines = [ln.strip() for v in values for ln in v.splitlines() if ln.strip()]
        items = [_whole(ln) if field.integers else ln for ln in lines]
        return _capped(field, items, max_items) or MISSING
    if not values:
        return MISSING
    return _scalar(field, values[0].strip())


def _scalar(field: Field, text: str) -> t.Any:
    if field.kind == "yesno":
        return {"yes": True, "no": False}.get(text, text)
    if field.kind == "choice":
        return next((c for c in field.choices if str(c) == text), text)
    if field.kind == "integer":
        return _whole(text)
    if field.kind == "number" and _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _whole(text: str) -> t.Any:
    return int(text) if _INTEGER.match(text) else text


def _capped(field: Field, items: list[t.Any], max_items: int) -> list[t.Any]:
    if len(items) > max_items:
        raise TooMany(field.title, max_items)
    return items


def _group(
    field: Field, pointer: str, posted: Posted, old: t.Any, max_items: int
) -> t.Any:
    before = old if isinstance(old, dict) else {}
    shown = {child.key for child in field.children}
    result = {k: v for k, v in before.items() if k not in shown}
    for child in field.children:
        value = read_field(
            child,
            f"{pointer}/{child.key}",
            posted,
            before.get(child.key, MISSING),
            max_items,
        )
        if value is not MISSING:
            result[child.key] = value
    ordered = {c.key: result[c.key] for c in field.children if c.key in result}
    ordered.update({k: v for k, v in result.items() if k not in shown})
    return ordered or MISSING


def _list(
    field: Field, pointer: str, posted: Posted, old: t.Any, max_items: int
) -> t.Any:
    counted = (posted.get(f"{pointer}#n") or ["0"])[0]
    count = int(counted) if counted.isdigit() and len(counted) < 6 else 0
    if count > max_items:
        raise TooMany(field.title, max_items)
    before = old if isinstance(old, list) else []
    items = []
    for index in range(count):
        previous = before[index] if index < len(before) else MISSING
        item = _group(field, f"{pointer}/{index}", posted, previous, max_items)
        items.append({} if item is MISSING else item)
    return items if items else MISSING


def apply_button(
    data: dict[str, t.Any], posted: Posted, fields: t.Mapping[str, Field], limit: int
) -> str | None:
    """Add or remove the list item a button named; the pointer to focus, if any.

    ``add`` names a list (``/evidence``), ``remove`` an item (``/evidence/2``).
    """
    added = (posted.get("add") or [""])[0]
    removed = (posted.get("remove") or [""])[0]
    if added:
        target = _list_at(data, added, fields)
        if target is not None:
            if len(target) >= limit:
                raise TooMany(fields[_pattern(added)].title, limit)
            target.append({})
            return f"{added}/{len(target) - 1}"
    if removed and "/" in removed.strip("/"):
        parent, _, index = removed.rpartition("/")
        target = _list_at(data, parent, fields)
        if target is not None and index.isdigit() and int(index) < len(target):
            del target[int(index)]
            return parent
    return None


def _list_at(
    data: dict[str, t.Any], pointer: str, fields: t.Mapping[str, Field]
) -> list[t.Any] | None:
    """The list at ``pointer`` (made if absent), when the form has a list there."""
    pattern = _pattern(pointer)
    if pattern not in fields or fields[pattern].kind != "list":
        return None
    node: t.Any = data
    tokens = pointer.strip("/").split("/")
    for token in tokens[:-1]:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node.setdefault(token, {})
        else:
            return None
    if not isinstance(node, dict):
        return None
    found = node.setdefault(tokens[-1], [])
    return found if isinstance(found, list) else None


def _pattern(pointer: str) -> str:
    """``/evidence/2/urls`` -> ``/evidence/*/urls``: the field a pointer is of."""
    return "/".join("*" if token.isdigit() else token for token in pointer.split("/"))


def field_index(fields: t.Iterable[Field]) -> dict[str, Field]:
    """Every field by its pointer pattern (``/evidence/*/title``)."""
    found: dict[str, Field] = {}

    def walk(field: Field, pointer: str) -> None:
        found[pointer] = field
        below = f"{pointer}/*" if field.kind == "list" else pointer
        for child in field.children:
            walk(child, f"{below}/{child.key}")

    for field in fields:
        walk(field, f"/{field.key}")
    return found
