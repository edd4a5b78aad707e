"""Template helpers of the shared shell."""

from django import template

from lscb.permissions import allowed, field_visible

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, rule_name: str, obj=None) -> bool:
    """{% can "governance.record-meeting" meeting as may_record %}: hides what the server refuses."""
    request = context["request"]
    return allowed(rule_name, request.user, obj, board=getattr(request, "board", None))


@register.simple_tag(takes_context=True)
def shows_field(context, record, field_name: str) -> bool:
    """{% shows_field person "user" as show_account %}: a field shown only to some (lscb.permissions.FIELD_RULES)."""
    request = context["request"]
    return field_visible(request.user, record, field_name, board=getattr(request, "board", None))


@register.filter
def percent(value) -> str:
    """0.8333 -> "83%"; None -> "n/a"."""
    if value is None:
        return "n/a"
    return f"{round(value * 100)}%"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for export and year links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


@register.filter
def get_item(mapping, key):
    """{{ totals|get_item:"red" }}: a dictionary value by a key held in a variable."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def minutes(duration) -> str:
    """timedelta(minutes=15) -> "15 minutes" (at least one minute)."""
    count = max(1, round(duration.total_seconds() / 60))
    return f"{count} minute{'s' if count != 1 else ''}"
