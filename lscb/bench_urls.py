"""The benchmark's URLconf (lscb.settings.bench only): the real URLs plus the floor pages.

The floor is what any page costs before it reads anything: the same middleware, the same
sign-in and permission check, and the same page shell (base.html with its navigation). The
bare floor skips the shell: for reading the figures, not for the targets. The product never
serves either: only lscb.settings.bench points here.
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views import View

from lscb.permissions import RuleRequiredMixin

_FLOOR = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}<h1>Floor</h1>{% endblock %}'
)


class FloorView(RuleRequiredMixin, View):
    """An empty page in the shell every page has."""

    rule = "governance.view"

    def get(self, request):
        return HttpResponse(_FLOOR.render({}, request))


class BareFloorView(RuleRequiredMixin, View):
    rule = "governance.view"

    def get(self, request):
        return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", FloorView.as_view(), name="bench-floor"),
    # The floor of a board's page: the same shell with the board's navigation.
    path("<slug:board>/bench/floor/", FloorView.as_view(), name="bench-board-floor"),
    path("bench/bare/", BareFloorView.as_view(), name="bench-bare"),
    path("", include("lscb.urls")),
]
