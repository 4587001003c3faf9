"""What the registration wizard needs from the app: one protocol and the values it passes.

Registering the till as a device (OAuth device flow) talks to secuconnect and writes the
settings file, both of which belong to ``cashier.app`` (a higher layer); the wizard sees them
only through :class:`DeviceRegistrar`. Failures arrive as :class:`RegistrationFailed` with a
:class:`RegistrationProblem`, which the wizard turns into words — never an ``api`` exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from cashier.ui.settings_ports import EnvironmentChoice


@dataclass(frozen=True, slots=True)
class RegistrationCode:
    """What the merchant needs to confirm the till: enter ``user_code`` at ``verification_url``."""

    user_code: str
    verification_url: str
    expires_at: datetime
    """When the code stops working (timezone-aware)."""


class RegistrationProblem(StrEnum):
    """Why a registration did not succeed, as far as the cashier can act on it."""

    CREDENTIALS_MISSING = "credentials_missing"  # no client id, or no client secret given or stored
    CREDENTIALS_REFUSED = "credentials_refused"  # the server refused client id / secret
    DEVICE_REFUSED = "device_refused"  # invalid_device: the vendor name or the device is not configured
    VENDOR_NAME = "vendor_name"  # no vendor name for testing/live, or not of the allowed form
    BAD_ADDRESS = "bad_address"  # the custom base URL cannot be used
    OFFLINE = "offline"  # no connection, or no answer in time
    CERTIFICATE = "certificate"  # the server's TLS certificate was refused
    EXPIRED = "expired"  # the code was not confirmed in time
    SERVER = "server"  # the server refused or answered something unreadable
    NOT_SAVED = "not_saved"  # confirmed, but the settings file could not be written


class RegistrationFailed(Exception):
    """A registration that did not succeed; ``detail`` is English for the log only."""

    def __init__(
        self,
        problem: RegistrationProblem,
        detail: str = "",
        support_id: str | None = None,
        *,
        vendor: str = "",
    ) -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail
        self.support_id = support_id
        self.vendor = vendor
        """The vendor name the till was registered under (``/vendor/<vendor>/…``), when known."""


class DeviceRegistrar(Protocol):
    """Registers the till in an environment and makes that environment the till's own."""

    async def register(
        self, choice: EnvironmentChoice, show_code: Callable[[RegistrationCode], None]
    ) -> None:
        """Ask for a user code, call ``show_code`` with it, wait until the merchant confirmed it,
        then save ``choice`` as the till's environment (the secret goes to the secret store).

        Raises :class:`RegistrationFailed`. Cancelling the awaiting task stops the waiting and
        leaves the settings as they were.
        """
        ...

    async def adopt(self, choice: EnvironmentChoice) -> None:
        """Save ``choice`` as the till's environment without a registration (the embedded
        simulator needs none). Raises :class:`RegistrationFailed` (``NOT_SAVED``)."""
        ...
