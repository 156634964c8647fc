"""Read a multipart upload straight into a request's temporary folder, within limits.

The body is counted as it streams in: past ``max_request_bytes``, or a file past
``max_upload_bytes``, reading stops with ``TooLarge`` (a 413 page) before the rest
arrives; a ``Content-Length`` over the limit is refused before any of it is read.
A file keeps only a cleaned base name, in a numbered folder of its own, so no
uploaded name can reach outside the request's folder.

A character set, of the request or of one part, must name a text encoding Python
knows: ``rot13``, ``base64`` or ``zlib`` are codecs too, but not of text, and
are refused with a 400 page like any other malformed form. A client that goes
away half way is one line in the log.
"""

from __future__ import annotations

import codecs
import re
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from iia_checker.web.config import WebConfig
from iia_checker.web.errors import log

if t.TYPE_CHECKING:  # the library defines it for type checkers only
    from python_multipart.multipart import MultipartCallbacks

#: Text fields are dates and choices; anything longer is not from our form.
MAX_FIELD_BYTES: t.Final = 4096
MAX_FIELDS: t.Final = 20
MAX_HEADER_BYTES: t.Final = 16 * 1024


class UploadError(Exception):
    """The request cannot be read as our form; ``message`` says why, for people."""

    status_code: t.ClassVar[int] = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(UploadError):
    """A file or the whole request is over its limit."""

    status_code: t.ClassVar[int] = 413


class ClientGone(UploadError):
    """The client disconnected before the whole form arrived."""


@dataclass(frozen=True, slots=True)
class SavedFile:
    """One uploaded file: the name people see and where it was saved."""

    name: str
    path: Path


@dataclass(slots=True)
class Upload:
    """The files and text fields of one form post."""

    files: list[SavedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def clean_name(filename: str, index: int) -> str:
    """The base name with only safe characters; ``upload-N`` if nothing is left."""
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = re.sub(r"[^\w.() -]", "_", base).strip(" .")[:120]
    return cleaned or f"upload-{index}"


async def receive_upload(request: Request, folder: Path, config: WebConfig) -> Upload:
    """Stream the form in ``request`` into ``folder``; raise UploadError if unfit."""
    kind, params = parse_options_header(request.headers.get("content-type"))
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise UploadError("The form must be sent as multipart/form-data.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > config.max_request_bytes:
        raise TooLarge(_request_limit(config))
    sink = _Sink(folder, config, text_codec(params.get(b"charset", b"utf-8")))
    received = 0
    try:
        parser = MultipartParser(params[b"boundary"], sink.callbacks())
        async for chunk in request.stream():
            received += len(chunk)
            if received > config.max_request_bytes:
                raise TooLarge(_request_limit(config))
            parser.write(chunk)
        parser.finalize()
    except (FormParserError, ValueError):
        raise UploadError("The form data is malformed; send it again.") from None
    except ClientDisconnect:
        log.info("upload stopped: the client went away after %d bytes", received)
        raise ClientGone("The upload stopped before it was complete.") from None
    finally:
        sink.close()
    return sink.upload


def _request_limit(config: WebConfig) -> str:
    return (
        f"The upload is larger than {config.max_request_bytes:,} bytes in all,"
        " the limit of this server. Send fewer or smaller files at a time."
    )


def text_codec(charset: bytes) -> str:
    """The name of the text encoding ``charset`` declares; UploadError if none."""
    name = charset.decode("latin-1").strip()
    try:
        codec = codecs.lookup(name)
    except LookupError:
        codec = None
    # rot13, base64, hex, zlib... are codecs, but not between bytes and text.
    if codec is None or not getattr(codec, "_is_text_encoding", True):
        raise UploadError(
            f"The form declares a character set this server cannot read ({name[:40]})."
            " Send it again from the upload page."
        )
    return codec.name


class _Sink:
    """python-multipart callbacks that write file parts to disk as they arrive."""

    def __init__(self, folder: Path, config: WebConfig, charset: str) -> None:
        self.folder, self.config, self.charset = folder, config, charset
        self.upload = Upload()
        self._header_name = b""
        self._header_value = b""
        self._headers_size = 0
        self._disposition = b""
        self._part_charset: str | None = None
        self._field: str | None = None
        self._data = bytearray()
        self._file: t.BinaryIO | None = None
        self._saved: SavedFile | None = None
        self._size = 0

    def callbacks(self) -> MultipartCallbacks:
        """The callbacks ``MultipartParser`` takes."""
        return {
            "on_part_begin": self._begin,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_header_field": self._header_field,
            "on_header_value": self._header_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
        }

    def close(self) -> None:
        """Close a file left open by a request that stopped half way."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _begin(self) -> None:
        self._disposition, self._field, self._saved = b"", None, None
        self._part_charset = None
        self._data, self._size, self._headers_size = bytearray(), 0, 0

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._grow_headers(end - start)
        self._header_name += data[start:end]

    def _header_data(self, data: bytes, start: int, end: int) -> None:
        self._grow_headers(end - start)
        self._header_value += data[start:end]

    def _grow_headers(self, size: int) -> None:
        self._headers_size += size
        if self._headers_size > MAX_HEADER_BYTES:
            raise UploadError("The form's part headers are too long.")

    def _header_end(self) -> None:
        name = self._header_name.lower()
        if name == b"content-disposition":
            self._disposition = self._header_value
        elif name == b"content-type":
            charset = parse_options_header(self._header_value)[1].get(b"charset")
            self._part_charset = None if charset is None else text_codec(charset)
        self._header_name, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise UploadError("A part of the form has no name.")
        self._field = self._decode(options[b"name"])
        filename = options.get(b"filename")
        if filename is None:
            if len(self.upload.fields) >= MAX_FIELDS:
                raise UploadError("The form has too many fields.")
        elif filename:
            self._open(self._decode(filename))
        else:  # a file input left empty: browsers still send the part
            self._field = None

    def _open(self, filename: str) -> None:
        index = len(self.upload.files) + 1
        if index > self.config.max_files:
            raise UploadError(
                f"At most {self.config.max_files} files can be checked at once."
            )
        name = clean_name(filename, index)
        place = self.folder / f"{index:05d}"
        place.mkdir()
        taken = {saved.name for saved in self.upload.files}
        shown = name if name not in taken else f"{name} [{index}]"
        self._saved = SavedFile(shown, place / name)
        self._file = self._saved.path.open("xb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self._size += end - start
            if self._size > self.config.max_upload_bytes:
                raise TooLarge(self._file_limit())
            self._file.write(data[start:end])
        elif self._saved is None and self._field is not None:
            self._data += data[start:end]
            if len(self._data) > MAX_FIELD_BYTES:
                raise UploadError(f"The form field {self._field!r} is too long.")

    def _file_limit(self) -> str:
        name = self._saved.name if self._saved else "A file"
        return (
            f"{name} is larger than {self.config.max_upload_bytes:,} bytes, the"
            " largest file this server accepts. Split the register or ask the"
            " service's administrator to raise --max-upload-bytes."
        )

    def _part_end(self) -> None:
        if self._file is not None and self._saved is not None:
            self._file.close()
            self._file = None
            self.upload.files.append(self._saved)
        elif self._field is not None and self._saved is None:
            self.upload.fields.setdefault(self._field, self._decode(bytes(self._data)))

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode(self._part_charset or self.charset, errors="replace")
        except (UnicodeError, LookupError):  # a text codec without "replace"
            raise UploadError(
                "A field of the form cannot be read in its character set."
            ) from None
