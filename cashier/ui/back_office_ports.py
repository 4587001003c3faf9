"""What the journal and end-of-day screens need from the services, as a protocol.

:class:`cashier.services.back_office.BackOffice` satisfies it (the composition root passes it
in; mypy checks the fit where the screens are built). As in :mod:`cashier.ui.ports`, ``ui``
imports only plain modules of the services: the values come from
:mod:`cashier.services.back_office_values`, which imports nothing but ``domain``.
"""

from __future__ import annotations

from typing import Protocol

from cashier.domain.reports import ZReport
from cashier.services.back_office_values import (
    CancelOutcome,
    PrintedDocument,
    ReportPreview,
    SaleDetails,
    SaleRow,
    TerminalAnswer,
)


class BackOfficeService(Protocol):
    """:class:`cashier.services.back_office.BackOffice`.

    The reads are local and quick (the journal in SQLite); the coroutines go to the network,
    the printer or draw a picture and are started through the TaskRunner.
    """

    def today(self) -> list[SaleRow]: ...
    def search(self, text: str) -> list[SaleRow]: ...
    def details(self, sale_id: str) -> SaleDetails: ...
    async def preview(self, job_id: int) -> bytes: ...
    async def reprint(self, job_id: int) -> PrintedDocument: ...
    async def cancel_sale(self, sale_id: str) -> CancelOutcome: ...
    async def reverse_terminal_payment(self, receipt_number: int) -> CancelOutcome: ...
    def z_report(self, business_day: str | None = None) -> ZReport: ...
    async def z_report_preview(self, business_day: str | None = None) -> ReportPreview: ...
    async def print_z_report(self, report: ZReport) -> PrintedDocument: ...
    async def terminal_end_of_day(self) -> TerminalAnswer: ...
    async def terminal_diagnosis(self) -> TerminalAnswer: ...
