"""A small standalone client for fiskaly SIGN DE v2, the cloud TSE (docs/fiskaly-simulator.md).

It imports nothing else from Cashier (an import-linter contract says so): the TSE adapter in
``cashier.services.fiscal.fiskaly_tse`` turns its answers and errors into the till's words.
"""

from cashier.fiskaly.auth import FiskalyCredentials
from cashier.fiskaly.client import FiskalyClient
from cashier.fiskaly.environments import LIVE_BASE_URL, TEST_BASE_URL, FiskalyTimeouts
from cashier.fiskaly.errors import FiskalyError, FiskalyOutcomeUnknown, FiskalyRefused, FiskalyUnreachable

__all__ = [
    "LIVE_BASE_URL",
    "TEST_BASE_URL",
    "FiskalyClient",
    "FiskalyCredentials",
    "FiskalyError",
    "FiskalyOutcomeUnknown",
    "FiskalyRefused",
    "FiskalyTimeouts",
    "FiskalyUnreachable",
]
