"""Find the draft and section a request names, for its user, and check the draft.

A draft is found only by its id together with the signed-in user (or nobody,
without a sign-in proxy); anything else is a 404, so holding another person's
id reveals nothing, not even that the draft exists.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from iia_checker.web.drafts.answers import field_index
from iia_checker.web.drafts.check import check_draft
from iia_checker.web.drafts.form import Field, sections
from iia_checker.web.drafts.pages import DraftView
from iia_checker.web.drafts.posted import signed_in
from iia_checker.web.drafts.saving import Limits
from iia_checker.web.drafts.store import Draft, DraftStore
from iia_checker.web.errors import base_of

if t.TYPE_CHECKING:
    from iia_checker.web.app import Site


class DraftAccess:
    """The store, the form's sections and limits, and lookups by request."""

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

    async def view(self, request: Request, draft: Draft) -> DraftView:
        """The draft checked now, with what its pages need."""
        site = self.site
        async with site.turns:
            result = await run_in_threadpool(
                check_draft, draft.data, site.schema, site.ruleset, dt.date.today()
            )
        return DraftView(draft, result, self.sections, base_of(request))

    async def draft(self, request: Request) -> Draft:
        """The draft the address names, if the requesting user may see it."""
        user = signed_in(request, self.config)
        draft_id = str(request.path_params["draft_id"])
        draft = await run_in_threadpool(self.store.get, draft_id, user)
        if draft is None:
            raise HTTPException(404)
        return draft

    def section_of(self, request: Request) -> Field:
        """The section the address names."""
        section = self.by_key.get(str(request.path_params["section"]))
        if section is None:
            raise HTTPException(404)
        return section
