"""The shared client scenarios against https://connect-testing.secuconnect.com (opt-in, see conftest).

The same functions run against the simulator in tests/integration/api/test_scenarios.py.
Scenarios that need something the testing merchant may not have (a test card, a card group
for card creation, a terminal, SEPA) are skipped unless their settings are given.
"""

from __future__ import annotations

import pytest

from cashier.api.client import SecuconnectClient
from tests.helpers import api_scenarios as scenarios
from tests.helpers.api_scenarios import TestCard
from tests.live.conftest import LiveData, live

pytestmark = live


def needs_card(data: LiveData) -> TestCard:
    if data.card is None:
        pytest.skip("set CASHIER_LIVE_CARDNUMBER and CASHIER_LIVE_CSC for the card scenarios")
    return data.card


async def test_the_merchant(live_client: SecuconnectClient) -> None:
    await scenarios.read_merchant(live_client)


async def test_recognising_a_card(live_client: SecuconnectClient, live_data: LiveData) -> None:
    await scenarios.recognise_card(live_client, needs_card(live_data), live_data.unknown_cardnumber)


async def test_a_card_sale_paid_in_cash_then_cancelled(
    live_client: SecuconnectClient, live_data: LiveData
) -> None:
    card = needs_card(live_data)
    await scenarios.card_sale_paid_in_cash_then_cancelled(live_client, card, scenarios.reference("sale"))


async def test_an_unpaid_sale_is_found_by_its_reference(live_client: SecuconnectClient) -> None:
    await scenarios.unpaid_sale_found_by_reference_and_aborted(live_client, scenarios.reference("find"))


async def test_a_card_created_on_the_fly(live_client: SecuconnectClient, live_data: LiveData) -> None:
    if live_data.card_group_id is None:
        pytest.skip("set CASHIER_LIVE_CARDGROUP (a group enabled for card creation via smart transactions)")
    await scenarios.card_created_on_the_fly(live_client, live_data.card_group_id, scenarios.reference("new"))


async def test_a_terminal_payment_and_its_cancellation(
    live_client: SecuconnectClient, live_data: LiveData
) -> None:
    if not live_data.terminal:
        pytest.skip("set CASHIER_LIVE_TERMINAL=1 when a SmartZVT terminal is attached")
    await scenarios.terminal_payment_then_cancelled(live_client, scenarios.reference("zvt"))


async def test_end_of_day_and_diagnosis(live_client: SecuconnectClient, live_data: LiveData) -> None:
    if not live_data.terminal:
        pytest.skip("set CASHIER_LIVE_TERMINAL=1 when a SmartZVT terminal is attached")
    await scenarios.terminal_reports(live_client)


async def test_a_sepa_debit(live_client: SecuconnectClient, live_data: LiveData) -> None:
    if live_data.sepa_iban is None:
        pytest.skip("set CASHIER_LIVE_SEPA_IBAN to run the SEPA debit scenario")
    await scenarios.sepa_debit(
        live_client, live_data.sepa_owner, live_data.sepa_iban, scenarios.reference("sepa")
    )
