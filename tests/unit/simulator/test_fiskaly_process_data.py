"""processData of the fiskaly simulator: fiskaly's ``standard_v1`` receipt as ``Kassenbeleg-V1`` text."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import pytest

from cashier.simulator.fiskaly.process_data import cancellation, from_schema, receipt_data


def receipt(
    kind: str = "RECEIPT", vat: Sequence[tuple[str, object]] = (), pay: Sequence[tuple[str, str]] = ()
) -> dict[str, Any]:
    return {
        "receipt_type": kind,
        "amounts_per_vat_rate": [{"vat_rate": rate, "amount": amount} for rate, amount in vat],
        "amounts_per_payment_type": [{"payment_type": kind, "amount": amount} for kind, amount in pay],
    }


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            receipt(vat=[("NORMAL", "21.42")], pay=[("NON_CASH", "21.42")]),
            "Beleg^21.42_0.00_0.00_0.00_0.00^21.42:Unbar",
        ),
        (
            receipt(
                vat=[("NULL", "1"), ("REDUCED_1", "2.5"), ("NORMAL", "3.999")],
                pay=[("CASH", "10"), ("CASH", "-2.50")],
            ),
            "Beleg^3.99_2.50_0.00_0.00_1.00^7.50:Bar",  # cut, not rounded; payments summed per type
        ),
        (
            receipt(
                vat=[("SPECIAL_RATE_1", "1.00"), ("SPECIAL_RATE_2", "2.00")],
                pay=[("NON_CASH", "1.00"), ("CASH", "2.00")],
            ),
            "Beleg^0.00_0.00_1.00_2.00_0.00^1.00:Unbar_2.00:Bar",
        ),
        (
            receipt("TRAINING", [("NORMAL", "-1.50")], [("CASH", "-1.50")]),
            "AVTraining^-1.50_0.00_0.00_0.00_0.00^-1.50:Bar",
        ),
        (receipt("OTHER"), "AVSonstige^0.00_0.00_0.00_0.00_0.00^"),
        (receipt("CANCELLATION"), "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^"),
    ],
)
def test_a_receipt_becomes_process_data(given: dict[str, Any], expected: str) -> None:
    assert receipt_data(given) == expected
    assert from_schema({"standard_v1": {"receipt": given}}) == ("Kassenbeleg-V1", expected)


def test_a_foreign_currency_is_named() -> None:
    given = receipt(vat=[("NORMAL", "5.00")])
    given["amounts_per_payment_type"] = [{"payment_type": "CASH", "amount": "5.00", "currency_code": "CHF"}]
    assert receipt_data(given).endswith("^5.00:Bar:CHF")


def test_a_cancellation_without_schema_is_an_aborted_receipt() -> None:
    assert cancellation() == ("Kassenbeleg-V1", "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^")


def test_raw_process_data_is_taken_as_it_is() -> None:
    raw = {"process_type": "SonstigerVorgang", "process_data": base64.b64encode("Ä^1".encode()).decode()}
    assert from_schema({"raw": raw}) == ("SonstigerVorgang", "Ä^1")


@pytest.mark.parametrize(
    "schema",
    [
        {},
        {"standard_v1": {"receipt": receipt("REFUND")}},
        {"standard_v1": {"receipt": receipt(vat=[("HALF", "1.00")])}},
        {"standard_v1": {"receipt": receipt(vat=[("NORMAL", 1.0)])}},
        {"standard_v1": {"receipt": receipt(vat=[("NORMAL", "abc")])}},
        {"standard_v1": {"receipt": receipt(pay=[("CARD", "1.00")])}},
        {"raw": {"process_type": "X", "process_data": "not base64!"}},
        "a string",
    ],
)
def test_an_unusable_schema_is_refused(schema: object) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        from_schema(schema)
