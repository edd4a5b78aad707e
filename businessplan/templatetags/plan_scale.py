"""A plan's ratings as its own scale shows them: the plan's label, with its colour as a swatch.

The colour is drawn as an SVG `fill` attribute (the content security policy forbids inline
styles); the word is always written, in the page's dark text, so the chip reads without colour.
"""

from django import template
from django.utils.html import format_html

from businessplan.models import HEX_COLOUR, NOT_RATED, Level, Plan

register = template.Library()


def swatch(level: Level) -> str:
    return format_html(
        '<svg class="rag-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
        '<rect x=".5" y=".5" width="9" height="9" rx="2" fill="{}" stroke="#343a40"/></svg>',
        level.colour,
    )


def chip(level: Level, text: str = "", *, muted: bool = False, title: str = "") -> str:
    """A chip with the level's swatch and word (a blank level: "Not rated", dashed, no swatch)."""
    css = "rag" + (" rag-none" if level is NOT_RATED else "") + (" rag-zero" if muted else "")
    mark = "" if level is NOT_RATED or muted else swatch(level)
    return format_html(
        '<span class="{}"{}>{}{}</span>',
        css,
        format_html(' title="{}"', title) if title else "",
        mark,
        text or level.label,
    )


@register.simple_tag
def rating_chip(plan: Plan, code: str | None, count=None, key: bool = False, count_first: bool = False) -> str:
    """{% rating_chip plan action.rating %}; with a count, "Label 3" or "3 Label" (a zero is muted);
    with key=True the level's meaning is its tooltip."""
    level = plan.shown_level(code)
    if count is None:
        text = level.label
    elif count_first:
        text = format_html("{} {}", count, level.label)
    else:
        text = format_html("{} <strong>{}</strong>", level.label, count)
    title = level.meaning if key and level.meaning else ""
    return chip(level, text, muted=count is not None and not count, title=title)


@register.simple_tag
def rating_label(plan: Plan, code: str | None) -> str:
    return plan.shown_level(code).label


@register.simple_tag
def level_swatch(level: Level) -> str:
    return swatch(level)


@register.simple_tag
def level_swatch_for(colour: str, field_id: str) -> str:
    """The swatch beside a colour field of the plan form (kept up to date by js/levels.js)."""
    fill = str(colour) if HEX_COLOUR.match(str(colour or "")) else "none"
    return format_html(
        '<svg class="rag-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false" data-swatch-for="{}">'
        '<rect x=".5" y=".5" width="9" height="9" rx="2" fill="{}" stroke="#343a40"/></svg>',
        field_id,
        fill,
    )
