"""``iia-check serve``: the self-check web page under uvicorn.

The settings travel to uvicorn's workers in ``IIA_CHECK_WEB_CONFIG``, because each
worker process builds the application afresh from a factory.
"""

from __future__ import annotations

import copy
import os
import sqlite3
import tempfile
import typing as t
from pathlib import Path

import click

from iia_checker.commands.common import rules_option
from iia_checker.run.plan import load_rules_and_schema
from iia_checker.web.config import CONFIG_ENV, WebConfig
from iia_checker.web.database import open_database

_DEFAULTS: t.Final = WebConfig()


def _log_config() -> dict[str, t.Any]:
    """uvicorn's logging, plus the site's own log lines (one per check or failure)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["iia_checker"] = {"handlers": ["default"], "level": "INFO"}
    return config


def _check_data_dir(folder: Path) -> None:
    """Stop with a one-line usage error if the database cannot live in ``folder``."""
    try:
        open_database(str(folder))
    except (OSError, sqlite3.Error) as exc:
        raise click.BadParameter(
            f"{folder}: the database cannot be kept there ({exc})",
            param_hint="--data-dir",
        ) from None


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes. They share drafts and download links through the"
    " database in --data-dir.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the SQLite database that keeps drafts and results, shared by"
    " the workers and kept across restarts. Default: a new temporary folder, so"
    " nothing outlives the server.",
)
@click.option(
    "--draft-days",
    default=_DEFAULTS.draft_ttl_seconds // 86400,
    show_default=True,
    type=click.IntRange(min=1),
    help="Days a draft is kept after its last save.",
)
@click.option(
    "--user-header",
    help="Request header in which the sign-in proxy names the signed-in user, e.g."
    " X-Remote-User. Then each draft belongs to its author, and requests without"
    " it are refused. The proxy must connect from a --trusted-proxy address"
    " (without --proxy-headers, which would replace that address).",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    default=_DEFAULTS.trusted_proxies,
    show_default=True,
    help="Address of the sign-in proxy whose --user-header is believed (repeat"
    " for several).",
)
@click.option(
    "--max-upload-bytes",
    default=_DEFAULTS.max_upload_bytes,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest uploaded file.",
)
@click.option(
    "--max-request-bytes",
    default=_DEFAULTS.max_request_bytes,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body (all files of one upload).",
)
@click.option(
    "--max-checks",
    default=_DEFAULTS.max_checks,
    show_default=True,
    type=click.IntRange(min=1),
    help="Checks run at once by each worker; more wait their turn.",
)
@click.option(
    "--keep-uploads",
    type=click.Path(file_okay=False, path_type=Path),
    help="Copy every upload into this folder. Default: keep nothing.",
)
@click.option(
    "--proxy-headers/--no-proxy-headers",
    default=False,
    show_default=True,
    help="Trust X-Forwarded-For and X-Forwarded-Proto from --forwarded-allow-ips.",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    help="Comma-separated addresses of the reverse proxy whose headers are trusted.",
)
@click.option(
    "--root-path",
    default="",
    help="Path prefix when the proxy serves the site below one, e.g. /iia.",
)
@rules_option
def serve(**params: t.Any) -> None:
    """Serve the self-check web page: upload, check, fill in, read, download."""
    import uvicorn

    keep = params["keep_uploads"]
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    data_dir = params["data_dir"] or Path(tempfile.mkdtemp(prefix="iia-web-"))
    config = WebConfig(
        data_dir=str(data_dir.resolve()),
        draft_ttl_seconds=params["draft_days"] * 86400,
        user_header=params["user_header"] or None,
        trusted_proxies=tuple(params["trusted_proxies"]),
        max_upload_bytes=params["max_upload_bytes"],
        max_request_bytes=max(params["max_request_bytes"], params["max_upload_bytes"]),
        max_checks=params["max_checks"],
        keep_uploads=str(keep.resolve()) if keep else None,
        rules_dirs=tuple(str(Path(d).resolve()) for d in params["rules_dirs"]),
        schema_path=str(params["schema_path"].resolve())
        if params["schema_path"]
        else None,
    )
    # A bad rule file stops here, before any worker starts.
    load_rules_and_schema(config.rules_dirs, config.schema_path)
    _check_data_dir(data_dir)
    os.environ[CONFIG_ENV] = config.to_env()
    uvicorn.run(
        "iia_checker.web.app:app_from_environment",
        factory=True,
        host=params["host"],
        port=params["port"],
        workers=params["workers"],
        proxy_headers=params["proxy_headers"],
        forwarded_allow_ips=params["forwarded_allow_ips"],
        root_path=params["root_path"],
        log_config=_log_config(),
        server_header=False,
        # A slow client cannot hold a connection open for ever.
        timeout_keep_alive=5,
    )
