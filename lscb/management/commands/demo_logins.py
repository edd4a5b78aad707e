"""`manage.py demo_logins`: one sign-in per role for the demo boards, with published passwords.

The business manager serves both boards (the role is held for every board: the user's groups);
each board has its own independent chair, and the sub-group chair and the board member hold
their roles for the children's partnership only (governance.BoardRole)."""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as RoleGroup
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.demo import LOGIN_PEOPLE, SUBCHAIR_GROUP
from governance.demo.boards import SPECS, demo_boards
from governance.demo.groups import ADULTS, CHILDREN
from governance.models import Board, BoardRole, Person
from governance.services import person_save
from lscb import roles
from lscb.records import record_delete, record_save
from lscb.two_factor import middleware as two_factor
from lscb.two_factor import services as two_factor_services

LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"
# The demo's authenticator key, published like the passwords so a reviewer can add it to an app
# once and keep it across `make run`s. Demo only: a real account's key is random and shown once.
DEMO_TOTP_KEY = b"northmoor-demo-2fa!!".hex()


class DemoLogin(NamedTuple):
    """A demo account; the password is printed and documented: it is demo data, not a secret."""

    username: str
    password: str
    role: str  # a role of lscb.roles, or blank for the superuser
    board: str | None  # the demo board (governance.demo.boards) the role is held for; None: every board
    can: str
    superuser: bool = False

    @property
    def role_label(self) -> str:
        return self.role or "Administrator (superuser)"

    @property
    def board_label(self) -> str:
        if self.board is None:
            return "every board (" + " and ".join(spec.short_name for spec in SPECS.values()) + ")"
        return f"{SPECS[self.board].short_name} only"


LOGINS = [
    # Each role's one description: printed by this command and copied word for word into the
    # README's table of demo sign-ins (tests/test_demo.py checks they agree).
    DemoLogin(
        "manager",
        "demo-manager-2026",
        roles.BUSINESS_MANAGER,
        None,
        "Runs the business unit of both boards: sets up the year (agencies, people, groups, memberships, "
        "calendar), records any meeting, keeps the plans, logs challenges, imports the workbook",
    ),
    DemoLogin(
        "chair",
        "demo-chair-2026",
        roles.CHAIR,
        CHILDREN,
        "The children's partnership's independent chair: logs its challenges and follows them up, "
        "signs off its annual report; reads the rest of its records",
    ),
    DemoLogin(
        "sab-chair",
        "demo-sab-chair-2026",
        roles.CHAIR,
        ADULTS,
        "The Safeguarding Adults Board's independent chair: logs its challenges and follows them up, "
        "signs off its annual report; reads the rest of its records",
    ),
    DemoLogin(
        "subchair",
        "demo-subchair-2026",
        roles.SUBGROUP_CHAIR,
        CHILDREN,
        f"Chairs the {SUBCHAIR_GROUP}: adds, moves and cancels its meetings, records their registers and "
        "rates the actions it leads (its home starts with its groups); "
        "reads the rest of the children's partnership's records",
    ),
    DemoLogin(
        "member",
        "demo-member-2026",
        roles.BOARD_MEMBER,
        CHILDREN,
        "Reads the children's partnership's dashboard and records (its joint groups included), changes nothing",
    ),
    DemoLogin(
        "admin", "demo-admin-2026", "", None, "Everything, including user accounts and roles in the Django admin", True
    ),
]


