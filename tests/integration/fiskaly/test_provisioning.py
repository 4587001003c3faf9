"""Setting up a TSS and a client on the simulator: the whole sequence, and resumed after a failure."""

from __future__ import annotations

import logging
import uuid

import pytest

from cashier.services.fiscal.fiskaly_tse import FiskalyTse
from cashier.services.fiscal.port import TseError
from cashier.services.fiscal.provisioning import ProvisioningFailed, new_admin_pin, provision_tss
from cashier.simulator.fiskaly import seed
from tests.helpers.fiskaly import FiskalySim
from tests.helpers.tse_verify import verify_qr

FULL = (
    "create the TSS",
    "uninitialize the TSS",
    "set the admin PIN",
    "log in as admin",
    "initialize the TSS",
    "register the client",
    "log out",
)


def ids() -> tuple[str, str]:
    return str(uuid.uuid4()), str(uuid.uuid4())


async def test_a_new_tss_is_set_up_and_signs(fsim: FiskalySim) -> None:
    tss_id, client_id = ids()
    client = fsim.client()
    done = await provision_tss(
        client,
        tss_id=tss_id,
        client_id=client_id,
        client_serial=f"ERS {client_id}",
        admin_pin=new_admin_pin(),
    )
    assert done.steps == FULL
    assert done.admin_puk is not None
    assert len(done.admin_puk) >= 6
    assert done.admin_puk not in repr(done)
    state = await fsim.inspect(tss_id)
    assert state["tss"]["state"] == "INITIALIZED"
    assert not state["admin_authenticated"]
    assert done.tss_serial == state["tss"]["serial_number"]
    assert state["public_key"] != (await fsim.inspect())["public_key"]  # a key of its own
    tse = FiskalyTse(client, tss_id, client_id, "simulator")
    tx = str(uuid.uuid4())
    await tse.start(tx)
    cancelled = await tse.cancel(tx, 2)
    assert cancelled.signature is not None
    assert verify_qr(cancelled.signature.qr_code_data, state["public_key"])


@pytest.mark.parametrize(
    ("fault", "step"),
    [
        ("PATCH /api/v2/tss/*", "uninitialize the TSS"),
        ("PATCH /api/v2/tss/*/admin", "set the admin PIN"),
        ("POST /api/v2/tss/*/admin/auth", "log in as admin"),
        ("PUT /api/v2/tss/*/client/*", "register the client"),
    ],
)
async def test_a_set_up_that_failed_goes_on_where_it_stopped(fsim: FiskalySim, fault: str, step: str) -> None:
    tss_id, client_id = ids()
    client, pin = fsim.client(), new_admin_pin()
    await fsim.fault(match=fault, mode="http_500")
    with pytest.raises(ProvisioningFailed) as failed:
        await provision_tss(client, tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin=pin)
    assert failed.value.step == step
    assert isinstance(failed.value, TseError)
    puk = failed.value.admin_puk
    assert puk is not None
    assert puk not in str(failed.value)
    assert not (await fsim.inspect(tss_id))["admin_authenticated"]  # logged out also after a failure

    done = await provision_tss(
        client, tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin=pin, admin_puk=puk
    )
    assert "create the TSS" not in done.steps
    assert done.steps[-2:] == ("register the client", "log out")
    assert (await fsim.inspect(tss_id))["tss"]["state"] == "INITIALIZED"


async def test_a_set_up_resumed_without_the_puk_logs_in_with_the_pin_set_earlier(fsim: FiskalySim) -> None:
    tss_id, client_id = ids()
    client, pin = fsim.client(), new_admin_pin()
    await fsim.fault(match="POST /api/v2/tss/*/admin/auth", mode="down")
    with pytest.raises(ProvisioningFailed):
        await provision_tss(client, tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin=pin)
    done = await provision_tss(
        client, tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin=pin
    )
    assert done.admin_puk is None
    assert done.steps == ("log in as admin", "initialize the TSS", "register the client", "log out")


