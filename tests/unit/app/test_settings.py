from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cashier.app.composition import with_overrides
from cashier.app.paths import AppPaths
from cashier.app.settings import load_or_create_settings, load_settings, save_settings
from cashier.domain.settings import PrinterSettings, ScannerSettings, Settings, SettingsError, ShopSettings


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.toml") == Settings()


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(
        till_id="KASSE-2",
        language="de",
        shop=ShopSettings(
            name='Bäckerei "Zur Ecke"', address=("Hauptstraße 1",), footer=("Danke!", "€ und ß")
        ),
        printer=PrinterSettings(uri="tcp://127.0.0.1:9100", width=32, drawer_pin=5),
        scanner=ScannerSettings(gap_ms=45, serial_port="/dev/ttyUSB0", serial_baud=19200),
        simulator_terminal_delay=0.5,
    ).with_device_uuid()
    save_settings(path, settings)
    assert load_settings(path) == settings
    assert settings.device_uuid.startswith("/vendor/cashier/till/")
    assert not list(tmp_path.glob(".settings-*"))  # no temporary file left behind
    assert stat.S_IMODE(path.stat().st_mode) & 0o002 == 0


def test_awkward_text_is_written_so_that_it_reads_back(tmp_path: Path) -> None:
    # A hand-written TOML writer once put a raw \r into the file, which the till then refused.
    path = tmp_path / "settings.toml"
    written = Settings(
        till_id='K "1" \\ 2',
        catalog="C:\\Kasse\\katalog.json",
        kiosk=True,
        setup_pending=True,
        shop=ShopSettings(
            name='Bäckerei "Zur Ecke"',
            footer=(
                "Danke!\r",
                "Grüße – 5 €\r\nbis bald",
                "tab\there",
                "\\n is not a newline",
                "\x00\x7f\x1b",
            ),
            logo="C:\\Users\\kasse\\logo.png",
        ),
        scanner=ScannerSettings(serial_port="\\\\.\\COM12"),
    )
    save_settings(path, written)
    assert load_settings(path) == written


texts = st.text(max_size=30)
lines = st.lists(texts, max_size=4).map(tuple)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.builds(
        Settings,
        till_id=texts.filter(str.strip),
        client_id=texts,
        catalog=texts,
        shop=st.builds(
            ShopSettings, name=texts, address=lines, vat_id=texts, phone=texts, footer=lines, logo=texts
        ),
        printer=st.builds(PrinterSettings, uri=texts),
        scanner=st.builds(ScannerSettings, serial_port=texts),
    )
)
def test_any_text_in_any_text_setting_round_trips(tmp_path: Path, written: Settings) -> None:
    path = tmp_path / "settings.toml"
    save_settings(path, written)
    assert load_settings(path) == written


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("environment = 'moon'", "environment must be one of"),
        ("environment = 'custom'", "needs a base_url"),
        ("[printer]\nwidth = 40", "printer.width must be 48"),
        ("[printer]\ndrawer_pin = 3", "drawer_pin must be 2 or 5"),
        ("till_id = 7", "till_id must be str"),
        ("[shop]\naddress = 'one line'", "shop.address must be a list of texts"),
        ("shop = 1", "[shop] must be a table"),
        ("till_id = ", "is not valid TOML"),
        ("language = 'fr'", "language must be de, en"),
        ("[printer]\ndrawer_pulse_ms = 600", "printer.drawer_pulse_ms must be between 2 and 510"),
        ("[scanner]\ngap_ms = 0", "scanner.gap_ms must be between 1 and 500"),
        ("[scanner]\ngap_ms = 30.5", "scanner.gap_ms must be int"),
        ("[scanner]\nserial_baud = 1234", "scanner.serial_baud must be one of 1200, 2400"),
        ("[scanner]\nserial_port = 3", "scanner.serial_port must be str"),
        ("scanner = 'COM3'", "[scanner] must be a table"),
    ],
)
def test_broken_settings_name_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_settings(path)
    assert problem in str(error.value)
    assert str(path) in str(error.value)


