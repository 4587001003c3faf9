"""The till screen, where a cashier sells and loads cards.

What belongs here: the till's view, view-model and state (``till_view``, ``till_model``,
``till_state``), the card panel, basket, totals, tender and action bars, quick keys and free price,
the sale dialogs (cash, terminal, SEPA, security code, card load, new card, result), card sales and
checks, scan routing, open payments and the status bar the main window shows.
"""
