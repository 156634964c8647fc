"""Who is asking, and what a section page posted, each within limits.

Behind the council's sign-in proxy, the user is the value of ``--user-header``,
believed only when the request comes from a ``--trusted-proxy`` address; from any
other address the header is ignored, so nobody can claim to be someone else by
sending it. A posted page is read up to ``max_draft_bytes`` and a field count.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.requests import Request

from iia_checker.web.config import WebConfig
from iia_checker.web.security import cross_site

CROSS_SITE: t.Final = (
    "This page only accepts forms sent from its own site. Open the page and save"
    " it from there."
)
SIGN_IN: t.Final = "Sign in to the council's network to fill in an assessment."
#: Most form fields in one posted page (a whole section with long lists).
MAX_FIELDS: t.Final = 20_000
MAX_USER_CHARS: t.Final = 256


@dataclass(frozen=True, slots=True)
class Who:
    """The requesting user: ``allowed`` is False when sign-in is required but absent."""

    allowed: bool
    user: str | None


def who(request: Request, config: WebConfig) -> Who:
    """The signed-in user, when the site runs behind a trusted sign-in proxy."""
    if not config.user_header:
        return Who(True, None)
    client = request.client.host if request.client else ""
    value = request.headers.get(config.user_header, "").strip()
    if client not in config.trusted_proxies or not value:
        return Who(False, None)
    return Who(True, value[:MAX_USER_CHARS])


def signed_in(request: Request, config: WebConfig) -> str | None:
    """The user to match drafts with; a 403 page when sign-in is missing."""
    identity = who(request, config)
    if not identity.allowed:
        raise HTTPException(403, SIGN_IN)
    return identity.user


def refuse_cross_site(request: Request) -> None:
    """A 403 page for a form posted from another site."""
    if cross_site(request.headers):
        raise HTTPException(403, CROSS_SITE)


class PostError(Exception):
    """The post cannot be read as our form; ``status_code`` and a plain message."""

    def __init__(self, message: str, status_code: int = 400) -> None:
        super().__init__(message)
        self.message, self.status_code = message, status_code


async def read_form(request: Request, limit: int) -> dict[str, list[str]]:
    """The fields of a url-encoded form post, refused past ``limit`` bytes."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise PostError("The page must be sent from its own form.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PostError(
                f"This page is larger than {limit:,} bytes, the most a draft can"
                " hold. Shorten some answers and save again.",
                413,
            )
    try:
        text = body.decode("utf-8")
        return parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise PostError("The page's answers could not be read; save again.") from None
