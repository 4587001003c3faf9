"""What went wrong with a sale, as a kind the screens word in the cashier's language.

The journal keeps a sale's last problem as an English sentence for the log, the command line
and support (``last_error``: "declined", "not carried out: …", "outcome unknown: …"). The
screens never show that sentence: :func:`problem_of` sorts it into a :class:`SaleProblem`,
and the UI has one German and one English sentence for each kind.

Plain (only :mod:`cashier.services.sale`), so that ``ui`` may name it.
"""

from __future__ import annotations

from enum import StrEnum

from cashier.services.sale import SaleState


class SaleProblem(StrEnum):
    DECLINED = "declined"  # the terminal or the bank said no
    NOT_CARRIED_OUT = "not_carried_out"  # secuconnect confirmed: nothing was charged
    NOT_STARTED = "not_started"  # secuconnect refused to start the payment
    OUTCOME_UNKNOWN = "outcome_unknown"  # the payment's outcome is not confirmed yet
    SET_ASIDE = "set_aside"  # the cashier set a payment of unknown outcome aside
    DEBIT_FAILED = "debit_failed"  # a direct debit failed after the sale
    CANCEL_UNCLEAR = "cancel_unclear"  # a cancellation not confirmed yet
    CANCEL_REFUSED = "cancel_refused"
    OTHER = "other"


# The beginnings of the sentences the services store (payment, reconcile, after_sale).
_PREFIXES: tuple[tuple[str, SaleProblem], ...] = (
    ("declined", SaleProblem.DECLINED),
    ("not carried out", SaleProblem.NOT_CARRIED_OUT),
    ("secuconnect has no such payment", SaleProblem.NOT_CARRIED_OUT),
    ("no smart transaction was created", SaleProblem.NOT_CARRIED_OUT),
    ("refused:", SaleProblem.NOT_STARTED),
    ("outcome unknown", SaleProblem.OUTCOME_UNKNOWN),
    ("the direct debit failed", SaleProblem.DEBIT_FAILED),
    ("cancellation unclear", SaleProblem.CANCEL_UNCLEAR),
    ("cancellation refused", SaleProblem.CANCEL_REFUSED),
)


def problem_of(state: SaleState, last_error: str | None) -> SaleProblem | None:
    """The kind of a sale's last problem (None: there is none)."""
    if not last_error:
        return None
    if state is SaleState.ABORTED and last_error.endswith("; outcome unknown"):
        return SaleProblem.SET_ASIDE  # Reconciler.set_aside
    text = last_error.strip().lower()
    return next((kind for prefix, kind in _PREFIXES if text.startswith(prefix)), SaleProblem.OTHER)
