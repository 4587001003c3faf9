"""The real till in a real X server, driven as a cashier drives it.

:class:`XServer` starts Xvfb (1024×768, like the smallest till screen) and, if asked, the
openbox window manager; without one the X server behaves as a kiosk till does. :class:`XTill`
starts ``cashier run`` on it — its own data folder, the embedded simulator, German — and
sends real X events with ``xdotool``: keys, typing, a scanner's burst, mouse clicks.

Where a button is on the screen and which window is open is read from the till's UI probe
(``CASHIER_UI_PROBE``, :mod:`cashier.app.ui_probe`); what happened is read from the journal.
Every wait is for a condition with a deadline, never a fixed pause.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

CASHIER = Path(sys.executable).with_name("cashier")
TOOLS = ("Xvfb", "xdotool", "openbox")
WAIT = 30.0  # seconds: the longest any single step may take on a loaded two-core machine
T = TypeVar("T")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = WAIT) -> T:
    """``probe()`` until it gives something other than None/False; fails naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)  # polling a condition, not waiting for time to pass


class XServer:
    """Xvfb on a free display, with openbox or without a window manager."""

    def __init__(self, folder: Path, *, window_manager: bool) -> None:
        self.folder = folder
        self.window_manager = window_manager
        self._processes: list[subprocess.Popen[bytes]] = []
        self.display = ""

    def start(self) -> None:
        read, write = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        self._processes.append(xvfb)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        self.display = f":{number}"
        if self.window_manager:
            ready = self.folder / "openbox-ready"
            home = self.folder / "wm-home"
            home.mkdir(exist_ok=True)
            self._processes.append(
                subprocess.Popen(
                    ["openbox", "--sm-disable", "--startup", f"touch {ready}"],
                    env={**self.env(), "HOME": str(home)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            wait_for("openbox to manage the screen", ready.exists)

    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display}

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env(), capture_output=True, text=True, timeout=WAIT, check=True
        )
        return result.stdout

    def stop(self) -> None:
        for process in reversed(self._processes):
            with suppress(ProcessLookupError):
                process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass(frozen=True)
class Button:
    text: str
    enabled: bool
    default: bool
    rect: tuple[int, int, int, int]

    @property
    def centre(self) -> tuple[int, int]:
        x, y, w, h = self.rect
        return x + w // 2, y + h // 2


class XTill:
    """``cashier run`` on an :class:`XServer`, with its own data folder."""

    def __init__(self, x: XServer, home: Path, *, settings: str = "") -> None:
        self.x = x
        self.home = home
        self.probe_file = home.parent / f"{home.name}-probe.json"
        self.process: subprocess.Popen[bytes] | None = None
        home.mkdir(parents=True, exist_ok=True)
        settings_file = home / "settings.toml"
        if not settings_file.exists():
            settings_file.write_text(
                'language = "de"\nsimulator_terminal_delay = 0.0\n'
                f'[printer]\nuri = "file://{home / "receipts.bin"}"\n' + settings,
                encoding="utf-8",
            )

    # --- the process ------------------------------------------------------------------------
    def start(self, *, ready: bool = True) -> XTill:
        """``ready=False``: wait for the window only (a till that cannot start shows why there)."""
        self.probe_file.unlink(missing_ok=True)
        env = {
            **self.x.env(),
            "CASHIER_HOME": str(self.home),
            "CASHIER_SECRET_STORE": "file",
            "CASHIER_UI_PROBE": str(self.probe_file),
            "QT_QPA_PLATFORM": "xcb",
            "PYTHONUNBUFFERED": "1",
        }
        log = (self.home.parent / f"{self.home.name}-stderr.log").open("ab")
        seen = len(self.log())  # the log file goes on across restarts
        self.process = subprocess.Popen([str(CASHIER), "run"], env=env, stdout=log, stderr=log)
        log.close()
        if ready:
            wait_for("the till to be ready", lambda: self._alive() and "till ready" in self.log()[seen:])
        wait_for("the till's window", lambda: self.window("Cashier"))
        return self

    def _alive(self) -> bool:
        assert self.process is not None
        code = self.process.poll()
        assert code is None, f"the till exited with {code}: {self.log()[-2000:]}"
        return True

    def log(self) -> str:
        path = self.home / "logs" / "cashier.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: the power cable pulled."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WAIT)

    def quit(self) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    # --- what the screen shows ----------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        for _ in range(20):  # the file is replaced atomically, but may not exist yet
            with suppress(FileNotFoundError, json.JSONDecodeError):
                return json.loads(self.probe_file.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
            time.sleep(0.05)
        raise AssertionError("the till writes no UI snapshot")

    def window(self, title_part: str) -> dict[str, Any] | None:
        self._alive()
        for window in self.snapshot()["windows"]:
            if title_part in window["title"]:
                return window  # type: ignore[no-any-return]
        return None

    def windows(self) -> list[str]:
        return [w["title"] for w in self.snapshot()["windows"]]

    def wait_window(self, title_part: str) -> dict[str, Any]:
        """Until a window with ``title_part`` in its title shows *and* has the keyboard (a
        cashier's next key goes to it; on a busy machine the focus may follow the window late)."""
        window = self._shown(title_part)
        self.wait_active(title_part)
        return window

    def _shown(self, title_part: str) -> dict[str, Any]:
        return wait_for(
            f"a window titled {title_part!r} (open: {self.windows()})", lambda: self.window(title_part)
        )

    def wait_gone(self, title_part: str) -> None:
        wait_for(f"the window {title_part!r} to close", lambda: self.window(title_part) is None)

    def only_main_window(self) -> bool:
        return [w["class"] for w in self.snapshot()["windows"]] == ["MainWindow"]

    def wait_active(self, title_part: str = "Cashier") -> None:
        """Qt counts the window as active: it has the keyboard, shortcuts reach it."""
        wait_for(
            f"{title_part!r} to be the active window (active: {self.snapshot()['active']!r})",
            lambda: title_part in (self.snapshot()["active"] or ""),
        )

    def button(self, text: str, window: str = "") -> Button | None:
        for win in self.snapshot()["windows"]:
            if window and window not in win["title"]:
                continue
            for b in win["buttons"]:
                if b["text"].replace("\n", " ") == text or b["text"].split("\n")[0] == text:
                    return Button(b["text"], b["enabled"], b["default"], tuple(b["rect"]))  # type: ignore[arg-type]
        return None

    def labels(self, window: str = "") -> list[str]:
        return [label for w in self.snapshot()["windows"] if window in w["title"] for label in w["labels"]]

    def screenshot(self, path: Path) -> None:
        if shutil.which("import"):
            subprocess.run(
                ["import", "-window", "root", str(path)], env=self.x.env(), check=False, timeout=WAIT
            )

    # --- a cashier's hands --------------------------------------------------------------------
    def key(self, *keys: str) -> None:
        """Key presses as the keyboard sends them (xdotool key names: F4, Return, Escape, KP_1)."""
        self.x.xdotool("key", "--delay", "40", *keys)

    def type(self, text: str, *, delay_ms: int = 60) -> None:
        """Typing by hand (about 60 ms between keys) or, with ``delay_ms`` ≤ 10, a scanner's burst."""
        self.x.xdotool("type", "--delay", str(delay_ms), text)

    def scan(self, code: str) -> None:
        """A keyboard-wedge scanner: the digits in a burst, then Enter."""
        self.x.xdotool("type", "--delay", "4", code)
        self.x.xdotool("key", "--delay", "4", "Return")

    def click(self, text: str, window: str = "") -> None:
        button = wait_for(
            f"an enabled button {text!r} in {window or 'any window'} (open: {self.windows()})",
            lambda: (b := self.button(text, window)) is not None and b.enabled and b,
        )
        x, y = button.centre
        self.x.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    # --- what was recorded ------------------------------------------------------------------------
    def set(self, key: str, value: str) -> None:
        """Change one top-level setting in ``settings.toml`` (the till is not running)."""
        path = self.home / "settings.toml"
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if not line.replace(" ", "").startswith(f"{key}=")]
        path.write_text(f"{key} = {value}\n" + "\n".join(kept) + "\n", encoding="utf-8")

    def sales(self) -> list[dict[str, Any]]:
        path = self.home / "journal.sqlite"
        if not path.exists():
            return []
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM sales ORDER BY created_at")]

    def wait_sale(self, count: int = 1, states: tuple[str, ...] = ("completed", "printed")) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            finished = [s for s in self.sales() if s["state"] in states]
            return finished[count - 1] if len(finished) >= count else None

        return wait_for(f"sale #{count} to finish (sales: {self.sales()})", done)


@dataclass
class Screen:
    x: XServer
    folder: Path

    def till(self, name: str = "till", settings: str = "") -> XTill:
        return XTill(self.x, self.folder / name, settings=settings)


def x_screen(folder: Path, *, window_manager: bool) -> Iterator[Screen]:
    x = XServer(folder, window_manager=window_manager)
    try:
        x.start()
        yield Screen(x, folder)
    finally:
        x.stop()
