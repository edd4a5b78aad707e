"""Factories for every model the tests build."""

from datetime import date
from importlib import import_module

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from governance import models
from lscb import roles as role_names

# The data migrations that made the roles, and the app whose permissions each grants.
ROLE_MIGRATIONS = [
    ("governance", "lscb.migrations.0001_roles"),
    ("businessplan", "businessplan.migrations.0002_roles"),
    ("challengelog", "challengelog.migrations.0002_roles"),
    ("yearend", "yearend.migrations.0002_roles"),
    ("yearend", "yearend.migrations.0004_report_sign_off"),
    ("learning", "learning.migrations.0002_roles"),
    ("dataset", "dataset.migrations.0002_roles"),
    ("training", "training.migrations.0002_roles"),
    ("finance", "finance.migrations.0002_roles"),
]


def ensure_roles() -> None:
    """Put back the roles a transactional test's flush removed (data migrations made them)."""
    from django.apps import apps

    if Role.objects.filter(name__in=role_names.ALL_ROLES, permissions__isnull=False).distinct().count() == len(
        role_names.ALL_ROLES
    ):
        return
    for app_label, module in ROLE_MIGRATIONS:
        role_names.grant_permissions(apps, app_label, import_module(module).ROLES)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "a-long-test-password")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """Roles held for every board of the instance."""
        if extracted:
            ensure_roles()
        for name in extracted or []:
            self.groups.add(Role.objects.get(name=name))

    @factory.post_generation
    def board_roles(self, create, extracted, **kwargs):
        """Roles held for one board only: [(role name, board), ...]."""
        if extracted:
            ensure_roles()
        for name, board in extracted or []:
            models.BoardRole.objects.create(user=self, role=Role.objects.get(name=name), board=board)


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Board
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")
    kind = models.BoardKind.CHILDREN


class BoardRoleFactory(factory.django.DjangoModelFactory):
    """A role held for one board: BoardRoleFactory(user=..., role_name=roles.CHAIR, board=...)."""

    class Meta:
        model = models.BoardRole
        exclude = ("role_name",)

    user = factory.SubFactory(UserFactory)
    role_name = role_names.BOARD_MEMBER
    role = factory.LazyAttribute(lambda r: (ensure_roles(), Role.objects.get(name=r.role_name))[1])
    board = factory.LazyFunction(lambda: default_board())


def default_board() -> models.Board:
    """The board records belong to when a test names none: the first of the instance, as in a
    one-board instance."""
    return models.Board.objects.order_by("pk").first() or BoardFactory(
        name="Northmoor Safeguarding Children Partnership", short_name="NSCP", slug="nscp"
    )


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    sector = models.Sector.HEALTH


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    agency = factory.SubFactory(AgencyFactory)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Group
        django_get_or_create = ("board", "name")

    board = factory.LazyFunction(default_board)
    name = factory.Sequence(lambda n: f"Group {n}")
    kind = models.GroupKind.SUBGROUP
    frequency = models.Frequency.BIMONTHLY
    planned_per_year = 6


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    group = factory.SubFactory(GroupFactory)
    person = factory.SubFactory(PersonFactory)
    agency = factory.LazyAttribute(lambda m: m.person.agency)
    role = models.Role.MEMBER
    expected = models.Expected.ALL


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    group = factory.SubFactory(GroupFactory)
    date = factory.Sequence(lambda n: date(2025, 4, 1).replace(day=1 + n % 28))
    status = models.MeetingStatus.PLANNED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    meeting = factory.SubFactory(MeetingFactory, status=models.MeetingStatus.HELD)
    person = factory.SubFactory(PersonFactory)
    status = models.AttendanceStatus.PRESENT


# --- business plan -----------------------------------------------------------------------------

