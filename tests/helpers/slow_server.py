"""The remote calls of a sale, as simulator fault globs (the slow-server matrices share them)."""

from __future__ import annotations

CREATE = "POST /api/v2/Smart/Transactions"
PRE = "POST /api/v2/Smart/Transactions/*/preTransaction"
START = "POST /api/v2/Smart/Transactions/*/start/*"
PREPARE = "POST /api/v2/Smart/Transactions/*/prepare/*"
START_PREPARED = "POST /api/v2/Smart/Transactions/*/start"
"""The bare start after a prepare (the docs' form); Cashier sends ``start/debit`` (:data:`START`)."""
CUSTOMER = "POST /api/v2/Payment/Customers"
CONTAINER = "POST /api/v2/Payment/Containers"
CANCEL = "POST /api/v2/Smart/Transactions/*/cancel"
