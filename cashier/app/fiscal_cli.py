"""``cashier fiscal …``: the TSE that signs every sale in Germany (docs/fiscal-settings.md).

``cashier fiscal setup`` sets up the TSS of ``[fiscal]`` for this till — on fiskaly's test or
live environment, or on the embedded simulator — and prints a new TSS's admin PUK once. The
options change ``[fiscal]`` first (``--tse``, ``--api-key``, ``--tss-id``, ``--client-id``,
``--new-tss``, ``--client-serial``), so a file the till refuses (live with the simulated TSE)
can be mended by the set-up itself. The API secret never goes on the command line (``ps``
shows it): ``--api-secret-stdin`` reads it from the first line of stdin,
``CASHIER_FISKALY_API_SECRET`` gives it too, and a terminal is asked when none is stored.

Write-ahead, like the sales: the settings (with the ids) and the API secret are saved before
the first call; the admin PIN and a new PUK go to the secret store (``fiscal_secrets``) as
:func:`cashier.app.fiscal_setup.set_up_tss` gets them. Run again after a failure, it goes on
where the TSS is. It holds the till folder: with the till open it stops (exit 1).

Exit codes: 0 set up (or it was), 1 a file or the till folder cannot be used, 2 the options or
settings cannot be used (no API secret, …), 3 the TSE refused (credentials, a TSS that cannot
be set up), 4 the TSE could not be reached or did not answer (run it again).

Only the parser is built at every start (``cashier run`` too); the command imports its work
when it runs. The group is open for more commands (``cashier fiscal status``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from cashier.app.fiscal_status_cli import add_status_command

if TYPE_CHECKING:
    from cashier.app.fiscal_secrets import FiscalSecrets
    from cashier.app.fiscal_setup import TseBackend, TssSetUp
    from cashier.app.paths import AppPaths
    from cashier.domain.settings import Settings

EXIT_OK, EXIT_USAGE, EXIT_REFUSED, EXIT_UNKNOWN = 0, 2, 3, 4
API_SECRET_VARIABLE = "CASHIER_FISKALY_API_SECRET"
SET_UP_MODES = ("simulator", "testing", "live")


def add_fiscal_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The ``fiscal`` group with its commands; returned for more (``status``)."""
    fiscal = commands.add_parser(
        "fiscal",
        help="the TSE that signs every sale in Germany (set-up)",
        description="The TSE (technical security system) that signs every sale, as German law asks "
        "(KassenSichV): fiskaly SIGN DE, or its embedded simulator. See docs/fiscal-settings.md.",
    )
    group = fiscal.add_subparsers(dest="fiscal_command", metavar="COMMAND", required=True)
    add_setup_command(group)
    add_status_command(group)
    return group


