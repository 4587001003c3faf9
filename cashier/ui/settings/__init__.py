"""The settings screen and the first-run wizard built from its pages.

What belongs here: the settings dialog, its pages (till, terminal, printer, screen, scanner) and
their shared widgets, and the first-run wizard that shows the same pages before the first sale.
"""
