"""Writes of the year-end app: the narrative, one piece per year and section; signing the year's
report off, and reopening it."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lscb import freshness
from lscb.concurrency import StaleEdit
from lscb.records import record_save
from lscb.text import refuse_control_characters
from lscb.years import ReportingYear

from .models import Narrative, SignedReport

WRITTEN_MEANWHILE = "Someone else wrote this section while you were writing: their text is shown; yours is kept below."
SAVED_MEANWHILE = (
    "Someone else saved this text while you were writing. Theirs is shown below; yours is kept in the box."
)


def _written(board, year: ReportingYear, section: str) -> Narrative | None:
    """The board's section's narrative as stored, locked until the save ends; None when not yet written."""
    return Narrative.objects.select_for_update().filter(board=board, year=year.label, section=section).first()


@transaction.atomic
def narrative_save(*, board, year: ReportingYear, section: str, text: str, by, version: int | None = None) -> Narrative:
    """Save a section of `board`'s narrative; a save based on a version someone else replaced is refused.

    `version` is the one the form was opened at: 0 for a section not yet written, which is then
    created only if it is still absent (two people writing the first text: the second is told)."""
    narrative = _written(board, year, section)
    if narrative is None:
        narrative = Narrative(board=board, year=year.label, section=section, text=text.strip(), updated_by=by)
        try:
            with transaction.atomic():
                return record_save(instance=narrative, by=by)
        except ValidationError:
            if Narrative.objects.filter(board=board, year=year.label, section=section).exists():
                raise StaleEdit(WRITTEN_MEANWHILE) from None  # created meanwhile by another request
            raise
    if version is not None and narrative.version != version:
        raise StaleEdit(WRITTEN_MEANWHILE if version == 0 else SAVED_MEANWHILE)
    narrative.text = text.strip()
    narrative.updated_by = by
    narrative.version += 1
    return record_save(instance=narrative, by=by)


def records_state() -> str:
    """A short token of the state of the board's records (lscb.freshness), for a form to carry."""
    return hashlib.sha256(freshness.data_version().encode()).hexdigest()


def signer_name(user) -> str:
    """The name a sign-off prints: the user's person in the records, else their own name."""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return (person.name if person else "") or user.get_full_name() or user.get_username()


@transaction.atomic
def report_sign_off(*, board, year: ReportingYear, by, read: str | None = None) -> SignedReport:
    """Sign `board`'s report of the year off as it stands: keep the page, the PDF, the Word document and the
    JSON exactly as signed, with who signed it, when, and a digest of the records it was made from.
    `read`: the records_state() of the report the signer read; refused if the records changed since."""
    from .docx import report_docx  # the drawing and layout libraries load only when used
    from .render import Signature, pdf_from_html, records_digest, report_body_html, report_html, section_digests
    from .report import build_report
    from .summary import summary_json, year_summary

    today = timezone.localdate()
    if today <= year.end:
        raise ValidationError(
            f"The {year} report can be signed off once the year has ended: from 01/04/{year.end.year + 1}."
        )
    if SignedReport.objects.select_for_update().filter(board=board, year=year.label, reopened_at__isnull=True).exists():
        raise ValidationError(f"The {year} report is already signed off.")
    if read is not None and read != records_state():
        raise ValidationError("The records changed while you were reading the report: read it again, then sign it off.")
    signature = Signature(signer_name(by), today)
    report = build_report(year, board)
    sections = section_digests(report)
    print_html = report_html(report, signature)
    summary = year_summary(year, board)
    summary["signed_off"] = {"by": signature.name, "on": today.isoformat()}
    signed = SignedReport(
        board=board,
        year=year.label,
        signed_by=by,
        signed_by_name=signature.name,
        signed_at=timezone.now(),
        html=report_body_html(report, signature),
        print_html=print_html,
        pdf=pdf_from_html(print_html),
        docx=report_docx(report, signature=signature),
        summary=summary_json(summary),
        digest=records_digest(sections),
        sections=sections,
    )
    signed.full_clean()
    try:
        with transaction.atomic():
            signed.save()
    except IntegrityError as error:  # signed off meanwhile by another request
        raise ValidationError(f"The {year} report is already signed off.") from error
    return signed


@transaction.atomic
def report_reopen(*, board, year: ReportingYear, by, reason: str) -> SignedReport:
    """Return `board`'s signed-off report to draft, saying why; the sign-off is kept, with who reopened it and when."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the report is reopened: the reason is kept with the sign-off.")
    refuse_control_characters(reason=reason)
    signed = (
        SignedReport.objects.select_for_update().filter(board=board, year=year.label, reopened_at__isnull=True).first()
    )
    if signed is None:
        raise ValidationError(f"The {year} report is not signed off: it is a draft already.")
    signed.reopened_at = timezone.now()
    signed.reopened_by = by
    signed.reopen_reason = reason
    signed.full_clean()
    signed.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return signed
