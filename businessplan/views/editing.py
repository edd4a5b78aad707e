"""The business manager's forms: plans, priorities, objectives and actions."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import CreateView, ListView, UpdateView

from lscb import params
from lscb.concurrency import RefuseStaleMixin
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin

from .. import forms, services
from ..models import Action, Objective, Plan, PlanStatus, Priority, ready_made_levels


def board_plan(request, slug: str) -> Plan:
    """The plan with this address among the page's board's plans (another board's is a 404)."""
    plan = get_object_or_404(Plan.objects.filter(board=request.board), slug=slug)
    plan.board = request.board  # its links carry the board: no second query for it
    return plan


class PlanListView(RuleRequiredMixin, ListView):
    rule = "businessplan.view"
    model = Plan
    template_name = "businessplan/plan_list.html"

    def get_queryset(self):
        plans = Plan.objects.filter(board=self.request.board).annotate(action_count=Count("actions")).order_by("-start")
        for plan in plans:
            plan.board = self.request.board
        return plans

    def get(self, request, *args, **kwargs):
        """ "Business plan" in the menu goes straight to the plan when the board has exactly one
        active plan; those who manage plans keep the list (with the active plan named at its top), and
        ?all (the plan page's breadcrumb) shows it to everyone."""
        self.object_list = self.get_queryset()
        self.can_manage = allowed("businessplan.manage", request.user, board=request.board)
        active = [plan for plan in self.object_list if plan.status == PlanStatus.ACTIVE]
        if len(active) == 1 and not self.can_manage and "all" not in request.GET:
            return redirect(active[0])
        return self.render_to_response(self.get_context_data(active_plans=active))

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=self.can_manage, **kwargs)


class FormPage(RuleRequiredMixin, ServiceFormMixin):
    rule = "businessplan.manage"
    template_name = "includes/form_page.html"
    success_message = "Saved."
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title or f"Edit {self.object}", cancel_url=self.cancel_url(), **kwargs
        )

    def cancel_url(self) -> str:
        return reverse("businessplan:plan-list", args=[self.request.board.slug])

    def get_success_url(self):
        return self.plan_url()


class InPlanMixin:
    """Views under /plan/<slug>/: the plan is looked up once."""

    def dispatch(self, request, *args, **kwargs):
        self.plan = board_plan(request, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def plan_url(self) -> str:
        return self.plan.get_absolute_url()

    def cancel_url(self) -> str:
        return self.plan_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}


class PlanCreateView(FormPage, CreateView):
    """The plan and its scale: the levels (code, label, colour, meaning, complete) are a formset."""

    model = Plan
    form_class = forms.PlanForm
    template_name = "businessplan/plan_form.html"
    title = "Add a business plan"
    success_message = "Added the plan {object}. Now add its priorities."

    def level_formset(self):
        """The levels as posted; unbound (the plan's own, or red, amber, green) when none were posted."""
        posted = self.request.method == "POST" and "levels-TOTAL_FORMS" in self.request.POST
        plan = getattr(self, "object", None)
        initial = (plan.levels if plan is not None and plan.levels else None) or ready_made_levels("rag")
        return forms.LevelFormSet(self.request.POST if posted else None, initial=initial, prefix="levels")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("levels", self.level_formset())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        levels = self.level_formset()
        if levels.is_bound and not levels.is_valid():
            form.add_error(None, "Check the levels of the scale: each needs a code, a label and a colour.")
            return self.render_to_response(self.get_context_data(form=form, levels=levels))
        form.instance.scale, form.instance.levels = form.levels(levels.rows() if levels.is_bound else None)
        form.instance.__dict__.pop("scale_levels", None)
        return super().form_valid(form)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def save(self, instance):
        if not instance.board_id:
            instance.board = self.request.board
        return services.plan_save(plan=instance, by=self.request.user)

    def plan_url(self):
        return self.object.get_absolute_url()


class PlanUpdateView(PlanCreateView, UpdateView):
    slug_url_kwarg = "slug"
    title = ""  # "Edit <the plan>"
    success_message = "Saved the plan {object}."

    def cancel_url(self):
        # From the address, not the object: a refused form has already put the posted slug on it.
        return reverse("businessplan:plan-detail", args=[self.request.board.slug, self.kwargs["slug"]])

    def get_object(self, queryset=None):
        return board_plan(self.request, self.kwargs["slug"])


class PriorityCreateView(InPlanMixin, FormPage, CreateView):
    model = Priority
    form_class = forms.PriorityForm
    success_message = "Saved priority {object}."

    def get_context_data(self, **kwargs):
        self.title = f"Add a priority to {self.plan}" if not self.object else ""
        return super().get_context_data(**kwargs)

    def save(self, instance):
        return services.priority_save(priority=instance, by=self.request.user)


class PriorityUpdateView(PriorityCreateView, UpdateView):
    def get_object(self, queryset=None):
        return get_object_or_404(Priority, plan=self.plan, number=self.kwargs["number"])


class ObjectiveCreateView(InPlanMixin, FormPage, CreateView):
    model = Objective
    form_class = forms.ObjectiveForm
    success_message = "Saved the objective."

    def get_initial(self):
        asked = params.query_values(self.request, priority=params.number())["priority"]
        return {"priority": self.plan.priorities.filter(number=asked).first() if asked else None}

    def get_context_data(self, **kwargs):
        self.title = f"Add an objective to {self.plan}" if not self.object else ""
        return super().get_context_data(**kwargs)

    def save(self, instance):
        return services.objective_save(objective=instance, by=self.request.user)


class ObjectiveUpdateView(ObjectiveCreateView, UpdateView):
    def get_object(self, queryset=None):
        return get_object_or_404(Objective, priority__plan=self.plan, pk=self.kwargs["pk"])


class ActionCreateView(RefuseStaleMixin, InPlanMixin, FormPage, CreateView):
    model = Action
    form_class = forms.ActionForm
    success_message = "Saved action {object}."

    def get_context_data(self, **kwargs):
        self.title = f"Add an action to {self.plan}" if not self.object else f"Edit action {self.object.ref}"
        return super().get_context_data(**kwargs)

    def get_initial(self):
        return params.query_values(self.request, objective=params.number())

    def save(self, instance):
        return services.action_save(action=instance, by=self.request.user, version=self.get_form_version())

    def get_success_url(self):
        return self.object.get_absolute_url()


class ActionUpdateView(ActionCreateView, UpdateView):
    def get_initial(self):
        return dict(self.initial)  # the action's own objective, not the one a new action may be given

    def get_object(self, queryset=None):
        action = get_object_or_404(Action, plan=self.plan, ref=self.kwargs["ref"])
        action.plan = self.plan
        return action
