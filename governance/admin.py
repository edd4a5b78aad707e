"""Django admin for every governance model; changes there are kept in the history too."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lscb.concurrency import VersionedAdminMixin
from lscb.text import OneLineField

from .models import Agency, Attendance, Board, BoardRole, Group, Meeting, MeetingPaper, Membership, Person
from .services import PARENT_OTHER_BOARD


class OneLineAdminMixin:
    """Names and titles are one line in the admin too, as on the app's own forms (lscb.text)."""

    one_line: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.one_line:
            return OneLineField(
                required=not db_field.blank, label=db_field.verbose_name.capitalize(), help_text=db_field.help_text
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Board)
class BoardAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    one_line = ("name", "short_name", "area")
    list_display = ["name", "short_name", "kind", "area", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(BoardRole)
class BoardRoleAdmin(SimpleHistoryAdmin):
    """A role held for one board only; a role given as the user's group is held for every board."""

    list_display = ["user", "role", "board"]
    list_filter = ["board", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


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


class GroupAdminForm(forms.ModelForm):
    """A group reports to a group of its own board, and is joint only with the other boards."""

    def clean(self):
        data = super().clean()
        board, parent = data.get("board"), data.get("parent")
        if board is not None and parent is not None and parent.board_id != board.pk:
            self.add_error("parent", PARENT_OTHER_BOARD.format(board=board.name))
        joint = data.get("joint_boards")
        if board is not None and joint is not None and board in joint:
            self.add_error("joint_boards", "A group is joint only with other boards than its own.")
        return data


@admin.register(Group)
class GroupAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    form = GroupAdminForm
    one_line = ("name", "short_name", "joint_with", "chaired_by")
    list_display = [
        "name",
        "short_name",
        "board",
        "kind",
        "parent",
        "frequency",
        "planned_per_year",
        "active_from",
        "active_to",
    ]
    list_filter = ["board", "kind", "frequency"]
    list_select_related = ["board", "parent"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["joint_boards"]
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


@admin.register(MeetingPaper)
class MeetingPaperAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    """A meeting's papers. A file uploaded here is not checked as the meeting page checks it:
    add papers on the meeting's page (governance.papers)."""

    one_line = ("title", "file_name")
    list_display = ["meeting", "kind", "title", "file_name", "link", "added_by", "added_at"]
    list_filter = ["kind"]
    search_fields = ["title", "file_name", "meeting__group__name"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["file", "file_name", "file_size", "added_by", "added_at"]
