"""Fuzzing the business plan's forms: plans, priorities, objectives, actions, progress (with and
without htmx) and the review."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils.text import slugify
from hypothesis import example, given
from hypothesis import strategies as st

from businessplan import forms, services
from businessplan.models import FUNCTION_CODES, READY_MADE_SCALES, Action, Objective, Plan, PlanStatus, Priority
from lscb.concurrency import VersionField

from . import strategies as s
from .forms import post_model_form
from .harness import bounded, check_one_line, resolve, rolled_back, submit

pytestmark = pytest.mark.django_db
EXAMPLES = bounded(20)
RATINGS = ["red", "amber", "green", "blue"]


def newest(model):
    return lambda answer: model.objects.order_by("-pk").first()


def fresh(record):
    return lambda answer: type(record).objects.get(pk=record.pk)


plan = s.form(
    title=(s.plain_text(), s.one_line_text()),
    slug=(st.one_of(st.just(""), st.from_regex(r"\A[a-z0-9-]{1,20}\Z")), s.text()),
    start=(s.plausible_date(), s.dates()),
    end=(st.just("2030-03-31"), s.dates()),
    status=(st.sampled_from(PlanStatus.values), s.choice(PlanStatus.values)),
    scale=(st.sampled_from([*READY_MADE_SCALES, "own"]), s.choice([*READY_MADE_SCALES, "own"])),
    scale_name=(st.one_of(st.just(""), st.from_regex(r"\A[a-z0-9-]{1,20}\Z")), s.text()),
)


def plan_adjust(expected, record):
    # The address is made from the title when left blank.
    expected["slug"] = expected["slug"] or slugify(expected["title"])[:60]
    # The plan's own levels are kept under the name given for them.
    name = expected.pop("scale_name")
    if expected["scale"] == "own":
        expected["scale"] = name


def level_rows(draw_rows: list[dict]) -> dict:
    """A levels formset as the plan form posts it."""
    data = {"levels-TOTAL_FORMS": str(len(draw_rows)), "levels-INITIAL_FORMS": "0"}
    for number, row in enumerate(draw_rows):
        data.update({f"levels-{number}-{key}": value for key, value in row.items() if value is not None})
    return data


level = st.fixed_dictionaries(
    {
        "code": st.one_of(st.sampled_from(["1", "2", "red", "unrated", "", "A B"]), s.text(25)),
        "label": st.one_of(s.plain_text(), s.one_line_text()),
        "colour": st.one_of(st.sampled_from(["#2e8b57", "#FFFFFF", "green", ""]), s.text(8)),
        "meaning": st.one_of(st.just(""), s.text()),
        "complete": st.sampled_from([None, "on"]),
        "DELETE": st.sampled_from([None, None, "on"]),
    }
)


@EXAMPLES
@given(rows=st.lists(level, max_size=4), scale=st.sampled_from(["rag", "brag", "own"]), edit=st.booleans())
def test_plan_form_with_levels(as_manager, board, rows, scale, edit):
    """The levels of the plan's scale: saved as given (own) or as the plan's key (ready-made), or refused with a message."""
    url = f"/{board.plan.board.slug}/plan/{board.plan.slug}/edit/" if edit else f"/{board.plan.board.slug}/plan/new/"
    data = {"title": "Plan with levels", "start": "2025-04-01", "end": "2027-03-31", "status": "active"}
    data.update(scale=scale, scale_name="numbered", **level_rows(rows))
    with rolled_back():
        answer = submit(as_manager, url, data, case="plan levels")
        if scale == "own":  # a ready-made scale's labels are its own: the rows give only its key
            check_one_line(answer, data, [f"levels-{n}-label" for n, row in enumerate(rows) if not row["DELETE"]])
        if answer.saved:
            plan = Plan.objects.get(pk=board.plan.pk) if edit else Plan.objects.order_by("-pk").first()
            kept = [row for row in rows if not row["DELETE"] and any(row[k] for k in ("code", "label", "colour"))]
            if scale == "own":
                assert plan.scale == "numbered"
                assert plan.ratings == [row["code"].strip().lower() for row in kept]
            else:
                assert plan.ratings == [level.code for level in READY_MADE_SCALES[scale][1]]


@EXAMPLES
@given(posted=plan, edit=st.booleans())
@example(posted={"title": "名前", "slug": "", "start": "2025-04-01", "end": "2027-03-31"}, edit=False)
@example(posted={"title": "名前", "slug": "", "start": "2025-04-01", "end": "2027-03-31"}, edit=True)
@example(posted={"title": "P", "slug": "p", "start": "2025-04-01", "end": "9999-12-31", "scale": "brag"}, edit=True)
def test_plan_form(as_manager, board, posted, edit):
    url = f"/{board.plan.board.slug}/plan/{board.plan.slug}/edit/" if edit else f"/{board.plan.board.slug}/plan/new/"
    saved = (lambda answer: Plan.objects.get(pk=board.plan.pk)) if edit else newest(Plan)
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="plan",
            records=board.records,
            form=forms.PlanForm(instance=board.plan if edit else None),
            saved=saved,
            adjust=plan_adjust,
            one_line=("title",),
        )


priority = s.form(
    number=(st.integers(3, 40).map(str), s.integers()),
    title=(s.plain_text(), s.one_line_text()),
    description=(st.one_of(st.just(""), s.plain_text()), s.text()),
    functions=(st.lists(st.sampled_from(FUNCTION_CODES), max_size=3, unique=True), st.lists(s.text(8), max_size=3)),
)


def priority_adjust(expected, record):
    # The codes are kept in their statutory order, separated by ';'.
    expected["functions"] = ";".join(code for code in FUNCTION_CODES if code in expected["functions"])


@EXAMPLES
@given(posted=priority, edit=st.booleans())
@example(posted={"number": "2", "title": "Same number", "functions": ["1a"]}, edit=False)
@example(posted={"number": "70000", "title": "Huge", "functions": []}, edit=True)
def test_priority_form(as_manager, board, posted, edit):
    first = board.records["priority"][0]
    url = (
        f"/{board.plan.board.slug}/plan/{board.plan.slug}/priorities/{first.number}/edit/"
        if edit
        else f"/{board.plan.board.slug}/plan/{board.plan.slug}/priorities/new/"
    )
    with rolled_back():
        post_model_form(
            as_manager,
            url,
            posted,
            case="priority",
            records=board.records,
            form=forms.PriorityForm(instance=first if edit else None, plan=board.plan),
            saved=fresh(first) if edit else newest(Priority),
            adjust=priority_adjust,
            one_line=("title",),
        )


objective = s.form(
    priority=(s.pick("priority", 2), s.reference("priority")),
    text=(s.plain_text(), s.text()),
    order=(st.integers(0, 20).map(str), s.integers()),
)


@EXAMPLES
@given(posted=objective, edit=st.booleans())
@example(posted={"priority": s.Pick("priority", 0), "text": "x" * 10_000, "order": "-1"}, edit=False)
def test_objective_form(as_manager, board, posted, edit):
    target = board.records["objective"][0]
    base = f"/{board.plan.board.slug}/plan/{board.plan.slug}/objectives/"
    with rolled_back():
        post_model_form(
            as_manager,
            f"{base}{target.pk}/edit/" if edit else f"{base}new/",
            posted,
            case="objective",
            records=board.records,
            form=forms.ObjectiveForm(instance=target if edit else None, plan=board.plan),
            saved=fresh(target) if edit else newest(Objective),
        )


action = s.form(
    objective=(s.pick("objective", 2), s.reference("objective")),
    ref=(st.from_regex(r"\A[1-9]\.[1-9](\.[1-9])?\Z"), st.one_of(s.text(25), s.broken_line(8))),
    text=(st.one_of(st.just(""), s.plain_text()), s.text()),
    by_whom=(st.one_of(st.just(""), s.plain_text()), s.text()),
    lead_group=(st.one_of(st.just(""), s.pick("group", 3)), s.reference("group")),
    due_text=(st.one_of(st.just(""), s.plain_text(20)), s.text()),
    due_date=(st.one_of(st.just(""), s.plausible_date()), s.dates()),
    intended_impact=(st.one_of(st.just(""), s.plain_text()), s.text()),
    measure=(st.one_of(st.just(""), s.plain_text()), s.text()),
    version=(st.just(s.Pick("version")), s.version()),
)


@EXAMPLES
@given(posted=action, edit=st.booleans())
@example(posted={"objective": s.Pick("objective", 0), "ref": "2/3"}, edit=False)
@example(posted={"objective": s.Pick("objective", 0), "ref": "?#&=", "version": s.Pick("version")}, edit=True)
@example(posted={"objective": s.Pick("objective", 0), "ref": "2.1", "version": s.Pick("version")}, edit=True)
def test_action_form(as_manager, board, posted, edit):
    target = board.action
    base = f"/{board.plan.board.slug}/plan/{board.plan.slug}/actions/"
    with rolled_back():
        post_model_form(
            as_manager,
            f"{base}{target.ref}/edit/" if edit else f"{base}new/",
            posted,
            case="action",
            records=board.records,
            form=forms.ActionForm(instance=target if edit else None, plan=board.plan),
            saved=fresh(target) if edit else newest(Action),
            version=target.version,
            one_line=("ref",),
        )


@EXAMPLES
@given(
    version=st.one_of(st.just(s.Pick("version")), s.stale_version()),
    meanwhile=st.booleans(),
    measure=st.one_of(s.plain_text(), s.text()),
)
@example(version=s.Pick("version"), meanwhile=True, measure="Mine")
@example(version=None, meanwhile=False, measure="Mine")
@example(version=s.Pick("version", 1), meanwhile=False, measure="Mine")
def test_action_edit_never_overwrites_a_later_change(as_manager, manager, board, version, meanwhile, measure):
    """A form opened at one version: saved only at the stored one; someone else's change stays."""
    with rolled_back():
        action = Action.objects.get(pk=board.action.pk)
        data = resolve(
            {**action_as_it_is(action), "measure": measure, "version": version}, board.records, action.version
        )
        if meanwhile:
            action.measure = "Changed meanwhile"
            services.action_save(action=action, by=manager)
        current = Action.objects.get(pk=action.pk).version
        answer = submit(
            as_manager,
            f"/{board.plan.board.slug}/plan/{board.plan.slug}/actions/{action.ref}/edit/",
            data,
            case="action-stale",
        )
        if answer.saved:
            assert VersionField().clean(data.get("version")) == current, f"saved from {data.get('version')!r}"
        elif meanwhile:
            assert Action.objects.get(pk=action.pk).measure == "Changed meanwhile"


