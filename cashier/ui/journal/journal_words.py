"""The journal's words for money and history: who paid which part of a sale, what a
cancellation gives back where, and each step of the sale's record in a cashier's words.

The parts come from the journal's own record (:class:`SaleMoney`): "Cash 4,60 € · Card balance
20,00 € · Bonus 3,50 €", never one amount under one tender. A cancellation gives each part
back where it came from (the service reverses every card booking of the sale), so the prompt
and the outcome say the same parts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cashier.domain.money import Money
from cashier.services.back_office_values import SaleMoney, Share, StepLine
from cashier.services.sale import SaleState, Tender
from cashier.ui.kit.formatting import MoneyFormat

translate = QCoreApplication.translate


def share_text(share: Share) -> str:
    return {
        Share.CASH: translate("JournalTexts", "Cash"),
        Share.TERMINAL: translate("JournalTexts", "Card terminal"),
        Share.SEPA: translate("JournalTexts", "SEPA debit"),
        Share.CARD_BALANCE: translate("JournalTexts", "Balance"),
        Share.BONUS: translate("JournalTexts", "Bonus"),
    }[share]


def share_texts(money: SaleMoney, fmt: MoneyFormat) -> list[str]:
    """One "Cash 4,60 €" per part of the sale, the tender first ([] for a sale without tender)."""
    return [f"{share_text(share)} {fmt.amount(amount)}" for share, amount in money.shares]


def shares_cell(money: SaleMoney, fmt: MoneyFormat) -> str:
    """The journal list's "paid with": the tender alone when it paid the whole sum (the sum is
    beside it), else one part with its amount a line."""
    if len(money.shares) == 1 and money.shares[0][1] == money.sum:
        return share_text(money.shares[0][0])
    return "\n".join(share_texts(money, fmt))


def shares_line(money: SaleMoney, fmt: MoneyFormat) -> str:
    return " · ".join(share_texts(money, fmt)) or "–"


def give_back_lines(money: SaleMoney, fmt: MoneyFormat) -> list[str]:
    """What cancelling the sale gives back, and where (for the prompt before it)."""
    lines: list[str] = []
    if money.collected.is_positive:
        amount = fmt.amount(money.collected)
        if money.tender is Tender.CASH:
            lines.append(
                translate("JournalTexts", "{amount} back in cash from the drawer").format(amount=amount)
            )
        elif money.tender is Tender.TERMINAL:
            lines.append(
                translate("JournalTexts", "{amount} back to the customer's bank card").format(amount=amount)
            )
        elif money.tender is Tender.SEPA:
            lines.append(
                translate("JournalTexts", "the direct debit of {amount} is cancelled").format(amount=amount)
            )
    lines += onto_card_lines(money.card_balance, money.bonus, fmt, done=False)
    lines += off_card_lines(money.bonus_granted, money.card_loaded, fmt, done=False)
    return lines


def onto_card_lines(balance: Money, bonus: Money, fmt: MoneyFormat, *, done: bool) -> list[str]:
    """The card balance and the bonus a sale had used, going (``done``: gone) back onto the card."""
    lines = []
    if balance.is_positive:
        text = (
            translate("JournalTexts", "{amount} went back onto the customer card's balance.")
            if done
            else translate("JournalTexts", "{amount} back onto the customer card's balance")
        )
        lines.append(text.format(amount=fmt.amount(balance)))
    if bonus.is_positive:
        text = (
            translate("JournalTexts", "{amount} bonus went back onto the customer card.")
            if done
            else translate("JournalTexts", "{amount} bonus back onto the customer card")
        )
        lines.append(text.format(amount=fmt.amount(bonus)))
    return lines


def off_card_lines(bonus_granted: Money, loaded: Money, fmt: MoneyFormat, *, done: bool) -> list[str]:
    """What the sale had put on the card and a cancellation takes off it again."""
    lines = []
    if bonus_granted.is_positive:
        text = (
            translate("JournalTexts", "The {amount} bonus the sale collected was taken off the card.")
            if done
            else translate("JournalTexts", "the {amount} bonus the sale collected comes off the card")
        )
        lines.append(text.format(amount=fmt.amount(bonus_granted)))
    if loaded.is_positive:
        text = (
            translate("JournalTexts", "The {amount} loaded onto the card was taken off it.")
            if done
            else translate("JournalTexts", "the {amount} loaded onto the card comes off it")
        )
        lines.append(text.format(amount=fmt.amount(loaded)))
    return lines


# --- the history ------------------------------------------------------------------------------
def step_state_text(state: str) -> str:
    """A state of the sale's record, finer than the list's (which calls every unpaid one "open")."""
    words = {
        SaleState.EDITING: translate("JournalTexts", "basket open"),
        SaleState.CARD_ATTACHED: translate("JournalTexts", "card attached"),
        SaleState.CSC_OK: translate("JournalTexts", "security code checked"),
        SaleState.PRICED: translate("JournalTexts", "card applied"),
        SaleState.STARTING: translate("JournalTexts", "payment running"),
        SaleState.PENDING: translate("JournalTexts", "direct debit in progress"),
        SaleState.COMPLETED: translate("JournalTexts", "paid"),
        SaleState.PRINTED: translate("JournalTexts", "paid, receipt printed"),
        SaleState.FAILED: translate("JournalTexts", "declined"),
        SaleState.ABORTED: translate("JournalTexts", "aborted"),
        SaleState.CANCELLING: translate("JournalTexts", "cancellation running"),
        SaleState.CANCELLED: translate("JournalTexts", "cancelled"),
    }
    try:
        return words[SaleState(state)]
    except ValueError:
        return state


def step_action_text(action: str) -> str:
    """What the till did (or secuconnect answered) at one step; an action this version does not
    know keeps its name."""
    words = {
        "card": translate("JournalTexts", "Card read"),
        "card_removed": translate("JournalTexts", "Card removed"),
        "csc_ok": translate("JournalTexts", "Security code correct"),
        "preTransaction": translate("JournalTexts", "Card balance and bonus applied"),
        "abort": translate("JournalTexts", "Sale aborted"),
        "start/cash": translate("JournalTexts", "Cash payment sent"),
        "start/cashless": translate("JournalTexts", "Payment at the card terminal started"),
        "start/debit": translate("JournalTexts", "Direct debit sent"),
        "start/loyalty": translate("JournalTexts", "Payment with the customer card sent"),
        "declined": translate("JournalTexts", "Payment declined"),
        "not_started": translate("JournalTexts", "Payment not started"),
        "not_carried_out": translate("JournalTexts", "Payment not carried out (confirmed by secuconnect)"),
        "pending": translate("JournalTexts", "Direct debit requested, not confirmed yet"),
        "completed": translate("JournalTexts", "Payment confirmed"),
        "printed": translate("JournalTexts", "Receipt printed"),
        "late_commit": translate("JournalTexts", "Payment booked late by secuconnect"),
        "set_aside": translate("JournalTexts", "Payment set aside"),
        "confirmed": translate("JournalTexts", "Direct debit confirmed"),
        "debit_failed": translate("JournalTexts", "Direct debit failed"),
        "cancel": translate("JournalTexts", "Cancellation sent"),
        "cancelTrx": translate("JournalTexts", "Reversal of the terminal payment sent"),
        "cancel_refused": translate("JournalTexts", "Cancellation refused"),
        "cancelled": translate("JournalTexts", "Cancellation confirmed"),
    }
    return words.get(action, action)


def step_text(step: StepLine) -> str:
    """``12:03:04  Cash payment sent → payment running``."""
    line = f"{step.at.astimezone().strftime('%H:%M:%S')}  {step_action_text(step.action)}"
    if step.to_state != step.from_state:
        line += f" → {step_state_text(step.to_state)}"
    return line
