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


def _summary_lines(form, row: str = "") -> list[tuple[str, str]]:
    """(anchor, text) for each of a form's or formset's errors, in field order; a non-field error
    links to nothing (""). A formset's rows are named by number ("Row 2: Amount: ..."), as the
    row's own labels read to a screen reader."""
    lines = []
    form.error_summary_shown = True  # crispy's own error box then stays empty (templates/bootstrap5/)
    if hasattr(form, "forms"):  # a formset: its own errors, then each form's
        lines += [("", str(error)) for error in form.non_form_errors()]
        # A formset whose labels name their row already (the register's "Deputy for Bob Brown")
        # says so with `rows_named_in_labels`; the others' rows are numbered.
        named = getattr(form, "rows_named_in_labels", False)
        for number, each in enumerate(form.forms, start=1):
            lines += _summary_lines(each, row="" if named else f"Row {number}: ")
        return lines
    if not form.is_bound or not form.errors:
        return lines
    lines += [("", f"{row}{error}") for error in form.non_field_errors()]
    for field in form:
        if field.is_hidden:
            lines += [("", f"{row}{field.label}: {error}") for error in field.errors]
            continue
        anchor = field.auto_id or ""
        if (
            anchor
            and getattr(field.field.widget, "input_type", "") in ("radio", "checkbox")
            and hasattr(field.field, "choices")
        ):
            anchor = f"{anchor}_0"  # a group of boxes: its first box takes the focus
        lines += [(anchor, f"{row}{field.label}: {error}") for error in field.errors]
    return lines


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, extra=None):
    """{% error_summary form formset %}: every error of the page in one box at its top, each one a
    link to its field, so that a reader (and a screen reader) finds what to put right. `extra` is
    a list of page-level messages with no field."""
    lines = [("", str(message)) for message in (extra or [])]
    for form in forms:
        if form is not None and form != "":
            lines += _summary_lines(form)
    return {"lines": lines}
