"""Loyalty › CardGroups: the list the till reads before it issues a new card (embedded and served).

The SDK contract has no card group call; each listed group is checked against the contract's
``LoyaltyCardgroupsProductModel`` and the list against the documented list shape
(docs/secuconnect.md §1.4).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cashier.simulator import seed
from tests.helpers.contract import check
from tests.helpers.simulator import SimulatorHandle

BASE = "/api/v2/Loyalty/CardGroups"


def listed(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"count", "data"}
    for group in body["data"]:
        assert check("LoyaltyCardgroupsProductModel", group, strict_keys=False) == []
    return body


@pytest.mark.parametrize("path", [BASE, BASE.lower(), "/api/v2/LOYALTY/CARDGROUPS"])
async def test_the_seeded_groups_are_listed_without_simulator_keys(sim: SimulatorHandle, path: str) -> None:
    client = await sim.api_client()
    body = listed(await client.get(path))
    assert body["count"] == len(seed.CARD_GROUPS)
    assert [(g["id"], g["display_name"]) for g in body["data"]] == [(g.id, g.name) for g in seed.CARD_GROUPS]
    for group in body["data"]:
        assert group["object"] == "loyalty.cardgroups"
        assert group["merchant"] == {"object": "general.merchants", "id": seed.MERCHANT_ID}
        assert not [key for key in group if key.startswith("x_")]


async def test_offset_and_count_page_the_list(sim: SimulatorHandle) -> None:
    client = await sim.api_client()
    first = listed(await client.get(BASE, params={"count": 1}))
    second = listed(await client.get(BASE, params={"count": 1, "offset": 1}))
    beyond = listed(await client.get(BASE, params={"offset": 5}))
    assert [g["id"] for g in first["data"]] == [seed.LOYALTY_GROUP_ID]
    assert [g["id"] for g in second["data"]] == [seed.GIFT_GROUP_ID]
    assert beyond["data"] == []
    assert first["count"] == second["count"] == beyond["count"] == 2


@pytest.mark.parametrize(("params", "field"), [({"q": "display_name:x"}, "q"), ({"count": "-1"}, "count")])
async def test_a_search_or_a_bad_count_is_refused(
    sim: SimulatorHandle, params: dict[str, str], field: str
) -> None:
    client = await sim.api_client()
    response = await client.get(BASE, params=params)
    assert response.status_code == 400, response.text
    assert response.json()["error_details"].startswith(f"{field}: ")


async def test_the_list_needs_a_token(sim: SimulatorHandle) -> None:
    async with sim.client() as client:
        response = await client.get(BASE)
    assert response.status_code == 403
    assert response.json()["code"] == 2003