def action_as_it_is(action: Action) -> dict:
    """The edit form's fields as it opens for `action`."""
    return {
        "objective": str(action.objective_id),
        "ref": action.ref,
        "text": action.text,
        "by_whom": action.by_whom,
        "lead_group": str(action.lead_group_id or ""),
        "due_text": action.due_text,
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "intended_impact": action.intended_impact,
        "measure": action.measure,
    }


progress = s.form(
    rating=(st.sampled_from(["", "red", "amber", "green"]), s.choice(RATINGS)),
    note=(s.plain_text(), s.text()),
    day=(s.plausible_date(low=date(2026, 1, 1)), s.dates()),
    version=(st.just(s.Pick("version")), s.version()),
)


def check_progress(action: Action, data: dict, prefix: str, saved: bool) -> None:
    if not saved:
        return
    update = action.updates.order_by("-pk").first()
    assert update is not None
    assert update.note == data[f"{prefix}-note"].strip()
    assert update.rating == data.get(f"{prefix}-rating", "")
    assert update.date == date.fromisoformat(data[f"{prefix}-day"].strip())
    latest = action.updates.newest_first().first()
    assert Action.objects.get(pk=action.pk).rating == latest.rating


@EXAMPLES
@given(posted=progress, htmx=st.booleans(), which=st.sampled_from(["action", "other_action"]))
@example(
    posted={"rating": "blue", "note": "n", "day": "2026-11-01", "version": s.Pick("version")}, htmx=True, which="action"
)
@example(posted={"rating": "", "note": "\x00", "day": "0001-01-01", "version": "1e3"}, htmx=False, which="action")
@example(
    posted={"rating": "red", "note": "ok", "day": "9999-12-31", "version": s.Pick("version")}, htmx=True, which="action"
)
def test_progress(as_manager, board, posted, htmx, which):
    action = Action.objects.get(pk=getattr(board, which).pk)
    prefix = f"a{action.pk}"
    data = {f"{prefix}-{name}": value for name, value in resolve(posted, board.records, action.version).items()}
    with rolled_back():
        answer = submit(
            as_manager,
            f"/{board.plan.board.slug}/plan/{board.plan.slug}/actions/{action.ref}/progress/",
            data,
            case="progress-htmx" if htmx else "progress",
            htmx=htmx,
            saved_in_place=lambda response: bool(response.context and response.context.get("saved")),
        )
        check_progress(action, data, prefix, answer.saved)


