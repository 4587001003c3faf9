"""Pure rules of the till, in standard-library Python only.

What belongs here: :class:`~cashier.domain.money.Money` in integer cents and the parser for
typed amounts; VAT rates and the VAT summary; the basket; card numbers, security codes and
PINs as the cashier enters them; IBAN validation; tender arithmetic (change, bonus allocation);
the receipt document model; the till's settings as one frozen value. Nothing here does I/O,
knows about Qt, HTTP, SQLite or printers, or imports anything outside the standard library
(``tests/contract`` proves it).
"""