def test_the_scanner_table_has_defaults_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    assert Settings().scanner == ScannerSettings(gap_ms=30, serial_port="", serial_baud=9600)
    path.write_text("[scanner]\nserial_port = 'COM3'\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.scanner == ScannerSettings(serial_port="COM3")
    save_settings(path, loaded)
    assert "[scanner]" in path.read_text(encoding="utf-8")
    assert load_settings(path) == loaded


def test_unknown_keys_are_ignored_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("colour = 'blue'\ntill_id = 'K9'\n", encoding="utf-8")
    assert load_settings(path).till_id == "K9"
    assert "unknown setting colour" in caplog.text


def test_command_line_overrides_win() -> None:
    changed = with_overrides(Settings(), environment="testing", printer_uri="file:///tmp/x", base_url=None)
    assert changed.environment == "testing"
    assert changed.printer.uri == "file:///tmp/x"
    assert changed.printer.width == 48


def test_a_logo_is_loaded_and_a_broken_one_is_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from PIL import Image

    from cashier.app.composition import load_logo

    logo = tmp_path / "logo.png"
    Image.new("1", (64, 32), 1).save(logo)
    assert load_logo(Settings(shop=ShopSettings(logo=str(logo)))).size == (64, 32)  # type: ignore[union-attr]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    assert load_logo(Settings(shop=ShopSettings(logo=str(broken)))) is None
    assert "cannot be used" in caplog.text
    assert load_logo(Settings()) is None


@pytest.mark.parametrize(
    "uuid",
    [
        "garbage",
        "/vendor/cashier",
        "/vendor/cashier/till",
        "/vendor//till/1",
        "/vendor/a b/till/1",
        "vendor/a/b/c",
    ],
)
def test_a_garbage_device_uuid_is_refused_before_any_request(uuid: str) -> None:
    with pytest.raises(SettingsError, match="is not of the form /vendor/<vendor>/<key>/<value>"):
        Settings(device_uuid=uuid)


def test_device_uuids_of_the_documented_form_are_taken() -> None:
    for uuid in ("/vendor/cashier/till/0001", "/vendor/t/till/1/shop/7"):
        assert Settings(device_uuid=uuid).device_uuid == uuid
    assert Settings().with_device_uuid().device_uuid.startswith("/vendor/cashier/till/")


def test_a_folder_in_place_of_the_settings_file_is_said_in_words(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()
    with pytest.raises(SettingsError, match=r"settings\.toml is a folder, not a file"):
        load_settings(path)


def test_settings_that_cannot_be_written_are_said_in_words(tmp_path: Path) -> None:
    occupied = tmp_path / "occupied"
    occupied.write_text("a file where the settings' folder should be", encoding="utf-8")
    paths = AppPaths(config_dir=occupied, data_dir=tmp_path, log_dir=tmp_path, cache_dir=tmp_path)
    with pytest.raises(SettingsError, match="cannot be written"):
        load_or_create_settings(paths)


# --- the vendor name: the device uuid's /vendor/<vendor>/ segment (issue 14, point 6) -----------------
def test_the_vendor_name_is_the_device_uuids_vendor_segment_and_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings(environment="testing", client_id="app.4711", vendor="mycompany").with_device_uuid()
    assert settings.device_uuid.startswith("/vendor/mycompany/till/")
    save_settings(path, settings)
    assert 'vendor = "mycompany"' in path.read_text(encoding="utf-8")
    assert load_settings(path) == settings
    # the simulator's demo keeps today's uuid when no vendor is given
    assert Settings().with_device_uuid().device_uuid.startswith("/vendor/cashier/till/")
    assert Settings().with_device_uuid().vendor_name == "cashier"


def test_another_vendor_name_keeps_the_tills_own_id() -> None:
    demo = Settings(device_uuid="/vendor/cashier/till/0a1b2c3d4e5f6071")
    moved = demo.with_vendor("my_company-2")
    assert moved.device_uuid == "/vendor/my_company-2/till/0a1b2c3d4e5f6071"
    assert (moved.vendor, moved.vendor_name) == ("my_company-2", "my_company-2")
    assert Settings(device_uuid="/vendor/acme/serial/7").vendor_name == "acme"  # named by the uuid alone


@pytest.mark.parametrize("vendor", ["my company", "my/company", "Bäckerei", "acme.de", "-x y"])
def test_a_vendor_name_of_another_form_is_refused_in_words(vendor: str) -> None:
    words = r"letters \(a-z, A-Z\), digits, _ and - only"
    with pytest.raises(SettingsError, match=words):
        Settings(vendor=vendor)
    with pytest.raises(SettingsError, match=words):
        Settings().with_device_uuid().with_vendor(vendor)


def test_a_vendor_name_that_contradicts_the_device_uuid_is_refused() -> None:
    with pytest.raises(SettingsError, match="names the vendor 'cashier', not 'acme'"):
        Settings(vendor="acme", device_uuid="/vendor/cashier/till/1")


def test_a_settings_file_with_a_bad_vendor_name_names_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('vendor = "my company"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="vendor name 'my company'"):
        load_settings(path)
