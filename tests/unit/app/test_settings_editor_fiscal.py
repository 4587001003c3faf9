"""The settings editor and the TSE page: ``[fiscal]`` in the forms, the API secret to the secret
store (never the file), and "Set up TSE" — saved first, then set up, the PUK handed back once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from keyring.backends import fail

from cashier.api.secret_store import SecretStore
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.fiscal_setup import set_up_tss
from cashier.app.settings import load_settings
from cashier.app.settings_editor import SettingsEditor, form_of, settings_of
from cashier.domain.settings import FiscalProblem, FiscalSettings, Settings, is_tse_uuid
from cashier.journal.database import JournalDatabase
from cashier.printing.profile import PAPER_80MM
from cashier.services.fiscal.port import TseOutcomeUnknown, TseRefused
from cashier.services.printing import PrintService
from cashier.ui.settings_ports import FiscalForm, SettingsForm, SettingsRejected, TseProblem
from tests.helpers.printers import RecordingSink
from tests.helpers.tse_backend import PUKS, FakeTseBackend

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"
TESTING = FiscalSettings(tse="testing", tss_id=TSS, client_id=CLIENT, api_key="test_key")


@pytest.fixture
def store(tmp_path: Path) -> SecretStore:
    return SecretStore(tmp_path / "data", backend=fail.Keyring())  # type: ignore[no-untyped-call]


@pytest.fixture
def backend() -> FakeTseBackend:
    return FakeTseBackend()


@pytest.fixture
def editor(
    tmp_path: Path, journal: JournalDatabase, store: SecretStore, backend: FakeTseBackend
) -> SettingsEditor:
    printer = PrintService(
        journal,
        printer_uri="preview",
        profile=PAPER_80MM,
        now=lambda: datetime(2026, 11, 27, 12, tzinfo=UTC),
        sink_factory=lambda uri: RecordingSink(),
    )
    return SettingsEditor(
        tmp_path / "settings.toml",
        Settings().with_device_uuid(),
        printer=printer,
        fiscal_secrets=partial(FiscalSecrets, store),
        tse_set_up=partial(set_up_tss, backend=backend),
    )


def with_fiscal(editor: SettingsEditor, fiscal: FiscalSettings, secret: str = "") -> SettingsForm:
    return replace(editor.current(), fiscal=FiscalForm(fiscal, api_secret=secret))


def test_the_form_carries_fiscal_and_never_a_secret() -> None:
    settings = Settings(fiscal=replace(TESTING, client_serial="ERS 7"))
    form = form_of(settings)
    assert form.fiscal == FiscalForm(settings.fiscal)
    assert settings_of(form, settings) == settings
    typed = replace(form, fiscal=FiscalForm(settings.fiscal, api_secret="s3cret"))
    assert "s3cret" not in repr(typed)
    assert "secret" not in repr(form).lower()
    assert SettingsForm().fiscal == form_of(Settings()).fiscal


def test_fields_are_tidied_and_rules_named_for_the_page() -> None:
    untidy = replace(TESTING, tss_id=f" {TSS.upper()} ", api_key=" test_key ", client_serial=" ERS 1 ")
    tidy = settings_of(replace(SettingsForm(), fiscal=FiscalForm(untidy)), Settings()).fiscal
    assert (tidy.tss_id, tidy.api_key, tidy.client_serial) == (TSS, "test_key", "ERS 1")
    with pytest.raises(SettingsRejected) as refused:
        settings_of(replace(SettingsForm(), fiscal=FiscalForm(replace(TESTING, client_id="x"))), Settings())
    assert (refused.value.field, refused.value.problem) == ("fiscal.client_id", FiscalProblem.NOT_A_UUID)


async def test_the_api_secret_goes_to_the_store_not_the_file(
    editor: SettingsEditor, store: SecretStore
) -> None:
    await editor.save(with_fiscal(editor, TESTING, "s3cret"))
    text = editor.path.read_text(encoding="utf-8")
    assert 'tse = "testing"' in text
    assert "s3cret" not in text
    assert load_settings(editor.path).fiscal == TESTING
    assert FiscalSecrets(store, editor.settings).api_secret() == "s3cret"
    await editor.save(editor.current())  # the stored one serves from now on
    await editor.save(with_fiscal(editor, replace(TESTING, client_serial="ERS 9")))  # same key: kept


async def test_a_new_fiskaly_tse_without_its_secret_is_refused(editor: SettingsEditor) -> None:
    with pytest.raises(SettingsRejected) as refused:
        await editor.save(with_fiscal(editor, TESTING))
    assert refused.value.field == "fiscal.api_secret"
    assert refused.value.problem == FiscalProblem.NO_API_SECRET
    assert not editor.path.exists()
    with pytest.raises(SettingsRejected):
        await editor.finish_set_up(with_fiscal(editor, TESTING))
    await editor.save(with_fiscal(editor, TESTING, "s3cret"))
    with pytest.raises(SettingsRejected):  # another key needs its own secret
        await editor.save(with_fiscal(editor, replace(TESTING, api_key="test_other")))


async def test_an_unchanged_tse_does_not_stop_other_pages_from_saving(
    editor: SettingsEditor, store: SecretStore
) -> None:
    await editor.save(with_fiscal(editor, TESTING, "s3cret"))
    FiscalSecrets(store, editor.settings).delete_api_secret()  # lost, e.g. a new keyring
    form = editor.current()
    await editor.save(replace(form, shop=replace(form.shop, name="Laden")))
    assert editor.settings.shop.name == "Laden"


async def test_off_and_the_simulator_need_no_secret(editor: SettingsEditor) -> None:
    await editor.save(with_fiscal(editor, FiscalSettings(tse="off"), "ignored"))
    assert editor.settings.fiscal.tse == "off"
    await editor.save(with_fiscal(editor, FiscalSettings()))
    assert editor.settings.fiscal == FiscalSettings()


async def test_set_up_saves_new_ids_first_and_hands_back_the_puk_once(
    editor: SettingsEditor, store: SecretStore, backend: FakeTseBackend
) -> None:
    new = FiscalSettings(tse="testing", api_key="test_key")
    outcome = await editor.set_up_tse(FiscalForm(new, api_secret="s3cret"))
    assert outcome.done
    assert outcome.admin_puk == PUKS[0]
    assert "4711081547" not in repr(outcome)
    fiscal = outcome.fiscal
    assert fiscal is not None
    assert is_tse_uuid(fiscal.tss_id)
    assert is_tse_uuid(fiscal.client_id)
    assert fiscal.client_serial == "ERS KASSE-1"
    assert load_settings(editor.path).fiscal == fiscal == editor.settings.fiscal
    secrets = FiscalSecrets(store, editor.settings)
    assert (secrets.api_secret(), secrets.admin_puk()) == ("s3cret", PUKS[0])
    assert PUKS[0] not in editor.path.read_text(encoding="utf-8")
    assert backend.connections[-1].tss_id == fiscal.tss_id

    again = await editor.set_up_tse(editor.current().fiscal)
    assert (again.done, again.already, again.admin_puk) == (True, True, "")


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (TseOutcomeUnknown("no answer"), TseProblem.OFFLINE),
        (TseRefused("bad key", status=401), TseProblem.CREDENTIALS),
        (TseRefused("E_TSS_DISABLED", status=400), TseProblem.REFUSED),
    ],
)
async def test_a_set_up_that_failed_is_an_outcome_with_the_settings_kept(
    editor: SettingsEditor, backend: FakeTseBackend, error: Exception, problem: TseProblem
) -> None:
    backend.fail = error  # type: ignore[assignment]
    outcome = await editor.set_up_tse(FiscalForm(TESTING, api_secret="s3cret"))
    assert (outcome.done, outcome.problem) == (False, problem)
    assert str(error) in outcome.detail
    assert outcome.fiscal == editor.settings.fiscal == replace(TESTING, client_serial="ERS KASSE-1")


async def test_a_set_up_without_the_secret_is_refused_before_anything_is_saved(
    editor: SettingsEditor,
) -> None:
    with pytest.raises(SettingsRejected) as refused:
        await editor.set_up_tse(FiscalForm(TESTING))
    assert refused.value.field == "fiscal.api_secret"
    assert not editor.path.exists()


async def test_an_editor_without_a_store_refuses_fiskaly(editor: SettingsEditor) -> None:
    bare = SettingsEditor(editor.path, editor.settings, printer=editor.printer)
    with pytest.raises(SettingsRejected):
        await bare.save(replace(bare.current(), fiscal=FiscalForm(TESTING, api_secret="s3cret")))
    await bare.save(replace(bare.current(), fiscal=FiscalForm(FiscalSettings(tse="off"))))
