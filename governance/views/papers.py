"""A meeting's papers: add one (a file or a link), download a file, remove one.

Files are served only here, to those who may read the meeting (governance.view): never from a
public address."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView

from lscb.permissions import RuleRequiredMixin
from lscb.views import add_service_errors

from .. import forms
from ..models import MeetingPaper
from ..papers import content_type, may_add_papers, paper_add, paper_remove
from .meetings import MeetingObjectMixin


class PaperRightsMixin(MeetingObjectMixin, RuleRequiredMixin):
    """Read the meeting first (governance.view), then: may this user add or remove its papers?"""

    rule = "governance.view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_add_papers(request.user, self.get_rule_object(), request.board):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PaperCreateView(PaperRightsMixin, FormView):
    form_class = forms.PaperForm
    template_name = "governance/paper_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.get_rule_object(), **kwargs)

    def form_valid(self, form):
        paper = form.instance
        paper.meeting = self.get_rule_object()
        try:
            paper_add(paper=paper, by=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Added the paper {paper.label}.")
        return redirect(f"{self.meeting_url()}#papers")


class PaperDeleteView(PaperRightsMixin, View):
    def post(self, request, pk, paper):
        found = MeetingPaper.objects.filter(meeting=self.get_rule_object(), pk=paper).first()
        if found is None:
            # Removed already (a second click, or someone else): nothing left to do.
            messages.info(request, "That paper was already removed.")
        else:
            paper_remove(paper=found, by=request.user)
            messages.success(request, f"Removed the paper {found.label}.")
        return redirect(f"{self.meeting_url()}#papers")


class PaperDownloadView(MeetingObjectMixin, RuleRequiredMixin, View):
    rule = "governance.view"

    def get(self, request, pk, paper):
        found = get_object_or_404(MeetingPaper, meeting=self.get_rule_object(), pk=paper)
        if not found.file:
            return redirect(found.link)
        try:
            handle = found.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file of this paper is missing: ask the board's business unit to add it again.") from None
        response = FileResponse(
            handle, as_attachment=True, filename=found.file_name or "paper", content_type=content_type(found.file_name)
        )
        response["Cache-Control"] = "private, no-store"
        return response
