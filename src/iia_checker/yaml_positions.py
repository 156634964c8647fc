"""Read YAML safely and remember the line of every JSON pointer in it.

Only the safe loader is used, and aliases (``*name``) are refused: rule files do not
need them, and they are how "billion laughs" documents blow up.
"""

from __future__ import annotations

import typing as t

import yaml

from iia_checker import pointers


class YamlProblem(Exception):
    """The text is not usable YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlProblem(
                "aliases (*name) are not allowed in rule files; write the value out",
                event.start_mark.line + 1,
            )
        return t.cast(yaml.Node, super().compose_node(parent, index))


def load(text: str) -> tuple[object, dict[str, int]]:
    """The data in ``text`` and a map from JSON pointer to 1-based line."""
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(_yaml_message(exc), line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem("nested too deeply to be a rule file") from None
    finally:
        loader.dispose()
    return data, _lines(node) if node is not None else {}


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "not valid YAML"
    if "could not determine a constructor" in problem:
        return "tags such as !!python/object are not allowed; rule files are plain data"
    return f"not valid YAML: {problem}"


def _lines(root: yaml.Node) -> dict[str, int]:
    lines: dict[str, int] = {"": root.start_mark.line + 1}
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = pointers.join(pointer, str(key.value))
                lines[child] = key.start_mark.line + 1
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                child = pointers.join(pointer, index)
                lines[child] = value.start_mark.line + 1
                stack.append((value, child))
    return lines


def line_of(lines: dict[str, int], pointer: str) -> int | None:
    """The line of ``pointer``, or of its nearest ancestor in the file."""
    while pointer not in lines and pointer:
        pointer = pointers.parent(pointer)
    return lines.get(pointer)
