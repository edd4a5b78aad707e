"""The evidence register: the list with its filters and export, and adding or changing evidence."""

from datetime import date

import pytest

from learning.models import Evidence
from lscb import roles
from tests.factories import AgencyFactory, BoardFactory, EvidenceFactory, GroupFactory, UserFactory
from tests.governance import board_url

pytestmark = pytest.mark.django_db

NOTE = "Assurance reçue: «les délais» s\u2019améliorent.\nSecond line <i>not italic</i> " * 5


def test_everyone_with_a_role_reads_the_register_and_only_the_manager_changes_it(
    client_for, manager, board_member, board
):
    evidence = EvidenceFactory(title="LADO annual report")
    page = client_for(board_member).get(board_url("learning:evidence-list")).content.decode()
    assert "LADO annual report" in page
    assert f'id="evidence-{evidence.pk}"' in page
    assert "Add evidence" not in page and "/edit/" not in page
    page = client_for(manager).get(board_url("learning:evidence-list")).content.decode()
    assert "Add evidence" in page and board_url("learning:evidence-edit", evidence.pk) in page


def test_the_register_filters_searches_and_exports(client_for, manager, board, chaired_group):
    police = AgencyFactory(name="Northmoor Constabulary")
    EvidenceFactory(title="LADO annual report", date=date(2025, 6, 1), kind="report")
    EvidenceFactory(
        title="Voice of the child survey",
        date=date(2024, 6, 1),
        kind="survey",
        group=chaired_group,
        agency=police,
        scope="voice of the child",
    )
    client = client_for(manager)
    url = board_url("learning:evidence-list")

    def shown(query):
        page = client.get(url + query).content.decode()
        return [t for t in ("LADO annual report", "Voice of the child survey") if t in page]

    assert shown("?kind=survey") == ["Voice of the child survey"]
    assert shown("?year=2025-26") == ["LADO annual report"]
    assert shown(f"?group={chaired_group.pk}") == ["Voice of the child survey"]
    assert shown(f"?agency={police.pk}") == ["Voice of the child survey"]
    assert shown("?search=VOICE child") == ["Voice of the child survey"]
    assert shown("?year=nonsense&group=x&sort=%00") is not None  # answered, not failed
    response = client.get(url + "?_export=xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('evidence.xlsx"')


def test_the_register_costs_a_few_queries_for_many_rows(
    client_for, board_member, board, chaired_group, django_assert_max_num_queries
):
    agencies = [AgencyFactory(name=f"Agency {n}") for n in range(4)]
    for n in range(20):
        EvidenceFactory(group=chaired_group, agency=agencies[n % 4], date=date(2025, 4, 1 + n))
    client = client_for(board_member)
    client.get(board_url("learning:evidence-list"))
    with django_assert_max_num_queries(12):
        assert client.get(board_url("learning:evidence-list")).status_code == 200


def test_the_manager_adds_evidence_and_lands_on_its_row(client_for, manager, board, chaired_group):
    response = client_for(manager).post(
        board_url("learning:evidence-create"),
        {
            "title": "Section 11 audit findings",
            "date": "2025-11-27",
            "kind": "audit",
            "scope": "agencies' safeguarding arrangements",
            "group": chaired_group.pk,
            "note": NOTE,
        },
    )
    evidence = Evidence.objects.get()
    assert response.url.endswith(f"/learning/evidence/#evidence-{evidence.pk}")
    assert evidence.board == board and evidence.group == chaired_group
    page = client_for(manager).get(board_url("learning:evidence-list")).content.decode()
    assert "Assurance reçue" in page and "&lt;i&gt;" in page


def test_bad_input_is_refused_with_what_was_typed_kept(client_for, manager, board):
    theirs = GroupFactory(name="SAR Sub-group", board=BoardFactory(name="SAB", slug="sab", kind="adults"))
    response = client_for(manager).post(
        board_url("learning:evidence-create"),
        {"title": "Two\nlines", "date": "27/13/2025", "kind": "gossip", "group": theirs.pk, "note": NOTE},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "one line" in page
    assert "Enter the date day first, as 27/11/2026." in page
    assert (
        page.count("Select a valid choice") == 4
    )  # the kind, and another board's group: by the field and in the summary
    assert "Assurance reçue" in page
    assert not Evidence.objects.exists()


def test_the_same_title_on_the_same_day_is_refused(client_for, manager, board):
    EvidenceFactory(title="LADO annual report", date=date(2025, 6, 1))
    page = (
        client_for(manager)
        .post(
            board_url("learning:evidence-create"),
            {"title": "LADO annual report", "date": "2025-06-01", "kind": "report"},
        )
        .content.decode()
    )
    assert "This board already has evidence with this title on this date." in page


def test_the_manager_edits_evidence(client_for, manager, board):
    evidence = EvidenceFactory(title="LADO annual report")
    response = client_for(manager).post(
        board_url("learning:evidence-edit", evidence.pk),
        {"title": "LADO annual report 2024-25", "date": "2025-06-01", "kind": "report", "note": NOTE},
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.title == "LADO annual report 2024-25" and "Assurance reçue" in evidence.note


def test_who_may_not_change_evidence_is_refused(client_for, subgroup_chair, chair, board_member, board):
    evidence = EvidenceFactory()
    for user in (subgroup_chair, chair, board_member):
        client = client_for(user)
        assert client.get(board_url("learning:evidence-create")).status_code == 403
        assert client.post(board_url("learning:evidence-edit", evidence.pk), {"title": "x"}).status_code == 403


def test_another_boards_evidence_is_not_found_and_their_role_is_refused(client, client_for, manager, board):
    adults = BoardFactory(name="Northmoor SAB", slug="nsab", kind="adults")
    theirs = EvidenceFactory(board=adults)
    assert client_for(manager).get(board_url("learning:evidence-edit", theirs.pk)).status_code == 404
    client.force_login(UserFactory(username="theirs", board_roles=[(roles.BOARD_MEMBER, adults)]))
    assert client.get(board_url("learning:evidence-list")).status_code == 403


def test_the_export_quotes_text_a_spreadsheet_would_run(client_for, manager, board):
    EvidenceFactory(title='=HYPERLINK("http://evil.example/","Click me")', scope="-2+3", note="@SUM(A1:A9)")
    response = client_for(manager).get(board_url("learning:evidence-list") + "?_export=csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-2+3" in text and "'@SUM" in text
