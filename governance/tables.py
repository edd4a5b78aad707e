"""Tables of governance records: sortable, and exported as CSV or Excel."""

from datetime import date

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html

from .models import Agency, Group, Meeting, MeetingStatus, Membership, Person


class PlainDateColumn(tables.Column):
    """A date as the pages write it (SHORT_DATE_FORMAT), ISO in exports, like django-tables2's
    DateColumn, which compiles a template for every cell: a tenth of a long table's time."""

    def render(self, value):
        return date_format(value, "SHORT_DATE_FORMAT")

    def value(self, value, **kwargs):
        return value.isoformat() if isinstance(value, date) else value


def board_link(viewname: str, pk: str = "pk"):
    """A column's link to a record's page under the address of the board whose list this is (the
    table's request.board): `pk` is the record's attribute holding the linked record's id."""

    def url(table, record):
        return reverse(viewname, args=[table.request.board.slug, getattr(record, pk)])

    return url


class AgencyTable(tables.Table):
    name = tables.Column(linkify=board_link("governance:agency-detail"))
    people = tables.Column(verbose_name="People", accessor="people_count", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Agency
        fields = ["name", "short_name", "sector", "statutory_partner", "active", "people"]


class PersonTable(tables.Table):
    name = tables.Column(linkify=board_link("governance:person-detail"))
    agency = tables.Column(linkify=board_link("governance:agency-detail", "agency_id"))
    email = tables.EmailColumn()
    seats = tables.Column(verbose_name="Current seats", accessor="current_seats", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Person
        fields = ["name", "email", "agency", "job_title", "seats"]


class GroupTable(tables.Table):
    position = tables.Column(verbose_name="Place", attrs={"td": {"class": "text-end"}})
    name = tables.Column(linkify=board_link("governance:group-detail"))
    parent = tables.Column(linkify=board_link("governance:group-detail", "parent_id"), verbose_name="Reports to")

    class Meta:
        model = Group
        fields = [
            "position",
            "name",
            "short_name",
            "kind",
            "parent",
            "chaired_by",
            "joint_with",
            "frequency",
            "planned_per_year",
            "active_from",
            "active_to",
        ]


class MembershipTable(tables.Table):
    person = tables.Column(linkify=board_link("governance:person-detail", "person_id"))
    group = tables.Column(linkify=board_link("governance:group-detail", "group_id"))
    agency = tables.Column(verbose_name="Agency represented")
    edit = tables.Column(
        linkify=board_link("governance:membership-edit"),
        accessor="pk",
        empty_values=(),
        orderable=False,
        verbose_name="",
        exclude_from_export=True,
    )

    class Meta:
        model = Membership
        fields = ["person", "group", "agency", "role", "expected", "start", "end"]

    def render_edit(self):
        return "Edit"


class MeetingTable(tables.Table):
    date = PlainDateColumn(linkify=board_link("governance:meeting-detail"))
    group = tables.Column(linkify=board_link("governance:group-detail", "group_id"))
    # The chip of governance/partials/_meeting_status.html, written in Python: a template per row
    # was a third of the calendar's time.
    status = tables.Column(order_by="status", verbose_name="Status")
    register = tables.Column(accessor="register_size", verbose_name="Register", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Meeting
        fields = ["date", "group", "status", "cancel_reason", "register", "note"]
        order_by = "date"

    def render_status(self, record):
        chip = format_html('<span class="status-chip status-{}">{}</span>', record.status, record.get_status_display())
        if record.status == MeetingStatus.HELD and not getattr(record, "register_size", None):
            chip += format_html(' <span class="badge text-bg-warning">{}</span>', "No register")
        return chip

    def value_status(self, record):
        return record.get_status_display()

    def render_register(self, value, record):
        if record.status != "held":
            return "—"
        return value or "Not recorded"
