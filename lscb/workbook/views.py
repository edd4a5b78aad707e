"""The browser import (upload, preview, confirm) under a board's address, and the download of the workbook.

An import under /<board>/import/ puts the rows that name no board into that board, and writes
only to the boards the user may import into. The download holds every board the user may see
(for someone who sees them all, the whole instance), with the agencies and people they share."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from lscb.models import WorkbookImport
from lscb.permissions import RuleRequiredMixin, allowed

from . import jobs, uploads
from .engine import import_workbook
from .export import export_workbook
from .files import TOO_LARGE_HINT
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
            recent_jobs=WorkbookImport.objects.filter(board=self.request.board, user=self.request.user).defer(
                "content"
            )[:5],
            several_boards=len(boards) > 1,
            exports_all=len(seen) == len(boards),
            **kwargs,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "refused": getattr(self.request, "upload_refused", False)}

    def form_valid(self, form):
        file = form.cleaned_data["file"]
        if jobs.in_background(file.size):
            # A large workbook is checked on the worker: its page shows the progress, then the preview.
            uploads.discard(self.request)
            job = jobs.start(board=self.request.board, user=self.request.user, name=file.name, content=file.read())
            return redirect("workbook:import-job", self.request.board.slug, job.pk)
        upload = uploads.store(self.request, file)
        # The file is read once, here: the preview shows this dry run however often it is opened.
        result = _dry_run(self.request, upload)
        if result.problems and all(TOO_LARGE_HINT in problem.message for problem in result.problems):
            # Only more rows than a page's time allows (a small file of many rows): on the worker
            # instead. A file with any other problem is refused here, with all of them listed.
            content = upload.path.read_bytes()
            uploads.discard(self.request)
            job = jobs.start(board=self.request.board, user=self.request.user, name=upload.name, content=content)
            return redirect("workbook:import-job", self.request.board.slug, job.pk)
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


class JobMixin(RuleRequiredMixin):
    """A large import of this board, uploaded by the signed-in user (anyone else's is not found)."""

    rule = "governance.import-workbook"

    def get_job(self) -> WorkbookImport:
        return get_object_or_404(
            WorkbookImport.objects.defer("content"),
            pk=self.kwargs["pk"],
            board=self.request.board,
            user=self.request.user,
        )


class JobView(JobMixin, TemplateView):
    """A large import's page: its progress while the worker checks or imports it (the page looks
    again by itself every few seconds), then its preview to confirm, then what was imported."""

    template_name = "workbook/job.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.headers.get("HX-Request") and not response.context_data["job"].working:
            response["HX-Refresh"] = "true"  # done: the whole page changes (the preview, or the result)
        return response

    def get_context_data(self, **kwargs):
        job = self.get_job()
        result = uploads.result_from_text(job.result) if job.result else None
        return super().get_context_data(
            job=job,
            result=result,
            totals=_totals(result) if result is not None else "",
            changes=result.changes[:CHANGES_SHOWN] if result is not None else [],
            **kwargs,
        )


class JobConfirmView(JobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        if not jobs.confirm(job):
            messages.error(request, "This workbook is not waiting for confirmation.")
        return redirect("workbook:import-job", request.board.slug, job.pk)


class JobDiscardView(JobMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = self.get_job()
        discarded = WorkbookImport.objects.filter(pk=job.pk, status=WorkbookImport.Status.CHECKED).update(
            status=WorkbookImport.Status.DISCARDED, content=b""
        )
        if discarded:
            messages.info(request, "The uploaded workbook was discarded; nothing was imported.")
        return redirect("workbook:import", request.board.slug)
