"""``cashier fiscal status``: the TSE as it sees itself, and what the journal remembers of it.

It asks the TSE of ``[fiscal]`` for its TSS (state, serial number, counters) and this till's
client (registered or not), and reads the journal's TSE transactions per state, an outage still
open and the newest unsigned sale's reason. It only reads: the till may be open meanwhile.

Exit codes: 0 the TSE answered (or ``tse = "off"``: nothing to ask), 1 a file cannot be used,
2 the settings cannot be used (no API secret for testing/live, …), 4 the TSE did not answer
(the journal's part is still shown).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_USAGE, EXIT_UNREACHED = 0, 2, 4


def add_status_command(group: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = group.add_parser(
        "status",
        help="the TSS and this till's client as the TSE sees them, counters, outages, the last error",
        description="Ask the TSE of [fiscal] for its TSS and this till's client, and show what the "
        "journal has: TSE transactions per state, an open outage, the newest unsigned sale's reason.",
    )
    status.add_argument("--json", action="store_true", help="print the facts as JSON")
    status.set_defaults(handler=run_status)


def run_status(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    import asyncio

    from cashier.app.file_problems import EXIT_FILE_PROBLEM, file_trouble
    from cashier.app.fiscal_secrets import FiscalSecrets
    from cashier.app.fiscal_setup import build_tse
    from cashier.app.paths import resolve_paths
    from cashier.app.settings import load_or_create_settings
    from cashier.domain.settings import SettingsError

    out, err = out or sys.stdout, err or sys.stderr
    paths = resolve_paths().create()
    try:
        settings = load_or_create_settings(paths)
        if not settings.fiscal.signs:
            _say({"tse": "off"}, "No TSE: fiscal.tse = off (this till signs nothing).", args, out)
            return EXIT_OK
        tse = build_tse(settings, FiscalSecrets.of(settings, paths), paths=paths)
        assert tse is not None
        facts = asyncio.run(_report(tse, paths.journal_file))
    except SettingsError as error:
        print(f"cashier fiscal status: {error}", file=err)
        return EXIT_USAGE
    except Exception as error:
        trouble = file_trouble(error)
        if trouble is None:
            raise
        print(f"cashier fiscal status: {trouble.message}", file=err)
        return EXIT_FILE_PROBLEM
    _say(facts, _text(facts), args, out)
    return EXIT_OK if facts["reachable"] else EXIT_UNREACHED


async def _report(tse: Any, journal_file: Any) -> dict[str, Any]:
    from cashier.app.journal_cli import open_for_reading
    from cashier.journal.fiscal import FiscalJournal
    from cashier.services.fiscal.status import fiscal_report

    db = open_for_reading(journal_file)
    try:
        return (await fiscal_report(tse, FiscalJournal(db))).as_json()
    finally:
        db.close()
        await tse.aclose()


def _say(facts: dict[str, Any], text: str, args: argparse.Namespace, out: TextIO) -> None:
    print(json.dumps(facts, ensure_ascii=False, indent=2) if args.json else text, file=out)


def _text(facts: dict[str, Any]) -> str:
    remote = facts["remote"] or {}
    lines = [
        f"TSE:            {facts['environment']} ({'answers' if facts['reachable'] else 'does not answer'})",
        f"TSS:            {facts['tss_id']}  {remote.get('tss_state') or '?'}",
        f"TSS serial:     {remote.get('tss_serial') or '?'}",
        f"Client:         {facts['client_id']}  {remote.get('client_state') or '?'}",
        f"Client serial:  {remote.get('client_serial') or '?'}",
        f"Counters:       signatures {remote.get('signature_counter', '?')}, "
        f"transactions {remote.get('transaction_counter', '?')}",
    ]
    if facts["error"]:
        lines.append(f"Error:          {facts['error']}")
    counts = ", ".join(f"{state} {count}" for state, count in sorted(facts["counts"].items())) or "none yet"
    lines.append(f"Journal:        {counts}")
    if facts["outage_since"]:
        lines.append(f"Outage since:   {facts['outage_since']} ({facts['outage_reason']})")
    if facts["last_error"]:
        lines.append(f"Last unsigned:  {facts['last_error']}")
    return "\n".join(lines)
