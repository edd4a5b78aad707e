"""The year-end page: the years on record and each year's figures as a JSON download."""

import json
from datetime import date

import pytest

from lscb.years import ReportingYear
from tests.factories import MeetingFactory, UserFactory, default_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    # 31/03/2015 falls in 2014-15 and 01/04/2016 in 2016-17, so 2015-16 has none.
    for day in (date(2015, 3, 31), date(2016, 4, 1), date(2016, 9, 1), date(2013, 5, 1)):
        MeetingFactory(date=day)


def test_index_lists_the_years_with_meetings_newest_first(client_for, board_member, meetings):
    response = client_for(board_member).get("/nscp/yearend/")
    assert response.status_code == 200
    html = response.content.decode()
    years = [html.index(f'<th scope="row">{label}</th>') for label in ("2016-17", "2014-15", "2013-14")]
    assert years == sorted(years)
    assert "2015-16</th>" not in html
    assert 'href="/nscp/yearend/2016-17/summary.json"' in html
    assert "01/04/2016 to 31/03/2017" in html


def test_index_without_meetings(client_for, board_member):
    page = client_for(board_member).get("/nscp/yearend/").content.decode()
    assert "No meetings are on record yet" in page
    # The year now running is offered even before its first record: its narrative starts there.
    assert f"Read {ReportingYear.current()}" in page


def test_summary_json_download(client_for, board_member, meetings):
    response = client_for(board_member).get("/nscp/yearend/2014-15/summary.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nscp-yearend-2014-15.json"'
    summary = json.loads(response.content)
    assert (summary["year"], summary["start"], summary["end"]) == ("2014-15", "2014-04-01", "2015-03-31")
    assert [group["planned"] for group in summary["groups"]] == [1]


def test_a_malformed_year_is_not_found(client_for, board_member):
    assert client_for(board_member).get("/nscp/yearend/2015-17/summary.json").status_code == 404


@pytest.mark.parametrize("url", ["/nscp/yearend/", "/nscp/yearend/2015-16/summary.json"])
def test_permissions(client_for, board_member, url):
    MeetingFactory(date=date(2015, 6, 1))
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/accounts/login/?next={url}"
    assert client_for(UserFactory(username="norole")).get(url).status_code == 403
    assert client_for(board_member).get(url).status_code == 200


def test_the_index_offers_every_year_that_holds_a_record_and_no_other(client_for, board_member, manager, meetings):
    from challengelog.models import Challenge
    from lscb.years import ReportingYear
    from tests.factories import ChallengeFactory
    from yearend.services import narrative_save

    # A year with only a challenge raised, and one with only the narrative written.
    ChallengeFactory(raised_on=date(2010, 6, 1), subject="Ask about the “Ørsted” review\u2014again")
    narrative_save(
        board=default_board(),
        year=ReportingYear.parse("2008-09"),
        section="introduction",
        text="Zoë\u2019s year,\nin two lines.",
        by=manager,
    )
    assert Challenge.objects.filter(raised_on__year=2010).exists()
    html = client_for(board_member).get("/nscp/yearend/").content.decode()
    for label in ("2016-17", "2014-15", "2013-14", "2010-11", "2008-09"):
        assert f'<th scope="row">{label}</th>' in html
    for label in ("2015-16", "2011-12", "2009-10"):
        assert f'<th scope="row">{label}</th>' not in html


def test_the_report_page_links_the_years_on_record_before_and_after(client_for, board_member, meetings):
    client = client_for(board_member)
    html = client.get("/nscp/yearend/2014-15/").content.decode()
    # 2015-16 holds nothing: the next year on record is 2016-17, the one before 2013-14.
    assert 'href="/nscp/yearend/2016-17/"' in html and 'href="/nscp/yearend/2013-14/"' in html
    assert 'href="/nscp/yearend/2015-16/"' not in html
    assert client.get("/nscp/yearend/2015-16/").status_code == 404
    oldest = client.get("/nscp/yearend/2013-14/").content.decode()
    assert "&larr;" not in oldest  # nothing before the first year on record
