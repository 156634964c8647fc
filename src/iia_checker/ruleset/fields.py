"""Field paths in rule conditions, checked against the submission schema: the field
a path names, the items of a list to look inside, and whether an operator suits the
field's type and allowed values."""

from __future__ import annotations

import contextlib
import difflib
import typing as t

from iia_checker.operators.base import FieldRef, Operator
from iia_checker.schema.submission import Schema, SubmissionSchema

Report = t.Callable[[str, str], None]


class FieldChecker:
    """Resolves paths from the submission root or from the current list item."""

    def __init__(self, schema: SubmissionSchema, problem: Report) -> None:
        self.schema = schema
        self._problem = problem
        self._scopes: list[Schema] = [schema.raw]

    @contextlib.contextmanager
    def within(self, items: Schema | None) -> t.Iterator[None]:
        """Relative paths start at ``items`` (a list's item schema) meanwhile."""
        self._scopes.append(items if items is not None else {})
        try:
            yield
        finally:
            self._scopes.pop()

    def resolve(
        self, path: str, where: str, *, absolute: bool = False
    ) -> tuple[FieldRef, Schema | None]:
        """The compiled path and the schema of the field it names (None if unknown)."""
        if path.startswith("$."):
            path, absolute = path[2:], True
        absolute = absolute or len(self._scopes) == 1
        node: Schema | None = self.schema.raw if absolute else self._scopes[-1]
        tokens = tuple(path.split(".")) if path else ()
        for depth, token in enumerate(tokens):
            node = self._step(node, token, tokens[:depth], where)
        title = str(node.get("title", tokens[-1] if tokens else "")) if node else path
        return FieldRef(tokens, absolute, title, path), node

    def items_of(self, node: Schema | None, where: str) -> Schema | None:
        """The item schema of the list ``node``, or a problem if it is no list."""
        if node is None:
            return None
        node = self.schema.deref(node)
        items = node.get("items")
        if "array" not in types(node) or not isinstance(items, dict):
            self._problem(where, f'"{node.get("title", "this field")}" is not a list')
            return None
        return self.schema.deref(items)

    def check_types(
        self, operator: Operator, ref: FieldRef, node: Schema | None, where: str
    ) -> None:
        """A problem when the field's JSON type is not one the operator tests."""
        if node is None or not operator.types:
            return
        declared = types(node)
        if declared and not declared & operator.types:
            wanted = " or ".join(sorted(operator.types))
            self._problem(
                where,
                f"{operator.name} needs a field of type {wanted},"
                f' but "{ref.dotted}" is {"/".join(sorted(declared))}',
            )

    def check_literals(
        self,
        operator: Operator,
        options: t.Any,
        ref: FieldRef,
        node: Schema | None,
        where: str,
    ) -> None:
        """A problem for each value in the options the field does not allow."""
        if node is None or operator.literals is None:
            return
        target = (
            node
            if operator.literals_of == "field"
            else self.schema.deref(node.get("items", {}))
        )
        allowed = target.get("enum")
        if not isinstance(allowed, list):
            return
        for literal in operator.literals(options):
            if literal not in allowed:
                guess = difflib.get_close_matches(
                    str(literal), [str(a) for a in allowed], 1
                )
                hint = f' (did you mean "{guess[0]}"?)' if guess else ""
                self._problem(
                    where,
                    f'"{literal}" is not an allowed value of "{ref.dotted}"{hint}',
                )

    def _step(
        self, node: Schema | None, token: str, before: tuple[str, ...], where: str
    ) -> Schema | None:
        if node is None:
            return None
        node = self.schema.deref(node)
        if "array" in types(node):
            self._problem(
                where,
                f'"{".".join(before)}" is a list: use for_each or count with where'
                " to look inside it",
            )
            return None
        props = self.schema.properties(node)
        if token not in props:
            message = f'unknown submission field "{token}"'
            guess = difflib.get_close_matches(token, list(props), 1)
            self._problem(
                where, message + (f' (did you mean "{guess[0]}"?)' if guess else "")
            )
            return None
        return self.schema.deref(props[token])


def types(node: Schema) -> set[str]:
    """The JSON types a schema node declares."""
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    return set(declared) if isinstance(declared, list) else set()
