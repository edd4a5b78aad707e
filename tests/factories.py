"""Factories for every model the tests build."""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from governance import models


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
        for name in extracted or []:
            self.groups.add(Role.objects.get(name=name))


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
        django_get_or_create = ("name",)

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
