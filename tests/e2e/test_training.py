"""The business manager adds a training event, is told what makes no sense, records its attendance
by agency, and reads the year's summary and the attendance by agency."""

import pytest
from playwright.sync_api import expect

from tests.factories import AgencyFactory, TrainingEventFactory, default_board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_manager_adds_an_event_and_its_attendance_by_agency(page, live_server, sign_in, axe_clean, manager):
    board = default_board()
    AgencyFactory(name="Northmoor Constabulary")
    AgencyFactory(name="Cafcass")
    TrainingEventFactory(title="Neglect: the graded care profile", date="2025-05-15", booked=20, attended=18)
    sign_in(page, "manager")

    page.goto(f"{live_server.url}/{board.slug}/training/?year=2025-26")
    expect(page.get_by_role("heading", name="2025-26 at a glance")).to_be_visible()
    expect(page.locator("table.training-summary")).to_contain_text("90%")
    axe_clean(page)
    page.get_by_role("link", name="Add an event").click()
    axe_clean(page)
    page.get_by_label("Title").fill("Domestic abuse and the MARAC")
    page.get_by_label("Date").fill("2025-09-18")
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Topic").fill("Domestic abuse")
    page.get_by_label("Places").fill("25")
    page.get_by_label("Booked").fill("20")
    page.get_by_label("Attended").fill("22")
    page.get_by_label("Evaluations returned").fill("15")
    page.get_by_label("Rated good or better").fill("16")
    page.get_by_label("Notes").fill("Led by the IDVA service.\nDelegates asked for a follow-up on coercive control.")
    page.get_by_role("button", name="Add the event").click()
    expect(page.get_by_text("More evaluations rated it good than were returned.").first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Domestic abuse and the MARAC")  # kept
    axe_clean(page)
    page.get_by_label("Rated good or better").fill("13")
    page.get_by_role("button", name="Add the event").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse and the MARAC")
    expect(page.get_by_text("More people attended (22) than booked (20): 2 walk-ins").first).to_be_visible()
    axe_clean(page)
    page.get_by_role("link", name="Attendance by agency").first.click()
    axe_clean(page)
    page.get_by_label("Row 1: Agency").select_option(label="Northmoor Constabulary")
    page.get_by_label("Row 1: Booked").fill("12")
    page.get_by_label("Row 1: Attended").fill("12")
    page.get_by_label("Row 2: Agency").select_option(label="Northmoor Constabulary")
    page.get_by_label("Row 2: Booked").fill("3")
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_text("one line per agency")).to_be_visible()
    expect(page.get_by_label("Row 1: Booked")).to_have_value("12")  # kept
    page.get_by_label("Row 2: Agency").select_option(label="Cafcass")
    page.get_by_label("Row 2: Attended").fill("0")
    page.get_by_role("button", name="Save the attendance").click()

    agencies = page.locator("table.event-agencies")
    expect(agencies).to_contain_text("Northmoor Constabulary")
    expect(agencies.locator("tr.missed")).to_contain_text("Cafcass")
    axe_clean(page)

    page.goto(f"{live_server.url}/{board.slug}/training/agencies/?year=2025-26&sort=rate")
    expect(page.get_by_role("heading", name="Booked and did not come, 2025-26")).to_be_visible()
    expect(page.locator("table.missed-lines")).to_contain_text("Domestic abuse and the MARAC")
    axe_clean(page)
