"""The command line's connection options, in-process: ``--base-url`` (issue 14, point 11),
``--vendor`` and ``--device-uuid`` (point 6), and secuconnect's ``invalid_device`` in words.

Nothing here reaches a network: the testing environment's transport is a ``MockTransport``
that records what the till sent.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from cashier.app import cli, composition
from cashier.app.paths import resolve_paths
from cashier.app.sale_cli import settings_for
from cashier.app.settings import load_or_create_settings
from cashier.domain.settings import SettingsError

SALE = ["sale", "--item", "Kaffee;280;19", "--pay", "cash"]
TESTING = ["--env", "testing", "--client-id", "app.4711", "--client-secret", "s3cret"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASHIER_HOME", str(tmp_path))
    monkeypatch.setenv("CASHIER_SECRET_STORE", "file")  # never the OS keyring
    for name in ("CASHIER_VENDOR", "CASHIER_DEVICE_UUID", "CASHIER_CLIENT_ID", "CASHIER_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli, "_logging", lambda args: None)
    return tmp_path


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """secuconnect testing, as it answers a device uuid secupay has not configured."""
    requests: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            401,
            json={"error": "invalid_device", "error_description": "device with given uuid not configured"},
        )

    monkeypatch.setattr(composition, "network_transport", lambda settings: httpx.MockTransport(answer))
    return requests


def parse(*args: str) -> object:
    return cli.build_parser().parse_args(list(args))


# --- --base-url (point 11) ---------------------------------------------------------------------------
def test_a_base_url_alone_means_the_custom_environment(home: Path) -> None:
    settings = settings_for(parse("sale", "--base-url", "http://127.0.0.1:8470", "--item", "X;1;19"))
    assert (settings.environment, settings.base_url) == ("custom", "http://127.0.0.1:8470")
    settings = settings_for(parse("cancel", "S1", "--env", "custom", "--base-url", "http://127.0.0.1:1"))
    assert (settings.environment, settings.base_url) == ("custom", "http://127.0.0.1:1")


@pytest.mark.parametrize("env", ["simulator", "testing", "live"])
def test_a_base_url_with_another_environment_is_refused(
    home: Path, env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SettingsError, match=f"--base-url is for --env custom, not --env {env}"):
        settings_for(parse("sale", "--env", env, "--base-url", "http://127.0.0.1:8470"))
    assert cli.main([*SALE, "--env", env, "--base-url", "http://127.0.0.1:8470"]) == 2
    line = capsys.readouterr().err.strip()
    assert line.startswith(f"cashier sale: --base-url is for --env custom, not --env {env}")
    assert "\n" not in line
    assert not (home / "journal.sqlite").exists()  # nothing was sold, not on the simulator either


def test_the_help_says_what_base_url_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["sale", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "means --env custom (refused with another --env)" in text
    assert "--vendor NAME" in text
    assert "CASHIER_VENDOR" in text


# --- --vendor and --device-uuid (point 6) --------------------------------------------------------------
def test_the_vendor_name_becomes_the_device_uuids_vendor_segment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = load_or_create_settings(resolve_paths()).device_uuid  # made once, kept in settings.toml
    assert made.startswith("/vendor/cashier/till/")
    own_id = made.rsplit("/", 1)[1]
    settings = settings_for(parse(*SALE, "--vendor", "mycompany"))
    assert (settings.vendor, settings.device_uuid) == ("mycompany", f"/vendor/mycompany/till/{own_id}")
    monkeypatch.setenv("CASHIER_VENDOR", "other_vendor")
    assert settings_for(parse(*SALE)).device_uuid == f"/vendor/other_vendor/till/{own_id}"
    monkeypatch.delenv("CASHIER_VENDOR")
    given = settings_for(parse(*SALE, "--device-uuid", "/vendor/acme/serial/1234"))
    assert (given.vendor, given.device_uuid) == ("acme", "/vendor/acme/serial/1234")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--vendor", "my company"], "letters (a-z, A-Z), digits, _ and - only"),
        (["--vendor", "a/b"], "letters (a-z, A-Z), digits, _ and - only"),
        (
            ["--vendor", "acme", "--device-uuid", "/vendor/other/till/1"],
            "names the vendor 'other', not 'acme'",
        ),
        (["--device-uuid", "till-1"], "is not of the form /vendor/<vendor>/<key>/<value>"),
    ],
)
def test_a_vendor_name_that_cannot_be_used_is_exit_2_before_any_request(
    home: Path, sent: list[httpx.Request], capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert cli.main([*SALE, *TESTING, *args]) == 2
    assert words in capsys.readouterr().err
    assert sent == []


def test_testing_without_a_vendor_name_says_so_before_any_request(
    home: Path, sent: list[httpx.Request], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*SALE, *TESTING]) == 2
    error = capsys.readouterr().err
    assert "registers this till under the vendor name secupay gave with the client id" in error
    assert "--vendor or CASHIER_VENDOR" in error
    assert sent == []


def test_invalid_device_is_said_in_words_with_what_to_check(
    home: Path, sent: list[httpx.Request], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*SALE, *TESTING, "--vendor", "mycompany", "--json"]) == 2
    [registration] = sent
    uuid = json.loads(registration.content)["uuid"]
    assert uuid.startswith("/vendor/mycompany/till/")
    out, err = capsys.readouterr()
    line = err.strip()
    assert "\n" not in line
    assert line.startswith(f"cashier: secuconnect does not know the device {uuid} (invalid_device)")
    assert "the vendor name 'mycompany' or the device is not configured at secupay for this client id" in line
    assert "Check the vendor name secupay gave with the client id (--vendor, CASHIER_VENDOR" in line
    assert json.loads(out)["exit_code"] == 2
