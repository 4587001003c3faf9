"""The benchmark harness runs end to end and prints well-formed figures (never how fast: issue 8).

The end-to-end test runs ``python -m benchmarks --quick`` — every benchmark with tiny counts,
on the embedded simulator and on a served one it starts and stops itself; the GUI ones (one
cold start of each window, two scans and two sales by the window, offscreen) on the embedded
one only — and reads its output back. It asserts the shape of the output and the request
counts of a sale and of a scan (properties of the till, not of the machine); no timing is
ever compared with anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.cli import target_lines
from benchmarks.figures import Figure, format_value, parse_line, percentile, summarise
from benchmarks.registry import BENCHMARKS, TARGETS

ROOT = Path(__file__).resolve().parents[3]

EXPECTED = {
    *(f"coldstart.{figure}" for figure in (
        "bare.median", "bare.p95", "runs", "embedded.median", "embedded.p95",
        "embedded.window.median", "embedded.window.p95", "embedded.ratio",
        "embedded.usable.median", "embedded.usable.p95", "embedded.usable.ratio",
    )),
    *(f"scan.embedded.{figure}" for figure in (
        "median", "p95", "painted.median", "painted.p95", "runs", "requests",
    )),
    *(f"eventloop.embedded.{figure}" for figure in (
        "sale.first", "sale.median", "sale.p95", "sale.max", "sales",
        "printer_timeout.max", "printer_timeout.sale_time", "printer_timeout.sales",
    )),
    *(f"sale.{mode}.{figure}" for mode in ("embedded", "served") for figure in (
        "median", "p95", "card_shown.median", "card_shown.p95", "first", "loop_blocked.max",
        "first.loop_blocked", "runs", "requests",
        "requests_after_card_shown", "token_requests",
    )),
    "receipt.render_80mm.median", "receipt.render_80mm.p95", "receipt.bytes_80mm",
    "receipt.render_58mm.median", "receipt.render_58mm.p95",
    "journal.step.median", "journal.step.p95", "journal.step.samples",
    *(f"memory.{mode}.{figure}" for mode in ("embedded", "served") for figure in (
        "sales", "rss_after_warmup", "rss_after_sales", "rss_peak",
    )),
    *(f"load.n{tills}.{figure}" for tills in (1, 4, 16) for figure in (
        "sales", "errors", "sales_per_s", "latency.median", "latency.p95", "client_cpu", "server_cpu",
    )),
    *(f"offline.{mode}.{figure}" for mode in ("embedded", "served") for figure in (
        "catch_up", "per_sale", "requests_per_sale", "sale.first", "sale.median", "sale.p95", "sales",
    )),
    *(f"fiscal.{mode}.{figure}" for mode in ("embedded", "served") for figure in (
        "off.median", "off.p95", "signed.median", "signed.p95", "extra", "tse_requests_per_sale", "signed",
    )),
    *(f"rtt.{mode}.delay" for mode in ("embedded", "served")),
    "rtt.tls.handshakes", "rtt.tls.handshakes_at_start", "rtt.tls.flows", "rtt.tls.pause",
    *(f"rtt.{mode}.{flow}.{figure}" for mode in ("embedded", "served")
      for flow in ("scan", "csc_paid", "cash", "load", "new_card", "sepa")
      for figure in ("round_trips", "requests", "felt")),
}  # fmt: skip


def test_a_quick_run_prints_every_figure_once_below_the_machine_header(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # about 25 s on a quiet machine; much longer beside a test suite
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    figures = [parse_line(line) for line in lines if not line.startswith("#")]
    assert comments[0].startswith("# Cashier benchmarks")
    header = "\n".join(comments[:5])
    for field in ("machine:", "cores", "RAM", "python:", "os:", "commit:", "date:"):
        assert field in header
    names = [figure.name for figure in figures]
    assert len(names) == len(set(names))
    assert set(names) == EXPECTED
    values = {figure.name: figure.value for figure in figures}
    assert all(value >= 0 for value in values.values())
    # What the counter at the transport saw: validate + read the card, then CSC, create,
    # preTransaction, start — and no token call inside a sale.
    for mode in ("embedded", "served"):
        assert values[f"sale.{mode}.requests"] == 6
        assert values[f"sale.{mode}.requests_after_card_shown"] == 4
        assert values[f"sale.{mode}.token_requests"] == 0
    assert values["scan.embedded.requests"] == 2  # a scan: validate + read the card
    assert values["eventloop.embedded.sales"] == 1
    assert values["eventloop.embedded.printer_timeout.sales"] == 1
    assert values["coldstart.embedded.window.median"] <= values["coldstart.embedded.median"]
    assert values["coldstart.embedded.usable.median"] > 0  # the quick key pressed landed in the basket
    assert all(values[f"load.n{tills}.errors"] == 0 for tills in (1, 4, 16))
    assert values["memory.served.sales"] > 0
    assert all(values[f"offline.{mode}.sales"] == 3 for mode in ("embedded", "served"))  # all booked
    assert any(line.startswith("# target ") for line in comments)
    assert not any("FAILED" in line for line in comments)
    assert not list(tmp_path.glob("cashier-bench-*"))  # the work folder is removed after a good run


def test_only_runs_the_named_benchmarks_and_list_names_them_all(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    run = [sys.executable, "-m", "benchmarks"]
    done = subprocess.run(
        [*run, "--quick", "--only", "journal"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = [parse_line(line) for line in done.stdout.splitlines() if not line.startswith("#")]
    assert {figure.name for figure in figures} == {
        "journal.step.median",
        "journal.step.p95",
        "journal.step.samples",
    }
    listed = subprocess.run(
        [*run, "--list"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    names = {line.split()[0] for line in listed.stdout.splitlines()}
    assert names == {b.name for b in BENCHMARKS}
    assert {"coldstart", "scan", "eventloop"} <= names


def test_figure_lines_round_trip() -> None:
    for figure in (Figure("sale.embedded.p95", 38.2, "ms"), Figure("load.n16.sales_per_s", 26.68, "sales/s")):
        assert parse_line(figure.line()) == figure
    assert (
        Figure("memory.served.rss_after_sales", 70.69, "MB").line()
        == "memory.served.rss_after_sales 70.69 MB"
    )
    assert Figure("sale.served.requests", 6, "count").line() == "sale.served.requests 6 count"
    assert [format_value(v) for v in (0.3781, 2.5, 122.64, 7.0)] == ["0.378", "2.50", "122.6", "7"]


@pytest.mark.parametrize(
    "bad",
    ["sale.embedded.p95 38.2", "Sale.p95 38.2 ms", "sale.p95 ms 38", "# sale.p95 1 ms", "sale.p95 nan ms"],
)
def test_anything_else_is_not_a_figure_line(bad: str) -> None:
    with pytest.raises(ValueError, match="figure"):
        parse_line(bad)


def test_median_and_p95_use_the_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]  # 1 … 100
    assert percentile(samples, 0.95) == 95.0
    assert percentile([5.0, 1.0, 3.0], 0.95) == 5.0
    assert summarise("x", [3.0, 1.0, 2.0]) == [Figure("x.median", 2.0, "ms"), Figure("x.p95", 3.0, "ms")]
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 0.5)


def test_targets_are_judged_only_where_measured() -> None:
    lines = target_lines(
        {
            "sale.embedded.p95": Figure("sale.embedded.p95", 151, "ms"),
            "scan.served.p95": Figure("scan.served.p95", 50, "ms"),
            "coldstart.embedded.ratio": Figure("coldstart.embedded.ratio", 1.5, "x"),
        },
        quick=True,
    )
    assert any("sale.embedded.p95 151 ms — MISSED" in line for line in lines)
    assert any("scan.served.p95 50 ms — met" in line for line in lines)
    assert any("coldstart.embedded.ratio 1.50 x — not judged (quick run)" in line for line in lines)
    assert len(lines) == 3
    assert all(target.figure.split(".")[0] in {b.name for b in BENCHMARKS} for target in TARGETS)
