"""Our secuconnect client: httpx ``AsyncClient`` plus pydantic wire models.

What belongs here: one base client that owns transport, timeouts and retries; OAuth (device
flow, refresh, client credentials) and token storage through ``keyring``; one typed request
and response model per resource (Loyalty MerchantCards, Smart Transactions, payment
containers, General Merchants); the typed error tree, with httpx exceptions caught in exactly
one place. Payments (``start/*``) are never retried blindly. No Qt, no journal, no printing.
"""
