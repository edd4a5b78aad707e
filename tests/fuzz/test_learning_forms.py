"""Fuzzing learning and assurance: reviews, recommendations (edits and dated updates), audits, a
stage's results, an audit's recommendations and the evidence register, each through its page."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from governance.models import Agency
from learning import forms, forms_audits, services
from learning.models import Audit as AuditModel
from learning.models import (
    AuditKind,
    Decision,
    EvidenceKind,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
    ReviewKind,
)
from learning.models import Evidence as EvidenceModel

from . import harness
from . import strategies as s
from .forms import post_model_form
from .harness import CASES, SAVED, Answer, bounded, check_one_line, resolve, rolled_back, row_counts, shown_errors

pytestmark = pytest.mark.django_db
EXAMPLES = bounded(10)
FUTURE = "2099-01-01"


def prefix(board) -> str:
    return f"/{board.review.board.slug}/learning"


def newest(model):
    return lambda answer: model.objects.order_by("-pk").first()


def fresh(record):
    return lambda answer: type(record).objects.get(pk=record.pk)


def kept_typed(answer: Answer, data: dict, fields) -> None:
    """A refused form shows again what was typed in its text fields."""
    if answer.saved:
        return
    content = answer.page.content.decode()
    for name in fields:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            assert escape(value) in content, f"lost what was typed in {name}: {value!r}"


def optional(strategy):
    return st.one_of(st.just(""), strategy)


def date_field(low=date(2015, 4, 1), high=date(2026, 11, 27)):
    return (optional(s.plausible_date(low, high)), s.dates())


def long_text_field():
    return (optional(s.plain_text()), s.text())


# --- reviews ------------------------------------------------------------------------------------

review = s.form(
    ref=(st.from_regex(r"\ARR-20[0-9]{2}-[0-9]{2}\Z"), s.one_line_text(35)),
    kind=(st.sampled_from(ReviewKind.values), s.choice(ReviewKind.values)),
    title=(s.plain_text(), s.one_line_text()),
    group=(optional(s.pick("group", 3)), s.reference("group")),
    notified_on=date_field(high=date(2025, 6, 30)),
    decision=(st.sampled_from(["", *Decision.values]), s.choice(Decision.values)),
    decided_on=date_field(low=date(2025, 7, 1), high=date(2025, 12, 31)),
    decision_reason=long_text_field(),
    started_on=date_field(low=date(2025, 7, 1), high=date(2025, 12, 31)),
    concluded_on=date_field(low=date(2026, 1, 1), high=date(2026, 3, 31)),
    published_on=(optional(st.just("2026-06-01")), s.dates()),
    findings=long_text_field(),
    version=(st.just(s.Pick("version")), s.version()),
)
REVIEW_TEXT = ("ref", "title", "decision_reason", "findings")


@EXAMPLES
@given(posted=review, edit=st.booleans())
@example(posted={"ref": "RR-2025-07", "kind": "rapid_review", "title": "Child H\r\nAdult D"}, edit=False)
@example(posted={"ref": "new", "kind": "rapid_review", "title": "Child K"}, edit=False)
@example(posted={"ref": "RR/2025", "kind": "rapid_review", "title": "Child K"}, edit=False)
@example(posted={"ref": "RR-2025-01", "kind": "rapid_review", "title": "Child K"}, edit=False)
@example(posted={"ref": "RR-2025-08\nforged", "kind": "rapid_review", "title": "Child K"}, edit=False)
@example(
    posted={
        "ref": "RR-2025-01",
        "kind": "rapid_review",
        "title": "Child H",
        "started_on": "2025-09-01",
        "concluded_on": "2025-08-01",
        "findings": "<script>alert(1)</script>",
        "version": s.Pick("version"),
    },
    edit=True,
)
@example(
    posted={"ref": "RR-2025-01", "kind": "rapid_review", "title": "Child H", "notified_on": FUTURE, "version": "7"},
    edit=True,
)
def test_review_form(as_manager, board, posted, edit):
    target = Review.objects.get(pk=board.review.pk)
    url = f"{prefix(board)}/reviews/{target.ref}/edit/" if edit else f"{prefix(board)}/reviews/new/"
    data = resolve(posted, board.records, target.version)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="review",
            records=board.records,
            form=forms.ReviewForm(instance=target if edit else None, board=target.board),
            saved=fresh(target) if edit else newest(Review),
            version=target.version,
            one_line=("ref", "title"),
        )
        kept_typed(answer, data, REVIEW_TEXT)


# --- recommendations ----------------------------------------------------------------------------

recommendation = s.form(
    ref=(st.from_regex(r"\A[1-9][0-9]?[a-c]?\Z"), s.one_line_text(25)),
    text=(s.plain_text(), s.text()),
    lead_agency=(optional(s.pick("agency", 3)), s.reference("agency")),
    lead_group=(optional(s.pick("group", 3)), s.reference("group")),
    due_date=(optional(st.sampled_from(["2026-03-31", "2027-03-31", FUTURE])), s.dates()),
    status=(st.sampled_from(RecommendationStatus.values), s.choice(RecommendationStatus.values)),
    decided_on=(s.plausible_date(), s.dates()),
    reason=(s.plain_text(), s.text()),
    evidence=long_text_field(),
    version=(st.just(s.Pick("version")), s.version()),
)
RECOMMENDATION_TEXT = ("ref", "text", "reason", "evidence")


@EXAMPLES
@given(posted=recommendation, target=st.sampled_from(["new", "recommendation", "audit_recommendation"]))
@example(posted={"ref": "2", "text": "Train staff", "status": "not_to_implement", "reason": " "}, target="new")
@example(
    posted={
        "ref": "1",
        "text": "Train staff",
        "status": "not_to_implement",
        "decided_on": "2026-01-05",
        "reason": "Superseded by the national guidance",
        "version": s.Pick("version"),
    },
    target="recommendation",
)
@example(
    posted={"ref": "1", "text": "t", "status": "implemented", "due_date": FUTURE, "version": s.Pick("version")},
    target="audit_recommendation",
)
@example(posted={"ref": "1", "text": "Duplicate reference", "status": "not_started"}, target="new")
@example(
    posted={
        "ref": "1",
        "text": "No reason given",
        "status": "not_to_implement",
        "decided_on": "2026-01-05",
        "version": s.Pick("version"),
    },
    target="audit_recommendation",
)
def test_recommendation_form(as_manager, board, posted, target):
    if target == "new":
        instance = Recommendation(review=board.review)
        url = f"{prefix(board)}/reviews/{board.review.ref}/recommendations/new/"
        saved, version = newest(Recommendation), None
    else:
        instance = Recommendation.objects.get(pk=getattr(board, target).pk)
        url = f"{prefix(board)}/recommendations/{instance.pk}/edit/"
        saved, version = fresh(instance), instance.version
    data = resolve(posted, board.records, version)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="recommendation",
            records=board.records,
            form=forms.RecommendationForm(instance=instance, board=board.review.board),
            saved=saved,
            version=version,
            one_line=("ref",),
        )
        kept_typed(answer, data, RECOMMENDATION_TEXT)
        if answer.saved:
            record = saved(answer)
            if record.status == RecommendationStatus.NOT_TO_IMPLEMENT:
                assert record.reason.strip() and record.decided_on


update = s.form(
    day=(s.plausible_date(low=date(2025, 4, 1), high=date(2026, 11, 27)), s.dates()),
    note=(s.plain_text(), s.text()),
    status=(st.sampled_from(["", *RecommendationStatus.values]), s.choice(RecommendationStatus.values)),
    reason=long_text_field(),
)


@bounded(15)
@given(posted=update, target=st.sampled_from(["recommendation", "audit_recommendation"]))
@example(posted={"day": "2026-01-05", "note": "Decided", "status": "not_to_implement"}, target="recommendation")
@example(
    posted={"day": "2026-01-05", "note": "Decided", "status": "not_to_implement", "reason": " "},
    target="recommendation",
)
@example(
    posted={"day": "2026-01-05", "note": "Decided", "status": "not_to_implement", "reason": "Superseded"},
    target="recommendation",
)
@example(posted={"day": "2026-01-05", "note": "Done", "status": "implemented"}, target="audit_recommendation")
@example(posted={"day": FUTURE, "note": "Will be done", "status": "implemented"}, target="recommendation")
@example(posted={"day": "9999-12-31", "note": "x", "status": ""}, target="recommendation")
@example(posted={"day": "2026-01-05", "note": "\x00", "status": "in_progress"}, target="recommendation")
@example(posted={"day": "2026-01-05", "note": "Moved", "status": "IMPLEMENTED"}, target="recommendation")
def test_recommendation_update(as_manager, board, posted, target):
    before = Recommendation.objects.get(pk=getattr(board, target).pk)
    updates_before = before.updates.count()
    url = f"{prefix(board)}/recommendations/{before.pk}/update/"
    data = resolve(posted, board.records)
    with rolled_back():
        answer = harness.submit(as_manager, url, data, case="recommendation update")
        kept_typed(answer, data, ("note", "reason"))
        if answer.saved:
            day = date.fromisoformat(data["day"].strip())
            assert day <= timezone.localdate(), f"an update dated in the future: {data!r}"
            after = Recommendation.objects.get(pk=before.pk)
            latest = after.updates.order_by("-pk").first()
            assert after.updates.count() == updates_before + 1
            assert (latest.date, latest.note, latest.status) == (day, data["note"].strip(), data["status"])
            status = data["status"] or before.status
            assert after.status == status
            if data["status"] and data["status"] != before.status:
                if status in (RecommendationStatus.IMPLEMENTED, RecommendationStatus.NOT_TO_IMPLEMENT):
                    assert after.decided_on == day
                if data.get("reason", "").strip():
                    assert after.reason == data["reason"].strip()
            if after.status == RecommendationStatus.NOT_TO_IMPLEMENT:
                assert after.reason.strip(), "not to be implemented, and no reason kept"
        else:
            assert RecommendationUpdate.objects.filter(recommendation=before).count() == updates_before


# --- audits -------------------------------------------------------------------------------------

audit = s.form(
    name=(s.plain_text(), s.one_line_text()),
    kind=(st.sampled_from(AuditKind.values), s.choice(AuditKind.values)),
    group=(optional(s.pick("group", 3)), s.reference("group")),
    agency=(optional(s.pick("agency", 3)), s.reference("agency")),
    started_on=date_field(high=date(2025, 12, 31)),
    completed_on=date_field(low=date(2025, 6, 1)),
    findings=long_text_field(),
    version=(st.just(s.Pick("version")), s.version()),
)


@EXAMPLES
@given(posted=audit, edit=st.booleans())
@example(posted={"name": "Section 11\u2028Forged", "kind": "section_11"}, edit=False)
@example(
    posted={
        "name": "Section 11 audit 2025",
        "kind": "section_11",
        "started_on": "2025-09-01",
        "completed_on": "2025-08-01",
        "version": s.Pick("version"),
    },
    edit=True,
)
@example(posted={"name": "=HYPERLINK(1)", "kind": "multi_agency", "version": s.Pick("version", -1)}, edit=True)
def test_audit_form(as_manager, board, posted, edit):
    target = AuditModel.objects.get(pk=board.audit.pk)
    url = f"{prefix(board)}/audits/{target.pk}/edit/" if edit else f"{prefix(board)}/audits/new/"
    data = resolve(posted, board.records, target.version)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="audit",
            records=board.records,
            form=forms_audits.AuditForm(instance=target if edit else None, board=target.board),
            saved=fresh(target) if edit else newest(AuditModel),
            version=target.version,
            one_line=("name",),
        )
        kept_typed(answer, data, ("name", "findings"))


audit_recommendation = s.form(
    ref=(st.from_regex(r"\A[2-9][0-9]?\Z"), s.one_line_text(25)),
    text=(s.plain_text(), s.text()),
    lead_agency=(optional(s.pick("agency", 3)), s.reference("agency")),
    lead_group=(optional(s.pick("group", 3)), s.reference("group")),
    due_date=(optional(st.sampled_from(["2026-03-31", FUTURE])), s.dates()),
)


@EXAMPLES
@given(posted=audit_recommendation)
@example(posted={"ref": "2\r\n3", "text": "Train"})
@example(posted={"ref": "1", "text": "Duplicate reference"})
@example(posted={"ref": "2", "text": "Far off", "due_date": "9999-12-31"})
def test_audit_recommendation_form(as_manager, board, posted):
    url = f"{prefix(board)}/audits/{board.audit.pk}/recommendations/new/"
    data = resolve(posted, board.records)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="audit recommendation",
            records=board.records,
            form=forms_audits.AuditRecommendationForm(audit=board.audit),
            saved=newest(Recommendation),
            one_line=("ref",),
        )
        kept_typed(answer, data, ("ref", "text"))
        if answer.saved:
            assert newest(Recommendation)(answer).audit_id == board.audit.pk


evidence = s.form(
    title=(s.plain_text(), s.one_line_text()),
    date=(s.plausible_date(), s.dates()),
    kind=(st.sampled_from(EvidenceKind.values), s.choice(EvidenceKind.values)),
    scope=(optional(s.plain_text()), s.one_line_text()),
    group=(optional(s.pick("group", 3)), s.reference("group")),
    agency=(optional(s.pick("agency", 3)), s.reference("agency")),
    note=long_text_field(),
)


@EXAMPLES
@given(posted=evidence, edit=st.booleans())
@example(posted={"title": "LADO report", "date": "2025-06-01", "kind": "report", "scope": "a\nb"}, edit=True)
@example(posted={"title": "LADO report", "date": FUTURE, "kind": "report"}, edit=False)
def test_evidence_form(as_manager, board, posted, edit):
    target = EvidenceModel.objects.get(pk=board.evidence.pk)
    url = f"{prefix(board)}/evidence/{target.pk}/edit/" if edit else f"{prefix(board)}/evidence/new/"
    data = resolve(posted, board.records)
    with rolled_back():
        answer = post_model_form(
            as_manager,
            url,
            posted,
            case="evidence",
            records=board.records,
            form=forms_audits.EvidenceForm(instance=target if edit else None, board=target.board),
            saved=fresh(target) if edit else newest(EvidenceModel),
            one_line=("title", "scope"),
        )
        kept_typed(answer, data, ("title", "scope", "note"))


# --- a stage's results --------------------------------------------------------------------------

COUNT = st.one_of(st.just(""), st.integers(0, 40).map(str))
plausible_row = st.fixed_dictionaries(
    {
        "agency": st.one_of(st.just(""), s.pick("agency", 3)),
        "standard": st.sampled_from(["", "1", "2 Leadership"]),
        "red": COUNT,
        "amber": COUNT,
        "green": COUNT,
        "none": COUNT,
    }
)
hostile_row = st.fixed_dictionaries(
    {
        "agency": st.one_of(st.just(""), s.pick("agency", 3), s.reference("agency")),
        "standard": st.one_of(st.just(""), st.sampled_from(["1", " 1 ", "2 Leadership"]), s.one_line_text(25)),
        "red": st.one_of(COUNT, s.integers()),
        "amber": st.one_of(COUNT, s.integers()),
        "green": COUNT,
        "none": st.one_of(COUNT, st.sampled_from(["-1", "100001", "1e3", "abc", "2147483648"])),
    }
)
# Half the time a stage a person might enter (a new one, or the stored one corrected), otherwise
# anything: a stage already taken, a stale or forged fingerprint, a forged row count, hostile rows.
stage = st.one_of(
    st.fixed_dictionaries(
        {
            "current": st.sampled_from(["", "Initial"]),
            "seen": st.just("right"),
            "stage": st.sampled_from(["After action", "Review", "Initial again"]),
            "date": s.plausible_date(low=date(2025, 6, 1)),
            "remove": st.sampled_from([None, None, None, None, "on"]),
            "rows": st.lists(plausible_row, min_size=1, max_size=4),
            "total": st.none(),
        }
    ),
    st.fixed_dictionaries(
        {
            "current": st.sampled_from(["", "", "Initial", "Initial", "Gone"]),
            "seen": st.sampled_from(["right", "right", "", "0" * 32, "tampered"]),
            "stage": st.one_of(st.sampled_from(["Initial", "After action", "Review"]), s.one_line_text(30)),
            "date": st.one_of(s.plausible_date(low=date(2025, 4, 1)), s.dates()),
            "remove": st.sampled_from([None, None, None, "on"]),
            "rows": st.lists(st.one_of(plausible_row, hostile_row), max_size=4),
            "total": st.sampled_from([None, None, None, "", "abc", "501", "-1"]),
        }
    ),
)


def results_errors(response) -> list[str]:
    """The page's messages, the rows' and the formset's too."""
    found = list(shown_errors(response))
    formset = (response.context or {}).get("formset") if response.context is not None else None
    if formset is not None:
        found += [str(e) for e in formset.non_form_errors()]
        for form in getattr(formset, "forms", []):
            found += [str(e) for errors in form.errors.values() for e in errors]
    content = response.content.decode()
    return [message for message in found if escape(message) in content]


