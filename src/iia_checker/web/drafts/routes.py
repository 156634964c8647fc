"""Routes of the draft pages: start, overview, sections, downloads, delete.

Every page is reached by the draft's id and, behind a sign-in proxy, only by its
author; any other request for it is answered as if there were no such draft.
Every post is refused when it comes from another site. Saving a section checks
the draft and redirects to it again (post/redirect/get), so reloading never
posts twice. Log lines never hold answers, names or ids.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from iia_checker.web.drafts import downloads
from iia_checker.web.drafts.answers import Refused, field_index
from iia_checker.web.drafts.check import check_draft
from iia_checker.web.drafts.form import Field, blank_draft, sections
from iia_checker.web.drafts.pages import (
    DraftView,
    overview_page,
    section_page,
    start_page,
)
from iia_checker.web.drafts.posted import PostError, read_form, who
from iia_checker.web.drafts.saving import Limits, address_after, merge
from iia_checker.web.drafts.store import Conflict, Draft, DraftStore
from iia_checker.web.errors import base_of, error_page, log
from iia_checker.web.security import cross_site

if t.TYPE_CHECKING:
    from iia_checker.web.app import Site

CONFLICT: t.Final = (
    "This draft was saved from another tab or window after you opened this page,"
    " so your answers below have not been saved yet. Check them, then save again"
    " to keep them."
)

CROSS_SITE: t.Final = (
    "This page only accepts forms sent from its own site. Open the page and save"
    " it from there."
)
SIGN_IN: t.Final = "Sign in to the council's network to fill in an assessment."


class Drafts:
    """The draft handlers, sharing the site's rules, schema and database."""

    def __init__(self, site: Site) -> None:
        self.site, self.config = site, site.config
        self.store = DraftStore(
            site.database,
            ttl_seconds=self.config.draft_ttl_seconds,
            max_drafts=self.config.max_drafts,
        )
        self.sections = sections(site.schema)
        self.by_key = {s.key: s for s in self.sections}
        self.limits = Limits(
            site.schema.version,
            field_index(self.sections),
            self.config.max_list_items,
            self.config.max_draft_bytes,
        )

    async def start(self, request: Request) -> Response:
        """Start a new draft, or continue from a file."""
        self._user(request)
        return HTMLResponse(start_page(base_of(request)))

    async def new(self, request: Request) -> Response:
        """Create a blank draft and go to it."""
        return await self._create(request, blank_draft(self.site.schema))

    async def upload(self, request: Request) -> Response:
        """Create a draft from an uploaded JSON file or form workbook."""
        self._refuse_cross_site(request)
        self._user(request)
        try:
            data = await downloads.received(request, self.config)
        except downloads.NotOneSubmission as exc:
            page = start_page(base_of(request), exc.message)
            return HTMLResponse(page, status_code=400)
        return await self._create(request, data)

    async def _create(self, request: Request, data: dict[str, t.Any]) -> Response:
        self._refuse_cross_site(request)
        user = self._user(request)
        draft_id = await run_in_threadpool(self.store.create, user, data)
        if draft_id is None:
            return error_page(
                request,
                "Too many drafts",
                "This server holds as many drafts as it can. Try again later, or"
                " ask the service's administrator to remove old ones.",
                503,
            )
        log.info("draft created")
        return RedirectResponse(f"{base_of(request)}/drafts/{draft_id}", 303)

    async def overview(self, request: Request) -> Response:
        """The task list, verdicts so far and key issues."""
        view = await self._view(request, await self._draft(request))
        return HTMLResponse(await run_in_threadpool(overview_page, view))

    async def section(self, request: Request) -> Response:
        """One section's page."""
        section = self._section(request)
        draft = await self._draft(request)
        view = await self._view(request, draft)
        data = draft.data.get(section.key)
        return HTMLResponse(await run_in_threadpool(section_page, view, section, data))

    async def save(self, request: Request) -> Response:
        """Save a section (and any add or remove), check, and show it again."""
        self._refuse_cross_site(request)
        section = self._section(request)
        draft = await self._draft(request)
        try:
            posted = await read_form(request, self.config.max_draft_bytes)
        except PostError as exc:
            return error_page(request, "Not saved", exc.message, exc.status_code)
        data = dict(draft.data)
        try:
            focus = merge(data, section, posted, self.limits)
        except Refused as exc:
            return await self._again(request, draft, section, data, [exc.message], 400)
        version = (posted.get("version") or ["0"])[0]
        try:
            saved = await run_in_threadpool(
                self.store.save,
                draft.id,
                draft.owner,
                int(version) if version.isdigit() else -1,
                data,
                section.key,
            )
        except Conflict as exc:
            log.info("draft save refused: changed elsewhere")
            return await self._again(
                request, exc.current, section, data, [], 409, notice=CONFLICT
            )
        if saved is None:
            raise HTTPException(404)
        home = f"{base_of(request)}/drafts/{draft.id}"
        after = address_after(home, self.sections, section, posted, focus)
        return RedirectResponse(after, 303)

    async def _again(
        self,
        request: Request,
        draft: Draft,
        section: Field,
        data: dict[str, t.Any],
        errors: list[str],
        status: int,
        notice: str = "",
    ) -> Response:
        """The section again with the posted (unsaved) answers and a message."""
        shown = Draft(
            draft.id, draft.owner, draft.version, data, draft.saved, draft.expires
        )
        view = await self._view(request, shown)
        page = await run_in_threadpool(
            lambda: section_page(
                view, section, data.get(section.key), notice=notice, errors=errors
            )
        )
        return HTMLResponse(page, status_code=status)

    async def submission_json(self, request: Request) -> Response:
        """The draft as a JSON submission, as ``iia-check check`` reads it."""
        draft = await self._draft(request)
        return downloads.attachment(
            downloads.as_json(draft.data, self.site.schema),
            "application/json",
            "iia-submission.json",
        )

    async def form_xlsx(self, request: Request) -> Response:
        """The draft as a form workbook."""
        draft = await self._draft(request)
        content = await run_in_threadpool(downloads.as_workbook, draft.data)
        return downloads.attachment(content, downloads.XLSX, "iia-form.xlsx")

    async def delete(self, request: Request) -> Response:
        """Delete the draft for good."""
        self._refuse_cross_site(request)
        user = self._user(request)
        gone = await run_in_threadpool(
            self.store.delete, request.path_params["draft_id"], user
        )
        if not gone:
            raise HTTPException(404)
        log.info("draft deleted")
        return error_page(
            request, "Draft deleted", "The draft and everything in it are deleted.", 200
        )

    async def _view(self, request: Request, draft: Draft) -> DraftView:
        site = self.site
        async with site.turns:
            result = await run_in_threadpool(
                check_draft, draft.data, site.schema, site.ruleset, dt.date.today()
            )
        return DraftView(draft, result, self.sections, base_of(request))

    async def _draft(self, request: Request) -> Draft:
        user = self._user(request)
        draft_id = str(request.path_params["draft_id"])
        draft = await run_in_threadpool(self.store.get, draft_id, user)
        if draft is None:
            raise HTTPException(404)
        return draft

    def _section(self, request: Request) -> Field:
        section = self.by_key.get(str(request.path_params["section"]))
        if section is None:
            raise HTTPException(404)
        return section

    def _user(self, request: Request) -> str | None:
        identity = who(request, self.config)
        if not identity.allowed:
            raise HTTPException(403, SIGN_IN)
        return identity.user

    @staticmethod
    def _refuse_cross_site(request: Request) -> None:
        if cross_site(request.headers):
            raise HTTPException(403, CROSS_SITE)


def draft_routes(site: Site) -> list[Route]:
    """The routes of the draft pages, for the site's route list."""
    drafts = Drafts(site)
    return [
        Route("/drafts", drafts.start, methods=["GET"]),
        Route("/new", drafts.new, methods=["POST"]),
        Route("/drafts/upload", drafts.upload, methods=["POST"]),
        Route("/drafts/{draft_id}", drafts.overview, methods=["GET"]),
        Route(
            "/drafts/{draft_id}/submission.json",
            drafts.submission_json,
            methods=["GET"],
        ),
        Route("/drafts/{draft_id}/form.xlsx", drafts.form_xlsx, methods=["GET"]),
        Route("/drafts/{draft_id}/delete", drafts.delete, methods=["POST"]),
        Route("/drafts/{draft_id}/{section}", drafts.section, methods=["GET"]),
        Route("/drafts/{draft_id}/{section}", drafts.save, methods=["POST"]),
    ]
