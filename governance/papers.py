"""A meeting's papers: what may be uploaded (its type, by name and by its first bytes, and its
size), who may add or remove them, and the writes, which keep who and when in the history."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from lscb.permissions import allowed
from lscb.records import record_delete, record_save

from .models import Meeting, MeetingPaper

# The first bytes of each kind of file: an Office Open XML or OpenDocument file is a zip ("PK"),
# an older Word, Excel or PowerPoint file an OLE compound file.
PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT = "text"

# Extension: (what it is, how it starts, a file the zip must hold, its content type).
KINDS: dict[str, tuple[str, bytes | str, str, str]] = {
    ".pdf": ("PDF", PDF, "", "application/pdf"),
    ".docx": (
        "Word",
        ZIP,
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".doc": ("Word", OLE, "", "application/msword"),
    ".odt": ("OpenDocument text", ZIP, "mimetype", "application/vnd.oasis.opendocument.text"),
    ".pptx": (
        "PowerPoint",
        ZIP,
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ".ppt": ("PowerPoint", OLE, "", "application/vnd.ms-powerpoint"),
    ".xlsx": ("Excel", ZIP, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xls": ("Excel", OLE, "", "application/vnd.ms-excel"),
    ".txt": ("plain text", TEXT, "", "text/plain; charset=utf-8"),
}
ACCEPT = ",".join(KINDS)
KINDS_IN_WORDS = "PDF, Word (.docx, .doc), OpenDocument text (.odt), PowerPoint, Excel or plain text (.txt)"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def content_type(name: str) -> str:
    kind = KINDS.get(PurePath(name).suffix.lower())
    return kind[3] if kind else "application/octet-stream"


def check_upload(upload) -> None:
    """Refuse a file that is not a paper the app takes, or is too large, with a message that says
    what to do. The extension and the first bytes must agree."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    limit = settings.LSCB_PAPER_MAX_BYTES
    if suffix not in KINDS:
        raise ValidationError(
            f'"{name}" is not a kind of file a paper can be: upload a {KINDS_IN_WORDS} file, or give a link instead.'
        )
    if not upload.size:
        raise ValidationError(f'"{name}" is empty: choose the file again.')
    if upload.size > limit:
        raise ValidationError(
            f'"{name}" is {megabytes(upload.size)}: a paper can be at most {megabytes(limit)}. '
            "Save it smaller (e.g. as a compressed PDF), or give a link to it instead."
        )
    what, start, member, _type = KINDS[suffix]
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    wrong = ValidationError(f'"{name}" is named as a {what} file but is not one: check the file and upload it again.')
    if start == TEXT:
        if b"\x00" in head:
            raise wrong
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the first block is still text.
            if error.start < len(head) - 4:
                raise wrong from None
        return
    if not head.startswith(start):
        raise wrong
    if member:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise wrong from None
        finally:
            upload.seek(0)
        if member not in names:
            raise wrong


# --- who ------------------------------------------------------------------------------------------


def may_add_papers(user, meeting: Meeting, board) -> bool:
    """Those who manage the board's meetings, and those who may record this meeting."""
    return allowed("governance.manage", user, board=board) or allowed(
        "governance.record-meeting", user, meeting, board=board
    )


# --- writes ---------------------------------------------------------------------------------------


def paper_add(*, paper: MeetingPaper, by) -> MeetingPaper:
    """Add a paper to its meeting: an uploaded file (checked) or a link, attributed to `by`."""
    if paper.file and not paper.pk:
        check_upload(paper.file)
        paper.file_name = PurePath(paper.file.name).name
        paper.file_size = paper.file.size
    paper.added_by = by
    return record_save(instance=paper, by=by)


def paper_remove(*, paper: MeetingPaper, by) -> None:
    """Remove a paper; its file goes from the disk once the removal is saved (the history keeps
    who removed what, and when)."""
    record_delete(instance=paper, by=by)


@receiver(post_delete, sender=MeetingPaper)
def _file_goes_with_its_paper(sender, instance: MeetingPaper, **kwargs) -> None:
    """A removed paper's file, or the files of a deleted meeting's papers, leave the disk once the
    deletion is saved (never before: a deletion rolled back keeps its file)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
