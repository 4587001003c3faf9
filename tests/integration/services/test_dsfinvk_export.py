"""The DSFinV-K export of a day of real sales (through the services, on the embedded simulator),
their TSE transactions as the recorder writes them, and the day's Kassenabschluss.

The sums in the CSVs are held to what the receipts printed (an independent record of each
sale): per VAT rate, per payment type, per business case; the TSE columns to the fiscal rows.
"""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from dsfinvk.validate import validate_zip  # type: ignore[import-untyped]

from cashier.domain.basket import BasketLine
from cashier.domain.fiscal import TseSignature, signature_to_dict
from cashier.domain.money import Money
from cashier.domain.receipt import Receipt, TenderKind
from cashier.domain.receipt_codec import loads_receipt
from cashier.domain.vat import VatRate
from cashier.journal.closings import ClosingJournal
from cashier.journal.fiscal import FiscalJournal, FiscalPurpose, FiscalState
from cashier.journal.sales import SaleRecord
from cashier.services.fiscal.dsfinvk_export import (
    TABLES,
    ExportError,
    ExportSummary,
    MasterData,
    export_dsfinvk,
)
from cashier.services.fiscal.dsfinvk_index import DTD_NAME, columns, file_name
from cashier.services.sale import Tender
from cashier.simulator import seed
from tests.helpers.engine import EMPTY, ERIKA, HEADER, SANDWICH, WATER, Engine, engine_for
from tests.helpers.simulator import SimulatorHandle

KUCHEN = BasketLine("Kuchen", Money(3000), 1, VatRate.REDUCED)
MASTER = MasterData(HEADER.name, HEADER.address_lines, "T1", vat_id="DE123456789", tax_number="12/345/67890")
SERIAL = "ab" * 32
UNREACHABLE = "TSE nicht erreichbar (Zeitüberschreitung)"


@pytest.fixture
def sim_mode() -> str:
    return "embedded"  # the journal is what is tested here, not the wire


def sign(engine: Engine, sale_id: str, purpose: str, number: int) -> TseSignature:
    """The TSE transaction the recorder writes for a sale: opened, then signed."""
    fiscal = FiscalJournal(engine.db)
    at = engine.sales.context.now()
    tx_id = str(uuid.uuid4())
    fiscal.open(
        tx_id=tx_id, sale_id=sale_id, purpose=purpose, tss_id="tss", client_id="c", environment="live", at=at
    )
    signature = TseSignature(
        tss_id="tss", tx_id=tx_id, number=number, time_start=at, time_end=at, signature_counter=100 + number,
        signature=f"SIG{number}==", algorithm="ecdsa-plain-SHA256", public_key="PUBKEY==", tss_serial=SERIAL,
        client_serial="ERS T1", time_format="unixTime", process_type="Kassenbeleg-V1",
        process_data=f"Beleg^{number}.00_0.00_0.00_0.00_0.00^{number}.00:Bar", qr_code_data="V0;…",
    )  # fmt: skip
    state = FiscalState.CANCELLED if purpose == FiscalPurpose.ABORT else FiscalState.FINISHED
    fiscal.update(tx_id, at=at, state=state, revision=2, signature=signature_to_dict(signature))
    return signature


