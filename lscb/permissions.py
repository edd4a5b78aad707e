"""Every permission decision in the app: one predicate per rule, one mixin and one decorator.

Role-wide rights come from the permissions of the user's roles (see lscb.roles), held for every
board or for one (lscb.backends.has_board_perm); board scope (a chair of one board cannot log the
other's challenges) and object scope (a sub-group chair records only the groups they chair) are
decided here too. A check is about the page's board (`board=request.board`), or the record's.
Templates ask the same rules through the `can` tag, so they only hide what is refused here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lscb.backends import has_board_perm

Predicate = Callable[..., bool]
RULES: dict[str, Predicate] = {}


def rule(name: str) -> Callable[[Predicate], Predicate]:
    def register(predicate: Predicate) -> Predicate:
        RULES[name] = predicate
        return predicate

    return register


def allowed(name: str, user, obj=None, *, board=None) -> bool:
    """Whether `user` may do `name` (to `obj`, where the rule is about one record) on `board`'s
    pages; without a board or a record, whether they may on some board."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return RULES[name](user, obj, board_scope(obj, board))


# The way from a record to the one that belongs to a board (a group, a plan, a challenge).
_TOWARDS_BOARD = ("group", "plan", "action", "priority", "review", "audit", "recommendation")


def _board_owner(obj):
    for _step in range(4):
        if obj is None or hasattr(obj, "board_id") or obj.__class__.__name__ == "Board":
            return obj
        obj = next((found for name in _TOWARDS_BOARD if (found := getattr(obj, name, None)) is not None), None)
    return None


def board_scope(obj=None, board=None) -> list[int] | None:
    """The ids of the boards a check is about: the page's board, the record's own board (a joint
    group's too), or None for "some board". A record of another board than the page's, and not
    joint with it, gives no board at all: nothing is allowed to it there."""
    owner = _board_owner(obj)
    if owner is None:
        return None if board is None else [board.pk]
    if not hasattr(owner, "board_id"):  # the board itself
        return [owner.pk] if board is None or board.pk == owner.pk else []
    if board is not None and owner.board_id == board.pk:
        return [board.pk]
    joint = getattr(owner, "joint_boards", None)
    if board is None:
        return [owner.board_id, *(joint.values_list("pk", flat=True) if joint is not None else [])]
    return [board.pk] if joint is not None and joint.filter(pk=board.pk).exists() else []


def has(user, perm: str, scope: list[int] | None) -> bool:
    """Whether the user holds `perm` for one of the boards in `scope` (None: for some board)."""
    if scope is not None and not scope:
        return False
    return has_board_perm(user, perm, scope)


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


@rule("boards.list")
def can_list_boards(user, obj=None, scope=None) -> bool:
    """The list of boards: anyone signed in (it shows only the boards they may read)."""
    return True


# --- governance -------------------------------------------------------------------------


@rule("governance.view")
def can_view_governance(user, obj=None, scope=None) -> bool:
    return has(user, "governance.view_meeting", scope)


@rule("governance.manage")
def can_manage_governance(user, obj=None, scope=None) -> bool:
    """Set up the year: agencies, people, groups, memberships, the calendar."""
    return has(user, "governance.change_group", scope)


@rule("governance.record-meeting")
def can_record_meeting(user, meeting=None, scope=None) -> bool:
    """Record a meeting's register: every group for the business manager, only the groups they
    chair for a sub-group chair (cancelling is governance.schedule-meeting, with the same reach).
    Without a meeting: may record some."""
    if has(user, "governance.change_meeting", scope):
        return True
    if not has(user, "governance.record_meeting", scope):
        return False
    if meeting is None:
        return bool(chaired_group_ids(user))
    return meeting.group_id in chaired_group_ids(user)


def _group_id_of(record) -> int | None:
    """The group a meeting is of, or the group itself."""
    return getattr(record, "group_id", None) if hasattr(record, "group_id") else getattr(record, "pk", None)


@rule("governance.schedule-meeting")
def can_schedule_meeting(user, record=None, scope=None) -> bool:
    """Add a meeting to a group, move it to another date, cancel or reinstate it: every group for the
    business manager, only the groups they chair for a sub-group chair. `record` is the meeting, or
    the group a meeting is being added to; without one: whether they may schedule some."""
    if has(user, "governance.change_meeting", scope):
        return True
    if not has(user, "governance.record_meeting", scope):
        return False
    if record is None:
        return bool(chaired_group_ids(user))
    return _group_id_of(record) in chaired_group_ids(user)


@rule("governance.delete-meeting")
def can_delete_meeting(user, meeting=None, scope=None) -> bool:
    """Delete a meeting entered by mistake: any not held for the business manager (the service
    refuses a held one); for a sub-group chair, only a planned meeting of their own group with no
    register (a cancelled one stays, to count in planned against held)."""
    if has(user, "governance.change_meeting", scope):
        return True
    if meeting is None or not can_schedule_meeting(user, meeting, scope):
        return False
    return meeting.status == "planned" and not meeting.attendances.exists()


@rule("governance.import-workbook")
def can_import_workbook(user, obj=None, scope=None) -> bool:
    return has(user, "governance.import_workbook", scope)


@rule("history.view")
def can_view_history(user, obj=None, scope=None) -> bool:
    return can_view_governance(user, None, scope)


# --- business plan ----------------------------------------------------------------------------


@rule("businessplan.view")
def can_view_plan(user, obj=None, scope=None) -> bool:
    return has(user, "businessplan.view_action", scope)


