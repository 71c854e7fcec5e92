"""Typed literals from what curators write: partial dates and non-negative decimals.

A date is kept exactly as precise as written: 2016-04-30 is an xsd:date, 2016-04 an
xsd:gYearMonth, 2016 an xsd:gYear. Anything else, or a day that does not exist, is refused.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal

from ockg.names import XSD

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date(raw: object) -> Literal:
    """An xsd:date, xsd:gYearMonth or xsd:gYear literal; ValueError says why not."""
    text = str(raw).strip()
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"'{text}' is an impossible date: there is no month {month}")
    if day is not None:
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"'{text}' is an impossible date") from None
        return Literal(text, datatype=XSD.date)
    return Literal(text, datatype=XSD.gYearMonth if month else XSD.gYear)


def decimal(raw: object) -> Literal:
    """A non-negative xsd:decimal literal in canonical form."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise ValueError(f"{raw!r} is not a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number: write digits without separators") from None
    if not value.is_finite():
        raise ValueError(f"{raw!r} is not a finite number")
    if value < 0:
        raise ValueError(f"{raw!r} is negative: quantities are never below zero")
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def integer(raw: object, datatype: str) -> Literal:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ValueError(f"{raw!r} is not a whole number of zero or more")
    return Literal(str(raw), datatype=XSD[datatype])


def year(raw: object) -> Literal:
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"'{text}' is not a year: write YYYY")
    return Literal(text, datatype=XSD.gYear)
