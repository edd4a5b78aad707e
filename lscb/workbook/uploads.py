"""Uploaded workbooks awaiting confirmation: kept on the server, named in the session by a random token,
with the result of their dry run; and the upload handler that refuses an over-size file as it streams in."""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from .problems import Problem
from .results import Change, Counts, FieldChange, ImportResult

# The largest file that may be uploaded (the nginx example's client_max_body_size sits just above).
MAX_BYTES = 10 * 1024 * 1024
# Rows in all that an import in the browser takes: its preview must finish well within a web
# worker's time (gunicorn's 30 s; about 1 ms a row). Larger workbooks: `manage.py import_workbook`.
MAX_ROWS = 10_000
SUFFIXES = (".xlsx", ".zip")
SESSION_KEY = "workbook_upload"
# An upload nobody confirmed is removed the next time anyone uploads, a day later.
STALE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Upload:
    path: Path
    name: str

    @property
    def result_path(self) -> Path:
        return self.path.with_suffix(".json")


def _folder() -> Path:
    folder = getattr(settings, "LSCB_WORKBOOK_UPLOAD_DIR", None) or Path(tempfile.gettempdir()) / "lscb-workbook"
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def store(request: HttpRequest, file: UploadedFile) -> Upload:
    """Keep the file for the preview and the confirmation, replacing any earlier upload."""
    discard(request)
    folder = _folder()
    cutoff = time.time() - STALE_SECONDS
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token, suffix = secrets.token_hex(16), Path(file.name).suffix.lower()
    path = folder / f"{token}{suffix}"
    with path.open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    # Only the token goes in the session: the path is always built here, never taken from a client.
    # The board too: its preview was made for that board, and it is confirmed under that board only.
    request.session[SESSION_KEY] = {
        "token": token,
        "suffix": suffix,
        "name": Path(file.name).name,
        "board": _board_slug(request),
    }
    return Upload(path, Path(file.name).name)


def _board_slug(request: HttpRequest) -> str:
    board = getattr(request, "board", None)
    return board.slug if board is not None else ""


def stored(request: HttpRequest) -> Upload | None:
    """The upload awaiting confirmation in this session, if its file is still there and it was
    uploaded under this board's address (under another board's, there is none)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("board", "") != _board_slug(request):
        return None
    token, suffix = str(data.get("token", "")), str(data.get("suffix", ""))
    if not _TOKEN.match(token) or suffix not in SUFFIXES:
        return None
    path = _folder() / f"{token}{suffix}"
    return Upload(path, str(data.get("name", ""))) if path.is_file() else None


def discard(request: HttpRequest) -> None:
    """Remove the session's upload, under whichever board it was made (one upload at a time)."""
    data = request.session.get(SESSION_KEY)
    if isinstance(data, dict):
        token, suffix = str(data.get("token", "")), str(data.get("suffix", ""))
        if _TOKEN.match(token) and suffix in SUFFIXES:
            path = _folder() / f"{token}{suffix}"
            path.unlink(missing_ok=True)
            path.with_suffix(".json").unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


# --- the dry run, kept with the upload so that the preview never reads the file again ------------


def result_text(result: ImportResult) -> str:
    """A result as JSON text, to keep (values are shown as text: a field change's values are written as text)."""
    data = {
        "problems": [asdict(problem) for problem in result.problems],
        "counts": {name: asdict(counts) for name, counts in result.counts.items()},
        "changes": [asdict(change) for change in result.changes],
    }
    return json.dumps(data, default=str)


def result_from_text(text: str) -> ImportResult | None:
    """A result kept by `result_text`; None when it cannot be read."""
    try:
        data = json.loads(text)
        return ImportResult(
            problems=[Problem(**problem) for problem in data["problems"]],
            counts={name: Counts(**counts) for name, counts in data["counts"].items()},
            changes=[
                Change(**{**change, "fields": [FieldChange(**field) for field in change["fields"]]})
                for change in data["changes"]
            ],
        )
    except (ValueError, TypeError, KeyError):
        return None


def save_result(upload: Upload, result: ImportResult) -> None:
    """Keep the result of an upload's dry run (or of a confirmation that failed) for its preview."""
    upload.result_path.write_text(result_text(result), encoding="utf-8")


def saved_result(upload: Upload) -> ImportResult | None:
    """The result kept with the upload; None when there is none (or it cannot be read)."""
    try:
        return result_from_text(upload.result_path.read_text(encoding="utf-8"))
    except OSError:
        return None


# --- refusing an over-size upload while it streams in -------------------------------------------


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of the files of a request as they arrive and stops the upload once they
    pass MAX_BYTES, before any more of them reaches the handlers that keep files (it comes first
    in FILE_UPLOAD_HANDLERS). A request that says up front it is far larger is stopped before its
    file is read at all. The view finds `request.upload_refused` set and says why."""

    # Room for the form's other fields next to the file, in a request's declared length.
    SLACK = 64 * 1024

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length
        self.received = 0
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if getattr(self, "request_length", 0) > MAX_BYTES + self.SLACK:
            self._refuse()
        if self.content_length is not None and self.content_length > MAX_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > MAX_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file

    def _refuse(self) -> None:
        if self.request is not None:
            self.request.upload_refused = True
        # Read and drop the rest of a body that is only a little too large, so that the answer
        # reaches the browser; cut off one that claims to be much larger (nginx refuses those first).
        length = getattr(self, "request_length", 0)
        raise StopUpload(connection_reset=length > 2 * MAX_BYTES)
