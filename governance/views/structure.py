"""The group structure as the annual report draws it, and each group's page."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, TemplateView

from lscb import freshness
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.years import ReportingYear

from ..models import Group, Membership, Role
from ..ordering import board_order
from ..querysets import active_on
from .records import current_seats_by_agency


def group_tree(groups: list[Group]) -> list[dict]:
    """Nest groups under their parents: [{"group": g, "children": [...]}], roots first, each
    level in the board's own order (governance.ordering.board_order)."""
    groups = board_order(groups)
    nodes = {
        group.pk: {
            "group": group,
            "children": [],
            # A chair named by role or agency, shown when no person is the chair.
            "chaired_by": group.chaired_by if group.shows_chaired_by(getattr(group, "chairs", [])) else "",
        }
        for group in groups
    }
    roots = []
    for group in groups:
        parent = nodes.get(group.parent_id)
        (parent["children"] if parent else roots).append(nodes[group.pk])
    return roots


class StructureView(RuleRequiredMixin, TemplateView):
    rule = "governance.view"
    template_name = "governance/structure.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        chairs = Membership.objects.filter(active_on(today)).chairing().select_related("person", "agency")
        groups = Group.objects.active_during(today, today).prefetch_related(
            Prefetch("memberships", queryset=chairs.order_by("role", "person__name"), to_attr="chairs")
        )
        ended = Group.objects.filter(active_to__lt=today).order_by("-active_to")
        can_manage = allowed("governance.manage", self.request.user)
        return super().get_context_data(
            # Drawn once per state of the records and day (lscb.freshness): the groups are read
            # only when the tree is drawn.
            tree=SimpleLazyObject(lambda: group_tree(list(groups))),
            ended=ended,
            today=today,
            can_manage=can_manage,
            structure_key=f"{freshness.data_version()}/{today.isoformat()}/{can_manage:d}",
            structure_timeout=freshness.TIMEOUT,
            **kwargs,
        )


class GroupDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Group
    queryset = Group.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        year = ReportingYear.current()
        meetings = self.object.meetings.in_period(year.start, year.end).with_register_size().order_by("date")
        seats = list(current_seats_by_agency(self.object))
        chairs = sorted(
            (seat for seat in seats if seat.role in (Role.CHAIR, Role.VICE_CHAIR)),
            key=lambda seat: (seat.role != Role.CHAIR, seat.person.name),
        )
        return super().get_context_data(
            year=year,
            seats=seats,
            chairs=chairs,
            shows_chaired_by=self.object.shows_chaired_by(chairs),
            meetings=meetings,
            children=board_order(self.object.children.all()),
            **kwargs,
        )
