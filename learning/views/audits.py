"""Audits: the list, an audit's page (its judgements stage by stage, with their movement and chart,
and its recommendations), the audit's form, a stage's results and an audit's new recommendation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from governance.models import Agency
from lscb import params
from lscb.concurrency import RefuseStaleMixin, StaleEdit
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView

from .. import charts, forms_audits, services
from ..filters_audits import AuditFilter
from ..models import OPEN_STATUSES, Audit
from ..services import audit_save, recommendation_save
from ..tables_audits import AuditTable


def board_audits(request):
    """The page's board's audits: another board's is not found under this board's address."""
    return Audit.objects.of_board(request.board).select_related("group", "agency")


class AuditListView(TableView):
    rule = "learning.view"
    model = Audit
    table_class = AuditTable
    filterset_class = AuditFilter
    title = "Audits"
    intro = (
        "Section 11 and section 175 audits, partner self-assessments, multi-agency and single-agency audits: "
        "their stages and recommendations."
    )
    export_name = "audits"
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None  # the table paginates itself

    def get_queryset(self):
        return board_audits(self.request).annotate(
            stage_count=Count("results__stage", distinct=True),
            recommendation_count=Count("recommendations", distinct=True),
            open_count=Count("recommendations", filter=Q(recommendations__status__in=OPEN_STATUSES), distinct=True),
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def get_page_actions(self):
        board = self.request.board
        if allowed("learning.manage", self.request.user, board=board):
            return [("Add an audit", reverse("learning:audit-create", args=[board.slug]))]
        return []


class AuditMixin:
    """Views of one audit: looked up once among the board's, before the rule is asked about it."""

    def audit_object(self) -> Audit:
        if not hasattr(self, "audit"):
            self.audit = get_object_or_404(board_audits(self.request), pk=self.kwargs["pk"])
            self.audit.board = self.request.board
        return self.audit

    def get_rule_object(self):
        return self.audit_object()

    def get_object(self, queryset=None):
        return self.audit_object()


class AuditDetailView(AuditMixin, RuleRequiredMixin, DetailView):
    rule = "learning.view"
    template_name = "learning/audit_detail.html"
    context_object_name = "audit"

    def get_rule_object(self):
        self.audit_object()  # another board's audit is not found, whoever asks
        return None  # everyone with a role reads every audit of the board

    def get_context_data(self, **kwargs):
        audit = self.object
        stages = charts.audit_stages(audit.results.select_related("agency"))
        today = timezone.localdate()
        recommendations = list(audit.recommendations.select_related("lead_agency", "lead_group"))
        for recommendation in recommendations:
            recommendation.audit = audit
            recommendation.is_overdue = bool(
                recommendation.status in OPEN_STATUSES and recommendation.due_date and recommendation.due_date < today
            )
        chart = charts.stage_chart(f"{audit.name}: answers at each stage", stages) if stages else None
        return super().get_context_data(
            stages=stages,
            movement=charts.movement(stages),
            breakdown=charts.has_breakdown(stages),
            chart=chart,
            chart_uri=charts.svg_data_uri(chart) if chart else "",
            recommendations=recommendations,
            can_edit=allowed("learning.edit", self.request.user, audit, board=self.request.board),
            **kwargs,
        )


class AuditFormPage(RuleRequiredMixin, ServiceFormMixin):
    model = Audit
    form_class = forms_audits.AuditForm
    template_name = "includes/form_page.html"
    success_message = "Saved the audit {object}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def get_success_url(self):
        return self.object.get_absolute_url()


class AuditCreateView(AuditFormPage, CreateView):
    rule = "learning.manage"

    def save(self, instance):
        return audit_save(audit=instance, by=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add an audit",
            cancel_url=reverse("learning:audit-list", args=[self.request.board.slug]),
            submit_label="Add the audit",
            **kwargs,
        )


class AuditUpdateView(RefuseStaleMixin, AuditMixin, AuditFormPage, UpdateView):
    rule = "learning.edit"

    def save(self, instance):
        return audit_save(audit=instance, by=self.request.user, version=self.get_form_version())

    def get_context_data(self, **kwargs):
        cancel = reverse("learning:audit-detail", args=[self.request.board.slug, self.kwargs["pk"]])
        return super().get_context_data(title="Edit the audit", cancel_url=cancel, **kwargs)


