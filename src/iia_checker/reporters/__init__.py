"""Output formats, each a pure ``render(report, options)``, listed in ``REPORTERS``.

Adding a format is one module here and one entry in ``REPORTERS``.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from iia_checker.findings import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Presentation choices that do not change the result."""

    color: bool = False
    show_passes: bool = False


Renderer = t.Callable[[Report, RenderOptions], str | bytes]


def _text(report: Report, options: RenderOptions) -> str:
    from iia_checker.reporters import text

    return text.render(report, options)


def _json(report: Report, options: RenderOptions) -> str:
    from iia_checker.reporters import json_

    return json_.render(report, options)


REPORTERS: t.Final[dict[str, Renderer]] = {"text": _text, "json": _json}
