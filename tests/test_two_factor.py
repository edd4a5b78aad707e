"""Two-factor sign-in: who must use it, setting it up, the code after the password, backup codes."""

import re
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lscb.management.commands.demo_logins import DEMO_TOTP_KEY
from lscb.two_factor import services
from tests.factories import BoardFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ENROL = "/account/two-factor/"
VERIFY = "/account/two-factor/verify/"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or one step later: a code is accepted only once)."""
    return f"{totp(device.bin_key, t0=-30 * steps_ahead):06d}"


def sign_in_with_password(client, username: str, next_url: str = "/"):
    """The real sign-in form (client.login() does not pass the request django-axes needs)."""
    return client.post(f"{reverse('login')}?next={next_url}", {"username": username, "password": PASSWORD})


# --- who is held to it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/{board}/",
        "/{board}/structure/",
        "/{board}/plan/",
        "/{board}/challenges/",
        "/{board}/yearend/",
        "/{board}/import/",
    ],
)
def test_a_manager_without_an_app_is_sent_to_set_one_up_from_every_page(board, client, manager, path):
    path = path.format(board=board.slug)
    client.force_login(manager)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next={path.replace('/', '%2F')}"


def test_a_chair_with_an_app_is_asked_for_a_code_before_any_page(board, client, chair):
    TOTPDeviceFactory(user=chair)
    client.force_login(chair)
    response = client.get(f"/{board.slug}/challenges/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    # Setting up another app is not a way round the code.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(reverse("account:backup-codes"))["Location"].startswith(VERIFY)


def test_a_board_member_is_not_held_to_it(client, board_member):
    client.force_login(board_member)
    assert client.get("/").status_code == 200


def test_a_board_member_who_set_up_an_app_uses_it(client, board_member):
    TOTPDeviceFactory(user=board_member)
    client.force_login(board_member)
    assert client.get("/")["Location"].startswith(VERIFY)


def test_staff_reach_the_admin_only_after_the_second_step(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"].startswith(ENROL)
    device = TOTPDeviceFactory(user=admin)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code(device)})
    assert client.get("/admin/").status_code == 200


def test_htmx_requests_send_the_whole_page_to_the_second_step(board, client, manager):
    client.force_login(manager)
    response = client.get(f"/{board.slug}/structure/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(ENROL)


def test_the_pages_before_the_second_step_show_no_menu(client, manager):
    client.force_login(manager)
    page = client.get(ENROL).content.decode()
    assert "Set up two-factor sign-in" in page
    assert "Business plan" not in page and "Records" not in page
    assert "Sign out" in page


# --- setting it up ------------------------------------------------------------------------------


def test_the_manager_sets_up_an_app_and_gets_ten_backup_codes_once(board, client, manager):
    client.force_login(manager)
    page = client.get(f"{ENROL}?next=/plan/").content.decode()
    assert "needs two-factor sign-in" in page
    assert 'src="/account/two-factor/qr.svg"' in page
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert secret.replace(" ", "") in device.config_url

    qr = client.get(reverse("account:two-factor-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")
    assert "no-store" in qr["Cache-Control"]

    wrong = client.post(
        ENROL, {"code": "000000" if code(device) != "000000" else "111111", "next": f"/{board.slug}/plan/"}
    )
    assert "That code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=manager, confirmed=True).exists()

    time.sleep(1)  # one wrong code makes the next try wait a second
    done = client.post(ENROL, {"code": code(device), "next": f"/{board.slug}/plan/"})
    html = done.content.decode()
    assert "Print or save these codes now" in html
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(shown) == 10
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert f'href="/{board.slug}/plan/"' in html
    assert TOTPDevice.objects.get(user=manager).confirmed
    # Typing the code completed this sign-in; the set-up page now says it is on, and the QR code is gone.
    assert client.get(f"/{board.slug}/plan/").status_code == 200
    assert "Two-factor sign-in is on" in client.get(ENROL).content.decode()
    assert "10</strong> backup codes left" in client.get(ENROL).content.decode()
    assert client.get(reverse("account:two-factor-qr")).status_code == 404


def test_new_backup_codes_replace_the_old_ones(client, client_for, manager):
    client = client_for(manager)
    old = services.backup_codes_replace(user=manager)
    html = client.post(reverse("account:backup-codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(new) == 10 and not set(old) & set(new)
    assert set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True)) == set(new)


# --- the code after the password ----------------------------------------------------------------


def test_password_then_code_signs_the_chair_in(board, client, chair):
    device = TOTPDeviceFactory(user=chair)
    response = sign_in_with_password(client, "chair", f"/{board.slug}/challenges/")
    assert response["Location"] == f"/{board.slug}/challenges/"
    to_verify = client.get(f"/{board.slug}/challenges/")
    assert to_verify["Location"] == f"{VERIFY}?next=%2F{board.slug}%2Fchallenges%2F"
    page = client.get(to_verify["Location"])
    assert "Enter your code" in page.content.decode()

    refused = client.post(VERIFY, {"code": "12345", "next": f"/{board.slug}/challenges/"})
    assert "That code is not right" in refused.content.decode()
    assert client.get(f"/{board.slug}/challenges/").status_code == 302

    time.sleep(1)
    used = code(device)
    signed_in = client.post(VERIFY, {"code": used, "next": f"/{board.slug}/challenges/"})
    assert signed_in["Location"] == f"/{board.slug}/challenges/"
    assert client.get(f"/{board.slug}/challenges/").status_code == 200
    # The same code cannot be used again (a new sign-in needs the next one).
    client.post(reverse("logout"))
    sign_in_with_password(client, "chair")
    assert "That code is not right" in client.post(VERIFY, {"code": used}).content.decode()


def test_too_many_wrong_codes_make_the_next_try_wait(client, chair):
    device = TOTPDeviceFactory(user=chair)
    client.force_login(chair)
    client.post(VERIFY, {"code": "000001"})
    client.post(VERIFY, {"code": "000002"})
    page = client.post(VERIFY, {"code": code(device)}).content.decode()
    assert "Too many wrong codes: wait" in page
    assert client.get("/").status_code == 302


def test_a_backup_code_works_once(client, chair):
    TOTPDeviceFactory(user=chair)
    backup = services.backup_codes_replace(user=chair)
    client.force_login(chair)
    response = client.post(VERIFY, {"code": backup[0].upper()[:4] + "-" + backup[0][4:], "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "You used a backup code: 9 left" in response.content.decode()

    client.post(reverse("logout"))
    client.force_login(chair)
    again = client.post(VERIFY, {"code": backup[0]})
    assert "That code is not right" in again.content.decode()
    assert StaticToken.objects.filter(device__user=chair).count() == 9


def test_the_code_page_sends_nowhere_but_this_site(client, chair):
    device = TOTPDeviceFactory(user=chair)
    client.force_login(chair)
    response = client.post(VERIFY, {"code": code(device), "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"


def test_without_an_app_the_code_page_sends_to_the_set_up(client, board_member):
    client.force_login(board_member)
    assert client.get(VERIFY)["Location"].startswith(ENROL)


# --- the demo sign-ins ---------------------------------------------------------------------------


def test_the_demo_logins_print_the_demo_key_and_backup_codes_that_work(client):
    from governance.demo.boards import BOARDS

    # The demo's boards: the chair's role is held for the children's board only.
    for spec in BOARDS:
        BoardFactory(name=spec.name, short_name=spec.short_name, slug=spec.slug, kind=spec.kind)
    out = StringIO()
    call_command("demo_logins", "--force", stdout=out)
    output = out.getvalue()
    assert services.secret_text(TOTPDevice(key=DEMO_TOTP_KEY)) in output
    backup = {line.split()[0]: line.split()[1:] for line in output.splitlines() if line.startswith("    ")}
    assert set(backup) == {"manager", "chair", "sab-chair", "admin"}
    assert all(len(codes) == 10 for codes in backup.values())

    users = get_user_model().objects
    device = TOTPDevice.objects.get(user__username="manager", confirmed=True)
    assert device.key == DEMO_TOTP_KEY
    assert not TOTPDevice.objects.filter(user__username__in=["subchair", "member"]).exists()
    client.force_login(users.get(username="chair"))
    assert client.post(VERIFY, {"code": backup["chair"][0]})["Location"] == "/"


def test_the_first_wrong_code_is_only_wrong(client, chair):
    TOTPDeviceFactory(user=chair)
    client.force_login(chair)
    page = client.post(VERIFY, {"code": "000001"}).content.decode()
    assert "That code is not right, or it has expired." in page
    assert "Too many wrong codes" not in page
