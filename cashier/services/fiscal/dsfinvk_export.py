"""The DSFinV-K export: the journal's Kassenabschlüsse of a date range as the ZIP a tax auditor
asks for (docs/dsfinvk.md).

:func:`export_dsfinvk` reads the closings of the business days ``first_day`` … ``last_day``
(:mod:`cashier.journal.closings`), the Vorgänge of those days (:mod:`.dsfinvk_bons`: sales,
aborts, cancellations, with what the TSE signed or why it did not) and writes, with the
``dsfinvk`` library's models, every CSV that :data:`TABLES` names — a table without rows as its
header alone — plus ``index.xml`` and its DTD (:mod:`.dsfinvk_index`). Money goes in as
``Decimal`` made from integer cents. A day with Vorgänge but no closing (its Z report not
printed) is refused, by name: a Vorgang belongs to a Kassenabschluss, never to a made-up one.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from dsfinvk.models import (  # type: ignore[import-untyped]  # no type hints
    Bon_Referenzen,
    Bonkopf,
    Bonkopf_USt,
    Bonkopf_Zahlarten,
    Bonpos,
    Bonpos_USt,
    Stamm_Abschluss,
    Stamm_Kassen,
    Stamm_Orte,
    Stamm_TSE,
    Stamm_USt,
    TSE_Transaktionen,
    Z_GV_Typ,
    Z_Waehrungen,
    Z_Zahlart,
)
from dsfinvk.table import Model  # type: ignore[import-untyped]

from cashier import __version__
from cashier.domain.fiscal import TseSignature
from cashier.domain.money import CURRENCY, Money
from cashier.domain.vat import VatRate, tax_in_gross
from cashier.journal.closings import Closing, ClosingJournal
from cashier.journal.database import JournalDatabase
from cashier.journal.fiscal import FiscalJournal
from cashier.journal.sales import SaleJournal
from cashier.services.fiscal.dsfinvk_bons import CASH, Bon, BonLine, bons_of
from cashier.services.fiscal.dsfinvk_index import DTD, DTD_NAME, columns, file_name, index_xml

TAXONOMY_VERSION = "2.4"
"""Stamm_Abschluss.TAXONOMIE_VERSION: the DSFinV-K version the ``dsfinvk`` 2.4.0 models follow."""

TABLES: tuple[type[Model], ...] = (
    Stamm_Abschluss,
    Stamm_Orte,
    Stamm_Kassen,
    Stamm_USt,
    Stamm_TSE,
    Z_GV_Typ,
    Z_Zahlart,
    Z_Waehrungen,
    Bonkopf,
    Bonkopf_USt,
    Bonkopf_Zahlarten,
    Bon_Referenzen,
    TSE_Transaktionen,
    Bonpos,
    Bonpos_USt,
)
"""Every file of the export, in the order index.xml lists them."""

VAT_RATES = {
    1: (Decimal(19), "Regelsteuersatz 19 %"),
    2: (Decimal(7), "Ermäßigter Steuersatz 7 %"),
    5: (Decimal(0), "Nicht steuerbar (0 %)"),
}
"""Stamm_USt: the VAT ids the till uses (DSFinV-K UST_SCHLUESSEL)."""
_RATE_OF_ID = {1: VatRate.STANDARD, 2: VatRate.REDUCED}
BRAND = "Cashier"


class ExportError(Exception):
    """Nothing was written; ``str()`` says why in words a shop owner can act on."""


@dataclass(frozen=True, slots=True)
class MasterData:
    """What the till knows of the business (the receipt header's settings) and of itself."""

    shop_name: str
    address_lines: tuple[str, ...]
    till_id: str
    vat_id: str = ""  # USt-IdNr. (USTID), e.g. DE123456789
    tax_number: str = ""  # Steuernummer (STNR)
    software_version: str = __version__


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: str
    first_day: str
    last_day: str
    closings: tuple[int, ...]
    bons: int
    unsigned: int
    turnover: int  # cents: UMS_BRUTTO of every Bon
    payments: dict[str, int] = field(default_factory=dict)  # cents per ZAHLART_TYP

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "from": self.first_day,
            "to": self.last_day,
            "closings": list(self.closings),
            "transactions": self.bons,
            "unsigned": self.unsigned,
            "turnover_cents": self.turnover,
            "payments_cents": dict(self.payments),
        }


