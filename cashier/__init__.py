"""Cashier — a desktop till for secucard loyalty cards on the secuconnect API.

The package is layered (see ``docs/architecture.md``, summarised in the README):
``app -> ui -> services -> (api | printing | journal | devices) -> domain``; ``simulator`` stands beside
them and is reached only from ``app`` and the tests.
"""

__version__ = "0.1.0"
