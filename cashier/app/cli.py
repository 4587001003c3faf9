"""The ``cashier`` command line (also ``python -m cashier``).

Commands are added here by the layer that implements them; each one is a small function
that gets the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from cashier import __version__
from cashier.app.paths import HOME_VARIABLE, resolve_paths
from cashier.app.selfcheck import run_self_check


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

    paths = commands.add_parser("paths", help="show where settings, journal and logs are kept")
    paths.add_argument("--json", action="store_true", help="print the paths as JSON")
    paths.set_defaults(handler=_paths)
    return parser


def _self_check(args: argparse.Namespace) -> int:
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
        # Until the window exists, starting the till means proving the installation works.
        args = parser.parse_args(["self-check"])
    handler = args.handler
    return int(handler(args))
