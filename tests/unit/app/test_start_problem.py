"""Why a till could not start, sorted once for the start-up page's words (ui/kit/messages.py)."""

from __future__ import annotations

import pytest

from cashier.api.errors import (
    CertificateRejected,
    ConnectionFailed,
    CredentialsMissing,
    DeviceCodeExpired,
    InvalidBaseUrl,
    InvalidClient,
    InvalidDevice,
    NotAuthorized,
    RequestTimeout,
)
from cashier.app.composition import MissingClientId, MissingVendor
from cashier.app.registration import start_problem
from cashier.ui.registration_ports import RegistrationProblem as Problem


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (
            MissingClientId("the testing environment needs the vendor's client id"),
            Problem.CREDENTIALS_MISSING,
        ),
        (CredentialsMissing("no client secret stored"), Problem.CREDENTIALS_MISSING),
        (
            MissingVendor("the testing environment registers this till under a vendor name"),
            Problem.VENDOR_NAME,
        ),
        (InvalidClient(status=401, error="invalid_client"), Problem.CREDENTIALS_REFUSED),
        (InvalidDevice(status=401, error="invalid_device"), Problem.DEVICE_REFUSED),
        (DeviceCodeExpired(status=400, error="expired_token"), Problem.EXPIRED),
        (InvalidBaseUrl("http://example.com is not https"), Problem.BAD_ADDRESS),
        (CertificateRejected("untrusted", request_sent=False), Problem.CERTIFICATE),
        (ConnectionFailed("refused", request_sent=False), Problem.OFFLINE),
        (RequestTimeout("no answer", request_sent=True), Problem.OFFLINE),
        (
            NotAuthorized(status=403, error="ProductNotAllowedException", code=2003, error_details=""),
            Problem.SERVER,
        ),
    ],
)
def test_what_the_cashier_can_act_on_has_a_problem(error: Exception, problem: Problem) -> None:
    assert start_problem(error) is problem


@pytest.mark.parametrize("error", [RuntimeError("a bug"), ValueError("a bug"), KeyError("a bug")])
def test_anything_else_is_a_bug(error: Exception) -> None:
    assert start_problem(error) is None
