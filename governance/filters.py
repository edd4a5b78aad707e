"""Filter forms for the governance lists (an allow-list of fields, never raw request.GET)."""

import django_filters

from .models import Agency, Group, GroupKind, Meeting, MeetingStatus, Membership, Person, Role, Sector


def board_groups(request):
    """The groups of the board whose list this is (its own and its joint groups)."""
    board = getattr(request, "board", None)
    return Group.objects.for_board(board) if board is not None else Group.objects.none()


class AgencyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    sector = django_filters.ChoiceFilter(choices=Sector.choices)

    class Meta:
        model = Agency
        fields = ["name", "sector", "statutory_partner", "active"]


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all())

    class Meta:
        model = Person
        fields = ["name", "agency"]


class GroupFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    kind = django_filters.ChoiceFilter(choices=GroupKind.choices)

    class Meta:
        model = Group
        fields = ["name", "kind"]


class MembershipFilter(django_filters.FilterSet):
    group = django_filters.ModelChoiceFilter(queryset=board_groups)
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all())
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["group", "agency", "role", "expected"]


class MeetingFilter(django_filters.FilterSet):
    group = django_filters.ModelChoiceFilter(queryset=board_groups)
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)

    class Meta:
        model = Meeting
        fields = ["group", "status", "cancel_reason"]
