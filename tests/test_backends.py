"""Roles and permissions come in one query per request, and say the same as Django's own backend."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from lscb import roles
from lscb.backends import RolesAndPermissionsBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_roles_and_permissions_are_read_in_one_query(django_assert_num_queries):
    user = fresh(UserFactory(roles=[roles.BUSINESS_MANAGER, roles.CHAIR]))
    with django_assert_num_queries(1):
        assert roles.role_names(user) == [roles.BUSINESS_MANAGER, roles.CHAIR]
        assert user.has_perm("businessplan.change_action")
        assert not user.has_perm("auth.delete_user")


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_every_role_holds_what_djangos_backend_says_it_holds(role):
    user = UserFactory(roles=[role])
    user.user_permissions.add(Permission.objects.get(codename="view_logentry"))
    expected = ModelBackend().get_all_permissions(fresh(user))
    assert RolesAndPermissionsBackend().get_all_permissions(fresh(user)) == expected
    assert "admin.view_logentry" in expected


def test_a_superuser_holds_every_permission_and_an_inactive_user_none():
    admin = fresh(UserFactory(is_superuser=True))
    assert len(RolesAndPermissionsBackend().get_all_permissions(admin)) == Permission.objects.count()
    gone = fresh(UserFactory(roles=[roles.BUSINESS_MANAGER], is_active=False))
    assert RolesAndPermissionsBackend().get_all_permissions(gone) == set()
    assert not gone.has_perm("businessplan.change_action")
