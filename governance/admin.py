"""Django admin for every governance model; changes there are kept in the history too."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lscb.concurrency import VersionedAdminMixin
from lscb.text import OneLineField

from .models import Agency, Attendance, Group, Meeting, Membership, Person


class OneLineAdminMixin:
    """Names and titles are one line in the admin too, as on the app's own forms (lscb.text)."""

    one_line: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.one_line:
            return OneLineField(
                required=not db_field.blank, label=db_field.verbose_name.capitalize(), help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Agency)
class AgencyAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    one_line = ("name", "short_name")
    list_display = ["name", "short_name", "sector", "statutory_partner", "active"]
    list_filter = ["sector", "statutory_partner", "active"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    one_line = ("name", "job_title")
    list_display = ["name", "email", "agency", "job_title", "user"]
    list_filter = ["agency"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["agency", "user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "agency"]


@admin.register(Group)
class GroupAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    one_line = ("name", "short_name", "joint_with", "chaired_by")
    list_display = ["name", "short_name", "kind", "parent", "frequency", "planned_per_year", "active_from", "active_to"]
    list_filter = ["kind", "frequency"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "group", "agency", "role", "expected", "start", "end"]
    list_filter = ["group", "role", "expected"]
    search_fields = ["person__name", "group__name"]
    autocomplete_fields = ["person", "group", "agency"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """A change made here is refused when someone saved the meeting after it was opened."""

    list_display = ["date", "group", "status", "cancel_reason"]
    list_filter = ["status", "cancel_reason", "group"]
    date_hierarchy = "date"
    search_fields = ["group__name", "note"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    one_line = ("deputy_name",)
    list_display = ["meeting", "person", "status", "deputy_name"]
    list_filter = ["status"]
    search_fields = ["person__name", "meeting__group__name"]
    autocomplete_fields = ["meeting", "person"]
