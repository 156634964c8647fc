"""Read a page's form as a browser would submit it, for the draft page tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class FormValues(HTMLParser):
    """The successful controls of the page's draft form, in document order."""

    def __init__(self, action_part: str = "/drafts/") -> None:
        super().__init__(convert_charrefs=True)
        self.action_part = action_part
        self.inside = False
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("method") == "post" and "novalidate" in a
        if not self.inside:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            if kind not in ("submit", "file"):
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.values.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_values(page: str) -> list[tuple[str, str]]:
    """What submitting the page's draft form as it stands would send."""
    parser = FormValues()
    parser.feed(page)
    return parser.values


def draft_address(location: str) -> str:
    """The path ``/drafts/<id>`` from a redirect's location."""
    found = re.search(r"/drafts/[\w-]+", location)
    assert found, location
    return found.group(0)
