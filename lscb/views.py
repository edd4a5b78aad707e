"""Base views of the shared shell: filtered, sortable, exportable tables and service-backed forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from lscb.exports import SafeTableExport
from lscb.permissions import RuleRequiredMixin


class TableView(RuleRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """A list page: django-filter form, sortable django-tables2 table, CSV and Excel export."""

    # Text cells that a spreadsheet would run as formulas are quoted in every export.
    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    paginate_by = 50
    template_name = "includes/table_page.html"
    title = ""
    intro = ""

    def get_table(self, **kwargs):
        # The page size is the app's own: django-tables2 would take any ?per_page= as it stands,
        # and a negative or zero one failed the page (lscb.params: no parameter reaches a query
        # unparsed). ?page= is parsed by the paginator, which falls back to the first or last page.
        if "per_page" in self.request.GET:
            query = self.request.GET.copy()
            del query["per_page"]
            self.request.GET = query
        return super().get_table(**kwargs)

    def get_export_filename(self, export_format: str) -> str:
        # A board's list carries the board's address: two boards' exports do not overwrite each other.
        board = getattr(self.request, "board", None)
        prefix = f"{board.slug}-" if board is not None else ""
        return f"{prefix}{self.export_name}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, actions=self.get_page_actions())
        return context

    def get_page_actions(self) -> list[tuple[str, str]]:
        """Buttons above the table: (label, url), already filtered by permission."""
        return []


class ServiceFormMixin:
    """Create/update views whose save goes through a service taking `by`."""

    success_message = "Saved."

    def save(self, instance):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message.format(object=self.object))
        return HttpResponseRedirect(self.get_success_url())


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's errors on the form: under their field when the form has it, else on top
    (a rule about a field the form does not show must still reach the user, not fail the page)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def is_htmx(request) -> bool:
    """Whether htmx sent the request (it answers with a fragment instead of a page)."""
    return request.headers.get("HX-Request") == "true"
