"""An offline secuconnect service, faithful on the wire, for training, demos and tests.

What belongs here: the Starlette application over SQLite state (OAuth device flow, Loyalty
MerchantCards, Smart Transactions, payment containers, General Merchants), the seeded demo
shop, the ``/simulator/…`` controls (confirm a device, inject faults, reset), and the
``cashier simulator serve|seed`` commands' implementation. Reached in-process through
``httpx.ASGITransport`` or over TCP through uvicorn. It may import ``api`` wire models and
``domain`` only, and only ``app`` and the tests import it.
"""
