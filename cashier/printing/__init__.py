"""Receipts on ESC/POS printers.

What belongs here: the pure layout (``domain.Receipt`` → ESC/POS bytes, code page CP858, 80 mm
and 58 mm paper), the byte sinks chosen by a printer URI (``tcp://``, ``usb://``, ``serial://``,
``file://``, ``cups://``, ``win32://``, ``preview``) running off the event loop with short
timeouts, the cash-drawer kick, and the print queue that retries and reprints. A printer
failure never rolls back a sale.
"""
