"""Uploaded workbooks awaiting confirmation: kept on the server, named in the session by a random token."""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".xlsx", ".zip")
SESSION_KEY = "workbook_upload"
# An upload nobody confirmed is removed the next time anyone uploads, a day later.
STALE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Upload:
    path: Path
    name: str


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
    request.session[SESSION_KEY] = {"token": token, "suffix": suffix, "name": Path(file.name).name}
    return Upload(path, Path(file.name).name)


def stored(request: HttpRequest) -> Upload | None:
    """The upload awaiting confirmation in this session, if its file is still there."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    token, suffix = str(data.get("token", "")), str(data.get("suffix", ""))
    if not _TOKEN.match(token) or suffix not in SUFFIXES:
        return None
    path = _folder() / f"{token}{suffix}"
    return Upload(path, str(data.get("name", ""))) if path.is_file() else None


def discard(request: HttpRequest) -> None:
    upload = stored(request)
    if upload is not None:
        upload.path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
