"""The permission matrix: every URL of the app, for anonymous visitors and every role, with the answer expected.

The URLs come from the URLconf itself, so a new view without an entry here fails
(`add <name> to the permission matrix`) until someone decides who may open it. Object scope is
tested by swapping ids: a sub-group chair's own group against another group.

Users who must use two-factor sign-in have a session that has used it (tests/conftest.py):
the matrix tests permissions; tests/test_two_factor.py tests the second step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from lscb.models import WorkbookImport
from lscb.years import ReportingYear
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    AuditFactory,
    BoardFactory,
    BoardRoleFactory,
    ChallengeFactory,
    GroupFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeetingFactory,
    MembershipFactory,
    ObjectiveFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    RecommendationFactory,
    ReviewFactory,
    TOTPDeviceFactory,
    TrainingEventFactory,
    UserFactory,
    default_board,
)
from yearend.models import SignedReport

pytestmark = pytest.mark.django_db

# --- what a request can come to ---------------------------------------------------------------

OK = "200"
DENIED = "403"
MISSING = "404"
BAD_INPUT = "400"
SIGN_IN = "redirect to sign-in"
TWO_FACTOR = "redirect to two-factor"
REDIRECT = "redirect elsewhere"

# Anonymous, each role, and a signed-in user who holds no role yet.
WHO = ["anonymous", "manager", "chair", "subchair", "member", "norole"]


def outcome(response) -> str:
    # htmx requests are sent on with HX-Redirect (the whole page goes there), others with a 302.
    location = response.headers.get("HX-Redirect") or response.headers.get("Location")
    if response.status_code in (301, 302) or response.headers.get("HX-Redirect"):
        if location.startswith(reverse("login")):
            return SIGN_IN
        if location.startswith("/account/two-factor/"):
            return TWO_FACTOR
        return REDIRECT
    return str(response.status_code)


def access(manager, chair, subchair, member, *, norole=DENIED, anonymous=SIGN_IN) -> dict[str, str]:
    return {
        "anonymous": anonymous,
        "manager": manager,
        "chair": chair,
        "subchair": subchair,
        "member": member,
        "norole": norole,
    }


# The rules of lscb.permissions, as the roles hold them.
READ = access(OK, OK, OK, OK)  # every role reads
MANAGE = access(OK, DENIED, DENIED, DENIED)  # the business manager sets up and restructures
WRITE = access(OK, OK, DENIED, DENIED)  # the chair and the business manager write challenges and the narrative
# Recording a meeting, rating an action: any for the business manager, only their own group's for a
# sub-group chair (the kwargs below pick their own group; test_object_scope swaps it for another).
SCOPED = access(OK, DENIED, OK, DENIED)
SCOPED_REDIRECT = access(REDIRECT, DENIED, REDIRECT, DENIED)
REDIRECT_READ = access(REDIRECT, REDIRECT, REDIRECT, REDIRECT)  # e.g. "this year's calendar"
SIGN_OFF = access(DENIED, OK, DENIED, DENIED)  # only the independent chair signs the annual report off
REOPEN = access(OK, OK, DENIED, DENIED)  # the chair or the business manager reopens it
IMPORT = access(OK, DENIED, DENIED, DENIED)
IMPORT_REDIRECT = access(REDIRECT, DENIED, DENIED, DENIED)


@dataclass(frozen=True)
class Spec:
    """One URL: how to fill its parameters from the records, and what each caller gets."""

    kwargs: Callable[[dict], dict]
    expect: dict[str, str]
    method: str = "get"
    headers: dict[str, str] = field(default_factory=dict)


def none(records: dict) -> dict:
    return {}


def pk(key: str) -> Callable[[dict], dict]:
    return lambda records: {"pk": records[key].pk}


def paper_of(key: str) -> Callable[[dict], dict]:
    """A meeting's paper (a file), made when the URL is first asked for."""

    def kwargs(records: dict) -> dict:
        from django.core.files.base import ContentFile

        from governance.models import MeetingPaper

        meeting = records[key]
        paper = meeting.papers.first() or MeetingPaper.objects.create(
            meeting=meeting, file=ContentFile(b"%PDF-1.4 agenda", name="agenda.pdf"), file_name="agenda.pdf"
        )
        return {"pk": meeting.pk, "paper": paper.pk}

    return kwargs


