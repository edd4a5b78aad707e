"""What changed between two dates: the paper the board reads."""

from datetime import date

from django import forms
from django.db.models import Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from governance.forms import DateInput
from governance.models import Meeting
from lscb.caching import CachedFragmentMixin
from lscb.permissions import RuleRequiredMixin

from .. import exports
from ..models import Plan
from ..reports import changes_between


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("'From' must be on or before 'To'.")
        return data


def _board_meetings_before(today: date, board=None):
    """Held meetings of a board itself (`board`'s own, when given), newest first."""
    meetings = Meeting.objects.filter(group__kind="board", status="held", date__lt=today)
    if board is not None:
        meetings = meetings.filter(group__board=board)
    return meetings.order_by("-date")


def last_board_meeting(today: date, board=None) -> date | None:
    """The last held meeting of the board itself: the natural 'since'."""
    meeting = _board_meetings_before(today, board).first()
    return meeting.date if meeting else None


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 6.2 times the
# floor, and the cache makes it 2.8 times faster (bench/cache_value.py, 04/12/2026).
class ChangesView(CachedFragmentMixin, RuleRequiredMixin, TemplateView):
    rule = "businessplan.view"
    template_name = "businessplan/changes.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        # The plan and the last board meeting's date in one query.
        board = request.board
        meetings = _board_meetings_before(today, board).values("date")[:1]
        plans = Plan.objects.filter(board=board).annotate(last_board=Subquery(meetings))
        self.plan = get_object_or_404(plans, slug=kwargs["slug"])
        self.plan.board = board
        initial = {"start": self.plan.last_board or self.plan.start, "end": today}
        self.form = PeriodForm(request.GET if "start" in request.GET else initial)
        # Read only when drawn: the page keeps what it draws per state of the records and period.
        self.changes = SimpleLazyObject(
            lambda: changes_between(self.plan, *self.period()) if self.form.is_valid() else []
        )
        fmt = request.GET.get("_export")
        if fmt in exports.CHANGE_FORMATS and self.form.is_valid():
            content, kind = exports.changes_file(self.plan, *self.period(), list(self.changes), fmt)
            response = HttpResponse(content, content_type=kind)
            first, last = self.period()
            response["Content-Disposition"] = (
                f'attachment; filename="{self.plan.board.slug}-changes-{self.plan.slug}-{first}-{last}.{fmt}"'
            )
            return response
        return super().get(request, *args, **kwargs)

    def period(self) -> tuple[date, date]:
        return self.form.cleaned_data["start"], self.form.cleaned_data["end"]

    # The changes are kept per plan, period and state of the records (lscb.caching); nothing in
    # them depends on the reader's role.
    fragment_by_day = False

    def fragment_parts(self) -> list[str]:
        first, last = self.period() if self.form.is_valid() else (None, None)
        return [str(self.plan.pk), str(first), str(last)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, form=self.form, changes=self.changes, **kwargs)
