"""What can go wrong at the counter, as the cashier needs to hear it (docs/style.md habit 3).

``api`` errors are technical (HTTP status, envelope codes); the services map them once
(:func:`cashier.services.error_map.sale_error_from`) into these outcomes a cashier can act on.
The UI's message table and the CLI's exit codes are keyed on these classes.
Every outcome carries an English ``message``; ``ui`` translates.
"""

from __future__ import annotations


class SaleError(Exception):
    """A use case could not do what was asked; nothing was charged unless the class says so."""

    exit_code = 3  # the headless CLI's code for "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class InvalidInput(SaleError):
    """The cashier's input cannot be used (wraps a domain InputError's message)."""

    exit_code = 2


class InvalidState(SaleError):
    """The sale is not in a state that allows this step (e.g. paying an empty basket)."""

    exit_code = 2


class CardUnknown(SaleError):
    """The number is not a card of this merchant."""


class CardLocked(SaleError):
    """The card is locked and cannot be used."""


class WrongSecurityCode(SaleError):
    """The CSC did not match; ``tries_left`` more are allowed in this sale."""

    def __init__(self, message: str, tries_left: int) -> None:
        super().__init__(message)
        self.tries_left = tries_left


class SecurityCodeLockout(SaleError):
    """Too many wrong CSCs in this sale: the card cannot be used in it any more."""


class PinRequired(SaleError):
    """The card asks for its PIN before this operation."""


class WrongPin(SaleError):
    """The PIN did not match."""


class InsufficientCash(SaleError):
    """The cash given does not cover the amount due."""


class PaymentDeclined(SaleError):
    """The terminal (or the bank) declined; nothing was charged; the sale can be paid otherwise."""


class PaymentNotCarriedOut(SaleError):
    """secuconnect confirmed that the payment was not carried out (its transaction aborted, or
    unknown to the service): nothing was charged, and the cashier may start the payment again."""


class OutcomeUnknown(SaleError):
    """Whether the payment went through cannot be known now (the server cannot be reached to
    check). The sale stays "starting" and is reconciled before the till takes new work."""

    exit_code = 4

    def __init__(self, message: str, sale_id: str) -> None:
        super().__init__(message)
        self.sale_id = sale_id


class CancellationUnknown(OutcomeUnknown):
    """A cancellation was sent but its outcome is not confirmed yet: the sale is "cancelling"
    and reconciled; trying again is safe (the service never cancels twice)."""


class BackendUnavailable(SaleError):
    """secuconnect cannot be reached (or answers with an error we cannot act on); nothing changed."""

    exit_code = 4

    def __init__(self, message: str, support_id: str | None = None) -> None:
        super().__init__(message)
        self.support_id = support_id


class CancellationRefused(SaleError):
    """The former sale cannot be cancelled (already cancelled, settled, or the card no longer
    holds what the sale gave it)."""


class NotPossibleOffline(BackendUnavailable):
    """secuconnect cannot be reached and this needs it (a card's balance, a load, a new card, the
    terminal, a direct debit, a cancellation). ``what`` names the operation (:class:`OfflineRefusal`
    values) for the words the cashier reads; nothing changed."""

    def __init__(self, message: str, what: str) -> None:
        super().__init__(message)
        self.what = what


class OfflineConfirmationNeeded(SaleError):
    """An offline cash sale above the shop's limits (amount, or time offline) waits for a manager's
    confirmation; ``reason`` is ``amount`` or ``duration``. Nothing changed."""

    exit_code = 3

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
