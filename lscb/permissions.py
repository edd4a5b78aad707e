"""Every permission decision in the app: one predicate per rule, one mixin and one decorator.

Role-wide rights come from the permissions of the user's Django groups (see lscb.roles);
object scope (a sub-group chair records only the groups they chair) is decided here too.
Templates ask the same rules through the `can` tag, so they only hide what is refused here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils import timezone

Predicate = Callable[..., bool]
RULES: dict[str, Predicate] = {}


def rule(name: str) -> Callable[[Predicate], Predicate]:
    def register(predicate: Predicate) -> Predicate:
        RULES[name] = predicate
        return predicate

    return register


def allowed(name: str, user, obj=None) -> bool:
    """Whether `user` may do `name` (to `obj`, where the rule is about one record)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return RULES[name](user, obj)


def chaired_group_ids(user) -> frozenset[int]:
    """Groups in which the user's person holds a current chair or vice-chair seat."""
    if not hasattr(user, "_chaired_group_ids"):
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is None:
            user._chaired_group_ids = frozenset()
        else:
            today = timezone.localdate()
            seats = person.memberships.chairing().active_on(today)
            user._chaired_group_ids = frozenset(seats.values_list("group_id", flat=True))
    return user._chaired_group_ids


# --- governance -------------------------------------------------------------------------


@rule("governance.view")
def can_view_governance(user, obj=None) -> bool:
    return user.has_perm("governance.view_meeting")


@rule("governance.manage")
def can_manage_governance(user, obj=None) -> bool:
    """Set up the year: agencies, people, groups, memberships, the calendar."""
    return user.has_perm("governance.change_group")


@rule("governance.record-meeting")
def can_record_meeting(user, meeting=None) -> bool:
    """Record a meeting's register, or cancel it: every group for the business manager,
    only the groups they chair for a sub-group chair. Without a meeting: may record some."""
    if user.has_perm("governance.change_meeting"):
        return True
    if not user.has_perm("governance.record_meeting"):
        return False
    if meeting is None:
        return bool(chaired_group_ids(user))
    return meeting.group_id in chaired_group_ids(user)


@rule("governance.import-workbook")
def can_import_workbook(user, obj=None) -> bool:
    return user.has_perm("governance.import_workbook")


@rule("history.view")
def can_view_history(user, obj=None) -> bool:
    return can_view_governance(user)


# --- business plan ----------------------------------------------------------------------------


@rule("businessplan.view")
def can_view_plan(user, obj=None) -> bool:
    return user.has_perm("businessplan.view_action")


@rule("businessplan.manage")
def can_manage_plan(user, obj=None) -> bool:
    """Write and restructure plans, priorities, objectives and actions."""
    return user.has_perm("businessplan.change_plan")


@rule("businessplan.rate-action")
def can_rate_action(user, action=None) -> bool:
    """Add progress and ratings: any action for the business manager, actions their group
    leads for a sub-group chair. Without an action: whether they may rate some."""
    if user.has_perm("businessplan.change_action"):
        return True
    if not user.has_perm("businessplan.rate_action"):
        return False
    if action is None:
        return bool(chaired_group_ids(user))
    return action.lead_group_id is not None and action.lead_group_id in chaired_group_ids(user)


# --- challenge log ---------------------------------------------------------------------------


@rule("challengelog.view")
def can_view_challenges(user, obj=None) -> bool:
    return user.has_perm("challengelog.view_challenge")


@rule("challengelog.write")
def can_write_challenges(user, obj=None) -> bool:
    """Log challenges and take them to an outcome: the chair and the business manager."""
    return user.has_perm("challengelog.change_challenge")


# --- year-end -------------------------------------------------------------------------------


@rule("yearend.view")
def can_view_report(user, obj=None) -> bool:
    return user.has_perm("yearend.view_narrative")


@rule("yearend.write-narrative")
def can_write_narrative(user, obj=None) -> bool:
    """The chair and the business manager write the report's narrative."""
    return user.has_perm("yearend.write_narrative")


@rule("yearend.sign-off")
def can_sign_off_report(user, obj=None) -> bool:
    """Only the independent chair signs the annual report off: the business manager may not."""
    return user.has_perm("yearend.sign_off_report")


@rule("yearend.reopen")
def can_reopen_report(user, obj=None) -> bool:
    """The chair or the business manager returns a signed-off report to draft, saying why; they are
    also the ones told when the records behind a signed-off report change."""
    return user.has_perm("yearend.reopen_report")


# --- fields shown only to some -----------------------------------------------------------------

# A field a record's page shows only to those a rule allows, "app_label.model.field": rule. The
# record's page asks `field_visible` (in templates, the `shows_field` tag) and its history page
# leaves the field's changes out for everyone else: one list, so the two cannot disagree.
FIELD_RULES: dict[str, str] = {
    # A person's sign-in account (its username): the business manager links people to accounts.
    "governance.person.user": "governance.manage",
}


def field_visible(user, model, field_name: str) -> bool:
    """Whether `user` may see `field_name` of `model` (a model class or a record) where it is shown."""
    name = FIELD_RULES.get(f"{model._meta.label_lower}.{field_name}")
    return name is None or allowed(name, user)


# --- the shell ------------------------------------------------------------------------------


class RuleRequiredMixin:
    """Class-based views: sign-in first, then `rule` against `get_rule_object()`, else 403."""

    rule: str = ""

    def get_rule_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(self.rule, request.user, self.get_rule_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def rule_required(name: str, get_object: Callable | None = None):
    """Function views: the same check as RuleRequiredMixin; `get_object(request, **kwargs)`."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not allowed(name, request.user, obj):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
