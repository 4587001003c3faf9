"""The error table: every outcome and every input problem has words, in German and in English.

Checked by introspection, so a new outcome class in ``cashier.services.errors`` or a new
reason in a domain ``*Problem`` enum fails here until the table (and the translation) has it.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import typing
from enum import StrEnum

import pytest

import cashier.domain
import cashier.services.errors as service_errors
from cashier.domain.errors import InputError
from cashier.domain.money import AmountError, AmountProblem, Money
from cashier.domain.security_codes import SecretKind
from cashier.journal.database import JournalError, JournalProblem
from cashier.services.errors import (
    BackendUnavailable,
    InvalidInput,
    NotPossibleOffline,
    SaleError,
    WrongSecurityCode,
)
from cashier.services.offline import OfflineRefusal, refused_offline
from cashier.services.open_sales import Outcome
from cashier.ui.kit.i18n import UiLanguage
from cashier.ui.kit.message_bridge import MessageBridge
from cashier.ui.kit.messages import (
    INPUTS,
    OUTCOMES,
    MessageLevel,
    UserMessage,
    describe,
    is_expected,
    not_printed,
    reason_key,
    reconciled,
)

NBSP = "\u00a0"


def service_outcomes() -> list[type[SaleError]]:
    return [
        cls
        for _, cls in inspect.getmembers(service_errors, inspect.isclass)
        if issubclass(cls, SaleError) and cls.__module__ == service_errors.__name__
    ]


def input_errors() -> list[type[InputError]]:
    for module in pkgutil.iter_modules(cashier.domain.__path__):
        importlib.import_module(f"cashier.domain.{module.name}")
    found, todo = [], list(InputError.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: cls.__name__)


def reasons() -> list[StrEnum]:
    members: list[StrEnum] = []
    for cls in input_errors():
        enum = typing.get_type_hints(cls)["reason"]
        assert issubclass(enum, StrEnum), cls
        members.extend(enum)
    return members


def an_outcome(cls: type[SaleError]) -> SaleError:
    extra = {
        "tries_left": 2,
        "sale_id": "KASSE-1-20261127-ABCDEF",
        "support_id": None,
        "what": "terminal",
        "reason": "amount",
    }
    wanted = [name for name in inspect.signature(cls).parameters if name != "message"]
    return cls("an English message", **{name: extra[name] for name in wanted})


def an_input_error(reason: StrEnum) -> InputError:
    cls = next(cls for cls in input_errors() if isinstance(reason, typing.get_type_hints(cls)["reason"]))
    return cls(
        reason, "an English message", kind=SecretKind.CSC, maximum=Money(1_000_000), missing=Money(150)
    )


def test_the_domain_has_input_errors_to_cover() -> None:
    assert len(service_outcomes()) == 18
    assert {cls.__name__ for cls in input_errors()} >= {"AmountError", "CardNumberError", "SecurityCodeError"}
    assert len(reasons()) >= 38


def test_every_services_outcome_class_has_an_entry() -> None:
    assert set(OUTCOMES) == set(service_outcomes())


def test_every_input_problem_has_an_entry() -> None:
    missing = [reason for reason in reasons() if reason_key(reason) not in INPUTS]
    assert missing == []
    assert len(INPUTS) == len(reasons())  # none shadowed by another topic's equal value


def test_every_entry_says_what_it_means_whatever_the_language(language: UiLanguage) -> None:
    """Tests (and anything else) compare a message's key, never its sentence."""
    money = language.money
    outcomes = {cls: describe(an_outcome(cls), money).key for cls in service_outcomes()}
    named = {cls: cls.__name__ for cls in service_outcomes()}
    assert outcomes == named | {NotPossibleOffline: "NotPossibleOffline.terminal"}  # per refusal
    inputs = [describe(an_input_error(reason), money).key for reason in reasons()]
    assert inputs == [f"{type(reason).__name__}.{reason.name}" for reason in reasons()]
    assert len(set(inputs)) == len(inputs)  # reasons of different topics stay apart
    journal_error = JournalError("database or disk is full", problem=JournalProblem.DISK_FULL)
    assert describe(journal_error, money).key == "JournalError"
    wrapped = InvalidInput("bad amount")
    wrapped.__context__ = AmountError(AmountProblem.ZERO, "zero")
    assert describe(wrapped, money).key == "AmountProblem.ZERO"  # the reason, not the wrapper
    assert (not_printed().key, reconciled("cancelled", "7").key) == ("not_printed", "reconciled.cancelled")
    language.switch("en")
    assert [describe(an_outcome(cls), money).key for cls in service_outcomes()] == list(outcomes.values())


