"""An action's history and its update form (in place with htmx); review mode is in review.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from lscb.concurrency import StaleEdit
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import is_htmx

from .. import services
from ..forms import ProgressForm
from ..models import Action, Plan
from ..selectors import rag_totals


class ActionMixin:
    """Views about one action (/plan/<slug>/actions/<ref>/); rules are decided against it."""

    def get_rule_object(self):
        if not hasattr(self, "action"):
            self.action = get_object_or_404(
                Action.objects.select_related("plan", "objective__priority", "lead_group"),
                plan__board=self.request.board,
                plan__slug=self.kwargs["slug"],
                ref=self.kwargs["ref"],
            )
            self.action.plan.board = self.request.board  # its links carry the board
        return self.action


def progress_form(action: Action, data=None) -> ProgressForm:
    initial = {"rating": action.rating, "day": timezone.localdate(), "version": action.version}
    return ProgressForm(data, plan=action.plan, initial=initial, prefix=f"a{action.pk}")


def save_progress(request, action: Action, form: ProgressForm):
    """Validate and save; returns (update or None, the form to show again)."""
    if not form.is_valid():
        return None, form
    try:
        update = services.action_record_progress(
            action=action,
            rating=form.cleaned_data["rating"],
            note=form.cleaned_data["note"],
            day=form.cleaned_data["day"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except StaleEdit as error:
        plan = action.plan
        action.refresh_from_db()
        action.plan = plan
        form.add_error(None, error)
        # The next save is checked against what the other person saved; the user's text stays.
        data = form.data.copy()
        data[form.add_prefix("version")] = action.version
        form.data = data
        form.stale_latest = action.updates.newest_first().select_related("author", "recorded_by").first()
        return None, form
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None, form
    return update, form


def describe(plan: Plan, before: str, after: str) -> str:
    """ "Amber → Green", in the plan's own words."""
    if before == after:
        return f"rating unchanged ({plan.label(after)})"
    return f"{plan.label(before)} → {plan.label(after)}"


class ActionDetailView(ActionMixin, RuleRequiredMixin, View):
    """Every rating and note on a timeline, with the update form for those who may rate."""

    rule = "businessplan.view"
    template_name = "businessplan/action_detail.html"

    def get(self, request, slug, ref, form=None):
        action = self.get_rule_object()
        can_rate = allowed("businessplan.rate-action", request.user, action, board=request.board)
        timeline = action.updates.newest_first().select_related("author", "recorded_by")
        context = {
            "action": action,
            "plan": action.plan,
            "timeline": timeline,
            "can_rate": can_rate,
            "can_manage": allowed("businessplan.manage", request.user, board=request.board),
            "form": form or (progress_form(action) if can_rate else None),
        }
        return render(request, self.template_name, context, status=400 if form is not None else 200)


class ActionProgressView(ActionMixin, RuleRequiredMixin, View):
    """GET: the form in place of the action's row (htmx). POST: save, answer the new row."""

    rule = "businessplan.rate-action"

    def get(self, request, slug, ref):
        action = self.get_rule_object()
        if not is_htmx(request):
            return redirect(action)
        return self.row(request, action, form=None if "cancel" in request.GET else progress_form(action))

    def post(self, request, slug, ref):
        action = self.get_rule_object()
        before = action.rating
        update, form = save_progress(request, action, progress_form(action, request.POST))
        if update is None:
            if is_htmx(request):
                return self.row(request, action, form=form)
            # The action's page with the form and its errors (a GET view: call its get, not the view).
            page = ActionDetailView()
            page.setup(request, slug=slug, ref=ref)
            page.action = action
            return page.get(request, slug, ref, form=form)
        plan = action.plan
        action.refresh_from_db()
        action.plan = plan  # the same plan, with its board: no query for either
        message = f"Saved {action.ref}: {describe(action.plan, before, action.rating)}."
        if is_htmx(request):
            return self.row(request, action, saved=message, totals=True)
        messages.success(request, message)
        return redirect(action)

    def row(self, request, action, form=None, saved="", totals=False):
        action.recent_updates = list(action.updates.newest_first().select_related("author", "recorded_by")[:2])
        action.can_rate = True
        action.first_of_objective = (
            action.objective.actions.order_by("id").values_list("id", flat=True).first() == action.pk
        )
        context = {"action": action, "plan": action.plan, "form": form, "saved": saved, "can_rate": True}
        if totals:
            context["totals"], _ = rag_totals(action.plan)
            context["oob_totals"] = True
        return render(request, "businessplan/partials/_action_row.html", context)
