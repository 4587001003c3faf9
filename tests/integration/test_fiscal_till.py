"""The till signs (issue #20): a sale through ``open_till`` as the app opens it, its receipt's
bytes decoded as the printer gets them, the QR code read back and verified against the fiskaly
simulator's public key; a cancellation and an abandoned basket as their own TSE transactions;
the TSE down — the sale goes on, its receipt says so, the outage is recorded and told once.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from dsfinvk.validate import validate_zip  # type: ignore[import-untyped]

from cashier.app.composition import Till, open_till
from cashier.app.day_cli import master_data
from cashier.app.fiscal_setup import FiskalyBackend
from cashier.app.paths import resolve_paths
from cashier.domain.basket import BasketLine
from cashier.domain.fiscal import signature_from_dict
from cashier.domain.money import Money
from cashier.domain.settings import PrinterSettings, Settings
from cashier.domain.vat import VatRate
from cashier.journal.fiscal import FiscalJournal, FiscalPurpose, FiscalState
from cashier.printing.escpos_decode import QrCode, decode, plain_text
from cashier.printing.profile import PrinterProfile
from cashier.services.fiscal.dsfinvk_export import export_dsfinvk
from cashier.services.sale import Tender
from cashier.simulator.fiskaly import seed
from cashier.simulator.fiskaly.app import FiskalySimulatorApp, create_fiskaly_app
from cashier.simulator.fiskaly.transport import EMBEDDED_BASE_URL, FiskalyEmbeddedTransport
from tests.helpers.printers import RecordingSink
from tests.helpers.tse_verify import verify_qr

COFFEE = BasketLine("Kaffee", Money(250), 1, VatRate.STANDARD)
CAKE = BasketLine("Käsekuchen", Money(380), 1, VatRate.REDUCED)


@dataclass
class SignedTill:
    till: Till
    fiskaly: FiskalySimulatorApp
    sink: RecordingSink

    @property
    def fiscal(self) -> FiscalJournal:
        return FiscalJournal(self.till.journal_db)

    async def control(self, method: str, path: str, **kwargs: Any) -> Any:
        root = EMBEDDED_BASE_URL.removesuffix("/api/v2")
        async with httpx.AsyncClient(base_url=root, transport=FiskalyEmbeddedTransport(self.fiskaly)) as http:
            answer = await http.request(method, path, **kwargs)
            answer.raise_for_status()
            return answer.json() if answer.content else None

    async def public_key(self) -> str:
        return str((await self.control("GET", f"/simulator/tss/{seed.TSS_ID}"))["public_key"])

    async def tse_down(self) -> None:
        await self.control(
            "POST", "/simulator/faults", json={"match": "* /api/v2/*", "mode": "down", "times": 0}
        )

    async def tse_back(self) -> None:
        await self.control("DELETE", "/simulator/faults")

    def printed(self) -> list[bytes]:
        return list(self.sink.jobs)


@pytest.fixture
async def signed(tmp_path: Path) -> AsyncIterator[SignedTill]:
    paths = resolve_paths({"CASHIER_HOME": str(tmp_path)})
    settings = Settings(
        simulator_terminal_delay=0.0, printer=PrinterSettings(uri="preview")
    ).with_device_uuid()
    fiskaly = create_fiskaly_app(db_path=tmp_path / "fiskaly.sqlite")
    async with open_till(settings, paths, tse_backend=FiskalyBackend(simulator=fiskaly)) as till:
        sink = RecordingSink()
        # The till's one print service (sales, reprints, cancellations), writing to a recording sink.
        till.printer._sink_factory = lambda _uri: sink
        till.printer.use_printer("test://recording", PrinterProfile.for_columns(32))  # 58 mm paper
        yield SignedTill(till, fiskaly, sink)
    fiskaly.ctx.store.close()


def qr_codes(data: bytes) -> list[str]:
    return [item.payload.decode("utf-8") for item in decode(data) if isinstance(item, QrCode)]


async def test_a_paid_sale_prints_a_qr_code_whose_signature_verifies(signed: SignedTill) -> None:
    till = signed.till
    sale = till.sales.new_sale()
    till.sales.add_line(sale, COFFEE)
    till.sales.add_line(sale, CAKE)
    result = await till.payments.pay(sale, Tender.CASH, given=Money(1000))
    assert result.printed
    [job] = signed.printed()
    [qr] = qr_codes(job)
    assert verify_qr(qr, await signed.public_key())
    fields = qr.split(";")
    assert fields[0] == "V0"
    assert fields[2] == "Kassenbeleg-V1"
    assert fields[3] == "AVTraining^2.50_3.80_0.00_0.00_0.00^6.30:Bar"  # simulator = training
    record = signed.fiscal.find(sale.sale_id, FiscalPurpose.SALE)
    assert record is not None
    assert record.state == FiscalState.FINISHED
    signature = signature_from_dict(record.signature_data or {})
    assert signature.qr_code_data == qr
    text = plain_text(job, 32)
    for label in (
        "TSE-Transaktion",
        "TSE-Signaturzähler",
        "TSE-Start",
        "TSE-Stop",
        "TSE-Seriennummer",
        "Kassen-Seriennummer",
        "TSE-Signatur",
        "TRAININGSBELEG",
    ):
        assert label in text, label
    assert str(signature.number) in text
    # The journal's receipt carries the mark: a reprint prints the same QR code.
    reprint = await till.back_office.reprint(result.print_jobs[0])
    assert reprint.printed
    assert qr_codes(signed.printed()[-1]) == [qr]


async def test_a_cancellation_is_its_own_signed_transaction_with_negative_amounts(signed: SignedTill) -> None:
    till = signed.till
    sale = till.sales.new_sale()
    till.sales.add_line(sale, COFFEE)
    await till.payments.pay(sale, Tender.CASH, given=Money(250))
    cancelled = await till.back_office.cancel_sale(sale.sale_id)
    assert cancelled.printed
    storno = signed.fiscal.find(sale.sale_id, FiscalPurpose.CANCELLATION)
    original = signed.fiscal.find(sale.sale_id, FiscalPurpose.SALE)
    assert storno is not None
    assert original is not None
    assert storno.state == FiscalState.FINISHED
    assert storno.tx_id != original.tx_id
    [qr] = qr_codes(signed.printed()[-1])
    assert qr.split(";")[3] == "AVTraining^-2.50_0.00_0.00_0.00_0.00^-2.50:Bar"
    assert verify_qr(qr, await signed.public_key())


async def test_an_abandoned_basket_is_started_and_cancelled_on_the_tse(signed: SignedTill) -> None:
    till = signed.till
    sale = till.sales.new_sale()
    till.sales.add_line(sale, COFFEE)
    await till.sales.abort(sale)
    assert till.fiscal is not None
    await till.fiscal.drain()
    record = signed.fiscal.find(sale.sale_id, FiscalPurpose.ABORT)
    assert record is not None
    assert record.state == FiscalState.CANCELLED
    facts = await signed.control("GET", f"/simulator/tss/{seed.TSS_ID}")
    states = {tx["_id"]: tx["state"] for tx in facts["transactions"]}
    assert states[record.tx_id] == "CANCELLED"


async def test_with_the_tse_down_the_sale_goes_on_says_so_and_is_told_once(signed: SignedTill) -> None:
    till = signed.till
    assert till.fiscal is not None
    told: list[tuple[bool, str]] = []
    till.fiscal.subscribe(lambda out, reason: told.append((out, reason)))
    await signed.tse_down()
    for _ in range(2):
        sale = till.sales.new_sale()
        till.sales.add_line(sale, COFFEE)
        result = await till.payments.pay(sale, Tender.CASH, given=Money(250))
        assert result.printed
        text = plain_text(signed.printed()[-1], 32)
        assert "TSE ausgefallen" in text
        assert "TSE nicht erreichbar" in text
        assert qr_codes(signed.printed()[-1]) == []
        assert "Kassen-Seriennummer" in text  # § 6 Nr. 6 also without a signature
    assert told == [(True, "TSE nicht erreichbar")]
    outage = signed.fiscal.open_outage()
    assert outage is not None
    await signed.tse_back()
    sale = till.sales.new_sale()
    till.sales.add_line(sale, CAKE)
    await till.payments.pay(sale, Tender.CASH, given=Money(380))
    assert qr_codes(signed.printed()[-1])
    assert told == [(True, "TSE nicht erreichbar"), (False, "TSE nicht erreichbar")]
    assert signed.fiscal.open_outage() is None
    [ended] = signed.fiscal.outages()
    assert ended.ended_at is not None
    await till.fiscal.drain()
    unsigned = signed.fiscal.in_states([FiscalState.UNSIGNED])
    assert len(unsigned) == 2  # the TSE never had them: unsigned for good, each with its reason
    assert all(record.error == "TSE nicht erreichbar" for record in unsigned)


async def test_the_days_signed_and_unsigned_sales_export_as_dsfinvk_with_the_tses_data(
    signed: SignedTill, tmp_path: Path
) -> None:
    """The export reads what the recorder wrote: each signed sale's transaction number, counter
    and signature as the TSE gave them; the sale made while the TSE was down with its error."""
    till = signed.till
    sold = till.sales.new_sale()
    till.sales.add_line(sold, COFFEE)
    await till.payments.pay(sold, Tender.CASH, given=Money(250))
    await signed.tse_down()
    unsigned = till.sales.new_sale()
    till.sales.add_line(unsigned, CAKE)
    await till.payments.pay(unsigned, Tender.CASH, given=Money(380))
    await signed.tse_back()
    assert till.fiscal is not None
    await till.fiscal.drain()
    await till.back_office.print_z_report(till.back_office.z_report())
    out = tmp_path / "export.zip"
    day = till.context.business_day()
    export_dsfinvk(till.journal_db, master_data(till.settings), day, day, out)
    assert validate_zip(str(out)) == []
    with zipfile.ZipFile(out) as archive:
        rows = list(
            csv.DictReader(io.TextIOWrapper(archive.open("transactions_tse.csv"), "utf-8"), delimiter=";")
        )
    by_bon = {row["BON_ID"]: row for row in rows}
    record = signed.fiscal.find(sold.sale_id, FiscalPurpose.SALE)
    assert record is not None
    signature = signature_from_dict(record.signature_data or {})
    assert by_bon[sold.sale_id]["TSE_TANR"] == str(signature.number)
    assert by_bon[sold.sale_id]["TSE_TA_SIG"] == signature.signature
    assert by_bon[sold.sale_id]["TSE_TA_SIGZ"] == str(signature.signature_counter)
    assert by_bon[sold.sale_id]["TSE_TA_FEHLER"] == ""
    assert by_bon[unsigned.sale_id]["TSE_TA_FEHLER"] == "TSE nicht erreichbar"
    assert by_bon[unsigned.sale_id]["TSE_TA_SIG"] == ""


async def test_the_kassenabschluss_says_which_sales_the_tse_did_not_sign(signed: SignedTill) -> None:
    till = signed.till
    sale = till.sales.new_sale()
    till.sales.add_line(sale, COFFEE)
    await till.payments.pay(sale, Tender.CASH, given=Money(250))
    assert till.back_office.z_report().tse_unsigned.count == 0
    assert till.back_office.z_report().tse_outages == 0
    await signed.tse_down()
    for line in (CAKE, COFFEE):
        sale = till.sales.new_sale()
        till.sales.add_line(sale, line)
        await till.payments.pay(sale, Tender.CASH, given=Money(500))
    await signed.tse_back()
    report = till.back_office.z_report()
    assert report.tse_unsigned.count == 2
    assert report.tse_unsigned.amount == Money(630)
    assert report.tse_outages == 1
    printed = await till.back_office.print_z_report(report)
    assert printed.printed
    text = plain_text(signed.printed()[-1], 32)
    assert "ohne TSE-Signatur (2)" in text
    assert "6,30 €" in text
    assert "TSE-Ausfälle" in text
