"""Numbers as each unit wants them read: counts as 1,234; rates "41.5 per 10,000"; percentages
"67.3%"; days "12 days"; money "£1,234.56". A blank is "not reported", never 0."""

from __future__ import annotations

from decimal import Decimal

from .models import Better, Unit

NOT_REPORTED = "not reported"


def _plain(value: Decimal) -> str:
    """1234.5000 -> "1,234.5"; -3 -> "-3" (a correction keeps its sign)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    text = f"{value.normalize():,f}"
    return text


def number_text(value: Decimal | int | float | None, unit: str) -> str:
    """A value as the page writes it for its unit."""
    if value is None:
        return NOT_REPORTED
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if unit == Unit.MONEY:
        sign = "-" if value < 0 else ""
        return f"{sign}£{abs(value):,.2f}"
    plain = _plain(value)
    if unit == Unit.RATE:
        return f"{plain} per 10,000"
    if unit == Unit.PERCENT:
        return f"{plain}%"
    if unit == Unit.DAYS:
        return f"{plain} day" if value == 1 else f"{plain} days"
    return plain


def change_text(change: Decimal, unit: str) -> str:
    """A change with its sign: "+12", "-3.5 per 10,000", "+2.1 percentage points", "no change"."""
    if change == 0:
        return "no change"
    sign = "+" if change > 0 else "-"
    size = abs(change)
    if unit == Unit.PERCENT:
        return f"{sign}{_plain(size)} percentage point{'' if size == 1 else 's'}"
    return sign + number_text(size, unit)


def direction(change: Decimal | None, better: str) -> str:
    """ "better", "worse", "up", "down" or "no change" (by which way is better; "neither" says only up or down)."""
    if change is None:
        return ""
    if change == 0:
        return "no change"
    up = change > 0
    if better == Better.HIGHER:
        return "better" if up else "worse"
    if better == Better.LOWER:
        return "worse" if up else "better"
    return "up" if up else "down"
