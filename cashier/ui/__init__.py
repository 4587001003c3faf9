"""The PySide6 user interface a cashier looks at all day.

What belongs here: windows, dialogs and widgets; view-models that own screen state and talk
to ``services``; the one TaskRunner that starts all async work from the UI; the table that turns
errors into German and English words; the scanner event filter; display formatting of money
(``12,50 €``). Never imports ``api``, ``printing``, ``httpx`` or ``escpos`` — everything goes
through ``services`` (import-linter contract ``ui-goes-through-services``).

Grouped by screen: ``kit`` (what every screen shares), ``till``, ``journal``, ``end_of_day``,
``settings`` (with the first-run wizard) and ``registration``; a screen package imports ``kit`` and
the top-level modules, never the internals of another screen (the till shows the journal's tender
words, ``journal.journal_details.tender_text``, the one exception). At the top level: the main window,
and the ports the app implements (``ports``, ``back_office_ports``, ``settings_ports``,
``registration_ports``) with the catalogue they name.
"""
