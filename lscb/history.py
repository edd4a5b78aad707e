"""The "History" page of any audited record: every change, who made it and when."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.http import Http404
from django.views.generic import TemplateView

from lscb.permissions import RuleRequiredMixin, board_scope, field_visible

# Which records have a history page, and the rule that lets a user read it.
HISTORY_RULES: dict[str, str] = {}


def register_history(model_label: str, rule_name: str) -> None:
    HISTORY_RULES[model_label.lower()] = rule_name


def changes(history, user) -> list[dict]:
    """Each historical record with the fields that changed from the one before it: those fields
    `user` may see on the record's page (lscb.permissions.FIELD_RULES), and no others."""
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    rows = []
    previous = None
    for record in records:
        if previous is None or record.history_type != "~":
            fields = []
        else:
            delta = record.diff_against(previous)
            before, after = previous.instance, record.instance
            fields = [
                _describe(after._meta.get_field(c.field), c.old, c.new, before, after)
                for c in delta.changes
                if field_visible(user, after, c.field)
            ]
        rows.append({"record": record, "fields": fields, "who": _user_name(record.history_user)})
        previous = record
    rows.reverse()
    return rows


# Fields that are a sign-in account, shown by its username as the record's page shows it (and only
# to whom lscb.permissions.FIELD_RULES allows). Any other user a record names (who saved a
# narrative, who recorded a note) is named as the pages name people: full name, else username.
ACCOUNTS = {"governance.person.user"}


def _user_name(user) -> str:
    """A user as the record pages name them (a challenge's steps, a progress note's author)."""
    if user is None:
        return "System or import"
    return user.get_full_name() or user.username


def _display(field, value):
    """A stored value as the user knows it: the choice's label, the related record's name."""
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return f"(deleted record {value})"
        if field.related_model is get_user_model() and f"{field.model._meta.label_lower}.{field.name}" not in ACCOUNTS:
            return _user_name(related)
        return str(related)  # a user's str() is their username
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _describe(field, old, new, before=None, after=None) -> dict:
    # A model may name a property that shows a field as its pages do (HISTORY_DISPLAY): an
    # undated challenge's raised_on reads "undated (2015-16)", not the 1 April it is kept on.
    shown = getattr(field.model, "HISTORY_DISPLAY", {}).get(field.name)
    if shown and before is not None and after is not None:
        return {"field": field.verbose_name, "old": getattr(before, shown), "new": getattr(after, shown)}
    return {"field": field.verbose_name, "old": _display(field, old), "new": _display(field, new)}


def back_url(record, board=None) -> str:
    """The address of a record's page, under `board`'s address when the record shows there (a
    board's own record, one joint with it, or a record the boards share: an agency, a person),
    else under its own board's. "" for a record without a page."""
    url = getattr(record, "get_absolute_url", None)
    if url is None:
        return ""
    scope = board_scope(record)
    if board is not None and (scope is None or board.pk in scope):
        try:
            return url(board)
        except TypeError:  # a page that does not depend on the board
            pass
    return url()


class HistoryView(RuleRequiredMixin, TemplateView):
    """A page of the instance (no board in its address): the records' own boards decide who may
    read it; ?board=<slug> names the board whose page linked here, for the way back."""

    template_name = "includes/history.html"

    def dispatch(self, request, *args, **kwargs):
        label = f"{kwargs['app_label']}.{kwargs['model_name']}".lower()
        if label not in HISTORY_RULES:
            raise Http404("No history for this kind of record.")
        self.rule = HISTORY_RULES[label]
        self.model = apps.get_model(label)
        self.current = self.model.objects.filter(pk=kwargs["pk"]).first()
        return super().dispatch(request, *args, **kwargs)

    def get_rule_object(self):
        # Decided against the record's own board (and the boards it is joint with).
        return self.current

    def get_context_data(self, **kwargs):
        history = self.model.history.filter(id=self.kwargs["pk"])
        current = self.current
        if current is None and not history.exists():
            raise Http404
        title = str(history.latest().instance) if current is None else str(current)
        slug = self.request.GET.get("board", "")
        board = next((other for other in self.request.boards if other.slug == slug), None) if slug else None
        return super().get_context_data(
            title=title,
            current=current,
            back_url=back_url(current, board) if current is not None else "",
            verbose_name=self.model._meta.verbose_name,
            rows=changes(history, self.request.user),
            **kwargs,
        )
