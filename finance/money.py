"""Money as the board writes it: £1,234.56 on pages, typed forgivingly ("£1,234.56", "1234.5"),
kept exact (Decimal pounds and pence, never floats)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

PENNY = Decimal("0.01")
# The largest amount a money column holds (14 digits, 2 of them pence).
LARGEST = Decimal("999999999999.99")
_SIGNS = "-\u2212\u2013"  # a hyphen, a minus sign, an en dash (pasted from a document)
_TYPED = re.compile(
    rf"^(?P<sign>[{_SIGNS}]?)\s*£?\s*(?P<sign2>[{_SIGNS}]?)\s*(?P<number>\d[\d,\s]*(?:\.\d*)?|\.\d+)$", re.ASCII
)
NOT_MONEY = "Enter an amount in pounds and pence, e.g. 1234.56 or £1,234.56."
TOO_PRECISE = "Give pounds and pence only: at most two figures after the point (e.g. 12.35, not 12.345)."
TOO_LARGE = "That amount is too large to keep: at most £999,999,999,999.99."


class MoneyError(ValueError):
    """An amount that cannot be kept; the message is for the person who typed it."""


def parse_money(text: str | int | float | Decimal | None) -> Decimal | None:
    """An amount typed or read from a cell: None for blank, else Decimal pounds and pence (two
    places). Accepts "£1,234.56", "1234.5", "-£4,999.80"; refuses "12.345" and anything not money."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise MoneyError(NOT_MONEY)
    if isinstance(text, float):
        # A spreadsheet's number cell: its shortest decimal form is what was typed into it.
        text = repr(text)
    if isinstance(text, int | Decimal):
        text = str(text)
    # A non-breaking space (a number pasted from a document) is a space.
    text = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not text:
        return None
    match = _TYPED.match(text)
    if not match or (match["sign"] and match["sign2"]):
        raise MoneyError(NOT_MONEY)
    number = match["number"]
    whole = number.split(".")[0]
    if "," in whole and not re.fullmatch(r"\d{1,3}(,\d{3})+", whole.replace(" ", ""), re.ASCII):
        raise MoneyError(NOT_MONEY)
    try:
        amount = Decimal(re.sub(r"[,\s]", "", number))
    except InvalidOperation:
        raise MoneyError(NOT_MONEY) from None
    if not amount.is_finite():
        raise MoneyError(NOT_MONEY)
    # Before quantizing: an amount of 27 digits or more has no room for pence in the decimal context.
    if abs(amount) > LARGEST:
        raise MoneyError(TOO_LARGE)
    if amount != amount.quantize(PENNY):
        raise MoneyError(TOO_PRECISE)
    amount = amount.quantize(PENNY)
    if amount > LARGEST:
        raise MoneyError(TOO_LARGE)
    return -amount if (match["sign"] or match["sign2"]) and amount else amount


def pounds(amount: Decimal | None, blank: str = "") -> str:
    """£1,234.56; a negative amount -£4,999.80; None as `blank`."""
    if amount is None:
        return blank
    amount = Decimal(amount).quantize(PENNY)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def remaining_text(amount: Decimal | None, blank: str = "") -> str:
    """What is left of a budget: £120.00, or "£4,999.80 over" when more was spent than budgeted."""
    if amount is None:
        return blank
    if amount < 0:
        return f"{pounds(-amount)} over"
    return pounds(amount)


def percent(value: Decimal | None, blank: str = "") -> str:
    return blank if value is None else f"{value:.2f}%"


class MoneyField(forms.CharField):
    """A form field for an amount: typed forgivingly, cleaned to a Decimal (or None when blank)."""

    def __init__(self, *, allow_negative: bool = False, **kwargs) -> None:
        self.allow_negative = allow_negative
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        # An amount as stored shows as typed (1234.50, not £1,234.50): saving it again changes nothing.
        if isinstance(value, Decimal):
            return f"{value.quantize(PENNY)}"
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > 40:
            raise forms.ValidationError(NOT_MONEY, code="money")
        try:
            amount = parse_money(text)
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="money") from None
        if amount is not None and amount < 0 and not self.allow_negative:
            raise forms.ValidationError("An amount cannot be negative.", code="negative")
        return amount

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (None if initial in (None, "") else parse_money(initial))
        except (forms.ValidationError, MoneyError):
            return True