async def test_a_tss_whose_puk_was_lost_cannot_be_finished(fsim: FiskalySim) -> None:
    tss_id, client_id = ids()
    client = fsim.client()
    await fsim.fault(match="PUT /api/v2/tss/*", mode="drop_after_commit")
    with pytest.raises(ProvisioningFailed) as lost:
        await provision_tss(
            client, tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin="123456"
        )
    assert lost.value.step == "create the TSS"
    assert lost.value.admin_puk is None
    with pytest.raises(ProvisioningFailed) as stuck:
        await provision_tss(
            client, tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin="123456"
        )
    assert stuck.value.step == "log in as admin"
    assert "E_ADMIN_PIN_NOT_SET" in str(stuck.value)


async def test_the_seed_tss_only_needs_a_new_client(fsim: FiskalySim) -> None:
    client_id = str(uuid.uuid4())
    done = await provision_tss(
        fsim.client(),
        tss_id=seed.TSS_ID,
        client_id=client_id,
        client_serial="ERS 2",
        admin_pin=seed.ADMIN_PIN,
    )
    assert done.steps == ("log in as admin", "register the client", "log out")
    again = await provision_tss(
        fsim.client(),
        tss_id=seed.TSS_ID,
        client_id=client_id,
        client_serial="ERS 2",
        admin_pin=seed.ADMIN_PIN,
    )
    assert again.steps == ()


async def test_a_client_registered_with_another_serial_is_not_taken_over(fsim: FiskalySim) -> None:
    with pytest.raises(ProvisioningFailed) as failed:
        await provision_tss(
            fsim.client(),
            tss_id=seed.TSS_ID,
            client_id=seed.CLIENT_ID,
            client_serial="ERS x",
            admin_pin="123456",
        )
    assert failed.value.step == "read the client"


async def test_a_wrong_pin_fails_the_log_in(fsim: FiskalySim) -> None:
    with pytest.raises(ProvisioningFailed) as failed:
        await provision_tss(
            fsim.client(),
            tss_id=seed.TSS_ID,
            client_id=str(uuid.uuid4()),
            client_serial="ERS 3",
            admin_pin="000000",
        )
    assert failed.value.step == "log in as admin"
    assert isinstance(failed.value.cause, Exception)
    assert "E_ADMIN_PIN_INVALID" in str(failed.value)


async def test_the_puk_and_pin_never_reach_the_log(
    fsim: FiskalySim, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tss_id, client_id = ids()
    pin = new_admin_pin()
    await fsim.fault(match="PUT /api/v2/tss/*/client/*", mode="http_500")
    with pytest.raises(ProvisioningFailed) as failed:
        await provision_tss(
            fsim.client(), tss_id=tss_id, client_id=client_id, client_serial="ERS 1", admin_pin=pin
        )
    puk = failed.value.admin_puk
    assert puk is not None
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert tss_id in text
    assert pin not in text
    assert puk not in text


async def test_a_new_puk_is_handed_over_before_the_next_step_is_sent(fsim: FiskalySim) -> None:
    """A set-up killed after the TSS was created must not lose its PUK: the callback has it
    before the next request leaves (here that request hangs, as if the process died in it)."""
    tss_id, client_id = ids()
    kept: list[str] = []
    sent_after: list[dict[str, object]] = []

    async def keep(puk: str) -> None:
        kept.append(puk)
        sent_after.append(await fsim.inspect(tss_id))  # what the TSE had when the PUK arrived

    await fsim.fault(match="PATCH /api/v2/tss/*", mode="http_500")
    with pytest.raises(ProvisioningFailed) as failed:
        await provision_tss(
            fsim.client(), tss_id=tss_id, client_id=client_id, client_serial="ERS 1",
            admin_pin=new_admin_pin(), on_admin_puk=keep,
        )  # fmt: skip
    assert kept == [failed.value.admin_puk]
    assert sent_after[0]["tss"]["state"] == "CREATED"  # nothing after the creation had been sent
