"""Devices on the till's ports, read without Qt: today the serial barcode scanner's port.

What belongs here: pyserial reading (a reader thread that opens a port, retries while it is
missing and hands each line to a callback). The Qt side (signals into the card panel, messages
in words) stays in ``ui/kit/serial_scanner.py``. Sits in the layer of ``api``, ``printing`` and
``journal`` (import-linter contract ``layers``): imports ``domain`` at most, never Qt.
"""