def add_setup_command(group: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    setup = group.add_parser(
        "setup",
        help="set up the TSS of [fiscal] for this till and print a new TSS's admin PUK once",
        description="Set up the TSS of settings.toml's [fiscal] for this till: create and initialise it "
        "at fiskaly (or the embedded simulator) and register the till as its client. A new TSS's admin "
        "PUK is printed once — write it down; it is kept in the secret store too. Safe to run again: it "
        "goes on where the TSS is. The options change [fiscal] first (saved before the first call).",
    )
    setup.add_argument("--tse", choices=SET_UP_MODES, help="which TSE (default: [fiscal] tse)")
    setup.add_argument("--api-key", metavar="KEY", help="fiskaly's API key (testing, live)")
    setup.add_argument(
        "--api-secret-stdin",
        action="store_true",
        help=f"read fiskaly's API secret from the first line of stdin (or set {API_SECRET_VARIABLE}; "
        "a terminal is asked when none is stored); never give it as an option",
    )
    setup.add_argument("--tss-id", metavar="UUID", help="the TSS to set up (default: [fiscal] tss_id)")
    setup.add_argument("--client-id", metavar="UUID", help="this till as the TSS's client")
    setup.add_argument(
        "--new-tss",
        action="store_true",
        help="make new ids for a TSS that does not exist yet (testing/live without ids get them anyway)",
    )
    setup.add_argument(
        "--client-serial",
        metavar="TEXT",
        help="the till's ERS serial number (default: [fiscal] client_serial, else 'ERS <till id>')",
    )
    setup.set_defaults(handler=run_setup)


def fiscal_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The ``[fiscal]`` keys the options give."""
    changes: dict[str, Any] = {}
    for option, key in (
        ("tse", "tse"),
        ("api_key", "api_key"),
        ("tss_id", "tss_id"),
        ("client_id", "client_id"),
        ("client_serial", "client_serial"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            changes[key] = value.strip()
    if getattr(args, "new_tss", False):
        if args.tss_id or args.client_id:
            raise ValueError("--new-tss makes the ids: leave out --tss-id and --client-id")
        import uuid

        changes["tss_id"], changes["client_id"] = str(uuid.uuid4()), str(uuid.uuid4())
    return changes


def run_setup(
    args: argparse.Namespace,
    *,
    backend: TseBackend | None = None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``cashier fiscal setup``; ``backend`` and the streams for tests."""
    import asyncio
    import logging

    from cashier.app.file_problems import EXIT_FILE_PROBLEM, file_trouble
    from cashier.app.paths import resolve_paths
    from cashier.app.till_lock import till_lock
    from cashier.domain.settings import SettingsError

    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    log = logging.getLogger(__name__)

    def fail(message: str, code: int) -> int:
        print(f"cashier fiscal setup: {message}", file=err)
        return code

    paths = resolve_paths().create()
    try:
        with till_lock(paths.data_dir):  # not while the till (or another command) uses the folder
            settings, secrets = _prepare(args, paths, stdin=stdin, err=err)
            done = asyncio.run(_set_up(settings, secrets, backend=backend, paths=paths))
    except (SettingsError, ValueError) as error:
        return fail(str(error), EXIT_USAGE)
    except _Failed as failed:
        return fail(failed.message, failed.code)
    except Exception as error:
        trouble = file_trouble(error)
        if trouble is None:
            raise
        log.warning("fiscal setup stopped: %s", trouble.message)
        return fail(trouble.message, EXIT_FILE_PROBLEM)
    _say_done(done, settings, out)
    return EXIT_OK


class _Failed(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _prepare(
    args: argparse.Namespace, paths: AppPaths, *, stdin: TextIO, err: TextIO
) -> tuple[Settings, FiscalSecrets]:
    """The settings with the options' ``[fiscal]`` (ids made where needed), saved, and their
    secrets with the API secret given stored. Raises SettingsError / ValueError (exit 2)."""
    import uuid
    from dataclasses import replace

    from cashier.app.fiscal_secrets import FiscalSecrets
    from cashier.app.fiscal_setup import connection_of, ready_for_set_up
    from cashier.app.settings import load_settings, load_table, save_settings
    from cashier.domain.settings import FISKALY_TSE_MODES, SettingsError

    new_file = not paths.settings_file.exists()
    changes = fiscal_changes(args)
    effective = {**load_table(paths.settings_file, "fiscal"), **changes}
    tse = effective.get("tse", "simulator")
    has_ids = any(str(effective.get(key) or "").strip() for key in ("tss_id", "client_id"))
    if tse in FISKALY_TSE_MODES or (tse == "simulator" and has_ids):  # a TSS or client to be made: ids first
        for key in ("tss_id", "client_id"):
            if not str(effective.get(key) or "").strip():
                changes[key] = str(uuid.uuid4())
    settings = load_settings(paths.settings_file, changes={"fiscal": changes}).with_device_uuid()
    if new_file:  # made here: the first start still offers the set-up wizard
        settings = replace(settings, setup_pending=True)
    fiscal = settings.fiscal
    if not fiscal.signs:
        raise SettingsError('[fiscal] tse = "off": there is no TSE to set up (give --tse)')
    settings = replace(settings, fiscal=ready_for_set_up(fiscal, settings))
    secrets = FiscalSecrets.of(settings, paths)
    if settings.fiscal.on_fiskaly:
        typed = _api_secret(args, stdin)
        if typed:
            secrets.set_api_secret(typed)
        elif not secrets.api_secret():
            asked = _ask_api_secret(stdin, err)
            if asked:
                secrets.set_api_secret(asked)
    connection_of(settings, secrets)  # no API secret: the settings' words, exit 2
    save_settings(paths.settings_file, settings)  # the ids before the first call
    return settings, secrets


def _api_secret(args: argparse.Namespace, stdin: TextIO) -> str:
    import os

    if args.api_secret_stdin:
        line = stdin.readline().strip()
        if not line:
            raise ValueError("--api-secret-stdin: the first line of stdin is empty")
        return line
    return os.environ.get(API_SECRET_VARIABLE, "").strip()


def _ask_api_secret(stdin: TextIO, err: TextIO) -> str:
    """Ask a terminal for the API secret (not echoed); "" when no one can be asked."""
    import getpass

    if not (stdin.isatty() and err.isatty()):
        return ""
    return getpass.getpass("fiskaly API secret (not shown): ", stream=err).strip()


async def _set_up(
    settings: Settings, secrets: FiscalSecrets, *, backend: TseBackend | None, paths: AppPaths
) -> TssSetUp:
    from cashier.app.fiscal_setup import TseNotAvailable, set_up_tss
    from cashier.services.fiscal.port import TseError, TseOutcomeUnknown, TseUnreachable

    try:
        return await set_up_tss(settings, secrets, backend=backend, paths=paths)
    except TseNotAvailable as error:
        raise _Failed(str(error), EXIT_REFUSED) from error
    except (TseUnreachable, TseOutcomeUnknown) as error:
        raise _Failed(
            f"the TSE could not be reached or did not answer ({error}); run it again — it goes on "
            "where the TSS is",
            EXIT_UNKNOWN,
        ) from error
    except TseError as error:
        raise _Failed(f"the TSE refused the set-up: {error}", EXIT_REFUSED) from error


def _say_done(done: TssSetUp, settings: Settings, out: TextIO) -> None:
    fiscal = settings.fiscal
    state = "was set up already" if done.already else "is set up"
    print(f"TSS {done.tss_id} ({fiscal.tse}) {state}.", file=out)
    print(f"This till is its client {done.client_id}, serial number {done.client_serial!r}.", file=out)
    if done.tss_serial:
        print(f"TSE serial number: {done.tss_serial}", file=out)
    if done.admin_puk:
        print(file=out)
        print(f"    Admin PUK of the new TSS:  {done.admin_puk}", file=out)
        print(file=out)
        print(
            "Write it down now and keep it safe, away from the till: it is shown only this once. With it, "
            "and only with it, the TSE can be unlocked if its admin PIN is ever blocked. The till keeps a "
            "copy in its secret store.",
            file=out,
        )
    print("Restart the till (if it is open) to sign with this TSE.", file=out)