async def a_day_of_sales(engine: Engine) -> dict[str, str]:
    """Every kind of Vorgang the till makes, each signed but one; returns their sale ids by name."""
    ids: dict[str, str] = {}
    sale = engine.sales.new_sale()  # cash, 19 % and 7 %
    engine.sales.add_line(sale, WATER)
    engine.sales.add_line(sale, SANDWICH)
    await engine.payments.pay(sale, Tender.CASH, given=Money(1000))
    ids["cash"] = sale.sale_id
    sale = engine.sales.new_sale()  # bonus and cash balance, the rest in cash
    engine.sales.add_line(sale, WATER)
    engine.sales.add_line(sale, KUCHEN)
    await engine.sales.attach_card(sale, ERIKA)
    await engine.sales.check_csc(sale, "1234")
    await engine.sales.apply_card(sale)
    await engine.payments.pay(sale, Tender.CASH, given=Money(1000))
    ids["card"] = sale.sale_id
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, WATER)
    await engine.payments.pay(sale, Tender.TERMINAL)
    ids["terminal"] = sale.sale_id
    sale = engine.sales.new_sale()
    await engine.sales.attach_card(sale, EMPTY)
    engine.sales.add_card_load(sale, Money(2500))
    await engine.payments.pay(sale, Tender.CASH, given=Money(2500))
    ids["load"] = sale.sale_id
    sale = engine.sales.new_sale()
    engine.sales.create_card(sale, seed.LOYALTY_GROUP_ID)
    await engine.payments.pay(sale, Tender.CASH, given=Money(0))
    ids["new_card"] = sale.sale_id
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, SANDWICH)
    await engine.payments.pay(sale, Tender.CASH, given=Money(349))
    ids["cancelled"] = sale.sale_id
    sale = engine.sales.new_sale()
    engine.sales.add_line(sale, WATER)
    await engine.sales.abort(sale)
    ids["aborted"] = sale.sale_id
    sale = engine.sales.new_sale()  # the TSE was down
    engine.sales.add_line(sale, KUCHEN)
    await engine.payments.pay(sale, Tender.CASH, given=Money(3000))
    ids["unsigned"] = sale.sale_id
    for number, name in enumerate(["cash", "card", "terminal", "load", "new_card", "cancelled"], start=1):
        sign(engine, ids[name], FiscalPurpose.SALE, number)
    sign(engine, ids["aborted"], FiscalPurpose.ABORT, 7)
    FiscalJournal(engine.db).open(
        tx_id=str(uuid.uuid4()), sale_id=ids["unsigned"], purpose=FiscalPurpose.SALE, tss_id="tss", client_id="c",
        environment="live", at=engine.sales.context.now(), state=FiscalState.UNSIGNED, error=UNREACHABLE,
    )  # fmt: skip
    await engine.after_sale.cancel_sale(ids["cancelled"])
    sign(engine, ids["cancelled"], FiscalPurpose.CANCELLATION, 8)
    engine.db.execute("UPDATE sales SET environment = 'live'")  # a live till's journal
    return ids


def table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def number(text: str) -> Decimal:
    """A German decimal as the CSVs write it: ``1.234,50``."""
    return Decimal(text.replace(".", "").replace(",", ".")) if text else Decimal(0)


def euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


@dataclass
class Exported:
    archive: zipfile.ZipFile
    path: Path
    summary: ExportSummary
    ids: dict[str, str]
    kept: list[SaleRecord]  # the sales that stand (not cancelled, not aborted)
    receipts: list[Receipt]  # their printed receipts
    signatures: dict[tuple[str, str], dict[str, Any] | None]

    def table(self, name: str) -> list[dict[str, str]]:
        return table(self.archive, name)


@pytest.fixture
async def exported(sim: SimulatorHandle, tmp_path: Path) -> AsyncIterator[Exported]:
    async with engine_for(sim, tmp_path) as engine:
        ids = await a_day_of_sales(engine)
        report = engine.after_sale.close_day(engine.after_sale.z_report())
        assert report.closing_number == 1
        day = report.business_day.isoformat()
        out = tmp_path / "export.zip"
        summary = export_dsfinvk(engine.db, MASTER, day, day, out)
        kept = [engine.journal.get(ids[name]) for name in ids if name not in ("cancelled", "aborted")]
        signatures = {
            (row.sale_id, row.purpose): row.signature_data
            for row in FiscalJournal(engine.db).in_states(FiscalState.SIGNED)
        }
    with zipfile.ZipFile(out) as archive:
        receipts = [loads_receipt(r.receipt_json or "") for r in kept]
        yield Exported(archive, out, summary, ids, kept, receipts, signatures)


async def test_the_zip_is_valid_and_index_xml_lists_every_csv_with_its_columns(exported: Exported) -> None:
    assert validate_zip(str(exported.path)) == []
    assert exported.summary.closings == (1,)
    assert exported.summary.unsigned == 1
    archive = exported.archive

    # Every file index.xml lists is in the ZIP, with its columns in the CSV's order.
    index = ET.fromstring(archive.read("index.xml"))
    listed = {
        t.findtext("URL"): [c.findtext("Name") for c in t.iter("VariableColumn")] for t in index.iter("Table")
    }
    assert set(listed) == {file_name(model) for model in TABLES}
    assert set(archive.namelist()) == {*listed, "index.xml", DTD_NAME}
    for name, names in listed.items():
        assert archive.read(name).decode().split("\r\n")[0].split(";") == names
    assert set(listed[file_name(TABLES[0])]) == set(columns(TABLES[0]))
    assert f'<!DOCTYPE DataSet SYSTEM "{DTD_NAME}">' in archive.read("index.xml").decode()


