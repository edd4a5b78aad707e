"""Tables of governance records: sortable, and exported as CSV or Excel."""

import django_tables2 as tables

from .models import Agency, Group, Meeting, Membership, Person


class AgencyTable(tables.Table):
    name = tables.Column(linkify=True)
    people = tables.Column(verbose_name="People", accessor="people_count", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Agency
        fields = ["name", "short_name", "sector", "statutory_partner", "active", "people"]


class PersonTable(tables.Table):
    name = tables.Column(linkify=True)
    agency = tables.Column(linkify=True)
    email = tables.EmailColumn()
    seats = tables.Column(verbose_name="Current seats", accessor="current_seats", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Person
        fields = ["name", "email", "agency", "job_title", "seats"]


class GroupTable(tables.Table):
    name = tables.Column(linkify=True)
    parent = tables.Column(linkify=True, verbose_name="Reports to")

    class Meta:
        model = Group
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "joint_with",
            "frequency",
            "planned_per_year",
            "active_from",
            "active_to",
        ]


class MembershipTable(tables.Table):
    person = tables.Column(linkify=True)
    group = tables.Column(linkify=True)
    agency = tables.Column(verbose_name="Agency represented")
    edit = tables.LinkColumn(
        "governance:membership-edit",
        args=[tables.A("pk")],
        text="Edit",
        orderable=False,
        verbose_name="",
        exclude_from_export=True,
    )

    class Meta:
        model = Membership
        fields = ["person", "group", "agency", "role", "expected", "start", "end"]


class MeetingTable(tables.Table):
    date = tables.DateColumn(linkify=True)
    group = tables.Column(linkify=True)
    status = tables.TemplateColumn(
        template_name="governance/partials/_meeting_status.html", order_by="status", verbose_name="Status"
    )
    register = tables.Column(accessor="register_size", verbose_name="Register", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Meeting
        fields = ["date", "group", "status", "cancel_reason", "register", "note"]
        order_by = "date"

    def value_status(self, record):
        return record.get_status_display()

    def render_register(self, value, record):
        if record.status != "held":
            return "—"
        return value or "Not recorded"
