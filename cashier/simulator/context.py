"""What every simulator handler receives: the store, the settings, the tokens and the fault table.

Its own module so that the handler modules (``cards``, ``transactions``, …) and ``app``, which
wires them into routes, both depend on it without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from cashier.simulator import seed
from cashier.simulator.config import SimulatorConfig
from cashier.simulator.faults import FaultTable
from cashier.simulator.oauth import Principal, TokenService
from cashier.simulator.store import SimulatorStore


@dataclass(slots=True)
class SimulatorContext:
    """What every handler needs: state, settings, tokens and the fault table."""

    store: SimulatorStore
    config: SimulatorConfig
    tokens: TokenService = field(init=False)
    faults: FaultTable = field(default_factory=FaultTable)

    def __post_init__(self) -> None:
        self.tokens = TokenService(self.store, self.config)

    def now(self) -> float:
        return self.config.clock()

    def authenticate(self, request: Request) -> Principal:
        return self.tokens.authenticate(request)

    def reset(self) -> None:
        """State back to the demo seed, no faults. Over HTTP the reset control first cancels the
        commits faults still hold (:meth:`FaultTable.cancel_pending`), so none lands afterwards."""
        self.store.reset()
        self.faults.clear()
        seed.apply_seed(self.store)
