"""Setting up a fiskaly TSS and this till's client in it, resumable (fiscal-de.md §4).

The sequence: ``PUT /tss/{id}`` (CREATED; its answer alone carries the admin PUK) → ``PATCH``
UNINITIALIZED → ``PATCH /tss/{id}/admin`` {admin_puk, new_admin_pin} → ``POST …/admin/auth``
→ ``PATCH`` INITIALIZED → ``PUT /tss/{id}/client/{cid}`` {serial_number} → ``POST
…/admin/logout``.

:func:`provision_tss` reads the TSS first and goes on from where an earlier attempt stopped:
a TSS that does not exist is created; a CREATED one is set UNINITIALIZED; an UNINITIALIZED one
gets its PIN (with the PUK: this attempt's, or the one the caller kept from the attempt that
created it) — without a PUK the admin logs in with the PIN, which works when the earlier attempt
had set it; an INITIALIZED one only needs this till's client. The admin is logged out at the
end, also when a step failed.

The admin PUK is returned (and carried by :class:`ProvisioningFailed` once known) for the caller
to show or store once; it is never stored nor logged here. A PUK lost with a ``PUT`` whose
answer never came cannot be asked for again: such a TSS stays CREATED and a new TSS id is needed.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from cashier.fiskaly import FiskalyClient, FiskalyError, FiskalyRefused
from cashier.fiskaly.wire import Tss
from cashier.services.fiscal.port import TseError

log = logging.getLogger(__name__)

T = TypeVar("T")

PIN_DIGITS = 10


def new_admin_pin() -> str:
    """A random admin PIN (fiskaly asks for at least 6 characters)."""
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


@dataclass(frozen=True, slots=True)
class ProvisionedTss:
    tss_id: str
    client_id: str
    tss_serial: str | None
    client_serial: str
    admin_puk: str | None = field(repr=False)
    """The PUK when this call created the TSS (or the caller passed it), else None."""
    steps: tuple[str, ...] = ()
    """What this call did, e.g. ("create", "uninitialize", "set PIN", …), for the log and the UI."""


class ProvisioningFailed(TseError):
    """A step failed. ``step`` names it; ``admin_puk`` is the PUK once known (keep it for the next
    attempt); ``cause`` is the client's error. ``str()`` never shows the PUK."""

    def __init__(self, message: str, *, step: str, admin_puk: str | None, cause: Exception | None) -> None:
        super().__init__(message)
        self.step = step
        self.admin_puk = admin_puk
        self.cause = cause


async def provision_tss(
    client: FiskalyClient,
    *,
    tss_id: str,
    client_id: str,
    client_serial: str,
    admin_pin: str,
    admin_puk: str | None = None,
    on_admin_puk: Callable[[str], Awaitable[None]] | None = None,
) -> ProvisionedTss:
    """``on_admin_puk`` gets a new TSS's admin PUK the moment fiskaly returns it (once, at the
    creation), before anything else is sent: a set-up killed later does not lose it."""
    run = _Run(client, tss_id, admin_puk)
    try:
        await _initialized(run, admin_pin, on_admin_puk)
        registered = await run.step("read the client", _read_client(client, tss_id, client_id))
        if registered is None:
            await run.log_in(admin_pin)
            await run.step("register the client", client.register_client(tss_id, client_id, client_serial))
        elif registered != client_serial:
            raise run.failed(
                f"client {client_id} is registered with serial {registered!r}, not {client_serial!r}",
                step="read the client",
            )
        tss_serial = (await run.step("read the TSS", client.get_tss(tss_id))).serial_number
    finally:
        await run.log_out()
    done = ", ".join(run.done) or "nothing to do"
    log.info("fiskaly TSS %s set up for client %s (%s)", tss_id, client_id, done)
    return ProvisionedTss(tss_id, client_id, tss_serial, client_serial, run.puk, tuple(run.done))


async def _initialized(
    run: _Run, admin_pin: str, on_admin_puk: Callable[[str], Awaitable[None]] | None = None
) -> None:
    """The TSS INITIALIZED, from whatever state an earlier attempt left it in."""
    client, tss_id = run.client, run.tss_id
    tss = await run.step("read the TSS", _read_tss(client, tss_id))
    if tss is None:
        tss = await run.step("create the TSS", client.create_tss(tss_id))
        run.puk = tss.admin_puk
        if run.puk and on_admin_puk is not None:
            await on_admin_puk(run.puk)
    state = tss.state
    if state == "CREATED":
        state = (await run.step("uninitialize the TSS", client.set_tss_state(tss_id, "UNINITIALIZED"))).state
    if state == "INITIALIZED":
        return
    if state != "UNINITIALIZED":
        raise run.failed(
            f"TSS {tss_id} is {state}: it cannot be set up; choose a new TSS id", step="read the TSS"
        )
    if run.puk is not None:
        await run.step("set the admin PIN", client.set_admin_pin(tss_id, run.puk, admin_pin))
    await run.log_in(admin_pin)
    await run.step("initialize the TSS", client.set_tss_state(tss_id, "INITIALIZED"))


class _Run:
    def __init__(self, client: FiskalyClient, tss_id: str, puk: str | None) -> None:
        self.client = client
        self.tss_id = tss_id
        self.puk = puk
        self.logged_in = False
        self.done: list[str] = []

    async def step(self, name: str, call: Awaitable[T]) -> T:
        try:
            result = await call
        except FiskalyError as error:
            raise ProvisioningFailed(
                f"setting up TSS {self.tss_id} failed at '{name}': {error.message}",
                step=name,
                admin_puk=self.puk,
                cause=error,
            ) from error
        if not name.startswith("read"):
            self.done.append(name)
        return result

    def failed(self, message: str, *, step: str) -> ProvisioningFailed:
        return ProvisioningFailed(message, step=step, admin_puk=self.puk, cause=None)

    async def log_in(self, admin_pin: str) -> None:
        if not self.logged_in:
            await self.step("log in as admin", self.client.admin_login(self.tss_id, admin_pin))
            self.logged_in = True

    async def log_out(self) -> None:
        if not self.logged_in:
            return
        try:
            await self.client.admin_logout(self.tss_id)
            self.done.append("log out")
        except FiskalyError as error:  # the admin session ends by itself; the set-up is not undone
            log.warning("logging the admin of TSS %s out failed: %s", self.tss_id, error.message)


async def _read_tss(client: FiskalyClient, tss_id: str) -> Tss | None:
    try:
        return await client.get_tss(tss_id)
    except FiskalyRefused as refused:
        if refused.status == 404:
            return None
        raise


async def _read_client(client: FiskalyClient, tss_id: str, client_id: str) -> str | None:
    """The registered client's serial number, None when there is none."""
    try:
        return (await client.get_client(tss_id, client_id)).serial_number or ""
    except FiskalyRefused as refused:
        if refused.not_found:
            return None
        raise
