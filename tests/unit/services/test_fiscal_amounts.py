"""What the TSE signs is read off the printed receipt (docs/fiscal.md, "What is signed")."""

from __future__ import annotations

from datetime import UTC, datetime

from cashier.domain.basket import Basket, BasketLine, card_load_line
from cashier.domain.fiscal import FiscalPayment, FiscalReceiptType, FiscalVat
from cashier.domain.money import Money
from cashier.domain.receipt import Receipt, ReceiptItem, ReceiptKind, ShopHeader, TenderKind, TenderLine
from cashier.domain.vat import VatRate
from cashier.services.fiscal.amounts import cancellation_of, fiscal_receipt_of

AT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def receipt(
    lines: list[BasketLine],
    tenders: list[TenderLine],
    *,
    bonus: list[ReceiptItem] | None = None,
    environment: str = "live",
    kind: ReceiptKind = ReceiptKind.SALE,
) -> Receipt:
    basket = Basket()
    for line in lines:
        basket = basket.add(line)
    return Receipt.for_sale(
        basket=basket,
        tenders=tenders,
        header=ShopHeader("Café Müller"),
        till_id="T1",
        sale_number="1",
        created_at=AT,
        environment=environment,  # type: ignore[arg-type]
        kind=kind,
        bonus_items=bonus or [],
    )


COFFEE = BasketLine("Kaffee", Money(250), 2, VatRate.STANDARD)
CAKE = BasketLine("Kuchen", Money(480), 1, VatRate.REDUCED)


def test_a_cash_sale_is_signed_per_rate_and_net_of_change() -> None:
    signed = fiscal_receipt_of(receipt([COFFEE, CAKE], [TenderLine.cash(Money(980), Money(2000))]))
    assert signed.receipt_type is FiscalReceiptType.RECEIPT
    assert signed.amounts_per_vat == ((FiscalVat.NORMAL, Money(500)), (FiscalVat.REDUCED_1, Money(480)))
    assert signed.amounts_per_payment == ((FiscalPayment.CASH, Money(980)),)


def test_bonus_is_a_discount_and_the_cash_balance_a_voucher_redeemed() -> None:
    bonus = [ReceiptItem("Bonus 19 %", 1, Money(-100), Money(-100), VatRate.STANDARD, is_bonus=True)]
    tenders = [
        TenderLine(TenderKind.CARD_CASH_BALANCE, Money(300)),
        TenderLine(TenderKind.TERMINAL, Money(580)),
    ]
    signed = fiscal_receipt_of(receipt([COFFEE, CAKE], tenders, bonus=bonus))
    assert signed.amounts_per_vat == (
        (FiscalVat.NORMAL, Money(400)),
        (FiscalVat.REDUCED_1, Money(480)),
        (FiscalVat.NULL, Money(-300)),
    )
    assert signed.amounts_per_payment == ((FiscalPayment.NON_CASH, Money(580)),)
    assert signed.total == Money(580)


def test_a_card_load_is_a_voucher_sold_at_the_null_rate_and_training_outside_live() -> None:
    load = card_load_line(Money(2000))
    signed = fiscal_receipt_of(
        receipt(
            [load],
            [TenderLine(TenderKind.SEPA, Money(2000))],
            environment="simulator",
            kind=ReceiptKind.CARD_LOAD,
        )
    )
    assert signed.receipt_type is FiscalReceiptType.TRAINING
    assert signed.amounts_per_vat == ((FiscalVat.NULL, Money(2000)),)
    assert signed.amounts_per_payment == ((FiscalPayment.NON_CASH, Money(2000)),)


def test_a_new_card_without_a_load_is_signed_as_other_without_amounts() -> None:
    signed = fiscal_receipt_of(receipt([], [TenderLine.cash(Money(0), Money(0))], kind=ReceiptKind.NEW_CARD))
    assert signed.receipt_type is FiscalReceiptType.OTHER
    assert signed.amounts_per_vat == ()
    assert signed.amounts_per_payment == ()


def test_a_cancellation_negates_every_amount() -> None:
    original = receipt([COFFEE], [TenderLine.cash(Money(500), Money(500))])
    storno = cancellation_of(original)
    assert storno.amounts_per_vat == ((FiscalVat.NORMAL, Money(-500)),)
    assert storno.amounts_per_payment == ((FiscalPayment.CASH, Money(-500)),)
