"""``iia-check serve``: the self-check web page under uvicorn.

The settings travel to uvicorn's workers in ``IIA_CHECK_WEB_CONFIG``, because each
worker process builds the application afresh from a factory.
"""

from __future__ import annotations

import copy
import os
import typing as t
from pathlib import Path

import click

from iia_checker.commands.common import rules_option
from iia_checker.run.plan import load_rules_and_schema
from iia_checker.web.config import CONFIG_ENV, WebConfig

_DEFAULTS: t.Final = WebConfig()


def _log_config() -> dict[str, t.Any]:
    """uvicorn's logging, plus the site's own log lines (one per check or failure)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["iia_checker"] = {"handlers": ["default"], "level": "INFO"}
    return config


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes. Download links live in the worker that checked, so"
    " with more than one, people may need to choose the report format on the form.",
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
    """Serve the self-check web page: upload, check, read, download."""
    import uvicorn

    keep = params["keep_uploads"]
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    config = WebConfig(
        max_upload_bytes=params["max_upload_bytes"],
        max_request_bytes=max(params["max_request_bytes"], params["max_upload_bytes"]),
        max_checks=params["max_checks"],
        keep_uploads=str(keep.resolve()) if keep else None,
        rules_dirs=tuple(str(Path(d).resolve()) for d in params["rules_dirs"]),
        schema_path=str(params["schema_path"].resolve())
        if params["schema_path"]
        else None,
    )
    load_rules_and_schema(
        config.rules_dirs, config.schema_path
    )  # a bad rule file stops here
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
