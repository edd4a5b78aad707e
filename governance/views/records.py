"""Agencies, people, groups and memberships: lists, pages and forms."""

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView

from lscb import params
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView
from lscb.years import ReportingYear

from .. import filters, forms, services, tables
from ..models import Agency, Attendance, Group, Membership, Person
from ..ordering import board_order
from ..querysets import active_on


class RecordFormView(RuleRequiredMixin, ServiceFormMixin):
    rule = "governance.manage"
    template_name = "includes/form_page.html"
    success_message = "Saved {object}."

    def save(self, instance):
        return services.record_save(instance=instance, by=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        verb = "Edit" if self.object else "Add"
        context["title"] = f"{verb} {self.object or self.model._meta.verbose_name}"
        context["cancel_url"] = self.object.get_absolute_url() if self.object else reverse(self.list_url)
        return context

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- agencies --------------------------------------------------------------------------------


class AgencyListView(TableView):
    rule = "governance.view"
    model = Agency
    table_class = tables.AgencyTable
    filterset_class = filters.AgencyFilter
    title = "Agencies"
    export_name = "agencies"

    def get_queryset(self):
        return Agency.objects.annotate(people_count=Count("people")).order_by("name")

    def get_page_actions(self):
        return (
            [("Add an agency", reverse("governance:agency-create"))]
            if allowed("governance.manage", self.request.user)
            else []
        )


class AgencyDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Agency

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        seats = (
            Membership.objects.filter(agency=self.object)
            .filter(active_on(today))
            .select_related("group", "person")
            .order_by("group__name", "person__name")
        )
        year = ReportingYear.current()
        registers = Attendance.objects.filter(person__agency=self.object).in_period(year.start, year.end)
        return super().get_context_data(
            seats=seats,
            people=self.object.people.all(),
            year=year,
            registers=registers.for_register_list(),
            **kwargs,
        )


class AgencyCreateView(RecordFormView, CreateView):
    list_url = "governance:agency-list"
    model = Agency
    form_class = forms.AgencyForm


class AgencyUpdateView(RecordFormView, UpdateView):
    list_url = "governance:agency-list"
    model = Agency
    form_class = forms.AgencyForm


# --- people ----------------------------------------------------------------------------------


class PersonListView(TableView):
    rule = "governance.view"
    model = Person
    table_class = tables.PersonTable
    filterset_class = filters.PersonFilter
    title = "People"
    export_name = "people"

    def get_queryset(self):
        today = timezone.localdate()
        return (
            Person.objects.select_related("agency")
            .annotate(current_seats=Count("memberships", filter=active_on(today, "memberships__")))
            .order_by("name")
        )

    def get_page_actions(self):
        return (
            [("Add a person", reverse("governance:person-create"))]
            if allowed("governance.manage", self.request.user)
            else []
        )


class PersonDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Person
    queryset = Person.objects.select_related("agency", "user")

    def get_context_data(self, **kwargs):
        memberships = self.object.memberships.select_related("group", "agency").order_by("-start", "group__name")
        year = ReportingYear.current()
        # Their own rows, and the rows of members who were present on their behalf.
        registers = Attendance.objects.filter(Q(person=self.object) | Q(on_behalf_of=self.object)).in_period(
            year.start, year.end
        )
        return super().get_context_data(
            memberships=memberships,
            today=timezone.localdate(),
            year=year,
            registers=registers.for_register_list(),
            **kwargs,
        )


class PersonCreateView(RecordFormView, CreateView):
    list_url = "governance:person-list"
    model = Person
    form_class = forms.PersonForm

    def save(self, instance):
        return services.person_save(person=instance, by=self.request.user)


class PersonUpdateView(PersonCreateView, UpdateView):
    pass


# --- groups ----------------------------------------------------------------------------------


class GroupListView(TableView):
    rule = "governance.view"
    model = Group
    table_class = tables.GroupTable
    filterset_class = filters.GroupFilter
    title = "Groups"
    export_name = "groups"

    def get_queryset(self):
        # The board's own order by default (numbered groups, then the tree): the groups are read
        # once, lightly, and the database sorts by their place.
        order = board_order(Group.objects.only("pk", "parent_id", "kind", "name", "position"))
        place = Case(
            *(When(pk=group.pk, then=Value(n)) for n, group in enumerate(order)),
            default=Value(len(order)),
            output_field=IntegerField(),
        )
        return Group.objects.select_related("parent").order_by(place, "name")

    def get_page_actions(self):
        return (
            [("Add a group", reverse("governance:group-create"))]
            if allowed("governance.manage", self.request.user)
            else []
        )


class GroupCreateView(RecordFormView, CreateView):
    list_url = "governance:structure"
    model = Group
    form_class = forms.GroupForm


class GroupUpdateView(RecordFormView, UpdateView):
    list_url = "governance:structure"
    model = Group
    form_class = forms.GroupForm


# --- memberships -----------------------------------------------------------------------------


class MembershipListView(TableView):
    rule = "governance.view"
    model = Membership
    table_class = tables.MembershipTable
    filterset_class = filters.MembershipFilter
    title = "Memberships"
    intro = "Who sits on which group, for which agency, and when."
    export_name = "memberships"

    def get_queryset(self):
        return Membership.objects.select_related("group", "person", "agency")

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if not allowed("governance.manage", self.request.user):
            table.exclude = ("edit",)
        return table

    def get_page_actions(self):
        return (
            [("Add a membership", reverse("governance:membership-create"))]
            if allowed("governance.manage", self.request.user)
            else []
        )


class MembershipCreateView(RecordFormView, CreateView):
    list_url = "governance:membership-list"
    model = Membership
    form_class = forms.MembershipForm

    def get_initial(self):
        return params.query_values(self.request, group=params.number(), person=params.number())

    def save(self, instance):
        return services.membership_save(membership=instance, by=self.request.user)

    def get_success_url(self):
        return self.object.group.get_absolute_url()


class MembershipUpdateView(MembershipCreateView, UpdateView):
    pass


def current_seats_by_agency(group: Group):
    """The group's current members, grouped by agency, in one query."""
    today = timezone.localdate()
    return (
        group.memberships.filter(active_on(today))
        .select_related("person", "agency", "person__agency")
        .order_by("agency__name", "person__name")
    )
