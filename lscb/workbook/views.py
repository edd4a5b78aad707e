"""The browser import (upload, preview, confirm) under a board's address, and the download of the workbook.

An import under /<board>/import/ puts the rows that name no board into that board, and writes
only to the boards the user may import into. The download holds every board the user may see
(for someone who sees them all, the whole instance), with the agencies and people they share."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from lscb.permissions import RuleRequiredMixin, allowed

from . import uploads
from .engine import import_workbook
from .export import export_workbook
from .forms import WorkbookUploadForm
from .registry import sheets
from .results import ImportResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The preview lists this many creations and changes; the counts cover them all.
CHANGES_SHOWN = 500


def _totals(result: ImportResult) -> str:
    counts = result.counts.values()
    created, updated = sum(c.created for c in counts), sum(c.updated for c in counts)
    unchanged = sum(c.unchanged for c in counts)
    return f"{created} created, {updated} updated, {unchanged} unchanged"


def _boards(request, rule: str) -> list:
    """The instance's boards for which the user holds the rule (read with their roles, once)."""
    return [board for board in request.boards if allowed(rule, request.user, board=board)]


def _import(request, upload: uploads.Upload, *, dry_run: bool) -> ImportResult:
    return import_workbook(
        upload.path,
        by=request.user,
        dry_run=dry_run,
        label=upload.name,
        max_rows=uploads.MAX_ROWS,
        board=request.board,
        boards=_boards(request, "governance.import-workbook"),
    )


class ImportView(RuleRequiredMixin, FormView):
    """Upload a workbook; nothing is written before the preview is confirmed."""

    rule = "governance.import-workbook"
    template_name = "workbook/import.html"
    form_class = WorkbookUploadForm

    def get_context_data(self, **kwargs):
        boards = self.request.boards
        seen = _boards(self.request, "governance.view")
        return super().get_context_data(
            sheets=sheets(),
            pending=uploads.stored(self.request),
            several_boards=len(boards) > 1,
            exports_all=len(seen) == len(boards),
            **kwargs,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "refused": getattr(self.request, "upload_refused", False)}

    def form_valid(self, form):
        upload = uploads.store(self.request, form.cleaned_data["file"])
        # The file is read once, here: the preview shows this dry run however often it is opened.
        _dry_run(self.request, upload)
        return redirect("workbook:import-preview", self.request.board.slug)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(self.request, "upload_refused", False):
            response.status_code = 413  # Content Too Large: the file was stopped as it came in
        return response


def _dry_run(request, upload: uploads.Upload) -> ImportResult:
    result = _import(request, upload, dry_run=True)
    uploads.save_result(upload, result)
    return result


class PreviewView(RuleRequiredMixin, TemplateView):
    """A full dry run of the uploaded workbook: its problems, or what it would create and change."""

    rule = "governance.import-workbook"
    template_name = "workbook/preview.html"

    def get(self, request, *args, **kwargs):
        upload = uploads.stored(request)
        if upload is None:
            messages.info(request, "Upload a workbook to see what it would import.")
            return redirect("workbook:import", request.board.slug)
        result = uploads.saved_result(upload) or _dry_run(request, upload)
        context = self.get_context_data(
            upload=upload, result=result, totals=_totals(result), changes=result.changes[:CHANGES_SHOWN]
        )
        return self.render_to_response(context)


class ConfirmView(RuleRequiredMixin, View):
    """Import the previewed workbook for real, attributed to the signed-in user."""

    rule = "governance.import-workbook"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = uploads.stored(request)
        if upload is None:
            messages.error(request, "There is no uploaded workbook to import: upload it again.")
            return redirect("workbook:import", request.board.slug)
        result = _import(request, upload, dry_run=False)
        if not result.ok:
            uploads.save_result(upload, result)  # the preview now shows why
            messages.error(request, "Nothing was imported: the workbook no longer imports cleanly (see below).")
            return redirect("workbook:import-preview", request.board.slug)
        uploads.discard(request)
        messages.success(request, f"Imported {upload.name}: {_totals(result)}.")
        return redirect("workbook:import", request.board.slug)


class DiscardView(RuleRequiredMixin, View):
    rule = "governance.import-workbook"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        uploads.discard(request)
        messages.info(request, "The uploaded workbook was discarded; nothing was imported.")
        return redirect("workbook:import", request.board.slug)


class ExportView(RuleRequiredMixin, View):
    """Every board the user may see as one .xlsx workbook (the whole instance, for someone who
    sees every board), ready to edit and import again."""

    rule = "governance.view"

    def get(self, request, *args, **kwargs):
        seen = _boards(request, "governance.view")
        buffer = BytesIO()
        export_workbook(buffer, None if len(seen) == len(request.boards) else seen)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        filename = f"board-workbook-{timezone.localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
