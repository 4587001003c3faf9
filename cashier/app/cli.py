"""The ``cashier`` command line (also ``python -m cashier``).

Each command is a small function that gets the parsed arguments and returns the process exit
code. Commands import what they need when they run, so ``cashier --version`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cashier import __version__
from cashier.app.paths import HOME_VARIABLE, resolve_paths
from cashier.simulator.config import DEFAULT_PORT, parse_vendors


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cashier",
        description="Cashier — a desktop till for secucard loyalty cards on the secuconnect API.",
        epilog=f"Files live below ${HOME_VARIABLE} when it is set (see `cashier paths`).",
    )
    parser.add_argument("--version", action="version", version=f"cashier {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "self-check",
        help="check that this installation works (libraries, files, Qt, the till's rules)",
        description="Check that this installation works and exit 0, or say what is broken and exit 1.",
    )
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.set_defaults(handler=_self_check)

    run = commands.add_parser(
        "run",
        help="open the till's window (the default when no command is given)",
        description="Open the till's window on the environment of the settings (default: the embedded "
        "simulator with the demo shop).",
    )
    run.add_argument(
        "--quit-after-start",
        action="store_true",
        help="open the till, then close it at once and exit 0 (a smoke test of the installation)",
    )
    run.set_defaults(handler=_run)

    _add_simulator_commands(commands)
    _add_printer_commands(commands)
    _add_till_commands(commands)
    _add_fiscal_commands(commands)

    paths = commands.add_parser("paths", help="show where settings, journal and logs are kept")
    paths.add_argument("--json", action="store_true", help="print the paths as JSON")
    paths.set_defaults(handler=_paths)
    return parser


def _add_till_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from cashier.app.till_commands import add_till_commands

    add_till_commands(commands)


def _add_fiscal_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from cashier.app.fiscal_cli import add_fiscal_commands

    add_fiscal_commands(commands)


def _add_simulator_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    simulator = commands.add_parser(
        "simulator",
        help="the offline secuconnect simulator (serve it, show its demo shop)",
        description="The offline secuconnect simulator that Cashier runs on by default.",
    )
    sub = simulator.add_subparsers(dest="simulator_command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="serve the simulator over HTTP until Ctrl-C")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help="port (default: %(default)s; 0 = any free)"
    )
    serve.add_argument(
        "--db", type=Path, help="SQLite file that keeps the state across restarts (default: memory)"
    )
    serve.add_argument(
        "--confirm-after",
        type=_non_negative_float,
        default=5.0,
        metavar="SECONDS",
        help="confirm a device registration this long after it was made (0 = at the first poll; default 5)",
    )
    serve.add_argument(
        "--terminal-delay",
        type=_non_negative_float,
        default=2.0,
        metavar="SECONDS",
        help="how long blocking terminal calls take (default 2)",
    )
    serve.add_argument(
        "--token-ttl",
        type=_positive_int,
        default=1200,
        metavar="SECONDS",
        help="lifetime of an access token (default 1200)",
    )
    serve.add_argument(
        "--vendor-shapes",
        action="store_true",
        help="answer as awkwardly as the real service may: numbers, nulls, PHP's [], pending debits, "
        "no 'me' for card checks (README: the simulator's choices)",
    )
    serve.add_argument(
        "--vendors",
        type=_vendors,
        metavar="NAME[,NAME…]",
        help="the vendor names a device uuid /vendor/<name>/… may carry (default: any; with "
        "--vendor-shapes: cashier)",
    )
    serve.set_defaults(handler=_simulator_serve)

    seed = sub.add_parser("seed", help="show the demo shop, or reset a state file to it")
    seed.add_argument(
        "--show",
        action="store_true",
        help="print the demo merchant, card groups and cards, and the fiskaly TSE",
    )
    seed.add_argument("--db", type=Path, help="reset this SQLite state file to the demo shop")
    seed.set_defaults(handler=_simulator_seed)


def _add_printer_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printer = commands.add_parser(
        "printer",
        help="set up a receipt printer: test page, cash drawer, preview",
        description="Check a receipt printer. URI is e.g. tcp://192.168.1.50:9100, usb://04b8:0e28, "
        "serial:///dev/ttyUSB0?baudrate=9600, file:///dev/usb/lp0, cups://QUEUE, win32://PRINTER or preview.",
    )
    sub = printer.add_subparsers(dest="printer_command", metavar="COMMAND", required=True)

    test = sub.add_parser("test", help="print a test page (umlauts, €, both fonts, a barcode)")
    test.add_argument("uri", metavar="URI", help="the printer")
    _add_width(test)
    test.set_defaults(handler=_printer_test)

    drawer = sub.add_parser("drawer", help="open the cash drawer connected to the printer")
    drawer.add_argument("uri", metavar="URI", help="the printer the drawer is connected to")
    drawer.add_argument(
        "--pin", type=int, choices=(2, 5), default=2, help="drawer pin (default: %(default)s)"
    )
    drawer.add_argument(
        "--pulse",
        type=int,
        default=100,
        metavar="MS",
        help="pulse length in milliseconds (default: %(default)s)",
    )
    drawer.set_defaults(handler=_printer_drawer)

    preview = sub.add_parser("preview", help="render a sample sale receipt to a PNG file")
    preview.add_argument(
        "--out", type=Path, required=True, metavar="FILE.png", help="where to write the picture"
    )
    _add_width(preview)
    preview.set_defaults(handler=_printer_preview)


def _add_width(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--width",
        type=int,
        choices=(48, 32),
        default=48,
        help="characters per line: 48 for 80 mm paper, 32 for 58 mm (default: %(default)s)",
    )


def _printer_service(uri: str, width: int, drawer: Any = None) -> Any:
    from datetime import datetime

    from cashier.app.resources import prepare_escpos
    from cashier.journal.schema import open_journal
    from cashier.printing.profile import PrinterProfile
    from cashier.services.printing import PrintService

    paths = resolve_paths().create()
    prepare_escpos(paths)
    return PrintService(
        open_journal(paths.journal_file),
        printer_uri=uri,
        profile=PrinterProfile.for_columns(width, drawer=drawer),
        now=lambda: datetime.now().astimezone(),
    )


def _printer_test(args: argparse.Namespace) -> int:
    import asyncio

    outcome = asyncio.run(_printer_service(args.uri, args.width).print_test_page())
    if outcome.printed:
        print(f"test page sent to {args.uri} (print job {outcome.job.id})")
        return 0
    print(f"cashier printer test: {outcome.error}", file=sys.stderr)
    return 1


def _printer_drawer(args: argparse.Namespace) -> int:
    import asyncio

    from cashier.printing.profile import DrawerPulse

    try:
        pulse = DrawerPulse(pin=args.pin, on_ms=args.pulse)
    except ValueError as exc:
        print(f"cashier printer drawer: {exc}", file=sys.stderr)
        return 2
    service = _printer_service(args.uri, 48, drawer=pulse)
    outcome = asyncio.run(service.open_drawer(reason="command line"))
    if outcome.opened:
        print(f"cash drawer on pin {args.pin} kicked through {args.uri}")
        return 0
    print(f"cashier printer drawer: {outcome.error}", file=sys.stderr)
    return 1


def _printer_preview(args: argparse.Namespace) -> int:
    from cashier.app.resources import prepare_escpos, preview_fonts

    prepare_escpos(resolve_paths())
    from cashier.printing.preview import save_preview
    from cashier.printing.profile import PrinterProfile
    from cashier.printing.receipt_layout import render_receipt
    from cashier.printing.samples import sample_sale

    profile = PrinterProfile.for_columns(args.width)
    image = save_preview(
        render_receipt(sample_sale(), profile), args.out, dots=profile.dots, fonts=preview_fonts()
    )
    print(f"{args.out}: sample receipt, {image.width} x {image.height} pixels ({profile.paper_mm} mm paper)")
    return 0


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0 or math.isinf(value):  # also refuses NaN
        raise argparse.ArgumentTypeError(f"must be a number of seconds >= 0, not {text!r}")
    return value


def _port(text: str) -> int:
    value = int(text) if text.strip().isdecimal() else -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, not {text!r}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of seconds > 0, not {text!r}")
    return value


def _vendors(text: str) -> tuple[str, ...]:
    try:
        return parse_vendors(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _simulator_serve(args: argparse.Namespace) -> int:
    from cashier.simulator.config import SimulatorConfig
    from cashier.simulator.serve import serve

    config = SimulatorConfig(
        confirm_after=args.confirm_after,
        terminal_delay=args.terminal_delay,
        token_ttl=args.token_ttl,
        vendor_shapes=args.vendor_shapes,
        vendors=args.vendors,
    )
    return serve(host=args.host, port=args.port, db=args.db, config=config)


def _simulator_seed(args: argparse.Namespace) -> int:
    from cashier.simulator import seed

    if not args.show and args.db is None:
        print("cashier simulator seed: give --show and/or --db PATH", file=sys.stderr)
        return 2
    if args.db is not None:
        from cashier.simulator.app import create_app
        from cashier.simulator.fiskaly.app import create_fiskaly_app, state_path

        app = create_app(db_path=args.db)
        app.ctx.reset()
        app.ctx.store.close()
        fiskaly = create_fiskaly_app(db_path=state_path(args.db))
        fiskaly.ctx.reset()
        fiskaly.ctx.store.close()
        print(f"{args.db}: reset to the demo shop (fiskaly's TSE: {state_path(args.db)})")
    if args.show:
        from cashier.simulator.fiskaly import seed as fiskaly_seed

        print(seed.describe())
        print()
        print(fiskaly_seed.describe())
    return 0


def _run(args: argparse.Namespace) -> int:
    from cashier.app.pyside_start import skip_feature_scan

    skip_feature_scan()  # before the window's modules: PySide6 would read each one's source
    from cashier.app.gui import run_gui
    from cashier.app.settings import load_or_create_settings
    from cashier.domain.settings import Settings, SettingsError

    paths = resolve_paths()
    problem: Exception | None = None
    try:
        settings = load_or_create_settings(paths.create())  # a new file: the set-up is pending
    except (SettingsError, OSError) as error:  # the window says it (and stderr), "Start again" retries
        settings, problem = Settings(), error
    # Offered at every start until finished or skipped (a start killed half-way offers it again);
    # a smoke test never shows the wizard.
    first_run = settings.setup_pending and not args.quit_after_start
    return run_gui(
        settings, paths, quit_after_start=args.quit_after_start, first_run=first_run, start_problem=problem
    )


def _self_check(args: argparse.Namespace) -> int:
    from cashier.app.selfcheck import run_self_check  # here: not part of every start

    return run_self_check(resolve_paths(), as_json=args.json, out=sys.stdout)


def _paths(args: argparse.Namespace) -> int:
    found = {name: str(path) for name, path in resolve_paths().as_dict().items()}
    if args.json:
        print(json.dumps(found, indent=2))
    else:
        width = max(map(len, found))
        for name, path in found.items():
            print(f"{name:<{width}}  {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run"])
    if args.command not in ("paths", None):
        _logging(args)
    handler = args.handler
    try:
        return int(handler(args))
    except Exception as error:  # an unusable file or folder: one line, never a traceback
        return _file_problem(error)


def _file_problem(error: Exception) -> int:
    """The exit code for ``error`` if it is about a file the till cannot use; re-raised if not."""
    import logging

    from cashier.app.file_problems import EXIT_FILE_PROBLEM, file_trouble  # only when it failed

    trouble = file_trouble(error)
    if trouble is None:
        raise error
    logging.getLogger(__name__).warning("stopped: %s", trouble.message, exc_info=error)
    print(f"cashier: {trouble.message}", file=sys.stderr)
    return EXIT_FILE_PROBLEM


def _logging(args: argparse.Namespace) -> None:
    """Log to the log folder; the simulator's server also to the console."""
    import logging

    from cashier.app.logging_setup import configure_logging

    console = logging.INFO if getattr(args, "simulator_command", None) == "serve" else logging.ERROR
    try:
        configure_logging(resolve_paths().log_dir, console_level=console)
    except OSError as error:  # an unusable data folder: say so, go on without a log file
        print(f"cashier: cannot write the log ({error}); logging to the console only", file=sys.stderr)
        logging.basicConfig(level=logging.WARNING)
