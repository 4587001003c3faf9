"""``cashier fiscal setup``: the TSS set up from the command line, the admin PUK printed once,
the settings and secrets saved before the first call (cashier.app.fiscal_cli).

The TSE here is a hand-written backend (tests/helpers/tse_backend.py); the set-up against the
embedded fiskaly simulator is in tests/integration/test_fiscal_setup_simulator.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cashier.app import cli, fiscal_setup
from cashier.app.fiscal_secrets import FiscalSecrets
from cashier.app.paths import resolve_paths
from cashier.app.settings import load_settings, save_settings
from cashier.domain.settings import FiscalSettings, FiscalSettingsError, Settings, is_tse_uuid
from cashier.services.fiscal.port import TseError, TseOutcomeUnknown, TseRefused
from cashier.simulator.fiskaly import seed
from tests.helpers.till_folder import held_by_another_process
from tests.helpers.tse_backend import PUKS, FakeTseBackend

TSS = "3f2b6c1e-8d4a-4b8e-9f1a-2c3d4e5f6a7b"
CLIENT = "0d9c1a55-7e2b-4c3d-8a9b-1c2d3e4f5a6b"
SECRET = "s3cret-api"
SET_UP_TESTING = ["fiscal", "setup", "--tse", "testing", "--api-key", "test_key", "--api-secret-stdin"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASHIER_HOME", str(tmp_path))
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")  # never the OS keyring
    monkeypatch.delenv("CASHIER_FISKALY_API_SECRET", raising=False)
    monkeypatch.setattr(cli, "_logging", lambda args: None)
    return tmp_path


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> FakeTseBackend:
    fake = FakeTseBackend()
    monkeypatch.setattr(fiscal_setup, "default_backend", lambda **_: fake)
    return fake


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    stream = io.StringIO(f"{SECRET}\n")
    monkeypatch.setattr("sys.stdin", stream)
    return stream


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def saved(home: Path) -> Settings:
    return load_settings(resolve_paths().settings_file)


def test_the_group_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "fiscal" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["fiscal", "--help"])
    assert "setup" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["fiscal"])  # a command is needed
    assert "required: COMMAND" in capsys.readouterr().err


def test_a_new_tss_is_set_up_and_its_puk_printed_once(
    home: Path, backend: FakeTseBackend, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *SET_UP_TESTING)
    assert (code, err) == (0, "")
    settings = saved(home)
    fiscal = settings.fiscal
    assert (fiscal.tse, fiscal.api_key, fiscal.client_serial) == ("testing", "test_key", "ERS KASSE-1")
    assert is_tse_uuid(fiscal.tss_id)
    assert is_tse_uuid(fiscal.client_id)
    assert settings.setup_pending  # a file made here: the first start still offers the wizard
    assert f"TSS {fiscal.tss_id} (testing) is set up." in out
    assert out.count(PUKS[0]) == 1
    assert "Write it down now" in out
    text = resolve_paths().settings_file.read_text(encoding="utf-8")
    assert SECRET not in text
    assert PUKS[0] not in text
    secrets = FiscalSecrets.of(settings, resolve_paths())
    assert (secrets.api_secret(), secrets.admin_puk()) == (SECRET, PUKS[0])
    assert backend.tsss[fiscal.tss_id].pin == secrets.admin_pin()
    logged = "".join(path.read_text(encoding="utf-8") for path in resolve_paths().log_dir.glob("*.log*"))
    assert SECRET not in logged
    assert PUKS[0] not in logged

    code, out, err = run(capsys, "fiscal", "setup")  # again: nothing new, the PUK never again
    assert (code, err) == (0, "")
    assert "was set up already" in out
    assert PUKS[0] not in out
    assert saved(home).fiscal == fiscal


def test_an_existing_tss_gets_this_till_as_another_client(
    home: Path, backend: FakeTseBackend, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*SET_UP_TESTING, "--tss-id", TSS, "--client-id", CLIENT, "--client-serial", "ERS Kasse vorn"]
    assert run(capsys, *args)[0] == 0
    assert backend.tsss[TSS].clients == {CLIENT: "ERS Kasse vorn"}
    stdin.seek(0)
    save_settings(resolve_paths().settings_file, Settings(till_id="KASSE-2"))  # the second till
    code, _, _ = run(capsys, *SET_UP_TESTING, "--tss-id", TSS)
    assert code == 0
    second = saved(home).fiscal
    assert second.tss_id == TSS
    assert second.client_id not in (CLIENT, "")
    assert backend.tsss[TSS].clients[second.client_id] == "ERS KASSE-2"


def test_the_api_secret_may_come_from_the_environment_and_is_kept(
    home: Path, backend: FakeTseBackend, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("CASHIER_FISKALY_API_SECRET", SECRET)
    assert run(capsys, "fiscal", "setup", "--tse", "testing", "--api-key", "test_key")[0] == 0
    monkeypatch.delenv("CASHIER_FISKALY_API_SECRET")
    assert run(capsys, "fiscal", "setup", "--new-tss")[0] == 0  # the stored secret serves
    assert len(backend.tsss) == 2


def test_without_an_api_secret_nothing_is_saved_or_sent(
    home: Path, backend: FakeTseBackend, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "fiscal", "setup", "--tse", "testing", "--api-key", "test_key")
    assert code == 2
    assert err.startswith("cashier fiscal setup: fiscal.tse = 'testing' needs fiskaly's API secret")
    assert "--api-secret-stdin" in err
    assert not resolve_paths().settings_file.exists()
    assert backend.connections == []
    code, _, err = run(capsys, *SET_UP_TESTING)  # stdin is empty
    assert code == 2
    assert "the first line of stdin is empty" in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--tss-id", "tss-1"], "fiscal.tss_id must be a UUID"),
        (["--new-tss", "--tss-id", TSS], "--new-tss makes the ids"),
        (["--client-serial", "E" * 71], "fiscal.client_serial must be printable text of at most 70"),
    ],
)
@pytest.mark.usefixtures("home", "stdin")
def test_options_that_cannot_be_used_are_exit_2(
    backend: FakeTseBackend, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code, _, err = run(capsys, *SET_UP_TESTING, *args)
    assert code == 2
    assert says in err
    assert "Traceback" not in err
    assert backend.connections == []


def test_a_till_outside_germany_has_nothing_to_set_up(
    home: Path, backend: FakeTseBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(resolve_paths().settings_file, Settings(fiscal=FiscalSettings(tse="off")))
    code, _, err = run(capsys, "fiscal", "setup")
    assert code == 2
    assert 'tse = "off": there is no TSE to set up (give --tse)' in err


def test_a_live_till_refused_for_its_simulated_tse_is_mended_by_the_set_up(
    home: Path, backend: FakeTseBackend, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    file = resolve_paths().settings_file
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text('environment = "live"\nclient_id = "app.4711"\nvendor = "mycompany"\n', encoding="utf-8")
    with pytest.raises(FiscalSettingsError, match="must not sign with the simulated TSE"):
        load_settings(file)  # the till refuses to start on it
    code, _, err = run(
        capsys, "fiscal", "setup", "--tse", "live", "--api-key", "live_key", "--api-secret-stdin"
    )
    assert (code, err) == (0, "")
    mended = saved(home)
    assert (mended.environment, mended.fiscal.tse) == ("live", "live")
    assert backend.connections[-1].base_url == "https://kassensichv.fiskaly.com/api/v2"


@pytest.mark.parametrize(
    ("error", "code", "says"),
    [
        (TseOutcomeUnknown("no answer"), 4, "run it again — it goes on where the TSS is"),
        (TseRefused("wrong key", status=401), 3, "the TSE refused the set-up: wrong key"),
    ],
)
@pytest.mark.usefixtures("home", "stdin")
def test_a_failed_set_up_says_whether_to_run_it_again(
    backend: FakeTseBackend, capsys: pytest.CaptureFixture[str], error: TseError, code: int, says: str
) -> None:
    backend.fail = error
    exit_code, out, err = run(capsys, *SET_UP_TESTING)
    assert exit_code == code
    assert says in err
    assert "PUK" not in out
    assert is_tse_uuid(
        load_settings(resolve_paths().settings_file).fiscal.tss_id
    )  # saved before the first call


def test_a_puk_that_came_before_a_failure_is_kept_for_the_next_run(
    home: Path, backend: FakeTseBackend, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    backend.fail, backend.after_puk = TseOutcomeUnknown("no answer"), True
    assert run(capsys, *SET_UP_TESTING)[0] == 4
    secrets = FiscalSecrets.of(saved(home), resolve_paths())
    assert secrets.admin_puk() == PUKS[0]
    backend.fail = None
    code, out, _ = run(capsys, "fiscal", "setup")
    assert code == 0
    assert backend.puks_given[-1] == PUKS[0]
    assert "is set up" in out
    assert PUKS[0] not in out  # it is in the secret store; this run did not create the TSS


def test_not_while_the_till_is_open(
    home: Path, backend: FakeTseBackend, stdin: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = resolve_paths().create()
    with held_by_another_process(paths.data_dir) as till:
        code, _, err = run(capsys, *SET_UP_TESTING)
    assert code == 1
    assert f"already open in another Cashier (process {till.pid})" in err
    assert backend.connections == []


def test_the_simulators_own_tss_is_set_up_from_the_start(
    home: Path, backend: FakeTseBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "fiscal", "setup", "--tse", "simulator")
    assert (code, err) == (0, "")
    assert f"TSS {seed.TSS_ID} (simulator) was set up already." in out
    assert "PUK" not in out
    assert backend.connections == []
    assert saved(home).fiscal == FiscalSettings()  # its own TSS: no ids written