async def test_the_sums_per_vat_rate_are_the_printed_receipts(exported: Exported) -> None:
    """UST_SCHLUESSEL 1 = 19 %, 2 = 7 %, 5 = 0 % (card loads) less the card balance spent."""
    archive, kept, receipts = exported.archive, exported.kept, exported.receipts
    per_vat: dict[str, Decimal] = defaultdict(Decimal)
    for row in table(archive, "transactions_vat.csv"):
        per_vat[row["UST_SCHLUESSEL"]] += number(row["BON_BRUTTO"])
    printed = {
        rate: sum((v.gross.cents for r in receipts for v in r.vat_summary if v.rate is rate), 0)
        for rate in VatRate
    }
    balance = sum(r.cash_balance_used for r in kept)
    assert balance > 0
    assert per_vat == {"1": euros(printed[VatRate.STANDARD]), "2": euros(printed[VatRate.REDUCED]),
                       "5": euros(printed[VatRate.ZERO] - balance)}  # fmt: skip
    voided = {
        (row["BON_ID"], row["POS_ZEILE"]) for row in table(archive, "lines.csv") if row["P_STORNO"] == "1"
    }
    lines_vat: dict[str, Decimal] = defaultdict(Decimal)
    for row in table(archive, "lines_vat.csv"):
        if (row["BON_ID"], row["POS_ZEILE"]) not in voided:
            lines_vat[row["UST_SCHLUESSEL"]] += number(row["POS_BRUTTO"])
    assert lines_vat == per_vat


async def test_the_sums_per_payment_type_are_the_printed_receipts(exported: Exported) -> None:
    archive, receipts = exported.archive, exported.receipts
    tenders = defaultdict(int)
    for receipt in receipts:
        for tender in receipt.tenders:
            tenders[tender.kind] += tender.amount.cents
    paid = {row["ZAHLART_NAME"]: number(row["Z_ZAHLART_BETRAG"]) for row in table(archive, "payment.csv")}
    assert paid == {
        "Bar": euros(tenders[TenderKind.CASH]),
        "Kartenterminal": euros(tenders[TenderKind.TERMINAL]),
    }
    per_bon: dict[str, Decimal] = defaultdict(Decimal)
    for row in table(archive, "datapayment.csv"):
        per_bon[row["ZAHLART_TYP"]] += number(row["BASISWAEH_BETRAG"])
    assert per_bon == {"Bar": paid["Bar"], "Unbar": paid["Kartenterminal"]}
    [closing] = table(archive, "cashpointclosing.csv")
    assert number(closing["Z_SE_BARZAHLUNGEN"]) == paid["Bar"]
    assert number(closing["Z_SE_ZAHLUNGEN"]) == paid["Bar"] + paid["Kartenterminal"]
    assert (closing["Z_NR"], closing["USTID"], closing["STNR"]) == ("1", "DE123456789", "12/345/67890")
    assert (closing["PLZ"], closing["ORT"], closing["STRASSE"]) == ("12345", "Musterstadt", "Sonnenallee 1")
    [cash] = table(archive, "cash_per_currency.csv")
    assert (cash["ZAHLART_WAEH"], number(cash["ZAHLART_BETRAG_WAEH"])) == ("EUR", paid["Bar"])


async def test_the_sums_per_business_case_are_the_printed_receipts(exported: Exported) -> None:
    archive, kept, receipts = exported.archive, exported.kept, exported.receipts
    balance = sum(r.cash_balance_used for r in kept)
    cases: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in table(archive, "businesscases.csv"):
        cases[(row["GV_TYP"], row["UST_SCHLUESSEL"])] += number(row["Z_UMS_BRUTTO"])
    bonus = {
        rate: sum((i.total.cents for r in receipts for i in r.items if i.is_bonus and i.vat is rate), 0)
        for rate in VatRate
    }
    goods = {
        rate: sum((i.total.cents for r in receipts for i in r.items if not i.is_bonus and i.vat is rate), 0)
        for rate in VatRate
    }
    loads = sum(r.card_loaded for r in kept)
    assert bonus[VatRate.STANDARD] < 0
    assert bonus[VatRate.REDUCED] < 0
    assert {key: value for key, value in cases.items() if value} == {
        ("Umsatz", "1"): euros(goods[VatRate.STANDARD]),
        ("Umsatz", "2"): euros(goods[VatRate.REDUCED]),
        ("Rabatt", "1"): euros(bonus[VatRate.STANDARD]),
        ("Rabatt", "2"): euros(bonus[VatRate.REDUCED]),
        ("MehrzweckgutscheinKauf", "5"): euros(loads),
        ("MehrzweckgutscheinEinloesung", "5"): -euros(balance),
    }  # fmt: skip
    assert goods[VatRate.ZERO] == loads  # no other 0 % goods were sold


