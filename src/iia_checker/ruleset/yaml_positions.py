"""Read YAML safely and remember the line of every JSON pointer in it.

Only the safe loader is used (libyaml's C parser where available), aliases
(``*name``) are refused because rule files do not need them and they are how
"billion laughs" documents blow up, nesting is bounded before composing, and a key
written twice in one mapping is refused (PyYAML would silently keep the last, so a
second ``severity: info`` could quietly demote an ``error`` rule).

PyYAML is imported when a file is first parsed, not with this module: a start
that finds every rule file in ``parse_cache`` never needs it.
"""

from __future__ import annotations

import typing as t

from iia_checker.model import pointers

if t.TYPE_CHECKING:
    import yaml


class YamlProblem(Exception):
    """The text is not usable YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


MAX_DEPTH: t.Final = 64


def _loader() -> type[yaml.SafeLoader]:
    """libyaml's C parser when PyYAML has it (about 10x faster), else pure Python."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> tuple[object, dict[str, int]]:
    """The data in ``text`` and a map from JSON pointer to 1-based line."""
    import yaml

    try:
        _check_events(text)
        loader = _loader()(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(_yaml_message(exc), line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem("nested too deeply to be a rule file") from None
    return data, _lines(node) if node is not None else {}


def _check_events(text: str) -> None:
    """Refuse aliases, deep nesting and repeated keys from the flat event stream,
    before any recursive composing (a "billion laughs" or a stack-deep document)."""
    import yaml

    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    frames: list[_Frame] = []
    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, closing):
            frames.pop()
            continue
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(
                "aliases (*name) are not allowed in rule files; write the value out",
                _line(event),
            )
        if frames:
            frames[-1].take(event)
        if isinstance(event, opening):
            if len(frames) >= MAX_DEPTH:
                raise YamlProblem(
                    f"nested deeper than {MAX_DEPTH} levels; a rule file is shallow",
                    _line(event),
                )
            frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))


class _Frame:
    """An open mapping or sequence: for a mapping, the keys seen and their lines."""

    __slots__ = ("is_mapping", "key_next", "seen")

    def __init__(self, is_mapping: bool) -> None:
        self.is_mapping = is_mapping
        self.key_next = True
        self.seen: dict[str, int | None] = {}

    def take(self, event: yaml.Event) -> None:
        """Note the next child: a key (checked against the others) or a value."""
        import yaml

        if not self.is_mapping:
            return
        is_key, self.key_next = self.key_next, not self.key_next
        if not is_key or not isinstance(event, yaml.ScalarEvent):
            return
        key, line = str(event.value), _line(event)
        if key in self.seen:
            first = self.seen[key]
            raise YamlProblem(
                f"key '{key}' is written twice (first at line {first})", line
            )
        self.seen[key] = line


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "not valid YAML"
    if "could not determine a constructor" in problem:
        return "tags such as !!python/object are not allowed; rule files are plain data"
    return f"not valid YAML: {problem}"


def _lines(root: yaml.Node) -> dict[str, int]:
    import yaml

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
