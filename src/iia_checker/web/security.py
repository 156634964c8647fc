"""Response headers for every answer, and the cross-site check for form posts.

The policy allows exactly one stylesheet and one script, named by their SHA-256
(both are constants, so no nonce is needed), and nothing else: no other origin, no
framing, form posts only to this site. Result pages carry a token in their address,
so no referrer is ever sent.
"""

from __future__ import annotations

import base64
import hashlib
import typing as t
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from iia_checker.reporters.html_assets import CSS, SCRIPT
from iia_checker.web.drafts.style import DRAFT_STYLE
from iia_checker.web.pages import STYLE


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: STYLE for the site's pages (and DRAFT_STYLE on draft pages); CSS for a
#: downloaded HTML report opened in place.
POLICY: t.Final = (
    f"default-src 'none'; style-src {_sha256(STYLE)} {_sha256(CSS)}"
    f" {_sha256(DRAFT_STYLE)};"
    f" script-src {_sha256(SCRIPT)}; img-src 'self'; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'none'"
)

HEADERS: t.Final = (
    ("content-security-policy", POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """ASGI middleware: add ``HEADERS`` (and ``no-store`` unless set) to responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS:
                    headers[name] = value
                if "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cross_site(headers: Headers) -> bool:
    """Whether a browser says this request came from another site.

    ``Sec-Fetch-Site`` is trusted when present (every current browser sends it);
    else ``Origin`` must name this host. Requests with neither, such as scripts
    and ``curl``, are not browsers acting for someone else and are allowed.
    """
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()
