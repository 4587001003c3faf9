"""Our secuconnect client: httpx ``AsyncClient`` plus pydantic wire models.

What belongs here: one base client that owns transport, timeouts and retries; OAuth (device
flow, refresh, client credentials) and token storage through ``keyring``; one typed request
and response model per resource (Loyalty MerchantCards, Smart Transactions, payment
containers, General Merchants); the typed error tree, with httpx exceptions caught in exactly
one place. Payments (``start/*``) are never retried blindly. No Qt, no journal, no printing,
and nothing else from Cashier (import-linter contract ``api-is-standalone``).

Modules: ``environments`` (where to and how patiently; the only network transport factory),
``errors`` (the error tree and its two mapping functions), ``http`` (``BaseClient``), ``auth``
(device flow and client credentials), ``secret_store`` (keyring or 0600 file), ``redaction``
(log filter), ``wire`` (the wire model bases, shared small shapes, the OAuth answers).
Wire models per resource: ``cards``, ``transactions``, ``containers``, ``merchants``,
``receipts`` (receipt lines). Operations: ``client`` (``SecuconnectClient``, the facade) with
``card_calls`` and ``transaction_calls``; ``paths`` (URLs and guards for caller data in them);
``session`` (base client + authenticator + client from settings, for the composition root).
"""
