"""The one TaskRunner: every piece of async work the UI starts goes through it (docs/style.md habit 5).

* It **keeps a reference** to each task until it is done (asyncio keeps only weak ones).
* It **reports** the end through callbacks and Qt signals, on the Qt thread: ``on_settled``
  first (close a waiting dialog), then ``on_done(result)`` or ``on_error(error)``. An error
  that ``on_error`` does not handle goes to the :class:`MessageBridge` — in words from the
  error table, or, for a bug, as a generic message with a support reference while the log
  gets the traceback. Nothing raised in a task or a callback escapes into the event loop.
* It **cancels what a closed widget started**: work started with ``owner=`` is cancelled
  when the owner is destroyed, or by :meth:`cancel_owned` (a dialog's ``done``, a window's
  ``closeEvent``). A cancelled task calls none of its callbacks.
* It **refuses a second payment** while one runs (``payment=True``): a double click starts
  one payment; the refused coroutine is closed without running.
* Work started with ``finish=True`` (a paid sale's receipts on their way to the printer) is
  never cancelled: :meth:`drain` waits for it, so closing the till does not cut a receipt off.
* ``busy`` and ``payment_running`` (with change signals) drive the enabled state of buttons.
  Work started with ``background=True`` (the offline catch-up: a probe loop, the bookings)
  does not count as busy: the cashier goes on meanwhile and the status bar shows no progress.

Work is started with the loop given to the constructor (the qasync loop); slots never await.
``qasync.asyncSlot`` is not used (its return value changed between releases).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from cashier.ui.kit.message_bridge import MessageBridge

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(slots=True)
class _Work:
    name: str
    owner: int | None
    on_done: Callable[[Any], None] | None
    on_error: Callable[[Exception], bool] | None
    on_settled: Callable[[], None] | None
    payment: bool
    finish: bool = False
    background: bool = False


class TaskRunner(QObject):
    busy_changed = Signal(bool)
    payment_running_changed = Signal(bool)
    task_failed = Signal(str, object)  # name, the error (after it was reported)

    def __init__(
        self, loop: asyncio.AbstractEventLoop, bridge: MessageBridge, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._loop = loop
        self._bridge = bridge
        self._work: dict[asyncio.Task[Any], _Work] = {}
        self._owners: dict[int, set[asyncio.Task[Any]]] = {}

    # --- state ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return any(not work.background for work in self._work.values())

    @property
    def payment_running(self) -> bool:
        return any(work.payment for work in self._work.values())

    @property
    def closed(self) -> bool:
        """The event loop is gone (the till closed): nothing can be started any more."""
        return self._loop.is_closed()

    def running(self) -> list[str]:
        return [work.name for work in self._work.values()]

    # --- starting and cancelling ----------------------------------------------------------------
    def start(
        self,
        work: Coroutine[Any, Any, T],
        *,
        name: str,
        owner: QObject | None = None,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], bool] | None = None,
        on_settled: Callable[[], None] | None = None,
        payment: bool = False,
        finish: bool = False,
        background: bool = False,
    ) -> asyncio.Task[T] | None:
        """Run ``work``; ``None`` when it was refused (a payment while another one runs).

        ``on_error`` returns True when it dealt with the error itself; otherwise the bridge
        words it for the cashier.
        """
        if payment and self.payment_running:
            work.close()
            log.warning("refused %s: a payment is already running", name)
            self._bridge.warning(self.tr("A payment is already running — please wait for it to finish."))
            return None
        was_busy, was_paying = self.busy, self.payment_running
        task = self._loop.create_task(work, name=name)
        key = None if owner is None else self._watch(owner)
        self._work[task] = _Work(name, key, on_done, on_error, on_settled, payment, finish, background)
        if key is not None:
            self._owners[key].add(task)
        task.add_done_callback(self._finished)
        log.debug("started %s", name)
        if not was_busy and self.busy:
            self.busy_changed.emit(True)
        if payment and not was_paying:
            self.payment_running_changed.emit(True)
        return task

    def cancel_owned(self, owner: QObject) -> int:
        """Cancel the unfinished work ``owner`` started; returns how many tasks were cancelled."""
        tasks = [task for task in self._owners.get(id(owner), ()) if self._cancellable(task)]
        for task in tasks:
            task.cancel()
        return len(tasks)

    def cancel_all(self) -> None:
        for task in list(self._work):
            if self._cancellable(task):
                task.cancel()

    def _cancellable(self, task: asyncio.Task[Any]) -> bool:
        work = self._work.get(task)
        return not task.done() and (work is None or not work.finish)

    async def drain(self) -> None:
        """Cancel all work (but what must finish) and wait until it has ended (before the
        services close)."""
        self.cancel_all()
        tasks = list(self._work)
        if tasks:
            await asyncio.wait(tasks)

    def _watch(self, owner: QObject) -> int:
        key = id(owner)
        if key not in self._owners:
            self._owners[key] = set()
            owner.destroyed.connect(lambda *_: self._owner_gone(key))
        return key

    def _owner_gone(self, key: int) -> None:
        for task in self._owners.pop(key, set()):
            if self._cancellable(task):
                log.info("cancelling %s: its widget was closed", self._work[task].name)
                task.cancel()

    # --- the end of a task ----------------------------------------------------------------------
    def _finished(self, task: asyncio.Task[Any]) -> None:
        if not shiboken6.isValid(self):
            return  # the runner went with its window; its signals have no one left to tell
        was_busy = self.busy
        work = self._work.pop(task)
        if work.owner is not None:
            self._owners.get(work.owner, set()).discard(task)
        if work.payment and not self.payment_running:
            self.payment_running_changed.emit(False)
        try:
            if task.cancelled():
                log.info("%s was cancelled", work.name)
                return
            error = task.exception()
            if work.on_settled is not None:
                work.on_settled()
            if error is None:
                if work.on_done is not None:
                    work.on_done(task.result())
                return
            handled = isinstance(error, Exception) and work.on_error is not None and work.on_error(error)
            if not handled:
                self._bridge.report(error)
            self.task_failed.emit(work.name, error)
        except Exception as bug:  # a callback's bug must not reach the event loop
            self._bridge.report(bug)
        finally:
            if was_busy and not self.busy:
                self.busy_changed.emit(False)
