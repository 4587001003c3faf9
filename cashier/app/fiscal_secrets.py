"""The TSE's secrets: fiskaly's API secret, and the TSS's admin PUK and admin PIN.

Kept like the till's other secrets (:mod:`cashier.api.secret_store`): in the OS keyring, or in
the 0600 ``secrets.json`` where no keyring can be used (or ``CASHIER_SECRET_STORE=file`` says
so); the embedded simulator's always in the file (they guard nothing). Never in
``settings.toml``, never in a log line (the store logs names and places only), never in a
``repr``.

Each secret has its scope: the API secret belongs to the API key (``fiskaly:<server>:key:<api
key>``), the PUK and PIN to the TSS (``fiskaly:<server>:tss:<tss id>``) — ``<server>`` is
``[fiscal] base_url`` or the TSE mode, so a served simulator's TSS never meets fiskaly's. A new
API key or TSS id therefore finds no secret until one is stored for it.

The admin PUK comes once, when the TSS is created (``cashier.app.fiscal_setup`` stores it at
once); the admin PIN is made by the set-up. The calls block (a keyring may talk D-Bus): async
callers run them in a worker thread.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

from keyring.backends import fail

from cashier.api.secret_store import SecretName, SecretStore
from cashier.domain.settings import Settings

if TYPE_CHECKING:
    from cashier.app.paths import AppPaths

SECRET_STORE_VARIABLE: Final = "CASHIER_SECRET_STORE"
"""``file`` keeps secrets in the 0600 file even where an OS keyring exists (as for the device)."""


def fiscal_secret_store(tse: str, paths: AppPaths) -> SecretStore:
    """Where the secrets of a TSE in mode ``tse`` are kept: the simulator's in the file, the
    others in the keyring (unless ``CASHIER_SECRET_STORE=file``)."""
    use_file = tse == "simulator" or os.environ.get(SECRET_STORE_VARIABLE, "").lower() == "file"
    return SecretStore(paths.data_dir, backend=fail.Keyring() if use_file else None)  # type: ignore[no-untyped-call]


class FiscalSecrets:
    """The secrets of the TSE of ``settings``' ``[fiscal]``, in ``store``. ``None`` from a getter:
    nothing stored (the simulator's own TSS has none: its seed knows them)."""

    def __init__(self, store: SecretStore, settings: Settings) -> None:
        self.store = store
        fiscal = settings.fiscal
        self.tse = fiscal.tse
        self.api_key = fiscal.api_key.strip()
        self.tss_id = fiscal.tss_id.strip()
        server = fiscal.base_url.strip().rstrip("/") or fiscal.tse
        self._api_scope = f"fiskaly:{server}:key:{self.api_key}"
        self._tss_scope = f"fiskaly:{server}:tss:{self.tss_id.lower()}"

    @classmethod
    def of(cls, settings: Settings, paths: AppPaths) -> FiscalSecrets:
        """The secrets of ``settings``' TSE in the store its mode uses."""
        return cls(fiscal_secret_store(settings.fiscal.tse, paths), settings)

    def for_settings(self, settings: Settings) -> FiscalSecrets:
        """The same store, for other ``[fiscal]`` settings (another key or TSS, once changed)."""
        return FiscalSecrets(self.store, settings)

    @property
    def location(self) -> str:
        """Where they are kept, for a log line or the settings page (no values)."""
        return self.store.location

    # --- fiskaly's API secret (with the API key) -------------------------------------------------
    def api_secret(self) -> str | None:
        return self.store.get(self._api_scope, SecretName.FISKALY_API_SECRET) if self.api_key else None

    def set_api_secret(self, value: str) -> None:
        self._set(self._api_scope, SecretName.FISKALY_API_SECRET, value, needs=("an API key", self.api_key))

    def delete_api_secret(self) -> None:
        if self.api_key:
            self.store.delete(self._api_scope, SecretName.FISKALY_API_SECRET)

    # --- the TSS's admin PUK (returned once, when the TSS is created) ------------------------------
    def admin_puk(self) -> str | None:
        return self.store.get(self._tss_scope, SecretName.TSE_ADMIN_PUK) if self.tss_id else None

    def set_admin_puk(self, value: str) -> None:
        self._set(self._tss_scope, SecretName.TSE_ADMIN_PUK, value, needs=("a TSS id", self.tss_id))

    # --- the TSS's admin PIN (chosen by the set-up) ------------------------------------------------
    def admin_pin(self) -> str | None:
        return self.store.get(self._tss_scope, SecretName.TSE_ADMIN_PIN) if self.tss_id else None

    def set_admin_pin(self, value: str) -> None:
        self._set(self._tss_scope, SecretName.TSE_ADMIN_PIN, value, needs=("a TSS id", self.tss_id))

    def _set(self, scope: str, name: SecretName, value: str, *, needs: tuple[str, str]) -> None:
        what, given = needs
        if not given:
            raise ValueError(f"the {name.value} belongs to {what}, and [fiscal] has none")
        if not value:
            raise ValueError(f"an empty {name.value} is not stored")
        self.store.set(scope, name, value)

    def __repr__(self) -> str:
        return f"FiscalSecrets(tse={self.tse!r}, tss {self.tss_id or '-'} in {self.store.location})"
