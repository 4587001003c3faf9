"""The words for a till that cannot start because of a file, and the dialog that shows them.

A damaged, newer, read-only or missing journal, settings file, registration file or simulator
state, a full disk, or a till already open in another Cashier: each has a sentence in English
here and in German in ``resources/i18n/cashier_de.ts`` that says what is wrong and what to do.
The composition root sorts the errors (:mod:`cashier.app.file_problems`) and hands over plain
words — which file, which problem —, so this module knows no journal, API or simulator type.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Final, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

translate = QCoreApplication.translate
_E = TypeVar("_E", bound=StrEnum)


class FileRole(StrEnum):
    JOURNAL = "journal"
    SETTINGS = "settings"
    SECRETS = "secrets"
    SIMULATOR = "simulator"
    TILL_FOLDER = "till_folder"
    FILE = "file"


class FileProblem(StrEnum):
    DAMAGED = "damaged"
    NEWER = "newer"
    READ_ONLY = "read_only"
    UNOPENABLE = "unopenable"
    DISK_FULL = "disk_full"
    BUSY = "busy"
    INVALID = "invalid"
    IN_USE = "in_use"
    FAILED = "failed"


# The file as the subject of a sentence ("{file} is damaged"): German needs it with its article.
ROLES: Final[dict[FileRole, Callable[[], str]]] = {
    FileRole.JOURNAL: lambda: translate("StartupProblems", "The journal"),
    FileRole.SETTINGS: lambda: translate("StartupProblems", "The settings file"),
    FileRole.SECRETS: lambda: translate("StartupProblems", "The file with the till's registration"),
    FileRole.SIMULATOR: lambda: translate("StartupProblems", "The simulator's data file"),
    FileRole.TILL_FOLDER: lambda: translate("StartupProblems", "The till's folder"),
    FileRole.FILE: lambda: translate("StartupProblems", "A file of the till"),
}

PROBLEMS: Final[dict[FileProblem, Callable[[], str]]] = {
    FileProblem.DAMAGED: lambda: translate(
        "StartupProblems",
        "{file} is damaged and cannot be read. Keep a copy for support, then restore it from a "
        "backup or move it away.",
    ),
    FileProblem.NEWER: lambda: translate(
        "StartupProblems",
        "{file} was written by a newer version of Cashier. Install that version or a newer one.",
    ),
    FileProblem.READ_ONLY: lambda: translate(
        "StartupProblems",
        "{file} cannot be written (read-only, or no permission). Give this user write access to it and its folder.",
    ),
    FileProblem.UNOPENABLE: lambda: translate(
        "StartupProblems", "{file} cannot be opened. It must be a file that this user may read and write."
    ),
    FileProblem.DISK_FULL: lambda: translate(
        "StartupProblems", "{file} cannot be written: the disk is full. Free some space on the disk."
    ),
    FileProblem.BUSY: lambda: translate(
        "StartupProblems", "{file} is locked by another program. Close that program."
    ),
    FileProblem.INVALID: lambda: translate(
        "StartupProblems",
        "{file} has a mistake (see the details). Correct it, or move the file away to start with the defaults.",
    ),
    FileProblem.FAILED: lambda: translate("StartupProblems", "{file} cannot be used (see the details)."),
}


def file_problem_text(role: str, problem: str, pid: int | None = None) -> str:
    """The cashier's sentence for ``problem`` (a :class:`FileProblem` value) of the file ``role``."""
    if problem == FileProblem.IN_USE:
        if pid:
            return translate(
                "StartupProblems",
                "This till is already open in another Cashier window or command (process {pid}). "
                "Use that one, or close it first.",
            ).format(pid=pid)
        return translate(
            "StartupProblems",
            "This till is already open in another Cashier window or command. Use that one, or close it first.",
        )
    subject = ROLES[_member(FileRole, role, FileRole.FILE)]()
    sentence = PROBLEMS.get(_member(FileProblem, problem, FileProblem.FAILED), PROBLEMS[FileProblem.FAILED])
    return sentence().format(file=subject)


def _member(kind: type[_E], value: str, otherwise: _E) -> _E:
    try:
        return kind(value)
    except ValueError:  # a word a newer composition root knows: still a sentence
        return otherwise


class StartupProblemDialog(QMessageBox):
    """Says why the till cannot start, over its window: the cashier's words, under them
    ``where`` (the file, or the mistake in it), the technical line under "details"."""

    def __init__(self, text: str, where: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("The till cannot start"))
        self.setText(text)
        self.setInformativeText(where)
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
