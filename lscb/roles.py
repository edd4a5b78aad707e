"""The four roles of the app; each is a Django group whose permissions a data migration sets."""

BUSINESS_MANAGER = "Business manager"
CHAIR = "Chair"
SUBGROUP_CHAIR = "Sub-group chair"
BOARD_MEMBER = "Board member"

ALL_ROLES = (BUSINESS_MANAGER, CHAIR, SUBGROUP_CHAIR, BOARD_MEMBER)


def role_names(user) -> list[str]:
    """The roles a user holds, in the order above (cached on the user for the request)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_role_names"):
        held = set(user.groups.values_list("name", flat=True))
        user._role_names = [role for role in ALL_ROLES if role in held]
    return user._role_names
