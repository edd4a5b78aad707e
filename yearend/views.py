"""The year-end pages: the years on record, each year's report (web, PDF, Word, JSON), its narrative."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import FormView, TemplateView

from lscb import freshness
from lscb.concurrency import StaleEdit, VersionField
from lscb.permissions import RuleRequiredMixin, allowed

from . import services
from .files import report_pdf_file
from .models import NARRATIVE_SECTIONS, Narrative
from .render import other_topics
from .report import build_report
from .summary import summary_json, year_summary, years_with_meetings


def _docx(year) -> bytes:
    from .docx import report_docx

    return report_docx(build_report(year))


FILE_TYPES = {
    # The PDF takes seconds to lay out: it is kept until the report changes (yearend.files).
    "pdf": ("application/pdf", report_pdf_file),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
}


class IndexView(RuleRequiredMixin, TemplateView):
    rule = "yearend.view"
    template_name = "yearend/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=years_with_meetings(), **kwargs)


class ReportView(RuleRequiredMixin, TemplateView):
    """The annual report's generated sections as a web page, with the narrative in place."""

    rule = "yearend.view"
    template_name = "yearend/report_page.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        can_write = allowed("yearend.write-narrative", self.request.user)
        # The report is drawn once per state of the records and day (lscb.freshness); it is read
        # only when it is drawn.
        report = SimpleLazyObject(lambda: build_report(year))
        return super().get_context_data(
            report=report,
            other_topics=SimpleLazyObject(lambda: other_topics(report, include_empty=True)),
            can_write=can_write,
            report_key=f"{year.label}/{freshness.data_version()}/{timezone.localdate().isoformat()}/{can_write:d}",
            report_timeout=freshness.TIMEOUT,
            **kwargs,
        )


class ReportFileView(RuleRequiredMixin, View):
    """The same report as a PDF or an editable Word document."""

    rule = "yearend.view"

    def get(self, request, year, fmt):
        if fmt not in FILE_TYPES:
            raise Http404("The report can be downloaded as pdf or docx.")
        content_type, render = FILE_TYPES[fmt]
        response = HttpResponse(render(year), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="annual-report-{year.label}.{fmt}"'
        return response


class SummaryJsonView(RuleRequiredMixin, View):
    """The year's summary as the `yearend` command writes it, as a download."""

    rule = "yearend.view"

    def get(self, request, year):
        response = HttpResponse(summary_json(year_summary(year)), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="yearend-{year.label}.json"'
        return response


class NarrativeForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}), required=False, help_text=Narrative._meta.get_field("text").help_text
    )
    version = VersionField(required=False)


class NarrativeView(RuleRequiredMixin, FormView):
    """Write one piece of the report's narrative for a year."""

    rule = "yearend.write-narrative"
    form_class = NarrativeForm
    template_name = "yearend/narrative_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in dict(NARRATIVE_SECTIONS):
            raise Http404("No such part of the report.")
        return super().dispatch(request, *args, **kwargs)

    def current(self) -> Narrative | None:
        return (
            Narrative.objects.filter(year=self.kwargs["year"].label, section=self.kwargs["section"])
            .select_related("updated_by")
            .first()
        )

    def get_initial(self):
        current = self.current()
        return {"text": current.text if current else "", "version": current.version if current else None}

    def get_context_data(self, **kwargs):
        section = self.kwargs["section"]
        return super().get_context_data(
            year=self.kwargs["year"], label=dict(NARRATIVE_SECTIONS)[section], current=self.current(), **kwargs
        )

    def form_valid(self, form):
        year = self.kwargs["year"]
        try:
            services.narrative_save(
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
        messages.success(
            self.request, f"Saved the {dict(NARRATIVE_SECTIONS)[self.kwargs['section']].lower()} for {year}."
        )
        return redirect(reverse("yearend:report", args=[year.label]) + f"#{self.anchor()}")

    def anchor(self) -> str:
        section = self.kwargs["section"]
        return {"challenges": "challenge"}.get(
            section, section if section in ("introduction", "governance", "attendance", "priorities") else "other"
        )
