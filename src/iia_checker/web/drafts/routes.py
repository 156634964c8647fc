"""Routes of the draft pages: start, overview, sections, downloads, delete.

Every page is reached by the draft's id and, behind a sign-in proxy, only by its
author; any other request for it is answered as if there were no such draft.
Every post is refused when it comes from another site. Saving a section checks
the draft and redirects to it again (post/redirect/get), so reloading never
posts twice. Log lines never hold answers, names or ids.
"""

from __future__ import annotations

import contextlib
import typing as t

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from iia_checker.web.drafts import downloads
from iia_checker.web.drafts.access import DraftAccess
from iia_checker.web.drafts.answers import Refused
from iia_checker.web.drafts.form import Field, blank_draft
from iia_checker.web.drafts.pages import (
    delete_page,
    overview_page,
    section_page,
    start_page,
)
from iia_checker.web.drafts.posted import (
    PostError,
    read_form,
    refuse_cross_site,
    signed_in,
)
from iia_checker.web.drafts.saving import address_after, merge
from iia_checker.web.drafts.store import Conflict, Draft, digest
from iia_checker.web.errors import base_of, error_page, log

if t.TYPE_CHECKING:
    from iia_checker.web.app import Site

CONFLICT: t.Final = (
    "This section was saved from another tab or window after you opened this page,"
    " so your answers below have not been saved yet. Check them, then save again"
    " to keep them."
)


class Drafts(DraftAccess):
    """The draft handlers, sharing the site's rules, schema and database."""

    async def start(self, request: Request) -> Response:
        """Start a new draft, or continue from a file."""
        signed_in(request, self.config)
        return HTMLResponse(start_page(base_of(request)))

    async def new(self, request: Request) -> Response:
        """Create a blank draft and go to it."""
        return await self._create(request, blank_draft(self.site.schema))

    async def upload(self, request: Request) -> Response:
        """Create a draft from an uploaded JSON file or form workbook."""
        refuse_cross_site(request)
        signed_in(request, self.config)
        try:
            data = await downloads.received(request, self.config)
        except downloads.NotOneSubmission as exc:
            page = start_page(base_of(request), exc.message)
            return HTMLResponse(page, status_code=400)
        # The file's sections count as answered: their findings show at once.
        return await self._create(request, data, [k for k in data if k in self.by_key])

    async def _create(
        self, request: Request, data: dict[str, t.Any], saved: t.Sequence[str] = ()
    ) -> Response:
        refuse_cross_site(request)
        user = signed_in(request, self.config)
        draft_id = await run_in_threadpool(self.store.create, user, data, saved)
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
        view = await self.view(request, await self.draft(request))
        return HTMLResponse(await run_in_threadpool(overview_page, view))

    async def section(self, request: Request) -> Response:
        """One section's page."""
        section = self.section_of(request)
        draft = await self.draft(request)
        view = await self.view(request, draft)
        data = draft.data.get(section.key)
        return HTMLResponse(await run_in_threadpool(section_page, view, section, data))

    async def save(self, request: Request) -> Response:
        """Save a section (and any add or remove), check, and show it again."""
        refuse_cross_site(request)
        section = self.section_of(request)
        draft = await self.draft(request)
        try:
            posted = await read_form(request, self.config.max_draft_bytes)
        except PostError as exc:
            return error_page(request, "Not saved", exc.message, exc.status_code)
        version = (posted.get("version") or [""])[0]
        base = (posted.get("base") or [""])[0] or None
        merged: list[tuple[dict[str, t.Any], str | None]] = []

        def change(current: Draft) -> dict[str, t.Any]:
            data = dict(current.data)
            merged.append((data, None))
            merged[-1] = (data, merge(data, section, posted, self.limits))
            return data

        try:
            saved = await run_in_threadpool(
                self.store.update,
                draft.id,
                draft.owner,
                int(version) if version.isdigit() else -1,
                change,
                section.key,
                base,
            )
        except Refused as exc:
            page_data = merged[-1][0] if merged else dict(draft.data)
            return await self._again(
                request, draft, section, page_data, [exc.message], 400, base=base
            )
        except Conflict as exc:
            log.info("draft save refused: changed elsewhere")
            shown = dict(exc.current.data)
            with contextlib.suppress(Refused):
                merge(shown, section, posted, self.limits)
            current = digest(exc.current.data.get(section.key))
            return await self._again(
                request, exc.current, section, shown, [], 409, CONFLICT, current
            )
        if saved is None:
            raise HTTPException(404)
        home = f"{base_of(request)}/drafts/{draft.id}"
        focus = merged[-1][1] if merged else None
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
        base: str | None = None,
    ) -> Response:
        """The section again with the posted (unsaved) answers and a message."""
        shown = Draft(
            draft.id, draft.owner, draft.version, data, draft.saved, draft.expires
        )
        view = await self.view(request, shown)
        page = await run_in_threadpool(
            lambda: section_page(
                view,
                section,
                data.get(section.key),
                notice=notice,
                errors=errors,
                base=base,
            )
        )
        return HTMLResponse(page, status_code=status)

    async def submission_json(self, request: Request) -> Response:
        """The draft as a JSON submission, as ``iia-check check`` reads it."""
        draft = await self.draft(request)
        return downloads.attachment(
            downloads.as_json(draft.data, self.site.schema),
            "application/json",
            "iia-submission.json",
        )

    async def form_xlsx(self, request: Request) -> Response:
        """The draft as a form workbook."""
        draft = await self.draft(request)
        content = await run_in_threadpool(downloads.as_workbook, draft.data)
        return downloads.attachment(content, downloads.XLSX, "iia-form.xlsx")

    async def delete(self, request: Request) -> Response:
        """Ask to confirm, then delete the draft for good."""
        refuse_cross_site(request)
        draft = await self.draft(request)
        try:
            confirmed = (await read_form(request, 1024)).get("confirm") == ["yes"]
        except PostError:
            confirmed = False
        if not confirmed:
            return HTMLResponse(delete_page(draft, base_of(request)))
        gone = await run_in_threadpool(self.store.delete, draft.id, draft.owner)
        if not gone:
            raise HTTPException(404)
        log.info("draft deleted")
        return error_page(
            request, "Draft deleted", "The draft and everything in it are deleted.", 200
        )


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
