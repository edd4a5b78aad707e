"""Django admin for the dataset; changes there are kept in the history too."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import OneLineAdminMixin
from lscb.concurrency import VersionedAdminForm, VersionedAdminMixin

from .models import Frequency, Indicator, IndicatorValue
from .periods import Period, PeriodError


class IndicatorValueAdminForm(VersionedAdminForm):
    """The period is read as the app reads it (normalised, its dates set), as value.set_period does."""

    def clean(self):
        data = super().clean()
        indicator, text = data.get("indicator"), data.get("period")
        if indicator is not None and text:
            try:
                period = Period.parse(text, yearly=indicator.frequency == Frequency.YEARLY)
            except PeriodError as error:
                self.add_error("period", str(error))
                return data
            data["period"] = period.code
            self.instance.period_kind, self.instance.starts_on, self.instance.ends_on = (
                period.kind,
                period.starts_on,
                period.ends_on,
            )
        return data


class IndicatorValueInline(admin.TabularInline):
    """An indicator's values, each changed on its own page (where its version is checked)."""

    model = IndicatorValue
    extra = 0
    fields = ["area", "period", "value", "comparator", "comparator_name"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, OneLineAdminMixin, SimpleHistoryAdmin):
    """A change made here is refused when someone saved the indicator after it was opened."""

    one_line = ("name",)
    list_display = ["name", "board", "unit", "better", "frequency", "source", "on_dashboard"]
    list_filter = ["board", "unit", "frequency", "on_dashboard"]
    list_select_related = ["board", "source"]
    search_fields = ["name", "description", "source__name"]
    autocomplete_fields = ["source"]
    raw_id_fields = ["priority"]
    inlines = [IndicatorValueInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "priority" in form.base_fields:
            form.base_fields["priority"].widget.can_add_related = False
        return form


@admin.register(IndicatorValue)
class IndicatorValueAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = IndicatorValueAdminForm
    list_display = ["indicator", "area", "period", "value", "comparator", "comparator_name"]
    list_filter = ["indicator__board", "period_kind"]
    list_select_related = ["indicator__board"]
    search_fields = ["indicator__name", "area", "period", "note", "comparator_name"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["indicator"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
        return super().formfield_for_dbfield(db_field, request, **kwargs)