def export_dsfinvk(
    db: JournalDatabase, master: MasterData, first_day: str, last_day: str, out: Path
) -> ExportSummary:
    """Write the DSFinV-K ZIP of ``first_day`` … ``last_day`` to ``out`` (replaced whole, or
    not at all). Raises :class:`ExportError` when there is nothing to export or a day with
    Vorgänge has no Kassenabschluss."""
    closings = ClosingJournal(db).between(first_day, last_day, master.till_id)
    fiscal = FiscalJournal(db).between("0", "9")  # every one: cancellations may sign days later
    bons = bons_of(SaleJournal(db), fiscal, first_day, last_day, master.till_id)
    closed = {closing.business_day for closing in closings}
    open_days = sorted({bon.business_day for bon in bons} - closed)
    if open_days:
        raise ExportError(
            f"no Kassenabschluss for {', '.join(open_days)}: print the Z report of "
            f"{'that day' if len(open_days) == 1 else 'those days'} first (cashier day close --day "
            f"{open_days[0]}), then export again"
        )
    if not closings:
        raise ExportError(f"no sales and no Kassenabschluss from {first_day} to {last_day}")
    writer = _Tables(master, _tses(bons), ClosingJournal(db))
    for closing in closings:
        writer.closing(closing, [bon for bon in bons if bon.business_day == closing.business_day])
    _write_zip(out, writer.rows, index_xml(TABLES, supplier=master.shop_name, location=", ".join(
        master.address_lines), comment=f"DSFinV-K, {BRAND} {master.software_version}"))  # fmt: skip
    payments: dict[str, int] = defaultdict(int)
    for bon in bons:
        for payment in bon.payments:
            payments[payment.kind] += payment.amount
    return ExportSummary(
        path=str(out),
        first_day=first_day,
        last_day=last_day,
        closings=tuple(closing.z_nr for closing in closings),
        bons=len(bons),
        unsigned=sum(1 for bon in bons if bon.signature is None),
        turnover=sum(bon.total for bon in bons),
        payments=dict(payments),
    )


def euros(cents: int) -> Decimal:
    """Cents as an exact ``Decimal`` of euros."""
    return Decimal(cents).scaleb(-2)


def line_tax(line: BonLine) -> int:
    """The VAT in a line's gross (none for VAT id 5)."""
    rate = _RATE_OF_ID.get(line.vat_id)
    return 0 if rate is None else tax_in_gross(Money(line.total), rate).cents


def _tses(bons: Iterable[Bon]) -> list[TseSignature]:
    """One signature of every TSS that signed a Bon of the export (its master data), by serial."""
    seen: dict[str, TseSignature] = {}
    for bon in bons:
        if bon.signature is not None:
            seen.setdefault(bon.signature.tss_serial, bon.signature)
    return list(seen.values())


def _row(model: type[Model], **values: Any) -> Model:
    return model(**{name: value for name, value in values.items() if value is not None})


