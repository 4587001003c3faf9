"""``SecuconnectClient.card_groups``: the merchant's card groups as ``CardGroup`` models.

The call has no operation in the SDK contract: the request is checked to carry no body and
only the documented list parameter ``count``, the answer's groups against
``LoyaltyCardgroupsProductModel``. A read: retried after a server error.
"""

from __future__ import annotations

from pathlib import Path

from cashier.api.card_calls import MAX_CARD_GROUPS
from cashier.api.cards import CardGroup
from cashier.simulator import seed
from tests.helpers.contract import check
from tests.helpers.simulator import SimulatorHandle
from tests.helpers.till import add_fault, till_session


async def test_card_groups_are_read_as_models(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with till_session(sim, tmp_path) as till:
        groups = await till.client.card_groups()
        [request] = till.transport.api_requests()
    assert all(isinstance(group, CardGroup) for group in groups)
    assert [(g.id, g.display_name, g.object) for g in groups] == [
        (group.id, group.name, "loyalty.cardgroups") for group in seed.CARD_GROUPS
    ]
    assert (request.method, request.path, request.query) == (
        "GET",
        "/api/v2/Loyalty/Cardgroups",
        f"count={MAX_CARD_GROUPS}",
    )
    assert request.body is None
    for group in groups:
        wire = group.model_dump(mode="json", by_alias=True, exclude_none=True)
        assert check("LoyaltyCardgroupsProductModel", wire, strict_keys=False) == []
        assert not [key for key in wire if key.startswith("x_")]


async def test_a_server_error_is_retried_like_every_read(sim: SimulatorHandle, tmp_path: Path) -> None:
    await add_fault(sim, match="GET /api/v2/loyalty/cardgroups", mode="http_500", times=1)
    async with till_session(sim, tmp_path) as till:
        groups = await till.client.card_groups()
        calls = till.transport.calls("GET", "/api/v2/Loyalty/Cardgroups")
    assert len(groups) == len(seed.CARD_GROUPS)
    assert calls == 2
