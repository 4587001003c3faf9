"""A hand-written :class:`~cashier.app.fiscal_setup.TseBackend` for the settings, CLI and page
tests: it keeps its TSSs in memory, hands out one admin PUK per new TSS, and fails on request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from cashier.app.fiscal_setup import TseConnection, TssSetUp
from cashier.services.fiscal.port import TseError, TseStatus, TseTransaction

PUKS = ("4711081547", "2718281828", "3141592653")


@dataclass
class FakeTss:
    puk: str
    pin: str | None = None
    clients: dict[str, str] = field(default_factory=dict)  # client id: serial


class FakeTse:
    """Enough of the port for ``build_tse`` tests (the connection it was made for)."""

    def __init__(self, connection: TseConnection) -> None:
        self.connection = connection

    @property
    def environment(self) -> str:
        return self.connection.tse

    @property
    def tss_id(self) -> str:
        return self.connection.tss_id

    @property
    def client_id(self) -> str:
        return self.connection.client_id

    async def start(self, tx_id: str) -> TseTransaction:
        raise NotImplementedError

    async def finish(self, tx_id: str, revision: int, receipt: object) -> TseTransaction:
        raise NotImplementedError

    async def cancel(self, tx_id: str, revision: int) -> TseTransaction:
        raise NotImplementedError

    async def lookup(self, tx_id: str) -> TseTransaction | None:
        raise NotImplementedError

    async def status(self) -> TseStatus:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None


class FakeTseBackend:
    """TSSs by id; ``fail`` is raised by the next set-up (after the PUK when ``after_puk``)."""

    def __init__(self) -> None:
        self.tsss: dict[str, FakeTss] = {}
        self.connections: list[TseConnection] = []
        self.pins_given: list[str] = []
        self.puks_given: list[str | None] = []
        self.fail: TseError | None = None
        self.after_puk = False
        self._puks = iter(PUKS)

    def tse(self, connection: TseConnection) -> FakeTse:
        self.connections.append(connection)
        return FakeTse(connection)

    async def set_up(
        self,
        connection: TseConnection,
        *,
        admin_pin: str,
        admin_puk: str | None,
        keep_admin_puk: Callable[[str], Awaitable[None]],
    ) -> TssSetUp:
        self.connections.append(connection)
        self.pins_given.append(admin_pin)
        self.puks_given.append(admin_puk)
        if self.fail is not None and not self.after_puk:
            raise self.fail
        tss = self.tsss.get(connection.tss_id)
        new_puk = ""
        if tss is None:
            new_puk = next(self._puks)
            tss = self.tsss[connection.tss_id] = FakeTss(new_puk)
            await keep_admin_puk(new_puk)
        if self.fail is not None:
            raise self.fail
        already = tss.pin is not None and connection.client_id in tss.clients
        if tss.pin is None:
            if (admin_puk or new_puk) != tss.puk:
                raise TseError("the admin PUK is wrong")
            tss.pin = admin_pin
        elif tss.pin != admin_pin:
            raise TseError("the admin PIN is wrong")
        tss.clients.setdefault(connection.client_id, connection.client_serial)
        return TssSetUp(
            connection.tss_id,
            connection.client_id,
            connection.client_serial,
            tss_serial="ab" * 32,
            admin_puk=new_puk,
            already=already,
        )
