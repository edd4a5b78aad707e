"""Money on the pages: {{ amount|pounds }} gives £1,234.56, {{ line.remaining|remaining }} "£4,999.80 over"."""

from django import template

from finance import money

register = template.Library()


@register.filter
def pounds(amount, blank="—"):
    return money.pounds(amount, blank=blank)


@register.filter
def remaining(amount, blank="—"):
    return money.remaining_text(amount, blank=blank)


@register.filter
def percent(value, blank="—"):
    return money.percent(value, blank=blank)