@rule("businessplan.manage")
def can_manage_plan(user, obj=None, scope=None) -> bool:
    """Write and restructure plans, priorities, objectives and actions."""
    return has(user, "businessplan.change_plan", scope)


@rule("businessplan.rate-action")
def can_rate_action(user, action=None, scope=None) -> bool:
    """Add progress and ratings: any action for the business manager, actions their group
    leads for a sub-group chair. Without an action: whether they may rate some."""
    if has(user, "businessplan.change_action", scope):
        return True
    if not has(user, "businessplan.rate_action", scope):
        return False
    if action is None:
        return bool(chaired_group_ids(user))
    return action.lead_group_id is not None and action.lead_group_id in chaired_group_ids(user)


# --- challenge log ---------------------------------------------------------------------------


@rule("challengelog.view")
def can_view_challenges(user, obj=None, scope=None) -> bool:
    return has(user, "challengelog.view_challenge", scope)


@rule("challengelog.write")
def can_write_challenges(user, obj=None, scope=None) -> bool:
    """Log challenges and take them to an outcome: the chair and the business manager."""
    return has(user, "challengelog.change_challenge", scope)


# --- learning and assurance -------------------------------------------------------------------


@rule("learning.view")
def can_view_learning(user, obj=None, scope=None) -> bool:
    return has(user, "learning.view_review", scope)


@rule("learning.manage")
def can_manage_learning(user, obj=None, scope=None) -> bool:
    """Add and change any review, audit, recommendation or evidence: the business manager."""
    return has(user, "learning.change_review", scope)


def _overseeing_group_id(record) -> int | None:
    """The group overseeing a review or an audit (a recommendation's or an update's, through it)."""
    for _step in range(3):
        if record is None or hasattr(record, "kind"):
            break
        record = (
            getattr(record, "recommendation", None) or getattr(record, "review", None) or getattr(record, "audit", None)
        )
    return getattr(record, "group_id", None)


@rule("learning.edit")
def can_edit_learning(user, record=None, scope=None) -> bool:
    """Edit a review or an audit and its recommendations: any for the business manager, those their
    group oversees for the chair of that group. Without a record: whether they may edit some."""
    if has(user, "learning.change_review", scope):
        return True
    if not has(user, "learning.edit_overseen", scope):
        return False
    if record is None:
        return bool(chaired_group_ids(user))
    group_id = _overseeing_group_id(record)
    return group_id is not None and group_id in chaired_group_ids(user)


# --- the dataset, training and money ------------------------------------------------------------
# Everyone with a role reads them; the business manager keeps them.


@rule("dataset.view")
def can_view_dataset(user, obj=None, scope=None) -> bool:
    return has(user, "dataset.view_indicator", scope)


@rule("dataset.manage")
def can_manage_dataset(user, obj=None, scope=None) -> bool:
    """Add indicators and enter their values: the business manager."""
    return has(user, "dataset.change_indicator", scope)


@rule("training.view")
def can_view_training(user, obj=None, scope=None) -> bool:
    return has(user, "training.view_trainingevent", scope)


@rule("training.manage")
def can_manage_training(user, obj=None, scope=None) -> bool:
    return has(user, "training.change_trainingevent", scope)


@rule("finance.view")
def can_view_finance(user, obj=None, scope=None) -> bool:
    return has(user, "finance.view_budgetline", scope)


@rule("finance.manage")
def can_manage_finance(user, obj=None, scope=None) -> bool:
    return has(user, "finance.change_budgetline", scope)


# --- year-end -------------------------------------------------------------------------------


@rule("yearend.view")
def can_view_report(user, obj=None, scope=None) -> bool:
    return has(user, "yearend.view_narrative", scope)


@rule("yearend.write-narrative")
def can_write_narrative(user, obj=None, scope=None) -> bool:
    """The chair and the business manager write the report's narrative."""
    return has(user, "yearend.write_narrative", scope)


@rule("yearend.sign-off")
def can_sign_off_report(user, obj=None, scope=None) -> bool:
    """Only the independent chair signs the annual report off: the business manager may not."""
    return has(user, "yearend.sign_off_report", scope)


@rule("yearend.reopen")
def can_reopen_report(user, obj=None, scope=None) -> bool:
    """The chair or the business manager returns a signed-off report to draft, saying why; they are
    also the ones told when the records behind a signed-off report change."""
    return has(user, "yearend.reopen_report", scope)


# --- fields shown only to some -----------------------------------------------------------------

# A field a record's page shows only to those a rule allows, "app_label.model.field": rule. The
# record's page asks `field_visible` (in templates, the `shows_field` tag) and its history page
# leaves the field's changes out for everyone else: one list, so the two cannot disagree.
FIELD_RULES: dict[str, str] = {
    # A person's sign-in account (its username): the business manager links people to accounts.
    "governance.person.user": "governance.manage",
}


def field_visible(user, model, field_name: str, board=None) -> bool:
    """Whether `user` may see `field_name` of `model` (a model class or a record) where it is shown."""
    name = FIELD_RULES.get(f"{model._meta.label_lower}.{field_name}")
    return name is None or allowed(name, user, board=board)


# --- the shell ------------------------------------------------------------------------------


class RuleRequiredMixin:
    """Class-based views: sign-in first, then `rule` against `get_rule_object()`, else 403."""

    rule: str = ""

    def get_rule_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not allowed(self.rule, request.user, self.get_rule_object(), board=getattr(request, "board", None)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