async def test_one_bon_per_vorgang_and_the_cancellation_refers_to_its_original(exported: Exported) -> None:
    archive, ids = exported.archive, exported.ids
    heads = {row["BON_ID"]: row for row in table(archive, "transactions.csv")}
    storno_id = f"{ids['cancelled']}-S"
    assert set(heads) == {*ids.values(), storno_id}
    assert heads[ids["aborted"]]["BON_TYP"] == "AVBelegabbruch"
    assert heads[ids["new_card"]]["BON_TYP"] == "AVSonstige"
    assert number(heads[ids["new_card"]]["UMS_BRUTTO"]) == 0
    assert {heads[ids[n]]["BON_TYP"] for n in ("cash", "card", "terminal", "load", "unsigned")} == {"Beleg"}
    assert heads[storno_id]["BON_STORNO"] == "1"
    assert number(heads[storno_id]["UMS_BRUTTO"]) == -number(heads[ids["cancelled"]]["UMS_BRUTTO"]) < 0
    [reference] = table(archive, "references.csv")
    assert (reference["BON_ID"], reference["REF_TYP"], reference["REF_BON_ID"], reference["REF_Z_NR"]) == (
        storno_id, "Transaktion", ids["cancelled"], "1",
    )  # fmt: skip
    assert number(heads[ids["aborted"]]["UMS_BRUTTO"]) == 0
    voided = {
        (row["BON_ID"], row["POS_ZEILE"]) for row in table(archive, "lines.csv") if row["P_STORNO"] == "1"
    }
    assert {bon_id for bon_id, _ in voided} <= {ids["aborted"]}  # only an aborted basket's lines are voided


async def test_the_tse_columns_are_the_fiscal_rows(exported: Exported) -> None:
    archive, ids, signatures = exported.archive, exported.ids, exported.signatures
    storno_id = f"{ids['cancelled']}-S"
    tse = {row["BON_ID"]: row for row in table(archive, "transactions_tse.csv")}
    for name in ("cash", "card", "terminal", "load", "new_card", "cancelled", "aborted"):
        purpose = FiscalPurpose.ABORT if name == "aborted" else FiscalPurpose.SALE
        expected = signatures[(ids[name], purpose)]
        assert expected is not None
        row = tse[ids[name]]
        assert (row["TSE_TANR"], row["TSE_TA_SIGZ"], row["TSE_TA_SIG"]) == (
            str(expected["number"]), str(expected["signature_counter"]), expected["signature"],
        )  # fmt: skip
        assert (row["TSE_TA_VORGANGSART"], row["TSE_VORGANGSDATEN"], row["TSE_ID"]) == (
            "Kassenbeleg-V1", expected["process_data"], "1",
        )  # fmt: skip
        assert row["TSE_TA_FEHLER"] == ""
        started = datetime.fromisoformat(str(expected["time_start"]))
        assert datetime.fromisoformat(row["TSE_TA_START"].replace("Z", "+00:00")) == started
    assert tse[storno_id]["TSE_TANR"] == "8"
    assert (tse[ids["unsigned"]]["TSE_TA_FEHLER"], tse[ids["unsigned"]]["TSE_TANR"]) == (UNREACHABLE, "")
    [master] = table(archive, "tse.csv")
    assert (master["TSE_SERIAL"], master["TSE_ZEITFORMAT"], master["TSE_PUBLIC_KEY"]) == (
        SERIAL,
        "unixTime",
        "PUBKEY==",
    )
    assert master["TSE_ZERTIFIKAT_I"] == ""
    [register] = table(archive, "cashregister.csv")
    assert register["KASSE_SERIENNR"] == "ERS T1"


async def test_a_day_without_its_closing_is_refused_by_name(sim: SimulatorHandle, tmp_path: Path) -> None:
    async with engine_for(sim, tmp_path) as engine:
        sale = engine.sales.new_sale()
        engine.sales.add_line(sale, WATER)
        await engine.payments.pay(sale, Tender.CASH, given=Money(198))
        day = sale.business_day
        out = tmp_path / "export.zip"
        with pytest.raises(ExportError, match=f"no Kassenabschluss for {day}"):
            export_dsfinvk(engine.db, MASTER, day, day, out)
        assert not out.exists()
        with pytest.raises(ExportError, match="no sales"):
            export_dsfinvk(engine.db, MASTER, "2001-01-01", "2001-01-31", out)
        first = engine.after_sale.close_day(engine.after_sale.z_report(day))
        again = engine.after_sale.close_day(engine.after_sale.z_report(day))  # a reprint
        assert first.closing_number == again.closing_number == 1
        assert engine.after_sale.z_report(day).closing_number == 1
        assert len(ClosingJournal(engine.db).between(day, day)) == 1
        export_dsfinvk(engine.db, MASTER, day, day, out)
        with zipfile.ZipFile(out) as archive:
            [head] = table(archive, "transactions.csv")
        assert head["BON_TYP"] == "AVTraining"  # a sale on the simulator
