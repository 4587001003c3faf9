"""What the settings screens need from the app, as plain values and protocols.

The settings file and the device registration belong to ``cashier.app`` (a higher layer); the
settings screens see them only through these types, and the app passes implementations in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EnvironmentChoice:
    """Where the till should work: the settings dialog asks, the registration wizard carries it out.

    ``client_secret`` goes to the secret store, never to ``settings.toml``; empty means "keep the
    stored one".
    """

    environment: str  # simulator, testing, live, custom
    base_url: str = ""  # for custom
    client_id: str = ""
    client_secret: str = ""
