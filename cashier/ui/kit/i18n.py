"""German and English through Qt's translation system.

The sources of every text a cashier reads are English, marked with ``self.tr()`` or
``QCoreApplication.translate()``; ``resources/i18n/cashier_de.ts`` holds the German
translation and ``cashier_en.ts`` the English plural forms (``lupdate -pluralonly``); both are
compiled to ``.qm`` with ``pyside6-lrelease`` and committed (``scripts/i18n.py`` updates,
compiles and checks them). Qt's own ``qtbase_de.qm`` translates standard buttons.

:class:`UiLanguage` owns the installed translators and the money format of the current
language. Switching installs the other translators: Qt then sends every widget a
``LanguageChange`` event, on which the views set their texts again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from cashier.ui.kit.formatting import ENGLISH, GERMAN, LANGUAGES, MoneyFormat

log = logging.getLogger(__name__)

CATALOGUE_NAME = "cashier"


def choose_language(setting: str, locale: QLocale) -> str:
    """``settings.language`` when set, else German on a German locale and English elsewhere."""
    if setting in LANGUAGES:
        return setting
    return GERMAN if locale.language() == QLocale.Language.German else ENGLISH


class UiLanguage(QObject):
    """The language the till speaks now; ``changed`` after :meth:`switch`."""

    changed = Signal(str)

    def __init__(self, app: QCoreApplication, i18n_dir: Path, language: str) -> None:
        super().__init__(app)
        self._app = app
        self._dir = i18n_dir
        self._translators: list[QTranslator] = []
        self._language = ""
        self.switch(language)

    @property
    def code(self) -> str:
        return self._language

    @property
    def money(self) -> MoneyFormat:
        return MoneyFormat(self._language)

    def switch(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        if language == self._language:
            return
        # Language and locale first: installing a translator sends every widget a
        # LanguageChange event at once, and the views then read both.
        self._language = language
        QLocale.setDefault(
            QLocale(QLocale.Language.German if language == GERMAN else QLocale.Language.English)
        )
        old, self._translators = self._translators, self._load(language)
        for translator in old:
            self._app.removeTranslator(translator)
        for translator in self._translators:
            self._app.installTranslator(translator)
        log.info("language: %s", language)
        self.changed.emit(language)

    def uninstall(self) -> None:
        """Remove the translators from the application (the sources' English remains)."""
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        self._language = ""

    def _load(self, language: str) -> list[QTranslator]:
        loaded = []
        ours = QTranslator(self)
        if ours.load(f"{CATALOGUE_NAME}_{language}", str(self._dir)):
            loaded.append(ours)
        else:
            log.error("translation %s_%s.qm is missing in %s", CATALOGUE_NAME, language, self._dir)
        if language != ENGLISH:
            qt = QTranslator(self)
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                loaded.append(qt)
        return loaded