class _Tables:
    """The rows of every table, closing by closing."""

    def __init__(self, master: MasterData, tses: list[TseSignature], closings: ClosingJournal) -> None:
        self.master = master
        self.tses = tses
        self.closings = closings
        self.rows: dict[type[Model], list[Model]] = defaultdict(list)

    def add(self, model: type[Model], **values: Any) -> None:
        self.rows[model].append(_row(model, **values))

    def closing(self, closing: Closing, bons: list[Bon]) -> None:
        z = {"Z_KASSE_ID": self.master.till_id, "Z_ERSTELLUNG": closing.created, "Z_NR": closing.z_nr}
        for bon in bons:
            self._bon(z, bon)
        self._master_data(z, closing, bons)
        self._totals(z, bons)

    # --- Einzelaufzeichnung -----------------------------------------------------------------------
    def _bon(self, z: dict[str, Any], bon: Bon) -> None:
        self.add(
            Bonkopf,
            **z,
            BON_ID=bon.bon_id,
            BON_NR=bon.number,
            BON_TYP=bon.bon_type,
            BON_NAME=bon.name,
            BON_STORNO=bon.cancellation,
            BON_START=bon.start,
            BON_ENDE=bon.end,
            UMS_BRUTTO=euros(bon.total),
            BON_NOTIZ=None if bon.refers_to is None else f"Storno von {bon.refers_to.bon_id}",
        )
        gross: dict[int, int] = defaultdict(int)
        for number, line in enumerate(bon.lines, start=1):
            self._line(z, bon, number, line)
            if not line.voided:
                gross[line.vat_id] += line.total
        for vat_id in sorted(gross):
            rate = _RATE_OF_ID.get(vat_id)
            tax = 0 if rate is None else tax_in_gross(Money(gross[vat_id]), rate).cents
            self.add(
                Bonkopf_USt,
                **z,
                BON_ID=bon.bon_id,
                UST_SCHLUESSEL=vat_id,
                BON_BRUTTO=euros(gross[vat_id]),
                BON_NETTO=euros(gross[vat_id] - tax),
                BON_UST=euros(tax),
            )
        for payment in bon.payments:
            self.add(
                Bonkopf_Zahlarten,
                **z,
                BON_ID=bon.bon_id,
                ZAHLART_TYP=payment.kind,
                ZAHLART_NAME=payment.name,
                BASISWAEH_BETRAG=euros(payment.amount),
            )
        if bon.refers_to is not None:
            self._reference(z, bon, bon.refers_to)
        self._tse(z, bon)

    def _line(self, z: dict[str, Any], bon: Bon, number: int, line: BonLine) -> None:
        self.add(
            Bonpos,
            **z,
            BON_ID=bon.bon_id,
            POS_ZEILE=str(number),
            ARTIKELTEXT=line.text,
            GV_TYP=line.business_case,
            P_STORNO=line.voided,
            ART_NR=line.article_number,
            GTIN=line.ean,
            MENGE=Decimal(line.quantity),
            STK_BR=euros(line.unit_price),
        )
        tax = line_tax(line)
        self.add(
            Bonpos_USt,
            **z,
            BON_ID=bon.bon_id,
            POS_ZEILE=str(number),
            UST_SCHLUESSEL=line.vat_id,
            POS_BRUTTO=euros(line.total),
            POS_NETTO=euros(line.total - tax),
            POS_UST=euros(tax),
        )

    def _reference(self, z: dict[str, Any], bon: Bon, original: Bon) -> None:
        closing = self.closings.of_day(self.master.till_id, original.business_day)
        self.add(
            Bon_Referenzen,
            **z,
            BON_ID=bon.bon_id,
            REF_TYP="Transaktion",
            REF_DATUM=None if closing is None else closing.created,
            REF_Z_KASSE_ID=self.master.till_id,
            REF_Z_NR=None if closing is None else closing.z_nr,
            REF_BON_ID=original.bon_id,
        )

    def _tse(self, z: dict[str, Any], bon: Bon) -> None:
        signature = bon.signature
        error = None if bon.tse_error is None else bon.tse_error[:200]
        if signature is None:
            self.add(TSE_Transaktionen, **z, BON_ID=bon.bon_id, TSE_TA_FEHLER=error)
            return
        self.add(
            TSE_Transaktionen,
            **z,
            BON_ID=bon.bon_id,
            TSE_ID=self._tse_id(signature),
            TSE_TANR=signature.number,
            TSE_TA_START=_log_time(signature.time_start),
            TSE_TA_ENDE=_log_time(signature.time_end),
            TSE_TA_VORGANGSART=signature.process_type,
            TSE_TA_SIGZ=signature.signature_counter,
            TSE_TA_SIG=signature.signature,
            TSE_TA_FEHLER=error,
            TSE_VORGANGSDATEN=signature.process_data,
        )

    def _tse_id(self, signature: TseSignature) -> int:
        serials = [tse.tss_serial for tse in self.tses]
        return serials.index(signature.tss_serial) + 1

    # --- Stammdaten ---------------------------------------------------------------------------------
    def _master_data(self, z: dict[str, Any], closing: Closing, bons: list[Bon]) -> None:
        street, postcode, city = _address(self.master.address_lines)
        payments = [payment for bon in bons for payment in bon.payments]
        self.add(
            Stamm_Abschluss,
            **z,
            Z_BUCHUNGSTAG=None
            if closing.created.date().isoformat() == closing.business_day
            else closing.business_day,
            TAXONOMIE_VERSION=TAXONOMY_VERSION,
            Z_START_ID=bons[0].bon_id if bons else None,
            Z_ENDE_ID=bons[-1].bon_id if bons else None,
            NAME=self.master.shop_name,
            STRASSE=street,
            PLZ=postcode,
            ORT=city,
            LAND="DEU",
            STNR=self.master.tax_number or None,
            USTID=self.master.vat_id or None,
            Z_SE_ZAHLUNGEN=euros(sum(p.amount for p in payments)),
            Z_SE_BARZAHLUNGEN=euros(sum(p.amount for p in payments if p.kind == CASH)),
        )
        self.add(
            Stamm_Orte,
            **z,
            LOC_NAME=self.master.shop_name,
            LOC_STRASSE=street,
            LOC_PLZ=postcode,
            LOC_ORT=city,
            LOC_LAND="DEU",
            LOC_USTID=self.master.vat_id or None,
        )
        serials = {bon.signature.client_serial for bon in bons if bon.signature is not None}
        self.add(
            Stamm_Kassen,
            **z,
            KASSE_BRAND=BRAND,
            KASSE_MODELL=BRAND,
            KASSE_SERIENNR=min(serials) if serials else self.master.till_id,
            KASSE_SW_BRAND=BRAND,
            KASSE_SW_VERSION=self.master.software_version,
            KASSE_BASISWAEH_CODE=CURRENCY,
            KEINE_UST_ZUORDNUNG=False,
        )
        for vat_id, (percent, words) in VAT_RATES.items():
            self.add(Stamm_USt, **z, UST_SCHLUESSEL=vat_id, UST_SATZ=percent, UST_BESCHR=words)
        for number, tse in enumerate(self.tses, start=1):
            self.add(
                Stamm_TSE,
                **z,
                TSE_ID=number,
                TSE_SERIAL=tse.tss_serial,
                TSE_SIG_ALGO=tse.algorithm,
                TSE_ZEITFORMAT=tse.time_format,
                TSE_PD_ENCODING="UTF-8",
                TSE_PUBLIC_KEY=tse.public_key,
            )

    # --- Kassenabschluss ----------------------------------------------------------------------------
    def _totals(self, z: dict[str, Any], bons: list[Bon]) -> None:
        cases: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        for line in (line for bon in bons for line in bon.lines if not line.voided):
            sums = cases[(line.business_case, line.vat_id)]
            sums[0] += line.total
            sums[1] += line_tax(line)
        for (case, vat_id), (gross, tax) in sorted(cases.items()):
            self.add(
                Z_GV_Typ,
                **z,
                GV_TYP=case,
                UST_SCHLUESSEL=vat_id,
                Z_UMS_BRUTTO=euros(gross),
                Z_UMS_NETTO=euros(gross - tax),
                Z_UST=euros(tax),
            )
        paid: dict[tuple[str, str], int] = defaultdict(int)
        for payment in (payment for bon in bons for payment in bon.payments):
            paid[(payment.kind, payment.name)] += payment.amount
        for (kind, name), amount in sorted(paid.items()):
            self.add(Z_Zahlart, **z, ZAHLART_TYP=kind, ZAHLART_NAME=name, Z_ZAHLART_BETRAG=euros(amount))
        cash = sum(amount for (kind, _), amount in paid.items() if kind == CASH)
        self.add(Z_Waehrungen, **z, ZAHLART_WAEH=CURRENCY, ZAHLART_BETRAG_WAEH=euros(cash))


