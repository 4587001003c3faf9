"""The realism switch's pieces alone: the answer shapes, its settings, the fault's status, the
test helpers' environment variable (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from cashier.simulator import vendor_shapes
from cashier.simulator.config import DEFAULT_VENDORS, SimulatorConfig, parse_vendors
from cashier.simulator.faults import Fault, FaultMode
from tests.helpers.clock import FakeClock
from tests.helpers.simulator import VENDOR_SHAPES_VARIABLE, make_config, vendor_shapes_default


@pytest.mark.parametrize(
    ("value", "shaped"),
    [
        ("30037", 30037),
        ("0", 0),
        ("0815", "0815"),
        ("", ""),
        ("A51", "A51"),
        ("１２", "１２"),
        (None, None),
        (51, 51),
    ],
)
def test_only_all_digit_strings_without_a_leading_zero_become_numbers(value: Any, shaped: Any) -> None:
    assert vendor_shapes.as_number(value) == shaped
    assert type(vendor_shapes.as_number(value)) is type(shaped)


def test_receipt_lines() -> None:
    lines = [
        {"type": "separator", "value": {}},
        {"type": "separator", "value": {"caption": "Kundenkarte"}},
        {"type": "textline", "value": {"text": "Umsatz", "decoration": []}},
        {"type": "textline", "value": {"text": "9,99 EUR", "decoration": ["important"]}},
        {"type": "space"},
    ]
    assert vendor_shapes.receipt_lines(lines) == [
        {"type": "separator", "value": []},
        {"type": "separator", "value": {"caption": "Kundenkarte"}},
        {"type": "textline", "value": {"text": "Umsatz", "decoration": None}},
        {"type": "textline", "value": {"text": "9,99 EUR", "decoration": ["important"]}},
        {"type": "space"},
    ]
    assert vendor_shapes.receipt_lines([]) is None
    assert lines[0]["value"] == {}  # the stored lines are left alone


def test_a_transaction() -> None:
    stored = {
        "id": "STX_1",
        "status": "created",
        "basket": {
            "products": [{"id": 1, "articleNumber": "30037", "ean": "", "group": []}],
            "texts": [],
            "type": "default",
        },
        "idents": [{"type": "create_card", "value": "CRG_1"}],
        "transactions": [],
        "device_source": {"object": "smart.devices", "id": "SDV_1"},
    }
    assert vendor_shapes.transaction(stored) == {
        "id": "STX_1",
        "status": "created",
        "basket": {
            "products": [{"id": 1, "articleNumber": 30037, "ean": "", "group": None}],
            "texts": None,
            "type": "default",
        },
        "idents": [{"type": "create_card", "value": "CRG_1", "merchantcard": []}],
        "transactions": None,
        "device_source": {"object": "smart.devices", "id": "SDV_1"},
        "container": [],
        "device_destination": [],
    }
    assert stored["transactions"] == []
    assert "container" not in stored


def test_pre_transaction_and_pages() -> None:
    assert vendor_shapes.pre_transaction({"missing_sum": 5, "bonus_products": []}) == {
        "missing_sum": 5,
        "bonus_products": None,
    }
    assert vendor_shapes.page({"count": 0, "data": []}) == {"count": 0, "data": None}
    page = vendor_shapes.page(
        {"count": 1, "data": [{"id": "STX_1", "idents": []}]}, vendor_shapes.transaction
    )
    assert page["data"][0]["idents"] is None


def test_vendors_known_to_a_config() -> None:
    assert SimulatorConfig().known_vendors is None
    assert SimulatorConfig(vendor_shapes=True).known_vendors == DEFAULT_VENDORS == ("cashier",)
    assert SimulatorConfig(vendors=("acme",)).known_vendors == ("acme",)
    assert parse_vendors(" mycompany , vendor_name ") == ("mycompany", "vendor_name")
    for bad in ("", ",", "a b", "a/b", "a,,b"):
        with pytest.raises(ValueError, match="vendor"):
            parse_vendors(bad)
    with pytest.raises(ValueError, match="vendor"):
        SimulatorConfig(vendors=("a/b",))
    with pytest.raises(ValueError, match="pending_debit_reads"):
        SimulatorConfig(pending_debit_reads=-1)


def test_an_http_500_fault_takes_a_5xx_status() -> None:
    fault = Fault.parse({"match": "POST /oauth/token", "mode": "http_500", "status": 503})
    assert (fault.mode, fault.status) == (FaultMode.HTTP_500, 503)
    assert fault.describe()["status"] == 503
    plain = Fault.parse({"match": "POST /oauth/token", "mode": "http_500"})
    assert plain.status == 500
    assert "status" not in plain.describe()
    for bad in ({"status": 499}, {"status": 600}, {"status": True}, {"mode": "hang", "status": 503}):
        with pytest.raises(ValueError, match="status"):
            Fault.parse({"match": "POST /oauth/token", "mode": "http_500", **bad})


@pytest.mark.parametrize(
    ("value", "on"), [(None, False), ("", False), ("0", False), ("1", True), ("true", True)]
)
def test_the_test_helpers_read_the_switch_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, on: bool
) -> None:
    if value is None:
        monkeypatch.delenv(VENDOR_SHAPES_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(VENDOR_SHAPES_VARIABLE, value)
    assert vendor_shapes_default() is on
    assert make_config(FakeClock()).vendor_shapes is on
    assert make_config(FakeClock(), vendor_shapes=not on).vendor_shapes is not on  # a test's word wins


def test_a_misspelt_switch_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VENDOR_SHAPES_VARIABLE, "maybe")
    with pytest.raises(ValueError, match=VENDOR_SHAPES_VARIABLE):
        vendor_shapes_default()
