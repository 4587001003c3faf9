"""``cashier fiscal status``: the TSE as it sees itself and as the journal remembers it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from cashier.domain.fiscal import FiscalMark, signature_to_dict
from cashier.journal.fiscal import FiscalJournal, FiscalState
from cashier.services.fiscal.port import Tse, TseError, TseStatus


@dataclass(frozen=True, slots=True)
class FiscalReport:
    environment: str
    tss_id: str
    client_id: str
    reachable: bool
    remote: TseStatus | None
    error: str | None  # why the TSE could not be asked
    counts: dict[str, int]  # the journal's TSE transactions per state
    outage_since: str | None  # the open outage's start, None when the TSE is in
    outage_reason: str | None
    last_error: str | None  # the newest unsigned transaction's reason

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["remote"] = None if self.remote is None else asdict(self.remote)
        return data


async def fiscal_report(tse: Tse, journal: FiscalJournal) -> FiscalReport:
    remote, error = None, None
    try:
        remote = await tse.status()
    except TseError as failure:
        error = str(failure) or type(failure).__name__
    outage = journal.open_outage()
    unsigned = journal.in_states((FiscalState.UNSIGNED,))
    return FiscalReport(
        environment=tse.environment,
        tss_id=tse.tss_id,
        client_id=tse.client_id,
        reachable=remote is not None,
        remote=remote,
        error=error,
        counts=dict(journal.counts()),
        outage_since=None if outage is None else outage.started_at,
        outage_reason=None if outage is None else outage.reason,
        last_error=unsigned[-1].error if unsigned else None,
    )


def mark_json(mark: FiscalMark | None) -> dict[str, Any] | None:
    """A receipt's TSE mark for ``--json`` output (None: the till signs nothing)."""
    if mark is None:
        return None
    if mark.signature is None:
        return {"signed": False, "error": mark.failure, "training": mark.training}
    return {"signed": True, "training": mark.training, **signature_to_dict(mark.signature)}
