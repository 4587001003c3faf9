"""The fiskaly SIGN DE v2 simulator: a cloud TSE that signs with a real P-256 key
(docs/fiskaly-simulator.md). Embedded through :mod:`~cashier.simulator.fiskaly.transport`,
served by ``cashier simulator serve`` under ``/fiskaly/api/v2``."""
