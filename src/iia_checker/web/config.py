"""Settings of the web page, passed from ``iia-check serve`` to each worker."""

from __future__ import annotations

import dataclasses
import json
import os
import typing as t
from dataclasses import dataclass
from pathlib import Path

#: Environment variable that carries the settings to uvicorn's worker processes.
CONFIG_ENV: t.Final = "IIA_CHECK_WEB_CONFIG"
MIB: t.Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Limits and sources of one web application."""

    #: Largest single uploaded file, in bytes (also the loader's max_file_bytes).
    max_upload_bytes: int = 20 * MIB
    #: Largest request body, in bytes, counted while it streams in.
    max_request_bytes: int = 50 * MIB
    #: Worker processes checking uploads at once, per server process; more wait
    #: their turn. Checking is CPU-bound: more workers than cores only make
    #: every check slower.
    max_checks: int = 2
    #: Most files in one request.
    max_files: int = 2000
    #: Folder to copy every upload into; None keeps nothing.
    keep_uploads: str | None = None
    rules_dirs: tuple[str, ...] = ()
    schema_path: str | None = None
    #: How long a result stays downloadable, in seconds.
    result_ttl_seconds: int = 15 * 60
    #: Most results held in memory at once (oldest dropped first).
    max_results: int = 50
    #: Most findings held in memory over all results (a bound on their memory).
    max_result_findings: int = 500_000
    #: Folder of the SQLite database that holds drafts and results, shared by
    #: every worker; None means a fresh temporary folder (nothing survives).
    data_dir: str | None = None
    #: How long a draft lasts after its last save, in seconds.
    draft_ttl_seconds: int = 30 * 24 * 3600
    #: Most drafts held at once; creating one more is refused.
    max_drafts: int = 10_000
    #: Largest draft, as JSON, in bytes (and largest form post).
    max_draft_bytes: int = 2 * MIB
    #: Most items in any one list of a draft (evidence, actions, ...).
    max_list_items: int = 100
    #: Request header carrying the signed-in user, set by the sign-in proxy.
    user_header: str | None = None
    #: Addresses whose ``user_header`` is believed (the sign-in proxy).
    trusted_proxies: tuple[str, ...] = ("127.0.0.1",)

    def to_env(self) -> str:
        """These settings as JSON, for ``CONFIG_ENV``."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_env(cls, environ: t.Mapping[str, str] = os.environ) -> WebConfig:
        """Settings from ``CONFIG_ENV``, else the defaults."""
        text = environ.get(CONFIG_ENV)
        if not text:
            return cls()
        values = json.loads(text)
        values["rules_dirs"] = tuple(values.get("rules_dirs", ()))
        if "trusted_proxies" in values:
            values["trusted_proxies"] = tuple(values["trusted_proxies"])
        return cls(**values)

    @property
    def keep_folder(self) -> Path | None:
        """The folder uploads are kept in, if the operator chose one."""
        return Path(self.keep_uploads) if self.keep_uploads else None
