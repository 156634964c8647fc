"""Routes of the self-check site. Checks run in worker processes (``checking``).

A request's files live in its own ``tempfile.TemporaryDirectory``, deleted when
the answer is ready; only an operator's ``--keep-uploads`` folder keeps copies.
An exception in one request becomes that request's 500 page and a log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import secrets
import shutil
import tempfile
import time
import typing as t
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from iia_checker.model.findings import Report
from iia_checker.reporters import REPORTERS, RenderOptions
from iia_checker.resources import default_schema_path
from iia_checker.run.plan import load_rules_and_schema
from iia_checker.web import downloads
from iia_checker.web.catalogue import catalogue_page, rule_page
from iia_checker.web.checking import Checker, CheckFailed, Job
from iia_checker.web.config import WebConfig
from iia_checker.web.database import open_database
from iia_checker.web.drafts.routes import draft_routes
from iia_checker.web.errors import base_of, error_page, http_error, log, server_error
from iia_checker.web.pages import DOWNLOADS, FormState, home_page
from iia_checker.web.results import results_page
from iia_checker.web.security import SecurityHeaders, cross_site
from iia_checker.web.store import ResultStore
from iia_checker.web.uploads import Upload, UploadError, receive_upload


class Site:
    """The loaded rules and schema, the result store and the route handlers."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.schema, self.ruleset = load_rules_and_schema(
            config.rules_dirs, config.schema_path
        )
        self.schema_path = Path(config.schema_path or default_schema_path())
        self.database = open_database(config.data_dir)
        self.store = ResultStore(
            self.database,
            ttl_seconds=config.result_ttl_seconds,
            max_results=config.max_results,
            max_findings=config.max_result_findings,
        )
        self.turns = asyncio.Semaphore(config.max_checks)
        self.checker = Checker(config)

    async def home(self, request: Request) -> Response:
        """The upload form."""
        return HTMLResponse(home_page(self.config, FormState(), base=base_of(request)))

    async def check(self, request: Request) -> Response:
        """Check the posted files; the results page or a report file."""
        if cross_site(request.headers):
            return error_page(
                request,
                "Form sent from another site",
                "This form only accepts files sent from its own page. Open the"
                " upload form and send them from there.",
                403,
            )
        outcome = await self._receive_and_check(request)
        if isinstance(outcome, Response):
            return outcome
        report, fmt = outcome
        if fmt in DOWNLOADS:
            return await self._report_file(report, fmt)
        token = await run_in_threadpool(self.store.put, report)
        return await self._results_page(request, report, token)

    async def _receive_and_check(
        self, request: Request
    ) -> Response | tuple[Report, str]:
        with tempfile.TemporaryDirectory(prefix="iia-web-") as folder:
            try:
                upload = await receive_upload(request, Path(folder), self.config)
            except UploadError as exc:
                title = (
                    "Upload too large" if exc.status_code == 413 else "Upload refused"
                )
                return error_page(request, title, exc.message, exc.status_code)
            state, as_of = _form_state(upload)
            if state.errors:
                page = home_page(self.config, state, base=base_of(request))
                return HTMLResponse(page, status_code=400)
            try:
                async with self.turns:
                    report = await self._check(upload, as_of)
            except CheckFailed as exc:
                return error_page(request, "The check stopped", exc.message, 500)
        return report, state.fmt

    async def _results_page(
        self, request: Request, report: Report, token: str | None
    ) -> Response:
        page = await run_in_threadpool(
            results_page,
            report,
            token,
            base=base_of(request),
            ttl_minutes=self.config.result_ttl_seconds // 60,
        )
        return HTMLResponse(page)

    async def _check(self, upload: Upload, as_of: dt.date) -> Report:
        paths = [str(saved.path) for saved in upload.files]
        names = {str(f.path): f.name for f in upload.files}
        report = await self.checker.check(Job(paths, names, as_of))
        await run_in_threadpool(self._keep, upload)
        log.info(
            "checked %d file(s): %d result(s), %d finding(s) in %.2f s",
            len(paths),
            len(report.results),
            sum(1 for _ in report.findings()),
            report.elapsed_seconds or 0.0,
        )
        return report

    def _keep(self, upload: Upload) -> None:
        keep = self.config.keep_folder
        if keep is None or not upload.files:
            return
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        folder = upload.files[0].path.parent.parent
        shutil.copytree(folder, keep / f"{stamp}-{secrets.token_hex(4)}")

    async def _report_file(self, report: Report, fmt: str) -> Response:
        content = await run_in_threadpool(REPORTERS[fmt], report, RenderOptions())
        _, suffix, media = DOWNLOADS[fmt]
        disposition = f'attachment; filename="iia-report.{suffix}"'
        return Response(
            content, media_type=media, headers={"content-disposition": disposition}
        )

    async def _held(self, request: Request) -> Report:
        token = request.path_params["token"]
        report = await run_in_threadpool(self.store.get, token)
        if report is None:
            raise HTTPException(410, "expired")
        return report

    async def results(self, request: Request) -> Response:
        """The results page again (the filters form comes back here)."""
        report = await self._held(request)
        return await self._results_page(request, report, request.path_params["token"])

    async def download(self, request: Request) -> Response:
        """A kept result as a report file."""
        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise HTTPException(404)
        return await self._report_file(await self._held(request), fmt)

    async def template(self, request: Request) -> Response:
        """A blank template to fill in."""
        name = request.path_params["name"]
        if name not in downloads.TEMPLATE_MEDIA:
            raise HTTPException(404)
        content = await run_in_threadpool(downloads.template, name, self.schema_path)
        return Response(
            content,
            media_type=downloads.TEMPLATE_MEDIA[name],
            headers={"content-disposition": f'attachment; filename="iia-{name}"'},
        )

    async def rules(self, request: Request) -> Response:
        """The rule catalogue."""
        return HTMLResponse(catalogue_page(self.ruleset, base=base_of(request)))

    async def rule(self, request: Request) -> Response:
        """One rule explained."""
        rule_id = str(request.path_params["rule_id"])
        rule = self.ruleset.get(rule_id) or self.ruleset.get(rule_id.upper())
        if rule is None:
            raise HTTPException(404)
        return HTMLResponse(rule_page(rule, base=base_of(request)))


