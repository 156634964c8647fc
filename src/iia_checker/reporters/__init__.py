"""Output formats, each a pure ``render(report, options)``, listed in ``REPORTERS``.

Adding a format is one module here and one entry in ``FORMAT_MODULES``. A module
may also define ``stream(report, options)``, yielding the same output piece by
piece, for reports too large to hold whole (``chunks`` uses it when it exists).
"""

from __future__ import annotations

import importlib
import typing as t
from dataclasses import dataclass

from iia_checker.model.findings import Report


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Presentation choices that do not change the result."""

    color: bool = False
    show_passes: bool = False
    #: End a long text report with where to go next (a person at a terminal).
    hints: bool = False


Renderer = t.Callable[[Report, RenderOptions], str | bytes]


#: Format name -> module in this package that defines ``render(report, options)``.
#: Modules are imported on first use, so a JSON check never loads openpyxl.
FORMAT_MODULES: t.Final = {
    "text": "text",
    "json": "json_",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "xlsx": "xlsx",
    "csv": "csv_",
    "html": "html",
    "markdown": "markdown",
    "brief": "brief",
}


def _lazy(module: str) -> Renderer:
    def render(report: Report, options: RenderOptions) -> str | bytes:
        loaded = importlib.import_module(f"{__name__}.{module}")
        return t.cast(Renderer, loaded.render)(report, options)

    return render


REPORTERS: t.Final[dict[str, Renderer]] = {
    name: _lazy(module) for name, module in FORMAT_MODULES.items()
}


def chunks(
    name: str, report: Report, options: RenderOptions
) -> t.Iterable[str | bytes]:
    """Format ``name``'s output in pieces: its ``stream``, else its whole ``render``."""
    loaded = importlib.import_module(f"{__name__}.{FORMAT_MODULES[name]}")
    stream = getattr(loaded, "stream", None)
    if stream is None:
        return [t.cast(Renderer, loaded.render)(report, options)]
    return t.cast(t.Iterable[str | bytes], stream(report, options))