def _log_time(moment: datetime) -> str:
    """A TSE log time as the QR code has it: ISO 8601 UTC with milliseconds and ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _address(lines: tuple[str, ...]) -> tuple[str | None, str | None, str | None]:
    """Street, postcode and city from the receipt header's address lines ("12345 Musterstadt")."""
    street = postcode = city = None
    for line in (line.strip() for line in lines):
        head, _, rest = line.partition(" ")
        if postcode is None and head.isdigit() and len(head) == 5 and rest:
            postcode, city = head, rest.strip()
        elif street is None and line:
            street = line
    return street, postcode, city


def _write_zip(out: Path, rows: dict[type[Model], list[Model]], index: bytes) -> None:
    """Every table of :data:`TABLES` (a header alone when it has no rows), index.xml and the DTD,
    into a file beside ``out`` first, then moved over it: a failed export leaves no half ZIP."""
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    try:
        with ZipFile(temporary, "w", ZIP_DEFLATED) as archive:
            for model in TABLES:
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=columns(model), delimiter=";", lineterminator="\r\n")
                writer.writeheader()
                for record in rows.get(model, []):
                    writer.writerow(record._data)
                archive.writestr(file_name(model), text.getvalue())
            archive.writestr("index.xml", index)
            archive.writestr(DTD_NAME, DTD)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