from businessplan import models as plan_models  # noqa: E402


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Plan
        django_get_or_create = ("board", "title")

    board = factory.LazyFunction(default_board)
    title = factory.Sequence(lambda n: f"Business Plan {2015 + n}-{(17 + n) % 100:02d}")
    slug = factory.Sequence(lambda n: f"{2015 + n}-{(17 + n) % 100:02d}")
    # Within the years records are kept for, however many plans a test run has made.
    start = factory.Sequence(lambda n: date(2015 + n % 50, 4, 1))
    end = factory.LazyAttribute(lambda p: date(p.start.year + 2, 3, 31))
    scale = "rag"


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n + 1}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Objective

    priority = factory.SubFactory(PriorityFactory)
    text = factory.Sequence(lambda n: f"Objective {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = plan_models.Action

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.LazyAttribute(lambda a: a.objective.priority.plan)
    ref = factory.Sequence(lambda n: f"{n // 10 + 1}.{n % 10 + 1}")
    text = factory.Sequence(lambda n: f"Action {n}")


# --- challenge log ---------------------------------------------------------------------------

from challengelog import models as challenge_models  # noqa: E402


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = challenge_models.Challenge

    board = factory.LazyFunction(default_board)
    ref = factory.Sequence(lambda n: f"CH-2025-{n + 1:02d}")
    raised_on = date(2025, 6, 1)
    raised_by = "chair"
    agency = factory.SubFactory(AgencyFactory)
    subject = factory.Sequence(lambda n: f"Challenge {n}")


# --- two-factor sign-in ------------------------------------------------------------------------

from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app with a random key (device.bin_key gives the codes: django_otp.oath.totp)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True


# --- learning and assurance --------------------------------------------------------------------

from learning import models as learning_models  # noqa: E402


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = learning_models.Review

    board = factory.LazyFunction(default_board)
    ref = factory.Sequence(lambda n: f"RR-2025-{n + 1:02d}")
    kind = learning_models.ReviewKind.RAPID_REVIEW
    title = factory.Sequence(lambda n: f"Child {chr(65 + n % 26)}")


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = learning_models.Audit

    board = factory.LazyFunction(default_board)
    name = factory.Sequence(lambda n: f"Section 11 audit {2015 + n}")
    kind = learning_models.AuditKind.SECTION_11


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = learning_models.Recommendation

    review = factory.SubFactory(ReviewFactory)
    ref = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Recommendation {n + 1}")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = learning_models.Evidence

    board = factory.LazyFunction(default_board)
    title = factory.Sequence(lambda n: f"Report {n + 1}")
    date = date(2025, 6, 1)
    kind = learning_models.EvidenceKind.REPORT


from dataset import models as dataset_models  # noqa: E402
from finance import models as finance_models  # noqa: E402
from training import models as training_models  # noqa: E402


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = dataset_models.Indicator

    board = factory.LazyFunction(default_board)
    name = factory.Sequence(lambda n: f"Indicator {n + 1}")
    unit = dataset_models.Unit.COUNT


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """`period` as written (2025-04, 2025-26 Q1, 2025-26, 2026-03-31); its dates follow."""

    class Meta:
        model = dataset_models.IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2025-04"
    value = 10

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        record = model_class(*args, **kwargs)
        record.set_period(kwargs["period"])
        record.save()
        return record


class TrainingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = training_models.TrainingEvent

    board = factory.LazyFunction(default_board)
    title = factory.Sequence(lambda n: f"Course {n + 1}")
    date = date(2025, 6, 1)


class TrainingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = training_models.TrainingAttendance

    event = factory.SubFactory(TrainingEventFactory)
    agency = factory.SubFactory(AgencyFactory)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = finance_models.BudgetLine

    board = factory.LazyFunction(default_board)
    year = 2025
    kind = finance_models.LineKind.EXPENDITURE
    line = factory.Sequence(lambda n: f"Line {n + 1}")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = finance_models.Contribution

    board = factory.LazyFunction(default_board)
    year = 2025
    agency = factory.SubFactory(AgencyFactory)
