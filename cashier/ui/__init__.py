"""The PySide6 user interface a cashier looks at all day.

What belongs here: windows, dialogs and widgets; view-models that own screen state and talk
to ``services``; the one TaskRunner that starts all async work from the UI; the table that turns
errors into German and English words; the scanner event filter; display formatting of money
(``12,50 €``). Never imports ``api``, ``printing``, ``httpx`` or ``escpos`` — everything goes
through ``services`` (import-linter contract ``ui-goes-through-services``).
"""