@pytest.mark.parametrize("code", ["de", "en"])
def test_every_entry_has_words_in_both_languages(language: UiLanguage, code: str) -> None:
    german = {cls: describe(an_outcome(cls), language.money).text for cls in service_outcomes()}
    german_inputs = {reason_key(r): describe(an_input_error(r), language.money).text for r in reasons()}
    language.switch(code)
    for cls in service_outcomes():
        text = describe(an_outcome(cls), language.money).text
        assert text
        assert "an English message" not in text
        assert (text == german[cls]) == (code == "de"), cls
    for reason in reasons():
        text = describe(an_input_error(reason), language.money).text
        assert text
        assert "{" not in text, reason  # every placeholder filled
        assert (text == german_inputs[reason_key(reason)]) == (code == "de"), reason


def test_the_words_say_what_to_do_next(language: UiLanguage) -> None:
    money = language.money
    words = {cls.__name__: describe(an_outcome(cls), money).text for cls in service_outcomes()}
    assert words["CardLocked"] == "Karte gesperrt — andere Zahlungsart wählen."
    assert words["OutcomeUnknown"].startswith("Zahlungsergebnis unklar — wird geprüft…")
    assert words["PaymentDeclined"].startswith("Zahlung abgelehnt")
    assert describe(WrongSecurityCode("x", 1), money).text == "Sicherheitscode falsch — noch 1 Versuch."
    assert (
        not_printed().text == "Beleg nicht gedruckt — der Verkauf ist gespeichert; Beleg später nachdrucken."
    )
    assert reconciled(Outcome.STILL_UNKNOWN, "KASSE-1-1").level is MessageLevel.ERROR
    language.switch("en")
    assert describe(WrongSecurityCode("x", 1), language.money).text == "Wrong security code — 1 try left."
    assert describe(WrongSecurityCode("x", 2), language.money).text == "Wrong security code — 2 tries left."


def test_the_support_id_of_the_server_is_shown(language: UiLanguage) -> None:
    message = describe(BackendUnavailable("Checking the card: HTTP 500", "SUP-4711"), language.money)
    assert message.level is MessageLevel.ERROR
    assert message.support_id == "SUP-4711"
    assert message.text == (
        "secuconnect ist nicht erreichbar — Verbindung prüfen, dann erneut versuchen. Support-Referenz: SUP-4711"
    )


def test_an_input_error_wrapped_by_the_services_keeps_its_reason(language: UiLanguage) -> None:
    try:
        try:
            raise AmountError(AmountProblem.ZERO, "The amount must be more than 0,00.")
        except InputError as error:
            raise InvalidInput(error.message) from None
    except InvalidInput as wrapped:
        message = describe(wrapped, language.money)
    assert message.text == f"Der Betrag muss größer als 0,00{NBSP}€ sein."


@pytest.mark.expected_errors("cashier.ui.kit.message_bridge")
def test_a_bug_shows_a_reference_and_logs_the_traceback(
    bridge: MessageBridge, messages: list[UserMessage], caplog: pytest.LogCaptureFixture
) -> None:
    def fail() -> None:
        raise KeyError("sale_numer")

    try:
        fail()
    except KeyError as bug:
        with caplog.at_level(logging.ERROR, logger="cashier.ui.kit.message_bridge"):
            shown = bridge.report(bug)
    assert messages == [shown]
    assert shown.level is MessageLevel.ERROR
    reference = shown.support_id
    assert reference is not None
    assert reference.startswith("UI-")
    assert shown.text == (
        f"Unerwarteter Fehler — der Verkauf ist gespeichert. Bitte dem Support die Referenz {reference} nennen."
    )
    assert "KeyError" not in shown.text
    assert "sale_numer" not in shown.text
    record = next(record for record in caplog.records if reference in record.getMessage())
    assert record.exc_info is not None
    assert "in fail" in caplog.text  # the traceback is in the log


def test_a_journal_that_cannot_be_written_is_worded_not_a_bug(language: UiLanguage) -> None:
    error = JournalError("database or disk is full", problem=JournalProblem.DISK_FULL)
    assert is_expected(error)
    message = describe(error, language.money)
    assert message.level is MessageLevel.ERROR
    assert "Journal der Kasse kann nicht geschrieben werden" in message.text


@pytest.mark.parametrize("code", ["de", "en"])
def test_every_offline_refusal_says_why_in_both_languages(language: UiLanguage, code: str) -> None:
    """docs/offline.md: what is refused offline is said with its reason, one sentence per refusal."""
    german = {what: describe(refused_offline(what), language.money).text for what in OfflineRefusal}
    language.switch(code)
    words = {what: describe(refused_offline(what), language.money) for what in OfflineRefusal}
    assert len({message.text for message in words.values()}) == len(OfflineRefusal)
    for what, message in words.items():
        assert message.key == f"NotPossibleOffline.{what.value}"
        assert message.level is MessageLevel.WARNING  # the cashier can take cash instead
        assert (message.text == german[what]) == (code == "de"), what
        assert "secuconnect cannot be reached (offline)" not in message.text  # not the services' English
    if code == "de":
        assert words[OfflineRefusal.TERMINAL].text == (
            "Offline: Das Kartenterminal läuft über secuconnect — bitte bar kassieren."
        )