@EXAMPLES
@given(
    posted=progress,
    since=st.one_of(st.just("2026-11-27"), s.dates()),
    step=st.one_of(st.sampled_from(["1", "2"]), s.integers()),
)
@example(
    posted={"rating": "red", "note": "n", "day": "2026-11-01", "version": s.Pick("version")},
    since="2026-11-27",
    step="3",
)
@example(
    posted={"rating": "red", "note": "n", "day": "2026-11-01", "version": s.Pick("version")},
    since="2026-11-27",
    step="x",
)
def test_review(as_manager, board, posted, since, step):
    with rolled_back():
        as_manager.get(f"/{board.plan.board.slug}/plan/{board.plan.slug}/review/", {"as_at": since, "restart": "1"})
        actions = {a.pk: a for a in Action.objects.filter(plan=board.plan)}
        # Whichever action the step lands on, the posted version and prefix are for the first one.
        action = actions[board.action.pk]
        prefix = f"a{action.pk}"
        data = {f"{prefix}-{name}": value for name, value in resolve(posted, board.records, action.version).items()}
        url = f"/{board.plan.board.slug}/plan/{board.plan.slug}/review/?as_at={since}&step={step}"
        answer = submit(as_manager, url, data, case="review")
        if answer.saved:
            assert sum(a.updates.count() for a in Action.objects.filter(plan=board.plan)) == 1
