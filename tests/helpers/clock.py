"""The tests' one fake clock: time moves only when a test (or a simulated pause) moves it."""

from __future__ import annotations

import asyncio
from datetime import datetime, tzinfo

START = 1_790_000_000.0  # 2026-09-21, a fixed moment so ids and receipts repeat from run to run


class FakeClock:
    """Wall-clock seconds that move only when a test (or a simulated delay) moves them.

    ``clock()`` gives POSIX seconds (the simulator's and the authenticator's clock),
    ``clock.datetime()`` the same moment as an aware datetime (the till's clock);
    ``tick`` seconds pass at every reading, for code that must see time go on by itself.
    """

    def __init__(self, start: float = START, *, tick: float = 0.0, tz: tzinfo | None = None) -> None:
        self.now = start
        self.tick = tick
        self.tz = tz
        self.slept: list[float] = []

    def __call__(self) -> float:
        self.now += self.tick
        return self.now

    def datetime(self) -> datetime:
        """Now as an aware datetime: in ``tz``, or with the machine's local offset."""
        moment = datetime.fromtimestamp(self(), self.tz)
        return moment if self.tz is not None else moment.astimezone()

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)
