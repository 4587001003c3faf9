"""Cashier — a desktop till for secucard loyalty cards on the secuconnect API.

The package is layered (see ``DESIGN.md`` §3 in the shared notes, summarised in the README):
``app -> ui -> services -> (api | printing | journal) -> domain``; ``simulator`` stands beside
them and is reached only from ``app`` and the tests.
"""

__version__ = "0.1.0"
