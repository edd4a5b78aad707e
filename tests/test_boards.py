"""Several boards in one instance: the front page, the board's address, the switcher, roles per board."""

import pytest
from django.urls import reverse

from lscb import roles
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adults(board):
    return BoardFactory(name="Northmoor Safeguarding Adults Board", short_name="NSAB", slug="nsab", kind="adults")


def test_with_one_board_the_front_page_goes_straight_to_it(board, client_for, board_member):
    response = client_for(board_member).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("board-home", args=[board.slug])


def test_with_two_boards_the_front_page_lists_the_boards_the_reader_may_see(board, adults, client_for, manager):
    page = client_for(manager).get(reverse("home")).content.decode()
    assert f'href="/{board.slug}/"' in page and 'href="/nsab/"' in page
    assert "Safeguarding Adults Board" in page  # the kind, beside the name


def test_a_role_for_one_board_goes_straight_to_that_board(board, adults, client_for):
    chair = UserFactory(username="sab-chair", board_roles=[(roles.CHAIR, adults)])
    response = client_for(chair).get(reverse("home"))
    assert response["Location"] == "/nsab/"
    assert client_for(chair).get(f"/{board.slug}/").status_code == 403


def test_an_account_with_no_role_is_told_so(board, client_for):
    page = client_for(UserFactory(username="new")).get(reverse("home"))
    assert page.status_code == 200
    assert "no role on any board yet" in page.content.decode()


def test_an_unknown_board_address_is_not_found(board, client_for, manager):
    assert client_for(manager).get("/no-such-board/plan/").status_code == 404


def test_the_navigation_says_which_board_and_switches_only_between_the_readers_boards(
    board, adults, client_for, manager
):
    page = client_for(manager).get(f"/{board.slug}/structure/").content.decode()
    assert f'class="navbar-brand" href="/{board.slug}/">{board.name}</a>' in page
    assert "Switch board" in page and 'href="/nsab/"' in page
    # Every menu entry stays in the board the reader is in.
    assert f'href="/{board.slug}/plan/"' in page and 'href="/plan/"' not in page
    member = UserFactory(username="sab-member", board_roles=[(roles.BOARD_MEMBER, adults)])
    page = client_for(member).get("/nsab/structure/").content.decode()
    assert "Switch board" not in page  # one board to see: nothing to switch to


def test_the_user_menu_names_the_roles_held_on_this_board(board, adults, client_for):
    user = UserFactory(username="both", board_roles=[(roles.CHAIR, adults), (roles.BOARD_MEMBER, board)])
    client = client_for(user)
    assert "Chair" in client.get("/nsab/structure/").content.decode().split("dropdown-item-text")[1][:80]
    children = client.get(f"/{board.slug}/structure/").content.decode().split("dropdown-item-text")[1][:80]
    assert "Board member" in children and "Chair" not in children


def test_a_board_address_cannot_take_the_place_of_the_apps_own(board):
    from django.core.exceptions import ValidationError

    clash = BoardFactory.build(name="Admin board", slug="admin")
    with pytest.raises(ValidationError, match="one of the app"):
        clash.full_clean()


def test_the_footer_names_whom_each_board_holds_nothing_about(board, adults, client_for, manager):
    client = client_for(manager)
    children = " ".join(client.get(f"/{board.slug}/structure/").content.decode().split())
    grown_ups = " ".join(client.get("/nsab/structure/").content.decode().split())
    assert "no information about children and families is held here" in children
    assert "no information about adults at risk and their families is held here" in grown_ups