def review_ref(key: str) -> Callable[[dict], dict]:
    return lambda records: {"ref": records[key].ref}


def plan(**extra) -> Callable[[dict], dict]:
    return lambda records: {
        "slug": records["plan"].slug,
        **{k: v(records) if callable(v) else v for k, v in extra.items()},
    }


YEAR = {"year": "2025-26"}
HTMX = {"HX-Request": "true"}

MATRIX: dict[str, Spec] = {
    # --- the shell: signing in and out, the second step, public pages -------------------------
    # The list of boards: with one board, every reader is sent on to it; no role, no board listed.
    "home": Spec(none, access(REDIRECT, REDIRECT, REDIRECT, REDIRECT, norole=OK)),
    "board-home": Spec(none, READ),
    # A signed-in user is sent on from the sign-in page (redirect_authenticated_user).
    "login": Spec(none, access(REDIRECT, REDIRECT, REDIRECT, REDIRECT, norole=REDIRECT, anonymous=OK)),
    "logout": Spec(none, access(SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN, norole=SIGN_IN), method="post"),
    "privacy": Spec(none, access(OK, OK, OK, OK, norole=OK, anonymous=OK)),
    # Everyone signed in changes their own password (and only their own: it has no parameter).
    "password-change": Spec(none, access(OK, OK, OK, OK, norole=OK)),
    # Manager and chair have an app (required for them); the others may set one up.
    "account:two-factor": Spec(none, access(OK, OK, OK, OK, norole=OK)),
    # The QR code exists only while an app is being set up: never again for one already set up.
    "account:two-factor-qr": Spec(none, access(MISSING, MISSING, OK, OK, norole=OK)),
    # Already verified: sent on; no app yet: sent to set one up.
    "account:two-factor-verify": Spec(none, access(REDIRECT, REDIRECT, TWO_FACTOR, TWO_FACTOR, norole=TWO_FACTOR)),
    "account:backup-codes": Spec(none, access(OK, OK, TWO_FACTOR, TWO_FACTOR, norole=TWO_FACTOR), method="post"),
    "history": Spec(
        lambda records: {"app_label": "governance", "model_name": "meeting", "pk": records["other_meeting"].pk}, READ
    ),
    # --- governance -------------------------------------------------------------------------
    "governance:structure": Spec(none, READ),
    "governance:group-list": Spec(none, READ),
    "governance:group-create": Spec(none, MANAGE),
    "governance:group-detail": Spec(pk("other_group"), READ),
    "governance:group-edit": Spec(pk("other_group"), MANAGE),
    "governance:group-schedule": Spec(pk("other_group"), MANAGE),
    "governance:agency-list": Spec(none, READ),
    "governance:agency-create": Spec(none, MANAGE),
    "governance:agency-detail": Spec(pk("agency"), READ),
    "governance:agency-edit": Spec(pk("agency"), MANAGE),
    "governance:person-list": Spec(none, READ),
    "governance:person-create": Spec(none, MANAGE),
    "governance:person-detail": Spec(pk("person"), READ),
    "governance:person-edit": Spec(pk("person"), MANAGE),
    "governance:membership-list": Spec(none, READ),
    "governance:membership-create": Spec(none, MANAGE),
    "governance:membership-edit": Spec(pk("membership"), MANAGE),
    "governance:calendar-current": Spec(none, REDIRECT_READ),
    "governance:calendar": Spec(lambda records: YEAR, READ),
    # A sub-group chair adds, moves and deletes their own groups' meetings (test_object_scope swaps the group).
    "governance:meeting-create": Spec(none, SCOPED),
    "governance:meeting-detail": Spec(pk("other_meeting"), READ),
    "governance:meeting-edit": Spec(pk("own_meeting"), SCOPED),
    "governance:meeting-delete": Spec(pk("own_meeting"), SCOPED),
    "governance:meeting-record": Spec(pk("own_meeting"), SCOPED),
    "governance:meeting-guest-search": Spec(pk("own_meeting"), SCOPED),
    "governance:meeting-guest-row": Spec(
        lambda records: {"pk": records["own_meeting"].pk, "person": records["person"].pk}, SCOPED
    ),
    "governance:meeting-cancel": Spec(pk("own_meeting"), SCOPED),
    "governance:meeting-reinstate": Spec(pk("own_meeting"), SCOPED_REDIRECT, method="post"),
    # A meeting's papers: read with the meeting, added and removed by those who record it.
    "governance:paper-create": Spec(pk("own_meeting"), SCOPED),
    "governance:paper-download": Spec(paper_of("other_meeting"), READ),
    "governance:paper-remove": Spec(paper_of("own_meeting"), SCOPED_REDIRECT, method="post"),
    "governance:attendance-current": Spec(none, REDIRECT_READ),
    "governance:attendance": Spec(lambda records: YEAR, READ),
    # --- business plan ----------------------------------------------------------------------
    "businessplan:plan-list": Spec(none, READ),
    "businessplan:plan-create": Spec(none, MANAGE),
    "businessplan:plan-detail": Spec(plan(), READ),
    "businessplan:plan-edit": Spec(plan(), MANAGE),
    "businessplan:plan-export": Spec(plan(fmt="xlsx"), READ),
    # Review mode rates actions: the business manager, and a sub-group chair for their group's.
    "businessplan:review": Spec(plan(), SCOPED),
    "businessplan:changes": Spec(plan(), READ),
    "businessplan:priority-create": Spec(plan(), MANAGE),
    "businessplan:priority-edit": Spec(plan(number=1), MANAGE),
    "businessplan:objective-create": Spec(plan(), MANAGE),
    "businessplan:objective-edit": Spec(plan(pk=lambda records: records["objective"].pk), MANAGE),
    "businessplan:action-create": Spec(plan(), MANAGE),
    "businessplan:action-detail": Spec(plan(ref="1.1"), READ),
    "businessplan:action-edit": Spec(plan(ref="1.1"), MANAGE),
    # The form in place of the action's row (htmx); the action is led by the sub-group chair's group.
    "businessplan:action-progress": Spec(plan(ref="1.1"), SCOPED, headers=HTMX),
    # --- challenge log ----------------------------------------------------------------------
    "challengelog:challenge-list": Spec(none, READ),
    "challengelog:challenge-create": Spec(none, WRITE),
    "challengelog:agency-record": Spec(pk("agency"), READ),
    "challengelog:challenge-detail": Spec(lambda records: {"ref": records["challenge"].ref}, READ),
    "challengelog:challenge-edit": Spec(lambda records: {"ref": records["challenge"].ref}, WRITE),
    # An empty note is refused by the form (400), but only after the rule let the writer in.
    "challengelog:challenge-step": Spec(
        lambda records: {"ref": records["challenge"].ref, "step": "note"},
        access(BAD_INPUT, BAD_INPUT, DENIED, DENIED),
        method="post",
    ),
    # --- learning: reviews and recommendations --------------------------------------------
    "learning:review-list": Spec(none, READ),
    "learning:review-create": Spec(none, MANAGE),
    # A review overseen by the sub-group chair's group (made here: the records above have none).
    "learning:review-detail": Spec(
        lambda records: {
            "ref": records["own_group"]
            .reviews.get_or_create(
                board=records["board"], ref="RR-2025-01", defaults={"kind": "rapid_review", "title": "Child H"}
            )[0]
            .ref
        },
        READ,
    ),
    # The chair of the overseeing group edits it and its recommendations; the board's chair chairs no group here.
    "learning:review-edit": Spec(
        lambda records: {
            "ref": records["own_group"]
            .reviews.get_or_create(
                board=records["board"], ref="RR-2025-01", defaults={"kind": "rapid_review", "title": "Child H"}
            )[0]
            .ref
        },
        SCOPED,
    ),
    "learning:recommendation-create": Spec(
        lambda records: {
            "ref": records["own_group"]
            .reviews.get_or_create(
                board=records["board"], ref="RR-2025-01", defaults={"kind": "rapid_review", "title": "Child H"}
            )[0]
            .ref
        },
        SCOPED,
    ),
    "learning:recommendation-edit": Spec(
        lambda records: {
            "pk": records["own_group"]
            .reviews.get_or_create(
                board=records["board"], ref="RR-2025-01", defaults={"kind": "rapid_review", "title": "Child H"}
            )[0]
            .recommendations.get_or_create(ref="1", defaults={"text": "Audit the use of the escalation policy."})[0]
            .pk
        },
        SCOPED,
    ),
    "learning:recommendation-update": Spec(
        lambda records: {
            "pk": records["own_group"]
            .reviews.get_or_create(
                board=records["board"], ref="RR-2025-01", defaults={"kind": "rapid_review", "title": "Child H"}
            )[0]
            .recommendations.get_or_create(ref="1", defaults={"text": "Audit the use of the escalation policy."})[0]
            .pk
        },
        SCOPED,
    ),
    # --- learning: audits and evidence ------------------------------------------------------
    "learning:audit-list": Spec(none, READ),
    "learning:audit-create": Spec(none, MANAGE),
    # The sub-group chair's group runs the audit (made once per records, through the group's own
    # related manager); the chair of the board chairs no group, so edits no audit.
    "learning:audit-detail": Spec(
        (
            own_audit := lambda records: {
                "pk": records["own_group"]
                .audits.get_or_create(
                    board=records["board"], name="Section 11 audit 2025", defaults={"kind": "section_11"}
                )[0]
                .pk
            }
        ),
        READ,
    ),
    "learning:audit-edit": Spec(own_audit, SCOPED),
    "learning:audit-results": Spec(own_audit, SCOPED),
    "learning:audit-recommendation-create": Spec(own_audit, SCOPED),
    "learning:evidence-list": Spec(none, READ),
    "learning:evidence-create": Spec(none, MANAGE),
    "learning:evidence-edit": Spec(
        lambda records: {
            "pk": records["own_group"]
            .evidence.get_or_create(
                board=records["board"], title="LADO annual report", date=date(2025, 6, 1), defaults={"kind": "report"}
            )[0]
            .pk
        },
        MANAGE,
    ),
    # --- dataset ----------------------------------------------------------------------------
    "dataset:indicator-list": Spec(none, READ),
    "dataset:indicator-detail": Spec(pk("indicator"), READ),
    "dataset:indicator-create": Spec(none, MANAGE),
    "dataset:indicator-edit": Spec(pk("indicator"), MANAGE),
    "dataset:value-create": Spec(lambda records: {"indicator": records["indicator"].pk}, MANAGE),
    "dataset:value-edit": Spec(
        lambda records: {"indicator": records["indicator_value"].indicator_id, "pk": records["indicator_value"].pk},
        MANAGE,
    ),
    "dataset:value-delete": Spec(
        lambda records: {"indicator": records["indicator_value"].indicator_id, "pk": records["indicator_value"].pk},
        MANAGE,
    ),
    "dataset:sitting": Spec(none, MANAGE),
    # --- training ---------------------------------------------------------------------------
    "training:event-list": Spec(none, READ),
    "training:event-detail": Spec(pk("training_event"), READ),
    "training:event-create": Spec(none, MANAGE),
    "training:event-edit": Spec(pk("training_event"), MANAGE),
    "training:event-attendance": Spec(pk("training_event"), MANAGE),
    "training:event-delete": Spec(pk("training_event"), MANAGE),
    "training:by-agency": Spec(none, READ),
    # --- money ------------------------------------------------------------------------------
    "finance:budget": Spec(none, READ),
    "finance:line-list": Spec(none, READ),
    "finance:lines-edit": Spec(lambda records: {**YEAR, "kind": "expenditure"}, MANAGE),
    "finance:contributions-edit": Spec(lambda records: YEAR, MANAGE),
    # --- year-end ---------------------------------------------------------------------------
    "yearend:index": Spec(none, READ),
    "yearend:report": Spec(lambda records: YEAR, READ),
    "yearend:report-file": Spec(lambda records: {**YEAR, "fmt": "docx"}, READ),
    "yearend:summary-json": Spec(lambda records: YEAR, READ),
    "yearend:narrative": Spec(lambda records: {**YEAR, "section": "introduction"}, WRITE),
    # The confirmation page (a year that has ended, not signed off yet); the POST is tested in tests/yearend.
    "yearend:sign-off": Spec(lambda records: YEAR, SIGN_OFF),
    # The year before was signed off (the board below); reopening it asks why.
    "yearend:reopen": Spec(lambda records: {"year": records["signed"].year}, REOPEN),
    # --- the board workbook -----------------------------------------------------------------
    "workbook:import": Spec(none, IMPORT),
    # Nothing uploaded yet: the business manager is sent back to the upload form.
    "workbook:import-preview": Spec(none, IMPORT_REDIRECT),
    "workbook:import-confirm": Spec(none, IMPORT_REDIRECT, method="post"),
    # A large workbook the business manager uploaded: theirs to see, confirm or discard.
    "workbook:import-job": Spec(pk("import_job"), IMPORT),
    "workbook:import-job-confirm": Spec(pk("import_job"), IMPORT_REDIRECT, method="post"),
    "workbook:import-job-discard": Spec(pk("import_job"), IMPORT_REDIRECT, method="post"),
    "workbook:import-discard": Spec(none, IMPORT_REDIRECT, method="post"),
    "workbook:export": Spec(none, READ),
}
# "Business plan" in the menu: with one active plan (the records' plan), readers are sent straight to
# it; the business manager keeps the list of plans.
MATRIX["businessplan:plan-list"] = Spec(none, access(OK, REDIRECT, REDIRECT, REDIRECT))

