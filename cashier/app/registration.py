"""Registering the till in another environment: the app side of the registration wizard.

:class:`AppRegistrar` implements :class:`~cashier.ui.registration_ports.DeviceRegistrar`. It
opens a device session for the chosen environment (the same secret store and device uuid that
:func:`~cashier.app.composition.open_till` will use there), keeps the client secret in the
secret store — never in ``settings.toml`` —, asks for a user code, waits for the merchant to
confirm it and only then writes the environment, base URL, client id and vendor name (with the
device uuid ``/vendor/<vendor>/…`` that was registered) to ``settings.toml``.
The till itself keeps running on its old environment meanwhile; the caller restarts it.

``api`` errors are translated here, once, into a :class:`RegistrationProblem` the wizard can
put into words. A registration that does not succeed changes nothing: the client secret
stored before comes back, and the settings file is not touched.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Final

import httpx

from cashier.api.environments import ClientSettings, network_transport
from cashier.api.errors import (
    ApiError,
    CertificateRejected,
    CredentialsMissing,
    DeviceCodeExpired,
    InvalidBaseUrl,
    InvalidClient,
    InvalidDevice,
    SecuconnectError,
    TransportError,
)
from cashier.api.secret_store import ScopedSecrets, SecretName
from cashier.api.session import device_session
from cashier.app.composition import MissingCredentials, MissingVendor, secret_store_for
from cashier.app.paths import AppPaths
from cashier.app.settings import load_settings, save_settings
from cashier.domain.settings import SECUCONNECT_ENVIRONMENTS, Settings, SettingsError
from cashier.ui.registration_ports import RegistrationCode, RegistrationFailed, RegistrationProblem
from cashier.ui.settings_ports import EnvironmentChoice

log = logging.getLogger(__name__)

SIMULATOR: Final = "simulator"

TransportFactory = Callable[[ClientSettings], httpx.AsyncBaseTransport]


class AppRegistrar:
    """Device registration through ``cashier.api`` and the settings file of ``paths``.

    ``settings`` are the running till's (its device uuid is the one registered). ``clock``
    and ``sleep`` time the code's expiry and the polls; ``transport_for`` builds the network
    transport of an environment (tests keep the default: a served simulator over loopback).
    """

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        transport_for: TransportFactory = network_transport,
    ) -> None:
        self._paths = paths
        self._settings = settings.with_device_uuid()
        self._clock = clock
        self._sleep = sleep
        self._transport_for = transport_for

    @property
    def device_uuid(self) -> str:
        return self._settings.device_uuid

    async def register(
        self, choice: EnvironmentChoice, show_code: Callable[[RegistrationCode], None]
    ) -> None:
        if choice.environment == SIMULATOR:  # the embedded simulator confirms every till at once
            await self.adopt(choice)
            return
        client_id = choice.client_id.strip() or self._settings.client_id
        if not client_id:
            raise RegistrationFailed(RegistrationProblem.CREDENTIALS_MISSING, "no client id")
        device = self._device_for(choice)
        client_settings = _client_settings(choice)
        session = device_session(
            client_settings,
            transport=self._transport_for(client_settings),
            secret_store=secret_store_for(choice.environment, self._paths),
            client_id=client_id,
            device_uuid=device.device_uuid,
            clock=self._clock,
            sleep=self._sleep,
        )
        log.info(
            "registering the till with %s (%s) as %s",
            client_settings.base_url,
            choice.environment,
            device.device_uuid,
        )
        async with session:
            restore = await _keep_secret(session.secrets, choice.client_secret)
            confirmed = False
            try:
                registration = await session.auth.register(device.device_uuid)
                show_code(
                    RegistrationCode(
                        registration.user_code, registration.verification_url, registration.expires_at
                    )
                )
                await session.auth.wait_for_confirmation(registration)
                confirmed = True
            except ApiError as error:
                raise _failure(error, device.vendor_name) from error
            finally:
                if not confirmed:  # refused, expired or cancelled: nothing changes, the secret neither
                    await restore()
        log.info("the till is registered with %s", client_settings.base_url)
        await self._adopt(replace(choice, client_id=client_id), device)

    def _device_for(self, choice: EnvironmentChoice) -> Settings:
        """The till's settings with the vendor name of ``choice``: its device uuid is the one to
        register (the vendor segment changes, the till's own id stays)."""
        vendor = choice.vendor.strip() or self._settings.vendor
        if not vendor:
            if choice.environment in SECUCONNECT_ENVIRONMENTS:  # secupay knows no device of no vendor
                raise RegistrationFailed(RegistrationProblem.VENDOR_NAME, "no vendor name")
            return self._settings
        try:
            return self._settings.with_vendor(vendor)
        except SettingsError as error:
            raise RegistrationFailed(RegistrationProblem.VENDOR_NAME, str(error)) from error

    async def adopt(self, choice: EnvironmentChoice) -> None:
        await self._adopt(choice, self._settings)

    async def _adopt(self, choice: EnvironmentChoice, device: Settings) -> None:
        try:
            await asyncio.to_thread(self._save, choice, device)
        except (OSError, SettingsError) as error:
            log.error("the environment %s could not be saved: %s", choice.environment, error)
            raise RegistrationFailed(RegistrationProblem.NOT_SAVED, str(error)) from error
        log.info("environment %s saved to %s", choice.environment, self._paths.settings_file)

    def _save(self, choice: EnvironmentChoice, device: Settings) -> None:
        """The settings file with the new environment; everything else as the file has it."""
        file = self._paths.settings_file
        current = load_settings(file) if file.exists() else self._settings
        custom = choice.environment == "custom"
        changed = replace(
            current,
            environment=choice.environment,
            base_url=choice.base_url.strip() if custom else "",
            client_id=choice.client_id.strip() or current.client_id,
            vendor=device.vendor,  # with the device uuid that was registered
            device_uuid=device.device_uuid,
        )
        save_settings(file, changed)


def _client_settings(choice: EnvironmentChoice) -> ClientSettings:
    try:
        return ClientSettings.for_environment(choice.environment, choice.base_url.strip() or None)
    except InvalidBaseUrl as error:
        raise RegistrationFailed(RegistrationProblem.BAD_ADDRESS, error.message) from error
    except ValueError as error:  # not an environment at all
        raise RegistrationFailed(RegistrationProblem.BAD_ADDRESS, str(error)) from error


async def _keep_secret(secrets: ScopedSecrets, client_secret: str) -> Callable[[], Awaitable[None]]:
    """Store a newly entered client secret; the returned function puts the previous one back
    (or removes it), so that a registration that did not succeed changes nothing."""
    if not client_secret:
        return _nothing
    previous = await asyncio.to_thread(secrets.get, SecretName.CLIENT_SECRET)
    await asyncio.to_thread(secrets.set, SecretName.CLIENT_SECRET, client_secret)

    async def restore() -> None:
        log.info("the client secret entered for the registration is not kept")
        if previous:
            await asyncio.to_thread(secrets.set, SecretName.CLIENT_SECRET, previous)
        else:
            await asyncio.to_thread(secrets.delete, SecretName.CLIENT_SECRET)

    return restore


async def _nothing() -> None:
    return None


def _failure(error: ApiError, vendor: str) -> RegistrationFailed:
    """The registration wizard's failure (``vendor``: the vendor segment of the device uuid
    that was sent)."""
    log.warning("the registration did not succeed: %s", error.message)
    support_id = error.support_id if isinstance(error, SecuconnectError) else None
    return RegistrationFailed(registration_problem(error), error.message, support_id, vendor=vendor)


def registration_problem(error: ApiError) -> RegistrationProblem:
    """The one translation of the client's errors into what the cashier can act on, for the
    registration wizard and for a start that fails (:func:`start_problem`)."""
    if isinstance(error, CredentialsMissing):
        return RegistrationProblem.CREDENTIALS_MISSING
    if isinstance(error, InvalidClient):
        return RegistrationProblem.CREDENTIALS_REFUSED
    if isinstance(error, InvalidDevice):
        return RegistrationProblem.DEVICE_REFUSED
    if isinstance(error, DeviceCodeExpired):
        return RegistrationProblem.EXPIRED
    if isinstance(error, InvalidBaseUrl):
        return RegistrationProblem.BAD_ADDRESS
    if isinstance(error, CertificateRejected):
        return RegistrationProblem.CERTIFICATE
    if isinstance(error, TransportError):
        return RegistrationProblem.OFFLINE
    return RegistrationProblem.SERVER


def start_problem(error: Exception) -> RegistrationProblem | None:
    """Why :func:`~cashier.app.composition.open_till` (which registers the till if need be)
    failed, as far as the cashier can act on it; ``None``: a bug."""
    if isinstance(error, MissingVendor):
        return RegistrationProblem.VENDOR_NAME
    if isinstance(error, MissingCredentials):
        return RegistrationProblem.CREDENTIALS_MISSING
    if isinstance(error, ApiError):
        return registration_problem(error)
    return None
