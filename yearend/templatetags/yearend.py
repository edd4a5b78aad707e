"""Template helpers of the annual report."""

from django import template
from django.utils.safestring import mark_safe

from yearend import charts

register = template.Library()


@register.simple_tag
def chart_svg(chart) -> str:
    """The chart as inline SVG: our own drawing, safe to place as markup."""
    return mark_safe(charts.svg(chart))


@register.simple_tag
def chart_data_uri(chart) -> str:
    return charts.svg_data_uri(chart)


@register.filter
def rating_label(value) -> str:
    return {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Blue"}.get(value or "", "Not rated")
