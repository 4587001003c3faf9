"""The journal screen: the transactions the till recorded, their details and receipts.

What belongs here: the journal dialog, its view-model, the details pane and the words that name
journal entries (``journal_words``).
"""