class Command(BaseCommand):
    help = (
        "Create (or reset) one demo sign-in per role and print them. Refuses unless DEBUG is on "
        "or --force is given, so a live site never gets accounts with published passwords."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo sign-ins even though DEBUG is off (never on a live site).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo sign-ins: DEBUG is off, so this may be a live site, and their "
                "passwords are published. Use --force only on a demo or test site."
            )
        missing = sorted(set(roles.ALL_ROLES) - set(RoleGroup.objects.values_list("name", flat=True)))
        if missing:
            raise CommandError(f"The roles {', '.join(missing)} do not exist: run `manage.py migrate` first.")
        boards = demo_boards()
        with transaction.atomic():
            names = [self._login(login, boards) for login in LOGINS]
            codes = {login.username: self._two_factor(login.username) for login in LOGINS}
        self._print_table(names)
        missing_boards = sorted({login.board for login in LOGINS if login.board and login.board not in boards})
        if missing_boards:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo boards {', '.join(SPECS[key].short_name for key in missing_boards)} were not found, "
                    "so the sign-ins for them hold no role: run `manage.py demo_data` first."
                )
            )
        self._print_two_factor({username: batch for username, batch in codes.items() if batch})

    def _login(self, login: DemoLogin, boards: dict[str, Board]) -> str:
        """Create or reset one account; the name of the demo person it is linked to, if any."""
        user, _ = get_user_model().objects.get_or_create(username=login.username)
        user.set_password(login.password)
        user.is_active = True
        user.is_staff = user.is_superuser = login.superuser
        person = _demo_person(login.username)
        if person is not None:
            user.first_name, _, user.last_name = person.name.rpartition(" ")
            user.email = person.email or ""
        user.save()
        role = RoleGroup.objects.filter(name=login.role).first() if login.role else None
        # Held for every board (the user's groups), or for one board only.
        user.groups.set([role] if role and login.board is None else [])
        board = boards.get(login.board) if login.board else None
        _board_roles(user, [(role, board)] if role and board else [])
        if person is None:
            return ""
        _link(user, person)
        return person.name

    def _two_factor(self, username: str) -> list[str]:
        """For the roles that must use two-factor sign-in: the demo key's app and fresh backup codes."""
        user = get_user_model().objects.get(username=username)
        TOTPDevice.objects.filter(user=user).delete()
        if not two_factor.required(user):
            StaticDevice.objects.filter(user=user).delete()
            return []
        TOTPDevice.objects.create(
            user=user, name=two_factor_services.APP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
        )
        return two_factor_services.backup_codes_replace(user=user)

    def _print_two_factor(self, codes: dict[str, list[str]]) -> None:
        secret = two_factor_services.secret_text(TOTPDevice(key=DEMO_TOTP_KEY))
        self.stdout.write("")
        self.stdout.write(f"Two-factor sign-in (demo only): {', '.join(codes)} type a code after the password.")
        self.stdout.write(f"  Authenticator app key, the same for all of them (time-based, 6 digits): {secret}")
        self.stdout.write("  Or a backup code, each usable once (running demo_logins again makes new ones):")
        width = max(len(username) for username in codes)
        for username, batch in codes.items():
            self.stdout.write(f"    {username.ljust(width)}  {' '.join(batch)}")

    def _print_table(self, names: list[str]) -> None:
        rows = [("username", "password", "role", "board", "what they can do")]
        for login, name in zip(LOGINS, names, strict=True):
            rows.append(
                (
                    login.username,
                    login.password,
                    login.role_label,
                    login.board_label,
                    login.can + (f" ({name})" if name else ""),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        if any(login.username in LOGIN_PEOPLE and not name for login, name in zip(LOGINS, names, strict=True)):
            self.stdout.write(
                self.style.WARNING(
                    "Some demo people were not found, so those sign-ins are not linked to a person "
                    "(the sub-group chair can record nothing): run `manage.py demo_data` first."
                )
            )
        self.stdout.write(f"Sign in at {LOGIN_URL}")


def _board_roles(user, wanted: list[tuple[RoleGroup, Board]]) -> None:
    """Make the user's roles held for one board exactly `wanted`, through the services."""
    keep = {(role.pk, board.pk) for role, board in wanted}
    have = set()
    for held in BoardRole.objects.filter(user=user):
        if (held.role_id, held.board_id) in keep:
            have.add((held.role_id, held.board_id))
        else:
            record_delete(instance=held, by=None)
    for role, board in wanted:
        if (role.pk, board.pk) not in have:
            record_save(instance=BoardRole(user=user, role=role, board=board), by=None)


def _demo_person(username: str) -> Person | None:
    email = LOGIN_PEOPLE.get(username)
    return Person.objects.filter(email=email).first() if email else None


def _link(user, person: Person) -> None:
    """Make `person` the user's person (Person.user is one-to-one), through the service."""
    for other in Person.objects.filter(user=user).exclude(pk=person.pk):
        other.user = None
        person_save(person=other, by=None)
    if person.user_id != user.pk:
        person.user = user
        person_save(person=person, by=None)
