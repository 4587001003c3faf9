"""The one TaskRunner: references, reporting, cancelling with the widget, one payment at a time."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from qasync import QEventLoop

from cashier.services.errors import CardLocked
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import MessageLevel, UserMessage
from cashier.ui.kit.task_runner import TaskRunner


@pytest.fixture
def runner(qloop: QEventLoop, bridge: MessageBridge) -> TaskRunner:
    return TaskRunner(qloop, bridge)


async def answer(value: int, gate: asyncio.Event | None = None) -> int:
    if gate is not None:
        await gate.wait()
    return value


async def refuse() -> None:
    raise CardLocked("Card ************0037 is locked.")


async def crash() -> None:
    raise ZeroDivisionError("a bug")


def test_work_reports_its_result_and_busy_follows_it(runner: TaskRunner, qtbot: QtBot) -> None:
    busy: list[bool] = []
    results: list[int] = []
    order: list[str] = []
    runner.busy_changed.connect(busy.append)
    gate = asyncio.Event()
    task = runner.start(
        answer(42, gate),
        name="answer",
        on_settled=lambda: order.append("settled"),
        on_done=lambda value: (order.append("done"), results.append(value)),
    )
    assert task is not None
    del task
    gc.collect()  # the runner keeps the only reference: the task must survive
    assert runner.busy
    assert runner.running() == ["answer"]
    gate.set()
    qtbot.waitUntil(lambda: results == [42])
    assert busy == [True, False]
    assert order == ["settled", "done"]
    assert not runner.busy


def test_an_outcome_is_worded_for_the_cashier_unless_handled(
    runner: TaskRunner, qtbot: QtBot, messages: list[UserMessage]
) -> None:
    failed: list[str] = []
    runner.task_failed.connect(lambda name, error: failed.append(name))
    runner.start(refuse(), name="attach card")
    qtbot.waitUntil(lambda: failed == ["attach card"])
    assert [message.text for message in messages] == ["Karte gesperrt — andere Zahlungsart wählen."]
    handled: list[Exception] = []
    runner.start(refuse(), name="attach card", on_error=lambda error: handled.append(error) or True)
    qtbot.waitUntil(lambda: len(handled) == 1)
    assert isinstance(handled[0], CardLocked)
    assert len(messages) == 1  # the handler dealt with it


@pytest.mark.expected_errors("cashier.ui.kit.message_bridge")
def test_a_bug_in_work_or_in_a_callback_reaches_the_log_not_the_cashier(
    runner: TaskRunner, qtbot: QtBot, messages: list[UserMessage], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        runner.start(crash(), name="crash")
        qtbot.waitUntil(lambda: len(messages) == 1)
        runner.start(answer(1), name="callback bug", on_done=lambda value: [][value])
        qtbot.waitUntil(lambda: len(messages) == 2)
    assert all(message.level is MessageLevel.ERROR for message in messages)
    assert all("Traceback" not in message.text and "Error" not in message.text for message in messages)
    assert "ZeroDivisionError: a bug" in caplog.text
    assert "IndexError" in caplog.text
    assert not runner.busy


def test_work_left_running_when_the_runner_goes_with_its_window_ends_quietly(
    qloop: QEventLoop, bridge: MessageBridge, qtbot: QtBot
) -> None:
    window = QObject()
    runner = TaskRunner(qloop, bridge, parent=window)
    task = runner.start(answer(1, asyncio.Event()), name="forever")
    assert task is not None
    shiboken6.delete(window)  # the runner with it, while its work still runs
    task.cancel()
    qtbot.waitUntil(task.done)
    qtbot.wait(0)  # the done callback runs: no "Signal source has been deleted" in the log


def test_work_of_a_closed_widget_is_cancelled(runner: TaskRunner, qtbot: QtBot) -> None:
    widget = QWidget()
    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    done: list[int] = []
    task = runner.start(answer(1, asyncio.Event()), name="forever", owner=widget, on_done=done.append)
    other = runner.start(answer(2, asyncio.Event()), name="other", owner=QObject(runner))
    assert task is not None
    assert other is not None
    widget.close()
    qtbot.waitUntil(task.done)
    assert task.cancelled()
    assert done == []  # a cancelled task calls none of its callbacks
    assert not other.done()
    assert runner.cancel_owned(runner) == 0
    runner.cancel_all()
    qtbot.waitUntil(lambda: not runner.busy)


def test_a_second_payment_is_refused_while_one_runs(
    runner: TaskRunner, qtbot: QtBot, messages: list[UserMessage]
) -> None:
    running: list[bool] = []
    runner.payment_running_changed.connect(running.append)
    gate = asyncio.Event()
    first = runner.start(answer(1, gate), name="pay cash", payment=True)
    second = runner.start(answer(2), name="pay cash", payment=True)  # closed, never awaited
    assert first is not None
    assert second is None
    assert runner.payment_running
    assert [message.text for message in messages] == [
        "Es läuft schon eine Zahlung — bitte warten, bis sie abgeschlossen ist."
    ]
    other = runner.start(answer(3), name="read the card")  # other work is not a payment
    assert other is not None
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert running == [True, False]
    assert runner.start(answer(4), name="pay cash", payment=True) is not None
    qtbot.waitUntil(lambda: not runner.busy)


def test_drain_cancels_and_waits(runner: TaskRunner, qtbot: QtBot) -> None:
    task = runner.start(answer(1, asyncio.Event()), name="forever")
    drained = asyncio.ensure_future(runner.drain())
    qtbot.waitUntil(drained.done)
    assert task is not None
    assert task.cancelled()
    assert not runner.busy


def test_work_that_must_finish_is_waited_for_never_cancelled(runner: TaskRunner, qtbot: QtBot) -> None:
    """A paid sale's receipts: closing the till (drain) or its widget waits for them."""
    gate = asyncio.Event()
    owner = QObject()
    done: list[int] = []
    receipts = runner.start(answer(1, gate), name="print", owner=owner, on_done=done.append, finish=True)
    other = runner.start(answer(2, asyncio.Event()), name="forever", owner=owner)
    assert receipts is not None
    assert other is not None
    assert runner.cancel_owned(owner) == 1
    drained = asyncio.ensure_future(runner.drain())
    qtbot.waitUntil(other.done)
    assert other.cancelled()
    assert not drained.done()  # waits for the receipts
    assert not receipts.done()
    gate.set()
    qtbot.waitUntil(drained.done)
    assert done == [1]
    assert not runner.busy
