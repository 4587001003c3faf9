"""Use cases as async code without Qt: what a cashier can do, step by step.

What belongs here: the sale state machine (card, CSC/PIN, basket, pricing, payment by card,
cash, terminal or SEPA), loading cards, creating cards, cancellations and reversals, end of
day and the Z report, device registration, reconciliation of unknown outcomes at start-up.
Services turn ``api`` errors into outcomes (``CardLocked``, ``WrongSecurityCode``,
``PaymentDeclined``, ``OutcomeUnknown``, ``BackendUnavailable``) and write every step to the
``journal`` before the remote call it leads to. The GUI and the headless CLI drive the same code.
"""
