"""Cycles (and the Qt objects in them) are collected on the GUI thread, never on a worker's."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cashier.ui.kit.main_thread_gc import MainThreadCollector, due_generation

CYCLES = 20_000  # far over the first generation's threshold (700 by default)


class Cycle:
    """Garbage only the cycle collector can free; says on which thread it was freed."""

    def __init__(self, freed_on: list[str]) -> None:
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def make_garbage_in_a_worker(freed_on: list[str]) -> None:
    def work() -> None:
        for _ in range(CYCLES):
            Cycle(freed_on)

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    worker.join()


@pytest.fixture
def collector(qapp: QApplication) -> Iterator[MainThreadCollector]:
    gc.collect()
    mine = MainThreadCollector(qapp, tick_ms=10)
    yield mine
    mine.stop()


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((10, 0, 0), None),
        ((701, 0, 0), 0),
        ((701, 11, 0), 1),
        ((5, 11, 0), 1),
        ((701, 11, 11), 2),
        ((0, 0, 11), 2),
    ],
)
def test_the_generation_due_is_the_oldest_over_its_threshold(
    counts: tuple[int, int, int], expected: int | None
) -> None:
    assert due_generation(counts, (700, 10, 10)) == expected


def test_a_zero_threshold_means_never() -> None:
    assert due_generation((10_000, 0, 0), (0, 10, 10)) is None


def test_a_worker_thread_never_collects_the_main_thread_does(collector: MainThreadCollector) -> None:
    freed_on: list[str] = []
    collector.start()
    assert not gc.isenabled()
    make_garbage_in_a_worker(freed_on)
    assert freed_on == []  # 20,000 cycles, and the worker collected none of them
    assert collector.collect_due() == 0
    assert len(freed_on) > 0
    assert set(freed_on) == {threading.main_thread().name}


def test_the_timer_collects_without_being_asked(collector: MainThreadCollector, qtbot: QtBot) -> None:
    freed_on: list[str] = []
    collector.start()
    make_garbage_in_a_worker(freed_on)
    qtbot.waitUntil(lambda: len(freed_on) > 0, timeout=5000)
    assert set(freed_on) == {threading.main_thread().name}


def test_stop_collects_the_rest_and_restores_the_interpreter_s_setting(
    collector: MainThreadCollector,
) -> None:
    was_enabled = gc.isenabled()  # off while this folder's own collector runs (conftest)
    freed_on: list[str] = []
    collector.start()
    for _ in range(10):
        Cycle(freed_on)
    collector.stop()
    assert len(freed_on) == 10
    assert gc.isenabled() is was_enabled
    assert not collector.active


def test_without_it_a_worker_thread_collects(qapp: QApplication) -> None:
    """The hazard itself: with automatic collection on, the worker frees the garbage."""
    freed_on: list[str] = []
    gc.collect()
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        make_garbage_in_a_worker(freed_on)
    finally:
        if not was_enabled:
            gc.disable()
    assert "worker" in freed_on
