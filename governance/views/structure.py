"""The group structure as the annual report draws it, and each group's page."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, TemplateView

from lscb.permissions import RuleRequiredMixin, allowed
from lscb.years import ReportingYear

from .. import profiles
from ..models import Group, Membership, Role
from ..ordering import board_order
from ..querysets import active_on
from ..sharing import board_groups, mark_joint
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
    # Drawn on every request: at scale 10 it takes 4.4 times the floor without a page cache, within
    # the target of 6 (BENCHMARKS.md, "What the page cache buys", 04/12/2026).
    rule = "governance.view"
    template_name = "governance/structure.html"

    def get_context_data(self, **kwargs):
        board, today = self.request.board, timezone.localdate()
        chairs = Membership.objects.filter(active_on(today)).chairing().select_related("person", "agency")
        # The board's own groups and the groups of other boards joint with it.
        groups = (
            board_groups(board)
            .active_during(today, today)
            .prefetch_related(
                Prefetch("memberships", queryset=chairs.order_by("role", "person__name"), to_attr="chairs")
            )
        )
        ended = board_groups(board).filter(active_to__lt=today).order_by("-active_to")

        def tree():
            shown = list(groups)
            mark_joint(shown, board, self.request.boards)
            return group_tree(shown)

        can_manage = allowed("governance.manage", self.request.user, board=board)
        return super().get_context_data(
            tree=SimpleLazyObject(tree),
            ended=ended,
            today=today,
            can_manage=can_manage,
            **kwargs,
        )


class GroupDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Group

    def get_queryset(self):
        # A group of another board, not joint with this one, is not found here.
        return board_groups(self.request.board).select_related("parent")

    def get_context_data(self, **kwargs):
        mark_joint([self.object], self.request.board, self.request.boards)
        year = ReportingYear.current()
        meetings = self.object.meetings.in_period(year.start, year.end).with_register_size().order_by("date")
        seats = list(current_seats_by_agency(self.object))
        chairs = sorted(
            (seat for seat in seats if seat.role in (Role.CHAIR, Role.VICE_CHAIR)),
            key=lambda seat: (seat.role != Role.CHAIR, seat.person.name),
        )
        # Its parent and the groups reporting to it are of its own board: linked under that board's
        # address (a joint group is shown under another board's too).
        group_board = next((other for other in self.request.boards if other.pk == self.object.board_id), None)
        user, board, today = self.request.user, self.request.board, timezone.localdate()
        return super().get_context_data(
            group_board=group_board,
            year=year,
            seats=seats,
            chairs=chairs,
            shows_chaired_by=self.object.shows_chaired_by(chairs),
            meetings=meetings,
            children=board_order(self.object.children.all()),
            # What needs doing (governance.profiles): the next meeting, the last ones and their registers.
            summary=profiles.group_meetings([self.object], user, board, today)[0],
            can_schedule=allowed("governance.schedule-meeting", user, self.object, board=board),
            attendance=profiles.group_attendance(self.object, year),
            threshold=settings.LSCB_ATTENDANCE_THRESHOLD,
            # The actions it leads and the challenges raised at its meetings, from their own apps.
            sections=profiles.group_sections(self.request, self.object),
            **kwargs,
        )
