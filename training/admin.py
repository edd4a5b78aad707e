"""Django admin for training events and their attendance by agency; changes there are kept in the
history too, and an event's change is refused when someone saved it after it was opened."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import OneLineAdminMixin
from lscb.concurrency import VersionedAdminForm, VersionedAdminMixin

from .models import TrainingAttendance, TrainingEvent
from .services import event_problems


class TrainingEventAdminForm(VersionedAdminForm):
    """The figures of an event are checked as the app's own form checks them."""

    def clean(self):
        data = super().clean()
        event = TrainingEvent(**{name: data.get(name) for name in _FIGURES if name in data})
        for field, message in event_problems(event).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


_FIGURES = ("date", "cancelled", "places", "booked", "attended", "evaluations", "rated_good")


class TrainingAttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    extra = 0
    fields = ["agency", "booked", "attended"]
    autocomplete_fields = ["agency"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(VersionedAdminMixin, OneLineAdminMixin, SimpleHistoryAdmin):
    form = TrainingEventAdminForm
    one_line = ("title", "topic")
    list_display = ["title", "board", "date", "kind", "places", "booked", "attended", "cancelled"]
    list_filter = ["board", "kind", "cancelled"]
    list_select_related = ["board"]
    search_fields = ["title", "topic", "notes"]
    date_hierarchy = "date"
    inlines = [TrainingAttendanceInline]


@admin.register(TrainingAttendance)
class TrainingAttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["event", "agency", "booked", "attended"]
    list_filter = ["event__board"]
    list_select_related = ["event__board", "agency"]
    search_fields = ["event__title", "agency__name"]
    autocomplete_fields = ["event", "agency"]