class AuditResultsView(AuditMixin, RuleRequiredMixin, TemplateView):
    """Enter a new stage's counts, or correct a stored stage's (?stage=N, its place in date order)."""

    rule = "learning.edit"
    template_name = "learning/audit_results.html"

    def current_stage(self, stages):
        if self.request.method == "POST":
            name = self.request.POST.get("current", "")
            return next((stage for stage in stages if stage.name == name), None), bool(name)
        number = params.query_values(self.request, stage=params.number())["stage"]
        return (stages[number - 1] if number and number <= len(stages) else None), False

    def forms(self, stages, current):
        audit = self.audit_object()
        data = self.request.POST if self.request.method == "POST" else None
        if current is not None:
            rows = forms_audits.stage_initial_rows(r for r in audit.results.all() if r.stage == current.name)
            initial = {"stage": current.name, "date": current.date}
        else:
            previous = stages[-1].name if stages else None  # the last stage's agencies and standards, as a start
            rows = [
                {"agency": row["agency"], "standard": row["standard"]}
                for row in forms_audits.stage_initial_rows(r for r in audit.results.all() if r.stage == previous)
            ]
            initial = {}
        name = current.name if current else None
        stage_form = forms_audits.StageForm(data, initial=initial, audit=audit, current=name)
        rows += [{}] * forms_audits.EXTRA_ROWS
        agencies = Agency.objects.order_by("name")
        formset = forms_audits.ResultRowFormSet(data, initial=rows, prefix="rows", agencies=agencies)
        return stage_form, formset

    def get(self, request, *args, **kwargs):
        stages = charts.audit_stages(self.audit_object().results.select_related("agency"))
        current, _gone = self.current_stage(stages)
        stage_form, formset = self.forms(stages, current)
        context = {"stage_form": stage_form, "formset": formset, "current": current, "seen": self.fingerprint(current)}
        return self.render_to_response(self.get_context_data(**context))

    def fingerprint(self, current) -> str:
        if current is None:
            return ""
        return services.audit_stage_fingerprint(self.audit_object().results.filter(stage=current.name))

    def post(self, request, *args, **kwargs):
        audit = self.audit_object()
        stages = charts.audit_stages(audit.results.select_related("agency"))
        current, asked = self.current_stage(stages)
        stage_form, formset = self.forms(stages, current)
        seen = request.POST.get("seen", "")
        context = {"stage_form": stage_form, "formset": formset, "current": current, "seen": seen}
        if asked and current is None:
            stage_form.add_error(None, "Someone else removed or renamed this stage meanwhile: enter it as a new stage.")
        elif stage_form.is_valid() and stage_form.cleaned_data.get("remove"):
            try:
                services.audit_stage_remove(audit=audit, stage=current.name, by=request.user, seen=seen)
            except StaleEdit as error:
                stage_form.add_error(None, error)
                context["seen"] = self.fingerprint(current)  # saving again, having checked, goes through
            else:
                messages.success(request, f"Removed the stage {current.name}.")
                return redirect(audit)
        elif stage_form.is_valid() and formset.is_valid():
            data = stage_form.cleaned_data
            try:
                services.audit_stage_save(
                    audit=audit,
                    stage=data["stage"],
                    day=data["date"],
                    rows=formset.entered(),
                    current=current.name if current else None,
                    by=request.user,
                    seen=seen,
                )
            except StaleEdit as error:
                stage_form.add_error(None, error)
                context["seen"] = self.fingerprint(current)  # saving again, having checked, goes through
            except ValidationError as error:
                stage_form.add_error(None, error)
            else:
                messages.success(request, f"Saved the counts of the stage {data['stage']}.")
                return redirect(audit.get_absolute_url() + "#judgements")
        return self.render_to_response(self.get_context_data(**context), status=400)

    def get_context_data(self, **kwargs):
        # The agencies once for every row's list (each row's own field would read them again).
        choices = [("", "All agencies"), *Agency.objects.order_by("name").values_list("pk", "name")]
        return super().get_context_data(audit=self.audit_object(), agency_choices=choices, **kwargs)


class AuditRecommendationCreateView(AuditMixin, RuleRequiredMixin, ServiceFormMixin, CreateView):
    rule = "learning.edit"
    form_class = forms_audits.AuditRecommendationForm
    template_name = "includes/form_page.html"
    success_message = "Added recommendation {object}."

    def get_object(self, queryset=None):
        return None  # a new recommendation (the audit is the rule's object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "audit": self.audit_object()}

    def save(self, instance):
        return recommendation_save(recommendation=instance, by=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        audit = self.audit_object()
        return super().get_context_data(
            title=f"Add a recommendation to {audit}",
            cancel_url=audit.get_absolute_url(),
            submit_label="Add the recommendation",
            **kwargs,
        )
