"""The register's guest picker: people found as one types, and a found person's row."""

from django.shortcuts import get_object_or_404, render
from django.views import View

from lscb.permissions import RuleRequiredMixin

from ..models import Person
from ..registers import SEARCH_LIMIT, RegisterFormSet, Row, on_register, search_people
from .meetings import MeetingObjectMixin


def _picked(request) -> set[int]:
    """The guests the page has added since it opened (their rows post `guest_person`)."""
    return {int(value) for value in request.GET.getlist("guest_person") if value.isdigit()}


class GuestSearchView(MeetingObjectMixin, RuleRequiredMixin, View):
    """The people whose name or agency matches what was typed, as buttons that add a guest row."""

    rule = "governance.record-meeting"

    def get(self, request, pk):
        meeting = self.get_rule_object()
        text = request.GET.get("guest_search", "").strip()
        found = search_people(text, exclude=on_register(meeting) | _picked(request)) if text else None
        context = {"meeting": meeting, "found": found, "guest_search": text, "limit": SEARCH_LIMIT, "live": True}
        return render(request, "governance/partials/_guest_results.html", context)


class GuestRowView(MeetingObjectMixin, RuleRequiredMixin, View):
    """A found person's row on the register, in attendance, to add to the page's table."""

    rule = "governance.record-meeting"

    def get(self, request, pk, person):
        self.get_rule_object()
        person = get_object_or_404(Person.objects.select_related("agency"), pk=person)
        formset = RegisterFormSet(rows=[Row(person)], members=[])
        return render(
            request, "governance/partials/_register_row.html", {"row": formset.rows[0], "form": formset.forms[0]}
        )
