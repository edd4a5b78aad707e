"""The chair logs a challenge from a meeting page, follows it to an outcome, and finds it on the agency's record."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lscb.years import ReportingYear
from tests.factories import AgencyFactory, GroupFactory, MeetingFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_chair_takes_a_challenge_from_a_meeting_to_its_outcome(page, live_server, sign_in, axe_clean, chair):
    AgencyFactory(name="Dale Valley Hospitals NHS Foundation Trust", sector="health")
    group = GroupFactory(name="Safeguarding Board", kind="board")
    meeting = MeetingFactory(group=group, date=timezone.localdate() - timedelta(days=3), status="held")
    sign_in(page, "chair")

    page.goto(f"{live_server.url}/{group.board.slug}/meetings/{meeting.pk}/")
    axe_clean(page)
    page.get_by_role("link", name="Log a challenge raised here").click()
    expect(page.get_by_label("Meeting")).not_to_have_value("")
    axe_clean(page)
    page.get_by_label("Agency challenged").select_option(label="Dale Valley Hospitals NHS Foundation Trust")
    page.get_by_label("Subject").fill("Timely health assessments for looked-after children")
    page.get_by_label("What was asked").fill("Evidence that initial health assessments are done within 20 days.")
    page.get_by_role("button", name="Log the challenge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Timely health assessments")
    axe_clean(page)

    page.get_by_text("Record the response", exact=True).first.click()
    page.get_by_label("What the agency answered").fill("Compliance is 58%; a recovery plan is attached.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Record the response: saved")).to_be_visible()

    page.get_by_text("Close with the outcome", exact=True).first.click()
    page.get_by_role("button", name="Close with the outcome").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()  # no outcome, no closing
    page.get_by_label("Outcome: what changed as a result").fill("Compliance rose to 93% within six months.")
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_role("button", name="Close with the outcome").click()
    expect(page.locator(".status-chip")).to_have_text("Closed")
    axe_clean(page)

    page.get_by_role("link", name="Dale Valley Hospitals NHS Foundation Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Challenges to Dale Valley Hospitals NHS Foundation Trust"
    )
    expect(page.get_by_text("Compliance rose to 93% within six months.")).to_be_visible()
    axe_clean(page)


def test_the_chair_logs_a_challenge_whose_date_is_not_known(page, live_server, sign_in, axe_clean, chair):
    AgencyFactory(
        name="Cyngor Sir Ynys Môn \u2013 Gwasanaethau Plant (Children\u2019s Services)", sector="local_authority"
    )
    # 2015-16, as long as it is on the year list (twenty years back).
    year = ReportingYear(max(2015, ReportingYear.current().first - 20))
    sign_in(page, "chair")

    page.goto(f"{live_server.url}/{default_board().slug}/challenges/new/")
    page.get_by_label("Agency challenged").select_option(
        label="Cyngor Sir Ynys Môn \u2013 Gwasanaethau Plant (Children\u2019s Services)"
    )
    page.get_by_label("Subject").fill("Évaluation des délais: return interviews for children missing from home " * 2)
    page.get_by_label("What was asked").fill("Première ligne of the minute.\nSecond line: \u201cwhat evidence?\u201d")
    expect(page.get_by_label("Date raised")).not_to_have_value("")  # today, offered
    page.get_by_label("Date not known").check()
    expect(page.get_by_label("Date raised")).to_have_value("")  # the tick empties it
    page.get_by_role("button", name="Log the challenge").click()
    expect(page.get_by_text("Choose the reporting year the challenge was raised in.").first).to_be_visible()
    expect(page.get_by_label("Date not known")).to_be_checked()  # what was chosen is kept
    axe_clean(page)

    page.get_by_label("Reporting year raised (when the date is not known)").select_option(year.label)
    page.get_by_role("button", name="Log the challenge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("return interviews")
    raised = page.locator("dt:has-text('Raised') + dd")
    expect(raised).to_contain_text(f"undated ({year}) by the chair")
    expect(raised).not_to_contain_text("01/04/")
    axe_clean(page)

    page.goto(f"{live_server.url}/{default_board().slug}/challenges/?year={year}")
    expect(page.get_by_role("cell", name=f"undated ({year})")).to_be_visible()
    axe_clean(page)
