"""Template filters about one meeting, using the same rules as the services that save it."""

from django import template

from governance.services import register_not_yet

register = template.Library()


@register.filter
def register_blocked(meeting) -> str:
    """Why the meeting's register cannot be recorded today ("" when it can)."""
    return register_not_yet(meeting)
