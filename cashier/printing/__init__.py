"""Receipts on ESC/POS printers.

What belongs here: the pure layout (``domain.Receipt`` → ESC/POS bytes, code page CP858, 80 mm
and 58 mm paper), the byte sinks chosen by a printer URI (``tcp://``, ``usb://``, ``serial://``,
``file://``, ``cups://``, ``win32://``, ``preview``) running off the event loop with short
timeouts, the cash-drawer kick, and the print queue that retries and reprints. A printer
failure never rolls back a sale.

Map: ``text`` (code page, widths, wrapping) · ``profile`` (paper, drawer pulse) ·
``escpos_builder`` (the only user of python-escpos) · ``sections``, ``server_lines``,
``receipt_layout``, ``report_layout`` (the documents) · ``escpos_decode`` and ``escpos_items``
(reading bytes back) · ``preview`` (bytes → PNG) · ``errors`` · ``transports`` (one sink per
URI scheme) · ``samples`` (a demo sale). The queue itself is ``services.printing`` over
``journal.print_jobs``.
"""
