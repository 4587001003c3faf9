"""The realism switch as an integrator turns it on: ``cashier simulator serve --vendor-shapes
--vendors …`` in a child process over loopback."""

from __future__ import annotations

import signal
import subprocess

import httpx

from tests.integration.test_simulator_serve import CASHIER, CREDENTIALS, served, stop

UNCONFIGURED = {"error": "invalid_device", "error_description": "device with given uuid not configured"}


def device_token(url: str, uuid: str) -> str:
    registered = httpx.post(f"{url}/oauth/token", json={"grant_type": "device", "uuid": uuid, **CREDENTIALS})
    assert registered.status_code == 200, registered.text
    token = httpx.post(
        f"{url}/oauth/token",
        json={"grant_type": "device", "code": registered.json()["device_code"], **CREDENTIALS},
    )
    assert token.status_code == 200, token.text
    return str(token.json()["access_token"])


def test_serve_with_vendor_shapes_and_vendors() -> None:
    with served("--confirm-after", "0", "--vendor-shapes", "--vendors", "mycompany") as (process, url):
        refused = httpx.post(
            f"{url}/oauth/token",
            json={"grant_type": "device", "uuid": "/vendor/cashier/till/1", **CREDENTIALS},
        )
        assert (refused.status_code, refused.json()) == (401, UNCONFIGURED)
        headers = {"Authorization": f"Bearer {device_token(url, '/vendor/mycompany/till/1')}"}
        with httpx.Client(base_url=f"{url}/api/v2", headers=headers) as api:
            me = api.post(
                "/Loyalty/MerchantCards/me/checkCsc", json={"cardnumber": "9276004400000011", "csc": "1234"}
            )
            assert me.status_code == 404, me.text
            body = {
                "intent": "sale",
                "basket": {"products": [{"id": 1, "desc": "Sandwich", "quantity": 1, "priceOne": 349, "tax": 7,
                                         "articleNumber": "30037"}]},
                "basket_info": {"sum": 349, "currency": "EUR"},
            }  # fmt: skip
            created = api.post("/Smart/Transactions", json=body).json()
            assert created["basket"]["products"][0]["articleNumber"] == 30037
            assert (created["idents"], created["container"]) == (None, [])
        stop(process, signal.SIGTERM)


def test_serve_without_the_switch_knows_any_vendor() -> None:
    with served("--confirm-after", "0") as (process, url):
        device_token(url, "/vendor/anyone/till/1")
        stop(process, signal.SIGTERM)


def test_bad_vendor_names_are_refused_with_exit_2() -> None:
    for names in ("my company", ",", "a/b"):
        refused = subprocess.run(
            [str(CASHIER), "simulator", "serve", "--port", "0", "--vendors", names],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert refused.returncode == 2, refused.stderr
        assert "--vendors" in refused.stderr
