"""Django admin for every learning and assurance model; changes there are kept in the history too."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import OneLineAdminMixin
from governance.models import Group
from lscb.concurrency import VersionedAdminForm, VersionedAdminMixin

from .models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review

OTHER_BOARD_GROUP = "Choose a group of this record's board (or one joint with it)."


class BoardGroupAdminForm(VersionedAdminForm):
    """A board's record names a group of that board, or one joint with it, as the app's forms do."""

    def clean(self):
        data = super().clean()
        board, group = data.get("board"), data.get("group")
        if board is not None and group is not None and not Group.objects.for_board(board).filter(pk=group.pk).exists():
            self.add_error("group", OTHER_BOARD_GROUP)
        return data


class RecommendationInline(admin.TabularInline):
    """A review's or an audit's recommendations, each changed on its own page (where its version
    is checked), listed here to be reached."""

    model = Recommendation
    extra = 0
    fields = ["ref", "text", "lead_agency", "lead_group", "due_date", "status", "decided_on"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class AuditResultInline(admin.TabularInline):
    model = AuditResult
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Review)
class ReviewAdmin(VersionedAdminMixin, OneLineAdminMixin, SimpleHistoryAdmin):
    """A change made here is refused when someone saved the review after it was opened."""

    form = BoardGroupAdminForm
    one_line = ("title",)
    list_display = ["ref", "title", "board", "kind", "group", "notified_on", "decision", "concluded_on"]
    list_filter = ["board", "kind", "decision"]
    list_select_related = ["board", "group"]
    search_fields = ["ref", "title", "findings"]
    date_hierarchy = "notified_on"
    autocomplete_fields = ["group"]
    inlines = [RecommendationInline]


@admin.register(Audit)
class AuditAdmin(VersionedAdminMixin, OneLineAdminMixin, SimpleHistoryAdmin):
    form = BoardGroupAdminForm
    one_line = ("name",)
    list_display = ["name", "board", "kind", "group", "agency", "started_on", "completed_on"]
    list_filter = ["board", "kind"]
    list_select_related = ["board", "group", "agency"]
    search_fields = ["name", "findings"]
    autocomplete_fields = ["group", "agency"]
    inlines = [AuditResultInline, RecommendationInline]


class RecommendationUpdateInline(admin.TabularInline):
    model = RecommendationUpdate
    extra = 0
    fields = ["date", "status", "note", "author"]
    autocomplete_fields = ["author"]


@admin.register(Recommendation)
class RecommendationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "review", "audit", "lead_agency", "lead_group", "due_date", "status", "decided_on"]
    list_filter = ["status", "review__board", "audit__board"]
    list_select_related = ["review__board", "audit__board", "lead_agency", "lead_group"]
    search_fields = ["ref", "text", "review__ref", "audit__name", "lead_agency__name"]
    autocomplete_fields = ["review", "audit", "lead_agency", "lead_group"]
    inlines = [RecommendationUpdateInline]


@admin.register(RecommendationUpdate)
class RecommendationUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "date", "status", "author", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["recommendation__review__board", "recommendation__audit__board", "author", "recorded_by"]
    search_fields = ["note", "recommendation__ref", "recommendation__review__ref"]
    date_hierarchy = "date"
    autocomplete_fields = ["recommendation", "author"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(AuditResult)
class AuditResultAdmin(SimpleHistoryAdmin):
    list_display = ["audit", "stage", "date", "agency", "standard", "judgement", "count"]
    list_filter = ["judgement", "audit__board"]
    list_select_related = ["audit", "agency"]
    search_fields = ["audit__name", "stage", "standard"]
    autocomplete_fields = ["audit", "agency"]


@admin.register(Evidence)
class EvidenceAdmin(OneLineAdminMixin, SimpleHistoryAdmin):
    one_line = ("title",)
    list_display = ["title", "board", "date", "kind", "group", "agency"]
    list_filter = ["board", "kind"]
    list_select_related = ["board", "group", "agency"]
    search_fields = ["title", "scope", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["group", "agency"]
