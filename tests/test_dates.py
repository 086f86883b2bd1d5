"""Dates as people write them: each documented form, its range and precision."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.errors import LedgerError
from ledger.record.dates import parse

D = dt.date


@pytest.mark.parametrize(
    ("written", "start", "end", "precision"),
    [
        ("2024-03-12", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("2024-03-12T09:30:00Z", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("2024-03", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("March 2024", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("Mar 2024", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("mars 2024", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("marzo de 2024", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("02/2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("12 March 2024", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("March 12, 2024", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("12-Mar-2024", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("12 de marzo de 2024", D(2024, 3, 12), D(2024, 3, 12), "day"),
        ("25/11/2024", D(2024, 11, 25), D(2024, 11, 25), "day"),
        ("11/25/2024", D(2024, 11, 25), D(2024, 11, 25), "day"),
        ("25.11.2024", D(2024, 11, 25), D(2024, 11, 25), "day"),
        ("2024-03-01..2024-03-09", D(2024, 3, 1), D(2024, 3, 9), "range"),
        ("2024-03-01/2024-03-09", D(2024, 3, 1), D(2024, 3, 9), "range"),
        ("March 2024 - April 2024", D(2024, 3, 1), D(2024, 4, 30), "range"),
        ("1 March 2024 to 3 March 2024", D(2024, 3, 1), D(2024, 3, 3), "range"),
    ],
)
def test_every_documented_form_reads_as_a_range_with_its_precision(written, start, end, precision):  # type: ignore[no-untyped-def]
    found = parse(written)
    assert (found.start, found.end, found.precision) == (start, end, precision)


def test_an_ambiguous_day_and_month_needs_the_order():
    with pytest.raises(LedgerError) as error:
        parse("03/04/2024", "published")
    assert error.value.message == (
        "ambiguous published '03/04/2024': 3 April or March 4; pass --date-order dmy or mdy"
    )
    assert parse("03/04/2024", order="dmy").start == D(2024, 4, 3)
    assert parse("03/04/2024", order="mdy").start == D(2024, 3, 4)


@pytest.mark.parametrize("written", ["yesterday", "2024-13", "31 February 2024", "2024..2023"])
def test_what_is_not_a_date_is_refused_with_the_forms(written):  # type: ignore[no-untyped-def]
    with pytest.raises(LedgerError) as error:
        parse(written, "event")
    assert error.value.message == (
        f"invalid event {written!r}: expected YYYY, YYYY-MM, YYYY-MM-DD, 'March 2024',"
        " '12 March 2024' or a range A..B"
    )
