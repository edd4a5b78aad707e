"""The year-end pages: the years on record, each year's report (web, PDF, Word, JSON), its narrative,
and signing the report off (kept as signed from then on) or reopening it."""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import FormView, TemplateView

from governance.models import Group, Meeting
from lscb import freshness
from lscb.caching import CachedFragmentMixin
from lscb.concurrency import StaleEdit, VersionField
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.years import ReportingYear

from . import charts, services
from .files import NotReady, report_file, require_offered, signed_copy, years_on_record
from .models import NARRATIVE_SECTIONS, Narrative, SignedReport, narrative_sections
from .render import SECTION_TITLES, other_topics, section_digests, still_missing
from .report import build_report
from .summary import summary_json, year_summary


def changes_since_sign_off(signed: SignedReport) -> list[str]:
    """The parts of a signed-off report that would read differently from the records as they stand
    now: worked out once per state of the records (lscb.freshness), as drawing the report is slow."""
    key = f"yearend-signed-changes/{signed.pk}/{services.records_state()}"
    changed = cache.get(key)
    if changed is None:
        now = section_digests(build_report(ReportingYear.parse(signed.year), signed.board))
        keys = list(dict.fromkeys([*signed.sections, *now]))
        changed = [SECTION_TITLES.get(k, k) for k in keys if signed.sections.get(k) != now.get(k)]
        cache.set(key, changed, freshness.TIMEOUT)
    return changed


FILE_TYPES = {
    # Made in seconds: kept until the report changes (yearend.files).
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class OfferedYearMixin:
    """After the rule: a year with no report answers 404 before anything is drawn (yearend.files)."""

    def dispatch(self, request, *args, **kwargs):
        # One read of the records' version serves the years on record and the page's own cache.
        self.data_version = freshness.data_version()
        self.years_on_record = require_offered(kwargs["year"], request.board, self.data_version)
        return super().dispatch(request, *args, **kwargs)


class IndexView(RuleRequiredMixin, TemplateView):
    rule = "yearend.view"
    template_name = "yearend/index.html"

    def get_context_data(self, **kwargs):
        board = self.request.board
        standing = SignedReport.objects.filter(board=board, reopened_at__isnull=True).without_copies()
        signed = {s.year: s for s in standing}
        years = [(year, signed.get(year.label)) for year in years_on_record(board)]
        has_meetings = Meeting.objects.filter(group__in=Group.objects.for_board(board).values("pk")).exists()
        return super().get_context_data(years=years, has_meetings=has_meetings, **kwargs)


def _nearby(year, years) -> dict:
    """The years on record before and after `year`, for the report page's links (None: none)."""
    return {
        "previous": next((other for other in years if other < year), None),
        "next": next((other for other in reversed(years) if other > year), None),
    }


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 68.9 times the
# floor, and the cache makes it 27.1 times faster (bench/cache_value.py, 04/12/2026).
class ReportView(CachedFragmentMixin, RuleRequiredMixin, OfferedYearMixin, TemplateView):
    """The annual report's generated sections as a web page, with the narrative in place."""

    rule = "yearend.view"
    template_name = "yearend/report_page.html"
    # The report's body is kept per board, year, state of the records and day (lscb.caching): it is
    # built only when drawn. Its "write the commentary" links follow the right to write it.
    fragment_rules = ("yearend.write-narrative",)

    def fragment_parts(self) -> list[str]:
        return [self.kwargs["year"].label]

    def records_version(self) -> str:
        return self.data_version  # read once already, for the years on record

    def get(self, request, *args, **kwargs):
        # The charts of a body drawn now are read from the store, and kept there (yearend.charts).
        with charts.shared(request.board, kwargs["year"]):
            return super().get(request, *args, **kwargs).render()

    def get_context_data(self, **kwargs):
        year, user, board = self.kwargs["year"], self.request.user, self.request.board
        can_reopen = allowed("yearend.reopen", user, board=board)
        sign_offs = list(SignedReport.objects.filter(board=board).for_year(year))  # the page's html is read if signed
        signed = next((s for s in sign_offs if s.reopened_at is None), None)
        status = {
            "nearby": _nearby(year, self.years_on_record),
            "signed": signed,
            "history": [s for s in sign_offs if s.reopened_at is not None],
            "can_reopen": can_reopen,
            "can_sign_off": allowed("yearend.sign-off", user, board=board),
            "year_ended": timezone.localdate() > year.end,
        }
        if signed is not None:  # served as signed; those who may reopen it are told if the records changed
            signed.board = board
            changes = changes_since_sign_off(signed) if can_reopen else []
            return super().get_context_data(changes=changes, **status, **kwargs)
        can_write = allowed("yearend.write-narrative", user, board=board)
        # The report is read only when its body is drawn (a kept page is served without it).
        report = SimpleLazyObject(lambda: build_report(year, board))
        return super().get_context_data(
            report=report,
            other_topics=SimpleLazyObject(lambda: other_topics(report, include_empty=True)),
            missing=SimpleLazyObject(lambda: still_missing(report)),
            can_write=can_write,
            **status,
            **kwargs,
        )


class ReportFileView(RuleRequiredMixin, OfferedYearMixin, View):
    """The same report as a PDF or an editable Word document."""

    rule = "yearend.view"

    def get(self, request, year, fmt):
        if fmt not in FILE_TYPES:
            raise Http404("The report can be downloaded as pdf or docx.")
        try:
            with charts.shared(request.board, year):  # the charts of its HTML (yearend.charts)
                content = report_file(year, request.board, fmt)
        except NotReady:
            # An older year's file is made on the worker, never by a reader's request.
            response = render(request, "yearend/preparing.html", {"year": year, "fmt": fmt}, status=202)
            response["Retry-After"] = "5"
            return response
        if request.headers.get("HX-Request"):
            # The preparing page asking again: the file is ready, so that page reloads and downloads it.
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        response = HttpResponse(content, content_type=FILE_TYPES[fmt])
        name = f"{request.board.slug}-annual-report-{year.label}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class SummaryJsonView(RuleRequiredMixin, OfferedYearMixin, View):
    """The year's summary as the `yearend` command writes it, as a download."""

    rule = "yearend.view"

    def get(self, request, year):
        signed = signed_copy(year, request.board, "json")
        content = signed if signed is not None else summary_json(year_summary(year, request.board))
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{request.board.slug}-yearend-{year.label}.json"'
        return response


class NarrativeForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}), required=False, help_text=Narrative._meta.get_field("text").help_text
    )
    # 0 for a section not yet written: the save then refuses to replace a first text written meanwhile.
    version = VersionField()


