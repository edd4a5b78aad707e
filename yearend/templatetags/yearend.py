"""Template helpers of the annual report."""

from django import template
from django.urls import NoReverseMatch, reverse
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


@register.simple_tag
def source_url(recommendation, board) -> str:
    """The page of a recommendation's review (learning:review-detail, by board and ref) or audit
    (learning:audit-detail, by board and pk), at the recommendation; the reviews list until those
    pages exist."""
    if recommendation.review_id:
        name, key = "learning:review-detail", recommendation.review.ref
    else:
        name, key = "learning:audit-detail", recommendation.audit_id
    try:
        return reverse(name, args=[board.slug, key]) + f"#recommendation-{recommendation.pk}"
    except NoReverseMatch:
        return reverse("learning:review-list", args=[board.slug])
