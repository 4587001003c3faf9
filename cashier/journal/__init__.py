"""The till's local memory: one SQLite file (WAL mode) in the data directory.

What belongs here: sales with their client sale id and smart transaction id, every state
transition (written before the remote call it leads to), the final transaction JSON, receipt
documents, print jobs, and the audit trail (cancellations, drawer openings, reprints, CSC
failures); versioned schema migrations; queries for the journal screen and the Z report.
CSC and PIN are never stored here.
"""