class NarrativeView(RuleRequiredMixin, FormView):
    """Write one piece of the report's narrative for a year."""

    rule = "yearend.write-narrative"
    form_class = NarrativeForm
    template_name = "yearend/narrative_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in dict(NARRATIVE_SECTIONS):
            raise Http404("No such part of the report.")
        return super().dispatch(request, *args, **kwargs)

    def titles(self) -> dict[str, str]:
        return dict(narrative_sections(self.request.board.kind))

    def current(self) -> Narrative | None:
        return (
            Narrative.objects.filter(
                board=self.request.board, year=self.kwargs["year"].label, section=self.kwargs["section"]
            )
            .select_related("updated_by")
            .first()
        )

    def get_initial(self):
        current = self.current()
        return {"text": current.text if current else "", "version": current.version if current else 0}

    def get_context_data(self, **kwargs):
        section = self.kwargs["section"]
        return super().get_context_data(
            year=self.kwargs["year"], label=self.titles()[section], current=self.current(), **kwargs
        )

    def form_valid(self, form):
        year = self.kwargs["year"]
        try:
            services.narrative_save(
                board=self.request.board,
                year=year,
                section=self.kwargs["section"],
                text=form.cleaned_data["text"],
                by=self.request.user,
                version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            current = self.current()
            data = form.data.copy()
            data["version"] = current.version
            form.data = data
            form.add_error(None, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saved the {self.titles()[self.kwargs['section']].lower()} for {year}.")
        return redirect(reverse("yearend:report", args=[self.request.board.slug, year.label]) + f"#{self.anchor()}")

    def anchor(self) -> str:
        section = self.kwargs["section"]
        return {"challenges": "challenge"}.get(
            section, section if section in ("introduction", "governance", "attendance", "priorities") else "other"
        )


class SignOffForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read this report and sign it off as the board's annual report for the year.",
        error_messages={"required": "Tick the box to confirm that you sign the report off."},
    )
    # The state of the records the chair read (lscb.freshness): what is signed is what was read.
    records = forms.CharField(widget=forms.HiddenInput, required=False)


class SignOffView(RuleRequiredMixin, OfferedYearMixin, FormView):
    """The chair signs the year's report off, once the year has ended: kept as signed from then on."""

    rule = "yearend.sign-off"
    form_class = SignOffForm
    template_name = "yearend/sign_off_form.html"

    def get(self, request, *args, **kwargs):
        return self.already_signed() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.already_signed() or super().post(request, *args, **kwargs)

    def already_signed(self):
        year = self.kwargs["year"]
        if SignedReport.objects.filter(board=self.request.board, year=year.label, reopened_at__isnull=True).exists():
            messages.info(self.request, f"The {year} report is already signed off.")
            return redirect("yearend:report", self.request.board.slug, year.label)
        return None

    def get_initial(self):
        return {"records": services.records_state()}

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        ended = timezone.localdate() > year.end
        missing = still_missing(build_report(year, self.request.board)) if ended else []
        return super().get_context_data(year=year, ended=ended, missing=missing, **kwargs)

    def form_valid(self, form):
        year = self.kwargs["year"]
        try:
            services.report_sign_off(
                board=self.request.board, year=year, by=self.request.user, read=form.cleaned_data["records"] or None
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Signed off the {year} report: it is kept exactly as signed.")
        return redirect("yearend:report", self.request.board.slug, year.label)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the report is reopened, e.g. a corrected attendance register. Kept with the sign-off. "
        + Narrative._meta.get_field("text").help_text,
    )


class ReopenView(RuleRequiredMixin, FormView):
    """The chair or the business manager returns a signed-off report to draft, saying why."""

    rule = "yearend.reopen"
    form_class = ReopenForm
    template_name = "yearend/reopen_form.html"

    def get(self, request, *args, **kwargs):
        self.signed = self.standing()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.signed = self.standing()
        return super().post(request, *args, **kwargs)

    def standing(self) -> SignedReport:
        signed = SignedReport.objects.filter(board=self.request.board).standing(self.kwargs["year"])
        if signed is None:
            raise Http404("This report is not signed off: it is a draft already.")
        signed.board = self.request.board
        return signed

    def get_context_data(self, **kwargs):
        changes = changes_since_sign_off(self.signed)
        return super().get_context_data(year=self.kwargs["year"], signed=self.signed, changes=changes, **kwargs)

    def form_valid(self, form):
        year = self.kwargs["year"]
        try:
            services.report_reopen(
                board=self.request.board, year=year, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Reopened the {year} report: it is a draft until the chair signs it off again.")
        return redirect("yearend:report", self.request.board.slug, year.label)