def _form_state(upload: Upload) -> tuple[FormState, dt.date]:
    errors: dict[str, str] = {}
    if not upload.files:
        errors["files"] = "Choose at least one file to check."
    text = upload.fields.get("as_of", "").strip()
    as_of = dt.date.today()
    if text:
        try:
            as_of = dt.date.fromisoformat(text)
        except ValueError:
            errors["as_of"] = (
                "Write the assessment date as YYYY-MM-DD, for example 2021-09-01."
            )
    fmt = upload.fields.get("format", "page")
    state = FormState(errors, text, fmt if fmt in DOWNLOADS else "page")
    return state, as_of


def create_app(config: WebConfig | None = None) -> ASGIApp:
    """The site as an ASGI application, with security headers on every answer."""
    site = Site(config or WebConfig())
    routes = [
        Route("/", site.home, methods=["GET"]),
        Route("/check", site.check, methods=["POST"]),
        Route("/results/{token}", site.results, methods=["GET"]),
        Route("/results/{token}/{fmt}", site.download, methods=["GET"]),
        Route("/templates/{name}", site.template, methods=["GET"]),
        Route("/rules", site.rules, methods=["GET"]),
        Route("/rules/{rule_id}", site.rule, methods=["GET"]),
        Route("/healthz", lambda _: PlainTextResponse("ok\n"), methods=["GET"]),
        *draft_routes(site),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=_closing(site.checker),
    )
    return SecurityHeaders(app)


def _closing(
    checker: Checker,
) -> t.Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan that stops the checker's workers when the server stops."""

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> t.AsyncIterator[None]:
        try:
            yield
        finally:
            checker.close()

    return lifespan


def app_from_environment() -> ASGIApp:
    """The factory uvicorn's workers call: settings from ``IIA_CHECK_WEB_CONFIG``."""
    return create_app(WebConfig.from_env())
