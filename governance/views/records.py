"""Agencies, people, groups and memberships: lists, pages and forms."""

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView

from lscb import params
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView
from lscb.years import ReportingYear

from .. import filters, forms, profiles, services, tables
from ..models import Agency, Attendance, Group, Membership, Person
from ..ordering import board_order
from ..querysets import active_on
from ..sharing import board_groups


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
        board = self.request.board
        context["cancel_url"] = (
            self.object.get_absolute_url(board) if self.object else reverse(self.list_url, args=[board.slug])
        )
        return context

    def get_success_url(self):
        return self.object.get_absolute_url(self.request.board)


def manage_action(request, label: str, name: str) -> list[tuple[str, str]]:
    """A list page's button to add a record, for those who may."""
    if allowed("governance.manage", request.user, board=request.board):
        return [(label, reverse(name, args=[request.board.slug]))]
    return []


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
        return manage_action(self.request, "Add an agency", "governance:agency-create")


class AgencyDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Agency

    def get_context_data(self, **kwargs):
        # Agencies are shared by the instance's boards: their seats and registers on this board's groups.
        groups = board_groups(self.request.board)
        today = timezone.localdate()
        seats = (
            Membership.objects.filter(agency=self.object, group__in=groups)
            .filter(active_on(today))
            .select_related("group", "person")
            .order_by("group__name", "person__name")
        )
        year = ReportingYear.current()
        registers = Attendance.objects.filter(person__agency=self.object, meeting__group__in=groups).in_period(
            year.start, year.end
        )
        # Its one profile: seats, people and attendance here; the challenges put to it and what it
        # leads are added by their own apps (governance.profiles).
        return super().get_context_data(
            seats=seats,
            people=self.object.people.all(),
            year=year,
            attendance=profiles.agency_attendance(self.object, self.request.board, year),
            threshold=settings.LSCB_ATTENDANCE_THRESHOLD,
            registers=registers.for_register_list(),
            sections=profiles.agency_sections(self.request, self.object),
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
        # People are shared by the instance's boards: everyone, with their current seats on this board.
        today = timezone.localdate()
        on_board = active_on(today, "memberships__") & Q(memberships__group__in=board_groups(self.request.board))
        return (
            Person.objects.select_related("agency")
            .annotate(current_seats=Count("memberships", filter=on_board))
            .order_by("name")
        )

    def get_page_actions(self):
        return manage_action(self.request, "Add a person", "governance:person-create")


class PersonDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Person
    queryset = Person.objects.select_related("agency", "user")

    def get_context_data(self, **kwargs):
        # People are shared by the instance's boards: their seats and registers on this board's
        # groups, and which other boards they also sit on.
        board = self.request.board
        groups = board_groups(board)
        memberships = (
            self.object.memberships.filter(group__in=groups)
            .select_related("group", "agency")
            .order_by("-start", "group__name")
        )
        year = ReportingYear.current()
        # Their own rows, and the rows of members who were present on their behalf.
        registers = Attendance.objects.filter(
            Q(person=self.object) | Q(on_behalf_of=self.object), meeting__group__in=groups
        ).in_period(year.start, year.end)
        return super().get_context_data(
            memberships=memberships,
            also_on=self.also_on(groups),
            today=timezone.localdate(),
            year=year,
            registers=registers.for_register_list(),
            **kwargs,
        )

    def also_on(self, groups) -> list:
        """The instance's other boards whose groups this person sits on (no query with one board)."""
        boards = self.request.boards
        if len(boards) < 2:
            return []
        elsewhere = set(
            self.object.memberships.exclude(group__in=groups).values_list("group__board_id", flat=True).distinct()
        )
        return [other for other in boards if other.pk in elsewhere and other != self.request.board]


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
        groups = board_groups(self.request.board)
        order = board_order(groups.only("pk", "parent_id", "kind", "name", "position"))
        place = Case(
            *(When(pk=group.pk, then=Value(n)) for n, group in enumerate(order)),
            default=Value(len(order)),
            output_field=IntegerField(),
        )
        return groups.select_related("parent").order_by(place, "name")

    def get_page_actions(self):
        return manage_action(self.request, "Add a group", "governance:group-create")


class GroupFormMixin(RecordFormView):
    list_url = "governance:structure"
    model = Group
    form_class = forms.GroupForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board, "boards": self.request.boards}

    def save(self, instance):
        return services.group_save(
            group=instance, joint_boards=self.joint_boards, by=self.request.user, board=self.request.board
        )

    def form_valid(self, form):
        self.joint_boards = form.cleaned_data.get("joint_boards")
        return super().form_valid(form)


class GroupCreateView(GroupFormMixin, CreateView):
    pass


class GroupUpdateView(GroupFormMixin, UpdateView):
    def get_queryset(self):
        return board_groups(self.request.board)


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
        return Membership.objects.filter(group__in=board_groups(self.request.board)).select_related(
            "group", "person", "agency"
        )

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if not allowed("governance.manage", self.request.user, board=self.request.board):
            table.exclude = ("edit",)
        return table

    def get_page_actions(self):
        return manage_action(self.request, "Add a membership", "governance:membership-create")


class MembershipCreateView(RecordFormView, CreateView):
    list_url = "governance:membership-list"
    model = Membership
    form_class = forms.MembershipForm

    def get_initial(self):
        return params.query_values(self.request, group=params.number(), person=params.number())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "groups": board_groups(self.request.board)}

    def save(self, instance):
        return services.membership_save(membership=instance, by=self.request.user)

    def get_success_url(self):
        return self.object.group.get_absolute_url(self.request.board)


class MembershipUpdateView(MembershipCreateView, UpdateView):
    def get_queryset(self):
        return Membership.objects.filter(group__in=board_groups(self.request.board))


def current_seats_by_agency(group: Group):
    """The group's current members, grouped by agency, in one query."""
    today = timezone.localdate()
    return (
        group.memberships.filter(active_on(today))
        .select_related("person", "agency", "person__agency")
        .order_by("agency__name", "person__name")
    )
