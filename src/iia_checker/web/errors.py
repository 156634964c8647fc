"""Pages for requests that cannot be answered as asked: 4xx and 500.

A failing request gets its own 500 page and one log line with the traceback;
the server, and every other request, carries on.
"""

from __future__ import annotations

import logging
import typing as t

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from iia_checker.web.pages import message_page

log = logging.getLogger("iia_checker.web")


def base_of(request: Request) -> str:
    """The path prefix the site is served below (``--root-path``), or ""."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def error_page(request: Request, title: str, message: str, status: int) -> HTMLResponse:
    """A page saying one thing, with ``status``."""
    return HTMLResponse(
        message_page(title, message, base=base_of(request)), status_code=status
    )


_TITLES: t.Final = {
    404: ("Page not found", "There is no page at this address."),
    405: ("Not allowed", "This address does not take that kind of request."),
    410: (
        "This result has expired",
        "Results can be downloaded for a short time only, from the server that"
        " checked them. Check the files again, or choose a report format on the"
        " upload form to download it at once.",
    ),
}


async def http_error(request: Request, exc: Exception) -> Response:
    """404, 405, 410 and the like as pages in the site's layout."""
    assert isinstance(exc, HTTPException)
    title, message = _TITLES.get(exc.status_code, ("Request refused", str(exc.detail)))
    return error_page(request, title, message, exc.status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    """Any exception: a one-line 500 page for the person, the traceback for the log."""
    log.error(
        "%s %s failed: %s: %s",
        request.method,
        request.url.path,
        type(exc).__name__,
        exc,
        exc_info=exc,
    )
    return error_page(
        request,
        "Something went wrong",
        f"The check stopped because of an internal error ({type(exc).__name__})."
        " Nothing was kept. Try again; if it happens again, tell the service's"
        " administrator.",
        500,
    )
