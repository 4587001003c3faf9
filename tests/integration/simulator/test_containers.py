"""Payment › Containers (SEPA bank accounts for ``prepare/debit``) on the wire, embedded and served."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.helpers.contract import check_response
from tests.helpers.simulator import SimulatorHandle

BASE = "/api/v2/Payment/Containers"
IBAN = "DE89370400440532013000"
ACCOUNT = {"owner": "Erika Musterfrau", "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX"}


def checked(response: httpx.Response) -> Any:
    body = response.json()
    problems = check_response(response.request.method, response.request.url.path, response.status_code, body)
    assert problems == [], problems
    return body


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return checked(response)


def assert_invalid(response: httpx.Response, field: str) -> str:
    """Asserts a 400 naming ``field``; returns ``error_details``."""
    assert response.status_code == 400, response.text
    body = checked(response)
    assert body["status"] == "error"
    assert body["error"] == "ProductFormatException"
    assert body["error_details"].startswith(f"{field}: "), body["error_details"]
    return str(body["error_details"])


async def test_create_a_bank_account_container(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    doc = ok(await client.post(BASE, json={"type": "bank_account", "private": ACCOUNT}))
    assert doc["object"] == "payment.containers"
    assert re.fullmatch(r"PCT_[A-Z0-9]{30}", doc["id"])
    assert doc["type"] == "bank_account"
    assert doc["created"]
    assert doc["public"] == {
        "owner": "Erika Musterfrau",
        "iban": "DE89 **** **** **** **30 00",
        "bic": "COBADEFFXXX",
        "bankname": None,
    }
    assert doc["private"] == {"owner": "Erika Musterfrau", "iban": IBAN, "bic": "COBADEFFXXX"}
    assert doc["mandate"] is None
    assert doc["customer"] is None
    assert sim.store.get("payment.containers", doc["id"]) == doc  # what prepare/debit reads

    assert ok(await client.get(f"{BASE}/{doc['id']}")) == doc
    assert ok(await client.get(BASE)) == {"count": 1, "data": [doc]}


async def test_a_payment_customer_needs_a_name_and_a_real_email(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = "/api/v2/Payment/Customers"
    assert (await client.post(url, json={"contact": {"email": "a@b.de"}})).status_code == 400
    assert (await client.post(url, json={"contact": {"name": "A", "email": "nope"}})).status_code == 400
    assert (await client.post(url, json={})).status_code == 400


async def test_optional_bic_customer_and_lower_case_path(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    url = BASE.lower()
    without_bic = {"owner": " Max Mustermann ", "iban": "de89370400440532013000"}
    first = ok(await client.post(url, json={"type": "bank_account", "private": without_bic}))
    assert first["private"] == {"owner": "Max Mustermann", "iban": IBAN, "bic": None}
    assert first["public"]["bic"] is None

    empty_bic = {**ACCOUNT, "bic": "  "}
    unknown = {"id": "PCU_TEST00000000000000000000001"}
    refused = await client.post(url, json={"type": "bank_account", "private": empty_bic, "customer": unknown})
    assert refused.status_code == 404  # a container is made for a payment customer that exists
    made = ok(
        await client.post(
            "/api/v2/payment/customers",
            json={"contact": {"name": "Max Mustermann", "email": "max@example.org"}},
        )
    )
    assert made["id"].startswith("PCU_")
    assert made["contact"] == {"name": "Max Mustermann", "email": "max@example.org"}
    customer = {"id": made["id"]}
    second = ok(
        await client.post(url, json={"type": "bank_account", "private": empty_bic, "customer": customer})
    )
    assert second["private"]["bic"] is None
    assert second["customer"] == {"object": "payment.customers", "id": made["id"]}

    third = ok(
        await client.post(url, json={"type": "bank_account", "private": {**ACCOUNT, "bic": "cobadeff"}})
    )
    assert third["private"]["bic"] == third["public"]["bic"] == "COBADEFF"

    listed = ok(await client.get(url))
    assert listed["count"] == 3
    assert [doc["id"] for doc in listed["data"]] == [first["id"], second["id"], third["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"private": ACCOUNT}, "type"),
        ({"type": "credit_card", "private": ACCOUNT}, "type"),
        ({"type": "bank_account"}, "private"),
        ({"type": "bank_account", "private": IBAN}, "private"),
        ({"type": "bank_account", "private": {**ACCOUNT, "owner": "  "}}, "private.owner"),
        ({"type": "bank_account", "private": {"iban": IBAN}}, "private.owner"),
        ({"type": "bank_account", "private": {"owner": "Erika"}}, "private.iban"),
        ({"type": "bank_account", "private": {**ACCOUNT, "iban": 89370400440532013000}}, "private.iban"),
        ({"type": "bank_account", "private": {**ACCOUNT, "iban": ""}}, "private.iban"),
        ({"type": "bank_account", "private": {**ACCOUNT, "iban": "XX89370400440532013000"}}, "private.iban"),
        ({"type": "bank_account", "private": {**ACCOUNT, "iban": "DE8937040044053201300"}}, "private.iban"),
        ({"type": "bank_account", "private": {**ACCOUNT, "bic": "COBA"}}, "private.bic"),
        ({"type": "bank_account", "private": {**ACCOUNT, "bic": "COBAQQFF"}}, "private.bic"),
        ({"type": "bank_account", "private": {**ACCOUNT, "bic": 7}}, "private.bic"),
        ({"type": "bank_account", "private": ACCOUNT, "customer": "PCU_X"}, "customer.id"),
        ({"type": "bank_account", "private": ACCOUNT, "customer": {"id": 5}}, "customer.id"),
    ],
)
async def test_create_rejects_bad_input(sim: SimulatorHandle, body: dict[str, Any], field: str) -> None:
    client = await sim.api_client()
    assert_invalid(await client.post(BASE, json=body), field)
    assert ok(await client.get(BASE)) == {"count": 0, "data": []}


async def test_a_wrong_checksum_names_the_problem_but_not_the_iban(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    typo = "DE88370400440532013000"
    response = await client.post(BASE, json={"type": "bank_account", "private": {**ACCOUNT, "iban": typo}})
    details = assert_invalid(response, "private.iban")
    assert "check digits do not match" in details
    assert typo not in details
    assert "0532013000" not in response.text


async def test_unknown_container_is_404(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    response = await client.get(f"{BASE}/PCT_NOSUCHCONTAINER00000000000000")
    assert response.status_code == 404
    assert checked(response)["error"] == "ProductNotFoundException"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "", {"type": "bank_account", "private": ACCOUNT}),
        ("GET", "", None),
        ("GET", "/PCT_NOSUCHCONTAINER00000000000000", None),
    ],
)
async def test_every_container_call_needs_a_valid_token(
    sim: SimulatorHandle, method: str, path: str, body: dict[str, Any] | None
) -> None:
    client = sim.client(headers={"Authorization": "Bearer nonsense"})
    response = await client.request(method, f"{BASE}{path}", json=body)
    assert response.status_code == 403
    error = checked(response)
    assert (error["error"], error["code"]) == ("ProductNotAllowedException", 2003)
    assert sim.store.all("payment.containers") == []
