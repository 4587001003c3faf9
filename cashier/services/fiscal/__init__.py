"""The German till law: every sale signed by a TSE (docs/fiscal.md).

``port`` is what the till needs of a TSE; ``fiskaly_tse`` the adapter to fiskaly SIGN DE v2 (the
cloud TSE, or the embedded fiskaly simulator through the same client); ``recorder`` writes every
TSE call ahead to the journal and makes it safe to repeat; ``dsfinvk_export`` writes the export
a tax auditor asks for.
"""
