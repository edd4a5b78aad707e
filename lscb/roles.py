"""The four roles of the app; each is a Django group whose permissions a data migration sets."""

BUSINESS_MANAGER = "Business manager"
CHAIR = "Chair"
SUBGROUP_CHAIR = "Sub-group chair"
BOARD_MEMBER = "Board member"

ALL_ROLES = (BUSINESS_MANAGER, CHAIR, SUBGROUP_CHAIR, BOARD_MEMBER)


def role_names(user, board=None) -> list[str]:
    """The roles a user holds, in the order above: for `board` (those held for every board and
    those for that board), or, without a board, on any board. Read once per request."""
    if not user.is_authenticated:
        return []
    from lscb.backends import load_access  # the roles come with the permissions, in one query

    load_access(user)
    held = set(user._group_names)
    for board_id, names in user._board_roles.items():
        if board is None or board_id == board.pk:
            held |= names
    return [role for role in ALL_ROLES if role in held]


def grant_permissions(apps, app_label: str, roles: dict[str, list[str]]) -> None:
    """For a data migration: give each role the named permissions of one app (made first if needed)."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # Permissions are normally made after migrations; the roles need them now. A migration's
    # registry has no models module, which create_permissions requires: lend it one meanwhile.
    borrowed = getattr(app_config, "models_module", None) is None
    if borrowed:
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    if borrowed:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in roles.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found for role {role}: {sorted(missing)}")
        group.permissions.add(*perms)


def revoke_permissions(apps, app_label: str, roles: dict[str, list[str]]) -> None:
    """For a data migration's reverse: take an app's permissions away from the roles."""
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=roles):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label))