def stage_data(posted, audit) -> dict:
    current = posted["current"]
    seen = posted["seen"]
    if seen == "right":
        seen = services.audit_stage_fingerprint(audit.results.filter(stage=current)) if current else ""
    data = {"current": current, "seen": seen, "stage": posted["stage"], "date": posted["date"]}
    if posted["remove"]:
        data["remove"] = posted["remove"]
    data["rows-TOTAL_FORMS"] = str(len(posted["rows"])) if posted["total"] is None else posted["total"]
    data["rows-INITIAL_FORMS"] = "0"
    return data


@bounded(20)
@given(posted=stage)
@example(
    posted={
        "current": "",
        "seen": "",
        "stage": "After action",
        "date": "2025-09-01",
        "remove": None,
        "rows": [
            {"agency": "", "standard": "1", "red": "1", "amber": "", "green": "3", "none": ""},
            {"agency": "", "standard": " 1 ", "red": "2", "amber": "", "green": "", "none": ""},
        ],
        "total": None,
    }
)
@example(
    posted={
        "current": "Initial",
        "seen": "right",
        "stage": "Initial",
        "date": "2025-06-01",
        "remove": None,
        "rows": [
            {"agency": s.Pick("agency", 1), "standard": "", "red": "4", "amber": "", "green": "", "none": ""},
            {"agency": "", "standard": "", "red": "-3", "amber": "9" * 30, "green": "NaN", "none": "x"},
        ],
        "total": None,
    }
)
@example(
    posted={
        "current": "",
        "seen": "",
        "stage": "Later",
        "date": FUTURE,
        "remove": None,
        "rows": [{"agency": "", "standard": "", "red": "1", "amber": "", "green": "", "none": ""}],
        "total": None,
    }
)
@example(
    posted={
        "current": "Initial",
        "seen": "right",
        "stage": "Initial",
        "date": "2025-06-01",
        "remove": "on",
        "rows": [],
        "total": None,
    }
)
@example(
    posted={
        "current": "",
        "seen": "",
        "stage": "Blank",
        "date": "2025-06-01",
        "remove": None,
        "rows": [{"agency": "", "standard": "", "red": "0", "amber": "", "green": "", "none": ""}],
        "total": "100000",
    }
)
def test_audit_results(as_manager, board, posted):
    audit = AuditModel.objects.get(pk=board.audit.pk)
    url = f"{prefix(board)}/audits/{audit.pk}/results/"
    data = stage_data(posted, audit)
    for number, values in enumerate(posted["rows"]):
        for name, value in resolve(values, board.records).items():
            data[f"rows-{number}-{name}"] = value
    other_stages = Counter(
        (r.stage, r.agency_id, r.standard, r.judgement, r.count) for r in audit.results.exclude(stage=posted["current"])
    )
    with rolled_back():
        CASES["audit results"] += 1
        before = row_counts()
        response = as_manager.post(url, data)
        assert response.status_code < 500
        if response.status_code == 302:
            SAVED["audit results"] += 1
            page = as_manager.get(response["Location"])
            assert page.status_code == 200
            stored = audit.results.all()
            left = Counter(
                (r.stage, r.agency_id, r.standard, r.judgement, r.count)
                for r in stored.exclude(stage=posted["current"])
            )
            if data.get("remove") and posted["current"]:
                assert not stored.filter(stage=posted["current"]).exists()
                assert left == other_stages
                return
            name = posted["stage"].strip()
            assert "\n" not in name and "\r" not in name
            assert left - Counter({k: v for k, v in left.items() if k[0] == name}) == other_stages
            formset = forms_audits.ResultRowFormSet(data, prefix="rows", agencies=Agency.objects.order_by("name"))
            assert formset.is_valid()
            expected = {
                (agency.pk if agency else None, standard, judgement): count
                for (agency, standard), counts in formset.entered().items()
                for judgement, count in counts.items()
                if count
            }
            mine = stored.filter(stage=name)
            actual = {(r.agency_id, r.standard, r.judgement): r.count for r in mine}
            assert actual == expected, f"stored {actual!r}, posted {data!r}"
            assert {r.date for r in mine} == {date.fromisoformat(posted["date"].strip())}
            assert all(r.date <= timezone.localdate() for r in mine)
        else:
            assert response.status_code in (200, 400), response.status_code
            assert results_errors(response), f"refused without a visible message: {data!r}"
            assert row_counts() == before, f"a refused stage changed the database: {data!r}"
            check_one_line(Answer(False, response, response), data, ["stage"])
            fields = ["stage"] + [f"rows-{n}-standard" for n in range(len(posted["rows"]))]
            if response.context.get("formset") is not None and response.context["formset"].forms:
                kept_typed(Answer(False, response, response), data, fields)
            else:
                kept_typed(Answer(False, response, response), data, ["stage"])
