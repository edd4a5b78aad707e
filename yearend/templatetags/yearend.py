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
def rating_label(value, plan) -> str:
    """{{ code|rating_label:plan }}: the plan's own word for a level ("Not rated" when blank)."""
    return plan.label(value or "")


@register.simple_tag
def rating_chip(plan, code) -> str:
    """The plan's chip for a rating: its word, and its colour as an SVG swatch."""
    from businessplan.templatetags.plan_scale import rating_chip as chip

    return chip(plan, code)