# Django protects its admin itself (staff only, and staff must use two-factor sign-in).
SKIPPED_PREFIXES = ("admin/", "static/")


def url_names(resolver=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(name, route) of every URL pattern, through every include()."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            found += url_names(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append((name or f"(unnamed: /{route})", route))
    return found


URLS = url_names()
BOARD_PAGES = {name for name, route in URLS if route.startswith("<slug:board>/")}


def url_for(name: str, kwargs: dict, board) -> str:
    """The URL, under `board`'s address when it is one of a board's pages."""
    return reverse(name, kwargs={"board": board.slug, **kwargs} if name in BOARD_PAGES else kwargs)


# --- the records the URLs are about --------------------------------------------------------------


@pytest.fixture
def records(chaired_group, manager, chair, subgroup_chair, board_member):
    """The board's records (not the `board` fixture: the fuzzers' conftest has a `board` of its own).
    A little of everything; `own_*` belong to the sub-group chair's group, `other_*` to another."""
    board = default_board()
    other_group = GroupFactory(name="Training and Workforce Development")
    agency = AgencyFactory(name="Northmoor Constabulary")
    person = PersonFactory(agency=agency)
    plan = PlanFactory(title="Business Plan 2025-27", slug="2025-27", start=date(2025, 4, 1), end=date(2027, 3, 31))
    objective = ObjectiveFactory(priority=PriorityFactory(plan=plan, number=1), text="Know neglect early")
    day = ReportingYear.current().start
    signed = SignedReport.objects.create(
        board=board,
        year="2024-25",
        signed_by=chair,
        signed_by_name="Chair",
        signed_at=timezone.now(),
        html="<p>Signed off.</p>",
        print_html="<p>Signed off.</p>",
        pdf=b"%PDF-",
        docx=b"",
        summary="{}",
        digest="0" * 64,
    )
    # Learning records overseen by the sub-group chair's group and by another (the MATRIX entries
    # above find the own ones by the same reference and name).
    own_review = ReviewFactory(board=board, group=chaired_group, ref="RR-2025-01", title="Child H")
    other_review = ReviewFactory(board=board, group=other_group, ref="RR-2025-02", title="Child J")
    own_audit = AuditFactory(board=board, group=chaired_group, name="Section 11 audit 2025")
    other_audit = AuditFactory(board=board, group=other_group, name="Section 175 audit 2025", kind="section_175")
    return {
        "board": board,
        "signed": signed,
        "own_group": chaired_group,
        "other_group": other_group,
        "agency": agency,
        "person": person,
        "membership": MembershipFactory(group=other_group, person=person),
        "own_meeting": MeetingFactory(group=chaired_group, date=day),
        "other_meeting": MeetingFactory(group=other_group, date=day),
        "plan": plan,
        "objective": objective,
        "own_action": ActionFactory(objective=objective, ref="1.1", lead_group=chaired_group),
        "other_action": ActionFactory(objective=objective, ref="1.2", lead_group=other_group),
        "challenge": ChallengeFactory(agency=agency),
        "own_review": own_review,
        "other_review": other_review,
        "own_review_recommendation": RecommendationFactory(
            review=own_review, ref="1", text="Audit the use of the escalation policy."
        ),
        "other_review_recommendation": RecommendationFactory(review=other_review, ref="1"),
        "own_audit": own_audit,
        "other_audit": other_audit,
        "own_audit_recommendation": RecommendationFactory(review=None, audit=own_audit, ref="1"),
        "other_audit_recommendation": RecommendationFactory(review=None, audit=other_audit, ref="1"),
        "indicator": IndicatorFactory(board=board, name="Missing episodes"),
        "import_job": WorkbookImport.objects.create(
            board=board, user=manager, name="board.xlsx", content=b"", status=WorkbookImport.Status.CHECKED, result=""
        ),
        "indicator_value": IndicatorValueFactory(indicator__board=board, indicator__name="Referrals"),
        "training_event": TrainingEventFactory(board=board, title="Neglect: the graded care profile"),
        "users": {
            "anonymous": None,
            "manager": manager,
            "chair": chair,
            "subchair": subgroup_chair,
            "member": board_member,
            "norole": UserFactory(username="norole"),
        },
    }


def answers(client_for, users: dict, url: str, spec: Spec) -> dict[str, str]:
    """What each caller gets at `url`."""
    got = {}
    for who in WHO:
        client = client_for(users[who])
        send = client.post if spec.method == "post" else client.get
        got[who] = outcome(send(url, headers=spec.headers))
    return got


def mismatches(url: str, expected: dict[str, str], got: dict[str, str]) -> list[str]:
    return [f"{url} as {who}: expected {expected[who]}, got {got[who]}" for who in WHO if got[who] != expected[who]]


# --- the matrix ----------------------------------------------------------------------------------


def test_every_url_pattern_is_in_the_matrix():
    missing = [name for name, _ in URLS if name not in MATRIX]
    assert not missing, "\n".join(
        f"add {name} to the permission matrix (tests/test_permission_matrix.py): who may open it?" for name in missing
    )


def test_the_matrix_names_no_url_that_is_gone():
    gone = sorted(set(MATRIX) - {name for name, _ in URLS})
    assert not gone, f"remove from the permission matrix, no such URL any more: {', '.join(gone)}"


@pytest.mark.parametrize(("name", "route"), URLS, ids=[name for name, _ in URLS])
def test_permission_matrix(client_for, records, matrix_tally, name, route):
    spec = MATRIX.get(name)
    if spec is None:
        pytest.fail(f"add {name} to the permission matrix (tests/test_permission_matrix.py): who may open /{route}?")
    url = url_for(name, spec.kwargs(records), records["board"])
    got = answers(client_for, records["users"], url, spec)
    matrix_tally.append(("matrix", name, len(got)))
    wrong = mismatches(url, spec.expect, got)
    assert not wrong, "\n".join(wrong)


# --- object scope: the same URL with another group's id ------------------------------------------

SWAPS = [
    # (url name, kwargs for the sub-group chair's own record, the same for another group's, method, headers)
    ("governance:meeting-record", pk("own_meeting"), pk("other_meeting"), "get", {}),
    ("governance:meeting-guest-search", pk("own_meeting"), pk("other_meeting"), "get", HTMX),
    ("governance:meeting-cancel", pk("own_meeting"), pk("other_meeting"), "get", {}),
    ("governance:meeting-reinstate", pk("own_meeting"), pk("other_meeting"), "post", {}),
    ("governance:meeting-edit", pk("own_meeting"), pk("other_meeting"), "get", {}),
    ("governance:meeting-edit", pk("own_meeting"), pk("other_meeting"), "post", {}),
    ("governance:meeting-delete", pk("own_meeting"), pk("other_meeting"), "get", {}),
    ("governance:paper-create", pk("own_meeting"), pk("other_meeting"), "get", {}),
    ("governance:paper-remove", paper_of("own_meeting"), paper_of("other_meeting"), "post", {}),
    ("businessplan:action-progress", plan(ref="1.1"), plan(ref="1.2"), "get", HTMX),
    ("businessplan:action-progress", plan(ref="1.1"), plan(ref="1.2"), "post", HTMX),
    # Learning: the review or audit the sub-group chair's group oversees, and another group's.
    ("learning:review-edit", review_ref("own_review"), review_ref("other_review"), "get", {}),
    ("learning:review-edit", review_ref("own_review"), review_ref("other_review"), "post", {}),
    ("learning:recommendation-create", review_ref("own_review"), review_ref("other_review"), "get", {}),
    ("learning:recommendation-create", review_ref("own_review"), review_ref("other_review"), "post", {}),
    ("learning:recommendation-edit", pk("own_review_recommendation"), pk("other_review_recommendation"), "get", {}),
    ("learning:recommendation-edit", pk("own_review_recommendation"), pk("other_review_recommendation"), "post", {}),
    ("learning:recommendation-update", pk("own_review_recommendation"), pk("other_review_recommendation"), "get", {}),
    ("learning:recommendation-update", pk("own_review_recommendation"), pk("other_review_recommendation"), "post", {}),
    # An audit's recommendation is edited and updated on the same pages, decided against its audit.
    ("learning:recommendation-edit", pk("own_audit_recommendation"), pk("other_audit_recommendation"), "get", {}),
    ("learning:recommendation-update", pk("own_audit_recommendation"), pk("other_audit_recommendation"), "post", {}),
    ("learning:audit-edit", pk("own_audit"), pk("other_audit"), "get", {}),
    ("learning:audit-edit", pk("own_audit"), pk("other_audit"), "post", {}),
    ("learning:audit-results", pk("own_audit"), pk("other_audit"), "get", {}),
    ("learning:audit-results", pk("own_audit"), pk("other_audit"), "post", {}),
    ("learning:audit-recommendation-create", pk("own_audit"), pk("other_audit"), "get", {}),
    ("learning:audit-recommendation-create", pk("own_audit"), pk("other_audit"), "post", {}),
]


@pytest.mark.parametrize(("name", "own", "other", "method", "headers"), SWAPS, ids=[f"{s[0]}-{s[3]}" for s in SWAPS])
def test_a_subgroup_chair_reaches_their_own_groups_record_and_not_another_groups(
    client_for, records, matrix_tally, name, own, other, method, headers
):
    board = records["board"]
    client = client_for(records["users"]["subchair"])
    send = client.post if method == "post" else client.get
    own_answer = outcome(send(url_for(name, own(records), board), headers=headers))
    other_answer = outcome(send(url_for(name, other(records), board), headers=headers))
    matrix_tally.append(("scope", name, 3))
    assert own_answer != DENIED, f"{name}: the sub-group chair is refused their own group's record"
    assert other_answer == DENIED, f"{name}: the sub-group chair reached another group's record ({other_answer})"
    # The business manager reaches both.
    manager = client_for(records["users"]["manager"])
    send = manager.post if method == "post" else manager.get
    assert outcome(send(url_for(name, other(records), board), headers=headers)) != DENIED


# --- the second step of signing in guards every URL ----------------------------------------------

# What a user who still owes the second step may open; every other URL sends them to it.
BEFORE_SECOND_STEP = {
    "login": REDIRECT,
    "logout": SIGN_IN,
    "privacy": OK,
    "account:two-factor": None,  # the set-up page, or (with an app) on to the code page: per case below
    "account:two-factor-qr": None,
    "account:two-factor-verify": None,
}


@pytest.mark.parametrize("case", ["manager without an app", "chair with an app, no code yet", "staff without a role"])
def test_who_owes_the_second_step_reaches_no_url_but_that_step(client, records, matrix_tally, case):
    if case == "manager without an app":
        user, own_pages = records["users"]["manager"], {"account:two-factor": OK, "account:two-factor-qr": OK}
        own_pages["account:two-factor-verify"] = TWO_FACTOR
    elif case == "chair with an app, no code yet":
        user = records["users"]["chair"]
        TOTPDeviceFactory(user=user)
        own_pages = {
            "account:two-factor": TWO_FACTOR,
            "account:two-factor-qr": MISSING,
            "account:two-factor-verify": OK,
        }
    else:
        user = UserFactory(username="staff", is_staff=True)
        own_pages = {"account:two-factor": OK, "account:two-factor-qr": OK, "account:two-factor-verify": TWO_FACTOR}
    wrong = []
    for name, _ in URLS:
        spec = MATRIX[name]
        expected = own_pages.get(name) or BEFORE_SECOND_STEP.get(name) or TWO_FACTOR
        client.force_login(user)
        send = client.post if spec.method == "post" else client.get
        url = url_for(name, spec.kwargs(records), records["board"])
        got = outcome(send(url, headers=spec.headers))
        if got != expected:
            wrong.append(f"{url} ({case}): expected {expected}, got {got}")
    matrix_tally.append(("two-factor", case, len(URLS)))
    assert not wrong, "\n".join(wrong)


# --- board scope: a role held for one board opens nothing of another's -----------------------------


@pytest.mark.parametrize("role", ["manager", "chair", "subchair", "member"])
def test_a_role_for_another_board_opens_none_of_this_boards_pages(client_for, records, matrix_tally, role):
    """Each role, held for the adults' board only, meets this board's pages as someone without a role
    would (the sub-group chair's person still chairs a group here: the role is what is missing)."""
    from lscb import roles

    role_name = {
        "manager": roles.BUSINESS_MANAGER,
        "chair": roles.CHAIR,
        "subchair": roles.SUBGROUP_CHAIR,
        "member": roles.BOARD_MEMBER,
    }[role]
    adults = BoardFactory(name="Northmoor Safeguarding Adults Board", slug="nsab", kind="adults")
    user = records["users"][role]
    user.groups.clear()
    BoardRoleFactory(user=user, role_name=role_name, board=adults)
    client = client_for(user)
    wrong = []
    for name in sorted(BOARD_PAGES):
        spec = MATRIX[name]
        url = url_for(name, spec.kwargs(records), records["board"])
        send = client.post if spec.method == "post" else client.get
        got = outcome(send(url, headers=spec.headers))
        if got != spec.expect["norole"]:
            wrong.append(f"{url} as {role} of the other board: expected {spec.expect['norole']}, got {got}")
    # Their own board's home opens.
    assert outcome(client.get(reverse("board-home", args=[adults.slug]))) == OK
    matrix_tally.append(("board scope", role, len(BOARD_PAGES)))
    assert not wrong, "\n".join(wrong)
